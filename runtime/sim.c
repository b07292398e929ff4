/* SPDX-License-Identifier: MIT */
/*
 * sim.c - the cluster core in virtual time (see sim.h).
 *
 * The virtual network: every message and every ARP packet takes 1 ms.
 * An ARP probe for the cluster IP is answered by whoever holds it (the
 * kernel does that for a real member); taking the address sends a
 * gratuitous ARP to everyone.  Messages to the cluster IP go to the
 * member that announced it last.  In IOS mode the virtual IP moves as
 * keepalived's VRRP would with `nopreempt` and `advert_int 1`: a backup
 * claims it when it has heard no master for 3 x 1 s plus its skew
 * ((256 - priority) / 256 s), highest priority first, ties to the higher
 * IP (RFC 5798); a primary that leaves hands over after the skew alone.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/util.h"
#include "runtime/cluster.h"
#include "runtime/jconf.h"
#include "runtime/sim.h"

#define LATENCY 1			/* ms, every message and ARP packet */
#define VRRP_ADVERT 1000		/* ms, keepalived's advert_int 1 */

enum ev_type { EV_START, EV_FAIL, EV_RECOVER, EV_CONNECT, EV_DISCONNECT,
	       EV_INACTIVE, EV_LEAVE, EV_SYSLOAD };
static const char *const ev_names[] = {
	"start", "fail", "recover", "connect", "disconnect", "inactive",
	"leave", "system-load", NULL
};
static const char *const class_names[] = { "anyconnect", "other", NULL };

struct sev {
	cl_ms t;
	int type;
	int node;		/* -1: none (connect to the cluster IP) */
	int cls;
	long long count;
	size_t index;		/* in the scenario, for errors */
};

struct sim;

struct snode {
	struct sim *sim;
	int idx;
	const char *name;
	struct cl_node cl;
	bool running;
	bool owns;		/* holds the cluster IP */
	cl_ms owned_at;
	unsigned int gen, vrrp_gen;
	cl_ms sched;
	bool has_start;
};

enum item_kind { K_START, K_EVENT, K_TIMER, K_MSG, K_ARP, K_VRRP };

struct item {
	cl_ms t;
	unsigned long long seq;
	enum item_kind kind;
	int node;
	unsigned int gen;
	size_t ev;
	uint8_t mac[6];
	struct cl_msg msg;
};

struct sim {
	struct cl_conf conf;
	struct snode *nodes;
	size_t nn;
	size_t *by_ip;		/* node indexes sorted by IP */
	struct sev *ev;
	size_t nev;
	struct item *heap;
	size_t nh, caph;
	unsigned long long seq;
	cl_ms now, until;
	int vip_owner;
	int master;		/* the last "master" line */
	FILE *out;
	const char *file;
	char err[512];
	bool failed;
};

/* --- the queue ------------------------------------------------------------- */

static bool item_before(const struct item *a, const struct item *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void push(struct sim *s, const struct item *it)
{
	size_t i;

	if (s->nh == s->caph) {
		s->caph = s->caph ? 2 * s->caph : 256;
		s->heap = xrealloc_array(s->heap, s->caph, sizeof(*s->heap));
	}
	i = s->nh++;
	s->heap[i] = *it;
	s->heap[i].seq = s->seq++;
	while (i) {
		size_t p = (i - 1) / 2;
		struct item tmp;

		if (!item_before(&s->heap[i], &s->heap[p]))
			break;
		tmp = s->heap[i];
		s->heap[i] = s->heap[p];
		s->heap[p] = tmp;
		i = p;
	}
}

static void pop(struct sim *s, struct item *out)
{
	size_t i = 0;

	*out = s->heap[0];
	s->heap[0] = s->heap[--s->nh];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct item tmp;

		if (l < s->nh && item_before(&s->heap[l], &s->heap[m]))
			m = l;
		if (r < s->nh && item_before(&s->heap[r], &s->heap[m]))
			m = r;
		if (m == i)
			break;
		tmp = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = tmp;
		i = m;
	}
}

static void push_kind(struct sim *s, cl_ms t, enum item_kind k, int node)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.t = t;
	it.kind = k;
	it.node = node;
	push(s, &it);
}

/* (re)arm the node's timer when its deadline moved */
static void arm(struct snode *n)
{
	cl_ms d = n->cl.next;
	struct item it;

	if (n->cl.next_update >= 0 && (d < 0 || n->cl.next_update < d))
		d = n->cl.next_update;
	if (d == n->sched)
		return;
	n->sched = d;
	n->gen++;
	if (d < 0)
		return;
	memset(&it, 0, sizeof(it));
	it.t = d < n->sim->now ? n->sim->now : d;
	it.kind = K_TIMER;
	it.node = n->idx;
	it.gen = n->gen;
	push(n->sim, &it);
}

/* --- output ---------------------------------------------------------------- */

static void put_t(struct sim *s)
{
	cl_ms t = s->now;

	if (t % 1000 == 0)
		fprintf(s->out, "{\"t\":%lld", (long long)(t / 1000));
	else if (t % 100 == 0)
		fprintf(s->out, "{\"t\":%lld.%01lld", (long long)(t / 1000),
			(long long)(t % 1000 / 100));
	else if (t % 10 == 0)
		fprintf(s->out, "{\"t\":%lld.%02lld", (long long)(t / 1000),
			(long long)(t % 1000 / 10));
	else
		fprintf(s->out, "{\"t\":%lld.%03lld", (long long)(t / 1000),
			(long long)(t % 1000));
}

/* a node name as a JSON string (names are checked to need no escapes) */
static void put_name(struct sim *s, int node)
{
	if (node < 0)
		fputs("null", s->out);
	else
		fprintf(s->out, "\"%s\"", s->nodes[node].name);
}

static void put_percent(FILE *out, unsigned int load2)
{
	if (load2 % 2)
		fprintf(out, "%u.5", load2 / 2);
	else
		fprintf(out, "%u", load2 / 2);
}

static int node_by_ip(const struct sim *s, uint32_t ip)
{
	size_t lo = 0, hi = s->nn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->nodes[s->by_ip[mid]].cl.ip < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nn && s->nodes[s->by_ip[lo]].cl.ip == ip ?
	       (int)s->by_ip[lo] : -1;
}

static void refuse(struct sim *s, int node, int cls, const char *why)
{
	put_t(s);
	fputs(",\"event\":\"refuse\",\"node\":", s->out);
	put_name(s, node);
	fprintf(s->out, ",\"class\":\"%s\",\"reason\":\"%s\"}\n",
		class_names[cls], why);
}

/* the cluster's master: the holder of the cluster IP, if it is master */
static void follow_master(struct sim *s)
{
	int m = s->vip_owner;

	if (m >= 0 && s->nodes[m].cl.role != CL_MASTER)
		m = -1;
	if (m == s->master)
		return;
	s->master = m;
	put_t(s);
	fputs(",\"event\":\"master\",\"node\":", s->out);
	put_name(s, m);
	fputs("}\n", s->out);
}

/* --- the core's operations ------------------------------------------------- */

static void deliver(struct sim *s, int to, const struct cl_msg *m)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.t = s->now + LATENCY;
	it.kind = K_MSG;
	it.node = to;
	it.msg = *m;
	push(s, &it);
}

static void arp_to(struct sim *s, int to, const uint8_t mac[6])
{
	struct item it;

	memset(&it, 0, sizeof(it));
	it.t = s->now + LATENCY;
	it.kind = K_ARP;
	it.node = to;
	memcpy(it.mac, mac, 6);
	push(s, &it);
}

static void op_send(void *user, const struct cl_msg *m, bool to_master,
		    uint32_t to_ip)
{
	struct snode *n = user;
	struct sim *s = n->sim;
	size_t i;
	int to;

	if (to_master) {
		if (s->vip_owner >= 0 && s->vip_owner != n->idx)
			deliver(s, s->vip_owner, m);
		return;
	}
	if (to_ip) {
		to = node_by_ip(s, to_ip);
		if (to >= 0 && s->nodes[to].running)
			deliver(s, to, m);
		return;
	}
	for (i = 0; i < s->nn; i++)
		if ((int)i != n->idx && s->nodes[i].running)
			deliver(s, (int)i, m);
}

static void op_arp_probe(void *user)
{
	struct snode *n = user;
	struct sim *s = n->sim;
	size_t i;

	for (i = 0; i < s->nn; i++)
		if ((int)i != n->idx && s->nodes[i].running &&
		    s->nodes[i].owns)
			arp_to(s, n->idx, s->nodes[i].cl.mac);
}

static void op_own(void *user, bool own)
{
	struct snode *n = user;
	struct sim *s = n->sim;
	size_t i;

	if (own) {
		n->owns = true;
		n->owned_at = s->now;
		s->vip_owner = n->idx;
		/* the gratuitous ARP */
		if (s->conf.mode == CL_MODE_ASA)
			for (i = 0; i < s->nn; i++)
				if ((int)i != n->idx && s->nodes[i].running)
					arp_to(s, (int)i, n->cl.mac);
		return;
	}
	n->owns = false;
	if (s->vip_owner != n->idx)
		return;
	s->vip_owner = -1;
	for (i = 0; i < s->nn; i++)
		if (s->nodes[i].owns && (s->vip_owner < 0 ||
		    s->nodes[i].owned_at > s->nodes[s->vip_owner].owned_at))
			s->vip_owner = (int)i;
}

static const struct cl_ops sim_ops = {
	.send = op_send,
	.arp_probe = op_arp_probe,
	.own = op_own,
	.role = NULL,
};

/* --- IOS: VRRP as keepalived runs it --------------------------------------- */

static void vrrp_arm(struct sim *s, cl_ms delay_advert3)
{
	size_t k;

	/* descending IP, so that equal deadlines go to the higher IP */
	for (k = s->nn; k-- > 0;) {
		struct snode *n = &s->nodes[s->by_ip[k]];
		struct item it;

		if (!n->running || n->owns)
			continue;
		memset(&it, 0, sizeof(it));
		it.t = s->now + delay_advert3 +
		       (256 - (cl_ms)n->cl.priority) * VRRP_ADVERT / 256;
		it.kind = K_VRRP;
		it.node = n->idx;
		it.gen = ++n->vrrp_gen;
		push(s, &it);
	}
}

/* --- events ---------------------------------------------------------------- */

static void run_fail(struct sim *s, const struct sev *e, const char *what)
{
	if (s->failed)
		return;
	s->failed = true;
	snprintf(s->err, sizeof(s->err), "%s: events[%zu]: %s", s->file,
		 e->index, what);
}

static void node_start(struct sim *s, struct snode *n)
{
	n->running = true;
	cl_start(&n->cl, s->now);
	if (s->conf.mode == CL_MODE_IOS) {
		struct item it;

		memset(&it, 0, sizeof(it));
		it.t = s->now + 3 * VRRP_ADVERT +
		       (256 - (cl_ms)n->cl.priority) * VRRP_ADVERT / 256;
		it.kind = K_VRRP;
		it.node = n->idx;
		it.gen = ++n->vrrp_gen;
		push(s, &it);
	}
	arm(n);
}

static void node_down(struct sim *s, struct snode *n, bool announce)
{
	bool owned = n->owns;

	/* a master gives up the cluster IP (op_own) as it stops */
	cl_stop(&n->cl, s->now, announce);
	n->running = false;
	arm(n);
	if (owned && s->conf.mode == CL_MODE_IOS)
		vrrp_arm(s, announce ? 0 : 3 * VRRP_ADVERT);
}

static void sim_connect(struct sim *s, const struct sev *e)
{
	struct snode *m, *t;
	enum cl_admit a;
	int target, ti;
	size_t i;

	if (e->node >= 0) {
		/* straight to a member (LAN-to-LAN, or its own address) */
		t = &s->nodes[e->node];
		if (!t->running) {
			refuse(s, e->node, e->cls, "down");
			return;
		}
		goto admit_at;
	}
	if (s->master < 0) {
		refuse(s, -1, e->cls, "no master");
		return;
	}
	m = &s->nodes[s->master];
	target = cl_choose(&m->cl, s->now, (enum lb_class)e->cls);
	if (target < 0) {
		refuse(s, s->master, e->cls, "cluster full");
		return;
	}
	ti = node_by_ip(s, m->cl.mv[target].ip);
	put_t(s);
	fprintf(s->out, ",\"event\":\"redirect\",\"class\":\"%s\",\"master\":",
		class_names[e->cls]);
	put_name(s, s->master);
	fputs(",\"target\":", s->out);
	put_name(s, ti);
	fputs(",\"loads\":{", s->out);
	for (i = 0; i < m->cl.nm; i++) {
		int ni = node_by_ip(s, m->cl.mv[i].ip);

		fprintf(s->out, "%s\"%s\":", i ? "," : "",
			ni >= 0 ? s->nodes[ni].name : "?");
		put_percent(s->out, cl_load2(&m->cl, i));
	}
	fputs("}}\n", s->out);
	cl_placed(&m->cl, (size_t)target, (enum lb_class)e->cls);
	if (ti < 0 || !s->nodes[ti].running) {
		refuse(s, ti, e->cls, "down");
		return;
	}
	t = &s->nodes[ti];
admit_at:
	a = cl_admit(&t->cl, (enum lb_class)e->cls);
	if (a == CL_LOGOFF) {
		put_t(s);
		fprintf(s->out, ",\"event\":\"logoff\",\"node\":\"%s\","
			"\"class\":\"%s\"}\n", t->name, class_names[e->cls]);
	} else if (a == CL_REFUSE) {
		refuse(s, t->idx, e->cls, "limit");
	}
}

static void run_event(struct sim *s, const struct sev *e)
{
	struct snode *n = e->node >= 0 ? &s->nodes[e->node] : NULL;
	long long k;

	switch (e->type) {
	case EV_START:
	case EV_RECOVER:
		if (n->running) {
			run_fail(s, e, "the node is already running");
			return;
		}
		if (e->type == EV_RECOVER) {
			/* a rebooted member has no sessions */
			memset(n->cl.self.active, 0,
			       sizeof(n->cl.self.active));
			n->cl.self.inactive = 0;
		}
		node_start(s, n);
		break;
	case EV_FAIL:
	case EV_LEAVE:
		if (!n->running) {
			run_fail(s, e, "the node is not running");
			return;
		}
		node_down(s, n, e->type == EV_LEAVE);
		if (e->type == EV_FAIL) {
			memset(n->cl.self.active, 0,
			       sizeof(n->cl.self.active));
			n->cl.self.inactive = 0;
		}
		break;
	case EV_CONNECT:
		for (k = 0; k < e->count; k++)
			sim_connect(s, e);
		break;
	case EV_DISCONNECT:
		cl_end(&n->cl, (enum lb_class)e->cls, (unsigned int)e->count);
		break;
	case EV_INACTIVE:
		cl_inactive(&n->cl, (int)e->count);
		break;
	case EV_SYSLOAD:
		n->cl.system_load = (uint32_t)e->count;
		break;
	}
}

static void step(struct sim *s, const struct item *it)
{
	struct snode *n = it->node >= 0 && (size_t)it->node < s->nn ?
			  &s->nodes[it->node] : NULL;

	switch (it->kind) {
	case K_START:
		if (!n->running)
			node_start(s, n);
		break;
	case K_EVENT:
		run_event(s, &s->ev[it->ev]);
		break;
	case K_TIMER:
		if (it->gen != n->gen)
			return;
		n->sched = -1;
		cl_tick(&n->cl, s->now);
		break;
	case K_MSG:
		if (!n->running)
			return;
		cl_recv(&n->cl, s->now, &it->msg);
		break;
	case K_ARP:
		if (!n->running)
			return;
		cl_arp(&n->cl, s->now, it->mac);
		break;
	case K_VRRP:
		/* someone holds the VIP: its adverts keep this one backup */
		if (it->gen != n->vrrp_gen || !n->running || s->vip_owner >= 0)
			return;
		cl_set_owner(&n->cl, s->now, true);
		break;
	}
	if (n)
		arm(n);
}

/* --- the scenario ------------------------------------------------------------ */

static bool name_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("-_.:", *s)))
			return false;
	return true;
}

static const char *const top_keys[] = {
	"mode", "rounding", "weights", "overload_limit", "until", "nodes",
	"events", NULL
};
static const char *const node_keys[] = {
	"name", "ip", "mac", "priority", "limits", "sessions", "system_load",
	"max_session", NULL
};
static const char *const limit_keys[] = { "anyconnect", "other", NULL };
static const char *const session_keys[] = {
	"anyconnect", "other", "inactive", NULL
};
static const char *const weight_keys[] = {
	"crypto-load", "system-load", NULL
};
static const char *const event_keys[] = {
	"t", "type", "node", "class", "count", "percent", NULL
};

static const struct sim *cmp_sim;	/* qsort() takes no argument */

static int by_ip_cmp(const void *a, const void *b)
{
	uint32_t x = cmp_sim->nodes[*(const size_t *)a].cl.ip;
	uint32_t y = cmp_sim->nodes[*(const size_t *)b].cl.ip;

	return x < y ? -1 : x > y;
}

static int ev_cmp(const void *a, const void *b)
{
	const struct sev *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int find_node(const struct sim *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nn; i++)
		if (!strcmp(s->nodes[i].name, name))
			return (int)i;
	return -1;
}

static void read_nodes(struct sim *s, struct jconf *jc, json_t *arr)
{
	size_t i, j;
	char p[64], q[96];

	if (!json_is_array(arr) || !json_array_size(arr)) {
		jc_fail(jc, "nodes", "expected a non-empty array of nodes");
		return;
	}
	s->nn = json_array_size(arr);
	s->nodes = xcalloc(s->nn, sizeof(*s->nodes));
	s->by_ip = xcalloc(s->nn, sizeof(*s->by_ip));
	for (i = 0; i < s->nn && !jc->failed; i++) {
		json_t *o = json_array_get(arr, i);
		struct snode *n = &s->nodes[i];
		long long prio = s->conf.mode == CL_MODE_ASA ? 5 : 100;
		long long lim[LB_NCLASS] = { 0, 0 }, ses[3] = { 0, 0, 0 };
		long long v;
		unsigned int limit[LB_NCLASS];
		uint32_t ip = 0;
		uint8_t mac[6];
		json_t *l;
		int c;

		jc_path_idx(p, sizeof(p), "nodes", i);
		if (!jc_keys(jc, o, p, node_keys))
			return;
		jc_str(jc, o, p, "name", true, &n->name);
		if (!jc->failed && !name_ok(n->name))
			jc_fail(jc, jc_path_key(q, sizeof(q), p, "name"),
				"use letters, digits and - _ . : only");
		jc_ipv4(jc, o, p, "ip", true, &ip);
		/* without a MAC: 02:00 and the IP, locally administered */
		mac[0] = 2;
		mac[1] = 0;
		mac[2] = (uint8_t)(ip >> 24);
		mac[3] = (uint8_t)(ip >> 16);
		mac[4] = (uint8_t)(ip >> 8);
		mac[5] = (uint8_t)ip;
		jc_mac(jc, o, p, "mac", false, mac);
		if (s->conf.mode == CL_MODE_ASA)
			jc_int(jc, o, p, "priority", 1, 10, false, &prio);
		else
			jc_int(jc, o, p, "priority", 1, 255, false, &prio);
		l = jc_get(o, "limits");
		jc_path_key(q, sizeof(q), p, "limits");
		if (!l)
			jc_fail(jc, q, "missing (the vpn-sessiondb limits)");
		else if (jc_keys(jc, l, q, limit_keys))
			for (c = 0; c < LB_NCLASS; c++)
				jc_int(jc, l, q, limit_keys[c], 0, 10000000,
				       false, &lim[c]);
		l = jc_get(o, "sessions");
		jc_path_key(q, sizeof(q), p, "sessions");
		if (l && jc_keys(jc, l, q, session_keys))
			for (c = 0; c < 3; c++)
				jc_int(jc, l, q, session_keys[c], 0, 10000000,
				       false, &ses[c]);
		for (c = 0; c < LB_NCLASS && !jc->failed; c++)
			if (ses[c] > lim[c])
				jc_fail(jc, q, "%lld %s sessions exceed the "
					"limit of %lld", ses[c],
					session_keys[c], lim[c]);
		if (!jc->failed && ses[2] > ses[0])
			jc_fail(jc, q, "%lld inactive sessions but only %lld "
				"anyconnect ones", ses[2], ses[0]);
		if (jc->failed)
			return;
		for (c = 0; c < LB_NCLASS; c++)
			limit[c] = (unsigned int)lim[c];
		n->sim = s;
		n->idx = (int)i;
		n->sched = -1;
		cl_init(&n->cl, &s->conf, ip, mac, (unsigned int)prio, limit,
			&sim_ops, n);
		for (c = 0; c < LB_NCLASS; c++)
			n->cl.self.active[c] = (unsigned int)ses[c];
		n->cl.self.inactive = (unsigned int)ses[2];
		v = 0;
		if (jc_int(jc, o, p, "system_load", 0, 100, false, &v))
			n->cl.system_load = (uint32_t)v;
		v = 0;
		if (jc_int(jc, o, p, "max_session", 1, 10000000, false, &v))
			n->cl.max_session = (uint32_t)v;
		for (j = 0; j < i && !jc->failed; j++) {
			if (!strcmp(s->nodes[j].name, n->name))
				jc_fail(jc, jc_path_key(q, sizeof(q), p,
					"name"), "\"%s\" is nodes[%zu]'s name "
					"too", n->name, j);
			else if (s->nodes[j].cl.ip == ip)
				jc_fail(jc, jc_path_key(q, sizeof(q), p, "ip"),
					"nodes[%zu] has this address too", j);
			else if (!memcmp(s->nodes[j].cl.mac, mac, 6))
				jc_fail(jc, jc_path_key(q, sizeof(q), p,
					"mac"), "nodes[%zu] has this MAC too",
					j);
		}
		s->by_ip[i] = i;
	}
	cmp_sim = s;
	if (!jc->failed)
		qsort(s->by_ip, s->nn, sizeof(*s->by_ip), by_ip_cmp);
}

static void read_events(struct sim *s, struct jconf *jc, json_t *arr)
{
	size_t i;
	char p[64], q[96];

	if (!json_is_array(arr)) {
		jc_fail(jc, "events", "expected an array of events");
		return;
	}
	s->nev = json_array_size(arr);
	s->ev = xcalloc(s->nev ? s->nev : 1, sizeof(*s->ev));
	for (i = 0; i < s->nev && !jc->failed; i++) {
		json_t *o = json_array_get(arr, i);
		struct sev *e = &s->ev[i];
		const char *name = NULL;
		int cls = -1;

		jc_path_idx(p, sizeof(p), "events", i);
		if (!jc_keys(jc, o, p, event_keys))
			return;
		e->index = i;
		e->node = -1;
		e->count = 1;
		jc_seconds(jc, o, p, "t", true, &e->t);
		jc_enum(jc, o, p, "type", ev_names, true, &e->type);
		if (jc_str(jc, o, p, "node", false, &name)) {
			e->node = find_node(s, name);
			if (e->node < 0)
				jc_fail(jc, jc_path_key(q, sizeof(q), p,
					"node"), "no node is named \"%s\"",
					name);
		}
		jc_enum(jc, o, p, "class", class_names, false, &cls);
		if (jc->failed)
			return;
		if (e->type == EV_SYSLOAD) {
			if (jc_get(o, "count"))
				jc_fail(jc, jc_path_key(q, sizeof(q), p,
					"count"), "system-load takes "
					"\"percent\"");
			jc_int(jc, o, p, "percent", 0, 100, true, &e->count);
		} else {
			if (jc_get(o, "percent"))
				jc_fail(jc, jc_path_key(q, sizeof(q), p,
					"percent"), "only system-load takes "
					"a percent");
			jc_int(jc, o, p, "count", 1, 10000000, false,
			       &e->count);
		}
		if (e->node < 0 && e->type != EV_CONNECT)
			jc_fail(jc, jc_path_key(q, sizeof(q), p, "node"),
				"missing (%s needs a node)",
				ev_names[e->type]);
		if ((e->type == EV_CONNECT || e->type == EV_DISCONNECT) &&
		    cls < 0)
			jc_fail(jc, jc_path_key(q, sizeof(q), p, "class"),
				"missing (%s needs \"anyconnect\" or "
				"\"other\")", ev_names[e->type]);
		if (e->type == EV_INACTIVE && cls == LB_OTHER)
			jc_fail(jc, jc_path_key(q, sizeof(q), p, "class"),
				"only anyconnect sessions go inactive");
		if (e->type != EV_CONNECT && e->type != EV_DISCONNECT &&
		    e->type != EV_INACTIVE && cls >= 0)
			jc_fail(jc, jc_path_key(q, sizeof(q), p, "class"),
				"%s takes no class", ev_names[e->type]);
		e->cls = cls < 0 ? LB_ANYCONNECT : cls;
		if (e->type == EV_START && e->node >= 0)
			s->nodes[e->node].has_start = true;
	}
}

static void read_scenario(struct sim *s, struct jconf *jc, json_t *root)
{
	static const char *const modes[] = { "asa", "ios", NULL };
	static const char *const roundings[] = {
		"half-up", "half-percent", NULL
	};
	int mode = 0, rounding = 0;
	long long w[2] = { 100, 100 }, over = 0;
	json_t *wo;
	int k;

	if (!jc_keys(jc, root, "", top_keys))
		return;
	jc_enum(jc, root, "", "mode", modes, false, &mode);
	jc_enum(jc, root, "", "rounding", roundings, false, &rounding);
	wo = jc_get(root, "weights");
	if (wo && jc_keys(jc, wo, "weights", weight_keys))
		for (k = 0; k < 2; k++)
			jc_int(jc, wo, "weights", weight_keys[k], 0, 100,
			       false, &w[k]);
	jc_int(jc, root, "", "overload_limit", 0, 100, false, &over);
	if (jc->failed)
		return;
	s->conf.mode = mode ? CL_MODE_IOS : CL_MODE_ASA;
	s->conf.rounding = rounding ? LB_ROUND_HALF_PERCENT :
				      LB_ROUND_HALF_UP;
	cl_timers_default(&s->conf.timers);
	s->conf.w_crypto = (unsigned int)w[0];
	s->conf.w_system = (unsigned int)w[1];
	s->conf.overload = (unsigned int)over;
	read_nodes(s, jc, jc_get(root, "nodes"));
	if (jc->failed)
		return;
	if (!jc_get(root, "events"))
		jc_fail(jc, "events", "missing");
	else
		read_events(s, jc, jc_get(root, "events"));
	s->until = -1;
	jc_seconds(jc, root, "", "until", false, &s->until);
}

int sim_run(const char *file, FILE *out, FILE *err)
{
	struct jconf jc = { .file = file };
	struct sim s;
	struct item it;
	json_t *root;
	size_t i;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.file = file;
	s.out = out;
	s.vip_owner = -1;
	s.master = -1;
	root = jc_load(&jc, file);
	if (root)
		read_scenario(&s, &jc, root);
	if (jc.failed) {
		fprintf(err, "asacd: %s\n", jc.err);
		rc = 1;
		goto out;
	}
	qsort(s.ev, s.nev, sizeof(*s.ev), ev_cmp);
	if (s.until < 0)	/* a minute after the last event */
		s.until = (s.nev ? s.ev[s.nev - 1].t : 0) + 60000;
	for (i = 0; i < s.nn; i++)
		if (!s.nodes[i].has_start)
			push_kind(&s, 0, K_START, (int)i);
	for (i = 0; i < s.nev; i++) {
		memset(&it, 0, sizeof(it));
		it.t = s.ev[i].t;
		it.kind = K_EVENT;
		it.node = -1;
		it.ev = i;
		push(&s, &it);
	}
	while (s.nh && !s.failed) {
		if (s.heap[0].t > s.until)
			break;
		pop(&s, &it);
		s.now = it.t;
		step(&s, &it);
		follow_master(&s);
	}
	if (s.failed) {
		fprintf(err, "asacd: %s\n", s.err);
		rc = 1;
	}
out:
	for (i = 0; i < s.nn; i++)
		cl_free(&s.nodes[i].cl);
	free(s.nodes);
	free(s.by_ip);
	free(s.ev);
	free(s.heap);
	json_decref(root);
	return rc;
}

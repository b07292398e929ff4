/* SPDX-License-Identifier: MIT */
/*
 * cluster.c - one cluster member as a state machine (see cluster.h).
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/util.h"
#include "runtime/cluster.h"

const char *cl_role_name(enum cl_role r)
{
	switch (r) {
	case CL_DOWN:		return "down";
	case CL_PROBING:	return "probing";
	case CL_JOINING:	return "joining";
	case CL_BACKUP:		return "backup";
	case CL_MASTER:		return "master";
	}
	return "?";
}

void cl_timers_default(struct cl_timers *t)
{
	t->arp_interval = 1000;
	t->join_wait = 15000;		/* seed 001: "waits 15 seconds" */
	t->hello = 5000;		/* "every five seconds (not configurable)" */
	t->hello_miss = 4;		/* "after four Hello messages" */
	t->ios_hello = 1000;
	t->ios_update = 2000;
	t->ios_holdtime = 3000;
}

void cl_timers_scale(struct cl_timers *t, unsigned int divisor)
{
	if (divisor <= 1)
		return;
	t->arp_interval /= divisor;
	t->join_wait /= divisor;
	t->hello /= divisor;
	t->ios_hello /= divisor;
	t->ios_update /= divisor;
	t->ios_holdtime /= divisor;
}

static void set_role(struct cl_node *n, enum cl_role to)
{
	enum cl_role from = n->role;

	if (from == to)
		return;
	n->role = to;
	if (n->ops->role)
		n->ops->role(n->user, from, to);
}

void cl_init(struct cl_node *n, const struct cl_conf *conf, uint32_t ip,
	     const uint8_t mac[6], unsigned int priority,
	     const unsigned int limit[LB_NCLASS], const struct cl_ops *ops,
	     void *user)
{
	int c;

	memset(n, 0, sizeof(*n));
	n->conf = conf;
	n->ip = ip;
	memcpy(n->mac, mac, 6);
	n->priority = (uint8_t)priority;
	n->self.ip = ip;
	n->self.up = true;
	for (c = 0; c < LB_NCLASS; c++)
		n->self.limit[c] = limit[c];
	n->ops = ops;
	n->user = user;
	n->role = CL_DOWN;
	n->next = -1;
	n->next_update = -1;
}

void cl_free(struct cl_node *n)
{
	free(n->mv);
	free(n->mlb);
	free(n->gw);
	n->mv = NULL;
	n->mlb = NULL;
	n->gw = NULL;
	n->nm = n->cap = 0;
}

void cl_report_of(const struct cl_node *n, struct cl_report *r)
{
	int c;

	memset(r, 0, sizeof(*r));
	for (c = 0; c < LB_NCLASS; c++) {
		r->active[c] = n->self.active[c];
		r->limit[c] = n->self.limit[c];
	}
	r->inactive = n->self.inactive;
	r->system_load = n->system_load;
	r->max_session = n->max_session;
}

/* --- the master's table --------------------------------------------------- */

static size_t member_find(const struct cl_node *n, uint32_t ip, bool *found)
{
	size_t lo = 0, hi = n->nm;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (n->mv[mid].ip < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < n->nm && n->mv[lo].ip == ip;
	return lo;
}

static void member_update(struct cl_node *n, size_t i, const uint8_t mac[6],
			  unsigned int priority, const struct cl_report *r,
			  cl_ms now)
{
	struct cl_member *m = &n->mv[i];
	struct lb_member *l = &n->mlb[i];
	int c;

	memcpy(m->mac, mac, 6);
	m->priority = (uint8_t)priority;
	m->system_load = r->system_load;
	m->max_session = r->max_session;
	m->heard = now;
	for (c = 0; c < LB_NCLASS; c++) {
		l->active[c] = r->active[c];
		l->limit[c] = r->limit[c];
	}
	l->inactive = r->inactive;
	l->up = true;
}

/* add or refresh the member @ip in the sorted table */
static size_t member_put(struct cl_node *n, uint32_t ip, const uint8_t mac[6],
			 unsigned int priority, const struct cl_report *r,
			 cl_ms now)
{
	bool found;
	size_t i = member_find(n, ip, &found);

	if (!found) {
		if (n->nm == n->cap) {
			n->cap = n->cap ? 2 * n->cap : 16;
			n->mv = xrealloc_array(n->mv, n->cap, sizeof(*n->mv));
			n->mlb = xrealloc_array(n->mlb, n->cap,
						sizeof(*n->mlb));
			n->gw = xrealloc_array(n->gw, n->cap, sizeof(*n->gw));
		}
		memmove(&n->mv[i + 1], &n->mv[i],
			(n->nm - i) * sizeof(*n->mv));
		memmove(&n->mlb[i + 1], &n->mlb[i],
			(n->nm - i) * sizeof(*n->mlb));
		memset(&n->mv[i], 0, sizeof(n->mv[i]));
		memset(&n->mlb[i], 0, sizeof(n->mlb[i]));
		n->mv[i].ip = ip;
		n->mlb[i].ip = ip;
		n->nm++;
	}
	member_update(n, i, mac, priority, r, now);
	return i;
}

static void member_del(struct cl_node *n, size_t i)
{
	memmove(&n->mv[i], &n->mv[i + 1], (n->nm - i - 1) * sizeof(*n->mv));
	memmove(&n->mlb[i], &n->mlb[i + 1],
		(n->nm - i - 1) * sizeof(*n->mlb));
	n->nm--;
}

static size_t self_sync(struct cl_node *n, cl_ms now)
{
	struct cl_report r;

	cl_report_of(n, &r);
	return member_put(n, n->ip, n->mac, n->priority, &r, now);
}

/* --- roles ------------------------------------------------------------------ */

static void become_master(struct cl_node *n, cl_ms now)
{
	n->nm = 0;
	self_sync(n, now);
	n->ops->own(n->user, true);
	set_role(n, CL_MASTER);
	/* look for silent members once a Hello interval */
	n->next = now + (n->conf->mode == CL_MODE_ASA ?
			 n->conf->timers.hello : n->conf->timers.ios_hello);
	n->next_update = -1;
}

static void start_election(struct cl_node *n, cl_ms now)
{
	if (n->conf->mode == CL_MODE_IOS) {
		/* keepalived elects; wait for cl_set_owner() */
		set_role(n, CL_BACKUP);
		n->next = now;
		n->next_update = now;
		return;
	}
	/* seed 001: "(10 - priority) + 1" ARP probes */
	n->probes_left = (n->priority <= 10 ? 10u - n->priority : 0) + 1;
	n->unanswered = 0;
	set_role(n, CL_PROBING);
	n->next = now;
	n->next_update = -1;
}

/* a message of @type from this member */
static void msg_init(const struct cl_node *n, struct cl_msg *m,
		     enum cl_msg_type type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->from_ip = n->ip;
	memcpy(m->from_mac, n->mac, 6);
	m->priority = n->priority;
}

static void send_hello(struct cl_node *n)
{
	struct cl_msg m;

	msg_init(n, &m, CL_MSG_HELLO);
	cl_report_of(n, &m.report);
	n->hellos_sent++;
	n->ops->send(n->user, &m, true, 0);
}

void cl_start(struct cl_node *n, cl_ms now)
{
	if (n->role != CL_DOWN)
		return;
	start_election(n, now);
}

void cl_stop(struct cl_node *n, cl_ms now, bool announce)
{
	bool was_master = n->role == CL_MASTER;

	(void)now;
	if (n->role == CL_DOWN)
		return;
	/* give the cluster IP up first: the members the announcement
	 * starts electing must not find it still answering their probes */
	if (was_master)
		n->ops->own(n->user, false);
	if (announce) {
		struct cl_msg m;

		/* seed 001: "a broadcast message is sent to all of the
		 * cluster members in order to inform of the change" */
		msg_init(n, &m, CL_MSG_LEAVE);
		m.was_master = was_master;
		n->ops->send(n->user, &m, false, 0);
	}
	n->nm = 0;
	set_role(n, CL_DOWN);
	n->next = n->next_update = -1;
}

cl_ms cl_earliest(cl_ms a, cl_ms b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static void master_expire(struct cl_node *n, cl_ms now)
{
	const struct cl_timers *t = &n->conf->timers;
	cl_ms dead = n->conf->mode == CL_MODE_ASA ?
		     t->hello * (cl_ms)t->hello_miss : t->ios_holdtime;
	size_t i;

	self_sync(n, now);
	for (i = n->nm; i-- > 0;)
		if (n->mv[i].ip != n->ip && now - n->mv[i].heard > dead)
			member_del(n, i);
}

cl_ms cl_tick(struct cl_node *n, cl_ms now)
{
	const struct cl_timers *t = &n->conf->timers;

	switch (n->role) {
	case CL_DOWN:
		return -1;
	case CL_PROBING:
		if (now < n->next)
			break;
		if (n->probes_left) {
			n->probes_left--;
			n->ops->arp_probe(n->user);
			n->next = now + t->arp_interval;
		} else {
			/* nobody owns the cluster IP */
			become_master(n, now);
		}
		break;
	case CL_JOINING:
		if (now < n->next)
			break;
		set_role(n, CL_BACKUP);
		n->unanswered = 0;
		n->next = now;
		/* fall through */
	case CL_BACKUP:
		if (n->conf->mode == CL_MODE_IOS) {
			if (now >= n->next) {
				send_hello(n);
				n->next = now + t->ios_hello;
			}
			if (now >= n->next_update) {
				send_hello(n);
				n->next_update = now + t->ios_update;
			}
			break;
		}
		if (now < n->next)
			break;
		if (n->unanswered >= t->hello_miss) {
			/* seed 001: no response "after four Hello
			 * messages": the election process is triggered */
			start_election(n, now);
			return cl_tick(n, now);
		}
		send_hello(n);
		n->unanswered++;
		n->next = now + t->hello;
		break;
	case CL_MASTER:
		if (now < n->next)
			break;
		master_expire(n, now);
		n->next = now + (n->conf->mode == CL_MODE_ASA ? t->hello :
				 t->ios_hello);
		break;
	}
	return cl_earliest(n->next, n->next_update);
}

void cl_arp(struct cl_node *n, cl_ms now, const uint8_t mac[6])
{
	if (n->conf->mode != CL_MODE_ASA || !memcmp(mac, n->mac, 6))
		return;
	switch (n->role) {
	case CL_PROBING:
		/* a master owns the cluster IP: "waits 15 seconds before
		 * it sends the UDP Hello request" */
		memcpy(n->master_mac, mac, 6);
		set_role(n, CL_JOINING);
		n->next = now + n->conf->timers.join_wait;
		break;
	case CL_MASTER:
		/* seed 001: on an ARP collision "the ASA with a low Media
		 * Access Control (MAC) address wins" */
		if (memcmp(n->mac, mac, 6) < 0) {
			n->ops->own(n->user, true);	/* re-announce */
			break;
		}
		n->ops->own(n->user, false);
		n->nm = 0;
		memcpy(n->master_mac, mac, 6);
		set_role(n, CL_JOINING);
		n->next = now + n->conf->timers.join_wait;
		break;
	case CL_JOINING:
	case CL_BACKUP:
		memcpy(n->master_mac, mac, 6);
		break;
	case CL_DOWN:
		break;
	}
}

void cl_set_owner(struct cl_node *n, cl_ms now, bool owner)
{
	if (n->role == CL_DOWN)
		return;
	if (owner && n->role != CL_MASTER) {
		become_master(n, now);
	} else if (!owner && n->role == CL_MASTER) {
		n->ops->own(n->user, false);
		n->nm = 0;
		set_role(n, CL_BACKUP);
		n->next = n->next_update = now;
	}
}

void cl_recv(struct cl_node *n, cl_ms now, const struct cl_msg *m)
{
	bool found;
	size_t i;

	if (n->role == CL_DOWN || m->from_ip == n->ip)
		return;
	switch (m->type) {
	case CL_MSG_HELLO:
		if (n->role != CL_MASTER)
			return;
		member_put(n, m->from_ip, m->from_mac, m->priority, &m->report,
			   now);
		if (n->conf->mode == CL_MODE_ASA) {
			struct cl_msg a;

			msg_init(n, &a, CL_MSG_HELLO_ACK);
			n->ops->send(n->user, &a, false, m->from_ip);
		}
		break;
	case CL_MSG_HELLO_ACK:
		if (n->role == CL_BACKUP || n->role == CL_JOINING) {
			n->unanswered = 0;
			n->hellos_acked++;
		}
		break;
	case CL_MSG_LEAVE:
		if (n->role == CL_MASTER) {
			i = member_find(n, m->from_ip, &found);
			if (found)
				member_del(n, i);
		} else if (m->was_master && n->conf->mode == CL_MODE_ASA &&
			   n->role != CL_PROBING) {
			/* the master left: elect at once */
			start_election(n, now);
		}
		break;
	}
}

/* --- sessions ---------------------------------------------------------------- */

/* the IOS view of member @i for lb_choose_ios() */
static void gateway_of(const struct cl_node *n, size_t i, enum lb_class c,
		       struct lb_gateway *g)
{
	const struct lb_member *l = &n->mlb[i];

	g->ip = l->ip;
	g->sas = l->active[LB_ANYCONNECT] + l->active[LB_OTHER];
	/* `slave max-session`, else the sum of the session limits */
	g->max_session = n->mv[i].max_session ? n->mv[i].max_session :
			 l->limit[LB_ANYCONNECT] + l->limit[LB_OTHER];
	g->system_load = n->mv[i].system_load;
	g->up = l->up && lb_can_take(l, c);
}

unsigned int cl_load2(const struct cl_node *n, size_t i)
{
	struct lb_gateway g;

	if (n->conf->mode == CL_MODE_ASA)
		return lb_load2(&n->mlb[i], n->conf->rounding);
	gateway_of(n, i, LB_ANYCONNECT, &g);
	return lb_ios_load2(&g, n->conf->w_crypto, n->conf->w_system);
}

int cl_choose(struct cl_node *n, cl_ms now, enum lb_class c)
{
	size_t self, i;
	int best;

	if (n->role != CL_MASTER)
		return -1;
	self = self_sync(n, now);
	if (n->conf->mode == CL_MODE_ASA) {
		best = lb_choose_asa(n->mlb, n->nm, self, c,
				     n->conf->rounding);
	} else {
		for (i = 0; i < n->nm; i++)
			gateway_of(n, i, c, &n->gw[i]);
		best = lb_choose_ios(n->gw, n->nm, n->conf->w_crypto,
				     n->conf->w_system, n->conf->overload);
	}
	return best;
}

void cl_placed(struct cl_node *n, size_t i, enum lb_class c)
{
	struct lb_member *l = &n->mlb[i];

	/* the master's own sessions are counted by cl_admit() */
	if (n->mv[i].ip == n->ip)
		return;
	if (l->active[c] < l->limit[c])
		l->active[c]++;
	else if (l->inactive)
		l->inactive--;
}

enum cl_admit cl_admit(struct cl_node *n, enum lb_class c)
{
	struct lb_member *s = &n->self;

	if (s->limit[c] && s->active[c] < s->limit[c]) {
		s->active[c]++;
		return CL_ACCEPT;
	}
	/* seed 000: "the session that has been inactive the longest is
	 * logged off, allowing new connections to take its license" */
	if (c == LB_ANYCONNECT && s->limit[c] && s->inactive) {
		s->inactive--;
		return CL_LOGOFF;
	}
	return CL_REFUSE;
}

void cl_end(struct cl_node *n, enum lb_class c, unsigned int count)
{
	struct lb_member *s = &n->self;
	unsigned int live;

	if (count > s->active[c])
		count = s->active[c];
	if (c == LB_ANYCONNECT) {
		live = s->active[c] - s->inactive;
		if (count > live)
			s->inactive -= count - live;
	}
	s->active[c] -= count;
}

void cl_inactive(struct cl_node *n, int count)
{
	struct lb_member *s = &n->self;
	long long v = (long long)s->inactive + count;

	if (v < 0)
		v = 0;
	if (v > s->active[LB_ANYCONNECT])
		v = s->active[LB_ANYCONNECT];
	s->inactive = (unsigned int)v;
}

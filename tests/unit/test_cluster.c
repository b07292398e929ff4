/* SPDX-License-Identifier: MIT */
/*
 * test_cluster.c - one cluster member's state machine (runtime/cluster.c)
 * driven by hand: the election of seed 001, Hellos, collisions, leaving,
 * the master's table and the session limits of seed 000.
 */
#include <string.h>

#include "runtime/cluster.h"
#include "unit.h"

struct host {
	int probes, owns, sends, hellos, acks, leaves;
	bool own;
	struct cl_msg last;
	bool last_to_master;
	uint32_t last_to;
};

static void h_send(void *u, const struct cl_msg *m, bool to_master,
		   uint32_t to_ip)
{
	struct host *h = u;

	h->sends++;
	h->hellos += m->type == CL_MSG_HELLO;
	h->acks += m->type == CL_MSG_HELLO_ACK;
	h->leaves += m->type == CL_MSG_LEAVE;
	h->last = *m;
	h->last_to_master = to_master;
	h->last_to = to_ip;
}

static void h_probe(void *u)
{
	((struct host *)u)->probes++;
}

static void h_own(void *u, bool own)
{
	struct host *h = u;

	h->owns += own;
	h->own = own;
}

static const struct cl_ops ops = { h_send, h_probe, h_own, NULL };
static const uint8_t mac_lo[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t mac_hi[6] = { 2, 0, 0, 0, 0, 9 };

/* run the timers from @from to @to, a millisecond at a time */
static void run(struct cl_node *n, cl_ms from, cl_ms to)
{
	cl_ms t;

	for (t = from; t <= to; t++)
		cl_tick(n, t);
}

static struct cl_msg hello_from(uint32_t ip, unsigned int ac,
				unsigned int limit)
{
	struct cl_msg m;

	memset(&m, 0, sizeof(m));
	m.type = CL_MSG_HELLO;
	m.from_ip = ip;
	m.from_mac[0] = 2;
	m.from_mac[5] = (uint8_t)ip;
	m.priority = 1;
	m.report.active[LB_ANYCONNECT] = ac;
	m.report.limit[LB_ANYCONNECT] = limit;
	m.report.limit[LB_OTHER] = limit;
	return m;
}

int main(void)
{
	struct cl_conf conf = { .mode = CL_MODE_ASA,
				.rounding = LB_ROUND_HALF_UP };
	const unsigned int lim[LB_NCLASS] = { 100, 100 };
	struct cl_node n, m;
	struct host h, hm;
	struct cl_msg msg;
	int i;

	cl_timers_default(&conf.timers);
	CHECK(conf.timers.hello == 5000 && conf.timers.hello_miss == 4 &&
	      conf.timers.join_wait == 15000);

	/* priority 5: (10 - 5) + 1 = 6 probes, then the cluster IP */
	memset(&h, 0, sizeof(h));
	cl_init(&n, &conf, 0x0a000001, mac_lo, 5, lim, &ops, &h);
	CHECK(n.role == CL_DOWN);
	cl_start(&n, 0);
	CHECK(n.role == CL_PROBING);
	run(&n, 0, 5999);
	CHECK(h.probes == 6 && n.role == CL_PROBING && !h.own);
	run(&n, 6000, 6000);
	CHECK(n.role == CL_MASTER && h.own && h.probes == 6);
	CHECK(n.nm == 1 && n.mv[0].ip == 0x0a000001);
	cl_free(&n);

	/* priority 10 probes once; priority 1 ten times */
	memset(&h, 0, sizeof(h));
	cl_init(&n, &conf, 0x0a000001, mac_lo, 10, lim, &ops, &h);
	cl_start(&n, 0);
	run(&n, 0, 1000);
	CHECK(h.probes == 1 && n.role == CL_MASTER);
	cl_free(&n);
	memset(&h, 0, sizeof(h));
	cl_init(&n, &conf, 0x0a000001, mac_lo, 1, lim, &ops, &h);
	cl_start(&n, 0);
	run(&n, 0, 9999);
	CHECK(h.probes == 10 && n.role == CL_PROBING);
	run(&n, 10000, 10000);
	CHECK(h.probes == 10 && n.role == CL_MASTER);
	cl_free(&n);

	/* an owner answers: wait 15 s, then Hellos every 5 s to the
	 * cluster IP; 4 unanswered ones start an election */
	memset(&h, 0, sizeof(h));
	cl_init(&n, &conf, 0x0a000002, mac_hi, 3, lim, &ops, &h);
	cl_start(&n, 0);
	run(&n, 0, 10);
	cl_arp(&n, 10, mac_lo);
	CHECK(n.role == CL_JOINING && h.probes == 1);
	run(&n, 11, 15009);
	CHECK(h.hellos == 0);
	run(&n, 15010, 15010);
	CHECK(n.role == CL_BACKUP && h.hellos == 1 && h.last_to_master);
	CHECK(h.last.report.limit[LB_ANYCONNECT] == 100);
	/* answered Hellos keep it a backup */
	for (i = 1; i <= 10; i++) {
		cl_recv(&n, 15010 + 5000 * (cl_ms)i - 4000, &(struct cl_msg){
			.type = CL_MSG_HELLO_ACK, .from_ip = 0x0a000001 });
		run(&n, 15010 + 5000 * (cl_ms)(i - 1) + 1,
		    15010 + 5000 * (cl_ms)i);
	}
	CHECK(n.role == CL_BACKUP && h.hellos == 11 && n.unanswered == 1);
	/* now silence: Hellos 12, 13, 14 unanswered (4 in a row), the
	 * next interval elects */
	run(&n, 65011, 80010);
	CHECK(n.role == CL_BACKUP && h.hellos == 14 && n.unanswered == 4);
	run(&n, 80011, 85010);
	CHECK(n.role == CL_PROBING && h.hellos == 14 && h.probes == 2);
	cl_free(&n);

	/* the master's table: Hellos add members sorted by IP, each
	 * answered; a LEAVE removes one; silence for 4 Hellos too */
	memset(&hm, 0, sizeof(hm));
	cl_init(&m, &conf, 0x0a000005, mac_lo, 10, lim, &ops, &hm);
	cl_start(&m, 0);
	run(&m, 0, 1000);
	CHECK(m.role == CL_MASTER);
	msg = hello_from(0x0a000009, 10, 100);
	cl_recv(&m, 2000, &msg);
	msg = hello_from(0x0a000002, 0, 100);
	cl_recv(&m, 2000, &msg);
	CHECK(m.nm == 3 && m.mv[0].ip == 0x0a000002 &&
	      m.mv[1].ip == 0x0a000005 && m.mv[2].ip == 0x0a000009);
	CHECK(hm.acks == 2 && hm.last_to == 0x0a000002);
	CHECK(cl_load2(&m, 2) == 10);		/* 10 of 200 = 5 % */
	/* the least loaded backup, .2, until it is 1 % above the master */
	CHECK(cl_choose(&m, 2000, LB_ANYCONNECT) == 0);
	cl_placed(&m, 0, LB_ANYCONNECT);
	CHECK(m.mlb[0].active[LB_ANYCONNECT] == 1);
	CHECK(cl_choose(&m, 2000, LB_ANYCONNECT) == 1);	/* the master */
	CHECK(cl_admit(&m, LB_ANYCONNECT) == CL_ACCEPT);
	msg.type = CL_MSG_LEAVE;
	cl_recv(&m, 3000, &msg);
	CHECK(m.nm == 2 && m.mv[0].ip == 0x0a000005);
	run(&m, 1001, 21000);
	CHECK(m.nm == 2);
	run(&m, 21001, 26001);
	CHECK(m.nm == 1 && m.mv[0].ip == 0x0a000005);

	/* ARP collision: the lower MAC keeps the role and re-announces */
	hm.owns = 0;
	cl_arp(&m, 30000, mac_hi);
	CHECK(m.role == CL_MASTER && hm.owns == 1 && hm.own);
	memset(&h, 0, sizeof(h));
	cl_init(&n, &conf, 0x0a000006, mac_hi, 10, lim, &ops, &h);
	cl_start(&n, 0);
	run(&n, 0, 1000);
	CHECK(n.role == CL_MASTER && h.own);
	cl_arp(&n, 1500, mac_lo);
	CHECK(n.role == CL_JOINING && !h.own);

	/* a master that stops participating says so; backups elect at once */
	memset(&hm, 0, sizeof(hm));
	cl_stop(&m, 40000, true);
	CHECK(m.role == CL_DOWN && hm.leaves == 1 && hm.last.was_master &&
	      hm.last_to == 0 && !hm.last_to_master && !hm.own);
	run(&n, 1501, 16500);
	CHECK(n.role == CL_BACKUP);
	cl_recv(&n, 16600, &hm.last);
	CHECK(n.role == CL_PROBING);
	cl_free(&n);
	cl_free(&m);

	/* session limits (seed 000): at the limit the longest-inactive
	 * AnyConnect session is logged off, else the session is refused */
	{
		const unsigned int two[LB_NCLASS] = { 2, 1 };

		memset(&h, 0, sizeof(h));
		cl_init(&n, &conf, 1, mac_lo, 5, two, &ops, &h);
		CHECK(cl_admit(&n, LB_ANYCONNECT) == CL_ACCEPT);
		CHECK(cl_admit(&n, LB_ANYCONNECT) == CL_ACCEPT);
		CHECK(cl_admit(&n, LB_ANYCONNECT) == CL_REFUSE);
		cl_inactive(&n, 1);
		CHECK(cl_admit(&n, LB_ANYCONNECT) == CL_LOGOFF);
		CHECK(n.self.active[LB_ANYCONNECT] == 2 && n.self.inactive == 0);
		CHECK(cl_admit(&n, LB_OTHER) == CL_ACCEPT);
		CHECK(cl_admit(&n, LB_OTHER) == CL_REFUSE);
		cl_inactive(&n, 5);		/* no more than there are */
		CHECK(n.self.inactive == 2);
		cl_end(&n, LB_ANYCONNECT, 1);	/* an inactive one goes last */
		CHECK(n.self.active[LB_ANYCONNECT] == 1 && n.self.inactive == 1);
		cl_end(&n, LB_ANYCONNECT, 9);
		CHECK(n.self.active[LB_ANYCONNECT] == 0 && n.self.inactive == 0);
		cl_free(&n);
	}

	/* scaled timers, for tests only */
	cl_timers_scale(&conf.timers, 10);
	CHECK(conf.timers.hello == 500 && conf.timers.join_wait == 1500 &&
	      conf.timers.hello_miss == 4);
	return unit_done();
}

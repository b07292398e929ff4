/* SPDX-License-Identifier: MIT */
/*
 * test_lb.c - the load-balancing decisions of runtime/lb.c against the
 * rules of seeds 000, 001 and 003.
 */
#include "runtime/lb.h"
#include "unit.h"

static struct lb_member member(uint32_t ip, unsigned int ac, unsigned int other,
			       unsigned int limit)
{
	struct lb_member m = { 0 };

	m.ip = ip;
	m.active[LB_ANYCONNECT] = ac;
	m.active[LB_OTHER] = other;
	m.limit[LB_ANYCONNECT] = limit;
	m.limit[LB_OTHER] = limit;
	m.up = true;
	return m;
}

int main(void)
{
	struct lb_member v[3];
	const char *want = "BCMBCM";
	char got[8];
	int i, k;

	/* load: 100 x active / (sum of the class limits), rounded half up
	 * to a percent (seed 000) or to the nearest half percent (seed 001);
	 * lb_load2 counts half percents */
	v[0] = member(1, 1, 0, 100);		/* 1 of 200 = 0.5 % */
	CHECK(lb_load2(&v[0], LB_ROUND_HALF_UP) == 2);
	CHECK(lb_load2(&v[0], LB_ROUND_HALF_PERCENT) == 1);
	v[0] = member(1, 1, 0, 150);		/* 1 of 300 = 0.33 % */
	CHECK(lb_load2(&v[0], LB_ROUND_HALF_UP) == 0);
	CHECK(lb_load2(&v[0], LB_ROUND_HALF_PERCENT) == 1);
	v[0] = member(1, 0, 2, 2);		/* 2 of 4 = 50 % */
	CHECK(lb_load2(&v[0], LB_ROUND_HALF_UP) == 100);
	v[0] = member(1, 2, 2, 2);		/* full */
	CHECK(lb_load2(&v[0], LB_ROUND_HALF_UP) == 200);
	/* inactive AnyConnect sessions do not count (seed 000) */
	v[0] = member(1, 10, 0, 10);
	v[0].inactive = 10;
	CHECK(lb_load2(&v[0], LB_ROUND_HALF_UP) == 0);
	/* no limit at all: it can take nothing */
	v[0] = member(1, 0, 0, 0);
	CHECK(lb_load2(&v[0], LB_ROUND_HALF_UP) == 200);
	CHECK(!lb_can_take(&v[0], LB_OTHER));

	/* seed 000's cycle, one master (M) and two backups (B, C) starting
	 * at 0 %: the backup with the least load, ties by fewest sessions
	 * then lowest IP, until both are 1 % above the master, which then
	 * takes the session itself */
	v[0] = member(30, 0, 0, 50);		/* M: master, highest IP */
	v[1] = member(10, 0, 0, 50);		/* B */
	v[2] = member(20, 0, 0, 50);		/* C */
	for (k = 0; k < 6; k++) {
		i = lb_choose_asa(v, 3, 0, LB_OTHER, LB_ROUND_HALF_UP);
		got[k] = i == 0 ? 'M' : i == 1 ? 'B' : i == 2 ? 'C' : '?';
		if (i >= 0)
			v[i].active[LB_OTHER]++;
	}
	got[6] = 0;
	CHECK_STR(got, want);

	/* a member that cannot take the class is passed over; nobody can:
	 * -1 */
	v[0] = member(30, 0, 5, 5);
	v[1] = member(10, 0, 5, 5);
	v[2] = member(20, 0, 4, 5);
	CHECK(lb_choose_asa(v, 3, 0, LB_OTHER, LB_ROUND_HALF_UP) == 2);
	v[2].active[LB_OTHER] = 5;
	CHECK(lb_choose_asa(v, 3, 0, LB_OTHER, LB_ROUND_HALF_UP) == -1);
	/* at the AnyConnect limit with an inactive session: it can take one
	 * (the inactive one is logged off) */
	v[1] = member(10, 5, 0, 5);
	v[1].inactive = 1;
	CHECK(lb_can_take(&v[1], LB_ANYCONNECT));
	/* ... but no other class: only AnyConnect sessions go inactive */
	v[1].active[LB_OTHER] = 5;
	CHECK(!lb_can_take(&v[1], LB_OTHER));
	/* a backup that is down gets nothing */
	v[0] = member(30, 0, 3, 50);
	v[1] = member(10, 0, 0, 50);
	v[1].up = false;
	v[2] = member(20, 0, 1, 50);
	CHECK(lb_choose_asa(v, 3, 0, LB_OTHER, LB_ROUND_HALF_UP) == 2);
	/* ties on load and sessions go to the lowest IP */
	v[1].up = true;
	v[1].active[LB_OTHER] = 1;
	CHECK(lb_choose_asa(v, 3, 0, LB_OTHER, LB_ROUND_HALF_UP) == 1);
	/* with half percents, 0.5 % above the master is not 1 % above */
	v[0] = member(30, 0, 1, 100);		/* 0.5 % */
	v[1] = member(10, 0, 2, 100);		/* 1.0 % */
	CHECK(lb_choose_asa(v, 2, 0, LB_OTHER, LB_ROUND_HALF_PERCENT) == 1);
	v[1].active[LB_OTHER] = 3;		/* 1.5 % */
	CHECK(lb_choose_asa(v, 2, 0, LB_OTHER, LB_ROUND_HALF_PERCENT) == 0);

	/* IOS cluster load balancer (seed 003): the least loaded gateway by
	 * the weighted crypto and system loads, overloaded ones skipped */
	{
		struct lb_gateway g[3] = {
			{ 1, 50, 100, 10, true },	/* crypto 50, sys 10 */
			{ 2, 20, 100, 90, true },	/* crypto 20, sys 90 */
			{ 3, 90, 100, 0, true },	/* crypto 90, sys 0 */
		};

		CHECK(lb_choose_ios(g, 3, 100, 100, 0) == 0);	/* 30, 55, 45 */
		CHECK(lb_choose_ios(g, 3, 100, 0, 0) == 1);	/* crypto only */
		CHECK(lb_choose_ios(g, 3, 0, 100, 0) == 2);	/* system only */
		CHECK(lb_choose_ios(g, 3, 100, 100, 25) == -1);	/* all over */
		g[0].sas = 100;					/* at max-session */
		CHECK(lb_choose_ios(g, 3, 100, 100, 0) == 2);	/* 55 vs 45 */
		g[2].up = false;
		CHECK(lb_choose_ios(g, 3, 100, 100, 0) == 1);
	}
	return unit_done();
}

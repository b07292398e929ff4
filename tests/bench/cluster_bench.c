/* SPDX-License-Identifier: MIT */
/*
 * cluster_bench.c - decisions per second of the cluster core: a master
 * with nine backups places sessions (cl_choose, then cl_placed), and a
 * tenth of them end, so the table keeps changing.  Prints the figure;
 * asserts nothing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "runtime/cluster.h"

static void nop_send(void *u, const struct cl_msg *m, bool tm, uint32_t to)
{
	(void)u; (void)m; (void)tm; (void)to;
}

static void nop_probe(void *u)
{
	(void)u;
}

static void nop_own(void *u, bool own)
{
	(void)u; (void)own;
}

static const struct cl_ops ops = { nop_send, nop_probe, nop_own, NULL };

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double run(enum cl_mode mode, long n)
{
	struct cl_conf conf = { .mode = mode, .rounding = LB_ROUND_HALF_UP,
				.w_crypto = 100, .w_system = 100 };
	const unsigned int lim[LB_NCLASS] = { 10000000, 10000000 };
	const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct cl_node m;
	struct cl_msg h;
	double t0, t;
	long i, placed = 0;
	int k;

	cl_timers_default(&conf.timers);
	cl_init(&m, &conf, 0x0a000001, mac, 10, lim, &ops, NULL);
	cl_start(&m, 0);
	if (mode == CL_MODE_ASA)
		cl_tick(&m, 0), cl_tick(&m, 1000);
	else
		cl_set_owner(&m, 0, true);
	for (k = 2; k <= 10; k++) {
		memset(&h, 0, sizeof(h));
		h.type = CL_MSG_HELLO;
		h.from_ip = 0x0a000000u + (uint32_t)k;
		h.from_mac[5] = (uint8_t)k;
		h.report.limit[0] = h.report.limit[1] = 10000000;
		h.report.system_load = (uint32_t)(k * 7 % 50);
		cl_recv(&m, 1000, &h);
	}
	t0 = now_s();
	for (i = 0; i < n; i++) {
		enum lb_class c = i % 5 ? LB_ANYCONNECT : LB_OTHER;
		int best = cl_choose(&m, 1000, c);

		if (best < 0)
			continue;
		placed++;
		if (m.mv[best].ip == m.ip)
			cl_admit(&m, c);
		else
			cl_placed(&m, (size_t)best, c);
		if (i % 10 == 9)	/* a session ends somewhere */
			for (k = 0; k < (int)m.nm; k++)
				if (m.mlb[k].active[c] && m.mv[k].ip != m.ip) {
					m.mlb[k].active[c]--;
					break;
				}
	}
	t = now_s() - t0;
	cl_free(&m);
	if (placed != n)
		printf("(only %ld of %ld placed)\n", placed, n);
	return (double)n / t;
}

int main(void)
{
	long n = 5000000;

	printf("cluster core, ASA mode, 10 members: %.1f M decisions/s\n",
	       run(CL_MODE_ASA, n) / 1e6);
	printf("cluster core, IOS mode, 10 members: %.1f M decisions/s\n",
	       run(CL_MODE_IOS, n) / 1e6);
	return 0;
}

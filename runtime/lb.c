/* SPDX-License-Identifier: MIT */
/*
 * lb.c - load-balancing and session-limit decisions (see lb.h).
 */
#include "lb.h"

/* round(200 x num / den) in half percent, as @r says */
static unsigned int percent2(unsigned long long num, unsigned long long den,
			     enum lb_rounding r)
{
	if (r == LB_ROUND_HALF_PERCENT)
		/* nearest half percent: 200 x num / den, half up */
		return (unsigned int)((400 * num + den) / (2 * den));
	/* integer percent, half up, in half-percent units */
	return 2 * (unsigned int)((200 * num + den) / (2 * den));
}

/*
 * The sessions a member reports: all classes, inactive AnyConnect ones
 * not counted (seed 000: "each ASA provides the total number of sessions
 * minus the sessions in inactive state"; they "do not count towards the
 * SSL VPN load for load balancing").  Both the load and the tie on
 * sessions use it.
 */
static unsigned long long sessions(const struct lb_member *m)
{
	unsigned int inactive = m->inactive <= m->active[LB_ANYCONNECT] ?
				m->inactive : m->active[LB_ANYCONNECT];

	return (unsigned long long)m->active[LB_ANYCONNECT] - inactive +
	       m->active[LB_OTHER];
}

unsigned int lb_load2(const struct lb_member *m, enum lb_rounding r)
{
	unsigned long long active = sessions(m), max = 0;
	int c;

	for (c = 0; c < LB_NCLASS; c++)
		max += m->limit[c];
	if (!max)
		return 200;
	if (active >= max)
		return 200;
	return percent2(active, max, r);
}

bool lb_can_take(const struct lb_member *m, enum lb_class c)
{
	if (!m->limit[c])
		return false;
	if (m->active[c] < m->limit[c])
		return true;
	/* at the limit: an inactive AnyConnect session can be logged off */
	return c == LB_ANYCONNECT && m->inactive > 0;
}

int lb_choose_asa(const struct lb_member *v, size_t n, size_t master,
		  enum lb_class c, enum lb_rounding r)
{
	unsigned int mload = master < n ? lb_load2(&v[master], r) : 200;
	bool master_ok = master < n && v[master].up &&
			 lb_can_take(&v[master], c);
	int best = -1;
	unsigned int bload = 0;
	size_t i;

	/* "The master device takes the connection if all members have a
	 * load at 1% higher than the master" (2 half percents) */
	if (master_ok) {
		bool all_above = true;

		for (i = 0; i < n; i++)
			if (i != master && v[i].up && lb_can_take(&v[i], c) &&
			    lb_load2(&v[i], r) < mload + 2)
				all_above = false;
		if (all_above)
			return (int)master;
	}
	/* else the backup with the least load, then the fewest sessions,
	 * then the lowest IP address */
	for (i = 0; i < n; i++) {
		unsigned int l;

		if (i == master || !v[i].up || !lb_can_take(&v[i], c))
			continue;
		l = lb_load2(&v[i], r);
		if (best < 0 || l < bload ||
		    (l == bload && (sessions(&v[i]) < sessions(&v[best]) ||
				    (sessions(&v[i]) == sessions(&v[best]) &&
				     v[i].ip < v[best].ip)))) {
			best = (int)i;
			bload = l;
		}
	}
	return best;
}

unsigned int lb_ios_load2(const struct lb_gateway *g, unsigned int w_crypto,
			  unsigned int w_system)
{
	unsigned long long wsum = (unsigned long long)w_crypto + w_system;
	unsigned long long crypto, num;

	if (!g->max_session || g->sas >= g->max_session)
		return 200;
	if (!wsum)
		return 0;
	crypto = 100ULL * g->sas / g->max_session;
	num = (unsigned long long)w_crypto * crypto +
	      (unsigned long long)w_system * g->system_load;
	/* 2 x num / wsum, half up */
	return (unsigned int)((4 * num + wsum) / (2 * wsum));
}

int lb_choose_ios(const struct lb_gateway *v, size_t n, unsigned int w_crypto,
		  unsigned int w_system, unsigned int overload_limit)
{
	int best = -1;
	unsigned long long bnum = 0, wsum = (unsigned long long)w_crypto +
					    w_system;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned long long crypto, num;

		if (!v[i].up || !v[i].max_session || v[i].sas >= v[i].max_session)
			continue;
		crypto = 100ULL * v[i].sas / v[i].max_session;
		/* the weighted mean x wsum, compared exactly */
		num = (unsigned long long)w_crypto * crypto +
		      (unsigned long long)w_system * v[i].system_load;
		if (overload_limit && wsum &&
		    num > (unsigned long long)overload_limit * wsum)
			continue;
		if (best < 0 || num < bnum ||
		    (num == bnum && v[i].ip < v[best].ip)) {
			best = (int)i;
			bnum = num;
		}
	}
	return best;
}

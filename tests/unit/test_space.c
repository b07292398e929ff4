/* SPDX-License-Identifier: MIT */
/*
 * The address-space algebra against brute force: random sets of boxes in
 * a small universe, every point enumerated, union, intersection and
 * difference compared point by point (fixed seed, so runs repeat).
 */
#include "compiler/asac.h"
#include "compiler/space.h"
#include "unit.h"

#include <stdlib.h>

/* the small universe: proto ranks 0-6, addresses 0-3, ports 0-3,
 * ICMP type and code 0-1 */
static const unsigned int lim[SP_NDIM] = { 7, 4, 4, 4, 4, 2, 2 };

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng % n);
}

static void rand_box(struct sp_box *b)
{
	int d;

	b->family = 4;
	for (d = 0; d < SP_NDIM; d++) {
		unsigned int x = rnd(lim[d]), y = rnd(lim[d]);

		b->lo[d] = x < y ? x : y;
		b->hi[d] = x < y ? y : x;
	}
}

/* Is the point valid (fields a protocol lacks are 0)? */
static bool valid(const unsigned int *pt)
{
	bool ports = pt[SP_PROTO] <= 2, icmp = pt[SP_PROTO] == 3 ||
		     pt[SP_PROTO] == 4;

	if (!ports && (pt[SP_SPORT] || pt[SP_DPORT]))
		return false;
	if (!icmp && (pt[SP_ITYPE] || pt[SP_ICODE]))
		return false;
	return true;
}

static bool in_box(const struct sp_box *b, const unsigned int *pt)
{
	int d;

	for (d = 0; d < SP_NDIM; d++)
		if (pt[d] < b->lo[d] || pt[d] > b->hi[d])
			return false;
	return true;
}

#define NPTS (7 * 4 * 4 * 4 * 4 * 2 * 2)

static void point(unsigned int idx, unsigned int *pt, struct sp_point *p)
{
	int d;

	p->family = 4;
	for (d = 0; d < SP_NDIM; d++) {
		pt[d] = idx % lim[d];
		idx /= lim[d];
		p->d[d] = pt[d];
	}
}

static bool disjoint(const struct sp_set *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++)
		for (j = i + 1; j < s->n; j++) {
			int d;

			for (d = 0; d < SP_NDIM; d++)
				if (s->v[i].hi[d] < s->v[j].lo[d] ||
				    s->v[j].hi[d] < s->v[i].lo[d])
					break;
			if (d == SP_NDIM)
				return false;
		}
	return true;
}

static unsigned int blocks_n;
static sp_u128 blocks_next;
static bool blocks_ok;

static void block_cb(sp_u128 v, unsigned int plen, void *arg)
{
	unsigned int bits = *(unsigned int *)arg;
	sp_u128 size = (sp_u128)1 << (bits - plen);

	if (v != blocks_next || (v & (size - 1)))
		blocks_ok = false;
	blocks_next = v + size;
	blocks_n++;
}

int main(void)
{
	int trial, bad_union = 0, bad_inter = 0, bad_diff = 0, bad_disj = 0;
	int bad_eq = 0, bad_wit = 0, bad_compact = 0;

	/* small sets, then sets of up to 40 boxes (the indexed paths of
	 * union and difference start at 16), then a few boxes minus many
	 * (the bounded scan of sp_subtract_in, as in the crypto map
	 * cascade) */
	for (trial = 0; trial < 460; trial++) {
		struct sp_box ba[40], bb[300];
		struct sp_set a, b, u, in, df, df2, c;
		int big = trial >= 150, lopsided = trial >= 300;
		/* the last: a few boxes against hundreds (the index's
		 * levels and the kd split of many candidates) */
		int huge = trial >= 400;
		int na = 1 + (int)rnd(lopsided ? 2 : big ? 40 : 4);
		int nb = huge ? 100 + (int)rnd(200) : lopsided ? 40 :
			 1 + (int)rnd(big ? 40 : 4), i;
		unsigned int idx;

		sp_init(&a);
		sp_init(&b);
		sp_init(&u);
		sp_init(&in);
		sp_init(&df);
		sp_init(&df2);
		sp_init(&c);
		for (i = 0; i < na; i++) {
			rand_box(&ba[i]);
			sp_add(&a, &ba[i]);
		}
		for (i = 0; i < nb; i++) {
			rand_box(&bb[i]);
			sp_add(&b, &bb[i]);
		}
		sp_union(&u, &a, &b);
		sp_intersect(&in, &a, &b);
		sp_subtract(&df, &a, &b);
		if (!disjoint(&a) || !disjoint(&u) || !disjoint(&in) ||
		    !disjoint(&df))
			bad_disj++;
		for (idx = 0; idx < NPTS; idx++) {
			unsigned int pt[SP_NDIM];
			struct sp_point p;
			bool xa = false, xb = false;

			point(idx, pt, &p);
			if (valid(pt)) {
				for (i = 0; i < na; i++)
					xa |= in_box(&ba[i], pt);
				for (i = 0; i < nb; i++)
					xb |= in_box(&bb[i], pt);
			}
			if (sp_contains(&u, &p) != (xa || xb))
				bad_union++;
			if (sp_contains(&in, &p) != (xa && xb))
				bad_inter++;
			if (sp_contains(&df, &p) != (xa && !xb))
				bad_diff++;
		}
		/* (a \ b) | (a & b) == a, and a witness of a difference */
		sp_union(&df2, &df, &in);
		if (!sp_equal(&df2, &a, NULL))
			bad_eq++;
		{
			struct sp_point w;

			if (!sp_equal(&a, &b, &w) &&
			    sp_contains(&a, &w) == sp_contains(&b, &w))
				bad_wit++;
		}
		sp_copy(&c, &u);
		sp_compact(&c);
		if (!sp_equal(&c, &u, NULL) || !disjoint(&c) || c.n > u.n)
			bad_compact++;
		sp_free(&a);
		sp_free(&b);
		sp_free(&u);
		sp_free(&in);
		sp_free(&df);
		sp_free(&df2);
		sp_free(&c);
	}
	CHECK(bad_union == 0);
	CHECK(bad_inter == 0);
	CHECK(bad_diff == 0);
	CHECK(bad_disj == 0);
	CHECK(bad_eq == 0);
	CHECK(bad_wit == 0);
	CHECK(bad_compact == 0);

	/* blocks: aligned, contiguous, covering exactly */
	{
		int t, bad = 0;
		unsigned int bits = 16;

		for (t = 0; t < 2000; t++) {
			unsigned int x = rnd(65536), y = rnd(65536);
			sp_u128 lo = x < y ? x : y, hi = x < y ? y : x;

			blocks_n = 0;
			blocks_next = lo;
			blocks_ok = true;
			sp_blocks(lo, hi, bits, block_cb, &bits);
			if (!blocks_ok || blocks_next != hi + 1 || blocks_n > 30)
				bad++;
		}
		CHECK(bad == 0);
		bits = 32;
		CHECK(sp_blocks(0, 0xffffffffu, 32, NULL, NULL) == 1);
		CHECK(sp_blocks(1, 14, 4, NULL, NULL) == 6);	/* 1 2-3 4-7 8-11 12-13 14 */
		CHECK(sp_blocks(0, ~(sp_u128)0, 128, NULL, NULL) == 1);
	}
	/* protocol ranks round-trip */
	{
		unsigned int p, bad = 0;

		for (p = 0; p < 256; p++)
			if (sp_proto_num(sp_proto_rank(p)) != p)
				bad++;
		CHECK(bad == 0);
		CHECK(sp_proto_rank(6) == 0 && sp_proto_rank(0) == 5);
	}
	/* `ip any any` is three boxes per family */
	{
		struct sp_set s;

		sp_init(&s);
		sp_universe(&s);
		CHECK(s.n == 6);
		sp_free(&s);
	}
	return unit_done();
}

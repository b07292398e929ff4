/* SPDX-License-Identifier: MIT */
/*
 * space.c - exact packet sets (see space.h).
 *
 * The protocol dimension is stored by rank, not by number, so that the
 * protocols with ports (TCP, UDP, SCTP), the ICMPs and all the others are
 * three contiguous ranges: `ip` (every protocol) is then three boxes, not
 * eleven.  sp_proto_rank() and sp_proto_num() convert.
 */
#include "asac.h"
#include "space.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* rank order: 6 17 132 | 1 58 | 0 2 3 4 5 7 ... */
#define RANK_PORTS_LO 0
#define RANK_PORTS_HI 2
#define RANK_ICMP_LO 3
#define RANK_ICMP_HI 4
#define RANK_OTHER_LO 5

static const uint8_t rank_first[] = { 6, 17, 132, 1, 58 };

unsigned int sp_proto_rank(unsigned int proto)
{
	unsigned int i, below = 0;

	for (i = 0; i < ARRAY_SIZE(rank_first); i++) {
		if (rank_first[i] == proto)
			return i;
		if (rank_first[i] < proto)
			below++;
	}
	/* the others keep their order after the five */
	return RANK_OTHER_LO + proto - below;
}

unsigned int sp_proto_num(unsigned int rank)
{
	unsigned int p;

	if (rank < ARRAY_SIZE(rank_first))
		return rank_first[rank];
	/* rank grows with the protocol number: the first p that reaches it */
	for (p = rank - RANK_OTHER_LO; p < 256; p++)
		if (sp_proto_rank(p) == rank)
			return p;
	return 255;
}

void sp_init(struct sp_set *s)
{
	s->v = NULL;
	s->n = s->cap = 0;
}

void sp_free(struct sp_set *s)
{
	free(s->v);
	sp_init(s);
}

void sp_clear(struct sp_set *s)
{
	s->n = 0;
}

static uint32_t *xmalloc_array_u32(size_t n)
{
	return xrealloc_array(NULL, n ? n : 1, sizeof(uint32_t));
}

static void push(struct sp_set *s, const struct sp_box *b)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc_array(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = *b;
}

void sp_copy(struct sp_set *dst, const struct sp_set *src)
{
	size_t i;

	sp_clear(dst);
	for (i = 0; i < src->n; i++)
		push(dst, &src->v[i]);
}

sp_u128 sp_dim_max(uint8_t family, enum sp_dim d)
{
	switch (d) {
	case SP_PROTO:
	case SP_ITYPE:
	case SP_ICODE:
		return 255;
	case SP_SPORT:
	case SP_DPORT:
		return 65535;
	case SP_SRC:
	case SP_DST:
		return family == 6 ? ~(sp_u128)0 : 0xffffffffu;
	case SP_NDIM:
		break;
	}
	BUG("dimension %d", (int)d);
}

void sp_box_full(struct sp_box *b, uint8_t family)
{
	int d;

	b->family = family;
	for (d = 0; d < SP_NDIM; d++) {
		b->lo[d] = 0;
		b->hi[d] = sp_dim_max(family, (enum sp_dim)d);
	}
}

static bool overlap(const struct sp_box *a, const struct sp_box *b)
{
	int d;

	if (a->family != b->family)
		return false;
	for (d = 0; d < SP_NDIM; d++)
		if (a->hi[d] < b->lo[d] || b->hi[d] < a->lo[d])
			return false;
	return true;
}

/* Pieces of @a outside @b, appended to @out (at most 2 * SP_NDIM). */
static void box_minus(struct sp_set *out, const struct sp_box *a,
		      const struct sp_box *b)
{
	struct sp_box rest = *a, piece;
	int d;

	if (!overlap(a, b)) {
		push(out, a);
		return;
	}
	for (d = 0; d < SP_NDIM; d++) {
		if (rest.lo[d] < b->lo[d]) {
			piece = rest;
			piece.hi[d] = b->lo[d] - 1;
			push(out, &piece);
			rest.lo[d] = b->lo[d];
		}
		if (rest.hi[d] > b->hi[d]) {
			piece = rest;
			piece.lo[d] = b->hi[d] + 1;
			push(out, &piece);
			rest.hi[d] = b->hi[d];
		}
	}
}

/* @s \= box @b */
static void set_minus_box(struct sp_set *s, const struct sp_box *b)
{
	struct sp_set out;
	size_t i;

	sp_init(&out);
	for (i = 0; i < s->n; i++)
		box_minus(&out, &s->v[i], b);
	free(s->v);
	*s = out;
}

/* Add a box whose pinned dimensions are already right. */
static void add_normal(struct sp_set *s, const struct sp_box *b)
{
	struct sp_set pieces;
	size_t i, j;

	/* the new box minus everything already in the set */
	sp_init(&pieces);
	push(&pieces, b);
	for (i = 0; i < s->n && pieces.n; i++) {
		if (!overlap(&s->v[i], b))
			continue;
		set_minus_box(&pieces, &s->v[i]);
	}
	for (j = 0; j < pieces.n; j++)
		push(s, &pieces.v[j]);
	sp_free(&pieces);
}

/* Pin @lo..@hi of dimension @d to 0; false if 0 is not in it. */
static bool pin0(struct sp_box *b, enum sp_dim d)
{
	if (b->lo[d] != 0)
		return false;
	b->hi[d] = 0;
	return true;
}

void sp_add(struct sp_set *s, const struct sp_box *b)
{
	static const struct {
		unsigned int lo, hi;
		bool ports, icmp;
	} cls[] = {
		{ RANK_PORTS_LO, RANK_PORTS_HI, true, false },
		{ RANK_ICMP_LO, RANK_ICMP_HI, false, true },
		{ RANK_OTHER_LO, 255, false, false },
	};
	size_t c;

	for (c = 0; c < ARRAY_SIZE(cls); c++) {
		struct sp_box x = *b;

		if (x.hi[SP_PROTO] < cls[c].lo || x.lo[SP_PROTO] > cls[c].hi)
			continue;
		if (x.lo[SP_PROTO] < cls[c].lo)
			x.lo[SP_PROTO] = cls[c].lo;
		if (x.hi[SP_PROTO] > cls[c].hi)
			x.hi[SP_PROTO] = cls[c].hi;
		if (!cls[c].ports &&
		    (!pin0(&x, SP_SPORT) || !pin0(&x, SP_DPORT)))
			continue;
		if (!cls[c].icmp &&
		    (!pin0(&x, SP_ITYPE) || !pin0(&x, SP_ICODE)))
			continue;
		add_normal(s, &x);
	}
}

void sp_universe(struct sp_set *s)
{
	struct sp_box b;

	sp_clear(s);
	sp_box_full(&b, 4);
	sp_add(s, &b);
	sp_box_full(&b, 6);
	sp_add(s, &b);
}

/*
 * An index of a set's boxes by destination address: sorted by the low
 * end, with the running maximum of the high end, so the boxes that can
 * overlap a query are found by a binary search and a short backward scan.
 * Crypto ACLs name many distinct destination networks; without it the
 * cascade of 10,000 ACEs costs seconds.
 */
struct sp_index {
	const struct sp_set *s;
	uint32_t *order;
	sp_u128 *maxhi;
};

static const struct sp_set *sort_set;

static int by_dst_lo(const void *pa, const void *pb)
{
	const struct sp_box *a = &sort_set->v[*(const uint32_t *)pa];
	const struct sp_box *b = &sort_set->v[*(const uint32_t *)pb];

	return a->lo[SP_DST] < b->lo[SP_DST] ? -1 : a->lo[SP_DST] > b->lo[SP_DST];
}

static void index_build(struct sp_index *ix, const struct sp_set *s)
{
	size_t i;

	ix->s = s;
	ix->order = xmalloc_array_u32(s->n);
	ix->maxhi = xrealloc_array(NULL, s->n ? s->n : 1, sizeof(*ix->maxhi));
	for (i = 0; i < s->n; i++)
		ix->order[i] = (uint32_t)i;
	sort_set = s;
	qsort(ix->order, s->n, sizeof(*ix->order), by_dst_lo);
	for (i = 0; i < s->n; i++) {
		sp_u128 h = s->v[ix->order[i]].hi[SP_DST];

		ix->maxhi[i] = i && ix->maxhi[i - 1] > h ? ix->maxhi[i - 1] : h;
	}
}

static void index_free(struct sp_index *ix)
{
	free(ix->order);
	free(ix->maxhi);
}

/* Append to @out the pieces of @x outside every box of the index. */
static void minus_indexed(struct sp_set *out, const struct sp_box *x,
			  const struct sp_index *ix)
{
	struct sp_set pieces;
	size_t lo = 0, hi = ix->s->n, i, k;

	/* first box whose low end is above x's high end */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->s->v[ix->order[mid]].lo[SP_DST] <= x->hi[SP_DST])
			lo = mid + 1;
		else
			hi = mid;
	}
	sp_init(&pieces);
	push(&pieces, x);
	for (i = lo; i-- > 0 && pieces.n;) {
		const struct sp_box *b = &ix->s->v[ix->order[i]];

		if (ix->maxhi[i] < x->lo[SP_DST])
			break;
		if (!overlap(b, x))
			continue;
		set_minus_box(&pieces, b);
	}
	for (k = 0; k < pieces.n; k++)
		push(out, &pieces.v[k]);
	sp_free(&pieces);
}

void sp_union_in(struct sp_set *s, const struct sp_set *a)
{
	struct sp_set add;
	struct sp_index ix;
	size_t i;

	if (s->n < 16) {
		for (i = 0; i < a->n; i++)
			add_normal(s, &a->v[i]);
		return;
	}
	/* the boxes of @a are disjoint: each only needs @s taken away */
	index_build(&ix, s);
	sp_init(&add);
	for (i = 0; i < a->n; i++)
		minus_indexed(&add, &a->v[i], &ix);
	index_free(&ix);
	for (i = 0; i < add.n; i++)
		push(s, &add.v[i]);
	sp_free(&add);
}

void sp_union_disjoint_in(struct sp_set *s, const struct sp_set *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		push(s, &a->v[i]);
}

void sp_union(struct sp_set *dst, const struct sp_set *a,
	      const struct sp_set *b)
{
	sp_copy(dst, a);
	sp_union_in(dst, b);
}

/* Bounding boxes of @s, one per family (@have[0] v4, @have[1] v6). */
static void bounds(const struct sp_set *s, struct sp_box bb[2], bool have[2])
{
	size_t i;
	int d;

	have[0] = have[1] = false;
	for (i = 0; i < s->n; i++) {
		const struct sp_box *b = &s->v[i];
		int f = b->family == 6;

		if (!have[f]) {
			bb[f] = *b;
			have[f] = true;
			continue;
		}
		for (d = 0; d < SP_NDIM; d++) {
			if (b->lo[d] < bb[f].lo[d])
				bb[f].lo[d] = b->lo[d];
			if (b->hi[d] > bb[f].hi[d])
				bb[f].hi[d] = b->hi[d];
		}
	}
}

void sp_subtract_in(struct sp_set *s, const struct sp_set *a)
{
	struct sp_set out, near;
	struct sp_index ix;
	struct sp_box bb[2];
	bool have[2];
	size_t i;

	if (a->n < 16) {
		for (i = 0; i < a->n && s->n; i++)
			set_minus_box(s, &a->v[i]);
		return;
	}
	/* a small set taken from a large one (the cascade of crypto map
	 * entries: one entry's permits minus everything before it) only
	 * meets the boxes of @a inside its bounds: a linear scan beats
	 * indexing all of @a every time */
	if (s->n * 8 < a->n) {
		bounds(s, bb, have);
		sp_init(&near);
		for (i = 0; i < a->n; i++) {
			int f = a->v[i].family == 6;

			if (have[f] && overlap(&a->v[i], &bb[f]))
				push(&near, &a->v[i]);
		}
		if (near.n < a->n) {
			sp_subtract_in(s, &near);
			sp_free(&near);
			return;
		}
		sp_free(&near);
	}
	index_build(&ix, a);
	sp_init(&out);
	for (i = 0; i < s->n; i++)
		minus_indexed(&out, &s->v[i], &ix);
	index_free(&ix);
	free(s->v);
	*s = out;
}

void sp_subtract(struct sp_set *dst, const struct sp_set *a,
		 const struct sp_set *b)
{
	sp_copy(dst, a);
	sp_subtract_in(dst, b);
}

void sp_intersect(struct sp_set *dst, const struct sp_set *a,
		  const struct sp_set *b)
{
	size_t i, j;

	sp_clear(dst);
	/* boxes of a are disjoint and so are those of b: the pairwise
	 * intersections are disjoint too */
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++) {
			struct sp_box x = a->v[i];
			int d;

			if (!overlap(&a->v[i], &b->v[j]))
				continue;
			for (d = 0; d < SP_NDIM; d++) {
				if (b->v[j].lo[d] > x.lo[d])
					x.lo[d] = b->v[j].lo[d];
				if (b->v[j].hi[d] < x.hi[d])
					x.hi[d] = b->v[j].hi[d];
			}
			push(dst, &x);
		}
	}
}

bool sp_empty(const struct sp_set *s)
{
	return s->n == 0;
}

bool sp_contains(const struct sp_set *s, const struct sp_point *p)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct sp_box *b = &s->v[i];
		int d;

		if (b->family != p->family)
			continue;
		for (d = 0; d < SP_NDIM; d++)
			if (p->d[d] < b->lo[d] || p->d[d] > b->hi[d])
				break;
		if (d == SP_NDIM)
			return true;
	}
	return false;
}

/* @v if it lies in [@lo, @hi], else @lo. */
static sp_u128 prefer(sp_u128 lo, sp_u128 hi, sp_u128 v)
{
	return lo <= v && v <= hi ? v : lo;
}

void sp_pick(const struct sp_box *b, struct sp_point *p)
{
	int d;

	p->family = b->family;
	for (d = 0; d < SP_NDIM; d++)
		p->d[d] = b->lo[d];
	/* a host, not a network's first address (10.1.0.0/24: 10.1.0.1) */
	for (d = SP_SRC; d <= SP_DST; d++)
		if (b->hi[d] - b->lo[d] >= 2)
			p->d[d] = b->lo[d] + 1;
	/* an ephemeral source port and a service destination port, where
	 * the box leaves the choice; echo for ICMP */
	if (b->hi[SP_SPORT] > b->lo[SP_SPORT])
		p->d[SP_SPORT] = prefer(b->lo[SP_SPORT], b->hi[SP_SPORT], 1025);
	if (b->hi[SP_DPORT] > b->lo[SP_DPORT])
		p->d[SP_DPORT] = prefer(b->lo[SP_DPORT], b->hi[SP_DPORT], 443);
	if (b->hi[SP_ITYPE] > b->lo[SP_ITYPE])
		p->d[SP_ITYPE] = prefer(b->lo[SP_ITYPE], b->hi[SP_ITYPE],
					p->family == 6 ? 128 : 8);
}

bool sp_witness(const struct sp_set *s, struct sp_point *p)
{
	if (!s->n)
		return false;
	sp_pick(&s->v[0], p);
	return true;
}

bool sp_equal(const struct sp_set *a, const struct sp_set *b,
	      struct sp_point *p)
{
	struct sp_set diff;
	bool eq;

	sp_init(&diff);
	sp_subtract(&diff, a, b);
	if (sp_empty(&diff))
		sp_subtract(&diff, b, a);
	eq = sp_empty(&diff);
	if (!eq && p)
		sp_witness(&diff, p);
	sp_free(&diff);
	return eq;
}

void sp_box_mirror(struct sp_box *b)
{
	sp_u128 t;

	t = b->lo[SP_SRC], b->lo[SP_SRC] = b->lo[SP_DST], b->lo[SP_DST] = t;
	t = b->hi[SP_SRC], b->hi[SP_SRC] = b->hi[SP_DST], b->hi[SP_DST] = t;
	t = b->lo[SP_SPORT], b->lo[SP_SPORT] = b->lo[SP_DPORT], b->lo[SP_DPORT] = t;
	t = b->hi[SP_SPORT], b->hi[SP_SPORT] = b->hi[SP_DPORT], b->hi[SP_DPORT] = t;
}

/* Can @a and @b be merged: same everywhere but one dimension, where they
 * touch?  Returns that dimension or -1. */
static int mergeable(const struct sp_box *a, const struct sp_box *b)
{
	int d, diff = -1;

	if (a->family != b->family)
		return -1;
	for (d = 0; d < SP_NDIM; d++) {
		if (a->lo[d] == b->lo[d] && a->hi[d] == b->hi[d])
			continue;
		if (diff >= 0)
			return -1;
		diff = d;
	}
	if (diff < 0)
		return -1;
	if ((a->hi[diff] != ~(sp_u128)0 && a->hi[diff] + 1 == b->lo[diff]) ||
	    (b->hi[diff] != ~(sp_u128)0 && b->hi[diff] + 1 == a->lo[diff]))
		return diff;
	return -1;
}

void sp_compact(struct sp_set *s)
{
	bool changed = true;

	while (changed) {
		size_t i, j;

		changed = false;
		for (i = 0; i < s->n; i++) {
			for (j = i + 1; j < s->n; j++) {
				int d = mergeable(&s->v[i], &s->v[j]);

				if (d < 0)
					continue;
				if (s->v[j].lo[d] < s->v[i].lo[d])
					s->v[i].lo[d] = s->v[j].lo[d];
				if (s->v[j].hi[d] > s->v[i].hi[d])
					s->v[i].hi[d] = s->v[j].hi[d];
				s->v[j] = s->v[--s->n];
				changed = true;
				j--;
			}
		}
	}
}

/* All ones in the low @n bits (n <= 128). */
static sp_u128 low_mask(unsigned int n)
{
	return n >= 128 ? ~(sp_u128)0 : (((sp_u128)1 << n) - 1);
}

size_t sp_blocks(sp_u128 lo, sp_u128 hi, unsigned int bits,
		 void (*fn)(sp_u128 value, unsigned int plen, void *arg),
		 void *arg)
{
	size_t n = 0;

	for (;;) {
		unsigned int size = 0;	/* log2 of the block */
		sp_u128 last;

		/* the largest aligned block starting at lo within [lo, hi] */
		while (size < bits) {
			sp_u128 m = low_mask(size + 1);

			if ((lo & m) || hi - lo < m)
				break;
			size++;
		}
		if (fn)
			fn(lo, bits - size, arg);
		n++;
		last = lo + low_mask(size);
		if (last >= hi)
			return n;
		lo = last + 1;
	}
}

sp_u128 sp_addr_load(uint8_t family, const uint8_t *bytes)
{
	sp_u128 v = 0;
	int i, n = family == 6 ? 16 : 4;

	for (i = 0; i < n; i++)
		v = v << 8 | bytes[i];
	return v;
}

void sp_addr_str(uint8_t family, sp_u128 v, char *buf, size_t len)
{
	uint8_t b[16];
	int i;

	if (family == 4) {
		uint32_t x = (uint32_t)v;

		snprintf(buf, len, "%u.%u.%u.%u", x >> 24, (x >> 16) & 255,
			 (x >> 8) & 255, x & 255);
		return;
	}
	for (i = 15; i >= 0; i--) {
		b[i] = (uint8_t)v;
		v >>= 8;
	}
	inet_ntop(AF_INET6, b, buf, (socklen_t)len);
}

void sp_point_str(const struct sp_point *p, char *buf, size_t len)
{
	char s[64], d[64];
	unsigned int proto = sp_proto_num((unsigned int)p->d[SP_PROTO]);
	const char *pn = proto == 6 ? "tcp" : proto == 17 ? "udp" :
			 proto == 1 ? "icmp" : proto == 58 ? "icmp6" :
			 proto == 132 ? "sctp" : NULL;

	sp_addr_str(p->family, p->d[SP_SRC], s, sizeof(s));
	sp_addr_str(p->family, p->d[SP_DST], d, sizeof(d));
	/* the arguments of `asac trace ... input IFNAME` */
	if (proto == 6 || proto == 17 || proto == 132)
		snprintf(buf, len, "%s %s %u %s %u", pn, s,
			 (unsigned int)p->d[SP_SPORT], d,
			 (unsigned int)p->d[SP_DPORT]);
	else if (proto == 1 || proto == 58)
		snprintf(buf, len, "%s %s %u %u %s", pn, s,
			 (unsigned int)p->d[SP_ITYPE],
			 (unsigned int)p->d[SP_ICODE], d);
	else
		snprintf(buf, len, "%u %s %s", proto, s, d);
}

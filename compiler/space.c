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

/* A set that borrows another's boxes has cap 0 and a v of its own only
 * once it changes (push copies first). */
void sp_free(struct sp_set *s)
{
	if (s->cap)
		free(s->v);
	sp_init(s);
}

void sp_clear(struct sp_set *s)
{
	if (!s->cap)
		s->v = NULL;
	s->n = 0;
}

void sp_shrink(struct sp_set *s)
{
	if (s->cap > s->n && s->n) {
		s->v = xrealloc_array(s->v, s->n, sizeof(*s->v));
		s->cap = s->n;
	} else if (s->cap && !s->n) {
		sp_free(s);
	}
}

void sp_borrow(struct sp_set *dst, const struct sp_set *src)
{
	sp_free(dst);
	dst->v = src->v;
	dst->n = src->n;
}

/* --- the box budget ------------------------------------------------------- */

static _Thread_local size_t budget_made;
static _Thread_local size_t budget_max;
static _Thread_local const char *budget_what;

void sp_budget(size_t max)
{
	budget_made = 0;
	budget_max = max;
}

size_t sp_budget_used(void)
{
	return budget_made;
}

void sp_budget_what(const char *what)
{
	budget_what = what;
}

static void budget_spent(void) __noreturn;
static void budget_spent(void)
{
	die(EXIT_INTERNAL, "%s: the packet-set model needs more than %zu "
	    "boxes: stopped rather than take unbounded time and memory (ACLs "
	    "that overlap that much are crafted, or the budget is too small "
	    "for this configuration: ASAC_MAX_BOXES)", budget_what ?
	    budget_what : "this configuration", budget_max);
}

static void push(struct sp_set *s, const struct sp_box *b)
{
	if (++budget_made > budget_max && budget_max)
		budget_spent();
	if (s->n >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : s->n + 2;

		if (!s->cap && s->n) {
			/* borrowed: copy before the first change */
			struct sp_box *v = xrealloc_array(NULL, cap, sizeof(*v));

			memcpy(v, s->v, s->n * sizeof(*v));
			s->v = v;
		} else {
			s->v = xrealloc_array(s->v, cap, sizeof(*s->v));
		}
		s->cap = cap;
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
	sp_free(s);
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

static void add_classes(struct sp_set *s, const struct sp_box *b,
			bool disjoint);

void sp_add(struct sp_set *s, const struct sp_box *b)
{
	add_classes(s, b, false);
}

void sp_add_disjoint(struct sp_set *s, const struct sp_box *b)
{
	add_classes(s, b, true);
}

/* Add @b split by protocol class; @disjoint: it meets no box of @s. */
static void add_classes(struct sp_set *s, const struct sp_box *b,
			bool disjoint)
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
		if (disjoint)
			push(s, &x);
		else
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

/* --- overlap queries ------------------------------------------------------
 *
 * The boxes that may meet a query box are found through their destination
 * address, the dimension in which the sets of a crypto map (each branch
 * its networks) and of ACLs differ most.  A level is a static index:
 * boxes sorted by lo[SP_DST], with a tree of the largest hi[SP_DST] over
 * that order, so the boxes whose interval meets [lo, hi] are found in
 * O((k + 1) log n) for k answers, however wide some boxes are.  A growing
 * index (struct sp_ix) keeps levels of 32 * 2^i boxes, merged as a binary
 * counter (Bentley and Saxe): an insertion costs O(log n) amortised.
 * Every box keeps its insertion number, so the boxes found can be taken
 * in the order of the set they came from, which keeps results (and the
 * goldens made from them) the same as subtracting them in that order.
 */

#define IX_BUF 32

struct ixe {
	const struct sp_box *b;
	uint32_t seq;
};

struct ixl {
	struct ixe *v;		/* sorted by lo[SP_DST] */
	sp_u128 *mx;		/* mx[1] root; leaves mx[cap + i] */
	size_t n, cap;
};

struct sp_ix {
	struct ixl lv[2][48];	/* per family: level i holds 0 or
				 * IX_BUF << i boxes */
	struct ixe buf[2][IX_BUF];
	size_t nbuf[2];
	uint32_t next;
};

static int ixe_cmp(const void *pa, const void *pb)
{
	const struct ixe *a = pa, *b = pb;

	if (a->b->lo[SP_DST] != b->b->lo[SP_DST])
		return a->b->lo[SP_DST] < b->b->lo[SP_DST] ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void ixl_tree(struct ixl *l)
{
	size_t i;

	for (l->cap = 1; l->cap < l->n; l->cap *= 2)
		;
	l->mx = xrealloc_array(NULL, 2 * l->cap, sizeof(*l->mx));
	memset(l->mx, 0, 2 * l->cap * sizeof(*l->mx));
	for (i = 0; i < l->n; i++)
		l->mx[l->cap + i] = l->v[i].b->hi[SP_DST];
	for (i = l->cap - 1; i >= 1; i--)
		l->mx[i] = l->mx[2 * i] > l->mx[2 * i + 1] ? l->mx[2 * i] :
			   l->mx[2 * i + 1];
}

static void ixl_free(struct ixl *l)
{
	free(l->v);
	free(l->mx);
	memset(l, 0, sizeof(*l));
}

/* A growable list of index entries (the candidates of a query). */
struct ixv {
	struct ixe *v;
	size_t n, cap;
};

static void ixv_push(struct ixv *c, const struct ixe *e)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xrealloc_array(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n++] = *e;
}

/* Append to @out the boxes of @l that meet @x. */
static void ixl_query(const struct ixl *l, const struct sp_box *x,
		      struct ixv *out)
{
	size_t lo = 0, hi = l->n, stack[128], sp = 0;

	/* p = the boxes whose low end is at most x's high end */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].b->lo[SP_DST] <= x->hi[SP_DST])
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return;
	/* nodes over [0, p) whose largest high end reaches x's low end */
	stack[sp++] = 1;
	while (sp) {
		size_t node = stack[--sp], first;

		if (l->mx[node] < x->lo[SP_DST])
			continue;
		/* the first leaf under @node */
		for (first = node; first < l->cap; first *= 2)
			;
		first -= l->cap;
		if (first >= lo)
			continue;
		if (node >= l->cap) {
			if (overlap(l->v[first].b, x))
				ixv_push(out, &l->v[first]);
			continue;
		}
		stack[sp++] = 2 * node + 1;
		stack[sp++] = 2 * node;
	}
}

void sp_ix_init(struct sp_ix **ix)
{
	*ix = xcalloc(1, sizeof(**ix));
}

void sp_ix_free(struct sp_ix **ix)
{
	int f, i;

	if (!*ix)
		return;
	for (f = 0; f < 2; f++)
		for (i = 0; i < 48; i++)
			ixl_free(&(*ix)->lv[f][i]);
	free(*ix);
	*ix = NULL;
}

/* Merge the buffer of family @f into the levels (a binary counter). */
static void ix_flush(struct sp_ix *ix, int f)
{
	struct ixl carry = { 0 };
	int i;

	carry.n = ix->nbuf[f];
	carry.v = xrealloc_array(NULL, carry.n, sizeof(*carry.v));
	memcpy(carry.v, ix->buf[f], carry.n * sizeof(*carry.v));
	qsort(carry.v, carry.n, sizeof(*carry.v), ixe_cmp);
	ix->nbuf[f] = 0;
	for (i = 0; i < 48; i++) {
		struct ixl *l = &ix->lv[f][i];
		struct ixe *m;
		size_t a = 0, b = 0, k = 0;

		if (!l->n) {
			*l = carry;
			ixl_tree(l);
			return;
		}
		m = xrealloc_array(NULL, l->n + carry.n, sizeof(*m));
		while (a < l->n || b < carry.n)
			m[k++] = b == carry.n || (a < l->n &&
				 ixe_cmp(&l->v[a], &carry.v[b]) <= 0) ?
				 l->v[a++] : carry.v[b++];
		free(carry.v);
		carry.v = m;
		carry.n = k;
		ixl_free(l);
	}
	BUG("box index full");
}

void sp_ix_add(struct sp_ix *ix, const struct sp_box *b)
{
	int f = b->family == 6;

	ix->buf[f][ix->nbuf[f]].b = b;
	ix->buf[f][ix->nbuf[f]++].seq = ix->next++;
	if (ix->nbuf[f] == IX_BUF)
		ix_flush(ix, f);
}

void sp_ix_add_set(struct sp_ix *ix, const struct sp_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		sp_ix_add(ix, &s->v[i]);
}

static int ixe_seq_cmp(const void *pa, const void *pb)
{
	const struct ixe *a = pa, *b = pb;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The indexed boxes that meet @x, in insertion order. */
static void ix_query(const struct sp_ix *ix, const struct sp_box *x,
		     struct ixv *out)
{
	int f = x->family == 6, i;
	size_t k, n0 = out->n, n;

	for (i = 0; i < 48; i++)
		if (ix->lv[f][i].n)
			ixl_query(&ix->lv[f][i], x, out);
	for (k = 0; k < ix->nbuf[f]; k++)
		if (overlap(ix->buf[f][k].b, x))
			ixv_push(out, &ix->buf[f][k]);
	n = out->n - n0;
	if (n > 16) {
		qsort(out->v + n0, n, sizeof(*out->v), ixe_seq_cmp);
	} else {
		/* few (the common case): insertion sort */
		struct ixe *v = out->v + n0;

		for (k = 1; k < n; k++) {
			struct ixe t = v[k];
			size_t j = k;

			for (; j && v[j - 1].seq > t.seq; j--)
				v[j] = v[j - 1];
			v[j] = t;
		}
	}
}

/* Does an indexed box meet @x (no order needed, the first found does)? */
static bool ix_any(const struct sp_ix *ix, const struct sp_box *x)
{
	int f = x->family == 6, i;
	size_t k;
	struct ixv c = { 0 };
	bool yes = false;

	for (k = 0; k < ix->nbuf[f] && !yes; k++)
		yes = overlap(ix->buf[f][k].b, x);
	for (i = 0; i < 48 && !yes; i++)
		if (ix->lv[f][i].n) {
			ixl_query(&ix->lv[f][i], x, &c);
			yes = c.n > 0;
		}
	free(c.v);
	return yes;
}

/*
 * Append to @out the pieces of @x outside every box of @c[0..n) (each of
 * which meets @x), @c in insertion order.  Few boxes are taken one after
 * the other, in that order; many are split around the one with the
 * median destination (a kd-tree built on the fly), so that boxes which
 * differ in their destination, as branch networks do, cost O(n log n)
 * and not O(n^2).
 */
static void minus_many(struct sp_set *out, const struct sp_box *x,
		       const struct ixe *c, size_t n, int depth)
{
	struct sp_set pieces;
	const struct sp_box *pv;
	struct ixe *sub;
	size_t i, j, k, m;

	sp_init(&pieces);
	if (n < 16 || depth > 64) {
		push(&pieces, x);
		for (i = 0; i < n && pieces.n; i++)
			set_minus_box(&pieces, c[i].b);
		for (j = 0; j < pieces.n; j++)
			push(out, &pieces.v[j]);
		sp_free(&pieces);
		return;
	}
	sub = xrealloc_array(NULL, n, sizeof(*sub));
	memcpy(sub, c, n * sizeof(*sub));
	qsort(sub, n, sizeof(*sub), ixe_cmp);
	pv = sub[n / 2].b;
	box_minus(&pieces, x, pv);
	for (k = 0; k < pieces.n; k++) {
		for (i = m = 0; i < n; i++)
			if (c[i].b != pv && overlap(c[i].b, &pieces.v[k]))
				sub[m++] = c[i];
		minus_many(out, &pieces.v[k], sub, m, depth + 1);
	}
	sp_free(&pieces);
	free(sub);
}

void sp_ix_minus(const struct sp_ix *ix, const struct sp_box *x,
		 struct sp_set *out)
{
	struct ixv c = { 0 };

	ix_query(ix, x, &c);
	minus_many(out, x, c.v, c.n, 0);
	free(c.v);
}

void sp_subtract_ix(struct sp_set *dst, const struct sp_set *a,
		    const struct sp_ix *ix)
{
	size_t i;

	sp_clear(dst);
	for (i = 0; i < a->n; i++)
		sp_ix_minus(ix, &a->v[i], dst);
}

bool sp_ix_meets(const struct sp_ix *ix, const struct sp_box *x,
		 const struct sp_box **hit)
{
	struct ixv c = { 0 };
	bool yes;

	ix_query(ix, x, &c);
	yes = c.n > 0;
	if (yes && hit)
		*hit = c.v[0].b;
	free(c.v);
	return yes;
}

size_t sp_ix_find(const struct sp_ix *ix, const struct sp_box *x,
		  const struct sp_box ***hits, size_t *cap)
{
	struct ixv c = { 0 };
	size_t i;

	ix_query(ix, x, &c);
	if (c.n > *cap) {
		*cap = c.n;
		*hits = xrealloc_array(*hits, *cap, sizeof(**hits));
	}
	for (i = 0; i < c.n; i++)
		(*hits)[i] = c.v[i].b;
	free(c.v);
	return c.n;
}

bool sp_ix_meets_set(const struct sp_ix *ix, const struct sp_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (ix_any(ix, &s->v[i]))
			return true;
	return false;
}

void sp_union_in(struct sp_set *s, const struct sp_set *a)
{
	struct sp_set add;
	struct sp_ix *ix;
	size_t i;

	if (s->n < 16) {
		for (i = 0; i < a->n; i++)
			add_normal(s, &a->v[i]);
		return;
	}
	/* the boxes of @a are disjoint: each only needs @s taken away */
	sp_ix_init(&ix);
	sp_ix_add_set(ix, s);
	sp_init(&add);
	for (i = 0; i < a->n; i++)
		sp_ix_minus(ix, &a->v[i], &add);
	sp_ix_free(&ix);
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

void sp_subtract_in(struct sp_set *s, const struct sp_set *a)
{
	struct sp_set out;
	struct sp_ix *ix;
	size_t i;

	if (a->n < 16) {
		for (i = 0; i < a->n && s->n; i++)
			set_minus_box(s, &a->v[i]);
		return;
	}
	sp_ix_init(&ix);
	sp_ix_add_set(ix, a);
	sp_init(&out);
	for (i = 0; i < s->n; i++)
		sp_ix_minus(ix, &s->v[i], &out);
	sp_ix_free(&ix);
	sp_free(s);
	*s = out;
}

void sp_subtract(struct sp_set *dst, const struct sp_set *a,
		 const struct sp_set *b)
{
	sp_copy(dst, a);
	sp_subtract_in(dst, b);
}

static void meet_push(struct sp_set *dst, const struct sp_box *a,
		      const struct sp_box *b)
{
	struct sp_box x = *a;
	int d;

	for (d = 0; d < SP_NDIM; d++) {
		if (b->lo[d] > x.lo[d])
			x.lo[d] = b->lo[d];
		if (b->hi[d] < x.hi[d])
			x.hi[d] = b->hi[d];
	}
	push(dst, &x);
}

void sp_intersect(struct sp_set *dst, const struct sp_set *a,
		  const struct sp_set *b)
{
	struct sp_ix *ix;
	struct ixv c = { 0 };
	size_t i, j;

	sp_clear(dst);
	/* boxes of a are disjoint and so are those of b: the pairwise
	 * intersections are disjoint too */
	if (a->n * b->n <= 1024) {
		for (i = 0; i < a->n; i++)
			for (j = 0; j < b->n; j++)
				if (overlap(&a->v[i], &b->v[j]))
					meet_push(dst, &a->v[i], &b->v[j]);
		return;
	}
	/* the same pairs, in the same order, found through an index */
	sp_ix_init(&ix);
	sp_ix_add_set(ix, b);
	for (i = 0; i < a->n; i++) {
		c.n = 0;
		ix_query(ix, &a->v[i], &c);
		for (j = 0; j < c.n; j++)
			meet_push(dst, &a->v[i], c.v[j].b);
	}
	free(c.v);
	sp_ix_free(&ix);
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

	if (!s->cap && s->n) {
		/* borrowed: merge in a copy of our own */
		struct sp_set own;

		sp_init(&own);
		sp_copy(&own, s);
		*s = own;
	}

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

	if (family == 4 && len >= 16) {
		/* by hand: this runs for every address of every traced flow */
		uint32_t x = (uint32_t)v;
		char *o = buf;
		int k;

		for (k = 24; k >= 0; k -= 8) {
			unsigned int q = (x >> k) & 255;

			if (q >= 100)
				*o++ = (char)('0' + q / 100);
			if (q >= 10)
				*o++ = (char)('0' + q / 10 % 10);
			*o++ = (char)('0' + q % 10);
			*o++ = k ? '.' : '\0';
		}
		return;
	}
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

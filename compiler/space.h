/* SPDX-License-Identifier: MIT */
#ifndef ASAC_SPACE_H
#define ASAC_SPACE_H

#include "asac.h"

/*
 * space - exact sets of packets, as unions of disjoint boxes.
 *
 * A packet is a point: address family, protocol, source and destination
 * address, source and destination port, ICMP type and code.  A box gives
 * each of those dimensions an interval.  Every set operation is exact;
 * nothing is approximated, so two sets can be proven equal or told apart
 * by a witness packet.
 *
 * Fields a protocol does not have are pinned to 0 in every box (ports for
 * anything but TCP, UDP and SCTP; type and code for anything but ICMP and
 * ICMPv6), so no operation ever yields a packet that cannot exist, such as
 * an ICMP echo with a source port.  sp_box_normalize() splits a box along
 * the protocol dimension to keep that invariant.
 */

typedef unsigned __int128 sp_u128;

enum sp_dim {
	SP_PROTO,	/* 0-255 */
	SP_SRC,		/* address: 0..2^32-1 or 0..2^128-1 */
	SP_DST,
	SP_SPORT,	/* 0-65535 */
	SP_DPORT,
	SP_ITYPE,	/* 0-255 */
	SP_ICODE,	/* 0-255 */
	SP_NDIM
};

/* struct sp_box - one box; @family is 4 or 6 (boxes of different
 * families never intersect). */
struct sp_box {
	uint8_t family;
	sp_u128 lo[SP_NDIM], hi[SP_NDIM];
};

/* struct sp_set - a union of pairwise disjoint boxes (heap owned). */
struct sp_set {
	struct sp_box *v;
	size_t n, cap;
};

/* struct sp_point - one packet. */
struct sp_point {
	uint8_t family;
	sp_u128 d[SP_NDIM];
};

/* The protocol dimension holds ranks: TCP, UDP, SCTP, ICMP, ICMPv6 are
 * 0-4 and the other protocols follow in numeric order. */
unsigned int sp_proto_rank(unsigned int proto);
unsigned int sp_proto_num(unsigned int rank);

void sp_init(struct sp_set *s);
void sp_free(struct sp_set *s);
void sp_clear(struct sp_set *s);
void sp_copy(struct sp_set *dst, const struct sp_set *src);
/* Give back the room @s has beyond its boxes (for sets that are kept). */
void sp_shrink(struct sp_set *s);
/* @dst shares the boxes of @src (which must outlive it and not change)
 * until @dst changes; sp_free() of @dst leaves them to @src. */
void sp_borrow(struct sp_set *dst, const struct sp_set *src);

/* The largest value of dimension @d for @family. */
sp_u128 sp_dim_max(uint8_t family, enum sp_dim d);
/* A box covering every value of every dimension of @family (before
 * normalisation). */
void sp_box_full(struct sp_box *b, uint8_t family);
/* Add @b to @s (union), splitting it along the protocol so fields a
 * protocol lacks are pinned to 0. */
void sp_add(struct sp_set *s, const struct sp_box *b);
/* The same when the caller knows @b meets no box of @s (no check). */
void sp_add_disjoint(struct sp_set *s, const struct sp_box *b);
/* Every valid packet of both families. */
void sp_universe(struct sp_set *s);

/* @dst = @a | @b, @a & @b, @a \ @b.  @dst may not alias an input. */
void sp_union(struct sp_set *dst, const struct sp_set *a,
	      const struct sp_set *b);
void sp_intersect(struct sp_set *dst, const struct sp_set *a,
		  const struct sp_set *b);
void sp_subtract(struct sp_set *dst, const struct sp_set *a,
		 const struct sp_set *b);
/* In place: @s |= @a, @s \= @a. */
void sp_union_in(struct sp_set *s, const struct sp_set *a);
void sp_subtract_in(struct sp_set *s, const struct sp_set *a);
/* s |= a when the caller knows the two are disjoint (no check). */
void sp_union_disjoint_in(struct sp_set *s, const struct sp_set *a);

/*
 * struct sp_ix - an index of boxes (pointers: the boxes must outlive it
 * and not move) that finds the boxes meeting a query box in about
 * O(log^2 n + k) for k answers; insertions cost O(log n) amortised.
 */
struct sp_ix;
void sp_ix_init(struct sp_ix **ix);
void sp_ix_free(struct sp_ix **ix);
void sp_ix_add(struct sp_ix *ix, const struct sp_box *b);
void sp_ix_add_set(struct sp_ix *ix, const struct sp_set *s);
/* Append to @out the pieces of @x outside every indexed box. */
void sp_ix_minus(const struct sp_ix *ix, const struct sp_box *x,
		 struct sp_set *out);
/* @dst = @a less every indexed box (@a disjoint: so is @dst). */
void sp_subtract_ix(struct sp_set *dst, const struct sp_set *a,
		    const struct sp_ix *ix);
/* Does an indexed box meet @x?  @hit: the first one inserted. */
bool sp_ix_meets(const struct sp_ix *ix, const struct sp_box *x,
		 const struct sp_box **hit);
/* The indexed boxes that meet @x, in insertion order, into @hits (a
 * heap array of @cap, grown as needed); returns their count. */
size_t sp_ix_find(const struct sp_ix *ix, const struct sp_box *x,
		  const struct sp_box ***hits, size_t *cap);
/* Does an indexed box meet a box of @s? */
bool sp_ix_meets_set(const struct sp_ix *ix, const struct sp_set *s);

/*
 * The box budget of the calling thread: after @max boxes made (0: no
 * limit) the command stops with an error naming what sp_budget_what()
 * last said is being built.  It bounds the time and memory that crafted
 * overlaps could cost.
 */
void sp_budget(size_t max);
size_t sp_budget_used(void);
void sp_budget_what(const char *what);

bool sp_empty(const struct sp_set *s);
bool sp_contains(const struct sp_set *s, const struct sp_point *p);
/* A packet of box @b a user would try: a host address rather than a
 * network's first, source port 1025 and destination port 443, ICMP echo,
 * where the box holds them; otherwise its lowest value. */
void sp_pick(const struct sp_box *b, struct sp_point *p);
/* A packet of @s (sp_pick of a box); false when @s is empty. */
bool sp_witness(const struct sp_set *s, struct sp_point *p);
/* Is @a equal to @b?  If not, @p (when given) is a packet in one only. */
bool sp_equal(const struct sp_set *a, const struct sp_set *b,
	      struct sp_point *p);
/* Swap source and destination (addresses and ports): the traffic of the
 * other direction. */
void sp_box_mirror(struct sp_box *b);
/* Merge boxes that are adjacent along one dimension (fewer boxes, same
 * set). */
void sp_compact(struct sp_set *s);

/*
 * Decompose the interval [@lo, @hi] of a @bits-wide dimension into
 * mask-aligned blocks (CIDR prefixes, port blocks), calling @fn(value,
 * prefix length, arg) for each, in ascending order.  Returns the count.
 */
size_t sp_blocks(sp_u128 lo, sp_u128 hi, unsigned int bits,
		 void (*fn)(sp_u128 value, unsigned int plen, void *arg),
		 void *arg);

/* An address of @family from its bytes in network order (4 or 16). */
sp_u128 sp_addr_load(uint8_t family, const uint8_t *bytes);
/* Write an address of @family. */
void sp_addr_str(uint8_t family, sp_u128 v, char *buf, size_t len);
/* Write a point as the arguments `asac trace ... input IFNAME` takes:
 * "tcp 10.0.0.1 1234 10.1.1.1 80", "icmp SRC TYPE CODE DST", or
 * "PROTO SRC DST" with the protocol's number. */
void sp_point_str(const struct sp_point *p, char *buf, size_t len);

#endif /* ASAC_SPACE_H */

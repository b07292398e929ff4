/* SPDX-License-Identifier: MIT */
#ifndef ASAC_NAT_H
#define ASAC_NAT_H

#include "asac.h"
#include "cryptomap.h"
#include "ir.h"
#include "space.h"

/*
 * nat - the translation a packet gets on its way out, and the static
 * untranslation of its destination on the way in, in the ASA's NAT order
 * (nat.c).  Dynamic translations are shown with the pool's first address
 * (or the egress interface's for PAT to the interface): which address of
 * a pool a flow gets is decided at run time.
 */
enum nat_kind {
	NAT_NONE,		/* no rule matched */
	NAT_EXEMPT,		/* 8.2 nat 0 access-list */
	NAT_TRANSLATED,		/* a rule matched (identity included) */
	NAT_FAILED,		/* a rule matched but cannot translate */
};

struct nat_result {
	enum nat_kind kind;
	const struct loc *config;	/* the deciding rule */
	struct sp_point out;		/* the packet after translation */
	bool unsupported;		/* `service` of twice NAT: not matched */
	bool v82;			/* an 8.2 `static`: ACLs see the
					 * addresses as on the wire */
	bool pooled;			/* dynamic: the source is any */
	sp_u128 pool_lo, pool_hi;	/* address of this range */
	char info[512];
};

/* The 8.3+ rules (twice and object NAT) in the ASA's order: section 1,
 * section 2 sorted, section 3.  The caller frees the array. */
const struct ir_nat **nat_rules(const struct ir *ir, size_t *n);

/*
 * The real and mapped ranges of 8.2 `static` @n: its real address with
 * the netmask, or the source of its ACL's first permit (policy static,
 * whose mapped network has that size); the mapped address, or the
 * mapped interface's.  False if either names no address of @fam.
 */
bool nat_static82_ranges(const struct ir *ir, const struct ir_nat *n,
			 uint8_t fam, sp_u128 *rlo, sp_u128 *rhi,
			 sp_u128 *mlo, sp_u128 *mhi);

/* Translate @p going from @in_if to @out_if. */
void nat_forward(struct cm_model *m, const char *in_if, const char *out_if,
		 const struct sp_point *p, struct nat_result *r);
/* Twice NAT `destination static MAPPED REAL` for @p arriving on @in_if:
 * the first such rule whose real source and mapped destination hold @p
 * translates the destination to the real one (before the route lookup);
 * true if it changed. */
bool nat_forward_dst(struct cm_model *m, const char *in_if,
		     struct sp_point *p, struct nat_result *r);
/* Untranslate the destination of @p arriving on @in_if (static rules,
 * seen from their mapped side); true if a rule did. */
bool nat_untranslate(struct cm_model *m, const char *in_if,
		     struct sp_point *p, struct nat_result *r);

#endif /* ASAC_NAT_H */

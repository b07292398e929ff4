/* SPDX-License-Identifier: MIT */
#ifndef ASAC_TRACE_H
#define ASAC_TRACE_H

#include "asac.h"
#include "cryptomap.h"
#include "ir.h"
#include "jw.h"

/*
 * trace - a dry run of one packet through the ASA's path as far as this
 * version models it, in the order of ../shared/reference/nat-crypto-order.md
 * ("Derived evaluation order"): route lookup for the egress interface,
 * the ingress access-group (or the security-level implicit rule), NAT, the
 * egress access-group, and the crypto map sets: a packet decrypted from a
 * peer must fit the policy of its SA and bypasses the access-groups under
 * `sysopt connection permit-vpn`; a clear-text packet that matches the
 * mirror of a permit on its ingress interface should have been encrypted.
 * NAT (nat.c) untranslates static destinations before the route lookup
 * and translates after the access-groups, so access-groups see real
 * addresses and the crypto map the translated ones (8.3+).
 */

enum tr_phase_type {
	TR_UN_NAT,
	TR_ROUTE_LOOKUP,
	TR_ACCESS_LIST,
	TR_NAT,
	TR_NAT_EXEMPT,
	TR_VPN,
};

struct tr_phase {
	enum tr_phase_type type;
	const char *subtype;
	bool allow;
	const struct loc *config;	/* the deciding line, if any */
	char info[512];
};

struct tr_packet {
	const char *input;		/* ingress nameif */
	struct sp_point p;
	const char *egress;		/* --egress, or NULL */
	const struct ir_addr *decrypted_from;	/* --decrypted-from PEER */
};

struct tr_result {
	struct tr_phase phases[10];	/* at most 8: two UN-NAT, route, two
					 * ACL, NAT, two VPN */
	int nphases;
	const char *output_interface;
	bool allow;
	const char *drop_reason;	/* NULL when allowed */
	bool vpn_present;		/* a crypto map set on the egress */
	struct cm_result vpn;
	bool translated;		/* NAT changed the packet */
	struct sp_point post;		/* the packet the crypto map saw */
	bool pooled;			/* dynamic NAT: post's source is */
	sp_u128 pool_lo, pool_hi;	/* any address of this range */
};

/* SA predicate for dynamic entries: --sa-up PEER|MAP:SEQ. */
struct tr_sa {
	const char **up;
	int n;
};

/* The interface the source address of @p is reached through (reverse
 * route lookup), or NULL: the ingress of a captured packet. */
const char *trace_ingress(const struct ir *ir, const struct sp_point *p);
void trace_packet(struct cm_model *m, const struct tr_packet *pk,
		  const struct tr_sa *sa, struct tr_result *r);
void trace_print_text(FILE *out, const struct srcset *src,
		      const struct tr_packet *pk, const struct tr_result *r);
void trace_print_json(struct jw *w, const struct srcset *src,
		      const struct ir *ir, const struct tr_packet *pk,
		      const struct tr_result *r);

#endif /* ASAC_TRACE_H */

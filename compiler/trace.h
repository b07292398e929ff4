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
	bool anyconnect;		/* --decrypted-from anyconnect: from an
					 * AnyConnect SSL session */
};

struct tr_result {
	struct tr_phase phases[12];	/* at most 11: two UN-NAT, route,
					 * decryption, vpn-filter, three ACL,
					 * NAT, two VPN */
	int nphases;
	const char *output_interface;
	bool allow;
	const char *drop_reason;	/* NULL when allowed */
	bool vpn_present;		/* a crypto map set on the egress */
	const struct ir_iface *vti;	/* the egress is this virtual tunnel
					 * interface: its SA protects */
	struct cm_result vpn;
	bool translated;		/* NAT changed the packet */
	struct sp_point post;		/* the packet the crypto map saw */
	bool pooled;			/* dynamic NAT: post's source is */
	sp_u128 pool_lo, pool_hi;	/* any address of this range */
	const char *sa;			/* the --sa-up that carried it */
	const struct ir_time_range *time_range;	/* of a deciding ACE */
	const struct tm *at;		/* when time-ranges were evaluated */
};

/*
 * struct tr_sa_spec - one established SA of a dynamic entry, as `--sa-up`
 * gives it: SPEC[=[LOCAL>]REMOTE], SPEC a peer address (an SA with that
 * peer: dynamic peers are learned, so every dynamic entry can hold it) or
 * MAP:SEQ (a crypto map entry that names a dynamic map, or an entry of
 * the dynamic map itself); REMOTE and LOCAL are comma-separated addresses,
 * prefixes or `any`: what the SA's selectors carry outbound (destination
 * on the peer's side, source on ours; LOCAL defaults to any).
 * Without `=`, the SA carries what the entry's ACL permits, or, for an
 * entry without one, the addresses of the remote-access pools (an SA of
 * a remote-access client carries traffic to its assigned address).
 * @text:   as given
 * @peer:   a peer address (@addr of @family), not MAP:SEQ
 * @map:    MAP of MAP:SEQ (in @text), @seq its number
 * @carry:  with `=`: the packets the SA carries (@given)
 */
struct tr_sa_spec {
	const char *text;
	bool peer;
	uint8_t family;
	uint8_t addr[16];
	char map[128];
	long long seq;
	bool given;
	struct sp_set carry;
};

/* struct tr_sa - the SAs up for dynamic entries (none: no SA is up).
 * @pools: what a remote-access client's SA carries by default: every
 *         packet to an address of a remote-access pool
 * @pool_names: their names, "P1, P2" (for the phase text) */
struct tr_sa {
	struct tr_sa_spec *v;
	size_t n;
	struct sp_set pools;
	char pool_names[160];
};

/* Add @text to @sa; false with @err (a sentence) when malformed. */
bool trace_sa_add(struct tr_sa *sa, const char *text, char *err, size_t len);
/* Check @sa against the crypto maps of @m (every MAP:SEQ names an entry)
 * and compute the pools; false with @err. */
bool trace_sa_bind(struct tr_sa *sa, const struct cm_model *m, char *err,
		   size_t len);
void trace_sa_free(struct tr_sa *sa);

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

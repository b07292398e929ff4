/* SPDX-License-Identifier: MIT */
#ifndef ASAC_CRYPTOMAP_H
#define ASAC_CRYPTOMAP_H

#include "asac.h"
#include "ir.h"
#include "map.h"
#include "space.h"

#include <time.h>

/*
 * cryptomap - the one model of crypto map evaluation (seed 002, "Result
 * of Crypto Map Evaluation" and "Cascading ACLs").  Outbound on an
 * interface, the entries of its crypto map set are tried in ascending
 * sequence number; within an entry the ACEs in order, first match
 * decides: permit protects the packet with that entry, deny leaves the
 * entry and resumes with the next one, no match goes to the next one.  No
 * permit in the set: the packet is routed in clear.  Reaching an
 * incomplete static entry (no ACL or no peer) drops it.  A dynamic entry
 * with a `match address` drops what its ACL permits while no SA is up
 * (seed 002: "if outbound traffic matches a permit entry in an ACL and the
 * corresponding SA does not yet exist, the ASA drops the traffic": dynamic
 * maps cannot initiate).  A dynamic entry without one protects only what
 * an established SA negotiated (seed 002: "Otherwise the ASA accepts any
 * data flow identity the peer proposes"): with no SA that carries the
 * packet it goes on to the next entry, and out in clear if none matches.
 *
 * The linear evaluation (cm_eval) and the exact sets (cm_entry.protect)
 * are two views of the same rules: tests check they agree.
 */

/* One ACE as a packet set; remarks, inactive ACEs and ACEs the ASA
 * refuses (bad masks) have none. */
struct cm_ace {
	const struct ir_ace *ace;
	struct sp_set set;
};

/* struct cm_acl - an ACL as packet sets: its ACEs, and the packets it
 * permits on first match (cm_acl_permit() builds them once). */
struct cm_acl {
	const struct ir_acl *acl;
	struct cm_ace *v;
	size_t n;
	struct sp_set permit;
	bool permit_built;
	char what[160];		/* "access-list NAME", for the budget */
};

/*
 * struct cm_entry - one entry of a crypto map set, in evaluation order.
 * A static entry's `ipsec-isakmp dynamic NAME` expands to one cm_entry per
 * entry of that dynamic map (@dyn set).
 * @acl:        NULL for a dynamic-map entry without `match address`
 * @incomplete: a static entry without ACL or peer (drops what reaches it)
 * @sa_only:    a dynamic entry without `match address`: it protects what
 *              its established SAs carry, nothing without one
 * @protect:    the packets this entry protects (a dynamic entry: protects
 *              or drops) with no SA up, after the cascade; empty for
 *              @sa_only
 */
struct cm_entry {
	const struct ir_cmap *map;
	const struct ir_cmap_entry *e;
	const struct ir_cmap *dynmap;
	const struct ir_cmap_entry *dyn;
	struct cm_acl *acl;
	bool incomplete;
	bool sa_only;
	struct sp_set protect;
};

/* struct cm_set - a crypto map set as bound to one interface. */
struct cm_class;
struct cm_set {
	const struct ir_cmap *map;
	const struct sym *iface;
	struct cm_entry *v;
	size_t n;
	struct sp_set unreachable;	/* dropped at an incomplete entry */
	struct cm_class *cls;		/* compiled for lookups (cm_build) */
};

struct cm_model {
	const struct ir *ir;
	struct cm_set *sets;
	size_t nsets;
	struct cm_acl **acls;		/* built once per ACL */
	size_t nacls;
	struct map acl_map;		/* ir_acl -> cm_acl */
	const struct tm *at;		/* time-ranges evaluated then; NULL:
					 * every one taken as active */
	unsigned int timed;		/* ACEs with a time-range taken as
					 * active (no @at) */
	unsigned int unsupported;	/* operands with no address (fqdn) */
};

enum cm_action {
	CM_BYPASS,		/* no permit: routed in clear */
	CM_PROTECT,
	CM_DROP,
};

enum cm_drop {
	CM_DROP_NONE,
	CM_DROP_INCOMPLETE,	/* incomplete-crypto-map */
	CM_DROP_DYNAMIC_NO_SA,	/* dynamic-map-no-sa */
};

struct cm_result {
	enum cm_action action;
	enum cm_drop reason;
	const struct cm_entry *entry;	/* protecting or dropping entry */
	const struct ir_ace *ace;	/* the deciding ACE, if any */
};

/*
 * Inbound, on the interface @s is bound to (seed 002, "When comparing the
 * inner header of an inbound packet that was not encrypted, the security
 * appliance ignores all deny rules"):
 * cm_inbound_clear - a clear-text packet matching the mirror of a permit
 *   of a complete entry should have arrived encrypted: returns that entry;
 * cm_inbound_decrypted - a packet decrypted from @peer must match the
 *   mirror of a permit of an entry with that peer (or of a dynamic entry,
 *   whose peers are learned): returns it, or NULL (drop).
 */
const struct cm_entry *cm_inbound_clear(const struct cm_set *s,
					const struct sp_point *p,
					const struct ir_ace **ace);
const struct cm_entry *cm_inbound_decrypted(const struct cm_set *s,
					    const struct sp_point *p,
					    const struct ir_addr *peer,
					    const struct ir_ace **ace);

/* The model of one ACL (built once, kept in @m): its ACEs' sets. */
struct cm_acl *cm_acl_get(struct cm_model *m, const struct ir_acl *acl);
/* What @a permits on first match (built on first use). */
const struct sp_set *cm_acl_permit(struct cm_acl *a);
/* First match of @p in @a: 1 permit, 0 deny, -1 no match; @ace set. */
int cm_acl_match(const struct cm_acl *a, const struct sp_point *p,
		 const struct ir_ace **ace);

/* Build the model of every crypto map set bound to an interface, with
 * the classifiers; ACEs with a time-range match when it is active at @at
 * (NULL: always, counted in m->timed). */
void cm_build(struct cm_model *m, const struct ir *ir, const struct tm *at);
/* The sets only, without the classifiers (for checks that read the exact
 * sets and never look packets up). */
void cm_build_sets(struct cm_model *m, const struct ir *ir);
/* The entries and their ACLs' ACEs only, for evaluating a few packets in
 * order (cm_eval): no protected set, no classifier. */
void cm_build_lazy(struct cm_model *m, const struct ir *ir,
		   const struct tm *at);
void cm_free(struct cm_model *m);
/* The crypto map set bound to @iface (nameif), or NULL. */
const struct cm_set *cm_set_for(const struct cm_model *m, const char *iface);
/*
 * cm_sa_fn - does an established SA of dynamic entry @e carry packet @p
 * (outbound)?  Asked of an @sa_only entry for every packet that reaches
 * it, and of a dynamic entry with an ACL for the packets it permits.  A
 * NULL function: no SA is up.
 */
typedef bool (*cm_sa_fn)(const struct cm_entry *e, const struct sp_point *p,
			 void *arg);

/* Evaluate @p outbound through @s, the ACEs in order. */
void cm_eval(const struct cm_set *s, const struct sp_point *p,
	     cm_sa_fn sa, void *arg, struct cm_result *r);
/* The same answer through the set's classifier, with the deciding ACE
 * found in the deciding entry's ACL only. */
void cm_lookup(const struct cm_set *s, const struct sp_point *p,
	       cm_sa_fn sa, void *arg, struct cm_result *r);
/*
 * struct cm_class - a crypto map set compiled for lookups: the disjoint
 * boxes of every entry's protected set (and of what an incomplete entry
 * drops), cut into elementary intervals of the destination address so a
 * lookup is a binary search and a scan of the few boxes of one interval.
 * It answers what cm_eval() answers, without walking ACEs.
 */
struct cm_cbox;
struct cm_class {
	const struct cm_set *set;
	struct cm_cbox *boxes;
	size_t nboxes;
	uint32_t *sa_only;		/* indexes of the @sa_only entries */
	size_t nsa_only;
	struct {
		sp_u128 *bounds;	/* segment i is [bounds[i], bounds[i+1]) */
		size_t nseg;
		uint32_t *first;	/* items[first[i] .. first[i+1]) */
		uint32_t *items;
	} fam[2];
};

void cm_class_build(struct cm_class *c, const struct cm_set *s);
void cm_class_free(struct cm_class *c);
/* As cm_eval(), but @r->ace is left NULL. */
void cm_classify(const struct cm_class *c, const struct sp_point *p,
		 cm_sa_fn sa, void *arg, struct cm_result *r);

/*
 * The address ranges a NAT operand names: an object or object-group
 * (@name, "any" for everything), as [lo, hi] pairs of @family appended to
 * @lo/@hi (at most @max).  Returns the count.
 */
size_t cm_name_ranges(const struct ir *ir, const char *name, uint8_t family,
		      sp_u128 *lo, sp_u128 *hi, size_t max);
/* The same, every range, in heap arrays the caller frees (NULL when the
 * name is unknown). */
size_t cm_name_ranges_all(const struct ir *ir, const char *name,
			  uint8_t family, sp_u128 **lo, sp_u128 **hi);
/* The own address of interface @nameif in @family (not its network). */
bool cm_iface_addr(const struct ir *ir, const char *nameif, uint8_t family,
		   sp_u128 *v);
/* The same for an address operand. */
size_t cm_addr_ranges(const struct ir *ir, const struct ir_addr *a,
		      uint8_t family, sp_u128 *lo, sp_u128 *hi, size_t max);

/* Every range of @family an address operand names (objects and groups
 * expanded), in heap arrays the caller frees; fqdn operands count in
 * @unsupported. */
size_t cm_addr_ranges_all(const struct ir *ir, const struct ir_addr *a,
			  uint8_t family, sp_u128 **lo, sp_u128 **hi,
			  unsigned int *unsupported);

/* struct cm_svc - one service of an ACE: intervals of the protocol (as
 * ranks, see space.h), port and ICMP dimensions; the address dimensions
 * are unused. */
struct cm_svc {
	sp_u128 lo[SP_NDIM], hi[SP_NDIM];
};
/* The services an ACE matches (protocol, service objects and groups
 * expanded), in a heap array the caller frees; returns the count. */
size_t cm_ace_services(const struct ir *ir, const struct ir_ace *ace,
		       struct cm_svc **out);

/* The packet set of one ACE (group and object expansion). */
void cm_ace_set(const struct ir *ir, const struct ir_ace *ace,
		struct sp_set *out, unsigned int *unsupported);

#endif /* ASAC_CRYPTOMAP_H */

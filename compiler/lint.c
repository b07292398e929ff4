/* SPDX-License-Identifier: MIT */
/*
 * lint.c - the checks of `asac lint` beyond the front end's: the limits
 * and rules the seed documents, and the strength of the cryptography.
 * Each rule's id, default severity and explanation are in rules.def.
 */
#include "asac.h"
#include "cryptomap.h"
#include "lint.h"
#include "map.h"
#include "rules.h"
#include "timerange.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct lint {
	const struct ir *ir;
	struct diag_ctx *d;
};

#define REPORT(l, rule, loc, ...) \
	diag_report((l)->d, RULE_##rule, (loc), __VA_ARGS__)
#define REPORT_AT(l, rule, lvl, loc, ...) \
	diag_report_level((l)->d, RULE_##rule, (lvl), (loc), __VA_ARGS__)

static bool is(const struct sym *s, const char *w)
{
	return s->s && !strcasecmp(s->s, w);
}

/* --- crypto map entries ------------------------------------------------- */

static bool ace_any_any(const struct ir_ace *a)
{
	return a->kind == IR_ACE_EXTENDED && a->permit && !a->inactive &&
	       !a->unread &&
	       a->proto.kind == IR_PROTO_NUMBER && a->proto.num < 0 &&
	       (a->src->kind == IR_ADDR_ANY || a->src->kind == IR_ADDR_ANY4 ||
		a->src->kind == IR_ADDR_ANY6) &&
	       (a->dst->kind == IR_ADDR_ANY || a->dst->kind == IR_ADDR_ANY4 ||
		a->dst->kind == IR_ADDR_ANY6);
}

static bool addr_any(const struct ir_addr *a);

/* any, or a network 0.0.0.0/0 written out */
static bool addr_wide(const struct ir_addr *a)
{
	return addr_any(a) || (a->kind == IR_ADDR_NET && a->plen == 0);
}

/* Each literal peer should have a tunnel group named after it. */
static void check_peer_groups(struct lint *l, const struct ir_cmap_entry *e)
{
	uint32_t i;

	for (i = 0; i < e->peers.n; i++) {
		const struct ir_addr *p = e->peers.v[i];
		char buf[64];
		const char *name;

		if (p->kind != IR_ADDR_NET)
			continue;
		name = ir_peer_str(p, buf, sizeof(buf));
		if (!ir_tunnel_group(l->ir, name))
			REPORT(l, L2L_PEER_WITHOUT_TUNNEL_GROUP, &p->loc, "peer "
			       "%s has no tunnel group '%s'; it falls to "
			       "DefaultL2LGroup", name, name);
	}
}

/*
 * A Diffie-Hellman group: 1, 2 and 5 are weak; 22-24 use small subgroups
 * (RFC 8247: SHOULD NOT).  14, the default seed 002 documents, and 15 are
 * fine in the default profile; the stig profile asks for 16 or greater
 * (DISA STIG V-239957, linter-ux.md section 5).
 */
static void dh_group(struct lint *l, int g, const struct loc *at,
		     const char *what)
{
	if (g == 1 || g == 2 || g == 5)
		REPORT(l, WEAK_DH_GROUP, at, "%sDiffie-Hellman group %d is weak",
		       what, g);
	else if (g >= 22 && g <= 24)
		REPORT_AT(l, WEAK_DH_GROUP, DIAG_NOTE, at, "%sDiffie-Hellman "
			  "group %d uses a small subgroup (RFC 8247)", what, g);
	else if ((g == 14 || g == 15) && l->d->profile == 1)
		REPORT(l, WEAK_DH_GROUP, at, "%sDiffie-Hellman group %d is "
		       "below the STIG's 16 or greater (V-239957)", what, g);
}

static void check_entry(struct lint *l, const struct ir_cmap *cm,
			const struct ir_cmap_entry *e)
{
	uint32_t i;

	if (e->transform_sets.n > 11)
		REPORT(l, CMAP_TOO_MANY_TS, &e->ts_loc, "crypto map entry "
		       "'%s %lld' lists %u transform sets; at most 11",
		       cm->name.s, (long long)e->seq.v, e->transform_sets.n);
	if (e->proposals.n > 11)
		REPORT(l, CMAP_TOO_MANY_TS, &e->prop_loc, "crypto map entry "
		       "'%s %lld' lists %u IPsec proposals; at most 11",
		       cm->name.s, (long long)e->seq.v, e->proposals.n);
	if (e->peers.n > 10) {
		const struct ir_addr *p = e->peers.v[10];

		REPORT(l, CMAP_TOO_MANY_PEERS, &p->loc, "crypto map entry "
		       "'%s %lld' lists %u peers; at most 10", cm->name.s,
		       (long long)e->seq.v, e->peers.n);
	}
	if (!cm->dynamic_map && e->type == IR_CMAP_STATIC &&
	    (!e->acl.s || !e->peers.n)) {
		REPORT(l, CMAP_INCOMPLETE, &e->loc, "crypto map entry '%s %lld' "
		       "is incomplete: it has no %s", cm->name.s,
		       (long long)e->seq.v, !e->acl.s ? "'match address'" :
		       "'set peer'");
		diag_note(l->d, &e->loc, "the ASA drops all traffic not "
			  "already matched by an earlier complete entry of "
			  "'%s'", cm->name.s);
	}
	/* an incomplete entry is reported as such, not twice */
	if (e->type == IR_CMAP_STATIC && !e->transform_sets.n &&
	    !e->proposals.n &&
	    (cm->dynamic_map || (e->acl.s && e->peers.n)))
		REPORT(l, CMAP_NO_TRANSFORM, &e->loc, "crypto map entry '%s %lld' "
		       "has no transform set and no IPsec proposal: no Phase 2 "
		       "proposal can match it", cm->name.s, (long long)e->seq.v);
	if (e->type == IR_CMAP_STATIC && !e->pfs_set)
		REPORT(l, PFS_MISSING, &e->loc, "crypto map entry '%s %lld' "
		       "does not require PFS (set pfs)", cm->name.s,
		       (long long)e->seq.v);
	if (e->lifetime_seconds.set && e->lifetime_seconds.v > 28800)
		REPORT(l, IPSEC_LIFETIME_LONG, &e->lifetime_seconds.loc,
		       "IPsec SA lifetime %lld s is above 28800 s",
		       (long long)e->lifetime_seconds.v);
	if (e->reverse_route.set && e->reverse_route.v && e->acl_target) {
		const struct ir_acl *acl = e->acl_target;
		const struct ir_ace *a;

		vec_foreach(&acl->aces, i, a) {
			if (a->kind != IR_ACE_EXTENDED || !a->permit ||
			    a->inactive || a->unread ||
			    !(addr_wide(a->src) || addr_wide(a->dst)))
				continue;
			REPORT(l, REVERSE_ROUTE_ANY, &e->reverse_route.loc,
			       "reverse route injection on '%s %lld', whose "
			       "ACL '%s' protects any", cm->name.s,
			       (long long)e->seq.v, acl->name.s);
			diag_note(l->d, &a->loc, "this ACE protects any");
			break;
		}
	}
	/* seed 002, set reverse-route: "Dynamic RRI applies to IKEv2 based
	 * static crypto maps only" */
	if (e->reverse_route.set && e->reverse_route.v &&
	    e->reverse_route_dynamic && (cm->dynamic_map || !e->proposals.n))
		REPORT(l, REVERSE_ROUTE_DYNAMIC_IKEV1, &e->reverse_route.loc,
		       "dynamic reverse route injection on %s '%s %lld', "
		       "which %s", cm->dynamic_map ? "dynamic map entry" :
		       "crypto map entry", cm->name.s, (long long)e->seq.v,
		       cm->dynamic_map ? "is not a static crypto map" :
		       "has no IKEv2 proposal");
	if (cm->dynamic_map && e->ikev2_mode.s &&
	    !strncasecmp(e->ikev2_mode.s, "transport", 9))
		REPORT(l, IKEV2_TRANSPORT_MODE_RA, &e->ikev2_mode.loc, "IKEv2 "
		       "%s mode on dynamic map entry '%s %lld' (remote "
		       "access)", e->ikev2_mode.s, cm->name.s,
		       (long long)e->seq.v);
	if (!cm->dynamic_map && e->type == IR_CMAP_STATIC)
		check_peer_groups(l, e);
	if (e->acl_target) {
		const struct ir_acl *acl = e->acl_target;
		const struct ir_ace *a;

		vec_foreach(&acl->aces, i, a) {
			if (!ace_any_any(a))
				continue;
			REPORT(l, CRYPTO_ACL_PERMIT_ANY_ANY, &a->loc, "crypto "
			       "ACL '%s' of '%s %lld' permits ip any any",
			       acl->name.s, cm->name.s, (long long)e->seq.v);
			diag_note(l->d, &e->loc, "all outbound traffic is then "
				  "protected, and inbound clear-text packets "
				  "are dropped");
			break;
		}
		/* seed 002: "Use care when using the any keyword in permit
		 * entries in dynamic crypto maps"; any any is reported above */
		vec_foreach(&acl->aces, i, a) {
			if (!cm->dynamic_map || a->kind != IR_ACE_EXTENDED ||
			    !a->permit || a->inactive || !addr_wide(a->dst) ||
			    ace_any_any(a))
				continue;
			REPORT(l, DYNAMIC_MAP_ACL_ANY, &a->loc, "dynamic map "
			       "entry '%s %lld' permits traffic to any in ACL "
			       "'%s': what it matches is dropped while no SA is "
			       "up", cm->name.s, (long long)e->seq.v,
			       acl->name.s);
			diag_note(l->d, &e->loc, "a dynamic map cannot initiate "
				  "(seed 002); without 'match address' it "
				  "protects only what a peer negotiates");
			break;
		}
	}
	/* an entry's own SA lifetime below 120 s is refused by the parser */
	if (e->pfs_set && e->pfs.s) {
		int g = atoi(e->pfs.s + 5);

		dh_group(l, g, &e->pfs.loc, "PFS ");
	}
}

static bool addr_any(const struct ir_addr *a)
{
	return a->kind == IR_ADDR_ANY || a->kind == IR_ADDR_ANY4 ||
	       a->kind == IR_ADDR_ANY6;
}

/* `any` on one side of a permit with no deny before it (both sides any is
 * crypto-acl-permit-any-any); once per ACL. */
static void check_acl_any(struct lint *l, const struct ir_cmap_entry *e,
			  const struct ir_acl ***seen, size_t *nseen)
{
	const struct ir_acl *acl = e->acl_target;
	const struct ir_ace *a;
	size_t k;
	uint32_t i;

	if (!acl)
		return;
	for (k = 0; k < *nseen; k++)
		if ((*seen)[k] == acl)
			return;
	*seen = xrealloc_array(*seen, *nseen + 1, sizeof(**seen));
	(*seen)[(*nseen)++] = acl;
	vec_foreach(&acl->aces, i, a) {
		/* an ACE asac could not read says nothing either way */
		if (a->kind != IR_ACE_EXTENDED || a->inactive || a->unread)
			continue;
		if (!a->permit)
			return;
		if (ace_any_any(a) || (!addr_any(a->src) && !addr_any(a->dst)))
			continue;
		/* a dynamic map's permit to any: dynamic-map-acl-any */
		if (e->dynamic_map && addr_wide(a->dst))
			continue;
		REPORT(l, CRYPTO_ACL_ANY, &a->loc, "crypto ACL '%s' permits "
		       "%s 'any' with no deny before it", acl->name.s,
		       addr_any(a->src) ? "from" : "to");
		return;
	}
}

static void check_cmaps(struct lint *l)
{
	const struct ir *ir = l->ir;
	const struct ir_cmap *cm, *other;
	const struct ir_acl **seen = NULL;
	size_t nseen = 0;
	uint32_t i, j, k;

	vec_foreach(&ir->cmaps, i, cm) {
		const struct ir_cmap_entry *e, *last = NULL;
		const struct sym *ifc;

		vec_foreach(&cm->entries, j, e) {
			check_entry(l, cm, e);
			check_acl_any(l, e, &seen, &nseen);
			last = e;
		}
		vec_foreach(&cm->entries, j, e) {
			if (e->type == IR_CMAP_DYNAMIC && e != last) {
				REPORT(l, DYNAMIC_MAP_NOT_LAST, &e->loc, "the "
				       "dynamic entry '%s %lld' is not the last "
				       "of '%s'", cm->name.s, (long long)e->seq.v,
				       cm->name.s);
				diag_note(l->d, &last->loc, "entry %lld comes "
					  "after it", (long long)last->seq.v);
			}
		}
		if (cm->entries.n && !cm->interfaces.n)
			REPORT(l, CMAP_NOT_APPLIED, &cm->name.loc, "crypto map "
			       "'%s' is bound to no interface", cm->name.s);
		vec_foreach(&cm->interfaces, j, ifc) {
			const struct ir_ike_enable *en;
			bool ike = false;

			vec_foreach(&ir->ike_enables, k, en)
				if (en->iface.s == ifc->s)
					ike = true;
			if (!ike && cm->entries.n)
				REPORT(l, CMAP_IF_IKE_DISABLED, &ifc->loc,
				       "crypto map '%s' is bound to '%s', where "
				       "no IKE version is enabled", cm->name.s,
				       ifc->s);
			/* another set on the same interface, reported once
			 * at the later binding */
			for (k = 0; k < i; k++) {
				const struct sym *o;
				uint32_t q;

				other = ir->cmaps.v[k];
				vec_foreach(&other->interfaces, q, o) {
					if (o->s != ifc->s)
						continue;
					REPORT(l, CMAP_MULTIPLE_ON_IF, &ifc->loc,
					       "interface '%s' already has crypto "
					       "map '%s'", ifc->s, other->name.s);
					diag_note(l->d, &o->loc, "bound here");
				}
			}
		}
	}
	vec_foreach(&ir->dynmaps, i, cm) {
		const struct ir_cmap_entry *e;

		vec_foreach(&cm->entries, j, e) {
			check_entry(l, cm, e);
			check_acl_any(l, e, &seen, &nseen);
		}
	}
	free(seen);
}

/*
 * An entry whose ACL permits packets, none of which reach it: earlier
 * entries protect them all (the cascade of seed 002).  Entries past an
 * incomplete one are left to crypto-map-incomplete.
 */
static void check_shadowed(struct lint *l, const struct cm_model *mp)
{
	const struct cm_model m = *mp;
	size_t i, k, j;

	for (i = 0; i < m.nsets; i++) {
		const struct cm_set *s = &m.sets[i];

		/* one report per map, not per interface it is bound to */
		for (j = 0; j < i; j++)
			if (m.sets[j].map == s->map)
				break;
		if (j < i)
			continue;
		for (k = 0; k < s->n; k++) {
			const struct cm_entry *ce = &s->v[k];
			struct sp_set inter;
			char names[256];
			size_t used = 0, ncover = 0;

			if (ce->incomplete)
				break;
			if (ce->dyn || !ce->acl || sp_empty(cm_acl_permit(ce->acl)) ||
			    !sp_empty(&ce->protect))
				continue;
			names[0] = 0;
			sp_init(&inter);
			for (j = 0; j < k; j++) {
				const struct cm_entry *pe = &s->v[j];
				int n;

				sp_intersect(&inter, cm_acl_permit(ce->acl),
					     &pe->protect);
				if (sp_empty(&inter))
					continue;
				ncover++;
				n = snprintf(names + used, sizeof(names) - used,
					     "%s%lld%s", used ? ", " : "",
					     (long long)pe->e->seq.v,
					     pe->dyn ? " (dynamic)" : "");
				if (n > 0 && (size_t)n < sizeof(names) - used)
					used += (size_t)n;
			}
			sp_free(&inter);
			REPORT(l, SHADOWED_CMAP_ENTRY, &ce->e->loc, "crypto map "
			       "entry '%s %lld' never protects anything: entr%s "
			       "%s of '%s' already take%s every packet ACL '%s' "
			       "permits", s->map->name.s,
			       (long long)ce->e->seq.v, ncover == 1 ? "y" : "ies",
			       names, s->map->name.s, ncover == 1 ? "s" : "",
			       ce->acl->acl->name.s);
		}
	}
}

/*
 * U-turn (hairpin) traffic: a packet an entry protects whose source lies
 * in the remote network of an entry of the same set arrives decrypted on
 * the interface and must leave through it again.  Seed 002 ("By default,
 * the ASA does not support IPsec traffic destined for the same interface
 * from which it enters ... U-turn") and seed 000 ("Permitting
 * Intra-Interface Traffic (Hairpinning)"): it needs `same-security-traffic
 * permit intra-interface`.  Sides written as any are left to
 * crypto-acl-any: they would make every set look like a hub.
 */
struct ivl {
	sp_u128 lo, hi;
};

static int ivl_cmp(const void *a, const void *b)
{
	const struct ivl *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static bool full_dim(const struct sp_box *b, enum sp_dim d)
{
	return b->lo[d] == 0 && b->hi[d] == sp_dim_max(b->family, d);
}

/* An ACE with a side written as any (or an object that covers it). */
static bool ace_wide(const struct cm_ace *a)
{
	size_t i;

	for (i = 0; i < a->set.n; i++)
		if (full_dim(&a->set.v[i], SP_SRC) ||
		    full_dim(&a->set.v[i], SP_DST))
			return true;
	return false;
}

/*
 * What entry @ce protects through its permits with no side any: its
 * protected set, less what only its wide permits take.  Returns @ce's own
 * set when it has no wide permit, else fills @tmp.
 */
static const struct sp_set *narrow_protect(const struct cm_entry *ce,
					   struct sp_set *tmp)
{
	struct sp_set narrow;
	bool wide = false;
	size_t i;

	for (i = 0; i < ce->acl->n; i++)
		if (ce->acl->v[i].ace->permit && ace_wide(&ce->acl->v[i]))
			wide = true;
	if (!wide)
		return &ce->protect;
	sp_init(&narrow);
	for (i = 0; i < ce->acl->n; i++)
		if (ce->acl->v[i].ace->permit && !ace_wide(&ce->acl->v[i]))
			sp_union_in(&narrow, &ce->acl->v[i].set);
	sp_intersect(tmp, &ce->protect, &narrow);
	sp_free(&narrow);
	return tmp;
}

/* The entry whose narrowed protected set has address @a as remote. */
static const struct cm_entry *remote_of(const struct cm_set *s,
					const struct sp_set *np, uint8_t fam,
					sp_u128 a)
{
	size_t k, i;

	for (k = 0; k < s->n; k++)
		for (i = 0; i < np[k].n; i++) {
			const struct sp_box *b = &np[k].v[i];

			if (b->family == fam && b->lo[SP_DST] <= a &&
			    a <= b->hi[SP_DST])
				return &s->v[k];
		}
	return NULL;
}

static void hairpin_in_set(struct lint *l, const struct cm_set *s)
{
	struct ivl *iv[2] = { NULL, NULL };
	size_t n[2] = { 0, 0 }, k, i;
	struct sp_set *np = xcalloc(s->n ? s->n : 1, sizeof(*np));
	bool found = false;
	int f;

	/* each entry's narrowed set; entries without an ACL (a dynamic
	 * map matching any) have none */
	for (k = 0; k < s->n; k++) {
		const struct cm_entry *ce = &s->v[k];
		const struct sp_set *x;

		sp_init(&np[k]);
		if (!ce->acl)
			continue;
		x = narrow_protect(ce, &np[k]);
		if (x != &np[k])
			sp_borrow(&np[k], x);
	}
	/* the remote sides, merged into sorted disjoint intervals */
	for (k = 0; k < s->n; k++)
		for (i = 0; i < np[k].n; i++) {
			const struct sp_box *b = &np[k].v[i];

			f = b->family == 6;
			iv[f] = xrealloc_array(iv[f], n[f] + 1, sizeof(**iv));
			iv[f][n[f]++] = (struct ivl){ b->lo[SP_DST],
						      b->hi[SP_DST] };
		}
	for (f = 0; f < 2; f++) {
		size_t o = 0;

		if (!n[f])
			continue;
		qsort(iv[f], n[f], sizeof(**iv), ivl_cmp);
		for (i = 1; i < n[f]; i++) {
			if (iv[f][i].lo <= iv[f][o].hi ||
			    iv[f][i].lo == iv[f][o].hi + 1) {
				if (iv[f][i].hi > iv[f][o].hi)
					iv[f][o].hi = iv[f][i].hi;
			} else {
				iv[f][++o] = iv[f][i];
			}
		}
		n[f] = o + 1;
	}
	for (k = 0; k < s->n && !found; k++) {
		const struct cm_entry *ce = &s->v[k];

		for (i = 0; i < np[k].n && !found; i++) {
			const struct sp_box *b = &np[k].v[i];
			const struct cm_entry *from;
			const struct ir_ace *ace = NULL;
			size_t lo = 0, hi;
			struct sp_point p;
			char pkt[160];

			f = b->family == 6;
			/* first interval ending at or after the box's start */
			hi = n[f];
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (iv[f][mid].hi < b->lo[SP_SRC])
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == n[f] || iv[f][lo].lo > b->hi[SP_SRC])
				continue;
			sp_pick(b, &p);
			if (iv[f][lo].lo > p.d[SP_SRC] ||
			    iv[f][lo].hi < p.d[SP_SRC])
				p.d[SP_SRC] = iv[f][lo].lo > b->lo[SP_SRC] ?
					      iv[f][lo].lo : b->lo[SP_SRC];
			from = remote_of(s, np, b->family, p.d[SP_SRC]);
			if (!from)
				continue;
			cm_acl_match(ce->acl, &p, &ace);
			sp_point_str(&p, pkt, sizeof(pkt));
			REPORT(l, HAIRPIN_NEEDS_INTRA_INTERFACE,
			       ace ? &ace->loc : &ce->e->loc, "crypto map '%s' "
			       "on '%s' protects U-turn traffic (%s), but "
			       "'same-security-traffic permit intra-interface' "
			       "is not configured", s->map->name.s,
			       s->iface->s, pkt);
			diag_note(l->d, &from->e->loc, "its source is a remote "
				  "network of this entry: the packet arrives "
				  "decrypted on '%s' and must leave through it "
				  "again", s->iface->s);
			found = true;
		}
	}
	for (k = 0; k < s->n; k++)
		sp_free(&np[k]);
	free(np);
	free(iv[0]);
	free(iv[1]);
}

static void check_hairpin(struct lint *l, const struct cm_model *m)
{
	size_t i;

	if (l->ir->same_security_intra.set && l->ir->same_security_intra.v)
		return;
	for (i = 0; i < m->nsets; i++)
		hairpin_in_set(l, &m->sets[i]);
}

/* The checks that read the exact sets of the crypto-map model. */
static void check_model(struct lint *l)
{
	struct cm_model m;

	cm_build_sets(&m, l->ir);
	/* an ACE with an fqdn operand has no exact set: say nothing */
	if (!m.unsupported) {
		check_shadowed(l, &m);
		check_hairpin(l, &m);
	}
	cm_free(&m);
}

/* --- algorithms ------------------------------------------------------------ */

static void weak_enc(struct lint *l, const struct sym *s)
{
	if (is(s, "des") || is(s, "3des") || is(s, "esp-des") ||
	    is(s, "esp-3des"))
		REPORT(l, WEAK_ENCRYPTION, &s->loc, "'%s' encryption is weak",
		       s->s);
}

static void weak_int(struct lint *l, const struct sym *s)
{
	if (is(s, "md5") || is(s, "esp-md5-hmac"))
		REPORT_AT(l, WEAK_INTEGRITY, DIAG_ERROR, &s->loc, "'%s' "
			  "integrity is broken", s->s);
	else if (is(s, "sha") || is(s, "sha-1") || is(s, "esp-sha-hmac"))
		REPORT_AT(l, WEAK_INTEGRITY, DIAG_WARNING, &s->loc, "'%s' "
			  "(SHA-1) integrity is due to be phased out", s->s);
}

static bool is_gcm(const struct sym *s)
{
	return s->s && (!strncasecmp(s->s, "aes-gcm", 7) ||
			!strncasecmp(s->s, "aes-gmac", 8));
}

static void check_algorithms(struct lint *l)
{
	const struct ir *ir = l->ir;
	const struct ir_ike_policy *pol;
	const struct ir_transform_set *ts;
	const struct ir_proposal *pr;
	const struct sym *s;
	uint32_t i, j;
	unsigned int count[3] = { 0, 0, 0 };

	vec_foreach(&ir->ike_policies, i, pol) {
		const struct ival *g;

		count[pol->version]++;
		if (count[pol->version] == 21)
			REPORT(l, IKE_TOO_MANY_POLICIES, &pol->loc, "more than "
			       "20 IKEv%d policies", pol->version);
		if (pol->priority.v < 1 || pol->priority.v > 65535)
			REPORT(l, IKE_POLICY_RANGE, &pol->priority.loc, "IKE "
			       "policy priority %lld is out of range 1-65535",
			       (long long)pol->priority.v);
		if (pol->lifetime.set) {
			if (pol->lifetime.v == 0 &&
			    (pol->version == 1 || pol->lifetime_none))
				REPORT(l, IKE_LIFETIME_INFINITE, &pol->lifetime.loc,
				       "IKEv%d policy %lld never rekeys "
				       "(lifetime %s)", pol->version,
				       (long long)pol->priority.v,
				       pol->lifetime_none ? "none" : "0");
			else if (pol->lifetime.v > 86400 &&
				 pol->lifetime.v <= 2147483647LL)
				REPORT(l, IKE_LIFETIME_LONG, &pol->lifetime.loc,
				       "IKE lifetime %lld s is above 86400 s",
				       (long long)pol->lifetime.v);
			else if (pol->lifetime.v < 120 ||
				 pol->lifetime.v > 2147483647LL)
				REPORT(l, IKE_POLICY_RANGE, &pol->lifetime.loc,
				       "IKE lifetime %lld is out of range "
				       "120-2147483647", (long long)pol->lifetime.v);
		}
		vec_foreach(&pol->encryption, j, s)
			weak_enc(l, s);
		vec_foreach(&pol->integrity, j, s)
			weak_int(l, s);
		vec_foreach(&pol->group, j, g)
			dh_group(l, (int)g->v, &g->loc, "");
	}
	vec_foreach(&ir->transform_sets, i, ts) {
		weak_enc(l, &ts->esp_enc);
		weak_int(l, &ts->esp_auth);
		if (is(&ts->esp_enc, "esp-null"))
			REPORT(l, ESP_NULL_ENCRYPTION, &ts->esp_enc.loc,
			       "transform set '%s' does not encrypt",
			       ts->name.s);
		if (!ts->esp_auth.s || is(&ts->esp_auth, "esp-none"))
			REPORT(l, ESP_NO_INTEGRITY, ts->esp_auth.s ?
			       &ts->esp_auth.loc : &ts->name.loc, "transform "
			       "set '%s' has no integrity", ts->name.s);
	}
	vec_foreach(&ir->proposals, i, pr) {
		bool gcm = false, other = false, null_int = false, real_int = false;

		vec_foreach(&pr->encryption, j, s) {
			weak_enc(l, s);
			if (is(s, "null"))
				REPORT(l, ESP_NULL_ENCRYPTION, &s->loc, "IPsec "
				       "proposal '%s' offers no encryption",
				       pr->name.s);
			if (is_gcm(s))
				gcm = true;
			else
				other = true;
		}
		vec_foreach(&pr->integrity, j, s) {
			weak_int(l, s);
			if (is(s, "null"))
				null_int = true;
			else
				real_int = true;
		}
		if (gcm && !null_int && pr->integrity.n)
			REPORT(l, IKEV2_GCM_INTEGRITY, &pr->loc, "IPsec proposal "
			       "'%s' uses AES-GCM/GMAC but not integrity null",
			       pr->name.s);
		if (null_int && !gcm)
			REPORT(l, IKEV2_GCM_INTEGRITY, &pr->loc, "IPsec proposal "
			       "'%s' has integrity null without AES-GCM/GMAC",
			       pr->name.s);
		/* a proposal without an integrity line is left alone: the
		 * seed's own example (002, "protocol esp encryption aes")
		 * has none and documents no default */
		if (other && gcm && null_int && !real_int)
			REPORT(l, ESP_NO_INTEGRITY, &pr->loc, "IPsec proposal "
			       "'%s' offers non-GCM encryption with integrity "
			       "null only", pr->name.s);
	}
}

/* --- IKE enablement and global settings ------------------------------------ */

static void check_globals(struct lint *l)
{
	const struct ir *ir = l->ir;
	const struct ir_crypto_globals *g = &ir->crypto;
	const struct ir_ike_enable *en;
	const struct ir_ike_policy *pol;
	bool pols[3] = { false, false, false }, said[3] = { false, false, false };
	uint32_t i;

	vec_foreach(&ir->ike_policies, i, pol)
		pols[pol->version] = true;
	vec_foreach(&ir->ike_enables, i, en) {
		if (pols[en->version] || said[en->version])
			continue;
		said[en->version] = true;
		REPORT(l, IKE_ENABLED_NO_POLICY, &en->loc, "IKEv%d is enabled "
		       "on '%s' but no IKEv%d policy exists", en->version,
		       en->iface.s, en->version);
	}
	if (g->natt_keepalive.set &&
	    (g->natt_keepalive.v < 10 || g->natt_keepalive.v > 3600))
		REPORT(l, NATT_KEEPALIVE_RANGE, &g->natt_keepalive.loc, "NAT-T "
		       "keepalive %lld s is out of range 10-3600",
		       (long long)g->natt_keepalive.v);
	if (g->ikev2_frag_mtu.set &&
	    (g->ikev2_frag_mtu.v < 68 || g->ikev2_frag_mtu.v > 1500))
		REPORT(l, IKEV2_FRAG_MTU_RANGE, &g->ikev2_frag_mtu.loc, "IKEv2 "
		       "fragmentation MTU %lld is out of range 68-1500",
		       (long long)g->ikev2_frag_mtu.v);
	if (g->ipsec_over_tcp_ports.n > 10)
		REPORT(l, IPSEC_OVER_TCP_PORTS, &g->ipsec_over_tcp_loc, "%u "
		       "IPsec-over-TCP ports; at most 10",
		       g->ipsec_over_tcp_ports.n);
	{
		const struct ival *p;

		vec_foreach(&g->ipsec_over_tcp_ports, i, p)
			if (p->v == 80 || p->v == 443)
				REPORT_AT(l, IPSEC_OVER_TCP_PORTS, DIAG_WARNING,
					  &p->loc, "IPsec over TCP on port %lld: "
					  "%s no longer works on the public "
					  "interface", (long long)p->v,
					  p->v == 80 ? "HTTP" : "HTTPS");
	}
	if (g->sa_lifetime_seconds.set && g->sa_lifetime_seconds.v > 28800)
		REPORT(l, IPSEC_LIFETIME_LONG, &g->sa_lifetime_seconds.loc,
		       "IPsec SA lifetime %lld s is above 28800 s",
		       (long long)g->sa_lifetime_seconds.v);
	vec_foreach(&ir->ike_enables, i, en) {
		if (en->version != 1 || (g->am_disable.set && g->am_disable.v))
			continue;
		REPORT(l, AGGRESSIVE_MODE_ENABLED, &en->loc, "IKEv1 is enabled "
		       "on '%s' and aggressive mode is on (no 'crypto ikev1 "
		       "am-disable')", en->iface.s);
		break;
	}
	if (g->sa_lifetime_seconds.set && g->sa_lifetime_seconds.v < 120)
		REPORT(l, IPSEC_SA_LIFETIME_RANGE, &g->sa_lifetime_seconds.loc,
		       "IPsec SA lifetime %lld s is below 120 s",
		       (long long)g->sa_lifetime_seconds.v);
}

/* --- load balancing and client update (seed 000) --------------------------- */

static void check_lb(struct lint *l)
{
	const struct ir *ir = l->ir;
	const struct ir_vpn_lb *lb = &ir->lb;
	const struct ir_ike_enable *en;
	uint32_t i;
	bool inside = false;

	if (!lb->present)
		return;
	if (lb->priority.set && (lb->priority.v < 1 || lb->priority.v > 10))
		REPORT(l, LB_PRIORITY_RANGE, &lb->priority.loc, "load-balancing "
		       "priority %lld is out of range 1-10",
		       (long long)lb->priority.v);
	if (lb->participate.set && lb->participate.v &&
	    (!lb->lbpublic.s || !lb->lbprivate.s || !lb->cluster_ip)) {
		REPORT(l, LB_PARTICIPATE_INCOMPLETE, &lb->participate.loc,
		       "this device participates in load balancing without "
		       "%s", !lb->lbpublic.s ? "an lbpublic interface" :
		       !lb->lbprivate.s ? "an lbprivate interface" :
		       "a cluster ip address");
	}
	if (!(lb->cluster_encryption.set && lb->cluster_encryption.v))
		return;
	if (!lb->cluster_key.set || !lb->cluster_key.key ||
	    !*lb->cluster_key.key)
		REPORT(l, LB_ENCRYPTION_WITHOUT_KEY, &lb->cluster_encryption.loc,
		       "cluster encryption is enabled without a cluster key");
	vec_foreach(&ir->ike_enables, i, en)
		if (lb->lbprivate.s && en->iface.s == lb->lbprivate.s)
			inside = true;
	if (!inside)
		REPORT(l, LB_ENCRYPTION_NEEDS_ISAKMP_INSIDE,
		       &lb->cluster_encryption.loc, "cluster encryption needs "
		       "IKE enabled on the lbprivate interface%s%s%s",
		       lb->lbprivate.s ? " '" : "",
		       lb->lbprivate.s ? lb->lbprivate.s : "",
		       lb->lbprivate.s ? "'" : "");
}

static void check_sessions(struct lint *l)
{
	const struct ir *ir = l->ir;
	const struct ir_tunnel_group *tg;
	uint32_t i;

	if (ir->max_anyconnect.set && ir->max_anyconnect.v < 1)
		REPORT(l, VPN_SESSIONDB_LIMIT_RANGE, &ir->max_anyconnect.loc,
		       "AnyConnect session limit %lld is below 1",
		       (long long)ir->max_anyconnect.v);
	if (ir->max_other.set && ir->max_other.v < 1)
		REPORT(l, VPN_SESSIONDB_LIMIT_RANGE, &ir->max_other.loc,
		       "other-VPN session limit %lld is below 1",
		       (long long)ir->max_other.v);
	if (ir->lb.present)
		vec_foreach(&ir->tunnel_groups, i, tg) {
			if (!tg->nat_assigned_to_public_ip.s)
				continue;
			REPORT(l, LB_NAT_ASSIGNED_IP,
			       &tg->nat_assigned_to_public_ip.loc, "tunnel "
			       "group '%s' uses nat-assigned-to-public-ip, which "
			       "does not support VPN load balancing", tg->name.s);
			diag_note(l->d, &ir->lb.loc, "load balancing is "
				  "configured here");
		}
	if (ir->permit_vpn.set && !ir->permit_vpn.v)
		REPORT(l, PERMIT_VPN_DISABLED, &ir->permit_vpn.loc, "with "
		       "permit-vpn off, interface ACLs check decrypted traffic, "
		       "but not traffic to the ASA itself under "
		       "management-access");
}

static void check_client_updates(struct lint *l, const struct vec *v)
{
	const struct ir_client_update *u, *win = NULL, *part = NULL;
	uint32_t i;

	vec_foreach(v, i, u) {
		bool windows = is(&u->type, "windows") || is(&u->type, "win9x") ||
			       is(&u->type, "winnt");

		if (i == 3)
			REPORT(l, CLIENT_UPDATE_TOO_MANY_TYPES, &u->loc, "more "
			       "than three client-update entries");
		if (u->revs.n > 4) {
			const struct sym *r = u->revs.v[4];

			REPORT(l, CLIENT_UPDATE_TOO_MANY_REVISIONS, &r->loc,
			       "%u revision numbers; at most four", u->revs.n);
		}
		if (is(&u->type, "windows"))
			win = u;
		else if (windows)
			part = u;
		if (windows && u->url.s && strncasecmp(u->url.s, "http://", 7) &&
		    strncasecmp(u->url.s, "https://", 8))
			REPORT(l, CLIENT_UPDATE_URL_SCHEME, &u->url.loc, "a "
			       "Windows client-update URL must start with "
			       "http:// or https://");
		/* the seed's own example writes tftp:192.168.1.1 */
		if (is(&u->type, "vpn3002") && u->url.s &&
		    strncasecmp(u->url.s, "tftp:", 5))
			REPORT(l, CLIENT_UPDATE_URL_SCHEME, &u->url.loc, "a "
			       "vpn3002 client-update URL must use tftp:");
	}
	if (win && part) {
		const struct ir_client_update *later =
			win->loc.start > part->loc.start ? win : part;
		const struct ir_client_update *earlier = later == win ? part : win;

		REPORT(l, CLIENT_UPDATE_WINDOWS_CONFLICT, &later->type.loc,
		       "client-update type '%s' with type '%s': windows "
		       "already covers win9x and winnt", later->type.s,
		       earlier->type.s);
		diag_note(l->d, &earlier->loc, "the other entry");
	}
}

/* --- pre-shared keys and tunnel groups ------------------------------------- */

/* A key we can judge: written in clear, not masked by show running-config. */
static bool psk_visible(const struct ir_psk *k)
{
	return k->set && k->key && !k->masked && k->encoding == 0;
}

static void check_psks(struct lint *l)
{
	const struct ir *ir = l->ir;
	const struct ir_tunnel_group *tg;
	const struct ir_psk **seen = NULL;
	uint32_t *owner, *slot;
	size_t nseen = 0, cap;
	uint32_t i;

	seen = xcalloc(3 * (size_t)ir->tunnel_groups.n + 1, sizeof(*seen));
	owner = xcalloc(3 * (size_t)ir->tunnel_groups.n + 1, sizeof(*owner));
	/* the keys seen so far, hashed (slot: index + 1, 0 free) */
	for (cap = 16; cap < 6 * (size_t)ir->tunnel_groups.n + 2; cap *= 2)
		;
	slot = xcalloc(cap, sizeof(*slot));
	vec_foreach(&ir->tunnel_groups, i, tg) {
		const struct ir_psk *keys[3] = { &tg->ikev1_psk,
			&tg->ikev2_local_psk, &tg->ikev2_remote_psk };
		bool is_default = !strcmp(tg->name.s, "DefaultL2LGroup") ||
				  !strcmp(tg->name.s, "DefaultRAGroup");
		int k;
		size_t j, h;

		for (k = 0; k < 3; k++) {
			const struct ir_psk *p = keys[k];

			if (!p->set || !p->key)
				continue;
			if (is_default)
				REPORT(l, DEFAULT_GROUP_PSK, &p->loc, "tunnel "
				       "group '%s' has a pre-shared key: any peer "
				       "without its own tunnel group may use it",
				       tg->name.s);
			if (!psk_visible(p))
				continue;
			if (strlen(p->key) < 20)
				REPORT(l, PSK_WEAK, &p->loc, "pre-shared key of "
				       "tunnel group '%s' has %zu characters; use "
				       "at least 20", tg->name.s, strlen(p->key));
			/* the IKEv1 and IKEv2 keys of one group may agree:
			 * that is one peer, not reuse */
			h = hash_bytes(p->key, strlen(p->key)) & (cap - 1);
			while (slot[h] && strcmp(seen[slot[h] - 1]->key, p->key))
				h = (h + 1) & (cap - 1);
			j = slot[h] ? slot[h] - 1 : nseen;
			if (j < nseen && owner[j] == i)
				continue;
			if (j < nseen) {
				/* the key itself is never printed */
				REPORT(l, PSK_REUSED, &p->loc, "tunnel group '%s' "
				       "reuses a pre-shared key", tg->name.s);
				diag_note(l->d, &seen[j]->loc, "the same key is "
					  "used here");
			} else {
				owner[nseen] = i;
				seen[nseen++] = p;
				slot[h] = (uint32_t)nseen;
			}
		}
	}
	free(seen);
	free(owner);
	free(slot);
}

static void check_group_policies(struct lint *l)
{
	const struct ir_group_policy *gp;
	uint32_t i;

	vec_foreach(&l->ir->group_policies, i, gp) {
		const struct ir_acl *acl = gp->split_tunnel_target;

		if (acl && acl->aces.n > 28)
			REPORT(l, SPLIT_TUNNEL_ACL_TOO_LONG, &gp->split_tunnel_acl.loc,
			       "split-tunnel ACL '%s' has %u entries; the ASA "
			       "pushes at most 28", acl->name.s, acl->aces.n);
	}
}

static void check_unused(struct lint *l)
{
	const struct ir *ir = l->ir;
	const struct ir_transform_set *ts;
	const struct ir_proposal *pr;
	const struct ir_cmap *dm;
	const struct ir_pool *pl;
	uint32_t i;

	vec_foreach(&ir->transform_sets, i, ts)
		if (!ts->used)
			REPORT(l, UNUSED_DEFINITION, &ts->name.loc, "transform "
			       "set '%s' is never used", ts->name.s);
	vec_foreach(&ir->proposals, i, pr)
		if (!pr->used)
			REPORT(l, UNUSED_DEFINITION, &pr->name.loc, "IPsec "
			       "proposal '%s' is never used", pr->name.s);
	vec_foreach(&ir->dynmaps, i, dm)
		if (!dm->used)
			REPORT(l, UNUSED_DEFINITION, &dm->name.loc, "dynamic map "
			       "'%s' is never used", dm->name.s);
	vec_foreach(&ir->pools, i, pl)
		if (!pl->used)
			REPORT(l, UNUSED_DEFINITION, &pl->name.loc, "address pool "
			       "'%s' is never used", pl->name.s);
}

/* --- time ranges -------------------------------------------------------- */

/*
 * The time lint takes as now, in UTC: SOURCE_DATE_EPOCH (seconds since
 * 1970, the reproducible-builds convention: goldens do not depend on the
 * day they run) when it is set and a number, else the clock.
 */
static void lint_now(struct tm *out)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	char *end;
	long long v;

	if (env && *env >= '0' && *env <= '9') {
		errno = 0;
		v = strtoll(env, &end, 10);
		if (!*end && !errno)
			t = (time_t)v;
	}
	if (!gmtime_r(&t, out)) {
		t = time(NULL);
		gmtime_r(&t, out);
	}
}

static void check_time_ranges(struct lint *l)
{
	const struct ir_time_range *tr;
	struct tm now;
	bool have_now = false;
	uint32_t i;

	vec_foreach(&l->ir->time_ranges, i, tr) {
		if (timerange_never(tr)) {
			if (timerange_backwards(tr)) {
				REPORT(l, TIME_RANGE_NEVER_ACTIVE, &tr->end.loc,
				       "time-range '%s' ends before it starts: "
				       "it is never active", tr->name.s);
				diag_note(l->d, &tr->start.loc, "it starts "
					  "here");
			} else {
				REPORT(l, TIME_RANGE_NEVER_ACTIVE,
				       &tr->absolute_loc, "time-range '%s' is "
				       "never active: none of its periodic "
				       "windows meets its absolute window",
				       tr->name.s);
			}
			continue;
		}
		if (!tr->end.set)
			continue;
		if (!have_now) {
			lint_now(&now);
			have_now = true;
		}
		if (timerange_expired(tr, &now))
			REPORT(l, TIME_RANGE_EXPIRED, &tr->end.loc,
			       "time-range '%s' ended on %04u-%02u-%02u "
			       "%02u:%02u: it is never active again",
			       tr->name.s, tr->end.year,
			       tr->end.month, tr->end.day, tr->end.hour,
			       tr->end.minute);
	}
}

void lint_run(const struct ir *ir, struct diag_ctx *d)
{
	struct lint l = { ir, d };
	const struct ir_tunnel_group *tg;
	uint32_t i;

	check_cmaps(&l);
	check_model(&l);
	check_algorithms(&l);
	check_globals(&l);
	check_lb(&l);
	check_psks(&l);
	check_sessions(&l);
	check_group_policies(&l);
	lint_ra(ir, d);
	lint_vti(ir, d);
	check_unused(&l);
	check_time_ranges(&l);
	check_client_updates(&l, &ir->client_updates);
	vec_foreach(&ir->tunnel_groups, i, tg)
		check_client_updates(&l, &tg->client_updates);
}

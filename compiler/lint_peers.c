/* SPDX-License-Identifier: MIT */
/*
 * lint_peers.c - checks across devices: when the configurations of both
 * ends of a LAN-to-LAN tunnel are linted together, their crypto map
 * entries must agree.  Two entries are the ends of one tunnel when each
 * names an interface address of the other device as its peer.
 */
#include "asac.h"
#include "cryptomap.h"
#include "lint.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool same_addr(const struct ir_addr *x, const struct ir_addr *y)
{
	return x && y && x->family == y->family &&
	       !memcmp(x->a, y->a, x->family == 6 ? 16 : 4);
}

/* The interface of @ir whose address @peer names, or NULL. */
static const struct ir_iface *owns(const struct ir *ir,
				   const struct ir_addr *peer)
{
	const struct ir_iface *f;
	uint32_t i;

	vec_foreach(&ir->interfaces, i, f)
		if (same_addr(f->ip, peer) || same_addr(f->ip6, peer))
			return f;
	return NULL;
}

/* A complete static entry of @ir with a peer that is an address of
 * @other, or NULL; @peer gets that peer. */
static const struct ir_cmap_entry *toward(const struct ir *ir,
					  const struct ir *other,
					  const struct ir_cmap **map,
					  const struct ir_cmap_entry *from,
					  const struct ir_addr **peer)
{
	const struct ir_cmap *cm;
	const struct ir_cmap_entry *e;
	uint32_t i, j, k;
	bool after = from == NULL;

	vec_foreach(&ir->cmaps, i, cm) {
		vec_foreach(&cm->entries, j, e) {
			if (!after) {
				after = e == from;
				continue;
			}
			if (e->type != IR_CMAP_STATIC || !e->acl_target)
				continue;
			for (k = 0; k < e->peers.n; k++) {
				const struct ir_addr *p = ir_peer_addr(e->peers.v[k]);

				if (p && owns(other, p)) {
					*map = cm;
					*peer = p;
					return e;
				}
			}
		}
	}
	return NULL;
}

/*
 * What entry @e protects after the cascade of its set (seed 002: earlier
 * entries' permits and its own earlier denies taken out), when its map is
 * bound to an interface; else the permits of its ACL.
 */
static const struct sp_set *protected_by(struct cm_model *m,
					 const struct ir_cmap_entry *e)
{
	size_t i, k;

	for (i = 0; i < m->nsets; i++)
		for (k = 0; k < m->sets[i].n; k++)
			if (m->sets[i].v[k].e == e && !m->sets[i].v[k].dyn)
				return &m->sets[i].v[k].protect;
	return cm_acl_permit(cm_acl_get(m, e->acl_target));
}

static void mirror(struct sp_set *dst, const struct sp_set *src)
{
	size_t i;

	sp_clear(dst);
	for (i = 0; i < src->n; i++) {
		struct sp_box b = src->v[i];

		sp_box_mirror(&b);
		sp_add(dst, &b);
	}
}

static bool ts_common(const struct ir *a, const struct ir_cmap_entry *ea,
		      const struct ir *b, const struct ir_cmap_entry *eb)
{
	uint32_t i, j;

	for (i = 0; i < ea->transform_sets.n; i++) {
		const struct ir_transform_set *x = map_get(&a->m_ts,
			((const struct sym *)ea->transform_sets.v[i])->s);

		for (j = 0; x && j < eb->transform_sets.n; j++) {
			const struct ir_transform_set *y = map_get(&b->m_ts,
				((const struct sym *)eb->transform_sets.v[j])->s);

			if (y && x->esp_enc.s && y->esp_enc.s &&
			    !strcasecmp(x->esp_enc.s, y->esp_enc.s) &&
			    ((!x->esp_auth.s && !y->esp_auth.s) ||
			     (x->esp_auth.s && y->esp_auth.s &&
			      !strcasecmp(x->esp_auth.s, y->esp_auth.s))))
				return true;
		}
	}
	return false;
}

static bool sym_lists_meet(const struct vec *x, const struct vec *y)
{
	uint32_t i, j;

	for (i = 0; i < x->n; i++)
		for (j = 0; j < y->n; j++)
			if (!strcasecmp(((const struct sym *)x->v[i])->s,
					((const struct sym *)y->v[j])->s))
				return true;
	return false;
}

static bool prop_common(const struct ir *a, const struct ir_cmap_entry *ea,
			const struct ir *b, const struct ir_cmap_entry *eb)
{
	uint32_t i, j;

	for (i = 0; i < ea->proposals.n; i++) {
		const struct ir_proposal *x = map_get(&a->m_props,
			((const struct sym *)ea->proposals.v[i])->s);

		for (j = 0; x && j < eb->proposals.n; j++) {
			const struct ir_proposal *y = map_get(&b->m_props,
				((const struct sym *)eb->proposals.v[j])->s);

			if (y && sym_lists_meet(&x->encryption, &y->encryption) &&
			    sym_lists_meet(&x->integrity, &y->integrity))
				return true;
		}
	}
	return false;
}

/* The tunnel group of @ir named after address @addr, or NULL. */
static const struct ir_tunnel_group *tg_for(const struct ir *ir,
					    const struct ir_addr *addr)
{
	char buf[64];

	return ir_tunnel_group(ir, ir_peer_str(addr, buf, sizeof(buf)));
}

static const struct ir_psk *clear_psk(const struct ir_tunnel_group *tg,
				      int ver)
{
	const struct ir_psk *k = ver == 1 ? &tg->ikev1_psk :
					    &tg->ikev2_remote_psk;

	return k->set && k->key && !k->masked && k->encoding == 0 ? k : NULL;
}

/* The IKE policy defaults of seed 002 ("IKE Policy Keywords and
 * Values"): aes, sha, pre-share, group 14, 86400 s; IKEv2 prf sha. */
static const char *first_or(const struct vec *v, size_t i, const char *def)
{
	return i < v->n ? ((const struct sym *)v->v[i])->s : def;
}

static bool syms_meet(const struct vec *x, const struct vec *y,
		      const char *def)
{
	size_t i, j, nx = x->n ? x->n : 1, ny = y->n ? y->n : 1;

	for (i = 0; i < nx; i++)
		for (j = 0; j < ny; j++)
			if (!strcasecmp(first_or(x, i, def),
					first_or(y, j, def)))
				return true;
	return false;
}

static long long ival_at(const struct vec *v, size_t i, long long def)
{
	return i < v->n ? ((const struct ival *)v->v[i])->v : def;
}

static bool groups_meet(const struct vec *x, const struct vec *y)
{
	size_t i, j, nx = x->n ? x->n : 1, ny = y->n ? y->n : 1;

	for (i = 0; i < nx; i++)
		for (j = 0; j < ny; j++)
			if (ival_at(x, i, 14) == ival_at(y, j, 14))
				return true;
	return false;
}

/* IKEv1 lifetime, with 0 (no rekey, seed 004) as the longest. */
static unsigned long long v1_life(const struct ir_ike_policy *p)
{
	long long t = p->lifetime.set ? p->lifetime.v : 86400;

	return t == 0 ? ~0ULL : (unsigned long long)t;
}

/*
 * Seed 002, IKE policies: "A match exists when both policies from the two
 * peers contain the same encryption, hash, authentication, and
 * Diffie-Hellman parameter values.  For IKEv1, the remote peer policy
 * must also specify a lifetime less than or equal to the lifetime in the
 * policy the initiator sent."  Returns 0 no match, 1 a match either side
 * may initiate, 2 a match only when @a initiates, 3 only when @b does.
 */
static int ike_match(const struct ir *a, const struct ir *b, int ver)
{
	const struct ir_ike_policy *x, *y;
	bool fwd = false, back = false;
	uint32_t i, j;

	vec_foreach(&a->ike_policies, i, x) {
		if (x->version != ver)
			continue;
		vec_foreach(&b->ike_policies, j, y) {
			if (y->version != ver ||
			    !syms_meet(&x->encryption, &y->encryption, "aes") ||
			    !syms_meet(&x->integrity, &y->integrity, "sha") ||
			    !groups_meet(&x->group, &y->group))
				continue;
			if (ver == 2) {
				if (syms_meet(&x->prf, &y->prf, "sha"))
					return 1;
				continue;
			}
			if (strcasecmp(x->authentication.s ?
				       x->authentication.s : "pre-share",
				       y->authentication.s ?
				       y->authentication.s : "pre-share"))
				continue;
			if (v1_life(y) <= v1_life(x))
				fwd = true;
			if (v1_life(x) <= v1_life(y))
				back = true;
		}
	}
	return fwd && back ? 1 : fwd ? 2 : back ? 3 : 0;
}

/* Does the entry offer IKE version @ver (transform sets: 1, IPsec
 * proposals: 2)? */
static bool offers(const struct ir_cmap_entry *e, int ver)
{
	return ver == 1 ? e->transform_sets.n > 0 : e->proposals.n > 0;
}

static void check_ike(struct diag_ctx *d, const struct ir *a,
		      const struct ir_cmap *cma, const struct ir_cmap_entry *ea,
		      const struct ir *b, const struct ir_cmap *cmb,
		      const struct ir_cmap_entry *eb)
{
	int ver, m[3] = { 0, 0, 0 }, common = 0;

	for (ver = 1; ver <= 2; ver++)
		if (offers(ea, ver) && offers(eb, ver)) {
			common++;
			m[ver] = ike_match(a, b, ver);
			if (m[ver] == 1)
				return;
		}
	if (!common) {
		if ((!ea->transform_sets.n && !ea->proposals.n) ||
		    (!eb->transform_sets.n && !eb->proposals.n))
			return;
		diag_report(d, RULE_PEER_IKE_MISMATCH, &ea->loc, "'%s %lld' "
			    "offers IKEv%d only and the peer's '%s %lld' "
			    "IKEv%d only", cma->name.s, (long long)ea->seq.v,
			    offers(ea, 1) ? 1 : 2, cmb->name.s,
			    (long long)eb->seq.v, offers(eb, 1) ? 1 : 2);
		diag_note(d, &eb->loc, "the peer's entry");
		return;
	}
	for (ver = 1; ver <= 2; ver++) {
		if (!m[ver] || m[ver] == 1)
			continue;
		/* a match in one direction only */
		diag_report(d, RULE_PEER_IKE_MISMATCH, &ea->loc, "the IKEv1 "
			    "policies of the two ends of '%s %lld' match only "
			    "when %s initiates: the responder's lifetime must "
			    "not exceed the initiator's", cma->name.s,
			    (long long)ea->seq.v, m[ver] == 2 ? "this end" :
			    "the peer");
		diag_note(d, &eb->loc, "the peer's entry");
		return;
	}
	ver = common == 2 ? 0 : offers(ea, 1) && offers(eb, 1) ? 1 : 2;
	if (ver == 0)
		diag_report(d, RULE_PEER_IKE_MISMATCH, &ea->loc, "no IKEv1 or "
			    "IKEv2 policy of this device matches one of the "
			    "peer's for '%s %lld'", cma->name.s,
			    (long long)ea->seq.v);
	else
		diag_report(d, RULE_PEER_IKE_MISMATCH, &ea->loc, "no IKEv%d "
			    "policy of this device matches one of the peer's "
			    "for '%s %lld' (encryption, %s and Diffie-Hellman "
			    "group must all agree)", ver, cma->name.s,
			    (long long)ea->seq.v, ver == 1 ?
			    "hash, authentication" : "integrity, prf");
	diag_note(d, &eb->loc, "the peer's entry");
}

static void check_pair(struct diag_ctx *d, const struct ir *a,
		       struct cm_model *ma, const struct ir *b,
		       struct cm_model *mb)
{
	const struct ir_cmap_entry *ea = NULL, *eb;
	const struct ir_cmap *cma, *cmb;
	const struct ir_addr *pa, *pb;

	while ((ea = toward(a, b, &cma, ea, &pa))) {
		const struct cm_acl *xa, *xb;
		struct sp_set mb_set;
		struct sp_point w;
		const struct ir_tunnel_group *ta, *tb;

		/* the peer's entry toward us whose mirrored ACL meets ours
		 * (a device may run several tunnels to one peer), else its
		 * first */
		xa = cm_acl_get(ma, ea->acl_target);
		sp_init(&mb_set);
		eb = NULL;
		{
			const struct ir_cmap_entry *c = NULL, *first = NULL;
			const struct ir_cmap *cm_first = NULL;
			const struct ir_addr *p_first = NULL;
			struct sp_set meet;

			sp_init(&meet);
			while (!eb && (c = toward(b, a, &cmb, c, &pb))) {
				if (!first) {
					first = c;
					cm_first = cmb;
					p_first = pb;
				}
				mirror(&mb_set, protected_by(mb, c));
				sp_intersect(&meet, protected_by(ma, ea),
					     &mb_set);
				if (!sp_empty(&meet))
					eb = c;
			}
			sp_free(&meet);
			if (!eb) {
				eb = first;
				cmb = cm_first;
				pb = p_first;
			}
		}
		if (!eb) {
			sp_free(&mb_set);
			return;
		}
		xb = cm_acl_get(mb, eb->acl_target);
		mirror(&mb_set, protected_by(mb, eb));
		/* with several peers on an entry (backup peers, or the
		 * cascade of seed 002 where one ACL serves two sites) part
		 * of the ACL belongs to another peer: compare single-peer
		 * entries only */
		if (ea->peers.n == 1 && eb->peers.n == 1 &&
		    !sp_equal(protected_by(ma, ea), &mb_set, &w)) {
			char pkt[160];

			sp_point_str(&w, pkt, sizeof(pkt));
			diag_report(d, RULE_PEER_ACL_NOT_MIRRORED, &ea->loc,
				    "crypto ACL '%s' of '%s %lld' is not the "
				    "mirror of the peer's '%s' ('%s %lld')",
				    xa->acl->name.s, cma->name.s,
				    (long long)ea->seq.v, xb->acl->name.s,
				    cmb->name.s, (long long)eb->seq.v);
			if (sp_contains(protected_by(ma, ea), &w))
				diag_note(d, &eb->loc, "'%s %lld' protects "
					  "%s, but the mirror of this entry's "
					  "ACL does not cover it", cma->name.s,
					  (long long)ea->seq.v, pkt);
			else
				diag_note(d, &eb->loc, "this entry protects "
					  "the mirror of %s, but '%s %lld' "
					  "does not", pkt, cma->name.s,
					  (long long)ea->seq.v);
		}
		sp_free(&mb_set);
		if ((ea->transform_sets.n && eb->transform_sets.n &&
		     !ts_common(a, ea, b, eb)) ||
		    (ea->proposals.n && eb->proposals.n &&
		     !prop_common(a, ea, b, eb) &&
		     !(ea->transform_sets.n && eb->transform_sets.n &&
		       ts_common(a, ea, b, eb)))) {
			diag_report(d, RULE_PEER_TRANSFORM_MISMATCH, &ea->loc,
				    "'%s %lld' and the peer's '%s %lld' share "
				    "no transform set or IPsec proposal",
				    cma->name.s, (long long)ea->seq.v,
				    cmb->name.s, (long long)eb->seq.v);
			diag_note(d, &eb->loc, "the peer's entry");
		}
		check_ike(d, a, cma, ea, b, cmb, eb);
		if (ea->pfs_set != eb->pfs_set ||
		    (ea->pfs_set && ea->pfs.s && eb->pfs.s &&
		     strcasecmp(ea->pfs.s, eb->pfs.s))) {
			diag_report(d, RULE_PEER_PFS_MISMATCH, &ea->loc,
				    "'%s %lld' %s PFS%s%s but the peer's '%s "
				    "%lld' %s%s", cma->name.s,
				    (long long)ea->seq.v, ea->pfs_set ?
				    "requires" : "does not require",
				    ea->pfs_set && ea->pfs.s ? " " : "",
				    ea->pfs_set && ea->pfs.s ? ea->pfs.s : "",
				    cmb->name.s, (long long)eb->seq.v,
				    eb->pfs_set ? "requires " : "does not",
				    eb->pfs_set && eb->pfs.s ? eb->pfs.s : "");
			diag_note(d, &eb->loc, "the peer's entry");
		}
		ta = tg_for(a, pa);
		tb = tg_for(b, pb);
		if (ta && tb) {
			int v;

			for (v = 1; v <= 2; v++) {
				const struct ir_psk *ka = clear_psk(ta, v),
						    *kb = clear_psk(tb, v);

				if (!ka || !kb || !strcmp(ka->key, kb->key))
					continue;
				diag_report(d, RULE_PEER_PSK_MISMATCH, &ka->loc,
					    "the IKEv%d pre-shared key of tunnel "
					    "group '%s' differs from the peer's",
					    v, ta->name.s);
				diag_note(d, &kb->loc, "the peer's key");
			}
		}
	}
}

static bool psk_eq(const struct ir_psk *a, const struct ir_psk *b)
{
	if (a->set != b->set)
		return false;
	/* masked or encrypted keys cannot be compared: say nothing */
	if (!a->key || !b->key || a->masked || b->masked ||
	    a->encoding != b->encoding)
		return true;
	return !strcmp(a->key, b->key);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* First and last IPv4 address of a pool; false for IPv6 pools. */
static bool pool_range(const struct ir_pool *p, uint32_t *lo, uint32_t *hi)
{
	const struct ir_addr *r = p->range;

	if (!r || p->family == 6 || r->family != 4)
		return false;
	*lo = be32(r->a);
	*hi = r->kind == IR_ADDR_RANGE ? be32(r->b) : *lo;
	return *lo <= *hi;
}

/*
 * Load-balancing members (seed 000): identical cluster settings, and
 * address pools unique per device.  Each later member is compared with
 * the first one given.
 */
static void check_lb_members(struct diag_ctx *d, struct ir *const *irs,
			     size_t n)
{
	const struct ir *first = NULL;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct ir_vpn_lb *x, *y;
		const char *what = NULL;

		if (!irs[i]->lb.present)
			continue;
		if (!first) {
			first = irs[i];
			continue;
		}
		x = &first->lb;
		y = &irs[i]->lb;
		if (!same_addr(x->cluster_ip, y->cluster_ip) &&
		    (x->cluster_ip || y->cluster_ip))
			what = "cluster ip address";
		else if (x->cluster_port.set != y->cluster_port.set ||
			 x->cluster_port.v != y->cluster_port.v)
			what = "cluster port";
		else if ((x->cluster_encryption.set &&
			  x->cluster_encryption.v) !=
			 (y->cluster_encryption.set && y->cluster_encryption.v))
			what = "cluster encryption";
		else if (!psk_eq(&x->cluster_key, &y->cluster_key))
			what = "cluster key";
		if (what) {
			diag_report(d, RULE_LB_CLUSTER_MISMATCH, &y->loc, "this "
				    "load-balancing member's %s differs from "
				    "the first member's", what);
			diag_note(d, &x->loc, "the first member");
		}
	}
	for (i = 0; i < n; i++) {
		const struct ir_pool *p, *q;
		uint32_t a, b, k, l, plo, phi, qlo, qhi;

		if (!irs[i]->lb.present)
			continue;
		for (j = i + 1; j < n; j++) {
			if (!irs[j]->lb.present)
				continue;
			vec_foreach(&irs[i]->pools, a, p) {
				if (!pool_range(p, &plo, &phi))
					continue;
				vec_foreach(&irs[j]->pools, b, q) {
					if (!pool_range(q, &qlo, &qhi) ||
					    phi < qlo || qhi < plo)
						continue;
					k = plo > qlo ? plo : qlo;
					l = phi < qhi ? phi : qhi;
					diag_report(d, RULE_LB_POOLS_OVERLAP,
						    &q->loc, "address pool '%s' "
						    "overlaps pool '%s' of "
						    "another load-balancing "
						    "member (%u.%u.%u.%u-"
						    "%u.%u.%u.%u)", q->name.s,
						    p->name.s, k >> 24,
						    k >> 16 & 255, k >> 8 & 255,
						    k & 255, l >> 24,
						    l >> 16 & 255, l >> 8 & 255,
						    l & 255);
					diag_note(d, &p->loc, "the other pool");
				}
			}
		}
	}
}

void lint_peers(struct ir *const *irs, size_t n, struct diag_ctx *d)
{
	struct cm_model *m;
	size_t i, j;

	if (n < 2)
		return;
	check_lb_members(d, irs, n);
	m = xcalloc(n, sizeof(*m));
	for (i = 0; i < n; i++)
		cm_build_sets(&m[i], irs[i]);
	/* each pair once, reported on the first file's side */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			check_pair(d, irs[i], &m[i], irs[j], &m[j]);
	for (i = 0; i < n; i++)
		cm_free(&m[i]);
	free(m);
}

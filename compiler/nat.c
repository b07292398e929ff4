/* SPDX-License-Identifier: MIT */
/*
 * nat.c - the ASA's NAT, as far as a packet trace needs it (see nat.h).
 *
 * Order (../shared/reference/nat-crypto-order.md, Q2): section 1, twice NAT
 * in configuration order (`nat ... LINE` inserts, as on the CLI); section
 * 2, object NAT, static rules before dynamic ones, then the smaller
 * real network first, then by object name; section 3, twice NAT
 * `after-auto`.  First match wins.  8.2 configurations: `nat (if) 0
 * access-list` exempts what its ACL permits; then `static (real,mapped)`
 * in order; then `nat (if) N NET MASK` translates to the `global (egress)
 * N` of the same id (F2.7: "NAT exemption ... then static NAT/PAT (in
 * order), then policy dynamic NAT (in order), then regular dynamic NAT").
 */
#include "asac.h"
#include "cryptomap.h"
#include "nat.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXR 256

static bool if_any(const struct sym *s)
{
	return !s->s || !strcmp(s->s, "any");
}

static bool if_match(const struct sym *s, const char *ifname)
{
	return if_any(s) || (ifname && !strcmp(s->s, ifname));
}

static bool in_name(const struct ir *ir, const char *name, uint8_t fam,
		    sp_u128 v)
{
	sp_u128 lo[MAXR], hi[MAXR];
	size_t n = cm_name_ranges(ir, name, fam, lo, hi, MAXR), i;

	for (i = 0; i < n; i++)
		if (v >= lo[i] && v <= hi[i])
			return true;
	return false;
}

static bool first_range(const struct ir *ir, const char *name, uint8_t fam,
			sp_u128 *lo, sp_u128 *hi)
{
	return cm_name_ranges(ir, name, fam, lo, hi, 1) == 1;
}

/*
 * Map @v of the real range [rlo, rhi] into the mapped range [mlo, mhi]:
 * static NAT keeps the host part (a network to a network of the same
 * size); a larger real range onto a smaller mapped one maps what fits.
 */
static sp_u128 map_offset(sp_u128 v, sp_u128 rlo, sp_u128 mlo, sp_u128 mhi)
{
	sp_u128 off = v - rlo;

	return mhi - mlo >= off ? mlo + off : mlo;
}

/* The first range of a dynamic rule's pool (the translation takes any
 * address of it). */
static bool pool_range(const struct ir *ir, const struct ir_nat_mapped *m,
		       uint8_t fam, sp_u128 *lo, sp_u128 *hi)
{
	if (m->addr)
		return cm_addr_ranges(ir, m->addr, fam, lo, hi, 1) == 1;
	return first_range(ir, m->name.s, fam, lo, hi);
}

/* The mapped address for @v; false if the mapped side names nothing. */
static bool mapped_addr(const struct ir *ir, const struct ir_nat *n,
			const struct ir_nat_mapped *m, const char *real_name,
			const struct ir_addr *real_inline, const char *out_if,
			uint8_t fam, sp_u128 v, sp_u128 *out, char *how,
			size_t howlen)
{
	sp_u128 rlo = 0, rhi = 0, mlo, mhi;

	if (m->interface) {
		snprintf(how, howlen, "%s interface", n->type == IR_NAT_STATIC ?
			 "static" : "dynamic PAT to");
		return cm_iface_addr(ir, out_if, fam, out);
	}
	if (m->addr) {
		if (cm_addr_ranges(ir, m->addr, fam, &mlo, &mhi, 1) != 1)
			return false;
	} else if (!first_range(ir, m->name.s, fam, &mlo, &mhi)) {
		return false;
	}
	if (n->type == IR_NAT_DYNAMIC) {
		/* the pool's first address stands for the pool */
		snprintf(how, howlen, "dynamic%s from %s", m->pat_pool ?
			 " PAT pool" : "", m->name.s ? m->name.s : "the pool");
		*out = mlo;
		return true;
	}
	if (real_inline)
		cm_addr_ranges(ir, real_inline, fam, &rlo, &rhi, 1);
	else
		first_range(ir, real_name, fam, &rlo, &rhi);
	snprintf(how, howlen, "static");
	*out = map_offset(v, rlo, mlo, mhi);
	return true;
}

static void fmt(uint8_t fam, sp_u128 v, char *buf, size_t len)
{
	sp_addr_str(fam, v, buf, len);
}

/* Static PAT: does @p carry the rule's protocol and @port in @d? (true
 * for a rule without ports) */
static bool pat_holds(const struct ir_nat *n, const struct sp_point *p,
		      enum sp_dim d, uint16_t port)
{
	return !n->pat_proto ||
	       (p->d[SP_PROTO] == sp_proto_rank(n->pat_proto) && p->d[d] == port);
}

/* "/PORT" of a static PAT rule, or "". */
static void fmt_port(const struct ir_nat *n, uint16_t port, char *buf,
		     size_t len)
{
	if (n->pat_proto)
		snprintf(buf, len, "/%u", port);
	else
		*buf = 0;
}

/* The first permit ACE of a policy static's ACL (its real network). */
static const struct ir_ace *policy_ace(const struct ir_nat *n)
{
	const struct ir_acl *acl = n->acl_target;
	const struct ir_ace *a;
	uint32_t k;

	if (!acl)
		return NULL;
	vec_foreach(&acl->aces, k, a)
		if (a->permit && !a->inactive && !a->remark && a->src)
			return a;
	return NULL;
}

bool nat_static82_ranges(const struct ir *ir, const struct ir_nat *n,
			 uint8_t fam, sp_u128 *rlo, sp_u128 *rhi,
			 sp_u128 *mlo, sp_u128 *mhi)
{
	const struct ir_ace *a = n->addr82 ? NULL : policy_ace(n);
	const struct ir_addr *real = n->addr82 ? n->addr82 : a ? a->src : NULL;

	if (!real || cm_addr_ranges(ir, real, fam, rlo, rhi, 1) != 1)
		return false;
	if (n->mapped_src.interface) {
		if (!cm_iface_addr(ir, n->mapped_if.s, fam, mlo))
			return false;
		*mhi = *mlo;
		return true;
	}
	if (cm_addr_ranges(ir, n->mapped_src.addr, fam, mlo, mhi, 1) != 1)
		return false;
	if (!n->addr82) {
		/* "the subnet mask used in the access list is also used
		 * for the mapped_ip" (8.2 command reference, static) */
		*mlo &= ~(*rhi - *rlo);
		*mhi = *mlo + (*rhi - *rlo);
	}
	return true;
}

/* Section order of the 8.3+ rules. */
struct ordered {
	const struct ir_nat **v;
	size_t n;
};

static sp_u128 object_size(const struct ir *ir, const struct ir_object *o)
{
	sp_u128 lo, hi;

	if (!o->addr || cm_addr_ranges(ir, o->addr, o->addr->family ?
				       o->addr->family : 4, &lo, &hi, 1) != 1)
		return ~(sp_u128)0;
	return hi - lo;
}

static const struct ir *sort_ir;

static int object_order(const void *pa, const void *pb)
{
	const struct ir_nat *a = *(const struct ir_nat *const *)pa;
	const struct ir_nat *b = *(const struct ir_nat *const *)pb;
	sp_u128 sa, sb;

	if (a->type != b->type)
		return a->type == IR_NAT_STATIC ? -1 : 1;
	sa = object_size(sort_ir, a->object);
	sb = object_size(sort_ir, b->object);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return strcmp(a->object->name.s, b->object->name.s);
}

static void order_rules(const struct ir *ir, struct ordered *o)
{
	const struct ir_nat *n;
	const struct ir_object *ob;
	size_t cap = ir->nats.n + ir->objects.n + 1, first;
	uint32_t k;

	o->v = xcalloc(cap, sizeof(*o->v));
	o->n = 0;
	/* section 1, with `nat ... LINE` inserting before that line */
	vec_foreach(&ir->nats, k, n) {
		if (n->kind != IR_NAT_TWICE || n->after_auto)
			continue;
		if (n->line.set && n->line.v >= 1 && (size_t)n->line.v <= o->n) {
			size_t at = (size_t)n->line.v - 1;

			memmove(o->v + at + 1, o->v + at, (o->n - at) * sizeof(*o->v));
			o->v[at] = n;
			o->n++;
		} else {
			o->v[o->n++] = n;
		}
	}
	/* section 2 */
	first = o->n;
	vec_foreach(&ir->objects, k, ob)
		if (ob->nat)
			o->v[o->n++] = ob->nat;
	sort_ir = ir;
	qsort(o->v + first, o->n - first, sizeof(*o->v), object_order);
	/* section 3 */
	vec_foreach(&ir->nats, k, n)
		if (n->kind == IR_NAT_TWICE && n->after_auto)
			o->v[o->n++] = n;
}

const struct ir_nat **nat_rules(const struct ir *ir, size_t *n)
{
	struct ordered o;

	order_rules(ir, &o);
	*n = o.n;
	return o.v;
}

static bool acl_permits(struct cm_model *m, const struct ir_acl *acl,
			const struct sp_point *p)
{
	return acl && cm_acl_match(cm_acl_get(m, acl), p, NULL) == 1;
}

/* 8.2: nat 0 access-list, then nat (if) N NET MASK with global N. */
static bool nat82(struct cm_model *m, const char *in_if, const char *out_if,
		  const struct sp_point *p, struct nat_result *r)
{
	const struct ir *ir = m->ir;
	const struct ir_nat *n;
	uint32_t k;

	vec_foreach(&ir->nats, k, n) {
		if (n->kind != IR_NAT_82 || !if_match(&n->real_if, in_if))
			continue;
		if (n->acl.s && n->nat_id.v == 0 &&
		    acl_permits(m, n->acl_target, p)) {
			r->kind = NAT_EXEMPT;
			r->config = &n->loc;
			snprintf(r->info, sizeof(r->info), "NAT exempt: "
				 "access-list %s permits the packet", n->acl.s);
			return true;
		}
	}
	/* static (real,mapped), in order: from its real side */
	vec_foreach(&ir->nats, k, n) {
		sp_u128 rlo, rhi, mlo, mhi;
		char a[64], b[64], pa[8], pb[8];

		if (n->kind != IR_NAT_82_STATIC ||
		    !if_match(&n->real_if, in_if) ||
		    !if_match(&n->mapped_if, out_if) ||
		    !pat_holds(n, p, SP_SPORT, n->pat_rport) ||
		    !nat_static82_ranges(ir, n, p->family, &rlo, &rhi, &mlo, &mhi) ||
		    p->d[SP_SRC] < rlo || p->d[SP_SRC] > rhi ||
		    (n->acl.s && !acl_permits(m, n->acl_target, p)))
			continue;
		r->kind = NAT_TRANSLATED;
		r->config = &n->loc;
		r->v82 = true;
		r->out.d[SP_SRC] = map_offset(p->d[SP_SRC], rlo, mlo, mhi);
		if (n->pat_proto)
			r->out.d[SP_SPORT] = n->pat_mport;
		fmt(p->family, p->d[SP_SRC], a, sizeof(a));
		fmt(p->family, r->out.d[SP_SRC], b, sizeof(b));
		fmt_port(n, n->pat_rport, pa, sizeof(pa));
		fmt_port(n, n->pat_mport, pb, sizeof(pb));
		if (!memcmp(&r->out, p, sizeof(*p)))
			snprintf(r->info, sizeof(r->info), "identity: static "
				 "translates %s%s to itself", a, pa);
		else
			snprintf(r->info, sizeof(r->info), "static%s translate "
				 "%s%s to %s%s", n->pat_proto ? " PAT" : "", a,
				 pa, b, pb);
		return true;
	}
	vec_foreach(&ir->nats, k, n) {
		const struct ir_global82 *g, *found = NULL;
		sp_u128 lo, hi, v;
		uint32_t j;
		char a[64], b[64];

		if (n->kind != IR_NAT_82 || !if_match(&n->real_if, in_if) ||
		    n->nat_id.v == 0)
			continue;
		if (n->acl.s ? !acl_permits(m, n->acl_target, p) :
		    !(n->addr82 && cm_addr_ranges(ir, n->addr82, p->family,
						  &lo, &hi, 1) == 1 &&
		      p->d[SP_SRC] >= lo && p->d[SP_SRC] <= hi))
			continue;
		vec_foreach(&ir->globals82, j, g)
			if (g->nat_id.v == n->nat_id.v && if_match(&g->iface, out_if))
				found = g;
		r->config = &n->loc;
		if (!found) {
			r->kind = NAT_FAILED;
			snprintf(r->info, sizeof(r->info), "nat id %lld has no "
				 "global on ifc %s", (long long)n->nat_id.v,
				 out_if ? out_if : "?");
			return true;
		}
		if (found->interface ? !cm_iface_addr(ir, out_if, p->family, &v) :
		    cm_addr_ranges(ir, found->addr, p->family, &v, &hi, 1) != 1) {
			r->kind = NAT_FAILED;
			snprintf(r->info, sizeof(r->info), "global %lld has no "
				 "address", (long long)n->nat_id.v);
			return true;
		}
		r->kind = NAT_TRANSLATED;
		r->out.d[SP_SRC] = v;
		if (!found->interface && hi != v) {
			r->pooled = true;
			r->pool_lo = v;
			r->pool_hi = hi;
		}
		fmt(p->family, p->d[SP_SRC], a, sizeof(a));
		fmt(p->family, v, b, sizeof(b));
		snprintf(r->info, sizeof(r->info), "dynamic translate %s to %s "
			 "(nat %lld, global on %s)", a, b,
			 (long long)n->nat_id.v, out_if ? out_if : "?");
		return true;
	}
	return false;
}

void nat_forward(struct cm_model *m, const char *in_if, const char *out_if,
		 const struct sp_point *p, struct nat_result *r)
{
	const struct ir *ir = m->ir;
	struct ordered o;
	size_t i;
	uint8_t fam = p->family;

	memset(r, 0, sizeof(*r));
	r->out = *p;
	if (nat82(m, in_if, out_if, p, r))
		return;
	order_rules(ir, &o);
	for (i = 0; i < o.n; i++) {
		const struct ir_nat *n = o.v[i];
		const char *real = n->kind == IR_NAT_OBJECT ? NULL : n->real_src.s;
		char how[80], a[48], b[48], c[48], d[48], pa[8], pb[8];
		sp_u128 v;

		if (!if_match(&n->real_if, in_if) || !if_match(&n->mapped_if, out_if))
			continue;
		if (n->flags & IR_NATF_INACTIVE)
			continue;
		if (n->kind == IR_NAT_OBJECT) {
			if (!n->object->addr)
				continue;
			{
				sp_u128 lo[MAXR], hi[MAXR];
				size_t k, cnt = cm_addr_ranges(ir, n->object->addr,
							       fam, lo, hi, MAXR);
				bool in = false;

				for (k = 0; k < cnt; k++)
					in |= p->d[SP_SRC] >= lo[k] && p->d[SP_SRC] <= hi[k];
				if (!in || !pat_holds(n, p, SP_SPORT,
						       n->pat_rport))
					continue;
			}
		} else {
			if (!in_name(ir, real, fam, p->d[SP_SRC]))
				continue;
			/* destination static MAPPED REAL: the packet is sent
			 * to the mapped destination */
			if (n->has_dst && !n->mapped_dst.interface &&
			    !in_name(ir, n->mapped_dst.name.s, fam, p->d[SP_DST]))
				continue;
			if (n->svc_real.s) {
				r->unsupported = true;
			}
		}
		r->config = &n->loc;
		if (!mapped_addr(ir, n, &n->mapped_src, real,
				 n->kind == IR_NAT_OBJECT ? n->object->addr : NULL,
				 out_if, fam, p->d[SP_SRC], &v, how, sizeof(how))) {
			r->kind = NAT_FAILED;
			snprintf(r->info, sizeof(r->info), "the mapped address of "
				 "the rule names no %s address",
				 fam == 6 ? "IPv6" : "IPv4");
			free(o.v);
			return;
		}
		r->out.d[SP_SRC] = v;
		if (n->pat_proto)
			r->out.d[SP_SPORT] = n->pat_mport;
		if (n->type == IR_NAT_DYNAMIC && !n->mapped_src.interface)
			r->pooled = pool_range(ir, &n->mapped_src, fam,
					       &r->pool_lo, &r->pool_hi);
		if (n->has_dst) {
			sp_u128 mlo, mhi, rlo, rhi;

			if (!n->mapped_dst.interface &&
			    first_range(ir, n->mapped_dst.name.s, fam, &mlo, &mhi) &&
			    first_range(ir, n->real_dst.s, fam, &rlo, &rhi))
				r->out.d[SP_DST] = map_offset(p->d[SP_DST], mlo,
							      rlo, rhi);
		}
		r->kind = NAT_TRANSLATED;
		fmt(fam, p->d[SP_SRC], a, sizeof(a));
		fmt(fam, r->out.d[SP_SRC], b, sizeof(b));
		fmt_port(n, n->pat_rport, pa, sizeof(pa));
		fmt_port(n, n->pat_mport, pb, sizeof(pb));
		fmt(fam, p->d[SP_DST], c, sizeof(c));
		fmt(fam, r->out.d[SP_DST], d, sizeof(d));
		if (!memcmp(&r->out, p, sizeof(*p)))
			snprintf(r->info, sizeof(r->info), "identity: %s %s "
				 "translates %s%s to itself", n->kind == IR_NAT_OBJECT ?
				 "object NAT" : "twice NAT", how, a, pa);
		else
			snprintf(r->info, sizeof(r->info), "%s translate %s%s to "
				 "%s%s%s%s%s%s", how, a, pa, b, pb, n->has_dst ?
				 ", destination " : "", n->has_dst ? c : "",
				 n->has_dst ? " to " : "", n->has_dst ? d : "");
		free(o.v);
		return;
	}
	free(o.v);
}

bool nat_forward_dst(struct cm_model *m, const char *in_if,
		     struct sp_point *p, struct nat_result *r)
{
	const struct ir *ir = m->ir;
	struct ordered o;
	size_t i;
	uint8_t fam = p->family;

	memset(r, 0, sizeof(*r));
	order_rules(ir, &o);
	for (i = 0; i < o.n; i++) {
		const struct ir_nat *n = o.v[i];
		sp_u128 mlo, mhi, rlo, rhi, v;
		char a[48], b[48];

		if (n->kind != IR_NAT_TWICE || !n->has_dst ||
		    n->mapped_dst.interface || (n->flags & IR_NATF_INACTIVE) ||
		    !if_match(&n->real_if, in_if) ||
		    !in_name(ir, n->real_src.s, fam, p->d[SP_SRC]) ||
		    !in_name(ir, n->mapped_dst.name.s, fam, p->d[SP_DST]))
			continue;
		if (!first_range(ir, n->mapped_dst.name.s, fam, &mlo, &mhi) ||
		    !first_range(ir, n->real_dst.s, fam, &rlo, &rhi))
			break;
		v = map_offset(p->d[SP_DST], mlo, rlo, rhi);
		if (v == p->d[SP_DST])
			break;		/* identity: nothing to untranslate */
		fmt(fam, p->d[SP_DST], a, sizeof(a));
		fmt(fam, v, b, sizeof(b));
		p->d[SP_DST] = v;
		r->kind = NAT_TRANSLATED;
		r->config = &n->loc;
		r->out = *p;
		snprintf(r->info, sizeof(r->info), "NAT divert: untranslate "
			 "destination %s to %s", a, b);
		free(o.v);
		return true;
	}
	free(o.v);
	return false;
}

/* 8.2 `static`, seen from its mapped side, in order. */
static bool static82_untranslate(struct cm_model *m, const char *in_if,
				 struct sp_point *p, struct nat_result *r)
{
	const struct ir *ir = m->ir;
	const struct ir_nat *n;
	uint32_t k;

	vec_foreach(&ir->nats, k, n) {
		sp_u128 rlo, rhi, mlo, mhi;
		char a[64], b[64], pa[8], pb[8];
		struct sp_point real = *p;

		if (n->kind != IR_NAT_82_STATIC ||
		    !if_match(&n->mapped_if, in_if) ||
		    !pat_holds(n, p, SP_DPORT, n->pat_mport) ||
		    !nat_static82_ranges(ir, n, p->family, &rlo, &rhi, &mlo, &mhi) ||
		    p->d[SP_DST] < mlo || p->d[SP_DST] > mhi)
			continue;
		real.d[SP_DST] = map_offset(p->d[SP_DST], mlo, rlo, rhi);
		if (n->pat_proto)
			real.d[SP_DPORT] = n->pat_rport;
		if (n->acl.s) {
			/* policy static: only for the ACL's destinations,
			 * i.e. the reply to what the ACL permits */
			struct sp_point rev = real;

			rev.d[SP_SRC] = real.d[SP_DST];
			rev.d[SP_DST] = real.d[SP_SRC];
			rev.d[SP_SPORT] = real.d[SP_DPORT];
			rev.d[SP_DPORT] = real.d[SP_SPORT];
			if (!acl_permits(m, n->acl_target, &rev))
				continue;
		}
		fmt(p->family, p->d[SP_DST], a, sizeof(a));
		fmt(p->family, real.d[SP_DST], b, sizeof(b));
		fmt_port(n, n->pat_mport, pa, sizeof(pa));
		fmt_port(n, n->pat_rport, pb, sizeof(pb));
		*p = real;
		r->kind = NAT_TRANSLATED;
		r->config = &n->loc;
		r->v82 = true;
		r->out = *p;
		snprintf(r->info, sizeof(r->info), "static%s untranslate %s%s "
			 "to %s%s", n->pat_proto ? " PAT" : "", a, pa, b, pb);
		return true;
	}
	return false;
}

bool nat_untranslate(struct cm_model *m, const char *in_if,
		     struct sp_point *p, struct nat_result *r)
{
	const struct ir *ir = m->ir;
	struct ordered o;
	size_t i;
	uint8_t fam = p->family;

	memset(r, 0, sizeof(*r));
	if (static82_untranslate(m, in_if, p, r))
		return true;
	order_rules(ir, &o);
	for (i = 0; i < o.n; i++) {
		const struct ir_nat *n = o.v[i];
		sp_u128 mlo, mhi, rlo = 0, rhi = 0;
		char a[48], b[48], pa[8], pb[8];

		/* a static rule, seen from its mapped side */
		if (n->type != IR_NAT_STATIC ||
		    !if_match(&n->mapped_if, in_if) || (n->flags &
							 (IR_NATF_INACTIVE |
							  IR_NATF_UNIDIRECTIONAL)))
			continue;
		if (n->mapped_src.interface) {
			/* static interface (port forwarding with `service`):
			 * the mapped interface's address */
			if (if_any(&n->mapped_if) ||
			    !cm_iface_addr(ir, n->mapped_if.s, fam, &mlo))
				continue;
			mhi = mlo;
		} else if (n->mapped_src.addr) {
			if (cm_addr_ranges(ir, n->mapped_src.addr, fam, &mlo,
					   &mhi, 1) != 1)
				continue;
		} else if (!first_range(ir, n->mapped_src.name.s, fam, &mlo,
					&mhi)) {
			continue;
		}
		if (p->d[SP_DST] < mlo || p->d[SP_DST] > mhi ||
		    !pat_holds(n, p, SP_DPORT, n->pat_mport))
			continue;
		/* twice NAT with a destination: only traffic from it */
		if (n->kind == IR_NAT_TWICE && n->has_dst &&
		    !in_name(ir, n->real_dst.s, fam, p->d[SP_SRC]))
			continue;
		if (n->kind == IR_NAT_OBJECT) {
			if (!n->object->addr || cm_addr_ranges(ir, n->object->addr,
							       fam, &rlo, &rhi, 1) != 1)
				continue;
		} else if (!first_range(ir, n->real_src.s, fam, &rlo, &rhi)) {
			continue;
		}
		fmt(fam, p->d[SP_DST], a, sizeof(a));
		fmt_port(n, n->pat_mport, pa, sizeof(pa));
		p->d[SP_DST] = map_offset(p->d[SP_DST], mlo, rlo, rhi);
		if (n->pat_proto)
			p->d[SP_DPORT] = n->pat_rport;
		fmt(fam, p->d[SP_DST], b, sizeof(b));
		fmt_port(n, n->pat_rport, pb, sizeof(pb));
		r->kind = NAT_TRANSLATED;
		r->config = &n->loc;
		r->out = *p;
		snprintf(r->info, sizeof(r->info), "static%s untranslate %s%s "
			 "to %s%s", n->pat_proto ? " PAT" : "", a, pa, b, pb);
		free(o.v);
		return true;
	}
	free(o.v);
	return false;
}

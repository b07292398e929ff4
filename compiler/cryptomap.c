/* SPDX-License-Identifier: MIT */
/*
 * cryptomap.c - ACEs as packet sets, and crypto map evaluation (see
 * cryptomap.h for the semantics and the seed passages behind them).
 */
#include "asac.h"
#include "cryptomap.h"
#include "timerange.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32		/* nested object-groups (cycles are cut) */

/*
 * struct walk - one expansion of an operand through its object-groups:
 * each group is expanded once (a group named many times over, or by many
 * groups it nests, adds nothing the second time: a union), so the cost is
 * linear in the groups, not exponential in the nesting.
 */
struct walk {
	struct map seen;
	int depth;
};

static void walk_init(struct walk *w)
{
	map_init(&w->seen);
	w->depth = 0;
}

static void walk_free(struct walk *w)
{
	map_free(&w->seen);
}

/* Enter group @g: false when it was expanded already or too deep. */
static bool walk_enter(struct walk *w, const void *g)
{
	if (w->depth >= MAX_DEPTH || map_get(&w->seen, g))
		return false;
	map_put(&w->seen, g, w);
	return true;
}

/* --- ranges of one dimension ---------------------------------------------- */

struct rng {
	uint8_t family;		/* addresses: 4 or 6; else 0 */
	sp_u128 lo, hi;
};

struct rngs {
	struct rng *v;
	size_t n, cap;
};

static void rng_push(struct rngs *r, uint8_t family, sp_u128 lo, sp_u128 hi)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->v = xrealloc_array(r->v, r->cap, sizeof(*r->v));
	}
	r->v[r->n].family = family;
	r->v[r->n].lo = lo;
	r->v[r->n].hi = hi;
	r->n++;
}

/* The first and last address of an operand as numbers of its family. */
static sp_u128 addr_val(const struct ir_addr *a)
{
	return sp_addr_load(a->family, a->a);
}

static sp_u128 b_val(const struct ir_addr *a)
{
	return sp_addr_load(a->family, a->b);
}

static void net_range(struct rngs *out, uint8_t family, sp_u128 v,
		      unsigned int plen)
{
	unsigned int bits = family == 6 ? 128 : 32;
	sp_u128 host = plen >= bits ? 0 :
		       (((sp_u128)1 << (bits - plen)) - 1);

	rng_push(out, family, v & ~host, (v & ~host) | host);
}

static void addr_ranges(const struct ir *ir, const struct ir_addr *a,
			struct rngs *out, unsigned int *unsupported,
			struct walk *w);

static void group_ranges(const struct ir *ir, const struct ir_objgroup *g,
			 struct rngs *out, unsigned int *unsupported,
			 struct walk *w)
{
	const struct ir_ogm *m;
	uint32_t i;

	if (!walk_enter(w, g))
		return;
	w->depth++;
	vec_foreach(&g->members, i, m) {
		if (m->kind == IR_OGM_ADDR)
			addr_ranges(ir, m->addr, out, unsupported, w);
		else if (m->kind == IR_OGM_GROUP && m->target)
			group_ranges(ir, m->target, out, unsupported, w);
	}
	w->depth--;
}

static void addr_ranges(const struct ir *ir, const struct ir_addr *a,
			struct rngs *out, unsigned int *unsupported,
			struct walk *w)
{
	switch ((enum ir_addr_kind)a->kind) {
	case IR_ADDR_ANY:
		rng_push(out, 4, 0, sp_dim_max(4, SP_SRC));
		rng_push(out, 6, 0, sp_dim_max(6, SP_SRC));
		break;
	case IR_ADDR_ANY4:
		rng_push(out, 4, 0, sp_dim_max(4, SP_SRC));
		break;
	case IR_ADDR_ANY6:
		rng_push(out, 6, 0, sp_dim_max(6, SP_SRC));
		break;
	case IR_ADDR_NET:
		net_range(out, a->family, addr_val(a), a->plen);
		break;
	case IR_ADDR_RANGE:
		rng_push(out, a->family, addr_val(a), b_val(a));
		break;
	case IR_ADDR_OBJECT: {
		const struct ir_object *o = a->target;

		if (o && o->addr && w->depth < MAX_DEPTH) {
			w->depth++;
			addr_ranges(ir, o->addr, out, unsupported, w);
			w->depth--;
		}
		break;
	}
	case IR_ADDR_GROUP:
		if (a->target)
			group_ranges(ir, a->target, out, unsupported, w);
		break;
	case IR_ADDR_NAME: {
		const struct ir_name *n = a->target;

		if (!n)
			break;
		if (a->mask_written)
			net_range(out, n->addr->family, addr_val(n->addr),
				  (unsigned int)ir_mask_plen(a->mask_written));
		else
			net_range(out, n->addr->family, addr_val(n->addr),
				  n->addr->family == 6 ? 128 : 32);
		break;
	}
	case IR_ADDR_INTERFACE: {
		const struct ir_iface *f = a->target;

		if (f && f->ip && f->ip->kind == IR_ADDR_NET)
			net_range(out, f->ip->family, addr_val(f->ip),
				  f->ip->family == 6 ? 128 : 32);
		break;
	}
	case IR_ADDR_FQDN:
		/* resolved by DNS on the ASA: no address here */
		(*unsupported)++;
		break;
	}
}

/* Every range an operand names, each group expanded once. */
static void addr_ranges_all(const struct ir *ir, const struct ir_addr *a,
			    struct rngs *out, unsigned int *unsupported)
{
	struct walk w;

	walk_init(&w);
	addr_ranges(ir, a, out, unsupported, &w);
	walk_free(&w);
}

/* The ranges of @family in @r, at most @max, into @lo/@hi. */
static size_t rngs_of_family(const struct rngs *r, uint8_t family,
			     sp_u128 *lo, sp_u128 *hi, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < r->n && n < max; i++) {
		if (r->v[i].family != family)
			continue;
		lo[n] = r->v[i].lo;
		hi[n] = r->v[i].hi;
		n++;
	}
	return n;
}

size_t cm_addr_ranges(const struct ir *ir, const struct ir_addr *a,
		      uint8_t family, sp_u128 *lo, sp_u128 *hi, size_t max)
{
	struct rngs r = { 0 };
	unsigned int unsupported = 0;
	size_t n;

	addr_ranges_all(ir, a, &r, &unsupported);
	n = rngs_of_family(&r, family, lo, hi, max);
	free(r.v);
	return n;
}

size_t cm_addr_ranges_all(const struct ir *ir, const struct ir_addr *a,
			  uint8_t family, sp_u128 **lo, sp_u128 **hi,
			  unsigned int *unsupported)
{
	struct rngs r = { 0 };
	size_t n;

	addr_ranges_all(ir, a, &r, unsupported);
	*lo = xcalloc(r.n + 1, sizeof(**lo));
	*hi = xcalloc(r.n + 1, sizeof(**hi));
	n = rngs_of_family(&r, family, *lo, *hi, r.n);
	free(r.v);
	return n;
}

/* The operand a NAT rule's name stands for: "any" (of @family), an
 * object or an object-group; false for an unknown name. */
static bool name_operand(const struct ir *ir, const char *name,
			 uint8_t family, struct ir_addr *a)
{
	const char *in;

	memset(a, 0, sizeof(*a));
	if (!name)
		return false;
	if (!strcmp(name, "any")) {
		a->kind = family == 6 ? IR_ADDR_ANY6 : IR_ADDR_ANY4;
		return true;
	}
	in = strtab_intern(ir->strs, name, strlen(name));
	if ((a->target = map_get(&ir->m_objects, in)))
		a->kind = IR_ADDR_OBJECT;
	else if ((a->target = map_get(&ir->m_objgroups, in)))
		a->kind = IR_ADDR_GROUP;
	else
		return false;
	return true;
}

size_t cm_name_ranges(const struct ir *ir, const char *name, uint8_t family,
		      sp_u128 *lo, sp_u128 *hi, size_t max)
{
	struct ir_addr a;

	if (!max || !name_operand(ir, name, family, &a))
		return 0;
	return cm_addr_ranges(ir, &a, family, lo, hi, max);
}

size_t cm_name_ranges_all(const struct ir *ir, const char *name,
			  uint8_t family, sp_u128 **lo, sp_u128 **hi)
{
	struct ir_addr a;
	unsigned int unsupported = 0;

	if (!name_operand(ir, name, family, &a)) {
		*lo = *hi = NULL;
		return 0;
	}
	return cm_addr_ranges_all(ir, &a, family, lo, hi, &unsupported);
}

bool cm_iface_addr(const struct ir *ir, const char *nameif, uint8_t family,
		   sp_u128 *v)
{
	const struct ir_iface *f = nameif ?
		map_get(&ir->m_ifaces, strtab_intern(ir->strs, nameif,
						     strlen(nameif))) : NULL;
	const struct ir_addr *ip = f ? (family == 6 ? f->ip6 : f->ip) : NULL;

	if (!ip || ip->kind != IR_ADDR_NET || ip->family != family)
		return false;
	*v = sp_addr_load(family, ip->a);
	return true;
}

/* --- services: protocol, ports, ICMP type/code ----------------------------- */


struct svcs {
	struct cm_svc *v;
	size_t n, cap;
};

static void svc_push(struct svcs *s, const struct cm_svc *x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc_array(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = *x;
}

static void svc_any(struct cm_svc *x)
{
	int d;

	for (d = 0; d < SP_NDIM; d++) {
		x->lo[d] = 0;
		x->hi[d] = sp_dim_max(4, (enum sp_dim)d);
	}
}

static void proto_set(struct cm_svc *x, int num)
{
	if (num < 0) {
		x->lo[SP_PROTO] = 0;
		x->hi[SP_PROTO] = 255;
	} else {
		x->lo[SP_PROTO] = x->hi[SP_PROTO] = sp_proto_rank((unsigned int)num);
	}
}

/* Port condition -> ranges (neq is two). */
static void port_ranges(const struct ir_port *pt, struct rngs *out)
{
	switch ((enum ir_port_op)pt->op) {
	case IR_PORT_NONE:
		rng_push(out, 0, 0, 65535);
		break;
	case IR_PORT_EQ:
		rng_push(out, 0, pt->lo, pt->lo);
		break;
	case IR_PORT_NEQ:
		if (pt->lo > 0)
			rng_push(out, 0, 0, pt->lo - 1);
		if (pt->lo < 65535)
			rng_push(out, 0, pt->lo + 1, 65535);
		break;
	case IR_PORT_LT:
		if (pt->lo > 0)
			rng_push(out, 0, 0, pt->lo - 1);
		break;
	case IR_PORT_GT:
		if (pt->lo < 65535)
			rng_push(out, 0, pt->lo + 1, 65535);
		break;
	case IR_PORT_RANGE:
		rng_push(out, 0, pt->lo, pt->hi);
		break;
	case IR_PORT_GROUP: {
		const struct ir_objgroup *g = pt->ref ? pt->ref->target : NULL;
		const struct ir_ogm *m;
		uint32_t i;

		if (!g)
			break;
		vec_foreach(&g->members, i, m) {
			if (m->kind == IR_OGM_PORT)
				port_ranges(&m->port, out);
		}
		break;
	}
	}
}

/* Add the services of @x crossed with the port lists. */
static void svc_ports(struct svcs *out, const struct cm_svc *x,
		      const struct ir_port *sp, const struct ir_port *dp)
{
	struct rngs s = { 0 }, d = { 0 };
	size_t i, j;

	port_ranges(sp, &s);
	port_ranges(dp, &d);
	for (i = 0; i < s.n; i++)
		for (j = 0; j < d.n; j++) {
			struct cm_svc y = *x;

			y.lo[SP_SPORT] = s.v[i].lo;
			y.hi[SP_SPORT] = s.v[i].hi;
			y.lo[SP_DPORT] = d.v[j].lo;
			y.hi[SP_DPORT] = d.v[j].hi;
			svc_push(out, &y);
		}
	free(s.v);
	free(d.v);
}

static void icmp_set(struct cm_svc *x, int type, int code)
{
	if (type >= 0)
		x->lo[SP_ITYPE] = x->hi[SP_ITYPE] = (sp_u128)type;
	if (code >= 0)
		x->lo[SP_ICODE] = x->hi[SP_ICODE] = (sp_u128)code;
}

static void service_svcs(const struct ir_service *s, struct svcs *out)
{
	struct cm_svc x;

	svc_any(&x);
	if (s->proto.kind == IR_PROTO_TCP_UDP) {
		proto_set(&x, 6);
		svc_ports(out, &x, &s->sport, &s->dport);
		proto_set(&x, 17);
		svc_ports(out, &x, &s->sport, &s->dport);
		return;
	}
	proto_set(&x, s->proto.num);
	icmp_set(&x, s->icmp_type, s->icmp_code);
	svc_ports(out, &x, &s->sport, &s->dport);
}

/*
 * The services of a service or protocol group.  @sp and @dp are the port
 * conditions of the ACE that names a protocol group (NULL for none): they
 * apply to its tcp, udp and sctp members, and a member without ports (ip,
 * icmp, esp ...) matches nothing under a port condition.  (An assumption:
 * the seeds are silent; matching the port-bearing members only is the one
 * reading that never widens what the ACE was written to match.)
 */
static void group_svcs(const struct ir_objgroup *g, struct svcs *out,
		       struct walk *w, const struct ir_port *sp,
		       const struct ir_port *dp)
{
	const struct ir_ogm *m;
	uint32_t i;
	bool ports = (sp && sp->op != IR_PORT_NONE) ||
		     (dp && dp->op != IR_PORT_NONE);

	if (!walk_enter(w, g))
		return;
	w->depth++;
	vec_foreach(&g->members, i, m) {
		struct cm_svc x;
		struct ir_port none = { 0 };

		svc_any(&x);
		switch (m->kind) {
		case IR_OGM_PORT:
			/* object-group service NAME tcp|udp|tcp-udp */
			if (g->svc_proto == -2 || g->svc_proto == 6) {
				proto_set(&x, 6);
				svc_ports(out, &x, &none, &m->port);
			}
			if (g->svc_proto == -2 || g->svc_proto == 17) {
				proto_set(&x, 17);
				svc_ports(out, &x, &none, &m->port);
			}
			break;
		case IR_OGM_SERVICE:
			service_svcs(m->svc, out);
			break;
		case IR_OGM_PROTOCOL:
			if (m->value >= 0 || m->value == -1) {
				int num = m->value;

				if (num < 0) {
					/* a protocol name */
					static const struct {
						const char *n;
						int v;
					} names[] = {
						{ "ip", -1 }, { "tcp", 6 }, { "udp", 17 },
						{ "icmp", 1 }, { "icmp6", 58 }, { "esp", 50 },
						{ "ah", 51 }, { "gre", 47 }, { "sctp", 132 },
						{ "ospf", 89 }, { "eigrp", 88 }, { "igmp", 2 },
						{ "pim", 103 }, { "ipinip", 4 },
					};
					size_t k;

					for (k = 0; k < ARRAY_SIZE(names); k++)
						if (!strcmp(names[k].n, m->word.s))
							num = names[k].v;
				}
				if (!ports) {
					proto_set(&x, num);
					svc_push(out, &x);
				} else if (num == 6 || num == 17 ||
					   num == 132) {
					proto_set(&x, num);
					svc_ports(out, &x, sp ? sp : &none,
						  dp ? dp : &none);
				}
			}
			break;
		case IR_OGM_GROUP:
			if (m->target)
				group_svcs(m->target, out, w, sp, dp);
			break;
		case IR_OGM_ADDR:
		case IR_OGM_ICMP:
			break;
		}
	}
	w->depth--;
}

/* ICMP types of an icmp-type group. */
static void icmp_group_types(const struct ir_objgroup *g, struct rngs *out,
			     struct walk *w)
{
	const struct ir_ogm *m;
	uint32_t i;

	if (!walk_enter(w, g))
		return;
	w->depth++;
	vec_foreach(&g->members, i, m) {
		if (m->kind == IR_OGM_ICMP && m->value >= 0)
			rng_push(out, 0, (sp_u128)m->value, (sp_u128)m->value);
		else if (m->kind == IR_OGM_GROUP && m->target)
			icmp_group_types(m->target, out, w);
	}
	w->depth--;
}

static void ace_svcs(const struct ir *ir, const struct ir_ace *ace,
		     struct svcs *out)
{
	struct cm_svc x;

	svc_any(&x);
	switch ((enum ir_proto_kind)ace->proto.kind) {
	case IR_PROTO_NUMBER:
		proto_set(&x, ace->proto.num);
		if (ace->icmp_type < 0 && ace->icmp_name &&
		    (ace->proto.num == 1 || ace->proto.num == 58)) {
			/* icmp ... object-group ICMP-GROUP */
			const struct ir_objgroup *g =
				map_get(&ir->m_objgroups, ace->icmp_name->s);
			struct rngs t = { 0 };
			size_t i;

			if (g) {
				struct walk w;

				walk_init(&w);
				icmp_group_types(g, &t, &w);
				walk_free(&w);
			}
			for (i = 0; i < t.n; i++) {
				struct cm_svc y = x;

				y.lo[SP_ITYPE] = y.hi[SP_ITYPE] = t.v[i].lo;
				svc_push(out, &y);
			}
			free(t.v);
			return;
		}
		icmp_set(&x, ace->icmp_type, ace->icmp_code);
		svc_ports(out, &x, &ace->sport, &ace->dport);
		break;
	case IR_PROTO_TCP_UDP:
		proto_set(&x, 6);
		svc_ports(out, &x, &ace->sport, &ace->dport);
		proto_set(&x, 17);
		svc_ports(out, &x, &ace->sport, &ace->dport);
		break;
	case IR_PROTO_OBJECT:
		if (ace->proto.ref && ace->proto.ref->target) {
			const struct ir_object *o = ace->proto.ref->target;

			if (o->svc)
				service_svcs(o->svc, out);
		}
		break;
	case IR_PROTO_GROUP:
		if (ace->proto.ref && ace->proto.ref->target) {
			struct walk w;

			walk_init(&w);
			group_svcs(ace->proto.ref->target, out, &w,
				   &ace->sport, &ace->dport);
			walk_free(&w);
		}
		break;
	}
}

size_t cm_ace_services(const struct ir *ir, const struct ir_ace *ace,
		       struct cm_svc **out)
{
	struct svcs sv = { 0 };

	ace_svcs(ir, ace, &sv);
	*out = sv.v;
	return sv.n;
}

static int rng_cmp(const void *pa, const void *pb)
{
	const struct rng *a = pa, *b = pb;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* Sort @r and merge what overlaps or touches: disjoint ranges, fewest
 * (an object-group of adjacent networks is one range). */
static void rngs_normalize(struct rngs *r)
{
	size_t i, o = 0;

	if (r->n < 2)
		return;
	qsort(r->v, r->n, sizeof(*r->v), rng_cmp);
	for (i = 1; i < r->n; i++) {
		struct rng *a = &r->v[o], *b = &r->v[i];

		if (b->family == a->family &&
		    (b->lo <= a->hi || b->lo - 1 == a->hi)) {
			if (b->hi > a->hi)
				a->hi = b->hi;
		} else {
			r->v[++o] = *b;
		}
	}
	r->n = o + 1;
}

void cm_ace_set(const struct ir *ir, const struct ir_ace *ace,
		struct sp_set *out, unsigned int *unsupported)
{
	struct rngs src = { 0 }, dst = { 0 };
	struct svcs sv = { 0 };
	struct sp_set more;
	size_t i, j, k;

	sp_clear(out);
	if (ace->kind == IR_ACE_REMARK || ace->inactive || ace->refused)
		return;
	addr_ranges_all(ir, ace->src, &src, unsupported);
	addr_ranges_all(ir, ace->dst, &dst, unsupported);
	ace_svcs(ir, ace, &sv);
	/* disjoint sources times disjoint destinations times one service
	 * are disjoint boxes; services may overlap one another */
	rngs_normalize(&src);
	rngs_normalize(&dst);
	sp_init(&more);
	for (k = 0; k < sv.n; k++) {
		struct sp_set *to = k ? &more : out;

		sp_clear(&more);
		for (i = 0; i < src.n; i++)
			for (j = 0; j < dst.n; j++) {
				struct sp_box b;
				int d;

				if (src.v[i].family != dst.v[j].family)
					continue;
				b.family = src.v[i].family;
				for (d = 0; d < SP_NDIM; d++) {
					b.lo[d] = sv.v[k].lo[d];
					b.hi[d] = sv.v[k].hi[d];
				}
				b.lo[SP_SRC] = src.v[i].lo;
				b.hi[SP_SRC] = src.v[i].hi;
				b.lo[SP_DST] = dst.v[j].lo;
				b.hi[SP_DST] = dst.v[j].hi;
				sp_add_disjoint(to, &b);
			}
		if (k)
			sp_union_in(out, &more);
	}
	sp_free(&more);
	free(src.v);
	free(dst.v);
	free(sv.v);
}

/* --- the model ---------------------------------------------------------- */

struct cm_acl *cm_acl_get(struct cm_model *m, const struct ir_acl *acl)
{
	struct cm_acl *a = map_get(&m->acl_map, acl);
	size_t i;

	if (a)
		return a;
	a = xcalloc(1, sizeof(*a));
	a->acl = acl;
	a->n = acl->aces.n;
	snprintf(a->what, sizeof(a->what), "access-list %s", acl->name.s);
	sp_budget_what(a->what);
	a->v = xcalloc(a->n ? a->n : 1, sizeof(*a->v));
	sp_init(&a->permit);
	for (i = 0; i < a->n; i++) {
		const struct ir_ace *ace = acl->aces.v[i];
		const struct ir_time_range *tr = timerange_find(m->ir, ace);

		a->v[i].ace = ace;
		sp_init(&a->v[i].set);
		/* an ACE with a time-range matches while it is active: at
		 * m->at, or, with no time given, always (m->timed says so) */
		if (tr && m->at && !timerange_active(tr, m->at))
			continue;
		if (tr && !m->at)
			m->timed++;
		cm_ace_set(m->ir, ace, &a->v[i].set, &m->unsupported);
		sp_shrink(&a->v[i].set);
	}
	m->acls = xrealloc_array(m->acls, m->nacls + 1, sizeof(*m->acls));
	m->acls[m->nacls++] = a;
	map_put(&m->acl_map, acl, a);
	return a;
}

const struct sp_set *cm_acl_permit(struct cm_acl *a)
{
	struct sp_set *fresh;
	struct sp_ix *covered;
	size_t i;

	if (a->permit_built)
		return &a->permit;
	a->permit_built = true;
	sp_budget_what(a->what);
	/* first match: what an ACE decides is what no earlier ACE matched;
	 * the index holds those new parts, which stay put in @fresh */
	fresh = xcalloc(a->n ? a->n : 1, sizeof(*fresh));
	sp_ix_init(&covered);
	for (i = 0; i < a->n; i++) {
		sp_init(&fresh[i]);
		sp_subtract_ix(&fresh[i], &a->v[i].set, covered);
		if (a->v[i].ace->permit)
			sp_union_disjoint_in(&a->permit, &fresh[i]);
		sp_ix_add_set(covered, &fresh[i]);
	}
	sp_ix_free(&covered);
	for (i = 0; i < a->n; i++)
		sp_free(&fresh[i]);
	free(fresh);
	sp_shrink(&a->permit);
	return &a->permit;
}

static void entry_push(struct cm_set *s, const struct cm_entry *e)
{
	s->v = xrealloc_array(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = *e;
}

static void set_build(struct cm_model *m, struct cm_set *s, bool exact)
{
	const struct ir_cmap_entry *e;
	struct sp_ix *earlier;
	struct sp_set all;
	char what[200];
	uint32_t i, j;
	size_t k;
	bool blocked = false;

	vec_foreach(&s->map->entries, i, e) {
		struct cm_entry ce;

		memset(&ce, 0, sizeof(ce));
		ce.map = s->map;
		ce.e = e;
		if (e->type == IR_CMAP_DYNAMIC) {
			const struct ir_cmap *dm = e->dynmap_target;
			const struct ir_cmap_entry *de;

			if (!dm)
				continue;
			vec_foreach(&dm->entries, j, de) {
				struct cm_entry x = ce;

				x.dynmap = dm;
				x.dyn = de;
				x.acl = de->acl_target ? cm_acl_get(m, de->acl_target)
						       : NULL;
				/* an unresolved `match address` is an error
				 * already; it is no "any" */
				x.sa_only = !de->acl.s;
				entry_push(s, &x);
			}
			continue;
		}
		ce.incomplete = !e->acl_target || !e->peers.n;
		if (e->acl_target)
			ce.acl = cm_acl_get(m, e->acl_target);
		entry_push(s, &ce);
	}
	if (!exact)
		return;
	/* protected sets after the cascade: an entry protects its
	 * first-match permits that no earlier entry protected; past an
	 * incomplete entry nothing is reachable.  The index holds what the
	 * earlier entries protect (their sets do not move any more). */
	sp_ix_init(&earlier);
	sp_init(&all);
	sp_universe(&all);
	sp_init(&s->unreachable);
	for (k = 0; k < s->n; k++) {
		struct cm_entry *ce = &s->v[k];

		sp_init(&ce->protect);
		if (blocked)
			continue;
		snprintf(what, sizeof(what), "crypto map %s %lld",
			 s->map->name.s, (long long)ce->e->seq.v);
		sp_budget_what(what);
		if (ce->incomplete) {
			sp_subtract_ix(&s->unreachable, &all, earlier);
			blocked = true;
			continue;
		}
		/* an @sa_only entry holds nothing while no SA is up; what
		 * its SAs carry is asked per packet (cm_eval) */
		if (ce->sa_only || !ce->acl)
			continue;
		if (!sp_ix_meets_set(earlier, cm_acl_permit(ce->acl)))
			/* nothing earlier meets it, as for most entries of
			 * a hub: share the ACL's boxes */
			sp_borrow(&ce->protect, cm_acl_permit(ce->acl));
		else
			sp_subtract_ix(&ce->protect, cm_acl_permit(ce->acl),
				       earlier);
		sp_shrink(&ce->protect);
		/* protect was taken out of earlier: no overlap to remove */
		sp_ix_add_set(earlier, &ce->protect);
	}
	sp_budget_what(NULL);
	sp_ix_free(&earlier);
	sp_free(&all);
}

/* The sets of every crypto map bound to an interface; @exact: with the
 * protected sets of the cascade. */
static void build(struct cm_model *m, const struct ir *ir, bool exact,
		  const struct tm *at)
{
	const struct ir_cmap *cm;
	uint32_t i, j;

	memset(m, 0, sizeof(*m));
	m->ir = ir;
	m->at = at;
	map_init(&m->acl_map);
	vec_foreach(&ir->cmaps, i, cm) {
		const struct sym *ifc;

		vec_foreach(&cm->interfaces, j, ifc) {
			struct cm_set *s;

			m->sets = xrealloc_array(m->sets, m->nsets + 1,
						 sizeof(*m->sets));
			s = &m->sets[m->nsets++];
			memset(s, 0, sizeof(*s));
			s->map = cm;
			s->iface = ifc;
			set_build(m, s, exact);
		}
	}
}

void cm_build_sets(struct cm_model *m, const struct ir *ir)
{
	build(m, ir, true, NULL);
}

void cm_build_lazy(struct cm_model *m, const struct ir *ir,
		   const struct tm *at)
{
	build(m, ir, false, at);
}

void cm_build(struct cm_model *m, const struct ir *ir, const struct tm *at)
{
	size_t k;

	build(m, ir, true, at);
	/* the classifiers point into the sets: build them once the sets
	 * array stops moving */
	for (k = 0; k < m->nsets; k++) {
		m->sets[k].cls = xcalloc(1, sizeof(*m->sets[k].cls));
		cm_class_build(m->sets[k].cls, &m->sets[k]);
	}
}

void cm_free(struct cm_model *m)
{
	size_t i, k;

	for (i = 0; i < m->nsets; i++) {
		if (m->sets[i].cls) {
			cm_class_free(m->sets[i].cls);
			free(m->sets[i].cls);
		}
		for (k = 0; k < m->sets[i].n; k++)
			sp_free(&m->sets[i].v[k].protect);
		sp_free(&m->sets[i].unreachable);
		free(m->sets[i].v);
	}
	free(m->sets);
	for (i = 0; i < m->nacls; i++) {
		for (k = 0; k < m->acls[i]->n; k++)
			sp_free(&m->acls[i]->v[k].set);
		sp_free(&m->acls[i]->permit);
		free(m->acls[i]->v);
		free(m->acls[i]);
	}
	free(m->acls);
	map_free(&m->acl_map);
	memset(m, 0, sizeof(*m));
}

/* The permit ACE of @a whose mirror holds @p. */
static const struct ir_ace *mirror_ace(const struct cm_acl *a,
				       const struct sp_point *p)
{
	struct sp_point q = *p;
	size_t i;

	q.d[SP_SRC] = p->d[SP_DST];
	q.d[SP_DST] = p->d[SP_SRC];
	q.d[SP_SPORT] = p->d[SP_DPORT];
	q.d[SP_DPORT] = p->d[SP_SPORT];
	for (i = 0; i < a->n; i++)
		if (a->v[i].ace->permit && sp_contains(&a->v[i].set, &q))
			return a->v[i].ace;
	return NULL;
}

const struct cm_entry *cm_inbound_clear(const struct cm_set *s,
					const struct sp_point *p,
					const struct ir_ace **ace)
{
	size_t k;

	for (k = 0; k < s->n; k++) {
		const struct cm_entry *ce = &s->v[k];

		if (ce->incomplete || ce->dyn || !ce->acl)
			continue;
		if ((*ace = mirror_ace(ce->acl, p)))
			return ce;
	}
	return NULL;
}

static bool peer_is(const struct ir_addr *a, const struct ir_addr *peer)
{
	const struct ir_addr *x = a;

	if (a->kind == IR_ADDR_NAME && a->target)
		x = ((const struct ir_name *)a->target)->addr;
	return x->kind == IR_ADDR_NET && x->family == peer->family &&
	       !memcmp(x->a, peer->a, x->family == 6 ? 16 : 4);
}

const struct cm_entry *cm_inbound_decrypted(const struct cm_set *s,
					    const struct sp_point *p,
					    const struct ir_addr *peer,
					    const struct ir_ace **ace)
{
	size_t k;
	uint32_t i;

	*ace = NULL;
	for (k = 0; k < s->n; k++) {
		const struct cm_entry *ce = &s->v[k];
		bool ours = ce->dyn != NULL;

		if (ce->incomplete)
			continue;
		for (i = 0; !ours && i < ce->e->peers.n; i++)
			ours = peer_is(ce->e->peers.v[i], peer);
		if (!ours)
			continue;
		/* dynamic, no ACL: "the ASA accepts any data flow identity
		 * the peer proposes" (seed 002) */
		if (ce->sa_only)
			return ce;
		if (ce->acl && (*ace = mirror_ace(ce->acl, p)))
			return ce;
	}
	return NULL;
}

int cm_acl_match(const struct cm_acl *a, const struct sp_point *p,
		 const struct ir_ace **ace)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		if (!sp_contains(&a->v[i].set, p))
			continue;
		if (ace)
			*ace = a->v[i].ace;
		return a->v[i].ace->permit ? 1 : 0;
	}
	if (ace)
		*ace = NULL;
	return -1;
}

const struct cm_set *cm_set_for(const struct cm_model *m, const char *iface)
{
	size_t i;

	for (i = 0; i < m->nsets; i++)
		if (!strcmp(m->sets[i].iface->s, iface))
			return &m->sets[i];
	return NULL;
}

void cm_eval(const struct cm_set *s, const struct sp_point *p,
	     cm_sa_fn sa, void *arg, struct cm_result *r)
{
	size_t k;

	memset(r, 0, sizeof(*r));
	r->action = CM_BYPASS;
	for (k = 0; k < s->n; k++) {
		const struct cm_entry *ce = &s->v[k];

		/* seed 002: "the ASA drops any traffic that it has not
		 * already matched to an earlier, complete crypto map" */
		if (ce->incomplete) {
			r->action = CM_DROP;
			r->reason = CM_DROP_INCOMPLETE;
			r->entry = ce;
			return;
		}
		if (ce->sa_only) {
			/* no ACL: only what an SA negotiated */
			if (!(sa && sa(ce, p, arg)))
				continue;
			r->entry = ce;
			r->action = CM_PROTECT;
			return;
		}
		if (!ce->acl || cm_acl_match(ce->acl, p, &r->ace) != 1) {
			r->ace = NULL;
			continue;	/* deny or no match: next entry */
		}
		r->entry = ce;
		if (ce->dyn && !(sa && sa(ce, p, arg))) {
			/* seed 002: dynamic maps cannot initiate; outbound
			 * traffic without an SA is dropped */
			r->action = CM_DROP;
			r->reason = CM_DROP_DYNAMIC_NO_SA;
			return;
		}
		r->action = CM_PROTECT;
		return;
	}
}

/* --- the classifier --------------------------------------------------- */

struct cm_cbox {
	struct sp_box b;
	uint32_t entry;		/* index in the set */
};

static int cmp_u128(const void *pa, const void *pb)
{
	sp_u128 a = *(const sp_u128 *)pa, b = *(const sp_u128 *)pb;

	return a < b ? -1 : a > b;
}

/* The segment holding @v: the last bound <= v. */
static size_t seg_of(const sp_u128 *bounds, size_t nseg, sp_u128 v)
{
	size_t lo = 0, hi = nseg;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (bounds[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void class_add(struct cm_class *c, const struct sp_set *s,
		      uint32_t entry, size_t *cap)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (c->nboxes == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			c->boxes = xrealloc_array(c->boxes, *cap, sizeof(*c->boxes));
		}
		c->boxes[c->nboxes].b = s->v[i];
		c->boxes[c->nboxes].entry = entry;
		c->nboxes++;
	}
}

void cm_class_build(struct cm_class *c, const struct cm_set *s)
{
	size_t cap = 0, i, k;
	int f;

	memset(c, 0, sizeof(*c));
	c->set = s;
	c->sa_only = xcalloc(s->n + 1, sizeof(*c->sa_only));
	for (k = 0; k < s->n; k++) {
		if (s->v[k].sa_only)
			c->sa_only[c->nsa_only++] = (uint32_t)k;
		if (s->v[k].incomplete)
			class_add(c, &s->unreachable, (uint32_t)k, &cap);
		else
			class_add(c, &s->v[k].protect, (uint32_t)k, &cap);
	}
	for (f = 0; f < 2; f++) {
		uint8_t fam = f ? 6 : 4;
		sp_u128 *b;
		size_t nb = 0, n = 0, *count;
		uint32_t *fill;

		b = xrealloc_array(NULL, 2 * c->nboxes + 1, sizeof(*b));
		b[nb++] = 0;
		for (i = 0; i < c->nboxes; i++) {
			const struct sp_box *x = &c->boxes[i].b;

			if (x->family != fam)
				continue;
			b[nb++] = x->lo[SP_DST];
			if (x->hi[SP_DST] != sp_dim_max(fam, SP_DST))
				b[nb++] = x->hi[SP_DST] + 1;
		}
		qsort(b, nb, sizeof(*b), cmp_u128);
		for (i = 0; i < nb; i++)
			if (!n || b[n - 1] != b[i])
				b[n++] = b[i];
		c->fam[f].bounds = b;
		c->fam[f].nseg = n;
		count = xcalloc(n + 1, sizeof(*count));
		/* two passes: count the boxes of each segment, then fill */
		for (i = 0; i < c->nboxes; i++) {
			const struct sp_box *x = &c->boxes[i].b;
			size_t sg;

			if (x->family != fam)
				continue;
			for (sg = seg_of(b, n, x->lo[SP_DST]);
			     sg < n && b[sg] <= x->hi[SP_DST]; sg++)
				count[sg]++;
		}
		c->fam[f].first = xcalloc(n + 1, sizeof(uint32_t));
		for (i = 0; i < n; i++)
			c->fam[f].first[i + 1] = c->fam[f].first[i] + (uint32_t)count[i];
		c->fam[f].items = xcalloc(c->fam[f].first[n] + 1, sizeof(uint32_t));
		fill = xcalloc(n + 1, sizeof(*fill));
		for (i = 0; i < c->nboxes; i++) {
			const struct sp_box *x = &c->boxes[i].b;
			size_t sg;

			if (x->family != fam)
				continue;
			for (sg = seg_of(b, n, x->lo[SP_DST]);
			     sg < n && b[sg] <= x->hi[SP_DST]; sg++)
				c->fam[f].items[c->fam[f].first[sg] + fill[sg]++] =
					(uint32_t)i;
		}
		free(fill);
		free(count);
	}
}

void cm_class_free(struct cm_class *c)
{
	int f;

	for (f = 0; f < 2; f++) {
		free(c->fam[f].bounds);
		free(c->fam[f].first);
		free(c->fam[f].items);
	}
	free(c->boxes);
	free(c->sa_only);
	memset(c, 0, sizeof(*c));
}

/* The entry whose box holds @p, or -1. */
static long class_find(const struct cm_class *c, const struct sp_point *p)
{
	int f = p->family == 6;
	size_t sg, i;

	if (!c->fam[f].nseg)
		return -1;
	sg = seg_of(c->fam[f].bounds, c->fam[f].nseg, p->d[SP_DST]);
	for (i = c->fam[f].first[sg]; i < c->fam[f].first[sg + 1]; i++) {
		const struct cm_cbox *x = &c->boxes[c->fam[f].items[i]];
		int d;

		for (d = 0; d < SP_NDIM; d++)
			if (p->d[d] < x->b.lo[d] || p->d[d] > x->b.hi[d])
				break;
		if (d == SP_NDIM)
			return x->entry;
	}
	return -1;
}

void cm_classify(const struct cm_class *c, const struct sp_point *p,
		 cm_sa_fn sa, void *arg, struct cm_result *r)
{
	long k = class_find(c, p);
	size_t i;

	memset(r, 0, sizeof(*r));
	r->action = CM_BYPASS;
	/* the boxes hold what the entries decide with no SA up; an SA of an
	 * @sa_only entry before the one found takes the packet first */
	for (i = 0; sa && i < c->nsa_only &&
		    (k < 0 || c->sa_only[i] < (unsigned long)k); i++) {
		const struct cm_entry *ce = &c->set->v[c->sa_only[i]];

		if (sa(ce, p, arg)) {
			r->entry = ce;
			r->action = CM_PROTECT;
			return;
		}
	}
	if (k < 0)
		return;
	r->entry = &c->set->v[k];
	if (r->entry->incomplete) {
		r->action = CM_DROP;
		r->reason = CM_DROP_INCOMPLETE;
	} else if (r->entry->dyn && !(sa && sa(r->entry, p, arg))) {
		r->action = CM_DROP;
		r->reason = CM_DROP_DYNAMIC_NO_SA;
	} else {
		r->action = CM_PROTECT;
	}
}

void cm_lookup(const struct cm_set *s, const struct sp_point *p,
	       cm_sa_fn sa, void *arg, struct cm_result *r)
{
	if (!s->cls) {
		cm_eval(s, p, sa, arg, r);
		return;
	}
	cm_classify(s->cls, p, sa, arg, r);
	/* what protects (or drops, for a dynamic entry) is the entry's
	 * first matching ACE, a permit */
	if (r->entry && !r->entry->incomplete && r->entry->acl)
		cm_acl_match(r->entry->acl, p, &r->ace);
}

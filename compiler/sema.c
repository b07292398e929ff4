/* SPDX-License-Identifier: MIT */
/*
 * sema.c - resolution after parsing: every reference by name is bound to
 * its definition or reported (undefined-reference, with "did you mean"),
 * conflicting definitions are reported (duplicate-definition), and
 * networks whose host bits fall outside the mask are reported
 * (address-mask-mismatch).  Each pass reports all it finds.
 */
#include "asac.h"
#include "sema.h"
#include "rules.h"
#include "util.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

struct sema {
	struct ir *ir;
	struct diag_ctx *d;
};

/*
 * The closest name of a namespace, for "did you mean".  Every entity
 * stored in a namespace map begins with its struct loc.
 */
static void suggest(struct sema *s, const struct map *m, const char *name)
{
	const char *best = NULL;
	const struct loc *bloc = NULL;
	unsigned int bd = 3, max = strlen(name) < 4 ? 1 : 2;
	size_t i;

	for (i = 0; i < m->cap; i++) {
		const char *k = m->key[i];
		unsigned int dist;

		if (!k || !strcmp(k, name))
			continue;
		dist = !strcasecmp(k, name) ? 0 : edit_distance(k, name, max);
		if (dist > max)
			continue;
		if (dist < bd || (dist == bd && best && strcmp(k, best) < 0)) {
			best = k;
			bd = dist;
			bloc = m->val[i];
			/* an interface is named by its nameif line */
			if (m == &s->ir->m_ifaces)
				bloc = &((const struct ir_iface *)m->val[i])
						->nameif.loc;
		}
	}
	if (best) {
		/* point at the name in its definition, not the whole line */
		const struct src_file *f = s->d->src->files[bloc->file];
		struct loc at = *bloc;
		size_t bl = strlen(best);
		uint32_t ls, le, o;

		src_line_span(f, bloc->start, &ls, &le);
		for (o = bloc->start; o + bl <= le; o++) {
			if (!memcmp(f->data + o, best, bl) &&
			    (o == ls || f->data[o - 1] == ' ') &&
			    (o + bl == le || f->data[o + bl] == ' ')) {
				at.start = o;
				at.end = o + (uint32_t)bl;
				break;
			}
		}
		diag_note(s->d, &at, "did you mean '%s'?", best);
	}
}

static void *resolve(struct sema *s, const struct map *m, const struct sym *ref,
		     const char *what)
{
	void *v;

	if (!ref->s)
		return NULL;
	v = map_get(m, ref->s);
	if (v)
		return v;
	diag_report(s->d, RULE_UNDEFINED_REFERENCE, &ref->loc,
		    "%s '%s' is not defined", what, ref->s);
	suggest(s, m, ref->s);
	return NULL;
}

/* An aaa-server group; LOCAL is the local user database, not a group. */
static struct ir_aaa_group *use_aaa(struct sema *s, const struct sym *ref)
{
	struct ir_aaa_group *g;

	if (!ref->s || !strcmp(ref->s, "LOCAL"))
		return NULL;
	g = resolve(s, &s->ir->m_aaa, ref, "aaa-server group");
	if (g)
		g->used = true;
	return g;
}

static struct ir_trustpoint *use_tp(struct sema *s, const struct sym *ref)
{
	struct ir_trustpoint *t = resolve(s, &s->ir->m_tps, ref, "trustpoint");

	if (t)
		t->used = true;
	return t;
}

static struct ir_acl *use_acl(struct sema *s, const struct sym *ref)
{
	struct ir_acl *a = resolve(s, &s->ir->m_acls, ref, "access-list");

	if (a)
		a->used = true;
	return a;
}

/* Interfaces are referred to by nameif. */
static struct ir_iface *use_iface(struct sema *s, const struct sym *ref)
{
	if (!ref->s || !strcasecmp(ref->s, "any"))
		return NULL;
	return resolve(s, &s->ir->m_ifaces, ref, "interface");
}

/*
 * The public or private interface of VPN load balancing: seed 000, "This
 * command specifies the name or IP address of the public interface".
 */
static struct ir_iface *lb_iface(struct sema *s, const struct sym *ref,
				 const char *which)
{
	struct ir_iface *f;
	uint8_t a[4];
	uint32_t i;

	if (!ref->s)
		return NULL;
	f = map_get(&s->ir->m_ifaces, ref->s);
	if (f)
		return f;
	if (inet_pton(AF_INET, ref->s, a) == 1) {
		vec_foreach(&s->ir->interfaces, i, f)
			if (f->ip && f->ip->family == 4 &&
			    !memcmp(f->ip->a, a, 4))
				return f;
		diag_report(s->d, RULE_LB_INTERFACE_UNDEFINED, &ref->loc,
			    "%s interface %s is not the address of any "
			    "interface", which, ref->s);
		return NULL;
	}
	diag_report(s->d, RULE_LB_INTERFACE_UNDEFINED, &ref->loc,
		    "%s interface '%s' is not defined", which, ref->s);
	suggest(s, &s->ir->m_ifaces, ref->s);
	return NULL;
}

static void check_mask(struct sema *s, struct ir_addr *a, bool *refused)
{
	uint32_t addr, mask;
	int plen;

	if (a->kind == IR_ADDR_NET && a->family == 6 && a->plen < 128) {
		unsigned int bit;

		for (bit = a->plen; bit < 128; bit++) {
			if (a->a[bit / 8] & (0x80 >> (bit % 8))) {
				diag_report(s->d, RULE_ADDRESS_MASK_MISMATCH,
					    &a->loc, "prefix has host bits set "
					    "outside /%u", a->plen);
				if (refused)
					*refused = true;
				return;
			}
		}
		return;
	}
	if (a->family != 4 && a->kind != IR_ADDR_NAME)
		return;
	if (!a->mask_written || (a->kind != IR_ADDR_NET &&
				 a->kind != IR_ADDR_NAME))
		return;
	mask = a->mask_written;
	plen = ir_mask_plen(mask);
	if (plen < 0) {
		diag_report(s->d, RULE_ADDRESS_MASK_MISMATCH, &a->loc,
			    "netmask %u.%u.%u.%u is not contiguous",
			    mask >> 24, (mask >> 16) & 255, (mask >> 8) & 255,
			    mask & 255);
		if (refused)
			*refused = true;
		return;
	}
	if (a->kind == IR_ADDR_NAME) {
		struct ir_name *n = a->target;

		if (!n || n->addr->family != 4)
			return;
		addr = ir_addr_v4(n->addr);
	} else {
		addr = ir_addr_v4(a);
	}
	if (addr & ~mask) {
		uint32_t net = addr & mask;

		diag_report(s->d, RULE_ADDRESS_MASK_MISMATCH, &a->loc,
			    "address %u.%u.%u.%u has host bits set outside "
			    "netmask %u.%u.%u.%u", addr >> 24,
			    (addr >> 16) & 255, (addr >> 8) & 255, addr & 255,
			    mask >> 24, (mask >> 16) & 255, (mask >> 8) & 255,
			    mask & 255);
		diag_note(s->d, &a->loc, "the ASA refuses this; write the "
			  "network %u.%u.%u.%u or 'host %u.%u.%u.%u'",
			  net >> 24, (net >> 16) & 255, (net >> 8) & 255,
			  net & 255, addr >> 24, (addr >> 16) & 255,
			  (addr >> 8) & 255, addr & 255);
		if (refused)
			*refused = true;
	}
}

/* Bind an address operand; @want_group_kind is the object-group type. */
static void resolve_addr(struct sema *s, struct ir_addr *a, bool *refused)
{
	struct ir *ir = s->ir;

	if (!a)
		return;
	switch ((enum ir_addr_kind)a->kind) {
	case IR_ADDR_ANY:
	case IR_ADDR_ANY4:
	case IR_ADDR_ANY6:
	case IR_ADDR_RANGE:
	case IR_ADDR_FQDN:
		break;
	case IR_ADDR_NET:
		check_mask(s, a, refused);
		break;
	case IR_ADDR_OBJECT: {
		struct ir_object *o = resolve(s, &ir->m_objects, &a->ref,
					      "object");

		if (o && o->kind != IR_OBJ_NETWORK) {
			diag_report(s->d, RULE_UNDEFINED_REFERENCE, &a->ref.loc,
				    "object '%s' is a service object, not a "
				    "network object", o->name.s);
			diag_note(s->d, &o->loc, "it is defined here");
			o = NULL;
		}
		if (o)
			o->used = true;
		a->target = o;
		break;
	}
	case IR_ADDR_GROUP: {
		struct ir_objgroup *g = resolve(s, &ir->m_objgroups, &a->ref,
						"object-group");

		if (g && g->kind != IR_OG_NETWORK) {
			diag_report(s->d, RULE_UNDEFINED_REFERENCE, &a->ref.loc,
				    "object-group '%s' is not a network group",
				    g->name.s);
			diag_note(s->d, &g->loc, "it is defined here");
			g = NULL;
		}
		if (g)
			g->used = true;
		a->target = g;
		break;
	}
	case IR_ADDR_NAME:
		a->target = resolve(s, &ir->m_names, &a->ref, "name");
		check_mask(s, a, refused);
		break;
	case IR_ADDR_INTERFACE:
		a->target = use_iface(s, &a->ref);
		break;
	}
}

static void resolve_port(struct sema *s, struct ir_port *pt)
{
	struct ir_objgroup *g;

	if (pt->op != IR_PORT_GROUP)
		return;
	g = resolve(s, &s->ir->m_objgroups, &pt->ref->name, "object-group");
	if (g && g->kind != IR_OG_SERVICE) {
		diag_report(s->d, RULE_UNDEFINED_REFERENCE, &pt->ref->name.loc,
			    "object-group '%s' is not a service group",
			    g->name.s);
		diag_note(s->d, &g->loc, "it is defined here");
		g = NULL;
	}
	if (g)
		g->used = true;
	pt->ref->target = g;
}

static void resolve_proto(struct sema *s, struct ir_proto *pr)
{
	if (pr->kind == IR_PROTO_OBJECT) {
		struct ir_object *o = resolve(s, &s->ir->m_objects,
					      &pr->ref->name, "object");

		if (o && o->kind != IR_OBJ_SERVICE) {
			diag_report(s->d, RULE_UNDEFINED_REFERENCE,
				    &pr->ref->name.loc,
				    "object '%s' is a network object, not a "
				    "service object", o->name.s);
			diag_note(s->d, &o->loc, "it is defined here");
			o = NULL;
		}
		if (o)
			o->used = true;
		pr->ref->target = o;
	} else if (pr->kind == IR_PROTO_GROUP) {
		struct ir_objgroup *g = resolve(s, &s->ir->m_objgroups,
						&pr->ref->name, "object-group");

		if (g && g->kind != IR_OG_SERVICE && g->kind != IR_OG_PROTOCOL) {
			diag_report(s->d, RULE_UNDEFINED_REFERENCE,
				    &pr->ref->name.loc,
				    "object-group '%s' is not a service or "
				    "protocol group", g->name.s);
			diag_note(s->d, &g->loc, "it is defined here");
			g = NULL;
		}
		if (g)
			g->used = true;
		pr->ref->target = g;
	}
}

static void resolve_service(struct sema *s, struct ir_service *svc)
{
	if (!svc)
		return;
	resolve_proto(s, &svc->proto);
	resolve_port(s, &svc->sport);
	resolve_port(s, &svc->dport);
}

/* group-object must name a group of the same type, with no cycle. */
static void check_group_cycle(struct sema *s, struct ir_objgroup *g)
{
	struct ir_ogm *m;
	uint32_t i;

	if (g->visiting == 2)
		return;
	g->visiting = 1;
	vec_foreach(&g->members, i, m) {
		struct ir_objgroup *t = m->target;

		if (m->kind != IR_OGM_GROUP || !t)
			continue;
		if (t->visiting == 1) {
			diag_report(s->d, RULE_UNDEFINED_REFERENCE, &m->ref.loc,
				    "object-group '%s' contains itself through "
				    "'%s'", g->name.s, t->name.s);
			m->target = NULL;
			continue;
		}
		check_group_cycle(s, t);
	}
	g->visiting = 2;
}

static void sema_objects(struct sema *s)
{
	struct ir *ir = s->ir;
	struct ir_objgroup *g;
	struct ir_object *o;
	uint32_t i, j;

	vec_foreach(&ir->objects, i, o) {
		if (o->addr)
			resolve_addr(s, o->addr, NULL);
		resolve_service(s, o->svc);
	}
	vec_foreach(&ir->objgroups, i, g) {
		struct ir_ogm *m;

		vec_foreach(&g->members, j, m) {
			switch (m->kind) {
			case IR_OGM_ADDR:
				resolve_addr(s, m->addr, NULL);
				break;
			case IR_OGM_GROUP: {
				struct ir_objgroup *t = resolve(s, &ir->m_objgroups,
							&m->ref, "object-group");

				if (t && t->kind != g->kind) {
					diag_report(s->d, RULE_UNDEFINED_REFERENCE,
						    &m->ref.loc, "object-group "
						    "'%s' is not of the same type "
						    "as '%s'", t->name.s, g->name.s);
					diag_note(s->d, &t->loc, "it is defined here");
					t = NULL;
				}
				if (t)
					t->used = true;
				m->target = t;
				break;
			}
			case IR_OGM_SERVICE:
				resolve_service(s, m->svc);
				break;
			case IR_OGM_PORT:
			case IR_OGM_PROTOCOL:
			case IR_OGM_ICMP:
				break;
			}
		}
	}
	vec_foreach(&ir->objgroups, i, g)
		check_group_cycle(s, g);
}

static void sema_acls(struct sema *s)
{
	struct ir_acl *acl;
	uint32_t i, j;

	vec_foreach(&s->ir->acls, i, acl) {
		struct ir_ace *ace;

		vec_foreach(&acl->aces, j, ace) {
			/* `show access-list` numbers every line, remarks
			 * included */
			ace->line = j + 1;
			if (ace->kind == IR_ACE_REMARK)
				continue;
			resolve_proto(s, &ace->proto);
			resolve_addr(s, ace->src, &ace->refused);
			resolve_addr(s, ace->dst, &ace->refused);
			resolve_port(s, &ace->sport);
			resolve_port(s, &ace->dport);
			if (ace->time_range) {
				struct ir_time_range *tr = resolve(s,
					&s->ir->m_time_ranges, ace->time_range,
					"time-range");

				if (tr)
					tr->used = true;
			}
		}
	}
}

static void sema_interfaces(struct sema *s)
{
	struct ir_iface *f;
	uint32_t i;

	vec_foreach(&s->ir->interfaces, i, f) {
		struct ir_iface *prev;

		/* with `names`, addresses may be written as names */
		if (f->ip && f->ip->kind == IR_ADDR_NAME)
			f->ip->target = resolve(s, &s->ir->m_names, &f->ip->ref,
						"name");
		if (f->standby_ip && f->standby_ip->kind == IR_ADDR_NAME)
			f->standby_ip->target = resolve(s, &s->ir->m_names,
							&f->standby_ip->ref,
							"name");
		if (!f->nameif.s)
			continue;
		prev = map_get(&s->ir->m_ifaces, f->nameif.s);
		if (prev) {
			diag_report(s->d, RULE_DUPLICATE_DEFINITION,
				    &f->nameif.loc, "nameif '%s' is already used "
				    "by interface %s", f->nameif.s, prev->hwname);
			diag_note(s->d, &prev->nameif.loc, "it is named here");
			continue;
		}
		map_put(&s->ir->m_ifaces, f->nameif.s, f);
	}
}

/*
 * 8.2 `static` without `netmask`: the mask of the real address's class
 * (A, B or C), or 255.255.255.255 when the address has a host bit set
 * under it (ASA 8.2 command reference, `static`, netmask keyword).  The
 * mask applies to the mapped address too.
 */
static void static82_mask(struct sema *s, struct ir_nat *n)
{
	const struct ir_addr *ra = n->addr82;
	struct ir_addr *v[2] = { n->addr82, n->mapped_src.addr };
	uint32_t a, m;
	size_t i;

	if (ra->kind == IR_ADDR_NAME) {
		const struct ir_name *nm = ra->target;

		if (!nm || nm->addr->family != 4)
			return;
		ra = nm->addr;
	}
	if (ra->kind != IR_ADDR_NET || ra->family != 4)
		return;
	a = ir_addr_v4(ra);
	m = a < 0x80000000u ? 0xff000000u : a < 0xc0000000u ? 0xffff0000u :
	    a < 0xe0000000u ? 0xffffff00u : 0xffffffffu;
	if (a & ~m)
		m = 0xffffffffu;
	if (m == 0xffffffffu)
		return;		/* a host: as read */
	for (i = 0; i < 2; i++) {
		if (!v[i])
			continue;
		v[i]->mask_written = m;
		v[i]->host = false;
		if (v[i]->kind == IR_ADDR_NET)
			v[i]->plen = (uint8_t)ir_mask_plen(m);
		check_mask(s, v[i], NULL);
	}
}

static void sema_nat(struct sema *s)
{
	struct ir *ir = s->ir;
	struct ir_object *o;
	struct ir_nat *n;
	uint32_t i;

	vec_foreach(&ir->nats, i, n) {
		n->real_if_target = use_iface(s, &n->real_if);
		n->mapped_if_target = use_iface(s, &n->mapped_if);
		if (n->kind == IR_NAT_82_STATIC) {
			if (n->acl.s)
				n->acl_target = use_acl(s, &n->acl);
			resolve_addr(s, n->addr82, NULL);
			resolve_addr(s, n->mapped_src.addr, NULL);
			if (n->addr82 && !n->netmask82)
				static82_mask(s, n);
			continue;
		}
		if (n->kind == IR_NAT_82) {
			if (n->acl.s)
				n->acl_target = use_acl(s, &n->acl);
			if (n->addr82)
				check_mask(s, n->addr82, NULL);
			continue;
		}
		/* twice NAT: objects or object-groups, or `any` */
#define NAT_OBJ(symp, tgt)						\
		do {							\
			const struct sym *sy = (symp);			\
			if (sy->s && strcasecmp(sy->s, "any")) {	\
				(tgt) = map_get(&ir->m_objects, sy->s);	\
				if (!(tgt))				\
					(tgt) = map_get(&ir->m_objgroups, sy->s); \
				if (!(tgt))				\
					resolve(s, &ir->m_objects, sy, "object"); \
			}						\
		} while (0)
		NAT_OBJ(&n->real_src, n->real_src_target);
		if (!n->mapped_src.interface)
			NAT_OBJ(&n->mapped_src.name, n->mapped_src.target);
		if (n->has_dst) {
			NAT_OBJ(&n->real_dst, n->real_dst_target);
			if (!n->mapped_dst.interface)
				NAT_OBJ(&n->mapped_dst.name, n->mapped_dst.target);
		}
	}
	vec_foreach(&ir->objects, i, o) {
		n = o->nat;
		if (!n)
			continue;
		n->real_if_target = use_iface(s, &n->real_if);
		n->mapped_if_target = use_iface(s, &n->mapped_if);
		if (n->mapped_src.name.s && !n->mapped_src.interface) {
			NAT_OBJ(&n->mapped_src.name, n->mapped_src.target);
		}
	}
#undef NAT_OBJ
	{
		struct ir_global82 *g;

		vec_foreach(&ir->globals82, i, g)
			g->iface_target = use_iface(s, &g->iface);
	}
}

static void sema_crypto(struct sema *s)
{
	struct ir *ir = s->ir;
	struct ir_ike_enable *en;
	struct ir_ipsec_frag *fr;
	struct ir_cmap *cm;
	uint32_t i, j, k;

	vec_foreach(&ir->ike_enables, i, en)
		en->iface_target = use_iface(s, &en->iface);
	vec_foreach(&ir->crypto.fragmentation, i, fr)
		fr->iface_target = use_iface(s, &fr->iface);
	for (k = 0; k < 2; k++) {
		struct vec *maps = k ? &ir->dynmaps : &ir->cmaps;

		vec_foreach(maps, i, cm) {
			struct ir_cmap_entry *e;
			struct sym *sy;

			if (!k) {
				struct ir_cmap *dm = map_get(&ir->m_dynmaps,
							     cm->name.s);

				if (dm && cm->entries.n) {
					diag_report(s->d,
						    RULE_DYNAMIC_MAP_NAME_CONFLICT,
						    &dm->name.loc, "dynamic map "
						    "'%s' has the name of a "
						    "static crypto map",
						    dm->name.s);
					diag_note(s->d, &cm->name.loc,
						  "the crypto map is defined "
						  "here");
				}
			}
			if (!k && !cm->entries.n && cm->interfaces.n) {
				sy = cm->interfaces.v[0];
				diag_report(s->d, RULE_UNDEFINED_REFERENCE,
					    &cm->name.loc, "crypto map '%s' has "
					    "no entries", cm->name.s);
				suggest(s, &ir->m_cmaps, cm->name.s);
			}
			vec_foreach(&cm->interfaces, j, sy)
				use_iface(s, sy);
			vec_foreach(&cm->entries, j, e) {
				uint32_t t;

				if (e->acl.s)
					e->acl_target = use_acl(s, &e->acl);
				if (e->type == IR_CMAP_DYNAMIC) {
					struct ir_cmap *dm = resolve(s,
						&ir->m_dynmaps, &e->dynmap,
						"dynamic map");

					if (dm)
						dm->used = true;
					e->dynmap_target = dm;
				}
				for (t = 0; t < e->transform_sets.n; t++) {
					struct ir_transform_set *ts = resolve(s,
						&ir->m_ts, e->transform_sets.v[t],
						"transform set");

					if (ts)
						ts->used = true;
				}
				for (t = 0; t < e->proposals.n; t++) {
					struct ir_proposal *pr = resolve(s,
						&ir->m_props, e->proposals.v[t],
						"IPsec proposal");

					if (pr)
						pr->used = true;
				}
				for (t = 0; t < e->peers.n; t++) {
					struct ir_addr *a = e->peers.v[t];

					if (a->kind == IR_ADDR_NAME)
						a->target = resolve(s, &ir->m_names,
							&a->ref, "name");
				}
			}
		}
	}
}

static bool builtin_group_policy(const char *name)
{
	/* The ASA's default group policy always exists. */
	return !strcmp(name, "DfltGrpPolicy");
}

static void use_pools(struct sema *s, const struct vec *v)
{
	struct sym *sy;
	uint32_t j;

	vec_foreach(v, j, sy) {
		struct ir_pool *pl = resolve(s, &s->ir->m_pools, sy,
					     "address pool");

		if (pl)
			pl->used = true;
	}
}

/* A group policy's references, or a user's attributes'. */
static void sema_gp(struct sema *s, struct ir_group_policy *gp)
{
	if (gp->split_tunnel_acl.s)
		gp->split_tunnel_target = use_acl(s, &gp->split_tunnel_acl);
	if (gp->vpn_filter.s)
		gp->vpn_filter_target = use_acl(s, &gp->vpn_filter);
	if (gp->ipv6_split_tunnel_acl.s)
		gp->ipv6_split_tunnel_target =
			use_acl(s, &gp->ipv6_split_tunnel_acl);
	if (gp->ipv6_vpn_filter.s)
		gp->ipv6_vpn_filter_target = use_acl(s, &gp->ipv6_vpn_filter);
	use_pools(s, &gp->address_pools);
	use_pools(s, &gp->ipv6_address_pools);
	if (gp->group_lock.s) {
		struct ir_tunnel_group *tg = resolve(s, &s->ir->m_tgs,
						     &gp->group_lock,
						     "tunnel-group");

		if (tg)
			tg->used = true;
		gp->group_lock_target = tg;
	}
}

static void sema_vpn(struct sema *s)
{
	struct ir *ir = s->ir;
	struct ir_tunnel_group *tg;
	struct ir_group_policy *gp;
	struct ir_user *u;
	struct sym *sy;
	struct ir_access_group *ag;
	struct ir_route *r;
	struct ir_tgmap *m;
	uint32_t i;

	vec_foreach(&ir->access_groups, i, ag) {
		ag->acl_target = use_acl(s, &ag->acl);
		if (ag->dir != IR_AG_GLOBAL)
			ag->iface_target = use_iface(s, &ag->iface);
	}
	{
		struct ir_mgmt *mg;

		vec_foreach(&ir->mgmt, i, mg)
			mg->iface_target = use_iface(s, &mg->iface);
	}
	vec_foreach(&ir->routes, i, r) {
		r->iface_target = use_iface(s, &r->iface);
		check_mask(s, r->dest, NULL);
		if (r->gateway->kind == IR_ADDR_NAME)
			r->gateway->target = resolve(s, &ir->m_names,
						     &r->gateway->ref, "name");
	}
	vec_foreach(&ir->tunnel_groups, i, tg) {
		if (tg->default_group_policy.s &&
		    !builtin_group_policy(tg->default_group_policy.s)) {
			gp = resolve(s, &ir->m_gps, &tg->default_group_policy,
				     "group-policy");
			if (gp)
				gp->used = true;
			tg->default_group_policy_target = gp;
		}
		use_pools(s, &tg->address_pools);
		use_pools(s, &tg->ipv6_address_pools);
		use_iface(s, &tg->nat_assigned_to_public_ip);
		tg->authentication_server_target =
			use_aaa(s, &tg->authentication_server_group);
		tg->accounting_server_target =
			use_aaa(s, &tg->accounting_server_group);
		tg->authorization_server_target =
			use_aaa(s, &tg->authorization_server_group);
		tg->trust_point_target = use_tp(s, &tg->trust_point);
		tg->ikev2_local_trustpoint_target =
			use_tp(s, &tg->ikev2_local_trustpoint);
	}
	vec_foreach(&ir->group_policies, i, gp)
		sema_gp(s, gp);
	vec_foreach(&ir->users, i, u) {
		if (u->vpn_group_policy.s &&
		    !builtin_group_policy(u->vpn_group_policy.s)) {
			gp = resolve(s, &ir->m_gps, &u->vpn_group_policy,
				     "group-policy");
			if (gp)
				gp->used = true;
			u->vpn_group_policy_target = gp;
		}
		sema_gp(s, &u->attrs);
	}
	vec_foreach(&ir->crypto.ra_trustpoints, i, sy)
		use_tp(s, sy);
	{
		struct ir_webvpn_if *wf;
		struct ir_ssl_tp *st;

		vec_foreach(&ir->webvpn.enabled, i, wf)
			wf->iface_target = use_iface(s, &wf->iface);
		vec_foreach(&ir->ssl_trustpoints, i, st) {
			st->tp_target = use_tp(s, &st->tp);
			st->iface_target = use_iface(s, &st->iface);
		}
	}
	vec_foreach(&ir->tgmaps, i, m) {
		if (m->group.s) {
			tg = resolve(s, &ir->m_tgs, &m->group, "tunnel-group");
			if (tg)
				tg->used = true;
			m->group_target = tg;
		}
	}
	if (ir->lb.present) {
		ir->lb.lbpublic_target = lb_iface(s, &ir->lb.lbpublic,
						  "lbpublic");
		ir->lb.lbprivate_target = lb_iface(s, &ir->lb.lbprivate,
						   "lbprivate");
	}
}

/* A profile's transform sets and proposals, as a crypto map entry's. */
static void sema_entry_ipsec(struct sema *s, const struct ir_cmap_entry *e)
{
	uint32_t t;

	for (t = 0; t < e->transform_sets.n; t++) {
		struct ir_transform_set *ts = resolve(s, &s->ir->m_ts,
			e->transform_sets.v[t], "transform set");

		if (ts)
			ts->used = true;
	}
	for (t = 0; t < e->proposals.n; t++) {
		struct ir_proposal *pr = resolve(s, &s->ir->m_props,
			e->proposals.v[t], "IPsec proposal");

		if (pr)
			pr->used = true;
	}
}

/* Virtual tunnel interfaces: their source interface, peer name and IPsec
 * profile; the profiles' transform sets and proposals. */
static void sema_vti(struct sema *s)
{
	struct ir *ir = s->ir;
	struct ir_ipsec_profile *pf;
	struct ir_iface *f;
	uint32_t i;

	vec_foreach(&ir->ipsec_profiles, i, pf)
		sema_entry_ipsec(s, &pf->e);
	vec_foreach(&ir->interfaces, i, f) {
		if (f->tunnel_source.s)
			f->tunnel_source_target = use_iface(s, &f->tunnel_source);
		if (f->tunnel_dest && f->tunnel_dest->kind == IR_ADDR_NAME)
			f->tunnel_dest->target = resolve(s, &ir->m_names,
				&f->tunnel_dest->ref, "name");
		if (f->tunnel_profile.s) {
			pf = resolve(s, &ir->m_profiles, &f->tunnel_profile,
				     "IPsec profile");
			if (pf)
				pf->used = true;
			f->tunnel_profile_target = pf;
		}
	}
}

int sema_run(struct ir *ir, struct diag_ctx *d)
{
	struct sema s = { ir, d };
	size_t before = d->count[DIAG_ERROR];

	sema_interfaces(&s);
	sema_objects(&s);
	sema_acls(&s);
	sema_nat(&s);
	sema_crypto(&s);
	sema_vti(&s);
	sema_vpn(&s);
	return d->count[DIAG_ERROR] > before ? -1 : 0;
}

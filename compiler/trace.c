/* SPDX-License-Identifier: MIT */
/*
 * trace.c - one packet through the modelled ASA path (see trace.h).
 */
#include "asac.h"
#include "nat.h"
#include "policy.h"
#include "timerange.h"
#include "trace.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void access_lists_clear(struct cm_model *m, const struct tr_packet *pk,
			       struct tr_result *r);

static struct tr_phase *phase(struct tr_result *r, enum tr_phase_type t,
			      const char *subtype)
{
	struct tr_phase *ph;

	if ((size_t)r->nphases >= sizeof(r->phases) / sizeof(r->phases[0]))
		BUG("more than %zu trace phases",
		    sizeof(r->phases) / sizeof(r->phases[0]));
	ph = &r->phases[r->nphases++];
	memset(ph, 0, sizeof(*ph));
	ph->type = t;
	ph->subtype = subtype;
	return ph;
}

static void drop(struct tr_result *r, struct tr_phase *ph, const char *why)
{
	ph->allow = false;
	r->allow = false;
	r->drop_reason = why;
}

static const struct ir_iface *iface_by_name(const struct ir *ir,
					    const char *name)
{
	return name ? map_get(&ir->m_ifaces, strtab_intern(ir->strs, name,
							   strlen(name)))
		    : NULL;
}

/* The address of @a as a number of its family. */
static sp_u128 addr_num(const struct ir_addr *a)
{
	return sp_addr_load(a->family, a->a);
}

/* Is @v in @net/@plen of @family? */
static bool in_prefix(uint8_t family, sp_u128 v, sp_u128 net,
		      unsigned int plen)
{
	unsigned int bits = family == 6 ? 128 : 32;
	sp_u128 host = plen >= bits ? 0 : plen == 0 ?
		       (family == 6 ? ~(sp_u128)0 : 0xffffffffu) :
		       (((sp_u128)1 << (bits - plen)) - 1);

	return (v & ~host) == (net & ~host);
}

/* Longest prefix wins; a connected network beats a static route of the
 * same length (distance 0 against 1); then the lowest metric.  IPv4
 * routes are `route`, IPv6 ones `ipv6 route`. */
static void route_lookup(const struct ir *ir, const struct tr_packet *pk,
			 struct tr_result *r)
{
	struct tr_phase *ph = phase(r, TR_ROUTE_LOOKUP, "Resolve Egress Interface");
	const struct ir_route *best = NULL, *rt;
	const struct ir_iface *bestif = NULL, *f;
	int bestlen = -1;
	int64_t bestmetric = 0;
	uint8_t fam = pk->p.family;
	sp_u128 dst = pk->p.d[SP_DST];
	uint32_t i;

	if (pk->egress) {
		r->output_interface = pk->egress;
		ph->allow = true;
		snprintf(ph->info, sizeof(ph->info), "egress interface %s "
			 "given with --egress", pk->egress);
		return;
	}
	vec_foreach(&ir->interfaces, i, f) {
		const struct ir_addr *ip = fam == 6 ? f->ip6 : f->ip;

		if (!f->nameif.s || !ip || ip->kind != IR_ADDR_NET ||
		    ip->family != fam)
			continue;
		if (!in_prefix(fam, dst, addr_num(ip), ip->plen))
			continue;
		if ((int)ip->plen > bestlen) {
			bestlen = ip->plen;
			bestif = f;
			best = NULL;
		}
	}
	vec_foreach(&ir->routes, i, rt) {
		int len = rt->dest->plen;
		int64_t metric = rt->metric.set ? rt->metric.v : 1;

		if (rt->dest->kind != IR_ADDR_NET || rt->dest->family != fam ||
		    !rt->iface_target)
			continue;
		if (!in_prefix(fam, dst, addr_num(rt->dest), (unsigned int)len))
			continue;
		if (len > bestlen || (len == bestlen && best &&
				      metric < bestmetric)) {
			bestlen = len;
			best = rt;
			bestif = NULL;
			bestmetric = metric;
		}
	}
	if (best) {
		char gw[64];

		ph->allow = true;
		ph->config = &best->loc;
		r->output_interface = best->iface.s;
		if (best->gateway->kind == IR_ADDR_NET &&
		    best->gateway->plen == (best->gateway->family == 6 ?
					    128 : 32))
			sp_addr_str(best->gateway->family,
				    addr_num(best->gateway), gw, sizeof(gw));
		else
			ir_addr_str(best->gateway, gw, sizeof(gw));
		snprintf(ph->info, sizeof(ph->info), "found next-hop %s using "
			 "egress ifc %s", gw, best->iface.s);
	} else if (bestif) {
		ph->allow = true;
		ph->config = fam == 6 ? &bestif->ip6->loc : &bestif->ip->loc;
		r->output_interface = bestif->nameif.s;
		snprintf(ph->info, sizeof(ph->info), "connected network of "
			 "egress ifc %s", bestif->nameif.s);
	} else {
		drop(r, ph, "no-route");
		snprintf(ph->info, sizeof(ph->info), "no route to host");
	}
}

const char *trace_ingress(const struct ir *ir, const struct sp_point *p)
{
	struct tr_packet pk;
	struct tr_result r;

	memset(&pk, 0, sizeof(pk));
	pk.p = *p;
	pk.p.d[SP_DST] = p->d[SP_SRC];
	memset(&r, 0, sizeof(r));
	r.allow = true;
	route_lookup(ir, &pk, &r);
	return r.allow ? r.output_interface : NULL;
}

/* One access-group: returns 1 permit, 0 deny (ph filled), -1 no match. */
/*
 * The deciding ACE @ace has a time-range: say when it was evaluated (the
 * model's time, --time), or that it was taken as active for want of one.
 */
static void time_note(const struct cm_model *m, const struct ir_ace *ace,
		      struct tr_phase *ph, struct tr_result *r)
{
	const struct ir_time_range *tr = ace ? timerange_find(m->ir, ace) :
					 NULL;
	size_t l = strlen(ph->info);

	if (!tr)
		return;
	r->time_range = tr;
	if (m->at)
		snprintf(ph->info + l, sizeof(ph->info) - l, " (time-range %s: "
			 "active at %04d-%02d-%02d %02d:%02d)", tr->name.s,
			 m->at->tm_year + 1900, m->at->tm_mon + 1,
			 m->at->tm_mday, m->at->tm_hour, m->at->tm_min);
	else
		snprintf(ph->info + l, sizeof(ph->info) - l, " (time-range %s: "
			 "taken as active; --time evaluates it)", tr->name.s);
}

static int acl_phase(struct cm_model *m, const struct ir_access_group *ag,
		     const struct sp_point *p, struct tr_phase *ph,
		     struct tr_result *r)
{
	const struct ir_ace *ace;
	int v = cm_acl_match(cm_acl_get(m, ag->acl_target), p, &ace);

	if (v < 0)
		return -1;
	ph->config = &ace->loc;
	ph->allow = v == 1;
	snprintf(ph->info, sizeof(ph->info), "access-group %s %s%s%s",
		 ag->acl.s, ag->dir == IR_AG_IN ? "in interface " :
		 ag->dir == IR_AG_OUT ? "out interface " : "global",
		 ag->iface.s ? ag->iface.s : "", "");
	time_note(m, ace, ph, r);
	return v;
}

/*
 * Same-security traffic (seed 000, "Permitting Intra-Interface Traffic
 * (Hairpinning)"; seed 002: "By default, the ASA does not support IPsec
 * traffic destined for the same interface from which it enters";
 * nat-crypto-order.md F5.3): a packet that leaves through the interface
 * it arrived on needs `same-security-traffic permit intra-interface`, one
 * between two interfaces of the same security level `... permit
 * inter-interface`.  These are checks of their own: an access-group that
 * permits the packet, or permit-vpn for decrypted traffic, does not lift
 * them (asac's reading of F5.3; no public trace shows either way).
 * Returns 1 intra, 2 inter (with the permitting command in @set), 0 when
 * neither applies.
 */
static int same_security(const struct ir *ir, const struct tr_packet *pk,
			 const struct tr_result *r, const struct bval **set)
{
	const struct ir_iface *fi = iface_by_name(ir, pk->input);
	const struct ir_iface *fo = iface_by_name(ir, r->output_interface);
	int64_t li = fi && fi->security_level.set ? fi->security_level.v : 0;
	int64_t lo = fo && fo->security_level.set ? fo->security_level.v : 0;

	if (!pk->input || !r->output_interface)
		return 0;
	if (!strcmp(pk->input, r->output_interface)) {
		*set = &ir->same_security_intra;
		return 1;
	}
	if (li == lo) {
		*set = &ir->same_security_inter;
		return 2;
	}
	return 0;
}

/* The same-security check after an access-group or permit-vpn let the
 * packet through: a phase of its own. */
static void same_security_phase(const struct ir *ir,
				const struct tr_packet *pk,
				struct tr_result *r, const char *how)
{
	const struct bval *set = NULL;
	int k = same_security(ir, pk, r, &set);
	const char *cmd = k == 1 ? "intra-interface" : "inter-interface";
	struct tr_phase *ph;

	if (!k)
		return;
	ph = phase(r, TR_ACCESS_LIST, NULL);
	if (set->set && set->v) {
		ph->allow = true;
		ph->config = &set->loc;
		snprintf(ph->info, sizeof(ph->info), "same-security-traffic "
			 "permit %s: %s", cmd, k == 1 ? "traffic may leave "
			 "through the interface it arrived on" : "interfaces "
			 "of the same security level may communicate");
		return;
	}
	snprintf(ph->info, sizeof(ph->info), "Implicit Rule: %s, and "
		 "same-security-traffic permit %s is not configured (%s does "
		 "not lift it)", k == 1 ? "the packet leaves through the "
		 "interface it arrived on" : "both interfaces have the same "
		 "security level", cmd, how);
	drop(r, ph, k == 1 ? "intra-interface-not-permitted" :
	     "same-security-not-permitted");
}

/* Did the packet come out of a VPN tunnel (IPsec or AnyConnect SSL)? */
static bool decrypted(const struct tr_packet *pk)
{
	return pk->decrypted_from || pk->anyconnect;
}

static void access_lists(struct cm_model *m, const struct tr_packet *pk,
			 struct tr_result *r)
{
	const struct ir *ir = m->ir;

	/* seed 000/002: by default decrypted traffic bypasses the
	 * interface ACLs (`sysopt connection permit-vpn`) */
	if (decrypted(pk) && (!ir->permit_vpn.set || ir->permit_vpn.v)) {
		struct tr_phase *ph = phase(r, TR_ACCESS_LIST, NULL);

		ph->allow = true;
		if (ir->permit_vpn.set)
			ph->config = &ir->permit_vpn.loc;
		snprintf(ph->info, sizeof(ph->info), "sysopt connection "
			 "permit-vpn: decrypted traffic bypasses the "
			 "access-groups");
		same_security_phase(ir, pk, r, "permit-vpn");
		return;
	}
	access_lists_clear(m, pk, r);
}

static void access_lists_clear(struct cm_model *m, const struct tr_packet *pk,
			       struct tr_result *r)
{
	const struct ir *ir = m->ir;
	const struct ir_access_group *in = ir_access_group(ir, IR_AG_IN, pk->input);
	const struct ir_access_group *gl = ir_access_group(ir, IR_AG_GLOBAL, NULL);
	const struct ir_access_group *out;
	struct tr_phase *ph = phase(r, TR_ACCESS_LIST, "log");
	int v = -1;

	if (in)
		v = acl_phase(m, in, &pk->p, ph, r);
	if (v < 0 && gl)
		v = acl_phase(m, gl, &pk->p, ph, r);
	if (in || gl) {
		/* interface rule, then global rule, then implicit deny */
		if (v < 0) {
			ph->subtype = NULL;
			snprintf(ph->info, sizeof(ph->info), "Implicit Rule");
		}
		if (v != 1) {
			drop(r, ph, "acl-drop");
			return;
		}
		same_security_phase(ir, pk, r, "the access-group");
		if (!r->allow)
			return;
	} else {
		/* no ACL: the security levels decide (implicit permit from
		 * a higher to a lower security level), same-security
		 * traffic only where permitted */
		const struct ir_iface *fi = iface_by_name(ir, pk->input);
		const struct ir_iface *fo = iface_by_name(ir, r->output_interface);
		int64_t li = fi && fi->security_level.set ? fi->security_level.v : 0;
		int64_t lo = fo && fo->security_level.set ? fo->security_level.v : 0;
		const struct bval *set = NULL;
		int k = same_security(ir, pk, r, &set);

		ph->subtype = NULL;
		snprintf(ph->info, sizeof(ph->info), "Implicit Rule");
		if (k) {
			if (!(set->set && set->v)) {
				drop(r, ph, k == 1 ?
				     "intra-interface-not-permitted" :
				     "same-security-not-permitted");
				return;
			}
			ph->config = &set->loc;
		} else if (li < lo) {
			drop(r, ph, "security-level");
			snprintf(ph->info, sizeof(ph->info), "Implicit Rule: "
				 "security level %lld to %lld",
				 (long long)li, (long long)lo);
			return;
		}
		ph->allow = true;
	}
	out = ir_access_group(ir, IR_AG_OUT, r->output_interface);
	if (out) {
		ph = phase(r, TR_ACCESS_LIST, "log");
		v = acl_phase(m, out, &pk->p, ph, r);
		if (v != 1) {
			if (v < 0)
				snprintf(ph->info, sizeof(ph->info),
					 "Implicit Rule");
			drop(r, ph, "acl-drop");
		}
	}
}

/* Does @x name entry @e? */
static bool spec_names(const struct tr_sa_spec *x, const struct cm_entry *e)
{
	if (x->peer)
		return e->dyn != NULL;
	if (!strcmp(x->map, e->map->name.s) && x->seq == e->e->seq.v)
		return true;
	return e->dyn && !strcmp(x->map, e->dynmap->name.s) &&
	       x->seq == e->dyn->seq.v;
}

/* The SA of @sa that carries @p through dynamic entry @e, or NULL. */
static const struct tr_sa_spec *sa_carrier(const struct tr_sa *sa,
					   const struct cm_entry *e,
					   const struct sp_point *p)
{
	size_t i;

	for (i = 0; sa && i < sa->n; i++) {
		const struct tr_sa_spec *x = &sa->v[i];

		if (!spec_names(x, e))
			continue;
		if (x->given ? sp_contains(&x->carry, p) :
		    !e->sa_only || sp_contains(&sa->pools, p))
			return x;
	}
	return NULL;
}

static bool sa_up(const struct cm_entry *e, const struct sp_point *p,
		  void *arg)
{
	return sa_carrier(arg, e, p) != NULL;
}

/* The ranges of @fam a list of addresses, prefixes and `any` names, into
 * @lo/@hi from @n on (at most @max); false when an item is malformed. */
static bool sa_nets(const char *list, uint8_t fam, sp_u128 *lo, sp_u128 *hi,
		    size_t *n, size_t max)
{
	char buf[256], *item, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	if (!*buf)
		return false;
	for (item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		uint8_t b[16];
		char *slash = strchr(item, '/'), *end;
		unsigned long plen;
		uint8_t f;
		unsigned int bits;
		sp_u128 v, host;

		if (!strcmp(item, "any")) {
			if (*n < max) {
				lo[*n] = 0;
				hi[(*n)++] = sp_dim_max(fam, SP_DST);
			}
			continue;
		}
		if (slash)
			*slash = 0;
		if (inet_pton(AF_INET, item, b) == 1)
			f = 4;
		else if (inet_pton(AF_INET6, item, b) == 1)
			f = 6;
		else
			return false;
		bits = f == 6 ? 128 : 32;
		plen = bits;
		if (slash) {
			plen = strtoul(slash + 1, &end, 10);
			if (!slash[1] || *end || plen > bits)
				return false;
		}
		if (f != fam)
			continue;
		v = sp_addr_load(f, b);
		host = plen >= bits ? 0 : (((sp_u128)1 << (bits - plen)) - 1);
		if (*n < max) {
			lo[*n] = v & ~host;
			hi[(*n)++] = (v & ~host) | host;
		}
	}
	return true;
}

bool trace_sa_add(struct tr_sa *sa, const char *text, char *err, size_t len)
{
	struct tr_sa_spec x;
	char head[160];
	const char *eq = strchr(text, '=');
	size_t hl = eq ? (size_t)(eq - text) : strlen(text);

	memset(&x, 0, sizeof(x));
	x.text = text;
	sp_init(&x.carry);
	snprintf(head, sizeof(head), "%.*s", (int)hl, text);
	if (inet_pton(AF_INET, head, x.addr) == 1) {
		x.peer = true;
		x.family = 4;
	} else if (inet_pton(AF_INET6, head, x.addr) == 1) {
		x.peer = true;
		x.family = 6;
	} else {
		char *colon = strrchr(head, ':'), *end;

		if (!colon || colon == head || !colon[1] ||
		    (x.seq = strtoll(colon + 1, &end, 10), *end)) {
			snprintf(err, len, "'%s': expected a peer address or "
				 "MAP:SEQ before '='", text);
			return false;
		}
		snprintf(x.map, sizeof(x.map), "%.*s", (int)(colon - head),
			 head);
	}
	if (eq) {
		/* [LOCAL>]REMOTE: what the SA's selectors carry outbound */
		const char *gt = strchr(eq + 1, '>');
		char local[256];
		const char *remote = gt ? gt + 1 : eq + 1;
		int f;

		if (gt)
			snprintf(local, sizeof(local), "%.*s",
				 (int)(gt - eq - 1), eq + 1);
		else
			snprintf(local, sizeof(local), "any");
		for (f = 4; f <= 6; f += 2) {
			sp_u128 llo[64], lhi[64], rlo[64], rhi[64];
			size_t nl = 0, nr = 0, i, j;

			if (!sa_nets(local, (uint8_t)f, llo, lhi, &nl, 64) ||
			    !sa_nets(remote, (uint8_t)f, rlo, rhi, &nr, 64)) {
				snprintf(err, len, "'%s': after '=' come the "
					 "networks the SA carries, "
					 "[LOCAL>]REMOTE, each a comma-"
					 "separated list of addresses, "
					 "prefixes or any", text);
				sp_free(&x.carry);
				return false;
			}
			for (i = 0; i < nl; i++)
				for (j = 0; j < nr; j++) {
					struct sp_box b;

					sp_box_full(&b, (uint8_t)f);
					b.lo[SP_SRC] = llo[i];
					b.hi[SP_SRC] = lhi[i];
					b.lo[SP_DST] = rlo[j];
					b.hi[SP_DST] = rhi[j];
					sp_add(&x.carry, &b);
				}
		}
		x.given = true;
	}
	sa->v = xrealloc_array(sa->v, sa->n + 1, sizeof(*sa->v));
	sa->v[sa->n++] = x;
	return true;
}

/* Add the ranges of pool @name as destinations to @sa's pools. */
static void sa_pool(struct tr_sa *sa, const struct ir *ir, const char *name)
{
	const struct ir_pool *pl = map_get(&ir->m_pools, name);
	size_t l = strlen(sa->pool_names);
	int f;

	if (!pl || !pl->range)
		return;
	for (f = 4; f <= 6; f += 2) {
		sp_u128 *lo, *hi;
		unsigned int unsupported = 0;
		size_t n = cm_addr_ranges_all(ir, pl->range, (uint8_t)f, &lo,
					      &hi, &unsupported), i;

		for (i = 0; i < n; i++) {
			struct sp_box b;

			sp_box_full(&b, (uint8_t)f);
			b.lo[SP_DST] = lo[i];
			b.hi[SP_DST] = hi[i];
			sp_add(&sa->pools, &b);
		}
		free(lo);
		free(hi);
	}
	if (!strstr(sa->pool_names, name) && l + strlen(name) + 3 <
	    sizeof(sa->pool_names))
		snprintf(sa->pool_names + l, sizeof(sa->pool_names) - l,
			 "%s%s", l ? ", " : "", name);
}

bool trace_sa_bind(struct tr_sa *sa, const struct cm_model *m, char *err,
		   size_t len)
{
	const struct ir *ir = m->ir;
	const struct ir_tunnel_group *tg;
	size_t i, k, e;
	uint32_t j, t;

	for (i = 0; i < sa->n; i++) {
		bool found = sa->v[i].peer;

		for (k = 0; !found && k < m->nsets; k++)
			for (e = 0; !found && e < m->sets[k].n; e++)
				found = spec_names(&sa->v[i], &m->sets[k].v[e]);
		if (!found) {
			snprintf(err, len, "--sa-up %s: no entry %s %lld in "
				 "a crypto map bound to an interface",
				 sa->v[i].text, sa->v[i].map, sa->v[i].seq);
			return false;
		}
	}
	/* remote-access clients arrive through the dynamic map: their
	 * addresses come from the pools of their tunnel group or of its
	 * group policy (every pool either can assign is taken) */
	sp_init(&sa->pools);
	vec_foreach(&ir->tunnel_groups, t, tg) {
		const struct ir_group_policy *gp = tg->default_group_policy_target;

		if (!ir_tg_remote_access(tg))
			continue;
		for (j = 0; j < tg->address_pools.n; j++)
			sa_pool(sa, ir, ((const struct sym *)
					 tg->address_pools.v[j])->s);
		for (j = 0; j < tg->ipv6_address_pools.n; j++)
			sa_pool(sa, ir, ((const struct sym *)
					 tg->ipv6_address_pools.v[j])->s);
		for (j = 0; gp && j < gp->address_pools.n; j++)
			sa_pool(sa, ir, ((const struct sym *)
					 gp->address_pools.v[j])->s);
	}
	return true;
}

void trace_sa_free(struct tr_sa *sa)
{
	size_t i;

	for (i = 0; i < sa->n; i++)
		sp_free(&sa->v[i].carry);
	free(sa->v);
	sp_free(&sa->pools);
	memset(sa, 0, sizeof(*sa));
}

static void vpn(struct cm_model *m, const struct tr_packet *pk,
		const struct tr_sa *sa, struct tr_result *r)
{
	const struct cm_set *s = cm_set_for(m, r->output_interface);
	struct tr_phase *ph;

	if (!s)
		return;
	r->vpn_present = true;
	cm_lookup(s, &pk->p, sa_up, (void *)(uintptr_t)sa, &r->vpn);
	if (r->vpn.action == CM_BYPASS)
		return;	/* no VPN phase when nothing permits (seed E4) */
	ph = phase(r, TR_VPN, "encrypt");
	ph->allow = r->vpn.action == CM_PROTECT;
	if (r->vpn.ace)
		ph->config = &r->vpn.ace->loc;
	else if (r->vpn.entry)
		ph->config = &r->vpn.entry->e->loc;
	snprintf(ph->info, sizeof(ph->info), "crypto map %s %lld%s",
		 r->vpn.entry->map->name.s, (long long)r->vpn.entry->e->seq.v,
		 r->vpn.entry->dyn ? " (dynamic)" : "");
	if (r->vpn.action == CM_PROTECT && r->vpn.entry->dyn) {
		const struct tr_sa_spec *x = sa_carrier(sa, r->vpn.entry,
							&pk->p);
		size_t l = strlen(ph->info);

		r->sa = x->text;
		if (!x->given && r->vpn.entry->sa_only)
			snprintf(ph->info + l, sizeof(ph->info) - l, ": the SA "
				 "of a remote-access client with an address "
				 "of pool%s %s (--sa-up %s)",
				 strchr(sa->pool_names, ',') ? "s" : "",
				 sa->pool_names, x->text);
		else
			snprintf(ph->info + l, sizeof(ph->info) - l, ": an "
				 "established SA carries it (--sa-up %s)",
				 x->text);
	}
	time_note(m, r->vpn.ace, ph, r);
	if (r->vpn.action == CM_DROP)
		drop(r, ph, r->vpn.reason == CM_DROP_INCOMPLETE ?
		     "incomplete-crypto-map" : "dynamic-map-no-sa");
}

/*
 * A packet routed into a virtual tunnel interface: the IPsec SA of the
 * tunnel carries it, its selectors are any/any (the ASA's configuration
 * guide for VTIs; the seeds are silent), so there is nothing to match: a
 * complete VTI protects, one missing what it needs is down (drop).
 */
static bool vti_out(struct cm_model *m, struct tr_result *r)
{
	const struct ir_iface *f = NULL, *x;
	struct tr_phase *ph;
	char peer[64] = "?";
	uint32_t i;

	vec_foreach(&m->ir->interfaces, i, x)
		if (x->nameif.s && r->output_interface &&
		    !strcmp(x->nameif.s, r->output_interface) &&
		    (x->tunnel_profile.s || x->tunnel_dest))
			f = x;
	if (!f)
		return false;
	r->vti = f;
	ph = phase(r, TR_VPN, "vti-encrypt");
	ph->config = f->tunnel_profile.s ? &f->tunnel_profile.loc : &f->loc;
	if (f->tunnel_dest)
		ir_peer_str(f->tunnel_dest, peer, sizeof(peer));
	if (!f->tunnel_profile_target || !f->tunnel_source_target ||
	    !f->tunnel_dest || !ir_peer_addr(f->tunnel_dest)) {
		snprintf(ph->info, sizeof(ph->info), "interface %s (%s) is a "
			 "virtual tunnel interface without %s: the tunnel is "
			 "down", f->hwname ? f->hwname : "?", f->nameif.s,
			 !f->tunnel_profile_target ? "an IPsec profile" :
			 !f->tunnel_source_target ? "a source interface" :
			 "a peer address");
		drop(r, ph, "vti-down");
		return true;
	}
	ph->allow = true;
	snprintf(ph->info, sizeof(ph->info), "interface %s (%s): the IPsec SA "
		 "of its tunnel to %s from %s (ipsec profile %s) carries any "
		 "traffic routed into it", f->hwname ? f->hwname : "?",
		 f->nameif.s, peer, f->tunnel_source.s, f->tunnel_profile.s);
	return true;
}

/* A decrypted packet must fit the policy of the SA it came in (seed 002:
 * "If the inner header fails to match the proxy, the security appliance
 * drops the packet"). */
static void inbound_decrypted(struct cm_model *m, const struct tr_packet *pk,
			      struct tr_result *r)
{
	const struct cm_set *s = cm_set_for(m, pk->input);
	struct tr_phase *ph = phase(r, TR_VPN, "ipsec-tunnel-flow");
	const struct cm_entry *ce = NULL;
	const struct ir_ace *ace = NULL;
	char peer[64];

	ir_peer_str(pk->decrypted_from, peer, sizeof(peer));
	if (s)
		ce = cm_inbound_decrypted(s, &pk->p, pk->decrypted_from, &ace);
	if (!ce) {
		snprintf(ph->info, sizeof(ph->info), "no crypto map entry of "
			 "ifc %s with peer %s permits this packet", pk->input,
			 peer);
		drop(r, ph, "decrypted-not-in-policy");
		return;
	}
	ph->allow = true;
	ph->config = ace ? &ace->loc : &ce->e->loc;
	snprintf(ph->info, sizeof(ph->info), "decrypted from %s: crypto map "
		 "%s %lld", peer, ce->map->name.s, (long long)ce->e->seq.v);
}

/* Does pool @name hold the source address of @p? */
static bool pool_holds(const struct ir *ir, const char *name,
		       const struct sp_point *p)
{
	const struct ir_pool *pl = map_get(&ir->m_pools, name);
	unsigned int unsupported = 0;
	sp_u128 *lo, *hi;
	size_t n, i;
	bool in = false;

	if (!pl || !pl->range)
		return false;
	n = cm_addr_ranges_all(ir, pl->range, p->family, &lo, &hi,
			       &unsupported);
	for (i = 0; i < n && !in; i++)
		in = lo[i] <= p->d[SP_SRC] && p->d[SP_SRC] <= hi[i];
	free(lo);
	free(hi);
	return in;
}

/*
 * The tunnel group a decrypted packet's SA belongs to: a LAN-to-LAN
 * tunnel group is named by its peer's address; a remote-access client's
 * source is an address of its group's pools (the ASA assigned it), so
 * the first remote-access group, in configuration order, whose resolved
 * pools (policy.h) hold the source is taken.  NULL: neither.
 */
static const struct ir_tunnel_group *decrypted_group(const struct ir *ir,
						     const struct tr_packet *pk,
						     struct ra_attrs *a)
{
	const struct ir_tunnel_group *tg;
	char peer[64];
	uint32_t i, j;

	/* (m_tgs is keyed by interned names: the peer's is not) */
	if (pk->decrypted_from) {
		ir_peer_str(pk->decrypted_from, peer, sizeof(peer));
		vec_foreach(&ir->tunnel_groups, i, tg)
			if (!ir_tg_remote_access(tg) &&
			    !strcmp(tg->name.s, peer)) {
				ra_attrs_resolve(ir, tg, NULL, a);
				return tg;
			}
	}
	vec_foreach(&ir->tunnel_groups, i, tg) {
		const struct sym *ps;

		if (!ir_tg_remote_access(tg) &&
		    !(pk->anyconnect && !strcmp(tg->name.s,
						"DefaultWEBVPNGroup")))
			continue;
		ra_attrs_resolve(ir, tg, NULL, a);
		/* an AnyConnect session's group serves ssl-client */
		if (pk->anyconnect && !a->ssl_client)
			continue;
		if (a->pools)
			vec_foreach(a->pools, j, ps)
				if (pool_holds(ir, ps->s, &pk->p))
					return tg;
	}
	return NULL;
}

/*
 * group-policy vpn-filter: the ACL the tunnel's group policy (resolved:
 * the user's, the tunnel group's default-group-policy, DfltGrpPolicy)
 * applies to its decrypted traffic, whatever sysopt connection
 * permit-vpn says (the ASA's documented behaviour; the seeds are silent
 * on vpn-filter).  The ACL is written with the remote side as source,
 * so a decrypted packet is matched as it is; no match is the implicit
 * deny.  A remote-access client's user is not known to the trace, so a
 * user's own vpn-filter is not seen (asac assumes the group's).
 */
static void vpn_filter(struct cm_model *m, const struct tr_packet *pk,
		       struct tr_result *r)
{
	const struct ir_tunnel_group *tg;
	const struct ir_ace *ace = NULL;
	struct tr_phase *ph;
	struct ra_attrs a;
	int v;

	tg = decrypted_group(m->ir, pk, &a);
	if (!tg || !a.vpn_filter)
		return;
	ph = phase(r, TR_ACCESS_LIST, "vpn-filter");
	v = cm_acl_match(cm_acl_get(m, a.vpn_filter), &pk->p, &ace);
	ph->config = ace ? &ace->loc : a.filter_src.loc;
	ph->allow = v == 1;
	snprintf(ph->info, sizeof(ph->info), "vpn-filter value %s of tunnel "
		 "group %s%s%s", a.vpn_filter->name.s, tg->name.s,
		 ir_tg_remote_access(tg) ? " (the source is an address of its "
		 "pools)" : "", v < 0 ? ": Implicit Rule" : "");
	if (ace)
		time_note(m, ace, ph, r);
	if (v != 1)
		drop(r, ph, "vpn-filter");
}

/*
 * A packet out of an AnyConnect SSL session: it arrives on an interface
 * with webvpn enabled, from the address its tunnel group's pool gave the
 * client (decrypted_group()); it has no crypto map to fit.  The seeds are
 * silent on SSL sessions' data path: asac assumes it is the IPsec
 * clients' (vpn-filter, then permit-vpn or the access-groups).
 */
static void anyconnect_in(struct cm_model *m, const struct tr_packet *pk,
			  struct tr_result *r)
{
	const struct ir *ir = m->ir;
	const struct ir_webvpn_if *e, *on = NULL;
	const struct ir_tunnel_group *tg;
	struct tr_phase *ph = phase(r, TR_VPN, "anyconnect");
	struct ra_attrs a;
	uint32_t i;

	if (ir_anyconnect(ir))
		vec_foreach(&ir->webvpn.enabled, i, e)
			if (!strcmp(e->iface.s, pk->input))
				on = e;
	if (!on) {
		snprintf(ph->info, sizeof(ph->info), "AnyConnect is not "
			 "enabled on ifc %s (webvpn enable, anyconnect enable)",
			 pk->input);
		drop(r, ph, "anyconnect-not-enabled");
		return;
	}
	tg = decrypted_group(ir, pk, &a);
	ph->config = &on->loc;
	if (!tg) {
		snprintf(ph->info, sizeof(ph->info), "no tunnel group serving "
			 "AnyConnect (ssl-client) has a pool holding the "
			 "source: no AnyConnect client has it");
		drop(r, ph, "anyconnect-no-session");
		return;
	}
	ph->allow = true;
	snprintf(ph->info, sizeof(ph->info), "decrypted from an AnyConnect "
		 "SSL session of tunnel group %s on ifc %s (the source is an "
		 "address of its pools)", tg->name.s, pk->input);
}

/* A clear-text packet on an interface with a crypto map, matching the
 * mirror of a permit ACE, should have arrived encrypted (seed 002). */
static void inbound_clear(struct cm_model *m, const struct tr_packet *pk,
			  struct tr_result *r)
{
	const struct cm_set *s = cm_set_for(m, pk->input);
	const struct cm_entry *ce;
	const struct ir_ace *ace = NULL;
	struct tr_phase *ph;

	if (!s)
		return;
	ce = cm_inbound_clear(s, &pk->p, &ace);
	if (!ce)
		return;
	ph = phase(r, TR_VPN, "ipsec-tunnel-flow");
	ph->config = ace ? &ace->loc : &ce->e->loc;
	snprintf(ph->info, sizeof(ph->info), "clear-text packet matches the "
		 "mirror of crypto map %s %lld: it should have been "
		 "encrypted", ce->map->name.s, (long long)ce->e->seq.v);
	drop(r, ph, "clear-text-should-be-encrypted");
}

static void nat_phase(struct tr_packet *q, const struct nat_result *nr,
		      struct tr_result *r)
{
	struct tr_phase *ph;

	switch (nr->kind) {
	case NAT_NONE:
		return;
	case NAT_EXEMPT:
		ph = phase(r, TR_NAT_EXEMPT, NULL);
		ph->allow = true;
		break;
	case NAT_TRANSLATED:
		ph = phase(r, TR_NAT, NULL);
		ph->allow = true;
		if (memcmp(&nr->out, &q->p, sizeof(q->p))) {
			r->translated = true;
			q->p = nr->out;
		}
		/* dynamic NAT: the source is any address of the pool */
		r->pooled = nr->pooled;
		r->pool_lo = nr->pool_lo;
		r->pool_hi = nr->pool_hi;
		break;
	case NAT_FAILED:
		ph = phase(r, TR_NAT, NULL);
		drop(r, ph, "nat-failed");
		break;
	default:
		BUG("nat result %d", (int)nr->kind);
	}
	ph->config = nr->config;
	snprintf(ph->info, sizeof(ph->info), "%.400s%s", nr->info, nr->unsupported ?
		 " (the rule's service objects are not matched: asac "
		 "does not model NAT services yet)" : "");
}

/* An UN-NAT phase: a destination translated before the route lookup. */
static void un_nat_phase(struct tr_result *r, const struct nat_result *nr)
{
	struct tr_phase *ph = phase(r, TR_UN_NAT, "static");

	ph->allow = true;
	ph->config = nr->config;
	snprintf(ph->info, sizeof(ph->info), "%.500s", nr->info);
	r->translated = true;
}

void trace_packet(struct cm_model *m, const struct tr_packet *pk,
		  const struct tr_sa *sa, struct tr_result *r)
{
	struct tr_packet q = *pk;	/* the packet as NAT changes it */
	struct tr_packet acl;		/* the packet as the ACLs see it */
	struct sp_point sent;		/* its destination as sent */
	struct nat_result nr;
	bool wire = false;		/* ACLs see the packet as received */

	memset(r, 0, sizeof(*r));
	r->allow = true;
	r->at = m->at;
	/* UN-NAT: a static rule's mapped destination, back to the real one,
	 * before the route lookup (the ASA's "NAT divert") */
	if (!decrypted(pk) && nat_untranslate(m, pk->input, &q.p, &nr)) {
		un_nat_phase(r, &nr);
		/* 8.2: an access list holds the addresses valid on its
		 * interface, so an inbound ACL names a static's mapped
		 * address (nat-crypto-order.md, 8.2 differences) */
		wire = nr.v82;
	}
	sent = q.p;
	/* twice NAT `destination static MAPPED REAL`: the destination too
	 * is translated before the route lookup (the ASA's "NAT divert", E1
	 * of nat-crypto-order.md) */
	if (!decrypted(pk) && nat_forward_dst(m, pk->input, &q.p, &nr))
		un_nat_phase(r, &nr);
	r->post = q.p;		/* as far as it got, if dropped early */
	route_lookup(m->ir, &q, r);
	if (!r->allow)
		return;
	if (decrypted(pk)) {
		if (pk->anyconnect)
			anyconnect_in(m, pk, r);
		else
			inbound_decrypted(m, pk, r);
		if (!r->allow)
			return;
		vpn_filter(m, &q, r);
		if (!r->allow)
			return;
	}
	/* access-groups see the real addresses (8.3+, nat-crypto-order.md
	 * F1.2): the destination was untranslated above, the source is not
	 * translated yet */
	acl = q;
	if (wire)
		acl.p = pk->p;
	access_lists(m, &acl, r);
	if (!r->allow)
		return;
	/* the rule is matched on the destination as sent; it translates
	 * the source only (the destination was, at UN-NAT) */
	nat_forward(m, q.input, r->output_interface, &sent, &nr);
	nr.out.d[SP_DST] = q.p.d[SP_DST];
	nat_phase(&q, &nr, r);
	r->post = q.p;
	if (!r->allow)
		return;
	/* the crypto map sees the translated packet; a VTI's SA takes all */
	if (vti_out(m, r))
		return;
	vpn(m, &q, sa, r);
	if (r->allow && !decrypted(pk))
		inbound_clear(m, pk, r);
}

static const char *type_name(enum tr_phase_type t)
{
	switch (t) {
	case TR_UN_NAT:
		return "UN-NAT";
	case TR_NAT_EXEMPT:
		return "NAT-EXEMPT";
	case TR_ROUTE_LOOKUP:
		return "ROUTE-LOOKUP";
	case TR_ACCESS_LIST:
		return "ACCESS-LIST";
	case TR_NAT:
		return "NAT";
	case TR_VPN:
		return "VPN";
	}
	BUG("phase %d", (int)t);
}

static void config_line(const struct srcset *src, const struct loc *l,
			char *text, size_t tl, char *where, size_t wl)
{
	const struct src_file *f = src->files[l->file];
	uint32_t ls, le, line, col;

	/* the whole command, without its indentation or CLI prompt */
	src_line_span(f, l->start, &ls, &le);
	src_linecol(f, l->start, &line, &col);
	while (ls < l->start && (f->data[ls] == ' ' || f->data[ls] == '\t'))
		ls++;
	{
		const char *pr = memchr(f->data + ls, '#', l->start - ls);

		if (pr && pr < f->data + l->start) {
			ls = (uint32_t)(pr - f->data) + 1;
			while (ls < l->start && f->data[ls] == ' ')
				ls++;
		}
	}
	/* by hand: this runs for every phase of every traced flow */
	{
		size_t n = le - ls < tl ? le - ls : tl - 1;
		size_t nl = strlen(f->name);
		char num[12], *q = num + sizeof(num);

		memcpy(text, f->data + ls, n);
		src_mask(f, ls, text, n);
		text[n] = 0;
		*--q = 0;
		do {
			*--q = (char)('0' + line % 10);
			line /= 10;
		} while (line);
		if (nl + 1 + (size_t)(num + sizeof(num) - q) > wl) {
			snprintf(where, wl, "%s:%s", f->name, q);
			return;
		}
		memcpy(where, f->name, nl);
		where[nl] = ':';
		memcpy(where + nl + 1, q, (size_t)(num + sizeof(num) - q));
	}
}

void trace_print_text(FILE *out, const struct srcset *src,
		      const struct tr_packet *pk, const struct tr_result *r)
{
	int i;

	for (i = 0; i < r->nphases; i++) {
		const struct tr_phase *ph = &r->phases[i];

		fprintf(out, "Phase: %d\nType: %s\n", i + 1, type_name(ph->type));
		if (ph->subtype)
			fprintf(out, "Subtype: %s\n", ph->subtype);
		fprintf(out, "Result: %s\nConfig:\n", ph->allow ? "ALLOW" : "DROP");
		if (ph->config) {
			char text[512], where[300];

			config_line(src, ph->config, text, sizeof(text), where,
				    sizeof(where));
			fprintf(out, "%s\nLocation: %s\n", text, where);
		}
		fprintf(out, "Additional Information:\n%s\n\n", ph->info);
	}
	fprintf(out, "Result:\ninput-interface: %s\noutput-interface: %s\n"
		"Action: %s\n", pk->input,
		r->output_interface ? r->output_interface : "NP Identity Ifc",
		r->allow ? "allow" : "drop");
	if (!r->allow)
		fprintf(out, "Drop-reason: (%s)\n", r->drop_reason);
}

static void kstr(struct jw *w, const char *k, const char *v)
{
	jw_key(w, k);
	jw_str(w, v);
}

void trace_print_json(struct jw *w, const struct srcset *src,
		      const struct ir *ir, const struct tr_packet *pk,
		      const struct tr_result *r)
{
	char buf[128];
	unsigned int proto = sp_proto_num((unsigned int)pk->p.d[SP_PROTO]);
	const struct tm *at = r->at;
	int i;

	(void)ir;
	jw_obj(w);
	jw_key(w, "input");
	jw_obj(w);
	kstr(w, "interface", pk->input);
	jw_key(w, "protocol");
	jw_int(w, proto);
	sp_addr_str(pk->p.family, pk->p.d[SP_SRC], buf, sizeof(buf));
	kstr(w, "src", buf);
	sp_addr_str(pk->p.family, pk->p.d[SP_DST], buf, sizeof(buf));
	kstr(w, "dst", buf);
	if (proto == 6 || proto == 17 || proto == 132) {
		jw_key(w, "sport");
		jw_int(w, (long long)pk->p.d[SP_SPORT]);
		jw_key(w, "dport");
		jw_int(w, (long long)pk->p.d[SP_DPORT]);
	} else if (proto == 1 || proto == 58) {
		jw_key(w, "icmp_type");
		jw_int(w, (long long)pk->p.d[SP_ITYPE]);
		jw_key(w, "icmp_code");
		jw_int(w, (long long)pk->p.d[SP_ICODE]);
	}
	jw_end_obj(w);
	jw_key(w, "phases");
	jw_arr(w);
	for (i = 0; i < r->nphases; i++) {
		const struct tr_phase *ph = &r->phases[i];

		jw_obj(w);
		kstr(w, "type", type_name(ph->type));
		if (ph->subtype)
			kstr(w, "subtype", ph->subtype);
		kstr(w, "result", ph->allow ? "ALLOW" : "DROP");
		if (ph->config) {
			char text[512], where[300];

			config_line(src, ph->config, text, sizeof(text), where,
				    sizeof(where));
			kstr(w, "config", text);
			kstr(w, "location", where);
		} else {
			jw_key(w, "config");
			jw_null(w);
			jw_key(w, "location");
			jw_null(w);
		}
		kstr(w, "info", ph->info);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	if (r->translated) {
		/* the packet after NAT, as the crypto map saw it */
		jw_key(w, "translated");
		jw_obj(w);
		sp_addr_str(r->post.family, r->post.d[SP_SRC], buf, sizeof(buf));
		kstr(w, "src", buf);
		sp_addr_str(r->post.family, r->post.d[SP_DST], buf, sizeof(buf));
		kstr(w, "dst", buf);
		if (r->post.d[SP_PROTO] <= sp_proto_rank(132)) {
			/* TCP, UDP, SCTP: static PAT changes them */
			jw_key(w, "sport");
			jw_int(w, (long long)r->post.d[SP_SPORT]);
			jw_key(w, "dport");
			jw_int(w, (long long)r->post.d[SP_DPORT]);
		}
		if (r->pooled) {
			/* dynamic NAT: the source is any address of the pool
			 * (shown as its first one) */
			char hi[64];

			sp_addr_str(r->post.family, r->pool_lo, buf, sizeof(buf));
			sp_addr_str(r->post.family, r->pool_hi, hi, sizeof(hi));
			jw_key(w, "src_pool");
			jw_arr(w);
			jw_str(w, buf);
			jw_str(w, hi);
			jw_end_arr(w);
		}
		jw_end_obj(w);
	}
	if (r->time_range) {
		/* a deciding ACE had a time-range: when it was evaluated */
		jw_key(w, "time_range");
		jw_obj(w);
		kstr(w, "name", r->time_range->name.s);
		jw_key(w, "at");
		if (at) {
			snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d",
				 at->tm_year + 1900, at->tm_mon + 1,
				 at->tm_mday, at->tm_hour, at->tm_min);
			jw_str(w, buf);
		} else {
			jw_null(w);
		}
		jw_key(w, "assumed_active");
		jw_bool(w, !at);
		jw_end_obj(w);
	}
	jw_key(w, "output_interface");
	jw_str(w, r->output_interface);
	kstr(w, "action", r->allow ? "allow" : "drop");
	jw_key(w, "drop_reason");
	jw_str(w, r->drop_reason);
	jw_key(w, "vpn");
	if (r->vti) {
		jw_obj(w);
		kstr(w, "action", r->allow ? "protect" : "drop");
		kstr(w, "vti", r->vti->hwname);
		kstr(w, "ipsec_profile", r->vti->tunnel_profile.s);
		jw_end_obj(w);
	} else if (!r->vpn_present) {
		jw_null(w);
	} else {
		const struct cm_entry *ce = r->vpn.entry;

		jw_obj(w);
		kstr(w, "action", r->vpn.action == CM_PROTECT ? "protect" :
		     r->vpn.action == CM_DROP ? "drop" : "bypass");
		if (ce) {
			const struct ir_cmap_entry *e = ce->dyn ? ce->dyn : ce->e;
			struct sym *s;
			uint32_t k;

			kstr(w, "crypto_map", ce->map->name.s);
			jw_key(w, "seq");
			jw_int(w, ce->e->seq.v);
			jw_key(w, "dynamic");
			jw_bool(w, ce->dyn != NULL);
			if (ce->dyn) {
				kstr(w, "dynamic_map", ce->dynmap->name.s);
				jw_key(w, "dynamic_seq");
				jw_int(w, ce->dyn->seq.v);
			}
			jw_key(w, "acl");
			jw_str(w, ce->acl ? ce->acl->acl->name.s : NULL);
			if (r->sa)
				kstr(w, "sa_up", r->sa);
			if (r->vpn.ace) {
				char text[512], where[300];

				jw_key(w, "acl_line");
				jw_int(w, r->vpn.ace->line);
				config_line(src, &r->vpn.ace->loc, text,
					    sizeof(text), where, sizeof(where));
				kstr(w, "location", where);
			}
			jw_key(w, "peers");
			jw_arr(w);
			for (k = 0; k < ce->e->peers.n; k++) {
				char a[128];

				jw_str(w, ir_peer_str(ce->e->peers.v[k], a,
						      sizeof(a)));
			}
			jw_end_arr(w);
			jw_key(w, "transform_sets");
			jw_arr(w);
			vec_foreach(&e->transform_sets, k, s)
				jw_str(w, s->s);
			jw_end_arr(w);
			jw_key(w, "proposals");
			jw_arr(w);
			vec_foreach(&e->proposals, k, s)
				jw_str(w, s->s);
			jw_end_arr(w);
			jw_key(w, "pfs");
			if (e->pfs_set)
				jw_str(w, e->pfs.s ? e->pfs.s : "default");
			else
				jw_null(w);
			jw_key(w, "lifetime_seconds");
			if (e->lifetime_seconds.set)
				jw_int(w, e->lifetime_seconds.v);
			else
				jw_null(w);
		}
		jw_end_obj(w);
	}
	jw_end_obj(w);
}

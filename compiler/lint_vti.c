/* SPDX-License-Identifier: MIT */
/*
 * lint_vti.c - the checks of virtual tunnel interfaces (interface
 * TunnelN with tunnel protection ipsec profile): what a route-based VPN
 * needs to come up, and what makes it ambiguous.  The seeds are silent on
 * VTIs; the rules follow the ASA's configuration guide (rules.def).
 */
#include "asac.h"
#include "lint.h"
#include "rules.h"

#include <string.h>
#include <strings.h>

/* Is @f a virtual tunnel interface? */
static bool is_vti(const struct ir_iface *f)
{
	return f->tunnel_profile.s || f->tunnel_dest || f->tunnel_source.s ||
	       (f->hwname && !strncasecmp(f->hwname, "Tunnel", 6));
}

/* The VTI's peer as text into @buf, or false. */
static bool vti_peer(const struct ir_iface *f, char *buf, size_t len)
{
	const struct ir_addr *a = f->tunnel_dest ? ir_peer_addr(f->tunnel_dest) :
				  NULL;

	if (!a)
		return false;
	ir_peer_str(a, buf, len);
	return true;
}

/* Do @a and @b name the same address? */
static bool same_addr(const struct ir_addr *a, const struct ir_addr *b)
{
	return a && b && a->family == b->family &&
	       !memcmp(a->a, b->a, a->family == 6 ? 16 : 4);
}

/* vti-incomplete: a VTI misses what it needs to come up */
static void incomplete(const struct ir_iface *f, struct diag_ctx *d)
{
	const char *miss = !f->tunnel_source.s ? "tunnel source interface" :
			   !f->tunnel_dest ? "tunnel destination" :
			   !f->tunnel_mode.s ? "tunnel mode ipsec ipv4|ipv6" :
			   !f->tunnel_profile.s ? "tunnel protection ipsec "
			   "profile" : !f->nameif.s ? "nameif" : NULL;

	if (miss)
		diag_report(d, RULE_VTI_INCOMPLETE, &f->loc, "interface %s has "
			    "no %s: the tunnel does not come up",
			    f->hwname ? f->hwname : "?", miss);
}

void lint_vti(const struct ir *ir, struct diag_ctx *d)
{
	const struct ir_iface *f, *g;
	const struct ir_route *rt;
	const struct ir_cmap *cm;
	uint32_t i, j, k, n;
	char peer[64];

	vec_foreach(&ir->interfaces, i, f) {
		if (!is_vti(f))
			continue;
		incomplete(f, d);
		if (!vti_peer(f, peer, sizeof(peer)))
			continue;
		/* vti-no-tunnel-group: the peer's keys or certificate */
		if (!ir_tunnel_group(ir, peer))
			diag_report(d, RULE_VTI_NO_TUNNEL_GROUP,
				    &f->tunnel_dest_loc, "the peer %s of "
				    "interface %s has no tunnel-group %s (type "
				    "ipsec-l2l): nothing authenticates it",
				    peer, f->hwname ? f->hwname : "?", peer);
		/* vti-duplicate-peer: one peer, one source, two VTIs */
		for (j = 0; j < i; j++) {
			g = ir->interfaces.v[j];
			if (!is_vti(g) || !g->tunnel_dest ||
			    !same_addr(ir_peer_addr(f->tunnel_dest),
				       ir_peer_addr(g->tunnel_dest)) ||
			    !f->tunnel_source.s || !g->tunnel_source.s ||
			    strcmp(f->tunnel_source.s, g->tunnel_source.s))
				continue;
			diag_report(d, RULE_VTI_DUPLICATE_PEER,
				    &f->tunnel_dest_loc, "interfaces %s and %s "
				    "both tunnel to %s from '%s': the peer's "
				    "traffic selectors (any/any) cannot tell "
				    "them apart", g->hwname ? g->hwname : "?",
				    f->hwname ? f->hwname : "?", peer,
				    f->tunnel_source.s);
			diag_note(d, &g->tunnel_dest_loc, "the other tunnel");
			break;
		}
		/* vti-crypto-map-peer: the same peer through a crypto map */
		vec_foreach(&ir->cmaps, j, cm) {
			const struct ir_cmap_entry *e;
			bool hit = false;

			vec_foreach(&cm->entries, k, e)
				for (n = 0; n < e->peers.n && !hit; n++)
					if (same_addr(ir_peer_addr(e->peers.v[n]),
						      ir_peer_addr(f->tunnel_dest))) {
						hit = true;
						diag_report(d,
							    RULE_VTI_CRYPTO_MAP_PEER,
							    &f->tunnel_dest_loc,
							    "the peer %s of interface "
							    "%s is also a peer of "
							    "crypto map %s %lld: one "
							    "IKE SA serves only one "
							    "of them", peer,
							    f->hwname ? f->hwname : "?",
							    cm->name.s,
							    (long long)e->seq.v);
						diag_note(d, &e->loc,
							  "the crypto map entry");
					}
			if (hit)
				break;
		}
	}
	/* vti-route-nexthop: a route into a VTI through an address that
	 * is not on the tunnel's network */
	vec_foreach(&ir->routes, i, rt) {
		const struct ir_addr *gw = rt->gateway;
		uint32_t net, m, a;

		f = rt->iface_target;
		if (!f || !is_vti(f) || !f->ip || f->ip->family != 4 || !gw ||
		    !ir_peer_addr(gw) || ir_peer_addr(gw)->family != 4)
			continue;
		m = f->ip->plen ? 0xffffffffu << (32 - f->ip->plen) : 0;
		net = ir_addr_v4(f->ip) & m;
		a = ir_addr_v4(ir_peer_addr(gw));
		if ((a & m) != net)
			diag_report(d, RULE_VTI_ROUTE_NEXTHOP, &rt->loc, "route "
				    "through %s: the next hop is not on its "
				    "network %u.%u.%u.%u/%u", rt->iface.s,
				    net >> 24, (net >> 16) & 255,
				    (net >> 8) & 255, net & 255, f->ip->plen);
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * policy.c - the effective remote-access attributes of a session: the
 * inheritance of policy.h, one attribute at a time.
 */
#include "asac.h"
#include "map.h"
#include "policy.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

const char *ra_from_str(enum ra_from f)
{
	switch (f) {
	case RA_DEFAULT:
		return "default";
	case RA_DFLT:
		return "DfltGrpPolicy";
	case RA_GROUP:
		return "group-policy";
	case RA_USER:
		return "user";
	case RA_TUNNEL_GROUP:
		return "tunnel-group";
	}
	return "?";
}

const struct ir_group_policy *ra_group_policy(const struct ir *ir,
					      const char *name)
{
	if (!name)
		return NULL;
	/* the map is keyed by interned names */
	return map_get(&ir->m_gps, strtab_intern(ir->strs, name, strlen(name)));
}

/* The levels, most specific first. */
struct chain {
	const struct ir_group_policy *gp[3];
	enum ra_from from[3];
	int n;
};

static struct ra_attr_src src(const struct chain *c, int i,
			      const struct loc *loc)
{
	struct ra_attr_src s = { c->from[i], loc };

	return s;
}

static const struct ra_attr_src dflt_src = { RA_DEFAULT, NULL };

void ra_attrs_resolve(const struct ir *ir, const struct ir_tunnel_group *tg,
		      const struct ir_user *u, struct ra_attrs *out)
{
	struct chain c = { { NULL }, { RA_DEFAULT }, 0 };
	const struct ir_group_policy *gp = NULL, *g;
	const char *gpname = NULL;
	struct sym *s;
	uint32_t j;
	int i;

	memset(out, 0, sizeof(*out));
	if (u && u->has_attrs) {
		c.gp[c.n] = &u->attrs;
		c.from[c.n++] = RA_USER;
	}
	if (u && u->vpn_group_policy.s)
		gpname = u->vpn_group_policy.s;
	else if (tg && tg->default_group_policy.s)
		gpname = tg->default_group_policy.s;
	if (gpname && strcmp(gpname, "DfltGrpPolicy"))
		gp = ra_group_policy(ir, gpname);
	if (gp) {
		c.gp[c.n] = gp;
		c.from[c.n++] = RA_GROUP;
	}
	out->gp = gp;
	g = ra_group_policy(ir, "DfltGrpPolicy");
	if (g) {
		c.gp[c.n] = g;
		c.from[c.n++] = RA_DFLT;
	}

	out->protocols_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->vpn_tunnel_protocol.n) {
			out->protocols = &c.gp[i]->vpn_tunnel_protocol;
			out->protocols_src = src(&c, i, &c.gp[i]->loc);
			break;
		}
	if (!out->protocols) {
		out->ikev1 = out->ikev2 = out->ssl_client = out->l2tp = true;
	} else {
		vec_foreach(out->protocols, j, s) {
			if (!strcmp(s->s, "ikev1") || !strcmp(s->s, "ipsec"))
				out->ikev1 = true;
			else if (!strcmp(s->s, "ikev2"))
				out->ikev2 = true;
			else if (!strcmp(s->s, "ssl-client") ||
				 !strcmp(s->s, "svc"))
				out->ssl_client = true;
			else if (!strcmp(s->s, "l2tp-ipsec") ||
				 !strcmp(s->s, "l2tp"))
				out->l2tp = true;
		}
	}

	out->split_policy = "tunnelall";
	out->split_policy_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->split_tunnel_policy.s) {
			out->split_policy = c.gp[i]->split_tunnel_policy.s;
			out->split_policy_src =
				src(&c, i, &c.gp[i]->split_tunnel_policy.loc);
			break;
		}
	out->split_acl_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->split_tunnel_acl_set ||
		    c.gp[i]->split_tunnel_acl.s) {
			out->split_acl = c.gp[i]->split_tunnel_target;
			if (c.gp[i]->split_tunnel_acl.s)
				out->split_acl_name = &c.gp[i]->split_tunnel_acl;
			out->split_acl_src =
				src(&c, i, &c.gp[i]->split_tunnel_acl.loc);
			break;
		}
	out->filter_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->vpn_filter_set || c.gp[i]->vpn_filter.s) {
			out->vpn_filter = c.gp[i]->vpn_filter_target;
			out->filter_src = src(&c, i, &c.gp[i]->vpn_filter.loc);
			break;
		}

	for (i = 0; i < c.n; i++)
		if (c.gp[i]->dns_servers_set) {
			out->dns = &c.gp[i]->dns_servers;
			break;
		}
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->wins_servers_set) {
			out->wins = &c.gp[i]->wins_servers;
			break;
		}
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->default_domain_set) {
			out->domain = c.gp[i]->default_domain.s;
			break;
		}
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->split_dns_set) {
			out->split_dns = &c.gp[i]->split_dns;
			break;
		}
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->banner_set) {
			out->banner = &c.gp[i]->banner;
			break;
		}
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->group_lock_set) {
			out->group_lock = c.gp[i]->group_lock_target;
			break;
		}

	/* AnyConnect's tunnel (the defaults: policy.h) */
	out->dtls = true;
	out->dtls_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->ac_dtls.set) {
			out->dtls = c.gp[i]->ac_dtls.v;
			out->dtls_src = src(&c, i, &c.gp[i]->ac_dtls.loc);
			break;
		}
#define AC_NUM(field, dflt, member)					\
	out->field = dflt;						\
	out->field##_src = dflt_src;					\
	for (i = 0; i < c.n; i++)					\
		if (c.gp[i]->member.set) {				\
			out->field = c.gp[i]->member.v;			\
			out->field##_src = src(&c, i, &c.gp[i]->member.loc); \
			break;						\
		}
	AC_NUM(mtu, 1406, ac_mtu)
	AC_NUM(dpd_gateway, 30, ac_dpd_gateway)
	AC_NUM(dpd_client, 30, ac_dpd_client)
	AC_NUM(keepalive, 20, ac_keepalive)
#undef AC_NUM
	for (i = 0; i < c.n && i < 3; i++)
		out->ac_other[i] = &c.gp[i]->ac_other;

	out->idle_timeout = 30;
	out->idle_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->vpn_idle_timeout.set) {
			out->idle_timeout = c.gp[i]->vpn_idle_timeout.v;
			out->idle_src = src(&c, i, &c.gp[i]->vpn_idle_timeout.loc);
			break;
		}
	out->session_timeout = -1;
	out->session_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->vpn_session_timeout.set) {
			out->session_timeout = c.gp[i]->vpn_session_timeout.v;
			out->session_src =
				src(&c, i, &c.gp[i]->vpn_session_timeout.loc);
			break;
		}
	out->simultaneous_logins = 3;
	out->logins_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->vpn_simultaneous_logins.set) {
			out->simultaneous_logins =
				c.gp[i]->vpn_simultaneous_logins.v;
			out->logins_src =
				src(&c, i, &c.gp[i]->vpn_simultaneous_logins.loc);
			break;
		}

	/* Pools: a group policy's address-pools take precedence over the
	 * tunnel group's address-pool (the ASA's order of address
	 * assignment; the seeds are silent). */
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->address_pools_set) {
			out->pools = &c.gp[i]->address_pools;
			out->pools_src = src(&c, i, &c.gp[i]->loc);
			break;
		}
	if (!out->pools && tg && tg->address_pools.n) {
		out->pools = &tg->address_pools;
		out->pools_src.from = RA_TUNNEL_GROUP;
		out->pools_src.loc = &tg->loc;
	}
	/* the same order for IPv6 */
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->ipv6_address_pools_set) {
			out->pools6 = &c.gp[i]->ipv6_address_pools;
			break;
		}
	if (!out->pools6 && tg && tg->ipv6_address_pools.n)
		out->pools6 = &tg->ipv6_address_pools;
	out->split6_policy = "tunnelall";
	out->split6_src = dflt_src;
	for (i = 0; i < c.n; i++)
		if (c.gp[i]->ipv6_split_tunnel_policy.s) {
			out->split6_policy =
				c.gp[i]->ipv6_split_tunnel_policy.s;
			out->split6_src = src(&c, i,
				&c.gp[i]->ipv6_split_tunnel_policy.loc);
			break;
		}
}

bool ra_vpn_user(const struct ir_user *u)
{
	return !(u->service_type.s &&
		 !strcasecmp(u->service_type.s, "nas-prompt"));
}

bool ra_pool_net4(const struct ir *ir, const char *name, uint32_t *net,
		  int *plen, uint32_t *lo, uint32_t *hi,
		  const struct ir_pool **pool)
{
	const struct ir_pool *p = map_get(&ir->m_pools,
					  strtab_intern(ir->strs, name,
							strlen(name)));
	uint32_t m;
	int n;

	if (!p || !p->range || p->family != 4)
		return false;
	memcpy(lo, p->range->a, 4);
	*lo = ntohl(*lo);
	if (p->range->kind == IR_ADDR_RANGE) {
		memcpy(hi, p->range->b, 4);
		*hi = ntohl(*hi);
	} else {
		*hi = *lo;
	}
	if (p->mask && p->mask->kind == IR_ADDR_NET) {
		memcpy(&m, p->mask->a, 4);
		m = ntohl(m);
	} else {
		for (n = 32, m = 0xffffffffu; n > 0 && (*lo & m) != (*hi & m);
		     n--)
			m <<= 1;
	}
	for (n = 0; n < 32 && (m & (0x80000000u >> n)); n++)
		;
	*net = *lo & m;
	*plen = n;
	if (pool)
		*pool = p;
	return true;
}

bool ra_pool_net6(const struct ir *ir, const char *name, uint8_t net[16],
		  unsigned int *plen, const struct ir_pool **pool)
{
	const struct ir_pool *p = map_get(&ir->m_pools,
					  strtab_intern(ir->strs, name,
							strlen(name)));
	unsigned int k;

	if (!p || !p->range || p->family != 6 || p->range->kind != IR_ADDR_NET)
		return false;
	*plen = p->range->plen;
	memcpy(net, p->range->a, 16);
	for (k = 0; k < 16; k++) {
		unsigned int bits = *plen > k * 8 ? *plen - k * 8 : 0;

		if (bits < 8)
			net[k] &= (uint8_t)(0xff00u >> bits);
	}
	if (pool)
		*pool = p;
	return true;
}

bool ra_ssl_net(const struct ir *ir, const struct vec *pools, int fam,
		uint8_t net[16], unsigned int *plen, uint32_t *at)
{
	const struct sym *s;
	uint32_t i;

	if (!pools)
		return false;
	vec_foreach(pools, i, s) {
		uint32_t n4, lo, hi;
		int l4;

		if (fam == 6 && ra_pool_net6(ir, s->s, net, plen, NULL)) {
			*at = i;
			return true;
		}
		if (fam == 4 && ra_pool_net4(ir, s->s, &n4, &l4, &lo, &hi,
					     NULL)) {
			n4 = htonl(n4);
			memcpy(net, &n4, 4);
			*plen = (unsigned int)l4;
			*at = i;
			return true;
		}
	}
	return false;
}

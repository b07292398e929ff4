/* SPDX-License-Identifier: MIT */
#ifndef ASAC_POLICY_H
#define ASAC_POLICY_H

#include "ir.h"

/*
 * The attributes a remote-access session gets, resolved in the ASA's
 * order: the user's own attributes (username NAME attributes), then the
 * group policy the user names (vpn-group-policy) or else the tunnel
 * group's default-group-policy, then DfltGrpPolicy, then the defaults
 * DfltGrpPolicy has when the configuration does not change them.  The
 * first level that sets an attribute decides it, `none` included (an
 * explicit none stops the inheritance: the attribute is empty).
 *
 * The seeds are silent on these defaults; asac assumes the values of the
 * ASA 9.x command reference for DfltGrpPolicy: vpn-tunnel-protocol ikev1
 * ikev2 l2tp-ipsec ssl-client ssl-clientless, split-tunnel-policy
 * tunnelall, vpn-idle-timeout 30 minutes, vpn-session-timeout none,
 * vpn-simultaneous-logins 3, no DNS, domain, banner, pools or filter;
 * webvpn: anyconnect ssl dtls enable, anyconnect mtu 1406, dpd-interval
 * gateway 30 and client 30 seconds, anyconnect ssl keepalive 20.
 */

/* Where a value came from. */
enum ra_from {
	RA_DEFAULT,		/* the built-in default */
	RA_DFLT,		/* DfltGrpPolicy in the configuration */
	RA_GROUP,		/* the group policy (user's or tunnel group's) */
	RA_USER,		/* the user's attributes */
	RA_TUNNEL_GROUP,	/* the tunnel group (address-pool) */
};

struct ra_attr_src {
	enum ra_from from;
	const struct loc *loc;	/* the line that set it; NULL for defaults */
};

struct ra_attrs {
	const struct ir_group_policy *gp;	/* the group policy in force,
						 * NULL: DfltGrpPolicy alone */
	/* vpn-tunnel-protocol: NULL = the default set */
	const struct vec *protocols;
	bool ikev1, ikev2, ssl_client, l2tp;
	struct ra_attr_src protocols_src;
	/* split tunnel */
	const char *split_policy;		/* tunnelall|tunnelspecified|... */
	struct ra_attr_src split_policy_src;
	const struct ir_acl *split_acl;		/* NULL: none */
	const struct sym *split_acl_name;	/* as written, when set */
	struct ra_attr_src split_acl_src;
	/* mode-config */
	const struct vec *dns;			/* struct sym *; NULL: none */
	const struct vec *wins;
	const char *domain;
	const struct vec *split_dns;
	const struct vec *banner;
	/* limits: minutes; -1 = none */
	int64_t idle_timeout, session_timeout;
	struct ra_attr_src idle_src, session_src;
	int64_t simultaneous_logins;
	struct ra_attr_src logins_src;
	/* address pools: the user's framed address, else the group policy's
	 * address-pools, else the tunnel group's address-pool */
	const struct vec *pools;		/* struct sym * */
	struct ra_attr_src pools_src;
	/* IPv6 pools: ipv6-address-pools, else ipv6-address-pool; the
	 * IPv6 split-tunnel policy (tunnelall by default) */
	const struct vec *pools6;		/* struct sym * */
	const char *split6_policy;
	struct ra_attr_src split6_src;
	const struct ir_acl *vpn_filter;
	struct ra_attr_src filter_src;
	const struct ir_tunnel_group *group_lock;	/* NULL: none */
	/* AnyConnect (the webvpn sub-mode): DTLS on, the tunnel's MTU,
	 * dead-peer detection of gateway and client and the keepalive, in
	 * seconds (0: none); where each came from */
	bool dtls;
	int64_t mtu, dpd_gateway, dpd_client, keepalive;
	struct ra_attr_src dtls_src, mtu_src, dpd_gateway_src, dpd_client_src,
			   keepalive_src;
	/* the levels' other anyconnect lines (struct ir_gp_line *), the
	 * group policy's and DfltGrpPolicy's */
	const struct vec *ac_other[3];
};

/* The attributes of a session of user @u (NULL: any user, the group's
 * own view) in tunnel group @tg. */
void ra_attrs_resolve(const struct ir *ir, const struct ir_tunnel_group *tg,
		      const struct ir_user *u, struct ra_attrs *out);

/* The group policy named @name, DfltGrpPolicy included, or NULL. */
const struct ir_group_policy *ra_group_policy(const struct ir *ir,
					      const char *name);

const char *ra_from_str(enum ra_from f);

/* Can user @u log in to a VPN (service-type nas-prompt cannot)? */
bool ra_vpn_user(const struct ir_user *u);

/* The IPv4 network of pool @name as an AnyConnect server (ocserv) hands
 * it out: the network of the pool's mask (without one, the smallest
 * that holds the range), host order.  @lo and @hi get the pool's own
 * range.  False when the pool is not an IPv4 pool. */
bool ra_pool_net4(const struct ir *ir, const char *name, uint32_t *net,
		  int *plen, uint32_t *lo, uint32_t *hi,
		  const struct ir_pool **pool);
/* The same for IPv6 pool @name (ipv6 local pool NAME ADDR/LEN COUNT):
 * ADDR's network. */
bool ra_pool_net6(const struct ir *ir, const char *name, uint8_t net[16],
		  unsigned int *plen, const struct ir_pool **pool);
/* The network an AnyConnect server (ocserv) gives a group's clients of
 * family @fam (4 or 6): that of the first of the pools named in @pools
 * (NULL: none) that is a pool of that family, in network byte order
 * into @net; its index in @pools into *@at. */
bool ra_ssl_net(const struct ir *ir, const struct vec *pools, int fam,
		uint8_t net[16], unsigned int *plen, uint32_t *at);

#endif /* ASAC_POLICY_H */

/* SPDX-License-Identifier: MIT */
/*
 * lint_ra.c - the remote-access checks of `asac lint`: pools, session
 * limits, split tunnel, user authentication (rules.def has each rule and
 * where it comes from).
 */
#include "asac.h"
#include "lint.h"
#include "policy.h"
#include "rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* [lo, hi] of an IPv4 pool, or false. */
static bool pool_span(const struct ir_pool *p, uint32_t *lo, uint32_t *hi)
{
	if (!p->range || p->family != 4 || p->range->family != 4)
		return false;
	*lo = ir_addr_v4(p->range);
	if (p->range->kind == IR_ADDR_RANGE)
		*hi = ((uint32_t)p->range->b[0] << 24) |
		      ((uint32_t)p->range->b[1] << 16) |
		      ((uint32_t)p->range->b[2] << 8) | p->range->b[3];
	else
		*hi = *lo;
	return *lo <= *hi;
}

static void check_pools(const struct ir *ir, struct diag_ctx *d)
{
	const struct ir_pool *p, *q;
	const struct ir_iface *f;
	uint32_t i, j;

	vec_foreach(&ir->pools, i, p) {
		uint32_t lo, hi, a, b;

		if (!pool_span(p, &lo, &hi))
			continue;
		for (j = 0; j < i; j++) {
			q = ir->pools.v[j];
			if (!pool_span(q, &a, &b) || hi < a || b < lo)
				continue;
			diag_report(d, RULE_RA_POOL_OVERLAP, &p->range->loc,
				    "address pool '%s' overlaps pool '%s': "
				    "both can hand out %u.%u.%u.%u", p->name.s,
				    q->name.s, (lo > a ? lo : a) >> 24,
				    ((lo > a ? lo : a) >> 16) & 255,
				    ((lo > a ? lo : a) >> 8) & 255,
				    (lo > a ? lo : a) & 255);
			diag_note(d, &q->loc, "pool '%s' is", q->name.s);
			break;
		}
		vec_foreach(&ir->interfaces, j, f) {
			uint32_t net, mask;

			if (!f->ip || f->ip->kind != IR_ADDR_NET ||
			    f->ip->family != 4 || !f->nameif.s)
				continue;
			mask = f->ip->plen ? ~0u << (32 - f->ip->plen) : 0;
			net = ir_addr_v4(f->ip) & mask;
			if ((hi & mask) < net || (lo & mask) > net)
				continue;
			diag_report(d, RULE_RA_POOL_OVERLAP, &p->range->loc,
				    "address pool '%s' lies in the network of "
				    "interface '%s' (%u.%u.%u.%u/%u): clients' "
				    "addresses collide with hosts there",
				    p->name.s, f->nameif.s, net >> 24,
				    (net >> 16) & 255, (net >> 8) & 255,
				    net & 255, f->ip->plen);
			break;
		}
	}
}

/* The addresses of the pools @v names (IPv4), and whether any is known. */
static uint64_t pools_size(const struct ir *ir, const struct vec *v,
			   const struct ir_pool **first)
{
	const struct sym *s;
	uint64_t n = 0;
	uint32_t i;

	*first = NULL;
	vec_foreach(v, i, s) {
		const struct ir_pool *p = map_get(&ir->m_pools, s->s);
		uint32_t lo, hi;

		if (!p || !pool_span(p, &lo, &hi))
			continue;
		if (!*first)
			*first = p;
		n += (uint64_t)hi - lo + 1;
	}
	return n;
}

static void check_groups(const struct ir *ir, struct diag_ctx *d)
{
	const struct ir_tunnel_group *tg;
	const struct ir_group_policy *gp;
	uint32_t i;

	vec_foreach(&ir->group_policies, i, gp) {
		const struct ir_acl *acl = gp->split_tunnel_target;
		const struct ir_ace *a;
		uint32_t j;

		if (!acl)
			continue;
		vec_foreach(&acl->aces, j, a)
			if (a->kind == IR_ACE_EXTENDED) {
				diag_report(d, RULE_SPLIT_TUNNEL_ACL_NOT_STANDARD,
					    &gp->split_tunnel_acl.loc,
					    "split-tunnel ACL '%s' is an "
					    "extended ACL: the client gets its "
					    "destinations only", acl->name.s);
				diag_note(d, &a->loc, "an extended entry");
				break;
			}
	}
	vec_foreach(&ir->tunnel_groups, i, tg) {
		struct ra_attrs a;
		const struct ir_pool *p;
		const char *ua = tg->ikev1_user_auth.s;
		bool psk1 = tg->ikev1_psk.set, am_off;
		uint64_t n;

		if (!ir_tg_remote_access(tg))
			continue;
		ra_attrs_resolve(ir, tg, NULL, &a);
		am_off = ir->crypto.am_disable.set && ir->crypto.am_disable.v;
		if (psk1 && a.ikev1 && ua && !strcasecmp(ua, "none"))
			diag_report(d, RULE_RA_NO_USER_AUTH,
				    &tg->ikev1_user_auth.loc, "IKEv1 clients of "
				    "tunnel group '%s' authenticate with the "
				    "group key alone (no XAUTH)", tg->name.s);
		if (a.ikev2 && tg->ikev2_remote_psk_on &&
		    !tg->ikev2_remote_eap_on && !tg->ikev2_remote_cert_on)
			diag_report(d, RULE_RA_NO_USER_AUTH,
				    &tg->ikev2_remote_psk.loc, "IKEv2 clients "
				    "of tunnel group '%s' authenticate with a "
				    "pre-shared key alone", tg->name.s);
		if (psk1 && a.ikev1 && !am_off &&
		    !(ua && !strcasecmp(ua, "hybrid")))
			diag_report(d, RULE_RA_AGGRESSIVE_PSK, &tg->ikev1_psk.loc,
				    "IKEv1 clients of tunnel group '%s' use "
				    "Aggressive Mode with the group key, whose "
				    "hash any client can obtain and crack "
				    "offline", tg->name.s);
		if (!a.pools)
			continue;
		n = pools_size(ir, a.pools, &p);
		if (p) {
			int64_t lim = -1;
			const char *which = NULL;

			/* IKEv1 clients count as "other" sessions, IKEv2
			 * and SSL ones as AnyConnect (seed 000) */
			if (a.ikev1 && psk1 && ir->max_other.set) {
				lim = ir->max_other.v;
				which = "max-other-vpn-limit";
			}
			if ((a.ikev2 || a.ssl_client) &&
			    ir->max_anyconnect.set &&
			    ir->max_anyconnect.v > lim) {
				lim = ir->max_anyconnect.v;
				which = "max-anyconnect-premium-or-essentials-"
					"limit";
			}
			if (lim > 0 && (uint64_t)lim > n) {
				diag_report(d, RULE_RA_POOL_TOO_SMALL,
					    &((const struct sym *)
					      a.pools->v[0])->loc,
					    "the pools of tunnel "
					    "group '%s' hold %llu addresses; "
					    "vpn-sessiondb %s allows %lld "
					    "sessions", tg->name.s,
					    (unsigned long long)n, which,
					    (long long)lim);
			}
		}
	}
}

/* Does some remote-access tunnel group authenticate users locally? */
static bool local_auth(const struct ir *ir)
{
	const struct ir_tunnel_group *tg;
	uint32_t i;

	vec_foreach(&ir->tunnel_groups, i, tg)
		if (ir_tg_remote_access(tg) &&
		    (!tg->authentication_server_target ||
		     tg->authentication_local_fallback))
			return true;
	return false;
}

static void check_users(const struct ir *ir, struct diag_ctx *d)
{
	const struct ir_user *u;
	uint32_t i;
	int local = -1;		/* not yet known */

	vec_foreach(&ir->users, i, u) {
		if (!u->nopassword || !ra_vpn_user(u))
			continue;
		if (local < 0)
			local = local_auth(ir);
		if (local)
			diag_report(d, RULE_USER_NO_PASSWORD, &u->loc,
				    "user '%s' has no password, and "
				    "remote-access tunnel groups authenticate "
				    "against the local users: the name alone "
				    "opens a VPN session", u->name.s);
	}
}

/* webvpn-no-trustpoint: AnyConnect on an interface without a
 * certificate (ssl trust-point IF, or one with no interface) */
static void check_webvpn(const struct ir *ir, struct diag_ctx *d)
{
	const struct ir_webvpn *w = &ir->webvpn;
	const struct ir_webvpn_if *f;
	const struct ir_ssl_tp *t;
	uint32_t i, j;

	/* ssl-old-protocol: a version before TLS 1.2 accepted */
	if (ir->ssl_server_version.s) {
		static const char *const old[][2] = {
			{ "any", "SSL 3.0, TLS 1.0 and 1.1" },
			{ "sslv3", "SSL 3.0, TLS 1.0 and 1.1" },
			{ "sslv3-only", "SSL 3.0" },
			{ "tlsv1", "TLS 1.0 and 1.1" },
			{ "tlsv1-only", "TLS 1.0" },
			{ "tlsv1.1", "TLS 1.1" },
			{ "dtlsv1", "DTLS 1.0 (as TLS 1.1)" },
		};

		for (i = 0; i < sizeof(old) / sizeof(old[0]); i++)
			if (!strcasecmp(old[i][0], ir->ssl_server_version.s))
				diag_report(d, RULE_SSL_OLD_PROTOCOL,
					    &ir->ssl_server_version.loc,
					    "ssl server-version %s: clients may "
					    "use %s; use tlsv1.2",
					    ir->ssl_server_version.s, old[i][1]);
	}
	/* ssl-weak-cipher: a cipher level or custom list with broken
	 * ciphers (the ASA's levels: all has NULL-SHA, low DES and RC4,
	 * medium 3DES; its command reference, the seeds are silent) */
	{
		const struct ir_ssl_cipher *sc;
		static const char *const bad[] = { "null", "rc4", "des", "exp",
						   "md5", NULL };

		vec_foreach(&ir->ssl_ciphers, i, sc) {
			const char *why = NULL;

			if (!strcasecmp(sc->level, "all"))
				why = "NULL-SHA, which does not encrypt";
			else if (!strcasecmp(sc->level, "low"))
				why = "DES and RC4";
			else if (!strcasecmp(sc->level, "medium"))
				why = "3DES (Sweet32)";
			else if (!strncasecmp(sc->level, "custom ", 7)) {
				char lc[512];
				size_t k;

				for (k = 0; sc->level[k] && k < sizeof(lc) - 1;
				     k++)
					lc[k] = (char)tolower((unsigned char)
							      sc->level[k]);
				lc[k] = 0;
				for (k = 0; bad[k] && !why; k++)
					if (strstr(lc + 7, bad[k]))
						why = "a NULL, RC4, DES/3DES, "
						      "export or MD5 cipher";
			}
			if (why)
				diag_report(d, RULE_SSL_WEAK_CIPHER,
					    &sc->level_loc, "ssl cipher %s %s: "
					    "clients may use %s; use high or "
					    "fips", sc->version.s, sc->level,
					    why);
		}
	}
	if (!w->present || !(w->anyconnect.set && w->anyconnect.v))
		return;
	/* webvpn-port-conflict: AnyConnect's ports taken by another
	 * service on the same interface */
	vec_foreach(&w->enabled, i, f) {
		int64_t tcp = w->port.set ? w->port.v : 443,
			udp = w->dtls_port.set ? w->dtls_port.v : 443;
		const struct ir_ike_enable *e;
		const struct ir_mgmt *mg;
		const struct sym *ps;

		vec_foreach(&ir->ike_enables, j, e)
			if (!strcmp(e->iface.s, f->iface.s) && !f->tls_only &&
			    (udp == 500 || udp == 4500))
				diag_report(d, RULE_WEBVPN_PORT_CONFLICT,
					    w->dtls_port.set ? &w->dtls_port.loc :
					    &f->loc, "AnyConnect's DTLS port "
					    "%lld on '%s' is %s, which IKE "
					    "receives there (crypto ikev%d "
					    "enable)", (long long)udp, f->iface.s,
					    udp == 500 ? "IKE's" : "NAT-T's",
					    e->version);
		if (ir->crypto.ipsec_over_tcp.set &&
		    ir->crypto.ipsec_over_tcp.v) {
			bool hit = !ir->crypto.ipsec_over_tcp_ports.n &&
				   tcp == 10000;

			vec_foreach(&ir->crypto.ipsec_over_tcp_ports, j, ps)
				hit |= strtoll(ps->s, NULL, 10) == tcp;
			if (hit)
				diag_report(d, RULE_WEBVPN_PORT_CONFLICT,
					    w->port.set ? &w->port.loc : &f->loc,
					    "AnyConnect's port %lld on '%s' is "
					    "an IPsec over TCP port (crypto "
					    "isakmp ipsec-over-tcp)",
					    (long long)tcp, f->iface.s);
		}
		vec_foreach(&ir->mgmt, j, mg)
			if (!strcmp(mg->iface.s, f->iface.s) &&
			    ((mg->kind == IR_MGMT_SSH && tcp == 22) ||
			     (mg->kind == IR_MGMT_TELNET && tcp == 23))) {
				diag_report(d, RULE_WEBVPN_PORT_CONFLICT,
					    w->port.set ? &w->port.loc : &f->loc,
					    "AnyConnect's port %lld on '%s' is "
					    "%s's, which that interface allows",
					    (long long)tcp, f->iface.s,
					    tcp == 22 ? "SSH" : "Telnet");
				break;
			}
	}
	vec_foreach(&w->enabled, i, f) {
		bool have = false;

		vec_foreach(&ir->ssl_trustpoints, j, t)
			if (!t->iface.s || !strcmp(t->iface.s, f->iface.s))
				have = true;
		if (!have)
			diag_report(d, RULE_WEBVPN_NO_TRUSTPOINT, &f->loc,
				    "AnyConnect on '%s' has no certificate of "
				    "its own (ssl trust-point TP %s): the ASA "
				    "presents a self-signed one, which clients "
				    "refuse or warn about", f->iface.s,
				    f->iface.s);
	}
}

/* group-alias-conflict: an enabled alias or URL of two tunnel groups */
static void check_aliases(const struct ir *ir, struct diag_ctx *d)
{
	const struct ir_tunnel_group *tg, *tg2;
	const struct ir_tg_alias *a, *b;
	uint32_t i, j, k, l;
	int kind;

	for (kind = 0; kind < 2; kind++)
		vec_foreach(&ir->tunnel_groups, i, tg) {
			const struct vec *v = kind ? &tg->group_urls :
						     &tg->group_aliases;

			vec_foreach(v, j, a) {
				bool said = false;

				if (!a->enabled)
					continue;
				/* an earlier group that has it */
				for (k = 0; k < i && !said; k++) {
					tg2 = ir->tunnel_groups.v[k];
					vec_foreach(kind ? &tg2->group_urls :
						    &tg2->group_aliases, l, b) {
						/* as written: the seeds
						 * do not say whether the
						 * ASA ignores case */
						if (!b->enabled ||
						    strcmp(a->name.s,
							   b->name.s))
							continue;
						diag_report(d,
							RULE_GROUP_ALIAS_CONFLICT,
							&a->name.loc, "%s '%s' of "
							"tunnel group '%s' is "
							"taken: tunnel group "
							"'%s' has it (the ASA "
							"refuses it)", kind ?
							"group-url" :
							"group-alias", a->name.s,
							tg->name.s, tg2->name.s);
						diag_note(d, &b->name.loc,
							  "given to '%s' here",
							  tg2->name.s);
						said = true;
						break;
					}
				}
			}
		}
}

void lint_ra(const struct ir *ir, struct diag_ctx *d)
{
	check_pools(ir, d);
	check_groups(ir, d);
	check_users(ir, d);
	check_webvpn(ir, d);
	check_aliases(ir, d);
}

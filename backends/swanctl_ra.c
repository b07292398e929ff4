/* SPDX-License-Identifier: MIT */
/*
 * swanctl_ra.c - the remote-access half of the strongSwan back end: one
 * connection per remote-access tunnel group and IKE version, its pools
 * with the group policy's attributes, the users' and groups' secrets,
 * RADIUS for the eap-radius plugin (see asac(1), "compile").  swanctl.c
 * calls it from compile(); swanctl_int.h is what they share.
 */
#include "compiler/asac.h"
#include "compiler/cryptomap.h"
#include "compiler/policy.h"
#include "compiler/rules.h"
#include "compiler/util.h"
#include "swanctl_int.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void ra_secret(struct ra_ctx *rc, const char *type, const char *name,
		      const char *id, const char *key);
static bool ra_any_key(struct sw *w, struct ra_ctx *rc,
		       const struct ir_tunnel_group *tg, const char *name,
		       const char *key, const struct loc *loc);

/* The last component of path @p. */


static const struct swanctl_secret *given_tp(struct sw *w, const char *name)
{
	struct swanctl_secret *s = sw_given_named(w, SWS_TRUSTPOINT, name);

	if (s)
		s->used = true;
	return s;
}

/* The networks of split-tunnel ACL @acl as traffic selectors ("a/n, ..."):
 * its permits in order (the ASA sends the permitted networks to the
 * client); what a selector cannot hold is reported. */
static void split_nets(struct sw *w, const struct ir_acl *acl,
		       struct list *out)
{
	const struct ir_ace *a;
	uint32_t i;

	vec_foreach(&acl->aces, i, a) {
		const struct ir_addr *d = a->dst;
		char t[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN + 8];

		if (a->kind == IR_ACE_REMARK || a->inactive || a->refused)
			continue;
		if (!a->permit) {
			UNSUPPORTED(w, &a->loc, "a deny in split-tunnel ACL "
				    "'%s' is not compiled: the client's "
				    "networks are the ACL's permits",
				    acl->name.s);
			continue;
		}
		if (a->kind != IR_ACE_STANDARD &&
		    (a->src->kind != IR_ADDR_ANY && a->src->kind != IR_ADDR_ANY4)) {
			UNSUPPORTED(w, &a->loc, "split-tunnel ACL '%s' is not a "
				    "standard ACL: only the destination of this "
				    "ACE is compiled", acl->name.s);
		}
		if (d->kind == IR_ADDR_ANY || d->kind == IR_ADDR_ANY4) {
			sw_list_put(out, ", ", "0.0.0.0/0");
			continue;
		}
		if (d->kind != IR_ADDR_NET) {
			UNSUPPORTED(w, &a->loc, "split-tunnel ACL '%s': only "
				    "addresses and networks are compiled",
				    acl->name.s);
			continue;
		}
		sw_addr_text(d->family, d->a, t, sizeof(t));
		snprintf(s, sizeof(s), "%s/%u", t, d->plen);
		sw_list_put(out, ", ", s);
	}
}

/* The swanctl pool @name with the mode-config attributes of @a (for the
 * tunnel group @tg, which owns them). */
static void ra_pool(struct sw *w, struct ra_ctx *rc, const char *name,
		    const struct ir_tunnel_group *tg, const struct ra_attrs *a,
		    const char *split)
{
	FILE *o = rc->pool_out;
	const struct ir_pool *p = map_get(&w->ir->m_pools,
					  strtab_intern(w->ir->strs, name,
							strlen(name)));
	const struct ir_tunnel_group *owner;
	char nm[160], x[INET6_ADDRSTRLEN], y[INET6_ADDRSTRLEN];
	struct sym *s;
	uint32_t i;

	if (!p || !p->range)
		return;
	snprintf(nm, sizeof(nm), "%s", name);
	sw_sanitize(nm);
	owner = map_get(&rc->pool_owner, p);
	if (owner) {
		if (owner != tg)
			UNSUPPORTED(w, &tg->loc, "tunnel groups '%s' and '%s' "
				    "share pool '%s': strongSwan attaches DNS "
				    "and split networks to a pool, so '%s' gets "
				    "the attributes of '%s'", owner->name.s,
				    tg->name.s, name, tg->name.s,
				    owner->name.s);
		return;
	}
	map_put(&rc->pool_owner, p, (void *)(uintptr_t)tg);
	sw_list_put(&rc->pools, " ", nm);
	sw_comment_line(o, w->src, "\t", &p->loc);
	fprintf(o, "\t# with the attributes of tunnel group %s%s%s\n",
		tg->name.s, a->gp ? ", group-policy " : "",
		a->gp ? a->gp->name.s : "");
	fprintf(o, "\t%s {\n", nm);
	sw_addr_text(p->range->family, p->range->a, x, sizeof(x));
	if (p->range->kind == IR_ADDR_RANGE) {
		sw_addr_text(p->range->family, p->range->b, y, sizeof(y));
		fprintf(o, "\t\taddrs = %s-%s\n", x, y);
	} else if (p->family == 6 && p->count.set && p->count.v > 0) {
		/* ipv6 local pool NAME ADDR/PREFIX N: N addresses from ADDR
		 * (the prefix is the clients' prefix length) */
		sp_u128 lo = sp_addr_load(6, p->range->a);

		sp_addr_str(6, lo + (sp_u128)(p->count.v - 1), y, sizeof(y));
		fprintf(o, "\t\taddrs = %s-%s\n", x, y);
	} else {
		fprintf(o, "\t\taddrs = %s/%u\n", x, p->range->plen);
	}
	if (a->dns && a->dns->n) {
		fprintf(o, "\t\tdns = ");
		vec_foreach(a->dns, i, s)
			fprintf(o, "%s%s", i ? ", " : "", s->s);
		fputc('\n', o);
	}
	if (a->wins && a->wins->n) {
		fprintf(o, "\t\tnbns = ");
		vec_foreach(a->wins, i, s)
			fprintf(o, "%s%s", i ? ", " : "", s->s);
		fputc('\n', o);
	}
	/* split-tunnel-policy: Cisco Unity split networks (IKEv1 clients
	 * narrow their child to them; strongswan.md §8) */
	if (split && !strcmp(a->split_policy, "tunnelspecified"))
		fprintf(o, "\t\tsplit_include = %s\n", split);
	else if (split && !strcmp(a->split_policy, "excludespecified"))
		fprintf(o, "\t\tsplit_exclude = %s\n", split);
	if (a->domain) {
		/* UNITY_DEF_DOMAIN (28674) for IKEv1 clients,
		 * INTERNAL_DNS_DOMAIN (25, RFC 8598) for IKEv2 ones */
		fprintf(o, "\t\t28674 = %s\n\t\t25 = %s\n", a->domain,
			a->domain);
	}
	if (a->split_dns && a->split_dns->n) {
		fprintf(o, "\t\t# split-dns: UNITY_SPLITDNS_NAME\n\t\t28675 = ");
		vec_foreach(a->split_dns, i, s)
			fprintf(o, "%s%s", i ? "," : "", s->s);
		fputc('\n', o);
	}
	if (a->banner && a->banner->n) {
		fprintf(o, "\t\t# banner: UNITY_BANNER, its lines joined\n"
			"\t\t28672 = \"");
		vec_foreach(a->banner, i, s) {
			const char *c;

			if (i)
				fputc(' ', o);
			for (c = s->s; *c; c++) {
				if (*c == '"' || *c == '\\')
					fputc('\\', o);
				fputc(*c, o);
			}
		}
		fprintf(o, "\"\n");
	}
	fprintf(o, "\t}\n");
}

/* The RADIUS group a connection authenticates against, or NULL for the
 * local database (LOCAL or none); false when it cannot be compiled. */
static bool ra_auth_server(struct sw *w, struct ra_ctx *rc,
			   const struct ir_tunnel_group *tg,
			   const struct ir_aaa_group **out)
{
	const struct ir_aaa_group *g = tg->authentication_server_target;

	*out = NULL;
	if (!g)
		return true;
	if (strcasecmp(g->protocol.s, "radius")) {
		UNSUPPORTED(w, &tg->authentication_server_group.loc,
			    "tunnel group '%s' authenticates users against "
			    "aaa-server '%s' (protocol %s): strongSwan checks "
			    "XAUTH and EAP against local secrets or RADIUS; "
			    "not compiled", tg->name.s, g->name.s,
			    g->protocol.s);
		return false;
	}
	if (rc->radius && rc->radius != g) {
		UNSUPPORTED(w, &tg->authentication_server_group.loc,
			    "tunnel group '%s' uses aaa-server '%s', another "
			    "group than '%s': strongSwan's eap-radius plugin "
			    "has one set of servers for every connection, "
			    "those of '%s'", tg->name.s, g->name.s,
			    rc->radius->name.s, rc->radius->name.s);
	} else {
		rc->radius = g;
	}
	*out = g;
	return true;
}

/* accounting-server-group: asacd's (asacd.json), not charon's */
static void ra_acct_note(struct sw *w, const struct ir_tunnel_group *tg)
{
	if (tg->accounting_server_target)
		fprintf(w->o, "\t\t# accounting-server-group %s: asacd "
			"sends the accounting of these sessions\n",
			tg->accounting_server_group.s);
}

/* Connection settings both IKE versions share. */
static void ra_common(struct sw *w, const struct ra_attrs *a,
		      const struct list *laddrs, const struct list *pools,
		      int ver)
{
	struct list props = { 0 };

	fprintf(w->o, "\t\tversion = %d\n", ver);
	fprintf(w->o, "\t\tlocal_addrs = %s\n", laddrs->s);
	fprintf(w->o, "\t\tremote_addrs = %%any\n");
	sw_ike_proposals(w, ver, &props);
	if (props.n)
		fprintf(w->o, "\t\tproposals = %s\n", props.s);
	free(props.s);
	sw_ike_lifetime(w, ver);
	if (pools->n)
		fprintf(w->o, "\t\tpools = %s\n", pools->s);
	else
		fprintf(w->o, "\t\t# no address pool: clients keep their "
			"own address\n");
	/* vpn-simultaneous-logins: charon's uniqueness compares the XAUTH
	 * or EAP identity when there is one, so 1 lets a user's newest
	 * session replace the old one, as the ASA does */
	if (a->simultaneous_logins == 1) {
		fprintf(w->o, "\t\t# vpn-simultaneous-logins 1: a user's new "
			"session replaces the old\n\t\tunique = replace\n");
	} else {
		/* a user may have several sessions, which asacd counts
		 * (asacd.json "logins"); charon's default uniqueness (no)
		 * would still delete a user's session whenever a new one
		 * sends INITIAL_CONTACT, as every client's first does */
		fprintf(w->o, "\t\t# vpn-simultaneous-logins %lld%s: asacd "
			"counts a user's sessions (asacd.json);\n\t\t# "
			"charon keeps them all, whatever INITIAL_CONTACT "
			"says\n\t\tunique = never\n",
			(long long)a->simultaneous_logins,
			a->logins_src.from == RA_DEFAULT ? " (the default)" :
			"");
	}
}

/* The child of a remote-access connection. */
static void ra_child(struct sw *w, const char *name,
		     const struct ra_attrs *a, const struct ra_entry *re,
		     const char *split, int ver)
{
	struct child_opts c = { 0 };
	/* IPv6 clients (ipv6-address-pool) with ipv6-split-tunnel-policy
	 * tunnelall tunnel all IPv6 traffic too; other IPv6 policies are
	 * reported by ra_connections() */
	const char *v6 = a->pools6 && a->pools6->n &&
			 !strcmp(a->split6_policy, "tunnelall") ?
			 ", ::/0" : "";

	fprintf(w->o, "\t\tchildren {\n\t\t\t%s {\n", name);
	if (split && !strcmp(a->split_policy, "tunnelspecified")) {
		fprintf(w->o, "\t\t\t\t# split-tunnel-policy tunnelspecified: "
			"the split-tunnel networks\n\t\t\t\tlocal_ts = %s%s\n",
			split, v6);
	} else if (split && !strcmp(a->split_policy, "excludespecified")) {
		fprintf(w->o, "\t\t\t\t# split-tunnel-policy excludespecified: "
			"all traffic but the excluded\n\t\t\t\t# networks, which "
			"the client keeps local (the pool's split_exclude)\n"
			"\t\t\t\tlocal_ts = 0.0.0.0/0%s\n", v6);
	} else {
		fprintf(w->o, "\t\t\t\t# split-tunnel-policy %s: all "
			"traffic\n\t\t\t\tlocal_ts = 0.0.0.0/0%s\n",
			a->split_policy, v6);
	}
	fprintf(w->o, "\t\t\t\tremote_ts = dynamic\n");
	if (a->idle_timeout > 0)
		w->idle = true;
	if (a->idle_timeout > 0)
		fprintf(w->o, "\t\t\t\t# vpn-idle-timeout %lld minutes\n"
			"\t\t\t\tinactivity = %llds\n",
			(long long)a->idle_timeout,
			(long long)a->idle_timeout * 60);
	c.esp = ver == 1 ? re->esp1 : re->esp2;
	c.mode = "tunnel";
	c.life_s = re->life_s;
	c.life_kb = re->life_kb;
	/* vpn-session-timeout ends the whole session, which charon has no
	 * setting for (a child's lifetime ends the child, and a responder
	 * does not reauthenticate): asacd ends it (asacd.json) */
	if (a->session_timeout > 0)
		fprintf(w->o, "\t\t\t\t# vpn-session-timeout %lld minutes: "
			"asacd ends the session then (asacd.json)\n",
			(long long)a->session_timeout);
	sw_child_common(w->o, &c);
	fprintf(w->o, "\t\t\t}\n\t\t}\n");
}

static void ra_register(struct sw *w, const char *name, int ver,
			const struct ir_tunnel_group *tg)
{
	if (w->conns) {
		struct swanctl_conn *c = &w->conns[w->nconns++];

		memset(c, 0, sizeof(*c));
		c->name = xstrdup(name);
		c->remote_access = true;
		c->version = ver;
		c->tg = tg;
	}
}

/* crypto ca trustpoint NAME, or NULL */
static const struct ir_trustpoint *ra_trustpoint(const struct ir *ir,
						 const char *name)
{
	const struct ir_trustpoint *t;
	size_t i;

	vec_foreach(&ir->trustpoints, i, t)
		if (t->name.s && !strcmp(t->name.s, name))
			return t;
	return NULL;
}

/* The IKEv1 connection of tunnel group @tg: Aggressive Mode, the group
 * name as KEY_ID identity and the group's key, then XAUTH (strongswan.md
 * §8, the way the Cisco VPN client connects). */
static bool ra_ikev1(struct sw *w, struct ra_ctx *rc,
		     const struct ir_tunnel_group *tg, const struct ra_attrs *a,
		     const struct ra_entry *re, const struct list *laddrs,
		     const struct list *pools, const char *split)
{
	const struct ir_aaa_group *srv = NULL;
	const struct swanctl_secret *tp = NULL;
	const struct ir_trustpoint *irtp = NULL;
	const char *key = NULL, *ua = tg->ikev1_user_auth.s;
	bool dflt = !strcmp(tg->name.s, "DefaultRAGroup");
	bool hybrid = ua && !strcasecmp(ua, "hybrid");
	char cn[200];

	/* ikev1 user-authentication hybrid: the gateway proves itself with
	 * the certificate of the group's ikev1 trust-point, the client with
	 * XAUTH alone (no group key) */
	if (hybrid) {
		if (!tg->trust_point.s) {
			UNSUPPORTED(w, &tg->ikev1_user_auth.loc, "hybrid "
				    "authentication of tunnel group '%s' needs "
				    "the gateway's certificate, and the group "
				    "has no ikev1 trust-point; not compiled",
				    tg->name.s);
			return false;
		}
		tp = given_tp(w, tg->trust_point.s);
		if (!w->probe && (!tp || !tp->cert || !tp->keyfile)) {
			diag_report(w->d, RULE_SECRET_UNAVAILABLE,
				    &tg->trust_point.loc, "trustpoint '%s' (the "
				    "gateway's certificate for the hybrid IKEv1 "
				    "clients of tunnel group '%s'): give its "
				    "certificate and key files with --secrets "
				    "(trustpoints:)", tg->trust_point.s,
				    tg->name.s);
			return false;
		}
		irtp = ra_trustpoint(w->ir, tg->trust_point.s);
		if (!ra_auth_server(w, rc, tg, &srv))
			return false;
		goto write;
	}
	if (sw_key_usable(&tg->ikev1_psk))
		key = tg->ikev1_psk.key;
	else
		key = sw_given_key(w, SWS_TUNNEL_GROUP, tg->name.s);
	if (!key && w->probe && tg->ikev1_psk.set)
		key = "";
	if (!key) {
		if (!tg->ikev1_psk.set)
			return false;	/* said by ra_connections() */
		diag_report(w->d, RULE_SECRET_UNAVAILABLE, &tg->ikev1_psk.loc,
			    "the IKEv1 key of remote-access tunnel group '%s' "
			    "is %s; give it with --secrets (tunnel-groups:)",
			    tg->name.s, tg->ikev1_psk.masked ? "masked (show "
			    "running-config prints *****)" :
			    "encrypted (type 8)");
		return false;
	}
	if (!(ua && !strcasecmp(ua, "none")) && !ra_auth_server(w, rc, tg, &srv))
		return false;
	snprintf(cn, sizeof(cn), "ra-%s-ikev1", tg->name.s);
	sw_sanitize(cn);
	if (dflt && !ra_any_key(w, rc, tg, cn, key, &tg->ikev1_psk.loc))
		return false;
write:
	snprintf(cn, sizeof(cn), "ra-%s-ikev1", tg->name.s);
	sw_sanitize(cn);
	fprintf(w->o, "\n");
	sw_comment_line(w->o, w->src, "\t", tg->type_loc.end ? &tg->type_loc :
		     &tg->loc);
	sw_comment_line(w->o, w->src, "\t", re->cmap_loc);
	fprintf(w->o, "\t# IKEv1 clients of tunnel group %s, as the Cisco VPN "
		"client connects:\n\t# Aggressive Mode, the group name as "
		"identity, %s\n\t%s {\n", tg->name.s,
		hybrid ? "the gateway's certificate and XAUTH" :
		"the group key, then XAUTH", cn);
	ra_register(w, cn, 1, tg);
	rc->nconns++;
	ra_common(w, a, laddrs, pools, 1);
	ra_acct_note(w, tg);
	if (w->ir->crypto.am_disable.set && w->ir->crypto.am_disable.v) {
		fprintf(w->o, "\t\t# crypto ikev1 am-disable: Main Mode only, "
			"which the Cisco VPN client\n\t\t# does not use with "
			"a group key\n\t\taggressive = no\n");
	} else {
		fprintf(w->o, "\t\taggressive = yes\n");
		rc->aggressive = true;
	}
	rc->unity = true;
	if (hybrid) {
		/* the client names its group as with a group key (an
		 * assumption: the seeds do not describe hybrid mode; the
		 * Cisco VPN client sends the group name either way) */
		fprintf(w->o, "\t\t# ikev1 user-authentication hybrid: the "
			"gateway's certificate (trust-point %s),\n\t\t# "
			"the client's XAUTH; IKEv1 defines hybrid mode for "
			"RSA signatures\n\t\t# (HybridInitRSA): the "
			"certificate's key must be RSA\n\t\tlocal {\n\t\t\tauth = "
			"pubkey\n\t\t\tcerts = %s\n", tg->trust_point.s,
			tp && tp->cert ? sw_base_name(tp->cert) : "");
		if (irtp && irtp->fqdn.s)
			fprintf(w->o, "\t\t\tid = %s\n", irtp->fqdn.s);
		fprintf(w->o, "\t\t}\n\t\tremote {\n\t\t\t# XAUTH against "
			"%s\n\t\t\tauth = %s\n",
			srv ? "the RADIUS server group" : "the local users",
			srv ? "xauth-radius" : "xauth");
		if (!dflt)
			fprintf(w->o, "\t\t\tid = keyid:%s\n", tg->name.s);
		fprintf(w->o, "\t\t}\n");
		if (!srv)
			rc->local_xauth = true;
		ra_child(w, cn, a, re, split, 1);
		fprintf(w->o, "\t}\n");
		return true;
	}
	fprintf(w->o, "\t\tlocal {\n\t\t\tauth = psk\n");
	if (!strchr(laddrs->s, ','))
		fprintf(w->o, "\t\t\tid = %s\n", laddrs->s);
	fprintf(w->o, "\t\t}\n");
	if (dflt)
		fprintf(w->o, "\t\t# DefaultRAGroup: clients whose group has no "
			"tunnel group of its own\n\t\tremote-1 {\n\t\t\tauth = "
			"psk\n\t\t}\n");
	else
		fprintf(w->o, "\t\tremote-1 {\n\t\t\tauth = psk\n\t\t\tid = "
			"keyid:%s\n\t\t}\n", tg->name.s);
	if (ua && !strcasecmp(ua, "none")) {
		fprintf(w->o, "\t\t# ikev1 user-authentication none: the group "
			"key alone\n");
	} else if (srv) {
		fprintf(w->o, "\t\t# XAUTH against aaa-server %s (RADIUS)\n"
			"\t\tremote-2 {\n\t\t\tauth = xauth-radius\n\t\t}\n",
			srv->name.s);
	} else {
		fprintf(w->o, "\t\t# XAUTH against the local users "
			"(username)\n\t\tremote-2 {\n\t\t\tauth = xauth\n\t\t}\n");
		rc->local_xauth = true;
	}
	ra_child(w, cn, a, re, split, 1);
	fprintf(w->o, "\t}\n");
	if (!dflt)
		ra_secret(rc, "ike", cn, tg->name.s, key);
	return true;
}

/* The IKEv2 connection of tunnel group @tg for client method @m (0 EAP,
 * 1 certificate, 2 key); the first of the group is ra-GROUP-ikev2, the
 * others carry the method's name. */
static bool ra_ikev2_conn(struct sw *w, struct ra_ctx *rc,
			  const struct ir_tunnel_group *tg,
			  const struct ra_attrs *a, const struct ra_entry *re,
			  const struct list *laddrs, const struct list *pools,
			  const char *split, int m, bool first,
			  const char *tpname, const struct swanctl_secret *tp,
			  const struct ir_aaa_group *srv)
{
	const struct ir_trustpoint *irtp;
	char cn[200];

	snprintf(cn, sizeof(cn), "ra-%s-ikev2%s", tg->name.s, first ? "" :
		 m == 1 ? "-cert" : "-psk");
	sw_sanitize(cn);
	fprintf(w->o, "\n");
	sw_comment_line(w->o, w->src, "\t", tg->type_loc.end ? &tg->type_loc :
		     &tg->loc);
	sw_comment_line(w->o, w->src, "\t", re->cmap_loc);
	/* the ASA lets IKEv2 (AnyConnect) clients choose their group by
	 * group-url, group-alias or certificate map (seed 002); charon picks
	 * the first connection whose identities match, and these accept any
	 * client identity */
	if (!first)
		;	/* the group's own: said once */
	else if (rc->v2_first)
		UNSUPPORTED(w, &tg->loc, "IKEv2 clients cannot choose tunnel "
			    "group '%s': charon takes the first IKEv2 "
			    "remote-access connection, '%s', for every client "
			    "(the ASA's group-url, group-alias and certificate "
			    "maps are not compiled)", tg->name.s,
			    rc->v2_first->name.s);
	else
		rc->v2_first = tg;
	fprintf(w->o, "\t# IKEv2 clients of tunnel group %s%s\n\t%s {\n",
		tg->name.s, m == 0 ? " (EAP)" : m == 1 ? " (certificates)" :
		" (pre-shared key)", cn);
	ra_register(w, cn, 2, tg);
	rc->nconns++;
	ra_common(w, a, laddrs, pools, 2);
	ra_acct_note(w, tg);
	if (!tp) {
		/* ikev2 local-authentication pre-shared-key: the gateway's
		 * identity is its address, as with L2L peers */
		fprintf(w->o, "\t\tlocal {\n\t\t\t# ikev2 "
			"local-authentication pre-shared-key (secret "
			"ike-ra-ikev2)\n\t\t\tauth = psk\n");
		if (!strchr(laddrs->s, ','))
			fprintf(w->o, "\t\t\tid = %s\n", laddrs->s);
		fprintf(w->o, "\t\t}\n");
		goto remote;
	}
	/* the trustpoint's files are copied into the swanctl directory
	 * (x509/, private/, x509ca/: target.c), where swanctl loads them */
	fprintf(w->o, "\t\tlocal {\n\t\t\t# trustpoint %s: its key is "
		"loaded from private/\n\t\t\tauth = pubkey\n\t\t\tcerts = "
		"%s\n", tpname, sw_base_name(tp->cert));
	/* Clients that check the gateway's name (strongSwan, Windows,
	 * macOS) send it as IDr; charon's default identity is the
	 * certificate's subject DN, which matches no FQDN IDr.  The
	 * trustpoint's `fqdn` is the name the certificate was enrolled
	 * for (its subjectAltName), so it is the gateway's identity;
	 * without it the subject DN stays (an assumption: the seeds do
	 * not say which identity the ASA sends with a certificate). */
	irtp = ra_trustpoint(w->ir, tpname);
	if (irtp && irtp->fqdn.s)
		fprintf(w->o, "\t\t\t# fqdn of trustpoint %s\n\t\t\tid = "
			"%s\n", tpname, irtp->fqdn.s);
	fprintf(w->o, "\t\t}\n");
remote:
	fprintf(w->o, "\t\tremote {\n");
	if (m == 0) {
		if (srv) {
			fprintf(w->o, "\t\t\t# EAP through aaa-server %s "
				"(RADIUS)\n\t\t\tauth = eap-radius\n",
				srv->name.s);
		} else {
			fprintf(w->o, "\t\t\t# EAP-MSCHAPv2 against the local "
				"users (username)\n\t\t\tauth = eap-mschapv2\n");
			rc->local_eap = true;
		}
		if (tg->ikev2_eap_query_identity)
			fprintf(w->o, "\t\t\t# query-identity: the EAP "
				"identity is asked for\n\t\t\teap_id = %%any\n");
	} else if (m == 1) {
		fprintf(w->o, "\t\t\tauth = pubkey\n");
		if (!sw_cacerts(w))
			UNSUPPORTED(w, &tg->loc, "tunnel group '%s' checks "
				    "client certificates, but no trustpoint "
				    "of the secrets file has a ca: any CA "
				    "charon trusts is accepted", tg->name.s);
	} else {
		fprintf(w->o, "\t\t\tauth = psk\n");
	}
	fprintf(w->o, "\t\t}\n");
	ra_child(w, cn, a, re, split, 2);
	fprintf(w->o, "\t}\n");
	return true;
}

/* The IKEv2 connection of tunnel group @tg: the gateway authenticates
 * with its trustpoint's certificate (or a key), clients with EAP
 * (MSCHAPv2 against local users, or RADIUS), certificates or a key. */
static bool ra_ikev2(struct sw *w, struct ra_ctx *rc,
		     const struct ir_tunnel_group *tg, const struct ra_attrs *a,
		     const struct ra_entry *re, const struct list *laddrs,
		     const struct list *pools, const char *split)
{
	const struct ir_aaa_group *srv = NULL;
	const struct swanctl_secret *tp = NULL;
	const char *tpname = NULL, *lauth = tg->ikev2_local_auth.s;
	const char *lkey = NULL;
	const struct sym *ra_tp = w->ir->crypto.ra_trustpoints.n ?
		w->ir->crypto.ra_trustpoints.v[0] : NULL;
	const char *rkey = NULL;
	bool first = true;
	int m;

	if (!tg->ikev2_remote_eap_on && !tg->ikev2_remote_cert_on &&
	    !tg->ikev2_remote_psk_on)
		return false;	/* said by ra_connections() */
	/* the gateway's own authentication: local-authentication, else the
	 * certificate of crypto ikev2 remote-access trustpoint */
	if (lauth && !strcasecmp(lauth, "pre-shared-key")) {
		lkey = sw_key_usable(&tg->ikev2_local_psk) ?
		       tg->ikev2_local_psk.key :
		       sw_given_key(w, SWS_TUNNEL_GROUP, tg->name.s);
		if (!lkey && w->probe)
			lkey = "";
		if (!lkey) {
			diag_report(w->d, RULE_SECRET_UNAVAILABLE,
				    &tg->ikev2_local_auth.loc, "the IKEv2 "
				    "local key of tunnel group '%s' (the key "
				    "the gateway authenticates with) is %s; "
				    "give it with --secrets (tunnel-groups:)",
				    tg->name.s, !tg->ikev2_local_psk.key ?
				    "not configured" :
				    tg->ikev2_local_psk.masked ? "masked (show "
				    "running-config prints *****)" :
				    "not in clear text");
			return false;
		}
	} else {
		tpname = tg->ikev2_local_trustpoint.s ?
			 tg->ikev2_local_trustpoint.s :
			 ra_tp ? ra_tp->s : NULL;
		if (!tpname) {
			UNSUPPORTED(w, &tg->loc, "tunnel group '%s' has IKEv2 "
				    "clients but no certificate for the "
				    "gateway (ikev2 local-authentication "
				    "certificate, crypto ikev2 remote-access "
				    "trustpoint): not compiled", tg->name.s);
			return false;
		}
		tp = given_tp(w, tpname);
		if (w->probe) {
			static char none[] = "";
			static const struct swanctl_secret any = {
				.name = none, .cert = none, .keyfile = none
			};

			tp = &any;
		}
		if (!tp || !tp->cert || !tp->keyfile) {
			diag_report(w->d, RULE_SECRET_UNAVAILABLE,
				    tg->ikev2_local_trustpoint.s ?
				    &tg->ikev2_local_trustpoint.loc :
				    &ra_tp->loc, "trustpoint '%s' (the "
				    "gateway's certificate for the IKEv2 "
				    "clients of tunnel group '%s'): give its "
				    "certificate and key files with --secrets "
				    "(trustpoints:)", tpname, tg->name.s);
			return false;
		}
	}
	if (tg->ikev2_remote_eap_on && !ra_auth_server(w, rc, tg, &srv))
		return false;
	if (tg->ikev2_remote_psk_on) {
		rkey = sw_key_usable(&tg->ikev2_remote_psk) ?
		       tg->ikev2_remote_psk.key :
		       sw_given_key(w, SWS_TUNNEL_GROUP, tg->name.s);
		if (!rkey && w->probe)
			rkey = "";
		if (!rkey) {
			diag_report(w->d, RULE_SECRET_UNAVAILABLE,
				    &tg->ikev2_remote_psk.loc, "the IKEv2 "
				    "remote key of tunnel group '%s' is not "
				    "available; give it with --secrets "
				    "(tunnel-groups:)", tg->name.s);
			return false;
		}
	}
	if (lkey && rkey && strcmp(lkey, rkey)) {
		UNSUPPORTED(w, &tg->ikev2_remote_psk.loc, "tunnel group '%s' "
			    "has one IKEv2 pre-shared key for the gateway and "
			    "another for its clients: strongSwan authenticates "
			    "both ends of an IKE_SA with one key; not "
			    "compiled", tg->name.s);
		return false;
	}
	if ((lkey || rkey) && !ra_any_key(w, rc, tg, "ra-ikev2",
					  lkey ? lkey : rkey, lkey ?
					  &tg->ikev2_local_auth.loc :
					  &tg->ikev2_remote_psk.loc))
		return false;
	/*
	 * One connection per method the group accepts (ikev2
	 * remote-authentication may be given several times, and the ASA
	 * takes whichever the client uses): EAP first, whose clients send
	 * no AUTH payload, then certificate, then key.  charon selects the
	 * first by the identities and, when the client authenticated
	 * another way, switches to the next whose authentication matches
	 * ("switching to peer config"), so together they accept what the
	 * group accepts.
	 */
	for (m = 0; m < 3; m++) {
		if (!(m == 0 ? tg->ikev2_remote_eap_on :
		      m == 1 ? tg->ikev2_remote_cert_on :
		      tg->ikev2_remote_psk_on))
			continue;
		if (!ra_ikev2_conn(w, rc, tg, a, re, laddrs, pools, split,
				   m, first, tpname, tp, srv))
			return false;
		first = false;
	}
	return true;
}


/* The remote-access secrets: group keys by KEY_ID, users, private keys. */
static void ra_secret(struct ra_ctx *rc, const char *type, const char *name,
		      const char *id, const char *key)
{
	struct ra_secret *x;

	rc->sec = xrealloc_array(rc->sec, rc->nsec + 1, sizeof(*rc->sec));
	x = &rc->sec[rc->nsec++];
	snprintf(x->name, sizeof(x->name), "%s-%s", type, name);
	sw_sanitize(x->name);
	x->id = id;
	x->key = key;
}

/*
 * A pre-shared key for peers of any identity: DefaultL2LGroup's, the
 * IKEv1 key of DefaultRAGroup, the IKEv2 key of remote-access clients.
 * charon picks a key by the two IKE identities alone, so these are
 * secrets without identities, found when no key names the peer (every
 * other L2L key names its peer, every IKEv1 group key its group).  Two
 * different such keys could not be told apart: the second is not
 * compiled.  A new key becomes secret @name; false when it conflicts.
 */
static bool ra_any_key(struct sw *w, struct ra_ctx *rc,
		       const struct ir_tunnel_group *tg, const char *name,
		       const char *key, const struct loc *loc)
{
	if (!rc->any_key) {
		rc->any_key = key;
		rc->any_key_tg = tg->name.s;
		ra_secret(rc, "ike", name, NULL, key);
		return true;
	}
	if (!strcmp(rc->any_key, key))
		return true;
	UNSUPPORTED(w, loc, "the pre-shared key of tunnel group '%s' differs "
		    "from that of tunnel group '%s', and both are for peers of "
		    "any identity: charon chooses a key by the IKE identities "
		    "only, so one key serves them all; not compiled",
		    tg->name.s, rc->any_key_tg);
	return false;
}


/* The local users' passwords, as XAUTH and/or EAP secrets: clear text
 * from the configuration, else from --secrets (users:); one error per
 * user whose password is only a hash. */
static void ra_users(struct sw *w, struct ra_ctx *rc)
{
	const struct ir_user *u;
	uint32_t i;

	if (!rc->local_xauth && !rc->local_eap)
		return;
	vec_foreach(&w->ir->users, i, u) {
		const char *pw = sw_given_key(w, SWS_USER, u->name.s);

		if (!ra_vpn_user(u) || u->nopassword)
			continue;
		pw = swanctl_user_password(w->d, u, pw);
		if (!pw)
			continue;
		if (rc->local_xauth)
			ra_secret(rc, "xauth", u->name.s, u->name.s, pw);
		if (rc->local_eap)
			ra_secret(rc, "eap", u->name.s, u->name.s, pw);
	}
}

void ra_write_secrets(const struct ra_ctx *rc, FILE *o)
{
	size_t i;

	for (i = 0; i < rc->nsec; i++) {
		const struct ra_secret *x = &rc->sec[i];

		fprintf(o, "\t%s {\n", x->name);
		fprintf(o, "\t\tsecret = ");
		sw_put_key(o, x->key);
		fputc('\n', o);
		if (x->id && !strncmp(x->name, "ike-", 4))
			fprintf(o, "\t\tid-1 = keyid:%s\n", x->id);
		else if (x->id)
			fprintf(o, "\t\tid = %s\n", x->id);
		fprintf(o, "\t}\n");
	}
}

/*
 * What remote access on the ASA decides per session and strongSwan
 * cannot: the tunnel group chosen by certificate map (tunnel-group-map),
 * authorization against a server group (LDAP attribute maps, RADIUS
 * authorization apart from authentication), dynamic access policies.
 * Said once each, when remote-access connections were written.
 */
static void ra_unexpressed(struct sw *w, const struct ra_ctx *rc)
{
	const struct ir *ir = w->ir;
	const struct ir_tunnel_group *tg;
	const struct ir_unmodeled *u;
	uint32_t i;

	if (!rc->nconns)
		return;
	if (ir->tgmaps.n) {
		const struct ir_tgmap *m = ir->tgmaps.v[0];

		UNSUPPORTED(w, &m->loc, "tunnel-group-map (the tunnel group "
			    "by certificate map or certificate field) is not "
			    "compiled: charon picks a remote-access connection "
			    "by the client's identity, and certificate maps "
			    "are not matched");
	}
	vec_foreach(&ir->tunnel_groups, i, tg) {
		const struct ir_aaa_group *g = tg->authorization_server_target;

		/* seed 000, "Implementing NAT-Assigned IP to Public IP
		 * Connection": per session, not a static rule */
		if (ir_tg_remote_access(tg) && tg->nat_assigned_to_public_ip.s)
			UNSUPPORTED(w, &tg->nat_assigned_to_public_ip.loc,
				    "nat-assigned-to-public-ip of tunnel group "
				    "'%s' is not compiled yet: the clients' "
				    "assigned addresses are not translated to "
				    "their public ones", tg->name.s);
		if (!ir_tg_remote_access(tg) || !g)
			continue;
		if (g->protocol.s && !strcasecmp(g->protocol.s, "radius") &&
		    tg->authorization_required.set &&
		    tg->authorization_required.v) {
			UNSUPPORTED(w, &tg->authorization_server_group.loc,
				    "the attributes aaa-server '%s' returns for "
				    "the users of tunnel group '%s' (a group "
				    "policy by Class, an address, filters) are "
				    "not applied: strongSwan takes per-user "
				    "attributes only from the server that "
				    "authenticates; asacd ends the sessions "
				    "'%s' does not authorize "
				    "(authorization-required)", g->name.s,
				    tg->name.s, g->name.s);
			continue;
		}
		UNSUPPORTED(w, &tg->authorization_server_group.loc,
			    "authorization of tunnel group '%s' against "
			    "aaa-server '%s' (%s) is not compiled: %s",
			    tg->name.s, g->name.s, g->protocol.s ?
			    g->protocol.s : "?",
			    g->protocol.s && !strcasecmp(g->protocol.s, "ldap") ?
			    "strongSwan has no LDAP authorization (attribute "
			    "maps, a group policy per user)" :
			    "strongSwan takes a user's attributes from the "
			    "server that authenticates it only");
	}
	/* dynamic access policies are kept unmodelled (DfltAccessPolicy,
	 * which every ASA has, sets nothing by itself) */
	vec_foreach(&ir->unmodeled, i, u) {
		const struct src_file *f = w->src->files[u->loc.file];
		const char *t = f->data + u->loc.start;
		static const char kw[] = "dynamic-access-policy-record ";
		size_t n = u->loc.end - u->loc.start;

		if (n <= sizeof(kw) - 1 || strncmp(t, kw, sizeof(kw) - 1) ||
		    (n == sizeof(kw) - 1 + 16 &&
		     !strncmp(t + sizeof(kw) - 1, "DfltAccessPolicy", 16)))
			continue;
		UNSUPPORTED(w, &u->loc, "dynamic access policy (DAP) '%.*s' "
			    "is not compiled: strongSwan has no policy per "
			    "session from the endpoint or AAA attributes",
			    (int)(n - (sizeof(kw) - 1)), t + sizeof(kw) - 1);
	}
}

/* A user's own attributes are not per-user in strongSwan: say which. */
static void ra_user_attrs(struct sw *w)
{
	const struct ir_user *u;
	uint32_t i;

	vec_foreach(&w->ir->users, i, u) {
		const struct ir_group_policy *g = &u->attrs;

		if (!u->has_attrs || !ra_vpn_user(u))
			continue;
		/* vpn-simultaneous-logins and group-lock alone are
		 * asacd's, per user (asacd.json) */
		if (u->vpn_group_policy.s || u->framed_ip ||
		    g->vpn_idle_timeout.set ||
		    g->vpn_session_timeout.set || g->split_tunnel_policy.s ||
		    g->split_tunnel_acl_set || g->address_pools_set ||
		    g->dns_servers_set || g->vpn_filter_set)
			UNSUPPORTED(w, &u->loc, "the attributes of user '%s' "
				    "(username %s attributes) are not compiled: "
				    "a strongSwan connection gives every user "
				    "the attributes of its tunnel group (asacd "
				    "enforces the user's vpn-simultaneous-logins "
				    "and group-lock)", u->name.s, u->name.s);
	}
}

/* The interfaces' addresses where version @ver's clients arrive, and the
 * first such entry. */
static const struct ra_entry *ra_where(const struct ra_ctx *rc, int ver,
				       struct list *laddrs)
{
	const struct ra_entry *first = NULL;
	size_t i;

	for (i = 0; i < rc->n; i++) {
		const struct ra_entry *r = &rc->v[i];

		if (!(ver == 1 ? r->v1 : r->v2))
			continue;
		if (!first)
			first = r;
		if (!sw_list_has(laddrs->s, r->laddr))
			sw_list_put(laddrs, ", ", r->laddr);
	}
	return first;
}

/*
 * One connection per remote-access tunnel group and IKE version, named
 * ra-GROUP-ikev1 / ra-GROUP-ikev2: charon picks it by the client's
 * identity (IKEv1: the group name as KEY_ID) and hands out the group's
 * pools with its group policy's attributes (policy.h).
 */
void ra_connections(struct sw *w, struct ra_ctx *rc)
{
	const struct ir_tunnel_group *tg;
	uint32_t i, j;
	bool said = false, wrote;

	vec_foreach(&w->ir->tunnel_groups, i, tg) {
		struct ra_attrs a;
		struct list l1 = { 0 }, l2 = { 0 }, pools = { 0 }, split = { 0 };
		const struct ra_entry *r1, *r2;
		const struct vec *pv[2];	/* the IPv4 and IPv6 pools */
		struct sym *ps;
		int f;

		if (!ir_tg_remote_access(tg))
			continue;
		ra_attrs_resolve(w->ir, tg, NULL, &a);
		pv[0] = a.pools;
		pv[1] = a.pools6;
		r1 = ra_where(rc, 1, &l1);
		r2 = ra_where(rc, 2, &l2);
		if (a.ssl_client && a.protocols_src.from != RA_DEFAULT &&
		    !a.ikev1 && !a.ikev2) {
			UNSUPPORTED(w, &tg->loc, "tunnel group '%s' serves "
				    "AnyConnect (ssl-client) sessions only: "
				    "strongSwan does not speak AnyConnect's "
				    "SSL/DTLS protocol; not compiled",
				    tg->name.s);
			goto next;
		}
		if (!r1 && !r2) {
			if (!said)
				UNSUPPORTED(w, &tg->loc, "remote-access tunnel "
					    "group '%s': no dynamic crypto map "
					    "entry on an interface accepts its "
					    "clients; not compiled", tg->name.s);
			said = true;
			goto next;
		}
		if (a.split_acl)
			split_nets(w, a.split_acl, &split);
		if (strcmp(a.split_policy, "tunnelall") && !split.n) {
			UNSUPPORTED(w, a.split_policy_src.loc ?
				    a.split_policy_src.loc : &tg->loc,
				    "split-tunnel-policy %s of tunnel group "
				    "'%s' without split-tunnel networks: "
				    "compiled as tunnelall", a.split_policy,
				    tg->name.s);
			a.split_policy = "tunnelall";
		}
		/* group-lock naming another group: asacd refuses the users
		 * here (asacd.json "locked_users", backends/asacd.c) */
		for (f = 0; f < 2; f++)
			if (pv[f])
				vec_foreach(pv[f], j, ps) {
					char nm[160];

					snprintf(nm, sizeof(nm), "%s", ps->s);
					sw_sanitize(nm);
					if (!sw_list_has(pools.s, nm))
						sw_list_put(&pools, ", ", nm);
				}
		if (a.pools6 && a.pools6->n &&
		    strcmp(a.split6_policy, "tunnelall"))
			UNSUPPORTED(w, a.split6_src.loc ? a.split6_src.loc :
				    &tg->loc, "ipv6-split-tunnel-policy %s of "
				    "tunnel group '%s' is not compiled: its "
				    "IPv6 clients get an address and no IPv6 "
				    "networks through the tunnel",
				    a.split6_policy, tg->name.s);
		wrote = false;
		if (r1 && a.ikev1)
			wrote |= ra_ikev1(w, rc, tg, &a, r1, &l1, &pools,
					  split.n ? split.s : NULL);
		if (r2 && a.ikev2)
			wrote |= ra_ikev2(w, rc, tg, &a, r2, &l2, &pools,
					  split.n ? split.s : NULL);
		if (!wrote && strcmp(tg->name.s, "DefaultRAGroup") &&
		    !(a.ikev1 && r1 && (tg->ikev1_psk.set ||
		      sw_given_key(w, SWS_TUNNEL_GROUP, tg->name.s))) &&
		    !(a.ikev2 && r2 && (tg->ikev2_remote_eap_on ||
		      tg->ikev2_remote_cert_on || tg->ikev2_remote_psk_on)))
			UNSUPPORTED(w, &tg->loc, "remote-access tunnel group "
				    "'%s' has no client authentication "
				    "strongSwan can use (no ikev1 pre-shared-key"
				    ", no ikev2 remote-authentication): not "
				    "compiled", tg->name.s);
		/* the pools of the connections written, with the group's
		 * attributes */
		for (f = 0; wrote && f < 2; f++)
			if (pv[f])
				vec_foreach(pv[f], j, ps)
					ra_pool(w, rc, ps->s, tg, &a,
						split.n ? split.s : NULL);
next:
		free(l1.s);
		free(l2.s);
		free(pools.s);
		free(split.s);
	}
	ra_unexpressed(w, rc);
	ra_user_attrs(w);
	ra_users(w, rc);
}

/* The RADIUS servers of the group the connections use, for charon's
 * eap-radius plugin (also the XAUTH backend xauth-radius). */
void ra_radius(struct sw *w, const struct ra_ctx *rc, FILE *o)
{
	const struct ir_aaa_group *g = rc->radius;
	const struct ir_aaa_host *h;
	uint32_t i;
	long long timeout = 10, retry = 10;

	fprintf(o, "\tplugins {\n\t\teap-radius {\n");
	sw_comment_line(o, w->src, "\t\t\t", &g->loc);
	fprintf(o, "\t\t\tservers {\n");
	vec_foreach(&g->hosts, i, h) {
		const char *key = sw_key_usable(&h->key) ? h->key.key : NULL;
		char a[INET6_ADDRSTRLEN];

		if (!key)
			key = sw_given_key(w, SWS_AAA, h->host.s);
		if (!key)
			key = sw_given_key(w, SWS_AAA, g->name.s);
		if (!key) {
			diag_report(w->d, RULE_SECRET_UNAVAILABLE,
				    h->key.set ? &h->key.loc : &h->loc,
				    "the key of RADIUS server %s (aaa-server "
				    "%s) is %s; give it with --secrets "
				    "(aaa-servers:, by host or group)",
				    h->host.s, g->name.s, h->key.set ?
				    "masked (show running-config prints "
				    "*****)" : "not configured");
			continue;
		}
		if (!h->addr) {
			UNSUPPORTED(w, &h->host.loc, "RADIUS server '%s' is a "
				    "name: written as charon resolves it",
				    h->host.s);
			snprintf(a, sizeof(a), "%s", h->host.s);
		} else {
			sw_addr_text(h->addr->family, h->addr->a, a, sizeof(a));
		}
		if (h->timeout.set)
			timeout = h->timeout.v;
		if (h->retry_interval.set)
			retry = h->retry_interval.v;
		sw_comment_line(o, w->src, "\t\t\t\t", &h->loc);
		/* the ASA's RADIUS ports default to 1645 and 1646 (its
		 * command reference; the seeds are silent) */
		fprintf(o, "\t\t\t\t%s-%u {\n\t\t\t\t\taddress = %s\n"
			"\t\t\t\t\tsecret = ", g->name.s, i + 1, a);
		sw_put_key(o, key);
		fprintf(o, "\n\t\t\t\t\tauth_port = %lld\n"
			"\t\t\t\t\tacct_port = %lld\n\t\t\t\t}\n",
			h->auth_port.set ? (long long)h->auth_port.v : 1645LL,
			h->acct_port.set ? (long long)h->acct_port.v : 1646LL);
	}
	fprintf(o, "\t\t\t}\n");
	/* timeout (total) and retry-interval (between tries) of the
	 * ASA: retries at a fixed interval until the timeout */
	fprintf(o, "\t\t\t# timeout %llds, retry-interval %llds\n"
		"\t\t\tretransmit_timeout = %lld\n\t\t\tretransmit_base = "
		"1\n\t\t\tretransmit_tries = %lld\n", timeout, retry,
		retry < timeout ? retry : timeout,
		retry < timeout ? timeout / retry : 1LL);
	/* no eap-radius accounting: it would account every IKE_SA to
	 * these servers; asacd accounts each tunnel group's sessions to
	 * its accounting-server-group (asacd.json "radius") */
	fprintf(o, "\t\t}\n\t}\n");
}

/* Remember a dynamic entry without match address: remote-access clients
 * arrive there. */
void ra_note_entry(struct sw *w, struct ra_ctx *rc,
		   const struct centry *x)
{
	struct ra_entry *r;
	struct child_opts c = { 0 };

	if (x->skip || !x->ce->dyn || x->ce->incomplete)
		return;
	if (!x->ce->sa_only && sw_has_remote_access(w->ir))
		UNSUPPORTED(w, &x->e->acl.loc, "remote-access clients of this "
			    "dynamic entry: its match address is not applied to "
			    "them; their selectors are their group policy's "
			    "split-tunnel networks and their assigned "
			    "address");
	rc->v = xrealloc_array(rc->v, rc->n + 1, sizeof(*rc->v));
	r = &rc->v[rc->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->laddr, sizeof(r->laddr), "%s", x->laddr);
	r->iface = x->set->iface->s;
	r->e = x->e;
	r->v1 = x->v1;
	r->v2 = x->v2;
	r->cmap_loc = &x->ce->e->loc;
	{
		/* each version's own lists, said once already (prepare) */
		struct ir_cmap_entry only = *x->e;
		struct list l1 = { 0 }, l2 = { 0 };
		struct diag_ctx *d = w->d, scratch;

		diag_init(&scratch, w->src);
		w->d = &scratch;
		only.proposals.n = 0;
		sw_esp_proposals(w, &only, sw_pfs_kw(w, x->e), &l1);
		only = *x->e;
		only.transform_sets.n = 0;
		sw_esp_proposals(w, &only, sw_pfs_kw(w, x->e), &l2);
		w->d = d;
		diag_free(&scratch);
		r->esp1 = l1.s ? l1.s : xstrdup("");
		r->esp2 = l2.s ? l2.s : xstrdup("");
	}
	sw_global_lifetimes(w->ir, x->e, &c);
	r->life_s = c.life_s;
	r->life_kb = c.life_kb;
}


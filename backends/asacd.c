/* SPDX-License-Identifier: MIT */
/*
 * asacd.c - asacd.json from a configuration (see asacd.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

#include "backends/asacd.h"
#include "backends/ocserv.h"
#include "backends/swanctl.h"
#include "compiler/cryptomap.h"
#include "compiler/jw.h"
#include "compiler/policy.h"
#include "compiler/rules.h"
#include "compiler/util.h"

#define UNSUPPORTED(d, loc, ...) \
	diag_report((d), RULE_UNSUPPORTED_FEATURE, (loc), __VA_ARGS__)

/* an address as text, or NULL when @a is not one IPv4 address */
static const char *v4(const struct ir_addr *a, char *buf, size_t len)
{
	a = a ? ir_peer_addr(a) : NULL;
	if (!a || a->family != 4)
		return NULL;
	return inet_ntop(AF_INET, a->a, buf, (socklen_t)len);
}

struct ax;
static void ssl_redirect(struct ax *x, const struct ir_vpn_lb *lb);

struct ax {
	const struct ir *ir;
	struct diag_ctx *d;
	struct jw *w;
	const struct nft_iface *ifaces;
	size_t nifaces;
	struct swanctl_secret *given;	/* --secrets */
	size_t ngiven;
};

/* the key --secrets gives for @name of @kind, or NULL */
static const char *given_key(struct ax *x, enum swanctl_secret_kind kind,
			     const char *name)
{
	const struct swanctl_secret *s = swanctl_given(x->given, x->ngiven,
						       kind, name);

	return s ? s->key : NULL;
}

/* the key --secrets gives for the cluster at @ip (clusters:), or NULL */
static const char *given_cluster_key(struct ax *x, const char *ip)
{
	return given_key(x, SWS_CLUSTER, ip);
}

/* the Linux device of interface @f: its nameif, mapped by --iface or
 * .asac.yaml; without @f (an IOS interface has no nameif) the mapping of
 * @name */
static void put_dev(struct ax *x, const struct ir_iface *f, const char *name,
		    const struct loc *where)
{
	const char *dev = f && f->nameif.s ? f->nameif.s : name;
	size_t i;

	for (i = 0; f && f->nameif.s && i < x->nifaces; i++)
		if (!strcmp(x->ifaces[i].nameif, f->nameif.s))
			dev = x->ifaces[i].dev;
	for (i = 0; !f && i < x->nifaces; i++)
		if (!strcmp(x->ifaces[i].nameif, name))
			dev = x->ifaces[i].dev;
	if (linux_ifname_ok(dev)) {
		jw_str(x->w, dev);
		return;
	}
	jw_null(x->w);
	UNSUPPORTED(x->d, where, "'%s' cannot name a Linux interface: map it "
		    "with --iface or .asac.yaml's interfaces (asacd.json has "
		    "null)", dev);
}

static void kint_or_null(struct jw *w, const char *key, const struct ival *v)
{
	jw_key(w, key);
	if (v->set)
		jw_int(w, v->v);
	else
		jw_null(w);
}

/* vpn-sessiondb: the limits that "affect the calculated load
 * percentage" (seed 000); without one the ASA allows what its license
 * does, which asac cannot know */
static void limits(struct ax *x, const struct loc *where)
{
	const struct ir *ir = x->ir;
	struct diag_ctx *d = x->d;
	struct jw *w = x->w;
	jw_key(w, "limits");
	jw_obj(w);
	kint_or_null(w, "anyconnect", &ir->max_anyconnect);
	kint_or_null(w, "other", &ir->max_other);
	jw_end_obj(w);
	if (!ir->lb.present)	/* only the ASA's load needs them */
		return;
	if (!ir->max_anyconnect.set)
		UNSUPPORTED(d, where, "no 'vpn-sessiondb max-anyconnect-"
			    "premium-or-essentials-limit': the ASA allows what "
			    "its license does; asacd.json's limits.anyconnect "
			    "is null until you set it");
	if (!ir->max_other.set)
		UNSUPPORTED(d, where, "no 'vpn-sessiondb max-other-vpn-limit': "
			    "the ASA allows what its license does; asacd.json's "
			    "limits.other is null until you set it");
}

static void asa_cluster(struct ax *x)
{
	const struct ir *ir = x->ir;
	struct diag_ctx *d = x->d;
	struct jw *w = x->w;
	const struct ir_vpn_lb *lb = &ir->lb;
	/* sema resolved them (by nameif, or by the interface's address) */
	const struct ir_iface *pub = lb->lbpublic_target;
	const struct ir_iface *priv = lb->lbprivate_target;
	char a[INET6_ADDRSTRLEN];
	const char *s;

	jw_key(w, "cluster");
	jw_obj(w);
	jw_key(w, "ip");
	if ((s = v4(lb->cluster_ip, a, sizeof(a)))) {
		jw_str(w, s);
	} else {
		jw_null(w);
		UNSUPPORTED(d, lb->cluster_ip ? &lb->cluster_ip_loc : &lb->loc,
			    "%s: asacd needs the cluster's IPv4 address",
			    lb->cluster_fqdn.s ? "a cluster FQDN" :
			    lb->cluster_ip ? "an IPv6 cluster address" :
			    "no 'cluster ip address'");
	}
	jw_key(w, "port");
	/* seed 000: "The default value is 9023" */
	jw_int(w, lb->cluster_port.set ? lb->cluster_port.v : 9023);
	jw_key(w, "interface");
	if (lb->lbpublic.s)
		put_dev(x, pub, lb->lbpublic.s, &lb->lbpublic.loc);
	else
		jw_null(w);
	jw_key(w, "address");
	if (pub && (s = v4(pub->ip, a, sizeof(a)))) {
		jw_str(w, s);
	} else {
		jw_null(w);
		UNSUPPORTED(d, lb->lbpublic.s ? &lb->lbpublic.loc : &lb->loc,
			    "the lbpublic interface has no IPv4 address: "
			    "asacd.json's cluster.address is null");
	}
	/* seed 000: "nat" is the address clients are sent to */
	if ((s = v4(lb->nat_v4, a, sizeof(a)))) {
		jw_key(w, "redirect_address");
		jw_str(w, s);
	}
	jw_key(w, "private_interface");
	if (lb->lbprivate.s)
		put_dev(x, priv, lb->lbprivate.s, &lb->lbprivate.loc);
	else
		jw_null(w);
	jw_key(w, "priority");
	/* the seed gives no default; the ASA's is 5 */
	jw_int(w, lb->priority.set ? lb->priority.v : 5);
	jw_key(w, "encryption");
	jw_bool(w, lb->cluster_encryption.set && lb->cluster_encryption.v);
	jw_key(w, "key");
	if (lb->cluster_key.key && !lb->cluster_key.masked &&
	    lb->cluster_key.encoding == 0) {
		jw_str(w, lb->cluster_key.key);
	} else {
		char vip[64] = "";
		const char *k;

		if (lb->cluster_ip)
			ir_peer_str(lb->cluster_ip, vip, sizeof(vip));
		k = *vip ? given_cluster_key(x, vip) : NULL;
		if (k) {
			jw_str(w, k);
		} else {
			jw_null(w);
			if (lb->cluster_key.set)
				UNSUPPORTED(d, &lb->cluster_key.loc, "the "
					    "cluster key is %s: asacd.json's "
					    "cluster.key is null until you "
					    "give it with --secrets (clusters: "
					    "%s: KEY)",
					    lb->cluster_key.masked ?
					    "masked (*****)" : "encrypted",
					    *vip ? vip : "CLUSTER-IP");
		}
	}
	jw_key(w, "participate");
	jw_bool(w, lb->participate.set && lb->participate.v);
	jw_key(w, "redirect_fqdn");
	jw_bool(w, lb->redirect_fqdn.set && lb->redirect_fqdn.v);
	/* no ASA command says when: at IKE_SA_INIT, which seed 003
	 * recommends "for performance and scalability reasons" */
	jw_key(w, "redirect");
	jw_str(w, "init");
	ssl_redirect(x, lb);
	jw_end_obj(w);
}

/*
 * AnyConnect SSL clients of the cluster (seed 000: load balancing "works
 * with IPsec clients and SSL VPN client ... sessions"): when webvpn is
 * enabled on the lbpublic interface, the master redirects clients that
 * come to the cluster IP on the webvpn port, presenting the certificate
 * ocserv presents (the bundle's /etc/ocserv files, ocserv.h).
 */
static void ssl_redirect(struct ax *x, const struct ir_vpn_lb *lb)
{
	const struct ir *ir = x->ir;
	const struct ir_webvpn_if *e;
	struct jw *w = x->w;
	bool on = false;
	uint32_t i;

	if (!ir_anyconnect(ir) || !lb->lbpublic.s)
		return;
	vec_foreach(&ir->webvpn.enabled, i, e)
		on |= !strcmp(e->iface.s, lb->lbpublic.s);
	if (!on) {
		UNSUPPORTED(x->d, &lb->lbpublic.loc, "AnyConnect is not enabled "
			    "on the lbpublic interface '%s' (webvpn enable): "
			    "its SSL clients are not load-balanced",
			    lb->lbpublic.s);
		return;
	}
	jw_key(w, "ssl_redirect");
	jw_obj(w);
	jw_key(w, "port");
	jw_int(w, ir->webvpn.port.set ? ir->webvpn.port.v : 443);
	jw_key(w, "certificate");
	jw_str(w, OCSERV_ETC "/server-cert.pem");
	jw_key(w, "key");
	jw_str(w, OCSERV_ETC "/server-key.pem");
	jw_end_obj(w);
}

/* the interface and `standby` line of the HSRP group the cluster names */
static const struct ir_standby *standby_of(const struct ir *ir,
					   const char *group,
					   const struct ir_iface **fo)
{
	const struct ir_iface *f;
	const struct ir_standby *sb, *first = NULL;
	uint32_t i, j;

	*fo = NULL;
	vec_foreach(&ir->interfaces, i, f)
		vec_foreach(&f->standby, j, sb) {
			if (group && sb->name.s && !strcmp(sb->name.s, group)) {
				*fo = f;
				return sb;
			}
			if (!first && sb->ip) {
				first = sb;
				*fo = f;
			}
		}
	return group ? NULL : first;
}

static void ios_cluster(struct ax *x)
{
	const struct ir *ir = x->ir;
	struct diag_ctx *d = x->d;
	struct jw *w = x->w;
	const struct ir_ikev2_cluster *cl = &ir->cluster;
	const struct ir_iface *f;
	const struct ir_standby *sb = standby_of(ir, cl->standby_group.s, &f);
	const struct ir_standby *y;
	const struct ival *prio = NULL, *hello = NULL, *hold = NULL;
	bool preempt = false;
	char a[INET6_ADDRSTRLEN];
	const char *s;
	uint32_t j;

	jw_key(w, "ios");
	jw_obj(w);
	kint_or_null(w, "port", &cl->port);
	kint_or_null(w, "holdtime_ms", &cl->holdtime);
	kint_or_null(w, "hello_ms", &cl->slave_hello);
	kint_or_null(w, "update_ms", &cl->slave_update);
	kint_or_null(w, "max_session", &cl->slave_max_session);
	kint_or_null(w, "priority", &cl->slave_priority);
	jw_key(w, "weights");
	jw_obj(w);
	/* seed 003: "Range: 0 to 100. Default: 100." */
	jw_key(w, "crypto-load");
	jw_int(w, cl->weight_crypto_load.set ? cl->weight_crypto_load.v : 100);
	jw_key(w, "system-load");
	jw_int(w, cl->weight_system_load.set ? cl->weight_system_load.v : 100);
	jw_end_obj(w);
	jw_key(w, "overload_limit");
	jw_int(w, cl->overload_limit.set ? cl->overload_limit.v : 0);
	jw_key(w, "redirect");
	if (ir->redirect.gateway.s)
		jw_str(w, ir->redirect.gateway.s);
	else
		jw_null(w);
	jw_key(w, "standby");
	if (!sb || !f) {
		jw_null(w);
		UNSUPPORTED(d, cl->standby_group.s ? &cl->standby_group.loc :
			    &cl->loc, "no interface has the HSRP group%s%s "
			    "with a virtual IP: asacd.json's ios.standby is "
			    "null", cl->standby_group.s ? " " : "",
			    cl->standby_group.s ? cl->standby_group.s : "");
		jw_end_obj(w);
		return;
	}
	/* the group's number, address and priority may be on other
	 * `standby` lines of the same interface */
	vec_foreach(&f->standby, j, y) {
		if (y->group.set != sb->group.set ||
		    (y->group.set && y->group.v != sb->group.v))
			continue;
		if (y->priority.set)
			prio = &y->priority;
		if (y->hello_ms.set) {
			hello = &y->hello_ms;
			hold = &y->hold_ms;
		}
		preempt |= y->preempt;
		if (!sb->ip && y->ip)
			sb = y;
	}
	jw_obj(w);
	jw_key(w, "interface");
	put_dev(x, f->nameif.s ? f : NULL, f->hwname, &sb->loc);
	jw_key(w, "group");
	jw_int(w, sb->group.set ? sb->group.v : 0);
	jw_key(w, "ip");
	if ((s = v4(sb->ip, a, sizeof(a))))
		jw_str(w, s);
	else
		jw_null(w);
	jw_key(w, "priority");
	/* seed 003: "The default priority level is 100." */
	jw_int(w, prio ? prio->v : 100);
	jw_key(w, "address");
	if ((s = v4(f->ip, a, sizeof(a))))
		jw_str(w, s);
	else
		jw_null(w);
	/* HSRP: no preemption unless `standby N preempt`; hello 3 s, hold
	 * 10 s unless `standby N timers` */
	jw_key(w, "preempt");
	jw_bool(w, preempt);
	jw_key(w, "hello_ms");
	jw_int(w, hello ? hello->v : 3000);
	jw_key(w, "hold_ms");
	jw_int(w, hold ? hold->v : 10000);
	jw_end_obj(w);
	jw_end_obj(w);
}

/*
 * What asacd enforces for the users of remote-access tunnel group @tg's
 * connections (resolved as policy.h does, each user once): vpn-
 * simultaneous-logins other than 1 ("logins"; 1 is charon's unique =
 * replace), the group's vpn-session-timeout ("session_timeout",
 * minutes), users whose own limit differs ("users"), and users whose
 * group-lock names another tunnel group ("locked_users").  Built once
 * per group; every connection of the group writes the same.
 */
struct upolicy {
	const struct ir_tunnel_group *tg;
	int64_t logins, session_timeout;
	struct { const struct ir_user *u; int64_t logins; } *own;
	size_t nown;
	const struct ir_user **locked;
	size_t nlocked;
};

static void upolicy_build(struct ax *x, const struct ir_tunnel_group *tg,
			  struct upolicy *p)
{
	const struct ir *ir = x->ir;
	const struct ir_user *u;
	struct ra_attrs a, ua;
	uint32_t i;

	p->tg = tg;
	p->nown = p->nlocked = 0;
	ra_attrs_resolve(ir, tg, NULL, &a);
	p->logins = a.simultaneous_logins;
	p->session_timeout = a.session_timeout;
	vec_foreach(&ir->users, i, u) {
		ra_attrs_resolve(ir, tg, u, &ua);
		if (ua.group_lock && ua.group_lock != tg) {
			p->locked = xrealloc_array(p->locked, p->nlocked + 1,
						   sizeof(*p->locked));
			p->locked[p->nlocked++] = u;
		}
		if (ua.simultaneous_logins == a.simultaneous_logins)
			continue;
		/* the group's connections replace a user's session
		 * (unique = replace): a user's larger limit is lost */
		if (a.simultaneous_logins == 1) {
			UNSUPPORTED(x->d, ua.logins_src.loc ?
				    ua.logins_src.loc : &u->loc,
				    "vpn-simultaneous-logins %lld of user '%s' "
				    "in tunnel group '%s': the group's "
				    "connections let a new session replace the "
				    "old (its limit is 1), so the user has one",
				    (long long)ua.simultaneous_logins,
				    u->name.s, tg->name.s);
			continue;
		}
		p->own = xrealloc_array(p->own, p->nown + 1, sizeof(*p->own));
		p->own[p->nown].u = u;
		p->own[p->nown++].logins = ua.simultaneous_logins;
	}
}

static void upolicy_write(const struct upolicy *p, struct jw *w)
{
	size_t i;

	if (p->logins != 1) {
		jw_key(w, "logins");
		jw_int(w, p->logins);
	}
	/* vpn-session-timeout: asacd ends the session then */
	if (p->session_timeout > 0) {
		jw_key(w, "session_timeout");
		jw_int(w, p->session_timeout);
	}
	if (p->nown) {
		jw_key(w, "users");
		jw_obj(w);
		for (i = 0; i < p->nown; i++) {
			jw_key(w, p->own[i].u->name.s);
			jw_int(w, p->own[i].logins);
		}
		jw_end_obj(w);
	}
	if (p->nlocked) {
		jw_key(w, "locked_users");
		jw_arr(w);
		for (i = 0; i < p->nlocked; i++)
			jw_str(w, p->locked[i]->name.s);
		jw_end_arr(w);
	}
}

/*
 * The RADIUS server groups asacd talks to for the remote-access tunnel
 * groups: accounting-server-group (asacd sends the accounting of a
 * group's sessions to its own group; charon's eap-radius plugin would
 * account every IKE_SA to the servers that authenticate) and, with
 * authorization-required, authorization-server-group (asacd ends a
 * session the group does not authorize).  Each group is checked once:
 * RADIUS, servers by address, their keys from the configuration or
 * --secrets (aaa-servers:, by host or group).  A group with no usable
 * server is not written, and the tunnel groups that name it get nothing
 * from it (said on their lines).
 */
struct acctg {
	const struct ir_aaa_group *g;
	bool ok;
};

/* (@report: say so when there is none) */
static const char *radius_key(struct ax *x, const struct ir_aaa_group *g,
			      const struct ir_aaa_host *h, bool report)
{
	return swanctl_radius_key(report ? x->d : NULL, g, h, x->given,
				  x->ngiven, "asacd");
}

/* the servers of RADIUS group @g asacd can use; said once per group */
static size_t radius_servers(struct ax *x, const struct ir_aaa_group *g)
{
	const struct ir_aaa_host *h;
	uint32_t i;
	size_t n = 0;

	vec_foreach(&g->hosts, i, h) {
		if (!h->addr) {
			UNSUPPORTED(x->d, &h->host.loc, "RADIUS server '%s' "
				    "(aaa-server %s) is a name: asacd sends "
				    "its requests to addresses; not in "
				    "asacd.json", h->host.s, g->name.s);
			continue;
		}
		if (!radius_key(x, g, h, true))
			continue;
		n++;
	}
	return n;
}

/* Does tunnel group @tg's use @what (accounting, authorization) of group
 * @g (named at @loc) compile?  @g is added to @v once. */
static bool radius_use(struct ax *x, struct acctg **v, size_t *nv,
		       const struct ir_tunnel_group *tg,
		       const struct ir_aaa_group *g, const struct loc *loc,
		       const char *what)
{
	size_t j;

	if (!g->protocol.s || strcasecmp(g->protocol.s, "radius")) {
		UNSUPPORTED(x->d, loc, "%s of tunnel group '%s' with aaa-server "
			    "'%s' (%s) is not compiled: asacd speaks RADIUS",
			    what, tg->name.s, g->name.s, g->protocol.s ?
			    g->protocol.s : "no protocol");
		return false;
	}
	for (j = 0; j < *nv && (*v)[j].g != g; j++)
		;
	if (j == *nv) {
		*v = xrealloc_array(*v, *nv + 1, sizeof(**v));
		(*v)[j].g = g;
		(*v)[j].ok = radius_servers(x, g) > 0;
		(*nv)++;
	}
	if (!(*v)[j].ok)
		UNSUPPORTED(x->d, loc, "%s of tunnel group '%s': aaa-server "
			    "'%s' has no server asacd can send to; not compiled",
			    what, tg->name.s, g->name.s);
	return (*v)[j].ok;
}

/* the groups @conns' tunnel groups use, in order, each once */
static size_t acct_groups(struct ax *x, const struct swanctl_conn *conns,
			  size_t n, struct acctg **out)
{
	const struct ir_tunnel_group *last = NULL;
	struct acctg *v = NULL;
	size_t nv = 0, i;

	for (i = 0; i < n; i++) {
		const struct ir_tunnel_group *tg = conns[i].tg;
		const struct ir_aaa_group *g;

		if (!tg || tg == last)
			continue;
		last = tg;
		g = tg->accounting_server_target;
		if (g)
			radius_use(x, &v, &nv, tg, g,
				   &tg->accounting_server_group.loc,
				   "accounting");
		g = tg->authorization_server_target;
		if (g && tg->authorization_required.set &&
		    tg->authorization_required.v)
			radius_use(x, &v, &nv, tg, g,
				   &tg->authorization_server_group.loc,
				   "authorization (authorization-required)");
	}
	/* the AnyConnect (ocserv) groups' authorization too */
	for (i = 0; i < x->ir->tunnel_groups.n; i++) {
		const struct ir_tunnel_group *tg = x->ir->tunnel_groups.v[i];
		const struct ir_aaa_group *g = tg->authorization_server_target;

		if (g && tg->authorization_required.set &&
		    tg->authorization_required.v && ocserv_reaches(x->ir, tg))
			radius_use(x, &v, &nv, tg, g,
				   &tg->authorization_server_group.loc,
				   "authorization (authorization-required) of "
				   "AnyConnect sessions");
	}
	*out = v;
	return nv;
}

static bool acct_ok(const struct acctg *v, size_t n,
		    const struct ir_aaa_group *g)
{
	size_t i;

	for (i = 0; g && i < n; i++)
		if (v[i].g == g)
			return v[i].ok;
	return false;
}

/* "ocserv": the AnyConnect groups whose sessions a RADIUS group must
 * authorize (asacd answers their connect-script after it has) */
static void ocserv_groups(struct ax *x, const struct acctg *ag, size_t nag)
{
	const struct ir_tunnel_group *tg;
	bool open = false;
	uint32_t i;

	vec_foreach(&x->ir->tunnel_groups, i, tg) {
		const struct ir_aaa_group *g = tg->authorization_server_target;

		if (!g || !tg->authorization_required.set ||
		    !tg->authorization_required.v ||
		    !ocserv_reaches(x->ir, tg) || !acct_ok(ag, nag, g))
			continue;
		if (!open) {
			jw_key(x->w, "ocserv");
			jw_obj(x->w);
			open = true;
		}
		jw_key(x->w, tg->name.s);
		jw_obj(x->w);
		jw_key(x->w, "authorization");
		jw_str(x->w, g->name.s);
		jw_end_obj(x->w);
	}
	if (open)
		jw_end_obj(x->w);
}

/* the address of family @fam of interface @nameif, as text */
static bool iface_ip(const struct ir *ir, const char *nameif, uint8_t fam,
		     char *buf, size_t len)
{
	sp_u128 v;

	if (!cm_iface_addr(ir, nameif, fam, &v))
		return false;
	sp_addr_str(fam, v, buf, len);
	return true;
}

static void acct_write(struct ax *x, const struct acctg *v, size_t n)
{
	const struct ir *ir = x->ir;
	const struct ir_aaa_host *h;
	char a[INET6_ADDRSTRLEN];
	size_t i;
	uint32_t j;

	if (!n)
		return;
	jw_key(x->w, "radius");
	jw_obj(x->w);
	for (i = 0; i < n; i++) {
		const struct ir_aaa_group *g = v[i].g;

		if (!v[i].ok)
			continue;
		jw_key(x->w, g->name.s);
		jw_obj(x->w);
		if (ir->hostname.s) {
			jw_key(x->w, "nas_identifier");
			jw_str(x->w, ir->hostname.s);
		}
		jw_key(x->w, "servers");
		jw_arr(x->w);
		vec_foreach(&g->hosts, j, h) {
			const char *k = h->addr ? radius_key(x, g, h, false) : NULL;
			uint8_t fam;

			if (!k)
				continue;
			fam = h->addr->family;
			jw_obj(x->w);
			jw_key(x->w, "address");
			jw_str(x->w, inet_ntop(fam == 6 ? AF_INET6 : AF_INET,
					       h->addr->a, a, sizeof(a)));
			/* the ASA's defaults: ports 1645 and 1646,
			 * timeout 10 s, retry-interval 10 s (its command
			 * reference; the seeds are silent) */
			jw_key(x->w, "auth_port");
			jw_int(x->w, h->auth_port.set ? h->auth_port.v : 1645);
			jw_key(x->w, "acct_port");
			jw_int(x->w, h->acct_port.set ? h->acct_port.v : 1646);
			jw_key(x->w, "key");
			jw_str(x->w, k);
			jw_key(x->w, "timeout");
			jw_int(x->w, h->timeout.set ? h->timeout.v : 10);
			jw_key(x->w, "retry_interval");
			jw_int(x->w, h->retry_interval.set ?
				   h->retry_interval.v : 10);
			/* NAS-IP-Address: the ASA's address on the
			 * interface it reaches the server through */
			if (iface_ip(ir, h->iface.s, fam, a, sizeof(a))) {
				jw_key(x->w, "nas_ip");
				jw_str(x->w, a);
			}
			jw_end_obj(x->w);
		}
		jw_end_arr(x->w);
		jw_end_obj(x->w);
	}
	jw_end_obj(x->w);
}

void asacd_compile(const struct ir *ir, const struct srcset *src,
		   struct diag_ctx *d, FILE *out,
		   const struct nft_iface *ifaces, size_t nifaces,
		   struct swanctl_secret *given, size_t ngiven)
{
	struct swanctl_conn *conns;
	size_t n = swanctl_connections(ir, src, given, ngiven, &conns), i;
	struct jw w;
	struct loc top = { ir->file, 0, 0 };
	struct ax x = { ir, d, &w, ifaces, nifaces, given, ngiven };
	struct upolicy up = { 0 };
	struct acctg *ag = NULL;
	size_t nag;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "format");
	jw_int(&w, 1);
	jw_key(&w, "source");
	jw_str(&w, src->files[ir->file]->name);
	jw_key(&w, "mode");
	if (ir->lb.present) {
		jw_str(&w, "asa");
		if (ir->cluster.present)
			UNSUPPORTED(d, &ir->cluster.loc, "both 'vpn "
				    "load-balancing' and 'crypto ikev2 "
				    "cluster': asacd runs the ASA cluster and "
				    "ignores this one");
	} else if (ir->cluster.present) {
		jw_str(&w, "ios");
	} else {
		/* session limits alone */
		jw_str(&w, "standalone");
	}
	jw_key(&w, "rounding");
	jw_str(&w, "half-up");
	limits(&x, ir->lb.present ? &ir->lb.loc :
		   ir->cluster.present ? &ir->cluster.loc : &top);
	if (ir->lb.present)
		asa_cluster(&x);
	else if (ir->cluster.present)
		ios_cluster(&x);
	/* seed 000: AnyConnect sessions are IKEv2 remote access; IKEv1
	 * clients and LAN-to-LAN are "other" */
	nag = acct_groups(&x, conns, n, &ag);
	acct_write(&x, ag, nag);
	jw_key(&w, "connections");
	jw_obj(&w);
	for (i = 0; i < n; i++) {
		jw_key(&w, conns[i].name);
		jw_obj(&w);
		jw_key(&w, "remote_access");
		jw_bool(&w, conns[i].remote_access);
		jw_key(&w, "version");
		jw_int(&w, conns[i].version);
		if (conns[i].tg) {
			if (up.tg != conns[i].tg)
				upolicy_build(&x, conns[i].tg, &up);
			upolicy_write(&up, &w);
			const struct ir_tunnel_group *tg = conns[i].tg;
			const struct ir_aaa_group *g;

			g = tg->accounting_server_target;
			if (acct_ok(ag, nag, g)) {
				jw_key(&w, "accounting");
				jw_str(&w, g->name.s);
			}
			g = tg->authorization_server_target;
			if (tg->authorization_required.set &&
			    tg->authorization_required.v &&
			    acct_ok(ag, nag, g)) {
				jw_key(&w, "authorization");
				jw_str(&w, g->name.s);
			}
		}
		/* backup peers (seed 002): asacd moves the trap along */
		if (conns[i].next) {
			size_t j;

			jw_key(&w, "next");
			jw_str(&w, conns[i].next);
			jw_key(&w, "children");
			jw_arr(&w);
			for (j = 0; j < conns[i].nchildren; j++)
				jw_str(&w, conns[i].children[j]);
			jw_end_arr(&w);
		}
		jw_end_obj(&w);
	}
	jw_end_obj(&w);
	ocserv_groups(&x, ag, nag);
	jw_key(&w, "vici");
	jw_str(&w, "/run/charon.vici");
	jw_key(&w, "control");
	jw_str(&w, "/run/asacd.sock");
	jw_end_obj(&w);
	fputc('\n', out);
	free(up.own);
	free(up.locked);
	free(ag);
	swanctl_conns_free(conns, n);
}

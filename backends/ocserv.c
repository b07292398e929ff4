/* SPDX-License-Identifier: MIT */
/*
 * ocserv.c - the ASA's AnyConnect SSL VPN as ocserv (see ocserv.h).
 *
 * What the ASA does with an AnyConnect client, and where it goes here:
 *   - webvpn `enable IF` and `anyconnect enable`: ocserv listens on IF's
 *     address, TCP (TLS) and UDP (DTLS) on the webvpn port (443), with
 *     the certificate of the interface's `ssl trust-point`;
 *   - `tunnel-group-list enable` shows the clients the enabled
 *     group-alias of each tunnel group: `select-group`, one
 *     config-per-group file per tunnel group with its group policy
 *     resolved as for IPsec clients (policy.h): the first IPv4 pool,
 *     DNS, default domain, split tunnel as routes, idle and session
 *     timeouts, banner, vpn-simultaneous-logins, the IPv6 pool, and
 *     the webvpn sub-mode's DTLS, MTU, DPD and keepalive;
 *   - users of the local database in ocserv's password file, each in
 *     the groups it may choose (its group-lock's only); or, for groups
 *     that authenticate against a RADIUS server group, ocserv's RADIUS
 *     module (radcli) with that group's servers, and its accounting;
 *   - webvpn-attributes `authentication certificate`: ocserv's
 *     certificate authentication with the trustpoints' CA;
 *   - vpn-filter is not ocserv's: asac's nftables ruleset applies it to
 *     the clients' devices (nft.c); authorization-required is asacd's
 *     (the connect-script waits for it).
 * What ocserv cannot do, or asac does not compile yet, is an
 * unsupported-feature on its line.
 */
#include "backends/ocserv.h"

#include <arpa/inet.h>
#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compiler/asac.h"
#include "compiler/policy.h"
#include "compiler/rules.h"
#include "compiler/util.h"
#include "runtime/radius.h"

#define UNSUPPORTED(o, loc, ...) \
	diag_report((o)->d, RULE_UNSUPPORTED_FEATURE, (loc), __VA_ARGS__)

struct oc {
	const struct ir *ir;
	const struct srcset *src;
	struct diag_ctx *d;
	struct swanctl_secret *given;
	size_t ngiven;
	struct ocserv_out *out;
	bool with_nft;
	/* ocserv has one authentication method and one accounting for all
	 * groups: the first group compiled decides (NULL: the local users,
	 * no accounting) */
	bool auth_set, acct_set;
	const struct ir_aaa_group *auth, *acct;
	/* webvpn-attributes authentication: AUTH_PASSWORD (aaa, the
	 * default), AUTH_CERT, or both; one for all groups, as auth */
	unsigned int methods;
	/* the tunnel groups compiled, in order */
	const struct ir_tunnel_group **tgs;
	size_t ntgs;
	char net[64];			/* the first group's ipv4-network */
	/* default-domain and banner: ocserv has one of each for all groups
	 * (it skips them in a group's file) */
	struct common { const char *v; char *own; bool differs;
			const struct loc *loc; const char *what; } domain, banner;
};

/* attribute @c of the group just written is @v (NULL: none), set at @l */
static void common_see(const struct oc *o, struct common *c, const char *v,
		       const struct loc *l)
{
	if (!o->ntgs)
		c->v = v ? (c->own = xstrdup(v)) : NULL;
	else if (!c->v != !v || (v && strcmp(c->v, v)))
		c->differs = true;
	if (v && !c->loc)
		c->loc = l;
}

/* ocserv.conf's @key, when every group has the same */
static void common_write(struct oc *o, struct common *c, FILE *f,
			 const char *key, bool quote)
{
	if (c->v && !c->differs)
		fprintf(f, "# the %s of every group\n%s = %s%s%s\n", c->what,
			key, quote ? "\"" : "", c->v, quote ? "\"" : "");
	else if (c->differs)
		UNSUPPORTED(o, c->loc ? c->loc : &o->ir->webvpn.loc, "the "
			    "tunnel groups' %ss differ: ocserv has one for "
			    "every group; none is compiled", c->what);
}

static struct swanctl_secret *given(struct oc *o,
				    enum swanctl_secret_kind kind,
				    const char *name)
{
	return swanctl_given(o->given, o->ngiven, kind, name);
}

static void add_file(struct oc *o, const char *path, char *data, size_t len,
		     unsigned int mode)
{
	struct ocserv_out *out = o->out;

	out->v = xrealloc_array(out->v, out->n + 1, sizeof(*out->v));
	out->v[out->n].path = xstrdup(path);
	out->v[out->n].data = data;
	out->v[out->n].len = len;
	out->v[out->n++].mode = mode;
}

/* the configuration line at @l, as a comment */
static void comment_line(FILE *f, const struct srcset *src,
			 const struct loc *l)
{
	const struct src_file *sf;
	const char *t;
	uint32_t line, col, s, e;

	if (!l || !l->end)
		return;
	sf = src->files[l->file];
	src_linecol(sf, l->start, &line, &col);
	s = l->start;
	while (s > 0 && sf->data[s - 1] != '\n')
		s--;
	t = sf->data + s;
	for (e = s; e < sf->len && sf->data[e] != '\n' && sf->data[e] != '\r';
	     e++)
		;
	fprintf(f, "# %s:%u %.*s\n", sf->name, line, (int)(e - s), t);
}

static const char *ip4(const uint8_t *a, char *b, size_t n)
{
	return inet_ntop(AF_INET, a, b, (socklen_t)n);
}

static const struct ir_iface *iface_of(const struct ir *ir, const char *n)
{
	return n ? map_get(&ir->m_ifaces, strtab_intern(ir->strs, n,
							 strlen(n))) : NULL;
}

/* --- ocserv.conf ---------------------------------------------------------- */

/* the trustpoint whose certificate SSL presents on @iface */
static const struct ir_ssl_tp *ssl_tp(const struct ir *ir, const char *iface)
{
	const struct ir_ssl_tp *t, *any = NULL;
	uint32_t i;

	vec_foreach(&ir->ssl_trustpoints, i, t) {
		if (t->iface.s && !strcmp(t->iface.s, iface))
			return t;
		if (!t->iface.s)
			any = t;
	}
	return any;
}

/* ssl server-version: the oldest TLS version ocserv (GnuTLS) accepts */
static void tls_part(struct oc *o, FILE *f)
{
	const struct sym *v = &o->ir->ssl_server_version;
	const struct ir_ssl_cipher *sc;
	const char *drop;
	uint32_t i;

	/* ssl cipher: the ASA's names are OpenSSL's, ocserv's GnuTLS
	 * priorities have none of them; its defaults stay */
	vec_foreach(&o->ir->ssl_ciphers, i, sc)
		UNSUPPORTED(o, &sc->loc, "ssl cipher %s %s is not compiled: "
			    "ocserv's tls-priorities (GnuTLS) keep their own "
			    "ciphers", sc->version.s, sc->level);
	if (!v->s)
		return;		/* ocserv's own default */
	if (!strcasecmp(v->s, "tlsv1.2") || !strcasecmp(v->s, "dtlsv1.2")) {
		drop = ":-VERS-TLS1.0:-VERS-TLS1.1";
	} else if (!strcasecmp(v->s, "tlsv1.1")) {
		drop = ":-VERS-TLS1.0";
	} else if (!strcasecmp(v->s, "tlsv1.3")) {
		UNSUPPORTED(o, &v->loc, "ssl server-version tlsv1.3: ocserv's "
			    "DTLS needs TLS 1.2; TLS 1.2 and later are "
			    "accepted");
		drop = ":-VERS-TLS1.0:-VERS-TLS1.1";
	} else {
		if (!strncasecmp(v->s, "sslv3", 5) || !strcasecmp(v->s, "any"))
			UNSUPPORTED(o, &v->loc, "ssl server-version %s: ocserv's "
				    "TLS library has no SSL 3.0; TLS 1.0 and "
				    "later are accepted", v->s);
		drop = "";
	}
	comment_line(f, o->src, &v->loc);
	fprintf(f, "tls-priorities = \"NORMAL:%%SERVER_PRECEDENCE:%%COMPAT:"
		"-VERS-SSL3.0%s\"\n", drop);
}

static void listen_part(struct oc *o, FILE *f)
{
	const struct ir_webvpn *w = &o->ir->webvpn;
	const struct ir_webvpn_if *e, *first = w->enabled.n ?
		w->enabled.v[0] : NULL;
	const struct ir_iface *ifc;
	const struct ir_ssl_tp *tp;
	struct swanctl_secret *s;
	size_t tls_only = 0;
	char a[INET6_ADDRSTRLEN];
	uint32_t i;

	vec_foreach(&w->enabled, i, e) {
		comment_line(f, o->src, &e->loc);
		tls_only += e->tls_only;
	}
	if (w->enabled.n == 1 && (ifc = iface_of(o->ir, first->iface.s)) &&
	    ifc->ip && ifc->ip->family == 4) {
		fprintf(f, "listen-host = %s\n",
			ip4(ifc->ip->a, a, sizeof(a)));
	} else if (w->enabled.n > 1) {
		fprintf(f, "# AnyConnect on %u interfaces: ocserv listens on "
			"every address\n", (unsigned int)w->enabled.n);
	}
	/* the webvpn port, 443 by default (the ASA's) */
	fprintf(f, "tcp-port = %lld\n", w->port.set ? (long long)w->port.v :
		443LL);
	if (tls_only && tls_only < w->enabled.n)
		UNSUPPORTED(o, &first->loc, "DTLS on some interfaces only "
			    "(enable IF tls-only): ocserv has one UDP port for "
			    "all; DTLS is off");
	if (!tls_only)
		fprintf(f, "udp-port = %lld\n", w->dtls_port.set ?
			(long long)w->dtls_port.v : 443LL);
	else
		fprintf(f, "# enable IF tls-only: no DTLS\n");
	tls_part(o, f);
	/* the certificate clients see */
	tp = first ? ssl_tp(o->ir, first->iface.s) : NULL;
	vec_foreach(&w->enabled, i, e)
		if (ssl_tp(o->ir, e->iface.s) != tp)
			UNSUPPORTED(o, &e->loc, "a certificate per interface "
				    "(ssl trust-point TP IF): ocserv presents "
				    "one, that of '%s'", first->iface.s);
	if (!tp) {
		diag_report(o->d, RULE_SECRET_UNAVAILABLE, first ? &first->loc :
			    &w->loc, "AnyConnect has no ssl trust-point: "
			    "ocserv needs the server's certificate; name it "
			    "with ssl trust-point and give its files with "
			    "--secrets (trustpoints:)");
		return;
	}
	s = given(o, SWS_TRUSTPOINT, tp->tp.s);
	if (!s || !s->cert || !s->keyfile) {
		diag_report(o->d, RULE_SECRET_UNAVAILABLE, &tp->tp.loc,
			    "trustpoint '%s' (the certificate AnyConnect "
			    "clients see): give its certificate and key files "
			    "with --secrets (trustpoints:)", tp->tp.s);
		return;
	}
	comment_line(f, o->src, &tp->loc);
	fprintf(f, "server-cert = " OCSERV_ETC "/server-cert.pem\n"
		"server-key = " OCSERV_ETC "/server-key.pem\n");
	o->out->tp_cert = s->cert;
	o->out->tp_key = s->keyfile;
}

/* --- the groups ------------------------------------------------------------- */

/* the IPv4 network of pool @name: its mask's network, said when the
 * pool is only part of it */
static bool pool_net(struct oc *o, const struct ir_tunnel_group *tg,
		     const char *name, FILE *f)
{
	const struct ir_pool *p;
	uint32_t lo, hi, m, net;
	uint8_t b[4];
	char x[INET6_ADDRSTRLEN], y[INET6_ADDRSTRLEN];
	int plen;

	if (!ra_pool_net4(o->ir, name, &net, &plen, &lo, &hi, &p))
		return false;
	m = plen ? 0xffffffffu << (32 - plen) : 0;
	b[0] = (uint8_t)(net >> 24);
	b[1] = (uint8_t)(net >> 16);
	b[2] = (uint8_t)(net >> 8);
	b[3] = (uint8_t)net;
	comment_line(f, o->src, &p->loc);
	fprintf(f, "ipv4-network = %s/%d\n", ip4(b, x, sizeof(x)), plen);
	if (!o->net[0])
		snprintf(o->net, sizeof(o->net), "%s/%d", x, plen);
	/* ocserv hands out any address of the network but its first */
	if ((hi & m) != net || lo > net + 2 || (plen < 31 &&
	    hi < (net | ~m) - 1)) {
		uint32_t l = htonl(lo), h = htonl(hi);

		ip4((const uint8_t *)&l, x, sizeof(x));
		ip4((const uint8_t *)&h, y, sizeof(y));
		UNSUPPORTED(o, &p->loc, "pool '%s' of tunnel group '%s': "
			    "ocserv assigns from the whole network %u.%u.%u.%u/"
			    "%d, not only %s-%s", name, tg->name.s, b[0], b[1],
			    b[2], b[3], plen, x, y);
	}
	return true;
}

/* The IPv6 network of pool @name (ipv6 local pool NAME ADDR/LEN COUNT):
 * ADDR's network; ocserv hands out any address of it, not only the
 * pool's COUNT from ADDR (said) */
static bool pool6_net(struct oc *o, const struct ir_tunnel_group *tg,
		      const char *name, FILE *f)
{
	const struct ir_pool *p;
	uint8_t net[16], last[16];
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], n[INET6_ADDRSTRLEN];
	unsigned int plen;
	uint64_t cnt, carry;
	int j;

	if (!ra_pool_net6(o->ir, name, net, &plen, &p))
		return false;
	inet_ntop(AF_INET6, net, n, sizeof(n));
	comment_line(f, o->src, &p->loc);
	fprintf(f, "ipv6-network = %s/%u\nipv6-subnet-prefix = 128\n", n, plen);
	/* the pool's last address: ADDR + COUNT - 1 */
	memcpy(last, p->range->a, 16);
	cnt = p->count.set && p->count.v > 0 ? (uint64_t)p->count.v - 1 : 0;
	for (j = 15, carry = cnt; j >= 0 && carry; j--) {
		uint64_t v = last[j] + (carry & 0xff);

		last[j] = (uint8_t)v;
		carry = (carry >> 8) + (v >> 8);
	}
	if (plen < 127) {
		inet_ntop(AF_INET6, p->range->a, a, sizeof(a));
		inet_ntop(AF_INET6, last, b, sizeof(b));
		UNSUPPORTED(o, &p->loc, "IPv6 pool '%s' of tunnel group '%s': "
			    "ocserv assigns from the whole network %s/%u, not "
			    "only %s-%s", name, tg->name.s, n, plen, a, b);
	}
	return true;
}

/* The network of the first of @pools of family @fam (ra_ssl_net()), the
 * one ocserv assigns from; the pools after it are said */
static void first_pool(struct oc *o, const struct ir_tunnel_group *tg,
		       const struct vec *pools, int fam, FILE *f)
{
	uint8_t net[16];
	unsigned int plen;
	uint32_t at, i;

	if (!ra_ssl_net(o->ir, pools, fam, net, &plen, &at))
		return;
	if (fam == 6)
		pool6_net(o, tg, ((const struct sym *)pools->v[at])->s, f);
	else
		pool_net(o, tg, ((const struct sym *)pools->v[at])->s, f);
	for (i = at + 1; i < pools->n; i++) {
		const struct sym *s = pools->v[i];

		UNSUPPORTED(o, &s->loc, "%spool '%s' of tunnel group '%s': "
			    "ocserv assigns from one IPv%d network per group, "
			    "the first pool's", fam == 6 ? "IPv6 " : "", s->s,
			    tg->name.s, fam);
	}
}

/* split tunnel: the permits of the standard ACL as routes */
static void split_routes(struct oc *o, const struct ra_attrs *a, FILE *f,
			 const char *key)
{
	const struct ir_ace *e;
	char t[INET6_ADDRSTRLEN];
	uint32_t i;

	vec_foreach(&a->split_acl->aces, i, e) {
		const struct ir_addr *d = e->dst;

		if (e->kind == IR_ACE_REMARK || e->inactive || e->refused)
			continue;
		if (!e->permit) {
			UNSUPPORTED(o, &e->loc, "a deny in split-tunnel ACL "
				    "'%s' is not compiled: the client's "
				    "networks are the ACL's permits",
				    a->split_acl->name.s);
			continue;
		}
		if (d->kind == IR_ADDR_ANY || d->kind == IR_ADDR_ANY4) {
			fprintf(f, "%s = default\n", key);
			continue;
		}
		if (d->kind != IR_ADDR_NET || d->family != 4) {
			UNSUPPORTED(o, &e->loc, "split-tunnel ACL '%s': only "
				    "IPv4 addresses and networks are compiled "
				    "for AnyConnect", a->split_acl->name.s);
			continue;
		}
		fprintf(f, "%s = %s/%u\n", key, ip4(d->a, t, sizeof(t)),
			d->plen);
	}
}

static void src_comment(struct oc *o, FILE *f, const struct ra_attr_src *s)
{
	if (s->loc)
		comment_line(f, o->src, s->loc);
}

/* the group policy's webvpn sub-mode: DTLS, MTU, DPD, keepalive; what
 * ocserv has no place for is said */
static void tunnel_part(struct oc *o, const struct ra_attrs *a, FILE *f)
{
	const struct ir_gp_line *l;
	uint32_t i, k;

	if (!a->dtls) {
		src_comment(o, f, &a->dtls_src);
		fprintf(f, "no-udp = true\n");
	}
	/* the ASA's anyconnect mtu is the tunnel's (1406 by default, the
	 * client's X-CSTP-MTU); ocserv's mtu is the link's, from which it
	 * subtracts the IPv4 and UDP headers (28) and, with DTLS, the
	 * cipher's overhead (ocserv's worker-vpn.c): over TLS the client
	 * gets the ASA's value, over DTLS a little less */
	src_comment(o, f, &a->mtu_src);
	fprintf(f, "# anyconnect mtu %lld\nmtu = %lld\n", (long long)a->mtu,
		(long long)a->mtu + 28);
	/* ocserv has one interval, which it also gives its clients */
	src_comment(o, f, &a->dpd_gateway_src);
	fprintf(f, "dpd = %lld\n", (long long)a->dpd_gateway);
	if (a->dpd_client != a->dpd_gateway)
		UNSUPPORTED(o, a->dpd_client_src.loc ? a->dpd_client_src.loc :
			    a->dpd_gateway_src.loc, "anyconnect dpd-interval "
			    "client %lld differs from the gateway's %lld: ocserv "
			    "has one interval, which it gives the clients too; "
			    "the gateway's is compiled",
			    (long long)a->dpd_client, (long long)a->dpd_gateway);
	src_comment(o, f, &a->keepalive_src);
	fprintf(f, "keepalive = %lld\n", (long long)a->keepalive);
	for (k = 0; k < 3; k++) {
		if (!a->ac_other[k])
			continue;
		vec_foreach(a->ac_other[k], i, l)
			UNSUPPORTED(o, &l->loc, "'anyconnect %s' is not compiled "
				    "for ocserv: %s", l->text,
				    !strncasecmp(l->text, "ssl rekey", 9) ?
				    "ocserv rekeys every session by its own "
				    "rekey-time and rekey-method" :
				    "ocserv serves the tunnel, not the "
				    "AnyConnect client's installer, profiles or "
				    "prompts");
	}
}

/* the config-per-group file of tunnel group @tg */
static void group_file(struct oc *o, const struct ir_tunnel_group *tg,
		       const struct ra_attrs *a)
{
	char *data = NULL, path[300], banner[1024];
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	const struct sym *s;
	uint32_t i;

	if (!f)
		die(EXIT_INTERNAL, "out of memory");
	fprintf(f, "# tunnel group %s%s%s (config-per-group of ocserv, "
		"written by asac %s)\n", tg->name.s, a->gp ? ", group-policy " :
		"", a->gp ? a->gp->name.s : "", ASAC_VERSION);
	/* address-pool: the first IPv4 pool; ipv6-address-pool(s): the
	 * first IPv6 pool's network, one address per client (ocserv's
	 * ipv6-subnet-prefix 128) */
	if (a->pools && a->pools->n)
		first_pool(o, tg, a->pools, 4, f);
	else
		UNSUPPORTED(o, &tg->loc, "tunnel group '%s' has no address "
			    "pool: ocserv needs one for AnyConnect clients "
			    "(its clients get none)", tg->name.s);
	first_pool(o, tg, a->pools6, 6, f);
	if (a->dns)
		vec_foreach(a->dns, i, s)
			fprintf(f, "dns = %s\n", s->s);
	/* default-domain: ocserv.conf's, when every group has the same */
	common_see(o, &o->domain, a->domain, a->gp ? &a->gp->loc : &tg->loc);
	/* split-tunnel-policy */
	if (!strcmp(a->split_policy, "tunnelspecified") && a->split_acl) {
		fprintf(f, "# split-tunnel-policy tunnelspecified: the "
			"ACL's networks only\n");
		split_routes(o, a, f, "route");
	} else if (!strcmp(a->split_policy, "excludespecified") &&
		   a->split_acl) {
		fprintf(f, "# split-tunnel-policy excludespecified: all but "
			"the ACL's networks\nroute = default\n");
		split_routes(o, a, f, "no-route");
	} else {
		fprintf(f, "# split-tunnel-policy %s: all traffic\nroute = "
			"default\n", a->split_policy);
	}
	if (a->idle_timeout > 0)
		fprintf(f, "# vpn-idle-timeout %lld minutes\nidle-timeout = "
			"%lld\n", (long long)a->idle_timeout,
			(long long)a->idle_timeout * 60);
	if (a->session_timeout > 0)
		fprintf(f, "# vpn-session-timeout %lld minutes\n"
			"session-timeout = %lld\n",
			(long long)a->session_timeout,
			(long long)a->session_timeout * 60);
	tunnel_part(o, a, f);
	/* vpn-simultaneous-logins: ocserv's 0 is no limit */
	if (a->simultaneous_logins > 0)
		fprintf(f, "max-same-clients = %lld\n",
			(long long)a->simultaneous_logins);
	/* banner: ocserv.conf's, when every group has the same */
	banner[0] = 0;
	if (a->banner && a->banner->n) {
		size_t bl = 0;

		vec_foreach(a->banner, i, s) {
			const char *c;

			if (i && bl + 1 < sizeof(banner))
				banner[bl++] = ' ';
			for (c = s->s; *c && bl + 1 < sizeof(banner); c++)
				if (*c != '"' && *c != '\\')
					banner[bl++] = *c;
		}
		banner[bl] = 0;
	}
	common_see(o, &o->banner, banner[0] ? banner : NULL,
		   a->gp ? &a->gp->loc : &tg->loc);
	/* vpn-filter: ocserv has none; asac's nftables ruleset filters the
	 * clients' devices by the group's network (nft.c) */
	if (a->vpn_filter && !o->with_nft)
		UNSUPPORTED(o, a->filter_src.loc ? a->filter_src.loc : &tg->loc,
			    "vpn-filter of tunnel group '%s': ocserv has no "
			    "filter; asac's nftables ruleset enforces it "
			    "(--target nft, asac bundle)", tg->name.s);
	fclose(f);
	snprintf(path, sizeof(path), "groups/%s", tg->name.s);
	add_file(o, path, data, len, 0644);
}

#define AUTH_PASSWORD 1u
#define AUTH_CERT 2u

/* The methods of @tg's webvpn-attributes `authentication` (aaa by
 * default), 0 with an unsupported-feature for one ocserv lacks. */
static unsigned int tg_methods(struct oc *o, const struct ir_tunnel_group *tg)
{
	const char *t = tg->webvpn_authentication.s, *w;
	unsigned int m = 0;
	size_t n;

	if (!t)
		return AUTH_PASSWORD;
	for (w = t; *w; w += n + strspn(w + n, " ")) {
		n = strcspn(w, " ");
		if (n == 3 && !strncasecmp(w, "aaa", 3)) {
			m |= AUTH_PASSWORD;
		} else if (n == 11 && !strncasecmp(w, "certificate", 11)) {
			m |= AUTH_CERT;
		} else {
			UNSUPPORTED(o, &tg->webvpn_authentication.loc,
				    "AnyConnect authentication '%.*s' of "
				    "tunnel group '%s': ocserv authenticates by "
				    "password, certificate or both; not "
				    "compiled", (int)n, w, tg->name.s);
			return 0;
		}
	}
	return m ? m : AUTH_PASSWORD;
}

static const char *methods_str(unsigned int m)
{
	return m == AUTH_CERT ? "certificate" : m == AUTH_PASSWORD ?
	       "password (aaa)" : "password and certificate (aaa certificate)";
}

/* Can the group be compiled?  Its clients authenticate against the local
 * users only (for now). */
static bool group_ok(struct oc *o, const struct ir_tunnel_group *tg,
		     const struct ra_attrs *a)
{
	const struct ir_aaa_group *g = tg->authentication_server_target;
	unsigned int m;

	if (!a->ssl_client)
		return false;
	if (strchr(tg->name.s, '/') || tg->name.s[0] == '.') {
		UNSUPPORTED(o, &tg->loc, "tunnel group '%s': its name cannot "
			    "be a file name of ocserv's config-per-group",
			    tg->name.s);
		return false;
	}
	if (g && (!g->protocol.s || strcasecmp(g->protocol.s, "radius"))) {
		UNSUPPORTED(o, &tg->authentication_server_group.loc,
			    "AnyConnect clients of tunnel group '%s' "
			    "authenticate against aaa-server '%s' (%s): ocserv "
			    "is compiled with the local users or RADIUS; not "
			    "compiled", tg->name.s, g->name.s, g->protocol.s ?
			    g->protocol.s : "no protocol");
		return false;
	}
	if (o->auth_set && o->auth != g) {
		UNSUPPORTED(o, g ? &tg->authentication_server_group.loc :
			    &tg->loc, "tunnel group '%s' authenticates against "
			    "%s%s%s, the AnyConnect groups before it against "
			    "%s%s%s: ocserv has one authentication method for "
			    "all; not compiled", tg->name.s, g ? "aaa-server '" :
			    "the local users", g ? g->name.s : "", g ? "'" : "",
			    o->auth ? "aaa-server '" : "the local users",
			    o->auth ? o->auth->name.s : "", o->auth ? "'" : "");
		return false;
	}
	/* webvpn-attributes authentication: ocserv has one set of auth
	 * methods for all groups */
	m = tg_methods(o, tg);
	if (!m)
		return false;
	if (o->methods && o->methods != m) {
		UNSUPPORTED(o, tg->webvpn_authentication.s ?
			    &tg->webvpn_authentication.loc : &tg->loc,
			    "tunnel group '%s' authenticates AnyConnect clients "
			    "by %s, the groups before it by %s: ocserv has one "
			    "authentication for all; not compiled", tg->name.s,
			    methods_str(m), methods_str(o->methods));
		return false;
	}
	if (a->simultaneous_logins == 0) {
		UNSUPPORTED(o, a->logins_src.loc ? a->logins_src.loc :
			    &tg->loc, "vpn-simultaneous-logins 0 in tunnel "
			    "group '%s' (no login): ocserv has no such limit; "
			    "not compiled", tg->name.s);
		return false;
	}
	return true;
}

/* The authentication and accounting of compiled group @tg: the first
 * group's are ocserv's; another accounting is said */
static void aaa_see(struct oc *o, const struct ir_tunnel_group *tg)
{
	const struct ir_aaa_group *g = tg->authentication_server_target,
				  *acct = tg->accounting_server_target;

	if (!o->auth_set) {
		o->auth_set = true;
		o->auth = g;
		o->methods = tg_methods(o, tg);
	}
	if (g)
		/* ocserv's RADIUS module admits a user to the group the
		 * client chose only when the Access-Accept names it in a
		 * Class attribute (OU=GROUP; ocserv's radius.c); the ASA
		 * lets any user its server accepts use the tunnel group */
		UNSUPPORTED(o, &tg->authentication_server_group.loc,
			    "ocserv admits a RADIUS user to tunnel group '%s' "
			    "only when the server's Access-Accept names the "
			    "group (Class \"OU=%s\"); the ASA needs no such "
			    "attribute: return it for the group's users on "
			    "aaa-server '%s'", tg->name.s, tg->name.s,
			    g->name.s);
	if (acct && (!acct->protocol.s ||
		     strcasecmp(acct->protocol.s, "radius"))) {
		UNSUPPORTED(o, &tg->accounting_server_group.loc, "accounting "
			    "of tunnel group '%s' to aaa-server '%s' (%s): "
			    "ocserv accounts to RADIUS only; not compiled",
			    tg->name.s, acct->name.s, acct->protocol.s ?
			    acct->protocol.s : "no protocol");
		acct = NULL;
	}
	/* authorization apart from authentication: asacd does it for
	 * IPsec clients (asacd.json); ocserv sessions are not asked */
	if (tg->authorization_server_target && tg->authorization_required.set &&
	    tg->authorization_required.v && !o->with_nft)
		UNSUPPORTED(o, &tg->authorization_server_group.loc,
			    "authorization-required of tunnel group '%s' "
			    "(aaa-server '%s'): ocserv authorizes with the "
			    "authentication only; asacd asks for its AnyConnect "
			    "sessions (--target asacd, asac bundle)",
			    tg->name.s, ((const struct ir_aaa_group *)
					 tg->authorization_server_target)->name.s);
	if (tg->nat_assigned_to_public_ip.s)
		UNSUPPORTED(o, &tg->nat_assigned_to_public_ip.loc,
			    "nat-assigned-to-public-ip of tunnel "
			    "group '%s' is not compiled yet: the clients' "
			    "assigned addresses are not translated to their "
			    "public ones",
			    tg->name.s);
	if (!o->acct_set) {
		o->acct_set = true;
		o->acct = acct;
	} else if (o->acct != acct) {
		UNSUPPORTED(o, acct ? &tg->accounting_server_group.loc :
			    &tg->loc, "accounting of tunnel group '%s' (%s%s): "
			    "ocserv accounts every session to one server "
			    "group, %s%s", tg->name.s, acct ? "aaa-server " :
			    "none", acct ? acct->name.s : "", o->acct ?
			    "aaa-server " : "none", o->acct ? o->acct->name.s :
			    "");
	}
}

static void groups_part(struct oc *o, FILE *f)
{
	const struct ir *ir = o->ir;
	const struct ir_tunnel_group *tg;
	const struct ir_tg_alias *al;
	bool list = ir->webvpn.tunnel_group_list.set &&
		    ir->webvpn.tunnel_group_list.v;
	uint32_t i, j;

	fprintf(f, "config-per-group = " OCSERV_ETC "/groups/\n");
	if (list)
		fprintf(f, "# tunnel-group-list enable: clients choose a "
			"tunnel group by its alias\n");
	vec_foreach(&ir->tunnel_groups, i, tg) {
		struct ra_attrs a;
		const struct ir_tg_alias *shown = NULL;
		bool dflt = !strcmp(tg->name.s, "DefaultWEBVPNGroup");

		if (!ir_tg_remote_access(tg) && !dflt)
			continue;
		ra_attrs_resolve(ir, tg, NULL, &a);
		if (!a.ssl_client)
			continue;
		vec_foreach(&tg->group_aliases, j, al) {
			if (!al->enabled)
				continue;
			if (!shown)
				shown = al;
			else
				UNSUPPORTED(o, &al->loc, "group-alias '%s' of "
					    "tunnel group '%s': ocserv shows one "
					    "name per group, '%s'", al->name.s,
					    tg->name.s, shown->name.s);
		}
		vec_foreach(&tg->group_urls, j, al)
			if (al->enabled)
				UNSUPPORTED(o, &al->loc, "group-url '%s' is not "
					    "compiled: ocserv picks a group by "
					    "the client's choice only",
					    al->name.s);
		/* without an alias in the list (or its group-url, said
		 * above) no AnyConnect client reaches the group on the ASA
		 * either: nothing is lost */
		if (!ocserv_reaches(ir, tg)) {
			fprintf(f, "# tunnel group %s: no enabled group-alias "
				"in a tunnel-group-list; AnyConnect clients do "
				"not reach it\n", tg->name.s);
			continue;
		}
		if (!group_ok(o, tg, &a))
			continue;
		group_file(o, tg, &a);
		aaa_see(o, tg);
		o->tgs = xrealloc_array(o->tgs, o->ntgs + 1, sizeof(*o->tgs));
		o->tgs[o->ntgs++] = tg;
		comment_line(f, o->src, shown ? &shown->loc : &tg->loc);
		fprintf(f, "select-group = %s[%s]\n", tg->name.s,
			shown ? shown->name.s : tg->name.s);
	}
	/* a client must choose one of the groups */
	fprintf(f, "auto-select-group = false\n");
	common_write(o, &o->domain, f, "default-domain", false);
	common_write(o, &o->banner, f, "banner", true);
	/* ocserv wants a network of its own; every session has its
	 * group's, which overrides it */
	if (o->net[0])
		fprintf(f, "# every group has its own network; ocserv needs "
			"one besides\nipv4-network = %s\n", o->net);
}

bool ocserv_reaches(const struct ir *ir, const struct ir_tunnel_group *tg)
{
	const struct ir_tg_alias *al;
	struct ra_attrs a;
	bool dflt = !strcmp(tg->name.s, "DefaultWEBVPNGroup");
	uint32_t j;

	if (!ir_anyconnect(ir) || (!ir_tg_remote_access(tg) && !dflt))
		return false;
	ra_attrs_resolve(ir, tg, NULL, &a);
	if (!a.ssl_client)
		return false;
	if (dflt)
		return true;
	if (!ir->webvpn.tunnel_group_list.set ||
	    !ir->webvpn.tunnel_group_list.v)
		return false;
	vec_foreach(&tg->group_aliases, j, al)
		if (al->enabled)
			return true;
	return false;
}

/* --- RADIUS (radcli) ---------------------------------------------------------- */

/* radcli's list of the servers of @g, "host:port,..." into @l, their
 * keys into the servers file @sv ("host key" lines, each host once) */
static void rad_hosts(struct oc *o, const struct ir_aaa_group *g, bool acct,
		      FILE *l, FILE *sv, char ***seen, size_t *nseen)
{
	const struct ir_aaa_host *h;
	uint32_t i;
	size_t k, n = 0;

	vec_foreach(&g->hosts, i, h) {
		const char *key = swanctl_radius_key(o->d, g, h, o->given,
						     o->ngiven, "ocserv");
		char a[INET6_ADDRSTRLEN + 2];
		long long port;

		if (!key)
			continue;
		if (strpbrk(key, " \t\n#")) {
			UNSUPPORTED(o, h->key.set ? &h->key.loc : &h->loc,
				    "the key of RADIUS server %s holds a blank "
				    "or '#': radcli's servers file cannot hold "
				    "it; not compiled", h->host.s);
			continue;
		}
		if (h->addr && h->addr->family == 6) {
			char t[INET6_ADDRSTRLEN];

			inet_ntop(AF_INET6, h->addr->a, t, sizeof(t));
			snprintf(a, sizeof(a), "[%s]", t);
		} else if (h->addr) {
			ip4(h->addr->a, a, sizeof(a));
		} else {
			/* a name: radcli resolves it */
			snprintf(a, sizeof(a), "%s", h->host.s);
		}
		/* the ASA's ports default to 1645 and 1646 (its command
		 * reference; the seeds are silent), as for strongSwan */
		port = acct ? (h->acct_port.set ? h->acct_port.v : 1646) :
		       (h->auth_port.set ? h->auth_port.v : 1645);
		fprintf(l, "%s%s:%lld", n++ ? "," : "", a, port);
		for (k = 0; k < *nseen && strcmp((*seen)[k], a); k++)
			;
		if (k < *nseen)
			continue;
		*seen = xrealloc_array(*seen, *nseen + 1, sizeof(**seen));
		(*seen)[(*nseen)++] = xstrdup(a);
		fprintf(sv, "%s %s\n", a, key);
	}
}

/* radiusclient.conf and its servers file, for the authentication and
 * accounting ocserv.conf names */
static void radius_part(struct oc *o)
{
	const struct ir_aaa_group *first = o->auth ? o->auth : o->acct;
	const struct ir_aaa_host *h0 = first->hosts.n ?
		first->hosts.v[0] : NULL;
	long long timeout = h0 && h0->timeout.set ? h0->timeout.v : 10,
		  retry = h0 && h0->retry_interval.set ? h0->retry_interval.v :
		  10, tries;
	char *conf = NULL, *srv = NULL, *auth = NULL, *acct = NULL, **seen = NULL;
	size_t clen = 0, slen = 0, alen = 0, aclen = 0, nseen = 0, k;
	FILE *c = open_memstream(&conf, &clen), *sv = open_memstream(&srv, &slen),
	     *la = open_memstream(&auth, &alen), *lc = open_memstream(&acct, &aclen);

	if (!c || !sv || !la || !lc)
		die(EXIT_INTERNAL, "out of memory");
	fprintf(sv, "# the keys of the RADIUS servers (radcli), written by "
		"asac %s\n", ASAC_VERSION);
	/* radcli needs an authserver even for accounting alone */
	rad_hosts(o, first, false, la, sv, &seen, &nseen);
	if (o->acct)
		rad_hosts(o, o->acct, true, lc, sv, &seen, &nseen);
	fclose(la);
	fclose(lc);
	fclose(sv);
	fprintf(c, "# radcli's configuration for ocserv, written by asac %s\n",
		ASAC_VERSION);
	if (o->ir->hostname.s)
		fprintf(c, "nas-identifier %s\n", o->ir->hostname.s);
	fprintf(c, "# aaa-server %s%s: its servers in order (the next when "
		"one does not answer)\nauthserver %s\n", first->name.s,
		o->auth ? "" : " (ocserv wants one; the local users "
		"authenticate)", auth);
	if (o->acct)
		fprintf(c, "# accounting-server-group %s\nacctserver %s\n",
			o->acct->name.s, acct);
	else
		fprintf(c, "acctserver %s\n", auth);
	/* the ASA resends every retry-interval until the timeout, then
	 * tries the next server; radcli sends radius_retries times (at
	 * least once), waiting radius_timeout for each */
	tries = retry < timeout ? timeout / retry : 1;
	fprintf(c, "servers " OCSERV_ETC "/radius-servers\n"
		"dictionary /etc/radcli/dictionary\ndefault_realm\n"
		"# timeout %llds, retry-interval %llds\nradius_timeout %lld\n"
		"radius_retries %lld\nbindaddr *\n", timeout, retry,
		retry < timeout ? retry : timeout, tries);
	fclose(c);
	add_file(o, "radiusclient.conf", conf, clen, 0600);
	add_file(o, "radius-servers", srv, slen, 0600);
	free(auth);
	free(acct);
	for (k = 0; k < nseen; k++)
		free(seen[k]);
	free(seen);
}

/* The CA certificates of the trustpoints --secrets gives, which issue
 * the clients' certificates, as ca.pem; false (said) when there are
 * none.  The ASA validates a client certificate against its
 * trustpoints; asac takes every CA file the secrets name (assumed: the
 * seeds are silent on the SSL client's certificate). */
static bool ca_part(struct oc *o)
{
	char *data = NULL;
	size_t len = 0, i, k;
	FILE *f = open_memstream(&data, &len);
	bool any = false;

	if (!f)
		die(EXIT_INTERNAL, "out of memory");
	for (i = 0; i < o->ngiven; i++) {
		struct swanctl_secret *s = &o->given[i];

		if (s->kind != SWS_TRUSTPOINT)
			continue;
		for (k = 0; k < s->nca; k++) {
			char *c;
			size_t cl;

			if (read_file(s->ca[k], &c, &cl) < 0)
				die(EXIT_INTERNAL, "cannot read '%s' (a trustpoint's "
				    "CA in --secrets): %s", s->ca[k],
				    strerror(errno));
			fwrite(c, 1, cl, f);
			if (cl && c[cl - 1] != '\n')
				fputc('\n', f);
			free(c);
			s->used = true;
			any = true;
		}
	}
	fclose(f);
	if (!any) {
		free(data);
		diag_report(o->d, RULE_SECRET_UNAVAILABLE, &o->ir->webvpn.loc,
			    "AnyConnect clients authenticate by certificate: "
			    "ocserv needs the CA that issues them; give it "
			    "with --secrets (trustpoints: NAME: ca: [FILE])");
		return false;
	}
	add_file(o, "ca.pem", data, len, 0644);
	return true;
}

/* ocserv.conf's auth (and acct) */
static void auth_part(struct oc *o, FILE *f)
{
	if (o->methods & AUTH_CERT) {
		/* the user name is the certificate's CN (the ASA's
		 * username-from-certificate default; assumed) */
		fprintf(f, "# webvpn-attributes authentication %s: a client "
			"certificate from the trustpoints' CA\nauth = "
			"\"certificate\"\nca-cert = " OCSERV_ETC "/ca.pem\n"
			"cert-user-oid = 2.5.4.3\n",
			o->methods & AUTH_PASSWORD ? "aaa certificate" :
			"certificate");
		ca_part(o);
	}
	if (!(o->methods & AUTH_PASSWORD)) {
		/* (no password: accounting only) */
	} else if (o->auth) {
		comment_line(f, o->src, &o->auth->loc);
		fprintf(f, "# the tunnel groups' authentication-server-group "
			"(RADIUS, radcli); a user's group must be in the "
			"Access-Accept (Class OU=GROUP)\nauth = \"radius[config="
			OCSERV_ETC "/radiusclient.conf]\"\n");
	} else {
		fprintf(f, "# the local users (username) in ocserv's password "
			"file\nauth = \"plain[passwd=" OCSERV_ETC
			"/ocpasswd]\"\n");
	}
	if (o->acct) {
		comment_line(f, o->src, &o->acct->loc);
		fprintf(f, "# accounting-server-group %s\nacct = \"radius[config="
			OCSERV_ETC "/radiusclient.conf]\"\n", o->acct->name.s);
	}
	if (o->auth || o->acct)
		radius_part(o);
}

/* --- the password file ------------------------------------------------------ */

/* crypt(3) SHA-512 of @pw, its salt made from the host and user names:
 * the same input gives the same file, and no two users share a salt */
static const char *hash_pw(const struct ir *ir, const char *user,
			   const char *pw, struct crypt_data *cd)
{
	static const char b64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz";
	const char *host = ir->hostname.s ? ir->hostname.s : "";
	const void *p[3] = { host, "\n", user };
	size_t l[3] = { strlen(host), 1, strlen(user) };
	uint8_t d[16];
	char setting[3 + 16 + 1] = "$6$";
	int i;

	rad_md5(p, l, 3, d);
	for (i = 0; i < 16; i++)
		setting[3 + i] = b64[d[i] & 63];
	setting[19] = 0;
	memset(cd, 0, sizeof(*cd));
	return crypt_r(pw, setting, cd);
}

static void passwd_part(struct oc *o)
{
	const struct ir *ir = o->ir;
	const struct ir_user *u;
	char *data = NULL;
	size_t len = 0, k;
	FILE *f = open_memstream(&data, &len);
	uint32_t i;

	if (!f)
		die(EXIT_INTERNAL, "out of memory");
	vec_foreach(&ir->users, i, u) {
		struct swanctl_secret *s = given(o, SWS_USER, u->name.s);
		const char *pw = s ? s->key : NULL, *h;
		struct crypt_data *cd;
		char *groups = NULL;
		size_t n = 0, glen = 0;
		FILE *gl;

		if (!ra_vpn_user(u) || strchr(u->name.s, ':'))
			continue;
		/* the groups the user may choose: its group-lock's only; a
		 * user with none is not written (it could choose no group:
		 * ocserv refuses a user who is not a member of the group
		 * chosen, one without groups too) */
		gl = open_memstream(&groups, &glen);
		if (!gl)
			die(EXIT_INTERNAL, "out of memory");
		for (k = 0; k < o->ntgs; k++) {
			struct ra_attrs a;

			ra_attrs_resolve(ir, o->tgs[k], u, &a);
			if (a.group_lock && a.group_lock != o->tgs[k])
				continue;
			if (!a.ssl_client)
				continue;
			fprintf(gl, "%s%s", n++ ? "," : "", o->tgs[k]->name.s);
		}
		fclose(gl);
		if (!n) {
			free(groups);
			continue;
		}
		if (u->nopassword) {
			UNSUPPORTED(o, &u->loc, "user '%s' has no password "
				    "(nopassword): not in ocserv's password "
				    "file", u->name.s);
			free(groups);
			continue;
		}
		pw = swanctl_user_password(o->d, u, pw);
		if (!pw) {
			free(groups);
			continue;
		}
		cd = xcalloc(1, sizeof(*cd));
		h = hash_pw(ir, u->name.s, pw, cd);
		if (!h || h[0] != '$') {
			free(cd);
			die(EXIT_INTERNAL, "crypt(3) has no SHA-512");
		}
		fprintf(f, "%s:%s:%s\n", u->name.s, groups, h);
		free(groups);
		free(cd);
	}
	fclose(f);
	add_file(o, "ocpasswd", data, len, 0600);
}

/* --- asacd --------------------------------------------------------------------- */

static const char session_sh[] =
"#!/bin/sh\n"
"# ocserv's connect-script and disconnect-script, written by asac: asacd\n"
"# counts AnyConnect SSL sessions beside IKEv2 remote access against the\n"
"# vpn-sessiondb limit and in the cluster's load; when it refuses one,\n"
"# the exit status 1 makes ocserv end the session.  When asacd does not\n"
"# answer, the session is admitted (and said in ocserv's log).\n"
"ASACCTL=/usr/sbin/asacctl\n"
"SOCKET=/run/asacd.sock\n"
"case $REASON in\n"
"connect)\n"
"\tout=$(\"$ASACCTL\" -s \"$SOCKET\" ocserv connect \"$ID\" \\\n"
"\t\t\"${GROUPNAME:--}\" \"$USERNAME\" 2>&1) && exit 0\n"
"\tcase $out in *refused*) echo \"$out\" >&2; exit 1 ;; esac\n"
"\techo \"asac-session: $out (admitted)\" >&2\n"
"\t;;\n"
"disconnect)\n"
"\t\"$ASACCTL\" -s \"$SOCKET\" ocserv disconnect \"$ID\" > /dev/null 2>&1\n"
"\t;;\n"
"esac\n"
"exit 0\n";

static void session_script(struct oc *o)
{
	add_file(o, "asac-session", xstrdup(session_sh),
		 sizeof(session_sh) - 1, 0755);
}

/* --- what the webvpn sub-mode holds besides ------------------------------------ */

/*
 * The webvpn sub-mode's lines asac keeps unmodelled, said once per kind
 * (the first line, and how many): ocserv serves the tunnel, not the
 * AnyConnect packages and profiles the ASA hands out, posture
 * assessment, or the clientless portal.
 */
static void webvpn_kept(struct oc *o)
{
	static const struct { const char *prefix, *what; } kinds[] = {
		{ "anyconnect image", "the AnyConnect packages (anyconnect "
		  "image) are not served: clients need AnyConnect or "
		  "openconnect installed" },
		{ "anyconnect profiles", "the client profiles (anyconnect "
		  "profiles) are not served: their files are on the ASA's "
		  "flash" },
		{ "csd", "posture assessment (csd, HostScan) is not migrated: "
		  "ocserv does not check the endpoint" },
		{ "", "the webvpn settings of the clientless portal and "
		  "licensing are not migrated: ocserv serves AnyConnect "
		  "tunnels only" },
	};
	enum { NKIND = sizeof(kinds) / sizeof(kinds[0]) };
	const struct ir_unmodeled *first[NKIND] = { NULL };
	unsigned int count[NKIND] = { 0 };
	const struct ir_unmodeled *u;
	uint32_t i;
	size_t k;

	vec_foreach(&o->ir->unmodeled, i, u) {
		const struct src_file *f;
		const char *c, *t;
		size_t cl, tl;

		if (!u->has_context)
			continue;
		f = o->src->files[u->context_loc.file];
		c = f->data + u->context_loc.start;
		cl = u->context_loc.end - u->context_loc.start;
		while (cl && (c[cl - 1] == ' ' || c[cl - 1] == '\r'))
			cl--;
		if (cl != 6 || strncasecmp(c, "webvpn", 6))
			continue;
		f = o->src->files[u->loc.file];
		t = f->data + u->loc.start;
		tl = u->loc.end - u->loc.start;
		while (tl && (*t == ' ' || *t == '\t')) {
			t++;
			tl--;
		}
		for (k = 0; k + 1 < NKIND; k++) {
			size_t pl = strlen(kinds[k].prefix);

			if (tl >= pl && !strncasecmp(t, kinds[k].prefix, pl))
				break;
		}
		if (!count[k]++)
			first[k] = u;
	}
	for (k = 0; k < NKIND; k++)
		if (count[k])
			UNSUPPORTED(o, &first[k]->loc, "%s%s", kinds[k].what,
				    count[k] > 1 ? " (this line and the like)" :
				    "");
}

/* --- the whole -------------------------------------------------------------- */

void ocserv_compile(const struct ir *ir, const struct srcset *src,
		    struct diag_ctx *d, struct swanctl_secret *given_v,
		    size_t ngiven, bool with_nft, struct ocserv_out *out)
{
	struct oc o = { .ir = ir, .src = src, .d = d, .given = given_v,
			.ngiven = ngiven, .out = out, .with_nft = with_nft,
			.domain = { .what = "default domain" },
			.banner = { .what = "banner" } };
	const struct ir_webvpn *w = &ir->webvpn;
	char *data = NULL;
	size_t len = 0;
	FILE *f;
	struct loc top = { ir->file, 0, 0 };

	memset(out, 0, sizeof(*out));
	if (!ir_anyconnect(ir)) {
		diag_report(d, RULE_UNSUPPORTED_FEATURE, w->present ? &w->loc :
			    &top, "no AnyConnect service (webvpn with enable "
			    "IF and anyconnect enable): no ocserv "
			    "configuration is written");
		return;
	}
	f = open_memstream(&data, &len);
	if (!f)
		die(EXIT_INTERNAL, "out of memory");
	fprintf(f, "# ocserv.conf written by asac %s from %s\n", ASAC_VERSION,
		src->files[ir->file]->name);
	if (w->present)
		comment_line(f, src, &w->loc);
	listen_part(&o, f);
	fprintf(f, "socket-file = /run/ocserv-socket\n"
		"occtl-socket-file = /run/occtl.socket\nuse-occtl = true\n"
		"pid-file = /run/ocserv.pid\n"
		"run-as-user = nobody\nrun-as-group = nogroup\n"
		"device = vpns\npredictable-ips = true\n");
	/* vpn-sessiondb max-anyconnect-premium-or-essentials-limit */
	if (ir->max_anyconnect.set)
		fprintf(f, "max-clients = %lld\n",
			(long long)ir->max_anyconnect.v);
	else
		fprintf(f, "# no vpn-sessiondb limit: the license's\n"
			"max-clients = 0\n");
	/* AnyConnect clients need the Cisco protocol variants */
	fprintf(f, "cisco-client-compat = true\ndtls-legacy = true\n"
		"keepalive = 20\ndpd = 30\nmobile-dpd = 300\n"
		"auth-timeout = 240\ncookie-timeout = 300\n"
		"rekey-time = 172800\nrekey-method = ssl\nuse-utmp = false\n");
	/* asacd counts the sessions with IKEv2 remote access, one limit
	 * and one cluster load for both (asacctl(8) ocserv) */
	fprintf(f, "# asacd counts AnyConnect sessions (asacctl ocserv); over "
		"its limit ocserv ends one\nconnect-script = " OCSERV_ETC
		"/asac-session\ndisconnect-script = " OCSERV_ETC
		"/asac-session\n");
	groups_part(&o, f);
	if (!o.ntgs) {
		/* ocserv refuses to start without a network: there is
		 * nothing to serve */
		diag_report(d, RULE_UNSUPPORTED_FEATURE, &w->loc, "AnyConnect "
			    "is enabled, but no tunnel group compiles for its "
			    "clients (an enabled group-alias in the "
			    "tunnel-group-list, or DefaultWEBVPNGroup, serving "
			    "ssl-client): no ocserv configuration is written");
		fclose(f);
		free(data);
		ocserv_out_free(out);
		free(o.tgs);
		free(o.domain.own);
		free(o.banner.own);
		return;
	}
	auth_part(&o, f);
	webvpn_kept(&o);
	/* the local users, when they authenticate by password */
	if (!o.auth && (o.methods & AUTH_PASSWORD))
		passwd_part(&o);
	session_script(&o);
	fclose(f);
	/* ocserv.conf first */
	add_file(&o, "ocserv.conf", data, len, 0644);
	if (out->n > 1) {
		struct ocserv_file t = out->v[out->n - 1];

		memmove(&out->v[1], &out->v[0],
			(out->n - 1) * sizeof(*out->v));
		out->v[0] = t;
	}
	free(o.tgs);
	free(o.domain.own);
	free(o.banner.own);
}

void ocserv_out_free(struct ocserv_out *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].path);
		free(o->v[i].data);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
}

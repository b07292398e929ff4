/* SPDX-License-Identifier: MIT */
/*
 * dconf.c - asacd.json (see dconf.h).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/util.h"
#include "runtime/dconf.h"
#include "runtime/jconf.h"

static const char *const top_keys[] = {
	"format", "source", "mode", "rounding", "limits", "cluster", "ios",
	"connections", "radius", "vici", "control", "ocserv", NULL
};
static const char *const ocgroup_keys[] = { "authorization", NULL };
static const char *const radius_keys[] = { "servers", "nas_identifier",
					   NULL };
static const char *const server_keys[] = { "address", "auth_port",
					   "acct_port", "key",
					   "timeout", "retry_interval",
					   "nas_ip", NULL };
static const char *const limit_keys[] = { "anyconnect", "other", NULL };
static const char *const cluster_keys[] = {
	"ip", "port", "interface", "address", "redirect_address",
	"private_interface", "priority", "encryption", "key", "participate",
	"redirect_fqdn", "redirect", "ssl_redirect", NULL
};
static const char *const sslr_keys[] = { "port", "certificate", "key",
					 NULL };
static const char *const ios_keys[] = {
	"port", "holdtime_ms", "hello_ms", "update_ms", "max_session",
	"priority", "weights", "overload_limit", "redirect", "standby", NULL
};
static const char *const weight_keys[] = {
	"crypto-load", "system-load", NULL
};
static const char *const standby_keys[] = {
	"interface", "group", "ip", "priority", "address", "preempt",
	"hello_ms", "hold_ms", NULL
};
static const char *const conn_keys[] = { "remote_access", "version", "next",
					 "children", "logins", "users",
					 "locked_users", "session_timeout",
					 "accounting", "authorization", NULL };

/* an integer or null (-1) */
static void int_or_null(struct jconf *jc, json_t *o, const char *path,
			const char *key, long long min, long long max,
			long long *out)
{
	*out = -1;
	if (json_is_null(jc_get(o, key)))
		return;
	jc_int(jc, o, path, key, min, max, false, out);
}

static char *dev(struct jconf *jc, json_t *o, const char *path,
		 const char *key, bool required)
{
	const char *s = NULL;
	char p[128];

	if (json_is_null(jc_get(o, key))) {
		if (required)
			jc_fail(jc, jc_path_key(p, sizeof(p), path, key),
				"null: name the Linux interface");
		return NULL;
	}
	if (!jc_str(jc, o, path, key, required, &s))
		return NULL;
	if (!linux_ifname_ok(s)) {
		jc_fail(jc, jc_path_key(p, sizeof(p), path, key),
			"\"%s\" cannot name a Linux interface", s);
		return NULL;
	}
	return xstrdup(s);
}

static char *path_str(struct jconf *jc, json_t *o, const char *key,
		      const char *def)
{
	const char *s = def;

	jc_str(jc, o, "", key, false, &s);
	if (!jc->failed && s[0] != '/')
		jc_fail(jc, key, "expected an absolute path, got \"%s\"", s);
	return xstrdup(s);
}

static const char *const redirects[] = { "init", "auth", NULL };

static void read_cluster(struct dconf *c, struct jconf *jc, json_t *o)
{
	long long v;
	int r;

	if (!o) {
		jc_fail(jc, "cluster", "missing (mode \"asa\" needs it)");
		return;
	}
	if (!jc_keys(jc, o, "cluster", cluster_keys))
		return;
	jc_ipv4(jc, o, "cluster", "ip", true, &c->cluster_ip);
	v = 9023;
	jc_int(jc, o, "cluster", "port", 1, 65535, false, &v);
	c->port = (unsigned int)v;
	c->interface = dev(jc, o, "cluster", "interface", true);
	jc_ipv4(jc, o, "cluster", "address", true, &c->address);
	c->redirect_address = c->address;
	if (!json_is_null(jc_get(o, "redirect_address")))
		jc_ipv4(jc, o, "cluster", "redirect_address", false,
			&c->redirect_address);
	c->private_interface = dev(jc, o, "cluster", "private_interface",
				   false);
	v = 5;
	jc_int(jc, o, "cluster", "priority", 1, 10, false, &v);
	c->priority = (unsigned int)v;
	jc_bool(jc, o, "cluster", "encryption", false, &c->encryption);
	c->participate = true;
	jc_bool(jc, o, "cluster", "participate", false, &c->participate);
	jc_bool(jc, o, "cluster", "redirect_fqdn", false, &c->redirect_fqdn);
	/* the ASA has no command for it: asacd redirects at IKE_SA_INIT
	 * unless told otherwise (seed 003: "for performance and
	 * scalability reasons, we recommend redirect during IKE_INIT") */
	r = 0;
	jc_enum(jc, o, "cluster", "redirect", redirects, false, &r);
	c->redirect = r + 1;
	if (!json_is_null(jc_get(o, "key"))) {
		const char *k = NULL;

		if (jc_str(jc, o, "cluster", "key", false, &k))
			c->key = xstrdup(k);
	}
	if (jc_get(o, "ssl_redirect") &&
	    !json_is_null(jc_get(o, "ssl_redirect"))) {
		json_t *so = jc_get(o, "ssl_redirect");
		const char *f[2] = { NULL, NULL };
		static const char *const fk[2] = { "certificate", "key" };
		int k;

		if (!jc_keys(jc, so, "cluster.ssl_redirect", sslr_keys))
			return;
		v = 443;
		jc_int(jc, so, "cluster.ssl_redirect", "port", 1, 65535, false,
		       &v);
		c->ssl_port = (unsigned int)v;
		for (k = 0; k < 2; k++) {
			if (!jc_str(jc, so, "cluster.ssl_redirect", fk[k], true,
				    &f[k]))
				return;
			if (f[k][0] != '/') {
				char pk[64];

				snprintf(pk, sizeof(pk), "cluster.ssl_redirect.%s",
					 fk[k]);
				jc_fail(jc, pk, "expected an absolute path, got "
					"\"%s\"", f[k]);
				return;
			}
		}
		c->ssl_cert = xstrdup(f[0]);
		c->ssl_key = xstrdup(f[1]);
	}
	if (!jc->failed && c->encryption && !c->key)
		jc_fail(jc, "cluster.key", "null: \"encryption\" needs the "
			"cluster key");
	if (!jc->failed && c->cluster_ip == c->address)
		jc_fail(jc, "cluster.address", "the member's own address "
			"cannot be the cluster IP");
}

static void read_ios(struct dconf *c, struct jconf *jc, json_t *o)
{
	json_t *sb, *wo;
	long long v[2] = { 100, 100 }, x;
	int r;
	int k;

	if (!o) {
		jc_fail(jc, "ios", "missing (mode \"ios\" needs it)");
		return;
	}
	if (!jc_keys(jc, o, "ios", ios_keys))
		return;
	int_or_null(jc, o, "ios", "port", 1, 65535, &c->ios_port);
	int_or_null(jc, o, "ios", "holdtime_ms", 1, 3600000, &c->holdtime);
	int_or_null(jc, o, "ios", "hello_ms", 1, 3600000, &c->hello);
	int_or_null(jc, o, "ios", "update_ms", 1, 3600000, &c->update);
	int_or_null(jc, o, "ios", "max_session", 1, 10000000,
		    &c->max_session);
	int_or_null(jc, o, "ios", "priority", 0, 255, &c->slave_priority);
	wo = jc_get(o, "weights");
	if (wo && jc_keys(jc, wo, "ios.weights", weight_keys))
		for (k = 0; k < 2; k++)
			jc_int(jc, wo, "ios.weights", weight_keys[k], 0, 100,
			       false, &v[k]);
	c->w_crypto = (unsigned int)v[0];
	c->w_system = (unsigned int)v[1];
	x = 0;
	jc_int(jc, o, "ios", "overload_limit", 0, 100, false, &x);
	c->overload = (unsigned int)x;
	r = -1;
	if (!json_is_null(jc_get(o, "redirect")))
		jc_enum(jc, o, "ios", "redirect", redirects, false, &r);
	c->redirect = r + 1;
	sb = jc_get(o, "standby");
	if (!sb || json_is_null(sb)) {
		jc_fail(jc, "ios.standby", "%s: asacd needs the HSRP group's "
			"interface and virtual IP", sb ? "null" : "missing");
		return;
	}
	if (!jc_keys(jc, sb, "ios.standby", standby_keys))
		return;
	c->sb_interface = dev(jc, sb, "ios.standby", "interface", true);
	x = 0;
	jc_int(jc, sb, "ios.standby", "group", 0, 255, false, &x);
	c->sb_group = (unsigned int)x;
	jc_ipv4(jc, sb, "ios.standby", "ip", true, &c->sb_ip);
	x = 100;
	jc_int(jc, sb, "ios.standby", "priority", 0, 255, false, &x);
	c->sb_priority = (unsigned int)x;
	jc_ipv4(jc, sb, "ios.standby", "address", true, &c->sb_address);
	jc_bool(jc, sb, "ios.standby", "preempt", false, &c->sb_preempt);
	/* IOS HSRP's defaults: hello 3 s, hold 10 s */
	x = 3000;
	jc_int(jc, sb, "ios.standby", "hello_ms", 1, 255000, false, &x);
	c->sb_hello = (unsigned int)x;
	x = 10000;
	jc_int(jc, sb, "ios.standby", "hold_ms", 1, 255000, false, &x);
	c->sb_hold = (unsigned int)x;
	if (!jc->failed && c->sb_hold <= c->sb_hello)
		jc_fail(jc, "ios.standby.hold_ms", "%u: the hold time must "
			"be longer than the hello time (%u)", c->sb_hold,
			c->sb_hello);
}

/* the strings of array @a (at @path) into *@out, each non-empty: @what
 * names one in the error */
static void names(struct jconf *jc, json_t *a, const char *path,
		  const char *what, char ***out, size_t *n)
{
	json_t *e;
	char q[360];
	size_t i;

	*out = xcalloc(json_array_size(a) + 1, sizeof(**out));
	json_array_foreach(a, i, e) {
		if (!json_is_string(e) || !*json_string_value(e)) {
			jc_fail(jc, jc_path_idx(q, sizeof(q), path, i),
				"expected %s", what);
			return;
		}
		(*out)[(*n)++] = xstrdup(json_string_value(e));
	}
}

/* a connection's "next" and "children" (both or neither) */
static void read_ring(struct dconf_conn *cn, struct jconf *jc, json_t *v,
		      const char *path)
{
	const char *next = NULL;
	json_t *ch = jc_get(v, "children");
	char p[340];

	jc_str(jc, v, path, "next", false, &next);
	if (!next && !ch)
		return;
	jc_path_key(p, sizeof(p), path, next ? "children" : "next");
	if (!next || !ch) {
		jc_fail(jc, p, "\"next\" and \"children\" go together");
		return;
	}
	if (!json_is_array(ch) || !json_array_size(ch)) {
		jc_fail(jc, p, "expected a non-empty array of child names");
		return;
	}
	cn->next = xstrdup(next);
	names(jc, ch, p, "a child name", &cn->children, &cn->nchildren);
}

/* a remote-access connection's "logins", "users" ({name: logins}) and
 * "locked_users" ([name...]) */
static void read_users(struct dconf_conn *cn, struct jconf *jc, json_t *v,
		       const char *path)
{
	json_t *u = jc_get(v, "users"), *l = jc_get(v, "locked_users"), *e;
	const char *name;
	char p[340], q[600];

	cn->logins = -1;
	int_or_null(jc, v, path, "logins", 0, 2147483647LL, &cn->logins);
	cn->session_timeout = -1;
	int_or_null(jc, v, path, "session_timeout", 1, 35791394LL,
		    &cn->session_timeout);
	if (u) {
		jc_path_key(p, sizeof(p), path, "users");
		if (!json_is_object(u)) {
			jc_fail(jc, p, "expected an object of user names and "
				"login limits");
			return;
		}
		cn->users = xcalloc(json_object_size(u) + 1, sizeof(*cn->users));
		json_object_foreach(u, name, e) {
			jc_path_key(q, sizeof(q), p, name);
			if (!json_is_integer(e) || json_integer_value(e) < 0 ||
			    json_integer_value(e) > 2147483647LL) {
				jc_fail(jc, q, "expected a login limit "
					"(0-2147483647)");
				return;
			}
			cn->users[cn->nusers].name = xstrdup(name);
			cn->users[cn->nusers++].logins = json_integer_value(e);
		}
	}
	if (l) {
		jc_path_key(p, sizeof(p), path, "locked_users");
		if (!json_is_array(l)) {
			jc_fail(jc, p, "expected an array of user names");
			return;
		}
		names(jc, l, p, "a user name", &cn->locked, &cn->nlocked);
	}
}

long long dconf_logins(const struct dconf_conn *cn, const char *name)
{
	size_t i;

	for (i = 0; i < cn->nusers; i++)
		if (!strcmp(cn->users[i].name, name))
			return cn->users[i].logins;
	return cn->logins;
}

bool dconf_locked(const struct dconf_conn *cn, const char *name)
{
	size_t i;

	for (i = 0; i < cn->nlocked; i++)
		if (!strcmp(cn->locked[i], name))
			return true;
	return false;
}

/* every "next" names a connection of the file that is in a ring too */
static void check_rings(struct dconf *c, struct jconf *jc)
{
	size_t i, j;

	for (i = 0; i < c->nconns && !jc->failed; i++) {
		char q[300], p[340];

		if (!c->conns[i].next)
			continue;
		for (j = 0; j < c->nconns; j++)
			if (!strcmp(c->conns[j].name, c->conns[i].next))
				break;
		jc_path_key(q, sizeof(q), "connections", c->conns[i].name);
		jc_path_key(p, sizeof(p), q, "next");
		if (j == c->nconns)
			jc_fail(jc, p, "'%s' is not a connection of this file",
				c->conns[i].next);
		else if (!c->conns[j].next)
			jc_fail(jc, p, "connection '%s' has no \"next\" of "
				"its own: backup peers form a ring",
				c->conns[i].next);
	}
}

/* an address literal, IPv4 or IPv6 */
static char *addr_str(struct jconf *jc, json_t *o, const char *path,
		      const char *key, bool required)
{
	const char *s = NULL;
	unsigned char b[16];
	char p[400];

	if (!jc_str(jc, o, path, key, required, &s))
		return NULL;
	if (inet_pton(AF_INET, s, b) != 1 && inet_pton(AF_INET6, s, b) != 1) {
		jc_fail(jc, jc_path_key(p, sizeof(p), path, key), "'%s' is "
			"not an IPv4 or IPv6 address", s);
		return NULL;
	}
	return xstrdup(s);
}

/* "radius": {GROUP: {"servers": [{address, acct_port, key, timeout,
 * retry_interval, nas_ip}...], "nas_identifier"}} */
static void read_radius(struct dconf *c, struct jconf *jc, json_t *o)
{
	const char *name, *s;
	json_t *v, *sv, *e;
	size_t i;

	if (!o)
		return;
	if (!json_is_object(o)) {
		jc_fail(jc, "radius", "expected an object of server groups");
		return;
	}
	c->radius = xcalloc(json_object_size(o) + 1, sizeof(*c->radius));
	json_object_foreach(o, name, v) {
		struct rad_group *g = &c->radius[c->nradius];
		char p[300], q[340], r[360];

		jc_path_key(p, sizeof(p), "radius", name);
		if (!jc_keys(jc, v, p, radius_keys))
			return;
		g->name = xstrdup(name);
		c->nradius++;
		s = NULL;
		if (jc_str(jc, v, p, "nas_identifier", false, &s))
			g->nas_id = xstrdup(s);
		sv = jc_get(v, "servers");
		jc_path_key(q, sizeof(q), p, "servers");
		if (!json_is_array(sv) || !json_array_size(sv)) {
			jc_fail(jc, q, "expected a non-empty array of servers");
			return;
		}
		g->srv = xcalloc(json_array_size(sv), sizeof(*g->srv));
		json_array_foreach(sv, i, e) {
			struct rad_server *h = &g->srv[i];
			long long port = 1646, aport = 1645, t = 10, ri = 10;

			jc_path_idx(r, sizeof(r), q, i);
			if (!jc_keys(jc, e, r, server_keys))
				return;
			g->nsrv = i + 1;
			h->address = addr_str(jc, e, r, "address", true);
			if (!jc_str(jc, e, r, "key", true, &s))
				return;
			h->key = xstrdup(s);
			/* the ASA's defaults: ports 1645 and 1646, timeout
			 * 10 s and retry-interval 10 s (its command
			 * reference) */
			jc_int(jc, e, r, "auth_port", 1, 65535, false, &aport);
			jc_int(jc, e, r, "acct_port", 1, 65535, false, &port);
			jc_int(jc, e, r, "timeout", 1, 300, false, &t);
			jc_int(jc, e, r, "retry_interval", 1, 10, false, &ri);
			h->port = (unsigned int)port;
			h->auth_port = (unsigned int)aport;
			h->timeout_ms = (unsigned int)t * 1000;
			h->retry_ms = (unsigned int)ri * 1000;
			if (jc_get(e, "nas_ip"))
				h->nas_ip = addr_str(jc, e, r, "nas_ip", true);
			if (jc->failed)
				return;
		}
	}
}

static const struct rad_group *radius_group(const struct dconf *c,
					    const char *name)
{
	size_t i;

	for (i = 0; i < c->nradius; i++)
		if (!strcmp(c->radius[i].name, name))
			return &c->radius[i];
	return NULL;
}

/* a connection's @key: a group of "radius", or NULL when absent */
static const struct rad_group *conn_radius(struct dconf *c, struct jconf *jc,
					   json_t *v, const char *path,
					   const char *key)
{
	const struct rad_group *r;
	const char *g = NULL;
	char q[340];

	if (!jc_get(v, key) || !jc_str(jc, v, path, key, true, &g))
		return NULL;
	r = radius_group(c, g);
	if (!r)
		jc_fail(jc, jc_path_key(q, sizeof(q), path, key), "'%s' is not "
			"a group of \"radius\"", g);
	return r;
}

static void read_conns(struct dconf *c, struct jconf *jc, json_t *o)
{
	const char *name;
	json_t *v;
	size_t i = 0;

	if (!o)
		return;
	if (!json_is_object(o)) {
		jc_fail(jc, "connections", "expected an object");
		return;
	}
	c->conns = xcalloc(json_object_size(o) + 1, sizeof(*c->conns));
	json_object_foreach(o, name, v) {
		char p[300];
		long long ver = 0;
		struct dconf_conn *cn = &c->conns[i];

		jc_path_key(p, sizeof(p), "connections", name);
		if (!jc_keys(jc, v, p, conn_keys))
			return;
		jc_bool(jc, v, p, "remote_access", true, &cn->remote_access);
		jc_int(jc, v, p, "version", 0, 2, true, &ver);
		cn->version = (int)ver;
		cn->name = xstrdup(name);
		c->nconns = ++i;
		read_ring(cn, jc, v, p);
		read_users(cn, jc, v, p);
		cn->accounting = conn_radius(c, jc, v, p, "accounting");
		cn->authorization = conn_radius(c, jc, v, p, "authorization");
	}
	check_rings(c, jc);
}

/* "ocserv": {GROUP: {"authorization": RADIUS-GROUP}} */
static void read_ocserv(struct dconf *c, struct jconf *jc, json_t *o)
{
	const char *name;
	json_t *v;

	if (!o)
		return;
	if (!json_is_object(o)) {
		jc_fail(jc, "ocserv", "expected an object of tunnel groups");
		return;
	}
	c->ocgroups = xcalloc(json_object_size(o) + 1, sizeof(*c->ocgroups));
	json_object_foreach(o, name, v) {
		char p[300];
		struct dconf_ocgroup *g = &c->ocgroups[c->nocgroups];

		jc_path_key(p, sizeof(p), "ocserv", name);
		if (!jc_keys(jc, v, p, ocgroup_keys))
			return;
		g->name = xstrdup(name);
		c->nocgroups++;
		g->authorization = conn_radius(c, jc, v, p, "authorization");
	}
}

int dconf_load(struct dconf *c, const char *file, char *err, size_t errlen)
{
	static const char *const modes[] = {
		"asa", "ios", "standalone", NULL
	};
	static const char *const roundings[] = {
		"half-up", "half-percent", NULL
	};
	struct jconf jc = { .file = file };
	json_t *root, *l;
	long long fmt = 0;
	int mode = 0, r = 0, k;

	memset(c, 0, sizeof(*c));
	c->limit[0] = c->limit[1] = -1;
	root = jc_load(&jc, file);
	if (root && jc_keys(&jc, root, "", top_keys)) {
		jc_int(&jc, root, "", "format", 0, 1000000, true, &fmt);
		if (!jc.failed && fmt != 1)
			jc_fail(&jc, "format", "%lld: this asacd reads format "
				"1", fmt);
		jc_enum(&jc, root, "", "mode", modes, true, &mode);
		jc_enum(&jc, root, "", "rounding", roundings, false, &r);
		c->mode = (enum dconf_mode)mode;
		c->rounding = r ? LB_ROUND_HALF_PERCENT : LB_ROUND_HALF_UP;
		l = jc_get(root, "limits");
		if (!l)
			jc_fail(&jc, "limits", "missing");
		else if (jc_keys(&jc, l, "limits", limit_keys))
			for (k = 0; k < LB_NCLASS; k++)
				int_or_null(&jc, l, "limits", limit_keys[k], 0,
					    10000000, &c->limit[k]);
		for (k = 0; k < LB_NCLASS && !jc.failed; k++)
			if (c->mode == DCONF_ASA && c->limit[k] < 0)
				jc_fail(&jc, k ? "limits.other" :
					"limits.anyconnect", "null: the load "
					"of an ASA cluster member is over its "
					"limits; set the license's maximum");
		if (!jc.failed && c->mode == DCONF_ASA &&
		    c->limit[0] + c->limit[1] == 0)
			jc_fail(&jc, "limits", "both 0: the member could take "
				"no session");
		if (!jc.failed && c->mode == DCONF_ASA)
			read_cluster(c, &jc, jc_get(root, "cluster"));
		else if (!jc.failed && jc_get(root, "cluster"))
			jc_fail(&jc, "cluster", "only for mode \"asa\"");
		if (!jc.failed && c->mode == DCONF_IOS)
			read_ios(c, &jc, jc_get(root, "ios"));
		else if (!jc.failed && jc_get(root, "ios"))
			jc_fail(&jc, "ios", "only for mode \"ios\"");
		if (!jc.failed)
			read_radius(c, &jc, jc_get(root, "radius"));
		if (!jc.failed)
			read_conns(c, &jc, jc_get(root, "connections"));
		if (!jc.failed)
			read_ocserv(c, &jc, jc_get(root, "ocserv"));
		if (!jc.failed)
			c->vici = path_str(&jc, root, "vici",
					   "/run/charon.vici");
		if (!jc.failed)
			c->control = path_str(&jc, root, "control",
					      "/run/asacd.sock");
	}
	json_decref(root);
	if (jc.failed) {
		snprintf(err, errlen, "%s", jc.err);
		dconf_free(c);
		return -1;
	}
	return 0;
}

void dconf_free(struct dconf *c)
{
	size_t i;

	free(c->interface);
	free(c->private_interface);
	free(c->key);
	free(c->ssl_cert);
	free(c->ssl_key);
	free(c->sb_interface);
	for (i = 0; i < c->nconns; i++) {
		size_t j;

		free(c->conns[i].name);
		free(c->conns[i].next);
		for (j = 0; j < c->conns[i].nchildren; j++)
			free(c->conns[i].children[j]);
		free(c->conns[i].children);
		for (j = 0; j < c->conns[i].nusers; j++)
			free(c->conns[i].users[j].name);
		free(c->conns[i].users);
		for (j = 0; j < c->conns[i].nlocked; j++)
			free(c->conns[i].locked[j]);
		free(c->conns[i].locked);
	}
	free(c->conns);
	for (i = 0; i < c->nocgroups; i++)
		free(c->ocgroups[i].name);
	free(c->ocgroups);
	for (i = 0; i < c->nradius; i++) {
		size_t j;

		for (j = 0; j < c->radius[i].nsrv; j++) {
			free(c->radius[i].srv[j].address);
			free(c->radius[i].srv[j].key);
			free(c->radius[i].srv[j].nas_ip);
		}
		free(c->radius[i].srv);
		free(c->radius[i].name);
		free(c->radius[i].nas_id);
	}
	free(c->radius);
	free(c->vici);
	free(c->control);
	memset(c, 0, sizeof(*c));
}

static void put_ip(FILE *out, uint32_t ip)
{
	fprintf(out, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
		(ip >> 8) & 255, ip & 255);
}

static void put_limit(FILE *out, const char *name, long long v)
{
	if (v < 0)
		fprintf(out, "%s unlimited", name);
	else
		fprintf(out, "%s %lld", name, v);
}

void dconf_summary(const struct dconf *c, FILE *out)
{
	size_t i, ra = 0;

	switch (c->mode) {
	case DCONF_ASA:
		fputs("ASA cluster ", out);
		put_ip(out, c->cluster_ip);
		fprintf(out, ":%u on %s as ", c->port, c->interface);
		put_ip(out, c->address);
		fprintf(out, ", priority %u%s%s", c->priority,
			c->encryption ? ", encrypted" : "",
			c->participate ? "" : ", not participating");
		if (c->ssl_port)
			fprintf(out, ", SSL redirect on port %u", c->ssl_port);
		fputs("; ", out);
		break;
	case DCONF_IOS:
		fputs("IOS cluster, virtual IP ", out);
		put_ip(out, c->sb_ip);
		fprintf(out, " (HSRP group %u) on %s; ", c->sb_group,
			c->sb_interface);
		break;
	case DCONF_STANDALONE:
		fputs("no cluster; ", out);
		break;
	}
	fputs("limits ", out);
	put_limit(out, "anyconnect", c->limit[LB_ANYCONNECT]);
	put_limit(out, ", other", c->limit[LB_OTHER]);
	for (i = 0; i < c->nconns; i++)
		ra += c->conns[i].remote_access;
	fprintf(out, "; %zu connection%s (%zu remote access)", c->nconns,
		c->nconns == 1 ? "" : "s", ra);
	for (i = 0; i < c->nradius; i++)
		fprintf(out, "%s%s (%zu server%s)", i ? ", " : "; RADIUS "
			"accounting to ", c->radius[i].name, c->radius[i].nsrv,
			c->radius[i].nsrv == 1 ? "" : "s");
	fputc('\n', out);
}

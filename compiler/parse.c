/* SPDX-License-Identifier: MIT */
/*
 * parse.c - the front end's driver: reads a configuration line by line,
 * tracks the CLI mode, parses each line with the grammar and applies it.
 *
 * Mode tracking follows the ASA's CLI (the "indentation is
 * cosmetic"): a mode-opening command enters a sub-mode; a line valid in
 * that sub-mode stays in it even when not indented; a line that is not
 * valid there but is valid globally leaves it.  A CLI prompt is stripped
 * by the scanner and its mode name is not trusted: seed 000 prints
 * `ciscoasa(config)# nameif test` for a line of interface mode.
 */
#include "asac.h"
#include "lex.h"
#include "parse.h"
#include "rules.h"
#include "map.h"
#include "util.h"
#include "asa.tab.h"

#include <ctype.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const int mode_marker[MODE__COUNT] = {
	[MODE_GLOBAL] = M_GLOBAL,
	[MODE_IF] = M_IF,
	[MODE_OBJNET] = M_OBJNET,
	[MODE_OBJSVC] = M_OBJSVC,
	[MODE_OGNET] = M_OGNET,
	[MODE_OGSVC] = M_OGSVC,
	[MODE_OGPROTO] = M_OGPROTO,
	[MODE_OGICMP] = M_OGICMP,
	[MODE_IKEPOL] = M_IKEPOL,
	[MODE_PROPOSAL] = M_PROPOSAL,
	[MODE_TG_GENERAL] = M_TG_GENERAL,
	[MODE_TG_IPSEC] = M_TG_IPSEC,
	[MODE_GP] = M_GP,
	[MODE_LB] = M_LB,
	[MODE_CLUSTER] = M_CLUSTER,
	[MODE_TIMERANGE] = M_TIMERANGE,
	[MODE_USER] = M_USER,
	[MODE_AAA_HOST] = M_AAA_HOST,
	[MODE_TRUSTPOINT] = M_TRUSTPOINT,
	[MODE_CHAIN] = M_CHAIN,
	[MODE_CERTMAP] = M_CERTMAP,
	[MODE_WEBVPN] = M_WEBVPN,
	[MODE_TG_WEBVPN] = M_TG_WEBVPN,
	[MODE_GP_WEBVPN] = M_GP_WEBVPN,
	[MODE_IPSEC_PROFILE] = M_IPSEC_PROFILE,
	[MODE_UNMODELED] = M_UNMODELED,
};

/*
 * Which lines are commands asac models, per mode: a failing line that
 * starts with one of these prefixes is a syntax error; any other failing
 * line is an unmodelled command, kept as it is.  "*" matches any word.
 * Keep in step with grammar/asa.y.
 */
static const char *const known_global[] = {
	"hostname", "domain-name", "names", "name", "interface", "route",
	"ipv6 route", "ipv6 access-list",
	"object network", "object service", "object-group network",
	"object-group service", "object-group protocol",
	"object-group icmp-type", "access-list * extended",
	"access-list * standard", "access-list * remark",
	"access-list * permit", "access-list * deny", "access-list * line",
	"access-group", "nat", "global", "static (", "same-security-traffic",
	"sysopt connection permit-vpn", "sysopt connection preserve-vpn-flows",
	"sysopt connection reclassify-vpn", "sysopt connection tcpmss",
	"crypto ikev1 policy", "crypto ikev2 policy", "crypto isakmp policy",
	"isakmp policy", "crypto ikev1 enable", "crypto ikev2 enable",
	"crypto isakmp enable", "isakmp enable", "crypto ikev1 am-disable",
	"crypto isakmp am-disable", "isakmp am-disable",
	"crypto isakmp identity", "isakmp identity",
	"crypto isakmp nat-traversal", "crypto ikev1 nat-traversal",
	"isakmp nat-traversal", "crypto ikev1 ipsec-over-tcp",
	"crypto isakmp ipsec-over-tcp", "crypto ikev2 fragmentation",
	"crypto ikev2 notify invalid-selectors",
	"crypto ikev2 remote-access trustpoint", "crypto isakmp reload-wait",
	"crypto isakmp disconnect-notify", "crypto ipsec ikev1 transform-set",
	"crypto ipsec transform-set", "crypto ipsec ikev2 ipsec-proposal",
	"crypto ipsec profile",
	"crypto ipsec security-association lifetime",
	"crypto ipsec security-association pmtu-aging",
	"crypto ipsec fragmentation", "crypto ipsec inner-routing-lookup",
	"ipsec inner-routing-lookup",
	/* every crypto map sub-command of seed 002 is modelled */
	"crypto map * *", "crypto map * interface", "crypto dynamic-map * *",
	"crypto engine accelerator-bias", "crypto engine large-mode-accel",
	"crypto ikev2 cluster", "crypto ikev2 redirect",
	"crypto ikev2 reconnect key", "tunnel-group * type",
	"tunnel-group * general-attributes", "tunnel-group * ipsec-attributes",
	"tunnel-group * webvpn-attributes", "webvpn", "ssl trust-point",
	"ssl server-version", "ssl cipher",
	"tunnel-group-map", "group-policy * internal",
	"group-policy * external", "group-policy * attributes",
	"ip local pool", "ipv6 local pool",
	"vpn-sessiondb max-anyconnect-premium-or-essentials-limit",
	"vpn-sessiondb max-other-vpn-limit", "vpn load-balancing",
	"client-update enable", "client-update type", "logging class",
	"time-range",
	"username * password", "username * nopassword",
	"username * attributes", "aaa-server * protocol", "aaa-server * host",
	"aaa-server * (", "crypto ca trustpoint",
	"crypto ca certificate chain", "crypto ca certificate map",
	"logging trap", "configure terminal", "exit", "end",
	NULL
};

static const char *const known_if[] = {
	"nameif", "security-level", "ip address", "ipv6 address", "shutdown",
	"description", "standby", "tunnel source", "tunnel destination",
	"tunnel mode", "tunnel protection", NULL
};
static const char *const known_ipprof[] = {
	"set ikev1 transform-set", "set ikev2 ipsec-proposal", "set pfs",
	"set security-association lifetime", "responder-only", NULL
};
static const char *const known_objnet[] = {
	"host", "subnet", "range", "fqdn", "description", "nat", NULL
};
static const char *const known_objsvc[] = { "service", "description", NULL };
static const char *const known_ognet[] = {
	"network-object", "group-object", "description", NULL
};
static const char *const known_ogsvc[] = {
	"port-object", "service-object", "group-object", "description", NULL
};
static const char *const known_ogproto[] = {
	"protocol-object", "group-object", "description", NULL
};
static const char *const known_ogicmp[] = {
	"icmp-object", "group-object", "description", NULL
};
static const char *const known_ikepol[] = {
	"authentication", "encryption", "hash", "integrity", "prf", "group",
	"lifetime", NULL
};
static const char *const known_proposal[] = { "protocol", NULL };
static const char *const known_tg_general[] = {
	"default-group-policy", "address-pool", "ipv6-address-pool",
	"nat-assigned-to-public-ip", "authentication-server-group",
	"accounting-server-group", "authorization-server-group",
	"authorization-required", "strip-realm", "strip-group", NULL
};
static const char *const known_tg_ipsec[] = {
	"ikev1 pre-shared-key", "pre-shared-key",
	"ikev2 local-authentication", "ikev2 remote-authentication",
	"client-update", "ikev1 client-update", "isakmp keepalive",
	"peer-id-validate", "ikev1 trust-point", "trust-point",
	"ikev1 user-authentication", "isakmp ikev1-user-authentication", NULL
};
static const char *const known_gp[] = {
	"vpn-tunnel-protocol", "split-tunnel-policy",
	"split-tunnel-network-list", "vpn-filter", "vpn-idle-timeout",
	"vpn-session-timeout", "vpn-simultaneous-logins", "address-pools",
	"ipv6-address-pools", "dns-server", "wins-server", "default-domain",
	"split-dns", "banner value", "banner none", "group-lock",
	"ipv6-split-tunnel-policy", "ipv6-split-tunnel-network-list",
	"ipv6-vpn-filter", "nem", "client-firewall", "webvpn", NULL
};
static const char *const known_gp_webvpn[] = { "anyconnect", NULL };
static const char *const known_user[] = {
	"vpn-tunnel-protocol", "split-tunnel-policy",
	"split-tunnel-network-list", "vpn-filter", "vpn-idle-timeout",
	"vpn-session-timeout", "vpn-simultaneous-logins", "address-pools",
	"ipv6-address-pools", "dns-server", "wins-server", "default-domain",
	"split-dns", "banner value", "banner none", "group-lock",
	"ipv6-split-tunnel-policy", "ipv6-split-tunnel-network-list",
	"ipv6-vpn-filter", "nem", "client-firewall", "vpn-group-policy",
	"service-type", "vpn-framed-ip-address", "webvpn", NULL
};
static const char *const known_aaa_host[] = {
	"key", "authentication-port", "accounting-port", "timeout",
	"retry-interval", NULL
};
static const char *const known_tp[] = {
	"enrollment", "subject-name", "fqdn", "keypair", "revocation-check",
	"crl configure", NULL
};
static const char *const known_chain[] = { "certificate", "quit", NULL };
static const char *const known_webvpn[] = {
	"enable", "anyconnect enable", "tunnel-group-list enable", "port",
	"dtls port", NULL
};
static const char *const known_tg_webvpn[] = {
	"group-alias", "group-url", "authentication", NULL
};
static const char *const known_lb[] = {
	"cluster ip address", "cluster port", "cluster encryption",
	"cluster key", "participate", "priority", "nat", "interface lbpublic",
	"interface lbprivate", "redirect-fqdn", NULL
};
static const char *const known_cluster[] = {
	"holdtime", "master", "port", "slave", "standby-group", "shutdown",
	NULL
};
static const char *const known_timerange[] = { "absolute", "periodic", NULL };
static const char *const known_none[] = { NULL };

static const char *const *const known[MODE__COUNT] = {
	[MODE_GLOBAL] = known_global,
	[MODE_IF] = known_if,
	[MODE_OBJNET] = known_objnet,
	[MODE_OBJSVC] = known_objsvc,
	[MODE_OGNET] = known_ognet,
	[MODE_OGSVC] = known_ogsvc,
	[MODE_OGPROTO] = known_ogproto,
	[MODE_OGICMP] = known_ogicmp,
	[MODE_IKEPOL] = known_ikepol,
	[MODE_PROPOSAL] = known_proposal,
	[MODE_TG_GENERAL] = known_tg_general,
	[MODE_TG_IPSEC] = known_tg_ipsec,
	[MODE_GP] = known_gp,
	[MODE_LB] = known_lb,
	[MODE_CLUSTER] = known_cluster,
	[MODE_TIMERANGE] = known_timerange,
	[MODE_USER] = known_user,
	[MODE_AAA_HOST] = known_aaa_host,
	[MODE_TRUSTPOINT] = known_tp,
	[MODE_CHAIN] = known_chain,
	[MODE_CERTMAP] = known_none,
	[MODE_WEBVPN] = known_webvpn,
	[MODE_TG_WEBVPN] = known_tg_webvpn,
	[MODE_GP_WEBVPN] = known_gp_webvpn,
	[MODE_IPSEC_PROFILE] = known_ipprof,
	[MODE_UNMODELED] = known_none,
};

/*
 * First words of global commands asac does not model.  An unindented line
 * starting with one of them leaves the current sub-mode, as it would on
 * the CLI; it opens an unmodelled block that indented lines then join.
 */
static const char *const global_words[] = {
	"aaa", "aaa-server", "access-list", "anyconnect", "arp", "asdm",
	"auth-prompt", "banner", "boot", "call-home", "class-map", "clock",
	"command-alias", "compression", "console", "crashinfo", "crypto",
	"ddns", "dhcp-client", "dhcpd", "dhcprelay", "dns", "dns-guard",
	"domain-name", "dynamic-access-policy-record", "dynamic-filter",
	"enable", "established", "failover", "firewall", "flow-export",
	"fragment", "ftp", "group-policy", "hostname", "hpm", "http",
	"icmp", "igmp", "interface", "ip", "ipv6", "isakmp", "jumbo-frame",
	"ldap", "license", "logging", "mac-address", "mac-address-table",
	"management-access", "map", "monitor-interface", "mtu",
	"multicast-routing", "names", "nat", "no", "ntp", "object",
	"object-group", "pager", "passwd", "password", "password-policy",
	"policy-list", "policy-map", "prefix-list", "privilege", "prompt",
	"quota", "regex", "resource", "route", "route-map", "router",
	"same-security-traffic", "scansafe", "service", "service-policy",
	"smtp-server", "snmp-server", "ssh", "ssl", "static", "sysopt",
	"telnet",
	"terminal", "tftp-server", "threat-detection", "time-range",
	"timeout", "tls-proxy", "tunnel-group", "tunnel-group-map",
	"url-server", "user-identity", "username", "virtual", "vpdn",
	"vpn", "vpn-addr-assign", "vpn-sessiondb", "vpnclient", "wccp",
	"webvpn", "zonelabs-integrity", "cryptochecksum", "asa", "pix",
	"end", "write", "copy", "show", "clear", "speed", NULL
};

struct cmd *cmd_new(struct pctx *p, enum cmd_kind kind, const struct loc *loc)
{
	/* commands live for one line only: the scratch arena is reset at
	 * the start of each line; what the IR keeps is in p->arena */
	struct cmd *c = arena_new(&p->scratch, struct cmd);

	c->kind = kind;
	c->loc = *loc;
	return c;
}

struct sym pctx_sym(struct pctx *p, const struct tok *t)
{
	struct sym s;

	s.s = strtab_intern(p->strs, p->src->data + t->start, t->end - t->start);
	s.loc.file = p->file;
	s.loc.start = t->start;
	s.loc.end = t->end;
	return s;
}

static struct loc tok_loc(const struct pctx *p, const struct tok *t)
{
	struct loc l = { p->file, t->start, t->end };

	return l;
}

struct ival pctx_num(struct pctx *p, const struct tok *t)
{
	struct ival v;
	uint32_t i;

	memset(&v, 0, sizeof(v));
	v.loc = tok_loc(p, t);
	if (t->kind != NUMBER || t->end - t->start > 18) {
		pctx_error(p, &v.loc, "expected a number");
		return v;
	}
	for (i = t->start; i < t->end; i++)
		v.v = v.v * 10 + (p->src->data[i] - '0');
	v.set = true;
	return v;
}

const struct tok *pctx_tok_at(struct pctx *p, uint32_t off)
{
	uint32_t i;

	for (i = 0; i < p->ntoks; i++)
		if (p->toks[i].start >= off)
			return &p->toks[i];
	return NULL;
}

const char *pctx_rest(struct pctx *p, const struct loc *from)
{
	const struct tok *t = pctx_tok_at(p, from->start);

	if (!t || !p->ntoks)
		return "";
	return arena_strndup(p->arena, p->src->data + t->start,
			     p->toks[p->ntoks - 1].end - t->start);
}

bool pctx_hex_line(const struct pctx *p)
{
	uint32_t i, j;

	for (i = 0; i < p->ntoks; i++)
		for (j = p->toks[i].start; j < p->toks[i].end; j++)
			if (!isxdigit((unsigned char)p->src->data[j]))
				return false;
	return p->ntoks > 0;
}

int pctx_error(struct pctx *p, const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (p->err.set)
		return -1;
	p->err.set = true;
	p->err.loc = *loc;
	va_start(ap, fmt);
	vsnprintf(p->err.msg, sizeof(p->err.msg), fmt, ap);
	va_end(ap);
	return -1;
}

struct vec *pctx_list(struct pctx *p, struct vec *v, void *item)
{
	if (!v)
		v = arena_new(p->arena, struct vec);
	vec_push(p->arena, v, item);
	return v;
}

static bool tok_text(const struct pctx *p, const struct tok *t, char *buf,
		     size_t len)
{
	size_t n = t->end - t->start;

	if (n >= len)
		return false;
	memcpy(buf, p->src->data + t->start, n);
	buf[n] = '\0';
	return true;
}

bool pctx_addr_fill(struct pctx *p, const struct tok *t, struct ir_addr *a)
{
	struct loc l = tok_loc(p, t);
	char buf[64];

	memset(a, 0, sizeof(*a));
	a->kind = IR_ADDR_NET;
	a->loc = l;
	if (!tok_text(p, t, buf, sizeof(buf))) {
		pctx_error(p, &l, "expected an address");
		return false;
	}
	if (t->kind == IPV4) {
		/* the scanner checked the dotted quad: read it directly */
		const char *c = p->src->data + t->start;
		int i;

		for (i = 0; i < 4; i++, c++) {
			unsigned int v = 0;

			while (*c >= '0' && *c <= '9')
				v = v * 10 + (unsigned int)(*c++ - '0');
			a->a[i] = (uint8_t)v;
		}
		a->family = 4;
		a->plen = 32;
		return true;
	}
	if (t->kind == IPV6 && inet_pton(AF_INET6, buf, a->a) == 1) {
		a->family = 6;
		a->plen = 128;
		return true;
	}
	pctx_error(p, &l, "expected an IP address, found '%s'", buf);
	return false;
}

struct ir_addr *pctx_addr(struct pctx *p, const struct tok *t)
{
	struct ir_addr tmp, *a;

	if (!pctx_addr_fill(p, t, &tmp))
		return NULL;
	a = arena_new(p->arena, struct ir_addr);
	*a = tmp;
	return a;
}

static uint32_t addr_hash(const struct ir_addr *a)
{
	uint8_t key[24];

	key[0] = a->kind;
	key[1] = a->family;
	key[2] = a->plen;
	key[3] = a->host;
	memcpy(key + 4, &a->mask_written, 4);
	memcpy(key + 8, a->a, 16);
	return hash_bytes((const char *)key, a->kind == IR_ADDR_NET ? 24 : 1);
}

static bool addr_same(const struct ir_addr *x, const struct ir_addr *y)
{
	if (x->kind != y->kind)
		return false;
	if (x->kind != IR_ADDR_NET)
		return true;
	return x->family == y->family && x->plen == y->plen &&
	       x->host == y->host && x->mask_written == y->mask_written &&
	       !memcmp(x->a, y->a, 16);
}

/*
 * One node per distinct valid address: configurations repeat the same
 * hosts and networks in thousands of ACEs.  Only operands that can never
 * be reported on are shared (any, and networks with a contiguous mask and
 * no host bits outside it), so no diagnostic loses its location.
 */
struct ir_addr *pctx_addr_intern(struct pctx *p, const struct ir_addr *a)
{
	size_t i;
	uint32_t h;
	struct ir_addr *n;

	if (a->kind == IR_ADDR_NET && a->family == 4 && a->mask_written) {
		uint32_t m = a->mask_written;

		if (ir_mask_plen(m) < 0 || (ir_addr_v4(a) & ~m))
			goto own;
	}
	if (a->kind != IR_ADDR_NET && a->kind != IR_ADDR_ANY &&
	    a->kind != IR_ADDR_ANY4 && a->kind != IR_ADDR_ANY6)
		goto own;
	/* The table stops growing at 2^20 slots (12 MiB): past that, a
	 * configuration's addresses are mostly distinct and sharing saves
	 * less than the table costs; known ones are still shared.  Each
	 * slot keeps the hash, so a probe reads the node only on a match. */
	h = addr_hash(a) | 1;
	if ((p->naddr + 1) * 2 > p->addr_cap && p->addr_cap < (1u << 20)) {
		size_t cap = p->addr_cap ? p->addr_cap * 2 : 4096;
		struct addr_slot *t = xcalloc(cap, sizeof(*t));

		for (i = 0; i < p->addr_cap; i++) {
			size_t j;

			if (!p->addr_tab[i].h)
				continue;
			for (j = p->addr_tab[i].h & (cap - 1); t[j].h;
			     j = (j + 1) & (cap - 1))
				;
			t[j] = p->addr_tab[i];
		}
		free(p->addr_tab);
		p->addr_tab = t;
		p->addr_cap = cap;
	}
	for (i = h & (p->addr_cap - 1); p->addr_tab[i].h;
	     i = (i + 1) & (p->addr_cap - 1))
		if (p->addr_tab[i].h == h && addr_same(p->addr_tab[i].a, a))
			return p->addr_tab[i].a;
	n = arena_new(p->arena, struct ir_addr);
	*n = *a;
	if ((p->naddr + 1) * 2 <= p->addr_cap) {
		p->addr_tab[i].h = h;
		p->addr_tab[i].a = n;
		p->naddr++;
	}
	return n;
own:
	n = arena_new(p->arena, struct ir_addr);
	*n = *a;
	return n;
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* ADDRESS MASK into @a (not allocated). */
static bool addr_mask_fill(struct pctx *p, const struct tok *at,
			   const struct tok *mt, struct ir_addr *a)
{
	struct ir_addr m;
	int plen;

	if (!pctx_addr_fill(p, at, a) || !pctx_addr_fill(p, mt, &m))
		return false;
	if (a->family != 4 || m.family != 4) {
		pctx_error(p, &m.loc, "expected an IPv4 netmask");
		return false;
	}
	a->mask_written = be32(m.a);
	plen = ir_mask_plen(a->mask_written);
	/* A non-contiguous mask is kept as written; sema reports it
	 * (address-mask-mismatch), as the ASA refuses it. */
	a->plen = plen < 0 ? 32 : (uint8_t)plen;
	a->loc.end = m.loc.end;
	return true;
}

struct ir_addr *pctx_addr_mask(struct pctx *p, const struct tok *at,
			       const struct tok *mt)
{
	struct ir_addr tmp, *a;

	if (!addr_mask_fill(p, at, mt, &tmp))
		return NULL;
	a = arena_new(p->arena, struct ir_addr);
	*a = tmp;
	return a;
}

struct ir_addr *pctx_addr_mask_shared(struct pctx *p, const struct tok *at,
				      const struct tok *mt)
{
	struct ir_addr tmp;

	if (!addr_mask_fill(p, at, mt, &tmp))
		return NULL;
	return pctx_addr_intern(p, &tmp);
}

struct ir_addr *pctx_addr_shared(struct pctx *p, const struct tok *t)
{
	struct ir_addr tmp;

	if (!pctx_addr_fill(p, t, &tmp))
		return NULL;
	return pctx_addr_intern(p, &tmp);
}

struct ir_addr *pctx_prefix(struct pctx *p, const struct tok *t)
{
	struct loc l = tok_loc(p, t);
	struct ir_addr *a;
	char buf[64], *slash;

	if (!tok_text(p, t, buf, sizeof(buf)) || !(slash = strchr(buf, '/'))) {
		pctx_error(p, &l, "expected an address prefix");
		return NULL;
	}
	*slash = '\0';
	a = ir_addr_new(p->ir, IR_ADDR_NET, &l);
	a->plen = (uint8_t)atoi(slash + 1);
	if (inet_pton(AF_INET, buf, a->a) == 1)
		a->family = 4;
	else if (inet_pton(AF_INET6, buf, a->a) == 1)
		a->family = 6;
	else {
		pctx_error(p, &l, "expected an address prefix");
		return NULL;
	}
	return a;
}

struct ir_addr *pctx_range(struct pctx *p, const struct tok *t)
{
	struct loc l = tok_loc(p, t);
	struct ir_addr *a;
	char buf[64], *dash;

	if (!tok_text(p, t, buf, sizeof(buf)) || !(dash = strchr(buf, '-'))) {
		pctx_error(p, &l, "expected an address range");
		return NULL;
	}
	*dash = '\0';
	a = ir_addr_new(p->ir, IR_ADDR_RANGE, &l);
	a->family = 4;
	if (inet_pton(AF_INET, buf, a->a) != 1 ||
	    inet_pton(AF_INET, dash + 1, a->b) != 1) {
		pctx_error(p, &l, "expected an address range");
		return NULL;
	}
	if (be32(a->a) > be32(a->b)) {
		pctx_error(p, &l, "address range '%s-%s' ends before it starts",
			   buf, dash + 1);
		return NULL;
	}
	return a;
}

struct ir_addr *pctx_addr_name(struct pctx *p, const struct tok *t)
{
	struct loc l = tok_loc(p, t);
	struct ir_addr *a = ir_addr_new(p->ir, IR_ADDR_NAME, &l);

	a->ref = pctx_sym(p, t);
	return a;
}

/*
 * The ASA's port names, each with the protocols it names a port of (the
 * ASA's "TCP and UDP Ports" table; `show running-config` prints these
 * names for their numbers).  A name is refused with a protocol it does
 * not name a port of: `tcp ... eq isakmp` is an error, as on the ASA.
 * kerberos is 750 (Kerberos IV), as the ASA's table has it, not IANA's 88.
 */
#define T PORT_TCP
#define U PORT_UDP
static const struct {
	const char *name;
	uint16_t port;
	uint8_t protos;		/* PORT_TCP | PORT_UDP */
} port_names[] = {
	{ "aol", 5190, T }, { "bgp", 179, T }, { "biff", 512, U },
	{ "bootpc", 68, U }, { "bootps", 67, U }, { "chargen", 19, T },
	{ "cifs", 3020, T | U }, { "citrix-ica", 1494, T }, { "cmd", 514, T },
	{ "ctiqbe", 2748, T }, { "daytime", 13, T }, { "discard", 9, T | U },
	{ "dnsix", 195, U }, { "domain", 53, T | U }, { "echo", 7, T | U },
	{ "exec", 512, T }, { "finger", 79, T }, { "ftp", 21, T },
	{ "ftp-data", 20, T }, { "gopher", 70, T }, { "h323", 1720, T },
	{ "hostname", 101, T }, { "http", 80, T | U }, { "https", 443, T },
	{ "ident", 113, T }, { "imap4", 143, T }, { "irc", 194, T },
	{ "isakmp", 500, U }, { "kerberos", 750, T | U },
	{ "klogin", 543, T }, { "kshell", 544, T }, { "ldap", 389, T },
	{ "ldaps", 636, T }, { "login", 513, T }, { "lotusnotes", 1352, T },
	{ "lpd", 515, T }, { "mobile-ip", 434, U }, { "nameserver", 42, U },
	{ "netbios-dgm", 138, U }, { "netbios-ns", 137, U },
	{ "netbios-ssn", 139, T }, { "nfs", 2049, T | U }, { "nntp", 119, T },
	{ "ntp", 123, U }, { "pcanywhere-data", 5631, T },
	{ "pcanywhere-status", 5632, U }, { "pim-auto-rp", 496, T | U },
	{ "pop2", 109, T }, { "pop3", 110, T }, { "pptp", 1723, T },
	{ "radius", 1645, U }, { "radius-acct", 1646, U }, { "rip", 520, U },
	{ "rsh", 514, T }, { "rtsp", 554, T }, { "secureid-udp", 5510, U },
	{ "sip", 5060, T | U }, { "smtp", 25, T }, { "snmp", 161, U },
	{ "snmptrap", 162, U }, { "sqlnet", 1521, T }, { "ssh", 22, T },
	{ "sunrpc", 111, T | U }, { "syslog", 514, U }, { "tacacs", 49, T | U },
	{ "talk", 517, T | U }, { "telnet", 23, T }, { "tftp", 69, U },
	{ "time", 37, U }, { "uucp", 540, T }, { "vxlan", 4789, U },
	{ "who", 513, U }, { "whois", 43, T }, { "www", 80, T | U },
	{ "xdmcp", 177, U },
};
#undef T
#undef U

unsigned int pctx_port_name(const char *name, uint16_t *port)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(port_names); i++) {
		if (!strcasecmp(name, port_names[i].name)) {
			*port = port_names[i].port;
			return port_names[i].protos;
		}
	}
	return 0;
}

unsigned int pctx_port_protos(int proto)
{
	switch (proto) {
	case 6:
		return PORT_TCP;
	case 17:
		return PORT_UDP;
	case -2:		/* tcp-udp: names valid for both */
		return PORT_TCP | PORT_UDP;
	default:
		/* sctp: the seeds are silent on its port names; asac takes
		 * every name rather than refuse what the ASA may accept */
		return 0;
	}
}

static const char *protos_str(unsigned int protos)
{
	return protos == (PORT_TCP | PORT_UDP) ? "TCP and UDP" :
	       protos == PORT_TCP ? "TCP" : "UDP";
}

const char *pctx_port_mismatch(const char *name, unsigned int has,
			       unsigned int want, char *buf, size_t len)
{
	unsigned int missing = want & ~has;

	if (!missing)
		return NULL;
	snprintf(buf, len, "'%s' is a %s port name, not a %s one; the ASA "
		 "refuses it here", name, protos_str(has), protos_str(missing));
	return buf;
}

/* The port of name @name for @protos, or false with the error set. */
static bool port_named(struct pctx *p, const struct loc *l, const char *name,
		       uint16_t *port, unsigned int protos)
{
	unsigned int has = pctx_port_name(name, port);
	char msg[160];

	if (!has) {
		pctx_error(p, l, "unknown port '%s'", name);
		return false;
	}
	if (pctx_port_mismatch(name, has, protos, msg, sizeof(msg))) {
		pctx_error(p, l, "%s", msg);
		return false;
	}
	return true;
}

bool pctx_port(struct pctx *p, const struct tok *t, uint16_t *port,
	       unsigned int protos)
{
	struct loc l = tok_loc(p, t);
	char buf[40];

	if (t->kind == NUMBER) {
		struct ival v = pctx_num(p, t);

		if (!v.set)
			return false;
		if (v.v > 65535) {
			pctx_error(p, &l, "port %lld is out of range 0-65535",
				   (long long)v.v);
			return false;
		}
		*port = (uint16_t)v.v;
		return true;
	}
	if (tok_text(p, t, buf, sizeof(buf)))
		return port_named(p, &l, buf, port, protos);
	pctx_error(p, &l, "unknown port '%.*s'", (int)(t->end - t->start),
		   p->src->data + t->start);
	return false;
}

bool pctx_port_sym(struct pctx *p, const struct sym *s, uint16_t *port,
		   unsigned int protos)
{
	char *end;
	unsigned long v;

	if (!s->s)
		return false;
	if (*s->s >= '0' && *s->s <= '9') {
		v = strtoul(s->s, &end, 10);
		if (*end || v > 65535) {
			pctx_error(p, &s->loc, "port '%s' is not a port "
				   "number 0-65535 or a port name", s->s);
			return false;
		}
		*port = (uint16_t)v;
		return true;
	}
	return port_named(p, &s->loc, s->s, port, protos);
}

/* ---- classification of failing lines ----------------------------------- */

static bool word_is(const struct pctx *p, const struct tok *t, const char *w,
		    size_t wl)
{
	return t->end - t->start == wl &&
	       !strncasecmp(p->src->data + t->start, w, wl);
}

/* Does the line (from token @from) start with pattern @pat? */
static bool match_prefix(const struct pctx *p, uint32_t from, const char *pat)
{
	uint32_t i = from;

	while (*pat) {
		const char *sp = strchr(pat, ' ');
		size_t wl = sp ? (size_t)(sp - pat) : strlen(pat);

		if (i >= p->ntoks)
			return false;
		if (!(wl == 1 && *pat == '*') &&
		    !word_is(p, &p->toks[i], pat, wl))
			return false;
		i++;
		pat += wl;
		if (*pat == ' ')
			pat++;
	}
	return true;
}

static bool is_known(const struct pctx *p, enum mode m)
{
	const char *const *k;
	uint32_t from = 0;

	if (p->ntoks && word_is(p, &p->toks[0], "no", 2))
		from = 1;
	for (k = known[m]; *k; k++)
		if (match_prefix(p, from, *k))
			return true;
	return false;
}

static bool is_global_word(const struct pctx *p)
{
	const char *const *w;
	const struct tok *t = &p->toks[0];

	for (w = global_words; *w; w++) {
		size_t wl = strlen(*w);

		if (word_is(p, t, *w, wl))
			return true;
		/* "Cryptochecksum:..." */
		if (t->end - t->start > wl && p->src->data[t->start + wl] == ':' &&
		    !strncasecmp(p->src->data + t->start, *w, wl))
			return true;
	}
	return false;
}

/* ---- the parser's token source ----------------------------------------- */

int asa_yylex(ASA_YYSTYPE *lval, struct loc *lloc, struct pctx *p)
{
	lloc->file = p->file;
	if (p->pos == 0) {
		p->pos++;
		lloc->start = lloc->end = p->line_start;
		lval->tok = NULL;
		return p->marker;
	}
	if (p->pos <= p->ntoks) {
		const struct tok *t = &p->toks[p->pos - 1];

		p->pos++;
		lloc->start = t->start;
		lloc->end = t->end;
		lval->tok = t;
		return t->kind;
	}
	if (p->pos == p->ntoks + 1) {
		p->pos++;
		lloc->start = lloc->end = p->line_end;
		lval->tok = NULL;
		return EOL;
	}
	lloc->start = lloc->end = p->line_end;
	lval->tok = NULL;
	return 0;
}

static bool try_parse(struct pctx *p, enum mode m)
{
	p->marker = mode_marker[m];
	p->pos = 0;
	p->result = NULL;
	p->err.set = false;
	if (asa_yyparse(p) != 0 || !p->result)
		return false;
	return true;
}

void pctx_count_error(struct pctx *p, const struct loc *l)
{
	if (p->max_errors && ++p->nerrors >= p->max_errors && !p->aborted) {
		diag_report(p->diag, RULE_SYNTAX_ERROR, l,
			    "too many errors (%u), stopping; use --max-errors "
			    "to raise the limit", p->nerrors);
		p->aborted = true;
	}
}

static void report_error(struct pctx *p, const struct perr *e)
{
	diag_report(p->diag, RULE_SYNTAX_ERROR, &e->loc, "%s", e->msg);
	pctx_count_error(p, &e->loc);
}

static void keep_unmodeled(struct pctx *p, bool in_context)
{
	struct ir_unmodeled *u = arena_new(p->arena, struct ir_unmodeled);

	u->loc.file = p->file;
	u->loc.start = p->line_start;
	u->loc.end = p->line_end;
	if (in_context) {
		u->has_context = true;
		u->context_loc = p->mode_loc;
	}
	vec_push(p->arena, &p->ir->unmodeled, u);
}

void pctx_set_mode(struct pctx *p, enum mode m, void *cur)
{
	/* An unindented unmodelled line that may be global (`banner` is
	 * both) leaves a sub-mode; remember it, so the sub-mode's own lines
	 * that follow in an unindented capture find their way back. */
	if (m == MODE_UNMODELED && p->mode != MODE_GLOBAL &&
	    p->mode != MODE_UNMODELED) {
		p->prev_mode = p->mode;
		p->prev_cur = p->cur;
		p->prev_loc = p->mode_loc;
	} else if (m != MODE_UNMODELED) {
		p->prev_mode = MODE_GLOBAL;
	}
	p->mode = m;
	p->cur = cur;
	p->mode_loc.file = p->file;
	p->mode_loc.start = p->line_start;
	p->mode_loc.end = p->line_end;
}

static void run_apply(struct pctx *p, struct cmd *c)
{
	bool modelled = true;

	apply_cmd(p, c, &modelled);
	if (!modelled)
		keep_unmodeled(p, p->mode != MODE_GLOBAL);
}

static void process_line(struct pctx *p, bool indent)
{
	enum mode m = p->mode;
	struct perr sub_err;

	/* `webvpn` in a group policy's (or user's) attributes opens their
	 * webvpn sub-mode; unindented, it is the global webvpn that follows
	 * the block in show running-config (the CLI alone cannot tell) */
	if ((m == MODE_GP || m == MODE_USER || m == MODE_GP_WEBVPN) &&
	    !indent && p->ntoks &&
	    word_is(p, &p->toks[0], "webvpn", 6))
		m = MODE_GLOBAL;
	/* a line of the attributes after their webvpn sub-mode returns to
	 * them */
	if (m == MODE_GP_WEBVPN && !try_parse(p, m) &&
	    try_parse(p, p->gpweb_parent)) {
		p->mode = p->gpweb_parent;
		run_apply(p, p->result);
		return;
	}
	if (m != MODE_GLOBAL && m != MODE_UNMODELED) {
		if (try_parse(p, m)) {
			run_apply(p, p->result);
			return;
		}
		sub_err = p->err;
		if (try_parse(p, MODE_GLOBAL)) {
			pctx_set_mode(p, MODE_GLOBAL, NULL);
			run_apply(p, p->result);
			return;
		}
		if (is_known(p, m)) {
			report_error(p, &sub_err);
			return;
		}
		if (is_known(p, MODE_GLOBAL)) {
			report_error(p, &p->err);
			pctx_set_mode(p, MODE_GLOBAL, NULL);
			apply_unread_ace(p);
			return;
		}
		if (!indent && is_global_word(p)) {
			pctx_set_mode(p, MODE_UNMODELED, NULL);
			keep_unmodeled(p, false);
			return;
		}
		keep_unmodeled(p, true);
		return;
	}
	if (m == MODE_UNMODELED && indent) {
		/* Indented lines belong to the unmodelled block above; only
		 * the transcript's exit/end leave it. */
		if (try_parse(p, MODE_UNMODELED)) {
			run_apply(p, p->result);
			return;
		}
		keep_unmodeled(p, true);
		return;
	}
	if (try_parse(p, MODE_GLOBAL)) {
		pctx_set_mode(p, MODE_GLOBAL, NULL);
		run_apply(p, p->result);
		return;
	}
	if (is_known(p, MODE_GLOBAL)) {
		report_error(p, &p->err);
		pctx_set_mode(p, MODE_GLOBAL, NULL);
		apply_unread_ace(p);
		return;
	}
	if (indent && m == MODE_GLOBAL) {
		keep_unmodeled(p, false);
		return;
	}
	if (m == MODE_UNMODELED && p->prev_mode != MODE_GLOBAL) {
		enum mode pm = p->prev_mode;

		if (try_parse(p, pm)) {
			p->mode = pm;
			p->cur = p->prev_cur;
			p->mode_loc = p->prev_loc;
			p->prev_mode = MODE_GLOBAL;
			run_apply(p, p->result);
			return;
		}
	}
	if (m == MODE_UNMODELED && !is_global_word(p)) {
		keep_unmodeled(p, true);
		return;
	}
	pctx_set_mode(p, MODE_UNMODELED, NULL);
	keep_unmodeled(p, false);
}

struct ir *parse_config(struct arena *arena, struct strtab *strs,
			struct diag_ctx *diag, const struct src_file *src,
			uint32_t file, unsigned int max_errors, int debug)
{
	struct pctx p;
	struct lexer lx;

	memset(&p, 0, sizeof(p));
	p.arena = arena;
	p.strs = strs;
	p.diag = diag;
	p.src = src;
	p.file = file;
	p.max_errors = max_errors;
	p.debug = debug;
	p.ir = ir_alloc(arena, strs, file);
	p.mode = MODE_GLOBAL;
	arena_init(&p.scratch);
	p.tcap = 64;
	p.toks = xmalloc(p.tcap * sizeof(*p.toks));
	lexer_init(&lx, src->data, (uint32_t)src->len);
	for (;;) {
		int k = lexer_next(&lx);
		bool indent, prompt;

		if (k == LX_EOF)
			break;
		if (k == LX_COMMENT || k == EOL) {
			while (k != EOL && k != LX_EOF)
				k = lexer_next(&lx);
			lx.indent = lx.prompt = false;
			continue;
		}
		indent = lx.indent;
		prompt = lx.prompt;
		p.ntoks = 0;
		while (k != EOL && k != LX_EOF) {
			if (p.ntoks == p.tcap) {
				p.tcap *= 2;
				p.toks = xrealloc_array(p.toks, p.tcap,
							sizeof(*p.toks));
			}
			p.toks[p.ntoks].kind = k;
			p.toks[p.ntoks].start = lx.start;
			p.toks[p.ntoks].end = lx.end;
			p.toks[p.ntoks].idx = p.ntoks;
			p.ntoks++;
			k = lexer_next(&lx);
		}
		lx.indent = lx.prompt = false;
		arena_reset(&p.scratch);
		p.line_start = p.toks[0].start;
		p.line_end = p.toks[p.ntoks - 1].end;
		process_line(&p, indent && !prompt);
		if (p.aborted || k == LX_EOF)
			break;
	}
	lexer_free(&lx);
	arena_free(&p.scratch);
	free(p.addr_tab);
	free(p.toks);
	return p.ir;
}

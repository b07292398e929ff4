/* SPDX-License-Identifier: MIT */
/*
 * apply.c - carry out one parsed command on the IR, as the ASA's CLI
 * would: create or re-enter the entity it names, set what it sets, and
 * move to the sub-mode it opens.  Names are not resolved here (sema.c does
 * that once the whole file is read), but argument values the ASA refuses
 * at the CLI (an unknown algorithm, a number out of its range) are syntax
 * errors with the location of the word.
 */
#include "asac.h"
#include "parse.h"
#include "rules.h"
#include "util.h"
#include "asa.tab.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int syntax(struct pctx *p, const struct loc *l, const char *fmt, ...)
	__fmtstring(3, 4);

static int syntax(struct pctx *p, const struct loc *l, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_report(p->diag, RULE_SYNTAX_ERROR, l, "%s", msg);
	pctx_count_error(p, l);
	return -1;
}

static struct bval bv(bool v, const struct loc *l)
{
	struct bval b = { true, v, *l };

	return b;
}

/* Is @s one of the NULL-terminated @set (case-insensitive)? */
static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcasecmp(s, *set))
			return true;
	return false;
}

static void list_str(const char *const *set, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; *set && n < len - 1; set++)
		n += snprintf(buf + n, len - n, "%s'%s'", n ? ", " : "", *set);
}

/* Check every name of @list against @set; report each one not in it. */
static bool check_words(struct pctx *p, const struct vec *list,
			const char *const *set, const char *what)
{
	struct sym *s;
	uint32_t i;
	bool ok = true;
	char buf[400];

	vec_foreach(list, i, s) {
		if (one_of(s->s, set))
			continue;
		list_str(set, buf, sizeof(buf));
		syntax(p, &s->loc, "unknown %s '%s'; expected one of %s", what,
		       s->s, buf);
		ok = false;
	}
	return ok;
}

static bool check_word(struct pctx *p, const struct sym *s,
		       const char *const *set, const char *what)
{
	char buf[400];

	if (one_of(s->s, set))
		return true;
	list_str(set, buf, sizeof(buf));
	syntax(p, &s->loc, "unknown %s '%s'; expected one of %s", what, s->s,
	       buf);
	return false;
}

static bool check_range(struct pctx *p, const struct ival *v, int64_t lo,
			int64_t hi, const char *what)
{
	if (!v->set || (v->v >= lo && v->v <= hi))
		return true;
	syntax(p, &v->loc, "%s %lld is out of range %lld-%lld", what,
	       (long long)v->v, (long long)lo, (long long)hi);
	return false;
}

/* Algorithms, from seed 002 ("IKE Policy Keywords and Values", transform
 * sets and IPsec proposals) and the ASA's command reference. */
static const char *const ikev1_enc[] = {
	"des", "3des", "aes", "aes-192", "aes-256", NULL
};
static const char *const ikev2_enc[] = {
	"des", "3des", "aes", "aes-192", "aes-256", "aes-gcm", "aes-gcm-192",
	"aes-gcm-256", "null", NULL
};
static const char *const ikev1_hash[] = {
	"md5", "sha", "sha256", "sha384", "sha512", NULL
};
static const char *const ikev2_integrity[] = {
	"md5", "sha", "sha256", "sha384", "sha512", "null", NULL
};
static const char *const ikev2_prf[] = {
	"md5", "sha", "sha256", "sha384", "sha512", NULL
};
static const char *const ike_auth[] = {
	"pre-share", "rsa-sig", "crack", "ecdsa-sig", NULL
};
static const int dh_groups[] = { 1, 2, 5, 14, 15, 16, 19, 20, 21, 24, 31 };
static const char *const esp_enc[] = {
	"esp-des", "esp-3des", "esp-aes", "esp-aes-192", "esp-aes-256",
	"esp-null", NULL
};
static const char *const esp_auth[] = {
	"esp-md5-hmac", "esp-sha-hmac", "esp-none", NULL
};
static const char *const prop_enc[] = {
	"des", "3des", "aes", "aes-192", "aes-256", "aes-gcm", "aes-gcm-192",
	"aes-gcm-256", "aes-gmac", "aes-gmac-192", "aes-gmac-256", "null",
	NULL
};
static const char *const prop_integrity[] = {
	"md5", "sha-1", "sha-256", "sha-384", "sha-512", "null", NULL
};
static const char *const pfs_groups[] = {
	"group1", "group2", "group5", "group14", "group15", "group16",
	"group19", "group20", "group21", "group24", "group31", NULL
};
static const char *const ipsec_modes[] = { "tunnel", "transport", NULL };
static const char *const ikev2_modes[] = {
	"tunnel", "transport", "transport-require", NULL
};
static const char *const tg_types[] = {
	"remote-access", "ipsec-l2l", "ipsec-ra", "webvpn", NULL
};
static const char *const split_policies[] = {
	"tunnelall", "tunnelspecified", "excludespecified", NULL
};
static const char *const tunnel_protocols[] = {
	"ikev1", "ikev2", "l2tp-ipsec", "ssl-client", "ssl-clientless",
	"webvpn", "svc", "ipsec", "l2tp", NULL
};
static const char *const conn_types[] = {
	"bidirectional", "originate-only", "answer-only", NULL
};
static const char *const df_bits[] = {
	"clear-df", "copy-df", "set-df", NULL
};
static const char *const phase1_modes[] = { "main", "aggressive", NULL };
static const char *const accel_bias[] = {
	"balanced", "ipsec", "ssl", NULL
};
static const char *const frag_methods[] = { "ietf", "cisco", NULL };
static const char *const identities[] = {
	"address", "hostname", "auto", "key-id", NULL
};
static const char *const tgmap_enables[] = {
	"rules", "ou", "ike-id", "peer-ip", NULL
};
static const char *const peer_id_validates[] = {
	"req", "cert", "nocheck", NULL
};
static const char *const cu_types[] = {
	"win9x", "winnt", "windows", "vpn3002", "mac", "linux", NULL
};
static const char *const redirect_gw[] = { "init", "auth", NULL };

/* ---- find or create ------------------------------------------------------ */

static const char *ikepol_key(struct pctx *p, int64_t prio)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)prio);
	return strtab_intern(p->strs, buf, strlen(buf));
}

static struct ir_ike_policy *ike_policy(struct pctx *p, int version,
					const struct ival *prio,
					const struct loc *loc)
{
	const char *key = ikepol_key(p, prio->v);
	struct ir_ike_policy *pol = map_get(&p->ir->m_ikepol[version], key);

	if (pol)
		return pol;
	pol = arena_new(p->arena, struct ir_ike_policy);
	pol->loc = *loc;
	pol->version = version;
	pol->priority = *prio;
	map_put(&p->ir->m_ikepol[version], key, pol);
	vec_push(p->arena, &p->ir->ike_policies, pol);
	return pol;
}

static struct ir_acl *acl_get(struct pctx *p, const struct sym *name,
			      const struct loc *loc)
{
	struct ir_acl *acl = map_get(&p->ir->m_acls, name->s);

	if (acl)
		return acl;
	acl = arena_new(p->arena, struct ir_acl);
	acl->name = *name;
	acl->loc = *loc;
	map_put(&p->ir->m_acls, name->s, acl);
	vec_push(p->arena, &p->ir->acls, acl);
	return acl;
}

/* Add @ace to @acl: at the end, or before line @line (`access-list NAME
 * line N ...`). */
static void acl_insert(struct pctx *p, struct ir_acl *acl, struct ir_ace *ace,
		       const struct ival *line)
{
	if (line->set && line->v >= 1 && (uint64_t)line->v <= acl->aces.n) {
		uint32_t at = (uint32_t)line->v - 1;

		vec_push(p->arena, &acl->aces, ace);
		memmove(acl->aces.v + at + 1, acl->aces.v + at,
			(acl->aces.n - 1 - at) * sizeof(void *));
		acl->aces.v[at] = ace;
	} else {
		vec_push(p->arena, &acl->aces, ace);
	}
}

/*
 * An ACE line asac could not read still takes its place in its ACL: the
 * line numbers of `show access-list` (and of every later ACE) are the
 * ASA's, which read the line.  Only a line whose head the ASA evidently
 * read counts: `access-list NAME [line N] [extended|standard]
 * permit|deny ...` and `ipv6 access-list NAME [line N] permit|deny ...`;
 * the ACE is refused, with no operands and so no packets.
 */
void apply_unread_ace(struct pctx *p)
{
	const struct tok *t = p->toks;
	uint32_t i = 1, n = p->ntoks;
	struct ival line = { 0 };
	struct ir_ace *ace;
	struct sym name;
	int kind = IR_ACE_EXTENDED;

	if (n >= 2 && t[0].kind == KW_IPV6 && t[1].kind == ACCESS_LIST)
		i = 2;
	else if (!n || t[0].kind != ACCESS_LIST)
		return;
	if (i + 2 > n || t[i].kind == LPAREN || t[i].kind == RPAREN ||
	    t[i].kind == COMMA || t[i].kind == JUNK)
		return;
	name = pctx_sym(p, &t[i++]);
	if (i + 1 < n && t[i].kind == LINE && t[i + 1].kind == NUMBER) {
		line = pctx_num(p, &t[i + 1]);
		i += 2;
	}
	/* (an ipv6 access-list has neither keyword) */
	if (t[0].kind == ACCESS_LIST && i < n &&
	    (t[i].kind == EXTENDED || t[i].kind == STANDARD)) {
		kind = t[i].kind == STANDARD ? IR_ACE_STANDARD
					     : IR_ACE_EXTENDED;
		i++;
	}
	if (i >= n || (t[i].kind != PERMIT && t[i].kind != DENY))
		return;
	ace = arena_new(p->arena, struct ir_ace);
	ace->kind = (uint8_t)kind;
	ace->permit = t[i].kind == PERMIT;
	ace->refused = ace->unread = true;
	ace->ipv6 = t[0].kind == KW_IPV6;
	ace->icmp_type = ace->icmp_code = -1;
	ace->log_level = -1;
	ace->loc.file = p->file;
	ace->loc.start = p->line_start;
	ace->loc.end = p->line_end;
	acl_insert(p, acl_get(p, &name, &ace->loc), ace, &line);
}

static struct ir_cmap *cmap_get(struct pctx *p, const struct sym *name,
				bool dynamic, const struct loc *loc)
{
	struct map *m = dynamic ? &p->ir->m_dynmaps : &p->ir->m_cmaps;
	struct ir_cmap *cm = map_get(m, name->s);

	if (cm)
		return cm;
	cm = arena_new(p->arena, struct ir_cmap);
	cm->name = *name;
	cm->loc = *loc;
	cm->dynamic_map = dynamic;
	map_put(m, name->s, cm);
	vec_push(p->arena, dynamic ? &p->ir->dynmaps : &p->ir->cmaps, cm);
	return cm;
}

/* The entry with sequence number @seq, kept sorted by it. */
static struct ir_cmap_entry *cmap_entry(struct pctx *p, struct ir_cmap *cm,
					const struct ival *seq,
					const struct loc *loc)
{
	struct ir_cmap_entry *e;
	uint32_t lo = 0, hi = cm->entries.n, at;

	/* binary search: maps with thousands of entries stay linear */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		e = cm->entries.v[mid];
		if (e->seq.v == seq->v)
			return e;
		if (e->seq.v < seq->v)
			lo = mid + 1;
		else
			hi = mid;
	}
	at = lo;
	e = arena_new(p->arena, struct ir_cmap_entry);
	e->loc = *loc;
	e->seq = *seq;
	e->dynamic_map = cm->dynamic_map;
	vec_push(p->arena, &cm->entries, e);
	memmove(cm->entries.v + at + 1, cm->entries.v + at,
		(cm->entries.n - 1 - at) * sizeof(void *));
	cm->entries.v[at] = e;
	return e;
}

static struct ir_tunnel_group *tg_get(struct pctx *p, const struct sym *name,
				      const struct loc *loc)
{
	struct ir_tunnel_group *tg = map_get(&p->ir->m_tgs, name->s);

	if (tg)
		return tg;
	tg = arena_new(p->arena, struct ir_tunnel_group);
	tg->name = *name;
	tg->loc = *loc;
	map_put(&p->ir->m_tgs, name->s, tg);
	{
		/* also under the canonical text of an address name (what
		 * ir_tunnel_group() looks a peer up by) */
		char canon[64];
		const char *c;

		if (ir_addr_canon(name->s, canon, sizeof(canon)) &&
		    strcmp(canon, name->s) &&
		    !map_get(&p->ir->m_tgs, (c = strtab_intern(p->strs, canon,
							      strlen(canon)))))
			map_put(&p->ir->m_tgs, c, tg);
	}
	vec_push(p->arena, &p->ir->tunnel_groups, tg);
	return tg;
}

static struct ir_group_policy *gp_get(struct pctx *p, const struct sym *name,
				      const struct loc *loc)
{
	struct ir_group_policy *gp = map_get(&p->ir->m_gps, name->s);

	if (gp)
		return gp;
	gp = arena_new(p->arena, struct ir_group_policy);
	gp->name = *name;
	gp->loc = *loc;
	map_put(&p->ir->m_gps, name->s, gp);
	vec_push(p->arena, &p->ir->group_policies, gp);
	return gp;
}

static void dup_note(struct pctx *p, const struct loc *prev, const char *what)
{
	diag_note(p->diag, prev, "%s defined here", what);
}

static void psk_set(struct ir_psk *k, const char *text, const struct loc *l,
		    bool ikev2);

static struct ir_user *user_get(struct pctx *p, const struct sym *name,
				const struct loc *loc)
{
	struct ir_user *u = map_get(&p->ir->m_users, name->s);

	if (u)
		return u;
	u = arena_new(p->arena, struct ir_user);
	u->name = *name;
	u->loc = *loc;
	u->attrs.name = *name;
	u->attrs.loc = *loc;
	map_put(&p->ir->m_users, name->s, u);
	vec_push(p->arena, &p->ir->users, u);
	return u;
}

static struct ir_trustpoint *tp_get(struct pctx *p, const struct sym *name,
				    const struct loc *loc)
{
	struct ir_trustpoint *t = map_get(&p->ir->m_tps, name->s);

	if (t)
		return t;
	t = arena_new(p->arena, struct ir_trustpoint);
	t->name = *name;
	t->loc = *loc;
	map_put(&p->ir->m_tps, name->s, t);
	vec_push(p->arena, &p->ir->trustpoints, t);
	return t;
}

/* The source text of the token at @l. */
static const char *tok_str(struct pctx *p, const struct loc *l)
{
	return arena_strndup(p->arena, p->src->data + l->start,
			     l->end - l->start);
}

/* The next space-separated word of *@text (advanced past it) into @buf. */
static bool next_word(const char **text, char *buf, size_t len,
		      uint32_t *off)
{
	const char *t = *text, *e;
	size_t n;

	while (*t == ' ' || *t == '\t')
		t++;
	if (!*t)
		return false;
	for (e = t; *e && *e != ' ' && *e != '\t'; e++)
		;
	n = (size_t)(e - t);
	if (n >= len)
		n = len - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	*off += (uint32_t)(t - *text);
	*text = e;
	return true;
}

/* A location for the word at offset @off of the text that starts at
 * @base, @n bytes long. */
static struct loc sub_loc(const struct loc *base, uint32_t off, size_t n)
{
	struct loc l = *base;

	l.start = base->start + off;
	l.end = l.start + (uint32_t)n;
	return l;
}

static const char *const pw_forms[] = {
	"encrypted", "pbkdf2", "nt-encrypted", "mschap", NULL
};
static const char *const service_types[] = {
	"admin", "nas-prompt", "remote-access", NULL
};
static const char *const aaa_protocols[] = {
	"radius", "tacacs+", "ldap", "kerberos", "nt", "sdi", "http-form",
	NULL
};
static const char *const user_auths[] = { "none", "xauth", "hybrid", NULL };
static const char *const nem_values[] = { "enable", "disable", NULL };

/*
 * username NAME password PW [FORM] [privilege N] | nopassword
 * [privilege N]: the options after the password (seed-silent; the ASA's
 * command reference: the form says how PW is stored, privilege 0-15).
 */
static void apply_username(struct pctx *p, struct cmd *c)
{
	struct ir_user *u = user_get(p, &c->s[0], &c->loc);
	const char *t = c->text ? c->text : "";
	uint32_t off = 0;
	char w[64];

	if (c->sub == ATTRIBUTES) {
		u->has_attrs = true;
		pctx_set_mode(p, MODE_USER, u);
		return;
	}
	u->loc = c->loc;
	u->password = NULL;
	memset(&u->pw_form, 0, sizeof(u->pw_form));
	memset(&u->privilege, 0, sizeof(u->privilege));
	u->nopassword = c->sub == NOPASSWORD;
	if (c->sub == PASSWORD) {
		u->password = tok_str(p, &c->s[1].loc);
		u->password_loc = c->s[1].loc;
	}
	while (next_word(&t, w, sizeof(w), &off)) {
		struct loc l = sub_loc(&c->i[0].loc, off, strlen(w));

		off += (uint32_t)strlen(w);
		if (!strcasecmp(w, "privilege")) {
			char n[32];
			char *end;
			long v;

			if (!next_word(&t, n, sizeof(n), &off)) {
				syntax(p, &l, "incomplete command: expected a "
				       "privilege level 0-15");
				return;
			}
			l = sub_loc(&c->i[0].loc, off, strlen(n));
			off += (uint32_t)strlen(n);
			v = strtol(n, &end, 10);
			if (*end || v < 0 || v > 15) {
				syntax(p, &l, "privilege level '%s' is not "
				       "0-15", n);
				return;
			}
			u->privilege.set = true;
			u->privilege.v = v;
			u->privilege.loc = l;
		} else if (c->sub == PASSWORD && !u->pw_form.s &&
			   one_of(w, pw_forms)) {
			u->pw_form.s = strtab_intern(p->strs, w, strlen(w));
			u->pw_form.loc = l;
		} else {
			syntax(p, &l, "unexpected '%s'; expected %sprivilege N",
			       w, c->sub == PASSWORD && !u->pw_form.s ?
			       "encrypted, pbkdf2, nt-encrypted, mschap or " :
			       "");
			return;
		}
	}
}

static void apply_user_set(struct pctx *p, struct ir_user *u, struct cmd *c)
{
	switch (c->sub) {
	case VPN_GROUP_POLICY:
		if (c->neg)
			memset(&u->vpn_group_policy, 0, sizeof(struct sym));
		else
			u->vpn_group_policy = c->s[0];
		break;
	case SERVICE_TYPE:
		if (c->neg)
			memset(&u->service_type, 0, sizeof(struct sym));
		else if (check_word(p, &c->s[0], service_types, "service type"))
			u->service_type = c->s[0];
		break;
	case VPN_FRAMED_IP_ADDRESS:
		u->framed_ip = c->neg ? NULL : c->a[0];
		u->framed_mask = c->neg ? NULL : c->a[1];
		u->framed_loc = c->loc;
		if (u->framed_mask &&
		    ir_mask_plen(ir_addr_v4(u->framed_mask)) < 0) {
			syntax(p, &u->framed_mask->loc, "netmask is not "
			       "contiguous");
			u->framed_mask = NULL;
		}
		break;
	default:
		BUG("username attribute %d", c->sub);
	}
}

/* aaa-server GROUP protocol P | aaa-server GROUP [(IF)] host ADDR [KEY]
 * [timeout N] */
static void apply_aaa(struct pctx *p, struct cmd *c, bool *modelled)
{
	struct ir_aaa_group *g = map_get(&p->ir->m_aaa, c->s[0].s);
	struct ir_aaa_host *h;
	const char *t;
	uint32_t off = 0;
	char w[128];

	if (c->neg) {
		*modelled = false;
		return;
	}
	if (c->sub == PROTOCOL) {
		struct sym proto;

		proto.s = strtab_intern(p->strs, c->text, strlen(c->text));
		proto.loc = c->s[1].loc;
		if (!check_word(p, &proto, aaa_protocols, "AAA protocol"))
			return;
		if (g && strcasecmp(g->protocol.s, proto.s)) {
			diag_report(p->diag, RULE_DUPLICATE_DEFINITION,
				    &proto.loc, "aaa-server group '%s' is "
				    "already of protocol '%s'", g->name.s,
				    g->protocol.s);
			dup_note(p, &g->loc, "the group is");
			return;
		}
		if (!g) {
			g = arena_new(p->arena, struct ir_aaa_group);
			g->loc = c->loc;
			g->name = c->s[0];
			g->protocol = proto;
			map_put(&p->ir->m_aaa, c->s[0].s, g);
			vec_push(p->arena, &p->ir->aaa_groups, g);
		}
		/* its sub-mode (accounting-mode, reactivation-mode, ...) is
		 * not modelled: kept as lines of this command */
		pctx_set_mode(p, MODE_UNMODELED, NULL);
		p->mode_loc = c->loc;
		return;
	}
	if (!g) {
		diag_report(p->diag, RULE_UNDEFINED_REFERENCE, &c->s[0].loc,
			    "aaa-server group '%s' is not defined (the ASA "
			    "needs `aaa-server %s protocol ...` first)",
			    c->s[0].s, c->s[0].s);
		return;
	}
	h = arena_new(p->arena, struct ir_aaa_host);
	h->loc = c->loc;
	h->iface = c->s[1];
	h->host = c->s[2];
	if (ir_addr_canon(c->s[2].s, w, sizeof(w))) {
		struct ir_addr *a = arena_new(p->arena, struct ir_addr);

		a->kind = IR_ADDR_NET;
		a->loc = c->s[2].loc;
		if (inet_pton(AF_INET, w, a->a) == 1) {
			a->family = 4;
			a->plen = 32;
		} else {
			inet_pton(AF_INET6, w, a->a);
			a->family = 6;
			a->plen = 128;
		}
		h->addr = a;
	}
	t = c->text ? c->text : "";
	while (next_word(&t, w, sizeof(w), &off)) {
		struct loc l = sub_loc(&c->i[0].loc, off, strlen(w));

		off += (uint32_t)strlen(w);
		if (!strcasecmp(w, "timeout")) {
			char n[32];
			char *end;
			long v;

			if (!next_word(&t, n, sizeof(n), &off)) {
				syntax(p, &l, "incomplete command: expected a "
				       "timeout in seconds");
				return;
			}
			l = sub_loc(&c->i[0].loc, off, strlen(n));
			off += (uint32_t)strlen(n);
			v = strtol(n, &end, 10);
			if (*end || v < 1 || v > 300) {
				syntax(p, &l, "timeout '%s' is not 1-300 "
				       "seconds", n);
				return;
			}
			h->timeout.set = true;
			h->timeout.v = v;
			h->timeout.loc = l;
		} else if (!h->key.set) {
			psk_set(&h->key, tok_str(p, &l), &l, false);
		} else {
			syntax(p, &l, "unexpected '%s'; expected timeout N", w);
			return;
		}
	}
	vec_push(p->arena, &g->hosts, h);
	pctx_set_mode(p, MODE_AAA_HOST, h);
}

static void apply_aaa_set(struct pctx *p, struct ir_aaa_host *h,
			  struct cmd *c)
{
	struct ival v = c->neg ? (struct ival){ 0 } : c->i[0];

	switch (c->sub) {
	case KEY:
		if (c->neg)
			memset(&h->key, 0, sizeof(h->key));
		else
			psk_set(&h->key, c->text, &c->i[0].loc, false);
		break;
	case AUTHENTICATION_PORT:
		if (check_range(p, &v, 1, 65535, "port"))
			h->auth_port = v;
		break;
	case ACCOUNTING_PORT:
		if (check_range(p, &v, 1, 65535, "port"))
			h->acct_port = v;
		break;
	case TIMEOUT:
		if (check_range(p, &v, 1, 300, "timeout"))
			h->timeout = v;
		break;
	case RETRY_INTERVAL:
		if (check_range(p, &v, 1, 10, "retry interval"))
			h->retry_interval = v;
		break;
	default:
		BUG("aaa-server host setting %d", c->sub);
	}
}

static void apply_tp_set(struct pctx *p, struct ir_trustpoint *t,
			 struct cmd *c)
{
	struct sym text = { 0 };

	if (c->text && !c->neg) {
		text.s = c->text;
		text.loc = c->loc;
	}
	switch (c->sub) {
	case ENROLLMENT:
		t->enrollment = text;
		break;
	case SUBJECT_NAME:
		t->subject_name = text;
		break;
	case FQDN:
		t->fqdn = c->neg ? text : c->s[0];
		break;
	case KEYPAIR:
		t->keypair = c->neg ? text : c->s[0];
		break;
	case REVOCATION_CHECK: {
		struct sym *s;
		uint32_t i;
		size_t n = 0;
		char buf[128] = "";

		if (c->neg) {
			memset(&t->revocation_check, 0, sizeof(struct sym));
			break;
		}
		vec_foreach(c->list, i, s) {
			static const char *const methods[] = {
				"crl", "ocsp", "none", NULL
			};

			if (!check_word(p, s, methods, "revocation method"))
				return;
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
					      n ? " " : "", s->s);
			if (n >= sizeof(buf))
				n = sizeof(buf) - 1;
		}
		t->revocation_check.s = strtab_intern(p->strs, buf, strlen(buf));
		t->revocation_check.loc = c->loc;
		break;
	}
	case CRL:
		t->crl_configure = !c->neg;
		break;
	default:
		BUG("trustpoint setting %d", c->sub);
	}
}

/* FIELD [attr TAG] eq|ne|co|nc VALUE */
static void apply_certmap_rule(struct pctx *p, struct ir_certmap *m,
			       struct cmd *c)
{
	static const char *const ops[] = { "eq", "ne", "co", "nc", NULL };
	struct ir_certmap_rule *r = arena_new(p->arena, struct ir_certmap_rule);
	struct sym *v[3] = { 0 };
	uint32_t n = c->list->n, i = 0;

	r->loc = c->loc;
	r->field = c->s[0];
	if (n >= 1 && !strcasecmp(((struct sym *)c->list->v[0])->s, "attr")) {
		if (n < 2) {
			syntax(p, &c->loc, "incomplete command: expected an "
			       "attribute after 'attr'");
			return;
		}
		r->attr = *(struct sym *)c->list->v[1];
		i = 2;
	}
	if (n - i < 2) {
		syntax(p, &c->loc, "expected [attr TAG] eq|ne|co|nc VALUE");
		return;
	}
	v[0] = c->list->v[i];
	v[1] = c->list->v[i + 1];
	v[2] = c->list->v[n - 1];
	if (!check_word(p, v[0], ops, "operator"))
		return;
	r->op = *v[0];
	/* the value is the rest of the line (a name may have spaces) */
	r->value.loc = v[1]->loc;
	r->value.loc.end = v[2]->loc.end;
	r->value.s = tok_str(p, &r->value.loc);
	vec_push(p->arena, &m->rules, r);
}

/* Objects and object-groups share one namespace on the ASA. */
static bool name_taken(struct pctx *p, const struct sym *name, bool group,
		       int kind)
{
	struct ir_object *o = map_get(&p->ir->m_objects, name->s);
	struct ir_objgroup *g = map_get(&p->ir->m_objgroups, name->s);

	if (group && o) {
		diag_report(p->diag, RULE_DUPLICATE_DEFINITION, &name->loc,
			    "object-group '%s' has the name of an object",
			    name->s);
		dup_note(p, &o->loc, "the object is");
		return true;
	}
	if (!group && g) {
		diag_report(p->diag, RULE_DUPLICATE_DEFINITION, &name->loc,
			    "object '%s' has the name of an object-group",
			    name->s);
		dup_note(p, &g->loc, "the object-group is");
		return true;
	}
	if (!group && o && (int)o->kind != kind) {
		diag_report(p->diag, RULE_DUPLICATE_DEFINITION, &name->loc,
			    "object '%s' is already a %s object", name->s,
			    o->kind == IR_OBJ_NETWORK ? "network" : "service");
		dup_note(p, &o->loc, "it is");
		return true;
	}
	if (group && g && (int)g->kind != kind) {
		diag_report(p->diag, RULE_DUPLICATE_DEFINITION, &name->loc,
			    "object-group '%s' is already defined with another "
			    "type", name->s);
		dup_note(p, &g->loc, "it is");
		return true;
	}
	return false;
}

static void psk_set(struct ir_psk *k, const char *text, const struct loc *l,
		    bool ikev2)
{
	const char *sp;

	memset(k, 0, sizeof(*k));
	k->set = true;
	k->loc = *l;
	if (!text || !*text)
		return;
	/* ikev2 ... pre-shared-key [0 | 8 | hex] KEY (seed 002) */
	sp = strchr(text, ' ');
	if (ikev2 && sp) {
		size_t n = (size_t)(sp - text);

		if (n == 1 && text[0] == '0')
			k->encoding = 0, text = sp + 1;
		else if (n == 1 && text[0] == '8')
			k->encoding = 8, text = sp + 1;
		else if (n == 3 && !strncasecmp(text, "hex", 3))
			k->encoding = 16, text = sp + 1;
		while (*text == ' ')
			text++;
	}
	k->key = text;
	k->masked = strspn(text, "*") == strlen(text);
}

static struct vec *sym_vec(struct vec *dst, const struct vec *src)
{
	if (src)
		*dst = *src;
	else
		memset(dst, 0, sizeof(*dst));
	return dst;
}

/* ---- the commands --------------------------------------------------------- */

static void apply_ikepol(struct pctx *p, struct ir_ike_policy *pol,
			 struct cmd *c)
{
	int v = pol->version;
	uint32_t i;
	struct ival *g;

	if (c->neg) {
		switch (c->sub) {
		case ENCRYPTION:
			memset(&pol->encryption, 0, sizeof(pol->encryption));
			break;
		case INTEGRITY:
			memset(&pol->integrity, 0, sizeof(pol->integrity));
			break;
		case PRF:
			memset(&pol->prf, 0, sizeof(pol->prf));
			break;
		case GROUP:
			memset(&pol->group, 0, sizeof(pol->group));
			break;
		case AUTHENTICATION:
			memset(&pol->authentication, 0, sizeof(pol->authentication));
			break;
		case LIFETIME:
			memset(&pol->lifetime, 0, sizeof(pol->lifetime));
			pol->lifetime_none = false;
			break;
		}
		return;
	}
	switch (c->sub) {
	case AUTHENTICATION:
		if (v == 2) {
			syntax(p, &c->loc, "'authentication' is an IKEv1 policy "
			       "command; IKEv2 authentication is set in the "
			       "tunnel-group");
			return;
		}
		if (check_word(p, &c->s[0], ike_auth, "authentication method"))
			pol->authentication = c->s[0];
		break;
	case ENCRYPTION:
		if (v == 1 && c->list->n > 1) {
			struct sym *s = c->list->v[1];

			syntax(p, &s->loc, "an IKEv1 policy takes one "
			       "encryption algorithm");
			return;
		}
		if (check_words(p, c->list, v == 1 ? ikev1_enc : ikev2_enc,
				"encryption algorithm"))
			sym_vec(&pol->encryption, c->list);
		break;
	case INTEGRITY:
		if (v == 1 && c->i[2].v == INTEGRITY) {
			syntax(p, &c->loc, "'integrity' is an IKEv2 policy "
			       "command; IKEv1 policies use 'hash'");
			return;
		}
		if (v == 2 && c->i[2].v == HASH) {
			syntax(p, &c->loc, "'hash' is an IKEv1 policy command; "
			       "IKEv2 policies use 'integrity'");
			return;
		}
		if (v == 1 && c->list->n > 1) {
			struct sym *s = c->list->v[1];

			syntax(p, &s->loc, "an IKEv1 policy takes one hash "
			       "algorithm");
			return;
		}
		if (check_words(p, c->list, v == 1 ? ikev1_hash : ikev2_integrity,
				v == 1 ? "hash algorithm" : "integrity algorithm"))
			sym_vec(&pol->integrity, c->list);
		break;
	case PRF:
		if (v == 1) {
			syntax(p, &c->loc, "'prf' is an IKEv2 policy command");
			return;
		}
		if (check_words(p, c->list, ikev2_prf, "prf algorithm"))
			sym_vec(&pol->prf, c->list);
		break;
	case GROUP:
		vec_foreach(c->list, i, g) {
			size_t k;
			bool ok = false;

			for (k = 0; k < ARRAY_SIZE(dh_groups); k++)
				if (g->v == dh_groups[k])
					ok = true;
			if (!ok) {
				syntax(p, &g->loc, "unknown Diffie-Hellman "
				       "group %lld", (long long)g->v);
				return;
			}
		}
		if (v == 1 && c->list->n > 1) {
			g = c->list->v[1];
			syntax(p, &g->loc, "an IKEv1 policy takes one "
			       "Diffie-Hellman group");
			return;
		}
		sym_vec(&pol->group, c->list);
		break;
	case LIFETIME:
		if (!c->i[0].set) {
			syntax(p, &c->loc, "incomplete command: expected the "
			       "lifetime in seconds");
			return;
		}
		pol->lifetime = c->i[0];
		pol->lifetime_none = c->i[1].set;
		break;
	default:
		BUG("ike policy setting %d", c->sub);
	}
}

/* The IPsec settings a crypto map entry and an IPsec profile share (set
 * ikev1 transform-set, set ikev2 ipsec-proposal, set security-association
 * lifetime, set pfs); false when the value is refused (said). */
static bool entry_ipsec_set(struct pctx *p, struct ir_cmap_entry *e,
			    const struct cmd *c)
{
	switch (c->sub) {
	case TRANSFORM_SET:
		e->transform_sets = *c->list;
		e->ts_loc = c->loc;
		e->ts_version = (int)c->i[1].v;
		return true;
	case IPSEC_PROPOSAL:
		e->proposals = *c->list;
		e->prop_loc = c->loc;
		return true;
	case LIFETIME:
		if (c->i[1].set) {
			if (!check_range(p, &c->i[1], 120, 214748364,
					 "lifetime in seconds"))
				return false;
			e->lifetime_seconds = c->i[1];
		}
		if (c->i[2].set)
			e->lifetime_kb = c->i[2];
		if (c->i[3].set)
			e->lifetime_kb_unlimited = bv(true, &c->i[3].loc);
		return true;
	case PFS:
		if (c->s[1].s && !check_word(p, &c->s[1], pfs_groups,
					     "PFS group"))
			return false;
		e->pfs_set = true;
		e->pfs = c->s[1];
		e->pfs_loc = c->loc;
		return true;
	}
	return false;
}

static void apply_cmap(struct pctx *p, struct cmd *c, bool *modelled)
{
	bool dyn = c->sub2 == 1;
	struct ir_cmap *cm = cmap_get(p, &c->s[0], dyn, &c->loc);
	struct ir_cmap_entry *e;
	struct loc *line;

	if (!check_range(p, &c->i[0], 1, 65535, "sequence number"))
		return;
	e = cmap_entry(p, cm, &c->i[0], &c->loc);
	line = arena_new(p->arena, struct loc);
	*line = c->loc;
	vec_push(p->arena, &e->lines, line);
	if (c->neg) {
		switch (c->sub) {
		case TFC_PACKETS:
			e->tfc_packets = bv(false, &c->loc);
			return;
		case REVERSE_ROUTE:
			e->reverse_route = bv(false, &c->loc);
			return;
		case NAT_T_DISABLE:
			e->nat_t_disable = bv(false, &c->loc);
			return;
		case VALIDATE_ICMP_ERRORS:
			e->validate_icmp_errors = bv(false, &c->loc);
			return;
		default:
			/* Removing a setting is a CLI edit, not a state a
			 * running-config prints: keep the line. */
			e->lines.n--;
			*modelled = false;
			return;
		}
	}
	switch (c->sub) {
	case REPLAY:
		e->lines.n--;
		*modelled = false;
		return;
	case MATCH:
		e->acl = c->s[1];
		break;
	case PEER:
		e->peers = *c->list;
		break;
	case TRANSFORM_SET:
	case IPSEC_PROPOSAL:
	case LIFETIME:
	case PFS:
		if (!entry_ipsec_set(p, e, c))
			return;
		break;
	case MODE:
		if (check_word(p, &c->s[1], ikev2_modes, "IKEv2 mode"))
			e->ikev2_mode = c->s[1];
		break;
	case PHASE1_MODE:
		if (check_word(p, &c->s[1], phase1_modes, "phase 1 mode"))
			e->phase1_mode = c->s[1];
		break;
	case REVERSE_ROUTE:
		e->reverse_route = bv(true, &c->loc);
		e->reverse_route_dynamic = c->i[1].set;
		break;
	case VALIDATE_ICMP_ERRORS:
		e->validate_icmp_errors = bv(true, &c->loc);
		break;
	case DF_BIT:
		if (check_word(p, &c->s[1], df_bits, "df-bit policy"))
			e->df_bit = c->s[1];
		break;
	case TFC_PACKETS:
		e->tfc_packets = bv(true, &c->loc);
		break;
	case CONNECTION_TYPE:
		if (check_word(p, &c->s[1], conn_types, "connection type"))
			e->connection_type = c->s[1];
		break;
	case NAT_T_DISABLE:
		e->nat_t_disable = bv(true, &c->loc);
		break;
	case TRUSTPOINT:
		e->trustpoint = c->s[1];
		break;
	case INHERITANCE:
		e->inheritance = c->s[1];
		break;
	case IPSEC_ISAKMP:
		break;
	case DYNAMIC:
		if (e->acl.s || e->peers.n || e->transform_sets.n ||
		    e->proposals.n) {
			diag_report(p->diag, RULE_DUPLICATE_DEFINITION, &c->loc,
				    "crypto map entry '%s %lld' is already a "
				    "static entry", cm->name.s,
				    (long long)e->seq.v);
			dup_note(p, e->loc.start != c->loc.start ? &e->loc : &c->loc,
				 "the static entry is");
			return;
		}
		e->type = IR_CMAP_DYNAMIC;
		e->dynmap = c->s[1];
		break;
	default:
		BUG("crypto map setting %d", c->sub);
	}
	if (e->type == IR_CMAP_DYNAMIC && c->sub != DYNAMIC &&
	    c->sub != IPSEC_ISAKMP && (c->sub == MATCH || c->sub == PEER)) {
		diag_report(p->diag, RULE_DUPLICATE_DEFINITION, &c->loc,
			    "crypto map entry '%s %lld' is an ipsec-isakmp "
			    "dynamic entry; it takes no '%s'", cm->name.s,
			    (long long)e->seq.v,
			    c->sub == MATCH ? "match address" : "set peer");
	}
}

static void apply_transform_set(struct pctx *p, struct cmd *c)
{
	struct ir_transform_set *ts = map_get(&p->ir->m_ts, c->s[0].s);
	struct sym enc, auth;
	int i;

	memset(&enc, 0, sizeof(enc));
	memset(&auth, 0, sizeof(auth));
	if (c->sub2 == MODE) {
		if (!check_word(p, &c->s[3], ipsec_modes, "transform set mode"))
			return;
		if (!ts) {
			syntax(p, &c->s[0].loc, "transform set '%s' must be "
			       "defined before its mode is set", c->s[0].s);
			return;
		}
		ts->mode = c->s[3];
		return;
	}
	/* The seed writes `transform-set aes_set esp-md5-hmac esp-aes-256`:
	 * the ASA takes the two transforms in either order. */
	for (i = 1; i <= 2; i++) {
		if (!c->s[i].s)
			continue;
		if (one_of(c->s[i].s, esp_enc) && !enc.s)
			enc = c->s[i];
		else if (one_of(c->s[i].s, esp_auth) && !auth.s)
			auth = c->s[i];
		else {
			syntax(p, &c->s[i].loc, "unknown transform '%s'; "
			       "expected an encryption (esp-aes, esp-aes-192, "
			       "esp-aes-256, esp-3des, esp-des, esp-null) and "
			       "optionally an authentication (esp-sha-hmac, "
			       "esp-md5-hmac, esp-none)", c->s[i].s);
			return;
		}
	}
	if (!enc.s) {
		syntax(p, &c->s[1].loc, "transform set '%s' has no encryption "
		       "transform", c->s[0].s);
		return;
	}
	if (!ts) {
		ts = arena_new(p->arena, struct ir_transform_set);
		map_put(&p->ir->m_ts, c->s[0].s, ts);
		vec_push(p->arena, &p->ir->transform_sets, ts);
	}
	ts->loc = c->loc;
	ts->name = c->s[0];
	ts->ikev = c->sub;
	ts->esp_enc = enc;
	ts->esp_auth = auth;
}

static void apply_crypto_global(struct pctx *p, struct cmd *c)
{
	struct ir_crypto_globals *g = &p->ir->crypto;
	bool on = !c->neg;

	switch (c->sub) {
	case AM_DISABLE:
		g->am_disable = bv(on, &c->loc);
		break;
	case IDENTITY:
		if (!check_word(p, &c->s[0], identities, "identity"))
			return;
		g->isakmp_identity = c->s[0];
		g->isakmp_identity_key = c->s[1];
		break;
	case NAT_TRAVERSAL:
		g->nat_traversal = bv(on, &c->loc);
		if (on)
			g->natt_keepalive = c->i[0];
		break;
	case IPSEC_OVER_TCP:
		g->ipsec_over_tcp = bv(on, &c->loc);
		g->ipsec_over_tcp_loc = c->loc;
		sym_vec(&g->ipsec_over_tcp_ports, c->list);
		if (c->list) {
			struct ival *v;
			uint32_t i;

			vec_foreach(c->list, i, v)
				check_range(p, v, 1, 65535, "port");
		}
		break;
	case FRAGMENTATION:
		if (c->neg && (c->i[0].set || c->s[0].s)) {
			/* `no crypto ikev2 fragmentation mtu 576` restores
			 * the default MTU (seed 002) */
			if (c->i[0].set)
				memset(&g->ikev2_frag_mtu, 0,
				       sizeof(g->ikev2_frag_mtu));
			if (c->s[0].s)
				memset(&g->ikev2_frag_method, 0,
				       sizeof(g->ikev2_frag_method));
			break;
		}
		g->ikev2_fragmentation = bv(on, &c->loc);
		if (c->i[0].set)
			g->ikev2_frag_mtu = c->i[0];
		if (c->s[0].s && check_word(p, &c->s[0], frag_methods,
					    "fragmentation method"))
			g->ikev2_frag_method = c->s[0];
		break;
	case INVALID_SELECTORS:
		g->notify_invalid_selectors = bv(on, &c->loc);
		break;
	case TRUSTPOINT: {
		struct sym *s = arena_new(p->arena, struct sym);

		*s = c->s[0];
		vec_push(p->arena, &g->ra_trustpoints, s);
		break;
	}
	case RELOAD_WAIT:
		g->reload_wait = bv(on, &c->loc);
		break;
	case DISCONNECT_NOTIFY:
		g->disconnect_notify = bv(on, &c->loc);
		break;
	case LIFETIME:
		if (c->i[1].set)
			g->sa_lifetime_seconds = c->i[1];
		if (c->i[2].set)
			g->sa_lifetime_kb = c->i[2];
		if (c->i[3].set)
			g->sa_lifetime_kb_unlimited = bv(true, &c->i[3].loc);
		break;
	case PMTU_AGING:
		g->pmtu_aging.s = c->text;
		g->pmtu_aging.loc = c->loc;
		break;
	case BEFORE_ENCRYPTION:
	case AFTER_ENCRYPTION: {
		struct ir_ipsec_frag *f = arena_new(p->arena, struct ir_ipsec_frag);

		f->loc = c->loc;
		f->policy.s = c->sub == BEFORE_ENCRYPTION ? "before-encryption"
							   : "after-encryption";
		f->policy.loc = c->loc;
		f->iface = c->s[0];
		vec_push(p->arena, &g->fragmentation, f);
		break;
	}
	case INNER_ROUTING_LOOKUP:
		g->inner_routing_lookup = bv(on, &c->loc);
		break;
	default:
		BUG("crypto setting %d", c->sub);
	}
}

/* webvpn sub-mode commands (C_WEBVPN_SET); false: kept unmodelled */
static bool apply_webvpn(struct pctx *p, struct ir_webvpn *w,
			 const struct cmd *c)
{
	struct ir_webvpn_if *f;
	uint32_t i;

	switch (c->sub) {
	case ENABLE:
		if (c->neg)
			return false;
		if (c->s[1].s && strcasecmp(c->s[1].s, "tls-only")) {
			syntax(p, &c->s[1].loc, "expected 'tls-only' or the end "
			       "of the line");
			return true;
		}
		vec_foreach(&w->enabled, i, f)
			if (!strcmp(f->iface.s, c->s[0].s)) {
				f->tls_only = c->s[1].s != NULL;
				return true;
			}
		f = arena_new(p->arena, struct ir_webvpn_if);
		f->loc = c->loc;
		f->iface = c->s[0];
		f->tls_only = c->s[1].s != NULL;
		vec_push(p->arena, &w->enabled, f);
		return true;
	case ANYCONNECT:
		w->anyconnect = bv(!c->neg, &c->loc);
		return true;
	case TUNNEL_GROUP_LIST:
		w->tunnel_group_list = bv(!c->neg, &c->loc);
		return true;
	case PORT:
		if (c->neg)
			return false;
		if (check_range(p, &c->i[0], 1, 65535, "webvpn port"))
			w->port = c->i[0];
		return true;
	case DTLS:
		if (c->neg)
			return false;
		if (check_range(p, &c->i[0], 1, 65535, "DTLS port"))
			w->dtls_port = c->i[0];
		return true;
	}
	return false;
}

/* A number after @kw in @t ("none" is 0 when @none): its value, or -1
 * with a syntax error at @l. */
static int64_t gpweb_num(struct pctx *p, const char *t, const struct loc *l,
			 const char *what, int64_t lo, int64_t hi, bool none)
{
	char *end;
	long long v;

	if (none && !strcasecmp(t, "none"))
		return 0;
	v = strtoll(t, &end, 10);
	if (!*t || *end || v < lo || v > hi) {
		syntax(p, l, "%s: expected %lld-%lld%s, got '%s'", what,
		       (long long)lo, (long long)hi, none ? " or none" : "", t);
		return -1;
	}
	return v;
}

/*
 * A group policy's webvpn sub-mode, `anyconnect ...` (C_GPWEB_SET): the
 * settings of the tunnel (the ASA's command reference gives their ranges;
 * the seeds are silent); the others are kept as written for the back
 * ends to report.  False: not a form asac knows (kept unmodelled).
 */
static bool apply_gp_webvpn(struct pctx *p, struct ir_group_policy *gp,
			    const struct cmd *c)
{
	const char *t = c->text ? c->text : "";
	const struct loc *l = &c->i[0].loc;
	struct ival *iv = NULL;
	struct ir_gp_line *o;
	int64_t v;

	if (!strncasecmp(t, "ssl dtls ", 9)) {
		if (strcasecmp(t + 9, "enable") && strcasecmp(t + 9, "none")) {
			syntax(p, l, "anyconnect ssl dtls: expected 'enable' or "
			       "'none'");
			return true;
		}
		gp->ac_dtls = bv(!strcasecmp(t + 9, "enable"), &c->loc);
		return true;
	}
	if (!strncasecmp(t, "mtu ", 4)) {
		v = gpweb_num(p, t + 4, l, "anyconnect mtu", 576, 1462, false);
		iv = &gp->ac_mtu;
	} else if (!strncasecmp(t, "dpd-interval gateway ", 21)) {
		v = gpweb_num(p, t + 21, l, "anyconnect dpd-interval gateway",
			      5, 3600, true);
		iv = &gp->ac_dpd_gateway;
	} else if (!strncasecmp(t, "dpd-interval client ", 20)) {
		v = gpweb_num(p, t + 20, l, "anyconnect dpd-interval client",
			      5, 3600, true);
		iv = &gp->ac_dpd_client;
	} else if (!strncasecmp(t, "ssl keepalive ", 14)) {
		v = gpweb_num(p, t + 14, l, "anyconnect ssl keepalive", 15, 600,
			      true);
		iv = &gp->ac_keepalive;
	} else {
		o = arena_new(p->arena, struct ir_gp_line);
		o->loc = c->loc;
		o->text = t;
		vec_push(p->arena, &gp->ac_other, o);
		return true;
	}
	if (v >= 0) {
		iv->set = true;
		iv->v = v;
		iv->loc = c->loc;
	}
	return true;
}

/* tunnel-group webvpn-attributes commands (C_TGWEB_SET) */
static void apply_tg_webvpn(struct pctx *p, struct ir_tunnel_group *tg,
			    const struct cmd *c)
{
	struct ir_tg_alias *a;
	const char *t = c->text ? c->text : "", *sp;
	struct vec *v;

	switch (c->sub) {
	case GROUP_ALIAS:
	case GROUP_URL:
		a = arena_new(p->arena, struct ir_tg_alias);
		a->loc = c->loc;
		a->enabled = true;
		if (c->sub == GROUP_ALIAS) {
			a->name = c->s[0];
			a->enabled = c->sub2 != DISABLE;
			v = &tg->group_aliases;
		} else {
			/* group-url URL [enable|disable] */
			sp = strchr(t, ' ');
			if (sp && strcasecmp(sp + 1, "enable") &&
			    strcasecmp(sp + 1, "disable")) {
				syntax(p, &c->i[0].loc, "expected a URL, then "
				       "'enable' or 'disable'");
				return;
			}
			a->name.s = strtab_intern(p->ir->strs, t, sp ?
						  (size_t)(sp - t) : strlen(t));
			a->name.loc = c->i[0].loc;
			a->name.loc.end = a->name.loc.start +
					  (uint32_t)strlen(a->name.s);
			a->enabled = !(sp && !strcasecmp(sp + 1, "disable"));
			v = &tg->group_urls;
		}
		if (c->neg)
			a->enabled = false;
		vec_push(p->arena, v, a);
		break;
	case AUTHENTICATION:
		tg->webvpn_authentication.s = strtab_intern(p->ir->strs, t,
							    strlen(t));
		tg->webvpn_authentication.loc = c->loc;
		break;
	}
}

static void apply_tg_set(struct pctx *p, struct ir_tunnel_group *tg,
			 struct cmd *c)
{
	switch (c->sub) {
	case DEFAULT_GROUP_POLICY:
		tg->default_group_policy = c->s[0];
		break;
	case ADDRESS_POOL:
		sym_vec(&tg->address_pools, c->list);
		break;
	case IPV6_ADDRESS_POOL:
		sym_vec(&tg->ipv6_address_pools, c->list);
		break;
	case NAT_ASSIGNED_TO_PUBLIC_IP:
		if (c->neg)
			memset(&tg->nat_assigned_to_public_ip, 0,
			       sizeof(struct sym));
		else if (!c->s[0].s)
			syntax(p, &c->loc, "incomplete command: expected an "
			       "interface name");
		else
			tg->nat_assigned_to_public_ip = c->s[0];
		break;
	case AUTHENTICATION_SERVER_GROUP: {
		const char *t = c->text ? c->text : "";

		if (*t && strcmp(t, "LOCAL")) {
			syntax(p, &c->i[0].loc, "unexpected '%s'; expected "
			       "LOCAL", t);
			break;
		}
		tg->authentication_server_group = c->s[0];
		tg->authentication_server_iface = c->s[1];
		/* GROUP LOCAL: the local database when the servers are
		 * unreachable (the ASA's command reference) */
		tg->authentication_local_fallback = !strcmp(t, "LOCAL");
		break;
	}
	case ACCOUNTING_SERVER_GROUP:
		tg->accounting_server_group = c->s[0];
		break;
	case AUTHORIZATION_SERVER_GROUP:
		tg->authorization_server_group = c->s[0];
		break;
	case AUTHORIZATION_REQUIRED:
		tg->authorization_required = bv(!c->neg, &c->loc);
		break;
	case STRIP_REALM:
		tg->strip_realm = bv(!c->neg, &c->loc);
		break;
	case STRIP_GROUP:
		tg->strip_group = bv(!c->neg, &c->loc);
		break;
	case USER_AUTHENTICATION:
		if (check_word(p, &c->s[0], user_auths, "user authentication"))
			tg->ikev1_user_auth = c->s[0];
		break;
	case PRE_SHARED_KEY:
		psk_set(&tg->ikev1_psk, c->text, &c->i[0].loc, false);
		break;
	case LOCAL_AUTHENTICATION:
		if (c->sub2 == PRE_SHARED_KEY) {
			psk_set(&tg->ikev2_local_psk, c->text, &c->i[0].loc, true);
			tg->ikev2_local_auth.s = "pre-shared-key";
			tg->ikev2_local_auth.loc = c->loc;
		} else {
			const char *t = c->text ? c->text : "";

			tg->ikev2_local_auth = c->s[0];
			if (!strcasecmp(c->s[0].s, "certificate")) {
				if (!*t || strchr(t, ' ')) {
					syntax(p, &c->i[0].loc, "expected a "
					       "trustpoint name after "
					       "'certificate'");
					break;
				}
				tg->ikev2_local_trustpoint.s =
					strtab_intern(p->strs, t, strlen(t));
				tg->ikev2_local_trustpoint.loc = c->i[0].loc;
			}
		}
		break;
	case REMOTE_AUTHENTICATION:
		if (c->sub2 == PRE_SHARED_KEY) {
			psk_set(&tg->ikev2_remote_psk, c->text, &c->i[0].loc, true);
			tg->ikev2_remote_auth.s = "pre-shared-key";
			tg->ikev2_remote_auth.loc = c->loc;
			tg->ikev2_remote_psk_on = true;
		} else {
			static const char *const methods[] = {
				"certificate", "eap", NULL
			};
			const char *t = c->text ? c->text : "";

			if (!check_word(p, &c->s[0], methods,
					"remote authentication method"))
				break;
			tg->ikev2_remote_auth = c->s[0];
			if (!strcasecmp(c->s[0].s, "certificate")) {
				tg->ikev2_remote_cert_on = true;
			} else {
				tg->ikev2_remote_eap_on = true;
				tg->ikev2_remote_eap_loc = c->loc;
				tg->ikev2_eap_query_identity =
					!strcmp(t, "query-identity");
				if (*t && strcmp(t, "query-identity"))
					syntax(p, &c->i[0].loc, "unexpected "
					       "'%s'; expected query-identity",
					       t);
			}
		}
		break;
	case KEEPALIVE:
		tg->keepalive.s = c->text;
		tg->keepalive.loc = c->loc;
		break;
	case PEER_ID_VALIDATE:
		if (check_word(p, &c->s[0], peer_id_validates, "peer-id-validate"))
			tg->peer_id_validate = c->s[0];
		break;
	case TRUST_POINT:
		tg->trust_point = c->s[0];
		break;
	default:
		BUG("tunnel-group setting %d", c->sub);
	}
}

static void apply_client_update(struct pctx *p, struct cmd *c,
				struct vec *into)
{
	struct ir_client_update *u;

	if (c->sub == ENABLE) {
		p->ir->client_update_enable = bv(!c->neg, &c->loc);
		return;
	}
	if (!check_word(p, &c->s[0], cu_types, "client type"))
		return;
	u = arena_new(p->arena, struct ir_client_update);
	u->loc = c->loc;
	u->type = c->s[0];
	u->url = c->s[1];
	sym_vec(&u->revs, c->list);
	u->ikev1_prefix = c->sub2 == 1;
	vec_push(p->arena, into, u);
}

static void apply_gp_set(struct pctx *p, struct ir_group_policy *gp,
			 struct cmd *c)
{
	switch (c->sub) {
	case VPN_TUNNEL_PROTOCOL:
		if (check_words(p, c->list, tunnel_protocols, "tunnel protocol"))
			sym_vec(&gp->vpn_tunnel_protocol, c->list);
		break;
	case SPLIT_TUNNEL_POLICY:
		if (check_word(p, &c->s[0], split_policies, "split-tunnel policy"))
			gp->split_tunnel_policy = c->s[0];
		break;
	case SPLIT_TUNNEL_NETWORK_LIST:
		gp->split_tunnel_acl = c->s[0];
		gp->split_tunnel_acl_set = !c->neg;
		break;
	case VPN_FILTER:
		gp->vpn_filter = c->s[0];
		gp->vpn_filter_set = !c->neg;
		break;
	case VPN_IDLE_TIMEOUT:
		gp->vpn_idle_timeout = c->i[0];
		break;
	case VPN_SESSION_TIMEOUT:
		gp->vpn_session_timeout = c->i[0];
		break;
	case ALERT_INTERVAL:
		break;
	case VPN_SIMULTANEOUS_LOGINS:
		gp->vpn_simultaneous_logins = c->i[0];
		break;
	case ADDRESS_POOLS:
		sym_vec(&gp->address_pools, c->list);
		gp->address_pools_set = true;
		break;
	case IPV6_ADDRESS_POOLS:
		sym_vec(&gp->ipv6_address_pools, c->list);
		gp->ipv6_address_pools_set = !c->neg;
		break;
	case DNS_SERVER:
	case WINS_SERVER: {
		struct vec *v = c->sub == DNS_SERVER ? &gp->dns_servers
						     : &gp->wins_servers;
		struct sym *a;
		uint32_t i;
		char buf[64];

		for (i = 0; c->list && i < c->list->n; i++) {
			a = c->list->v[i];
			if (!ir_addr_canon(a->s, buf, sizeof(buf))) {
				syntax(p, &a->loc, "'%s' is not an IP address",
				       a->s);
				return;
			}
		}
		sym_vec(v, c->list);
		if (c->sub == DNS_SERVER)
			gp->dns_servers_set = !c->neg;
		else
			gp->wins_servers_set = !c->neg;
		break;
	}
	case DEFAULT_DOMAIN:
		gp->default_domain = c->s[0];
		gp->default_domain_set = !c->neg;
		break;
	case SPLIT_DNS:
		sym_vec(&gp->split_dns, c->list);
		gp->split_dns_set = !c->neg;
		break;
	case BANNER:
		/* each `banner value` line adds one line; none empties */
		if (c->neg || !c->text) {
			gp->banner.n = 0;
			gp->banner_set = !c->neg;
		} else {
			struct sym *l = arena_new(p->arena, struct sym);

			l->s = c->text;
			l->loc = c->i[0].loc;
			vec_push(p->arena, &gp->banner, l);
			gp->banner_set = true;
		}
		break;
	case GROUP_LOCK:
		gp->group_lock = c->s[0];
		gp->group_lock_set = !c->neg;
		break;
	case IPV6_SPLIT_TUNNEL_POLICY:
		if (check_word(p, &c->s[0], split_policies, "split-tunnel policy"))
			gp->ipv6_split_tunnel_policy = c->s[0];
		break;
	case IPV6_SPLIT_TUNNEL_NETWORK_LIST:
		gp->ipv6_split_tunnel_acl = c->s[0];
		gp->ipv6_split_tunnel_acl_set = !c->neg;
		break;
	case IPV6_VPN_FILTER:
		gp->ipv6_vpn_filter = c->s[0];
		gp->ipv6_vpn_filter_set = !c->neg;
		break;
	case NEM:
		if (check_word(p, &c->s[0], nem_values, "nem setting"))
			gp->nem = c->s[0];
		break;
	case CLIENT_FIREWALL:
		gp->client_firewall.s = c->neg ? NULL : c->text;
		gp->client_firewall.loc = c->loc;
		break;
	default:
		BUG("group-policy setting %d", c->sub);
	}
}

static void apply_lb_set(struct pctx *p, struct cmd *c)
{
	struct ir_vpn_lb *lb = &p->ir->lb;
	bool on = !c->neg;

	switch (c->sub) {
	case ADDRESS:
		lb->cluster_ip = c->a[0];
		lb->cluster_fqdn = c->s[0];
		lb->cluster_ip_loc = c->loc;
		break;
	case PORT:
		if (on && !c->i[0].set) {
			syntax(p, &c->loc, "incomplete command: expected a port");
			return;
		}
		if (check_range(p, &c->i[0], 1, 65535, "port"))
			lb->cluster_port = c->i[0];
		break;
	case ENCRYPTION:
		lb->cluster_encryption = bv(on, &c->loc);
		break;
	case KEY:
		psk_set(&lb->cluster_key, on ? c->text : NULL, &c->i[0].loc,
			false);
		lb->cluster_key.set = on;
		break;
	case PARTICIPATE:
		lb->participate = bv(on, &c->loc);
		break;
	case PRIORITY:
		lb->priority = c->i[0];
		break;
	case NAT: {
		int i;

		lb->nat_v4 = lb->nat_v6 = NULL;
		lb->nat_loc = c->loc;
		for (i = 0; i < 2 && on; i++) {
			struct ir_addr *a = c->a[i];

			if (!a)
				continue;
			if (a->kind == IR_ADDR_NET && a->family == 6)
				lb->nat_v6 = a;
			else
				lb->nat_v4 = a;
		}
		break;
	}
	case LBPUBLIC:
		lb->lbpublic = c->s[0];
		break;
	case LBPRIVATE:
		lb->lbprivate = c->s[0];
		break;
	case REDIRECT_FQDN:
		lb->redirect_fqdn = bv(on && c->sub2 == 1, &c->loc);
		break;
	default:
		BUG("load-balancing setting %d", c->sub);
	}
}

static void apply_cluster_set(struct pctx *p, struct cmd *c)
{
	struct ir_ikev2_cluster *cl = &p->ir->cluster;
	struct ival v = c->neg ? (struct ival){ 0 } : c->i[0];

	switch (c->sub) {
	case HOLDTIME:
		cl->holdtime = v;
		break;
	case OVERLOAD_LIMIT:
		if (check_range(p, &v, 1, 100, "overload limit"))
			cl->overload_limit = v;
		break;
	case CRYPTO_LOAD:
		cl->weight_crypto_load = v;
		break;
	case SYSTEM_LOAD:
		cl->weight_system_load = v;
		break;
	case PORT:
		if (check_range(p, &v, 1, 65535, "port"))
			cl->port = v;
		break;
	case HELLO:
		cl->slave_hello = v;
		break;
	case MAX_SESSION:
		cl->slave_max_session = v;
		break;
	case PRIORITY:
		cl->slave_priority = v;
		break;
	case UPDATE:
		cl->slave_update = v;
		break;
	case STANDBY_GROUP:
		cl->standby_group = c->s[0];
		break;
	case SHUTDOWN:
		cl->shutdown = bv(!c->neg, &c->loc);
		break;
	default:
		BUG("cluster setting %d", c->sub);
	}
}

/* The port names of a port-object (c->s[0], c->s[1]) against the protocol
 * of its group: a tcp-udp group takes only names of both (the ASA refuses
 * `port-object eq isakmp` in a tcp group: isakmp is a UDP port). */
static bool port_names_ok(struct pctx *p, const struct cmd *c,
			  const struct ir_objgroup *g)
{
	unsigned int want = pctx_port_protos(g->svc_proto), has;
	char msg[160];
	uint16_t port;
	int i;

	for (i = 0; i < 2; i++) {
		if (!c->s[i].s || (*c->s[i].s >= '0' && *c->s[i].s <= '9'))
			continue;
		has = pctx_port_name(c->s[i].s, &port);
		if (pctx_port_mismatch(c->s[i].s, has, want, msg,
				       sizeof(msg))) {
			syntax(p, &c->s[i].loc, "%s", msg);
			return false;
		}
	}
	return true;
}

static void apply_objgroup_member(struct pctx *p, struct cmd *c)
{
	struct ir_objgroup *g = p->cur;
	struct ir_ogm *m = c->node;

	if (!g)
		return;
	if (m->kind == IR_OGM_PROTOCOL || m->kind == IR_OGM_ICMP) {
		const char *w = m->word.s;
		char *end;
		long v = strtol(w, &end, 10);

		m->value = *end ? -1 : (int)v;
		if (!*end && (v < 0 || v > 255))
			syntax(p, &m->word.loc, "%s %ld is out of range 0-255",
			       m->kind == IR_OGM_PROTOCOL ? "protocol" : "ICMP type", v);
	}
	vec_push(p->arena, &g->members, m);
}

void apply_cmd(struct pctx *p, struct cmd *c, bool *modelled)
{
	struct ir *ir = p->ir;

	switch (c->kind) {
	case C_NONE:
	case C_NAV:
		break;
	case C_EXIT:
		pctx_set_mode(p, MODE_GLOBAL, NULL);
		break;
	case C_HOSTNAME:
		ir->hostname = c->s[0];
		break;
	case C_DOMAIN_NAME:
		ir->domain_name = c->s[0];
		break;
	case C_ASA_VERSION:
		ir->asa_version.s = c->text;
		ir->asa_version.loc = c->loc;
		break;
	case C_NAMES:
		ir->names_enabled = !c->neg;
		break;
	case C_NAME: {
		struct ir_name *n, *prev;

		if (c->neg) {
			*modelled = false;
			break;
		}
		prev = map_get(&ir->m_names, c->s[0].s);
		if (prev) {
			diag_report(p->diag, RULE_DUPLICATE_DEFINITION,
				    &c->s[0].loc, "name '%s' is already defined",
				    c->s[0].s);
			dup_note(p, &prev->loc, "it is");
			break;
		}
		n = arena_new(p->arena, struct ir_name);
		n->loc = c->loc;
		n->name = c->s[0];
		n->addr = c->a[0];
		n->description = c->text;
		map_put(&ir->m_names, c->s[0].s, n);
		vec_push(p->arena, &ir->names, n);
		break;
	}
	case C_INTERFACE: {
		struct ir_iface *f;
		const char *hw = c->s[0].s;

		if (c->neg) {
			*modelled = false;
			break;
		}
		if (c->s[1].s) {
			char buf[256];

			snprintf(buf, sizeof(buf), "%s%s", c->s[0].s, c->s[1].s);
			hw = strtab_intern(p->strs, buf, strlen(buf));
		}
		f = map_get(&ir->m_ifhw, hw);
		if (!f) {
			f = arena_new(p->arena, struct ir_iface);
			f->loc = c->loc;
			f->hwname = hw;
			map_put(&ir->m_ifhw, hw, f);
			vec_push(p->arena, &ir->interfaces, f);
		}
		pctx_set_mode(p, MODE_IF, f);
		break;
	}
	case C_IF_NAMEIF: {
		struct ir_iface *f = p->cur;

		if (c->neg || !c->s[0].s)
			memset(&f->nameif, 0, sizeof(f->nameif));
		else
			f->nameif = c->s[0];
		break;
	}
	case C_IF_SECLEVEL: {
		struct ir_iface *f = p->cur;

		if (c->neg) {
			memset(&f->security_level, 0, sizeof(f->security_level));
			break;
		}
		if (!c->i[0].set) {
			syntax(p, &c->loc, "incomplete command: expected a "
			       "security level 0-100");
			break;
		}
		if (check_range(p, &c->i[0], 0, 100, "security level"))
			f->security_level = c->i[0];
		break;
	}
	case C_IF_IP: {
		struct ir_iface *f = p->cur;
		uint32_t mask;
		int plen;

		if (c->neg || !c->a[0]) {
			if (!c->neg)
				syntax(p, &c->loc, "incomplete command: expected "
				       "an address and a netmask");
			f->ip = f->standby_ip = NULL;
			break;
		}
		if (c->sub == SECONDARY) {
			*modelled = false;	/* IOS secondary addresses */
			break;
		}
		mask = ir_addr_v4(c->a[1]);
		plen = ir_mask_plen(mask);
		if (plen < 0) {
			syntax(p, &c->a[1]->loc, "netmask %u.%u.%u.%u is not "
			       "contiguous", mask >> 24, (mask >> 16) & 255,
			       (mask >> 8) & 255, mask & 255);
			break;
		}
		f->ip = c->a[0];
		if (f->ip->kind == IR_ADDR_NET)
			f->ip->plen = (uint8_t)plen;
		f->ip->mask_written = mask;
		f->ip->loc.end = c->a[1]->loc.end;
		f->standby_ip = c->a[2];
		break;
	}
	case C_IF_IP6: {
		struct ir_iface *f = p->cur;

		if (c->neg || !c->a[0]) {
			if (!c->neg)
				syntax(p, &c->loc, "incomplete command: expected "
				       "an IPv6 address/prefix length");
			f->ip6 = NULL;
			break;
		}
		if (c->a[0]->family != 6) {
			syntax(p, &c->a[0]->loc, "expected an IPv6 address");
			break;
		}
		f->ip6 = c->a[0];
		break;
	}
	case C_IF_IP_DHCP:
		((struct ir_iface *)p->cur)->dhcp = !c->neg;
		break;
	case C_IF_SHUTDOWN:
		((struct ir_iface *)p->cur)->shutdown = bv(!c->neg, &c->loc);
		break;
	case C_IF_DESCRIPTION:
		((struct ir_iface *)p->cur)->description = c->neg ? NULL : c->text;
		break;
	case C_IF_STANDBY: {
		struct ir_iface *f = p->cur;
		struct ir_standby *s;

		if (c->neg) {
			*modelled = false;
			break;
		}
		s = arena_new(p->arena, struct ir_standby);
		s->loc = c->loc;
		s->group = c->i[0];
		s->priority = c->i[1];
		s->name = c->s[0];
		s->ip = c->a[0];
		s->preempt = c->sub == PREEMPT;
		s->hello_ms = c->i[2];
		s->hold_ms = c->i[3];
		check_range(p, &s->priority, 0, 255, "standby priority");
		vec_push(p->arena, &f->standby, s);
		break;
	}
	case C_ROUTE: {
		struct ir_route *r;

		if (c->neg) {
			*modelled = false;
			break;
		}
		r = arena_new(p->arena, struct ir_route);
		r->loc = c->loc;
		r->iface = c->s[0];
		r->dest = c->a[0];
		r->gateway = c->a[1];
		r->metric = c->i[0];
		check_range(p, &r->metric, 1, 255, "route metric");
		vec_push(p->arena, &ir->routes, r);
		break;
	}
	case C_OBJECT: {
		struct ir_object *o;

		if (c->neg) {
			*modelled = false;
			break;
		}
		if (name_taken(p, &c->s[0], false, c->sub)) {
			pctx_set_mode(p, MODE_UNMODELED, NULL);
			break;
		}
		o = map_get(&ir->m_objects, c->s[0].s);
		if (!o) {
			o = arena_new(p->arena, struct ir_object);
			o->loc = c->loc;
			o->kind = (enum ir_object_kind)c->sub;
			o->name = c->s[0];
			map_put(&ir->m_objects, c->s[0].s, o);
			vec_push(p->arena, &ir->objects, o);
		}
		pctx_set_mode(p, o->kind == IR_OBJ_NETWORK ? MODE_OBJNET : MODE_OBJSVC, o);
		break;
	}
	case C_OBJ_ADDR: {
		struct ir_object *o = p->cur;

		if (c->neg) {
			o->addr = NULL;
			break;
		}
		if (c->sub == RANGE) {
			struct ir_addr *a = c->a[0];

			if (a->family != c->a[1]->family ||
			    memcmp(a->a, c->a[1]->a, 16) > 0) {
				syntax(p, &c->loc, "range ends before it starts");
				break;
			}
			a->kind = IR_ADDR_RANGE;
			memcpy(a->b, c->a[1]->a, 16);
			a->loc.end = c->a[1]->loc.end;
			o->addr = a;
		} else if (c->sub == FQDN) {
			o->addr = ir_addr_new(ir, IR_ADDR_FQDN, &c->loc);
			o->addr->ref = c->s[0];
			o->addr->family = (uint8_t)c->sub2;
		} else {
			o->addr = c->a[0];
		}
		break;
	}
	case C_OBJ_SERVICE:
		((struct ir_object *)p->cur)->svc = c->neg ? NULL : c->node;
		break;
	case C_OBJ_DESCRIPTION:
		((struct ir_object *)p->cur)->description = c->neg ? NULL : c->text;
		break;
	case C_OBJ_NAT: {
		struct ir_object *o = p->cur;
		struct ir_nat *n = c->node;

		if (c->neg) {
			o->nat = NULL;
			break;
		}
		n->object = o;
		o->nat = n;
		break;
	}
	case C_OBJGROUP: {
		struct ir_objgroup *g;

		if (c->neg) {
			*modelled = false;
			break;
		}
		if (name_taken(p, &c->s[0], true, c->sub)) {
			pctx_set_mode(p, MODE_UNMODELED, NULL);
			break;
		}
		g = map_get(&ir->m_objgroups, c->s[0].s);
		if (!g) {
			g = arena_new(p->arena, struct ir_objgroup);
			g->loc = c->loc;
			g->kind = (enum ir_og_kind)c->sub;
			g->name = c->s[0];
			g->svc_proto = c->sub == IR_OG_SERVICE ? c->sub2 : -1;
			map_put(&ir->m_objgroups, c->s[0].s, g);
			vec_push(p->arena, &ir->objgroups, g);
		}
		switch (g->kind) {
		case IR_OG_NETWORK:
			pctx_set_mode(p, MODE_OGNET, g);
			break;
		case IR_OG_SERVICE:
			pctx_set_mode(p, MODE_OGSVC, g);
			break;
		case IR_OG_PROTOCOL:
			pctx_set_mode(p, MODE_OGPROTO, g);
			break;
		case IR_OG_ICMP:
			pctx_set_mode(p, MODE_OGICMP, g);
			break;
		}
		break;
	}
	case C_OGM:
		if (c->neg) {
			*modelled = false;
			break;
		}
		if (((struct ir_ogm *)c->node)->kind == IR_OGM_PORT &&
		    ((struct ir_objgroup *)p->cur)->svc_proto == -1) {
			syntax(p, &c->loc, "port-object needs a service group "
			       "with a protocol (object-group service NAME "
			       "tcp|udp|tcp-udp)");
			break;
		}
		if (((struct ir_ogm *)c->node)->kind == IR_OGM_PORT &&
		    !port_names_ok(p, c, p->cur))
			break;
		apply_objgroup_member(p, c);
		break;
	case C_OG_DESCRIPTION:
		((struct ir_objgroup *)p->cur)->description = c->neg ? NULL : c->text;
		break;
	case C_ACE: {
		struct ir_acl *acl;
		struct ir_ace *ace = c->node;

		if (c->neg) {
			*modelled = false;
			break;
		}
		acl = acl_get(p, &c->s[0], &c->loc);
		if (c->sub == REMARK) {
			ace = arena_new(p->arena, struct ir_ace);
			ace->kind = IR_ACE_REMARK;
			ace->ipv6 = c->sub2 == 6;
			ace->loc = c->loc;
			ace->remark = c->text;
			ace->icmp_type = ace->icmp_code = -1;
			ace->log_level = -1;
		}
		acl_insert(p, acl, ace, &c->i[0]);
		break;
	}
	case C_ACCESS_GROUP: {
		struct ir_access_group *ag;

		if (c->neg) {
			*modelled = false;
			break;
		}
		ag = arena_new(p->arena, struct ir_access_group);
		ag->loc = c->loc;
		ag->acl = c->s[0];
		ag->dir = (enum ir_ag_dir)c->sub;
		ag->iface = c->s[1];
		vec_push(p->arena, &ir->access_groups, ag);
		break;
	}
	case C_NAT:
		if (c->neg) {
			*modelled = false;
			break;
		}
		vec_push(p->arena, &ir->nats, c->node);
		break;
	case C_GLOBAL82: {
		struct ir_global82 *g;

		if (c->neg) {
			*modelled = false;
			break;
		}
		g = arena_new(p->arena, struct ir_global82);
		g->loc = c->loc;
		g->iface = c->s[0];
		g->nat_id = c->i[0];
		g->interface = c->sub == INTERFACE;
		g->addr = c->a[0];
		vec_push(p->arena, &ir->globals82, g);
		break;
	}
	case C_MGMT:
		if (c->neg) {
			*modelled = false;
			break;
		}
		vec_push(p->arena, &ir->mgmt, c->node);
		break;
	case C_HTTP_SERVER:
		ir->http_server = bv(!c->neg, &c->loc);
		if (!c->neg && c->i[0].set &&
		    check_range(p, &c->i[0], 1, 65535, "http server port"))
			ir->http_port = c->i[0];
		break;
	case C_SAME_SECURITY:
		if (c->sub == INTER_INTERFACE)
			ir->same_security_inter = bv(!c->neg, &c->loc);
		else
			ir->same_security_intra = bv(!c->neg, &c->loc);
		break;
	case C_SYSOPT:
		switch (c->sub) {
		case PERMIT_VPN:
			ir->permit_vpn = bv(!c->neg, &c->loc);
			break;
		case PRESERVE_VPN_FLOWS:
			ir->preserve_vpn_flows = bv(!c->neg, &c->loc);
			break;
		case RECLASSIFY_VPN:
			ir->reclassify_vpn = bv(!c->neg, &c->loc);
			break;
		case TCPMSS:
			if (check_range(p, &c->i[0], 0, 65535, "tcpmss"))
				ir->tcpmss = c->i[0];
			break;
		case MINIMUM:
			if (check_range(p, &c->i[0], 0, 65535, "tcpmss minimum"))
				ir->tcpmss_minimum = c->i[0];
			break;
		default:
			BUG("sysopt %d", c->sub);
		}
		break;
	case C_IKE_POLICY: {
		struct ir_ike_policy *pol;

		if (c->neg) {
			*modelled = false;
			break;
		}
		pol = ike_policy(p, c->sub, &c->i[0], &c->loc);
		pctx_set_mode(p, MODE_IKEPOL, pol);
		break;
	}
	case C_IKEPOL_SET:
		if (c->sub2) {
			/* one-line form: crypto isakmp policy N SETTING */
			struct ir_ike_policy *pol =
				ike_policy(p, c->sub2, &c->i[3], &c->loc);

			apply_ikepol(p, pol, c);
			break;
		}
		apply_ikepol(p, p->cur, c);
		break;
	case C_IKE_ENABLE: {
		struct ir_ike_enable *e;

		if (c->neg) {
			*modelled = false;
			break;
		}
		e = arena_new(p->arena, struct ir_ike_enable);
		e->loc = c->loc;
		e->version = c->sub;
		e->iface = c->s[0];
		e->client_services = c->sub2 == 1;
		e->port = c->i[0];
		vec_push(p->arena, &ir->ike_enables, e);
		break;
	}
	case C_CRYPTO_GLOBAL:
		apply_crypto_global(p, c);
		break;
	case C_TRANSFORM_SET:
		if (c->neg) {
			*modelled = false;
			break;
		}
		apply_transform_set(p, c);
		break;
	case C_PROPOSAL: {
		struct ir_proposal *pr;

		if (c->neg) {
			*modelled = false;
			break;
		}
		pr = map_get(&ir->m_props, c->s[0].s);
		if (!pr) {
			pr = arena_new(p->arena, struct ir_proposal);
			pr->loc = c->loc;
			pr->name = c->s[0];
			map_put(&ir->m_props, c->s[0].s, pr);
			vec_push(p->arena, &ir->proposals, pr);
		}
		pctx_set_mode(p, MODE_PROPOSAL, pr);
		break;
	}
	case C_PROP_SET: {
		struct ir_proposal *pr = p->cur;

		if (c->sub == ENCRYPTION) {
			if (c->neg)
				memset(&pr->encryption, 0, sizeof(pr->encryption));
			else if (check_words(p, c->list, prop_enc,
					     "ESP encryption algorithm"))
				sym_vec(&pr->encryption, c->list);
		} else {
			if (c->neg)
				memset(&pr->integrity, 0, sizeof(pr->integrity));
			else if (check_words(p, c->list, prop_integrity,
					     "ESP integrity algorithm"))
				sym_vec(&pr->integrity, c->list);
		}
		break;
	}
	case C_CMAP_ENTRY:
		if (p->mode == MODE_IPSEC_PROFILE) {
			/* a profile's IPsec settings; the others are a crypto
			 * map entry's (kept unmodelled) */
			if (c->neg || (c->sub != TRANSFORM_SET &&
				       c->sub != IPSEC_PROPOSAL &&
				       c->sub != LIFETIME && c->sub != PFS))
				*modelled = false;
			else
				entry_ipsec_set(p, &((struct ir_ipsec_profile *)
						     p->cur)->e, c);
			break;
		}
		apply_cmap(p, c, modelled);
		break;
	case C_IPSEC_PROFILE: {
		struct ir_ipsec_profile *pf;

		if (c->neg) {
			*modelled = false;
			break;
		}
		pf = map_get(&ir->m_profiles, c->s[0].s);
		if (!pf) {
			pf = arena_new(p->arena, struct ir_ipsec_profile);
			pf->loc = c->loc;
			pf->name = c->s[0];
			pf->e.loc = c->loc;
			map_put(&ir->m_profiles, c->s[0].s, pf);
			vec_push(p->arena, &ir->ipsec_profiles, pf);
		}
		pctx_set_mode(p, MODE_IPSEC_PROFILE, pf);
		break;
	}
	case C_IPSEC_PROFILE_SET:
		((struct ir_ipsec_profile *)p->cur)->responder_only =
			bv(!c->neg, &c->loc);
		break;
	case C_IF_TUNNEL: {
		struct ir_iface *f = p->cur;
		static const char *const tmodes[] = { "ipv4", "ipv6", NULL };

		if (c->neg) {
			*modelled = false;
			break;
		}
		switch (c->sub) {
		case SOURCE:
			f->tunnel_source = c->s[0];
			break;
		case DESTINATION:
			f->tunnel_dest = c->a[0];
			f->tunnel_dest_loc = c->loc;
			break;
		case MODE:
			if (check_word(p, &c->s[0], tmodes, "tunnel mode"))
				f->tunnel_mode = c->s[0];
			break;
		case PROTECTION:
			f->tunnel_profile = c->s[0];
			break;
		}
		break;
	}
	case C_CMAP_INTERFACE: {
		struct ir_cmap *cm;
		struct sym *s;

		if (c->neg) {
			*modelled = false;
			break;
		}
		cm = cmap_get(p, &c->s[0], false, &c->loc);
		s = arena_new(p->arena, struct sym);
		*s = c->s[1];
		vec_push(p->arena, &cm->interfaces, s);
		break;
	}
	case C_ENGINE:
		if (c->sub == ACCELERATOR_BIAS) {
			if (c->neg)
				memset(&ir->crypto.accelerator_bias, 0,
				       sizeof(struct sym));
			else if (check_word(p, &c->s[0], accel_bias,
					    "accelerator bias"))
				ir->crypto.accelerator_bias = c->s[0];
		} else {
			ir->crypto.large_mode_accel = bv(!c->neg, &c->loc);
		}
		break;
	case C_TUNNEL_GROUP: {
		struct ir_tunnel_group *tg;

		if (c->neg) {
			*modelled = false;
			break;
		}
		if (!check_word(p, &c->s[1], tg_types, "tunnel-group type"))
			break;
		tg = tg_get(p, &c->s[0], &c->loc);
		if (tg->type.s && strcasecmp(tg->type.s, c->s[1].s)) {
			diag_report(p->diag, RULE_DUPLICATE_DEFINITION,
				    &c->s[1].loc, "tunnel-group '%s' is already "
				    "of type '%s'", tg->name.s, tg->type.s);
			dup_note(p, &tg->type_loc, "the type is");
			break;
		}
		tg->type = c->s[1];
		tg->type_loc = c->loc;
		break;
	}
	case C_TG_ATTR_MODE: {
		struct ir_tunnel_group *tg;

		if (c->neg) {
			*modelled = false;
			break;
		}
		tg = tg_get(p, &c->s[0], &c->loc);
		pctx_set_mode(p, c->sub == GENERAL_ATTRIBUTES ? MODE_TG_GENERAL :
			      c->sub == WEBVPN_ATTRIBUTES ? MODE_TG_WEBVPN :
			      MODE_TG_IPSEC, tg);
		break;
	}
	case C_TGWEB_SET:
		apply_tg_webvpn(p, p->cur, c);
		break;
	case C_WEBVPN:
		if (c->neg) {
			*modelled = false;
			break;
		}
		if (!ir->webvpn.present) {
			ir->webvpn.present = true;
			ir->webvpn.loc = c->loc;
		}
		pctx_set_mode(p, MODE_WEBVPN, &ir->webvpn);
		break;
	case C_WEBVPN_SET:
		if (!apply_webvpn(p, &ir->webvpn, c))
			*modelled = false;
		break;
	case C_SSL_VERSION: {
		/* 9.x: tlsv1|tlsv1.1|tlsv1.2|tlsv1.3 (and dtls...); 8.x:
		 * any|sslv3|tlsv1|sslv3-only|tlsv1-only */
		static const char *const versions[] = {
			"any", "sslv3", "sslv3-only", "tlsv1", "tlsv1-only",
			"tlsv1.1", "tlsv1.2", "tlsv1.3", "dtlsv1", "dtlsv1.2",
			NULL
		};

		if (c->neg) {
			*modelled = false;
			break;
		}
		if (check_word(p, &c->s[0], versions, "SSL server version"))
			ir->ssl_server_version = c->s[0];
		break;
	}
	case C_SSL_CIPHER: {
		static const char *const versions[] = {
			"default", "tlsv1", "tlsv1.1", "tlsv1.2", "tlsv1.3",
			"dtlsv1", "dtlsv1.2", NULL
		};
		static const char *const levels[] = {
			"all", "low", "medium", "fips", "high", NULL
		};
		struct ir_ssl_cipher *sc;
		const char *t = c->text ? c->text : "";
		size_t k;

		if (c->neg) {
			*modelled = false;
			break;
		}
		if (!check_word(p, &c->s[0], versions, "SSL version"))
			break;
		for (k = 0; levels[k] && strcasecmp(levels[k], t); k++)
			;
		if (!levels[k] && strncasecmp(t, "custom ", 7)) {
			syntax(p, &c->i[0].loc, "expected all, low, medium, fips, "
			       "high or custom \"CIPHERS\"");
			break;
		}
		sc = arena_new(p->arena, struct ir_ssl_cipher);
		sc->loc = c->loc;
		sc->version = c->s[0];
		sc->level = t;
		sc->level_loc = c->i[0].loc;
		vec_push(p->arena, &ir->ssl_ciphers, sc);
		break;
	}
	case C_SSL_TRUSTPOINT: {
		struct ir_ssl_tp *t;

		if (c->neg) {
			*modelled = false;
			break;
		}
		t = arena_new(p->arena, struct ir_ssl_tp);
		t->loc = c->loc;
		t->tp = c->s[0];
		t->iface = c->s[1];
		vec_push(p->arena, &ir->ssl_trustpoints, t);
		break;
	}
	case C_TG_SET:
		apply_tg_set(p, p->cur, c);
		break;
	case C_TGMAP: {
		struct ir_tgmap *m;

		if (c->neg) {
			*modelled = false;
			break;
		}
		if (c->sub == ENABLE &&
		    !check_word(p, &c->s[0], tgmap_enables, "policy"))
			break;
		m = arena_new(p->arena, struct ir_tgmap);
		m->loc = c->loc;
		if (c->sub == ENABLE)
			m->enable = c->s[0];
		m->rule_index = c->i[0];
		m->map_name = c->s[2];
		m->group = c->s[1];
		vec_push(p->arena, &ir->tgmaps, m);
		break;
	}
	case C_GROUP_POLICY: {
		struct ir_group_policy *gp;

		if (c->neg) {
			*modelled = false;
			break;
		}
		gp = gp_get(p, &c->s[0], &c->loc);
		if (c->sub == ATTRIBUTES) {
			pctx_set_mode(p, MODE_GP, gp);
		} else {
			gp->type.s = c->sub == INTERNAL ? "internal" : "external";
			gp->type.loc = c->loc;
		}
		break;
	}
	case C_GP_SET:
		apply_gp_set(p, p->mode == MODE_USER ?
			     &((struct ir_user *)p->cur)->attrs : p->cur, c);
		break;
	case C_GP_WEBVPN:
		if (c->neg) {
			*modelled = false;
			break;
		}
		p->gpweb_parent = p->mode;
		pctx_set_mode(p, MODE_GP_WEBVPN, p->cur);
		break;
	case C_GPWEB_SET:
		if (c->neg || !apply_gp_webvpn(p, p->gpweb_parent == MODE_USER ?
					       &((struct ir_user *)p->cur)->attrs :
					       p->cur, c))
			*modelled = false;
		break;
	case C_USERNAME:
		if (c->neg) {
			*modelled = false;
			break;
		}
		apply_username(p, c);
		break;
	case C_USER_SET:
		apply_user_set(p, p->cur, c);
		break;
	case C_AAA:
		apply_aaa(p, c, modelled);
		break;
	case C_AAA_SET:
		apply_aaa_set(p, p->cur, c);
		break;
	case C_TRUSTPOINT:
		if (c->neg) {
			*modelled = false;
			break;
		}
		pctx_set_mode(p, MODE_TRUSTPOINT, tp_get(p, &c->s[0], &c->loc));
		break;
	case C_TP_SET:
		apply_tp_set(p, p->cur, c);
		break;
	case C_CERT_CHAIN: {
		struct ir_trustpoint *t;

		if (c->neg) {
			*modelled = false;
			break;
		}
		/* the ASA refuses a chain for a trustpoint it does not have */
		t = map_get(&ir->m_tps, c->s[0].s);
		if (!t) {
			diag_report(p->diag, RULE_UNDEFINED_REFERENCE,
				    &c->s[0].loc, "trustpoint '%s' is not "
				    "defined", c->s[0].s);
			pctx_set_mode(p, MODE_UNMODELED, NULL);
			break;
		}
		t->chain = true;
		t->chain_loc = c->loc;
		pctx_set_mode(p, MODE_CHAIN, t);
		break;
	}
	case C_CHAIN_LINE:
		if (c->sub == CERTIFICATE)
			((struct ir_trustpoint *)p->cur)->chain_certs++;
		break;
	case C_CERTMAP: {
		struct ir_certmap *m;

		if (c->neg) {
			*modelled = false;
			break;
		}
		m = arena_new(p->arena, struct ir_certmap);
		m->loc = c->loc;
		m->name = c->s[0];
		m->seq = c->i[0];
		vec_push(p->arena, &ir->certmaps, m);
		pctx_set_mode(p, MODE_CERTMAP, m);
		break;
	}
	case C_CERTMAP_RULE:
		if (c->neg) {
			*modelled = false;
			break;
		}
		apply_certmap_rule(p, p->cur, c);
		break;
	case C_POOL: {
		struct ir_pool *pl, *prev;

		if (c->neg) {
			*modelled = false;
			break;
		}
		prev = map_get(&ir->m_pools, c->s[0].s);
		if (prev) {
			diag_report(p->diag, RULE_DUPLICATE_DEFINITION,
				    &c->s[0].loc, "address pool '%s' is already "
				    "defined", c->s[0].s);
			dup_note(p, &prev->loc, "it is");
			break;
		}
		pl = arena_new(p->arena, struct ir_pool);
		pl->loc = c->loc;
		pl->name = c->s[0];
		pl->family = c->sub;
		pl->range = c->a[0];
		pl->mask = c->a[1];
		pl->count = c->i[0];
		if (pl->mask && ir_mask_plen(ir_addr_v4(pl->mask)) < 0) {
			syntax(p, &pl->mask->loc, "pool mask is not a "
			       "contiguous netmask");
			break;
		}
		map_put(&ir->m_pools, c->s[0].s, pl);
		vec_push(p->arena, &ir->pools, pl);
		break;
	}
	case C_SESSIONDB: {
		struct ival *v = c->sub == MAX_OTHER_VPN_LIMIT
					 ? &ir->max_other : &ir->max_anyconnect;

		if (c->neg) {
			memset(v, 0, sizeof(*v));
			break;
		}
		if (!c->i[0].set) {
			syntax(p, &c->loc, "incomplete command: expected the "
			       "maximum number of sessions");
			break;
		}
		*v = c->i[0];
		break;
	}
	case C_LB:
		if (c->neg) {
			*modelled = false;
			break;
		}
		ir->lb.present = true;
		if (!ir->lb.loc.end)
			ir->lb.loc = c->loc;
		pctx_set_mode(p, MODE_LB, &ir->lb);
		break;
	case C_LB_SET:
		apply_lb_set(p, c);
		break;
	case C_CLUSTER:
		if (c->neg) {
			*modelled = false;
			break;
		}
		ir->cluster.present = true;
		if (!ir->cluster.loc.end)
			ir->cluster.loc = c->loc;
		pctx_set_mode(p, MODE_CLUSTER, &ir->cluster);
		break;
	case C_CLUSTER_SET:
		apply_cluster_set(p, c);
		break;
	case C_IKEV2_REDIRECT:
		if (c->sub == CLIENT) {
			ir->redirect.client = bv(!c->neg, &c->loc);
			ir->redirect.max_redirects = c->i[0];
		} else if (c->neg) {
			memset(&ir->redirect.gateway, 0, sizeof(struct sym));
		} else if (check_word(p, &c->s[0], redirect_gw,
				      "redirect point")) {
			ir->redirect.gateway = c->s[0];
			ir->redirect.gateway_loc = c->loc;
		}
		break;
	case C_RECONNECT_KEY: {
		struct ir_reconnect_key *k;

		if (c->neg) {
			*modelled = false;
			break;
		}
		if (!check_range(p, &c->i[0], 1, 2, "reconnect key index"))
			break;
		k = arena_new(p->arena, struct ir_reconnect_key);
		k->loc = c->loc;
		k->index = c->i[0];
		k->active = c->sub == ACTIVE;
		k->key = c->s[0].s;
		k->key_loc = c->s[0].loc;
		vec_push(p->arena, &ir->redirect.reconnect_keys, k);
		break;
	}
	case C_CLIENT_UPDATE:
		if (c->neg && c->sub != ENABLE) {
			*modelled = false;
			break;
		}
		if (p->mode == MODE_TG_IPSEC)
			apply_client_update(p, c,
				&((struct ir_tunnel_group *)p->cur)->client_updates);
		else
			apply_client_update(p, c, &ir->client_updates);
		break;
	case C_TIME_RANGE: {
		struct ir_time_range *tr;

		if (c->neg) {
			*modelled = false;
			break;
		}
		tr = map_get(&ir->m_time_ranges, c->s[0].s);
		if (!tr) {
			tr = arena_new(p->arena, struct ir_time_range);
			tr->loc = c->loc;
			tr->name = c->s[0];
			map_put(&ir->m_time_ranges, c->s[0].s, tr);
			vec_push(p->arena, &ir->time_ranges, tr);
		}
		pctx_set_mode(p, MODE_TIMERANGE, tr);
		break;
	}
	case C_TR_SET: {
		struct ir_time_range *tr = p->cur;

		if (c->sub == ABSOLUTE) {
			/* one absolute window: the last written (the ASA
			 * replaces it), `no absolute` removes it */
			const struct tr_absolute *a = c->node;

			memset(&tr->start, 0, sizeof(tr->start));
			memset(&tr->end, 0, sizeof(tr->end));
			memset(&tr->absolute_loc, 0, sizeof(tr->absolute_loc));
			if (c->neg)
				break;
			tr->start = a->start;
			tr->end = a->end;
			tr->absolute_loc = c->loc;
		} else if (c->neg) {
			/* removing one periodic line is a CLI edit, not a
			 * state a running-config prints: keep the line */
			*modelled = false;
		} else {
			vec_push(p->arena, &tr->periodic, c->node);
		}
		break;
	}
	case C_LOGGING: {
		struct ir_logging *l;

		if (c->neg) {
			*modelled = false;
			break;
		}
		l = arena_new(p->arena, struct ir_logging);
		l->loc = c->loc;
		l->trap = c->sub == TRAP;
		l->klass = c->s[0];
		l->rest = c->text;
		vec_push(p->arena, &ir->logging, l);
		break;
	}
	}
}

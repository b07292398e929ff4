/* SPDX-License-Identifier: MIT */
/*
 * swanctl.c - compile crypto map entries to strongSwan 5.9.8 swanctl.conf.
 *
 * Nothing of the ASA's semantics is derived here: each entry's protected
 * set comes from the crypto-map model (cm_build_sets: seed 002's cascade,
 * earlier entries' permits and the entry's own earlier denies already
 * subtracted).  This file only cuts those sets into what an XFRM selector
 * can hold (reference strongswan.md §2.5: a CIDR prefix, one protocol or
 * any, a mask-aligned port block; strongSwan widens anything else), and
 * maps the entry's peers, proposals, PFS and lifetimes (§1, §2.2).
 *
 * Children of different entries are disjoint because the protected sets
 * are (kernel-libipsec ignores manual priorities, §2.6); a child's local
 * by remote cross product is exact because each child is one box of the
 * set, or boxes that share one side (L x R1 u L x R2 = L x (R1 u R2)).
 * IKEv1 negotiates only the first selector pair of a child (§1.8), so
 * initiating IKEv1 children hold one pair each.  Entries to the same
 * peers with the same IKE settings share a connection (connection()).
 */
#include "compiler/asac.h"
#include "compiler/cryptomap.h"
#include "compiler/rules.h"
#include "compiler/map.h"
#include "compiler/policy.h"
#include "compiler/util.h"
#include "swanctl.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- names and text ------------------------------------------------------- */

/* A heap string from a format (the caller frees it). */
static char *xfmt(const char *fmt, ...) __fmtstring(1, 2);
static char *xfmt(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* settings_lexer.l: names hold no # { } : . , = " or blanks */
static void sanitize(char *p)
{
	for (; *p; p++)
		if (strchr("#{}:.,=\" \t\\'", *p) || (unsigned char)*p < 0x21 ||
		    (unsigned char)*p > 0x7e)
			*p = '_';
}

void swanctl_conn_name(char *buf, size_t len, const char *map, long long seq,
		       const char *iface)
{
	if (iface)
		snprintf(buf, len, "%s-%s-%lld", map, iface, seq);
	else
		snprintf(buf, len, "%s-%lld", map, seq);
	sanitize(buf);
}

void swanctl_entry_name(char *buf, size_t len, const struct cm_set *set,
			const struct cm_entry *ce, bool named_iface)
{
	swanctl_conn_name(buf, len, set->map->name.s, (long long)ce->e->seq.v,
			  named_iface ? set->iface->s : NULL);
	if (ce->dyn) {
		size_t l = strlen(buf);

		snprintf(buf + l, len - l, "-%s-%lld", ce->dynmap->name.s,
			 (long long)ce->dyn->seq.v);
		sanitize(buf);
	}
}

/* Is the map of @set bound to more than one interface? */
bool swanctl_named_iface(const struct cm_model *m, const struct cm_set *set)
{
	size_t j, nb = 0;

	for (j = 0; j < m->nsets; j++)
		if (m->sets[j].map == set->map)
			nb++;
	return nb > 1;
}

/* "# fw.cfg:42 crypto map OUT 10 match address X" for @loc's line. */
static void comment_line(FILE *o, const struct srcset *src, const char *ind,
			 const struct loc *l)
{
	struct sbuf sb = { 0 };

	src_cmd_comment(&sb, src, l);
	fprintf(o, "%s# %s\n", ind, sb.s);
	sb_free(&sb);
}

static void addr_text(uint8_t fam, const uint8_t *a, char *buf, size_t len)
{
	if (!inet_ntop(fam == 6 ? AF_INET6 : AF_INET, a, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

/* --- algorithms (reference strongswan.md §1) ------------------------------ */

static const char *enc_kw(const char *asa)
{
	static const struct {
		const char *asa, *ss;
	} t[] = {
		{ "des", "des" }, { "3des", "3des" }, { "aes", "aes128" },
		{ "aes-192", "aes192" }, { "aes-256", "aes256" },
		{ "aes-gcm", "aes128gcm16" }, { "aes-gcm-192", "aes192gcm16" },
		{ "aes-gcm-256", "aes256gcm16" }, { "aes-gmac", "aes128gmac" },
		{ "aes-gmac-192", "aes192gmac" },
		{ "aes-gmac-256", "aes256gmac" }, { "null", "null" },
		{ "esp-des", "des" }, { "esp-3des", "3des" },
		{ "esp-aes", "aes128" }, { "esp-aes-192", "aes192" },
		{ "esp-aes-256", "aes256" }, { "esp-null", "null" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (!strcasecmp(asa, t[i].asa))
			return t[i].ss;
	return NULL;
}

static bool aead(const char *kw)
{
	return strstr(kw, "gcm") || strstr(kw, "gmac");
}

/* Integrity, hash or PRF; "" for none (integrity null, esp-none). */
static const char *integ_kw(const char *asa)
{
	static const struct {
		const char *asa, *ss;
	} t[] = {
		{ "sha", "sha1" }, { "sha-1", "sha1" }, { "md5", "md5" },
		{ "sha256", "sha256" }, { "sha-256", "sha256" },
		{ "sha384", "sha384" }, { "sha-384", "sha384" },
		{ "sha512", "sha512" }, { "sha-512", "sha512" },
		{ "null", "" }, { "esp-sha-hmac", "sha1" },
		{ "esp-md5-hmac", "md5" }, { "esp-none", "" },
		{ "esp-sha256-hmac", "sha256" }, { "esp-sha384-hmac", "sha384" },
		{ "esp-sha512-hmac", "sha512" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (!strcasecmp(asa, t[i].asa))
			return t[i].ss;
	return NULL;
}

static const char *dh_kw(long long g)
{
	switch (g) {
	case 1: return "modp768";
	case 2: return "modp1024";
	case 5: return "modp1536";
	case 14: return "modp2048";
	case 15: return "modp3072";
	case 16: return "modp4096";
	case 19: return "ecp256";
	case 20: return "ecp384";
	case 21: return "ecp521";
	case 22: return "modp1024s160";
	case 23: return "modp2048s224";
	case 24: return "modp2048s256";
	}
	return NULL;
}

/* A growing comma-separated list. */
struct list {
	char *s;
	size_t n, cap;
};

static void l_put(struct list *l, const char *sep, const char *s)
{
	size_t a = l->n && sep ? strlen(sep) : 0, b = strlen(s);

	if (l->n + a + b + 1 > l->cap) {
		l->cap = (l->n + a + b + 1) * 2;
		l->s = xrealloc(l->s, l->cap);
	}
	memcpy(l->s + l->n, sep, a);
	memcpy(l->s + l->n + a, s, b + 1);
	l->n += a + b;
}

struct sw {
	const struct ir *ir;
	const struct srcset *src;
	struct diag_ctx *d;
	FILE *o;
	bool said_proto0, said_type0, said_code0;	/* per entry */
	struct swanctl_secret *given;			/* --secrets */
	size_t ngiven;
	struct swanctl_conn *conns;			/* when asked */
	size_t nconns;
	struct swanctl_conn *cur;	/* the one being written, or NULL */
	bool probe;	/* swanctl_connections(): which connections there
			 * are, as if every secret were given */
	bool idle;	/* a child has vpn-idle-timeout (inactivity) */
	struct swanctl_secret **byname;	/* given, by name then file order */
};

static int secret_cmp(const void *a, const void *b)
{
	const struct swanctl_secret *x = *(const struct swanctl_secret *const *)a,
				    *y = *(const struct swanctl_secret *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x > y) - (x < y);
}

/* The index of --secrets by name (a hub's thousands of peers and a
 * gateway's thousands of users are looked up once each). */
static void index_given(struct sw *w)
{
	size_t i;

	if (!w->ngiven)
		return;
	w->byname = xcalloc(w->ngiven, sizeof(*w->byname));
	for (i = 0; i < w->ngiven; i++)
		w->byname[i] = &w->given[i];
	qsort(w->byname, w->ngiven, sizeof(*w->byname), secret_cmp);
}

/* The first secret named @name in file order, or NULL; its index in
 * w->byname is *@at. */
static struct swanctl_secret *given_first(struct sw *w, const char *name,
					  size_t *at)
{
	size_t lo = 0, hi = w->ngiven;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(w->byname[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return lo < w->ngiven && !strcmp(w->byname[lo]->name, name) ?
	       w->byname[lo] : NULL;
}

/* The first secret of @kind named @name, or NULL. */
static struct swanctl_secret *given_named(struct sw *w,
					  enum swanctl_secret_kind kind,
					  const char *name)
{
	size_t i;
	struct swanctl_secret *s = given_first(w, name, &i);

	for (; s && i < w->ngiven && !strcmp(w->byname[i]->name, name); i++)
		if (w->byname[i]->kind == kind)
			return w->byname[i];
	return NULL;
}

/* The key --secrets gives for tunnel group @name, or NULL. */
static const char *given_key(struct sw *w, const char *name)
{
	struct swanctl_secret *s = given_named(w, SWS_TUNNEL_GROUP, name);

	if (!s)
		return NULL;
	s->used = true;
	return s->key;
}

#define UNSUPPORTED(w, loc, ...) \
	diag_report((w)->d, RULE_UNSUPPORTED_FEATURE, (loc), __VA_ARGS__)

/*
 * IKE policies of @ver, by priority (they are kept by version and
 * priority), as `proposals`.  Unset values take seed 002's defaults (aes,
 * sha, group 14; IKEv2 prf sha).  An IKEv2 policy holding CBC and GCM
 * becomes two proposals (strongSwan cannot mix them, §1.1).
 */
static void ike_proposals(struct sw *w, int ver, struct list *out)
{
	const struct ir_ike_policy *p;
	uint32_t i, j;

	vec_foreach(&w->ir->ike_policies, i, p) {
		struct list cls = { 0 }, gcm = { 0 }, integ = { 0 },
			    prf = { 0 }, grp = { 0 };
		bool bad = false;

		if (p->version != ver)
			continue;
		for (j = 0; j < (p->encryption.n ? p->encryption.n : 1); j++) {
			const struct sym *s = p->encryption.n ?
				p->encryption.v[j] : NULL;
			const char *k = enc_kw(s ? s->s : "aes");

			if (!k || (ver == 1 && aead(k))) {
				UNSUPPORTED(w, s ? &s->loc : &p->loc, "IKEv%d "
					    "encryption '%s' has no strongSwan "
					    "equivalent%s", ver, s ? s->s : "",
					    ver == 1 && k ? " for IKEv1" : "");
				bad = true;
				continue;
			}
			l_put(aead(k) ? &gcm : &cls, "-", k);
		}
		for (j = 0; j < (p->integrity.n ? p->integrity.n : 1); j++) {
			const struct sym *s = p->integrity.n ?
				p->integrity.v[j] : NULL;
			const char *k = integ_kw(s ? s->s : "sha");

			if (!k) {
				UNSUPPORTED(w, &s->loc, "integrity '%s' has no "
					    "strongSwan equivalent", s->s);
				bad = true;
			} else if (*k) {
				l_put(&integ, "-", k);
			}
		}
		if (ver == 2)
			for (j = 0; j < (p->prf.n ? p->prf.n : 1); j++) {
				const struct sym *s = p->prf.n ? p->prf.v[j] :
								NULL;
				const char *k = integ_kw(s ? s->s : "sha");
				char b[32];

				if (!k || !*k) {
					bad = true;
					continue;
				}
				snprintf(b, sizeof(b), "prf%s", k);
				l_put(&prf, "-", b);
			}
		for (j = 0; j < (p->group.n ? p->group.n : 1); j++) {
			const struct ival *g = p->group.n ? p->group.v[j] :
							    NULL;
			const char *k = dh_kw(g ? g->v : 14);

			if (!k) {
				UNSUPPORTED(w, &g->loc, "Diffie-Hellman group "
					    "%lld has no strongSwan equivalent",
					    (long long)g->v);
				bad = true;
				continue;
			}
			l_put(&grp, "-", k);
		}
		if (!bad && cls.n && integ.n) {
			char *s;

			s = xfmt("%s-%s%s%s-%s", cls.s, integ.s,
				 prf.n ? "-" : "", prf.n ? prf.s : "", grp.s);
			l_put(out, ", ", s);
			free(s);
		}
		if (!bad && gcm.n) {
			char *s;

			/* AEAD needs an explicit PRF (§1.1); IKEv1 has none */
			s = xfmt("%s-%s-%s", gcm.s, prf.n ? prf.s :
				 "prfsha256", grp.s);
			l_put(out, ", ", s);
			free(s);
		}
		free(cls.s);
		free(gcm.s);
		free(integ.s);
		free(prf.s);
		free(grp.s);
	}
}

/*
 * The IKE SA lifetime, from the first policy of the version the
 * connection initiates with (seed 002: default 86400 s).  IKEv2 rekeys
 * (not negotiated); IKEv1 has no rekey, so it reauthenticates, within the
 * lifetime (§1.9).  Lifetime 0 (IKEv1, seed 004): never.
 */
static void ike_lifetime(struct sw *w, int ver)
{
	const struct ir_ike_policy *p;
	long long life = 86400;
	uint32_t i;
	int v = ver == 1 ? 1 : 2;

	vec_foreach(&w->ir->ike_policies, i, p)
		if (p->version == v) {
			if (p->lifetime.set)
				life = p->lifetime.v;
			break;
		}
	if (life == 0) {
		fprintf(w->o, "\t\t# IKE lifetime 0 (seed 004): no rekey\n");
		fprintf(w->o, "\t\t%s = 0\n", v == 1 ? "reauth_time" :
			"rekey_time");
		return;
	}
	fprintf(w->o, "\t\t%s = %llds\n\t\tover_time = %llds\n",
		v == 1 ? "reauth_time" : "rekey_time", life * 9 / 10,
		life / 10);
}

/* The PFS suffix of an entry, "" for none. */
static const char *pfs_kw(struct sw *w, const struct ir_cmap_entry *e)
{
	const char *k;

	if (!e->pfs_set)
		return "";
	if (!e->pfs.s || !*e->pfs.s) {
		UNSUPPORTED(w, &e->pfs_loc, "'set pfs' without a group: seed "
			    "002 lists the groups but no default; compiled as "
			    "group14 (modp2048)");
		return "modp2048";
	}
	k = dh_kw(atoll(e->pfs.s + 5));
	if (!k)
		UNSUPPORTED(w, &e->pfs.loc, "PFS %s has no strongSwan "
			    "equivalent", e->pfs.s);
	return k ? k : "";
}

/* Transform sets (§1.5) and IPsec proposals (§1.6), in crypto map order,
 * each with the PFS group appended. */
static void esp_proposals(struct sw *w, const struct ir_cmap_entry *e,
			  const char *pfs, struct list *out)
{
	uint32_t i, j;

	for (i = 0; i < e->transform_sets.n; i++) {
		const struct sym *n = e->transform_sets.v[i];
		const struct ir_transform_set *t = map_get(&w->ir->m_ts, n->s);
		const char *enc, *in;
		char *s;

		if (!t)
			continue;
		enc = t->esp_enc.s ? enc_kw(t->esp_enc.s) : NULL;
		in = t->esp_auth.s ? integ_kw(t->esp_auth.s) : "";
		if (!enc || !in) {
			UNSUPPORTED(w, &t->loc, "transform set '%s' has no "
				    "strongSwan equivalent", t->name.s);
			continue;
		}
		s = xfmt("%s%s%s%s%s", enc, *in ? "-" : "", in,
			 *pfs ? "-" : "", pfs);
		l_put(out, ", ", s);
		free(s);
	}
	for (i = 0; i < e->proposals.n; i++) {
		const struct sym *n = e->proposals.v[i];
		const struct ir_proposal *p = map_get(&w->ir->m_props, n->s);
		struct list cls = { 0 }, gcm = { 0 }, integ = { 0 };
		char *s;

		if (!p)
			continue;
		for (j = 0; j < p->encryption.n; j++) {
			const struct sym *x = p->encryption.v[j];
			const char *k = enc_kw(x->s);

			if (!k)
				UNSUPPORTED(w, &x->loc, "ESP encryption '%s' "
					    "has no strongSwan equivalent",
					    x->s);
			else
				l_put(aead(k) ? &gcm : &cls, "-", k);
		}
		for (j = 0; j < p->integrity.n; j++) {
			const struct sym *x = p->integrity.v[j];
			const char *k = integ_kw(x->s);

			if (!k)
				UNSUPPORTED(w, &x->loc, "ESP integrity '%s' has "
					    "no strongSwan equivalent", x->s);
			else if (*k)
				l_put(&integ, "-", k);
		}
		if (cls.n) {
			s = xfmt("%s%s%s%s%s", cls.s, integ.n ? "-" : "",
				 integ.n ? integ.s : "", *pfs ? "-" : "", pfs);
			l_put(out, ", ", s);
			free(s);
		}
		if (gcm.n) {
			s = xfmt("%s%s%s", gcm.s, *pfs ? "-" : "", pfs);
			l_put(out, ", ", s);
			free(s);
		}
		free(cls.s);
		free(gcm.s);
		free(integ.s);
	}
}

/* --- selectors ------------------------------------------------------------ */

struct blocks {
	struct list l;
	uint8_t family;
	const char *suffix;	/* "[proto/port]" or "" */
};

static void put_block(sp_u128 v, unsigned int plen, void *arg)
{
	struct blocks *b = arg;
	char a[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN + 48];

	sp_addr_str(b->family, v, a, sizeof(a));
	snprintf(s, sizeof(s), "%s/%u%s", a, plen, b->suffix);
	l_put(&b->l, ", ", s);
}

static const char *proto_name(unsigned int num, char *buf, size_t len)
{
	switch (num) {
	case 6: return "tcp";
	case 17: return "udp";
	case 1: return "icmp";
	}
	snprintf(buf, len, "%u", num);
	return buf;
}

struct portblk {
	struct list *l;		/* "[proto/lo-hi]" suffixes */
	const char *proto;
};

static void put_port(sp_u128 v, unsigned int plen, void *arg)
{
	struct portblk *pb = arg;
	unsigned int lo = (unsigned int)v, hi = lo + (1u << (16 - plen)) - 1;
	char s[48];

	if (plen == 0)
		snprintf(s, sizeof(s), "[%s]", pb->proto);
	else if (lo == hi)
		snprintf(s, sizeof(s), "[%s/%u]", pb->proto, lo);
	else
		snprintf(s, sizeof(s), "[%s/%u-%u]", pb->proto, lo, hi);
	l_put(pb->l, "\n", s);
}

/*
 * The selector suffixes of one side of box @b: one per protocol and port
 * block ("" for any protocol when @anyproto), newline-separated.
 * Returns 0 when the box has nothing a selector can hold.
 */
static size_t side_suffixes(struct sw *w, const struct sp_box *b,
			    bool anyproto, enum sp_dim port,
			    const struct loc *at, struct list *out)
{
	sp_u128 r;

	if (anyproto) {
		out->s = xstrdup("");	/* one empty suffix */
		return 1;
	}
	for (r = b->lo[SP_PROTO]; r <= b->hi[SP_PROTO]; r++) {
		unsigned int num = sp_proto_num((unsigned int)r);
		char nb[8];
		const char *pn = proto_name(num, nb, sizeof(nb));

		if (r <= 2) {		/* tcp, udp, sctp: ports */
			struct portblk pb = { out, pn };

			sp_blocks(b->lo[port], b->hi[port], 16, put_port, &pb);
		} else if (r <= 4) {	/* icmp, icmpv6: type and code */
			/*
			 * The kernel takes type and code from the source
			 * selector's port, type<<8|code (§2.5), and 0 in
			 * either is a wildcard.  children() splits boxes to
			 * one type and one code (or all codes) each.
			 */
			unsigned int t = (unsigned int)b->lo[SP_ITYPE],
				     c = (unsigned int)b->lo[SP_ICODE];
			bool alltype = b->lo[SP_ITYPE] == 0 &&
				       b->hi[SP_ITYPE] == 255,
			     allcode = b->lo[SP_ICODE] == 0 &&
				       b->hi[SP_ICODE] == 255;
			char s[48];

			if (alltype && allcode) {
				snprintf(s, sizeof(s), "[%s]", pn);
			} else if (t == 0) {
				if (port == SP_SPORT && !w->said_type0) {
					UNSUPPORTED(w, at, "ICMP type 0 cannot "
						    "be a selector on its own "
						    "(type 0 is a wildcard): "
						    "widened to every type");
					w->said_type0 = true;
				}
				snprintf(s, sizeof(s), "[%s]", pn);
			} else if (allcode) {
				snprintf(s, sizeof(s), "[%s/%u]", pn, t);
			} else if (c == 0) {
				if (port == SP_SPORT && !w->said_code0) {
					UNSUPPORTED(w, at, "ICMP type %u code 0 "
						    "cannot be a selector on its "
						    "own (code 0 is a wildcard): "
						    "widened to every code", t);
					w->said_code0 = true;
				}
				snprintf(s, sizeof(s), "[%s/%u]", pn, t);
			} else {
				snprintf(s, sizeof(s), "[%s/%u]", pn, t << 8 | c);
			}
			l_put(out, "\n", s);
		} else if (num == 0) {
			/* protocol 0 means any in a selector: IP protocol 0
			 * (the IPv6 hop-by-hop header number, no transport)
			 * cannot be selected alone */
			if (port == SP_SPORT && !w->said_proto0) {
				UNSUPPORTED(w, at, "IP protocol 0 cannot be a "
					    "selector on its own (0 means any "
					    "protocol): left out");
				w->said_proto0 = true;
			}
		} else {
			char s[24];

			snprintf(s, sizeof(s), "[%s]", pn);
			l_put(out, "\n", s);
		}
	}
	if (!out->s) {
		out->s = xstrdup("");
		return 0;
	}
	return 1;
}

/* One side of a child: every address block with every suffix. */
static void side_ts(const struct sp_box *b, enum sp_dim addr,
		    const char *suffixes, struct list *out)
{
	const char *p = suffixes;

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *suf = xmalloc(n + 1);
		struct blocks bl = { out ? *out : (struct list){ 0 },
				     b->family, suf };

		memcpy(suf, p, n);
		suf[n] = 0;
		sp_blocks(b->lo[addr], b->hi[addr], b->family == 6 ? 128 : 32,
			  put_block, &bl);
		*out = bl.l;
		free(suf);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* Do two selectors name the same protocol (or none)? */
static bool same_proto(const char *a, const char *b)
{
	const char *x = strchr(a, '['), *y = strchr(b, '[');
	size_t n, m;

	if (!x || !y)
		return !x && !y;
	n = strcspn(x, "/]");
	m = strcspn(y, "/]");
	return n == m && !strncmp(x, y, n);
}

/* Is the union of boxes [i, j) of @s every protocol between their
 * (shared) addresses? */
static bool all_protocols(const struct sp_set *s, size_t i, size_t j)
{
	struct sp_set part, full;
	struct sp_box b;
	bool eq;

	sp_init(&part);
	sp_init(&full);
	for (; i < j; i++)
		sp_add(&part, &s->v[i]);
	sp_box_full(&b, s->v[i - 1].family);
	b.lo[SP_SRC] = s->v[i - 1].lo[SP_SRC];
	b.hi[SP_SRC] = s->v[i - 1].hi[SP_SRC];
	b.lo[SP_DST] = s->v[i - 1].lo[SP_DST];
	b.hi[SP_DST] = s->v[i - 1].hi[SP_DST];
	sp_add(&full, &b);
	eq = sp_equal(&part, &full, NULL);
	sp_free(&part);
	sp_free(&full);
	return eq;
}

static int box_addr_cmp(const void *x, const void *y)
{
	const struct sp_box *a = x, *b = y;
	int d;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	for (d = SP_SRC; d <= SP_DST; d++) {
		if (a->lo[d] != b->lo[d])
			return a->lo[d] < b->lo[d] ? -1 : 1;
		if (a->hi[d] != b->hi[d])
			return a->hi[d] < b->hi[d] ? -1 : 1;
	}
	for (d = 0; d < SP_NDIM; d++)
		if (a->lo[d] != b->lo[d])
			return a->lo[d] < b->lo[d] ? -1 : 1;
	return 0;
}

struct child_opts {
	const char *esp;
	const char *mode;		/* tunnel, transport, drop */
	const char *start;		/* trap, none */
	long long life_s, life_kb;	/* 0: unset */
	int version;
};

static void child_common(FILE *o, const struct child_opts *c)
{
	if (c->esp && *c->esp)
		fprintf(o, "\t\t\t\tesp_proposals = %s\n", c->esp);
	fprintf(o, "\t\t\t\tmode = %s\n", c->mode);
	if (c->start)
		fprintf(o, "\t\t\t\tstart_action = %s\n", c->start);
	if (c->life_s) {
		/* seed 002: the ASA rekeys before expiry; rekey between 85
		 * and 95 % of the lifetime, leaving 5-15 % */
		fprintf(o, "\t\t\t\tlife_time = %llds\n", c->life_s);
		fprintf(o, "\t\t\t\trekey_time = %llds\n", c->life_s * 85 / 100);
		fprintf(o, "\t\t\t\trand_time = %llds\n", c->life_s / 10);
	}
	if (c->life_kb) {
		long long b = c->life_kb * 1024;

		fprintf(o, "\t\t\t\tlife_bytes = %lld\n", b);
		fprintf(o, "\t\t\t\trekey_bytes = %lld\n", b * 85 / 100);
		fprintf(o, "\t\t\t\trand_bytes = %lld\n", b / 10);
	}
}

struct pair {
	char *l, *r;
};

static int pair_cmp_l(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;
	int c = strcmp(a->l, b->l);

	return c ? c : strcmp(a->r, b->r);
}

static int pair_cmp_r(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;
	int c = strcmp(a->r, b->r);

	return c ? c : strcmp(a->l, b->l);
}

/*
 * Merge children with the same local (then remote) selectors: L x R1 and
 * L x R2 are L x (R1 u R2), exactly, since pairs of different protocols
 * are never installed.  Returns the new count.
 */
static size_t merge_pairs(struct pair *p, size_t n, bool by_local)
{
	size_t i, o = 0;

	if (!n)
		return 0;
	qsort(p, n, sizeof(*p), by_local ? pair_cmp_l : pair_cmp_r);
	for (i = 1; i < n; i++) {
		struct pair *a = &p[o], *b = &p[i];

		if (!strcmp(by_local ? a->l : a->r, by_local ? b->l : b->r)) {
			char **keep = by_local ? &a->r : &a->l;
			char *other = by_local ? b->r : b->l;
			char *m = xfmt("%s, %s", *keep, other);

			free(*keep);
			*keep = m;
			free(b->l);
			free(b->r);
		} else {
			p[++o] = *b;
		}
	}
	return o + 1;
}

/*
 * Split @b so that each part holds one ICMP type and one code (or every
 * code), unless it covers every type and code; other protocols stay
 * together in one part.  Appends to @v.
 */
static void split_icmp(const struct sp_box *b, struct sp_box **v, size_t *n)
{
	sp_u128 r, t, c;
	bool all = b->lo[SP_ITYPE] == 0 && b->hi[SP_ITYPE] == 255 &&
		   b->lo[SP_ICODE] == 0 && b->hi[SP_ICODE] == 255,
	     allcode = b->lo[SP_ICODE] == 0 && b->hi[SP_ICODE] == 255;
	struct sp_box x;

	if (all || b->hi[SP_PROTO] < 3 || b->lo[SP_PROTO] > 4) {
		*v = xrealloc_array(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = *b;
		return;
	}
	/* the non-ICMP ranks on either side of 3-4 */
	if (b->lo[SP_PROTO] < 3) {
		x = *b;
		x.hi[SP_PROTO] = 2;
		*v = xrealloc_array(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = x;
	}
	if (b->hi[SP_PROTO] > 4) {
		x = *b;
		x.lo[SP_PROTO] = 5;
		*v = xrealloc_array(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = x;
	}
	for (r = b->lo[SP_PROTO] < 3 ? 3 : b->lo[SP_PROTO];
	     r <= (b->hi[SP_PROTO] > 4 ? 4 : b->hi[SP_PROTO]); r++)
		for (t = b->lo[SP_ITYPE]; t <= b->hi[SP_ITYPE]; t++)
			for (c = b->lo[SP_ICODE]; c <= b->hi[SP_ICODE]; c++) {
				x = *b;
				x.lo[SP_PROTO] = x.hi[SP_PROTO] = r;
				x.lo[SP_ITYPE] = x.hi[SP_ITYPE] = t;
				if (allcode) {
					*v = xrealloc_array(*v, *n + 1,
							    sizeof(**v));
					(*v)[(*n)++] = x;
					break;
				}
				x.lo[SP_ICODE] = x.hi[SP_ICODE] = c;
				*v = xrealloc_array(*v, *n + 1, sizeof(**v));
				(*v)[(*n)++] = x;
			}
}

/*
 * The children of one entry, from its protected set @in: per group of
 * boxes over the same addresses that covers every protocol, one pair
 * without protocols; otherwise one pair per box.  IKEv2 children then
 * merge (merge_pairs); IKEv1 ones keep one selector pair each (§1.8).
 * Returns the count.
 */
static size_t children(struct sw *w, const char *conn, const struct sp_set *in,
		       const struct child_opts *c, const struct loc *at,
		       const struct cm_acl *acl)
{
	struct sp_set s;
	struct pair *pv = NULL;
	struct sp_box *ex = NULL;
	size_t i = 0, j, n = 0, np = 0, nex;

	sp_init(&s);
	sp_copy(&s, in);
	sp_compact(&s);
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), box_addr_cmp);
	while (i < s.n) {
		bool any;
		size_t k;

		for (j = i + 1; j < s.n && s.v[j].family == s.v[i].family &&
		     s.v[j].lo[SP_SRC] == s.v[i].lo[SP_SRC] &&
		     s.v[j].hi[SP_SRC] == s.v[i].hi[SP_SRC] &&
		     s.v[j].lo[SP_DST] == s.v[i].lo[SP_DST] &&
		     s.v[j].hi[SP_DST] == s.v[i].hi[SP_DST]; j++)
			;
		any = all_protocols(&s, i, j);
		nex = 0;
		if (any)
			split_icmp(&s.v[i], &ex, &nex);
		else
			for (k = i; k < j; k++)
				split_icmp(&s.v[k], &ex, &nex);
		for (k = 0; k < nex; k++) {
			struct list ls = { 0 }, rs = { 0 }, lts = { 0 },
				    rts = { 0 };

			const struct loc *bat = at;
			const struct ir_ace *ace = NULL;
			struct sp_point pt;
			size_t nl, nr;
			int d;

			/* a report about this box names the ACE that
			 * permits it */
			pt.family = ex[k].family;
			for (d = 0; d < SP_NDIM; d++)
				pt.d[d] = ex[k].lo[d];
			if (acl && cm_acl_match(acl, &pt, &ace) == 1 && ace)
				bat = &ace->loc;
			/* both sides are filled (and freed) either way */
			nl = side_suffixes(w, &ex[k], any, SP_SPORT, bat, &ls);
			nr = side_suffixes(w, &ex[k], any, SP_DPORT, bat, &rs);
			if (!nl || !nr) {
				free(ls.s);
				free(rs.s);
				continue;
			}
			side_ts(&ex[k], SP_SRC, ls.s ? ls.s : "", &lts);
			side_ts(&ex[k], SP_DST, rs.s ? rs.s : "", &rts);
			if (c->version == 2) {
				pv = xrealloc_array(pv, np + 1, sizeof(*pv));
				pv[np].l = lts.s;
				pv[np++].r = rts.s;
				lts.s = rts.s = NULL;
			} else {
				/* IKEv1: one selector pair per child */
				char *lp, *rp, *lsv, *rsv;

				for (lp = strtok_r(lts.s, ",", &lsv); lp;
				     lp = strtok_r(NULL, ",", &lsv)) {
					char *rcopy = xstrdup(rts.s);

					while (*lp == ' ')
						lp++;
					for (rp = strtok_r(rcopy, ",", &rsv); rp;
					     rp = strtok_r(NULL, ",", &rsv)) {
						while (*rp == ' ')
							rp++;
						/* pairs of two protocols are
						 * never installed (§2.5) */
						if (!same_proto(lp, rp))
							continue;
						pv = xrealloc_array(pv, np + 1,
								    sizeof(*pv));
						pv[np].l = xstrdup(lp);
						pv[np++].r = xstrdup(rp);
					}
					free(rcopy);
				}
			}
			free(ls.s);
			free(rs.s);
			free(lts.s);
			free(rts.s);
		}
		i = j;
	}
	sp_free(&s);
	free(ex);
	if (c->version == 2 && np) {
		np = merge_pairs(pv, np, true);
		np = merge_pairs(pv, np, false);
		qsort(pv, np, sizeof(*pv), pair_cmp_l);
	}
	if (np > 1000 && c->version == 1)
		UNSUPPORTED(w, at, "this IKEv1 entry needs %zu children (IKEv1 "
			    "negotiates one selector pair per child, and its "
			    "protected set has that many prefix and port "
			    "blocks): IKEv2 would need fewer", np);
	for (i = 0; i < np; i++) {
		fprintf(w->o, "\t\t\t%s-%zu {\n", conn, ++n);
		if (w->cur && strcmp(c->mode, "drop")) {
			struct swanctl_conn *sc = w->cur;

			sc->children = xrealloc_array(sc->children,
						      sc->nchildren + 1,
						      sizeof(*sc->children));
			sc->children[sc->nchildren++] = xfmt("%s-%zu", conn, n);
		}
		fprintf(w->o, "\t\t\t\tlocal_ts = %s\n", pv[i].l);
		fprintf(w->o, "\t\t\t\tremote_ts = %s\n", pv[i].r);
		child_common(w->o, c);
		fprintf(w->o, "\t\t\t}\n");
		free(pv[i].l);
		free(pv[i].r);
	}
	free(pv);
	return n;
}

/* --- connections ---------------------------------------------------------- */

static const struct ir_iface *iface_of(const struct ir *ir, const char *name)
{
	return map_get(&ir->m_ifaces, name);
}

static bool ike_enabled(const struct ir *ir, const char *iface, int ver)
{
	const struct ir_ike_enable *en;
	uint32_t i;

	vec_foreach(&ir->ike_enables, i, en)
		if (en->version == ver && en->iface.s &&
		    !strcmp(en->iface.s, iface))
			return true;
	return false;
}

static bool key_usable(const struct ir_psk *k)
{
	return k->set && k->key && !k->masked && k->encoding == 0;
}

/* A key as a swanctl.conf string: quotes and backslashes escaped. */
static void put_key(FILE *o, const char *k)
{
	fputc('"', o);
	for (; *k; k++) {
		if (*k == '"' || *k == '\\')
			fputc('\\', o);
		fputc(*k, o);
	}
	fputc('"', o);
}

struct secret {
	char conn[160];
	char peer[INET6_ADDRSTRLEN];
	const char *key;
	const char *tg;
};

struct secrets {
	struct secret *v;
	size_t n;
	struct arena arena;	/* "peer key" strings, interned: */
	struct strtab strs;
	struct map seen;	/* each pair once */
};

static void add_secret(struct secrets *s, const char *conn, const char *peer,
		       const char *tg, const char *key)
{
	struct secret *x;
	char *pk = xmalloc(strlen(peer) + strlen(key) + 2);
	const char *in;

	/* a space cannot be in an address */
	sprintf(pk, "%s %s", peer, key);
	in = strtab_intern(&s->strs, pk, strlen(pk));
	free(pk);
	if (map_get(&s->seen, in))
		return;
	map_put(&s->seen, in, s);

	s->v = xrealloc_array(s->v, s->n + 1, sizeof(*s->v));
	x = &s->v[s->n++];
	snprintf(x->conn, sizeof(x->conn), "%s", conn);
	snprintf(x->peer, sizeof(x->peer), "%s", peer);
	x->key = key;
	x->tg = tg;
}

static void global_lifetimes(const struct ir *ir, const struct ir_cmap_entry *e,
			     struct child_opts *c)
{
	/* seed 002: the global lifetime unless the entry overrides it;
	 * ASA defaults 28800 s and 4608000 KB */
	c->life_s = e->lifetime_seconds.set ? e->lifetime_seconds.v :
		    ir->crypto.sa_lifetime_seconds.set ?
		    ir->crypto.sa_lifetime_seconds.v : 28800;
	if ((e->lifetime_kb_unlimited.set && e->lifetime_kb_unlimited.v) ||
	    (!e->lifetime_kb.set && ir->crypto.sa_lifetime_kb_unlimited.set &&
	     ir->crypto.sa_lifetime_kb_unlimited.v))
		c->life_kb = 0;
	else
		c->life_kb = e->lifetime_kb.set ? e->lifetime_kb.v :
			     ir->crypto.sa_lifetime_kb.set ?
			     ir->crypto.sa_lifetime_kb.v : 4608000;
}

/*
 * One crypto map entry, prepared: what its connection needs.  Entries to
 * the same peers with the same IKE settings share one connection (their
 * children keep the entry's name): charon reuses an IKE_SA for every
 * connection with equal settings, and a responder looks for a child only
 * in the connection of the IKE_SA it arrives on, so one connection per
 * entry would refuse the second entry's child (TS_UNACCEPTABLE), as a
 * real tunnel showed (tests/tunnels.sh).
 */
struct centry {
	const struct cm_set *set;
	const struct cm_entry *ce;
	const struct ir_cmap_entry *e;	/* the dynamic-map entry for ce->dyn */
	char name[160];
	char laddr[INET6_ADDRSTRLEN];
	struct list remote, props, esp;
	bool v1, v2, skip, done;
	int ver;
	char *key;			/* equal keys share a connection */
};

static void prepare(struct sw *w, const struct cm_set *set,
		    const struct cm_entry *ce, bool named_iface,
		    struct centry *x)
{
	const struct ir_cmap_entry *e = ce->dyn ? ce->dyn : ce->e;
	const struct ir_iface *f = iface_of(w->ir, set->iface->s);
	const struct ir_addr *own;
	uint32_t i;
	int fam = 0;

	memset(x, 0, sizeof(*x));
	x->set = set;
	x->ce = ce;
	x->e = e;
	snprintf(x->laddr, sizeof(x->laddr), "%%any");
	swanctl_entry_name(x->name, sizeof(x->name), set, ce, named_iface);
	w->said_proto0 = w->said_type0 = w->said_code0 = false;
	/* the local address (and identity) follow the peers' family: an
	 * IPv6 peer is reached from the interface's IPv6 address */
	for (i = 0; !ce->dyn && i < e->peers.n && !fam; i++) {
		const struct ir_addr *p = ir_peer_addr(e->peers.v[i]);

		fam = p ? p->family : 0;
	}
	own = !f ? NULL : fam == 6 ? f->ip6 : f->ip ? f->ip : f->ip6;
	if (own && own->kind == IR_ADDR_NET)
		addr_text(own->family, own->a, x->laddr, sizeof(x->laddr));
	else
		UNSUPPORTED(w, &ce->e->loc, "interface '%s' has no static "
			    "%saddress: local_addrs left as %%any",
			    set->iface->s, fam == 6 ? "IPv6 " : "");
	if (ce->incomplete) {
		x->key = xfmt("incomplete %s", x->name);
		return;
	}
	for (i = 0; ce->acl && i < ce->acl->n; i++) {
		const struct ir_ace *a = ce->acl->v[i].ace;

		if (a->time_range)
			UNSUPPORTED(w, &a->time_range->loc, "time-range '%s': "
				    "strongSwan's policies have no time ranges; "
				    "the ACE is compiled as always active, as "
				    "the model evaluates it", a->time_range->s);
	}
	x->v1 = e->transform_sets.n > 0 && ike_enabled(w->ir, set->iface->s, 1);
	x->v2 = e->proposals.n > 0 && ike_enabled(w->ir, set->iface->s, 2);
	if (!x->v1 && !x->v2) {
		UNSUPPORTED(w, &e->loc, "no IKE version can negotiate this "
			    "entry on '%s' (no enabled IKE version with a "
			    "transform set or proposal): not compiled",
			    set->iface->s);
		x->skip = true;
		return;
	}
	x->ver = x->v1 && x->v2 ? 0 : x->v1 ? 1 : 2;
	if (x->v2)
		ike_proposals(w, 2, &x->props);
	if (x->v1)
		ike_proposals(w, 1, &x->props);
	esp_proposals(w, e, pfs_kw(w, e), &x->esp);
	for (i = 0; !ce->dyn && i < e->peers.n; i++) {
		const struct ir_addr *p = ir_peer_addr(e->peers.v[i]);
		char a[INET6_ADDRSTRLEN];

		if (!p) {
			UNSUPPORTED(w, &((const struct ir_addr *)
					 e->peers.v[i])->loc, "peer is not an "
				    "address");
			continue;
		}
		addr_text(p->family, p->a, a, sizeof(a));
		l_put(&x->remote, ", ", a);
	}
	/* a dynamic entry answers anyone: its own connection */
	x->key = ce->dyn ? xfmt("dynamic %s", x->name) :
		 xfmt("%d|%s|%s|%s", x->ver, x->laddr,
		      x->remote.n ? x->remote.s : "",
		      x->props.n ? x->props.s : "");
}

static void centry_free(struct centry *x)
{
	free(x->remote.s);
	free(x->props.s);
	free(x->esp.s);
	free(x->key);
}

static bool has_remote_access(const struct ir *ir);

/*
 * The child of a dynamic entry without `match address` (seed 002: "the
 * ASA accepts any data flow identity the peer proposes"): a responder
 * child over all traffic, which installs only the selectors it
 * negotiates.  No trap and no drop shunt: with no SA, outbound traffic
 * goes on to the next entry or out in clear, as on the ASA.  Its peers
 * are LAN-to-LAN peers with the key of DefaultL2LGroup, whose proposed
 * networks the ASA accepts; remote-access clients have their tunnel
 * groups' connections (ra_connections()), whose children take only the
 * client's assigned address (remote_ts = dynamic).
 */
static size_t any_child(struct sw *w, const struct centry *x,
			const struct child_opts *c)
{
	fprintf(w->o, "\t\t\t# no match address: any data flow identity "
		"the peer proposes (seed 002);\n\t\t\t# responder only, no "
		"trap: without an SA traffic goes on in clear\n");
	if (has_remote_access(w->ir))
		fprintf(w->o, "\t\t\t# remote-access clients have the "
			"connections of their tunnel groups (ra-*)\n");
	fprintf(w->o, "\t\t\t%s-1 {\n", x->name);
	if (w->cur) {
		struct swanctl_conn *sc = w->cur;

		sc->children = xrealloc_array(sc->children, sc->nchildren + 1,
					      sizeof(*sc->children));
		sc->children[sc->nchildren++] = xfmt("%s-1", x->name);
	}
	fprintf(w->o, "\t\t\t\tlocal_ts = 0.0.0.0/0, ::/0\n");
	fprintf(w->o, "\t\t\t\tremote_ts = 0.0.0.0/0, ::/0\n");
	child_common(w->o, c);
	fprintf(w->o, "\t\t\t}\n");
	return 1;
}

/* The children of entry @x for its peer @k (0: the first), inside that
 * peer's connection's children section. */
static size_t entry_children(struct sw *w, const struct centry *x, size_t k)
{
	const struct cm_entry *ce = x->ce;
	const struct ir_cmap_entry *e = x->e;
	struct child_opts c = { 0 };
	size_t n;

	comment_line(w->o, w->src, "\t\t\t", &ce->e->loc);
	if (ce->dyn)
		comment_line(w->o, w->src, "\t\t\t", &ce->dyn->loc);
	w->said_proto0 = w->said_type0 = w->said_code0 = false;
	if (ce->incomplete) {
		/* seed 002: the ASA drops all traffic that reaches an
		 * incomplete entry */
		fprintf(w->o, "\t\t\t# incomplete entry: the ASA drops what "
			"reaches it\n");
		c.mode = "drop";
		c.start = "trap";
		c.version = 2;
		return children(w, x->name, &x->set->unreachable, &c,
				&ce->e->loc, NULL);
	}
	if (e->reverse_route.set && e->reverse_route.v)
		fprintf(w->o, "\t\t\t# set reverse-route%s: charon routes an "
			"established child's remote networks itself "
			"(charon.install_routes); announcing them (the ASA's "
			"OSPF redistribution) is left to the routing daemon\n",
			e->reverse_route_dynamic ? " dynamic" : "");
	c.esp = x->esp.s;
	c.mode = e->ikev2_mode.s && !strcasecmp(e->ikev2_mode.s, "transport") ?
		 "transport" : "tunnel";
	/* static entries initiate on traffic; dynamic ones only respond
	 * (seed 002: a dynamic map cannot initiate); a backup peer's
	 * children wait for asacd to make that peer the active one */
	c.start = ce->dyn || k ? NULL : "trap";
	/* IKEv1 initiates with the first selector pair of a child only
	 * (§1.8), so an initiating IKEv1 child holds one pair; a dynamic
	 * entry only responds, narrowing the peer's proposal to its lists */
	c.version = x->ver == 2 || ce->dyn ? 2 : 1;
	global_lifetimes(w->ir, e, &c);
	if (ce->sa_only)
		return any_child(w, x, &c);
	if (k) {
		char bn[200];

		snprintf(bn, sizeof(bn), "%s-peer%zu", x->name, k + 1);
		return children(w, bn, &ce->protect, &c, &e->loc, ce->acl);
	}
	n = children(w, x->name, &ce->protect, &c, &e->loc, ce->acl);
	if (ce->dyn) {
		/* seed 002 / §2.6 point 4: outbound traffic a dynamic entry
		 * matches is dropped while no SA is up */
		char dn[200];
		struct child_opts dc = { 0 };

		snprintf(dn, sizeof(dn), "%s-drop", x->name);
		dc.mode = "drop";
		dc.start = "trap";
		dc.version = 2;
		children(w, dn, &ce->protect, &dc, &e->loc, ce->acl);
	}
	return n;
}

/*
 * Dead peer detection from the first peer's tunnel group: `isakmp
 * keepalive threshold T retry R` probes after T idle seconds
 * (dpd_delay); `isakmp keepalive disable` turns it off (the strongSwan
 * default).
 */
static void dpd(struct sw *w, const struct centry *x, const char *a)
{
	const struct ir_tunnel_group *tg;
	int t, r;

	if (x->ce->dyn || !a)
		return;
	tg = ir_tunnel_group(w->ir, a);
	if (!tg || !tg->keepalive.s)
		return;
	if (sscanf(tg->keepalive.s, "isakmp keepalive threshold %d retry %d",
		   &t, &r) == 2 ||
	    sscanf(tg->keepalive.s, "threshold %d retry %d", &t, &r) == 2) {
		fprintf(w->o, "\t\t# isakmp keepalive threshold %d retry %d "
			"(tunnel-group %s)\n\t\tdpd_delay = %ds\n", t, r,
			tg->name.s, t);
	} else if (!strstr(tg->keepalive.s, "disable")) {
		UNSUPPORTED(w, &tg->keepalive.loc, "keepalive setting not "
			    "compiled: '%s'", tg->keepalive.s);
	}
}

/* Is @nm one of the names in @list (separated by ", " or " ")? */
static bool has_name(const char *list, const char *nm)
{
	size_t n = strlen(nm);
	const char *p = list;

	while (p && (p = strstr(p, nm))) {
		if ((p == list || p[-1] == ' ') && (!p[n] || p[n] == ',' ||
						    p[n] == ' '))
			return true;
		p += n;
	}
	return false;
}

/* Does @ir have remote-access tunnel groups (whose clients arrive
 * through the dynamic maps)? */
static bool has_remote_access(const struct ir *ir)
{
	const struct ir_tunnel_group *tg;
	uint32_t i;

	vec_foreach(&ir->tunnel_groups, i, tg)
		if (ir_tg_remote_access(tg))
			return true;
	return false;
}

/* The number of items of the ", "-separated list @l. */
static size_t count_items(const struct list *l)
{
	size_t n = l->n ? 1 : 0, i;

	for (i = 0; i < l->n; i++)
		n += l->s[i] == ',';
	return n;
}

/* Item @k of the ", "-separated list @l, in @buf. */
static const char *nth_item(const struct list *l, size_t k, char *buf,
			    size_t len)
{
	const char *p = l->s;
	size_t m;

	while (k-- && (p = strchr(p, ',')))
		p += strspn(p, ", ");
	m = strcspn(p, ",");
	snprintf(buf, len, "%.*s", (int)m, p);
	return buf;
}

/*
 * The connection of the entries @g[0..n) (equal keys) for their peer @k
 * of @np, named @name (the first peer's) or @name-peerK+1.
 *
 * Backup peers (seed 002 "Provide Site-to-Site Redundancy" and "About
 * IKEv2 Multi-Peer Crypto Map"): the ASA initiates to its active peer,
 * the first at start, moves to the next one when a negotiation fails,
 * and cycles back to the first after the last.  strongSwan initiates to
 * the first of remote_addrs only (strongswan.md §2), so each peer gets
 * a connection with the same children; the first peer's children are
 * trapped, and asacd moves the trap along the ring ("next" in
 * asacd.json) when a negotiation fails.
 */
static void peer_connection(struct sw *w, struct centry **g, size_t n,
			    const char *name, size_t k, size_t np)
{
	const struct centry *x = g[0];
	char cn[440], peer[INET6_ADDRSTRLEN];
	const char *remote = np ? nth_item(&x->remote, k, peer, sizeof(peer)) :
			     NULL;
	struct diag_ctx *d = w->d, scratch;
	size_t i;

	if (k)
		snprintf(cn, sizeof(cn), "%s-peer%zu", name, k + 1);
	else
		snprintf(cn, sizeof(cn), "%s", name);
	fputc('\n', w->o);
	for (i = 0; i < n; i++)
		comment_line(w->o, w->src, "\t", &g[i]->ce->e->loc);
	if (k) {
		/* said once, for the first peer's connection */
		diag_init(&scratch, w->src);
		w->d = &scratch;
	}
	if (n > 1)
		fprintf(w->o, "\t# entries to the same peer share one "
			"connection (one IKE_SA); each has its children\n");
	if (x->ver == 0)
		fprintf(w->o, "\t# IKEv1 and IKEv2 both allowed: version 0 "
			"accepts both and initiates IKEv2\n");
	if (np > 1 && !k)
		fprintf(w->o, "\t# set peer: %zu peers, this is the first; "
			"asacd moves the trap to the next\n\t# peer's "
			"connection (%s-peer2, ...) when a negotiation fails, "
			"and back\n\t# here after the last (seed 002)\n",
			np, name);
	else if (k)
		fprintf(w->o, "\t# backup peer %zu of %zu: its children are "
			"installed by asacd while %s is\n\t# the active peer "
			"(seed 002)\n", k + 1, np, remote);
	fprintf(w->o, "\t%s {\n", cn);
	w->cur = NULL;
	if (w->conns) {
		struct swanctl_conn *c = &w->conns[w->nconns++];

		memset(c, 0, sizeof(*c));
		c->name = xstrdup(cn);
		c->remote_access = false;
		c->version = x->ver;
		if (np > 1) {
			c->next = k + 1 < np ? xfmt("%s-peer%zu", name, k + 2) :
				  xstrdup(name);
			w->cur = c;
		}
	}
	fprintf(w->o, "\t\tversion = %d\n", x->ver);
	fprintf(w->o, "\t\tlocal_addrs = %s\n", x->laddr);
	fprintf(w->o, "\t\tremote_addrs = %s\n", remote ? remote : "%any");
	if (x->props.n)
		fprintf(w->o, "\t\tproposals = %s\n", x->props.s);
	ike_lifetime(w, x->ver);
	dpd(w, x, remote);
	if (w->ir->crypto.am_disable.set && w->ir->crypto.am_disable.v)
		fprintf(w->o, "\t\taggressive = no\n");
	fprintf(w->o, "\t\tlocal {\n\t\t\tauth = psk\n\t\t\tid = %s\n\t\t}\n",
		x->laddr);
	/* the PSK is looked up by both identities (§2.3): an initiator
	 * needs the peer's, its address (crypto isakmp identity address) */
	if (remote)
		fprintf(w->o, "\t\tremote {\n\t\t\tauth = psk\n\t\t\tid = "
			"%s\n\t\t}\n", remote);
	else
		fprintf(w->o, "\t\tremote {\n\t\t\tauth = psk\n\t\t}\n");
	fprintf(w->o, "\t\tchildren {\n");
	for (i = 0; i < n; i++)
		entry_children(w, g[i], k);
	fprintf(w->o, "\t\t}\n\t}\n");
	w->cur = NULL;
	if (k) {
		diag_free(&scratch);
		w->d = d;
	}
}

/* The connections of the entries @g[0..n) (equal keys): one per peer. */
static void connection(struct sw *w, struct centry **g, size_t n)
{
	const struct centry *x = g[0];
	char name[400];
	size_t i, l, k, np;

	/* one entry: MAP-SEQ; several: MAP-SEQ1+SEQ2... */
	snprintf(name, sizeof(name), "%s", x->name);
	for (i = 1; i < n; i++) {
		l = strlen(name);
		snprintf(name + l, sizeof(name) - l, "+%lld",
			 (long long)g[i]->ce->e->seq.v);
	}
	if (x->ce->incomplete) {
		fputc('\n', w->o);
		for (i = 0; i < n; i++)
			comment_line(w->o, w->src, "\t", &g[i]->ce->e->loc);
		fprintf(w->o, "\t%s {\n\t\tchildren {\n", name);
		entry_children(w, x, 0);
		fprintf(w->o, "\t\t}\n\t}\n");
		return;
	}
	np = x->ce->dyn ? 0 : count_items(&x->remote);
	if (np > 1 && x->v2)
		UNSUPPORTED(w, &x->e->loc, "backup peers: asacd moves the "
			    "initiator to the next peer when a negotiation "
			    "fails, as the ASA does; as a responder every "
			    "listed peer is accepted, where the ASA's IKEv2 "
			    "accepts only the active one (seed 002)");
	for (k = 0; k < (np ? np : 1); k++)
		peer_connection(w, g, n, name, k, np);
}

/*
 * A dynamic entry's peers are not known: they authenticate with the key
 * of DefaultL2LGroup, the tunnel group of every LAN-to-LAN peer without
 * its own, so its secret carries no identity and matches any peer, as
 * that group does on the ASA.
 */
static void dynamic_secret(struct sw *w, const struct centry *x,
			   struct secrets *sec)
{
	const struct ir_tunnel_group *tg = ir_tunnel_group(w->ir, "DefaultL2LGroup");
	int v;

	for (v = 1; v <= 2; v++) {
		const struct ir_psk *k;
		const char *g;

		if ((v == 1 && !x->v1) || (v == 2 && !x->v2))
			continue;
		k = !tg ? NULL : v == 1 ? &tg->ikev1_psk :
		    &tg->ikev2_remote_psk;
		if (k && key_usable(k)) {
			add_secret(sec, x->name, "", tg->name.s, k->key);
			continue;
		}
		if ((g = given_key(w, "DefaultL2LGroup"))) {
			add_secret(sec, x->name, "", "DefaultL2LGroup", g);
			continue;
		}
		if (k && k->set)
			diag_report(w->d, RULE_SECRET_UNAVAILABLE, &k->loc,
				    "the IKEv%d key of tunnel group "
				    "'DefaultL2LGroup', which dynamic map peers "
				    "use, is %s; give it with --secrets", v,
				    k->masked ? "masked (show running-config "
				    "prints *****)" : "encrypted (type 8)");
		/* no key at all: peers may authenticate otherwise (remote
		 * access groups, certificates); nothing to write */
	}
}

/* The pre-shared keys of entry @x's peers (the tunnel group named after
 * each address). */
static void entry_secrets(struct sw *w, const struct centry *x,
			  struct secrets *sec)
{
	const struct ir_cmap_entry *e = x->e;
	uint32_t i;

	if (x->ce->dyn) {
		dynamic_secret(w, x, sec);
		return;
	}
	for (i = 0; i < e->peers.n; i++) {
		const struct ir_addr *p = ir_peer_addr(e->peers.v[i]);
		const struct ir_tunnel_group *tg;
		char a[INET6_ADDRSTRLEN];
		int v;

		if (!p)
			continue;
		addr_text(p->family, p->a, a, sizeof(a));
		tg = ir_tunnel_group(w->ir, a);
		for (v = 1; v <= 2; v++) {
			const struct ir_psk *k;

			if ((v == 1 && !x->v1) || (v == 2 && !x->v2))
				continue;
			k = !tg ? NULL : v == 1 ? &tg->ikev1_psk :
			    &tg->ikev2_remote_psk;
			if (!tg) {
				diag_report(w->d, RULE_SECRET_UNAVAILABLE,
					    &e->loc, "no IKEv%d pre-shared key "
					    "for peer %s: no tunnel group '%s'",
					    v, a, a);
				continue;
			}
			if (!key_usable(k)) {
				const char *g = given_key(w, tg->name.s);

				if (g) {
					add_secret(sec, x->name, a, tg->name.s,
						   g);
					continue;
				}
				if (!k->set)
					diag_report(w->d,
						    RULE_SECRET_UNAVAILABLE,
						    &e->loc, "no IKEv%d "
						    "pre-shared key for peer "
						    "%s: tunnel group '%s' has "
						    "none; give it with "
						    "--secrets", v, a,
						    tg->name.s);
				else
					diag_report(w->d,
						    RULE_SECRET_UNAVAILABLE,
						    &k->loc, "the IKEv%d key "
						    "of tunnel group '%s' is %s; "
						    "give it with --secrets",
						    v, tg->name.s, k->masked ?
						    "masked (show "
						    "running-config prints "
						    "*****)" :
						    "encrypted (type 8)");
				continue;
			}
			add_secret(sec, x->name, a, tg->name.s, k->key);
			if (v == 2 && key_usable(&tg->ikev2_local_psk) &&
			    strcmp(tg->ikev2_local_psk.key, k->key))
				UNSUPPORTED(w, &tg->ikev2_local_psk.loc,
					    "asymmetric IKEv2 keys of tunnel "
					    "group '%s': only the remote key is "
					    "compiled", tg->name.s);
		}
	}
}


/* --- remote access ---------------------------------------------------------- */

/*
 * Remote-access clients arrive through a dynamic map entry, usually one
 * without `match address` (the standard remote-access map, seed 002).
 * The first such entry of each IKE version, in crypto map order, gives a
 * tunnel group's connections their IPsec proposals and lifetimes; they
 * listen on the addresses of every interface with one.
 */
struct ra_entry {
	char laddr[INET6_ADDRSTRLEN];
	const char *iface;
	const struct ir_cmap_entry *e;	/* the dynamic-map entry */
	const struct loc *cmap_loc;	/* crypto map M N ... dynamic D */
	bool v1, v2;
	char *esp1, *esp2;		/* transform sets, IPsec proposals */
	long long life_s, life_kb;
};

struct ra_secret {
	char name[200];
	const char *id, *key;
};

struct ra_ctx {
	struct ra_secret *sec;
	size_t nsec;
	struct ra_entry *v;
	size_t n;
	bool aggressive;		/* an IKEv1 PSK connection answers */
	bool unity;
	const struct ir_aaa_group *radius;	/* the one written */
	bool accounting;
	bool local_xauth, local_eap;	/* LOCAL users are needed */
	const struct ir_tunnel_group *v2_first;	/* the first IKEv2 group */
	struct list pools;		/* swanctl pools written */
	FILE *pool_out;			/* their text */
	char *pool_text;
	size_t pool_len;
	size_t nconns;
	/* pool name -> the tunnel group whose attributes it carries */
	struct map pool_owner;
};

static void ra_secret(struct ra_ctx *rc, const char *type, const char *name,
		      const char *id, const char *key);

/* The last component of path @p. */
static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static const char *given_kind(struct sw *w, enum swanctl_secret_kind kind,
			      const char *name)
{
	struct swanctl_secret *s = given_named(w, kind, name);

	if (!s)
		return NULL;
	s->used = true;
	return s->key;
}

static const struct swanctl_secret *given_tp(struct sw *w, const char *name)
{
	struct swanctl_secret *s = given_named(w, SWS_TRUSTPOINT, name);

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
			l_put(out, ", ", "0.0.0.0/0");
			continue;
		}
		if (d->kind != IR_ADDR_NET) {
			UNSUPPORTED(w, &a->loc, "split-tunnel ACL '%s': only "
				    "addresses and networks are compiled",
				    acl->name.s);
			continue;
		}
		addr_text(d->family, d->a, t, sizeof(t));
		snprintf(s, sizeof(s), "%s/%u", t, d->plen);
		l_put(out, ", ", s);
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
	sanitize(nm);
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
	l_put(&rc->pools, " ", nm);
	comment_line(o, w->src, "\t", &p->loc);
	fprintf(o, "\t# with the attributes of tunnel group %s%s%s\n",
		tg->name.s, a->gp ? ", group-policy " : "",
		a->gp ? a->gp->name.s : "");
	fprintf(o, "\t%s {\n", nm);
	addr_text(p->range->family, p->range->a, x, sizeof(x));
	if (p->range->kind == IR_ADDR_RANGE) {
		addr_text(p->range->family, p->range->b, y, sizeof(y));
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
	if (tg->accounting_server_target == g)
		rc->accounting = true;
	else if (tg->accounting_server_group.s)
		UNSUPPORTED(w, &tg->accounting_server_group.loc, "accounting "
			    "to another aaa-server group than the one that "
			    "authenticates ('%s') is not compiled",
			    rc->radius->name.s);
	*out = g;
	return true;
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
	ike_proposals(w, ver, &props);
	if (props.n)
		fprintf(w->o, "\t\tproposals = %s\n", props.s);
	free(props.s);
	ike_lifetime(w, ver);
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
	child_common(w->o, &c);
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
	if (key_usable(&tg->ikev1_psk))
		key = tg->ikev1_psk.key;
	else
		key = given_kind(w, SWS_TUNNEL_GROUP, tg->name.s);
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
write:
	snprintf(cn, sizeof(cn), "ra-%s-ikev1", tg->name.s);
	sanitize(cn);
	fprintf(w->o, "\n");
	comment_line(w->o, w->src, "\t", tg->type_loc.end ? &tg->type_loc :
		     &tg->loc);
	comment_line(w->o, w->src, "\t", re->cmap_loc);
	fprintf(w->o, "\t# IKEv1 clients of tunnel group %s, as the Cisco VPN "
		"client connects:\n\t# Aggressive Mode, the group name as "
		"identity, %s\n\t%s {\n", tg->name.s,
		hybrid ? "the gateway's certificate and XAUTH" :
		"the group key, then XAUTH", cn);
	ra_register(w, cn, 1, tg);
	rc->nconns++;
	ra_common(w, a, laddrs, pools, 1);
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
			tp && tp->cert ? base_name(tp->cert) : "");
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
	ra_secret(rc, "ike", cn, dflt ? NULL : tg->name.s, key);
	return true;
}

static bool ra_ikev2_conn(struct sw *w, struct ra_ctx *rc,
			  const struct ir_tunnel_group *tg,
			  const struct ra_attrs *a, const struct ra_entry *re,
			  const struct list *laddrs, const struct list *pools,
			  const char *split, int m, bool first,
			  const char *tpname, const struct swanctl_secret *tp,
			  const struct ir_aaa_group *srv, const char *rkey);

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
		/* swanctl cannot tie a key to one connection: any peer of
		 * a connection with remote auth = psk could use it */
		UNSUPPORTED(w, &tg->ikev2_local_auth.loc, "the gateway "
			    "authenticating to IKEv2 remote-access clients with "
			    "a pre-shared key (tunnel group '%s') is not "
			    "compiled: strongSwan would accept that key from any "
			    "peer of its pre-shared-key connections; use ikev2 "
			    "local-authentication certificate", tg->name.s);
		return false;
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
		rkey = key_usable(&tg->ikev2_remote_psk) ?
		       tg->ikev2_remote_psk.key :
		       given_kind(w, SWS_TUNNEL_GROUP, tg->name.s);
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
				   m, first, tpname, tp, srv, rkey))
			return false;
		first = false;
	}
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
			  const struct ir_aaa_group *srv, const char *rkey)
{
	const struct ir_trustpoint *irtp;
	char cn[200];
	size_t k;

	snprintf(cn, sizeof(cn), "ra-%s-ikev2%s", tg->name.s, first ? "" :
		 m == 1 ? "-cert" : "-psk");
	sanitize(cn);
	fprintf(w->o, "\n");
	comment_line(w->o, w->src, "\t", tg->type_loc.end ? &tg->type_loc :
		     &tg->loc);
	comment_line(w->o, w->src, "\t", re->cmap_loc);
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
	/* the trustpoint's files are copied into the swanctl directory
	 * (x509/, private/, x509ca/: target.c), where swanctl loads them */
	fprintf(w->o, "\t\tlocal {\n\t\t\t# trustpoint %s: its key is "
		"loaded from private/\n\t\t\tauth = pubkey\n\t\t\tcerts = "
		"%s\n", tpname, base_name(tp->cert));
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
		size_t i, n = 0;

		fprintf(w->o, "\t\t\tauth = pubkey\n");
		for (i = 0; i < w->ngiven; i++)
			if (w->given[i].kind == SWS_TRUSTPOINT)
				for (k = 0; k < w->given[i].nca; k++)
					fprintf(w->o, "%s%s",
						n++ ? ", " : "\t\t\tcacerts = ",
						base_name(w->given[i].ca[k]));
		if (n)
			fputc('\n', w->o);
		else
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
	if (m == 2)
		ra_secret(rc, "ike", cn, NULL, rkey);
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
	sanitize(x->name);
	x->id = id;
	x->key = key;
}

/* Can user @u log in to a VPN (service-type nas-prompt cannot)? */
static bool vpn_user(const struct ir_user *u)
{
	return !(u->service_type.s &&
		 !strcasecmp(u->service_type.s, "nas-prompt"));
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
		const char *pw = given_kind(w, SWS_USER, u->name.s);

		if (!vpn_user(u) || u->nopassword)
			continue;
		if (!pw && u->password && !u->pw_form.s)
			pw = u->password;
		if (!pw) {
			diag_report(w->d, RULE_SECRET_UNAVAILABLE,
				    u->password ? &u->password_loc : &u->loc,
				    "user '%s': the configuration holds only a "
				    "hash of the password (%s); give it with "
				    "--secrets (users:)", u->name.s,
				    u->pw_form.s ? u->pw_form.s : "none");
			continue;
		}
		if (rc->local_xauth)
			ra_secret(rc, "xauth", u->name.s, u->name.s, pw);
		if (rc->local_eap)
			ra_secret(rc, "eap", u->name.s, u->name.s, pw);
	}
}

static void ra_write_secrets(const struct ra_ctx *rc, FILE *o)
{
	size_t i;

	for (i = 0; i < rc->nsec; i++) {
		const struct ra_secret *x = &rc->sec[i];

		fprintf(o, "\t%s {\n", x->name);
		fprintf(o, "\t\tsecret = ");
		put_key(o, x->key);
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

		if (!ir_tg_remote_access(tg) || !g)
			continue;
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

		if (!u->has_attrs || !vpn_user(u))
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
		if (!has_name(laddrs->s, r->laddr))
			l_put(laddrs, ", ", r->laddr);
	}
	return first;
}

/*
 * One connection per remote-access tunnel group and IKE version, named
 * ra-GROUP-ikev1 / ra-GROUP-ikev2: charon picks it by the client's
 * identity (IKEv1: the group name as KEY_ID) and hands out the group's
 * pools with its group policy's attributes (policy.h).
 */
static void ra_connections(struct sw *w, struct ra_ctx *rc)
{
	const struct ir_tunnel_group *tg;
	uint32_t i, j;
	bool said = false, wrote;

	vec_foreach(&w->ir->tunnel_groups, i, tg) {
		struct ra_attrs a;
		struct list l1 = { 0 }, l2 = { 0 }, pools = { 0 }, split = { 0 };
		const struct ra_entry *r1, *r2;
		struct sym *ps;

		if (!ir_tg_remote_access(tg))
			continue;
		ra_attrs_resolve(w->ir, tg, NULL, &a);
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
		if (a.pools)
			vec_foreach(a.pools, j, ps) {
				char nm[160];

				snprintf(nm, sizeof(nm), "%s", ps->s);
				sanitize(nm);
				if (!has_name(pools.s, nm))
					l_put(&pools, ", ", nm);
			}
		if (a.pools6)
			vec_foreach(a.pools6, j, ps) {
				char nm[160];

				snprintf(nm, sizeof(nm), "%s", ps->s);
				sanitize(nm);
				if (!has_name(pools.s, nm))
					l_put(&pools, ", ", nm);
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
		      given_kind(w, SWS_TUNNEL_GROUP, tg->name.s))) &&
		    !(a.ikev2 && r2 && (tg->ikev2_remote_eap_on ||
		      tg->ikev2_remote_cert_on || tg->ikev2_remote_psk_on)))
			UNSUPPORTED(w, &tg->loc, "remote-access tunnel group "
				    "'%s' has no client authentication "
				    "strongSwan can use (no ikev1 pre-shared-key"
				    ", no ikev2 remote-authentication): not "
				    "compiled", tg->name.s);
		/* the pools of the connections written, with the group's
		 * attributes */
		if (wrote && a.pools)
			vec_foreach(a.pools, j, ps)
				ra_pool(w, rc, ps->s, tg, &a,
					split.n ? split.s : NULL);
		if (wrote && a.pools6)
			vec_foreach(a.pools6, j, ps)
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
static void ra_radius(struct sw *w, const struct ra_ctx *rc, FILE *o)
{
	const struct ir_aaa_group *g = rc->radius;
	const struct ir_aaa_host *h;
	uint32_t i;
	long long timeout = 10, retry = 10;

	fprintf(o, "\tplugins {\n\t\teap-radius {\n");
	comment_line(o, w->src, "\t\t\t", &g->loc);
	fprintf(o, "\t\t\tservers {\n");
	vec_foreach(&g->hosts, i, h) {
		const char *key = key_usable(&h->key) ? h->key.key : NULL;
		char a[INET6_ADDRSTRLEN];

		if (!key)
			key = given_kind(w, SWS_AAA, h->host.s);
		if (!key)
			key = given_kind(w, SWS_AAA, g->name.s);
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
			addr_text(h->addr->family, h->addr->a, a, sizeof(a));
		}
		if (h->timeout.set)
			timeout = h->timeout.v;
		if (h->retry_interval.set)
			retry = h->retry_interval.v;
		comment_line(o, w->src, "\t\t\t\t", &h->loc);
		/* the ASA's RADIUS ports default to 1645 and 1646 (its
		 * command reference; the seeds are silent) */
		fprintf(o, "\t\t\t\t%s-%u {\n\t\t\t\t\taddress = %s\n"
			"\t\t\t\t\tsecret = ", g->name.s, i + 1, a);
		put_key(o, key);
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
	if (rc->accounting)
		fprintf(o, "\t\t\t# accounting-server-group %s\n"
			"\t\t\taccounting = yes\n", g->name.s);
	fprintf(o, "\t\t}\n\t}\n");
}

/* Remember a dynamic entry without match address: remote-access clients
 * arrive there. */
static void ra_note_entry(struct sw *w, struct ra_ctx *rc,
			  const struct centry *x)
{
	struct ra_entry *r;
	struct child_opts c = { 0 };

	if (x->skip || !x->ce->dyn || x->ce->incomplete)
		return;
	if (!x->ce->sa_only && has_remote_access(w->ir))
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
		esp_proposals(w, &only, pfs_kw(w, x->e), &l1);
		only = *x->e;
		only.transform_sets.n = 0;
		esp_proposals(w, &only, pfs_kw(w, x->e), &l2);
		w->d = d;
		diag_free(&scratch);
		r->esp1 = l1.s ? l1.s : xstrdup("");
		r->esp2 = l2.s ? l2.s : xstrdup("");
	}
	global_lifetimes(w->ir, x->e, &c);
	r->life_s = c.life_s;
	r->life_kb = c.life_kb;
}

static size_t compile(const struct ir *ir, const struct srcset *src,
		      struct diag_ctx *d, FILE *conf, FILE *secrets,
		      FILE *charon, struct swanctl_secret *given,
		      size_t ngiven, bool backstop,
		      struct swanctl_conn **conns, size_t *nconns, bool probe)
{
	struct sw w = { ir, src, d, conf, false, false, false, given, ngiven,
			NULL, 0, NULL, probe, false, NULL };
	struct secrets sec = { 0 };
	struct ra_ctx rc;
	struct cm_model m;
	struct arena ka;
	struct strtab keys;
	struct map bykey;
	size_t i, k, nconn = 0;

	arena_init(&ka);
	strtab_init(&keys, &ka);
	map_init(&bykey);
	arena_init(&sec.arena);
	strtab_init(&sec.strs, &sec.arena);
	map_init(&sec.seen);
	cm_build_sets(&m, ir);
	index_given(&w);
	memset(&rc, 0, sizeof(rc));
	map_init(&rc.pool_owner);
	rc.pool_out = open_memstream(&rc.pool_text, &rc.pool_len);
	if (!rc.pool_out)
		die(EXIT_INTERNAL, "out of memory");
	if (conns) {
		size_t all = 1;

		/* at most a connection per peer of each entry */
		for (i = 0; i < m.nsets; i++)
			for (k = 0; k < m.sets[i].n; k++)
				all += 1 + m.sets[i].v[k].e->peers.n;
		/* and four per remote-access tunnel group (IKEv1, and
		 * IKEv2 per client method) */
		all += 4 * (size_t)ir->tunnel_groups.n;
		w.conns = xcalloc(all, sizeof(*w.conns));
		*conns = w.conns;
	}
	fprintf(conf, "# swanctl.conf written by asac %s from %s: the "
		"children of crypto map\n# entry MAP SEQ are MAP-SEQ-N; their "
		"selectors are part of the entry's exact\n# protected set "
		"(seed 002 cascade), so children of different entries are\n# "
		"disjoint.  Entries to one peer share its connection.\n",
		ASAC_VERSION, src->files[ir->file]->name);
	fprintf(conf, "connections {\n");
	for (i = 0; i < m.nsets; i++) {
		const struct cm_set *s = &m.sets[i];
		bool nb = swanctl_named_iface(&m, s);
		struct centry *xs = xcalloc(s->n + 1, sizeof(*xs));
		struct centry **g = xcalloc(s->n + 1, sizeof(*g));
		size_t nx = 0, j, ng, *nextk;

		for (k = 0; k < s->n; k++) {
			prepare(&w, s, &s->v[k], nb, &xs[nx++]);
			ra_note_entry(&w, &rc, &xs[nx - 1]);
			if (s->v[k].incomplete)
				break;
		}
		/* entries with equal keys share a connection, in the order
		 * of the first: each entry is linked to the next of its key */
		nextk = xcalloc(nx + 1, sizeof(*nextk));
		for (k = nx; k-- > 0;) {
			const char *key;

			if (xs[k].skip)
				continue;
			key = strtab_intern(&keys, xs[k].key,
					    strlen(xs[k].key));
			nextk[k] = (size_t)(uintptr_t)map_put(&bykey, key,
						(void *)(uintptr_t)(k + 1));
		}
		for (k = 0; k < nx; k++) {
			if (xs[k].skip || xs[k].done)
				continue;
			ng = 0;
			for (j = k + 1; j; j = nextk[j - 1]) {
				xs[j - 1].done = true;
				g[ng++] = &xs[j - 1];
			}
			connection(&w, g, ng);
			nconn++;
		}
		free(nextk);
		map_free(&bykey);
		map_init(&bykey);
		for (k = 0; k < nx; k++) {
			if (!xs[k].skip && !xs[k].ce->incomplete)
				entry_secrets(&w, &xs[k], &sec);
			centry_free(&xs[k]);
		}
		free(xs);
		free(g);
	}
	ra_connections(&w, &rc);
	fprintf(conf, "}\n");
	fclose(rc.pool_out);
	if (rc.pool_len)
		fprintf(conf, "\npools {\n%s}\n", rc.pool_text);
	if (secrets) {
		fprintf(secrets, "# swanctl.conf secrets written by asac %s "
			"from %s\n", ASAC_VERSION, src->files[ir->file]->name);
		conf = secrets;
	}
	if (sec.n || rc.nsec) {
		fprintf(conf, "\nsecrets {\n");
		for (i = 0; i < sec.n; i++) {
			char nm[INET6_ADDRSTRLEN + 8];

			fprintf(conf, "\t# tunnel-group %s%s\n", sec.v[i].tg,
				*sec.v[i].peer ? "" : ": any peer without its "
				"own tunnel group");
			snprintf(nm, sizeof(nm), "ike-%s", *sec.v[i].peer ?
				 sec.v[i].peer : "default");
			sanitize(nm);
			fprintf(conf, "\t%s-%zu {\n\t\tsecret = ", nm,
				i + 1);
			put_key(conf, sec.v[i].key);
			if (*sec.v[i].peer)
				fprintf(conf, "\n\t\tid = %s", sec.v[i].peer);
			fprintf(conf, "\n\t}\n");
		}
		ra_write_secrets(&rc, conf);
		fprintf(conf, "}\n");
	}
	if (charon) {
		const struct ir_crypto_globals *g = &ir->crypto;

		fprintf(charon, "# charon options written by asac %s\n",
			ASAC_VERSION);
		fprintf(charon, "charon {\n");
		/* crypto isakmp nat-traversal N (ASA default 20 s) */
		fprintf(charon, "\tkeep_alive = %llds\n",
			g->natt_keepalive.set ? (long long)g->natt_keepalive.v :
			20LL);
		if (g->ikev2_frag_mtu.set)
			fprintf(charon, "\tfragment_size = %lld\n",
				(long long)g->ikev2_frag_mtu.v);
		if (rc.aggressive)
			fprintf(charon, "\t# IKEv1 remote-access clients use "
				"Aggressive Mode with the group key, which\n"
				"\t# exposes a hash of the key to anyone who "
				"asks (lint: ra-aggressive-psk);\n\t# charon "
				"refuses it as a responder without this\n"
				"\ti_dont_care_about_security_and_use_"
				"aggressive_mode_psk = yes\n");
		if (rc.unity)
			fprintf(charon, "\t# Cisco Unity: split networks, "
				"domain and banner for IKEv1 clients\n"
				"\tcisco_unity = yes\n");
		/* vpn-idle-timeout ends the session (seed 002: sessions "drop
		 * for ... session idle timeout");
		 * charon's inactivity closes only the CHILD_SA
		 * unless told, and an IKE_SA without children still counts
		 * as a session.  Only remote-access children have
		 * inactivity (ra_child). */
		if (w.idle)
			fprintf(charon, "\t# vpn-idle-timeout ends the "
				"session: the IKE_SA goes with its last\n"
				"\t# idle CHILD_SA\n"
				"\tinactivity_close_ike = yes\n");
		if (rc.radius)
			ra_radius(&w, &rc, charon);
		/*
		 * vpn-sessiondb (seed 000, "Configuring VPN Session Limits"):
		 * charon counts every IKE_SA alike, so its ikesa_limit is a
		 * backstop only where it equals the ASA's limits: both classes
		 * limited (their sum), or only LAN-to-LAN sessions possible
		 * (no remote-access tunnel group) and max-other set.  It
		 * also counts half-open SAs and ignores a restarted peer's
		 * IKE_SA_INIT until the old SA is gone, where the ASA lets
		 * INITIAL_CONTACT replace it; so a bundle, whose asacd
		 * enforces the limits per class, leaves it out (@backstop).
		 */
		if (backstop && ir->max_other.set &&
		    (ir->max_anyconnect.set || !has_remote_access(ir)))
			fprintf(charon, "\t# vpn-sessiondb limits: a global "
				"backstop; asacd, beside charon, enforces "
				"them per class\n"
				"\tikesa_limit = %lld\n",
				(long long)(ir->max_other.v +
					    (ir->max_anyconnect.set ?
					     ir->max_anyconnect.v : 0)));
		fprintf(charon, "}\n");
	}
	free(sec.v);
	free(w.byname);
	for (i = 0; i < rc.n; i++) {
		free(rc.v[i].esp1);
		free(rc.v[i].esp2);
	}
	free(rc.v);
	free(rc.sec);
	free(rc.pools.s);
	free(rc.pool_text);
	map_free(&rc.pool_owner);
	map_free(&sec.seen);
	strtab_free(&sec.strs);
	arena_free(&sec.arena);
	map_free(&bykey);
	strtab_free(&keys);
	arena_free(&ka);
	cm_free(&m);
	if (nconns)
		*nconns = w.nconns;
	return nconn;
}

size_t swanctl_compile(const struct ir *ir, const struct srcset *src,
		       struct diag_ctx *d, FILE *conf, FILE *charon,
		       struct swanctl_secret *given, size_t ngiven)
{
	return compile(ir, src, d, conf, NULL, charon, given, ngiven, true,
		       NULL, NULL, false);
}

size_t swanctl_compile_split(const struct ir *ir, const struct srcset *src,
			     struct diag_ctx *d, FILE *conf, FILE *secrets,
			     FILE *charon, struct swanctl_secret *given,
			     size_t ngiven)
{
	return compile(ir, src, d, conf, secrets, charon, given, ngiven,
		       false, NULL, NULL, false);
}

size_t swanctl_connections(const struct ir *ir, const struct srcset *src,
			   struct swanctl_conn **out)
{
	struct diag_ctx scratch;
	FILE *null = fopen("/dev/null", "w");
	size_t n = 0;

	if (!null) {
		*out = NULL;
		return 0;
	}
	diag_init(&scratch, src);
	compile(ir, src, &scratch, null, NULL, NULL, NULL, 0, false, out,
		&n, true);
	diag_free(&scratch);
	fclose(null);
	return n;
}

void swanctl_conns_free(struct swanctl_conn *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].next);
		for (j = 0; j < v[i].nchildren; j++)
			free(v[i].children[j]);
		free(v[i].children);
	}
	free(v);
}

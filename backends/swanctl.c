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
#include "swanctl_int.h"

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
void sw_sanitize(char *p)
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
	sw_sanitize(buf);
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
		sw_sanitize(buf);
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
void sw_comment_line(FILE *o, const struct srcset *src, const char *ind,
		     const struct loc *l)
{
	struct sbuf sb = { 0 };

	src_cmd_comment(&sb, src, l);
	fprintf(o, "%s# %s\n", ind, sb.s);
	sb_free(&sb);
}

void sw_addr_text(uint8_t fam, const uint8_t *a, char *buf, size_t len)
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


void sw_list_put(struct list *l, const char *sep, const char *s)
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
struct swanctl_secret *sw_given_named(struct sw *w,
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

/* The key --secrets gives for @name of @kind (marked used), or NULL. */
const char *sw_given_key(struct sw *w, enum swanctl_secret_kind kind,
			 const char *name)
{
	struct swanctl_secret *s = sw_given_named(w, kind, name);

	if (!s)
		return NULL;
	s->used = true;
	return s->key;
}


/*
 * IKE policies of @ver, by priority (they are kept by version and
 * priority), as `proposals`.  Unset values take seed 002's defaults (aes,
 * sha, group 14; IKEv2 prf sha).  An IKEv2 policy holding CBC and GCM
 * becomes two proposals (strongSwan cannot mix them, §1.1).
 */
void sw_ike_proposals(struct sw *w, int ver, struct list *out)
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
			sw_list_put(aead(k) ? &gcm : &cls, "-", k);
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
				sw_list_put(&integ, "-", k);
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
				sw_list_put(&prf, "-", b);
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
			sw_list_put(&grp, "-", k);
		}
		if (!bad && cls.n && integ.n) {
			char *s;

			s = xfmt("%s-%s%s%s-%s", cls.s, integ.s,
				 prf.n ? "-" : "", prf.n ? prf.s : "", grp.s);
			sw_list_put(out, ", ", s);
			free(s);
		}
		if (!bad && gcm.n) {
			char *s;

			/* AEAD needs an explicit PRF (§1.1); IKEv1 has none */
			s = xfmt("%s-%s-%s", gcm.s, prf.n ? prf.s :
				 "prfsha256", grp.s);
			sw_list_put(out, ", ", s);
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
void sw_ike_lifetime(struct sw *w, int ver)
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
const char *sw_pfs_kw(struct sw *w, const struct ir_cmap_entry *e)
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
void sw_esp_proposals(struct sw *w, const struct ir_cmap_entry *e,
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
		sw_list_put(out, ", ", s);
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
				sw_list_put(aead(k) ? &gcm : &cls, "-", k);
		}
		for (j = 0; j < p->integrity.n; j++) {
			const struct sym *x = p->integrity.v[j];
			const char *k = integ_kw(x->s);

			if (!k)
				UNSUPPORTED(w, &x->loc, "ESP integrity '%s' has "
					    "no strongSwan equivalent", x->s);
			else if (*k)
				sw_list_put(&integ, "-", k);
		}
		if (cls.n) {
			s = xfmt("%s%s%s%s%s", cls.s, integ.n ? "-" : "",
				 integ.n ? integ.s : "", *pfs ? "-" : "", pfs);
			sw_list_put(out, ", ", s);
			free(s);
		}
		if (gcm.n) {
			s = xfmt("%s%s%s", gcm.s, *pfs ? "-" : "", pfs);
			sw_list_put(out, ", ", s);
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
	sw_list_put(&b->l, ", ", s);
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
	sw_list_put(pb->l, "\n", s);
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
			sw_list_put(out, "\n", s);
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
			sw_list_put(out, "\n", s);
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


void sw_child_common(FILE *o, const struct child_opts *c)
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
		sw_child_common(w->o, c);
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

bool sw_key_usable(const struct ir_psk *k)
{
	return k->set && k->key && !k->masked && k->encoding == 0;
}

struct swanctl_secret *swanctl_given(struct swanctl_secret *v, size_t n,
				     enum swanctl_secret_kind kind,
				     const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].kind == kind && !strcmp(v[i].name, name)) {
			v[i].used = true;
			return &v[i];
		}
	return NULL;
}

const char *swanctl_radius_key(struct diag_ctx *d,
			       const struct ir_aaa_group *g,
			       const struct ir_aaa_host *h,
			       struct swanctl_secret *given, size_t ngiven,
			       const char *who)
{
	const struct swanctl_secret *s;

	if (sw_key_usable(&h->key))
		return h->key.key;
	if ((s = swanctl_given(given, ngiven, SWS_AAA, h->host.s)) ||
	    (s = swanctl_given(given, ngiven, SWS_AAA, g->name.s)))
		return s->key;
	if (d)
		diag_report(d, RULE_SECRET_UNAVAILABLE, h->key.set ?
			    &h->key.loc : &h->loc, "the key of RADIUS server "
			    "%s (aaa-server %s, %s) is %s; give it with "
			    "--secrets (aaa-servers:, by host or group)",
			    h->host.s, g->name.s, who, h->key.set ?
			    "masked (show running-config prints *****)" :
			    "not configured");
	return NULL;
}

const char *swanctl_user_password(struct diag_ctx *d, const struct ir_user *u,
				  const char *given)
{
	if (given)
		return given;
	if (u->password && !u->pw_form.s)
		return u->password;
	diag_report(d, RULE_SECRET_UNAVAILABLE,
		    u->password ? &u->password_loc : &u->loc, "user '%s': the "
		    "configuration holds only a hash of the password (%s); "
		    "give it with --secrets (users:)", u->name.s,
		    u->pw_form.s ? u->pw_form.s : "none");
	return NULL;
}

/* A key as a swanctl.conf string: quotes and backslashes escaped. */
void sw_put_key(FILE *o, const char *k)
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

void sw_global_lifetimes(const struct ir *ir, const struct ir_cmap_entry *e,
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
		sw_addr_text(own->family, own->a, x->laddr, sizeof(x->laddr));
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
		sw_ike_proposals(w, 2, &x->props);
	if (x->v1)
		sw_ike_proposals(w, 1, &x->props);
	sw_esp_proposals(w, e, sw_pfs_kw(w, e), &x->esp);
	for (i = 0; !ce->dyn && i < e->peers.n; i++) {
		const struct ir_addr *p = ir_peer_addr(e->peers.v[i]);
		char a[INET6_ADDRSTRLEN];

		if (!p) {
			UNSUPPORTED(w, &((const struct ir_addr *)
					 e->peers.v[i])->loc, "peer is not an "
				    "address");
			continue;
		}
		sw_addr_text(p->family, p->a, a, sizeof(a));
		sw_list_put(&x->remote, ", ", a);
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
	if (sw_has_remote_access(w->ir))
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
	sw_child_common(w->o, c);
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

	sw_comment_line(w->o, w->src, "\t\t\t", &ce->e->loc);
	if (ce->dyn)
		sw_comment_line(w->o, w->src, "\t\t\t", &ce->dyn->loc);
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
	sw_global_lifetimes(w->ir, e, &c);
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
bool sw_list_has(const char *list, const char *nm)
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
bool sw_has_remote_access(const struct ir *ir)
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
static bool l2l_cert(struct sw *w, const char *peer, const struct loc *at,
		     const struct swanctl_secret **tp);
static void l2l_auth(struct sw *w, const char *laddr, const char *remote,
		     const struct swanctl_secret *tp);

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
		sw_comment_line(w->o, w->src, "\t", &g[i]->ce->e->loc);
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
	sw_ike_lifetime(w, x->ver);
	dpd(w, x, remote);
	if (w->ir->crypto.am_disable.set && w->ir->crypto.am_disable.v)
		fprintf(w->o, "\t\taggressive = no\n");
	{
		const struct swanctl_secret *tp = NULL;

		if (!(x->ver == 2 && remote &&
		      l2l_cert(w, remote, &x->ce->e->loc, &tp)))
			tp = NULL;
		l2l_auth(w, x->laddr, remote, tp);
	}
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
			sw_comment_line(w->o, w->src, "\t", &g[i]->ce->e->loc);
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
		if (k && sw_key_usable(k)) {
			add_secret(sec, x->name, "", tg->name.s, k->key);
			continue;
		}
		if ((g = sw_given_key(w, SWS_TUNNEL_GROUP, "DefaultL2LGroup"))) {
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
/*
 * IKEv2 certificate authentication of LAN-to-LAN peer @peer: its tunnel
 * group has `ikev2 local-authentication certificate TP` and `ikev2
 * remote-authentication certificate` (a key for either direction is not
 * compiled with it).  The trustpoint's files from --secrets, marked used
 * (target.c copies them), in *@tp; false when it does not apply, or when
 * the files are not given (said at @at).
 */
static bool l2l_cert(struct sw *w, const char *peer, const struct loc *at,
		     const struct swanctl_secret **tp)
{
	const struct ir_tunnel_group *tg = ir_tunnel_group(w->ir, peer);
	struct swanctl_secret *s;
	size_t i;

	if (!tg || !tg->ikev2_local_auth.s ||
	    strcasecmp(tg->ikev2_local_auth.s, "certificate") ||
	    !tg->ikev2_local_trustpoint.s || !tg->ikev2_remote_cert_on ||
	    tg->ikev2_remote_psk_on)
		return false;
	s = sw_given_named(w, SWS_TRUSTPOINT, tg->ikev2_local_trustpoint.s);
	if (!s || !s->cert || !s->keyfile) {
		diag_report(w->d, RULE_SECRET_UNAVAILABLE, at, "trustpoint "
			    "'%s' (the certificate the gateway shows peer %s): "
			    "give its certificate and key files with --secrets "
			    "(trustpoints:)", tg->ikev2_local_trustpoint.s,
			    peer);
		return false;
	}
	s->used = true;
	/* the CAs the peer's certificate may chain to */
	for (i = 0; i < w->ngiven; i++)
		if (w->given[i].kind == SWS_TRUSTPOINT && w->given[i].nca)
			w->given[i].used = true;
	*tp = s;
	return true;
}

const char *sw_base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

size_t sw_cacerts(struct sw *w)
{
	size_t i, k, n = 0;

	for (i = 0; i < w->ngiven; i++)
		if (w->given[i].kind == SWS_TRUSTPOINT)
			for (k = 0; k < w->given[i].nca; k++)
				fprintf(w->o, "%s%s", n++ ? ", " :
					"\t\t\tcacerts = ",
					sw_base_name(w->given[i].ca[k]));
	if (n)
		fputc('\n', w->o);
	return n;
}

/* local and remote of a LAN-to-LAN connection from @laddr to @remote:
 * certificates (@tp) or pre-shared keys */
static void l2l_auth(struct sw *w, const char *laddr, const char *remote,
		     const struct swanctl_secret *tp)
{
	if (!tp) {
		fprintf(w->o, "\t\tlocal {\n\t\t\tauth = psk\n\t\t\tid = "
			"%s\n\t\t}\n", laddr);
		/* the PSK is looked up by both identities (§2.3): an
		 * initiator needs the peer's, its address (crypto isakmp
		 * identity address) */
		if (remote)
			fprintf(w->o, "\t\tremote {\n\t\t\tauth = psk\n"
				"\t\t\tid = %s\n\t\t}\n", remote);
		else
			fprintf(w->o, "\t\tremote {\n\t\t\tauth = psk\n"
				"\t\t}\n");
		return;
	}
	/* ikev2 local-authentication certificate TP: the trustpoint's
	 * certificate (x509/) and key (private/); the identity its subject,
	 * charon's default and the ASA's (crypto isakmp identity auto) */
	fprintf(w->o, "\t\tlocal {\n\t\t\t# ikev2 local-authentication "
		"certificate: trustpoint %s\n\t\t\tauth = pubkey\n"
		"\t\t\tcerts = %s\n\t\t}\n", tp->name, sw_base_name(tp->cert));
	/* ikev2 remote-authentication certificate: any identity whose
	 * certificate chains to a trustpoint's CA (peer-id-validate is not
	 * compiled: charon checks the chain, not the peer's address) */
	fprintf(w->o, "\t\tremote {\n\t\t\t# ikev2 remote-authentication "
		"certificate\n\t\t\tauth = pubkey\n");
	sw_cacerts(w);
	fprintf(w->o, "\t\t}\n");
}

/* The IKEv1 and/or IKEv2 keys of peer @a (its tunnel group's), for
 * connection @conn; what is missing is said at @at. */
static void peer_secrets(struct sw *w, const char *conn, const char *a,
			 bool v1, bool v2, const struct loc *at,
			 struct secrets *sec)
{
	const struct ir_tunnel_group *tg = ir_tunnel_group(w->ir, a);
	int v;

	for (v = 1; v <= 2; v++) {
		const struct ir_psk *k;

		if ((v == 1 && !v1) || (v == 2 && !v2))
			continue;
		k = !tg ? NULL : v == 1 ? &tg->ikev1_psk :
		    &tg->ikev2_remote_psk;
		/* a peer that authenticates with a certificate has no key
		 * to find */
		if (tg && v == 2 && tg->ikev2_remote_cert_on &&
		    !tg->ikev2_remote_psk_on && !sw_key_usable(k)) {
			const struct swanctl_secret *tp;

			if (!v1 && l2l_cert(w, a, at, &tp))
				continue;
			UNSUPPORTED(w, at, "peer %s authenticates with a "
				    "certificate (tunnel group '%s': ikev2 "
				    "remote-authentication certificate): "
				    "compiled only for IKEv2 alone with ikev2 "
				    "local-authentication certificate; the "
				    "connection has no key for it", a,
				    tg->name.s);
			continue;
		}
		if (!tg) {
			diag_report(w->d, RULE_SECRET_UNAVAILABLE, at, "no "
				    "IKEv%d pre-shared key for peer %s: no "
				    "tunnel group '%s'", v, a, a);
			continue;
		}
		if (!sw_key_usable(k)) {
			const char *g = sw_given_key(w, SWS_TUNNEL_GROUP,
						     tg->name.s);

			if (g) {
				add_secret(sec, conn, a, tg->name.s, g);
				continue;
			}
			if (!k->set)
				diag_report(w->d, RULE_SECRET_UNAVAILABLE, at,
					    "no IKEv%d pre-shared key for peer "
					    "%s: tunnel group '%s' has none; "
					    "give it with --secrets", v, a,
					    tg->name.s);
			else
				diag_report(w->d, RULE_SECRET_UNAVAILABLE,
					    &k->loc, "the IKEv%d key of tunnel "
					    "group '%s' is %s; give it with "
					    "--secrets", v, tg->name.s,
					    k->masked ? "masked (show "
					    "running-config prints *****)" :
					    "encrypted (type 8)");
			continue;
		}
		add_secret(sec, conn, a, tg->name.s, k->key);
		if (v == 2 && sw_key_usable(&tg->ikev2_local_psk) &&
		    strcmp(tg->ikev2_local_psk.key, k->key))
			UNSUPPORTED(w, &tg->ikev2_local_psk.loc, "asymmetric "
				    "IKEv2 keys of tunnel group '%s': only the "
				    "remote key is compiled", tg->name.s);
	}
}

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
		char a[INET6_ADDRSTRLEN];

		if (!p)
			continue;
		sw_addr_text(p->family, p->a, a, sizeof(a));
		peer_secrets(w, x->name, a, x->v1, x->v2, &e->loc, sec);
	}
}


/* The if_id of virtual tunnel interface @f (TunnelN: N + 1, as the
 * kernel's 0 means none) */
static unsigned long vti_if_id(const struct ir_iface *f)
{
	const char *h = f->hwname ? f->hwname : "", *e = h + strlen(h);

	while (e > h && e[-1] >= '0' && e[-1] <= '9')
		e--;
	return strtoul(e, NULL, 10) + 1;
}

/*
 * Route-based VPN: one connection per virtual tunnel interface (interface
 * TunnelN, tunnel protection ipsec profile P), from its source interface's
 * address to its peer, with the profile's proposals, PFS and lifetimes;
 * its child carries any/any (the ASA's VTI negotiates 0.0.0.0/0, or ::/0
 * with tunnel mode ipsec ipv6: its configuration guide; the seeds are
 * silent) bound to an XFRM interface by if_id, so it takes only what is
 * routed into that interface.  The peer authenticates with its tunnel
 * group's key, as for crypto map peers.
 */
static void vti_connections(struct sw *w, struct secrets *sec)
{
	const struct ir *ir = w->ir;
	const struct ir_iface *f;
	uint32_t i;

	vec_foreach(&ir->interfaces, i, f) {
		const struct ir_ipsec_profile *pf = f->tunnel_profile_target;
		const struct ir_iface *src = f->tunnel_source_target;
		const struct ir_addr *peer = f->tunnel_dest ?
			ir_peer_addr(f->tunnel_dest) : NULL;
		bool v6 = f->tunnel_mode.s && !strcmp(f->tunnel_mode.s, "ipv6");
		const struct ir_addr *own;
		struct list props = { 0 }, esp = { 0 };
		struct child_opts c = { 0 };
		char name[80], la[INET6_ADDRSTRLEN], ra[INET6_ADDRSTRLEN];
		unsigned long id;
		bool v1, v2;
		int ver;

		if (!f->tunnel_profile.s && !f->tunnel_dest)
			continue;
		own = !src || !peer ? NULL : peer->family == 6 ? src->ip6 :
		      src->ip;
		if (!pf || !peer || !own || own->kind != IR_ADDR_NET) {
			UNSUPPORTED(w, &f->loc, "interface %s is not compiled: "
				    "the tunnel lacks %s", f->hwname ? f->hwname :
				    "?", !pf ? "an IPsec profile" : !peer ?
				    "a peer address" : "a source interface "
				    "with an address of the peer's family");
			continue;
		}
		v1 = pf->e.transform_sets.n > 0 &&
		     ike_enabled(ir, src->nameif.s, 1);
		v2 = pf->e.proposals.n > 0 && ike_enabled(ir, src->nameif.s, 2);
		if (!v1 && !v2) {
			UNSUPPORTED(w, &f->loc, "interface %s is not compiled: "
				    "no IKE version enabled on '%s' has a "
				    "transform set or proposal of profile %s",
				    f->hwname, src->nameif.s, pf->name.s);
			continue;
		}
		ver = v1 && v2 ? 0 : v1 ? 1 : 2;
		if (v2)
			sw_ike_proposals(w, 2, &props);
		if (v1)
			sw_ike_proposals(w, 1, &props);
		sw_esp_proposals(w, &pf->e, sw_pfs_kw(w, &pf->e), &esp);
		sw_addr_text(own->family, own->a, la, sizeof(la));
		sw_addr_text(peer->family, peer->a, ra, sizeof(ra));
		snprintf(name, sizeof(name), "vti-%s", f->hwname);
		sw_sanitize(name);
		id = vti_if_id(f);
		if (w->conns) {
			struct swanctl_conn *cn = &w->conns[w->nconns++];

			memset(cn, 0, sizeof(*cn));
			cn->name = xstrdup(name);
			cn->version = ver;
		}
		fputc('\n', w->o);
		sw_comment_line(w->o, w->src, "\t", &f->loc);
		sw_comment_line(w->o, w->src, "\t", &pf->loc);
		fprintf(w->o, "\t# a route-based tunnel: what is routed into "
			"the XFRM interface with if_id %lu\n\t%s {\n"
			"\t\tversion = %d\n\t\tlocal_addrs = %s\n"
			"\t\tremote_addrs = %s\n", id, name, ver, la, ra);
		if (props.n)
			fprintf(w->o, "\t\tproposals = %s\n", props.s);
		sw_ike_lifetime(w, ver);
		{
			const struct swanctl_secret *tp = NULL;

			if (!(ver == 2 && l2l_cert(w, ra, &f->loc, &tp)))
				tp = NULL;
			l2l_auth(w, la, ra, tp);
		}
		fprintf(w->o, "\t\tchildren {\n\t\t\t%s {\n"
			"\t\t\t\tlocal_ts = %s\n\t\t\t\tremote_ts = %s\n"
			"\t\t\t\tif_id_in = %lu\n\t\t\t\tif_id_out = %lu\n",
			name, v6 ? "::/0" : "0.0.0.0/0",
			v6 ? "::/0" : "0.0.0.0/0", id, id);
		sw_global_lifetimes(ir, &pf->e, &c);
		c.esp = esp.s;
		c.mode = "tunnel";
		/* responder-only: the peer starts the tunnel */
		c.start = pf->responder_only.set && pf->responder_only.v ?
			  "none" : "trap";
		c.version = ver;
		sw_child_common(w->o, &c);
		fprintf(w->o, "\t\t\t}\n\t\t}\n\t}\n");
		peer_secrets(w, name, ra, v1, v2, &f->loc, sec);
		UNSUPPORTED(w, &f->loc, "interface %s: its XFRM interface (if_id "
			    "%lu), address and routes are not created by asac "
			    "yet: ip link add %s type xfrm if_id %lu dev %s, "
			    "then its address and the route commands through "
			    "'%s'", f->hwname, id, f->nameif.s ? f->nameif.s :
			    name, id, src->nameif.s, f->nameif.s ? f->nameif.s :
			    "?");
		free(props.s);
		free(esp.s);
	}
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
		/* and one per virtual tunnel interface */
		all += (size_t)ir->interfaces.n;
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
	/* DefaultL2LGroup's key is for peers of any identity, as are some
	 * remote-access keys (ra_any_key()) */
	for (i = 0; i < sec.n && !rc.any_key; i++)
		if (!*sec.v[i].peer) {
			rc.any_key = sec.v[i].key;
			rc.any_key_tg = sec.v[i].tg;
		}
	vti_connections(&w, &sec);
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
			sw_sanitize(nm);
			fprintf(conf, "\t%s-%zu {\n\t\tsecret = ", nm,
				i + 1);
			sw_put_key(conf, sec.v[i].key);
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
		    (ir->max_anyconnect.set || !sw_has_remote_access(ir)))
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
			   struct swanctl_secret *given, size_t ngiven,
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
	compile(ir, src, &scratch, null, NULL, NULL, given, ngiven, false,
		out, &n, true);
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

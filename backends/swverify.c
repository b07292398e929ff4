/* SPDX-License-Identifier: MIT */
/*
 * swverify.c - `asac verify`: read a swanctl.conf back and prove it equal
 * to the crypto-map model.
 *
 * The reader is independent of the compiler: it parses the settings
 * syntax (sections, `key = value` to the end of the line, `#` comments)
 * and interprets each child's local_ts/remote_ts the way strongSwan's
 * kernel interface installs them (reference strongswan.md §2.5): an
 * address range becomes its smallest enclosing subnet, a port range its
 * common-prefix mask, [icmp/N] a type (N < 256, any code) or type N>>8
 * with code N&255 (type or code 0 a wildcard, only the source selector's
 * first value counts), and a policy exists for every
 * local by remote pair except pairs of two different protocols.  The
 * children of each entry (named MAP-SEQ-N, in whichever connection) are
 * then compared with the model's exact set.
 */
#include "compiler/asac.h"
#include "compiler/cryptomap.h"
#include "compiler/map.h"
#include "compiler/util.h"
#include "swanctl.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct vchild {
	char *name, *local_ts, *remote_ts, *mode, *start;
	char *if_id;		/* if_id_out: a route-based child */
	int line;
};

struct vconn {
	char *name;
	struct vchild *v;
	size_t n;
};

struct vconf {
	struct vconn *v;
	size_t n;
};

/* --- the reader ----------------------------------------------------------- */

struct rd {
	const char *p, *end;
	int line;
	char *err;
	size_t errlen;
	const char *path;
};

static void skip_blank(struct rd *r)
{
	for (;;) {
		while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
					 *r->p == '\r' || *r->p == '\n')) {
			if (*r->p == '\n')
				r->line++;
			r->p++;
		}
		if (r->p < r->end && *r->p == '#') {
			while (r->p < r->end && *r->p != '\n')
				r->p++;
			continue;
		}
		return;
	}
}

static char *read_name(struct rd *r)
{
	const char *s = r->p;

	while (r->p < r->end && !strchr(" \t\r\n{}=#", *r->p))
		r->p++;
	return s == r->p ? NULL : xstrndup(s, (size_t)(r->p - s));
}

/* An unquoted value runs to the end of the line, '#' or '}'; a quoted
 * one is kept with its escapes (only selectors and modes are read). */
static char *read_value(struct rd *r)
{
	const char *s;
	size_t n;

	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
	s = r->p;
	if (r->p < r->end && *r->p == '"') {
		r->p++;
		while (r->p < r->end && *r->p != '"') {
			if (*r->p == '\\' && r->p + 1 < r->end)
				r->p++;
			r->p++;
		}
		if (r->p < r->end)
			r->p++;
		return xstrndup(s, (size_t)(r->p - s));
	}
	while (r->p < r->end && !strchr("\n#}", *r->p))
		r->p++;
	n = (size_t)(r->p - s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}

static int fail(struct rd *r, const char *what)
{
	snprintf(r->err, r->errlen, "%s:%d: %s", r->path, r->line, what);
	return -1;
}

/*
 * Parse one section body up to its '}' (or the end for the top level).
 * @depth/@path name where we are: connections(1) > CONN(2) >
 * children(3) > CHILD(4).
 */
static int section(struct rd *r, struct vconf *c, int depth,
		   const char *const *path, bool top)
{
	for (;;) {
		char *name;
		const char *sub[5];
		int i;

		skip_blank(r);
		if (r->p >= r->end)
			return top ? 0 : fail(r, "missing '}'");
		if (*r->p == '}') {
			if (top)
				return fail(r, "unexpected '}'");
			r->p++;
			return 0;
		}
		name = read_name(r);
		if (!name)
			return fail(r, "expected a name");
		skip_blank(r);
		if (r->p < r->end && *r->p == '=') {
			char *v;

			r->p++;
			v = read_value(r);
			if (depth == 4 && !strcmp(path[0], "connections") &&
			    !strcmp(path[2], "children")) {
				struct vconn *cn = &c->v[c->n - 1];
				struct vchild *ch = &cn->v[cn->n - 1];
				char **slot = !strcmp(name, "local_ts") ?
					&ch->local_ts : !strcmp(name,
					"remote_ts") ? &ch->remote_ts :
					!strcmp(name, "mode") ? &ch->mode :
					!strcmp(name, "start_action") ?
					&ch->start : !strcmp(name, "if_id_out") ?
					&ch->if_id : NULL;

				if (slot) {
					free(*slot);
					*slot = v;
					v = NULL;
				}
			}
			free(v);
			free(name);
			continue;
		}
		if (r->p >= r->end || *r->p != '{') {
			free(name);
			return fail(r, "expected '{' or '='");
		}
		r->p++;
		for (i = 0; i < depth && i < 4; i++)
			sub[i] = path[i];
		sub[depth < 4 ? depth : 4] = name;
		if (depth == 1 && !strcmp(path[0], "connections")) {
			c->v = xrealloc_array(c->v, c->n + 1, sizeof(*c->v));
			memset(&c->v[c->n], 0, sizeof(*c->v));
			c->v[c->n++].name = xstrdup(name);
		} else if (depth == 3 && !strcmp(path[0], "connections") &&
			   !strcmp(path[2], "children")) {
			struct vconn *cn = &c->v[c->n - 1];

			cn->v = xrealloc_array(cn->v, cn->n + 1,
					       sizeof(*cn->v));
			memset(&cn->v[cn->n], 0, sizeof(*cn->v));
			cn->v[cn->n].name = xstrdup(name);
			cn->v[cn->n++].line = r->line;
		}
		if (section(r, c, depth + 1, sub, false) < 0) {
			free(name);
			return -1;
		}
		free(name);
	}
}

static void vconf_free(struct vconf *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		for (j = 0; j < c->v[i].n; j++) {
			free(c->v[i].v[j].name);
			free(c->v[i].v[j].local_ts);
			free(c->v[i].v[j].remote_ts);
			free(c->v[i].v[j].mode);
			free(c->v[i].v[j].start);
			free(c->v[i].v[j].if_id);
		}
		free(c->v[i].v);
		free(c->v[i].name);
	}
	free(c->v);
}

/* --- selectors as the kernel installs them -------------------------------- */

struct ts {
	uint8_t family;
	sp_u128 lo, hi;		/* addresses */
	int proto;		/* -1 any */
	sp_u128 plo, phi;	/* ports, or ICMP type */
	sp_u128 clo, chi;	/* ICMP code */
};

/* The smallest prefix holding [lo, hi] (the kernel's widening). */
static void enclose(sp_u128 *lo, sp_u128 *hi, unsigned int bits)
{
	unsigned int plen = bits;
	sp_u128 m;

	while (plen > 0) {
		m = plen == 128 ? ~(sp_u128)0 :
		    (((sp_u128)1 << plen) - 1) << (bits - plen);
		if ((*lo & m) == (*hi & m))
			break;
		plen--;
	}
	m = plen == 0 ? 0 : plen == 128 ? ~(sp_u128)0 :
	    (((sp_u128)1 << plen) - 1) << (bits - plen);
	*lo &= m;
	*hi = *lo | (~m & (bits == 128 ? ~(sp_u128)0 :
				  (((sp_u128)1 << bits) - 1)));
}

static bool parse_addr(const char *s, uint8_t *fam, sp_u128 *v)
{
	uint8_t a[16];

	if (inet_pton(AF_INET, s, a) == 1) {
		*fam = 4;
		*v = sp_addr_load(4, a);
		return true;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		*fam = 6;
		*v = sp_addr_load(6, a);
		return true;
	}
	return false;
}

static int proto_num(const char *s)
{
	char *end;
	long v;

	if (!strcasecmp(s, "any"))
		return -1;
	if (!strcasecmp(s, "tcp"))
		return 6;
	if (!strcasecmp(s, "udp"))
		return 17;
	if (!strcasecmp(s, "icmp"))
		return 1;
	if (!strcasecmp(s, "ipv6-icmp") || !strcasecmp(s, "icmpv6"))
		return 58;
	if (!strcasecmp(s, "sctp"))
		return 132;
	v = strtol(s, &end, 10);
	return *s && !*end && v >= 0 && v <= 255 ? (int)v : -2;
}

/* One selector item: ADDR[/LEN] or ADDR-ADDR, then [PROTO[/PORT]]. */
static bool parse_ts(const char *item, struct ts *t)
{
	char buf[256], *br, *slash, *dash;
	sp_u128 v;
	unsigned int bits;

	while (*item == ' ')
		item++;
	if (strlen(item) >= sizeof(buf))
		return false;
	strcpy(buf, item);
	memset(t, 0, sizeof(*t));
	t->proto = -1;
	br = strchr(buf, '[');
	if (br) {
		char *close = strchr(br, ']'), *ps;

		if (!close || close[1])
			return false;
		*close = 0;
		*br++ = 0;
		ps = strchr(br, '/');
		if (ps)
			*ps++ = 0;
		t->proto = proto_num(br);
		if (t->proto == -2)
			return false;
		t->phi = 65535;
		t->chi = 255;
		if (ps && strcasecmp(ps, "any") && strcasecmp(ps, "opaque")) {
			char *e1;
			unsigned long lo = strtoul(ps, &e1, 10), hi = lo;

			if (*e1 == '-')
				hi = strtoul(e1 + 1, &e1, 10);
			if (*e1 || hi < lo || hi > 65535)
				return false;
			if (t->proto == 1 || t->proto == 58) {
				/* vici shifts a value below 256 into the type
				 * byte; the kernel reads the from port only:
				 * type = p >> 8, code = p & 255, 0 = any */
				unsigned long p = lo < 256 ? lo << 8 : lo;

				if (p >> 8) {
					t->plo = t->phi = p >> 8;
				} else {
					t->plo = 0;
					t->phi = 255;
				}
				if (p & 255) {
					t->clo = t->chi = p & 255;
				} else {
					t->clo = 0;
					t->chi = 255;
				}
			} else {
				t->plo = lo;
				t->phi = hi;
				enclose(&t->plo, &t->phi, 16);
			}
		} else if (t->proto == 1 || t->proto == 58) {
			t->phi = 255;
		}
	}
	dash = strchr(buf, '-');
	slash = strchr(buf, '/');
	if (dash) {
		uint8_t f2;
		sp_u128 hi;

		*dash = 0;
		if (!parse_addr(buf, &t->family, &v) ||
		    !parse_addr(dash + 1, &f2, &hi) || f2 != t->family ||
		    hi < v)
			return false;
		t->lo = v;
		t->hi = hi;
		enclose(&t->lo, &t->hi, t->family == 6 ? 128 : 32);
		return true;
	}
	if (slash)
		*slash = 0;
	if (!parse_addr(buf, &t->family, &v))
		return false;
	bits = t->family == 6 ? 128 : 32;
	t->lo = t->hi = v;
	if (slash) {
		char *e;
		unsigned long plen = strtoul(slash + 1, &e, 10);
		sp_u128 hostmask;

		if (*e || plen > bits)
			return false;
		hostmask = plen == 0 ? (bits == 128 ? ~(sp_u128)0 :
					(((sp_u128)1 << bits) - 1)) :
			   plen == bits ? 0 : (((sp_u128)1 << (bits - plen)) - 1);
		t->lo = v & ~hostmask;
		t->hi = t->lo | hostmask;
	}
	return true;
}

/* Boxes of one protocol each, gathered before they join a set. */
struct bvec {
	struct sp_box *v;
	size_t n, cap;
};

/*
 * The packets of one policy (local @l to remote @r): a box of one
 * protocol goes to @bv, with the fields that protocol lacks pinned to 0
 * (as sp_add() would); a box of any protocol straight into @s.
 */
static void add_pair(struct sp_set *s, struct bvec *bv, const struct ts *l,
		     const struct ts *r)
{
	struct sp_box b;
	int proto;

	if (l->family != r->family)
		return;
	if (l->proto >= 0 && r->proto >= 0 && l->proto != r->proto)
		return;
	proto = l->proto >= 0 ? l->proto : r->proto;
	sp_box_full(&b, l->family);
	b.lo[SP_SRC] = l->lo;
	b.hi[SP_SRC] = l->hi;
	b.lo[SP_DST] = r->lo;
	b.hi[SP_DST] = r->hi;
	if (proto < 0) {
		sp_add(s, &b);
		return;
	}
	b.lo[SP_PROTO] = b.hi[SP_PROTO] = sp_proto_rank((unsigned)proto);
	b.lo[SP_SPORT] = b.hi[SP_SPORT] = b.lo[SP_DPORT] = b.hi[SP_DPORT] = 0;
	b.lo[SP_ITYPE] = b.hi[SP_ITYPE] = b.lo[SP_ICODE] = b.hi[SP_ICODE] = 0;
	if (proto == 1 || proto == 58) {
		/* type and code from the source selector */
		const struct ts *t = l->proto >= 0 ? l : r;

		b.lo[SP_ITYPE] = t->plo;
		b.hi[SP_ITYPE] = t->phi;
		b.lo[SP_ICODE] = t->clo;
		b.hi[SP_ICODE] = t->chi;
	} else if (proto == 6 || proto == 17 || proto == 132) {
		b.hi[SP_SPORT] = b.hi[SP_DPORT] = 65535;
		if (l->proto >= 0) {
			b.lo[SP_SPORT] = l->plo;
			b.hi[SP_SPORT] = l->phi;
		}
		if (r->proto >= 0) {
			b.lo[SP_DPORT] = r->plo;
			b.hi[SP_DPORT] = r->phi;
		}
	}
	if (bv->n == bv->cap) {
		bv->cap = bv->cap ? bv->cap * 2 : 64;
		bv->v = xrealloc_array(bv->v, bv->cap, sizeof(*bv->v));
	}
	bv->v[bv->n++] = b;
}

/* Order by every dimension but the protocol, then the protocol. */
static int box_cmp(const void *x, const void *y)
{
	const struct sp_box *a = x, *b = y;
	int d;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	for (d = 1; d <= SP_NDIM; d++) {
		int k = d % SP_NDIM;	/* SP_PROTO last */

		if (a->lo[k] != b->lo[k])
			return a->lo[k] < b->lo[k] ? -1 : 1;
		if (a->hi[k] != b->hi[k])
			return a->hi[k] < b->hi[k] ? -1 : 1;
	}
	return 0;
}

static bool same_but_proto(const struct sp_box *a, const struct sp_box *b)
{
	int d;

	if (a->family != b->family)
		return false;
	for (d = 1; d < SP_NDIM; d++)
		if (a->lo[d] != b->lo[d] || a->hi[d] != b->hi[d])
			return false;
	return true;
}

/* Join @bv into @s, protocols of otherwise equal boxes merged into ranges
 * first (a child listing many protocols makes thousands of boxes that
 * differ in the protocol only). */
static void flush_boxes(struct sp_set *s, struct bvec *bv)
{
	size_t i, o = 0;

	if (!bv->n)
		return;
	qsort(bv->v, bv->n, sizeof(*bv->v), box_cmp);
	for (i = 1; i < bv->n; i++) {
		struct sp_box *a = &bv->v[o], *b = &bv->v[i];

		if (same_but_proto(a, b) && b->lo[SP_PROTO] <=
		    a->hi[SP_PROTO] + 1) {
			if (b->hi[SP_PROTO] > a->hi[SP_PROTO])
				a->hi[SP_PROTO] = b->hi[SP_PROTO];
		} else {
			bv->v[++o] = *b;
		}
	}
	for (i = 0; i <= o; i++)
		sp_add(s, &bv->v[i]);
	free(bv->v);
	*bv = (struct bvec){ 0 };
}

/* Parse one selector item into @v[@n++]; `dynamic` (the peer's address
 * or virtual IP, negotiated) is every address of both families, and sets
 * @dyn. */
static bool ts_item(const char *a, struct ts **v, size_t *n, bool *dyn)
{
	while (*a == ' ')
		a++;
	if (!strcmp(a, "dynamic")) {
		*dyn = true;
		return ts_item("0.0.0.0/0", v, n, dyn) &&
		       ts_item("::/0", v, n, dyn);
	}
	*v = xrealloc_array(*v, *n + 1, sizeof(**v));
	return parse_ts(a, &(*v)[(*n)++]);
}

/* The set of one child; false (with @bad) on an item it cannot read.
 * @dyn: a selector is `dynamic`. */
static bool child_set(const struct vchild *ch, struct sp_set *out,
		      const char **bad, bool *dyn)
{
	char *ls = xstrdup(ch->local_ts ? ch->local_ts : ""),
	     *rs = xstrdup(ch->remote_ts ? ch->remote_ts : "");
	char *a, *sa;
	struct ts *lt = NULL, *rt = NULL;
	struct bvec bv = { 0 };
	size_t nl = 0, nr = 0, i, j;
	bool ok = true;

	for (a = strtok_r(ls, ",", &sa); a && ok; a = strtok_r(NULL, ",", &sa)) {
		ok = ts_item(a, &lt, &nl, dyn);
		if (!ok)
			*bad = ch->local_ts;
	}
	for (a = strtok_r(rs, ",", &sa); a && ok; a = strtok_r(NULL, ",", &sa)) {
		ok = ts_item(a, &rt, &nr, dyn);
		if (!ok)
			*bad = ch->remote_ts;
	}
	if (ok && (!nl || !nr)) {
		ok = false;
		*bad = "(no local_ts or remote_ts: their default, 'dynamic', "
		       "is only the answer of a dynamic entry without ACL)";
	}
	for (i = 0; ok && i < nl; i++)
		for (j = 0; j < nr; j++)
			add_pair(out, &bv, &lt[i], &rt[j]);
	flush_boxes(out, &bv);
	free(lt);
	free(rt);
	free(ls);
	free(rs);
	return ok;
}

/* --- the proof ------------------------------------------------------------ */

/*
 * The children of one connection, each as its own set: equality with the
 * model is proven without building their union (which costs quadratic
 * time in the number of boxes): every child lies inside the model's set,
 * and the model's set less every child is empty.
 */
struct vset {
	char name[200];
	char base[200];		/* the entry: name without -peerK */
	struct sp_set *ipsec, *drop;
	size_t nipsec, ndrop;
	const char *trap;	/* an IPsec child with start_action trap */
	const char *dynamic;	/* a child with a `dynamic` selector */
};

static bool ra_conn(const char *name)
{
	size_t n = strlen(name);

	return n > 9 && !strncmp(name, "ra-", 3) &&
	       (!strcmp(name + n - 6, "-ikev1") ||
		!strcmp(name + n - 6, "-ikev2"));
}

static bool is_drop(const struct vchild *ch)
{
	return ch->mode && (!strcmp(ch->mode, "drop") ||
			    !strcmp(ch->mode, "pass"));
}

static void say(FILE *out, const char *conn, const char *what,
		const struct sp_point *p, bool in_model)
{
	char pkt[160];

	sp_point_str(p, pkt, sizeof(pkt));
	fprintf(out, "%s: %s differ: %s is %s\n", conn, what, pkt, in_model ?
		"in the model's set but not in the children" :
		"in the children but not in the model's set");
}

/* Do @kids (n sets) protect exactly @want?  Prints a counterexample. */
static bool same(FILE *out, const char *conn, const char *what,
		 const struct sp_set *want, const struct sp_set *kids,
		 size_t n)
{
	struct sp_set rem, x;
	struct sp_point p;
	size_t i;
	bool ok = true;

	sp_init(&x);
	for (i = 0; i < n && ok; i++) {
		sp_subtract(&x, &kids[i], want);
		if (sp_witness(&x, &p)) {
			say(out, conn, what, &p, false);
			ok = false;
		}
	}
	sp_free(&x);
	if (!ok)
		return false;
	sp_init(&rem);
	sp_copy(&rem, want);
	for (i = 0; i < n && !sp_empty(&rem); i++)
		sp_subtract_in(&rem, &kids[i]);
	if (sp_witness(&rem, &p)) {
		say(out, conn, what, &p, true);
		ok = false;
	}
	sp_free(&rem);
	return ok;
}

static const char *intern(struct strtab *st, const char *s)
{
	return strtab_intern(st, s, strlen(s));
}

struct hitpair {
	size_t i, j;
	struct sp_point p;
};

static int hitpair_cmp(const void *x, const void *y)
{
	const struct hitpair *a = x, *b = y;

	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

/* The entry set (index into @model) that box @b lies in. */
struct owner {
	const struct sp_box *lo;
	size_t n, k;
};

static int owner_cmp(const void *x, const void *y)
{
	const struct owner *a = x, *b = y;

	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/*
 * Children of different entries are disjoint: each lies inside its
 * entry's set (proven before), so it is enough that the entries' sets
 * are; check them through an index of all their boxes (each pair of sets
 * that meet is reported once, with a packet of the first two boxes that
 * meet), and the children themselves where a connection had no entry.
 */
static int disjoint(FILE *out, const struct vset *vs, size_t nvs,
		    const struct sp_set **model)
{
	struct sp_ix *ix;
	struct owner *own = xcalloc(nvs + 1, sizeof(*own));
	struct hitpair *hp = NULL;
	size_t nown = 0, nhp = 0, i, j, a, b, k;
	const struct sp_box **hits = NULL;
	size_t nhits, caphits = 0;
	int bad = 0;

	sp_ix_init(&ix);
	for (i = 0; i < nvs; i++) {
		if (!model[i] || !model[i]->n)
			continue;
		/* one entry's backup peers share its set: index it once */
		for (j = 0; j < i; j++)
			if (model[j] == model[i])
				break;
		if (j < i)
			continue;
		own[nown++] = (struct owner){ model[i]->v, model[i]->n, i };
		sp_ix_add_set(ix, model[i]);
	}
	qsort(own, nown, sizeof(*own), owner_cmp);
	for (i = 0; i < nvs; i++) {
		if (!model[i])
			continue;
		for (a = 0; a < model[i]->n; a++) {
			const struct sp_box *x = &model[i]->v[a];

			nhits = sp_ix_find(ix, x, &hits, &caphits);
			for (b = 0; b < nhits; b++) {
				size_t lo = 0, hi = nown;
				struct sp_box meet;
				int d;

				/* the set that holds hits[b] */
				while (hi - lo > 1) {
					size_t mid = lo + (hi - lo) / 2;

					if (own[mid].lo <= hits[b])
						lo = mid;
					else
						hi = mid;
				}
				k = own[lo].k;
				if (model[k] == model[i] ||
				    !strcmp(vs[i].base, vs[k].base))
					continue;
				for (j = 0; j < nhp; j++)
					if (hp[j].i == (i < k ? i : k) &&
					    hp[j].j == (i < k ? k : i))
						break;
				if (j < nhp)
					continue;
				hp = xrealloc_array(hp, nhp + 1, sizeof(*hp));
				hp[nhp].i = i < k ? i : k;
				hp[nhp].j = i < k ? k : i;
				/* the two boxes' common part, and a packet of
				 * it */
				meet = *x;
				for (d = 0; d < SP_NDIM; d++) {
					if (hits[b]->lo[d] > meet.lo[d])
						meet.lo[d] = hits[b]->lo[d];
					if (hits[b]->hi[d] < meet.hi[d])
						meet.hi[d] = hits[b]->hi[d];
				}
				sp_pick(&meet, &hp[nhp++].p);
			}
		}
	}
	/* connections with no entry: their children, pair by pair */
	for (i = 0; i < nvs; i++)
		for (j = i + 1; j < nvs; j++) {
			struct sp_set x;
			struct sp_point p;
			bool hit = false;

			if ((model[i] && model[j]) ||
			    !strcmp(vs[i].base, vs[j].base))
				continue;
			sp_init(&x);
			for (a = 0; a < vs[i].nipsec && !hit; a++)
				for (b = 0; b < vs[j].nipsec && !hit; b++) {
					sp_intersect(&x, &vs[i].ipsec[a],
						     &vs[j].ipsec[b]);
					hit = sp_witness(&x, &p);
				}
			sp_free(&x);
			if (hit) {
				hp = xrealloc_array(hp, nhp + 1, sizeof(*hp));
				hp[nhp++] = (struct hitpair){ i, j, p };
			}
		}
	if (nhp > 1)
		qsort(hp, nhp, sizeof(*hp), hitpair_cmp);
	for (j = 0; j < nhp; j++) {
		char pkt[160];

		sp_point_str(&hp[j].p, pkt, sizeof(pkt));
		fprintf(out, "%s and %s overlap: both protect %s\n",
			vs[hp[j].i].name, vs[hp[j].j].name, pkt);
		bad = 1;
	}
	free(hp);
	free(hits);
	free(own);
	sp_ix_free(&ix);
	return bad;
}

int swanctl_verify(const struct ir *ir, const char *path, FILE *out,
		   char *err, size_t errlen)
{
	struct vconf c = { 0 };
	struct rd r;
	struct cm_model m;
	struct vset *vs = NULL;
	const struct sp_set **model = NULL;	/* per entry, matched */
	bool *seen = NULL;
	size_t nvs = 0, i, j, k;
	char *data;
	size_t len;
	int bad = 0;
	const char *top[1] = { "" };
	struct sp_set proto0, empty;
	struct arena ar;
	struct strtab st;
	struct map byname, bybase;
	size_t *nextb = NULL;

	arena_init(&ar);
	strtab_init(&st, &ar);
	map_init(&byname);
	map_init(&bybase);

	if (read_file(path, &data, &len) < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	r = (struct rd){ data, data + len, 1, err, errlen, path };
	if (section(&r, &c, 0, top, true) < 0) {
		free(data);
		vconf_free(&c);
		return -1;
	}
	free(data);
	/*
	 * IP protocol 0 cannot be selected alone (0 is any in a selector):
	 * the compiler reports it as unsupported-feature and leaves it out,
	 * so it is out of the comparison on both sides.
	 */
	sp_init(&proto0);
	sp_init(&empty);
	{
		struct sp_box b;
		int f;

		for (f = 4; f <= 6; f += 2) {
			sp_box_full(&b, (uint8_t)f);
			b.lo[SP_PROTO] = b.hi[SP_PROTO] = sp_proto_rank(0);
			sp_add(&proto0, &b);
		}
	}
	/*
	 * Each child's set, under the entry its name gives: children of
	 * crypto map entry MAP SEQ are MAP-SEQ-N (MAP-SEQ-drop-N for drop
	 * children), whichever connection holds them.
	 */
	for (i = 0; i < c.n; i++)
		for (j = 0; j < c.v[i].n; j++) {
			const struct vchild *ch = &c.v[i].v[j];
			const char *what = NULL;
			char en[200];
			size_t l;
			struct vset *v = NULL;
			struct sp_set *s;
			bool dyn;

			/* a remote-access tunnel group's connection
			 * (ra-GROUP-ikev1|2, a name no entry has: entries
			 * end in their sequence number): its children hold
			 * the clients' assigned addresses, not an entry's
			 * protected set */
			if (ra_conn(c.v[i].name))
				continue;
			/* a route-based child (a VTI's, if_id_out): its
			 * policies take only what is routed into its XFRM
			 * interface, so they meet no crypto map entry's */
			if (ch->if_id)
				continue;
			snprintf(en, sizeof(en), "%s", ch->name);
			l = strlen(en);
			while (l && isdigit((unsigned char)en[l - 1]))
				l--;
			if (l && en[l - 1] == '-' && l < strlen(en))
				l--;
			en[l] = 0;
			if (l > 5 && !strcmp(en + l - 5, "-drop"))
				en[l - 5] = 0;
			k = (size_t)(uintptr_t)map_get(&byname, intern(&st, en));
			if (k)
				v = &vs[k - 1];
			if (!v) {
				char *pk;

				vs = xrealloc_array(vs, nvs + 1, sizeof(*vs));
				v = &vs[nvs++];
				map_put(&byname, intern(&st, en),
					(void *)(uintptr_t)nvs);
				memset(v, 0, sizeof(*v));
				snprintf(v->name, sizeof(v->name), "%s", en);
				/* a backup peer's children: MAP-SEQ-peerK-N */
				snprintf(v->base, sizeof(v->base), "%s", en);
				pk = strrchr(v->base, '-');
				if (pk && !strncmp(pk, "-peer", 5) && pk[5] &&
				    strspn(pk + 5, "0123456789") ==
				    strlen(pk + 5))
					*pk = 0;
			}
			if (is_drop(ch)) {
				v->drop = xrealloc_array(v->drop, v->ndrop + 1,
							 sizeof(*v->drop));
				s = &v->drop[v->ndrop++];
			} else {
				v->ipsec = xrealloc_array(v->ipsec,
							  v->nipsec + 1,
							  sizeof(*v->ipsec));
				s = &v->ipsec[v->nipsec++];
			}
			sp_init(s);
			dyn = false;
			if (!child_set(ch, s, &what, &dyn)) {
				fprintf(out, "%s: child %s: cannot read the "
					"selector '%s'\n", c.v[i].name,
					ch->name, what ? what : "");
				bad = 1;
			}
			if (dyn)
				v->dynamic = ch->name;
			if (!is_drop(ch) && ch->start && strstr(ch->start, "trap"))
				v->trap = ch->name;
			sp_subtract_in(s, &proto0);
		}
	model = xcalloc(nvs ? nvs : 1, sizeof(*model));
	seen = xcalloc(nvs ? nvs : 1, sizeof(*seen));
	/* the sets of each entry (its base name), in order */
	nextb = xcalloc(nvs ? nvs : 1, sizeof(*nextb));
	for (i = nvs; i-- > 0;) {
		const char *b = intern(&st, vs[i].base);

		nextb[i] = (size_t)(uintptr_t)map_put(&bybase, b,
						      (void *)(uintptr_t)(i + 1));
	}
	/* every entry of the model against its connection */
	cm_build_sets(&m, ir);
	if (m.unsupported) {
		fprintf(out, "%s: %u ACE operand%s without an exact address "
			"set (fqdn): not verified\n", path, m.unsupported,
			m.unsupported == 1 ? "" : "s");
		bad = 1;
	}
	for (i = 0; i < m.nsets; i++) {
		const struct cm_set *s = &m.sets[i];
		bool nb = swanctl_named_iface(&m, s);

		for (k = 0; k < s->n; k++) {
			const struct cm_entry *ce = &s->v[k];
			char name[200];
			struct vset *v = NULL;
			struct sp_set want;

			size_t nv = 0, first;
			bool stop = false;

			swanctl_entry_name(name, sizeof(name), s, ce, nb);
			first = (size_t)(uintptr_t)map_get(&bybase,
							   intern(&st, name));
			for (j = first; j; j = nextb[j - 1])
				nv++;
			if (!nv) {
				/* no children: right only when the entry
				 * protects (or drops) nothing */
				struct sp_point p;

				sp_init(&want);
				if (ce->sa_only)
					sp_universe(&want);
				else
					sp_copy(&want, ce->incomplete ?
						&s->unreachable : &ce->protect);
				sp_subtract_in(&want, &proto0);
				if (sp_witness(&want, &p)) {
					say(out, name, ce->incomplete ?
					    "the dropped packets" :
					    "the protected packets", &p, true);
					bad = 1;
				}
				sp_free(&want);
				if (ce->incomplete)
					break;
				continue;
			}
			/* the entry's children, and each backup peer's
			 * (MAP-SEQ-peerK-N), must be its set */
			for (j = first; j; j = nextb[j - 1]) {
				v = &vs[j - 1];
				seen[v - vs] = true;
				sp_init(&want);
				if (ce->incomplete) {
					sp_subtract(&want, &s->unreachable,
						    &proto0);
					if (!same(out, v->name,
						  "the dropped packets", &want,
						  v->drop, v->ndrop) ||
					    !same(out, v->name,
						  "the protected packets",
						  &empty, v->ipsec, v->nipsec))
						bad = 1;
					sp_free(&want);
					stop = true;
					continue;
				}
				if (ce->sa_only) {
					/* seed 002: no ACL, any identity the
					 * peer proposes; installed only as
					 * negotiated, so it meets no other
					 * entry's children before that */
					sp_universe(&want);
					sp_subtract_in(&want, &proto0);
					if (!same(out, v->name, "the packets a "
						  "negotiated SA may carry",
						  &want, v->ipsec, v->nipsec) ||
					    !same(out, v->name, "the dropped "
						  "packets", &empty, v->drop,
						  v->ndrop))
						bad = 1;
					if (v->trap) {
						fprintf(out, "%s: child %s traps "
							"all traffic, but the "
							"entry has no ACL and "
							"cannot initiate (seed "
							"002)\n", v->name,
							v->trap);
						bad = 1;
					}
					sp_free(&want);
					model[v - vs] = &ce->protect;
					continue;
				}
				if (v->dynamic) {
					fprintf(out, "%s: child %s has a "
						"'dynamic' selector: only a "
						"dynamic entry without ACL "
						"takes what is negotiated\n",
						v->name, v->dynamic);
					bad = 1;
				}
				if (ce->dyn && v->trap) {
					fprintf(out, "%s: child %s traps "
						"traffic, but a dynamic entry "
						"cannot initiate (seed 002)\n",
						v->name, v->trap);
					bad = 1;
				}
				sp_subtract(&want, &ce->protect, &proto0);
				if (!same(out, v->name, "the protected packets",
					  &want, v->ipsec, v->nipsec))
					bad = 1;
				/* a dynamic entry drops what it matches while
				 * no SA is up: its drop children are its set */
				if (!same(out, v->name, ce->dyn ?
					  "the fail-closed packets" :
					  "the dropped packets", ce->dyn ?
					  &want : &empty, v->drop, v->ndrop))
					bad = 1;
				sp_free(&want);
				model[v - vs] = &ce->protect;
			}
			if (stop)
				break;
		}
	}
	for (i = 0; i < nvs; i++)
		if (!seen[i]) {
			fprintf(out, "%s: no crypto map entry of the "
				"configuration has these children\n",
				vs[i].name);
			bad = 1;
		}
	/*
	 * Children of different entries are disjoint: each lies inside its
	 * entry's set (proven above), so it is enough that the entries' sets
	 * are; check them, and the children themselves where a connection
	 * had no entry.
	 */
	bad |= disjoint(out, vs, nvs, model);
	for (i = 0; i < nvs; i++) {
		for (j = 0; j < vs[i].nipsec; j++)
			sp_free(&vs[i].ipsec[j]);
		for (j = 0; j < vs[i].ndrop; j++)
			sp_free(&vs[i].drop[j]);
		free(vs[i].ipsec);
		free(vs[i].drop);
	}
	free(vs);
	free(model);
	free(seen);
	free(nextb);
	map_free(&byname);
	map_free(&bybase);
	strtab_free(&st);
	arena_free(&ar);
	sp_free(&proto0);
	cm_free(&m);
	vconf_free(&c);
	return bad;
}

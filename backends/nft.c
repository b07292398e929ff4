/* SPDX-License-Identifier: MIT */
/*
 * nft.c - compile the ASA's firewall path to nftables 1.0.6.
 *
 * The semantics are the model's (compiler/trace.c, compiler/nat.c): this
 * file only says them in nftables, hook by hook
 * (../shared/reference/strongswan.md §5, nat-crypto-order.md):
 *
 *   prerouting  mangle  ingress_mark  the ingress nameif as a mark, for
 *                                     the NAT rules of postrouting
 *               dstnat  nat_pre       static untranslation (UN-NAT) and
 *                                     twice NAT's destination: before the
 *                                     route lookup, as on the ASA
 *   forward     mangle  tcp_mss       sysopt connection tcpmss
 *               filter  filter_in     the ingress access-group, then the
 *                                     global one, then the implicit deny;
 *                                     or the security levels
 *               filter+10 filter_out  the egress access-group
 *   postrouting srcnat  nat_post      8.2 nat 0/nat N, then the 8.3+
 *                                     sections 1, 2, 3 in the ASA's order
 *   input       filter  filter_input  IKE, ESP, the load-balancing port,
 *                                     VRRP, ssh/telnet/http, icmp
 *
 * An accept ends only its own base chain, so the egress access-group
 * (filter_out) still sees what filter_in accepted, as the ASA applies
 * both; `sysopt connection permit-vpn` accepts decrypted traffic at the
 * top of both.  The filter chains see real addresses (dnat before,
 * snat after them), as 8.3+ access-groups do (F1.2).  Access-lists become
 * chains whose rules are the ACEs in order (first match decides);
 * network object-groups become named interval sets.
 */
#include "compiler/asac.h"
#include "compiler/cryptomap.h"
#include "compiler/nat.h"
#include "compiler/policy.h"
#include "compiler/rules.h"
#include "compiler/util.h"
#include "nft.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* meta mark of a packet that entered on interface number N (1-255):
 * MARK_BASE | N ("AS", 1, N). */
#define MARK_BASE 0x41530100u
#define MARK_MASK 0xffffff00u

struct nif {
	const struct ir_iface *f;
	const char *nameif;
	const char *dev;
	unsigned int mark;
	int64_t level;
};

struct named {			/* a set or chain already written */
	const void *key;
	int variant;
	char *name;
};

struct nw {
	const struct ir *ir;
	const struct srcset *src;
	struct diag_ctx *d;
	const struct nft_opts *opt;
	struct cm_model m;
	struct nif *ifs;
	size_t nifs;
	const char *vpn_if;	/* libipsec: nameif whose tunnels are ipsec0 */
	const char *ssl_if;	/* nameif where AnyConnect (ocserv's vpns*
				 * devices) terminates */
	struct sbuf sets, chains;
	struct named *names;
	size_t nnames, capnames;
	char **psets;		/* port sets: their elements, */
	char **psnames;		/* and their names */
	size_t npsets;
	const char *port_hint;	/* the service group of the ACE compiled */
	size_t rules;
	bool need_mark;
	struct sbuf parp;	/* proxy ARP entries (comments) */
	struct rng *parp_done;	/* their addresses, listed once */
	size_t nparp;
	bool statics82;		/* 8.2 `static`: inbound ACLs see the
				 * destination as received */
	bool wire;		/* compiling such an ACL now */
};

#define UNSUPPORTED(w, loc, ...) \
	diag_report((w)->d, RULE_UNSUPPORTED_FEATURE, (loc), __VA_ARGS__)

/* --- names ------------------------------------------------------------------ */

/* nft identifiers: letters, digits, '_', '-', '.'; a prefix keeps them
 * clear of the keywords.  Names that clash after the substitution get a
 * number. */
static char *ident(struct nw *w, const char *prefix, const char *name)
{
	struct sbuf sb = { 0 };
	const char *p;
	size_t i, base;
	int k = 1;

	sb_puts(&sb, prefix);
	for (p = name; *p; p++)
		sb_putc(&sb, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ?
			*p : '_');
	base = sb.len;
	for (;;) {
		bool clash = false;

		for (i = 0; i < w->nnames && !clash; i++)
			clash = !strcmp(w->names[i].name, sb.s);
		if (!clash)
			break;
		sb.len = base;
		sb_printf(&sb, "_%d", ++k);
	}
	return sb.s;
}

static const char *lookup(struct nw *w, const void *key, int variant)
{
	size_t i;

	for (i = 0; i < w->nnames; i++)
		if (w->names[i].key == key && w->names[i].variant == variant)
			return w->names[i].name;
	return NULL;
}

static const char *remember(struct nw *w, const void *key, int variant,
			    char *name)
{
	if (w->nnames == w->capnames) {
		w->capnames = w->capnames ? w->capnames * 2 : 32;
		w->names = xrealloc_array(w->names, w->capnames,
					  sizeof(*w->names));
	}
	w->names[w->nnames].key = key;
	w->names[w->nnames].variant = variant;
	w->names[w->nnames].name = name;
	return w->names[w->nnames++].name;
}

/* "# fw.cfg:42 access-list ..." */
static void comment(struct nw *w, struct sbuf *sb, const char *ind,
		    const struct loc *l)
{
	sb_printf(sb, "%s# ", ind);
	src_cmd_comment(sb, w->src, l);
	sb_putc(sb, '\n');
}

/* --- interfaces ------------------------------------------------------------- */

static const struct nif *nif(const struct nw *w, const char *nameif)
{
	size_t i;

	for (i = 0; nameif && i < w->nifs; i++)
		if (!strcmp(w->ifs[i].nameif, nameif))
			return &w->ifs[i];
	return NULL;
}

static bool setup_ifaces(struct nw *w)
{
	const struct ir_iface *f;
	const struct cm_set *vs = NULL;
	uint32_t i;
	size_t k;
	bool ok = true;

	w->ifs = xcalloc(w->ir->interfaces.n + 1, sizeof(*w->ifs));
	vec_foreach(&w->ir->interfaces, i, f) {
		struct nif *n;

		if (!f->nameif.s || w->nifs >= 255)
			continue;
		n = &w->ifs[w->nifs++];
		n->f = f;
		n->nameif = f->nameif.s;
		n->dev = f->nameif.s;
		n->mark = MARK_BASE | (unsigned int)w->nifs;
		n->level = f->security_level.set ? f->security_level.v : 0;
		/* the last mapping wins: .asac.yaml's come first */
		for (k = 0; k < w->opt->nifaces; k++)
			if (!strcmp(w->opt->ifaces[k].nameif, n->nameif))
				n->dev = w->opt->ifaces[k].dev;
		if (!linux_ifname_ok(n->dev)) {
			diag_report_level(w->d, RULE_UNSUPPORTED_FEATURE,
					  DIAG_ERROR, &f->nameif.loc,
					  "'%s' is not a valid Linux interface "
					  "name: map it with --iface %s=DEV "
					  "or in .asac.yaml (interfaces:)",
					  n->dev, n->nameif);
			ok = false;
		}
	}
	for (k = 0; k < w->opt->nifaces; k++) {
		const struct nft_iface *fi = &w->opt->ifaces[k];

		if (nif(w, fi->nameif))
			continue;
		if (fi->where)
			fprintf(stderr, "%s: warning: interfaces: no interface "
				"has the nameif '%s'\n", fi->where, fi->nameif);
		else
			fprintf(stderr, "asac: warning: --iface %s: no "
				"interface has that nameif\n", fi->nameif);
	}
	/* kernel-libipsec: decrypted traffic enters, and traffic to encrypt
	 * leaves, through ipsec0; it belongs to the interface the crypto map
	 * is bound to (one such interface can be told apart) */
	if (w->opt->libipsec) {
		for (k = 0; k < w->m.nsets; k++) {
			if (vs && strcmp(vs->iface->s, w->m.sets[k].iface->s)) {
				UNSUPPORTED(w, &w->m.sets[k].iface->loc,
					    "with kernel-libipsec all tunnels "
					    "share ipsec0: it is taken as "
					    "interface '%s' only",
					    vs->iface->s);
				continue;
			}
			vs = &w->m.sets[k];
		}
		if (vs)
			w->vpn_if = vs->iface->s;
	}
	/* AnyConnect: ocserv gives every client a device of its own, vpns0,
	 * vpns1, ...; its decrypted traffic enters there and traffic to it
	 * leaves there.  It belongs to the interface where the client's
	 * session terminates (webvpn `enable IF`); ocserv's devices do not
	 * tell which one, so with several the first is taken. */
	if (ir_anyconnect(w->ir)) {
		const struct ir_webvpn_if *e;
		uint32_t j;

		vec_foreach(&w->ir->webvpn.enabled, j, e) {
			if (!nif(w, e->iface.s))
				continue;
			if (!w->ssl_if)
				w->ssl_if = e->iface.s;
			else if (strcmp(w->ssl_if, e->iface.s))
				UNSUPPORTED(w, &e->loc, "AnyConnect on several "
					    "interfaces: the clients' devices "
					    "(ocserv's vpns*) do not tell on "
					    "which one a session came in; they "
					    "are taken as interface '%s'",
					    w->ssl_if);
		}
	}
	return ok;
}

/* The devices besides its own that belong to @nameif, each as
 * `, "dev"` into @sb (the count returned): kernel-libipsec's ipsec0 for
 * the crypto map interface, ocserv's vpns* (one per AnyConnect client)
 * for the interface where AnyConnect terminates. */
static size_t extra_devs(const struct nw *w, const char *nameif,
			 struct sbuf *sb, const char *suffix)
{
	size_t n = 0;

	if (w->vpn_if && !strcmp(w->vpn_if, nameif)) {
		sb_printf(sb, ", \"ipsec0\"%s", suffix);
		n++;
	}
	if (w->ssl_if && !strcmp(w->ssl_if, nameif)) {
		sb_printf(sb, ", \"vpns*\"%s", suffix);
		n++;
	}
	return n;
}

/* `"dev"`, or `{ "dev", "ipsec0", "vpns*" }` with the devices that
 * belong to the interface (extra_devs()). */
static void ifmatch(struct nw *w, struct sbuf *sb, const char *key,
		    const char *nameif)
{
	const struct nif *n = nif(w, nameif);
	const char *dev = n ? n->dev : nameif;
	struct sbuf x = { 0 };

	if (extra_devs(w, nameif, &x, ""))
		sb_printf(sb, "%s { \"%s\"%s } ", key, dev, x.s);
	else
		sb_printf(sb, "%s \"%s\" ", key, dev);
	sb_free(&x);
}

/* --- addresses, ports, protocols -------------------------------------------- */

struct rng {
	sp_u128 lo, hi;
};

static int rng_cmp(const void *pa, const void *pb)
{
	const struct rng *a = pa, *b = pb;

	return a->lo < b->lo ? -1 : a->lo > b->lo ? 1 :
	       a->hi < b->hi ? -1 : a->hi > b->hi;
}

/* Sort and merge overlapping or adjacent ranges; returns the count. */
static size_t merge(struct rng *v, size_t n)
{
	size_t i, k = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), rng_cmp);
	for (i = 1; i < n; i++) {
		if (v[i].lo <= v[k].hi || v[i].lo - 1 == v[k].hi) {
			if (v[i].hi > v[k].hi)
				v[k].hi = v[i].hi;
		} else {
			v[++k] = v[i];
		}
	}
	return k + 1;
}

/* The prefix length of @r when it is a CIDR prefix, else 999. */
static unsigned int plen_of(uint8_t fam, const struct rng *r)
{
	unsigned int bits = fam == 6 ? 128 : 32, p;

	for (p = 0; p <= bits; p++) {
		sp_u128 host = p == bits ? 0 : p == 0 && bits == 128 ?
			       ~(sp_u128)0 : (((sp_u128)1 << (bits - p)) - 1);

		if ((r->lo & host) == 0 && (r->lo | host) == r->hi)
			return p;
	}
	return 999;
}

static void put_addr(struct sbuf *sb, uint8_t fam, const struct rng *r)
{
	unsigned int plen = plen_of(fam, r);
	char a[64], b[64];

	sp_addr_str(fam, r->lo, a, sizeof(a));
	if (plen == (fam == 6 ? 128u : 32u)) {
		sb_puts(sb, a);
	} else if (plen != 999) {
		sb_printf(sb, "%s/%u", a, plen);
	} else {
		sp_addr_str(fam, r->hi, b, sizeof(b));
		sb_printf(sb, "%s-%s", a, b);
	}
}

static void put_elems(struct sbuf *sb, uint8_t fam, const struct rng *v,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, ", ");
		put_addr(sb, fam, &v[i]);
	}
}

/* Ranges from the model's lo/hi arrays (freed here), merged. */
static size_t to_rngs(sp_u128 *lo, sp_u128 *hi, size_t n, struct rng **out)
{
	struct rng *v = xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		v[i].lo = lo[i];
		v[i].hi = hi[i];
	}
	free(lo);
	free(hi);
	*out = v;
	return merge(v, n);
}

/* The ranges of @fam an operand names, merged (heap array). */
static size_t operand_ranges(struct nw *w, const struct ir_addr *a,
			     uint8_t fam, struct rng **out,
			     unsigned int *unsupported)
{
	sp_u128 *lo, *hi;
	size_t n = cm_addr_ranges_all(w->ir, a, fam, &lo, &hi, unsupported);

	return to_rngs(lo, hi, n, out);
}

static bool full_range(uint8_t fam, const struct rng *v, size_t n)
{
	return n == 1 && v[0].lo == 0 && v[0].hi == sp_dim_max(fam, SP_SRC);
}

/* A named set for a network object-group (per family). */
static const char *group_set(struct nw *w, const struct ir_objgroup *g,
			     uint8_t fam, const struct rng *v, size_t n)
{
	const char *name = lookup(w, g, fam);
	char *nm, sfx[8];

	if (name)
		return name;
	snprintf(sfx, sizeof(sfx), "_v%u", fam);
	{
		struct sbuf tmp = { 0 };

		sb_printf(&tmp, "%s%s", g->name.s, sfx);
		nm = ident(w, "og_", tmp.s);
		sb_free(&tmp);
	}
	comment(w, &w->sets, "\t", &g->loc);
	sb_printf(&w->sets, "\tset %s {\n\t\ttype %s\n\t\tflags interval\n"
		  "\t\telements = { ", nm, fam == 6 ? "ipv6_addr" : "ipv4_addr");
	put_elems(&w->sets, fam, v, n);
	sb_puts(&w->sets, " }\n\t}\n\n");
	return remember(w, g, fam, nm);
}

/*
 * 8.2: an ACL holds the addresses valid on its interface, so an inbound
 * one names a `static`'s mapped address and port; in the forward hook
 * the packet is already untranslated (dnat in prerouting), so the ACL
 * reads the destination conntrack saw first.
 */
static const char *wire_dst(const struct nw *w, const char *dir)
{
	return w->wire && !strcmp(dir, "daddr") ? "ct original " : "";
}

/*
 * Append the match of address operand @a (@dir "saddr" or "daddr") in
 * family @fam.  Returns false when @a names no address of @fam; *@full
 * is set when it names every address (nothing is appended).
 */
static bool addr_match(struct nw *w, struct sbuf *sb, const struct ir_addr *a,
		       uint8_t fam, const char *dir, bool *full,
		       unsigned int *unsupported)
{
	struct rng *v;
	size_t n = operand_ranges(w, a, fam, &v, unsupported);

	*full = false;
	if (!n) {
		free(v);
		return false;
	}
	if (full_range(fam, v, n)) {
		*full = true;
	} else if (a->kind == IR_ADDR_GROUP && a->target) {
		sb_printf(sb, "%s%s %s @%s ", wire_dst(w, dir),
			  fam == 6 ? "ip6" : "ip", dir,
			  group_set(w, a->target, fam, v, n));
	} else {
		sb_printf(sb, "%s%s %s ", wire_dst(w, dir),
			  fam == 6 ? "ip6" : "ip", dir);
		if (n > 1)
			sb_puts(sb, "{ ");
		put_elems(sb, fam, v, n);
		sb_puts(sb, n > 1 ? " } " : " ");
	}
	free(v);
	return true;
}

static void put_ranges(struct sbuf *sb, const struct rng *v, size_t n)
{
	size_t i;

	if (n > 1)
		sb_puts(sb, "{ ");
	for (i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, ", ");
		if (v[i].lo == v[i].hi)
			sb_printf(sb, "%u", (unsigned int)v[i].lo);
		else
			sb_printf(sb, "%u-%u", (unsigned int)v[i].lo,
				  (unsigned int)v[i].hi);
	}
	sb_puts(sb, n > 1 ? " } " : " ");
}

static const char *proto_name(unsigned int p)
{
	switch (p) {
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 47:
		return "gre";
	case 50:
		return "esp";
	case 51:
		return "ah";
	case 58:
		return "ipv6-icmp";
	case 132:
		return "sctp";
	default:
		return NULL;
	}
}

/*
 * Port lists of more than one element become named sets, one per
 * distinct list: an anonymous set per rule costs nft a set each, and
 * 10,000 of them load slowly.
 */
static void put_ports(struct nw *w, struct sbuf *sb, const struct rng *v,
		      size_t n)
{
	struct sbuf el = { 0 };
	size_t i;
	char name[32];

	if (n < 2) {
		put_ranges(sb, v, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (i)
			sb_puts(&el, ", ");
		if (v[i].lo == v[i].hi)
			sb_printf(&el, "%u", (unsigned int)v[i].lo);
		else
			sb_printf(&el, "%u-%u", (unsigned int)v[i].lo,
				  (unsigned int)v[i].hi);
	}
	for (i = 0; i < w->npsets; i++)
		if (!strcmp(w->psets[i], el.s))
			break;
	if (i == w->npsets) {
		snprintf(name, sizeof(name), "ports_%zu", i + 1);
		w->psets = xrealloc_array(w->psets, w->npsets + 1,
					  sizeof(*w->psets));
		w->psnames = xrealloc_array(w->psnames, w->npsets + 1,
					    sizeof(*w->psnames));
		w->psets[i] = xstrdup(el.s);
		/* named after the service group when there is one */
		w->psnames[i] = w->port_hint ? ident(w, "svc_", w->port_hint) :
				ident(w, "", name);
		remember(w, w->psnames[i], 0, w->psnames[i]);
		w->npsets++;
		sb_printf(&w->sets, "\tset %s {\n\t\ttype inet_service\n"
			  "\t\tflags interval\n\t\telements = { %s }\n\t}\n\n",
			  w->psnames[i], w->psets[i]);
	}
	sb_printf(sb, "@%s ", w->psnames[i]);
	sb_free(&el);
}

/*
 * One service atom: a set of protocol numbers with one source port range,
 * destination port ranges and ICMP type/code ranges.
 */
struct atom {
	uint8_t proto[32];		/* bitmap of protocol numbers */
	struct rng sport, itype, icode;
	struct rng *dport;
	size_t ndport;
};

static bool rng_eq(const struct rng *a, const struct rng *b)
{
	return a->lo == b->lo && a->hi == b->hi;
}

static bool atom_same_but_proto(const struct atom *a, const struct atom *b)
{
	return rng_eq(&a->sport, &b->sport) && rng_eq(&a->itype, &b->itype) &&
	       rng_eq(&a->icode, &b->icode) && a->ndport == b->ndport &&
	       !memcmp(a->dport, b->dport, a->ndport * sizeof(*a->dport));
}

/* Group an ACE's services into few atoms (same ports: one rule). */
static size_t atoms_of(const struct cm_svc *sv, size_t n, struct atom **out)
{
	struct atom *a = xcalloc(n + 1, sizeof(*a));
	size_t na = 0, i, j;

	for (i = 0; i < n; i++) {
		const struct cm_svc *s = &sv[i];
		struct rng sp = { s->lo[SP_SPORT], s->hi[SP_SPORT] };
		struct rng it = { s->lo[SP_ITYPE], s->hi[SP_ITYPE] };
		struct rng ic = { s->lo[SP_ICODE], s->hi[SP_ICODE] };
		uint8_t pb[32];
		unsigned int r;

		memset(pb, 0, sizeof(pb));
		for (r = (unsigned int)s->lo[SP_PROTO];
		     r <= (unsigned int)s->hi[SP_PROTO]; r++) {
			unsigned int p = sp_proto_num(r);

			pb[p / 8] |= (uint8_t)(1u << (p % 8));
		}
		for (j = 0; j < na; j++)
			if (!memcmp(a[j].proto, pb, sizeof(pb)) &&
			    rng_eq(&a[j].sport, &sp) && rng_eq(&a[j].itype, &it) &&
			    rng_eq(&a[j].icode, &ic))
				break;
		if (j == na) {
			memcpy(a[na].proto, pb, sizeof(pb));
			a[na].sport = sp;
			a[na].itype = it;
			a[na].icode = ic;
			na++;
		}
		a[j].dport = xrealloc_array(a[j].dport, a[j].ndport + 1,
					    sizeof(*a[j].dport));
		a[j].dport[a[j].ndport].lo = s->lo[SP_DPORT];
		a[j].dport[a[j].ndport].hi = s->hi[SP_DPORT];
		a[j].ndport++;
	}
	for (j = 0; j < na; j++)
		a[j].ndport = merge(a[j].dport, a[j].ndport);
	/* the same ports for several protocols: one atom (tcp-udp) */
	for (i = 0; i < na; i++)
		for (j = i + 1; j < na; j++)
			if (atom_same_but_proto(&a[i], &a[j])) {
				size_t k;

				for (k = 0; k < sizeof(a[i].proto); k++)
					a[i].proto[k] |= a[j].proto[k];
				free(a[j].dport);
				a[j--] = a[--na];
			}
	*out = a;
	return na;
}

static bool has_proto(const struct atom *a, unsigned int p)
{
	return a->proto[p / 8] & (1u << (p % 8));
}

/* Append the service match of @a; false if nftables cannot say it. */
static bool atom_match(struct nw *w, struct sbuf *sb, const struct atom *a)
{
	unsigned int p, count = 0, only = 0;
	bool sport = !(a->sport.lo == 0 && a->sport.hi == 65535);
	bool dport = !(a->ndport == 1 && a->dport[0].lo == 0 &&
		       a->dport[0].hi == 65535);
	bool icmp = !(a->itype.lo == 0 && a->itype.hi == 255 &&
		      a->icode.lo == 0 && a->icode.hi == 255);

	for (p = 0; p < 256; p++)
		if (has_proto(a, p)) {
			count++;
			only = p;
		}
	if (count == 256)
		return !sport && !dport && !icmp;
	if (icmp) {
		const char *k = only == 58 ? "icmpv6" : "icmp";

		if (count != 1 || (only != 1 && only != 58) || sport || dport)
			return false;
		if (a->itype.lo != 0 || a->itype.hi != 255) {
			struct rng t = a->itype;

			sb_printf(sb, "%s type ", k);
			put_ranges(sb, &t, 1);
		} else {
			sb_printf(sb, "meta l4proto %s ", proto_name(only));
		}
		if (a->icode.lo != 0 || a->icode.hi != 255) {
			struct rng c = a->icode;

			sb_printf(sb, "%s code ", k);
			put_ranges(sb, &c, 1);
		}
		return true;
	}
	if (sport || dport) {
		for (p = 0; p < 256; p++)
			if (has_proto(a, p) && p != 6 && p != 17 && p != 132)
				return false;
		if (count == 1) {
			const char *k = proto_name(only);

			if (!sport && !dport)
				sb_printf(sb, "meta l4proto %s ", k);
			if (sport) {
				sb_printf(sb, "%s sport ", k);
				put_ranges(sb, &a->sport, 1);
			}
			if (dport && w->wire) {
				sb_printf(sb, "meta l4proto %s ct original "
					  "proto-dst ", k);
				put_ports(w, sb, a->dport, a->ndport);
			} else if (dport) {
				sb_printf(sb, "%s dport ", k);
				put_ports(w, sb, a->dport, a->ndport);
			}
			return true;
		}
	}
	/* protocols only, or several port protocols with ports */
	sb_puts(sb, "meta l4proto ");
	if (count > 1)
		sb_puts(sb, "{ ");
	{
		bool first = true;

		for (p = 0; p < 256; p++) {
			unsigned int q = p;
			const char *nm;

			if (!has_proto(a, p))
				continue;
			nm = proto_name(p);
			if (!first)
				sb_puts(sb, ", ");
			first = false;
			if (nm) {
				sb_puts(sb, nm);
				continue;
			}
			while (q + 1 < 256 && has_proto(a, q + 1) &&
			       !proto_name(q + 1))
				q++;
			if (q > p)
				sb_printf(sb, "%u-%u", p, q);
			else
				sb_printf(sb, "%u", p);
			p = q;
		}
	}
	sb_puts(sb, count > 1 ? " } " : " ");
	if (sport) {
		sb_puts(sb, "th sport ");
		put_ranges(sb, &a->sport, 1);
	}
	if (dport) {
		sb_puts(sb, w->wire ? "ct original proto-dst " : "th dport ");
		put_ports(w, sb, a->dport, a->ndport);
	}
	return true;
}

/* --- access lists ----------------------------------------------------------- */

static void put_log(struct sbuf *sb, const char *acl, const struct ir_ace *ace)
{
	char pfx[100];
	char *p;

	if (!ace->log || ace->log_disable)
		return;
	/* NF_LOG_PREFIXLEN is 128 */
	snprintf(pfx, sizeof(pfx), "%.60s line %u %s: ", acl, ace->line,
		 ace->permit ? "permit" : "deny");
	for (p = pfx; *p; p++)
		if (*p == '"' || *p == '\\')
			*p = '_';
	sb_printf(sb, "log prefix \"%s\" ", pfx);
}

/*
 * The rules of one ACE: @pv for permit, @dv for deny ("accept", "drop",
 * "return", "jump CHAIN").
 */
static void ace_rules(struct nw *w, struct sbuf *out, const char *acl,
		      const struct ir_ace *ace, const char *pv, const char *dv)
{
	struct cm_svc *sv = NULL;
	struct atom *at = NULL;
	size_t nsv, nat, k;
	unsigned int unsup = 0;
	bool any_both;
	int fam, written = 0;

	comment(w, out, "\t\t", &ace->loc);
	if (ace->kind == IR_ACE_REMARK)
		return;
	if (ace->inactive) {
		sb_puts(out, "\t\t# inactive: not compiled\n");
		return;
	}
	if (ace->refused) {
		sb_puts(out, ace->unread ? "\t\t# not read (a syntax error): "
			"not compiled\n" : "\t\t# refused by the ASA (mask): "
			"not compiled\n");
		return;
	}
	if (ace->time_range)
		UNSUPPORTED(w, &ace->time_range->loc, "time-range '%s': "
			    "nftables rules have no time ranges here; the "
			    "ACE is compiled as always active, as the model "
			    "evaluates it", ace->time_range->s);
	any_both = ace->src->kind == IR_ADDR_ANY && ace->dst->kind == IR_ADDR_ANY;
	w->port_hint = ace->dport.op == IR_PORT_GROUP && ace->dport.ref ?
		       ace->dport.ref->name.s :
		       ace->proto.kind == IR_PROTO_GROUP && ace->proto.ref ?
		       ace->proto.ref->name.s : NULL;
	nsv = cm_ace_services(w->ir, ace, &sv);
	nat = atoms_of(sv, nsv, &at);
	for (fam = any_both ? 0 : 4; fam <= 6; fam += any_both ? 7 : 2) {
		struct sbuf a = { 0 };
		bool fs = true, fd = true;

		if (fam) {
			sb_puts(&a, "");
			if (!addr_match(w, &a, ace->src, (uint8_t)fam, "saddr",
					&fs, &unsup) ||
			    !addr_match(w, &a, ace->dst, (uint8_t)fam, "daddr",
					&fd, &unsup)) {
				sb_free(&a);
				continue;
			}
		}
		for (k = 0; k < nat; k++) {
			struct sbuf r = { 0 };

			if (fam && fs && fd)
				sb_printf(&r, "meta nfproto ipv%d ", fam);
			if (a.s)
				sb_puts(&r, a.s);
			if (!atom_match(w, &r, &at[k])) {
				UNSUPPORTED(w, &ace->loc, "a service of this "
					    "ACE has no nftables match; it is "
					    "left out");
				sb_free(&r);
				continue;
			}
			put_log(&r, acl, ace);
			sb_printf(out, "\t\t%s%s\n", r.s ? r.s : "",
				  ace->permit ? pv : dv);
			w->rules++;
			written++;
			sb_free(&r);
		}
		sb_free(&a);
	}
	if (unsup)
		UNSUPPORTED(w, &ace->loc, "fqdn operands are resolved by DNS "
			    "on the ASA; nftables matches addresses only, so "
			    "they match nothing here, as in the model");
	if (!written)
		sb_puts(out, "\t\t# matches no packet: nothing compiled\n");
	for (k = 0; k < nat; k++)
		free(at[k].dport);
	free(at);
	free(sv);
}

/* A chain for ACL @acl with verdicts @pv/@dv (written once per variant). */
static const char *acl_chain_tail(struct nw *w, const struct ir_acl *acl,
				  const char *prefix, int variant,
				  const char *pv, const char *dv,
				  const char *tail);

static const char *acl_chain(struct nw *w, const struct ir_acl *acl,
			     const char *prefix, int variant, const char *pv,
			     const char *dv)
{
	return acl_chain_tail(w, acl, prefix, variant, pv, dv, NULL);
}

/* The same, ending with rule @tail (NULL: none) for what no ACE
 * matched. */
static const char *acl_chain_tail(struct nw *w, const struct ir_acl *acl,
				  const char *prefix, int variant,
				  const char *pv, const char *dv,
				  const char *tail)
{
	const char *name = lookup(w, acl, variant);
	const struct ir_ace *ace;
	struct sbuf body = { 0 };
	uint32_t i;
	char *nm;

	if (name)
		return name;
	nm = ident(w, prefix, acl->name.s);
	name = remember(w, acl, variant, nm);
	vec_foreach(&acl->aces, i, ace)
		ace_rules(w, &body, acl->name.s, ace, pv, dv);
	if (tail)
		sb_printf(&body, "%s", tail);
	sb_printf(&w->chains, "\tchain %s {\n%s\t}\n\n", name,
		  body.s ? body.s : "");
	sb_free(&body);
	return name;
}

/* --- the filter chains -------------------------------------------------------- */

/* The chain of an inbound (interface `in` or global) access-group. */
static const char *acl_in_chain(struct nw *w, const struct ir_acl *acl)
{
	const char *c;

	if (!w->statics82)
		return acl_chain(w, acl, "acl_", 0, "accept", "drop");
	w->wire = true;
	c = acl_chain(w, acl, "acl_", 5, "accept", "drop");
	w->wire = false;
	return c;
}

/* 4 or 6 when @s is an address (its bytes in @buf), else 0. */
static int parse_addr(const char *s, uint8_t *buf)
{
	if (inet_pton(AF_INET, s, buf) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, buf) == 1)
		return 6;
	return 0;
}

static void permit_vpn(struct nw *w, struct sbuf *sb)
{
	const struct ir *ir = w->ir;

	if (ir->permit_vpn.set && !ir->permit_vpn.v) {
		comment(w, sb, "\t\t", &ir->permit_vpn.loc);
		sb_puts(sb, "\t\t# decrypted traffic goes through the "
			"access-groups\n");
		return;
	}
	if (ir->permit_vpn.set)
		comment(w, sb, "\t\t", &ir->permit_vpn.loc);
	else
		sb_puts(sb, "\t\t# sysopt connection permit-vpn (the default): "
			"decrypted traffic bypasses the access-groups\n");
	sb_puts(sb, w->opt->libipsec ? "\t\tiifname \"ipsec0\" accept\n" :
		"\t\tmeta ipsec exists accept\n");
	w->rules++;
	/* AnyConnect sessions too: seed 000 speaks of "packets that come
	 * from an IPsec tunnel" only; the ASA's command reference applies
	 * permit-vpn to every VPN tunnel, SSL's included, and the seed's
	 * chapter counts SSL VPN clients among its VPN sessions: assumed so */
	if (w->ssl_if) {
		sb_puts(sb, "\t\t# and the AnyConnect clients' (ocserv's "
			"devices)\n\t\tiifname \"vpns*\" accept\n");
		w->rules++;
	}
}

/* The addresses of pool @name as an nftables set ("{ a-b, ... }") of
 * family @fam into @sb; false when there are none. */
static bool pool_set(struct nw *w, const char *name, uint8_t fam,
		     struct sbuf *sb)
{
	const struct ir_pool *pl = map_get(&w->ir->m_pools, name);
	unsigned int unsupported = 0;
	sp_u128 *lo, *hi;
	size_t n, i;

	if (!pl || !pl->range)
		return false;
	n = cm_addr_ranges_all(w->ir, pl->range, fam, &lo, &hi, &unsupported);
	for (i = 0; i < n; i++) {
		char a[64], b[64];

		sp_addr_str(fam, lo[i], a, sizeof(a));
		sp_addr_str(fam, hi[i], b, sizeof(b));
		if (lo[i] == hi[i])
			sb_printf(sb, "%s%s", sb->len ? ", " : "", a);
		else
			sb_printf(sb, "%s%s-%s", sb->len ? ", " : "", a, b);
	}
	free(lo);
	free(hi);
	return n > 0;
}

/*
 * group-policy vpn-filter: decrypted traffic of that tunnel group's
 * tunnels goes through the filter's chain, before permit-vpn lets it
 * through; the chain returns what a permit matches and drops the rest
 * (the implicit deny), as trace.c's vpn-filter phase.  A LAN-to-LAN
 * group's tunnels are told by their peer (the SA's outer source, which
 * kernel-libipsec does not keep); a remote-access group's by its
 * clients' addresses, the pools its policy resolves to (policy.h),
 * which the gateway assigned and so tell the group in either mode.
 */
static void vpn_filters(struct nw *w, struct sbuf *sb)
{
	const struct ir_tunnel_group *tg;
	uint32_t i, j;

	vec_foreach(&w->ir->tunnel_groups, i, tg) {
		const struct ir_acl *acl;
		const struct loc *at;
		const char *ch;
		struct ra_attrs a;
		uint8_t buf[16];
		int fam;

		if (ir_tg_remote_access(tg)) {
			ra_attrs_resolve(w->ir, tg, NULL, &a);
			acl = a.vpn_filter;
			at = a.filter_src.loc;
		} else {
			const struct ir_group_policy *gp =
				tg->default_group_policy_target;

			acl = gp ? gp->vpn_filter_target : NULL;
			at = gp ? &gp->vpn_filter.loc : NULL;
		}
		if (!acl)
			continue;
		ch = acl_chain_tail(w, acl, "vpnfilter_", 2, "return", "drop",
				    "\t\t# implicit deny\n\t\tdrop\n");
		comment(w, sb, "\t\t", at);
		if (ir_tg_remote_access(tg)) {
			const struct sym *ps;
			uint8_t f;
			bool any = false;

			for (f = 4; f <= 6; f += 2) {
				struct sbuf set = { 0 };

				if (a.pools)
					vec_foreach(a.pools, j, ps)
						pool_set(w, ps->s, f, &set);
				if (set.len) {
					sb_printf(sb, "\t\t# the clients of "
						  "remote-access tunnel group "
						  "%s: its pools\n\t\t%s %s "
						  "saddr { %s } jump %s\n",
						  tg->name.s,
						  w->opt->libipsec ?
						  "iifname \"ipsec0\"" :
						  "meta ipsec exists",
						  f == 6 ? "ip6" : "ip", set.s,
						  ch);
					w->rules++;
					any = true;
				}
				sb_free(&set);
			}
			/* its AnyConnect clients: ocserv gives them addresses
			 * of the first IPv4 pool's network (ocserv.c), and of
			 * its first IPv6 pool's (the filter's IPv4 ACEs do not
			 * match those: its implicit deny does) */
			for (f = 4; w->ssl_if && a.ssl_client && f <= 6;
			     f += 2) {
				uint8_t n[16];
				unsigned int l;
				uint32_t first;
				char t[64];

				if (!ra_ssl_net(w->ir, f == 4 ? a.pools :
						a.pools6, f, n, &l, &first))
					continue;
				sp_addr_str(f, sp_addr_load(f, n), t,
					    sizeof(t));
				sb_printf(sb, "%s\t\tiifname \"vpns*\" %s "
					  "saddr %s/%u jump %s\n", f == 4 ?
					  "\t\t# its AnyConnect clients: the "
					  "network ocserv assigns from\n" : "",
					  f == 4 ? "ip" : "ip6", t, l, ch);
				w->rules++;
				any |= f == 4;
			}
			if (!any)
				UNSUPPORTED(w, at, "vpn-filter of remote-access "
					    "tunnel group '%s': it has no "
					    "address pool to tell its clients "
					    "by; not compiled", tg->name.s);
			continue;
		}
		fam = parse_addr(tg->name.s, buf);
		if (fam && !w->opt->libipsec) {
			char ad[64];

			sp_addr_str((uint8_t)fam, sp_addr_load((uint8_t)fam, buf),
				    ad, sizeof(ad));
			sb_printf(sb, "\t\tipsec in %s saddr %s jump %s\n",
				  fam == 6 ? "ip6" : "ip", ad, ch);
			w->rules++;
		} else {
			UNSUPPORTED(w, at, "vpn-filter of tunnel group "
				    "'%s': %s; not compiled", tg->name.s,
				    fam ? "with kernel-libipsec decrypted "
				    "packets carry no peer to tell tunnels "
				    "apart" : "only tunnel groups named by "
				    "their peer's address are compiled");
		}
	}
}

/*
 * Same-security traffic (seed 000, "Permitting Intra-Interface Traffic
 * (Hairpinning)"; nat-crypto-order.md F5.3): leaving through the ingress
 * interface needs `same-security-traffic permit intra-interface`, going
 * to another interface of the same security level `... inter-interface`,
 * whatever an access-group or permit-vpn says (trace.c reads it the same
 * way).  The chains of interfaces without an access-group check it with
 * the levels; these rules, before permit-vpn and the access-groups, check
 * it for the others and for decrypted traffic.
 */
static void same_security_drops(struct nw *w, struct sbuf *sb)
{
	const struct ir *ir = w->ir;
	bool gl = ir_access_group(ir, IR_AG_GLOBAL, NULL) != NULL;
	bool pvpn = !ir->permit_vpn.set || ir->permit_vpn.v;
	bool intra = ir->same_security_intra.set && ir->same_security_intra.v;
	bool inter = ir->same_security_inter.set && ir->same_security_inter.v;
	bool said = false;
	size_t i, j;

	for (i = 0; i < w->nifs; i++) {
		const struct nif *n = &w->ifs[i];
		struct sbuf to = { 0 };
		size_t nto = 0;

		if (!gl && !ir_access_group(ir, IR_AG_IN, n->nameif) &&
		    !(pvpn && cm_set_for(&w->m, n->nameif)))
			continue;
		for (j = 0; j < w->nifs; j++) {
			const struct nif *o = &w->ifs[j];

			if (i == j ? intra : o->level != n->level || inter)
				continue;
			sb_printf(&to, "%s\"%s\"", nto++ ? ", " : "", o->dev);
			nto += extra_devs(w, o->nameif, &to, "");
		}
		if (nto) {
			if (!said)
				sb_puts(sb, "\t\t# same-security-traffic: "
					"the same interface, or another of the "
					"same security level, only where "
					"permitted (an access-group or "
					"permit-vpn does not lift it)\n");
			said = true;
			ifmatch(w, sb, "\t\tiifname", n->nameif);
			sb_printf(sb, "oifname %s%s%s drop\n", nto > 1 ? "{ " : "",
				  to.s, nto > 1 ? " }" : "");
			w->rules++;
		}
		sb_free(&to);
	}
}

static void filter_chains(struct nw *w)
{
	const struct ir *ir = w->ir;
	const struct ir_access_group *gl = ir_access_group(ir, IR_AG_GLOBAL, NULL);
	struct sbuf in = { 0 }, out = { 0 }, head = { 0 };
	size_t i, j;
	bool any_out = false;

	for (i = 0; i < w->nifs; i++) {
		const struct nif *n = &w->ifs[i];
		const struct ir_access_group *ag =
			ir_access_group(ir, IR_AG_IN, n->nameif);
		struct sbuf body = { 0 };
		char *nm = ident(w, "in_", n->nameif);

		remember(w, nm, 0, nm);
		if (ag || gl) {
			/* interface rule, then global rule, then implicit
			 * deny (nat-crypto-order.md F5.2) */
			if (ag) {
				comment(w, &body, "\t\t", &ag->loc);
				sb_printf(&body, "\t\tjump %s\n",
					  acl_in_chain(w, ag->acl_target));
			}
			if (gl) {
				comment(w, &body, "\t\t", &gl->loc);
				sb_printf(&body, "\t\tjump %s\n",
					  acl_in_chain(w, gl->acl_target));
			}
			sb_puts(&body, "\t\t# implicit deny\n\t\tdrop\n");
			w->rules += 1 + (ag != NULL) + (gl != NULL);
		} else {
			/* no access-group: the security levels (F5.1, F5.3) */
			struct sbuf ok = { 0 };
			size_t nok = 0;

			sb_printf(&body, "\t\t# no access-group: security level "
				  "%lld to a lower level is allowed\n",
				  (long long)n->level);
			for (j = 0; j < w->nifs; j++) {
				const struct nif *o = &w->ifs[j];
				bool allow;

				if (i == j)
					allow = ir->same_security_intra.set &&
						ir->same_security_intra.v;
				else if (n->level == o->level)
					allow = ir->same_security_inter.set &&
						ir->same_security_inter.v;
				else
					allow = n->level > o->level;
				if (!allow)
					continue;
				sb_printf(&ok, "%s\"%s\"", nok++ ? ", " : "",
					  o->dev);
				nok += extra_devs(w, o->nameif, &ok, "");
			}
			if (ir->same_security_inter.set && ir->same_security_inter.v)
				comment(w, &body, "\t\t", &ir->same_security_inter.loc);
			if (ir->same_security_intra.set && ir->same_security_intra.v)
				comment(w, &body, "\t\t", &ir->same_security_intra.loc);
			if (nok)
				sb_printf(&body, "\t\toifname %s%s%s accept\n",
					  nok > 1 ? "{ " : "", ok.s,
					  nok > 1 ? " }" : "");
			sb_puts(&body, "\t\tdrop\n");
			w->rules += 1 + (nok > 0);
			sb_free(&ok);
		}
		sb_printf(&w->chains, "\tchain %s {\n", nm);
		comment(w, &w->chains, "\t\t", &n->f->nameif.loc);
		sb_printf(&w->chains, "%s\t}\n\n", body.s);
		ifmatch(w, &in, "\t\tiifname", n->nameif);
		sb_printf(&in, "jump %s\n", nm);
		w->rules++;
		sb_free(&body);
		ag = ir_access_group(ir, IR_AG_OUT, n->nameif);
		if (ag) {
			const char *acl = acl_chain(w, ag->acl_target, "acl_",
						    0, "accept", "drop");
			char *on = ident(w, "out_", n->nameif);

			remember(w, on, 0, on);
			sb_printf(&w->chains, "\tchain %s {\n", on);
			comment(w, &w->chains, "\t\t", &ag->loc);
			sb_printf(&w->chains, "\t\tjump %s\n\t\t# implicit deny\n"
				  "\t\tdrop\n\t}\n\n", acl);
			ifmatch(w, &out, "\t\toifname", n->nameif);
			sb_printf(&out, "jump %s\n", on);
			w->rules += 3;
			any_out = true;
		}
	}
	/* (vpn_filters() may write chains: the base chain is built apart) */
	sb_puts(&head, "\tchain filter_in {\n\t\ttype filter hook forward "
		"priority filter; policy drop;\n"
		"\t\t# the ASA's stateful engine: return traffic of an "
		"allowed connection\n"
		"\t\tct state established,related accept\n"
		"\t\tct state invalid drop\n");
	w->rules += 2;
	same_security_drops(w, &head);
	vpn_filters(w, &head);
	permit_vpn(w, &head);
	sb_printf(&w->chains, "%s%s\t}\n\n", head.s, in.s ? in.s : "");
	sb_free(&head);
	if (any_out) {
		sb_puts(&w->chains, "\tchain filter_out {\n\t\ttype filter hook "
			"forward priority filter + 10; policy accept;\n"
			"\t\tct state established,related accept\n");
		w->rules++;
		permit_vpn(w, &w->chains);
		sb_printf(&w->chains, "%s\t}\n\n", out.s);
	}
	sb_free(&in);
	sb_free(&out);
}

/* --- NAT --------------------------------------------------------------------- */

/* The ranges of @fam a NAT rule's object, group or "any" names. */
static size_t name_ranges(struct nw *w, const char *name, uint8_t fam,
			  struct rng **out)
{
	sp_u128 *lo, *hi;
	size_t n = cm_name_ranges_all(w->ir, name, fam, &lo, &hi);

	return to_rngs(lo, hi, n, out);
}

static bool ranges_eq(const struct rng *a, size_t na, const struct rng *b,
		      size_t nb)
{
	return na == nb && !memcmp(a, b, na * sizeof(*a));
}

/* "ip saddr X " (nothing when X is every address). */
static void put_match(struct sbuf *sb, uint8_t fam, const char *what,
		      const struct rng *v, size_t n)
{
	if (full_range(fam, v, n)) {
		sb_printf(sb, "meta nfproto ipv%u ", fam);
		return;
	}
	sb_printf(sb, "%s %s ", fam == 6 ? "ip6" : "ip", what);
	if (n > 1)
		sb_puts(sb, "{ ");
	put_elems(sb, fam, v, n);
	sb_puts(sb, n > 1 ? " } " : " ");
}

static bool if_any(const struct sym *s)
{
	return !s->s || !strcmp(s->s, "any");
}

static void mark_match(struct nw *w, struct sbuf *sb, const struct sym *rif)
{
	const struct nif *n = if_any(rif) ? NULL : nif(w, rif->s);

	w->need_mark = true;
	if (n)
		sb_printf(sb, "meta mark 0x%08x ", n->mark);
	else
		sb_printf(sb, "meta mark and 0x%08x == 0x%08x ", MARK_MASK,
			  MARK_BASE);
}

/*
 * The ASA answers ARP for a NAT rule's mapped addresses on its mapped
 * interface (proxy ARP, unless `no-proxy-arp`); a Linux gateway does
 * not.  The ruleset's header lists the neighbour proxy entries that the
 * mapped addresses inside that interface's connected network need (the
 * others reach the gateway by routing).
 */
static void proxy_arp(struct nw *w, const struct ir_nat *n, const char *mif,
		      uint8_t fam, const struct rng *m, size_t nm)
{
	const struct nif *f = mif ? nif(w, mif) : NULL;
	const struct ir_addr *ip = f ? (fam == 6 ? f->f->ip6 : f->f->ip) : NULL;
	sp_u128 nlo, nhi, own;
	size_t i, k;

	if (!ip || (n && (n->flags & IR_NATF_NO_PROXY_ARP)) ||
	    cm_addr_ranges(w->ir, ip, fam, &nlo, &nhi, 1) != 1 ||
	    !cm_iface_addr(w->ir, mif, fam, &own))
		return;
	for (i = 0; i < nm; i++) {
		struct rng r = { m[i].lo > nlo ? m[i].lo : nlo,
				 m[i].hi < nhi ? m[i].hi : nhi };
		bool seen = false;

		if (r.lo > r.hi)
			continue;
		for (k = 0; k < w->nparp && !seen; k++)
			seen = rng_eq(&w->parp_done[k], &r);
		if (seen)
			continue;
		w->parp_done = xrealloc_array(w->parp_done, w->nparp + 1,
					      sizeof(*w->parp_done));
		w->parp_done[w->nparp++] = r;
		if (r.hi - r.lo >= 16) {
			sb_puts(&w->parp, "#   ");
			put_addr(&w->parp, fam, &r);
			sb_printf(&w->parp, " dev %s: %llu addresses, an "
				  "entry for each\n", f->dev,
				  (unsigned long long)(r.hi - r.lo + 1));
			continue;
		}
		for (; r.lo <= r.hi; r.lo++) {
			struct rng a = { r.lo, r.lo };

			if (r.lo == own)
				continue;
			sb_printf(&w->parp, "#   ip%s neigh add proxy ",
				  fam == 6 ? " -6" : "");
			put_addr(&w->parp, fam, &a);
			sb_printf(&w->parp, " dev %s\n", f->dev);
			if (r.lo == r.hi)
				break;
		}
	}
}

/* "dnat ip to A:PORT" (an IPv6 address in brackets): static PAT. */
static void put_pat(struct sbuf *sb, const char *stmt, uint8_t fam,
		    const struct rng *a, unsigned int port)
{
	sb_printf(sb, "%s %s to %s", stmt, fam == 6 ? "ip6" : "ip",
		  fam == 6 ? "[" : "");
	put_addr(sb, fam, a);
	sb_printf(sb, "%s:%u", fam == 6 ? "]" : "", port);
}

/*
 * The static translation of real range @r onto mapped range @m in the
 * direction @stmt ("snat"/"dnat") of address @key ("saddr"/"daddr"):
 * a host, a prefix onto a prefix of the same size (netmap), or up to 256
 * addresses one by one.  False if the sizes differ or it is larger.
 */
static bool static_map(struct sbuf *sb, uint8_t fam, const char *stmt,
		       const char *key, const struct rng *r, const struct rng *m)
{
	const char *f = fam == 6 ? "ip6" : "ip";
	unsigned int pr = plen_of(fam, r), pm = plen_of(fam, m);
	sp_u128 i;

	if (r->hi - r->lo != m->hi - m->lo)
		return false;
	if (r->lo == r->hi) {
		sb_printf(sb, "%s %s to ", stmt, f);
		put_addr(sb, fam, m);
		sb_putc(sb, '\n');
		return true;
	}
	if (pr != 999 && pm != 999) {
		sb_printf(sb, "%s %s prefix to %s %s map { ", stmt, f, f, key);
		put_addr(sb, fam, r);
		sb_puts(sb, " : ");
		put_addr(sb, fam, m);
		sb_puts(sb, " }\n");
		return true;
	}
	if (r->hi - r->lo >= 256)
		return false;
	sb_printf(sb, "%s %s to %s %s map { ", stmt, f, f, key);
	for (i = 0; i <= r->hi - r->lo; i++) {
		struct rng a = { r->lo + i, r->lo + i }, b = { m->lo + i, m->lo + i };

		if (i)
			sb_puts(sb, ", ");
		put_addr(sb, fam, &a);
		sb_puts(sb, " : ");
		put_addr(sb, fam, &b);
	}
	sb_puts(sb, " }\n");
	return true;
}

/* The mapped side's ranges of a rule (object, group or inline). */
static size_t mapped_ranges(struct nw *w, const struct ir_nat_mapped *mp,
			    uint8_t fam, struct rng **out)
{
	unsigned int unsup = 0;

	if (mp->addr)
		return operand_ranges(w, mp->addr, fam, out, &unsup);
	return name_ranges(w, mp->name.s, fam, out);
}

/* One 8.3+ rule, both directions, in family @fam. */
static void nat_rule(struct nw *w, struct sbuf *pre, struct sbuf *post,
		     const struct ir_nat *n, uint8_t fam)
{
	struct rng *real = NULL, *mapped = NULL, *mdst = NULL, *rdst = NULL;
	size_t nr, nm = 0, nmd = 0, nrd = 0;
	struct sbuf m = { 0 };
	bool identity, dst_xlate = false;
	const char *f = fam == 6 ? "ip6" : "ip", *pat;

	if (n->kind == IR_NAT_OBJECT) {
		unsigned int unsup = 0;

		nr = n->object->addr ? operand_ranges(w, n->object->addr, fam,
						      &real, &unsup) : 0;
	} else {
		nr = name_ranges(w, n->real_src.s, fam, &real);
	}
	if (!nr)
		goto out;
	if (n->has_dst) {
		nmd = n->mapped_dst.interface ? 0 :
		      name_ranges(w, n->mapped_dst.name.s, fam, &mdst);
		nrd = name_ranges(w, n->real_dst.s, fam, &rdst);
		if (n->mapped_dst.interface || !nmd || !nrd) {
			UNSUPPORTED(w, &n->loc, "twice NAT destination: only "
				    "objects and groups with addresses are "
				    "compiled; rule left out");
			goto out;
		}
		dst_xlate = !ranges_eq(mdst, nmd, rdst, nrd);
	}
	if (n->svc_real.s)
		UNSUPPORTED(w, &n->loc, "twice NAT service translation is "
			    "not modelled; the rule is compiled for every "
			    "port, as the model evaluates it");
	if (!n->mapped_src.interface) {
		nm = mapped_ranges(w, &n->mapped_src, fam, &mapped);
	} else if (n->type == IR_NAT_STATIC && !if_any(&n->mapped_if)) {
		/* static interface: the interface's address (nat.c) */
		struct rng ia;

		if (cm_iface_addr(w->ir, n->mapped_if.s, fam, &ia.lo)) {
			ia.hi = ia.lo;
			mapped = xmalloc(sizeof(*mapped));
			mapped[0] = ia;
			nm = 1;
		}
	}
	identity = n->type == IR_NAT_STATIC && nm &&
		   ranges_eq(real, nr, mapped, nm) &&
		   n->pat_rport == n->pat_mport;
	if (n->pat_proto && (n->type != IR_NAT_STATIC || nr != 1 || nm != 1 ||
			     real[0].lo != real[0].hi ||
			     mapped[0].lo != mapped[0].hi)) {
		UNSUPPORTED(w, &n->loc, "static PAT (service) is compiled "
			    "for a host mapped to a host only; rule left out");
		goto out;
	}
	pat = n->pat_proto ? proto_name(n->pat_proto) : NULL;
	proxy_arp(w, n, if_any(&n->mapped_if) ? NULL : n->mapped_if.s, fam,
		  mapped, nm);

	/* prerouting: the static untranslation from the mapped side */
	if (n->type == IR_NAT_STATIC && !(n->flags & IR_NATF_UNIDIRECTIONAL) &&
	    nm) {
		struct sbuf r = { 0 };

		comment(w, &r, "\t\t", &n->loc);
		if (!if_any(&n->mapped_if))
			ifmatch(w, &r, "\t\tiifname", n->mapped_if.s);
		else
			sb_puts(&r, "\t\t");
		put_match(&r, fam, "daddr", &mapped[0], 1);
		if (n->has_dst)
			put_match(&r, fam, "saddr", rdst, nrd);
		if (pat)
			sb_printf(&r, "%s dport %u ", pat, n->pat_mport);
		if (identity) {
			sb_puts(&r, "accept\n");
		} else if (pat) {
			put_pat(&r, "dnat", fam, &real[0], n->pat_rport);
			sb_putc(&r, '\n');
		} else if (nr != 1 || nm != 1 ||
			   !static_map(&r, fam, "dnat", "daddr", &mapped[0],
				       &real[0])) {
			UNSUPPORTED(w, &n->loc, "static NAT between ranges of "
				    "different sizes or shapes: nftables "
				    "cannot map them address by address; "
				    "rule left out");
			sb_free(&r);
			goto out;
		}
		sb_puts(pre, r.s);
		w->rules++;
		sb_free(&r);
	}
	/* prerouting: twice NAT's destination, before the route lookup */
	if (dst_xlate) {
		comment(w, pre, "\t\t", &n->loc);
		if (!if_any(&n->real_if))
			ifmatch(w, pre, "\t\tiifname", n->real_if.s);
		else
			sb_puts(pre, "\t\t");
		put_match(pre, fam, "saddr", real, nr);
		put_match(pre, fam, "daddr", &mdst[0], 1);
		if (nmd != 1 || nrd != 1 ||
		    !static_map(pre, fam, "dnat", "daddr", &mdst[0], &rdst[0])) {
			sb_puts(pre, "accept\n");
			UNSUPPORTED(w, &n->loc, "destination ranges of different "
				    "sizes or shapes: not translated");
		}
		w->rules++;
	}
	/* postrouting: the source */
	comment(w, &m, "\t\t", &n->loc);
	sb_puts(&m, "\t\t");
	mark_match(w, &m, &n->real_if);
	if (!if_any(&n->mapped_if)) {
		struct sbuf t = { 0 };

		ifmatch(w, &t, "oifname", n->mapped_if.s);
		sb_puts(&m, t.s);
		sb_free(&t);
	}
	put_match(&m, fam, "saddr", real, nr);
	if (pat)
		sb_printf(&m, "%s sport %u ", pat, n->pat_rport);
	if (n->has_dst) {
		if (dst_xlate) {
			sb_printf(&m, "ct original %s daddr ", f);
			if (nmd > 1)
				sb_puts(&m, "{ ");
			put_elems(&m, fam, mdst, nmd);
			sb_puts(&m, nmd > 1 ? " } " : " ");
		} else {
			put_match(&m, fam, "daddr", mdst, nmd);
		}
	}
	if (identity) {
		sb_puts(&m, "accept\n");
	} else if (pat) {
		put_pat(&m, "snat", fam, &mapped[0], n->pat_mport);
		sb_putc(&m, '\n');
	} else if (n->mapped_src.interface) {
		struct rng ia;

		const struct nif *mi = nif(w, n->mapped_if.s);

		if (if_any(&n->mapped_if) || (mi && mi->f->dhcp)) {
			sb_puts(&m, "masquerade\n");
		} else if (cm_iface_addr(w->ir, n->mapped_if.s, fam, &ia.lo)) {
			ia.hi = ia.lo;
			sb_printf(&m, "snat %s to ", f);
			put_addr(&m, fam, &ia);
			sb_putc(&m, '\n');
		} else {
			/* the model: NAT failed, the packet is dropped */
			sb_printf(&m, "drop\n\t\t# interface %s has no %s "
				  "address: the ASA cannot translate\n",
				  n->mapped_if.s, fam == 6 ? "IPv6" : "IPv4");
		}
	} else if (!nm) {
		/* the model: NAT failed, the packet is dropped */
		sb_printf(&m, "drop\n\t\t# the mapped side has no %s "
			  "address: the ASA cannot translate\n",
			  fam == 6 ? "IPv6" : "IPv4");
	} else if (n->type == IR_NAT_DYNAMIC) {
		if (nm > 1)
			UNSUPPORTED(w, &n->loc, "a pool of several ranges: "
				    "only the first one is used, as in the "
				    "model");
		sb_printf(&m, "snat %s to ", f);
		put_addr(&m, fam, &mapped[0]);
		sb_putc(&m, '\n');
	} else if (nr != 1 || nm != 1 ||
		   !static_map(&m, fam, "snat", "saddr", &real[0], &mapped[0])) {
		UNSUPPORTED(w, &n->loc, "static NAT between ranges of "
			    "different sizes or shapes: nftables cannot map "
			    "them address by address; rule left out");
		goto out;
	}
	sb_puts(post, m.s);
	w->rules++;
out:
	sb_free(&m);
	free(real);
	free(mapped);
	free(mdst);
	free(rdst);
}

/* NAT options a Linux ruleset does not carry out. */
static void nat_options(struct nw *w, const struct ir_nat *n)
{
	if (n->flags & IR_NATF_DNS)
		UNSUPPORTED(w, &n->loc, "'dns': nftables does not rewrite "
			    "DNS replies; the translation is compiled without "
			    "it");
	if (n->flags & IR_NATF_CONN_LIMITS)
		UNSUPPORTED(w, &n->loc, "connection limits of 'static' are "
			    "not compiled");
}

/* The statement of a static translation @r -> @m, without the newline;
 * NULL if nftables cannot map the ranges address by address. */
static char *static_stmt(const char *stmt, const char *key,
			 const struct rng *r, const struct rng *m)
{
	struct sbuf t = { 0 };

	if (!static_map(&t, 4, stmt, key, r, m)) {
		sb_free(&t);
		return NULL;
	}
	t.s[--t.len] = 0;
	return t.s;
}

/*
 * The destinations a policy static's ACL permits, when it is `permit ip`
 * lines from one source (the real network): the untranslation is then
 * "from one of them".  0 when the ACL says more than that.
 */
static size_t policy_dsts(struct nw *w, const struct ir_nat *n,
			  const struct rng *real, struct rng **out)
{
	const struct ir_acl *acl = n->acl_target;
	const struct ir_ace *a;
	struct rng *v = NULL, *d;
	size_t nv = 0, nd, i;
	uint32_t k;

	*out = NULL;
	vec_foreach(&acl->aces, k, a) {
		struct rng *sr;
		size_t ns;

		if (a->kind == IR_ACE_REMARK || a->inactive)
			continue;
		if (a->unread) {	/* no operands: say nothing */
			free(v);
			return 0;
		}
		ns = operand_ranges(w, a->src, 4, &sr, &(unsigned int){ 0 });
		if (!a->permit || a->proto.kind != IR_PROTO_NUMBER ||
		    a->proto.num != -1 || ns != 1 || !rng_eq(sr, real)) {
			free(sr);
			free(v);
			return 0;
		}
		free(sr);
		nd = operand_ranges(w, a->dst, 4, &d, &(unsigned int){ 0 });
		v = xrealloc_array(v, nv + nd + 1, sizeof(*v));
		for (i = 0; i < nd; i++)
			v[nv++] = d[i];
		free(d);
	}
	*out = v;
	return nv ? merge(v, nv) : 0;
}

/*
 * 8.2 `static (real,mapped)`: the untranslation from the mapped side in
 * prerouting and the translation in postrouting, in the ranges the model
 * uses (nat_static82_ranges).  8.2 statics are IPv4.
 */
static void static82_rule(struct nw *w, struct sbuf *pre, struct sbuf *post,
			  const struct ir_nat *n, int idx)
{
	sp_u128 rlo, rhi, mlo, mhi;
	struct rng real, mapped, *dst = NULL;
	struct sbuf r = { 0 }, m = { 0 };
	const char *proto = n->pat_proto ? proto_name(n->pat_proto) : NULL;
	char *dnat = NULL, *snat = NULL;
	size_t nd = 0;
	bool identity;

	if (!nat_static82_ranges(w->ir, n, 4, &rlo, &rhi, &mlo, &mhi)) {
		comment(w, post, "\t\t", &n->loc);
		sb_puts(post, "\t\t# names no IPv4 address: it matches "
			"nothing, as in the model\n");
		return;
	}
	real = (struct rng){ rlo, rhi };
	mapped = (struct rng){ mlo, mhi };
	proxy_arp(w, n, n->mapped_if.s, 4, &mapped, 1);
	identity = !n->pat_proto && rng_eq(&real, &mapped);
	if (n->pat_proto && rlo == rhi) {
		struct sbuf t = { 0 };

		put_pat(&t, "dnat", 4, &real, n->pat_rport);
		dnat = t.s;
		t = (struct sbuf){ 0 };
		put_pat(&t, "snat", 4, &mapped, n->pat_mport);
		snat = t.s;
	} else if (identity) {
		dnat = xstrdup("accept");
		snat = xstrdup("accept");
	} else if (!n->pat_proto) {
		dnat = static_stmt("dnat", "daddr", &mapped, &real);
		snat = static_stmt("snat", "saddr", &real, &mapped);
	}
	if (!dnat || !snat) {
		UNSUPPORTED(w, &n->loc, "%s: nftables cannot map these "
			    "ranges address by address; rule left out",
			    n->pat_proto ? "static PAT of a network" :
			    "static NAT between ranges of different sizes or "
			    "shapes");
		goto out;
	}
	/* prerouting: the mapped side, back to the real one */
	comment(w, &r, "\t\t", &n->loc);
	ifmatch(w, &r, "\t\tiifname", n->mapped_if.s);
	put_match(&r, 4, "daddr", &mapped, 1);
	if (proto)
		sb_printf(&r, "%s dport %u ", proto, n->pat_mport);
	if (n->acl.s && !(nd = policy_dsts(w, n, &real, &dst))) {
		UNSUPPORTED(w, &n->loc, "policy static: its untranslation "
			    "is compiled only for an ACL of `permit ip` lines "
			    "from one source; left out (the translation of "
			    "outgoing traffic is compiled)");
	} else {
		if (nd)
			put_match(&r, 4, "saddr", dst, nd);
		sb_printf(pre, "%s%s\n", r.s, dnat);
		w->rules++;
	}
	/* postrouting: the real side, translated */
	comment(w, &m, "\t\t", &n->loc);
	sb_puts(&m, "\t\t");
	mark_match(w, &m, &n->real_if);
	ifmatch(w, &m, "oifname", n->mapped_if.s);
	put_match(&m, 4, "saddr", &real, 1);
	if (proto)
		sb_printf(&m, "%s sport %u ", proto, n->pat_rport);
	if (n->acl.s && n->acl_target)
		/* policy static: what its ACL permits */
		sb_printf(&m, "jump %s\n", acl_chain(w, n->acl_target,
						     "static_", 1000 + idx,
						     snat, "return"));
	else
		sb_printf(&m, "%s\n", snat);
	sb_puts(post, m.s);
	w->rules++;
out:
	sb_free(&r);
	sb_free(&m);
	free(dnat);
	free(snat);
	free(dst);
}

/* 8.2: nat 0 access-list (exemption), static (in order), then nat N +
 * global N (nat.c, F2.7). */
static void nat82_rules(struct nw *w, struct sbuf *pre, struct sbuf *post)
{
	const struct ir *ir = w->ir;
	const struct ir_nat *n;
	uint32_t k;
	int id = 0;

	vec_foreach(&ir->nats, k, n) {
		if (n->kind != IR_NAT_82 || n->nat_id.v != 0 || !n->acl_target)
			continue;
		comment(w, post, "\t\t", &n->loc);
		sb_puts(post, "\t\t");
		mark_match(w, post, &n->real_if);
		sb_printf(post, "jump %s\n", acl_chain(w, n->acl_target,
							"nat0_", 1, "accept",
							"return"));
		w->rules++;
	}
	vec_foreach(&ir->nats, k, n) {
		if (n->kind != IR_NAT_82_STATIC)
			continue;
		nat_options(w, n);
		static82_rule(w, pre, post, n, (int)k);
	}
	vec_foreach(&ir->nats, k, n) {
		const struct ir_global82 *g;
		struct sbuf body = { 0 };
		char nm[64], *chain;
		uint32_t j;
		size_t i;

		if (n->kind != IR_NAT_82 || n->nat_id.v == 0)
			continue;
		/* per egress interface, the global of this id (the last one
		 * written wins, as in the model) */
		for (i = 0; i < w->nifs; i++) {
			const struct ir_global82 *found = NULL;
			struct rng r;

			vec_foreach(&ir->globals82, j, g)
				if (g->nat_id.v == n->nat_id.v &&
				    (if_any(&g->iface) ||
				     !strcmp(g->iface.s, w->ifs[i].nameif)))
					found = g;
			if (!found)
				continue;
			comment(w, &body, "\t\t", &found->loc);
			ifmatch(w, &body, "\t\toifname", w->ifs[i].nameif);
			if (found->interface) {
				if (!cm_iface_addr(ir, w->ifs[i].nameif, 4, &r.lo)) {
					sb_puts(&body, "masquerade\n");
					continue;
				}
				r.hi = r.lo;
			} else {
				sp_u128 lo, hi;

				if (cm_addr_ranges(ir, found->addr, 4, &lo, &hi,
						   1) != 1) {
					sb_puts(&body, "drop\n");
					continue;
				}
				r.lo = lo;
				r.hi = hi;
				proxy_arp(w, NULL, w->ifs[i].nameif, 4, &r, 1);
			}
			sb_puts(&body, "snat ip to ");
			put_addr(&body, 4, &r);
			sb_putc(&body, '\n');
			w->rules++;
		}
		sb_puts(&body, "\t\t# no global for this id on the egress "
			"interface: NAT fails\n\t\tdrop\n");
		snprintf(nm, sizeof(nm), "nat82_%lld_%d", (long long)n->nat_id.v,
			 ++id);
		chain = ident(w, "", nm);
		remember(w, chain, 0, chain);
		sb_printf(&w->chains, "\tchain %s {\n%s\t}\n\n", chain, body.s);
		sb_free(&body);
		comment(w, post, "\t\t", &n->loc);
		sb_puts(post, "\t\t");
		mark_match(w, post, &n->real_if);
		if (n->acl_target) {
			char v[80];

			snprintf(v, sizeof(v), "jump %s", chain);
			sb_printf(post, "jump %s\n",
				  acl_chain(w, n->acl_target, "natacl_", 3 + id,
					    v, "return"));
		} else if (n->addr82) {
			struct rng *r;
			unsigned int unsup = 0;
			size_t nr = operand_ranges(w, n->addr82, 4, &r, &unsup);

			put_match(post, 4, "saddr", r, nr);
			sb_printf(post, "jump %s\n", chain);
			free(r);
		}
		w->rules += 2;
	}
}

static void nat_chains(struct nw *w)
{
	struct sbuf pre = { 0 }, post = { 0 };
	const struct ir_nat **v;
	size_t n, i;

	nat82_rules(w, &pre, &post);
	v = nat_rules(w->ir, &n);
	for (i = 0; i < n; i++) {
		if (v[i]->flags & IR_NATF_INACTIVE) {
			comment(w, &post, "\t\t", &v[i]->loc);
			sb_puts(&post, "\t\t# inactive: not compiled\n");
			continue;
		}
		nat_options(w, v[i]);
		nat_rule(w, &pre, &post, v[i], 4);
		nat_rule(w, &pre, &post, v[i], 6);
	}
	free(v);
	if (pre.s)
		sb_printf(&w->chains, "\tchain nat_pre {\n\t\ttype nat hook "
			  "prerouting priority dstnat; policy accept;\n%s\t}\n\n",
			  pre.s);
	if (post.s)
		sb_printf(&w->chains, "\tchain nat_post {\n\t\ttype nat hook "
			  "postrouting priority srcnat; policy accept;\n%s\t}\n\n",
			  post.s);
	sb_free(&pre);
	sb_free(&post);
}

/* --- the rest ------------------------------------------------------------------ */

static void mark_chain(struct nw *w)
{
	size_t i;

	sb_puts(&w->chains, "\tchain ingress_mark {\n\t\ttype filter hook "
		"prerouting priority mangle; policy accept;\n"
		"\t\t# the ingress interface, for the NAT rules of "
		"postrouting (nat (REAL,MAPPED))\n\t\tmeta mark set iifname "
		"map { ");
	for (i = 0; i < w->nifs; i++) {
		char m[16];

		snprintf(m, sizeof(m), " : 0x%08x", w->ifs[i].mark);
		sb_printf(&w->chains, "%s\"%s\"%s", i ? ", " : "",
			  w->ifs[i].dev, m);
		extra_devs(w, w->ifs[i].nameif, &w->chains, m);
	}
	sb_puts(&w->chains, " }\n\t}\n\n");
	w->rules++;
}

static void mss_chain(struct nw *w)
{
	const struct ir *ir = w->ir;
	int64_t mss = ir->tcpmss.set ? ir->tcpmss.v : 1380;
	int64_t min = ir->tcpmss_minimum.set ? ir->tcpmss_minimum.v : 48;

	sb_puts(&w->chains, "\tchain tcp_mss {\n\t\ttype filter hook forward "
		"priority mangle; policy accept;\n");
	if (ir->tcpmss.set)
		comment(w, &w->chains, "\t\t", &ir->tcpmss.loc);
	else
		sb_puts(&w->chains, "\t\t# sysopt connection tcpmss 1380 (the "
			"default)\n");
	if (mss > 0) {
		sb_printf(&w->chains, "\t\ttcp flags syn / syn,rst tcp option "
			  "maxseg size > %lld tcp option maxseg size set %lld\n",
			  (long long)mss, (long long)mss);
		w->rules++;
	} else {
		sb_puts(&w->chains, "\t\t# tcpmss 0: the maximum is not "
			"enforced\n");
	}
	if (ir->tcpmss_minimum.set)
		comment(w, &w->chains, "\t\t", &ir->tcpmss_minimum.loc);
	if (min > 0) {
		sb_printf(&w->chains, "\t\ttcp flags syn / syn,rst tcp option "
			  "maxseg size < %lld tcp option maxseg size set %lld\n",
			  (long long)min, (long long)min);
		w->rules++;
	}
	sb_puts(&w->chains, "\t}\n\n");
}

static void input_chain(struct nw *w)
{
	const struct ir *ir = w->ir;
	const struct ir_ike_enable *e;
	const struct ir_mgmt *mg;
	struct sbuf *c = &w->chains;
	uint32_t i;
	size_t k;

	sb_puts(c, "\tchain filter_input {\n\t\ttype filter hook input "
		"priority filter; policy drop;\n"
		"\t\tct state established,related accept\n"
		"\t\tct state invalid drop\n\t\tiif \"lo\" accept\n"
		"\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, "
		"nd-router-solicit, nd-router-advert } accept\n");
	w->rules += 4;
	vec_foreach(&ir->ike_enables, i, e) {
		if (!nif(w, e->iface.s))
			continue;
		comment(w, c, "\t\t", &e->loc);
		ifmatch(w, c, "\t\tiifname", e->iface.s);
		sb_puts(c, "udp dport { 500, 4500 } accept\n");
		ifmatch(w, c, "\t\tiifname", e->iface.s);
		sb_puts(c, "meta l4proto esp accept\n");
		w->rules += 2;
	}
	/* webvpn enable IF: AnyConnect's TLS on the webvpn port, and DTLS
	 * on its dtls port unless an interface is tls-only (ocserv has one
	 * UDP port for all: DTLS is then off, ocserv.c) */
	if (ir_anyconnect(ir)) {
		const struct ir_webvpn *wv = &ir->webvpn;
		const struct ir_webvpn_if *we;
		bool dtls = true;

		vec_foreach(&wv->enabled, i, we)
			dtls &= !we->tls_only;
		vec_foreach(&wv->enabled, i, we) {
			const struct nif *n = nif(w, we->iface.s);

			if (!n)
				continue;
			comment(w, c, "\t\t", &we->loc);
			sb_printf(c, "\t\tiifname \"%s\" tcp dport %lld "
				  "accept\n", n->dev, wv->port.set ?
				  (long long)wv->port.v : 443LL);
			w->rules++;
			if (!dtls)
				continue;
			sb_printf(c, "\t\tiifname \"%s\" udp dport %lld "
				  "accept\n", n->dev, wv->dtls_port.set ?
				  (long long)wv->dtls_port.v : 443LL);
			w->rules++;
		}
	}
	if (ir->lb.present && ir->lb.participate.set && ir->lb.participate.v &&
	    nif(w, ir->lb.lbprivate.s)) {
		comment(w, c, "\t\t", &ir->lb.loc);
		ifmatch(w, c, "\t\tiifname", ir->lb.lbprivate.s);
		sb_printf(c, "udp dport %lld accept\n", ir->lb.cluster_port.set ?
			  (long long)ir->lb.cluster_port.v : 9023LL);
		w->rules++;
	}
	/* the master answers IKE_SA_INIT requests to the cluster IP itself
	 * (seed 003's redirect at IKE_SA_INIT): asacd's own table redirects
	 * them to a port of its own (runtime/divert.h), which is what this
	 * hook sees, so they are accepted by their original destination
	 * (IPv4 only, as the diversion is) */
	if (ir->lb.present && ir->lb.participate.set && ir->lb.participate.v &&
	    ir->lb.cluster_ip && ir_peer_addr(ir->lb.cluster_ip) &&
	    ir_peer_addr(ir->lb.cluster_ip)->family == 4 &&
	    nif(w, ir->lb.lbpublic.s)) {
		char vip[64];

		ir_peer_str(ir->lb.cluster_ip, vip, sizeof(vip));
		comment(w, c, "\t\t", &ir->lb.cluster_ip_loc);
		sb_puts(c, "\t\t# asacd redirects the IKE_SA_INIT requests to "
			"the cluster IP to its own port\n");
		ifmatch(w, c, "\t\tiifname", ir->lb.lbpublic.s);
		sb_printf(c, "meta l4proto udp ct original ip daddr %s ct "
			  "original proto-dst 500 accept\n", vip);
		w->rules++;
	}
	for (k = 0; k < w->nifs; k++) {
		const struct ir_standby *sb;

		if (!w->ifs[k].f->standby.n)
			continue;
		sb = w->ifs[k].f->standby.v[0];
		/* IOS `standby`: keepalived runs VRRP for it (asacd) */
		comment(w, c, "\t\t", &sb->loc);
		ifmatch(w, c, "\t\tiifname", w->ifs[k].nameif);
		sb_puts(c, "ip protocol vrrp ip daddr 224.0.0.18 accept\n");
		w->rules++;
	}
	vec_foreach(&ir->mgmt, i, mg) {
		unsigned int port = mg->kind == IR_MGMT_SSH ? 22 :
				    mg->kind == IR_MGMT_TELNET ? 23 :
				    ir->http_port.set ? (unsigned int)ir->http_port.v :
				    443;
		unsigned int unsup = 0;
		int fam;

		if (mg->kind == IR_MGMT_ICMP || !nif(w, mg->iface.s))
			continue;
		comment(w, c, "\t\t", &mg->loc);
		if (mg->kind == IR_MGMT_HTTP &&
		    !(ir->http_server.set && ir->http_server.v)) {
			sb_puts(c, "\t\t# no `http server enable`: nothing "
				"listens\n");
			continue;
		}
		for (fam = 4; fam <= 6; fam += 2) {
			struct sbuf r = { 0 };
			bool full;

			if (!addr_match(w, &r, mg->addr, (uint8_t)fam, "saddr",
					&full, &unsup))
				continue;
			ifmatch(w, c, "\t\tiifname", mg->iface.s);
			if (full)
				sb_printf(c, "meta nfproto ipv%d ", fam);
			sb_printf(c, "%stcp dport %u accept\n", r.s ? r.s : "",
				  port);
			w->rules++;
			sb_free(&r);
		}
	}
	/* icmp permit|deny: first match per interface; an interface with
	 * no icmp rule answers every ICMP (the ASA's default) */
	for (k = 0; k < w->nifs; k++) {
		bool any = false;

		vec_foreach(&ir->mgmt, i, mg) {
			struct sbuf r = { 0 };
			bool full;
			unsigned int unsup = 0;

			if (mg->kind != IR_MGMT_ICMP ||
			    strcmp(mg->iface.s, w->ifs[k].nameif))
				continue;
			any = true;
			comment(w, c, "\t\t", &mg->loc);
			if (!addr_match(w, &r, mg->addr, 4, "saddr", &full,
					&unsup))
				continue;
			ifmatch(w, c, "\t\tiifname", w->ifs[k].nameif);
			sb_printf(c, "%s", r.s ? r.s : "");
			if (mg->icmp_type >= 0)
				sb_printf(c, "icmp type %d ", mg->icmp_type);
			else
				sb_puts(c, "meta l4proto icmp ");
			sb_puts(c, mg->permit ? "accept\n" : "drop\n");
			w->rules++;
			sb_free(&r);
		}
		ifmatch(w, c, "\t\tiifname", w->ifs[k].nameif);
		sb_printf(c, "meta l4proto %s %s\n", any ? "icmp" :
			  "{ icmp, ipv6-icmp }", any ? "drop" : "accept");
		w->rules++;
	}
	sb_puts(c, "\t}\n\n");
}

/* Firewall commands the front end keeps but does not model. */
static void report_unmodelled(struct nw *w)
{
	static const char *const fw[] = { "static ", "established ",
					  "class-map ", "policy-map ",
					  "service-policy ", "threat-detection ",
					  "ip verify reverse-path ",
					  "management-access " };
	const struct ir_unmodeled *u;
	uint32_t i;
	size_t k;

	vec_foreach(&w->ir->unmodeled, i, u) {
		const struct src_file *f = w->src->files[u->loc.file];
		const char *t = f->data + u->loc.start;

		while (*t == ' ')
			t++;
		for (k = 0; k < ARRAY_SIZE(fw); k++)
			if (!strncmp(t, fw[k], strlen(fw[k])))
				UNSUPPORTED(w, &u->loc, "'%.*s' is not modelled: "
					    "the nftables ruleset does not "
					    "express it", (int)strcspn(fw[k], " "),
					    fw[k]);
	}
}

size_t nft_compile(const struct ir *ir, const struct srcset *src,
		   struct diag_ctx *d, FILE *o, const struct nft_opts *opt)
{
	struct nw w;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.ir = ir;
	w.src = src;
	w.d = d;
	w.opt = opt;
	cm_build_sets(&w.m, ir);
	{
		const struct ir_nat *n;
		uint32_t k;

		vec_foreach(&ir->nats, k, n)
			w.statics82 |= n->kind == IR_NAT_82_STATIC;
	}
	if (!setup_ifaces(&w))
		goto out;
	report_unmodelled(&w);
	filter_chains(&w);
	nat_chains(&w);
	if (w.need_mark)
		mark_chain(&w);
	mss_chain(&w);
	input_chain(&w);
	fprintf(o, "#!/usr/sbin/nft -f\n# asac.nft: the firewall of %s (%s), "
		"compiled by asac\n", ir->hostname.s ? ir->hostname.s : "the ASA",
		src->files[ir->file]->name);
	fprintf(o, "# Loading it replaces table inet asac in one transaction "
		"and touches no other table.\n# Decrypted traffic is "
		"recognised by %s.\n", opt->libipsec ?
		"its interface, ipsec0 (kernel-libipsec)" :
		"its IPsec secpath (meta ipsec, XFRM)");
	if (ir->preserve_vpn_flows.set && ir->preserve_vpn_flows.v)
		fputs("# sysopt connection preserve-vpn-flows: conntrack "
		      "entries outlive a tunnel flap on Linux.\n", o);
	if (w.parp.s)
		fprintf(o, "# The ASA answers ARP for these mapped addresses "
			"(proxy ARP); Linux needs\n# neighbour proxy entries "
			"for them, which this ruleset cannot make:\n%s",
			w.parp.s);
	fputs("\ntable inet asac\ndelete table inet asac\n\ntable inet asac {\n",
	      o);
	if (w.sets.s)
		fputs(w.sets.s, o);
	if (w.chains.s) {
		/* no blank line before the closing brace */
		if (w.chains.len >= 2 && w.chains.s[w.chains.len - 1] == '\n' &&
		    w.chains.s[w.chains.len - 2] == '\n')
			w.chains.s[--w.chains.len] = 0;
		fputs(w.chains.s, o);
	}
	fputs("}\n", o);
out:
	for (i = 0; i < w.nnames; i++)
		free(w.names[i].name);
	for (i = 0; i < w.npsets; i++)
		free(w.psets[i]);
	free(w.psets);
	free(w.psnames);	/* the names are in w.names */
	free(w.names);
	sb_free(&w.sets);
	sb_free(&w.chains);
	sb_free(&w.parp);
	free(w.parp_done);
	free(w.ifs);
	cm_free(&w.m);
	return w.rules;
}

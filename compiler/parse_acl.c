/* SPDX-License-Identifier: MIT */
/*
 * parse_acl.c - ACE and service operands.
 *
 * The grammar hands over the tokens after `permit|deny` (or `service`),
 * and this reader walks them in the ASA's order:
 *   PROTOCOL SOURCE [SRC-PORT] DESTINATION [DST-PORT | ICMP-TYPE [CODE]]
 *   [log [LEVEL] [interval N] | log disable | log default]
 *   [time-range NAME] [inactive]
 * It is C, not bison, because which operand `object-group NAME` is
 * depends on the group's type: after the source, a service group is the
 * source port and a network group is the destination (the ASA looks the
 * group up the same way, and requires it to be defined first).
 *
 * The management commands (ssh, telnet, http, icmp) and the 8.2 `static`
 * share its address reader.
 */
#include "asac.h"
#include "parse.h"
#include "util.h"
#include "asa.tab.h"

#include <string.h>
#include <strings.h>

struct rd {
	struct pctx *p;
	uint32_t i;		/* next token */
	const struct sym *group;	/* the protocol group read, if any */
	bool ipv6;			/* an `ipv6 access-list` ACE */
};

static const struct tok *peek(struct rd *r)
{
	return r->i < r->p->ntoks ? &r->p->toks[r->i] : NULL;
}

static const struct tok *next(struct rd *r)
{
	return r->i < r->p->ntoks ? &r->p->toks[r->i++] : NULL;
}

static struct loc tloc(struct rd *r, const struct tok *t)
{
	struct loc l = { r->p->file, 0, 0 };

	if (t) {
		l.start = t->start;
		l.end = t->end;
	} else {
		l.start = l.end = r->p->line_end;
	}
	return l;
}

static bool is_word(struct rd *r, const struct tok *t, const char *w)
{
	size_t n = strlen(w);

	return t && t->end - t->start == n &&
	       !strncasecmp(r->p->src->data + t->start, w, n);
}

static int fail(struct rd *r, const struct tok *t, const char *what)
{
	struct loc l = tloc(r, t);

	if (!t)
		return pctx_error(r->p, &l, "incomplete command: expected %s",
				  what);
	return pctx_error(r->p, &l, "unexpected '%.*s'; expected %s",
			  (int)(t->end - t->start),
			  r->p->src->data + t->start, what);
}

/* IP protocol names the ASA accepts (`show run` prints these). */
static const struct {
	const char *name;
	int num;
} protocols[] = {
	{ "ah", 51 }, { "eigrp", 88 }, { "esp", 50 }, { "gre", 47 },
	{ "icmp", 1 }, { "icmp6", 58 }, { "igmp", 2 }, { "igrp", 9 },
	{ "ip", -1 }, { "ipinip", 4 }, { "ipsec", 50 }, { "nos", 94 },
	{ "ospf", 89 }, { "pcp", 108 }, { "pim", 103 }, { "pptp", 47 },
	{ "sctp", 132 }, { "snp", 109 }, { "tcp", 6 }, { "udp", 17 },
};

static const struct {
	const char *name;
	int type;
} icmp_types[] = {
	{ "echo-reply", 0 }, { "unreachable", 3 }, { "source-quench", 4 },
	{ "redirect", 5 }, { "alternate-address", 6 }, { "echo", 8 },
	{ "router-advertisement", 9 }, { "router-solicitation", 10 },
	{ "time-exceeded", 11 }, { "parameter-problem", 12 },
	{ "timestamp-request", 13 }, { "timestamp-reply", 14 },
	{ "information-request", 15 }, { "information-reply", 16 },
	{ "mask-request", 17 }, { "mask-reply", 18 }, { "traceroute", 30 },
	{ "conversion-error", 31 }, { "mobile-redirect", 32 },
};

/* ICMPv6 type names, for icmp6: `echo` is 128 here, not ICMP's 8. */
static const struct {
	const char *name;
	int type;
} icmp6_types[] = {
	{ "unreachable", 1 }, { "packet-too-big", 2 }, { "time-exceeded", 3 },
	{ "parameter-problem", 4 }, { "echo", 128 }, { "echo-reply", 129 },
	{ "membership-query", 130 }, { "membership-report", 131 },
	{ "membership-reduction", 132 }, { "router-solicitation", 133 },
	{ "router-advertisement", 134 }, { "neighbor-solicitation", 135 },
	{ "neighbor-advertisement", 136 }, { "neighbor-redirect", 137 },
	{ "router-renumbering", 138 },
};

static const char *const log_levels[] = {
	"emergencies", "alerts", "critical", "errors", "warnings",
	"notifications", "informational", "debugging",
};

static struct ir_ref *new_ref(struct rd *r, const struct tok *t)
{
	struct ir_ref *ref = arena_new(r->p->arena, struct ir_ref);

	ref->name = pctx_sym(r->p, t);
	return ref;
}

static struct sym *new_sym(struct rd *r, const struct tok *t)
{
	struct sym *s = arena_new(r->p->arena, struct sym);

	*s = pctx_sym(r->p, t);
	return s;
}

/* The number of IP protocol name @w, -1 for ip, -2 for none. */
static int proto_named(const char *w)
{
	size_t k;

	for (k = 0; k < ARRAY_SIZE(protocols); k++)
		if (!strcasecmp(w, protocols[k].name))
			return protocols[k].num;
	return -2;
}

static bool read_proto(struct rd *r, struct ir_proto *pr, bool svc_object)
{
	const struct tok *t = next(r);
	struct loc l = tloc(r, t);
	size_t k;

	memset(pr, 0, sizeof(*pr));
	if (!t)
		return fail(r, t, "a protocol"), false;
	if (t->kind == OBJECT || t->kind == OBJECT_GROUP) {
		const struct tok *n = next(r);

		if (!n || n->kind == EOL)
			return fail(r, n, "a name"), false;
		pr->kind = t->kind == OBJECT ? IR_PROTO_OBJECT : IR_PROTO_GROUP;
		pr->ref = new_ref(r, n);
		return true;
	}
	if (t->kind == NUMBER) {
		struct ival v = pctx_num(r->p, t);

		if (!v.set)
			return false;
		if (v.v > 255) {
			pctx_error(r->p, &l, "protocol %lld is out of "
				   "range 0-255", (long long)v.v);
			return false;
		}
		pr->kind = IR_PROTO_NUMBER;
		pr->num = v.v == 0 ? -1 : (int16_t)v.v;
		return true;
	}
	switch (t->kind) {	/* the common ones, without a table walk */
	case IP:
		pr->num = -1;
		return true;
	case TCP:
		pr->num = 6;
		return true;
	case UDP:
		pr->num = 17;
		return true;
	case ICMP:
		pr->num = 1;
		return true;
	case ICMP6:
		pr->num = 58;
		return true;
	default:
		break;
	}
	if (svc_object && is_word(r, t, "tcp-udp")) {
		pr->kind = IR_PROTO_TCP_UDP;
		pr->num = -2;
		return true;
	}
	for (k = 0; k < ARRAY_SIZE(protocols); k++) {
		if (is_word(r, t, protocols[k].name)) {
			pr->kind = IR_PROTO_NUMBER;
			pr->num = (int16_t)protocols[k].num;
			return true;
		}
	}
	fail(r, t, "a protocol (ip, tcp, udp, icmp, a number 0-255, object or "
	     "object-group)");
	return false;
}

/* The port-bearing protocols of protocol group @g, with its nested
 * groups: PORT_* bits for tcp and udp, and *any for tcp, udp or sctp.
 * The group is defined before the ACE that names it (the ASA requires
 * it), so its members are known here.  *@budget bounds the members
 * visited: nested groups named many times over cost no more. */
static unsigned int group_ports(struct rd *r, const struct ir_objgroup *g,
				bool *any, int depth, unsigned int *budget)
{
	const struct ir_ogm *m;
	unsigned int protos = 0;
	uint32_t i;

	if (depth > 16)		/* group-object cycles are sema's to report */
		return 0;
	vec_foreach(&g->members, i, m) {
		int num;

		if (!*budget)
			break;
		--*budget;
		if (m->kind == IR_OGM_GROUP) {
			const struct ir_objgroup *t =
				map_get(&r->p->ir->m_objgroups, m->ref.s);

			if (t && t->kind == IR_OG_PROTOCOL)
				protos |= group_ports(r, t, any, depth + 1,
						      budget);
			continue;
		}
		if (m->kind != IR_OGM_PROTOCOL || !m->word.s)
			continue;
		/* apply set the value of a number; a name is looked up */
		num = m->value >= 0 ? m->value : proto_named(m->word.s);
		if (num == 6 || num == 17 || num == 132) {
			protos |= pctx_port_protos(num);
			*any = true;
		}
	}
	return protos;
}

/*
 * May port conditions follow protocol @pr, and which protocols must its
 * port names name a port of (*@protos, PORT_* bits)?  tcp, udp, sctp and
 * tcp-udp take ports, and so does a protocol group with one of them
 * (ASDM writes `object-group TCPUDP ... eq domain`); the ports then apply
 * to those members only (compiler/cryptomap.c).
 */
static bool proto_ports(struct rd *r, const struct ir_proto *pr,
			unsigned int *protos)
{
	*protos = 0;
	switch ((enum ir_proto_kind)pr->kind) {
	case IR_PROTO_TCP_UDP:
		*protos = PORT_TCP | PORT_UDP;
		return true;
	case IR_PROTO_NUMBER:
		*protos = pctx_port_protos(pr->num);
		return pr->num == 6 || pr->num == 17 || pr->num == 132;
	case IR_PROTO_GROUP: {
		const struct ir_objgroup *g =
			map_get(&r->p->ir->m_objgroups, pr->ref->name.s);
		unsigned int budget = 1u << 16;
		bool any = false;

		if (!g)		/* undefined: sema reports it, not a port */
			return true;
		if (g->kind != IR_OG_PROTOCOL)
			return false;
		*protos = group_ports(r, g, &any, 0, &budget);
		r->group = &g->name;
		return any;
	}
	case IR_PROTO_OBJECT:
		return false;
	}
	BUG("protocol kind %d", pr->kind);
}

static bool is_icmp(const struct ir_proto *pr)
{
	return pr->kind == IR_PROTO_NUMBER && (pr->num == 1 || pr->num == 58);
}

/* An address operand; returns NULL (error set) on failure. */
static struct ir_addr *read_addr(struct rd *r, const char *what)
{
	const struct tok *t = next(r), *n;
	struct loc l = tloc(r, t);
	struct ir_addr *a;

	if (!t)
		return fail(r, t, what), NULL;
	switch (t->kind) {
	case ANY:
	case ANY4:
	case ANY6: {
		struct ir_addr any;

		memset(&any, 0, sizeof(any));
		any.kind = t->kind == ANY ? IR_ADDR_ANY : t->kind == ANY4 ?
			   IR_ADDR_ANY4 : IR_ADDR_ANY6;
		any.loc = l;
		return pctx_addr_intern(r->p, &any);
	}
	case HOST:
		n = next(r);
		if (n && (n->kind == IPV4 || n->kind == IPV6)) {
			struct ir_addr h;

			if (!pctx_addr_fill(r->p, n, &h))
				return NULL;
			h.host = true;
			h.loc.start = t->start;
			return pctx_addr_intern(r->p, &h);
		} else if (n && n->kind == WORD) {
			a = pctx_addr_name(r->p, n);
		} else {
			fail(r, n, "an address after 'host'");
			return NULL;
		}
		a->host = true;
		a->loc.start = t->start;
		return a;
	case IPV4:
		n = next(r);
		if (!n || n->kind != IPV4) {
			fail(r, n, "a netmask");
			return NULL;
		}
		return pctx_addr_mask_shared(r->p, t, n);
	case IPV6PREFIX:
	case IPV4PREFIX:
		return pctx_prefix(r->p, t);
	case OBJECT:
	case OBJECT_GROUP:
	case INTERFACE:
		n = next(r);
		if (!n)
			return fail(r, n, "a name"), NULL;
		a = ir_addr_new(r->p->ir, t->kind == OBJECT ? IR_ADDR_OBJECT :
				t->kind == OBJECT_GROUP ? IR_ADDR_GROUP :
				IR_ADDR_INTERFACE, &l);
		a->ref = pctx_sym(r->p, n);
		a->loc.end = n->end;
		return a;
	case WORD:
		/* a `name` alias, alone (host) or with a netmask */
		a = pctx_addr_name(r->p, t);
		n = peek(r);
		if (n && n->kind == IPV4) {
			struct ir_addr *m = pctx_addr(r->p, next(r));

			if (!m)
				return NULL;
			a->mask_written = ir_addr_v4(m);
			a->loc.end = m->loc.end;
		} else {
			a->host = true;
		}
		return a;
	default:
		fail(r, t, what);
		return NULL;
	}
}

/* Is the next operand a port condition (for a protocol with ports)? */
static bool at_port(struct rd *r, bool ports_ok)
{
	const struct tok *t = peek(r);

	if (!t)
		return false;
	switch (t->kind) {
	case EQ:
	case NEQ:
	case LT:
	case GT:
	case RANGE:
		return true;
	case OBJECT_GROUP: {
		const struct tok *n;
		struct ir_objgroup *g;

		if (!ports_ok || r->i + 1 >= r->p->ntoks)
			return false;
		n = &r->p->toks[r->i + 1];
		g = map_get(&r->p->ir->m_objgroups,
			    pctx_sym(r->p, n).s);
		return g && g->kind == IR_OG_SERVICE;
	}
	default:
		return false;
	}
}

/* A port condition; port names must name a port of every protocol of
 * @protos (PORT_* bits, 0 for any). */
static bool read_port(struct rd *r, struct ir_port *pt, bool ports_ok,
		      unsigned int protos)
{
	const struct tok *t = next(r), *n;
	struct loc l = tloc(r, t);

	memset(pt, 0, sizeof(*pt));
	if (!ports_ok && r->group) {
		pctx_error(r->p, &l, "port conditions need a tcp, udp or "
			   "sctp protocol; object-group '%s' has none",
			   r->group->s);
		return false;
	}
	if (!ports_ok) {
		pctx_error(r->p, &l, "port conditions need the tcp, udp "
			   "or sctp protocol");
		return false;
	}
	switch (t->kind) {
	case EQ:
		pt->op = IR_PORT_EQ;
		break;
	case NEQ:
		pt->op = IR_PORT_NEQ;
		break;
	case LT:
		pt->op = IR_PORT_LT;
		break;
	case GT:
		pt->op = IR_PORT_GT;
		break;
	case RANGE:
		pt->op = IR_PORT_RANGE;
		break;
	case OBJECT_GROUP:
		n = next(r);
		pt->op = IR_PORT_GROUP;
		pt->ref = new_ref(r, n);
		return true;
	default:
		BUG("not a port operator");
	}
	n = next(r);
	if (!n)
		return fail(r, n, "a port"), false;
	if (!pctx_port(r->p, n, &pt->lo, protos))
		return false;
	pt->hi = pt->lo;
	l.end = n->end;
	if (pt->op == IR_PORT_RANGE) {
		n = next(r);
		if (!n)
			return fail(r, n, "the last port of the range"), false;
		if (!pctx_port(r->p, n, &pt->hi, protos))
			return false;
		l.end = n->end;
		if (pt->hi < pt->lo) {
			pctx_error(r->p, &l, "port range %u-%u ends "
				   "before it starts", pt->lo, pt->hi);
			return false;
		}
	}
	return true;
}

/* The number of ICMP (ICMPv6 when @v6) type name @t, or -1. */
static int16_t icmp_type_named(struct rd *r, const struct tok *t, bool v6)
{
	size_t k;

	if (v6) {
		for (k = 0; k < ARRAY_SIZE(icmp6_types); k++)
			if (is_word(r, t, icmp6_types[k].name))
				return (int16_t)icmp6_types[k].type;
		return -1;
	}
	for (k = 0; k < ARRAY_SIZE(icmp_types); k++)
		if (is_word(r, t, icmp_types[k].name))
			return (int16_t)icmp_types[k].type;
	return -1;
}

static bool read_icmp(struct rd *r, int16_t *type, int16_t *code,
		      struct sym **name, bool v6)
{
	const struct tok *t = peek(r);

	*type = *code = -1;
	*name = NULL;
	if (!t)
		return true;
	if (t->kind == NUMBER) {
		struct ival v = pctx_num(r->p, next(r));

		if (!v.set || v.v > 255)
			return fail(r, t, "an ICMP type 0-255"), false;
		*type = (int16_t)v.v;
	} else if (t->kind == OBJECT_GROUP) {
		const struct tok *n;

		next(r);
		n = next(r);
		if (!n)
			return fail(r, n, "a name"), false;
		*name = new_sym(r, n);
		return true;
	} else {
		*type = icmp_type_named(r, t, v6);
		if (*type < 0)
			return true;	/* not an ICMP type: options follow */
		*name = new_sym(r, t);
		next(r);
	}
	t = peek(r);
	if (t && t->kind == NUMBER) {
		struct ival v = pctx_num(r->p, next(r));

		if (!v.set || v.v > 255)
			return fail(r, t, "an ICMP code 0-255"), false;
		*code = (int16_t)v.v;
	}
	return true;
}

static bool read_options(struct rd *r, struct ir_ace *ace)
{
	const struct tok *t;

	while ((t = next(r))) {
		switch (t->kind) {
		case LOG: {
			const struct tok *n = peek(r);
			size_t k;

			ace->log = true;
			if (n && is_word(r, n, "disable")) {
				next(r);
				ace->log_disable = true;
				break;
			}
			if (n && is_word(r, n, "default")) {
				next(r);
				break;
			}
			if (n && n->kind == NUMBER) {
				struct ival v = pctx_num(r->p, next(r));

				if (!v.set || v.v > 7)
					return fail(r, n, "a log level 0-7"), false;
				ace->log_level = (int8_t)v.v;
			} else if (n) {
				for (k = 0; k < ARRAY_SIZE(log_levels); k++)
					if (is_word(r, n, log_levels[k])) {
						ace->log_level = (int8_t)k;
						next(r);
						break;
					}
			}
			n = peek(r);
			if (n && is_word(r, n, "interval")) {
				struct ival v;

				next(r);
				n = next(r);
				if (!n || n->kind != NUMBER)
					return fail(r, n, "an interval in "
						    "seconds"), false;
				v = pctx_num(r->p, n);
				if (!v.set || v.v < 1 || v.v > 600)
					return fail(r, n, "an interval 1-600"),
					       false;
				ace->log_interval = (uint16_t)v.v;
			}
			break;
		}
		case INACTIVE:
			ace->inactive = true;
			break;
		case TIME_RANGE: {
			const struct tok *n = next(r);

			if (!n)
				return fail(r, n, "a time-range name"), false;
			if (ace->time_range) {
				struct loc l = tloc(r, t);

				pctx_error(r->p, &l, "an ACE takes one "
					   "time-range");
				return false;
			}
			ace->time_range = new_sym(r, n);
			break;
		}
		default:
			return fail(r, t, "'log', 'time-range', 'inactive' or "
				    "the end of the line"), false;
		}
	}
	return true;
}

/*
 * An address operand of an `ipv6 access-list` ACE (ASA 8.x): `any` is
 * every IPv6 address, and an IPv4 operand is refused.
 */
static struct ir_addr *addr6(struct rd *r, struct ir_addr *a)
{
	struct ir_addr any;

	if (!a || !r->ipv6)
		return a;
	if (a->kind == IR_ADDR_ANY) {
		any = *a;
		any.kind = IR_ADDR_ANY6;
		return pctx_addr_intern(r->p, &any);
	}
	if (a->kind == IR_ADDR_ANY4 ||
	    ((a->kind == IR_ADDR_NET || a->kind == IR_ADDR_RANGE) &&
	     a->family == 4)) {
		pctx_error(r->p, &a->loc, "an ipv6 access-list takes IPv6 "
			   "addresses (any, host ADDRESS, PREFIX/LENGTH, "
			   "object-group)");
		return NULL;
	}
	return a;
}

static struct ir_ace *read_ace(struct pctx *p, uint32_t first, bool permit,
			       enum ir_ace_kind kind, bool ipv6)
{
	const struct tok *t = pctx_tok_at(p, first);
	struct rd r = { p, t ? t->idx : p->ntoks, NULL, ipv6 };
	struct ir_ace *ace = arena_new(p->arena, struct ir_ace);
	unsigned int protos;
	bool ports;

	ace->kind = kind;
	ace->permit = permit;
	ace->ipv6 = ipv6;
	ace->icmp_type = ace->icmp_code = -1;
	ace->log_level = -1;
	ace->loc.file = p->file;
	ace->loc.start = p->line_start;
	ace->loc.end = p->line_end;
	if (kind == IR_ACE_STANDARD) {
		/* access-list NAME standard permit|deny DEST */
		ace->proto.kind = IR_PROTO_NUMBER;
		ace->proto.num = -1;
		ace->src = ir_addr_new(p->ir, IR_ADDR_ANY, &ace->loc);
		ace->dst = read_addr(&r, "an address (host, any, ADDRESS MASK)");
		if (!ace->dst)
			return NULL;
		return read_options(&r, ace) ? ace : NULL;
	}
	if (!read_proto(&r, &ace->proto, false))
		return NULL;
	ports = proto_ports(&r, &ace->proto, &protos);
	ace->src = addr6(&r, read_addr(&r, "a source (any, host, ADDRESS MASK, "
					 "object, object-group, interface)"));
	if (!ace->src)
		return NULL;
	if (at_port(&r, true) && !read_port(&r, &ace->sport, ports, protos))
		return NULL;
	ace->dst = addr6(&r, read_addr(&r, "a destination (any, host, ADDRESS "
					 "MASK, object, object-group, "
					 "interface)"));
	if (!ace->dst)
		return NULL;
	if (at_port(&r, true)) {
		if (!read_port(&r, &ace->dport, ports, protos))
			return NULL;
	} else if (is_icmp(&ace->proto)) {
		if (!read_icmp(&r, &ace->icmp_type, &ace->icmp_code,
			       &ace->icmp_name, ace->proto.num == 58))
			return NULL;
	}
	return read_options(&r, ace) ? ace : NULL;
}

struct ir_ace *acl_read_ace(struct pctx *p, uint32_t first, bool permit,
			    enum ir_ace_kind kind)
{
	return read_ace(p, first, permit, kind, false);
}

struct ir_ace *acl_read_ace_ipv6(struct pctx *p, uint32_t first, bool permit)
{
	return read_ace(p, first, permit, IR_ACE_EXTENDED, true);
}

struct ir_mgmt *acl_read_mgmt(struct pctx *p, uint32_t first,
			      enum ir_mgmt_kind kind, bool permit)
{
	const struct tok *t = pctx_tok_at(p, first);
	struct rd r = { p, t ? t->idx : p->ntoks, NULL, false };
	struct ir_mgmt *m;
	size_t left;

	/* only the address forms: anything else is another command of the
	 * same name (ssh version 2, icmp unreachable ...) */
	if (!t || !(t->kind == IPV4 || t->kind == IPV6PREFIX ||
		    (kind == IR_MGMT_ICMP && (t->kind == ANY ||
					      t->kind == ANY4 ||
					      t->kind == ANY6 ||
					      t->kind == HOST))))
		return NULL;
	m = arena_new(p->arena, struct ir_mgmt);
	m->loc.file = p->file;
	m->loc.start = p->line_start;
	m->loc.end = p->line_end;
	m->kind = kind;
	m->permit = permit;
	m->icmp_type = -1;
	m->addr = read_addr(&r, "an address and mask");
	if (!m->addr)
		return NULL;
	left = p->ntoks - r.i;
	if (kind == IR_MGMT_ICMP && left == 2) {
		t = next(&r);
		if (t->kind == NUMBER) {
			struct ival v = pctx_num(p, t);

			if (!v.set || v.v > 255)
				return fail(&r, t, "an ICMP type 0-255"), NULL;
			m->icmp_type = (int16_t)v.v;
		} else {
			m->icmp_type = icmp_type_named(&r, t, false);
			if (m->icmp_type < 0)
				return fail(&r, t, "an ICMP type"), NULL;
		}
	}
	t = next(&r);
	if (!t || t->kind == IPV4 || t->kind == IPV6 || t->kind == NUMBER)
		return fail(&r, t, "an interface name"), NULL;
	m->iface = pctx_sym(p, t);
	if ((t = next(&r)))
		return fail(&r, t, "the end of the line"), NULL;
	return m;
}

struct ir_service *acl_read_service(struct pctx *p, uint32_t first,
				    bool svc_object)
{
	const struct tok *t = pctx_tok_at(p, first);
	struct rd r = { p, t ? t->idx : p->ntoks, NULL, false };
	struct ir_service *s = arena_new(p->arena, struct ir_service);
	unsigned int protos;
	bool ports;

	s->loc.file = p->file;
	s->loc.start = p->line_start;
	s->loc.end = p->line_end;
	s->icmp_type = s->icmp_code = -1;
	if (!read_proto(&r, &s->proto, true))
		return NULL;
	if (svc_object && s->proto.kind != IR_PROTO_NUMBER &&
	    s->proto.kind != IR_PROTO_TCP_UDP) {
		pctx_error(p, &s->loc, "a service object takes a protocol, "
			   "not an object");
		return NULL;
	}
	/* a service's ports belong to its own protocol, never to a group's */
	ports = s->proto.kind != IR_PROTO_GROUP &&
		proto_ports(&r, &s->proto, &protos);
	if (is_icmp(&s->proto)) {
		if (!read_icmp(&r, &s->icmp_type, &s->icmp_code, &s->icmp_name,
			       s->proto.num == 58))
			return NULL;
	} else {
		for (;;) {
			const struct tok *k = peek(&r);

			if (!k)
				break;
			if (k->kind == SOURCE || k->kind == DESTINATION) {
				next(&r);
				if (!at_port(&r, true))
					return fail(&r, peek(&r), "a port "
						    "condition (eq, lt, gt, "
						    "neq, range)"), NULL;
				if (!read_port(&r, k->kind == SOURCE ? &s->sport
							 : &s->dport, ports,
					       protos))
					return NULL;
			} else if (at_port(&r, true) && !s->dport.op) {
				/* pre-8.3 `service-object tcp eq 80`: the
				 * destination port */
				if (!read_port(&r, &s->dport, ports, protos))
					return NULL;
			} else {
				break;
			}
		}
	}
	t = peek(&r);
	if (t)
		return fail(&r, t, "'source', 'destination' or the end of the "
			    "line"), NULL;
	return s;
}

/* One address of `static`: an IPv4 address or a `name`. */
static struct ir_addr *static_addr(struct rd *r, const struct tok *t,
				   const struct tok *mask)
{
	struct ir_addr *a;

	if (t->kind == IPV4)
		return mask ? pctx_addr_mask(r->p, t, mask) : pctx_addr(r->p, t);
	a = pctx_addr_name(r->p, t);
	a->host = !mask;
	if (mask) {
		struct ir_addr *m = pctx_addr(r->p, mask);

		if (!m)
			return NULL;
		a->mask_written = ir_addr_v4(m);
	}
	return a;
}

static bool static_port(struct rd *r, uint16_t *port, unsigned int protos)
{
	const struct tok *t = next(r);

	/* a number or a port name (some are keywords: http, ssh ...) */
	if (!t || t->kind == IPV4 || t->kind == IPV6 || t->kind == NETMASK ||
	    t->kind == LPAREN || t->kind == RPAREN || t->kind == COMMA)
		return fail(r, t, "a port"), false;
	return pctx_port(r->p, t, port, protos);
}

/* The options after the addresses: dns, norandomseq [nailed], and the
 * connection limits [tcp] MAX [EMB] and udp MAX (kept as written). */
static bool static_options(struct rd *r, struct ir_nat *n)
{
	const struct tok *t;

	while ((t = next(r))) {
		if (t->kind == DNS) {
			n->flags |= IR_NATF_DNS;
			continue;
		}
		if (is_word(r, t, "norandomseq") || is_word(r, t, "nailed"))
			continue;
		if (t->kind == TCP || t->kind == UDP || t->kind == NUMBER)
			n->flags |= IR_NATF_CONN_LIMITS;
		if (t->kind == TCP || t->kind == UDP) {
			bool tcp = t->kind == TCP;

			if (!(t = next(r)) || t->kind != NUMBER)
				return fail(r, t, "a connection limit"), false;
			if (tcp && peek(r) && peek(r)->kind == NUMBER)
				next(r);	/* the embryonic limit */
			continue;
		}
		if (t->kind == NUMBER) {
			if (peek(r) && peek(r)->kind == NUMBER)
				next(r);
			continue;
		}
		return fail(r, t, "'dns', 'norandomseq', 'tcp', 'udp', a "
			    "connection limit or the end of the line"), false;
	}
	return true;
}

/*
 * static (REAL,MAPPED) [tcp|udp] MAPPED-IP|interface [MPORT]
 *        REAL-IP [RPORT] [netmask MASK] | access-list ACL  [options]
 * (ASA 8.2 and earlier: static NAT, static PAT and policy static NAT).
 */
struct ir_nat *acl_read_static82(struct pctx *p, uint32_t first,
				 struct sym real_if, struct sym mapped_if)
{
	const struct tok *t = pctx_tok_at(p, first), *mapped, *real = NULL,
			 *mask = NULL;
	struct rd r = { p, t ? t->idx : p->ntoks, NULL, false };
	struct ir_nat *n = arena_new(p->arena, struct ir_nat);
	uint32_t opts;

	n->kind = IR_NAT_82_STATIC;
	n->type = IR_NAT_STATIC;
	n->loc.file = p->file;
	n->loc.start = p->line_start;
	n->loc.end = p->line_end;
	n->real_if = real_if;
	n->mapped_if = mapped_if;
	t = peek(&r);
	if (t && (t->kind == TCP || t->kind == UDP)) {
		next(&r);
		n->pat_proto = t->kind == TCP ? 6 : 17;
		n->svc_proto = pctx_sym(p, t);
	}
	mapped = next(&r);
	if (!mapped || (mapped->kind != IPV4 && mapped->kind != WORD &&
			mapped->kind != INTERFACE))
		return fail(&r, mapped, "a mapped IPv4 address or "
			    "'interface'"), NULL;
	n->mapped_src.set = true;
	n->mapped_src.interface = mapped->kind == INTERFACE;
	if (n->pat_proto &&
	    !static_port(&r, &n->pat_mport, pctx_port_protos(n->pat_proto)))
		return NULL;
	t = next(&r);
	if (t && t->kind == ACCESS_LIST) {
		if (!(t = next(&r)) || t->kind == IPV4 || t->kind == NUMBER)
			return fail(&r, t, "an access-list name"), NULL;
		n->acl = pctx_sym(p, t);
	} else if (t && (t->kind == IPV4 || t->kind == WORD)) {
		real = t;
		if (n->pat_proto &&
		    !static_port(&r, &n->pat_rport,
				 pctx_port_protos(n->pat_proto)))
			return NULL;
		if ((t = peek(&r)) && t->kind == NETMASK) {
			next(&r);
			mask = next(&r);
			if (!mask || mask->kind != IPV4)
				return fail(&r, mask, "a netmask"), NULL;
			n->netmask82 = true;
		}
	} else {
		return fail(&r, t, "a real IPv4 address or 'access-list'"), NULL;
	}
	opts = r.i;
	if (!static_options(&r, n))
		return NULL;
	if (opts < p->ntoks) {
		struct loc l = { p->file, p->toks[opts].start, p->line_end };

		n->options82 = pctx_rest(p, &l);
	}
	if (real && !(n->addr82 = static_addr(&r, real, mask)))
		return NULL;
	if (!n->mapped_src.interface &&
	    !(n->mapped_src.addr = static_addr(&r, mapped, mask)))
		return NULL;
	return n;
}

/* ---- time-range sub-mode lines ------------------------------------------ */

/* (in any case, as the ASA's CLI takes them) */
static const char *const day_names[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday",
};

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/* HH:MM (or H:MM), 0:00-23:59, into minutes after midnight. */
static bool read_time(struct rd *r, uint16_t *min)
{
	const struct tok *t = next(r);
	const char *s;
	unsigned int h = 0, m, n, i;

	if (!t)
		return fail(r, t, "a time HH:MM"), false;
	s = r->p->src->data + t->start;
	n = t->end - t->start;
	for (i = 0; i < n && i < 2 && s[i] >= '0' && s[i] <= '9'; i++)
		h = h * 10 + (unsigned int)(s[i] - '0');
	if (!i || i + 3 != n || s[i] != ':' || s[i + 1] < '0' ||
	    s[i + 1] > '9' || s[i + 2] < '0' || s[i + 2] > '9')
		return fail(r, t, "a time HH:MM"), false;
	m = (unsigned int)(s[i + 1] - '0') * 10 +
	    (unsigned int)(s[i + 2] - '0');
	if (h > 23 || m > 59) {
		struct loc l = tloc(r, t);

		pctx_error(r->p, &l, "time %.*s is out of range 0:00-23:59",
			   (int)n, s);
		return false;
	}
	*min = (uint16_t)(h * 60 + m);
	return true;
}

static bool leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* TIME DAY MONTH YEAR (`08:00 1 January 2024`) into @pt. */
static bool read_point(struct rd *r, struct ir_tr_point *pt,
		       const struct tok *kw)
{
	static const uint8_t mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
					 31, 30, 31 };
	const struct tok *t;
	struct ival v;
	uint16_t min;
	size_t k;

	memset(pt, 0, sizeof(*pt));
	if (!read_time(r, &min))
		return false;
	pt->hour = (uint8_t)(min / 60);
	pt->minute = (uint8_t)(min % 60);
	t = next(r);
	if (!t || t->kind != NUMBER)
		return fail(r, t, "a day of the month 1-31"), false;
	v = pctx_num(r->p, t);
	if (!v.set || v.v < 1 || v.v > 31)
		return fail(r, t, "a day of the month 1-31"), false;
	pt->day = (uint8_t)v.v;
	t = next(r);
	for (k = 0; t && k < ARRAY_SIZE(month_names); k++)
		if (is_word(r, t, month_names[k]))
			break;
	if (!t || k == ARRAY_SIZE(month_names))
		return fail(r, t, "a month (January ... December)"), false;
	pt->month = (uint8_t)(k + 1);
	t = next(r);
	if (!t || t->kind != NUMBER)
		return fail(r, t, "a year 1993-2035"), false;
	v = pctx_num(r->p, t);
	/* the years the ASA's clock takes (`clock set`): an assumption for
	 * time-ranges, where the seeds are silent */
	if (!v.set || v.v < 1993 || v.v > 2035)
		return fail(r, t, "a year 1993-2035"), false;
	pt->year = (uint16_t)v.v;
	if (pt->day > mdays[k] + (k == 1 && leap(pt->year))) {
		struct loc l = { r->p->file, kw->start, t->end };

		pctx_error(r->p, &l, "%s %u has no day %u",
			   month_names[k], pt->year, pt->day);
		return false;
	}
	pt->set = true;
	pt->loc.file = r->p->file;
	pt->loc.start = kw->start;
	pt->loc.end = t->end;
	return true;
}

bool acl_read_absolute(struct pctx *p, uint32_t first,
		       struct ir_tr_point *start, struct ir_tr_point *end)
{
	const struct tok *t = pctx_tok_at(p, first);
	struct rd r = { p, t ? t->idx : p->ntoks, NULL, false };

	memset(start, 0, sizeof(*start));
	memset(end, 0, sizeof(*end));
	if (!peek(&r))
		return fail(&r, NULL, "'start' or 'end'"), false;
	/* absolute [start TIME DATE] [end TIME DATE], in either order */
	while ((t = next(&r))) {
		struct ir_tr_point *pt = is_word(&r, t, "start") ? start :
					 t->kind == END ? end : NULL;

		if (!pt || pt->set)
			return fail(&r, t, pt ? "each of 'start' and 'end' "
				    "once" : "'start' or 'end'"), false;
		if (!read_point(&r, pt, t))
			return false;
	}
	return true;
}

/* Days of the week: a day, daily, weekdays or weekend, one or more. */
static bool read_days(struct rd *r, uint8_t *days)
{
	const struct tok *t;
	size_t k;

	*days = 0;
	while ((t = peek(r)) && !memchr(r->p->src->data + t->start, ':',
					t->end - t->start)) {
		if (is_word(r, t, "daily"))
			*days |= 0x7f;
		else if (is_word(r, t, "weekdays"))
			*days |= 0x1f;
		else if (is_word(r, t, "weekend"))
			*days |= 0x60;
		else {
			for (k = 0; k < ARRAY_SIZE(day_names); k++)
				if (is_word(r, t, day_names[k]))
					break;
			if (k == ARRAY_SIZE(day_names))
				return fail(r, t, "a day (Monday ... Sunday, "
					    "daily, weekdays, weekend) or a "
					    "time HH:MM"), false;
			*days |= (uint8_t)(1u << k);
		}
		next(r);
	}
	if (!*days)
		return fail(r, t, "a day (Monday ... Sunday, daily, weekdays, "
			    "weekend)"), false;
	return true;
}

struct ir_periodic *acl_read_periodic(struct pctx *p, uint32_t first)
{
	const struct tok *t = pctx_tok_at(p, first);
	struct rd r = { p, t ? t->idx : p->ntoks, NULL, false };
	struct ir_periodic *pe = arena_new(p->arena, struct ir_periodic);
	size_t k;

	pe->loc.file = p->file;
	pe->loc.start = p->line_start;
	pe->loc.end = p->line_end;
	pe->end_day = -1;
	/* periodic DAYS TIME to [DAY] TIME */
	if (!read_days(&r, &pe->days) || !read_time(&r, &pe->start))
		return NULL;
	t = next(&r);
	if (!t || !is_word(&r, t, "to"))
		return fail(&r, t, "'to'"), NULL;
	t = peek(&r);
	for (k = 0; t && k < ARRAY_SIZE(day_names); k++)
		if (is_word(&r, t, day_names[k])) {
			pe->end_day = (int8_t)k;
			next(&r);
			break;
		}
	if (t && pe->end_day < 0 &&
	    !memchr(p->src->data + t->start, ':', t->end - t->start))
		return fail(&r, t, "one day (Monday ... Sunday) or a time "
			    "HH:MM"), NULL;
	if (!read_time(&r, &pe->end))
		return NULL;
	if ((t = next(&r)))
		return fail(&r, t, "the end of the line"), NULL;
	return pe;
}

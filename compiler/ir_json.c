/* SPDX-License-Identifier: MIT */
/*
 * ir_json.c - `asac ir`: the resolved IR as one JSON document.
 *
 * Entities appear in definition order (the order the ASA evaluates them
 * in where order matters), every node carries "loc" ("file:line:col"),
 * optional settings appear only when the configuration sets them, and
 * secrets are never printed (only whether a key is set, masked, and its
 * length).  The key set only grows (ARCHITECTURE.md).
 *
 * Each entity is a list of its keys in the order they are written, one
 * X-macro row per key naming the member and its kind, which WRITER()
 * expands into the entity's writer.  What such rows would hide is written
 * by hand, and a CALL row or a LIST row names it: the tagged unions
 * (addresses, ports, object-group members), an access-list line and a
 * NAT rule, whose keys depend on their kind, and the keys that depend on
 * more than their member (a crypto map entry's type, PFS, ...).
 */
#include "asac.h"
#include "ir_json.h"
#include "jw.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct emit {
	struct jw w;
	const struct srcset *src;
	char locbuf[4096];
};

static void loc(struct emit *e, const struct loc *l)
{
	const struct src_file *f = e->src->files[l->file];
	uint32_t line, col;
	int n;

	src_linecol(f, l->start, &line, &col);
	jw_key(&e->w, "loc");
	n = snprintf(e->locbuf, sizeof(e->locbuf), "%s:%u:%u", f->name, line,
		     col);
	jw_strn(&e->w, e->locbuf, n < 0 ? 0 :
		(size_t)n < sizeof(e->locbuf) ? (size_t)n : sizeof(e->locbuf) - 1);
}

/* A key and its value.  The optional values write nothing, not even the
 * key, when the configuration does not set them. */
static void ksym(struct emit *e, const char *key, const struct sym *s)
{
	if (!s->s)
		return;
	jw_key(&e->w, key);
	jw_str(&e->w, s->s);
}

static void kstr(struct emit *e, const char *key, const char *s)
{
	if (!s)
		return;
	jw_key(&e->w, key);
	jw_str(&e->w, s);
}

static void kint(struct emit *e, const char *key, long long v)
{
	jw_key(&e->w, key);
	jw_int(&e->w, v);
}

static void kival(struct emit *e, const char *key, const struct ival *v)
{
	if (v->set)
		kint(e, key, v->v);
}

static void kbool(struct emit *e, const char *key, bool v)
{
	jw_key(&e->w, key);
	jw_bool(&e->w, v);
}

static void kbval(struct emit *e, const char *key, const struct bval *v)
{
	if (v->set)
		kbool(e, key, v->v);
}

/* A switch that is off unless written: true, or nothing. */
static void kflag(struct emit *e, const char *key, bool v)
{
	if (v)
		kbool(e, key, true);
}

/* Names, also when there are none. */
static void syms(struct emit *e, const char *key, const struct vec *v)
{
	struct sym *s;
	uint32_t i;

	jw_key(&e->w, key);
	jw_arr(&e->w);
	vec_foreach(v, i, s)
		jw_str(&e->w, s->s);
	jw_end_arr(&e->w);
}

static void ksyms(struct emit *e, const char *key, const struct vec *v)
{
	if (v->n)
		syms(e, key, v);
}

static void kivals(struct emit *e, const char *key, const struct vec *v)
{
	struct ival *s;
	uint32_t i;

	if (!v->n)
		return;
	jw_key(&e->w, key);
	jw_arr(&e->w);
	vec_foreach(v, i, s)
		jw_int(&e->w, s->v);
	jw_end_arr(&e->w);
}

/* ICMP type and code, each when given (-1: not). */
static void icmp(struct emit *e, int type, int code)
{
	if (type >= 0)
		kint(e, "icmp_type", type);
	if (code >= 0)
		kint(e, "icmp_code", code);
}

static void ip_str(const struct ir_addr *a, const uint8_t *b, char *buf,
		   size_t len)
{
	inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, b, buf, (socklen_t)len);
}

static void kmask(struct emit *e, const char *key, uint32_t m)
{
	char buf[INET6_ADDRSTRLEN];

	snprintf(buf, sizeof(buf), "%u.%u.%u.%u", m >> 24, (m >> 16) & 255,
		 (m >> 8) & 255, m & 255);
	kstr(e, key, buf);
}

/* A reference by name: the name and whether sema bound it. */
static void ref(struct emit *e, const char *key, const struct sym *name,
		const void *target)
{
	ksym(e, key, name);
	kbool(e, "resolved", target != NULL);
}

static const char *const addr_kinds[] = {
	[IR_ADDR_ANY] = "any",
	[IR_ADDR_ANY4] = "any4",
	[IR_ADDR_ANY6] = "any6",
	[IR_ADDR_NET] = "network",
	[IR_ADDR_RANGE] = "range",
	[IR_ADDR_OBJECT] = "object",
	[IR_ADDR_GROUP] = "object-group",
	[IR_ADDR_NAME] = "name",
	[IR_ADDR_INTERFACE] = "interface",
	[IR_ADDR_FQDN] = "fqdn",
};

static void addr(struct emit *e, const char *key, const struct ir_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!a)
		return;
	if (key)
		jw_key(&e->w, key);
	jw_obj(&e->w);
	/* a full-length prefix not written with a mask is a host too */
	kstr(e, "kind", a->kind == IR_ADDR_NET && (a->host ||
		(a->plen == (a->family == 6 ? 128 : 32) && !a->mask_written)) ?
		"host" : addr_kinds[a->kind]);
	switch ((enum ir_addr_kind)a->kind) {
	case IR_ADDR_ANY:
	case IR_ADDR_ANY4:
	case IR_ADDR_ANY6:
		break;
	case IR_ADDR_NET:
		ip_str(a, a->a, buf, sizeof(buf));
		kstr(e, "address", buf);
		kint(e, "prefix_len", a->plen);
		if (a->mask_written && ir_mask_plen(a->mask_written) < 0)
			kmask(e, "mask_written", a->mask_written);
		break;
	case IR_ADDR_RANGE:
		ip_str(a, a->a, buf, sizeof(buf));
		kstr(e, "first", buf);
		ip_str(a, a->b, buf, sizeof(buf));
		kstr(e, "last", buf);
		break;
	case IR_ADDR_OBJECT:
	case IR_ADDR_GROUP:
	case IR_ADDR_INTERFACE:
		ref(e, "name", &a->ref, a->target);
		break;
	case IR_ADDR_NAME:
		ksym(e, "name", &a->ref);
		if (a->target) {
			const struct ir_name *n = a->target;

			ip_str(n->addr, n->addr->a, buf, sizeof(buf));
			kstr(e, "address", buf);
		}
		if (a->mask_written)
			kmask(e, "mask", a->mask_written);
		kbool(e, "resolved", a->target != NULL);
		break;
	case IR_ADDR_FQDN:
		ksym(e, "name", &a->ref);
		if (a->family)
			kint(e, "family", a->family);
		break;
	}
	jw_end_obj(&e->w);
}

static const char *const port_ops[] = {
	[IR_PORT_EQ] = "eq",
	[IR_PORT_NEQ] = "neq",
	[IR_PORT_LT] = "lt",
	[IR_PORT_GT] = "gt",
	[IR_PORT_RANGE] = "range",
	[IR_PORT_GROUP] = "object-group",
};

static void port(struct emit *e, const char *key, const struct ir_port *p)
{
	if (p->op == IR_PORT_NONE)
		return;
	jw_key(&e->w, key);
	jw_obj(&e->w);
	kstr(e, "op", port_ops[p->op]);
	if (p->op == IR_PORT_GROUP) {
		ref(e, "name", &p->ref->name, p->ref->target);
	} else {
		kint(e, "low", p->lo);
		kint(e, "high", p->hi);
	}
	jw_end_obj(&e->w);
}

static void proto(struct emit *e, const struct ir_proto *p)
{
	jw_key(&e->w, "protocol");
	switch ((enum ir_proto_kind)p->kind) {
	case IR_PROTO_NUMBER:
		if (p->num < 0)
			jw_str(&e->w, "ip");
		else
			jw_int(&e->w, p->num);
		break;
	case IR_PROTO_TCP_UDP:
		jw_str(&e->w, "tcp-udp");
		break;
	case IR_PROTO_OBJECT:
	case IR_PROTO_GROUP:
		jw_obj(&e->w);
		kstr(e, "kind", p->kind == IR_PROTO_OBJECT ? "object"
							 : "object-group");
		ref(e, "name", &p->ref->name, p->ref->target);
		jw_end_obj(&e->w);
		break;
	}
}

static void service(struct emit *e, const char *key, const struct ir_service *s)
{
	if (!s)
		return;
	jw_key(&e->w, key);
	jw_obj(&e->w);
	proto(e, &s->proto);
	port(e, "source_port", &s->sport);
	port(e, "destination_port", &s->dport);
	icmp(e, s->icmp_type, s->icmp_code);
	jw_end_obj(&e->w);
}

static void psk(struct emit *e, const char *key, const struct ir_psk *k)
{
	if (!k->set)
		return;
	jw_key(&e->w, key);
	jw_obj(&e->w);
	loc(e, &k->loc);
	kbool(e, "present", k->key && *k->key);
	kbool(e, "masked", k->masked);
	kstr(e, "encoding", k->encoding == 8 ? "encrypted" :
			    k->encoding == 16 ? "hex" : "clear");
	if (k->key && !k->masked)
		kint(e, "length", (long long)strlen(k->key));
	jw_end_obj(&e->w);
}

/* --- field lists --------------------------------------------------------- */

/*
 * Field lists: an entity's keys in the order they are written, one row
 * X(KIND, "key", member[, ...]) each (LOC names only the member).
 * FIELD() turns a row into the call that writes it, with the @e and @o
 * (the struct) of the writer WRITER() makes from the list, so the calls'
 * prototypes check each member's type.  Writers take the struct as a
 * void pointer, as vectors hold it, so that a LIST row can name any.
 */
#define FIELD(kind, ...)	EMIT_##kind(__VA_ARGS__)
#define EMIT_LOC(m)		loc(e, &o->m);
#define EMIT_SYM(k, m)		ksym(e, k, &o->m);
#define EMIT_STR(k, m)		kstr(e, k, o->m);
#define EMIT_INT(k, m)		kint(e, k, o->m);
#define EMIT_CONST(k, v)	kint(e, k, v);
#define EMIT_BOOL(k, m)		kbool(e, k, o->m);
#define EMIT_FLAG(k, m)		kflag(e, k, o->m);	/* true, or nothing */
#define EMIT_IVAL(k, m)		kival(e, k, &o->m);
#define EMIT_BVAL(k, m)		kbval(e, k, &o->m);
#define EMIT_SYMS(k, m)		ksyms(e, k, &o->m);
#define EMIT_IVALS(k, m)	kivals(e, k, &o->m);
#define EMIT_ADDR(k, m)		addr(e, k, o->m);
#define EMIT_SERVICE(k, m)	service(e, k, o->m);
#define EMIT_PSK(k, m)		psk(e, k, &o->m);
#define EMIT_ENUM(k, m, names)	kstr(e, k, names[o->m]);
/* an array of the vector's objects, each written by @w; OLIST: if any */
#define EMIT_LIST(k, m, w)	list(e, k, &o->m, w);
#define EMIT_OLIST(k, m, w)	if (o->m.n) list(e, k, &o->m, w);
/* an object written by @w: of this struct (OBJ), of a member struct
 * (SUB), of one that may be absent (NOBJ: null), or a pointer's (PTR) */
#define EMIT_OBJ(k, w)		object(e, k, o, w);
#define EMIT_SUB(k, m, w)	object(e, k, &o->m, w);
#define EMIT_NOBJ(k, m, w)	object_or_null(e, k, o->m.present, &o->m, w);
#define EMIT_POBJ(k, m, w)	if (o->m.present) object(e, k, &o->m, w);
#define EMIT_PTR(k, m, w)	if (o->m) object(e, k, o->m, w);
/* keys written by hand by @f */
#define EMIT_CALL(f)		f(e, o);

/* A writer of the struct type @type from the rows @FIELDS. */
#define WRITER(name, type, FIELDS)					\
	static void name(struct emit *e, const void *obj)		\
	{								\
		const type *o = obj;					\
									\
		FIELDS(FIELD)						\
	}

/* @key (NULL for an array element), then the object @w writes. */
static void object(struct emit *e, const char *key, const void *obj,
		   void (*w)(struct emit *e, const void *obj))
{
	if (key)
		jw_key(&e->w, key);
	jw_obj(&e->w);
	w(e, obj);
	jw_end_obj(&e->w);
}

static void object_or_null(struct emit *e, const char *key, bool present,
			   const void *obj,
			   void (*w)(struct emit *e, const void *obj))
{
	if (present) {
		object(e, key, obj, w);
	} else {
		jw_key(&e->w, key);
		jw_null(&e->w);
	}
}

static void list(struct emit *e, const char *key, const struct vec *v,
		 void (*w)(struct emit *e, const void *obj))
{
	uint32_t i;

	jw_key(&e->w, key);
	jw_arr(&e->w);
	for (i = 0; i < v->n; i++)
		object(e, NULL, v->v[i], w);
	jw_end_arr(&e->w);
}

/* --- names, interfaces, routes ------------------------------------------- */

#define NAME_FIELDS(X)							\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(ADDR, "address", addr)					\
	X(STR, "description", description)
WRITER(name, struct ir_name, NAME_FIELDS)

#define STANDBY_FIELDS(X)						\
	X(LOC, loc)							\
	X(IVAL, "group", group)						\
	X(IVAL, "priority", priority)					\
	X(SYM, "name", name)						\
	X(ADDR, "ip", ip)						\
	X(FLAG, "preempt", preempt)					\
	X(IVAL, "hello_ms", hello_ms)					\
	X(IVAL, "hold_ms", hold_ms)
WRITER(standby, struct ir_standby, STANDBY_FIELDS)

#define IFACE_FIELDS(X)							\
	X(LOC, loc)							\
	X(STR, "hardware", hwname)					\
	X(SYM, "nameif", nameif)					\
	X(IVAL, "security_level", security_level)			\
	X(ADDR, "ip", ip)						\
	X(ADDR, "standby_ip", standby_ip)				\
	X(ADDR, "ipv6", ip6)						\
	X(FLAG, "dhcp", dhcp)						\
	X(BVAL, "shutdown", shutdown)					\
	X(STR, "description", description)				\
	X(OLIST, "standby", standby, standby)				\
	X(SYM, "tunnel_source_interface", tunnel_source)		\
	X(ADDR, "tunnel_destination", tunnel_dest)			\
	X(SYM, "tunnel_mode_ipsec", tunnel_mode)			\
	X(SYM, "tunnel_protection_ipsec_profile", tunnel_profile)
WRITER(iface, struct ir_iface, IFACE_FIELDS)

#define ROUTE_FIELDS(X)							\
	X(LOC, loc)							\
	X(SYM, "interface", iface)					\
	X(ADDR, "destination", dest)					\
	X(ADDR, "gateway", gateway)					\
	X(IVAL, "metric", metric)
WRITER(route, struct ir_route, ROUTE_FIELDS)

/* --- NAT ----------------------------------------------------------------- */

#define NAT_MAPPED_FIELDS(X)						\
	X(FLAG, "interface", interface)					\
	X(FLAG, "pat_pool", pat_pool)					\
	X(SYM, "name", name)						\
	X(ADDR, "address", addr)
WRITER(nat_mapped, struct ir_nat_mapped, NAT_MAPPED_FIELDS)

static void mapped(struct emit *e, const char *key,
		   const struct ir_nat_mapped *m)
{
	if (m->set)
		object(e, key, m, nat_mapped);
}

static const char *const nat_kinds[] = {
	[IR_NAT_TWICE] = "twice",
	[IR_NAT_OBJECT] = "object",
	[IR_NAT_82] = "8.2",
	[IR_NAT_82_STATIC] = "8.2-static",
};

/*
 * A NAT rule, by hand: its keys depend on its kind (8.2 `nat` and
 * `static`, or twice and object NAT) and on whether it translates the
 * destination.
 */
static void nat_rule(struct emit *e, const void *obj)
{
	static const struct {
		unsigned int flag;
		const char *name;
	} flags[] = {
		{ IR_NATF_DNS, "dns" },
		{ IR_NATF_UNIDIRECTIONAL, "unidirectional" },
		{ IR_NATF_NO_PROXY_ARP, "no-proxy-arp" },
		{ IR_NATF_ROUTE_LOOKUP, "route-lookup" },
		{ IR_NATF_INACTIVE, "inactive" },
		{ IR_NATF_NET_TO_NET, "net-to-net" },
		{ IR_NATF_EXTENDED, "extended" },
		{ IR_NATF_FLAT, "flat" },
		{ IR_NATF_INCLUDE_RESERVE, "include-reserve" },
		{ IR_NATF_ROUND_ROBIN, "round-robin" },
		{ IR_NATF_BLOCK_ALLOCATION, "block-allocation" },
		{ IR_NATF_INTERFACE_FALLBACK, "interface-fallback" },
		{ IR_NATF_CONN_LIMITS, "connection-limits" },
	};
	const struct ir_nat *n = obj;
	size_t i;

	loc(e, &n->loc);
	kstr(e, "kind", nat_kinds[n->kind]);
	ksym(e, "real_interface", &n->real_if);
	ksym(e, "mapped_interface", &n->mapped_if);
	if (n->pat_proto) {
		/* static PAT, the ports as numbers */
		jw_key(&e->w, "port_translation");
		jw_obj(&e->w);
		kint(e, "protocol", n->pat_proto);
		kint(e, "real_port", n->pat_rport);
		kint(e, "mapped_port", n->pat_mport);
		jw_end_obj(&e->w);
	}
	if (n->kind == IR_NAT_82 || n->kind == IR_NAT_82_STATIC) {
		if (n->kind == IR_NAT_82)
			kival(e, "nat_id", &n->nat_id);
		else
			mapped(e, "mapped_address", &n->mapped_src);
		ksym(e, "access_list", &n->acl);
		addr(e, "real_address", n->addr82);
		if (n->options82 && *n->options82)
			kstr(e, "options", n->options82);
		return;
	}
	kflag(e, "after_auto", n->after_auto);
	kival(e, "line", &n->line);
	kstr(e, "type", n->type == IR_NAT_STATIC ? "static" : "dynamic");
	ksym(e, "real_source", &n->real_src);
	mapped(e, "mapped_source", &n->mapped_src);
	if (n->has_dst) {
		mapped(e, "mapped_destination", &n->mapped_dst);
		ksym(e, "real_destination", &n->real_dst);
	}
	ksym(e, "service_real", &n->svc_real);
	ksym(e, "service_mapped", &n->svc_mapped);
	ksym(e, "service_protocol", &n->svc_proto);
	ksym(e, "service_real_port", &n->svc_rport);
	ksym(e, "service_mapped_port", &n->svc_mport);
	if (n->flags) {
		jw_key(&e->w, "options");
		jw_arr(&e->w);
		for (i = 0; i < ARRAY_SIZE(flags); i++)
			if (n->flags & flags[i].flag)
				jw_str(&e->w, flags[i].name);
		jw_end_arr(&e->w);
	}
	kstr(e, "description", n->description);
}

/* --- objects, object-groups, time ranges --------------------------------- */

static const char *const object_kinds[] = {
	[IR_OBJ_NETWORK] = "network",
	[IR_OBJ_SERVICE] = "service",
};

/* object network|service NAME, with its object NAT */
#define OBJECT_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(ENUM, "type", kind, object_kinds)				\
	X(ADDR, "address", addr)					\
	X(SERVICE, "service", svc)					\
	X(STR, "description", description)				\
	X(PTR, "nat", nat, nat_rule)
WRITER(object_def, struct ir_object, OBJECT_FIELDS)

static const char *const og_kinds[] = {
	[IR_OG_NETWORK] = "network",
	[IR_OG_SERVICE] = "service",
	[IR_OG_PROTOCOL] = "protocol",
	[IR_OG_ICMP] = "icmp-type",
};

/* A member, by hand: its keys depend on its kind. */
static void og_member(struct emit *e, const void *obj)
{
	const struct ir_ogm *m = obj;

	loc(e, &m->loc);
	switch (m->kind) {
	case IR_OGM_ADDR:
		addr(e, "network_object", m->addr);
		break;
	case IR_OGM_GROUP:
		ref(e, "group_object", &m->ref, m->target);
		break;
	case IR_OGM_PORT:
		port(e, "port_object", &m->port);
		break;
	case IR_OGM_SERVICE:
		service(e, "service_object", m->svc);
		break;
	case IR_OGM_PROTOCOL:
	case IR_OGM_ICMP:
		jw_key(&e->w, m->kind == IR_OGM_PROTOCOL ? "protocol_object"
							 : "icmp_object");
		if (m->value >= 0)
			jw_int(&e->w, m->value);
		else
			jw_str(&e->w, m->word.s);
		break;
	}
}

/* object-group service NAME tcp|udp|tcp-udp */
static void og_protocol(struct emit *e, const struct ir_objgroup *g)
{
	if (g->kind != IR_OG_SERVICE || g->svc_proto == -1)
		return;
	if (g->svc_proto == -2)
		kstr(e, "protocol", "tcp-udp");
	else
		kint(e, "protocol", g->svc_proto);
}

#define OBJGROUP_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(ENUM, "type", kind, og_kinds)					\
	X(CALL, og_protocol)						\
	X(STR, "description", description)				\
	X(LIST, "members", members, og_member)
WRITER(objgroup, struct ir_objgroup, OBJGROUP_FIELDS)

static void tr_point(struct emit *e, const char *key,
		     const struct ir_tr_point *pt)
{
	char buf[32];

	if (!pt->set)
		return;
	/* ISO 8601, without a zone: the ASA's clock */
	snprintf(buf, sizeof(buf), "%04u-%02u-%02uT%02u:%02u", pt->year,
		 pt->month, pt->day, pt->hour, pt->minute);
	kstr(e, key, buf);
}

static void tr_minute(struct emit *e, const char *key, unsigned int m)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "%02u:%02u", (m / 60) % 100, m % 60);
	kstr(e, key, buf);
}

/* The `absolute` line: two members, written when either is. */
static void tr_absolute(struct emit *e, const struct ir_time_range *tr)
{
	if (!tr->start.set && !tr->end.set)
		return;
	jw_key(&e->w, "absolute");
	jw_obj(&e->w);
	loc(e, &tr->absolute_loc);
	tr_point(e, "start", &tr->start);
	tr_point(e, "end", &tr->end);
	jw_end_obj(&e->w);
}

/* A `periodic` line, by hand: the day bits as names. */
static void tr_periodic(struct emit *e, const void *obj)
{
	static const char *const days[] = { "monday", "tuesday", "wednesday",
					    "thursday", "friday", "saturday",
					    "sunday" };
	const struct ir_periodic *pe = obj;
	int d;

	loc(e, &pe->loc);
	jw_key(&e->w, "days");
	jw_arr(&e->w);
	for (d = 0; d < 7; d++)
		if (pe->days & (1u << d))
			jw_str(&e->w, days[d]);
	jw_end_arr(&e->w);
	tr_minute(e, "start", pe->start);
	if (pe->end_day >= 0)
		kstr(e, "end_day", days[pe->end_day]);
	tr_minute(e, "end", pe->end);
}

#define TIME_RANGE_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(CALL, tr_absolute)						\
	X(OLIST, "periodic", periodic, tr_periodic)
WRITER(time_range, struct ir_time_range, TIME_RANGE_FIELDS)

/* --- access lists and groups, 8.2 global, management --------------------- */

/*
 * An access-list line, by hand: a remark and a line asac could not read
 * stop early, and the ICMP group and the log depend on other members.
 */
static void ace(struct emit *e, const void *obj)
{
	const struct ir_ace *a = obj;

	loc(e, &a->loc);
	kint(e, "line", a->line);
	if (a->kind == IR_ACE_REMARK) {
		kstr(e, "remark", a->remark);
		return;
	}
	kstr(e, "type", a->kind == IR_ACE_STANDARD ? "standard" : "extended");
	kstr(e, "action", a->permit ? "permit" : "deny");
	kflag(e, "ipv6_access_list", a->ipv6);
	if (a->unread) {
		/* a syntax error: its place, no operands */
		kbool(e, "refused", true);
		kbool(e, "syntax_error", true);
		return;
	}
	proto(e, &a->proto);
	addr(e, "source", a->src);
	port(e, "source_port", &a->sport);
	addr(e, "destination", a->dst);
	port(e, "destination_port", &a->dport);
	icmp(e, a->icmp_type, a->icmp_code);
	if (a->icmp_type < 0 && a->icmp_name)
		ksym(e, "icmp_object_group", a->icmp_name);
	if (a->log) {
		jw_key(&e->w, "log");
		jw_obj(&e->w);
		if (a->log_level >= 0)
			kint(e, "level", a->log_level);
		if (a->log_interval)
			kint(e, "interval", a->log_interval);
		kflag(e, "disable", a->log_disable);
		jw_end_obj(&e->w);
	}
	kflag(e, "inactive", a->inactive);
	if (a->time_range)
		ksym(e, "time_range", a->time_range);
	kflag(e, "refused", a->refused);
}

#define ACL_FIELDS(X)							\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(LIST, "entries", aces, ace)
WRITER(acl, struct ir_acl, ACL_FIELDS)

static const char *const ag_dirs[] = {
	[IR_AG_IN] = "in",
	[IR_AG_OUT] = "out",
	[IR_AG_GLOBAL] = "global",
};

#define ACCESS_GROUP_FIELDS(X)						\
	X(LOC, loc)							\
	X(SYM, "access_list", acl)					\
	X(ENUM, "direction", dir, ag_dirs)				\
	X(SYM, "interface", iface)
WRITER(access_group, struct ir_access_group, ACCESS_GROUP_FIELDS)

#define GLOBAL82_FIELDS(X)						\
	X(LOC, loc)							\
	X(SYM, "interface", iface)					\
	X(IVAL, "nat_id", nat_id)					\
	X(FLAG, "use_interface", interface)				\
	X(ADDR, "address", addr)
WRITER(global82, struct ir_global82, GLOBAL82_FIELDS)

static const char *const mgmt_kinds[] = {
	[IR_MGMT_SSH] = "ssh",
	[IR_MGMT_TELNET] = "telnet",
	[IR_MGMT_HTTP] = "http",
	[IR_MGMT_ICMP] = "icmp",
};

/* `icmp permit|deny` alone has an action and a type */
static void mgmt_icmp(struct emit *e, const struct ir_mgmt *mg)
{
	if (mg->kind != IR_MGMT_ICMP)
		return;
	kstr(e, "action", mg->permit ? "permit" : "deny");
	if (mg->icmp_type >= 0)
		kint(e, "icmp_type", mg->icmp_type);
}

/* management access to the box (ssh, telnet, http, icmp) */
#define MGMT_FIELDS(X)							\
	X(LOC, loc)							\
	X(ENUM, "kind", kind, mgmt_kinds)				\
	X(CALL, mgmt_icmp)						\
	X(ADDR, "address", addr)					\
	X(SYM, "interface", iface)
WRITER(mgmt, struct ir_mgmt, MGMT_FIELDS)

/* --- crypto -------------------------------------------------------------- */

/* IKEv1 calls its integrity algorithms the hash. */
static void ike_integrity(struct emit *e, const struct ir_ike_policy *pol)
{
	ksyms(e, pol->version == 1 ? "hash" : "integrity", &pol->integrity);
}

#define IKE_POLICY_FIELDS(X)						\
	X(LOC, loc)							\
	X(IVAL, "priority", priority)					\
	X(SYM, "authentication", authentication)			\
	X(SYMS, "encryption", encryption)				\
	X(CALL, ike_integrity)						\
	X(SYMS, "prf", prf)						\
	X(IVALS, "group", group)					\
	X(IVAL, "lifetime", lifetime)					\
	X(FLAG, "lifetime_none", lifetime_none)
WRITER(ike_policy, struct ir_ike_policy, IKE_POLICY_FIELDS)

/* One list holds the policies of both versions, the JSON two. */
static void ike_policies(struct emit *e, const struct ir *ir)
{
	struct ir_ike_policy *pol;
	uint32_t i;
	int v;

	for (v = 1; v <= 2; v++) {
		jw_key(&e->w, v == 1 ? "ikev1_policies" : "ikev2_policies");
		jw_arr(&e->w);
		vec_foreach(&ir->ike_policies, i, pol)
			if (pol->version == v)
				object(e, NULL, pol, ike_policy);
		jw_end_arr(&e->w);
	}
}

#define IKE_ENABLE_FIELDS(X)						\
	X(LOC, loc)							\
	X(INT, "version", version)					\
	X(SYM, "interface", iface)					\
	X(FLAG, "client_services", client_services)			\
	X(IVAL, "client_services_port", port)
WRITER(ike_enable, struct ir_ike_enable, IKE_ENABLE_FIELDS)

#define IPSEC_FRAG_FIELDS(X)						\
	X(LOC, loc)							\
	X(SYM, "policy", policy)					\
	X(SYM, "interface", iface)
WRITER(ipsec_frag, struct ir_ipsec_frag, IPSEC_FRAG_FIELDS)

/* "ike_version" is 1 for 8.2's `crypto ipsec transform-set` too: the
 * crypto map entries say which syntax named a set. */
#define TRANSFORM_SET_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(CONST, "ike_version", 1)					\
	X(SYM, "esp_encryption", esp_enc)				\
	X(SYM, "esp_authentication", esp_auth)				\
	X(SYM, "mode", mode)
WRITER(transform_set, struct ir_transform_set, TRANSFORM_SET_FIELDS)

#define PROPOSAL_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(SYMS, "encryption", encryption)				\
	X(SYMS, "integrity", integrity)
WRITER(proposal, struct ir_proposal, PROPOSAL_FIELDS)

/*
 * A crypto map entry from its type to its PFS, by hand: the type (of a
 * static map's entries only), the peers (addresses), the transform sets
 * (8.2's or IKEv1's) and PFS (`set pfs` alone: default) depend on more
 * than their member.
 */
static void cmap_sets(struct emit *e, const struct ir_cmap_entry *en)
{
	uint32_t i;

	if (!en->dynamic_map)
		kstr(e, "type", en->type == IR_CMAP_DYNAMIC ?
				"ipsec-isakmp-dynamic" : "static");
	ksym(e, "dynamic_map", &en->dynmap);
	ksym(e, "match_address", &en->acl);
	if (en->peers.n) {
		jw_key(&e->w, "peers");
		jw_arr(&e->w);
		for (i = 0; i < en->peers.n; i++)
			addr(e, NULL, en->peers.v[i]);
		jw_end_arr(&e->w);
	}
	ksyms(e, en->ts_version == 0 ? "transform_sets_8_2"
				     : "ikev1_transform_sets",
	      &en->transform_sets);
	ksyms(e, "ikev2_ipsec_proposals", &en->proposals);
	if (en->pfs_set)
		kstr(e, "pfs", en->pfs.s ? en->pfs.s : "default");
}

#define CMAP_ENTRY_FIELDS(X)						\
	X(LOC, loc)							\
	X(IVAL, "seq", seq)						\
	X(CALL, cmap_sets)						\
	X(IVAL, "lifetime_seconds", lifetime_seconds)			\
	X(IVAL, "lifetime_kilobytes", lifetime_kb)			\
	X(BVAL, "lifetime_kilobytes_unlimited", lifetime_kb_unlimited)	\
	X(BVAL, "reverse_route", reverse_route)				\
	X(FLAG, "reverse_route_dynamic", reverse_route_dynamic)		\
	X(SYM, "ikev2_mode", ikev2_mode)				\
	X(SYM, "ikev1_phase1_mode", phase1_mode)			\
	X(SYM, "connection_type", connection_type)			\
	X(SYM, "df_bit", df_bit)					\
	X(BVAL, "validate_icmp_errors", validate_icmp_errors)		\
	X(BVAL, "tfc_packets", tfc_packets)				\
	X(BVAL, "nat_t_disable", nat_t_disable)				\
	X(SYM, "trustpoint", trustpoint)				\
	X(SYM, "inheritance", inheritance)
WRITER(cmap_entry, struct ir_cmap_entry, CMAP_ENTRY_FIELDS)

static void profile_sets(struct emit *e, const struct ir_ipsec_profile *pf)
{
	const struct ir_cmap_entry *en = &pf->e;

	ksyms(e, "ikev1_transform_sets", &en->transform_sets);
	ksyms(e, "ikev2_ipsec_proposals", &en->proposals);
	if (en->pfs_set)
		kstr(e, "pfs", en->pfs.s ? en->pfs.s : "default");
	kival(e, "lifetime_seconds", &en->lifetime_seconds);
	kival(e, "lifetime_kilobytes", &en->lifetime_kb);
	kbval(e, "lifetime_kilobytes_unlimited", &en->lifetime_kb_unlimited);
}

#define IPSEC_PROFILE_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(CALL, profile_sets)						\
	X(BVAL, "responder_only", responder_only)
WRITER(ipsec_profile, struct ir_ipsec_profile, IPSEC_PROFILE_FIELDS)

#define CMAP_FIELDS(X)							\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(SYMS, "interfaces", interfaces)				\
	X(LIST, "entries", entries, cmap_entry)
WRITER(cmap, struct ir_cmap, CMAP_FIELDS)

/* The crypto object: the lists of struct ir around the globals. */
#define CRYPTO_FIELDS(X)						\
	X(CALL, ike_policies)						\
	X(LIST, "ike_enable", ike_enables, ike_enable)			\
	X(BVAL, "ikev1_am_disable", crypto.am_disable)			\
	X(SYM, "isakmp_identity", crypto.isakmp_identity)		\
	X(BVAL, "nat_traversal", crypto.nat_traversal)			\
	X(IVAL, "nat_traversal_keepalive", crypto.natt_keepalive)	\
	X(BVAL, "ipsec_over_tcp", crypto.ipsec_over_tcp)		\
	X(IVALS, "ipsec_over_tcp_ports", crypto.ipsec_over_tcp_ports)	\
	X(BVAL, "ikev2_fragmentation", crypto.ikev2_fragmentation)	\
	X(IVAL, "ikev2_fragmentation_mtu", crypto.ikev2_frag_mtu)	\
	X(SYM, "ikev2_fragmentation_preferred_method",			\
	  crypto.ikev2_frag_method)					\
	X(BVAL, "ikev2_notify_invalid_selectors",			\
	  crypto.notify_invalid_selectors)				\
	X(SYMS, "ikev2_remote_access_trustpoints", crypto.ra_trustpoints) \
	X(BVAL, "isakmp_reload_wait", crypto.reload_wait)		\
	X(BVAL, "isakmp_disconnect_notify", crypto.disconnect_notify)	\
	X(IVAL, "ipsec_sa_lifetime_seconds", crypto.sa_lifetime_seconds) \
	X(IVAL, "ipsec_sa_lifetime_kilobytes", crypto.sa_lifetime_kb)	\
	X(BVAL, "ipsec_sa_lifetime_kilobytes_unlimited",		\
	  crypto.sa_lifetime_kb_unlimited)				\
	X(SYM, "ipsec_sa_pmtu_aging", crypto.pmtu_aging)		\
	X(OLIST, "ipsec_fragmentation", crypto.fragmentation, ipsec_frag) \
	X(BVAL, "ipsec_inner_routing_lookup", crypto.inner_routing_lookup) \
	X(SYM, "engine_accelerator_bias", crypto.accelerator_bias)	\
	X(BVAL, "engine_large_mode_accel", crypto.large_mode_accel)	\
	X(LIST, "transform_sets", transform_sets, transform_set)	\
	X(LIST, "ipsec_proposals", proposals, proposal)			\
	X(OLIST, "ipsec_profiles", ipsec_profiles, ipsec_profile)	\
	X(LIST, "crypto_maps", cmaps, cmap)				\
	X(LIST, "dynamic_maps", dynmaps, cmap)
WRITER(crypto, struct ir, CRYPTO_FIELDS)

/* --- tunnel-groups, group-policies, pools -------------------------------- */

#define CLIENT_UPDATE_FIELDS(X)						\
	X(LOC, loc)							\
	X(SYM, "type", type)						\
	X(SYM, "url", url)						\
	X(SYMS, "revisions", revs)
WRITER(client_update, struct ir_client_update, CLIENT_UPDATE_FIELDS)

/* Every ikev2 remote-authentication method written (the ASA takes
 * several), and eap's query-identity; written when a method other than
 * pre-shared-key (ikev2_remote_authentication alone) is there. */
static void tg_remote_methods(struct emit *e, const struct ir_tunnel_group *tg)
{
	if (!tg->ikev2_remote_cert_on && !tg->ikev2_remote_eap_on)
		return;
	jw_key(&e->w, "ikev2_remote_methods");
	jw_arr(&e->w);
	if (tg->ikev2_remote_psk_on)
		jw_str(&e->w, "pre-shared-key");
	if (tg->ikev2_remote_cert_on)
		jw_str(&e->w, "certificate");
	if (tg->ikev2_remote_eap_on)
		jw_str(&e->w, "eap");
	jw_end_arr(&e->w);
	kflag(e, "ikev2_eap_query_identity", tg->ikev2_eap_query_identity);
}

#define TG_ALIAS_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(BOOL, "enabled", enabled)
WRITER(tg_alias, struct ir_tg_alias, TG_ALIAS_FIELDS)

#define TUNNEL_GROUP_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(SYM, "type", type)						\
	X(SYM, "default_group_policy", default_group_policy)		\
	X(SYMS, "address_pools", address_pools)				\
	X(SYMS, "ipv6_address_pools", ipv6_address_pools)		\
	X(SYM, "nat_assigned_to_public_ip", nat_assigned_to_public_ip)	\
	X(SYM, "authentication_server_group", authentication_server_group) \
	X(PSK, "ikev1_pre_shared_key", ikev1_psk)			\
	X(SYM, "ikev2_local_authentication", ikev2_local_auth)		\
	X(PSK, "ikev2_local_pre_shared_key", ikev2_local_psk)		\
	X(SYM, "ikev2_remote_authentication", ikev2_remote_auth)	\
	X(PSK, "ikev2_remote_pre_shared_key", ikev2_remote_psk)		\
	X(OLIST, "client_update", client_updates, client_update)	\
	X(SYM, "isakmp_keepalive", keepalive)				\
	X(SYM, "peer_id_validate", peer_id_validate)			\
	X(SYM, "trust_point", trust_point)				\
	X(SYM, "authentication_server_interface", authentication_server_iface) \
	X(FLAG, "authentication_local_fallback", authentication_local_fallback) \
	X(SYM, "accounting_server_group", accounting_server_group)	\
	X(SYM, "authorization_server_group", authorization_server_group) \
	X(BVAL, "authorization_required", authorization_required)	\
	X(BVAL, "strip_realm", strip_realm)				\
	X(BVAL, "strip_group", strip_group)				\
	X(SYM, "ikev1_user_authentication", ikev1_user_auth)		\
	X(SYM, "ikev2_local_trustpoint", ikev2_local_trustpoint)	\
	X(CALL, tg_remote_methods)					\
	X(OLIST, "group_aliases", group_aliases, tg_alias)		\
	X(OLIST, "group_urls", group_urls, tg_alias)			\
	X(SYM, "webvpn_authentication", webvpn_authentication)
WRITER(tunnel_group, struct ir_tunnel_group, TUNNEL_GROUP_FIELDS)

#define TGMAP_FIELDS(X)							\
	X(LOC, loc)							\
	X(SYM, "enable", enable)					\
	X(IVAL, "rule_index", rule_index)				\
	X(SYM, "certificate_map", map_name)				\
	X(SYM, "group", group)
WRITER(tgmap, struct ir_tgmap, TGMAP_FIELDS)

/*
 * The values `none` empties (split-tunnel-network-list, vpn-filter,
 * address-pools) are written whenever set, so that an explicit none
 * differs from an inherited value.
 */
static void gp_split_acl(struct emit *e, const struct ir_group_policy *gp)
{
	if (gp->split_tunnel_acl_set || gp->split_tunnel_acl.s) {
		jw_key(&e->w, "split_tunnel_network_list");
		jw_str(&e->w, gp->split_tunnel_acl.s);
	}
	if (gp->vpn_filter_set || gp->vpn_filter.s) {
		jw_key(&e->w, "vpn_filter");
		jw_str(&e->w, gp->vpn_filter.s);
	}
}

static void gp_pools(struct emit *e, const struct ir_group_policy *gp)
{
	if (gp->address_pools_set)
		syms(e, "address_pools", &gp->address_pools);
}

/* A value `none` can empty: null (or []) when set to none, absent when
 * not set. */
static void none_sym(struct emit *e, const char *key, const struct sym *s,
		     bool set)
{
	if (!set && !s->s)
		return;
	jw_key(&e->w, key);
	jw_str(&e->w, set ? s->s : NULL);
}

static void none_syms(struct emit *e, const char *key, const struct vec *v,
		      bool set)
{
	if (set)
		syms(e, key, v);
}

static void gp_mode_config(struct emit *e, const struct ir_group_policy *gp)
{
	none_syms(e, "ipv6_address_pools", &gp->ipv6_address_pools,
		  gp->ipv6_address_pools_set);
	none_syms(e, "dns_server", &gp->dns_servers, gp->dns_servers_set);
	none_syms(e, "wins_server", &gp->wins_servers, gp->wins_servers_set);
	none_sym(e, "default_domain", &gp->default_domain,
		 gp->default_domain_set);
	none_syms(e, "split_dns", &gp->split_dns, gp->split_dns_set);
	none_syms(e, "banner", &gp->banner, gp->banner_set);
	none_sym(e, "group_lock", &gp->group_lock, gp->group_lock_set);
	ksym(e, "ipv6_split_tunnel_policy", &gp->ipv6_split_tunnel_policy);
	none_sym(e, "ipv6_split_tunnel_network_list",
		 &gp->ipv6_split_tunnel_acl, gp->ipv6_split_tunnel_acl_set);
	none_sym(e, "ipv6_vpn_filter", &gp->ipv6_vpn_filter,
		 gp->ipv6_vpn_filter_set);
	ksym(e, "nem", &gp->nem);
	ksym(e, "client_firewall", &gp->client_firewall);
}

/* the webvpn sub-mode's anyconnect settings */
static void gp_webvpn(struct emit *e, const struct ir_group_policy *gp)
{
	const struct ir_gp_line *l;
	uint32_t i;

	kbval(e, "anyconnect_ssl_dtls", &gp->ac_dtls);
	kival(e, "anyconnect_mtu", &gp->ac_mtu);
	kival(e, "anyconnect_dpd_interval_gateway", &gp->ac_dpd_gateway);
	kival(e, "anyconnect_dpd_interval_client", &gp->ac_dpd_client);
	kival(e, "anyconnect_ssl_keepalive", &gp->ac_keepalive);
	if (!gp->ac_other.n)
		return;
	jw_key(&e->w, "anyconnect_other");
	jw_arr(&e->w);
	vec_foreach(&gp->ac_other, i, l)
		jw_str(&e->w, l->text);
	jw_end_arr(&e->w);
}

#define GROUP_POLICY_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(SYM, "type", type)						\
	X(SYMS, "vpn_tunnel_protocol", vpn_tunnel_protocol)		\
	X(SYM, "split_tunnel_policy", split_tunnel_policy)		\
	X(CALL, gp_split_acl)						\
	X(IVAL, "vpn_idle_timeout", vpn_idle_timeout)			\
	X(IVAL, "vpn_session_timeout", vpn_session_timeout)		\
	X(IVAL, "vpn_simultaneous_logins", vpn_simultaneous_logins)	\
	X(CALL, gp_pools)						\
	X(CALL, gp_mode_config)						\
	X(CALL, gp_webvpn)
WRITER(group_policy, struct ir_group_policy, GROUP_POLICY_FIELDS)

/* A user's password: how it is stored, never its text. */
static void user_password(struct emit *e, const struct ir_user *u)
{
	if (u->nopassword) {
		kstr(e, "password", "none");
		return;
	}
	if (!u->password)
		return;
	kstr(e, "password", u->pw_form.s ? u->pw_form.s : "clear");
}

static void user_attrs(struct emit *e, const struct ir_user *u)
{
	if (!u->has_attrs)
		return;
	jw_key(&e->w, "attributes");
	jw_obj(&e->w);
	ksym(e, "vpn_group_policy", &u->vpn_group_policy);
	ksym(e, "service_type", &u->service_type);
	addr(e, "vpn_framed_ip_address", u->framed_ip);
	addr(e, "vpn_framed_ip_mask", u->framed_mask);
	group_policy(e, &u->attrs);
	jw_end_obj(&e->w);
}

#define USER_FIELDS(X)							\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(CALL, user_password)						\
	X(IVAL, "privilege", privilege)					\
	X(CALL, user_attrs)
WRITER(user, struct ir_user, USER_FIELDS)

#define AAA_HOST_FIELDS(X)						\
	X(SYM, "host", host)						\
	X(LOC, loc)							\
	X(SYM, "interface", iface)					\
	X(PSK, "key", key)						\
	X(IVAL, "authentication_port", auth_port)			\
	X(IVAL, "accounting_port", acct_port)				\
	X(IVAL, "timeout", timeout)					\
	X(IVAL, "retry_interval", retry_interval)
WRITER(aaa_host, struct ir_aaa_host, AAA_HOST_FIELDS)

#define AAA_GROUP_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(SYM, "protocol", protocol)					\
	X(LIST, "hosts", hosts, aaa_host)
WRITER(aaa_group, struct ir_aaa_group, AAA_GROUP_FIELDS)

static void tp_chain(struct emit *e, const struct ir_trustpoint *t)
{
	if (!t->chain)
		return;
	kint(e, "certificate_chain", t->chain_certs);
}

#define TRUSTPOINT_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(SYM, "enrollment", enrollment)				\
	X(SYM, "subject_name", subject_name)				\
	X(SYM, "fqdn", fqdn)						\
	X(SYM, "keypair", keypair)					\
	X(SYM, "revocation_check", revocation_check)			\
	X(FLAG, "crl_configure", crl_configure)				\
	X(CALL, tp_chain)
WRITER(trustpoint, struct ir_trustpoint, TRUSTPOINT_FIELDS)

#define CERTMAP_RULE_FIELDS(X)						\
	X(SYM, "field", field)						\
	X(SYM, "attr", attr)						\
	X(SYM, "op", op)						\
	X(SYM, "value", value)
WRITER(certmap_rule, struct ir_certmap_rule, CERTMAP_RULE_FIELDS)

#define CERTMAP_FIELDS(X)						\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(IVAL, "sequence", seq)					\
	X(LIST, "rules", rules, certmap_rule)
WRITER(certmap, struct ir_certmap, CERTMAP_FIELDS)

/* An IPv4 pool is a range, an IPv6 pool a prefix. */
static void pool_range(struct emit *e, const struct ir_pool *pl)
{
	addr(e, pl->family == 6 ? "prefix" : "range", pl->range);
}

#define POOL_FIELDS(X)							\
	X(SYM, "name", name)						\
	X(LOC, loc)							\
	X(INT, "family", family)					\
	X(CALL, pool_range)						\
	X(ADDR, "mask", mask)						\
	X(IVAL, "size", count)
WRITER(pool, struct ir_pool, POOL_FIELDS)

/* --- session limits, load balancing, clusters ---------------------------- */

#define SESSIONDB_FIELDS(X)						\
	X(IVAL, "max_anyconnect_premium_or_essentials_limit", max_anyconnect) \
	X(IVAL, "max_other_vpn_limit", max_other)
WRITER(sessiondb, struct ir, SESSIONDB_FIELDS)

#define CLIENT_UPDATES_FIELDS(X)					\
	X(BVAL, "enable", client_update_enable)				\
	X(OLIST, "types", client_updates, client_update)
WRITER(client_updates, struct ir, CLIENT_UPDATES_FIELDS)

#define WEBVPN_IF_FIELDS(X)						\
	X(SYM, "interface", iface)					\
	X(LOC, loc)							\
	X(FLAG, "tls_only", tls_only)
WRITER(webvpn_if, struct ir_webvpn_if, WEBVPN_IF_FIELDS)

#define WEBVPN_FIELDS(X)						\
	X(LOC, loc)							\
	X(LIST, "enable", enabled, webvpn_if)				\
	X(BVAL, "anyconnect_enable", anyconnect)			\
	X(BVAL, "tunnel_group_list_enable", tunnel_group_list)		\
	X(IVAL, "port", port)						\
	X(IVAL, "dtls_port", dtls_port)
WRITER(webvpn, struct ir_webvpn, WEBVPN_FIELDS)

#define SSL_TP_FIELDS(X)						\
	X(SYM, "trustpoint", tp)					\
	X(LOC, loc)							\
	X(SYM, "interface", iface)
WRITER(ssl_tp, struct ir_ssl_tp, SSL_TP_FIELDS)

static void ssl_cipher_level(struct emit *e, const struct ir_ssl_cipher *c)
{
	kstr(e, "ciphers", c->level);
}

#define SSL_CIPHER_FIELDS(X)						\
	X(SYM, "version", version)					\
	X(LOC, loc)							\
	X(CALL, ssl_cipher_level)
WRITER(ssl_cipher, struct ir_ssl_cipher, SSL_CIPHER_FIELDS)

#define VPN_LB_FIELDS(X)						\
	X(LOC, loc)							\
	X(ADDR, "cluster_ip", cluster_ip)				\
	X(SYM, "cluster_fqdn", cluster_fqdn)				\
	X(IVAL, "cluster_port", cluster_port)				\
	X(BVAL, "cluster_encryption", cluster_encryption)		\
	X(PSK, "cluster_key", cluster_key)				\
	X(BVAL, "participate", participate)				\
	X(IVAL, "priority", priority)					\
	X(ADDR, "nat_ipv4", nat_v4)					\
	X(ADDR, "nat_ipv6", nat_v6)					\
	X(SYM, "lbpublic", lbpublic)					\
	X(SYM, "lbprivate", lbprivate)					\
	X(BVAL, "redirect_fqdn", redirect_fqdn)
WRITER(vpn_lb, struct ir_vpn_lb, VPN_LB_FIELDS)

#define IKEV2_CLUSTER_FIELDS(X)						\
	X(LOC, loc)							\
	X(IVAL, "holdtime_ms", holdtime)				\
	X(IVAL, "master_overload_limit", overload_limit)		\
	X(IVAL, "master_weight_crypto_load", weight_crypto_load)	\
	X(IVAL, "master_weight_system_load", weight_system_load)	\
	X(IVAL, "port", port)						\
	X(IVAL, "slave_hello_ms", slave_hello)				\
	X(IVAL, "slave_max_session", slave_max_session)			\
	X(IVAL, "slave_priority", slave_priority)			\
	X(IVAL, "slave_update_ms", slave_update)			\
	X(SYM, "standby_group", standby_group)				\
	X(BVAL, "shutdown", shutdown)
WRITER(ikev2_cluster, struct ir_ikev2_cluster, IKEV2_CLUSTER_FIELDS)

#define RECONNECT_KEY_FIELDS(X)						\
	X(LOC, loc)							\
	X(IVAL, "index", index)						\
	X(BOOL, "active", active)
WRITER(reconnect_key, struct ir_reconnect_key, RECONNECT_KEY_FIELDS)

#define IKEV2_REDIRECT_FIELDS(X)					\
	X(BVAL, "client", client)					\
	X(IVAL, "client_max_redirects", max_redirects)			\
	X(SYM, "gateway", gateway)					\
	X(OLIST, "reconnect_keys", reconnect_keys, reconnect_key)
WRITER(ikev2_redirect, struct ir_ikev2_redirect, IKEV2_REDIRECT_FIELDS)

/* --- the configuration --------------------------------------------------- */

static const char *const log_kinds[] = { [false] = "class", [true] = "trap" };

#define LOGGING_FIELDS(X)						\
	X(LOC, loc)							\
	X(ENUM, "kind", trap, log_kinds)				\
	X(SYM, "class", klass)						\
	X(STR, "arguments", rest)
WRITER(logging, struct ir_logging, LOGGING_FIELDS)

/* The line as written, and the command that opened its sub-mode. */
static void unmodeled(struct emit *e, const void *obj)
{
	const struct ir_unmodeled *u = obj;
	const struct src_file *f = e->src->files[u->loc.file];

	loc(e, &u->loc);
	jw_key(&e->w, "text");
	jw_strn(&e->w, f->data + u->loc.start, u->loc.end - u->loc.start);
	if (u->has_context) {
		jw_key(&e->w, "context");
		jw_strn(&e->w, f->data + u->context_loc.start,
			u->context_loc.end - u->context_loc.start);
	}
}

static void file_name(struct emit *e, const struct ir *ir)
{
	kstr(e, "file", e->src->files[ir->file]->name);
}

/* sysopt: the effective values, with the ASA's defaults (seed 000:
 * permit-vpn on; seed 004: tcpmss 1380, reclassify-vpn on). */
static void sysopt(struct emit *e, const struct ir *ir)
{
	jw_key(&e->w, "sysopt");
	jw_obj(&e->w);
	kbool(e, "permit_vpn", ir->permit_vpn.set ? ir->permit_vpn.v : true);
	kbool(e, "preserve_vpn_flows",
	      ir->preserve_vpn_flows.set && ir->preserve_vpn_flows.v);
	kbool(e, "reclassify_vpn",
	      ir->reclassify_vpn.set ? ir->reclassify_vpn.v : true);
	kint(e, "tcpmss", ir->tcpmss.set ? ir->tcpmss.v : 1380);
	kint(e, "tcpmss_minimum",
	     ir->tcpmss_minimum.set ? ir->tcpmss_minimum.v : 0);
	jw_end_obj(&e->w);
}

#define SAME_SECURITY_FIELDS(X)						\
	X(BVAL, "inter_interface", same_security_inter)			\
	X(BVAL, "intra_interface", same_security_intra)
WRITER(same_security, struct ir, SAME_SECURITY_FIELDS)

#define CONFIG_FIELDS(X)						\
	X(CALL, file_name)						\
	X(SYM, "asa_version", asa_version)				\
	X(SYM, "hostname", hostname)					\
	X(SYM, "domain_name", domain_name)				\
	X(LIST, "names", names, name)					\
	X(LIST, "interfaces", interfaces, iface)			\
	X(LIST, "routes", routes, route)				\
	X(LIST, "objects", objects, object_def)				\
	X(LIST, "object_groups", objgroups, objgroup)			\
	X(OLIST, "time_ranges", time_ranges, time_range) /* if any */	\
	X(LIST, "access_lists", acls, acl)				\
	X(LIST, "access_groups", access_groups, access_group)		\
	X(LIST, "nat", nats, nat_rule)					\
	X(LIST, "global", globals82, global82)				\
	X(LIST, "management", mgmt, mgmt)				\
	X(BVAL, "http_server", http_server)				\
	X(IVAL, "http_port", http_port)					\
	X(OBJ, "same_security_traffic", same_security)			\
	X(CALL, sysopt)							\
	X(OBJ, "crypto", crypto)					\
	X(LIST, "tunnel_groups", tunnel_groups, tunnel_group)		\
	X(LIST, "tunnel_group_map", tgmaps, tgmap)			\
	X(LIST, "group_policies", group_policies, group_policy)		\
	X(LIST, "pools", pools, pool)					\
	X(OLIST, "users", users, user)					\
	X(OLIST, "aaa_servers", aaa_groups, aaa_group)			\
	X(OLIST, "trustpoints", trustpoints, trustpoint)		\
	X(OLIST, "certificate_maps", certmaps, certmap)			\
	X(POBJ, "webvpn", webvpn, webvpn)				\
	X(OLIST, "ssl_trustpoints", ssl_trustpoints, ssl_tp)		\
	X(SYM, "ssl_server_version", ssl_server_version)		\
	X(OLIST, "ssl_ciphers", ssl_ciphers, ssl_cipher)		\
	X(OBJ, "vpn_sessiondb", sessiondb)				\
	X(OBJ, "client_update", client_updates)				\
	X(NOBJ, "vpn_load_balancing", lb, vpn_lb)			\
	X(NOBJ, "ikev2_cluster", cluster, ikev2_cluster)		\
	X(SUB, "ikev2_redirect", redirect, ikev2_redirect)		\
	X(LIST, "logging", logging, logging)				\
	X(LIST, "unmodeled", unmodeled, unmodeled)
WRITER(config, struct ir, CONFIG_FIELDS)

void ir_json_write(FILE *out, const struct srcset *src, struct ir *const *irs,
		   size_t n)
{
	struct emit *e = xmalloc(sizeof(*e));
	size_t i;

	jw_init(&e->w, out);
	e->src = src;
	jw_obj(&e->w);
	kint(e, "asac_ir", 1);
	jw_key(&e->w, "configs");
	jw_arr(&e->w);
	for (i = 0; i < n; i++)
		object(e, NULL, irs[i], config);
	jw_end_arr(&e->w);
	jw_end_obj(&e->w);
	free(e);
}

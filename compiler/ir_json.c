/* SPDX-License-Identifier: MIT */
/*
 * ir_json.c - `asac ir`: the resolved IR as one JSON document.
 *
 * Entities appear in definition order (the order the ASA evaluates them
 * in where order matters), every node carries "loc" ("file:line:col"),
 * optional settings appear only when the configuration sets them, and
 * secrets are never printed (only whether a key is set, masked, and its
 * length).  The key set only grows (ARCHITECTURE.md).
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

static void kival(struct emit *e, const char *key, const struct ival *v)
{
	if (!v->set)
		return;
	jw_key(&e->w, key);
	jw_int(&e->w, v->v);
}

static void kbval(struct emit *e, const char *key, const struct bval *v)
{
	if (!v->set)
		return;
	jw_key(&e->w, key);
	jw_bool(&e->w, v->v);
}

static void kbool(struct emit *e, const char *key, bool v)
{
	jw_key(&e->w, key);
	jw_bool(&e->w, v);
}

static void ksyms(struct emit *e, const char *key, const struct vec *v)
{
	struct sym *s;
	uint32_t i;

	if (!v->n)
		return;
	jw_key(&e->w, key);
	jw_arr(&e->w);
	vec_foreach(v, i, s)
		jw_str(&e->w, s->s);
	jw_end_arr(&e->w);
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

static void ip_str(const struct ir_addr *a, const uint8_t *b, char *buf,
		   size_t len)
{
	inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, b, buf, (socklen_t)len);
}

static void addr(struct emit *e, const char *key, const struct ir_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!a)
		return;
	if (key)
		jw_key(&e->w, key);
	jw_obj(&e->w);
	jw_key(&e->w, "kind");
	switch ((enum ir_addr_kind)a->kind) {
	case IR_ADDR_ANY:
		jw_str(&e->w, "any");
		break;
	case IR_ADDR_ANY4:
		jw_str(&e->w, "any4");
		break;
	case IR_ADDR_ANY6:
		jw_str(&e->w, "any6");
		break;
	case IR_ADDR_NET:
		jw_str(&e->w, a->host || (a->plen == (a->family == 6 ? 128 : 32) &&
				      !a->mask_written) ? "host" : "network");
		ip_str(a, a->a, buf, sizeof(buf));
		jw_key(&e->w, "address");
		jw_str(&e->w, buf);
		jw_key(&e->w, "prefix_len");
		jw_int(&e->w, a->plen);
		if (a->mask_written && ir_mask_plen(a->mask_written) < 0) {
			uint32_t m = a->mask_written;

			snprintf(buf, sizeof(buf), "%u.%u.%u.%u", m >> 24,
				 (m >> 16) & 255, (m >> 8) & 255, m & 255);
			jw_key(&e->w, "mask_written");
			jw_str(&e->w, buf);
		}
		break;
	case IR_ADDR_RANGE:
		jw_str(&e->w, "range");
		ip_str(a, a->a, buf, sizeof(buf));
		jw_key(&e->w, "first");
		jw_str(&e->w, buf);
		ip_str(a, a->b, buf, sizeof(buf));
		jw_key(&e->w, "last");
		jw_str(&e->w, buf);
		break;
	case IR_ADDR_OBJECT:
		jw_str(&e->w, "object");
		ksym(e, "name", &a->ref);
		kbool(e, "resolved", a->target != NULL);
		break;
	case IR_ADDR_GROUP:
		jw_str(&e->w, "object-group");
		ksym(e, "name", &a->ref);
		kbool(e, "resolved", a->target != NULL);
		break;
	case IR_ADDR_NAME:
		jw_str(&e->w, "name");
		ksym(e, "name", &a->ref);
		if (a->target) {
			const struct ir_name *n = a->target;

			ip_str(n->addr, n->addr->a, buf, sizeof(buf));
			jw_key(&e->w, "address");
			jw_str(&e->w, buf);
		}
		if (a->mask_written) {
			uint32_t m = a->mask_written;

			snprintf(buf, sizeof(buf), "%u.%u.%u.%u", m >> 24,
				 (m >> 16) & 255, (m >> 8) & 255, m & 255);
			jw_key(&e->w, "mask");
			jw_str(&e->w, buf);
		}
		kbool(e, "resolved", a->target != NULL);
		break;
	case IR_ADDR_INTERFACE:
		jw_str(&e->w, "interface");
		ksym(e, "name", &a->ref);
		kbool(e, "resolved", a->target != NULL);
		break;
	case IR_ADDR_FQDN:
		jw_str(&e->w, "fqdn");
		ksym(e, "name", &a->ref);
		if (a->family) {
			jw_key(&e->w, "family");
			jw_int(&e->w, a->family);
		}
		break;
	}
	jw_end_obj(&e->w);
}

static const char *port_op(enum ir_port_op op)
{
	switch (op) {
	case IR_PORT_NONE:
		return NULL;
	case IR_PORT_EQ:
		return "eq";
	case IR_PORT_NEQ:
		return "neq";
	case IR_PORT_LT:
		return "lt";
	case IR_PORT_GT:
		return "gt";
	case IR_PORT_RANGE:
		return "range";
	case IR_PORT_GROUP:
		return "object-group";
	}
	return NULL;
}

static void port(struct emit *e, const char *key, const struct ir_port *p)
{
	if (p->op == IR_PORT_NONE)
		return;
	jw_key(&e->w, key);
	jw_obj(&e->w);
	jw_key(&e->w, "op");
	jw_str(&e->w, port_op((enum ir_port_op)p->op));
	if (p->op == IR_PORT_GROUP) {
		ksym(e, "name", &p->ref->name);
		kbool(e, "resolved", p->ref->target != NULL);
	} else {
		jw_key(&e->w, "low");
		jw_int(&e->w, p->lo);
		jw_key(&e->w, "high");
		jw_int(&e->w, p->hi);
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
		jw_key(&e->w, "kind");
		jw_str(&e->w, p->kind == IR_PROTO_OBJECT ? "object"
							 : "object-group");
		ksym(e, "name", &p->ref->name);
		kbool(e, "resolved", p->ref->target != NULL);
		jw_end_obj(&e->w);
		break;
	}
}

static void service(struct emit *e, const char *key, const struct ir_service *s)
{
	if (!s)
		return;
	if (key)
		jw_key(&e->w, key);
	jw_obj(&e->w);
	proto(e, &s->proto);
	port(e, "source_port", &s->sport);
	port(e, "destination_port", &s->dport);
	if (s->icmp_type >= 0) {
		jw_key(&e->w, "icmp_type");
		jw_int(&e->w, s->icmp_type);
	}
	if (s->icmp_code >= 0) {
		jw_key(&e->w, "icmp_code");
		jw_int(&e->w, s->icmp_code);
	}
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
	jw_key(&e->w, "encoding");
	jw_str(&e->w, k->encoding == 8 ? "encrypted" :
		      k->encoding == 16 ? "hex" : "clear");
	if (k->key && !k->masked) {
		jw_key(&e->w, "length");
		jw_int(&e->w, (long long)strlen(k->key));
	}
	jw_end_obj(&e->w);
}

static void interfaces(struct emit *e, const struct ir *ir)
{
	struct ir_iface *f;
	uint32_t i, j;

	jw_key(&e->w, "interfaces");
	jw_arr(&e->w);
	vec_foreach(&ir->interfaces, i, f) {
		struct ir_standby *s;

		jw_obj(&e->w);
		loc(e, &f->loc);
		kstr(e, "hardware", f->hwname);
		ksym(e, "nameif", &f->nameif);
		kival(e, "security_level", &f->security_level);
		addr(e, "ip", f->ip);
		addr(e, "standby_ip", f->standby_ip);
		addr(e, "ipv6", f->ip6);
		if (f->dhcp)
			kbool(e, "dhcp", true);
		kbval(e, "shutdown", &f->shutdown);
		kstr(e, "description", f->description);
		if (f->standby.n) {
			jw_key(&e->w, "standby");
			jw_arr(&e->w);
			vec_foreach(&f->standby, j, s) {
				jw_obj(&e->w);
				loc(e, &s->loc);
				kival(e, "group", &s->group);
				kival(e, "priority", &s->priority);
				ksym(e, "name", &s->name);
				addr(e, "ip", s->ip);
				if (s->preempt)
					kbool(e, "preempt", true);
				kival(e, "hello_ms", &s->hello_ms);
				kival(e, "hold_ms", &s->hold_ms);
				jw_end_obj(&e->w);
			}
			jw_end_arr(&e->w);
		}
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
}

static void nat_node(struct emit *e, const struct ir_nat *n);

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

/* Time ranges, only when the configuration has any (the key is new). */
static void time_ranges(struct emit *e, const struct ir *ir)
{
	static const char *const days[] = { "monday", "tuesday", "wednesday",
					    "thursday", "friday", "saturday",
					    "sunday" };
	const struct ir_time_range *tr;
	const struct ir_periodic *pe;
	uint32_t i, j;
	int d;

	if (!ir->time_ranges.n)
		return;
	jw_key(&e->w, "time_ranges");
	jw_arr(&e->w);
	vec_foreach(&ir->time_ranges, i, tr) {
		jw_obj(&e->w);
		ksym(e, "name", &tr->name);
		loc(e, &tr->loc);
		if (tr->start.set || tr->end.set) {
			jw_key(&e->w, "absolute");
			jw_obj(&e->w);
			loc(e, &tr->absolute_loc);
			tr_point(e, "start", &tr->start);
			tr_point(e, "end", &tr->end);
			jw_end_obj(&e->w);
		}
		if (tr->periodic.n) {
			jw_key(&e->w, "periodic");
			jw_arr(&e->w);
			vec_foreach(&tr->periodic, j, pe) {
				jw_obj(&e->w);
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
				jw_end_obj(&e->w);
			}
			jw_end_arr(&e->w);
		}
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
}

static void acls(struct emit *e, const struct ir *ir)
{
	struct ir_acl *acl;
	uint32_t i, j;

	jw_key(&e->w, "access_lists");
	jw_arr(&e->w);
	vec_foreach(&ir->acls, i, acl) {
		struct ir_ace *a;

		jw_obj(&e->w);
		ksym(e, "name", &acl->name);
		loc(e, &acl->loc);
		jw_key(&e->w, "entries");
		jw_arr(&e->w);
		vec_foreach(&acl->aces, j, a) {
			jw_obj(&e->w);
			loc(e, &a->loc);
			jw_key(&e->w, "line");
			jw_int(&e->w, a->line);
			if (a->kind == IR_ACE_REMARK) {
				kstr(e, "remark", a->remark);
				jw_end_obj(&e->w);
				continue;
			}
			jw_key(&e->w, "type");
			jw_str(&e->w, a->kind == IR_ACE_STANDARD ? "standard"
								 : "extended");
			jw_key(&e->w, "action");
			jw_str(&e->w, a->permit ? "permit" : "deny");
			if (a->ipv6)
				kbool(e, "ipv6_access_list", true);
			if (a->unread) {
				/* a syntax error: its place, no operands */
				kbool(e, "refused", true);
				kbool(e, "syntax_error", true);
				jw_end_obj(&e->w);
				continue;
			}
			proto(e, &a->proto);
			addr(e, "source", a->src);
			port(e, "source_port", &a->sport);
			addr(e, "destination", a->dst);
			port(e, "destination_port", &a->dport);
			if (a->icmp_type >= 0) {
				jw_key(&e->w, "icmp_type");
				jw_int(&e->w, a->icmp_type);
			}
			if (a->icmp_code >= 0) {
				jw_key(&e->w, "icmp_code");
				jw_int(&e->w, a->icmp_code);
			}
			if (a->icmp_type < 0 && a->icmp_name)
				ksym(e, "icmp_object_group", a->icmp_name);
			if (a->log) {
				jw_key(&e->w, "log");
				jw_obj(&e->w);
				if (a->log_level >= 0) {
					jw_key(&e->w, "level");
					jw_int(&e->w, a->log_level);
				}
				if (a->log_interval) {
					jw_key(&e->w, "interval");
					jw_int(&e->w, a->log_interval);
				}
				if (a->log_disable)
					kbool(e, "disable", true);
				jw_end_obj(&e->w);
			}
			if (a->inactive)
				kbool(e, "inactive", true);
			if (a->time_range)
				ksym(e, "time_range", a->time_range);
			if (a->refused)
				kbool(e, "refused", true);
			jw_end_obj(&e->w);
		}
		jw_end_arr(&e->w);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
}

static const char *og_kind(enum ir_og_kind k)
{
	switch (k) {
	case IR_OG_NETWORK:
		return "network";
	case IR_OG_SERVICE:
		return "service";
	case IR_OG_PROTOCOL:
		return "protocol";
	case IR_OG_ICMP:
		return "icmp-type";
	}
	return NULL;
}

static void objects(struct emit *e, const struct ir *ir)
{
	struct ir_object *o;
	struct ir_objgroup *g;
	uint32_t i, j;

	jw_key(&e->w, "objects");
	jw_arr(&e->w);
	vec_foreach(&ir->objects, i, o) {
		jw_obj(&e->w);
		ksym(e, "name", &o->name);
		loc(e, &o->loc);
		jw_key(&e->w, "type");
		jw_str(&e->w, o->kind == IR_OBJ_NETWORK ? "network" : "service");
		addr(e, "address", o->addr);
		service(e, "service", o->svc);
		kstr(e, "description", o->description);
		if (o->nat) {
			jw_key(&e->w, "nat");
			nat_node(e, o->nat);
		}
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	jw_key(&e->w, "object_groups");
	jw_arr(&e->w);
	vec_foreach(&ir->objgroups, i, g) {
		struct ir_ogm *m;

		jw_obj(&e->w);
		ksym(e, "name", &g->name);
		loc(e, &g->loc);
		jw_key(&e->w, "type");
		jw_str(&e->w, og_kind(g->kind));
		if (g->kind == IR_OG_SERVICE && g->svc_proto != -1) {
			jw_key(&e->w, "protocol");
			if (g->svc_proto == -2)
				jw_str(&e->w, "tcp-udp");
			else
				jw_int(&e->w, g->svc_proto);
		}
		kstr(e, "description", g->description);
		jw_key(&e->w, "members");
		jw_arr(&e->w);
		vec_foreach(&g->members, j, m) {
			jw_obj(&e->w);
			loc(e, &m->loc);
			switch (m->kind) {
			case IR_OGM_ADDR:
				addr(e, "network_object", m->addr);
				break;
			case IR_OGM_GROUP:
				ksym(e, "group_object", &m->ref);
				kbool(e, "resolved", m->target != NULL);
				break;
			case IR_OGM_PORT:
				port(e, "port_object", &m->port);
				break;
			case IR_OGM_SERVICE:
				service(e, "service_object", m->svc);
				break;
			case IR_OGM_PROTOCOL:
			case IR_OGM_ICMP:
				jw_key(&e->w, m->kind == IR_OGM_PROTOCOL ?
					      "protocol_object" : "icmp_object");
				if (m->value >= 0)
					jw_int(&e->w, m->value);
				else
					jw_str(&e->w, m->word.s);
				break;
			}
			jw_end_obj(&e->w);
		}
		jw_end_arr(&e->w);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
}

static void mapped(struct emit *e, const char *key, const struct ir_nat_mapped *m)
{
	if (!m->set)
		return;
	jw_key(&e->w, key);
	jw_obj(&e->w);
	if (m->interface)
		kbool(e, "interface", true);
	if (m->pat_pool)
		kbool(e, "pat_pool", true);
	ksym(e, "name", &m->name);
	addr(e, "address", m->addr);
	jw_end_obj(&e->w);
}

static void nat_node(struct emit *e, const struct ir_nat *n)
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
	size_t i;

	jw_obj(&e->w);
	loc(e, &n->loc);
	jw_key(&e->w, "kind");
	jw_str(&e->w, n->kind == IR_NAT_TWICE ? "twice" :
		      n->kind == IR_NAT_OBJECT ? "object" :
		      n->kind == IR_NAT_82 ? "8.2" : "8.2-static");
	ksym(e, "real_interface", &n->real_if);
	ksym(e, "mapped_interface", &n->mapped_if);
	if (n->pat_proto) {
		/* static PAT, the ports as numbers */
		jw_key(&e->w, "port_translation");
		jw_obj(&e->w);
		jw_key(&e->w, "protocol");
		jw_int(&e->w, n->pat_proto);
		jw_key(&e->w, "real_port");
		jw_int(&e->w, n->pat_rport);
		jw_key(&e->w, "mapped_port");
		jw_int(&e->w, n->pat_mport);
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
		jw_end_obj(&e->w);
		return;
	}
	if (n->after_auto)
		kbool(e, "after_auto", true);
	kival(e, "line", &n->line);
	jw_key(&e->w, "type");
	jw_str(&e->w, n->type == IR_NAT_STATIC ? "static" : "dynamic");
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
	jw_end_obj(&e->w);
}

static void cmap_list(struct emit *e, const char *key, const struct vec *maps)
{
	struct ir_cmap *cm;
	uint32_t i, j, k;

	jw_key(&e->w, key);
	jw_arr(&e->w);
	vec_foreach(maps, i, cm) {
		struct ir_cmap_entry *en;

		jw_obj(&e->w);
		ksym(e, "name", &cm->name);
		loc(e, &cm->loc);
		ksyms(e, "interfaces", &cm->interfaces);
		jw_key(&e->w, "entries");
		jw_arr(&e->w);
		vec_foreach(&cm->entries, j, en) {
			jw_obj(&e->w);
			loc(e, &en->loc);
			kival(e, "seq", &en->seq);
			if (!cm->dynamic_map) {
				jw_key(&e->w, "type");
				jw_str(&e->w, en->type == IR_CMAP_DYNAMIC ?
					      "ipsec-isakmp-dynamic" : "static");
			}
			ksym(e, "dynamic_map", &en->dynmap);
			ksym(e, "match_address", &en->acl);
			if (en->peers.n) {
				jw_key(&e->w, "peers");
				jw_arr(&e->w);
				for (k = 0; k < en->peers.n; k++)
					addr(e, NULL, en->peers.v[k]);
				jw_end_arr(&e->w);
			}
			if (en->transform_sets.n) {
				ksyms(e, en->ts_version == 0 ? "transform_sets_8_2"
					 : "ikev1_transform_sets",
				      &en->transform_sets);
			}
			ksyms(e, "ikev2_ipsec_proposals", &en->proposals);
			if (en->pfs_set) {
				jw_key(&e->w, "pfs");
				jw_str(&e->w, en->pfs.s ? en->pfs.s : "default");
			}
			kival(e, "lifetime_seconds", &en->lifetime_seconds);
			kival(e, "lifetime_kilobytes", &en->lifetime_kb);
			kbval(e, "lifetime_kilobytes_unlimited",
			      &en->lifetime_kb_unlimited);
			kbval(e, "reverse_route", &en->reverse_route);
			if (en->reverse_route_dynamic)
				kbool(e, "reverse_route_dynamic", true);
			ksym(e, "ikev2_mode", &en->ikev2_mode);
			ksym(e, "ikev1_phase1_mode", &en->phase1_mode);
			ksym(e, "connection_type", &en->connection_type);
			ksym(e, "df_bit", &en->df_bit);
			kbval(e, "validate_icmp_errors", &en->validate_icmp_errors);
			kbval(e, "tfc_packets", &en->tfc_packets);
			kbval(e, "nat_t_disable", &en->nat_t_disable);
			ksym(e, "trustpoint", &en->trustpoint);
			ksym(e, "inheritance", &en->inheritance);
			jw_end_obj(&e->w);
		}
		jw_end_arr(&e->w);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
}

static void crypto(struct emit *e, const struct ir *ir)
{
	const struct ir_crypto_globals *g = &ir->crypto;
	struct ir_ike_policy *pol;
	struct ir_ike_enable *en;
	struct ir_transform_set *ts;
	struct ir_proposal *pr;
	struct ir_ipsec_frag *fr;
	uint32_t i;
	int v;

	jw_key(&e->w, "crypto");
	jw_obj(&e->w);
	for (v = 1; v <= 2; v++) {
		jw_key(&e->w, v == 1 ? "ikev1_policies" : "ikev2_policies");
		jw_arr(&e->w);
		vec_foreach(&ir->ike_policies, i, pol) {
			if (pol->version != v)
				continue;
			jw_obj(&e->w);
			loc(e, &pol->loc);
			kival(e, "priority", &pol->priority);
			ksym(e, "authentication", &pol->authentication);
			ksyms(e, "encryption", &pol->encryption);
			ksyms(e, v == 1 ? "hash" : "integrity", &pol->integrity);
			ksyms(e, "prf", &pol->prf);
			kivals(e, "group", &pol->group);
			kival(e, "lifetime", &pol->lifetime);
			if (pol->lifetime_none)
				kbool(e, "lifetime_none", true);
			jw_end_obj(&e->w);
		}
		jw_end_arr(&e->w);
	}
	jw_key(&e->w, "ike_enable");
	jw_arr(&e->w);
	vec_foreach(&ir->ike_enables, i, en) {
		jw_obj(&e->w);
		loc(e, &en->loc);
		jw_key(&e->w, "version");
		jw_int(&e->w, en->version);
		ksym(e, "interface", &en->iface);
		if (en->client_services)
			kbool(e, "client_services", true);
		kival(e, "client_services_port", &en->port);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	kbval(e, "ikev1_am_disable", &g->am_disable);
	ksym(e, "isakmp_identity", &g->isakmp_identity);
	kbval(e, "nat_traversal", &g->nat_traversal);
	kival(e, "nat_traversal_keepalive", &g->natt_keepalive);
	kbval(e, "ipsec_over_tcp", &g->ipsec_over_tcp);
	kivals(e, "ipsec_over_tcp_ports", &g->ipsec_over_tcp_ports);
	kbval(e, "ikev2_fragmentation", &g->ikev2_fragmentation);
	kival(e, "ikev2_fragmentation_mtu", &g->ikev2_frag_mtu);
	ksym(e, "ikev2_fragmentation_preferred_method", &g->ikev2_frag_method);
	kbval(e, "ikev2_notify_invalid_selectors", &g->notify_invalid_selectors);
	ksyms(e, "ikev2_remote_access_trustpoints", &g->ra_trustpoints);
	kbval(e, "isakmp_reload_wait", &g->reload_wait);
	kbval(e, "isakmp_disconnect_notify", &g->disconnect_notify);
	kival(e, "ipsec_sa_lifetime_seconds", &g->sa_lifetime_seconds);
	kival(e, "ipsec_sa_lifetime_kilobytes", &g->sa_lifetime_kb);
	kbval(e, "ipsec_sa_lifetime_kilobytes_unlimited",
	      &g->sa_lifetime_kb_unlimited);
	ksym(e, "ipsec_sa_pmtu_aging", &g->pmtu_aging);
	if (g->fragmentation.n) {
		jw_key(&e->w, "ipsec_fragmentation");
		jw_arr(&e->w);
		vec_foreach(&g->fragmentation, i, fr) {
			jw_obj(&e->w);
			loc(e, &fr->loc);
			ksym(e, "policy", &fr->policy);
			ksym(e, "interface", &fr->iface);
			jw_end_obj(&e->w);
		}
		jw_end_arr(&e->w);
	}
	kbval(e, "ipsec_inner_routing_lookup", &g->inner_routing_lookup);
	ksym(e, "engine_accelerator_bias", &g->accelerator_bias);
	kbval(e, "engine_large_mode_accel", &g->large_mode_accel);
	jw_key(&e->w, "transform_sets");
	jw_arr(&e->w);
	vec_foreach(&ir->transform_sets, i, ts) {
		jw_obj(&e->w);
		ksym(e, "name", &ts->name);
		loc(e, &ts->loc);
		jw_key(&e->w, "ike_version");
		jw_int(&e->w, 1);
		ksym(e, "esp_encryption", &ts->esp_enc);
		ksym(e, "esp_authentication", &ts->esp_auth);
		ksym(e, "mode", &ts->mode);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	jw_key(&e->w, "ipsec_proposals");
	jw_arr(&e->w);
	vec_foreach(&ir->proposals, i, pr) {
		jw_obj(&e->w);
		ksym(e, "name", &pr->name);
		loc(e, &pr->loc);
		ksyms(e, "encryption", &pr->encryption);
		ksyms(e, "integrity", &pr->integrity);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	cmap_list(e, "crypto_maps", &ir->cmaps);
	cmap_list(e, "dynamic_maps", &ir->dynmaps);
	jw_end_obj(&e->w);
}

static void client_updates(struct emit *e, const char *key, const struct vec *v)
{
	struct ir_client_update *u;
	uint32_t i;

	if (!v->n)
		return;
	jw_key(&e->w, key);
	jw_arr(&e->w);
	vec_foreach(v, i, u) {
		jw_obj(&e->w);
		loc(e, &u->loc);
		ksym(e, "type", &u->type);
		ksym(e, "url", &u->url);
		ksyms(e, "revisions", &u->revs);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
}

static void vpn(struct emit *e, const struct ir *ir)
{
	struct ir_tunnel_group *tg;
	struct ir_group_policy *gp;
	struct ir_pool *pl;
	struct ir_tgmap *m;
	uint32_t i;

	jw_key(&e->w, "tunnel_groups");
	jw_arr(&e->w);
	vec_foreach(&ir->tunnel_groups, i, tg) {
		jw_obj(&e->w);
		ksym(e, "name", &tg->name);
		loc(e, &tg->loc);
		ksym(e, "type", &tg->type);
		ksym(e, "default_group_policy", &tg->default_group_policy);
		ksyms(e, "address_pools", &tg->address_pools);
		ksyms(e, "ipv6_address_pools", &tg->ipv6_address_pools);
		ksym(e, "nat_assigned_to_public_ip", &tg->nat_assigned_to_public_ip);
		ksym(e, "authentication_server_group",
		     &tg->authentication_server_group);
		psk(e, "ikev1_pre_shared_key", &tg->ikev1_psk);
		ksym(e, "ikev2_local_authentication", &tg->ikev2_local_auth);
		psk(e, "ikev2_local_pre_shared_key", &tg->ikev2_local_psk);
		ksym(e, "ikev2_remote_authentication", &tg->ikev2_remote_auth);
		psk(e, "ikev2_remote_pre_shared_key", &tg->ikev2_remote_psk);
		client_updates(e, "client_update", &tg->client_updates);
		ksym(e, "isakmp_keepalive", &tg->keepalive);
		ksym(e, "peer_id_validate", &tg->peer_id_validate);
		ksym(e, "trust_point", &tg->trust_point);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	jw_key(&e->w, "tunnel_group_map");
	jw_arr(&e->w);
	vec_foreach(&ir->tgmaps, i, m) {
		jw_obj(&e->w);
		loc(e, &m->loc);
		ksym(e, "enable", &m->enable);
		kival(e, "rule_index", &m->rule_index);
		ksym(e, "certificate_map", &m->map_name);
		ksym(e, "group", &m->group);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	jw_key(&e->w, "group_policies");
	jw_arr(&e->w);
	vec_foreach(&ir->group_policies, i, gp) {
		jw_obj(&e->w);
		ksym(e, "name", &gp->name);
		loc(e, &gp->loc);
		ksym(e, "type", &gp->type);
		ksyms(e, "vpn_tunnel_protocol", &gp->vpn_tunnel_protocol);
		ksym(e, "split_tunnel_policy", &gp->split_tunnel_policy);
		if (gp->split_tunnel_acl_set || gp->split_tunnel_acl.s) {
			jw_key(&e->w, "split_tunnel_network_list");
			jw_str(&e->w, gp->split_tunnel_acl.s);
		}
		if (gp->vpn_filter_set || gp->vpn_filter.s) {
			jw_key(&e->w, "vpn_filter");
			jw_str(&e->w, gp->vpn_filter.s);
		}
		kival(e, "vpn_idle_timeout", &gp->vpn_idle_timeout);
		kival(e, "vpn_session_timeout", &gp->vpn_session_timeout);
		kival(e, "vpn_simultaneous_logins", &gp->vpn_simultaneous_logins);
		if (gp->address_pools_set) {
			jw_key(&e->w, "address_pools");
			jw_arr(&e->w);
			{
				struct sym *s;
				uint32_t j;

				vec_foreach(&gp->address_pools, j, s)
					jw_str(&e->w, s->s);
			}
			jw_end_arr(&e->w);
		}
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	jw_key(&e->w, "pools");
	jw_arr(&e->w);
	vec_foreach(&ir->pools, i, pl) {
		jw_obj(&e->w);
		ksym(e, "name", &pl->name);
		loc(e, &pl->loc);
		jw_key(&e->w, "family");
		jw_int(&e->w, pl->family);
		addr(e, pl->family == 6 ? "prefix" : "range", pl->range);
		addr(e, "mask", pl->mask);
		kival(e, "size", &pl->count);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
}

static void clustering(struct emit *e, const struct ir *ir)
{
	const struct ir_vpn_lb *lb = &ir->lb;
	const struct ir_ikev2_cluster *cl = &ir->cluster;
	struct ir_reconnect_key *k;
	uint32_t i;

	jw_key(&e->w, "vpn_sessiondb");
	jw_obj(&e->w);
	kival(e, "max_anyconnect_premium_or_essentials_limit",
	      &ir->max_anyconnect);
	kival(e, "max_other_vpn_limit", &ir->max_other);
	jw_end_obj(&e->w);
	jw_key(&e->w, "client_update");
	jw_obj(&e->w);
	kbval(e, "enable", &ir->client_update_enable);
	client_updates(e, "types", &ir->client_updates);
	jw_end_obj(&e->w);
	jw_key(&e->w, "vpn_load_balancing");
	if (!lb->present) {
		jw_null(&e->w);
	} else {
		jw_obj(&e->w);
		loc(e, &lb->loc);
		addr(e, "cluster_ip", lb->cluster_ip);
		ksym(e, "cluster_fqdn", &lb->cluster_fqdn);
		kival(e, "cluster_port", &lb->cluster_port);
		kbval(e, "cluster_encryption", &lb->cluster_encryption);
		psk(e, "cluster_key", &lb->cluster_key);
		kbval(e, "participate", &lb->participate);
		kival(e, "priority", &lb->priority);
		addr(e, "nat_ipv4", lb->nat_v4);
		addr(e, "nat_ipv6", lb->nat_v6);
		ksym(e, "lbpublic", &lb->lbpublic);
		ksym(e, "lbprivate", &lb->lbprivate);
		kbval(e, "redirect_fqdn", &lb->redirect_fqdn);
		jw_end_obj(&e->w);
	}
	jw_key(&e->w, "ikev2_cluster");
	if (!cl->present) {
		jw_null(&e->w);
	} else {
		jw_obj(&e->w);
		loc(e, &cl->loc);
		kival(e, "holdtime_ms", &cl->holdtime);
		kival(e, "master_overload_limit", &cl->overload_limit);
		kival(e, "master_weight_crypto_load", &cl->weight_crypto_load);
		kival(e, "master_weight_system_load", &cl->weight_system_load);
		kival(e, "port", &cl->port);
		kival(e, "slave_hello_ms", &cl->slave_hello);
		kival(e, "slave_max_session", &cl->slave_max_session);
		kival(e, "slave_priority", &cl->slave_priority);
		kival(e, "slave_update_ms", &cl->slave_update);
		ksym(e, "standby_group", &cl->standby_group);
		kbval(e, "shutdown", &cl->shutdown);
		jw_end_obj(&e->w);
	}
	jw_key(&e->w, "ikev2_redirect");
	jw_obj(&e->w);
	kbval(e, "client", &ir->redirect.client);
	kival(e, "client_max_redirects", &ir->redirect.max_redirects);
	ksym(e, "gateway", &ir->redirect.gateway);
	if (ir->redirect.reconnect_keys.n) {
		jw_key(&e->w, "reconnect_keys");
		jw_arr(&e->w);
		vec_foreach(&ir->redirect.reconnect_keys, i, k) {
			jw_obj(&e->w);
			loc(e, &k->loc);
			kival(e, "index", &k->index);
			kbool(e, "active", k->active);
			jw_end_obj(&e->w);
		}
		jw_end_arr(&e->w);
	}
	jw_end_obj(&e->w);
}

static void unmodeled_list(struct emit *e, const char *key, const struct vec *v)
{
	struct ir_unmodeled *u;
	uint32_t i;

	jw_key(&e->w, key);
	jw_arr(&e->w);
	vec_foreach(v, i, u) {
		const struct src_file *f = e->src->files[u->loc.file];

		jw_obj(&e->w);
		loc(e, &u->loc);
		jw_key(&e->w, "text");
		jw_strn(&e->w, f->data + u->loc.start, u->loc.end - u->loc.start);
		if (u->has_context) {
			jw_key(&e->w, "context");
			jw_strn(&e->w, f->data + u->context_loc.start,
				u->context_loc.end - u->context_loc.start);
		}
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
}

static void config(struct emit *e, const struct ir *ir)
{
	struct ir_name *n;
	struct ir_route *r;
	struct ir_access_group *ag;
	struct ir_nat *nat;
	struct ir_global82 *g;
	struct ir_logging *l;
	uint32_t i;

	jw_obj(&e->w);
	jw_key(&e->w, "file");
	jw_str(&e->w, e->src->files[ir->file]->name);
	ksym(e, "asa_version", &ir->asa_version);
	ksym(e, "hostname", &ir->hostname);
	ksym(e, "domain_name", &ir->domain_name);
	jw_key(&e->w, "names");
	jw_arr(&e->w);
	vec_foreach(&ir->names, i, n) {
		jw_obj(&e->w);
		ksym(e, "name", &n->name);
		loc(e, &n->loc);
		addr(e, "address", n->addr);
		kstr(e, "description", n->description);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	interfaces(e, ir);
	jw_key(&e->w, "routes");
	jw_arr(&e->w);
	vec_foreach(&ir->routes, i, r) {
		jw_obj(&e->w);
		loc(e, &r->loc);
		ksym(e, "interface", &r->iface);
		addr(e, "destination", r->dest);
		addr(e, "gateway", r->gateway);
		kival(e, "metric", &r->metric);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	objects(e, ir);
	time_ranges(e, ir);
	acls(e, ir);
	jw_key(&e->w, "access_groups");
	jw_arr(&e->w);
	vec_foreach(&ir->access_groups, i, ag) {
		jw_obj(&e->w);
		loc(e, &ag->loc);
		ksym(e, "access_list", &ag->acl);
		jw_key(&e->w, "direction");
		jw_str(&e->w, ag->dir == IR_AG_IN ? "in" :
			      ag->dir == IR_AG_OUT ? "out" : "global");
		ksym(e, "interface", &ag->iface);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	jw_key(&e->w, "nat");
	jw_arr(&e->w);
	vec_foreach(&ir->nats, i, nat)
		nat_node(e, nat);
	jw_end_arr(&e->w);
	jw_key(&e->w, "global");
	jw_arr(&e->w);
	vec_foreach(&ir->globals82, i, g) {
		jw_obj(&e->w);
		loc(e, &g->loc);
		ksym(e, "interface", &g->iface);
		kival(e, "nat_id", &g->nat_id);
		if (g->interface)
			kbool(e, "use_interface", true);
		addr(e, "address", g->addr);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	/* management access to the box (ssh, telnet, http, icmp) */
	jw_key(&e->w, "management");
	jw_arr(&e->w);
	{
		static const char *const kinds[] = { "ssh", "telnet", "http",
						     "icmp" };
		const struct ir_mgmt *mg;

		vec_foreach(&ir->mgmt, i, mg) {
			jw_obj(&e->w);
			loc(e, &mg->loc);
			kstr(e, "kind", kinds[mg->kind]);
			if (mg->kind == IR_MGMT_ICMP) {
				kstr(e, "action", mg->permit ? "permit" : "deny");
				if (mg->icmp_type >= 0) {
					jw_key(&e->w, "icmp_type");
					jw_int(&e->w, mg->icmp_type);
				}
			}
			addr(e, "address", mg->addr);
			ksym(e, "interface", &mg->iface);
			jw_end_obj(&e->w);
		}
	}
	jw_end_arr(&e->w);
	kbval(e, "http_server", &ir->http_server);
	kival(e, "http_port", &ir->http_port);
	jw_key(&e->w, "same_security_traffic");
	jw_obj(&e->w);
	kbval(e, "inter_interface", &ir->same_security_inter);
	kbval(e, "intra_interface", &ir->same_security_intra);
	jw_end_obj(&e->w);
	/* sysopt: the effective values, with the ASA's defaults (seed 000:
	 * permit-vpn on; seed 004: tcpmss 1380, reclassify-vpn on) */
	jw_key(&e->w, "sysopt");
	jw_obj(&e->w);
	kbool(e, "permit_vpn", ir->permit_vpn.set ? ir->permit_vpn.v : true);
	kbool(e, "preserve_vpn_flows",
	      ir->preserve_vpn_flows.set && ir->preserve_vpn_flows.v);
	kbool(e, "reclassify_vpn",
	      ir->reclassify_vpn.set ? ir->reclassify_vpn.v : true);
	jw_key(&e->w, "tcpmss");
	jw_int(&e->w, ir->tcpmss.set ? ir->tcpmss.v : 1380);
	jw_key(&e->w, "tcpmss_minimum");
	jw_int(&e->w, ir->tcpmss_minimum.set ? ir->tcpmss_minimum.v : 0);
	jw_end_obj(&e->w);
	crypto(e, ir);
	vpn(e, ir);
	clustering(e, ir);
	jw_key(&e->w, "logging");
	jw_arr(&e->w);
	vec_foreach(&ir->logging, i, l) {
		jw_obj(&e->w);
		loc(e, &l->loc);
		jw_key(&e->w, "kind");
		jw_str(&e->w, l->trap ? "trap" : "class");
		ksym(e, "class", &l->klass);
		kstr(e, "arguments", l->rest);
		jw_end_obj(&e->w);
	}
	jw_end_arr(&e->w);
	unmodeled_list(e, "unmodeled", &ir->unmodeled);
	jw_end_obj(&e->w);
}

void ir_json_write(FILE *out, const struct srcset *src, struct ir *const *irs,
		   size_t n)
{
	struct emit *e = xmalloc(sizeof(*e));
	size_t i;

	jw_init(&e->w, out);
	e->src = src;
	jw_obj(&e->w);
	jw_key(&e->w, "asac_ir");
	jw_int(&e->w, 1);
	jw_key(&e->w, "configs");
	jw_arr(&e->w);
	for (i = 0; i < n; i++)
		config(e, irs[i]);
	jw_end_arr(&e->w);
	jw_end_obj(&e->w);
	free(e);
}

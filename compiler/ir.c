/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "ir.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct ir *ir_alloc(struct arena *a, struct strtab *strs, uint32_t file)
{
	struct ir *ir = arena_new(a, struct ir);

	ir->arena = a;
	ir->strs = strs;
	ir->file = file;
	return ir;
}

void ir_free(struct ir *ir)
{
	size_t i;

	if (!ir)
		return;
	map_free(&ir->m_names);
	map_free(&ir->m_ifaces);
	map_free(&ir->m_objects);
	map_free(&ir->m_objgroups);
	map_free(&ir->m_acls);
	map_free(&ir->m_ts);
	map_free(&ir->m_props);
	map_free(&ir->m_cmaps);
	map_free(&ir->m_dynmaps);
	map_free(&ir->m_tgs);
	map_free(&ir->m_gps);
	map_free(&ir->m_pools);
	map_free(&ir->m_users);
	map_free(&ir->m_aaa);
	map_free(&ir->m_tps);
	map_free(&ir->m_time_ranges);
	map_free(&ir->m_ifhw);
	for (i = 0; i < ARRAY_SIZE(ir->m_ikepol); i++)
		map_free(&ir->m_ikepol[i]);
}

struct ir_addr *ir_addr_new(struct ir *ir, enum ir_addr_kind kind,
			    const struct loc *loc)
{
	struct ir_addr *a = arena_new(ir->arena, struct ir_addr);

	a->kind = kind;
	a->loc = *loc;
	return a;
}

uint32_t ir_addr_v4(const struct ir_addr *a)
{
	return (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
	       (uint32_t)a->a[2] << 8 | a->a[3];
}

int ir_mask_plen(uint32_t mask)
{
	uint32_t inv = ~mask;

	/* contiguous: the inverted mask is 2^k - 1 */
	if (inv & (inv + 1))
		return -1;
	return 32 - __builtin_popcount(inv);
}

static void mask_str(unsigned int plen, char *buf, size_t len)
{
	uint32_t m = plen ? 0xffffffffu << (32 - plen) : 0;

	snprintf(buf, len, "%u.%u.%u.%u", m >> 24, (m >> 16) & 255,
		 (m >> 8) & 255, m & 255);
}

const char *ir_addr_str(const struct ir_addr *a, char *buf, size_t len)
{
	char x[INET6_ADDRSTRLEN], y[INET6_ADDRSTRLEN];

	switch ((enum ir_addr_kind)a->kind) {
	case IR_ADDR_ANY:
		snprintf(buf, len, "any");
		break;
	case IR_ADDR_ANY4:
		snprintf(buf, len, "any4");
		break;
	case IR_ADDR_ANY6:
		snprintf(buf, len, "any6");
		break;
	case IR_ADDR_NET:
		inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->a, x,
			  sizeof(x));
		if (a->family == 6) {
			snprintf(buf, len, "%s/%u", x, a->plen);
		} else if (a->mask_written &&
			   ir_mask_plen(a->mask_written) < 0) {
			uint32_t m = a->mask_written;

			snprintf(buf, len, "%s %u.%u.%u.%u", x, m >> 24,
				 (m >> 16) & 255, (m >> 8) & 255, m & 255);
		} else if (a->plen == 32 && !a->mask_written) {
			snprintf(buf, len, "%s", x);
		} else {
			mask_str(a->plen, y, sizeof(y));
			snprintf(buf, len, "%s %s", x, y);
		}
		break;
	case IR_ADDR_RANGE:
		inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->a, x,
			  sizeof(x));
		inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->b, y,
			  sizeof(y));
		snprintf(buf, len, "%s-%s", x, y);
		break;
	case IR_ADDR_OBJECT:
		snprintf(buf, len, "object %s", a->ref.s);
		break;
	case IR_ADDR_GROUP:
		snprintf(buf, len, "object-group %s", a->ref.s);
		break;
	case IR_ADDR_NAME:
		snprintf(buf, len, "%s", a->ref.s);
		break;
	case IR_ADDR_INTERFACE:
		snprintf(buf, len, "interface %s", a->ref.s);
		break;
	case IR_ADDR_FQDN:
		snprintf(buf, len, "fqdn %s", a->ref.s);
		break;
	}
	return buf;
}

const struct ir_addr *ir_peer_addr(const struct ir_addr *a)
{
	if (a->kind == IR_ADDR_NAME && a->target)
		a = ((const struct ir_name *)a->target)->addr;
	return a && a->kind == IR_ADDR_NET ? a : NULL;
}

bool ir_tg_remote_access(const struct ir_tunnel_group *tg)
{
	if (tg->type.s)
		return !strcasecmp(tg->type.s, "remote-access") ||
		       !strcasecmp(tg->type.s, "ipsec-ra");
	return tg->name.s && !strcmp(tg->name.s, "DefaultRAGroup");
}

bool ir_addr_canon(const char *s, char *buf, size_t len)
{
	uint8_t a[16];

	if (inet_pton(AF_INET, s, a) == 1)
		inet_ntop(AF_INET, a, buf, (socklen_t)len);
	else if (inet_pton(AF_INET6, s, a) == 1)
		inet_ntop(AF_INET6, a, buf, (socklen_t)len);
	else
		return false;
	return true;
}

const struct ir_tunnel_group *ir_tunnel_group(const struct ir *ir,
					      const char *name)
{
	const struct ir_tunnel_group *tg;
	char canon[INET6_ADDRSTRLEN];

	tg = map_get(&ir->m_tgs, strtab_intern(ir->strs, name, strlen(name)));
	/* a group named after a peer's address is also filed under the
	 * address's canonical text (apply.c): 2001:DB8:0::9 is 2001:db8::9 */
	if (!tg && ir_addr_canon(name, canon, sizeof(canon)))
		tg = map_get(&ir->m_tgs, strtab_intern(ir->strs, canon,
						       strlen(canon)));
	return tg;
}

const char *ir_peer_str(const struct ir_addr *a, char *buf, size_t len)
{
	const struct ir_addr *p = ir_peer_addr(a);
	char x[INET6_ADDRSTRLEN];

	if (!p || (p->plen != (p->family == 6 ? 128 : 32)))
		return ir_addr_str(a, buf, len);
	inet_ntop(p->family == 6 ? AF_INET6 : AF_INET, p->a, x, sizeof(x));
	snprintf(buf, len, "%s", x);
	return buf;
}

const struct ir_access_group *ir_access_group(const struct ir *ir,
					      enum ir_ag_dir dir,
					      const char *iface)
{
	const struct ir_access_group *ag;
	uint32_t i;

	vec_foreach(&ir->access_groups, i, ag) {
		if (ag->dir != dir || !ag->acl_target)
			continue;
		if (dir == IR_AG_GLOBAL || (iface && ag->iface.s &&
					    !strcmp(ag->iface.s, iface)))
			return ag;
	}
	return NULL;
}

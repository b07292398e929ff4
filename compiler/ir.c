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
	map_free(&ir->m_profiles);
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

bool ir_anyconnect(const struct ir *ir)
{
	const struct ir_webvpn *w = &ir->webvpn;

	return w->present && w->anyconnect.set && w->anyconnect.v &&
	       w->enabled.n > 0;
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

/* the key itself: its span ends the command's text, after any type
 * (0, 8, hex) psk_set() took off */
static void mark_psk(const struct ir_psk *k, struct src_file *f)
{
	struct loc l = k->loc;
	size_t n;

	if (!k->set || !k->key || k->masked)
		return;
	n = strlen(k->key);
	if (n < l.end - l.start)
		l.start = l.end - (uint32_t)n;
	src_secret(f, &l);
}

/*
 * A command asac keeps without modelling it may still hold a secret
 * (enable password, snmp-server community, an IOS key): the token after
 * password, passwd, secret, community, key, key-string or
 * pre-shared-key, or after the one-digit type that may follow (password
 * 7 ...), is marked, and the last token of a command with
 * authentication-key or message-digest-key.  `crypto key` (key pairs)
 * holds none.
 */
static void mark_unmodeled(struct src_file *f, const struct loc *l)
{
	static const char *const kw[] = {
		"password", "passwd", "secret", "community", "key",
		"key-string", "pre-shared-key", NULL
	};
	/* ntp authentication-key N md5 KEY, ospf message-digest-key N md5
	 * KEY: the key is the command's last token */
	static const char *const last[] = {
		"authentication-key", "message-digest-key", NULL
	};
	uint32_t lt = 0, lte = 0;	/* the last token */
	bool mark_last = false;
	uint32_t p = l->start, e = l->end < f->len ? l->end : (uint32_t)f->len;
	char prev[16] = "";
	int want = 0;	/* 1: the next token is a secret, 2: maybe a type */

	while (p < e) {
		uint32_t s, n;
		size_t k;
		bool hit = false;

		while (p < e && (f->data[p] == ' ' || f->data[p] == '\t'))
			p++;
		s = p;
		while (p < e && f->data[p] != ' ' && f->data[p] != '\t' &&
		       f->data[p] != '\r' && f->data[p] != '\n')
			p++;
		n = p - s;
		if (!n)
			break;
		lt = s;
		lte = p;
		for (k = 0; last[k]; k++)
			if (strlen(last[k]) == n &&
			    !strncasecmp(f->data + s, last[k], n))
				mark_last = true;
		if (want == 2 && n == 1 && f->data[s] >= '0' &&
		    f->data[s] <= '9') {
			want = 1;
			continue;
		}
		if (want) {
			struct loc t = { l->file, s, p };

			src_secret(f, &t);
			want = 0;
			continue;
		}
		for (k = 0; kw[k]; k++)
			if (strlen(kw[k]) == n &&
			    !strncasecmp(f->data + s, kw[k], n))
				hit = true;
		if (hit && !(n == 3 && !strcasecmp(prev, "crypto")))
			want = 2;
		snprintf(prev, sizeof(prev), "%.*s", (int)(n < 15 ? n : 15),
			 f->data + s);
	}
	if (mark_last && lte > lt) {
		struct loc t = { l->file, lt, lte };

		src_secret(f, &t);
	}
}

void ir_mark_secrets(const struct ir *ir, struct src_file *f)
{
	const struct ir_tunnel_group *tg;
	const struct ir_aaa_group *g;
	const struct ir_aaa_host *h;
	const struct ir_user *u;
	const struct ir_reconnect_key *rk;
	const struct ir_unmodeled *um;
	uint32_t i, j;

	vec_foreach(&ir->tunnel_groups, i, tg) {
		mark_psk(&tg->ikev1_psk, f);
		mark_psk(&tg->ikev2_local_psk, f);
		mark_psk(&tg->ikev2_remote_psk, f);
	}
	vec_foreach(&ir->aaa_groups, i, g)
		vec_foreach(&g->hosts, j, h)
			mark_psk(&h->key, f);
	mark_psk(&ir->lb.cluster_key, f);
	/* passwords, and the hashes show running-config prints for them */
	vec_foreach(&ir->users, i, u)
		if (u->password)
			src_secret(f, &u->password_loc);
	vec_foreach(&ir->redirect.reconnect_keys, i, rk)
		src_secret(f, &rk->key_loc);
	vec_foreach(&ir->unmodeled, i, um)
		mark_unmodeled(f, &um->loc);
	src_secrets_done(f);
}

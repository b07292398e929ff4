/* SPDX-License-Identifier: MIT */
/*
 * wire.c - asacd's cluster messages (see wire.h).
 */
#include <string.h>

#include <sodium.h>

#include "runtime/wire.h"

const char *wire_err_name(enum wire_err e)
{
	switch (e) {
	case WIRE_OK:
		return "ok";
	case WIRE_MALFORMED:
		return "malformed";
	case WIRE_UNSEALED:
		return "not encrypted";
	case WIRE_SEALED:
		return "encrypted";
	case WIRE_AUTH:
		return "failed authentication";
	case WIRE_NERR:
		break;
	}
	return "?";
}

int wire_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void wire_key(const char *secret, uint8_t key[WIRE_KEYBYTES])
{
	/* a domain-separated BLAKE2b of the shared secret, so the same
	 * string used elsewhere never gives the same key */
	static const char ctx[] = "asacd cluster v1";

	crypto_generichash(key, WIRE_KEYBYTES, (const unsigned char *)secret,
			   strlen(secret), (const unsigned char *)ctx,
			   sizeof(ctx) - 1);
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static size_t body_encode(const struct wire_msg *w, uint8_t *b)
{
	const struct cl_msg *m = &w->m;
	const struct cl_report *r = &m->report;
	size_t fl = strnlen(w->fqdn, WIRE_FQDN_MAX);
	uint8_t *p = b;

	*p++ = (uint8_t)m->type;
	*p++ = m->priority;
	*p++ = m->was_master;
	*p++ = 0;
	p = put32(p, m->from_ip);
	memcpy(p, m->from_mac, 6);
	p += 6;
	*p++ = 0;
	*p++ = 0;
	p = put32(p, (uint32_t)(w->counter >> 32));
	p = put32(p, (uint32_t)w->counter);
	p = put32(p, r->active[LB_ANYCONNECT]);
	p = put32(p, r->active[LB_OTHER]);
	p = put32(p, r->inactive);
	p = put32(p, r->limit[LB_ANYCONNECT]);
	p = put32(p, r->limit[LB_OTHER]);
	p = put32(p, r->system_load);
	p = put32(p, r->max_session);
	p = put32(p, w->redirect_ip);
	*p++ = (uint8_t)fl;
	memcpy(p, w->fqdn, fl);
	return (size_t)(p - b) + fl;
}

size_t wire_encode(const struct wire_msg *w, const uint8_t *key,
		   uint8_t buf[WIRE_MAX])
{
	uint8_t body[WIRE_BODY_FIXED + WIRE_FQDN_MAX];
	size_t blen = body_encode(w, body);

	memcpy(buf, WIRE_MAGIC, 4);
	buf[4] = WIRE_VERSION;
	buf[5] = key ? 1 : 0;
	buf[6] = buf[7] = 0;
	if (!key) {
		memcpy(buf + WIRE_HDR, body, blen);
		return WIRE_HDR + blen;
	}
	randombytes_buf(buf + WIRE_HDR, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(buf + WIRE_HDR + crypto_secretbox_NONCEBYTES,
			      body, blen, buf + WIRE_HDR, key);
	sodium_memzero(body, sizeof(body));
	return WIRE_HDR + crypto_secretbox_NONCEBYTES +
	       crypto_secretbox_MACBYTES + blen;
}

static enum wire_err body_decode(const uint8_t *b, size_t len,
				 struct wire_msg *w)
{
	struct cl_msg *m = &w->m;
	struct cl_report *r = &m->report;
	size_t fl;

	if (len < WIRE_BODY_FIXED)
		return WIRE_MALFORMED;
	fl = b[WIRE_BODY_FIXED - 1];
	if (len != WIRE_BODY_FIXED + fl)
		return WIRE_MALFORMED;
	memset(w, 0, sizeof(*w));
	if (b[0] < CL_MSG_HELLO || b[0] > CL_MSG_LEAVE || b[2] > 1)
		return WIRE_MALFORMED;
	m->type = (enum cl_msg_type)b[0];
	m->priority = b[1];
	m->was_master = b[2];
	m->from_ip = get32(b + 4);
	memcpy(m->from_mac, b + 8, 6);
	w->counter = (uint64_t)get32(b + 16) << 32 | get32(b + 20);
	r->active[LB_ANYCONNECT] = get32(b + 24);
	r->active[LB_OTHER] = get32(b + 28);
	r->inactive = get32(b + 32);
	r->limit[LB_ANYCONNECT] = get32(b + 36);
	r->limit[LB_OTHER] = get32(b + 40);
	r->system_load = get32(b + 44);
	r->max_session = get32(b + 48);
	w->redirect_ip = get32(b + 52);
	memcpy(w->fqdn, b + WIRE_BODY_FIXED, fl);
	w->fqdn[fl] = 0;
	/* an FQDN holds no NULs, and the reports must make sense */
	if (strlen(w->fqdn) != fl || r->inactive > r->active[LB_ANYCONNECT] ||
	    !m->from_ip)
		return WIRE_MALFORMED;
	return WIRE_OK;
}

enum wire_err wire_decode(const uint8_t *buf, size_t len, const uint8_t *key,
			  struct wire_msg *w)
{
	uint8_t body[WIRE_BODY_FIXED + WIRE_FQDN_MAX];
	const size_t over = crypto_secretbox_NONCEBYTES +
			    crypto_secretbox_MACBYTES;
	enum wire_err e;

	if (len < WIRE_HDR || memcmp(buf, WIRE_MAGIC, 4) ||
	    buf[4] != WIRE_VERSION || buf[5] > 1 || buf[6] || buf[7])
		return WIRE_MALFORMED;
	if (!buf[5]) {
		if (key)
			return WIRE_UNSEALED;
		return body_decode(buf + WIRE_HDR, len - WIRE_HDR, w);
	}
	if (!key)
		return WIRE_SEALED;
	if (len < WIRE_HDR + over + WIRE_BODY_FIXED ||
	    len > WIRE_HDR + over + sizeof(body))
		return WIRE_MALFORMED;
	if (crypto_secretbox_open_easy(body,
				       buf + WIRE_HDR + crypto_secretbox_NONCEBYTES,
				       len - WIRE_HDR - crypto_secretbox_NONCEBYTES,
				       buf + WIRE_HDR, key) != 0)
		return WIRE_AUTH;
	e = body_decode(body, len - WIRE_HDR - over, w);
	sodium_memzero(body, sizeof(body));
	return e;
}

bool wire_replay_check(struct wire_peer *peers, size_t *n, size_t cap,
		       uint32_t ip, uint64_t counter)
{
	size_t i, low = 0;

	for (i = 0; i < *n; i++) {
		if (peers[i].ip == ip) {
			if (counter <= peers[i].counter)
				return false;
			peers[i].counter = counter;
			return true;
		}
		if (peers[i].counter < peers[low].counter)
			low = i;
	}
	if (*n < cap)
		low = (*n)++;
	peers[low].ip = ip;
	peers[low].counter = counter;
	return true;
}

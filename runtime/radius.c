/* SPDX-License-Identifier: MIT */
/*
 * radius.c - RADIUS Accounting-Request packets (RFC 2866) and their
 * answers, for asacd's accounting of remote-access sessions.
 */
#include "runtime/radius.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sodium.h>

#include "compiler/util.h"

/* --- MD5 (RFC 1321) --------------------------------------------------------- */

/* floor(|sin(i + 1)| * 2^32), RFC 1321 §3.4 */
static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* the per-round rotations, RFC 1321 §3.4 */
static const uint8_t md5_r[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 },
	{ 6, 10, 15, 21 },
};

struct md5 {
	uint32_t h[4];
	uint64_t len;			/* bytes so far */
	uint8_t buf[64];
	size_t nbuf;
};

static uint32_t rol(uint32_t x, unsigned int n)
{
	return (x << n) | (x >> (32 - n));
}

static void md5_block(struct md5 *m, const uint8_t *p)
{
	uint32_t x[16], a = m->h[0], b = m->h[1], c = m->h[2], d = m->h[3];
	unsigned int i;

	for (i = 0; i < 16; i++)
		x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 |
		       (uint32_t)p[4 * i + 3] << 24;
	for (i = 0; i < 64; i++) {
		uint32_t f, t;
		unsigned int g, r = i / 16;

		if (r == 0)
			f = (b & c) | (~b & d), g = i;
		else if (r == 1)
			f = (b & d) | (c & ~d), g = (5 * i + 1) % 16;
		else if (r == 2)
			f = b ^ c ^ d, g = (3 * i + 5) % 16;
		else
			f = c ^ (b | ~d), g = (7 * i) % 16;
		t = d;
		d = c;
		c = b;
		b = b + rol(a + f + md5_k[i] + x[g], md5_r[r][i % 4]);
		a = t;
	}
	m->h[0] += a;
	m->h[1] += b;
	m->h[2] += c;
	m->h[3] += d;
}

static void md5_add(struct md5 *m, const uint8_t *p, size_t n)
{
	m->len += n;
	while (n) {
		size_t k = 64 - m->nbuf < n ? 64 - m->nbuf : n;

		memcpy(m->buf + m->nbuf, p, k);
		m->nbuf += k;
		p += k;
		n -= k;
		if (m->nbuf == 64) {
			md5_block(m, m->buf);
			m->nbuf = 0;
		}
	}
}

void rad_md5(const void *const *p, const size_t *l, size_t n,
	     uint8_t out[16])
{
	struct md5 m = { .h = { 0x67452301, 0xefcdab89, 0x98badcfe,
				0x10325476 } };
	uint8_t pad[72] = { 0x80 };
	uint64_t bits;
	size_t i, np;

	for (i = 0; i < n; i++)
		md5_add(&m, p[i], l[i]);
	/* 0x80, zeros to 56 mod 64, the length in bits, little-endian */
	bits = m.len * 8;
	np = (m.nbuf < 56 ? 56 : 120) - m.nbuf;
	for (i = 0; i < 8; i++)
		pad[np + i] = (uint8_t)(bits >> (8 * i));
	md5_add(&m, pad, np + 8);
	for (i = 0; i < 16; i++)
		out[i] = (uint8_t)(m.h[i / 4] >> (8 * (i % 4)));
}

/* --- packets ------------------------------------------------------------------ */

struct pkt {
	uint8_t *b;
	size_t n, cap;
	bool full;
};

static void attr(struct pkt *p, uint8_t type, const void *v, size_t n)
{
	if (n > 253 || p->n + 2 + n > p->cap) {
		p->full = true;
		return;
	}
	p->b[p->n] = type;
	p->b[p->n + 1] = (uint8_t)(n + 2);
	memcpy(p->b + p->n + 2, v, n);
	p->n += 2 + n;
}

static void attr_str(struct pkt *p, uint8_t type, const char *s)
{
	if (s && *s)
		attr(p, type, s, strlen(s));
}

static void attr_u32(struct pkt *p, uint8_t type, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };

	attr(p, type, b, 4);
}

/* an address attribute: NAS-IP-Address (4) or NAS-IPv6-Address (95),
 * Framed-IP-Address (8) or Framed-IPv6-Address (168, RFC 6911) */
static void attr_addr(struct pkt *p, uint8_t t4, uint8_t t6, const char *s)
{
	uint8_t a[16];

	if (!s || !*s)
		return;
	if (inet_pton(AF_INET, s, a) == 1)
		attr(p, t4, a, 4);
	else if (inet_pton(AF_INET6, s, a) == 1)
		attr(p, t6, a, 16);
}

/* a 64-bit counter: Acct-*-Octets and its Gigawords (RFC 2869 §5.1) */
static void attr_octets(struct pkt *p, uint8_t type, uint8_t giga,
			long long v)
{
	if (v < 0)
		return;
	attr_u32(p, type, (uint32_t)v);
	if ((unsigned long long)v >> 32)
		attr_u32(p, giga, (uint32_t)((unsigned long long)v >> 32));
}

size_t rad_acct_build(uint8_t *buf, size_t cap, uint8_t id,
		      const struct rad_acct *a, const char *secret)
{
	struct pkt p = { buf, 20, cap, false };
	uint8_t auth[RAD_AUTH_LEN];
	const void *parts[2];
	size_t lens[2];

	if (cap < 20)
		return 0;
	buf[0] = RAD_ACCOUNTING_REQUEST;
	buf[1] = id;
	attr_u32(&p, 40, (uint32_t)a->status);		/* Acct-Status-Type */
	attr_str(&p, 44, a->session_id);		/* Acct-Session-Id */
	attr_str(&p, 1, a->user);			/* User-Name */
	attr_addr(&p, 4, 95, a->nas_ip);
	attr_str(&p, 32, a->nas_id);			/* NAS-Identifier */
	attr_u32(&p, 61, 5);			/* NAS-Port-Type: Virtual */
	attr_addr(&p, 8, 168, a->framed_ip);
	attr_str(&p, 31, a->calling);		/* Calling-Station-Id */
	attr_u32(&p, 45, 1);			/* Acct-Authentic: RADIUS */
	if (a->status == RAD_ACCT_STOP) {
		if (a->session_time >= 0)	/* Acct-Session-Time */
			attr_u32(&p, 46, (uint32_t)a->session_time);
		attr_octets(&p, 42, 52, a->in_octets);
		attr_octets(&p, 43, 53, a->out_octets);
	}
	if (p.full)
		return 0;
	buf[2] = (uint8_t)(p.n >> 8);
	buf[3] = (uint8_t)p.n;
	/* Request Authenticator = MD5(Code + Identifier + Length + 16 zero
	 * octets + request attributes + shared secret) */
	memset(buf + 4, 0, RAD_AUTH_LEN);
	parts[0] = buf;
	lens[0] = p.n;
	parts[1] = secret;
	lens[1] = strlen(secret);
	rad_md5(parts, lens, 2, auth);
	memcpy(buf + 4, auth, RAD_AUTH_LEN);
	return p.n;
}

void rad_hmac_md5(const char *key, const uint8_t *m, size_t n,
		  uint8_t out[16])
{
	uint8_t k[64] = { 0 }, ipad[64], opad[64], inner[16];
	size_t kl = strlen(key), i;
	const void *p[2];
	size_t l[2];

	if (kl > 64) {
		p[0] = key;
		l[0] = kl;
		rad_md5(p, l, 1, k);
	} else {
		memcpy(k, key, kl);
	}
	for (i = 0; i < 64; i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	p[0] = ipad;
	l[0] = 64;
	p[1] = m;
	l[1] = n;
	rad_md5(p, l, 2, inner);
	p[0] = opad;
	p[1] = inner;
	l[1] = 16;
	rad_md5(p, l, 2, out);
}

size_t rad_access_build(uint8_t *buf, size_t cap, uint8_t id,
			const uint8_t auth[RAD_AUTH_LEN],
			const struct rad_acct *a, const char *pw,
			const char *secret)
{
	struct pkt p = { buf, 20, cap, false };
	uint8_t hidden[128] = { 0 }, b[16], zero[16] = { 0 }, mac[16];
	size_t pl = strlen(pw), n, i, j, at;
	const void *parts[2];
	size_t lens[2];

	if (cap < 20 || pl > sizeof(hidden))
		return 0;
	buf[0] = RAD_ACCESS_REQUEST;
	buf[1] = id;
	memcpy(buf + 4, auth, RAD_AUTH_LEN);
	attr_str(&p, 1, a->user);			/* User-Name */
	/* User-Password: padded to 16 octets, each block XORed with
	 * MD5(secret + the previous cipher block, the authenticator first) */
	n = pl ? (pl + 15) / 16 * 16 : 16;
	memcpy(hidden, pw, pl);
	for (i = 0; i < n; i += 16) {
		parts[0] = secret;
		lens[0] = strlen(secret);
		parts[1] = i ? hidden + i - 16 : auth;
		lens[1] = 16;
		rad_md5(parts, lens, 2, b);
		for (j = 0; j < 16; j++)
			hidden[i + j] ^= b[j];
	}
	attr(&p, 2, hidden, n);
	attr_addr(&p, 4, 95, a->nas_ip);
	attr_str(&p, 32, a->nas_id);			/* NAS-Identifier */
	attr_u32(&p, 61, 5);			/* NAS-Port-Type: Virtual */
	attr_str(&p, 31, a->calling);		/* Calling-Station-Id */
	at = p.n;
	attr(&p, 80, zero, 16);			/* Message-Authenticator */
	if (p.full)
		return 0;
	buf[2] = (uint8_t)(p.n >> 8);
	buf[3] = (uint8_t)p.n;
	/* HMAC-MD5 over the whole packet, its own value zero */
	rad_hmac_md5(secret, buf, p.n, mac);
	memcpy(buf + at + 2, mac, 16);
	return p.n;
}

bool rad_check_response(const uint8_t *resp, size_t n, const uint8_t *req,
			int want, const char *secret)
{
	uint8_t got[RAD_AUTH_LEN], sum[RAD_AUTH_LEN];
	const void *parts[4];
	size_t lens[4], len;

	if (n < 20)
		return false;
	len = (size_t)resp[2] << 8 | resp[3];
	if (len < 20 || len > n || resp[0] != want || resp[1] != req[1])
		return false;
	/* Response Authenticator = MD5(Code + ID + Length + Request
	 * Authenticator + response attributes + shared secret) */
	memcpy(got, resp + 4, RAD_AUTH_LEN);
	parts[0] = resp;
	lens[0] = 4;
	parts[1] = req + 4;
	lens[1] = RAD_AUTH_LEN;
	parts[2] = resp + 20;
	lens[2] = len - 20;
	parts[3] = secret;
	lens[3] = strlen(secret);
	rad_md5(parts, lens, 4, sum);
	return !memcmp(got, sum, RAD_AUTH_LEN);
}

/* --- the client ------------------------------------------------------------ */

struct rad_req {
	const struct rad_group *g;	/* &@copy */
	struct rad_group copy;		/* the group as it was sent to */
	size_t srv;			/* the server being tried */
	int sock;			/* 0 IPv4, 1 IPv6 */
	struct sockaddr_storage to;
	socklen_t tolen;
	uint64_t tag;
	int64_t tried_since, next;	/* this server's first try, retry */
	/* the request's attributes, their strings in @own */
	struct rad_acct a;
	char *own[4];
	char *pw;			/* an Access-Request's password */
	uint8_t pkt[RAD_MAX_PACKET];
	size_t len;
};

void rad_client_init(struct rad_client *c,
		     void (*done)(void *user, uint64_t tag, const char *group,
				  const char *server, enum rad_result r),
		     void *user)
{
	memset(c, 0, sizeof(*c));
	c->fd[0] = c->fd[1] = -1;
	c->done = done;
	c->user = user;
}

static void req_free(struct rad_req *r)
{
	size_t i;

	for (i = 0; i < 4; i++)
		free(r->own[i]);
	for (i = 0; i < r->copy.nsrv; i++) {
		free(r->copy.srv[i].address);
		free(r->copy.srv[i].key);
		free(r->copy.srv[i].nas_ip);
	}
	free(r->copy.srv);
	free(r->copy.name);
	free(r->copy.nas_id);
	free(r->pw);
	free(r);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* a request keeps its own copy of the group: a reload may free it */
static void group_copy(struct rad_group *to, const struct rad_group *g)
{
	size_t i;

	to->name = xstrdup(g->name);
	to->nas_id = dup_or_null(g->nas_id);
	to->srv = xcalloc(g->nsrv, sizeof(*to->srv));
	to->nsrv = g->nsrv;
	for (i = 0; i < g->nsrv; i++) {
		to->srv[i] = g->srv[i];
		to->srv[i].address = xstrdup(g->srv[i].address);
		to->srv[i].key = xstrdup(g->srv[i].key);
		to->srv[i].nas_ip = dup_or_null(g->srv[i].nas_ip);
	}
}

void rad_client_free(struct rad_client *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		req_free(c->v[i]);
	free(c->v);
	for (i = 0; i < 2; i++)
		if (c->fd[i] >= 0)
			close(c->fd[i]);
	c->v = NULL;
	c->n = 0;
	c->fd[0] = c->fd[1] = -1;
}

/* a copy of @s that @r owns */
static const char *own(struct rad_req *r, size_t i, const char *s)
{
	return s ? (r->own[i] = xstrdup(s)) : NULL;
}

/* the socket for family @sock, opened on first use */
static int sock_of(struct rad_client *c, int sock)
{
	if (c->fd[sock] < 0)
		c->fd[sock] = socket(sock ? AF_INET6 : AF_INET,
				     SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
				     0);
	return c->fd[sock];
}

/* an identifier no pending request on socket @sock has */
static int free_id(struct rad_client *c, int sock)
{
	bool used[256] = { false };
	size_t i, k, n = 0;

	for (i = 0; i < c->n; i++)
		if (c->v[i]->sock == sock && c->v[i]->len) {
			used[c->v[i]->pkt[1]] = true;
			n++;
		}
	if (n >= RAD_MAX_PENDING)
		return -1;
	for (k = 0; k < 256; k++) {
		uint8_t id = (uint8_t)(c->next_id[sock] + k);

		if (!used[id]) {
			c->next_id[sock] = (uint8_t)(id + 1);
			return id;
		}
	}
	return -1;
}

/* (re)address @r to server @r->srv and build its packet; false when the
 * server cannot be used (logged by the caller through done()) */
static bool req_target(struct rad_client *c, struct rad_req *r, int64_t now)
{
	const struct rad_server *s = &r->g->srv[r->srv];
	struct sockaddr_in *v4 = (struct sockaddr_in *)&r->to;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&r->to;
	int id;

	memset(&r->to, 0, sizeof(r->to));
	r->len = 0;
	unsigned int port = r->pw ? s->auth_port : s->port;

	if (inet_pton(AF_INET, s->address, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		r->tolen = sizeof(*v4);
		r->sock = 0;
	} else if (inet_pton(AF_INET6, s->address, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		r->tolen = sizeof(*v6);
		r->sock = 1;
	} else {
		return false;
	}
	if (sock_of(c, r->sock) < 0)
		return false;
	id = free_id(c, r->sock);
	if (id < 0)
		return false;
	r->a.nas_ip = s->nas_ip;
	r->a.nas_id = r->g->nas_id;
	if (r->pw) {
		uint8_t auth[RAD_AUTH_LEN];

		/* a new random Request Authenticator per server */
		randombytes_buf(auth, sizeof(auth));
		r->len = rad_access_build(r->pkt, sizeof(r->pkt), (uint8_t)id,
					  auth, &r->a, r->pw, s->key);
	} else {
		r->len = rad_acct_build(r->pkt, sizeof(r->pkt), (uint8_t)id,
					&r->a, s->key);
	}
	r->tried_since = now;
	return r->len > 0;
}

static void req_transmit(struct rad_client *c, struct rad_req *r,
			 int64_t now)
{
	const struct rad_server *s = &r->g->srv[r->srv];

	/* a failed send is retried like a lost datagram */
	(void)!sendto(c->fd[r->sock], r->pkt, r->len, 0,
		      (struct sockaddr *)&r->to, r->tolen);
	r->next = now + (s->retry_ms ? s->retry_ms : 1000);
}

static void req_remove(struct rad_client *c, size_t i)
{
	req_free(c->v[i]);
	memmove(&c->v[i], &c->v[i + 1], (c->n - i - 1) * sizeof(*c->v));
	c->n--;
}

static int req_send(struct rad_client *c, const struct rad_group *g,
		    const struct rad_acct *a, const char *pw, uint64_t tag,
		    int64_t now)
{
	struct rad_req *r;

	if (!g->nsrv || c->n >= 2 * RAD_MAX_PENDING) {
		c->dropped++;
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	group_copy(&r->copy, g);
	r->g = &r->copy;
	r->tag = tag;
	r->a = *a;
	r->a.session_id = own(r, 0, a->session_id);
	r->a.user = own(r, 1, a->user);
	r->a.framed_ip = own(r, 2, a->framed_ip);
	r->a.calling = own(r, 3, a->calling);
	r->pw = pw ? xstrdup(pw) : NULL;
	while (r->srv < g->nsrv && !req_target(c, r, now))
		r->srv++;
	if (r->srv == g->nsrv) {
		req_free(r);
		c->dropped++;
		return -1;
	}
	c->v = xrealloc_array(c->v, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = r;
	c->sent++;
	req_transmit(c, r, now);
	return 0;
}

int rad_acct_send(struct rad_client *c, const struct rad_group *g,
		  const struct rad_acct *a, uint64_t tag, int64_t now)
{
	return req_send(c, g, a, NULL, tag, now);
}

int rad_access_send(struct rad_client *c, const struct rad_group *g,
		    const struct rad_acct *a, const char *pw, uint64_t tag,
		    int64_t now)
{
	return req_send(c, g, a, pw, tag, now);
}

int64_t rad_tick(struct rad_client *c, int64_t now)
{
	int64_t next = -1;
	size_t i = 0;

	while (i < c->n) {
		struct rad_req *r = c->v[i];
		const struct rad_server *s = &r->g->srv[r->srv];

		if (r->next > now) {
			next = next < 0 || r->next < next ? r->next : next;
			i++;
			continue;
		}
		if (now - r->tried_since < (int64_t)s->timeout_ms) {
			c->retransmits++;
			req_transmit(c, r, now);
			continue;	/* r->next is later now */
		}
		/* this server's timeout: the next one, or give up */
		do
			r->srv++;
		while (r->srv < r->g->nsrv && !req_target(c, r, now));
		if (r->srv < r->g->nsrv) {
			req_transmit(c, r, now);
			continue;
		}
		c->failed++;
		if (c->done)
			c->done(c->user, r->tag, r->g->name,
				r->g->srv[r->g->nsrv - 1].address,
				RAD_NO_ANSWER);
		req_remove(c, i);
	}
	return next;
}

void rad_readable(struct rad_client *c, int sock)
{
	uint8_t b[RAD_MAX_PACKET];
	struct sockaddr_storage from;
	socklen_t fl;
	ssize_t n;
	size_t i;

	if (c->fd[sock] < 0)
		return;
	for (;;) {
		fl = sizeof(from);
		n = recvfrom(c->fd[sock], b, sizeof(b), 0,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		for (i = 0; i < c->n; i++) {
			struct rad_req *r = c->v[i];
			const struct rad_server *s = &r->g->srv[r->srv];

			/* from the server asked, with its identifier and a
			 * valid authenticator; anything else is ignored */
			enum rad_result res = RAD_ANSWERED;

			if (r->sock != sock || fl != r->tolen ||
			    memcmp(&from, &r->to, fl))
				continue;
			if (!r->pw) {
				if (!rad_check_response(b, (size_t)n, r->pkt,
							RAD_ACCOUNTING_RESPONSE,
							s->key))
					continue;
			} else if (rad_check_response(b, (size_t)n, r->pkt,
						      RAD_ACCESS_REJECT,
						      s->key)) {
				res = RAD_REJECTED;
			} else if (!rad_check_response(b, (size_t)n, r->pkt,
						       RAD_ACCESS_ACCEPT,
						       s->key)) {
				continue;
			}
			c->answers++;
			if (c->done)
				c->done(c->user, r->tag, r->g->name,
					s->address, res);
			req_remove(c, i);
			break;
		}
	}
}

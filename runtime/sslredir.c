/* SPDX-License-Identifier: MIT */
/*
 * sslredir.c - the cluster master's HTTP redirect of AnyConnect SSL
 * clients (see sslredir.h).
 */
#include "runtime/sslredir.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "compiler/util.h"

/* not in <netinet/in.h> under _POSIX_C_SOURCE; <linux/in.h> */
#ifndef IP_FREEBIND
#define IP_FREEBIND 15
#endif

enum st { S_FREE, S_HANDSHAKE, S_READ, S_WRITE };

struct conn {
	enum st st;
	int fd;
	SSL *ssl;
	short want;			/* POLLIN or POLLOUT */
	int64_t deadline;
	char client[INET_ADDRSTRLEN];
	char req[SSLR_REQ_MAX + 1];
	size_t len;
	char out[768];
	size_t olen, opos;
};

struct sslr {
	int lfd;
	unsigned int port;
	SSL_CTX *ctx;
	sslr_choose_fn choose;
	void *arg;
	struct conn c[SSLR_MAX];
	int pslot[SSLR_MAX + 1];	/* pollfd k -> slot (k 0: listener) */
	struct sslr_stats st;
};

static void ssl_err(char *err, size_t errlen, const char *what,
		    const char *file)
{
	char e[256];
	unsigned long code = ERR_get_error();

	ERR_error_string_n(code, e, sizeof(e));
	snprintf(err, errlen, "%s %s: %s", what, file, code ? e : "error");
	ERR_clear_error();
}

struct sslr *sslr_open(uint32_t ip, unsigned int port, const char *cert,
		       const char *key, sslr_choose_fn choose, void *arg,
		       char *err, size_t errlen)
{
	struct sslr *r = xcalloc(1, sizeof(*r));
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(ip) };
	int one = 1, i;

	r->lfd = -1;
	r->port = port;
	r->choose = choose;
	r->arg = arg;
	for (i = 0; i < SSLR_MAX; i++)
		r->c[i].fd = -1;
	r->ctx = SSL_CTX_new(TLS_server_method());
	if (!r->ctx) {
		ssl_err(err, errlen, "TLS:", "context");
		goto fail;
	}
	/* no SSLv3/TLS 1.0/1.1, whatever the ASA allowed (lint
	 * ssl-old-protocol says so of the configuration) */
	SSL_CTX_set_min_proto_version(r->ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(r->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
			 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (SSL_CTX_use_certificate_chain_file(r->ctx, cert) != 1) {
		ssl_err(err, errlen, "cannot load the certificate", cert);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(r->ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(r->ctx) != 1) {
		ssl_err(err, errlen, "cannot load the key", key);
		goto fail;
	}
	r->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			0);
	if (r->lfd < 0 ||
	    setsockopt(r->lfd, SOL_SOCKET, SO_REUSEADDR, &one,
		       sizeof(one)) < 0 ||
	    setsockopt(r->lfd, IPPROTO_IP, IP_FREEBIND, &one,
		       sizeof(one)) < 0 ||
	    bind(r->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(r->lfd, 64) < 0) {
		char a[INET_ADDRSTRLEN];

		snprintf(err, errlen, "cannot listen on %s:%u: %s",
			 inet_ntop(AF_INET, &sa.sin_addr, a, sizeof(a)), port,
			 strerror(errno));
		goto fail;
	}
	return r;
fail:
	sslr_close(r);
	return NULL;
}

static void conn_close(struct conn *c)
{
	if (c->ssl)
		SSL_free(c->ssl);
	if (c->fd >= 0)
		close(c->fd);
	c->ssl = NULL;
	c->fd = -1;
	c->st = S_FREE;
}

void sslr_close(struct sslr *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < SSLR_MAX; i++)
		if (r->c[i].st != S_FREE)
			conn_close(&r->c[i]);
	if (r->lfd >= 0)
		close(r->lfd);
	if (r->ctx)
		SSL_CTX_free(r->ctx);
	free(r);
}

size_t sslr_pollfds(struct sslr *r, struct pollfd *p, size_t max)
{
	size_t n = 0, used = 0;
	int i;

	if (!max)
		return 0;
	for (i = 0; i < SSLR_MAX; i++)
		used += r->c[i].st != S_FREE;
	/* a full table accepts nothing until a slot is free */
	p[n] = (struct pollfd){ .fd = r->lfd,
				.events = used < SSLR_MAX ? POLLIN : 0 };
	r->pslot[n++] = -1;
	for (i = 0; i < SSLR_MAX && n < max; i++) {
		if (r->c[i].st == S_FREE)
			continue;
		p[n] = (struct pollfd){ .fd = r->c[i].fd,
					.events = r->c[i].want };
		r->pslot[n++] = i;
	}
	return n;
}

/* what SSL_get_error() says after @ret: 0 wait (want set), -1 fail */
static int wait_for(struct conn *c, int ret)
{
	switch (SSL_get_error(c->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		c->want = POLLIN;
		return 0;
	case SSL_ERROR_WANT_WRITE:
		c->want = POLLOUT;
		return 0;
	default:
		ERR_clear_error();
		return -1;
	}
}

/* The request's path, if it is a plain one, else "/". */
static void req_path(const char *req, char *path, size_t len)
{
	const char *p = strchr(req, ' '), *e;
	size_t n;

	snprintf(path, len, "/");
	if (!p || p[1] != '/')
		return;
	p++;
	for (e = p; *e > ' ' && *e < 127 && *e != '"'; e++)
		;
	n = (size_t)(e - p);
	if (*e != ' ' || n >= len || n > 255)
		return;
	memcpy(path, p, n);
	path[n] = 0;
}

static void respond(struct sslr *r, struct conn *c)
{
	char host[300], path[260], port[16] = "";
	int n;

	req_path(c->req, path, sizeof(path));
	if (r->port != 443)
		snprintf(port, sizeof(port), ":%u", r->port);
	if (r->choose(r->arg, c->client, host, sizeof(host))) {
		n = snprintf(c->out, sizeof(c->out), "HTTP/1.1 302 Found\r\n"
			     "Location: https://%s%s%s\r\n"
			     "Content-Length: 0\r\nConnection: close\r\n\r\n",
			     host, port, path);
		r->st.redirected++;
	} else {
		n = snprintf(c->out, sizeof(c->out), "HTTP/1.1 503 Service "
			     "Unavailable\r\nContent-Length: 0\r\n"
			     "Connection: close\r\n\r\n");
		r->st.full++;
	}
	c->olen = n > 0 && (size_t)n < sizeof(c->out) ? (size_t)n : 0;
	c->opos = 0;
}

/* Carry connection @c on: 0 waiting, 1 answered, -1 failed. */
static int advance(struct sslr *r, struct conn *c)
{
	int ret;

	for (;;) {
		switch (c->st) {
		case S_HANDSHAKE:
			ret = SSL_accept(c->ssl);
			if (ret != 1)
				return wait_for(c, ret);
			c->st = S_READ;
			break;
		case S_READ:
			ret = SSL_read(c->ssl, c->req + c->len,
				       (int)(SSLR_REQ_MAX - c->len));
			if (ret <= 0)
				return wait_for(c, ret);
			c->len += (size_t)ret;
			c->req[c->len] = 0;
			if (strstr(c->req, "\r\n\r\n")) {
				respond(r, c);
				if (!c->olen)
					return -1;
				c->st = S_WRITE;
			} else if (c->len >= SSLR_REQ_MAX) {
				return -1;
			}
			break;
		case S_WRITE:
			ret = SSL_write(c->ssl, c->out + c->opos,
					(int)(c->olen - c->opos));
			if (ret <= 0)
				return wait_for(c, ret);
			c->opos += (size_t)ret;
			if (c->opos == c->olen) {
				SSL_shutdown(c->ssl);
				return 1;
			}
			break;
		default:
			return -1;
		}
	}
}

static void accept_new(struct sslr *r, int64_t now)
{
	for (;;) {
		struct sockaddr_in sa;
		socklen_t sl = sizeof(sa);
		struct conn *c = NULL;
		int fd, i;

		for (i = 0; i < SSLR_MAX && !c; i++)
			if (r->c[i].st == S_FREE)
				c = &r->c[i];
		if (!c)
			return;
		fd = accept(r->lfd, (struct sockaddr *)&sa, &sl);
		if (fd < 0)
			return;
		if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0 ||
		    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
			close(fd);
			r->st.failed++;
			continue;
		}
		memset(c, 0, offsetof(struct conn, req));
		c->len = 0;
		c->fd = fd;
		c->deadline = now + SSLR_DEADLINE_MS;
		inet_ntop(AF_INET, &sa.sin_addr, c->client, sizeof(c->client));
		c->ssl = SSL_new(r->ctx);
		if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
			r->st.failed++;
			conn_close(c);
			continue;
		}
		c->st = S_HANDSHAKE;
		if (advance(r, c) != 0) {
			r->st.failed++;
			conn_close(c);
		}
	}
}

void sslr_events(struct sslr *r, const struct pollfd *p, size_t n,
		 int64_t now)
{
	size_t k;
	int i, rc;

	for (k = 1; k < n; k++) {
		struct conn *c;

		if (!p[k].revents || r->pslot[k] < 0)
			continue;
		c = &r->c[r->pslot[k]];
		if (c->st == S_FREE || c->fd != p[k].fd)
			continue;
		rc = advance(r, c);
		if (rc < 0)
			r->st.failed++;
		if (rc != 0)
			conn_close(c);
	}
	for (i = 0; i < SSLR_MAX; i++)
		if (r->c[i].st != S_FREE && now >= r->c[i].deadline) {
			r->st.failed++;
			conn_close(&r->c[i]);
		}
	if (n && (p[0].revents & POLLIN))
		accept_new(r, now);
}

int64_t sslr_next(const struct sslr *r)
{
	int64_t t = -1;
	int i;

	for (i = 0; i < SSLR_MAX; i++)
		if (r->c[i].st != S_FREE && (t < 0 || r->c[i].deadline < t))
			t = r->c[i].deadline;
	return t;
}

void sslr_stats(const struct sslr *r, struct sslr_stats *s)
{
	*s = r->st;
}

/* SPDX-License-Identifier: MIT */
#ifndef ASAC_SSLREDIR_H
#define ASAC_SSLREDIR_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * sslredir - the cluster master's answer to AnyConnect SSL clients that
 * come to the cluster IP: TLS with the gateway's certificate (OpenSSL),
 * the client's first HTTP request read, and an HTTP redirect (302) to
 * the member the load-balancing algorithm chooses, which the client
 * follows (AnyConnect and openconnect do); 503 when every member is
 * full.  Seed 000: "The master device redirects the IPsec and SSL VPN
 * tunnel to the device with the lowest load"; the seeds do not say how
 * an SSL client is redirected: asac assumes the ASA's HTTP redirect.
 *
 * Non-blocking, driven by the daemon's poll(): at most SSLR_MAX
 * connections at a time, each given SSLR_DEADLINE_MS from accept to its
 * answer, a request of at most SSLR_REQ_MAX bytes of headers; more, or
 * slower, is closed without an answer, so a hostile client costs a slot
 * for a few seconds and nothing else.
 */
#define SSLR_MAX 32
#define SSLR_DEADLINE_MS 5000
#define SSLR_REQ_MAX 8192

struct sslr;

/* The member for a client: its host ("192.0.2.11" or an FQDN) into
 * @host; false when every member is full. */
typedef bool (*sslr_choose_fn)(void *arg, const char *client, char *host,
			       size_t len);

/* Listen on @ip (host order):@port, bound before the address is there
 * (IP_FREEBIND: the cluster IP comes and goes with mastership), with
 * the certificate chain @cert and key @key (PEM files).  NULL with a
 * message in @err on failure. */
struct sslr *sslr_open(uint32_t ip, unsigned int port, const char *cert,
		       const char *key, sslr_choose_fn choose, void *arg,
		       char *err, size_t errlen);
void sslr_close(struct sslr *r);

/* The descriptors to poll (listener and connections) into @p[0..max);
 * their number. */
size_t sslr_pollfds(struct sslr *r, struct pollfd *p, size_t max);
/* Carry on with what @p[0..n) (as sslr_pollfds() gave them, revents
 * set) says, at @now (ms); connections past their deadline are closed. */
void sslr_events(struct sslr *r, const struct pollfd *p, size_t n,
		 int64_t now);
/* The earliest deadline (ms), or -1. */
int64_t sslr_next(const struct sslr *r);

struct sslr_stats {
	unsigned long long redirected, full, failed;
};
void sslr_stats(const struct sslr *r, struct sslr_stats *s);

#endif /* ASAC_SSLREDIR_H */

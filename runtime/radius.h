/* SPDX-License-Identifier: MIT */
#ifndef ASAC_RADIUS_H
#define ASAC_RADIUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * radius - RADIUS accounting for asacd (RFC 2866): the Accounting-Request
 * a remote-access session's start and stop send to its tunnel group's
 * accounting-server-group, and the check of the server's answer.  The
 * packets are built here, from the attributes asacd knows of a session;
 * sending, retransmitting and timing out is daemon.c's (rad_client).
 */

#define RAD_MAX_PACKET 4096
#define RAD_AUTH_LEN 16

enum {
	RAD_ACCESS_REQUEST = 1,
	RAD_ACCESS_ACCEPT = 2,
	RAD_ACCESS_REJECT = 3,
	RAD_ACCOUNTING_REQUEST = 4,
	RAD_ACCOUNTING_RESPONSE = 5,
};

enum {
	RAD_ACCT_START = 1,
	RAD_ACCT_STOP = 2,
};

/* MD5 (RFC 1321) of the @n parts @p[i] of lengths @l[i] */
void rad_md5(const void *const *p, const size_t *l, size_t n,
	     uint8_t out[16]);

/* what an Accounting-Request says of a session */
struct rad_acct {
	int status;			/* RAD_ACCT_START or _STOP */
	const char *session_id;		/* Acct-Session-Id */
	const char *user;		/* User-Name; NULL: none */
	const char *nas_ip;		/* NAS-IP(v6)-Address (the client
					 * sets the server's) */
	const char *framed_ip;		/* Framed-IP-Address; NULL: none */
	const char *calling;		/* Calling-Station-Id: the client */
	const char *nas_id;		/* NAS-Identifier (the client sets
					 * the group's) */
	long long session_time;		/* Acct-Session-Time (stop); -1 */
	long long in_octets, out_octets;	/* stop; -1: unknown */
};

/*
 * rad_acct_build - the Accounting-Request with identifier @id for @a,
 * its Request Authenticator made with @secret (RFC 2866 §3), into @buf
 * of @cap bytes.  Returns its length, or 0 when it does not fit.
 */
size_t rad_acct_build(uint8_t *buf, size_t cap, uint8_t id,
		      const struct rad_acct *a, const char *secret);

/*
 * rad_access_build - the Access-Request with identifier @id and Request
 * Authenticator @auth (random) for user @a->user with password @pw
 * (hidden as RFC 2865 §5.2 says; at most 128 bytes), NAS and calling
 * station from @a, and a Message-Authenticator (RFC 3579 §3.2), keyed
 * with @secret.  Returns its length, or 0 when it does not fit.
 */
size_t rad_access_build(uint8_t *buf, size_t cap, uint8_t id,
			const uint8_t auth[RAD_AUTH_LEN],
			const struct rad_acct *a, const char *pw,
			const char *secret);

/* HMAC-MD5 (RFC 2104) of @n bytes at @m with key @key */
void rad_hmac_md5(const char *key, const uint8_t *m, size_t n,
		  uint8_t out[16]);

/*
 * rad_check_response - is @resp (@n bytes) the server's answer to the
 * request @req: code @want, @req's identifier, and a Response
 * Authenticator made with @secret over @req's authenticator (RFC 2866
 * §3)?
 */
bool rad_check_response(const uint8_t *resp, size_t n, const uint8_t *req,
			int want, const char *secret);

/* --- the client ------------------------------------------------------------ */

/* a server of an aaa-server group: its address (a literal), accounting
 * port and key; per try, a retransmission every @retry_ms until
 * @timeout_ms, then the next server (the ASA's timeout and
 * retry-interval) */
struct rad_server {
	char *address;
	unsigned int port;		/* accounting */
	unsigned int auth_port;		/* authentication, authorization */
	char *key;
	unsigned int timeout_ms, retry_ms;
	char *nas_ip;			/* NAS-IP-Address; NULL: none */
};

struct rad_group {
	char *name;
	struct rad_server *srv;
	size_t nsrv;
	char *nas_id;			/* NAS-Identifier; NULL: none */
};

/* the outcome a request's @done reports */
enum rad_result {
	RAD_ANSWERED,			/* Accounting-Response, Access-Accept */
	RAD_REJECTED,			/* Access-Reject */
	RAD_NO_ANSWER,			/* no server of the group answered */
};

#define RAD_MAX_PENDING 255		/* per socket: its identifiers */

struct rad_req;

struct rad_client {
	int fd[2];			/* IPv4 and IPv6 sockets, -1 */
	struct rad_req **v;		/* pending requests */
	size_t n;
	uint8_t next_id[2];
	void (*done)(void *user, uint64_t tag, const char *group,
		     const char *server, enum rad_result r);
	void *user;
	unsigned long long sent, retransmits, answers, failed, dropped;
};

void rad_client_init(struct rad_client *c,
		     void (*done)(void *user, uint64_t tag, const char *group,
				  const char *server, enum rad_result r),
		     void *user);
void rad_client_free(struct rad_client *c);

/*
 * rad_acct_send - send the Accounting-Request for @a to group @g's first
 * server at @now; @tag comes back in done().  The request keeps a copy
 * of @g.  Returns 0, or -1 when it cannot be sent (no socket, too
 * many pending, a packet too large: counted as dropped).
 */
int rad_acct_send(struct rad_client *c, const struct rad_group *g,
		  const struct rad_acct *a, uint64_t tag, int64_t now);

/*
 * rad_access_send - send the Access-Request of user @a->user with
 * password @pw to group @g's first server, as rad_acct_send() does.
 */
int rad_access_send(struct rad_client *c, const struct rad_group *g,
		    const struct rad_acct *a, const char *pw, uint64_t tag,
		    int64_t now);

/* rad_tick - retransmit and fail over what is due at @now; returns when
 * the next is due, or -1 */
int64_t rad_tick(struct rad_client *c, int64_t now);

/* rad_readable - read the answers waiting on socket @i (0 or 1) */
void rad_readable(struct rad_client *c, int i);

#endif /* ASAC_RADIUS_H */

/* SPDX-License-Identifier: MIT */
/*
 * test_radius - asacd's RADIUS accounting packets: MD5 against the test
 * suite of RFC 1321, an Accounting-Request's layout and Request
 * Authenticator, and the check of a server's answer (a wrong secret, a
 * wrong identifier or code and a flipped bit are refused).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/radius.h"
#include "unit.h"

static const char *md5_hex(const char *s, size_t n, char out[33])
{
	const void *p[1] = { s };
	size_t l[1] = { n };
	uint8_t d[16];
	int i;

	rad_md5(p, l, 1, d);
	for (i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
	return out;
}

/* the attribute of @type in packet @b, or NULL */
static const uint8_t *find_attr(const uint8_t *b, size_t n, int type)
{
	size_t i = 20;

	while (i + 2 <= n && b[i + 1] >= 2) {
		if (b[i] == type)
			return b + i;
		i += b[i + 1];
	}
	return NULL;
}

/* the answer a server with @secret gives to @req */
static size_t answer_code(const uint8_t *req, const char *secret,
			  uint8_t *out, int code)
{
	const void *p[3];
	size_t l[3];

	out[0] = (uint8_t)code;
	out[1] = req[1];
	out[2] = 0;
	out[3] = 20;
	p[0] = out;
	l[0] = 4;
	p[1] = req + 4;
	l[1] = 16;
	p[2] = secret;
	l[2] = strlen(secret);
	rad_md5(p, l, 3, out + 4);
	return 20;
}

static size_t answer(const uint8_t *req, const char *secret, uint8_t *out)
{
	return answer_code(req, secret, out, RAD_ACCOUNTING_RESPONSE);
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}


/* a server on 127.0.0.1: its socket and port */
static int server(unsigned int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &l) < 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

/* wait for a datagram on @fd: its length into @b, the sender in @from */
static ssize_t recv_one(int fd, uint8_t *b, size_t cap,
			struct sockaddr_in *from)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	socklen_t l = sizeof(*from);

	if (poll(&p, 1, 2000) != 1)
		return -1;
	return recvfrom(fd, b, cap, 0, (struct sockaddr *)from, &l);
}

static struct { uint64_t tag; enum rad_result r; int n; char srv[64]; } got;

static void on_done(void *user, uint64_t tag, const char *group,
		    const char *srv, enum rad_result r)
{
	(void)user;
	(void)group;
	got.tag = tag;
	got.r = r;
	got.n++;
	snprintf(got.srv, sizeof(got.srv), "%s", srv);
}

/* the client: a silent first server is retried every retry-interval
 * until its timeout, then the second answers; a group whose servers are
 * all silent reports no answer */
static void client_tests(const struct rad_acct *acct)
{
	struct rad_client c;
	struct rad_server srv[2];
	char name[] = "ACCT", lo[] = "127.0.0.1", k1[] = "key-one";
	char k2[] = "key-two", dns[] = "radius.example.com", nas[] = "ra-gw";
	char nasip[] = "10.1.0.1", other[] = "changed";
	struct rad_group g = { name, srv, 2, nas };
	unsigned int p1, p2;
	int s1 = server(&p1), s2 = server(&p2);
	uint8_t b[RAD_MAX_PACKET], resp[64];
	struct sockaddr_in from;
	struct pollfd pf;
	ssize_t n;
	int64_t next;

	CHECK(s1 >= 0 && s2 >= 0);
	srv[0] = (struct rad_server){ .address = lo, .port = p1,
				      .key = k1, .timeout_ms = 3000,
				      .retry_ms = 1000, .nas_ip = nasip };
	srv[1] = (struct rad_server){ .address = lo, .port = p2,
				      .key = k2, .timeout_ms = 3000,
				      .retry_ms = 1000 };
	rad_client_init(&c, on_done, NULL);
	CHECK(rad_acct_send(&c, &g, acct, 42, 0) == 0);
	n = recv_one(s1, b, sizeof(b), &from);
	CHECK(n > 20 && b[0] == RAD_ACCOUNTING_REQUEST);
	/* the group's NAS-Identifier, the server's NAS-IP-Address */
	CHECK(find_attr(b, (size_t)n, 32) &&
	      !memcmp(find_attr(b, (size_t)n, 32) + 2, "ra-gw", 5));
	CHECK(find_attr(b, (size_t)n, 4) && find_attr(b, (size_t)n, 4)[5] == 1);
	/* the request has its own copy of the group (a reload frees it) */
	srv[1].key = other;
	/* nothing is due before the retry-interval */
	CHECK(rad_tick(&c, 500) == 1000);
	rad_tick(&c, 1000);
	CHECK(recv_one(s1, b, sizeof(b), &from) == n);
	rad_tick(&c, 2000);
	CHECK(recv_one(s1, b, sizeof(b), &from) == n);
	CHECK(c.retransmits == 2);
	/* the first server's timeout: the second, with its own key */
	rad_tick(&c, 3000);
	n = recv_one(s2, b, sizeof(b), &from);
	CHECK(n > 20);
	CHECK(!find_attr(b, (size_t)n, 4));
	/* an answer made with the first server's key is ignored */
	answer(b, "key-one", resp);
	sendto(s2, resp, 20, 0, (struct sockaddr *)&from, sizeof(from));
	pf = (struct pollfd){ .fd = c.fd[0], .events = POLLIN };
	CHECK(poll(&pf, 1, 2000) == 1);
	rad_readable(&c, 0);
	CHECK(got.n == 0 && c.n == 1);
	answer(b, "key-two", resp);
	sendto(s2, resp, 20, 0, (struct sockaddr *)&from, sizeof(from));
	CHECK(poll(&pf, 1, 2000) == 1);
	rad_readable(&c, 0);
	CHECK(got.n == 1 && got.tag == 42 && got.r == RAD_ANSWERED &&
	      c.n == 0 && c.answers == 1);
	CHECK(rad_tick(&c, 4000) == -1);
	srv[1].key = k2;

	/* nobody answers */
	CHECK(rad_acct_send(&c, &g, acct, 43, 10000) == 0);
	for (next = 10000; next >= 0 && next < 20000; )
		next = rad_tick(&c, next);
	CHECK(got.n == 2 && got.tag == 43 && got.r == RAD_NO_ANSWER &&
	      c.failed == 1 && c.n == 0);
	/* an address that is not one: dropped, not sent */
	srv[0].address = srv[1].address = dns;
	CHECK(rad_acct_send(&c, &g, acct, 44, 0) == -1 && c.dropped == 1);
	rad_client_free(&c);
	close(s1);
	close(s2);
}

/* Access-Request: RFC 2865 §7.1's example password, HMAC-MD5 against RFC
 * 2104, a valid Message-Authenticator; the client sends it to the
 * authentication port and tells Accept from Reject */
static void access_tests(void)
{
	static const uint8_t ra[16] = {
		0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57,
		0xbd, 0x83, 0xd5, 0xcb, 0x98, 0xf4, 0x22, 0x7a,
	};
	struct rad_acct a = { .user = "nemo", .nas_ip = "192.168.1.16" };
	uint8_t b[RAD_MAX_PACKET], key[17], mac[16], saved[16], resp[64];
	char h[80], lo[] = "127.0.0.1", k[] = "auth-key", name[] = "AUTHZ";
	char longpw[130];
	const uint8_t *x;
	struct rad_client c;
	struct rad_server srv;
	struct rad_group g = { name, &srv, 1, NULL };
	struct sockaddr_in from;
	struct pollfd pf;
	unsigned int port;
	int s;
	size_t n;

	memset(key, 0x0b, 16);
	key[16] = 0;
	rad_hmac_md5((char *)key, (const uint8_t *)"Hi There", 8, mac);
	hex(mac, 16, h);
	CHECK_STR(h, "9294727a3638bb1c13f48ef8158bfc9d");
	rad_hmac_md5("Jefe", (const uint8_t *)"what do ya want for nothing?",
		     28, mac);
	hex(mac, 16, h);
	CHECK_STR(h, "750c783e6ab0b503eaa86e310a5db738");

	n = rad_access_build(b, sizeof(b), 0, ra, &a, "arctangent",
			     "xyzzy5461");
	CHECK(n > 20 && b[0] == RAD_ACCESS_REQUEST && !memcmp(b + 4, ra, 16));
	x = find_attr(b, n, 2);
	CHECK(x && x[1] == 18);
	if (x) {
		hex(x + 2, 16, h);
		CHECK_STR(h, "0dbe708d93d413ce3196e43f782a0aee");
	}
	x = find_attr(b, n, 80);
	CHECK(x && x[1] == 18);
	if (x) {
		memcpy(saved, x + 2, 16);
		memset(b + (x - b) + 2, 0, 16);
		rad_hmac_md5("xyzzy5461", b, n, mac);
		CHECK(!memcmp(mac, saved, 16));
	}
	/* 128 bytes of password fit the attribute, 129 do not */
	memset(longpw, 'p', 129);
	longpw[129] = 0;
	CHECK(rad_access_build(b, sizeof(b), 0, ra, &a, longpw, "s") == 0);
	longpw[128] = 0;
	n = rad_access_build(b, sizeof(b), 0, ra, &a, longpw, "s");
	CHECK(n > 20 && find_attr(b, n, 2) && find_attr(b, n, 2)[1] == 130);

	s = server(&port);
	srv = (struct rad_server){ .address = lo, .port = 9, .auth_port = port,
				   .key = k, .timeout_ms = 3000,
				   .retry_ms = 1000 };
	rad_client_init(&c, on_done, NULL);
	memset(&got, 0, sizeof(got));
	CHECK(rad_access_send(&c, &g, &a, "nemo", 7, 0) == 0);
	n = (size_t)recv_one(s, b, sizeof(b), &from);
	CHECK(n > 20 && b[0] == RAD_ACCESS_REQUEST);
	/* an Accounting-Response is no answer to it */
	answer_code(b, k, resp, RAD_ACCOUNTING_RESPONSE);
	sendto(s, resp, 20, 0, (struct sockaddr *)&from, sizeof(from));
	pf = (struct pollfd){ .fd = c.fd[0], .events = POLLIN };
	CHECK(poll(&pf, 1, 2000) == 1);
	rad_readable(&c, 0);
	CHECK(got.n == 0);
	answer_code(b, k, resp, RAD_ACCESS_REJECT);
	sendto(s, resp, 20, 0, (struct sockaddr *)&from, sizeof(from));
	CHECK(poll(&pf, 1, 2000) == 1);
	rad_readable(&c, 0);
	CHECK(got.n == 1 && got.tag == 7 && got.r == RAD_REJECTED);
	CHECK(rad_access_send(&c, &g, &a, "nemo", 8, 0) == 0);
	n = (size_t)recv_one(s, b, sizeof(b), &from);
	answer_code(b, k, resp, RAD_ACCESS_ACCEPT);
	sendto(s, resp, 20, 0, (struct sockaddr *)&from, sizeof(from));
	CHECK(poll(&pf, 1, 2000) == 1);
	rad_readable(&c, 0);
	CHECK(got.n == 2 && got.tag == 8 && got.r == RAD_ANSWERED);
	rad_client_free(&c);
	close(s);
}

int main(void)
{
	char h[33], big[1000];
	uint8_t buf[RAD_MAX_PACKET], resp[64], sum[16], saved[16];
	const uint8_t *a;
	const void *p[2];
	size_t l[2], n, i;
	struct rad_acct acct = {
		.status = RAD_ACCT_STOP, .session_id = "0A1B2C3D-00000007",
		.user = "bob", .nas_ip = "203.0.113.1",
		.framed_ip = "10.70.0.10", .calling = "203.0.113.11",
		.nas_id = "ra-gw", .session_time = 3725,
		.in_octets = 5000000000LL, .out_octets = 42,
	};

	/* RFC 1321 appendix A.5 */
	CHECK_STR(md5_hex("", 0, h), "d41d8cd98f00b204e9800998ecf8427e");
	CHECK_STR(md5_hex("a", 1, h), "0cc175b9c0f1b6a831c399e269772661");
	CHECK_STR(md5_hex("abc", 3, h), "900150983cd24fb0d6963f7d28e17f72");
	CHECK_STR(md5_hex("message digest", 14, h),
		  "f96b697d7cb7938d525a2f31aaf161d0");
	CHECK_STR(md5_hex("abcdefghijklmnopqrstuvwxyz", 26, h),
		  "c3fcd3d76192e4007dfb496cca67e13b");
	CHECK_STR(md5_hex("12345678901234567890123456789012345678901234567890"
			  "123456789012345678901234567890", 80, h),
		  "57edf4a22be3c955ac49da2e2107b67a");
	/* the padding's edges: 55, 56 and 64 bytes, and several blocks in
	 * uneven parts (equal to one part) */
	memset(big, 'x', sizeof(big));
	CHECK_STR(md5_hex(big, 55, h), "04364420e25c512fd958a70738aa8f72");
	CHECK_STR(md5_hex(big, 56, h), "668a72d5ba17f08e62dabcafad6db14b");
	CHECK_STR(md5_hex(big, 64, h), "c1bb4f81d892b2d57947682aeb252456");
	p[0] = big;
	l[0] = 333;
	p[1] = big + 333;
	l[1] = sizeof(big) - 333;
	rad_md5(p, l, 2, sum);
	md5_hex(big, sizeof(big), h);
	for (i = 0; i < 16; i++)
		sprintf((char *)resp + 2 * i, "%02x", sum[i]);
	CHECK_STR((char *)resp, h);

	/* an Accounting-Request: code, identifier, length, attributes */
	n = rad_acct_build(buf, sizeof(buf), 7, &acct, "radius-test-secret");
	CHECK(n > 20 && buf[0] == RAD_ACCOUNTING_REQUEST && buf[1] == 7);
	CHECK(((size_t)buf[2] << 8 | buf[3]) == n);
	a = find_attr(buf, n, 40);		/* Acct-Status-Type */
	CHECK(a && a[1] == 6 && a[5] == RAD_ACCT_STOP);
	a = find_attr(buf, n, 1);		/* User-Name */
	CHECK(a && a[1] == 5 && !memcmp(a + 2, "bob", 3));
	a = find_attr(buf, n, 8);		/* Framed-IP-Address */
	CHECK(a && a[1] == 6 && a[2] == 10 && a[3] == 70 && a[5] == 10);
	a = find_attr(buf, n, 46);		/* Acct-Session-Time */
	CHECK(a && a[4] == 0x0e && a[5] == 0x8d);
	a = find_attr(buf, n, 42);		/* Acct-Input-Octets, low 32 */
	CHECK(a && a[2] == 0x2a && a[3] == 0x05 && a[4] == 0xf2 &&
	      a[5] == 0x00);
	a = find_attr(buf, n, 52);		/* Acct-Input-Gigawords */
	CHECK(a && a[5] == 1);
	CHECK(find_attr(buf, n, 53) == NULL);	/* 42 octets: no gigawords */
	/* Request Authenticator: MD5 over the packet with 16 zero octets
	 * and the secret */
	memcpy(saved, buf + 4, 16);
	memset(buf + 4, 0, 16);
	p[0] = buf;
	l[0] = n;
	p[1] = "radius-test-secret";
	l[1] = strlen("radius-test-secret");
	rad_md5(p, l, 2, sum);
	CHECK(!memcmp(sum, saved, 16));
	memcpy(buf + 4, saved, 16);
	/* a start has no session time */
	acct.status = RAD_ACCT_START;
	n = rad_acct_build(buf, sizeof(buf), 8, &acct, "radius-test-secret");
	CHECK(n > 20 && !find_attr(buf, n, 46) && !find_attr(buf, n, 42));
	/* too small a buffer */
	CHECK(rad_acct_build(buf, 30, 8, &acct, "s") == 0);

	/* the answer */
	n = rad_acct_build(buf, sizeof(buf), 9, &acct, "radius-test-secret");
	answer(buf, "radius-test-secret", resp);
	CHECK(rad_check_response(resp, 20, buf, RAD_ACCOUNTING_RESPONSE,
				 "radius-test-secret"));
	CHECK(!rad_check_response(resp, 20, buf, RAD_ACCOUNTING_RESPONSE,
				  "another-secret"));
	CHECK(!rad_check_response(resp, 19, buf, RAD_ACCOUNTING_RESPONSE,
				  "radius-test-secret"));
	CHECK(!rad_check_response(resp, 20, buf, 2, "radius-test-secret"));
	resp[1] ^= 1;
	CHECK(!rad_check_response(resp, 20, buf, RAD_ACCOUNTING_RESPONSE,
				  "radius-test-secret"));
	resp[1] ^= 1;
	resp[9] ^= 0x10;
	CHECK(!rad_check_response(resp, 20, buf, RAD_ACCOUNTING_RESPONSE,
				  "radius-test-secret"));
	client_tests(&acct);
	access_tests();
	return unit_done();
}

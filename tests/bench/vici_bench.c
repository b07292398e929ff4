/* SPDX-License-Identifier: MIT */
/*
 * vici_bench - how many VICI events a running asacd absorbs per second,
 * and whether its counts stay exact: this program plays charon on a Unix
 * socket (confirms the registrations, answers list-sas with nothing) and
 * streams ike-updown events at asacd as fast as the socket takes them:
 * WINDOW IKE_SAs come up, then the oldest goes down and a new one comes
 * up in turn; odd ids are a remote-access connection (AnyConnect), even
 * ones a LAN-to-LAN one (other).  Then it asks asacd (asacctl's
 * protocol) for its counts until every event is in, and checks that
 * they are exactly the IKE_SAs left open.
 *
 * usage: vici_bench ASACD DIR [EVENTS]   (DIR: a scratch directory)
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/vici.h"

#define WINDOW 1000

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "vici_bench: path too long: %s\n", path);
		exit(2);
	}
	memcpy(sa.sun_path, path, strlen(path));
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		perror(path);
		exit(1);
	}
	return fd;
}

static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t r;

	while (len) {
		r = write(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			perror("write");
			exit(1);
		}
		p += r;
		len -= (size_t)r;
	}
}

static void read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t r;

	while (len) {
		r = read(fd, p, len);
		if (r <= 0) {
			fprintf(stderr, "vici_bench: asacd closed the socket\n");
			exit(1);
		}
		p += r;
		len -= (size_t)r;
	}
}

/* one packet: length, type, [name], message */
static size_t packet(uint8_t *out, int type, const char *name,
		     const struct vici_builder *b)
{
	size_t nl = name ? strlen(name) : 0, len = 1 + (name ? 1 + nl : 0) +
		    (b ? b->len : 0), o = 4;

	out[0] = (uint8_t)(len >> 24);
	out[1] = (uint8_t)(len >> 16);
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	out[o++] = (uint8_t)type;
	if (name) {
		out[o++] = (uint8_t)nl;
		memcpy(out + o, name, nl);
		o += nl;
	}
	if (b) {
		memcpy(out + o, b->buf, b->len);
		o += b->len;
	}
	return o;
}

/* answer what asacd asks on connecting: registrations, then list-sas */
static void handshake(int fd)
{
	uint8_t hdr[4], buf[1024], out[64];
	uint32_t len;

	for (;;) {
		read_all(fd, hdr, 4);
		len = (uint32_t)hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 |
		      hdr[3];
		if (len > sizeof(buf)) {
			fprintf(stderr, "vici_bench: packet too long\n");
			exit(1);
		}
		read_all(fd, buf, len);
		if (buf[0] == VICI_EVENT_REGISTER) {
			write_all(fd, out, packet(out, VICI_EVENT_CONFIRM,
						  NULL, NULL));
		} else if (buf[0] == VICI_CMD_REQUEST) {
			/* list-sas: nothing is established */
			write_all(fd, out, packet(out, VICI_CMD_RESPONSE,
						  NULL, NULL));
			return;
		}
	}
}

static void event(uint8_t *out, size_t *o, unsigned int id, bool up)
{
	struct vici_builder b = { 0 };

	if (up)
		vici_add_kv(&b, "up", "yes");
	vici_begin_section(&b, id % 2 ? "ra" : "l2l");
	vici_add_kvf(&b, "uniqueid", "%u", id);
	vici_add_kv(&b, "version", "2");
	vici_add_kv(&b, "state", up ? "ESTABLISHED" : "DELETING");
	vici_add_kv(&b, "local-host", "192.0.2.1");
	vici_add_kv(&b, "remote-host", "198.51.100.7");
	vici_end_section(&b);
	*o += packet(out + *o, VICI_EVENT, "ike-updown", &b);
	vici_builder_free(&b);
}

/* asacd's status --json, as asacctl gets it */
static char *status(const char *sock)
{
	struct sockaddr_un sa;
	static char buf[8192];
	size_t got = 0;
	ssize_t r;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(sock) >= sizeof(sa.sun_path))
		return NULL;
	memcpy(sa.sun_path, sock, strlen(sock));
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	write_all(fd, "status --json\n", 14);
	while (got < sizeof(buf) - 1 &&
	       (r = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)r;
	buf[got] = 0;
	close(fd);
	return buf;
}

static long long field(const char *js, const char *after, const char *key)
{
	const char *p = strstr(js, after);
	char k[64];

	if (!p)
		return -1;
	snprintf(k, sizeof(k), "\"%s\": ", key);
	p = strstr(p, k);
	return p ? atoll(p + strlen(k)) : -1;
}

int main(int argc, char **argv)
{
	char conf[512], vsock[512], csock[512];
	unsigned int n = argc > 3 ? (unsigned int)atoi(argv[3]) : 1000000, i;
	unsigned int up = 0, down = 0;
	long long ac, ot, ev;
	double t0, t1;
	size_t o, cap = 1 << 20;
	uint8_t *out = malloc(cap);
	char *js = NULL;
	FILE *f;
	pid_t pid;
	int lfd, fd, st;

	if (argc < 3 || n < 2 * WINDOW) {
		fprintf(stderr, "usage: vici_bench ASACD DIR [EVENTS >= %d]\n",
			2 * WINDOW);
		return 2;
	}
	snprintf(conf, sizeof(conf), "%s/vb.json", argv[2]);
	snprintf(vsock, sizeof(vsock), "%s/vb.vici", argv[2]);
	snprintf(csock, sizeof(csock), "%s/vb.sock", argv[2]);
	f = fopen(conf, "w");
	if (!f) {
		perror(conf);
		return 1;
	}
	fprintf(f, "{\"format\": 1, \"mode\": \"standalone\", "
		"\"limits\": {\"anyconnect\": null, \"other\": null}, "
		"\"connections\": {\"ra\": {\"remote_access\": true, "
		"\"version\": 2}, \"l2l\": {\"remote_access\": false, "
		"\"version\": 2}}, \"vici\": \"%s\", \"control\": \"%s\"}\n",
		vsock, csock);
	fclose(f);
	lfd = listen_on(vsock);
	pid = fork();
	if (pid == 0) {
		/* its log says nothing the figures do not */
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		execl(argv[1], argv[1], "-c", conf, (char *)NULL);
		_exit(127);
	}
	fd = accept(lfd, NULL, NULL);
	handshake(fd);

	t0 = now_s();
	o = 0;
	for (i = 0; i < n; i++) {
		if (o > cap - 1024) {
			write_all(fd, out, o);
			o = 0;
		}
		/* up to WINDOW open, then one down and one up in turn */
		if (up - down < WINDOW)
			event(out, &o, ++up, true);
		else
			event(out, &o, ++down, false);
	}
	write_all(fd, out, o);
	do {
		js = status(csock);
		ev = js ? field(js, "\"counters\"", "vici_events") : -1;
	} while (ev < (long long)n);
	t1 = now_s();
	ac = field(js, "\"anyconnect\"", "active");
	ot = field(js, "\"other\"", "active");
	printf("events:              %u in %.2f s: %.0f events/s\n", n,
	       t1 - t0, n / (t1 - t0));
	printf("counts:              %lld anyconnect + %lld other open, "
	       "%u expected: %s\n", ac, ot, up - down,
	       ac + ot == (long long)(up - down) ? "exact" : "WRONG");
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		/* under ASan, a leak or an error at exit */
		fprintf(stderr, "vici_bench: asacd did not exit 0 (status "
			"%d)\n", st);
		ac = -1;
	}
	close(fd);
	close(lfd);
	unlink(vsock);
	free(out);
	return ac + ot == (long long)(up - down) ? 0 : 1;
}

/* SPDX-License-Identifier: MIT */
/*
 * asacctl - ask a running asacd what it knows, over its control socket:
 * one request line out, "ok" or "error: ..." and the answer back.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "compiler/asac.h"

#define DEFAULT_SOCKET "/run/asacd.sock"
#define TIMEOUT_MS 5000
#define OCSERV_TIMEOUT_MS 120000

static const char usage[] =
"usage: asacctl [-s SOCKET] COMMAND\n"
"\n"
"commands:\n"
"  show load-balancing         the cluster as the master sees it: role,\n"
"                              priority, load and sessions per member\n"
"  show vpn-sessiondb summary  this member's sessions per class, limits\n"
"  status --json               everything above and the counters, as JSON\n"
"  vrrp STATE                  keepalived's notify: master, backup, fault\n"
"                              or stop (IOS-mode clusters)\n"
"  ocserv connect ID GROUP USER | ocserv disconnect ID\n"
"                              ocserv's connect and disconnect scripts:\n"
"                              an AnyConnect SSL session to count, refused\n"
"                              (exit 1) over the AnyConnect limit\n"
"\n"
"  -s, --socket SOCKET  asacd's control socket (default " DEFAULT_SOCKET ")\n"
"  -h, --help           this text\n"
"  -V, --version        the version\n";

static const char *const commands[] = {
	"show load-balancing", "show vpn-sessiondb summary", "status --json",
	NULL
};

int main(int argc, char **argv)
{
	const char *sock = DEFAULT_SOCKET;
	char req[256] = "", buf[4096];
	struct sockaddr_un sa;
	size_t got = 0, i;
	bool first = true, ok = false;
	struct pollfd p;
	ssize_t r;
	int fd, a = 1, wait_ms;

	for (; a < argc && argv[a][0] == '-'; a++) {
		if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		if (!strcmp(argv[a], "-V") || !strcmp(argv[a], "--version")) {
			printf("asacctl %s\n", ASAC_VERSION);
			return 0;
		}
		if ((!strcmp(argv[a], "-s") || !strcmp(argv[a], "--socket")) &&
		    a + 1 < argc) {
			sock = argv[++a];
			continue;
		}
		fprintf(stderr, "asacctl: unknown option '%s'\n%s", argv[a],
			usage);
		return 2;
	}
	for (; a < argc; a++) {
		if (strlen(req) + strlen(argv[a]) + 2 >= sizeof(req)) {
			fputs("asacctl: command too long\n", stderr);
			return 2;
		}
		if (req[0])
			strcat(req, " ");
		strcat(req, argv[a]);
	}
	for (i = 0; commands[i] && strcmp(req, commands[i]); i++)
		;
	if (!commands[i] && (strncmp(req, "vrrp ", 5) || !req[5]) &&
	    (strncmp(req, "ocserv ", 7) || !req[7])) {
		fprintf(stderr, "asacctl: %s '%s'\n%s",
			req[0] ? "unknown command" : "no command", req, usage);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(sock) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "asacctl: socket path too long: %s\n", sock);
		return 2;
	}
	strcpy(sa.sun_path, sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "asacctl: cannot reach asacd at %s: %s\n",
			sock, strerror(errno));
		return 1;
	}
	strcat(req, "\n");
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
		fprintf(stderr, "asacctl: %s: %s\n", sock, strerror(errno));
		return 1;
	}
	p.fd = fd;
	p.events = POLLIN;
	/* an AnyConnect session that needs authorization is answered when
	 * the RADIUS server is (its timeout and retries, each server of the
	 * group in turn) */
	wait_ms = !strncmp(req, "ocserv connect ", 15) ? OCSERV_TIMEOUT_MS :
		  TIMEOUT_MS;
	for (;;) {
		if (poll(&p, 1, wait_ms) <= 0) {
			fprintf(stderr, "asacctl: asacd did not answer\n");
			return 1;
		}
		r = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		buf[got] = 0;
		if (first) {
			char *nl = strchr(buf, '\n');

			if (!nl && got < sizeof(buf) - 1)
				continue;
			first = false;
			if (!strncmp(buf, "ok\n", 3)) {
				ok = true;
				fwrite(buf + 3, 1, got - 3, stdout);
			} else {
				fprintf(stderr, "asacctl: %s", buf);
			}
			got = 0;
			continue;
		}
		fwrite(buf, 1, got, ok ? stdout : stderr);
		got = 0;
	}
	close(fd);
	if (first) {
		fputs("asacctl: asacd closed the connection\n", stderr);
		return 1;
	}
	return ok ? 0 : 1;
}

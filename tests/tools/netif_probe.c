/* SPDX-License-Identifier: MIT */
/*
 * netif_probe - drive runtime/netif.c from the command line, for
 * tests/netif.sh:
 *
 *   netif_probe IFACE info
 *   netif_probe IFACE add ADDR[/LEN]        (LEN defaults to 32)
 *   netif_probe IFACE del ADDR[/LEN]
 *   netif_probe IFACE probe ADDR [TIMEOUT_MS [COUNT]]
 *   netif_probe IFACE announce ADDR
 *   netif_probe IFACE listen ADDR MS
 *
 * probe sends COUNT (3) ARP probes spread over TIMEOUT_MS (1000), as an
 * ASA member sends up to (10 - priority) + 1 for the cluster IP (seed
 * 001), and prints the MAC of the first host that claims ADDR, or "none".
 * listen prints "listening ..." once its socket is open, then a line per
 * ARP packet about ADDR for MS milliseconds:
 *
 *   KIND ADDR from MAC (OP sender SIP target THA TIP)
 *
 * where KIND is "collision" (a claim to ADDR while IFACE has it),
 * "claim", "probe" or "query" (netif_arp_classify()).
 *
 * Exit status: 0 success, 2 usage or a bad address, 3 an interface or
 * kernel error (compiler/asac.h).
 */
#include "compiler/asac.h"
#include "runtime/netif.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

static const char *prog = "netif_probe";

static void usage(void)
{
	fprintf(stderr,
		"usage: %s IFACE info\n"
		"       %s IFACE add|del ADDR[/LEN]\n"
		"       %s IFACE probe ADDR [TIMEOUT_MS [COUNT]]\n"
		"       %s IFACE announce ADDR\n"
		"       %s IFACE listen ADDR MS\n",
		prog, prog, prog, prog, prog);
	exit(EXIT_USAGE);
}

/* An unsigned decimal number in [min, max] or -1. */
static long number(const char *s, long min, long max)
{
	char *end;
	long v;

	if (!s[0] || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	return v;
}

/* ADDR or, when @plen is not NULL, ADDR[/LEN]; exits 2 when bad. */
static struct in_addr parse_addr(const char *arg, unsigned int *plen)
{
	char buf[INET_ADDRSTRLEN + 4];
	const char *slash = strchr(arg, '/');
	struct in_addr a;
	long len = 32;

	if (strlen(arg) >= sizeof(buf))
		goto bad;
	memcpy(buf, arg, strlen(arg) + 1);
	if (slash) {
		if (!plen)
			goto bad;
		buf[slash - arg] = '\0';
		len = number(slash + 1, 0, 32);
		if (len < 0)
			goto bad;
	}
	/* inet_pton() takes dotted quads only: no "10.1", no octal */
	if (inet_pton(AF_INET, buf, &a) != 1)
		goto bad;
	if (plen)
		*plen = (unsigned int)len;
	return a;
bad:
	fprintf(stderr, "%s: bad address '%s' (expected A.B.C.D%s)\n", prog,
		arg, plen ? "[/LEN], LEN 0 to 32" : "");
	exit(EXIT_USAGE);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int report(const struct netif_err *e)
{
	fprintf(stderr, "%s: %s\n", prog, e->msg);
	return EXIT_INTERNAL;
}

static int cmd_info(const struct netif_info *ifi)
{
	char mac[NETIF_MACSTRLEN], ip[INET_ADDRSTRLEN];
	size_t i;

	printf("name %s\nifindex %d\ntype %u\n", ifi->name, ifi->ifindex,
	       ifi->type);
	printf("mac %s\n", ifi->maclen ? netif_mac_fmt(ifi->mac, mac) :
	       "none");
	printf("up %s\n", ifi->flags & 0x1 /* IFF_UP */ ? "yes" : "no");
	for (i = 0; i < ifi->naddrs; i++)
		printf("addr %s/%u\n",
		       inet_ntop(AF_INET, &ifi->addrs[i].addr, ip, sizeof(ip)),
		       ifi->addrs[i].prefixlen);
	if (ifi->truncated)
		printf("addr ...\n");
	return EXIT_OK;
}

static int cmd_addr(const struct netif_info *ifi, bool add, const char *arg)
{
	char ip[INET_ADDRSTRLEN];
	struct netif_err e;
	unsigned int plen;
	struct in_addr a = parse_addr(arg, &plen);
	int rc;

	rc = add ? netif_addr_add(ifi, a, plen, &e) :
		   netif_addr_del(ifi, a, plen, &e);
	if (rc < 0)
		return report(&e);
	inet_ntop(AF_INET, &a, ip, sizeof(ip));
	if (add)
		printf(rc ? "%s/%u already on '%s'\n" : "added %s/%u to '%s'\n",
		       ip, plen, ifi->name);
	else
		printf(rc ? "%s/%u not on '%s'\n" :
		       "removed %s/%u from '%s'\n", ip, plen, ifi->name);
	return EXIT_OK;
}

static void print_pkt(const char *kind, struct in_addr addr,
		      const struct netif_arp_pkt *p)
{
	char a[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN], t[INET_ADDRSTRLEN];
	char sha[NETIF_MACSTRLEN], tha[NETIF_MACSTRLEN];

	printf("%s %s from %s (%s sender %s target %s %s)\n", kind,
	       inet_ntop(AF_INET, &addr, a, sizeof(a)),
	       netif_mac_fmt(p->sha, sha),
	       p->op == NETIF_ARP_REQUEST ? "request" : "reply",
	       inet_ntop(AF_INET, &p->sip, s, sizeof(s)),
	       netif_mac_fmt(p->tha, tha),
	       inet_ntop(AF_INET, &p->tip, t, sizeof(t)));
	fflush(stdout);
}

/*
 * Probe for @addr (@count probes over @timeout ms) or, with @count 0,
 * just listen for @timeout ms; print each packet about @addr when
 * @verbose.  The first claim ends a probe.
 */
static int arp_loop(const struct netif_info *ifi, struct in_addr addr,
		    long timeout, long count, bool verbose)
{
	static const char *const kinds[] = {
		[NETIF_ARP_OTHER] = "other",
		[NETIF_ARP_CLAIM] = "claim",
		[NETIF_ARP_PROBE] = "probe",
		[NETIF_ARP_QUERY] = "query",
	};
	char mac[NETIF_MACSTRLEN], ip[INET_ADDRSTRLEN];
	bool owned = netif_has_addr(ifi, addr);
	long long start = now_ms(), next = start;
	long sent = 0;
	struct netif_arp_pkt p;
	struct netif_err e;
	struct netif_arp *arp;
	int rc = EXIT_OK;

	arp = netif_arp_open(ifi, &e);
	if (!arp)
		return report(&e);
	if (verbose) {
		printf("listening on %s for %s\n", ifi->name,
		       inet_ntop(AF_INET, &addr, ip, sizeof(ip)));
		fflush(stdout);
	}
	for (;;) {
		long long t = now_ms();
		struct pollfd pfd = {
			.fd = netif_arp_fd(arp),
			.events = POLLIN,
		};
		long long wait;
		int n;

		if (sent < count && t >= next) {
			if (netif_arp_probe(arp, addr, &e) < 0) {
				rc = report(&e);
				break;
			}
			sent++;
			next = start + sent * timeout / count;
		}
		if (t >= start + timeout) {
			if (count)
				printf("none\n");
			break;
		}
		wait = (sent < count ? next : start + timeout) - t;
		n = poll(&pfd, 1, wait < 0 ? 0 : (int)wait);
		if (n < 0 && errno != EINTR) {
			perror("poll");
			rc = EXIT_INTERNAL;
			break;
		}
		if (n <= 0)
			continue;
		while ((n = netif_arp_recv(arp, &p, &e)) > 0) {
			enum netif_arp_kind k = netif_arp_classify(&p, addr);

			if (k == NETIF_ARP_OTHER)
				continue;
			if (verbose)
				print_pkt(netif_arp_collision(&p, addr,
							      ifi->mac) &&
					  owned ? "collision" : kinds[k],
					  addr, &p);
			if (count && k == NETIF_ARP_CLAIM) {
				printf("%s\n", netif_mac_fmt(p.sha, mac));
				goto out;
			}
		}
		/* -ENETDOWN and the like: say so and keep listening */
		if (n < 0)
			fprintf(stderr, "%s: %s\n", prog, e.msg);
	}
out:
	netif_arp_close(arp);
	return rc;
}

static int cmd_announce(const struct netif_info *ifi, const char *arg)
{
	struct in_addr a = parse_addr(arg, NULL);
	struct netif_err e;
	struct netif_arp *arp;
	int rc;

	arp = netif_arp_open(ifi, &e);
	if (!arp)
		return report(&e);
	rc = netif_arp_announce(arp, a, &e);
	netif_arp_close(arp);
	if (rc < 0)
		return report(&e);
	printf("announced %s\n", arg);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct netif_info ifi;
	struct netif_err e;
	const char *cmd;
	long ms, count;

	if (argc < 3)
		usage();
	cmd = argv[2];
	/* the arguments first: a bad address is reported as such on any
	 * interface */
	if (!strcmp(cmd, "info")) {
		if (argc != 3)
			usage();
	} else if (!strcmp(cmd, "add") || !strcmp(cmd, "del")) {
		if (argc != 4)
			usage();
		parse_addr(argv[3], &(unsigned int){ 0 });
	} else if (!strcmp(cmd, "probe")) {
		if (argc < 4 || argc > 6)
			usage();
		parse_addr(argv[3], NULL);
	} else if (!strcmp(cmd, "announce") || !strcmp(cmd, "listen")) {
		if (argc != (cmd[0] == 'a' ? 4 : 5))
			usage();
		parse_addr(argv[3], NULL);
	} else {
		fprintf(stderr, "%s: unknown command '%s'\n", prog, cmd);
		usage();
	}

	if (netif_lookup(argv[1], &ifi, &e) < 0)
		return report(&e);
	if (!strcmp(cmd, "info"))
		return cmd_info(&ifi);
	if (!strcmp(cmd, "add") || !strcmp(cmd, "del"))
		return cmd_addr(&ifi, cmd[0] == 'a', argv[3]);
	if (!strcmp(cmd, "announce"))
		return cmd_announce(&ifi, argv[3]);
	if (!strcmp(cmd, "listen")) {
		ms = number(argv[4], 1, 600000);
		if (ms < 0) {
			fprintf(stderr, "%s: bad time '%s' (milliseconds, 1 "
				"to 600000)\n", prog, argv[4]);
			return EXIT_USAGE;
		}
		return arp_loop(&ifi, parse_addr(argv[3], NULL), ms, 0, true);
	}
	/* probe */
	ms = argc > 4 ? number(argv[4], 1, 600000) : 1000;
	count = argc > 5 ? number(argv[5], 1, 100) : 3;
	if (ms < 0 || count < 0) {
		fprintf(stderr, "%s: bad timeout or count (1 to 600000 ms, "
			"1 to 100 probes)\n", prog);
		return EXIT_USAGE;
	}
	return arp_loop(&ifi, parse_addr(argv[3], NULL), ms, count, false);
}

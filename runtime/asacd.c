/* SPDX-License-Identifier: MIT */
/*
 * asacd - the VPN load-balancing cluster daemon beside strongSwan: its
 * command line.  The decisions live in cluster.c and lb.c, the event loop
 * in daemon.c, the virtual network of --simulate in sim.c.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/asac.h"
#include "runtime/daemon.h"
#include "runtime/dconf.h"
#include "runtime/keepalived.h"
#include "runtime/sim.h"

static const char usage[] =
"usage: asacd -c FILE [--time-scale N]\n"
"       asacd --check -c FILE\n"
"       asacd --keepalived -c FILE [--asacctl PATH]\n"
"       asacd --simulate SCENARIO.json\n"
"       asacd --help | --version\n"
"\n"
"  -c, --config FILE the configuration, asacd.json as 'asac compile\n"
"                    --target asacd' writes it (see asacd.json(5))\n"
"  --check           check the configuration, print what it sets up, exit\n"
"  --keepalived      print keepalived.conf for the HSRP group of an\n"
"                    IOS-style cluster (see asacd(8)), exit\n"
"  --asacctl PATH    the asacctl its notify scripts run (default: the one\n"
"                    beside this asacd)\n"
"  --time-scale N    divide the cluster's timers by N (1-1000; for tests:\n"
"                    a real cluster keeps the seed's timers, N = 1)\n"
"  --simulate FILE   run the cluster core in virtual time on the scenario\n"
"                    FILE (nodes, limits, events) with no sockets; print\n"
"                    one JSON line per decision (see asacd(8))\n"
"  -v, --verbose     log every cluster message sent, received or dropped,\n"
"                    and every RADIUS accounting answer\n"
"  -h, --help        this text\n"
"  -V, --version     the version\n";

static int check(const char *file)
{
	struct dconf c;
	char err[600];

	if (dconf_load(&c, file, err, sizeof(err)) < 0) {
		fprintf(stderr, "asacd: %s\n", err);
		return 1;
	}
	printf("%s: ", file);
	dconf_summary(&c, stdout);
	dconf_free(&c);
	return 0;
}

/* the asacctl installed beside this asacd */
static void sibling(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n <= 0 || (size_t)n + sizeof("asacctl") > len) {
		snprintf(buf, len, "/usr/sbin/asacctl");
		return;
	}
	buf[n] = 0;
	slash = strrchr(buf, '/');
	snprintf(slash + 1, len - (size_t)(slash + 1 - buf), "asacctl");
}

static int keepalived(const char *file, const char *asacctl)
{
	struct dconf c;
	char err[600], self[4096];
	int rc;

	if (dconf_load(&c, file, err, sizeof(err)) < 0) {
		fprintf(stderr, "asacd: %s\n", err);
		return 1;
	}
	if (!asacctl) {
		sibling(self, sizeof(self));
		asacctl = self;
	}
	rc = keepalived_conf(&c, file, asacctl, stdout, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "asacd: %s\n", err);
	dconf_free(&c);
	return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *config = NULL, *asacctl = NULL;
	bool do_check = false, do_keepalived = false, verbose = false;
	unsigned long scale = 1;
	char *end;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "asacd: %s needs a file\n",
					argv[i]);
				return 2;
			}
			config = argv[++i];
			continue;
		}
		if (!strcmp(argv[i], "--time-scale")) {
			if (i + 1 >= argc) {
				fputs("asacd: --time-scale needs a number\n",
				      stderr);
				return 2;
			}
			scale = strtoul(argv[++i], &end, 10);
			if (*end || end == argv[i] || scale < 1 ||
			    scale > 1000) {
				fprintf(stderr, "asacd: --time-scale: expected "
					"1 to 1000, got '%s'\n", argv[i]);
				return 2;
			}
			continue;
		}
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = true;
			continue;
		}
		if (!strcmp(argv[i], "--check")) {
			do_check = true;
			continue;
		}
		if (!strcmp(argv[i], "--keepalived")) {
			do_keepalived = true;
			continue;
		}
		if (!strcmp(argv[i], "--asacctl")) {
			if (i + 1 >= argc || argv[i + 1][0] != '/') {
				fputs("asacd: --asacctl needs an absolute "
				      "path\n", stderr);
				return 2;
			}
			asacctl = argv[++i];
			continue;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("asacd %s\n", ASAC_VERSION);
			return 0;
		}
		if (!strcmp(argv[i], "--simulate")) {
			if (i + 1 >= argc) {
				fputs("asacd: --simulate needs a scenario "
				      "file\n", stderr);
				return 2;
			}
			if (i + 2 < argc) {
				fprintf(stderr, "asacd: unexpected argument "
					"'%s'\n", argv[i + 2]);
				return 2;
			}
			return sim_run(argv[i + 1], stdout, stderr);
		}
		fprintf(stderr, "asacd: unknown option '%s'\n%s", argv[i],
			usage);
		return 2;
	}
	if (do_check && config)
		return check(config);
	if (do_keepalived && config)
		return keepalived(config, asacctl);
	if (!config) {
		fprintf(stderr, "asacd: %s needs -c FILE\n%s",
			do_check ? "--check" : do_keepalived ?
			"--keepalived" : "the daemon", usage);
		return 2;
	}
	return daemon_run(config, (unsigned int)scale, verbose);
}

/* SPDX-License-Identifier: MIT */
/*
 * asacd - the VPN load-balancing cluster daemon beside strongSwan: its
 * command line.  The decisions live in cluster.c and lb.c; the virtual
 * network of --simulate in sim.c.
 */
#include <stdio.h>
#include <string.h>

#include "compiler/asac.h"
#include "runtime/sim.h"

static const char usage[] =
"usage: asacd --simulate SCENARIO.json\n"
"       asacd --help | --version\n"
"\n"
"  --simulate FILE   run the cluster core in virtual time on the scenario\n"
"                    FILE (nodes, limits, events) with no sockets; print\n"
"                    one JSON line per decision (see asacd(8))\n"
"  -h, --help        this text\n"
"  -V, --version     the version\n";

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
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
	fputs(usage, stderr);
	return 2;
}

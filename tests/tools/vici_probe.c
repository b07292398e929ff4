/* SPDX-License-Identifier: MIT */
/*
 * vici_probe - runtime/vici.c against a real charon, for tests/vici.sh.
 *
 *   vici_probe SOCKET version                one "key=value" line per value
 *   vici_probe SOCKET stats                  ikesas.total, ikesas.half-open
 *   vici_probe SOCKET call CMD [KEY=VALUE]... any command, the response dumped
 *   vici_probe SOCKET watch N [SECONDS]      the first N ike-updown and
 *                                            child-updown events (default 30 s)
 *   vici_probe SOCKET list                   one line per IKE_SA (list-sas)
 *   vici_probe SOCKET terminate IKE_ID       terminate by ike-id
 *   vici_probe SOCKET redirect PEER_IP GATEWAY
 *   vici_probe SOCKET redirect-id IKE_ID GATEWAY
 *
 * watch prints "watching" once registered, then per event a line
 *   EVENT up|down CONFIG uniqueid=N remote-host=ADDR [child=NAME]
 * and list per SA
 *   CONFIG uniqueid=N state=STATE remote-host=ADDR version=V children=K
 *
 * Exit status: 0; 1 when charon answers "success = no" or does not know
 * the command; 2 on a usage error; 3 on an I/O or protocol error, or when
 * watch times out.
 */
#include "compiler/asac.h"
#include "runtime/vici.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void __noreturn usage(void)
{
	fprintf(stderr, "usage: vici_probe SOCKET version|stats|list\n"
		"       vici_probe SOCKET call CMD [KEY=VALUE]...\n"
		"       vici_probe SOCKET watch N [SECONDS]\n"
		"       vici_probe SOCKET terminate IKE_ID\n"
		"       vici_probe SOCKET redirect PEER_IP GATEWAY\n"
		"       vici_probe SOCKET redirect-id IKE_ID GATEWAY\n");
	exit(EXIT_USAGE);
}

/* Report a failed call and return the exit status it deserves. */
static int failed(struct vici_conn *c, const char *what, int rc)
{
	bool unknown = rc == -1 && errno == ENOENT;

	fprintf(stderr, "vici_probe: %s: %s\n", what, vici_error(c));
	return unknown ? EXIT_FINDINGS : EXIT_INTERNAL;
}

/* Print every value below @sec as "path=value", items as "path[]=item". */
static void dump(const struct vici_node *sec, const char *prefix)
{
	const struct vici_node *n, *i;
	char path[1024];

	vici_for_each(n, sec) {
		snprintf(path, sizeof(path), "%s%s%s", prefix,
			 *prefix ? "." : "", n->name);
		switch (n->kind) {
		case VICI_NODE_SECTION:
			dump(n, path);
			break;
		case VICI_NODE_VALUE:
			printf("%s=%s\n", path, n->value);
			break;
		case VICI_NODE_LIST:
			vici_for_each(i, n)
				printf("%s[]=%s\n", path, i->value);
			break;
		case VICI_NODE_ITEM:
			break;
		}
	}
}

/* The first section at the top of an event: the IKE_SA's config name
 * (strongswan.md 4.3). */
static const struct vici_node *ike_section(const struct vici_msg *m)
{
	const struct vici_node *n;

	vici_for_each(n, vici_root(m))
		if (n->kind == VICI_NODE_SECTION)
			return n;
	return NULL;
}

struct watch {
	long left;	/* events still to print */
};

static void on_event(void *user, const char *name, const struct vici_msg *m)
{
	const struct vici_node *ike = ike_section(m), *child = NULL;
	struct watch *w = user;

	if (!ike || w->left <= 0)
		return;
	printf("%s %s %s uniqueid=%s remote-host=%s", name,
	       !strcmp(vici_find_str(vici_root(m), "up", "no"), "yes") ?
	       "up" : "down", ike->name, vici_find_str(ike, "uniqueid", "?"),
	       vici_find_str(ike, "remote-host", "?"));
	/* child-updown: the SA "with only the affected child" (4.3) */
	child = vici_child(ike, "child-sas");
	if (!strcmp(name, "child-updown") && child && child->child)
		printf(" child=%s", vici_find_str(child->child, "name", "?"));
	printf("\n");
	fflush(stdout);
	w->left--;
}

static int watch(struct vici_conn *c, struct watch *w, long secs)
{
	struct timespec ts;
	long long deadline, now;
	int rc;

	if ((rc = vici_register(c, "ike-updown")) ||
	    (rc = vici_register(c, "child-updown")))
		return failed(c, "register", rc);
	printf("watching\n");
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000 + secs * 1000;
	while (w->left > 0) {
		struct pollfd pfd = { .fd = vici_fd(c), .events = POLLIN };

		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
		if (now >= deadline) {
			fprintf(stderr, "vici_probe: watch: timed out with "
				"%ld events to go\n", w->left);
			return EXIT_INTERNAL;
		}
		if (poll(&pfd, 1, (int)(deadline - now)) < 0 && errno != EINTR) {
			perror("vici_probe: poll");
			return EXIT_INTERNAL;
		}
		if (pfd.revents && (rc = vici_on_readable(c)))
			return failed(c, "watch", rc);
	}
	return EXIT_OK;
}

static void on_list_sa(void *user, const char *name, const struct vici_msg *m)
{
	const struct vici_node *ike = ike_section(m), *n, *cs;
	int children = 0;

	(void)user;
	if (strcmp(name, "list-sa") || !ike)
		return;
	cs = vici_child(ike, "child-sas");
	if (cs)
		vici_for_each(n, cs)
			children++;
	printf("%s uniqueid=%s state=%s remote-host=%s version=%s children=%d\n",
	       ike->name, vici_find_str(ike, "uniqueid", "?"),
	       vici_find_str(ike, "state", "?"),
	       vici_find_str(ike, "remote-host", "?"),
	       vici_find_str(ike, "version", "?"), children);
}

/* Run @cmd with @req, print the response; 1 if it says success = no. */
static int command(struct vici_conn *c, const char *cmd,
		   const struct vici_builder *req)
{
	struct vici_msg resp;
	const char *ok;
	int rc = vici_call(c, cmd, req, &resp);

	if (rc)
		return failed(c, cmd, rc);
	dump(vici_root(&resp), "");
	ok = vici_find_str(vici_root(&resp), "success", "yes");
	rc = strcmp(ok, "yes") ? EXIT_FINDINGS : EXIT_OK;
	vici_msg_free(&resp);
	return rc;
}

int main(int argc, char **argv)
{
	struct vici_builder req = { 0 };
	struct watch w = { 0 };
	struct vici_conn *c;
	const char *op;
	int rc, i;

	if (argc < 3)
		usage();
	op = argv[2];
	c = vici_open(argv[1], !strcmp(op, "watch") ? on_event : on_list_sa,
		      &w);
	if (!c) {
		fprintf(stderr, "vici_probe: %s: %s\n", argv[1],
			strerror(errno));
		return EXIT_INTERNAL;
	}
	if (!strcmp(op, "version") && argc == 3) {
		rc = command(c, "version", NULL);
	} else if (!strcmp(op, "stats") && argc == 3) {
		struct vici_msg resp;

		rc = vici_call(c, "stats", NULL, &resp);
		if (rc) {
			rc = failed(c, "stats", rc);
		} else {
			printf("ikesas.total=%s ikesas.half-open=%s\n",
			       vici_find_str(vici_root(&resp), "ikesas.total", "?"),
			       vici_find_str(vici_root(&resp),
					     "ikesas.half-open", "?"));
			vici_msg_free(&resp);
		}
	} else if (!strcmp(op, "call") && argc >= 4) {
		for (i = 4; i < argc; i++) {
			char *eq = strchr(argv[i], '=');

			if (!eq)
				usage();
			*eq = '\0';
			vici_add_kv(&req, argv[i], eq + 1);
		}
		rc = command(c, argv[3], &req);
	} else if (!strcmp(op, "watch") && (argc == 4 || argc == 5)) {
		w.left = strtol(argv[3], NULL, 10);
		rc = watch(c, &w, argc == 5 ? strtol(argv[4], NULL, 10) : 30);
	} else if (!strcmp(op, "list") && argc == 3) {
		/* list-sas streams list-sa events (strongswan.md 4.2) */
		rc = vici_register(c, "list-sa");
		if (rc)
			rc = failed(c, "register", rc);
		else
			rc = command(c, "list-sas", NULL);
	} else if (!strcmp(op, "terminate") && argc == 4) {
		vici_add_kv(&req, "ike-id", argv[3]);
		/* wait for the DELETE exchange, but less than vici_call() */
		vici_add_kv(&req, "timeout", "5000");
		rc = command(c, "terminate", &req);
	} else if ((!strcmp(op, "redirect") || !strcmp(op, "redirect-id")) &&
		   argc == 5) {
		vici_add_kv(&req, op[8] ? "ike-id" : "peer-ip", argv[3]);
		/* mandatory, though the 5.9.8 README omits it (3.2) */
		vici_add_kv(&req, "gateway", argv[4]);
		rc = command(c, "redirect", &req);
	} else {
		vici_close(c);
		usage();
	}
	vici_builder_free(&req);
	vici_close(c);
	return rc;
}

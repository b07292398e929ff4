/* SPDX-License-Identifier: MIT */
#ifndef ASAC_DCONF_H
#define ASAC_DCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "runtime/lb.h"
#include "runtime/radius.h"

/*
 * dconf - asacd.json (man/asacd.json.5), as `asac compile --target
 * asacd` writes it, read and checked.  Every error names the JSON path.
 */
enum dconf_mode { DCONF_ASA, DCONF_IOS, DCONF_STANDALONE };

/* a strongSwan connection: its clients are AnyConnect sessions when it
 * is remote access and the IKE_SA is IKEv2, else "other" (seed 000) */
struct dconf_conn {
	char *name;
	bool remote_access;
	int version;
	/* backup peers (seed 002): when a negotiation of this connection
	 * fails, asacd uninstalls @children's traps and installs those of
	 * connection @next (NULL: no backup peers) */
	char *next;
	char **children;
	size_t nchildren;
	/* remote access (group policy, seed-silent; the ASA's documented
	 * behaviour): at most @logins sessions of one user name
	 * (vpn-simultaneous-logins; -1 no limit given), @users their own
	 * limits, @locked the users whose group-lock names another tunnel
	 * group */
	long long logins;
	long long session_timeout;	/* minutes; -1 none */
	struct dconf_user { char *name; long long logins; } *users;
	size_t nusers;
	char **locked;
	size_t nlocked;
	/* accounting-server-group: the "radius" group asacd sends the
	 * sessions' accounting to (NULL: none) */
	const struct rad_group *accounting;
	/* authorization-required: the group that must authorize each
	 * session (asacd ends those it rejects; NULL: none) */
	const struct rad_group *authorization;
};

/* the login limit of user @name in @cn (-1: none) */
long long dconf_logins(const struct dconf_conn *cn, const char *name);
/* is user @name locked out of @cn (group-lock)? */
bool dconf_locked(const struct dconf_conn *cn, const char *name);

struct dconf {
	enum dconf_mode mode;
	enum lb_rounding rounding;
	long long limit[LB_NCLASS];	/* -1: none configured */
	/* ASA */
	uint32_t cluster_ip, address, redirect_address;
	unsigned int port, priority;
	char *interface, *private_interface;
	bool encryption, participate, redirect_fqdn;
	char *key;
	/* AnyConnect SSL clients to the cluster IP: the master's HTTP
	 * redirect on this port (0: none), with this certificate and key */
	unsigned int ssl_port;
	char *ssl_cert, *ssl_key;
	/* IOS */
	long long ios_port, holdtime, hello, update, max_session,
		  slave_priority;		/* -1: asacd's default */
	unsigned int w_crypto, w_system, overload;
	int redirect;			/* 0 none, 1 init, 2 auth */
	unsigned int sb_group, sb_priority, sb_hello, sb_hold;	/* ms */
	bool sb_preempt;
	uint32_t sb_ip, sb_address;
	char *sb_interface;
	/* the RADIUS server groups (aaa-server) the connections name */
	struct rad_group *radius;
	size_t nradius;
	/* strongSwan */
	struct dconf_conn *conns;
	size_t nconns;
	/* ocserv's tunnel groups: those whose AnyConnect sessions a
	 * "radius" group must authorize (authorization-required) */
	struct dconf_ocgroup {
		char *name;
		const struct rad_group *authorization;
	} *ocgroups;
	size_t nocgroups;
	char *vici, *control;
};

/* dconf_load - read @file; on error returns -1 with the message in @err */
int dconf_load(struct dconf *c, const char *file, char *err, size_t errlen);
void dconf_free(struct dconf *c);

/* dconf_summary - one line on what @c configures */
void dconf_summary(const struct dconf *c, FILE *out);

#endif /* ASAC_DCONF_H */

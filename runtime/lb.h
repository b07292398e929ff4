/* SPDX-License-Identifier: MIT */
#ifndef ASAC_LB_H
#define ASAC_LB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * lb - the decisions of VPN load balancing and session limits, with no
 * I/O, so that the daemon (asacd) and its simulation share them and tests
 * can pin them down.  The rules are seed 000 ("VPN Load-Balancing
 * Algorithm", "Configuring VPN Session Limits"), seed 001 (its rounding)
 * and seed 003 (the IOS cluster load balancer).
 */

enum lb_class {
	LB_ANYCONNECT,		/* IKEv2 remote access */
	LB_OTHER,		/* IKEv1 clients and LAN-to-LAN */
	LB_NCLASS
};

enum lb_rounding {
	LB_ROUND_HALF_UP,	/* seed 000: integer percent, half up */
	LB_ROUND_HALF_PERCENT,	/* seed 001: nearest half percent */
};

/*
 * struct lb_member - one member of a cluster as the master sees it.
 * @ip:       its address (host order; ties go to the lowest)
 * @active:   established sessions per class
 * @inactive: AnyConnect sessions that are inactive (part of @active
 *            [LB_ANYCONNECT] but not of the load, seed 000)
 * @limit:    the vpn-sessiondb limit per class (0: the class is off)
 * @up:       it answers Hellos
 */
struct lb_member {
	uint32_t ip;
	unsigned int active[LB_NCLASS];
	unsigned int inactive;
	unsigned int limit[LB_NCLASS];
	bool up;
};

/*
 * The load in half percent (0-200): 100 x the active sessions of all
 * classes, inactive AnyConnect ones not counted, over the sum of the
 * class limits (which "affect the calculated load percentage"; IPsec and
 * SSL sessions weigh equally since ASA 7.1), rounded as @r says.  A
 * member with no limit has load 200 (it can take nothing).
 */
unsigned int lb_load2(const struct lb_member *m, enum lb_rounding r);

/*
 * The member that takes a new session (ASA mode; seed 000): the master
 * @master itself when every up backup's load is at least 1 % above its
 * own; else the up backup with the lowest load, ties by fewest sessions,
 * then lowest IP.  A member that cannot take a session of class @c (at
 * its limit with no inactive AnyConnect session to log off, or with the
 * class off) is passed over.  Returns the index, or -1 when nobody can.
 */
int lb_choose_asa(const struct lb_member *v, size_t n, size_t master,
		  enum lb_class c, enum lb_rounding r);

/* Can @m take one more session of class @c (seed 000 session limits)? */
bool lb_can_take(const struct lb_member *m, enum lb_class c);

/*
 * struct lb_gateway - a gateway of the IOS cluster load balancer (seed
 * 003): @sas established SAs of at most @max_session, @system_load the
 * host's CPU and memory load in percent.
 */
struct lb_gateway {
	uint32_t ip;
	unsigned int sas, max_session;
	unsigned int system_load;
	bool up;
};

/*
 * The least loaded gateway (IOS mode): the load of a gateway is the
 * weighted mean of its crypto load (100 x @sas / @max_session) and its
 * system load, with the weights of `master weight crypto-load` and
 * `master weight system-load` (default 100 each); a gateway above
 * `master overload-limit` percent (0: none), or at @max_session, is
 * skipped.  Ties go to the lowest IP.  The seed names the weights but not
 * the formula: the weighted mean is this implementation's reading.
 * Returns the index, or -1.
 */
/* the weighted load of lb_choose_ios() in half percent, half up (200 at
 * max-session) */
unsigned int lb_ios_load2(const struct lb_gateway *g, unsigned int w_crypto,
			  unsigned int w_system);

int lb_choose_ios(const struct lb_gateway *v, size_t n, unsigned int w_crypto,
		  unsigned int w_system, unsigned int overload_limit);

#endif /* ASAC_LB_H */

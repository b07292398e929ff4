/* SPDX-License-Identifier: MIT */
#ifndef ASAC_CLUSTER_H
#define ASAC_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/lb.h"

/*
 * cluster - one member of a VPN load-balancing cluster as a state machine
 * with no I/O: time comes in as an argument, and everything it wants done
 * (send a message, probe ARP, take or give up the cluster IP) goes out
 * through struct cl_ops.  asacd drives it from sockets and the clock,
 * `asacd --simulate` from a virtual network and a virtual clock, so the
 * two cannot disagree.
 *
 * ASA mode (seed 001, "Master Election Process"): a starting member sends
 * up to (10 - priority) + 1 ARP probes for the cluster IP; when the owner
 * of the address answers, it waits 15 s and then sends Hello requests to
 * the master, every 5 s; after 4 unanswered Hellos it starts a new
 * election.  Nobody answering the probes, it takes the cluster IP and is
 * the master.  On an ARP collision the lower MAC keeps the role.  A member
 * that stops participating announces it, and if it was the master the
 * others start an election at once.
 *
 * IOS mode (seed 003): whoever holds the virtual IP (HSRP there; VRRP
 * through keepalived here) is the primary; cl_set_owner() tells the core.
 * Subordinates send their load every `update` ms and a Hello every
 * `hello` ms; the primary declares a member that was silent for
 * `holdtime` ms dead.
 */

typedef int64_t cl_ms;			/* milliseconds, virtual or real */

enum cl_mode { CL_MODE_ASA, CL_MODE_IOS };

enum cl_role {
	CL_DOWN,	/* not started, failed, or stopped */
	CL_PROBING,	/* sending ARP probes for the cluster IP */
	CL_JOINING,	/* a master answered: waiting before the first Hello */
	CL_BACKUP,	/* a backup (ASA) or subordinate (IOS) */
	CL_MASTER,	/* owns the cluster IP and places new sessions */
};

const char *cl_role_name(enum cl_role r);

/*
 * struct cl_timers - the protocol's timers.  The defaults are the seeds':
 * Hellos every 5 s, 4 missed, 15 s before the first Hello (seed 001).
 * The seed does not say how far apart the ARP probes are: 1 s here.  The
 * IOS timers are `crypto ikev2 cluster` `slave hello`, `slave update` and
 * `holdtime`; seed 003 gives no defaults, asacd's are 1000, 2000 and 3000
 * ms.  cl_timers_scale() divides them all, for tests only.
 */
struct cl_timers {
	cl_ms arp_interval;
	cl_ms join_wait;
	cl_ms hello;
	unsigned int hello_miss;
	cl_ms ios_hello, ios_update, ios_holdtime;
};

void cl_timers_default(struct cl_timers *t);
void cl_timers_scale(struct cl_timers *t, unsigned int divisor);

/*
 * struct cl_conf - what every member of one cluster shares.
 * @w_crypto, @w_system, @overload: IOS `master weight crypto-load`,
 * `master weight system-load` (0-100, default 100) and `master
 * overload-limit` (0: none).
 */
struct cl_conf {
	enum cl_mode mode;
	enum lb_rounding rounding;
	struct cl_timers timers;
	unsigned int w_crypto, w_system, overload;
};

/* struct cl_report - a member's load as it reports it to the master */
struct cl_report {
	uint32_t active[LB_NCLASS];
	uint32_t inactive;
	uint32_t limit[LB_NCLASS];
	uint32_t system_load;		/* IOS: CPU and memory, percent */
	uint32_t max_session;		/* IOS: `slave max-session` (0: limits) */
};

enum cl_msg_type {
	CL_MSG_HELLO = 1,	/* member -> master: Hello with its load */
	CL_MSG_HELLO_ACK,	/* master -> member: Hello response */
	CL_MSG_LEAVE,		/* broadcast: stops participating */
};

/*
 * struct cl_msg - one cluster message.  @to_master is true when it goes
 * to the cluster IP (whoever owns it), false for the member @to_ip or,
 * with @to_ip 0, for everyone.
 */
struct cl_msg {
	enum cl_msg_type type;
	uint32_t from_ip;		/* host order */
	uint8_t from_mac[6];
	uint8_t priority;
	bool was_master;		/* LEAVE */
	struct cl_report report;	/* HELLO */
};

/*
 * struct cl_member - a member in the master's table, sorted by ascending
 * IP (seed 000: "The master device maintains a sorted list of backup
 * cluster members in ascending IP address order").  @lb is what the
 * decisions of lb.h read.
 */
struct cl_member {
	uint32_t ip;
	uint8_t mac[6];
	uint8_t priority;
	uint32_t system_load, max_session;
	cl_ms heard;			/* last message from it */
};

struct cl_node;

/*
 * struct cl_ops - what the core asks of its host.
 * @send:      send @m to the cluster IP (@to_master), to @to_ip, or to
 *             every member (@to_ip 0)
 * @arp_probe: send one ARP probe for the cluster IP (ASA mode)
 * @own:       take the cluster IP and announce it (gratuitous ARP), or
 *             give it up
 * @role:      the role changed (for logs, and to follow the master)
 */
struct cl_ops {
	void (*send)(void *user, const struct cl_msg *m, bool to_master,
		     uint32_t to_ip);
	void (*arp_probe)(void *user);
	void (*own)(void *user, bool own);
	void (*role)(void *user, enum cl_role from, enum cl_role to);
};

/*
 * struct cl_node - one member.  Everything but the table is plain data
 * the host may read.
 * @self:  its own sessions and limits; @inactive counts AnyConnect
 *         sessions waiting to resume (seed 000)
 * @mlb:   the master's table, as lb.h reads it (parallel to @mv)
 */
struct cl_node {
	const struct cl_conf *conf;
	uint32_t ip;
	uint8_t mac[6];
	uint8_t priority;
	struct lb_member self;
	uint32_t system_load, max_session;
	enum cl_role role;
	/* PROBING / JOINING / BACKUP */
	unsigned int probes_left;
	unsigned int unanswered;
	uint8_t master_mac[6];
	cl_ms next, next_update;
	/* MASTER */
	struct cl_member *mv;
	struct lb_member *mlb;
	struct lb_gateway *gw;		/* IOS choice scratch */
	size_t nm, cap;
	const struct cl_ops *ops;
	void *user;
	/* counters */
	unsigned long long hellos_sent, hellos_acked;
};

/*
 * cl_init - a member with address @ip, @mac, @priority (ASA 1-10; IOS
 * the `standby` priority) and session limits @limit per class.
 */
void cl_init(struct cl_node *n, const struct cl_conf *conf, uint32_t ip,
	     const uint8_t mac[6], unsigned int priority,
	     const unsigned int limit[LB_NCLASS], const struct cl_ops *ops,
	     void *user);
void cl_free(struct cl_node *n);

/* cl_start - start participating: an ASA member starts an election */
void cl_start(struct cl_node *n, cl_ms now);

/*
 * cl_stop - stop: announce it to the cluster when @announce (`no
 * participate`, SIGTERM) and give up the cluster IP; silently when the
 * member failed.  Its sessions stay (a failed member loses them: the
 * host clears @self).
 */
void cl_stop(struct cl_node *n, cl_ms now, bool announce);

/*
 * cl_tick - run the timers that are due at @now; returns when to call
 * it next (the earliest deadline), or -1 when nothing is pending.
 */
cl_ms cl_tick(struct cl_node *n, cl_ms now);

/* cl_earliest - the sooner of two deadlines, -1 meaning none */
cl_ms cl_earliest(cl_ms a, cl_ms b);

/* cl_recv - a cluster message arrived */
void cl_recv(struct cl_node *n, cl_ms now, const struct cl_msg *m);

/*
 * cl_arp - an ARP reply or announcement said @mac owns the cluster IP
 * (ASA mode): the answer to a probe, or a collision for a master.
 */
void cl_arp(struct cl_node *n, cl_ms now, const uint8_t mac[6]);

/* cl_set_owner - IOS mode: keepalived says this member holds the VIP */
void cl_set_owner(struct cl_node *n, cl_ms now, bool owner);

/*
 * cl_choose - the master places a new session of class @c: the index in
 * the table (n->mv) of the member that gets it, or -1 when no member can
 * take it.
 */
int cl_choose(struct cl_node *n, cl_ms now, enum lb_class c);

/*
 * cl_placed - the master sent a session of class @c to member @i: count
 * it in the table until the member's next report says what happened.
 */
void cl_placed(struct cl_node *n, size_t i, enum lb_class c);

/* the master's load figure of member @i in half percent (0-200): the
 * session load (ASA), or the weighted crypto and system load (IOS) */
unsigned int cl_load2(const struct cl_node *n, size_t i);

enum cl_admit { CL_ACCEPT, CL_LOGOFF, CL_REFUSE };

/*
 * cl_admit - a session of class @c wants to establish here (seed 000,
 * "Configuring VPN Session Limits"): below the limit it is accepted; at
 * the limit the AnyConnect session inactive the longest is logged off to
 * make room (CL_LOGOFF); otherwise it is refused.
 */
enum cl_admit cl_admit(struct cl_node *n, enum lb_class c);

/* cl_end - @count sessions of class @c ended (inactive ones last) */
void cl_end(struct cl_node *n, enum lb_class c, unsigned int count);

/* cl_inactive - @count AnyConnect sessions went inactive (+) or resumed (-) */
void cl_inactive(struct cl_node *n, int count);

/* cl_report_of - the load this member reports */
void cl_report_of(const struct cl_node *n, struct cl_report *r);

#endif /* ASAC_CLUSTER_H */

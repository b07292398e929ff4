/* SPDX-License-Identifier: MIT */
/*
 * daemon.c - asacd's event loop (see daemon.h).
 *
 * Everything happens in one thread: poll() on the cluster UDP socket, the
 * ARP socket, the VICI connection, the control socket and a self-pipe for
 * signals, with the cluster core's next deadline as the timeout.  The
 * core decides; this file only carries its wishes out and feeds it what
 * the network and charon say.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

/* not in <sys/socket.h> under _POSIX_C_SOURCE; <asm-generic/socket.h> */
#ifndef SO_BINDTODEVICE
#define SO_BINDTODEVICE 25
#endif

#include "compiler/asac.h"
#include "compiler/util.h"
#include "runtime/cluster.h"
#include "runtime/daemon.h"
#include "runtime/dconf.h"
#include "runtime/sslredir.h"
#include "runtime/divert.h"
#include "runtime/ikeredir.h"
#include "runtime/netif.h"
#include "runtime/radius.h"
#include "runtime/vici.h"
#include "runtime/wire.h"

#define MAX_PEERS 64		/* replay state and member addresses kept */
#define ANNOUNCE_MS 2000	/* RFC 5227 ANNOUNCE_INTERVAL */
#define VICI_RETRY_MS 1000
#define CTL_TIMEOUT_MS 1000
#define UNLIMITED 0x3fffffffu	/* no vpn-sessiondb limit (standalone) */
#define INIT_SEEN 64		/* IKE_SA_INIT requests remembered ... */
#define INIT_SEEN_MS 60000	/* ... this long, to answer retransmits */
#define RING_PENDING 64		/* initiations to backup peers followed */
#define RING_PROBE_MS 1000	/* how often they are looked at */

/* --- sessions ---------------------------------------------------------------- */

enum sess_state {
	S_COUNTED = 1,	/* established here, counted against the limit */
	S_REDIRECTED,	/* the master sent it to another member */
	S_REFUSED,	/* over the limit: being terminated */
};

/* one IKE_SA charon told us about, by its unique id */
struct sess {
	uint32_t id;
	uint8_t state;		/* 0: free slot */
	uint8_t cls;
};

/* open addressing, linear probing, backward-shift deletion */
struct stab {
	struct sess *v;
	size_t cap, n;
};

static size_t slot_of(const struct stab *t, uint32_t id)
{
	return (size_t)((id * 2654435761u) & (uint32_t)(t->cap - 1));
}

static struct sess *stab_find(struct stab *t, uint32_t id)
{
	size_t i;

	if (!t->cap)
		return NULL;
	for (i = slot_of(t, id); t->v[i].state; i = (i + 1) & (t->cap - 1))
		if (t->v[i].id == id)
			return &t->v[i];
	return NULL;
}

static void stab_put(struct stab *t, uint32_t id, enum sess_state st,
		     enum lb_class c);

static void stab_grow(struct stab *t)
{
	struct stab old = *t;
	size_t i;

	t->cap = old.cap ? old.cap * 2 : 256;
	t->v = xcalloc(t->cap, sizeof(*t->v));
	t->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.v[i].state)
			stab_put(t, old.v[i].id, old.v[i].state, old.v[i].cls);
	free(old.v);
}

static void stab_put(struct stab *t, uint32_t id, enum sess_state st,
		     enum lb_class c)
{
	size_t i;

	if ((t->n + 1) * 4 > t->cap * 3)
		stab_grow(t);
	for (i = slot_of(t, id); t->v[i].state; i = (i + 1) & (t->cap - 1))
		if (t->v[i].id == id)
			break;
	if (!t->v[i].state)
		t->n++;
	t->v[i].id = id;
	t->v[i].state = (uint8_t)st;
	t->v[i].cls = (uint8_t)c;
}

static void stab_del(struct stab *t, struct sess *s)
{
	size_t mask = t->cap - 1, i = (size_t)(s - t->v), j = i, k;

	t->v[i].state = 0;
	t->n--;
	for (;;) {
		j = (j + 1) & mask;
		if (!t->v[j].state)
			return;
		k = slot_of(t, t->v[j].id);
		/* move j back to i unless its home k lies cyclically in
		 * (i, j] */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		t->v[i] = t->v[j];
		t->v[j].state = 0;
		i = j;
	}
}

static void stab_clear(struct stab *t)
{
	if (t->v)
		memset(t->v, 0, t->cap * sizeof(*t->v));
	t->n = 0;
}

/* --- the daemon ---------------------------------------------------------------- */

/* what the master knows of a member beyond the core's table */
struct minfo {
	uint32_t ip, redirect_ip;
	char fqdn[WIRE_FQDN_MAX + 1];
};

struct counters {
	unsigned long long rx, tx, dropped[WIRE_NERR], replayed, send_errors;
	unsigned long long events, accepted[LB_NCLASS], refused[LB_NCLASS],
			   redirects, redirect_errors, terminate_errors,
			   peer_failovers, logins_logged_off, logins_refused,
			   group_lock_refused, session_timeouts;
	unsigned long long acct_starts, acct_stops, acct_failed;
	unsigned long long authz_accepted, authz_refused;
	unsigned long long ocserv_accepted, ocserv_refused;
	unsigned long long init_redirects, init_dropped[IKR_NRESULT],
			   init_not_master, init_full, init_errors;
	unsigned int peak[LB_NCLASS];
};

/* an IKE_SA_INIT request answered: its retransmits get the same answer */
struct init_seen {
	uint8_t spi[8];
	uint32_t ip;
	uint16_t port;
	uint32_t member;	/* 0: free */
	cl_ms at;
};

enum redir { R_NONE, R_INIT, R_AUTH };

struct daemon {
	const char *file;
	bool verbose;
	struct dconf c;
	unsigned int scale;
	/* the cluster */
	struct cl_conf clc;
	struct cl_node cl;
	bool clustered;			/* a cluster is configured */
	bool running;			/* cl_start()ed */
	uint32_t vip, self_ip, redirect_ip, bcast;
	unsigned int port;
	char ifname[NETIF_NAMELEN];
	bool sealed;
	uint8_t key[WIRE_KEYBYTES];
	int udp;
	struct netif_info ifi;
	struct netif_arp *arp;
	bool owns;
	cl_ms announce_at;
	uint64_t counter;
	struct wire_peer peers[MAX_PEERS];
	size_t npeers;
	struct minfo members[MAX_PEERS];
	size_t nmembers;
	enum redir redir;		/* when the master redirects */
	struct sslr *sslr;		/* AnyConnect SSL clients' redirect */
	struct divert dv;		/* R_INIT: IKE_SA_INIT for the VIP */
	struct init_seen seen[INIT_SEEN];
	size_t seen_next;
	struct divert_pkt pkt;
	char fqdn[WIRE_FQDN_MAX + 1];
	cl_ms next_sysload;
	unsigned long long cpu_total, cpu_idle;
	/* charon */
	struct vici_conn *vici;
	bool vici_broken, vici_warned;
	cl_ms vici_retry;
	struct stab sess;
	unsigned int listed[LB_NCLASS];	/* found by list-sas */
	/* remote-access sessions with a user name or a session timeout,
	 * oldest first; @ends 0: no timeout */
	struct usess { uint32_t id; char *user; cl_ms ends; } *us;
	size_t nus, capus;
	/* backup peers: per connection of d->c, whether its children are
	 * trapped (it is its ring's active peer); initiations pending */
	bool *active;
	struct pend { uint32_t id; size_t conn; } pend[RING_PENDING];
	size_t npend;
	cl_ms probe_at;			/* -1: nothing pending */
	uint32_t probe_id;		/* list-sas for this IKE_SA */
	bool probing, probe_found, probe_up;
	/* vpn-simultaneous-logins: new sessions over their user's limit */
	struct logoff { uint32_t id; char *user; long long lim; } *lo;
	size_t nlo, caplo;
	/* idle_of(): the IKE_SA whose idle time list-sas is asked for */
	bool idle_probing;
	uint32_t idle_id;
	long long idle_s;		/* -1: not listed */
	/* RADIUS accounting of remote-access sessions whose connection
	 * names a group (accounting-server-group), in start order */
	struct rad_client rad;
	struct acct {
		uint32_t id;		/* the IKE_SA */
		uint64_t seq;		/* Acct-Session-Id: boot, seq */
		char *group, *user, *vip, *remote;
		cl_ms start;
		bool started;		/* its Start was sent */
		bool hold;		/* waiting for its authorization */
		bool seen;		/* listed again after a reconnect */
		long long in, out;	/* octets of its ended CHILD_SAs */
		unsigned int open;	/* CHILD_SAs up */
	} *ac;
	size_t nac, capac;
	/* authorization-required: sessions waiting for the answer of
	 * their group's authorization-server-group */
	struct authz { uint32_t id; uint64_t seq; char *user; } *az;
	size_t naz, capaz;
	uint64_t acct_seq;
	unsigned long boot;
	/* AnyConnect SSL sessions of ocserv, by its session ID, counted in
	 * the AnyConnect class (its connect and disconnect scripts tell) */
	char **ocs;
	size_t nocs, capocs;
	/* AnyConnect sessions waiting for their authorization (their
	 * connect-script's asacctl waits on @fd for the answer) */
	struct ocaz { int fd; uint64_t seq; char *id, *group, *user; } *oaz;
	size_t noaz, capoaz;
	/* asacctl */
	int ctl;
	char *ctl_path;
	struct counters k;
};

static void us_clear(struct daemon *d);
static bool user_login(struct daemon *d, uint32_t id, const char *conn,
		       const struct vici_node *sa);
static const struct dconf_conn *conn_of(const struct daemon *d,
					const char *name);
static void acct_start(struct daemon *d, uint32_t id,
		       const struct dconf_conn *cn, const struct vici_node *sa);
static void authz_start(struct daemon *d, uint32_t id,
			const struct dconf_conn *cn,
			const struct vici_node *sa);
static void acct_unseen(struct daemon *d);

static int sigpipe_fd[2] = { -1, -1 };
static volatile sig_atomic_t got_term, got_hup;

static void on_signal(int sig)
{
	int saved = errno;
	char b = 0;

	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
	if (write(sigpipe_fd[1], &b, 1) < 0) {
		/* the pipe is full: a wakeup is pending anyway */
	}
	errno = saved;
}

static cl_ms now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (cl_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void logmsg(const char *fmt, ...) __fmtstring(1, 2);

static void logmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("asacd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

static const char *ipstr(uint32_t ip, char buf[INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(ip) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static const char *msg_name(enum cl_msg_type t)
{
	return t == CL_MSG_HELLO ? "hello" : t == CL_MSG_HELLO_ACK ?
	       "hello-ack" : "leave";
}

static const char *class_name(int c)
{
	return c == LB_ANYCONNECT ? "anyconnect" : "other";
}

static unsigned int limit_of(long long l)
{
	return l < 0 ? UNLIMITED : (unsigned int)l;
}

/* --- the core's operations ------------------------------------------------- */

static struct minfo *minfo_of(struct daemon *d, uint32_t ip, bool add)
{
	size_t i;

	for (i = 0; i < d->nmembers; i++)
		if (d->members[i].ip == ip)
			return &d->members[i];
	if (!add)
		return NULL;
	if (d->nmembers == MAX_PEERS)
		d->nmembers--;		/* reuse the last slot */
	memset(&d->members[d->nmembers], 0, sizeof(d->members[0]));
	d->members[d->nmembers].ip = ip;
	return &d->members[d->nmembers++];
}

static void send_to(struct daemon *d, const struct cl_msg *m, uint32_t ip)
{
	struct sockaddr_in sa;
	struct wire_msg w;
	uint8_t buf[WIRE_MAX];
	struct timespec ts;
	uint64_t wall;
	size_t len;

	memset(&w, 0, sizeof(w));
	w.m = *m;
	/* the counter follows the wall clock (µs) so it also grows across
	 * restarts, and always grows by at least one */
	clock_gettime(CLOCK_REALTIME, &ts);
	wall = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
	d->counter = wall > d->counter ? wall : d->counter + 1;
	w.counter = d->counter;
	w.redirect_ip = d->redirect_ip;
	memcpy(w.fqdn, d->fqdn, sizeof(w.fqdn));
	len = wire_encode(&w, d->sealed ? d->key : NULL, buf);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)d->port);
	sa.sin_addr.s_addr = htonl(ip);
	if (sendto(d->udp, buf, len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		char ib[INET_ADDRSTRLEN];

		if (!d->k.send_errors++)
			logmsg("cannot send to %s:%u: %s (logged once)",
			       ipstr(ip, ib), d->port, strerror(errno));
		return;
	}
	d->k.tx++;
	if (d->verbose) {
		char ib[INET_ADDRSTRLEN];

		logmsg("sent %s to %s", msg_name(m->type), ipstr(ip, ib));
	}
}

static void op_send(void *user, const struct cl_msg *m, bool to_master,
		    uint32_t to_ip)
{
	struct daemon *d = user;

	if (to_master)
		send_to(d, m, d->vip);
	else if (to_ip)
		send_to(d, m, to_ip);
	else
		send_to(d, m, d->bcast);
}

static void op_arp_probe(void *user)
{
	struct daemon *d = user;
	struct in_addr a = { .s_addr = htonl(d->vip) };
	struct netif_err e;

	if (d->arp && netif_arp_probe(d->arp, a, &e) < 0)
		logmsg("%s", e.msg);
}

static void announce(struct daemon *d)
{
	struct in_addr a = { .s_addr = htonl(d->vip) };
	struct netif_err e;

	if (d->arp && netif_arp_announce(d->arp, a, &e) < 0)
		logmsg("%s", e.msg);
}

static void op_own(void *user, bool own)
{
	struct daemon *d = user;
	struct in_addr a = { .s_addr = htonl(d->vip) };
	struct netif_err e;
	char ib[INET_ADDRSTRLEN];

	/* IOS mode: keepalived owns the virtual IP (seed 003: HSRP) */
	if (d->c.mode != DCONF_ASA)
		return;
	if (own) {
		if (!d->owns) {
			if (netif_addr_add(&d->ifi, a, 32, &e) < 0) {
				logmsg("%s", e.msg);
				return;
			}
			d->owns = true;
			logmsg("took the cluster IP %s on %s",
			       ipstr(d->vip, ib), d->ifname);
		}
		/* a gratuitous ARP now and one more later (RFC 5227) */
		announce(d);
		d->announce_at = now_ms() + ANNOUNCE_MS;
		return;
	}
	if (!d->owns)
		return;
	if (netif_addr_del(&d->ifi, a, 32, &e) < 0)
		logmsg("%s", e.msg);
	else
		logmsg("gave up the cluster IP %s", ipstr(d->vip, ib));
	d->owns = false;
	d->announce_at = -1;
}

static const char *role_word(const struct daemon *d, enum cl_role r)
{
	bool ios = d->c.mode == DCONF_IOS;

	switch (r) {
	case CL_MASTER:
		return ios ? "Primary" : "Master";
	case CL_BACKUP:
		return ios ? "Subordinate" : "Backup";
	case CL_PROBING:
		return "Electing";
	case CL_JOINING:
		return "Joining";
	case CL_DOWN:
		break;
	}
	return "Down";
}

static void op_role(void *user, enum cl_role from, enum cl_role to)
{
	struct daemon *d = user;

	logmsg("role %s -> %s", cl_role_name(from), cl_role_name(to));
	if (to == CL_MASTER)
		d->nmembers = 0;
}

static const struct cl_ops daemon_ops = {
	.send = op_send,
	.arp_probe = op_arp_probe,
	.own = op_own,
	.role = op_role,
};

/* --- the cluster's sockets ------------------------------------------------- */

static int udp_open(struct daemon *d)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		logmsg("cannot open a UDP socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one));
	/* cluster messages come and go on the cluster interface only */
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, d->ifname,
		       (socklen_t)strlen(d->ifname)) < 0) {
		logmsg("cannot bind the cluster socket to %s: %s", d->ifname,
		       strerror(errno));
		close(fd);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)d->port);
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		logmsg("cannot bind UDP port %u: %s", d->port,
		       strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void cluster_close(struct daemon *d)
{
	if (d->running)
		cl_stop(&d->cl, now_ms(), true);
	d->running = false;
	if (d->udp >= 0)
		close(d->udp);
	d->udp = -1;
	netif_arp_close(d->arp);
	d->arp = NULL;
	divert_close(&d->dv);
	sslr_close(d->sslr);
	d->sslr = NULL;
}

/*
 * when the master redirects AnyConnect clients that come to the cluster
 * IP: at IKE_SA_INIT (the requests are diverted to asacd), after
 * IKE_AUTH (VICI redirect), or never (IOS without `crypto ikev2
 * redirect gateway`)
 */
static void redirect_setup(struct daemon *d)
{
	struct in_addr v = { .s_addr = htonl(d->vip) };
	char err[DIVERT_ERRLEN];

	divert_close(&d->dv);
	memset(d->seen, 0, sizeof(d->seen));
	d->redir = !d->clustered ? R_NONE : d->c.redirect == 1 ? R_INIT :
		   d->c.redirect == 2 ? R_AUTH : R_NONE;
	if (d->redir != R_INIT)
		return;
	if (divert_open(&d->dv, d->ifname, v, err, sizeof(err)) < 0) {
		logmsg("%s; clients are redirected after IKE_AUTH instead",
		       err);
		d->redir = R_AUTH;
		return;
	}
	if (d->verbose)
		logmsg("IKE_SA_INIT requests for the cluster IP go to UDP "
		       "port %u", d->dv.port);
}

/*
 * cluster_open - set up the core and, with a cluster configured, the
 * sockets; keeps the session counts of @keep (a reload) when not NULL.
 */
struct gw;
static void member_gw(struct daemon *d, uint32_t ip, struct gw *g);
static bool ssl_choose(void *arg, const char *client, char *host,
		       size_t len);

/* The HTTP redirect of AnyConnect SSL clients that come to the cluster
 * IP (sslredir.h), on every member: only the master holds the address.
 * Without it the cluster still balances IPsec clients: said, not fatal. */
static void sslr_setup(struct daemon *d)
{
	char err[600], ib[INET_ADDRSTRLEN];

	d->sslr = sslr_open(d->vip, d->c.ssl_port, d->c.ssl_cert,
			    d->c.ssl_key, ssl_choose, d, err, sizeof(err));
	if (!d->sslr)
		logmsg("AnyConnect SSL clients to the cluster IP are not "
		       "redirected: %s", err);
	else if (d->verbose)
		logmsg("redirecting AnyConnect SSL clients that come to "
		       "%s:%u", ipstr(d->vip, ib), d->c.ssl_port);
}

static int cluster_open(struct daemon *d, const struct lb_member *keep)
{
	const struct dconf *c = &d->c;
	unsigned int limit[LB_NCLASS];
	struct netif_err e;
	uint8_t mac[6] = { 0 };
	unsigned int prio;
	size_t i;
	int k;

	memset(&d->clc, 0, sizeof(d->clc));
	d->clc.mode = c->mode == DCONF_IOS ? CL_MODE_IOS : CL_MODE_ASA;
	d->clc.rounding = c->rounding;
	cl_timers_default(&d->clc.timers);
	if (c->mode == DCONF_IOS) {
		if (c->hello > 0)
			d->clc.timers.ios_hello = c->hello;
		if (c->update > 0)
			d->clc.timers.ios_update = c->update;
		if (c->holdtime > 0)
			d->clc.timers.ios_holdtime = c->holdtime;
	}
	cl_timers_scale(&d->clc.timers, d->scale);
	d->clc.w_crypto = c->w_crypto;
	d->clc.w_system = c->w_system;
	d->clc.overload = c->overload;
	for (k = 0; k < LB_NCLASS; k++)
		limit[k] = limit_of(c->limit[k]);

	d->clustered = c->mode != DCONF_STANDALONE;
	d->udp = -1;
	d->arp = NULL;
	d->owns = false;
	d->announce_at = -1;
	d->npeers = d->nmembers = 0;
	d->sealed = false;
	d->dv.fd = -1;
	d->dv.installed = false;
	d->redir = R_NONE;
	if (c->mode == DCONF_ASA) {
		d->vip = c->cluster_ip;
		d->self_ip = c->address;
		d->redirect_ip = c->redirect_address;
		d->port = c->port;
		snprintf(d->ifname, sizeof(d->ifname), "%s", c->interface);
		prio = c->priority;
		if (c->encryption) {
			wire_key(c->key, d->key);
			d->sealed = true;
		}
	} else if (c->mode == DCONF_IOS) {
		d->vip = c->sb_ip;
		d->self_ip = c->sb_address;
		d->redirect_ip = c->sb_address;
		d->port = c->ios_port > 0 ? (unsigned int)c->ios_port : 2012;
		snprintf(d->ifname, sizeof(d->ifname), "%s",
			 c->sb_interface);
		prio = c->slave_priority > 0 ?
		       (unsigned int)c->slave_priority : c->sb_priority;
	} else {
		d->vip = d->self_ip = d->redirect_ip = 0;
		d->ifname[0] = 0;
		prio = 0;
	}

	if (d->clustered) {
		if (netif_lookup(d->ifname, &d->ifi, &e) < 0) {
			logmsg("%s", e.msg);
			return -1;
		}
		memcpy(mac, d->ifi.mac, 6);
		d->bcast = 0xffffffffu;
		for (i = 0; i < d->ifi.naddrs; i++) {
			uint32_t a = ntohl(d->ifi.addrs[i].addr.s_addr);
			unsigned int pl = d->ifi.addrs[i].prefixlen;

			if (a == d->self_ip && pl > 0 && pl < 31)
				d->bcast = a | (0xffffffffu >> pl);
		}
		if (!netif_has_addr(&d->ifi, (struct in_addr){
				    .s_addr = htonl(d->self_ip) })) {
			char ib[INET_ADDRSTRLEN];

			logmsg("%s does not have this member's address %s",
			       d->ifname, ipstr(d->self_ip, ib));
			return -1;
		}
		d->udp = udp_open(d);
		if (d->udp < 0)
			return -1;
		if (c->mode == DCONF_ASA) {
			d->arp = netif_arp_open(&d->ifi, &e);
			if (!d->arp) {
				logmsg("%s", e.msg);
				close(d->udp);
				d->udp = -1;
				return -1;
			}
			/* an address left behind by a member that died
			 * is not ours until we win an election */
			if (netif_has_addr(&d->ifi, (struct in_addr){
					   .s_addr = htonl(d->vip) })) {
				d->owns = true;
				op_own(d, false);
			}
		}
		redirect_setup(d);
	}
	cl_init(&d->cl, &d->clc, d->self_ip, mac, prio, limit, &daemon_ops, d);
	d->cl.max_session = c->max_session > 0 ?
			    (uint32_t)c->max_session : 0;
	if (keep)
		for (k = 0; k < LB_NCLASS; k++)
			d->cl.self.active[k] = keep->active[k];
	d->running = false;
	if (d->clustered && (c->mode != DCONF_ASA || c->participate)) {
		cl_start(&d->cl, now_ms());
		d->running = true;
	}
	if (d->running && c->mode == DCONF_ASA && c->ssl_port)
		sslr_setup(d);
	return 0;
}

static void udp_readable(struct daemon *d, cl_ms now)
{
	uint8_t buf[WIRE_MAX + 1];
	struct wire_msg w;
	struct minfo *mi;
	ssize_t len;

	for (;;) {
		len = recv(d->udp, buf, sizeof(buf), 0);
		if (len < 0)
			return;
		enum wire_err we = wire_decode(buf, (size_t)len,
					       d->sealed ? d->key : NULL, &w);

		if (we != WIRE_OK) {
			if (d->verbose)
				logmsg("dropped a cluster message: %s",
				       wire_err_name(we));
			d->k.dropped[we]++;
			continue;
		}
		if (w.m.from_ip == d->self_ip)
			continue;	/* our own broadcast */
		if (!wire_replay_check(d->peers, &d->npeers, MAX_PEERS,
				       w.m.from_ip, w.counter)) {
			if (d->verbose) {
				char ib[INET_ADDRSTRLEN];

				logmsg("dropped a replayed %s from %s",
				       msg_name(w.m.type),
				       ipstr(w.m.from_ip, ib));
			}
			d->k.replayed++;
			continue;
		}
		d->k.rx++;
		if (d->verbose) {
			char ib[INET_ADDRSTRLEN];

			logmsg("received %s from %s", msg_name(w.m.type),
			       ipstr(w.m.from_ip, ib));
		}
		if (w.m.type == CL_MSG_HELLO && d->cl.role == CL_MASTER) {
			mi = minfo_of(d, w.m.from_ip, true);
			mi->redirect_ip = w.redirect_ip;
			memcpy(mi->fqdn, w.fqdn, sizeof(mi->fqdn));
		}
		cl_recv(&d->cl, now, &w.m);
	}
}

static void arp_readable(struct daemon *d, cl_ms now)
{
	struct in_addr vip = { .s_addr = htonl(d->vip) };
	struct netif_arp_pkt p;
	struct netif_err e;
	int r;

	while ((r = netif_arp_recv(d->arp, &p, &e)) != 0) {
		if (r < 0) {
			if (e.code != ENETDOWN)
				logmsg("%s", e.msg);
			return;
		}
		if (netif_arp_classify(&p, vip) == NETIF_ARP_CLAIM)
			cl_arp(&d->cl, now, p.sha);
	}
}

/* IOS: the host's load, the mean of CPU and memory use (seed 003:
 * "system load" weighs CPU and memory) */
static void update_sysload(struct daemon *d)
{
	unsigned long long v[8] = { 0 }, total = 0, idle, mt = 0, ma = 0;
	unsigned int cpu = 0, mem = 0;
	char line[256];
	FILE *f;
	int i;

	f = fopen("/proc/stat", "r");
	if (f && fgets(line, sizeof(line), f) &&
	    sscanf(line, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
		for (i = 0; i < 8; i++)
			total += v[i];
		idle = v[3] + v[4];
		if (total > d->cpu_total)
			cpu = (unsigned int)(100 - 100 * (idle - d->cpu_idle) /
					     (total - d->cpu_total));
		d->cpu_total = total;
		d->cpu_idle = idle;
	}
	if (f)
		fclose(f);
	f = fopen("/proc/meminfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		sscanf(line, "MemTotal: %llu", &mt);
		sscanf(line, "MemAvailable: %llu", &ma);
	}
	if (f)
		fclose(f);
	if (mt && ma <= mt)
		mem = (unsigned int)(100 * (mt - ma) / mt);
	d->cl.system_load = (cpu + mem) / 2;
}

/* --- charon ------------------------------------------------------------------ */

static void vici_event(void *user, const char *name,
		       const struct vici_msg *msg);
static void ring_reset(struct daemon *d);

static void vici_lost(struct daemon *d, const char *what)
{
	logmsg("charon: %s: %s", what, vici_error(d->vici));
	d->vici_broken = true;
}

static void vici_connect(struct daemon *d, cl_ms now)
{
	static const char *const events[] = { "ike-updown", "ike-rekey",
					       "child-updown", "child-rekey",
					       "list-sa", NULL };
	struct vici_builder b = { 0 };
	struct vici_msg resp = { 0 };
	size_t i;
	int k;

	d->vici = vici_open(d->c.vici, vici_event, d);
	if (!d->vici) {
		if (!d->vici_warned)
			logmsg("cannot reach charon at %s: %s (retrying)",
			       d->c.vici, strerror(errno));
		d->vici_warned = true;
		d->vici_retry = now + VICI_RETRY_MS;
		return;
	}
	d->vici_warned = false;
	d->vici_broken = false;
	for (i = 0; events[i]; i++)
		if (vici_register(d->vici, events[i]) != 0) {
			vici_lost(d, "register");
			return;
		}
	/* backup peers follow charon's log (initiations) */
	for (i = 0; i < d->c.nconns; i++)
		if (d->c.conns[i].next)
			break;
	if (i < d->c.nconns && vici_register(d->vici, "log") != 0) {
		vici_lost(d, "register");
		return;
	}
	/* count what is established already */
	stab_clear(&d->sess);
	us_clear(d);
	for (k = 0; k < LB_NCLASS; k++)
		d->cl.self.active[k] = 0;
	d->cl.self.active[LB_ANYCONNECT] = (unsigned int)d->nocs;
	d->cl.self.inactive = 0;
	d->listed[LB_ANYCONNECT] = d->listed[LB_OTHER] = 0;
	vici_add_kv(&b, "noblock", "yes");
	if (vici_call(d->vici, "list-sas", &b, &resp) != 0)
		vici_lost(d, "list-sas");
	vici_msg_free(&resp);
	vici_builder_free(&b);
	if (!d->vici_broken)
		acct_unseen(d);
	if (!d->vici_broken)
		logmsg("connected to charon at %s: %u anyconnect and %u other "
		       "sessions were established", d->c.vici,
		       d->listed[LB_ANYCONNECT], d->listed[LB_OTHER]);
	if (!d->vici_broken)
		ring_reset(d);
}

static enum lb_class classify(struct daemon *d, const char *conn,
			      const char *version)
{
	size_t i;

	for (i = 0; i < d->c.nconns; i++)
		if (!strcmp(d->c.conns[i].name, conn))
			return d->c.conns[i].remote_access &&
			       !strcmp(version, "2") ? LB_ANYCONNECT :
			       LB_OTHER;
	/* not a connection of the configuration: never AnyConnect */
	return LB_OTHER;
}

/* @cmd: whether charon says success; its errmsg in @err */
static bool vici_quiet(struct daemon *d, const char *cmd,
		       const struct vici_builder *b, char *err, size_t len)
{
	struct vici_msg resp = { 0 };
	bool ok;

	if (vici_call(d->vici, cmd, b, &resp) != 0) {
		vici_lost(d, cmd);
		snprintf(err, len, "VICI connection lost");
		return false;
	}
	ok = !strcmp(vici_find_str(vici_root(&resp), "success", "no"), "yes");
	snprintf(err, len, "%s", vici_find_str(vici_root(&resp), "errmsg",
					       "?"));
	vici_msg_free(&resp);
	return ok;
}

static bool vici_ok(struct daemon *d, const char *cmd,
		    const struct vici_builder *b, const char *what)
{
	char err[512];

	if (vici_quiet(d, cmd, b, err, sizeof(err)))
		return true;
	if (!d->vici_broken)
		logmsg("charon refused to %s: %s", what, err[0] ? err : "?");
	return false;
}

static void terminate(struct daemon *d, uint32_t id)
{
	struct vici_builder b = { 0 };
	char what[64];

	vici_add_kvf(&b, "ike-id", "%" PRIu32, id);
	/* return at once: the down event follows */
	vici_add_kv(&b, "timeout", "-1");
	snprintf(what, sizeof(what), "terminate IKE_SA %" PRIu32, id);
	if (!vici_ok(d, "terminate", &b, what))
		d->k.terminate_errors++;
	vici_builder_free(&b);
}

/* where the master sends a client it places at member @ip (host order) */
struct gw {
	enum ikr_gw_type type;
	uint8_t id[WIRE_FQDN_MAX];	/* as RFC 5685 carries it */
	size_t len;
	char text[WIRE_FQDN_MAX + 1];	/* for VICI and the log */
};

/* the member's FQDN with redirect-fqdn enable (seed 000, "Enabling
 * Redirection Using a Fully Qualified Domain Name"), else the address
 * it gives for clients (`nat`), else its own */
static void member_gw(struct daemon *d, uint32_t ip, struct gw *g)
{
	const struct minfo *mi = ip == d->self_ip ? NULL :
				 minfo_of(d, ip, false);
	const char *fqdn = ip == d->self_ip ? d->fqdn : mi ? mi->fqdn : "";
	uint32_t to = ip == d->self_ip ? d->redirect_ip :
		      mi && mi->redirect_ip ? mi->redirect_ip : ip;

	if (d->c.redirect_fqdn && fqdn[0]) {
		g->type = IKR_GW_FQDN;
		g->len = strlen(fqdn);
		memcpy(g->id, fqdn, g->len);
		snprintf(g->text, sizeof(g->text), "%s", fqdn);
		return;
	}
	g->type = IKR_GW_IPV4;
	g->len = 4;
	g->id[0] = (uint8_t)(to >> 24);
	g->id[1] = (uint8_t)(to >> 16);
	g->id[2] = (uint8_t)(to >> 8);
	g->id[3] = (uint8_t)to;
	ipstr(to, g->text);
}

/* RFC 5685 after IKE_AUTH: VICI redirect of the established IKE_SA */
static bool redirect(struct daemon *d, uint32_t id, const char *gw)
{
	struct vici_builder b = { 0 };
	char what[48 + WIRE_FQDN_MAX];
	bool ok;

	vici_add_kvf(&b, "ike-id", "%" PRIu32, id);
	vici_add_kv(&b, "gateway", gw);
	snprintf(what, sizeof(what), "redirect IKE_SA %" PRIu32 " to %s", id,
		 gw);
	ok = vici_ok(d, "redirect", &b, what);
	vici_builder_free(&b);
	return ok;
}

static void count_peak(struct daemon *d, enum lb_class c)
{
	if (d->cl.self.active[c] > d->k.peak[c])
		d->k.peak[c] = d->cl.self.active[c];
}

/*
 * An IKE_SA came up.  On the master, an AnyConnect client that came to
 * the cluster IP is placed by the algorithm (seed 000) and, when another
 * member gets it, redirected there; every other session is admitted
 * against this member's limits or terminated (seed 000, "Configuring VPN
 * Session Limits").  LAN-to-LAN sessions do not take part in load
 * balancing (seed 000).
 */
static void ike_up(struct daemon *d, uint32_t id, const char *conn,
		   const struct vici_node *sa)
{
	enum lb_class c = classify(d, conn,
				   vici_find_str(sa, "version", ""));
	const char *local = vici_find_str(sa, "local-host", "");
	struct in_addr la;
	int t;

	if (stab_find(&d->sess, id))
		return;
	if (d->cl.role == CL_MASTER && d->redir != R_NONE &&
	    c == LB_ANYCONNECT && inet_pton(AF_INET, local, &la) == 1 &&
	    ntohl(la.s_addr) == d->vip) {
		t = cl_choose(&d->cl, now_ms(), c);
		if (t < 0) {
			logmsg("refused %s session %" PRIu32 " (%s): every "
			       "member is full", class_name(c), id, conn);
			d->k.refused[c]++;
			stab_put(&d->sess, id, S_REFUSED, c);
			terminate(d, id);
			return;
		}
		if (d->cl.mv[t].ip != d->self_ip) {
			struct gw gw;

			member_gw(d, d->cl.mv[t].ip, &gw);
			if (redirect(d, id, gw.text)) {
				logmsg("redirected %s session %" PRIu32
				       " to %s", class_name(c), id, gw.text);
				cl_placed(&d->cl, (size_t)t, c);
				d->k.redirects++;
				stab_put(&d->sess, id, S_REDIRECTED, c);
				return;
			}
			d->k.redirect_errors++;
			/* keep the client here if we can */
		}
	}
	switch (cl_admit(&d->cl, c)) {
	case CL_ACCEPT:
		d->k.accepted[c]++;
		count_peak(d, c);
		stab_put(&d->sess, id, S_COUNTED, c);
		/* refused: its down event uncounts it */
		if (user_login(d, id, conn, sa)) {
			acct_start(d, id, conn_of(d, conn), sa);
			authz_start(d, id, conn_of(d, conn), sa);
		}
		break;
	case CL_LOGOFF:
		/* charon has no inactive sessions to log off (they are
		 * AnyConnect SSL sessions waiting to resume); unreachable
		 * while cl_inactive() is never called, but refuse safely */
		cl_end(&d->cl, c, 0);
		/* fall through */
	case CL_REFUSE:
		logmsg("refused %s session %" PRIu32 " (%s): the limit of %u "
		       "is reached", class_name(c), id, conn,
		       d->cl.self.limit[c]);
		d->k.refused[c]++;
		stab_put(&d->sess, id, S_REFUSED, c);
		terminate(d, id);
		break;
	}
}

/* --- users: vpn-simultaneous-logins and group-lock ------------------------- */

static void us_clear(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->nus; i++)
		free(d->us[i].user);
	d->nus = 0;
}

static void us_del(struct daemon *d, uint32_t id)
{
	size_t i;

	for (i = 0; i < d->nus; i++)
		if (d->us[i].id == id) {
			free(d->us[i].user);
			memmove(&d->us[i], &d->us[i + 1],
				(d->nus - i - 1) * sizeof(*d->us));
			d->nus--;
			return;
		}
}

static void us_add(struct daemon *d, uint32_t id, const char *user,
		   cl_ms ends)
{
	if (d->nus == d->capus) {
		d->capus = d->capus ? d->capus * 2 : 64;
		d->us = xrealloc_array(d->us, d->capus, sizeof(*d->us));
	}
	d->us[d->nus].id = id;
	d->us[d->nus].ends = ends;
	d->us[d->nus++].user = user ? xstrdup(user) : NULL;
}

/* the earliest session timeout, or -1 */
static cl_ms us_next_end(const struct daemon *d)
{
	cl_ms t = -1;
	size_t i;

	for (i = 0; i < d->nus; i++)
		if (d->us[i].ends && (t < 0 || d->us[i].ends < t))
			t = d->us[i].ends;
	return t;
}

/* vpn-session-timeout: end the sessions whose time is up */
static void us_expire(struct daemon *d, cl_ms now)
{
	size_t i = 0;
	uint32_t id;

	while (i < d->nus) {
		if (!d->us[i].ends || d->us[i].ends > now) {
			i++;
			continue;
		}
		id = d->us[i].id;
		logmsg("ended session %" PRIu32 "%s%s: vpn-session-timeout",
		       id, d->us[i].user ? " of user " : "",
		       d->us[i].user ? d->us[i].user : "");
		d->k.session_timeouts++;
		/* first: charon's down event comes back through here, and
		 * @i may name another session after it */
		us_del(d, id);
		terminate(d, id);
	}
}

static void us_rekey(struct daemon *d, uint32_t from, uint32_t to)
{
	size_t i;

	for (i = 0; i < d->nus; i++)
		if (d->us[i].id == from)
			d->us[i].id = to;
}

/* the user name of a remote-access IKE_SA: its EAP or XAUTH identity,
 * which charon lists only where it differs from the IKE identity, else
 * that (a certificate's identity for a client with no user name) */
static const char *sa_user(const struct vici_node *sa)
{
	const char *u = vici_find_str(sa, "remote-eap-id", "");

	if (!*u)
		u = vici_find_str(sa, "remote-xauth-id", "");
	if (!*u)
		u = vici_find_str(sa, "remote-id", "");
	return *u ? u : NULL;
}

static const struct dconf_conn *conn_of(const struct daemon *d,
					const char *name)
{
	size_t i;

	for (i = 0; i < d->c.nconns; i++)
		if (!strcmp(d->c.conns[i].name, name))
			return &d->c.conns[i];
	return NULL;
}

static void logoff_add(struct daemon *d, uint32_t id, const char *user,
		       long long lim)
{
	if (d->nlo == d->caplo) {
		d->caplo = d->caplo ? d->caplo * 2 : 16;
		d->lo = xrealloc_array(d->lo, d->caplo, sizeof(*d->lo));
	}
	d->lo[d->nlo].id = id;
	d->lo[d->nlo].lim = lim;
	d->lo[d->nlo++].user = xstrdup(user);
}

static long long idle_of(struct daemon *d, uint32_t id);

/*
 * vpn-simultaneous-logins: for each new session over its user's limit,
 * log off the user's other sessions idle longest (the oldest of equally
 * idle ones) until the limit holds, as the ASA does (its documented
 * behaviour; the seeds are silent).
 */
static void logoff_run(struct daemon *d)
{
	while (d->nlo && d->vici && !d->vici_broken) {
		struct logoff l = d->lo[0];
		size_t i, have = 0;
		uint32_t victim = 0;
		long long best = -2, idle;

		memmove(&d->lo[0], &d->lo[1], (d->nlo - 1) * sizeof(*d->lo));
		d->nlo--;
		for (;;) {
			have = 0;
			victim = 0;
			best = -2;
			for (i = 0; i < d->nus; i++) {
				if (!d->us[i].user ||
				    strcmp(d->us[i].user, l.user))
					continue;
				have++;
				if (d->us[i].id == l.id)
					continue;
				idle = idle_of(d, d->us[i].id);
				if (idle > best) {
					best = idle;
					victim = d->us[i].id;
				}
			}
			if (have <= (size_t)l.lim || !victim)
				break;
			logmsg("logged off session %" PRIu32 " of user %s, idle "
			       "%s%lld s: vpn-simultaneous-logins %lld", victim,
			       l.user, best < 0 ? "? (not listed) " : "",
			       best < 0 ? 0 : best, l.lim);
			d->k.logins_logged_off++;
			/* first: charon's down event comes back here */
			us_del(d, victim);
			terminate(d, victim);
		}
		free(l.user);
	}
}

/*
 * How long IKE_SA @id has been idle, in seconds: the least of its
 * CHILD_SAs' times since their last inbound packet (charon's use-in; a
 * CHILD_SA that never received one counts from its install), or -1
 * when charon does not list it.
 */
static long long idle_of(struct daemon *d, uint32_t id)
{
	struct vici_builder b = { 0 };
	struct vici_msg resp = { 0 };

	if (!d->vici || d->vici_broken)
		return -1;
	vici_add_kvf(&b, "ike-id", "%" PRIu32, id);
	vici_add_kv(&b, "noblock", "yes");
	d->idle_probing = true;
	d->idle_id = id;
	d->idle_s = -1;
	if (vici_call(d->vici, "list-sas", &b, &resp) != 0)
		vici_lost(d, "list-sas");
	d->idle_probing = false;
	vici_msg_free(&resp);
	vici_builder_free(&b);
	return d->idle_s;
}

/* list-sa of idle_of()'s IKE_SA: its idle time */
static void idle_listed(struct daemon *d, const struct vici_node *sa)
{
	const struct vici_node *ch = vici_child(sa, "child-sas"), *n;
	long long least = -1;

	if (ch)
		vici_for_each(n, ch) {
			const char *u = vici_find_str(n, "use-in", "");
			const char *t = vici_find_str(n, "install-time", "");
			long long v;

			if (n->kind != VICI_NODE_SECTION || (!*u && !*t))
				continue;
			v = strtoll(*u ? u : t, NULL, 10);
			if (least < 0 || v < least)
				least = v;
		}
	if (least < 0)	/* no CHILD_SA: idle since it was established */
		least = strtoll(vici_find_str(sa, "established", "0"), NULL,
				10);
	d->idle_s = least;
}

/*
 * A user's new session (the group policy's attributes, as the ASA
 * documents them; the seeds are silent): group-lock refuses a user whose
 * policy locks it to another tunnel group; vpn-simultaneous-logins 0
 * refuses every login, and N > 1 logs off a session of the user when a
 * new one would exceed N: as the ASA, the one idle longest, the oldest
 * of equally idle ones (logoff_run(), from charon's use-in times).
 * Where a whole group's limit is 1, charon replaces the old session
 * itself (unique = replace) and asacd.json carries no limit; a user's
 * own limit of 1 in a group of more is asacd's.  Returns false when the
 * new session was refused.
 */
static bool user_login(struct daemon *d, uint32_t id, const char *conn,
		       const struct vici_node *sa)
{
	const struct dconf_conn *cn = conn_of(d, conn);
	const char *user = sa_user(sa);
	long long lim;
	size_t i, have = 0;
	cl_ms ends;

	if (!cn || !cn->remote_access)
		return true;
	/* vpn-session-timeout: the session ends then (timers scaled) */
	ends = cn->session_timeout > 0 ?
	       now_ms() + cn->session_timeout * 60000 / (cl_ms)d->scale : 0;
	if (!user) {
		if (ends)
			us_add(d, id, NULL, ends);
		return true;
	}
	if (dconf_locked(cn, user)) {
		logmsg("refused session %" PRIu32 " of user %s (%s): its "
		       "group-lock names another tunnel group", id, user,
		       conn);
		d->k.group_lock_refused++;
		terminate(d, id);
		return false;
	}
	lim = dconf_logins(cn, user);
	if (lim == 0) {
		logmsg("refused session %" PRIu32 " of user %s (%s): "
		       "vpn-simultaneous-logins 0", id, user, conn);
		d->k.logins_refused++;
		terminate(d, id);
		return false;
	}
	for (i = 0; i < d->nus; i++)
		have += d->us[i].user && !strcmp(d->us[i].user, user);
	/* over the limit: one of the user's other sessions is logged off,
	 * from the loop (logoff_run(): its idle times need list-sas, whose
	 * events wait while a callback runs) */
	if (lim >= 1 && have >= (size_t)lim)
		logoff_add(d, id, user, lim);
	us_add(d, id, user, ends);
	return true;
}

/* --- RADIUS accounting ---------------------------------------------------------- */

/*
 * accounting-server-group: an Accounting-Request Start when a remote-
 * access session of the group is admitted and a Stop when it ends (RFC
 * 2866), to the group's servers in order, each retried every
 * retry-interval until its timeout (the ASA's documented behaviour; the
 * seeds are silent on accounting).  asacd sends it, not charon's
 * eap-radius plugin, whose accounting covers every IKE_SA and goes to
 * the servers that authenticate: the ASA accounts a tunnel group's
 * sessions to its own group, whoever authenticates them.  Sessions
 * established before asacd started are not accounted (their start is
 * not known).
 */
static const struct rad_group *acct_group(const struct daemon *d,
					  const char *name)
{
	size_t i;

	for (i = 0; i < d->c.nradius; i++)
		if (!strcmp(d->c.radius[i].name, name))
			return &d->c.radius[i];
	return NULL;
}

static void acct_sid(const struct daemon *d, uint64_t seq, char *b,
		     size_t n)
{
	snprintf(b, n, "%08lX%08" PRIX64, d->boot & 0xffffffffUL, seq);
}

static void authz_done(struct daemon *d, uint64_t seq, const char *group,
		       const char *server, enum rad_result r);

#define AUTHZ_TAG (1ULL << 63)
#define OCAZ_TAG (1ULL << 62)
static void ocaz_done(struct daemon *d, uint64_t seq, const char *group,
		      enum rad_result r);

static void acct_done(void *user, uint64_t tag, const char *group,
		      const char *server, enum rad_result r)
{
	struct daemon *d = user;
	char sid[32];

	if (tag & AUTHZ_TAG) {
		authz_done(d, tag & ~AUTHZ_TAG, group, server, r);
		return;
	}
	if (tag & OCAZ_TAG) {
		(void)server;
		ocaz_done(d, tag & ~OCAZ_TAG, group, r);
		return;
	}

	if (r == RAD_ANSWERED) {
		if (d->verbose)
			logmsg("accounting %s of session %" PRIX64 " answered "
			       "by %s (aaa-server %s)", tag & 1 ? "Stop" :
			       "Start", tag >> 1, server, group);
		return;
	}
	d->k.acct_failed++;
	acct_sid(d, tag >> 1, sid, sizeof(sid));
	logmsg("accounting %s of session %s: no server of aaa-server %s "
	       "answered (the last tried: %s)", tag & 1 ? "Stop" : "Start",
	       sid, group, server);
}

static struct acct *acct_find(struct daemon *d, uint32_t id)
{
	size_t i;

	for (i = 0; i < d->nac; i++)
		if (d->ac[i].id == id)
			return &d->ac[i];
	return NULL;
}

/* the first virtual IP charon assigned the client */
static const char *sa_vip(const struct vici_node *sa)
{
	const struct vici_node *l = vici_child(sa, "remote-vips"), *n;

	if (l)
		vici_for_each(n, l)
			if (n->kind == VICI_NODE_ITEM && n->value)
				return n->value;
	return NULL;
}

static void acct_send(struct daemon *d, const struct acct *a, int status,
		      long long in, long long out)
{
	const struct rad_group *g = acct_group(d, a->group);
	struct rad_acct r = {
		.status = status, .user = a->user, .framed_ip = a->vip,
		.calling = a->remote, .session_time = -1,
		.in_octets = -1, .out_octets = -1,
	};
	char sid[32];

	acct_sid(d, a->seq, sid, sizeof(sid));
	r.session_id = sid;
	if (status == RAD_ACCT_STOP) {
		r.session_time = (now_ms() - a->start) / 1000;
		r.in_octets = in;
		r.out_octets = out;
	}
	if (!g) {
		d->k.acct_failed++;
		logmsg("accounting %s of session %s: aaa-server %s is no "
		       "longer configured", status == RAD_ACCT_STOP ?
		       "Stop" : "Start", sid, a->group);
		return;
	}
	if (rad_acct_send(&d->rad, g, &r, a->seq << 1 |
			  (status == RAD_ACCT_STOP), now_ms()) < 0) {
		d->k.acct_failed++;
		logmsg("accounting %s of session %s to aaa-server %s cannot "
		       "be sent (%zu pending)", status == RAD_ACCT_STOP ?
		       "Stop" : "Start", sid, a->group, d->rad.n);
		return;
	}
	if (status == RAD_ACCT_STOP)
		d->k.acct_stops++;
	else
		d->k.acct_starts++;
}

static void acct_start(struct daemon *d, uint32_t id,
		       const struct dconf_conn *cn, const struct vici_node *sa)
{
	struct acct *a;
	const char *v;

	if (!cn || !cn->accounting || acct_find(d, id))
		return;
	if (d->nac == d->capac) {
		d->capac = d->capac ? d->capac * 2 : 64;
		d->ac = xrealloc_array(d->ac, d->capac, sizeof(*d->ac));
	}
	a = &d->ac[d->nac++];
	memset(a, 0, sizeof(*a));
	a->id = id;
	a->seq = ++d->acct_seq;
	a->group = xstrdup(cn->accounting->name);
	v = sa_user(sa);
	a->user = v ? xstrdup(v) : NULL;
	v = sa_vip(sa);
	a->vip = v ? xstrdup(v) : NULL;
	v = vici_find_str(sa, "remote-host", "");
	a->remote = *v ? xstrdup(v) : NULL;
	a->start = now_ms();
	/* authorization-required: the Start waits for the authorization
	 * (authz_done()); IKEv1 clients get their address by mode config
	 * after the IKE_SA is up: it waits for the first CHILD_SA too
	 * (acct_child()) */
	a->hold = cn->authorization != NULL;
	if (a->vip && !a->hold) {
		a->started = true;
		acct_send(d, a, RAD_ACCT_START, -1, -1);
	}
}

static long long child_octets(const struct vici_node *c, const char *key)
{
	return strtoll(vici_find_str(c, key, "0"), NULL, 10);
}

/* a CHILD_SA event of an accounted session: the first one up sends a
 * Start still waiting; one that ended (or was rekeyed away) adds its
 * octets */
static void acct_child(struct daemon *d, const char *name, uint32_t id,
		       const struct vici_node *sa, bool up)
{
	struct acct *a = acct_find(d, id);
	const struct vici_node *ch = vici_child(sa, "child-sas"), *n, *o;
	const char *v;

	if (!a)
		return;
	if (!strcmp(name, "child-updown") && up) {
		a->open++;
		if (a->started)
			return;
		v = sa_vip(sa);
		if (v && !a->vip)
			a->vip = xstrdup(v);
		if (a->hold)
			return;
		a->started = true;
		acct_send(d, a, RAD_ACCT_START, -1, -1);
		return;
	}
	if (!ch)
		return;
	vici_for_each(n, ch) {
		if (n->kind != VICI_NODE_SECTION)
			continue;
		/* child-rekey: the old CHILD_SA's octets; child-updown:
		 * the ended one's */
		o = strcmp(name, "child-rekey") ? n : vici_child(n, "old");
		if (!o)
			continue;
		if (o == n && a->open)
			a->open--;
		a->in += child_octets(o, "bytes-in");
		a->out += child_octets(o, "bytes-out");
	}
}

static void acct_remove(struct daemon *d, struct acct *a)
{
	size_t i = (size_t)(a - d->ac);

	free(a->group);
	free(a->user);
	free(a->vip);
	free(a->remote);
	memmove(&d->ac[i], &d->ac[i + 1], (d->nac - i - 1) * sizeof(*d->ac));
	d->nac--;
}

/*
 * The session ended: its Stop (when its Start went), with the octets of
 * its CHILD_SAs when charon reported the end of each.  An IKEv1 client
 * deletes its CHILD_SAs before the IKE_SA, and each reports its octets;
 * an IKEv2 IKE_SA's deletion takes its CHILD_SAs with it unreported, so
 * the Stop of such a session carries no octets rather than too few.
 */
static void acct_stop(struct daemon *d, uint32_t id)
{
	struct acct *a = acct_find(d, id);

	if (!a)
		return;
	if (a->started)
		acct_send(d, a, RAD_ACCT_STOP, a->open ? -1 : a->in,
			  a->open ? -1 : a->out);
	acct_remove(d, a);
}

/* after charon came back: the sessions it no longer lists ended */
static void acct_unseen(struct daemon *d)
{
	size_t i = 0;

	while (i < d->nac) {
		if (d->ac[i].seen) {
			d->ac[i++].seen = false;
			continue;
		}
		if (d->ac[i].started)
			acct_send(d, &d->ac[i], RAD_ACCT_STOP, -1, -1);
		acct_remove(d, &d->ac[i]);
	}
}

static void acct_clear(struct daemon *d)
{
	while (d->nac)
		acct_remove(d, &d->ac[d->nac - 1]);
	free(d->ac);
}

/* --- RADIUS authorization (authorization-required) ------------------------------ */

/*
 * authorization-required with an authorization-server-group: a session
 * its group does not authorize is ended.  charon cannot ask a second
 * server before the IKE_SA is up, so asacd asks when it comes up and
 * terminates the session on an Access-Reject or when no server answers
 * (the user did not authorize); the session's accounting Start waits for
 * the answer.  The Access-Request carries the user name as its password,
 * as the ASA sends it for RADIUS authorization (the ASA's documentation;
 * the seeds are silent).  The attributes an Access-Accept returns are
 * not applied: a strongSwan connection gives every session its tunnel
 * group's attributes (asac reports it).
 */
static struct authz *authz_find(struct daemon *d, uint32_t id, uint64_t seq)
{
	size_t i;

	for (i = 0; i < d->naz; i++)
		if (seq ? d->az[i].seq == seq : d->az[i].id == id)
			return &d->az[i];
	return NULL;
}

static void authz_remove(struct daemon *d, struct authz *z)
{
	size_t i = (size_t)(z - d->az);

	free(z->user);
	memmove(&d->az[i], &d->az[i + 1], (d->naz - i - 1) * sizeof(*d->az));
	d->naz--;
}

static void authz_start(struct daemon *d, uint32_t id,
			const struct dconf_conn *cn,
			const struct vici_node *sa)
{
	const char *u = sa_user(sa), *remote;
	struct rad_acct r = { .session_time = -1, .in_octets = -1,
			      .out_octets = -1 };
	struct authz *z;

	if (!cn || !cn->authorization || authz_find(d, id, 0))
		return;
	if (d->naz == d->capaz) {
		d->capaz = d->capaz ? d->capaz * 2 : 64;
		d->az = xrealloc_array(d->az, d->capaz, sizeof(*d->az));
	}
	z = &d->az[d->naz++];
	z->id = id;
	z->seq = ++d->acct_seq;
	z->user = xstrdup(u ? u : "");
	remote = vici_find_str(sa, "remote-host", "");
	r.user = z->user;
	r.calling = *remote ? remote : NULL;
	if (rad_access_send(&d->rad, cn->authorization, &r, z->user,
			    AUTHZ_TAG | z->seq, now_ms()) < 0)
		authz_done(d, z->seq, cn->authorization->name, "none",
			   RAD_NO_ANSWER);
}

static void authz_done(struct daemon *d, uint64_t seq, const char *group,
		       const char *server, enum rad_result r)
{
	struct authz *z = authz_find(d, 0, seq);
	struct acct *a;
	uint32_t id;

	if (!z)
		return;		/* the session ended meanwhile */
	a = acct_find(d, z->id);
	if (r == RAD_ANSWERED) {
		d->k.authz_accepted++;
		if (d->verbose)
			logmsg("session %" PRIu32 " of user %s authorized by "
			       "%s (aaa-server %s)", z->id, z->user, server,
			       group);
		if (a && a->hold) {
			a->hold = false;
			if (a->vip || a->open) {
				a->started = true;
				acct_send(d, a, RAD_ACCT_START, -1, -1);
			}
		}
		authz_remove(d, z);
		return;
	}
	d->k.authz_refused++;
	logmsg("refused session %" PRIu32 " of user %s: aaa-server %s %s "
	       "(authorization-required)", z->id, z->user, group,
	       r == RAD_REJECTED ? "rejected its authorization" :
	       "did not answer its authorization");
	id = z->id;
	if (a)
		acct_remove(d, a);	/* never started */
	authz_remove(d, z);
	/* last: charon's down event comes back through here */
	terminate(d, id);
}

static void authz_clear(struct daemon *d)
{
	while (d->naz)
		authz_remove(d, &d->az[d->naz - 1]);
	free(d->az);
}

static void ike_down(struct daemon *d, uint32_t id)
{
	struct authz *z = authz_find(d, id, 0);

	if (z)
		authz_remove(d, z);
	acct_stop(d, id);
	us_del(d, id);
	struct sess *s = stab_find(&d->sess, id);

	if (!s)
		return;
	if (s->state == S_COUNTED)
		cl_end(&d->cl, (enum lb_class)s->cls, 1);
	stab_del(&d->sess, s);
}

/* the member a retransmitted IKE_SA_INIT request was sent to, or 0 */
static uint32_t init_seen(struct daemon *d, const struct ikr_req *r,
			  const struct sockaddr_in *from, cl_ms now)
{
	size_t i;

	for (i = 0; i < INIT_SEEN; i++) {
		const struct init_seen *e = &d->seen[i];

		if (e->member && now - e->at < INIT_SEEN_MS &&
		    e->ip == from->sin_addr.s_addr &&
		    e->port == from->sin_port &&
		    !memcmp(e->spi, r->spi_i, sizeof(e->spi)))
			return e->member;
	}
	return 0;
}

/*
 * RFC 5685 at IKE_SA_INIT (seed 003, "Redirect During IKEv2 Initial
 * Exchange"): the master places a client that came to the cluster IP
 * and announced support for redirects, and answers with REDIRECT to
 * the chosen member, itself included (its own address: charon serves
 * it there).  No IKE_SA exists anywhere until the client comes back.
 * The choice is the algorithm's for an AnyConnect session (seed 000):
 * clients of remote access are the ones load balancing is for.
 */
static void ike_readable(struct daemon *d, cl_ms now)
{
	struct divert_pkt *p = &d->pkt;
	uint8_t out[IKR_REPLY_MAX];
	char ib[INET_ADDRSTRLEN];
	enum ikr_result res;
	struct ikr_req r;
	struct init_seen *e;
	struct gw gw;
	uint32_t member;
	size_t n;
	int t, err;

	while (divert_recv(&d->dv, p) > 0) {
		inet_ntop(AF_INET, &p->from.sin_addr, ib, sizeof(ib));
		res = ikr_parse(p->buf, p->len, &r);
		if (res != IKR_OK) {
			d->k.init_dropped[res]++;
			if (d->verbose)
				logmsg("IKE_SA_INIT from %s:%u not "
				       "redirected: %s", ib,
				       ntohs(p->from.sin_port),
				       ikr_result_name(res));
			continue;
		}
		if (d->cl.role != CL_MASTER) {
			d->k.init_not_master++;
			continue;
		}
		member = init_seen(d, &r, &p->from, now);
		if (!member) {
			t = cl_choose(&d->cl, now, LB_ANYCONNECT);
			if (t < 0) {
				d->k.init_full++;
				logmsg("IKE_SA_INIT from %s: every member is "
				       "full; no answer", ib);
				continue;
			}
			member = d->cl.mv[t].ip;
			cl_placed(&d->cl, (size_t)t, LB_ANYCONNECT);
			e = &d->seen[d->seen_next++ % INIT_SEEN];
			memcpy(e->spi, r.spi_i, sizeof(e->spi));
			e->ip = p->from.sin_addr.s_addr;
			e->port = p->from.sin_port;
			e->member = member;
			e->at = now;
		}
		member_gw(d, member, &gw);
		n = ikr_reply(&r, gw.type, gw.id, gw.len, out);
		err = n ? divert_reply(&d->dv, p, out, n) : -EMSGSIZE;
		if (err < 0) {
			d->k.init_errors++;
			logmsg("cannot redirect IKE_SA_INIT from %s to %s: %s",
			       ib, gw.text, strerror(-err));
			continue;
		}
		d->k.init_redirects++;
		logmsg("redirected IKE_SA_INIT from %s:%u to %s", ib,
		       ntohs(p->from.sin_port), gw.text);
	}
}

/*
 * An AnyConnect SSL client at the cluster IP (sslredir.h): placed as an
 * AnyConnect session by the same algorithm as IPsec clients (seed 000),
 * and sent to that member, the master included, by HTTP redirect.
 */
static bool ssl_choose(void *arg, const char *client, char *host,
		       size_t len)
{
	struct daemon *d = arg;
	struct gw gw;
	int t;

	if (d->cl.role != CL_MASTER) {
		logmsg("AnyConnect SSL client %s at the cluster IP, but this "
		       "member is not the master: refused", client);
		return false;
	}
	t = cl_choose(&d->cl, now_ms(), LB_ANYCONNECT);
	if (t < 0) {
		logmsg("AnyConnect SSL client %s: every member is full; "
		       "refused (503)", client);
		return false;
	}
	cl_placed(&d->cl, (size_t)t, LB_ANYCONNECT);
	member_gw(d, d->cl.mv[t].ip, &gw);
	snprintf(host, len, "%s", gw.text);
	logmsg("redirected AnyConnect SSL client %s to %s", client, gw.text);
	return true;
}

static bool sa_id(const struct vici_node *sa, uint32_t *id)
{
	uint64_t v;

	if (vici_find_uint(sa, "uniqueid", &v) < 0 || v > UINT32_MAX)
		return false;
	*id = (uint32_t)v;
	return true;
}

/* --- backup peers ----------------------------------------------------------- */

/*
 * seed 002 ("Provide Site-to-Site Redundancy", "About IKEv2 Multi-Peer
 * Crypto Map"): the ASA initiates to the entry's active peer, the first
 * at start; when a negotiation fails it moves on to the next peer, and
 * back to the first after the last.  The compiler gives each peer a
 * connection with the same children, in a ring ("next" in asacd.json);
 * the active one's children are trapped.  charon logs "initiating ...
 * IKE_SA NAME[ID] to PEER" when it starts one (5.9.8 ike_init.c,
 * main_mode.c, aggressive_mode.c); an IKE_SA of the active connection
 * that is gone without having come up failed, and the trap moves on.
 */

/* trap connection @ci's children (@on) or take their traps away */
static void ring_set(struct daemon *d, size_t ci, bool on)
{
	const struct dconf_conn *cn = &d->c.conns[ci];
	size_t i;

	d->active[ci] = on;
	for (i = 0; i < cn->nchildren && d->vici && !d->vici_broken; i++) {
		struct vici_builder b = { 0 };
		char err[200];

		vici_add_kv(&b, "child", cn->children[i]);
		vici_add_kv(&b, "ike", cn->name);
		/* not trapped is what uninstall wants anyway */
		if (!vici_quiet(d, on ? "install" : "uninstall", &b, err,
				sizeof(err)) && (on || !strstr(err, "not found")))
			logmsg("charon refused to %s %s/%s: %s", on ? "install" :
			       "uninstall", cn->name, cn->children[i], err);
		vici_builder_free(&b);
	}
}

static size_t conn_index(const struct dconf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nconns; i++)
		if (!strcmp(c->conns[i].name, name))
			return i;
	return SIZE_MAX;
}

/*
 * Every ring starts at its first connection (the first in the file), as
 * the ASA starts at the first peer and resets to it when the crypto map
 * changes (seed 002, "Peer Index Reset Upon Crypto Map Changes").
 */
static void ring_reset(struct daemon *d)
{
	size_t i, j, n;

	free(d->active);
	d->active = xcalloc(d->c.nconns + 1, sizeof(*d->active));
	d->npend = 0;
	d->probe_at = -1;
	for (i = 0; i < d->c.nconns; i++) {
		bool first = true;

		if (!d->c.conns[i].next)
			continue;
		/* first: no member of its ring comes earlier */
		for (j = conn_index(&d->c, d->c.conns[i].next), n = 0;
		     j != i && j < d->c.nconns && n < d->c.nconns;
		     j = conn_index(&d->c, d->c.conns[j].next), n++)
			if (j < i)
				first = false;
		ring_set(d, i, first);
	}
}

/* a log line: an initiation by an active ring connection is followed */
static void ring_log(struct daemon *d, const struct vici_node *root,
		     cl_ms now)
{
	const char *msg = vici_find_str(root, "msg", "");
	size_t ci, i;
	uint64_t id;

	if (!d->active || strncmp(msg, "initiating ", 11) ||
	    !strstr(msg, "IKE_SA"))
		return;
	ci = conn_index(&d->c, vici_find_str(root, "ikesa-name", ""));
	if (ci == SIZE_MAX || !d->c.conns[ci].next || !d->active[ci] ||
	    vici_find_uint(root, "ikesa-uniqueid", &id) != 0 ||
	    id > UINT32_MAX)
		return;
	for (i = 0; i < d->npend; i++)
		if (d->pend[i].id == id)
			return;
	if (d->npend == RING_PENDING) {
		logmsg("backup peers: more than %d initiations at once; "
		       "IKE_SA %s[%" PRIu64 "] is not followed", RING_PENDING,
		       d->c.conns[ci].name, id);
		return;
	}
	d->pend[d->npend++] = (struct pend){ (uint32_t)id, ci };
	if (d->probe_at < 0)
		d->probe_at = now + RING_PROBE_MS;
}

static void ring_settled(struct daemon *d, uint32_t id)
{
	size_t i;

	for (i = 0; i < d->npend; i++)
		if (d->pend[i].id == id) {
			d->pend[i] = d->pend[--d->npend];
			return;
		}
}

/* look at the pending initiations: up, still going, or failed */
static void ring_probe(struct daemon *d, cl_ms now)
{
	size_t i = 0;

	while (i < d->npend && d->vici && !d->vici_broken) {
		struct pend p = d->pend[i];
		struct vici_builder b = { 0 };
		struct vici_msg resp = { 0 };
		const struct dconf_conn *cn = &d->c.conns[p.conn];
		size_t nx;

		if (stab_find(&d->sess, p.id)) {
			ring_settled(d, p.id);
			continue;
		}
		vici_add_kvf(&b, "ike-id", "%" PRIu32, p.id);
		vici_add_kv(&b, "noblock", "yes");
		d->probing = true;
		d->probe_id = p.id;
		d->probe_found = d->probe_up = false;
		if (vici_call(d->vici, "list-sas", &b, &resp) != 0)
			vici_lost(d, "list-sas");
		d->probing = false;
		vici_msg_free(&resp);
		vici_builder_free(&b);
		if (d->vici_broken)
			break;
		if (d->probe_found && !d->probe_up) {
			i++;
			continue;
		}
		ring_settled(d, p.id);
		if (d->probe_up || !d->active[p.conn])
			continue;
		nx = conn_index(&d->c, cn->next);
		logmsg("backup peers: IKE_SA %s[%" PRIu32 "] failed; the "
		       "next peer's connection %s is active now (seed 002)",
		       cn->name, p.id, cn->next);
		d->k.peer_failovers++;
		ring_set(d, p.conn, false);
		if (nx != SIZE_MAX)
			ring_set(d, nx, true);
	}
	d->probe_at = d->npend ? now + RING_PROBE_MS : -1;
}

static void vici_event(void *user, const char *name,
		       const struct vici_msg *msg)
{
	struct daemon *d = user;
	const struct vici_node *root = vici_root(msg), *n, *o, *nw;
	bool up = !strcmp(vici_find_str(root, "up", "no"), "yes");
	struct sess *s;
	uint32_t id, id2;

	d->k.events++;
	if (!strcmp(name, "log")) {
		ring_log(d, root, now_ms());
		return;
	}
	vici_for_each(n, root) {
		if (n->kind != VICI_NODE_SECTION)
			continue;
		if (d->idle_probing && !strcmp(name, "list-sa")) {
			/* idle_of()'s list-sas: only its IKE_SA */
			if (sa_id(n, &id) && id == d->idle_id)
				idle_listed(d, n);
			continue;
		}
		if (d->probing) {
			/* ring_probe()'s list-sas: only its IKE_SA */
			if (!strcmp(name, "list-sa") && sa_id(n, &id) &&
			    id == d->probe_id) {
				d->probe_found = true;
				d->probe_up = !strcmp(vici_find_str(n, "state",
						      ""), "ESTABLISHED");
			}
			if (!strcmp(name, "list-sa"))
				continue;
		}
		if (!strcmp(name, "ike-updown") && sa_id(n, &id)) {
			if (up) {
				ring_settled(d, id);
				ike_up(d, id, n->name, n);
			} else {
				ike_down(d, id);
			}
		} else if (!strncmp(name, "child-", 6) && sa_id(n, &id)) {
			acct_child(d, name, id, n, up);
		} else if (!strcmp(name, "ike-rekey")) {
			/* IKEv2 rekeying gives the IKE_SA a new id; the
			 * session is the same */
			o = vici_child(n, "old");
			nw = vici_child(n, "new");
			if (!o || !nw || !sa_id(o, &id) || !sa_id(nw, &id2))
				continue;
			s = stab_find(&d->sess, id);
			if (s) {
				enum sess_state st = s->state;
				enum lb_class c = s->cls;

				stab_del(&d->sess, s);
				stab_put(&d->sess, id2, st, c);
			}
			us_rekey(d, id, id2);
			if (acct_find(d, id))
				acct_find(d, id)->id = id2;
			if (authz_find(d, id, 0))
				authz_find(d, id, 0)->id = id2;
		} else if (!strcmp(name, "list-sa") && sa_id(n, &id) &&
			   acct_find(d, id)) {
			/* still there after charon came back */
			acct_find(d, id)->seen = true;
		}
		if (!strcmp(name, "list-sa") && sa_id(n, &id) &&
			   !strcmp(vici_find_str(n, "state", ""),
				   "ESTABLISHED") &&
			   !stab_find(&d->sess, id)) {
			/* established before we came: counted as they
			 * are, never terminated */
			enum lb_class c = classify(d, n->name,
				vici_find_str(n, "version", ""));

			const struct dconf_conn *cn = conn_of(d, n->name);

			d->cl.self.active[c]++;
			d->listed[c]++;
			count_peak(d, c);
			stab_put(&d->sess, id, S_COUNTED, c);
			/* established before asacd came: their time is
			 * not known, so no session timeout is started */
			if (cn && cn->remote_access && sa_user(n))
				us_add(d, id, sa_user(n), 0);
		}
	}
}

/* --- asacctl ---------------------------------------------------------------- */

static int ctl_open(struct daemon *d)
{
	struct sockaddr_un sa;
	mode_t mask;
	int fd, r;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(d->c.control) >= sizeof(sa.sun_path)) {
		logmsg("control socket path too long: %s", d->c.control);
		return -1;
	}
	strcpy(sa.sun_path, d->c.control);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		logmsg("cannot open the control socket: %s", strerror(errno));
		return -1;
	}
	unlink(d->c.control);
	/* root's only, from the moment it exists */
	mask = umask(077);
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(mask);
	if (r < 0 || listen(fd, 8) < 0) {
		logmsg("cannot listen on %s: %s", d->c.control,
		       strerror(errno));
		close(fd);
		return -1;
	}
	d->ctl_path = xstrdup(d->c.control);
	return fd;
}

static void ctl_close(struct daemon *d)
{
	if (d->ctl >= 0) {
		close(d->ctl);
		unlink(d->ctl_path);
	}
	d->ctl = -1;
	free(d->ctl_path);
	d->ctl_path = NULL;
}

/* the load of one class in percent, half up (seed 000) */
static unsigned int class_load(unsigned int active, unsigned int limit)
{
	if (!limit || limit >= UNLIMITED)
		return 0;
	return (unsigned int)((200ull * active + limit) / (2ull * limit));
}

/*
 * `show vpn load-balancing` as the ASA prints it (seed 000, "Viewing Load
 * Balancing").  The ASA's two columns are IPsec and SSL; here they are
 * the two classes asacd counts: "other" (IKEv1 and LAN-to-LAN, under
 * max-other-vpn-limit) and "anyconnect" (IKEv2 remote access, under
 * max-anyconnect-premium-or-essentials-limit).
 */
static void show_lb(struct daemon *d, FILE *out)
{
	struct cl_node *n = &d->cl;
	char ib[INET_ADDRSTRLEN];
	size_t i, peers;

	if (!d->clustered) {
		fputs("Status     : disabled (no cluster is configured)\n", out);
		return;
	}
	fprintf(out, "Status     : %s\n", d->running ? "enabled" :
		"disabled (participate is off)");
	fprintf(out, "Role       : %s\n", role_word(d, n->role));
	fprintf(out, "Encryption : %s\n", d->sealed ? "enabled" : "disabled");
	fprintf(out, "Cluster IP : %s\n", ipstr(d->vip, ib));
	peers = n->role == CL_MASTER ? (n->nm ? n->nm - 1 : 0) :
		n->role == CL_BACKUP ? 1 : 0;
	fprintf(out, "Peers      : %zu\n", peers);
	fputs("\n                                  Load %        Sessions\n",
	      out);
	fputs("Public IP        Role         Pri  Other  AnyC  Other  AnyC\n",
	      out);
	if (n->role == CL_MASTER) {
		for (i = 0; i < n->nm; i++) {
			const struct lb_member *l = &n->mlb[i];
			const struct minfo *mi = minfo_of(d, l->ip, false);
			uint32_t pub = l->ip == d->self_ip ? d->redirect_ip :
				       mi && mi->redirect_ip ? mi->redirect_ip :
				       l->ip;
			unsigned int ac = l->active[LB_ANYCONNECT] -
					  l->inactive;

			fprintf(out, "%-16s %-12s %3u  %5u %5u  %5u %5u\n",
				ipstr(pub, ib), l->ip == d->self_ip ?
				role_word(d, CL_MASTER) :
				role_word(d, CL_BACKUP), n->mv[i].priority,
				class_load(l->active[LB_OTHER],
					   l->limit[LB_OTHER]),
				class_load(ac, l->limit[LB_ANYCONNECT]),
				l->active[LB_OTHER], ac);
		}
		return;
	}
	fprintf(out, "%-16s %-12s %3u  %5u %5u  %5u %5u\n",
		ipstr(d->redirect_ip, ib), role_word(d, n->role), n->priority,
		class_load(n->self.active[LB_OTHER], n->self.limit[LB_OTHER]),
		class_load(n->self.active[LB_ANYCONNECT],
			   n->self.limit[LB_ANYCONNECT]),
		n->self.active[LB_OTHER], n->self.active[LB_ANYCONNECT]);
}

static void put_limit(FILE *out, unsigned int l)
{
	if (l >= UNLIMITED)
		fprintf(out, "%8s", "none");
	else
		fprintf(out, "%8u", l);
}

/* `show vpn-sessiondb summary`, for the two classes asacd counts */
static void show_summary(struct daemon *d, FILE *out)
{
	static const char *const label[LB_NCLASS] = {
		"AnyConnect (SSL, IKEv2 RA)",
		"Other (IKEv1, LAN-to-LAN)",
	};
	const struct lb_member *s = &d->cl.self;
	unsigned int cap = 0;
	int c;

	fputs("---------------------------------------------------------------"
	      "--------------\n", out);
	fputs("VPN Session Summary\n", out);
	fputs("---------------------------------------------------------------"
	      "--------------\n", out);
	fputs("                                  Active Cumulative     Peak "
	      "   Limit Refused\n", out);
	for (c = 0; c < LB_NCLASS; c++) {
		fprintf(out, "%-32s %8u %10llu %8u ", label[c], s->active[c],
			d->k.accepted[c], d->k.peak[c]);
		put_limit(out, s->limit[c]);
		fprintf(out, " %7llu\n", d->k.refused[c]);
		if (s->limit[c] < UNLIMITED)
			cap += s->limit[c];
	}
	fputs("---------------------------------------------------------------"
	      "--------------\n", out);
	fprintf(out, "Total Active                     %8u\n",
		s->active[LB_ANYCONNECT] + s->active[LB_OTHER]);
	if (cap) {
		struct lb_member m = *s;

		m.up = true;
		fprintf(out, "Device Total VPN Capacity        %8u\n", cap);
		fprintf(out, "Device Load                      %7u%%\n",
			(lb_load2(&m, LB_ROUND_HALF_UP) + 1) / 2);
	}
	fprintf(out, "Redirected                       %8llu\n", d->k.redirects);
}

static void show_json(struct daemon *d, FILE *out)
{
	const struct cl_node *n = &d->cl;
	json_t *o = json_object(), *sess = json_object(), *cl, *arr, *k;
	char ib[INET_ADDRSTRLEN];
	char *s;
	size_t i;
	int c;

	json_object_set_new(o, "mode", json_string(
		d->c.mode == DCONF_ASA ? "asa" : d->c.mode == DCONF_IOS ?
		"ios" : "standalone"));
	for (c = 0; c < LB_NCLASS; c++) {
		json_t *e = json_object();

		json_object_set_new(e, "active", json_integer(
			n->self.active[c]));
		json_object_set_new(e, "limit", n->self.limit[c] >= UNLIMITED ?
				    json_null() : json_integer(
				    n->self.limit[c]));
		json_object_set_new(e, "peak", json_integer(d->k.peak[c]));
		json_object_set_new(e, "cumulative", json_integer(
			(json_int_t)d->k.accepted[c]));
		json_object_set_new(e, "refused", json_integer(
			(json_int_t)d->k.refused[c]));
		json_object_set_new(sess, class_name(c), e);
	}
	json_object_set_new(o, "sessions", sess);
	json_object_set_new(o, "charon", json_boolean(d->vici &&
						      !d->vici_broken));
	if (d->clustered) {
		cl = json_object();
		json_object_set_new(cl, "role", json_string(
			cl_role_name(n->role)));
		json_object_set_new(cl, "ip", json_string(ipstr(d->vip, ib)));
		json_object_set_new(cl, "address", json_string(
			ipstr(d->self_ip, ib)));
		json_object_set_new(cl, "owns_ip", json_boolean(d->owns));
		json_object_set_new(cl, "encryption", json_boolean(d->sealed));
		json_object_set_new(cl, "redirect", json_string(
			d->redir == R_INIT ? "init" : d->redir == R_AUTH ?
			"auth" : "none"));
		arr = json_array();
		for (i = 0; n->role == CL_MASTER && i < n->nm; i++) {
			json_t *m = json_object();

			json_object_set_new(m, "address", json_string(
				ipstr(n->mlb[i].ip, ib)));
			json_object_set_new(m, "priority", json_integer(
				n->mv[i].priority));
			json_object_set_new(m, "load", json_real(
				cl_load2(n, i) / 2.0));
			json_object_set_new(m, "anyconnect", json_integer(
				n->mlb[i].active[LB_ANYCONNECT]));
			json_object_set_new(m, "other", json_integer(
				n->mlb[i].active[LB_OTHER]));
			json_array_append_new(arr, m);
		}
		json_object_set_new(cl, "members", arr);
		json_object_set_new(o, "cluster", cl);
	}
	k = json_object();
#define K(name, v) json_object_set_new(k, name, json_integer((json_int_t)(v)))
	K("messages_received", d->k.rx);
	K("messages_sent", d->k.tx);
	K("dropped_malformed", d->k.dropped[WIRE_MALFORMED]);
	K("dropped_unencrypted", d->k.dropped[WIRE_UNSEALED]);
	K("dropped_encrypted", d->k.dropped[WIRE_SEALED]);
	K("dropped_authentication", d->k.dropped[WIRE_AUTH]);
	K("dropped_replayed", d->k.replayed);
	K("send_errors", d->k.send_errors);
	K("vici_events", d->k.events);
	K("init_redirects", d->k.init_redirects);
	K("init_dropped_malformed", d->k.init_dropped[IKR_MALFORMED]);
	K("init_dropped_not_ike_sa_init", d->k.init_dropped[IKR_NOT_INIT]);
	K("init_dropped_no_redirect_support",
	  d->k.init_dropped[IKR_NO_SUPPORT]);
	K("init_dropped_no_nonce", d->k.init_dropped[IKR_NO_NONCE]);
	K("init_dropped_not_master", d->k.init_not_master);
	K("init_dropped_full", d->k.init_full);
	K("init_errors", d->k.init_errors);
	{
		struct sslr_stats ss = { 0 };

		if (d->sslr)
			sslr_stats(d->sslr, &ss);
		K("ssl_redirects", ss.redirected);
		K("ssl_refused_full", ss.full);
		K("ssl_failed", ss.failed);
	}
	K("auth_redirects", d->k.redirects);
	K("auth_redirect_errors", d->k.redirect_errors);
	K("terminate_errors", d->k.terminate_errors);
	K("peer_failovers", d->k.peer_failovers);
	K("logins_logged_off", d->k.logins_logged_off);
	K("logins_refused", d->k.logins_refused);
	K("group_lock_refused", d->k.group_lock_refused);
	K("session_timeouts", d->k.session_timeouts);
	K("accounting_starts", d->k.acct_starts);
	K("accounting_stops", d->k.acct_stops);
	K("accounting_failed", d->k.acct_failed);
	K("authorization_accepted", d->k.authz_accepted);
	K("authorization_refused", d->k.authz_refused);
	K("ocserv_accepted", d->k.ocserv_accepted);
	K("ocserv_refused", d->k.ocserv_refused);
#undef K
	json_object_set_new(o, "counters", k);
	s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	if (s)
		fprintf(out, "%s\n", s);
	free(s);
	json_decref(o);
}

/* keepalived's notify script: IOS mode follows the VRRP state */
static const char *ctl_vrrp(struct daemon *d, const char *state)
{
	if (d->c.mode != DCONF_IOS)
		return "not an IOS-mode cluster";
	if (!d->running)
		return "the cluster is not running";
	if (!strcmp(state, "master"))
		cl_set_owner(&d->cl, now_ms(), true);
	else if (!strcmp(state, "backup") || !strcmp(state, "fault") ||
		 !strcmp(state, "stop"))
		cl_set_owner(&d->cl, now_ms(), false);
	else
		return "expected master, backup, fault or stop";
	logmsg("VRRP state %s", state);
	return NULL;
}

/*
 * "ocserv connect ID GROUP USER" / "ocserv disconnect ID": ocserv's
 * connect and disconnect scripts (asac compile --target ocserv).  An
 * AnyConnect SSL session counts in the AnyConnect class beside IKEv2
 * remote access (seed 000: the class AnyConnect licenses limit), so one
 * vpn-sessiondb limit and one cluster load cover both; over the limit
 * the session is refused (an error: the script's exit status makes
 * ocserv end it), as the ASA refuses it.  Sessions up before asacd
 * started are not known to it.
 */
/* admit AnyConnect session @id of @user in @group against the limit */
static const char *ocs_admit(struct daemon *d, const char *id,
			     const char *group, const char *user)
{
	switch (cl_admit(&d->cl, LB_ANYCONNECT)) {
	case CL_ACCEPT:
		d->k.accepted[LB_ANYCONNECT]++;
		d->k.ocserv_accepted++;
		count_peak(d, LB_ANYCONNECT);
		if (d->nocs == d->capocs) {
			d->capocs = d->capocs ? d->capocs * 2 : 64;
			d->ocs = xrealloc_array(d->ocs, d->capocs,
						sizeof(*d->ocs));
		}
		d->ocs[d->nocs++] = xstrdup(id);
		return NULL;
	case CL_LOGOFF:
		cl_end(&d->cl, LB_ANYCONNECT, 0);
		/* fall through */
	case CL_REFUSE:
		break;
	}
	logmsg("refused anyconnect session %s of user %s (ocserv, group %s): "
	       "the limit of %u is reached", id, *user ? user : "?",
	       group[0] ? group : "?", d->cl.self.limit[LB_ANYCONNECT]);
	d->k.refused[LB_ANYCONNECT]++;
	d->k.ocserv_refused++;
	return "refused: the AnyConnect limit is reached";
}

/* the authorization-server-group ocserv's group @name requires, or NULL */
static const struct rad_group *ocs_authz(const struct daemon *d,
					 const char *name)
{
	size_t i;

	for (i = 0; i < d->c.nocgroups; i++)
		if (!strcmp(d->c.ocgroups[i].name, name))
			return d->c.ocgroups[i].authorization;
	return NULL;
}

static void ocaz_free(struct ocaz *z)
{
	free(z->id);
	free(z->group);
	free(z->user);
}

/* answer the asacctl of waiting session @z and forget it */
static void ocaz_answer(struct daemon *d, struct ocaz *z, const char *err)
{
	size_t i = (size_t)(z - d->oaz);

	if (err)
		dprintf(z->fd, "error: %s: 'ocserv connect %s'\n", err, z->id);
	else
		dprintf(z->fd, "ok\n");
	close(z->fd);
	ocaz_free(z);
	memmove(&d->oaz[i], &d->oaz[i + 1], (d->noaz - i - 1) * sizeof(*d->oaz));
	d->noaz--;
}

/*
 * The answer to the authorization of an AnyConnect session: an accepted
 * one is admitted (the limit may still refuse it), a rejected or
 * unanswered one refused, as the ASA refuses a session its
 * authorization-server-group does not authorize (authorization-required;
 * the user name as the password, as for IPsec sessions: authz_start()).
 */
static void ocaz_done(struct daemon *d, uint64_t seq, const char *group,
		      enum rad_result r)
{
	struct ocaz *z = NULL;
	size_t i;

	for (i = 0; i < d->noaz && !z; i++)
		if (d->oaz[i].seq == seq)
			z = &d->oaz[i];
	if (!z)
		return;
	if (r == RAD_ANSWERED) {
		d->k.authz_accepted++;
		if (d->verbose)
			logmsg("anyconnect session %s of user %s authorized by "
			       "aaa-server %s", z->id, z->user, group);
		ocaz_answer(d, z, ocs_admit(d, z->id, z->group, z->user));
		return;
	}
	d->k.authz_refused++;
	logmsg("refused anyconnect session %s of user %s (ocserv, group %s): "
	       "aaa-server %s %s (authorization-required)", z->id, z->user,
	       z->group, group, r == RAD_REJECTED ?
	       "rejected its authorization" :
	       "did not answer its authorization");
	ocaz_answer(d, z, r == RAD_REJECTED ? "refused: not authorized" :
		    "refused: the authorization server did not answer");
}

/*
 * "ocserv connect ID GROUP USER" / "ocserv disconnect ID": ocserv's
 * connect and disconnect scripts (asac compile --target ocserv).  An
 * AnyConnect SSL session counts in the AnyConnect class beside IKEv2
 * remote access (seed 000: the class AnyConnect licenses limit), so one
 * vpn-sessiondb limit and one cluster load cover both; over the limit
 * the session is refused (an error: the script's exit status makes
 * ocserv end it), as the ASA refuses it.  A group that requires
 * authorization answers later (*@defer: asacd keeps @fd until the
 * authorization-server-group answers).  Sessions up before asacd
 * started are not known to it.
 */
static const char *ctl_ocserv(struct daemon *d, const char *args, int fd,
			      bool *defer)
{
	char verb[16], id[64], group[128];
	const struct rad_group *az;
	const char *user = "";
	size_t i;
	int n = 0;

	if (sscanf(args, "%15s %63s%n", verb, id, &n) < 2)
		return "expected connect|disconnect ID [GROUP USER]";
	for (i = 0; i < d->nocs && strcmp(d->ocs[i], id); i++)
		;
	if (!strcmp(verb, "disconnect")) {
		if (i == d->nocs)
			return NULL;	/* refused, or before asacd */
		free(d->ocs[i]);
		memmove(&d->ocs[i], &d->ocs[i + 1],
			(d->nocs - i - 1) * sizeof(*d->ocs));
		d->nocs--;
		cl_end(&d->cl, LB_ANYCONNECT, 1);
		return NULL;
	}
	if (strcmp(verb, "connect"))
		return "expected connect|disconnect ID [GROUP USER]";
	group[0] = 0;
	if (sscanf(args + n, "%127s%n", group, &n) == 1) {
		user = args + strlen(verb) + 1 + strlen(id);
		user += strspn(user, " ");
		user += strlen(group);
		user += strspn(user, " ");
	}
	if (i < d->nocs)
		return NULL;		/* told twice */
	az = group[0] ? ocs_authz(d, group) : NULL;
	if (az) {
		struct rad_acct r = { .session_time = -1, .in_octets = -1,
				      .out_octets = -1 };
		struct ocaz *z;

		if (d->noaz == d->capoaz) {
			d->capoaz = d->capoaz ? d->capoaz * 2 : 16;
			d->oaz = xrealloc_array(d->oaz, d->capoaz,
						sizeof(*d->oaz));
		}
		z = &d->oaz[d->noaz++];
		z->fd = fd;
		z->seq = ++d->acct_seq;
		z->id = xstrdup(id);
		z->group = xstrdup(group);
		z->user = xstrdup(user);
		r.user = z->user;
		*defer = true;
		if (rad_access_send(&d->rad, az, &r, z->user,
				    OCAZ_TAG | z->seq, now_ms()) < 0)
			ocaz_done(d, z->seq, az->name, RAD_NO_ANSWER);
		return NULL;
	}
	return ocs_admit(d, id, group, user);
}

static void ocs_clear(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->nocs; i++)
		free(d->ocs[i]);
	free(d->ocs);
	while (d->noaz)
		ocaz_answer(d, &d->oaz[d->noaz - 1], "refused: asacd stops");
	free(d->oaz);
}

static void ctl_serve(struct daemon *d)
{
	char line[256], *resp = NULL;
	size_t len = 0, rlen = 0;
	const char *err = NULL;
	struct pollfd p;
	bool defer = false;
	FILE *out;
	ssize_t r;
	int fd;

	fd = accept(d->ctl, NULL, NULL);
	if (fd < 0)
		return;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	/* one request line, read with a deadline so a silent client
	 * cannot stall the cluster */
	p.fd = fd;
	p.events = POLLIN;
	while (len < sizeof(line) - 1 && !memchr(line, '\n', len)) {
		if (poll(&p, 1, CTL_TIMEOUT_MS) <= 0)
			break;
		r = read(fd, line + len, sizeof(line) - 1 - len);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	line[len] = 0;
	line[strcspn(line, "\r\n")] = 0;
	out = open_memstream(&resp, &rlen);
	if (!out) {
		close(fd);
		return;
	}
	if (!strcmp(line, "show load-balancing"))
		show_lb(d, out);
	else if (!strcmp(line, "show vpn-sessiondb summary"))
		show_summary(d, out);
	else if (!strcmp(line, "status --json"))
		show_json(d, out);
	else if (!strncmp(line, "vrrp ", 5))
		err = ctl_vrrp(d, line + 5);
	else if (!strncmp(line, "ocserv ", 7))
		err = ctl_ocserv(d, line + 7, fd, &defer);
	else
		err = "unknown command";
	fclose(out);
	if (defer) {
		/* answered when the authorization is (ocaz_done()) */
		free(resp);
		return;
	}
	if (err) {
		dprintf(fd, "error: %s: '%s'\n", err, line);
	} else {
		size_t off = 0;

		dprintf(fd, "ok\n");
		while (off < rlen) {
			r = write(fd, resp + off, rlen - off);
			if (r <= 0)
				break;
			off += (size_t)r;
		}
	}
	free(resp);
	close(fd);
}

/* --- reload -------------------------------------------------------------- */

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* does the change from @a to @b need a new cluster (sockets, address,
 * key, timers)? */
static bool cluster_changed(const struct dconf *a, const struct dconf *b)
{
	return a->mode != b->mode || a->rounding != b->rounding ||
	       a->cluster_ip != b->cluster_ip || a->address != b->address ||
	       a->redirect_address != b->redirect_address ||
	       a->port != b->port || !same_str(a->interface, b->interface) ||
	       a->priority != b->priority || a->encryption != b->encryption ||
	       !same_str(a->key, b->key) || a->participate != b->participate ||
	       a->ios_port != b->ios_port || a->holdtime != b->holdtime ||
	       a->hello != b->hello || a->update != b->update ||
	       a->max_session != b->max_session ||
	       a->slave_priority != b->slave_priority ||
	       a->w_crypto != b->w_crypto || a->w_system != b->w_system ||
	       a->overload != b->overload || a->sb_ip != b->sb_ip ||
	       a->sb_address != b->sb_address ||
	       !same_str(a->sb_interface, b->sb_interface);
}

/*
 * SIGHUP: read the file again.  A bad file changes nothing.  Sessions are
 * never dropped: the counts carry over, new limits apply to new sessions.
 */
static void reload(struct daemon *d)
{
	struct dconf nc;
	struct lb_member keep = d->cl.self;
	char err[600];
	bool vici_moved;
	int k;

	if (dconf_load(&nc, d->file, err, sizeof(err)) < 0) {
		logmsg("reload: %s; keeping the running configuration", err);
		return;
	}
	vici_moved = strcmp(d->c.vici, nc.vici) != 0;
	if (cluster_changed(&d->c, &nc)) {
		struct dconf old = d->c;

		logmsg("reload: the cluster changed; leaving and joining "
		       "again");
		cluster_close(d);
		cl_free(&d->cl);
		d->c = nc;
		if (cluster_open(d, &keep) < 0) {
			logmsg("reload: the new cluster cannot start; back to "
			       "the running configuration");
			cl_free(&d->cl);
			d->c = old;
			dconf_free(&nc);
			if (cluster_open(d, &keep) < 0)
				logmsg("the running configuration cannot "
				       "start again either; no cluster");
			return;
		}
		dconf_free(&old);
	} else {
		bool redir = d->c.redirect != nc.redirect;

		for (k = 0; k < LB_NCLASS; k++)
			d->cl.self.limit[k] = limit_of(nc.limit[k]);
		dconf_free(&d->c);
		d->c = nc;
		if (redir)
			redirect_setup(d);
	}
	if (!same_str(d->ctl_path, d->c.control)) {
		ctl_close(d);
		d->ctl = ctl_open(d);
	}
	if (vici_moved) {
		/* connect to the new socket now; list-sas recounts */
		vici_close(d->vici);
		d->vici = NULL;
		d->vici_retry = now_ms();
	} else if (d->vici && !d->vici_broken) {
		/* a changed crypto map starts at the first peer again */
		ring_reset(d);
	}
	logmsg("reloaded %s", d->file);
}

/* --- the loop -------------------------------------------------------------- */

static int setup_signals(void)
{
	struct sigaction sa;

	if (pipe(sigpipe_fd) < 0)
		return -1;
	fcntl(sigpipe_fd[0], F_SETFL, O_NONBLOCK);
	fcntl(sigpipe_fd[1], F_SETFL, O_NONBLOCK);
	fcntl(sigpipe_fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(sigpipe_fd[1], F_SETFD, FD_CLOEXEC);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int daemon_run(const char *config, unsigned int time_scale, bool verbose)
{
	struct daemon d;
	char err[600], host[WIRE_FQDN_MAX + 1];
	enum { P_SIG, P_UDP, P_ARP, P_IKE, P_VICI, P_CTL, P_RAD4, P_RAD6,
	       P_N };
	struct pollfd p[P_N + SSLR_MAX + 1];
	size_t nsl;
	cl_ms now, next;
	int i, rc = 0;

	memset(&d, 0, sizeof(d));
	d.file = config;
	d.verbose = verbose;
	d.scale = time_scale ? time_scale : 1;
	d.ctl = -1;
	d.dv.fd = -1;
	d.probe_at = -1;
	rad_client_init(&d.rad, acct_done, &d);
	d.boot = (unsigned long)time(NULL);
	if (dconf_load(&d.c, config, err, sizeof(err)) < 0) {
		logmsg("%s", err);
		return 1;
	}
	if (wire_init() < 0 || setup_signals() < 0) {
		logmsg("cannot initialise: %s", strerror(errno));
		dconf_free(&d.c);
		return 1;
	}
	if (gethostname(host, sizeof(host)) == 0 && strchr(host, '.'))
		snprintf(d.fqdn, sizeof(d.fqdn), "%s", host);
	if (d.c.redirect_fqdn && !d.fqdn[0])
		logmsg("redirect-fqdn: the host name '%s' is not an FQDN; "
		       "clients are sent this member's address", host);
	if (cluster_open(&d, NULL) < 0) {
		dconf_free(&d.c);
		return 1;
	}
	d.ctl = ctl_open(&d);
	if (d.ctl < 0) {
		cluster_close(&d);
		cl_free(&d.cl);
		dconf_free(&d.c);
		return 1;
	}
	logmsg("started (%s mode%s)", d.c.mode == DCONF_ASA ? "asa" :
	       d.c.mode == DCONF_IOS ? "ios" : "standalone",
	       d.scale > 1 ? ", timers scaled for tests" : "");
	vici_connect(&d, now_ms());

	while (!got_term) {
		now = now_ms();
		if (got_hup) {
			got_hup = 0;
			reload(&d);
		}
		if (d.vici && d.vici_broken) {
			vici_close(d.vici);
			d.vici = NULL;
			d.vici_retry = now + VICI_RETRY_MS;
			for (i = 0; i < LB_NCLASS; i++)
				d.cl.self.active[i] = 0;
			/* ocserv's sessions stay: charon is not theirs */
			d.cl.self.active[LB_ANYCONNECT] = (unsigned int)d.nocs;
			stab_clear(&d.sess);
			us_clear(&d);
		}
		if (!d.vici && now >= d.vici_retry)
			vici_connect(&d, now);
		if (d.vici && d.probe_at >= 0 && now >= d.probe_at)
			ring_probe(&d, now);
		if (d.announce_at >= 0 && now >= d.announce_at) {
			announce(&d);
			d.announce_at = -1;
		}
		if (d.c.mode == DCONF_IOS && now >= d.next_sysload) {
			update_sysload(&d);
			d.next_sysload = now + d.clc.timers.ios_update;
		}
		next = d.running ? cl_tick(&d.cl, now) : -1;
		next = cl_earliest(next, d.announce_at);
		if (!d.vici)
			next = cl_earliest(next, d.vici_retry);
		else
			next = cl_earliest(next, d.probe_at);
		if (d.c.mode == DCONF_IOS)
			next = cl_earliest(next, d.next_sysload);
		if (d.nus) {
			us_expire(&d, now);
			next = cl_earliest(next, us_next_end(&d));
		}
		if (d.rad.n)
			next = cl_earliest(next, rad_tick(&d.rad, now));
		if (d.nlo)
			logoff_run(&d);
		if (d.sslr)
			next = cl_earliest(next, sslr_next(d.sslr));

		p[P_SIG] = (struct pollfd){ .fd = sigpipe_fd[0],
					    .events = POLLIN };
		p[P_UDP] = (struct pollfd){ .fd = d.udp, .events = POLLIN };
		p[P_ARP] = (struct pollfd){ .fd = d.arp ? netif_arp_fd(d.arp) :
					    -1, .events = POLLIN };
		p[P_IKE] = (struct pollfd){ .fd = d.dv.fd, .events = POLLIN };
		p[P_VICI] = (struct pollfd){ .fd = d.vici ? vici_fd(d.vici) :
					     -1, .events = POLLIN };
		p[P_CTL] = (struct pollfd){ .fd = d.ctl, .events = POLLIN };
		p[P_RAD4] = (struct pollfd){ .fd = d.rad.fd[0],
					     .events = POLLIN };
		p[P_RAD6] = (struct pollfd){ .fd = d.rad.fd[1],
					     .events = POLLIN };
		nsl = d.sslr ? sslr_pollfds(d.sslr, p + P_N, SSLR_MAX + 1) : 0;
		if (poll(p, P_N + nsl, next < 0 ? -1 :
			 (int)(next > now ? next - now : 0)) < 0) {
			if (errno == EINTR)
				continue;
			logmsg("poll: %s", strerror(errno));
			rc = 1;
			break;
		}
		now = now_ms();
		if (p[P_SIG].revents) {
			char b[16];

			while (read(sigpipe_fd[0], b, sizeof(b)) > 0)
				;
		}
		if (p[P_UDP].revents)
			udp_readable(&d, now);
		if (p[P_ARP].revents)
			arp_readable(&d, now);
		if (p[P_IKE].revents)
			ike_readable(&d, now);
		if (p[P_VICI].revents && d.vici) {
			int r = vici_on_readable(d.vici);

			if (r == VICI_EOF) {
				logmsg("charon closed the VICI connection");
				d.vici_broken = true;
			} else if (r < 0) {
				vici_lost(&d, "read");
			}
		}
		if (p[P_CTL].revents)
			ctl_serve(&d);
		if (p[P_RAD4].revents)
			rad_readable(&d.rad, 0);
		if (p[P_RAD6].revents)
			rad_readable(&d.rad, 1);
		/* (after the cluster's messages: the load it chooses by is
		 * the newest) */
		if (d.sslr && nsl)
			sslr_events(d.sslr, p + P_N, nsl, now);
	}
	if (got_term)
		logmsg(d.running ? "leaving the cluster" : "stopping");
	cluster_close(&d);
	cl_free(&d.cl);
	vici_close(d.vici);
	ctl_close(&d);
	free(d.sess.v);
	us_clear(&d);
	free(d.us);
	acct_clear(&d);
	authz_clear(&d);
	while (d.nlo)
		free(d.lo[--d.nlo].user);
	free(d.lo);
	ocs_clear(&d);
	rad_client_free(&d.rad);
	free(d.active);
	dconf_free(&d.c);
	close(sigpipe_fd[0]);
	close(sigpipe_fd[1]);
	return rc;
}

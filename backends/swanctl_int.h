/* SPDX-License-Identifier: MIT */
#ifndef ASAC_SWANCTL_INT_H
#define ASAC_SWANCTL_INT_H
/*
 * swanctl_int.h - what the two halves of the strongSwan back end share:
 * swanctl.c (crypto map entries, the file, the secrets) and
 * swanctl_ra.c (remote-access tunnel groups).  Not an interface of the
 * back end: swanctl.h is.
 */
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "compiler/cryptomap.h"
#include "compiler/map.h"
#include "compiler/rules.h"
#include "swanctl.h"

/* A growing comma-separated list. */
struct list {
	char *s;
	size_t n, cap;
};

void sw_list_put(struct list *l, const char *sep, const char *s);
bool sw_list_has(const char *list, const char *nm);

struct sw {
	const struct ir *ir;
	const struct srcset *src;
	struct diag_ctx *d;
	FILE *o;
	bool said_proto0, said_type0, said_code0;	/* per entry */
	struct swanctl_secret *given;			/* --secrets */
	size_t ngiven;
	struct swanctl_conn *conns;			/* when asked */
	size_t nconns;
	struct swanctl_conn *cur;	/* the one being written, or NULL */
	bool probe;	/* swanctl_connections(): which connections there
			 * are, as if every secret were given */
	bool idle;	/* a child has vpn-idle-timeout (inactivity) */
	struct swanctl_secret **byname;	/* given, by name then file order */
};

#define UNSUPPORTED(w, loc, ...) \
	diag_report((w)->d, RULE_UNSUPPORTED_FEATURE, (loc), __VA_ARGS__)

struct child_opts {
	const char *esp;
	const char *mode;		/* tunnel, transport, drop */
	const char *start;		/* trap, none */
	long long life_s, life_kb;	/* 0: unset */
	int version;
};

/* helpers of swanctl.c */
void sw_sanitize(char *p);
void sw_comment_line(FILE *o, const struct srcset *src, const char *ind,
		     const struct loc *l);
void sw_addr_text(uint8_t fam, const uint8_t *a, char *buf, size_t len);
struct swanctl_secret *sw_given_named(struct sw *w,
				      enum swanctl_secret_kind kind,
				      const char *name);
const char *sw_given_key(struct sw *w, enum swanctl_secret_kind kind,
			 const char *name);
void sw_ike_proposals(struct sw *w, int ver, struct list *out);
void sw_ike_lifetime(struct sw *w, int ver);
const char *sw_pfs_kw(struct sw *w, const struct ir_cmap_entry *e);
void sw_esp_proposals(struct sw *w, const struct ir_cmap_entry *e,
		      const char *pfs, struct list *out);
void sw_child_common(FILE *o, const struct child_opts *c);
void sw_put_key(FILE *o, const char *k);
/* the file name of path @p (what swanctl finds in x509/, private/) */
const char *sw_base_name(const char *p);
/* the CA files of every trustpoint --secrets gives, as a cacerts line;
 * their number (no line when 0) */
size_t sw_cacerts(struct sw *w);
void sw_global_lifetimes(const struct ir *ir, const struct ir_cmap_entry *e,
			 struct child_opts *c);
bool sw_has_remote_access(const struct ir *ir);

/* --- remote access (swanctl_ra.c) ----------------------------------------- */

/*
 * Remote-access clients arrive through a dynamic map entry, usually one
 * without `match address` (the standard remote-access map, seed 002).
 * The first such entry of each IKE version, in crypto map order, gives a
 * tunnel group's connections their IPsec proposals and lifetimes; they
 * listen on the addresses of every interface with one.
 */
struct ra_entry {
	char laddr[INET6_ADDRSTRLEN];
	const char *iface;
	const struct ir_cmap_entry *e;	/* the dynamic-map entry */
	const struct loc *cmap_loc;	/* crypto map M N ... dynamic D */
	bool v1, v2;
	char *esp1, *esp2;		/* transform sets, IPsec proposals */
	long long life_s, life_kb;
};

struct ra_secret {
	char name[200];
	const char *id, *key;
};

struct ra_ctx {
	struct ra_secret *sec;
	size_t nsec;
	struct ra_entry *v;
	size_t n;
	bool aggressive;		/* an IKEv1 PSK connection answers */
	bool unity;
	const struct ir_aaa_group *radius;	/* the one written */
	bool local_xauth, local_eap;	/* LOCAL users are needed */
	const struct ir_tunnel_group *v2_first;	/* the first IKEv2 group */
	/* the one pre-shared key without identities (ra_any_key()) and
	 * the tunnel group it is of; swanctl.c sets DefaultL2LGroup's */
	const char *any_key;
	const char *any_key_tg;
	struct list pools;		/* swanctl pools written */
	FILE *pool_out;			/* their text */
	char *pool_text;
	size_t pool_len;
	size_t nconns;
	/* pool name -> the tunnel group whose attributes it carries */
	struct map pool_owner;
};

/* a connection being built for crypto map entries (swanctl.c) */
struct centry {
	const struct cm_set *set;
	const struct cm_entry *ce;
	const struct ir_cmap_entry *e;	/* the dynamic-map entry for ce->dyn */
	char name[160];
	char laddr[INET6_ADDRSTRLEN];
	struct list remote, props, esp;
	bool v1, v2, skip, done;
	int ver;
	char *key;			/* equal keys share a connection */
};

/* the dynamic entry @x, where remote-access clients may arrive */
void ra_note_entry(struct sw *w, struct ra_ctx *rc, const struct centry *x);
/* one connection per remote-access tunnel group and IKE version */
void ra_connections(struct sw *w, struct ra_ctx *rc);
/* the eap-radius options of the RADIUS server group written */
void ra_radius(struct sw *w, const struct ra_ctx *rc, FILE *o);
/* the group keys, user passwords and keys of the connections written */
void ra_write_secrets(const struct ra_ctx *rc, FILE *o);

#endif /* ASAC_SWANCTL_INT_H */

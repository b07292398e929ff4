/* SPDX-License-Identifier: MIT */
#ifndef ASAC_SWANCTL_H
#define ASAC_SWANCTL_H

#include <stdio.h>

#include "compiler/asac.h"
#include "compiler/diag.h"
#include "compiler/ir.h"
#include "compiler/space.h"

/*
 * swanctl - the strongSwan back end: crypto map entries as swanctl.conf
 * children (in one connection per peer) whose selectors are the entry's
 * exact protected set (compiler/cryptomap), cut into what XFRM selectors
 * can hold (CIDR prefixes and mask-aligned port blocks).
 *
 * swanctl_compile() writes swanctl.conf to @conf and the charon options
 * to @charon (may be NULL); what strongSwan cannot express exactly is
 * reported as unsupported-feature, a key it cannot have as
 * secret-unavailable.  Keys the configuration masks, encrypts or lacks
 * are taken from @given (--secrets) by tunnel group name.  Returns the
 * number of connections written.
 */
/*
 * A secret from --secrets FILE: @kind says what @name is (a tunnel group
 * and its key, a user and the password, an aaa-server host or group and
 * its key, a trustpoint and its files); @used is set when the compile
 * took it.  A trustpoint has @cert, @keyfile and @ca (absolute paths:
 * relative ones are resolved against the secrets file's directory).
 */
enum swanctl_secret_kind {
	SWS_TUNNEL_GROUP,
	SWS_USER,
	SWS_AAA,
	SWS_TRUSTPOINT,
	SWS_CLUSTER,		/* clusters: cluster IP -> key (asacd.json) */
};

struct swanctl_secret {
	const char *name, *key;
	unsigned long line;
	bool used;
	enum swanctl_secret_kind kind;
	char *cert, *keyfile;
	char **ca;
	size_t nca;
};

/* The secret of @kind for @name in @v[0..n) (marked used), or NULL. */
struct swanctl_secret *swanctl_given(struct swanctl_secret *v, size_t n,
				     enum swanctl_secret_kind kind,
				     const char *name);

/* Is key @k in clear text (not masked, not encrypted)? */
bool sw_key_usable(const struct ir_psk *k);

/* The clear-text password of user @u: @given (from --secrets), else the
 * configuration's own when it is not a hash; NULL, with one
 * secret-unavailable error, when neither is. */
const char *swanctl_user_password(struct diag_ctx *d, const struct ir_user *u,
				  const char *given);

/* The key of RADIUS server @h of group @g: the configuration's in clear
 * text, else --secrets' (aaa-servers:) by host, then by group; NULL when
 * there is none, with a secret-unavailable error naming @who ("asacd",
 * "ocserv") if @d is not NULL. */
const char *swanctl_radius_key(struct diag_ctx *d,
			       const struct ir_aaa_group *g,
			       const struct ir_aaa_host *h,
			       struct swanctl_secret *given, size_t ngiven,
			       const char *who);

/* Free what target_load_secrets() allocated for @v[0..n) and @v. */
void swanctl_secrets_free(struct swanctl_secret *v, size_t n);

size_t swanctl_compile(const struct ir *ir, const struct srcset *src,
		       struct diag_ctx *d, FILE *conf, FILE *charon,
		       struct swanctl_secret *given, size_t ngiven);
/* The bundle's: the secrets section in @secrets, a file of its own (mode
 * 0600), and no ikesa_limit in the charon options, since the bundle's
 * asacd enforces the vpn-sessiondb limits per class. */
size_t swanctl_compile_split(const struct ir *ir, const struct srcset *src,
			     struct diag_ctx *d, FILE *conf, FILE *secrets,
			     FILE *charon, struct swanctl_secret *given,
			     size_t ngiven);

/*
 * struct swanctl_conn - a connection swanctl_compile() writes: its
 * @name, whether remote-access clients arrive on it (@remote_access: it
 * answers a dynamic map's peers and the configuration has remote-access
 * tunnel groups, whose pools it hands out) and its IKE @version (0:
 * both).  For an entry with backup peers (one connection per peer),
 * @next is the connection of the next peer (the last one's is the
 * first's) and @children the names of its IPsec children, which asacd
 * installs when it makes the peer active; otherwise both are empty.
 */
struct swanctl_conn {
	char *name;
	bool remote_access;
	int version;
	const struct ir_tunnel_group *tg;	/* remote access: its group */
	char *next;
	char **children;
	size_t nchildren;
};

/* The connections of @ir's swanctl.conf, in order, as `compile --target
 * swanctl` with the secrets @given writes them (diagnostics are
 * dropped: that command reports them); free with swanctl_conns_free(). */
size_t swanctl_connections(const struct ir *ir, const struct srcset *src,
			   struct swanctl_secret *given, size_t ngiven,
			   struct swanctl_conn **out);
void swanctl_conns_free(struct swanctl_conn *v, size_t n);

/* The name of crypto map @map entry @seq in swanctl.conf, MAP-SEQ (its
 * children are MAP-SEQ-N; @iface is named only when the map is bound to
 * several interfaces): characters swanctl.conf names cannot hold become
 * '_'. */
void swanctl_conn_name(char *buf, size_t len, const char *map, long long seq,
		       const char *iface);

/* The connection name of one entry of the model (a dynamic map's entries
 * add "-DYNMAP-SEQ"), and whether its map is bound to several
 * interfaces (then the name holds the interface). */
struct cm_set;
struct cm_entry;
struct cm_model;
void swanctl_entry_name(char *buf, size_t len, const struct cm_set *set,
			const struct cm_entry *ce, bool named_iface);
bool swanctl_named_iface(const struct cm_model *m, const struct cm_set *set);

/*
 * swanctl_verify - read a swanctl.conf back (with its own reader, not the
 * compiler's structures) and prove, per crypto map entry of @ir, that
 * the union of its children's selectors as the kernel installs them
 * equals the model's protected set, and that children of different
 * entries are disjoint.  Differences go to @out with a counterexample
 * packet.  Returns 0 when everything holds, 1 on a difference, -1 when
 * the file cannot be read or parsed (message in @err).
 */
int swanctl_verify(const struct ir *ir, const char *path, FILE *out,
		   char *err, size_t errlen);

#endif /* ASAC_SWANCTL_H */

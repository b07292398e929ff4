/* SPDX-License-Identifier: MIT */
#ifndef ASAC_OCSERV_H
#define ASAC_OCSERV_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/diag.h"
#include "compiler/ir.h"
#include "backends/swanctl.h"

/*
 * ocserv - the ASA's AnyConnect SSL VPN (webvpn) as an ocserv
 * configuration: ocserv.conf, one config-per-group file per tunnel group
 * that serves AnyConnect clients, and the password file of the local
 * users.  The files name their places under /etc/ocserv, where a bundle
 * installs them; @tp_cert and @tp_key are the files of the trustpoint
 * whose certificate ocserv presents (ssl trust-point), to be copied to
 * /etc/ocserv/server-cert.pem and server-key.pem.
 */
struct ocserv_file {
	char *path;			/* relative to the output directory */
	char *data;
	size_t len;
	unsigned int mode;
};

struct ocserv_out {
	struct ocserv_file *v;
	size_t n;
	const char *tp_cert, *tp_key;
};

#define OCSERV_ETC "/etc/ocserv"
#define OCSERV_ETC_REL "etc/ocserv"

/* @with_nft: asac's nftables ruleset goes with it (a bundle), which
 * enforces what ocserv cannot (vpn-filter) */
void ocserv_compile(const struct ir *ir, const struct srcset *src,
		    struct diag_ctx *d, struct swanctl_secret *given,
		    size_t ngiven, bool with_nft, struct ocserv_out *out);
void ocserv_out_free(struct ocserv_out *o);

/* Do AnyConnect clients reach tunnel group @tg (AnyConnect served, the
 * group's policy allows ssl-client, and an enabled group-alias is in
 * the tunnel-group-list or it is DefaultWEBVPNGroup)? */
bool ocserv_reaches(const struct ir *ir, const struct ir_tunnel_group *tg);

#endif /* ASAC_OCSERV_H */

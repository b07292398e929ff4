/* SPDX-License-Identifier: MIT */
#ifndef ASAC_NFT_H
#define ASAC_NFT_H

#include <stdio.h>

#include "compiler/asac.h"
#include "compiler/diag.h"
#include "compiler/ir.h"

/*
 * nft - the nftables back end: the ASA's firewall path (access-groups,
 * security levels, same-security traffic, permit-vpn, NAT, TCP MSS,
 * access to the box) as one `table inet asac`, in the order the model of
 * compiler/trace.c and compiler/nat.c evaluates it.
 */

/* --iface NAMEIF=DEV */
struct nft_iface {
	const char *nameif, *dev;
	const char *where;	/* "FILE:LINE:COL" of .asac.yaml, or NULL
				 * for --iface */
};

struct nft_opts {
	bool libipsec;			/* decrypted traffic is on ipsec0 */
	const struct nft_iface *ifaces;
	size_t nifaces;
};

/*
 * Write the ruleset of @ir to @o.  What nftables cannot express as the
 * ASA means it is an unsupported-feature diagnostic; an interface name
 * Linux cannot have is an error.  Returns the number of rules written.
 */
size_t nft_compile(const struct ir *ir, const struct srcset *src,
		   struct diag_ctx *d, FILE *o, const struct nft_opts *opt);

#endif /* ASAC_NFT_H */

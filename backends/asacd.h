/* SPDX-License-Identifier: MIT */
#ifndef ASAC_BACKEND_ASACD_H
#define ASAC_BACKEND_ASACD_H

#include <stdio.h>

#include "compiler/diag.h"
#include "compiler/ir.h"
#include "compiler/src.h"
#include "backends/nft.h"

/*
 * asacd_compile - the configuration of asacd (man/asacd.json.5) from
 * `vpn load-balancing`, `vpn-sessiondb`, `crypto ikev2 cluster`,
 * `crypto ikev2 redirect` and interface `standby` lines, with the
 * strongSwan connections `compile --target swanctl` writes and what
 * session class each one's clients are.  Interfaces are named by their
 * Linux device: @ifaces maps nameifs (.asac.yaml `interfaces:` and
 * --iface, as for the nft target; the last mapping wins).  A cluster key
 * that show running-config masks comes from --secrets (@given, section
 * clusters:, by cluster IP).  What asacd cannot take from the
 * configuration (a masked cluster key not given, a limit the license sets) is
 * reported as unsupported-feature and written as null, which `asacd
 * --check` refuses until it is filled in.
 */
struct swanctl_secret;
void asacd_compile(const struct ir *ir, const struct srcset *src,
		   struct diag_ctx *d, FILE *out,
		   const struct nft_iface *ifaces, size_t nifaces,
		   struct swanctl_secret *given, size_t ngiven);

#endif /* ASAC_BACKEND_ASACD_H */

/* SPDX-License-Identifier: MIT */
#ifndef ASAC_SUPPRESS_H
#define ASAC_SUPPRESS_H

#include "diag.h"
#include "src.h"

/*
 * suppress_apply - honour the inline suppressions written as ASA comments
 * in the configurations themselves:
 *
 *   ! asac: disable=RULE[,RULE...] [reason]
 *	the next command and the indented lines under it
 *   ! asac: disable-file=RULE[,RULE...] [reason]
 *	the whole file
 *
 * Matching diagnostics (by rule and primary location) are dropped; a
 * suppression that matched nothing is reported as unused-suppression, a
 * malformed one as syntax-error.  Call after all checks ran; re-sorts @d.
 */
void suppress_apply(struct diag_ctx *d, const struct srcset *src);

#endif /* ASAC_SUPPRESS_H */

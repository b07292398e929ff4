/* SPDX-License-Identifier: MIT */
#ifndef ASAC_LINT_H
#define ASAC_LINT_H

#include "diag.h"
#include "ir.h"

/*
 * lint_run - the configuration checks of 'asac lint' over one parsed and
 * resolved IR (after sema_run): documented limits, incomplete and unapplied
 * crypto maps, weak algorithms, out-of-range values.  Each rule and the seed
 * passage behind it is in rules.def.
 */
void lint_run(const struct ir *ir, struct diag_ctx *d);

/*
 * lint_peers - the checks across devices (lint_peers.c), when several
 * configurations are linted together: for the two ends of each tunnel,
 * mirrored crypto ACLs, a common transform, the same PFS and pre-shared
 * key.
 */
void lint_peers(struct ir *const *irs, size_t n, struct diag_ctx *d);

/* lint_ra - the remote-access checks (lint_ra.c): pools, session limits,
 * split tunnel, user authentication; called by lint_run. */
void lint_ra(const struct ir *ir, struct diag_ctx *d);

/* lint_vti - the checks of virtual tunnel interfaces (lint_vti.c); called
 * by lint_run. */
void lint_vti(const struct ir *ir, struct diag_ctx *d);

#endif /* ASAC_LINT_H */

/* SPDX-License-Identifier: MIT */
#ifndef ASAC_SEMA_H
#define ASAC_SEMA_H

#include "asac.h"
#include "diag.h"
#include "ir.h"

/*
 * Resolve every reference of @ir, report undefined references, conflicting
 * definitions and address/mask errors.  Returns 0, or -1 when it reported
 * an error.
 */
int sema_run(struct ir *ir, struct diag_ctx *d);

#endif /* ASAC_SEMA_H */

/* SPDX-License-Identifier: MIT */
#ifndef ASAC_IR_JSON_H
#define ASAC_IR_JSON_H

#include "asac.h"
#include "ir.h"
#include <stdio.h>

/* Write the IRs of @n configurations as one JSON document to @out. */
void ir_json_write(FILE *out, const struct srcset *src, struct ir *const *irs,
		   size_t n);

#endif /* ASAC_IR_JSON_H */

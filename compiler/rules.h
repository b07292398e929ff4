/* SPDX-License-Identifier: MIT */
#ifndef ASAC_RULES_H
#define ASAC_RULES_H

#include "asac.h"
#include "diag.h"

#include <stdio.h>

enum rule_id {
#define RULE(e, id, lvl, on, sum, expl) RULE_##e,
#include "rules.def"
#undef RULE
	RULE__COUNT
};

/*
 * struct rule - one row of the registry.
 * @id:       the stable kebab-case id shown as [id]
 * @level:    default severity
 * @enabled:  reported unless asked otherwise
 * @summary:  one line
 * @explain:  one paragraph, with the seed passage behind it
 */
struct rule {
	const char *id;
	enum diag_level level;
	bool enabled;
	const char *summary;
	const char *explain;
};

extern const struct rule rules[RULE__COUNT];

/* Rule by id, or NULL. */
const struct rule *rule_find(const char *id);
enum rule_id rule_index(const struct rule *r);
/* The registry: one line per rule, or rule @one explained; @json: as a
 * JSON array. */
void rules_print(FILE *out, const char *one, bool json);
/* The registry as the asac-rules(7) page (make regen writes it). */
void rules_print_mdoc(FILE *out);

#endif /* ASAC_RULES_H */

/* SPDX-License-Identifier: MIT */
#ifndef ASAC_RULES_H
#define ASAC_RULES_H

#include "asac.h"
#include "diag.h"

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

#endif /* ASAC_RULES_H */

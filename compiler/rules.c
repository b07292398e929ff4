/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "rules.h"

#include <string.h>

const struct rule rules[RULE__COUNT] = {
#define RULE(e, id, lvl, on, sum, expl) [RULE_##e] = { id, lvl, on, sum, expl },
#include "rules.def"
#undef RULE
};

const struct rule *rule_find(const char *id)
{
	size_t i;

	for (i = 0; i < RULE__COUNT; i++)
		if (!strcmp(rules[i].id, id))
			return &rules[i];
	return NULL;
}

enum rule_id rule_index(const struct rule *r)
{
	return (enum rule_id)(r - rules);
}

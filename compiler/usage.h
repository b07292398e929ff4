/* SPDX-License-Identifier: MIT */
#ifndef ASAC_USAGE_H
#define ASAC_USAGE_H

/* The help text of each command of asac (usage.c). */
extern const char usage_main[];
extern const char usage_ir[];
extern const char usage_lint[];
extern const char usage_trace[];
extern const char usage_compile[];
extern const char usage_bundle[];
extern const char usage_verify[];
extern const char usage_rules[];

#endif /* ASAC_USAGE_H */

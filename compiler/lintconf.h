/* SPDX-License-Identifier: MIT */
#ifndef ASAC_LINTCONF_H
#define ASAC_LINTCONF_H

#include "diag.h"

/*
 * lintconf - the lint configuration file (.asac.yaml), read with libyaml:
 *
 *   profile: default | stig
 *   rules:
 *     RULE: error | warning | note | on | off
 *   overrides:
 *     - paths: [GLOB, ...]
 *       rules:
 *         RULE: error | warning | note | off
 *
 * `rules` sets severities and switches before the checks run (the command
 * line's -W/-Wno- and --profile win); `overrides` apply afterwards to the
 * findings in files whose name matches a glob (fnmatch), the last
 * matching override winning.
 *
 *   interfaces:
 *     NAMEIF: LINUX-DEVICE
 *
 * maps nameifs to Linux interfaces for `asac compile --target nft` (its
 * --iface wins).
 */
enum { LC_OFF = -1, LC_ON = -2 };	/* besides DIAG_* levels */

struct lc_setting {
	int rule;
	int value;		/* DIAG_* or LC_OFF / LC_ON */
};

struct lc_override {
	char **paths;
	size_t npaths;
	struct lc_setting *set;
	size_t nset;
};

struct lc_iface {
	char *nameif, *dev;
	char *where;		/* "FILE:LINE:COL" of the entry */
};

struct lintconf {
	char *path;
	int profile;		/* -1 unset, 0 default, 1 stig */
	struct lc_setting *set;
	size_t nset;
	struct lc_override *ov;
	size_t nov;
	struct lc_iface *ifaces;
	size_t nifaces;
};

/* 0, or -1 with "FILE:LINE:COL: message" in @err. */
int lintconf_load(struct lintconf *c, const char *path, char *err,
		  size_t errlen);
void lintconf_free(struct lintconf *c);
/* The profile's severities: 0 default (nothing to change), 1 stig. */
void lintconf_profile(struct diag_ctx *d, int profile);
/* Before the checks: the `rules` section. */
void lintconf_apply(const struct lintconf *c, struct diag_ctx *d);
/* After the checks: the `overrides`, by file name. */
void lintconf_apply_overrides(const struct lintconf *c, struct diag_ctx *d);

/* .asac.yaml in the directory of @file if it exists (heap), else NULL. */
char *lintconf_beside(const char *file);

#endif /* ASAC_LINTCONF_H */

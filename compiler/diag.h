/* SPDX-License-Identifier: MIT */
#ifndef ASAC_DIAG_H
#define ASAC_DIAG_H

#include "asac.h"
#include "src.h"
#include <stdio.h>

enum diag_level {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,
};

/* A related location printed as a "note:" line after its diagnostic. */
struct diag_note {
	struct loc loc;
	char *msg;
};

/*
 * struct diag - one queued diagnostic.
 * @rule:   index in the rule registry (enum rule_id)
 * @level:  severity after configuration
 * @loc:    primary span
 * @msg:    message, lowercase, names in '…', no full stop
 * @notes:  related locations
 * @seq:    order of report, to keep the sort stable
 */
struct diag {
	int rule;
	enum diag_level level;
	struct loc loc;
	char *msg;
	struct diag_note *notes;
	unsigned int nnotes;
	uint64_t seq;
};

/*
 * struct diag_ctx - the queue.  Records are queued, not printed on the spot
 * (nftables' erec_queue), then sorted by file and position and printed at
 * once so output is deterministic.
 * @level/@on:  per-rule severity and switch (RULE__COUNT entries)
 * @dropped:    set when the last report was for a disabled rule, so its
 *              notes are dropped too
 */
struct diag_ctx {
	const struct srcset *src;
	struct diag *v;
	size_t n, cap;
	enum diag_level *level;
	bool *on;
	bool dropped;
	size_t count[3];
	int profile;		/* 0 default, 1 stig (lintconf_profile) */
};

void diag_init(struct diag_ctx *d, const struct srcset *src);
void diag_free(struct diag_ctx *d);
/* Queue a diagnostic of @rule at @loc; returns -1 for "return diag(...)". */
int diag_report(struct diag_ctx *d, int rule, const struct loc *loc,
		const char *fmt, ...) __fmtstring(4, 5);
/* Same with a per-finding level, unless the user set the rule's level. */
int diag_report_level(struct diag_ctx *d, int rule, enum diag_level lvl,
		      const struct loc *loc, const char *fmt, ...)
	__fmtstring(5, 6);
/* Attach a note to the last queued diagnostic. */
void diag_note(struct diag_ctx *d, const struct loc *loc, const char *fmt,
	       ...) __fmtstring(3, 4);
void diag_sort(struct diag_ctx *d);
/* Move the diagnostics of @from to the end of @d, in their order. */
void diag_take(struct diag_ctx *d, struct diag_ctx *from);
/* Drop the diagnostics for which @drop returns true (counts follow);
 * returns how many were dropped.  The order of the rest is kept. */
size_t diag_remove_if(struct diag_ctx *d,
		      bool (*drop)(const struct diag *, void *), void *arg);
/* GCC-style text with source line and ^~~~ marker. */
void diag_print_text(const struct diag_ctx *d, FILE *out, bool color);
/* The lint JSON document of ARCHITECTURE.md "Shared formats". */
void diag_print_json(const struct diag_ctx *d, FILE *out);
/* SARIF 2.1.0 (GitHub code scanning) and GitHub Actions workflow commands
 * (diag_ci.c). */
void diag_print_sarif(const struct diag_ctx *d, FILE *out);
void diag_print_github(const struct diag_ctx *d, FILE *out);
/* Baselines (diag_ci.c): write the findings of @d to @path (0 or -1), or
 * drop those recorded in @path (0, or -1 with a message in @err). */
int diag_write_baseline(const struct diag_ctx *d, const char *path);
int diag_apply_baseline(struct diag_ctx *d, const char *path, char *err,
			size_t errlen, size_t *dropped);
const char *diag_level_name(enum diag_level l);

#endif /* ASAC_DIAG_H */

/* SPDX-License-Identifier: MIT */
#ifndef ASAC_LOAD_H
#define ASAC_LOAD_H

#include "asac.h"
#include "arena.h"
#include "diag.h"
#include "ir.h"
#include "map.h"
#include "src.h"

/*
 * load - configuration files into resolved IRs: read, parse, resolve
 * names, and for lint check each one, then compare them as devices
 * (lint_peers).  Every command, the fuzz target, the benchmarks and the
 * unit tests go through it.  Several files are parsed and checked on
 * threads (each file with its arena, names and diagnostics of its own),
 * and their diagnostics are put together in the order of the files, so
 * the output is the one of a single thread, byte for byte.
 */

/* One file's own storage: an IR points into its arena and names. */
struct load_file {
	struct arena arena;
	struct strtab strs;
};

/*
 * struct load - what the files became.
 * @src:   the files' texts, in the order given
 * @diag:  every diagnostic; its rule levels and switches, set by the
 *         caller before load_files(), apply to every file
 * @irs:   one IR per file, in the same order
 */
struct load {
	struct srcset src;
	struct diag_ctx diag;
	struct ir **irs;
	size_t nirs;
	struct load_file **files;
};

struct load_opts {
	unsigned int max_errors;	/* syntax errors per file (0: all) */
	bool lint;			/* check each file, then across */
	int jobs;			/* threads (0: one per core) */
};

void load_init(struct load *l);
/* Read @n files ("-" is standard input) and make their IRs.  Returns 0,
 * or -1 when a file cannot be read (said on standard error). */
int load_files(struct load *l, const char *const *files, size_t n,
	       const struct load_opts *o);
/* The same for one text already in memory (heap, with two NUL bytes
 * after @len, as read_file() leaves it; @l takes it). */
struct ir *load_text(struct load *l, const char *name, char *text,
		     size_t len, const struct load_opts *o);
void load_free(struct load *l);

/*
 * `asac lint DIR`: in @files (heap, *@n of them), a directory stands for
 * the *.cfg files under it (all levels, symbolic links not followed), in
 * the order of their names; their names are in *@owned (NULL-ended, the
 * caller frees them).  0, or -1 (a directory cannot be read) or -2 (none
 * holds a *.cfg), with that directory in *@bad.
 */
int load_expand_dirs(const char ***files, size_t *n, char ***owned,
		     const char **bad);

#endif /* ASAC_LOAD_H */

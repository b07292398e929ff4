/* SPDX-License-Identifier: MIT */
/*
 * load.c - configuration files into resolved IRs (see load.h).
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include "asac.h"
#include "lint.h"
#include "load.h"
#include "parse.h"
#include "rules.h"
#include "sema.h"
#include "space.h"
#include "util.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void load_init(struct load *l)
{
	memset(l, 0, sizeof(*l));
	diag_init(&l->diag, &l->src);
}

/* Report every unmodelled line (the rule is off unless asked for). */
static void report_unmodeled(struct diag_ctx *d, const struct srcset *src,
			     const struct ir *ir)
{
	struct ir_unmodeled *u;
	uint32_t i;

	if (!d->on[RULE_UNMODELED_COMMAND])
		return;
	vec_foreach(&ir->unmodeled, i, u) {
		const struct src_file *f = src->files[u->loc.file];
		size_t n = u->loc.end - u->loc.start, k;
		char s[41];

		/* secrets as '*' (ir_mark_secrets) */
		for (k = 0; k < n && k < 40; k++)
			s[k] = src_is_secret(f, u->loc.start + (uint32_t)k) ?
			       '*' : f->data[u->loc.start + k];
		s[k] = 0;
		diag_report(d, RULE_UNMODELED_COMMAND, &u->loc,
			    "'%s%s' is not modelled by asac; the line is kept "
			    "but not checked", s, n > 40 ? "..." : "");
	}
}

/*
 * The box budget of the packet-set model (space.h): ASAC_MAX_BOXES, else
 * 16 million plus 16 a line, far above what real configurations need (a
 * 1M-line hub of 36,000 branch tunnels makes 2 million) and within memory.
 */
static void budget_for(const struct src_file *f)
{
	const char *env = getenv("ASAC_MAX_BOXES");
	char *end;
	unsigned long long v;

	if (env && *env) {
		v = strtoull(env, &end, 10);
		if (!*end) {
			sp_budget((size_t)v);
			return;
		}
	}
	sp_budget(16000000u + 16u * (size_t)f->nlines);
}

/* Parse, resolve and (with @lint) check file @fi into @lf and @d. */
static struct ir *one(struct load *l, uint32_t fi, struct load_file *lf,
		      struct diag_ctx *d, const struct load_opts *o)
{
	struct ir *ir;

	arena_init(&lf->arena);
	strtab_init(&lf->strs, &lf->arena);
	budget_for(l->src.files[fi]);
	ir = parse_config(&lf->arena, &lf->strs, d, l->src.files[fi], fi,
			  o->max_errors, 0);
	ir_mark_secrets(ir, l->src.files[fi]);
	sema_run(ir, d);
	if (o->lint)
		lint_run(ir, d);
	report_unmodeled(d, &l->src, ir);
	return ir;
}

struct worker {
	struct load *l;
	const struct load_opts *o;
	size_t n;
	size_t next;			/* the next file to take (atomic) */
	struct diag_ctx *diags;		/* one per file */
};

static void *work(void *arg)
{
	struct worker *w = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED)) < w->n)
		w->l->irs[i] = one(w->l, (uint32_t)i, w->l->files[i],
				   &w->diags[i], w->o);
	return NULL;
}

/* A context with @d's rule levels and switches, for one file. */
static void diag_like(struct diag_ctx *c, const struct diag_ctx *d)
{
	diag_init(c, d->src);
	memcpy(c->level, d->level, RULE__COUNT * sizeof(*c->level));
	memcpy(c->on, d->on, RULE__COUNT * sizeof(*c->on));
	c->profile = d->profile;
}

static int jobs_for(const struct load_opts *o, size_t n)
{
	long cores = o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);

	if (cores < 1)
		cores = 1;
	return (int)((size_t)cores < n ? (size_t)cores : n);
}

int load_files(struct load *l, const char *const *files, size_t n,
	       const struct load_opts *o)
{
	struct worker w = { l, o, n, 0, NULL };
	pthread_t th[64];
	int nt = jobs_for(o, n), t, started = 0, err;
	size_t i;

	for (i = 0; i < n; i++) {
		char *data;
		size_t len;

		if (read_file(files[i], &data, &len) < 0) {
			fprintf(stderr, "asac: cannot read '%s': %s\n",
				files[i], strerror(errno));
			return -1;
		}
		src_add(&l->src, strcmp(files[i], "-") ? files[i] : "<stdin>",
			data, len);
	}
	l->irs = xcalloc(n + 1, sizeof(*l->irs));
	l->files = xcalloc(n + 1, sizeof(*l->files));
	for (i = 0; i < n; i++)
		l->files[i] = xcalloc(1, sizeof(**l->files));
	l->nirs = n;
	if (nt > 64)
		nt = 64;
	if (nt <= 1) {
		for (i = 0; i < n; i++)
			l->irs[i] = one(l, (uint32_t)i, l->files[i], &l->diag,
					o);
	} else {
		w.diags = xcalloc(n, sizeof(*w.diags));
		for (i = 0; i < n; i++)
			diag_like(&w.diags[i], &l->diag);
		for (t = 1; t < nt; t++) {
			if ((err = pthread_create(&th[started], NULL, work,
						  &w)) != 0)
				break;
			started++;
		}
		work(&w);
		for (t = 0; t < started; t++)
			pthread_join(th[t], NULL);
		/* in the order of the files: the output of one thread */
		for (i = 0; i < n; i++) {
			diag_take(&l->diag, &w.diags[i]);
			diag_free(&w.diags[i]);
		}
		free(w.diags);
	}
	if (o->lint)
		lint_peers(l->irs, l->nirs, &l->diag);
	diag_sort(&l->diag);
	return 0;
}

struct ir *load_text(struct load *l, const char *name, char *text,
		     size_t len, const struct load_opts *o)
{
	uint32_t fi = src_add(&l->src, name, text, len);

	l->irs = xrealloc_array(l->irs, l->nirs + 1, sizeof(*l->irs));
	l->files = xrealloc_array(l->files, l->nirs + 1, sizeof(*l->files));
	l->files[l->nirs] = xcalloc(1, sizeof(**l->files));
	l->irs[l->nirs] = one(l, fi, l->files[l->nirs], &l->diag, o);
	return l->irs[l->nirs++];
}

void load_free(struct load *l)
{
	size_t i;

	for (i = 0; i < l->nirs; i++) {
		if (l->irs[i])
			ir_free(l->irs[i]);
		strtab_free(&l->files[i]->strs);
		arena_free(&l->files[i]->arena);
		free(l->files[i]);
	}
	free(l->irs);
	free(l->files);
	diag_free(&l->diag);
	src_free_all(&l->src);
	memset(l, 0, sizeof(*l));
}

static char **found;
static size_t nfound;

static int found_cfg(const char *path, const struct stat *st, int type,
		     struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_F && n > 4 && !strcmp(path + n - 4, ".cfg")) {
		found = xrealloc_array(found, nfound + 1, sizeof(*found));
		found[nfound++] = xstrdup(path);
	}
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int load_expand_dirs(const char ***files, size_t *n, char ***owned,
		     const char **bad)
{
	const char **out = NULL;
	size_t m = 0, no = 0, i, k;

	*owned = NULL;
	for (i = 0; i < *n; i++) {
		struct stat st;
		const char *f = (*files)[i];

		if (strcmp(f, "-") && !stat(f, &st) && S_ISDIR(st.st_mode)) {
			found = NULL;
			nfound = 0;
			*bad = f;
			if (nftw(f, found_cfg, 16, FTW_PHYS) < 0)
				return -1;
			if (!nfound)
				return -2;
			qsort(found, nfound, sizeof(*found), str_cmp);
			out = xrealloc_array(out, m + nfound + 1, sizeof(*out));
			*owned = xrealloc_array(*owned, no + nfound + 1,
						sizeof(**owned));
			for (k = 0; k < nfound; k++) {
				out[m++] = found[k];
				(*owned)[no++] = found[k];
			}
			(*owned)[no] = NULL;
			free(found);
			continue;
		}
		out = xrealloc_array(out, m + 2, sizeof(*out));
		out[m++] = f;
	}
	free(*files);
	*files = out;
	*n = m;
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * suppress.c - inline suppressions: "! asac: disable=RULE reason" comments.
 * ASA configurations have no other comment syntax than '!' lines, so the
 * directive sits on its own line above the command it applies to.
 */
#include "asac.h"
#include "rules.h"
#include "suppress.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct supp {
	uint32_t file;
	uint32_t start, end;	/* byte range covered; whole file if @file_wide */
	bool file_wide;
	int rule;
	struct loc loc;		/* the rule id in the comment */
	bool used;
};

struct supps {
	struct supp *v;
	size_t n, cap;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Start and end of line @i, end excluding CR/LF. */
static void line_at(const struct src_file *f, uint32_t i, uint32_t *s,
		    uint32_t *e)
{
	src_line_span(f, f->lines[i], s, e);
}

/* First non-blank offset of line @i, or its end. */
static uint32_t first_char(const struct src_file *f, uint32_t i)
{
	uint32_t s, e;

	line_at(f, i, &s, &e);
	while (s < e && is_blank(f->data[s]))
		s++;
	return s;
}

static bool line_empty(const struct src_file *f, uint32_t i)
{
	uint32_t s, e;

	line_at(f, i, &s, &e);
	return first_char(f, i) == e;
}

/* The range a line-scoped directive on line @i covers: the next command
 * line and the indented lines that follow it (its sub-mode block). */
static bool next_block(const struct src_file *f, uint32_t i, uint32_t *start,
		       uint32_t *end)
{
	uint32_t j = i + 1, s, e;

	while (j < f->nlines && (line_empty(f, j) ||
				 f->data[first_char(f, j)] == '!'))
		j++;
	if (j >= f->nlines)
		return false;
	line_at(f, j, &s, &e);
	*start = s;
	*end = e;
	for (j++; j < f->nlines; j++) {
		uint32_t c = first_char(f, j);

		line_at(f, j, &s, &e);
		if (c == e || c == s || f->data[c] == '!')
			break;
		*end = e;
	}
	return true;
}

static void add(struct supps *v, const struct supp *x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 8;
		v->v = xrealloc_array(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n++] = *x;
}

static struct loc mkloc(uint32_t file, uint32_t s, uint32_t e)
{
	struct loc l;

	memset(&l, 0, sizeof(l));
	l.file = file;
	l.start = s;
	l.end = e;
	return l;
}

static void scan_file(struct diag_ctx *d, const struct src_file *f,
		      uint32_t fi, struct supps *out)
{
	static const char tag[] = "asac:";
	uint32_t i;

	for (i = 0; i < f->nlines; i++) {
		uint32_t s, e, p = first_char(f, i), q;
		struct supp x;
		bool file_wide;

		line_at(f, i, &s, &e);
		if (p == e || f->data[p] != '!')
			continue;
		p++;
		while (p < e && is_blank(f->data[p]))
			p++;
		if (e - p < sizeof(tag) - 1 ||
		    memcmp(f->data + p, tag, sizeof(tag) - 1))
			continue;
		p += sizeof(tag) - 1;
		while (p < e && is_blank(f->data[p]))
			p++;
		if (e - p >= 13 && !memcmp(f->data + p, "disable-file=", 13)) {
			file_wide = true;
			p += 13;
		} else if (e - p >= 8 && !memcmp(f->data + p, "disable=", 8)) {
			file_wide = false;
			p += 8;
		} else {
			struct loc l = mkloc(fi, p, e);

			diag_report(d, RULE_SYNTAX_ERROR, &l, "unknown asac "
				    "directive; expected 'disable=RULE' or "
				    "'disable-file=RULE'");
			continue;
		}
		memset(&x, 0, sizeof(x));
		x.file = fi;
		x.file_wide = file_wide;
		if (!file_wide && !next_block(f, i, &x.start, &x.end)) {
			struct loc l = mkloc(fi, s, e);

			diag_report(d, RULE_SYNTAX_ERROR, &l, "'asac: disable=' "
				    "has no command after it");
			continue;
		}
		/* RULE[,RULE...] up to the first blank; the rest is the
		 * reason */
		for (q = p; p <= e; p++) {
			const struct rule *r;
			char id[64];
			size_t n;

			if (p < e && f->data[p] != ',' && !is_blank(f->data[p]))
				continue;
			n = p - q;
			x.loc = mkloc(fi, q, p);
			if (!n || n >= sizeof(id)) {
				diag_report(d, RULE_SYNTAX_ERROR, &x.loc,
					    "expected a rule id after "
					    "'disable%s='", file_wide ? "-file" :
					    "");
				break;
			}
			memcpy(id, f->data + q, n);
			id[n] = 0;
			r = rule_find(id);
			if (!r) {
				diag_report(d, RULE_SYNTAX_ERROR, &x.loc,
					    "unknown rule '%s' (see 'asac "
					    "rules')", id);
			} else if (rule_index(r) == RULE_SYNTAX_ERROR) {
				diag_report(d, RULE_SYNTAX_ERROR, &x.loc,
					    "syntax errors cannot be "
					    "suppressed");
			} else {
				x.rule = (int)rule_index(r);
				add(out, &x);
			}
			if (p == e || is_blank(f->data[p]))
				break;
			q = p + 1;
		}
	}
}

static bool suppressed(const struct diag *g, void *arg)
{
	struct supps *v = arg;
	size_t i;

	for (i = 0; i < v->n; i++) {
		struct supp *x = &v->v[i];

		if (x->rule != g->rule || x->file != g->loc.file)
			continue;
		if (x->file_wide ||
		    (g->loc.start >= x->start && g->loc.start < x->end)) {
			x->used = true;
			return true;
		}
	}
	return false;
}

void suppress_apply(struct diag_ctx *d, const struct srcset *src)
{
	struct supps v = { NULL, 0, 0 };
	uint32_t fi;
	size_t i;

	for (fi = 0; fi < src->n; fi++)
		scan_file(d, src->files[fi], fi, &v);
	if (v.n)
		diag_remove_if(d, suppressed, &v);
	for (i = 0; i < v.n; i++)
		if (!v.v[i].used && d->on[v.v[i].rule])
			diag_report(d, RULE_UNUSED_SUPPRESSION, &v.v[i].loc,
				    "'%s' is suppressed here but reports "
				    "nothing %s", rules[v.v[i].rule].id,
				    v.v[i].file_wide ? "in this file" :
				    "on the next command");
	free(v.v);
	diag_sort(d);
}

/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "diag.h"
#include "rules.h"
#include "util.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag_ctx *d, const struct srcset *src)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	d->src = src;
	d->level = xcalloc(RULE__COUNT, sizeof(*d->level));
	d->on = xcalloc(RULE__COUNT, sizeof(*d->on));
	for (i = 0; i < RULE__COUNT; i++) {
		d->level[i] = rules[i].level;
		d->on[i] = rules[i].enabled;
	}
}

void diag_free(struct diag_ctx *d)
{
	size_t i;
	unsigned int j;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].msg);
		for (j = 0; j < d->v[i].nnotes; j++)
			free(d->v[i].notes[j].msg);
		free(d->v[i].notes);
	}
	free(d->v);
	free(d->level);
	free(d->on);
	memset(d, 0, sizeof(*d));
}

static char *vfmt(const char *fmt, va_list ap) __fmtstring(1, 0);

static char *vfmt(const char *fmt, va_list ap)
{
	struct sbuf sb = { 0 };
	char tmp[512];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, aq);
	va_end(aq);
	if (n < 0)
		return xstrdup("");
	if ((size_t)n < sizeof(tmp))
		return xstrdup(tmp);
	sb.s = xmalloc((size_t)n + 1);
	vsnprintf(sb.s, (size_t)n + 1, fmt, ap);
	return sb.s;
}

static int diag_vreport(struct diag_ctx *d, int rule, enum diag_level lvl,
			const struct loc *loc, const char *fmt, va_list ap)
	__fmtstring(5, 0);

static int diag_vreport(struct diag_ctx *d, int rule, enum diag_level lvl,
			const struct loc *loc, const char *fmt, va_list ap)
{
	struct diag *g;

	if (!d->on[rule]) {
		d->dropped = true;
		return -1;
	}
	d->dropped = false;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc_array(d->v, d->cap, sizeof(*d->v));
	}
	g = &d->v[d->n];
	memset(g, 0, sizeof(*g));
	g->rule = rule;
	g->level = lvl;
	g->loc = *loc;
	g->seq = d->n;
	g->msg = vfmt(fmt, ap);
	d->count[g->level]++;
	d->n++;
	return -1;
}

int diag_report(struct diag_ctx *d, int rule, const struct loc *loc,
		const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = diag_vreport(d, rule, d->level[rule], loc, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * A rule whose findings differ in weight (MD5 is an error, SHA-1 a warning)
 * names the level per finding; a level set for the rule in @d, different
 * from the registry default, wins over it.
 */
int diag_report_level(struct diag_ctx *d, int rule, enum diag_level lvl,
		      const struct loc *loc, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (d->level[rule] != rules[rule].level)
		lvl = d->level[rule];
	va_start(ap, fmt);
	rc = diag_vreport(d, rule, lvl, loc, fmt, ap);
	va_end(ap);
	return rc;
}

void diag_note(struct diag_ctx *d, const struct loc *loc, const char *fmt, ...)
{
	struct diag *g;
	va_list ap;

	if (d->dropped || !d->n)
		return;
	g = &d->v[d->n - 1];
	g->notes = xrealloc_array(g->notes, g->nnotes + 1, sizeof(*g->notes));
	g->notes[g->nnotes].loc = *loc;
	va_start(ap, fmt);
	g->notes[g->nnotes].msg = vfmt(fmt, ap);
	va_end(ap);
	g->nnotes++;
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;

	if (a->loc.file != b->loc.file)
		return a->loc.file < b->loc.file ? -1 : 1;
	if (a->loc.start != b->loc.start)
		return a->loc.start < b->loc.start ? -1 : 1;
	if (a->level != b->level)	/* errors first at one position */
		return a->level > b->level ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void diag_release(struct diag *g)
{
	unsigned int j;

	free(g->msg);
	for (j = 0; j < g->nnotes; j++)
		free(g->notes[j].msg);
	free(g->notes);
}

size_t diag_remove_if(struct diag_ctx *d,
		      bool (*drop)(const struct diag *, void *), void *arg)
{
	size_t i, o = 0, removed = 0;

	for (i = 0; i < d->n; i++) {
		if (drop(&d->v[i], arg)) {
			d->count[d->v[i].level]--;
			diag_release(&d->v[i]);
			removed++;
			continue;
		}
		d->v[o++] = d->v[i];
	}
	d->n = o;
	return removed;
}

void diag_take(struct diag_ctx *d, struct diag_ctx *from)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		struct diag *g;

		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 16;
			d->v = xrealloc_array(d->v, d->cap, sizeof(*d->v));
		}
		g = &d->v[d->n];
		*g = from->v[i];
		g->seq = d->n++;
		d->count[g->level]++;
	}
	from->n = 0;
	memset(from->count, 0, sizeof(from->count));
}

/* the same finding, notes included */
static bool diag_same(const struct diag *a, const struct diag *b)
{
	unsigned int j;

	if (a->rule != b->rule || a->level != b->level ||
	    a->loc.end != b->loc.end || a->nnotes != b->nnotes ||
	    strcmp(a->msg, b->msg))
		return false;
	for (j = 0; j < a->nnotes; j++)
		if (a->notes[j].loc.file != b->notes[j].loc.file ||
		    a->notes[j].loc.start != b->notes[j].loc.start ||
		    strcmp(a->notes[j].msg, b->notes[j].msg))
			return false;
	return true;
}

void diag_sort(struct diag_ctx *d)
{
	size_t i, k, o = 0;

	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
	/* a finding said twice (the back ends of one bundle each meeting
	 * the same missing secret) is printed once */
	for (i = 0; i < d->n; i++) {
		bool dup = false;

		for (k = o; k-- > 0 && d->v[k].loc.file == d->v[i].loc.file &&
		     d->v[k].loc.start == d->v[i].loc.start;)
			if (diag_same(&d->v[k], &d->v[i])) {
				dup = true;
				break;
			}
		if (dup) {
			d->count[d->v[i].level]--;
			diag_release(&d->v[i]);
			continue;
		}
		d->v[o++] = d->v[i];
	}
	d->n = o;
}

const char *diag_level_name(enum diag_level l)
{
	switch (l) {
	case DIAG_NOTE:
		return "note";
	case DIAG_WARNING:
		return "warning";
	case DIAG_ERROR:
		return "error";
	}
	BUG("unknown level %d", (int)l);
}

static const char *level_color(enum diag_level l)
{
	switch (l) {
	case DIAG_NOTE:
		return "\033[1;36m";
	case DIAG_WARNING:
		return "\033[1;35m";
	case DIAG_ERROR:
		return "\033[1;31m";
	}
	BUG("unknown level %d", (int)l);
}

/*
 * Print the source line of @loc and a marker under its span: '^' at the
 * start and '~' for the rest on that line, tabs copied so the marker lines
 * up, UTF-8 continuation bytes taking no column.
 */
static void print_excerpt(FILE *out, const struct src_file *f,
			  const struct loc *loc, bool color)
{
	uint32_t ls, le, i, end;

	if (loc->start > f->len)
		return;
	src_line_span(f, loc->start, &ls, &le);
	/* keys and passwords never reach a log (src_secret) */
	for (i = ls; i < le; i++) {
		unsigned char c = (unsigned char)f->data[i];

		if (!src_is_secret(f, i))
			fputc(c, out);
		else if ((c & 0xc0) != 0x80)	/* one per code point */
			fputc('*', out);
	}
	fputc('\n', out);
	end = loc->end < le ? loc->end : le;
	if (end <= loc->start)
		end = loc->start + 1;
	if (color)
		fputs("\033[1;32m", out);
	for (i = ls; i < end; i++) {
		unsigned char c = i < le ? (unsigned char)f->data[i] : ' ';

		if ((c & 0xc0) == 0x80)
			continue;
		if (i < loc->start)
			fputc(c == '\t' ? '\t' : ' ', out);
		else
			fputc(i == loc->start ? '^' : '~', out);
	}
	if (color)
		fputs("\033[0m", out);
	fputc('\n', out);
}

static void print_one(const struct diag_ctx *d, FILE *out, bool color,
		      const struct loc *loc, const char *level,
		      const char *lcolor, const char *msg, const char *rule)
{
	const struct src_file *f = d->src->files[loc->file];
	uint32_t line, col;

	src_linecol(f, loc->start, &line, &col);
	if (color)
		fprintf(out, "\033[1m%s:%u:%u:\033[0m %s%s:\033[0m \033[1m%s\033[0m",
			f->name, line, col, lcolor, level, msg);
	else
		fprintf(out, "%s:%u:%u: %s: %s", f->name, line, col, level,
			msg);
	if (rule)
		fprintf(out, " [%s]", rule);
	fputc('\n', out);
	print_excerpt(out, f, loc, color);
}

void diag_print_text(const struct diag_ctx *d, FILE *out, bool color)
{
	size_t i;
	unsigned int j;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		print_one(d, out, color, &g->loc, diag_level_name(g->level),
			  level_color(g->level), g->msg, rules[g->rule].id);
		for (j = 0; j < g->nnotes; j++)
			print_one(d, out, color, &g->notes[j].loc, "note",
				  level_color(DIAG_NOTE), g->notes[j].msg,
				  NULL);
	}
}

static json_t *loc_json(const struct diag_ctx *d, const struct loc *loc,
			bool range)
{
	const struct src_file *f = d->src->files[loc->file];
	uint32_t line, col, eline, ecol;
	json_t *o = json_object();

	src_linecol(f, loc->start, &line, &col);
	json_object_set_new(o, "file", json_string(f->name));
	json_object_set_new(o, "line", json_integer(line));
	json_object_set_new(o, "column", json_integer(col));
	if (range) {
		src_linecol(f, loc->end > loc->start ? loc->end : loc->start,
			    &eline, &ecol);
		json_object_set_new(o, "end_line", json_integer(eline));
		json_object_set_new(o, "end_column", json_integer(ecol));
	}
	return o;
}

void diag_print_json(const struct diag_ctx *d, FILE *out)
{
	json_t *root = json_object(), *arr = json_array(), *sum;
	size_t i, counts[3] = { 0, 0, 0 };
	unsigned int j;

	json_object_set_new(root, "version", json_integer(1));
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *o = json_object(), *l, *notes = json_array();

		counts[g->level]++;
		json_object_set_new(o, "rule", json_string(rules[g->rule].id));
		json_object_set_new(o, "severity",
				    json_string(diag_level_name(g->level)));
		l = loc_json(d, &g->loc, true);
		json_object_update(o, l);
		json_decref(l);
		json_object_set_new(o, "message", json_string(g->msg));
		for (j = 0; j < g->nnotes; j++) {
			json_t *n = loc_json(d, &g->notes[j].loc, false);

			json_object_set_new(n, "message",
					    json_string(g->notes[j].msg));
			json_array_append_new(notes, n);
		}
		json_object_set_new(o, "notes", notes);
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "diagnostics", arr);
	sum = json_object();
	json_object_set_new(sum, "error", json_integer(counts[DIAG_ERROR]));
	json_object_set_new(sum, "warning", json_integer(counts[DIAG_WARNING]));
	json_object_set_new(sum, "note", json_integer(counts[DIAG_NOTE]));
	json_object_set_new(root, "summary", sum);
	json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	fputc('\n', out);
	json_decref(root);
}

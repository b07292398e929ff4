/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "src.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

uint32_t src_add(struct srcset *set, const char *name, char *data, size_t len)
{
	struct src_file *f = xcalloc(1, sizeof(*f));
	uint32_t cap = 1024;
	const char *p = data, *end = data + len;

	if (len > UINT32_MAX - 1)
		die(EXIT_INTERNAL, "%s: file too large", name);
	f->name = xstrdup(name);
	f->data = data;
	f->len = len;
	f->lines = xmalloc(cap * sizeof(*f->lines));
	f->lines[f->nlines++] = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);

		if (!nl)
			break;
		p = nl + 1;
		if (p == end)
			break;
		if (f->nlines == cap) {
			cap *= 2;
			f->lines = xrealloc_array(f->lines, cap,
						  sizeof(*f->lines));
		}
		f->lines[f->nlines++] = (uint32_t)(p - data);
	}
	set->files = xrealloc_array(set->files, set->n + 1,
				    sizeof(*set->files));
	set->files[set->n] = f;
	return set->n++;
}

void src_free_all(struct srcset *set)
{
	uint32_t i;

	for (i = 0; i < set->n; i++) {
		free(set->files[i]->name);
		free(set->files[i]->data);
		free(set->files[i]->lines);
		free(set->files[i]->secrets);
		free(set->files[i]);
	}
	free(set->files);
	set->files = NULL;
	set->n = 0;
}

static uint32_t line_index(const struct src_file *f, uint32_t off)
{
	uint32_t lo = 0, hi = f->nlines;

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (f->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void src_linecol(const struct src_file *f, uint32_t off, uint32_t *line,
		 uint32_t *col)
{
	uint32_t i = line_index(f, off);

	*line = i + 1;
	*col = off - f->lines[i] + 1;
}

void src_line_span(const struct src_file *f, uint32_t off, uint32_t *start,
		   uint32_t *end)
{
	uint32_t i = line_index(f, off);
	uint32_t e = i + 1 < f->nlines ? f->lines[i + 1] : (uint32_t)f->len;

	while (e > f->lines[i] && (f->data[e - 1] == '\n' ||
				   f->data[e - 1] == '\r'))
		e--;
	*start = f->lines[i];
	*end = e;
}

void src_cmd_comment(struct sbuf *sb, const struct srcset *set,
		     const struct loc *l)
{
	const struct src_file *f = set->files[l->file];
	uint32_t line, col, s, e, i;

	src_linecol(f, l->start, &line, &col);
	src_line_span(f, l->start, &s, &e);
	sb_printf(sb, "%s:%u ", f->name, line);
	while (s < e && (f->data[s] == ' ' || f->data[s] == '\t'))
		s++;
	for (i = s; i < e; i++) {
		unsigned char c = (unsigned char)f->data[i];

		if (c == '\r' || c == '\n')
			break;
		if (src_is_secret(f, i))
			c = '*';
		sb_putc(sb, c >= 0x20 && c < 0x7f ? (char)c : '?');
	}
}

void src_secret(struct src_file *f, const struct loc *l)
{
	if (l->end <= l->start || l->end > f->len)
		return;
	f->secrets = xrealloc_array(f->secrets, f->nsecrets + 1,
				    sizeof(*f->secrets));
	f->secrets[f->nsecrets].start = l->start;
	f->secrets[f->nsecrets++].end = l->end;
}

static int span_cmp(const void *a, const void *b)
{
	const struct src_span *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

void src_secrets_done(struct src_file *f)
{
	if (f->nsecrets > 1)
		qsort(f->secrets, f->nsecrets, sizeof(*f->secrets), span_cmp);
}

/* The first secret span that ends after @off (spans are sorted). */
static uint32_t span_after(const struct src_file *f, uint32_t off)
{
	uint32_t lo = 0, hi = f->nsecrets;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (f->secrets[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool src_is_secret(const struct src_file *f, uint32_t off)
{
	uint32_t i;

	if (!f->nsecrets)
		return false;
	for (i = span_after(f, off); i < f->nsecrets &&
	     f->secrets[i].start <= off; i++)
		if (off < f->secrets[i].end)
			return true;
	return false;
}

void src_mask(const struct src_file *f, uint32_t from, char *buf, size_t n)
{
	uint32_t i, k;

	if (!f->nsecrets)
		return;
	for (i = span_after(f, from); i < f->nsecrets &&
	     f->secrets[i].start < from + n; i++)
		for (k = f->secrets[i].start > from ? f->secrets[i].start : from;
		     k < f->secrets[i].end && k < from + n; k++)
			buf[k - from] = '*';
}

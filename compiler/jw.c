/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "jw.h"

#include <string.h>

void jw_init(struct jw *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->first = true;
	w->after_key = false;
}

static void indent(struct jw *w)
{
	int i;

	fputc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->out);
}

/* Separator and indentation before a value or a key. */
static void pre(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first)
		fputc(',', w->out);
	if (w->depth)
		indent(w);
	w->first = false;
}

void jw_obj(struct jw *w)
{
	pre(w);
	fputc('{', w->out);
	w->depth++;
	w->first = true;
}

void jw_arr(struct jw *w)
{
	pre(w);
	fputc('[', w->out);
	w->depth++;
	w->first = true;
}

static void end(struct jw *w, char c)
{
	w->depth--;
	if (!w->first)
		indent(w);
	fputc(c, w->out);
	w->first = false;
	if (!w->depth)
		fputc('\n', w->out);
}

void jw_end_obj(struct jw *w)
{
	end(w, '}');
}

void jw_end_arr(struct jw *w)
{
	end(w, ']');
}

void jw_key(struct jw *w, const char *key)
{
	pre(w);
	fputc('"', w->out);
	jw_escape(w->out, key, strlen(key));
	fputs("\": ", w->out);
	w->after_key = true;
}

/* Length of a valid UTF-8 sequence at @s (max @n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void jw_escape(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		size_t l;

		if (*p == '"' || *p == '\\') {
			fputc('\\', out);
			fputc(*p++, out);
			continue;
		}
		if (*p < 0x20) {
			if (*p == '\n')
				fputs("\\n", out);
			else if (*p == '\t')
				fputs("\\t", out);
			else if (*p == '\r')
				fputs("\\r", out);
			else
				fprintf(out, "\\u%04x", *p);
			p++;
			continue;
		}
		l = utf8_len(p, (size_t)(e - p));
		if (!l) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		fwrite(p, 1, l, out);
		p += l;
	}
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	pre(w);
	fputc('"', w->out);
	jw_escape(w->out, s, n);
	fputc('"', w->out);
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_strn(w, s, strlen(s));
}

void jw_int(struct jw *w, long long v)
{
	pre(w);
	fprintf(w->out, "%lld", v);
}

void jw_bool(struct jw *w, bool v)
{
	pre(w);
	fputs(v ? "true" : "false", w->out);
}

void jw_null(struct jw *w)
{
	pre(w);
	fputs("null", w->out);
}

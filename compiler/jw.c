/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "jw.h"

#include <string.h>

static void flush(struct jw *w)
{
	if (w->n) {
		fwrite(w->buf, 1, w->n, w->out);
		w->n = 0;
	}
}

static inline void put(struct jw *w, const char *s, size_t n)
{
	if (w->n + n > sizeof(w->buf)) {
		flush(w);
		if (n > sizeof(w->buf)) {
			fwrite(s, 1, n, w->out);
			return;
		}
	}
	memcpy(w->buf + w->n, s, n);
	w->n += n;
}

static inline void putch(struct jw *w, char c)
{
	if (w->n == sizeof(w->buf))
		flush(w);
	w->buf[w->n++] = c;
}

void jw_init(struct jw *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->first = true;
	w->after_key = false;
	w->compact = false;
	w->n = 0;
}

static void indent(struct jw *w)
{
	static const char spaces[] = "                                        "
				     "                                        ";
	size_t n = (size_t)w->depth * 2;

	if (w->compact)
		return;
	putch(w, '\n');
	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		put(w, spaces, k);
		n -= k;
	}
}

/* Separator and indentation before a value or a key. */
static void pre(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first)
		putch(w, ',');
	if (w->depth)
		indent(w);
	w->first = false;
}

void jw_obj(struct jw *w)
{
	pre(w);
	putch(w, '{');
	w->depth++;
	w->first = true;
}

void jw_arr(struct jw *w)
{
	pre(w);
	putch(w, '[');
	w->depth++;
	w->first = true;
}

static void end(struct jw *w, char c)
{
	w->depth--;
	if (!w->first)
		indent(w);
	putch(w, c);
	w->first = false;
	if (!w->depth) {
		/* a top-level value ends its line; the next one (JSON
		 * lines) starts afresh */
		putch(w, '\n');
		flush(w);
		w->first = true;
	}
}

void jw_end_obj(struct jw *w)
{
	end(w, '}');
}

void jw_end_arr(struct jw *w)
{
	end(w, ']');
}

/* Length of a valid UTF-8 sequence at @s (max @n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

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

/*
 * Escape @s into @w (or @out when @w is NULL): runs of plain bytes are
 * copied whole; control characters, quotes and backslashes are escaped;
 * bytes that are not valid UTF-8 become U+FFFD.
 */
/* The bytes that go out as they are: printable ASCII but '"' and '\\'
 * (a table: JSON output is mostly such runs, scanned byte by byte) */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static void escape(struct jw *w, FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		const unsigned char *run = p;
		char tmp[8];
		const char *rep = NULL;
		size_t rl = 0;

		/* eight bytes at a time while none needs a look (no
		 * control byte, no '"', '\\' or non-ASCII byte: each test
		 * sets a byte's top bit) */
		while (e - p >= 8) {
			uint64_t x, ones = 0x0101010101010101ULL,
				 top = 0x8080808080808080ULL;

			memcpy(&x, p, 8);
			if (((x - ones * 0x20) | ((x ^ ones * '"') - ones) |
			     ((x ^ ones * '\\') - ones) | x) & top)
				break;
			p += 8;
		}
		while (p < e && plain[*p])
			p++;
		while (p < e && *p >= 0x80) {
			size_t l = utf8_len(p, (size_t)(e - p));

			if (!l)
				break;
			p += l;
		}
		if (p > run) {
			if (w)
				put(w, (const char *)run, (size_t)(p - run));
			else
				fwrite(run, 1, (size_t)(p - run), out);
			continue;
		}
		if (*p == '"' || *p == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)*p;
			rep = tmp;
			rl = 2;
		} else if (*p == '\n') {
			rep = "\\n", rl = 2;
		} else if (*p == '\t') {
			rep = "\\t", rl = 2;
		} else if (*p == '\r') {
			rep = "\\r", rl = 2;
		} else if (*p < 0x20) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", *p);
			rep = tmp;
			rl = 6;
		} else {
			rep = "\\ufffd", rl = 6;
		}
		p++;
		if (w)
			put(w, rep, rl);
		else
			fwrite(rep, 1, rl, out);
	}
}

void jw_escape(FILE *out, const char *s, size_t n)
{
	escape(NULL, out, s, n);
}

void jw_key(struct jw *w, const char *key)
{
	pre(w);
	putch(w, '"');
	escape(w, NULL, key, strlen(key));
	if (w->compact)
		put(w, "\":", 2);
	else
		put(w, "\": ", 3);
	w->after_key = true;
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	pre(w);
	putch(w, '"');
	escape(w, NULL, s, n);
	putch(w, '"');
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
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;

	pre(w);
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(buf + sizeof(buf) - p));
}

void jw_bool(struct jw *w, bool v)
{
	pre(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jw_null(struct jw *w)
{
	pre(w);
	put(w, "null", 4);
}

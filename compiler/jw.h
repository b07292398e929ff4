/* SPDX-License-Identifier: MIT */
#ifndef ASAC_JW_H
#define ASAC_JW_H

#include "asac.h"
#include <stdio.h>

/*
 * jw - a streaming JSON writer.  `asac ir` of a million-line configuration
 * is written as it is walked, so memory stays bounded by the IR itself.
 * Strings are written as valid UTF-8: invalid bytes become U+FFFD.
 * Output is indented by two spaces, one member per line, for diffing.
 */
struct jw {
	FILE *out;
	int depth;
	bool first;		/* nothing written yet at this depth */
	bool after_key;
	bool compact;		/* one line: JSON lines output */
	size_t n;		/* bytes in @buf */
	char buf[1 << 16];
};

void jw_init(struct jw *w, FILE *out);
void jw_obj(struct jw *w);
void jw_arr(struct jw *w);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s);
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, long long v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* Write @s as a JSON string body (no quotes) to @out.  The writer's own
 * output is flushed when the top-level value ends. */
void jw_escape(FILE *out, const char *s, size_t n);

#endif /* ASAC_JW_H */

/* SPDX-License-Identifier: MIT */
#ifndef ASAC_SRC_H
#define ASAC_SRC_H

#include "asac.h"

/*
 * struct loc - a span of source: byte offsets into one input file, as jq
 * keeps them.  Line and column are computed only when printing.
 * @file:  index into the source set (struct srcset)
 * @start: offset of the first byte
 * @end:   offset one past the last byte
 */
struct loc {
	uint32_t file, start, end;
};

/*
 * struct src_file - one input, read once and kept whole.
 * @name:    the path as given on the command line
 * @data:    the bytes, NUL-terminated (a NUL inside is kept as data)
 * @len:     number of bytes
 * @lines:   offsets of line starts (@nlines entries)
 */
struct src_file {
	char *name;
	char *data;
	size_t len;
	uint32_t *lines;
	uint32_t nlines;
};

struct srcset {
	struct src_file **files;
	uint32_t n;
};

/* Takes ownership of @data (heap), which must hold two NUL bytes after
 * @len (as read_file() leaves it).  Returns the file's index. */
uint32_t src_add(struct srcset *set, const char *name, char *data, size_t len);
void src_free_all(struct srcset *set);
/* 1-based line and column (in bytes) of @off. */
void src_linecol(const struct src_file *f, uint32_t off, uint32_t *line,
		 uint32_t *col);
/* Start and end (excluding CR/LF) of the line holding @off. */
void src_line_span(const struct src_file *f, uint32_t off, uint32_t *start,
		   uint32_t *end);
/* Append "NAME:LINE TEXT" for the command at @l to @sb: the line without
 * its indentation, bytes outside printable ASCII as '?' (the comment a
 * back end writes above what it made of the command). */
struct sbuf;
void src_cmd_comment(struct sbuf *sb, const struct srcset *set,
		     const struct loc *l);

#endif /* ASAC_SRC_H */

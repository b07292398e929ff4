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
	/* the spans that hold keys and passwords: never printed */
	struct src_span { uint32_t start, end; } *secrets;
	uint32_t nsecrets;
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
/* Mark span @l of @f as a secret: excerpts and comments print '*' for
 * its bytes. */
void src_secret(struct src_file *f, const struct loc *l);
/* Sort the secret spans once they are all marked (before any lookup). */
void src_secrets_done(struct src_file *f);
/* Is byte @off of @f in a secret span? */
bool src_is_secret(const struct src_file *f, uint32_t off);
/* '*' over the secret bytes of @buf, a copy of @n bytes of @f from @from */
void src_mask(const struct src_file *f, uint32_t from, char *buf, size_t n);
/* Append "NAME:LINE TEXT" for the command at @l to @sb: the line without
 * its indentation, bytes outside printable ASCII as '?', secrets as '*'
 * (the comment a back end writes above what it made of the command). */
struct sbuf;
void src_cmd_comment(struct sbuf *sb, const struct srcset *set,
		     const struct loc *l);

#endif /* ASAC_SRC_H */

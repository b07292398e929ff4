/* SPDX-License-Identifier: MIT */
#ifndef ASAC_LEX_H
#define ASAC_LEX_H

#include "asac.h"

/*
 * The scanner (grammar/asa.l) reads the whole input, kept in memory, and
 * hands the driver one token at a time.  At the start of each line it
 * strips a CLI prompt (`ciscoasa(config)# `, `Device> `), notes whether the
 * line was indented, and reports `!` and `:` lines as comments.
 */
enum {
	LX_EOF = 0,
	LX_COMMENT = -2,	/* a whole `!`/`:` line; EOL follows */
};

struct lexer {
	void *scanner;		/* yyscan_t */
	const char *buf;
	uint32_t len;
	uint32_t off;		/* offset of the next byte */
	uint32_t start, end;	/* the token just returned */
	bool indent;		/* the current line started with blanks */
	bool prompt;		/* ... or with a CLI prompt */
};

void lexer_init(struct lexer *lx, const char *buf, uint32_t len);
void lexer_free(struct lexer *lx);
/* The next token kind (a bison token, LX_COMMENT or LX_EOF). */
int lexer_next(struct lexer *lx);
/* Classify a word: NUMBER, IPV4, IPV6, prefixes, ranges, a keyword or WORD. */
int lex_classify(const char *s, size_t n);
/* Is @spelling a keyword that may also be used as a name? */
bool lex_keyword_nameable(const char *spelling);

#endif /* ASAC_LEX_H */

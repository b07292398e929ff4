/* SPDX-License-Identifier: MIT */
#ifndef ASAC_UTIL_H
#define ASAC_UTIL_H

#include "asac.h"
#include <stdio.h>

/*
 * Allocation helpers that never return NULL: on failure they print the size
 * and exit with EXIT_INTERNAL (3).  Array sizes are checked for overflow.
 */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xrealloc_array(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* BUG() reports a broken internal invariant and aborts; never for input. */
#define BUG(...) __bug(__FILE__, __LINE__, __VA_ARGS__)
void __bug(const char *file, int line, const char *fmt, ...)
	__fmtstring(3, 4) __noreturn;

/* Fatal error for the command line driver: prints "asac: ..." and exits. */
void die(int code, const char *fmt, ...) __fmtstring(2, 3) __noreturn;

/* Can @s name a Linux network interface? (the kernel's dev_valid_name():
 * 1-15 bytes, not "." or "..", no '/', ':' or blanks; nor '"', which an
 * nft string cannot hold) */
bool linux_ifname_ok(const char *s);

/* Read a whole file (or stdin for "-") into a heap buffer that ends in
 * two NUL bytes (the scanner reads it in place). */
int read_file(const char *path, char **data, size_t *len);
/* mkdir -p: @dir and its missing parents (0755); 0, or -1 with errno. */
int mkdir_p(const char *dir);
/* mkdir -p of the directory that holds @path. */
int mkdir_parent(const char *path);

/*
 * A growable byte buffer (heap owned).  sb_free() releases it.
 */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sb_putn(struct sbuf *sb, const char *s, size_t n);
void sb_puts(struct sbuf *sb, const char *s);
void sb_putc(struct sbuf *sb, char c);
void sb_printf(struct sbuf *sb, const char *fmt, ...) __fmtstring(2, 3);
void sb_free(struct sbuf *sb);

/* Edit distance for "did you mean" suggestions (capped at @max + 1). */
unsigned int edit_distance(const char *a, const char *b, unsigned int max);

#endif /* ASAC_UTIL_H */

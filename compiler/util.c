/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void __noreturn oom(size_t size)
{
	fprintf(stderr, "asac: out of memory allocating %zu bytes\n", size);
	exit(EXIT_INTERNAL);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oom(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		oom(size);
	return p;
}

void *xrealloc_array(void *ptr, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(ptr, nmemb * size);
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void __bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("asac: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 1 << 16, n = 0;
	struct stat st;
	char *buf;

	if (!f)
		return -1;
	/* a regular file is read into a buffer of its size: no doubling,
	 * no copy, so a large input costs its size once */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX - 2)
		cap = (size_t)st.st_size + 3;
	buf = xmalloc(cap);
	for (;;) {
		size_t r;

		if (cap - n < 3) {
			if (cap > SIZE_MAX / 2)
				oom(SIZE_MAX);
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;

		if (f != stdin)
			fclose(f);
		free(buf);
		errno = e ? e : EIO;
		return -1;
	}
	if (f != stdin)
		fclose(f);
	buf[n] = buf[n + 1] = '\0';	/* two: the scanner scans in place */
	*data = buf;
	*len = n;
	return 0;
}

void sb_putn(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;

		while (cap < sb->len + n + 1)
			cap *= 2;
		sb->s = xrealloc(sb->s, cap);
		sb->cap = cap;
	}
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_puts(struct sbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

void sb_putc(struct sbuf *sb, char c)
{
	sb_putn(sb, &c, 1);
}

void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		sb_putn(sb, tmp, n);
		return;
	}
	{
		char *big = xmalloc((size_t)n + 1);

		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		sb_putn(sb, big, n);
		free(big);
	}
}

void sb_free(struct sbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

unsigned int edit_distance(const char *a, const char *b, unsigned int max)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	unsigned int row[64], best;

	if (lb >= ARRAY_SIZE(row) || la >= 64)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		unsigned int diag = row[0];

		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			unsigned int up = row[j];
			unsigned int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned int v = diag + cost;

			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return row[lb];
}

bool linux_ifname_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || (unsigned char)*s <= ' ' ||
		    (unsigned char)*s >= 0x7f || *s == '"')
			return false;
	return true;
}

int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *q;
	int rc = 0;

	for (q = p + 1; ; q++) {
		if (*q && *q != '/')
			continue;
		if (q[-1] != '/') {
			char c = *q;

			*q = 0;
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				rc = -1;
			*q = c;
			if (rc)
				break;
		}
		if (!*q)
			break;
	}
	free(p);
	return rc;
}

int mkdir_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;
	int rc;

	if (!slash || slash == path)
		return 0;
	d = xstrndup(path, (size_t)(slash - path));
	rc = mkdir_p(d);
	free(d);
	return rc;
}

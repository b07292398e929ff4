/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "lex.h"
#include "map.h"
#include "parse.h"
#include "asa.tab.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <string.h>

/* The keyword table, built from keywords.def on first use. */
struct kw {
	const char *spelling;
	int token;
	bool nameable;
};

static const struct kw keywords[] = {
#define KW(tok, spelling, nameable) { spelling, tok, nameable },
#include "grammar/keywords.def"
#undef KW
};

#define KW_SLOTS 1024
static int16_t kw_slot[KW_SLOTS];
static pthread_once_t kw_once = PTHREAD_ONCE_INIT;

static void kw_build(void)
{
	size_t i;

	memset(kw_slot, -1, sizeof(kw_slot));
	for (i = 0; i < ARRAY_SIZE(keywords); i++) {
		const char *s = keywords[i].spelling;
		uint32_t h = hash_bytes(s, strlen(s)) & (KW_SLOTS - 1);

		while (kw_slot[h] >= 0)
			h = (h + 1) & (KW_SLOTS - 1);
		kw_slot[h] = (int16_t)i;
	}
}

static int kw_lookup(const char *s, size_t n)
{
	char low[48];
	uint32_t h;
	size_t i;
	bool upper = false;

	if (n >= sizeof(low) || n < 2)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z') {
			c = (char)(c - 'A' + 'a');
			upper = true;
		}
		low[i] = c;
	}
	/* files are parsed on threads (load.c): build the table once */
	pthread_once(&kw_once, kw_build);
	h = hash_bytes(low, n) & (KW_SLOTS - 1);
	for (; kw_slot[h] >= 0; h = (h + 1) & (KW_SLOTS - 1)) {
		const char *k = keywords[kw_slot[h]].spelling;

		/* The ASA prints keywords in lower case.  A reserved word
		 * written otherwise is a name: configurations name
		 * object-groups "ANY". */
		if (!strncmp(k, low, n) && k[n] == '\0')
			return upper && !keywords[kw_slot[h]].nameable ?
			       0 : keywords[kw_slot[h]].token;
	}
	return 0;
}

/* Strict dotted quad: four decimal parts 0-255. */
static bool is_ipv4(const char *s, size_t n)
{
	unsigned int parts = 0, val = 0, digits = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			val = val * 10 + (unsigned int)(s[i] - '0');
			if (++digits > 3 || val > 255)
				return false;
		} else if (s[i] == '.') {
			if (!digits || ++parts > 3)
				return false;
			val = digits = 0;
		} else {
			return false;
		}
	}
	return parts == 3 && digits;
}

static bool is_ipv6(const char *s, size_t n)
{
	char tmp[64];
	unsigned char a[16];

	if (n >= sizeof(tmp) || !memchr(s, ':', n))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET6, tmp, a) == 1;
}

static bool is_num(const char *s, size_t n, unsigned int max)
{
	unsigned int v = 0;
	size_t i;

	if (!n || n > 3)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned int)(s[i] - '0');
	}
	return v <= max;
}

int lex_classify(const char *s, size_t n)
{
	const char *slash = NULL, *dash = NULL;
	bool digits = true, colon = false;
	size_t i;
	int kw;

	/* one pass to see which shapes are possible */
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			continue;
		digits = false;
		if (c == '\0')
			return JUNK;
		else if (c == ':')
			colon = true;
		else if (c == '/' && !slash)
			slash = s + i;
		else if (c == '-' && !dash)
			dash = s + i;
	}
	if (digits)
		return n <= 18 ? NUMBER : WORD;
	if (s[0] >= '0' && s[0] <= '9' && is_ipv4(s, n))
		return IPV4;
	if (slash) {
		size_t l = (size_t)(slash - s);

		if (is_ipv4(s, l) && is_num(slash + 1, n - l - 1, 32))
			return IPV4PREFIX;
		if (colon && is_ipv6(s, l) && is_num(slash + 1, n - l - 1, 128))
			return IPV6PREFIX;
	}
	if (colon && is_ipv6(s, n))
		return IPV6;
	if (dash && s[0] >= '0' && s[0] <= '9') {
		size_t l = (size_t)(dash - s);

		if (is_ipv4(s, l) && is_ipv4(dash + 1, n - l - 1))
			return IPV4RANGE;
	}
	/* the scanner returns lower-case keywords itself; other spellings
	 * come here */
	kw = kw_lookup(s, n);
	return kw ? kw : WORD;
}

bool lex_keyword_nameable(const char *spelling)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(keywords[i].spelling, spelling))
			return keywords[i].nameable;
	return false;
}

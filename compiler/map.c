/* SPDX-License-Identifier: MIT */
#include "asac.h"
#include "map.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A multiply-xorshift hash taking 8 bytes a step; names and addresses
 * are short, and this runs for every word of a configuration. */
uint32_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;

	while (n >= 8) {
		uint64_t w;

		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	if (n) {
		uint64_t w = 0;

		memcpy(&w, s, n);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 29;
	}
	h *= 0xff51afd7ed558ccdULL;
	return (uint32_t)(h ^ (h >> 32));
}

static inline uint32_t hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (uint32_t)x;
}

void strtab_init(struct strtab *t, struct arena *a)
{
	t->arena = a;
	t->cap = 1024;
	t->n = 0;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	t->hash = xcalloc(t->cap, sizeof(*t->hash));
}

void strtab_free(struct strtab *t)
{
	free(t->slot);
	free(t->hash);
	t->slot = NULL;
	t->hash = NULL;
	t->cap = t->n = 0;
}

static void strtab_grow(struct strtab *t)
{
	size_t cap = t->cap * 2, i;
	const char **slot = xcalloc(cap, sizeof(*slot));
	uint32_t *hash = xcalloc(cap, sizeof(*hash));

	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->slot[i])
			continue;
		for (j = t->hash[i] & (cap - 1); slot[j]; j = (j + 1) & (cap - 1))
			;
		slot[j] = t->slot[i];
		hash[j] = t->hash[i];
	}
	free(t->slot);
	free(t->hash);
	t->slot = slot;
	t->hash = hash;
	t->cap = cap;
}

const char *strtab_intern(struct strtab *t, const char *s, size_t n)
{
	uint32_t h = hash_bytes(s, n);
	size_t i;

	if ((t->n + 1) * 2 > t->cap)
		strtab_grow(t);
	for (i = h & (t->cap - 1); t->slot[i]; i = (i + 1) & (t->cap - 1)) {
		if (t->hash[i] == h && !strncmp(t->slot[i], s, n) &&
		    t->slot[i][n] == '\0')
			return t->slot[i];
	}
	t->slot[i] = arena_strndup(t->arena, s, n);
	t->hash[i] = h;
	t->n++;
	return t->slot[i];
}

void map_init(struct map *m)
{
	m->cap = 0;
	m->n = 0;
	m->key = NULL;
	m->val = NULL;
}

void map_free(struct map *m)
{
	free(m->key);
	free(m->val);
	map_init(m);
}

void *map_get(const struct map *m, const void *key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = hash_ptr(key) & (m->cap - 1); m->key[i];
	     i = (i + 1) & (m->cap - 1)) {
		if (m->key[i] == key)
			return m->val[i];
	}
	return NULL;
}

static void map_grow(struct map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16, i;
	const void **key = xcalloc(cap, sizeof(*key));
	void **val = xcalloc(cap, sizeof(*val));

	for (i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->key[i])
			continue;
		for (j = hash_ptr(m->key[i]) & (cap - 1); key[j];
		     j = (j + 1) & (cap - 1))
			;
		key[j] = m->key[i];
		val[j] = m->val[i];
	}
	free(m->key);
	free(m->val);
	m->key = key;
	m->val = val;
	m->cap = cap;
}

void *map_put(struct map *m, const void *key, void *val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		map_grow(m);
	for (i = hash_ptr(key) & (m->cap - 1); m->key[i];
	     i = (i + 1) & (m->cap - 1)) {
		if (m->key[i] == key) {
			void *old = m->val[i];

			m->val[i] = val;
			return old;
		}
	}
	m->key[i] = key;
	m->val[i] = val;
	m->n++;
	return NULL;
}

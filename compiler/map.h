/* SPDX-License-Identifier: MIT */
#ifndef ASAC_MAP_H
#define ASAC_MAP_H

#include "asac.h"
#include "arena.h"

/*
 * struct strtab - string interning.  Every name of the IR is interned, so
 * names compare by pointer and each distinct name is stored once (an ACL
 * name repeated on 5,000 ACEs costs one copy).  Storage is heap for the
 * table and arena for the strings; strtab_free() releases the table.
 */
struct strtab {
	struct arena *arena;
	const char **slot;
	uint32_t *hash;
	size_t cap, n;
};
void strtab_init(struct strtab *t, struct arena *a);
void strtab_free(struct strtab *t);
const char *strtab_intern(struct strtab *t, const char *s, size_t n);

/*
 * struct map - pointer-keyed hash map (keys are interned strings), used for
 * one namespace each: ACLs, objects, interfaces by nameif, ...
 */
struct map {
	const void **key;
	void **val;
	size_t cap, n;
};
void map_init(struct map *m);
void map_free(struct map *m);
void *map_get(const struct map *m, const void *key);
/* Returns the previous value, or NULL. */
void *map_put(struct map *m, const void *key, void *val);

uint32_t hash_bytes(const char *s, size_t n);

#endif /* ASAC_MAP_H */

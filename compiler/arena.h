/* SPDX-License-Identifier: MIT */
#ifndef ASAC_ARENA_H
#define ASAC_ARENA_H

#include "asac.h"

/*
 * struct arena - bump allocator owning everything of one compilation:
 * tokens' strings, IR nodes, vectors and maps.  Nothing in it is freed on
 * its own; arena_free() releases it all at once (chibicc's policy, made
 * leak-free for the fuzzer).
 */
struct arena_block;
struct arena {
	struct arena_block *head;
	size_t used, total;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Forget everything allocated, keeping one block for reuse. */
void arena_reset(struct arena *a);
/* Zeroed, 8-byte aligned memory; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
#define arena_new(a, type) ((type *)arena_alloc((a), sizeof(type)))

/*
 * struct vec - growable array of pointers in an arena.  Growth copies into a
 * new block; the old one stays until arena_free() (bounded by 2x).
 */
struct vec {
	void **v;
	uint32_t n, cap;
};
void vec_push(struct arena *a, struct vec *v, void *p);
#define vec_foreach(vec, i, p) \
	for ((i) = 0; (i) < (vec)->n && (((p) = (vec)->v[i]), 1); (i)++)

#endif /* ASAC_ARENA_H */

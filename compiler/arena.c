/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE		/* madvise(MADV_HUGEPAGE) */
#include "asac.h"
#include "arena.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* @dirty: reused after arena_reset(), so allocations must be zeroed;
 * fresh blocks come from calloc() and are zero already. */
struct arena_block {
	struct arena_block *next;
	size_t size, used;
	bool dirty;
	max_align_t data[];
};

/* Blocks start small and double up to 8 MiB: small inputs stay small,
 * and a million-line configuration takes few, huge-page backed blocks. */
#define ARENA_MIN (64 * 1024)
#define ARENA_MAX (8 * 1024 * 1024)

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = a->total = 0;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->used = a->total = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	if (!b)
		return;
	for (next = b->next; next; next = b->next) {
		b->next = next->next;
		a->total -= next->size;
		free(next);
	}
	b->used = 0;
	b->dirty = true;
	a->used = 0;
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	void *p;

	size = (size + 7) & ~(size_t)7;
	if (!b || b->size - b->used < size) {
		size_t std = a->total < ARENA_MIN ? ARENA_MIN :
			     a->total > ARENA_MAX ? ARENA_MAX : a->total;
		size_t bs = size > std / 4 ? size : std;

		b = xcalloc(1, sizeof(*b) + bs);
		b->size = bs;
#ifdef MADV_HUGEPAGE
		if (bs >= ARENA_MAX)
			madvise((void *)(((uintptr_t)b + 4095) & ~(uintptr_t)4095),
				bs - 4096, MADV_HUGEPAGE);
#endif
		/* Big allocations get a block of their own behind the head,
		 * so the head keeps serving small ones. */
		if (bs != std && a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
		a->total += bs;
	}
	p = (char *)b->data + b->used;
	b->used += size;
	a->used += size;
	if (b->dirty)
		memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void vec_push(struct arena *a, struct vec *v, void *p)
{
	if (v->n == v->cap) {
		uint32_t cap = v->cap ? v->cap * 2 : 4;
		void **nv = arena_alloc(a, (size_t)cap * sizeof(void *));

		if (v->n)
			memcpy(nv, v->v, (size_t)v->n * sizeof(void *));
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = p;
}

/* SPDX-License-Identifier: MIT */
/* alloc.h — every allocation in the core goes through here, so tests can make the k-th fail. */
#ifndef SB_ALLOC_H
#define SB_ALLOC_H

#include <stddef.h>

void *sb_malloc(size_t n);
void *sb_calloc(size_t count, size_t size);
void *sb_realloc(void *p, size_t n);
/* Grows *p to hold at least need elements of size bytes, doubling; 0 on success, -1 on failure. */
int sb_grow(void *pp, size_t *cap, size_t need, size_t size);
char *sb_strdup(const char *s);
char *sb_strndup(const char *s, size_t n);
void sb_free(void *p);

/* Memory that one thread writes all the time (a worker's scratch, its summary) is allocated
 * apart: no SB_APART-byte block holding its bytes holds bytes of any other allocation. Cores move
 * lines between them in pairs (the adjacent-line prefetch), so writes to a neighbour 64 bytes away
 * still took the lines a reader on the other core needed: with a summary's counters next to the
 * bank, `score --summary` spent about 60 ms more CPU per million rows. Zeroed, as sb_calloc; freed
 * with sb_free_apart (NULL is fine). */
#define SB_APART 128
void *sb_calloc_apart(size_t count, size_t size);
void sb_free_apart(void *p);

/* A layout of several arrays in one allocation: carved with base NULL to count the size, then
 * again from the allocation (the same calls, in the same order). */
typedef struct {
	char *base;
	size_t size;
} sb_arena;
/* count elements of size bytes at the next multiple of align (a power of two); NULL while
 * counting. */
void *sb_carve(sb_arena *ar, size_t count, size_t size, size_t align);

/* Failure injection for tests: the k-th allocation from now (1-based) and all after it fail;
 * 0 turns injection off. Returns the number of allocations made since the last call. This is the
 * core's only process-wide state, and exists for tests alone. */
unsigned long sb_alloc_fail_after(unsigned long k);

#endif

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

/* Failure injection for tests: the k-th allocation from now (1-based) and all after it fail;
 * 0 turns injection off. Returns the number of allocations made since the last call. This is the
 * core's only process-wide state, and exists for tests alone. */
unsigned long sb_alloc_fail_after(unsigned long k);

#endif

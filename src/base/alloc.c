/* SPDX-License-Identifier: MIT */
/* alloc.c — the core's single allocation point, with failure injection for tests. */
#include "base/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Test-only state: the one exception to "no global state" (see alloc.h). Atomic, because `score`
 * reads on a second thread. */
static _Atomic unsigned long S_count;
static _Atomic unsigned long S_fail_at;

static int S_fail(void)
{
	unsigned long n = ++S_count;
	unsigned long at = S_fail_at;
	return at != 0 && n >= at;
}

unsigned long sb_alloc_fail_after(unsigned long k)
{
	unsigned long made = S_count;
	S_count = 0;
	S_fail_at = k;
	return made;
}

void *sb_malloc(size_t n)
{
	if (S_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *sb_calloc(size_t count, size_t size)
{
	if (S_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *sb_realloc(void *p, size_t n)
{
	if (S_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

int sb_grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 8;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return -1;
		c *= 2;
	}
	if (c > SIZE_MAX / size)
		return -1;
	void *q = sb_realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

char *sb_strndup(const char *s, size_t n)
{
	char *d = sb_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *sb_strdup(const char *s)
{
	return s ? sb_strndup(s, strlen(s)) : NULL;
}

void sb_free(void *p)
{
	free(p);
}

/* The start of the allocation is kept just before the aligned bytes handed out. */
void *sb_calloc_apart(size_t count, size_t size)
{
	size_t n = (count ? count : 1) * (size ? size : 1);
	if ((size && count > SIZE_MAX / size) || n > SIZE_MAX - 3 * SB_APART)
		return NULL;
	char *base = sb_calloc(1, n + 2 * SB_APART + sizeof(void *));
	if (!base)
		return NULL;
	uintptr_t at = ((uintptr_t)base + sizeof(void *) + SB_APART - 1) & ~(uintptr_t)(SB_APART - 1);
	char *p = base + (at - (uintptr_t)base);
	memcpy(p - sizeof(void *), &base, sizeof base);
	return p;
}

void sb_free_apart(void *p)
{
	if (!p)
		return;
	char *base;
	memcpy(&base, (char *)p - sizeof(void *), sizeof base);
	free(base);
}

void *sb_carve(sb_arena *ar, size_t count, size_t size, size_t align)
{
	ar->size = (ar->size + align - 1) & ~(align - 1);
	void *p = ar->base ? ar->base + ar->size : NULL;
	ar->size += count * size;
	return p;
}

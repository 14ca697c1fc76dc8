/* SPDX-License-Identifier: MIT */
/* test_extsort.c — the bounded external sort against qsort: records come back in (key, val)
 * order with their bytes, from memory, from runs on disk and through merge passes; keys that tie
 * come back by val whatever the order of adding; a sorter emptied with sb_xsort_reset sorts a
 * second set; the temporary file as an append-only file gives back what was written where it
 * said. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#include "data/extsort.h"

typedef struct {
	uint64_t key, val;
	char b[24];
	uint32_t len;
} S_rec;

static int S_cmp(const void *x, const void *y)
{
	const S_rec *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->val < b->val ? -1 : a->val > b->val;
}

/* n records with few distinct keys when `ties` (many equal keys), added in a shuffled order of
 * val; sorted with the budget; every record must come back in qsort's order. Returns the runs
 * the sorter wrote. */
static unsigned long S_sort_check(sb_xsort *s, size_t n, bool ties, unsigned seed)
{
	S_rec *r = calloc(n, sizeof *r);
	assert_non_null(r);
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		uint64_t k = ties ? (uint64_t)(seed >> 16) % 7 : (uint64_t)seed * 0x9E3779B97F4A7C15ULL;
		r[i].key = k << (ties ? 60 : 0);
		r[i].val = (uint64_t)((i * 7919) % n) + 1; /* each val once, not in order */
		r[i].len = (uint32_t)snprintf(r[i].b, sizeof r[i].b, "id-%llu", (unsigned long long)r[i].val);
		assert_int_equal(sb_xsort_add(s, r[i].key, r[i].val, r[i].b, r[i].len), 0);
	}
	qsort(r, n, sizeof *r, S_cmp);
	assert_int_equal(sb_xsort_read_begin(s), 0);
	uint64_t key, val;
	const char *b;
	uint32_t len;
	size_t i = 0;
	int got;
	while ((got = sb_xsort_read_next(s, &key, &val, &b, &len)) > 0) {
		assert_true(i < n);
		assert_true(key == r[i].key);
		assert_true(val == r[i].val);
		assert_int_equal(len, r[i].len);
		assert_memory_equal(b, r[i].b, len);
		i++;
	}
	assert_int_equal(got, 0);
	assert_int_equal(i, n);
	free(r);
	return s->runs_written;
}

static void test_in_memory(void **state)
{
	(void)state;
	sb_xsort s;
	sb_xsort_init(&s, 1 << 20, 56);
	assert_int_equal(S_sort_check(&s, 20000, false, 1), 0);
	sb_xsort_free(&s);
	/* equal keys by the thousand: buckets sorted by heapsort, by val */
	sb_xsort_init(&s, 1 << 20, 56);
	assert_int_equal(S_sort_check(&s, 20000, true, 2), 0);
	sb_xsort_free(&s);
}

static void test_runs_and_passes(void **state)
{
	(void)state;
	sb_xsort s;
	/* 2 KiB runs of some 60 records: a few runs, then more than one merge takes */
	sb_xsort_init(&s, 2048, 56);
	unsigned long runs = S_sort_check(&s, 2000, false, 3);
	assert_true(runs > 1 && runs < SB_XSORT_FANIN);
	sb_xsort_free(&s);
	sb_xsort_init(&s, 2048, 56);
	assert_true(S_sort_check(&s, 20000, true, 4) > SB_XSORT_FANIN);
	sb_xsort_free(&s);
}

/* Emptied, a sorter sorts another set: in memory after runs on disk, and on disk again. */
static void test_reset(void **state)
{
	(void)state;
	sb_xsort s;
	sb_xsort_init(&s, 4096, 56);
	unsigned long runs = S_sort_check(&s, 3000, false, 5);
	assert_true(runs > 1);
	sb_xsort_reset(&s);
	assert_int_equal(S_sort_check(&s, 50, false, 6), runs); /* in memory: no new run */
	sb_xsort_reset(&s);
	assert_true(S_sort_check(&s, 3000, true, 7) > runs);
	sb_xsort_free(&s);
}

static void test_append(void **state)
{
	(void)state;
	sb_xsort s;
	sb_xsort_init(&s, 0, 56);
	assert_int_equal(sb_xsort_flush(&s), 0); /* nothing yet: no file */
	assert_int_equal(s.fd, -1);
	char big[100000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 31);
	uint64_t o1, o2, o3;
	assert_int_equal(sb_xsort_append(&s, "head", 4, &o1), 0);
	assert_int_equal(sb_xsort_append(&s, big, sizeof big, &o2), 0); /* past the write buffer */
	assert_int_equal(sb_xsort_append(&s, "tail", 4, &o3), 0);
	assert_int_equal(o1, 0);
	assert_int_equal(o2, 4);
	assert_int_equal(o3, 4 + sizeof big);
	assert_int_equal(sb_xsort_flush(&s), 0);
	char back[sizeof big];
	assert_int_equal(pread(s.fd, back, 4, (off_t)o3), 4);
	assert_memory_equal(back, "tail", 4);
	assert_int_equal(pread(s.fd, back, sizeof big, (off_t)o2), (ssize_t)sizeof big);
	assert_memory_equal(back, big, sizeof big);
	sb_xsort_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_memory),
		cmocka_unit_test(test_runs_and_passes),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_append),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

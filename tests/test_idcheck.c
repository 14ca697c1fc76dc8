/* SPDX-License-Identifier: MIT */
/* test_idcheck.c — the bounded repeated-id check against a plain quadratic answer: every row whose
 * id repeats an earlier row's, in row order, with the first row of that id; in memory, with the
 * partitions' chunks on disk, with partitions too big to sort in memory (sorted runs on disk) and
 * with more runs than one merge takes (merged in several passes), with ids longer than a
 * partition's slice; and memory running out at each allocation in turn fails cleanly. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "support.h"

#include "base/alloc.h"
#include "data/idcheck.h"

/* Row r's id: n_distinct different ids, spread so that repeats come back far apart. */
static size_t S_id(char *out, unsigned long r, unsigned long n_distinct)
{
	unsigned long k = (r * 2654435761u) % n_distinct;
	return (size_t)snprintf(out, 32, "p%lu%s", k, k % 7 == 0 ? "-long-enough-for-two-words" : "");
}

/* Checks rows 1..n (ids from S_id) with the given budget against the quadratic answer. */
static void S_check(unsigned long n, unsigned long n_distinct, size_t budget, bool many_runs)
{
	long *first = calloc(n_distinct, sizeof *first);
	long *expect_first = calloc(n + 1, sizeof *expect_first);
	assert_non_null(first);
	assert_non_null(expect_first);
	sb_idcheck *c;
	sb_diags d = { 0 };
	assert_int_equal(sb_idcheck_new(budget, &c), SB_OK);
	for (unsigned long r = 1; r <= n; r++) {
		char id[32];
		size_t len = S_id(id, r, n_distinct);
		unsigned long k = (r * 2654435761u) % n_distinct;
		if (first[k])
			expect_first[r] = first[k];
		else
			first[k] = (long)r;
		assert_int_equal(sb_idcheck_add(c, id, len, (long)r, &d), SB_OK);
	}
	assert_int_equal(sb_idcheck_finish(c, &d), SB_OK);
	if (many_runs)
		assert_true(sb_idcheck_runs(c) > SB_IDCHECK_FANIN);
	else if (budget == 0)
		assert_int_equal(sb_idcheck_runs(c), 0);
	sb_idrepeat rep;
	unsigned long r = 1, got = 0, expected = 0;
	int st;
	while ((st = sb_idcheck_next(c, &rep, &d)) > 0) {
		while (r <= n && !expect_first[r])
			r++;
		assert_true(r <= n);
		assert_int_equal(rep.row, (long)r);
		assert_int_equal(rep.first, expect_first[r]);
		char id[32];
		size_t len = S_id(id, r, n_distinct);
		assert_int_equal(rep.id_len, len);
		assert_memory_equal(rep.id, id, len);
		r++;
		got++;
	}
	assert_int_equal(st, 0);
	for (unsigned long i = 1; i <= n; i++)
		expected += expect_first[i] != 0;
	assert_int_equal(got, expected);
	assert_int_equal(sb_idcheck_rows(c), n);
	assert_int_equal(d.n, 0);
	sb_idcheck_free(c);
	free(first);
	free(expect_first);
}

static void test_in_memory(void **state)
{
	(void)state;
	S_check(20000, 15000, 0, false);
	S_check(1, 1, 0, false);
}

static void test_no_rows(void **state)
{
	(void)state;
	sb_idcheck *c;
	sb_diags d = { 0 };
	assert_int_equal(sb_idcheck_new(0, &c), SB_OK);
	assert_int_equal(sb_idcheck_finish(c, &d), SB_OK);
	sb_idrepeat rep;
	assert_int_equal(sb_idcheck_next(c, &rep, &d), 0);
	sb_idcheck_free(c);
}

static void test_runs_on_disk(void **state)
{
	(void)state;
	/* a 4 KiB budget: 16 partitions of 256-byte chunks, each sorted in runs of 1 KiB */
	S_check(5000, 4000, 4096, false);
	/* every row the same id, and no id twice */
	S_check(3000, 1, 2048, false);
	S_check(3000, 3000, 2048, false);
}

static void test_full_buckets(void **state)
{
	(void)state;
	/* in memory, buckets far fuller than insertion sort suits (sorted by heapsort): one id on
	 * every row, three ids, forty; the first row of each id must still be the earliest. (An
	 * id's rows are all in one partition, which is sorted in memory up to a quarter of the
	 * budget, 512 KiB: 12,000 rows of one 28-byte id take 480 KB.) */
	S_check(12000, 1, 0, false);
	S_check(12000, 3, 0, false);
	S_check(5000, 40, 0, false);
	/* the same on disk, in runs of 1 KiB */
	S_check(6000, 2, 4096, false);
}

static void test_merge_passes(void **state)
{
	(void)state;
	/* 4 partitions of some 7,500 rows each, sorted in runs of 256 bytes: more than
	 * SB_IDCHECK_FANIN runs, merged in passes */
	S_check(30000, 20000, 1024, true);
}

/* Ids longer than a partition's slice (256 bytes with a 1 KiB budget) go to disk as chunks of
 * their own, between short ones; their repeats are found with the right first rows. */
static void test_long_ids(void **state)
{
	(void)state;
	sb_idcheck *c;
	sb_diags d = { 0 };
	assert_int_equal(sb_idcheck_new(1024, &c), SB_OK);
	char id[700];
	for (long r = 1; r <= 400; r++) {
		/* row r: id k = r % 50, 2..651 bytes long */
		long k = r % 50;
		size_t len = k % 2 ? (size_t)(2 + k) : (size_t)(300 + 7 * k);
		memset(id, 'a' + (int)(k % 26), len);
		id[0] = (char)('0' + k / 10);
		id[1] = (char)('0' + k % 10);
		assert_int_equal(sb_idcheck_add(c, id, len, r, &d), SB_OK);
	}
	assert_int_equal(sb_idcheck_finish(c, &d), SB_OK);
	sb_idrepeat rep;
	long want = 50; /* rows 1..49 and 50 are the first of each id: the repeats are 51..400 */
	int st;
	while ((st = sb_idcheck_next(c, &rep, &d)) > 0) {
		want++;
		assert_int_equal(rep.row, want);
		long k = want % 50;
		assert_int_equal(rep.first, k ? k : 50);
		assert_int_equal(rep.id_len, k % 2 ? (size_t)(2 + k) : (size_t)(300 + 7 * k));
		assert_int_equal(rep.id[0], '0' + k / 10);
		assert_int_equal(rep.id[rep.id_len - 1], 'a' + (int)(k % 26));
	}
	assert_int_equal(st, 0);
	assert_int_equal(want, 400);
	assert_int_equal(d.n, 0);
	sb_idcheck_free(c);
}

static void test_memory_runs_out(void **state)
{
	(void)state;
	for (unsigned long k = 1; k < 40; k++) {
		sb_diags d = { 0 };
		sb_idcheck *c = NULL;
		sb_alloc_fail_after(k);
		sb_status st = sb_idcheck_new(512, &c);
		for (long r = 1; st == SB_OK && r <= 200; r++)
			st = sb_idcheck_add(c, r % 3 ? "a" : "bb", r % 3 ? 1 : 2, r, &d);
		if (st == SB_OK)
			st = sb_idcheck_finish(c, &d);
		sb_idrepeat rep;
		while (st == SB_OK && sb_idcheck_next(c, &rep, &d) > 0)
			;
		sb_alloc_fail_after(0);
		assert_true(st == SB_OK || st == SB_ERR_INTERNAL);
		sb_idcheck_free(c);
		sb_diags_free(&d);
	}
}

/* TMPDIR names a folder that does not exist: the first run that has to go to disk fails with
 * SB_ERR_IO and a message naming the folder and the reason; in memory nothing is needed. */
static void test_tmpdir_missing(void **state)
{
	(void)state;
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	assert_int_equal(setenv("TMPDIR", "/nonexistent-securebase-dir", 1), 0);
	sb_idcheck *c;
	sb_diags d = { 0 };
	assert_int_equal(sb_idcheck_new(512, &c), SB_OK);
	sb_status st = SB_OK;
	long r = 1;
	for (; st == SB_OK && r <= 1000; r++) {
		char id[32];
		st = sb_idcheck_add(c, id, S_id(id, (unsigned long)r, 500), r, &d);
	}
	assert_int_equal(st, SB_ERR_IO);
	assert_true(r < 1000);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "/nonexistent-securebase-dir");
	assert_string_equal(d.v[0].message, "cannot write the temporary file of the repeated-id "
	                                    "check: No such file or directory");
	sb_idcheck_free(c);
	sb_diags_free(&d);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

/* The temporary file cannot grow past a size limit (a full disk, as RLIMIT_FSIZE makes one):
 * wherever the limit falls (the first run, a later run, a merge pass), the check fails with
 * SB_ERR_IO (or -1 from next) and one message naming the folder and the reason, and frees
 * everything; with room enough it finds every repeat. An empty TMPDIR means /tmp. */
static void test_disk_full(void **state)
{
	(void)state;
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	assert_int_equal(setenv("TMPDIR", "", 1), 0);
	struct rlimit was;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	void (*old_xfsz)(int) = signal(SIGXFSZ, SIG_IGN);
	int failed = 0, passed = 0;
	for (rlim_t lim = 1000; lim < 400000; lim = lim * 3 / 2) {
		struct rlimit rl = { .rlim_cur = lim, .rlim_max = was.rlim_max };
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
		sb_idcheck *c;
		sb_diags d = { 0 };
		assert_int_equal(sb_idcheck_new(1024, &c), SB_OK);
		sb_status st = SB_OK;
		for (long r = 1; st == SB_OK && r <= 4000; r++) {
			char id[32];
			st = sb_idcheck_add(c, id, S_id(id, (unsigned long)r, 3000), r, &d);
		}
		if (st == SB_OK)
			st = sb_idcheck_finish(c, &d);
		int n = 1, got = 0;
		sb_idrepeat rep;
		while (st == SB_OK && (n = sb_idcheck_next(c, &rep, &d)) > 0)
			got++;
		if (st != SB_OK || n < 0) {
			assert_true(st == SB_OK || st == SB_ERR_IO);
			assert_int_equal(d.n, 1);
			assert_string_equal(d.v[0].file, "/tmp");
			assert_string_equal(d.v[0].message, "cannot write the temporary file of the "
			                                    "repeated-id check: File too large");
			failed++;
		} else {
			assert_int_equal(got, 1000);
			assert_int_equal(d.n, 0);
			passed++;
		}
		sb_idcheck_free(c);
		sb_diags_free(&d);
	}
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	signal(SIGXFSZ, old_xfsz);
	assert_true(failed > 3 && passed > 0);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

/* Allocation failing at every step of a check that spills runs to disk and merges them: each
 * failure is SB_ERR_INTERNAL (nothing leaks); with enough, the repeats are all found. */
static void test_memory_runs_out_on_disk(void **state)
{
	(void)state;
	bool done = false;
	for (unsigned long k = 1; !done && k < 3000; k += 3) {
		sb_diags d = { 0 };
		sb_idcheck *c = NULL;
		sb_alloc_fail_after(k);
		sb_status st = sb_idcheck_new(512, &c);
		for (long r = 1; st == SB_OK && r <= 600; r++) {
			char id[32];
			st = sb_idcheck_add(c, id, S_id(id, (unsigned long)r, 400), r, &d);
		}
		if (st == SB_OK)
			st = sb_idcheck_finish(c, &d);
		sb_idrepeat rep;
		int got = 0, n;
		while (st == SB_OK && (n = sb_idcheck_next(c, &rep, &d)) != 0) {
			if (n < 0) {
				st = SB_ERR_INTERNAL;
				break;
			}
			got++;
		}
		sb_alloc_fail_after(0);
		assert_true(st == SB_OK || st == SB_ERR_INTERNAL);
		if (st == SB_OK) {
			assert_int_equal(got, 200);
			assert_true(sb_idcheck_runs(c) > 1);
			done = true;
		}
		sb_idcheck_free(c);
		sb_diags_free(&d);
	}
	assert_true(done);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_memory),
		cmocka_unit_test(test_no_rows),
		cmocka_unit_test(test_runs_on_disk),
		cmocka_unit_test(test_full_buckets),
		cmocka_unit_test(test_merge_passes),
		cmocka_unit_test(test_long_ids),
		cmocka_unit_test(test_memory_runs_out),
		cmocka_unit_test(test_tmpdir_missing),
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_memory_runs_out_on_disk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* test_summary_merge.c — `score --summary` on shards of one answers file and `summary merge` of
 * their summaries give the summary of one run over the whole file: counts, alpha, alpha if
 * dropped and item-total r exactly (they come from integer sums), and means, SDs, minima and
 * maxima to 1e-12 (compared at full precision through the sufficient statistics each summary
 * carries). 1, 2 and 7 shards, of
 * uneven sizes; and a file that is not a summary is refused. The header comes from `securebase
 * template`, so the test follows the embedded bank. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "score/summary.h"

#define S_ROWS 3000

static char *S_dir, *S_header, **S_rows;

/* Row r: answers from a fixed pseudo-random sequence with a per-row level (so the scales have
 * some reliability), about 3% empty. */
static char *S_row(int r, size_t n_items)
{
	sb_buf b = { 0 };
	unsigned long x = 2463534242UL + (unsigned long)r * 7919UL;
	int level = 1 + r % 7;
	sb_buf_printf(&b, "s%d", r);
	for (size_t i = 0; i < n_items; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		x &= 0xffffffffUL;
		int noise = (int)(x % 5) - 2, v = level + noise;
		v = sb_fit_answer(i, v < 1 ? 1 : v > 7 ? 7 : v);
		if (x % 97 < 3)
			sb_buf_puts(&b, ",");
		else
			sb_buf_printf(&b, ",%d", v);
	}
	sb_buf_putc(&b, '\n');
	return sb_buf_detach(&b, NULL);
}

static int S_setup(void **state)
{
	if (sb_embedded_setup(state) != 0)
		return -1;
	S_dir = sb_tmpdir();
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	char *nl = memchr(r.out, '\n', r.out_len);
	if (!nl)
		return -1;
	S_header = strndup(r.out, (size_t)(nl - r.out) + 1);
	size_t n_items = 0;
	for (const char *p = S_header; *p; p++)
		n_items += *p == ',';
	sb_run_free(&r);
	S_rows = calloc(S_ROWS, sizeof *S_rows);
	for (int i = 0; i < S_ROWS; i++)
		S_rows[i] = S_row(i, n_items);
	return 0;
}

static int S_teardown(void **state)
{
	for (int i = 0; i < S_ROWS; i++)
		sb_free(S_rows[i]);
	free(S_rows);
	free(S_header);
	sb_rmtree(S_dir);
	free(S_dir);
	return sb_embedded_teardown(state);
}

/* Scores rows [from, to) as one file with --summary (env: settings for the run, or NULL);
 * returns the summary's path. */
static char *S_score(int from, int to, const char *name, const char *const *env)
{
	char csv[64], js[64];
	snprintf(csv, sizeof csv, "%s.csv", name);
	snprintf(js, sizeof js, "%s.json", name);
	char *in = sb_join(S_dir, csv), *sum = sb_join(S_dir, js);
	FILE *fp = fopen(in, "w");
	assert_non_null(fp);
	fputs(S_header, fp);
	for (int i = from; i < to; i++)
		fputs(S_rows[i], fp);
	fclose(fp);
	const char *argv[] = { "securebase", "-q", "score", in, "-o", "/dev/null", "--summary", sum,
		               NULL };
	sb_run_result r = sb_run(argv, NULL, 0, env, NULL);
	assert_int_equal(r.status, 0);
	sb_run_free(&r);
	free(in);
	return sum;
}

static sb_summary *S_load(const char *path)
{
	size_t len;
	char *text = sb_read_file(path, &len);
	assert_non_null(text);
	sb_summary *s;
	sb_diags d = { 0 };
	assert_int_equal(sb_summary_new(sb_test_bank, &s), SB_OK);
	if (sb_summary_merge_json(s, text, len, path, &d) != SB_OK) {
		sb_print_diags(&d);
		fail_msg("%s does not load", path);
	}
	free(text);
	return s;
}

static void S_close(double a, double b, const char *what, size_t scale)
{
	if (isnan(a) && isnan(b))
		return;
	if (!(fabs(a - b) <= 1e-12 * (fabs(b) > 1 ? fabs(b) : 1)))
		fail_msg("scale %zu %s: merged %.17g, one run %.17g", scale, what, a, b);
}

static void S_same_double(double a, double b, const char *what, size_t scale)
{
	if (!(isnan(a) && isnan(b)) && a != b)
		fail_msg("scale %zu %s: merged %.17g, one run %.17g", scale, what, a, b);
}

static void S_same(const sb_summary *m, const sb_summary *o)
{
	sb_summary_totals tm, to;
	sb_summary_get_totals(m, &tm);
	sb_summary_get_totals(o, &to);
	assert_memory_equal(&tm, &to, sizeof tm);
	assert_int_equal(tm.scored, S_ROWS);
	const sb_bank *b = sb_test_bank;
	double dm[64], rm[64], d1[64], r1[64];
	for (size_t i = 0; i < b->n_scales; i++) {
		sb_scale_summary sm, so;
		sb_summary_get_scale(m, i, &sm);
		sb_summary_get_scale(o, i, &so);
		assert_int_equal(sm.n, so.n);
		assert_int_equal(sm.complete, so.complete);
		assert_true(so.complete > 100);
		for (size_t k = 0; k < b->scales[i].n_bands; k++)
			assert_int_equal(sm.band_counts[k], so.band_counts[k]);
		S_close(sm.mean, so.mean, "mean", i);
		S_close(sm.sd, so.sd, "sd", i);
		S_close(sm.min, so.min, "min", i);
		S_close(sm.max, so.max, "max", i);
		assert_true(b->scales[i].n_items <= 64);
		/* Alpha and its item figures come from exact integer sums: merged, they are the very
		 * same doubles as one run's. */
		S_same_double(sb_summary_alpha(m, i, dm, rm), sb_summary_alpha(o, i, d1, r1), "alpha", i);
		for (size_t k = 0; k < b->scales[i].n_items; k++) {
			S_same_double(dm[k], d1[k], "alpha if dropped", i);
			S_same_double(rm[k], r1[k], "r_drop", i);
		}
	}
}

/* Merges the shards' summaries with the binary and checks the result against one run. */
static void S_merge_check(const int *bounds, int n_shards)
{
	char *one = S_score(0, S_ROWS, "one", NULL);
	const char *argv[16] = { "securebase", "summary", "merge" };
	int argc = 3;
	char *paths[12];
	for (int k = 0; k < n_shards; k++) {
		char name[32];
		snprintf(name, sizeof name, "shard%d", k);
		paths[k] = S_score(bounds[k], bounds[k + 1], name, NULL);
		argv[argc++] = paths[k];
	}
	char *all = sb_join(S_dir, "all.json");
	argv[argc++] = "-o";
	argv[argc++] = all;
	argv[argc] = NULL;
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	sb_run_free(&r);
	sb_summary *m = S_load(all), *o = S_load(one);
	S_same(m, o);
	sb_summary_free(m);
	sb_summary_free(o);
	for (int k = 0; k < n_shards; k++)
		free(paths[k]);
	free(all);
	free(one);
}

static void test_one_shard(void **state)
{
	(void)state;
	static const int b[] = { 0, S_ROWS };
	S_merge_check(b, 1);
}

static void test_two_shards(void **state)
{
	(void)state;
	static const int b[] = { 0, 1111, S_ROWS };
	S_merge_check(b, 2);
}

static void test_seven_uneven_shards(void **state)
{
	(void)state;
	static const int b[] = { 0, 1, 3, 50, 700, 701, 2000, S_ROWS };
	S_merge_check(b, 7);
}

/* On two threads, each block's rows go into a summary of the block's own, absorbed in order:
 * the same summary as one thread's, with blocks of every size. */
static void test_blocks_and_one_thread(void **state)
{
	(void)state;
	const char *one_env[] = { "SECUREBASE_THREADS=1", NULL };
	char *one = S_score(0, S_ROWS, "one", one_env);
	sb_summary *o = S_load(one);
	/* blocks of 97 and 4000 bytes, and the default size (NULL) */
	const char *sizes[] = { "SECUREBASE_BLOCK=97", "SECUREBASE_BLOCK=4000", NULL };
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		const char *env[] = { sizes[i], NULL };
		char *two = S_score(0, S_ROWS, "two", env);
		sb_summary *t = S_load(two);
		S_same(t, o);
		sb_summary_free(t);
		free(two);
	}
	sb_summary_free(o);
	free(one);
}

static void test_not_a_summary(void **state)
{
	(void)state;
	char *bad = sb_join(S_dir, "bad.json"), *nope = sb_join(S_dir, "missing.json");
	sb_write_file(bad, "{\"schema\": 1}\n", 14);
	const char *argv[] = { "securebase", "summary", "merge", bad, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "bad.json: not a summary that can be merged: "));
	sb_run_free(&r);
	const char *argv2[] = { "securebase", "summary", "merge", nope, NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 66);
	sb_run_free(&r);
	const char *argv3[] = { "securebase", "summary", NULL };
	r = sb_run(argv3, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	sb_run_free(&r);
	free(bad);
	free(nope);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_shard),
		cmocka_unit_test(test_two_shards),
		cmocka_unit_test(test_seven_uneven_shards),
		cmocka_unit_test(test_blocks_and_one_thread),
		cmocka_unit_test(test_not_a_summary),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

/* SPDX-License-Identifier: MIT */
/* test_score_scale.c — `score` at scale: the bounded repeated-id check through the binary (the
 * same messages whether the ids stay in memory or go to sorted runs on disk), and
 * --no-duplicate-check (the same scores, no id messages). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static char *S_dir;

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	return S_dir ? 0 : -1;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	return 0;
}

/* n rows, ids r<i % distinct>, answers that vary. */
static char *S_input(const char *name, int n, int distinct)
{
	char *in = sb_join(S_dir, name);
	FILE *fp = fopen(in, "w");
	assert_non_null(fp);
	fputs("id,anx01,anx02,anx03,anx04,anx05,anx06,anx07,anx08\n", fp);
	for (int i = 0; i < n; i++)
		fprintf(fp, "r%d,%d,%d,%d,%d,,%d,%d,%d\n", (i * 7919) % distinct, 1 + i % 7, 1 + i % 5,
		        1 + i % 3, 6, 5, 4, 1 + i % 2);
	fclose(fp);
	return in;
}

static void test_repeats_from_disk_runs(void **state)
{
	(void)state;
	char *in = S_input("rep.csv", 8000, 3000);
	const char *argv[] = { "securebase", "score", in, NULL };
	const char *small[] = { "SECUREBASE_ID_BUDGET=1024", NULL };
	sb_run_result r1 = sb_run(argv, NULL, 0, NULL, NULL);
	sb_run_result r2 = sb_run(argv, NULL, 0, small, NULL);
	assert_int_equal(r1.status, 0);
	assert_int_equal(r2.status, 0);
	assert_int_equal(r1.out_len, r2.out_len);
	assert_memory_equal(r1.out, r2.out, r1.out_len);
	assert_string_equal(r1.err, r2.err);
	assert_true(sb_contains(r1.err, "8000 rows read, 8000 scored, 0 rejected; repeated ids: 5000\n"));
	/* row 2 holds r0 (i = 0); i = 3000 gives r0 again, on row 3002 */
	assert_true(sb_contains(r1.err, ":3002: id 'r0' repeats the id of row 2\n"));
	/* the messages come in row order */
	const char *a = strstr(r1.err, ":3002: "), *b = strstr(r1.err, ":3003: ");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	sb_run_free(&r1);
	sb_run_free(&r2);
	free(in);
}

static void test_no_duplicate_check(void **state)
{
	(void)state;
	char *in = S_input("nodup.csv", 500, 100);
	const char *argv1[] = { "securebase", "score", in, NULL };
	const char *argv2[] = { "securebase", "score", "--no-duplicate-check", in, NULL };
	sb_run_result r1 = sb_run(argv1, NULL, 0, NULL, NULL);
	sb_run_result r2 = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r1.status, 0);
	assert_int_equal(r2.status, 0);
	assert_int_equal(r1.out_len, r2.out_len);
	assert_memory_equal(r1.out, r2.out, r1.out_len);
	assert_true(sb_contains(r1.err, "repeated ids: 400\n"));
	assert_false(sb_contains(r2.err, "repeat"));
	assert_string_equal(r2.err, "securebase: 500 rows read, 500 scored, 0 rejected\n");
	sb_run_free(&r1);
	sb_run_free(&r2);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeats_from_disk_runs),
		cmocka_unit_test(test_no_duplicate_check),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

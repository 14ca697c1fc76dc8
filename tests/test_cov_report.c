/* SPDX-License-Identifier: MIT */
/* test_cov_report.c — `report` on the paths the other tests leave out: an id that repeats (the
 * first row is used, with a warning naming both rows), the wanted row rejected, an id that is not
 * there, and `--all` into a folder named with trailing slashes for 70 respondents (more names
 * than the first size of the table that keeps file names unique), with a repeated id. The
 * header comes from `securebase template`, so the test follows the embedded bank. Also `--all`
 * from standard input and with SECUREBASE_JOBS=0, with a rejected row and a report that cannot
 * be saved. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"

#include "base/buf.h"

static char *S_dir, *S_header;
static size_t S_items;

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	if (r.status != 0)
		return -1;
	S_header = strdup(r.out);
	for (const char *p = S_header; *p; p++)
		S_items += *p == ',';
	sb_run_free(&r);
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	free(S_header);
	return 0;
}

/* One row: id, then every item answered 1, the last one last_value. */
static void S_row(sb_buf *b, const char *id, int last_value)
{
	sb_buf_puts(b, id);
	for (size_t i = 1; i < S_items; i++)
		sb_buf_puts(b, ",1");
	sb_buf_printf(b, ",%d\n", last_value);
}

/* Writes the header and rows to NAME in the test folder; caller frees the path. */
static char *S_file(const char *name, const char *const *ids, const int *last, size_t n)
{
	sb_buf b = { 0 };
	sb_buf_puts(&b, S_header);
	for (size_t i = 0; i < n; i++)
		S_row(&b, ids[i], last[i]);
	char *path = sb_join(S_dir, name);
	sb_write_file(path, b.data, b.len);
	sb_buf_free(&b);
	return path;
}

static void test_repeated_and_rejected_ids(void **state)
{
	(void)state;
	const char *ids[] = { "a", "b", "a", "c" };
	const int last[] = { 1, 1, 1, 9 }; /* c's last item is out of range */
	char *in = S_file("dup.csv", ids, last, 4);
	char want[1200];

	const char *rep[] = { "securebase", "report", in, "--id", "a", "--format", "text", NULL };
	sb_run_result r = sb_run(rep, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	snprintf(want, sizeof want, "securebase: %s:4: id 'a' repeats row 2; the report uses row 2\n",
	         in);
	assert_string_equal(r.err, want);
	assert_true(r.out_len > 100);
	sb_run_free(&r);

	const char *rejected[] = { "securebase", "report", in, "--id", "c", NULL };
	r = sb_run(rejected, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_int_equal(r.out_len, 0);
	snprintf(want, sizeof want,
	         "securebase: the row with id 'c' could not be scored (row 5, column %zu: ", S_items + 1);
	assert_non_null(strstr(r.err, want));
	sb_run_free(&r);

	const char *absent[] = { "securebase", "report", in, "--id", "zz", NULL };
	r = sb_run(absent, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	snprintf(want, sizeof want, "securebase: no respondent with id 'zz' in %s\n", in);
	assert_string_equal(r.err, want);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	free(in);
}

static void test_all_into_folder_with_trailing_slashes(void **state)
{
	(void)state;
	enum { N = 70 };
	char *ids[N + 1];
	int last[N + 1];
	for (int i = 0; i < N; i++) {
		char id[16];
		snprintf(id, sizeof id, "r%02d", i);
		ids[i] = strdup(id);
		last[i] = 1;
	}
	ids[N] = strdup("r07"); /* a repeat: written as r07-2 */
	last[N] = 1;
	char *in = S_file("many.csv", (const char *const *)ids, last, N + 1);
	char *out = sb_join(S_dir, "out");
	char cmd[600];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", out);
	free(sb_sh(cmd));
	char slashes[600];
	snprintf(slashes, sizeof slashes, "%s///", out);
	const char *all[] = { "securebase", "report", in, "--all", "--out-dir", slashes,
		              "--format", "md", NULL };
	sb_run_result r = sb_run(all, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	char want[1400];
	snprintf(want, sizeof want,
	         "securebase: %s:%d: id 'r07' repeats row 9; written as r07-2.md\n"
	         "securebase: %d reports written to %s, 0 rows rejected\n",
	         in, N + 2, N + 1, slashes);
	assert_string_equal(r.err, want);
	sb_run_free(&r);
	/* every report is there, under its id */
	size_t n = 0;
	DIR *d = opendir(out);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, N + 1);
	for (int i = 0; i < N; i++) {
		char name[32];
		snprintf(name, sizeof name, "%s.md", ids[i]);
		char *p = sb_join(out, name);
		size_t len;
		char *text = sb_read_file(p, &len);
		assert_non_null(text);
		assert_true(len > 100);
		free(text);
		free(p);
	}
	char *p2 = sb_join(out, "r07-2.md");
	size_t len;
	char *text = sb_read_file(p2, &len);
	assert_non_null(text);
	free(text);
	free(p2);
	for (int i = 0; i <= N; i++)
		free(ids[i]);
	free(in);
	free(out);
}

/* --all from standard input and with SECUREBASE_JOBS=0 (one worker each), a rejected row: it is
 * named and the others written; until a report cannot be saved (a folder has its name): exit 73
 * with the reason. */
static void test_all_rejects_and_save_failure(void **state)
{
	(void)state;
	const char *ids[] = { "a", "b", "c" };
	const int last[] = { 1, 9, 1 }; /* b's last item is out of range */
	char *in = S_file("three.csv", ids, last, 3);
	size_t len;
	char *data = sb_read_file(in, &len);
	char *out = sb_join(S_dir, "three");
	char cmd[600];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/c.md'", out);
	free(sb_sh(cmd));
	/* from standard input (one worker), and from the file with SECUREBASE_JOBS=0 (one too) */
	const char *all[] = { "securebase", "report", "-", "--all", "--out-dir", out, "--format",
		              "md", NULL };
	const char *all2[] = { "securebase", "report", in, "--all", "--out-dir", out, "--format",
		               "md", NULL };
	const char *jobs0[] = { "SECUREBASE_JOBS=0", NULL };
	for (int k = 0; k < 2; k++) {
		sb_run_result r = k ? sb_run(all2, NULL, 0, jobs0, NULL)
		                    : sb_run(all, data, len, NULL, NULL);
		assert_int_equal(r.status, 73);
		char want[2000];
		snprintf(want, sizeof want,
		         "securebase: %s:3:%zu: saf04: value 9 is outside 1..3\n"
		         "securebase: %s/c.md: cannot write: it is a folder\n"
		         "securebase: 1 report written to %s, 1 row rejected\n",
		         k ? in : "-", S_items + 1, out, out);
		assert_string_equal(r.err, want);
		sb_run_free(&r);
		char *a = sb_join(out, "a.md");
		char *text = sb_read_file(a, NULL);
		assert_non_null(text);
		assert_true(sb_contains(text, "**ID**: a\\\n"));
		free(text);
		assert_int_equal(unlink(a), 0);
		free(a);
	}
	free(data);
	free(out);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeated_and_rejected_ids),
		cmocka_unit_test(test_all_into_folder_with_trailing_slashes),
		cmocka_unit_test(test_all_rejects_and_save_failure),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

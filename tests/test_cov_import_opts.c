/* SPDX-License-Identifier: MIT */
/* test_cov_import_opts.c — the survey-export options of `score` (src/cli/import_opts.c): each
 * bad value is a usage error with its exact message; a --columns mapping file, separated by
 * semicolons and with a line that maps nothing, scores a renamed column exactly as the plain file
 * scores; a mapping file that is missing (66), not CSV (65, at its row and column), without the
 * 'column' and 'item' headers (65), or long (a mapping file read in several pieces). The header
 * comes from `securebase template`, so the test follows the embedded bank. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

#include "base/buf.h"

static char *S_dir, *S_plain, *S_renamed, *S_first;

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	if (r.status != 0)
		return -1;
	/* the first item's id: between the first and second commas */
	const char *a = strchr(r.out, ',') + 1, *b = strpbrk(a, ",\n");
	S_first = strndup(a, (size_t)(b - a));
	sb_buf plain = { 0 }, renamed = { 0 };
	sb_buf_puts(&plain, r.out);
	sb_buf_put(&renamed, r.out, (size_t)(a - r.out));
	sb_buf_puts(&renamed, "Question one");
	sb_buf_puts(&renamed, b);
	size_t items = 0;
	for (const char *p = r.out; *p; p++)
		items += *p == ',';
	for (int row = 0; row < 3; row++) {
		sb_buf line = { 0 };
		sb_buf_printf(&line, "p%d", row);
		for (size_t i = 0; i < items; i++)
			sb_buf_printf(&line, ",%d", sb_fit_answer(i, 1 + (int)((i + (size_t)row) % 3)));
		sb_buf_putc(&line, '\n');
		sb_buf_put(&plain, line.data, line.len);
		sb_buf_put(&renamed, line.data, line.len);
		sb_buf_free(&line);
	}
	sb_run_free(&r);
	S_plain = sb_join(S_dir, "plain.csv");
	S_renamed = sb_join(S_dir, "renamed.csv");
	sb_write_file(S_plain, plain.data, plain.len);
	sb_write_file(S_renamed, renamed.data, renamed.len);
	sb_buf_free(&plain);
	sb_buf_free(&renamed);
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	free(S_plain);
	free(S_renamed);
	free(S_first);
	return 0;
}

static void test_bad_values_are_usage_errors(void **state)
{
	(void)state;
	static const struct {
		const char *opt, *value, *err;
	} cases[] = {
		{ "--id-column", "", "securebase: --id-column needs a column name\n" },
		{ "--delimiter", "|", "securebase: --delimiter takes ',' ';' or 'tab', not '|'\n" },
		{ "--encoding", "", "securebase: --encoding needs an encoding name, e.g. gb18030\n" },
		{ "--skip-rows", "-1", "securebase: --skip-rows takes a whole number from 0, not '-1'\n" },
		{ "--skip-rows", "x", "securebase: --skip-rows takes a whole number from 0, not 'x'\n" },
		{ "--skip-rows", "1000001",
		  "securebase: --skip-rows takes a whole number from 0, not '1000001'\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *argv[] = { "securebase", "score", S_plain, cases[i].opt, cases[i].value,
			               NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		if (r.status != 64 || strncmp(r.err, cases[i].err, strlen(cases[i].err)) != 0)
			print_message("case %zu: %d [%s]\n", i, r.status, r.err);
		assert_int_equal(r.status, 64);
		assert_true(strncmp(r.err, cases[i].err, strlen(cases[i].err)) == 0);
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
	}
}

/* Every spelling --delimiter takes for ';' and the tab reads the file as its comma twin does;
 * --missing with empty entries between its commas drops them; more bad --skip-rows values. */
static void test_delimiter_spellings(void **state)
{
	(void)state;
	const char *plain_argv[] = { "securebase", "-q", "score", S_plain, NULL };
	sb_run_result want = sb_run(plain_argv, NULL, 0, NULL, NULL);
	assert_int_equal(want.status, 0);
	char *text = sb_read_file(S_plain, NULL);
	static const struct {
		char sep;
		const char *opt;
	} cases[] = { { ';', ";" }, { '\t', "\t" }, { '\t', "tab" }, { '\t', "TAB" },
		      { '\t', "\\t" }, { ',', "," } };
	char *path = sb_join(S_dir, "sep.csv");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = strdup(text);
		for (char *p = t; *p; p++)
			if (*p == ',')
				*p = cases[i].sep;
		sb_write_file(path, t, strlen(t));
		free(t);
		const char *argv[] = { "securebase", "-q", "score", path, "--delimiter", cases[i].opt,
			               "--missing", ",NA,,-99,", NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		if (r.status != 0 || strcmp(r.out, want.out) != 0)
			fail_msg("--delimiter '%s': exit %d\n%s", cases[i].opt, r.status, r.err);
		sb_run_free(&r);
	}
	const char *bad[] = { "", "99999999999999999999", "3x" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *argv[] = { "securebase", "score", S_plain, "--skip-rows", bad[i], NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		char msg[160];
		snprintf(msg, sizeof msg, "securebase: --skip-rows takes a whole number from 0, not "
		         "'%s'\n", bad[i]);
		assert_int_equal(r.status, 64);
		assert_true(strncmp(r.err, msg, strlen(msg)) == 0);
		sb_run_free(&r);
	}
	free(path);
	free(text);
	sb_run_free(&want);
}

/* `score FILE --columns MAP`: the run (caller frees). */
static sb_run_result S_score_with(const char *in, const char *map_name, const char *map)
{
	char *path = sb_join(S_dir, map_name);
	if (map)
		sb_write_file(path, map, strlen(map));
	const char *argv[] = { "securebase", "score", in, "--columns", path, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	free(path);
	return r;
}

static void test_columns_file(void **state)
{
	(void)state;
	const char *plain[] = { "securebase", "score", S_plain, NULL };
	sb_run_result want = sb_run(plain, NULL, 0, NULL, NULL);
	assert_int_equal(want.status, 0);

	/* semicolons, and a line that maps nothing */
	char map[200];
	snprintf(map, sizeof map, "column;item\nQuestion one;%s\n;\n", S_first);
	sb_run_result r = S_score_with(S_renamed, "semi.csv", map);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, want.out_len);
	assert_memory_equal(r.out, want.out, want.out_len);
	assert_true(sb_contains(r.err, ", 1 by --columns, "));
	sb_run_free(&r);

	/* a long mapping file: many lines that map nothing first */
	sb_buf big = { 0 };
	sb_buf_puts(&big, "item,column,note\n");
	for (int i = 0; i < 3000; i++)
		sb_buf_printf(&big, ",,a codebook line left as it was %d\n", i);
	sb_buf_printf(&big, "%s,Question one,\n", S_first);
	r = S_score_with(S_renamed, "big.csv", big.data);
	sb_buf_free(&big);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, want.out_len);
	assert_memory_equal(r.out, want.out, want.out_len);
	sb_run_free(&r);
	sb_run_free(&want);

	char err[600];
	char *path = sb_join(S_dir, "nope.csv");
	r = S_score_with(S_renamed, "nope.csv", NULL);
	assert_int_equal(r.status, 66);
	snprintf(err, sizeof err, "securebase: %s: cannot open: No such file or directory\n", path);
	assert_string_equal(r.err, err);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	free(path);

	snprintf(map, sizeof map, "column,item\n\"Question one,%s\n", S_first);
	r = S_score_with(S_renamed, "quote.csv", map);
	assert_int_equal(r.status, 65);
	path = sb_join(S_dir, "quote.csv");
	snprintf(err, sizeof err, "securebase: %s:2:1: quoted field is never closed\n", path);
	assert_string_equal(r.err, err);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	free(path);

	snprintf(map, sizeof map, "col,itm\nQuestion one,%s\n", S_first);
	r = S_score_with(S_renamed, "heads.csv", map);
	assert_int_equal(r.status, 65);
	path = sb_join(S_dir, "heads.csv");
	snprintf(err, sizeof err,
	         "securebase: %s:1: the mapping file's header needs the columns 'column' and 'item'\n",
	         path);
	assert_string_equal(r.err, err);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_values_are_usage_errors),
		cmocka_unit_test(test_delimiter_spellings),
		cmocka_unit_test(test_columns_file),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

/* SPDX-License-Identifier: MIT */
/* test_cov_options.c — options and environment every report command shares: SOURCE_DATE_EPOCH
 * (a valid one dates the report, anything else is ignored for today's date), and the output
 * format read from -o FILE's name (dots in folder names and dot-files are no extension, an
 * unknown extension is text, "txt" names text, a contradiction is refused in both languages). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

#define S_IN "tests/data/report_answers.csv"

/* The Markdown report of r01 under env (may be NULL): its "**Date**: " value. */
static void S_date(const char *const *env, char out[16])
{
	char *in = sb_src_path(S_IN);
	const char *argv[] = { "securebase", "-q", "report", in, "--id", "r01", "--format", "md",
		               NULL };
	sb_run_result r = sb_run(argv, NULL, 0, env, NULL);
	assert_int_equal(r.status, 0);
	const char *at = strstr(r.out, "**Date**: ");
	assert_non_null(at);
	snprintf(out, 16, "%.10s", at + 10);
	sb_run_free(&r);
	free(in);
}

static void test_source_date_epoch(void **state)
{
	(void)state;
	char today[16], got[16];
	S_date(NULL, today);
	assert_true(strcmp(today, "2000-01-01") > 0);
	const char *zero[] = { "SOURCE_DATE_EPOCH=0", NULL };
	S_date(zero, got);
	assert_string_equal(got, "1970-01-01");
	const char *day[] = { "SOURCE_DATE_EPOCH=86400", NULL };
	S_date(day, got);
	assert_string_equal(got, "1970-01-02");
	const char *bad[] = { "", "abc", "12x", "-5", "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char e[64];
		snprintf(e, sizeof e, "SOURCE_DATE_EPOCH=%s", bad[i]);
		const char *env[] = { e, NULL };
		S_date(env, got);
		if (strcmp(got, today) != 0)
			fail_msg("%s: dated %s, not today (%s)", e, got, today);
	}
}

/* Writes r01's report to dir/name in lang, with --format format if not NULL; returns the run
 * and, in head, the file's first bytes ("(none)" when there is no file). */
static sb_run_result S_report_to(const char *dir, const char *name, const char *lang,
                                 const char *format, char *head, size_t head_size)
{
	char *in = sb_src_path(S_IN);
	char *out = sb_join(dir, name);
	const char *argv[14] = { "securebase", "-q", "--lang", lang, "report", in, "--id", "r01",
		                 "-o", out };
	size_t k = 10;
	if (format) {
		argv[k++] = "--format";
		argv[k++] = format;
	}
	argv[k] = NULL;
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	size_t len = 0;
	char *s = sb_read_file(out, &len);
	snprintf(head, head_size, "%s", s ? s : "(none)");
	free(s);
	free(out);
	free(in);
	return r;
}

static void test_format_from_name(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *sub = sb_join(dir, "notes.md");
	assert_int_equal(mkdir(sub, 0700), 0);
	char head[64];
	/* a dot in the folder's name, a dot-file, an unknown extension: text */
	const char *text_names[] = { "notes.md/report", ".md", "report.xyz", "notes.md/.html" };
	for (size_t i = 0; i < sizeof text_names / sizeof text_names[0]; i++) {
		sb_run_result r = S_report_to(dir, text_names[i], "en", NULL, head, sizeof head);
		if (r.status != 0 || strncmp(head, "Security in close relationships", 31) != 0)
			fail_msg("%s: exit %d, file starts '%s'", text_names[i], r.status, head);
		sb_run_free(&r);
	}
	/* "txt" is text's other name, for a .txt file too */
	sb_run_result r = S_report_to(dir, "r.txt", "en", "txt", head, sizeof head);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(head, "Security in close relationships", 31) == 0);
	sb_run_free(&r);
	/* a contradiction is a usage error, in the chosen language, and writes nothing */
	r = S_report_to(dir, "r.html", "en", "md", head, sizeof head);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--format md contradicts the output file"));
	assert_true(sb_contains(r.err, "whose name says html; drop --format or give the file a .md "
	                               "name"));
	assert_string_equal(head, "(none)");
	sb_run_free(&r);
	r = S_report_to(dir, "r.md", "zh", "txt", head, sizeof head);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--format text 与输出文件"));
	assert_true(sb_contains(r.err, "把文件改名为 .txt"));
	assert_string_equal(head, "(none)");
	sb_run_free(&r);
	sb_rmtree(dir);
	free(sub), free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_date_epoch),
		cmocka_unit_test(test_format_from_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

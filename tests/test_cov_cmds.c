/* SPDX-License-Identifier: MIT */
/* test_cov_cmds.c — the commands' less travelled paths through the binary: score's
 * temporary file of sav and dta in a $TMPDIR that does not exist (or is empty: /tmp), --keep
 * names beside and clashing with output columns (in both languages), --decimals out of range;
 * report --all into a path that is a file, and from standard input named /dev/stdin (one worker,
 * the same files); the counsellor's scoring rules of a bank whose scales differ; validate with
 * --bank and files; a paper form for a scale too wide for boxes; REDCap choices whose labels
 * hold the separator or line breaks; a couple comparison with a partner who cannot be placed. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define S_IN "tests/data/answers_small.csv"

static sb_run_result S_run(const char *const *argv, const char *const *env)
{
	return sb_run(argv, NULL, 0, env, NULL);
}

/* sav and dta spill the scored rows to a temporary file in $TMPDIR: one that does not exist is
 * a "cannot create" (73) naming it, and no output is left; an empty TMPDIR means /tmp. */
static void test_stat_spill_tmpdir(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *in = sb_src_path(S_IN);
	char *out = sb_join(dir, "scores.sav");
	char *dta = sb_join(dir, "scores.dta");
	const char *argv[] = { "securebase", "-q", "score", in, "-o", out, NULL };
	const char *gone[] = { "TMPDIR=/nonexistent/securebase", NULL };
	sb_run_result r = S_run(argv, gone);
	assert_int_equal(r.status, 73);
	assert_true(sb_contains(r.err, "cannot create a temporary file in /nonexistent/securebase: "
	                               "No such file or directory"));
	assert_null(sb_read_file(out, NULL));
	sb_run_free(&r);
	const char *argv2[] = { "securebase", "-q", "score", in, "--format", "dta", "-o", dta, NULL };
	const char *empty[] = { "TMPDIR=", NULL };
	r = S_run(argv2, empty);
	assert_int_equal(r.status, 65); /* the fixture's bad rows, reported; the others scored */
	size_t len = 0;
	char *got = sb_read_file(dta, &len);
	assert_non_null(got);
	assert_true(len > 100);
	assert_true(strncmp(got, "<stata_dta>", 11) == 0);
	free(got);
	sb_run_free(&r);
	sb_rmtree(dir);
	free(in), free(out), free(dta), free(dir);
}

/* A kept column may start with a scale's id (anxiety_note) as long as it is not one of the
 * output's own columns (anxiety, anxiety_band, …, style, flags): those are usage errors, in the
 * chosen language. */
static void test_keep_names(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *src = sb_src_path(S_IN);
	char *csv = sb_read_file(src, NULL);
	char *note = strstr(csv, ",note");
	assert_non_null(note);
	/* rename the header's "note" column to "anxiety_note" */
	size_t head = (size_t)(note - csv) + 1;
	char *edited = malloc(strlen(csv) + 16);
	memcpy(edited, csv, head);
	strcpy(edited + head, "anxiety_");
	strcpy(edited + head + 8, csv + head);
	char *in = sb_join(dir, "in.csv");
	sb_write_file(in, edited, strlen(edited));
	const char *argv[] = { "securebase", "-q", "score", in, "--keep", "anxiety_note,site", NULL };
	sb_run_result r = S_run(argv, NULL);
	assert_int_equal(r.status, 65);
	assert_true(strncmp(r.out, "id,anxiety_note,site,anxiety,anxiety_band,", 42) == 0);
	assert_true(sb_contains(r.out, "\np02,all 4,A,4.00,moderate,8/8,"));
	sb_run_free(&r);
	const char *clash[] = { "flags", "style", "anxiety", "anxiety_items" };
	for (size_t i = 0; i < sizeof clash / sizeof clash[0]; i++) {
		const char *a[] = { "securebase", "-q", "score", in, "--keep", clash[i], NULL };
		r = S_run(a, NULL);
		assert_int_equal(r.status, 64);
		char want[128];
		snprintf(want, sizeof want, "--keep column '%s' has the name of an output column",
		         clash[i]);
		assert_true(sb_contains(r.err, want));
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
	}
	const char *zh[] = { "securebase", "--lang", "zh", "-q", "score", in, "--keep", "flags", NULL };
	r = S_run(zh, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--keep 的列 'flags' 与一个输出列同名"));
	sb_run_free(&r);
	sb_rmtree(dir);
	free(src), free(csv), free(edited), free(in), free(dir);
}

static void test_decimals_range(void **state)
{
	(void)state;
	char *in = sb_src_path(S_IN);
	const char *bad[] = { "10", "-1", "", "2x", "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *argv[] = { "securebase", "-q", "score", in, "--decimals", bad[i], NULL };
		sb_run_result r = S_run(argv, NULL);
		assert_int_equal(r.status, 64);
		char want[160];
		snprintf(want, sizeof want, "--decimals takes a whole number from 0 to 9, not '%s'",
		         bad[i]);
		assert_true(sb_contains(r.err, want));
		sb_run_free(&r);
	}
	free(in);
}

/* --all needs a folder: a file in its place is refused (73) and left alone. */
static void test_report_all_into_file(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *in = sb_src_path(S_IN);
	char *file = sb_join(dir, "reports");
	sb_write_file(file, "keep", 4);
	const char *argv[] = { "securebase", "-q", "report", in, "--all", "--out-dir", file, NULL };
	sb_run_result r = S_run(argv, NULL);
	assert_int_equal(r.status, 73);
	char want[512];
	snprintf(want, sizeof want, "%s: not a folder", file);
	assert_true(sb_contains(r.err, want));
	char *s = sb_read_file(file, NULL);
	assert_string_equal(s, "keep");
	free(s);
	sb_run_free(&r);
	sb_rmtree(dir);
	free(in), free(file), free(dir);
}

/* --all from a pipe named /dev/stdin: read by one worker, with the same files and messages as
 * from the file itself (the repeated id written under a second name). */
static void test_report_all_from_pipe(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *in = sb_src_path(S_IN);
	char *csv = sb_read_file(in, NULL);
	const char *argv[] = { "securebase", "-q", "report", "/dev/stdin", "--all", "--out-dir",
		               dir, NULL };
	sb_run_result r = sb_run(argv, csv, strlen(csv), NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "/dev/stdin:9: id 'p02' repeats row 3; written as p02-2.txt"));
	assert_true(sb_contains(r.err, "/dev/stdin:14:2: id: empty id"));
	sb_run_free(&r);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "ls '%s' | tr '\\n' ' '", dir);
	char *ls = sb_sh(cmd);
	assert_string_equal(ls, "=cmd().txt a, _quoted_.txt p01.txt p02-2.txt p02.txt p09.txt p11.txt ");
	free(ls);
	sb_rmtree(dir);
	free(csv), free(in), free(dir);
}

/* A bank whose scales are scored differently (a mean and a sum, different minimum shares): the
 * counsellor's scoring rules give each scale its own sentence. */
static void test_counsellor_rules_per_scale(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *bank = sb_src_path("tests/banks/scoring_basic.yaml");
	char *in = sb_join(dir, "a.csv");
	const char *csv = "id,t01,t02,t03,t04,t05,t06,t07,t08,t09,t10,s1,s2,s3,s4\n"
	                  "r1,1,2,3,4,5,1,2,3,4,5,1,2,3,4\n";
	sb_write_file(in, csv, strlen(csv));
	const char *argv[] = { "securebase", "-q", "--bank", bank, "report", in, "--id", "r1",
		               "--audience", "counsellor", "--format", "md", NULL };
	sb_run_result r = S_run(argv, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "Ten: the mean of the keyed values of the answered items (10 "
	                               "items, range 1–5), scored only when at least 80% are "
	                               "answered. Total: the sum of the keyed values of the answered "
	                               "items (4 items, range 4–20), scored only when at least 75% "
	                               "are answered."));
	sb_run_free(&r);
	sb_rmtree(dir);
	free(bank), free(in), free(dir);
}

/* validate checks the bank --bank names as well as the files given, --bank's first. */
static void test_validate_bank_and_files(void **state)
{
	(void)state;
	char *basic = sb_src_path("tests/banks/scoring_basic.yaml");
	char *minimal = sb_src_path("tests/banks/minimal.yaml");
	const char *argv[] = { "securebase", "--bank", basic, "validate", minimal, NULL };
	sb_run_result r = S_run(argv, NULL);
	assert_int_equal(r.status, 0);
	char want[2048];
	snprintf(want, sizeof want, "%s: bank scoring_basic 0.0.1: 2 scales, 14 items, languages: "
	         "en\n%s: bank minimal 0.1: 2 scales, 5 items, languages: zh en\n", basic, minimal);
	assert_string_equal(r.out, want);
	sb_run_free(&r);
	free(basic), free(minimal);
}

/* A paper form for a response scale of 15 values: a blank with the range to write in, not a
 * row of boxes that would not fit a line. */
static void test_form_wide_scale(void **state)
{
	(void)state;
	char *bank = sb_src_path("tests/banks/wide_scale.yaml");
	const char *argv[] = { "securebase", "--bank", bank, "form", "--format", "md", NULL };
	sb_run_result r = S_run(argv, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "\n1\\. Item t01.\n\nt01   Answer: \\_\\_\\_\\_\\_\\_\\_\\_ "
	                               "(-2–12)\n"));
	assert_false(sb_contains(r.out, "□"));
	sb_run_free(&r);
	free(bank);
}

/* REDCap's choices are "value, label | value, label": a '|' inside a label becomes '/', and its
 * line breaks spaces, so that the list still parses. */
static void test_redcap_label_separators(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *src = sb_src_path("tests/banks/minimal.yaml");
	char *yaml = sb_read_file(src, NULL);
	const char *from = "1: {zh: 不同意, en: Disagree}";
	char *at = strstr(yaml, from);
	assert_non_null(at);
	sb_buf b = { 0 };
	sb_buf_put(&b, yaml, (size_t)(at - yaml));
	sb_buf_puts(&b, "1: {zh: 不同意, en: \"Dis|agree\\nnow\\rx\"}");
	sb_buf_puts(&b, at + strlen(from));
	char *bank = sb_join(dir, "bank.yaml");
	sb_write_file(bank, b.data, b.len);
	const char *argv[] = { "securebase", "--bank", bank, "template", "--format", "redcap", NULL };
	sb_run_result r = S_run(argv, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, ",\"1, Dis/agree now x | 2, Disagree a little | 3, Agree a "
	                               "little | 4, Agree\","));
	sb_run_free(&r);
	sb_buf_free(&b);
	sb_rmtree(dir);
	free(src), free(yaml), free(bank), free(dir);
}

/* A couple where one partner left the avoidance items blank: that partner cannot be placed on
 * the style chart, which the Markdown report says and the JSON shows as null style fields (and
 * the missing-answers flag); a retest of the same two rows is still made. */
static void test_compare_unplaced_partner(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *bank = sb_src_path("tests/data/compare_bank.yaml");
	char *in = sb_join(dir, "pair.csv");
	const char *csv = "id,an1,av1,hu1,an2,av2,hu2,an3,av3,hu3,an4,av4,hu4\n"
	                  "t1,6,2,5,5,2,5,6,2,5,3,6,5\n"
	                  "t2,3,,4,3,,5,3,,4,5,,5\n";
	sb_write_file(in, csv, strlen(csv));
	const char *md[] = { "securebase", "-q", "--bank", bank, "compare", in, "--ids", "t1,t2",
		             "--consent", "--format", "md", NULL };
	sb_run_result r = S_run(md, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "- **t2**: cannot be placed (an attachment scale was not "
	                               "scored)\n"));
	assert_true(sb_contains(r.out, "## Scales that could not be scored"));
	sb_run_free(&r);
	const char *js[] = { "securebase", "-q", "--bank", bank, "compare", in, "--ids", "t1,t2",
		             "--consent", "--format", "json", "--audience", "counsellor", NULL };
	r = S_run(js, NULL);
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *root = json_loads(r.out, 0, &je);
	assert_non_null(root);
	json_t *t2 = json_array_get(json_object_get(root, "people"), 1);
	assert_string_equal(json_string_value(json_object_get(t2, "id")), "t2");
	json_t *style = json_object_get(t2, "style");
	assert_true(json_is_null(json_object_get(style, "id")));
	assert_true(json_is_null(json_object_get(style, "avoidance")));
	assert_true(json_is_false(json_object_get(style, "near_boundary")));
	assert_true(json_is_true(json_object_get(json_object_get(json_object_get(t2, "flags"),
	                                                         "missing"), "flagged")));
	json_decref(root);
	sb_run_free(&r);
	const char *re[] = { "securebase", "-q", "--bank", bank, "compare", in, "--ids", "t2,t1",
		             "--mode", "retest", "--format", "html", NULL };
	r = S_run(re, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "</html>"));
	sb_run_free(&r);
	sb_rmtree(dir);
	free(bank), free(in), free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_spill_tmpdir),
		cmocka_unit_test(test_keep_names),
		cmocka_unit_test(test_decimals_range),
		cmocka_unit_test(test_report_all_into_file),
		cmocka_unit_test(test_report_all_from_pipe),
		cmocka_unit_test(test_counsellor_rules_per_scale),
		cmocka_unit_test(test_validate_bank_and_files),
		cmocka_unit_test(test_form_wide_scale),
		cmocka_unit_test(test_redcap_label_separators),
		cmocka_unit_test(test_compare_unplaced_partner),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

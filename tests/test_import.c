/* SPDX-License-Identifier: MIT */
/* test_import.c — survey-platform exports scored end to end (tests/data/import/: Google Forms in
 * English and Chinese, Qualtrics, LimeSurvey, REDCap, SurveyJS, WJX, Excel as UTF-8 with BOM and
 * CRLF, with semicolons, as GBK and as UTF-16, pandas, CR-only line ends): each must score exactly
 * as the same answers in plain form (tests/data/import/plain.csv), id column aside. Then header
 * mistakes (exact messages, exit 65, nothing written) for score, report and compare; the
 * mapping file; the formula guard and ids; and the pieces (folding, sniffing, cells) directly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#include "base/alloc.h"
#include "data/import.h"

typedef struct {
	char *bank, *dir, *plain_scores;
} S_fix;

static char *S_data(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/data/import/%s", name);
	return sb_src_path(rel);
}

/* Each output line without its first cell (the id), so platforms' ids compare equal. */
static char *S_drop_ids(const char *csv)
{
	size_t n = strlen(csv);
	char *out = malloc(n + 1), *o = out;
	for (const char *p = csv; *p;) {
		const char *eol = strchr(p, '\n');
		const char *e = eol ? eol + 1 : p + strlen(p);
		const char *comma = memchr(p, ',', (size_t)(e - p));
		const char *from = comma ? comma + 1 : p;
		memcpy(o, from, (size_t)(e - from));
		o += e - from;
		p = e;
	}
	*o = '\0';
	return out;
}

static int S_setup(void **state)
{
	S_fix *f = calloc(1, sizeof *f);
	f->bank = S_data("bank.yaml");
	f->dir = sb_tmpdir();
	char *plain = S_data("plain.csv");
	const char *argv[] = { "securebase", "--bank", f->bank, "score", plain, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	/* a plain file says nothing but the counts */
	assert_string_equal(r.err, "securebase: 8 rows read, 8 scored, 0 rejected\n");
	f->plain_scores = S_drop_ids(r.out);
	sb_run_free(&r);
	free(plain);
	*state = f;
	return 0;
}

static int S_teardown(void **state)
{
	S_fix *f = *state;
	sb_rmtree(f->dir);
	free(f->dir);
	free(f->bank);
	free(f->plain_scores);
	free(f);
	return 0;
}

/* Scores fixture name with the extra arguments (NULL-terminated) and checks that it scores as the
 * plain file does and that stderr holds each of the expected lines. */
static void S_fixture(S_fix *f, const char *name, const char *const *extra,
                      const char *const *expect_err)
{
	char *path = S_data(name);
	const char *argv[16] = { "securebase", "--bank", f->bank, "score" };
	size_t k = 4;
	for (; extra && *extra; extra++)
		argv[k++] = *extra;
	argv[k++] = path;
	argv[k] = NULL;
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	if (r.status != 0)
		fail_msg("%s: exit %d\n%s", name, r.status, r.err);
	char *got = S_drop_ids(r.out);
	if (strcmp(got, f->plain_scores) != 0)
		fail_msg("%s scores differently from plain.csv:\n%s\n--- plain:\n%s", name, got,
		         f->plain_scores);
	for (; expect_err && *expect_err; expect_err++)
		if (!sb_contains(r.err, *expect_err))
			fail_msg("%s: stderr lacks '%s':\n%s", name, *expect_err, r.err);
	assert_true(sb_contains(r.err, "securebase: 8 rows read, 8 scored, 0 rejected\n"));
	free(got);
	free(path);
	sb_run_free(&r);
}

#define S_ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_google_forms(void **state)
{
	S_fix *f = *state;
	/* question texts as headers, a grid "Question [statement]", labels as answers, a timestamp */
	S_fixture(f, "google_forms_en.csv", S_ARGS("--id-column", "Email Address"),
	          S_ARGS("securebase: import: separator ',', encoding UTF-8, id column 'Email Address'; "
	                 "item columns: 0 by id, 0 by --columns, 3 by code, 3 by question text\n",
	                 "securebase: import: 1 column ignored: 'Timestamp'\n"));
	/* the same in Chinese; one header has a half-width comma where the bank has a full-width one */
	S_fixture(f, "google_forms_zh.csv", S_ARGS("--id-column", "电子邮件地址"),
	          S_ARGS("3 by code, 3 by question text\n", "1 column ignored: '时间戳记'\n"));
}

static void test_qualtrics(void **state)
{
	S_fix *f = *state;
	/* three header rows found without an option; ResponseId found as the id */
	S_fixture(f, "qualtrics.csv", NULL,
	          S_ARGS("2 header rows skipped (Qualtrics), id column 'ResponseId'; item columns: 6 by id",
	                 "16 columns ignored: 'StartDate', 'EndDate', "));
	/* --skip-rows 0 reads them as data: the question texts are not answers */
	char *path = S_data("qualtrics.csv");
	const char *argv[] = { "securebase", "--bank", f->bank, "score", "--skip-rows", "0", path, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, ":2:18: anx01: value 'Relationship feelings - ...' is not an "
	                               "integer or a response label\n"));
	assert_true(sb_contains(r.err, "securebase: 10 rows read, 8 scored, 2 rejected\n"));
	sb_run_free(&r);
	free(path);
}

static void test_other_platforms(void **state)
{
	S_fix *f = *state;
	S_fixture(f, "limesurvey.csv", NULL, S_ARGS("id column 'id'; item columns: 0 by id, 0 by --columns, 6 by code"));
	S_fixture(f, "redcap.csv", NULL,
	          S_ARGS("id column 'record_id'", "4 columns ignored: 'redcap_event_name', "));
	S_fixture(f, "surveyjs.csv", NULL, S_ARGS("id column 'respondent_id'", "6 by code"));
	S_fixture(f, "wjx.csv", S_ARGS("--missing", "(跳过),(空)"),
	          S_ARGS("encoding UTF-8 with BOM, id column '序号'", "6 by question text\n",
	                 "5 columns ignored: '提交答卷时间', '所用时间', '来源', '来源详情', '来自IP'\n"));
	/* without --missing, WJX's "(跳过)" is no answer the bank knows */
	char *path = S_data("wjx.csv");
	const char *argv[] = { "securebase", "--bank", f->bank, "score", path, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, ":3:9: 3、我需要对方一再表示在乎我。: value '(跳过)' is not an "
	                               "integer or a response label\n"));
	sb_run_free(&r);
	free(path);
}

static void test_spreadsheets(void **state)
{
	S_fix *f = *state;
	/* Excel's "CSV UTF-8" is the plain case: no summary line at all */
	S_fixture(f, "excel_utf8_bom_crlf.csv", NULL, NULL);
	S_fixture(f, "excel_semicolon.csv", NULL, S_ARGS("separator ';' (detected), encoding UTF-8"));
	S_fixture(f, "excel_semicolon.csv", S_ARGS("--delimiter", ";"),
	          S_ARGS("separator ';', encoding UTF-8"));
	S_fixture(f, "excel_gbk.csv", S_ARGS("--encoding", "gb18030"),
	          S_ARGS("encoding GB18030", "1 column ignored: '备注'\n"));
	S_fixture(f, "utf16.csv", NULL, S_ARGS("separator TAB (detected), encoding UTF-16LE"));
	S_fixture(f, "pandas.csv", NULL, S_ARGS("1 column ignored: ''\n"));
	S_fixture(f, "cr_only.csv", NULL, S_ARGS("CR line ends"));
	/* GBK read as UTF-8: stops at once and names the option */
	char *path = S_data("excel_gbk.csv");
	const char *argv[] = { "securebase", "--bank", f->bank, "score", path, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	char expect[1024];
	snprintf(expect, sizeof expect, "securebase: %s:1: not valid UTF-8, but it reads as GB18030/GBK (as Excel "
	         "saves CSV in a Chinese locale): add --encoding gb18030\n", path);
	assert_string_equal(r.err, expect);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	/* an encoding iconv does not know is a usage error */
	const char *argv2[] = { "securebase", "--bank", f->bank, "score", "--encoding", "klingon", path,
		                NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "unknown encoding 'klingon'"));
	sb_run_free(&r);
	free(path);
}

/* The plain file with its header replaced: runs cmd (score, report or compare) on it and checks
 * the exit status 65 and the exact stderr. */
static void S_header_case(S_fix *f, const char *header, const char *expect)
{
	char *plain = S_data("plain.csv");
	char *text = sb_read_file(plain, NULL);
	const char *rows = strchr(text, '\n') + 1;
	char *in = sb_join(f->dir, "header.csv"), *out = sb_join(f->dir, "never.csv");
	char *data = malloc(strlen(header) + strlen(rows) + 2);
	sprintf(data, "%s\n%s", header, rows);
	sb_write_file(in, data, strlen(data));
	char lines[2048], full[4096];
	snprintf(lines, sizeof lines, expect, in, in, in, in);
	/* every line of an error starts "securebase: " */
	full[0] = '\0';
	for (char *line = lines, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		strcat(full, "securebase: ");
		strncat(full, line, (size_t)(nl - line) + 1);
	}
	const char *const cmds[3][8] = {
		{ "score", in, "-o", out, NULL },
		{ "report", in, "--id", "r1", "-o", out, NULL },
		{ "compare", in, "--ids", "r1,r2", "--consent", "-o", out, NULL },
	};
	for (int c = 0; c < 3; c++) {
		const char *argv[12] = { "securebase", "--bank", f->bank };
		size_t k = 3;
		for (const char *const *a = cmds[c]; *a; a++)
			argv[k++] = *a;
		argv[k] = NULL;
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		if (r.status != 65 || strcmp(r.err, full) != 0)
			fail_msg("%s with header '%s': exit %d, stderr:\n%s\nexpected:\n%s", cmds[c][0],
			         header, r.status, r.err, full);
		assert_int_equal(access(out, F_OK), -1); /* nothing written */
		sb_run_free(&r);
	}
	free(data);
	free(in);
	free(out);
	free(text);
	free(plain);
}

#define S_HINT "%s:1: 1 of 6 items have no column: rename the columns, map them with --columns " \
	       "FILE.csv, or score without them with --allow-missing-items\n"

static void test_header_mistakes(void **state)
{
	S_fix *f = *state;
	/* another case */
	S_header_case(f, "id,ANX01,anx02,anx03,avo01,avo02,avo03",
	              "%s:1:2: no column for item anx01; did you mean 'ANX01' (column 2)?\n" S_HINT);
	/* no zero-padding */
	S_header_case(f, "id,anx02,anx1,anx03,avo01,avo02,avo03",
	              "%s:1:3: no column for item anx01; did you mean 'anx1' (column 3)?\n" S_HINT);
	/* a slip of one letter */
	S_header_case(f, "id,anx01,anx02,anx03,avo01,avo02,avoO3",
	              "%s:1:7: no column for item avo03; did you mean 'avoO3' (column 7)?\n" S_HINT);
	/* nothing close */
	S_header_case(f, "id,anx01,anx02,anx03,avo01,avo02,q6",
	              "%s:1: no column for item avo03\n" S_HINT);
	/* two missing, each with its suggestion */
	S_header_case(f, "id,Anx01,anx02,anx03,avo01,avo02,avo3",
	              "%s:1:2: no column for item anx01; did you mean 'Anx01' (column 2)?\n"
	              "%s:1:7: no column for item avo03; did you mean 'avo3' (column 7)?\n"
	              "%s:1: 2 of 6 items have no column: rename the columns, map them with --columns "
	              "FILE.csv, or score without them with --allow-missing-items\n");
}

static void test_allow_missing_and_columns(void **state)
{
	S_fix *f = *state;
	char *in = sb_join(f->dir, "partial.csv"), *map = sb_join(f->dir, "map.csv");
	const char *text = "who,Q1,Q2,Q3,Q4,Q5,extra\nr1,4,5,3,2,1,x\n";
	sb_write_file(in, text, strlen(text));
	/* --allow-missing-items: the old rule, and the summary names the items */
	const char *argv[] = { "securebase", "--bank", f->bank, "score", "--id-column", "who",
		               "--allow-missing-items", in, NULL };
	const char *m = "column,item\nQ1,anx01\nQ2,anx02\nQ3,anx03\nQ4,avo01\nQ5,avo02\n";
	sb_write_file(map, m, strlen(m));
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65); /* Q1..Q5 are not items: nothing of the bank */
	assert_true(sb_contains(r.err, "the header names no item of the bank"));
	sb_run_free(&r);
	const char *argv2[] = { "securebase", "--bank", f->bank, "score", "--id-column", "who",
		                "--columns", map, "--allow-missing-items", in, NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.err, "item columns: 0 by id, 5 by --columns, 0 by code, 0 by question "
	                               "text\n"));
	assert_true(sb_contains(r.err, "securebase: import: 1 column ignored: 'extra'\n"));
	assert_true(sb_contains(r.err, "securebase: import: 1 item with no column (counted as "
	                               "unanswered): avo03\n"));
	assert_true(sb_contains(r.out, "\nr1,4.00,high,3/3,3,3,1.50,low,2/3,2,3,"));
	sb_run_free(&r);
	/* a mapping to an item the bank lacks */
	m = "item,column\nnope,Q1\n";
	sb_write_file(map, m, strlen(m));
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, ":1: --columns maps 'Q1' to 'nope', which is not an item of the "
	                               "bank\n"));
	sb_run_free(&r);
	/* a mapping file without the two columns */
	m = "a,b\n";
	sb_write_file(map, m, strlen(m));
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, ":1: the mapping file's header needs the columns 'column' and "
	                               "'item'\n"));
	sb_run_free(&r);
	free(in);
	free(map);
}

static void test_report_and_compare(void **state)
{
	S_fix *f = *state;
	char *q = S_data("qualtrics.csv"), *g = S_data("google_forms_zh.csv");
	/* report reads the export as score does */
	const char *argv[] = { "securebase", "--bank", f->bank, "report", q, "--id", "R_1AbCdEfGhIjKlMn",
		               "--format", "json", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "\"worry\""));
	assert_true(sb_contains(r.err, "2 header rows skipped (Qualtrics)"));
	sb_run_free(&r);
	/* -q silences the summary */
	const char *argv2[] = { "securebase", "-q", "--bank", f->bank, "compare", g, "--id-column",
		                "电子邮件地址", "--ids", "r1@example.org,r2@example.org", "--mode",
		                "retest", "--format", "json", NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	if (r.status != 0)
		fail_msg("compare: %d %s", r.status, r.err);
	assert_int_equal(r.err_len, 0);
	assert_true(r.out_len > 0);
	sb_run_free(&r);
	free(q);
	free(g);
}

static void test_ids_and_guard(void **state)
{
	S_fix *f = *state;
	char *in = sb_join(f->dir, "ids.csv");
	const char *text = "id,anx01,anx02,anx03,avo01,avo02,avo03\n"
	                   "-5,1,1,1,1,1,1\n+8613800000000,1,1,1,1,1,1\n007,1,1,1,1,1,1\n"
	                   "=1+1,1,1,1,1,1,1\n@x,1,1,1,1,1,1\n";
	sb_write_file(in, text, strlen(text));
	const char *argv[] = { "securebase", "--bank", f->bank, "-q", "score", in, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	/* numbers as they are; text a spreadsheet would run, guarded */
	assert_true(sb_contains(r.out, "\n-5,1.00,"));
	assert_true(sb_contains(r.out, "\n+8613800000000,1.00,"));
	assert_true(sb_contains(r.out, "\n007,1.00,"));
	assert_true(sb_contains(r.out, "\n'=1+1,1.00,"));
	assert_true(sb_contains(r.out, "\n'@x,1.00,"));
	sb_run_free(&r);
	const char *argv2[] = { "securebase", "--bank", f->bank, "-q", "score", "--no-formula-guard",
		                in, NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "\n=1+1,1.00,"));
	assert_true(sb_contains(r.out, "\n@x,1.00,"));
	/* R and pandas read every id back unchanged (as text, the way ids are joined); pandas is
	 * Debian's python3 with python3-pandas, skipped with a line without */
	char *has = sb_sh("/usr/bin/python3 -c 'import pandas; print(1)' 2>/dev/null || true");
	const struct {
		bool there;
		const char *cmd; /* %s: the scores file */
	} readers[] = {
		{ sb_has_tool("Rscript"), "Rscript -e 'x <- read.csv(\"%s\", colClasses = "
		                          "\"character\")$id; cat(x, sep = \"|\")'" },
		{ has && strcmp(has, "1\n") == 0,
		  "/usr/bin/python3 -c 'import sys, pandas; sys.stdout.write(\"|\".join(pandas.read_csv("
		  "sys.argv[1], dtype={\"id\": str})[\"id\"]))' '%s'" },
	};
	char *out = sb_join(f->dir, "ids_out.csv");
	sb_write_file(out, r.out, r.out_len);
	for (size_t i = 0; i < sizeof readers / sizeof readers[0] && !sb_valgrind(); i++) {
		if (!readers[i].there) {
			print_message("ids into %s: skipped (not installed)\n", i ? "pandas" : "R");
			continue;
		}
		char cmd[2048];
		snprintf(cmd, sizeof cmd, readers[i].cmd, out);
		char *got = sb_sh(cmd);
		assert_string_equal(got, "-5|+8613800000000|007|=1+1|@x");
		free(got);
	}
	free(out);
	free(has);
	sb_run_free(&r);
	free(in);
}

/* --- the pieces ------------------------------------------------------------------------------ */

static void S_fold_is(const char *in, bool number, const char *expect)
{
	char out[256];
	size_t n = sb_import_fold(in, strlen(in), number, out, sizeof out);
	assert_int_not_equal(n, (size_t)-1);
	assert_string_equal(out, expect);
	assert_int_equal(n, strlen(expect));
}

static void test_fold(void **state)
{
	(void)state;
	S_fold_is("  I  often\tworry. ", false, "i often worry.");
	S_fold_is("１２．ＡＢＣ　ｄ", false, "12.abc d");
	S_fold_is("对方回消息慢的时候，我会担心。", false, "对方回消息慢的时候,我会担心.");
	S_fold_is("12. I worry", true, "i worry");
	S_fold_is("12、我会担心", true, "我会担心");
	S_fold_is("Q12 I worry", true, "i worry");
	S_fold_is("Q12: I worry", true, "i worry");
	S_fold_is("12)I worry", true, "i worry");
	/* not a number to drop: nothing after it, or no separator */
	S_fold_is("12", true, "12");
	S_fold_is("q1", true, "q1");
	S_fold_is("12abc", true, "12abc");
	/* invalid UTF-8 is kept as it is */
	S_fold_is("a\xC3(b", false, "a\xC3(b");
	S_fold_is("a\xF8" "b\xE4\xB8", false, "a\xF8" "b\xE4\xB8"); /* no such lead byte; cut short */
	S_fold_is("\xF0\x9F\x98\x80 x", false, "\xF0\x9F\x98\x80 x");  /* 4 bytes, no stand-in */
	/* every character with an ASCII stand-in */
	S_fold_is("a\xC2\xA0" "b\xE2\x80\x82" "c\xE2\x80\x83" "d\xE2\x80\x89" "e", false,
	          "a b c d e");
	S_fold_is("\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\x98\xE2\x80\x99", false, "\"\"''");
	S_fold_is("\xE2\x80\x93\xE2\x80\x94\xE2\x80\x95\xE3\x80\x90\xE3\x80\x91", false,
	          "---[]");
	S_fold_is("\xEF\xBD\x9E\xEF\xBD\x9F", false, "~\xEF\xBD\x9F"); /* the last full-width one */
	/* each separator after a number */
	S_fold_is("3,x", true, "x");
	S_fold_is("3-x", true, "x");
	S_fold_is("Q 3", true, "q 3");
	S_fold_is("3.", true, "3.");
	char small[4];
	assert_int_equal(sb_import_fold("abcdef", 6, false, small, sizeof small), (size_t)-1);
}

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(sb_import_sniff_delimiter("id,a,b\n1;2;3\n", 13), ',');
	assert_int_equal(sb_import_sniff_delimiter("id;a;b\n", 7), ';');
	assert_int_equal(sb_import_sniff_delimiter("id\ta\tb\n", 7), '\t');
	assert_int_equal(sb_import_sniff_delimiter("\"a;b;c\",x\n", 10), ',');
	assert_int_equal(sb_import_sniff_delimiter("id\n", 3), ',');
	assert_int_equal(sb_import_sniff_delimiter("", 0), ',');
	assert_int_equal(sb_import_sniff_delimiter("a;b\tc\r\n", 7), ';');    /* ties go to ';' */
	assert_int_equal(sb_import_sniff_delimiter("a\tb\tc,d;e\n", 10), '\t');
	assert_int_equal(sb_import_sniff_delimiter("a,b;c\td\n", 8), ',');
	const char *q = "a,b\nA,B\n\"{\"\"ImportId\"\":\"\"QID1\"\"}\",x\n1,2\n";
	assert_int_equal(sb_import_sniff_header_rows(q, strlen(q), ','), 2);
	const char *p = "a,b\n1,2\n3,4\n";
	assert_int_equal(sb_import_sniff_header_rows(p, strlen(p), ','), 0);
}

static void test_cells(void **state)
{
	S_fix *f = *state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(f->bank, &b, &d), SB_OK);
	sb_cells *c = NULL;
	const char *const miss[] = { "-99", "." };
	assert_int_equal(sb_cells_new(b, miss, 2, true, &c), SB_OK);
	long long v;
	static const struct {
		const char *cell;
		int ok;
		long long v;
	} cases[] = {
		{ "4", 1, 4 }, { " 4 ", 1, 4 }, { "4.0", 1, 4 }, { "4.00", 1, 4 }, { "４", 1, 4 },
		{ "agree", 1, 4 }, { "  Strongly   AGREE ", 1, 5 }, { "非常同意", 1, 5 }, { "一般", 1, 3 },
		{ "-99", 1, SB_MISSING }, { ".", 1, SB_MISSING }, { "", 1, SB_MISSING },
		{ "  ", 1, SB_MISSING }, { "NA", 0, 0 } /* not a code here */, { "4.5", 0, 0 },
		{ "agree!", 0, 0 }, { "+4", 0, 0 }, { "9", 1, 9 } /* the range is the reader's */,
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int ok = sb_cells_value(c, 0, cases[i].cell, strlen(cases[i].cell), &v);
		if (ok != cases[i].ok || (ok && v != cases[i].v))
			fail_msg("'%s': %d %lld", cases[i].cell, ok, v);
	}
	sb_cells_free(c);
	/* by default NA is missing */
	assert_int_equal(sb_cells_new(b, NULL, 0, false, &c), SB_OK);
	assert_int_equal(sb_cells_value(c, 0, "NA", 2, &v), 1);
	assert_true(v == SB_MISSING);
	sb_cells_free(c);
	sb_bank_free(b);
	sb_diags_free(&d);
}

/* The header in process: close names are shown with a quote or control character escaped;
 * "anx001" is anx01 padded once more (preferred to "anx1x", one letter off); a name longer than
 * 64 bytes is never close. */
static void test_header_suggestions(void **state)
{
	S_fix *f = *state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(f->bank, &b, &d), SB_OK);
	char long_name[80];
	memset(long_name, 'x', 70);
	memcpy(long_name, "avo03", 5);
	long_name[70] = '\0';
	const char *names[] = { "id", "anx1x", "anx0'2", "anx03", "avo\x01" "01", "avo02", long_name,
		                "anx001" };
	size_t lens[8];
	for (int i = 0; i < 8; i++)
		lens[i] = strlen(names[i]);
	sb_col_map map[8];
	size_t id_col = 99;
	sb_import_header_opts o = { 0 };
	assert_int_equal(sb_import_header(b, names, lens, 8, &o, "h.csv", 1, map, &id_col, &d),
	                 SB_ERR_DATA);
	assert_int_equal(id_col, 0);
	sb_buf got = { 0 };
	for (size_t i = 0; i < d.n; i++) {
		char line[600];
		sb_diag_format(&d.v[i], line, sizeof line);
		sb_buf_printf(&got, "%s\n", line);
	}
	assert_string_equal(got.data,
	                    "h.csv:1:8: no column for item anx01; did you mean 'anx001' (column 8)?\n"
	                    "h.csv:1:3: no column for item anx02; did you mean 'anx0\\x272' (column 3)?\n"
	                    "h.csv:1:5: no column for item avo01; did you mean 'avo\\x0101' (column 5)?\n"
	                    "h.csv:1: no column for item avo03\n"
	                    "h.csv:1: 4 of 6 items have no column: rename the columns, map them with "
	                    "--columns FILE.csv, or score without them with --allow-missing-items\n");
	sb_buf_free(&got);
	sb_diags_free(&d);
	sb_bank_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_google_forms),
		cmocka_unit_test(test_qualtrics),
		cmocka_unit_test(test_other_platforms),
		cmocka_unit_test(test_spreadsheets),
		cmocka_unit_test(test_header_mistakes),
		cmocka_unit_test(test_header_suggestions),
		cmocka_unit_test(test_allow_missing_and_columns),
		cmocka_unit_test(test_report_and_compare),
		cmocka_unit_test(test_ids_and_guard),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_cells),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

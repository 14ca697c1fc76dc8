/* SPDX-License-Identifier: MIT */
/* test_outformat.c — one rule for the output format of every command (report, compare, form,
 * assess --report, score): --format, else the -o extension, else the command's default; a
 * --format contradicting the extension is a usage error naming both; a PDF never goes to a
 * terminal. A table of commands × file names × --format, each run checked for its exit status
 * and the first bytes of the file it wrote (or that it wrote none). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"

#include "base/buf.h"
#include "render/render.h"

#define S_CSV SB_SOURCE_DIR "/tests/data/report_answers.csv"
#define S_COUPLE SB_SOURCE_DIR "/tests/data/compare_couple.csv"

typedef enum { S_REPORT, S_COMPARE, S_FORM, S_ASSESS, S_SCORE } S_cmd;

typedef struct {
	S_cmd cmd;
	const char *file;   /* the -o (or --report) file, in a fresh folder */
	const char *format; /* --format, or NULL */
	int status;         /* the exit status expected */
	const char *starts; /* the file's first bytes; NULL: no file may exist */
	const char *err;    /* text standard error must hold, or NULL */
} S_case;

static const char S_TEXT_REPORT[] = "Security in close relationships";

static const S_case S_cases[] = {
	/* report: the extension decides, --format agrees or is refused */
	{ S_REPORT, "r.pdf", NULL, 0, "%PDF-", NULL },
	{ S_REPORT, "r.html", NULL, 0, "<!DOCTYPE html", NULL },
	{ S_REPORT, "r.HTM", NULL, 0, "<!DOCTYPE html", NULL },
	{ S_REPORT, "r.md", NULL, 0, "# Security in close relationships", NULL },
	{ S_REPORT, "r.markdown", NULL, 0, "# Security", NULL },
	{ S_REPORT, "r.json", NULL, 0, "{", NULL },
	{ S_REPORT, "r.txt", NULL, 0, S_TEXT_REPORT, NULL },
	{ S_REPORT, "r.txt", "text", 0, S_TEXT_REPORT, NULL },
	{ S_REPORT, "r.report", NULL, 0, S_TEXT_REPORT, NULL },
	{ S_REPORT, "r.report", "html", 0, "<!DOCTYPE html", NULL },
	{ S_REPORT, "r.csv", NULL, 0, S_TEXT_REPORT, NULL }, /* not a report format: the default */
	{ S_REPORT, "r.pdf", "md", 64, NULL, "--format md contradicts the output file" },
	{ S_REPORT, "r.html", "json", 64, NULL, "whose name says html" },
	{ S_REPORT, "r.md", "rtf", 64, NULL, "--format takes text, md, html, pdf or json, not 'rtf'" },
	/* compare */
	{ S_COMPARE, "c.pdf", NULL, 0, "%PDF-", NULL },
	{ S_COMPARE, "c.html", NULL, 0, "<!DOCTYPE html", NULL },
	{ S_COMPARE, "c.json", NULL, 0, "{", NULL },
	{ S_COMPARE, "c.md", "md", 0, "# ", NULL },
	{ S_COMPARE, "c.pdf", "html", 64, NULL, "--format html contradicts the output file" },
	{ S_COMPARE, "c.txt", "json", 64, NULL, "whose name says text" },
	/* form: no JSON */
	{ S_FORM, "f.pdf", NULL, 0, "%PDF-", NULL },
	{ S_FORM, "f.htm", NULL, 0, "<!DOCTYPE html", NULL },
	{ S_FORM, "f.md", NULL, 0, "# ", NULL },
	{ S_FORM, "f.txt", NULL, 0, "Security in close relationships", NULL },
	{ S_FORM, "f.html", "pdf", 64, NULL, "--format pdf contradicts the output file 'f.html'" },
	{ S_FORM, "f.json", "json", 64, NULL, "--format takes text, md, html or pdf, not 'json'" },
	/* assess --report: a name that says nothing needs --format */
	{ S_ASSESS, "a.pdf", NULL, 0, "%PDF-", NULL },
	{ S_ASSESS, "a.html", NULL, 0, "<!DOCTYPE html", NULL },
	{ S_ASSESS, "a.json", NULL, 0, "{", NULL },
	{ S_ASSESS, "a.out", "md", 0, "# ", NULL },
	{ S_ASSESS, "a.md", "html", 64, NULL, "--format html contradicts the output file 'a.md'" },
	{ S_ASSESS, "a.docx", NULL, 64, NULL, "cannot tell the format from 'a.docx'" },
	/* score: CSV, JSON Lines, SPSS or Stata */
	{ S_SCORE, "s.csv", NULL, 0, "id,anxiety,", NULL },
	{ S_SCORE, "s.jsonl", NULL, 0, "{\"id\":", NULL },
	{ S_SCORE, "s.out", "jsonl", 0, "{\"id\":", NULL },
	{ S_SCORE, "s.txt", NULL, 0, "id,anxiety,", NULL },
	{ S_SCORE, "s.jsonl", "csv", 64, NULL, "--format csv contradicts the output file 's.jsonl'" },
	{ S_SCORE, "s.csv", "jsonl", 64, NULL, "whose name says csv" },
	{ S_SCORE, "s.csv", "pdf", 64, NULL, "--format takes csv, jsonl, sav or dta, not 'pdf'" },
	{ S_SCORE, "s.sav", NULL, 0, "$FL2", NULL },
	{ S_SCORE, "s.SAV", NULL, 0, "$FL2", NULL },
	{ S_SCORE, "s.dta", NULL, 0, "<stata_dta>", NULL },
	{ S_SCORE, "s.out", "dta", 0, "<stata_dta>", NULL },
	{ S_SCORE, "s.dta", "sav", 64, NULL, "--format sav contradicts the output file 's.dta'" },
	{ S_SCORE, "s.sav", "csv", 64, NULL, "whose name says sav" },
};

/* Line-mode answers to every statement of the embedded bank: 48 on a 1..7 scale, then the four
 * optional safety questions (1..3). */
static void S_answers(sb_buf *in)
{
	for (int i = 0; i < 48; i++)
		sb_buf_printf(in, "%d\n", 1 + (i * 2) % 7);
	sb_buf_puts(in, "1\n1\n1\n1\n");
}

/* argv for case k writing into dir; strings point into the case or are static. */
static size_t S_argv(const S_case *k, const char *path, const char **argv)
{
	size_t n = 0;
	argv[n++] = "securebase";
	argv[n++] = "--lang";
	argv[n++] = "en";
	switch (k->cmd) {
	case S_REPORT:
		argv[n++] = "report";
		argv[n++] = S_CSV;
		argv[n++] = "--id";
		argv[n++] = "r01";
		argv[n++] = "-o";
		break;
	case S_COMPARE:
		argv[n++] = "compare";
		argv[n++] = S_COUPLE;
		argv[n++] = "--ids";
		argv[n++] = "p1,p2";
		argv[n++] = "--consent";
		argv[n++] = "-o";
		break;
	case S_FORM:
		argv[n++] = "form";
		argv[n++] = "-o";
		break;
	case S_ASSESS:
		argv[n++] = "assess";
		argv[n++] = "--id";
		argv[n++] = "x1";
		argv[n++] = "--report";
		break;
	case S_SCORE:
		argv[n++] = "score";
		argv[n++] = S_CSV;
		argv[n++] = "-o";
		break;
	}
	argv[n++] = path;
	if (k->format) {
		argv[n++] = "--format";
		argv[n++] = k->format;
	}
	argv[n] = NULL;
	return n;
}

static void test_table(void **state)
{
	(void)state;
	bool pdf = sb_format_available(SB_FORMAT_PDF);
	sb_buf in = { 0 };
	S_answers(&in);
	for (size_t i = 0; i < sizeof S_cases / sizeof S_cases[0]; i++) {
		const S_case *k = &S_cases[i];
		char *dir = sb_tmpdir();
		sb_assess_env_t e;
		const char *const epoch[] = { "SOURCE_DATE_EPOCH=1772366400", NULL };
		const char *const *env = sb_assess_env(&e, dir, 0, epoch);
		char *path = sb_join(dir, k->file);
		const char *argv[24];
		S_argv(k, k->file, argv); /* relative: the run works in dir */
		bool is_assess = k->cmd == S_ASSESS;
		sb_run_result r = sb_run(argv, is_assess ? in.data : NULL, is_assess ? in.len : 0, env,
		                         dir);
		int want = k->status;
		const char *starts = k->starts;
		if (want == 0 && !pdf && strcmp(starts, "%PDF-") == 0) {
			want = 69; /* PDF not built in: nothing written */
			starts = NULL;
		}
		/* score exits 65 for report_answers.csv's one bad row, and still writes the rest */
		if (want == 0 && k->cmd == S_SCORE)
			want = 65;
		if (r.status != want)
			fail_msg("case %zu (%s --format %s): exit %d, not %d: %s", i, k->file,
			         k->format ? k->format : "-", r.status, want, r.err);
		if (k->err && !sb_contains(r.err, k->err))
			fail_msg("case %zu (%s): stderr lacks \"%s\": %s", i, k->file, k->err, r.err);
		size_t len = 0;
		char *data = sb_read_file(path, &len);
		if (!starts) {
			if (data)
				fail_msg("case %zu (%s): a file was written", i, k->file);
		} else {
			if (!data)
				fail_msg("case %zu (%s): no file", i, k->file);
			if (len < strlen(starts) || memcmp(data, starts, strlen(starts)) != 0)
				fail_msg("case %zu (%s --format %s): starts \"%.20s\", not \"%s\"", i,
				         k->file, k->format ? k->format : "-", data, starts);
		}
		free(data);
		free(path);
		sb_run_free(&r);
		sb_rmtree(dir);
		free(dir);
	}
	sb_buf_free(&in);
}

/* A PDF on standard output is refused when that is a terminal (64, with the -o hint), in every
 * command that can write one, and written when it is not. */
static void test_pdf_not_to_terminal(void **state)
{
	(void)state;
	static const char *const cmds[][10] = {
		{ "securebase", "--lang", "en", "report", S_CSV, "--id", "r01", "--format", "pdf", NULL },
		{ "securebase", "--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--consent",
		  "--format", "pdf" },
		{ "securebase", "--lang", "en", "form", "--format", "pdf", NULL },
		{ "securebase", "--lang", "en", "report", S_CSV, "--id", "r01", "-o", "-", NULL },
	};
	for (size_t i = 0; i < 3; i++) {
		const char *argv[12] = { 0 };
		for (size_t j = 0; j < 10 && cmds[i][j]; j++)
			argv[j] = cmds[i][j];
		sb_run_result r = sb_run_ex(&(sb_run_opts){ .argv = argv, .stdout_tty = 1 });
		assert_int_equal(r.status, 64);
		if (!sb_contains(r.err, "securebase: a PDF is not for a terminal: write it to a file "
		                        "with -o FILE.pdf"))
			fail_msg("%s: %s", argv[3], r.err);
		assert_false(sb_contains(r.out, "%PDF"));
		sb_run_free(&r);
	}
	if (!sb_format_available(SB_FORMAT_PDF))
		return;
	/* Not a terminal: the PDF goes to standard output as asked. */
	const char *argv[] = { "securebase", "--lang", "en", "form", "--format", "pdf", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(r.out_len > 5);
	assert_memory_equal(r.out, "%PDF-", 5);
	sb_run_free(&r);
}

/* --all takes its format from --format alone and writes files, never to the terminal. */
static void test_report_all(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *out = sb_join(dir, "out");
	const char *argv[] = { "securebase", "--lang", "en", "report", S_CSV, "--all", "--out-dir",
		               out, "--format", "html", NULL };
	sb_run_result r = sb_run_ex(&(sb_run_opts){ .argv = argv, .stdout_tty = 1 });
	assert_int_equal(r.status, 65); /* one row of the file is rejected */
	char *p = sb_join(out, "r01.html");
	size_t len;
	char *data = sb_read_file(p, &len);
	assert_non_null(data);
	assert_memory_equal(data, "<!DOCTYPE html", 14);
	free(data);
	free(p);
	sb_run_free(&r);
	sb_rmtree(dir);
	free(out);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_pdf_not_to_terminal),
		cmocka_unit_test(test_report_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

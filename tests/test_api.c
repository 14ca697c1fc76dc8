/* SPDX-License-Identifier: MIT */
/* test_api.c — libsecurebase through include/securebase.h alone, linked against the shared
 * library: every public function, its results and its error values. */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#include "securebase.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static securebase_bank *S_default(void)
{
	securebase_bank *b = NULL;
	assert_int_equal(securebase_bank_load_default(&b, NULL), SECUREBASE_OK);
	assert_non_null(b);
	return b;
}

/* Answers for every item of b: v where it fits the item's range, else its minimum. */
static int *S_answers(const securebase_bank *b, int v)
{
	size_t n = securebase_bank_item_count(b);
	int *a = calloc(n, sizeof *a);
	assert_non_null(a);
	for (size_t i = 0; i < n; i++) {
		int lo, hi;
		securebase_bank_item_range(b, i, &lo, &hi);
		a[i] = v >= lo && v <= hi ? v : SECUREBASE_MISSING; /* the optional safety questions */
	}
	return a;
}

/* A file with the given text in a fresh folder; returns its path (caller frees the path and
 * removes *dir). */
static char *S_file(char **dir, const char *name, const char *text)
{
	*dir = sb_tmpdir();
	char *p = sb_join(*dir, name);
	sb_write_file(p, text, strlen(text));
	return p;
}

/* ---- version and errors ------------------------------------------------------------------ */

static void test_version(void **state)
{
	(void)state;
	assert_int_equal(securebase_version(), SECUREBASE_VERSION);
	assert_string_equal(securebase_version_string(), SECUREBASE_VERSION_STRING);
	assert_int_equal(SECUREBASE_VERSION >> 16, SECUREBASE_VERSION_MAJOR);
}

static void test_errors_empty(void **state)
{
	(void)state;
	securebase_errors *e = securebase_errors_new();
	assert_non_null(e);
	assert_int_equal(securebase_errors_count(e), 0);
	assert_int_equal(securebase_errors_dropped(e), 0);
	assert_null(securebase_errors_file(e, 0));
	assert_int_equal(securebase_errors_line(e, 0), 0);
	assert_int_equal(securebase_errors_column(e, 0), 0);
	assert_null(securebase_errors_message(e, 0));
	assert_null(securebase_errors_format(e, 0));
	securebase_errors_clear(e);
	securebase_errors_free(e);
	/* NULL is allowed wherever a list is read or freed. */
	securebase_errors_free(NULL);
	securebase_errors_clear(NULL);
	assert_int_equal(securebase_errors_count(NULL), 0);
	securebase_free(NULL);
}

/* ---- the bank ----------------------------------------------------------------------------- */

static void test_bank_default(void **state)
{
	(void)state;
	securebase_bank *b = S_default();
	assert_string_equal(securebase_bank_id(b), "securebase");
	assert_non_null(securebase_bank_version(b));
	size_t ni = securebase_bank_item_count(b), ns = securebase_bank_scale_count(b);
	assert_int_equal(ni, 52);
	assert_int_equal(ns, 6);
	assert_string_equal(securebase_bank_item_id(b, 0), "anx01");
	assert_null(securebase_bank_item_id(b, ni));
	assert_string_equal(securebase_bank_scale_id(b, 0), "anxiety");
	assert_null(securebase_bank_scale_id(b, ns));
	int lo = -1, hi = -1;
	securebase_bank_item_range(b, 0, &lo, &hi);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 7);
	securebase_bank_item_range(b, ni, &lo, &hi);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 0);
	securebase_bank_free(b);
	securebase_bank_free(NULL);
}

static void test_bank_file_and_memory(void **state)
{
	(void)state;
	char *path = sb_src_path("questions/securebase.yaml");
	securebase_errors *e = securebase_errors_new();
	securebase_bank *b = NULL;
	assert_int_equal(securebase_bank_load_file(path, &b, e), SECUREBASE_OK);
	assert_int_equal(securebase_errors_count(e), 0);
	assert_string_equal(securebase_bank_id(b), "securebase");
	securebase_bank_free(b);

	size_t len = 0;
	char *yaml = sb_read_file(path, &len);
	assert_non_null(yaml);
	b = NULL;
	assert_int_equal(securebase_bank_load_memory(yaml, len, "mem.yaml", &b, e), SECUREBASE_OK);
	assert_int_equal(securebase_bank_item_count(b), 52);
	securebase_bank_free(b);
	free(yaml);
	free(path);
	securebase_errors_free(e);
}

static void test_bank_errors(void **state)
{
	(void)state;
	securebase_errors *e = securebase_errors_new();
	securebase_bank *b = (securebase_bank *)e; /* must be set to NULL on failure */
	assert_int_equal(securebase_bank_load_file("/nonexistent/bank.yaml", &b, e),
	                 SECUREBASE_ERR_NOINPUT);
	assert_null(b);
	assert_int_equal(securebase_errors_count(e), 1);
	assert_string_equal(securebase_errors_file(e, 0), "/nonexistent/bank.yaml");
	assert_true(sb_contains(securebase_errors_message(e, 0), "cannot open"));
	securebase_errors_clear(e);
	assert_int_equal(securebase_errors_count(e), 0);

	/* A syntax error: file, line and column as values, and the CLI's one-line form. */
	static const char bad[] = "format: 1\nid: [x\n";
	assert_int_equal(securebase_bank_load_memory(bad, sizeof bad - 1, "bad.yaml", &b, e),
	                 SECUREBASE_ERR_DATA);
	assert_null(b);
	assert_true(securebase_errors_count(e) >= 1);
	assert_string_equal(securebase_errors_file(e, 0), "bad.yaml");
	assert_true(securebase_errors_line(e, 0) >= 2);
	assert_true(securebase_errors_column(e, 0) >= 1);
	char *s = securebase_errors_format(e, 0);
	assert_non_null(s);
	assert_true(strncmp(s, "bad.yaml:", 9) == 0);
	assert_true(sb_contains(s, "syntax error"));
	securebase_free(s);
	securebase_errors_clear(e);

	/* A schema error, at its key. */
	static const char fmt2[] = "format: 2\n";
	assert_int_equal(securebase_bank_load_memory(fmt2, sizeof fmt2 - 1, NULL, &b, e),
	                 SECUREBASE_ERR_DATA);
	int seen = 0;
	for (size_t i = 0; i < securebase_errors_count(e); i++)
		if (sb_contains(securebase_errors_message(e, i), "format 2 is not supported")) {
			assert_string_equal(securebase_errors_file(e, i), "(bank)");
			assert_int_equal(securebase_errors_line(e, i), 1);
			assert_int_equal(securebase_errors_column(e, i), 9);
			seen = 1;
		}
	assert_true(seen);
	/* Without a list the failure is still a value. */
	assert_int_equal(securebase_bank_load_memory(fmt2, sizeof fmt2 - 1, NULL, &b, NULL),
	                 SECUREBASE_ERR_DATA);
	securebase_errors_free(e);
}

/* ---- scoring ------------------------------------------------------------------------------ */

static void test_score(void **state)
{
	(void)state;
	securebase_bank *b = S_default();
	int *a = S_answers(b, 4);
	securebase_result *r = NULL;
	assert_int_equal(securebase_score(b, a, securebase_bank_item_count(b), &r, NULL),
	                 SECUREBASE_OK);
	assert_int_equal(securebase_result_scale_count(r), 6);
	assert_string_equal(securebase_result_scale_id(r, 0), "anxiety");
	assert_null(securebase_result_scale_id(r, 6));
	for (size_t i = 0; i < 6; i++) {
		assert_true(securebase_result_scored(r, i));
		assert_true(fabs(securebase_result_score(r, i) - 4.0) < 1e-9);
		assert_non_null(securebase_result_band(r, i));
		size_t n_items = 0;
		assert_int_equal(securebase_result_answered(r, i, &n_items), 8);
		assert_int_equal(n_items, 8);
	}
	assert_false(securebase_result_scored(r, 6));
	assert_true(isnan(securebase_result_score(r, 6)));
	assert_null(securebase_result_band(r, 6));
	assert_int_equal(securebase_result_answered(r, 6, NULL), 0);
	assert_non_null(securebase_result_style(r));
	/* All answers alike: a long string of identical answers and little variation. */
	unsigned f = securebase_result_flags(r);
	assert_true(f & SECUREBASE_FLAG_LONGSTRING);
	assert_true(f & SECUREBASE_FLAG_LOW_IRV);
	assert_false(f & SECUREBASE_FLAG_MISSING);
	assert_true(sb_contains(securebase_result_flags_text(r), "longstring"));
	assert_true(securebase_result_near_boundary(r) == 0 || securebase_result_near_boundary(r) == 1);
	securebase_result_free(r);

	/* Nothing answered: no scale scored, no leaning, the missing flag. */
	for (size_t i = 0; i < securebase_bank_item_count(b); i++)
		a[i] = SECUREBASE_MISSING;
	assert_int_equal(securebase_score(b, a, securebase_bank_item_count(b), &r, NULL),
	                 SECUREBASE_OK);
	assert_false(securebase_result_scored(r, 0));
	assert_null(securebase_result_band(r, 0));
	assert_null(securebase_result_style(r));
	assert_int_equal(securebase_result_near_boundary(r), 0);
	assert_true(securebase_result_flags(r) & SECUREBASE_FLAG_MISSING);
	assert_string_equal(securebase_result_flags_text(r), "missing");
	securebase_result_free(r);
	securebase_result_free(NULL);
	free(a);
	securebase_bank_free(b);
}

static void test_score_errors(void **state)
{
	(void)state;
	securebase_bank *b = S_default();
	securebase_errors *e = securebase_errors_new();
	int *a = S_answers(b, 4);
	securebase_result *r = (securebase_result *)e;
	assert_int_equal(securebase_score(b, a, 3, &r, e), SECUREBASE_ERR_USAGE);
	assert_null(r);
	assert_true(sb_contains(securebase_errors_message(e, 0), "the bank has 52 items"));
	securebase_errors_clear(e);
	a[2] = 9;
	assert_int_equal(securebase_score(b, a, securebase_bank_item_count(b), &r, e),
	                 SECUREBASE_ERR_DATA);
	assert_null(r);
	assert_int_equal(securebase_errors_count(e), 1);
	assert_int_equal(securebase_errors_column(e, 0), 3);
	assert_true(sb_contains(securebase_errors_message(e, 0), "outside 1..7"));
	assert_int_equal(securebase_score(b, a, securebase_bank_item_count(b), &r, NULL),
	                 SECUREBASE_ERR_DATA);
	/* below the range too; an error without a file; no error past the last; none of NULL */
	securebase_errors_clear(e);
	a[2] = 0;
	assert_int_equal(securebase_score(b, a, securebase_bank_item_count(b), &r, e),
	                 SECUREBASE_ERR_DATA);
	assert_true(sb_contains(securebase_errors_message(e, 0), "value 0 of item"));
	assert_null(securebase_errors_message(e, 1));
	assert_null(securebase_errors_format(e, 1));
	assert_int_equal(securebase_errors_dropped(NULL), 0);
	assert_null(securebase_errors_message(NULL, 0));
	free(a);
	securebase_errors_free(e);
	securebase_bank_free(b);
}

/* ---- an answers CSV ----------------------------------------------------------------------- */

typedef struct {
	int rows;
	long last_row;
	char first_id[32];
	double first_anxiety;
	int stop_after;
} S_seen;

static int S_on_row(void *user, long row, const char *id, const securebase_result *r)
{
	S_seen *s = user;
	if (s->rows++ == 0) {
		snprintf(s->first_id, sizeof s->first_id, "%s", id);
		s->first_anxiety = securebase_result_score(r, 0);
	}
	s->last_row = row;
	return s->stop_after && s->rows >= s->stop_after;
}

static void test_score_csv(void **state)
{
	(void)state;
	securebase_bank *b = S_default();
	securebase_errors *e = securebase_errors_new();
	char *path = sb_src_path("tests/data/report_answers.csv");
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	S_seen s = { 0 };
	/* r03 holds a 9: rejected at its row and column, the other rows scored. */
	assert_int_equal(securebase_score_csv(b, fd, "answers.csv", S_on_row, &s, e),
	                 SECUREBASE_ERR_DATA);
	assert_int_equal(s.rows, 3);
	assert_string_equal(s.first_id, "r01");
	assert_true(fabs(s.first_anxiety - 4.875) < 1e-9); /* as `securebase score` gives */
	assert_int_equal(s.last_row, 5);
	assert_int_equal(securebase_errors_count(e), 1);
	assert_string_equal(securebase_errors_file(e, 0), "answers.csv");
	assert_int_equal(securebase_errors_line(e, 0), 4);
	assert_true(securebase_errors_column(e, 0) > 1);
	assert_true(sb_contains(securebase_errors_message(e, 0), "outside"));
	securebase_errors_clear(e);

	/* A callback that stops. */
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	s = (S_seen){ .stop_after = 1 };
	assert_int_equal(securebase_score_csv(b, fd, NULL, S_on_row, &s, e), SECUREBASE_STOPPED);
	assert_int_equal(s.rows, 1);
	close(fd);
	free(path);

	/* A header without an id column: a data error at row 1. */
	char *dir;
	char *bad = S_file(&dir, "bad.csv", "anx01,anx02\n1,2\n");
	fd = open(bad, O_RDONLY);
	assert_int_equal(securebase_score_csv(b, fd, "bad.csv", NULL, NULL, e), SECUREBASE_ERR_DATA);
	close(fd);
	assert_int_equal(securebase_errors_line(e, 0), 1);
	assert_string_equal(securebase_errors_file(e, 0), "bad.csv");
	securebase_errors_clear(e);
	free(bad);

	/* 250 rejected rows: 200 kept, the rest counted. */
	size_t cap = 1024 + 250 * 16;
	char *many = malloc(cap);
	assert_non_null(many);
	size_t used = (size_t)snprintf(many, cap, "id");
	for (size_t i = 0; i < securebase_bank_item_count(b); i++) /* every item: a full header */
		used += (size_t)snprintf(many + used, cap - used, ",%s", securebase_bank_item_id(b, i));
	used += (size_t)snprintf(many + used, cap - used, "\n");
	for (int i = 0; i < 250; i++)
		used += (size_t)snprintf(many + used, cap - used, "p%d,9\n", i);
	char *mp = sb_join(dir, "many.csv");
	sb_write_file(mp, many, used);
	fd = open(mp, O_RDONLY);
	assert_int_equal(securebase_score_csv(b, fd, NULL, NULL, NULL, e), SECUREBASE_ERR_DATA);
	close(fd);
	assert_int_equal(securebase_errors_count(e), 200);
	assert_int_equal(securebase_errors_dropped(e), 50);
	assert_string_equal(securebase_errors_file(e, 0), "-");
	free(many);
	free(mp);
	sb_rmtree(dir);
	free(dir);
	securebase_errors_free(e);
	securebase_bank_free(b);
}

/* ---- reports ------------------------------------------------------------------------------ */

static void test_report(void **state)
{
	(void)state;
	securebase_bank *b = S_default();
	securebase_errors *e = securebase_errors_new();
	int *a = S_answers(b, 3);
	securebase_result *r = NULL;
	assert_int_equal(securebase_score(b, a, securebase_bank_item_count(b), &r, e),
	                 SECUREBASE_OK);
	securebase_report *rep = NULL;
	assert_int_equal(securebase_report_new(r, "en", "self", "p1", "2026-01-01", &rep, e),
	                 SECUREBASE_OK);
	static const char *const formats[] = { "text", "md", "html", "json" };
	static const char *const marks[] = { "p1", "**ID**: p1", "<html", "\"schema\"" };
	for (size_t k = 0; k < 4; k++) {
		char *out = NULL;
		size_t len = 0;
		assert_true(securebase_format_available(formats[k]));
		assert_int_equal(securebase_report_render(rep, formats[k], &out, &len, e),
		                 SECUREBASE_OK);
		assert_non_null(out);
		assert_int_equal(strlen(out), len);
		assert_true(sb_contains(out, marks[k]));
		assert_true(sb_contains(out, "2026-01-01"));
		securebase_free(out);
	}
	/* PDF: bytes when built with cairo and pango, else "unavailable". */
	char *pdf = NULL;
	size_t plen = 0;
	securebase_status st = securebase_report_render(rep, "pdf", &pdf, &plen, e);
	if (securebase_format_available("pdf")) {
		assert_int_equal(st, SECUREBASE_OK);
		assert_true(plen > 4 && memcmp(pdf, "%PDF", 4) == 0);
	} else {
		assert_int_equal(st, SECUREBASE_ERR_UNAVAILABLE);
		assert_null(pdf);
	}
	securebase_free(pdf);
	securebase_errors_clear(e);

	/* An unknown format is a usage error, and so are an unknown language and audience. */
	char *out = (char *)e;
	size_t len = 1;
	assert_int_equal(securebase_report_render(rep, "docx", &out, &len, e), SECUREBASE_ERR_USAGE);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_true(sb_contains(securebase_errors_message(e, 0), "unknown format 'docx'"));
	assert_false(securebase_format_available("docx"));
	assert_false(securebase_format_available(NULL));
	securebase_report_free(rep);

	/* The counsellor's copy in Chinese, without respondent or date. */
	rep = NULL;
	assert_int_equal(securebase_report_new(r, "zh", "counsellor", NULL, NULL, &rep, NULL),
	                 SECUREBASE_OK);
	assert_int_equal(securebase_report_render(rep, "md", &out, &len, NULL), SECUREBASE_OK);
	assert_true(len > 0);
	securebase_free(out);
	securebase_report_free(rep);

	securebase_errors_clear(e);
	rep = (securebase_report *)e;
	assert_int_equal(securebase_report_new(r, "fr", "self", NULL, NULL, &rep, e),
	                 SECUREBASE_ERR_USAGE);
	assert_null(rep);
	assert_true(sb_contains(securebase_errors_message(e, 0), "unknown language 'fr'"));
	securebase_errors_clear(e);
	assert_int_equal(securebase_report_new(r, "en", "partner", NULL, NULL, &rep, e),
	                 SECUREBASE_ERR_USAGE);
	assert_true(sb_contains(securebase_errors_message(e, 0), "unknown audience 'partner'"));
	/* NULL for language, audience and format: the same usage errors, naming "(null)" */
	securebase_errors_clear(e);
	assert_int_equal(securebase_report_new(r, NULL, NULL, NULL, NULL, &rep, e),
	                 SECUREBASE_ERR_USAGE);
	assert_int_equal(securebase_errors_count(e), 2);
	assert_string_equal(securebase_errors_message(e, 0),
	                    "unknown language '(null)' (expected zh or en)");
	assert_string_equal(securebase_errors_message(e, 1),
	                    "unknown audience '(null)' (expected self or counsellor)");
	char *line = securebase_errors_format(e, 1);
	assert_string_equal(line, "unknown audience '(null)' (expected self or counsellor)");
	securebase_free(line);
	securebase_errors_clear(e);
	assert_int_equal(securebase_report_new(r, "en", "self", NULL, NULL, &rep, e), SECUREBASE_OK);
	assert_int_equal(securebase_report_render(rep, NULL, &out, &len, e), SECUREBASE_ERR_USAGE);
	assert_string_equal(securebase_errors_message(e, 0),
	                    "unknown format '(null)' (expected text, md, html, json or pdf)");
	securebase_report_free(rep);
	securebase_report_free(NULL);
	securebase_result_free(r);
	free(a);
	securebase_errors_free(e);
	securebase_bank_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_errors_empty),
		cmocka_unit_test(test_bank_default),
		cmocka_unit_test(test_bank_file_and_memory),
		cmocka_unit_test(test_bank_errors),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_score_errors),
		cmocka_unit_test(test_score_csv),
		cmocka_unit_test(test_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

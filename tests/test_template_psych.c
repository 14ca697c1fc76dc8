/* SPDX-License-Identifier: MIT */
/* test_template_psych.c — `securebase template --format psych`: the R script it writes, run under
 * Rscript with the psych package, gives every score and answered count `securebase score
 * --decimals 9` gives on the same answers, to 1e-9: on tests/data/care_answers.csv, on generated
 * answers with missing cells (some scales below min_answered, some rows with nothing), and on a
 * bank with a sum scale and a 1..5 range (tests/banks/scoring_basic.yaml). Exits 77 (skipped)
 * without Rscript or the psych package (r-cran-psych: scripts/install-deps.sh test). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "bank/bank.h"

/* Runs the script of bank (NULL: the embedded one) and securebase score on answers; compares
 * every cell; returns the number of scores compared. */
static size_t S_compare(const char *bank, const char *answers, size_t want_rows)
{
	char *dir = sb_tmpdir();
	char *script = sb_join(dir, "score.R"), *r_out = sb_join(dir, "r.csv");
	const char *gen[] = { "securebase", "--bank", bank, "template", "--format", "psych", NULL };
	sb_run_result g = sb_run(bank ? gen : (const char *[]){ "securebase", "template", "--format",
	                                                          "psych", NULL },
	                         NULL, 0, NULL, NULL);
	assert_int_equal(g.status, 0);
	assert_int_equal(g.err_len, 0);
	sb_write_file(script, g.out, g.out_len);
	sb_run_free(&g);

	const char *sc[] = { "securebase", "-q", "--bank", bank, "score", answers, "--decimals", "9",
		             NULL };
	const char *sc0[] = { "securebase", "-q", "score", answers, "--decimals", "9", NULL };
	sb_run_result s = sb_run(bank ? sc : sc0, NULL, 0, NULL, NULL);
	assert_int_equal(s.status, 0);

	char cmd[4096];
	snprintf(cmd, sizeof cmd, "Rscript '%s' '%s' '%s' 2>/dev/null && cat '%s'", script, answers,
	         r_out, r_out);
	char *r_text = sb_sh(cmd);
	sb_table sb = sb_table_parse(s.out), r = sb_table_parse(r_text);
	assert_int_equal(r.rows, want_rows + 1);
	assert_int_equal(sb.rows, r.rows);
	size_t compared = 0, unscored = 0;
	for (size_t k = 1; k < r.cols; k++) {
		const char *name = r.cells[k];
		size_t j = sb_table_col(&sb, name);
		bool count = strlen(name) > 11 && strcmp(name + strlen(name) - 11, "_answered_n") == 0;
		for (size_t row = 1; row < r.rows; row++) {
			const char *a = r.cells[row * r.cols + k], *b = sb.cells[row * sb.cols + j];
			assert_string_equal(r.cells[row * r.cols], sb.cells[row * sb.cols]); /* the id */
			if (count) {
				assert_string_equal(a, b);
				continue;
			}
			if (*a == '\0' || *b == '\0') {
				if (strcmp(a, b) != 0)
					fail_msg("row %zu %s: R '%s', securebase '%s'", row, name, a, b);
				unscored++;
				continue;
			}
			double x = strtod(a, NULL), y = strtod(b, NULL);
			if (!(fabs(x - y) <= 1e-9))
				fail_msg("row %zu %s: R %.17g, securebase %.17g", row, name, x, y);
			compared++;
		}
	}
	printf("    %s: %zu scores equal to 1e-9, %zu unscored in both\n", answers, compared, unscored);
	sb_table_free(&sb);
	sb_table_free(&r);
	free(r_text);
	sb_run_free(&s);
	sb_rmtree(dir);
	free(script);
	free(r_out);
	free(dir);
	return compared;
}

/* Answers for every item of b: row r leaves out about pct[r % 6] percent of the answers. */
static char *S_answers(const sb_bank *b, const char *dir, size_t rows)
{
	static const unsigned pct[] = { 0, 5, 15, 30, 60, 100 };
	char *path = sb_join(dir, "answers.csv");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("id", f);
	for (size_t i = 0; i < b->n_items; i++)
		fprintf(f, ",%s", b->items[i].id);
	fputc('\n', f);
	unsigned long x = 20261205;
	for (size_t r = 0; r < rows; r++) {
		fprintf(f, "g%03zu", r);
		for (size_t i = 0; i < b->n_items; i++) {
			const sb_response_scale *rs = &b->responses[b->items[i].response];
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			unsigned v = (unsigned)(x >> 33);
			if (v % 100 < pct[r % 6])
				fputc(',', f);
			else
				fprintf(f, ",%d", rs->min + (int)((v / 100) % (unsigned)(rs->max - rs->min + 1)));
		}
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
	return path;
}

static void test_care_answers(void **state)
{
	(void)state;
	char *answers = sb_src_path("tests/data/care_answers.csv");
	/* 7 rows of 6 scales, all scored */
	assert_int_equal(S_compare(NULL, answers, 7), 42);
	free(answers);
}

static void test_generated_answers(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	char *dir = sb_tmpdir();
	char *answers = S_answers(b, dir, 60);
	size_t n = S_compare(NULL, answers, 60);
	/* rows leaving out 0 or 5 % are scored throughout, 60 and 100 % nowhere */
	assert_true(n >= 20 * 6 && n < 60 * 6);
	sb_rmtree(dir);
	free(answers);
	free(dir);
	sb_bank_free(b);
	sb_diags_free(&d);
}

static void test_sum_scale_bank(void **state)
{
	(void)state;
	char *bank = sb_src_path("tests/banks/scoring_basic.yaml");
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(bank, &b, &d), SB_OK);
	bool sum = false;
	for (size_t i = 0; i < b->n_scales; i++)
		sum |= b->scales[i].method == SB_METHOD_SUM;
	assert_true(sum);
	char *dir = sb_tmpdir();
	char *answers = S_answers(b, dir, 48);
	size_t n = S_compare(bank, answers, 48);
	assert_true(n >= 16 * b->n_scales);
	sb_rmtree(dir);
	free(answers);
	free(dir);
	free(bank);
	sb_bank_free(b);
	sb_diags_free(&d);
}

int main(void)
{
	if (!sb_has_tool("Rscript") || system("Rscript -e 'library(psych)' >/dev/null 2>&1") != 0) {
		printf("test_template_psych: SKIPPED: Rscript with the psych package is not installed "
		       "(r-cran-psych: scripts/install-deps.sh test)\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_care_answers),
		cmocka_unit_test(test_generated_answers),
		cmocka_unit_test(test_sum_scale_bank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

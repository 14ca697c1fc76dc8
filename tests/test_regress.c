/* SPDX-License-Identifier: MIT */
/* test_regress.c — every report fixture through every renderer (lowdown's regress/ habit): each
 * fixture below is one `report` or `compare` run on the files in tests/data, and each is made in
 * text, Markdown, HTML and JSON and compared byte for byte with tests/golden/<format>/<fixture>.
 * What a fixture must say is asserted in test_cmd_report.c and test_cmd_compare.c; here a change
 * in any format of any fixture shows up as a diff. PDF is checked by test_render_pdf.c and the
 * commands' tests (its bytes carry font subsets, not a golden's business). */
#include <stdio.h>
#include <string.h>

#include "support.h"

#define S_CSV "tests/data/report_answers.csv"
#define S_COUPLE "tests/data/compare_couple.csv"
#define S_PAIR "tests/data/compare_pair.csv"
#define S_BANK "tests/data/compare_bank.yaml"
#define S_SUMMARY "tests/data/compare_summary.json"
static const char *const S_env[] = { "SOURCE_DATE_EPOCH=1772366400", NULL }; /* 2026-03-01 */

static const struct {
	const char *name;
	const char *args[20];
} S_fixtures[] = {
	{ "report_r01", { "--lang", "en", "report", S_CSV, "--id", "r01" } },
	{ "report_r01_counsellor",
	  { "--lang", "en", "report", S_CSV, "--id", "r01", "--audience", "counsellor" } },
	{ "report_r02_zh", { "--lang", "zh", "report", S_CSV, "--id", "r02" } },
	{ "compare_couple", { "--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--consent" } },
	/* the other order: p2 takes the avoidance side of the same cycle */
	{ "compare_couple_zh", { "--lang", "zh", "compare", S_COUPLE, "--ids", "p2,p1", "--consent" } },
	{ "compare_couple_counsellor",
	  { "--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--consent", "--audience",
	    "counsellor" } },
	{ "compare_retest",
	  { "--lang", "en", "--bank", S_BANK, "compare", S_PAIR, "--ids", "t1,t2", "--mode", "retest",
	    "--summary", S_SUMMARY } },
	{ "compare_retest_zh",
	  { "--lang", "zh", "--bank", S_BANK, "compare", S_PAIR, "--ids", "t1,t2", "--mode", "retest",
	    "--summary", S_SUMMARY } },
	/* without a summary: only the scale the bank's norms cover gets a verdict */
	{ "compare_retest_counsellor",
	  { "--lang", "en", "--bank", S_BANK, "compare", S_PAIR, "--ids", "t1,t2", "--mode", "retest",
	    "--audience", "counsellor" } },
	/* one client's two files under one id, on the default bank (no norms: no verdicts) */
	{ "compare_with_retest",
	  { "--lang", "en", "compare", "tests/data/compare_earlier.csv", "--ids", "c01,c01", "--with",
	    "tests/data/compare_later.csv", "--mode", "retest" } },
};

static const struct {
	const char *format, *ext;
} S_formats[] = { { "text", "txt" }, { "md", "md" }, { "html", "html" }, { "json", "json" } };

static void test_every_fixture_every_format(void **state)
{
	(void)state;
	for (size_t f = 0; f < sizeof S_fixtures / sizeof S_fixtures[0]; f++) {
		for (size_t k = 0; k < sizeof S_formats / sizeof S_formats[0]; k++) {
			const char *argv[32] = { "securebase" };
			size_t n = 1;
			for (size_t i = 0; S_fixtures[f].args[i]; i++)
				argv[n++] = S_fixtures[f].args[i];
			argv[n++] = "--format";
			argv[n++] = S_formats[k].format;
			argv[n] = NULL;
			sb_run_result r = sb_run(argv, NULL, 0, S_env, SB_SOURCE_DIR);
			if (r.status != 0 || r.err_len != 0)
				fail_msg("%s as %s: exit %d; stderr: %s", S_fixtures[f].name,
				         S_formats[k].format, r.status, r.err);
			char name[96];
			snprintf(name, sizeof name, "%s.%s", S_fixtures[f].name, S_formats[k].ext);
			sb_assert_golden(r.out, r.out_len, name);
			sb_run_free(&r);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixture_every_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

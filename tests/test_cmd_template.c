/* SPDX-License-Identifier: MIT */
/* test_cmd_template.c — `securebase template`: the header in the bank's item order, and the
 * codebook in both formats and both languages, run through the real binary. */
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "bank/bank.h"

static sb_run_result S_run(const char *const *argv)
{
	return sb_run(argv, NULL, 0, NULL, NULL);
}

static void test_header_default_bank(void **state)
{
	(void)state;
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result r = S_run(argv);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.err_len, 0);
	/* exactly "id" and every item id of the embedded bank, in the bank's (presentation) order */
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	assert_int_equal(b->n_items, 52);
	const char *p = r.out;
	assert_true(strncmp(p, "id", 2) == 0);
	p += 2;
	for (size_t i = 0; i < b->n_items; i++) {
		assert_true(*p == ',');
		p++;
		size_t n = strlen(b->items[i].id);
		assert_true(strncmp(p, b->items[i].id, n) == 0);
		p += n;
	}
	assert_string_equal(p, "\n");
	/* the first items as questions/securebase.yaml lists them */
	assert_true(strncmp(r.out, "id,anx01,avo01,sw01,hurt01,com01,cmp01,avo02,anx02,", 51) == 0);
	sb_bank_free(b);
	sb_diags_free(&d);
	sb_run_free(&r);
}

static void test_header_other_bank(void **state)
{
	(void)state;
	char *bank = sb_src_path("tests/data/answers_bank.yaml");
	const char *argv[] = { "securebase", "--bank", bank, "template", NULL };
	sb_run_result r = S_run(argv);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "id,w1,w2,c1,c2\n");
	sb_run_free(&r);
	free(bank);
}

static void test_codebook_formats(void **state)
{
	(void)state;
	char *bank = sb_src_path("tests/data/answers_bank.yaml");
	/* Markdown (the default): table syntax and inline markup in the text escaped */
	const char *md[] = { "securebase", "--lang", "en", "--bank", bank, "template", "--codebook",
		             NULL };
	sb_run_result r = S_run(md);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "| item | scale | reverse | min | max | text |\n"
	                           "|---|---|---|---|---|---|\n"
	                           "| w1 | warmth | no | -2 | 2 | I feel warm, mostly. |\n"
	                           "| w2 | warmth | yes | -2 | 2 | I feel \\*cold\\* \\| distant. |\n"
	                           "| c1 | checks | no | 0 | 1 | I check my phone. |\n"
	                           "| c2 | checks | no | 0 | 1 | =\"again\" I check |\n");
	sb_run_free(&r);
	/* CSV: quoted where needed, the text guarded against formula injection */
	const char *csv[] = { "securebase", "--bank", bank, "template", "--codebook", "--format", "csv",
	                      NULL };
	r = S_run(csv);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "item,scale,reverse,min,max,text\n"
	                           "w1,warmth,no,-2,2,\"I feel warm, mostly.\"\n"
	                           "w2,warmth,yes,-2,2,I feel *cold* | distant.\n"
	                           "c1,checks,no,0,1,I check my phone.\n"
	                           "c2,checks,no,0,1,\"'=\"\"again\"\" I check\"\n");
	sb_run_free(&r);
	const char *md2[] = { "securebase", "--bank", bank, "template", "--codebook", "--format", "md",
	                      NULL };
	r = S_run(md2);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "| item | scale |", 16) == 0);
	sb_run_free(&r);
	free(bank);
}

static void test_codebook_languages(void **state)
{
	(void)state;
	/* anx01 and a reverse-keyed item of the default bank, in each language */
	const char *zh_md[] = { "securebase", "--lang", "zh", "template", "--codebook", NULL };
	sb_run_result r = S_run(zh_md);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "| 条目 | 量表 | 反向计分 | 最小 | 最大 | 题目 |\n"));
	assert_true(sb_contains(r.out, "\n| anx01 | anxiety | 否 | 1 | 7 | "
	                               "伴侣迟迟不回消息时，我会开始猜我们之间是不是出了问题。 |\n"));
	sb_run_free(&r);

	const char *en_csv[] = { "securebase", "--lang", "en", "template", "--codebook", "--format",
		                 "csv", NULL };
	r = S_run(en_csv);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "item,scale,reverse,min,max,text\nanx01,anxiety,no,1,7,", 53) == 0);
	assert_false(sb_contains(r.out, "对方"));
	/* one line per item plus the header */
	size_t lines = 0;
	for (const char *p = r.out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 53);
	/* a safety item is in no scale */
	assert_true(sb_contains(r.out, "\nsaf01,safety,no,1,3,"));
	/* a reverse-keyed item shows "yes" */
	assert_true(sb_contains(r.out, ",yes,1,7,"));
	sb_run_free(&r);

	const char *zh_csv[] = { "securebase", "--lang", "zh", "template", "--codebook", "--format",
		                 "csv", NULL };
	r = S_run(zh_csv);
	assert_int_equal(r.status, 0);
	/* CSV column names and yes/no stay the same in every language: scripts read them */
	assert_true(strncmp(r.out, "item,scale,reverse,min,max,text\nanx01,anxiety,no,1,7,伴侣", 59) == 0);
	sb_run_free(&r);
}

static void test_usage_errors(void **state)
{
	(void)state;
	const char *bad_format[] = { "securebase", "template", "--codebook", "--format", "xml", NULL };
	sb_run_result r = S_run(bad_format);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--format takes md, csv, sql, psych or redcap, not 'xml'"));
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	const char *lone_format[] = { "securebase", "template", "--format", "csv", NULL };
	r = S_run(lone_format);
	assert_int_equal(r.status, 64);
	sb_run_free(&r);
	const char *extra[] = { "securebase", "template", "x.csv", NULL };
	r = S_run(extra);
	assert_int_equal(r.status, 64);
	sb_run_free(&r);
	const char *unknown[] = { "securebase", "template", "--nope", NULL };
	r = S_run(unknown);
	assert_int_equal(r.status, 64);
	sb_run_free(&r);
	/* a bank that cannot be opened */
	const char *nobank[] = { "securebase", "--bank", "/nonexistent/b.yaml", "template", NULL };
	r = S_run(nobank);
	assert_int_equal(r.status, 66);
	sb_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_default_bank),
		cmocka_unit_test(test_header_other_bank),
		cmocka_unit_test(test_codebook_formats),
		cmocka_unit_test(test_codebook_languages),
		cmocka_unit_test(test_usage_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

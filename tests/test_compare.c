/* test_compare.c — comparisons: couple patterns in the bank (loading, with exact positions),
 * the reliable change index by hand, pattern selection for every combination of bands of the
 * default bank in both orders, style movement, the cohort summary reader, the report builder
 * for both modes, audiences and languages, and allocation failures throughout. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "alloc.h"
#include "bank.h"
#include "buf.h"
#include "compare.h"
#include "doc.h"
#include "score.h"

/* ---- couple patterns in the bank: a small bank, lines replaced by number ---- */

static const char *const S_base[] = {
	/*  1 */ "format: 1",
	/*  2 */ "id: pair",
	/*  3 */ "version: \"1\"",
	/*  4 */ "title: {zh: 标题, en: Title}",
	/*  5 */ "languages: [zh, en]",
	/*  6 */ "attribution: {zh: 署名, en: Attribution}",
	/*  7 */ "response_scales:",
	/*  8 */ "  - id: r4",
	/*  9 */ "    min: 1",
	/* 10 */ "    max: 4",
	/* 11 */ "    labels: {1: {zh: 一, en: One}, 2: {zh: 二, en: Two}, 3: {zh: 三, en: Three}, 4: {zh: 四, en: Four}}",
	/* 12 */ "steps:",
	/* 13 */ "  - id: talk",
	/* 14 */ "    title: {zh: 谈, en: Talk}",
	/* 15 */ "    summary: {zh: 谈谈, en: Talk it over}",
	/* 16 */ "    actions: [{zh: 说, en: Say it}]",
	/* 17 */ "texts:",
	/* 18 */ "  about: {zh: 关于, en: About}",
	/* 19 */ "  instructions: {zh: 说明, en: Instructions}",
	/* 20 */ "  disclaimer: {zh: 声明, en: Disclaimer}",
	/* 21 */ "  why_it_matters: {zh: 为何, en: Why}",
	/* 22 */ "  professional_help: {zh: 求助, en: Help}",
	/* 23 */ "  emergency: {zh: 紧急, en: Emergency}",
	/* 24 */ "  closing: {zh: 结语, en: Closing}",
	/* 25 */ "scales:",
	/* 26 */ "  - id: anx",
	/* 27 */ "    name: {zh: 焦虑, en: Anxiety}",
	/* 28 */ "    description: {zh: 描述, en: Description}",
	/* 29 */ "    method: mean",
	/* 30 */ "    bands:",
	/* 31 */ "      - {id: low, min: 1, max: 2.5, label: {zh: 低, en: Low}, shows_up: {zh: 表现, en: Shows}, origins: {zh: 来源, en: Origins}, steps: [], starters: []}",
	/* 32 */ "      - {id: high, min: 2.5, max: 4, label: {zh: 高, en: High}, shows_up: {zh: 表现, en: Shows}, origins: {zh: 来源, en: Origins}, steps: [], starters: []}",
	/* 33 */ "  - id: avo",
	/* 34 */ "    name: {zh: 回避, en: Avoidance}",
	/* 35 */ "    description: {zh: 描述, en: Description}",
	/* 36 */ "    method: mean",
	/* 37 */ "    bands:",
	/* 38 */ "      - {id: low, min: 1, max: 2, label: {zh: 低, en: Low}, shows_up: {zh: 表现, en: Shows}, origins: {zh: 来源, en: Origins}, steps: [], starters: []}",
	/* 39 */ "      - {id: mid, min: 2, max: 3, label: {zh: 中, en: Mid}, shows_up: {zh: 表现, en: Shows}, origins: {zh: 来源, en: Origins}, steps: [], starters: []}",
	/* 40 */ "      - {id: high, min: 3, max: 4, label: {zh: 高, en: High}, shows_up: {zh: 表现, en: Shows}, origins: {zh: 来源, en: Origins}, steps: [], starters: []}",
	/* 41 */ "items:",
	/* 42 */ "  - {id: a1, scale: anx, response: r4, reverse: false, text: {zh: 一, en: One}}",
	/* 43 */ "  - {id: v1, scale: avo, response: r4, reverse: false, text: {zh: 二, en: Two}}",
	/* 44 */ "  - {id: a2, scale: anx, response: r4, reverse: true, text: {zh: 三, en: Three}}",
	/* 45 */ "  - {id: v2, scale: avo, response: r4, reverse: false, text: {zh: 四, en: Four}}",
	/* 46 */ "couple_patterns:",
	/* 47 */ "  - id: cycle",
	/* 48 */ "    when:",
	/* 49 */ "      - {scale: anx, bands: [high], starters: [{zh: 甲, en: For the first}]}",
	/* 50 */ "      - {scale: avo, bands: [high, mid]}",
	/* 51 */ "    title: {zh: 循环, en: Cycle}",
	/* 52 */ "    explanation: {zh: 解释, en: Explanation}",
	/* 53 */ "    starters: [{zh: 一起, en: Together}]",
	/* 54 */ "    steps: [talk]",
	/* 55 */ "    seek_help: true",
	/* 56 */ "  - id: calm",
	/* 57 */ "    when:",
	/* 58 */ "      - {scales: [anx, avo], bands: [low], at_least: 1}",
	/* 59 */ "    title: {zh: 平静, en: Calm}",
	/* 60 */ "    explanation: {zh: 解释, en: Explanation}",
	/* 61 */ "    starters: []",
	/* 62 */ "    steps: []",
};
#define S_NLINES (sizeof S_base / sizeof S_base[0])

typedef struct {
	int line;
	const char *text; /* NULL deletes the line; several lines shift the ones after */
} S_ed;

static char *S_bank_with(const S_ed *eds, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	for (size_t i = 0; i < S_NLINES; i++) {
		const S_ed *e = NULL;
		for (size_t k = 0; k < n; k++)
			if (eds[k].line == (int)i + 1)
				e = &eds[k];
		if (!e)
			fprintf(f, "%s\n", S_base[i]);
		else if (e->text)
			fprintf(f, "%s\n", e->text);
	}
	assert_int_equal(fclose(f), 0);
	return out;
}

#define S_WITH(...) \
	S_bank_with((const S_ed[]){ __VA_ARGS__ }, sizeof((const S_ed[]){ __VA_ARGS__ }) / sizeof(S_ed))

static void S_print(const sb_diags *d)
{
	char line[2048];
	for (size_t i = 0; i < d->n; i++) {
		sb_diag_format(&d->v[i], line, sizeof line);
		print_message("  %s\n", line);
	}
}

static sb_bank *S_loads(const char *yaml)
{
	sb_diags d = { 0 };
	sb_bank *b = NULL;
	sb_status st = sb_bank_load(yaml, strlen(yaml), "t.yaml", &b, &d);
	if (st != SB_OK)
		S_print(&d);
	assert_int_equal(st, SB_OK);
	assert_int_equal(d.n, 0);
	sb_diags_free(&d);
	return b;
}

/* The bank (freed here) fails with exactly one problem: at line:col, its message containing
 * text. */
static void S_only(char *yaml, long line, long col, const char *text)
{
	sb_diags d = { 0 };
	sb_bank *b = NULL;
	sb_status st = sb_bank_load(yaml, strlen(yaml), "t.yaml", &b, &d);
	if (st != SB_ERR_DATA || d.n != 1 || d.v[0].line != line || d.v[0].column != col ||
	    !sb_contains(d.v[0].message, text)) {
		print_message("expected only %ld:%ld: ...%s..., got:\n", line, col, text);
		S_print(&d);
	}
	assert_int_equal(st, SB_ERR_DATA);
	assert_null(b);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "t.yaml");
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].column, col);
	assert_true(sb_contains(d.v[0].message, text));
	sb_diags_free(&d);
	free(yaml);
}

static void test_bank_patterns_model(void **state)
{
	(void)state;
	char *y = S_bank_with(NULL, 0);
	sb_bank *b = S_loads(y);
	assert_int_equal(b->n_couple_patterns, 2);
	const sb_couple_pattern *p = &b->couple_patterns[0];
	assert_string_equal(p->id, "cycle");
	assert_int_equal(p->n_when, 2);
	assert_int_equal(p->when[0].n_scales, 1);
	assert_int_equal(p->when[0].scales[0], 0);
	assert_int_equal(p->when[0].at_least, 1);
	assert_int_equal(p->when[0].n_bands, 1);
	assert_string_equal(p->when[0].bands[0], "high");
	assert_int_equal(p->when[0].n_starters, 1);
	assert_string_equal(p->when[0].starters[0].s[SB_LANG_EN], "For the first");
	assert_int_equal(p->when[1].scales[0], 1);
	assert_int_equal(p->when[1].n_bands, 2);
	assert_string_equal(p->when[1].bands[1], "mid");
	assert_int_equal(p->when[1].n_starters, 0);
	assert_string_equal(p->title.s[SB_LANG_ZH], "循环");
	assert_string_equal(p->explanation.s[SB_LANG_EN], "Explanation");
	assert_int_equal(p->n_starters, 1);
	assert_int_equal(p->n_steps, 1);
	assert_int_equal(p->steps[0], 0);
	assert_true(p->seek_help);
	p = &b->couple_patterns[1];
	assert_string_equal(p->id, "calm");
	assert_int_equal(p->n_when, 1);
	assert_int_equal(p->when[0].n_scales, 2);
	assert_int_equal(p->when[0].scales[1], 1);
	assert_int_equal(p->when[0].at_least, 1);
	assert_int_equal(p->n_starters, 0);
	assert_int_equal(p->n_steps, 0);
	assert_false(p->seek_help);
	/* The comparison texts are optional: absent, every language is NULL. */
	assert_null(b->texts.couple_note.s[SB_LANG_EN]);
	assert_null(b->texts.retest_note.s[SB_LANG_ZH]);
	assert_null(b->texts.retest_no_verdict.s[SB_LANG_EN]);
	/* The dump shows them, one fact per line. */
	sb_buf out = { 0 };
	sb_bank_dump(b, &out);
	assert_true(sb_contains(out.data, "couple.cycle.when.1 = scales anx bands high at_least 1\n"
	                                  "couple.cycle.when.1.starter.1.zh = \"甲\"\n"));
	assert_true(sb_contains(out.data, "couple.cycle.when.2 = scales avo bands high mid at_least 1\n"));
	assert_true(sb_contains(out.data, "couple.cycle.steps = talk\ncouple.cycle.seek_help = true\n"));
	assert_true(sb_contains(out.data, "couple.calm.when.1 = scales anx avo bands low at_least 1\n"));
	sb_buf_free(&out);
	sb_bank_free(b);
	free(y);

	/* Without `at_least` a several-scale condition needs all of them; the texts load. */
	y = S_WITH({ 24, "  closing: {zh: 结语, en: Closing}\n"
	                 "  couple_note: {zh: 伴侣, en: Couple}\n"
	                 "  retest_note: {zh: 复测, en: Retest}\n"
	                 "  retest_no_verdict: {zh: 无, en: None}" },
	           { 58, "      - {scales: [anx, avo], bands: [low]}" });
	b = S_loads(y);
	assert_int_equal(b->couple_patterns[1].when[0].at_least, 2);
	assert_string_equal(b->texts.couple_note.s[SB_LANG_EN], "Couple");
	assert_string_equal(b->texts.retest_note.s[SB_LANG_ZH], "复测");
	assert_string_equal(b->texts.retest_no_verdict.s[SB_LANG_EN], "None");
	sb_bank_free(b);
	free(y);

	/* A bank without couple_patterns has none (older banks load as before). */
	y = S_bank_with(NULL, 0);
	*strstr(y, "couple_patterns:") = '\0';
	b = S_loads(y);
	assert_int_equal(b->n_couple_patterns, 0);
	assert_null(b->couple_patterns);
	sb_bank_free(b);
	free(y);
}

static void test_bank_patterns_errors(void **state)
{
	(void)state;
	/* Unknown ids in a pattern, each at the id's own line and column. */
	S_only(S_WITH({ 49, "      - {scale: anxx, bands: [high]}" }), 49, 17,
	       "unknown scale 'anxx' in condition 1 of couple pattern 'cycle' (expected one of: "
	       "anx, avo)");
	S_only(S_WITH({ 50, "      - {scale: avo, bands: [high, middle]}" }), 50, 36,
	       "unknown band 'middle' of scale 'avo' in condition 2 of couple pattern 'cycle' "
	       "(expected one of: low, mid, high)");
	/* A band id must exist on every scale the condition names: anx has no 'mid'. */
	S_only(S_WITH({ 58, "      - {scales: [anx, avo], bands: [mid]}" }), 58, 38,
	       "unknown band 'mid' of scale 'anx' in condition 1 of couple pattern 'calm'");
	S_only(S_WITH({ 58, "      - {scales: [anx, avx], bands: [low]}" }), 58, 24,
	       "unknown scale 'avx' in condition 1 of couple pattern 'calm'");
	S_only(S_WITH({ 54, "    steps: [tlak]" }), 54, 13,
	       "unknown step 'tlak' in steps of couple pattern 'cycle' (expected one of: talk)");
	/* The shape of a condition. */
	S_only(S_WITH({ 58, "      - {scales: [anx, avo], bands: [low], at_least: 3}" }), 58, 54,
	       "at_least 3 of condition 1 of couple pattern 'calm' is outside 1..2");
	S_only(S_WITH({ 58, "      - {scales: [anx, avo], bands: [low], at_least: 0}" }), 58, 54,
	       "at_least 0 of condition 1 of couple pattern 'calm' is outside 1..2");
	S_only(S_WITH({ 49, "      - {scale: anx, bands: [high], at_least: 1}" }), 49, 47,
	       "at_least in condition 1 of couple pattern 'cycle' needs scales (a list), not scale");
	S_only(S_WITH({ 49, "      - {scale: anx, scales: [anx], bands: [high]}" }), 49, 30,
	       "both scale and scales in condition 1 of couple pattern 'cycle'");
	S_only(S_WITH({ 49, "      - {bands: [high]}" }), 49, 9,
	       "missing key 'scale' (or 'scales') in condition 1 of couple pattern 'cycle'");
	S_only(S_WITH({ 49, "      - {scale: anx, bands: []}" }), 49, 29,
	       "expected at least one band in bands of condition 1 of couple pattern 'cycle'");
	S_only(S_WITH({ 58, "      - {scales: [anx, anx], bands: [low]}" }), 58, 24,
	       "scale 'anx' named twice in condition 1 of couple pattern 'calm'");
	S_only(S_WITH({ 58, "      - {scale: anx, bands: [low], colour: red}" }), 58, 36,
	       "unknown key 'colour' in condition 1 of couple pattern 'calm' (expected one of: "
	       "scale, scales, bands, at_least, starters)");
	/* The shape of a pattern. */
	S_only(S_WITH({ 48, "    when: []" }, { 49, NULL }, { 50, NULL }), 48, 11,
	       "expected one or two conditions in when of couple pattern 'cycle', found 0");
	S_only(S_WITH({ 50, "      - {scale: avo, bands: [high]}\n      - {scale: avo, bands: [low]}" }),
	       49, 7, "expected one or two conditions in when of couple pattern 'cycle', found 3");
	S_only(S_WITH({ 51, NULL }), 47, 5,
	       "missing key 'title' in couple pattern 'cycle'");
	S_only(S_WITH({ 52, "    explanation: {zh: 解释}" }), 52, 18,
	       "missing language 'en' in explanation of couple pattern 'cycle'");
	S_only(S_WITH({ 55, "    seek_help: often" }), 55, 16,
	       "expected true or false for seek_help of couple pattern 'cycle'");
	S_only(S_WITH({ 56, "  - id: cycle" }), 56, 9,
	       "duplicate id 'cycle' for the couple pattern (first used by the couple pattern on "
	       "line 47)");
	S_only(S_WITH({ 46, "couple_patterns: {}" }, { 47, NULL }, { 48, NULL }, { 49, NULL },
	              { 50, NULL }, { 51, NULL }, { 52, NULL }, { 53, NULL }, { 54, NULL },
	              { 55, NULL }, { 56, NULL }, { 57, NULL }, { 58, NULL }, { 59, NULL },
	              { 60, NULL }, { 61, NULL }, { 62, NULL }),
	       46, 18, "expected a list for couple_patterns, found a mapping");
	S_only(S_WITH({ 24, "  closing: {zh: 结语, en: Closing}\n  couple_note: {en: Couple}" }), 25, 16,
	       "missing language 'zh' in couple_note of texts");
}

static void test_default_bank_patterns(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	assert_int_equal(b->n_couple_patterns, 8);
	static const char *const ids[] = { "pursue_withdraw", "both_anxious", "both_avoidant",
		                           "past_hurt", "communication_gap", "comparison",
		                           "self_doubt", "both_mostly_low" };
	for (size_t i = 0; i < 8; i++) {
		const sb_couple_pattern *p = &b->couple_patterns[i];
		assert_string_equal(p->id, ids[i]);
		for (int l = 0; l < SB_LANG_COUNT; l++) {
			assert_non_null(p->title.s[l]);
			assert_non_null(p->explanation.s[l]);
		}
		assert_true(p->n_steps >= 1);
	}
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		assert_non_null(b->texts.couple_note.s[l]);
		assert_non_null(b->texts.retest_note.s[l]);
		assert_non_null(b->texts.retest_no_verdict.s[l]);
	}
	sb_bank_free(b);
	sb_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank_patterns_model),
		cmocka_unit_test(test_bank_patterns_errors),
		cmocka_unit_test(test_default_bank_patterns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* test_compare.c — comparisons: couple patterns in the bank (loading, with exact positions),
 * the reliable change index by hand, pattern selection for every combination of bands of the
 * default bank in both orders, style movement, the cohort summary reader, the report builder
 * for both modes, audiences and languages, and allocation failures throughout. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "bank/bank.h"
#include "base/buf.h"
#include "score/compare.h"
#include "report/compare_report.h"
#include "report/doc.h"
#include "render/render.h"
#include "score/score.h"

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

/* The base bank with the edits given: S_WITH({ 12, "new line 12" }, { 30, NULL }). */
#define S_WITH(...) SB_LINES_WITH(S_base, S_NLINES, __VA_ARGS__)

static void test_bank_patterns_model(void **state)
{
	(void)state;
	char *y = sb_lines_with(S_base, S_NLINES, NULL, 0);
	sb_bank *b = sb_yaml_loads(y);
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
	b = sb_yaml_loads(y);
	assert_int_equal(b->couple_patterns[1].when[0].at_least, 2);
	assert_string_equal(b->texts.couple_note.s[SB_LANG_EN], "Couple");
	assert_string_equal(b->texts.retest_note.s[SB_LANG_ZH], "复测");
	assert_string_equal(b->texts.retest_no_verdict.s[SB_LANG_EN], "None");
	sb_bank_free(b);
	free(y);

	/* A bank without couple_patterns has none (older banks load as before). */
	y = sb_lines_with(S_base, S_NLINES, NULL, 0);
	*strstr(y, "couple_patterns:") = '\0';
	b = sb_yaml_loads(y);
	assert_int_equal(b->n_couple_patterns, 0);
	assert_null(b->couple_patterns);
	sb_bank_free(b);
	free(y);
}

static void test_bank_patterns_errors(void **state)
{
	(void)state;
	/* Unknown ids in a pattern, each at the id's own line and column. */
	sb_yaml_only(S_WITH({ 49, "      - {scale: anxx, bands: [high]}" }), 49, 17,
	             "unknown scale 'anxx' in condition 1 of couple pattern 'cycle' (expected one of: "
	             "anx, avo)");
	sb_yaml_only(S_WITH({ 50, "      - {scale: avo, bands: [high, middle]}" }), 50, 36,
	             "unknown band 'middle' of scale 'avo' in condition 2 of couple pattern 'cycle' "
	             "(expected one of: low, mid, high)");
	/* A band id must exist on every scale the condition names: anx has no 'mid'. */
	sb_yaml_only(S_WITH({ 58, "      - {scales: [anx, avo], bands: [mid]}" }), 58, 38,
	             "unknown band 'mid' of scale 'anx' in condition 1 of couple pattern 'calm'");
	sb_yaml_only(S_WITH({ 58, "      - {scales: [anx, avx], bands: [low]}" }), 58, 24,
	             "unknown scale 'avx' in condition 1 of couple pattern 'calm'");
	sb_yaml_only(S_WITH({ 54, "    steps: [tlak]" }), 54, 13,
	             "unknown step 'tlak' in steps of couple pattern 'cycle' (expected one of: talk)");
	/* The shape of a condition. */
	sb_yaml_only(S_WITH({ 58, "      - {scales: [anx, avo], bands: [low], at_least: 3}" }), 58, 54,
	             "at_least 3 of condition 1 of couple pattern 'calm' is outside 1..2");
	sb_yaml_only(S_WITH({ 58, "      - {scales: [anx, avo], bands: [low], at_least: 0}" }), 58, 54,
	             "at_least 0 of condition 1 of couple pattern 'calm' is outside 1..2");
	sb_yaml_only(S_WITH({ 49, "      - {scale: anx, bands: [high], at_least: 1}" }), 49, 47,
	             "at_least in condition 1 of couple pattern 'cycle' needs scales (a list), not "
	             "scale");
	sb_yaml_only(S_WITH({ 49, "      - {scale: anx, scales: [anx], bands: [high]}" }), 49, 30,
	             "both scale and scales in condition 1 of couple pattern 'cycle'");
	sb_yaml_only(S_WITH({ 49, "      - {bands: [high]}" }), 49, 9,
	             "missing key 'scale' (or 'scales') in condition 1 of couple pattern 'cycle'");
	sb_yaml_only(S_WITH({ 49, "      - {scale: anx, bands: []}" }), 49, 29,
	             "expected at least one band in bands of condition 1 of couple pattern 'cycle'");
	sb_yaml_only(S_WITH({ 58, "      - {scales: [anx, anx], bands: [low]}" }), 58, 24,
	             "scale 'anx' named twice in condition 1 of couple pattern 'calm'");
	sb_yaml_only(S_WITH({ 58, "      - {scale: anx, bands: [low], colour: red}" }), 58, 36,
	             "unknown key 'colour' in condition 1 of couple pattern 'calm' (expected one of: "
	             "scale, scales, bands, at_least, starters)");
	/* The shape of a pattern. */
	sb_yaml_only(S_WITH({ 48, "    when: []" }, { 49, NULL }, { 50, NULL }), 48, 11,
	             "expected one or two conditions in when of couple pattern 'cycle', found 0");
	sb_yaml_only(S_WITH({ 50, "      - {scale: avo, bands: [high]}\n"
	                          "      - {scale: avo, bands: [low]}" }),
	             49, 7, "expected one or two conditions in when of couple pattern 'cycle', "
	             "found 3");
	sb_yaml_only(S_WITH({ 51, NULL }), 47, 5,
	             "missing key 'title' in couple pattern 'cycle'");
	sb_yaml_only(S_WITH({ 52, "    explanation: {zh: 解释}" }), 52, 18,
	             "missing language 'en' in explanation of couple pattern 'cycle'");
	sb_yaml_only(S_WITH({ 55, "    seek_help: often" }), 55, 16,
	             "expected true or false for seek_help of couple pattern 'cycle'");
	sb_yaml_only(S_WITH({ 56, "  - id: cycle" }), 56, 9,
	             "duplicate id 'cycle' for the couple pattern (first used by the couple pattern on "
	             "line 47)");
	sb_yaml_only(S_WITH({ 46, "couple_patterns: {}" }, { 47, NULL }, { 48, NULL }, { 49, NULL },
	                    { 50, NULL }, { 51, NULL }, { 52, NULL }, { 53, NULL }, { 54, NULL },
	                    { 55, NULL }, { 56, NULL }, { 57, NULL }, { 58, NULL }, { 59, NULL },
	                    { 60, NULL }, { 61, NULL }, { 62, NULL }),
	             46, 18, "expected a list for couple_patterns, found a mapping");
	sb_yaml_only(S_WITH({ 24, "  closing: {zh: 结语, en: Closing}\n  couple_note: {en: Couple}" }),
	             25, 16,
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

/* ---- the reliable change index, by hand ---- */

static void test_rci_formula(void **state)
{
	(void)state;
	/* SD 1, r 0.84: SE of the difference = 1 x sqrt(2) x sqrt(0.16) = 1.41421356 x 0.4
	 * = 0.56568542. */
	/* 5.5 -> 3.0: (3.0 - 5.5) / 0.56568542 = -4.41941738: a reliable decrease. */
	assert_float_equal(sb_rci(5.5, 3.0, 1.0, 0.84), -4.41941738, 1e-8);
	/* 4.0 -> 3.5: -0.5 / 0.56568542 = -0.88388348: within measurement error. */
	assert_float_equal(sb_rci(4.0, 3.5, 1.0, 0.84), -0.88388348, 1e-8);
	/* 3.0 -> 4.25: 1.25 / 0.56568542 = 2.20970869: a reliable increase. */
	assert_float_equal(sb_rci(3.0, 4.25, 1.0, 0.84), 2.20970869, 1e-8);
	/* SD 0.5, r 0.75: SE = 0.5 x 1.41421356 x 0.5 = 0.35355339; 2 -> 3: 2.82842712. */
	assert_float_equal(sb_rci(2.0, 3.0, 0.5, 0.75), 2.82842712, 1e-8);
	/* r = 0: SE = SD x sqrt(2); 1 -> 2 with SD 1: 0.70710678. */
	assert_float_equal(sb_rci(1.0, 2.0, 1.0, 0.0), 0.70710678, 1e-8);
	/* Undefined: no SD, a perfect or negative reliability, a missing score. */
	assert_true(isnan(sb_rci(1, 2, 0, 0.8)));
	assert_true(isnan(sb_rci(1, 2, 1, 1.0)));
	assert_true(isnan(sb_rci(1, 2, 1, -0.1)));
	assert_true(isnan(sb_rci(NAN, 2, 1, 0.8)));
	assert_true(isnan(sb_rci(1, 2, NAN, 0.8)));
	assert_true(isnan(sb_rci(1, 2, 1, NAN)));
}

/* ---- results from answers on the fixture bank ---- */

static sb_bank *S_fixture(void)
{
	char *path = sb_src_path("tests/data/compare_bank.yaml");
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	sb_status st = sb_bank_load_file(path, &b, &d);
	if (st != SB_OK)
		sb_print_diags(&d);
	assert_int_equal(st, SB_OK);
	sb_diags_free(&d);
	free(path);
	return b;
}

/* Scores answers (bank item order: an1 av1 hu1 an2 av2 hu2 an3 av3 hu3 an4(R) av4(R) hu4). */
static void S_score(const sb_bank *b, const int *answers, sb_result *r)
{
	assert_int_equal(sb_result_init(r, b), SB_OK);
	sb_score(b, answers, r);
}

/* anxiety (6+5+6+(8-3))/4 = 5.5, avoidance (2+2+2+(8-6))/4 = 2.0, hurt 5.0. */
static const int S_t1[12] = { 6, 2, 5, 5, 2, 5, 6, 2, 5, 3, 6, 5 };
/* anxiety (3+3+3+(8-5))/4 = 3.0, avoidance (3+3+3+(8-5))/4 = 3.0, hurt (4+5+4+5)/4 = 4.5. */
static const int S_t2[12] = { 3, 3, 4, 3, 3, 5, 3, 3, 4, 5, 5, 5 };

static sb_cohort *S_summary(const sb_bank *b, const char *rel)
{
	char *path = sb_src_path(rel);
	sb_cohort *c = NULL;
	sb_diags d = { 0 };
	sb_status st = sb_cohort_load_file(path, b, &c, &d);
	if (st != SB_OK)
		sb_print_diags(&d);
	assert_int_equal(st, SB_OK);
	sb_diags_free(&d);
	free(path);
	return c;
}

static void test_retest_verdicts(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	sb_result r1, r2;
	S_score(b, S_t1, &r1);
	S_score(b, S_t2, &r2);
	assert_float_equal(r1.scales[0].score, 5.5, 1e-12);
	assert_float_equal(r2.scales[0].score, 3.0, 1e-12);
	sb_diags d = { 0 };
	sb_compare *c = NULL;

	/* No summary: anxiety has the bank's reliability, the others none. */
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, NULL, &c, &d), SB_OK);
	const sb_scale_change *anx = &c->scales[0], *avo = &c->scales[1], *hurt = &c->scales[2];
	assert_true(anx->both_scored);
	assert_float_equal(anx->diff, -2.5, 1e-12);
	assert_int_equal(anx->source, SB_RELIABILITY_BANK);
	assert_float_equal(anx->sd, 1.0, 0);
	assert_float_equal(anx->reliability, 0.84, 0);
	assert_float_equal(anx->se_diff, 0.56568542, 1e-8);
	assert_float_equal(anx->rci, -4.41941738, 1e-8);
	assert_int_equal(anx->change, SB_CHANGE_IMPROVED);
	assert_int_equal(anx->no_verdict, SB_NO_VERDICT_NONE);
	/* Avoidance: norms without a reliability, and no summary: the change, and why no verdict. */
	assert_float_equal(avo->diff, 1.0, 1e-12);
	assert_int_equal(avo->change, SB_CHANGE_NO_VERDICT);
	assert_int_equal(avo->no_verdict, SB_NO_VERDICT_NO_SOURCE);
	assert_int_equal(avo->source, SB_RELIABILITY_NONE);
	assert_true(isnan(avo->rci) && isnan(avo->sd) && isnan(avo->se_diff));
	assert_float_equal(hurt->diff, -0.5, 1e-12);
	assert_int_equal(hurt->no_verdict, SB_NO_VERDICT_NO_SOURCE);
	assert_true(c->any_no_verdict);
	assert_null(c->summary_source);
	/* preoccupied (anxiety 5.5 >= 4, avoidance 2 < 4) -> secure (3 and 3). */
	assert_true(c->both_styles);
	assert_int_equal(r1.style, SB_STYLE_PREOCCUPIED);
	assert_int_equal(r2.style, SB_STYLE_SECURE);
	assert_true(c->style_moved);
	/* The later result has hurt 4.5 in its highest band: help up front. */
	assert_true(c->seek_help);
	assert_int_equal(c->n_matches, 0); /* patterns are for couples */
	sb_compare_free(c);

	/* With the summary: avoidance from it (SD 0.5, alpha 0.75: RCI 1 / 0.35355339 = 2.82842712,
	 * a reliable increase); anxiety still from the bank (the summary's 1.3 and 0.7 unused);
	 * hurt's SD and alpha are null in it. */
	sb_cohort *sum = S_summary(b, "tests/data/compare_summary.json");
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, sum, &c, &d), SB_OK);
	assert_int_equal(c->scales[0].source, SB_RELIABILITY_BANK);
	assert_float_equal(c->scales[0].sd, 1.0, 0);
	assert_int_equal(c->scales[1].source, SB_RELIABILITY_SUMMARY);
	assert_float_equal(c->scales[1].sd, 0.5, 0);
	assert_float_equal(c->scales[1].reliability, 0.75, 0);
	assert_float_equal(c->scales[1].se_diff, 0.35355339, 1e-8);
	assert_float_equal(c->scales[1].rci, 2.82842712, 1e-8);
	assert_int_equal(c->scales[1].change, SB_CHANGE_WORSENED);
	assert_int_equal(c->scales[2].change, SB_CHANGE_NO_VERDICT);
	assert_int_equal(c->scales[2].no_verdict, SB_NO_VERDICT_SUMMARY_NULL);
	assert_true(sb_contains(c->summary_source, "compare_summary.json"));
	sb_compare_free(c);

	/* A summary without the scale, and one with a reliability of 1 (the index is undefined). */
	sum->scales[2].present = false;
	sum->scales[1].alpha = 1.0;
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, sum, &c, &d), SB_OK);
	assert_int_equal(c->scales[2].no_verdict, SB_NO_VERDICT_NOT_IN_SUMMARY);
	assert_int_equal(c->scales[1].change, SB_CHANGE_NO_VERDICT);
	assert_int_equal(c->scales[1].no_verdict, SB_NO_VERDICT_DEGENERATE);
	sb_compare_free(c);
	sb_cohort_free(sum);

	/* No reliable change: anxiety 4.0 -> 3.5, RCI -0.88388348; and a reliable increase:
	 * 3.0 -> 4.25 (keyed 4+4+5+4 = 17, / 4), RCI 2.20970869. */
	static const int a40[12] = { 4, 3, 2, 4, 3, 2, 4, 3, 2, 4, 5, 2 };
	static const int a35[12] = { 4, 3, 2, 3, 3, 2, 4, 3, 2, 5, 5, 2 };
	static const int a425[12] = { 4, 3, 2, 4, 3, 2, 5, 3, 2, 4, 5, 2 };
	sb_result_free(&r1);
	sb_result_free(&r2);
	S_score(b, a40, &r1);
	S_score(b, a35, &r2);
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, NULL, &c, &d), SB_OK);
	assert_float_equal(c->scales[0].rci, -0.88388348, 1e-8);
	assert_int_equal(c->scales[0].change, SB_CHANGE_NONE);
	/* Anxiety 4.0 is at the cut-off, so high (and near the boundary): preoccupied; 3.5 is
	 * secure. */
	assert_int_equal(r1.style, SB_STYLE_PREOCCUPIED);
	assert_true(r1.near_boundary);
	assert_int_equal(r2.style, SB_STYLE_SECURE);
	assert_true(c->style_moved);
	assert_false(c->seek_help);
	sb_compare_free(c);
	/* The same result twice: no change anywhere, no movement. */
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r1, NULL, &c, &d), SB_OK);
	assert_float_equal(c->scales[0].diff, 0, 0);
	assert_float_equal(c->scales[0].rci, 0, 0);
	assert_int_equal(c->scales[0].change, SB_CHANGE_NONE);
	assert_true(c->both_styles);
	assert_false(c->style_moved);
	sb_compare_free(c);
	sb_result_free(&r1);
	sb_result_free(&r2);
	S_score(b, S_t2, &r1);
	S_score(b, a425, &r2);
	assert_float_equal(r2.scales[0].score, 4.25, 1e-12);
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, NULL, &c, &d), SB_OK);
	assert_float_equal(c->scales[0].rci, 2.20970869, 1e-8);
	assert_int_equal(c->scales[0].change, SB_CHANGE_WORSENED);
	sb_compare_free(c);

	/* A scale not scored at one time has no change at all. */
	int miss[12];
	memcpy(miss, S_t1, sizeof miss);
	miss[0] = miss[3] = SB_MISSING; /* 2 of 4 anxiety items: below 0.8 */
	sb_result_free(&r2);
	S_score(b, miss, &r2);
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, NULL, &c, &d), SB_OK);
	assert_false(c->scales[0].both_scored);
	assert_int_equal(c->scales[0].change, SB_CHANGE_NOT_SCORED);
	assert_true(isnan(c->scales[0].diff));
	assert_false(c->both_styles);
	assert_false(c->style_moved);
	/* Unscored scales sort last in the order of differences. */
	assert_int_equal(c->order[2], 0);
	sb_compare_free(c);
	assert_int_equal(d.n, 0);
	sb_result_free(&r1);
	sb_result_free(&r2);
	sb_bank_free(b);
}

/* ---- couple patterns of the default bank: every combination, both orders ---- */

/* A result on bank b in which each scale named in spec ("anxiety=high past_hurt=low") is in that
 * band (at the band's middle) and every other scale in `rest` ("" leaves it not scored). */
static void S_banded(const sb_bank *b, const char *spec, const char *rest, sb_result *r)
{
	assert_int_equal(sb_result_init(r, b), SB_OK);
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale *s = &b->scales[i];
		const char *want = rest;
		char key[80], band[40];
		snprintf(key, sizeof key, "%s=", s->id);
		const char *at = strstr(spec, key);
		if (at && (at == spec || at[-1] == ' ')) {
			sscanf(at + strlen(key), "%39[a-z_]", band);
			want = band;
		}
		sb_scale_result *sr = &r->scales[i];
		sr->n_items = s->n_items;
		if (!*want) {
			sr->scored = false;
			sr->score = NAN;
			sr->band = SB_NONE;
			continue;
		}
		size_t k = 0;
		while (k < s->n_bands && strcmp(s->bands[k].id, want) != 0)
			k++;
		assert_true(k < s->n_bands);
		sr->scored = true;
		sr->answered = s->n_items;
		sr->band = k;
		sr->score = (s->bands[k].min + s->bands[k].max) / 2;
	}
}

/* Compares A and B on the default bank and returns the matched pattern ids, space-separated, each
 * followed by its roles as "[c1:AB c2:B]" (which partner takes which condition). */
static void S_couple(const sb_bank *b, const char *a, const char *z, const char *rest, char *out,
                     size_t size)
{
	sb_result ra, rz;
	S_banded(b, a, rest, &ra);
	S_banded(b, z, rest, &rz);
	sb_compare *c = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_compare_run(b, SB_COMPARE_COUPLE, &ra, &rz, NULL, &c, &d), SB_OK);
	size_t used = 0;
	out[0] = '\0';
	for (size_t k = 0; k < c->n_matches; k++) {
		const sb_pattern_match *m = &c->matches[k];
		const sb_couple_pattern *p = &b->couple_patterns[m->pattern];
		used += (size_t)snprintf(out + used, size - used, "%s%s[", k ? " " : "", p->id);
		for (size_t w = 0; w < p->n_when; w++)
			used += (size_t)snprintf(out + used, size - used, "%sc%zu:%s%s", w ? " " : "", w + 1,
			                         m->role[w][0] ? "A" : "", m->role[w][1] ? "B" : "");
		used += (size_t)snprintf(out + used, size - used, "]");
	}
	sb_compare_free(c);
	sb_result_free(&ra);
	sb_result_free(&rz);
}

static void S_expect(const sb_bank *b, const char *a, const char *z, const char *rest,
                     const char *want)
{
	char got[512];
	S_couple(b, a, z, rest, got, sizeof got);
	if (strcmp(got, want) != 0)
		print_message("A {%s} B {%s} rest %s:\n  want %s\n  got  %s\n", a, z, rest, want, got);
	assert_string_equal(got, want);
}

static void test_couple_patterns_default_bank(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	const char *M = "moderate";
	/* Anxiety high x avoidance high: the pursue-withdraw cycle, in either order. */
	S_expect(b, "anxiety=high", "avoidance=high", M, "pursue_withdraw[c1:A c2:B]");
	S_expect(b, "avoidance=high", "anxiety=high", M, "pursue_withdraw[c1:B c2:A]");
	/* Both anxious; both avoidant. */
	S_expect(b, "anxiety=high", "anxiety=high", M, "both_anxious[c1:AB c2:AB]");
	S_expect(b, "avoidance=high", "avoidance=high", M, "both_avoidant[c1:AB c2:AB]");
	/* Both high on both: every two-sided pattern, each partner in either role. */
	S_expect(b, "anxiety=high avoidance=high", "anxiety=high avoidance=high", M,
	         "pursue_withdraw[c1:AB c2:AB] both_anxious[c1:AB c2:AB] both_avoidant[c1:AB c2:AB]");
	/* One high on both, the other on one: the cycle one way only, and the shared one. */
	S_expect(b, "anxiety=high avoidance=high", "anxiety=high", M,
	         "pursue_withdraw[c1:B c2:A] both_anxious[c1:AB c2:AB]");
	/* One-sided patterns: one partner or both, in either order. */
	S_expect(b, "past_hurt=high", "", M, "past_hurt[c1:A]");
	S_expect(b, "", "past_hurt=high", M, "past_hurt[c1:B]");
	S_expect(b, "past_hurt=high", "past_hurt=high", M, "past_hurt[c1:AB]");
	S_expect(b, "communication=high", "", M, "communication_gap[c1:A]");
	S_expect(b, "", "communication=high", M, "communication_gap[c1:B]");
	S_expect(b, "comparison=high", "", M, "comparison[c1:A]");
	S_expect(b, "", "comparison=high", M, "comparison[c1:B]");
	S_expect(b, "self_worth=high", "", M, "self_doubt[c1:A]");
	S_expect(b, "", "self_worth=high", M, "self_doubt[c1:B]");
	S_expect(b, "past_hurt=high", "communication=high comparison=high", M,
	         "past_hurt[c1:A] communication_gap[c1:B] comparison[c1:B]");
	/* Both mostly low: at least 5 of the 6 scales low for each partner, in either order. */
	S_expect(b, "", "", "low", "both_mostly_low[c1:AB c2:AB]");
	S_expect(b, "comparison=moderate", "", "low", "both_mostly_low[c1:AB c2:AB]");
	S_expect(b, "", "comparison=moderate", "low", "both_mostly_low[c1:AB c2:AB]");
	S_expect(b, "comparison=moderate past_hurt=moderate", "", "low", "");
	S_expect(b, "", "anxiety=moderate avoidance=moderate", "low", "");
	/* A high scale and a mostly low profile can meet: both texts apply. */
	S_expect(b, "past_hurt=high", "", "low", "past_hurt[c1:A] both_mostly_low[c1:AB c2:AB]");
	/* Nothing: moderate everywhere, or only one side of a two-sided pattern. */
	S_expect(b, "", "", M, "");
	S_expect(b, "anxiety=high", "", M, "");
	S_expect(b, "anxiety=moderate", "avoidance=high", M, "");
	/* A scale that could not be scored meets no condition. */
	S_expect(b, "anxiety=high", "past_hurt=moderate", "", "");
	S_expect(b, "", "", "", "");
	sb_bank_free(b);
	sb_diags_free(&d);
}

static void test_couple_order_and_help(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	sb_result ra, rz;
	/* A: anxiety 5.5 avoidance 2.0 hurt 5.0; B: anxiety 3.0 avoidance 3.0 hurt 4.5.
	 * |differences|: anxiety 2.5, avoidance 1.0, hurt 0.5: largest first. */
	S_score(b, S_t1, &ra);
	S_score(b, S_t2, &rz);
	sb_compare *c = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_compare_run(b, SB_COMPARE_COUPLE, &ra, &rz, NULL, &c, &d), SB_OK);
	assert_int_equal(c->order[0], 0);
	assert_int_equal(c->order[1], 1);
	assert_int_equal(c->order[2], 2);
	/* No RCI between two people. */
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(c->scales[i].change, SB_CHANGE_NO_VERDICT);
		assert_int_equal(c->scales[i].no_verdict, SB_NO_VERDICT_NONE);
		assert_true(isnan(c->scales[i].rci));
	}
	assert_false(c->any_no_verdict);
	/* hurt_any (seek_help) fits both: help comes first. */
	assert_int_equal(c->n_matches, 1);
	assert_string_equal(b->couple_patterns[c->matches[0].pattern].id, "hurt_any");
	assert_true(c->seek_help);
	sb_compare_free(c);
	/* Equal differences keep bank order. */
	assert_int_equal(sb_compare_run(b, SB_COMPARE_COUPLE, &ra, &ra, NULL, &c, &d), SB_OK);
	assert_int_equal(c->order[0], 0);
	assert_int_equal(c->order[1], 1);
	assert_int_equal(c->order[2], 2);
	assert_float_equal(c->scales[1].diff, 0, 0);
	sb_compare_free(c);
	sb_result_free(&ra);
	sb_result_free(&rz);
	sb_bank_free(b);
}

/* ---- the cohort summary reader ---- */

static void S_cohort_fails(const sb_bank *b, const char *json, long line, long col,
                           const char *text)
{
	sb_cohort *c = NULL;
	sb_diags d = { 0 };
	sb_status st = sb_cohort_load(json, strlen(json), "s.json", b, &c, &d);
	if (st != SB_ERR_DATA || d.n < 1 || !sb_contains(d.v[0].message, text) ||
	    d.v[0].line != line || d.v[0].column != col) {
		print_message("expected %ld:%ld ...%s..., got:\n", line, col, text);
		sb_print_diags(&d);
	}
	assert_int_equal(st, SB_ERR_DATA);
	assert_null(c);
	assert_string_equal(d.v[0].file, "s.json");
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].column, col);
	assert_true(sb_contains(d.v[0].message, text));
	sb_diags_free(&d);
}

#define S_HEAD "{\"schema\": 1, \"bank\": {\"id\": \"pairbank\"}, \"scales\": "

static void test_cohort_summary(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	sb_cohort *c = S_summary(b, "tests/data/compare_summary.json");
	assert_int_equal(c->n_scales, 3);
	assert_true(c->scales[0].present);
	assert_int_equal(c->scales[0].n, 40);
	assert_float_equal(c->scales[0].sd, 1.3, 0);
	assert_float_equal(c->scales[0].alpha, 0.7, 0);
	assert_true(c->scales[2].present);
	assert_true(isnan(c->scales[2].sd));
	assert_true(isnan(c->scales[2].alpha));
	sb_cohort_free(c);

	/* Scales the bank does not have are passed over; missing ones are absent. */
	const char *ok = S_HEAD "[{\"id\": \"other\", \"n\": 1}, "
	                 "{\"id\": \"hurt\", \"n\": 3, \"sd\": 0.9, \"reliability\": {\"alpha\": "
	                 "-0.2}}]}";
	sb_diags d = { 0 };
	assert_int_equal(sb_cohort_load(ok, strlen(ok), "s.json", b, &c, &d), SB_OK);
	assert_false(c->scales[0].present);
	assert_true(c->scales[2].present);
	assert_float_equal(c->scales[2].alpha, -0.2, 0);
	sb_cohort_free(c);

	/* Syntax errors carry jansson's line and column. */
	S_cohort_fails(b, "{\n  \"schema\": 1,\n  \"scales\": x\n}", 3, 13,
	               "not a cohort summary: invalid token");
	S_cohort_fails(b, "{\"schema\": 1, \"schema\": 2}", 1, 22, "duplicate object key");
	/* Fields, named by their path. */
	S_cohort_fails(b, "[1]", 0, 0, "not a cohort summary");
	S_cohort_fails(b, "{\"schema\": \"1\"}", 0, 0, "no \"schema\" number");
	S_cohort_fails(b, "{\"schema\": 3}", 0, 0, "cohort summary schema 3 is not supported (expected 1 to 2)");
	S_cohort_fails(b, "{\"schema\": 1, \"bank\": {\"id\": \"securebase\"}, \"scales\": []}", 0, 0,
	               "this summary was made with bank \"securebase\", not \"pairbank\"");
	S_cohort_fails(b, "{\"schema\": 1, \"scales\": []}", 0, 0, "bank.id: expected a string");
	S_cohort_fails(b, S_HEAD "{}}", 0, 0, "scales: expected an array");
	S_cohort_fails(b, S_HEAD "[7]}", 0, 0, "scales[0]: expected an object");
	S_cohort_fails(b, S_HEAD "[{\"n\": 1}]}", 0, 0, "scales[0].id: expected a string");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"other\"}, {\"id\": \"anxiety\", \"n\": -1, \"sd\": 1, "
	                  "\"reliability\": {\"alpha\": 0.8}}]}", 0, 0,
	               "scales[1].n: expected an integer >= 0");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": 5, \"sd\": \"1\", "
	                  "\"reliability\": {\"alpha\": 0.8}}]}", 0, 0,
	               "scales[0].sd: expected a number or null");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": 5, \"sd\": -1, "
	                  "\"reliability\": {\"alpha\": 0.8}}]}", 0, 0,
	               "scales[0].sd: -1 is out of range");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": 5, \"reliability\": {\"alpha\": 0.8}}]}",
	               0, 0, "scales[0]: \"sd\" is missing");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": 5, \"sd\": 1}]}", 0, 0,
	               "scales[0].reliability: expected an object with \"alpha\"");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": 5, \"sd\": 1, "
	                  "\"reliability\": {\"alpha\": 1.5}}]}", 0, 0,
	               "scales[0].reliability.alpha: 1.5 is out of range");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"items\": 3, \"n\": 5, \"sd\": 1, "
	                  "\"reliability\": {\"alpha\": 0.8}}]}", 0, 0,
	               "scales[0].items: scale \"anxiety\" has 4 items in the bank");
	const char *twice = S_HEAD "[{\"id\": \"hurt\", \"n\": 1, \"sd\": 1, \"reliability\": "
	                    "{\"alpha\": 0.5}}, {\"id\": \"hurt\", \"n\": 1, \"sd\": 1, "
	                    "\"reliability\": {\"alpha\": 0.5}}]}";
	S_cohort_fails(b, twice, 0, 0, "scales[1]: scale \"hurt\" appears twice");

	/* Files: one that cannot be opened, a folder. */
	assert_int_equal(sb_cohort_load_file("/nonexistent/s.json", b, &c, &d), SB_ERR_NOINPUT);
	assert_true(sb_contains(d.v[0].message, "cannot open the summary"));
	assert_string_equal(d.v[0].file, "/nonexistent/s.json");
	sb_diags_clear(&d);
	assert_int_equal(sb_cohort_load_file("/tmp", b, &c, &d), SB_ERR_NOINPUT);
	assert_true(sb_contains(d.v[0].message, "it is a folder"));
	sb_diags_free(&d);
	sb_bank_free(b);
}

/* More fields of the wrong type, each named; files that are empty, endless, unreadable; memory
 * running out at each allocation of the reader. */
static void test_cohort_more_faults(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	S_cohort_fails(b, "{\"schema\": 1.0}", 0, 0, "no \"schema\" number");
	S_cohort_fails(b, "{\"schema\": 1, \"bank\": {\"id\": 7}, \"scales\": []}", 0, 0,
	               "bank.id: expected a string");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"items\": \"4\", \"n\": 5, \"sd\": 1, "
	                  "\"reliability\": {\"alpha\": 0.8}}]}", 0, 0,
	               "scales[0].items: scale \"anxiety\" has 4 items in the bank");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": \"5\", \"sd\": 1, "
	                  "\"reliability\": {\"alpha\": 0.8}}]}", 0, 0,
	               "scales[0].n: expected an integer >= 0");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": 5, \"sd\": 1, "
	                  "\"reliability\": {\"alpha\": \"x\"}}]}", 0, 0,
	               "scales[0].reliability.alpha: expected a number or null");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": 5, \"sd\": 1, "
	                  "\"reliability\": {}}]}", 0, 0,
	               "scales[0].reliability: \"alpha\" is missing");
	S_cohort_fails(b, S_HEAD "[{\"id\": \"anxiety\", \"n\": 5, \"sd\": 1, "
	                  "\"reliability\": [0.8]}]}", 0, 0,
	               "scales[0].reliability: expected an object with \"alpha\"");
	/* A scale with n but null SD and alpha is present, without them. */
	const char *nulls = S_HEAD "[{\"id\": \"anxiety\", \"n\": 0, \"sd\": null, \"reliability\": "
	                    "{\"alpha\": null}}]}";
	sb_cohort *c = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_cohort_load(nulls, strlen(nulls), "s.json", b, &c, &d), SB_OK);
	assert_true(c->scales[0].present);
	assert_int_equal(c->scales[0].n, 0);
	assert_true(isnan(c->scales[0].sd) && isnan(c->scales[0].alpha));
	sb_cohort_free(c);

	/* An empty file is not JSON; an endless one stops at 16 MiB; one that cannot be read says
	 * why. */
	assert_int_equal(sb_cohort_load_file("/dev/null", b, &c, &d), SB_ERR_DATA);
	assert_true(sb_contains(d.v[0].message, "not a cohort summary: "));
	sb_diags_clear(&d);
	assert_int_equal(sb_cohort_load_file("/dev/zero", b, &c, &d), SB_ERR_DATA);
	assert_string_equal(d.v[0].message, "not a cohort summary: larger than 16777216 bytes");
	sb_diags_clear(&d);
	assert_int_equal(sb_cohort_load_file("/proc/self/mem", b, &c, &d), SB_ERR_NOINPUT);
	assert_string_equal(d.v[0].message, "cannot read the summary: Input/output error");
	sb_diags_clear(&d);
	assert_null(c);

	/* Every allocation of the reader failing in turn: "out of memory", nothing returned. */
	char *path = sb_src_path("tests/data/compare_summary.json");
	for (unsigned long k = 1;; k++) {
		sb_alloc_fail_after(k);
		sb_status st = sb_cohort_load_file(path, b, &c, &d);
		sb_alloc_fail_after(0);
		if (st == SB_OK) {
			assert_true(k > 2);
			sb_cohort_free(c);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(c);
		/* the message itself needs memory: dropped (and counted) when none is left */
		if (d.n)
			assert_string_equal(d.v[d.n - 1].message, "out of memory");
		else
			assert_true(d.dropped > 0);
		sb_diags_clear(&d);
	}
	sb_diags_free(&d);
	free(path);
	sb_bank_free(b);
}

/* ---- the report builder ---- */

/* Index of the first block of kind k whose text is text (NULL: any), or -1. */
static long S_block(const sb_doc *d, sb_block_kind k, const char *text)
{
	for (size_t i = 0; i < d->n_blocks; i++)
		if (d->blocks[i].kind == k && (!text || (d->blocks[i].text &&
		                                         strcmp(d->blocks[i].text, text) == 0)))
			return (long)i;
	return -1;
}

/* Whether any block's text or item contains needle. */
static bool S_says(const sb_doc *d, const char *needle)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		const sb_block *b = &d->blocks[i];
		if (b->text && sb_contains(b->text, needle))
			return true;
		for (size_t k = 0; k < b->n_items; k++)
			if (sb_contains(b->items[k], needle))
				return true;
	}
	return false;
}

static sb_doc *S_build(const sb_compare *c, sb_lang l, sb_audience a, const int *ans[2])
{
	sb_compare_opts o = { .lang = l, .audience = a, .id = { "A1", "B2" },
		              .answers = { ans[0], ans[1] }, .date = "2026-03-01" };
	sb_doc *doc = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_compare_build(c, &o, &doc, &d), SB_OK);
	assert_int_equal(d.n, 0);
	return doc;
}

static void test_builder_couple(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	sb_result r1, r2;
	/* A: anxiety 5.5 (high), hurt 5 (high); B: avoidance 5.5 (high): the cycle, and old hurt. */
	static const int a[12] = { 6, 2, 5, 5, 2, 5, 6, 2, 5, 3, 6, 5 };
	static const int z[12] = { 2, 6, 2, 2, 5, 2, 2, 6, 2, 6, 3, 2 };
	S_score(b, a, &r1);
	S_score(b, z, &r2);
	assert_int_equal(r2.scales[1].band, 2);
	sb_compare *c = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_compare_run(b, SB_COMPARE_COUPLE, &r1, &r2, NULL, &c, &d), SB_OK);
	const int *ans[2] = { a, z };
	sb_doc *doc = S_build(c, SB_LANG_EN, SB_AUDIENCE_SELF, ans);
	assert_string_equal(doc->title, "A bank for two");
	assert_string_equal(doc->subtitle, "Two partners side by side");
	assert_string_equal(doc->respondent, "A1 · B2");
	assert_string_equal(doc->date, "2026-03-01");
	assert_string_equal(doc->footer, "A bank for two · version 1.0");
	/* In order: disclaimer, the couple note, overview with both charts, help (hurt_any asks for
	 * it first), differences, patterns, steps, closing. */
	long note = S_block(doc, SB_BLOCK_PARAGRAPH, "A difference is no one's fault.");
	long over = S_block(doc, SB_BLOCK_HEADING, "Overview");
	long help = S_block(doc, SB_BLOCK_HEADING, "When and how to seek professional help");
	long diff = S_block(doc, SB_BLOCK_HEADING, "Where you differ most");
	long pats = S_block(doc, SB_BLOCK_HEADING, "Patterns you may recognise together");
	long steps = S_block(doc, SB_BLOCK_HEADING, "Steps to try together");
	long end = S_block(doc, SB_BLOCK_HEADING, "A closing note");
	assert_true(S_block(doc, SB_BLOCK_PARAGRAPH, "This is not a diagnosis.") == 0);
	assert_true(0 < note && note < over && over < help && help < diff && diff < pats &&
	            pats < steps && steps < end);
	long sc = S_block(doc, SB_BLOCK_STYLE_CHART, NULL);
	assert_true(sc > over);
	const sb_style_chart *ch = doc->blocks[sc].style_chart;
	assert_int_equal(ch->n_points, 2);
	assert_false(ch->arrow);
	assert_string_equal(ch->points[0].label, "A1");
	assert_float_equal(ch->points[0].y, 5.5, 1e-12);
	assert_float_equal(ch->points[1].x, 5.5, 1e-12);
	const sb_profile_chart *pc = doc->blocks[S_block(doc, SB_BLOCK_PROFILE_CHART, NULL)].profile_chart;
	assert_int_equal(pc->n_series, 2);
	assert_int_equal(pc->n_bars, 3);
	assert_string_equal(pc->series_label[1], "B2");
	assert_string_equal(pc->bars[2].value_text[0], "5.00");
	/* Differences, largest first: anxiety |5.5-2| = 3.5, avoidance 3.5, hurt |5-2| = 3. */
	const sb_block *t = &doc->blocks[S_block(doc, SB_BLOCK_TABLE, NULL)];
	assert_int_equal(t->n_cols, 4);
	assert_string_equal(t->items[4], "Anxiety");
	assert_string_equal(t->items[5], "5.50 (High)");
	assert_string_equal(t->items[6], "2.00 (Low)");
	assert_string_equal(t->items[7], "3.50");
	assert_string_equal(t->items[12], "Old hurt");
	/* Patterns: titles, who is who, per-partner and shared sentences. */
	assert_true(S_block(doc, SB_BLOCK_HEADING, "Pursue and withdraw") > pats);
	assert_true(S_block(doc, SB_BLOCK_HEADING, "Old hurt") > pats);
	assert_true(S_block(doc, SB_BLOCK_HEADING, "Both need reassurance") < 0);
	assert_true(S_block(doc, SB_BLOCK_PARAGRAPH, "A1: Anxiety High; B2: Avoidance High") > 0);
	assert_true(S_block(doc, SB_BLOCK_PARAGRAPH, "A1: Old hurt High") > 0);
	assert_true(S_says(doc, "I need to know you'll come back."));
	assert_true(S_block(doc, SB_BLOCK_PARAGRAPH, "A1 could try:") > 0);
	assert_true(S_block(doc, SB_BLOCK_PARAGRAPH, "B2 could try:") > 0);
	assert_true(S_says(doc, "Let's agree on a pause."));
	/* Steps once each, in the order first suggested: pause, then talk. */
	long s1 = S_block(doc, SB_BLOCK_HEADING, "Agree on a pause");
	long s2 = S_block(doc, SB_BLOCK_HEADING, "Talk it over");
	assert_true(steps < s1 && s1 < s2 && s2 < end);
	assert_false(S_says(doc, "For the counsellor"));
	assert_false(S_says(doc, "Reliable"));
	sb_doc_free(doc);

	/* Chinese, counsellor: the same sections in Chinese, and the counsellor's pages. */
	doc = S_build(c, SB_LANG_ZH, SB_AUDIENCE_COUNSELLOR, ans);
	assert_string_equal(doc->subtitle, "两人对照 · 咨询师版");
	assert_true(S_block(doc, SB_BLOCK_HEADING, "你们差别最大的地方") > 0);
	assert_true(S_block(doc, SB_BLOCK_HEADING, "一追一退") > 0);
	assert_true(S_block(doc, SB_BLOCK_PARAGRAPH, "A1 可以试试：") > 0);
	assert_true(S_block(doc, SB_BLOCK_PARAGRAPH, "A1：焦虑 较高；B2：回避 较高") > 0);
	long cs = S_block(doc, SB_BLOCK_HEADING, "咨询师附页");
	assert_true(cs > 0);
	assert_int_equal(doc->blocks[cs - 1].kind, SB_BLOCK_PAGE_BREAK);
	long items = S_block(doc, SB_BLOCK_HEADING, "逐题作答");
	const sb_block *it = &doc->blocks[items + 1];
	assert_int_equal(it->kind, SB_BLOCK_TABLE);
	assert_int_equal(it->n_cols, 5);
	assert_int_equal(it->n_items, 5 * 13); /* header + 12 items */
	/* an4 (reverse): A answered 3 (keyed 5), B 6 (keyed 2). */
	assert_string_equal(it->items[5 * 10 + 0], "an4");
	assert_string_equal(it->items[5 * 10 + 2], "R");
	assert_string_equal(it->items[5 * 10 + 3], "3 → 5");
	assert_string_equal(it->items[5 * 10 + 4], "6 → 2");
	assert_true(S_block(doc, SB_BLOCK_HEADING, "作答质量指标") > cs);
	assert_true(S_block(doc, SB_BLOCK_HEADING, "可靠变化指数") < 0);
	assert_true(S_block(doc, SB_BLOCK_WRITE_AREA, "咨询师") > 0);
	sb_doc_free(doc);

	/* The counsellor audience needs both rows' answers. */
	sb_compare_opts o = { .lang = SB_LANG_EN, .audience = SB_AUDIENCE_COUNSELLOR,
		              .answers = { a, NULL } };
	assert_int_equal(sb_compare_build(c, &o, &doc, &d), SB_ERR_USAGE);
	assert_null(doc);
	assert_true(sb_contains(d.v[0].message, "needs both rows' answers"));
	sb_buf out = { 0 };
	assert_int_equal(sb_compare_json(c, &o, &out, &d), SB_ERR_USAGE);
	assert_int_equal(out.len, 0);
	sb_diags_free(&d);
	sb_compare_free(c);

	/* Nothing fits, and a scale not scored for one partner. */
	int miss[12];
	memcpy(miss, z, sizeof miss);
	miss[2] = miss[5] = SB_MISSING; /* hurt: 2 of 4 */
	sb_result_free(&r1);
	static const int mid[12] = { 4, 4, 3, 4, 4, 3, 4, 4, 3, 4, 4, 3 };
	S_score(b, mid, &r1);
	sb_result_free(&r2);
	S_score(b, miss, &r2);
	assert_int_equal(sb_compare_run(b, SB_COMPARE_COUPLE, &r1, &r2, NULL, &c, &d), SB_OK);
	assert_int_equal(c->n_matches, 0);
	doc = S_build(c, SB_LANG_EN, SB_AUDIENCE_SELF, ans);
	assert_true(S_says(doc, "None of the couple patterns this question bank describes fits"));
	assert_true(S_block(doc, SB_BLOCK_HEADING, "Steps to try together") < 0);
	long un = S_block(doc, SB_BLOCK_HEADING, "Scales that could not be scored");
	assert_true(un > S_block(doc, SB_BLOCK_HEADING, "A closing note"));
	assert_string_equal(doc->blocks[un + 1].items[0],
	                    "B2 · Old hurt: answered 2 of 4 items, fewer than the required 80%");
	sb_doc_free(doc);
	sb_compare_free(c);

	/* A several-scale condition is summed up: A low on anxiety and avoidance (hurt 5 is high),
	 * B low on all three; "calm" needs 2 of 3 for each. */
	static const int low2[12] = { 2, 2, 5, 2, 2, 5, 2, 2, 5, 6, 6, 5 };
	static const int low3[12] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 6, 6, 2 };
	sb_result_free(&r1);
	sb_result_free(&r2);
	S_score(b, low2, &r1);
	S_score(b, low3, &r2);
	assert_int_equal(sb_compare_run(b, SB_COMPARE_COUPLE, &r1, &r2, NULL, &c, &d), SB_OK);
	doc = S_build(c, SB_LANG_EN, SB_AUDIENCE_SELF, ans);
	long calm = S_block(doc, SB_BLOCK_HEADING, "Both settled");
	assert_true(calm > 0);
	assert_string_equal(doc->blocks[calm + 1].text,
	                    "A1: Low on 2 of 3 scales; B2: Low on 3 of 3 scales");
	sb_doc_free(doc);
	doc = S_build(c, SB_LANG_ZH, SB_AUDIENCE_SELF, ans);
	calm = S_block(doc, SB_BLOCK_HEADING, "都踏实");
	assert_string_equal(doc->blocks[calm + 1].text, "A1：3 个量表中有 2 个较低；B2：3 个量表中有 3 个较低");
	sb_doc_free(doc);
	sb_compare_free(c);
	sb_result_free(&r1);
	sb_result_free(&r2);
	sb_bank_free(b);
}

static void test_builder_retest(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	sb_result r1, r2;
	S_score(b, S_t1, &r1);
	S_score(b, S_t2, &r2);
	sb_compare *c = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, NULL, &c, &d), SB_OK);
	const int *ans[2] = { S_t1, S_t2 };
	sb_doc *doc = S_build(c, SB_LANG_EN, SB_AUDIENCE_SELF, ans);
	assert_string_equal(doc->subtitle, "Before and after");
	assert_string_equal(doc->respondent, "A1 → B2");
	assert_true(S_block(doc, SB_BLOCK_PARAGRAPH,
	                    "The reliable change index sets a change against measurement error.") > 0);
	/* The chart: first to second with an arrow. */
	const sb_style_chart *ch = doc->blocks[S_block(doc, SB_BLOCK_STYLE_CHART, NULL)].style_chart;
	assert_true(ch->arrow);
	assert_string_equal(ch->points[0].label, "First");
	assert_string_equal(ch->points[1].label, "Second");
	assert_float_equal(ch->points[0].y, 5.5, 1e-12);
	assert_float_equal(ch->points[1].y, 3.0, 1e-12);
	/* The movement, and only the later leaning explained. */
	assert_true(S_says(doc, "from Preoccupied to Secure"));
	assert_true(S_block(doc, SB_BLOCK_HEADING, "Secure") > 0);
	assert_true(S_block(doc, SB_BLOCK_HEADING, "Preoccupied") < 0);
	/* The change table: direction, and each verdict. */
	long ch_h = S_block(doc, SB_BLOCK_HEADING, "Change on each scale");
	const sb_block *t = &doc->blocks[ch_h + 1];
	assert_int_equal(t->kind, SB_BLOCK_TABLE);
	assert_int_equal(t->n_cols, 5);
	assert_string_equal(t->items[5], "Anxiety");
	assert_string_equal(t->items[8], "\xE2\x88\x92" "2.50 (lower)");
	assert_string_equal(t->items[9], "Reliable decrease (improvement)");
	assert_string_equal(t->items[13], "+1.00 (higher)");
	assert_string_equal(t->items[14], "No verdict");
	/* Why: the bank's text once, for the client; no reasons per scale, no option names. */
	long nv = S_block(doc, SB_BLOCK_PARAGRAPH, "Without a reliability there is no verdict.");
	assert_true(nv > ch_h);
	assert_false(S_says(doc, "--summary"));
	assert_false(S_says(doc, "Avoidance: Neither the bank's norms"));
	/* hurt 4.5 is in its highest band at the second time: help comes first. */
	assert_true(S_block(doc, SB_BLOCK_HEADING, "When and how to seek professional help") < ch_h);
	assert_true(S_block(doc, SB_BLOCK_HEADING, "Patterns you may recognise together") < 0);
	sb_doc_free(doc);

	/* Chinese counsellor copy: the RCI figures. */
	doc = S_build(c, SB_LANG_ZH, SB_AUDIENCE_COUNSELLOR, ans);
	assert_true(S_says(doc, "从“焦虑型”到“安全”"));
	long rci = S_block(doc, SB_BLOCK_HEADING, "可靠变化指数");
	assert_true(rci > S_block(doc, SB_BLOCK_HEADING, "咨询师附页"));
	t = &doc->blocks[rci + 2];
	assert_int_equal(t->kind, SB_BLOCK_TABLE);
	assert_int_equal(t->n_cols, 6);
	assert_string_equal(t->items[6], "焦虑");
	assert_string_equal(t->items[7], "题库常模");
	assert_string_equal(t->items[8], "1.00");
	assert_string_equal(t->items[9], "0.84");
	assert_string_equal(t->items[10], "0.57");
	assert_string_equal(t->items[11], "\xE2\x88\x92" "4.42");
	assert_string_equal(t->items[13], "—");
	sb_doc_free(doc);
	sb_compare_free(c);
	sb_result_free(&r1);
	sb_result_free(&r2);
	sb_bank_free(b);
}

/* The interpretive sentences come from the bank's texts when it has them, else from the
 * compiled-in table (the fixture bank has none of them). */
static void test_bank_interpretive_texts(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	assert_null(b->texts.retest_direction.s[SB_LANG_EN]);
	sb_result r1, r2;
	S_score(b, S_t1, &r1);
	S_score(b, S_t2, &r2);
	sb_compare *c = NULL;
	sb_diags d = { 0 };
	const int *ans[2] = { S_t1, S_t2 };
	const char *fallback = "Change = second \xE2\x88\x92 first. A higher score means more of "
	                       "what the scale describes, so a decrease is an improvement.";
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, NULL, &c, &d), SB_OK);
	sb_doc *doc = S_build(c, SB_LANG_EN, SB_AUDIENCE_SELF, ans);
	long ch = S_block(doc, SB_BLOCK_HEADING, "Change on each scale");
	assert_int_equal(S_block(doc, SB_BLOCK_PARAGRAPH, fallback), ch + 2);
	sb_doc_free(doc);
	/* The bank's own words, in its language; the other language falls back to them too (as
	 * every bank text does when a bank has one language). */
	b->texts.retest_direction.s[SB_LANG_EN] = sb_strdup("Lower is better on every scale here.");
	doc = S_build(c, SB_LANG_EN, SB_AUDIENCE_SELF, ans);
	assert_int_equal(S_block(doc, SB_BLOCK_PARAGRAPH, "Lower is better on every scale here."),
	                 ch + 2);
	assert_int_equal(S_block(doc, SB_BLOCK_PARAGRAPH, fallback), -1);
	sb_doc_free(doc);
	sb_compare_free(c);

	/* A couple whom no pattern fits. */
	static const int mid[12] = { 4, 4, 3, 4, 4, 3, 4, 4, 3, 4, 4, 3 };
	sb_result_free(&r1);
	sb_result_free(&r2);
	S_score(b, mid, &r1);
	S_score(b, mid, &r2);
	assert_int_equal(sb_compare_run(b, SB_COMPARE_COUPLE, &r1, &r2, NULL, &c, &d), SB_OK);
	assert_int_equal(c->n_matches, 0);
	const int *same[2] = { mid, mid };
	doc = S_build(c, SB_LANG_ZH, SB_AUDIENCE_SELF, same);
	long pat = S_block(doc, SB_BLOCK_HEADING, "你们可能会认出的模式");
	assert_true(pat > 0);
	assert_string_equal(doc->blocks[pat + 1].text, "题库描述的两人模式都不符合你们此刻的结果。");
	sb_doc_free(doc);
	b->texts.couple_no_pattern.s[SB_LANG_ZH] = sb_strdup("此刻没有相符的模式。");
	doc = S_build(c, SB_LANG_ZH, SB_AUDIENCE_SELF, same);
	assert_string_equal(doc->blocks[pat + 1].text, "此刻没有相符的模式。");
	sb_doc_free(doc);
	doc = S_build(c, SB_LANG_EN, SB_AUDIENCE_SELF, same);
	pat = S_block(doc, SB_BLOCK_HEADING, "Patterns you may recognise together");
	assert_string_equal(doc->blocks[pat + 1].text, "此刻没有相符的模式。");
	sb_doc_free(doc);
	sb_compare_free(c);
	sb_result_free(&r1);
	sb_result_free(&r2);
	sb_diags_free(&d);
	sb_bank_free(b); /* frees the texts set above */
}

static void test_json_shapes(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	sb_result r1, r2;
	S_score(b, S_t1, &r1);
	S_score(b, S_t2, &r2);
	sb_compare *c = NULL;
	sb_diags d = { 0 };
	sb_cohort *sum = S_summary(b, "tests/data/compare_summary.json");
	assert_int_equal(sb_compare_run(b, SB_COMPARE_RETEST, &r1, &r2, sum, &c, &d), SB_OK);
	sb_compare_opts o = { .lang = SB_LANG_EN, .audience = SB_AUDIENCE_COUNSELLOR,
		              .id = { "t1", "t2" }, .answers = { S_t1, S_t2 }, .date = "2026-03-01" };
	sb_buf out = { 0 };
	sb_buf_puts(&out, "kept|");
	assert_int_equal(sb_compare_json(c, &o, &out, &d), SB_OK);
	static const char head[] = "kept|{\n  \"schema\": \"securebase-compare/1\",\n";
	assert_memory_equal(out.data, head, sizeof head - 1); /* appended after what was there */
	assert_true(sb_contains(out.data, "\"verdict\": \"improved\""));
	assert_true(sb_contains(out.data, "\"no_verdict\": \"summary_null\""));
	assert_true(sb_contains(out.data, "\"answers\": [\n        3,\n        5\n      ]"));
	assert_true(sb_contains(out.data, "\"keyed\": [\n        5,\n        3\n      ]"));
	assert_int_equal(out.data[out.len - 1], '\n');
	sb_buf_free(&out);
	sb_compare_free(c);
	sb_cohort_free(sum);
	sb_result_free(&r1);
	sb_result_free(&r2);
	sb_bank_free(b);
}

/* ---- allocation failures: every k-th allocation fails in turn until none does ---- */

static void test_alloc_failures(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	sb_result r1, r2;
	S_score(b, S_t1, &r1);
	static const int z[12] = { 2, 6, 2, 2, 5, 2, 2, 6, 2, 6, 3, 2 };
	S_score(b, z, &r2);
	char *sp = sb_src_path("tests/data/compare_summary.json");
	size_t slen;
	char *sjson = sb_read_file(sp, &slen);
	for (int mode = 0; mode < 2; mode++) {
		for (unsigned long k = 1;; k++) {
			sb_diags d = { 0 };
			sb_cohort *sum = NULL;
			sb_compare *c = NULL;
			sb_doc *doc = NULL;
			sb_buf out = { 0 };
			sb_compare_opts o = { .lang = mode ? SB_LANG_ZH : SB_LANG_EN,
				              .audience = SB_AUDIENCE_COUNSELLOR, .id = { "a", "b" },
				              .answers = { S_t1, z }, .date = "2026-03-01" };
			sb_alloc_fail_after(k);
			sb_status st = sb_cohort_load(sjson, slen, "s.json", b, &sum, &d);
			if (st == SB_OK)
				st = sb_compare_run(b, mode ? SB_COMPARE_RETEST : SB_COMPARE_COUPLE, &r1, &r2,
				                    sum, &c, &d);
			if (st == SB_OK)
				st = sb_compare_build(c, &o, &doc, &d);
			if (st == SB_OK)
				st = sb_compare_json(c, &o, &out, &d);
			unsigned long made = sb_alloc_fail_after(0);
			if (st == SB_OK) {
				assert_true(k > made);
				assert_non_null(doc);
				assert_true(out.len > 0);
			} else {
				/* A failure says so (the message itself may be what could not be kept). */
				assert_int_equal(st, SB_ERR_INTERNAL);
				assert_true(d.n + d.dropped >= 1);
				for (size_t i = 0; i < d.n; i++)
					assert_true(sb_contains(d.v[i].message, "out of memory"));
				if (!c)
					assert_null(doc);
			}
			sb_doc_free(doc);
			sb_buf_free(&out);
			sb_compare_free(c);
			sb_cohort_free(sum);
			sb_diags_free(&d);
			if (st == SB_OK)
				break;
			assert_true(k < 100000);
		}
	}
	/* The loader's couple patterns under allocation failure: INTERNAL until memory suffices. */
	char *y = sb_lines_with(S_base, S_NLINES, NULL, 0);
	size_t len = strlen(y);
	for (unsigned long k = 1;; k++) {
		sb_bank *pb = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_bank_load(y, len, "t.yaml", &pb, &d);
		unsigned long made = sb_alloc_fail_after(0);
		sb_diags_free(&d);
		if (st == SB_OK) {
			assert_true(k > made);
			assert_int_equal(pb->n_couple_patterns, 2);
			sb_bank_free(pb);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(pb);
	}
	free(y);
	free(sjson);
	free(sp);
	sb_result_free(&r1);
	sb_result_free(&r2);
	sb_bank_free(b);
}

/* ---- a bank without attachment, couple patterns, steps or notes (tests/banks/scoring_basic) ---- */

/* Both modes and both audiences compare on such a bank: the report and the JSON say there is
 * no leaning to compare and no pattern, and a retest without reliabilities has no verdict. */
static void test_plain_bank(void **state)
{
	(void)state;
	char *path = sb_src_path("tests/banks/scoring_basic.yaml");
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(path, &b, &d), SB_OK);
	free(path);
	assert_false(b->attachment.present);
	assert_int_equal(b->n_couple_patterns, 0);
	/* t01..t10 of "ten" (3 reversed), then the four of "total"; the second misses 2 of total */
	int a[14], z[14];
	for (int i = 0; i < 14; i++) {
		a[i] = 2 + i % 3;
		z[i] = i >= 10 && i < 12 ? SB_MISSING : 5 - i % 2;
	}
	assert_int_equal(b->n_items, 14);
	sb_result r1, r2;
	S_score(b, a, &r1);
	S_score(b, z, &r2);
	for (int mode = 0; mode < 2; mode++)
		for (int aud = 0; aud < 2; aud++) {
			sb_compare *c = NULL;
			assert_int_equal(sb_compare_run(b, mode ? SB_COMPARE_RETEST : SB_COMPARE_COUPLE, &r1,
			                                &r2, NULL, &c, &d), SB_OK);
			assert_false(c->both_styles);
			assert_int_equal(c->n_matches, 0);
			assert_int_equal(c->n_unscored, 1);
			sb_compare_opts o = { .lang = SB_LANG_EN,
				              .audience = aud ? SB_AUDIENCE_COUNSELLOR : SB_AUDIENCE_SELF,
				              .id = { "p1", NULL }, .answers = { a, z } };
			sb_doc *doc = NULL;
			assert_int_equal(sb_compare_build(c, &o, &doc, &d), SB_OK);
			sb_buf txt = { 0 }, js = { 0 };
			assert_int_equal(sb_render(doc, SB_FORMAT_TEXT, NULL, &txt, &d), SB_OK);
			assert_int_equal(sb_compare_json(c, &o, &js, &d), SB_OK);
			const char *second = mode ? "Second" : "B";
			char line[128];
			snprintf(line, sizeof line, "%s \xC2\xB7 Total: answered 2 of 4 items, fewer than the "
			         "required 75%%", second);
			assert_true(sb_contains(txt.data, line));
			assert_int_equal(sb_contains(txt.data, "This question bank describes no couple "
			                             "patterns."), !mode);
			assert_int_equal(sb_contains(txt.data, "No verdict"), mode);
			json_error_t je;
			json_t *j = json_loadb(js.data, js.len, 0, &je);
			assert_non_null(j);
			for (int p = 0; p < 2; p++)
				assert_true(json_is_null(json_object_get(json_array_get(
					json_object_get(j, "people"), (size_t)p), "style")));
			json_t *total = json_array_get(json_object_get(j, "scales"), 1);
			assert_true(json_is_null(json_array_get(json_object_get(total, "scores"), 1)));
			assert_true(json_is_null(json_object_get(total, "difference")));
			if (mode) {
				json_t *rc = json_object_get(json_array_get(json_object_get(j, "scales"), 0),
				                             "reliable_change");
				assert_string_equal(json_string_value(json_object_get(rc, "no_verdict")),
				                    "no_source");
			}
			/* the bank has none of the notes, leanings or steps: null or empty */
			json_t *t = json_object_get(j, "texts");
			assert_true(json_is_null(json_object_get(t, "note")));
			assert_true(json_is_null(json_object_get(t, "no_verdict")));
			assert_int_equal(json_array_size(json_object_get(t, "styles")), 0);
			assert_int_equal(json_array_size(json_object_get(t, "steps")), 0);
			if (!mode) {
				assert_int_equal(json_array_size(json_object_get(j, "patterns")), 0);
			}
			json_decref(j);
			sb_buf_free(&txt);
			sb_buf_free(&js);
			sb_doc_free(doc);
			sb_compare_free(c);
		}
	assert_int_equal(d.n, 0);
	sb_result_free(&r1);
	sb_result_free(&r2);
	sb_bank_free(b);
}

/* ---- the cohort summary, damaged in each field: every problem, exactly ---- */

static void test_cohort_fields(void **state)
{
	(void)state;
	sb_bank *b = S_fixture();
	/* {"schema":1,"bank":{"id":"pairbank"},"scales":[ X ]} with X: */
	static const struct {
		const char *scale, *want;
	} cases[] = {
		{ "1", "s.json: scales[0]: expected an object\n" },
		{ "{\"id\":7}", "s.json: scales[0].id: expected a string\n" },
		{ "{\"id\":\"elsewhere\"}", "" }, /* a scale this bank lacks: ignored */
		{ "{\"id\":\"anxiety\",\"items\":\"4\",\"n\":-1,\"sd\":\"x\",\"reliability\":[]}",
		  "s.json: scales[0].items: scale \"anxiety\" has 4 items in the bank; this summary was "
		  "made with a different version of it\n"
		  "s.json: scales[0].n: expected an integer >= 0\n"
		  "s.json: scales[0].sd: expected a number or null\n"
		  "s.json: scales[0].reliability: expected an object with \"alpha\"\n" },
		{ "{\"id\":\"anxiety\",\"n\":3,\"reliability\":{}}",
		  "s.json: scales[0]: \"sd\" is missing\n"
		  "s.json: scales[0].reliability: \"alpha\" is missing\n" },
		{ "{\"id\":\"anxiety\",\"n\":3,\"sd\":-1,\"reliability\":{\"alpha\":1.5}}",
		  "s.json: scales[0].sd: -1 is out of range\n"
		  "s.json: scales[0].reliability.alpha: 1.5 is out of range\n" },
		{ "{\"id\":\"anxiety\",\"n\":3,\"sd\":null,\"reliability\":{\"alpha\":null}}", "" },
		{ "{\"id\":\"anxiety\",\"n\":3,\"sd\":1,\"reliability\":{\"alpha\":0.8}},"
		  "{\"id\":\"anxiety\",\"n\":3,\"sd\":1,\"reliability\":{\"alpha\":0.8}}",
		  "s.json: scales[1]: scale \"anxiety\" appears twice\n" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		char json[600];
		snprintf(json, sizeof json, "{\"schema\":1,\"bank\":{\"id\":\"pairbank\"},\"scales\":[%s]}",
		         cases[k].scale);
		sb_cohort *c = NULL;
		sb_diags d = { 0 };
		sb_status st = sb_cohort_load(json, strlen(json), "s.json", b, &c, &d);
		sb_buf got = { 0 };
		for (size_t i = 0; i < d.n; i++) {
			char line[512];
			sb_diag_format(&d.v[i], line, sizeof line);
			sb_buf_printf(&got, "%s\n", line);
		}
		if (strcmp(got.data ? got.data : "", cases[k].want) != 0)
			fail_msg("case %zu:\n%s", k, got.data ? got.data : "");
		assert_int_equal(st, *cases[k].want ? SB_ERR_DATA : SB_OK);
		assert_true(*cases[k].want ? c == NULL : c != NULL);
		sb_cohort_free(c);
		sb_buf_free(&got);
		sb_diags_free(&d);
	}
	sb_bank_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank_patterns_model),
		cmocka_unit_test(test_bank_patterns_errors),
		cmocka_unit_test(test_default_bank_patterns),
		cmocka_unit_test(test_rci_formula),
		cmocka_unit_test(test_retest_verdicts),
		cmocka_unit_test(test_couple_patterns_default_bank),
		cmocka_unit_test(test_couple_order_and_help),
		cmocka_unit_test(test_cohort_summary),
		cmocka_unit_test(test_cohort_more_faults),
		cmocka_unit_test(test_builder_couple),
		cmocka_unit_test(test_builder_retest),
		cmocka_unit_test(test_bank_interpretive_texts),
		cmocka_unit_test(test_json_shapes),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_plain_bank),
		cmocka_unit_test(test_cohort_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

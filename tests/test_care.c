/* SPDX-License-Identifier: MIT */
/* test_care.c — issue 11 on the default bank: the safety section in every report and every
 * renderer, no reading for answers that carry no information, no leaning near a cut-off, the
 * safety items, the couple report's consent and coherent starters; and the golden reports for
 * all-7, all-4, straight-lined, safety-endorsed, high and low answers (zh and en, self and
 * counsellor, Markdown). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "render/render.h"
#include "report/doc.h"
#include "report/report.h"
#include "report/compare_report.h"
#include "score/compare.h"
#include "score/score.h"

#define S_SAFETY_EN "When the unease is about the relationship itself"
#define S_SAFETY_ZH "当不安来自关系本身"

/* ---- the profiles ----------------------------------------------------------------------- */

typedef enum { P_ALL7, P_ALL4, P_STRAIGHT, P_SAFETY, P_HIGH, P_LOW, P_MIXED, P_COUNT } S_profile;

static const char *const S_names[P_COUNT] = { "all7", "all4", "straight", "safety", "high",
	                                      "low", "mixed" };

/* The answers of a profile, bank item order (caller frees). Safety items answer "no" (the
 * response scale's minimum) but in P_SAFETY, where the second is "yes" and the fourth "not
 * sure". */
static int *S_answers(S_profile p)
{
	const sb_bank *b = sb_test_bank;
	int *a = calloc(b->n_items, sizeof *a);
	assert_non_null(a);
	static const int spread[] = { 0, 1, -1, 0, 1, 0, -1, 1 };
	static const int straight_tail[] = { 5, 3, 6, 2, 4, 6, 3, 5, 2 };
	size_t safety_seen = 0;
	for (size_t i = 0; i < b->n_items; i++) {
		const sb_item *it = &b->items[i];
		const sb_response_scale *rs = &b->responses[it->response];
		if (it->safety) {
			a[i] = rs->min;
			if (p == P_SAFETY && safety_seen == 1)
				a[i] = rs->max;
			if (p == P_SAFETY && safety_seen == 3)
				a[i] = rs->min + 1;
			safety_seen++;
			continue;
		}
		int keyed;
		switch (p) {
		case P_ALL7: a[i] = 7; continue;
		case P_ALL4: a[i] = 4; continue;
		case P_STRAIGHT: a[i] = i < 30 ? 5 : straight_tail[i % 9]; continue;
		case P_HIGH: keyed = 7; break;
		case P_LOW: keyed = 1; break;
		default: {
			/* A moderately anxious profile with some spread. */
			static const int base[] = { 5, 3, 4, 3, 5, 2 };
			int v = base[it->scale % 6] + spread[i % 8];
			keyed = v < 1 ? 1 : v > 7 ? 7 : v;
		}
		}
		a[i] = it->reverse ? rs->min + rs->max - keyed : keyed;
	}
	return a;
}

static sb_doc *S_doc(const int *answers, sb_result *r, sb_lang l, sb_audience au)
{
	sb_score(sb_test_bank, answers, r);
	sb_report_opts o = { .lang = l, .audience = au, .respondent = "c-1", .date = "2026-05-01" };
	sb_doc *d = NULL;
	sb_diags dg = { 0 };
	assert_int_equal(sb_report_build(sb_test_bank, r, answers, &o, &d, &dg), SB_OK);
	sb_diags_free(&dg);
	return d;
}

static long S_heading(const sb_doc *d, const char *text)
{
	for (size_t i = 0; i < d->n_blocks; i++)
		if (d->blocks[i].kind == SB_BLOCK_HEADING && !strcmp(d->blocks[i].text, text))
			return (long)i;
	return -1;
}

static long S_para(const sb_doc *d, const char *prefix)
{
	for (size_t i = 0; i < d->n_blocks; i++)
		if (d->blocks[i].kind == SB_BLOCK_PARAGRAPH && d->blocks[i].text &&
		    !strncmp(d->blocks[i].text, prefix, strlen(prefix)))
			return (long)i;
	return -1;
}

/* ---- the safety section, everywhere ----------------------------------------------------- */

static void test_safety_section_in_every_renderer(void **state)
{
	(void)state;
	static const sb_format fmts[] = { SB_FORMAT_TEXT, SB_FORMAT_MD, SB_FORMAT_HTML,
		                          SB_FORMAT_JSON };
	size_t checked = 0;
	for (int p = 0; p < P_COUNT; p++) {
		int *a = S_answers((S_profile)p);
		for (int l = 0; l < SB_LANG_COUNT; l++) {
			const char *want = l == SB_LANG_ZH ? S_SAFETY_ZH : S_SAFETY_EN;
			for (int au = 0; au < 2; au++) {
				sb_result r;
				assert_int_equal(sb_result_init(&r, sb_test_bank), SB_OK);
				sb_doc *d = S_doc(a, &r, (sb_lang)l, (sb_audience)au);
				assert_true(S_heading(d, want) > 0);
				for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
					sb_buf out = { 0 };
					sb_diags dg = { 0 };
					sb_render_opts o = { .width = 80 };
					assert_int_equal(sb_render(d, fmts[f], &o, &out, &dg), SB_OK);
					if (!sb_contains(out.data, want))
						fail_msg("%s %s %s: format %d has no safety section", S_names[p],
						         sb_lang_code((sb_lang)l), sb_audience_id((sb_audience)au),
						         (int)fmts[f]);
					checked++;
					sb_buf_free(&out);
					sb_diags_free(&dg);
				}
				/* The report JSON (report --format json) carries the texts too. */
				sb_report_opts ro = { .lang = (sb_lang)l, .audience = (sb_audience)au,
					              .respondent = "c-1", .date = "2026-05-01" };
				sb_buf js = { 0 };
				sb_diags dg = { 0 };
				assert_int_equal(sb_report_json(sb_test_bank, &r, a, &ro, &js, &dg), SB_OK);
				json_t *j = json_loads(js.data, 0, NULL);
				assert_non_null(j);
				json_t *s = json_object_get(json_object_get(j, "texts"), "safety");
				assert_string_equal(json_string_value(json_object_get(s, "text")),
				                    sb_test_bank->texts.safety.s[l]);
				assert_string_equal(json_string_value(json_object_get(s, "placement")),
				                    p == P_SAFETY ? "first" : "after_help");
				json_decref(j);
				sb_buf_free(&js);
				sb_diags_free(&dg);
				sb_doc_free(d);
				sb_result_free(&r);
			}
		}
		free(a);
	}
	assert_int_equal(checked, P_COUNT * 2 * 2 * 4);
}

static void test_safety_section_in_pdf(void **state)
{
	(void)state;
	if (!sb_format_available(SB_FORMAT_PDF) || !sb_has_tool("pdftotext"))
		skip();
	char *dir = sb_tmpdir();
	int *a = S_answers(P_SAFETY);
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		sb_result r;
		assert_int_equal(sb_result_init(&r, sb_test_bank), SB_OK);
		sb_doc *d = S_doc(a, &r, (sb_lang)l, SB_AUDIENCE_COUNSELLOR);
		sb_buf out = { 0 };
		sb_diags dg = { 0 };
		assert_int_equal(sb_render(d, SB_FORMAT_PDF, NULL, &out, &dg), SB_OK);
		char *path = sb_join(dir, l == SB_LANG_ZH ? "zh.pdf" : "en.pdf");
		sb_write_file(path, out.data, out.len);
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
		char *text = sb_sh(cmd);
		/* pdftotext may break the heading across lines: look for its first words. */
		assert_true(sb_contains(text, l == SB_LANG_ZH ? "当不安来自关系本身" : "When the unease is"));
		free(text);
		free(path);
		sb_buf_free(&out);
		sb_diags_free(&dg);
		sb_doc_free(d);
		sb_result_free(&r);
	}
	free(a);
	sb_rmtree(dir);
	free(dir);
}

/* ---- information-free answers ----------------------------------------------------------- */

static void test_no_reading_for_unreadable_answers(void **state)
{
	(void)state;
	static const S_profile unreadable[] = { P_ALL7, P_ALL4, P_STRAIGHT };
	for (size_t k = 0; k < 3; k++) {
		int *a = S_answers(unreadable[k]);
		sb_result r;
		assert_int_equal(sb_result_init(&r, sb_test_bank), SB_OK);
		sb_doc *d = S_doc(a, &r, SB_LANG_EN, SB_AUDIENCE_SELF);
		assert_true(sb_quality_unreadable(&r.quality));
		/* Said plainly, with no leaning, no band and no scale's texts. */
		assert_true(S_para(d, sb_test_bank->texts.unreadable.s[SB_LANG_EN]) > 0);
		assert_int_equal(S_para(d, "Your answers point to"), -1);
		for (size_t i = 0; i < d->n_blocks; i++) {
			assert_true(d->blocks[i].kind != SB_BLOCK_STYLE_CHART);
			assert_true(d->blocks[i].kind != SB_BLOCK_PROFILE_CHART);
		}
		for (size_t s = 0; s < sb_test_bank->n_scales; s++) {
			const sb_scale *sc = &sb_test_bank->scales[s];
			for (size_t j = 0; j < sc->n_bands; j++)
				assert_int_equal(S_para(d, sc->bands[j].shows_up.s[SB_LANG_EN]), -1);
			assert_int_equal(S_heading(d, sc->name.s[SB_LANG_EN]), -1);
		}
		for (int st = 0; st < SB_STYLE_COUNT; st++)
			assert_int_equal(S_para(d, sb_test_bank->attachment.styles[st].explanation
			                                   .s[SB_LANG_EN]), -1);
		/* The scores are still there, in a table without bands. */
		long t = S_heading(d, "All scales");
		assert_true(t > 0);
		assert_int_equal(d->blocks[t + 1].kind, SB_BLOCK_TABLE);
		assert_int_equal(d->blocks[t + 1].n_cols, 3);
		sb_doc_free(d);
		/* The counsellor's copy keeps everything and says why the person's does not. */
		d = S_doc(a, &r, SB_LANG_EN, SB_AUDIENCE_COUNSELLOR);
		assert_true(S_para(d, "Response-quality flags are set") > 0);
		assert_true(S_heading(d, "Results by scale") > 0);
		sb_doc_free(d);
		sb_result_free(&r);
		free(a);
	}
	/* High and low everywhere are answers with information: they get their reading. */
	static const S_profile readable[] = { P_HIGH, P_LOW };
	for (size_t k = 0; k < 2; k++) {
		int *a = S_answers(readable[k]);
		sb_result r;
		assert_int_equal(sb_result_init(&r, sb_test_bank), SB_OK);
		sb_doc *d = S_doc(a, &r, SB_LANG_EN, SB_AUDIENCE_SELF);
		assert_false(sb_quality_unreadable(&r.quality));
		assert_true(S_para(d, "Your answers point to") > 0);
		sb_doc_free(d);
		sb_result_free(&r);
		free(a);
	}
}

static void test_flag_names_spelled_once(void **state)
{
	(void)state;
	static const char *const want[] = { "longstring", "low_irv", "inconsistent", "missing" };
	sb_quality q = { .flag_longstring = true, .flag_irv = true, .flag_inconsistent = true,
		         .flag_missing = true };
	char all[SB_QUALITY_FLAGS_MAX];
	sb_quality_flags(&q, all, sizeof all);
	assert_string_equal(all, "longstring;low_irv;inconsistent;missing");
	for (int k = 0; k < SB_FLAG_COUNT; k++) {
		assert_string_equal(sb_quality_flag_name(k), want[k]);
		assert_true(sb_quality_flag_set(&q, k));
	}
	assert_string_equal(sb_quality_flag_name(SB_FLAG_COUNT), "");
	sb_quality none = { 0 };
	assert_false(sb_quality_unreadable(&none));
	none.flag_missing = true;
	assert_true(sb_quality_unreadable(&none));
}

/* ---- safety items ----------------------------------------------------------------------- */

/* The count of endorsed safety items from the scoring plan's list of them equals the count from
 * the bank's items (the direct computation, without a plan), answered, missing or lowest. */
static void test_safety_plan_and_direct(void **state)
{
	(void)state;
	const sb_bank *b = sb_test_bank;
	assert_true(b->n_safety_items >= 2);
	int *a = S_answers(P_SAFETY);
	sb_result with, without;
	assert_int_equal(sb_result_init(&with, b), SB_OK);
	assert_int_equal(sb_result_init(&without, b), SB_OK);
	sb_score_plan *plan = without.plan;
	without.plan = NULL; /* the direct computation */
	for (unsigned mask = 0; mask < 1u << b->n_safety_items && mask < 64; mask++) {
		size_t k = 0, want = 0;
		for (size_t i = 0; i < b->n_items; i++) {
			if (!b->items[i].safety)
				continue;
			const sb_response_scale *rs = &b->responses[b->items[i].response];
			unsigned m = (mask >> k++) & 1;
			/* endorsed, missing, or the lowest answer, by the mask and the item */
			a[i] = m ? rs->max : i % 2 ? SB_MISSING : rs->min;
			want += m;
		}
		sb_score(b, a, &with);
		sb_score(b, a, &without);
		assert_int_equal(with.safety_endorsed, want);
		assert_int_equal(without.safety_endorsed, want);
	}
	without.plan = plan;
	sb_result_free(&with);
	sb_result_free(&without);
	free(a);
}

static void test_safety_endorsed(void **state)
{
	(void)state;
	int *a = S_answers(P_SAFETY);
	sb_result r;
	assert_int_equal(sb_result_init(&r, sb_test_bank), SB_OK);
	sb_doc *d = S_doc(a, &r, SB_LANG_EN, SB_AUDIENCE_SELF);
	assert_int_equal(r.safety_endorsed, 2);
	/* Not scored: the same scores as without the endorsement. */
	int *plain = S_answers(P_MIXED);
	sb_result r2;
	assert_int_equal(sb_result_init(&r2, sb_test_bank), SB_OK);
	sb_score(sb_test_bank, plain, &r2);
	assert_int_equal(r2.safety_endorsed, 0);
	for (size_t s = 0; s < sb_test_bank->n_scales; s++)
		assert_true(r.scales[s].score == r2.scales[s].score);
	/* The safety section first, right after the disclaimer, with the bank's note. */
	assert_int_equal(S_heading(d, S_SAFETY_EN), 1);
	assert_int_equal(S_para(d, sb_test_bank->texts.safety_endorsed.s[SB_LANG_EN]), 2);
	assert_int_equal(d->blocks[2].tone, SB_TONE_ALERT);
	/* Partner-directed advice left out: no sentences for a partner, no with_partner step. */
	assert_int_equal(S_heading(d, "Something to try saying to your partner"), -1);
	for (size_t k = 0; k < sb_test_bank->n_steps; k++)
		if (sb_test_bank->steps[k].with_partner)
			assert_int_equal(S_heading(d, sb_test_bank->steps[k].title.s[SB_LANG_EN]), -1);
	sb_doc_free(d);
	/* Without the endorsement those are there. */
	d = S_doc(plain, &r2, SB_LANG_EN, SB_AUDIENCE_SELF);
	assert_true(S_heading(d, "Something to try saying to your partner") > 0);
	assert_true(S_heading(d, S_SAFETY_EN) > S_heading(d, "When and how to seek professional help"));
	sb_doc_free(d);
	/* The counsellor's copy flags it, first. */
	d = S_doc(a, &r, SB_LANG_EN, SB_AUDIENCE_COUNSELLOR);
	assert_int_equal(S_heading(d, S_SAFETY_EN), 1);
	assert_true(S_para(d, "Safety flag: 2 of 4 safety questions answered") == 2);
	sb_doc_free(d);
	d = S_doc(a, &r, SB_LANG_ZH, SB_AUDIENCE_COUNSELLOR);
	assert_true(S_para(d, "安全提示：4 个安全问题中有 2 个") == 2);
	sb_doc_free(d);
	sb_result_free(&r);
	sb_result_free(&r2);
	free(a);
	free(plain);
}

/* ---- the highest band gives every sentence, the one about seeking help included -------- */

static void test_high_band_help_sentence(void **state)
{
	(void)state;
	int *a = S_answers(P_HIGH);
	sb_result r;
	assert_int_equal(sb_result_init(&r, sb_test_bank), SB_OK);
	sb_doc *d = S_doc(a, &r, SB_LANG_EN, SB_AUDIENCE_SELF);
	const sb_band *high = &sb_test_bank->scales[0].bands[2];
	assert_true(high->n_starters >= 3);
	long h = S_heading(d, "Attachment anxiety");
	long s = -1;
	for (size_t i = (size_t)h; i < d->n_blocks && s < 0; i++)
		if (d->blocks[i].kind == SB_BLOCK_HEADING &&
		    !strcmp(d->blocks[i].text, "Something to try saying to your partner"))
			s = (long)i;
	assert_true(s > h);
	assert_int_equal(d->blocks[s + 1].n_items, high->n_starters);
	assert_true(sb_contains(d->blocks[s + 1].items[high->n_starters - 1], "counsellor"));
	sb_doc_free(d);
	sb_result_free(&r);
	free(a);
}

/* ---- the couple report -------------------------------------------------------------------- */

static void test_couple_coherent_and_consent(void **state)
{
	(void)state;
	int *a = S_answers(P_HIGH);
	sb_result r[2];
	for (int p = 0; p < 2; p++) {
		assert_int_equal(sb_result_init(&r[p], sb_test_bank), SB_OK);
		sb_score(sb_test_bank, a, &r[p]);
	}
	sb_compare *c = NULL;
	sb_diags dg = { 0 };
	assert_int_equal(sb_compare_run(sb_test_bank, SB_COMPARE_COUPLE, &r[0], &r[1], NULL, &c, &dg),
	                 SB_OK);
	/* Both high on anxiety and avoidance: each meets both sides of pursue-withdraw, and is
	 * asked neither to stop chasing nor to take time alone. */
	bool found = false;
	for (size_t k = 0; k < c->n_matches; k++) {
		const sb_pattern_match *m = &c->matches[k];
		if (strcmp(sb_test_bank->couple_patterns[m->pattern].id, "pursue_withdraw"))
			continue;
		found = true;
		for (int w = 0; w < 2; w++)
			for (int p = 0; p < 2; p++) {
				assert_true(m->role[w][p]);
				assert_false(m->starters[w][p]);
			}
	}
	assert_true(found);
	/* Each step once. */
	for (size_t i = 0; i < c->n_steps; i++)
		for (size_t j = 0; j < i; j++)
			assert_true(c->steps[i] != c->steps[j]);
	sb_compare_opts o = { .lang = SB_LANG_EN, .audience = SB_AUDIENCE_SELF, .id = { "a", "b" },
		              .date = "2026-05-01", .consent = true };
	sb_doc *d = NULL;
	assert_int_equal(sb_compare_build(c, &o, &d, &dg), SB_OK);
	assert_true(S_para(d, "Both partners agreed to share their answers") > 0);
	assert_true(S_heading(d, S_SAFETY_EN) > 0);
	sb_buf md = { 0 };
	assert_int_equal(sb_render(d, SB_FORMAT_MD, NULL, &md, &dg), SB_OK);
	assert_false(sb_contains(md.data, "I'll try to give you room instead of chasing you"));
	assert_false(sb_contains(md.data, "I need a little time on my own to settle"));
	sb_buf_free(&md);
	sb_doc_free(d);
	sb_buf js = { 0 };
	assert_int_equal(sb_compare_json(c, &o, &js, &dg), SB_OK);
	json_t *j = json_loads(js.data, 0, NULL);
	assert_true(json_is_true(json_object_get(j, "consent")));
	assert_true(json_is_null(json_object_get(j, "safety_endorsed")));
	json_decref(j);
	sb_buf_free(&js);
	sb_compare_free(c);
	sb_diags_free(&dg);
	for (int p = 0; p < 2; p++)
		sb_result_free(&r[p]);
	free(a);
}

static void test_couple_without_consent(void **state)
{
	(void)state;
	char *csv = sb_src_path("tests/data/care_answers.csv");
	const char *argv[] = { "securebase", "compare", csv, "--ids", "high,low", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_int_equal(r.out_len, 0);
	assert_true(sb_contains(r.err, "add --consent"));
	sb_run_free(&r);
	const char *ok[] = { "securebase", "compare", csv, "--ids", "high,low", "--consent", NULL };
	r = sb_run(ok, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "Both partners agreed to share their answers"));
	assert_true(sb_contains(r.out, S_SAFETY_EN));
	sb_run_free(&r);
	free(csv);
}

/* ---- golden reports ----------------------------------------------------------------------- */

static void test_golden_reports(void **state)
{
	(void)state;
	static const S_profile ps[] = { P_ALL7, P_ALL4, P_STRAIGHT, P_SAFETY, P_HIGH, P_LOW };
	for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
		int *a = S_answers(ps[k]);
		for (int l = 0; l < SB_LANG_COUNT; l++) {
			for (int au = 0; au < 2; au++) {
				sb_result r;
				assert_int_equal(sb_result_init(&r, sb_test_bank), SB_OK);
				sb_doc *d = S_doc(a, &r, (sb_lang)l, (sb_audience)au);
				sb_buf out = { 0 };
				sb_diags dg = { 0 };
				assert_int_equal(sb_render(d, SB_FORMAT_MD, NULL, &out, &dg), SB_OK);
				char name[128];
				snprintf(name, sizeof name, "care/%s_%s_%s.md", S_names[ps[k]],
				         sb_lang_code((sb_lang)l), sb_audience_id((sb_audience)au));
				sb_assert_golden(out.data, out.len, name);
				sb_buf_free(&out);
				sb_diags_free(&dg);
				sb_doc_free(d);
				sb_result_free(&r);
			}
		}
		free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safety_section_in_every_renderer),
		cmocka_unit_test(test_safety_section_in_pdf),
		cmocka_unit_test(test_no_reading_for_unreadable_answers),
		cmocka_unit_test(test_flag_names_spelled_once),
		cmocka_unit_test(test_safety_endorsed),
		cmocka_unit_test(test_safety_plan_and_direct),
		cmocka_unit_test(test_high_band_help_sentence),
		cmocka_unit_test(test_couple_coherent_and_consent),
		cmocka_unit_test(test_couple_without_consent),
		cmocka_unit_test(test_golden_reports),
	};
	return cmocka_run_group_tests(tests, sb_embedded_setup, sb_embedded_teardown);
}

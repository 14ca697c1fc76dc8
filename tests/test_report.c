/* SPDX-License-Identifier: MIT */
/* test_report.c — the report builder and the form builder: which sections and texts appear, in
 * which order, for constructed profiles on the default bank; the report JSON; failing allocation. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "bank/bank.h"
#include "report/doc.h"
#include "report/form.h"
#include "report/report.h"
#include "score/score.h"

/* ---- building answers ------------------------------------------------------------------- */

/* Answers that give each item of scale `id` the keyed values in `keyed` (cycled), so the score
 * is their mean; SB_MISSING entries leave items unanswered. */
static void S_set(int *answers, const char *id, const int *keyed, size_t n)
{
	size_t s = sb_bank_scale(sb_test_bank, id);
	assert_true(s != SB_NONE);
	const sb_scale *sc = &sb_test_bank->scales[s];
	for (size_t k = 0; k < sc->n_items; k++) {
		size_t i = sc->items[k];
		const sb_response_scale *rs = &sb_test_bank->responses[sb_test_bank->items[i].response];
		int v = keyed[k % n];
		answers[i] = v == SB_MISSING || !sb_test_bank->items[i].reverse ? v : rs->min + rs->max - v;
	}
}

static void S_set1(int *answers, const char *id, int keyed)
{
	S_set(answers, id, &keyed, 1);
}

typedef struct {
	int *answers;
	sb_result r;
} S_case;

static void S_case_init(S_case *c)
{
	c->answers = calloc(sb_test_bank->n_items, sizeof *c->answers);
	assert_non_null(c->answers);
	for (size_t i = 0; i < sb_test_bank->n_items; i++) /* safety items: "no" */
		c->answers[i] = sb_test_bank->items[i].safety
		                ? sb_test_bank->responses[sb_test_bank->items[i].response].min : 4;
	assert_int_equal(sb_result_init(&c->r, sb_test_bank), SB_OK);
}

static void S_case_score(S_case *c)
{
	sb_score(sb_test_bank, c->answers, &c->r);
}

static void S_case_free(S_case *c)
{
	sb_result_free(&c->r);
	free(c->answers);
}

/* Low: every scale keyed 2 (low band, no seek_help). */
static void S_low(S_case *c)
{
	for (size_t s = 0; s < sb_test_bank->n_scales; s++)
		S_set1(c->answers, sb_test_bank->scales[s].id, 2);
	S_case_score(c);
}

/* High: every scale keyed 6 (highest band). */
static void S_high(S_case *c)
{
	for (size_t s = 0; s < sb_test_bank->n_scales; s++)
		S_set1(c->answers, sb_test_bank->scales[s].id, 6);
	S_case_score(c);
}

/* Mixed, nothing in a highest or seek_help band: anxiety 4.5, communication 4, comparison
 * 3.25, self_worth 3.5, avoidance 2, past_hurt 1 (low). */
static void S_mixed(S_case *c)
{
	static const int anx[] = { 4, 5 }, sw[] = { 3, 4 }, cmp[] = { 3, 3, 3, 4 };
	S_set(c->answers, "anxiety", anx, 2);
	S_set1(c->answers, "communication", 4);
	S_set(c->answers, "comparison", cmp, 4);
	S_set(c->answers, "self_worth", sw, 2);
	S_set1(c->answers, "avoidance", 2);
	S_set1(c->answers, "past_hurt", 1);
	S_case_score(c);
}

/* ---- reading a document ----------------------------------------------------------------- */

static const char *S_en(const sb_text *t)
{
	return t->s[SB_LANG_EN];
}

static sb_doc *S_build(const S_case *c, sb_lang l, sb_audience a)
{
	sb_report_opts o = { .lang = l, .audience = a, .respondent = "r-17", .date = "2026-03-01" };
	sb_doc *d = NULL;
	sb_diags dg = { 0 };
	assert_int_equal(sb_report_build(sb_test_bank, &c->r, c->answers, &o, &d, &dg), SB_OK);
	assert_int_equal(dg.n, 0);
	sb_diags_free(&dg);
	assert_non_null(d);
	return d;
}

/* Index of the first block from `from` of this kind (and text, when not NULL), or -1. */
static long S_find(const sb_doc *d, sb_block_kind kind, const char *text, size_t from)
{
	for (size_t i = from; i < d->n_blocks; i++)
		if (d->blocks[i].kind == kind && (!text || (d->blocks[i].text &&
		                                            strcmp(d->blocks[i].text, text) == 0)))
			return (long)i;
	return -1;
}

static long S_para(const sb_doc *d, const char *text)
{
	return S_find(d, SB_BLOCK_PARAGRAPH, text, 0);
}

/* The level-1 headings joined with '|'. */
static char *S_outline(const sb_doc *d)
{
	static char out[4096];
	out[0] = '\0';
	for (size_t i = 0; i < d->n_blocks; i++) {
		if (d->blocks[i].kind != SB_BLOCK_HEADING || d->blocks[i].level != 1)
			continue;
		if (out[0])
			strcat(out, "|");
		strcat(out, d->blocks[i].text);
	}
	return out;
}

/* ---- the builder ------------------------------------------------------------------------ */

static void test_score_text(void **state)
{
	(void)state;
	char s[32];
	sb_report_score_text(4.125, s, sizeof s); /* an exact binary tie: away from zero */
	assert_string_equal(s, "4.13");
	sb_report_score_text(30.0 / 7.0, s, sizeof s);
	assert_string_equal(s, "4.29");
	sb_report_score_text(1.0, s, sizeof s);
	assert_string_equal(s, "1.00");
	sb_report_score_text(-0.001, s, sizeof s);
	assert_string_equal(s, "0.00");
	sb_report_score_text(2.675, s, sizeof s); /* stored as 2.67499…: still the decimal half */
	assert_string_equal(s, "2.68");
}

static void test_low_profile(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_low(&c);
	sb_doc *d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);

	assert_string_equal(d->title, S_en(&sb_test_bank->title));
	assert_null(d->subtitle);
	assert_string_equal(d->respondent, "r-17");
	assert_string_equal(d->date, "2026-03-01");
	assert_string_equal(d->footer, "Security in close relationships — a self-reflection "
	                               "questionnaire · version 2.0.0 · Ideas from: KTSF Go, "
	                               "\"情感中的不安全感是源自于什么？\"; two-dimension model: ECR-R");
	/* The disclaimer comes first, before any section. */
	assert_int_equal(d->blocks[0].kind, SB_BLOCK_PARAGRAPH);
	assert_string_equal(d->blocks[0].text, S_en(&sb_test_bank->texts.disclaimer));
	/* Ties in elevation keep bank order; help comes after the scale sections. */
	assert_string_equal(S_outline(d),
	                    "Overview|Attachment anxiety|Attachment avoidance|"
	                    "Self-doubt (low self-worth)|Past hurt carried forward|"
	                    "Unspoken needs|Comparing with others|"
	                    "When and how to seek professional help|"
	                    "When the unease is about the relationship itself|Why this matters|"
	                    "A closing note");
	/* Low anxiety and avoidance: the secure leaning, explained with the bank's words. */
	assert_true(S_para(d, "Your answers point to: Secure leaning") > 0);
	assert_true(S_para(d, S_en(&sb_test_bank->attachment.styles[SB_STYLE_SECURE].explanation)) > 0);
	assert_int_equal(S_find(d, SB_BLOCK_PARAGRAPH, "Your point lies close to a cut-off line, so "
	                        "this leaning is not clear-cut; on another day your answers might "
	                        "fall in a neighbouring region.", 0), -1);
	assert_true(S_para(d, S_en(&sb_test_bank->texts.why_it_matters)) > 0);
	assert_true(S_para(d, S_en(&sb_test_bank->texts.closing)) > 0);
	assert_true(S_para(d, S_en(&sb_test_bank->texts.emergency)) > 0);
	/* No counsellor part, no unscored section. */
	assert_int_equal(S_find(d, SB_BLOCK_HEADING, "For the counsellor", 0), -1);
	assert_int_equal(S_find(d, SB_BLOCK_TABLE, NULL, 0), -1);
	assert_int_equal(S_find(d, SB_BLOCK_WRITE_AREA, NULL, 0), -1);
	assert_int_equal(S_find(d, SB_BLOCK_HEADING, "Scales that could not be scored", 0), -1);
	sb_doc_free(d);
	S_case_free(&c);
}

static void test_scale_section(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_low(&c);
	sb_doc *d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	const sb_scale *anx = &sb_test_bank->scales[sb_bank_scale(sb_test_bank, "anxiety")];
	const sb_band *low = &anx->bands[0];
	long h = S_find(d, SB_BLOCK_HEADING, "Attachment anxiety", 0);
	assert_true(h > 0);
	/* Score and band as a kv block, then the scale's description. */
	const sb_block *kv = &d->blocks[h + 1];
	assert_int_equal(kv->kind, SB_BLOCK_KV);
	assert_int_equal(kv->n_items, 4);
	assert_string_equal(kv->items[0], "Score");
	assert_string_equal(kv->items[1], "2.00 (range 1–7)");
	assert_string_equal(kv->items[2], "Band");
	assert_string_equal(kv->items[3], "Low");
	assert_string_equal(d->blocks[h + 2].text, S_en(&anx->description));
	long k = S_find(d, SB_BLOCK_HEADING, "How this tends to show up", (size_t)h);
	assert_int_equal(k, h + 3);
	assert_string_equal(d->blocks[k + 1].text, S_en(&low->shows_up));
	assert_string_equal(d->blocks[k + 2].text, "Where it may come from");
	assert_string_equal(d->blocks[k + 3].text, S_en(&low->origins));
	assert_string_equal(d->blocks[k + 4].text, "Suggested steps");
	/* The step in full: title, summary, every action. */
	const sb_step *st = &sb_test_bank->steps[low->steps[0]];
	assert_int_equal(d->blocks[k + 5].level, 3);
	assert_string_equal(d->blocks[k + 5].text, S_en(&st->title));
	assert_string_equal(d->blocks[k + 6].text, S_en(&st->summary));
	const sb_block *acts = &d->blocks[k + 7];
	assert_int_equal(acts->kind, SB_BLOCK_LIST);
	assert_int_equal(acts->n_items, st->n_actions);
	for (size_t i = 0; i < st->n_actions; i++)
		assert_string_equal(acts->items[i], S_en(&st->actions[i]));
	assert_string_equal(d->blocks[k + 8].text, "Something to try saying to your partner");
	assert_int_equal(d->blocks[k + 9].n_items, 1);
	assert_string_equal(d->blocks[k + 9].items[0], S_en(&low->starters[0]));
	/* The next scale suggests the same step: only named, not repeated. */
	long h2 = S_find(d, SB_BLOCK_HEADING, "Attachment avoidance", 0);
	assert_true(h2 > k + 9);
	long seen = S_find(d, SB_BLOCK_PARAGRAPH, "Described above: Self-reflection.", (size_t)h2);
	assert_true(seen > h2);
	assert_int_equal(S_find(d, SB_BLOCK_HEADING, "Self-reflection", (size_t)h2), -1);
	sb_doc_free(d);
	S_case_free(&c);
}

static void test_charts(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_mixed(&c);
	sb_doc *d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	long i = S_find(d, SB_BLOCK_STYLE_CHART, NULL, 0);
	assert_true(i > 0);
	const sb_style_chart *sc = d->blocks[i].style_chart;
	assert_string_equal(sc->x_label, "Attachment avoidance");
	assert_string_equal(sc->y_label, "Attachment anxiety");
	assert_true(sc->x_min == 1 && sc->x_max == 7 && sc->y_min == 1 && sc->y_max == 7);
	assert_true(sc->x_cut == 4 && sc->y_cut == 4);
	assert_string_equal(sc->region[SB_STYLE_SECURE], "Secure leaning");
	assert_string_equal(sc->region[SB_STYLE_PREOCCUPIED], "Anxious–preoccupied leaning");
	assert_string_equal(sc->region[SB_STYLE_DISMISSIVE], "Dismissive–avoidant leaning");
	assert_string_equal(sc->region[SB_STYLE_FEARFUL], "Fearful–avoidant leaning");
	assert_int_equal(sc->n_points, 1);
	assert_string_equal(sc->points[0].label, "You");
	assert_true(sc->points[0].x == 2.0 && sc->points[0].y == 4.5);
	assert_true(S_para(d, "Your answers point to: Anxious–preoccupied leaning") > i);

	long p = S_find(d, SB_BLOCK_PROFILE_CHART, NULL, 0);
	assert_true(p > i);
	const sb_profile_chart *pc = d->blocks[p].profile_chart;
	assert_int_equal(pc->n_series, 1);
	assert_int_equal(pc->n_bars, sb_test_bank->n_scales);
	for (size_t k = 0; k < pc->n_bars; k++) {
		const sb_scale *s = &sb_test_bank->scales[k];
		assert_string_equal(pc->bars[k].name, S_en(&s->name));
		assert_true(pc->bars[k].lo == s->lo && pc->bars[k].hi == s->hi);
		assert_int_equal(pc->bars[k].n_bands, s->n_bands);
		for (size_t j = 0; j < s->n_bands; j++) {
			assert_string_equal(pc->bars[k].bands[j].label, S_en(&s->bands[j].label));
			assert_true(pc->bars[k].bands[j].lo == s->bands[j].min);
			assert_true(pc->bars[k].bands[j].hi == s->bands[j].max);
		}
		assert_true(pc->bars[k].scored[0]);
	}
	assert_string_equal(pc->bars[0].value_text[0], "4.50");
	assert_true(pc->bars[0].value[0] == 4.5);
	assert_string_equal(pc->bars[4].value_text[0], "4.00");
	assert_string_equal(pc->bars[5].value_text[0], "3.25");
	sb_doc_free(d);
	S_case_free(&c);
}

static void test_mixed_order(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_mixed(&c);
	sb_doc *d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	/* Most elevated first; nothing high or seek_help: professional help after the scales. */
	assert_string_equal(S_outline(d),
	                    "Overview|Attachment anxiety|Unspoken needs|"
	                    "Self-doubt (low self-worth)|Comparing with others|"
	                    "Attachment avoidance|Past hurt carried forward|"
	                    "When and how to seek professional help|"
	                    "When the unease is about the relationship itself|Why this matters|"
	                    "A closing note");
	long h = S_find(d, SB_BLOCK_HEADING, "Attachment anxiety", 0);
	assert_string_equal(d->blocks[h + 1].items[3], "Moderate");
	/* A band with several starters: at most two are offered. */
	const sb_band *mod = &sb_test_bank->scales[0].bands[1];
	assert_true(mod->n_starters >= 2);
	long s = S_find(d, SB_BLOCK_HEADING, "Something to try saying to your partner", (size_t)h);
	assert_int_equal(d->blocks[s + 1].n_items, 2);
	assert_string_equal(d->blocks[s + 1].items[1], S_en(&mod->starters[1]));
	/* Help not urgent: its paragraph has the normal tone, the emergency one an alert. */
	long help = S_find(d, SB_BLOCK_HEADING, "When and how to seek professional help", 0);
	assert_int_equal(d->blocks[help + 1].tone, SB_TONE_NORMAL);
	assert_string_equal(d->blocks[help + 1].text, S_en(&sb_test_bank->texts.professional_help));
	assert_int_equal(d->blocks[help + 2].tone, SB_TONE_NORMAL); /* where to look for help */
	assert_string_equal(d->blocks[help + 2].text, S_en(&sb_test_bank->texts.local_help));
	assert_int_equal(d->blocks[help + 3].tone, SB_TONE_ALERT);
	assert_string_equal(d->blocks[help + 3].text, S_en(&sb_test_bank->texts.emergency));
	sb_doc_free(d);

	/* Past hurt in its moderate band (seek_help) brings professional help forward. */
	static const int hurt[] = { 3, 4 };
	S_set(c.answers, "past_hurt", hurt, 2);
	S_case_score(&c);
	d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	assert_string_equal(S_outline(d),
	                    "Overview|When and how to seek professional help|Attachment anxiety|"
	                    "Unspoken needs|Self-doubt (low self-worth)|"
	                    "Past hurt carried forward|Comparing with others|"
	                    "Attachment avoidance|When the unease is about the relationship itself|"
	                    "Why this matters|A closing note");
	help = S_find(d, SB_BLOCK_HEADING, "When and how to seek professional help", 0);
	assert_int_equal(d->blocks[help + 1].tone, SB_TONE_ALERT);
	sb_doc_free(d);
	S_case_free(&c);
}

static void test_high_profile(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_high(&c);
	sb_doc *d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	assert_string_equal(S_outline(d),
	                    "Overview|When and how to seek professional help|Attachment anxiety|"
	                    "Attachment avoidance|Self-doubt (low self-worth)|"
	                    "Past hurt carried forward|Unspoken needs|"
	                    "Comparing with others|When the unease is about the relationship itself|"
	                    "Why this matters|A closing note");
	assert_true(S_para(d, "Your answers point to: Fearful–avoidant leaning") > 0);
	const sb_band *high = &sb_test_bank->scales[sb_bank_scale(sb_test_bank, "past_hurt")].bands[2];
	assert_true(S_para(d, S_en(&high->shows_up)) > 0);
	assert_true(S_para(d, S_en(&high->origins)) > 0);
	sb_doc_free(d);
	S_case_free(&c);
}

static void test_near_boundary(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_low(&c);
	static const int near[] = { 4, 4, 4, 4, 4, 4, 4, 5 }; /* 4.125: 0.125 past the cut-off */
	S_set(c.answers, "anxiety", near, 8);
	S_case_score(&c);
	assert_true(c.r.near_boundary);
	sb_doc *d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	/* No style named near a cut-off: no clear leaning on that dimension, never "higher". */
	assert_int_equal(S_para(d, "Your answers point to: Anxious–preoccupied leaning"), -1);
	long lean = S_para(d, "No clear attachment leaning");
	assert_true(lean > 0);
	long nb = S_para(d, "Your Attachment anxiety score is close to its cut-off, so there is no "
	                    "clear leaning on that dimension. Your Attachment avoidance score is "
	                    "below its cut-off. So no leaning is named here; on another day your "
	                    "answers might fall in a neighbouring region.");
	assert_int_equal(nb, lean + 1);
	assert_int_equal(S_para(d, S_en(&sb_test_bank->attachment.styles[SB_STYLE_PREOCCUPIED]
	                                     .explanation)), -1);
	sb_doc_free(d);
	/* The per-dimension sentences are the bank's (texts.dimension_*): a bank's own words, with
	 * "{scale}" filled in wherever it stands and a "%s" left as it is (not a format). */
	sb_text *below = &sb_test_bank->texts.dimension_below;
	char *saved = below->s[SB_LANG_EN];
	below->s[SB_LANG_EN] = (char *)"{scale} is low (%s); {scale} again.";
	d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	below->s[SB_LANG_EN] = saved;
	assert_int_equal(S_para(d, "Your Attachment anxiety score is close to its cut-off, so there "
	                           "is no clear leaning on that dimension. Attachment avoidance is low "
	                           "(%s); Attachment avoidance again. So no leaning is named here; on "
	                           "another day your answers might fall in a neighbouring region."),
	                 lean + 1);
	sb_doc_free(d);
	/* In Chinese, the sentences follow each other with nothing between them. */
	d = S_build(&c, SB_LANG_ZH, SB_AUDIENCE_SELF);
	assert_true(S_para(d, "“依恋焦虑”的得分离分界线很近，在这一维度上没有明显的倾向。"
	                      "“依恋回避”的得分低于分界线。"
	                      "因此这里不给出依恋倾向的名称；换一个时候作答，结果也可能落在相邻的区域。") > 0);
	sb_doc_free(d);
	S_case_free(&c);
}

static void test_unscored(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_low(&c);
	/* 5 of 8 communication items answered: below the 80% the bank asks for. */
	static const int few[] = { 2, 2, 2, 2, 2, SB_MISSING, SB_MISSING, SB_MISSING };
	S_set(c.answers, "communication", few, 8);
	/* Anxiety unscored too (6 of 8): no leaning can be placed. 5 of 48 missing in all, under
	 * the 20% that would make the answers unreadable. */
	static const int some[] = { 2, 2, 2, 2, 2, 2, SB_MISSING, SB_MISSING };
	S_set(c.answers, "anxiety", some, 8);
	S_case_score(&c);
	sb_doc *d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	assert_string_equal(S_outline(d),
	                    "Overview|Attachment avoidance|Self-doubt (low self-worth)|"
	                    "Past hurt carried forward|Comparing with others|"
	                    "When and how to seek professional help|"
	                    "When the unease is about the relationship itself|Why this matters|"
	                    "A closing note|Scales that could not be scored");
	long u = S_find(d, SB_BLOCK_HEADING, "Scales that could not be scored", 0);
	assert_int_equal(u, (long)d->n_blocks - 2);
	const sb_block *l = &d->blocks[u + 1];
	assert_int_equal(l->n_items, 2);
	assert_string_equal(l->items[0], "Attachment anxiety: answered 6 of 8 items, fewer than the "
	                                 "required 80%");
	assert_string_equal(l->items[1], "Unspoken needs: answered 5 of 8 "
	                                 "items, fewer than the required 80%");
	assert_int_equal(S_find(d, SB_BLOCK_STYLE_CHART, NULL, 0), -1);
	assert_true(S_para(d, "Attachment anxiety or Attachment avoidance could not be scored, so "
	                      "the attachment leaning cannot be placed.") > 0);
	long p = S_find(d, SB_BLOCK_PROFILE_CHART, NULL, 0);
	const sb_profile_chart *pc = d->blocks[p].profile_chart;
	assert_false(pc->bars[0].scored[0]);
	assert_string_equal(pc->bars[0].value_text[0], "not scored");
	assert_false(pc->bars[4].scored[0]);
	assert_string_equal(pc->bars[4].value_text[0], "not scored");
	assert_string_equal(pc->bars[1].value_text[0], "2.00");
	sb_doc_free(d);
	/* The counsellor's table lists them last, with what was answered. */
	d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_COUNSELLOR);
	long t = S_find(d, SB_BLOCK_TABLE, NULL, 0);
	assert_int_equal(d->blocks[t].n_items, 5 * 7);
	char **row = &d->blocks[t].items[5 * 5];
	assert_string_equal(row[0], "Attachment anxiety");
	assert_string_equal(row[1], "—");
	assert_string_equal(row[2], "not scored");
	assert_string_equal(row[3], "6/8");
	assert_string_equal(row[4], "");
	assert_string_equal(row[5], "Unspoken needs");
	assert_string_equal(row[8], "5/8");
	assert_true(S_find(d, SB_BLOCK_HEADING, "Scales that could not be scored", 0) > t);
	sb_doc_free(d);
	S_case_free(&c);
}

static void test_chinese(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_mixed(&c);
	static const int few[] = { 2, 2, 2, 2, 2, SB_MISSING, SB_MISSING, SB_MISSING };
	S_set(c.answers, "communication", few, 8);
	S_case_score(&c);
	sb_doc *d = S_build(&c, SB_LANG_ZH, SB_AUDIENCE_SELF);
	assert_int_equal(d->lang, SB_LANG_ZH);
	assert_string_equal(d->title, "亲密关系中的安全感：自我觉察问卷");
	assert_string_equal(d->footer, "亲密关系中的安全感：自我觉察问卷 · 版本 2.0.0 · "
	                               "思路参考：KTSF Go《情感中的不安全感是源自于什么？》；依恋两维度模型：ECR-R");
	assert_string_equal(S_outline(d),
	                    "概览|依恋焦虑|自我价值感低|与他人比较|依恋回避|过往伤痛的影响|"
	                    "何时以及如何寻求专业帮助|当不安来自关系本身|为什么值得留意|写在最后|"
	                    "未能计分的量表");
	const sb_scale *anx = &sb_test_bank->scales[0];
	assert_true(S_para(d, anx->bands[1].shows_up.s[SB_LANG_ZH]) > 0);
	assert_true(S_para(d, anx->bands[1].origins.s[SB_LANG_ZH]) > 0);
	assert_true(S_para(d, "你的回答指向：焦虑—专注型倾向") > 0);
	assert_true(S_para(d, sb_test_bank->texts.closing.s[SB_LANG_ZH]) > 0);
	long h = S_find(d, SB_BLOCK_HEADING, "依恋焦虑", 0);
	assert_string_equal(d->blocks[h + 1].items[1], "4.50（范围 1–7）");
	assert_string_equal(d->blocks[h + 1].items[3], "中等");
	long u = S_find(d, SB_BLOCK_HEADING, "未能计分的量表", 0);
	assert_string_equal(d->blocks[u + 1].items[0],
	                    "未说出口的需要：8 题中只回答了 5 题，少于计分所需的 80%");
	/* No English text anywhere in the paragraphs chosen from the bank. */
	assert_int_equal(S_para(d, S_en(&anx->bands[1].shows_up)), -1);
	sb_doc_free(d);
	S_case_free(&c);
}

static void test_counsellor(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_mixed(&c);
	c.answers[sb_bank_item(sb_test_bank, "anx03")] = SB_MISSING;
	c.answers[sb_bank_item(sb_test_bank, "com06")] = SB_MISSING;
	S_case_score(&c);
	sb_doc *d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_COUNSELLOR);
	assert_string_equal(d->subtitle, "Counsellor's copy");
	/* Compact: the same overview and help placement, the scales as one table, then the
	 * counsellor's part. */
	assert_string_equal(S_outline(d), "Overview|Results by scale|"
	                                  "When and how to seek professional help|"
	                                  "When the unease is about the relationship itself|"
	                                  "For the counsellor");
	assert_true(S_find(d, SB_BLOCK_STYLE_CHART, NULL, 0) > 0);
	assert_true(S_find(d, SB_BLOCK_PROFILE_CHART, NULL, 0) > 0);
	long st = S_find(d, SB_BLOCK_HEADING, "Results by scale", 0);
	const sb_block *sc = &d->blocks[st + 1];
	assert_int_equal(sc->kind, SB_BLOCK_TABLE);
	assert_int_equal(sc->n_cols, 5);
	assert_int_equal(sc->n_items, 5 * 7);
	static const char *const rows[6][5] = {
		{ "Attachment anxiety", "4.57", "Moderate", "7/8",
		  "Self-reflection; Set boundaries and plan for triggers; Talk openly with your partner" },
		{ "Unspoken needs", "4.00", "Moderate", "7/8",
		  "Talk openly with your partner; Self-reflection" },
		{ "Self-doubt (low self-worth)", "3.50", "Moderate", "8/8",
		  "Build your sense of worth; Self-reflection" },
		{ "Comparing with others", "3.25", "Moderate", "8/8",
		  "Set boundaries and plan for triggers; Build your sense of worth; Self-reflection" },
		{ "Attachment avoidance", "2.00", "Low", "8/8", "Self-reflection" },
		{ "Past hurt carried forward", "1.00", "Low", "8/8", "Self-reflection" },
	};
	for (size_t i = 0; i < 6; i++)
		for (size_t k = 0; k < 5; k++)
			assert_string_equal(sc->items[5 * (i + 1) + k], rows[i][k]);
	/* None of the person's long texts. */
	assert_int_equal(S_para(d, S_en(&sb_test_bank->scales[0].bands[1].shows_up)), -1);
	assert_int_equal(S_para(d, S_en(&sb_test_bank->texts.closing)), -1);
	long h = S_find(d, SB_BLOCK_HEADING, "For the counsellor", 0);
	long q = S_find(d, SB_BLOCK_HEADING, "Response quality", (size_t)h);
	long m = S_find(d, SB_BLOCK_HEADING, "Missing items", (size_t)h);
	long r = S_find(d, SB_BLOCK_HEADING, "Scoring rules", (size_t)h);
	long it = S_find(d, SB_BLOCK_HEADING, "Answers item by item", (size_t)h);
	long n = S_find(d, SB_BLOCK_HEADING, "Notes", (size_t)h);
	assert_true(h < q && q < m && m < r && r < it && it < n);

	const sb_block *qt = &d->blocks[q + 1];
	assert_int_equal(qt->kind, SB_BLOCK_TABLE);
	assert_int_equal(qt->n_cols, 4);
	assert_int_equal(qt->n_items, 4 * 5);
	assert_string_equal(qt->items[4], "Longstring");
	char v[32];
	snprintf(v, sizeof v, "%zu", c.r.quality.longstring);
	assert_string_equal(qt->items[5], v);
	assert_string_equal(qt->items[16], "Missing share");
	assert_string_equal(qt->items[17], "4.2%"); /* 2 of 48 */
	assert_string_equal(qt->items[19], c.r.quality.flag_missing ? "yes" : "no");
	assert_int_equal(d->blocks[q + 2].kind, SB_BLOCK_LIST); /* one definition per indicator */
	assert_int_equal(d->blocks[q + 2].n_items, 4);

	const sb_block *ml = &d->blocks[m + 1];
	assert_int_equal(ml->kind, SB_BLOCK_LIST);
	assert_int_equal(ml->n_items, 2);
	char want[512];
	snprintf(want, sizeof want, "anx03: %s",
	         S_en(&sb_test_bank->items[sb_bank_item(sb_test_bank, "anx03")].text));
	assert_string_equal(ml->items[0], want);

	const sb_block *rules = &d->blocks[r + 1];
	assert_int_equal(rules->kind, SB_BLOCK_PARAGRAPH);
	assert_true(sb_contains(rules->text, "Each scale's score is the mean of the keyed values of "
	                                     "its answered items (range 1–7); a scale is scored only "
	                                     "when at least 80% of its items are answered"));
	assert_true(sb_contains(rules->text, "within 0.25 of either cut-off"));

	const sb_block *t = &d->blocks[it + 1];
	assert_int_equal(t->kind, SB_BLOCK_TABLE);
	assert_int_equal(t->n_cols, 5);
	assert_int_equal(t->n_items, 5 * (sb_test_bank->n_items + 1));
	for (size_t i = 0; i < sb_test_bank->n_items; i++) {
		char **row = &t->items[5 * (i + 1)];
		const sb_item *item = &sb_test_bank->items[i];
		assert_string_equal(row[0], item->id);
		assert_string_equal(row[1], item->safety ? "Safety (not scored)"
		                                         : S_en(&sb_test_bank->scales[item->scale].name));
		assert_string_equal(row[4], item->reverse ? "R" : "");
		if (c.answers[i] == SB_MISSING) {
			assert_string_equal(row[2], "—");
			assert_string_equal(row[3], "—");
		} else {
			snprintf(v, sizeof v, "%d", c.answers[i]);
			assert_string_equal(row[2], v);
			snprintf(v, sizeof v, "%d", item->reverse ? 8 - c.answers[i] : c.answers[i]);
			assert_string_equal(row[3], v);
		}
	}
	/* Notes, then a line for the counsellor's name and the date. */
	assert_int_equal(d->blocks[n + 1].kind, SB_BLOCK_WRITE_AREA);
	assert_true(d->blocks[n + 1].lines >= 5);
	assert_string_equal(d->blocks[n + 2].text, "Counsellor");
	assert_string_equal(d->blocks[n + 3].text, "Date");
	assert_int_equal(d->n_blocks, (size_t)n + 4);
	sb_doc_free(d);

	/* Self: none of it. Counsellor without answers: refused. */
	d = S_build(&c, SB_LANG_EN, SB_AUDIENCE_SELF);
	assert_int_equal(S_find(d, SB_BLOCK_HEADING, "For the counsellor", 0), -1);
	assert_int_equal(S_find(d, SB_BLOCK_PAGE_BREAK, NULL, 0), -1);
	sb_doc_free(d);
	sb_report_opts o = { .lang = SB_LANG_EN, .audience = SB_AUDIENCE_COUNSELLOR };
	sb_diags dg = { 0 };
	assert_int_equal(sb_report_build(sb_test_bank, &c.r, NULL, &o, &d, &dg), SB_ERR_USAGE);
	assert_null(d);
	assert_int_equal(dg.n, 1);
	sb_diags_free(&dg);
	S_case_free(&c);
}

static void test_audience_parse(void **state)
{
	(void)state;
	sb_audience a = SB_AUDIENCE_SELF;
	assert_int_equal(sb_audience_parse("counsellor", &a), 0);
	assert_int_equal(a, SB_AUDIENCE_COUNSELLOR);
	assert_int_equal(sb_audience_parse("self", &a), 0);
	assert_int_equal(a, SB_AUDIENCE_SELF);
	assert_int_equal(sb_audience_parse("counselor", &a), 0);
	assert_int_equal(a, SB_AUDIENCE_COUNSELLOR);
	assert_int_equal(sb_audience_parse("Self", &a), -1);
	assert_int_equal(sb_audience_parse(NULL, &a), -1);
	assert_string_equal(sb_audience_id(SB_AUDIENCE_COUNSELLOR), "counsellor");
}

/* ---- the report JSON -------------------------------------------------------------------- */

static json_t *S_json(const S_case *c, sb_lang l, sb_audience a, const char *respondent)
{
	sb_report_opts o = { .lang = l, .audience = a, .respondent = respondent,
		             .date = "2026-03-01" };
	sb_buf out = { 0 };
	sb_diags dg = { 0 };
	assert_int_equal(sb_report_json(sb_test_bank, &c->r, c->answers, &o, &out, &dg), SB_OK);
	assert_int_equal(out.data[out.len - 1], '\n');
	json_error_t err;
	json_t *j = json_loads(out.data, 0, &err);
	if (!j)
		fail_msg("report JSON does not parse: %s at %d:%d", err.text, err.line, err.column);
	sb_buf_free(&out);
	sb_diags_free(&dg);
	return j;
}

static void test_json(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_mixed(&c);
	static const int few[] = { 2, 2, 2, 2, 2, SB_MISSING, SB_MISSING, SB_MISSING };
	S_set(c.answers, "comparison", few, 8);
	S_case_score(&c);
	json_t *j = S_json(&c, SB_LANG_EN, SB_AUDIENCE_SELF, "r-17");
	assert_string_equal(json_string_value(json_object_get(j, "schema")), "securebase-report/1");
	json_t *bank = json_object_get(j, "bank");
	assert_string_equal(json_string_value(json_object_get(bank, "id")), "securebase");
	assert_string_equal(json_string_value(json_object_get(bank, "version")), "2.0.0");
	assert_string_equal(json_string_value(json_object_get(j, "respondent")), "r-17");
	assert_string_equal(json_string_value(json_object_get(j, "date")), "2026-03-01");
	assert_string_equal(json_string_value(json_object_get(j, "lang")), "en");
	assert_string_equal(json_string_value(json_object_get(j, "audience")), "self");
	assert_null(json_object_get(j, "items"));

	json_t *scales = json_object_get(j, "scales");
	assert_int_equal(json_array_size(scales), sb_test_bank->n_scales);
	json_t *anx = json_array_get(scales, 0);
	assert_string_equal(json_string_value(json_object_get(anx, "id")), "anxiety");
	assert_string_equal(json_string_value(json_object_get(anx, "name")), "Attachment anxiety");
	assert_true(json_real_value(json_object_get(anx, "score")) == 4.5);
	assert_string_equal(json_string_value(json_object_get(anx, "band")), "moderate");
	assert_string_equal(json_string_value(json_object_get(anx, "band_label")), "Moderate");
	assert_int_equal(json_integer_value(json_object_get(anx, "answered")), 8);
	assert_int_equal(json_integer_value(json_object_get(anx, "items")), 8);
	assert_true(json_is_true(json_object_get(anx, "scored")));
	assert_null(json_object_get(anx, "z")); /* the default bank has no norms */
	json_t *cmp = json_array_get(scales, 5);
	assert_true(json_is_null(json_object_get(cmp, "score")));
	assert_true(json_is_null(json_object_get(cmp, "band")));
	assert_true(json_is_false(json_object_get(cmp, "scored")));
	assert_int_equal(json_integer_value(json_object_get(cmp, "answered")), 5);

	json_t *style = json_object_get(j, "style");
	assert_string_equal(json_string_value(json_object_get(style, "id")), "preoccupied");
	assert_string_equal(json_string_value(json_object_get(style, "name")),
	                    "Anxious–preoccupied leaning");
	assert_true(json_real_value(json_object_get(style, "anxiety")) == 4.5);
	assert_true(json_real_value(json_object_get(style, "avoidance")) == 2.0);
	assert_true(json_is_false(json_object_get(style, "near_boundary")));

	json_t *flags = json_object_get(j, "flags");
	json_t *ls = json_object_get(flags, "longstring");
	assert_int_equal(json_integer_value(json_object_get(ls, "value")),
	                 (json_int_t)c.r.quality.longstring);
	assert_true(json_boolean_value(json_object_get(ls, "flagged")) == c.r.quality.flag_longstring);
	json_t *ms = json_object_get(flags, "missing");
	assert_true(fabs(json_real_value(json_object_get(ms, "value")) - 3.0 / 48.0) < 1e-15);
	assert_non_null(json_object_get(flags, "low_irv"));
	assert_non_null(json_object_get(flags, "inconsistent"));

	/* The texts, in the document's order and with the document's choices. */
	json_t *t = json_object_get(j, "texts");
	assert_string_equal(json_string_value(json_object_get(t, "disclaimer")),
	                    S_en(&sb_test_bank->texts.disclaimer));
	json_t *ts = json_object_get(t, "scales");
	static const char *const order[] = { "anxiety", "communication", "self_worth", "avoidance",
		                             "past_hurt" };
	assert_int_equal(json_array_size(ts), 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(ts, i), "id")),
		                    order[i]);
	json_t *t0 = json_array_get(ts, 0);
	assert_string_equal(json_string_value(json_object_get(t0, "shows_up")),
	                    S_en(&sb_test_bank->scales[0].bands[1].shows_up));
	json_t *steps = json_object_get(t0, "steps");
	assert_int_equal(json_array_size(steps), sb_test_bank->scales[0].bands[1].n_steps);
	json_t *st0 = json_array_get(steps, 0);
	const sb_step *step = &sb_test_bank->steps[sb_test_bank->scales[0].bands[1].steps[0]];
	assert_string_equal(json_string_value(json_object_get(st0, "id")), step->id);
	assert_int_equal(json_array_size(json_object_get(st0, "actions")), step->n_actions);
	assert_int_equal(json_array_size(json_object_get(t0, "starters")), 2);
	json_t *help = json_object_get(t, "professional_help");
	assert_string_equal(json_string_value(json_object_get(help, "placement")), "after_scales");
	assert_string_equal(json_string_value(json_object_get(help, "local_help")),
	                    S_en(&sb_test_bank->texts.local_help));
	assert_true(json_is_null(json_object_get(json_object_get(t, "style"), "near_boundary")));
	json_t *ns = json_object_get(t, "not_scored");
	assert_int_equal(json_array_size(ns), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 0), "reason")),
	                    "answered 5 of 8 items, fewer than the required 80%");
	json_decref(j);

	/* Control characters in an id never reach a terminal raw: C0 by jansson, DEL and C1 by us. */
	{
		sb_report_opts o = { .lang = SB_LANG_EN, .respondent = "a\x01" "b\x7f" "c\xC2\x9B" "d",
			             .date = "2026-03-01" };
		sb_buf out = { 0 };
		sb_diags dg = { 0 };
		assert_int_equal(sb_report_json(sb_test_bank, &c.r, NULL, &o, &out, &dg), SB_OK);
		assert_true(sb_contains(out.data, "\"respondent\": \"a\\u0001b\\u007Fc\\u009Bd\""));
		assert_null(strchr(out.data, 0x7f));
		assert_null(strstr(out.data, "\xC2\x9B"));
		json_t *back = json_loads(out.data, 0, NULL);
		assert_string_equal(json_string_value(json_object_get(back, "respondent")),
		                    "a\x01" "b\x7f" "c\xC2\x9B" "d");
		json_decref(back);
		sb_buf_free(&out);
		sb_diags_free(&dg);
	}

	/* Counsellor: every item; zh texts; an id that is not UTF-8 comes out as U+FFFD. */
	j = S_json(&c, SB_LANG_ZH, SB_AUDIENCE_COUNSELLOR, "a\xff" "b");
	assert_string_equal(json_string_value(json_object_get(j, "respondent")), "a\xEF\xBF\xBD" "b");
	assert_string_equal(json_string_value(json_object_get(j, "audience")), "counsellor");
	assert_string_equal(json_string_value(json_object_get(j, "lang")), "zh");
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), sb_test_bank->n_items);
	for (size_t i = 0; i < sb_test_bank->n_items; i++) {
		json_t *it = json_array_get(items, i);
		assert_string_equal(json_string_value(json_object_get(it, "id")),
		                    sb_test_bank->items[i].id);
		if (c.answers[i] == SB_MISSING) {
			assert_true(json_is_null(json_object_get(it, "answer")));
		} else {
			assert_int_equal(json_integer_value(json_object_get(it, "answer")), c.answers[i]);
			assert_int_equal(json_integer_value(json_object_get(it, "keyed")),
			                 sb_test_bank->items[i].reverse ? 8 - c.answers[i] : c.answers[i]);
		}
	}
	t = json_object_get(j, "texts");
	assert_string_equal(json_string_value(json_object_get(t, "closing")),
	                    sb_test_bank->texts.closing.s[SB_LANG_ZH]);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "scales"), 0), "name")), "依恋焦虑");
	json_decref(j);

	/* High profile: help placed after the overview; respondent null when not given. */
	S_high(&c);
	j = S_json(&c, SB_LANG_EN, SB_AUDIENCE_SELF, NULL);
	assert_true(json_is_null(json_object_get(j, "respondent")));
	help = json_object_get(json_object_get(j, "texts"), "professional_help");
	assert_string_equal(json_string_value(json_object_get(help, "placement")), "after_overview");
	json_decref(j);
	S_case_free(&c);
}

/* ---- failing allocation ----------------------------------------------------------------- */

static void test_alloc_failures(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_mixed(&c);
	static const int few[] = { 2, SB_MISSING };
	S_set(c.answers, "comparison", few, 2);
	S_case_score(&c);
	for (int pass = 0; pass < 4; pass++) {
		sb_report_opts o = { .lang = pass & 1 ? SB_LANG_ZH : SB_LANG_EN,
			             .audience = pass & 2 ? SB_AUDIENCE_COUNSELLOR : SB_AUDIENCE_SELF,
			             .respondent = "x", .date = "2026-03-01" };
		unsigned long k = 1;
		for (;; k++) {
			sb_doc *d = NULL;
			sb_diags dg = { 0 };
			sb_alloc_fail_after(k);
			sb_status st = sb_report_build(sb_test_bank, &c.r, c.answers, &o, &d, &dg);
			sb_alloc_fail_after(0);
			sb_diags_free(&dg);
			if (st == SB_OK) {
				sb_doc_free(d);
				break;
			}
			assert_int_equal(st, SB_ERR_INTERNAL);
			assert_null(d);
		}
		assert_true(k > 100); /* the loop reached deep into the build */
		for (k = 1;; k++) {
			sb_buf out = { 0 };
			sb_diags dg = { 0 };
			sb_alloc_fail_after(k);
			sb_status st = sb_report_json(sb_test_bank, &c.r, c.answers, &o, &out, &dg);
			sb_alloc_fail_after(0);
			sb_diags_free(&dg);
			sb_buf_free(&out);
			if (st == SB_OK)
				break;
			assert_int_equal(st, SB_ERR_INTERNAL);
		}
		assert_true(k > 1);
	}
	for (unsigned long k = 1;; k++) {
		sb_doc *d = NULL;
		sb_diags dg = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_form_build(sb_test_bank, SB_LANG_ZH, &d, &dg);
		sb_alloc_fail_after(0);
		sb_diags_free(&dg);
		if (st == SB_OK) {
			sb_doc_free(d);
			assert_true(k > 100);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(d);
	}
	S_case_free(&c);
}

/* The report's JSON with jansson's own allocations failing too (a stride through them: each
 * failure takes the same way out): SB_ERR_INTERNAL every time, nothing leaked, then the same
 * text as with memory enough. */
static void test_json_alloc_failures_in_jansson(void **state)
{
	(void)state;
	S_case c;
	S_case_init(&c);
	S_mixed(&c);
	S_case_score(&c);
	sb_report_opts o = { .lang = SB_LANG_EN, .audience = SB_AUDIENCE_COUNSELLOR,
		             .respondent = "x", .date = "2026-03-01" };
	sb_buf want = { 0 };
	sb_diags dg = { 0 };
	assert_int_equal(sb_report_json(sb_test_bank, &c.r, c.answers, &o, &want, &dg), SB_OK);
	json_set_alloc_funcs(sb_malloc, sb_free);
	sb_alloc_fail_after(0);
	assert_int_equal(sb_report_json(sb_test_bank, &c.r, c.answers, &o, &want, &dg), SB_OK);
	unsigned long total = sb_alloc_fail_after(0);
	assert_true(total > 200);
	sb_buf_reset(&want);
	assert_int_equal(sb_report_json(sb_test_bank, &c.r, c.answers, &o, &want, &dg), SB_OK);
	for (unsigned long k = 1; k <= total; k += k < 30 ? 1 : 41) {
		sb_buf out = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_report_json(sb_test_bank, &c.r, c.answers, &o, &out, &dg);
		sb_alloc_fail_after(0);
		sb_diags_clear(&dg);
		assert_int_equal(st, SB_ERR_INTERNAL);
		sb_buf_free(&out);
	}
	sb_buf out = { 0 };
	sb_alloc_fail_after(total + 1);
	assert_int_equal(sb_report_json(sb_test_bank, &c.r, c.answers, &o, &out, &dg), SB_OK);
	sb_alloc_fail_after(0);
	assert_string_equal(out.data, want.data);
	sb_buf_free(&out);
	json_set_alloc_funcs(malloc, free);
	sb_diags_free(&dg);
	sb_buf_free(&want);
	S_case_free(&c);
}

/* ---- the form --------------------------------------------------------------------------- */

static void test_form(void **state)
{
	(void)state;
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		sb_doc *d = NULL;
		sb_diags dg = { 0 };
		assert_int_equal(sb_form_build(sb_test_bank, (sb_lang)l, &d, &dg), SB_OK);
		sb_diags_free(&dg);
		assert_string_equal(d->title, sb_test_bank->title.s[l]);
		/* Fields for id and date first. */
		assert_int_equal(d->blocks[0].kind, SB_BLOCK_WRITE_AREA);
		assert_string_equal(d->blocks[0].text, l == SB_LANG_ZH ? "编号" : "ID");
		assert_int_equal(d->blocks[1].kind, SB_BLOCK_WRITE_AREA);
		assert_string_equal(d->blocks[1].text, l == SB_LANG_ZH ? "日期" : "Date");
		assert_true(S_para(d, sb_test_bank->texts.about.s[l]) > 1);
		assert_true(S_para(d, sb_test_bank->texts.instructions.s[l]) > 1);
		/* The response scale, every label. */
		long kv = S_find(d, SB_BLOCK_KV, NULL, 0);
		assert_int_equal(d->blocks[kv].n_items, 14);
		assert_string_equal(d->blocks[kv].items[0], "1");
		assert_string_equal(d->blocks[kv].items[1], sb_test_bank->responses[0].labels[0].s[l]);
		assert_string_equal(d->blocks[kv].items[13], sb_test_bank->responses[0].labels[6].s[l]);
		/* Every item: numbered text, then its answer line: its id, boxes between the end labels. */
		long at = S_find(d, SB_BLOCK_HEADING, l == SB_LANG_ZH ? "题目" : "Statements", 0);
		assert_true(at > kv);
		char want[1024];
		snprintf(want, sizeof want, "%s  □1  □2  □3  □4  □5  □6  □7  %s",
		         sb_test_bank->responses[0].labels[0].s[l],
		         sb_test_bank->responses[0].labels[6].s[l]);
		size_t first_safety = 48; /* the safety items follow a heading of their own */
		for (size_t i = 0; i < sb_test_bank->n_items; i++) {
			const sb_block *b = &d->blocks[at + 1 + 2 * i + (i >= first_safety)];
			const sb_response_scale *rs =
				&sb_test_bank->responses[sb_test_bank->items[i].response];
			assert_int_equal(sb_test_bank->items[i].safety, i >= first_safety);
			snprintf(want, sizeof want,
			         rs->max == 7 ? "%s   %s  □1  □2  □3  □4  □5  □6  □7  %s"
			                      : "%s   %s  □1  □2  □3  %s",
			         sb_test_bank->items[i].id, rs->labels[0].s[l],
			         rs->labels[rs->max - rs->min].s[l]);
			char num[1024];
			snprintf(num, sizeof num, "%zu. %s", i + 1, sb_test_bank->items[i].text.s[l]);
			assert_string_equal(b[0].text, num);
			assert_true(b[0].keep_with_next);
			assert_string_equal(b[1].text, want);
		}
		sb_doc_free(d);
	}
}

/* ---- a bank without attachment (tests/banks/scoring_basic), and misuse ---- */

/* The report on a bank with no attachment section: no leaning in the document or the JSON; an
 * id that is not UTF-8 comes out in the JSON with U+FFFD for each bad byte; a result of another
 * bank, or the counsellor's copy without answers, is a usage error with its message. */
static void test_plain_bank_and_misuse(void **state)
{
	(void)state;
	char *path = sb_src_path("tests/banks/scoring_basic.yaml");
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(path, &b, &d), SB_OK);
	free(path);
	int a[14];
	for (int i = 0; i < 14; i++)
		a[i] = 1 + i % 5;
	sb_result r;
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	sb_score(b, a, &r);
	sb_report_opts o = { .lang = SB_LANG_EN, .audience = SB_AUDIENCE_COUNSELLOR,
		             .respondent = "r\xC3(\xE4\xB8\xAD\xF0\x9F\x98\x80\xC0\xAF", .date = "2026-01-02" };
	sb_doc *doc = NULL;
	assert_int_equal(sb_report_build(b, &r, a, &o, &doc, &d), SB_OK);
	for (size_t i = 0; i < doc->n_blocks; i++)
		assert_null(doc->blocks[i].style_chart);
	sb_doc_free(doc);
	sb_buf out = { 0 };
	assert_int_equal(sb_report_json(b, &r, a, &o, &out, &d), SB_OK);
	json_error_t je;
	json_t *j = json_loadb(out.data, out.len, 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "respondent")),
	                    "r\xEF\xBF\xBD(\xE4\xB8\xAD\xF0\x9F\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_true(json_is_null(json_object_get(j, "style")));
	json_decref(j);
	sb_buf_free(&out);
	assert_int_equal(d.n, 0);
	/* misuse */
	sb_result other;
	assert_int_equal(sb_result_init(&other, sb_test_bank), SB_OK);
	assert_int_equal(sb_report_build(b, &other, NULL, &o, &doc, &d), SB_ERR_USAGE);
	assert_null(doc);
	assert_string_equal(d.v[0].message, "report: the result does not belong to this bank");
	sb_diags_clear(&d);
	assert_int_equal(sb_report_json(b, &r, NULL, &o, &out, &d), SB_ERR_USAGE);
	assert_int_equal(out.len, 0);
	assert_string_equal(d.v[0].message, "report: the counsellor report needs the answers");
	sb_buf_free(&out);
	sb_diags_free(&d);
	sb_result_free(&other);
	sb_result_free(&r);
	sb_bank_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_text),
		cmocka_unit_test(test_low_profile),
		cmocka_unit_test(test_scale_section),
		cmocka_unit_test(test_charts),
		cmocka_unit_test(test_mixed_order),
		cmocka_unit_test(test_high_profile),
		cmocka_unit_test(test_near_boundary),
		cmocka_unit_test(test_unscored),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_counsellor),
		cmocka_unit_test(test_audience_parse),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_json_alloc_failures_in_jansson),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_plain_bank_and_misuse),
	};
	return cmocka_run_group_tests(tests, sb_embedded_setup, sb_embedded_teardown);
}

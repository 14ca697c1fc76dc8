/* SPDX-License-Identifier: MIT */
/* report.c — the report builder: decides once what a report says, into the document model, and
 * lists the same choices as the report JSON. Every text a person reads about the questionnaire
 * comes from the bank; headings and short technical labels from base/labels.h. The counsellor's
 * appendix is in report_counsellor.c. */
#include "report/report.h"
#include "report/report_parts.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/labels.h"
#include "report/json_parts.h"
#include "report/report_counsellor.h"

/* What the report covers and in which order: decided once, used by the document and the JSON. */
typedef struct {
	size_t *order;      /* scored scales, most elevated first */
	size_t n_order;
	size_t *unscored;   /* scales that could not be scored, bank order */
	size_t n_unscored;
	bool help_first;    /* professional help comes straight after the overview */
} S_plan;

typedef struct {
	const sb_bank *b;
	const sb_result *r;
	const int *answers;
	const sb_report_opts *o;
	sb_lang l;
	sb_doc *d;
	sb_buf tmp;         /* scratch for composed strings; the doc copies what it keeps */
	bool failed;
	S_plan plan;
	bool *step_shown;   /* steps already given in full, so a later section only names them */
	bool unreadable;    /* the person's own report of answers the quality flags mark: scores
	                     * without band readings or a leaning (sb_quality_unreadable) */
	size_t endorsed;    /* safety items endorsed: the safety section first, and no advice to
	                     * carry out with a partner */
} S_ctx;

int sb_audience_parse(const char *s, sb_audience *out)
{
	if (!s)
		return -1;
	if (strcmp(s, "self") == 0) {
		*out = SB_AUDIENCE_SELF;
		return 0;
	}
	if (strcmp(s, "counsellor") == 0 || strcmp(s, "counselor") == 0) {
		*out = SB_AUDIENCE_COUNSELLOR;
		return 0;
	}
	return -1;
}

const char *sb_audience_id(sb_audience a)
{
	return a == SB_AUDIENCE_COUNSELLOR ? "counsellor" : "self";
}

/* ---- small helpers ---------------------------------------------------------------------- */

static const char *S_t(const S_ctx *c, const sb_text *t)
{
	return sb_text_get(t, c->l);
}

/* A label of base/labels.h in the report's language. */
static const char *S_L(const S_ctx *c, sb_label id)
{
	return sb_label_text(c->l, id);
}

static char *S_dup(S_ctx *c, const char *s)
{
	char *p = sb_strdup(s ? s : "");
	if (!p)
		c->failed = true;
	return p;
}

static const sb_band *S_band(const S_ctx *c, size_t scale)
{
	return sb_report_band(c->b, c->r, scale);
}

/* ---- the plan --------------------------------------------------------------------------- */

static double S_elevation(const sb_scale *s, double score)
{
	return s->hi > s->lo ? (score - s->lo) / (s->hi - s->lo) : 0.0;
}

static void S_plan_free(S_plan *p)
{
	sb_free(p->order);
	sb_free(p->unscored);
	*p = (S_plan){ 0 };
}

static sb_status S_plan_make(const sb_bank *b, const sb_result *r, S_plan *p)
{
	*p = (S_plan){ 0 };
	p->order = sb_calloc(b->n_scales, sizeof *p->order);
	p->unscored = sb_calloc(b->n_scales, sizeof *p->unscored);
	if (!p->order || !p->unscored) {
		S_plan_free(p);
		return SB_ERR_INTERNAL;
	}
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale *s = &b->scales[i];
		const sb_scale_result *sr = &r->scales[i];
		const sb_band *band = sb_report_band(b, r, i);
		if (!band) {
			p->unscored[p->n_unscored++] = i;
			continue;
		}
		if (band->seek_help || sb_band_is_highest(s, sr->band))
			p->help_first = true;
		/* Insertion keeps bank order among equals: a stable "most elevated first". */
		double e = S_elevation(s, sr->score);
		size_t k = p->n_order;
		while (k > 0) {
			size_t prev = p->order[k - 1];
			if (S_elevation(&b->scales[prev], r->scales[prev].score) >= e)
				break;
			p->order[k] = prev;
			k--;
		}
		p->order[k] = i;
		p->n_order++;
	}
	return SB_OK;
}

/* Appends text with each "{scale}" in it replaced by name (bank texts are not printf formats). */
static void S_fill_scale(sb_buf *p, const char *text, const char *name)
{
	static const char key[] = "{scale}";
	for (const char *at; (at = strstr(text, key)) != NULL; text = at + sizeof key - 1) {
		sb_buf_put(p, text, (size_t)(at - text));
		sb_buf_puts(p, name);
	}
	sb_buf_puts(p, text);
}

/* The leaning when the point is near a cut-off: for each dimension, either that there is no
 * clear leaning on it (within the margin; never "higher" at the cut-off itself) or on which side
 * of the cut-off it lies, in the bank's words (texts.dimension_*) or the compiled-in ones; then
 * texts.near_boundary. Written into c->tmp. */

static const char *S_near_boundary(S_ctx *c)
{
	const sb_attachment *a = &c->b->attachment;
	const char *anx = S_t(c, &c->b->scales[a->anxiety].name);
	const char *avo = S_t(c, &c->b->scales[a->avoidance].name);
	const sb_texts *t = &c->b->texts;
	const char *none = sb_report_bank_text(&t->dimension_near, c->l, SB_LABEL_DIMENSION_NEAR);
	const char *high = sb_report_bank_text(&t->dimension_above, c->l, SB_LABEL_DIMENSION_ABOVE);
	const char *low = sb_report_bank_text(&t->dimension_below, c->l, SB_LABEL_DIMENSION_BELOW);
	const char *f1 = c->r->near_anxiety ? none
	                 : c->r->anxiety >= a->anxiety_cutoff ? high : low;
	const char *f2 = c->r->near_avoidance ? none
	                 : c->r->avoidance >= a->avoidance_cutoff ? high : low;
	sb_buf p = { 0 };
	S_fill_scale(&p, f1, anx);
	sb_buf_puts(&p, S_L(c, SB_LABEL_SENTENCE_SEP));
	S_fill_scale(&p, f2, avo);
	sb_buf_puts(&p, S_L(c, SB_LABEL_SENTENCE_SEP));
	sb_buf_puts(&p, sb_report_bank_text(&c->b->texts.near_boundary, c->l,
	                                    SB_LABEL_NEAR_BOUNDARY));
	const char *out = p.failed ? "" : sb_buf_fmt(&c->tmp, "%s", p.data);
	if (p.failed)
		c->failed = true;
	sb_buf_free(&p);
	return out;
}

static const char *S_not_scored(const S_ctx *c)
{
	return S_L(c, SB_LABEL_NOT_SCORED);
}

/* ---- sections --------------------------------------------------------------------------- */

/* Scores, ranges and answered counts, bank order, with no band: for answers that cannot be read
 * reliably. */
static void S_plain_scores(S_ctx *c)
{
	sb_doc *d = c->d;
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_RIGHT };
	sb_doc_table(d, 3, al);
	sb_doc_add_item(d, S_L(c, SB_LABEL_SCALE));
	sb_doc_add_item(d, S_L(c, SB_LABEL_SCORE));
	sb_doc_add_item(d, S_L(c, SB_LABEL_ANSWERED));
	for (size_t i = 0; i < c->b->n_scales; i++) {
		const sb_scale *s = &c->b->scales[i];
		const sb_scale_result *sr = &c->r->scales[i];
		char num[32], lo[32], hi[32];
		sb_report_score_text(sr->score, num, sizeof num);
		sb_report_num(s->lo, lo, sizeof lo);
		sb_report_num(s->hi, hi, sizeof hi);
		sb_doc_add_item(d, S_t(c, &s->name));
		sb_doc_add_item(d, sr->scored ? sb_buf_fmt(&c->tmp, S_L(c, SB_LABEL_SCORE_IN), num, lo, hi)
		                              : S_not_scored(c));
		sb_doc_add_item(d, sb_buf_fmt(&c->tmp, "%zu/%zu", sr->answered, sr->n_items));
	}
}

static void S_overview(S_ctx *c)
{
	sb_doc *d = c->d;
	const sb_attachment *a = &c->b->attachment;
	sb_doc_heading(d, 1, S_L(c, SB_LABEL_OVERVIEW));
	if (c->o->audience == SB_AUDIENCE_SELF && *S_t(c, &c->b->texts.common_worry))
		sb_doc_para(d, SB_TONE_NORMAL, S_t(c, &c->b->texts.common_worry));
	if (c->unreadable) {
		/* No leaning, no chart of bands: the scores only (sb_quality_unreadable). */
		sb_doc_heading(d, 2, S_L(c, SB_LABEL_ALL_SCALES));
		S_plain_scores(c);
		return;
	}
	if (a->present) {
		sb_doc_heading(d, 2, S_L(c, SB_LABEL_ATTACHMENT_LEANING));
		if (c->r->has_style && c->r->style >= 0 && c->r->style < SB_STYLE_COUNT) {
			const char *you = c->o->audience == SB_AUDIENCE_SELF || !c->o->respondent
				? S_L(c, SB_LABEL_YOU) : c->o->respondent;
			sb_doc_style_chart(d, sb_report_style_chart(c->b, c->l, &c->r, &you, 1));
			if (c->r->near_boundary) {
				sb_doc_para(d, SB_TONE_LEAD, S_L(c, SB_LABEL_NO_CLEAR_LEANING));
				sb_doc_para(d, SB_TONE_NORMAL, S_near_boundary(c));
			} else {
				const char *name = S_t(c, &a->styles[c->r->style].name);
				sb_doc_para(d, SB_TONE_LEAD,
				            sb_buf_fmt(&c->tmp, "%s%s",
				                       S_L(c, SB_LABEL_POINT_TO),
				                       name));
				sb_doc_para(d, SB_TONE_NORMAL, S_t(c, &a->styles[c->r->style].explanation));
			}
		} else {
			const char *anx = S_t(c, &c->b->scales[a->anxiety].name);
			const char *avo = S_t(c, &c->b->scales[a->avoidance].name);
			sb_doc_para(d, SB_TONE_NOTE,
			            sb_buf_fmt(&c->tmp, S_L(c, SB_LABEL_LEANING_UNSCORED), anx, avo));
		}
	}
	sb_doc_heading(d, 2, S_L(c, SB_LABEL_ALL_SCALES));
	sb_doc_profile_chart(d, sb_report_profile_chart(c->b, c->l, &c->r, NULL, 1));
}

static void S_steps(S_ctx *c, const sb_band *band)
{
	sb_doc *d = c->d;
	size_t listed = 0;
	for (size_t k = 0; k < band->n_steps; k++)
		listed += band->steps[k] < c->b->n_steps &&
		          !(c->endorsed && c->b->steps[band->steps[k]].with_partner);
	if (!listed)
		return; /* no heading over nothing */
	sb_doc_heading(d, 2, S_L(c, SB_LABEL_SUGGESTED_STEPS));
	sb_buf seen = { 0 };
	bool any_new = false;
	for (size_t k = 0; k < band->n_steps; k++) {
		size_t si = band->steps[k];
		if (si >= c->b->n_steps)
			continue;
		const sb_step *st = &c->b->steps[si];
		if (c->endorsed && st->with_partner)
			continue; /* the safety section says why */
		if (c->step_shown[si]) {
			/* Given in full in an earlier section: name it, keep the report short. */
			if (seen.len)
				sb_buf_puts(&seen, S_L(c, SB_LABEL_SEP_TITLES));
			sb_buf_puts(&seen, S_t(c, &st->title));
			continue;
		}
		c->step_shown[si] = true;
		any_new = true;
		sb_report_step(d, c->b, si, c->l, 3);
	}
	if (seen.failed)
		c->failed = true;
	else if (seen.len)
		sb_doc_para(d, SB_TONE_NOTE,
		            sb_buf_fmt(&c->tmp, "%s%s%s",
		                       any_new ? S_L(c, SB_LABEL_ALSO_ABOVE)
		                               : S_L(c, SB_LABEL_DESCRIBED_ABOVE),
		                       seen.data, S_L(c, SB_LABEL_FULL_STOP)));
	sb_buf_free(&seen);
}

/* How many of a band's sentences for a partner the report gives: none when a safety item was
 * endorsed, every one in the highest band (its last is the one about seeking help), else two. */
static size_t S_starters(const S_ctx *c, size_t i, const sb_band *band)
{
	if (c->endorsed)
		return 0;
	if (sb_band_is_highest(&c->b->scales[i], c->r->scales[i].band))
		return band->n_starters;
	return band->n_starters < 2 ? band->n_starters : 2;
}

static void S_scale_section(S_ctx *c, size_t i)
{
	sb_doc *d = c->d;
	const sb_scale *s = &c->b->scales[i];
	const sb_scale_result *sr = &c->r->scales[i];
	const sb_band *band = S_band(c, i);
	char num[32], lo[32], hi[32];
	sb_report_score_text(sr->score, num, sizeof num);
	sb_report_num(s->lo, lo, sizeof lo);
	sb_report_num(s->hi, hi, sizeof hi);

	sb_doc_heading(d, 1, S_t(c, &s->name));
	sb_doc_kv(d);
	sb_doc_add_item(d, S_L(c, SB_LABEL_SCORE));
	sb_doc_add_item(d, sb_buf_fmt(&c->tmp, S_L(c, SB_LABEL_SCORE_RANGE), num, lo, hi));
	sb_doc_add_item(d, S_L(c, SB_LABEL_BAND));
	sb_doc_add_item(d, S_t(c, &band->label));
	if (sr->has_norms) {
		char z[32], t[32], p[32];
		snprintf(z, sizeof z, "%.2f", sr->z);
		snprintf(t, sizeof t, "%.1f", sr->t);
		snprintf(p, sizeof p, "%.0f", sr->percentile);
		sb_doc_add_item(d, S_L(c, SB_LABEL_VS_NORMS));
		sb_doc_add_item(d, sb_buf_fmt(&c->tmp, "z = %s, T = %s, %s %s", z, t,
		                              S_L(c, SB_LABEL_PERCENTILE), p));
	}
	sb_doc_para(d, SB_TONE_NOTE, S_t(c, &s->description));

	sb_doc_heading(d, 2, S_L(c, SB_LABEL_SHOWS_UP));
	sb_doc_para(d, SB_TONE_NORMAL, S_t(c, &band->shows_up));
	sb_doc_heading(d, 2, S_L(c, SB_LABEL_ORIGINS));
	sb_doc_para(d, SB_TONE_NORMAL, S_t(c, &band->origins));
	S_steps(c, band);
	size_t n = S_starters(c, i, band);
	if (n) {
		sb_doc_heading(d, 2, S_L(c, SB_LABEL_SAY_TO_PARTNER));
		sb_doc_list(d, false);
		for (size_t k = 0; k < n; k++)
			sb_doc_add_item(d, S_t(c, &band->starters[k]));
	}
}

/* One row per scale, most elevated first, then those not scored: score, band, answered and the
 * suggested steps by title. */
static void S_scale_row(S_ctx *c, size_t i)
{
	sb_doc *d = c->d;
	const sb_scale_result *sr = &c->r->scales[i];
	const sb_band *band = S_band(c, i);
	char num[32];
	sb_report_score_text(sr->score, num, sizeof num);
	sb_doc_add_item(d, S_t(c, &c->b->scales[i].name));
	sb_doc_add_item(d, band ? num : "—");
	sb_doc_add_item(d, band ? S_t(c, &band->label) : S_not_scored(c));
	sb_doc_add_item(d, sb_buf_fmt(&c->tmp, "%zu/%zu", sr->answered, sr->n_items));
	sb_buf steps = { 0 };
	for (size_t k = 0; band && k < band->n_steps; k++) {
		if (band->steps[k] >= c->b->n_steps)
			continue;
		if (steps.len)
			sb_buf_puts(&steps, S_L(c, SB_LABEL_SEP_TITLES));
		sb_buf_puts(&steps, S_t(c, &c->b->steps[band->steps[k]].title));
	}
	if (steps.failed)
		c->failed = true;
	sb_doc_add_item(d, steps.data && !steps.failed ? steps.data : "");
	sb_buf_free(&steps);
}

static void S_scale_table(S_ctx *c)
{
	sb_doc *d = c->d;
	sb_doc_heading(d, 1, S_L(c, SB_LABEL_RESULTS_BY_SCALE));
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_LEFT, SB_ALIGN_RIGHT,
		                       SB_ALIGN_LEFT };
	sb_doc_table(d, 5, al);
	sb_doc_add_item(d, S_L(c, SB_LABEL_SCALE));
	sb_doc_add_item(d, S_L(c, SB_LABEL_SCORE));
	sb_doc_add_item(d, S_L(c, SB_LABEL_BAND));
	sb_doc_add_item(d, S_L(c, SB_LABEL_ANSWERED));
	sb_doc_add_item(d, S_L(c, SB_LABEL_COL_STEPS));
	for (size_t k = 0; k < c->plan.n_order; k++)
		S_scale_row(c, c->plan.order[k]);
	for (size_t k = 0; k < c->plan.n_unscored; k++)
		S_scale_row(c, c->plan.unscored[k]);
	sb_doc_para(d, SB_TONE_NOTE, S_L(c, SB_LABEL_TABLE_ORDER_NOTE));
}

static void S_unscored(S_ctx *c)
{
	if (!c->plan.n_unscored)
		return;
	sb_doc *d = c->d;
	sb_doc_heading(d, 1, S_L(c, SB_LABEL_UNSCORED_SCALES));
	sb_doc_list(d, false);
	for (size_t k = 0; k < c->plan.n_unscored; k++) {
		size_t i = c->plan.unscored[k];
		char reason[256];
		sb_unscored_reason(c->b, c->r, i, c->l, reason, sizeof reason);
		sb_doc_add_item(d, sb_buf_fmt(&c->tmp, "%s%s%s", S_t(c, &c->b->scales[i].name),
		                              S_L(c, SB_LABEL_COLON), reason));
	}
}

/* ---- entry points ----------------------------------------------------------------------- */

static sb_status S_check(const sb_bank *b, const sb_result *r, const int *answers,
                         const sb_report_opts *o, sb_diags *d)
{
	if (!b || !r || !o || r->n_scales != b->n_scales || !r->scales) {
		sb_diags_add(d, NULL, 0, 0, "report: the result does not belong to this bank");
		return SB_ERR_USAGE;
	}
	if (!answers && o->audience == SB_AUDIENCE_COUNSELLOR) {
		sb_diags_add(d, NULL, 0, 0, "report: the counsellor report needs the answers");
		return SB_ERR_USAGE;
	}
	if (b->attachment.present && (b->attachment.anxiety >= b->n_scales ||
	                              b->attachment.avoidance >= b->n_scales)) {
		sb_diags_add(d, NULL, 0, 0, "report: the bank's attachment scales do not exist");
		return SB_ERR_USAGE;
	}
	return SB_OK;
}

static void S_ctx_free(S_ctx *c)
{
	sb_buf_free(&c->tmp);
	S_plan_free(&c->plan);
	sb_free(c->step_shown);
}

static S_ctx S_ctx_make(const sb_bank *b, const sb_result *r, const int *answers,
                        const sb_report_opts *o)
{
	return (S_ctx){ .b = b, .r = r, .answers = answers, .o = o, .l = o->lang,
	                .endorsed = r->safety_endorsed,
	                .unreadable = o->audience == SB_AUDIENCE_SELF &&
	                              sb_quality_unreadable(&r->quality) };
}

sb_status sb_report_build(const sb_bank *b, const sb_result *r, const int *answers,
                          const sb_report_opts *o, sb_doc **out, sb_diags *diags)
{
	*out = NULL;
	sb_status st = S_check(b, r, answers, o, diags);
	if (st != SB_OK)
		return st;
	S_ctx c = S_ctx_make(b, r, answers, o);
	st = S_plan_make(b, r, &c.plan);
	if (st != SB_OK)
		goto done;
	c.step_shown = sb_calloc(b->n_steps, sizeof *c.step_shown);
	c.d = sb_doc_new(o->lang);
	if (!c.step_shown || !c.d) {
		st = SB_ERR_INTERNAL;
		goto done;
	}
	sb_doc *d = c.d;

	char *footer = S_dup(&c, sb_report_footer(&c.tmp, b, c.l));
	sb_doc_set(d, S_t(&c, &b->title),
	           o->audience == SB_AUDIENCE_COUNSELLOR ? S_L(&c, SB_LABEL_COUNSELLOR_COPY)
	                                                 : NULL,
	           o->respondent, o->date, footer);
	sb_free(footer);
	sb_doc_para(d, SB_TONE_NOTE, S_t(&c, &b->texts.disclaimer));
	bool counsellor = o->audience == SB_AUDIENCE_COUNSELLOR;
	if (c.endorsed)
		sb_report_safety_section(d, b, c.l, c.endorsed, counsellor);
	if (c.unreadable)
		sb_doc_para(d, SB_TONE_ALERT,
		            sb_report_bank_text(&b->texts.unreadable, c.l, SB_LABEL_UNREADABLE));
	if (counsellor && sb_quality_unreadable(&r->quality))
		sb_doc_para(d, SB_TONE_ALERT, S_L(&c, SB_LABEL_FLAGS_SET_NOTE));

	S_overview(&c);
	if (c.unreadable) {
		sb_report_help_section(c.d, c.b, c.l, false);
		if (!c.endorsed)
			sb_report_safety_section(d, b, c.l, 0, false);
		sb_report_closing(d, b, c.l);
		goto check;
	}
	if (c.plan.help_first)
		sb_report_help_section(c.d, c.b, c.l, c.plan.help_first);
	if (o->audience == SB_AUDIENCE_COUNSELLOR) {
		/* The counsellor's copy stays within a few pages: the same choices, with each
		 * scale on one table row instead of its full texts (those are in the person's own
		 * report), then the technical part. */
		S_scale_table(&c);
		if (!c.plan.help_first)
			sb_report_help_section(c.d, c.b, c.l, c.plan.help_first);
		if (!c.endorsed)
			sb_report_safety_section(d, b, c.l, 0, true);
		S_unscored(&c);
		if (!sb_report_counsellor(d, b, r, answers, c.l))
			c.failed = true;
	} else {
		for (size_t k = 0; k < c.plan.n_order; k++)
			S_scale_section(&c, c.plan.order[k]);
		if (!c.plan.help_first)
			sb_report_help_section(c.d, c.b, c.l, c.plan.help_first);
		if (!c.endorsed)
			sb_report_safety_section(d, b, c.l, 0, false);
		sb_doc_heading(d, 1, S_L(&c, SB_LABEL_WHY_IT_MATTERS));
		sb_doc_para(d, SB_TONE_NORMAL, S_t(&c, &b->texts.why_it_matters));
		sb_report_closing(d, b, c.l);
		S_unscored(&c);
	}

check:
	if (c.failed || sb_doc_status(d) != SB_OK || c.tmp.failed)
		st = SB_ERR_INTERNAL;
done:
	if (st == SB_OK) {
		*out = c.d;
		c.d = NULL;
	} else if (st == SB_ERR_INTERNAL) {
		sb_diags_add(diags, NULL, 0, 0, "report: out of memory");
	}
	sb_doc_free(c.d);
	S_ctx_free(&c);
	return st;
}

/* ---- the report JSON -------------------------------------------------------------------- */

/* A string from outside the bank (an id from a CSV) may hold invalid UTF-8, which jansson
 * rejects: such bytes become U+FFFD. */
static json_t *S_jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *v = json_string(s);
	if (v)
		return v;
	sb_buf clean = { 0 };
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
		bool ok = n > 0;
		for (size_t k = 1; ok && k < n; k++)
			ok = (p[k] & 0xC0) == 0x80;
		if (ok && n > 1) {
			/* Reject what json_string rejects: overlong forms, surrogates, past U+10FFFF. */
			char one[5] = { 0 };
			memcpy(one, p, n);
			json_t *t = json_string(one);
			ok = t != NULL;
			json_decref(t);
		}
		if (ok) {
			sb_buf_put(&clean, (const char *)p, n);
			p += n;
		} else {
			sb_buf_puts(&clean, "\xEF\xBF\xBD");
			p++;
		}
	}
	v = clean.failed ? NULL : json_string(clean.data ? clean.data : "");
	sb_buf_free(&clean);
	return v;
}

static json_t *S_jtext(const S_ctx *c, const sb_text *t)
{
	return json_string(S_t(c, t));
}

static json_t *S_json_scales(S_ctx *c, bool *failed)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->b->n_scales; i++) {
		const sb_scale *s = &c->b->scales[i];
		const sb_scale_result *sr = &c->r->scales[i];
		/* The person's own report reads no band into unreadable answers. */
		const sb_band *band = c->unreadable ? NULL : S_band(c, i);
		json_t *o = json_object();
		sb_json_set(o, "id", json_string(s->id), failed);
		sb_json_set(o, "name", S_jtext(c, &s->name), failed);
		sb_json_set(o, "score", sr->scored ? sb_json_real(sr->score) : json_null(), failed);
		sb_json_set(o, "band", band ? json_string(band->id) : json_null(), failed);
		sb_json_set(o, "band_label", band ? S_jtext(c, &band->label) : json_null(), failed);
		sb_json_set(o, "answered", json_integer((json_int_t)sr->answered), failed);
		sb_json_set(o, "items", json_integer((json_int_t)sr->n_items), failed);
		sb_json_set(o, "scored", json_boolean(sr->scored), failed);
		sb_json_set(o, "min", sb_json_real(s->lo), failed);
		sb_json_set(o, "max", sb_json_real(s->hi), failed);
		if (sr->has_norms) {
			sb_json_set(o, "z", sb_json_real(sr->z), failed);
			sb_json_set(o, "t", sb_json_real(sr->t), failed);
			sb_json_set(o, "percentile", sb_json_real(sr->percentile), failed);
		}
		sb_json_push(a, o, failed);
	}
	return a;
}

static json_t *S_json_style(S_ctx *c, bool *failed)
{
	const sb_attachment *a = &c->b->attachment;
	if (!a->present)
		return json_null();
	bool has = c->r->has_style && c->r->style >= 0 && c->r->style < SB_STYLE_COUNT &&
	           !c->unreadable;
	json_t *o = json_object();
	sb_json_set(o, "id", has ? json_string(sb_style_id(c->r->style)) : json_null(), failed);
	sb_json_set(o, "name", has ? S_jtext(c, &a->styles[c->r->style].name) : json_null(), failed);
	sb_json_set(o, "anxiety", has ? sb_json_real(c->r->anxiety) : json_null(), failed);
	sb_json_set(o, "avoidance", has ? sb_json_real(c->r->avoidance) : json_null(), failed);
	sb_json_set(o, "near_boundary", json_boolean(has && c->r->near_boundary), failed);
	sb_json_set(o, "anxiety_scale", json_string(c->b->scales[a->anxiety].id), failed);
	sb_json_set(o, "avoidance_scale", json_string(c->b->scales[a->avoidance].id), failed);
	sb_json_set(o, "anxiety_cutoff", sb_json_real(a->anxiety_cutoff), failed);
	sb_json_set(o, "avoidance_cutoff", sb_json_real(a->avoidance_cutoff), failed);
	sb_json_set(o, "margin", sb_json_real(a->margin), failed);
	return o;
}

static json_t *S_json_texts(S_ctx *c, bool *failed)
{
	const sb_texts *t = &c->b->texts;
	const sb_attachment *a = &c->b->attachment;
	json_t *o = json_object();
	sb_json_set(o, "title", S_jtext(c, &c->b->title), failed);
	sb_json_set(o, "disclaimer", S_jtext(c, &t->disclaimer), failed);
	sb_json_set(o, "unreadable", c->unreadable ? S_jtext(c, &t->unreadable) : json_null(), failed);

	json_t *safety = json_object();
	sb_json_set(safety, "placement", json_string(c->endorsed ? "first" : "after_help"), failed);
	sb_json_set(safety, "endorsed",
	            c->endorsed ? S_jtext(c, &t->safety_endorsed) : json_null(), failed);
	sb_json_set(safety, "text", S_jtext(c, &t->safety), failed);
	sb_json_set(safety, "help", S_jtext(c, &t->safety_help), failed);
	sb_json_set(o, "safety", safety, failed);

	if (a->present && c->r->has_style && c->r->style >= 0 && c->r->style < SB_STYLE_COUNT &&
	    !c->unreadable && c->r->near_boundary) {
		/* No style named near a cut-off, as in the document. */
		json_t *s = json_object();
		sb_json_set(s, "name", json_null(), failed);
		sb_json_set(s, "explanation", json_null(), failed);
		sb_json_set(s, "near_boundary", json_string(S_near_boundary(c)), failed);
		sb_json_set(o, "style", s, failed);
	} else if (a->present && c->r->has_style && c->r->style >= 0 &&
	           c->r->style < SB_STYLE_COUNT && !c->unreadable) {
		json_t *s = json_object();
		sb_json_set(s, "name", S_jtext(c, &a->styles[c->r->style].name), failed);
		sb_json_set(s, "explanation", S_jtext(c, &a->styles[c->r->style].explanation), failed);
		sb_json_set(s, "near_boundary", json_null(), failed);
		sb_json_set(o, "style", s, failed);
	} else {
		sb_json_set(o, "style", json_null(), failed);
	}

	json_t *help = sb_json_help(t, c->l, c->plan.help_first ? "after_overview" : "after_scales",
	                            failed);
	sb_json_set(o, "professional_help", help, failed);

	json_t *scales = json_array();
	for (size_t k = 0; !c->unreadable && k < c->plan.n_order; k++) {
		size_t i = c->plan.order[k];
		const sb_band *band = S_band(c, i);
		json_t *s = json_object();
		sb_json_set(s, "id", json_string(c->b->scales[i].id), failed);
		sb_json_set(s, "shows_up", S_jtext(c, &band->shows_up), failed);
		sb_json_set(s, "origins", S_jtext(c, &band->origins), failed);
		json_t *steps = json_array();
		for (size_t j = 0; j < band->n_steps; j++)
			if (band->steps[j] < c->b->n_steps &&
			    !(c->endorsed && c->b->steps[band->steps[j]].with_partner))
				sb_json_push(steps, sb_json_step(&c->b->steps[band->steps[j]], c->l, failed),
				             failed);
		sb_json_set(s, "steps", steps, failed);
		json_t *starters = json_array();
		size_t n_starters = S_starters(c, i, band);
		for (size_t j = 0; j < n_starters; j++)
			sb_json_push(starters, S_jtext(c, &band->starters[j]), failed);
		sb_json_set(s, "starters", starters, failed);
		sb_json_push(scales, s, failed);
	}
	sb_json_set(o, "scales", scales, failed);

	sb_json_set(o, "why_it_matters", S_jtext(c, &t->why_it_matters), failed);
	sb_json_set(o, "closing", S_jtext(c, &t->closing), failed);

	json_t *unscored = json_array();
	for (size_t k = 0; k < c->plan.n_unscored; k++) {
		size_t i = c->plan.unscored[k];
		json_t *s = json_object();
		sb_json_set(s, "id", json_string(c->b->scales[i].id), failed);
		sb_json_set(s, "name", S_jtext(c, &c->b->scales[i].name), failed);
		char reason[256];
		sb_unscored_reason(c->b, c->r, i, c->l, reason, sizeof reason);
		sb_json_set(s, "reason", json_string(reason), failed);
		sb_json_push(unscored, s, failed);
	}
	sb_json_set(o, "not_scored", unscored, failed);
	return o;
}

/* Counsellor audience only: every answer, as in the document's item table. */
static json_t *S_json_items(S_ctx *c, bool *failed)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->b->n_items; i++) {
		const sb_item *it = &c->b->items[i];
		int v = c->answers[i];
		json_t *o = json_object();
		sb_json_set(o, "id", json_string(it->id), failed);
		sb_json_set(o, "scale", json_string(sb_item_scale_id(c->b, i)), failed);
		sb_json_set(o, "answer", v == SB_MISSING ? json_null() : json_integer(v), failed);
		sb_json_set(o, "keyed", v == SB_MISSING ? json_null() : json_integer(sb_keyed(c->b, i, v)),
		            failed);
		sb_json_set(o, "reverse", json_boolean(it->reverse), failed);
		sb_json_push(a, o, failed);
	}
	return a;
}

sb_status sb_report_json(const sb_bank *b, const sb_result *r, const int *answers,
                         const sb_report_opts *o, sb_buf *out, sb_diags *diags)
{
	sb_status st = S_check(b, r, answers, o, diags);
	if (st != SB_OK)
		return st;
	S_ctx c = S_ctx_make(b, r, answers, o);
	json_t *root = NULL;
	bool failed = false;
	st = S_plan_make(b, r, &c.plan);
	if (st != SB_OK)
		goto done;
	root = json_object();
	sb_json_set(root, "schema", json_string(SB_REPORT_SCHEMA), &failed);
	json_t *bank = json_object();
	sb_json_set(bank, "id", json_string(b->id), &failed);
	sb_json_set(bank, "version", json_string(b->version), &failed);
	sb_json_set(root, "bank", bank, &failed);
	sb_json_set(root, "respondent", S_jstr(o->respondent), &failed);
	sb_json_set(root, "date", S_jstr(o->date), &failed);
	sb_json_set(root, "lang", json_string(sb_lang_code(o->lang)), &failed);
	sb_json_set(root, "audience", json_string(sb_audience_id(o->audience)), &failed);
	sb_json_set(root, "scales", S_json_scales(&c, &failed), &failed);
	sb_json_set(root, "style", S_json_style(&c, &failed), &failed);
	sb_json_set(root, "flags", sb_json_flags(&r->quality, &failed), &failed);
	sb_json_set(root, "readable", json_boolean(!sb_quality_unreadable(&r->quality)), &failed);
	sb_json_set(root, "safety_endorsed", json_integer((json_int_t)r->safety_endorsed), &failed);
	sb_json_set(root, "texts", S_json_texts(&c, &failed), &failed);
	if (o->audience == SB_AUDIENCE_COUNSELLOR)
		sb_json_set(root, "items", S_json_items(&c, &failed), &failed);
done: /* a plan that could not be made (no memory) goes with root still NULL */
	st = sb_json_finish(root, failed || c.failed || c.tmp.failed, out, "report", diags);
	S_ctx_free(&c);
	return st;
}

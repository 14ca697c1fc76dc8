/* SPDX-License-Identifier: MIT */
/* compare_doc.c — the comparison report as a document: a couple's two profiles side by side with
 * the patterns they form, or one person's retest with the reliable change on every scale. Every
 * text about the questionnaire comes from the bank; headings and short labels from base/labels.h. */
#include "score/compare.h"
#include "report/compare_report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/labels.h"
#include "report/report_parts.h"

typedef struct {
	const sb_compare *c;
	const sb_bank *b;
	const sb_compare_opts *o;
	sb_lang l;
	sb_doc *d;
	sb_buf tmp;    /* scratch for composed strings; the doc copies what it keeps */
	bool failed;
} S_ctx;

static const char *S_t(const S_ctx *x, const sb_text *t)
{
	return sb_text_get(t, x->l);
}

/* A label of base/labels.h in the report's language. */
static const char *S_L(const S_ctx *x, sb_label id)
{
	return sb_label_text(x->l, id);
}

/* Who row p is: the partner's id in a couple; "First" / "Second" in a retest. */
static const char *S_who(const S_ctx *x, int p)
{
	if (x->c->mode == SB_COMPARE_COUPLE)
		return x->o->id[p] ? x->o->id[p] : (p ? "B" : "A");
	return p ? S_L(x, SB_LABEL_SECOND) : S_L(x, SB_LABEL_FIRST);
}

static const sb_band *S_band(const S_ctx *x, int p, size_t scale)
{
	return sb_report_band(x->b, x->c->r[p], scale);
}

/* "5.25 (High)" or "not scored". */
static void S_score_cell(const S_ctx *x, int p, size_t scale, char *out, size_t size)
{
	const sb_scale_result *sr = &x->c->r[p]->scales[scale];
	const sb_band *band = S_band(x, p, scale);
	if (!band) {
		snprintf(out, size, "%s", S_L(x, SB_LABEL_NOT_SCORED));
		return;
	}
	char num[32];
	sb_report_score_text(sr->score, num, sizeof num);
	snprintf(out, size, S_L(x, SB_LABEL_PAREN), num, S_t(x, &band->label));
}

/* A signed difference: "+1.25", "−0.50" (a true minus sign), "0.00". */
static void S_signed(double v, char *out, size_t size)
{
	char num[24]; /* a score or an index: a few digits, well inside the callers' buffers */
	sb_report_score_text(fabs(v), num, sizeof num);
	if (strcmp(num, "0.00") == 0)
		snprintf(out, size, "%s", num);
	else
		snprintf(out, size, "%s%s", v < 0 ? "\xE2\x88\x92" : "+", num);
}

/* ---- sections shared by both modes ------------------------------------------------------ */

static bool S_has_style(const S_ctx *x, int p)
{
	const sb_result *r = x->c->r[p];
	return r->has_style && r->style >= 0 && r->style < SB_STYLE_COUNT;
}

static const char *S_style_name(S_ctx *x, int p)
{
	if (!S_has_style(x, p))
		return S_L(x, SB_LABEL_STYLE_UNPLACED);
	const char *name = S_t(x, &x->b->attachment.styles[x->c->r[p]->style].name);
	if (!x->c->r[p]->near_boundary)
		return name;
	return sb_buf_fmt(&x->tmp, S_L(x, SB_LABEL_NEAR_CUTOFF), name);
}

static void S_overview(S_ctx *x)
{
	sb_doc *d = x->d;
	const sb_attachment *a = &x->b->attachment;
	bool retest = x->c->mode == SB_COMPARE_RETEST;
	const char *who[2] = { S_who(x, 0), S_who(x, 1) };
	sb_doc_heading(d, 1, S_L(x, SB_LABEL_OVERVIEW));
	if (a->present) {
		sb_doc_heading(d, 2, retest ? S_L(x, SB_LABEL_LEANING_OVER_TIME)
		                            : S_L(x, SB_LABEL_LEANINGS_COUPLE));
		if (x->c->both_styles) {
			sb_style_chart *ch = sb_report_style_chart(x->b, x->l, x->c->r, who, 2);
			/* A retest draws its movement; a couple is two people, not a path. */
			if (ch)
				ch->arrow = retest;
			sb_doc_style_chart(d, ch);
		}
		sb_doc_kv(d);
		for (int p = 0; p < 2; p++) {
			sb_doc_add_item(d, S_who(x, p));
			sb_doc_add_item(d, S_style_name(x, p));
		}
		if (retest && x->c->both_styles) {
			const char *from = S_t(x, &a->styles[x->c->r[0]->style].name);
			const char *to = S_t(x, &a->styles[x->c->r[1]->style].name);
			sb_doc_add_item(d, S_L(x, SB_LABEL_MOVEMENT));
			if (x->c->style_moved)
				sb_doc_add_item(d, sb_buf_fmt(&x->tmp,
				                              S_L(x, SB_LABEL_FROM_TO), from, to));
			else
				sb_doc_add_item(d, sb_buf_fmt(&x->tmp,
				                              S_L(x, SB_LABEL_STAYED_IN), from));
		}
		/* Each leaning shown once, explained in the bank's words. */
		for (int p = 0; p < 2; p++) {
			if (!sb_compare_explains_style(x->c, p))
				continue;
			int s = x->c->r[p]->style;
			sb_doc_heading(d, 3, S_t(x, &a->styles[s].name));
			sb_doc_para(d, SB_TONE_NORMAL, S_t(x, &a->styles[s].explanation));
		}
	}
	sb_doc_heading(d, 2, S_L(x, SB_LABEL_ALL_SCALES));
	sb_doc_profile_chart(d, sb_report_profile_chart(x->b, x->l, x->c->r, who, 2));
}

static void S_unscored(S_ctx *x)
{
	sb_doc *d = x->d;
	if (!x->c->n_unscored)
		return;
	sb_doc_heading(d, 1, S_L(x, SB_LABEL_UNSCORED_SCALES));
	sb_doc_list(d, false);
	for (size_t k = 0; k < x->c->n_unscored; k++) {
		int p = x->c->unscored[k].who;
		size_t i = x->c->unscored[k].scale;
		char reason[256];
		sb_unscored_reason(x->b, x->c->r[p], i, x->l, reason, sizeof reason);
		sb_doc_add_item(d, sb_buf_fmt(&x->tmp, "%s · %s%s%s", S_who(x, p),
		                              S_t(x, &x->b->scales[i].name), S_L(x, SB_LABEL_COLON),
		                              reason));
	}
}

/* ---- safety ----------------------------------------------------------------------------- */

/* Safety items endorsed in either result: partner-directed sentences are left out. */
static bool S_safety(const S_ctx *x)
{
	return sb_compare_safety_endorsed(x->c);
}

/* Where the safety section goes (sb_compare_safety_first). */
static bool S_safety_up_front(const S_ctx *x)
{
	return sb_compare_safety_first(x->c, x->o->audience == SB_AUDIENCE_COUNSELLOR);
}

static void S_safety_first(S_ctx *x)
{
	if (S_safety_up_front(x))
		sb_report_safety_section(x->d, x->b, x->l,
		                         x->c->safety_endorsed[0] > x->c->safety_endorsed[1]
		                         ? x->c->safety_endorsed[0] : x->c->safety_endorsed[1],
		                         x->o->audience == SB_AUDIENCE_COUNSELLOR);
}

static void S_safety_later(S_ctx *x)
{
	if (!S_safety_up_front(x))
		sb_report_safety_section(x->d, x->b, x->l, 0, x->o->audience == SB_AUDIENCE_COUNSELLOR);
}

/* ---- couple ----------------------------------------------------------------------------- */

static void S_differences(S_ctx *x)
{
	sb_doc *d = x->d;
	sb_doc_heading(d, 1, S_L(x, SB_LABEL_DIFFER_MOST));
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_RIGHT, SB_ALIGN_RIGHT };
	sb_doc_table(d, 4, al);
	sb_doc_add_item(d, S_L(x, SB_LABEL_SCALE));
	sb_doc_add_item(d, S_who(x, 0));
	sb_doc_add_item(d, S_who(x, 1));
	sb_doc_add_item(d, S_L(x, SB_LABEL_DIFFERENCE));
	for (size_t k = 0; k < x->b->n_scales; k++) {
		size_t i = x->c->order[k];
		char cell[128], num[32];
		sb_doc_add_item(d, S_t(x, &x->b->scales[i].name));
		for (int p = 0; p < 2; p++) {
			S_score_cell(x, p, i, cell, sizeof cell);
			sb_doc_add_item(d, cell);
		}
		if (x->c->scales[i].both_scored)
			sb_report_score_text(fabs(x->c->scales[i].diff), num, sizeof num);
		else
			snprintf(num, sizeof num, "—");
		sb_doc_add_item(d, num);
	}
	sb_doc_para(d, SB_TONE_NOTE, S_L(x, SB_LABEL_DIFF_ORDER_NOTE));
}

/* Whether partner who is in one of condition cd's bands on scale si. */
static const sb_band *S_in(const S_ctx *x, int who, const sb_couple_condition *cd, size_t si)
{
	const sb_band *band = S_band(x, who, si);
	for (size_t j = 0; band && j < cd->n_bands; j++)
		if (strcmp(band->id, cd->bands[j]) == 0)
			return band;
	return NULL;
}

/* A several-scale condition in a few words: "Low on 5 of 6 scales", the band labels taken from
 * the condition's first scale. */
static void S_summary_role(S_ctx *x, int who, const sb_couple_condition *cd, sb_buf *line)
{
	size_t hits = 0;
	for (size_t k = 0; k < cd->n_scales; k++)
		hits += S_in(x, who, cd, cd->scales[k]) != NULL;
	const sb_scale *first = &x->b->scales[cd->scales[0]];
	sb_buf labels = { 0 };
	for (size_t j = 0; j < cd->n_bands; j++) {
		for (size_t q = 0; q < first->n_bands; q++) {
			if (strcmp(first->bands[q].id, cd->bands[j]) != 0)
				continue;
			if (labels.len)
				sb_buf_puts(&labels, S_L(x, SB_LABEL_SEP_BANDS));
			sb_buf_puts(&labels, S_t(x, &first->bands[q].label));
		}
	}
	/* The languages name the three in different orders: the format takes five and skips two. */
	char n[32], k[32];
	snprintf(n, sizeof n, "%zu", cd->n_scales);
	snprintf(k, sizeof k, "%zu", hits);
	const char *names = labels.data ? labels.data : "";
	sb_buf_printf(line, S_L(x, SB_LABEL_BAND_ON_SCALES), names, n, k, names, n);
	if (labels.failed)
		x->failed = true;
	sb_buf_free(&labels);
}

/* "A: Attachment anxiety High; B: Attachment avoidance High" — each partner with the scales and
 * bands by which they meet the pattern's conditions. */
static void S_roles(S_ctx *x, const sb_couple_pattern *p, const sb_pattern_match *m)
{
	sb_buf line = { 0 };
	bool *listed = sb_calloc(x->b->n_scales ? x->b->n_scales : 1, sizeof *listed);
	if (!listed) {
		x->failed = true;
		return;
	}
	for (int who = 0; who < 2; who++) {
		bool first = true;
		memset(listed, 0, x->b->n_scales * sizeof *listed);
		for (size_t w = 0; w < p->n_when; w++) {
			const sb_couple_condition *cd = &p->when[w];
			if (!m->role[w][who])
				continue;
			if (cd->n_scales > 1) {
				/* Said once per partner: both sides of "both mostly low" read the same. */
				if (!first)
					continue;
				sb_buf_printf(&line, "%s%s%s", line.len ? S_L(x, SB_LABEL_SEP_PARTNERS) : "",
				              S_who(x, who), S_L(x, SB_LABEL_COLON));
				S_summary_role(x, who, cd, &line);
				first = false;
				continue;
			}
			size_t si = cd->scales[0];
			const sb_band *band = S_in(x, who, cd, si);
			if (!band || listed[si])
				continue;
			listed[si] = true;
			if (first)
				sb_buf_printf(&line, "%s%s%s", line.len ? S_L(x, SB_LABEL_SEP_PARTNERS) : "",
				              S_who(x, who), S_L(x, SB_LABEL_COLON));
			else
				sb_buf_puts(&line, S_L(x, SB_LABEL_SEP_SCALES));
			sb_buf_printf(&line, "%s %s", S_t(x, &x->b->scales[si].name), S_t(x, &band->label));
			first = false;
		}
	}
	sb_free(listed);
	if (line.failed)
		x->failed = true;
	else if (line.len)
		sb_doc_para(x->d, SB_TONE_NOTE, line.data);
	sb_buf_free(&line);
}

static void S_pattern(S_ctx *x, const sb_pattern_match *m)
{
	sb_doc *d = x->d;
	const sb_couple_pattern *p = &x->b->couple_patterns[m->pattern];
	sb_doc_heading(d, 2, S_t(x, &p->title));
	S_roles(x, p, m);
	sb_doc_para(d, SB_TONE_NORMAL, S_t(x, &p->explanation));
	bool shared = p->n_starters > 0 && !S_safety(x);
	bool any = shared;
	for (size_t w = 0; w < p->n_when; w++)
		for (int who = 0; who < 2; who++)
			any = any || m->starters[w][who];
	if (!any)
		return;
	sb_doc_heading(d, 3, S_L(x, SB_LABEL_TRY_SAYING));
	for (int who = 0; who < 2; who++) {
		bool opened = false;
		for (size_t w = 0; w < p->n_when; w++) {
			const sb_couple_condition *cd = &p->when[w];
			if (!m->starters[w][who])
				continue;
			if (!opened) {
				sb_doc_para(d, SB_TONE_NORMAL,
				            sb_buf_fmt(&x->tmp, S_L(x, SB_LABEL_COULD_TRY), S_who(x, who)));
				sb_doc_list(d, false);
				opened = true;
			}
			for (size_t k = 0; k < cd->n_starters; k++)
				sb_doc_add_item(d, S_t(x, &cd->starters[k]));
		}
	}
	if (shared) {
		sb_doc_para(d, SB_TONE_NORMAL, S_L(x, SB_LABEL_EITHER_COULD_TRY));
		sb_doc_list(d, false);
		for (size_t k = 0; k < p->n_starters; k++)
			sb_doc_add_item(d, S_t(x, &p->starters[k]));
	}
}

static void S_patterns(S_ctx *x)
{
	sb_doc *d = x->d;
	sb_doc_heading(d, 1, S_L(x, SB_LABEL_PATTERNS));
	if (!x->b->n_couple_patterns) {
		sb_doc_para(d, SB_TONE_NOTE, S_L(x, SB_LABEL_NO_PATTERNS_IN_BANK));
		return;
	}
	if (!x->c->n_matches) {
		sb_doc_para(d, SB_TONE_NOTE, sb_report_bank_text(&x->b->texts.couple_no_pattern, x->l,
		                                                 SB_LABEL_NO_PATTERN_FITS));
		return;
	}
	for (size_t k = 0; k < x->c->n_matches; k++)
		S_pattern(x, &x->c->matches[k]);
}

/* The steps the matched patterns suggest, each in full once, in the order first suggested. */
static void S_couple_steps(S_ctx *x)
{
	if (x->c->n_steps)
		sb_doc_heading(x->d, 1, S_L(x, SB_LABEL_STEPS_TOGETHER));
	for (size_t k = 0; k < x->c->n_steps; k++)
		sb_report_step(x->d, x->b, x->c->steps[k], x->l, 2);
}

static void S_couple(S_ctx *x)
{
	const sb_texts *t = &x->b->texts;
	if (t->couple_note.s[SB_LANG_ZH] || t->couple_note.s[SB_LANG_EN])
		sb_doc_para(x->d, SB_TONE_LEAD, S_t(x, &t->couple_note));
	if (x->o->consent)
		sb_doc_para(x->d, SB_TONE_NOTE, S_L(x, SB_LABEL_CONSENT_NOTE));
	S_safety_first(x);
	S_overview(x);
	if (x->c->seek_help)
		sb_report_help_section(x->d, x->b, x->l, true);
	S_differences(x);
	S_patterns(x);
	S_couple_steps(x);
	if (!x->c->seek_help)
		sb_report_help_section(x->d, x->b, x->l, false);
	S_safety_later(x);
}

/* ---- retest ----------------------------------------------------------------------------- */

static void S_changes(S_ctx *x)
{
	sb_doc *d = x->d;
	const sb_texts *t = &x->b->texts;
	sb_doc_heading(d, 1, S_L(x, SB_LABEL_CHANGE_BY_SCALE));
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_RIGHT, SB_ALIGN_RIGHT,
		                       SB_ALIGN_LEFT };
	sb_doc_table(d, 5, al);
	sb_doc_add_item(d, S_L(x, SB_LABEL_SCALE));
	sb_doc_add_item(d, S_who(x, 0));
	sb_doc_add_item(d, S_who(x, 1));
	sb_doc_add_item(d, S_L(x, SB_LABEL_CHANGE));
	sb_doc_add_item(d, S_L(x, SB_LABEL_RELIABLE_Q));
	for (size_t i = 0; i < x->b->n_scales; i++) {
		const sb_scale_change *sc = &x->c->scales[i];
		char cell[128], num[40];
		sb_doc_add_item(d, S_t(x, &x->b->scales[i].name));
		for (int p = 0; p < 2; p++) {
			S_score_cell(x, p, i, cell, sizeof cell);
			sb_doc_add_item(d, cell);
		}
		if (sc->both_scored) {
			S_signed(sc->diff, num, sizeof num);
			const char *dir = num[0] == '+' ? S_L(x, SB_LABEL_HIGHER)
			                : num[0] == '0' ? S_L(x, SB_LABEL_SAME)
			                                : S_L(x, SB_LABEL_LOWER);
			sb_doc_add_item(d, sb_buf_fmt(&x->tmp, S_L(x, SB_LABEL_PAREN), num, dir));
		} else {
			sb_doc_add_item(d, "—");
		}
		sb_doc_add_item(d, sb_change_label(sc->change, x->l));
	}
	sb_doc_para(d, SB_TONE_NOTE,
	            sb_report_bank_text(&t->retest_direction, x->l, SB_LABEL_RETEST_DIRECTION));
	if (x->c->summary_source)
		sb_doc_para(d, SB_TONE_NOTE,
		            sb_buf_fmt(&x->tmp, S_L(x, SB_LABEL_SUMMARY_SOURCE), x->c->summary_source));
	if (!x->c->any_no_verdict)
		return;
	if (t->retest_no_verdict.s[SB_LANG_ZH] || t->retest_no_verdict.s[SB_LANG_EN])
		sb_doc_para(d, SB_TONE_NORMAL, S_t(x, &t->retest_no_verdict));
	/* The client reads that once, in plain words; why each scale has no verdict and what would
	 * give one is for the counsellor. */
	if (x->o->audience != SB_AUDIENCE_COUNSELLOR)
		return;
	bool no_source = false;
	for (size_t i = 0; i < x->b->n_scales; i++)
		no_source |= x->c->scales[i].change == SB_CHANGE_NO_VERDICT &&
		             x->c->scales[i].no_verdict == SB_NO_VERDICT_NO_SOURCE;
	if (no_source)
		sb_doc_para(d, SB_TONE_NOTE,
		            S_L(x, SB_LABEL_VERDICT_HOWTO));
	sb_doc_list(d, false);
	for (size_t i = 0; i < x->b->n_scales; i++) {
		const sb_scale_change *sc = &x->c->scales[i];
		if (sc->change != SB_CHANGE_NO_VERDICT)
			continue;
		sb_doc_add_item(d, sb_buf_fmt(&x->tmp, "%s%s%s", S_t(x, &x->b->scales[i].name),
		                              S_L(x, SB_LABEL_COLON),
		                              sb_no_verdict_text(sc->no_verdict, x->l)));
	}
}

static void S_retest(S_ctx *x)
{
	const sb_texts *t = &x->b->texts;
	if (t->retest_note.s[SB_LANG_ZH] || t->retest_note.s[SB_LANG_EN])
		sb_doc_para(x->d, SB_TONE_LEAD, S_t(x, &t->retest_note));
	S_safety_first(x);
	S_overview(x);
	if (x->c->seek_help)
		sb_report_help_section(x->d, x->b, x->l, true);
	S_changes(x);
	if (!x->c->seek_help)
		sb_report_help_section(x->d, x->b, x->l, false);
	S_safety_later(x);
}

/* ---- the counsellor's part -------------------------------------------------------------- */

/* Both rows' indicators side by side; definitions are in each person's own counsellor report
 * and docs/scoring.md. */
static void S_quality(S_ctx *x)
{
	sb_doc *d = x->d;
	sb_doc_heading(d, 2, S_L(x, SB_LABEL_RESPONSE_QUALITY));
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_RIGHT, SB_ALIGN_LEFT };
	sb_doc_table(d, 4, al);
	sb_doc_add_item(d, S_L(x, SB_LABEL_INDICATOR));
	sb_doc_add_item(d, S_who(x, 0));
	sb_doc_add_item(d, S_who(x, 1));
	sb_doc_add_item(d, S_L(x, SB_LABEL_FLAGGED_WHEN));
	for (int k = 0; k < SB_QUALITY_ROWS; k++) {
		sb_quality_row row[2];
		for (int p = 0; p < 2; p++)
			sb_report_quality_row(x->b, &x->c->r[p]->quality, k, x->l, &row[p]);
		sb_doc_add_item(d, row[0].name);
		for (int p = 0; p < 2; p++)
			sb_doc_add_item(d, row[p].flagged
			                   ? sb_buf_fmt(&x->tmp, "%s %s", row[p].value,
			                                S_L(x, SB_LABEL_FLAGGED_MARK))
			                   : row[p].value);
		sb_doc_add_item(d, row[0].limit);
	}
	if (x->b->n_safety_items) {
		/* Not a quality indicator, but the counsellor's place to see who endorsed one. */
		sb_doc_add_item(d, S_L(x, SB_LABEL_SAFETY_ITEMS));
		for (int p = 0; p < 2; p++)
			sb_doc_add_item(d, sb_buf_fmt(&x->tmp, x->c->safety_endorsed[p] ? "%zu/%zu %s"
			                                                                 : "%zu/%zu",
			                              x->c->safety_endorsed[p], x->b->n_safety_items,
			                              S_L(x, SB_LABEL_FLAGGED_MARK)));
		sb_doc_add_item(d, "≥ 1");
	}
	sb_doc_para(d, SB_TONE_NOTE, S_L(x, SB_LABEL_QUALITY_NOTE_DOCS));
}

static void S_item_table(S_ctx *x)
{
	sb_doc *d = x->d;
	sb_doc_heading(d, 2, S_L(x, SB_LABEL_ITEM_BY_ITEM));
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_LEFT, SB_ALIGN_CENTER, SB_ALIGN_RIGHT,
		                       SB_ALIGN_RIGHT };
	sb_doc_table(d, 5, al);
	sb_doc_add_item(d, S_L(x, SB_LABEL_ITEM));
	sb_doc_add_item(d, S_L(x, SB_LABEL_SCALE));
	sb_doc_add_item(d, S_L(x, SB_LABEL_REVERSE));
	for (int p = 0; p < 2; p++)
		sb_doc_add_item(d, S_who(x, p));
	for (size_t i = 0; i < x->b->n_items; i++) {
		const sb_item *it = &x->b->items[i];
		sb_doc_add_item(d, it->id);
		sb_doc_add_item(d, sb_report_item_group(x->b, i, x->l));
		sb_doc_add_item(d, it->reverse ? "R" : "");
		for (int p = 0; p < 2; p++) {
			int v = x->o->answers[p][i];
			char cell[48];
			if (v == SB_MISSING)
				snprintf(cell, sizeof cell, "—");
			else if (it->reverse)
				snprintf(cell, sizeof cell, "%d → %d", v, sb_keyed(x->b, i, v));
			else
				snprintf(cell, sizeof cell, "%d", v);
			sb_doc_add_item(d, cell);
		}
	}
	sb_doc_para(d, SB_TONE_NOTE, S_L(x, SB_LABEL_ITEM_TABLE_NOTE));
}

/* The reliable change figures and how they were reached. */
static void S_rci_details(S_ctx *x)
{
	sb_doc *d = x->d;
	sb_doc_heading(d, 2, S_L(x, SB_LABEL_RCI));
	sb_doc_para(d, SB_TONE_NORMAL,
	            S_L(x, SB_LABEL_RCI_METHOD));
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_RIGHT,
		                       SB_ALIGN_RIGHT, SB_ALIGN_RIGHT };
	sb_doc_table(d, 6, al);
	sb_doc_add_item(d, S_L(x, SB_LABEL_SCALE));
	sb_doc_add_item(d, S_L(x, SB_LABEL_SOURCE));
	sb_doc_add_item(d, "SD");
	sb_doc_add_item(d, "r");
	sb_doc_add_item(d, S_L(x, SB_LABEL_SE_DIFF));
	sb_doc_add_item(d, "RCI");
	for (size_t i = 0; i < x->b->n_scales; i++) {
		const sb_scale_change *sc = &x->c->scales[i];
		char sd[32] = "—", r[32] = "—", se[32] = "—", rci[32] = "—";
		const char *src = "—";
		if (sc->source == SB_RELIABILITY_BANK)
			src = S_L(x, SB_LABEL_BANK_NORMS);
		else if (sc->source == SB_RELIABILITY_SUMMARY)
			src = S_L(x, SB_LABEL_COHORT_SUMMARY);
		if (!isnan(sc->sd))
			snprintf(sd, sizeof sd, "%.2f", sc->sd);
		if (!isnan(sc->reliability))
			snprintf(r, sizeof r, "%.2f", sc->reliability);
		if (!isnan(sc->se_diff))
			snprintf(se, sizeof se, "%.2f", sc->se_diff);
		if (!isnan(sc->rci))
			S_signed(sc->rci, rci, sizeof rci);
		sb_doc_add_item(d, S_t(x, &x->b->scales[i].name));
		sb_doc_add_item(d, src);
		sb_doc_add_item(d, sd);
		sb_doc_add_item(d, r);
		sb_doc_add_item(d, se);
		sb_doc_add_item(d, rci);
	}
}

static void S_counsellor(S_ctx *x)
{
	sb_doc *d = x->d;
	sb_doc_page_break(d);
	sb_doc_heading(d, 1, S_L(x, SB_LABEL_FOR_COUNSELLOR));
	if (x->c->mode == SB_COMPARE_RETEST)
		S_rci_details(x);
	S_quality(x);
	S_item_table(x);
	sb_report_notes(d, x->l);
}

/* ---- entry point ------------------------------------------------------------------------ */

sb_status sb_compare_build(const sb_compare *c, const sb_compare_opts *o, sb_doc **out,
                           sb_diags *diags)
{
	*out = NULL;
	if (o->audience == SB_AUDIENCE_COUNSELLOR && (!o->answers[0] || !o->answers[1])) {
		sb_diags_add(diags, NULL, 0, 0, "compare: the counsellor report needs both rows' answers");
		return SB_ERR_USAGE;
	}
	S_ctx x = { .c = c, .b = c->bank, .o = o, .l = o->lang };
	sb_status st = SB_OK;
	x.d = sb_doc_new(o->lang);
	if (!x.d) {
		st = SB_ERR_INTERNAL;
		goto done;
	}
	const sb_bank *b = c->bank;
	bool retest = c->mode == SB_COMPARE_RETEST;
	const char *kind = retest ? S_L(&x, SB_LABEL_BEFORE_AFTER)
	                          : S_L(&x, SB_LABEL_SIDE_BY_SIDE);
	char *subtitle = sb_strdup(o->audience == SB_AUDIENCE_COUNSELLOR
	                           ? sb_buf_fmt(&x.tmp, "%s · %s", kind,
	                                        S_L(&x, SB_LABEL_COUNSELLOR_COPY))
	                           : kind);
	const char *a = o->id[0] ? o->id[0] : "", *z = o->id[1] ? o->id[1] : "";
	char *who = sb_strdup(retest && strcmp(a, z) == 0 ? a
	                      : sb_buf_fmt(&x.tmp, retest ? "%s → %s" : "%s · %s", a, z));
	char *footer = sb_strdup(sb_report_footer(&x.tmp, b, x.l));
	if (!subtitle || !who || !footer)
		x.failed = true;
	sb_doc_set(x.d, S_t(&x, &b->title), subtitle, who, o->date, footer);
	sb_free(subtitle);
	sb_free(who);
	sb_free(footer);
	sb_doc_para(x.d, SB_TONE_NOTE, S_t(&x, &b->texts.disclaimer));
	if (retest)
		S_retest(&x);
	else
		S_couple(&x);
	sb_report_closing(x.d, b, x.l);
	S_unscored(&x);
	if (o->audience == SB_AUDIENCE_COUNSELLOR)
		S_counsellor(&x);
	if (x.failed || x.tmp.failed || sb_doc_status(x.d) != SB_OK)
		st = SB_ERR_INTERNAL;
done:
	if (st == SB_OK) {
		*out = x.d;
		x.d = NULL;
	} else {
		sb_diags_add(diags, NULL, 0, 0, "compare: out of memory");
	}
	sb_doc_free(x.d);
	sb_buf_free(&x.tmp);
	return st;
}

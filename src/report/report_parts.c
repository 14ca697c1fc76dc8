/* SPDX-License-Identifier: MIT */
/* report_parts.c — report sections shared by the report builders (see report_parts.h). */
#include "report/report_parts.h"

#include <math.h>
#include <stdio.h>

#include "base/alloc.h"
#include "base/labels.h"
#include "base/numfmt.h"
#include "report/report.h"

/* Declared in report.h with the report's other vocabulary; defined here, below both builders,
 * because every builder prints scores this way. */
void sb_report_score_text(double v, char *out, size_t size)
{
	/* The score command's own formatting (half away from zero, as spreadsheets round; never
	 * "-0.00"), so a report shows exactly the number in the scores CSV. */
	sb_fmt_fixed_str(out, size, v, 2);
}

const char *sb_report_bank_text(const sb_text *t, sb_lang l, sb_label fallback)
{
	const char *s = sb_text_get(t, l);
	return *s ? s : sb_label_text(l, fallback);
}

void sb_report_help_section(sb_doc *d, const sb_bank *b, sb_lang l, bool up_front)
{
	const sb_texts *t = &b->texts;
	sb_doc_heading(d, 1, sb_label_text(l, SB_LABEL_SEEK_HELP));
	sb_doc_para(d, up_front ? SB_TONE_ALERT : SB_TONE_NORMAL,
	            sb_text_get(&t->professional_help, l));
	const char *local = sb_text_get(&t->local_help, l);
	if (*local)
		sb_doc_para(d, SB_TONE_NORMAL, local);
	sb_doc_para(d, SB_TONE_ALERT, sb_text_get(&t->emergency, l));
}

void sb_report_safety_section(sb_doc *d, const sb_bank *b, sb_lang l, size_t endorsed,
                              bool counsellor)
{
	const sb_texts *t = &b->texts;
	sb_doc_heading(d, 1, sb_label_text(l, SB_LABEL_SAFETY));
	if (endorsed && counsellor) {
		/* The languages give the two counts in different orders: the format skips one. */
		sb_buf tmp = { 0 };
		char e[32], n[32];
		snprintf(e, sizeof e, "%zu", endorsed);
		snprintf(n, sizeof n, "%zu", b->n_safety_items);
		sb_doc_para(d, SB_TONE_ALERT,
		            sb_buf_fmt(&tmp, sb_label_text(l, SB_LABEL_SAFETY_FLAG_NOTE), e, n, e));
		sb_buf_free(&tmp);
	} else if (endorsed && *sb_text_get(&t->safety_endorsed, l)) {
		sb_doc_para(d, SB_TONE_ALERT, sb_text_get(&t->safety_endorsed, l));
	}
	if (*sb_text_get(&t->safety, l))
		sb_doc_para(d, endorsed ? SB_TONE_ALERT : SB_TONE_NORMAL, sb_text_get(&t->safety, l));
	/* Where to turn: the bank's own words, else its emergency text. */
	if (*sb_text_get(&t->safety_help, l))
		sb_doc_para(d, SB_TONE_NORMAL, sb_text_get(&t->safety_help, l));
	else
		sb_doc_para(d, SB_TONE_ALERT, sb_text_get(&t->emergency, l));
}

const char *sb_report_item_group(const sb_bank *b, size_t i, sb_lang l)
{
	const sb_item *it = &b->items[i];
	if (it->scale < b->n_scales)
		return sb_text_get(&b->scales[it->scale].name, l);
	return sb_label_text(l, SB_LABEL_SAFETY_GROUP);
}

void sb_report_step(sb_doc *d, const sb_bank *b, size_t step, sb_lang l, int level)
{
	if (step >= b->n_steps)
		return;
	const sb_step *st = &b->steps[step];
	sb_doc_heading(d, level, sb_text_get(&st->title, l));
	sb_doc_para(d, SB_TONE_NORMAL, sb_text_get(&st->summary, l));
	sb_doc_list(d, false);
	for (size_t i = 0; i < st->n_actions; i++)
		sb_doc_add_item(d, sb_text_get(&st->actions[i], l));
}

void sb_report_num(double v, char *out, size_t size)
{
	snprintf(out, size, "%.6g", v);
}

void sb_report_pct(double share, char *out, size_t size)
{
	snprintf(out, size, "%.3g", round(share * 1000.0) / 10.0);
}

/* The widest response range of the bank: the IRV threshold is a share of it. */
static double S_widest_range(const sb_bank *b)
{
	double w = 0;
	for (size_t i = 0; i < b->n_responses; i++)
		if (b->responses[i].max - b->responses[i].min > w)
			w = b->responses[i].max - b->responses[i].min;
	return w;
}

const sb_band *sb_report_band(const sb_bank *b, const sb_result *r, size_t scale)
{
	const sb_scale_result *sr = &r->scales[scale];
	if (!sr->scored || sr->band == SB_NONE || sr->band >= b->scales[scale].n_bands)
		return NULL;
	return &b->scales[scale].bands[sr->band];
}

void sb_unscored_reason(const sb_bank *b, const sb_result *r, size_t i, sb_lang l, char *out,
                        size_t size)
{
	const sb_scale_result *sr = &r->scales[i];
	char pct[32];
	sb_report_pct(b->scales[i].min_answered, pct, sizeof pct);
	/* The languages give the two counts in different orders: the format skips one. */
	char a[32], n[32];
	snprintf(a, sizeof a, "%zu", sr->answered);
	snprintf(n, sizeof n, "%zu", sr->n_items);
	snprintf(out, size, sb_label_text(l, SB_LABEL_UNSCORED_REASON), a, n, a, pct);
}

const char *sb_report_footer(sb_buf *tmp, const sb_bank *b, sb_lang l)
{
	const char *title = sb_text_get(&b->title, l);
	const char *credits = sb_text_get(&b->texts.credits, l);
	if (*credits)
		return sb_buf_fmt(tmp, sb_label_text(l, SB_LABEL_FOOTER_CREDITS), title, b->version,
		                  credits);
	return sb_buf_fmt(tmp, sb_label_text(l, SB_LABEL_FOOTER), title, b->version);
}

/* ---- charts ----------------------------------------------------------------------------- */

sb_style_chart *sb_report_style_chart(const sb_bank *b, sb_lang l, const sb_result *const *r,
                                      const char *const *labels, size_t n)
{
	const sb_attachment *a = &b->attachment;
	const sb_scale *anx = &b->scales[a->anxiety];
	const sb_scale *avo = &b->scales[a->avoidance];
	sb_style_chart *ch = sb_calloc(1, sizeof *ch);
	if (!ch)
		return NULL;
	*ch = (sb_style_chart){
		.x_min = avo->lo, .x_max = avo->hi, .y_min = anx->lo, .y_max = anx->hi,
		.x_cut = a->avoidance_cutoff, .y_cut = a->anxiety_cutoff,
	};
	ch->x_label = sb_strdup(sb_text_get(&avo->name, l));
	ch->y_label = sb_strdup(sb_text_get(&anx->name, l));
	bool ok = ch->x_label && ch->y_label;
	for (int i = 0; i < 4; i++)
		ok = (ch->region[i] = sb_strdup(sb_text_get(&a->styles[i].name, l))) && ok;
	ch->points = sb_calloc(n, sizeof *ch->points);
	if (ch->points) {
		ch->n_points = n;
		for (size_t k = 0; k < n; k++) {
			ch->points[k] = (sb_chart_point){ .label = sb_strdup(labels[k]),
			                                  .x = r[k]->avoidance, .y = r[k]->anxiety };
			ok = ch->points[k].label && ok;
		}
	}
	if (!ok || !ch->points) {
		sb_style_chart_free(ch);
		return NULL;
	}
	return ch;
}

sb_profile_chart *sb_report_profile_chart(const sb_bank *b, sb_lang l, const sb_result *const *r,
                                          const char *const *labels, size_t n)
{
	sb_profile_chart *ch = sb_calloc(1, sizeof *ch);
	if (!ch)
		return NULL;
	ch->n_series = n;
	bool ok = true;
	for (size_t k = 0; labels && ok && k < n; k++)
		ok = (ch->series_label[k] = sb_strdup(labels[k])) != NULL;
	ok = ok && (ch->bars = sb_calloc(b->n_scales, sizeof *ch->bars));
	for (size_t i = 0; ok && i < b->n_scales; i++) {
		const sb_scale *s = &b->scales[i];
		sb_profile_bar *bar = &ch->bars[ch->n_bars++];
		bar->lo = s->lo;
		bar->hi = s->hi;
		bar->name = sb_strdup(sb_text_get(&s->name, l));
		bar->bands = sb_calloc(s->n_bands, sizeof *bar->bands);
		ok = bar->name && bar->bands;
		for (size_t j = 0; ok && j < s->n_bands; j++) {
			bar->bands[j] = (sb_chart_band){ .lo = s->bands[j].min, .hi = s->bands[j].max };
			bar->n_bands = j + 1;
			ok = (bar->bands[j].label = sb_strdup(sb_text_get(&s->bands[j].label, l))) != NULL;
		}
		for (size_t k = 0; ok && k < n; k++) {
			const sb_scale_result *sr = &r[k]->scales[i];
			char num[32];
			sb_report_score_text(sr->score, num, sizeof num);
			bar->scored[k] = sr->scored;
			bar->value[k] = sr->scored ? sr->score : s->lo;
			ok = (bar->value_text[k] =
			              sb_strdup(sr->scored ? num : sb_label_text(l, SB_LABEL_NOT_SCORED))) != NULL;
		}
	}
	if (!ok) {
		sb_profile_chart_free(ch);
		return NULL;
	}
	return ch;
}

/* ---- the counsellor's part -------------------------------------------------------------- */

/* A value with two decimals, or "—" when it could not be computed. */
static void S_fixed2(double v, char *out, size_t size)
{
	if (isnan(v))
		snprintf(out, size, "—");
	else
		snprintf(out, size, "%.2f", v);
}

void sb_report_quality_row(const sb_bank *b, const sb_quality *q, int k, sb_lang l,
                           sb_quality_row *row)
{
	char pct[32];
	switch (k) {
	case 0:
		row->name = sb_label_text(l, SB_LABEL_LONGSTRING);
		snprintf(row->value, sizeof row->value, "%zu", q->longstring);
		snprintf(row->limit, sizeof row->limit, "≥ %.0f",
		         ceil(SB_LONGSTRING_SHARE * (double)b->n_items));
		row->flagged = q->flag_longstring;
		break;
	case 1:
		row->name = sb_label_text(l, SB_LABEL_IRV);
		S_fixed2(q->irv, row->value, sizeof row->value);
		snprintf(row->limit, sizeof row->limit, "< %.2f", SB_IRV_RANGE_SHARE * S_widest_range(b));
		row->flagged = q->flag_irv;
		break;
	case 2:
		row->name = sb_label_text(l, SB_LABEL_INCONSISTENCY);
		S_fixed2(q->inconsistency, row->value, sizeof row->value);
		snprintf(row->limit, sizeof row->limit, "≥ %.2f", SB_INCONSISTENCY_MAX);
		row->flagged = q->flag_inconsistent;
		break;
	default:
		row->name = sb_label_text(l, SB_LABEL_MISSING_SHARE);
		sb_report_pct(q->missing_share, pct, sizeof pct);
		if (isnan(q->missing_share))
			snprintf(row->value, sizeof row->value, "—");
		else
			snprintf(row->value, sizeof row->value, "%s%%", pct);
		sb_report_pct(SB_MISSING_SHARE_MAX, pct, sizeof pct);
		snprintf(row->limit, sizeof row->limit, "> %s%%", pct);
		row->flagged = q->flag_missing;
	}
}

/* ---- sections --------------------------------------------------------------------------- */

void sb_report_closing(sb_doc *d, const sb_bank *b, sb_lang l)
{
	sb_doc_heading(d, 1, sb_label_text(l, SB_LABEL_CLOSING));
	sb_doc_para(d, SB_TONE_LEAD, sb_text_get(&b->texts.closing, l));
}

void sb_report_notes(sb_doc *d, sb_lang l)
{
	sb_doc_heading(d, 2, sb_label_text(l, SB_LABEL_NOTES));
	sb_doc_write_area(d, "", 8);
	sb_doc_write_area(d, sb_label_text(l, SB_LABEL_COUNSELLOR), 1);
	sb_doc_write_area(d, sb_label_text(l, SB_LABEL_DATE), 1);
}

/* SPDX-License-Identifier: MIT */
/* report_counsellor.c — the counsellor's appendix of the single report: the response-quality
 * indicators with their definitions, the missing items, the scoring rules in the bank's own
 * numbers, and every answer item by item (see report_counsellor.h). */
#include "report/report_counsellor.h"

#include <stdio.h>

#include "base/labels.h"
#include "report/report_parts.h"

typedef struct {
	sb_doc *d;
	const sb_bank *b;
	const sb_result *r;
	const int *answers;
	sb_lang l;
	sb_buf tmp;   /* scratch for composed strings; the doc copies what it keeps */
	bool failed;
} S_ctx;

static const char *S_t(const S_ctx *c, const sb_text *t)
{
	return sb_text_get(t, c->l);
}

/* A label of base/labels.h in the report's language. */
static const char *S_L(const S_ctx *c, sb_label id)
{
	return sb_label_text(c->l, id);
}

/* The indicators with their values and the thresholds the engine applies (score.h,
 * docs/scoring.md), and a one-line technical definition of each. */
static void S_quality(S_ctx *c)
{
	sb_doc *d = c->d;
	const sb_quality *q = &c->r->quality;
	sb_doc_heading(d, 2, S_L(c, SB_LABEL_RESPONSE_QUALITY));
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_LEFT, SB_ALIGN_LEFT };
	sb_doc_table(d, 4, al);
	sb_doc_add_item(d, S_L(c, SB_LABEL_INDICATOR));
	sb_doc_add_item(d, S_L(c, SB_LABEL_VALUE));
	sb_doc_add_item(d, S_L(c, SB_LABEL_FLAGGED_WHEN));
	sb_doc_add_item(d, S_L(c, SB_LABEL_FLAGGED));
	const char *yes = S_L(c, SB_LABEL_YES), *no = S_L(c, SB_LABEL_NO);
	for (int k = 0; k < SB_QUALITY_ROWS; k++) {
		sb_quality_row row;
		sb_report_quality_row(c->b, q, k, c->l, &row);
		sb_doc_add_item(d, row.name);
		sb_doc_add_item(d, row.value);
		sb_doc_add_item(d, row.limit);
		sb_doc_add_item(d, row.flagged ? yes : no);
	}

	sb_doc_list(d, false);
	sb_doc_add_item(d, S_L(c, SB_LABEL_DEF_LONGSTRING));
	sb_doc_add_item(d, S_L(c, SB_LABEL_DEF_IRV));
	sb_doc_add_item(d, S_L(c, SB_LABEL_DEF_INCONSISTENCY));
	sb_doc_add_item(d, S_L(c, SB_LABEL_DEF_MISSING));
	sb_doc_para(d, SB_TONE_NOTE, S_L(c, SB_LABEL_QUALITY_NOTE));
}

static void S_missing(S_ctx *c)
{
	sb_doc *d = c->d;
	sb_doc_heading(d, 2, S_L(c, SB_LABEL_MISSING_ITEMS));
	size_t n = 0;
	for (size_t i = 0; i < c->b->n_items; i++)
		n += c->answers[i] == SB_MISSING;
	if (!n) {
		sb_doc_para(d, SB_TONE_NORMAL, S_L(c, SB_LABEL_NONE));
		return;
	}
	sb_doc_list(d, false);
	for (size_t i = 0; i < c->b->n_items; i++) {
		if (c->answers[i] != SB_MISSING)
			continue;
		const sb_item *it = &c->b->items[i];
		sb_doc_add_item(d, sb_buf_fmt(&c->tmp, "%s%s%s", it->id, S_L(c, SB_LABEL_COLON),
		                              S_t(c, &it->text)));
	}
}

static void S_item_table(S_ctx *c)
{
	sb_doc *d = c->d;
	sb_doc_heading(d, 2, S_L(c, SB_LABEL_ITEM_BY_ITEM));
	static const sb_align al[] = { SB_ALIGN_LEFT, SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_RIGHT,
		                       SB_ALIGN_CENTER };
	sb_doc_table(d, 5, al);
	sb_doc_add_item(d, S_L(c, SB_LABEL_ITEM));
	sb_doc_add_item(d, S_L(c, SB_LABEL_SCALE));
	sb_doc_add_item(d, S_L(c, SB_LABEL_ANSWER));
	sb_doc_add_item(d, S_L(c, SB_LABEL_KEYED));
	sb_doc_add_item(d, S_L(c, SB_LABEL_REVERSE));
	for (size_t i = 0; i < c->b->n_items; i++) {
		const sb_item *it = &c->b->items[i];
		char raw[32], keyed[32];
		if (c->answers[i] == SB_MISSING) {
			snprintf(raw, sizeof raw, "—");
			snprintf(keyed, sizeof keyed, "—");
		} else {
			snprintf(raw, sizeof raw, "%d", c->answers[i]);
			snprintf(keyed, sizeof keyed, "%d", sb_keyed(c->b, i, c->answers[i]));
		}
		sb_doc_add_item(d, it->id);
		sb_doc_add_item(d, sb_report_item_group(c->b, i, c->l));
		sb_doc_add_item(d, raw);
		sb_doc_add_item(d, keyed);
		sb_doc_add_item(d, it->reverse ? "R" : "");
	}
}

/* The scoring rules in one paragraph, with the bank's own numbers. */
static void S_rules(S_ctx *c)
{
	sb_doc *d = c->d;
	sb_buf p = { 0 };
	sb_doc_heading(d, 2, S_L(c, SB_LABEL_SCORING_RULES));
	sb_buf_puts(&p, S_L(c, SB_LABEL_RULE_REVERSE));
	/* One sentence when every scale is scored alike (the usual case), else one per scale. */
	bool alike = true;
	for (size_t i = 1; i < c->b->n_scales; i++) {
		const sb_scale *s = &c->b->scales[i], *f = &c->b->scales[0];
		alike = alike && s->method == f->method && s->min_answered == f->min_answered &&
		        s->lo == f->lo && s->hi == f->hi;
	}
	if (alike && c->b->n_scales) {
		const sb_scale *s = &c->b->scales[0];
		char pct[32], lo[32], hi[32];
		sb_report_pct(s->min_answered, pct, sizeof pct);
		sb_report_num(s->lo, lo, sizeof lo);
		sb_report_num(s->hi, hi, sizeof hi);
		const char *m = s->method == SB_METHOD_SUM ? S_L(c, SB_LABEL_SUM)
		                                           : S_L(c, SB_LABEL_MEAN);
		sb_buf_printf(&p, S_L(c, SB_LABEL_RULE_ALL_SCALES), m, lo, hi, pct);
	}
	for (size_t i = 0; !alike && i < c->b->n_scales; i++) {
		const sb_scale *s = &c->b->scales[i];
		char pct[32], lo[32], hi[32];
		sb_report_pct(s->min_answered, pct, sizeof pct);
		sb_report_num(s->lo, lo, sizeof lo);
		sb_report_num(s->hi, hi, sizeof hi);
		const char *m = s->method == SB_METHOD_SUM ? S_L(c, SB_LABEL_SUM)
		                                           : S_L(c, SB_LABEL_MEAN);
		sb_buf_printf(&p, S_L(c, SB_LABEL_RULE_ONE_SCALE), S_t(c, &s->name), m, s->n_items, lo,
		              hi, pct);
	}
	sb_buf_puts(&p, S_L(c, SB_LABEL_RULE_BANDS));
	const sb_attachment *a = &c->b->attachment;
	if (a->present) {
		char ac[32], vc[32], mg[32];
		sb_report_num(a->anxiety_cutoff, ac, sizeof ac);
		sb_report_num(a->avoidance_cutoff, vc, sizeof vc);
		sb_report_num(a->margin, mg, sizeof mg);
		sb_buf_printf(&p, S_L(c, SB_LABEL_RULE_LEANING), S_t(c, &c->b->scales[a->anxiety].name),
		              ac, S_t(c, &c->b->scales[a->avoidance].name), vc, mg);
	}
	if (p.failed)
		c->failed = true;
	else {
		/* Trailing blank from the English sentences. */
		while (p.len && p.data[p.len - 1] == ' ')
			p.data[--p.len] = '\0';
		sb_doc_para(d, SB_TONE_NORMAL, p.data ? p.data : "");
	}
	sb_buf_free(&p);
}

bool sb_report_counsellor(sb_doc *d, const sb_bank *b, const sb_result *r, const int *answers,
                          sb_lang l)
{
	S_ctx c = { .d = d, .b = b, .r = r, .answers = answers, .l = l };
	sb_doc_heading(d, 1, S_L(&c, SB_LABEL_FOR_COUNSELLOR));
	S_quality(&c);
	S_missing(&c);
	S_rules(&c);
	S_item_table(&c);
	sb_report_notes(d, l);
	bool ok = !c.failed && !c.tmp.failed;
	sb_buf_free(&c.tmp);
	return ok;
}

/* SPDX-License-Identifier: MIT */
/* pdf_blocks.c — the PDF renderer's blocks: headings, paragraphs, lists, key-value pairs,
 * tables, write areas and (through pdf_chart.c) charts. Each block measures itself into a plan or draws a run
 * of its parts, with the same code, so what is measured is what is drawn. */
#include <math.h>
#include <stdio.h>

#include "base/alloc.h"
#include "render/pdf/pdf_draw.h"

#define S_MARGIN SB_PDF_MARGIN
#define S_WIDTH SB_PDF_WIDTH
#define S_BODY 10.0   /* body text size */
#define S_TABLE 9.0   /* table cells */

/* ---- blocks: each function measures into plan, or (plan NULL) draws parts [from, to) at y ---- */

static void S_heading(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, double y)
{
	static const double size[3] = { 15.0, 12.5, 10.5 };
	static const double before[3] = { 22.0, 16.0, 11.0 };
	static const double after[3] = { 9.0, 6.0, 4.0 };
	int k = b->level - 1; /* 1..3: sb_doc_heading clamps it */
	PangoLayout *l = sb_pdf_text(p, b->text, size[k], true, S_WIDTH);
	double h = sb_pdf_text_height(l);
	if (plan) {
		plan->before = before[k];
		plan->after = after[k];
		plan->keep_first = 1;
		sb_pdf_plan_add(p, plan, k == 0 ? h + 5.0 : h);
	} else {
		sb_pdf_set_color(p, k == 2 ? SB_PDF_INK : SB_PDF_ACCENT);
		sb_pdf_show(p, l, S_MARGIN, y);
		if (k == 0) {
			sb_pdf_set_color(p, SB_PDF_RULE);
			cairo_set_line_width(p->cr, 0.6);
			cairo_move_to(p->cr, S_MARGIN, y + h + 3.0);
			cairo_line_to(p->cr, S_MARGIN + S_WIDTH, y + h + 3.0);
			cairo_stroke(p->cr);
		}
	}
	g_object_unref(l);
}

/* An alert: a tinted box with a coloured rule on the left; never split. */
static void S_alert(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, double y)
{
	const double rule = 3.0, pad_x = 11.0, pad_y = 7.0;
	PangoLayout *l = sb_pdf_text(p, b->text, S_BODY, false, S_WIDTH - rule - 2 * pad_x);
	double h = sb_pdf_text_height(l) + 2 * pad_y;
	if (plan) {
		plan->before = 6.0;
		plan->after = 11.0;
		plan->keep_first = 1;
		sb_pdf_plan_add(p, plan, h);
	} else {
		sb_pdf_set_color(p, SB_PDF_ALERT_BG);
		cairo_rectangle(p->cr, S_MARGIN, y, S_WIDTH, h);
		cairo_fill(p->cr);
		sb_pdf_set_color(p, SB_PDF_ALERT);
		cairo_rectangle(p->cr, S_MARGIN, y, rule, h);
		cairo_fill(p->cr);
		sb_pdf_set_color(p, SB_PDF_INK);
		sb_pdf_show(p, l, S_MARGIN + rule + pad_x, y + pad_y);
	}
	g_object_unref(l);
}

/* Answer boxes (□, as the paper form writes them) set at 18 pt, so each is over 4 mm wide and
 * can take a tick; the text around them keeps its size. Whether text has any. */
static bool S_tick_boxes(PangoLayout *l, const char *text)
{
	static const char box[] = "\xe2\x96\xa1"; /* U+25A1 */
	if (!text || !strstr(text, box) || !g_utf8_validate(text, -1, NULL))
		return false;
	PangoAttrList *had = pango_layout_get_attributes(l); /* the Latin runs of sb_pdf_text */
	PangoAttrList *attrs = had ? pango_attr_list_copy(had) : pango_attr_list_new();
	for (const char *at = text; (at = strstr(at, box)) != NULL; at += 3) {
		PangoAttribute *a = pango_attr_size_new(18 * PANGO_SCALE);
		a->start_index = (guint)(at - text);
		a->end_index = a->start_index + 3;
		pango_attr_list_insert(attrs, a);
	}
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	return true;
}

static void S_paragraph(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, size_t from, size_t to,
                        double y)
{
	if (b->tone == SB_TONE_ALERT) {
		S_alert(p, b, plan, y);
		return;
	}
	double size = S_BODY, after = 7.0;
	sb_pdf_color color = SB_PDF_INK;
	switch (b->tone) {
	case SB_TONE_LEAD:
		size = 11.5;
		after = 10.0;
		break;
	case SB_TONE_NOTE:
		size = 9.0;
		color = SB_PDF_MUTED;
		break;
	case SB_TONE_SMALL:
		size = 7.5;
		after = 4.0;
		color = SB_PDF_MUTED;
		break;
	default:
		break;
	}
	PangoLayout *l = sb_pdf_text(p, b->text, size, false, S_WIDTH);
	if (S_tick_boxes(l, b->text))
		after = 16.0; /* an answer line stands apart from the next statement */
	if (plan) {
		plan->after = after;
		sb_pdf_lines(p, l, plan, 0, 0, 0, 0);
		/* Two lines at least on either side of a break; shorter paragraphs move whole. */
		size_t keep = plan->n_parts >= 4 ? 2 : plan->n_parts;
		plan->keep_first = plan->keep_last = keep;
	} else {
		sb_pdf_set_color(p, color);
		sb_pdf_lines(p, l, NULL, from, to, S_MARGIN, y);
	}
	g_object_unref(l);
}

static void S_list(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, size_t from, size_t to,
                   double y)
{
	const double gap = 3.5;
	double marker_w = 14.0;
	char num[32];
	if (b->ordered) {
		snprintf(num, sizeof num, "%zu.", b->n_items);
		PangoLayout *l = sb_pdf_text(p, num, S_BODY, false, 0);
		marker_w = fmax(marker_w, sb_pdf_text_width(l) + 6.0);
		g_object_unref(l);
	}
	if (plan) {
		plan->after = 7.0;
		plan->keep_first = plan->keep_last = 1;
	}
	for (size_t i = 0; i < b->n_items; i++) {
		if (!plan && (i < from || i >= to))
			continue;
		PangoLayout *l = sb_pdf_text(p, b->items[i], S_BODY, false, S_WIDTH - marker_w);
		double h = sb_pdf_text_height(l) + (i + 1 < b->n_items ? gap : 0);
		if (plan) {
			sb_pdf_plan_add(p, plan, h);
			g_object_unref(l);
			continue;
		}
		if (b->ordered) {
			snprintf(num, sizeof num, "%zu.", i + 1);
			PangoLayout *m = sb_pdf_text(p, num, S_BODY, false, marker_w - 6.0);
			pango_layout_set_alignment(m, PANGO_ALIGN_RIGHT);
			sb_pdf_set_color(p, SB_PDF_MUTED);
			sb_pdf_show(p, m, S_MARGIN, y);
			g_object_unref(m);
		} else {
			/* A drawn dot sits at the x-height whatever the script of the item. */
			double base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
			sb_pdf_set_color(p, SB_PDF_ACCENT);
			cairo_arc(p->cr, S_MARGIN + 4.0, y + base - S_BODY * 0.32, 1.9, 0, 2 * M_PI);
			cairo_fill(p->cr);
		}
		sb_pdf_set_color(p, SB_PDF_INK);
		sb_pdf_show(p, l, S_MARGIN + marker_w, y);
		g_object_unref(l);
		y += h;
	}
}

/* Key-value pairs in two aligned columns; kept together. */
static void S_kv(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, double y)
{
	const double gap = 14.0, row_gap = 4.0;
	size_t n = b->n_items / 2;
	double key_w = 0;
	for (size_t i = 0; i < n; i++) {
		PangoLayout *l = sb_pdf_text(p, b->items[2 * i], S_BODY, false, 0);
		key_w = fmax(key_w, sb_pdf_text_width(l));
		g_object_unref(l);
	}
	key_w = fmin(ceil(key_w) + 1.0, S_WIDTH * 0.36);
	if (plan) {
		plan->before = 2.0;
		plan->after = 9.0;
		plan->keep_first = n;
	}
	for (size_t i = 0; i < n; i++) {
		PangoLayout *k = sb_pdf_text(p, b->items[2 * i], S_BODY, false, key_w);
		PangoLayout *v = sb_pdf_text(p, b->items[2 * i + 1], S_BODY, false,
		                             S_WIDTH - key_w - gap);
		double h = fmax(sb_pdf_text_height(k), sb_pdf_text_height(v));
		if (plan) {
			sb_pdf_plan_add(p, plan, h + (i + 1 < n ? row_gap : 0));
		} else {
			sb_pdf_set_color(p, SB_PDF_MUTED);
			sb_pdf_show(p, k, S_MARGIN, y);
			sb_pdf_set_color(p, SB_PDF_INK);
			sb_pdf_show(p, v, S_MARGIN + key_w + gap, y);
			y += h + row_gap;
		}
		g_object_unref(k);
		g_object_unref(v);
	}
}

/* Column widths from content: narrow columns keep their natural width, the wide ones share
 * what is left in proportion to their natural widths; spare room is spread the same way. */
static double *S_table_widths(sb_pdf *p, const sb_block *b, double pad)
{
	size_t nc = b->n_cols;
	double *nat = sb_calloc(nc, sizeof *nat);
	double *w = sb_calloc(nc, sizeof *w);
	bool *done = sb_calloc(nc, sizeof *done);
	if (!nat || !w || !done) {
		p->failed = true;
		sb_free(nat);
		sb_free(w);
		sb_free(done);
		return NULL;
	}
	for (size_t i = 0; i < b->n_items; i++) {
		PangoLayout *l = sb_pdf_text(p, b->items[i], S_TABLE, i < nc, 0);
		nat[i % nc] = fmax(nat[i % nc], sb_pdf_text_width(l) + 2 * pad + 1.0);
		g_object_unref(l);
	}
	double total = 0;
	for (size_t c = 0; c < nc; c++)
		total += nat[c];
	if (total <= S_WIDTH) {
		for (size_t c = 0; c < nc; c++)
			w[c] = nat[c] + (S_WIDTH - total) * (total > 0 ? nat[c] / total : 1.0 / nc);
	} else {
		double room = S_WIDTH;
		size_t left = nc;
		for (bool changed = true; changed && left > 0;) {
			changed = false;
			for (size_t c = 0; c < nc; c++) {
				if (!done[c] && nat[c] <= room / left) {
					w[c] = nat[c];
					room -= nat[c];
					done[c] = true;
					left--;
					changed = true;
				}
			}
		}
		double rest = 0;
		for (size_t c = 0; c < nc; c++)
			if (!done[c])
				rest += nat[c];
		for (size_t c = 0; c < nc; c++)
			if (!done[c])
				w[c] = room * nat[c] / rest;
	}
	sb_free(nat);
	sb_free(done);
	return w;
}

/* One table row (cells [first, first + n_cols) of items): its height, drawn when draw. */
static double S_table_row(sb_pdf *p, const sb_block *b, const double *w, size_t first, double pad,
                          double y, bool draw)
{
	const double pad_y = 1.5;
	bool header = first == 0;
	double h = 0, x = S_MARGIN;
	for (size_t c = 0; c < b->n_cols; c++) {
		const char *text = first + c < b->n_items ? b->items[first + c] : "";
		PangoLayout *l = sb_pdf_text(p, text, S_TABLE, header, w[c] - 2 * pad);
		pango_layout_set_alignment(l, b->align[c] == SB_ALIGN_RIGHT    ? PANGO_ALIGN_RIGHT
		                              : b->align[c] == SB_ALIGN_CENTER ? PANGO_ALIGN_CENTER
		                                                               : PANGO_ALIGN_LEFT);
		h = fmax(h, sb_pdf_text_height(l));
		if (draw) {
			sb_pdf_set_color(p, header ? SB_PDF_ACCENT : SB_PDF_INK);
			sb_pdf_show(p, l, x + pad, y + pad_y);
		}
		x += w[c];
		g_object_unref(l);
	}
	return h + 2 * pad_y;
}

static void S_table(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, size_t from, size_t to,
                    double y)
{
	const double pad = 5.0;
	size_t nc = b->n_cols;
	if (nc == 0 || !b->align)
		return;
	double *w = S_table_widths(p, b, pad);
	if (!w)
		return;
	size_t n_rows = b->n_items > nc ? (b->n_items - nc + nc - 1) / nc : 0;
	if (plan) {
		plan->before = 4.0;
		plan->after = 11.0;
		plan->head = S_table_row(p, b, w, 0, pad, 0, false);
		plan->keep_first = plan->keep_last = 1;
		for (size_t r = 0; r < n_rows; r++)
			sb_pdf_plan_add(p, plan, S_table_row(p, b, w, (r + 1) * nc, pad, 0, false));
		sb_free(w);
		return;
	}
	/* The header row again on every page the table reaches. */
	double hh = S_table_row(p, b, w, 0, pad, y, false);
	sb_pdf_set_color(p, SB_PDF_SHADE);
	cairo_rectangle(p->cr, S_MARGIN, y, S_WIDTH, hh);
	cairo_fill(p->cr);
	S_table_row(p, b, w, 0, pad, y, true);
	y += hh;
	cairo_set_line_width(p->cr, 0.5);
	for (size_t r = from; r < to && r < n_rows; r++) {
		double rh = S_table_row(p, b, w, (r + 1) * nc, pad, y, true);
		y += rh;
		sb_pdf_set_color(p, SB_PDF_RULE);
		cairo_move_to(p->cr, S_MARGIN, y);
		cairo_line_to(p->cr, S_MARGIN + S_WIDTH, y);
		cairo_stroke(p->cr);
	}
	sb_free(w);
}

/* A label and ruled lines to write on; kept together. */
static void S_write_area(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, double y)
{
	const double pitch = 24.0;
	double label_h = 0;
	PangoLayout *l = NULL;
	if (b->text && *b->text) {
		l = sb_pdf_text(p, b->text, S_BODY, true, S_WIDTH);
		label_h = sb_pdf_text_height(l);
	}
	if (plan) {
		plan->before = 8.0;
		plan->after = 12.0;
		if (l)
			sb_pdf_plan_add(p, plan, label_h);
		for (size_t i = 0; i < b->lines; i++)
			sb_pdf_plan_add(p, plan, pitch);
		plan->keep_first = plan->n_parts;
	} else {
		if (l) {
			sb_pdf_set_color(p, SB_PDF_INK);
			sb_pdf_show(p, l, S_MARGIN, y);
		}
		sb_pdf_set_color(p, SB_PDF_MUTED);
		cairo_set_line_width(p->cr, 0.5);
		for (size_t i = 0; i < b->lines; i++) {
			double ly = y + label_h + pitch * (double)(i + 1) - 2.0;
			cairo_move_to(p->cr, S_MARGIN, ly);
			cairo_line_to(p->cr, S_MARGIN + S_WIDTH, ly);
			cairo_stroke(p->cr);
		}
	}
	if (l)
		g_object_unref(l);
}

void sb_pdf_block(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, size_t from, size_t to,
                  double y)
{
	switch (b->kind) {
	case SB_BLOCK_HEADING:
		S_heading(p, b, plan, y);
		break;
	case SB_BLOCK_PARAGRAPH:
		S_paragraph(p, b, plan, from, to, y);
		break;
	case SB_BLOCK_LIST:
		S_list(p, b, plan, from, to, y);
		break;
	case SB_BLOCK_KV:
		S_kv(p, b, plan, y);
		break;
	case SB_BLOCK_TABLE:
		S_table(p, b, plan, from, to, y);
		break;
	case SB_BLOCK_STYLE_CHART:
		if (b->style_chart)
			sb_pdf_style_chart(p, b->style_chart, plan, S_MARGIN, y, S_WIDTH);
		break;
	case SB_BLOCK_PROFILE_CHART:
		if (b->profile_chart)
			sb_pdf_profile_chart(p, b->profile_chart, plan, from, to, S_MARGIN, y, S_WIDTH);
		break;
	case SB_BLOCK_WRITE_AREA:
		S_write_area(p, b, plan, y);
		break;
	case SB_BLOCK_PAGE_BREAK:
		break;
	}
}

/* render_pdf.c — the PDF renderer: lays the document model out on A4 pages with pango and cairo,
 * measuring and paginating every block first so the footer can say "page x of y". */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "alloc.h"
#include "pdf_draw.h"

/* A4 in points, and the text column. The running header and footer sit in the margins. */
#define S_PAGE_W 595.276
#define S_PAGE_H 841.890
#define S_MARGIN 56.0
#define S_WIDTH (S_PAGE_W - 2 * S_MARGIN)
#define S_TOP 70.0
#define S_BOTTOM (S_PAGE_H - 66.0)

#define S_BODY 10.0   /* body text size */
#define S_TABLE 9.0   /* table cells */

static const double S_palette[SB_PDF_N_COLORS][3] = {
	[SB_PDF_INK] = { 0.13, 0.15, 0.18 },
	[SB_PDF_MUTED] = { 0.40, 0.43, 0.47 },
	[SB_PDF_RULE] = { 0.78, 0.80, 0.83 },
	[SB_PDF_ACCENT] = { 0.15, 0.32, 0.47 },
	[SB_PDF_ACCENT2] = { 0.82, 0.55, 0.24 },
	[SB_PDF_SHADE] = { 0.92, 0.94, 0.96 },
	[SB_PDF_ALERT] = { 0.70, 0.29, 0.20 },
	[SB_PDF_ALERT_BG] = { 0.99, 0.95, 0.93 },
	[SB_PDF_WHITE] = { 1.0, 1.0, 1.0 },
};

/* One placed run of a block's parts: block, parts [from, to), page (0-based), top. */
typedef struct {
	size_t block, from, to;
	size_t page;
	double y;
} S_piece;

/* ---- helpers shared with pdf_chart.c ---- */

void sb_pdf_plan_add(sb_pdf *p, sb_pdf_plan *plan, double height)
{
	if (p->failed)
		return;
	if (sb_grow(&plan->part, &plan->cap, plan->n_parts + 1, sizeof *plan->part) != 0) {
		p->failed = true;
		return;
	}
	plan->part[plan->n_parts++] = height;
}

void sb_pdf_set_color_alpha(sb_pdf *p, sb_pdf_color c, double alpha)
{
	cairo_set_source_rgba(p->cr, S_palette[c][0], S_palette[c][1], S_palette[c][2], alpha);
}

void sb_pdf_set_color(sb_pdf *p, sb_pdf_color c)
{
	sb_pdf_set_color_alpha(p, c, 1.0);
}

PangoLayout *sb_pdf_text(sb_pdf *p, const char *text, double size, bool bold, double width)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family_static(fd, SB_PDF_FONT);
	pango_font_description_set_size(fd, (int)lround(size * PANGO_SCALE));
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	if (!text)
		text = "";
	if (g_utf8_validate(text, -1, NULL)) {
		pango_layout_set_text(l, text, -1);
	} else {
		gchar *fixed = g_utf8_make_valid(text, -1);
		pango_layout_set_text(l, fixed, -1);
		g_free(fixed);
	}
	return l;
}

double sb_pdf_text_width(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

double sb_pdf_text_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* ---- blocks: each function measures into plan, or (plan NULL) draws parts [from, to) at y ---- */

/* The lines of l as parts (so a long paragraph may break between lines), or drawn: lines
 * [from, to) with the top of line from at y. */
static void S_lines(sb_pdf *p, PangoLayout *l, sb_pdf_plan *plan, size_t from, size_t to, double x,
                    double y)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	size_t i = 0;
	int top = 0;
	do {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		if (plan) {
			sb_pdf_plan_add(p, plan, (double)(y1 - y0) / PANGO_SCALE);
		} else if (i >= from && i < to) {
			if (i == from)
				top = y0;
			PangoRectangle logical;
			pango_layout_iter_get_line_extents(it, NULL, &logical);
			sb_pdf_show_line(p, pango_layout_iter_get_line(it),
			                 x + (double)logical.x / PANGO_SCALE,
			                 y + (double)(pango_layout_iter_get_baseline(it) - top) / PANGO_SCALE);
		}
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

void sb_pdf_show(sb_pdf *p, PangoLayout *l, double x, double y)
{
	S_lines(p, l, NULL, 0, (size_t)-1, x, y);
}

static void S_heading(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, double y)
{
	static const double size[3] = { 15.0, 12.5, 10.5 };
	static const double before[3] = { 22.0, 16.0, 11.0 };
	static const double after[3] = { 9.0, 6.0, 4.0 };
	int k = b->level < 1 ? 0 : b->level > 3 ? 2 : b->level - 1;
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
	if (plan) {
		plan->after = after;
		S_lines(p, l, plan, 0, 0, 0, 0);
		/* Two lines at least on either side of a break; shorter paragraphs move whole. */
		size_t keep = plan->n_parts >= 4 ? 2 : plan->n_parts;
		plan->keep_first = plan->keep_last = keep;
	} else {
		sb_pdf_set_color(p, color);
		S_lines(p, l, NULL, from, to, S_MARGIN, y);
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
	const double pad_y = 3.5;
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

static void S_block(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, size_t from, size_t to,
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

/* ---- pagination ---- */

typedef struct {
	sb_pdf *p;
	const sb_doc *d;
	const sb_pdf_plan *plans;
	S_piece *pieces;
	size_t n_pieces, cap;
	size_t page;
	double y;
	bool at_top;     /* nothing placed on this page yet */
	double after;    /* spacing owed after the last block placed */
} S_flow;

static void S_new_page(S_flow *f)
{
	f->page++;
	f->y = S_TOP;
	f->at_top = true;
	f->after = 0;
}

static void S_place(S_flow *f, size_t block, size_t from, size_t to, double y)
{
	if (f->p->failed)
		return;
	if (sb_grow(&f->pieces, &f->cap, f->n_pieces + 1, sizeof *f->pieces) != 0) {
		f->p->failed = true;
		return;
	}
	f->pieces[f->n_pieces++] = (S_piece){ .block = block, .from = from, .to = to,
		                              .page = f->page, .y = y };
}

static double S_sum(const sb_pdf_plan *pl, size_t from, size_t to)
{
	double h = 0;
	for (size_t i = from; i < to && i < pl->n_parts; i++)
		h += pl->part[i];
	return h;
}

/* Height that must follow block i on its page: the blocks it is kept with, and the first parts
 * of the block after them that may not be left alone. */
static double S_keep_need(const S_flow *f, size_t i)
{
	double need = 0;
	for (size_t k = i + 1; k < f->d->n_blocks; k++) {
		const sb_pdf_plan *prev = &f->plans[k - 1], *pl = &f->plans[k];
		if (f->d->blocks[k].kind == SB_BLOCK_PAGE_BREAK)
			break;
		if (pl->n_parts == 0 && pl->head == 0)
			continue;
		need += fmax(prev->after, pl->before) + pl->head;
		if (!f->d->blocks[k].keep_with_next) {
			need += S_sum(pl, 0, pl->keep_first ? pl->keep_first : 1);
			break;
		}
		need += S_sum(pl, 0, pl->n_parts);
	}
	return need;
}

static void S_flow_block(S_flow *f, size_t i)
{
	const sb_block *b = &f->d->blocks[i];
	const sb_pdf_plan *pl = &f->plans[i];
	if (b->kind == SB_BLOCK_PAGE_BREAK) {
		if (!f->at_top)
			S_new_page(f);
		return;
	}
	size_t n = pl->n_parts;
	if (n == 0 && pl->head == 0)
		return;
	if (b->keep_with_next && !f->at_top) {
		double gap = fmax(f->after, pl->before);
		double need = gap + pl->head + S_sum(pl, 0, n) + S_keep_need(f, i);
		if (f->y + need > S_BOTTOM)
			S_new_page(f);
	}
	if (n == 0) {
		double gap = f->at_top ? 0 : fmax(f->after, pl->before);
		if (!f->at_top && f->y + gap + pl->head > S_BOTTOM) {
			S_new_page(f);
			gap = 0;
		}
		S_place(f, i, 0, 0, f->y + gap);
		f->y += gap + pl->head;
		f->at_top = false;
		f->after = pl->after;
		return;
	}
	size_t j = 0;
	while (j < n && !f->p->failed) {
		double gap = f->at_top ? 0 : fmax(f->after, pl->before);
		double room = S_BOTTOM - f->y - gap - pl->head;
		size_t k = j;
		double h = 0;
		while (k < n && h + pl->part[k] <= room + 0.01)
			h += pl->part[k++];
		if (k < n) {
			size_t first = j == 0 ? pl->keep_first : 1;
			if (k - j < first)
				k = j;
			if (k > j && n - k < pl->keep_last)
				k = n - pl->keep_last > j ? n - pl->keep_last : j;
			if (k > j && k - j < first)
				k = j;
			if (k == j) {
				if (!f->at_top) {
					S_new_page(f);
					continue;
				}
				/* Taller than a whole page: break wherever it must, one part at least. */
				h = pl->part[k++];
				while (k < n && h + pl->part[k] <= room + 0.01)
					h += pl->part[k++];
			}
			h = S_sum(pl, j, k);
		}
		S_place(f, i, j, k, f->y + gap);
		f->y += gap + pl->head + h;
		f->at_top = false;
		f->after = pl->after;
		j = k;
		if (j < n)
			S_new_page(f);
	}
}

/* ---- page furniture ---- */

/* The title block on the first page; its height. */
static double S_title(sb_pdf *p, const sb_doc *d, bool draw)
{
	double y = S_TOP;
	PangoLayout *t = sb_pdf_text(p, d->title, 22.0, true, S_WIDTH);
	if (draw) {
		sb_pdf_set_color(p, SB_PDF_INK);
		sb_pdf_show(p, t, S_MARGIN, y);
	}
	y += sb_pdf_text_height(t);
	g_object_unref(t);
	if (d->subtitle && *d->subtitle) {
		PangoLayout *s = sb_pdf_text(p, d->subtitle, 12.0, false, S_WIDTH);
		y += 3.0;
		if (draw) {
			sb_pdf_set_color(p, SB_PDF_MUTED);
			sb_pdf_show(p, s, S_MARGIN, y);
		}
		y += sb_pdf_text_height(s);
		g_object_unref(s);
	}
	y += 10.0;
	if (draw) {
		sb_pdf_set_color(p, SB_PDF_ACCENT);
		cairo_rectangle(p->cr, S_MARGIN, y, 48.0, 2.0);
		cairo_fill(p->cr);
	}
	return y + 2.0 + 16.0 - S_TOP;
}

/* One line of running text in a third of the column, cut short with an ellipsis if need be. */
static void S_furniture_text(sb_pdf *p, const char *text, double x, double y, double w,
                             PangoAlignment align)
{
	PangoLayout *l = sb_pdf_text(p, text, 7.5, false, w);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l, align);
	sb_pdf_show(p, l, x, y);
	g_object_unref(l);
}

static void S_furniture(sb_pdf *p, const sb_doc *d, size_t page, size_t n_pages)
{
	const double third = S_WIDTH / 3;
	char text[160];
	cairo_set_line_width(p->cr, 0.5);
	sb_pdf_set_color(p, SB_PDF_RULE);
	cairo_move_to(p->cr, S_MARGIN, 46.0);
	cairo_line_to(p->cr, S_MARGIN + S_WIDTH, 46.0);
	cairo_move_to(p->cr, S_MARGIN, S_PAGE_H - 46.0);
	cairo_line_to(p->cr, S_MARGIN + S_WIDTH, S_PAGE_H - 46.0);
	cairo_stroke(p->cr);

	sb_pdf_set_color(p, SB_PDF_MUTED);
	S_furniture_text(p, d->title, S_MARGIN, 33.0, 2 * third, PANGO_ALIGN_LEFT);
	if (d->respondent)
		S_furniture_text(p, d->respondent, S_MARGIN + 2 * third, 33.0, third,
		                 PANGO_ALIGN_RIGHT);

	double fy = S_PAGE_H - 41.0;
	const char *who = d->respondent ? d->respondent : "";
	const char *date = d->date ? d->date : "";
	gchar *left = g_strconcat(who, *who && *date ? "  ·  " : "", date, NULL);
	S_furniture_text(p, left, S_MARGIN, fy, third, PANGO_ALIGN_LEFT);
	g_free(left);
	if (p->lang == SB_LANG_ZH)
		snprintf(text, sizeof text, "第 %zu 页，共 %zu 页", page + 1, n_pages);
	else
		snprintf(text, sizeof text, "Page %zu of %zu", page + 1, n_pages);
	S_furniture_text(p, text, S_MARGIN + third, fy, third, PANGO_ALIGN_CENTER);
	S_furniture_text(p, d->footer, S_MARGIN + 2 * third, fy, third, PANGO_ALIGN_RIGHT);
}

/* Headings of levels 1 and 2 become the PDF's outline, so a reader can jump to a section. */
static void S_outline(cairo_surface_t *s, const sb_block *b, size_t page, double y, int *h1)
{
	if (b->kind != SB_BLOCK_HEADING || b->level > 2 || !b->text ||
	    !g_utf8_validate(b->text, -1, NULL))
		return;
	char link[96];
	snprintf(link, sizeof link, "page=%zu pos=[%.1f %.1f]", page + 1, S_MARGIN, y);
	int parent = b->level == 1 || *h1 == 0 ? CAIRO_PDF_OUTLINE_ROOT : *h1;
	int id = cairo_pdf_surface_add_outline(s, parent, b->text, link,
	                                       b->level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	if (b->level == 1)
		*h1 = id;
}

/* ---- the renderer ---- */

/* LeakSanitizer reads this hook (when built with it; otherwise nothing calls it). cairo 1.16
 * loses a few hundred bytes in every PDF surface it finishes, whatever the font, and fontconfig
 * keeps its one-time set-up; neither is ours to free, and without this every sanitised run of a
 * PDF render, the command-line binary's included, would end as a leak failure. Frames in these
 * libraries are not symbolised under the default fast unwinder, so only the module can match. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}

/* Never reports failure to cairo: 1.16 crashes while finishing a surface whose stream failed.
 * A failed buffer ignores further appends and the renderer checks it once at the end. */
static cairo_status_t S_write(void *closure, const unsigned char *data, unsigned int length)
{
	sb_buf_put(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

static void S_metadata(cairo_surface_t *s, const sb_doc *d)
{
	const char *title = d->title && g_utf8_validate(d->title, -1, NULL) ? d->title : "securebase";
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "securebase");
}

sb_status sb_render_pdf(const sb_doc *d, const sb_render_opts *o, sb_buf *out, sb_diags *diags)
{
	(void)o;
	if (sb_doc_status(d) != SB_OK) {
		sb_diags_add(diags, NULL, 0, 0, "pdf: the document is incomplete");
		return SB_ERR_INTERNAL;
	}
	sb_status st = SB_ERR_INTERNAL;
	size_t start = out->len;
	sb_pdf_plan *plans = NULL;
	S_flow flow = { 0 };
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(S_write, out, S_PAGE_W, S_PAGE_H);
	cairo_t *cr = cairo_create(surface);
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	sb_pdf p = { .cr = cr, .pc = pc, .lang = d->lang };

	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		sb_diags_add(diags, NULL, 0, 0, "pdf: %s", cairo_status_to_string(cairo_status(cr)));
		goto done;
	}
	/* Sizes in points: one pango unit of font size is one unit of the page. */
	pango_cairo_context_set_resolution(pc, 72.0);
	pango_cairo_update_context(cr, pc);
	pango_context_set_language(pc, pango_language_from_string(d->lang == SB_LANG_ZH ? "zh-cn"
	                                                                                 : "en"));
	S_metadata(surface, d);

	plans = sb_calloc(d->n_blocks, sizeof *plans);
	if (!plans)
		p.failed = true;
	for (size_t i = 0; i < d->n_blocks && !p.failed; i++)
		S_block(&p, &d->blocks[i], &plans[i], 0, 0, 0);

	flow = (S_flow){ .p = &p, .d = d, .plans = plans, .page = 0, .at_top = true };
	flow.y = S_TOP + S_title(&p, d, false);
	for (size_t i = 0; i < d->n_blocks && !p.failed; i++)
		S_flow_block(&flow, i);
	if (p.failed) {
		sb_diags_add(diags, NULL, 0, 0, "pdf: out of memory");
		goto done;
	}

	size_t n_pages = flow.page + 1, k = 0;
	int h1 = 0;
	for (size_t page = 0; page < n_pages; page++) {
		S_furniture(&p, d, page, n_pages);
		if (page == 0)
			S_title(&p, d, true);
		for (; k < flow.n_pieces && flow.pieces[k].page == page; k++) {
			const S_piece *pc_ = &flow.pieces[k];
			const sb_block *b = &d->blocks[pc_->block];
			if (pc_->from == 0)
				S_outline(surface, b, page, pc_->y, &h1);
			S_block(&p, b, NULL, pc_->from, pc_->to, pc_->y);
		}
		cairo_show_page(cr);
	}
	if (p.failed) {
		sb_diags_add(diags, NULL, 0, 0, "pdf: out of memory");
		goto done;
	}
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		sb_diags_add(diags, NULL, 0, 0, "pdf: %s", cairo_status_to_string(cairo_status(cr)));
		goto done;
	}
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		sb_diags_add(diags, NULL, 0, 0, "pdf: %s",
		             cairo_status_to_string(cairo_surface_status(surface)));
		goto done;
	}
	if (out->failed) {
		sb_diags_add(diags, NULL, 0, 0, "pdf: out of memory");
		goto done;
	}
	st = SB_OK;
done:
	if (plans)
		for (size_t i = 0; i < d->n_blocks; i++)
			sb_free(plans[i].part);
	sb_free(plans);
	sb_free(flow.pieces);
	sb_pdf_faces_free(&p);
	g_object_unref(pc);
	g_object_unref(fm);
	if (cr)
		cairo_destroy(cr);
	cairo_surface_destroy(surface);
	if (st != SB_OK && out->data) {
		out->len = start;
		out->data[start] = '\0';
	}
	return st;
}

/* SPDX-License-Identifier: MIT */
/* pdf_draw.c — the PDF renderer's drawing primitives, below its blocks, charts and paginator:
 * plans, the palette, text layouts and how they are shown (through pdf_glyphs.c). */
#include "render/pdf/pdf_draw.h"

#include <math.h>

#include "base/alloc.h"

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

/* ---- plans and colours ---- */

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

/* ---- text ---- */

PangoLayout *sb_pdf_text(sb_pdf *p, const char *text, double size, bool bold, double width)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family_static(fd, p->lang == SB_LANG_ZH ? SB_PDF_FONT_ZH
	                                                                   : SB_PDF_FONT_EN);
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

/* The lines of l as parts (so a long paragraph may break between lines), or drawn: lines
 * [from, to) with the top of line from at y. */
void sb_pdf_lines(sb_pdf *p, PangoLayout *l, sb_pdf_plan *plan, size_t from, size_t to,
                  double x, double y)
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
	sb_pdf_lines(p, l, NULL, 0, (size_t)-1, x, y);
}


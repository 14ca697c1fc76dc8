/* SPDX-License-Identifier: MIT */
/* pdf_draw.c — the PDF renderer's drawing primitives, below its blocks, charts and paginator:
 * plans, the palette, text layouts and how they are shown (through pdf_glyphs.c). */
#include "render/pdf/pdf_draw.h"

#include <math.h>
#include <string.h>

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

/* Sets l's runs of visible ASCII in the Latin font (see pdf_draw.h). */
static void S_latin_runs(PangoLayout *l, const char *text)
{
	PangoAttrList *attrs = NULL;
	for (const char *c = text; *c;) {
		if (*c < 0x21 || *c > 0x7E) {
			c++;
			continue;
		}
		const char *start = c;
		while (*c >= 0x21 && *c <= 0x7E)
			c++;
		if (!attrs)
			attrs = pango_attr_list_new();
		PangoAttribute *a = pango_attr_family_new(SB_PDF_FONT_LATIN);
		a->start_index = (guint)(start - text);
		a->end_index = (guint)(c - text);
		pango_attr_list_insert(attrs, a);
	}
	if (attrs) {
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
}

static PangoLayout *S_layout(sb_pdf *p, const char *text, double size, bool bold, double width);

/* Every block is laid out twice, once to plan the pages and once to draw them, and the running
 * header and footer once per page: sb_pdf_text keeps each layout it makes, by its text and
 * settings, and hands the same one out again (shaping is most of a PDF's time after the fonts).
 * What a caller may have changed on it (alignment, ellipsis, height, attributes) is set back. */
struct sb_pdf_laid {
	char *text; /* NULL: an empty slot */
	double size, width;
	bool bold;
	PangoLayout *l;
	PangoAttrList *attrs; /* what sb_pdf_text set, or NULL */
};

static size_t S_laid_hash(const char *text, double size, bool bold, double width)
{
	size_t h = (size_t)1469598103934665603ULL;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		h = (h ^ *c) * (size_t)1099511628211ULL;
	h ^= (size_t)lround(size * 64) * 31 + (size_t)lround(width * 64) * 7 + bold;
	return h * (size_t)0x9E3779B97F4A7C15ULL;
}

static struct sb_pdf_laid *S_laid_find(sb_pdf *p, const char *text, double size, bool bold,
                                       double width)
{
	if (!p->cap_laid)
		return NULL;
	size_t mask = p->cap_laid - 1;
	for (size_t i = S_laid_hash(text, size, bold, width) & mask;; i = (i + 1) & mask) {
		struct sb_pdf_laid *e = &p->laid[i];
		if (!e->text || (e->size == size && e->width == width && e->bold == bold &&
		                 strcmp(e->text, text) == 0))
			return e;
	}
}

/* Keeps l for text (a new entry); gives up quietly when memory runs out. */
static void S_laid_keep(sb_pdf *p, const char *text, double size, bool bold, double width,
                        PangoLayout *l)
{
	if (2 * (p->n_laid + 1) > p->cap_laid) {
		size_t cap = p->cap_laid ? 2 * p->cap_laid : 256;
		struct sb_pdf_laid *old = p->laid, *t = sb_calloc(cap, sizeof *t);
		if (!t)
			return;
		size_t n = p->cap_laid;
		p->laid = t;
		p->cap_laid = cap;
		for (size_t i = 0; i < n; i++)
			if (old[i].text)
				*S_laid_find(p, old[i].text, old[i].size, old[i].bold, old[i].width) = old[i];
		sb_free(old);
	}
	char *copy = sb_strdup(text);
	if (!copy)
		return;
	struct sb_pdf_laid *e = S_laid_find(p, text, size, bold, width);
	PangoAttrList *attrs = pango_layout_get_attributes(l);
	*e = (struct sb_pdf_laid){ .text = copy, .size = size, .width = width, .bold = bold,
		                   .l = g_object_ref(l), .attrs = attrs ? pango_attr_list_ref(attrs) : NULL };
	p->n_laid++;
}

void sb_pdf_laid_free(sb_pdf *p)
{
	for (size_t i = 0; i < p->cap_laid; i++) {
		if (!p->laid[i].text)
			continue;
		sb_free(p->laid[i].text);
		g_object_unref(p->laid[i].l);
		if (p->laid[i].attrs)
			pango_attr_list_unref(p->laid[i].attrs);
	}
	sb_free(p->laid);
	p->laid = NULL;
	p->n_laid = p->cap_laid = 0;
}

PangoLayout *sb_pdf_text(sb_pdf *p, const char *text, double size, bool bold, double width)
{
	if (!text)
		text = "";
	struct sb_pdf_laid *e = S_laid_find(p, text, size, bold, width);
	if (e && e->text) {
		PangoLayout *l = e->l;
		/* the setters leave the layout as it is when nothing changes */
		pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
		pango_layout_set_height(l, -1);
		if (pango_layout_get_attributes(l) != e->attrs)
			pango_layout_set_attributes(l, e->attrs);
		return g_object_ref(l);
	}
	PangoLayout *l = S_layout(p, text, size, bold, width);
	S_laid_keep(p, text, size, bold, width, l);
	return l;
}

static PangoLayout *S_layout(sb_pdf *p, const char *text, double size, bool bold, double width)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family_static(fd, p->lang == SB_LANG_ZH ? sb_pdf_font_cjk()
	                                                                   : sb_pdf_font_en());
	pango_font_description_set_size(fd, (int)lround(size * PANGO_SCALE));
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	gchar *fixed = g_utf8_validate(text, -1, NULL) ? NULL : g_utf8_make_valid(text, -1);
	if (fixed)
		text = fixed;
	pango_layout_set_text(l, text, -1);
	if (p->lang == SB_LANG_ZH)
		S_latin_runs(l, text);
	g_free(fixed);
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


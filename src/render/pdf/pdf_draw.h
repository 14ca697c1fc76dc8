/* SPDX-License-Identifier: MIT */
/* pdf_draw.h — private to the PDF renderer: the drawing context and what its files share. Only
 * built with SECUREBASE_WITH_PDF. Each file uses only those below it (tests/test_layers.c):
 *   render_pdf.c  the renderer: measures, paginates and draws every block, header and footer
 *   pdf_blocks.c  blocks: headings, paragraphs, lists, tables, write areas; charts through
 *   pdf_chart.c   the style and profile charts
 *   pdf_draw.c    primitives: plans, the palette, text layouts, showing them
 *   pdf_glyphs.c  one line of glyphs onto the page (fonts cairo would embed broken)
 *   pdf_fonts.c   the family lists, and the CJK faces cut down once per process */
#ifndef SB_PDF_DRAW_H
#define SB_PDF_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "report/doc.h"

/* A4 in points, and the text column. */
#define SB_PDF_PAGE_W 595.276
#define SB_PDF_PAGE_H 841.890
#define SB_PDF_MARGIN 56.0
#define SB_PDF_WIDTH (SB_PDF_PAGE_W - 2 * SB_PDF_MARGIN)

/* The fonts. Western text (ASCII) is set in DejaVu Sans, the rest in Noto Sans CJK SC: in an
 * English report by the family list (DejaVu Sans first, Noto Sans CJK SC for the few Chinese
 * characters of the article's title), in a Chinese report by marking its runs of ASCII (so CJK
 * punctuation and quotes stay full width, in the CJK font). DejaVu Sans is TrueType, which cairo
 * subsets to the glyphs used; a subset of the CFF font Noto Sans CJK SC that holds some of its
 * Latin glyphs (K and F beside any Chinese character are enough) keeps the whole 872 KB of local
 * subroutines of its ideographs' font dict, which every PDF then compresses: an English report
 * was 948 KB, a Chinese one 1.1 MB. */
#define SB_PDF_FONT_LATIN "DejaVu Sans"
#define SB_PDF_FONT_CJK "Noto Sans CJK SC"
#define SB_PDF_FONT_EN SB_PDF_FONT_LATIN ", " SB_PDF_FONT_CJK
/* The family of the cut-down CJK faces (pdf_fonts.c), named before SB_PDF_FONT_CJK once made. */
#define SB_PDF_FONT_SUBSET "securebase CJK SC"

/* Before the first PDF of the process, once: cuts the CJK faces down to the characters of the
 * embedded bank, the labels and the first document. Never fails: without the cut faces the lists
 * name the whole font. Then the family lists of a Chinese and of an English document (static
 * strings). */
void sb_pdf_fonts_setup(const sb_doc *first);
const char *sb_pdf_font_cjk(void);
const char *sb_pdf_font_en(void);

typedef struct sb_pdf_face sb_pdf_face; /* what pdf_glyphs.c knows about one font file */

typedef struct {
	cairo_t *cr;
	PangoContext *pc;
	sb_lang lang;
	bool failed; /* an sb_* allocation failed; the render gives up at the next check */
	sb_pdf_face *faces;
	size_t n_faces, cap_faces;
	struct sb_pdf_laid *laid; /* sb_pdf_text's layouts, kept for the document's second pass */
	size_t n_laid, cap_laid;  /* (cap_laid: a power of two, or 0) */
} sb_pdf;

/* The palette: calm, and distinct in greyscale (the series differ in lightness, not hue only). */
typedef enum {
	SB_PDF_INK,       /* body text */
	SB_PDF_MUTED,     /* secondary text */
	SB_PDF_RULE,      /* hairlines */
	SB_PDF_ACCENT,    /* headings, first series, first point */
	SB_PDF_ACCENT2,   /* second series, second point */
	SB_PDF_SHADE,     /* table header */
	SB_PDF_ALERT,     /* alert rule */
	SB_PDF_ALERT_BG,  /* alert box */
	SB_PDF_WHITE,
	SB_PDF_N_COLORS
} sb_pdf_color;

/* How a block takes vertical space: the paginator may break between parts only. head is drawn
 * again above every continuation (a table's header row, a chart's legend). keep_first and
 * keep_last parts never go to a page on their own (orphans and widows; n_parts: never split). */
typedef struct {
	double before, after; /* spacing around the block; adjacent spacings collapse to the larger */
	double head;
	double *part;
	size_t n_parts, cap;
	size_t keep_first, keep_last;
} sb_pdf_plan;

/* ---- pdf_draw.c ---- */

/* Adds a part of the given height to plan (p->failed when out of memory). */
void sb_pdf_plan_add(sb_pdf *p, sb_pdf_plan *plan, double height);

void sb_pdf_set_color(sb_pdf *p, sb_pdf_color c);
void sb_pdf_set_color_alpha(sb_pdf *p, sb_pdf_color c, double alpha);
/* A layout of plain text (never markup): size in points, wrapped to width when width > 0.
 * Invalid UTF-8 is repaired rather than handed to pango, which would print a warning. The same
 * text and settings give the same layout again (kept until sb_pdf_laid_free), with alignment,
 * ellipsis, height and attributes set back: a caller sets what it changes each time, and uses a
 * layout before it asks for the same text again. The caller unrefs what it gets. */
PangoLayout *sb_pdf_text(sb_pdf *p, const char *text, double size, bool bold, double width);
double sb_pdf_text_width(PangoLayout *l);
double sb_pdf_text_height(PangoLayout *l);
/* Draws l with its top-left corner at (x, y) in the current colour. */
void sb_pdf_show(sb_pdf *p, PangoLayout *l, double x, double y);
/* The lines of l as parts of plan (so a long paragraph may break between lines), or without a
 * plan, lines [from, to) drawn with the top of line from at y and their left at x. */
void sb_pdf_lines(sb_pdf *p, PangoLayout *l, sb_pdf_plan *plan, size_t from, size_t to,
                  double x, double y);

/* ---- pdf_blocks.c ---- */

/* A block of the document: with a plan, measured into it; without, parts
 * [from, to) drawn with their top at y. */
void sb_pdf_block(sb_pdf *p, const sb_block *b, sb_pdf_plan *plan, size_t from, size_t to,
                  double y);

/* ---- pdf_glyphs.c ---- */

/* Draws one line of a layout with its baseline origin at (x, baseline). Glyphs that cairo 1.16
 * would embed broken are drawn as outlines instead, their text kept for extraction (pdf_glyphs.c). */
void sb_pdf_show_line(sb_pdf *p, PangoLayoutLine *line, double x, double baseline);
void sb_pdf_faces_free(sb_pdf *p);
/* Drops the layouts sb_pdf_text keeps (pdf_draw.c). */
void sb_pdf_laid_free(sb_pdf *p);

/* ---- pdf_chart.c ---- */

/* Charts. With a plan: measure into it (x, y, from, to unused). Without: draw, the chart's top at
 * y, in the column [x, x + width). The style chart is one part; the profile chart has one part
 * per scale and its legend as head. */
void sb_pdf_style_chart(sb_pdf *p, const sb_style_chart *c, sb_pdf_plan *plan, double x, double y,
                        double width);
void sb_pdf_profile_chart(sb_pdf *p, const sb_profile_chart *c, sb_pdf_plan *plan, size_t from,
                          size_t to, double x, double y, double width);

#endif

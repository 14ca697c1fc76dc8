/* SPDX-License-Identifier: MIT */
/* render_pdf.c — the PDF renderer: lays the document model out on A4 pages with pango and cairo,
 * measuring and paginating every block first so the footer can say "page x of y". */
#include "render/render.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/alloc.h"
#include "base/labels.h"
#include "render/pdf/pdf_draw.h"

#define S_PAGE_W SB_PDF_PAGE_W
#define S_PAGE_H SB_PDF_PAGE_H
#define S_MARGIN SB_PDF_MARGIN
#define S_WIDTH SB_PDF_WIDTH
#define S_TOP 70.0                 /* the text column, below the running header */
#define S_BOTTOM (S_PAGE_H - 66.0) /* and above the footer */

/* One placed run of a block's parts: block, parts [from, to), page (0-based), top. */
typedef struct {
	size_t block, from, to;
	size_t page;
	double y;
} S_piece;

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
	cairo_move_to(p->cr, S_MARGIN, S_PAGE_H - 58.0);
	cairo_line_to(p->cr, S_MARGIN + S_WIDTH, S_PAGE_H - 58.0);
	cairo_stroke(p->cr);

	sb_pdf_set_color(p, SB_PDF_MUTED);
	S_furniture_text(p, d->title, S_MARGIN, 33.0, 2 * third, PANGO_ALIGN_LEFT);
	if (d->respondent)
		S_furniture_text(p, d->respondent, S_MARGIN + 2 * third, 33.0, third,
		                 PANGO_ALIGN_RIGHT);

	/* Who and when on the left, the page on the right; beneath, the bank's footer (title,
	 * version, sources) across the whole width, in up to two lines rather than cut short. */
	double fy = S_PAGE_H - 53.0;
	const char *who = d->respondent ? d->respondent : "";
	const char *date = d->date ? d->date : "";
	gchar *left = g_strconcat(who, *who && *date ? "  ·  " : "", date, NULL);
	S_furniture_text(p, left, S_MARGIN, fy, 2 * third, PANGO_ALIGN_LEFT);
	g_free(left);
	snprintf(text, sizeof text, sb_label_text(p->lang, SB_LABEL_PAGE_OF), page + 1, n_pages);
	S_furniture_text(p, text, S_MARGIN + 2 * third, fy, third, PANGO_ALIGN_RIGHT);
	if (d->footer && *d->footer) {
		PangoLayout *l = sb_pdf_text(p, d->footer, 6.5, false, S_WIDTH);
		pango_layout_set_height(l, -2); /* two lines at most, then an ellipsis */
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		sb_pdf_show(p, l, S_MARGIN, fy + 11.0);
		g_object_unref(l);
	}
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
#if defined(__SANITIZE_ADDRESS__)
#define S_LSAN_HOOK __attribute__((visibility("default"))) /* found by the runtime at exit */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define S_LSAN_HOOK __attribute__((visibility("default")))
#endif
#endif
#ifndef S_LSAN_HOOK
#define S_LSAN_HOOK
#endif
S_LSAN_HOOK const char *__lsan_default_suppressions(void);
S_LSAN_HOOK const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}

/* Nor list the suppressions used on stderr at exit, which tests of the binary's output read. */
S_LSAN_HOOK const char *__lsan_default_options(void);
S_LSAN_HOOK const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

/* ---- set-up, once per process ----
 *
 * Where a PDF report's time went (perf, one report of the test data, 2026-12): 490 ms of CPU, of
 * which about 45% in the kernel on 15,000 page faults and 25% in memcpy. cairo 1.16 copies the
 * whole 'CFF ' table of each CFF font it embeds (15.5 MB for Noto Sans CJK Regular, 16 MB for Bold)
 * into freshly allocated memory four times per PDF: once per font while the pages are drawn (to see
 * whether it is a CID font) and once per font to subset it when the surface is finished. glibc
 * gives each such block fresh pages from mmap and unmaps them on free, so every PDF faulted in
 * 62 MB page by page. Two changes, none visible in the output:
 *  - the program (not this library, which leaves the process's allocator alone: see
 *    S_heap_for_pdf in src/cli/main.c) has glibc keep such blocks in its heap, backed by huge
 *    pages, so the four copies reuse the same memory;
 *  - the font map (fontconfig's font list, the opened font files, harfbuzz faces) is made once
 *    and kept for the process instead of once per PDF.
 * After this, one report takes about half the CPU time (see docs/performance.md). Later the
 * copies themselves went: the CJK faces are cut down to the characters used (pdf_fonts.c). */
static pthread_mutex_t S_setup_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *S_fontmap; /* kept until the process ends */

static void S_setup(const sb_doc *first)
{
	pthread_mutex_lock(&S_setup_lock);
	if (!S_fontmap) {
		sb_pdf_fonts_setup(first); /* before the font map reads fontconfig's list */
		S_fontmap = pango_cairo_font_map_new();
	}
	pthread_mutex_unlock(&S_setup_lock);
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
	S_setup(d);
	PangoContext *pc = pango_font_map_create_context(S_fontmap);
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
		sb_pdf_block(&p, &d->blocks[i], &plans[i], 0, 0, 0);

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
			sb_pdf_block(&p, b, NULL, pc_->from, pc_->to, pc_->y);
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
	sb_pdf_laid_free(&p);
	g_object_unref(pc);
	if (cr)
		cairo_destroy(cr);
	cairo_surface_destroy(surface);
	if (st != SB_OK && out->data) {
		out->len = start;
		out->data[start] = '\0';
	}
	return st;
}

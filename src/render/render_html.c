/* SPDX-License-Identifier: MIT */
/* render_html.c — the document as one self-contained HTML5 file (XML-well-formed, polyglot):
 * inline CSS for screen and A4 print, inline SVG charts, no scripts, no external resources. */
#include "render/render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/escape_html.h"
#include "render/text_charts.h"
#include "base/labels.h"
#include "base/textwidth.h"

typedef struct {
	const sb_doc *d;
	sb_buf *out;
	size_t chart;    /* charts so far: SVG ids must be unique in the file */
	bool failed;
} S_ctx;

/* Kept in pieces: C compilers need not take string literals over 4095 characters. */
static const char S_css_screen[] =
	"@page { size: A4; margin: 15mm 15mm 17mm 15mm;\n"
	"  @bottom-right { content: counter(page) \" / \" counter(pages); font-size: 8pt;"
	" color: #7b8794; } }\n"
	":root { --ink: #1f2933; --muted: #52606d; --faint: #7b8794; --line: #d3d9e0;"
	" --accent: #2b6a8a; --alert: #c46a1b; --alert-bg: #fdf4e7; }\n"
	"* { box-sizing: border-box; }\n"
	"html { background: #eef1f4; }\n"
	"body { margin: 2rem auto; max-width: 48rem; padding: 2.5rem 3rem 2rem; background: #fff;"
	" color: var(--ink); border-radius: 6px; box-shadow: 0 1px 4px rgba(31,41,51,.12);\n"
	"  font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\","
	" \"Microsoft YaHei\", \"Noto Sans\", \"Helvetica Neue\", Arial, sans-serif;\n"
	"  font-size: 16px; line-height: 1.7; -webkit-print-color-adjust: exact;"
	" print-color-adjust: exact; }\n"
	"header.doc { border-bottom: 2px solid var(--accent); padding-bottom: .8rem;"
	" margin-bottom: 1.5rem; }\n"
	"header.doc h1 { font-size: 1.8rem; line-height: 1.3; margin: 0 0 .3rem;"
	" color: var(--accent); }\n"
	".subtitle { margin: 0; color: var(--muted); font-size: 1.05rem; }\n"
	"dl.meta { display: flex; flex-wrap: wrap; gap: .2rem 1.8rem; margin: .6rem 0 0;"
	" font-size: .9rem; color: var(--muted); }\n"
	"dl.meta div { display: flex; gap: .4rem; }\n"
	"dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }\n"
	"h2 { font-size: 1.35rem; line-height: 1.35; color: var(--accent); margin: 2.2rem 0 .6rem;"
	" padding-bottom: .2rem; border-bottom: 1px solid var(--line); }\n"
	"h3 { font-size: 1.12rem; line-height: 1.4; margin: 1.6rem 0 .4rem; }\n"
	"h4 { font-size: 1rem; line-height: 1.4; margin: 1.2rem 0 .3rem; color: var(--muted); }\n"
	"p { margin: .6rem 0; }\n"
	"p.lead { font-size: 1.1rem; }\n"
	".note { color: var(--muted); font-size: .92rem; }\n"
	".small { color: var(--faint); font-size: .8rem; }\n"
	".alert { border-left: 4px solid var(--alert); background: var(--alert-bg);"
	" padding: .7rem 1rem; margin: 1rem 0; border-radius: 0 4px 4px 0; }\n"
	".alert p { margin: .3rem 0; }\n"
	"ul, ol { padding-left: 1.6rem; margin: .6rem 0; } li { margin: .3rem 0; }\n"
	"dl.kv { display: grid; grid-template-columns: minmax(6rem, max-content) 1fr;"
	" gap: .35rem 1.4rem; margin: .8rem 0; }\n"
	"dl.kv dt { font-weight: 600; color: var(--muted); } dl.kv dd { margin: 0; }\n"
	"table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .92rem; }\n"
	"th, td { padding: .35rem .55rem; border-bottom: 1px solid var(--line); text-align: left;"
	" vertical-align: top; }\n"
	"td { overflow-wrap: anywhere; }\n"
	"th { border-bottom: 2px solid var(--muted); font-weight: 600; }\n"
	"th.r, td.r { text-align: right; font-variant-numeric: tabular-nums; }\n"
	"th.c, td.c { text-align: center; }\n"
	"figure.chart { margin: 1.2rem 0; }\n"
	"figure.chart svg { display: block; width: 100%; height: auto; margin: 0 auto; }\n"
	"figure.style svg { max-width: 30rem; }\n"
	"figcaption { font-size: .88rem; color: var(--muted); margin-top: .4rem; }\n"
	"figcaption ul { list-style: none; padding: 0; margin: .2rem 0; }\n"
	".write { margin: 1rem 0; }\n"
	".write .label { margin: 0 0 .2rem; }\n"
	".write .line { display: block; height: 2.3rem; border-bottom: 1px solid var(--muted); }\n"
	".write.inline { display: flex; align-items: flex-end; gap: .6rem; }\n"
	".write.inline .line { flex: 1; height: 1.7rem; }\n"
	"hr.page-break { border: 0; border-top: 1px dashed var(--line); margin: 2.5rem 0; }\n"
	"footer.doc { margin-top: 2.5rem; padding-top: .7rem; border-top: 1px solid var(--line);"
	" color: var(--faint); font-size: .85rem; }\n";

/* A4 paper: headings stay with what follows, charts and short tables stay whole. */
static const char S_css_print[] =
	"@media print {\n"
	"  html { background: none; }\n"
	"  body { margin: 0; max-width: none; padding: 0; border-radius: 0; box-shadow: none;"
	" font-size: 10pt; line-height: 1.5; }\n"
	"  h2, h3, h4, .keep { break-after: avoid; page-break-after: avoid; }\n"
	"  header.doc { margin-bottom: 1rem; }\n"
	"  h2 { margin: 1.2rem 0 .4rem; } h3 { margin: 1rem 0 .3rem; } h4 { margin: .8rem 0 .2rem; }\n"
	"  p { margin: .4rem 0; } li { margin: .15rem 0; }\n"
	"  figure.chart { margin: .6rem 0; }\n"
	"  figure.style svg { max-width: 24rem; }\n"
	"  figure.profile svg { max-width: 36rem; margin: 0; }\n"
	"  figure.chart, table.whole, dl.kv, .alert, .write, tr, li { break-inside: avoid;"
	" page-break-inside: avoid; }\n"
	"  hr.page-break { break-before: page; page-break-before: always; border: 0; margin: 0; }\n"
	"  p { orphans: 3; widows: 3; }\n"
	"}\n";

static void S_esc(S_ctx *c, const char *s)
{
	sb_html_escape_str(c->out, s);
}

/* Escaped text where a newline is a line break. */
static void S_esc_lines(S_ctx *c, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			if (from)
				sb_buf_puts(c->out, "<br/>");
			sb_html_escape(c->out, s + from, i - from);
			from = i + 1;
		}
	}
}

/* Each paragraph of text (split at blank lines) as <p class="cls">. */
static void S_paras(S_ctx *c, const char *text, const char *cls, bool keep)
{
	const char *p = text ? text : "";
	bool any = false;
	while (*p || !any) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n > 0 && p[n - 1] == '\n')
			n--;
		const char *next = p + n;
		while (*next == '\n')
			next++;
		/* a part of only spaces is no paragraph (as in Markdown), unless it is all there is */
		size_t a = 0;
		while (a < n && (p[a] == ' ' || p[a] == '\t' || p[a] == '\n'))
			a++;
		if (a < n || (!any && !*next)) {
			sb_buf_puts(c->out, "<p");
			if (cls || keep)
				sb_buf_printf(c->out, " class=\"%s%s%s\"", cls ? cls : "",
				              cls && keep ? " " : "", keep ? "keep" : "");
			sb_buf_putc(c->out, '>');
			S_esc_lines(c, p, n);
			sb_buf_puts(c->out, "</p>\n");
			any = true;
		}
		p = next;
	}
}

static void S_paragraph(S_ctx *c, const sb_block *b)
{
	static const char *const cls[] = {
		[SB_TONE_NORMAL] = NULL, [SB_TONE_LEAD] = "lead", [SB_TONE_NOTE] = "note",
		[SB_TONE_ALERT] = NULL, [SB_TONE_SMALL] = "small",
	};
	if (b->tone == SB_TONE_ALERT) {
		sb_buf_printf(c->out, "<div class=\"alert%s\" role=\"note\">\n",
		              b->keep_with_next ? " keep" : "");
		S_paras(c, b->text, NULL, false);
		sb_buf_puts(c->out, "</div>\n");
		return;
	}
	S_paras(c, b->text, (size_t)b->tone < 5 ? cls[b->tone] : NULL, b->keep_with_next);
}

static void S_list(S_ctx *c, const sb_block *b)
{
	const char *tag = b->ordered ? "ol" : "ul";
	sb_buf_printf(c->out, "<%s%s>\n", tag, b->keep_with_next ? " class=\"keep\"" : "");
	for (size_t i = 0; i < b->n_items; i++) {
		sb_buf_puts(c->out, "<li>");
		S_esc_lines(c, b->items[i], strlen(b->items[i]));
		sb_buf_puts(c->out, "</li>\n");
	}
	sb_buf_printf(c->out, "</%s>\n", tag);
}

static void S_kv(S_ctx *c, const sb_block *b)
{
	sb_buf_printf(c->out, "<dl class=\"kv%s\">\n", b->keep_with_next ? " keep" : "");
	for (size_t i = 0; i + 1 < b->n_items; i += 2) {
		sb_buf_puts(c->out, "<dt>");
		S_esc(c, b->items[i]);
		sb_buf_puts(c->out, "</dt><dd>");
		S_esc_lines(c, b->items[i + 1], strlen(b->items[i + 1]));
		sb_buf_puts(c->out, "</dd>\n");
	}
	sb_buf_puts(c->out, "</dl>\n");
}

static const char *S_align_class(const sb_block *b, size_t col)
{
	sb_align a = b->align ? b->align[col] : SB_ALIGN_LEFT;
	return a == SB_ALIGN_RIGHT ? " class=\"r\"" : a == SB_ALIGN_CENTER ? " class=\"c\"" : "";
}

static void S_table(S_ctx *c, const sb_block *b)
{
	size_t nc = b->n_cols;
	if (nc == 0)
		return;
	size_t nrows = (b->n_items + nc - 1) / nc;
	/* a short table is kept on one page; a long one may break between rows */
	bool whole = nrows <= 12;
	const char *cls = whole ? (b->keep_with_next ? " class=\"whole keep\"" : " class=\"whole\"")
	                        : (b->keep_with_next ? " class=\"keep\"" : "");
	sb_buf_printf(c->out, "<table%s>\n<thead>\n<tr>", cls);
	for (size_t col = 0; col < nc; col++) {
		sb_buf_printf(c->out, "<th%s>", S_align_class(b, col));
		if (col < b->n_items)
			S_esc(c, b->items[col]);
		sb_buf_puts(c->out, "</th>");
	}
	sb_buf_puts(c->out, "</tr>\n</thead>\n<tbody>\n");
	for (size_t r = 1; r < nrows; r++) {
		sb_buf_puts(c->out, "<tr>");
		for (size_t col = 0; col < nc; col++) {
			size_t i = r * nc + col;
			sb_buf_printf(c->out, "<td%s>", S_align_class(b, col));
			if (i < b->n_items)
				S_esc_lines(c, b->items[i], strlen(b->items[i]));
			sb_buf_puts(c->out, "</td>");
		}
		sb_buf_puts(c->out, "</tr>\n");
	}
	sb_buf_puts(c->out, "</tbody>\n</table>\n");
}

static void S_write_area(S_ctx *c, const sb_block *b)
{
	bool label = b->text && *b->text;
	if (b->lines <= 1) {
		sb_buf_puts(c->out, "<div class=\"write inline\">");
		if (label) {
			sb_buf_puts(c->out, "<span class=\"label\">");
			S_esc(c, b->text);
			sb_buf_puts(c->out, "</span>");
		}
		sb_buf_puts(c->out, "<span class=\"line\"></span></div>\n");
		return;
	}
	sb_buf_puts(c->out, "<div class=\"write\">\n");
	if (label) {
		sb_buf_puts(c->out, "<p class=\"label\">");
		S_esc_lines(c, b->text, strlen(b->text));
		sb_buf_puts(c->out, "</p>\n");
	}
	for (size_t i = 0; i < b->lines; i++)
		sb_buf_puts(c->out, "<span class=\"line\"></span>\n");
	sb_buf_puts(c->out, "</div>\n");
}

/* ---- SVG ---- */

/* Appends text as <tspan> lines wrapped to about cols columns (a CJK character is two). Returns
 * the number of lines. */
static size_t S_svg_lines(S_ctx *c, const char *text, size_t cols, double x, double dy,
                          size_t max_lines)
{
	sb_buf t = { 0 };
	sb_spans sp = { 0 };
	size_t n = 0;
	if (text)
		sb_text_sanitize(&t, text, strlen(text), false);
	if (t.failed || sb_wrap(t.data, t.len, cols, &sp) != 0) {
		c->failed = true;
	} else {
		n = sp.n < max_lines ? sp.n : max_lines;
		for (size_t i = 0; i < n; i++) {
			sb_buf_printf(c->out, "<tspan x=\"%.1f\" dy=\"%.1f\">", x, i ? dy : 0.0);
			sb_html_escape(c->out, t.data + sp.v[i].off, sp.v[i].len);
			if (i + 1 == n && n < sp.n)
				sb_buf_puts(c->out, "\xE2\x80\xA6"); /* the rest did not fit */
			sb_buf_puts(c->out, "</tspan>");
		}
	}
	sb_buf_free(&t);
	sb_spans_free(&sp);
	return n;
}

/* Lines text would take when wrapped to cols columns. */
static size_t S_count_lines(S_ctx *c, const char *text, size_t cols)
{
	sb_buf t = { 0 };
	sb_spans sp = { 0 };
	size_t n = 0;
	if (text)
		sb_text_sanitize(&t, text, strlen(text), false);
	if (t.failed || sb_wrap(t.data, t.len, cols, &sp) != 0)
		c->failed = true;
	else
		n = sp.n;
	sb_buf_free(&t);
	sb_spans_free(&sp);
	return n;
}

/* Where v lies in [lo, hi], from 0 to 1; 0 for anything not a number, so no NaN reaches SVG. */
static double S_frac(double v, double lo, double hi)
{
	if (!isfinite(v) || !isfinite(lo) || !isfinite(hi) || !(hi > lo))
		return 0;
	double f = (v - lo) / (hi - lo);
	return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* The two series (or partners) of a chart: blue, then orange. */
static const char *const S_series_fill[2] = { "#2b6a8a", "#d9822b" };

/* Style plane geometry (SVG user units). */
#define S_SW 520.0
#define S_SH 450.0
#define S_PL 64.0
#define S_PR 500.0
#define S_PT 20.0
#define S_PB 384.0

/* A point of the style plane in SVG units. */
static double S_plane_x(const sb_style_chart *ch, double v)
{
	return S_PL + S_frac(v, ch->x_min, ch->x_max) * (S_PR - S_PL);
}

static double S_plane_y(const sb_style_chart *ch, double v)
{
	return S_PB - S_frac(v, ch->y_min, ch->y_max) * (S_PB - S_PT);
}

/* The figure and the SVG element opened, with its title and the arrowhead marker. */
static void S_style_open(S_ctx *c, const sb_style_chart *ch, size_t id)
{
	sb_buf_puts(c->out, "<figure class=\"chart style\">\n");
	sb_buf_printf(c->out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\""
	              " width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-labelledby=\"sb-c%zu-t\">\n",
	              S_SW, S_SH, S_SW, S_SH, id);
	sb_buf_printf(c->out, "<title id=\"sb-c%zu-t\">", id);
	S_esc(c, ch->x_label);
	sb_buf_puts(c->out, " / ");
	S_esc(c, ch->y_label);
	sb_buf_puts(c->out, "</title>\n");
	sb_buf_printf(c->out, "<defs><marker id=\"sb-c%zu-arrow\" viewBox=\"0 0 10 10\" refX=\"9\""
	              " refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
	              "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#2b6a8a\"/></marker></defs>\n", id);
}

/* The four regions, tinted and named in their outer corners. */
static void S_style_regions(S_ctx *c, const sb_style_chart *ch, double xcut, double ycut)
{
	static const char *const tint[4] = { "#e2f1e8", "#fcefd9", "#e1ecf7", "#f8e3e6" };
	static const struct {
		int style;
		bool right, bottom;
	} quad[] = {
		{ 0 /* SB_STYLE_SECURE */, false, true }, { 1 /* PREOCCUPIED */, false, false },
		{ 2 /* DISMISSIVE */, true, true }, { 3 /* FEARFUL */, true, false },
	};
	for (size_t q = 0; q < 4; q++) {
		double x0 = quad[q].right ? xcut : S_PL, x1 = quad[q].right ? S_PR : xcut;
		double y0 = quad[q].bottom ? ycut : S_PT, y1 = quad[q].bottom ? S_PB : ycut;
		sb_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
		              " fill=\"%s\"/>\n", x0, y0, x1 - x0, y1 - y0, tint[quad[q].style]);
	}
	for (size_t q = 0; q < 4; q++) {
		double x0 = quad[q].right ? xcut : S_PL, x1 = quad[q].right ? S_PR : xcut;
		double y0 = quad[q].bottom ? ycut : S_PT, y1 = quad[q].bottom ? S_PB : ycut;
		double w = x1 - x0 - 16;
		if (w < 30 || y1 - y0 < 20)
			continue;
		size_t cols = (size_t)(w / 7.0); /* 13px text: about 7 units a column */
		const char *name = ch->region[quad[q].style];
		size_t max_lines = (size_t)((y1 - y0 - 8) / 17.0);
		size_t n = S_count_lines(c, name, cols);
		if (n > max_lines)
			n = max_lines;
		double tx = quad[q].right ? x1 - 8 : x0 + 8;
		double ty = quad[q].bottom ? y1 - 10 - 17.0 * (double)(n ? n - 1 : 0) : y0 + 20;
		sb_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" font-weight=\"600\""
		              " fill=\"#3e4c59\" text-anchor=\"%s\">", tx, ty,
		              quad[q].right ? "end" : "start");
		S_svg_lines(c, name, cols, tx, 17, n);
		sb_buf_puts(c->out, "</text>\n");
	}
}

/* An axis's ticks: every whole number on a short whole range, else the ends and the cut-off;
 * how many. */
static size_t S_style_ticks(double lo, double cut, double hi, double t[16])
{
	double span = hi - lo;
	size_t n = 0;
	if (span > 0 && span <= 12 && floor(lo) == lo && floor(hi) == hi) {
		for (double v = lo; v <= hi && n < 16; v += 1)
			t[n++] = v;
		return n;
	}
	t[n++] = lo;
	t[n++] = cut;
	t[n++] = hi;
	return n;
}

/* Cut-off lines, axes, ticks and the axes' titles. */
static void S_style_axes(S_ctx *c, const sb_style_chart *ch, double xcut, double ycut)
{
	sb_buf_printf(c->out, "<g stroke=\"#7b8794\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\">"
	              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
	              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>\n",
	              xcut, S_PT, xcut, S_PB, S_PL, ycut, S_PR, ycut);
	sb_buf_printf(c->out, "<g stroke=\"#52606d\" stroke-width=\"1.4\" fill=\"none\">"
	              "<path d=\"M%.1f,%.1f V%.1f H%.1f\"/></g>\n", S_PL, S_PT, S_PB, S_PR);
	sb_buf_puts(c->out, "<g font-size=\"12\" fill=\"#52606d\">\n");
	double xt[16], yt[16];
	size_t nx = S_style_ticks(ch->x_min, ch->x_cut, ch->x_max, xt);
	size_t ny = S_style_ticks(ch->y_min, ch->y_cut, ch->y_max, yt);
	for (size_t i = 0; i < nx; i++) {
		char t[32];
		double x = S_plane_x(ch, xt[i]);
		sb_fmt_tick(t, sizeof t, xt[i]);
		sb_buf_printf(c->out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
		              " stroke=\"#52606d\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
		              "%s</text>\n", x, S_PB, x, S_PB + 5, x, S_PB + 19, t);
	}
	for (size_t i = 0; i < ny; i++) {
		char t[32];
		double y = S_plane_y(ch, yt[i]);
		sb_fmt_tick(t, sizeof t, yt[i]);
		sb_buf_printf(c->out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
		              " stroke=\"#52606d\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">"
		              "%s</text>\n", S_PL - 5, y, S_PL, y, S_PL - 9, y + 4, t);
	}
	sb_buf_puts(c->out, "</g>\n");
	sb_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"600\""
	              " fill=\"#1f2933\" text-anchor=\"middle\">", (S_PL + S_PR) / 2, S_PB + 44);
	S_esc(c, ch->x_label);
	sb_buf_printf(c->out, "</text>\n<text transform=\"translate(18 %.1f) rotate(-90)\""
	              " font-size=\"14\" font-weight=\"600\" fill=\"#1f2933\""
	              " text-anchor=\"middle\">", (S_PT + S_PB) / 2);
	S_esc(c, ch->y_label);
	sb_buf_puts(c->out, "</text>\n");
}

/* The arrow from the first point to the second, clear of both markers (radius r). */
static void S_style_arrow(S_ctx *c, const sb_style_chart *ch, size_t id, double r)
{
	const sb_chart_point *p = ch->points;
	if (!isfinite(p[0].x) || !isfinite(p[0].y) || !isfinite(p[1].x) || !isfinite(p[1].y))
		return;
	double x0 = S_plane_x(ch, p[0].x), y0 = S_plane_y(ch, p[0].y);
	double x1 = S_plane_x(ch, p[1].x), y1 = S_plane_y(ch, p[1].y);
	double len = hypot(x1 - x0, y1 - y0);
	if (len > 2 * r + 6) {
		double ux = (x1 - x0) / len, uy = (y1 - y0) / len;
		sb_buf_printf(c->out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
		              " stroke=\"#2b6a8a\" stroke-width=\"2\""
		              " marker-end=\"url(#sb-c%zu-arrow)\"/>\n",
		              x0 + ux * (r + 2), y0 + uy * (r + 2), x1 - ux * (r + 3),
		              y1 - uy * (r + 3), id);
	}
}

/* Point i's label at (x, y): on the side away from the other point, so the arrow between them
 * stays clear, and away from the plot's edges. */
static void S_style_label(S_ctx *c, const sb_style_chart *ch, size_t i, double x, double y)
{
	const sb_chart_point *pt = &ch->points[i];
	bool left = false, below = false;
	const sb_chart_point *o = ch->n_points >= 2 ? &ch->points[i == 0 ? 1 : 0] : NULL;
	if (o && isfinite(o->x) && isfinite(o->y)) {
		left = o->x > pt->x;
		below = o->y > pt->y;
	}
	if (!left && x > S_PR - 110)
		left = true;
	else if (left && x < S_PL + 110)
		left = false;
	if (!below && y < S_PT + 24)
		below = true;
	double tx = left ? x - 11 : x + 11;
	size_t cols = (size_t)((left ? tx - 4 : S_SW - tx - 4) / 7.0);
	sb_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\""
	              " font-weight=\"600\" fill=\"#1f2933\" text-anchor=\"%s\">",
	              tx, below ? y + 21 : y - 10, left ? "end" : "start");
	S_svg_lines(c, pt->label, cols, tx, 15, 1);
	sb_buf_puts(c->out, "</text>\n");
}

/* The points (radius r) with their labels: for a before/after pair the first hollow in blue,
 * the second filled in orange; else partners as blue circles and orange diamonds. */
static void S_style_points(S_ctx *c, const sb_style_chart *ch, bool pair, double r)
{
	for (size_t i = 0; i < ch->n_points; i++) {
		const sb_chart_point *pt = &ch->points[i];
		if (!isfinite(pt->x) || !isfinite(pt->y))
			continue;
		double x = S_plane_x(ch, pt->x), y = S_plane_y(ch, pt->y);
		bool hollow = pair && i == 0;
		if (!pair && i % 2 == 1) { /* the second partner: an orange diamond, as in the legend */
			double q = r * 1.35;
			sb_buf_printf(c->out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\""
			              " fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"2.5\"/>\n",
			              x, y - q, x + q, y, x, y + q, x - q, y, S_series_fill[1]);
		} else {
			/* a before/after pair: the first hollow in blue, the second filled in orange, as
			 * the text chart's ○ and ● and the bars' legend */
			const char *fill = hollow ? "#ffffff" : S_series_fill[pair ? 1 : 0];
			sb_buf_printf(c->out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\""
			              " stroke=\"%s\" stroke-width=\"2.5\"/>\n", x, y, r, fill,
			              hollow ? S_series_fill[0] : "#ffffff");
		}
		if (pt->label && *pt->label)
			S_style_label(c, ch, i, x, y);
	}
}

/* The values in words, for print and for screen readers. */
static void S_style_caption(S_ctx *c, const sb_style_chart *ch)
{
	if (!ch->n_points)
		return;
	sb_buf_puts(c->out, "<figcaption><ul>\n");
	for (size_t i = 0; i < ch->n_points; i++) {
		const sb_chart_point *pt = &ch->points[i];
		char x[32], y[32];
		sb_fmt_value(x, sizeof x, pt->x);
		sb_fmt_value(y, sizeof y, pt->y);
		sb_buf_printf(c->out, "<li><span style=\"color:%s\">%s</span> ",
		              S_series_fill[i % 2], sb_text_point_marker(ch, i, true));
		if (pt->label && *pt->label) {
			S_esc(c, pt->label);
			sb_buf_puts(c->out, sb_label_text(c->d->lang, SB_LABEL_COLON));
		}
		S_esc(c, ch->x_label);
		sb_buf_printf(c->out, " %s%s", x, sb_label_text(c->d->lang, SB_LABEL_COMMA));
		S_esc(c, ch->y_label);
		sb_buf_printf(c->out, " %s</li>\n", y);
	}
	sb_buf_puts(c->out, "</ul></figcaption>\n");
}

static void S_style_chart(S_ctx *c, const sb_style_chart *ch)
{
	size_t id = ++c->chart;
	double xcut = S_plane_x(ch, ch->x_cut), ycut = S_plane_y(ch, ch->y_cut);
	bool pair = ch->arrow && ch->n_points == 2;
	double r = 7; /* a point's radius */
	S_style_open(c, ch, id);
	S_style_regions(c, ch, xcut, ycut);
	S_style_axes(c, ch, xcut, ycut);
	if (pair)
		S_style_arrow(c, ch, id, r);
	S_style_points(c, ch, pair, r);
	sb_buf_puts(c->out, "</svg>\n");
	S_style_caption(c, ch);
	sb_buf_puts(c->out, "</figure>\n");
}

/* Profile geometry. */
#define S_BW 640.0
#define S_BL 8.0        /* track left */
#define S_BR 520.0      /* track right; the value column follows */
#define S_VALUE_COLS 16 /* columns of the value text (12px) */

static const char *S_band_fill(size_t j, size_t n)
{
	static const char *const fill[] = { "#e9eef3", "#d5dee8", "#bccad8" };
	return fill[n <= 3 ? (j < 3 ? j : 2) : j % 3];
}


static double S_bx(const sb_profile_bar *b, double v)
{
	return S_BL + S_frac(v, b->lo, b->hi) * (S_BR - S_BL);
}

/* Tick values and band names under a track at y. */
static void S_band_axis(S_ctx *c, const sb_profile_bar *b, double y, bool names)
{
	size_t nt = b->n_bands > 1 ? b->n_bands + 1 : 2;
	sb_buf_puts(c->out, "<g font-size=\"11\" fill=\"#52606d\">");
	for (size_t k = 0; k < nt; k++) {
		double v = k == 0 ? b->lo : k == nt - 1 ? b->hi : b->bands[k].lo;
		char t[32];
		sb_fmt_tick(t, sizeof t, v);
		double x = S_bx(b, v);
		sb_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x,
		              y + 11, k == 0 ? "start" : k == nt - 1 ? "end" : "middle", t);
	}
	if (names)
		for (size_t j = 0; j < b->n_bands; j++) {
			double x0 = S_bx(b, b->bands[j].lo), x1 = S_bx(b, b->bands[j].hi);
			size_t cols = (size_t)((x1 - x0) / 6.2);
			if (cols < 2)
				continue;
			sb_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
			              (x0 + x1) / 2, y + 25);
			S_svg_lines(c, b->bands[j].label, cols, (x0 + x1) / 2, 13, 1);
			sb_buf_puts(c->out, "</text>");
		}
	sb_buf_puts(c->out, "</g>\n");
}

static void S_profile_chart(S_ctx *c, const sb_profile_chart *pc)
{
	if (pc->n_bars == 0)
		return;
	size_t ns = pc->n_series == 2 ? 2 : 1;
	bool shared = sb_profile_bands_shared(pc);
	double track_h = ns == 2 ? 13 : 16, gap = 5;
	/* heights first: the SVG needs them up front */
	double h = ns == 2 ? 30 : 6;
	for (size_t i = 0; i < pc->n_bars; i++) {
		h += 24; /* the name */
		for (size_t s = 0; s < ns; s++) {
			size_t lines = S_count_lines(c, pc->bars[i].value_text[s], S_VALUE_COLS);
			double vh = lines > 1 ? 14.0 * (double)lines : 0;
			h += (vh > track_h ? vh : track_h) + gap;
		}
		h += shared ? 10 : 46;
	}
	if (shared && pc->n_bars)
		h += 36;
	size_t id = ++c->chart;

	sb_buf_puts(c->out, "<figure class=\"chart profile\">\n");
	sb_buf_printf(c->out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\""
	              " width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-labelledby=\"sb-c%zu-t\">\n",
	              S_BW, h, S_BW, h, id);
	sb_buf_printf(c->out, "<title id=\"sb-c%zu-t\">", id);
	for (size_t i = 0; i < pc->n_bars; i++) {
		if (i)
			sb_buf_puts(c->out, "; ");
		S_esc(c, pc->bars[i].name);
		for (size_t s = 0; s < ns; s++) {
			sb_buf_puts(c->out, s ? " / " : " ");
			S_esc(c, pc->bars[i].value_text[s]);
		}
	}
	sb_buf_puts(c->out, "</title>\n");
	double y = 6;
	if (ns == 2) {
		/* legend: which colour is which series */
		double x = S_BL;
		for (size_t s = 0; s < 2; s++) {
			sb_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\""
			              " rx=\"2\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"12\""
			              " fill=\"#1f2933\">", x, y + 2, S_series_fill[s], x + 20, y + 11);
			S_svg_lines(c, pc->series_label[s], 30, x + 20, 14, 1);
			sb_buf_puts(c->out, "</text>\n");
			x += 220;
		}
		y += 24;
	}
	for (size_t i = 0; i < pc->n_bars; i++) {
		const sb_profile_bar *b = &pc->bars[i];
		y += 18;
		sb_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"600\""
		              " fill=\"#1f2933\">", S_BL, y);
		S_svg_lines(c, b->name, 80, S_BL, 16, 1);
		sb_buf_puts(c->out, "</text>\n");
		y += 6;
		for (size_t s = 0; s < ns; s++) {
			for (size_t j = 0; j < b->n_bands; j++) {
				double x0 = S_bx(b, b->bands[j].lo), x1 = S_bx(b, b->bands[j].hi);
				sb_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
				              " height=\"%.1f\" fill=\"%s\"/>\n", x0, y,
				              x1 - x0 > 1 ? x1 - x0 - 1 : 0, track_h,
				              S_band_fill(j, b->n_bands));
			}
			if (!b->n_bands)
				sb_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
				              " height=\"%.1f\" fill=\"%s\"/>\n", S_BL, y, S_BR - S_BL,
				              track_h, S_band_fill(0, 1));
			if (b->scored[s] && isfinite(b->value[s])) {
				double x = S_bx(b, b->value[s]);
				sb_buf_printf(c->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
				              " height=\"%.1f\" rx=\"2\" fill=\"%s\"/>\n", S_BL, y + 3,
				              x - S_BL > 3 ? x - S_BL : 3, track_h - 6, S_series_fill[s]);
			}
			size_t lines = S_count_lines(c, b->value_text[s], S_VALUE_COLS);
			sb_buf_printf(c->out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\"%s"
			              " fill=\"#1f2933\">", S_BR + 10, y + track_h - 3,
			              b->scored[s] ? " font-weight=\"600\"" : "");
			S_svg_lines(c, b->value_text[s], S_VALUE_COLS, S_BR + 10, 14, lines);
			sb_buf_puts(c->out, "</text>\n");
			double vh = lines > 1 ? 14.0 * (double)lines : 0;
			y += (vh > track_h ? vh : track_h) + gap;
		}
		if (!shared) {
			S_band_axis(c, b, y - gap + 2, true);
			y += 46;
		} else {
			y += 10;
		}
	}
	if (shared && pc->n_bars)
		S_band_axis(c, &pc->bars[0], y - 10, true);
	sb_buf_puts(c->out, "</svg>\n</figure>\n");
}

static void S_header(S_ctx *c)
{
	const sb_doc *d = c->d;
	sb_buf_puts(c->out, "<header class=\"doc\">\n");
	if (d->title) {
		sb_buf_puts(c->out, "<h1>");
		S_esc(c, d->title);
		sb_buf_puts(c->out, "</h1>\n");
	}
	if (d->subtitle) {
		sb_buf_puts(c->out, "<p class=\"subtitle\">");
		S_esc_lines(c, d->subtitle, strlen(d->subtitle));
		sb_buf_puts(c->out, "</p>\n");
	}
	if (d->respondent || d->date) {
		sb_buf_puts(c->out, "<dl class=\"meta\">\n");
		if (d->respondent) {
			sb_buf_printf(c->out, "<div><dt>%s</dt><dd>", sb_label_text(d->lang, SB_LABEL_ID));
			S_esc(c, d->respondent);
			sb_buf_puts(c->out, "</dd></div>\n");
		}
		if (d->date) {
			sb_buf_printf(c->out, "<div><dt>%s</dt><dd>", sb_label_text(d->lang, SB_LABEL_DATE));
			S_esc(c, d->date);
			sb_buf_puts(c->out, "</dd></div>\n");
		}
		sb_buf_puts(c->out, "</dl>\n");
	}
	sb_buf_puts(c->out, "</header>\n");
}

sb_status sb_render_html(const sb_doc *d, const sb_render_opts *o, sb_buf *out)
{
	(void)o;
	S_ctx c = { .d = d, .out = out };
	sb_buf_printf(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""
	              " lang=\"%s\" xml:lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	              "<meta name=\"generator\" content=\"securebase\"/>\n<title>",
	              sb_lang_code(d->lang), sb_lang_code(d->lang));
	S_esc(&c, d->title);
	sb_buf_puts(out, "</title>\n<style>\n");
	sb_buf_puts(out, S_css_screen);
	sb_buf_puts(out, S_css_print);
	sb_buf_puts(out, "</style>\n</head>\n<body>\n");
	S_header(&c);
	sb_buf_puts(out, "<main>\n");
	for (size_t i = 0; i < d->n_blocks && !c.failed && !out->failed; i++) {
		const sb_block *b = &d->blocks[i];
		switch (b->kind) {
		case SB_BLOCK_HEADING: {
			int level = b->level + 1;
			sb_buf_printf(out, "<h%d>", level);
			S_esc(&c, b->text);
			sb_buf_printf(out, "</h%d>\n", level);
			break;
		}
		case SB_BLOCK_PARAGRAPH:
			S_paragraph(&c, b);
			break;
		case SB_BLOCK_LIST:
			S_list(&c, b);
			break;
		case SB_BLOCK_KV:
			S_kv(&c, b);
			break;
		case SB_BLOCK_TABLE:
			S_table(&c, b);
			break;
		case SB_BLOCK_STYLE_CHART:
			if (b->style_chart)
				S_style_chart(&c, b->style_chart);
			break;
		case SB_BLOCK_PROFILE_CHART:
			if (b->profile_chart)
				S_profile_chart(&c, b->profile_chart);
			break;
		case SB_BLOCK_WRITE_AREA:
			S_write_area(&c, b);
			break;
		case SB_BLOCK_PAGE_BREAK:
			sb_buf_puts(out, "<hr class=\"page-break\"/>\n");
			break;
		}
	}
	sb_buf_puts(out, "</main>\n");
	if (d->footer) {
		sb_buf_puts(out, "<footer class=\"doc\">\n");
		S_paras(&c, d->footer, NULL, false);
		sb_buf_puts(out, "</footer>\n");
	}
	sb_buf_puts(out, "</body>\n</html>\n");
	return c.failed || out->failed ? SB_ERR_INTERNAL : SB_OK;
}

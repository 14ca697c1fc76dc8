/* SPDX-License-Identifier: MIT */
/* pdf_chart.c — the two charts of the PDF renderer as vector drawings: the attachment-style
 * plane and the profile of every scale over its full range. */
#include <math.h>
#include <stdio.h>

#include "render/pdf/pdf_draw.h"

static double S_clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Tick step for a range: whole numbers, at most about ten ticks. */
static double S_step(double range)
{
	static const double mult[3] = { 1, 2, 5 };
	for (double base = 1;; base *= 10)
		for (int i = 0; i < 3; i++)
			if (range / (base * mult[i]) <= 10.5)
				return base * mult[i];
}

static void S_tick_text(char *s, size_t n, double v)
{
	snprintf(s, n, "%g", fabs(v) < 1e-9 ? 0.0 : v);
}

/* Fills the region [x0, x1] × [y0, y1] (page coordinates) lightly, or (label) names it in the
 * corner away from the centre on a patch of its tint, so the grid drawn between the two passes
 * never cuts the name; region 0..3 by SB_STYLE_*. */
static void S_region(sb_pdf *p, const char *name, int region, double x0, double y0, double x1,
                     double y1, bool label)
{
	/* Four pale tints that stay near-white in greyscale; the names carry the meaning. */
	static const double tint[4][3] = {
		{ 0.91, 0.95, 0.92 }, /* secure */
		{ 0.97, 0.94, 0.88 }, /* preoccupied */
		{ 0.91, 0.93, 0.97 }, /* dismissive */
		{ 0.97, 0.91, 0.90 }, /* fearful */
	};
	if (x1 - x0 < 0.5 || y1 - y0 < 0.5)
		return;
	cairo_set_source_rgb(p->cr, tint[region][0], tint[region][1], tint[region][2]);
	const double pad = 6.0;
	if (!label) {
		cairo_rectangle(p->cr, x0, y0, x1 - x0, y1 - y0);
		cairo_fill(p->cr);
		return;
	}
	if (!name || x1 - x0 < 36.0 || y1 - y0 < 16.0)
		return;
	bool right = region == 2 || region == 3;  /* dismissive, fearful: high avoidance */
	bool top = region == 1 || region == 3;    /* preoccupied, fearful: high anxiety */
	PangoLayout *l = sb_pdf_text(p, name, 8.5, true, x1 - x0 - 2 * pad);
	pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	PangoRectangle ink;
	pango_layout_get_extents(l, NULL, &ink); /* the text's own box, after alignment */
	double h = sb_pdf_text_height(l);
	double ty = top ? y0 + pad - 1.0 : y1 - pad - h + 1.0;
	cairo_rectangle(p->cr, x0 + pad + (double)ink.x / PANGO_SCALE - 2.0, ty - 1.0,
	                (double)ink.width / PANGO_SCALE + 4.0, h + 2.0);
	cairo_fill(p->cr);
	sb_pdf_set_color(p, SB_PDF_MUTED);
	sb_pdf_show(p, l, x0 + pad, ty);
	g_object_unref(l);
}

static void S_arrow(sb_pdf *p, double x0, double y0, double x1, double y1, double r)
{
	double dx = x1 - x0, dy = y1 - y0, len = hypot(dx, dy);
	if (len < 2 * r + 10.0)
		return;
	double ux = dx / len, uy = dy / len, head = 7.0;
	double sx = x0 + ux * (r + 2), sy = y0 + uy * (r + 2);
	double ex = x1 - ux * (r + 2), ey = y1 - uy * (r + 2);
	cairo_t *cr = p->cr;
	sb_pdf_set_color(p, SB_PDF_MUTED);
	cairo_set_line_width(cr, 1.2);
	cairo_move_to(cr, sx, sy);
	cairo_line_to(cr, ex - ux * head * 0.8, ey - uy * head * 0.8);
	cairo_stroke(cr);
	cairo_move_to(cr, ex, ey);
	cairo_line_to(cr, ex - ux * head - uy * head * 0.45, ey - uy * head + ux * head * 0.45);
	cairo_line_to(cr, ex - ux * head + uy * head * 0.45, ey - uy * head - ux * head * 0.45);
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* The style chart's plot: the square [left, left + side] x [top, top + side] and the ranges of
 * its axes. */
typedef struct {
	double left, top, side;
	double xmin, xmax, ymin, ymax;
} S_plot;

static double S_px(const S_plot *g, double v)
{
	return g->left + (S_clamp(v, g->xmin, g->xmax) - g->xmin) / (g->xmax - g->xmin) * g->side;
}

static double S_py(const S_plot *g, double v)
{
	double k = (S_clamp(v, g->ymin, g->ymax) - g->ymin) / (g->ymax - g->ymin);
	return g->top + g->side - k * g->side;
}

/* Ticks at whole points of the scales, with a faint grid. */
static void S_style_ticks(sb_pdf *p, const S_plot *g)
{
	cairo_t *cr = p->cr;
	double left = g->left, top = g->top, side = g->side;
	char s[32];
	double xs = S_step(g->xmax - g->xmin), ys = S_step(g->ymax - g->ymin);
	cairo_set_line_width(cr, 0.4);
	for (double v = ceil(g->xmin / xs) * xs; v <= g->xmax + 1e-9; v += xs) {
		sb_pdf_set_color_alpha(p, SB_PDF_WHITE, 0.9);
		cairo_move_to(cr, S_px(g, v), top);
		cairo_line_to(cr, S_px(g, v), top + side);
		cairo_stroke(cr);
		sb_pdf_set_color(p, SB_PDF_MUTED);
		cairo_move_to(cr, S_px(g, v), top + side);
		cairo_line_to(cr, S_px(g, v), top + side + 3.5);
		cairo_stroke(cr);
		S_tick_text(s, sizeof s, v);
		PangoLayout *l = sb_pdf_text(p, s, 7.5, false, 0);
		sb_pdf_show(p, l, S_px(g, v) - sb_pdf_text_width(l) / 2, top + side + 4.5);
		g_object_unref(l);
	}
	for (double v = ceil(g->ymin / ys) * ys; v <= g->ymax + 1e-9; v += ys) {
		sb_pdf_set_color_alpha(p, SB_PDF_WHITE, 0.9);
		cairo_move_to(cr, left, S_py(g, v));
		cairo_line_to(cr, left + side, S_py(g, v));
		cairo_stroke(cr);
		sb_pdf_set_color(p, SB_PDF_MUTED);
		cairo_move_to(cr, left - 3.5, S_py(g, v));
		cairo_line_to(cr, left, S_py(g, v));
		cairo_stroke(cr);
		S_tick_text(s, sizeof s, v);
		PangoLayout *l = sb_pdf_text(p, s, 7.5, false, 0);
		sb_pdf_show(p, l, left - 5.5 - sb_pdf_text_width(l),
		            S_py(g, v) - sb_pdf_text_height(l) / 2);
		g_object_unref(l);
	}
}

/* The points: the arrow beneath, then dots, then labels kept inside the plot and apart. */
static void S_style_points(sb_pdf *p, const sb_style_chart *c, const S_plot *g)
{
	cairo_t *cr = p->cr;
	double left = g->left, top = g->top, side = g->side;
	const double r = 4.5;
	if (c->arrow && c->n_points >= 2)
		S_arrow(p, S_px(g, c->points[0].x), S_py(g, c->points[0].y), S_px(g, c->points[1].x),
		        S_py(g, c->points[1].y), r);
	for (size_t i = 0; i < c->n_points; i++) {
		double px = S_px(g, c->points[i].x), py = S_py(g, c->points[i].y);
		/* a before/after pair: the first hollow in blue, the second filled in orange, as the
		 * text chart's ○ and ● and the bars' legend */
		bool hollow = c->arrow && i == 0;
		sb_pdf_set_color(p, i % 2 ? SB_PDF_ACCENT2 : SB_PDF_ACCENT);
		if (!c->arrow && i % 2) { /* the second partner: a diamond, as in the text chart */
			double q = r * 1.35;
			cairo_move_to(cr, px, py - q);
			cairo_line_to(cr, px + q, py);
			cairo_line_to(cr, px, py + q);
			cairo_line_to(cr, px - q, py);
			cairo_close_path(cr);
		} else {
			cairo_arc(cr, px, py, r, 0, 2 * M_PI);
		}
		if (hollow) {
			sb_pdf_set_color(p, SB_PDF_WHITE);
			cairo_fill_preserve(cr);
			sb_pdf_set_color(p, SB_PDF_ACCENT);
			cairo_set_line_width(cr, 1.6);
		} else {
			cairo_fill_preserve(cr);
			sb_pdf_set_color(p, SB_PDF_WHITE);
			cairo_set_line_width(cr, 1.2);
		}
		cairo_stroke(cr);
	}
	double prev_x = 0, prev_y = 0, prev_w = 0, prev_h = 0;
	for (size_t i = 0; i < c->n_points; i++) {
		if (!c->points[i].label || !*c->points[i].label)
			continue;
		double px = S_px(g, c->points[i].x), py = S_py(g, c->points[i].y);
		PangoLayout *l = sb_pdf_text(p, c->points[i].label, 8.5, true, side / 2);
		double w = sb_pdf_text_width(l), h = sb_pdf_text_height(l);
		double lx = px + r + 3.0, ly = py - h - 1.0;
		if (lx + w > left + side - 2.0)
			lx = px - r - 3.0 - w;
		if (ly < top + 2.0)
			ly = py + 1.0;
		if (i > 0 && lx < prev_x + prev_w && prev_x < lx + w && ly < prev_y + prev_h &&
		    prev_y < ly + h)
			ly = ly < prev_y ? prev_y - h - 1.0 : prev_y + prev_h + 1.0;
		sb_pdf_set_color_alpha(p, SB_PDF_WHITE, 0.8);
		cairo_rectangle(cr, lx - 1.5, ly, w + 3.0, h);
		cairo_fill(cr);
		sb_pdf_set_color(p, SB_PDF_INK);
		sb_pdf_show(p, l, lx, ly);
		g_object_unref(l);
		prev_x = lx, prev_y = ly, prev_w = w, prev_h = h;
	}
}

void sb_pdf_style_chart(sb_pdf *p, const sb_style_chart *c, sb_pdf_plan *plan, double x, double y,
                        double width)
{
	const double gutter = 22.0;  /* tick labels */
	const double above = 18.0;   /* the y-axis title, set level: rotated Chinese reads badly */
	const double below = 36.0;   /* x tick labels and the x-axis title */
	double side = fmin(width * 0.56, 270.0);
	if (plan) {
		plan->before = 8.0;
		plan->after = 14.0;
		plan->keep_first = 1;
		sb_pdf_plan_add(p, plan, above + side + below);
		return;
	}
	cairo_t *cr = p->cr;
	double xmin = c->x_min, xmax = c->x_max > c->x_min ? c->x_max : c->x_min + 1;
	double ymin = c->y_min, ymax = c->y_max > c->y_min ? c->y_max : c->y_min + 1;
	double left = x + (width - gutter - side) / 2 + gutter, top = y + above;
	const S_plot g = { .left = left, .top = top, .side = side, .xmin = xmin, .xmax = xmax,
	                   .ymin = ymin, .ymax = ymax };
	double cx = S_px(&g, c->x_cut), cy = S_py(&g, c->y_cut);

	/* Regions: low anxiety is at the bottom, low avoidance on the left. */
	for (int pass = 0; pass < 2; pass++) {
		S_region(p, c->region[0], 0, left, cy, cx, top + side, pass);
		S_region(p, c->region[1], 1, left, top, cx, cy, pass);
		S_region(p, c->region[2], 2, cx, cy, left + side, top + side, pass);
		S_region(p, c->region[3], 3, cx, top, left + side, cy, pass);
		if (pass == 0)
			S_style_ticks(p, &g);
	}

	/* Frame and dashed cut-offs. */
	sb_pdf_set_color(p, SB_PDF_MUTED);
	cairo_set_line_width(cr, 0.7);
	cairo_rectangle(cr, left, top, side, side);
	cairo_stroke(cr);
	static const double dash[2] = { 4.0, 3.0 };
	cairo_set_dash(cr, dash, 2, 0);
	cairo_set_line_width(cr, 0.9);
	sb_pdf_set_color(p, SB_PDF_ACCENT);
	cairo_move_to(cr, cx, top);
	cairo_line_to(cr, cx, top + side);
	cairo_move_to(cr, left, cy);
	cairo_line_to(cr, left + side, cy);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);

	/* Axis titles. */
	PangoLayout *xl = sb_pdf_text(p, c->x_label, 8.5, true, side);
	pango_layout_set_alignment(xl, PANGO_ALIGN_CENTER);
	sb_pdf_set_color(p, SB_PDF_INK);
	sb_pdf_show(p, xl, left, top + side + 17.0);
	g_object_unref(xl);
	PangoLayout *yl = sb_pdf_text(p, c->y_label, 8.5, true, side);
	sb_pdf_show(p, yl, left - gutter, y);
	g_object_unref(yl);

	S_style_points(p, c, &g);
}

/* ---- the profile chart ---- */

typedef struct {
	double name_w, track_x, track_w, val_x, val_w;
	bool two;
} S_cols;

static S_cols S_profile_cols(sb_pdf *p, const sb_profile_chart *c, double x, double width)
{
	S_cols k = { .two = c->n_series >= 2 };
	for (size_t i = 0; i < c->n_bars; i++) {
		const sb_profile_bar *b = &c->bars[i];
		PangoLayout *l = sb_pdf_text(p, b->name, 9.0, false, 0);
		k.name_w = fmax(k.name_w, sb_pdf_text_width(l));
		g_object_unref(l);
		for (size_t s = 0; s < (k.two ? 2u : 1u); s++) {
			l = sb_pdf_text(p, b->value_text[s], k.two ? 8.0 : 9.0, b->scored[s], 0);
			k.val_w = fmax(k.val_w, sb_pdf_text_width(l));
			g_object_unref(l);
		}
	}
	k.name_w = fmin(ceil(k.name_w) + 1.0, width * 0.28);
	k.val_w = fmin(fmax(ceil(k.val_w) + 1.0, 24.0), width * 0.2);
	k.track_x = x + k.name_w + 12.0;
	k.val_x = x + width - k.val_w;
	k.track_w = k.val_x - 10.0 - k.track_x;
	return k;
}

static void S_legend(sb_pdf *p, const sb_profile_chart *c, const S_cols *k, double y)
{
	double lx = k->track_x;
	for (int s = 0; s < 2; s++) {
		sb_pdf_set_color(p, s ? SB_PDF_ACCENT2 : SB_PDF_ACCENT);
		cairo_rectangle(p->cr, lx, y + 4.0, 14.0, 5.0);
		cairo_fill(p->cr);
		PangoLayout *l = sb_pdf_text(p, c->series_label[s], 8.5, false, 0);
		sb_pdf_set_color(p, SB_PDF_INK);
		sb_pdf_show(p, l, lx + 18.0, y);
		lx += 18.0 + sb_pdf_text_width(l) + 16.0;
		g_object_unref(l);
	}
}

/* One scale: name, shaded bands with their labels underneath, the score bar(s), the score. */
static double S_bar(sb_pdf *p, const sb_profile_bar *b, const S_cols *k, double y, bool draw)
{
	const double track_h = k->two ? 22.0 : 13.0, pad = 5.0;
	PangoLayout *name = sb_pdf_text(p, b->name, 9.0, false, k->name_w);
	double name_h = sb_pdf_text_height(name);
	PangoLayoutIter *it = pango_layout_get_iter(name);
	int y0, y1;
	pango_layout_iter_get_line_yrange(it, &y0, &y1);
	pango_layout_iter_free(it);
	double line_h = (double)(y1 - y0) / PANGO_SCALE;
	double band_h = b->n_bands ? 11.0 : 0;
	double h = pad + fmax(track_h + band_h, name_h + (track_h - line_h) / 2) + pad;
	if (!draw) {
		g_object_unref(name);
		return h;
	}
	cairo_t *cr = p->cr;
	double ty = y + pad;
	double lo = b->lo, hi = b->hi > b->lo ? b->hi : b->lo + 1;
#define BX(v) (k->track_x + (S_clamp((v), lo, hi) - lo) / (hi - lo) * k->track_w)
	sb_pdf_set_color(p, SB_PDF_INK);
	sb_pdf_show(p, name, k->track_x - 12.0 - k->name_w, ty + (track_h - line_h) / 2);
	g_object_unref(name);

	/* The track, then each band a step darker: higher bands read as more elevated. */
	sb_pdf_set_color(p, SB_PDF_SHADE);
	cairo_rectangle(cr, k->track_x, ty, k->track_w, track_h);
	cairo_fill(cr);
	for (size_t j = 0; j < b->n_bands; j++) {
		const sb_chart_band *bd = &b->bands[j];
		double t = b->n_bands > 1 ? (double)j / (double)(b->n_bands - 1) : 0;
		double x0 = BX(bd->lo), x1 = BX(bd->hi);
		cairo_set_source_rgb(cr, 0.90 - 0.16 * t, 0.92 - 0.14 * t, 0.95 - 0.12 * t);
		cairo_rectangle(cr, x0, ty, x1 - x0, track_h);
		cairo_fill(cr);
		if (j > 0) {
			sb_pdf_set_color(p, SB_PDF_WHITE);
			cairo_set_line_width(cr, 1.0);
			cairo_move_to(cr, x0, ty);
			cairo_line_to(cr, x0, ty + track_h);
			cairo_stroke(cr);
		}
		if (bd->label && x1 - x0 > 8.0) {
			PangoLayout *l = sb_pdf_text(p, bd->label, 6.5, false, x1 - x0 - 2.0);
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
			pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
			pango_layout_set_height(l, 0); /* one line, then an ellipsis */
			sb_pdf_set_color(p, SB_PDF_MUTED);
			sb_pdf_show(p, l, x0 + 1.0, ty + track_h + 1.5);
			g_object_unref(l);
		}
	}

	size_t n = k->two ? 2 : 1;
	for (size_t s = 0; s < n; s++) {
		double thick = 6.0;
		double by = k->two ? ty + 3.5 + (double)s * (track_h - 7.0 - thick) : ty + (track_h - thick) / 2;
		double my = by + thick / 2;
		sb_pdf_color col = s ? SB_PDF_ACCENT2 : SB_PDF_ACCENT;
		if (b->scored[s]) {
			double vx = BX(b->value[s]);
			sb_pdf_set_color(p, col);
			cairo_rectangle(cr, k->track_x, by, vx - k->track_x, thick);
			cairo_fill(cr);
			cairo_arc(cr, vx, my, k->two ? 3.8 : 4.4, 0, 2 * M_PI);
			cairo_fill_preserve(cr);
			sb_pdf_set_color(p, SB_PDF_WHITE);
			cairo_set_line_width(cr, 1.0);
			cairo_stroke(cr);
		}
		/* The score as printed, or why there is none. */
		PangoLayout *v = sb_pdf_text(p, b->value_text[s], k->two ? 8.0 : 9.0, b->scored[s],
		                             k->val_w);
		double vh = sb_pdf_text_height(v);
		double vy = k->two ? my - vh / 2 : ty + (track_h - vh) / 2;
		sb_pdf_set_color(p, b->scored[s] ? (k->two ? col : SB_PDF_INK) : SB_PDF_MUTED);
		sb_pdf_show(p, v, k->val_x, vy);
		g_object_unref(v);
	}
#undef BX
	return h;
}

void sb_pdf_profile_chart(sb_pdf *p, const sb_profile_chart *c, sb_pdf_plan *plan, size_t from,
                          size_t to, double x, double y, double width)
{
	S_cols k = S_profile_cols(p, c, x, width);
	double legend_h = k.two ? 18.0 : 0;
	if (plan) {
		plan->before = 8.0;
		plan->after = 14.0;
		plan->head = legend_h;
		for (size_t i = 0; i < c->n_bars; i++)
			sb_pdf_plan_add(p, plan, S_bar(p, &c->bars[i], &k, 0, false));
		plan->keep_first = plan->n_parts;
		return;
	}
	if (k.two)
		S_legend(p, c, &k, y);
	y += legend_h;
	for (size_t i = from; i < to && i < c->n_bars; i++)
		y += S_bar(p, &c->bars[i], &k, y, true);
}

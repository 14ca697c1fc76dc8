/* SPDX-License-Identifier: MIT */
/* text_charts.c — the charts drawn in characters: the style plane as a grid with its point
 * legend, the profile bars with their ticks and band legend (one series, or two for a retest or a
 * couple). The text renderer draws its chart blocks with them (text_priv.h); the Markdown and
 * HTML renderers borrow the grid and the bars (text_charts.h). */
#include "render/text_charts.h"
#include "render/text_priv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/labels.h"
#include "base/numfmt.h"
#include "base/textwidth.h"

#define S_BAR_MAX 50     /* a longer bar is no easier to read */

void sb_fmt_value(char *out, size_t size, double v)
{
	/* The score command's rounding (half away from zero), so a chart label never differs
	 * from the same score printed elsewhere (5.125 is 5.13 everywhere, not 5.12). */
	if (isfinite(v))
		sb_fmt_fixed_str(out, size, v, 2);
	else if (size > 0)
		snprintf(out, size, "-");
}

void sb_fmt_tick(char *out, size_t size, double v)
{
	if (isfinite(v))
		snprintf(out, size, "%g", v);
	else
		snprintf(out, size, "?");
}

typedef struct {
	uint32_t cp;
	unsigned char w;  /* 1, 2 for a wide character, 0 for the right half of one */
	unsigned char st; /* S_ST_* */
} S_cell;

typedef struct {
	S_cell *v;
	size_t cols, rows;
} S_grid;

enum { S_ST_PLAIN, S_ST_AXIS, S_ST_CUT, S_ST_POINT, S_ST_PATH };
static const char *const S_st_sgr[] = { NULL, SB_TEXT_SGR_DIM, SB_TEXT_SGR_DIM, SB_TEXT_SGR_POINT, SB_TEXT_SGR_PATH };

static S_cell *S_at(S_grid *g, size_t r, size_t col)
{
	return &g->v[r * g->cols + col];
}

static void S_gput(S_grid *g, size_t r, size_t col, uint32_t cp, int st)
{
	static const S_cell blank = { ' ', 1, S_ST_PLAIN };
	int w = sb_cp_width(cp);
	if (r >= g->rows || w == 0 || col + (size_t)w > g->cols)
		return;
	/* Overwriting half of a wide character blanks the other half. */
	for (size_t k = col; k < col + (size_t)w; k++) {
		S_cell *x = S_at(g, r, k);
		if (x->w == 0 && k > 0)
			*S_at(g, r, k - 1) = blank;
		if (x->w == 2 && k + 1 < g->cols)
			*S_at(g, r, k + 1) = blank;
	}
	*S_at(g, r, col) = (S_cell){ .cp = cp, .w = (unsigned char)w, .st = (unsigned char)st };
	if (w == 2)
		*S_at(g, r, col + 1) = (S_cell){ .cp = 0, .w = 0, .st = (unsigned char)st };
}

/* Writes s at (r, col), stopping before column end; returns the columns used. */
static size_t S_gtext(S_grid *g, size_t r, size_t col, const char *s, size_t n, size_t end,
                      int st)
{
	size_t c0 = col;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += sb_utf8_decode(s + i, n - i, &cp);
		if (sb_is_control(cp))
			cp = SB_REPLACEMENT;
		int w = sb_cp_width(cp);
		if (w == 0)
			continue;
		if (col + (size_t)w > end)
			break;
		S_gput(g, r, col, cp, st);
		col += (size_t)w;
	}
	return col - c0;
}

static void S_gemit(S_grid *g, sb_buf *out, bool color)
{
	for (size_t r = 0; r < g->rows; r++) {
		size_t end = g->cols;
		while (end > 0 && S_at(g, r, end - 1)->cp == ' ')
			end--;
		const char *cur = NULL;
		for (size_t col = 0; col < end; col++) {
			const S_cell *x = S_at(g, r, col);
			if (x->w == 0)
				continue;
			const char *want = x->cp == ' ' ? NULL : S_st_sgr[x->st];
			if (color && want != cur) {
				if (cur)
					sb_buf_puts(out, "\033[0m");
				if (want)
					sb_buf_printf(out, "\033[%sm", want);
				cur = want;
			}
			sb_utf8_put(out, x->cp);
		}
		if (color && cur)
			sb_buf_puts(out, "\033[0m");
		sb_buf_putc(out, '\n');
	}
}

/* Point markers: hollow then filled for a before/after pair, else distinct shapes. */
static const uint32_t S_mark_pair_u[] = { 0x25CB, 0x25CF };
static const char *const S_mark_pair_s[] = { "\xE2\x97\x8B", "\xE2\x97\x8F" };
static const uint32_t S_mark_u[] = { 0x25CF, 0x25C6, 0x25B2, 0x25A0 };
static const char *const S_mark_s[] = { "\xE2\x97\x8F", "\xE2\x97\x86", "\xE2\x96\xB2",
                                        "\xE2\x96\xA0" };
static const char S_mark_pair_a[] = "o*";
static const char S_mark_a[] = "*ox@";

static uint32_t S_marker_cp(const sb_style_chart *c, size_t i, bool uni)
{
	bool pair = c->arrow && c->n_points == 2;
	if (uni)
		return pair ? S_mark_pair_u[i % 2] : S_mark_u[i % 4];
	return (uint32_t)(pair ? S_mark_pair_a[i % 2] : S_mark_a[i % 4]);
}

const char *sb_text_point_marker(const sb_style_chart *c, size_t i, bool unicode)
{
	static const char *const ascii_pair[] = { "o", "*" };
	static const char *const ascii[] = { "*", "o", "x", "@" };
	bool pair = c->arrow && c->n_points == 2;
	if (unicode)
		return pair ? S_mark_pair_s[i % 2] : S_mark_s[i % 4];
	return pair ? ascii_pair[i % 2] : ascii[i % 4];
}

/* Where v lies in [lo, hi], from 0 to 1; 0 for anything not a number, so that a broken chart
 * still draws (and never turns NaN into a column count). */
static double S_fraction(double v, double lo, double hi)
{
	if (!isfinite(v) || !isfinite(lo) || !isfinite(hi) || !(hi > lo))
		return 0;
	double f = (v - lo) / (hi - lo);
	return f < 0 ? 0 : f > 1 ? 1 : f;
}

static long S_scale(double v, double lo, double hi, long cells)
{
	if (cells < 1)
		return 0;
	return lround(S_fraction(v, lo, hi) * (double)(cells - 1));
}

/* Arrowhead for a path going (dx columns, dy rows) on the screen, where a row is about twice
 * as tall as a column is wide. */
static uint32_t S_arrow(long dx, long dy, bool uni)
{
	long vx = dx, vy = 2 * dy;
	long ax = vx < 0 ? -vx : vx, ay = vy < 0 ? -vy : vy;
	if (ax > 2 * ay)
		return uni ? (dx > 0 ? 0x2192 : 0x2190) : (uint32_t)(dx > 0 ? '>' : '<');
	if (ay > 2 * ax)
		return uni ? (dy > 0 ? 0x2193 : 0x2191) : (uint32_t)(dy > 0 ? 'v' : '^');
	if (dx > 0)
		return uni ? (dy > 0 ? 0x2198 : 0x2197) : (uint32_t)(dy > 0 ? '\\' : '/');
	return uni ? (dy > 0 ? 0x2199 : 0x2196) : (uint32_t)(dy > 0 ? '/' : '\\');
}

static void S_path(S_grid *g, size_t r0, size_t c0, long x0, long y0, long x1, long y1, bool uni)
{
	long dx = x1 > x0 ? x1 - x0 : x0 - x1, dy = y1 > y0 ? y1 - y0 : y0 - y1;
	long sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx - dy;
	long x = x0, y = y0, px = -1, py = -1;
	while (x != x1 || y != y1) {
		long e2 = 2 * err;
		if (e2 > -dy) {
			err -= dy;
			x += sx;
		}
		if (e2 < dx) {
			err += dx;
			y += sy;
		}
		if (x == x1 && y == y1)
			break;
		S_gput(g, r0 + (size_t)y, c0 + (size_t)x, uni ? 0x00B7 : '.', S_ST_PATH);
		px = x;
		py = y;
	}
	if (px >= 0)
		S_gput(g, r0 + (size_t)py, c0 + (size_t)px, S_arrow(x1 - x0, y1 - y0, uni), S_ST_PATH);
}

/* Where the style plane lies in the grid: its tick labels, the axis column, its size in cells,
 * and the cut-offs' column and row in it. */
typedef struct {
	char yt[3][32], xt[3][32]; /* y: top, cut-off, bottom; x: left, cut-off, right */
	size_t ylw, xlw;           /* the widest y and x tick */
	size_t axis, col0;         /* the y axis's column; the plane's first column */
	size_t pw, ph;             /* the plane's width and height in cells */
	long cx, cy;               /* the cut-offs' column and row in the plane */
} S_plane;

/* The plane's column for x and row for y (row 0 at the top). */
static long S_plane_col(const sb_style_chart *ch, const S_plane *pl, double x)
{
	return S_scale(x, ch->x_min, ch->x_max, (long)pl->pw);
}

static long S_plane_row(const sb_style_chart *ch, const S_plane *pl, double y)
{
	return (long)pl->ph - 1 - S_scale(y, ch->y_min, ch->y_max, (long)pl->ph);
}

/* Measures the plane for a grid at most width columns wide: the y ticks on the left, half the
 * widest x tick free on the right; the height a third of the width, within 7 to 17 rows. */
static void S_plane_measure(const sb_style_chart *ch, size_t width, S_plane *pl)
{
	sb_fmt_tick(pl->yt[0], sizeof pl->yt[0], ch->y_max);
	sb_fmt_tick(pl->yt[1], sizeof pl->yt[1], ch->y_cut);
	sb_fmt_tick(pl->yt[2], sizeof pl->yt[2], ch->y_min);
	sb_fmt_tick(pl->xt[0], sizeof pl->xt[0], ch->x_min);
	sb_fmt_tick(pl->xt[1], sizeof pl->xt[1], ch->x_cut);
	sb_fmt_tick(pl->xt[2], sizeof pl->xt[2], ch->x_max);
	pl->ylw = pl->xlw = 0;
	for (int i = 0; i < 3; i++) {
		if (strlen(pl->yt[i]) > pl->ylw)
			pl->ylw = strlen(pl->yt[i]);
		if (strlen(pl->xt[i]) > pl->xlw)
			pl->xlw = strlen(pl->xt[i]);
	}
	pl->axis = pl->ylw + 1;
	pl->col0 = pl->axis + 1;
	size_t pw = width > pl->col0 + pl->xlw / 2 + 12 ? width - pl->col0 - pl->xlw / 2 - 1 : 11;
	pl->pw = pw > 61 ? 61 : pw;
	pl->ph = pl->pw / 3 < 7 ? 7 : pl->pw / 3 > 17 ? 17 : pl->pw / 3;
	pl->cx = S_plane_col(ch, pl, ch->x_cut);
	pl->cy = S_plane_row(ch, pl, ch->y_cut);
}

/* A grid of cols × rows blank cells; false when memory runs out. */
static bool S_grid_new(S_grid *g)
{
	g->v = sb_calloc(g->cols * g->rows, sizeof *g->v);
	if (!g->v)
		return false;
	for (size_t i = 0; i < g->cols * g->rows; i++)
		g->v[i] = (S_cell){ .cp = ' ', .w = 1, .st = S_ST_PLAIN };
	return true;
}

/* The y axis's title on the top row, the x axis's centred under the plane on the last; false
 * when memory runs out. */
static bool S_axis_titles(S_grid *g, const sb_style_chart *ch, const S_plane *pl, size_t width,
                          sb_text_para *p)
{
	if (!sb_text_para_layout(p, ch->y_label, width, false))
		return false;
	if (p->lines.n) {
		size_t len;
		const char *s = sb_text_para_line(p, 0, &len);
		S_gtext(g, 0, 0, s, len, width, S_ST_PLAIN);
	}
	if (!sb_text_para_layout(p, ch->x_label, width, false))
		return false;
	if (p->lines.n) {
		size_t len;
		const char *s = sb_text_para_line(p, 0, &len);
		size_t w = p->lines.v[0].width;
		S_gtext(g, pl->ph + 3, w < pl->pw ? pl->col0 + (pl->pw - w) / 2 : 0, s, len, width,
		        S_ST_PLAIN);
	}
	return true;
}

/* The cut-off lines, then the axes over their ends with their ticks and labels (an x label
 * that would touch the one before it is left out). */
static void S_axes(S_grid *g, const S_plane *pl, bool uni)
{
	size_t axis = pl->axis, col0 = pl->col0, pw = pl->pw, ph = pl->ph;
	for (size_t r = 0; r < ph; r++)
		S_gput(g, 1 + r, col0 + (size_t)pl->cx, uni ? 0x2506 : ':', S_ST_CUT);
	for (size_t col = 0; col < pw; col++)
		S_gput(g, 1 + (size_t)pl->cy, col0 + col, uni ? 0x2504 : '-', S_ST_CUT);
	S_gput(g, 1 + (size_t)pl->cy, col0 + (size_t)pl->cx, uni ? 0x253C : '+', S_ST_CUT);
	for (size_t r = 0; r < ph; r++)
		S_gput(g, 1 + r, axis, uni ? 0x2502 : '|', S_ST_AXIS);
	size_t yrow[3] = { 0, (size_t)pl->cy, ph - 1 };
	for (int i = 0; i < 3; i++) {
		const char *t = pl->yt[i];
		S_gput(g, 1 + yrow[i], axis, uni ? 0x2524 : '+', S_ST_AXIS);
		S_gtext(g, 1 + yrow[i], pl->ylw - strlen(t), t, strlen(t), axis, S_ST_AXIS);
	}
	S_gput(g, ph + 1, axis, uni ? 0x2514 : '+', S_ST_AXIS);
	for (size_t col = 0; col < pw; col++)
		S_gput(g, ph + 1, col0 + col, uni ? 0x2500 : '-', S_ST_AXIS);
	size_t xcol[3] = { 0, (size_t)pl->cx, pw - 1 }, last_end = 0;
	for (int i = 0; i < 3; i++) {
		S_gput(g, ph + 1, col0 + xcol[i], uni ? 0x252C : '+', S_ST_AXIS);
		size_t lw = strlen(pl->xt[i]), at = col0 + xcol[i] - lw / 2;
		if (i == 0 || at > last_end) {
			S_gtext(g, ph + 2, at, pl->xt[i], lw, g->cols, S_ST_AXIS);
			last_end = at + lw;
		}
	}
}

/* The four regions, each named in its outer corner, wrapped to its width and cut to its height;
 * false when memory runs out. */
static bool S_regions(S_grid *g, const sb_style_chart *ch, const S_plane *pl, sb_text_para *p)
{
	static const struct {
		int style;
		bool right, bottom;
	} quad[] = {
		{ 1 /* SB_STYLE_PREOCCUPIED */, false, false }, { 3 /* FEARFUL */, true, false },
		{ 0 /* SECURE */, false, true }, { 2 /* DISMISSIVE */, true, true },
	};
	long cx = pl->cx, cy = pl->cy;
	for (size_t q = 0; q < 4; q++) {
		long c_lo = quad[q].right ? cx + 1 : 0, c_hi = quad[q].right ? (long)pl->pw - 1 : cx - 1;
		long r_lo = quad[q].bottom ? cy + 1 : 0, r_hi = quad[q].bottom ? (long)pl->ph - 1 : cy - 1;
		long qw = c_hi - c_lo + 1 - 2, qh = r_hi - r_lo + 1;
		if (qw < 2 || qh < 1)
			continue;
		if (!sb_text_para_layout(p, ch->region[quad[q].style], (size_t)qw, false))
			return false;
		size_t n = p->lines.n < (size_t)qh ? p->lines.n : (size_t)qh;
		for (size_t l = 0; l < n; l++) {
			size_t len, lw = p->lines.v[l].width;
			const char *s = sb_text_para_line(p, l, &len);
			long row = quad[q].bottom ? r_hi - (long)(n - 1 - l) : r_lo + (long)l;
			long col = quad[q].right ? c_hi - (long)lw : c_lo + 1;
			if (col < c_lo)
				col = c_lo;
			S_gtext(g, 1 + (size_t)row, pl->col0 + (size_t)col, s, len,
			        pl->col0 + (size_t)c_hi + 1, S_ST_PLAIN);
		}
	}
	return true;
}

/* The points, after the way from the first to the second when the chart has an arrow. */
static void S_points(S_grid *g, const sb_style_chart *ch, const S_plane *pl, bool uni)
{
	const sb_chart_point *pt = ch->points;
	if (ch->arrow && ch->n_points >= 2 && isfinite(pt[0].x) && isfinite(pt[0].y) &&
	    isfinite(pt[1].x) && isfinite(pt[1].y))
		S_path(g, 1, pl->col0, S_plane_col(ch, pl, pt[0].x), S_plane_row(ch, pl, pt[0].y),
		       S_plane_col(ch, pl, pt[1].x), S_plane_row(ch, pl, pt[1].y), uni);
	for (size_t i = 0; i < ch->n_points; i++) {
		if (!isfinite(pt[i].x) || !isfinite(pt[i].y))
			continue;
		long x = S_plane_col(ch, pl, pt[i].x), y = S_plane_row(ch, pl, pt[i].y);
		S_gput(g, 1 + (size_t)y, pl->col0 + (size_t)x, S_marker_cp(ch, i, uni), S_ST_POINT);
	}
}

int sb_text_style_grid(const sb_style_chart *ch, size_t width, bool uni, bool color, sb_buf *out)
{
	S_plane pl;
	S_plane_measure(ch, width, &pl);
	S_grid g = { .cols = pl.col0 + pl.pw + pl.xlw + 1, .rows = pl.ph + 4 };
	if (g.cols < width)
		g.cols = width;
	if (!S_grid_new(&g))
		return -1;
	sb_text_para p = { 0 };
	bool ok = S_axis_titles(&g, ch, &pl, width, &p);
	if (ok) {
		S_axes(&g, &pl, uni);
		ok = S_regions(&g, ch, &pl, &p);
	}
	if (ok) {
		S_points(&g, ch, &pl, uni);
		S_gemit(&g, out, color);
	}
	sb_text_para_free(&p);
	sb_free(g.v);
	return ok ? 0 : -1;
}

void sb_text_style_chart(sb_text_ctx *c, const sb_style_chart *ch)
{
	if (sb_text_style_grid(ch, c->width, c->uni, c->color, c->out) != 0) {
		c->failed = true;
		return;
	}
	for (size_t i = 0; i < ch->n_points; i++) {
		const sb_chart_point *pt = &ch->points[i];
		char x[32], y[32], first[16];
		sb_fmt_value(x, sizeof x, pt->x);
		sb_fmt_value(y, sizeof y, pt->y);
		snprintf(first, sizeof first, "%s ", sb_text_point_marker(ch, i, c->uni));
		sb_buf t = { 0 };
		sb_lang l = c->d->lang;
		if (pt->label && *pt->label)
			sb_buf_printf(&t, "%s%s", pt->label, sb_label_text(l, SB_LABEL_COLON));
		sb_buf_printf(&t, "%s %s%s%s %s", ch->x_label ? ch->x_label : "", x,
		              sb_label_text(l, SB_LABEL_COMMA),
		              ch->y_label ? ch->y_label : "", y);
		if (t.failed)
			c->failed = true;
		else
			sb_text_wrapped(c, t.data, first, "  ", NULL);
		sb_buf_free(&t);
	}
}

const char *sb_text_band_shade(size_t j, size_t n, bool unicode)
{
	/* · ░ ▒: light enough that the empty track never reads as the █ fill */
	static const char *const shade[] = { "\xC2\xB7", "\xE2\x96\x91", "\xE2\x96\x92" };
	if (!unicode)
		return "-";
	return shade[n <= 3 ? (j < 3 ? j : 2) : j % 3];
}

static bool S_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool sb_profile_bands_shared(const sb_profile_chart *c)
{
	for (size_t i = 1; i < c->n_bars; i++) {
		const sb_profile_bar *a = &c->bars[0], *b = &c->bars[i];
		if (a->lo != b->lo || a->hi != b->hi || a->n_bands != b->n_bands)
			return false;
		for (size_t j = 0; j < a->n_bands; j++)
			if (a->bands[j].lo != b->bands[j].lo || a->bands[j].hi != b->bands[j].hi
			    || !S_same(a->bands[j].label, b->bands[j].label))
				return false;
	}
	return true;
}

void sb_text_bar(sb_buf *b, const sb_profile_bar *bar, size_t s, size_t cols, bool unicode,
                 bool color)
{
	double lo = bar->lo, span = bar->hi - bar->lo;
	size_t fill = 0;
	if (!bar->scored[s]) { /* no score, no strip: blank, so nothing looks like a result */
		sb_put_repeat(b, " ", cols);
		return;
	}
	if (bar->scored[s] && isfinite(bar->value[s]) && isfinite(span) && span > 0) {
		fill = (size_t)lround(S_fraction(bar->value[s], bar->lo, bar->hi) * (double)cols);
		if (fill == 0)
			fill = 1; /* a score at the bottom of the range still shows */
	}
	sb_text_sgr(b, color && fill, SB_TEXT_SGR_FILL);
	sb_put_repeat(b, unicode ? "\xE2\x96\x88" : "#", fill);
	sb_text_sgr_end(b, color && fill, SB_TEXT_SGR_FILL);
	for (size_t i = fill; i < cols; i++) {
		double cell_lo = lo + span * (double)i / (double)cols;
		double cell_hi = lo + span * (double)(i + 1) / (double)cols;
		double mid = (cell_lo + cell_hi) / 2;
		size_t j = bar->n_bands;
		for (size_t k = 0; k < bar->n_bands; k++)
			if (mid >= bar->bands[k].lo
			    && (mid < bar->bands[k].hi || (k + 1 == bar->n_bands && mid <= bar->bands[k].hi))) {
				j = k;
				break;
			}
		if (unicode) {
			sb_buf_puts(b, sb_text_band_shade(j < bar->n_bands ? j : 0, bar->n_bands, true));
			continue;
		}
		bool boundary = false; /* ASCII has no shades: mark where a band begins */
		for (size_t k = 1; k < bar->n_bands; k++)
			if (bar->bands[k].lo > cell_lo && bar->bands[k].lo <= cell_hi)
				boundary = true;
		sb_buf_putc(b, boundary ? '+' : '-');
	}
}

/* Tick labels under a bar track: the range ends and the band limits between them. */
static void S_bar_axis(sb_text_ctx *c, const sb_profile_bar *bar, size_t indent, size_t tw)
{
	sb_buf line = { 0 };
	size_t at_end = indent; /* the first free column */
	size_t nt = bar->n_bands > 1 ? bar->n_bands + 1 : 2;
	sb_put_repeat(&line, " ", indent);
	for (size_t k = 0; k < nt; k++) {
		double v = k == 0 ? bar->lo : k == nt - 1 ? bar->hi : bar->bands[k].lo;
		char t[32];
		sb_fmt_tick(t, sizeof t, v);
		size_t lw = strlen(t);
		size_t pos = (size_t)lround(S_fraction(v, bar->lo, bar->hi) * (double)tw);
		/* the first label starts at the track, the last ends with it, the others centre */
		size_t at = k == 0 ? pos : k == nt - 1 ? (pos >= lw ? pos - lw : 0)
		                          : (pos >= lw / 2 ? pos - lw / 2 : 0);
		if (at + lw > tw) /* a limit near the end stays under the track */
			at = tw > lw ? tw - lw : 0;
		at += indent;
		if (k > 0 && at <= at_end)
			continue;
		sb_put_repeat(&line, " ", at - at_end);
		sb_buf_puts(&line, t);
		at_end = at + lw;
	}
	sb_text_sgr(c->out, c->color, SB_TEXT_SGR_DIM);
	sb_buf_put(c->out, line.data ? line.data : "", line.len);
	sb_text_sgr_end(c->out, c->color, SB_TEXT_SGR_DIM);
	sb_buf_putc(c->out, '\n');
	if (line.failed)
		c->failed = true;
	sb_buf_free(&line);
}

/* "·· Low 1–3   ░░ Moderate 3–5   ▒▒ High 5–7", packed so that no item is split between lines
 * unless it is wider than a line by itself. */
static void S_band_legend(sb_text_ctx *c, const sb_profile_bar *bar, const char *indent)
{
	size_t iw = strlen(indent), avail = c->width - iw, used = 0;
	sb_buf item = { 0 }, line = { 0 };
	for (size_t j = 0; j < bar->n_bands; j++) {
		char lo[32], hi[32], range[80];
		sb_fmt_tick(lo, sizeof lo, bar->bands[j].lo);
		sb_fmt_tick(hi, sizeof hi, bar->bands[j].hi);
		snprintf(range, sizeof range, " %s%s%s", lo, c->uni ? "\xE2\x80\x93" : "-", hi);
		sb_buf_reset(&item);
		if (c->uni)
			sb_buf_printf(&item, "%s%s ", sb_text_band_shade(j, bar->n_bands, true),
			              sb_text_band_shade(j, bar->n_bands, true));
		if (bar->bands[j].label)
			sb_text_sanitize(&item, bar->bands[j].label, strlen(bar->bands[j].label), false);
		sb_buf_puts(&item, range);
		if (item.failed)
			break;
		size_t w = sb_text_width(item.data, item.len);
		if (used && used + 3 + w > avail) {
			sb_text_wrapped(c, line.data, indent, indent, SB_TEXT_SGR_DIM);
			sb_buf_reset(&line);
			used = 0;
		}
		if (used)
			sb_buf_puts(&line, "   ");
		sb_buf_put(&line, item.data, item.len);
		used += (used ? 3 : 0) + w;
	}
	if (item.failed || line.failed)
		c->failed = true;
	else if (line.len)
		sb_text_wrapped(c, line.data, indent, indent, SB_TEXT_SGR_DIM);
	sb_buf_free(&item);
	sb_buf_free(&line);
}

void sb_text_profile_chart(sb_text_ctx *c, const sb_profile_chart *pc)
{
	if (pc->n_bars == 0)
		return;
	size_t ns = pc->n_series == 2 ? 2 : 1, indent = 2;
	size_t slw = 0, vw = 1;
	if (ns == 2)
		for (size_t s = 0; s < 2; s++)
			if (sb_str_width(pc->series_label[s]) > slw)
				slw = sb_str_width(pc->series_label[s]);
	if (slw > c->width / 4)
		slw = c->width / 4;
	for (size_t i = 0; i < pc->n_bars; i++)
		for (size_t s = 0; s < ns; s++)
			if (sb_str_width(pc->bars[i].value_text[s]) > vw)
				vw = sb_str_width(pc->bars[i].value_text[s]);
	if (vw > c->width / 3)
		vw = c->width / 3;
	size_t lead = indent + (slw ? slw + 1 : 0);
	/* narrow: the value goes under its bar rather than squeezing it */
	bool below = c->width < lead + 2 + vw + 20;
	size_t tw = below ? c->width - lead : c->width - lead - 2 - vw;
	if (below)
		vw = c->width - lead;
	if (tw > S_BAR_MAX)
		tw = S_BAR_MAX;
	bool shared = sb_profile_bands_shared(pc);
	sb_text_para lab = { 0 }, val = { 0 };
	for (size_t i = 0; i < pc->n_bars && !c->failed; i++) {
		const sb_profile_bar *bar = &pc->bars[i];
		sb_text_wrapped(c, bar->name, "", "", SB_TEXT_SGR_BOLD);
		for (size_t s = 0; s < ns; s++) {
			if (!sb_text_para_layout(&val, bar->value_text[s], vw, false)
			    || !sb_text_para_layout(&lab, ns == 2 ? pc->series_label[s] : "", slw ? slw : 1,
			                      false)) {
				c->failed = true;
				break;
			}
			size_t rows = val.lines.n + (below ? 1 : 0);
			if (rows == 0)
				rows = 1;
			for (size_t r = 0; r < rows; r++) {
				size_t vl = below ? r - 1 : r; /* the value line on this row */
				if (r == 0 || !below) {
					sb_put_repeat(c->out, " ", indent);
					if (slw) {
						size_t len = 0;
						const char *t = "";
						if (r == 0 && lab.lines.n)
							t = sb_text_para_line(&lab, 0, &len);
						sb_put_padded(c->out, t, len, slw, 'l');
						sb_buf_putc(c->out, ' ');
					}
					if (r == 0)
						sb_text_bar(c->out, bar, s, tw, c->uni, c->color);
					else
						sb_put_repeat(c->out, " ", tw);
					if (!below && r < val.lines.n)
						sb_buf_puts(c->out, "  ");
				} else {
					sb_put_repeat(c->out, " ", lead);
				}
				if ((!below || r > 0) && vl < val.lines.n) {
					size_t len;
					const char *t = sb_text_para_line(&val, vl, &len);
					sb_buf_put(c->out, t, len);
				}
				/* an unscored bar is blank: no trailing spaces from it */
				while (c->out->len && c->out->data[c->out->len - 1] == ' ')
					c->out->len--;
				sb_buf_putc(c->out, '\n');
			}
		}
		if (!shared) {
			S_bar_axis(c, bar, lead, tw);
			S_band_legend(c, bar, "  ");
		}
	}
	if (shared && pc->n_bars && !c->failed) {
		S_bar_axis(c, &pc->bars[0], lead, tw);
		S_band_legend(c, &pc->bars[0], "");
	}
	sb_text_para_free(&lab);
	sb_text_para_free(&val);
}

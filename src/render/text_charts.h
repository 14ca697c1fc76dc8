/* SPDX-License-Identifier: MIT */
/* text_charts.h — the charts drawn in characters (text_charts.c) that the text renderer draws and
 * the Markdown and HTML renderers reuse: the one way in to them from outside the text renderer. */
#ifndef SB_RENDER_TEXT_CHARTS_H
#define SB_RENDER_TEXT_CHARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "report/doc.h"

/* Appends the style plane as a character grid at most width columns wide, one line per row,
 * each ending in '\n': axis titles, ticks, cut-off lines, the four regions named, the points
 * marked (and a path with an arrowhead from the first to the second when c->arrow). ANSI colour
 * only when color. The point legend is not part of it (sb_text_point_marker). 0, or -1 when
 * memory runs out. */
int sb_text_style_grid(const sb_style_chart *c, size_t width, bool unicode, bool color,
                       sb_buf *out);
/* The marker the grid uses for point i. */
const char *sb_text_point_marker(const sb_style_chart *c, size_t i, bool unicode);

/* Appends a bar of cols cells for series s of bar: the filled part up to the value, the rest of
 * the scale's range shaded band by band (·░▒, never as dark as the fill; '-' with '+' at band
 * boundaries in ASCII). An unscored value draws no strip (blanks). */
void sb_text_bar(sb_buf *b, const sb_profile_bar *bar, size_t s, size_t cols, bool unicode,
                 bool color);
/* Whether every bar has the same range and bands (labels and limits), so that one legend and
 * one axis serve them all. */
bool sb_profile_bands_shared(const sb_profile_chart *c);
/* The shading character of band j of n. */
const char *sb_text_band_shade(size_t j, size_t n, bool unicode);

/* A chart value as printed beside a point ("2.40"), or an axis tick ("4", "3.5"). */
void sb_fmt_value(char *out, size_t size, double v);
void sb_fmt_tick(char *out, size_t size, double v);

#endif

/* SPDX-License-Identifier: MIT */
/* render_md.c — the document as CommonMark (pipe tables for tables; charts as tables and text). */
#include "render/render.h"

#include <stdio.h>
#include <string.h>

#include "render/escape_md.h"
#include "render/text_charts.h"
#include "base/labels.h"
#include "base/textwidth.h"

#define S_BAR_CELLS 20   /* text bars in the profile table */

typedef struct {
	const sb_doc *d;
	sb_buf *out;
	size_t width;    /* for the style chart's character grid */
	bool uni;
	bool failed;
} S_ctx;

/* mid_line: the text follows other text on its line (see sb_md_escape). */
static void S_esc(S_ctx *c, const char *s, bool keep_newlines, bool mid_line, const char *cont)
{
	if (s)
		sb_md_escape(c->out, s, strlen(s), keep_newlines, mid_line, cont);
}

static bool S_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return false;
	return true;
}

static void S_heading(S_ctx *c, int level, const char *text)
{
	sb_put_repeat(c->out, "#", (size_t)level);
	if (!S_blank(text))
		sb_buf_putc(c->out, ' ');
	S_esc(c, text, false, true, NULL);
	sb_buf_putc(c->out, '\n');
}

/* Emphasis cannot cross a blank line, so each paragraph of the text gets its own. */
static void S_emphasised(S_ctx *c, const char *text)
{
	const char *p = text ? text : "";
	bool first = true;
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		size_t a = 0, z = n;
		while (a < n && (p[a] == ' ' || p[a] == '\t' || p[a] == '\n'))
			a++;
		/* and none after: "*text\n*" would not close the emphasis */
		while (z > a && (p[z - 1] == ' ' || p[z - 1] == '\t' || p[z - 1] == '\n'))
			z--;
		if (a < n) {
			if (!first)
				sb_buf_puts(c->out, "\n");
			sb_buf_putc(c->out, '*');
			sb_md_escape(c->out, p + a, z - a, true, true, NULL);
			sb_buf_puts(c->out, "*\n");
			first = false;
		}
		p += n;
		while (*p == '\n')
			p++;
	}
}

static void S_paragraph(S_ctx *c, const sb_block *b)
{
	if (S_blank(b->text))
		return;
	switch (b->tone) {
	case SB_TONE_NORMAL:
	case SB_TONE_LEAD:
		S_esc(c, b->text, true, false, NULL);
		sb_buf_putc(c->out, '\n');
		break;
	case SB_TONE_NOTE:
	case SB_TONE_SMALL:
		S_emphasised(c, b->text);
		break;
	case SB_TONE_ALERT:
		sb_buf_puts(c->out, "> ");
		S_esc(c, b->text, true, false, "> ");
		sb_buf_putc(c->out, '\n');
		break;
	}
}

static void S_list(S_ctx *c, const sb_block *b)
{
	for (size_t i = 0; i < b->n_items; i++) {
		char marker[32], cont[32];
		int n = b->ordered ? snprintf(marker, sizeof marker, "%zu. ", i + 1)
		                   : snprintf(marker, sizeof marker, "- ");
		memset(cont, ' ', (size_t)n);
		cont[n] = '\0';
		sb_buf_puts(c->out, marker);
		S_esc(c, b->items[i], true, false, cont);
		sb_buf_putc(c->out, '\n');
	}
}

static void S_kv(S_ctx *c, const sb_block *b)
{
	for (size_t i = 0; i + 1 < b->n_items; i += 2) {
		sb_buf_puts(c->out, "- ");
		/* the colon stays outside the emphasis so that a key ending in punctuation still
		 * closes it */
		if (!S_blank(b->items[i])) {
			sb_buf_puts(c->out, "**");
			S_esc(c, b->items[i], false, true, NULL);
			sb_buf_printf(c->out, "**%s", sb_label_text(c->d->lang, SB_LABEL_COLON));
		}
		S_esc(c, b->items[i + 1], true, true, "  ");
		sb_buf_putc(c->out, '\n');
	}
}

static void S_delim_row(S_ctx *c, const sb_align *align, size_t nc)
{
	sb_buf_putc(c->out, '|');
	for (size_t col = 0; col < nc; col++) {
		sb_align a = align ? align[col] : SB_ALIGN_LEFT;
		sb_buf_puts(c->out, a == SB_ALIGN_RIGHT ? " ---: |" : a == SB_ALIGN_CENTER ? " :---: |"
		                                                                    : " --- |");
	}
	sb_buf_putc(c->out, '\n');
}

static void S_table(S_ctx *c, const sb_block *b)
{
	size_t nc = b->n_cols;
	if (nc == 0)
		return;
	size_t nrows = (b->n_items + nc - 1) / nc;
	if (nrows == 0)
		nrows = 1;
	for (size_t r = 0; r < nrows; r++) {
		sb_buf_putc(c->out, '|');
		for (size_t col = 0; col < nc; col++) {
			size_t i = r * nc + col;
			sb_buf_putc(c->out, ' ');
			if (i < b->n_items)
				S_esc(c, b->items[i], false, true, NULL);
			sb_buf_puts(c->out, " |");
		}
		sb_buf_putc(c->out, '\n');
		if (r == 0)
			S_delim_row(c, b->align, nc);
	}
}

/* A fence longer than any run of backticks in the text, so the text cannot close it. */
static size_t S_fence_len(const char *s, size_t n)
{
	size_t best = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best + 1 > 3 ? best + 1 : 3;
}

static void S_style_chart(S_ctx *c, const sb_style_chart *ch)
{
	sb_buf grid = { 0 };
	if (sb_text_style_grid(ch, c->width, c->uni, false, &grid) != 0 || grid.failed) {
		c->failed = true;
		sb_buf_free(&grid);
		return;
	}
	size_t fence = S_fence_len(grid.data, grid.len);
	sb_put_repeat(c->out, "`", fence);
	sb_buf_puts(c->out, "text\n");
	sb_buf_put(c->out, grid.data, grid.len);
	sb_put_repeat(c->out, "`", fence);
	sb_buf_putc(c->out, '\n');
	sb_buf_free(&grid);
	if (ch->n_points)
		sb_buf_putc(c->out, '\n');
	for (size_t i = 0; i < ch->n_points; i++) {
		const sb_chart_point *pt = &ch->points[i];
		char x[32], y[32];
		sb_fmt_value(x, sizeof x, pt->x);
		sb_fmt_value(y, sizeof y, pt->y);
		sb_buf_puts(c->out, "- ");
		S_esc(c, sb_text_point_marker(ch, i, c->uni), false, true, NULL);
		sb_buf_putc(c->out, ' ');
		if (pt->label && *pt->label) {
			S_esc(c, pt->label, false, true, NULL);
			sb_buf_puts(c->out, sb_label_text(c->d->lang, SB_LABEL_COLON));
		}
		S_esc(c, ch->x_label, false, true, NULL);
		sb_buf_printf(c->out, " %s%s", x, sb_label_text(c->d->lang, SB_LABEL_COMMA));
		S_esc(c, ch->y_label, false, true, NULL);
		sb_buf_printf(c->out, " %s\n", y);
	}
}

/* "`·` Low 1–3 · `░` Moderate 3–5 · `▒` High 5–7"; at_start: it begins a paragraph. */
static void S_band_legend(S_ctx *c, const sb_profile_bar *bar, bool at_start)
{
	for (size_t j = 0; j < bar->n_bands; j++) {
		char lo[32], hi[32];
		sb_fmt_tick(lo, sizeof lo, bar->bands[j].lo);
		sb_fmt_tick(hi, sizeof hi, bar->bands[j].hi);
		if (j)
			sb_buf_puts(c->out, c->uni ? " \xC2\xB7 " : "; ");
		if (c->uni)
			sb_buf_printf(c->out, "`%s` ", sb_text_band_shade(j, bar->n_bands, true));
		S_esc(c, bar->bands[j].label, false, j > 0 || c->uni || !at_start, NULL);
		sb_buf_printf(c->out, " %s%s%s", lo, c->uni ? "\xE2\x80\x93" : "\\-", hi);
	}
}

static void S_profile_chart(S_ctx *c, const sb_profile_chart *pc)
{
	if (pc->n_bars == 0)
		return;
	size_t ns = pc->n_series == 2 ? 2 : 1;
	bool shared = sb_profile_bands_shared(pc);
	char range[80] = "";
	if (shared && pc->n_bars) {
		char lo[32], hi[32];
		sb_fmt_tick(lo, sizeof lo, pc->bars[0].lo);
		sb_fmt_tick(hi, sizeof hi, pc->bars[0].hi);
		snprintf(range, sizeof range, "%s%s%s", lo, c->uni ? "\xE2\x80\x93" : "\\-", hi);
	}
	sb_buf_printf(c->out, "| %s |", sb_label_text(c->d->lang, SB_LABEL_SCALE));
	for (size_t s = 0; s < ns; s++) {
		sb_buf_putc(c->out, ' ');
		if (ns == 2)
			S_esc(c, pc->series_label[s], false, true, NULL);
		else
			sb_buf_puts(c->out, sb_label_text(c->d->lang, SB_LABEL_CHART_SCORE));
		sb_buf_printf(c->out, " | %s |", range);
	}
	sb_buf_putc(c->out, '\n');
	sb_buf_puts(c->out, "| --- |");
	for (size_t s = 0; s < ns; s++)
		sb_buf_puts(c->out, " ---: | --- |");
	sb_buf_putc(c->out, '\n');
	for (size_t i = 0; i < pc->n_bars; i++) {
		const sb_profile_bar *bar = &pc->bars[i];
		sb_buf_puts(c->out, "| ");
		S_esc(c, bar->name, false, true, NULL);
		sb_buf_puts(c->out, " |");
		for (size_t s = 0; s < ns; s++) {
			sb_buf_putc(c->out, ' ');
			S_esc(c, bar->value_text[s], false, true, NULL);
			sb_buf_puts(c->out, " | `");
			sb_text_bar(c->out, bar, s, S_BAR_CELLS, c->uni, false);
			sb_buf_puts(c->out, "` |");
		}
		sb_buf_putc(c->out, '\n');
	}
	if (!pc->n_bars)
		return;
	sb_buf_putc(c->out, '\n');
	if (shared) {
		S_band_legend(c, &pc->bars[0], true);
		sb_buf_putc(c->out, '\n');
		return;
	}
	for (size_t i = 0; i < pc->n_bars; i++) {
		sb_buf_puts(c->out, "- ");
		S_esc(c, pc->bars[i].name, false, true, NULL);
		sb_buf_printf(c->out, "%s", sb_label_text(c->d->lang, SB_LABEL_COLON));
		S_band_legend(c, &pc->bars[i], false);
		sb_buf_putc(c->out, '\n');
	}
}

static void S_write_area(S_ctx *c, const sb_block *b)
{
	/* Underscores are markup: each is escaped. */
	if (b->lines <= 1) {
		if (!S_blank(b->text)) {
			S_esc(c, b->text, false, false, NULL);
			sb_buf_putc(c->out, ' ');
		}
		sb_put_repeat(c->out, "\\_", 30);
		sb_buf_putc(c->out, '\n');
		return;
	}
	if (!S_blank(b->text)) {
		S_esc(c, b->text, true, false, NULL);
		sb_buf_puts(c->out, "\n\n");
	}
	for (size_t i = 0; i < b->lines; i++) {
		if (i)
			sb_buf_putc(c->out, '\n');
		sb_put_repeat(c->out, "\\_", 40);
		sb_buf_putc(c->out, '\n');
	}
}

static void S_header(S_ctx *c, bool *started)
{
	const sb_doc *d = c->d;
	if (d->title) {
		S_heading(c, 1, d->title);
		*started = true;
	}
	if (!S_blank(d->subtitle)) {
		if (*started)
			sb_buf_putc(c->out, '\n');
		S_esc(c, d->subtitle, true, false, NULL);
		sb_buf_putc(c->out, '\n');
		*started = true;
	}
	if (d->respondent || d->date) {
		if (*started)
			sb_buf_putc(c->out, '\n');
		const char *sep = sb_label_text(d->lang, SB_LABEL_COLON);
		if (d->respondent) {
			sb_buf_printf(c->out, "**%s**%s", sb_label_text(d->lang, SB_LABEL_ID), sep);
			S_esc(c, d->respondent, false, true, NULL);
		}
		if (d->date) {
			if (d->respondent)
				sb_buf_puts(c->out, "\\\n"); /* a hard line break */
			sb_buf_printf(c->out, "**%s**%s", sb_label_text(d->lang, SB_LABEL_DATE), sep);
			S_esc(c, d->date, false, true, NULL);
		}
		sb_buf_putc(c->out, '\n');
		*started = true;
	}
}

sb_status sb_render_md(const sb_doc *d, const sb_render_opts *o, sb_buf *out)
{
	S_ctx c = {
		.d = d,
		.out = out,
		.width = o && o->width >= 40 ? (size_t)o->width : o && o->width > 0 ? 40 : 80,
		.uni = !o || o->unicode,
	};
	if (c.width > 100)
		c.width = 100;
	bool started = false;
	S_header(&c, &started);
	for (size_t i = 0; i < d->n_blocks && !c.failed && !out->failed; i++) {
		const sb_block *b = &d->blocks[i];
		size_t mark = out->len;
		if (started)
			sb_buf_putc(out, '\n');
		size_t body = out->len;
		switch (b->kind) {
		case SB_BLOCK_HEADING:
			S_heading(&c, b->level + 1, b->text);
			break;
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
			sb_buf_puts(out, "---\n");
			break;
		}
		/* a block that wrote nothing leaves no blank line either */
		if (out->len == body && !out->failed) {
			out->len = mark;
			if (out->data)
				out->data[mark] = '\0';
		} else {
			started = true;
		}
	}
	if (d->footer) {
		if (started)
			sb_buf_putc(out, '\n');
		sb_buf_puts(out, "---\n\n");
		S_emphasised(&c, d->footer);
	}
	return c.failed || out->failed ? SB_ERR_INTERNAL : SB_OK;
}

/* SPDX-License-Identifier: MIT */
/* render_text.c — the document as terminal text: wrapped, CJK-aware; the charts are drawn by
 * text_charts.c. */
#include "render/render.h"
#include "render/text_priv.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/labels.h"
#include "base/textwidth.h"

#define S_DEFAULT_WIDTH 80
#define S_MIN_WIDTH 20   /* narrower than this, nothing is legible: lines may run over */
#define S_MAX_WIDTH 400

static size_t S_max_line(const sb_text_para *p)
{
	size_t w = 0;
	for (size_t i = 0; i < p->lines.n; i++)
		if (p->lines.v[i].width > w)
			w = p->lines.v[i].width;
	return w;
}

static void S_rule(sb_text_ctx *c, const char *uni, const char *ascii, size_t n, const char *sgr)
{
	sb_text_sgr(c->out, c->color, sgr);
	sb_put_repeat(c->out, c->uni ? uni : ascii, n);
	sb_text_sgr_end(c->out, c->color, sgr);
	sb_buf_putc(c->out, '\n');
}

/* level 0 is the document title. */
static void S_heading(sb_text_ctx *c, const char *text, int level)
{
	static const char *const uni_rule[] = { "\xE2\x94\x81", "\xE2\x94\x80", "\xE2\x94\x84" };
	static const char *const ascii_rule[] = { "=", "-", "~" };
	const char *prefix = level >= 3 ? (c->uni ? "\xE2\x96\xB8 " : "> ") : "";
	const char *sgr = level == 0 ? SB_TEXT_SGR_TITLE : SB_TEXT_SGR_BOLD;
	size_t pw = sb_str_width(prefix);
	sb_text_para p = { 0 };
	if (!sb_text_para_layout(&p, text, c->width - pw, false)) {
		c->failed = true;
		sb_text_para_free(&p);
		return;
	}
	for (size_t i = 0; i < p.lines.n; i++) {
		size_t len;
		const char *s = sb_text_para_line(&p, i, &len);
		sb_buf_puts(c->out, i == 0 ? prefix : "");
		if (i)
			sb_put_repeat(c->out, " ", pw);
		sb_text_sgr(c->out, c->color, sgr);
		sb_buf_put(c->out, s, len);
		sb_text_sgr_end(c->out, c->color, sgr);
		sb_buf_putc(c->out, '\n');
	}
	if (level < 3 && p.lines.n)
		S_rule(c, uni_rule[level], ascii_rule[level], S_max_line(&p), level ? NULL : sgr);
	sb_text_para_free(&p);
}

/* A framed box across the width: the text needs attention. */
static void S_alert(sb_text_ctx *c, const char *text)
{
	size_t inner = c->width - 4;
	sb_text_para p = { 0 };
	if (!sb_text_para_layout(&p, text, inner, true)) {
		c->failed = true;
		sb_text_para_free(&p);
		return;
	}
	const char *h = c->uni ? "\xE2\x94\x80" : "-", *v = c->uni ? "\xE2\x94\x82" : "|";
	sb_text_sgr(c->out, c->color, SB_TEXT_SGR_FRAME);
	sb_buf_puts(c->out, c->uni ? "\xE2\x94\x8C" : "+");
	sb_put_repeat(c->out, h, c->width - 2);
	sb_buf_puts(c->out, c->uni ? "\xE2\x94\x90" : "+");
	sb_text_sgr_end(c->out, c->color, SB_TEXT_SGR_FRAME);
	sb_buf_putc(c->out, '\n');
	for (size_t i = 0; i < p.lines.n; i++) {
		size_t len;
		const char *s = sb_text_para_line(&p, i, &len);
		sb_text_sgr(c->out, c->color, SB_TEXT_SGR_FRAME);
		sb_buf_puts(c->out, v);
		sb_text_sgr_end(c->out, c->color, SB_TEXT_SGR_FRAME);
		sb_buf_putc(c->out, ' ');
		sb_text_sgr(c->out, c->color, SB_TEXT_SGR_BOLD);
		sb_buf_put(c->out, s, len);
		sb_text_sgr_end(c->out, c->color, SB_TEXT_SGR_BOLD);
		sb_put_repeat(c->out, " ", p.lines.v[i].width < inner ? inner - p.lines.v[i].width : 0);
		sb_buf_putc(c->out, ' ');
		sb_text_sgr(c->out, c->color, SB_TEXT_SGR_FRAME);
		sb_buf_puts(c->out, v);
		sb_text_sgr_end(c->out, c->color, SB_TEXT_SGR_FRAME);
		sb_buf_putc(c->out, '\n');
	}
	sb_text_sgr(c->out, c->color, SB_TEXT_SGR_FRAME);
	sb_buf_puts(c->out, c->uni ? "\xE2\x94\x94" : "+");
	sb_put_repeat(c->out, h, c->width - 2);
	sb_buf_puts(c->out, c->uni ? "\xE2\x94\x98" : "+");
	sb_text_sgr_end(c->out, c->color, SB_TEXT_SGR_FRAME);
	sb_buf_putc(c->out, '\n');
	sb_text_para_free(&p);
}

static void S_paragraph(sb_text_ctx *c, const sb_block *b)
{
	switch (b->tone) {
	case SB_TONE_NORMAL:
		sb_text_wrapped(c, b->text, "", "", NULL);
		break;
	case SB_TONE_LEAD:
		sb_text_wrapped(c, b->text, "", "", SB_TEXT_SGR_BOLD);
		break;
	case SB_TONE_NOTE:
		sb_text_wrapped(c, b->text, "  ", "  ", SB_TEXT_SGR_DIM);
		break;
	case SB_TONE_SMALL:
		sb_text_wrapped(c, b->text, "    ", "    ", SB_TEXT_SGR_DIM);
		break;
	case SB_TONE_ALERT:
		S_alert(c, b->text);
		break;
	}
}

static void S_list(sb_text_ctx *c, const sb_block *b)
{
	char first[32], rest[32];
	size_t mw = 2;
	if (b->ordered)
		mw = (size_t)snprintf(NULL, 0, "%zu", b->n_items) + 2;
	memset(rest, ' ', mw);
	rest[mw] = '\0';
	for (size_t i = 0; i < b->n_items; i++) {
		if (b->ordered)
			snprintf(first, sizeof first, "%*zu. ", (int)(mw - 2), i + 1);
		else
			snprintf(first, sizeof first, "%s", c->uni ? "\xE2\x80\xA2 " : "- ");
		sb_text_wrapped(c, b->items[i], first, rest, NULL);
	}
}

static void S_kv(sb_text_ctx *c, const sb_block *b)
{
	size_t np = b->n_items / 2, kw = 0;
	for (size_t i = 0; i < np; i++) {
		size_t w = sb_str_width(b->items[2 * i]);
		if (w > kw)
			kw = w;
	}
	if (kw > c->width / 3)
		kw = c->width / 3;
	size_t vw = c->width - kw - 2;
	sb_text_para k = { 0 }, v = { 0 };
	for (size_t i = 0; i < np && !c->failed; i++) {
		if (!sb_text_para_layout(&k, b->items[2 * i], kw, false)
		    || !sb_text_para_layout(&v, b->items[2 * i + 1], vw, true)) {
			c->failed = true;
			break;
		}
		size_t rows = k.lines.n > v.lines.n ? k.lines.n : v.lines.n;
		for (size_t r = 0; r < rows; r++) {
			size_t kl = 0, vl = 0, kwid = 0;
			const char *ks = "", *vs = "";
			if (r < k.lines.n) {
				ks = sb_text_para_line(&k, r, &kl);
				kwid = k.lines.v[r].width;
			}
			if (r < v.lines.n)
				vs = sb_text_para_line(&v, r, &vl);
			sb_text_sgr(c->out, c->color && kl, SB_TEXT_SGR_BOLD);
			sb_buf_put(c->out, ks, kl);
			sb_text_sgr_end(c->out, c->color && kl, SB_TEXT_SGR_BOLD);
			if (vl) {
				sb_put_repeat(c->out, " ", (kwid < kw ? kw - kwid : 0) + 2);
				sb_buf_put(c->out, vs, vl);
			}
			sb_buf_putc(c->out, '\n');
		}
	}
	sb_text_para_free(&k);
	sb_text_para_free(&v);
}

/* Column widths that fit avail: narrow columns keep their natural width, wide ones share the
 * rest evenly (largest cap c with sum(min(natural, c)) <= avail). */
static void S_fit(size_t *w, const size_t *nat, size_t nc, size_t avail)
{
	size_t total = 0, maxn = 0;
	for (size_t i = 0; i < nc; i++) {
		total += nat[i];
		if (nat[i] > maxn)
			maxn = nat[i];
	}
	if (total <= avail) {
		memcpy(w, nat, nc * sizeof *w);
		return;
	}
	size_t lo = 1, hi = maxn; /* find the largest cap that fits */
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2, s = 0;
		for (size_t i = 0; i < nc; i++)
			s += nat[i] < mid ? nat[i] : mid;
		if (s <= avail)
			lo = mid;
		else
			hi = mid - 1;
	}
	size_t used = 0;
	for (size_t i = 0; i < nc; i++) {
		w[i] = nat[i] < lo ? nat[i] : lo;
		if (w[i] < 2)
			w[i] = nat[i] < 2 ? nat[i] : 2; /* room for one CJK character */
		used += w[i];
	}
	for (size_t i = 0; i < nc && used < avail; i++)
		if (nat[i] > w[i]) {
			w[i]++;
			used++;
		}
}

static char S_align_char(const sb_block *b, size_t col)
{
	sb_align a = b->align ? b->align[col] : SB_ALIGN_LEFT;
	return a == SB_ALIGN_RIGHT ? 'r' : a == SB_ALIGN_CENTER ? 'c' : 'l';
}

static void S_table(sb_text_ctx *c, const sb_block *b)
{
	size_t nc = b->n_cols;
	if (nc == 0 || b->n_items == 0)
		return;
	size_t nrows = (b->n_items + nc - 1) / nc;
	size_t *nat = sb_calloc(nc, sizeof *nat), *w = sb_calloc(nc, sizeof *w);
	sb_text_para *cells = sb_calloc(nc, sizeof *cells);
	if (!nat || !w || !cells) {
		c->failed = true;
		goto done;
	}
	for (size_t i = 0; i < b->n_items; i++) {
		size_t cw = sb_str_width(b->items[i]);
		if (cw > nat[i % nc])
			nat[i % nc] = cw;
	}
	size_t gap = 2, avail = c->width > gap * (nc - 1) ? c->width - gap * (nc - 1) : nc;
	S_fit(w, nat, nc, avail);
	for (size_t r = 0; r < nrows && !c->failed; r++) {
		size_t height = 0;
		for (size_t col = 0; col < nc; col++) {
			size_t i = r * nc + col;
			if (!sb_text_para_layout(&cells[col], i < b->n_items ? b->items[i] : "", w[col], true)) {
				c->failed = true;
				goto done;
			}
			if (cells[col].lines.n > height)
				height = cells[col].lines.n;
		}
		const char *sgr = r == 0 ? SB_TEXT_SGR_BOLD : NULL;
		for (size_t l = 0; l < height; l++) {
			sb_buf line = { 0 };
			for (size_t col = 0; col < nc; col++) {
				size_t len = 0;
				const char *s = "";
				if (l < cells[col].lines.n)
					s = sb_text_para_line(&cells[col], l, &len);
				if (col)
					sb_put_repeat(&line, " ", gap);
				sb_put_padded(&line, s, len, w[col], S_align_char(b, col));
			}
			size_t n = line.len;
			while (n > 0 && line.data[n - 1] == ' ')
				n--;
			sb_text_sgr(c->out, c->color && n, sgr);
			if (n)
				sb_buf_put(c->out, line.data, n);
			sb_text_sgr_end(c->out, c->color && n, sgr);
			sb_buf_putc(c->out, '\n');
			if (line.failed)
				c->failed = true;
			sb_buf_free(&line);
		}
		if (r == 0) {
			for (size_t col = 0; col < nc; col++) {
				if (col)
					sb_put_repeat(c->out, " ", gap);
				sb_put_repeat(c->out, c->uni ? "\xE2\x94\x80" : "-", w[col]);
			}
			sb_buf_putc(c->out, '\n');
		}
	}
done:
	if (cells)
		for (size_t col = 0; col < nc; col++)
			sb_text_para_free(&cells[col]);
	sb_free(cells);
	sb_free(nat);
	sb_free(w);
}

static void S_write_area(sb_text_ctx *c, const sb_block *b)
{
	size_t lw = sb_str_width(b->text);
	if (b->lines <= 1 && lw + 10 <= c->width && !(b->text && strchr(b->text, '\n'))) {
		/* one line to fill in: the label and the line side by side */
		if (lw) {
			sb_text_sanitize(c->out, b->text, strlen(b->text), false);
			sb_buf_putc(c->out, ' ');
		}
		sb_put_repeat(c->out, "_", c->width - lw - (lw ? 1 : 0));
		sb_buf_putc(c->out, '\n');
		return;
	}
	if (lw)
		sb_text_wrapped(c, b->text, "", "", NULL);
	for (size_t i = 0; i < (b->lines ? b->lines : 1); i++) {
		sb_buf_putc(c->out, '\n'); /* room to write above each line */
		sb_put_repeat(c->out, "_", c->width);
		sb_buf_putc(c->out, '\n');
	}
}

static void S_header(sb_text_ctx *c)
{
	const sb_doc *d = c->d;
	if (d->title) {
		S_heading(c, d->title, 0);
		c->started = true;
	}
	if (d->subtitle) {
		sb_text_wrapped(c, d->subtitle, "", "", NULL);
		c->started = true;
	}
	if (d->respondent || d->date) {
		sb_buf t = { 0 };
		if (d->respondent)
			sb_buf_printf(&t, "%s%s%s", sb_label_text(d->lang, SB_LABEL_ID),
			              sb_label_text(d->lang, SB_LABEL_COLON), d->respondent);
		if (d->date)
			sb_buf_printf(&t, "%s%s%s%s", d->respondent ? "   " : "",
			              sb_label_text(d->lang, SB_LABEL_DATE),
			              sb_label_text(d->lang, SB_LABEL_COLON), d->date);
		if (t.failed)
			c->failed = true;
		else
			sb_text_wrapped(c, t.data, "", "", NULL);
		sb_buf_free(&t);
		c->started = true;
	}
}

sb_status sb_render_text(const sb_doc *d, const sb_render_opts *o, sb_buf *out)
{
	sb_text_ctx c = {
		.d = d,
		.out = out,
		.width = o && o->width > 0 ? (size_t)o->width : S_DEFAULT_WIDTH,
		.color = o && o->color,
		.uni = !o || o->unicode,
	};
	if (c.width < S_MIN_WIDTH)
		c.width = S_MIN_WIDTH;
	if (c.width > S_MAX_WIDTH)
		c.width = S_MAX_WIDTH;
	S_header(&c);
	for (size_t i = 0; i < d->n_blocks && !c.failed && !out->failed; i++) {
		const sb_block *b = &d->blocks[i];
		size_t mark = out->len;
		if (c.started)
			sb_buf_putc(out, '\n');
		if (c.started && b->kind == SB_BLOCK_HEADING && b->level == 1)
			sb_buf_putc(out, '\n');
		size_t body = out->len;
		switch (b->kind) {
		case SB_BLOCK_HEADING:
			S_heading(&c, b->text, b->level);
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
				sb_text_style_chart(&c, b->style_chart);
			break;
		case SB_BLOCK_PROFILE_CHART:
			if (b->profile_chart)
				sb_text_profile_chart(&c, b->profile_chart);
			break;
		case SB_BLOCK_WRITE_AREA:
			S_write_area(&c, b);
			break;
		case SB_BLOCK_PAGE_BREAK:
			S_rule(&c, "\xE2\x94\x88", "-", c.width, SB_TEXT_SGR_DIM);
			break;
		}
		/* a block that drew nothing (an empty list, a missing text) leaves no gap either */
		if (out->len == body && !out->failed) {
			out->len = mark;
			if (out->data)
				out->data[mark] = '\0';
		} else {
			c.started = true;
		}
	}
	if (d->footer && !c.failed) {
		if (c.started)
			sb_buf_putc(out, '\n');
		S_rule(&c, "\xE2\x94\x80", "-", c.width, SB_TEXT_SGR_DIM);
		sb_text_wrapped(&c, d->footer, "", "", SB_TEXT_SGR_DIM);
	}
	return c.failed || out->failed ? SB_ERR_INTERNAL : SB_OK;
}

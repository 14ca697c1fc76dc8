/* SPDX-License-Identifier: MIT */
/* text_wrap.c — the text renderer's paragraphs: sanitised, laid out in columns (CJK-aware),
 * written with prefixes and colour. Shared by render_text.c and text_charts.c (text_priv.h). */
#include "render/text_priv.h"

#include <string.h>

void sb_text_para_free(sb_text_para *p)
{
	sb_buf_free(&p->text);
	sb_spans_free(&p->lines);
}

bool sb_text_para_layout(sb_text_para *p, const char *s, size_t width, bool keep_newlines)
{
	sb_buf_reset(&p->text);
	p->lines.n = 0;
	if (s)
		sb_text_sanitize(&p->text, s, strlen(s), keep_newlines);
	if (p->text.failed)
		return false;
	/* blank lines before and after the text are no part of it */
	size_t a = 0, e = p->text.len;
	while (a < e && (p->text.data[a] == '\n' || p->text.data[a] == ' '))
		a++;
	while (e > a && (p->text.data[e - 1] == '\n' || p->text.data[e - 1] == ' '))
		e--;
	if (a == e)
		return true;
	if (sb_wrap(p->text.data + a, e - a, width, &p->lines) != 0)
		return false;
	for (size_t i = 0; i < p->lines.n; i++)
		p->lines.v[i].off += a;
	return true;
}

const char *sb_text_para_line(const sb_text_para *p, size_t i, size_t *len)
{
	*len = p->lines.v[i].len;
	return p->text.data + p->lines.v[i].off;
}

void sb_text_sgr(sb_buf *b, bool color, const char *code)
{
	if (color && code)
		sb_buf_printf(b, "\033[%sm", code);
}

void sb_text_sgr_end(sb_buf *b, bool color, const char *code)
{
	if (color && code)
		sb_buf_puts(b, "\033[0m");
}

void sb_text_wrapped(sb_text_ctx *c, const char *text, const char *first, const char *rest,
                      const char *sgr)
{
	size_t pw = sb_str_width(first) > sb_str_width(rest) ? sb_str_width(first)
	                                                      : sb_str_width(rest);
	size_t w = c->width > pw + 10 ? c->width - pw : 10;
	sb_text_para p = { 0 };
	if (!sb_text_para_layout(&p, text, w, true)) {
		c->failed = true;
	} else {
		for (size_t i = 0; i < p.lines.n; i++) {
			size_t len;
			const char *s = sb_text_para_line(&p, i, &len);
			if (len) {
				sb_buf_puts(c->out, i ? rest : first);
				sb_text_sgr(c->out, c->color, sgr);
				sb_buf_put(c->out, s, len);
				sb_text_sgr_end(c->out, c->color, sgr);
			}
			sb_buf_putc(c->out, '\n');
		}
	}
	sb_text_para_free(&p);
}

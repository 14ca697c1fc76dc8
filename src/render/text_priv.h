/* SPDX-License-Identifier: MIT */
/* text_priv.h — what the text renderer (render_text.c) and its character charts (text_charts.c)
 * share: the renderer's state, paragraphs laid out in columns (text_wrap.c), ANSI colour. Private
 * to those three files; the Markdown and HTML renderers use render/text_charts.h instead. */
#ifndef SB_RENDER_TEXT_PRIV_H
#define SB_RENDER_TEXT_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/textwidth.h"
#include "report/doc.h"

/* ANSI SGR parameters, used only when colour is allowed. */
#define SB_TEXT_SGR_TITLE "1;36"
#define SB_TEXT_SGR_BOLD "1"
#define SB_TEXT_SGR_DIM "2"
#define SB_TEXT_SGR_FRAME "33"
#define SB_TEXT_SGR_POINT "1;35"
#define SB_TEXT_SGR_PATH "35"
#define SB_TEXT_SGR_FILL "36"

/* A paragraph laid out in columns. */
typedef struct {
	sb_buf text;     /* the sanitised text */
	sb_spans lines;  /* its lines, wrapped */
} sb_text_para;

/* The text renderer's state while it writes one document. */
typedef struct {
	const sb_doc *d;
	sb_buf *out;
	size_t width;
	bool color, uni;
	bool failed;     /* a scratch allocation failed (out has its own flag) */
	bool started;    /* something is written: the next block needs a blank line first */
} sb_text_ctx;

/* --- text_wrap.c --- */

void sb_text_para_free(sb_text_para *p);
/* Lays s out in width columns; false when memory runs out (p stays freeable). */
bool sb_text_para_layout(sb_text_para *p, const char *s, size_t width, bool keep_newlines);
/* Line i of p and its length in bytes. */
const char *sb_text_para_line(const sb_text_para *p, size_t i, size_t *len);
/* Starts and ends colour code (an SGR parameter; NULL for none) when color. */
void sb_text_sgr(sb_buf *b, bool color, const char *code);
void sb_text_sgr_end(sb_buf *b, bool color, const char *code);
/* Writes text wrapped into the width left after the prefixes: first before the first line,
 * rest before the others; sgr colours the text. */
void sb_text_wrapped(sb_text_ctx *c, const char *text, const char *first, const char *rest,
                     const char *sgr);

/* --- text_charts.c: the chart blocks of the text renderer --- */

/* The style plane as a character grid, then a legend line for each point. */
void sb_text_style_chart(sb_text_ctx *c, const sb_style_chart *ch);
/* One bar per scale (two for a retest or a couple), the values beside (or under) them, the
 * range's ticks and the band legend, once when every bar shares them. */
void sb_text_profile_chart(sb_text_ctx *c, const sb_profile_chart *pc);

#endif

/* SPDX-License-Identifier: MIT */
/* assess_lines.c — `securebase assess` without a terminal: one answer per line from standard
 * input, statements and messages on standard error, saved after every answer. */
#include <stdio.h>
#include <string.h>

#include "cli/assess/assess_save.h"
#include "base/textwidth.h"

/* Longest line read. */
#define S_LINE_MAX 4096

static void S_err(sb_assess *x, const char *s)
{
	sb_buf b = { 0 };
	sb_text_sanitize(&b, s, strlen(s), true);
	if (b.data)
		fputs(b.data, stderr);
	(void)x;
	sb_buf_free(&b);
}

static void S_line_legend(sb_assess *x, const sb_response_scale *r)
{
	sb_buf b = { 0 };
	sb_buf_puts(&b, sb_assess_t(x, SB_AT_LINE_LEGEND));
	for (int v = r->min; v <= r->max; v++)
		sb_buf_printf(&b, "%s%d %s", v == r->min ? "" : " · ", v,
		              sb_assess_text(x, &r->labels[v - r->min]));
	sb_buf_puts(&b, sb_assess_t(x, SB_AT_LINE_LEGEND_END));
	S_err(x, b.data ? b.data : "");
	sb_buf_free(&b);
}

sb_assess_outcome sb_assess_lines(sb_assess *x)
{
	const sb_bank *b = x->b;
	bool quiet = x->c->quiet;
	size_t legend_for = SB_NONE;
	unsigned long lineno = 0;
	sb_buf line = { 0 };
	sb_assess_outcome out = SB_ASSESS_FINISHED;
	if (!quiet) {
		char head[1024];
		snprintf(head, sizeof head, "%s\n", sb_assess_text(x, &b->title));
		S_err(x, head);
		if (x->resumed) {
			snprintf(head, sizeof head, sb_assess_t(x, SB_AT_LINE_RESUMED), x->s->pos + 1);
			S_err(x, head);
		}
	}
	while (!sb_session_finished(x->s)) {
		const sb_item *it = &b->items[x->s->pos];
		const sb_response_scale *r = &b->responses[it->response];
		if (!quiet) {
			if (legend_for != it->response) {
				S_line_legend(x, r);
				legend_for = it->response;
			}
			char head[64];
			snprintf(head, sizeof head, "%zu/%zu. ", x->s->pos + 1, x->s->n_items);
			fputs(head, stderr);
			S_err(x, sb_assess_text(x, &it->text));
			fputc('\n', stderr);
		}
		bool too_long;
		sb_key k = sb_term_line(&line, S_LINE_MAX, &too_long);
		if (k.kind == SB_KEY_SIGNAL) {
			x->stop_sig = k.sig;
			out = SB_ASSESS_STOPPED;
			break;
		}
		if (k.kind == SB_KEY_EOF) {
			out = SB_ASSESS_PAUSED;
			break;
		}
		lineno++;
		int v = 0;
		sb_line_kind kind = too_long ? SB_LINE_NOT_NUMBER
		                             : sb_session_parse_line(line.data ? line.data : "", line.len,
		                                                     r->min, r->max, &v);
		if (kind == SB_LINE_VALUE || kind == SB_LINE_SKIP) {
			if (kind == SB_LINE_VALUE)
				sb_session_answer(x->s, b, v);
			else
				sb_session_skip(x->s);
			sb_assess_save_state(x);
			if (x->save_failed) { /* nothing more is asked that could not be kept */
				out = SB_ASSESS_UNSAVED;
				break;
			}
		} else {
			x->bad_lines++;
			char msg[512];
			sb_buf shown = { 0 };
			sb_text_sanitize(&shown, line.data ? line.data : "", line.len, false);
			const char *s = shown.data ? shown.data : "";
			bool range = kind == SB_LINE_OUT_OF_RANGE;
			snprintf(msg, sizeof msg, sb_assess_t(x, SB_AT_LINE_BAD), lineno, s,
			         sb_assess_t(x, range ? SB_AT_LINE_OUT_OF_RANGE : SB_AT_LINE_NOT_NUMBER),
			         x->s->pos + 1, r->min, r->max);
			fputs(msg, stderr);
			sb_buf_free(&shown);
		}
	}
	sb_buf_free(&line);
	return out;
}


/* SPDX-License-Identifier: MIT */
/* cli_assess.c — the screens of `securebase assess` in the terminal: the welcome, the resume
 * menu, one statement at a time with single keys, the keys help and the end screen. The
 * questionnaire screen reads keys and returns what the person did (sb_assess_next_event); the
 * command (cmd_assess.c) changes the session and saves it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "cli/assess/cli_assess.h"
#include "cli/cli_term.h"
#include "score/score.h"
#include "base/textwidth.h"

/* The widest text column on screen; longer lines are hard to read. */
#define S_MAX_TEXT 76

/* ---- drawing ---------------------------------------------------------------------------- */

#define S_BOLD(x) SB_ASSESS_BOLD(x)
#define S_DIM(x) SB_ASSESS_DIM(x)
#define S_ACCENT(x) SB_ASSESS_ACCENT(x)
#define S_OFF(x) SB_ASSESS_OFF(x)

/* The width text is wrapped to (with the left margin of 2). */
static int S_text_width(const sb_assess *x)
{
	int w = x->cols - 1;
	return w > S_MAX_TEXT + 2 ? S_MAX_TEXT + 2 : w;
}

static void S_clear(sb_assess *x)
{
	sb_term_size(&x->cols, &x->rows);
	sb_buf_reset(&x->scr);
	sb_buf_puts(&x->scr, "\033[H\033[2J");
}

static void S_flush(sb_assess *x)
{
	if (x->scr.len)
		sb_term_write(x->scr.data, x->scr.len);
	sb_buf_reset(&x->scr);
}

static void S_para(sb_assess *x, const char *style, const char *text)
{
	sb_buf_puts(&x->scr, style);
	sb_term_wrap(&x->scr, text, S_text_width(x), 2);
	if (*style) /* (a style is set only with colour on) */
		sb_buf_puts(&x->scr, SB_ASSESS_RESET);
}

/* A line with a fixed-width prefix (a key, a number) and text wrapped beside it. */
static void S_hanging(sb_assess *x, const char *prefix, int prefix_cols, const char *text,
                      const char *style)
{
	int pw = (int)sb_str_width(prefix);
	sb_buf w = { 0 };
	sb_term_wrap(&w, text, S_text_width(x), prefix_cols);
	const char *t = w.data ? w.data : "\n";
	size_t skip = 0;
	while (skip < (size_t)prefix_cols && t[skip] == ' ')
		skip++;
	sb_buf_puts(&x->scr, prefix);
	for (int i = pw; i < prefix_cols; i++)
		sb_buf_putc(&x->scr, ' ');
	sb_buf_puts(&x->scr, style);
	/* The first line, then the rest (already indented). */
	const char *nl = strchr(t + skip, '\n');
	size_t first = nl ? (size_t)(nl - (t + skip)) : strlen(t + skip);
	sb_buf_put(&x->scr, t + skip, first);
	if (*style)
		sb_buf_puts(&x->scr, SB_ASSESS_RESET);
	sb_buf_puts(&x->scr, "\n");
	if (nl && nl[1]) {
		sb_buf_puts(&x->scr, style);
		sb_buf_puts(&x->scr, nl + 1);
		if (*style)
			sb_buf_puts(&x->scr, SB_ASSESS_RESET);
	}
	sb_buf_free(&w);
}

/* "  12 / 48  ████░░░░", then a blank line unless compact. */
static void S_progress(sb_assess *x, bool compact)
{
	size_t n = x->s->n_items, at = x->s->pos < n ? x->s->pos + 1 : n;
	char count[48];
	snprintf(count, sizeof count, "%zu / %zu", at, n);
	int bar = S_text_width(x) - 2 - (int)strlen(count) - 2;
	if (bar > 40)
		bar = 40;
	sb_buf_printf(&x->scr, "  %s%s%s", S_BOLD(x), count, S_OFF(x));
	if (bar >= 8) {
		int filled = (int)((double)bar * (double)x->s->pos / (double)n + 0.5);
		sb_buf_printf(&x->scr, "  %s", S_ACCENT(x));
		for (int i = 0; i < bar; i++) {
			if (i == filled)
				sb_buf_printf(&x->scr, "%s%s", S_OFF(x), S_DIM(x));
			if (x->unicode)
				sb_buf_puts(&x->scr, i < filled ? "█" : "░");
			else
				sb_buf_putc(&x->scr, i < filled ? '#' : '-');
		}
		sb_buf_puts(&x->scr, S_OFF(x));
	}
	sb_buf_puts(&x->scr, compact ? "\n" : "\n\n");
}

/* "b/←" or "b or ←" with the arrow, "b" without UTF-8. */
static const char *S_back_key(const sb_assess *x, sb_assess_str with_arrow)
{
	return x->unicode ? sb_assess_t(x, with_arrow) : "  b";
}

/* The keys line under a statement. */
static void S_keys_line(sb_assess *x, const sb_response_scale *r)
{
	char range[32], line[256];
	sb_assess_range(x, r, range, sizeof range);
	snprintf(line, sizeof line, sb_assess_t(x, SB_AT_KEYS_LINE), range, x->unicode ? "/←" : "");
	S_para(x, S_DIM(x), line);
}

static void S_draw_hint(sb_assess *x)
{
	/* (No note of a failed save: no screen is drawn after one, S_questions stops at once.) */
	if (x->hint)
		S_para(x, S_BOLD(x), x->hint);
}

/* Replaces the first "from" in line (a buffer of n bytes) with "to", which is not longer. */
static void S_replace(char *line, const char *from, const char *to)
{
	char *at = strstr(line, from);
	if (!at)
		return;
	size_t fl = strlen(from), tl = strlen(to);
	memcpy(at, to, tl);
	memmove(at + tl, at + fl, strlen(at + fl) + 1);
}

static void S_draw_welcome(sb_assess *x)
{
	const sb_bank *b = x->b;
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_assess_text(x, &b->title));
	sb_buf_puts(&x->scr, "\n");
	S_para(x, "", sb_assess_text(x, &b->texts.about));
	sb_buf_puts(&x->scr, "\n");
	S_para(x, "", sb_assess_text(x, &b->texts.instructions));
	sb_buf_puts(&x->scr, "\n");
	char line[1024];
	snprintf(line, sizeof line, sb_assess_t(x, SB_AT_WELCOME_PRIVACY), x->state_shown);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	const sb_response_scale *r = &b->responses[b->items[0].response];
	char range[32];
	sb_assess_range(x, r, range, sizeof range);
	snprintf(line, sizeof line, sb_assess_t(x, SB_AT_WELCOME_KEYS), range);
	if (!x->unicode)
		S_replace(line, " ← ", " < ");
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_assess_t(x, SB_AT_WELCOME_BEGIN));
	S_draw_hint(x);
	S_flush(x);
}

static void S_draw_resume(sb_assess *x)
{
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_assess_text(x, &x->b->title));
	sb_buf_puts(&x->scr, "\n");
	char when[64], line[512];
	sb_assess_time(x->s->started, "%Y-%m-%d %H:%M", when, sizeof when);
	size_t answered = sb_session_answered(x->s), n = x->s->n_items;
	snprintf(line, sizeof line, sb_assess_t(x, SB_AT_RESUME_WELCOME), when, answered, n);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	size_t at = x->s->pos < n ? x->s->pos + 1 : n;
	if (x->s->pos < n)
		snprintf(line, sizeof line, sb_assess_t(x, SB_AT_RESUME_CARRY_ON), at, n);
	else
		snprintf(line, sizeof line, "%s", sb_assess_t(x, SB_AT_RESUME_CARRY_ON_RESULTS));
	S_hanging(x, sb_assess_t(x, SB_AT_KEY_ENTER_OR_R), 16, line, "");
	S_hanging(x, "  n", 16, sb_assess_t(x, SB_AT_RESUME_START_OVER), "");
	S_hanging(x, "  q", 16, sb_assess_t(x, SB_AT_RESUME_LEAVE), "");
	sb_buf_puts(&x->scr, "\n");
	S_draw_hint(x);
	S_flush(x);
}

static void S_draw_confirm_restart(sb_assess *x)
{
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	char line[256];
	snprintf(line, sizeof line, sb_assess_t(x, SB_AT_CONFIRM_RESTART),
	         sb_session_answered(x->s));
	S_para(x, S_BOLD(x), line);
	sb_buf_puts(&x->scr, "\n");
	S_hanging(x, "  y", 8, sb_assess_t(x, SB_AT_CONFIRM_YES), "");
	S_hanging(x, "  n", 8, sb_assess_t(x, SB_AT_CONFIRM_NO), "");
	S_flush(x);
}

/* The response labels: one numbered line each, or (compact) all in one wrapped paragraph. */
static void S_draw_labels(sb_assess *x, const sb_response_scale *r, int earlier, bool compact)
{
	char a[16], b_[16];
	snprintf(a, sizeof a, "%d", r->min);
	snprintf(b_, sizeof b_, "%d", r->max);
	int digits = (int)(strlen(a) > strlen(b_) ? strlen(a) : strlen(b_));
	sb_buf one = { 0 };
	for (int v = r->min; v <= r->max; v++) {
		bool mine = v == earlier;
		const char *label = sb_assess_text(x, &r->labels[v - r->min]);
		const char *mark = mine ? (x->unicode ? "▸" : ">") : "";
		if (compact) {
			sb_buf_printf(&one, "%s%s%d %s", v == r->min ? "" : " · ", mark, v, label);
			continue;
		}
		char prefix[64];
		snprintf(prefix, sizeof prefix, "  %s %*d", mine ? mark : " ", digits, v);
		S_hanging(x, prefix, 4 + digits + 2, label, mine ? S_BOLD(x) : "");
	}
	if (compact)
		S_para(x, "", one.data ? one.data : "");
	sb_buf_free(&one);
}

static int S_typed(const char *t, const sb_response_scale *r, int *value);

/* The line under the labels: digits typed so far (Enter is offered only when they are an
 * answer already: "-" is not), welcome back, or the earlier answer. */
static void S_draw_item_note(sb_assess *x, const sb_response_scale *r, int earlier)
{
	char line[512];
	if (x->typed[0]) {
		int v;
		bool answer = S_typed(x->typed, r, &v) & 1;
		snprintf(line, sizeof line, sb_assess_t(x, answer ? SB_AT_TYPED : SB_AT_TYPED_MORE),
		         x->typed);
		S_para(x, S_BOLD(x), line);
	} else if (x->resumed) {
		S_para(x, "", sb_assess_t(x, SB_AT_WELCOME_BACK_HERE));
	} else if (earlier != SB_MISSING) {
		snprintf(line, sizeof line, sb_assess_t(x, SB_AT_EARLIER_ANSWER), earlier);
		if (!x->unicode)
			S_replace(line, "→", ">");
		S_para(x, "", line);
	}
}

/* One statement, laid out at a level of compactness: 0 with blank lines between the parts;
 * 1 without them; 2 also the labels in one paragraph; 3 also without the progress line and
 * the note about an earlier answer. */
static void S_draw_item_at(sb_assess *x, int level)
{
	const sb_bank *b = x->b;
	const sb_item *it = &b->items[x->s->pos];
	const sb_response_scale *r = &b->responses[it->response];
	int earlier = x->s->answers[x->s->pos];
	const char *gap = level ? "" : "\n";
	S_clear(x);
	sb_buf_puts(&x->scr, gap);
	if (level < 3)
		S_progress(x, level > 0);
	S_para(x, S_BOLD(x), sb_assess_text(x, &it->text));
	sb_buf_puts(&x->scr, gap);
	S_draw_labels(x, r, earlier, level >= 2);
	sb_buf_puts(&x->scr, gap);
	if (level < 3 || x->typed[0])
		S_draw_item_note(x, r, earlier);
	S_keys_line(x, r);
	S_draw_hint(x);
}

/* Rows the screen being drawn takes (every line is narrower than the window). */
static int S_rows_used(const sb_assess *x)
{
	int n = 0;
	for (size_t i = 0; i < x->scr.len; i++)
		n += x->scr.data[i] == '\n';
	return n;
}

/* The statement, as loose as the window's height allows: the statement and the answer keys stay
 * on screen however short the window is (a screen taller than the window would scroll the
 * statement away). */
static void S_draw_item(sb_assess *x)
{
	for (int level = 0; level <= 3; level++) {
		S_draw_item_at(x, level);
		if (S_rows_used(x) < x->rows)
			break;
	}
	S_flush(x);
}

static void S_draw_help(sb_assess *x)
{
	const sb_response_scale *r = &x->b->responses[x->b->items[x->s->pos < x->s->n_items
	                                                            ? x->s->pos : 0].response];
	char range[32], line[512];
	sb_assess_range(x, r, range, sizeof range);
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_assess_t(x, SB_AT_HELP_TITLE));
	sb_buf_puts(&x->scr, "\n");
	char k[64];
	snprintf(k, sizeof k, "  %s", range);
	S_hanging(x, k, 14, sb_assess_t(x, SB_AT_HELP_NUMBER), "");
	S_hanging(x, S_back_key(x, SB_AT_KEY_B_OR_LEFT), 14, sb_assess_t(x, SB_AT_HELP_BACK), "");
	S_hanging(x, x->unicode ? sb_assess_t(x, SB_AT_KEY_ENTER_OR_RIGHT) : "  Enter", 14,
	          sb_assess_t(x, SB_AT_HELP_KEEP), "");
	S_hanging(x, "  s", 14, sb_assess_t(x, SB_AT_HELP_SKIP), "");
	S_hanging(x, "  ?", 14, sb_assess_t(x, SB_AT_HELP_HELP), "");
	S_hanging(x, "  q", 14, sb_assess_t(x, SB_AT_HELP_PAUSE), "");
	S_hanging(x, "  Ctrl-C", 14, sb_assess_t(x, SB_AT_HELP_CTRL_C), "");
	sb_buf_puts(&x->scr, "\n");
	snprintf(line, sizeof line, sb_assess_t(x, SB_AT_HELP_SAVED_IN), x->state_shown);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_assess_t(x, SB_AT_HELP_ANY_KEY));
	S_flush(x);
}

/* One line per scale that would be left unscored with the answers as they stand. */
static void S_unscored_lines(sb_assess *x)
{
	const sb_bank *b = x->b;
	for (size_t k = 0; k < b->n_scales; k++) {
		const sb_scale *sc = &b->scales[k];
		size_t answered = 0;
		for (size_t j = 0; j < sc->n_items; j++)
			answered += x->s->answers[sc->items[j]] != SB_MISSING;
		if (sb_scale_enough(sc, answered))
			continue;
		size_t need = answered + 1;
		while (need < sc->n_items && !sb_scale_enough(sc, need))
			need++;
		char line[512];
		snprintf(line, sizeof line, sb_assess_t(x, SB_AT_END_UNSCORED),
		         sb_assess_text(x, &sc->name), answered, sc->n_items, need);
		S_para(x, S_BOLD(x), line);
	}
}

static void S_draw_end(sb_assess *x)
{
	size_t n = 0, answered = 0;
	for (size_t i = 0; i < x->s->n_items; i++) {
		if (x->b->items[i].safety)
			continue;
		n++;
		answered += x->s->answers[i] != SB_MISSING;
	}
	bool skipped = answered < n;
	char line[512];
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_progress(x, false);
	S_para(x, S_BOLD(x), sb_assess_t(x, SB_AT_END_LAST));
	sb_buf_puts(&x->scr, "\n");
	snprintf(line, sizeof line,
	         sb_assess_t(x, n - answered == 1 ? SB_AT_END_COUNT_ONE : SB_AT_END_COUNT), answered,
	         n, n - answered);
	S_para(x, "", line);
	if (skipped) {
		S_unscored_lines(x);
		S_para(x, "", sb_assess_t(x, SB_AT_END_PRESS_F));
	}
	sb_buf_puts(&x->scr, "\n");
	S_hanging(x, sb_assess_t(x, SB_AT_KEY_ENTER), 12, sb_assess_t(x, SB_AT_END_RESULTS),
	          S_BOLD(x));
	if (skipped)
		S_hanging(x, "  f", 12, sb_assess_t(x, SB_AT_END_FIRST_SKIPPED), "");
	S_hanging(x, S_back_key(x, SB_AT_KEY_B_OR_LEFT), 12, sb_assess_t(x, SB_AT_END_BACK), "");
	S_hanging(x, "  q", 12, sb_assess_t(x, SB_AT_END_PAUSE), "");
	S_draw_hint(x);
	S_flush(x);
}

/* ---- keys ------------------------------------------------------------------------------- */

/* What the digits typed so far mean for r: 0 nothing in range starts so; 1 a complete answer
 * no longer one extends (answer now); 2 the start of one only; 3 complete, and also the start
 * of a longer one (wait for Enter or another digit). */
static int S_typed(const char *t, const sb_response_scale *r, int *value)
{
	bool complete = false, prefix = false;
	size_t n = strlen(t);
	for (int v = r->min; v <= r->max; v++) {
		char s[16];
		snprintf(s, sizeof s, "%d", v);
		if (strcmp(s, t) == 0) {
			complete = true;
			*value = v;
		} else if (strncmp(s, t, n) == 0) {
			prefix = true;
		}
	}
	return complete ? (prefix ? 3 : 1) : (prefix ? 2 : 0);
}

static const char *S_hint_answer(sb_assess *x, const sb_response_scale *r)
{
	static char buf[256];
	snprintf(buf, sizeof buf, sb_assess_t(x, SB_AT_HINT_ANSWER), r->min, r->max);
	return buf;
}

sb_key sb_assess_key(sb_assess *x, void (*draw)(sb_assess *))
{
	for (;;) {
		sb_key k = sb_term_key(-1);
		if (k.kind == SB_KEY_RESIZE) {
			if (draw)
				draw(x);
			continue;
		}
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
			x->stop_sig = k.sig;
		return k;
	}
}

static bool S_is(sb_key k, char lower)
{
	return k.kind == SB_KEY_CHAR && (k.ch == lower || k.ch == lower - 'a' + 'A');
}

static bool S_stop(sb_key k)
{
	return k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL;
}

/* An event that moves the session: what was typed and shown for this statement is done with. */
static sb_assess_event S_moves(sb_assess *x, sb_assess_ev_kind kind, int value)
{
	x->typed[0] = '\0';
	x->hint = NULL;
	x->resumed = false;
	return (sb_assess_event){ .kind = kind, .value = value };
}

/* A digit (or a leading minus) toward an answer: an event when it completes one. */
static bool S_digit(sb_assess *x, const sb_response_scale *r, sb_key k, sb_assess_event *ev)
{
	size_t n = strlen(x->typed);
	if (n + 1 < sizeof x->typed) {
		x->typed[n] = k.ch;
		x->typed[n + 1] = '\0';
	}
	int v = 0, what = S_typed(x->typed, r, &v);
	if (what == 1) {
		*ev = S_moves(x, SB_ASSESS_EV_ANSWER, v);
		return true;
	}
	if (what == 0) {
		x->typed[0] = '\0';
		x->hint = S_hint_answer(x, r);
	} else {
		x->hint = NULL;
	}
	return false;
}

/* A key on a statement: true with *ev when it is an answer, a skip or a keep. */
static bool S_item_key(sb_assess *x, sb_key k, sb_assess_event *ev)
{
	const sb_response_scale *r = &x->b->responses[x->b->items[x->s->pos].response];
	bool digit = k.kind == SB_KEY_CHAR &&
	             ((k.ch >= '0' && k.ch <= '9') || (k.ch == '-' && r->min < 0 && !x->typed[0]));
	if (digit)
		return S_digit(x, r, k, ev);
	if (k.kind == SB_KEY_ENTER && x->typed[0]) {
		int v = 0;
		if (S_typed(x->typed, r, &v) & 1) {
			*ev = S_moves(x, SB_ASSESS_EV_ANSWER, v);
			return true;
		}
		x->typed[0] = '\0';
		x->hint = S_hint_answer(x, r);
		return false;
	}
	if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_RIGHT) {
		if (x->s->answers[x->s->pos] != SB_MISSING) {
			*ev = S_moves(x, SB_ASSESS_EV_KEEP, 0);
			return true;
		}
		x->hint = S_hint_answer(x, r);
		return false;
	}
	if (S_is(k, 's')) {
		*ev = S_moves(x, SB_ASSESS_EV_SKIP, 0);
		return true;
	}
	x->typed[0] = '\0';
	x->hint = S_hint_answer(x, r);
	return false;
}

/* A key on the end screen: true with *ev for the results or the skipped statements. */
static bool S_end_key(sb_assess *x, sb_key k, sb_assess_event *ev)
{
	if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_RIGHT) {
		*ev = S_moves(x, SB_ASSESS_EV_RESULTS, 0);
		return true;
	}
	if (S_is(k, 'f') && sb_assess_next_skipped(x, 0) < x->s->n_items) {
		*ev = S_moves(x, SB_ASSESS_EV_SKIPPED, 0);
		return true;
	}
	x->hint = sb_assess_t(x, SB_AT_HINT_END);
	return false;
}

sb_assess_event sb_assess_next_event(sb_assess *x)
{
	for (;;) {
		bool at_end = sb_session_finished(x->s);
		void (*draw)(sb_assess *) = at_end ? S_draw_end : S_draw_item;
		draw(x);
		sb_key k = sb_assess_key(x, draw);
		if (S_stop(k))
			return (sb_assess_event){ .kind = SB_ASSESS_EV_STOP };
		if (k.kind == SB_KEY_EOF || S_is(k, 'q'))
			return (sb_assess_event){ .kind = SB_ASSESS_EV_PAUSE };
		if (k.kind == SB_KEY_CHAR && k.ch == '?') {
			S_draw_help(x);
			if (S_stop(sb_assess_key(x, S_draw_help)))
				return (sb_assess_event){ .kind = SB_ASSESS_EV_STOP };
			continue;
		}
		bool back = k.kind == SB_KEY_LEFT || k.kind == SB_KEY_BACKSPACE || S_is(k, 'b');
		if (back && x->typed[0]) {
			x->typed[0] = '\0';
			continue;
		}
		if (back && x->s->pos > 0)
			return S_moves(x, SB_ASSESS_EV_BACK, 0);
		if (back) {
			x->hint = sb_assess_t(x, SB_AT_HINT_FIRST);
			continue;
		}
		sb_assess_event ev;
		if (at_end ? S_end_key(x, k, &ev) : S_item_key(x, k, &ev))
			return ev;
	}
}

/* ---- the welcome and the resume menu ---------------------------------------------------- */

/* Enter begins; q leaves; every other key is ignored so a stray press starts nothing. */
sb_assess_outcome sb_assess_welcome(sb_assess *x)
{
	x->hint = NULL;
	for (;;) {
		S_draw_welcome(x);
		sb_key k = sb_assess_key(x, S_draw_welcome);
		if (S_stop(k))
			return SB_ASSESS_STOPPED;
		if (k.kind == SB_KEY_ENTER)
			return SB_ASSESS_FINISHED;
		if (k.kind == SB_KEY_EOF || S_is(k, 'q'))
			return SB_ASSESS_LEFT;
	}
}

/* After n on the resume menu: true when the person confirmed starting over (y); *stopped when
 * a signal came instead. */
static bool S_confirm_restart(sb_assess *x, bool *stopped)
{
	S_draw_confirm_restart(x);
	for (;;) {
		sb_key k = sb_assess_key(x, S_draw_confirm_restart);
		if (S_stop(k)) {
			*stopped = true;
			return false;
		}
		if (S_is(k, 'y'))
			return true;
		if (S_is(k, 'n') || S_is(k, 'q') || k.kind == SB_KEY_ESC || k.kind == SB_KEY_EOF)
			return false;
	}
}

sb_assess_outcome sb_assess_resume_prompt(sb_assess *x)
{
	x->hint = NULL;
	for (;;) {
		S_draw_resume(x);
		sb_key k = sb_assess_key(x, S_draw_resume);
		if (S_stop(k))
			return SB_ASSESS_STOPPED;
		if (k.kind == SB_KEY_ENTER || S_is(k, 'r'))
			return SB_ASSESS_FINISHED;
		if (k.kind == SB_KEY_EOF || S_is(k, 'q'))
			return SB_ASSESS_LEFT;
		if (S_is(k, 'n')) {
			bool stopped = false;
			if (S_confirm_restart(x, &stopped))
				return SB_ASSESS_PAUSED;
			if (stopped)
				return SB_ASSESS_STOPPED;
			continue;
		}
		x->hint = sb_assess_t(x, SB_AT_HINT_RESUME);
	}
}

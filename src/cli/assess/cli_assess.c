/* SPDX-License-Identifier: MIT */
/* cli_assess.c — the full-screen questionnaire of `securebase assess`: the welcome, one
 * statement at a time with single keys, the keys help, the end screen, then the summary, the
 * report in a pager, and the offers to save. cmd_assess.c runs the command around it. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "cli/assess/cli_assess.h"
#include "cli/cli_term.h"
#include "report/report.h"
#include "score/score.h"
#include "base/textwidth.h"

/* Seconds a statement takes, for the time estimate on the welcome screen. */
/* The widest text column on screen; longer lines are hard to read. */
#define S_MAX_TEXT 76
/* Longest path typed. */
#define S_LINE_MAX 4096

/* ---- drawing ---------------------------------------------------------------------------- */

#define S_BOLD(x) ((x)->color ? "\033[1m" : "")
#define S_DIM(x) ((x)->color ? "\033[2m" : "")
#define S_ACCENT(x) ((x)->color ? "\033[36m" : "")
#define S_OFF(x) ((x)->color ? "\033[0m" : "")

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
	if (*style)
		sb_buf_puts(&x->scr, S_OFF(x));
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
		sb_buf_puts(&x->scr, S_OFF(x));
	sb_buf_puts(&x->scr, "\n");
	if (nl && nl[1]) {
		sb_buf_puts(&x->scr, style);
		sb_buf_puts(&x->scr, nl + 1);
		if (*style)
			sb_buf_puts(&x->scr, S_OFF(x));
	}
	sb_buf_free(&w);
}

static void S_progress(sb_assess *x)
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
	sb_buf_puts(&x->scr, "\n\n");
}

/* The keys line under a statement. */
static void S_keys_line(sb_assess *x, const sb_response_scale *r)
{
	char range[32], line[256];
	sb_assess_range(x, r, range, sizeof range);
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "%s 作答 · b%s 返回 · s 跳过 · ? 按键说明 · q 暂停", range,
		         x->unicode ? "/←" : "");
	else
		snprintf(line, sizeof line, "%s answer · b%s back · s skip · ? keys · q pause", range,
		         x->unicode ? "/←" : "");
	S_para(x, S_DIM(x), line);
}

static void S_draw_hint(sb_assess *x)
{
	if (x->save_failed && x->save_error) {
		char line[1200];
		snprintf(line, sizeof line, "%s %s",
		         sb_tr(x->l, "注意：进度没能保存。", "Note: your progress could not be saved."),
		         x->save_error);
		S_para(x, S_BOLD(x), line);
	}
	if (x->hint)
		S_para(x, S_BOLD(x), x->hint);
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
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line,
		         "你的回答只留在这台电脑上。每答一句，进度都会保存到 %s（只有你能读取），"
		         "所以随时可以暂停，之后再接着答。",
		         x->state_shown);
	else
		snprintf(line, sizeof line,
		         "Your answers stay on this computer. Progress is saved after every answer in "
		         "%s (readable by you alone), so you can pause at any time and carry on later.",
		         x->state_shown);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	const sb_response_scale *r = &b->responses[b->items[0].response];
	char range[32];
	sb_assess_range(x, r, range, sizeof range);
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line,
		         "按键：%s 作答（按一下就好，不用回车）· b 或 ← 返回上一句 · s 跳过 · "
		         "? 按键说明 · q 暂停",
		         range);
	else
		snprintf(line, sizeof line,
		         "Keys: %s answer (one key press, no Enter needed) · b or ← go back · s skip · "
		         "? keys · q pause",
		         range);
	if (!x->unicode) {
		char *arrow = strstr(line, " ← ");
		if (arrow)
			memcpy(arrow, " < ", 3), memmove(arrow + 3, arrow + 5, strlen(arrow + 5) + 1);
	}
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_tr(x->l, "准备好了就按回车开始。（按 q 离开）",
	                            "Press Enter when you are ready to begin. (q leaves)"));
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
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line,
		         "欢迎回来。你在 %s 开始的问卷暂停在这里：%zu 句中已回答 %zu 句。",
		         when, n, answered);
	else
		snprintf(line, sizeof line,
		         "Welcome back. You have a paused session, started %s, with %zu of %zu "
		         "statements answered.",
		         when, answered, n);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	size_t at = x->s->pos < n ? x->s->pos + 1 : n;
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "从第 %zu 句接着答", at);
	else if (x->s->pos < n)
		snprintf(line, sizeof line, "carry on where you left off (statement %zu of %zu)", at, n);
	else
		snprintf(line, sizeof line, "carry on where you left off (your results)");
	S_hanging(x, sb_tr(x->l, "  回车或 r", "  Enter or r"), 16, line, "");
	S_hanging(x, "  n", 16, sb_tr(x->l, "重新开始（已保存的回答会被删除）",
	                             "start over (the saved answers will be deleted)"), "");
	S_hanging(x, "  q", 16, sb_tr(x->l, "先离开", "leave for now"), "");
	sb_buf_puts(&x->scr, "\n");
	S_draw_hint(x);
	S_flush(x);
}

static void S_draw_confirm_restart(sb_assess *x)
{
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	char line[256];
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "要重新开始吗？已保存的 %zu 个回答会被删除。",
		         sb_session_answered(x->s));
	else
		snprintf(line, sizeof line, "Start over? The %zu saved answers will be deleted.",
		         sb_session_answered(x->s));
	S_para(x, S_BOLD(x), line);
	sb_buf_puts(&x->scr, "\n");
	S_hanging(x, "  y", 8, sb_tr(x->l, "是的，重新开始", "yes, start over"), "");
	S_hanging(x, "  n", 8, sb_tr(x->l, "不，回到上一步", "no, go back"), "");
	S_flush(x);
}

static void S_draw_item(sb_assess *x)
{
	const sb_bank *b = x->b;
	const sb_item *it = &b->items[x->s->pos];
	const sb_response_scale *r = &b->responses[it->response];
	int earlier = x->s->answers[x->s->pos];
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_progress(x);
	S_para(x, S_BOLD(x), sb_assess_text(x, &it->text));
	sb_buf_puts(&x->scr, "\n");
	char a[16], b_[16];
	snprintf(a, sizeof a, "%d", r->min);
	snprintf(b_, sizeof b_, "%d", r->max);
	int digits = (int)(strlen(a) > strlen(b_) ? strlen(a) : strlen(b_));
	for (int v = r->min; v <= r->max; v++) {
		char prefix[64];
		bool mine = v == earlier;
		snprintf(prefix, sizeof prefix, "  %s %*d", mine ? (x->unicode ? "▸" : ">") : " ",
		         digits, v);
		S_hanging(x, prefix, 4 + digits + 2, sb_assess_text(x, &r->labels[v - r->min]),
		          mine ? S_BOLD(x) : "");
	}
	sb_buf_puts(&x->scr, "\n");
	char line[512];
	if (x->typed[0]) {
		if (x->l == SB_LANG_ZH)
			snprintf(line, sizeof line, "已输入 %s：按回车确认，或继续输入。", x->typed);
		else
			snprintf(line, sizeof line, "You typed %s: press Enter to answer %s, or type on.",
			         x->typed, x->typed);
		S_para(x, S_BOLD(x), line);
	} else if (x->resumed) {
		S_para(x, "", sb_tr(x->l, "欢迎回来，从这里接着答。",
		                    "Welcome back. You are carrying on from here."));
	} else if (earlier != SB_MISSING) {
		if (x->l == SB_LANG_ZH)
			snprintf(line, sizeof line, "你之前的回答是 %d。按数字可以修改，按回车或 → 保留。",
			         earlier);
		else
			snprintf(line, sizeof line,
			         "Your earlier answer was %d. Press a number to change it, or Enter "
			         "or → to keep it.",
			         earlier);
		if (!x->unicode) {
			char *arrow = strstr(line, "→");
			if (arrow)
				memmove(arrow + 1, arrow + 3, strlen(arrow + 3) + 1), *arrow = '>';
		}
		S_para(x, "", line);
	}
	S_keys_line(x, r);
	S_draw_hint(x);
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
	S_para(x, S_BOLD(x), sb_tr(x->l, "按键说明", "Keys"));
	sb_buf_puts(&x->scr, "\n");
	char k[64];
	snprintf(k, sizeof k, "  %s", range);
	S_hanging(x, k, 14, sb_tr(x->l, "用这个数字作答，然后进入下一句（不用按回车）",
	                          "answer with that number and go on to the next statement (no "
	                          "Enter needed)"), "");
	S_hanging(x, x->unicode ? sb_tr(x->l, "  b 或 ←", "  b or ←") : "  b", 14,
	          sb_tr(x->l, "回到上一句；之前的回答会显示出来，可以修改",
	                "go back one statement; your earlier answer is shown and can be changed"), "");
	S_hanging(x, x->unicode ? sb_tr(x->l, "  回车或 →", "  Enter or →") : "  Enter", 14,
	          sb_tr(x->l, "保留显示的回答，继续", "keep the answer shown and go on"), "");
	S_hanging(x, "  s", 14, sb_tr(x->l, "跳过这一句（留空不答）",
	                              "skip this statement (it stays unanswered)"), "");
	S_hanging(x, "  ?", 14, sb_tr(x->l, "这份说明", "these keys"), "");
	S_hanging(x, "  q", 14, sb_tr(x->l, "暂停：回答都已保存，再运行 securebase assess 就能接着答",
	                              "pause: your answers are saved; run securebase assess again to "
	                              "carry on"), "");
	S_hanging(x, "  Ctrl-C", 14, sb_tr(x->l, "同样会停下，回答都会保留",
	                                   "also stops, with your answers kept"), "");
	sb_buf_puts(&x->scr, "\n");
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "每答一句，进度都会保存到 %s。", x->state_shown);
	else
		snprintf(line, sizeof line, "Your progress is saved after every answer in %s.",
		         x->state_shown);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_tr(x->l, "按任意键回到问卷。",
	                            "Press any key to go back to the statement."));
	S_flush(x);
}

/* The first statement from 'from' on left unanswered (safety questions are optional and never
 * counted), or n_items. */
static size_t S_next_skipped(const sb_assess *x, size_t from)
{
	size_t i = from;
	while (i < x->s->n_items && (x->b->items[i].safety || x->s->answers[i] != SB_MISSING))
		i++;
	return i;
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
		if (x->l == SB_LANG_ZH)
			snprintf(line, sizeof line, "“%s”目前不会计分：%zu 句中答了 %zu 句，至少需要 %zu 句。",
			         sb_assess_text(x, &sc->name), sc->n_items, answered, need);
		else
			snprintf(line, sizeof line,
			         "“%s” would not be scored: %zu of its %zu statements are answered, and it "
			         "needs %zu.",
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
	S_progress(x);
	S_para(x, S_BOLD(x), sb_tr(x->l, "这是最后一句了。谢谢你认真作答。",
	                            "That was the last statement. Thank you."));
	sb_buf_puts(&x->scr, "\n");
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "%zu 句陈述中你回答了 %zu 句，跳过了 %zu 句。", n, answered,
		         n - answered);
	else
		snprintf(line, sizeof line, "You answered %zu of %zu statements; %zu %s skipped.",
		         answered, n, n - answered, n - answered == 1 ? "was" : "were");
	S_para(x, "", line);
	if (skipped) {
		S_unscored_lines(x);
		S_para(x, "", sb_tr(x->l, "按 f 可以直接回到第一句跳过的陈述。",
		                    "Press f to go straight to the first statement you skipped."));
	}
	sb_buf_puts(&x->scr, "\n");
	S_hanging(x, sb_tr(x->l, "  回车", "  Enter"), 12, sb_tr(x->l, "查看结果", "see your results"),
	          S_BOLD(x));
	if (skipped)
		S_hanging(x, "  f", 12, sb_tr(x->l, "回到第一句跳过的陈述", "the first skipped statement"),
		          "");
	S_hanging(x, x->unicode ? sb_tr(x->l, "  b 或 ←", "  b or ←") : "  b", 12,
	          sb_tr(x->l, "返回上一句修改", "go back one statement to change it"), "");
	S_hanging(x, "  q", 12, sb_tr(x->l, "暂停，以后再看", "pause and come back later"), "");
	S_draw_hint(x);
	S_flush(x);
}

/* ---- the questionnaire in the terminal -------------------------------------------------- */

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
	if (x->l == SB_LANG_ZH)
		snprintf(buf, sizeof buf, "请按 %d 到 %d 之间的数字作答，或按 s 跳过、? 查看按键。",
		         r->min, r->max);
	else
		snprintf(buf, sizeof buf,
		         "Press a number from %d to %d to answer, s to skip, or ? for the keys.", r->min,
		         r->max);
	return buf;
}

static void S_answered(sb_assess *x)
{
	if (x->fixing && !sb_session_finished(x->s))
		sb_session_jump(x->s, S_next_skipped(x, x->s->pos));
	if (sb_session_finished(x->s))
		x->fixing = false;
	x->typed[0] = '\0';
	x->hint = NULL;
	x->resumed = false;
	sb_assess_save_state(x);
}

/* Waits for a key, redrawing with draw() whenever the window changes. */
static sb_key S_key(sb_assess *x, void (*draw)(sb_assess *))
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

/* The statements, from the current position to the end screen. */
sb_assess_outcome sb_assess_questions(sb_assess *x)
{
	const sb_bank *b = x->b;
	for (;;) {
		if (x->save_failed) /* asking on would gather answers that cannot be kept */
			return SB_ASSESS_UNSAVED;
		bool at_end = sb_session_finished(x->s);
		void (*draw)(sb_assess *) = at_end ? S_draw_end : S_draw_item;
		draw(x);
		sb_key k = S_key(x, draw);
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
			return SB_ASSESS_STOPPED;
		if (k.kind == SB_KEY_EOF || (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q')))
			return SB_ASSESS_PAUSED;
		if (k.kind == SB_KEY_CHAR && k.ch == '?') {
			S_draw_help(x);
			k = S_key(x, S_draw_help);
			if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
				return SB_ASSESS_STOPPED;
			continue;
		}
		bool back = k.kind == SB_KEY_LEFT || k.kind == SB_KEY_BACKSPACE ||
		            (k.kind == SB_KEY_CHAR && (k.ch == 'b' || k.ch == 'B'));
		if (back && x->typed[0]) {
			x->typed[0] = '\0';
			continue;
		}
		if (back) {
			if (sb_session_back(x->s)) {
				x->hint = NULL;
				x->resumed = false;
				sb_assess_save_state(x);
			} else {
				x->hint = sb_tr(x->l, "这已经是第一句了。", "This is the first statement.");
			}
			continue;
		}
		if (at_end) {
			if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_RIGHT)
				return SB_ASSESS_FINISHED;
			/* f: through the skipped statements only, then back here */
			size_t first = S_next_skipped(x, 0);
			if (k.kind == SB_KEY_CHAR && (k.ch == 'f' || k.ch == 'F') &&
			    first < x->s->n_items && sb_session_jump(x->s, first)) {
				x->fixing = true;
				S_answered(x);
				continue;
			}
			x->hint = sb_tr(x->l, "按回车查看结果，按 b 返回，按 q 暂停。",
			                "Press Enter to see your results, b to go back, or q to pause.");
			continue;
		}
		const sb_response_scale *r = &b->responses[b->items[x->s->pos].response];
		bool digit = k.kind == SB_KEY_CHAR &&
		             ((k.ch >= '0' && k.ch <= '9') || (k.ch == '-' && r->min < 0 && !x->typed[0]));
		if (digit) {
			size_t n = strlen(x->typed);
			if (n + 1 < sizeof x->typed) {
				x->typed[n] = k.ch;
				x->typed[n + 1] = '\0';
			}
			int v = 0, what = S_typed(x->typed, r, &v);
			if (what == 1) {
				sb_session_answer(x->s, b, v);
				S_answered(x);
			} else if (what == 0) {
				x->typed[0] = '\0';
				x->hint = S_hint_answer(x, r);
			} else {
				x->hint = NULL;
			}
			continue;
		}
		if (k.kind == SB_KEY_ENTER && x->typed[0]) {
			int v = 0;
			if (S_typed(x->typed, r, &v) & 1) {
				sb_session_answer(x->s, b, v);
				S_answered(x);
			} else {
				x->typed[0] = '\0';
				x->hint = S_hint_answer(x, r);
			}
			continue;
		}
		if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_RIGHT) {
			if (sb_session_next(x->s))
				S_answered(x);
			else
				x->hint = S_hint_answer(x, r);
			continue;
		}
		if (k.kind == SB_KEY_CHAR && (k.ch == 's' || k.ch == 'S')) {
			sb_session_skip(x->s);
			S_answered(x);
			continue;
		}
		x->typed[0] = '\0';
		x->hint = S_hint_answer(x, r);
	}
}

/* Enter begins; q leaves; every other key is ignored so a stray press starts nothing. */
sb_assess_outcome sb_assess_welcome(sb_assess *x)
{
	x->hint = NULL;
	for (;;) {
		S_draw_welcome(x);
		sb_key k = S_key(x, S_draw_welcome);
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
			return SB_ASSESS_STOPPED;
		if (k.kind == SB_KEY_ENTER)
			return SB_ASSESS_FINISHED;
		if (k.kind == SB_KEY_EOF || (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q')))
			return SB_ASSESS_LEFT;
	}
}

sb_assess_outcome sb_assess_resume_prompt(sb_assess *x)
{
	x->hint = NULL;
	for (;;) {
		S_draw_resume(x);
		sb_key k = S_key(x, S_draw_resume);
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
			return SB_ASSESS_STOPPED;
		if (k.kind == SB_KEY_ENTER || (k.kind == SB_KEY_CHAR && (k.ch == 'r' || k.ch == 'R')))
			return SB_ASSESS_FINISHED;
		if (k.kind == SB_KEY_EOF || (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q')))
			return SB_ASSESS_LEFT;
		if (k.kind == SB_KEY_CHAR && (k.ch == 'n' || k.ch == 'N')) {
			S_draw_confirm_restart(x);
			for (;;) {
				k = S_key(x, S_draw_confirm_restart);
				if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
					return SB_ASSESS_STOPPED;
				if (k.kind == SB_KEY_CHAR && (k.ch == 'y' || k.ch == 'Y'))
					return SB_ASSESS_PAUSED;
				if (k.kind == SB_KEY_CHAR && (k.ch == 'n' || k.ch == 'N'))
					break;
				if (k.kind == SB_KEY_ESC || k.kind == SB_KEY_EOF ||
				    (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q')))
					break;
			}
			continue;
		}
		x->hint = sb_tr(x->l, "按回车接着答，按 n 重新开始，按 q 离开。",
		                "Press Enter to carry on, n to start over, or q to leave.");
	}
}

/* ---- the end: summary, report, saving --------------------------------------------------- */

/* Text for people on the terminal, with anything that could drive it left out. */
void sb_assess_say(sb_assess *x, const char *s)
{
	sb_buf b = { 0 };
	sb_text_sanitize(&b, s, strlen(s), true);
	if (!b.data)
		return;
	/* Wrapped to the window, so a long question never breaks inside a word. */
	sb_spans lines = { 0 };
	size_t width = x->cols > 20 ? (size_t)x->cols - 1 : 79;
	if (sb_wrap(b.data, b.len, width, &lines) != 0) {
		sb_term_write(b.data, b.len);
	} else {
		for (size_t i = 0; i < lines.n; i++) {
			if (i > 0)
				sb_term_write("\n", 1);
			sb_term_write(b.data + lines.v[i].off, lines.v[i].len);
		}
		if (b.len && b.data[b.len - 1] == '\n')
			sb_term_write("\n", 1);
	}
	sb_spans_free(&lines);
	sb_buf_free(&b);
}

static bool S_pager(sb_assess *x, const char *text);

/* The overview section of the report (charts and the leaning), then each scale's band. */
static void S_summary(sb_assess *x, int width)
{
	const sb_doc *full = x->doc;
	size_t start = full->n_blocks, end = full->n_blocks;
	for (size_t i = 0; i < full->n_blocks; i++) {
		const sb_block *bl = &full->blocks[i];
		if (bl->kind == SB_BLOCK_HEADING && bl->level == 1) {
			if (start == full->n_blocks) {
				start = i + 1;
			} else {
				end = i;
				break;
			}
		}
	}
	/* A view of those blocks: the same model, only not all of it (never freed itself). */
	sb_doc view = { .lang = full->lang };
	view.blocks = full->blocks + start;
	view.n_blocks = end - start;
	sb_doc *bands = sb_doc_new(x->l);
	if (bands) {
		sb_doc_heading(bands, 2, sb_tr(x->l, "各量表所在的区间", "Where each scale falls"));
		sb_doc_kv(bands);
		for (size_t i = 0; i < x->b->n_scales; i++) {
			const sb_scale *s = &x->b->scales[i];
			const sb_scale_result *sr = &x->res.scales[i];
			char num[32], val[512];
			sb_doc_add_item(bands, sb_assess_text(x, &s->name));
			if (sr->scored && sr->band != SB_NONE) {
				sb_report_score_text(sr->score, num, sizeof num);
				snprintf(val, sizeof val, "%s (%s)",
				         sb_assess_text(x, &s->bands[sr->band].label), num);
			} else {
				snprintf(val, sizeof val, "%s", sb_tr(x->l, "未计分（跳过的句子太多）",
				                                        "not scored (too many skipped)"));
			}
			sb_doc_add_item(bands, val);
		}
	}
	/* Laid out by the text renderer and shown by the pager, as the full report is: the chart's
	 * gutters are kept (no second wrap), and a summary taller than the window pages. */
	sb_buf out = { 0 };
	sb_diags d = { 0 };
	sb_render_opts ro = { .width = width, .color = false, .unicode = x->unicode };
	sb_buf_printf(&out, "\n  %s\n\n", sb_tr(x->l, "你的结果", "Your results"));
	if (view.n_blocks)
		sb_render(&view, SB_FORMAT_TEXT, &ro, &out, &d);
	if (bands && sb_doc_status(bands) == SB_OK)
		sb_render(bands, SB_FORMAT_TEXT, &ro, &out, &d);
	sb_buf_puts(&out, "\n");
	S_pager(x, out.data ? out.data : "");
	sb_buf_free(&out);
	sb_diags_free(&d);
	sb_doc_free(bands);
}

/* Shows text a screen at a time: space or Enter for the next, q to stop. false: stopped. */
static bool S_pager(sb_assess *x, const char *text)
{
	sb_buf clean = { 0 };
	sb_text_sanitize(&clean, text, strlen(text), true);
	const char *p = clean.data ? clean.data : "";
	bool go_on = true;
	int shown = 0;
	while (*p) {
		int page = x->rows > 3 ? x->rows - 1 : 2;
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		sb_term_write(p, n);
		if (!nl)
			sb_term_puts("\n");
		/* A line wider than the window takes more than one row. */
		int w = (int)sb_text_width(p, nl ? n - 1 : n);
		shown += w > x->cols && x->cols > 0 ? (w + x->cols - 1) / x->cols : 1;
		p += n;
		if (shown < page || !*p)
			continue;
		char prompt[256];
		snprintf(prompt, sizeof prompt, "%s%s%s", S_DIM(x),
		         sb_tr(x->l, "—— 空格或回车：下一页 · q：不看了 ——",
		               "-- space or Enter: next page · q: done reading --"),
		         S_OFF(x));
		sb_term_puts(prompt);
		sb_key k;
		for (;;) {
			k = S_key(x, NULL);
			if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_INTERRUPT ||
			    k.kind == SB_KEY_SIGNAL || k.kind == SB_KEY_EOF || k.kind == SB_KEY_DOWN ||
			    (k.kind == SB_KEY_CHAR && strchr(" qQ", k.ch)))
				break;
		}
		sb_term_puts("\r\033[2K");
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL || k.kind == SB_KEY_EOF ||
		    (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q'))) {
			go_on = k.kind != SB_KEY_INTERRUPT && k.kind != SB_KEY_SIGNAL;
			break;
		}
		sb_term_size(&x->cols, &x->rows);
		shown = 0;
	}
	sb_buf_free(&clean);
	return go_on;
}

/* Asks a question answered by one key from keys (lowercase); returns it, or 0 when stopped. */
static char S_choice(sb_assess *x, const char *question, const char *keys)
{
	sb_term_puts("\n");
	sb_assess_say(x, question);
	sb_term_puts(" ");
	for (;;) {
		sb_key k = sb_term_key(-1);
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL) {
			x->stop_sig = k.sig;
			sb_term_puts("\n");
			return 0;
		}
		if (k.kind == SB_KEY_EOF || k.kind == SB_KEY_ESC) {
			sb_term_puts("\n");
			return 'n';
		}
		if (k.kind == SB_KEY_ENTER && strchr(keys, '\r')) {
			sb_term_puts("\n");
			return '\r';
		}
		if (k.kind == SB_KEY_CHAR) {
			char ch = (char)(k.ch >= 'A' && k.ch <= 'Z' ? k.ch - 'A' + 'a' : k.ch);
			if (strchr(keys, ch)) {
				char echo[4] = { ch, '\n', 0 };
				sb_term_puts(echo);
				return ch;
			}
		}
	}
}

/* Reads a file name in cooked mode (the terminal's own line editing), offering dflt. NULL when
 * stopped; "" when the person gave up. Caller frees. */
static char *S_ask_path(sb_assess *x, const char *dflt)
{
	char prompt[1024];
	if (x->l == SB_LANG_ZH)
		snprintf(prompt, sizeof prompt, "保存为（直接回车就用 %s）：", dflt);
	else
		snprintf(prompt, sizeof prompt, "Save as (Enter for %s): ", dflt);
	/* Cooked mode first, so what is typed after the prompt gets the terminal's editing. */
	sb_term_raw(false);
	sb_term_cursor(true);
	sb_assess_say(x, prompt);
	sb_buf line = { 0 };
	bool too_long;
	sb_key k = sb_term_line(&line, S_LINE_MAX, &too_long);
	sb_term_raw(true);
	char *out = NULL;
	if (k.kind == SB_KEY_SIGNAL) {
		x->stop_sig = k.sig;
	} else if (k.kind == SB_KEY_EOF) {
		sb_term_puts("\n");
		out = sb_strdup("");
	} else {
		const char *t = line.data ? line.data : "";
		while (*t == ' ')
			t++;
		size_t n = strlen(t);
		while (n && (t[n - 1] == ' ' || t[n - 1] == '\r'))
			n--;
		sb_buf p = { 0 };
		const char *home = getenv("HOME");
		if (n == 0)
			sb_buf_puts(&p, dflt);
		else if (n >= 2 && t[0] == '~' && t[1] == '/' && home)
			sb_buf_printf(&p, "%s%.*s", home, (int)(n - 1), t + 1);
		else
			sb_buf_put(&p, t, n);
		/* A folder: the default name inside it. */
		struct stat st;
		if (p.data && stat(p.data, &st) == 0 && S_ISDIR(st.st_mode))
			sb_buf_printf(&p, "%s%s", p.data[p.len - 1] == '/' ? "" : "/", dflt);
		out = sb_buf_detach(&p, NULL);
	}
	sb_buf_free(&line);
	return out;
}

static bool S_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Offers to save the report; false when stopped by a signal. */
static bool S_offer_report(sb_assess *x)
{
	bool pdf = sb_format_available(SB_FORMAT_PDF);
	char q[512];
	snprintf(q, sizeof q, "%s%s%s",
	         sb_tr(x->l, "要保存这份报告吗？h 网页（HTML）",
	               "Would you like to save this report? h HTML"),
	         pdf ? " · p PDF" : "",
	         sb_tr(x->l, " · m Markdown · n 不用了", " · m Markdown · n no thanks"));
	char ch = S_choice(x, q, pdf ? "hpmn" : "hmn");
	if (!ch)
		return false;
	if (ch == 'n')
		return true;
	sb_format f = ch == 'h' ? SB_FORMAT_HTML : ch == 'p' ? SB_FORMAT_PDF : SB_FORMAT_MD;
	char dflt[128];
	snprintf(dflt, sizeof dflt, "securebase-report-%s.%s", x->date, sb_format_ext(f));
	for (;;) {
		char *path = S_ask_path(x, dflt);
		if (!path)
			return false;
		if (!*path) {
			sb_free(path);
			return true;
		}
		if (S_exists(path)) {
			char ask[1200];
			snprintf(ask, sizeof ask,
			         sb_tr(x->l, "已经有一个叫 %s 的文件。要替换它吗？y 是 · n 否",
			               "There is already a file called %s. Replace it? y/n"),
			         path);
			ch = S_choice(x, ask, "yn");
			if (!ch) {
				sb_free(path);
				return false;
			}
			if (ch == 'n') {
				sb_free(path);
				continue;
			}
		}
		int rc = sb_assess_save_report(x, path, f);
		char msg[1200];
		if (rc == 0) {
			snprintf(msg, sizeof msg,
			         sb_tr(x->l, "报告已保存到 %s（只有你能读取）。\n",
			               "Your report is saved in %s (readable by you alone).\n"),
			         path);
			sb_assess_say(x, msg);
			sb_free(path);
			return true;
		}
		sb_free(path);
		sb_assess_say(x, sb_tr(x->l, "没能保存（原因见上面）。\n",
		                       "It could not be saved (the reason is above).\n"));
		ch = S_choice(x, sb_tr(x->l, "再试一次吗？y 是 · n 否", "Try again? y/n"), "yn");
		if (ch != 'y')
			return ch != 0;
	}
}

/* Offers to save the answers as a CSV row; false when stopped by a signal. */
static bool S_offer_answers(sb_assess *x)
{
	char ch = S_choice(x, sb_tr(x->l,
	                            "要把你的回答存成 CSV 表格中的一行吗"
	                            "（方便自己留存或交给咨询师）？y 是 · n 不用了",
	                            "Would you like to save your answers as a row of a CSV file (for "
	                            "your records, or for a counsellor)? y/n"),
	                   "yn");
	if (!ch)
		return false;
	if (ch == 'n')
		return true;
	for (;;) {
		char *path = S_ask_path(x, "securebase-answers.csv");
		if (!path)
			return false;
		if (!*path) {
			sb_free(path);
			return true;
		}
		bool appended = false;
		int rc = sb_assess_save_answers(x, path, &appended);
		char msg[1200];
		if (rc == 0) {
			const char *zh = appended ? "已在 %s 末尾加了一行（编号 %s）。\n"
			                          : "回答已保存到 %s（编号 %s，只有你能读取）。\n";
			const char *en = appended ? "A row was added to %s (id %s).\n"
			                          : "Your answers are saved in %s (id %s, readable by "
			                            "you alone).\n";
			snprintf(msg, sizeof msg, sb_tr(x->l, zh, en), path, x->s->respondent);
			sb_assess_say(x, msg);
			sb_free(path);
			return true;
		}
		sb_free(path);
		ch = S_choice(x, sb_tr(x->l, "换一个文件名再试吗？y 是 · n 否",
		                       "Try another file name? y/n"), "yn");
		if (ch != 'y')
			return ch != 0;
	}
}

/* The end in the terminal. 0, or an exit status; x->stop_sig set when a signal stopped it. */
int sb_assess_end(sb_assess *x)
{
	sb_term_alt_screen(false);
	sb_term_size(&x->cols, &x->rows);
	int width = x->cols > 1 ? x->cols - 1 : 79;
	int rc = sb_assess_results(x);
	if (rc)
		return rc;
	/* What was asked for on the command line is saved first: a window closed later loses
	 * nothing. */
	rc = sb_assess_save_requested(x);
	S_summary(x, width);

	sb_buf text = { 0 };
	sb_diags d = { 0 };
	sb_status st = sb_assess_render(x, SB_FORMAT_TEXT, width, &text, &d);
	if (st != SB_OK) {
		int r = sb_cli_status(x->c, st, &d);
		sb_buf_free(&text);
		sb_diags_free(&d);
		return r;
	}
	bool to_screen = x->ui_fd == 1;
	if (!to_screen) {
		/* Standard output is not this terminal: the report goes there whole. */
		sb_buf plain = { 0 };
		st = sb_assess_render(x, SB_FORMAT_TEXT, 80, &plain, &d);
		int r = st == SB_OK ? sb_cli_stdout(x->c, plain.data ? plain.data : "", plain.len)
		                    : sb_cli_status(x->c, st, &d);
		if (r && !rc)
			rc = r;
		sb_buf_free(&plain);
		sb_assess_say(x, sb_tr(x->l, "完整报告已写到标准输出。\n",
		                       "Your full report was written to standard output.\n"));
	} else {
		char ch = S_choice(x, sb_tr(x->l, "按回车阅读完整报告，按 q 跳过。",
		                            "Press Enter to read your full report, or q to skip it."),
		                   "q\r");
		if (ch == 'q')
			to_screen = false;
	}
	sb_diags_free(&d);
	if (x->stop_sig) {
		sb_buf_free(&text);
		return rc;
	}
	if (to_screen && !S_pager(x, text.data ? text.data : "")) {
		sb_buf_free(&text);
		return rc;
	}
	sb_buf_free(&text);
	if (x->report) {
		char msg[1200];
		snprintf(msg, sizeof msg, "%s %s\n", sb_tr(x->l, "报告已保存到", "Your report is saved in"),
		         x->report);
		if (!rc)
			sb_assess_say(x, msg);
	} else if (!S_offer_report(x)) {
		return rc;
	}
	if (x->save_answers) {
		char msg[1200];
		snprintf(msg, sizeof msg, "%s %s\n",
		         sb_tr(x->l, "回答已保存到", "Your answers are saved in"), x->save_answers);
		if (!rc)
			sb_assess_say(x, msg);
	} else if (!S_offer_answers(x)) {
		return rc;
	}
	return rc;
}


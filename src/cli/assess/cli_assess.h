/* SPDX-License-Identifier: MIT */
/* cli_assess.h — what the parts of `securebase assess` share: the session's context, and the
 * screen's interface. Calls go one way only (docs/architecture.md):
 *
 *   cmd_assess.c (options, the run, closing notes) ─┬─► assess_lines.c (line mode)
 *                                                   ├─► cli_assess.c  (the screens: events)
 *                                                   ├─► assess_end.c  (results, pager, offers)
 *                                                   └─► assess_save.c (state file, saves)
 *   the screens and line mode call assess_save.c; everything uses assess_text.c (the strings).
 *
 * The questionnaire screen never changes the session: it returns an event (answer, skip, keep,
 * back, go to the skipped ones, results, pause, stop) and the command applies it and saves.
 * Front end only. */
#ifndef SB_CLI_ASSESS_H
#define SB_CLI_ASSESS_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "cli/cli_term.h"
#include "report/doc.h"
#include "render/render.h"
#include "score/score.h"
#include "data/session.h"
#include "cli/assess/assess_text.h"

typedef enum {
	SB_ASSESS_FINISHED, /* every statement passed: go to the results */
	SB_ASSESS_PAUSED,   /* q, Ctrl-D, or the end of piped input */
	SB_ASSESS_LEFT,     /* left before anything was answered */
	SB_ASSESS_STOPPED,  /* a signal or Ctrl-C */
	SB_ASSESS_UNSAVED   /* the state file could not be written: nothing more is asked */
} sb_assess_outcome;

typedef struct sb_assess {
	sb_cli *c;
	const sb_bank *b;
	sb_lang l;
	/* options */
	bool resume;
	const char *id, *save_answers, *report;
	sb_format report_format;
	/* the session and where it is kept */
	sb_session *s;
	char *state_dir, *state_path, *state_shown; /* state_shown: with ~ for $HOME */
	int lock_fd;
	bool saved_once;  /* a state file exists for this session */
	bool save_failed; /* the last save failed (shown on screen) */
	size_t saved_answered, saved_pos; /* what the state file holds since the last good save */
	char save_error[1024]; /* why the last save failed (kept here: "out of memory" needs no
	                       * allocation to be said) */
	bool final_unsaved; /* the save after the last statement failed */
	bool report_saved, answers_saved; /* --report and --save-answers were written */
	/* the terminal */
	bool tty;
	int ui_fd;
	bool color, unicode;
	int cols, rows;
	int stop_sig;
	const char *hint;
	char typed[16];   /* digits typed toward a number with more than one digit */
	bool resumed;     /* show "welcome back" on the first statement */
	bool fixing;      /* came from the end screen with f: go through the skipped ones only */
	sb_buf scr;
	/* line mode */
	unsigned long bad_lines;
	/* the results */
	sb_result res;
	bool have_res;
	sb_doc *doc;
	char date[16];
} sb_assess;

static inline const char *sb_assess_text(const sb_assess *x, const sb_text *t)
{
	return sb_text_get(t, x->l);
}

/* A UI string of the assess table in the session's language (assess_text.c). */
static inline const char *sb_assess_t(const sb_assess *x, sb_assess_str id)
{
	return sb_assess_tr(x->l, id);
}

/* The range text "1–7" (or "1-7" without UTF-8). */
static inline void sb_assess_range(const sb_assess *x, const sb_response_scale *r, char *out,
                                   size_t n)
{
	snprintf(out, n, "%d%s%d", r->min, x->unicode ? "–" : "-", r->max);
}

/* Local time t formatted with strftime's fmt ("?" when it cannot be). */
static inline void sb_assess_time(long long t, const char *fmt, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm) || strftime(out, n, fmt, &tm) == 0)
		snprintf(out, n, "?");
}

/* The first statement from 'from' on left unanswered (safety questions are optional and never
 * counted), or n_items. */
static inline size_t sb_assess_next_skipped(const sb_assess *x, size_t from)
{
	size_t i = from;
	while (i < x->s->n_items && (x->b->items[i].safety || x->s->answers[i] != SB_MISSING))
		i++;
	return i;
}

/* Terminal styles, empty without colour. */
#define SB_ASSESS_BOLD(x) ((x)->color ? "\033[1m" : "")
#define SB_ASSESS_DIM(x) ((x)->color ? "\033[2m" : "")
#define SB_ASSESS_ACCENT(x) ((x)->color ? "\033[36m" : "")
/* The reset itself, for text whose style was set (which happens only with colour on). */
#define SB_ASSESS_RESET "\033[0m"
#define SB_ASSESS_OFF(x) ((x)->color ? SB_ASSESS_RESET : "")

/* ---- cli_assess.c: the screens, after sb_term_start and raw mode ----------------------- */

/* What a person did on the questionnaire screen; the command applies it to the session. */
typedef enum {
	SB_ASSESS_EV_ANSWER,  /* answer the statement shown with value */
	SB_ASSESS_EV_SKIP,    /* s: leave it unanswered and go on */
	SB_ASSESS_EV_KEEP,    /* Enter or Right on an answered statement: keep it and go on */
	SB_ASSESS_EV_BACK,    /* b, Left or Backspace, not on the first statement */
	SB_ASSESS_EV_SKIPPED, /* f on the end screen: through the skipped statements */
	SB_ASSESS_EV_RESULTS, /* Enter or Right on the end screen */
	SB_ASSESS_EV_PAUSE,   /* q or the end of input */
	SB_ASSESS_EV_STOP     /* Ctrl-C or a signal (x->stop_sig) */
} sb_assess_ev_kind;

typedef struct {
	sb_assess_ev_kind kind;
	int value; /* SB_ASSESS_EV_ANSWER */
} sb_assess_event;

/* The welcome: SB_ASSESS_FINISHED to begin, SB_ASSESS_LEFT, or SB_ASSESS_STOPPED. */
sb_assess_outcome sb_assess_welcome(sb_assess *x);
/* A paused session was found: FINISHED to carry on, PAUSED to start over (confirmed), LEFT, or
 * STOPPED. */
sb_assess_outcome sb_assess_resume_prompt(sb_assess *x);
/* Shows the statement at the session's position (or the end screen) and waits until the person
 * does something that changes the session or leaves; keys help, hints, digits toward a longer
 * number and window resizes are handled here. Never changes the session. */
sb_assess_event sb_assess_next_event(sb_assess *x);
/* Waits for a key, redrawing with draw() (may be NULL) whenever the window changes; a stop
 * sets x->stop_sig. */
sb_key sb_assess_key(sb_assess *x, void (*draw)(sb_assess *));

/* ---- assess_end.c: the end on the terminal ---------------------------------------------- */

/* The end: summary, report (pager), saving. 0 or an exit status; x->stop_sig when stopped. */
int sb_assess_end(sb_assess *x);
/* Text for the person on the terminal, with anything that could drive it left out. */
void sb_assess_say(sb_assess *x, const char *s);

/* ---- assess_lines.c: one answer per line, without a terminal ---------------------------- */

/* The statements from the current one to the end: FINISHED, PAUSED (the input ended), STOPPED,
 * or UNSAVED as soon as a save fails. */
sb_assess_outcome sb_assess_lines(sb_assess *x);

#endif

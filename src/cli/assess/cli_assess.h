/* SPDX-License-Identifier: MIT */
/* cli_assess.h — what the two halves of `securebase assess` share: the session's context, and
 * the calls between the command (cmd_assess.c: options, files, line mode) and the full-screen
 * questionnaire (cli_assess.c). Front end only. */
#ifndef SB_CLI_ASSESS_H
#define SB_CLI_ASSESS_H

#include <stdbool.h>
#include <stdio.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "cli/cli.h"
#include "report/doc.h"
#include "render/render.h"
#include "score/score.h"
#include "data/session.h"

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
	char *save_error;
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

/* The range text "1–7" (or "1-7" without UTF-8). */
static inline void sb_assess_range(const sb_assess *x, const sb_response_scale *r, char *out,
                                   size_t n)
{
	snprintf(out, n, "%d%s%d", r->min, x->unicode ? "–" : "-", r->max);
}

/* cmd_assess.c */
/* Local time t formatted with strftime's fmt ("?" when it cannot be). */
void sb_assess_time(long long t, const char *fmt, char *out, size_t n);
/* Writes the session to its state file, atomically and privately; a failure is remembered in
 * x->save_failed and x->save_error for the screen. */
void sb_assess_save_state(sb_assess *x);
/* Scores the answers and builds the report into x->res and x->doc. 0 or an exit status. */
int sb_assess_results(sb_assess *x);
/* Renders the report in format f (json: the report JSON) at width columns. */
sb_status sb_assess_render(sb_assess *x, sb_format f, int width, sb_buf *out, sb_diags *d);
/* Saves the report / the answers row to path; 0 or an exit status after a message. */
int sb_assess_save_report(sb_assess *x, const char *path, sb_format f);
int sb_assess_save_answers(sb_assess *x, const char *path, bool *appended);
/* Saves what --report and --save-answers asked for; 0 or the first failure's exit status. */
int sb_assess_save_requested(sb_assess *x);

/* cli_assess.c: the terminal, after sb_term_start and raw mode */
/* The welcome: SB_ASSESS_FINISHED to begin, SB_ASSESS_LEFT, or SB_ASSESS_STOPPED. */
sb_assess_outcome sb_assess_welcome(sb_assess *x);
/* A paused session was found: FINISHED to carry on, PAUSED to start over (confirmed), LEFT, or
 * STOPPED. */
sb_assess_outcome sb_assess_resume_prompt(sb_assess *x);
/* The statements from the current one to the end screen: FINISHED, PAUSED, STOPPED, or UNSAVED
 * as soon as a save fails. */
sb_assess_outcome sb_assess_questions(sb_assess *x);
/* The end: summary, report (pager), saving. 0 or an exit status; x->stop_sig when stopped. */
int sb_assess_end(sb_assess *x);
/* Text for the person on the terminal, with anything that could drive it left out. */
void sb_assess_say(sb_assess *x, const char *s);

#endif

/* SPDX-License-Identifier: MIT */
/* assess_save.h — where `securebase assess` keeps things: the session's state file (found,
 * locked, read back, written after every answer, removed at the end), the answers row, the
 * results and the report files. Calls nothing of the screens or the command. Front end only. */
#ifndef SB_CLI_ASSESS_SAVE_H
#define SB_CLI_ASSESS_SAVE_H

#include <stdbool.h>

#include "cli/assess/cli_assess.h"

/* Finds (and creates) the state folder and takes the lock that keeps two sessions from
 * writing the same file. 0, or an exit status after a message. */
int sb_assess_state_open(sb_assess *x);
/* Reads a paused session, if there is one. 0 with x->s set or not; otherwise an exit status
 * after a message that says the file is kept. */
int sb_assess_state_load(sb_assess *x);
/* Writes the session to its state file, atomically and privately; a failure is remembered in
 * x->save_failed and x->save_error (and said on standard error without a terminal). */
void sb_assess_save_state(sb_assess *x);
/* Removes the state file (a finished or restarted session). */
void sb_assess_state_remove(sb_assess *x);
/* A new session in x->s (--id or a new respondent id). 0 or an exit status. */
int sb_assess_session_new(sb_assess *x);

/* What saving a row to a file would do. */
typedef enum {
	SB_ASSESS_CSV_NEW,          /* created with the header */
	SB_ASSESS_CSV_APPEND,       /* a file with the same header: the row is added */
	SB_ASSESS_CSV_DIRECT,       /* '-' or not a regular file: written as it is */
	SB_ASSESS_CSV_OTHER_HEADER, /* refused */
	SB_ASSESS_CSV_UNREADABLE    /* refused, errno says why */
} sb_assess_csv;
/* What saving the answers row to path would do; *content gets the file's bytes for
 * SB_ASSESS_CSV_APPEND (caller frees with sb_free). */
sb_assess_csv sb_assess_csv_probe(const sb_assess *x, const char *path, char **content,
                                  size_t *len);

/* Scores the answers and builds the report into x->res and x->doc. 0 or an exit status. */
int sb_assess_results(sb_assess *x);
/* Renders the report in format f (json: the report JSON) at width columns. */
sb_status sb_assess_render(sb_assess *x, sb_format f, int width, sb_buf *out, sb_diags *d);
/* Saves the report / the answers row to path; 0 or an exit status after a message. */
int sb_assess_save_report(sb_assess *x, const char *path, sb_format f);
int sb_assess_save_answers(sb_assess *x, const char *path, bool *appended);
/* Saves what --report and --save-answers asked for; 0 or the first failure's exit status.
 * x->report_saved and x->answers_saved tell which were saved. */
int sb_assess_save_requested(sb_assess *x);

#endif

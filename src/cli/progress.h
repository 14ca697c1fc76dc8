/* SPDX-License-Identifier: MIT */
/* progress.h — the progress bar of long `score` and `report --all` runs, on standard error:
 * percentage, rate and time left when the input is a regular file (from its size and the bytes
 * read), else a counter and the rate. Only when standard error is a terminal, without --quiet,
 * and TERM is not "dumb"; it first appears after SB_PROGRESS_DELAY seconds (short runs never
 * flash), is redrawn at most ten times a second, is cut to the terminal's width (the bar goes
 * first), and is cleared at the end. */
#ifndef SB_CLI_PROGRESS_H
#define SB_CLI_PROGRESS_H

#include <stdbool.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/messages.h"

#define SB_PROGRESS_DELAY 0.5    /* seconds before the bar first appears */
#define SB_PROGRESS_INTERVAL 0.1 /* seconds between redraws, at least */

typedef struct {
	bool on;                  /* the bar may be drawn */
	bool shown;               /* a bar is on the screen now */
	sb_lang lang;
	sb_msg_id unit;           /* what is counted: SB_MSG_PROGRESS_ROWS or _REPORTS */
	unsigned long long total; /* the input's size in bytes; 0: unknown (a pipe) */
	struct timespec t0, last;
} sb_progress;

/* Starts timing. input is the input's path ("-": standard input), whose size, when it is a
 * regular file, gives the percentage. */
void sb_progress_start(sb_progress *p, const sb_cli *c, const char *input, sb_msg_id unit);
/* count items done, bytes of the input read so far: redraws the bar when it is due. */
void sb_progress_update(sb_progress *p, unsigned long count, unsigned long long bytes);
/* Takes the bar off the screen (before a message on stderr; the next update draws it again). */
void sb_progress_clear(sb_progress *p);
/* The end: clears the bar; no more updates. */
void sb_progress_end(sb_progress *p);

#endif

/* SPDX-License-Identifier: MIT */
/* progress.c — the progress bar (see progress.h). */
#include "cli/progress.h"

#include "base/textwidth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static double S_secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void sb_progress_start(sb_progress *p, const sb_cli *c, const char *input, sb_msg_id unit)
{
	const char *term = getenv("TERM");
	*p = (sb_progress){
		.on = c->stderr_tty && !c->quiet && !(term && strcmp(term, "dumb") == 0),
		.lang = c->lang, .unit = unit,
	};
	struct stat st;
	bool is_stdin = !input || strcmp(input, "-") == 0;
	if ((is_stdin ? fstat(STDIN_FILENO, &st) : stat(input, &st)) == 0 && S_ISREG(st.st_mode))
		p->total = (unsigned long long)st.st_size;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	p->last = p->t0;
}

/* "1:05" or "1:02:03". */
static void S_clock(char *out, size_t size, double secs)
{
	unsigned long s = secs < 0 ? 0 : secs > 359999 ? 359999 : (unsigned long)(secs + 0.5);
	if (s >= 3600)
		snprintf(out, size, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, size, "%lu:%02lu", s / 60, s % 60);
}

void sb_progress_update(sb_progress *p, unsigned long count, unsigned long long bytes)
{
	if (!p->on)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double elapsed = S_secs(&p->t0, &now);
	if (elapsed < SB_PROGRESS_DELAY || (p->shown && S_secs(&p->last, &now) < SB_PROGRESS_INTERVAL))
		return;
	p->last = now;
	p->shown = true;
	const char *unit = sb_msg(p->lang, p->unit), *sec = sb_msg(p->lang, SB_MSG_PROGRESS_SECOND);
	double rate = (double)count / elapsed;
	char head[64], bar[32] = "", tail[96], t[32];
	snprintf(head, sizeof head, "%s %lu", unit, count);
	if (p->total) {
		double share = bytes >= p->total ? 1.0 : (double)bytes / (double)p->total;
		int pct = (int)(share * 100.0), fill = (int)(share * 20.0);
		if (share > 0 && share < 1)
			S_clock(t, sizeof t, elapsed * (1.0 - share) / share);
		else
			snprintf(t, sizeof t, "-:--");
		snprintf(bar, sizeof bar, " [%.*s%*s]", fill, "####################", 20 - fill, "");
		snprintf(tail, sizeof tail, " %3d%%  %.0f %s/%s  %s %s", pct, rate, unit, sec,
		         sb_msg(p->lang, SB_MSG_PROGRESS_LEFT), t);
	} else {
		S_clock(t, sizeof t, elapsed);
		snprintf(tail, sizeof tail, "  %.0f %s/%s  %s", rate, unit, sec, t);
	}
	/* never wider than the terminal (a wrapped line could not be cleared): the bar goes
	 * first, then the rate and time */
	struct winsize ws;
	size_t cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
	size_t w_head = sb_str_width(head), w_bar = strlen(bar), w_tail = sb_str_width(tail);
	if (w_head + w_bar + w_tail >= cols)
		bar[0] = '\0', w_bar = 0;
	if (w_head + w_tail >= cols)
		tail[0] = '\0', w_tail = 0;
	if (w_head >= cols)
		return;
	char line[192];
	snprintf(line, sizeof line, "%s%s%s", head, bar, tail);
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
}

void sb_progress_clear(sb_progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = false;
}

void sb_progress_end(sb_progress *p)
{
	sb_progress_clear(p);
	p->on = false;
}

/* SPDX-License-Identifier: MIT */
/* test_assess_screens.c — `securebase assess` run in this process (cmd_assess itself, the
 * command line's sources linked in), on a fake terminal: standard input a pipe or a
 * pseudo-terminal written by a driver thread that waits for what the screen shows before each
 * key, signal or resize, and standard output or error that pseudo-terminal. No new program is
 * started, so every path through the screens, the saves and the end costs milliseconds: the
 * back, change, skip and keep keys, the resume menu, EOF and Ctrl-C at every prompt, signals,
 * resizes, narrow and short windows, no colour, no UTF-8, Chinese, failed writes and allocations.
 * What is checked is what a person would notice: the screen, the state file, the files saved,
 * the exit status. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

#include "base/alloc.h"
#include "cli/cli.h"
#include "base/textwidth.h"
#include "cli/assess/assess_save.h"
#include "data/answers.h"
#include "data/outfile.h"
#include "data/session.h"

/* ---- the fake terminal ------------------------------------------------------------------ */

enum {
	S_IN_PTY = 1,   /* standard input is the pseudo-terminal (else a pipe) */
	S_OUT_PTY = 2,  /* standard output is the pseudo-terminal (else a file) */
	S_ERR_PTY = 4,  /* standard error is the pseudo-terminal (else a file) */
	S_NO_UTF8 = 8,  /* the locale is not UTF-8: ASCII drawing */
	S_NO_COLOR = 16, /* --no-color or NO_COLOR */
	S_OUT_FULL = 32  /* standard output is /dev/full (with S_ERR_PTY: not the terminal) */
};
#define S_TTY (S_IN_PTY | S_OUT_PTY)

/* One thing the driver does once text appears on the terminal (after what earlier steps
 * matched): type keys, send a signal, resize the window, or end the input (a pipe only). */
typedef struct {
	const char *want; /* NULL: at once */
	const char *keys;
	int sig;
	int cols, rows;
	bool close_in;
	void (*act)(void); /* done by the driver at that point (files changed under the program) */
} S_step;

typedef struct {
	int rc;
	char *screen; /* everything the pseudo-terminal showed */
	size_t screen_len;
	char *out, *err; /* standard output and error when they were files */
	size_t steps_done, n_steps;
	size_t *step_at; /* where in screen each step's text ended */
} S_res;

typedef struct {
	int master, in_w;
	const S_step *steps;
	size_t n;
	atomic_bool done;
	char *buf;
	size_t len, cap;
	size_t steps_done;
	size_t *step_at;
} S_drv;

static long S_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void S_write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static bool S_drain(S_drv *d, int ms)
{
	if (d->master < 0) {
		if (ms > 0)
			usleep(1000);
		return false;
	}
	struct pollfd p = { .fd = d->master, .events = POLLIN };
	bool got = false;
	while (poll(&p, 1, got ? 0 : ms) > 0 && (p.revents & POLLIN)) {
		if (d->len + 4097 > d->cap) {
			d->cap = d->cap ? d->cap * 2 : 65536;
			d->buf = realloc(d->buf, d->cap);
		}
		ssize_t n = read(d->master, d->buf + d->len, 4096);
		if (n <= 0)
			break;
		d->len += (size_t)n;
		d->buf[d->len] = '\0';
		got = true;
	}
	return got;
}

static void *S_driver(void *arg)
{
	S_drv *d = arg;
	size_t mark = 0;
	long deadline = S_ms() + 15000;
	bool gave_up = false;
	for (;;) {
		bool done = atomic_load(&d->done);
		if (done) {
			/* The last bytes through the terminal: a pty hands written bytes to the reader
			 * later (a kernel work item), so while steps are left, wait for 200 ms of
			 * quiet, not for the first empty poll, which under load can come before the
			 * program's last words. */
			while (S_drain(d, d->steps_done < d->n ? 200 : 5))
				;
			/* Steps that only look for text may be met by those last words. */
			for (; d->steps_done < d->n; d->steps_done++) {
				const S_step *s = &d->steps[d->steps_done];
				const char *hit = s->want && d->buf ? strstr(d->buf + mark, s->want) : NULL;
				if (!hit || s->keys || s->cols || s->sig || s->close_in || s->act)
					break;
				mark = (size_t)(hit - d->buf) + strlen(s->want);
				d->step_at[d->steps_done] = mark;
			}
			break;
		}
		S_drain(d, 10);
		if (d->steps_done >= d->n) {
			if (!gave_up && S_ms() > deadline) {
				fprintf(stderr, "test: every step done, and the program still runs\n");
				gave_up = true;
				kill(getpid(), SIGTERM);
			}
			continue;
		}
		const S_step *s = &d->steps[d->steps_done];
		const char *hit = NULL;
		if (!s->want)
			hit = d->buf ? d->buf + mark : "";
		else if (d->buf)
			hit = strstr(d->buf + mark, s->want);
		if (hit) {
			if (s->want && d->buf)
				mark = (size_t)(hit - d->buf) + strlen(s->want);
			d->step_at[d->steps_done] = mark;
			if (s->act)
				s->act();
			if (s->keys)
				S_write_all(d->in_w, s->keys, strlen(s->keys));
			if (s->cols) {
				struct winsize ws = { .ws_col = (unsigned short)s->cols,
					              .ws_row = (unsigned short)s->rows };
				ioctl(d->master, TIOCSWINSZ, &ws);
				kill(getpid(), SIGWINCH);
			}
			if (s->sig)
				kill(getpid(), s->sig);
			if (s->close_in && d->in_w >= 0) {
				close(d->in_w);
				d->in_w = -1;
			}
			d->steps_done++;
			deadline = S_ms() + 15000;
		} else if (!gave_up && S_ms() > deadline) {
			/* The program waits for something the test never sends: stop it (it leaves
			 * through SB_KEY_SIGNAL), and the test fails on steps_done. */
			fprintf(stderr, "test: step %zu: '%s' did not appear; the screen ends with:\n%s\n",
			        d->steps_done, s->want,
			        d->buf ? d->buf + (d->len > 1500 ? d->len - 1500 : 0) : "");
			gave_up = true;
			kill(getpid(), SIGTERM);
		}
	}
	return NULL;
}

typedef struct {
	int flags;
	int cols, rows;  /* the window; 0: 80 x 24 */
	const char *dir; /* XDG_STATE_HOME and HOME */
	sb_lang lang;
	const char *bank_path;
	const char *state; /* XDG_STATE_HOME instead of dir */
	const char *home;  /* HOME instead of dir */
	const char *term;  /* TERM instead of xterm */
	const char *argv0; /* how the program was called, instead of securebase */
} S_cfg;

static sb_bank *S_bank;

static char *S_slurp_fd(int fd)
{
	size_t cap = 4096, len = 0;
	char *b = malloc(cap);
	lseek(fd, 0, SEEK_SET);
	for (;;) {
		if (len + 4097 > cap)
			b = realloc(b, cap *= 2);
		ssize_t n = read(fd, b + len, 4096);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	b[len] = '\0';
	return b;
}

/* Runs `assess` with args (after the command name) on the fake terminal of cfg, the driver
 * doing steps. */
static S_res S_run_steps(const S_cfg *cfg, const char *const *args, const S_step *steps, size_t n)
{
	S_res r = { .n_steps = n };
	fflush(stdout);
	fflush(stderr);
	int save[3] = { dup(0), dup(1), dup(2) };
	int master = -1, slave = -1;
	struct winsize ws = { .ws_col = (unsigned short)(cfg->cols ? cfg->cols : 80),
		              .ws_row = (unsigned short)(cfg->rows ? cfg->rows : 24) };
	if (cfg->flags & (S_IN_PTY | S_OUT_PTY | S_ERR_PTY)) {
		assert_int_equal(openpty(&master, &slave, NULL, NULL, &ws), 0);
		struct termios t;
		tcgetattr(slave, &t);
		t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
		tcsetattr(slave, TCSANOW, &t);
	}
	int in_w = -1;
	if (cfg->flags & S_IN_PTY) {
		dup2(slave, 0);
		in_w = master;
	} else {
		int p[2];
		assert_int_equal(pipe(p), 0);
		dup2(p[0], 0);
		close(p[0]);
		in_w = p[1];
	}
	char outp[4300], errp[4300];
	snprintf(outp, sizeof outp, "%s/.stdout", cfg->dir);
	snprintf(errp, sizeof errp, "%s/.stderr", cfg->dir);
	int outf = open(outp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int errf = open(errp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(outf >= 0 && errf >= 0);
	int full = cfg->flags & S_OUT_FULL ? open("/dev/full", O_WRONLY) : -1;
	dup2(cfg->flags & S_OUT_PTY ? slave : full >= 0 ? full : outf, 1);
	if (full >= 0)
		close(full);
	dup2(cfg->flags & S_ERR_PTY ? slave : errf, 2);

	S_drv d = { .master = master, .in_w = in_w, .steps = steps, .n = n };
	d.step_at = calloc(n + 1, sizeof *d.step_at);
	atomic_init(&d.done, false);
	/* The signals the test sends are for the program (this thread), not the driver. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pthread_t th;
	pthread_create(&th, NULL, S_driver, &d);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	setenv("XDG_STATE_HOME", cfg->state ? cfg->state : cfg->dir, 1);
	setenv("HOME", cfg->home ? cfg->home : cfg->dir, 1);
	setenv("TERM", cfg->term ? cfg->term : "xterm", 1);
	sb_cli c = {
		.bank_path = cfg->bank_path,
		.lang = cfg->lang,
		.stdin_tty = isatty(0) == 1,
		.stdout_tty = isatty(1) == 1,
		.stderr_tty = isatty(2) == 1,
		.utf8 = !(cfg->flags & S_NO_UTF8),
		.no_color = (cfg->flags & S_NO_COLOR) != 0,
		.bank = cfg->bank_path ? NULL : S_bank,
		.argv0 = cfg->argv0 ? cfg->argv0 : "securebase",
	};
	char *argv[32];
	int argc = 0;
	argv[argc++] = (char *)"assess";
	for (size_t i = 0; args && args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	optind = 0;
	if (getenv("COVAS_DEBUG"))
		dprintf(save[2], "flags %d tty %d %d %d\n", cfg->flags, c.stdin_tty, c.stdout_tty, c.stderr_tty);
	r.rc = cmd_assess(&c, argc, argv);
	fflush(stdout);
	fflush(stderr);
	if (cfg->bank_path)
		sb_bank_free(c.bank);

	atomic_store(&d.done, true);
	pthread_join(th, NULL);
	for (int i = 0; i < 3; i++) {
		dup2(save[i], i);
		close(save[i]);
	}
	if (d.in_w >= 0 && d.in_w != master)
		close(d.in_w);
	if (master >= 0) {
		close(master);
		close(slave);
	}
	r.out = S_slurp_fd(outf);
	r.err = S_slurp_fd(errf);
	close(outf);
	close(errf);
	unlink(outp);
	unlink(errp);
	r.screen = d.buf ? d.buf : strdup("");
	r.screen_len = d.len;
	r.steps_done = d.steps_done;
	r.step_at = d.step_at;
	return r;
}

#define S_RUN(cfg, args, ...)                                                               \
	S_run_steps(cfg, args, (const S_step[]){ __VA_ARGS__ },                              \
	            sizeof((const S_step[]){ __VA_ARGS__ }) / sizeof(S_step))
#define S_ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define S_NOARGS ((const char *const[]){ NULL })

static void S_res_free(S_res *r)
{
	free(r->screen);
	free(r->out);
	free(r->err);
	free(r->step_at);
}

/* Every step's text appeared (else the screen's end is printed). */
static void S_all_steps(const S_res *r)
{
	if (r->steps_done != r->n_steps) {
		print_message("steps done %zu of %zu; rc %d; stderr:\n%s\nscreen end:\n%s\n",
		              r->steps_done, r->n_steps, r->rc, r->err,
		              r->screen + (r->screen_len > 2000 ? r->screen_len - 2000 : 0));
		fail();
	}
}

/* The screen after step i's text (to the end). */
static const char *S_after(const S_res *r, size_t i)
{
	return r->screen + r->step_at[i];
}

/* Text between step i's match and step j's match. */
static char *S_between(const S_res *r, size_t i, size_t j)
{
	size_t a = r->step_at[i], b = j < r->steps_done ? r->step_at[j] : r->screen_len;
	return strndup(r->screen + a, b > a ? b - a : 0);
}

static char *S_file(const char *dir, const char *rel)
{
	char *p = sb_join(dir, rel);
	char *t = sb_read_file(p, NULL);
	free(p);
	return t;
}

static bool S_exists(const char *dir, const char *rel)
{
	char *p = sb_join(dir, rel);
	struct stat st;
	bool e = stat(p, &st) == 0;
	free(p);
	return e;
}

/* The value of key in the state file ("pos", "answers", ...), or NULL. */
static char *S_state_get(const char *dir, const char *key)
{
	char *t = S_file(dir, "securebase/securebase.session");
	if (!t)
		return NULL;
	char *out = NULL;
	size_t kl = strlen(key);
	for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
		char *l = line;
		while (*l == ' ' || *l == '"')
			l++;
		if (strncmp(l, key, kl) == 0 && (l[kl] == ':' || l[kl] == '"' || l[kl] == ' ')) {
			out = strdup(line);
			break;
		}
	}
	free(t);
	return out;
}

static int S_setup(void **state)
{
	(void)state;
	sb_diags d = { 0 };
	if (sb_bank_load_embedded(&S_bank, &d) != SB_OK)
		return -1;
	sb_diags_free(&d);
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_bank_free(S_bank);
	return 0;
}

/* The saved answer of item i (bank order) in the state file: "-" unanswered, NULL no file. */
static char *S_saved(const char *dir, size_t i)
{
	char *line = S_state_get(dir, S_bank->items[i].id);
	if (!line)
		return NULL;
	char *sp = strrchr(line, ' ');
	char *v = strdup(sp ? sp + 1 : "");
	free(line);
	return v;
}

static void S_assert_saved(const char *dir, size_t i, const char *want)
{
	char *v = S_saved(dir, i);
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void S_assert_pos(const char *dir, const char *want)
{
	char *line = S_state_get(dir, "position");
	assert_non_null(line);
	assert_string_equal(line, want);
	free(line);
}

#define S_STATE "securebase/securebase.session"

/* ---- the questionnaire keys ------------------------------------------------------------- */

static void test_keys_back_change_skip(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_NOARGS,
		{ .want = "ready to begin", .keys = "x" },          /* a stray key: drawn again */
		{ .want = "ready to begin", .keys = "\r" },
		{ .want = "1 / 52", .keys = "b" },                  /* 2: nothing before the first */
		{ .want = "This is the first statement.", .keys = "1" },
		{ .want = "2 / 52", .keys = "\033[D" },             /* 4: back with the arrow */
		{ .want = "Your earlier answer was 1.", .keys = "\033[C" }, /* keep with Right */
		{ .want = "2 / 52", .keys = "s" },                  /* 6: skip */
		{ .want = "3 / 52", .keys = "\x7f" },               /* back with Backspace */
		{ .want = "2 / 52", .keys = "\r" },                 /* 8: Enter on an unanswered one */
		{ .want = "Press a number from 1 to 7 to answer", .keys = "?" },
		{ .want = "Press any key to go back", .keys = "x" }, /* 10 */
		{ .want = "2 / 52", .keys = "4" },
		{ .want = "3 / 52", .keys = "q" });                 /* 12 */
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(S_after(&r, 12), "Paused. Your answers so far (2 of 52) are saved"));
	assert_true(S_exists(dir, S_STATE));
	S_assert_pos(dir, "position 2");
	S_assert_saved(dir, 0, "1");
	S_assert_saved(dir, 1, "4");
	S_assert_saved(dir, 2, "-");
	/* the help screen lists every key, with the state file's place */
	char *help = S_between(&r, 9, 10);
	assert_true(sb_contains(help, "skip this statement (it stays unanswered)"));
	assert_true(sb_contains(help, "Your progress is saved after every answer in"));
	free(help);
	S_res_free(&r);
	sb_rmtree(dir);
	free(dir);
}

/* A script built step by step (the 52 statements answered one by one, say). */
typedef struct {
	S_step v[512];
	size_t n;
	char text[512][48]; /* "N / 52" texts kept here */
} S_script;

static const char *const S_digits[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

static void S_add(S_script *s, const char *want, const char *keys)
{
	assert_true(s->n < 512);
	s->v[s->n++] = (S_step){ .want = want, .keys = keys };
}

/* Answers statements from..to-1 (0-based) with value(i) folded into each one's range, each after
 * its "N / 52" is on screen; a value of 0 skips it with s. */
static void S_answer(S_script *s, size_t from, size_t to, int (*value)(size_t i))
{
	for (size_t i = from; i < to; i++) {
		const sb_response_scale *r = &S_bank->responses[S_bank->items[i].response];
		int v = value(i);
		snprintf(s->text[s->n], sizeof s->text[0], "%zu / %zu", i + 1, S_bank->n_items);
		if (v == 0) {
			S_add(s, s->text[s->n], "s");
			continue;
		}
		v = r->min + (v - 1) % (r->max - r->min + 1);
		S_add(s, s->text[s->n], S_digits[v]);
	}
}

static S_res S_run_script(const S_cfg *cfg, const char *const *args, const S_script *s)
{
	return S_run_steps(cfg, args, s->v, s->n);
}

/* Every statement answered but the 3rd and the last four (the safety questions). */
static int S_some_skipped(size_t i) { return i == 2 || i >= 48 ? 0 : 1 + (int)(i % 7); }
/* Most of the statements skipped: a scale left unscored. */

static void S_free_dir(char *dir)
{
	sb_rmtree(dir);
	free(dir);
}

/* ---- the resume menu -------------------------------------------------------------------- */

/* A paused session of two answers (1 and 2) at statement 3, made through the screens. */
static void S_paused_two(const char *dir)
{
	S_cfg cfg = { .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_NOARGS, { .want = "ready to begin", .keys = "\r" },
	                { .want = "1 / 52", .keys = "1" }, { .want = "2 / 52", .keys = "2" },
	                { .want = "3 / 52", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	S_res_free(&r);
	S_assert_pos(dir, "position 2");
}

static void test_resume_menu(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_paused_two(dir);
	S_cfg cfg = { .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN };
	/* A key that means nothing, then n and no, then n and yes: a new session, left at once. */
	S_res r = S_RUN(&cfg, S_NOARGS,
		{ .want = "Welcome back. You have a paused session" },
		{ .want = "carry on where you left off (statement 3 of 52)", .keys = "z" },
		{ .want = "Press Enter to carry on, n to start over, or q to leave.", .keys = "n" },
		{ .want = "Start over? The 2 saved answers will be deleted.", .keys = "x" },
		{ .want = NULL, .keys = "N" },
		{ .want = "Welcome back.", .keys = "n" },            /* 5 */
		{ .want = "Start over?", .keys = "\033" },          /* Esc: no */
		{ .want = "Welcome back.", .keys = "n" },
		{ .want = "Start over?", .keys = "y" },             /* 8 */
		{ .want = "ready to begin", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(S_after(&r, 9), "Nothing was answered yet, so nothing was saved."));
	assert_false(S_exists(dir, S_STATE));
	S_res_free(&r);

	/* q on the menu leaves the session as it was; r carries on where it was left. */
	S_paused_two(dir);
	r = S_RUN(&cfg, S_NOARGS, { .want = "leave for now", .keys = "Q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(S_after(&r, 0), "Paused. Your answers so far (2 of 52) are saved"));
	S_assert_pos(dir, "position 2");
	S_res_free(&r);
	r = S_RUN(&cfg, S_NOARGS, { .want = "leave for now", .keys = "r" },
	          { .want = "3 / 52", .keys = "b" },
	          { .want = "Your earlier answer was 2.", .keys = "\x04" }); /* Ctrl-D pauses */
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	S_assert_pos(dir, "position 1");
	/* Ctrl-C on the menu and on the question whether to start over: 130, nothing lost */
	S_res_free(&r);
	r = S_RUN(&cfg, S_NOARGS, { .want = "leave for now", .keys = "\x03" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	assert_true(sb_contains(S_after(&r, 0), "Stopped. Your answers so far (2 of 52) are saved"));
	S_res_free(&r);
	r = S_RUN(&cfg, S_NOARGS, { .want = "leave for now", .keys = "n" },
	          { .want = "Start over?", .sig = SIGTERM });
	S_all_steps(&r);
	assert_int_equal(r.rc, 128 + SIGTERM);
	S_assert_saved(dir, 1, "2");
	S_res_free(&r);
	/* --resume skips the menu and says where it carries on */
	r = S_RUN(&cfg, S_ARGS("--resume"),
	          { .want = "Welcome back. You are carrying on from here.", .keys = "?" },
	          { .want = "Press any key", .keys = "\x03" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- narrow, short, no colour, no UTF-8, resized ---------------------------------------- */

static void test_narrow_plain_resized(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = S_TTY | S_NO_COLOR | S_NO_UTF8, .cols = 30, .rows = 8, .dir = dir,
		      .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_NOARGS,
		{ .want = "(q leaves)", .cols = 100, .rows = 40 },  /* resized on the welcome */
		{ .want = "Keys: 1-7 answer", .keys = "\r" },        /* drawn again, wider */
		{ .want = "1 / 52", .keys = "3" },
		{ .want = "2 / 52", .keys = "b" },                   /* 3 */
		{ .want = "Your earlier answer was 3.", .cols = 24, .rows = 6 }, /* very short */
		{ .want = "answer", .keys = "?" },                   /* 5 */
		{ .want = "Press any key", .cols = 60, .rows = 30 }, /* resized on the help */
		{ .want = "Press any key", .keys = " " },
		{ .want = "1 / 52", .keys = "\x03" });               /* 8: Ctrl-C */
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	/* no colour and no UTF-8 drawing anywhere */
	assert_false(sb_contains(r.screen, "\033[1m"));
	assert_false(sb_contains(r.screen, "\033[36m"));
	assert_false(sb_contains(r.screen, "█"));
	assert_false(sb_contains(r.screen, "←"));
	assert_true(sb_contains(r.screen, "  b"));
	assert_true(sb_contains(r.screen, "Stopped. Your answers so far (1 of 52) are saved"));
	/* in 24 x 6 the statement is still there, its labels in one paragraph */
	char *tiny = S_between(&r, 4, 5);
	assert_false(sb_contains(tiny, "1 / 52"));
	free(tiny);
	S_assert_saved(dir, 0, "3");
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- numbers of more than one digit, and a scale from -3 to 3 ---------------------------- */

/* ---- the end: the end screen, results, pager, offers ------------------------------------ */

static void test_end_fix_pager_offers(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char rep_bad[4300], rep[4300], ans[4300];
	snprintf(rep_bad, sizeof rep_bad, "%s/no/such/r.md\r", dir);
	snprintf(rep, sizeof rep, "  %s/r.md  \r", dir); /* spaces around are dropped */
	snprintf(ans, sizeof ans, "~/ans.csv\r");
	static S_script s;
	s.n = 0;
	S_add(&s, "ready to begin", "\r");
	S_answer(&s, 0, 52, S_some_skipped);
	S_add(&s, "That was the last statement.", "z");
	S_add(&s, "Press Enter to see your results, b to go back, or q to pause.", "f");
	S_add(&s, "3 / 52", "5");
	size_t end2 = s.n;
	S_add(&s, "That was the last statement.", "\r");
	S_add(&s, "Your results", NULL);
	size_t read_at = s.n;
	S_add(&s, "Press Enter to read your full report, or q to skip it.", "\r");
	S_add(&s, "-- space or Enter: next page", " ");
	S_add(&s, "-- space or Enter: next page", "\033[B");
	S_add(&s, "-- space or Enter: next page", "q");
	S_add(&s, "Would you like to save this report? h HTML", "m");
	S_add(&s, "Save as (Enter for securebase-report-", rep_bad);
	S_add(&s, "It could not be saved (the reason is above).", NULL);
	S_add(&s, "Try again? y/n", "y");
	S_add(&s, "Save as (Enter for securebase-report-", rep);
	size_t saved_at = s.n;
	S_add(&s, "Your report is saved in", NULL);
	S_add(&s, "Would you like to save your answers", "Y");
	S_add(&s, "Save as (Enter for securebase-answers.csv):", ans);
	S_add(&s, "Your answers are saved in", NULL);
	S_cfg cfg = { .flags = S_TTY, .cols = 80, .rows = 100, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_run_script(&cfg, S_NOARGS, &s);
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	/* the end screen counted the skipped statement, and after f the count is whole */
	char *end1 = S_between(&r, end2 - 4, end2 - 2);
	assert_true(sb_contains(end1, "You answered 47 of 48 statements; 1 was skipped."));
	free(end1);
	char *end = S_between(&r, end2, end2 + 1);
	assert_true(sb_contains(end, "You answered 48 of 48 statements; 0 were skipped."));
	free(end);
	char *results = S_between(&r, read_at - 1, read_at);
	assert_true(sb_contains(results, "Where each scale falls"));
	free(results);
	assert_true(sb_contains(S_after(&r, saved_at), "(readable by you alone)"));
	assert_true(sb_contains(S_after(&r, saved_at), "Thank you for taking this time for yourself."));
	char *md = S_file(dir, "r.md");
	assert_non_null(md);
	assert_true(md[0] == '#');
	free(md);
	char *csv = S_file(dir, "ans.csv");
	assert_non_null(csv);
	assert_true(strncmp(csv, "id,", 3) == 0 || sb_contains(csv, S_bank->items[0].id));
	free(csv);
	assert_false(S_exists(dir, S_STATE)); /* finished: the state file is gone */
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- line mode (no terminal) ----------------------------------------------------------- */

/* n lines of "v\n". */
static char *S_lines(size_t n, const char *v)
{
	size_t vl = strlen(v);
	char *t = malloc(n * (vl + 1) + 1);
	for (size_t i = 0; i < n; i++) {
		memcpy(t + i * (vl + 1), v, vl);
		t[i * (vl + 1) + vl] = '\n';
	}
	t[n * (vl + 1)] = '\0';
	return t;
}

static void test_line_mode(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = 0, .dir = dir, .lang = SB_LANG_EN };
	/* an answer, a skip, not a number, out of range, far too long, then the input ends */
	char *longline = malloc(5002);
	memset(longline, '7', 5000);
	longline[5000] = '\n';
	longline[5001] = '\0';
	S_res r = S_RUN(&cfg, S_NOARGS, { .keys = "4\n\nabc\n99\n" }, { .keys = longline },
	                { .close_in = true });
	free(longline);
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(r.err, "Answer with a number: 1 Disagree strongly"));
	assert_true(sb_contains(r.err, "1/52. "));
	assert_true(sb_contains(r.err, "line 3: 'abc' is not a number. Statement 3 again"));
	assert_true(sb_contains(r.err, "line 4: '99' is out of range."));
	assert_true(sb_contains(r.err, "line 5: '7777"));
	assert_true(sb_contains(r.err, "Paused. Your answers so far (1 of 52)"));
	assert_true(sb_contains(r.err, "assess --resume' when you are ready"));
	assert_string_equal(r.out, "");
	S_assert_pos(dir, "position 2");
	S_assert_saved(dir, 0, "4");
	S_assert_saved(dir, 1, "-");
	S_res_free(&r);

	/* a paused session and no --resume: refused (64), the file kept */
	r = S_RUN(&cfg, S_NOARGS, { .close_in = true });
	assert_int_equal(r.rc, 64);
	assert_true(sb_contains(r.err, "add --resume to carry on with it"));
	S_res_free(&r);

	/* --resume: carries on at 3; one bad line; the rest answered, the last line without its
	 * newline; the report on standard output and the files asked for; 65 for the bad line */
	char *rest = S_lines(46, "5");
	char rep[4300], ans[4300];
	snprintf(rep, sizeof rep, "%s/r.html", dir);
	snprintf(ans, sizeof ans, "%s/a.csv", dir);
	r = S_RUN(&cfg, S_ARGS("--resume", "--report", rep, "--save-answers", ans, "--id", "p-7"),
	          { .keys = "x\n" }, { .keys = rest }, { .keys = "1\n1\n1\n1" }, { .close_in = true });
	free(rest);
	S_all_steps(&r);
	if (r.rc != 65)
		sb_write_file("/tmp/covas_err.txt", r.err, strlen(r.err));
	assert_int_equal(r.rc, 65);
	assert_true(sb_contains(r.err, "Carrying on with the paused session at statement 3."));
	assert_true(sb_contains(r.err, "1 input line was not an answer"));
	assert_true(sb_contains(r.out, "p-7"));
	char *html = sb_read_file(rep, NULL);
	assert_non_null(html);
	assert_true(sb_contains(html, "<html"));
	free(html);
	char *csv = sb_read_file(ans, NULL);
	assert_non_null(csv);
	assert_true(sb_contains(csv, "\np-7,4,,5,"));
	free(csv);
	assert_false(S_exists(dir, S_STATE));
	S_res_free(&r);

	/* again, quiet, into the same answers file (a row added); two bad lines: 65 */
	rest = S_lines(52, "1");
	r = S_RUN(&cfg, S_ARGS("-q", "--save-answers", ans, "--report", "-", "--format", "md"),
	          { .keys = "y\nz\n" }, { .keys = rest }, { .close_in = true });
	free(rest);
	assert_int_equal(r.rc, 65);
	assert_false(sb_contains(r.err, "1/52."));
	assert_true(sb_contains(r.err, "2 input lines were not answers"));
	assert_true(r.out[0] == '#'); /* --report - : Markdown on standard output, no text report */
	csv = sb_read_file(ans, NULL);
	size_t rows = 0;
	for (char *q = csv; *q; q++)
		rows += *q == '\n';
	assert_int_equal(rows, 3);
	free(csv);
	S_res_free(&r);

	/* --resume with nothing paused says so and starts afresh; a signal stops it (128+15)
	 * with the answer kept */
	cfg.flags = S_ERR_PTY; /* still line mode: standard input is a pipe */
	r = S_RUN(&cfg, S_ARGS("--resume"), { .keys = "3\n" }, { .want = "2/52.", .sig = SIGTERM });
	S_all_steps(&r);
	assert_int_equal(r.rc, 128 + SIGTERM);
	assert_true(sb_contains(r.screen, "no paused session was found; starting a new one"));
	assert_true(sb_contains(S_after(&r, 1), "Stopped. Your answers so far (1 of 52)"));
	S_assert_saved(dir, 0, "3");
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- saves that fail -------------------------------------------------------------------- */

static bool S_flat_has(const char *screen, const char *text);

static void test_state_save_fails(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN };
	/* the third save fails: the screen stops asking, says what the file holds; 73 */
	sb_io_inject(SB_IO_WRITE, 3, ENOSPC);
	S_res r = S_RUN(&cfg, S_NOARGS, { .want = "ready to begin", .keys = "\r" },
	                { .want = "1 / 52", .keys = "1" }, { .want = "2 / 52", .keys = "2" },
	                { .want = "3 / 52", .keys = "3" },
	                { .want = "Stopped: your progress cannot be saved" });
	sb_io_inject(SB_IO_WRITE, 0, 0);
	S_all_steps(&r);
	assert_int_equal(r.rc, 73);
	assert_true(sb_contains(S_after(&r, 4), "No space left"));
	assert_false(sb_contains(r.screen, "4 / 52"));
	S_assert_pos(dir, "position 2");
	S_assert_saved(dir, 1, "2");
	S_assert_saved(dir, 2, "-");
	S_res_free(&r);

	/* the second save failing at each step of writing the file (fsync, close, rename; write
	 * above): the reason on screen, and the file as the first save left it */
	static const struct {
		sb_io_op op;
		int err;
		const char *why;
	} steps[] = {
		{ SB_IO_FSYNC, EIO, "write failed: Input/output error" },
		{ SB_IO_CLOSE, EDQUOT, "write failed: Disk quota exceeded" },
		{ SB_IO_RENAME, EXDEV, "cannot replace: Invalid cross-device link" },
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		char *di = sb_tmpdir();
		S_cfg ci = { .flags = S_TTY, .dir = di, .lang = SB_LANG_EN };
		sb_io_inject(steps[i].op, 2, steps[i].err);
		r = S_RUN(&ci, S_NOARGS, { .want = "ready to begin", .keys = "\r" },
		          { .want = "1 / 52", .keys = "6" }, { .want = "2 / 52", .keys = "5" },
		          { .want = "Stopped: your progress cannot be saved" });
		sb_io_inject(steps[i].op, 0, 0);
		S_all_steps(&r);
		assert_int_equal(r.rc, 73);
		assert_true(S_flat_has(S_after(&r, 3), steps[i].why));
		S_assert_pos(di, "position 1");
		S_assert_saved(di, 0, "6");
		S_res_free(&r);
		S_free_dir(di);
	}

	/* the first save fails: nothing is in the file */
	char *d2 = sb_tmpdir();
	cfg.dir = d2;
	sb_io_inject(SB_IO_WRITE, 1, EIO);
	r = S_RUN(&cfg, S_NOARGS, { .want = "ready to begin", .keys = "\r" },
	          { .want = "1 / 52", .keys = "s" }, { .want = "Nothing was saved" });
	sb_io_inject(SB_IO_WRITE, 0, 0);
	S_all_steps(&r);
	assert_int_equal(r.rc, 73);
	assert_false(S_exists(d2, S_STATE));
	S_res_free(&r);

	/* line mode: said on standard error at once */
	cfg.flags = 0;
	sb_io_inject(SB_IO_WRITE, 2, EDQUOT);
	r = S_RUN(&cfg, S_NOARGS, { .keys = "1\n2\n3\n4\n" }, { .close_in = true });
	sb_io_inject(SB_IO_WRITE, 0, 0);
	assert_int_equal(r.rc, 73);
	assert_true(sb_contains(r.err, "cannot save your progress"));
	assert_true(sb_contains(r.err, "1 of 52 answers"));
	S_assert_saved(d2, 0, "1");
	S_assert_saved(d2, 1, "-");
	S_res_free(&r);
	S_free_dir(d2);
	S_free_dir(dir);
}

/* The save after the last statement fails, and so do --report and --save-answers (the disk is
 * full): the results are still given, then exactly what was and was not saved; 73. */
static void test_final_save_fails(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = 0, .dir = dir, .lang = SB_LANG_EN };
	char rep[4300], ans[4300];
	snprintf(rep, sizeof rep, "%s/r.md", dir);
	snprintf(ans, sizeof ans, "%s/a.csv", dir);
	char *all = S_lines(52, "3");
	sb_io_inject(SB_IO_WRITE, 53, ENOSPC);
	S_res r = S_RUN(&cfg, S_ARGS("--report", rep, "--save-answers", ans), { .keys = all },
	                { .close_in = true });
	sb_io_inject(SB_IO_WRITE, 0, 0);
	assert_int_equal(r.rc, 74); /* the report's write failed: an I/O error */
	assert_true(sb_contains(r.err, "the last save of your progress failed"));
	assert_true(sb_contains(r.err, "52 of 52 answers"));
	assert_true(sb_contains(r.err, "Not saved: your report"));
	assert_true(sb_contains(r.err, "Not saved: your answers row"));
	assert_true(sb_contains(r.out, "Anxiety") || r.out[0] != '\0');
	S_assert_pos(dir, "position 52"); /* the state file is kept */
	assert_false(S_exists(dir, "r.md"));
	S_res_free(&r);

	/* on the terminal, --report and --save-answers saved, the final save failed, and the
	 * person stops at the first question: the note says what the file holds */
	sb_io_inject(SB_IO_WRITE, 1, ENOSPC);
	/* (the state file from above is there: the final save is the first write) */
	cfg.flags = S_TTY;
	cfg.rows = 100; /* the results in one page */
	r = S_RUN(&cfg, S_ARGS("--resume"), { .want = "see your results", .keys = "\r" },
	          { .want = "Press Enter to read your full report", .keys = "\x03" });
	sb_io_inject(SB_IO_WRITE, 0, 0);
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	assert_true(sb_contains(S_after(&r, 1), "Stopped: your progress cannot be saved"));
	S_res_free(&r);

	free(all);
	S_free_dir(dir);
}

/* ---- the end, stopped or ended at each prompt ------------------------------------------- */

/* Answers everything, then at the end does the steps tail (after "see your results" and
 * Enter), on a window tall enough for the results in one page. */
static S_res S_to_end(const char *dir, int flags, const char *const *args, const S_step *tail,
                      size_t n_tail)
{
	static S_script s;
	s.n = 0;
	S_add(&s, "ready to begin", "\r");
	S_answer(&s, 0, 52, S_some_skipped);
	S_add(&s, "see your results", "\r");
	for (size_t i = 0; i < n_tail; i++)
		s.v[s.n++] = tail[i];
	S_cfg cfg = { .flags = flags, .cols = 80, .rows = 100, .dir = dir, .lang = SB_LANG_EN };
	return S_run_script(&cfg, args, &s);
}
#define S_TO_END(dir, flags, args, ...)                                                      \
	S_to_end(dir, flags, args, (const S_step[]){ __VA_ARGS__ },                          \
	         sizeof((const S_step[]){ __VA_ARGS__ }) / sizeof(S_step))

/* dir emptied (kept itself) */
static void S_empty(const char *dir)
{
	sb_rmtree(dir);
	assert_int_equal(mkdir(dir, 0700), 0);
}

static void test_end_stopped_or_ended(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	/* Ctrl-C in the pager: 130, the state kept at the end */
	S_res r = S_TO_END(dir, S_TTY, S_NOARGS,
	                   { .want = "read your full report", .keys = "\r" },
	                   { .want = "-- space or Enter", .keys = "\x03" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	S_assert_pos(dir, "position 52");
	S_res_free(&r);
	S_empty(dir);
	/* q at the report, then SIGTERM at the report offer */
	r = S_TO_END(dir, S_TTY, S_NOARGS, { .want = "read your full report", .keys = "q" },
	             { .want = "save this report?", .sig = SIGTERM });
	S_all_steps(&r);
	assert_int_equal(r.rc, 143);
	S_res_free(&r);
	S_empty(dir);
	/* a SIGINT while a file name is typed (cooked mode) */
	r = S_TO_END(dir, S_TTY, S_NOARGS, { .want = "read your full report", .keys = "Q" },
	             { .want = "save this report?", .keys = "h" },
	             { .want = "Save as (Enter for securebase-report-", .sig = SIGINT });
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	S_res_free(&r);
	S_empty(dir);
	/* the report declined with Esc; Ctrl-C at the answers offer */
	r = S_TO_END(dir, S_TTY, S_NOARGS, { .want = "read your full report", .keys = "q" },
	             { .want = "save this report?", .keys = "\033" },
	             { .want = "save your answers", .keys = "\x03" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	S_res_free(&r);
	S_empty(dir);
	/* the report to a file that exists: Ctrl-C at "Replace it?" */
	char path[4300];
	snprintf(path, sizeof path, "%s.keep.md", dir);
	sb_write_file(path, "mine\n", 5);
	char typed[4400];
	snprintf(typed, sizeof typed, "%s\r", path);
	r = S_TO_END(dir, S_TTY, S_NOARGS, { .want = "read your full report", .keys = "q" },
	             { .want = "save this report?", .keys = "m" },
	             { .want = "Save as", .keys = typed },
	             { .want = "Replace it? y/n", .keys = "\x03" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	char *kept = sb_read_file(path, NULL);
	assert_string_equal(kept, "mine\n");
	free(kept);
	S_res_free(&r);
	S_empty(dir);
	/* replaced with y; then a signal while the answers' file name is typed */
	r = S_TO_END(dir, S_TTY, S_NOARGS, { .want = "read your full report", .keys = "q" },
	             { .want = "save this report?", .keys = "m" },
	             { .want = "Save as", .keys = typed },
	             { .want = "Replace it? y/n", .keys = "y" },
	             { .want = "Your report is saved in" },
	             { .want = "save your answers", .keys = "y" },
	             { .want = "Save as", .sig = SIGHUP });
	S_all_steps(&r);
	assert_int_equal(r.rc, 128 + SIGHUP);
	kept = sb_read_file(path, NULL);
	assert_true(kept[0] == '#');
	free(kept);
	unlink(path);
	S_res_free(&r);
	S_empty(dir);
	/* answers into a file with another header: refused, another name declined */
	snprintf(path, sizeof path, "%s.other.csv", dir);
	sb_write_file(path, "a,b\n1,2\n", 8);
	snprintf(typed, sizeof typed, "%s\r", path);
	r = S_TO_END(dir, S_TTY, S_NOARGS, { .want = "read your full report", .keys = "q" },
	             { .want = "save this report?", .keys = "n" },
	             { .want = "save your answers", .keys = "y" },
	             { .want = "Save as", .keys = typed },
	             { .want = "Try another file name? y/n", .keys = "n" },
	             { .want = "Thank you for taking" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(r.err, "another header than this questionnaire's; nothing"));
	kept = sb_read_file(path, NULL);
	assert_string_equal(kept, "a,b\n1,2\n");
	free(kept);
	unlink(path);
	S_res_free(&r);
	S_empty(dir);
	/* Ctrl-D (the end of input) at every question takes its "no", and it finishes */
	r = S_TO_END(dir, S_TTY, S_NOARGS, { .want = "read your full report", .keys = "\x04" },
	             { .want = "-- space or Enter", .keys = "\x04" },
	             { .want = "save this report?", .keys = "h" },
	             { .want = "Save as (Enter for securebase-report-", .keys = "\x04" },
	             { .want = "save your answers", .keys = "\x04" },
	             { .want = "Thank you for taking" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_false(S_exists(dir, S_STATE));
	S_res_free(&r);
	S_empty(dir);
	/* standard output is not the terminal: the report goes there whole; --report and
	 * --save-answers were saved before anything was asked */
	char rep[4300], ans[4300];
	snprintf(rep, sizeof rep, "%s.r.json", dir);
	snprintf(ans, sizeof ans, "%s.a.csv", dir);
	r = S_TO_END(dir, S_IN_PTY | S_ERR_PTY, S_ARGS("--report", rep, "--save-answers", ans),
	             { .want = "Your full report was written to standard output." },
	             { .want = "Your answers are saved in" },
	             { .want = "Thank you for taking" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(r.out, "Where each scale falls") || strlen(r.out) > 1000);
	char *json = sb_read_file(rep, NULL);
	assert_non_null(json);
	assert_true(json[0] == '{');
	free(json);
	unlink(rep);
	unlink(ans);
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- usage, and the state file that cannot be used -------------------------------------- */

static void test_usage_and_state_errors(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = 0, .dir = dir, .lang = SB_LANG_EN };
	static const struct {
		const char *args[6];
		int rc;
		const char *err;
	} cases[] = {
		{ { "--id", "", NULL }, 64, "--id takes 1 to" },
		{ { "--save-answers", "", NULL }, 64, "--save-answers needs a file name" },
		{ { "--report", "", NULL }, 64, "--report needs a file name" },
		{ { "--format", "md", NULL }, 64, "give --report FILE too" },
		{ { "--report", "x.unknown", NULL }, 64, "" },
		{ { "--bogus", NULL }, 64, "unknown option '--bogus'" },
		{ { "--id", NULL }, 64, "option '--id' needs a value" },
		{ { "extra", NULL }, 64, "unexpected argument 'extra'" },
		{ { "--lang", "xx", NULL }, 64, "" },
		{ { "--help", NULL }, 0, "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		S_res r = S_run_steps(&cfg, cases[i].args, NULL, 0);
		if (r.rc != cases[i].rc || !sb_contains(r.err, cases[i].err))
			print_message("case %zu: rc %d, stderr %s\n", i, r.rc, r.err);
		assert_int_equal(r.rc, cases[i].rc);
		assert_true(sb_contains(r.err, cases[i].err));
		if (cases[i].rc == 0)
			assert_true(sb_contains(r.out, "Usage: securebase assess"));
		S_res_free(&r);
	}
	/* --save-answers naming a file with another header, or a folder: refused before anything */
	char path[4300];
	snprintf(path, sizeof path, "%s/other.csv", dir);
	sb_write_file(path, "\xef\xbb\xbf\"x\",y\r\n", 10);
	S_res r = S_run_steps(&cfg, S_ARGS("--save-answers", path), NULL, 0);
	assert_int_equal(r.rc, 65);
	assert_true(sb_contains(r.err, "another header"));
	S_res_free(&r);
	r = S_run_steps(&cfg, S_ARGS("--save-answers", dir), NULL, 0);
	assert_int_equal(r.rc, 73);
	assert_true(sb_contains(r.err, "Is a directory"));
	S_res_free(&r);
	/* the state file damaged: 65, kept as it is */
	char st[4300];
	snprintf(st, sizeof st, "%s/securebase", dir);
	mkdir(st, 0700);
	snprintf(st, sizeof st, "%s/" S_STATE, dir);
	sb_write_file(st, "garbage\n", 8);
	r = S_RUN(&cfg, S_ARGS("--resume"), { .close_in = true });
	assert_int_equal(r.rc, 65);
	assert_true(sb_contains(r.err, "the paused session cannot be read. The file is kept"));
	char *kept = sb_read_file(st, NULL);
	assert_string_equal(kept, "garbage\n");
	free(kept);
	S_res_free(&r);
	/* a folder where the state file should be: cannot be read (74) */
	unlink(st);
	mkdir(st, 0700);
	r = S_RUN(&cfg, S_ARGS("--resume"), { .close_in = true });
	assert_int_equal(r.rc, 74);
	S_res_free(&r);
	rmdir(st);
	/* a file where the state folder should be: 73 */
	char sub[4300];
	snprintf(sub, sizeof sub, "%s/file", dir);
	sb_write_file(sub, "x", 1);
	S_cfg c2 = cfg;
	c2.state = sub;
	r = S_RUN(&c2, S_NOARGS, { .close_in = true });
	assert_int_equal(r.rc, 73);
	assert_true(sb_contains(r.err, "cannot create the folder for your progress"));
	S_res_free(&r);
	/* another assess holds the lock: 73 */
	snprintf(sub, sizeof sub, "%s/securebase", dir);
	int lk = open(sub, O_RDONLY | O_DIRECTORY);
	assert_true(lk >= 0);
	assert_int_equal(flock(lk, LOCK_EX), 0);
	r = S_RUN(&cfg, S_NOARGS, { .close_in = true });
	close(lk);
	assert_int_equal(r.rc, 73);
	assert_true(sb_contains(r.err, "another 'securebase assess' is running"));
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- numbers of more than one digit, a leading minus ------------------------------------- */

static void test_wide_scale_typed_numbers(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *bank = sb_src_path("tests/banks/wide_scale.yaml");
	S_cfg cfg = { .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN, .bank_path = bank };
	S_res r = S_RUN(&cfg, S_NOARGS,
		{ .want = "ready to begin", .keys = "\r" },
		{ .want = "1 / 14", .keys = "1" },         /* 1 or 10, 11, 12: wait */
		{ .want = "You typed 1: press Enter to answer 1, or type on.", .keys = "\r" },
		{ .want = "2 / 14", .keys = "1" },         /* 3 */
		{ .want = "You typed 1", .keys = "1" },    /* 11: nothing longer, answered */
		{ .want = "3 / 14", .keys = "-" },         /* 5: a minus starts -2 or -1 */
		/* no Enter offered for "-", which is no answer; Enter on it gets the hint */
		{ .want = "You typed -: type the rest of the number.", .keys = "\r" },
		{ .want = "Press a number from -2 to 12 to answer", .keys = "-" },
		{ .want = "You typed -", .keys = "2" },    /* 8: -2 */
		{ .want = "4 / 14", .keys = "1" },
		{ .want = "You typed 1", .keys = "b" },    /* 10: b takes the digits back */
		{ .want = "4 / 14", .keys = "1" },
		{ .want = "You typed 1", .keys = "9" },    /* 12: 19 is no answer */
		{ .want = "Press a number from -2 to 12", .keys = "1" },
		{ .want = "You typed 1", .keys = "z" },    /* 14: another key drops the digits */
		{ .want = "Press a number from -2 to 12", .keys = "1" },
		{ .want = "You typed 1", .keys = "\033[D" }, /* 16: so does Left */
		{ .want = "4 / 14", .keys = "5" },
		{ .want = "5 / 14", .keys = "q" });       /* 18 */
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	char *st = S_file(dir, "securebase/wide_scale.session");
	assert_non_null(st);
	assert_true(sb_contains(st, "\nt01 1\nt02 11\nt03 -2\nt04 5\nt05 -\n"));
	free(st);
	/* the command to carry on names the bank */
	assert_true(sb_contains(S_after(&r, 18), "--bank"));
	S_res_free(&r);
	free(bank);
	S_free_dir(dir);
}

/* ---- where things are kept, how the program is named, a dumb terminal ------------------- */

static void test_places_and_names(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	/* XDG_STATE_HOME relative: ignored, ~/.local/state is used and shown with ~ */
	S_cfg cfg = { .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN, .state = "relative/state" };
	S_res r = S_RUN(&cfg, S_NOARGS, { .want = "~/.local/state/securebase/securebase.session" },
	                { .want = "ready to begin", .keys = "\r" },
	                { .want = "1 / 52", .keys = "4" }, { .want = "2 / 52", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(S_exists(dir, ".local/state/securebase/securebase.session"));
	S_res_free(&r);
	/* HOME relative: the state where XDG_STATE_HOME says, shown in full; a program called by
	 * a path that is not on the PATH is named so in the command to carry on */
	char state_dir[4300];
	snprintf(state_dir, sizeof state_dir, "%s/st", dir);
	cfg = (S_cfg){ .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN, .state = state_dir,
		       .home = "not/absolute", .argv0 = "./somewhere/securebase" };
	r = S_RUN(&cfg, S_NOARGS, { .want = "ready to begin", .keys = "\r" },
	          { .want = "1 / 52", .keys = "4" }, { .want = "2 / 52", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	char shown[4400];
	snprintf(shown, sizeof shown, "%s/securebase/securebase.session", state_dir);
	char *flat = strdup(r.screen); /* the note is wrapped: compare without line breaks */
	size_t k = 0;
	for (size_t i = 0; flat[i]; i++)
		if (flat[i] != '\r' && flat[i] != '\n')
			flat[k++] = flat[i];
	flat[k] = '\0';
	assert_true(sb_contains(flat, "./somewhere/securebase assess"));
	free(flat);
	S_res_free(&r);
	/* TERM=dumb: the line mode on a terminal, no escape sequences */
	cfg = (S_cfg){ .flags = S_IN_PTY | S_ERR_PTY, .dir = dir, .lang = SB_LANG_EN,
		       .state = state_dir, .term = "dumb" };
	r = S_RUN(&cfg, S_ARGS("--resume"), { .want = "2/52.", .keys = "3\n" },
	          { .want = "3/52.", .keys = "\x04" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_false(sb_contains(r.screen, "\033["));
	assert_true(sb_contains(r.screen, "Paused. Your answers so far (2 of 52)"));
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- the answers file: appended to, empty, without a last newline ----------------------- */

static void test_answers_file_kinds(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = 0, .dir = dir, .lang = SB_LANG_EN };
	char ans[4300], header[8192];
	snprintf(ans, sizeof ans, "%s/a.csv", dir);
	/* an empty file gets the header */
	sb_write_file(ans, "", 0);
	char *all = S_lines(52, "1");
	S_res r = S_RUN(&cfg, S_ARGS("--save-answers", ans, "--id", "one"), { .keys = all },
	                { .close_in = true });
	assert_int_equal(r.rc, 0);
	char *csv = sb_read_file(ans, NULL);
	char *nl = strchr(csv, '\n');
	snprintf(header, sizeof header, "%.*s", (int)(nl - csv), csv);
	assert_true(strncmp(csv, "id,", 3) == 0 || sb_contains(header, S_bank->items[0].id));
	free(csv);
	S_res_free(&r);
	/* a file with the same header, its last row without a newline: the row goes on a line
	 * of its own */
	char *t = NULL;
	size_t n = strlen(header) + 32;
	t = malloc(n);
	snprintf(t, n, "%s\nzero,%s", header, "1");
	sb_write_file(ans, t, strlen(t));
	free(t);
	r = S_RUN(&cfg, S_ARGS("--save-answers", ans, "--id", "two"), { .keys = all },
	          { .close_in = true });
	assert_int_equal(r.rc, 0);
	csv = sb_read_file(ans, NULL);
	assert_true(sb_contains(csv, "\nzero,1\ntwo,"));
	free(csv);
	S_res_free(&r);
	/* standard output named: the row is written there as it is */
	r = S_RUN(&cfg, S_ARGS("--save-answers", "-", "--report", ans, "--format", "text", "--id",
	                       "three"),
	          { .keys = all }, { .close_in = true });
	(void)r;
	S_res_free(&r);
	free(all);
	S_free_dir(dir);
}

/* ---- a state file too large, Chinese ----------------------------------------------- */

static void test_state_too_large(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char st[4300];
	snprintf(st, sizeof st, "%s/securebase", dir);
	mkdir(st, 0700);
	snprintf(st, sizeof st, "%s/" S_STATE, dir);
	size_t n = 16u * 1024 * 1024 + 70000;
	char *big = malloc(n);
	memset(big, 'a', n);
	sb_write_file(st, big, n);
	free(big);
	S_cfg cfg = { .flags = 0, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_ARGS("--resume"), { .close_in = true });
	assert_int_equal(r.rc, 65);
	assert_true(sb_contains(r.err, "the file is too large to be a session"));
	struct stat sb;
	assert_int_equal(stat(st, &sb), 0);
	assert_int_equal((size_t)sb.st_size, n); /* kept */
	S_res_free(&r);
	S_free_dir(dir);
}

static void test_chinese(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	bool pdf = false; /* (PDF takes a second and more; HTML shows the same offer) */
	char typed[4400];
	snprintf(typed, sizeof typed, "%s/\r", dir); /* a folder: the default name inside it */
	static S_script s;
	s.n = 0;
	S_add(&s, "准备好了就按回车开始", "\r");
	S_answer(&s, 0, 52, S_some_skipped);
	S_add(&s, "这是最后一句了", "\r");
	S_add(&s, "按回车阅读完整报告", "q");
	S_add(&s, "要保存这份报告吗", pdf ? "p" : "h");
	S_add(&s, "保存为", typed);
	S_add(&s, "要把你的回答存成", "n");
	S_add(&s, "谢谢你花这些时间照顾自己", NULL);
	S_cfg cfg = { .flags = S_TTY | S_NO_COLOR, .cols = 80, .rows = 100, .dir = dir,
		      .lang = SB_LANG_ZH };
	S_res r = S_run_script(&cfg, S_NOARGS, &s);
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	char date[16], name[128];
	time_t now = time(NULL);
	strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
	snprintf(name, sizeof name, "securebase-report-%s.%s", date, pdf ? "pdf" : "html");
	char *got = S_file(dir, name);
	assert_non_null(got);
	assert_true(pdf ? strncmp(got, "%PDF", 4) == 0 : sb_contains(got, "<html"));
	free(got);
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- more ways the files and the end can go -------------------------------------------- */

static void test_more_edges(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = 0, .dir = dir, .lang = SB_LANG_EN };
	/* an empty state file cannot be read: 65, kept */
	char st[4300];
	snprintf(st, sizeof st, "%s/securebase", dir);
	mkdir(st, 0700);
	snprintf(st, sizeof st, "%s/" S_STATE, dir);
	sb_write_file(st, "", 0);
	S_res r = S_RUN(&cfg, S_ARGS("--resume"), { .close_in = true });
	assert_int_equal(r.rc, 65);
	assert_true(S_exists(dir, S_STATE));
	S_res_free(&r);
	unlink(st);
	/* --save-answers under a file (not a folder): refused at once, 73 */
	char bad[4400];
	snprintf(bad, sizeof bad, "%s/" S_STATE "x/a.csv", dir);
	sb_write_file(st, "x", 1);
	snprintf(bad, sizeof bad, "%s/a.csv", st);
	unlink(st);
	char file[4300];
	snprintf(file, sizeof file, "%s/plain", dir);
	sb_write_file(file, "x", 1);
	snprintf(bad, sizeof bad, "%s/a.csv", file);
	r = S_RUN(&cfg, S_ARGS("--save-answers", bad), { .close_in = true });
	assert_int_equal(r.rc, 73);
	assert_true(sb_contains(r.err, "Not a directory"));
	S_res_free(&r);
	/* HOME a prefix of the state folder's name but not its parent: shown in full */
	char home[4300];
	snprintf(home, sizeof home, "%.*s", (int)strlen(dir) - 1, dir);
	cfg = (S_cfg){ .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN, .home = home };
	r = S_RUN(&cfg, S_NOARGS, { .want = "ready to begin", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	char *flat = strdup(r.screen);
	size_t k = 0;
	for (size_t j = 0; flat[j]; j++)
		if (flat[j] != '\r' && flat[j] != '\n' && flat[j] != ' ')
			flat[k++] = flat[j];
	flat[k] = '\0';
	assert_false(sb_contains(flat, "~"));
	free(flat);
	S_res_free(&r);
	/* the pager's other keys: one that means nothing, Enter, Q; a narrow window at the end;
	 * the answers offer given up with Ctrl-D at the name, after a name under a file */
	snprintf(bad, sizeof bad, "%s\r", file);
	char under[4400];
	snprintf(under, sizeof under, "%s/a.csv\r", file);
	r = S_TO_END(dir, S_TTY, S_NOARGS, { .want = "read your full report", .keys = "\r" },
	             { .want = "-- space or Enter", .keys = "x" },
	             { .want = NULL, .keys = "\r" },
	             { .want = "-- space or Enter", .keys = "Q" },
	             { .want = "save this report?", .keys = "\033[A" }, /* no choice: ignored */
	             { .want = NULL, .keys = "\r" },                     /* Enter: not a choice */
	             { .want = NULL, .keys = "n" },
	             { .want = "save your answers", .keys = "y" },
	             { .want = "Save as", .keys = under },
	             { .want = "Try another file name? y/n", .keys = "y" },
	             { .want = "Save as", .keys = "\x04" },
	             { .want = "Thank you for taking" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(r.err, "Not a directory"));
	S_res_free(&r);
	S_empty(dir);
	sb_write_file(file, "x", 1);
	/* a window 20 columns wide at the end; the report to a file that cannot be, not again */
	static S_script s;
	s.n = 0;
	S_add(&s, "leaves)", "\r");
	S_answer(&s, 0, 52, S_some_skipped);
	S_add(&s, "results", "\r");
	S_add(&s, "skip it.", "q");
	S_add(&s, "Markdown", "m");
	S_add(&s, "(Enter", under);
	S_add(&s, "again?", "n");
	S_add(&s, "CSV", "n");
	S_add(&s, "Thank", NULL);
	S_cfg narrow = { .flags = S_TTY, .cols = 20, .rows = 200, .dir = dir, .lang = SB_LANG_EN };
	r = S_run_script(&narrow, S_NOARGS, &s);
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	S_res_free(&r);
	S_free_dir(dir);
}

/* A state file whose start time no calendar holds: the resume menu says "?" for it. */
static void test_absurd_start_time(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_session *ss = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_session_new(S_bank, 900000000000000000LL, "old", &ss, &d), SB_OK);
	sb_buf out = { 0 };
	assert_int_equal(sb_session_write(ss, &out), SB_OK);
	char st[4300];
	snprintf(st, sizeof st, "%s/securebase", dir);
	mkdir(st, 0700);
	snprintf(st, sizeof st, "%s/" S_STATE, dir);
	sb_write_file(st, out.data, out.len);
	sb_buf_free(&out);
	sb_session_free(ss);
	sb_diags_free(&d);
	S_cfg cfg = { .flags = S_TTY, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_NOARGS, { .want = "paused session, started ?, with 0" },
	                { .want = "leave for now", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- state files made here; what the end says about each file --------------------------- */

/* Writes session ss as the state file in dir; returns its text. */
static char *S_put_session(const char *dir, const sb_session *ss)
{
	sb_buf out = { 0 };
	assert_int_equal(sb_session_write(ss, &out), SB_OK);
	char p[4300];
	snprintf(p, sizeof p, "%s/securebase", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/" S_STATE, dir);
	sb_write_file(p, out.data, out.len);
	char *text = strdup(out.data);
	sb_buf_free(&out);
	return text;
}

/* A session of the default bank: the first `answered` statements given value(i) folded into
 * their range (0: skipped), then at pos. */
static sb_session *S_session(size_t answered, int (*value)(size_t), size_t pos, const char *id)
{
	sb_session *ss = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_session_new(S_bank, (long long)time(NULL), id, &ss, &d), SB_OK);
	sb_diags_free(&d);
	for (size_t i = 0; i < answered; i++) {
		const sb_response_scale *r = &S_bank->responses[S_bank->items[i].response];
		int v = value(i);
		if (v == 0)
			assert_true(sb_session_skip(ss));
		else
			assert_true(sb_session_answer(ss, S_bank, r->min + (v - 1) % (r->max - r->min + 1)));
	}
	assert_true(sb_session_jump(ss, pos));
	return ss;
}

/* Writes such a session as the state file in dir; returns its text. */
static char *S_put_state(const char *dir, size_t answered, int (*value)(size_t), size_t pos,
                         const char *id)
{
	sb_session *ss = S_session(answered, value, pos, id);
	char *text = S_put_session(dir, ss);
	sb_session_free(ss);
	return text;
}

/* The screen without line breaks and the spaces of wrapping, to find a wrapped sentence. */
static char *S_flat(const char *screen)
{
	char *flat = strdup(screen);
	size_t k = 0;
	for (size_t i = 0; flat[i]; i++)
		if (flat[i] != '\r' && flat[i] != '\n' && flat[i] != ' ')
			flat[k++] = flat[i];
	flat[k] = '\0';
	return flat;
}

static bool S_flat_has(const char *screen, const char *text)
{
	char *a = S_flat(screen), *b = S_flat(text);
	bool in = sb_contains(a, b);
	free(a);
	free(b);
	return in;
}

/* --report saved and --save-answers not (or the other way round): the end says which, each
 * with its file; the exit status is the failure's and the state file is kept. Before, a
 * failure of either hid both ("saved in" was said only when both were). */
static void test_end_says_each_file(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char rep[4300], ans[4300];
	snprintf(rep, sizeof rep, "%s/r.md", dir);
	snprintf(ans, sizeof ans, "%s/a.csv", dir);
	char *st = S_put_state(dir, 52, S_some_skipped, 52, "p-1");
	free(st);
	/* the renames: the state's last save, the report, then the answers (refused) */
	sb_io_inject(SB_IO_RENAME, 3, EACCES);
	S_cfg cfg = { .flags = S_TTY, .rows = 100, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_ARGS("--resume", "--report", rep, "--save-answers", ans),
	                { .want = "see your results", .keys = "\r" },
	                { .want = "read your full report", .keys = "q" },
	                { .want = "Your report is saved in" },
	                { .want = "Your answers were not saved in" });
	sb_io_inject(SB_IO_RENAME, 0, 0);
	S_all_steps(&r);
	assert_int_equal(r.rc, 73);
	char want[4400];
	snprintf(want, sizeof want, "securebase: %s: cannot replace: Permission denied\n", ans);
	assert_true(sb_contains(r.err, want));
	snprintf(want, sizeof want, "Your report is saved in %s", rep);
	assert_true(S_flat_has(r.screen, want));
	snprintf(want, sizeof want, "Your answers were not saved in %s (the reason is above).", ans);
	assert_true(S_flat_has(r.screen, want));
	assert_false(sb_contains(r.screen, "Thank you for taking"));
	char *md = sb_read_file(rep, NULL);
	assert_non_null(md);
	assert_true(md[0] == '#');
	free(md);
	assert_false(S_exists(dir, "a.csv"));
	S_assert_pos(dir, "position 52"); /* kept: running assess again offers these results */
	S_res_free(&r);

	/* in Chinese the other way round: the report into a folder that does not exist */
	snprintf(rep, sizeof rep, "%s/gone/r.md", dir);
	cfg.lang = SB_LANG_ZH;
	r = S_RUN(&cfg, S_ARGS("--resume", "--report", rep, "--save-answers", ans),
	          { .want = "这是最后一句了", .keys = "\r" },
	          { .want = "按回车阅读完整报告", .keys = "q" },
	          { .want = "报告没有保存到" },
	          { .want = "回答已保存到" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 73);
	snprintf(want, sizeof want, "报告没有保存到 %s（原因见上面）。", rep);
	assert_true(S_flat_has(r.screen, want));
	snprintf(want, sizeof want, "回答已保存到 %s", ans);
	assert_true(S_flat_has(r.screen, want));
	assert_false(sb_contains(r.screen, "谢谢你花这些时间"));
	char *csv = sb_read_file(ans, NULL);
	assert_non_null(csv);
	assert_true(sb_contains(csv, "\np-1,"));
	free(csv);
	S_assert_pos(dir, "position 52");
	S_res_free(&r);
	S_free_dir(dir);
}

/* Standard output is not the terminal and cannot take the report (a full disk): the error is
 * said, not "written to standard output"; 74, the state file kept. */
static void test_end_report_to_full_stdout(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	free(S_put_state(dir, 52, S_some_skipped, 52, NULL));
	S_cfg cfg = { .flags = S_IN_PTY | S_ERR_PTY | S_OUT_FULL, .rows = 100, .dir = dir,
		      .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_ARGS("--resume"), { .want = "see your results", .keys = "\r" },
	                { .want = "cannot write to standard output: No space left on device" },
	                { .want = "save this report?", .keys = "n" },
	                { .want = "save your answers", .keys = "n" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 74);
	assert_false(sb_contains(r.screen, "written to standard output"));
	assert_false(sb_contains(r.screen, "Thank you for taking"));
	S_assert_pos(dir, "position 52");
	S_res_free(&r);
	S_free_dir(dir);
}

/* Only three statements answered: the results say which scales are not scored, in both
 * languages; the answers row added to a file that has our header (without a last newline, then
 * with a row), said as "a row was added"; the PDF offer (when built in) given up at its name. */
static int S_three_only(size_t i) { return i < 3 ? 2 : 0; }

static void test_end_unscored_row_added(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char ans[4300], typed[4400];
	snprintf(ans, sizeof ans, "%s/a.csv", dir);
	snprintf(typed, sizeof typed, "%s\r", ans);
	sb_buf h = { 0 };
	sb_answers_write_header(S_bank, &h);
	assert_true(h.len > 1 && h.data[h.len - 1] == '\n');
	sb_write_file(ans, h.data, h.len - 1); /* the header alone, no newline */
	free(S_put_state(dir, 52, S_three_only, 52, "few"));
	bool pdf = sb_format_available(SB_FORMAT_PDF);
	char date[16], pdf_name[128];
	time_t now = time(NULL);
	strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
	snprintf(pdf_name, sizeof pdf_name, "Save as (Enter for securebase-report-%s.pdf)", date);
	static S_script s;
	s.n = 0;
	S_add(&s, "see your results", "\r");
	S_add(&s, "not scored (too many skipped)", NULL);
	S_add(&s, "read your full report", "q");
	S_add(&s, pdf ? "h HTML · p PDF · m Markdown" : "save this report?", pdf ? "p" : "n");
	if (pdf)
		S_add(&s, pdf_name, "\x04"); /* given up: nothing written */
	S_add(&s, "save your answers", "x1"); /* keys that are no choice: ignored */
	S_add(&s, NULL, "y");
	S_add(&s, "Save as (Enter for securebase-answers.csv)", typed);
	S_add(&s, "A row was added to", NULL);
	S_add(&s, "Thank you for taking", NULL);
	S_cfg cfg = { .flags = S_TTY, .rows = 100, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_run_script(&cfg, S_ARGS("--resume"), &s);
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	char want[4400];
	snprintf(want, sizeof want, "A row was added to %s (id few).", ans);
	assert_true(S_flat_has(r.screen, want));
	char *csv = sb_read_file(ans, NULL);
	assert_non_null(csv);
	assert_memory_equal(csv, h.data, h.len); /* the header, its newline added */
	assert_true(strncmp(csv + h.len, "few,2,2,2,,", 11) == 0);
	free(csv);
	assert_false(S_exists(dir, S_STATE));
	S_res_free(&r);

	/* in Chinese, and the file now with a row */
	free(S_put_state(dir, 52, S_three_only, 52, "few2"));
	s.n = 0;
	S_add(&s, "这是最后一句了", "\r");
	S_add(&s, "未计分（跳过的句子太多）", NULL);
	S_add(&s, "按回车阅读完整报告", "q");
	S_add(&s, "要保存这份报告吗", "n");
	S_add(&s, "要把你的回答存成", "y");
	S_add(&s, "保存为", typed);
	S_add(&s, "末尾加了一行", NULL);
	S_add(&s, "谢谢你花这些时间照顾自己", NULL);
	cfg.lang = SB_LANG_ZH;
	r = S_run_script(&cfg, S_ARGS("--resume"), &s);
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	snprintf(want, sizeof want, "已在 %s 末尾加了一行（编号 few2）。", ans);
	assert_true(S_flat_has(r.screen, want));
	csv = sb_read_file(ans, NULL);
	assert_true(sb_contains(csv, "\nfew,2,2,2,,"));
	assert_true(sb_contains(csv, "\nfew2,2,2,2,,"));
	free(csv);
	sb_buf_free(&h);
	S_res_free(&r);
	S_free_dir(dir);
}

/* The window made narrower while the report is paged: the next page still fits (a line laid
 * out wider than the window takes two rows); a signal at the page's prompt stops (143) with
 * the state kept. */
static void test_pager_narrowed_then_signal(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	free(S_put_state(dir, 52, S_some_skipped, 52, NULL));
	S_cfg cfg = { .flags = S_TTY, .rows = 100, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_ARGS("--resume"), { .want = "see your results", .keys = "\r" },
	                { .want = "read your full report", .cols = 80, .rows = 24 },
	                { .want = NULL, .keys = "\r" },
	                { .want = "-- space or Enter", .cols = 40, .rows = 24 },
	                { .want = NULL, .keys = " " },
	                { .want = "-- space or Enter", .sig = SIGTERM });
	S_all_steps(&r);
	assert_int_equal(r.rc, 143);
	/* the page after the resize: its lines' rows at 40 columns fill at most 23 of the 24 */
	char *page = S_between(&r, 4, 5);
	char *from = strstr(page, "\033[2K"), *to = strstr(page, "\033[2m-- space");
	assert_true(from && to && from < to);
	*to = '\0';
	int lines = 0, rows = 0, longer = 0;
	for (const char *l = from + 4; *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		int w = (int)sb_text_width(l, len);
		lines++;
		rows += w > 40 ? (w + 39) / 40 : 1;
		longer += w > 40;
		l += len + (nl ? 1 : 0);
	}
	free(page);
	if (rows > 23)
		print_message("lines %d rows %d longer %d\n%s\n", lines, rows, longer, S_after(&r, 4));
	assert_true(longer > 0);
	assert_true(rows <= 23);
	assert_true(lines < 23);
	S_assert_pos(dir, "position 52");
	S_res_free(&r);
	S_free_dir(dir);
}

/* The state file taken away after the results (removed, or a folder put in its place): the
 * end goes on; a file that cannot be removed is named. */
static char S_gone_path[4300];

static void S_state_removed(void)
{
	unlink(S_gone_path);
}

static void S_state_to_folder(void)
{
	char in[4400];
	unlink(S_gone_path);
	mkdir(S_gone_path, 0700);
	snprintf(in, sizeof in, "%s/x", S_gone_path);
	sb_write_file(in, "x", 1);
}

static void test_state_taken_away_at_end(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	snprintf(S_gone_path, sizeof S_gone_path, "%s/" S_STATE, dir);
	free(S_put_state(dir, 52, S_some_skipped, 52, NULL));
	S_cfg cfg = { .flags = S_TTY, .rows = 100, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_ARGS("--resume"), { .want = "see your results", .keys = "\r" },
	                { .want = "read your full report", .keys = "q" },
	                { .want = "save this report?", .keys = "n" },
	                { .want = "save your answers", .keys = "n", .act = S_state_removed },
	                { .want = "Thank you for taking" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.err, "");
	S_res_free(&r);
	free(S_put_state(dir, 52, S_some_skipped, 52, NULL));
	r = S_RUN(&cfg, S_ARGS("--resume"), { .want = "see your results", .keys = "\r" },
	          { .want = "read your full report", .keys = "q" },
	          { .want = "save this report?", .keys = "n" },
	          { .want = "save your answers", .keys = "n", .act = S_state_to_folder },
	          { .want = "Thank you for taking" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	char want[4400];
	snprintf(want, sizeof want, "securebase: %s: Is a directory\n", S_gone_path);
	assert_string_equal(r.err, want);
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- state files that cannot be used, and where the state folder cannot be ------------------ */

/* A state file of another bank, or with an answer out of range (65, kept as it was, said
 * why, in English and Chinese, on the terminal and in line mode); a link in its place (not
 * followed); a file or a dangling link where the state folder should be. */
static void test_state_foreign_damaged_linked(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char st[4300];
	snprintf(st, sizeof st, "%s/" S_STATE, dir);
	char *good = S_put_state(dir, 3, S_some_skipped, 3, NULL);
	/* a session of another bank, and one with an answer out of its range (each written as
	 * the program writes them, so only what is wrong in them is wrong) */
	char *variants[2];
	for (int i = 0; i < 2; i++) {
		sb_session *ss = S_session(3, S_some_skipped, 3, NULL);
		if (i == 0) {
			sb_free(ss->bank_id);
			ss->bank_id = sb_strdup("otherbank");
		} else {
			ss->answers[1] = 99;
		}
		variants[i] = S_put_session(dir, ss);
		sb_session_free(ss);
	}
	static const struct {
		sb_lang lang;
		const char *why, *kept;
	} want[2] = {
		{ SB_LANG_EN, "belongs to the question bank 'otherbank', not 'securebase'",
		  "the paused session cannot be read. The file is kept" },
		{ SB_LANG_ZH, "the answer 99 to", "无法读取暂停的问卷。文件原样保留在" },
	};
	for (int i = 0; i < 2; i++) {
		sb_write_file(st, variants[i], strlen(variants[i]));
		/* on the terminal (the menu never shown) and in line mode with --resume */
		S_cfg cfg = { .flags = S_TTY, .dir = dir, .lang = want[i].lang };
		S_res r = S_run_steps(&cfg, S_NOARGS, NULL, 0);
		assert_int_equal(r.rc, 65);
		if (!sb_contains(r.err, want[i].why))
			print_message("%d: %s\n", i, r.err);
		assert_true(sb_contains(r.err, want[i].why));
		assert_true(sb_contains(r.err, want[i].kept));
		S_res_free(&r);
		cfg.flags = 0;
		r = S_RUN(&cfg, S_ARGS("--resume"), { .close_in = true });
		assert_int_equal(r.rc, 65);
		assert_true(sb_contains(r.err, want[i].why));
		S_res_free(&r);
		char *kept = sb_read_file(st, NULL);
		assert_string_equal(kept, variants[i]);
		free(kept);
		free(variants[i]);
	}
	/* a link in the state file's place is not followed: refused (66), its target untouched */
	char target[4300];
	snprintf(target, sizeof target, "%s/elsewhere", dir);
	sb_write_file(target, good, strlen(good));
	unlink(st);
	assert_int_equal(symlink(target, st), 0);
	S_cfg cfg = { .flags = 0, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_ARGS("--resume"), { .keys = "1\n" }, { .close_in = true });
	assert_int_equal(r.rc, 66);
	assert_true(sb_contains(r.err, "Too many levels of symbolic links"));
	char *t = sb_read_file(target, NULL);
	assert_string_equal(t, good);
	free(t);
	S_res_free(&r);
	unlink(st);
	/* the state folder's place taken by a file, or by a link to nothing: 73, said why */
	char sf[4300];
	snprintf(sf, sizeof sf, "%s/securebase", dir);
	sb_rmtree(sf);
	sb_write_file(sf, "x", 1);
	r = S_RUN(&cfg, S_NOARGS, { .close_in = true });
	assert_int_equal(r.rc, 73);
	assert_true(sb_contains(r.err, "cannot create the folder for your progress: Not a directory"));
	S_res_free(&r);
	unlink(sf);
	snprintf(target, sizeof target, "%s/nothing-here", dir);
	assert_int_equal(symlink(target, sf), 0);
	r = S_RUN(&cfg, S_NOARGS, { .close_in = true });
	assert_int_equal(r.rc, 73);
	assert_true(sb_contains(r.err, "cannot create the folder for your progress: No such file"));
	S_res_free(&r);
	free(good);
	S_free_dir(dir);
}

/* ---- line mode: the report and the files at the end ---------------------------------------- */

/* Standard output full at the end of line mode: the error, 74, the state kept at the end (so
 * --resume gives the results again). Then the last save of the progress failing (its fsync)
 * with the answers row on standard output, which has no fsync, and the report in a file, which
 * fails too: the note says which was saved and which not. */
static void test_lines_end_outputs_fail(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *all = S_lines(52, "2");
	S_cfg cfg = { .flags = S_OUT_FULL, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_NOARGS, { .keys = all }, { .close_in = true });
	assert_int_equal(r.rc, 74);
	assert_true(sb_contains(r.err, "cannot write to standard output: No space left on device"));
	S_assert_pos(dir, "position 52");
	S_res_free(&r);
	S_empty(dir);

	char rep[4300];
	snprintf(rep, sizeof rep, "%s/r.md", dir);
	cfg.flags = 0;
	sb_io_inject(SB_IO_FSYNC, 53, EIO); /* 52 answers saved, then the last save */
	r = S_RUN(&cfg, S_ARGS("--save-answers", "-", "--report", rep, "--id", "p-3"),
	          { .keys = all }, { .close_in = true });
	sb_io_inject(SB_IO_FSYNC, 0, 0);
	assert_int_equal(r.rc, 74);
	char *flat = S_flat(r.err);
	assert_true(sb_contains(flat, "thelastsaveofyourprogressfailed"));
	assert_true(sb_contains(flat, "52of52answers"));
	char want[4400];
	snprintf(want, sizeof want, "Notsaved:yourreport(%s;thereasonisabove).", rep);
	char *w = S_flat(want);
	assert_true(sb_contains(flat, w));
	free(w);
	assert_true(sb_contains(flat, "Saved:youranswersrow,in-."));
	free(flat);
	assert_true(sb_contains(r.out, "\np-3,2,2,2,"));
	assert_false(S_exists(dir, "r.md"));
	S_assert_pos(dir, "position 52");
	S_res_free(&r);
	free(all);
	S_free_dir(dir);
}

/* ---- the command named in the closing note ------------------------------------------------ */

/* Called by a path: named "securebase" when that path is the securebase found first on PATH
 * (empty PATH entries skipped), by its path when another one comes first or none is found. */
static void test_note_names_program(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char bin[4200], bin2[4200], prog[4300], prog2[4300], path[9000];
	snprintf(bin, sizeof bin, "%s/bin", dir);
	snprintf(bin2, sizeof bin2, "%s/bin2", dir);
	mkdir(bin, 0700);
	mkdir(bin2, 0700);
	snprintf(prog, sizeof prog, "%s/securebase", bin);
	snprintf(prog2, sizeof prog2, "%s/securebase", bin2);
	sb_write_file(prog, "#!/bin/sh\n", 10);
	sb_write_file(prog2, "#!/bin/sh\n", 10);
	chmod(prog, 0755);
	chmod(prog2, 0755);
	char *old_path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	S_cfg cfg = { .flags = 0, .dir = dir, .lang = SB_LANG_EN, .argv0 = prog };
	static const char *const ways[][2] = {
		{ "::%s:%s", "'securebase assess --resume'" }, /* bin first */
		{ "%2$s:%1$s", NULL },                          /* bin2 first: the path */
		{ "/nonexistent-%s-%s", NULL },                 /* none on PATH: the path */
	};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, ways[i][0], bin, bin2);
		setenv("PATH", path, 1);
		S_res r = S_RUN(&cfg, S_NOARGS, { .keys = "3\n" }, { .close_in = true });
		setenv("PATH", old_path, 1);
		assert_int_equal(r.rc, 0);
		char *flat = S_flat(r.err);
		char want[4400];
		snprintf(want, sizeof want, "'%s assess --resume'", prog);
		char *w = S_flat(ways[i][1] ? ways[i][1] : want);
		if (!sb_contains(flat, w))
			print_message("%zu: %s\n", i, r.err);
		assert_true(sb_contains(flat, w));
		free(w);
		free(flat);
		S_res_free(&r);
		S_empty(dir);
		mkdir(bin, 0700);
		mkdir(bin2, 0700);
		sb_write_file(prog, "#!/bin/sh\n", 10);
		sb_write_file(prog2, "#!/bin/sh\n", 10);
		chmod(prog, 0755);
		chmod(prog2, 0755);
	}
	free(old_path);
	S_free_dir(dir);
}

/* ---- the menus' other keys ------------------------------------------------------------------ */

static int S_three_only(size_t i);

/* The welcome left with Ctrl-D, stopped with Ctrl-C; '-' on a scale without negative answers
 * means nothing; a finished session's menu offers its results, Ctrl-D leaves it, q and Ctrl-D
 * answer "start over?" with no; the end screen with nothing skipped ignores f, and Right
 * shows the results. Without colour, no screen sends a colour; a window too narrow for the
 * progress bar shows the count alone. */
static int S_all_four(size_t i) { (void)i; return 4; }

static void test_menus_other_keys(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	S_cfg cfg = { .flags = S_TTY, .rows = 100, .dir = dir, .lang = SB_LANG_EN };
	S_res r = S_RUN(&cfg, S_NOARGS, { .want = "ready to begin", .keys = "\x04" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(S_after(&r, 0), "Nothing was answered yet, so nothing was saved."));
	S_res_free(&r);
	r = S_RUN(&cfg, S_NOARGS, { .want = "ready to begin", .keys = "\x03" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 130);
	assert_false(S_exists(dir, S_STATE));
	S_res_free(&r);
	r = S_RUN(&cfg, S_NOARGS, { .want = "ready to begin", .keys = "\r" },
	          { .want = "1 / 52", .keys = "-" }, { .want = NULL, .keys = "3" },
	          { .want = "2 / 52", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_false(sb_contains(r.screen, "You typed -"));
	S_assert_saved(dir, 0, "3");
	S_res_free(&r);

	char *st = S_put_state(dir, 52, S_all_four, 52, NULL);
	r = S_RUN(&cfg, S_NOARGS, { .want = "carry on where you left off (your results)" },
	          { .want = "leave for now", .keys = "\x04" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	char *kept = S_file(dir, S_STATE);
	assert_string_equal(kept, st);
	free(kept);
	S_res_free(&r);
	r = S_RUN(&cfg, S_NOARGS, { .want = "leave for now", .keys = "n" },
	          { .want = "Start over?", .keys = "q" },
	          { .want = "leave for now", .keys = "n" },
	          { .want = "Start over?", .keys = "\x04" },
	          { .want = "leave for now", .keys = "\r" },
	          { .want = "see your results", .keys = "f" },   /* nothing skipped: ignored */
	          { .want = NULL, .keys = "\033[C" },            /* Right: the results */
	          { .want = "read your full report", .keys = "q" },
	          { .want = "save this report?", .keys = "n" },
	          { .want = "save your answers", .keys = "n" },
	          { .want = "Thank you for taking" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	char *end = S_between(&r, 4, 5);
	assert_true(sb_contains(end, "You answered 48 of 48 statements"));
	free(end);
	assert_false(S_exists(dir, S_STATE));
	S_res_free(&r);
	free(st);

	/* without colour: the menu, its hint, "start over?", the end screen's unscored scales */
	free(S_put_state(dir, 52, S_three_only, 52, NULL));
	cfg.flags = S_TTY | S_NO_COLOR;
	r = S_RUN(&cfg, S_NOARGS, { .want = "leave for now", .keys = "z" },
	          { .want = "Press Enter to carry on, n to start over, or q to leave.", .keys = "n" },
	          { .want = "Start over?", .keys = "n" },
	          { .want = "leave for now", .keys = "\r" },
	          { .want = "pause and come back later", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	assert_true(sb_contains(r.screen, "would not be scored"));
	assert_false(sb_contains(r.screen, "\033[1m") || sb_contains(r.screen, "\033[2m") ||
	             sb_contains(r.screen, "\033[36m") || sb_contains(r.screen, "\033[0m"));
	S_res_free(&r);
	S_empty(dir);
	/* a window too narrow for the progress bar: the count alone */
	cfg.cols = 16;
	r = S_RUN(&cfg, S_NOARGS, { .want = "leaves)", .keys = "\r" },
	          { .want = "1 / 52", .keys = "q" });
	S_all_steps(&r);
	assert_int_equal(r.rc, 0);
	const char *count = S_after(&r, 1); /* the rest of the count's line */
	char *bar = strndup(count, strcspn(count, "\n"));
	assert_false(sb_contains(bar, "░") || sb_contains(bar, "█"));
	free(bar);
	S_res_free(&r);
	S_free_dir(dir);
}

/* ---- the saves' contract, allocation by allocation ----------------------------------------- */

/* Standard error into a file while a call runs (the saves say what failed there). */
static int S_err_begin(const char *dir)
{
	char p[4300];
	snprintf(p, sizeof p, "%s/.err", dir);
	fflush(stderr);
	int save = dup(2);
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	dup2(fd, 2);
	close(fd);
	return save;
}

static char *S_err_end(const char *dir, int save)
{
	fflush(stderr);
	dup2(save, 2);
	close(save);
	char p[4300];
	snprintf(p, sizeof p, "%s/.err", dir);
	char *t = sb_read_file(p, NULL);
	unlink(p);
	return t ? t : strdup("");
}

static void S_assess_free(sb_assess *x)
{
	if (x->lock_fd >= 0)
		close(x->lock_fd);
	if (x->have_res)
		sb_result_free(&x->res);
	sb_doc_free(x->doc);
	sb_session_free(x->s);
	sb_free(x->state_dir);
	sb_free(x->state_path);
	sb_free(x->state_shown);
	*x = (sb_assess){ .lock_fd = -1 };
}

/* The names in folder, one line each, sorted. */
static char *S_listing(const char *folder)
{
	char cmd[4400];
	snprintf(cmd, sizeof cmd, "ls -A '%s'", folder);
	FILE *p = popen(cmd, "r");
	char *t = S_slurp_fd(fileno(p));
	pclose(p);
	return t;
}

/* Each allocation failing in turn while the state is found, locked and read, the results are
 * made, the progress is saved, the answers row is added and the report written: always 70 and
 * "out of memory" (never a message about a damaged file), the paused session untouched, and
 * the answers file as it was, no report and no temporary file left; each then succeeds. */
static void test_saves_alloc_by_alloc(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char out[4200], ans[4300], rep[4300];
	snprintf(out, sizeof out, "%s/out", dir);
	mkdir(out, 0700);
	snprintf(ans, sizeof ans, "%s/a.csv", out);
	snprintf(rep, sizeof rep, "%s/r.md", out);
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("HOME", dir, 1);
	char *paused = S_put_state(dir, 52, S_some_skipped, 52, "p-9");
	sb_buf h = { 0 };
	sb_answers_write_header(S_bank, &h);
	sb_write_file(ans, h.data, h.len);
	char *listing = S_listing(out);
	sb_cli c = { .lang = SB_LANG_EN, .bank = S_bank, .argv0 = "securebase" };
	sb_assess x = { .lock_fd = -1 };
	unsigned long k, failures = 0;
	for (k = 1;; k++) {
		S_assess_free(&x);
		x = (sb_assess){ .c = &c, .b = S_bank, .l = SB_LANG_EN, .lock_fd = -1 };
		int save = S_err_begin(dir);
		sb_alloc_fail_after(k);
		int rc = sb_assess_state_open(&x);
		if (!rc)
			rc = sb_assess_state_load(&x);
		if (!rc)
			rc = sb_assess_results(&x);
		unsigned long made = sb_alloc_fail_after(0);
		char *err = S_err_end(dir, save);
		char *now = S_file(dir, S_STATE);
		assert_string_equal(now, paused);
		free(now);
		if (made < k) {
			assert_int_equal(rc, 0);
			assert_non_null(x.s);
			assert_string_equal(x.s->respondent, "p-9");
			free(err);
			break;
		}
		if (rc != 70)
			print_message("k %lu: rc %d: %s\n", k, rc, err);
		assert_int_equal(rc, 70);
		assert_true(sb_contains(err, "out of memory"));
		free(err);
		failures++;
		k += k < 400 ? 0 : 6; /* the report's own allocations: every 7th */
	}
	assert_true(failures > 50);
	/* the progress saved (x holds the results now) */
	unsigned long fallbacks = 0;
	for (k = 1;; k++) {
		int save = S_err_begin(dir);
		sb_alloc_fail_after(k);
		sb_assess_save_state(&x);
		unsigned long made = sb_alloc_fail_after(0);
		char *err = S_err_end(dir, save);
		if (made < k) {
			assert_false(x.save_failed);
			free(err);
			break;
		}
		if (!x.save_failed) {
			/* An allocation with a way round it: the output buffer's growth (the file is
			 * then written in smaller pieces). The save went through whole: the file is
			 * the session saved, and nothing was said. */
			fallbacks++;
			assert_string_equal(err, "");
			sb_session *back = NULL;
			sb_diags d = { 0 };
			char *now = S_file(dir, S_STATE);
			assert_int_equal(sb_session_parse(now, strlen(now), "state", &back, &d), SB_OK);
			assert_string_equal(back->respondent, "p-9");
			assert_int_equal(sb_session_answered(back), sb_session_answered(x.s));
			sb_session_free(back);
			sb_diags_free(&d);
			free(now);
			free(err);
			char *path = sb_join(dir, S_STATE);
			sb_write_file(path, paused, strlen(paused)); /* as it was, for the next k */
			free(path);
			continue;
		}
		assert_true(x.save_failed);
		assert_string_equal(x.save_error, "out of memory");
		assert_true(sb_contains(err, "out of memory")); /* (the message itself needs memory) */
		free(err);
		char *now = S_file(dir, S_STATE);
		assert_string_equal(now, paused);
		free(now);
	}
	/* the answers row; a failed growth of the output buffer has a way round (smaller writes),
	 * so it may be the one allocation whose failure the user never sees */
	for (k = 1;; k++) {
		bool appended = false;
		int save = S_err_begin(dir);
		sb_alloc_fail_after(k);
		int rc = sb_assess_save_answers(&x, ans, &appended);
		unsigned long made = sb_alloc_fail_after(0);
		char *err = S_err_end(dir, save);
		if (made < k) {
			assert_int_equal(rc, 0);
			assert_true(appended);
			free(err);
			break;
		}
		if (rc == 0) { /* the output buffer's growth failed, and the row was written whole */
			fallbacks++;
			assert_string_equal(err, "");
			char *now = sb_read_file(ans, NULL);
			assert_true(strncmp(now, h.data, h.len) == 0 && strncmp(now + h.len, "p-9,", 4) == 0);
			free(now);
			free(err);
			sb_write_file(ans, h.data, h.len); /* as it was, for the next k */
			continue;
		}
		assert_int_equal(rc, 70);
		assert_true(sb_contains(err, "out of memory"));
		free(err);
		char *now = sb_read_file(ans, NULL);
		assert_string_equal(now, h.data);
		free(now);
		char *l = S_listing(out);
		assert_string_equal(l, listing);
		free(l);
	}
	char *csv = sb_read_file(ans, NULL);
	assert_true(strncmp(csv, h.data, h.len) == 0 && strncmp(csv + h.len, "p-9,", 4) == 0);
	free(csv);
	/* the report */
	free(listing);
	listing = S_listing(out);
	for (k = 1;; k += k < 100 ? 1 : 5) {
		int save = S_err_begin(dir);
		sb_alloc_fail_after(k);
		int rc = sb_assess_save_report(&x, rep, SB_FORMAT_MD);
		unsigned long made = sb_alloc_fail_after(0);
		char *err = S_err_end(dir, save);
		if (made < k) {
			assert_int_equal(rc, 0);
			free(err);
			break;
		}
		if (rc == 0) { /* the output buffer's growth failed, and the report was written whole */
			fallbacks++;
			assert_string_equal(err, "");
			char *md = sb_read_file(rep, NULL);
			assert_true(md && md[0] == '#');
			free(md);
			free(err);
			assert_int_equal(unlink(rep), 0); /* as it was, for the next k */
			continue;
		}
		assert_int_equal(rc, 70);
		assert_true(sb_contains(err, "out of memory"));
		free(err);
		char *l = S_listing(out);
		assert_string_equal(l, listing);
		free(l);
	}
	char *md = sb_read_file(rep, NULL);
	assert_true(md && md[0] == '#');
	free(md);
	assert_true(fallbacks <= 3); /* one per output at most: the state, the row, the report */
	free(listing);
	S_assess_free(&x);
	sb_buf_free(&h);
	free(paused);
	S_free_dir(dir);
}

/* ---- allocations that fail ------------------------------------------------------------- */

/* Every allocation from the k-th on fails, for k across a whole session in line mode and on
 * the terminal (keys typed ahead): never a crash or a leak; the exit status is 0 only when
 * nothing failed that mattered, else 70 with "out of memory" (or the status of what could not
 * be written: 73, 74), and a state file that exists is always one that can be read back. */
static int S_sweep_one(const S_cfg *cfg, const char *const *args, const S_step *steps, size_t n,
                       unsigned long k, bool *reached)
{
	sb_alloc_fail_after(k);
	S_res r = S_run_steps(cfg, args, steps, n);
	unsigned long made = sb_alloc_fail_after(0);
	*reached = made >= k;
	int rc = r.rc;
	if (rc != 0 && rc != 70 && rc != 73 && rc != 74)
		print_message("k %lu: rc %d\n%s\n", k, rc, r.err);
	assert_true(rc == 0 || rc == 70 || rc == 73 || rc == 74);
	if (rc == 70)
		assert_true(sb_contains(r.err, "out of memory") || sb_contains(r.screen, "out of memory"));
	S_res_free(&r);
	return rc;
}

static void test_alloc_failures(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *all = S_lines(52, "4");
	char rep[4300];
	snprintf(rep, sizeof rep, "%s/r.md", dir);
	const S_step line_steps[] = { { .keys = all }, { .close_in = true } };
	S_cfg line = { .flags = 0, .dir = dir, .lang = SB_LANG_EN };
	const char *const line_args[] = { "--report", rep, "--id", "k", NULL };
	/* how many allocations a whole session makes */
	sb_alloc_fail_after(0);
	S_res r = S_run_steps(&line, line_args, line_steps, 2);
	unsigned long total = sb_alloc_fail_after(0);
	assert_int_equal(r.rc, 0);
	S_res_free(&r);
	assert_true(total > 100);
	unsigned long failed = 0;
	for (unsigned long k = 1; k <= total; k += k < 200 ? 4 : total / 40) {
		S_empty(dir);
		bool reached;
		failed += S_sweep_one(&line, line_args, line_steps, 2, k, &reached) != 0;
	}
	assert_true(failed > 0);
	/* on the terminal: the keys typed ahead, through the end and its offers */
	char keys[256];
	size_t kn = 0;
	keys[kn++] = '\r';
	for (int i = 0; i < 52; i++)
		keys[kn++] = i == 5 ? 's' : '3';
	memcpy(keys + kn, "\rqnn", 5);
	const S_step tty_steps[] = { { .keys = keys } };
	S_cfg tty = { .flags = S_TTY, .rows = 100, .dir = dir, .lang = SB_LANG_EN };
	S_empty(dir);
	sb_alloc_fail_after(0);
	r = S_run_steps(&tty, S_NOARGS, tty_steps, 1);
	total = sb_alloc_fail_after(0);
	if (r.rc != 0)
		print_message("tty run: %d\n%s\n", r.rc, r.err);
	assert_int_equal(r.rc, 0);
	S_res_free(&r);
	for (unsigned long k = 1; k <= total; k += k < 300 ? 9 : total / 40) {
		S_empty(dir);
		bool reached;
		S_sweep_one(&tty, S_NOARGS, tty_steps, 1, k, &reached);
	}
	free(all);
	S_free_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_back_change_skip),
		cmocka_unit_test(test_resume_menu),
		cmocka_unit_test(test_narrow_plain_resized),
		cmocka_unit_test(test_end_fix_pager_offers),
		cmocka_unit_test(test_line_mode),
		cmocka_unit_test(test_state_save_fails),
		cmocka_unit_test(test_final_save_fails),
		cmocka_unit_test(test_end_stopped_or_ended),
		cmocka_unit_test(test_usage_and_state_errors),
		cmocka_unit_test(test_wide_scale_typed_numbers),
		cmocka_unit_test(test_places_and_names),
		cmocka_unit_test(test_answers_file_kinds),
		cmocka_unit_test(test_state_too_large),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_more_edges),
		cmocka_unit_test(test_absurd_start_time),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_end_says_each_file),
		cmocka_unit_test(test_end_report_to_full_stdout),
		cmocka_unit_test(test_end_unscored_row_added),
		cmocka_unit_test(test_pager_narrowed_then_signal),
		cmocka_unit_test(test_state_taken_away_at_end),
		cmocka_unit_test(test_state_foreign_damaged_linked),
		cmocka_unit_test(test_saves_alloc_by_alloc),
		cmocka_unit_test(test_lines_end_outputs_fail),
		cmocka_unit_test(test_note_names_program),
		cmocka_unit_test(test_menus_other_keys),
	};
	if (getenv("SB_TEST_FILTER")) /* one case, by name or pattern, while working on it */
		cmocka_set_test_filter(getenv("SB_TEST_FILTER"));
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

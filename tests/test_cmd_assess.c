/* SPDX-License-Identifier: MIT */
/* test_cmd_assess.c — `securebase assess` end to end: the real binary in a real pseudo-terminal
 * (keys, pause, resume, finish, Ctrl-C and signals, resize, 40 columns, both languages), and in
 * line mode from a pipe (the same scores as `securebase score`). Every wait has a deadline. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <jansson.h>

#include "support.h"

#include "base/alloc.h"
#include "cli/assess/assess_text.h"
#include "data/answers.h"
#include "bank/bank.h"
#include "render/render.h"
#include "report/report.h"
#include "score/score.h"

#define S_WAIT_MS 15000

/* ---- a child in a pseudo-terminal ------------------------------------------------------- */

typedef struct {
	pid_t pid;
	int master, slave; /* the test keeps the slave open to read its settings after the end */
	struct termios before;
	char *out;
	size_t len, cap, mark;
	int status; /* -1 while running */
} S_pty;

/* The flows below were written for the 48 statements of bank 1.0.0, which they keep using
 * (tests/data/bank_v1.yaml); test_bank2_* run the embedded bank 2.0. */
#define S_BANK_V1 "tests/data/bank_v1.yaml"

/* sb_run with "--bank" S_BANK_V1 after argv[0]. */
static sb_run_result S_run1(const char *const *argv, const char *in, size_t len,
                            const char *const *env, const char *cwd)
{
	static char bank[1024];
	snprintf(bank, sizeof bank, "%s/%s", SB_SOURCE_DIR, S_BANK_V1);
	const char *av[40] = { argv[0], "--bank", bank };
	size_t n = 3;
	for (size_t i = 1; argv[i] && n < 39; i++)
		av[n++] = argv[i];
	av[n] = NULL;
	return sb_run(av, in, len, env, cwd);
}

static long S_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Reads what the child wrote, waiting at most ms. */
static void S_read(S_pty *p, int ms)
{
	struct pollfd pf = { .fd = p->master, .events = POLLIN };
	if (poll(&pf, 1, ms) <= 0)
		return;
	char buf[65536];
	ssize_t n = read(p->master, buf, sizeof buf);
	if (n <= 0)
		return;
	if (p->len + (size_t)n + 1 > p->cap) {
		p->cap = (p->len + (size_t)n + 1) * 2;
		p->out = realloc(p->out, p->cap);
		assert_non_null(p->out);
	}
	memcpy(p->out + p->len, buf, (size_t)n);
	p->len += (size_t)n;
	p->out[p->len] = '\0';
}

/* In the child: runs securebase in dir with args and env on top of a clean environment. */
static void S_exec(const char *dir, const char *const *args, const char *const *env)
{
	if (chdir(dir) != 0)
		_exit(127);
	static char bank[1024];
	snprintf(bank, sizeof bank, "%s/%s", SB_SOURCE_DIR, S_BANK_V1);
	const char *av[32] = { SB_BINARY, "--bank", bank };
	size_t n = 3;
	for (size_t i = 0; args[i] && n < 31; i++)
		av[n++] = args[i];
	const char *ev[32];
	size_t k = 0;
	ev[k++] = "LC_ALL=C.UTF-8";
	ev[k++] = "PATH=/usr/bin:/bin";
	ev[k++] = "TERM=xterm";
	static char keep[3][512];
	const char *names[] = { "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);
		if (v) {
			snprintf(keep[i], sizeof keep[i], "%s=%s", names[i], v);
			ev[k++] = keep[i];
		}
	}
	for (size_t i = 0; env && env[i] && k < 31; i++)
		ev[k++] = env[i];
	ev[k] = NULL;
	execve(SB_BINARY, (char **)av, (char **)ev);
	_exit(127);
}

/* In the child, the session leader: runs securebase as a job-control shell would, in its own
 * process group in the terminal's foreground with this process as its parent, so that Ctrl-Z
 * really stops it (the kernel ignores stop signals in an orphaned process group). Tells the test
 * the job's pid on fd, and exits as the job does. */
static void S_exec_job(int fd, const char *dir, const char *const *args, const char *const *env)
{
	pid_t job = fork();
	if (job < 0)
		_exit(127);
	if (job == 0) {
		setpgid(0, 0);
		signal(SIGTTOU, SIG_IGN);
		tcsetpgrp(STDIN_FILENO, getpid());
		signal(SIGTTOU, SIG_DFL);
		S_exec(dir, args, env);
	}
	setpgid(job, job);
	if (write(fd, &job, sizeof job) != (ssize_t)sizeof job)
		_exit(127);
	close(fd);
	for (;;) {
		int ws;
		if (waitpid(job, &ws, WUNTRACED) < 0) {
			if (errno == EINTR)
				continue;
			_exit(127);
		}
		if (WIFEXITED(ws))
			_exit(WEXITSTATUS(ws));
		if (WIFSIGNALED(ws))
			_exit(128 + WTERMSIG(ws));
		/* Stopped: wait for the test to continue it. */
	}
}

/* Starts securebase in a new pseudo-terminal of cols x rows. With job non-NULL it runs as a
 * job under a small shell (S_exec_job) and *job is its pid. */
static void S_spawn_in(S_pty *p, const char *dir, const char *const *args,
                       const char *const *env, int cols, int rows, pid_t *job)
{
	memset(p, 0, sizeof *p);
	p->status = -1;
	p->out = calloc(1, 1);
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	int sync[2], back[2];
	assert_int_equal(pipe(sync), 0);
	assert_int_equal(pipe(back), 0);
	p->pid = forkpty(&p->master, NULL, NULL, &ws);
	assert_true(p->pid >= 0);
	if (p->pid == 0) {
		char c;
		close(sync[1]);
		close(back[0]);
		/* Wait until the parent has read the terminal's settings as they were at the start. */
		if (read(sync[0], &c, 1) != 1)
			_exit(127);
		close(sync[0]);
		if (job)
			S_exec_job(back[1], dir, args, env);
		S_exec(dir, args, env);
	}
	close(sync[0]);
	close(back[1]);
	p->slave = open(ptsname(p->master), O_RDWR | O_NOCTTY);
	assert_true(p->slave >= 0);
	assert_int_equal(tcgetattr(p->slave, &p->before), 0);
	assert_int_equal(write(sync[1], "x", 1), 1);
	close(sync[1]);
	if (job)
		assert_int_equal(read(back[0], job, sizeof *job), (ssize_t)sizeof *job);
	close(back[0]);
}

static void S_spawn(S_pty *p, const char *dir, const char *const *args, const char *const *env,
                    int cols, int rows)
{
	S_spawn_in(p, dir, args, env, cols, rows, NULL);
}

static void S_show_tail(const S_pty *p)
{
	size_t from = p->len > 1500 ? p->len - 1500 : 0;
	fprintf(stderr, "---- output (last %zu bytes, escapes shown as ^[) ----\n", p->len - from);
	for (size_t i = from; i < p->len; i++)
		fputs(p->out[i] == '\033' ? "^[" : (char[]){ p->out[i], 0 }, stderr);
	fprintf(stderr, "\n---- end ----\n");
}

/* Text as a person reads it: escape sequences and CRs out, and a line break with the indent after
 * it read as the space it replaced (or as nothing between CJK characters), so a needle matches
 * however the screen was wrapped. offs[i] is the raw offset after normalized byte i. */
static char *S_normalize(const char *s, size_t n, size_t **offs)
{
	char *out = malloc(n + 1);
	size_t *o = malloc((n + 1) * sizeof *o), k = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\033' && i + 1 < n && s[i + 1] == '[') {
			i += 2;
			while (i < n && !(s[i] >= 0x40 && s[i] <= 0x7e))
				i++;
			i++;
			continue;
		}
		if (c == '\r' || c == ' ' || c == '\n') {
			bool nl = false;
			size_t j = i;
			while (j < n && (s[j] == '\r' || s[j] == ' ' || s[j] == '\n' ||
			                 (s[j] == '\033' && j + 1 < n && s[j + 1] == '['))) {
				if (s[j] == '\033') {
					j += 2;
					while (j < n && !(s[j] >= 0x40 && s[j] <= 0x7e))
						j++;
					j++;
					continue;
				}
				nl |= s[j] == '\n';
				j++;
			}
			bool cjk = k > 0 && (unsigned char)out[k - 1] >= 0x80 && j < n &&
			           (unsigned char)s[j] >= 0x80;
			if (!(nl && cjk)) {
				out[k] = nl ? '\n' : ' ';
				/* Keep one newline or space; a newline still matches a needle's space. */
				o[k++] = j;
			}
			i = j;
			continue;
		}
		out[k] = (char)c;
		o[k++] = ++i;
	}
	out[k] = '\0';
	*offs = o;
	return out;
}

/* Whether needle (its spaces also matching a line break) is in hay; its end in *end. */
static bool S_find(const char *hay, const char *needle, size_t *end)
{
	for (const char *h = hay; *h; h++) {
		size_t i = 0, j = 0;
		while (needle[j] && h[i] &&
		       (h[i] == needle[j] || (needle[j] == ' ' && h[i] == '\n')))
			i++, j++;
		if (!needle[j]) {
			*end = (size_t)(h - hay) + i;
			return true;
		}
	}
	return false;
}

/* Waits until needle appears in the output after the mark, as read on screen (see
 * S_normalize); the mark moves past it. */
static void S_expect(S_pty *p, const char *needle)
{
	long deadline = S_ms() + S_WAIT_MS;
	for (;;) {
		size_t *offs;
		char *norm = S_normalize(p->out + p->mark, p->len - p->mark, &offs);
		size_t end;
		bool found = S_find(norm, needle, &end);
		if (found)
			p->mark += end ? offs[end - 1] : 0;
		free(norm);
		free(offs);
		if (found)
			return;
		long left = deadline - S_ms();
		if (left <= 0) {
			S_show_tail(p);
			kill(p->pid, SIGKILL);
			fail_msg("timed out waiting for '%s'", needle);
		}
		S_read(p, (int)(left < 100 ? left : 100));
	}
}

/* The same for bytes exactly as written (escape sequences included). */
static void S_expect_raw(S_pty *p, const char *needle)
{
	long deadline = S_ms() + S_WAIT_MS;
	for (;;) {
		char *at = strstr(p->out + p->mark, needle);
		if (at) {
			p->mark = (size_t)(at - p->out) + strlen(needle);
			return;
		}
		long left = deadline - S_ms();
		if (left <= 0) {
			S_show_tail(p);
			kill(p->pid, SIGKILL);
			fail_msg("timed out waiting for '%s'", needle);
		}
		S_read(p, (int)(left < 100 ? left : 100));
	}
}

static void S_send(S_pty *p, const char *keys);

/* Pages on (space) through the pager until needle has come; the output from the mark on is
 * kept in p->out for the caller to read. */
static void S_page_until_prompt(S_pty *p, const char *needle, const char *prompt);

static void S_page_until(S_pty *p, const char *needle)
{
	S_page_until_prompt(p, needle, "space or Enter: next page");
}

/* S_page_until with the pager's prompt in another language. */
static void S_page_until_prompt(S_pty *p, const char *needle, const char *prompt)
{
	size_t prompts = 0;
	for (int i = 0; i < 200; i++) {
		size_t *offs;
		char *norm = S_normalize(p->out + p->mark, p->len - p->mark, &offs);
		size_t end;
		bool done = S_find(norm, needle, &end);
		size_t seen = 0;
		for (const char *q = norm; (q = strstr(q, prompt)) != NULL; q++)
			seen++;
		free(norm);
		free(offs);
		if (done)
			return;
		if (seen > prompts) {
			prompts = seen;
			S_send(p, " ");
		}
		S_read(p, 100);
	}
	S_expect(p, needle); /* fails with the screen shown */
}

static void S_send(S_pty *p, const char *keys)
{
	size_t n = strlen(keys);
	assert_int_equal(write(p->master, keys, n), (ssize_t)n);
}

/* Waits for the child to end (reading all it writes); its exit status, or 128 + signal. */
static int S_wait(S_pty *p)
{
	long deadline = S_ms() + S_WAIT_MS;
	while (p->status < 0) {
		int ws;
		pid_t r = waitpid(p->pid, &ws, WNOHANG);
		if (r == p->pid) {
			p->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
			break;
		}
		if (S_ms() > deadline) {
			S_show_tail(p);
			kill(p->pid, SIGKILL);
			waitpid(p->pid, &ws, 0);
			fail_msg("the program did not end in time");
		}
		S_read(p, 50);
	}
	S_read(p, 50);
	S_read(p, 0);
	return p->status;
}

/* Answers the 48 statements one by one, each after its "N / 48" is on screen, with the key
 * '0' + value(i); then waits for the last statement's line. */
static void S_answer_all(S_pty *p, int (*value)(int i))
{
	for (int i = 0; i < 48; i++) {
		char at[32], key[2] = { (char)('0' + value(i)), 0 };
		snprintf(at, sizeof at, "%d / 48", i + 1);
		S_expect(p, at);
		S_send(p, key);
	}
	S_expect(p, "That was the last statement.");
}

static int S_cycle_up(int i) { return 1 + i % 7; }
static int S_cycle_down(int i) { return 7 - i % 7; }
static int S_neutral(int i) { (void)i; return 4; }

static void S_close(S_pty *p)
{
	close(p->master);
	close(p->slave);
	free(p->out);
	p->out = NULL;
}

/* ---- looking at what the child drew ----------------------------------------------------- */

/* The last screen drawn (after the last clear), with escape sequences and CRs taken out. */
static char *S_last_screen(const S_pty *p)
{
	const char *s = p->out, *clear;
	while ((clear = strstr(s, "\033[H\033[2J")) != NULL)
		s = clear + 7;
	char *out = malloc(strlen(s) + 1), *o = out;
	for (; *s; s++) {
		if (*s == '\033' && s[1] == '[') {
			s += 2;
			while (*s && !(*s >= 0x40 && *s <= 0x7e))
				s++;
			if (!*s)
				break;
			continue;
		}
		if (*s != '\r')
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* Columns the widest line of text takes. */
static int S_widest(const char *text)
{
	int widest = 0;
	const char *line = text;
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		char *copy = strndup(line, n);
		wchar_t w[1024];
		size_t k = mbstowcs(w, copy, 1023);
		assert_true(k != (size_t)-1);
		int cols = wcswidth(w, k);
		assert_true(cols >= 0);
		if (cols > widest)
			widest = cols;
		free(copy);
		line += n + (nl ? 1 : 0);
	}
	return widest;
}

/* Whether two terminal settings are the same (field by field: the struct has padding). */
static void S_assert_same_termios(const struct termios *a, const struct termios *b)
{
	assert_int_equal(a->c_iflag, b->c_iflag);
	assert_int_equal(a->c_oflag, b->c_oflag);
	assert_int_equal(a->c_cflag, b->c_cflag);
	assert_int_equal(a->c_lflag, b->c_lflag);
	assert_memory_equal(a->c_cc, b->c_cc, sizeof a->c_cc);
	assert_int_equal(cfgetispeed(a), cfgetispeed(b));
	assert_int_equal(cfgetospeed(a), cfgetospeed(b));
}

/* ---- fixtures --------------------------------------------------------------------------- */

static sb_bank *S_bank(void)
{
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	char *path = sb_src_path(S_BANK_V1);
	assert_int_equal(sb_bank_load_file(path, &b, &d), SB_OK);
	free(path);
	sb_diags_free(&d);
	return b;
}

static char *S_path(const char *dir, const char *rel)
{
	return sb_join(dir, rel);
}

static mode_t S_mode(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static bool S_gone(const char *path)
{
	struct stat st;
	return stat(path, &st) != 0 && errno == ENOENT;
}

/* The answers CSV as securebase writes it: header, then one row per respondent. */
static char *S_csv(const sb_bank *b, const char *id, const int *answers)
{
	sb_buf out = { 0 };
	sb_answers_write_header(b, &out);
	sb_answers_write_row(b, id, answers, &out);
	return sb_buf_detach(&out, NULL);
}

/* The value of "respondent ..." in a state file. */
static char *S_state_respondent(const char *state)
{
	const char *r = strstr(state, "\nrespondent ");
	assert_non_null(r);
	r += 12;
	return strndup(r, strcspn(r, "\n"));
}

/* ---- the terminal ----------------------------------------------------------------------- */

/* Answer with keys, go back and change one, skip one, look at the keys help, press a stray key,
 * pause; the state file holds exactly that. Then start again, resume, finish, read the report
 * through the pager and save it and the answers where asked. */
static void test_keys_pause_resume_finish(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
	char *state_dir = S_path(dir, "state/securebase");
	char *state_file = S_path(dir, "state/securebase/securebase.session");
	sb_bank *b = S_bank();

	S_pty p;
	const char *args[] = { "--lang", "en", "assess", NULL };
	S_spawn(&p, dir, args, env, 80, 24);
	S_expect(&p, "It has 48 statements and takes about ten minutes."); /* once, from the bank */
	S_expect(&p, "Press Enter when you are ready to begin.");
	/* A stray key starts nothing. */
	S_send(&p, "5");
	S_expect(&p, "Press Enter when you are ready to begin.");
	assert_false(sb_contains(p.out, "1 / 48"));
	S_send(&p, "\r");
	S_expect(&p, "1 / 48");
	S_expect(&p, "When my partner takes a while to reply");
	S_expect(&p, "Disagree strongly");
	/* Raw mode is on while a statement is shown. */
	struct termios during;
	assert_int_equal(tcgetattr(p.slave, &during), 0);
	assert_int_equal(during.c_lflag & (ICANON | ECHO | ISIG), 0);
	S_send(&p, "5");
	S_expect(&p, "2 / 48");
	S_send(&p, "3");
	S_expect(&p, "3 / 48");
	S_send(&p, "6");
	S_expect(&p, "4 / 48");
	/* Back (b), and the earlier answer is shown; change it with a key. */
	S_send(&p, "b");
	S_expect(&p, "3 / 48");
	S_expect(&p, "Your earlier answer was 6.");
	S_send(&p, "2");
	S_expect(&p, "4 / 48");
	/* Back with the arrow key (ESC [ D), then keep the answer with Enter. */
	S_send(&p, "\033[D");
	S_expect(&p, "3 / 48");
	S_expect(&p, "Your earlier answer was 2.");
	S_send(&p, "\r");
	S_expect(&p, "4 / 48");
	S_send(&p, "s");
	S_expect(&p, "5 / 48");
	/* A key that means nothing gets a short hint, and the place is kept. */
	S_send(&p, "z");
	S_expect(&p, "Press a number from 1 to 7 to answer, s to skip, or ? for the keys.");
	S_send(&p, "9");
	S_expect(&p, "Press a number from 1 to 7 to answer");
	char *screen = S_last_screen(&p);
	assert_true(sb_contains(screen, "5 / 48"));
	free(screen);
	S_send(&p, "?");
	S_expect(&p, "Keys");
	S_expect(&p, "Press any key to go back to the statement.");
	S_send(&p, "x");
	S_expect(&p, "5 / 48");
	S_send(&p, "4");
	S_expect(&p, "6 / 48");
	S_send(&p, "q");
	S_expect(&p, "Paused. Your answers so far (4 of 48) are saved in");
	/* the command as it can be typed: the program as it was called (not on PATH here); the
	 * paragraph may wrap anywhere in it, so it is compared without line breaks and spaces */
	S_expect(&p, "Run '");
	{
		size_t at = p.mark;
		S_expect(&p, "ready to carry on."); /* the whole message has come */
		char compact[2048];
		size_t k = 0;
		for (size_t i = at; i < p.len && k + 1 < sizeof compact; i++)
			if (!strchr(" \r\n", p.out[i]))
				compact[k++] = p.out[i];
		compact[k] = '\0';
		assert_true(strncmp(compact, SB_BINARY "--bank", strlen(SB_BINARY "--bank")) == 0);
	}
	assert_int_equal(S_wait(&p), 0);
	/* The terminal is as it was: settings, cursor, main screen. */
	struct termios after;
	assert_int_equal(tcgetattr(p.slave, &after), 0);
	S_assert_same_termios(&after, &p.before);
	assert_true(sb_contains(p.out, "\033[?1049l"));
	assert_true(strstr(p.out, "\033[?25h") > strstr(p.out, "\033[?25l"));
	S_close(&p);

	/* The state: private, in a private folder, with exactly those answers and position. */
	assert_int_equal(S_mode(state_dir), 0700);
	assert_int_equal(S_mode(state_file), 0600);
	char *st = sb_read_file(state_file, NULL);
	assert_non_null(st);
	assert_true(sb_contains(st, "securebase-session 2\nbank securebase\nversion 1.0.0\nstarted "));
	assert_true(sb_contains(st, "\nitems 48\nposition 5\n"));
	assert_true(sb_contains(st, "\nrespondent sb-"));
	int want[48];
	for (int i = 0; i < 48; i++)
		want[i] = SB_MISSING;
	want[0] = 5, want[1] = 3, want[2] = 2, want[4] = 4;
	sb_buf lines = { 0 };
	for (size_t i = 0; i < b->n_items; i++) {
		if (want[i] == SB_MISSING)
			sb_buf_printf(&lines, "%s -\n", b->items[i].id);
		else
			sb_buf_printf(&lines, "%s %d\n", b->items[i].id, want[i]);
	}
	sb_buf_puts(&lines, "end "); /* then the checksum (test_session checks it) */
	assert_true(sb_contains(st, lines.data));
	sb_buf_free(&lines);
	char *respondent = S_state_respondent(st);
	assert_int_equal(strlen(respondent), strlen("sb-YYYYMMDD-HHMMSS-XXXX"));

	/* Start again: offered to carry on; carry on, answer the rest, finish. */
	S_spawn(&p, dir, args, env, 80, 24);
	S_expect(&p, "Welcome back.");
	S_expect(&p, "with 4 of 48 statements answered.");
	S_expect(&p, "carry on where you left off (statement 6 of 48)");
	S_send(&p, "\r");
	S_expect(&p, "6 / 48");
	for (int i = 5; i < 48; i++) {
		char key[2] = { (char)('1' + (i * 3) % 7), 0 };
		want[i] = key[0] - '0';
		S_send(&p, key);
		if (i < 47) {
			char next[32]; /* room for any int: -O1 checks the bound */
			snprintf(next, sizeof next, "%d / 48", i + 2);
			S_expect(&p, next);
		}
	}
	S_expect(&p, "That was the last statement. Thank you.");
	S_expect(&p, "You answered 47 of 48 statements; 1 was skipped.");
	S_send(&p, "\r");
	S_expect(&p, "Your results");
	/* The summary comes through the pager (it is taller than 24 rows): page to its end. */
	size_t summary_at = p.mark;
	S_page_until(&p, "Press Enter to read your full report, or q to skip it.");
	p.mark = summary_at;
	/* The chart keeps its gutter on every row: the axis (┤ on a tick, │ between) in column 2,
	 * as in the pager's full report (it was at column 0 on rows without a label). */
	{
		/* the rows as a terminal shows them: escapes dropped, a carriage return restarts */
		char *seen = strndup(p.out + p.mark, p.len - p.mark);
		int rows = 0;
		for (char *ln = strtok(seen, "\n"); ln; ln = strtok(NULL, "\n")) {
			char row[1024];
			size_t k = 0;
			for (const char *c = ln; *c && k + 1 < sizeof row; c++) {
				if (*c == '\033' && c[1] == '[') {
					for (c += 2; *c && !(*c >= 0x40 && *c <= 0x7e); c++)
						;
					if (!*c)
						break;
				} else if (*c == '\r') {
					if (c[1])
						k = 0;
				} else {
					row[k++] = *c;
				}
			}
			row[k] = '\0';
			if (strncmp(row, "│", 3) == 0)
				fail_msg("chart row without its gutter: '%s'", row);
			char *axis = strstr(row, "┤");
			if (axis) {
				if (axis - row != 2)
					fail_msg("chart axis not in column 2: '%s'", row);
				rows++;
			}
		}
		assert_true(rows >= 3); /* the ticks 1, 4 and 7 */
		free(seen);
	}
	/* The summary: the style chart's leaning, every scale with its band. */
	sb_result r;
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	sb_score(b, want, &r);
	S_expect(&p, "Your answers point to: ");
	S_expect(&p, sb_text_get(&b->attachment.styles[r.style].name, SB_LANG_EN));
	S_expect(&p, "Where each scale falls");
	for (size_t i = 0; i < b->n_scales; i++) {
		char num[32], line[512];
		sb_report_score_text(r.scales[i].score, num, sizeof num);
		assert_true(r.scales[i].scored);
		snprintf(line, sizeof line, "%s (%s)",
		         sb_text_get(&b->scales[i].bands[r.scales[i].band].label, SB_LANG_EN), num);
		S_expect(&p, line);
	}
	S_expect(&p, "Press Enter to read your full report, or q to skip it.");
	S_send(&p, "\r");
	/* The pager: a page, then a prompt; space goes on until the report ends. */
	S_expect(&p, "space or Enter: next page");
	for (int i = 0; i < 60 && !sb_contains(p.out + p.mark, "Would you like to save this report?");
	     i++) {
		S_send(&p, " ");
		S_read(&p, 300);
	}
	S_expect(&p, "Would you like to save this report?");
	S_send(&p, "m");
	S_expect(&p, "Save as (Enter for securebase-report-");
	S_send(&p, "mine.md\r");
	S_expect(&p, "Your report is saved in mine.md (readable by you alone).");
	S_expect(&p, "Would you like to save your answers as a row of a CSV file");
	S_send(&p, "y");
	S_expect(&p, "Save as (Enter for securebase-answers.csv)");
	S_send(&p, "\r");
	S_expect(&p, "Your answers are saved in securebase-answers.csv");
	S_expect(&p, "Thank you for taking this time for yourself.");
	assert_int_equal(S_wait(&p), 0);
	assert_int_equal(tcgetattr(p.slave, &after), 0);
	S_assert_same_termios(&after, &p.before);
	S_close(&p);

	/* A finished session leaves no state behind. */
	assert_true(S_gone(state_file));
	/* The report: private, with the scores. */
	char *md_path = S_path(dir, "mine.md");
	assert_int_equal(S_mode(md_path), 0600);
	char *md = sb_read_file(md_path, NULL);
	assert_non_null(md);
	assert_true(sb_contains(md, respondent));
	for (size_t i = 0; i < b->n_scales; i++) {
		char num[32];
		sb_report_score_text(r.scales[i].score, num, sizeof num);
		assert_true(sb_contains(md, sb_text_get(&b->scales[i].name, SB_LANG_EN)));
		assert_true(sb_contains(md, num));
	}
	/* The answers row: header, then the id the session kept, then every answer. */
	char *csv_path = S_path(dir, "securebase-answers.csv");
	assert_int_equal(S_mode(csv_path), 0600);
	char *csv = sb_read_file(csv_path, NULL);
	char *expect = S_csv(b, respondent, want);
	assert_string_equal(csv, expect);

	sb_result_free(&r);
	sb_free(expect);
	free(csv);
	free(csv_path);
	free(md);
	free(md_path);
	free(respondent);
	free(st);
	sb_bank_free(b);
	free(state_dir);
	free(state_file);
	sb_rmtree(dir);
	free(dir);
}

/* The end screen with skipped statements: it names the scale that would be left unscored and
 * offers f, which walks through the skipped statements only and comes back to the end. */
static void test_end_screen_skipped(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
	sb_bank *b = S_bank();
	const sb_scale *sc = &b->scales[0];
	/* all of the first scale's statements skipped but its last one */
	bool skip[64] = { false };
	for (size_t j = 0; j + 1 < sc->n_items; j++)
		skip[sc->items[j]] = true;
	size_t need = 2;
	while (!sb_scale_enough(sc, need))
		need++;
	S_pty p;
	const char *args[] = { "--lang", "en", "assess", NULL };
	S_spawn(&p, dir, args, env, 100, 35);
	S_expect(&p, "Press Enter when you are ready to begin.");
	S_send(&p, "\r");
	for (size_t i = 0; i < b->n_items; i++) {
		char at[48];
		snprintf(at, sizeof at, "%zu / %zu", i + 1, b->n_items);
		S_expect(&p, at);
		S_send(&p, skip[i] ? "s" : "4");
	}
	char line[512];
	snprintf(line, sizeof line, "You answered %zu of %zu statements; %zu were skipped.",
	         b->n_items - (sc->n_items - 1), b->n_items, sc->n_items - 1);
	S_expect(&p, line);
	snprintf(line, sizeof line,
	         "“%s” would not be scored: 1 of its %zu statements are answered, and it needs %zu.",
	         sb_text_get(&sc->name, SB_LANG_EN), sc->n_items, need);
	S_expect(&p, line);
	S_expect(&p, "Press f to go straight to the first statement you skipped.");
	/* f: only the skipped ones, in order, then the end again */
	S_send(&p, "f");
	for (size_t j = 0; j + 1 < sc->n_items; j++) {
		char at[48];
		snprintf(at, sizeof at, "%zu / %zu", sc->items[j] + 1, b->n_items);
		S_expect(&p, at);
		S_send(&p, "5");
	}
	snprintf(line, sizeof line, "You answered %zu of %zu statements; 0 were skipped.",
	         b->n_items, b->n_items);
	S_expect(&p, line);
	char *screen = S_last_screen(&p);
	assert_false(sb_contains(screen, "would not be scored"));
	assert_false(sb_contains(screen, "Press f"));
	free(screen);
	S_send(&p, "q");
	assert_int_equal(S_wait(&p), 0);
	S_close(&p);
	sb_bank_free(b);
	sb_rmtree(dir);
	free(dir);
}

/* Ctrl-C (a byte in raw mode), SIGTERM and SIGHUP in the middle: the terminal settings are
 * restored, the cursor shown, the state kept, and the exit status is 128 + the signal. */
static void test_interrupts_restore_terminal(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
	char *state_file = S_path(dir, "state/securebase/securebase.session");
	static const struct {
		const char *key; /* sent as a key, or NULL to send sig */
		int sig;
	} cases[] = { { "\003", SIGINT }, { NULL, SIGTERM }, { NULL, SIGHUP },
		      { NULL, SIGINT }, { "\034", SIGQUIT }, { NULL, SIGQUIT } };
	int answered = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		S_pty p;
		const char *args[] = { "--lang", "en", "assess", "--resume", NULL };
		S_spawn(&p, dir, args, env, 80, 24);
		if (i == 0) {
			/* Nothing to resume yet: said so, and a new session starts. */
			S_expect(&p, "no paused session was found; starting a new one");
			S_expect(&p, "Press Enter when you are ready to begin.");
			S_send(&p, "\r");
		}
		char at[48];
		snprintf(at, sizeof at, "%d / 48", answered + 1);
		S_expect(&p, at);
		S_send(&p, "4");
		snprintf(at, sizeof at, "%d / 48", answered + 2);
		S_expect(&p, at);
		answered++;
		struct termios during;
		assert_int_equal(tcgetattr(p.slave, &during), 0);
		assert_int_equal(during.c_lflag & (ICANON | ECHO), 0);
		if (cases[i].key)
			S_send(&p, cases[i].key);
		else
			kill(p.pid, cases[i].sig);
		int status = S_wait(&p);
		if (status != 128 + cases[i].sig) {
			S_show_tail(&p);
			fail_msg("case %zu: exit status %d, wanted %d", i, status, 128 + cases[i].sig);
		}
		struct termios after;
		assert_int_equal(tcgetattr(p.slave, &after), 0);
		S_assert_same_termios(&after, &p.before);
		/* The cursor is shown and the main screen back, after the last time they were
		 * changed. */
		const char *hide = NULL, *show = NULL, *alt = NULL, *main_screen = NULL;
		for (const char *s = p.out; (s = strstr(s, "\033[?25l")); s++)
			hide = s;
		for (const char *s = p.out; (s = strstr(s, "\033[?25h")); s++)
			show = s;
		for (const char *s = p.out; (s = strstr(s, "\033[?1049h")); s++)
			alt = s;
		for (const char *s = p.out; (s = strstr(s, "\033[?1049l")); s++)
			main_screen = s;
		assert_non_null(show);
		assert_true(show > hide && main_screen > alt);
		if (cases[i].sig != SIGHUP)
			assert_true(sb_contains(p.out, "Stopped. Your answers so far"));
		S_close(&p);
		char *st = sb_read_file(state_file, NULL);
		assert_non_null(st);
		char pos[32];
		snprintf(pos, sizeof pos, "\nposition %d\n", answered);
		if (!sb_contains(st, pos))
			fail_msg("case %zu: state has no '%s':\n%s", i, pos + 1, st);
		assert_int_equal(S_mode(state_file), 0600);
		free(st);
	}
	free(state_file);
	sb_rmtree(dir);
	free(dir);
}

/* The state of process pid as /proc shows it ('T' stopped, 'S' sleeping...), waiting up to the
 * deadline for it to become want. */
static char S_proc_state(pid_t pid, char want)
{
	long deadline = S_ms() + S_WAIT_MS;
	char state = '?';
	while (S_ms() < deadline) {
		char path[64], buf[512];
		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
		FILE *f = fopen(path, "r");
		if (f) {
			size_t n = fread(buf, 1, sizeof buf - 1, f);
			fclose(f);
			buf[n] = '\0';
			const char *paren = strrchr(buf, ')');
			if (paren && paren[1] == ' ')
				state = paren[2];
		}
		if (state == want)
			break;
		usleep(20000);
	}
	return state;
}

/* Waits until the terminal is (or is not) in raw mode. */
static void S_wait_raw(S_pty *p, bool raw)
{
	long deadline = S_ms() + S_WAIT_MS;
	struct termios t;
	for (;;) {
		assert_int_equal(tcgetattr(p->slave, &t), 0);
		if (((t.c_lflag & ICANON) == 0) == raw)
			return;
		if (S_ms() > deadline)
			fail_msg("the terminal did not %s raw mode", raw ? "enter" : "leave");
		S_read(p, 20);
	}
}

/* Ctrl-Z (a byte in raw mode) and SIGTSTP stop the program with the terminal restored; SIGCONT
 * brings raw mode and the screen back. SIGSTOP, which no handler sees, is followed by a clean
 * redraw on SIGCONT too. */
static void test_suspend_and_continue(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
	S_pty p;
	pid_t job;
	const char *args[] = { "--lang", "en", "assess", NULL };
	S_spawn_in(&p, dir, args, env, 80, 24, &job);
	S_expect(&p, "Press Enter when you are ready to begin.");
	S_send(&p, "\r");
	S_expect(&p, "1 / 48");
	S_send(&p, "3");
	S_expect(&p, "2 / 48");
	S_wait_raw(&p, true);
	for (int round = 0; round < 3; round++) {
		if (round == 0)
			S_send(&p, "\032"); /* Ctrl-Z */
		else
			kill(job, round == 1 ? SIGTSTP : SIGSTOP);
		assert_int_equal(S_proc_state(job, 'T'), 'T');
		if (round < 2) {
			/* Stopped with the terminal as the shell wants it. */
			S_wait_raw(&p, false);
			struct termios now;
			assert_int_equal(tcgetattr(p.slave, &now), 0);
			S_assert_same_termios(&now, &p.before);
			S_expect_raw(&p, "\033[?1049l");
			S_expect_raw(&p, "\033[?25h");
		}
		kill(job, SIGCONT);
		S_wait_raw(&p, true);
		S_expect_raw(&p, "\033[H\033[2J");
		S_expect(&p, "2 / 48");
	}
	S_send(&p, "4");
	S_expect(&p, "3 / 48");
	S_send(&p, "q");
	S_expect(&p, "Paused.");
	assert_int_equal(S_wait(&p), 0);
	struct termios after;
	assert_int_equal(tcgetattr(p.slave, &after), 0);
	S_assert_same_termios(&after, &p.before);
	S_close(&p);
	sb_rmtree(dir);
	free(dir);
}

/* 40 columns, in both languages: every line fits, and a resize redraws to the new width. */
static void test_narrow_and_resize(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
	static const char *const langs[] = { "en", "zh" };
	static const char *const first[] = { "1 / 48", "1 / 48" };
	static const char *const label[] = { "Disagree strongly", "完全不同意" };
	for (size_t l = 0; l < 2; l++) {
		S_pty p;
		const char *args[] = { "--lang", langs[l], "assess", NULL };
		S_spawn(&p, dir, args, env, 40, 30);
		S_expect(&p, l ? "准备好了就按回车开始" : "Press Enter when you are ready");
		char *screen = S_last_screen(&p);
		assert_true(S_widest(screen) < 40);
		free(screen);
		S_send(&p, "\r");
		S_expect(&p, first[l]);
		S_expect(&p, label[l]);
		S_expect(&p, l ? "q 暂停" : "q pause");
		screen = S_last_screen(&p);
		int w = S_widest(screen);
		if (w >= 40) {
			fprintf(stderr, "%s\n", screen);
			fail_msg("a line is %d columns wide on a 40-column terminal", w);
		}
		/* Labels line up under each other, numbered. */
		assert_true(sb_contains(screen, "\n    1  "));
		assert_true(sb_contains(screen, "\n    7  "));
		/* The item text is wrapped onto more than one line, indented. */
		if (l == 1)
			assert_true(sb_contains(screen, "\n  对方迟迟不回消息时"));
		else
			assert_true(sb_contains(screen, "\n  When my partner takes a while to\n  reply,"));
		free(screen);

		/* Wider, then narrower again: each resize redraws at the new width. */
		size_t mark = p.len;
		struct winsize ws = { .ws_row = 30, .ws_col = 100 };
		ioctl(p.master, TIOCSWINSZ, &ws);
		p.mark = mark;
		S_expect_raw(&p, "\033[H\033[2J");
		S_expect(&p, l ? "q 暂停" : "q pause");
		screen = S_last_screen(&p);
		if (l == 0)
			assert_true(sb_contains(screen, "When my partner takes a while to reply, I start "
			                                "wondering if something is\n"));
		free(screen);
		mark = p.len;
		ws.ws_col = 40;
		ioctl(p.master, TIOCSWINSZ, &ws);
		p.mark = mark;
		S_expect_raw(&p, "\033[H\033[2J");
		S_expect(&p, l ? "q 暂停" : "q pause");
		screen = S_last_screen(&p);
		assert_true(S_widest(screen) < 40);
		free(screen);
		S_send(&p, "q");
		assert_int_equal(S_wait(&p), 0);
		S_close(&p);
	}
	sb_rmtree(dir);
	free(dir);
}

/* --report and --save-answers save without asking; the row is appended to an existing answers
 * file with the same header; NO_COLOR leaves out colour but not cursor control. */
static void test_saved_without_asking(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const nc[] = { "NO_COLOR=1", NULL };
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, nc);
	sb_bank *b = S_bank();
	int earlier[48], want[48];
	for (int i = 0; i < 48; i++) {
		earlier[i] = 1 + i % 7;
		want[i] = 7 - i % 7;
	}
	char *csv_path = S_path(dir, "all.csv");
	char *first = S_csv(b, "someone else", earlier);
	sb_write_file(csv_path, first, strlen(first));
	chmod(csv_path, 0644);

	S_pty p;
	const char *args[] = { "--lang", "en", "assess", "--id", "client 7", "--save-answers",
		               "all.csv", "--report", "out.md", NULL };
	S_spawn(&p, dir, args, env, 80, 24);
	S_expect(&p, "Press Enter when you are ready to begin.");
	S_send(&p, "\r");
	S_expect(&p, "1 / 48");
	for (int i = 0; i < 48; i++) {
		char key[2] = { (char)('0' + want[i]), 0 };
		S_send(&p, key);
	}
	S_expect(&p, "That was the last statement.");
	S_send(&p, "\r");
	S_page_until(&p, "Press Enter to read your full report, or q to skip it.");
	S_send(&p, "q");
	S_expect(&p, "Your report is saved in out.md");
	S_expect(&p, "Your answers are saved in all.csv");
	S_expect(&p, "Thank you for taking this time for yourself.");
	assert_int_equal(S_wait(&p), 0);
	assert_false(sb_contains(p.out, "Would you like to save"));
	/* No colour at all, yet the screen is still drawn. */
	assert_false(sb_contains(p.out, "\033[1m"));
	assert_false(sb_contains(p.out, "\033[36m"));
	assert_true(sb_contains(p.out, "\033[H\033[2J"));
	S_close(&p);

	char *csv = sb_read_file(csv_path, NULL);
	sb_buf expect = { 0 };
	sb_buf_puts(&expect, first);
	sb_answers_write_row(b, "client 7", want, &expect);
	assert_string_equal(csv, expect.data);
	assert_int_equal(S_mode(csv_path), 0600);
	char *md_path = S_path(dir, "out.md");
	assert_int_equal(S_mode(md_path), 0600);
	char *md = sb_read_file(md_path, NULL);
	assert_true(sb_contains(md, "client 7"));
	free(md);
	free(md_path);
	free(csv);
	sb_buf_free(&expect);

	/* An answers file with another header is refused before the first statement. */
	char *other = S_path(dir, "other.csv");
	sb_write_file(other, "id,q1,q2\nx,1,2\n", 15);
	const char *args2[] = { "--lang", "en", "assess", "--save-answers", "other.csv", NULL };
	S_spawn(&p, dir, args2, env, 80, 24);
	assert_int_equal(S_wait(&p), 65);
	assert_true(sb_contains(p.out, "another header"));
	assert_false(sb_contains(p.out, "1 / 48"));
	S_close(&p);
	char *o = sb_read_file(other, NULL);
	assert_string_equal(o, "id,q1,q2\nx,1,2\n");
	free(o);
	free(other);

	sb_free(first);
	free(csv_path);
	sb_bank_free(b);
	sb_rmtree(dir);
	free(dir);
}

/* Chinese throughout: the welcome, the statement, the labels and the pause note. */
static void test_chinese(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
	S_pty p;
	const char *args[] = { "--lang", "zh", "assess", NULL };
	S_spawn(&p, dir, args, env, 80, 24);
	S_expect(&p, "亲密关系中的安全感");
	S_expect(&p, "共 48 句陈述，大约需要 10 分钟。");
	S_send(&p, "\r");
	S_expect(&p, "对方迟迟不回消息时");
	S_expect(&p, "完全不同意");
	S_expect(&p, "完全同意");
	S_send(&p, "x");
	S_expect(&p, "请按 1 到 7 之间的数字作答");
	/* A full-width digit from an input method is not an answer: a hint, the place kept. */
	S_send(&p, "４");
	S_expect(&p, "请按 1 到 7 之间的数字作答");
	S_send(&p, "2");
	S_expect(&p, "2 / 48");
	/* The other arrow encoding (ESC O D, application cursor keys) goes back too. */
	S_send(&p, "\033OD");
	S_expect(&p, "你之前的回答是 2。");
	S_send(&p, "\033OC");
	S_expect(&p, "2 / 48");
	S_send(&p, "q");
	S_expect(&p, "已暂停。48 句中已回答 1 句");
	assert_int_equal(S_wait(&p), 0);
	S_close(&p);
	/* Starting again offers to carry on, in Chinese. */
	S_spawn(&p, dir, args, env, 80, 24);
	S_expect(&p, "欢迎回来");
	S_send(&p, "n");
	S_expect(&p, "要重新开始吗？已保存的 1 个回答会被删除。");
	S_send(&p, "y");
	S_expect(&p, "共 48 句");
	S_send(&p, "q");
	assert_int_equal(S_wait(&p), 0);
	S_close(&p);
	char *state_file = S_path(dir, "state/securebase/securebase.session");
	assert_true(S_gone(state_file));
	free(state_file);
	sb_rmtree(dir);
	free(dir);
}

/* ---- what a person sees: short windows, the results screen ------------------------------ */

/* The rows a terminal of `rows` rows shows after the last screen drawn: every line is narrower
 * than the window, so a screen of more lines than rows scrolls its top away (a last newline
 * takes a row too). */
static char *S_visible(const S_pty *p, int rows)
{
	char *screen = S_last_screen(p);
	size_t len = strlen(screen);
	int lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += screen[i] == '\n';
	int keep = rows - 1; /* the row the cursor ends on after the last newline */
	if (len && screen[len - 1] != '\n') { /* a last line without one takes a row itself */
		keep = rows;
		lines++;
	}
	char *from = screen;
	for (int drop = lines - keep; drop > 0 && from; drop--) {
		from = strchr(from, '\n');
		if (from)
			from++;
	}
	char *out = strdup(from ? from : "");
	free(screen);
	return out;
}

/* Whether the text (as a person reads it, wrapped anywhere) is in what the window shows. */
static bool S_visible_has(const char *visible, const char *text)
{
	size_t *offs, end;
	char *norm = S_normalize(visible, strlen(visible), &offs);
	size_t *offs2;
	char *want = S_normalize(text, strlen(text), &offs2);
	bool found = S_find(norm, want, &end);
	free(norm);
	free(offs);
	free(want);
	free(offs2);
	return found;
}

/* The statement being asked stays on screen with its answer keys however short the window
 * (issue 17): at 10 rows (and 80x24, 100x35), in English and Chinese, a fresh statement, one
 * with an earlier answer after going back, and one with a hint. */
static void test_statement_visible_short_window(void **state)
{
	(void)state;
	static const struct {
		int cols, rows;
	} sizes[] = { { 80, 10 }, { 80, 24 }, { 100, 35 }, { 60, 10 } };
	static const char *const langs[] = { "en", "zh" };
	sb_bank *b = S_bank();
	for (size_t l = 0; l < 2; l++) {
		sb_lang lang = l ? SB_LANG_ZH : SB_LANG_EN;
		for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
			char *dir = sb_tmpdir();
			sb_assess_env_t e;
			const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
			S_pty p;
			const char *args[] = { "--lang", langs[l], "assess", NULL };
			S_spawn(&p, dir, args, env, sizes[z].cols, sizes[z].rows);
			S_expect(&p, l ? "准备好了就按回车开始" : "Press Enter when you are ready");
			S_send(&p, "\r");
			const char *keys[] = { "", "5", "b", "z" }; /* then item 1, 2, 1 again, 1 + hint */
			const size_t at[] = { 0, 1, 0, 0 };
			for (size_t k = 0; k < 4; k++) {
				S_send(&p, keys[k]);
				const sb_item *it = &b->items[at[k]];
				const sb_response_scale *r = &b->responses[it->response];
				char pos[32];
				snprintf(pos, sizeof pos, "%zu / 48", at[k] + 1);
				if (k == 3)
					S_expect(&p, l ? "请按 1 到 7 之间的数字作答" : "Press a number from 1 to 7");
				else if (k == 2)
					S_expect(&p, l ? "你之前的回答是 5" : "Your earlier answer was 5");
				else
					S_expect(&p, pos);
				if (k != 3) /* the hint comes after the keys line */
					S_expect(&p, l ? "q 暂停" : "q pause");
				char *vis = S_visible(&p, sizes[z].rows);
				char *screen = S_last_screen(&p);
				int w = S_widest(screen);
				const char *text = sb_text_get(&it->text, lang);
				bool ok = w < sizes[z].cols && S_visible_has(vis, text) &&
				          S_visible_has(vis, l ? "q 暂停" : "q pause");
				for (int v = r->min; v <= r->max && ok; v++)
					ok = S_visible_has(vis, sb_text_get(&r->labels[v - r->min], lang));
				if (!ok) {
					fprintf(stderr, "---- %dx%d %s, step %zu: the window shows ----\n%s\n----\n",
					        sizes[z].cols, sizes[z].rows, langs[l], k, vis);
					fail_msg("statement %zu or its answer keys are not on screen", at[k] + 1);
				}
				free(screen);
				free(vis);
			}
			S_send(&p, "q");
			assert_int_equal(S_wait(&p), 0);
			S_close(&p);
			sb_rmtree(dir);
			free(dir);
		}
	}
	sb_bank_free(b);
}

/* The lines of a chart in what a terminal showed (escapes dropped, a carriage return before more
 * text restarts the line): every line holding a chart character, in order. */
static char **S_chart_lines(const char *raw, size_t len, size_t *n)
{
	static const char *const marks[] = { "┤", "┆", "└", "█", "▓", "▒", "░" };
	char *seen = strndup(raw, len);
	char **out = NULL;
	*n = 0;
	char *save = NULL;
	for (char *ln = strtok_r(seen, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char row[2048];
		size_t k = 0;
		for (const char *c = ln; *c && k + 1 < sizeof row; c++) {
			if (*c == '\033' && c[1] == '[') {
				for (c += 2; *c && !(*c >= 0x40 && *c <= 0x7e); c++)
					;
				if (!*c)
					break;
			} else if (*c == '\r') {
				if (c[1])
					k = 0;
			} else {
				row[k++] = *c;
			}
		}
		row[k] = '\0';
		bool chart = false;
		for (size_t m = 0; m < sizeof marks / sizeof marks[0] && !chart; m++)
			chart = strstr(row, marks[m]) != NULL;
		if (!chart)
			continue;
		out = realloc(out, (*n + 1) * sizeof *out);
		assert_non_null(out);
		out[(*n)++] = strdup(row);
	}
	free(seen);
	return out;
}

static void S_lines_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The results screen after assess, through a pty at 80x24 and 100x35 in both languages: its
 * charts are the very lines `securebase report` draws for the same answers at the width the
 * screen uses, and the attachment chart's axis sits in one column on every row (issue 17). */
static void test_results_screen_matches_report(void **state)
{
	(void)state;
	static const struct {
		int cols, rows;
	} sizes[] = { { 80, 24 }, { 100, 35 } };
	static const char *const langs[] = { "en", "zh" };
	static const char *const title[] = { "Your results", "你的结果" };
	static const char *const read_prompt[] = {
		"Press Enter to read your full report, or q to skip it.", "按回车阅读完整报告，按 q 跳过。"
	};
	static const char *const pager[] = { "space or Enter: next page", "空格或回车：下一页" };
	for (size_t l = 0; l < 2; l++)
		for (size_t z = 0; z < 2; z++) {
			char *dir = sb_tmpdir();
			sb_assess_env_t e;
			const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
			S_pty p;
			const char *args[] = { "--lang", langs[l], "assess", "--id", "t1",
				               "--save-answers", "a.csv", NULL };
			S_spawn(&p, dir, args, env, sizes[z].cols, sizes[z].rows);
			S_expect(&p, l ? "准备好了就按回车开始" : "Press Enter when you are ready");
			S_send(&p, "\r");
			for (int i = 0; i < 48; i++) {
				char at[32], key[2] = { (char)('1' + (i * 3 + i / 5) % 7), 0 };
				snprintf(at, sizeof at, "%d / 48", i + 1);
				S_expect(&p, at);
				S_send(&p, key);
			}
			S_expect(&p, l ? "这是最后一句了。" : "That was the last statement.");
			S_send(&p, "\r");
			S_expect(&p, title[l]);
			size_t from = p.mark;
			S_page_until_prompt(&p, read_prompt[l], pager[l]);
			size_t to = p.len;
			size_t n_screen;
			char **screen = S_chart_lines(p.out + from, to - from, &n_screen);
			S_send(&p, "q");
			S_expect(&p, l ? "要保存这份报告吗？" : "Would you like to save this report?");
			S_send(&p, "n");
			assert_int_equal(S_wait(&p), 0);
			S_close(&p);

			/* The report for the same answers, on a terminal as wide as the screen's text. */
			const char *env2[] = { e.env[0], e.env[1], e.env[2], "NO_COLOR=1", NULL };
			const char *rargs[] = { "--lang", langs[l], "report", "a.csv", "--id", "t1", NULL };
			S_spawn(&p, dir, rargs, env2, sizes[z].cols - 1, sizes[z].rows);
			assert_int_equal(S_wait(&p), 0);
			size_t n_report;
			char **report = S_chart_lines(p.out, p.len, &n_report);
			S_close(&p);

			/* the style chart's rows, its x axis, a bar per scale and the legend */
			if (n_screen < 20 || n_report < n_screen)
				fail_msg("%s %dx%d: %zu chart lines on the results screen, %zu in the report",
				         langs[l], sizes[z].cols, sizes[z].rows, n_screen, n_report);
			int axis_rows = 0, ticks = 0;
			for (size_t i = 0; i < n_screen; i++) {
				if (strcmp(screen[i], report[i]) != 0)
					fail_msg("%s %dx%d, chart line %zu:\n screen: '%s'\n report: '%s'",
					         langs[l], sizes[z].cols, sizes[z].rows, i, screen[i], report[i]);
				/* the axis: ┤ on a tick, │ between, └ at the corner, all in column 2 */
				const char *ax[] = { "┤", "│", "└" };
				for (size_t a = 0; a < 3; a++) {
					const char *at = strstr(screen[i], ax[a]);
					if (at && (a != 1 || strstr(screen[i], "┆"))) {
						if (at - screen[i] != 2)
							fail_msg("%s %dx%d: axis not in column 2: '%s'", langs[l],
							         sizes[z].cols, sizes[z].rows, screen[i]);
						axis_rows++;
						ticks += a == 0;
						break;
					}
				}
			}
			if (axis_rows < 15 || ticks != 3) { /* every row of the grid, its corner */
				for (size_t i = 0; i < n_screen; i++)
					fprintf(stderr, "%s\n", screen[i]);
				fail_msg("%s %dx%d: %d rows of the axis, %d ticks", langs[l], sizes[z].cols,
				         sizes[z].rows, axis_rows, ticks);
			}
			S_lines_free(screen, n_screen);
			S_lines_free(report, n_report);
			sb_rmtree(dir);
			free(dir);
		}
}

/* The save after the last statement fails (issue 13, D2): the results are still shown, then it
 * is said exactly what was and was not saved, and the exit status is 73; the state file is kept
 * with every answer, and --resume shows the same results. */
static void test_final_save_fails(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *sess = S_path(dir, "state/securebase/securebase.session");
	char *bank = sb_src_path(S_BANK_V1);
	sb_bank *b = S_bank();
	int want[48];
	sb_buf in = { 0 };
	for (int i = 0; i < 48; i++) {
		want[i] = 1 + (i * 5 + i / 3) % 7;
		sb_buf_printf(&in, "%d\n", want[i]);
	}
	sb_result res;
	assert_int_equal(sb_result_init(&res, b), SB_OK);
	sb_score(b, want, &res);
	/* 48 saves after the answers, then the 49th, the last, fails (and every write after it) */
	sb_assess_env_t e;
	const char *extra[] = { "SECUREBASE_TEST_FAIL_IO=rename:49:EACCES", NULL };
	const char *const *env = sb_assess_env(&e, dir, 0, extra);
	const char *args[] = { "securebase", "--lang", "en", "assess", "--id", "t9", "--report",
		               "r.md", "--save-answers", "a.csv", NULL };
	sb_run_result r = S_run1(args, in.data, in.len, env, dir);
	if (r.status != 73)
		fail_msg("exit %d, stderr:\n%s", r.status, r.err);
	/* the results: the text report with every scale's score */
	assert_true(sb_contains(r.out, "ID: t9"));
	for (size_t i = 0; i < b->n_scales; i++) {
		char num[32];
		sb_report_score_text(res.scales[i].score, num, sizeof num);
		assert_true(sb_contains(r.out, sb_text_get(&b->scales[i].name, SB_LANG_EN)));
		assert_true(sb_contains(r.out, num));
	}
	char msg[8192];
	snprintf(msg, sizeof msg,
	         "securebase: Your results are shown, but the last save of your progress failed (%s: "
	         "cannot replace: Permission denied). Saved in %s, from the last save that worked: "
	         "48 of 48 answers; the file is kept, and '%s --bank %s assess --resume' shows these "
	         "results again. Not saved: the end of this session (so that file is kept, not "
	         "removed). Not saved: your report (r.md; the reason is above). Not saved: your "
	         "answers row (a.csv; the reason is above).\n", sess, sess, SB_BINARY, bank);
	if (!sb_contains(r.err, msg))
		fail_msg("stderr:\n%s\nwanted:\n%s", r.err, msg);
	assert_true(sb_contains(r.err, "securebase: r.md: cannot replace: Permission denied\n"));
	assert_true(sb_contains(r.err, "securebase: a.csv: cannot replace: Permission denied\n"));
	assert_false(sb_contains(r.err, "Thank you"));
	char *r_md = S_path(dir, "r.md"), *a_csv = S_path(dir, "a.csv");
	assert_true(S_gone(r_md));
	assert_true(S_gone(a_csv));
	/* the state file holds every answer and the end position */
	char *st = sb_read_file(sess, NULL);
	assert_non_null(st);
	assert_true(sb_contains(st, "\nrespondent t9\nitems 48\nposition 48\n"));
	for (size_t i = 0; i < b->n_items; i++) {
		char line[64];
		snprintf(line, sizeof line, "\n%s %d\n", b->items[i].id, want[i]);
		assert_true(sb_contains(st, line));
	}
	free(st);

	/* In Chinese too, said in Chinese (the state is as it was: the same failure again). */
	const char *zh[] = { "securebase", "--lang", "zh", "assess", "--resume", NULL };
	const char *first[] = { "SECUREBASE_TEST_FAIL_IO=rename:1:EACCES", NULL };
	sb_run_result z = S_run1(zh, "", 0, sb_assess_env(&e, dir, 0, first), dir);
	assert_int_equal(z.status, 73);
	assert_true(sb_contains(z.err, "securebase: 结果已经显示，但最后一次保存进度失败了（"));
	assert_true(sb_contains(z.err, "48 句中已回答 48 句；这个文件会保留"));
	sb_run_free(&z);

	/* --resume without the failure: the same results, then the file is gone. */
	const char *const *env_ok = sb_assess_env(&e, dir, 0, NULL);
	const char *again[] = { "securebase", "--lang", "en", "assess", "--resume", NULL };
	sb_run_result r2 = S_run1(again, "", 0, env_ok, dir);
	if (r2.status != 0)
		fail_msg("resume: exit %d, stderr:\n%s", r2.status, r2.err);
	assert_string_equal(r2.out, r.out);
	assert_true(S_gone(sess));
	sb_run_free(&r2);

	/* On the terminal: the results, the offers, then the same account and 73. */
	S_pty p;
	const char *targs[] = { "--lang", "en", "assess", NULL };
	S_spawn(&p, dir, targs, sb_assess_env(&e, dir, SB_ENV_HOME, extra), 80, 24);
	S_expect(&p, "Press Enter when you are ready");
	S_send(&p, "\r");
	for (int i = 0; i < 48; i++) {
		char at[32], key[2] = { (char)('0' + want[i]), 0 };
		snprintf(at, sizeof at, "%d / 48", i + 1);
		S_expect(&p, at);
		S_send(&p, key);
	}
	S_expect(&p, "That was the last statement.");
	S_send(&p, "\r");
	S_page_until(&p, "Press Enter to read your full report, or q to skip it.");
	S_send(&p, "q");
	S_expect(&p, "Would you like to save this report?");
	S_send(&p, "n");
	S_expect(&p, "Would you like to save your answers as a row of a CSV file");
	S_send(&p, "n");
	S_expect(&p, "Your results are shown, but the last save of your progress failed (");
	S_expect(&p, "securebase.session: cannot replace: Permission denied). Saved in "
	             "~/state/securebase/securebase.session, from the last save that worked: 48 of 48 "
	             "answers; the file is kept");
	assert_int_equal(S_wait(&p), 73);
	assert_false(sb_contains(p.out, "Thank you for taking this time"));
	S_close(&p);
	st = sb_read_file(sess, NULL);
	assert_non_null(st);
	assert_true(sb_contains(st, "\nitems 48\nposition 48\n"));
	free(st);
	sb_run_free(&r);
	sb_result_free(&res);
	sb_buf_free(&in);
	sb_bank_free(b);
	free(r_md);
	free(a_csv);
	free(bank);
	free(sess);
	sb_rmtree(dir);
	free(dir);
}

/* ---- the UI strings' table -------------------------------------------------------------- */

/* The printf conversions of fmt: the type of argument k (1-based) in types[k] ("zu", "s",
 * ".40s" read as "s"...), NULL where unused; the highest argument in *max. False when the
 * string mixes numbered and unnumbered conversions. */
static bool S_conversions(const char *fmt, char types[16][8], int *max)
{
	int next = 1, numbered = -1;
	*max = 0;
	memset(types, 0, 16 * 8);
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		int k = next++;
		const char *dollar = p;
		while (*dollar >= '0' && *dollar <= '9')
			dollar++;
		bool is_numbered = *dollar == '$' && dollar > p;
		if (numbered >= 0 && numbered != is_numbered)
			return false;
		numbered = is_numbered;
		if (is_numbered) {
			k = atoi(p);
			p = dollar + 1;
		}
		while (strchr("-+ #0123456789.", *p))
			p++;
		char t[8] = "";
		size_t n = 0;
		while (*p && strchr("hlzjt", *p) && n < 4)
			t[n++] = *p++;
		t[n++] = *p ? *p++ : '?';
		t[n] = '\0';
		assert_true(k > 0 && k < 16);
		if (types[k][0] && strcmp(types[k], t) != 0)
			return false;
		strcpy(types[k], t);
		if (k > *max)
			*max = k;
	}
	return true;
}

/* The offers at the end, every answer they take (assess_end.c): the full report skipped with q;
 * the report to a folder that does not exist (not saved, said so, try again), to a file that
 * exists (replace? n: asked again, the file untouched), to a folder (the default name inside
 * it); the answers to ~/ (HOME); both files private (0600) and what they should hold. */
static void test_end_offers_paths(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *keep = S_path(dir, "r.md");
	sb_write_file(keep, "mine\n", 5);
	char *sub = S_path(dir, "sub");
	assert_int_equal(mkdir(sub, 0700), 0);
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
	S_pty p;
	const char *args[] = { "assess", "--id", "t9", NULL };
	S_spawn(&p, dir, args, env, 80, 24);
	S_expect(&p, "Press Enter when you are ready");
	S_send(&p, "\r");
	S_answer_all(&p, S_cycle_up);
	S_send(&p, "\r");
	S_page_until_prompt(&p, "Press Enter to read your full report, or q to skip it.",
	                    "space or Enter: next page");
	S_send(&p, "Q"); /* upper case works as lower */
	S_expect(&p, "Would you like to save this report?");
	S_send(&p, "m");
	S_expect(&p, "Save as (Enter for securebase-report-");
	S_send(&p, "  nodir/x.md  \r"); /* blanks around the name are dropped */
	S_expect(&p, "It could not be saved (the reason is above).");
	S_expect(&p, "Try again? y/n");
	S_send(&p, "y");
	S_expect(&p, "Save as (Enter for securebase-report-");
	S_send(&p, "r.md\r");
	S_expect(&p, "There is already a file called r.md. Replace it? y/n");
	S_send(&p, "N");
	S_expect(&p, "Save as (Enter for securebase-report-");
	S_send(&p, "sub\r");
	S_expect(&p, "Your report is saved in sub/securebase-report-");
	S_expect(&p, "Would you like to save your answers as a row of a CSV file");
	S_send(&p, "y");
	S_expect(&p, "Save as (Enter for securebase-answers.csv)");
	S_send(&p, "~/answers.csv\r");
	S_expect(&p, "Your answers are saved in");
	S_expect(&p, "answers.csv (id t9, readable by you alone).");
	assert_int_equal(S_wait(&p), 0);
	S_close(&p);

	/* r.md untouched; nodir not made; one report in sub/, private, in Markdown */
	char *kept = sb_read_file(keep, NULL);
	assert_string_equal(kept, "mine\n");
	free(kept);
	char *nodir = S_path(dir, "nodir");
	assert_true(S_gone(nodir));
	DIR *dp = opendir(sub);
	assert_non_null(dp);
	char *name = NULL;
	int n_files = 0;
	for (struct dirent *de; (de = readdir(dp));) {
		if (de->d_name[0] == '.')
			continue;
		n_files++;
		name = strdup(de->d_name);
	}
	closedir(dp);
	assert_int_equal(n_files, 1);
	assert_true(strncmp(name, "securebase-report-", 18) == 0);
	assert_string_equal(name + strlen(name) - 3, ".md");
	char *rpath = S_path(sub, name);
	assert_int_equal(S_mode(rpath), 0600);
	char *md = sb_read_file(rpath, NULL);
	assert_true(md[0] == '#');
	/* the answers: in HOME (the test's folder), header and the one row of t9 */
	char *apath = S_path(dir, "answers.csv");
	assert_int_equal(S_mode(apath), 0600);
	char *csv = sb_read_file(apath, NULL);
	assert_true(strncmp(csv, "id,", 3) == 0);
	assert_non_null(strstr(csv, "\nt9,"));
	free(csv);
	free(apath);
	free(md);
	free(rpath);
	free(name);
	free(nodir);
	free(sub);
	free(keep);
	sb_rmtree(dir);
	free(dir);
}

/* The full report read and left with q in the pager, the report offer declined with Esc, the
 * answers saved under the default name by pressing Enter at the name (assess_end.c). */
static void test_end_pager_quit_default_name(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
	S_pty p;
	const char *args[] = { "assess", "--id", "t8", NULL };
	S_spawn(&p, dir, args, env, 80, 24);
	S_expect(&p, "Press Enter when you are ready");
	S_send(&p, "\r");
	S_answer_all(&p, S_cycle_down);
	S_send(&p, "\r");
	S_page_until_prompt(&p, "Press Enter to read your full report, or q to skip it.",
	                    "space or Enter: next page");
	S_send(&p, "\r");
	S_expect(&p, "space or Enter: next page · q: done reading");
	S_send(&p, "q");
	S_expect(&p, "Would you like to save this report?");
	S_send(&p, "\033");
	S_expect(&p, "Would you like to save your answers as a row of a CSV file");
	S_send(&p, "y");
	S_expect(&p, "Save as (Enter for securebase-answers.csv)");
	S_send(&p, "\r");
	S_expect(&p, "Your answers are saved in securebase-answers.csv (id t8");
	assert_int_equal(S_wait(&p), 0);
	S_close(&p);
	char *apath = S_path(dir, "securebase-answers.csv");
	assert_int_equal(S_mode(apath), 0600);
	char *csv = sb_read_file(apath, NULL);
	assert_true(strncmp(csv, "id,", 3) == 0);
	assert_non_null(strstr(csv, "\nt8,7,6,5,4,3,2,1,7,"));
	free(csv);
	free(apath);
	sb_rmtree(dir);
	free(dir);
}

/* Ctrl-C at the end's offers (assess_end.c): at the report offer (a key in raw mode) and at the
 * file name (a signal in cooked mode): exit 130, the state file kept with every answer. */
static void test_end_interrupted_at_offers(void **state)
{
	(void)state;
	for (int at_name = 0; at_name < 2; at_name++) {
		char *dir = sb_tmpdir();
		char *sess = S_path(dir, "state/securebase/securebase.session");
		sb_assess_env_t e;
		const char *const *env = sb_assess_env(&e, dir, SB_ENV_HOME, NULL);
		S_pty p;
		const char *args[] = { "assess", "--id", "t7", NULL };
		S_spawn(&p, dir, args, env, 80, 24);
		S_expect(&p, "Press Enter when you are ready");
		S_send(&p, "\r");
		S_answer_all(&p, S_neutral);
		S_send(&p, "\r");
		S_page_until_prompt(&p, "Press Enter to read your full report, or q to skip it.",
		                    "space or Enter: next page");
		S_send(&p, "q");
		S_expect(&p, "Would you like to save this report?");
		if (at_name) {
			S_send(&p, "h");
			S_expect(&p, "Save as (Enter for securebase-report-");
		}
		S_send(&p, "\003");
		assert_int_equal(S_wait(&p), 130);
		S_close(&p);
		char *st = sb_read_file(sess, NULL);
		assert_non_null(st);
		assert_non_null(strstr(st, "\nrespondent t7"));
		free(st);
		free(sess);
		sb_rmtree(dir);
		free(dir);
	}
}

/* Every id has a text in both languages, and the two take the same arguments: the same type
 * at each place, numbered (%2$zu) or not but never both in one string, and no gaps (a
 * language may leave out only trailing arguments). */
static void test_ui_strings_table(void **state)
{
	(void)state;
	for (int id = 0; id < SB_AT_COUNT; id++) {
		const char *zh = sb_assess_tr(SB_LANG_ZH, (sb_assess_str)id);
		const char *en = sb_assess_tr(SB_LANG_EN, (sb_assess_str)id);
		if (!zh || !en || !*zh || !*en)
			fail_msg("string %d has no text in %s", id, zh && *zh ? "en" : "zh");
		char tz[16][8], te[16][8];
		int mz, me;
		if (!S_conversions(zh, tz, &mz) || !S_conversions(en, te, &me))
			fail_msg("string %d mixes or repeats conversions: '%s' / '%s'", id, zh, en);
		for (int k = 1; k <= (mz > me ? mz : me); k++) {
			if (k <= mz && !tz[k][0])
				fail_msg("string %d: zh skips argument %d: '%s'", id, k, zh);
			if (k <= me && !te[k][0])
				fail_msg("string %d: en skips argument %d: '%s'", id, k, en);
			if (tz[k][0] && te[k][0] && strcmp(tz[k], te[k]) != 0)
				fail_msg("string %d, argument %d: %%%s in zh, %%%s in en", id, k, tz[k], te[k]);
		}
	}
	assert_string_equal(sb_assess_tr(SB_LANG_EN, SB_AT_COUNT), "");
	assert_string_equal(sb_assess_tr(SB_LANG_EN, SB_AT_PAUSED), "Paused.");
	assert_string_equal(sb_assess_tr(SB_LANG_ZH, SB_AT_PAUSED), "已暂停。");
}

/* ---- line mode -------------------------------------------------------------------------- */

/* Finds column name in a CSV header line; its 0-based index or -1. */
static int S_col(const char *header, const char *name)
{
	int i = 0;
	size_t n = strlen(name);
	for (const char *p = header; *p && *p != '\n'; i++) {
		size_t k = strcspn(p, ",\n");
		if (k == n && strncmp(p, name, n) == 0)
			return i;
		p += k;
		if (*p == ',')
			p++;
	}
	return -1;
}

/* Field i of a CSV line (no quoting in what score writes for these columns). */
static char *S_field(const char *line, int i)
{
	const char *p = line;
	for (int k = 0; k < i; k++) {
		p = strchr(p, ',');
		assert_non_null(p);
		p++;
	}
	return strndup(p, strcspn(p, ",\n"));
}

/* Piped answers give the same scores as `securebase score` on the same answers. */
static void test_line_mode_same_scores_as_score(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, 0, NULL);
	sb_bank *b = S_bank();
	sb_buf in = { 0 };
	for (int i = 0; i < 48; i++) {
		if (i == 7 || i == 30)
			sb_buf_puts(&in, "\n"); /* two skips */
		else
			sb_buf_printf(&in, "%d\n", 1 + (i * 5 + i / 3) % 7);
	}
	const char *args[] = { "securebase", "--lang", "en", "assess", "--save-answers", "a.csv",
		               "--report", "r.json", NULL };
	sb_run_result r = S_run1(args, in.data, in.len, env, dir);
	if (r.status != 0)
		fail_msg("exit %d: %s", r.status, r.err);
	/* Items and prompts on stderr, the report on stdout, no escape sequences anywhere. */
	assert_true(sb_contains(r.err, "1/48. When my partner takes a while to reply"));
	assert_true(sb_contains(r.err, "48/48. "));
	assert_false(sb_contains(r.err, "\033"));
	assert_false(sb_contains(r.out, "\033"));
	assert_false(sb_contains(r.out, "1/48."));

	const char *score_args[] = { "securebase", "score", "a.csv", NULL };
	sb_run_result s = S_run1(score_args, NULL, 0, NULL, dir);
	if (s.status != 0)
		fail_msg("score exit %d: %s", s.status, s.err);
	char *json_path = S_path(dir, "r.json");
	char *json = sb_read_file(json_path, NULL);
	json_error_t je;
	json_t *root = json_loads(json, 0, &je);
	assert_non_null(root);
	json_t *scales = json_object_get(root, "scales");
	assert_int_equal(json_array_size(scales), b->n_scales);
	const char *row = strchr(s.out, '\n');
	assert_non_null(row);
	row++;
	for (size_t i = 0; i < b->n_scales; i++) {
		json_t *js = json_array_get(scales, i);
		assert_string_equal(json_string_value(json_object_get(js, "id")), b->scales[i].id);
		double from_assess = json_real_value(json_object_get(js, "score"));
		int col = S_col(s.out, b->scales[i].id);
		assert_true(col >= 0);
		char *cell = S_field(row, col);
		double from_score = strtod(cell, NULL);
		if (fabs(from_assess - from_score) > 0.005)
			fail_msg("%s: assess %.4f, score %s", b->scales[i].id, from_assess, cell);
		/* The text report on stdout prints the same number. */
		char num[32];
		sb_report_score_text(from_assess, num, sizeof num);
		assert_string_equal(num, cell);
		assert_true(sb_contains(r.out, num));
		char band_col[128];
		snprintf(band_col, sizeof band_col, "%s_band", b->scales[i].id);
		char *band = S_field(row, S_col(s.out, band_col));
		assert_string_equal(band, json_string_value(json_object_get(js, "band")));
		free(band);
		free(cell);
	}
	json_decref(root);
	free(json);
	free(json_path);
	sb_run_free(&s);
	sb_run_free(&r);
	sb_buf_free(&in);
	sb_bank_free(b);
	sb_rmtree(dir);
	free(dir);
}

/* --report writes every format it is asked for (from the extension, or --format), privately;
 * "--report -" puts that format on standard output instead of the text report. */
static void test_report_formats(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, 0, NULL);
	sb_buf in = { 0 };
	for (int i = 0; i < 48; i++)
		sb_buf_printf(&in, "%d\n", 1 + (i * 2) % 7);
	static const struct {
		const char *file, *format, *starts, *id; /* id: the respondent id as escaped there */
	} cases[] = {
		{ "r.html", NULL, "<!DOCTYPE html>", "r&lt;1&gt;" },
		{ "r.txt", NULL, "Security in close relationships", "r<1>" },
		{ "r.report", "md", "# Security in close relationships", "r\\<1\\>" },
		{ "r.json", NULL, "{", "\"respondent\": \"r<1>\"" },
		{ "r.pdf", NULL, "%PDF-", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool pdf = strcmp(cases[i].file, "r.pdf") == 0;
		const char *args[] = { "securebase", "--lang", "en", "assess", "--id", "r<1>",
			               "--report", cases[i].file, cases[i].format ? "--format" : NULL,
			               cases[i].format, NULL };
		sb_run_result r = S_run1(args, in.data, in.len, env, dir);
		char *path = S_path(dir, cases[i].file);
		if (pdf && !sb_format_available(SB_FORMAT_PDF)) {
			assert_int_equal(r.status, 69);
			assert_true(S_gone(path));
		} else {
			if (r.status != 0)
				fail_msg("%s: exit %d: %s", cases[i].file, r.status, r.err);
			assert_int_equal(S_mode(path), 0600);
			size_t len;
			char *data = sb_read_file(path, &len);
			assert_true(len > strlen(cases[i].starts));
			assert_memory_equal(data, cases[i].starts, strlen(cases[i].starts));
			if (cases[i].id && !sb_contains(data, cases[i].id))
				fail_msg("%s does not hold %s", cases[i].file, cases[i].id);
			free(data);
			/* The text report still goes to standard output. */
			assert_true(sb_contains(r.out, "Security in close relationships"));
		}
		free(path);
		sb_run_free(&r);
	}
	/* "-": the report JSON alone on standard output. */
	const char *args[] = { "securebase", "--lang", "en", "assess", "--report", "-", "--format",
		               "json", NULL };
	sb_run_result r = S_run1(args, in.data, in.len, env, dir);
	assert_int_equal(r.status, 0);
	json_error_t je;
	json_t *root = json_loads(r.out, 0, &je);
	if (!root)
		fail_msg("not JSON (%s): %.200s", je.text, r.out);
	assert_string_equal(json_string_value(json_object_get(root, "schema")), SB_REPORT_SCHEMA);
	assert_int_equal(json_array_size(json_object_get(root, "scales")), 6);
	json_decref(root);
	sb_run_free(&r);
	sb_buf_free(&in);
	sb_rmtree(dir);
	free(dir);
}

/* Bad lines are reported with their number and the statement asked again (exit 65 at the end);
 * the end of the input pauses (exit 0, state kept); a paused session needs --resume. */
static void test_line_mode_errors_and_pause(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, 0, NULL);
	char *state_file = S_path(dir, "state/securebase/securebase.session");
	sb_bank *b = S_bank();

	const char *args[] = { "securebase", "--lang", "en", "assess", NULL };
	const char part1[] = "4\nx\n9\n\n5\n";
	sb_run_result r = S_run1(args, part1, strlen(part1), env, dir);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.err, "securebase: line 2: 'x' is not a number. Statement 2 again: "
	                               "answer with a number from 1 to 7, or an empty line to skip."));
	assert_true(sb_contains(r.err, "securebase: line 3: '9' is out of range. Statement 2 again"));
	assert_true(sb_contains(r.err, "Paused. Your answers so far (2 of 48) are saved in"));
	assert_true(sb_contains(r.err, "assess --resume"));
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	char *st = sb_read_file(state_file, NULL);
	assert_non_null(st);
	char want[256];
	snprintf(want, sizeof want, "\nposition 3\n%s 4\n%s -\n%s 5\n%s -\n", b->items[0].id,
	         b->items[1].id, b->items[2].id, b->items[3].id);
	assert_true(sb_contains(st, want));
	assert_int_equal(S_mode(state_file), 0600);
	free(st);

	/* Without --resume a script must not silently start over. */
	r = S_run1(args, "1\n", 2, env, dir);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "add --resume"));
	sb_run_free(&r);
	assert_false(S_gone(state_file));

	/* --resume carries on from statement 4; a bad line at the end gives 65 after the report. */
	const char *resume[] = { "securebase", "--lang", "en", "assess", "--resume", NULL };
	sb_buf in = { 0 };
	for (int i = 3; i < 48; i++) {
		if (i == 10)
			sb_buf_puts(&in, "four\n");
		sb_buf_puts(&in, "6\n");
	}
	r = S_run1(resume, in.data, in.len, env, dir);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "Carrying on with the paused session at statement 4."));
	assert_true(sb_contains(r.err, "line 8: 'four' is not a number. Statement 11 again"));
	assert_true(sb_contains(r.err, "1 input line was not an answer (see above)"));
	assert_true(sb_contains(r.out, sb_text_get(&b->scales[0].name, SB_LANG_EN)));
	assert_true(S_gone(state_file));
	sb_run_free(&r);
	sb_buf_free(&in);
	sb_bank_free(b);
	free(state_file);
	sb_rmtree(dir);
	free(dir);
}

/* A state from another version of the bank (or a damaged one) is refused, clearly, and kept. */
static void test_other_version_refused_and_kept(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, 0, NULL);
	char *sdir = S_path(dir, "state");
	mkdir(sdir, 0700);
	char *sdir2 = S_path(dir, "state/securebase");
	mkdir(sdir2, 0700);
	char *state_file = S_path(dir, "state/securebase/securebase.session");
	sb_bank *b = S_bank();
	sb_buf old = { 0 };
	sb_buf_puts(&old, "securebase-session 1\nbank securebase\nversion 0.9.0\nstarted 1700000000\n"
	                  "items 48\nposition 1\n");
	for (size_t i = 0; i < b->n_items; i++)
		sb_buf_printf(&old, "%s %s\n", b->items[i].id, i == 0 ? "3" : "-");
	sb_buf_puts(&old, "end\n");
	sb_write_file(state_file, old.data, old.len);

	const char *args[] = { "securebase", "--lang", "en", "assess", "--resume", NULL };
	sb_run_result r = S_run1(args, "4\n", 2, env, dir);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "the saved session was made with version 0.9.0 of the "
	                               "question bank 'securebase'; this is version 1.0.0"));
	assert_true(sb_contains(r.err, "the file is kept as it is"));
	sb_run_free(&r);
	char *now = sb_read_file(state_file, NULL);
	assert_string_equal(now, old.data);
	free(now);

	/* Also on a terminal, where it would otherwise offer to carry on. */
	sb_assess_env_t te;
	const char *const *tenv = sb_assess_env(&te, dir, SB_ENV_HOME, NULL);
	S_pty p;
	const char *targs[] = { "--lang", "en", "assess", NULL };
	S_spawn(&p, dir, targs, tenv, 80, 24);
	assert_int_equal(S_wait(&p), 65);
	assert_true(sb_contains(p.out, "version 0.9.0"));
	assert_false(sb_contains(p.out, "1 / 48"));
	struct termios after;
	assert_int_equal(tcgetattr(p.slave, &after), 0);
	S_assert_same_termios(&after, &p.before);
	S_close(&p);

	/* A damaged state: refused with its line, kept. */
	const char damaged[] = "securebase-session 1\nbank securebase\nversion 1.0.0\nstarted x\n";
	sb_write_file(state_file, damaged, strlen(damaged));
	r = S_run1(args, "4\n", 2, env, dir);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "securebase.session:4:9: the start time must be a whole "
	                               "number of seconds"));
	assert_true(sb_contains(r.err, "The file is kept as it is"));
	sb_run_free(&r);
	now = sb_read_file(state_file, NULL);
	assert_string_equal(now, damaged);
	free(now);

	sb_buf_free(&old);
	sb_bank_free(b);
	free(state_file);
	free(sdir);
	free(sdir2);
	sb_rmtree(dir);
	free(dir);
}

/* Where the state goes without XDG_STATE_HOME: ~/.local/state/securebase, folders made 0700. */
static void test_state_under_home(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char home[1024];
	snprintf(home, sizeof home, "HOME=%s", dir);
	const char *env[] = { home, "XDG_STATE_HOME=relative/ignored", NULL };
	const char *args[] = { "securebase", "--quiet", "--lang", "en", "assess", NULL };
	/* sb_run passes our own HOME first; take it away so the child sees only the test's. */
	char *saved = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	unsetenv("HOME");
	sb_run_result r = S_run1(args, "3\n", 2, env, dir);
	if (saved) {
		setenv("HOME", saved, 1);
		free(saved);
	}
	assert_int_equal(r.status, 0);
	/* --quiet: no statements or legend, only the note about the pause. */
	assert_false(sb_contains(r.err, "1/48."));
	assert_false(sb_contains(r.err, "Answer with a number"));
	assert_true(sb_contains(r.err, "Paused. Your answers so far (1 of 48)"));
	sb_run_free(&r);
	static const char *const made[] = { ".local", ".local/state", ".local/state/securebase" };
	for (size_t i = 0; i < 3; i++) {
		char *p = S_path(dir, made[i]);
		assert_int_equal(S_mode(p), 0700);
		free(p);
	}
	char *f = S_path(dir, ".local/state/securebase/securebase.session");
	assert_int_equal(S_mode(f), 0600);
	free(f);
	sb_rmtree(dir);
	free(dir);
}

static void test_usage(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, 0, NULL);
	static const struct {
		const char *args[8];
		int status;
		const char *message;
	} cases[] = {
		{ { "securebase", "assess", "--format", "md", NULL }, 64,
		  "--format is the format of --report" },
		{ { "securebase", "assess", "--report", "out.docx", NULL }, 64,
		  "cannot tell the format from 'out.docx'" },
		{ { "securebase", "assess", "--report", "x", "--format", "rtf", NULL }, 64,
		  "--format takes text, md, html, pdf or json, not 'rtf'" },
		{ { "securebase", "assess", "--id", "a\tb", NULL }, 64, "--id takes 1 to 128 bytes" },
		{ { "securebase", "assess", "extra", NULL }, 64, "unexpected argument 'extra'" },
		{ { "securebase", "assess", "--bogus", NULL }, 64, "unknown option '--bogus'" },
		{ { "securebase", "assess", "--id", NULL }, 64, "option '--id' needs a value" },
		{ { "securebase", "assess", "--help", NULL }, 0, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sb_run_result r = S_run1(cases[i].args, "", 0, env, dir);
		if (r.status != cases[i].status ||
		    (cases[i].message && !sb_contains(r.err, cases[i].message)))
			fail_msg("case %zu: status %d, stderr: %s", i, r.status, r.err);
		if (cases[i].status == 0) {
			assert_true(sb_contains(r.out, "Usage: securebase assess"));
			assert_true(sb_contains(r.out, "Exit status:"));
		}
		sb_run_free(&r);
	}
	/* Nothing was started, so nothing was saved. */
	char *state_file = S_path(dir, "state/securebase/securebase.session");
	assert_true(S_gone(state_file));
	free(state_file);
	sb_rmtree(dir);
	free(dir);
}

/* Bank 2.0, embedded: 52 questions (4 optional safety ones, 1 to 3), and the end of assess
 * carries the safety section. */
static void test_bank2_ends_with_safety(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, 0, NULL);
	sb_buf in = { 0 };
	for (int i = 0; i < 48; i++)
		sb_buf_puts(&in, i % 3 ? "5\n" : "2\n");
	sb_buf_puts(&in, "1\n3\n1\n\n"); /* the safety items: one "yes", one skipped */
	const char *args[] = { "securebase", "--lang", "en", "assess", NULL };
	sb_run_result r = sb_run(args, in.data, in.len, env, dir);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.err, "1/52. When a partner is slow to reply"));
	assert_true(sb_contains(r.err, "52/52. "));
	/* An endorsed safety item: the section comes first in the report at the end. */
	const char *safety = strstr(r.out, "When the unease is about the relationship itself");
	const char *overview = strstr(r.out, "Overview");
	assert_non_null(safety);
	assert_non_null(overview);
	assert_true(safety < overview);
	sb_run_free(&r);
	sb_buf_free(&in);
	sb_rmtree(dir);
	free(dir);
}

/* A session paused with bank 1.x is refused by bank 2.0 with a clear message, and kept. */
static void test_bank2_refuses_v1_session(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, 0, NULL);
	char *state_file = S_path(dir, "state/securebase/securebase.session");
	const char *args[] = { "securebase", "--lang", "en", "assess", NULL };
	sb_run_result r = S_run1(args, "4\n5\n", 4, env, dir);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.err, "Paused."));
	sb_run_free(&r);
	char *before = sb_read_file(state_file, NULL);
	assert_non_null(before);
	const char *resume[] = { "securebase", "--lang", "en", "assess", "--resume", NULL };
	r = sb_run(resume, "4\n", 2, env, dir);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "the saved session was made with version 1.0.0 of the "
	                               "question bank 'securebase'; this is version 2.0.0"));
	assert_true(sb_contains(r.err, "the file is kept as it is"));
	sb_run_free(&r);
	char *after = sb_read_file(state_file, NULL);
	assert_non_null(after);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(state_file);
	sb_rmtree(dir);
	free(dir);
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_pause_resume_finish),
		cmocka_unit_test(test_end_screen_skipped),
		cmocka_unit_test(test_interrupts_restore_terminal),
		cmocka_unit_test(test_suspend_and_continue),
		cmocka_unit_test(test_narrow_and_resize),
		cmocka_unit_test(test_saved_without_asking),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_statement_visible_short_window),
		cmocka_unit_test(test_results_screen_matches_report),
		cmocka_unit_test(test_final_save_fails),
		cmocka_unit_test(test_end_offers_paths),
		cmocka_unit_test(test_end_pager_quit_default_name),
		cmocka_unit_test(test_end_interrupted_at_offers),
		cmocka_unit_test(test_ui_strings_table),
		cmocka_unit_test(test_line_mode_same_scores_as_score),
		cmocka_unit_test(test_report_formats),
		cmocka_unit_test(test_line_mode_errors_and_pause),
		cmocka_unit_test(test_bank2_ends_with_safety),
		cmocka_unit_test(test_bank2_refuses_v1_session),
		cmocka_unit_test(test_other_version_refused_and_kept),
		cmocka_unit_test(test_state_under_home),
		cmocka_unit_test(test_usage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* test_progress.c — the progress bar of `score` and `report --all` (src/cli/progress.c), through
 * a pseudo-terminal: it appears on a long run (rows fed slowly through a FIFO: a counter and a
 * rate; a regular file: a percentage, a rate and the time left), it is cleared at the end (the
 * final screen, replayed here, has no bar line), and it never appears when standard error is a
 * file, with --quiet, or with TERM=dumb. */
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

static char *S_dir;

/* One answers row (id r<k>) for every item of the embedded bank. */
static void S_row(FILE *f, size_t k)
{
	fprintf(f, "r%zu", k);
	for (size_t i = 0; i < sb_test_bank->n_items; i++)
		fprintf(f, ",%d", sb_fit_answer(i, (int)((i * 3 + k) % 7) + 1));
	fputc('\n', f);
}

static void S_header(FILE *f)
{
	fputs("id", f);
	for (size_t i = 0; i < sb_test_bank->n_items; i++)
		fprintf(f, ",%s", sb_test_bank->items[i].id);
	fputc('\n', f);
}

static void S_drain(int master, char **out, size_t *n, size_t *cap)
{
	for (;;) {
		if (*n + 4096 + 1 > *cap) {
			*cap = *cap * 2 + 8192;
			*out = realloc(*out, *cap);
			assert_non_null(*out);
		}
		ssize_t k = read(master, *out + *n, 4096);
		if (k > 0) {
			*n += (size_t)k;
			continue;
		}
		if (k < 0 && errno == EINTR)
			continue;
		break; /* EAGAIN for now, or EIO once the child has gone */
	}
	(*out)[*n] = '\0';
}

/* Runs the binary on a pseudo-terminal with environment env; standard error goes to err_file
 * instead when given. With fifo, writes the answers to it slowly (header, then 30 blocks of 40
 * rows, 50 ms apart: about 1.5 s). Returns the exit status; *shown what the terminal got. */
static int S_spawn(const char *const *argv, const char *const *env, const char *fifo,
                   const char *err_file, char **shown)
{
	int master;
	pid_t pid = forkpty(&master, NULL, NULL, NULL);
	assert_true(pid >= 0);
	if (pid == 0) {
		if (err_file) {
			int fd = open(err_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd < 0 || dup2(fd, STDERR_FILENO) < 0)
				_exit(126);
			close(fd);
		}
		execve(SB_BINARY, (char *const *)argv, (char *const *)env);
		_exit(127);
	}
	char *out = NULL;
	size_t n = 0, cap = 0;
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	if (fifo) {
		FILE *f = fopen(fifo, "w"); /* waits for the program to open it */
		assert_non_null(f);
		S_header(f);
		for (size_t block = 0; block < 30; block++) {
			for (size_t k = 0; k < 40; k++)
				S_row(f, block * 40 + k);
			fflush(f);
			S_drain(master, &out, &n, &cap);
			nanosleep(&(struct timespec){ .tv_nsec = 50 * 1000 * 1000 }, NULL);
		}
		assert_int_equal(fclose(f), 0);
	}
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) & ~O_NONBLOCK);
	S_drain(master, &out, &n, &cap);
	close(master);
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	*shown = out ? out : strdup("");
	return WEXITSTATUS(ws);
}

/* The screen's lines after the bytes (carriage return, erase to the end of the line, newline;
 * every other byte written in place), joined with '\n'. */
static char *S_screen(const char *bytes)
{
	size_t n = strlen(bytes);
	char *scr = calloc(n + 2, 1), *line = calloc(n + 2, 1);
	assert_non_null(scr);
	assert_non_null(line);
	size_t len = 0, col = 0, used = 0;
	for (size_t i = 0; i < n; i++) {
		if (bytes[i] == '\r') {
			col = 0;
		} else if (bytes[i] == '\n') {
			memcpy(scr + used, line, len);
			used += len;
			scr[used++] = '\n';
			len = col = 0;
		} else if (strncmp(bytes + i, "\033[K", 3) == 0) {
			len = col;
			i += 2;
		} else {
			line[col++] = bytes[i];
			if (col > len)
				len = col;
		}
	}
	memcpy(scr + used, line, len);
	scr[used + len] = '\0';
	free(line);
	return scr;
}

static char *S_fifo(void)
{
	char *p = sb_join(S_dir, "in.fifo");
	unlink(p);
	assert_int_equal(mkfifo(p, 0600), 0);
	return p;
}

static const char *const S_env[] = { "LC_ALL=C.UTF-8", "TERM=xterm", NULL };

/* A slow pipe: the counter and the rate, redrawn in place, then cleared. */
static void test_score_pipe_shows_and_clears(void **state)
{
	(void)state;
	char *fifo = S_fifo(), *out = sb_join(S_dir, "out.csv"), *shown;
	const char *argv[] = { "securebase", "score", fifo, "-o", out, NULL };
	assert_int_equal(S_spawn(argv, S_env, fifo, NULL, &shown), 0);
	/* drawn: "rows 440  880 rows/s  0:00", several times, each over the last */
	assert_true(sb_contains(shown, "\r\033[Krows "));
	assert_true(sb_contains(shown, " rows/s  0:0"));
	assert_false(sb_contains(shown, "%")); /* no size: no percentage */
	const char *last_bar = shown, *p;
	int draws = 0;
	while ((p = strstr(last_bar + 1, " rows/s")) != NULL) {
		last_bar = p;
		draws++;
	}
	assert_true(draws >= 3);
	/* at most ten a second: the run took under 3 s */
	assert_true(draws <= 30);
	char *scr = S_screen(shown);
	assert_false(sb_contains(scr, "rows/s"));
	assert_string_equal(scr, "securebase: 1200 rows read, 1200 scored, 0 rejected\n");
	free(scr);
	free(shown);
	free(out);
	free(fifo);
}

/* A regular file: percentage, rate and time left (report --all on one worker, which takes well
 * over half a second for 300 reports under the sanitizers). */
static void test_report_all_file(void **state)
{
	(void)state;
	char *in = sb_join(S_dir, "many.csv"), *dir = sb_join(S_dir, "reports"), *shown;
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	S_header(f);
	for (size_t k = 0; k < 300; k++)
		S_row(f, k);
	assert_int_equal(fclose(f), 0);
	const char *argv[] = { "securebase", "report", in, "--all", "--out-dir", dir, NULL };
	const char *env[] = { "LC_ALL=C.UTF-8", "TERM=xterm", "SECUREBASE_JOBS=1", NULL };
	assert_int_equal(S_spawn(argv, env, NULL, NULL, &shown), 0);
	assert_true(sb_contains(shown, "\r\033[Kreports "));
	assert_true(sb_contains(shown, "%  "));
	assert_true(sb_contains(shown, " reports/s  left "));
	char *scr = S_screen(shown);
	assert_false(sb_contains(scr, "reports/s"));
	assert_false(sb_contains(scr, "%"));
	free(scr);
	free(shown);
	sb_rmtree(dir);
	free(dir);
	free(in);
}

/* Never with standard error in a file, with --quiet, or with TERM=dumb. */
static void test_absent(void **state)
{
	(void)state;
	char *fifo = S_fifo(), *out = sb_join(S_dir, "out2.csv"), *err = sb_join(S_dir, "err.txt"),
	     *shown;
	const char *argv[] = { "securebase", "score", fifo, "-o", out, NULL };
	assert_int_equal(S_spawn(argv, S_env, fifo, err, &shown), 0);
	char *e = sb_read_file(err, NULL);
	assert_string_equal(e, "securebase: 1200 rows read, 1200 scored, 0 rejected\n");
	assert_string_equal(shown, "");
	free(e);
	free(shown);

	const char *quiet[] = { "securebase", "score", "-q", fifo, "-o", out, NULL };
	assert_int_equal(S_spawn(quiet, S_env, fifo, NULL, &shown), 0);
	assert_string_equal(shown, "");
	free(shown);

	const char *dumb[] = { "LC_ALL=C.UTF-8", "TERM=dumb", NULL };
	assert_int_equal(S_spawn(argv, dumb, fifo, NULL, &shown), 0);
	assert_false(sb_contains(shown, "rows/s"));
	assert_false(sb_contains(shown, "\033"));
	assert_true(sb_contains(shown, "securebase: 1200 rows read"));
	free(shown);
	free(err);
	free(out);
	free(fifo);
}

static int S_setup(void **state)
{
	S_dir = sb_tmpdir();
	return sb_embedded_setup(state);
}

static int S_teardown(void **state)
{
	sb_rmtree(S_dir);
	free(S_dir);
	return sb_embedded_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_pipe_shows_and_clears),
		cmocka_unit_test(test_report_all_file),
		cmocka_unit_test(test_absent),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

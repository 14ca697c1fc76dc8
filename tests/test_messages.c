/* SPDX-License-Identifier: MIT */
/* test_messages.c — errors a person reads: every line starts "securebase:", the real cause is
 * named (report's short row, with its row and column), and a command reading answers from a
 * terminal says how to give a file. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "support.h"

#define S_CSV "tests/data/report_answers.csv"

/* A copy of the fixture's header with one short row "y,1,2,3" and r01's row; caller frees. */
static char *S_short_csv(const char *dir, size_t *n_cols)
{
	char *src = sb_src_path(S_CSV);
	char *fixture = sb_read_file(src, NULL);
	free(src);
	char *nl = strchr(fixture, '\n');
	*n_cols = 1;
	for (char *p = fixture; p < nl; p++)
		*n_cols += *p == ',';
	char *second = strchr(nl + 1, '\n');
	char *path = sb_join(dir, "short.csv");
	size_t head = (size_t)(nl - fixture) + 1;
	char *body = malloc(strlen(fixture) + 64);
	memcpy(body, fixture, head);
	strcpy(body + head, "y,1,2,3\n");
	strncat(body, nl + 1, (size_t)(second - nl));
	sb_write_file(path, body, strlen(body));
	free(body);
	free(fixture);
	return path;
}

/* report --id on a short row names the row, the column and the reason, as score does. */
static void test_report_short_row(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	size_t n_cols;
	char *csv = S_short_csv(dir, &n_cols);
	const char *argv[] = { "securebase", "--lang", "en", "report", csv, "--id", "y", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	char want[1024];
	snprintf(want, sizeof want,
	         "securebase: %s:2:5: hurt01: the row has 4 fields, the header %zu\n"
	         "securebase: the row with id 'y' could not be scored (row 2, column 5: the row has "
	         "4 fields, the header %zu)\n",
	         csv, n_cols, n_cols);
	assert_string_equal(r.err, want);
	assert_false(sb_contains(r.err, "no respondent"));
	assert_string_equal(r.out, "");
	sb_run_free(&r);
	/* The same row in score. */
	const char *argv2[] = { "securebase", "--lang", "en", "score", csv, NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	snprintf(want, sizeof want, "securebase: %s:2:5: hurt01: the row has 4 fields, the header %zu\n",
	         csv, n_cols);
	assert_true(strncmp(r.err, want, strlen(want)) == 0);
	sb_run_free(&r);
	/* compare: the short row is the one asked for, not "no row with id". */
	const char *argv3[] = { "securebase", "--lang", "en", "compare", csv, "--ids", "y,r01",
		                "--consent", NULL };
	r = sb_run(argv3, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, want));
	assert_true(sb_contains(r.err, "securebase: the row with id 'y' in "));
	assert_false(sb_contains(r.err, "no row with id"));
	sb_run_free(&r);
	free(csv);
	sb_rmtree(dir);
	free(dir);
}

/* Every line on standard error starts "securebase:" (a usage error's "Try ..." line aside). */
static void S_all_prefixed(const char *const *argv, int status)
{
	sb_run_result r = sb_run(argv, NULL, 0, NULL, SB_SOURCE_DIR);
	if (r.status != status)
		fail_msg("%s: exit %d, not %d: %s", argv[1], r.status, status, r.err);
	assert_true(r.err_len > 0);
	for (const char *line = r.err; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (strncmp(line, "securebase: ", 12) != 0 && strncmp(line, "Try 'securebase", 15) != 0)
			fail_msg("%s: a line without the prefix: %.*s", argv[1], (int)len, line);
		line += len + (nl != NULL);
	}
	sb_run_free(&r);
}

static void test_every_line_prefixed(void **state)
{
	(void)state;
	S_all_prefixed((const char *[]){ "securebase", "score", "nosuch.csv", NULL }, 66);
	S_all_prefixed((const char *[]){ "securebase", "report", "nosuch.csv", "--id", "x", NULL },
	               66);
	S_all_prefixed((const char *[]){ "securebase", "compare", "nosuch.csv", "--ids", "a,b",
	                                 "--consent", NULL }, 66);
	S_all_prefixed((const char *[]){ "securebase", "validate", "nosuch.yaml", NULL }, 66);
	S_all_prefixed((const char *[]){ "securebase", "score", S_CSV, NULL }, 65);
	S_all_prefixed((const char *[]){ "securebase", "report", S_CSV, "--id", "nobody", NULL }, 65);
	S_all_prefixed((const char *[]){ "securebase", "form", "-o", "/nonexistent/dir/f.txt", NULL },
	               73);
	S_all_prefixed((const char *[]){ "securebase", "report", S_CSV, "--id", "r01", "-o", "r.pdf",
	                                 "--format", "md", NULL }, 64);
	S_all_prefixed((const char *[]){ "securebase", "--bank", "tests/banks/bad/band-gap.yaml",
	                                 "template", NULL }, 65);
}

/* Runs argv with a pseudo-terminal as standard input, output and error; waits for `until` to
 * appear, then types Ctrl-D; returns the exit status and everything shown (caller frees). */
static int S_pty_then_eof(char *const argv[], const char *until, char **shown)
{
	int master;
	pid_t pid = sb_pty_spawn(argv, &master);
	size_t cap = 65536, n = 0;
	char *out = calloc(1, cap);
	int sent = 0, quiet = 0;
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		int ready = poll(&p, 1, sb_valgrind() ? 20000 : 2000);
		if (ready == 0) {
			/* A Ctrl-D typed before the program reads may be taken as the end of a read
			 * that had nothing yet: type it again, as a person would. */
			assert_true(sent > 0 && sent < 5 && quiet++ < 15);
			assert_int_equal(write(master, "\x04", 1), 1);
			sent++;
			continue;
		}
		ssize_t k = read(master, out + n, cap - 1 - n);
		if (k > 0)
			n += (size_t)k;
		else if (k < 0 && errno == EINTR)
			continue;
		else
			break; /* EIO once the child has gone */
		out[n] = '\0';
		assert_true(n + 1 < cap);
		if (!sent && strstr(out, until)) {
			assert_int_equal(write(master, "\x04", 1), 1);
			sent = 1;
		}
	}
	out[n] = '\0';
	close(master);
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	*shown = out;
	return WEXITSTATUS(ws);
}

/* `score` with no file at a terminal says once how to give one, then ends at Ctrl-D; in
 * Chinese too; not at all from a pipe. */
static void test_terminal_input_note(void **state)
{
	(void)state;
	static const char en[] = "securebase: reading answers from the terminal; give a file, or end "
	                         "with Ctrl-D";
	static const char zh[] = "securebase：正在从终端读取答案；请给出一个文件，或按 Ctrl-D 结束";
	char *shown;
	int st = S_pty_then_eof((char *const[]){ SB_BINARY, "--lang", "en", "score", NULL },
	                        "Ctrl-D", &shown);
	const char *at = strstr(shown, en);
	if (!at)
		fail_msg("no note: %s", shown);
	assert_null(strstr(at + 1, en)); /* once */
	assert_int_equal(st, 0);         /* nothing to score: the header and a summary */
	assert_true(sb_contains(shown, "securebase: 0 rows read, 0 scored, 0 rejected"));
	free(shown);
	st = S_pty_then_eof((char *const[]){ SB_BINARY, "--lang", "zh", "report", "-", "--id", "x",
	                                     NULL },
	                    "Ctrl-D", &shown);
	if (!strstr(shown, zh))
		fail_msg("no note in Chinese: %s", shown);
	assert_int_equal(st, 65); /* no respondent 'x' in nothing */
	free(shown);
	/* From a pipe: no note. */
	const char *argv[] = { "securebase", "--lang", "en", "score", NULL };
	sb_run_result r = sb_run(argv, "", 0, NULL, NULL);
	assert_false(sb_contains(r.err, "from the terminal"));
	sb_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_short_row),
		cmocka_unit_test(test_every_line_prefixed),
		cmocka_unit_test(test_terminal_input_note),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

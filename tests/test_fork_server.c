/* SPDX-License-Identifier: MIT */
/* test_fork_server.c — the test-only fork server behind sb_run (tests/support.c, src/cli/main.c;
 * issue 17) keeps the tests honest: a run through it gives the exit status, standard output and
 * standard error, byte for byte, and the files, that the same run gives from a fresh exec of the
 * binary, for runs that read standard input, write to a terminal, to a full disk or to a file,
 * depend on the folder, the umask, the environment or the language, fail with a usage error, or
 * are killed by the time limit. (LeakSanitizer still checks each forked run at its exit: a leak
 * made on purpose in `--version` gave exit 1 and the same leak report both ways, docs/testing.md.) */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static char *S_dir;

/* o run twice, exec'd then served; both results in r[0] and r[1]. */
static void S_both(const sb_run_opts *o, sb_run_result r[2])
{
	assert_int_equal(setenv("SB_FORK_SERVER", "0", 1), 0);
	unsigned long served = sb_runs_served();
	r[0] = sb_run_ex(o);
	assert_int_equal(sb_runs_served(), served);
	assert_int_equal(unsetenv("SB_FORK_SERVER"), 0);
	r[1] = sb_run_ex(o);
	assert_int_equal(sb_runs_served(), served + 1);
}

static void S_assert_same(sb_run_result r[2], const char *what)
{
	if (r[0].status != r[1].status || r[0].out_len != r[1].out_len ||
	    r[0].err_len != r[1].err_len || memcmp(r[0].out, r[1].out, r[0].out_len) != 0 ||
	    memcmp(r[0].err, r[1].err, r[0].err_len) != 0)
		fail_msg("%s: exec'd: exit %d, %zu bytes out, stderr '%s'; served: exit %d, %zu bytes "
		         "out, stderr '%s'", what, r[0].status, r[0].out_len, r[0].err, r[1].status,
		         r[1].out_len, r[1].err);
	sb_run_free(&r[0]);
	sb_run_free(&r[1]);
}

static void test_same_results(void **state)
{
	(void)state;
	char *care = sb_src_path("tests/data/care_answers.csv");
	size_t len;
	char *answers = sb_read_file(care, &len);
	assert_non_null(answers);
	const char *lang_zh[] = { "LANG=zh_CN.UTF-8", NULL };
	const char *no_color[] = { "NO_COLOR=1", NULL };
	struct {
		const char *what;
		const char *argv[10];
		int stdin_csv, tty, full;
		const char *const *env;
		int status; /* what the run itself must give, both ways */
	} runs[] = {
		{ "--version", { "securebase", "--version" }, 0, 0, 0, NULL, 0 },
		{ "no command", { "securebase" }, 0, 0, 0, NULL, 64 },
		{ "unknown option", { "securebase", "--nosuch" }, 0, 0, 0, NULL, 64 },
		{ "missing file", { "securebase", "score", "/nonexistent/a.csv" }, 0, 0, 0, NULL, 66 },
		{ "score from stdin", { "securebase", "score", "-" }, 1, 0, 0, NULL, 0 },
		{ "score, zh from LANG", { "securebase", "score", "-" }, 1, 0, 0, lang_zh, 0 },
		{ "report on a terminal", { "securebase", "report", care, "--id", "all7" }, 0, 1, 0,
		  NULL, 0 },
		{ "report, NO_COLOR", { "securebase", "report", care, "--id", "all7" }, 0, 1, 0,
		  no_color, 0 },
		{ "report to a full disk", { "securebase", "report", care, "--id", "all7" }, 0, 0, 1,
		  NULL, 74 },
		{ "assess in line mode", { "securebase", "assess", "--id", "x" }, 0, 0, 0, NULL, -1 },
	};
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		char state_env[4200];
		snprintf(state_env, sizeof state_env, "XDG_STATE_HOME=%s/state%zu", S_dir, i);
		const char *env[4] = { state_env };
		for (size_t k = 0; runs[i].env && runs[i].env[k]; k++)
			env[1 + k] = runs[i].env[k];
		sb_run_opts o = {
			.argv = runs[i].argv, .env = env, .stdout_tty = runs[i].tty,
			.stdin_data = runs[i].stdin_csv ? answers : NULL,
			.stdin_len = runs[i].stdin_csv ? len : 0,
			.stdout_path = runs[i].full ? "/dev/full" : NULL,
		};
		sb_run_result r[2];
		S_both(&o, r);
		if (runs[i].status >= 0 && r[0].status != runs[i].status)
			fail_msg("%s: exit %d, not %d: %s", runs[i].what, r[0].status, runs[i].status,
			         r[0].err);
		S_assert_same(r, runs[i].what);
	}
	free(answers);
	free(care);
}

/* A relative output path lands in the run's folder, made with the run's umask: the same file,
 * the same bytes and mode, both ways; a folder made under umask 0377 has mode 0400 both ways. */
static void test_folder_and_umask(void **state)
{
	(void)state;
	char *care = sb_src_path("tests/data/care_answers.csv");
	for (int way = 0; way < 2; way++) {
		char name[16];
		snprintf(name, sizeof name, "w%d", way);
		char *dir = sb_join(S_dir, name);
		assert_int_equal(mkdir(dir, 0700), 0);
		const char *argv[] = { "securebase", "-q", "score", care, "-o", "scores.csv", NULL };
		sb_run_opts o = { .argv = argv, .cwd = dir };
		assert_int_equal(setenv("SB_FORK_SERVER", way ? "1" : "0", 1), 0);
		sb_run_result r = sb_run_ex(&o);
		assert_int_equal(r.status, 0);
		sb_run_free(&r);
		free(dir);
	}
	char *a = sb_join(S_dir, "w0/scores.csv"), *b = sb_join(S_dir, "w1/scores.csv");
	size_t la, lb;
	char *ta = sb_read_file(a, &la), *tb = sb_read_file(b, &lb);
	assert_non_null(ta);
	assert_non_null(tb);
	assert_int_equal(la, lb);
	assert_memory_equal(ta, tb, la);
	struct stat sa, sb;
	assert_int_equal(stat(a, &sa), 0);
	assert_int_equal(stat(b, &sb), 0);
	assert_int_equal(sa.st_mode, sb.st_mode);
	free(ta);
	free(tb);
	free(a);
	free(b);

	/* the folder made under umask 0377: 0400 both ways, and so are the reports in it (the
	 * reports are written, or refused, the same way: the messages name the folder as given) */
	mode_t old = umask(0377);
	sb_run_result r[2];
	for (int way = 0; way < 2; way++) {
		char name[16];
		snprintf(name, sizeof name, "w%d", way);
		char *dir = sb_join(S_dir, name);
		const char *argv[] = { "securebase", "--lang", "en", "report", care, "--all",
			               "--out-dir", "od", NULL };
		sb_run_opts o = { .argv = argv, .cwd = dir };
		assert_int_equal(setenv("SB_FORK_SERVER", way ? "1" : "0", 1), 0);
		r[way] = sb_run_ex(&o);
		free(dir);
	}
	umask(old);
	S_assert_same(r, "report --all under umask 0377");
	for (int way = 0; way < 2; way++) {
		char name[32];
		snprintf(name, sizeof name, "w%d/od", way);
		char *od = sb_join(S_dir, name);
		struct stat st;
		assert_int_equal(stat(od, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0400);
		assert_int_equal(chmod(od, 0700), 0);
		free(od);
	}
	assert_int_equal(unsetenv("SB_FORK_SERVER"), 0);
	free(care);
}

/* A run past its time limit is killed and reported so, through the server as from an exec: a
 * FIFO that nobody writes keeps `score` waiting. */
static void test_time_limit(void **state)
{
	(void)state;
	char *fifo = sb_join(S_dir, "fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	const char *argv[] = { "securebase", "score", fifo, NULL };
	sb_run_opts o = { .argv = argv, .timeout = 1 };
	sb_run_result r[2];
	S_both(&o, r);
	for (int k = 0; k < 2; k++) {
		assert_true(r[k].timed_out);
		assert_int_equal(r[k].status, 128 + SIGKILL);
	}
	S_assert_same(r, "score on a silent FIFO, killed");
	free(fifo);
}

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	return 0;
}

int main(void)
{
	if (sb_valgrind()) {
		puts("skipped under valgrind: sb_run does not use the fork server there");
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_results),
		cmocka_unit_test(test_folder_and_umask),
		cmocka_unit_test(test_time_limit),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

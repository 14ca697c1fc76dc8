/* SPDX-License-Identifier: MIT */
/* test_score_memory.c — `score` keeps its peak resident memory (what `/usr/bin/time -f %M`
 * reports: the child's ru_maxrss) at most 16 MiB on 200,000 rows, with two threads, one thread
 * and --no-duplicate-check, and the scores are all written. The figure is the allocator's and
 * the program's, so it means nothing under a sanitiser or valgrind (their allocators and shadow
 * memory): there the test only checks the output and says it skipped the figure. Regression it
 * guards: the PDF heap set-up (huge pages on the heap) applied to every command, which put
 * `score` at 19-21 MiB. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#define S_ROWS 200000L
#define S_LIMIT_KIB 16384L

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define S_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define S_SANITIZED 1
#endif
#endif
#ifndef S_SANITIZED
#define S_SANITIZED 0
#endif

static char *S_dir, *S_in, *S_out;

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	S_in = sb_join(S_dir, "a.csv");
	S_out = sb_join(S_dir, "s.csv");
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result t = sb_run(argv, NULL, 0, NULL, NULL);
	if (t.status != 0)
		return -1;
	size_t n_items = 0;
	for (const char *p = t.out; *p && *p != '\n'; p++)
		n_items += *p == ',';
	FILE *f = fopen(S_in, "w");
	if (!f)
		return -1;
	fputs(t.out, f); /* the header line */
	for (long r = 1; r <= S_ROWS; r++) {
		fprintf(f, "p%07ld", r % 1000 ? r : r / 1000); /* some repeated ids too */
		for (size_t i = 0; i < n_items; i++)
			fprintf(f, ",%d", sb_fit_answer(i, (int)((r * 7 + (long)i * 3) % 5) + 1));
		fputc('\n', f);
	}
	sb_run_free(&t);
	return fclose(f) == 0 ? 0 : -1;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	free(S_in);
	free(S_out);
	return 0;
}

/* Runs `securebase -q score IN -o OUT [flag]` with SECUREBASE_THREADS=threads (NULL: unset);
 * returns its peak RSS in KiB; *status its exit status. */
static long S_score_rss(const char *threads, const char *flag, int *status)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (threads)
			setenv("SECUREBASE_THREADS", threads, 1);
		else
			unsetenv("SECUREBASE_THREADS");
		int null = open("/dev/null", O_WRONLY);
		if (null < 0 || dup2(null, STDERR_FILENO) < 0) /* the 200 repeated-id warnings */
			_exit(126);
		execl(SB_BINARY, SB_BINARY, "-q", "score", S_in, "-o", S_out, flag, (char *)NULL);
		_exit(127);
	}
	int st;
	struct rusage ru;
	assert_int_equal(wait4(pid, &st, 0, &ru), pid);
	assert_true(WIFEXITED(st));
	*status = WEXITSTATUS(st);
	return ru.ru_maxrss;
}

static void S_check(const char *threads, const char *flag)
{
	int status;
	long kib = S_score_rss(threads, flag, &status);
	/* exit 0: repeated ids are warnings, every row is scored */
	assert_int_equal(status, 0);
	size_t len;
	char *out = sb_read_file(S_out, &len);
	long lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += out[i] == '\n';
	assert_int_equal(lines, S_ROWS + 1);
	assert_true(strncmp(out, "id,", 3) == 0);
	free(out);
	if (S_SANITIZED || sb_valgrind()) {
		printf("peak RSS %ld KiB (threads %s%s%s): not checked under a sanitiser or valgrind\n",
		       kib, threads ? threads : "2", flag ? ", " : "", flag ? flag : "");
		return;
	}
	printf("peak RSS %ld KiB (threads %s%s%s)\n", kib, threads ? threads : "2",
	       flag ? ", " : "", flag ? flag : "");
	assert_true(kib > 0);
	assert_true(kib <= S_LIMIT_KIB);
}

static void test_two_threads(void **state)
{
	(void)state;
	S_check(NULL, NULL);
}

static void test_one_thread(void **state)
{
	(void)state;
	S_check("1", NULL);
}

static void test_no_duplicate_check(void **state)
{
	(void)state;
	S_check(NULL, "--no-duplicate-check");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_threads),
		cmocka_unit_test(test_one_thread),
		cmocka_unit_test(test_no_duplicate_check),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

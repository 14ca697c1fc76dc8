/* SPDX-License-Identifier: MIT */
/* test_score_scale.c — `score` at scale: the bounded repeated-id check through the binary (the
 * same messages whether the ids stay in memory or go to sorted runs on disk); --no-duplicate-check
 * (the same scores, no id messages); and `score` as a live filter on a slow pipe (each scored row
 * comes out before the next row goes in). Column names come from `securebase template`, so the
 * tests follow the bank. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

static char *S_dir;
static char S_head[512]; /* "id" and the bank's first 8 items, comma-separated, no newline */

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	size_t n = 0;
	for (int commas = 0; n < r.out_len && n < sizeof S_head - 1 && r.out[n] != '\n'; n++)
		if (r.out[n] == ',' && ++commas == 9)
			break;
	memcpy(S_head, r.out, n);
	S_head[n] = '\0';
	sb_run_free(&r);
	return S_dir && n > 3 ? 0 : -1;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	return 0;
}

/* n rows, ids r<i % distinct>, answers that vary. */
static char *S_input(const char *name, int n, int distinct)
{
	char *in = sb_join(S_dir, name);
	FILE *fp = fopen(in, "w");
	assert_non_null(fp);
	fprintf(fp, "%s\n", S_head);
	for (int i = 0; i < n; i++)
		fprintf(fp, "r%d,%d,%d,%d,%d,,%d,%d,%d\n", (i * 7919) % distinct, 1 + i % 7, 1 + i % 5,
		        1 + i % 3, 6, 5, 4, 1 + i % 2);
	fclose(fp);
	return in;
}

static void test_repeats_from_disk_runs(void **state)
{
	(void)state;
	char *in = S_input("rep.csv", 8000, 3000);
	const char *argv[] = { "securebase", "score", "--allow-missing-items", in, NULL };
	const char *small[] = { "SECUREBASE_ID_BUDGET=1024", NULL };
	sb_run_result r1 = sb_run(argv, NULL, 0, NULL, NULL);
	sb_run_result r2 = sb_run(argv, NULL, 0, small, NULL);
	assert_int_equal(r1.status, 0);
	assert_int_equal(r2.status, 0);
	assert_int_equal(r1.out_len, r2.out_len);
	assert_memory_equal(r1.out, r2.out, r1.out_len);
	assert_string_equal(r1.err, r2.err);
	assert_true(sb_contains(r1.err, "8000 rows read, 8000 scored, 0 rejected; repeated ids: 5000\n"));
	/* row 2 holds r0 (i = 0); i = 3000 gives r0 again, on row 3002 */
	assert_true(sb_contains(r1.err, ":3002: id 'r0' repeats the id of row 2\n"));
	/* the messages come in row order */
	const char *a = strstr(r1.err, ":3002: "), *b = strstr(r1.err, ":3003: ");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	sb_run_free(&r1);
	sb_run_free(&r2);
	free(in);
}

static void test_no_duplicate_check(void **state)
{
	(void)state;
	char *in = S_input("nodup.csv", 500, 100);
	const char *argv1[] = { "securebase", "score", "--allow-missing-items", in, NULL };
	const char *argv2[] = { "securebase", "score", "--no-duplicate-check", "--allow-missing-items", in, NULL };
	sb_run_result r1 = sb_run(argv1, NULL, 0, NULL, NULL);
	sb_run_result r2 = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r1.status, 0);
	assert_int_equal(r2.status, 0);
	assert_int_equal(r1.out_len, r2.out_len);
	assert_memory_equal(r1.out, r2.out, r1.out_len);
	assert_true(sb_contains(r1.err, "repeated ids: 400\n"));
	assert_false(sb_contains(r2.err, "repeat"));
	assert_true(sb_contains(r2.err, "securebase: 500 rows read, 500 scored, 0 rejected\n"));
	sb_run_free(&r1);
	sb_run_free(&r2);
	free(in);
}

/* Reads from fd until buf holds n lines (or 20 s pass); the bytes read. */
static size_t S_read_lines(int fd, char *buf, size_t size, size_t len, int n)
{
	for (int waited = 0; waited < 200;) {
		int lines = 0;
		for (size_t i = 0; i < len; i++)
			lines += buf[i] == '\n';
		if (lines >= n)
			break;
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		int p = poll(&pf, 1, 100);
		if (p == 0) {
			waited++;
			continue;
		}
		ssize_t got = read(fd, buf + len, size - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	buf[len] = '\0';
	return len;
}

static void test_live_filter(void **state)
{
	(void)state;
	int in[2], out[2];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	signal(SIGPIPE, SIG_IGN);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl(SB_BINARY, "securebase", "-q", "score", "--allow-missing-items", "-", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	char buf[8192];
	size_t len = 0;
	char line[600];
	int n = snprintf(line, sizeof line, "%s\n", S_head);
	assert_int_equal(write(in[1], line, (size_t)n), n);
	/* three rows, one at a time: each scored row must come back while the input stays open */
	for (int row = 1; row <= 3; row++) {
		n = snprintf(line, sizeof line, "live%d,%d,2,3,4,5,6,7,1\n", row, row);
		assert_int_equal(write(in[1], line, (size_t)n), n);
		len = S_read_lines(out[0], buf, sizeof buf, len, 1 + row);
		char want[32];
		snprintf(want, sizeof want, "\nlive%d,", row);
		if (!sb_contains(buf, want))
			fail_msg("row %d did not come out before the next went in; output so far:\n%s", row,
			         buf);
	}
	close(in[1]);
	len = S_read_lines(out[0], buf, sizeof buf, len, 1000);
	close(out[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(strncmp(buf, "id,", 3) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeats_from_disk_runs),
		cmocka_unit_test(test_no_duplicate_check),
		cmocka_unit_test(test_live_filter),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

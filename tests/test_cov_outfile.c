/* SPDX-License-Identifier: MIT */
/* test_cov_outfile.c — output files in process (src/data/outfile.c): names of descriptors we
 * already hold (/dev/fd/N, /proc/self/fd/N, /proc/PID/fd/N, through relative and absolute links)
 * written at their offset; the names that only look like one; descriptors and paths that cannot
 * be written (read-only, a folder, a socket, a loop of links, a name too long); write failures
 * remembered across buffered, large and flushed writes; more outputs open than the signal table
 * holds; signals the program already handles left alone. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "support.h"

#include "data/outfile.h"

static void S_on_hup(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)si, (void)ctx;
}

/* Runs first: the handlers are installed at the first output file. A signal the program
 * ignores stays ignored and one it handles keeps its handler; the others get the cleanup. */
static void test_signals_of_the_program_kept(void **state)
{
	(void)state;
	struct sigaction ign = { .sa_handler = SIG_IGN }, mine = { .sa_sigaction = S_on_hup,
	                                                         .sa_flags = SA_SIGINFO };
	struct sigaction old_pipe, old_hup, now;
	sigemptyset(&ign.sa_mask);
	sigemptyset(&mine.sa_mask);
	assert_int_equal(sigaction(SIGPIPE, &ign, &old_pipe), 0);
	assert_int_equal(sigaction(SIGHUP, &mine, &old_hup), 0);
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "a.csv");
	sb_diags d = { 0 };
	assert_int_equal(sb_out_save(path, "x\n", 2, &d), SB_OK);
	assert_int_equal(sigaction(SIGPIPE, NULL, &now), 0);
	assert_true(now.sa_handler == SIG_IGN);
	assert_int_equal(sigaction(SIGHUP, NULL, &now), 0);
	assert_true((now.sa_flags & SA_SIGINFO) && now.sa_sigaction == S_on_hup);
	assert_int_equal(sigaction(SIGTERM, NULL, &now), 0);
	assert_true(now.sa_handler != SIG_DFL && now.sa_handler != SIG_IGN);
	sigaction(SIGPIPE, &old_pipe, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sb_rmtree(dir);
	free(path);
	free(dir);
}

/* Writes "new" through name and commits. */
static sb_status S_save(const char *name, sb_diags *d)
{
	return sb_out_save(name, "new", 3, d);
}

/* A file opened for appending, named by each form of descriptor name (and through a relative
 * link to one, and an absolute link to that link): written at its end, never replaced. */
static void test_descriptor_names(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "log.txt");
	sb_write_file(path, "old\n", 4);
	int fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 3);
	char names[4][PATH_MAX];
	snprintf(names[0], sizeof names[0], "/dev/fd/%d", fd);
	snprintf(names[1], sizeof names[1], "/proc/self/fd/%d", fd);
	snprintf(names[2], sizeof names[2], "/proc/%ld/fd/%d", (long)getpid(), fd);
	/* rel -> ./abs (relative, resolved in the link's folder) -> /dev/fd/N (absolute) */
	char *abs = sb_join(dir, "abs"), *rel = sb_join(dir, "rel");
	assert_int_equal(symlink(names[0], abs), 0);
	assert_int_equal(symlink("abs", rel), 0);
	snprintf(names[3], sizeof names[3], "%s", rel);
	for (int i = 0; i < 4; i++) {
		sb_diags d = { 0 };
		assert_int_equal(S_save(names[i], &d), SB_OK);
		assert_int_equal(d.n, 0);
	}
	close(fd);
	char *s = sb_read_file(path, NULL);
	assert_string_equal(s, "old\nnewnewnewnew");
	free(s);
	/* The links are still links: nothing was renamed over them. */
	struct stat st;
	assert_int_equal(lstat(rel, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	sb_rmtree(dir);
	free(abs), free(rel), free(path), free(dir);
}

/* A pipe, a socket and /dev/null held open are written directly. */
static void test_descriptor_kinds(void **state)
{
	(void)state;
	int p[2], sv[2];
	assert_int_equal(pipe(p), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	int null = open("/dev/null", O_WRONLY);
	assert_true(null >= 0);
	const int fds[] = { p[1], sv[0], null };
	for (int i = 0; i < 3; i++) {
		char name[64];
		snprintf(name, sizeof name, "/dev/fd/%d", fds[i]);
		sb_diags d = { 0 };
		assert_int_equal(S_save(name, &d), SB_OK);
	}
	char got[8] = { 0 };
	assert_int_equal(read(p[0], got, sizeof got), 3);
	assert_string_equal(got, "new");
	memset(got, 0, sizeof got);
	assert_int_equal(read(sv[1], got, sizeof got), 3);
	assert_string_equal(got, "new");
	close(p[0]), close(p[1]), close(sv[0]), close(sv[1]), close(null);
}

static void S_refused(const char *name, const char *why)
{
	sb_diags d = { 0 };
	sb_outfile *f = NULL;
	assert_int_not_equal(sb_out_open(name, &f, &d), SB_OK);
	assert_null(f);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, name);
	if (!sb_contains(d.v[0].message, why))
		fail_msg("%s: \"%s\" does not say \"%s\"", name, d.v[0].message, why);
	sb_diags_free(&d);
}

/* What cannot be written is refused with the reason, naming the path as given. */
static void test_refused(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char name[PATH_MAX + 64];
	/* a descriptor open only for reading */
	int ro = open("/dev/null", O_RDONLY);
	snprintf(name, sizeof name, "/dev/fd/%d", ro);
	S_refused(name, "cannot open for writing: Bad file descriptor");
	close(ro);
	/* a folder held open, and a folder named directly */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	snprintf(name, sizeof name, "/proc/self/fd/%d", dfd);
	S_refused(name, "cannot write: it is a folder");
	close(dfd);
	S_refused(dir, "cannot write: it is a folder");
	/* a socket file (nothing can open it) */
	char *sock = sb_join(dir, "sock");
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
	S_refused(sock, "cannot open for writing: No such device or address");
	close(s);
	/* names that only look like descriptors, or name none open: no temporary file can be made
	 * in /dev/fd or /proc/self/fd */
	const char *fake[] = { "/dev/fd/-1", "/dev/fd/x", "/dev/fd/1x", "/proc/self/fd/99999999999",
	                       "/dev/fd/987" };
	for (size_t i = 0; i < sizeof fake / sizeof fake[0]; i++)
		S_refused(fake[i], "cannot create: ");
	S_refused("/dev/fd/", "cannot write: it is a folder");
	/* a name longer than PATH_MAX */
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	S_refused(name, "cannot create: File name too long");
	/* a loop of links: not followed forever, and the link itself is replaced */
	char *a = sb_join(dir, "a"), *b = sb_join(dir, "b");
	assert_int_equal(symlink("b", a), 0);
	assert_int_equal(symlink("a", b), 0);
	sb_diags d = { 0 };
	assert_int_equal(S_save(a, &d), SB_OK);
	char *got = sb_read_file(a, NULL);
	assert_string_equal(got, "new");
	free(got);
	sb_rmtree(dir);
	free(a), free(b), free(sock), free(dir);
}

/* Another user's FIFO is never written (root only: the test makes one and gives it away). */
static void test_foreign_fifo(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	char *dir = sb_tmpdir();
	char *fifo = sb_join(dir, "fifo");
	assert_int_equal(mkfifo(fifo, 0666), 0);
	assert_int_equal(chown(fifo, 4242, 4242), 0);
	S_refused(fifo, "cannot write: it belongs to another user");
	int fd = open(fifo, O_RDWR); /* O_RDWR: no reader needed */
	char name[64];
	snprintf(name, sizeof name, "/dev/fd/%d", fd);
	S_refused(name, "cannot write: it belongs to another user");
	close(fd);
	sb_rmtree(dir);
	free(fifo), free(dir);
}

/* A write that fails is remembered: later writes (small, large and flushed) add nothing, and
 * the commit reports it (EIO when the failure left no errno) and keeps the old file. */
static void test_write_failure_remembered(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "out.csv");
	sb_write_file(path, "old\n", 4);
	size_t big = 300 * 1024;
	char *blob = malloc(big);
	memset(blob, 'z', big);
	for (int k = 0; k < 3; k++) {
		sb_diags d = { 0 };
		sb_outfile *f;
		assert_int_equal(sb_out_open(path, &f, &d), SB_OK);
		sb_out_puts(f, "head\n");
		sb_io_inject(SB_IO_WRITE, 1, k == 0 ? 0 : EFBIG);
		if (k == 1)
			sb_out_write(f, blob, big); /* flushes "head", fails, and skips the blob */
		else
			sb_out_flush(f);
		sb_io_inject(SB_IO_WRITE, 0, 0);
		sb_out_puts(f, "more\n");
		sb_out_write(f, blob, big);
		sb_out_flush(f);
		sb_io_inject(SB_IO_CLOSE, 1, EBADF); /* a second failure is not reported */
		assert_int_equal(sb_out_commit(f, &d), SB_ERR_IO);
		sb_io_inject(SB_IO_CLOSE, 0, 0);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.v[0].message, k == 0 ? "write failed: Input/output error"
		                                           : "write failed: File too large");
		sb_diags_free(&d);
		char *s = sb_read_file(path, NULL);
		assert_string_equal(s, "old\n");
		free(s);
	}
	free(blob);
	sb_rmtree(dir);
	free(path), free(dir);
}

/* A large output is flushed to the disk in the background while it is written (every 16 MiB):
 * the file comes out whole; a background flush that fails is reported by the commit, which
 * keeps the old file; a failed final fsync is reported as before. */
static void test_background_flush(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "out.csv");
	size_t chunk = 1000 * 1000;
	char *blob = malloc(chunk);
	for (int k = 0; k < 3; k++) {
		/* 40 MB in writes of 1 MB: one or two background flushes (the second starts only if
		 * the first is done by then); 20 MB: exactly one, so the commit's fsync is the second */
		size_t n = k == 2 ? 20 : 40;
		sb_write_file(path, "old\n", 4);
		sb_diags d = { 0 };
		sb_outfile *f;
		assert_int_equal(sb_out_open(path, &f, &d), SB_OK);
		/* k = 1: the first background flush fails; k = 2: the commit's fsync */
		if (k)
			sb_io_inject(SB_IO_FSYNC, (unsigned long)k, EIO);
		for (size_t i = 0; i < n; i++) {
			memset(blob, 'a' + (int)(i % 26), chunk);
			sb_out_write(f, blob, chunk);
		}
		sb_status st = sb_out_commit(f, &d);
		sb_io_inject(SB_IO_FSYNC, 0, 0);
		size_t len = 0;
		char *s = sb_read_file(path, &len);
		if (k == 0) {
			assert_int_equal(st, SB_OK);
			assert_int_equal(d.n, 0);
			assert_int_equal(len, n * chunk);
			for (size_t i = 0; i < n; i++) /* each megabyte holds its own letter */
				assert_true(s[i * chunk] == 'a' + (int)(i % 26) &&
				            s[i * chunk + chunk - 1] == 'a' + (int)(i % 26));
		} else {
			assert_int_equal(st, SB_ERR_IO);
			assert_int_equal(d.n, 1);
			assert_string_equal(d.v[0].message, "write failed: Input/output error");
			assert_string_equal(s, "old\n");
		}
		free(s);
		sb_diags_free(&d);
		assert_int_equal(sb_count_entries(dir), 1); /* no temporary file left beside it */
	}
	free(blob);
	sb_rmtree(dir);
	free(path), free(dir);
}

/* A write interrupted by a signal is retried: the file is whole and nothing is reported (the
 * seam fails the k-th write once with EINTR; before, it failed every retry too and hung). */
static void test_write_interrupted(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "out.csv");
	sb_diags d = { 0 };
	sb_outfile *f;
	assert_int_equal(sb_out_open(path, &f, &d), SB_OK);
	sb_out_puts(f, "a,b\n");
	sb_io_inject(SB_IO_WRITE, 1, EINTR);
	sb_out_flush(f);
	sb_out_puts(f, "1,2\n");
	assert_int_equal(sb_out_commit(f, &d), SB_OK);
	sb_io_inject(SB_IO_WRITE, 0, 0);
	assert_int_equal(d.n, 0);
	char *s = sb_read_file(path, NULL);
	assert_string_equal(s, "a,b\n1,2\n");
	free(s);
	sb_rmtree(dir);
	free(path), free(dir);
}

/* A folder put where the file is going while it is written: the rename fails, the temporary
 * file goes. */
static void test_replaced_by_folder(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "out.csv");
	sb_diags d = { 0 };
	sb_outfile *f;
	assert_int_equal(sb_out_open(path, &f, &d), SB_OK);
	sb_out_puts(f, "x\n");
	assert_int_equal(mkdir(path, 0700), 0);
	char *inner = sb_join(path, "keep");
	sb_write_file(inner, "k", 1);
	assert_int_equal(sb_out_commit(f, &d), SB_ERR_CANTCREAT);
	assert_int_equal(d.n, 1);
	assert_true(sb_contains(d.v[0].message, "cannot replace: "));
	sb_diags_free(&d);
	/* only the folder is left */
	char cmd[PATH_MAX + 32];
	snprintf(cmd, sizeof cmd, "ls -A '%s'", dir);
	char *left = sb_sh(cmd);
	assert_string_equal(left, "out.csv\n");
	free(left);
	sb_rmtree(dir);
	free(inner), free(path), free(dir);
}

/* More outputs open at once than the signal handler's table holds: each is still written or
 * discarded, and no temporary file is left. */
static void test_many_open(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	enum { N = 20 };
	sb_outfile *f[N];
	for (int i = 0; i < N; i++) {
		char leaf[16];
		snprintf(leaf, sizeof leaf, "%02d", i);
		char *p = sb_join(dir, leaf);
		sb_diags d = { 0 };
		assert_int_equal(sb_out_open(p, &f[i], &d), SB_OK);
		sb_out_puts(f[i], leaf);
		free(p);
	}
	for (int i = 0; i < N; i++) {
		sb_diags d = { 0 };
		if (i % 2)
			sb_out_abort(f[i]);
		else
			assert_int_equal(sb_out_commit(f[i], &d), SB_OK);
	}
	char cmd[PATH_MAX + 32];
	snprintf(cmd, sizeof cmd, "ls -A '%s' | tr '\\n' ' '", dir);
	char *left = sb_sh(cmd);
	assert_string_equal(left, "00 02 04 06 08 10 12 14 16 18 ");
	free(left);
	sb_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signals_of_the_program_kept),
		cmocka_unit_test(test_descriptor_names),
		cmocka_unit_test(test_descriptor_kinds),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_foreign_fifo),
		cmocka_unit_test(test_write_failure_remembered),
		cmocka_unit_test(test_write_interrupted),
		cmocka_unit_test(test_background_flush),
		cmocka_unit_test(test_replaced_by_folder),
		cmocka_unit_test(test_many_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

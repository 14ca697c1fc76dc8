/* SPDX-License-Identifier: MIT */
/* support.c — shared test helpers (see support.h). */
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

static void S_append(char **buf, size_t *len, size_t *cap, const char *p, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 4096;
		while (c < *len + n + 1)
			c *= 2;
		*buf = realloc(*buf, c);
		assert_non_null(*buf);
		*cap = c;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
}

int sb_valgrind(void)
{
	const char *v = getenv("SB_VALGRIND");
	return v && strcmp(v, "1") == 0;
}

/* How many times this test program started the binary (sb_run, sb_run_ex, sb_pty_spawn); with
 * SB_COUNT_RUNS=1 in the environment it says so on stderr at exit (docs/testing.md). */
static unsigned long S_runs;

static unsigned long S_fs_served; /* how many of them through the fork server (below) */

static void S_print_runs(void)
{
	fprintf(stderr, "sb_run: %lu runs of the binary, %lu through the fork server\n", S_runs,
	        S_fs_served);
}

static void S_count_run(void)
{
	const char *v = getenv("SB_COUNT_RUNS");
	if (S_runs++ == 0 && v && strcmp(v, "1") == 0)
		atexit(S_print_runs);
}

sb_run_result sb_run(const char *const *argv, const char *stdin_data, size_t stdin_len,
                     const char *const *env, const char *cwd)
{
	sb_run_opts o = {
		.argv = argv, .stdin_data = stdin_data, .stdin_len = stdin_len, .env = env, .cwd = cwd,
	};
	return sb_run_ex(&o);
}

/* Valgrind's memcheck in front of the binary: any error, or a definite leak, exits 99.
 * tests/valgrind.supp names the two libraries whose own losses are not ours (cairo, fontconfig). */
static const char *const S_valgrind[] = {
	"/usr/bin/valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
	"--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
	"--suppressions=" SB_TEST_DIR "/valgrind.supp",
};
#define S_NVALGRIND (sizeof S_valgrind / sizeof S_valgrind[0])

/* The environment of every run: LC_ALL=C.UTF-8, a short PATH, the sanitizers' options and HOME
 * from the test's own environment, then env. Fills ev (room for ne + 8 entries) and returns it. */
static char **S_child_env(const char *const *env, char **ev)
{
	size_t k = 0;
	ev[k++] = "LC_ALL=C.UTF-8";
	ev[k++] = "PATH=/usr/bin:/bin";
	const char *keep[] = { "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "HOME" };
	static char kept[4][512];
	for (size_t i = 0; i < 4; i++) {
		const char *v = getenv(keep[i]);
		if (v) {
			snprintf(kept[i], sizeof kept[i], "%s=%s", keep[i], v);
			ev[k++] = kept[i];
		}
	}
	for (size_t i = 0; env && env[i]; i++)
		ev[k++] = (char *)env[i];
	ev[k] = NULL;
	return ev;
}

static size_t S_count_strs(const char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* The fork server: the binary started once per test program with SECUREBASE_TEST_FORK_SERVER
 * (src/cli/main.c, test builds only), each run a child it forks that goes through main() with
 * the run's argv, environment, folder, umask, SIGPIPE disposition and standard streams, and
 * exits as an exec'd binary would (LeakSanitizer's check included). A start then costs a fork
 * instead of loading the libraries and starting the sanitizers (docs/testing.md, issue 17).
 * Not used under valgrind, for a run whose env sets a sanitizer's options (read once, when the
 * server starts), in a forked copy of the test program, or with SB_FORK_SERVER=0. */
static int S_fs_req = -1, S_fs_ans = -1;
static pid_t S_fs_pid, S_fs_owner;
static int S_fs_busy; /* a request whose answer was not read (a failed assertion jumped out) */

unsigned long sb_runs_served(void)
{
	return S_fs_served;
}

static void S_fs_stop(void)
{
	if (S_fs_req < 0 || getpid() != S_fs_owner)
		return;
	close(S_fs_req);
	close(S_fs_ans);
	S_fs_req = S_fs_ans = -1;
	int ws;
	while (waitpid(S_fs_pid, &ws, 0) < 0 && errno == EINTR)
		;
}

static int S_fs_usable(const sb_run_opts *o, int vg)
{
	const char *v = getenv("SB_FORK_SERVER");
	if (vg || (v && strcmp(v, "0") == 0) || (S_fs_req >= 0 && getpid() != S_fs_owner))
		return 0;
	for (size_t i = 0; o->env && o->env[i]; i++)
		if (strstr(o->env[i], "SAN_OPTIONS=") || strncmp(o->env[i], "SB_FORK", 7) == 0)
			return 0;
	if (S_fs_busy) {
		kill(S_fs_pid, SIGKILL);
		S_fs_stop();
		S_fs_busy = 0;
	}
	if (S_fs_req >= 0)
		return 1;
	int req[2], ans[2];
	if (pipe2(req, O_CLOEXEC) != 0 || pipe2(ans, O_CLOEXEC) != 0)
		return 0;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Its ends of the pipes as fds 3 and 4, nothing else open but the standard streams (the
		 * pipes of a run held open here would never reach end of file). */
		int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (devnull < 0 || dup2(devnull, 0) != 0 || dup2(devnull, 1) != 1)
			_exit(127);
		int r = dup(req[0]), w = dup(ans[1]);
		if (r < 0 || w < 0 || dup2(r, 3) != 3 || dup2(w, 4) != 4)
			_exit(127);
		close_range(5, ~0U, 0);
		/* its standard error stays the test's, for its own reports */
		const char *extra[] = { "SECUREBASE_TEST_FORK_SERVER=3,4", NULL };
		char *ev[16];
		char *av[] = { (char *)SB_BINARY, NULL };
		execve(av[0], av, S_child_env(extra, ev));
		_exit(127);
	}
	close(req[0]);
	close(ans[1]);
	if (S_fs_owner == 0)
		atexit(S_fs_stop);
	S_fs_req = req[1];
	S_fs_ans = ans[0];
	S_fs_pid = pid;
	S_fs_owner = getpid();
	return 1;
}

static int S_fs_io(int fd, void *buf, size_t n, int writing)
{
	for (size_t done = 0; done < n;) {
		ssize_t k = writing ? write(fd, (char *)buf + done, n - done)
		                    : read(fd, (char *)buf + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		done += (size_t)k;
	}
	return 1;
}

/* Asks the server for a run whose standard streams are our fds; returns the child's pid. */
static pid_t S_fs_spawn(const sb_run_opts *o, const int fds[3])
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	mode_t mask = umask(0);
	umask(mask);
	struct sigaction sa;
	sigaction(SIGPIPE, NULL, &sa);
	char cwd[4096];
	if (!o->cwd)
		assert_non_null(getcwd(cwd, sizeof cwd));
	size_t na = S_count_strs(o->argv), ne;
	fputs("0000", f); /* the length, below */
	fprintf(f, "%ld%c%d%c%d%c%d%c%o%c%d%c%s%c%zu%c%s%c", (long)getpid(), 0, fds[0], 0, fds[1], 0,
	        fds[2], 0, (unsigned)mask, 0, sa.sa_handler == SIG_IGN, 0, o->cwd ? o->cwd : cwd, 0,
	        na, 0, SB_BINARY, 0);
	for (size_t i = 1; i < na; i++)
		fprintf(f, "%s%c", o->argv[i], 0);
	char **ev = calloc(S_count_strs(o->env) + 8, sizeof *ev);
	assert_non_null(ev);
	S_child_env(o->env, ev);
	ne = S_count_strs((const char *const *)ev);
	fprintf(f, "%zu%c", ne, 0);
	for (size_t i = 0; i < ne; i++)
		fprintf(f, "%s%c", ev[i], 0);
	free(ev);
	assert_int_equal(fclose(f), 0);
	int body = (int)(len - 4);
	memcpy(buf, &body, sizeof body);
	S_fs_busy = 1;
	int ok = S_fs_io(S_fs_req, buf, len, 1);
	free(buf);
	int pid = -1;
	if (!ok || !S_fs_io(S_fs_ans, &pid, sizeof pid, 0))
		fail_msg("the fork server (%s) did not answer", SB_BINARY);
	if (pid <= 0)
		fail_msg("the fork server (%s) could not start a run", SB_BINARY);
	return pid;
}

/* The wait status of the server's child. */
static int S_fs_wait(void)
{
	int ws;
	if (!S_fs_io(S_fs_ans, &ws, sizeof ws, 0))
		fail_msg("the fork server (%s) did not say how its child ended", SB_BINARY);
	S_fs_busy = 0;
	S_fs_served++;
	return ws;
}

sb_run_result sb_run_ex(const sb_run_opts *o)
{
	const char *const *argv = o->argv;
	const char *stdin_data = o->stdin_data;
	size_t stdin_len = o->stdin_len;
	const char *const *env = o->env;
	const char *cwd = o->cwd;
	int vg = sb_valgrind();
	time_t limit = (time_t)(o->timeout ? o->timeout : 120) * (vg ? 10 : 1);
	int in[2], out[2], err[2];
	S_count_run();
	assert_int_equal(pipe(in), 0);
	if (o->stdout_tty) {
		/* out[0] is the terminal's master side, out[1] the program's side. */
		struct winsize ws = { .ws_row = 24, .ws_col = 80 };
		assert_int_equal(openpty(&out[0], &out[1], NULL, NULL, &ws), 0);
		struct termios t;
		assert_int_equal(tcgetattr(out[1], &t), 0);
		cfmakeraw(&t);
		assert_int_equal(tcsetattr(out[1], TCSANOW, &t), 0);
	} else {
		assert_int_equal(pipe(out), 0);
	}
	assert_int_equal(pipe(err), 0);
	int served = S_fs_usable(o, vg);
	pid_t pid;
	if (served) {
		int fds[3] = { in[0], out[1], err[1] };
		if (o->stdin_path)
			assert_true((fds[0] = open(o->stdin_path, O_RDONLY | O_CLOEXEC)) >= 0);
		if (o->stdout_path)
			assert_true((fds[1] = open(o->stdout_path, O_WRONLY | O_CLOEXEC)) >= 0);
		pid = S_fs_spawn(o, fds);
		if (fds[0] != in[0])
			close(fds[0]);
		if (fds[1] != out[1])
			close(fds[1]);
	} else {
		pid = fork();
	}
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd_in = in[0], fd_out = out[1];
		if (o->stdin_path && (fd_in = open(o->stdin_path, O_RDONLY)) < 0)
			_exit(127);
		if (o->stdout_path && (fd_out = open(o->stdout_path, O_WRONLY)) < 0)
			_exit(127);
		dup2(fd_in, 0);
		dup2(fd_out, 1);
		dup2(err[1], 2);
		if (fd_in != in[0])
			close(fd_in);
		if (fd_out != out[1])
			close(fd_out);
		close(in[0]); close(in[1]); close(out[0]); close(out[1]); close(err[0]); close(err[1]);
		if (cwd && chdir(cwd) != 0)
			_exit(127);
		size_t n = S_count_strs(argv);
		size_t pre = vg ? S_NVALGRIND : 0;
		char **av = calloc(pre + n + 1, sizeof *av);
		for (size_t i = 0; i < pre; i++)
			av[i] = (char *)S_valgrind[i];
		av[pre] = (char *)SB_BINARY;
		for (size_t i = 1; i < n; i++)
			av[pre + i] = (char *)argv[i];
		char **ev = calloc(S_count_strs(env) + 8, sizeof *ev);
		execve(av[0], av, S_child_env(env, ev));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	signal(SIGPIPE, SIG_IGN);
	sb_run_result r = { 0 };
	size_t ocap = 0, ecap = 0, sent = 0;
	S_append(&r.out, &r.out_len, &ocap, "", 0);
	S_append(&r.err, &r.err_len, &ecap, "", 0);
	if (!stdin_data || stdin_len == 0 || o->stdin_path) {
		close(in[1]);
		in[1] = -1;
	}
	time_t start = time(NULL);
	int open_fds = 2;
	while (open_fds > 0) {
		struct pollfd p[3] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 },
			               { in[1], POLLOUT, 0 } };
		int np = in[1] >= 0 ? 3 : 2;
		int rc = poll(p, (nfds_t)np, 1000);
		if (time(NULL) - start > limit) {
			kill(pid, SIGKILL);
			r.timed_out = 1;
			break;
		}
		if (rc <= 0)
			continue;
		char tmp[65536];
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(p[i].fd, tmp, sizeof tmp);
			if (n > 0) {
				if (i == 0)
					S_append(&r.out, &r.out_len, &ocap, tmp, (size_t)n);
				else
					S_append(&r.err, &r.err_len, &ecap, tmp, (size_t)n);
			} else {
				close(i == 0 ? out[0] : err[0]);
				if (i == 0)
					out[0] = -1;
				else
					err[0] = -1;
				open_fds--;
			}
		}
		if (np == 3 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = (p[2].revents & POLLOUT)
				? write(in[1], stdin_data + sent, stdin_len - sent) : -1;
			if (n > 0)
				sent += (size_t)n;
			if (n < 0 || sent == stdin_len) {
				close(in[1]);
				in[1] = -1;
			}
		}
		if (out[0] < 0 && err[0] < 0)
			break;
	}
	if (in[1] >= 0)
		close(in[1]);
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	int ws = 0;
	if (served)
		ws = S_fs_wait();
	else
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return r;
}

void sb_run_free(sb_run_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

char *sb_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = sb_join(base && *base ? base : "/tmp", "sbtest.XXXXXX");
	assert_non_null(mkdtemp(t));
	return t;
}

int sb_count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

void sb_rmtree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *p = sb_join(path, e->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				sb_rmtree(p);
			else
				unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(path);
}

char *sb_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *sb_src_path(const char *rel)
{
	return sb_join(SB_SOURCE_DIR, rel);
}

char *sb_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	char tmp[65536];
	size_t k;
	S_append(&buf, &n, &cap, "", 0);
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		S_append(&buf, &n, &cap, tmp, k);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

void sb_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

char *sb_golden_path(const char *name)
{
	const char *dot = strrchr(name, '.');
	assert_non_null(dot);
	char *folder = sb_join("golden", dot + 1); /* "golden/" + "md": one folder per format */
	char *rel = sb_join(folder, name);
	char *path = sb_join(SB_TEST_DIR, rel);
	free(folder);
	free(rel);
	return path;
}

void sb_assert_golden(const char *data, size_t len, const char *name)
{
	char *path = sb_golden_path(name);
	const char *update = getenv("UPDATE_GOLDEN");
	if (update && strcmp(update, "1") == 0) {
		sb_write_file(path, data, len);
	} else {
		size_t glen;
		char *g = sb_read_file(path, &glen);
		if (!g)
			fail_msg("golden file %s is missing (run the tests with UPDATE_GOLDEN=1)", path);
		if (glen != len || memcmp(g, data, len) != 0) {
			/* Leave the actual output beside the build for a diff. */
			char *actual = sb_join(".", name);
			for (char *c = actual + 2; *c; c++)
				if (*c == '/')
					*c = '_';
			sb_write_file(actual, data, len);
			fail_msg("output differs from %s (actual written to %s)", path, actual);
		}
		free(g);
	}
	free(path);
}

sb_table sb_table_parse(char *text)
{
	sb_table t = { 0 };
	size_t cap = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		size_t n = 1;
		for (const char *p = line; *p; p++)
			n += *p == ',';
		if (t.rows == 0)
			t.cols = n;
		assert_int_equal(n, t.cols);
		if ((t.rows + 1) * t.cols > cap) {
			cap = (t.rows + 1) * t.cols * 2;
			t.cells = realloc(t.cells, cap * sizeof *t.cells);
			assert_non_null(t.cells);
		}
		char *c = line;
		for (size_t k = 0; k < n; k++) {
			char *e = strchr(c, ',');
			if (e)
				*e = '\0';
			t.cells[t.rows * t.cols + k] = c;
			c = e ? e + 1 : c + strlen(c);
		}
		t.rows++;
	}
	return t;
}

size_t sb_table_col(const sb_table *t, const char *name)
{
	for (size_t k = 0; k < t->cols; k++)
		if (strcmp(t->cells[k], name) == 0)
			return k;
	fail_msg("no CSV column %s", name);
	return 0;
}

void sb_table_free(sb_table *t)
{
	free(t->cells);
	*t = (sb_table){ 0 };
}

int sb_contains(const char *haystack, const char *needle)
{
	return haystack && needle && strstr(haystack, needle) != NULL;
}

/* ---- shared by several test files ------------------------------------------------------- */

#include <pty.h>

pid_t sb_pty_spawn(char *const argv[], int *master)
{
	S_count_run();
	pid_t pid = forkpty(master, NULL, NULL, NULL);
	assert_true(pid >= 0);
	if (pid == 0) {
		char *const envp[] = { "LC_ALL=C.UTF-8", "TERM=xterm", NULL };
		execve(SB_BINARY, argv, envp);
		_exit(127);
	}
	return pid;
}

int sb_pty_run(char *const argv[], char **shown)
{
	int master;
	pid_t pid = sb_pty_spawn(argv, &master);
	size_t cap = 65536, n = 0;
	char *out = malloc(cap);
	for (;;) {
		ssize_t k = read(master, out + n, cap - 1 - n);
		if (k > 0)
			n += (size_t)k;
		else if (k < 0 && errno == EINTR)
			continue;
		else
			break; /* EIO once the child has gone */
		if (n + 1 == cap)
			out = realloc(out, cap *= 2);
	}
	out[n] = '\0';
	close(master);
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	*shown = out;
	return WEXITSTATUS(ws);
}

sb_bank *sb_test_bank;

int sb_embedded_setup(void **state)
{
	(void)state;
	sb_diags d = { 0 };
	sb_status st = sb_bank_load_embedded(&sb_test_bank, &d);
	sb_diags_free(&d);
	return st == SB_OK ? 0 : -1;
}

int sb_embedded_teardown(void **state)
{
	(void)state;
	sb_bank_free(sb_test_bank);
	sb_test_bank = NULL;
	return 0;
}

char *sb_lines_with(const char *const *base, size_t n_base, const sb_line_edit *eds, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	for (size_t i = 0; i < n_base; i++) {
		const sb_line_edit *e = NULL;
		for (size_t k = 0; k < n; k++)
			if (eds[k].line == (int)i + 1)
				e = &eds[k];
		if (!e)
			fprintf(f, "%s\n", base[i]);
		else if (e->text)
			fprintf(f, "%s\n", e->text);
	}
	assert_int_equal(fclose(f), 0);
	return out;
}

void sb_print_diags(const sb_diags *d)
{
	char line[2048];
	for (size_t i = 0; i < d->n; i++) {
		sb_diag_format(&d->v[i], line, sizeof line);
		print_message("  %s\n", line);
	}
}

sb_bank *sb_yaml_loads(const char *yaml)
{
	sb_diags d = { 0 };
	sb_bank *b = NULL;
	sb_status st = sb_bank_load(yaml, strlen(yaml), "t.yaml", &b, &d);
	if (st != SB_OK)
		sb_print_diags(&d);
	assert_int_equal(st, SB_OK);
	assert_non_null(b);
	assert_int_equal(d.n, 0);
	sb_diags_free(&d);
	return b;
}

void sb_yaml_only(char *yaml, long line, long col, const char *text)
{
	sb_diags d = { 0 };
	sb_bank *b = NULL;
	sb_status st = sb_bank_load(yaml, strlen(yaml), "t.yaml", &b, &d);
	if (st != SB_ERR_DATA || d.n != 1 || d.v[0].line != line || d.v[0].column != col ||
	    !sb_contains(d.v[0].message, text)) {
		print_message("expected only %ld:%ld: ...%s..., got:\n", line, col, text);
		sb_print_diags(&d);
	}
	assert_int_equal(st, SB_ERR_DATA);
	assert_null(b);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "t.yaml");
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].column, col);
	assert_true(sb_contains(d.v[0].message, text));
	sb_diags_free(&d);
	free(yaml);
}

char *sb_sh(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 4096, n = 0;
	char *out = malloc(cap);
	size_t k;
	while ((k = fread(out + n, 1, cap - n - 1, p)) > 0) {
		n += k;
		if (cap - n < 2) {
			cap *= 2;
			out = realloc(out, cap);
		}
	}
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

sb_pdf_word *sb_pdf_words(const char *pdf, size_t *n)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' -", pdf);
	char *html = sb_sh(cmd);
	size_t cap = 256;
	sb_pdf_word *w = malloc(cap * sizeof *w);
	assert_non_null(w);
	*n = 0;
	int page = -1;
	for (char *p = html; (p = strchr(p, '<'));) {
		p++;
		if (!strncmp(p, "page ", 5)) {
			page++;
			continue;
		}
		if (strncmp(p, "word ", 5))
			continue;
		if (*n == cap) {
			cap *= 2;
			w = realloc(w, cap * sizeof *w);
			assert_non_null(w);
		}
		sb_pdf_word *x = &w[(*n)++];
		x->page = page;
		const char *ya = strstr(p, "yMin=\""), *yb = strstr(p, "yMax=\""), *t = strchr(p, '>');
		const char *xa = strstr(p, "xMin=\""), *xb = strstr(p, "xMax=\"");
		assert_true(ya && yb && t && xa && xb);
		x->x_min = atof(xa + 6);
		x->x_max = atof(xb + 6);
		x->y_min = atof(ya + 6);
		x->y_max = atof(yb + 6);
		x->text = strndup(t + 1, strcspn(t + 1, "<"));
		assert_non_null(x->text);
	}
	free(html);
	return w;
}

void sb_pdf_words_free(sb_pdf_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].text);
	free(w);
}

int sb_has_tool(const char *name)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* The embedded bank for sb_fit_answer when no fixture loaded one: loaded once per test program
 * (a load per answer under the sanitizers made a 30-row file take 25 s to write). */
static sb_bank *S_fit_bank;

static void S_fit_bank_free(void)
{
	sb_bank_free(S_fit_bank);
	S_fit_bank = NULL;
}

int sb_fit_answer(size_t item, int v)
{
	sb_bank *b = sb_test_bank ? sb_test_bank : S_fit_bank;
	if (!b) {
		sb_diags d = { 0 };
		if (sb_bank_load_embedded(&S_fit_bank, &d) != SB_OK) {
			sb_diags_free(&d);
			return v;
		}
		atexit(S_fit_bank_free);
		b = S_fit_bank;
	}
	int lo = 1, hi = 7;
	if (item < b->n_items) {
		const sb_response_scale *r = &b->responses[b->items[item].response];
		lo = r->min;
		hi = r->max;
	}
	return lo + ((v - 1) % (hi - lo + 1) + (hi - lo + 1)) % (hi - lo + 1);
}

const char *const *sb_assess_env(sb_assess_env_t *e, const char *dir, int flags,
                                 const char *const *extra)
{
	size_t n = 0;
	snprintf(e->state, sizeof e->state, "XDG_STATE_HOME=%s%s", dir,
	         flags & SB_ENV_STATE_IN_DIR ? "" : "/state");
	e->env[n++] = e->state;
	if (flags & SB_ENV_HOME) {
		snprintf(e->home, sizeof e->home, "HOME=%s", dir);
		snprintf(e->config, sizeof e->config, "XDG_CONFIG_HOME=%s/config", dir);
		e->env[n++] = e->home;
		e->env[n++] = e->config;
	}
	for (size_t i = 0; extra && extra[i]; i++) {
		assert_true(n + 1 < sizeof e->env / sizeof e->env[0]);
		e->env[n++] = extra[i];
	}
	e->env[n] = NULL;
	return e->env;
}

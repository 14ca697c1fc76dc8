/* SPDX-License-Identifier: MIT */
/* main.c — securebase: global options, then one command; owns exit statuses and stdout's fate. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/messages.h"

#include "base/alloc.h"
#ifdef SB_TEST_SEAMS
#include "data/outfile.h"
#endif

static const struct {
	const char *name;
	int (*run)(sb_cli *, int, char **);
} S_commands[] = {
	{ "assess", cmd_assess },     { "score", cmd_score }, { "report", cmd_report },
	{ "compare", cmd_compare },   { "template", cmd_template }, { "form", cmd_form },
	{ "validate", cmd_validate }, { "bank", cmd_bank },
	{ "summary", cmd_summary },
};

static int S_version(void)
{
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	printf("securebase %s\n", SB_VERSION);
	if (sb_bank_load_embedded(&b, &d) == SB_OK)
		printf("embedded bank: %s %s\n", b->id, b->version);
	else
		printf("embedded bank: (invalid)\n");
	sb_bank_free(b);
	sb_diags_free(&d);
	return 0;
}

static int S_main(sb_cli *c, int argc, char **argv)
{
	c->argv0 = argc > 0 ? argv[0] : NULL;
	static const struct option opts[] = {
		SB_GLOBAL_LONG_OPTIONS,
		{ "help", no_argument, NULL, 'h' },       { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:" SB_GLOBAL_SHORT "hV", opts, NULL)) != -1) {
		switch (ch) {
		SB_GLOBAL_CASES:
			if ((rc = sb_cli_global_opt(c, ch, optarg)) != 0)
				return rc;
			break;
		case 'h': return sb_cli_help(sb_msg(c->lang, SB_MSG_HELP_MAIN));
		case 'V': return S_version();
		case ':': return sb_cli_usage(c, NULL, sb_msg(c->lang, SB_MSG_NEEDS_VALUE), argv[optind - 1]);
		default: return sb_cli_usage(c, NULL, sb_msg(c->lang, SB_MSG_UNKNOWN_OPTION), argv[optind - 1]);
		}
	}
	if (!c->lang_set)
		c->lang = sb_lang_from_env();
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		c->no_color = true;
	const char *term = getenv("TERM");
	c->color = c->stdout_tty && !c->no_color && !(term && strcmp(term, "dumb") == 0);
	if (optind >= argc) {
		fputs(sb_msg(c->lang, SB_MSG_HELP_MAIN), stderr);
		return EX_USAGE;
	}
	const char *name = argv[optind];
	for (size_t i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++) {
		if (strcmp(name, S_commands[i].name) == 0) {
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;
			optind = 0; /* full reset of getopt for the command's own options */
			return S_commands[i].run(c, sub_argc, sub_argv);
		}
	}
	return sb_cli_usage(c, NULL, sb_msg(c->lang, SB_MSG_UNKNOWN_COMMAND), name);
}

#ifdef SB_TEST_SEAMS
/* Test seams, compiled only into test builds (CMake defines SB_TEST_SEAMS when BUILD_TESTING is
 * on), so the end-to-end tests can make the k-th allocation or output operation fail:
 *   SECUREBASE_TEST_FAIL_ALLOC=K                       the K-th allocation and all after it fail
 *   SECUREBASE_TEST_FAIL_ALLOC=sweep[:STEP[:FROM-TO:STEP2]]  K = 1, 1 + STEP, ... in forked
 *                                                      children (S_alloc_sweep below)
 *   SECUREBASE_TEST_FAIL_IO=OP:K:ERRNO[,OP:K:ERRNO...]  OP is write, fsync, close or rename; its
 *                                                      K-th call fails with ERRNO (a number or
 *                                                      one of the names below)
 * A malformed value is a usage error, so a typo never passes for a test that ran. */
static bool S_seam_errno(const char *s, int *out)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{ "EIO", EIO },       { "ENOSPC", ENOSPC }, { "EDQUOT", EDQUOT }, { "EXDEV", EXDEV },
		{ "EACCES", EACCES }, { "EPERM", EPERM },   { "EROFS", EROFS },   { "EFBIG", EFBIG },
		{ "EINTR", EINTR },   { "EBADF", EBADF },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].value;
			return true;
		}
	}
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > 4095)
		return false;
	*out = (int)v;
	return true;
}

static bool S_seam_count(const char *s, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v == 0)
		return false;
	*out = v;
	return true;
}

/* "sweep:STEP" or "sweep:STEP:FROM-TO:STEP2" (counts from 1, FROM <= TO). */
static bool S_sweep_spec(const char *s, unsigned long *step, unsigned long *from,
                         unsigned long *to, unsigned long *step2)
{
	char buf[96];
	if (strncmp(s, "sweep:", 6) != 0 || strlen(s + 6) >= sizeof buf)
		return false;
	strcpy(buf, s + 6);
	char *range = strchr(buf, ':');
	if (!range)
		return S_seam_count(buf, step);
	*range++ = '\0';
	char *dash = strchr(range, '-'), *st2 = strchr(range, ':');
	if (!dash || !st2 || dash > st2)
		return false;
	*dash++ = '\0';
	*st2++ = '\0';
	return S_seam_count(buf, step) && S_seam_count(range, from) && S_seam_count(dash, to) &&
	       *from <= *to && S_seam_count(st2, step2);
}

/* SECUREBASE_TEST_FAIL_ALLOC=sweep[:STEP[:FROM-TO:STEP2]]: the run is repeated in forked children
 * with allocation k failing, k = 1, 1 + STEP, 1 + 2 STEP, … (one exec for the whole sweep, not one
 * per k); from FROM to TO the step is STEP2 instead (a stretch whose allocations a test sweeps in
 * process at every k, such as the bank loader's, where every failure takes the command down the
 * same path). Each child that fails must
 * exit 70 saying "out of memory"; the first child that gets further is the last, and its output
 * and exit status are the program's. Returns -1 in a child (go on and run), else the status. */
static int S_alloc_sweep(unsigned long step, unsigned long from, unsigned long to,
                         unsigned long step2)
{
	unsigned long failures = 0;
	for (unsigned long k = 1;; k += k >= from && k <= to ? step2 : step) {
		int fds[2];
		if (pipe(fds) != 0)
			return EX_OSERR;
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0)
			return EX_OSERR;
		if (pid == 0) {
			dup2(fds[1], STDERR_FILENO);
			close(fds[0]);
			close(fds[1]);
			sb_alloc_fail_after(k);
			return -1;
		}
		close(fds[1]);
		char *err = NULL;
		size_t len = 0, cap = 0;
		for (;;) {
			if (len + 4096 + 1 > cap) {
				cap = cap ? 2 * cap : 8192;
				char *n = realloc(err, cap);
				if (!n)
					abort();
				err = n;
			}
			ssize_t got = read(fds[0], err + len, 4096);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			len += (size_t)got;
		}
		close(fds[0]);
		err[len] = '\0';
		int ws, rc;
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
		rc = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
		if (rc == EX_SOFTWARE && strstr(err, "out of memory")) {
			failures++;
			free(err);
			continue;
		}
		if (fwrite(err, 1, len, stderr) != len)
			rc = EX_IOERR;
		fprintf(stderr, "securebase: alloc sweep: %lu allocation failures, each exit 70 with "
		                "'out of memory'; run %lu ended with %d\n", failures, k, rc);
		free(err);
		return rc;
	}
}

/* The test seams, from the environment: -1 to go on and run, else the exit status. */
static int S_test_seams(void)
{
	const char *alloc = getenv("SECUREBASE_TEST_FAIL_ALLOC");
	const char *io = getenv("SECUREBASE_TEST_FAIL_IO");
	unsigned long step = 1, from = 0, to = 0, step2 = 1;
	if (alloc && (strcmp(alloc, "sweep") == 0 || S_sweep_spec(alloc, &step, &from, &to, &step2))) {
		int rc = S_alloc_sweep(step, from, to, step2);
		if (rc >= 0)
			return rc; /* the parent: the last child's status */
	} else if (alloc) {
		unsigned long k;
		if (!S_seam_count(alloc, &k)) {
			fprintf(stderr, "securebase: SECUREBASE_TEST_FAIL_ALLOC takes a count from 1 or "
			                "sweep[:STEP[:FROM-TO:STEP2]], not '%s'\n", alloc);
			return EX_USAGE;
		}
		sb_alloc_fail_after(k);
	}
	if (!io)
		return -1;
	static const char *const ops[SB_IO_OPS] = {
		[SB_IO_WRITE] = "write", [SB_IO_FSYNC] = "fsync", [SB_IO_CLOSE] = "close",
		[SB_IO_RENAME] = "rename",
	};
	char spec[256];
	if (strlen(io) >= sizeof spec)
		goto bad;
	strcpy(spec, io);
	for (char *save = NULL, *one = strtok_r(spec, ",", &save); one;
	     one = strtok_r(NULL, ",", &save)) {
		char *k = strchr(one, ':');
		char *e = k ? strchr(k + 1, ':') : NULL;
		if (!e)
			goto bad;
		*k++ = '\0';
		*e++ = '\0';
		int op = -1, err;
		unsigned long count;
		for (int i = 0; i < SB_IO_OPS; i++)
			if (strcmp(one, ops[i]) == 0)
				op = i;
		if (op < 0 || !S_seam_count(k, &count) || !S_seam_errno(e, &err))
			goto bad;
		sb_io_inject((sb_io_op)op, count, err);
	}
	return -1;
bad:
	fprintf(stderr, "securebase: SECUREBASE_TEST_FAIL_IO takes OP:K:ERRNO[,...] with OP one of "
	                "write, fsync, close, rename, not '%s'\n", io);
	return EX_USAGE;
}

/* SECUREBASE_TEST_FORK_SERVER=IN,OUT: this process is a test-only fork server (tests/support.c's
 * sb_run): it reads requests on the pipe IN and forks a child per request, which returns to
 * main() with the request's argv, environment, folder, umask and standard streams, so that each
 * run of the binary costs a fork instead of loading ~50 libraries and starting the sanitizers.
 * The child is the program as an exec would make it: untouched static state (the server runs
 * before anything else in main), its own exit status, LeakSanitizer's check at its exit. A
 * request is its length (an int), then NUL-ended fields: the test's pid and the numbers of its
 * three descriptors that become the child's standard streams (opened here through /proc, no
 * socket: the binary imports no network function), umask (octal), whether SIGPIPE is ignored,
 * folder, argc, the arguments, the number of environment entries, the entries. The answer on
 * OUT: the child's pid (-1: the request could not be met), then its wait status, as ints.
 * Returns -1 in a child (go on with *argc, *argv), else the server's exit status. */
static char *S_fs_field(char **p, const char *end)
{
	char *s = *p;
	char *z = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
	if (!z)
		return NULL;
	*p = z + 1;
	return s;
}

static bool S_fs_io(int fd, void *buf, size_t n, bool writing)
{
	for (size_t done = 0; done < n;) {
		ssize_t k = writing ? write(fd, (char *)buf + done, n - done)
		                    : read(fd, (char *)buf + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		done += (size_t)k;
	}
	return true;
}

/* The child's argv and environment: static, as an exec'd program's are never freed. */
static char *S_fs_argv[1024], *S_fs_env[1024];

static int S_fork_server(const char *spec, int *argc, char ***argv)
{
	static char buf[1 << 20];
	int in = -1, out = -1;
	if (sscanf(spec, "%d,%d", &in, &out) != 2)
		return EX_USAGE;
	for (;;) {
		int len;
		if (!S_fs_io(in, &len, sizeof len, false))
			return 0; /* the test program has gone */
		if (len <= 0 || (size_t)len >= sizeof buf || !S_fs_io(in, buf, (size_t)len, false))
			return EX_SOFTWARE;
		char *p = buf, *end = buf + len;
		char *f[8];
		for (int i = 0; i < 8; i++)
			if (!(f[i] = S_fs_field(&p, end)))
				return EX_SOFTWARE;
		/* f: pid, fd 0, fd 1, fd 2, umask, SIGPIPE ignored, folder, argc */
		int fds[3] = { -1, -1, -1 };
		bool ok = true;
		for (int i = 0; i < 3; i++) {
			char path[64];
			snprintf(path, sizeof path, "/proc/%s/fd/%s", f[0], f[1 + i]);
			fds[i] = open(path, (i ? O_WRONLY : O_RDONLY) | O_NOCTTY | O_CLOEXEC);
			ok = ok && fds[i] >= 0;
		}
		pid_t pid = ok ? fork() : -1;
		if (pid == 0) {
			int ac = atoi(f[7]);
			char **av = S_fs_argv, **ev = S_fs_env;
			for (int i = 0; i < ac && i < 1023; i++)
				av[i] = S_fs_field(&p, end);
			char *f_envc = S_fs_field(&p, end);
			int ec = f_envc ? atoi(f_envc) : 0;
			for (int i = 0; i < ec && i < 1023; i++)
				ev[i] = S_fs_field(&p, end);
			if (ac < 1 || ac > 1023 || ec < 0 || ec > 1023 || !f_envc || !av[ac - 1] ||
			    (ec && !ev[ec - 1]))
				_exit(127);
			for (int i = 0; i < 3; i++)
				if (dup2(fds[i], i) != i)
					_exit(127);
			for (int i = 0; i < 3; i++)
				close(fds[i]);
			close(in);
			close(out);
			if (chdir(f[6]) != 0)
				_exit(127);
			umask((mode_t)strtol(f[4], NULL, 8));
			signal(SIGPIPE, atoi(f[5]) ? SIG_IGN : SIG_DFL);
			environ = ev;
			*argc = ac;
			*argv = av;
			return -1;
		}
		for (int i = 0; i < 3; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		int ans[2] = { pid, 0 };
		if (!S_fs_io(out, &ans[0], sizeof ans[0], true))
			return 0;
		if (pid < 0)
			continue;
		while (waitpid(pid, &ans[1], 0) < 0)
			if (errno != EINTR)
				return EX_OSERR;
		if (!S_fs_io(out, &ans[1], sizeof ans[1], true))
			return 0;
	}
}
#endif

/* Whether the first of LC_ALL, LC_CTYPE, LANG that is set names a UTF-8 locale. */
static bool S_env_says_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strcasestr(v, "utf-8") != NULL || strcasestr(v, "utf8") != NULL;
	}
	return false;
}

int main(int argc, char **argv)
{
#ifdef SB_TEST_SEAMS
	const char *fs = getenv("SECUREBASE_TEST_FORK_SERVER");
	if (fs) {
		int rc = S_fork_server(fs, &argc, &argv);
		if (rc >= 0)
			return rc;
	}
#endif
	/* Character widths need a UTF-8 LC_CTYPE, whether or not the user's locale is installed. */
	bool utf8;
	if (setlocale(LC_CTYPE, "")) {
		const char *cs = nl_langinfo(CODESET);
		utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
	} else {
		/* The named locale is not installed: trust its name (en_US.UTF-8 on a machine that
		 * lacks it still means a UTF-8 terminal). */
		utf8 = S_env_says_utf8();
	}
	if (!utf8 || !setlocale(LC_CTYPE, NULL) || strcmp(setlocale(LC_CTYPE, NULL), "C") == 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	sb_cli c = {
		.stdout_tty = isatty(STDOUT_FILENO) == 1,
		.stderr_tty = isatty(STDERR_FILENO) == 1,
		.stdin_tty = isatty(STDIN_FILENO) == 1,
		.utf8 = utf8,
		/* before the options, so that a usage error or --help before --lang speaks it too */
		.lang = sb_lang_from_env(),
	};
#ifdef SB_TEST_SEAMS
	int seam = S_test_seams();
	if (seam >= 0)
		return seam;
#endif
	int rc = S_main(&c, argc, argv);
	sb_bank_free(c.bank);
	/* A full disk must never exit 0. */
	if (fclose(stdout) != 0 && rc == 0) {
		fprintf(stderr, "securebase: cannot write to standard output: %s\n", strerror(errno));
		rc = EX_IOERR;
	}
	return rc;
}

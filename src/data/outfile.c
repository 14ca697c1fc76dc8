/* SPDX-License-Identifier: MIT */
/* outfile.c — atomic, private output files. */
#include "data/outfile.h"

#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"

#define S_BUFSZ (256 * 1024) /* writes of this size once the buffer has grown */
#define S_DIRECT (64 * 1024) /* a write this large goes out as it is, not through the buffer */
#define S_BUF0 (4 * 1024)     /* the buffer's first size: a small output maps no 256 KiB */

struct sb_outfile {
	int fd;
	bool is_stdout;
	bool direct;    /* no temporary file: stdout, a device or a FIFO */
	char *path;     /* the final path (for messages) */
	char *tmp;      /* the temporary path, or NULL */
	int err;        /* first errno seen while writing, 0 if none */
	off_t written;  /* bytes written to the temporary file so far */
	off_t synced;   /* bytes written when the last background flush was started */
	bool flushing;  /* a background flush (aio) is under way */
	struct aiocb aio;
	size_t len, cap;
	char *buf;      /* cap bytes, growing to S_BUFSZ as the output does */
};

/* The temporary files being written now, so that SIGINT, SIGTERM, SIGHUP or SIGPIPE removes
 * them before the program dies: a fixed table (a signal handler may not allocate) of paths that
 * stay valid while listed. An output past S_LIVE_MAX is not listed (no command has that many
 * open at once). The handler is installed on first use, for each signal whose disposition is
 * still the default: an ignored signal stays ignored, and a handler of the program's own (the
 * assess screen's) is left alone. */
#define S_LIVE_MAX 16
static char *volatile S_live[S_LIVE_MAX];
static volatile sig_atomic_t S_handlers_set;
static const int S_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

static void S_on_signal(int sig)
{
	int saved = errno;
	for (int i = 0; i < S_LIVE_MAX; i++) {
		char *p = S_live[i];
		if (p)
			unlink(p); /* async-signal-safe */
	}
	/* Die of the same signal, as without us: the default action, delivered on return (the
	 * signal is blocked while this handler runs). */
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	raise(sig);
	errno = saved;
}

static void S_live_add(char *path)
{
	if (!S_handlers_set) {
		S_handlers_set = 1;
		for (size_t i = 0; i < sizeof S_signals / sizeof S_signals[0]; i++) {
			struct sigaction old, sa = { .sa_handler = S_on_signal };
			sigemptyset(&sa.sa_mask);
			for (size_t j = 0; j < sizeof S_signals / sizeof S_signals[0]; j++)
				sigaddset(&sa.sa_mask, S_signals[j]);
			if (sigaction(S_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
			    !(old.sa_flags & SA_SIGINFO))
				sigaction(S_signals[i], &sa, NULL);
		}
	}
	for (int i = 0; i < S_LIVE_MAX; i++) {
		if (!S_live[i]) {
			S_live[i] = path;
			return;
		}
	}
}

static void S_live_remove(const char *path)
{
	for (int i = 0; i < S_LIVE_MAX; i++)
		if (S_live[i] == path)
			S_live[i] = NULL;
}

/* Test seam (see sb_io_inject): process-wide, used only by tests. */
static struct {
	unsigned long k, calls;
	int err;
} S_inject[SB_IO_OPS];

void sb_io_inject(sb_io_op op, unsigned long k, int err)
{
	S_inject[op].k = k;
	S_inject[op].calls = 0;
	S_inject[op].err = err;
}

static bool S_injected(sb_io_op op)
{
	if (!S_inject[op].k)
		return false;
	if (++S_inject[op].calls < S_inject[op].k)
		return false;
	errno = S_inject[op].err;
	/* An interrupted call is retried, and the retry must get through: an EINTR that kept
	 * coming would hang the writer instead of testing its retry. */
	if (errno == EINTR)
		S_inject[op].k = 0;
	return true;
}

/* A large output is made durable while it is written: every S_SYNC_EVERY bytes an
 * fdatasync(2) of what is there so far is started in the background (POSIX aio, which glibc runs
 * on a helper thread), when the last one is done. The disk and the host behind it then persist
 * the file while the program works, and the fsync of the commit waits for the tail only: on the
 * development machine 6 ms instead of 120 ms for a 140 MB output. A small output starts none. */
#define S_SYNC_EVERY ((off_t)16 << 20)

/* Ends the background flush if one is under way: waits for it when wait is set, and otherwise
 * only if it has finished. Its failure is the output's error. */
static void S_sync_reap(sb_outfile *f, bool wait)
{
	if (!f->flushing)
		return;
	int e;
	while ((e = aio_error(&f->aio)) == EINPROGRESS) {
		if (!wait)
			return;
		const struct aiocb *list[1] = { &f->aio };
		(void)aio_suspend(list, 1, NULL);
	}
	f->flushing = false;
	if (aio_return(&f->aio) != 0 && !f->err)
		f->err = e > 0 ? e : EIO;
}

static void S_sync_start(sb_outfile *f)
{
	S_sync_reap(f, false);
	if (f->flushing || f->err || f->written - f->synced < S_SYNC_EVERY)
		return;
	if (S_injected(SB_IO_FSYNC)) { /* the test seam: as if the flush had failed */
		f->err = errno;
		return;
	}
	memset(&f->aio, 0, sizeof f->aio);
	f->aio.aio_fildes = f->fd;
	f->aio.aio_sigevent.sigev_notify = SIGEV_NONE;
	if (aio_fsync(O_DSYNC, &f->aio) == 0) {
		f->flushing = true;
		f->synced = f->written;
	}
}

static int S_write_all(sb_outfile *f, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = S_injected(SB_IO_WRITE) ? -1 : write(f->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		f->written += w;
	}
	if (f->tmp)
		S_sync_start(f);
	return 0;
}

static void S_flush(sb_outfile *f)
{
	if (f->len && !f->err && S_write_all(f, f->buf, f->len) != 0)
		f->err = errno ? errno : EIO;
	f->len = 0;
}

/* Whether a device or FIFO must not be written: a block device is never an output, and one that
 * belongs to another user (a FIFO or a terminal planted in a shared folder, perhaps behind a
 * link) would carry the answers to them. Root's devices (/dev/null, /dev/tty) and the user's own
 * (their terminal, the pipe behind /dev/stdout) are fine. Adds the reason to d. */
static bool S_foreign(const struct stat *st, const char *path, sb_diags *d)
{
	if (S_ISBLK(st->st_mode)) {
		sb_diags_add(d, path, 0, 0, "cannot write: it is a block device");
		return true;
	}
	if (st->st_uid != geteuid() && st->st_uid != 0) {
		sb_diags_add(d, path, 0, 0, "cannot write: it belongs to another user");
		return true;
	}
	return false;
}

/* The open descriptor that name is itself: /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N,
 * /proc/self/fd/N or /proc/PID/fd/N with our PID; -1 for any other name. */
static int S_fd_name(const char *name)
{
	static const char *const std[] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
	for (int i = 0; i < 3; i++)
		if (strcmp(name, std[i]) == 0)
			return i;
	const char *num = NULL;
	char mine[64];
	snprintf(mine, sizeof mine, "/proc/%ld/fd/", (long)getpid());
	if (strncmp(name, "/dev/fd/", 8) == 0)
		num = name + 8;
	else if (strncmp(name, "/proc/self/fd/", 14) == 0)
		num = name + 14;
	else if (strncmp(name, mine, strlen(mine)) == 0)
		num = name + strlen(mine);
	if (!num || *num < '0' || *num > '9')
		return -1;
	char *end;
	long n = strtol(num, &end, 10);
	return *end || n > INT_MAX ? -1 : (int)n;
}

/* The descriptor path names, itself or through a chain of symbolic links (/dev/stdout is a link
 * to /proc/self/fd/1), or -1. */
static int S_fd_path(const char *path)
{
	char cur[PATH_MAX], next[PATH_MAX];
	if (strlen(path) >= sizeof cur)
		return -1;
	strcpy(cur, path);
	for (int hops = 0; hops < 16; hops++) {
		int fd = S_fd_name(cur);
		if (fd >= 0)
			return fd;
		ssize_t k = readlink(cur, next, sizeof next - 1);
		if (k < 0)
			return -1;
		next[k] = '\0';
		if (next[0] == '/') {
			strcpy(cur, next);
		} else { /* relative to the link's folder */
			char *slash = strrchr(cur, '/');
			size_t dl = slash ? (size_t)(slash - cur) + 1 : 0;
			if (dl + (size_t)k >= sizeof cur)
				return -1;
			memcpy(cur + dl, next, (size_t)k + 1);
		}
	}
	return -1;
}

/* A name for a descriptor we already have open (/dev/stdout with standard output on a file, a
 * pipe or a terminal): written through that descriptor, at its offset and with its O_APPEND, as
 * the shell set it up. Renaming over the link would lose the output (and replace /dev/stdout
 * itself); reopening would truncate a file opened with >>. 1 when f is open that way, 0 when
 * path names no such descriptor, -1 on failure (in d). */
static int S_open_fd_name(sb_outfile *f, const char *path, sb_diags *d)
{
	int fdn = S_fd_path(path);
	struct stat st;
	if (fdn < 0 || fstat(fdn, &st) != 0 ||
	    !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) ||
	      S_ISCHR(st.st_mode)))
		return 0;
	if (!S_ISREG(st.st_mode) && S_foreign(&st, path, d))
		return -1;
	f->fd = fcntl(fdn, F_DUPFD_CLOEXEC, 3);
	if (f->fd < 0) {
		sb_diags_add(d, path, 0, 0, "cannot open for writing: %s", strerror(errno));
		return -1;
	}
	int fl = fcntl(f->fd, F_GETFL);
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY) {
		sb_diags_add(d, path, 0, 0, "cannot open for writing: %s", strerror(EBADF));
		close(f->fd);
		return -1;
	}
	f->direct = true;
	return 1;
}

/* A device or FIFO (also behind a link, like /dev/stdout) is written directly, unless it
 * belongs to someone else (S_foreign). 1 when f is open that way, 0 when path is no such thing
 * (a regular file, or nothing yet), -1 on failure (in d). */
static int S_open_device(sb_outfile *f, const char *path, sb_diags *d)
{
	struct stat st;
	if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
		return 0;
	if (S_ISDIR(st.st_mode)) {
		sb_diags_add(d, path, 0, 0, "cannot write: it is a folder");
		return -1;
	}
	if (S_foreign(&st, path, d))
		return -1;
	f->direct = true;
	f->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (f->fd < 0) {
		sb_diags_add(d, path, 0, 0, "cannot open for writing: %s", strerror(errno));
		return -1;
	}
	/* Again on what was opened, in case the path was swapped in between. */
	if (fstat(f->fd, &st) != 0 || S_foreign(&st, path, d)) {
		close(f->fd);
		return -1;
	}
	return 1;
}

/* A regular file, or a link to one, is replaced by rename(2) from a temporary file beside it
 * (so the rename stays within one file system), which replaces the link itself and never writes
 * through it into a file elsewhere. SB_OK, SB_ERR_INTERNAL when memory runs out (not in d), or
 * SB_ERR_CANTCREAT (in d). */
static sb_status S_open_temp(sb_outfile *f, const char *path, sb_diags *d)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	f->tmp = sb_malloc(n);
	if (!f->tmp)
		return SB_ERR_INTERNAL;
	snprintf(f->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	/* Made and listed with the signals held, so that none comes in between. */
	sigset_t hold, was;
	sigemptyset(&hold);
	for (size_t i = 0; i < sizeof S_signals / sizeof S_signals[0]; i++)
		sigaddset(&hold, S_signals[i]);
	pthread_sigmask(SIG_BLOCK, &hold, &was);
	f->fd = mkstemp(f->tmp); /* O_EXCL, mode 0600 */
	int made_errno = errno;
	if (f->fd >= 0)
		S_live_add(f->tmp);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	errno = made_errno;
	if (f->fd < 0) {
		sb_diags_add(d, path, 0, 0, "cannot create: %s", strerror(errno));
		sb_free(f->tmp);
		f->tmp = NULL;
		return SB_ERR_CANTCREAT;
	}
	(void)fcntl(f->fd, F_SETFD, FD_CLOEXEC);
	return SB_OK;
}

sb_status sb_out_open(const char *path, sb_outfile **out, sb_diags *d)
{
	*out = NULL;
	sb_outfile *f = sb_calloc(1, sizeof *f);
	if (!f) {
		sb_diags_add(d, path, 0, 0, "out of memory");
		return SB_ERR_INTERNAL;
	}
	f->fd = -1;
	bool is_stdout = !path || strcmp(path, "-") == 0;
	f->path = sb_strdup(is_stdout ? "(standard output)" : path);
	sb_status st = f->path ? SB_OK : SB_ERR_INTERNAL;
	if (st == SB_OK && is_stdout) {
		f->fd = STDOUT_FILENO;
		f->is_stdout = f->direct = true;
	} else if (st == SB_OK) {
		int k = S_open_fd_name(f, path, d);
		if (k == 0)
			k = S_open_device(f, path, d);
		st = k > 0 ? SB_OK : k < 0 ? SB_ERR_CANTCREAT : S_open_temp(f, path, d);
	}
	if (st == SB_OK) {
		*out = f;
		return SB_OK;
	}
	if (st == SB_ERR_INTERNAL)
		sb_diags_add(d, path, 0, 0, "out of memory");
	sb_free(f->path);
	sb_free(f);
	return st;
}

void sb_out_write(sb_outfile *f, const void *data, size_t n)
{
	const char *p = data;
	if (f->err || n == 0)
		return;
	if (n >= S_DIRECT) {
		S_flush(f);
		if (!f->err && S_write_all(f, p, n) != 0)
			f->err = errno ? errno : EIO;
		return;
	}
	if (f->len + n > f->cap && f->cap < S_BUFSZ) {
		size_t cap = f->cap ? f->cap : S_BUF0;
		while (cap < f->len + n && cap < S_BUFSZ)
			cap *= 2;
		char *b = sb_realloc(f->buf, cap);
		if (b) { /* else it stays as it is, only written out sooner */
			f->buf = b;
			f->cap = cap;
		}
	}
	if (f->len + n > f->cap) {
		S_flush(f);
		if (n > f->cap) {
			if (!f->err && S_write_all(f, p, n) != 0)
				f->err = errno ? errno : EIO;
			return;
		}
	}
	memcpy(f->buf + f->len, p, n);
	f->len += n;
}

void sb_out_puts(sb_outfile *f, const char *s)
{
	sb_out_write(f, s, strlen(s));
}

void sb_out_flush(sb_outfile *f)
{
	if (!f->err)
		S_flush(f);
}

bool sb_out_isatty(const sb_outfile *f)
{
	return isatty(f->fd) == 1;
}

static void S_release(sb_outfile *f)
{
	if (f->tmp) {
		unlink(f->tmp);
		S_live_remove(f->tmp); /* after the unlink: a signal in between finds it gone */
	}
	sb_free(f->tmp);
	sb_free(f->path);
	sb_free(f->buf);
	sb_free(f);
}

sb_status sb_out_commit(sb_outfile *f, sb_diags *d)
{
	sb_status st = SB_OK;
	S_flush(f);
	S_sync_reap(f, true);
	if (f->err) {
		sb_diags_add(d, f->path, 0, 0, "write failed: %s", strerror(f->err));
		st = SB_ERR_IO;
	}
	if (!f->is_stdout) {
		if (st == SB_OK && !f->direct && (S_injected(SB_IO_FSYNC) || fsync(f->fd) != 0)) {
			sb_diags_add(d, f->path, 0, 0, "write failed: %s", strerror(errno));
			st = SB_ERR_IO;
		}
		int c = S_injected(SB_IO_CLOSE) ? (close(f->fd), -1) : close(f->fd);
		if (c != 0 && st == SB_OK) {
			sb_diags_add(d, f->path, 0, 0, "write failed: %s", strerror(errno));
			st = SB_ERR_IO;
		}
		if (st == SB_OK && f->tmp) {
			if (S_injected(SB_IO_RENAME) || rename(f->tmp, f->path) != 0) {
				sb_diags_add(d, f->path, 0, 0, "cannot replace: %s", strerror(errno));
				st = SB_ERR_CANTCREAT;
			} else {
				S_live_remove(f->tmp);
				sb_free(f->tmp);
				f->tmp = NULL;
			}
		}
	}
	S_release(f);
	return st;
}

void sb_out_abort(sb_outfile *f)
{
	if (!f)
		return;
	S_sync_reap(f, true); /* its file descriptor must stay open until it is done */
	if (!f->is_stdout)
		close(f->fd);
	S_release(f);
}

sb_status sb_out_save(const char *path, const void *data, size_t n, sb_diags *d)
{
	sb_outfile *f;
	sb_status st = sb_out_open(path, &f, d);
	if (st != SB_OK)
		return st;
	sb_out_write(f, data, n);
	return sb_out_commit(f, d);
}

/* SPDX-License-Identifier: MIT */
/* cli_term.c — terminal handling for `assess`: raw mode, keys, lines, size, signals, text width.
 * The one place with process-wide state in the front end: signal handlers need it. */
#include "cli/cli_term.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "base/textwidth.h"

#define S_ALT_ON "\033[?1049h"
#define S_ALT_OFF "\033[?1049l"
#define S_CURSOR_HIDE "\033[?25l"
#define S_CURSOR_SHOW "\033[?25h"
/* How long the rest of an escape sequence or a UTF-8 character may take to arrive. */
#define S_SEQ_WAIT_MS 40

static int S_in = -1, S_out = -1;
static bool S_in_tty, S_out_tty, S_started;
static struct termios S_orig, S_rawt;
static bool S_have_orig;
/* What the terminal looks like now, read by the handlers to undo or redo it. */
static volatile sig_atomic_t S_raw_on, S_cursor_hidden, S_alt_on;
/* Set by handlers, read by the key and line readers. */
static volatile sig_atomic_t S_sig_pending, S_winch;
static int S_pipe[2] = { -1, -1 }; /* the self-pipe that wakes a waiting poll */
static unsigned char S_pend[512];  /* input read but not yet handed out */
static size_t S_pend_len;
static bool S_eof;

static const int S_stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
/* Crashes: the terminal is put back before the default action (a core dump) goes ahead. */
static const int S_crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static struct sigaction S_old_stop[4], S_old_crash[5], S_old_tstp, S_old_cont, S_old_winch,
	S_old_pipe;
static bool S_crash_ours[5];

/* ---- async-signal-safe pieces ---- */

static void S_raw_write(const char *s, size_t n)
{
	while (n > 0 && S_out >= 0) {
		ssize_t w = write(S_out, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

/* Puts the terminal back as it was found, without forgetting what we had set. */
static void S_leave_terminal(void)
{
	if (S_out_tty && S_alt_on)
		S_raw_write(S_ALT_OFF, sizeof S_ALT_OFF - 1);
	if (S_out_tty && S_cursor_hidden)
		S_raw_write(S_CURSOR_SHOW, sizeof S_CURSOR_SHOW - 1);
	if (S_have_orig && S_raw_on)
		(void)tcsetattr(S_in, TCSANOW, &S_orig);
}

/* Sets up again what S_leave_terminal undid (after a suspend). */
static void S_enter_terminal(void)
{
	if (S_have_orig && S_raw_on)
		(void)tcsetattr(S_in, TCSANOW, &S_rawt);
	if (S_out_tty && S_alt_on)
		S_raw_write(S_ALT_ON, sizeof S_ALT_ON - 1);
	if (S_out_tty && S_cursor_hidden)
		S_raw_write(S_CURSOR_HIDE, sizeof S_CURSOR_HIDE - 1);
}

static void S_wake(void)
{
	if (S_pipe[1] >= 0) {
		ssize_t w = write(S_pipe[1], "x", 1);
		(void)w; /* a full pipe already holds a wake-up */
	}
}

static void S_on_stop(int sig)
{
	int e = errno;
	if (S_sig_pending) {
		/* Asked twice: the program may be stuck; leave now, terminal first. */
		S_leave_terminal();
		_exit(128 + sig);
	}
	S_sig_pending = sig;
	S_wake();
	errno = e;
}

static void S_on_winch(int sig)
{
	(void)sig;
	int e = errno;
	S_winch = 1;
	S_wake();
	errno = e;
}

static void S_on_cont(int sig)
{
	(void)sig;
	int e = errno;
	S_enter_terminal();
	S_winch = 1;
	S_wake();
	errno = e;
}

static void S_on_tstp(int sig)
{
	(void)sig;
	int e = errno;
	S_leave_terminal();
	struct sigaction dfl = { .sa_handler = SIG_DFL }, ours;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &ours);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGTSTP); /* stopped here until SIGCONT */
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigaction(SIGTSTP, &ours, NULL);
	S_enter_terminal();
	S_winch = 1;
	S_wake();
	errno = e;
}

static void S_on_crash(int sig)
{
	S_leave_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void S_atexit(void)
{
	S_leave_terminal();
	S_raw_on = S_alt_on = S_cursor_hidden = 0;
}

/* ---- setting up and tearing down ---- */

static int S_handle(int sig, void (*fn)(int), struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	/* Handlers that touch the terminal must not interleave with each other. */
	sigaddset(&sa.sa_mask, SIGTSTP);
	sigaddset(&sa.sa_mask, SIGCONT);
	sigaddset(&sa.sa_mask, SIGWINCH);
	return sigaction(sig, &sa, old);
}

int sb_term_start(int in_fd, int out_fd)
{
	static bool atexit_done;
	if (S_started)
		return 0;
	S_in = in_fd;
	S_out = out_fd;
	S_in_tty = isatty(in_fd) == 1;
	S_out_tty = isatty(out_fd) == 1;
	S_pend_len = 0;
	S_eof = false;
	S_sig_pending = S_winch = 0;
	if (pipe(S_pipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(S_pipe[i], F_SETFL, fcntl(S_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(S_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	if (S_in_tty && tcgetattr(in_fd, &S_orig) == 0) {
		S_have_orig = true;
		S_rawt = S_orig;
		S_rawt.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG | IEXTEN);
		S_rawt.c_iflag &= ~(tcflag_t)(IXON | ICRNL | INLCR | IGNCR | BRKINT | ISTRIP);
		S_rawt.c_cc[VMIN] = 1;
		S_rawt.c_cc[VTIME] = 0;
	}
	if (!atexit_done) {
		atexit(S_atexit);
		atexit_done = true;
	}
	for (size_t i = 0; i < 4; i++)
		S_handle(S_stop_signals[i], S_on_stop, &S_old_stop[i]);
	/* Only where nobody else (a sanitizer, a debugger's runtime) handles crashes already. */
	for (size_t i = 0; i < 5; i++) {
		S_crash_ours[i] = sigaction(S_crash_signals[i], NULL, &S_old_crash[i]) == 0 &&
		                  S_old_crash[i].sa_handler == SIG_DFL &&
		                  !(S_old_crash[i].sa_flags & SA_SIGINFO);
		if (S_crash_ours[i])
			S_handle(S_crash_signals[i], S_on_crash, NULL);
	}
	/* A closed pipe on standard output must give an error to report, not kill the program
	 * with the terminal still raw. */
	struct sigaction ign = { .sa_handler = SIG_IGN };
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &S_old_pipe);
	S_handle(SIGWINCH, S_on_winch, &S_old_winch);
	if (S_in_tty) {
		S_handle(SIGTSTP, S_on_tstp, &S_old_tstp);
		S_handle(SIGCONT, S_on_cont, &S_old_cont);
	}
	S_started = true;
	return 0;
}

void sb_term_stop(void)
{
	if (!S_started)
		return;
	S_leave_terminal();
	S_raw_on = S_alt_on = S_cursor_hidden = 0;
	for (size_t i = 0; i < 4; i++)
		sigaction(S_stop_signals[i], &S_old_stop[i], NULL);
	for (size_t i = 0; i < 5; i++)
		if (S_crash_ours[i])
			sigaction(S_crash_signals[i], &S_old_crash[i], NULL);
	sigaction(SIGPIPE, &S_old_pipe, NULL);
	sigaction(SIGWINCH, &S_old_winch, NULL);
	if (S_in_tty) {
		sigaction(SIGTSTP, &S_old_tstp, NULL);
		sigaction(SIGCONT, &S_old_cont, NULL);
	}
	close(S_pipe[0]);
	close(S_pipe[1]);
	S_pipe[0] = S_pipe[1] = -1;
	S_have_orig = false;
	S_started = false;
}

int sb_term_raw(bool on)
{
	if (!S_have_orig)
		return -1;
	if ((bool)S_raw_on == on)
		return 0;
	/* Flag first when entering, last when leaving, so a signal in between finds the terminal
	 * in raw mode whenever the flag says so (restoring twice is harmless). */
	if (on)
		S_raw_on = 1;
	int rc = tcsetattr(S_in, TCSANOW, on ? &S_rawt : &S_orig);
	if (!on)
		S_raw_on = 0;
	return rc;
}

void sb_term_cursor(bool visible)
{
	if (!S_out_tty)
		return;
	if (visible) {
		sb_term_puts(S_CURSOR_SHOW);
		S_cursor_hidden = 0;
	} else {
		S_cursor_hidden = 1;
		sb_term_puts(S_CURSOR_HIDE);
	}
}

void sb_term_alt_screen(bool on)
{
	if (!S_out_tty || (bool)S_alt_on == on)
		return;
	if (on) {
		S_alt_on = 1;
		sb_term_puts(S_ALT_ON);
	} else {
		sb_term_puts(S_ALT_OFF);
		S_alt_on = 0;
	}
}

int sb_term_signal(void)
{
	return S_sig_pending;
}

/* ---- input ---- */

/* Reads more input into S_pend. 1: bytes came; 0: timeout; -1: end of input; -2: a handler
 * woke us (signal or resize). */
static int S_fill(int timeout_ms)
{
	if (S_pend_len == sizeof S_pend)
		return 1;
	for (;;) {
		if (S_sig_pending || S_winch)
			return -2;
		struct pollfd p[2] = { { .fd = S_in, .events = POLLIN },
			               { .fd = S_pipe[0], .events = POLLIN } };
		int rc = poll(p, 2, timeout_ms);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (rc == 0)
			return 0;
		if (p[1].revents & POLLIN) {
			char drain[64];
			while (read(S_pipe[0], drain, sizeof drain) > 0)
				;
			if (S_sig_pending || S_winch)
				return -2;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
			ssize_t n = read(S_in, S_pend + S_pend_len, sizeof S_pend - S_pend_len);
			if (n > 0) {
				S_pend_len += (size_t)n;
				return 1;
			}
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			/* A terminal can go on after a Ctrl-D; a pipe or a hung-up terminal cannot. */
			if (!S_in_tty || n < 0 || (p[0].revents & POLLHUP))
				S_eof = true;
			return -1;
		}
	}
}

static void S_consume(size_t n)
{
	memmove(S_pend, S_pend + n, S_pend_len - n);
	S_pend_len -= n;
}

/* Decodes one key from S_pend. true with *k and the bytes consumed; false when the bytes so far
 * may be the start of a longer sequence (only when !final). */
static bool S_decode(bool final, sb_key *k)
{
	const unsigned char *b = S_pend;
	size_t n = S_pend_len, used = 1;
	*k = (sb_key){ .kind = SB_KEY_OTHER };
	unsigned char c = b[0];
	if (c == 0x1b) {
		if (n == 1) {
			if (!final)
				return false;
			k->kind = SB_KEY_ESC;
		} else if (b[1] == '[' || b[1] == 'O') {
			size_t j = 2;
			while (j < n && !(b[j] >= 0x40 && b[j] <= 0x7e))
				j++;
			if (j >= n) {
				if (!final && n < sizeof S_pend)
					return false;
				used = n; /* a broken sequence: drop it */
			} else {
				used = j + 1;
				switch (b[j]) {
				case 'A': k->kind = SB_KEY_UP; break;
				case 'B': k->kind = SB_KEY_DOWN; break;
				case 'C': k->kind = SB_KEY_RIGHT; break;
				case 'D': k->kind = SB_KEY_LEFT; break;
				case 'M': k->kind = b[1] == 'O' ? SB_KEY_ENTER : SB_KEY_OTHER; break;
				default: break;
				}
			}
		} else {
			k->kind = SB_KEY_ESC; /* the next byte is a key of its own */
		}
	} else if (c == '\r' || c == '\n') {
		k->kind = SB_KEY_ENTER;
		if (c == '\r' && n > 1 && b[1] == '\n')
			used = 2;
	} else if (c == 0x7f || c == 0x08) {
		k->kind = SB_KEY_BACKSPACE;
	} else if (c == 0x03 || c == 0x1c) {
		k->kind = SB_KEY_INTERRUPT;
		k->sig = c == 0x03 ? SIGINT : SIGQUIT;
	} else if (c == 0x04) {
		k->kind = SB_KEY_EOF;
	} else if (c >= 0x20 && c < 0x7f) {
		k->kind = SB_KEY_CHAR;
		k->ch = (char)c;
	} else if (c >= 0xc2 && c <= 0xf4) {
		/* UTF-8 text (a full-width digit from an input method, say): taken whole, ignored. */
		size_t len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		size_t j = 1;
		while (j < len && j < n && (b[j] & 0xc0) == 0x80)
			j++;
		if (j < len && j == n && !final)
			return false;
		used = j;
	}
	S_consume(used);
	return true;
}

sb_key sb_term_key(int timeout_ms)
{
	for (;;) {
		if (S_sig_pending)
			return (sb_key){ .kind = SB_KEY_SIGNAL, .sig = S_sig_pending };
		if (S_winch) {
			S_winch = 0;
			return (sb_key){ .kind = SB_KEY_RESIZE };
		}
		if (S_pend_len > 0 && S_pend[0] == 0x1a) {
			/* Ctrl-Z: raw mode made it a byte; suspend as the terminal would have. */
			S_consume(1);
			sb_term_suspend();
			continue;
		}
		if (S_pend_len > 0) {
			sb_key k;
			if (!S_decode(false, &k)) {
				int rc = S_fill(S_SEQ_WAIT_MS);
				if (rc == 1 || rc == -2)
					continue;
				S_decode(true, &k);
			}
			return k;
		}
		if (S_eof)
			return (sb_key){ .kind = SB_KEY_EOF };
		int rc = S_fill(timeout_ms);
		if (rc == 0)
			return (sb_key){ .kind = SB_KEY_NONE };
		if (rc == -1 && S_pend_len == 0)
			return (sb_key){ .kind = SB_KEY_EOF };
	}
}

void sb_term_suspend(void)
{
	if (S_in_tty)
		kill(getpid(), SIGTSTP);
}

sb_key sb_term_line(sb_buf *out, size_t max, bool *too_long)
{
	bool got = false;
	*too_long = false;
	sb_buf_reset(out);
	for (;;) {
		if (S_sig_pending)
			return (sb_key){ .kind = SB_KEY_SIGNAL, .sig = S_sig_pending };
		if (S_pend_len > 0) {
			got = true;
			unsigned char *nl = memchr(S_pend, '\n', S_pend_len);
			/* On a terminal a CR ends a line too: keys typed while raw mode was still on
			 * reach a cooked read unchanged. */
			unsigned char *cr = S_in_tty ? memchr(S_pend, '\r', S_pend_len) : NULL;
			if (cr && (!nl || cr < nl))
				nl = cr;
			size_t n = nl ? (size_t)(nl - S_pend) : S_pend_len;
			size_t room = out->len < max ? max - out->len : 0;
			if (n > room)
				*too_long = true;
			sb_buf_put(out, (const char *)S_pend, n < room ? n : room);
			bool crlf = nl && *nl == '\r' && n + 1 < S_pend_len && nl[1] == '\n';
			S_consume(nl ? n + 1 + crlf : n);
			if (nl)
				return (sb_key){ .kind = SB_KEY_ENTER };
			continue;
		}
		if (S_eof)
			return (sb_key){ .kind = got ? SB_KEY_ENTER : SB_KEY_EOF };
		int rc = S_fill(-1);
		if (rc == -2 && !S_sig_pending)
			S_winch = 0; /* a resize means nothing to a line being typed */
		if (rc == -1 && S_pend_len == 0) {
			if (S_in_tty && !S_eof)
				return (sb_key){ .kind = SB_KEY_EOF }; /* Ctrl-D at the start of a line */
			return (sb_key){ .kind = got ? SB_KEY_ENTER : SB_KEY_EOF };
		}
	}
}

int sb_term_size(int *cols, int *rows)
{
	struct winsize ws = { 0 };
	if ((S_out_tty && ioctl(S_out, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) ||
	    (S_in_tty && ioctl(S_in, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)) {
		*cols = ws.ws_col;
		*rows = ws.ws_row > 0 ? ws.ws_row : 24;
		return 0;
	}
	*cols = 80;
	*rows = 24;
	return -1;
}

/* ---- output ---- */

int sb_term_write(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(S_out, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd p = { .fd = S_out, .events = POLLOUT };
				poll(&p, 1, 1000);
				continue;
			}
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int sb_term_puts(const char *s)
{
	return sb_term_write(s, strlen(s));
}

/* ---- text ---- */

int sb_term_wrap(sb_buf *out, const char *s, int width, int indent)
{
	if (indent < 0)
		indent = 0;
	if (width - indent < 8)
		width = indent + 8; /* below this nothing is readable; let the terminal fold it */
	sb_buf clean = { 0 };
	sb_spans lines = { 0 };
	sb_text_sanitize(&clean, s, strlen(s), true);
	const char *t = clean.data ? clean.data : "";
	if (sb_wrap(t, clean.len, (size_t)(width - indent), &lines) != 0)
		out->failed = true;
	for (size_t i = 0; i < lines.n; i++) {
		if (lines.v[i].len > 0)
			sb_put_repeat(out, " ", (size_t)indent);
		sb_buf_put(out, t + lines.v[i].off, lines.v[i].len);
		sb_buf_putc(out, '\n');
	}
	int n = (int)lines.n;
	sb_spans_free(&lines);
	sb_buf_free(&clean);
	return n;
}

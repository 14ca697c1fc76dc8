/* SPDX-License-Identifier: MIT */
/* test_term.c — the terminal layer of `assess` (cli/cli_term.c) in process: every key a person
 * can type decoded as they meant it (arrows, keypad Enter, Esc alone, CRLF, Backspace, Ctrl-C,
 * Ctrl-\, Ctrl-D, UTF-8 text, broken sequences), lines cut when too long, the end of input,
 * signals and resizes that wake a waiting read, raw mode set and undone, the screen modes put
 * back when it stops, a closed output reported, an output that fills waited on (nothing lost),
 * a terminal without a size taken as 80 x 24, and wrapping that lets nothing drive the
 * terminal. Pipes and a pseudo-terminal stand in for the person's terminal. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "support.h"

#include "cli/cli_term.h"

static void S_put(int fd, const char *s)
{
	size_t n = strlen(s);
	assert_int_equal(write(fd, s, n), (ssize_t)n);
}

/* Everything waiting on fd (non-blocking), NUL-terminated; caller frees. */
static char *S_take(int fd)
{
	size_t cap = 65536, len = 0;
	char *b = malloc(cap);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	while (poll(&p, 1, 50) > 0 && (p.revents & POLLIN) && len + 4097 < cap) {
		ssize_t n = read(fd, b + len, 4096);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	b[len] = '\0';
	return b;
}

static void S_key(sb_key_kind kind, char ch)
{
	sb_key k = sb_term_key(1000);
	if (k.kind != kind || (kind == SB_KEY_CHAR && k.ch != ch))
		print_message("wanted kind %d '%c', got kind %d '%c'\n", kind, ch, k.kind, k.ch);
	assert_int_equal(k.kind, kind);
	if (kind == SB_KEY_CHAR)
		assert_int_equal(k.ch, ch);
}

static void test_keys_from_a_pipe(void **state)
{
	(void)state;
	int in[2], out[2];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(sb_term_start(in[0], out[1]), 0);
	assert_int_equal(sb_term_start(in[0], out[1]), 0); /* twice: nothing more */
	/* nothing typed: the timeout passes */
	assert_int_equal(sb_term_key(0).kind, SB_KEY_NONE);
	/* a pipe has no raw mode, no window */
	assert_int_equal(sb_term_raw(true), -1);
	int cols = 0, rows = 0;
	assert_int_equal(sb_term_size(&cols, &rows), -1);
	assert_int_equal(cols, 80);
	assert_int_equal(rows, 24);
	S_put(in[1], "\033[A\033[B\033[C\033[D\033OM\033[5~\033OA\r\n\n\r\x7f\x08");
	S_key(SB_KEY_UP, 0);
	S_key(SB_KEY_DOWN, 0);
	S_key(SB_KEY_RIGHT, 0);
	S_key(SB_KEY_LEFT, 0);
	S_key(SB_KEY_ENTER, 0);   /* the keypad's Enter */
	S_key(SB_KEY_OTHER, 0);   /* Page Up: ignored */
	S_key(SB_KEY_UP, 0);      /* application cursor keys */
	S_key(SB_KEY_ENTER, 0);   /* CR LF is one Enter */
	S_key(SB_KEY_ENTER, 0);
	S_key(SB_KEY_ENTER, 0);
	S_key(SB_KEY_BACKSPACE, 0);
	S_key(SB_KEY_BACKSPACE, 0);
	S_put(in[1], "\x03\x1c\x04q\x01\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\033x\x1a" "7");
	sb_key k = sb_term_key(1000);
	assert_int_equal(k.kind, SB_KEY_INTERRUPT);
	assert_int_equal(k.sig, SIGINT);
	k = sb_term_key(1000);
	assert_int_equal(k.kind, SB_KEY_INTERRUPT);
	assert_int_equal(k.sig, SIGQUIT);
	S_key(SB_KEY_EOF, 0);     /* Ctrl-D */
	S_key(SB_KEY_CHAR, 'q');
	S_key(SB_KEY_OTHER, 0);   /* Ctrl-A */
	S_key(SB_KEY_OTHER, 0);   /* é */
	S_key(SB_KEY_OTHER, 0);   /* 中 */
	S_key(SB_KEY_OTHER, 0);   /* an emoji */
	S_key(SB_KEY_ESC, 0);     /* Esc, then x on its own */
	S_key(SB_KEY_CHAR, 'x');
	S_key(SB_KEY_CHAR, '7');  /* Ctrl-Z from a pipe suspends nothing */
	/* a lone Esc, a UTF-8 character cut short and a broken sequence at the end of what came */
	S_put(in[1], "\033");
	S_key(SB_KEY_ESC, 0);
	S_put(in[1], "\xe4\xb8");
	S_key(SB_KEY_OTHER, 0);
	S_put(in[1], "\033[12");
	S_key(SB_KEY_OTHER, 0);
	/* the input ends: EOF, and again */
	close(in[1]);
	S_key(SB_KEY_EOF, 0);
	S_key(SB_KEY_EOF, 0);
	/* the screen goes out whole; cursor and alternate screen are for terminals only */
	sb_term_cursor(false);
	sb_term_alt_screen(true);
	assert_int_equal(sb_term_puts("hello"), 0);
	char *o = S_take(out[0]);
	assert_string_equal(o, "hello");
	free(o);
	/* the reader gone: an error, not a signal that kills */
	close(out[0]);
	assert_int_equal(sb_term_puts("lost"), -1);
	sb_term_stop();
	sb_term_stop(); /* twice: harmless */
	close(in[0]);
	close(out[1]);
}

static void test_lines_from_a_pipe(void **state)
{
	(void)state;
	int in[2], out[2];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(sb_term_start(in[0], out[1]), 0);
	S_put(in[1], "abc\ntoolong\nx\r\ny\n");
	sb_buf line = { 0 };
	bool too_long;
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "abc");
	assert_false(too_long);
	assert_int_equal(sb_term_line(&line, 4, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "tool");
	assert_true(too_long);
	/* from a pipe a CR is part of the line */
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "x\r");
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "y");
	/* a resize means nothing to a line being typed */
	S_put(in[1], "after");
	kill(getpid(), SIGWINCH);
	/* a last line without its newline still counts; then the end */
	close(in[1]);
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "after");
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_EOF);
	sb_buf_free(&line);
	sb_term_stop();
	close(in[0]);
	close(out[0]);
	close(out[1]);
}

static void test_signals_wake_the_reader(void **state)
{
	(void)state;
	int in[2], out[2];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(sb_term_start(in[0], out[1]), 0);
	assert_int_equal(sb_term_signal(), 0);
	kill(getpid(), SIGWINCH);
	assert_int_equal(sb_term_key(-1).kind, SB_KEY_RESIZE);
	kill(getpid(), SIGTERM);
	sb_key k = sb_term_key(-1);
	assert_int_equal(k.kind, SB_KEY_SIGNAL);
	assert_int_equal(k.sig, SIGTERM);
	assert_int_equal(sb_term_signal(), SIGTERM);
	/* a line being read stops for it too */
	sb_buf line = { 0 };
	bool too_long;
	k = sb_term_line(&line, 10, &too_long);
	assert_int_equal(k.kind, SB_KEY_SIGNAL);
	assert_int_equal(k.sig, SIGTERM);
	sb_buf_free(&line);
	sb_term_stop();
	/* the handlers are gone with it: SIGTERM is the test's own again */
	struct sigaction now;
	sigaction(SIGTERM, NULL, &now);
	assert_true(now.sa_handler == SIG_DFL);
	close(in[0]);
	close(in[1]);
	close(out[0]);
	close(out[1]);
}

static void test_on_a_terminal(void **state)
{
	(void)state;
	int master, slave;
	struct winsize ws = { .ws_col = 61, .ws_row = 17 };
	assert_int_equal(openpty(&master, &slave, NULL, NULL, &ws), 0);
	struct termios before, during;
	tcgetattr(slave, &before);
	assert_int_equal(sb_term_start(slave, slave), 0);
	int cols, rows;
	assert_int_equal(sb_term_size(&cols, &rows), 0);
	assert_int_equal(cols, 61);
	assert_int_equal(rows, 17);
	/* raw mode: no echo, no line editing, no signals from keys; and undone */
	assert_int_equal(sb_term_raw(true), 0);
	assert_int_equal(sb_term_raw(true), 0);
	tcgetattr(slave, &during);
	assert_int_equal(during.c_lflag & (ICANON | ECHO | ISIG), 0);
	sb_term_cursor(false);
	sb_term_alt_screen(true);
	sb_term_alt_screen(true); /* already on: nothing more */
	char *o = S_take(master);
	assert_string_equal(o, "\033[?25l\033[?1049h");
	free(o);
	/* keys typed in raw mode; a CR ends a line on a terminal, CR LF once */
	S_put(master, "5");
	S_key(SB_KEY_CHAR, '5');
	assert_int_equal(sb_term_raw(false), 0);
	tcgetattr(slave, &during);
	assert_true(during.c_lflag & ICANON);
	assert_int_equal(sb_term_raw(true), 0);
	S_put(master, "one\rtwo\r\nthree\n");
	sb_buf line = { 0 };
	bool too_long;
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "one");
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "two");
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "three");
	/* Ctrl-D at the start of a cooked line ends that line only: the terminal goes on */
	assert_int_equal(sb_term_raw(false), 0);
	S_put(master, "\x04");
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_EOF);
	S_put(master, "more\n");
	assert_int_equal(sb_term_line(&line, 100, &too_long).kind, SB_KEY_ENTER);
	assert_string_equal(line.data, "more");
	assert_int_equal(sb_term_raw(true), 0);
	sb_term_cursor(true);
	sb_term_cursor(false);
	free(S_take(master));
	/* stopping puts everything back: the main screen, the cursor, the settings */
	sb_term_stop();
	o = S_take(master);
	assert_string_equal(o, "\033[?1049l\033[?25h");
	free(o);
	tcgetattr(slave, &during);
	assert_int_equal(during.c_lflag, before.c_lflag);
	assert_int_equal(during.c_iflag, before.c_iflag);
	sb_buf_free(&line);
	/* the terminal hung up: the end of input */
	assert_int_equal(sb_term_start(slave, slave), 0);
	assert_int_equal(sb_term_raw(true), 0);
	close(master);
	S_key(SB_KEY_EOF, 0);
	sb_term_stop();
	close(slave);
}

/* Odd input: a sequence longer than anything read at once is dropped whole; ESC [ M is no
 * key; a UTF-8 lead byte without its continuation is one ignored key, the next byte its own;
 * the window's size read from the input terminal when the output is a pipe. */
static void test_odd_input_and_size(void **state)
{
	(void)state;
	int master, slave, out[2];
	struct winsize ws = { .ws_col = 50, .ws_row = 0 };
	assert_int_equal(openpty(&master, &slave, NULL, NULL, &ws), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(sb_term_start(slave, out[1]), 0);
	int cols, rows;
	assert_int_equal(sb_term_size(&cols, &rows), 0);
	assert_int_equal(cols, 50);
	assert_int_equal(rows, 24); /* no rows given: 24 */
	assert_int_equal(sb_term_raw(true), 0);
	char big[700];
	big[0] = '\033';
	big[1] = '[';
	memset(big + 2, '1', sizeof big - 3);
	big[sizeof big - 1] = '\0';
	S_put(master, big);
	S_key(SB_KEY_OTHER, 0); /* the first 512 bytes, dropped */
	S_key(SB_KEY_CHAR, '1'); /* what was left is plain digits */
	sb_key k;
	do
		k = sb_term_key(100);
	while (k.kind == SB_KEY_CHAR);
	assert_int_equal(k.kind, SB_KEY_NONE);
	S_put(master, "\033[M\xc3" "A");
	S_key(SB_KEY_OTHER, 0);
	S_key(SB_KEY_OTHER, 0);
	S_key(SB_KEY_CHAR, 'A');
	sb_term_stop();
	close(master);
	close(slave);
	close(out[0]);
	close(out[1]);
}

/* An output that cannot take everything at once (a non-blocking pipe that fills, a reader
 * slower than the writer): sb_term_write waits and loses nothing, in order. A terminal that
 * reports no columns is taken as 80 x 24. */
typedef struct {
	int fd;
	size_t got;
	bool in_order;
} S_reader;

static void *S_read_slowly(void *arg)
{
	S_reader *r = arg;
	char b[4096];
	usleep(20000); /* let the pipe fill first */
	for (;;) {
		ssize_t n = read(r->fd, b, sizeof b);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			r->in_order &= b[i] == (char)('a' + (r->got + (size_t)i) % 26);
		r->got += (size_t)n;
	}
	return NULL;
}

static void test_slow_output_and_no_size(void **state)
{
	(void)state;
	int in[2], out[2];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_int_equal(fcntl(out[1], F_SETFL, fcntl(out[1], F_GETFL) | O_NONBLOCK), 0);
	assert_int_equal(sb_term_start(in[0], out[1]), 0);
	size_t n = 300000;
	char *text = malloc(n);
	for (size_t i = 0; i < n; i++)
		text[i] = (char)('a' + i % 26);
	S_reader r = { .fd = out[0], .in_order = true };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, S_read_slowly, &r), 0);
	assert_int_equal(sb_term_write(text, n), 0);
	sb_term_stop();
	close(out[1]);
	pthread_join(th, NULL);
	assert_int_equal(r.got, n);
	assert_true(r.in_order);
	free(text);
	close(out[0]);
	close(in[0]);
	close(in[1]);

	int master, slave;
	struct winsize ws = { .ws_col = 0, .ws_row = 0 };
	assert_int_equal(openpty(&master, &slave, NULL, NULL, &ws), 0);
	assert_int_equal(sb_term_start(slave, slave), 0);
	int cols = 0, rows = 0;
	assert_int_equal(sb_term_size(&cols, &rows), -1);
	assert_int_equal(cols, 80);
	assert_int_equal(rows, 24);
	sb_term_stop();
	close(master);
	close(slave);
}

static void test_wrap(void **state)
{
	(void)state;
	sb_buf b = { 0 };
	assert_int_equal(sb_term_wrap(&b, "", 40, 2), 0);
	assert_int_equal(b.len, 0);
	/* a negative indent is none; a width too small for anything gets 8 columns of text */
	assert_int_equal(sb_term_wrap(&b, "one two three", 3, -4), 2);
	assert_string_equal(b.data, "one two\nthree\n");
	sb_buf_reset(&b);
	/* nothing in the text can drive the terminal */
	assert_int_equal(sb_term_wrap(&b, "red \033[31mhere\033[0m\x07 and\n\nnext", 40, 2), 3);
	assert_null(memchr(b.data, '\033', b.len));
	assert_null(memchr(b.data, '\x07', b.len));
	assert_true(strncmp(b.data, "  red ", 6) == 0);
	assert_true(sb_contains(b.data, "\n\n  next\n")); /* an empty line gets no indent */
	sb_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_from_a_pipe),
		cmocka_unit_test(test_lines_from_a_pipe),
		cmocka_unit_test(test_signals_wake_the_reader),
		cmocka_unit_test(test_on_a_terminal),
		cmocka_unit_test(test_odd_input_and_size),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_slow_output_and_no_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

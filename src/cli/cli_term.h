/* SPDX-License-Identifier: MIT */
/* cli_term.h — the terminal for `assess`: raw mode that is always undone, single keys, lines,
 * the window size, and the signals that must never leave a terminal broken. Front end only. */
#ifndef SB_CLI_TERM_H
#define SB_CLI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

typedef enum {
	SB_KEY_NONE,      /* the timeout passed with no key */
	SB_KEY_CHAR,      /* a printable ASCII character, in ch */
	SB_KEY_ENTER,
	SB_KEY_BACKSPACE,
	SB_KEY_LEFT,
	SB_KEY_RIGHT,
	SB_KEY_UP,
	SB_KEY_DOWN,
	SB_KEY_ESC,       /* a lone Escape */
	SB_KEY_OTHER,     /* anything else (other sequences, UTF-8 text, control bytes): ignored */
	SB_KEY_INTERRUPT, /* Ctrl-C (or Ctrl-\) typed in raw mode, where they raise no signal;
	                   * sig is SIGINT (or SIGQUIT) */
	SB_KEY_EOF,       /* Ctrl-D in raw mode, or the input ended */
	SB_KEY_RESIZE,    /* the window changed size, or the program came back from a suspend:
	                   * redraw */
	SB_KEY_SIGNAL     /* SIGINT, SIGTERM, SIGHUP or SIGQUIT arrived; sig says which */
} sb_key_kind;

typedef struct {
	sb_key_kind kind;
	char ch;
	int sig;
} sb_key;

/* Takes charge of the terminal: in_fd is read for keys and lines, out_fd receives the screens
 * (either may be a pipe: then raw mode and screen control are never used). Saves the terminal
 * settings, installs the handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT (they ask the program to
 * leave through SB_KEY_SIGNAL; a second one restores the terminal and exits at once with
 * 128 + signal), SIGTSTP and SIGCONT (leave and re-enter raw mode), SIGWINCH (SB_KEY_RESIZE),
 * crash signals (restore, then the default action) unless something else handles them already,
 * SIGPIPE ignored (a closed pipe becomes a write error), and an atexit hook that restores the
 * terminal. 0, or -1 with errno. */
int sb_term_start(int in_fd, int out_fd);
/* Restores everything (settings, cursor, main screen) and removes the handlers. Safe to call
 * more than once. */
void sb_term_stop(void);

/* Raw mode on in_fd: no echo, no line buffering, no signals from keys, no flow control. */
int sb_term_raw(bool on);
/* Cursor hidden or shown; the alternate screen on or off. Undone by sb_term_stop and by every
 * way the program ends. */
void sb_term_cursor(bool visible);
void sb_term_alt_screen(bool on);

/* The next key, waiting at most timeout_ms (-1: no limit). Keys typed ahead are kept. */
sb_key sb_term_key(int timeout_ms);
/* Reads one line (cooked mode on a terminal: the terminal's own line editing) into out, without
 * its newline; lines longer than max bytes are cut and *too_long set. Returns SB_KEY_ENTER for a
 * line, SB_KEY_EOF at the end of the input (a last line without a newline still counts as a
 * line), or SB_KEY_SIGNAL. */
sb_key sb_term_line(sb_buf *out, size_t max, bool *too_long);
/* Stops the program as Ctrl-Z would with the terminal in cooked mode (raw mode turns the key
 * into a byte); the terminal is restored meanwhile, and SB_KEY_RESIZE follows the return. */
void sb_term_suspend(void);

/* The window size of out_fd; 0, or -1 when it is not a terminal (then 80 x 24 is filled in). */
int sb_term_size(int *cols, int *rows);
/* The signal that asked the program to leave, or 0. */
int sb_term_signal(void);

/* Writes everything to out_fd (retrying short writes); -1 when the terminal is gone. */
int sb_term_write(const char *s, size_t n);
int sb_term_puts(const char *s);

/* Wraps s to width columns (textwidth.h's sb_wrap, after sb_text_sanitize so nothing in s can
 * drive the terminal): each line gets indent spaces in front and a '\n' after. Returns the
 * number of lines (0 for an empty s). */
int sb_term_wrap(sb_buf *out, const char *s, int width, int indent);

#endif

/* SPDX-License-Identifier: MIT */
/* cli.h — the front end: global options, the loaded bank, messages and exit statuses. */
#ifndef SB_CLI_H
#define SB_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "bank/bank.h"
#include "base/error.h"
#include "base/lang.h"
#include "data/resources.h"
#include "render/render.h"

typedef struct {
	const char *bank_path; /* --bank, or NULL for the embedded bank */
	sb_lang lang;
	bool quiet;
	bool color;            /* colour allowed on stdout: a terminal, no NO_COLOR, no --no-color */
	bool no_color;         /* --no-color or NO_COLOR */
	bool stdout_tty, stderr_tty, stdin_tty;
	bool utf8;             /* the user's locale is UTF-8 (else ASCII fallbacks for drawing) */
	sb_bank *bank;         /* loaded on first use by sb_cli_bank */
	const char *argv0;     /* how the program was called (argv[0]) */
	bool lang_set;         /* --lang was given (else the language comes from the locale) */
} sb_cli;

/* The global options (-b/--bank, -l/--lang, -q/--quiet, --no-color), accepted before the command
 * and in every command's own options, through one helper: add SB_GLOBAL_SHORT to the command's
 * getopt string, SB_GLOBAL_LONG_OPTIONS to its option table, and a SB_GLOBAL_CASES: label that
 * calls sb_cli_global_opt. No command uses b, l or q for anything else. */
enum { SB_OPT_NO_COLOR = 0x1200 }; /* above any character and the import options' values */
#define SB_GLOBAL_SHORT "b:l:q"
#define SB_GLOBAL_LONG_OPTIONS                                                                 \
	{ "bank", required_argument, NULL, 'b' }, { "lang", required_argument, NULL, 'l' },      \
	{ "quiet", no_argument, NULL, 'q' }, { "no-color", no_argument, NULL, SB_OPT_NO_COLOR }
#define SB_GLOBAL_CASES                                                                        \
	case 'b':                                                                                \
	case 'l':                                                                                \
	case 'q':                                                                                \
	case SB_OPT_NO_COLOR
/* Takes global option ch (with its argument arg): 0, or 64 after a message (a bad --lang). */
int sb_cli_global_opt(sb_cli *c, int ch, const char *arg);

/* Loads the bank named by --bank (or the embedded one) once; prints problems and returns the exit
 * status (0 on success). */
int sb_cli_bank(sb_cli *c, const sb_bank **out);
/* Adds the bank named by --bank as an input and checks the files of a command (sb_res_check)
 * before it reads or writes anything: 0, or 64 after a message naming the two files. */
int sb_cli_resources(sb_cli *c, sb_resources *r);
/* Every message on stderr goes through these (or the printers below, which use them): the text
 * formatted, then passed through sb_termsafe (base/termsafe.h) with newlines and tabs kept, so
 * file names, argument values and texts from a bank or the data never reach a terminal raw. */
void sb_cli_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sb_cli_vmsg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Prints "securebase: message" to stderr and returns status. */
int sb_cli_fail(sb_cli *c, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints every diagnostic to stderr, one per line ("securebase: FILE:LINE:COLUMN: message"). */
void sb_cli_print_diags(const sb_diags *d);
/* Prints the diagnostics and returns the exit status for st. */
int sb_cli_status(sb_cli *c, sb_status st, const sb_diags *d);
/* Writes data to stdout and checks the write; returns 0 or 74 after a message. When standard
 * output is a terminal, data goes through sb_termsafe first (newlines and tabs kept). */
int sb_cli_stdout(sb_cli *c, const char *data, size_t len);
/* For a command's --help: prints text to stdout and returns 0. */
int sb_cli_help(const char *text);
/* Reports an unknown option / missing argument in command cmd: prints the hint, returns 64. */
int sb_cli_usage(sb_cli *c, const char *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* For --format pdf in a build without cairo and pango: prints why and what to do, returns 69. */
int sb_cli_pdf_unavailable(sb_cli *c);
/* When input is "-" and standard input is a terminal (and not --quiet), says on stderr how to
 * give a file instead: "securebase: reading answers from the terminal; give a file, or end with
 * Ctrl-D". */
void sb_cli_stdin_note(const sb_cli *c, const char *input);
/* Prints a row of an answers CSV that cannot be used: "securebase: INPUT:ROW:COLUMN: NAME: reason"
 * as score does (NAME the column's header, when known), the column left out when it is 0 (the
 * problem is the row's). */
void sb_cli_row_error(const char *input, long row, long column, const char *column_name,
                      const char *reason);
/* An id from the data as it may be shown on a terminal: sb_termsafe with backslashes escaped too
 * (control characters, bytes that are not UTF-8 and backslashes as \xNN, bidi and format
 * characters as \u{XXXX}), at most 80 bytes of the id before "...". */
void sb_cli_shown(const char *id, char *out, size_t size);
/* Today's date (YYYY-MM-DD, local time), or the UTC date of SOURCE_DATE_EPOCH when it is set. */
void sb_cli_today(char *out, size_t size);
/* Render options for output that goes to standard output (to_stdout) or to a file: the
 * terminal's width (40 to 120 columns) and colour only on a terminal, Unicode drawing unless
 * standard output is a terminal without UTF-8. */
sb_render_opts sb_cli_render_opts(const sb_cli *c, bool to_stdout);
/* Warns on stderr when input's name is one the fillable form gives (answers-ID-BANK-VERSION-
 * HASH-DATE.csv) and names another bank, version or items hash than b's (cli_origin.c). */
void sb_cli_answers_origin(sb_cli *c, const sb_bank *b, const char *input);

/* Commands, one file each (cmd_NAME.c); argv[0] is the command name. Each returns an exit status. */
int cmd_assess(sb_cli *c, int argc, char **argv);
int cmd_score(sb_cli *c, int argc, char **argv);
int cmd_report(sb_cli *c, int argc, char **argv);
int cmd_compare(sb_cli *c, int argc, char **argv);
int cmd_template(sb_cli *c, int argc, char **argv);
int cmd_form(sb_cli *c, int argc, char **argv);
int cmd_validate(sb_cli *c, int argc, char **argv);
int cmd_bank(sb_cli *c, int argc, char **argv);
int cmd_summary(sb_cli *c, int argc, char **argv);

#endif

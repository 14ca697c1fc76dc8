/* SPDX-License-Identifier: MIT */
/* support.h — shared test helpers: run the real binary, temporary folders, files, golden files. */
#ifndef SB_TEST_SUPPORT_H
#define SB_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cmocka.h>

typedef struct {
	int status;     /* exit status, or 128 + signal number when killed */
	char *out;      /* standard output, NUL-terminated */
	size_t out_len;
	char *err;      /* standard error, NUL-terminated */
	size_t err_len;
	int timed_out;  /* killed for running past its time limit */
} sb_run_result;

/* Runs the securebase binary with argv (argv[0] is ignored; NULL-terminated), feeding stdin_data
 * (may be NULL: empty stdin). env: extra "NAME=value" entries (NULL-terminated, may be NULL) on
 * top of a clean environment with LC_ALL=C.UTF-8. cwd may be NULL. Kills it after 120 s. */
sb_run_result sb_run(const char *const *argv, const char *stdin_data, size_t stdin_len,
                     const char *const *env, const char *cwd);
void sb_run_free(sb_run_result *r);

/* Everything sb_run can be told, and a little more. Zero-initialise and set what you need. */
typedef struct {
	const char *const *argv;  /* as for sb_run */
	const char *stdin_data;   /* as for sb_run */
	size_t stdin_len;
	const char *stdin_path;   /* instead of stdin_data: this file is standard input */
	const char *stdout_path;  /* standard output goes to this file (opened for writing, not
	                           * created; e.g. /dev/full) instead of being captured */
	const char *const *env;   /* as for sb_run */
	const char *cwd;
	unsigned timeout;         /* seconds before the program is killed; 0: 120 */
	int stdout_tty;           /* standard output is a pseudo-terminal (raw mode, 80x24) whose
	                           * output is captured in out */
} sb_run_opts;
/* Runs the binary as described by o. With SB_VALGRIND=1 in the test's environment (make
 * valgrind), sb_run and sb_run_ex run it under valgrind's memcheck (exit status 99 on any error
 * or definite leak) and allow ten times the time limit. */
sb_run_result sb_run_ex(const sb_run_opts *o);
/* Whether the binary runs under valgrind (SB_VALGRIND=1). */
int sb_valgrind(void);
/* How many runs of sb_run and sb_run_ex went through the fork server so far: the binary started
 * once per test program, each run a child forked from it that goes through main() (support.c;
 * SB_FORK_SERVER=0 in the environment turns it off, and valgrind does). */
unsigned long sb_runs_served(void);

/* A fresh folder under $TMPDIR (or /tmp); remove it with sb_rmtree. */
char *sb_tmpdir(void);
void sb_rmtree(const char *path);
/* The entries of a folder, . and .. aside (to see that no temporary file is left). */
int sb_count_entries(const char *dir);
/* A path inside the source tree (SB_SOURCE_DIR/rel) or the tests folder; caller frees. */
char *sb_src_path(const char *rel);
char *sb_join(const char *dir, const char *name);
/* Whole file, NUL-terminated; NULL if it cannot be read. */
char *sb_read_file(const char *path, size_t *len);
void sb_write_file(const char *path, const char *data, size_t len);
/* Compares data with the golden file NAME; with UPDATE_GOLDEN=1 in the environment, rewrites it.
 * The golden file NAME lives in tests/golden/EXT/, one folder per format ("report_r01.md" is
 * tests/golden/md/report_r01.md); sb_golden_path returns that path (free it). */
char *sb_golden_path(const char *name);
void sb_assert_golden(const char *data, size_t len, const char *name);
/* Whether haystack contains needle. */
/* A CSV whose cells hold no comma, quote or line break (what score and R write for the tests),
 * split in place into cells: row 0 is the header. Every row must have the header's width. */
typedef struct {
	char **cells; /* rows * cols */
	size_t rows, cols;
} sb_table;
sb_table sb_table_parse(char *text);
/* The index of the header's column name (fails the test when there is none). */
size_t sb_table_col(const sb_table *t, const char *name);
void sb_table_free(sb_table *t);

int sb_contains(const char *haystack, const char *needle);

/* ---- shared by several test files ------------------------------------------------------- */

/* The environment of an `assess` run that keeps its progress inside dir, never in the tester's
 * home: XDG_STATE_HOME=dir/state (dir itself with SB_ENV_STATE_IN_DIR); with SB_ENV_HOME also
 * HOME=dir and XDG_CONFIG_HOME=dir/config (the state file is then shown as ~/state/...); then
 * the extra entries (NULL-terminated, may be NULL). sb_assess_env returns e->env, NULL-terminated,
 * for sb_run's env; it lives as long as e. */
enum { SB_ENV_HOME = 1, SB_ENV_STATE_IN_DIR = 2 };
typedef struct {
	char home[4200], state[4200], config[4200];
	const char *env[16];
} sb_assess_env_t;
const char *const *sb_assess_env(sb_assess_env_t *e, const char *dir, int flags,
                                 const char *const *extra);

#include "bank/bank.h"
#include "base/error.h"

/* Runs the binary with a pseudo-terminal as its standard input, output and error (environment:
 * LC_ALL=C.UTF-8, TERM=xterm); returns the exit status and what the terminal showed (caller
 * frees). argv[0] is the name the program is given (usually SB_BINARY). */
int sb_pty_run(char *const argv[], char **shown);
/* Only starts it so: the child's pid, the terminal's master side in *master. */
pid_t sb_pty_spawn(char *const argv[], int *master);
/* Runs a shell command, which must exit 0, and returns its standard output (caller frees). */
char *sb_sh(const char *cmd);
/* Whether the program name is on the PATH (poppler-utils' pdftotext, say). */
int sb_has_tool(const char *name);
/* A word of a PDF as `pdftotext -bbox` gives it: its page (0-based), box and text (whole). */
typedef struct {
	int page;
	double x_min, x_max, y_min, y_max;
	char *text;
} sb_pdf_word;
/* The words of every page of pdf, in reading order; *n set. Free with sb_pdf_words_free. */
sb_pdf_word *sb_pdf_words(const char *pdf, size_t *n);
void sb_pdf_words_free(sb_pdf_word *w, size_t n);

/* A cmocka group fixture: sb_embedded_setup loads the embedded bank into sb_test_bank and
 * sb_embedded_teardown frees it. */
extern sb_bank *sb_test_bank;
int sb_embedded_setup(void **state);
int sb_embedded_teardown(void **state);
/* v (1-based, any size) folded into the response range of the embedded bank's item `item` (bank
 * item order, as `securebase template` lists the columns): a generated row fits every item,
 * the optional safety questions' shorter range included. */
int sb_fit_answer(size_t item, int v);

/* Replaces line `line` (1-based) of a text with text: NULL deletes the line; text may hold
 * several lines, which shifts the lines after it. */
typedef struct {
	int line;
	const char *text;
} sb_line_edit;
/* The n_base lines of base, each ended by a newline, with the n edits applied; caller frees. */
char *sb_lines_with(const char *const *base, size_t n_base, const sb_line_edit *eds, size_t n);
/* sb_lines_with, the edits written out: SB_LINES_WITH(base, n_base, { 3, "x" }, { 5, NULL }). */
#define SB_LINES_WITH(base, n_base, ...)                                          \
	sb_lines_with(base, n_base, (const sb_line_edit[]){ __VA_ARGS__ },           \
	              sizeof((const sb_line_edit[]){ __VA_ARGS__ }) / sizeof(sb_line_edit))

/* Prints every diagnostic through cmocka's print_message, to show why a check failed. */
void sb_print_diags(const sb_diags *d);
/* Loads the YAML bank text (as "t.yaml"), which must load without a problem; caller frees. */
sb_bank *sb_yaml_loads(const char *yaml);
/* The YAML bank text (freed here) must fail to load with exactly one problem: at line:col of
 * "t.yaml", its message containing text. */
void sb_yaml_only(char *yaml, long line, long col, const char *text);

#endif

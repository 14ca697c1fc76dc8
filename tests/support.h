/* support.h — shared test helpers: run the real binary, temporary folders, files, golden files. */
#ifndef SB_TEST_SUPPORT_H
#define SB_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

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

/* A fresh folder under $TMPDIR (or /tmp); remove it with sb_rmtree. */
char *sb_tmpdir(void);
void sb_rmtree(const char *path);
/* A path inside the source tree (SB_SOURCE_DIR/rel) or the tests folder; caller frees. */
char *sb_src_path(const char *rel);
char *sb_join(const char *dir, const char *name);
/* Whole file, NUL-terminated; NULL if it cannot be read. */
char *sb_read_file(const char *path, size_t *len);
void sb_write_file(const char *path, const char *data, size_t len);
/* Compares data with tests/golden/name; with UPDATE_GOLDEN=1 in the environment, rewrites it. */
void sb_assert_golden(const char *data, size_t len, const char *name);
/* Whether haystack contains needle. */
int sb_contains(const char *haystack, const char *needle);

#endif

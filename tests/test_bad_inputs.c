/* SPDX-License-Identifier: MIT */
/* test_bad_inputs.c — the bad-input corpus: every tests/bad/NAME.case runs the real binary on a
 * hostile or broken input, under the sanitizers and a time limit, and checks its exit status and
 * messages. One cmocka test per case, named after the file.
 *
 * A case file is lines of "key: value" (blank lines and lines starting with '#' are ignored):
 *
 *   args: validate {input}        the arguments, split at spaces, C escapes decoded; {input} is
 *                                 the input's path, {dir} a fresh folder for outputs, {bad} the
 *                                 tests/bad folder
 *   input: NAME                   the input: a file in tests/bad/ (or, with generate, the name
 *                                 of the generated file inside {dir}, folders made as needed);
 *                                 optional
 *   generate: "x: " + "[" * 10000 written to {dir}/NAME at run time, for inputs too large to
 *                                 commit: quoted strings (C escapes \n \t \r \\ \" \xNN), each
 *                                 optionally repeated "* COUNT", joined by "+"
 *   stdin: yes                    the input is standard input instead of a path
 *   tty: yes                      standard output is a terminal (a pseudo-terminal in raw mode)
 *   env: NAME=value               an environment variable (after substitution); may repeat
 *   exit: 65                      the exit status (required)
 *   stderr: {input}:3:5: syntax   some line of stderr starts with this (after substitution;
 *                                 spaces at the start of the line are skipped); may repeat
 *   stdout: text                  the same for stdout
 *   not: \x1b                     neither stdout nor stderr contains these bytes (C escapes);
 *                                 may repeat
 *   timeout: 30                   seconds before the run counts as a hang (default 60)
 *
 * Every run must also end by itself, and without any sanitizer report. */
#include "support.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define S_MAX_LINES 16

typedef struct {
	char *name; /* the case's file name without .case */
	char *args, *input, *generate;
	bool use_stdin, tty;
	int exit_status;
	char *stderr_lines[S_MAX_LINES], *stdout_lines[S_MAX_LINES], *nots[S_MAX_LINES];
	char *envs[S_MAX_LINES];
	size_t n_stderr, n_stdout, n_not, n_env;
	unsigned timeout;
} S_case;

/* Case files are read before cmocka runs, where its assertions cannot be used. */
static void S_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void S_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static char *S_strdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		S_die("out of memory");
	return d;
}

/* Decodes C escapes in s[0..n) into out (which has room for n bytes); returns the length. */
static size_t S_unescape(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			out[o++] = s[i];
			continue;
		}
		char c = s[++i];
		switch (c) {
		case 'n': out[o++] = '\n'; break;
		case 't': out[o++] = '\t'; break;
		case 'r': out[o++] = '\r'; break;
		case '0': out[o++] = '\0'; break;
		case 'x': {
			unsigned v = 0;
			int k = 0;
			while (k < 2 && i + 1 < n && strchr("0123456789abcdefABCDEF", s[i + 1]) && s[i + 1]) {
				char h = s[++i];
				v = v * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
				k++;
			}
			out[o++] = (char)v;
			break;
		}
		default: out[o++] = c; break;
		}
	}
	return o;
}

static void S_parse_case(const char *path, const char *name, S_case *c)
{
	size_t len;
	char *text = sb_read_file(path, &len);
	if (!text)
		S_die("cannot read %s", path);
	*c = (S_case){ .name = S_strdup(name), .exit_status = -1, .timeout = 60 };
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *colon = strchr(line, ':');
		if (!colon)
			S_die("%s: a line without 'key:': %s", path, line);
		*colon = '\0';
		char *v = colon + 1;
		while (*v == ' ')
			v++;
		if (!strcmp(line, "args"))
			c->args = S_strdup(v);
		else if (!strcmp(line, "input"))
			c->input = S_strdup(v);
		else if (!strcmp(line, "generate"))
			c->generate = S_strdup(v);
		else if (!strcmp(line, "stdin"))
			c->use_stdin = !strcmp(v, "yes");
		else if (!strcmp(line, "tty"))
			c->tty = !strcmp(v, "yes");
		else if (!strcmp(line, "exit"))
			c->exit_status = atoi(v);
		else if (!strcmp(line, "timeout"))
			c->timeout = (unsigned)atoi(v);
		else if (!strcmp(line, "stderr") && c->n_stderr < S_MAX_LINES)
			c->stderr_lines[c->n_stderr++] = S_strdup(v);
		else if (!strcmp(line, "stdout") && c->n_stdout < S_MAX_LINES)
			c->stdout_lines[c->n_stdout++] = S_strdup(v);
		else if (!strcmp(line, "not") && c->n_not < S_MAX_LINES)
			c->nots[c->n_not++] = S_strdup(v);
		else if (!strcmp(line, "env") && c->n_env < S_MAX_LINES)
			c->envs[c->n_env++] = S_strdup(v);
		else
			S_die("%s: unknown key '%s'", path, line);
	}
	free(text);
	if (!c->args || c->exit_status < 0)
		S_die("%s: 'args:' and 'exit:' are required", path);
	if (c->generate && !c->input)
		c->input = S_strdup("input");
}

static void S_free_case(S_case *c)
{
	free(c->name);
	free(c->args);
	free(c->input);
	free(c->generate);
	for (size_t i = 0; i < c->n_stderr; i++)
		free(c->stderr_lines[i]);
	for (size_t i = 0; i < c->n_stdout; i++)
		free(c->stdout_lines[i]);
	for (size_t i = 0; i < c->n_not; i++)
		free(c->nots[i]);
	for (size_t i = 0; i < c->n_env; i++)
		free(c->envs[i]);
}

/* Writes the generate: expression's bytes to path, making its folders. */
static void S_generate(const char *expr, const char *path)
{
	char *dirs = S_strdup(path);
	for (char *p = strchr(dirs + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(dirs, 0700);
		*p = '/';
	}
	free(dirs);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	const char *p = expr;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p != '"')
			fail_msg("generate: expected a quoted string at '%s'", p);
		const char *s = ++p;
		while (*p && !(*p == '"' && p[-1] != '\\'))
			p++;
		if (!*p)
			fail_msg("generate: unclosed string in '%s'", expr);
		size_t n = (size_t)(p - s);
		char *unit = malloc(n + 1);
		assert_non_null(unit);
		size_t un = S_unescape(s, n, unit);
		p++;
		while (*p == ' ')
			p++;
		unsigned long count = 1;
		if (*p == '*') {
			count = strtoul(p + 1, (char **)&p, 10);
			while (*p == ' ')
				p++;
		}
		for (unsigned long i = 0; i < count; i++)
			assert_int_equal(fwrite(unit, 1, un, f), un);
		free(unit);
		if (*p == '\0')
			break;
		if (*p != '+')
			fail_msg("generate: expected '+' at '%s'", p);
		p++;
	}
	assert_int_equal(fclose(f), 0);
}

/* s with every {input}, {dir} and {bad} replaced. */
static char *S_subst(const char *s, const char *input, const char *dir, const char *bad)
{
	size_t cap = strlen(s) + 1;
	const char *keys[] = { "{input}", "{dir}", "{bad}" };
	const char *vals[] = { input ? input : "", dir, bad };
	for (const char *q = s; *q; q++)
		if (*q == '{')
			cap += strlen(input ? input : "") + strlen(dir) + strlen(bad);
	char *out = malloc(cap);
	assert_non_null(out);
	size_t o = 0;
	while (*s) {
		bool done = false;
		for (size_t k = 0; k < 3 && !done; k++) {
			size_t kl = strlen(keys[k]);
			if (!strncmp(s, keys[k], kl)) {
				memcpy(out + o, vals[k], strlen(vals[k]));
				o += strlen(vals[k]);
				s += kl;
				done = true;
			}
		}
		if (!done)
			out[o++] = *s++;
	}
	out[o] = '\0';
	return out;
}

/* Whether some line of text starts with prefix, after its leading spaces. */
static bool S_has_line(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *p = l + strspn(l, " ");
		if (!strncmp(p, prefix, n))
			return true;
	}
	return false;
}

static bool S_has_bytes(const char *text, size_t len, const char *b, size_t n)
{
	return n > 0 && len >= n && memmem(text, len, b, n) != NULL;
}

static void S_run_case(void **state)
{
	S_case *c = *state;
	char *bad = sb_join(SB_TEST_DIR, "bad");
	char *dir = sb_tmpdir();
	char *input = NULL;
	if (c->generate) {
		input = sb_join(dir, c->input);
		S_generate(c->generate, input);
	} else if (c->input) {
		input = sb_join(bad, c->input);
	}
	char *args = S_subst(c->args, input, dir, bad);
	const char *argv[64] = { "securebase" };
	size_t n = 1;
	for (char *save = NULL, *a = strtok_r(args, " ", &save); a && n < 63;
	     a = strtok_r(NULL, " ", &save)) {
		a[S_unescape(a, strlen(a), a)] = '\0'; /* never longer than what it decodes */
		argv[n++] = a;
	}
	argv[n] = NULL;
	char *envs[S_MAX_LINES + 1] = { NULL };
	for (size_t i = 0; i < c->n_env; i++)
		envs[i] = S_subst(c->envs[i], input, dir, bad);
	sb_run_opts o = {
		.argv = argv,
		.env = (const char *const *)envs,
		.stdin_path = c->use_stdin ? input : NULL,
		.timeout = c->timeout,
		.stdout_tty = c->tty,
	};
	sb_run_result r = sb_run_ex(&o);
	bool ok = true;
	if (r.timed_out) {
		print_error("%s: still running after %u s (killed)\n", c->name, c->timeout);
		ok = false;
	}
	if (r.status != c->exit_status) {
		print_error("%s: exit status %d, expected %d\n", c->name, r.status, c->exit_status);
		ok = false;
	}
	if (sb_contains(r.err, "Sanitizer") || sb_contains(r.err, "runtime error:")) {
		print_error("%s: a sanitizer report\n", c->name);
		ok = false;
	}
	for (size_t i = 0; i < c->n_stderr; i++) {
		char *want = S_subst(c->stderr_lines[i], input, dir, bad);
		if (!S_has_line(r.err, want)) {
			print_error("%s: no stderr line starts with: %s\n", c->name, want);
			ok = false;
		}
		free(want);
	}
	for (size_t i = 0; i < c->n_stdout; i++) {
		char *want = S_subst(c->stdout_lines[i], input, dir, bad);
		if (!S_has_line(r.out, want)) {
			print_error("%s: no stdout line starts with: %s\n", c->name, want);
			ok = false;
		}
		free(want);
	}
	for (size_t i = 0; i < c->n_not; i++) {
		char b[256];
		size_t bn = S_unescape(c->nots[i], strlen(c->nots[i]), b);
		if (S_has_bytes(r.out, r.out_len, b, bn) || S_has_bytes(r.err, r.err_len, b, bn)) {
			print_error("%s: the output holds %s\n", c->name, c->nots[i]);
			ok = false;
		}
	}
	if (!ok)
		print_error("--- stderr (first 2000 bytes):\n%.2000s\n--- stdout (first 500 bytes):\n"
		            "%.500s\n", r.err, r.out);
	sb_run_free(&r);
	for (size_t i = 0; i < c->n_env; i++)
		free(envs[i]);
	free(args);
	free(input);
	sb_rmtree(dir);
	free(dir);
	free(bad);
	assert_true(ok);
}

static int S_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	char *bad = sb_join(SB_TEST_DIR, "bad");
	DIR *d = opendir(bad);
	if (!d) {
		fprintf(stderr, "cannot open %s\n", bad);
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l <= 5 || strcmp(e->d_name + l - 5, ".case") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				return 1;
		}
		names[n++] = strndup(e->d_name, l - 5);
	}
	closedir(d);
	qsort(names, n, sizeof *names, S_name_cmp);
	S_case *cases = calloc(n ? n : 1, sizeof *cases);
	struct CMUnitTest *tests = calloc(n ? n : 1, sizeof *tests);
	if (!cases || !tests)
		return 1;
	for (size_t i = 0; i < n; i++) {
		char file[512];
		snprintf(file, sizeof file, "%s/%s.case", bad, names[i]);
		S_parse_case(file, names[i], &cases[i]);
		tests[i] = (struct CMUnitTest){
			.name = cases[i].name,
			.test_func = S_run_case,
			.initial_state = &cases[i],
		};
	}
	/* The issue asks for at least 60 cases; fewer means some were lost. */
	if (n < 60) {
		fprintf(stderr, "only %zu cases in %s (expected at least 60)\n", n, bad);
		return 1;
	}
	int rc = _cmocka_run_group_tests("bad_inputs", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		S_free_case(&cases[i]);
		free(names[i]);
	}
	free(cases);
	free(tests);
	free(names);
	free(bad);
	return rc;
}

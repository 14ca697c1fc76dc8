/* SPDX-License-Identifier: MIT */
/* test_cov_cli.c — the global options of `securebase` (src/cli/main.c): each usage error with its
 * exact message and exit 64, no command, an unknown command, --version and --help; and when a
 * text report on a terminal is coloured: not with NO_COLOR set (an empty NO_COLOR does not
 * count, as no-color.org says), TERM=dumb or --no-color. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

#include "base/buf.h"

static void test_global_usage_errors(void **state)
{
	(void)state;
	static const struct {
		const char *argv[5];
		const char *err;
	} cases[] = {
		{ { "securebase", "--lang", "fr", "template", NULL },
		  "securebase: --lang takes zh or en, not 'fr'\n" },
		{ { "securebase", "--frobnicate", "template", NULL },
		  "securebase: unknown option '--frobnicate'\n" },
		{ { "securebase", "-z", "template", NULL }, "securebase: unknown option '-z'\n" },
		{ { "securebase", "--bank", NULL }, "securebase: option '--bank' needs a value\n" },
		{ { "securebase", "-l", NULL }, "securebase: option '-l' needs a value\n" },
		{ { "securebase", "frobnicate", NULL }, "securebase: unknown command 'frobnicate'\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		sb_run_result r = sb_run(cases[i].argv, NULL, 0, NULL, NULL);
		if (r.status != 64 || strncmp(r.err, cases[i].err, strlen(cases[i].err)) != 0)
			print_message("case %zu: %d [%s]\n", i, r.status, r.err);
		assert_int_equal(r.status, 64);
		assert_true(strncmp(r.err, cases[i].err, strlen(cases[i].err)) == 0);
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
	}
	/* no command at all: the usage on stderr, 64 */
	const char *none[] = { "securebase", "--quiet", NULL };
	sb_run_result r = sb_run(none, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(strncmp(r.err, "usage: securebase", 17) == 0 || sb_contains(r.err, "securebase ["));
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
}

static void test_version_and_help(void **state)
{
	(void)state;
	const char *v[] = { "securebase", "--version", NULL };
	sb_run_result r = sb_run(v, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "securebase ", 11) == 0);
	assert_true(sb_contains(r.out, "\nembedded bank: securebase "));
	assert_int_equal(r.err_len, 0);
	sb_run_free(&r);
	const char *h[] = { "securebase", "-h", NULL };
	r = sb_run(h, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "COMMAND"));
	assert_int_equal(r.err_len, 0);
	sb_run_free(&r);
}

/* A text report of one respondent on a terminal, with env and extra global options. */
static int S_coloured(const char *in, const char *const *env, const char *opt)
{
	const char *argv[] = { "securebase", opt ? opt : "--quiet", "report", in, "--id", "a", NULL };
	sb_run_opts o = { .argv = argv, .env = env, .stdout_tty = 1 };
	sb_run_result r = sb_run_ex(&o);
	assert_int_equal(r.status, 0);
	assert_true(r.out_len > 100);
	int colour = memmem(r.out, r.out_len, "\033[", 2) != NULL;
	sb_run_free(&r);
	return colour;
}

static void test_colour_on_a_terminal(void **state)
{
	(void)state;
	const char *t[] = { "securebase", "template", NULL };
	sb_run_result h = sb_run(t, NULL, 0, NULL, NULL);
	assert_int_equal(h.status, 0);
	sb_buf b = { 0 };
	sb_buf_puts(&b, h.out);
	sb_buf_puts(&b, "a");
	for (const char *p = h.out; *p; p++)
		if (*p == ',')
			sb_buf_puts(&b, ",1");
	sb_buf_putc(&b, '\n');
	sb_run_free(&h);
	char *dir = sb_tmpdir(), *in = sb_join(dir, "a.csv");
	sb_write_file(in, b.data, b.len);
	sb_buf_free(&b);

	const char *plain[] = { "TERM=xterm", NULL };
	const char *no_color[] = { "TERM=xterm", "NO_COLOR=1", NULL };
	const char *empty_no_color[] = { "TERM=xterm", "NO_COLOR=", NULL };
	const char *dumb[] = { "TERM=dumb", NULL };
	assert_int_equal(S_coloured(in, plain, NULL), 1);
	assert_int_equal(S_coloured(in, NULL, NULL), 1); /* no TERM at all */
	assert_int_equal(S_coloured(in, empty_no_color, NULL), 1);
	assert_int_equal(S_coloured(in, no_color, NULL), 0);
	assert_int_equal(S_coloured(in, dumb, NULL), 0);
	assert_int_equal(S_coloured(in, plain, "--no-color"), 0);
	sb_rmtree(dir);
	free(in);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_usage_errors),
		cmocka_unit_test(test_version_and_help),
		cmocka_unit_test(test_colour_on_a_terminal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

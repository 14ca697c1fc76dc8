/* SPDX-License-Identifier: MIT */
/* test_manpage.c — the man page names every command and every option that --help shows. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "support.h"

static const char *const S_commands[] = { "assess", "score",    "report", "compare",
	                                  "template", "form", "validate", "bank" };

/* Every "--option" in text must appear in the man page as "Fl -option". */
static void S_check_options(const char *help, const char *man, const char *where)
{
	for (const char *p = help; (p = strstr(p, "--")) != NULL;) {
		p += 2;
		size_t n = 0;
		while (islower((unsigned char)p[n]) || p[n] == '-')
			n++;
		if (n == 0)
			continue;
		char needle[96];
		snprintf(needle, sizeof needle, "Fl -%.*s", (int)n, p);
		/* "Fl -name" followed by a non-name character. */
		int found = 0;
		for (const char *m = man; (m = strstr(m, needle)) != NULL; m++) {
			char after = m[strlen(needle)];
			if (!(islower((unsigned char)after) || after == '-')) {
				found = 1;
				break;
			}
		}
		if (!found)
			fail_msg("%s shows --%.*s but docs/securebase.1 does not document it", where,
			         (int)n, p);
		p += n;
	}
}

static void test_every_command_and_option(void **state)
{
	(void)state;
	char *path = sb_src_path("docs/securebase.1");
	char *man = sb_read_file(path, NULL);
	assert_non_null(man);
	assert_null(strstr(man, "_DETAILS"));
	const char *argv[] = { "securebase", "--help", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	S_check_options(r.out, man, "securebase --help");
	sb_run_free(&r);
	for (size_t i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++) {
		char heading[64];
		snprintf(heading, sizeof heading, ".Ss %s\n", S_commands[i]);
		if (!strstr(man, heading))
			fail_msg("docs/securebase.1 has no section for '%s'", S_commands[i]);
		const char *cargv[] = { "securebase", S_commands[i], "--help", NULL };
		r = sb_run(cargv, NULL, 0, NULL, NULL);
		if (r.status != 0)
			fail_msg("securebase %s --help exited %d: %s", S_commands[i], r.status, r.err);
		assert_true(sb_contains(r.out, "Usage: securebase"));
		char where[64];
		snprintf(where, sizeof where, "securebase %s --help", S_commands[i]);
		S_check_options(r.out, man, where);
		sb_run_free(&r);
	}
	free(man);
	free(path);
}

static void test_help_lists_every_command(void **state)
{
	(void)state;
	const char *argv[] = { "securebase", "--help", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	for (size_t i = 0; i < sizeof S_commands / sizeof S_commands[0]; i++) {
		char line[64];
		snprintf(line, sizeof line, "  %s ", S_commands[i]);
		assert_true(sb_contains(r.out, line));
	}
	sb_run_free(&r);
}

static void test_usage_errors(void **state)
{
	(void)state;
	const char *none[] = { "securebase", NULL };
	sb_run_result r = sb_run(none, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "Usage: securebase"));
	sb_run_free(&r);
	const char *unknown[] = { "securebase", "frobnicate", NULL };
	r = sb_run(unknown, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "unknown command 'frobnicate'"));
	sb_run_free(&r);
	const char *badlang[] = { "securebase", "--lang", "fr", "bank", NULL };
	r = sb_run(badlang, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--lang takes zh or en"));
	sb_run_free(&r);
	const char *version[] = { "securebase", "--version", NULL };
	r = sb_run(version, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "securebase " SB_VERSION "\nembedded bank: securebase 2.0.0\n"));
	sb_run_free(&r);
}

static void test_full_stdout_fails(void **state)
{
	(void)state;
	/* A full disk must never exit 0: run the binary with stdout on /dev/full. */
	char cmd[512];
	snprintf(cmd, sizeof cmd, "'%s' bank > /dev/full 2>/dev/null", SB_BINARY);
	int ws = system(cmd);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 74);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command_and_option),
		cmocka_unit_test(test_help_lists_every_command),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_full_stdout_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

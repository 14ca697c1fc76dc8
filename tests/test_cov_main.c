/* SPDX-License-Identifier: MIT */
/* test_cov_main.c — what main() decides before any command: ASCII or Unicode text from the
 * locale (installed or only named), and the test seams' malformed values refused as usage
 * errors (a typo must never pass for a test that ran), their numeric errnos accepted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* The text report of r01 printed to a pipe under the locale variables vars (every other
 * locale variable unset): its first line, the heading's rule. */
static char *S_rule(const char *vars)
{
	char *csv = sb_src_path("tests/data/report_answers.csv");
	char cmd[4096];
	snprintf(cmd, sizeof cmd,
	         "env -u LC_ALL -u LC_CTYPE -u LANG %s '%s' --lang en report '%s' --id r01 "
	         "--format text 2>/dev/null | sed -n 2p",
	         vars, SB_BINARY, csv);
	free(csv);
	return sb_sh(cmd);
}

static void S_rule_is(const char *vars, bool unicode)
{
	char *line = S_rule(vars);
	const char *want = unicode ? "\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81" : "===";
	if (strncmp(line, want, strlen(want)) != 0)
		fail_msg("%s: rule \"%.12s\", wanted %s", vars, line, unicode ? "━" : "=");
	free(line);
}

/* A UTF-8 locale draws with box characters, any other with ASCII; a locale that is not
 * installed is taken at its name; the first of LC_ALL, LC_CTYPE, LANG that is set decides. */
static void test_locale_decides_unicode(void **state)
{
	(void)state;
	S_rule_is("LANG=C.UTF-8", true);
	S_rule_is("LANG=POSIX", false);
	S_rule_is("LANG=C", false);
	S_rule_is("LANG=xx_YY.UTF-8", true);
	S_rule_is("LANG=xx_YY.utf8", true);
	S_rule_is("LANG=xx_YY.ISO-8859-1", false);
	S_rule_is("LC_ALL= LC_CTYPE=xx_YY.UTF-8 LANG=xx_YY", true);
	S_rule_is("LC_CTYPE=xx_YY LANG=xx_YY.UTF-8", false);
	S_rule_is("", false);
}

static void S_seam_refused(const char *var, const char *value, const char *says)
{
	char env_v[512];
	snprintf(env_v, sizeof env_v, "%s=%s", var, value);
	const char *env[] = { env_v, NULL };
	const char *argv[] = { "securebase", "bank", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, env, NULL);
	if (r.status != 64 || !sb_contains(r.err, says) || !sb_contains(r.err, value))
		fail_msg("%s: exit %d, %s", env_v, r.status, r.err);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
}

/* Every malformed count, errno, sweep and over-long spec is a usage error naming the value. */
static void test_seams_refuse_typos(void **state)
{
	(void)state;
	const char *io[] = { "write:1:0", "write:1:4096", "write:1:28x", "write:1:-5",
		             "write:1:99999999999999999999", "write:99999999999999999999999:EIO",
		             "write:-1:EIO", "write::EIO", "fsync:1:EIO,close", NULL };
	for (size_t i = 0; io[i]; i++)
		S_seam_refused("SECUREBASE_TEST_FAIL_IO", io[i], "takes OP:K:ERRNO");
	char long_io[300];
	memset(long_io, 'w', sizeof long_io - 1);
	long_io[sizeof long_io - 1] = '\0';
	S_seam_refused("SECUREBASE_TEST_FAIL_IO", long_io, "takes OP:K:ERRNO");
	const char *alloc[] = { "0", "1x", "", "sweep:", "sweep:x", "sweep:0", "sweep:1:5",
		                "sweep:1:5-3:1", "sweep:1:3:5-1", "sweep:1:1-x:1", "sweep:1:x-1:1",
		                "sweep:x:1-2:1", "sweep:1:1-1:0", "sweep:1:1-2:", NULL };
	for (size_t i = 0; alloc[i]; i++)
		S_seam_refused("SECUREBASE_TEST_FAIL_ALLOC", alloc[i],
		               "takes a count from 1 or sweep[:STEP[:FROM-TO:STEP2]]");
	char long_sweep[200] = "sweep:";
	memset(long_sweep + 6, '1', sizeof long_sweep - 7);
	long_sweep[sizeof long_sweep - 1] = '\0';
	S_seam_refused("SECUREBASE_TEST_FAIL_ALLOC", long_sweep, "takes a count from 1");
}

/* An errno given by number is the same as by name; an interrupted write is retried. */
static void test_seam_numeric_errno(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *out = sb_join(dir, "scores.csv");
	char *in = sb_src_path("tests/data/answers_small.csv");
	const char *argv[] = { "securebase", "--quiet", "score", in, "-o", out, NULL };
	const char *env28[] = { "SECUREBASE_TEST_FAIL_IO=write:1:28", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, env28, NULL);
	assert_int_equal(r.status, 74);
	assert_true(sb_contains(r.err, "write failed: No space left on device"));
	assert_null(sb_read_file(out, NULL));
	sb_run_free(&r);
	const char *envi[] = { "SECUREBASE_TEST_FAIL_IO=write:1:EINTR", NULL };
	sb_run_opts o = { .argv = argv, .env = envi, .timeout = 60 };
	r = sb_run_ex(&o);
	assert_false(r.timed_out);
	assert_int_equal(r.status, 65); /* the fixture's bad rows: scored, rejects reported */
	char *got = sb_read_file(out, NULL);
	assert_non_null(got);
	assert_true(strncmp(got, "id,", 3) == 0);
	free(got);
	sb_run_free(&r);
	sb_rmtree(dir);
	free(in), free(out), free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locale_decides_unicode),
		cmocka_unit_test(test_seams_refuse_typos),
		cmocka_unit_test(test_seam_numeric_errno),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

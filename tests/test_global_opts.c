/* SPDX-License-Identifier: MIT */
/* test_global_opts.c — the global options (-b/--bank, -l/--lang, -q/--quiet, --no-color) after
 * the command: for every command and every global option, `securebase OPT COMMAND ARGS` and
 * `securebase COMMAND ARGS OPT` give the same exit status, standard output and standard error,
 * byte for byte, and the option has its effect there (the output differs from the run without
 * it, where it has one: --lang zh always, --bank where the bank shows, --quiet where there is a
 * summary line). Also the short forms, the `--opt=value` form, and a bad --lang after the
 * command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define S_MAX_ARGS 24

static char *S_dir, *S_summary, *S_state, *S_care, *S_plain;

typedef struct {
	const char *name;
	const char *args[10];     /* with the embedded bank */
	const char *bank_args[10]; /* with --bank tests/data/import/bank.yaml; args[0] NULL: args */
	int quiet_shows;          /* --quiet takes a line off stderr */
	int lang_shows;           /* --lang zh changes what it prints */
} S_cmd;

static S_cmd S_cmds[] = {
	{ "score", { "score", "@care" }, { "score", "@plain" }, 1, 1 },
	{ "report", { "report", "@care", "--id", "all7" }, { "report", "@plain", "--id", "r1" }, 0, 1 },
	{ "compare", { "compare", "@care", "--ids", "all7,low", "--mode", "retest" },
	  { "compare", "@plain", "--ids", "r1,r2", "--mode", "retest" }, 0, 1 },
	{ "template", { "template", "--codebook" }, { 0 }, 0, 1 },
	{ "form", { "form" }, { 0 }, 0, 1 },
	{ "validate", { "validate" }, { 0 }, 0, 0 },
	{ "bank", { "bank" }, { 0 }, 0, 0 },
	{ "summary", { "summary", "merge", "@summary" }, { 0 }, 0, 0 },
	{ "assess", { "assess", "--id", "x" }, { 0 }, 0, 1 },
};

static const char *S_subst(const char *a)
{
	if (strcmp(a, "@care") == 0)
		return S_care;
	if (strcmp(a, "@plain") == 0)
		return S_plain;
	if (strcmp(a, "@summary") == 0)
		return S_summary;
	return a;
}

/* Runs securebase with pre (before the command), the command's args, post (after). */
static sb_run_result S_run(const char *const *pre, const char *const *args,
                           const char *const *post)
{
	const char *argv[S_MAX_ARGS] = { "securebase" };
	size_t n = 1;
	for (; pre && *pre; pre++)
		argv[n++] = *pre;
	for (; *args; args++)
		argv[n++] = S_subst(*args);
	for (; post && *post; post++)
		argv[n++] = *post;
	argv[n] = NULL;
	const char *env[] = { S_state, NULL };
	return sb_run(argv, NULL, 0, env, NULL);
}

static void S_same(const sb_run_result *a, const sb_run_result *b, const char *what)
{
	if (a->status != b->status || a->out_len != b->out_len || a->err_len != b->err_len ||
	    memcmp(a->out, b->out, a->out_len) != 0 || memcmp(a->err, b->err, a->err_len) != 0)
		fail_msg("%s: before the command: %d, %zu bytes out, stderr '%s'; after: %d, %zu bytes "
		         "out, stderr '%s'", what, a->status, a->out_len, a->err, b->status,
		         b->out_len, b->err);
}

static int S_differ(const sb_run_result *a, const sb_run_result *b)
{
	return a->status != b->status || a->out_len != b->out_len || a->err_len != b->err_len ||
	       memcmp(a->out, b->out, a->out_len) != 0 || memcmp(a->err, b->err, a->err_len) != 0;
}

/* Each global option, before and after each command. */
static void test_each_command_each_option(void **state)
{
	(void)state;
	char *bank = sb_src_path("tests/data/import/bank.yaml");
	for (size_t i = 0; i < sizeof S_cmds / sizeof S_cmds[0]; i++) {
		const S_cmd *c = &S_cmds[i];
		sb_run_result plain = S_run(NULL, c->args, NULL);
		/* the command works at all without options (every one here exits 0) */
		if (plain.status != 0)
			fail_msg("%s: exit %d: %s", c->name, plain.status, plain.err);
		struct {
			const char *opt[3];
			int effect;
		} opts[] = {
			{ { "--lang", "zh" }, c->lang_shows },
			{ { "-l", "zh" }, c->lang_shows },
			{ { "--lang=zh" }, c->lang_shows },
			{ { "--quiet" }, c->quiet_shows },
			{ { "-q" }, c->quiet_shows },
			{ { "--no-color" }, 0 }, /* no terminal here: nothing to colour either way */
			{ { "--bank", bank }, 1 },
			{ { "-b", bank }, 1 },
		};
		for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
			bool is_bank = strcmp(opts[k].opt[0], "--bank") == 0 || strcmp(opts[k].opt[0], "-b") == 0;
			if (is_bank && (strcmp(c->name, "summary") == 0 || strcmp(c->name, "assess") == 0 ||
			                strcmp(c->name, "bank") == 0))
				continue; /* a summary of another bank; assess and bank: below */
			const char *const *args = is_bank && c->bank_args[0] ? c->bank_args : c->args;
			sb_run_result before = S_run(opts[k].opt, args, NULL);
			sb_run_result after = S_run(NULL, args, opts[k].opt);
			char what[128];
			snprintf(what, sizeof what, "%s %s", c->name, opts[k].opt[0]);
			S_same(&before, &after, what);
			if (opts[k].effect && !is_bank && !S_differ(&before, &plain))
				fail_msg("%s: no effect", what);
			if (is_bank && c->bank_args[0] == NULL && !S_differ(&before, &plain))
				fail_msg("%s: no effect", what);
			if (is_bank && c->bank_args[0])
				assert_int_equal(before.status, 0);
			sb_run_free(&before);
			sb_run_free(&after);
		}
		sb_run_free(&plain);
	}
	free(bank);
}

/* assess and bank with --bank after the command: the questions of the import bank, and the
 * bank command prints the embedded bank either way (as documented). */
static void test_assess_and_bank(void **state)
{
	(void)state;
	char *bank = sb_src_path("tests/data/import/bank.yaml");
	const char *args[] = { "assess", "--id", "x", NULL };
	const char *opt[] = { "--bank", bank, NULL };
	sb_run_result a = S_run(opt, args, NULL), b = S_run(NULL, args, opt);
	S_same(&a, &b, "assess --bank");
	assert_true(sb_contains(a.out, "A bank for import tests") ||
	            sb_contains(a.err, "A bank for import tests"));
	sb_run_free(&a);
	sb_run_free(&b);
	const char *bargs[] = { "bank", NULL };
	a = S_run(opt, bargs, NULL);
	b = S_run(NULL, bargs, opt);
	S_same(&a, &b, "bank --bank");
	sb_run_free(&a);
	sb_run_free(&b);
	free(bank);
}

/* --no-color after the command on a terminal: the same screen as before it, and no escape
 * sequence for colour, where without it there are some. */
static void test_no_color_on_terminal(void **state)
{
	(void)state;
	sb_run_result r[3];
	const char *const argvs[3][7] = {
		{ "securebase", "report", S_care, "--id", "all7", NULL },
		{ "securebase", "--no-color", "report", S_care, "--id", "all7", NULL },
		{ "securebase", "report", S_care, "--id", "all7", "--no-color", NULL },
	};
	for (int k = 0; k < 3; k++) {
		sb_run_opts o = { .argv = argvs[k], .stdout_tty = 1 };
		r[k] = sb_run_ex(&o);
		assert_int_equal(r[k].status, 0);
	}
	assert_true(sb_contains(r[0].out, "\033[1"));
	assert_false(sb_contains(r[1].out, "\033[1"));
	S_same(&r[1], &r[2], "report --no-color on a terminal");
	for (int k = 0; k < 3; k++)
		sb_run_free(&r[k]);
}

/* Several at once, mixed with the command's own options and its input, and a bad value. */
static void test_mixed_and_bad(void **state)
{
	(void)state;
	const char *args[] = { "score", "@care", "--decimals", "3", NULL };
	const char *pre[] = { "-q", "--lang", "zh", NULL };
	const char *mixed[] = { "score", "-q", "@care", "--lang", "zh", "--decimals", "3", NULL };
	sb_run_result a = S_run(pre, args, NULL), b = S_run(NULL, mixed, NULL);
	S_same(&a, &b, "score -q --lang zh");
	assert_int_equal(a.status, 0);
	assert_int_equal(a.err_len, 0);
	assert_true(strncmp(a.out, "id,anxiety,anxiety_band,", 24) == 0);
	sb_run_free(&a);
	sb_run_free(&b);
	const char *bad[] = { "--lang", "fr", NULL };
	a = S_run(NULL, args, bad);
	assert_int_equal(a.status, 64);
	assert_string_equal(a.err, "securebase: --lang takes zh or en, not 'fr'\n"
	                           "Try 'securebase --help'.\n");
	assert_int_equal(a.out_len, 0);
	sb_run_free(&a);
	/* the value of a command's own option is never taken for a global option */
	const char *val[] = { "report", "@care", "--id", "-q", NULL };
	a = S_run(NULL, val, NULL);
	assert_int_equal(a.status, 65);
	assert_true(sb_contains(a.err, "-q"));
	sb_run_free(&a);
}

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	S_care = sb_src_path("tests/data/care_answers.csv");
	S_plain = sb_src_path("tests/data/import/plain.csv");
	S_summary = sb_join(S_dir, "s.json");
	size_t n = strlen(S_dir) + 40;
	S_state = malloc(n);
	snprintf(S_state, n, "XDG_STATE_HOME=%s/state", S_dir);
	char *care = sb_src_path("tests/data/care_answers.csv");
	const char *argv[] = { "securebase", "-q", "score", care, "--summary", S_summary, "-o",
		               "/dev/null", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	free(care);
	int ok = r.status == 0;
	sb_run_free(&r);
	return ok ? 0 : -1;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	free(S_summary);
	free(S_state);
	free(S_care);
	free(S_plain);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_command_each_option),
		cmocka_unit_test(test_assess_and_bank),
		cmocka_unit_test(test_mixed_and_bad),
		cmocka_unit_test(test_no_color_on_terminal),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

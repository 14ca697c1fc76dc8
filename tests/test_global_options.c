/* SPDX-License-Identifier: MIT */
/* test_global_options.c — the global options (-b/--bank, -l/--lang, -q/--quiet, --no-color) with
 * every command (issue 13, item 5, and after the command):
 * - before the command, each is honoured or refused, never silently ignored: -b FILE changes
 *   what the command does, -b /nonexistent is refused (66); --lang zh changes the words wherever
 *   the command writes for people and gives the same bytes where its output is language-neutral
 *   data; -q takes a line off stderr where there is one; --no-color on a terminal stops the
 *   colours. Where a command has nothing an option governs, the test says so and asserts it: the
 *   output is the same byte for byte, and there was nothing to suppress.
 * - after the command: `securebase OPT COMMAND ARGS` and `securebase COMMAND ARGS OPT` give the
 *   same exit status, standard output and standard error, byte for byte, and the option has its
 *   effect there (the output differs from the run without it, where it has one: --lang zh
 *   always, --bank where the bank shows, --quiet where there is a summary line). Also the short
 *   forms, the `--opt=value` form, and a bad --lang after the command.
 * One program since issue 17 (the two halves were test_global_options.c and test_global_opts.c):
 * a run whose arguments, environment and input are those of an earlier one is not repeated, its
 * result is shared (S_run_cached), which drops only exact duplicates. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define S_MAX_ARGS 24

static char *S_dir, *S_summary, *S_state, *S_care, *S_plain, *S_csv, *S_sum, *S_min;

/* ---- runs, each made once ------------------------------------------------------------------ */

/* Every run of the binary so far: its command line (NUL-separated) and what it gave. */
typedef struct {
	char *key;
	size_t key_len;
	sb_run_result r;
} S_memo;
static S_memo *S_memos;
static size_t S_n_memos;

static char *S_dup(const char *p, size_t n)
{
	char *d = malloc(n + 1);
	assert_non_null(d);
	memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

/* sb_run(argv, no input, env S_state): every run here has that input and environment, so its
 * command line decides the result; a command line run before gives a copy of that result. */
static sb_run_result S_run_cached(const char *const *argv)
{
	size_t len = 0;
	for (size_t i = 0; argv[i]; i++)
		len += strlen(argv[i]) + 1;
	char *key = malloc(len + 1);
	assert_non_null(key);
	size_t at = 0;
	for (size_t i = 0; argv[i]; i++) {
		size_t n = strlen(argv[i]) + 1;
		memcpy(key + at, argv[i], n);
		at += n;
	}
	S_memo *m = NULL;
	for (size_t i = 0; i < S_n_memos && !m; i++)
		if (S_memos[i].key_len == len && memcmp(S_memos[i].key, key, len) == 0)
			m = &S_memos[i];
	if (m) {
		free(key);
	} else {
		S_memos = realloc(S_memos, (S_n_memos + 1) * sizeof *S_memos);
		assert_non_null(S_memos);
		m = &S_memos[S_n_memos++];
		const char *env[] = { S_state, NULL };
		*m = (S_memo){ .key = key, .key_len = len, .r = sb_run(argv, NULL, 0, env, NULL) };
	}
	sb_run_result r = m->r;
	r.out = S_dup(m->r.out, m->r.out_len);
	r.err = S_dup(m->r.err, m->r.err_len);
	return r;
}

static void S_memos_free(void)
{
	for (size_t i = 0; i < S_n_memos; i++) {
		free(S_memos[i].key);
		sb_run_free(&S_memos[i].r);
	}
	free(S_memos);
	S_memos = NULL;
	S_n_memos = 0;
}

static bool S_same_bytes(const sb_run_result *a, const sb_run_result *b)
{
	return a->status == b->status && a->out_len == b->out_len && a->err_len == b->err_len &&
	       !memcmp(a->out, b->out, a->out_len) && !memcmp(a->err, b->err, a->err_len);
}

static const char *S_subst(const char *a)
{
	if (strcmp(a, "@care") == 0)
		return S_care;
	if (strcmp(a, "@plain") == 0)
		return S_plain;
	if (strcmp(a, "@summary") == 0)
		return S_summary;
	if (strcmp(a, "{csv}") == 0)
		return S_csv;
	if (strcmp(a, "{sum}") == 0)
		return S_sum;
	return a;
}

/* ---- each global option before and after each command ------------------------------------ */

typedef struct {
	const char *name;
	const char *args[10];     /* with the embedded bank */
	const char *bank_args[10]; /* with --bank tests/data/import/bank.yaml; args[0] NULL: args */
	int quiet_shows;          /* --quiet takes a line off stderr */
	int lang_shows;           /* --lang zh changes what it prints */
} S_after_cmd;

static const S_after_cmd S_after_cmds[] = {
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

/* Runs securebase with pre (before the command), the command's args, post (after). */
static sb_run_result S_run_around(const char *const *pre, const char *const *args,
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
	return S_run_cached(argv);
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
	return !S_same_bytes(a, b);
}

/* Each global option, before and after each command. */
static void test_each_command_each_option(void **state)
{
	(void)state;
	char *bank = sb_src_path("tests/data/import/bank.yaml");
	for (size_t i = 0; i < sizeof S_after_cmds / sizeof S_after_cmds[0]; i++) {
		const S_after_cmd *c = &S_after_cmds[i];
		sb_run_result plain = S_run_around(NULL, c->args, NULL);
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
			sb_run_result before = S_run_around(opts[k].opt, args, NULL);
			sb_run_result after = S_run_around(NULL, args, opts[k].opt);
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
	sb_run_result a = S_run_around(opt, args, NULL), b = S_run_around(NULL, args, opt);
	S_same(&a, &b, "assess --bank");
	assert_true(sb_contains(a.out, "A bank for import tests") ||
	            sb_contains(a.err, "A bank for import tests"));
	sb_run_free(&a);
	sb_run_free(&b);
	const char *bargs[] = { "bank", NULL };
	a = S_run_around(opt, bargs, NULL);
	b = S_run_around(NULL, bargs, opt);
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
	sb_run_result a = S_run_around(pre, args, NULL), b = S_run_around(NULL, mixed, NULL);
	S_same(&a, &b, "score -q --lang zh");
	assert_int_equal(a.status, 0);
	assert_int_equal(a.err_len, 0);
	assert_true(strncmp(a.out, "id,anxiety,anxiety_band,", 24) == 0);
	sb_run_free(&a);
	sb_run_free(&b);
	const char *bad[] = { "--lang", "fr", NULL };
	a = S_run_around(NULL, args, bad);
	assert_int_equal(a.status, 64);
	assert_string_equal(a.err, "securebase: --lang takes zh or en, not 'fr'\n"
	                           "Try 'securebase --help'.\n");
	assert_int_equal(a.out_len, 0);
	sb_run_free(&a);
	/* the value of a command's own option is never taken for a global option */
	const char *val[] = { "report", "@care", "--id", "-q", NULL };
	a = S_run_around(NULL, val, NULL);
	assert_int_equal(a.status, 65);
	assert_true(sb_contains(a.err, "-q"));
	sb_run_free(&a);
}

/* ---- each global option before each command: honoured or refused ------------------------- */

/* What an option does to a command: D it changes what the command writes; S the command has
 * nothing the option governs (asserted: the same bytes; for -q and --no-color, nothing there to
 * suppress); X not run here (said why at the entry). */
typedef struct {
	const char *args[8]; /* after the global options; "{csv}", "{sum}" substituted */
	char lang, quiet, color;
} S_cmd;

static const S_cmd S_cmds[] = {
	{ { "validate" }, 'D', 'S', 'S' },
	{ { "bank" }, 'S', 'S', 'S' },            /* the bank's own bytes */
	{ { "template" }, 'S', 'S', 'S' },        /* the CSV header: item ids */
	{ { "template", "--codebook" }, 'D', 'S', 'S' },
	{ { "score", "{csv}" }, 'D', 'D', 'S' },  /* -q: no summary line */
	{ { "report", "{csv}", "--id", "r01" }, 'D', 'S', 'D' },
	{ { "compare", "{csv}", "--ids", "r01,r02", "--mode", "retest" }, 'D', 'S', 'D' },
	{ { "form" }, 'D', 'S', 'D' },
	{ { "summary", "merge", "{sum}", "{sum}" }, 'S', 'S', 'S' }, /* JSON data */
	/* assess in line mode (standard input is not a terminal); its colours belong to the
	 * full-screen questionnaire, tested on a terminal in test_cmd_assess.c */
	{ { "assess" }, 'D', 'D', 'X' },
};

/* securebase GLOBAL... COMMAND ARGS, for the command c of S_cmds. */
static sb_run_result S_run(const char *const *global, size_t n_global, const S_cmd *c)
{
	const char *argv[S_MAX_ARGS] = { "securebase" };
	size_t n = 1;
	for (size_t i = 0; i < n_global; i++)
		argv[n++] = global[i];
	for (size_t i = 0; c->args[i]; i++)
		argv[n++] = S_subst(c->args[i]);
	argv[n] = NULL;
	return S_run_cached(argv);
}

static const char *S_name(const S_cmd *c)
{
	static char buf[128];
	snprintf(buf, sizeof buf, "%s %s", c->args[0], c->args[1] ? c->args[1] : "");
	return buf;
}

/* -b /nonexistent is refused by every command (66, naming the file); -b FILE changes what it
 * does (the minimal bank has other items, texts and id). */
static void test_bank(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof S_cmds / sizeof S_cmds[0]; i++) {
		const S_cmd *c = &S_cmds[i];
		const char *none[] = { "--lang", "en", "-b", "/nonexistent/bank.yaml" };
		sb_run_result r = S_run(none, 4, c);
		if (r.status != 66 || !sb_contains(r.err, "/nonexistent/bank.yaml: cannot open"))
			fail_msg("-b /nonexistent %s: exit %d: %s", S_name(c), r.status, r.err);
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
		const char *emb[] = { "--lang", "en" }, *min[] = { "--lang", "en", "-b", S_min };
		sb_run_result a = S_run(emb, 2, c), b = S_run(min, 4, c);
		if (S_same_bytes(&a, &b))
			fail_msg("-b %s: the same with the minimal bank as without", S_name(c));
		sb_run_free(&a);
		sb_run_free(&b);
	}
}

/* --lang zh and --lang en: different words wherever the command writes for people; the same
 * bytes where its output is language-neutral data. */
static void test_lang(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof S_cmds / sizeof S_cmds[0]; i++) {
		const S_cmd *c = &S_cmds[i];
		const char *zh[] = { "--lang", "zh" }, *en[] = { "--lang", "en" };
		sb_run_result a = S_run(zh, 2, c), b = S_run(en, 2, c);
		assert_int_equal(a.status, b.status);
		if (c->lang == 'D' && S_same_bytes(&a, &b))
			fail_msg("--lang %s: the same in zh and en", S_name(c));
		if (c->lang == 'S' && !S_same_bytes(&a, &b))
			fail_msg("--lang %s: expected language-neutral output", S_name(c));
		sb_run_free(&a);
		sb_run_free(&b);
		const char *bad[] = { "--lang", "fr" };
		sb_run_result r = S_run(bad, 2, c);
		if (r.status != 64 || !sb_contains(r.err, "fr"))
			fail_msg("--lang fr %s: exit %d: %s", S_name(c), r.status, r.err);
		sb_run_free(&r);
	}
}

/* -q: less on stderr where the command writes progress or a summary there; otherwise it had
 * nothing on stderr to quieten. Standard output is the same either way. */
static void test_quiet(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof S_cmds / sizeof S_cmds[0]; i++) {
		const S_cmd *c = &S_cmds[i];
		const char *q[] = { "--lang", "en", "-q" }, *loud[] = { "--lang", "en" };
		sb_run_result a = S_run(q, 3, c), b = S_run(loud, 2, c);
		assert_int_equal(a.status, b.status);
		if (c->quiet == 'D' && !(a.err_len < b.err_len))
			fail_msg("-q %s: stderr not shorter (%zu vs %zu)", S_name(c), a.err_len, b.err_len);
		if (c->quiet == 'S' && (a.err_len || b.err_len))
			fail_msg("-q %s: expected nothing on stderr: %s", S_name(c), b.err);
		if (c->quiet == 'S' && !S_same_bytes(&a, &b))
			fail_msg("-q %s: output differs", S_name(c));
		sb_run_free(&a);
		sb_run_free(&b);
	}
}

/* --no-color on a terminal: commands that colour their output stop; the others never write an
 * escape sequence at all. */
static void test_no_color(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof S_cmds / sizeof S_cmds[0]; i++) {
		const S_cmd *c = &S_cmds[i];
		if (c->color == 'X')
			continue;
		char *argv[24] = { "securebase", "--lang", "en" };
		size_t n = 3;
		for (size_t k = 0; c->args[k]; k++)
			argv[n++] = (char *)S_subst(c->args[k]);
		argv[n] = NULL;
		char *colour = NULL, *plain = NULL;
		int st1 = sb_pty_run(argv, &colour);
		memmove(argv + 2, argv + 1, (n - 1 + 1) * sizeof argv[0]);
		argv[1] = "--no-color";
		int st2 = sb_pty_run(argv, &plain);
		assert_int_equal(st1, st2);
		if (strchr(plain, '\x1b'))
			fail_msg("--no-color %s: an escape sequence on the terminal", S_name(c));
		if (c->color == 'D' && !strstr(colour, "\x1b["))
			fail_msg("%s: no colour on a terminal without --no-color", S_name(c));
		if (c->color == 'S' && strchr(colour, '\x1b'))
			fail_msg("%s: an escape sequence on the terminal", S_name(c));
		free(colour);
		free(plain);
	}
}

/* ---- the files both halves use ------------------------------------------------------------ */

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
	const char *argv[] = { "securebase", "-q", "score", S_care, "--summary", S_summary, "-o",
		               "/dev/null", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	int ok = r.status == 0;
	sb_run_free(&r);
	char *src = sb_src_path("tests/data/report_answers.csv");
	char *all = sb_read_file(src, NULL);
	free(src);
	/* the header and the first two rows (r01, r02), both valid */
	char *end = all;
	for (int i = 0; i < 3; i++)
		end = strchr(end, '\n') + 1;
	S_csv = sb_join(S_dir, "a.csv");
	sb_write_file(S_csv, all, (size_t)(end - all));
	free(all);
	S_sum = sb_join(S_dir, "s2.json");
	const char *argv2[] = { "securebase", "-q", "score", S_csv, "-o", "/dev/null", "--summary",
		                S_sum, NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	ok = ok && r.status == 0;
	sb_run_free(&r);
	S_min = sb_src_path("tests/banks/minimal.yaml");
	return ok ? 0 : -1;
}

static int S_teardown(void **state)
{
	(void)state;
	S_memos_free();
	sb_rmtree(S_dir);
	free(S_dir);
	free(S_summary);
	free(S_state);
	free(S_care);
	free(S_plain);
	free(S_csv);
	free(S_sum);
	free(S_min);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_no_color),
		cmocka_unit_test(test_each_command_each_option),
		cmocka_unit_test(test_assess_and_bank),
		cmocka_unit_test(test_mixed_and_bad),
		cmocka_unit_test(test_no_color_on_terminal),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

/* SPDX-License-Identifier: MIT */
/* test_global_options.c — every command with each global option before it (issue 13, item 5):
 * -b FILE, -b /nonexistent, --lang, -q and --no-color are each honoured or refused, never
 * silently ignored. Where a command has nothing an option governs (a language-neutral output,
 * nothing on stderr to quieten, no colour), the test says so and asserts it: the output is the
 * same byte for byte, and there was nothing to suppress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static char *S_dir, *S_csv, *S_sum, *S_min;

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

static sb_run_result S_run(const char *const *global, size_t n_global, const S_cmd *c)
{
	const char *argv[24] = { "securebase" };
	size_t n = 1;
	for (size_t i = 0; i < n_global; i++)
		argv[n++] = global[i];
	for (size_t i = 0; c->args[i]; i++) {
		const char *a = c->args[i];
		argv[n++] = !strcmp(a, "{csv}") ? S_csv : !strcmp(a, "{sum}") ? S_sum : a;
	}
	argv[n] = NULL;
	return sb_run(argv, "", 0, NULL, NULL);
}

static bool S_same(const sb_run_result *a, const sb_run_result *b)
{
	return a->status == b->status && a->out_len == b->out_len && a->err_len == b->err_len &&
	       !memcmp(a->out, b->out, a->out_len) && !memcmp(a->err, b->err, a->err_len);
}

static const char *S_name(const S_cmd *c)
{
	static char buf[128];
	snprintf(buf, sizeof buf, "%s %s", c->args[0], c->args[1] ? c->args[1] : "");
	return buf;
}

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
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
	S_sum = sb_join(S_dir, "s.json");
	const char *argv[] = { "securebase", "-q", "score", S_csv, "-o", "/dev/null", "--summary",
		               S_sum, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	sb_run_free(&r);
	S_min = sb_src_path("tests/banks/minimal.yaml");
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	free(S_csv);
	free(S_sum);
	free(S_min);
	return 0;
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
		if (S_same(&a, &b))
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
		if (c->lang == 'D' && S_same(&a, &b))
			fail_msg("--lang %s: the same in zh and en", S_name(c));
		if (c->lang == 'S' && !S_same(&a, &b))
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
		if (c->quiet == 'S' && !S_same(&a, &b))
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
		for (size_t k = 0; c->args[k]; k++) {
			const char *a = c->args[k];
			argv[n++] = (char *)(!strcmp(a, "{csv}") ? S_csv : !strcmp(a, "{sum}") ? S_sum : a);
		}
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_no_color),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

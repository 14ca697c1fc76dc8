/* SPDX-License-Identifier: MIT */
/* test_cmd_validate.c — `securebase validate` and `securebase bank` end to end: the real binary on
 * real files, standard input, exit statuses and messages, and the embedded bank travelling with
 * the binary. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

static char *S_bank(const char *rel)
{
	return sb_join(SB_TEST_DIR "/banks", rel);
}

static void S_show(const sb_run_result *r)
{
	print_message("status %d\nstdout:\n%s\nstderr:\n%s\n", r->status, r->out, r->err);
}

static void test_embedded(void **state)
{
	(void)state;
	const char *argv[] = { "securebase", "validate", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	if (r.status != 0)
		S_show(&r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out,
	                    "(embedded): bank securebase 2.0.0: 6 scales, 52 items (4 of them safety items), languages: zh en\n");
	assert_string_equal(r.err, "");
	sb_run_free(&r);
}

static void test_good_file(void **state)
{
	(void)state;
	char *path = S_bank("minimal.yaml");
	const char *argv[] = { "securebase", "validate", path, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	char want[4096];
	snprintf(want, sizeof want, "%s: bank minimal 0.1: 2 scales, 5 items, languages: zh en\n",
	         path);
	assert_string_equal(r.out, want);
	assert_string_equal(r.err, "");
	sb_run_free(&r);
	free(path);
}

static void test_misspelt_key(void **state)
{
	(void)state;
	char *path = S_bank("bad/misspelt-key.yaml");
	const char *argv[] = { "securebase", "validate", path, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out, "");
	char want[4096];
	snprintf(want, sizeof want,
	         "securebase: %s:61:5: unknown key 'min_answerd' in scale 'worry' (expected one of: "
	         "id, name, description, method, min_answered, norms, bands)\n",
	         path);
	assert_string_equal(r.err, want);
	sb_run_free(&r);
	free(path);
}

static void test_missing_file(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "nowhere.yaml");
	const char *argv[] = { "securebase", "validate", path, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 66);
	char want[4096];
	snprintf(want, sizeof want, "securebase: %s: cannot open: No such file or directory\n", path);
	assert_string_equal(r.err, want);
	assert_string_equal(r.out, "");
	sb_run_free(&r);
	sb_rmtree(dir);
	free(path);
	free(dir);
}

static void test_several_files(void **state)
{
	(void)state;
	char *good = S_bank("minimal.yaml");
	char *bad = S_bank("bad/band-gap.yaml");
	const char *argv[] = { "securebase", "validate", good, bad, good, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	char want[4096];
	snprintf(want, sizeof want,
	         "%s: bank minimal 0.1: 2 scales, 5 items, languages: zh en\n"
	         "%s: bank minimal 0.1: 2 scales, 5 items, languages: zh en\n",
	         good, good);
	assert_string_equal(r.out, want);
	snprintf(want, sizeof want,
	         "securebase: %s:102:14: gap between band 'low' (max 1.5) and band 'high' (min 2) of scale "
	         "'distance' (expected min: 1.5)\n",
	         bad);
	assert_string_equal(r.err, want);
	sb_run_free(&r);
	/* A file that cannot be opened outranks bad data, in either order. */
	const char *argv2[] = { "securebase", "validate", "/nonexistent/x.yaml", bad, NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 66);
	sb_run_free(&r);
	const char *argv3[] = { "securebase", "validate", bad, "/nonexistent/x.yaml", NULL };
	r = sb_run(argv3, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 66);
	assert_true(sb_contains(r.err, ":102:14: gap between"));
	assert_true(sb_contains(r.err, "/nonexistent/x.yaml: cannot open"));
	sb_run_free(&r);
	free(good);
	free(bad);
}

static void test_stdin(void **state)
{
	(void)state;
	char *path = S_bank("minimal.yaml");
	size_t n;
	char *y = sb_read_file(path, &n);
	assert_non_null(y);
	const char *argv[] = { "securebase", "validate", "-", NULL };
	sb_run_result r = sb_run(argv, y, n, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out,
	                    "(standard input): bank minimal 0.1: 2 scales, 5 items, languages: zh en\n");
	sb_run_free(&r);
	free(y);
	free(path);
	path = S_bank("bad/misspelt-key.yaml");
	y = sb_read_file(path, &n);
	r = sb_run(argv, y, n, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "(standard input):61:5: unknown key 'min_answerd'"));
	sb_run_free(&r);
	free(y);
	free(path);
	/* Nothing on standard input is an empty bank. */
	r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.err, "securebase: (standard input):1:1: empty bank (expected a mapping with "
	                           "format, id, version, ...)\n");
	sb_run_free(&r);
}

static void test_bank_round_trip(void **state)
{
	(void)state;
	const char *bank[] = { "securebase", "bank", NULL };
	sb_run_result r = sb_run(bank, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	char *path = sb_src_path("questions/securebase.yaml");
	size_t n;
	char *src = sb_read_file(path, &n);
	assert_non_null(src);
	assert_int_equal(r.out_len, n);
	assert_memory_equal(r.out, src, n);
	const char *validate[] = { "securebase", "validate", "-", NULL };
	sb_run_result v = sb_run(validate, r.out, r.out_len, NULL, NULL);
	if (v.status != 0)
		S_show(&v);
	assert_int_equal(v.status, 0);
	assert_string_equal(
		v.out, "(standard input): bank securebase 2.0.0: 6 scales, 52 items (4 of them safety items), languages: zh en\n");
	sb_run_free(&v);
	sb_run_free(&r);
	free(src);
	free(path);
	const char *extra[] = { "securebase", "bank", "more", NULL };
	r = sb_run(extra, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	sb_run_free(&r);
}

/* Runs the program at bin (not SB_BINARY) in cwd; stdout and stderr go to files in cwd. */
static int S_exec_in(const char *bin, const char *const *argv, const char *cwd, char **out)
{
	char *out_path = sb_join(cwd, "stdout.txt");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int null = open("/dev/null", O_RDONLY);
		if (fd < 0 || null < 0 || chdir(cwd) != 0)
			_exit(127);
		dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	*out = sb_read_file(out_path, NULL);
	unlink(out_path);
	free(out_path);
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

static void test_binary_alone(void **state)
{
	(void)state;
	/* The default bank travels inside the binary: a copy alone in an empty folder, run from
	 * there, still validates it and prints it. */
	char *dir = sb_tmpdir();
	char *bin = sb_join(dir, "securebase");
	size_t n;
	char *image = sb_read_file(SB_BINARY, &n);
	assert_non_null(image);
	sb_write_file(bin, image, n);
	free(image);
	assert_int_equal(chmod(bin, 0700), 0);
	const char *argv[] = { bin, "validate", NULL };
	char *out = NULL;
	int st = S_exec_in(bin, argv, dir, &out);
	if (st != 0)
		print_message("%s\n", out ? out : "(no output)");
	assert_int_equal(st, 0);
	assert_string_equal(out,
	                    "(embedded): bank securebase 2.0.0: 6 scales, 52 items (4 of them safety items), languages: zh en\n");
	free(out);
	const char *bank[] = { bin, "bank", NULL };
	assert_int_equal(S_exec_in(bin, bank, dir, &out), 0);
	char *path = sb_src_path("questions/securebase.yaml");
	char *src = sb_read_file(path, NULL);
	assert_string_equal(out, src);
	free(src);
	free(path);
	free(out);
	sb_rmtree(dir);
	free(bin);
	free(dir);
}

static void test_dump(void **state)
{
	(void)state;
	char *path = S_bank("minimal.yaml");
	const char *argv[] = { "securebase", "validate", "--dump", path, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	/* The summary line, then the dump exactly as the loader test's golden file has it. */
	char *nl = strchr(r.out, '\n');
	assert_non_null(nl);
	char want[4096];
	snprintf(want, sizeof want, "%s: bank minimal 0.1: 2 scales, 5 items, languages: zh en", path);
	assert_int_equal((size_t)(nl - r.out), strlen(want));
	assert_memory_equal(r.out, want, strlen(want));
	char *golden = sb_golden_path("bank_dump_minimal.txt");
	size_t gn;
	char *g = sb_read_file(golden, &gn);
	assert_non_null(g);
	assert_int_equal(r.out_len - (size_t)(nl + 1 - r.out), gn);
	assert_memory_equal(nl + 1, g, gn);
	free(g);
	free(golden);
	sb_run_free(&r);
	free(path);
}

static void test_help_and_usage(void **state)
{
	(void)state;
	const char *help[] = { "securebase", "validate", "--help", NULL };
	sb_run_result r = sb_run(help, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "Usage: securebase validate [--dump] [--strict] [BANK.yaml ...]"));
	sb_run_free(&r);
	const char *bad[] = { "securebase", "validate", "--bogus", NULL };
	r = sb_run(bad, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "unknown option '--bogus'"));
	assert_string_equal(r.out, "");
	sb_run_free(&r);
}

static void test_bad_corpus(void **state)
{
	(void)state;
	/* Every bad bank is rejected with exit 65 and its first problem at FILE:LINE:COLUMN. */
	const struct {
		const char *file, *where;
	} cases[] = {
		{ "misspelt-key.yaml", ":61:5: unknown key 'min_answerd'" },
		{ "tab-indentation.yaml",
		  ":91:1: syntax error: found character that cannot start any token" },
		{ "alias.yaml", ":58:11: anchors are not allowed (&worry)" },
		{ "alias.yaml", ":89:11: aliases are not allowed (*worry)" },
		{ "invalid-utf8.yaml", ":117:20: invalid UTF-8 (byte 0xE6)" },
		{ "utf16.yaml", ":1:1: the file starts with a UTF-16 byte-order mark" },
		{ "empty.yaml", ":1:1: empty bank" },
		{ "band-gap.yaml", ":102:14: gap between band 'low' (max 1.5) and band 'high'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char rel[128];
		snprintf(rel, sizeof rel, "bad/%s", cases[i].file);
		char *path = S_bank(rel);
		const char *argv[] = { "securebase", "validate", path, NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		char want[4096];
		snprintf(want, sizeof want, "%s%s", path, cases[i].where);
		if (r.status != 65 || !sb_contains(r.err, want)) {
			print_message("want %s\n", want);
			S_show(&r);
		}
		assert_int_equal(r.status, 65);
		assert_true(sb_contains(r.err, want));
		assert_string_equal(r.out, "");
		sb_run_free(&r);
		free(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded),        cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_misspelt_key),    cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_several_files),   cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_bank_round_trip), cmocka_unit_test(test_binary_alone),
		cmocka_unit_test(test_dump),            cmocka_unit_test(test_help_and_usage),
		cmocka_unit_test(test_bad_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

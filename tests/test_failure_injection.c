/* SPDX-License-Identifier: MIT */
/* test_failure_injection.c — the unhappy paths, on purpose. Allocation: the bank loader, the core
 * path of `score` (answers reader, scoring, summary, CSV cells into an atomic output file) and the
 * report builder with its renderers fail on the k-th allocation for k = 1, 2, 3, ... until a run
 * succeeds; every failing run must return a clean error, leak nothing (LeakSanitizer checks at
 * exit) and leave no output file. Then the same through the binary (SECUREBASE_TEST_FAIL_ALLOC),
 * and write, fsync, close and rename failing under `score`, `report` and `form -o` on an existing
 * file (SECUREBASE_TEST_FAIL_IO): exit 74 or 73, a message naming the file, the old contents
 * intact, no temporary file left. A full disk (/dev/full) never exits 0. Outputs are 0600, and a
 * symlink in the output's place is replaced, never followed. The program calls no network
 * function. */
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "data/answers.h"
#include "bank/bank.h"
#include "data/csv.h"
#include "report/doc.h"
#include "report/form.h"
#include "data/outfile.h"
#include "render/render.h"
#include "report/report.h"
#include "score/score.h"
#include "score/summary.h"

#define S_SMALL_BANK "tests/banks/minimal.yaml"
#define S_REPORT_CSV "tests/data/report_answers.csv"

/* Names in dir, sorted and joined with '|' (caller frees). */
static char *S_listing(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(names[i]) + 1;
	char *out = calloc(1, len);
	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, "|");
		strcat(out, names[i]);
		free(names[i]);
	}
	return out;
}

static void S_assert_listing(const char *dir, const char *want)
{
	char *got = S_listing(dir);
	if (strcmp(got, want) != 0)
		fail_msg("folder %s holds '%s', expected '%s'", dir, got, want);
	free(got);
}

/* Whether some diagnostic mentions memory. */
static bool S_says_oom(const sb_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].message, "out of memory") || strstr(d->v[i].message, "memory"))
			return true;
	return d->n == 0 && d->dropped > 0; /* not even the message could be kept */
}

/* ---- allocation failures, in process ------------------------------------------------------ */

static void test_alloc_bank_loader(void **state)
{
	(void)state;
	char *path = sb_src_path(S_SMALL_BANK);
	size_t len;
	char *yaml = sb_read_file(path, &len);
	assert_non_null(yaml);
	unsigned long k;
	for (k = 1;; k++) {
		sb_bank *b = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_bank_load(yaml, len, "minimal.yaml", &b, &d);
		sb_alloc_fail_after(0);
		if (st == SB_OK) {
			assert_non_null(b);
			sb_bank_free(b);
			sb_diags_free(&d);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(b);
		assert_true(S_says_oom(&d));
		sb_diags_free(&d);
	}
	assert_true(k > 100); /* the sweep reached deep into the loader */
	print_message("bank loader: %lu allocation failures, each clean\n", k - 1);

	/* The embedded bank, every 37th allocation (the whole sweep is in the minimal bank above). */
	unsigned long total = 0;
	{
		sb_bank *b = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(0);
		assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
		total = sb_alloc_fail_after(0);
		sb_bank_free(b);
		sb_diags_free(&d);
	}
	for (k = 1; k <= total; k += 37) {
		sb_bank *b = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_bank_load_embedded(&b, &d);
		sb_alloc_fail_after(0);
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(b);
		sb_diags_free(&d);
	}
	free(yaml);
	free(path);
}

/* The core path `score` takes: open the answers, score every row, the summary, CSV cells into an
 * atomic output file. Returns the first status that is not SB_OK. */
static sb_status S_score_path(const sb_bank *b, const char *in, const char *out_path, char *why,
                              size_t why_size)
{
	sb_diags d = { 0 };
	sb_answers *a = NULL;
	sb_summary *sum = NULL;
	sb_outfile *out = NULL;
	sb_result r = { 0 };
	sb_buf line = { 0 }, js = { 0 };
	const char *keep[] = { "note" };
	sb_answers_opts o = { .keep = keep, .n_keep = 1, .check_duplicates = true };
	/* Calls that take diagnostics must explain a failure there; the others (result, summary,
	 * buffers) only return SB_ERR_INTERNAL, and the command says "out of memory". */
	bool told = true;
	sb_status st = sb_answers_open_path(b, in, &o, &a, &d);
	if (st == SB_OK && (told = false, st = sb_result_init(&r, b)) == SB_OK)
		st = sb_summary_new(b, &sum);
	if (st == SB_OK && (told = true, st = sb_out_open(out_path, &out, &d)) == SB_OK)
		told = false;
	while (st == SB_OK) {
		sb_answer_row row;
		told = true;
		if ((st = sb_answers_next(a, &row, &d)) != SB_OK || row.kind == SB_ANSWER_END)
			break;
		told = false;
		if (row.kind == SB_ANSWER_REJECT) {
			sb_summary_reject(sum);
			continue;
		}
		sb_score(b, row.values, &r);
		sb_summary_add(sum, row.values, &r);
		line.len = 0;
		sb_csv_put(&line, row.id, row.id_len, true);
		sb_buf_putc(&line, ',');
		sb_csv_put(&line, row.kept[0], row.kept_len[0], true);
		for (size_t i = 0; i < b->n_scales; i++)
			sb_buf_printf(&line, ",%.2f", r.scales[i].score);
		sb_buf_putc(&line, '\n');
		if (line.failed)
			st = SB_ERR_INTERNAL;
		else
			sb_out_write(out, line.data, line.len);
	}
	told = false;
	if (st == SB_OK && (st = sb_summary_json(sum, &js)) == SB_OK)
		sb_out_write(out, js.data, js.len);
	if (st == SB_OK) {
		told = true;
		st = sb_out_commit(out, &d);
		out = NULL;
	}
	/* Checked by the caller, once allocation works again. */
	snprintf(why, why_size, "%s",
	         st == SB_OK || (st == SB_ERR_INTERNAL && (!told || S_says_oom(&d))) ? ""
	         : d.n ? d.v[0].message : "a failure with no message");
	sb_out_abort(out);
	sb_answers_close(a);
	sb_summary_free(sum);
	sb_result_free(&r);
	sb_buf_free(&line);
	sb_buf_free(&js);
	sb_diags_free(&d);
	return st;
}

static void test_alloc_score_path(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	char *in = sb_src_path("tests/data/answers_small.csv");
	char *dir = sb_tmpdir();
	char *out = sb_join(dir, "scores.csv");
	unsigned long k;
	for (k = 1;; k++) {
		char why[1100];
		sb_alloc_fail_after(k);
		sb_status st = S_score_path(b, in, out, why, sizeof why);
		sb_alloc_fail_after(0);
		if (why[0])
			fail_msg("k=%lu: status %d: %s", k, st, why);
		if (st == SB_OK)
			break;
		/* no output file, no temporary file */
		S_assert_listing(dir, "");
	}
	assert_true(k > 10);
	S_assert_listing(dir, "scores.csv");
	print_message("score path: %lu allocation failures, each clean\n", k - 1);
	sb_rmtree(dir);
	free(dir);
	free(out);
	free(in);
	sb_bank_free(b);
	sb_diags_free(&d);
}

static void test_alloc_report_builder(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	int *v = calloc(b->n_items, sizeof *v);
	assert_non_null(v);
	for (size_t i = 0; i < b->n_items; i++)
		v[i] = i % 5 == 4 ? SB_MISSING : 1 + (int)(i * 3 % 7);
	sb_result r = { 0 };
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	sb_score(b, v, &r);
	const sb_format formats[] = { SB_FORMAT_TEXT, SB_FORMAT_MD, SB_FORMAT_HTML, SB_FORMAT_JSON };
	unsigned long failures = 0;
	for (int aud = 0; aud < 2; aud++) {
		sb_report_opts o = {
			.lang = aud ? SB_LANG_ZH : SB_LANG_EN,
			.audience = aud ? SB_AUDIENCE_COUNSELLOR : SB_AUDIENCE_SELF,
			.respondent = "r01",
			.date = "2026-01-01",
		};
		/* builder, then every renderer of its document, then the report JSON */
		for (unsigned long k = 1;; k++, failures++) {
			sb_doc *doc = NULL;
			sb_buf out = { 0 };
			sb_diags dd = { 0 };
			sb_alloc_fail_after(k);
			sb_status st = sb_report_build(b, &r, v, &o, &doc, &dd);
			for (size_t f = 0; st == SB_OK && f < sizeof formats / sizeof formats[0]; f++) {
				sb_render_opts ro = { .width = 72, .unicode = true };
				out.len = 0;
				st = sb_render(doc, formats[f], &ro, &out, &dd);
			}
			if (st == SB_OK)
				st = sb_report_json(b, &r, v, &o, &out, &dd);
			sb_alloc_fail_after(0);
			if (st != SB_OK) {
				assert_int_equal(st, SB_ERR_INTERNAL);
				assert_true(S_says_oom(&dd) || dd.n > 0);
			}
			sb_doc_free(doc);
			sb_buf_free(&out);
			sb_diags_free(&dd);
			if (st == SB_OK)
				break;
		}
	}
	/* the paper form */
	for (unsigned long k = 1;; k++, failures++) {
		sb_doc *doc = NULL;
		sb_diags dd = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_form_build(b, SB_LANG_ZH, &doc, &dd);
		sb_alloc_fail_after(0);
		if (st == SB_OK) {
			assert_non_null(doc);
			sb_doc_free(doc);
			sb_diags_free(&dd);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(doc);
		sb_diags_free(&dd);
	}
	assert_true(failures > 100);
	print_message("report builder, renderers and form: %lu allocation failures, each clean\n",
	              failures);
	sb_result_free(&r);
	free(v);
	sb_bank_free(b);
	sb_diags_free(&d);
}

/* ---- allocation failures, through the binary ------------------------------------------------ */

static void test_alloc_binary_score(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *in = sb_join(dir, "in.csv");
	const char *csv = "id,w1,d1,w2,d2,d3,note\n"
	                  "a,4,1,1,0,1,first\n"
	                  "b,,0,2,1,,\"second, with a comma\"\n"
	                  "c,9,1,1,1,1,rejected\n"
	                  "a,2,0,3,0,0,repeated id\n";
	sb_write_file(in, csv, strlen(csv));
	char *bank = sb_src_path(S_SMALL_BANK);
	char *out = sb_join(dir, "out.csv");
	char *rej = sb_join(dir, "rejects.csv");
	char *sum = sb_join(dir, "summary.json");
	const char *argv[] = { "securebase", "--bank", bank, "score", in, "-o", out, "--rejects", rej,
		               "--summary", sum, "--keep", "note", NULL };
	/* How many allocations loading this bank takes (test_alloc_bank_loader fails each of them). */
	unsigned long bank_allocs;
	{
		size_t len;
		char *yaml = sb_read_file(bank, &len);
		assert_non_null(yaml);
		sb_bank *b = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(0);
		assert_int_equal(sb_bank_load(yaml, len, "minimal.yaml", &b, &d), SB_OK);
		bank_allocs = sb_alloc_fail_after(0);
		sb_bank_free(b);
		sb_diags_free(&d);
		free(yaml);
	}
	assert_true(bank_allocs > 200);
	/* One exec: the binary repeats the run in forked children with allocation k = 1, 4, 7, …
	 * failing (each child costs ~130 ms under ASan, fork, page faults and the leak check at its
	 * exit); each must exit 70 saying "out of memory" and leave nothing behind (no temporary
	 * file survives any of them: the listing below), until a run gets through. The bank loader
	 * takes ~90 % of the run's allocations (the first few are the command line's); its every
	 * failure is swept in process above, leaks checked, and here takes the command down one
	 * path (the load fails, exit 70), so from allocation 33 to the end of the load (bank_allocs
	 * + 6 allocations in: the stretch is chosen to lie inside the load while the command makes
	 * fewer than 33 allocations before it) every 25th k is enough. Every third k elsewhere, as
	 * the command's own allocations between the library's; every 9th under valgrind. */
	unsigned long step = sb_valgrind() ? 9 : 3;
	char env_sweep[96];
	snprintf(env_sweep, sizeof env_sweep, "SECUREBASE_TEST_FAIL_ALLOC=sweep:%lu:33-%lu:25", step,
	         bank_allocs);
	const char *env[] = { env_sweep, NULL };
	sb_run_opts o = { .argv = argv, .env = env, .timeout = 110 };
	sb_run_result r = sb_run_ex(&o);
	const char *tail = strstr(r.err, "securebase: alloc sweep: ");
	if (r.status != 65 || !tail || !sb_contains(r.err, "3 scored, 1 rejected"))
		fail_msg("exit %d, stderr:\n%s", r.status, r.err);
	char *end;
	unsigned long failures = strtoul(tail + strlen("securebase: alloc sweep: "), &end, 10);
	const char *run = strstr(end, "; run ");
	assert_non_null(run);
	unsigned long last = strtoul(run + strlen("; run "), NULL, 10);
	/* the allocations all through the run, not a few: well past the bank's, and every third
	 * STEP-th of those after it */
	if (last < bank_allocs + 100 ||
	    failures < (last - bank_allocs - 40) / step + (bank_allocs - 40) / 25)
		fail_msg("%lu failures, the last run %lu; the bank takes %lu allocations", failures,
		         last, bank_allocs);
	sb_run_free(&r);
	S_assert_listing(dir, "in.csv|out.csv|rejects.csv|summary.json");
	print_message("score through the binary: %lu allocation failures, each exit 70\n", failures);
	sb_rmtree(dir);
	free(dir);
	free(in);
	free(bank);
	free(out);
	free(rej);
	free(sum);
}

/* ---- output failures through the binary ----------------------------------------------------- */

typedef struct {
	const char *spec;  /* SECUREBASE_TEST_FAIL_IO */
	int status;
	const char *message; /* after "FILE: " */
} S_io_case;

static const S_io_case S_io_cases[] = {
	{ "write:1:ENOSPC", 74, "write failed: No space left on device" },
	{ "write:1:EIO", 74, "write failed: Input/output error" },
	{ "fsync:1:EIO", 74, "write failed: Input/output error" },
	{ "fsync:1:EDQUOT", 74, "write failed: Disk quota exceeded" },
	{ "close:1:EIO", 74, "write failed: Input/output error" },
	{ "rename:1:EXDEV", 73, "cannot replace: Invalid cross-device link" },
	{ "rename:1:EACCES", 73, "cannot replace: Permission denied" },
};

/* Runs argv (with OUT in it) against an existing output file for every failure in S_io_cases. */
static void S_io_failures(const char *what, const char *const *argv_tmpl, size_t out_index,
                          const char *out_name)
{
	for (size_t c = 0; c < sizeof S_io_cases / sizeof S_io_cases[0]; c++) {
		const S_io_case *ic = &S_io_cases[c];
		char *dir = sb_tmpdir();
		char *out = sb_join(dir, out_name);
		const char *previous = "previous contents, which must survive\n";
		sb_write_file(out, previous, strlen(previous));
		const char *argv[32];
		size_t n = 0;
		for (; argv_tmpl[n]; n++)
			argv[n] = n == out_index ? out : argv_tmpl[n];
		argv[n] = NULL;
		char env_io[128];
		snprintf(env_io, sizeof env_io, "SECUREBASE_TEST_FAIL_IO=%s", ic->spec);
		const char *env[] = { env_io, NULL };
		sb_run_result r = sb_run(argv, NULL, 0, env, NULL);
		char want[512];
		snprintf(want, sizeof want, "%s: %s", out, ic->message);
		if (r.status != ic->status || !sb_contains(r.err, want))
			fail_msg("%s with %s: exit %d (expected %d), stderr:\n%s\n(expected '%s')", what,
			         ic->spec, r.status, ic->status, r.err, want);
		char *now = sb_read_file(out, NULL);
		assert_non_null(now);
		if (strcmp(now, previous) != 0)
			fail_msg("%s with %s: the previous contents changed", what, ic->spec);
		free(now);
		S_assert_listing(dir, out_name); /* no temporary file */
		sb_run_free(&r);
		sb_rmtree(dir);
		free(dir);
		free(out);
	}
}

static void test_io_failures_score(void **state)
{
	(void)state;
	char *in = sb_src_path("tests/data/answers_small.csv");
	const char *argv[] = { "securebase", "score", in, "--keep", "note", "-o", "OUT", NULL };
	S_io_failures("score -o", argv, 6, "existing.csv");
	const char *argv2[] = { "securebase", "score", in, "--format", "jsonl", "-o", "OUT", NULL };
	S_io_failures("score --format jsonl -o", argv2, 6, "existing.jsonl");
	free(in);
}

static void test_io_failures_report_form_compare(void **state)
{
	(void)state;
	char *in = sb_src_path(S_REPORT_CSV);
	const char *argv[] = { "securebase", "--lang", "en", "report", in, "--id", "r01", "-o", "OUT",
		               NULL };
	S_io_failures("report -o", argv, 8, "existing.txt");
	const char *argv2[] = { "securebase", "form", "--format", "html", "-o", "OUT", NULL };
	S_io_failures("form -o", argv2, 5, "existing.html");
	const char *argv3[] = { "securebase", "--lang", "en", "compare", in, "--ids", "r01,r02", "-o",
		                "OUT", "--consent", NULL };
	S_io_failures("compare -o", argv3, 8, "existing.txt");
	free(in);
}

static void test_io_seam_rejects_bad_spec(void **state)
{
	(void)state;
	const char *specs[] = { "write", "write:0:EIO", "writ:1:EIO", "write:1:ENOTANERRNO",
		                "write:x:EIO", "rename:1:", NULL };
	for (size_t i = 0; specs[i]; i++) {
		char env_io[128];
		snprintf(env_io, sizeof env_io, "SECUREBASE_TEST_FAIL_IO=%s", specs[i]);
		const char *env[] = { env_io, NULL };
		const char *argv[] = { "securebase", "bank", NULL };
		sb_run_result r = sb_run(argv, NULL, 0, env, NULL);
		assert_int_equal(r.status, 64);
		assert_true(sb_contains(r.err, "SECUREBASE_TEST_FAIL_IO takes OP:K:ERRNO"));
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
	}
	const char *env[] = { "SECUREBASE_TEST_FAIL_ALLOC=-1", NULL };
	const char *argv[] = { "securebase", "bank", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, env, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "SECUREBASE_TEST_FAIL_ALLOC takes a count from 1"));
	sb_run_free(&r);
}

/* A full disk never exits 0: every command, its output on /dev/full by -o or by redirection. */
static void test_dev_full(void **state)
{
	(void)state;
	char *in = sb_src_path("tests/data/answers_small.csv");
	char *rin = sb_src_path(S_REPORT_CSV);
	char *bank = sb_src_path(S_SMALL_BANK);
	const char *const with_o[][12] = {
		{ "securebase", "score", in, "-o", "/dev/full", NULL },
		{ "securebase", "score", in, "--format", "jsonl", "-o", "/dev/full", NULL },
		{ "securebase", "score", in, "--rejects", "/dev/full", "-o", "-", NULL },
		{ "securebase", "score", in, "--summary", "/dev/full", NULL },
		{ "securebase", "--lang", "en", "report", rin, "--id", "r01", "-o", "/dev/full", NULL },
		{ "securebase", "form", "-o", "/dev/full", NULL },
		{ "securebase", "--lang", "en", "compare", rin, "--ids", "r01,r02", "--consent", "-o", "/dev/full",
		  NULL },
	};
	for (size_t i = 0; i < sizeof with_o / sizeof with_o[0]; i++) {
		sb_run_result r = sb_run(with_o[i], NULL, 0, NULL, NULL);
		if (r.status != 74 || !sb_contains(r.err, "/dev/full: write failed: No space left"))
			fail_msg("%s %s with -o /dev/full: exit %d, stderr:\n%s", with_o[i][1],
			         with_o[i][2], r.status, r.err);
		sb_run_free(&r);
	}
	const char *const to_stdout[][12] = {
		{ "securebase", "score", in, NULL },
		{ "securebase", "score", in, "--format", "jsonl", NULL },
		{ "securebase", "--lang", "en", "report", rin, "--id", "r01", NULL },
		{ "securebase", "--lang", "en", "report", rin, "--id", "r01", "--format", "json", NULL },
		{ "securebase", "form", NULL },
		{ "securebase", "form", "--format", "html", NULL },
		{ "securebase", "template", NULL },
		{ "securebase", "bank", NULL },
		{ "securebase", "validate", NULL },
		{ "securebase", "validate", bank, NULL },
		{ "securebase", "--help", NULL },
		{ "securebase", "--version", NULL },
		{ "securebase", "score", "--help", NULL },
		{ "securebase", "--lang", "en", "compare", rin, "--ids", "r01,r02", "--consent", NULL },
	};
	for (size_t i = 0; i < sizeof to_stdout / sizeof to_stdout[0]; i++) {
		sb_run_opts o = { .argv = to_stdout[i], .stdout_path = "/dev/full" };
		sb_run_result r = sb_run_ex(&o);
		if (r.status == 0 || r.status >= 128)
			fail_msg("%s %s > /dev/full: exit %d, stderr:\n%s", to_stdout[i][1],
			         to_stdout[i][2] ? to_stdout[i][2] : "", r.status, r.err);
		if (!sb_contains(r.err, "No space left on device"))
			fail_msg("%s > /dev/full: no message, stderr:\n%s", to_stdout[i][1], r.err);
		sb_run_free(&r);
	}
	/* assess in line mode: the report at the end goes to standard output */
	char *state_dir = sb_tmpdir();
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, state_dir, SB_ENV_STATE_IN_DIR, NULL);
	const char *assess[] = { "securebase", "--lang", "en", "assess", NULL };
	char answers[52 * 2 + 1] = "";
	for (int i = 0; i < 52; i++) /* 48 statements, then the 4 safety questions (1..3) */
		strcat(answers, i < 48 ? "4\n" : "1\n");
	sb_run_opts o = { .argv = assess, .stdin_data = answers, .stdin_len = strlen(answers),
		          .env = env, .stdout_path = "/dev/full" };
	sb_run_result r = sb_run_ex(&o);
	if (r.status != 74 || !sb_contains(r.err, "No space left on device"))
		fail_msg("assess > /dev/full: exit %d, stderr ends:\n%s", r.status,
		         r.err_len > 400 ? r.err + r.err_len - 400 : r.err);
	sb_run_free(&r);
	sb_rmtree(state_dir);
	free(state_dir);
	free(in);
	free(rin);
	free(bank);
}

/* ---- file safety ------------------------------------------------------------------------------ */

/* Outputs are private (0600) whatever the umask, replace an existing file atomically (leaving
 * no temporary file), and a symlink in the output's place is replaced by the new file, never
 * followed: the file it pointed at, elsewhere, is untouched. */
static void test_output_mode_and_symlink(void **state)
{
	(void)state;
	char *in = sb_src_path("tests/data/answers_small.csv");
	char *dir = sb_tmpdir();
	char *out = sb_join(dir, "scores.csv");
	char *other = sb_tmpdir();
	char *target = sb_join(other, "someone-elses.csv");
	umask(022); /* the usual umask, which would give 0644 to a file made with open(2) */
	sb_write_file(target, "not yours\n", 10);
	assert_int_equal(chmod(target, 0644), 0);
	assert_int_equal(symlink(target, out), 0);
	const char *argv[] = { "securebase", "score", in, "-o", out, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65); /* answers_small.csv has rejected rows */
	sb_run_free(&r);
	struct stat st;
	assert_int_equal(lstat(out, &st), 0);
	assert_true(S_ISREG(st.st_mode)); /* the link itself was replaced */
	assert_int_equal(st.st_mode & 0777, 0600);
	char *t = sb_read_file(target, NULL);
	assert_string_equal(t, "not yours\n");
	free(t);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	char *s = sb_read_file(out, NULL);
	assert_true(!strncmp(s, "id,anxiety,", 11));
	free(s);
	S_assert_listing(dir, "scores.csv");

	/* An existing 0644 file is replaced by a 0600 one. */
	char *rej = sb_join(dir, "rejects.csv");
	sb_write_file(rej, "old\n", 4);
	assert_int_equal(chmod(rej, 0644), 0);
	const char *argv2[] = { "securebase", "score", in, "-o", out, "--rejects", rej, NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	sb_run_free(&r);
	assert_int_equal(stat(rej, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	S_assert_listing(dir, "rejects.csv|scores.csv");
	sb_rmtree(dir);
	sb_rmtree(other);
	free(dir);
	free(other);
	free(out);
	free(rej);
	free(target);
	free(in);
}

/* The assess state file is never read or written through a symlink: a link planted in its place
 * is refused (O_NOFOLLOW) whether a session is resumed or started, and the file it points at
 * keeps its contents. */
static void test_state_file_symlink(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *sdir = sb_join(dir, "securebase");
	assert_int_equal(mkdir(sdir, 0700), 0);
	char *file = sb_join(sdir, "securebase.session");
	char *target = sb_join(dir, "elsewhere.txt");
	sb_write_file(target, "someone else's file\n", 20);
	assert_int_equal(symlink(target, file), 0);
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, dir, SB_ENV_STATE_IN_DIR, NULL);
	const char *resume[] = { "securebase", "--lang", "en", "assess", "--resume", NULL };
	sb_run_result r = sb_run(resume, NULL, 0, env, NULL);
	if (r.status != 66 || !sb_contains(r.err, "Too many levels of symbolic links"))
		fail_msg("assess --resume through a link: exit %d, stderr:\n%s", r.status, r.err);
	sb_run_free(&r);
	const char *fresh[] = { "securebase", "--lang", "en", "assess", NULL };
	r = sb_run(fresh, "4\n5\n", 4, env, NULL);
	if (r.status != 66 || !sb_contains(r.err, "Too many levels of symbolic links"))
		fail_msg("assess through a link: exit %d, stderr:\n%s", r.status, r.err);
	sb_run_free(&r);
	char *t = sb_read_file(target, NULL);
	assert_string_equal(t, "someone else's file\n");
	free(t);
	struct stat st;
	assert_int_equal(lstat(file, &st), 0);
	assert_true(S_ISLNK(st.st_mode)); /* left for the person to look at */
	sb_rmtree(dir);
	free(dir);
	free(sdir);
	free(file);
	free(target);
}

/* A FIFO or terminal in the output's place that belongs to another user (planted in a shared
 * folder, directly or behind a link) would carry the answers to them: refused before it is even
 * opened (so it cannot block), exit 73. So is a block device. */
static void test_foreign_device_refused(void **state)
{
	(void)state;
	char *in = sb_src_path("tests/data/answers_small.csv");
	char *dir = sb_tmpdir();
	char *fifo = sb_join(dir, "scores.csv");
	char *link = sb_join(dir, "link.csv");
	assert_int_equal(mkfifo(fifo, 0666), 0);
	assert_int_equal(symlink(fifo, link), 0);
	if (chown(fifo, 65534, 65534) != 0) {
		/* Only root can give a file away; the refusal itself is the same code path. */
		print_message("not root: the foreign FIFO is not tested (%s)\n", strerror(errno));
	} else {
		const char *targets[] = { fifo, link, NULL };
		for (size_t i = 0; targets[i]; i++) {
			const char *argv[] = { "securebase", "score", in, "-o", targets[i], NULL };
			sb_run_opts o = { .argv = argv, .timeout = 30 };
			sb_run_result r = sb_run_ex(&o);
			assert_false(r.timed_out);
			char want[600];
			snprintf(want, sizeof want, "%s: cannot write: it belongs to another user",
			         targets[i]);
			if (r.status != 73 || !sb_contains(r.err, want))
				fail_msg("-o %s: exit %d, stderr:\n%s", targets[i], r.status, r.err);
			sb_run_free(&r);
		}
	}
	/* a link to a block device */
	struct stat st;
	const char *blk = stat("/dev/loop7", &st) == 0 && S_ISBLK(st.st_mode) ? "/dev/loop7" : NULL;
	if (blk) {
		char *blink = sb_join(dir, "disk.csv");
		assert_int_equal(symlink(blk, blink), 0);
		const char *argv[] = { "securebase", "score", in, "-o", blink, NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		char want[600];
		snprintf(want, sizeof want, "%s: cannot write: it is a block device", blink);
		if (r.status != 73 || !sb_contains(r.err, want))
			fail_msg("-o %s: exit %d, stderr:\n%s", blink, r.status, r.err);
		sb_run_free(&r);
		free(blink);
	}
	sb_rmtree(dir);
	free(dir);
	free(fifo);
	free(link);
	free(in);
}

/* No network, no telemetry: the binary imports no function that could open a connection or
 * resolve a name (nm lists every symbol it needs from a shared library). */
static void test_no_network_calls(void **state)
{
	(void)state;
	static const char *const banned[] = {
		"socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
		"getaddrinfo", "gethostbyname", "gethostbyname_r", "gethostbyname2", "getnameinfo",
		"send", "sendto", "sendmsg", "recv", "recvfrom", "recvmsg", "curl_easy_init", NULL,
	};
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "nm --undefined-only --format=posix '%s'", SB_BINARY);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char line[512];
	size_t symbols = 0;
	while (fgets(line, sizeof line, p)) {
		line[strcspn(line, " @\n")] = '\0';
		symbols++;
		for (size_t i = 0; banned[i]; i++)
			if (strcmp(line, banned[i]) == 0)
				fail_msg("the binary imports %s", line);
	}
	assert_int_equal(pclose(p), 0);
	assert_true(symbols > 50); /* nm worked: the binary needs fopen, json_*, cairo_* ... */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_bank_loader),
		cmocka_unit_test(test_alloc_score_path),
		cmocka_unit_test(test_alloc_report_builder),
		cmocka_unit_test(test_alloc_binary_score),
		cmocka_unit_test(test_io_failures_score),
		cmocka_unit_test(test_io_failures_report_form_compare),
		cmocka_unit_test(test_io_seam_rejects_bad_spec),
		cmocka_unit_test(test_dev_full),
		cmocka_unit_test(test_output_mode_and_symlink),
		cmocka_unit_test(test_foreign_device_refused),
		cmocka_unit_test(test_state_file_symlink),
		cmocka_unit_test(test_no_network_calls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

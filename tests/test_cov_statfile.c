/* SPDX-License-Identifier: MIT */
/* test_cov_statfile.c — the .sav and .dta writer in process (src/score/statfile.c): a file of
 * each format from spilled records, a sink that fails, a spill cut short, a kept cell wider
 * than Stata holds, and every allocation failing in turn. Skipped (77) in a build without
 * libreadstat. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#include "base/alloc.h"
#include "bank/bank.h"
#include "base/buf.h"
#include "score/score.h"
#include "score/statfile.h"

static sb_bank *S_b;

static int S_setup(void **state)
{
	(void)state;
	char *path = sb_src_path("tests/banks/scoring_style.yaml");
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(path, &S_b, &d), SB_OK);
	sb_diags_free(&d);
	free(path);
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_bank_free(S_b);
	return 0;
}

static const char *const S_keep[] = { "note" };

/* A spill file holding two scored rows' records (the second with note), as `score` writes it. */
static FILE *S_spill(const char *note, size_t note_len)
{
	static const int v[2][5] = { { 7, 1, 6, 7, 5 }, { 2, 3, 2, SB_MISSING, 2 } };
	FILE *f = tmpfile();
	assert_non_null(f);
	sb_result res;
	assert_int_equal(sb_result_init(&res, S_b), SB_OK);
	for (int k = 0; k < 2; k++) {
		const char *kept[1] = { k ? note : "first" };
		size_t kept_len[1] = { k ? note_len : 5 };
		sb_answer_row row = { .kind = SB_ANSWER_ROW, .row = 2 + k, .id = k ? "r2" : "r1",
		                      .id_len = 2, .values = v[k], .kept = kept,
		                      .kept_len = kept_len, .n_kept = 1 };
		sb_score(S_b, v[k], &res);
		sb_buf rec = { 0 };
		assert_int_equal(sb_statfile_record(S_b, &rec, &row, &res), 0);
		assert_int_equal(fwrite(rec.data, 1, rec.len, f), rec.len);
		sb_buf_free(&rec);
	}
	sb_result_free(&res);
	assert_int_equal(fflush(f), 0);
	return f;
}

static ssize_t S_to_buf(const void *data, size_t n, void *ctx)
{
	sb_buf_put(ctx, data, n);
	return (ssize_t)n;
}

static ssize_t S_full(const void *data, size_t n, void *ctx)
{
	(void)data;
	(void)n;
	(void)ctx;
	return -1;
}

static sb_statfile_opts S_opts(sb_statfmt fmt, sb_stat_sink sink, sb_buf *out)
{
	return (sb_statfile_opts){ .format = fmt, .lang = SB_LANG_EN, .in_name = "in.csv",
		                   .keep = S_keep, .n_keep = 1, .sink = sink, .sink_ctx = out };
}

static void S_skip_without_readstat(void)
{
	if (!sb_statfile_available()) {
		sb_diags d = { 0 };
		sb_statfile_opts o = S_opts(SB_STAT_SAV, S_to_buf, NULL);
		assert_int_equal(sb_statfile_write(S_b, &o, NULL, &d), SB_ERR_UNAVAILABLE);
		sb_diags_free(&d);
		skip();
	}
}

/* Both formats: the file's signature; the kept cells, a variable label and a value label in it
 * (read back by R in test_statfile). */
static void test_formats(void **state)
{
	(void)state;
	S_skip_without_readstat();
	static const struct {
		sb_statfmt fmt;
		const char *magic;
	} fm[] = { { SB_STAT_SAV, "$FL2" }, { SB_STAT_DTA, "<stata_dta>" } };
	for (size_t k = 0; k < 2; k++) {
		FILE *spill = S_spill("second", 6);
		sb_buf out = { 0 };
		sb_diags d = { 0 };
		sb_statfile_opts o = S_opts(fm[k].fmt, S_to_buf, &out);
		assert_int_equal(sb_statfile_write(S_b, &o, spill, &d), SB_OK);
		assert_int_equal(d.n, 0);
		assert_true(out.len > 100);
		assert_memory_equal(out.data, fm[k].magic, strlen(fm[k].magic));
		assert_non_null(memmem(out.data, out.len, "second", 6));
		assert_non_null(memmem(out.data, out.len, "first", 5));
		assert_non_null(memmem(out.data, out.len, "Attachment style", 16));
		assert_non_null(memmem(out.data, out.len, "Preoccupied", 11));
		sb_buf_free(&out);
		fclose(spill);
	}
}

/* The sink refuses the bytes (a full disk): SB_ERR_IO, "cannot write the data file". */
static void test_sink_fails(void **state)
{
	(void)state;
	S_skip_without_readstat();
	for (sb_statfmt fmt = SB_STAT_SAV; fmt <= SB_STAT_DTA; fmt++) {
		FILE *spill = S_spill("x", 1);
		sb_diags d = { 0 };
		sb_statfile_opts o = S_opts(fmt, S_full, NULL);
		assert_int_equal(sb_statfile_write(S_b, &o, spill, &d), SB_ERR_IO);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.v[0].message, "cannot write the data file");
		sb_diags_free(&d);
		fclose(spill);
	}
}

/* The spill ends inside a record: SB_ERR_IO, "short record", nothing written. */
static void test_spill_cut_short(void **state)
{
	(void)state;
	S_skip_without_readstat();
	FILE *spill = S_spill("second", 6);
	long size = ftell(spill);
	for (long cut = size - 1; cut > size - 40; cut -= 7) {
		assert_int_equal(ftruncate(fileno(spill), cut), 0);
		sb_buf out = { 0 };
		sb_diags d = { 0 };
		sb_statfile_opts o = S_opts(SB_STAT_SAV, S_to_buf, &out);
		assert_int_equal(sb_statfile_write(S_b, &o, spill, &d), SB_ERR_IO);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.v[0].message,
		                    "cannot read back the temporary file of scored rows: short record");
		assert_int_equal(out.len, 0);
		sb_diags_free(&d);
		sb_buf_free(&out);
	}
	fclose(spill);
}

/* A kept cell one byte wider than a Stata string holds (2,045 bytes): bad data at its row, in
 * .dta only; .sav holds it. */
static void test_cell_too_wide(void **state)
{
	(void)state;
	S_skip_without_readstat();
	char *wide = malloc(2046);
	assert_non_null(wide);
	memset(wide, 'w', 2046);
	for (sb_statfmt fmt = SB_STAT_SAV; fmt <= SB_STAT_DTA; fmt++) {
		FILE *spill = S_spill(wide, 2046);
		sb_buf out = { 0 };
		sb_diags d = { 0 };
		sb_statfile_opts o = S_opts(fmt, S_to_buf, &out);
		sb_status st = sb_statfile_write(S_b, &o, spill, &d);
		if (fmt == SB_STAT_SAV) {
			assert_int_equal(st, SB_OK);
			assert_non_null(memmem(out.data, out.len, wide, 255)); /* in 255-byte segments */
		} else {
			assert_int_equal(st, SB_ERR_DATA);
			assert_int_equal(d.n, 1);
			assert_string_equal(d.v[0].file, "in.csv");
			assert_int_equal(d.v[0].line, 3);
			assert_string_equal(d.v[0].message,
			                    "note holds 2046 bytes; a Stata string holds at most 2045");
			assert_int_equal(out.len, 0);
		}
		sb_diags_free(&d);
		sb_buf_free(&out);
		fclose(spill);
	}
	free(wide);
}

/* Every allocation failing in turn: SB_ERR_INTERNAL, nothing leaked; then the whole file. */
static void test_alloc_failures(void **state)
{
	(void)state;
	S_skip_without_readstat();
	for (sb_statfmt fmt = SB_STAT_SAV; fmt <= SB_STAT_DTA; fmt++) {
		FILE *spill = S_spill("second", 6);
		sb_buf want = { 0 };
		sb_diags d = { 0 };
		sb_statfile_opts o = S_opts(fmt, S_to_buf, &want);
		assert_int_equal(sb_statfile_write(S_b, &o, spill, &d), SB_OK);
		int done = 0;
		for (unsigned long k = 1; !done && k < 500; k++) {
			sb_buf out = { 0 };
			o.sink_ctx = &out;
			sb_alloc_fail_after(k);
			sb_status st = sb_statfile_write(S_b, &o, spill, &d);
			sb_alloc_fail_after(0);
			if (st == SB_OK && !out.failed) {
				assert_int_equal(out.len, want.len);
				done = 1;
			} else if (st != SB_OK) {
				assert_int_equal(st, SB_ERR_INTERNAL);
			}
			sb_diags_clear(&d);
			sb_buf_free(&out);
		}
		assert_true(done);
		sb_diags_free(&d);
		sb_buf_free(&want);
		fclose(spill);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_sink_fails),
		cmocka_unit_test(test_spill_cut_short),
		cmocka_unit_test(test_cell_too_wide),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

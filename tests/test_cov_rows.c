/* SPDX-License-Identifier: MIT */
/* test_cov_rows.c — score's row writer in process (src/score/rows.c): CSV and JSON Lines rows of
 * scored, partly scored and unscored respondents with kept columns, the cleaning of invalid
 * UTF-8 in kept cells and column names, rejects lines with NUL bytes, and every allocation
 * failing in turn. */
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "bank/bank.h"
#include "base/buf.h"
#include "score/rows.h"
#include "score/score.h"

static sb_bank *S_bank(void)
{
	char *path = sb_src_path("tests/banks/scoring_style.yaml");
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(path, &b, &d), SB_OK);
	sb_diags_free(&d);
	free(path);
	return b;
}

static void S_clean_is(const char *in, size_t n, const char *want)
{
	sb_buf b = { 0 };
	sb_rows_utf8_clean(&b, in, n);
	assert_string_equal(b.data ? b.data : "", want);
	sb_buf_free(&b);
}

#define R "\xEF\xBF\xBD" /* U+FFFD */

/* Each kind of invalid UTF-8 becomes U+FFFD, one per byte that cannot start a character; valid
 * characters of every length stay. */
static void test_utf8_clean(void **state)
{
	(void)state;
	S_clean_is("", 0, "");
	S_clean_is("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80", 10, "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
	S_clean_is("\xC0\xAF", 2, R R);                  /* C0 and C1 never start a character */
	S_clean_is("\xE0\x80\xAF", 3, R R R);            /* overlong 3-byte form */
	S_clean_is("\xF0\x80\x80\xAF", 4, R R R R);      /* overlong 4-byte form */
	S_clean_is("\xED\xA0\x80", 3, R R R);            /* a surrogate */
	S_clean_is("\xF4\x90\x80\x80", 4, R R R R);      /* above U+10FFFF */
	S_clean_is("\xF5\x80", 2, R R);                  /* F5..FF never start one */
	S_clean_is("\xE4\xB8", 2, R R);                  /* cut short at the end */
	S_clean_is("\xE4" "a\xB8", 3, R "a" R);          /* a continuation byte missing */
	S_clean_is("x\0y", 3, "x");                      /* a NUL is kept (the JSON escapes it) */
}

typedef struct {
	sb_answer_row row;
	int values[5];
	const char *kept[2];
	size_t kept_len[2];
} S_row;

/* A row of the fixture's five items (anx1 avo1 anx2 avo2 anx3; 0 for none). */
static void S_row_set(S_row *r, const char *id, const int v[5], const char *k0, size_t k0_len)
{
	memset(r, 0, sizeof *r);
	for (int i = 0; i < 5; i++)
		r->values[i] = v[i] ? v[i] : SB_MISSING;
	r->kept[0] = k0;
	r->kept_len[0] = k0_len;
	r->kept[1] = "=1+1";
	r->kept_len[1] = 4;
	r->row = (sb_answer_row){ .kind = SB_ANSWER_ROW, .row = 2, .id = id, .id_len = strlen(id),
	                          .values = r->values, .kept = r->kept, .kept_len = r->kept_len,
	                          .n_kept = 2 };
}

static const char *const S_keep[] = { "note\xFF", "=calc" };

/* Three respondents: all answered (a style); one avoidance item skipped (avo unscored, no
 * style; the same answer throughout: low_irv); nothing answered (missing). As CSV and JSON
 * Lines, with and without the formula guard. */
static void test_rows(void **state)
{
	(void)state;
	sb_bank *b = S_bank();
	static const int v[3][5] = { { 7, 1, 6, 7, 5 }, { 2, 3, 2, 0, 2 }, { 0, 0, 0, 0, 0 } };
	static const char *const ids[3] = { "r1", "+r2", "r3" };
	static const char *const notes[3] = { "caf\xC3\xA9", "bad\xC0\xAF", "" };
	static const char *const want_csv =
		"id,note\xFF,'=calc,anx,anx_band,anx_answered,anx_answered_n,anx_items,avo,avo_band,"
		"avo_answered,avo_answered_n,avo_items,style,flags\n"
		"r1,caf\xC3\xA9,'=1+1,6.00,high,3/3,3,3,1.00,low,2/2,2,2,preoccupied,\n"
		"'+r2,bad\xC0\xAF,'=1+1,2.00,low,3/3,3,3,,,1/2,1,2,,low_irv\n"
		"r3,,'=1+1,,,0/3,0,3,,,0/2,0,2,,missing\n";
	static const char *const want_jsonl =
		"{\"id\":\"r1\",\"note" R "\":\"caf\xC3\xA9\",\"=calc\":\"=1+1\",\"anx\":6.0,"
		"\"anx_band\":\"high\",\"anx_answered\":3,\"anx_items\":3,\"avo\":1.0,"
		"\"avo_band\":\"low\",\"avo_answered\":2,\"avo_items\":2,\"style\":\"preoccupied\","
		"\"flags\":[]}\n"
		"{\"id\":\"+r2\",\"note" R "\":\"bad" R R "\",\"=calc\":\"=1+1\",\"anx\":2.0,"
		"\"anx_band\":\"low\",\"anx_answered\":3,\"anx_items\":3,\"avo\":null,"
		"\"avo_band\":null,\"avo_answered\":1,\"avo_items\":2,\"style\":null,"
		"\"flags\":[\"low_irv\"]}\n"
		"{\"id\":\"r3\",\"note" R "\":\"\",\"=calc\":\"=1+1\",\"anx\":null,\"anx_band\":null,"
		"\"anx_answered\":0,\"anx_items\":3,\"avo\":null,\"avo_band\":null,"
		"\"avo_answered\":0,\"avo_items\":2,\"style\":null,\"flags\":[\"missing\"]}\n";
	for (int jsonl = 0; jsonl < 2; jsonl++) {
		sb_rows_opts o = { .jsonl = jsonl, .decimals = 2, .keep = S_keep, .n_keep = 2 };
		sb_rows *f = NULL;
		assert_int_equal(sb_rows_new(b, &o, &f), SB_OK);
		sb_buf out = { 0 };
		sb_rows_header(f, &out);
		sb_result res;
		assert_int_equal(sb_result_init(&res, b), SB_OK);
		for (int k = 0; k < 3; k++) {
			S_row r;
			S_row_set(&r, ids[k], v[k], notes[k], strlen(notes[k]));
			sb_score(b, r.values, &res);
			assert_int_equal(sb_rows_append(f, &out, &r.row, &res), 0);
		}
		assert_string_equal(out.data, jsonl ? want_jsonl : want_csv);
		sb_result_free(&res);
		sb_buf_free(&out);
		sb_rows_free(f);
	}
	/* --no-formula-guard: ids and kept cells exactly as read */
	sb_rows_opts o = { .decimals = 0, .keep = S_keep, .n_keep = 2, .no_formula_guard = true };
	sb_rows *f = NULL;
	assert_int_equal(sb_rows_new(b, &o, &f), SB_OK);
	sb_buf out = { 0 };
	sb_result res;
	assert_int_equal(sb_result_init(&res, b), SB_OK);
	S_row r;
	S_row_set(&r, ids[1], v[0], "x", 1);
	sb_score(b, r.values, &res);
	assert_int_equal(sb_rows_append(f, &out, &r.row, &res), 0);
	assert_string_equal(out.data, "+r2,x,=1+1,6,high,3/3,3,3,1,low,2/2,2,2,preoccupied,\n");
	sb_result_free(&res);
	sb_buf_free(&out);
	sb_rows_free(f);
	sb_bank_free(b);
}

/* The rejects line: a NUL in the record becomes U+FFFD; reason and record are guarded cells. */
static void test_reject(void **state)
{
	(void)state;
	sb_answer_row row = { .kind = SB_ANSWER_REJECT, .row = 7, .column = 3,
	                      .record = "=x,\0,\"q\"", .record_len = 8 };
	sb_buf out = { 0 };
	sb_rows_reject(&out, &row, "value 9 is outside 1..7");
	row.record = "@a,b";
	row.record_len = 4;
	sb_rows_reject(&out, &row, "-bad");
	assert_string_equal(out.data, "7,3,value 9 is outside 1..7,\"'=x," R ",\"\"q\"\"\"\n"
	                              "7,3,'-bad,\"'@a,b\"\n");
	sb_buf_free(&out);
}

/* Every allocation of sb_rows_new and of a JSON Lines row failing in turn: SB_ERR_INTERNAL or
 * -1, nothing leaked; with none failing, the row is whole. */
static void test_alloc_failures(void **state)
{
	(void)state;
	sb_bank *b = S_bank();
	static const int v[5] = { 7, 1, 6, 7, 5 };
	for (int jsonl = 0; jsonl < 2; jsonl++) {
		sb_rows_opts o = { .jsonl = jsonl, .decimals = 2, .keep = S_keep, .n_keep = 2 };
		sb_result res;
		assert_int_equal(sb_result_init(&res, b), SB_OK);
		S_row r;
		S_row_set(&r, "r1", v, "caf\xC3\xA9", 5);
		sb_score(b, r.values, &res);
		int done = 0;
		for (unsigned long k = 1; !done && k < 200; k++) {
			sb_rows *f = NULL;
			sb_buf out = { 0 };
			sb_alloc_fail_after(k);
			sb_status st = sb_rows_new(b, &o, &f);
			int rc = st == SB_OK ? sb_rows_append(f, &out, &r.row, &res) : -1;
			sb_alloc_fail_after(0);
			if (st != SB_OK)
				assert_int_equal(st, SB_ERR_INTERNAL);
			if (rc == 0) {
				assert_true(sb_contains(out.data, jsonl ? "\"style\":\"preoccupied\""
				                                        : ",preoccupied,"));
				done = 1;
			}
			sb_buf_free(&out);
			sb_rows_free(f);
		}
		assert_true(done);
		sb_result_free(&res);
	}
	sb_bank_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_clean),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

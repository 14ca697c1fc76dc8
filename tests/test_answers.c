/* SPDX-License-Identifier: MIT */
/* test_answers.c — reading answers CSVs against a bank (header errors, every value rule, rejects
 * with row and column, kept columns, duplicate ids) and writing answers rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "data/answers.h"
#include "bank/bank.h"

typedef struct {
	sb_bank *small;    /* tests/data/answers_bank.yaml: w1,w2 in -2..2 (w2 reversed), c1,c2 in 0..1 */
	sb_bank *embedded; /* the default bank: 48 items in 1..7 */
	char *dir;
	int n;
} S_fix;

static int S_setup(void **state)
{
	S_fix *f = calloc(1, sizeof *f);
	sb_diags d = { 0 };
	char *path = sb_src_path("tests/data/answers_bank.yaml");
	assert_int_equal(sb_bank_load_file(path, &f->small, &d), SB_OK);
	assert_int_equal(sb_bank_load_embedded(&f->embedded, &d), SB_OK);
	sb_diags_free(&d);
	free(path);
	f->dir = sb_tmpdir();
	*state = f;
	return 0;
}

static int S_teardown(void **state)
{
	S_fix *f = *state;
	sb_bank_free(f->small);
	sb_bank_free(f->embedded);
	sb_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Writes text to a fresh file in the fixture's folder and opens it; returns the status. */
static sb_status S_open(S_fix *f, const sb_bank *b, const char *text, const sb_answers_opts *o,
                        sb_answers **a, sb_diags *d)
{
	char name[32];
	snprintf(name, sizeof name, "in%d.csv", f->n++);
	char *path = sb_join(f->dir, name);
	sb_write_file(path, text, strlen(text));
	sb_answers_opts oo = o ? *o : (sb_answers_opts){ 0 };
	oo.name = "in.csv";
	/* these tests read partial headers on purpose: the rule before items were required */
	oo.allow_missing_items = true;
	sb_status st = sb_answers_open_path(b, path, &oo, a, d);
	free(path);
	return st;
}

/* The one diagnostic of a failed open, formatted. */
static void S_header_error(S_fix *f, const char *text, const sb_answers_opts *o, const char *expect)
{
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	assert_int_equal(S_open(f, f->small, text, o, &a, &d), SB_ERR_DATA);
	assert_null(a);
	assert_int_equal(d.n, 1);
	char line[512];
	sb_diag_format(&d.v[0], line, sizeof line);
	assert_string_equal(line, expect);
	sb_diags_free(&d);
}

static void test_header_errors(void **state)
{
	S_fix *f = *state;
	S_header_error(f, "w1,w2\n1,1\n", NULL, "in.csv:1: the header has no 'id' column (name the id column with --id-column)");
	S_header_error(f, "id,w1,c1,w1\n", NULL,
	               "in.csv:1:4: item 'w1' appears twice (first in column 2)");
	S_header_error(f, "w1,id,id\n", NULL, "in.csv:1:3: column 'id' appears twice (first in column 2)");
	S_header_error(f, "id,name,age\nx,y,3\n", NULL,
	               "in.csv:1: the header names no item of the bank (try 'securebase template')");
	S_header_error(f, "id,w1,\"c\"1\n", NULL, "in.csv:1:3: header: characters after a closing quote");
	/* blank lines before the header move it down */
	S_header_error(f, "\n\nid,w1,w1\n", NULL,
	               "in.csv:3:3: item 'w1' appears twice (first in column 2)");
	const char *keep[] = { "site", "age" };
	sb_answers_opts o = { .keep = keep, .n_keep = 2 };
	S_header_error(f, "id,w1,site\n", &o, "in.csv:1: no column 'age' to keep in the header");
	S_header_error(f, "id,age,w1,site,age\n", &o,
	               "in.csv:1:5: kept column 'age' appears twice (first in column 2)");
	/* item ids are case-sensitive and never trimmed */
	S_header_error(f, "id,W1, w1\n", NULL,
	               "in.csv:1: the header names no item of the bank (try 'securebase template')");
	/* every problem of the header at once */
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	assert_int_equal(S_open(f, f->small, "x,x\n", NULL, &a, &d), SB_ERR_DATA);
	assert_int_equal(d.n, 2);
	sb_diags_free(&d);
}

static void S_next(sb_answers *a, sb_answer_row *r)
{
	sb_diags d = { 0 };
	assert_int_equal(sb_answers_next(a, r, &d), SB_OK);
	assert_int_equal(d.n, 0);
}

static void test_empty_and_header_only(void **state)
{
	S_fix *f = *state;
	const char *texts[] = { "", "\xEF\xBB\xBF", "\n\r\n", "id,w1\n", "\xEF\xBB\xBFid,w1\r\n\r\n" };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		sb_answers *a = NULL;
		sb_diags d = { 0 };
		assert_int_equal(S_open(f, f->small, texts[i], NULL, &a, &d), SB_OK);
		sb_answer_row r;
		S_next(a, &r);
		assert_int_equal(r.kind, SB_ANSWER_END);
		S_next(a, &r);
		assert_int_equal(r.kind, SB_ANSWER_END);
		assert_int_equal(sb_answers_rows_read(a), 0);
		sb_answers_close(a);
	}
}

static void test_columns_any_order(void **state)
{
	S_fix *f = *state;
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	/* items in another order, an unknown column ignored, item c1 absent */
	assert_int_equal(S_open(f, f->small, "c2,note,w2,id,w1\n1,hello,-2,p1,2\n", NULL, &a, &d),
	                 SB_OK);
	assert_true(sb_answers_has_item(a, 0));
	assert_true(sb_answers_has_item(a, 1));
	assert_false(sb_answers_has_item(a, 2));
	assert_true(sb_answers_has_item(a, 3));
	assert_false(sb_answers_has_item(a, 99));
	sb_answer_row r;
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_ROW);
	assert_int_equal(r.row, 2);
	assert_string_equal(r.id, "p1");
	assert_int_equal(r.id_len, 2);
	/* bank order: w1, w2, c1, c2 */
	assert_int_equal(r.values[0], 2);
	assert_int_equal(r.values[1], -2);
	assert_int_equal(r.values[2], SB_MISSING);
	assert_int_equal(r.values[3], 1);
	assert_int_equal(r.n_kept, 0);
	assert_int_equal(r.duplicate_of, 0);
	assert_int_equal(r.record_len, strlen("1,hello,-2,p1,2"));
	assert_memory_equal(r.record, "1,hello,-2,p1,2", r.record_len);
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_END);
	assert_int_equal(sb_answers_rows_read(a), 1);
	assert_int_equal(sb_answers_bytes_read(a), strlen("c2,note,w2,id,w1\n1,hello,-2,p1,2\n"));
	sb_answers_close(a);
}

/* One row "id,w1,w2,c1,c2" → "x,<cells>": checks it is scored with these values or rejected with
 * this column and reason. */
static void S_row(S_fix *f, const char *cells, const int *values, long column, const char *reason)
{
	char text[256];
	snprintf(text, sizeof text, "id,w1,w2,c1,c2\nx,%s\n", cells);
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	assert_int_equal(S_open(f, f->small, text, NULL, &a, &d), SB_OK);
	sb_answer_row r;
	S_next(a, &r);
	assert_int_equal(r.row, 2);
	if (values) {
		if (r.kind != SB_ANSWER_ROW)
			fail_msg("'%s': rejected: %s", cells, r.reason);
		for (int i = 0; i < 4; i++)
			assert_int_equal(r.values[i], values[i]);
	} else {
		if (r.kind != SB_ANSWER_REJECT)
			fail_msg("'%s' was not rejected", cells);
		assert_int_equal(r.column, column);
		assert_string_equal(r.reason, reason);
		static const char *const names[] = { "id", "w1", "w2", "c1", "c2" };
		if (column >= 1 && column <= 5)
			assert_string_equal(r.column_name, names[column - 1]);
		else
			assert_null(r.column_name);
	}
	sb_answers_close(a);
}

#define M SB_MISSING

static void test_value_rules(void **state)
{
	S_fix *f = *state;
	S_row(f, "1,2,0,1", (int[]){ 1, 2, 0, 1 }, 0, NULL);
	/* empty cells are missing, also quoted empty ones */
	S_row(f, ",,\"\",", (int[]){ M, M, M, M }, 0, NULL);
	/* negatives where the range has them; -0 is 0 wherever 0 is in range */
	S_row(f, "-2,-0,-0,0", (int[]){ -2, 0, 0, 0 }, 0, NULL);
	/* leading zeros are still base 10; a quoted number is a number */
	S_row(f, "02,\"1\",00,01", (int[]){ 2, 1, 0, 1 }, 0, NULL);
	/* out of range */
	S_row(f, "3,0,0,0", NULL, 2, "value 3 is outside -2..2");
	S_row(f, "-3,0,0,0", NULL, 2, "value -3 is outside -2..2");
	S_row(f, "0,0,-1,0", NULL, 4, "value -1 is outside 0..1");
	S_row(f, "0,0,0,2", NULL, 5, "value 2 is outside 0..1");
	S_row(f, "0,0,0,9", NULL, 5, "value 9 is outside 0..1");
	S_row(f, "0,2147483648,0,0", NULL, 3, "value 2147483648 is outside -2..2");
	S_row(f, "0,99999999999999999999999999,0,0", NULL, 3,
	      "value 999999999999999999999999... is outside -2..2");
	S_row(f, "0,-99999999999999999999,0,0", NULL, 3, "value -99999999999999999999 is outside -2..2");
	/* not plain base-10 integers, nor anything the import rules read */
	S_row(f, "+1,0,0,0", NULL, 2, "value '+1' is not an integer or a response label");
	S_row(f, "1.5,0,0,0", NULL, 2, "value '1.5' is not an integer or a response label");
	S_row(f, "1e0,0,0,0", NULL, 2, "value '1e0' is not an integer or a response label");
	S_row(f, "0x1,0,0,0", NULL, 2, "value '0x1' is not an integer or a response label");
	S_row(f, "-,0,0,0", NULL, 2, "value '-' is not an integer or a response label");
	S_row(f, "--1,0,0,0", NULL, 2, "value '--1' is not an integer or a response label");
	S_row(f, "1-,0,0,0", NULL, 2, "value '1-' is not an integer or a response label");
	S_row(f, "maybe,0,0,0", NULL, 2, "value 'maybe' is not an integer or a response label");
	S_row(f, "0,0,0,abcdefghijklmnopqrstuvwxyz", NULL, 5,
	      "value 'abcdefghijklmnopqrstuvwx...' is not an integer or a response label");
	/* a cell that is valid UTF-8 is shown as text; bytes that are not, escaped */
	S_row(f, "\xE5\x90\xA6\xE5\x90\xA6,0,0,0", NULL, 2,
	      "value '\xE5\x90\xA6\xE5\x90\xA6' is not an integer or a response label");
	S_row(f, "\xC3(,0,0,0", NULL, 2, "value '\\xC3(' is not an integer or a response label");
	/* quotes, backslashes and controls escaped in both; 2- and 4-byte characters kept whole;
	 * each kind of invalid UTF-8 escaped byte by byte */
	S_row(f, "a'b\\c\x7F,0,0,0", NULL, 2,
	      "value 'a\\x27b\\x5Cc\\x7F' is not an integer or a response label");
	S_row(f, "\xC3\xA9\xF0\x9F\x98\x80,0,0,0", NULL, 2,
	      "value '\xC3\xA9\xF0\x9F\x98\x80' is not an integer or a response label");
	S_row(f, "\xE0\x80\x80,0,0,0", NULL, 2,
	      "value '\\xE0\\x80\\x80' is not an integer or a response label");
	S_row(f, "\xED\xA0\x80,0,0,0", NULL, 2,
	      "value '\\xED\\xA0\\x80' is not an integer or a response label");
	S_row(f, "\xF4\x90\x80\x80,0,0,0", NULL, 2,
	      "value '\\xF4\\x90\\x80\\x80' is not an integer or a response label");
	S_row(f, "\xFF,0,0,0", NULL, 2, "value '\\xFF' is not an integer or a response label");
	S_row(f, "x\xF0\x9F\x98,0,0,0", NULL, 2,
	      "value 'x\\xF0\\x9F\\x98' is not an integer or a response label");
	/* the import rules (docs/importing.md): spaces around, whole-number decimals, full-width
	 * digits, labels in any case and spacing, NA and blank cells as missing */
	S_row(f, " 1,1 ,\"1\n\",\t0", (int[]){ 1, 1, 1, 0 }, 0, NULL);
	S_row(f, "1.0,-2.00,0.0,1.", (int[]){ 1, -2, 0, 1 }, 0, NULL);
	S_row(f, "\xEF\xBC\x91,\xEF\xBC\x8D\xEF\xBC\x92,\xEF\xBC\x90,\xE3\x80\x80\xEF\xBC\x91",
	      (int[]){ 1, -2, 0, 1 }, 0, NULL);
	S_row(f, "strongly yes,  STRONGLY   no ,Yes,no", (int[]){ 2, -2, 1, 0 }, 0, NULL);
	S_row(f, "NA,na, ,\"  \"", (int[]){ M, M, M, M }, 0, NULL);
	S_row(f, "-99,0,0,0", NULL, 2, "value -99 is outside -2..2");
	S_row(f, "Yes please,0,0,0", NULL, 2,
	      "value 'Yes please' is not an integer or a response label");
	/* the first problem from the left is the one reported */
	S_row(f, "0,9,x,0", NULL, 3, "value 9 is outside -2..2");
}

static void test_row_rejects(void **state)
{
	S_fix *f = *state;
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	const char *text = "id,w1,w2,c1,c2\n"
	                   "a,1,1,1,1\n"          /* 2: fine */
	                   "b,1,1\n"              /* 3: too few fields */
	                   "c,1,1,1,1,1\n"        /* 4: too many */
	                   ",1,1,1,1\n"           /* 5: empty id */
	                   "\xC3(,1,1,1,1\n"      /* 6: id not UTF-8 */
	                   "e,1,x\"y,1,1\n"       /* 7: malformed quoting */
	                   "\n"                   /* 8: blank, skipped */
	                   "\"f\ng\",1,1,1,1\n"   /* 9-10: an id with a line feed in it */
	                   "h,\"1\n";             /* 11: never closed */
	assert_int_equal(S_open(f, f->small, text, NULL, &a, &d), SB_OK);
	sb_answer_row r;
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_ROW);
	assert_string_equal(r.id, "a");

	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_REJECT);
	assert_int_equal(r.row, 3);
	assert_int_equal(r.column, 4);
	assert_string_equal(r.column_name, "c1");
	assert_string_equal(r.reason, "the row has 3 fields, the header 5");
	assert_int_equal(r.record_len, 5);
	assert_memory_equal(r.record, "b,1,1", 5);

	S_next(a, &r);
	assert_int_equal(r.row, 4);
	assert_int_equal(r.column, 6);
	assert_null(r.column_name);
	assert_string_equal(r.reason, "the row has 6 fields, the header 5");

	S_next(a, &r);
	assert_int_equal(r.row, 5);
	assert_int_equal(r.column, 1);
	assert_string_equal(r.column_name, "id");
	assert_string_equal(r.reason, "empty id");

	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_REJECT);
	assert_int_equal(r.row, 6);
	assert_int_equal(r.column, 1);
	assert_string_equal(r.reason, "id is not valid UTF-8");
	assert_int_equal(r.record_len, 10);
	assert_memory_equal(r.record, "\xC3(,1,1,1,1", 10);

	S_next(a, &r);
	assert_int_equal(r.row, 7);
	assert_int_equal(r.column, 3);
	assert_string_equal(r.column_name, "w2");
	assert_string_equal(r.reason, "quote inside an unquoted field");
	assert_memory_equal(r.record, "e,1,x\"y,1,1", r.record_len);

	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_ROW);
	assert_int_equal(r.row, 9);
	assert_string_equal(r.id, "f\ng");

	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_REJECT);
	assert_int_equal(r.row, 11);
	assert_int_equal(r.column, 2);
	assert_string_equal(r.reason, "quoted field is never closed");
	assert_memory_equal(r.record, "h,\"1", r.record_len);

	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_END);
	/* rows read = scored + rejected: 2 scored, 6 rejected, the blank line not counted */
	assert_int_equal(sb_answers_rows_read(a), 8);
	sb_answers_close(a);
}

/* Short rows name the id when it can be read (empty and invalid ones are left out) and say
 * "1 field" in the singular; values shown in a reason are cut after 24 bytes, keep valid UTF-8
 * and show other bytes, quotes and backslashes as \xHH. */
static void test_short_rows_and_shown_values(void **state)
{
	S_fix *f = *state;
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	const char *text = "id,w1,w2,c1,c2\n"
	                   "x\n"
	                   ",1\n"
	                   "\xC3(,1\n";
	assert_int_equal(S_open(f, f->small, text, NULL, &a, &d), SB_OK);
	sb_answer_row r;
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_REJECT);
	assert_string_equal(r.reason, "the row has 1 field, the header 5");
	assert_string_equal(r.id, "x");
	assert_int_equal(r.column, 2);
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_REJECT);
	assert_string_equal(r.reason, "the row has 2 fields, the header 5");
	assert_true(!r.id || !*r.id);
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_REJECT);
	assert_true(!r.id || !*r.id);
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_END);
	sb_answers_close(a);
	S_row(f, "abcdefghijklmnopqrstuvwxyz0123,1,1,1", NULL, 2,
	      "value 'abcdefghijklmnopqrstuvwx...' is not an integer or a response label");
	S_row(f, "\xE4\xB8\xAD\xE6\x96\x87,1,1,1", NULL, 2,
	      "value '中文' is not an integer or a response label");
	S_row(f, "a'b\\c\x01,1,1,1", NULL, 2,
	      "value 'a\\x27b\\x5Cc\\x01' is not an integer or a response label");
	S_row(f, "\xFFx,1,1,1", NULL, 2,
	      "value '\\xFFx' is not an integer or a response label");
}

static void test_utf8_ids(void **state)
{
	S_fix *f = *state;
	static const char *const bad[] = {
		"\x80", "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80" /* a surrogate */, "\xF4\x90\x80\x80",
		"\xF5\x80\x80\x80", "ab\xE4\xBD", "\xFF",
	};
	static const char *const good[] = { "张伟", "é", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "~" };
	for (int pass = 0; pass < 2; pass++) {
		const char *const *ids = pass ? good : bad;
		size_t n = pass ? sizeof good / sizeof *good : sizeof bad / sizeof *bad;
		for (size_t i = 0; i < n; i++) {
			char text[128];
			snprintf(text, sizeof text, "id,c1\n%s,1\n", ids[i]);
			sb_answers *a = NULL;
			sb_diags d = { 0 };
			sb_status st = S_open(f, f->small, text, NULL, &a, &d);
			if (!pass && st == SB_ERR_DATA) {
				/* bytes that read as GB18030 stop the file at once, naming the option */
				assert_int_equal(d.n, 1);
				assert_true(sb_contains(d.v[0].message, "--encoding gb18030"));
				sb_diags_free(&d);
				continue;
			}
			assert_int_equal(st, SB_OK);
			sb_answer_row r;
			S_next(a, &r);
			assert_int_equal(r.kind, pass ? SB_ANSWER_ROW : SB_ANSWER_REJECT);
			if (pass)
				assert_string_equal(r.id, ids[i]);
			else
				assert_string_equal(r.reason, "id is not valid UTF-8");
			sb_answers_close(a);
		}
	}
}

static void test_keep(void **state)
{
	S_fix *f = *state;
	const char *keep[] = { "site", "note", "c1" };
	sb_answers_opts o = { .keep = keep, .n_keep = 3 };
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	assert_int_equal(S_open(f, f->small,
	                        "note,id,c1,site\n"
	                        "\"a, \"\"b\"\"\",p1,1,=cmd\n"
	                        "\xFF\xFE,p2,,\n"
	                        "x,p3,7,y\n",
	                        &o, &a, &d),
	                 SB_OK);
	sb_answer_row r;
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_ROW);
	assert_int_equal(r.n_kept, 3);
	assert_string_equal(r.kept[0], "=cmd");
	assert_string_equal(r.kept[1], "a, \"b\"");
	assert_int_equal(r.kept_len[1], 6);
	assert_string_equal(r.kept[2], "1");
	/* invalid UTF-8 in a kept column is handed over as it is */
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_ROW);
	assert_string_equal(r.kept[0], "");
	assert_string_equal(r.kept[1], "\xFF\xFE");
	assert_int_equal(r.values[2], SB_MISSING);
	/* a rejected row still has its kept array (empty) */
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_REJECT);
	assert_int_equal(r.n_kept, 3);
	assert_string_equal(r.kept[0], "");
	sb_answers_close(a);
}

static void test_duplicates(void **state)
{
	S_fix *f = *state;
	sb_answers_opts o = { .check_duplicates = true };
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	/* rejected rows are not remembered; the first row an id was scored on is the one named */
	assert_int_equal(S_open(f, f->small, "id,c1\na,1\nb,1\nb,9\nc,0\n\nb,1\na,\nA,1\na,1\n", &o, &a,
	                        &d),
	                 SB_OK);
	static const long expect_row[] = { 2, 3, 4, 5, 7, 8, 9, 10 };
	static const long expect_dup[] = { 0, 0, -1, 0, 3, 2, 0, 2 };
	for (size_t i = 0; i < 8; i++) {
		sb_answer_row r;
		S_next(a, &r);
		assert_int_equal(r.row, expect_row[i]);
		if (expect_dup[i] < 0) {
			assert_int_equal(r.kind, SB_ANSWER_REJECT);
			continue;
		}
		assert_int_equal(r.kind, SB_ANSWER_ROW);
		assert_int_equal(r.duplicate_of, expect_dup[i]);
	}
	sb_answers_close(a);

	/* many ids, so the set grows several times: every id once, then every tenth again */
	sb_buf t = { 0 };
	sb_buf_puts(&t, "id,c1\n");
	for (int i = 0; i < 60000; i++)
		sb_buf_printf(&t, "r%d,1\n", i);
	for (int i = 0; i < 60000; i += 10)
		sb_buf_printf(&t, "r%d,0\n", i);
	assert_int_equal(S_open(f, f->small, t.data, &o, &a, &d), SB_OK);
	long dups = 0;
	for (long row = 2;; row++) {
		sb_answer_row r;
		S_next(a, &r);
		if (r.kind == SB_ANSWER_END)
			break;
		assert_int_equal(r.kind, SB_ANSWER_ROW);
		if (row <= 60001) {
			assert_int_equal(r.duplicate_of, 0);
		} else {
			/* row 60002 + k repeats id r(10k), first on row 2 + 10k */
			assert_int_equal(r.duplicate_of, 2 + 10 * (row - 60002));
			dups++;
		}
	}
	assert_int_equal(dups, 6000);
	sb_answers_close(a);
	/* without the option nothing is checked */
	assert_int_equal(S_open(f, f->small, "id,c1\na,1\na,1\n", NULL, &a, &d), SB_OK);
	sb_answer_row r;
	S_next(a, &r);
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_ROW);
	assert_int_equal(r.duplicate_of, 0);
	sb_answers_close(a);
	sb_buf_free(&t);
}

/* The same file read with tiny blocks gives the same rows. */
static void test_block_sizes(void **state)
{
	S_fix *f = *state;
	const char *text = "\xEF\xBB\xBFw2,id,c1\r\n-1,\"a,b\",1\r\n\r\n2,x,9\r\n0,\"q\"\"\",\r\n";
	for (size_t block = 1; block <= 8; block++) {
		sb_answers_opts o = { .block_size = block, .check_duplicates = true };
		sb_answers *a = NULL;
		sb_diags d = { 0 };
		assert_int_equal(S_open(f, f->small, text, &o, &a, &d), SB_OK);
		sb_answer_row r;
		S_next(a, &r);
		assert_int_equal(r.kind, SB_ANSWER_ROW);
		assert_string_equal(r.id, "a,b");
		assert_int_equal(r.values[1], -1);
		assert_int_equal(r.values[2], 1);
		S_next(a, &r);
		assert_int_equal(r.kind, SB_ANSWER_REJECT);
		assert_int_equal(r.row, 4);
		assert_int_equal(r.column, 3);
		S_next(a, &r);
		assert_int_equal(r.kind, SB_ANSWER_ROW);
		assert_int_equal(r.row, 5);
		assert_string_equal(r.id, "q\"");
		assert_int_equal(r.values[2], SB_MISSING);
		S_next(a, &r);
		assert_int_equal(r.kind, SB_ANSWER_END);
		sb_answers_close(a);
	}
}

static void test_open_errors(void **state)
{
	S_fix *f = *state;
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	char *missing = sb_join(f->dir, "nope.csv");
	assert_int_equal(sb_answers_open_path(f->small, missing, NULL, &a, &d), SB_ERR_NOINPUT);
	assert_null(a);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, missing);
	assert_string_equal(d.v[0].message, "cannot open: No such file or directory");
	sb_diags_clear(&d);
	assert_int_equal(sb_answers_open_path(f->small, f->dir, NULL, &a, &d), SB_ERR_NOINPUT);
	assert_string_equal(d.v[0].message, "cannot open: it is a folder");
	sb_diags_free(&d);
	free(missing);
}

static void test_embedded_bank(void **state)
{
	S_fix *f = *state;
	/* the template header for the default bank, and a full row in reverse column order */
	sb_buf h = { 0 };
	sb_answers_write_header(f->embedded, &h);
	assert_true(strncmp(h.data, "id,", 3) == 0);
	int values[52];
	for (int i = 0; i < 48; i++)
		values[i] = 1 + i % 7;
	for (int i = 48; i < 52; i++) /* the safety items answer 1..3 */
		values[i] = 1 + i % 3;
	values[5] = SB_MISSING;
	sb_answers_write_row(f->embedded, "p-1", values, &h);
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	assert_int_equal(S_open(f, f->embedded, h.data, NULL, &a, &d), SB_OK);
	sb_answer_row r;
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_ROW);
	assert_string_equal(r.id, "p-1");
	assert_memory_equal(r.values, values, sizeof values);
	sb_answers_close(a);
	sb_buf_free(&h);
}

static void test_writer(void **state)
{
	S_fix *f = *state;
	sb_buf b = { 0 };
	sb_answers_write_header(f->small, &b);
	assert_string_equal(b.data, "id,w1,w2,c1,c2\n");
	sb_answers_write_row(f->small, "a", (int[]){ -2, 0, 1, SB_MISSING }, &b);
	/* ids are quoted when they need it, never guarded: the file is read back by securebase */
	sb_answers_write_row(f->small, "=x, \"y\"", (int[]){ M, M, M, M }, &b);
	assert_string_equal(b.data, "id,w1,w2,c1,c2\n"
	                            "a,-2,0,1,\n"
	                            "\"=x, \"\"y\"\"\",,,,\n");
	/* and it reads back to the same ids and values */
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	assert_int_equal(S_open(f, f->small, b.data, NULL, &a, &d), SB_OK);
	sb_answer_row r;
	S_next(a, &r);
	assert_string_equal(r.id, "a");
	assert_int_equal(r.values[0], -2);
	assert_int_equal(r.values[3], SB_MISSING);
	S_next(a, &r);
	assert_int_equal(r.kind, SB_ANSWER_ROW);
	assert_string_equal(r.id, "=x, \"y\"");
	sb_answers_close(a);
	sb_buf_free(&b);
}

static void test_alloc_failure(void **state)
{
	S_fix *f = *state;
	char *path = sb_join(f->dir, "alloc.csv");
	/* every item has a column (a header missing some fails as data, not for want of memory);
	 * the second row repeats an id and has a value out of range */
	const char *text = "note,id,w1,w2,c1,c2\nn,a,1,1,1,1\nm,a,1,1,9,1\n";
	sb_write_file(path, text, strlen(text));
	const char *keep[] = { "note" };
	sb_answers_opts o = { .keep = keep, .n_keep = 1, .check_duplicates = true };
	/* the k-th allocation and every later one fail, for every k until a run needs fewer */
	for (unsigned long k = 1;; k++) {
		assert_true(k < 100000);
		sb_answers *a = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_answers_open_path(f->small, path, &o, &a, &d);
		if (st == SB_OK) {
			sb_answer_row r;
			do
				st = sb_answers_next(a, &r, &d);
			while (st == SB_OK && r.kind != SB_ANSWER_END);
		}
		bool none_failed = sb_alloc_fail_after(0) < k;
		assert_true(st == SB_OK || st == SB_ERR_INTERNAL);
		sb_answers_close(a);
		sb_diags_free(&d);
		if (none_failed) {
			assert_int_equal(st, SB_OK);
			break;
		}
	}
	free(path);
}

/* --- the common row read straight from the bytes, against the general reading -------------- */

static unsigned S_rand(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/* A cell for an item of lo..hi: mostly a digit within the range, else one of the cells the value
 * rule treats otherwise. */
static const char *S_cell(unsigned *seed, char *buf, int lo, int hi)
{
	static const char *odd[] = { "", "", "0", "9", "8", "10", " 3", "3 ", "3.0", "\"4\"", "-1",
	                             "x", "Agree", "\"\"", "4\"" };
	unsigned r = S_rand(seed) % 100;
	if (r < 97) {
		snprintf(buf, 4, "%d", lo + (int)(S_rand(seed) % (unsigned)(hi - lo + 1)));
		return buf;
	}
	return odd[S_rand(seed) % (sizeof odd / sizeof odd[0])];
}

/* Rows of every kind the fast reading must leave to the general one, in four layouts of the same
 * cells: the id first then the items in bank order (read straight from the bytes), the items in
 * another order after the id (straight too, scattered), and each with the id last (the general
 * reading only). Every row must come out the same in all four: kind, row, id, every value; and
 * reason and column where the items are in the same order. */
static void test_plain_rows_differential(void **state)
{
	S_fix *f = *state;
	const sb_bank *b = f->embedded;
	size_t n = b->n_items;
	size_t *perm = malloc(n * sizeof *perm);
	for (size_t i = 0; i < n; i++)
		perm[i] = n - 1 - i; /* reversed */
	sb_buf text[4] = { 0 };
	for (int l = 0; l < 4; l++) {
		const size_t *order = l % 2 ? perm : NULL;
		if (l < 2)
			sb_buf_puts(&text[l], "id,");
		for (size_t i = 0; i < n; i++)
			sb_buf_printf(&text[l], "%s%s", i ? "," : "", b->items[order ? order[i] : i].id);
		sb_buf_puts(&text[l], l < 2 ? "\n" : ",id\n");
	}
	unsigned seed = 20261206;
	static const char *ids[] = { "p1", "p0000002", "a-very-long-identifier-of-40-bytes-xxxxx",
	                             "", "\"q1\"", "\"q\"\"2\"", "张三", "with space", "tab\there",
	                             "p-1234567890123456" };
	const int n_rows = 2500;
	for (int r = 0; r < n_rows; r++) {
		char cells[64][8];
		const char *cell[64];
		for (size_t i = 0; i < n; i++) {
			const sb_response_scale *rs = &b->responses[b->items[i].response];
			cell[i] = S_cell(&seed, cells[i], rs->min, rs->max);
		}
		unsigned kind = S_rand(&seed) % 100;
		const char *id = kind < 70 ? ids[S_rand(&seed) % 3] : ids[S_rand(&seed) % 10];
		size_t cols = n; /* items written */
		if (kind >= 90 && kind < 93)
			cols = n - 1 - S_rand(&seed) % 3; /* too few fields */
		const char *extra = kind >= 93 && kind < 95 ? ",5" : "";
		const char *eol = kind >= 95 && kind < 98 ? "\r\n" : kind == 98 ? "\r" : "\n";
		for (int l = 0; l < 4; l++) {
			const size_t *order = l % 2 ? perm : NULL;
			sb_buf *t = &text[l];
			if (l < 2)
				sb_buf_printf(t, "%s,", id);
			for (size_t i = 0; i < cols; i++)
				sb_buf_printf(t, "%s%s", i ? "," : "", cell[order ? order[i] : i]);
			if (l >= 2)
				sb_buf_printf(t, ",%s", id);
			sb_buf_printf(t, "%s%s", extra, eol);
			if (kind == 99)
				sb_buf_puts(t, "\n"); /* an empty line */
		}
	}
	for (int l = 0; l < 4; l++)
		sb_buf_puts(&text[l], "p-last,1,2"); /* the last line: no line feed, too few fields */
	sb_answers *a[4];
	for (int l = 0; l < 4; l++) {
		sb_diags d = { 0 };
		assert_int_equal(S_open(f, b, text[l].data, NULL, &a[l], &d), SB_OK);
		sb_diags_free(&d);
	}
	int good = 0, rejected = 0;
	for (;;) {
		sb_answer_row row[4];
		int vals[4][64];
		char id[4][64], reason[4][192];
		for (int l = 0; l < 4; l++) {
			S_next(a[l], &row[l]);
			for (size_t i = 0; i < n; i++)
				vals[l][i] = row[l].values ? row[l].values[i] : 0;
			snprintf(id[l], sizeof id[l], "%.*s", (int)row[l].id_len, row[l].id ? row[l].id : "");
			snprintf(reason[l], sizeof reason[l], "%s", row[l].reason ? row[l].reason : "");
		}
		for (int l = 1; l < 4; l++) {
			assert_int_equal(row[l].kind, row[0].kind);
			assert_int_equal(row[l].row, row[0].row);
			if (row[0].kind == SB_ANSWER_ROW) {
				assert_string_equal(id[l], id[0]);
				assert_memory_equal(vals[l], vals[0], n * sizeof vals[0][0]);
			}
		}
		/* A rejected row: its id where the id is in the same place (a short row may not reach
		 * an id at the end); the reason, the first bad cell's in column order, where the items
		 * are in the same order, with that cell's column; a record the CSV rules refuse (a
		 * lone CR) has the same column number in every layout. */
		for (int l = 0; l < 2; l++) {
			assert_string_equal(id[2 * l + 1], id[2 * l]);
			assert_string_equal(reason[l + 2], reason[l]);
			if (strncmp(reason[l], "value", 5) == 0)
				assert_string_equal(row[l + 2].column_name, row[l].column_name);
			else if (strncmp(reason[l], "carriage", 8) == 0)
				assert_int_equal(row[l + 2].column, row[l].column);
		}
		if (row[0].kind == SB_ANSWER_END)
			break;
		good += row[0].kind == SB_ANSWER_ROW;
		rejected += row[0].kind == SB_ANSWER_REJECT;
	}
	/* both kinds in number, and every row accounted for (empty lines are no rows) */
	assert_true(good > 300 && rejected > 300);
	assert_int_equal(sb_answers_rows_read(a[0]), (unsigned long)(good + rejected));
	for (int l = 0; l < 4; l++) {
		sb_answers_close(a[l]);
		sb_buf_free(&text[l]);
	}
	free(perm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_empty_and_header_only),
		cmocka_unit_test(test_columns_any_order),
		cmocka_unit_test(test_value_rules),
		cmocka_unit_test(test_row_rejects),
		cmocka_unit_test(test_short_rows_and_shown_values),
		cmocka_unit_test(test_utf8_ids),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_block_sizes),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_embedded_bank),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_plain_rows_differential),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

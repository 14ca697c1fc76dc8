/* SPDX-License-Identifier: MIT */
/* test_session.c — the assessment's state machine, its state file format and the line parser. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "bank/bank.h"
#include "data/session.h"

/* A small bank built by hand: items q1, q2, q4 on a 1..5 scale, q3 yes/no (0..1). */
static sb_bank *S_bank(const char *version)
{
	sb_bank *b = sb_calloc(1, sizeof *b);
	assert_non_null(b);
	b->id = sb_strdup("tb");
	b->version = sb_strdup(version);
	b->n_responses = 2;
	b->responses = sb_calloc(2, sizeof *b->responses);
	b->responses[0] = (sb_response_scale){ .id = sb_strdup("five"), .min = 1, .max = 5 };
	b->responses[1] = (sb_response_scale){ .id = sb_strdup("yesno"), .min = 0, .max = 1 };
	b->n_items = 4;
	b->items = sb_calloc(4, sizeof *b->items);
	static const char *const ids[] = { "q1", "q2", "q3", "q4" };
	for (size_t i = 0; i < 4; i++)
		b->items[i] = (sb_item){ .id = sb_strdup(ids[i]), .response = i == 2 ? 1 : 0 };
	return b;
}

static char *S_text(const sb_session *s)
{
	sb_buf b = { 0 };
	assert_int_equal(sb_session_write(s, &b), SB_OK);
	return sb_buf_detach(&b, NULL);
}

static void test_new(void **state)
{
	(void)state;
	sb_bank *b = S_bank("2.1");
	sb_diags d = { 0 };
	sb_session *s = NULL;
	assert_int_equal(sb_session_new(b, 1700000000, NULL, &s, &d), SB_OK);
	assert_string_equal(s->bank_id, "tb");
	assert_string_equal(s->bank_version, "2.1");
	assert_int_equal(s->n_items, 4);
	assert_int_equal(s->pos, 0);
	assert_null(s->respondent);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(s->answers[i], SB_MISSING);
	assert_string_equal(s->item_ids[3], "q4");
	assert_int_equal(sb_session_answered(s), 0);
	assert_false(sb_session_finished(s));
	assert_int_equal(sb_session_set_respondent(s, "小明-01", &d), SB_OK);
	assert_string_equal(s->respondent, "小明-01");
	assert_int_equal(sb_session_set_respondent(s, NULL, &d), SB_OK);
	assert_null(s->respondent);
	sb_session_free(s);

	/* Respondent ids go into a line-oriented file and onto a terminal: no control characters. */
	static const char *const bad[] = { "", "a\nb", "a\x1b[2Jb", "tab\there", "\xc2\x9b",
		                           "\xff", "\xe4\xb8", "\xed\xa0\x80" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(sb_respondent_valid(bad[i]));
		assert_int_equal(sb_session_new(b, 0, bad[i], &s, &d), SB_ERR_USAGE);
		assert_null(s);
	}
	char longid[SB_RESPONDENT_MAX + 2];
	memset(longid, 'x', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	assert_false(sb_respondent_valid(longid));
	longid[SB_RESPONDENT_MAX] = '\0';
	assert_true(sb_respondent_valid(longid));
	assert_int_equal(d.n, sizeof bad / sizeof bad[0]);
	assert_true(sb_contains(d.v[0].message, "respondent id"));
	sb_diags_free(&d);

	/* A version that would break the file's lines is refused. */
	sb_free(b->version);
	b->version = sb_strdup("1.0\nposition 9");
	assert_int_equal(sb_session_new(b, 0, NULL, &s, &d), SB_ERR_DATA);
	assert_null(s);
	sb_diags_free(&d);
	sb_bank_free(b);
}

static void test_moves(void **state)
{
	(void)state;
	sb_bank *b = S_bank("2.1");
	sb_diags d = { 0 };
	sb_session *s = NULL;
	assert_int_equal(sb_session_new(b, 5, NULL, &s, &d), SB_OK);

	/* Nothing before the first item; no moving on from an unanswered one without a skip. */
	assert_false(sb_session_back(s));
	assert_false(sb_session_next(s));
	assert_int_equal(s->pos, 0);

	/* Answer: only values in the item's range count, and a refused one keeps the place. */
	assert_false(sb_session_answer(s, b, 0));
	assert_false(sb_session_answer(s, b, 6));
	assert_int_equal(s->pos, 0);
	assert_true(sb_session_answer(s, b, 4));
	assert_int_equal(s->pos, 1);
	assert_int_equal(s->answers[0], 4);

	/* Skip leaves a missing answer. */
	assert_true(sb_session_skip(s));
	assert_int_equal(s->answers[1], SB_MISSING);
	assert_int_equal(s->pos, 2);

	/* Item 3 is yes/no: 0 and 1 only. */
	assert_false(sb_session_answer(s, b, 2));
	assert_true(sb_session_answer(s, b, 0));
	assert_int_equal(s->answers[2], 0);

	/* Back twice: the earlier answers are still there, and can be changed. */
	assert_true(sb_session_back(s));
	assert_true(sb_session_back(s));
	assert_int_equal(s->pos, 1);
	assert_int_equal(s->answers[1], SB_MISSING);
	assert_true(sb_session_back(s));
	assert_int_equal(s->pos, 0);
	assert_int_equal(s->answers[0], 4);
	assert_true(sb_session_answer(s, b, 2)); /* change 4 to 2 */
	assert_int_equal(s->answers[0], 2);
	assert_false(sb_session_next(s));        /* item 2 was skipped */
	assert_true(sb_session_answer(s, b, 5)); /* now answered after all */
	assert_true(sb_session_next(s));         /* keep item 3's answer */
	assert_int_equal(s->pos, 3);
	assert_int_equal(s->answers[2], 0);
	assert_int_equal(sb_session_answered(s), 3);

	/* Going back over an answer and skipping it removes it. */
	assert_true(sb_session_back(s));
	assert_true(sb_session_skip(s));
	assert_int_equal(s->answers[2], SB_MISSING);

	/* The last item; then the end, where nothing more can be answered or skipped. */
	assert_true(sb_session_answer(s, b, 1));
	assert_true(sb_session_finished(s));
	assert_int_equal(s->pos, 4);
	assert_false(sb_session_answer(s, b, 1));
	assert_false(sb_session_skip(s));
	assert_false(sb_session_next(s));
	assert_true(sb_session_back(s));
	assert_false(sb_session_finished(s));

	/* Jump anywhere from 0 to the end, not beyond. */
	assert_true(sb_session_jump(s, 1));
	assert_int_equal(s->pos, 1);
	assert_true(sb_session_jump(s, 4));
	assert_true(sb_session_finished(s));
	assert_false(sb_session_jump(s, 5));
	assert_int_equal(s->pos, 4);

	int want[] = { 2, 5, SB_MISSING, 1 };
	assert_memory_equal(s->answers, want, sizeof want);
	sb_session_free(s);
	sb_diags_free(&d);
	sb_bank_free(b);
}

static const char S_saved[] = "securebase-session 1\n"
			      "bank tb\n"
			      "version 2.1\n"
			      "started 1700000000\n"
			      "respondent r-1 小明\n"
			      "items 4\n"
			      "position 2\n"
			      "q1 3\n"
			      "q2 -\n"
			      "q3 -\n"
			      "q4 -\n"
			      "end\n";

/* CRC-32 (IEEE), written out independently of session.c's. */
static unsigned long S_crc(const char *p, size_t n)
{
	unsigned long c = 0xffffffffUL;
	for (size_t i = 0; i < n; i++) {
		c ^= (unsigned char)p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320UL : c >> 1;
	}
	return c ^ 0xffffffffUL;
}

/* text is plain (a format-1 text) written as format 2: "securebase-session 2" first, and its
 * last line "end CHECKSUM" with the CRC-32 of everything before it. */
static void S_assert_format2(const char *text, const char *plain)
{
	size_t n = strlen(text), pn = strlen(plain);
	assert_true(n == pn + 9);
	assert_memory_equal(text, "securebase-session 2\n", 21);
	assert_memory_equal(text + 21, plain + 21, pn - 21 - 4);
	char want[32];
	snprintf(want, sizeof want, "end %08lx\n", S_crc(text, n - 13));
	assert_string_equal(text + n - 13, want);
}

/* Pause (write), resume (parse + check), carry on, finish: nothing is lost on the way. */
static void test_pause_resume(void **state)
{
	(void)state;
	sb_bank *b = S_bank("2.1");
	sb_diags d = { 0 };
	sb_session *s = NULL, *t = NULL;
	assert_int_equal(sb_session_new(b, 1700000000, "r-1 小明", &s, &d), SB_OK);
	assert_true(sb_session_answer(s, b, 3));
	assert_true(sb_session_skip(s));
	char *text = S_text(s);
	S_assert_format2(text, S_saved);

	assert_int_equal(sb_session_parse(text, strlen(text), "tb.session", &t, &d), SB_OK);
	assert_int_equal(sb_session_check(t, b, "tb.session", &d), SB_OK);
	assert_int_equal(d.n, 0);
	assert_int_equal(t->pos, 2);
	assert_int_equal(t->started, 1700000000);
	assert_string_equal(t->respondent, "r-1 小明");
	assert_int_equal(t->answers[0], 3);
	assert_int_equal(t->answers[1], SB_MISSING);
	char *again = S_text(t);
	assert_string_equal(again, text);
	/* Damaged anywhere (an answer changed), or cut short: refused, saying so. */
	char *bad = strdup(text);
	*strstr(bad, "q1 3") = 'q', strstr(bad, "q1 3")[3] = '4';
	sb_session *u = (sb_session *)1;
	assert_int_equal(sb_session_parse(bad, strlen(bad), "st", &u, &d), SB_ERR_DATA);
	assert_null(u);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 12);
	assert_int_equal(d.v[0].column, 5);
	assert_true(sb_contains(d.v[0].message, "the file is damaged: its checksum is "));
	sb_diags_clear(&d);
	assert_int_equal(sb_session_parse(bad, strlen(bad) - 13, "st", &u, &d), SB_ERR_DATA);
	assert_int_equal(d.v[0].line, 11);
	assert_string_equal(d.v[0].message,
	                    "the file is damaged or cut short: its last line is not 'end CHECKSUM'");
	sb_diags_clear(&d);
	free(bad);

	/* Resume and finish. */
	assert_true(sb_session_answer(t, b, 1));
	assert_true(sb_session_answer(t, b, 5));
	assert_true(sb_session_finished(t));
	sb_free(again);
	again = S_text(t);
	assert_true(sb_contains(again, "position 4\nq1 3\nq2 -\nq3 1\nq4 5\nend "));
	sb_session_free(t);

	/* Without a respondent the line is left out, and a negative answer survives. */
	sb_free(text);
	sb_free(again);
	assert_int_equal(sb_session_set_respondent(s, NULL, &d), SB_OK);
	s->answers[3] = -3; /* only the parser, not the bank check, sees this one */
	text = S_text(s);
	assert_false(sb_contains(text, "respondent"));
	assert_int_equal(sb_session_parse(text, strlen(text), "x", &t, &d), SB_OK);
	assert_null(t->respondent);
	assert_int_equal(t->answers[3], -3);
	assert_int_equal(sb_session_check(t, b, "x", &d), SB_ERR_DATA);
	assert_int_equal(d.v[0].line, 10);
	assert_int_equal(d.v[0].column, 4);
	assert_string_equal(d.v[0].message, "the answer -3 to 'q4' is outside 1..5");
	sb_session_free(t);
	sb_session_free(s);
	sb_free(text);
	sb_diags_free(&d);
	sb_bank_free(b);
}

/* Replaces the first occurrence of from in S_saved with to. */
static char *S_edit(const char *from, const char *to)
{
	const char *p = strstr(S_saved, from);
	assert_non_null(p);
	size_t n = strlen(S_saved) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(p - S_saved), S_saved, to, p + strlen(from));
	return out;
}

static void test_parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to; /* an edit of S_saved */
		long line, column;
		const char *message;
	} cases[] = {
		{ S_saved, "", 1, 1, "the file is empty: not a securebase session file" },
		{ "securebase-session 1", "hello", 1, 1,
		  "not a securebase session file (expected 'securebase-session 2')" },
		{ "securebase-session 1", "securebase-session 3", 1, 20,
		  "session format '3' is not one this program reads (it reads 1 and 2)" },
		{ "securebase-session 1", "securebase-session x", 1, 20,
		  "session format 'x' is not one this program reads (it reads 1 and 2)" },
		{ "bank tb", "bunk tb", 2, 1, "expected 'bank ID'" },
		{ "bank tb", "bank", 2, 1, "expected 'bank ID'" },
		{ "bank tb", "bank Tb", 2, 6, "not a valid bank id" },
		{ "bank tb", "bank ", 2, 6, "not a valid bank id" },
		{ "version 2.1", "version \x01", 3, 9, "not a valid bank version" },
		{ "version 2.1", "version 2.1\r", 3, 12, "unexpected carriage return character" },
		{ "started 1700000000", "started -5", 4, 9,
		  "the start time must be a whole number of seconds" },
		{ "started 1700000000", "started 12345678901234567890", 4, 9,
		  "the start time must be a whole number of seconds" },
		{ "respondent r-1 小明", "respondent \x1b[31m", 5, 12,
		  "not a valid respondent id (1 to 128 bytes, no control characters)" },
		{ "respondent r-1 小明", "responder x", 5, 1, "expected 'respondent ID' or 'items N'" },
		{ "items 4", "items 0", 6, 7,
		  "the number of items must be a whole number from 1 to 1000000" },
		{ "items 4", "items 1000001", 6, 7,
		  "the number of items must be a whole number from 1 to 1000000" },
		{ "items 4", "itemz 4", 6, 1, "expected 'items N'" },
		{ "position 2", "position 5", 7, 10, "the position must be a whole number from 0 to 4" },
		{ "position 2", "position", 7, 1, "expected 'position N'" },
		{ "q2 -", "q2 x", 9, 4, "an answer must be a whole number, or - for none" },
		{ "q2 -", "q2 1234567890", 9, 4, "an answer must be a whole number, or - for none" },
		{ "q2 -", "q2 --", 9, 4, "an answer must be a whole number, or - for none" },
		{ "q2 -", "q2 ", 9, 4, "an answer must be a whole number, or - for none" },
		{ "q2 -", "q2", 9, 1, "expected an answer line 'ITEM VALUE'" },
		{ "q2 -", "Q2 -", 9, 1, "not a valid item id" },
		{ "q2 -", " -", 9, 1, "not a valid item id" },
		{ "q4 -\n", "", 11, 1, "expected 4 answer lines, found 3" },
		{ "q4 -\nend\n", "q4 -\nq5 -\nend\n", 12, 1, "expected 'end' after 4 answer lines" },
		{ "end\n", "", 12, 1, "the file ends early: expected 'end'" },
		{ "end\n", "end", 12, 4,
		  "the line does not end with a newline (the file may be cut short; expected 'end')" },
		{ "end\n", "end\nmore\n", 13, 1, "unexpected text after 'end'" },
		{ "q1 3\n", "q1 3\n\0\n", 8, 1, "unexpected NUL character" },
		{ "items 4\nposition 2\nq1 3\nq2 -\nq3 -\nq4 -\nend\n", "items 4\n", 7, 1,
		  "the file ends early: expected 'position N'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = S_edit(cases[i].from, cases[i].to);
		size_t len = strlen(text);
		if (strcmp(cases[i].to, "q1 3\n\0\n") == 0) {
			/* strlen stops at the NUL; build the bytes by hand. */
			free(text);
			static const char nul[] = "securebase-session 1\nbank tb\nversion 2.1\n"
						  "started 1\nitems 4\nposition 2\nq1 3\n\0\n";
			text = malloc(sizeof nul);
			memcpy(text, nul, sizeof nul);
			len = sizeof nul - 1;
		}
		sb_diags d = { 0 };
		sb_session *s = (sb_session *)1;
		sb_status st = sb_session_parse(text, len, "state", &s, &d);
		if (st != SB_ERR_DATA || d.n != 1 || d.v[0].line != cases[i].line ||
		    d.v[0].column != cases[i].column || strcmp(d.v[0].message, cases[i].message) != 0)
			fail_msg("case %zu: status %d, %zu diags, first %ld:%ld: %s", i, st, d.n,
			         d.n ? d.v[0].line : 0, d.n ? d.v[0].column : 0,
			         d.n ? d.v[0].message : "");
		assert_string_equal(d.v[0].file, "state");
		assert_null(s);
		sb_diags_free(&d);
		free(text);
	}
}

static void test_check(void **state)
{
	(void)state;
	sb_bank *b = S_bank("2.2");
	sb_diags d = { 0 };
	sb_session *s = NULL;
	assert_int_equal(sb_session_parse(S_saved, strlen(S_saved), "st", &s, &d), SB_OK);
	/* Another version of the same bank: refused with both versions named. */
	assert_int_equal(sb_session_check(s, b, "st", &d), SB_ERR_DATA);
	assert_int_equal(d.v[0].line, 3);
	assert_string_equal(d.v[0].message, "the saved session was made with version 2.1 of the "
	                                     "question bank 'tb'; this is version 2.2");
	sb_diags_free(&d);
	sb_free(b->version);
	b->version = sb_strdup("2.1");
	assert_int_equal(sb_session_check(s, b, "st", &d), SB_OK);

	/* Another bank. */
	sb_free(b->id);
	b->id = sb_strdup("other");
	assert_int_equal(sb_session_check(s, b, "st", &d), SB_ERR_DATA);
	assert_string_equal(d.v[0].message,
	                    "the saved session belongs to the question bank 'tb', not 'other'");
	sb_diags_free(&d);
	sb_free(b->id);
	b->id = sb_strdup("tb");

	/* Items renamed or reordered, or fewer of them. */
	sb_free(b->items[2].id);
	b->items[2].id = sb_strdup("q9");
	assert_int_equal(sb_session_check(s, b, "st", &d), SB_ERR_DATA);
	assert_int_equal(d.v[0].line, 10);
	assert_int_equal(d.v[0].column, 1);
	assert_string_equal(d.v[0].message,
	                    "item 3 is 'q3' in the saved session but 'q9' in the question bank");
	sb_diags_free(&d);
	b->n_items = 3;
	assert_int_equal(sb_session_check(s, b, "st", &d), SB_ERR_DATA);
	assert_int_equal(d.v[0].line, 6);
	assert_string_equal(d.v[0].message, "the saved session has 4 items; the question bank has 3");
	b->n_items = 4;
	sb_diags_free(&d);

	/* An answer out of its item's range (q3 is yes/no). */
	sb_free(b->items[2].id);
	b->items[2].id = sb_strdup("q3");
	s->answers[2] = 3;
	assert_int_equal(sb_session_check(s, b, "st", &d), SB_ERR_DATA);
	assert_int_equal(d.v[0].line, 10);
	assert_int_equal(d.v[0].column, 4);
	assert_string_equal(d.v[0].message, "the answer 3 to 'q3' is outside 0..1");
	sb_diags_free(&d);
	sb_session_free(s);
	sb_bank_free(b);
}

static void test_line_parser(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		sb_line_kind kind;
		int value;
	} cases[] = {
		{ "4\n", SB_LINE_VALUE, 4 },
		{ "1", SB_LINE_VALUE, 1 },
		{ "7\r\n", SB_LINE_VALUE, 7 },
		{ "  5 \t\n", SB_LINE_VALUE, 5 },
		{ "+3\n", SB_LINE_VALUE, 3 },
		{ "007\n", SB_LINE_VALUE, 7 },
		{ "\n", SB_LINE_SKIP, 0 },
		{ "", SB_LINE_SKIP, 0 },
		{ "   \t\r\n", SB_LINE_SKIP, 0 },
		{ "0\n", SB_LINE_OUT_OF_RANGE, 0 },
		{ "8\n", SB_LINE_OUT_OF_RANGE, 0 },
		{ "-1\n", SB_LINE_OUT_OF_RANGE, 0 },
		{ "99999999999999999999999\n", SB_LINE_OUT_OF_RANGE, 0 },
		{ "-99999999999999999999999\n", SB_LINE_OUT_OF_RANGE, 0 },
		{ "x\n", SB_LINE_NOT_NUMBER, 0 },
		{ "4.0\n", SB_LINE_NOT_NUMBER, 0 },
		{ "4 5\n", SB_LINE_NOT_NUMBER, 0 },
		{ "-\n", SB_LINE_NOT_NUMBER, 0 },
		{ "+\n", SB_LINE_NOT_NUMBER, 0 },
		{ "1e1\n", SB_LINE_NOT_NUMBER, 0 },
		{ "\xef\xbc\x94\n", SB_LINE_NOT_NUMBER, 0 }, /* a full-width 4 */
		{ "s\n", SB_LINE_NOT_NUMBER, 0 },
		{ "4\n\n", SB_LINE_NOT_NUMBER, 0 },          /* two lines are not one answer */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int v = -12345;
		sb_line_kind k = sb_session_parse_line(cases[i].line, strlen(cases[i].line), 1, 7, &v);
		if (k != cases[i].kind)
			fail_msg("case %zu ('%s'): kind %d, wanted %d", i, cases[i].line, k,
			         cases[i].kind);
		assert_int_equal(v, cases[i].kind == SB_LINE_VALUE ? cases[i].value : -12345);
	}
	/* A NUL inside the line; a range with negatives (a bank may use -3..3). */
	int v = 0;
	assert_int_equal(sb_session_parse_line("4\0" "5", 3, 1, 7, &v), SB_LINE_NOT_NUMBER);
	assert_int_equal(sb_session_parse_line("-2", 2, -3, 3, &v), SB_LINE_VALUE);
	assert_int_equal(v, -2);
	assert_int_equal(sb_session_parse_line("0", 1, 0, 1, &v), SB_LINE_VALUE);
	assert_int_equal(v, 0);
	assert_int_equal(sb_session_parse_line("-4", 2, -3, 3, &v), SB_LINE_OUT_OF_RANGE);
}

/* Every allocation that can fail does so cleanly: a status, no leak (LeakSanitizer), no result. */
static void test_alloc_failures(void **state)
{
	(void)state;
	sb_bank *b = S_bank("2.1");
	for (unsigned long k = 1;; k++) {
		sb_diags d = { 0 };
		sb_session *s = NULL;
		sb_alloc_fail_after(k);
		sb_status st = sb_session_parse(S_saved, strlen(S_saved), "st", &s, &d);
		sb_alloc_fail_after(0);
		sb_diags_free(&d);
		if (st == SB_OK) {
			sb_session_free(s);
			assert_true(k > 5);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(s);
	}
	for (unsigned long k = 1;; k++) {
		sb_diags d = { 0 };
		sb_session *s = NULL;
		sb_alloc_fail_after(k);
		sb_status st = sb_session_new(b, 0, "id", &s, &d);
		sb_alloc_fail_after(0);
		sb_diags_free(&d);
		if (st == SB_OK) {
			sb_buf out = { 0 };
			sb_alloc_fail_after(1);
			assert_int_equal(sb_session_write(s, &out), SB_ERR_INTERNAL);
			sb_alloc_fail_after(0);
			sb_buf_free(&out);
			sb_session_free(s);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(s);
	}
	sb_bank_free(b);
}

/* Arbitrary bytes never crash the parsers: every prefix and many one-byte edits of a good file. */
static void test_parse_robust(void **state)
{
	(void)state;
	size_t n = strlen(S_saved);
	char *buf = malloc(n);
	for (size_t cut = 0; cut < n; cut++) {
		sb_diags d = { 0 };
		sb_session *s = NULL;
		assert_int_equal(sb_session_parse(S_saved, cut, "st", &s, &d), SB_ERR_DATA);
		assert_int_equal(d.n, 1);
		sb_diags_free(&d);
	}
	static const char bytes[] = { '\0', '\n', ' ', '-', '9', '\xff', 'z', '\r' };
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < sizeof bytes; j++) {
			memcpy(buf, S_saved, n);
			buf[i] = bytes[j];
			sb_diags d = { 0 };
			sb_session *s = NULL;
			sb_status st = sb_session_parse(buf, n, "st", &s, &d);
			assert_true(st == SB_OK || st == SB_ERR_DATA);
			assert_true(st == SB_OK ? s != NULL && d.n == 0 : s == NULL && d.n == 1);
			sb_session_free(s);
			sb_diags_free(&d);
			int v;
			(void)sb_session_parse_line(buf + i, n - i, INT_MIN + 1, INT_MAX, &v);
		}
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new),
		cmocka_unit_test(test_moves),
		cmocka_unit_test(test_pause_resume),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_line_parser),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_parse_robust),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

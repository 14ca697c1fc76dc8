/* SPDX-License-Identifier: MIT */
/* fuzz_session.c — the assess state file parser (sb_session_parse) on arbitrary bytes: never
 * crashes, leaks or hangs; a file it refuses says why at a line; a file it accepts is written
 * back byte for byte the same way it reads (write, parse, write gives the same text), is checked
 * against the default bank without trouble and, when it belongs to it, survives moves driven by
 * the input's last bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bank/bank.h"
#include "data/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void S_same(const sb_session *a, const sb_session *b)
{
	if (strcmp(a->bank_id, b->bank_id) != 0 || strcmp(a->bank_version, b->bank_version) != 0 ||
	    a->n_items != b->n_items || a->pos != b->pos || a->started != b->started ||
	    (a->respondent == NULL) != (b->respondent == NULL) ||
	    (a->respondent && strcmp(a->respondent, b->respondent) != 0))
		abort();
	for (size_t i = 0; i < a->n_items; i++)
		if (strcmp(a->item_ids[i], b->item_ids[i]) != 0 || a->answers[i] != b->answers[i])
			abort();
}

/* Writes s and parses the text again: the same session, and the same text once more. */
static void S_round_trip(const sb_session *s)
{
	sb_buf t1 = { 0 }, t2 = { 0 };
	sb_diags d = { 0 };
	sb_session *again = NULL;
	if (sb_session_write(s, &t1) != SB_OK ||
	    sb_session_parse(t1.data, t1.len, "again", &again, &d) != SB_OK)
		abort(); /* what we write, we must read */
	S_same(s, again);
	if (sb_session_write(again, &t2) != SB_OK || t1.len != t2.len ||
	    memcmp(t1.data, t2.data, t1.len) != 0)
		abort();
	sb_session_free(again);
	sb_buf_free(&t1);
	sb_buf_free(&t2);
	sb_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sb_bank *bank;
	sb_diags d = { 0 };
	if (!bank && sb_bank_load_embedded(&bank, &d) != SB_OK)
		abort();
	sb_session *s = NULL;
	sb_status st = sb_session_parse((const char *)data, size, "fuzz.session", &s, &d);
	if (st != SB_OK) {
		if (st != SB_ERR_DATA || s || d.n == 0 || d.v[0].line < 1)
			abort(); /* a refused file always says why, and where */
		sb_diags_free(&d);
		return 0;
	}
	if (s->pos > s->n_items || sb_session_answered(s) > s->n_items)
		abort();
	S_round_trip(s);
	st = sb_session_check(s, bank, "fuzz.session", &d);
	if (st != SB_OK && (st != SB_ERR_DATA || d.n == 0))
		abort();
	if (st == SB_OK) {
		/* the last bytes drive the state machine */
		size_t from = size > 64 ? size - 64 : 0;
		for (size_t i = from; i < size; i++) {
			uint8_t op = data[i];
			switch (op % 5) {
			case 0: sb_session_answer(s, bank, (int)(op / 5) % 9 - 1); break;
			case 1: sb_session_skip(s); break;
			case 2: sb_session_back(s); break;
			case 3: sb_session_next(s); break;
			default: sb_session_jump(s, (size_t)(op / 5) % (s->n_items + 2)); break;
			}
			if (s->pos > s->n_items)
				abort();
		}
		for (size_t i = 0; i < s->n_items; i++) {
			const sb_response_scale *rs = &bank->responses[bank->items[i].response];
			if (s->answers[i] != SB_MISSING &&
			    (s->answers[i] < rs->min || s->answers[i] > rs->max))
				abort();
		}
		S_round_trip(s);
		sb_diags_free(&d);
		if (sb_session_check(s, bank, "fuzz.session", &d) != SB_OK)
			abort(); /* moves never take a session out of its bank */
	}
	sb_session_free(s);
	sb_diags_free(&d);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* fuzz_bank.c — the bank loader on arbitrary bytes: never crashes, leaks or hangs, and a bank it
 * accepts is one the rest of the program can use: it dumps, scores, and makes reports and a
 * form in both languages without a problem. */
#include <stdint.h>
#include <stdlib.h>

#include "bank/bank.h"
#include "report/doc.h"
#include "report/form.h"
#include "report/report.h"
#include "score/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Answers that sweep each item's range (min, max, the middle, missing, ...). */
static void S_answers(const sb_bank *b, int *v)
{
	for (size_t i = 0; i < b->n_items; i++) {
		const sb_response_scale *rs = &b->responses[b->items[i].response];
		switch (i % 4) {
		case 0: v[i] = rs->min; break;
		case 1: v[i] = rs->max; break;
		case 2: v[i] = rs->min + (rs->max - rs->min) / 2; break;
		default: v[i] = SB_MISSING; break;
		}
	}
}

static void S_use(const sb_bank *b)
{
	sb_buf out = { 0 };
	sb_bank_dump(b, &out);
	sb_buf_free(&out);
	int *v = calloc(b->n_items ? b->n_items : 1, sizeof *v);
	sb_result r = { 0 };
	if (!v || sb_result_init(&r, b) != SB_OK)
		abort();
	S_answers(b, v);
	sb_score(b, v, &r);
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		for (int a = 0; a < 2; a++) {
			sb_report_opts o = {
				.lang = (sb_lang)l,
				.audience = a ? SB_AUDIENCE_COUNSELLOR : SB_AUDIENCE_SELF,
				.respondent = "fuzz",
				.date = "2026-01-01",
			};
			sb_diags d = { 0 };
			sb_doc *doc = NULL;
			if (sb_report_build(b, &r, v, &o, &doc, &d) != SB_OK)
				abort(); /* a loaded bank must always make a report */
			sb_doc_free(doc);
			if (sb_report_json(b, &r, v, &o, &out, &d) != SB_OK)
				abort();
			sb_buf_free(&out);
			sb_diags_free(&d);
		}
		sb_diags d = { 0 };
		sb_doc *form = NULL;
		if (sb_form_build(b, (sb_lang)l, &form, &d) != SB_OK)
			abort();
		sb_doc_free(form);
		sb_diags_free(&d);
	}
	sb_result_free(&r);
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	sb_status st = sb_bank_load((const char *)data, size, "fuzz.yaml", &b, &d);
	if (st == SB_OK)
		S_use(b);
	else if (st != SB_ERR_DATA || d.n == 0)
		abort(); /* a rejected bank always says why */
	sb_bank_free(b);
	sb_diags_free(&d);
	return 0;
}

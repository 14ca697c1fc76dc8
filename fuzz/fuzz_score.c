/* SPDX-License-Identifier: MIT */
/* fuzz_score.c — scoring of an arbitrary answers CSV against the default bank, as `score` does
 * it: the answers reader, sb_score and the cohort summary (and the report for the first rows).
 * Never crash, leak or hang; every score lies in its scale's range with a band; rows read =
 * scored + rejected in the reader, the summary and its JSON.
 *
 * Input: byte 0 = options (bit 0: the bank's own header line goes first, so the fuzzer starts
 * from rows that score; bit 1: with bit 0, a `note` column is added to it and kept; bit 2: the
 * duplicate-id check; bits 3-4: the language and audience of the reports), then the CSV. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "data/answers.h"
#include "report/doc.h"
#include "report/report.h"
#include "score/score.h"
#include "score/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define S_EPS 1e-9

static void S_check_result(const sb_bank *b, const int *values, const sb_result *r)
{
	for (size_t i = 0; i < b->n_items; i++)
		if (values[i] != SB_MISSING &&
		    (values[i] < b->responses[b->items[i].response].min ||
		     values[i] > b->responses[b->items[i].response].max))
			abort();
	for (size_t s = 0; s < b->n_scales; s++) {
		const sb_scale *sc = &b->scales[s];
		const sb_scale_result *x = &r->scales[s];
		if (x->answered > x->n_items || x->n_items != sc->n_items)
			abort();
		if (x->scored) {
			if (!(x->score >= sc->lo - S_EPS && x->score <= sc->hi + S_EPS))
				abort();
			if (x->band == SB_NONE || x->band >= sc->n_bands)
				abort();
			if (x->has_norms && (!isfinite(x->z) || !(x->percentile >= 0) ||
			                     !(x->percentile <= 100)))
				abort();
		} else if (!isnan(x->score) || x->band != SB_NONE || x->has_norms) {
			abort();
		}
	}
	if (r->style < -1 || r->style >= SB_STYLE_COUNT || r->has_style != (r->style >= 0))
		abort();
	char flags[SB_QUALITY_FLAGS_MAX];
	if (sb_quality_flags(&r->quality, flags, sizeof flags) >= sizeof flags)
		abort();
	if (!(r->quality.missing_share >= 0 && r->quality.missing_share <= 1))
		abort();
}

static void S_report(const sb_bank *b, const sb_answer_row *row, const sb_result *r,
                     uint8_t opt)
{
	sb_report_opts o = {
		.lang = (opt & 8) ? SB_LANG_ZH : SB_LANG_EN,
		.audience = (opt & 16) ? SB_AUDIENCE_COUNSELLOR : SB_AUDIENCE_SELF,
		.respondent = row->id,
		.date = "2026-01-01",
	};
	sb_diags d = { 0 };
	sb_doc *doc = NULL;
	if (sb_report_build(b, r, row->values, &o, &doc, &d) != SB_OK)
		abort();
	sb_doc_free(doc);
	sb_buf out = { 0 };
	if (sb_report_json(b, r, row->values, &o, &out, &d) != SB_OK)
		abort();
	json_error_t je;
	json_t *j = json_loadb(out.data, out.len, 0, &je);
	if (!j)
		abort(); /* the report JSON must always be JSON */
	json_decref(j);
	sb_buf_free(&out);
	sb_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	data++;
	size--;

	static sb_bank *bank;
	sb_diags d = { 0 };
	if (!bank && sb_bank_load_embedded(&bank, &d) != SB_OK)
		abort();
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	if (opt & 1) {
		sb_buf h = { 0 };
		sb_answers_write_header(bank, &h);
		if (h.failed || h.len == 0)
			abort();
		if (opt & 2) {
			h.len--; /* before the newline */
			sb_buf_puts(&h, ",note\n");
		}
		if (write(fd, h.data, h.len) != (ssize_t)h.len)
			abort();
		sb_buf_free(&h);
	}
	if ((size && write(fd, data, size) != (ssize_t)size) || lseek(fd, 0, SEEK_SET) != 0)
		abort();

	const char *keep[] = { "note" };
	sb_answers_opts o = {
		.keep = keep,
		.n_keep = (opt & 3) == 3,
		.check_duplicates = (opt & 4) != 0,
		.allow_missing_items = true, /* partial headers reach the rows too */
	};
	sb_answers *a = NULL;
	sb_summary *sum = NULL;
	sb_result r = { 0 };
	if (sb_summary_new(bank, &sum) != SB_OK || sb_result_init(&r, bank) != SB_OK)
		abort();
	size_t scored = 0, rejected = 0, reports = 0;
	if (sb_answers_open_fd(bank, fd, &o, &a, &d) == SB_OK) {
		sb_answer_row row;
		while (sb_answers_next(a, &row, &d) == SB_OK && row.kind != SB_ANSWER_END) {
			if (row.kind == SB_ANSWER_REJECT) {
				sb_summary_reject(sum);
				rejected++;
				continue;
			}
			sb_score(bank, row.values, &r);
			S_check_result(bank, row.values, &r);
			sb_summary_add(sum, row.values, &r);
			if (row.duplicate_of)
				sb_summary_duplicate_id(sum);
			if (reports++ < 2)
				S_report(bank, &row, &r, opt);
			scored++;
		}
		if (scored + rejected != sb_answers_rows_read(a))
			abort();
	}
	sb_summary_totals t;
	sb_summary_get_totals(sum, &t);
	if (t.read != scored + rejected || t.scored != scored || t.rejected != rejected)
		abort();
	for (size_t s = 0; s < bank->n_scales; s++) {
		double alpha = sb_summary_alpha(sum, s, NULL, NULL);
		if (!isnan(alpha) && !(alpha <= 1 + S_EPS))
			abort();
	}
	sb_buf out = { 0 };
	if (sb_summary_json(sum, &out) != SB_OK)
		abort();
	json_error_t je;
	json_t *j = json_loadb(out.data, out.len, 0, &je);
	if (!j || json_integer_value(json_object_get(json_object_get(j, "rows"), "read")) !=
	                  (json_int_t)t.read)
		abort();
	json_decref(j);
	sb_buf_free(&out);
	sb_summary_free(sum);
	sb_result_free(&r);
	sb_answers_close(a);
	sb_diags_free(&d);
	close(fd);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* fuzz_import.c — the survey-export side of the answers reader on arbitrary bytes: encoding
 * detection and transcoding, separator and header-row sniffing, header mapping with "did you
 * mean", and the slow path of cells (labels, decimals, full-width digits, missing codes). Never
 * crash, leak or hang; reading the input in chunks of any size gives what reading it in pages
 * gives; folding is idempotent; a cell reads as the same value with spaces around it.
 *
 * Input: byte 0 = options (bit 0: --allow-missing-items; bits 1-2: the separator, 0 detected,
 * then ',' ';' TAB; bit 3: --encoding gb18030; bit 4: --missing "-99,."; bits 5-7: 1 + n
 * chunk-size bytes follow), then the chunk sizes, then the file. The bank is the import
 * fixtures' (tests/data/import/bank.yaml), written out here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunked.h"
#include "data/answers.h"
#include "data/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char S_bank_yaml[] =
	"format: 1\nid: fuzz_import\nversion: \"0.1\"\ntitle: {zh: 导入, en: Import}\n"
	"languages: [zh, en]\nattribution: {zh: 测试。, en: Tests.}\n"
	"response_scales:\n  - id: agree5\n    min: 1\n    max: 5\n    labels:\n"
	"      1: {zh: 非常不同意, en: Strongly disagree}\n      2: {zh: 不同意, en: Disagree}\n"
	"      3: {zh: 一般, en: Neutral}\n      4: {zh: 同意, en: Agree}\n"
	"      5: {zh: 非常同意, en: Strongly agree}\n"
	"steps: []\n"
	"texts:\n  about: {zh: 关于。, en: About.}\n  instructions: {zh: 作答。, en: Answer.}\n"
	"  disclaimer: {zh: 不是诊断。, en: Not a diagnosis.}\n  why_it_matters: {zh: 为何。, en: Why.}\n"
	"  professional_help: {zh: 求助。, en: Help.}\n  local_help: {zh: \"\", en: \"\"}\n"
	"  emergency: {zh: 紧急。, en: Emergency.}\n  closing: {zh: 结语。, en: Closing.}\n"
	"scales:\n  - id: worry\n    name: {zh: 担心, en: Worry}\n    description: {zh: 担心。, en: Worry.}\n"
	"    method: mean\n    bands:\n      - id: all\n        min: 1\n        max: 5\n"
	"        label: {zh: 全部, en: All}\n        shows_up: {zh: 是。, en: Is.}\n"
	"        origins: {zh: 来。, en: From.}\n        steps: []\n        starters: []\n"
	"items:\n"
	"  - {id: anx01, scale: worry, response: agree5, reverse: false,\n"
	"     text: {zh: 对方回消息慢的时候，我会担心。, en: \"When my partner is slow to reply, I worry.\"}}\n"
	"  - {id: anx02, scale: worry, response: agree5, reverse: true,\n"
	"     text: {zh: 我常怕对方会离开我。, en: I often fear my partner will leave me.}}\n"
	"  - {id: avo01, scale: worry, response: agree5, reverse: false,\n"
	"     text: {zh: 我不太习惯依靠别人。, en: I find it hard to rely on others.}}\n";

static sb_bank *S_bank(void)
{
	static sb_bank *b;
	if (!b) {
		sb_diags d = { 0 };
		if (sb_bank_load(S_bank_yaml, sizeof S_bank_yaml - 1, "fuzz.yaml", &b, &d) != SB_OK) {
			for (size_t i = 0; i < d.n; i++)
				fprintf(stderr, "%s:%ld:%ld: %s\n", d.v[i].file, d.v[i].line, d.v[i].column,
				        d.v[i].message);
			abort();
		}
		sb_diags_free(&d);
	}
	return b;
}

static uint64_t S_mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 1099511628211ULL;
}

static uint64_t S_bytes(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = S_mix(h, (unsigned char)p[i]);
	return S_mix(h, n);
}

/* Reads the whole input through the answers reader; a digest of everything it says. */
static uint64_t S_read(const uint8_t *data, size_t size, const uint8_t *sizes, size_t n_sizes,
                       const sb_answers_opts *o)
{
	const sb_bank *b = S_bank();
	sb_chunked c;
	sb_chunked_start(&c, data, size, sizes, n_sizes);
	sb_answers_opts oc = *o;
	oc.read_fn = sb_chunked_read;
	oc.read_ctx = &c;
	sb_answers *a = NULL;
	sb_diags d = { 0 };
	uint64_t h = 1469598103934665603ULL;
	sb_status st = sb_answers_open_fd(b, -1, &oc, &a, &d);
	h = S_mix(h, (uint64_t)st);
	for (size_t i = 0; i < d.n; i++)
		h = S_bytes(S_mix(h, (uint64_t)d.v[i].line), d.v[i].message, strlen(d.v[i].message));
	if (st == SB_OK) {
		const sb_answers_info *in = sb_answers_import_info(a);
		h = S_mix(S_mix(h, (uint64_t)in->delimiter), (uint64_t)in->header_rows_skipped);
		h = S_mix(h, in->by_id * 1000 + in->by_text * 100 + in->by_code * 10 + in->by_file);
		for (;;) {
			sb_answer_row r;
			sb_diags rd = { 0 };
			sb_status rs = sb_answers_next(a, &r, &rd);
			h = S_mix(h, (uint64_t)rs);
			sb_diags_free(&rd);
			if (rs != SB_OK || r.kind == SB_ANSWER_END)
				break;
			h = S_mix(S_mix(h, (uint64_t)r.kind), (uint64_t)r.row);
			h = S_bytes(h, r.id, strlen(r.id));
			if (r.kind == SB_ANSWER_ROW) {
				for (size_t i = 0; i < b->n_items; i++) {
					int v = r.values[i];
					if (v != SB_MISSING && (v < 1 || v > 5))
						abort(); /* a value outside the response range got through */
					h = S_mix(h, (uint64_t)(int64_t)v);
				}
			} else {
				h = S_bytes(S_mix(h, (uint64_t)r.column), r.reason, strlen(r.reason));
			}
		}
	}
	sb_answers_close(a);
	sb_diags_free(&d);
	return h;
}

/* Folding and cells on the raw bytes. */
static void S_pieces(const uint8_t *data, size_t size)
{
	size_t n = size < 600 ? size : 600;
	const char *s = (const char *)data;
	char a[2048], b2[2048];
	size_t la = sb_import_fold(s, n, false, a, sizeof a);
	if (la != (size_t)-1) {
		if (strlen(a) > la || la >= sizeof a)
			abort();
		size_t lb = sb_import_fold(a, la, false, b2, sizeof b2);
		if (lb != la || memcmp(a, b2, la) != 0)
			abort(); /* folding twice changes nothing */
	}
	(void)sb_import_fold(s, n, true, a, sizeof a);
	(void)sb_import_sniff_delimiter(s, size);
	sb_cells *c = NULL;
	if (sb_cells_new(S_bank(), NULL, 0, false, &c) != SB_OK)
		abort();
	size_t m = size < 200 ? size : 200;
	long long v1 = 0, v2 = 0;
	int k1 = sb_cells_value(c, 0, s, m, &v1);
	char padded[256];
	padded[0] = ' ';
	memcpy(padded + 1, s, m);
	padded[m + 1] = ' ';
	int k2 = sb_cells_value(c, 0, padded, m + 2, &v2);
	if (k1 != k2 || (k1 && v1 != v2))
		abort(); /* spaces around a cell change nothing */
	sb_cells_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	size_t n_sizes = 1 + (size_t)(opt >> 5);
	if (size < 1 + n_sizes)
		return 0;
	const uint8_t *sizes = data + 1;
	const uint8_t *file = data + 1 + n_sizes;
	size_t len = size - 1 - n_sizes;
	static const char *const miss[] = { "-99", "." };
	static const char delims[4] = { 0, ',', ';', '\t' };
	sb_answers_opts o = {
		.name = "fuzz.csv",
		.allow_missing_items = opt & 1,
		.delimiter = delims[(opt >> 1) & 3],
		.encoding = opt & 8 ? "gb18030" : NULL,
		.missing = miss, .n_missing = 2, .missing_set = (opt & 16) != 0,
		.check_duplicates = true,
		.whole_head = true,
	};
	uint64_t h1 = S_read(file, len, sizes, n_sizes, &o);
	uint64_t h2 = S_read(file, len, NULL, 0, &o);
	if (h1 != h2)
		abort(); /* the chunks' sizes changed what was read */
	S_pieces(file, len);
	return 0;
}

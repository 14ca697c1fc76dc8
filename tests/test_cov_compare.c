/* SPDX-License-Identifier: MIT */
/* test_cov_compare.c — `compare --mode retest --summary` with a cohort summary that has no entry
 * for a scale of the bank: that scale gets no verdict, says why (in JSON, in English and in
 * Chinese, in the JSON report), and the other scales still get theirs from the summary. The summary is made by
 * `score --summary` on 30 generated rows, then one scale's id is changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "support.h"

#include "base/buf.h"

static void test_scale_not_in_summary(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	const char *t[] = { "securebase", "template", NULL };
	sb_run_result h = sb_run(t, NULL, 0, NULL, NULL);
	assert_int_equal(h.status, 0);
	size_t items = 0;
	for (const char *p = h.out; *p; p++)
		items += *p == ',';
	sb_buf b = { 0 };
	sb_buf_puts(&b, h.out);
	sb_run_free(&h);
	unsigned long x = 12345;
	for (int r = 0; r < 30; r++) {
		sb_buf_printf(&b, "r%d", r);
		for (size_t i = 0; i < items; i++) {
			x = x * 1103515245UL + 12345UL;
			int v = 1 + r % 3 + (int)((x >> 16) % 3) - 1;
			sb_buf_printf(&b, ",%d", sb_fit_answer(i, v < 1 ? 1 : v));
		}
		sb_buf_putc(&b, '\n');
	}
	char *in = sb_join(dir, "a.csv"), *scores = sb_join(dir, "s.csv");
	char *sum = sb_join(dir, "sum.json"), *cut = sb_join(dir, "cut.json");
	sb_write_file(in, b.data, b.len);
	sb_buf_free(&b);
	const char *score[] = { "securebase", "score", in, "-o", scores, "--summary", sum, NULL };
	sb_run_result r = sb_run(score, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	sb_run_free(&r);

	json_error_t je;
	json_t *doc = json_load_file(sum, 0, &je);
	assert_non_null(doc);
	json_t *s0 = json_array_get(json_object_get(doc, "scales"), 0);
	char *gone = strdup(json_string_value(json_object_get(s0, "id")));
	json_object_set_new(s0, "id", json_string("not-in-this-bank"));
	assert_int_equal(json_dump_file(doc, cut, 0), 0);
	json_decref(doc);

	const char *cmp[] = { "securebase", "compare", in, "--ids", "r0,r1", "--mode", "retest",
		              "--summary", cut, "--format", "json", NULL };
	r = sb_run(cmp, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	json_t *out = json_loadb(r.out, r.out_len, 0, &je);
	assert_non_null(out);
	json_t *scales = json_object_get(out, "scales");
	assert_true(json_array_size(scales) >= 2);
	json_t *rc0 = json_object_get(json_array_get(scales, 0), "reliable_change");
	assert_string_equal(json_string_value(json_object_get(json_array_get(scales, 0), "id")), gone);
	assert_string_equal(json_string_value(json_object_get(rc0, "verdict")), "no_verdict");
	assert_string_equal(json_string_value(json_object_get(rc0, "no_verdict")), "not_in_summary");
	assert_string_equal(json_string_value(json_object_get(rc0, "reason")),
	                    "The cohort summary has no entry for this scale.");
	assert_true(json_is_null(json_object_get(rc0, "rci")));
	/* the next scale is in the summary: its SD and alpha are taken from it */
	json_t *rc1 = json_object_get(json_array_get(scales, 1), "reliable_change");
	assert_true(json_is_number(json_object_get(rc1, "sd")));
	assert_string_not_equal(json_string_value(json_object_get(rc1, "no_verdict")),
	                        "not_in_summary");
	json_decref(out);
	sb_run_free(&r);

	const char *zh[] = { "securebase", "--lang", "zh", "compare", in, "--ids", "r0,r1", "--mode",
		             "retest", "--summary", cut, "--format", "json", NULL };
	r = sb_run(zh, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	out = json_loadb(r.out, r.out_len, 0, &je);
	assert_non_null(out);
	rc0 = json_object_get(json_array_get(json_object_get(out, "scales"), 0), "reliable_change");
	assert_string_equal(json_string_value(json_object_get(rc0, "reason")),
	                    "群体汇总里没有这个量表。");
	json_decref(out);
	sb_run_free(&r);

	free(gone);
	free(in);
	free(scores);
	free(sum);
	free(cut);
	sb_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale_not_in_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

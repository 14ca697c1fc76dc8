/* SPDX-License-Identifier: MIT */
/* test_cov_summary.c — a damaged cohort summary is refused by sb_summary_merge_json with the
 * message that names what is wrong, and leaves the summary it was merged into unchanged; and the
 * `summary` command's usage errors, unreadable inputs, standard input and standard output.
 *
 * A real summary (four respondents scored by the library, embedded bank) is written by
 * sb_summary_json, parsed with jansson, damaged in one place, and merged. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "support.h"

#include "base/buf.h"
#include "score/compare.h"
#include "score/score.h"
#include "score/summary.h"


/* A summary of four respondents, as JSON text; caller frees. */
static char *S_summary_text(void)
{
	const sb_bank *b = sb_test_bank;
	sb_summary *s = NULL;
	assert_int_equal(sb_summary_new(b, &s), SB_OK);
	int *answers = calloc(b->n_items, sizeof *answers);
	assert_non_null(answers);
	for (int p = 0; p < 4; p++) {
		for (size_t i = 0; i < b->n_items; i++)
			answers[i] = sb_fit_answer(i, 1 + (int)((i * 7 + (size_t)p * 3) % 5));
		sb_result r;
		assert_int_equal(sb_result_init(&r, b), SB_OK);
		sb_score(b, answers, &r);
		sb_summary_add(s, answers, &r);
		sb_result_free(&r);
	}
	free(answers);
	sb_buf out = { 0 };
	assert_int_equal(sb_summary_json(s, &out), SB_OK);
	sb_summary_free(s);
	return sb_buf_detach(&out, NULL);
}

/* The summary text of an empty summary (what a failed merge must leave behind). */
static char *S_empty_text(void)
{
	sb_summary *s = NULL;
	assert_int_equal(sb_summary_new(sb_test_bank, &s), SB_OK);
	sb_buf out = { 0 };
	assert_int_equal(sb_summary_json(s, &out), SB_OK);
	sb_summary_free(s);
	return sb_buf_detach(&out, NULL);
}

/* Merges text into a fresh summary: the status, and the one message (or NULL). The summary must
 * be unchanged when the merge fails. */
static sb_status S_merge(const char *text, char **msg)
{
	sb_summary *s = NULL;
	assert_int_equal(sb_summary_new(sb_test_bank, &s), SB_OK);
	sb_diags d = { 0 };
	sb_status st = sb_summary_merge_json(s, text, strlen(text), "part.json", &d);
	*msg = NULL;
	if (d.n) {
		assert_int_equal(d.n, 1);
		assert_string_equal(d.v[0].file, "part.json");
		size_t n = (size_t)snprintf(NULL, 0, "%ld:%ld: %s", d.v[0].line, d.v[0].column,
		                            d.v[0].message);
		*msg = malloc(n + 1);
		snprintf(*msg, n + 1, "%ld:%ld: %s", d.v[0].line, d.v[0].column, d.v[0].message);
	}
	if (st != SB_OK) {
		sb_buf out = { 0 };
		assert_int_equal(sb_summary_json(s, &out), SB_OK);
		char *empty = S_empty_text();
		assert_string_equal(out.data, empty);
		free(empty);
		sb_buf_free(&out);
	}
	sb_diags_free(&d);
	sb_summary_free(s);
	return st;
}

/* The first scale object of the document. */
static json_t *S_scale0(json_t *root)
{
	return json_array_get(json_object_get(root, "scales"), 0);
}

typedef void (*S_damage)(json_t *root);

/* What a merge says of a document of another schema. */
#define S_OTHER_SCHEMA "another schema (this securebase merges only schema 2: score those rows again with it)"

static void D_schema(json_t *r) { json_object_set_new(r, "schema", json_integer(99)); }
static void D_schema_1(json_t *r) { json_object_set_new(r, "schema", json_integer(1)); }
static void D_schema_text(json_t *r) { json_object_set_new(r, "schema", json_string("1")); }
static void D_bank_id(json_t *r) { json_object_set_new(json_object_get(r, "bank"), "id", json_string("other")); }
static void D_bank_version(json_t *r) { json_object_set_new(json_object_get(r, "bank"), "version", json_string("0.0.1")); }
static void D_no_bank(json_t *r) { json_object_del(r, "bank"); }
static void D_scales_object(json_t *r) { json_object_set_new(r, "scales", json_object()); }
static void D_no_scored(json_t *r) { json_object_del(json_object_get(r, "rows"), "scored"); }
static void D_negative_rejected(json_t *r) { json_object_set_new(json_object_get(r, "rows"), "rejected", json_integer(-1)); }
static void D_no_dup(json_t *r) { json_object_del(json_object_get(r, "rows"), "duplicate_ids"); }
static void D_no_none(json_t *r) { json_object_del(json_object_get(r, "styles"), "none"); }
static void D_no_near(json_t *r) { json_object_del(json_object_get(r, "styles"), "near_boundary"); }
static void D_style_text(json_t *r) { json_object_set_new(json_object_get(r, "styles"), "fearful", json_string("2")); }
static void D_no_longstring(json_t *r) { json_object_del(json_object_get(r, "flags"), "longstring"); }
static void D_no_irv(json_t *r) { json_object_del(json_object_get(r, "flags"), "low_irv"); }
static void D_no_inconsistent(json_t *r) { json_object_del(json_object_get(r, "flags"), "inconsistent"); }
static void D_no_missing(json_t *r) { json_object_del(json_object_get(r, "flags"), "missing"); }
static void D_no_any(json_t *r) { json_object_del(json_object_get(r, "flags"), "any"); }
static void D_scale_gone(json_t *r) { json_array_remove(json_object_get(r, "scales"), 0); }
static void D_scale_id_number(json_t *r) { json_object_set_new(S_scale0(r), "id", json_integer(1)); }
static void D_no_sufficient(json_t *r) { json_object_del(S_scale0(r), "sufficient"); }
static void D_items(json_t *r) { json_object_set_new(S_scale0(r), "items", json_integer(3)); }
static void D_no_items(json_t *r) { json_object_del(S_scale0(r), "items"); }
static json_t *S_suf(json_t *r) { return json_object_get(S_scale0(r), "sufficient"); }
static void D_suf_n(json_t *r) { json_object_del(S_suf(r), "n"); }
static void D_suf_complete(json_t *r) { json_object_del(S_suf(r), "complete"); }
static void D_suf_mean(json_t *r) { json_object_set_new(S_suf(r), "mean", json_real(2.5)); }
static void D_suf_mean_text(json_t *r) { json_object_set_new(S_suf(r), "mean", json_string("2.5x")); }
static void D_suf_m2(json_t *r) { json_object_set_new(S_suf(r), "m2", json_string("")); }
static void D_suf_item_sum(json_t *r) { json_array_remove(json_object_get(S_suf(r), "item_sum"), 0); }
static void D_suf_cross(json_t *r) { json_array_remove(json_object_get(S_suf(r), "cross"), 0); }
static void D_suf_min(json_t *r) { json_object_del(S_suf(r), "min"); }
static void D_suf_max(json_t *r) { json_object_set_new(S_suf(r), "max", json_null()); }
static void D_item_sum_value(json_t *r) { json_array_set_new(json_object_get(S_suf(r), "item_sum"), 0, json_string("12")); }
static void D_cross_value(json_t *r) { json_array_set_new(json_object_get(S_suf(r), "cross"), 1, json_real(1)); }
/* A sum so large that adding the undamaged document's to it leaves 64 bits. */
static void D_cross_huge(json_t *r) { json_array_set_new(json_object_get(S_suf(r), "cross"), 0, json_integer(INT64_MAX - 1)); }
static void D_band(json_t *r)
{
	json_t *bands = json_object_get(S_scale0(r), "bands");
	const char *first = json_object_iter_key(json_object_iter(bands));
	assert_non_null(first);
	json_object_del(bands, first);
}

static void test_damaged_summaries_are_refused(void **state)
{
	(void)state;
	static const struct {
		S_damage f;
		const char *why;
	} cases[] = {
		{ D_schema, S_OTHER_SCHEMA },
		{ D_schema_1, S_OTHER_SCHEMA }, /* Welford co-moments: they cannot join exact sums */
		{ D_schema_text, S_OTHER_SCHEMA },
		{ D_bank_id, "made with another bank (or bank version)" },
		{ D_bank_version, "made with another bank (or bank version)" },
		{ D_no_bank, "made with another bank (or bank version)" },
		{ D_scales_object, "no scales" },
		{ D_no_scored, "a row, style or flag count is missing" },
		{ D_negative_rejected, "a row, style or flag count is missing" },
		{ D_no_dup, "a row, style or flag count is missing" },
		{ D_no_none, "a row, style or flag count is missing" },
		{ D_no_near, "a row, style or flag count is missing" },
		{ D_style_text, "a row, style or flag count is missing" },
		{ D_no_longstring, "a row, style or flag count is missing" },
		{ D_no_irv, "a row, style or flag count is missing" },
		{ D_no_inconsistent, "a row, style or flag count is missing" },
		{ D_no_missing, "a row, style or flag count is missing" },
		{ D_no_any, "a row, style or flag count is missing" },
		{ D_scale_gone, "a scale of the bank is missing" },
		{ D_scale_id_number, "a scale of the bank is missing" },
		{ D_no_sufficient, "a scale has no sufficient statistics (made by an older securebase?)" },
		{ D_items, "a scale has another number of items than the bank's" },
		{ D_no_items, "a scale has another number of items than the bank's" },
		{ D_suf_n, "a scale's sufficient statistics are incomplete" },
		{ D_suf_complete, "a scale's sufficient statistics are incomplete" },
		{ D_suf_mean, "a scale's sufficient statistics are incomplete" },
		{ D_suf_mean_text, "a scale's sufficient statistics are incomplete" },
		{ D_suf_m2, "a scale's sufficient statistics are incomplete" },
		{ D_suf_item_sum, "a scale's sufficient statistics are incomplete" },
		{ D_suf_cross, "a scale's sufficient statistics are incomplete" },
		{ D_suf_min, "a scale's sufficient statistics are incomplete" },
		{ D_suf_max, "a scale's sufficient statistics are incomplete" },
		{ D_item_sum_value, "a scale's item sums are not whole numbers" },
		{ D_cross_value, "a scale's sums of products are not whole numbers" },
		{ D_band, "a band of the bank is missing" },
	};
	char *good = S_summary_text();
	char *msg;
	assert_int_equal(S_merge(good, &msg), SB_OK); /* the undamaged document merges */
	assert_null(msg);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_error_t je;
		json_t *root = json_loads(good, 0, &je);
		assert_non_null(root);
		cases[i].f(root);
		char *text = json_dumps(root, JSON_COMPACT);
		json_decref(root);
		char want[200];
		snprintf(want, sizeof want, "0:0: not a summary that can be merged: %s", cases[i].why);
		sb_status st = S_merge(text, &msg);
		if (st != SB_ERR_DATA || !msg || strcmp(msg, want) != 0)
			print_message("case %zu: status %d, message %s\n", i, (int)st, msg ? msg : "(none)");
		assert_int_equal(st, SB_ERR_DATA);
		assert_string_equal(msg, want);
		free(msg);
		free(text);
	}
	free(good);
}

/* Sums that would leave 64 bits are refused, and the summary keeps what it had. */
static void test_sums_beyond_64_bits_are_refused(void **state)
{
	(void)state;
	char *good = S_summary_text();
	json_error_t je;
	json_t *root = json_loads(good, 0, &je);
	assert_non_null(root);
	D_cross_huge(root);
	char *huge = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	sb_summary *s = NULL;
	assert_int_equal(sb_summary_new(sb_test_bank, &s), SB_OK);
	sb_diags d = { 0 };
	assert_int_equal(sb_summary_merge_json(s, good, strlen(good), "a.json", &d), SB_OK);
	sb_buf before = { 0 }, after = { 0 };
	assert_int_equal(sb_summary_json(s, &before), SB_OK);
	assert_int_equal(sb_summary_merge_json(s, huge, strlen(huge), "b.json", &d), SB_ERR_DATA);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "b.json");
	assert_string_equal(d.v[0].message,
	                    "not a summary that can be merged: the item sums would exceed 64 bits");
	assert_int_equal(sb_summary_json(s, &after), SB_OK);
	assert_string_equal(after.data, before.data);
	sb_buf_free(&before);
	sb_buf_free(&after);
	sb_diags_free(&d);
	sb_summary_free(s);
	free(huge);
	free(good);
}

static void test_not_json_names_line_and_column(void **state)
{
	(void)state;
	char *msg;
	assert_int_equal(S_merge("{\n  \"schema\": 1,\n  oops\n}", &msg), SB_ERR_DATA);
	assert_non_null(msg);
	assert_true(strncmp(msg, "3:", 2) == 0); /* jansson's line of the error */
	assert_non_null(strstr(msg, ": not JSON: "));
	free(msg);
	assert_int_equal(S_merge("[1, 2]", &msg), SB_ERR_DATA);
	assert_string_equal(msg, "0:0: not a summary that can be merged: " S_OTHER_SCHEMA);
	free(msg);
}

/* ---- the same document as a cohort for `compare --summary` (sb_cohort_load) ---- */

/* Loads text as a cohort: the status and every message, "; "-joined (caller frees). */
static sb_status S_cohort(const char *text, char **msg)
{
	sb_cohort *c = NULL;
	sb_diags d = { 0 };
	sb_status st = sb_cohort_load(text, strlen(text), "cohort.json", sb_test_bank, &c, &d);
	sb_buf b = { 0 };
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.v[i].file, "cohort.json");
		sb_buf_printf(&b, "%s%ld:%ld: %s", i ? "; " : "", d.v[i].line, d.v[i].column,
		              d.v[i].message);
	}
	*msg = b.len ? sb_buf_detach(&b, NULL) : NULL;
	sb_buf_free(&b);
	assert_true(st == SB_OK ? c != NULL : c == NULL);
	sb_cohort_free(c);
	sb_diags_free(&d);
	return st;
}

static void C_items_text(json_t *r) { json_object_set_new(S_scale0(r), "items", json_string("8")); }
static void C_n(json_t *r) { json_object_set_new(S_scale0(r), "n", json_integer(-1)); }
static void C_sd_gone(json_t *r) { json_object_del(S_scale0(r), "sd"); }
static void C_sd_text(json_t *r) { json_object_set_new(S_scale0(r), "sd", json_string("1")); }
static void C_sd_negative(json_t *r) { json_object_set_new(S_scale0(r), "sd", json_integer(-1)); }
static void C_rel_gone(json_t *r) { json_object_del(S_scale0(r), "reliability"); }
static void C_alpha(json_t *r) { json_object_set_new(json_object_get(S_scale0(r), "reliability"), "alpha", json_integer(2)); }
static void C_scale_number(json_t *r) { json_array_set_new(json_object_get(r, "scales"), 0, json_integer(5)); }
static void C_bank_id_number(json_t *r) { json_object_set_new(json_object_get(r, "bank"), "id", json_integer(5)); }
static void C_twice(json_t *r) { json_array_append_new(json_object_get(r, "scales"), json_deep_copy(S_scale0(r))); }
/* These leave a cohort that loads. */
static void C_sd_null(json_t *r) { json_object_set_new(S_scale0(r), "sd", json_null()); }
static void C_foreign_scale(json_t *r) { json_object_set_new(S_scale0(r), "id", json_string("not-a-scale")); }
static void C_no_items(json_t *r) { json_object_del(S_scale0(r), "items"); }

static void test_damaged_cohorts_are_refused(void **state)
{
	(void)state;
	const sb_bank *b = sb_test_bank;
	char items_msg[300], twice_msg[200];
	snprintf(items_msg, sizeof items_msg,
	         "0:0: scales[0].items: scale \"%s\" has %zu items in the bank; this summary was made "
	         "with a different version of it", b->scales[0].id, b->scales[0].n_items);
	snprintf(twice_msg, sizeof twice_msg, "0:0: scales[%zu]: scale \"%s\" appears twice",
	         b->n_scales, b->scales[0].id);
	char other_bank[200];
	snprintf(other_bank, sizeof other_bank,
	         "0:0: this summary was made with bank \"other\", not \"%s\"; its SD and alpha do not "
	         "apply", b->id);
	const struct {
		S_damage f;
		const char *msg; /* NULL: it loads */
	} cases[] = {
		{ D_schema, "0:0: cohort summary schema 99 is not supported (expected 1 to 2)" },
		{ D_schema_text, "0:0: not a cohort summary (the JSON file that `securebase score "
		                 "--summary` writes): no \"schema\" number" },
		{ D_no_bank, "0:0: bank.id: expected a string" },
		{ C_bank_id_number, "0:0: bank.id: expected a string" },
		{ D_bank_id, other_bank },
		{ D_scales_object, "0:0: scales: expected an array" },
		{ C_scale_number, "0:0: scales[0]: expected an object" },
		{ D_scale_id_number, "0:0: scales[0].id: expected a string" },
		{ C_twice, twice_msg },
		{ D_items, items_msg },
		{ C_items_text, items_msg },
		{ C_n, "0:0: scales[0].n: expected an integer >= 0" },
		{ C_sd_gone, "0:0: scales[0]: \"sd\" is missing" },
		{ C_sd_text, "0:0: scales[0].sd: expected a number or null" },
		{ C_sd_negative, "0:0: scales[0].sd: -1 is out of range" },
		{ C_rel_gone, "0:0: scales[0].reliability: expected an object with \"alpha\"" },
		{ C_alpha, "0:0: scales[0].reliability.alpha: 2 is out of range" },
		{ C_sd_null, NULL },
		{ D_schema_1, NULL }, /* its SD and alpha read the same as in schema 2 */
		{ C_foreign_scale, NULL },
		{ C_no_items, NULL },
		{ D_band, NULL }, /* bands are not read for a cohort */
	};
	char *good = S_summary_text();
	char *msg;
	assert_int_equal(S_cohort(good, &msg), SB_OK);
	assert_null(msg);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_error_t je;
		json_t *root = json_loads(good, 0, &je);
		assert_non_null(root);
		cases[i].f(root);
		char *text = json_dumps(root, JSON_COMPACT);
		json_decref(root);
		sb_status st = S_cohort(text, &msg);
		if (cases[i].msg ? st != SB_ERR_DATA || !msg || strcmp(msg, cases[i].msg) != 0
		                 : st != SB_OK || msg)
			print_message("case %zu: status %d, message %s\n", i, (int)st, msg ? msg : "(none)");
		if (cases[i].msg) {
			assert_int_equal(st, SB_ERR_DATA);
			assert_string_equal(msg, cases[i].msg);
		} else {
			assert_int_equal(st, SB_OK);
			assert_null(msg);
		}
		free(msg);
		free(text);
	}
	free(good);
	/* not JSON, and not an object */
	assert_int_equal(S_cohort("{\n\"schema\": 1,\n]", &msg), SB_ERR_DATA);
	assert_true(strncmp(msg, "3:1: not a cohort summary: ", 27) == 0);
	free(msg);
	assert_int_equal(S_cohort("[1]", &msg), SB_ERR_DATA);
	assert_true(strncmp(msg, "0:0: not a cohort summary (", 27) == 0);
	free(msg);
}

static void test_cohort_files(void **state)
{
	(void)state;
	char *dir = sb_tmpdir(), *nope = sb_join(dir, "nope.json");
	sb_cohort *c = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_cohort_load_file(dir, sb_test_bank, &c, &d), SB_ERR_NOINPUT);
	assert_null(c);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, dir);
	assert_string_equal(d.v[0].message, "cannot open the summary: it is a folder");
	sb_diags_free(&d);
	d = (sb_diags){ 0 };
	assert_int_equal(sb_cohort_load_file(nope, sb_test_bank, &c, &d), SB_ERR_NOINPUT);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].message, "cannot open the summary: No such file or directory");
	sb_diags_free(&d);
	d = (sb_diags){ 0 };
	char *good = S_summary_text(), *path = sb_join(dir, "good.json");
	sb_write_file(path, good, strlen(good));
	assert_int_equal(sb_cohort_load_file(path, sb_test_bank, &c, &d), SB_OK);
	assert_int_equal(d.n, 0);
	assert_non_null(c);
	sb_cohort_free(c);
	sb_diags_free(&d);
	free(good);
	free(path);
	free(nope);
	sb_rmtree(dir);
	free(dir);
}

/* ---- the command ---- */

static sb_run_result S_cmd(const char *const *argv, const char *in)
{
	return sb_run(argv, in, in ? strlen(in) : 0, NULL, NULL);
}

static void test_summary_usage_errors(void **state)
{
	(void)state;
	static const struct {
		const char *argv[6];
		const char *err;
	} cases[] = {
		{ { "securebase", "summary", NULL },
		  "securebase: 'summary' takes 'merge' and the summaries to merge\n" },
		{ { "securebase", "summary", "split", "a.json", NULL },
		  "securebase: 'summary' takes 'merge' and the summaries to merge\n" },
		{ { "securebase", "summary", "merge", NULL },
		  "securebase: 'summary merge' needs at least one summary file\n" },
		{ { "securebase", "summary", "--frobnicate", NULL },
		  "securebase: unknown option '--frobnicate'\n" },
		{ { "securebase", "summary", "merge", "a.json", "-o", NULL },
		  "securebase: option '-o' needs a value\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		sb_run_result r = S_cmd(cases[i].argv, NULL);
		if (r.status != 64 || strncmp(r.err, cases[i].err, strlen(cases[i].err)) != 0)
			print_message("case %zu: %d %s", i, r.status, r.err);
		assert_int_equal(r.status, 64);
		assert_true(strncmp(r.err, cases[i].err, strlen(cases[i].err)) == 0);
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
	}
	const char *help[] = { "securebase", "summary", "--help", NULL };
	sb_run_result r = S_cmd(help, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "summary merge"));
	assert_int_equal(r.err_len, 0);
	sb_run_free(&r);
}

static void test_summary_inputs_and_outputs(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *good = S_summary_text();
	char *a = sb_join(dir, "a.json"), *out = sb_join(dir, "all.json");
	sb_write_file(a, good, strlen(good));

	/* a folder as input: 66, naming it */
	const char *folder[] = { "securebase", "summary", "merge", dir, NULL };
	sb_run_result r = S_cmd(folder, NULL);
	assert_int_equal(r.status, 66);
	char want[600];
	snprintf(want, sizeof want, "securebase: %s: cannot read: Is a directory\n", dir);
	assert_string_equal(r.err, want);
	sb_run_free(&r);

	/* a missing file: 66 */
	char *nope = sb_join(dir, "nope.json");
	const char *missing[] = { "securebase", "summary", "merge", nope, NULL };
	r = S_cmd(missing, NULL);
	assert_int_equal(r.status, 66);
	assert_true(sb_contains(r.err, "nope.json"));
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);

	/* standard input and a file, to standard output (no -o, and -o -): the same document as one
	 * file merged twice into a file */
	const char *twice[] = { "securebase", "summary", "merge", a, a, "-o", out, NULL };
	r = S_cmd(twice, NULL);
	assert_int_equal(r.status, 0);
	sb_run_free(&r);
	size_t len;
	char *expect = sb_read_file(out, &len);
	const char *in_stdout[] = { "securebase", "summary", "merge", "-", a, NULL };
	r = S_cmd(in_stdout, good);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, len);
	assert_memory_equal(r.out, expect, len);
	sb_run_free(&r);
	const char *dash[] = { "securebase", "summary", "merge", a, "-", "-o", "-", NULL };
	r = S_cmd(dash, good);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, len);
	assert_memory_equal(r.out, expect, len);
	sb_run_free(&r);

	/* a damaged one among good ones: 65, nothing written */
	char *bad = sb_join(dir, "bad.json");
	sb_write_file(bad, "{\"schema\": 7}", 13);
	char *out2 = sb_join(dir, "none.json");
	const char *damaged[] = { "securebase", "summary", "merge", a, bad, "-o", out2, NULL };
	r = S_cmd(damaged, NULL);
	assert_int_equal(r.status, 65);
	snprintf(want, sizeof want,
	         "securebase: %s: not a summary that can be merged: " S_OTHER_SCHEMA "\n", bad);
	assert_string_equal(r.err, want);
	assert_null(sb_read_file(out2, &len));
	sb_run_free(&r);

	free(expect);
	free(a);
	free(out);
	free(out2);
	free(bad);
	free(nope);
	free(good);
	sb_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_damaged_summaries_are_refused),
		cmocka_unit_test(test_sums_beyond_64_bits_are_refused),
		cmocka_unit_test(test_not_json_names_line_and_column),
		cmocka_unit_test(test_damaged_cohorts_are_refused),
		cmocka_unit_test(test_cohort_files),
		cmocka_unit_test(test_summary_usage_errors),
		cmocka_unit_test(test_summary_inputs_and_outputs),
	};
	return cmocka_run_group_tests(tests, sb_embedded_setup, sb_embedded_teardown);
}

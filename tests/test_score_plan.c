/* SPDX-License-Identifier: MIT */
/* test_score_plan.c — the scoring plan (score.c) gives bit for bit what the direct computation
 * gives: every field of every result, on the default and test banks and on random banks built in
 * memory, for random answers with missing ones, straight lines and answers out of range. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "bank/bank.h"
#include "base/error.h"
#include "score/score.h"

static uint64_t S_state = 0x9e3779b97f4a7c15ULL;

static uint64_t S_rand(void) /* xorshift64 */
{
	S_state ^= S_state << 13;
	S_state ^= S_state >> 7;
	S_state ^= S_state << 17;
	return S_state;
}

static long S_between(long lo, long hi)
{
	return lo + (long)(S_rand() % (uint64_t)(hi - lo + 1));
}

static bool S_same(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Fails unless a and b agree in every field, doubles bit for bit. */
static void S_assert_same(const sb_result *a, const sb_result *b)
{
	assert_int_equal(a->n_scales, b->n_scales);
	for (size_t i = 0; i < a->n_scales; i++) {
		const sb_scale_result *x = &a->scales[i], *y = &b->scales[i];
		if (x->scored != y->scored || !S_same(x->score, y->score) || x->answered != y->answered ||
		    x->n_items != y->n_items || x->band != y->band || x->has_norms != y->has_norms ||
		    !S_same(x->z, y->z) || !S_same(x->t, y->t) || !S_same(x->percentile, y->percentile))
			fail_msg("scale %zu: scored %d/%d, score %.17g/%.17g, answered %zu/%zu, band %zu/%zu, "
			         "z %.17g/%.17g, percentile %.17g/%.17g", i, x->scored, y->scored, x->score,
			         y->score, x->answered, y->answered, x->band, y->band, x->z, y->z,
			         x->percentile, y->percentile);
	}
	assert_int_equal(a->has_style, b->has_style);
	assert_int_equal(a->style, b->style);
	assert_true(S_same(a->anxiety, b->anxiety));
	assert_true(S_same(a->avoidance, b->avoidance));
	assert_int_equal(a->near_boundary, b->near_boundary);
	const sb_quality *p = &a->quality, *q = &b->quality;
	if (p->longstring != q->longstring || !S_same(p->irv, q->irv) ||
	    !S_same(p->inconsistency, q->inconsistency) || !S_same(p->missing_share, q->missing_share) ||
	    p->flag_longstring != q->flag_longstring || p->flag_irv != q->flag_irv ||
	    p->flag_inconsistent != q->flag_inconsistent || p->flag_missing != q->flag_missing)
		fail_msg("quality: longstring %zu/%zu, irv %.17g/%.17g, inconsistency %.17g/%.17g, "
		         "missing %.17g/%.17g", p->longstring, q->longstring, p->irv, q->irv,
		         p->inconsistency, q->inconsistency, p->missing_share, q->missing_share);
}

/* What the rows exercised, so that a test cannot pass on rows that never reach a case. */
typedef struct {
	unsigned long rows, scored, unscored, styles, flagged, irv, inconsistency, norms;
} S_seen;

/* Scores nrows random rows of answers for b with the plan and without it (a result whose plan is
 * NULL, which sb_score computes directly) and compares them. */
static void S_compare(const sb_bank *b, unsigned long nrows, S_seen *seen)
{
	sb_result with, without;
	assert_int_equal(sb_result_init(&with, b), SB_OK);
	assert_int_equal(sb_result_init(&without, b), SB_OK);
	assert_non_null(with.plan);
	sb_score_plan *plan = without.plan;
	without.plan = NULL;
	int *a = malloc((b->n_items + 1) * sizeof *a);
	assert_non_null(a);
	for (unsigned long row = 0; row < nrows; row++) {
		unsigned kind = (unsigned)(S_rand() % 20);
		/* mostly a few missing; some rows half or nearly all missing, complete, straight lines,
		 * or with answers outside their item's range */
		double missing = kind == 0 ? 0.5 : kind == 1 ? 0.9 : kind == 2 ? 0.0 : 0.03;
		int straight = 0;
		for (size_t i = 0; i < b->n_items; i++) {
			const sb_response_scale *rs = &b->responses[b->items[i].response];
			int v = (int)S_between(rs->min, rs->max);
			if (kind == 3) {
				if (i == 0)
					straight = v;
				if (straight >= rs->min && straight <= rs->max)
					v = straight;
			}
			if ((double)(S_rand() >> 11) / 9007199254740992.0 < missing)
				v = SB_MISSING;
			if (kind == 4 && S_rand() % 30 == 0) {
				static const int odd[] = { INT_MAX, INT_MIN + 1, 1000000, -1 };
				unsigned k = (unsigned)(S_rand() % 6);
				v = k < 4 ? odd[k] : k == 4 ? rs->max + 1 : rs->min - 1;
			}
			a[i] = v;
		}
		sb_score(b, a, &with);
		sb_score(b, a, &without);
		S_assert_same(&with, &without);
		seen->rows++;
		for (size_t i = 0; i < with.n_scales; i++) {
			seen->scored += with.scales[i].scored;
			seen->unscored += !with.scales[i].scored;
			seen->norms += with.scales[i].has_norms;
		}
		seen->styles += with.has_style;
		seen->irv += !isnan(with.quality.irv);
		seen->inconsistency += !isnan(with.quality.inconsistency);
		seen->flagged += with.quality.flag_longstring || with.quality.flag_irv ||
		                 with.quality.flag_inconsistent || with.quality.flag_missing;
	}
	free(a);
	without.plan = plan;
	sb_result_free(&with);
	sb_result_free(&without);
}

static void test_default_and_test_banks(void **state)
{
	(void)state;
	S_seen seen = { 0 };
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	S_compare(b, 20000, &seen);
	sb_bank_free(b);
	static const char *const banks[] = {
		"tests/banks/minimal.yaml", "tests/banks/scoring_basic.yaml",
		"tests/banks/scoring_style.yaml",
	};
	for (size_t i = 0; i < sizeof banks / sizeof banks[0]; i++) {
		char *path = sb_src_path(banks[i]);
		b = NULL;
		assert_int_equal(sb_bank_load_file(path, &b, &d), SB_OK);
		S_compare(b, 20000, &seen);
		sb_bank_free(b);
		free(path);
	}
	sb_diags_free(&d);
	assert_int_equal(seen.rows, 80000);
	assert_true(seen.scored > 0 && seen.unscored > 0 && seen.styles > 0 && seen.flagged > 0);
	assert_true(seen.irv > 0 && seen.inconsistency > 0 && seen.norms > 0);
}

/* A random bank in memory, with the fields scoring reads: 1 to 4 response ranges (some wide,
 * some of one value), 0 to 8 scales of 0 to 60 items (mean or sum, all kinds of min_answered,
 * norms, decimal and rational band edges), items of no scale, presentation order shuffled, and
 * sometimes an item listed in two scales or an attachment section. */
static sb_bank *S_random_bank(unsigned kind)
{
	static const int ranges[][2] = {
		{ 1, 7 }, { 1, 5 }, { 0, 1 }, { -3, 3 }, { 0, 10 }, { 1, 100 }, { 5, 5 }, { -1000, 1000 },
		{ 1, 4 },
	};
	static const double shares[] = { 0.8, 0.75, 0.5, 1.0, 0.1, 0.6, 0.7, 0.9, 1.0 / 3, 2.0 / 3 };
	sb_bank *b = calloc(1, sizeof *b);
	b->n_responses = kind == 0 ? 1 : (size_t)S_between(1, 4);
	b->responses = calloc(b->n_responses, sizeof *b->responses);
	for (size_t i = 0; i < b->n_responses; i++) {
		size_t k = (size_t)(S_rand() % 10);
		b->responses[i].min = k < 9 ? ranges[k][0] : (int)S_between(-20, 20);
		b->responses[i].max = k < 9 ? ranges[k][1] : b->responses[i].min + (int)S_between(0, 30);
	}
	b->n_scales = (size_t)S_between(0, 8);
	b->scales = calloc(b->n_scales + 1, sizeof *b->scales);
	b->items = calloc(8 * 60 + 8, sizeof *b->items);
	for (size_t s = 0; s < b->n_scales; s++) {
		sb_scale *sc = &b->scales[s];
		sc->response = (size_t)S_between(0, (long)b->n_responses - 1);
		sc->method = S_rand() % 3 == 0 ? SB_METHOD_SUM : SB_METHOD_MEAN;
		sc->min_answered = shares[S_rand() % 10];
		sc->n_items = (size_t)(S_rand() % 10 == 0 ? S_between(0, 60) : S_between(1, 12));
		sc->items = calloc(sc->n_items + 1, sizeof *sc->items);
		const sb_response_scale *rs = &b->responses[sc->response];
		double n = (double)sc->n_items;
		sc->lo = sc->method == SB_METHOD_SUM ? rs->min * n : rs->min;
		sc->hi = sc->method == SB_METHOD_SUM ? rs->max * n : rs->max;
		sc->n_bands = (size_t)S_between(1, 5);
		sc->bands = calloc(sc->n_bands, sizeof *sc->bands);
		double edge = sc->lo;
		for (size_t k = 0; k < sc->n_bands; k++) {
			double next = k + 1 == sc->n_bands
			                      ? sc->hi
			                      : sc->lo + (sc->hi - sc->lo) * (double)(k + 1) / (double)sc->n_bands;
			if (S_rand() % 3 == 0)
				next = round(next * 10) / 10;
			if (S_rand() % 5 == 0 && sc->n_items > 0)
				next = floor(next) + (double)S_between(0, (long)sc->n_items - 1) / n;
			sc->bands[k].min = edge;
			sc->bands[k].max = next;
			edge = next;
		}
		if (S_rand() % 3 == 0) {
			sc->norms.present = true;
			sc->norms.mean = sc->lo + (sc->hi - sc->lo) * (double)(S_rand() % 1000) / 1000.0;
			sc->norms.sd = S_rand() % 10 == 0 ? 0 : (sc->hi - sc->lo + 1) * (double)(S_rand() % 500) / 1000.0;
		}
		for (size_t j = 0; j < sc->n_items; j++) {
			size_t it = b->n_items++;
			b->items[it].scale = s;
			/* sometimes on another range than the scale's (keying uses the scale's) */
			b->items[it].response = S_rand() % 8 == 0 ? (size_t)S_between(0, (long)b->n_responses - 1)
			                                          : sc->response;
			b->items[it].reverse = S_rand() % 3 == 0;
			sc->items[j] = it;
		}
	}
	for (long j = S_rand() % 3 == 0 ? S_between(1, 5) : 0; j > 0; j--) {
		size_t it = b->n_items++;
		b->items[it].scale = SB_NONE;
		b->items[it].response = (size_t)S_between(0, (long)b->n_responses - 1);
	}
	/* presentation order: item i moves to place[i] */
	size_t n = b->n_items, *place = malloc((n + 1) * sizeof *place);
	for (size_t i = 0; i < n; i++)
		place[i] = i;
	for (size_t i = n; i > 1 && kind != 2; i--) {
		size_t j = (size_t)(S_rand() % i), t = place[i - 1];
		place[i - 1] = place[j];
		place[j] = t;
	}
	sb_item *items = calloc(8 * 60 + 8, sizeof *items);
	for (size_t i = 0; i < n; i++)
		items[place[i]] = b->items[i];
	free(b->items);
	b->items = items;
	for (size_t s = 0; s < b->n_scales; s++)
		for (size_t j = 0; j < b->scales[s].n_items; j++)
			b->scales[s].items[j] = place[b->scales[s].items[j]];
	free(place);
	if (kind == 3 && b->n_scales >= 2 && b->scales[0].n_items && b->scales[1].n_items)
		b->scales[1].items[0] = b->scales[0].items[0];
	if (b->n_scales >= 2 && S_rand() % 2) {
		b->attachment.present = true;
		b->attachment.anxiety = 0;
		b->attachment.avoidance = 1;
		b->attachment.anxiety_cutoff = (b->scales[0].lo + b->scales[0].hi) / 2;
		b->attachment.avoidance_cutoff = (b->scales[1].lo + b->scales[1].hi) / 2;
		b->attachment.margin = S_rand() % 2 ? 0.25 : 0.5;
	}
	return b;
}

static void S_random_bank_free(sb_bank *b)
{
	for (size_t s = 0; s < b->n_scales; s++) {
		free(b->scales[s].items);
		free(b->scales[s].bands);
	}
	free(b->scales);
	free(b->items);
	free(b->responses);
	free(b->score_plan); /* the plan sb_result_init built once for this bank and left on it */
	free(b);
}

static void test_random_banks(void **state)
{
	(void)state;
	S_seen seen = { 0 };
	for (unsigned k = 0; k < 1000; k++) {
		sb_bank *b = S_random_bank(k % 5);
		S_compare(b, 200, &seen);
		S_random_bank_free(b);
	}
	assert_int_equal(seen.rows, 200000);
	assert_true(seen.scored > 0 && seen.unscored > 0 && seen.styles > 0 && seen.flagged > 0);
	assert_true(seen.irv > 0 && seen.inconsistency > 0 && seen.norms > 0);
}

/* The documented contract: a result prepared for one bank and used with another is scored
 * directly, not from the plan of the first. */
static void test_plan_of_another_bank(void **state)
{
	(void)state;
	char *path = sb_src_path("tests/banks/scoring_style.yaml");
	sb_bank *b1 = NULL, *b2 = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(path, &b1, &d), SB_OK);
	assert_int_equal(sb_bank_load_file(path, &b2, &d), SB_OK);
	sb_result r1, r2;
	assert_int_equal(sb_result_init(&r1, b1), SB_OK);
	assert_int_equal(sb_result_init(&r2, b2), SB_OK);
	int *a = malloc(b1->n_items * sizeof *a);
	for (unsigned long row = 0; row < 2000; row++) {
		for (size_t i = 0; i < b1->n_items; i++) {
			const sb_response_scale *rs = &b1->responses[b1->items[i].response];
			a[i] = S_rand() % 10 == 0 ? SB_MISSING : (int)S_between(rs->min, rs->max);
		}
		sb_score(b2, a, &r1); /* r1's plan is b1's */
		sb_score(b2, a, &r2);
		S_assert_same(&r1, &r2);
	}
	free(a);
	sb_result_free(&r1);
	sb_result_free(&r2);
	sb_bank_free(b1);
	sb_bank_free(b2);
	sb_diags_free(&d);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_and_test_banks),
		cmocka_unit_test(test_random_banks),
		cmocka_unit_test(test_plan_of_another_bank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

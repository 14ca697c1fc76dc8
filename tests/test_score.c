/* SPDX-License-Identifier: MIT */
/* test_score.c — the scoring engine against hand-computed fixtures (tests/banks/scoring_*.yaml and
 * the default bank's worked example in docs/scoring.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "bank/bank.h"
#include "base/error.h"
#include "score/score.h"

#define M SB_MISSING

/* |a - b| <= eps, printing both at full precision when not (cmocka 1.1.5 has no double assert). */
#define assert_near(a, b, eps)                                                                   \
	do {                                                                                     \
		double a_ = (a), b_ = (b);                                                       \
		if (!(fabs(a_ - b_) <= (eps)))                                                   \
			fail_msg("%s = %.17g, expected %.17g within %g", #a, a_, b_, (double)(eps)); \
	} while (0)

/* Hand-computed values are ratios of small integers; 1e-12 is far below any rounding a reader
 * would do and far above double rounding error. */
#define EPS 1e-12

static sb_bank *S_load(const char *rel)
{
	char *path = sb_src_path(rel);
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	sb_status st = sb_bank_load_file(path, &b, &d);
	if (st != SB_OK) {
		for (size_t i = 0; i < d.n; i++) {
			char line[512];
			sb_diag_format(&d.v[i], line, sizeof line);
			print_error("%s\n", line);
		}
	}
	assert_int_equal(st, SB_OK);
	assert_non_null(b);
	sb_diags_free(&d);
	free(path);
	return b;
}

typedef struct {
	sb_bank *basic, *style;
	sb_result rb, rs;
} S_fixture;

static int S_setup(void **state)
{
	S_fixture *f = calloc(1, sizeof *f);
	f->basic = S_load("tests/banks/scoring_basic.yaml");
	f->style = S_load("tests/banks/scoring_style.yaml");
	if (sb_result_init(&f->rb, f->basic) != SB_OK || sb_result_init(&f->rs, f->style) != SB_OK)
		return -1;
	*state = f;
	return 0;
}

static int S_teardown(void **state)
{
	S_fixture *f = *state;
	sb_result_free(&f->rb);
	sb_result_free(&f->rs);
	sb_bank_free(f->basic);
	sb_bank_free(f->style);
	free(f);
	return 0;
}

/* scoring_basic: items 0..9 are t01..t10 of scale "ten" (mean; t03, t07, t10 reverse-keyed),
 * items 10..13 are s1..s4 of scale "total" (sum; s2 reverse-keyed); answers 1..5. */
enum { TEN = 0, TOTAL = 1, N_BASIC = 14 };

/* Row A, used throughout:  t01..t10 = 5 4 1 3 2 4 2 5 3 4,  s1..s4 = 4 2 5 3.
 * ten keyed:   5 4 (6-1=5) 3 2 4 (6-2=4) 5 3 (6-4=2)  sum 37, mean 37/10 = 3.7
 * total keyed: 4 (6-2=4) 5 3                           sum 16 */
static const int ROW_A[N_BASIC] = { 5, 4, 1, 3, 2, 4, 2, 5, 3, 4, 4, 2, 5, 3 };

static void test_keyed(void **state)
{
	S_fixture *f = *state;
	size_t t03 = sb_bank_item(f->basic, "t03"), t01 = sb_bank_item(f->basic, "t01");
	assert_int_equal(t03, 2);
	assert_int_equal(sb_keyed(f->basic, t03, 1), 5); /* 1 + 5 - 1 */
	assert_int_equal(sb_keyed(f->basic, t03, 2), 4);
	assert_int_equal(sb_keyed(f->basic, t03, 3), 3);
	assert_int_equal(sb_keyed(f->basic, t03, 5), 1);
	assert_int_equal(sb_keyed(f->basic, t01, 2), 2); /* forward: unchanged */
	/* 1..7 scale: avo2 is reverse-keyed, 1 + 7 - 2 = 6. */
	assert_int_equal(sb_keyed(f->style, sb_bank_item(f->style, "avo2"), 2), 6);
	assert_int_equal(sb_keyed(f->style, sb_bank_item(f->style, "avo1"), 2), 2);
}

static void test_mean_and_sum(void **state)
{
	S_fixture *f = *state;
	sb_score(f->basic, ROW_A, &f->rb);
	assert_int_equal(f->rb.n_scales, 2);
	const sb_scale_result *ten = &f->rb.scales[TEN], *tot = &f->rb.scales[TOTAL];
	assert_true(ten->scored);
	assert_int_equal(ten->answered, 10);
	assert_int_equal(ten->n_items, 10);
	assert_near(ten->score, 3.7, EPS);
	assert_int_equal(ten->band, 1); /* mid: 2.5 <= 3.7 < 4 */
	assert_true(tot->scored);
	assert_int_equal(tot->answered, 4);
	assert_true(tot->score == 16.0); /* a complete sum is exact */
	assert_int_equal(tot->band, 1);  /* high: 12 <= 16 <= 20 */
	assert_false(f->rb.has_style);   /* the bank has no attachment section */
	assert_int_equal(f->rb.style, -1);
}

static void test_sum_prorated(void **state)
{
	S_fixture *f = *state;
	int a[N_BASIC];
	memcpy(a, ROW_A, sizeof a);
	/* s4 missing: keyed 4 4 5, sum 13, 3 of 4 answered (0.75 = min_answered): prorated
	 * 13 * 4 / 3 = 17.333..., which is the mean 13/3 times 4 items. */
	a[13] = M;
	sb_score(f->basic, a, &f->rb);
	const sb_scale_result *tot = &f->rb.scales[TOTAL];
	assert_true(tot->scored);
	assert_int_equal(tot->answered, 3);
	assert_near(tot->score, 52.0 / 3.0, EPS);
	assert_int_equal(tot->band, 1);
	/* s1 = 1, s2 = 5 (keyed 1), s3 = 2, s4 missing: sum 4, prorated 16/3 = 5.333..., low. */
	a[10] = 1;
	a[11] = 5;
	a[12] = 2;
	sb_score(f->basic, a, &f->rb);
	assert_near(tot->score, 16.0 / 3.0, EPS);
	assert_int_equal(tot->band, 0);
	/* Two missing: 2/4 = 0.5 < 0.75, no score and no band, never a guess. */
	a[11] = M;
	sb_score(f->basic, a, &f->rb);
	assert_false(tot->scored);
	assert_int_equal(tot->answered, 2);
	assert_true(isnan(tot->score));
	assert_int_equal(tot->band, SB_NONE);
	assert_false(tot->has_norms);
}

static void test_missing_threshold(void **state)
{
	S_fixture *f = *state;
	int a[N_BASIC];
	memcpy(a, ROW_A, sizeof a);
	/* 9 of 10 answered (t10 missing): keyed 5+4+5+3+2+4+4+5+3 = 35, mean 35/9. */
	a[9] = M;
	sb_score(f->basic, a, &f->rb);
	assert_true(f->rb.scales[TEN].scored);
	assert_int_equal(f->rb.scales[TEN].answered, 9);
	assert_near(f->rb.scales[TEN].score, 35.0 / 9.0, EPS);
	/* 8 of 10 = 0.8 exactly, the threshold: scored. keyed sum 32, mean 4.0, which is exactly
	 * the edge between mid and high and so goes to high. */
	a[8] = M;
	sb_score(f->basic, a, &f->rb);
	assert_true(f->rb.scales[TEN].scored);
	assert_int_equal(f->rb.scales[TEN].answered, 8);
	assert_true(f->rb.scales[TEN].score == 4.0);
	assert_int_equal(f->rb.scales[TEN].band, 2);
	/* 7 of 10 = 0.7 < 0.8: not scored; no band, no norms. */
	a[7] = M;
	sb_score(f->basic, a, &f->rb);
	const sb_scale_result *ten = &f->rb.scales[TEN];
	assert_false(ten->scored);
	assert_int_equal(ten->answered, 7);
	assert_int_equal(ten->n_items, 10);
	assert_true(isnan(ten->score));
	assert_int_equal(ten->band, SB_NONE);
	assert_false(ten->has_norms);
	assert_true(isnan(ten->z) && isnan(ten->t) && isnan(ten->percentile));
	/* Nothing answered at all. */
	for (size_t i = 0; i < N_BASIC; i++)
		a[i] = M;
	sb_score(f->basic, a, &f->rb);
	assert_false(f->rb.scales[TEN].scored);
	assert_false(f->rb.scales[TOTAL].scored);
	assert_int_equal(f->rb.scales[TEN].answered, 0);
}

/* Fills the ten scale so that its keyed values are k[0..9] (reverse items get 6 - k). */
static void S_ten_keyed(int *a, const int k[10])
{
	for (int i = 0; i < 10; i++)
		a[i] = (i == 2 || i == 6 || i == 9) ? 6 - k[i] : k[i];
}

static void test_band_edges(void **state)
{
	S_fixture *f = *state;
	int a[N_BASIC];
	memcpy(a, ROW_A, sizeof a);
	static const struct {
		int k[10];
		double score;
		size_t band;
	} cases[] = {
		{ { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 1.0, 0 }, /* lowest possible: first band */
		{ { 2, 2, 2, 2, 2, 3, 3, 3, 3, 3 }, 2.5, 1 }, /* exactly on 2.5: upper band */
		{ { 2, 2, 2, 2, 2, 2, 3, 3, 3, 3 }, 2.4, 0 },
		{ { 4, 4, 4, 4, 4, 4, 4, 4, 4, 3 }, 3.9, 1 },
		{ { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 }, 4.0, 2 }, /* exactly on 4: upper band */
		{ { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 }, 5.0, 2 }, /* the top value is in the last band */
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		S_ten_keyed(a, cases[c].k);
		sb_score(f->basic, a, &f->rb);
		assert_near(f->rb.scales[TEN].score, cases[c].score, EPS);
		assert_int_equal(f->rb.scales[TEN].band, cases[c].band);
	}
	/* Sum scale bands [4, 12) and [12, 20]: keyed values via s2 = 6 - keyed. */
	static const struct {
		int s[4];
		double score;
		size_t band;
	} sums[] = {
		{ { 1, 5, 1, 1 }, 4, 0 },  /* lowest possible */
		{ { 3, 3, 3, 2 }, 11, 0 },
		{ { 3, 3, 3, 3 }, 12, 1 }, /* exactly on the edge: upper band */
		{ { 5, 1, 5, 5 }, 20, 1 }, /* the top value */
	};
	for (size_t c = 0; c < sizeof sums / sizeof sums[0]; c++) {
		memcpy(&a[10], sums[c].s, sizeof sums[c].s);
		sb_score(f->basic, a, &f->rb);
		assert_true(f->rb.scales[TOTAL].score == sums[c].score);
		assert_int_equal(f->rb.scales[TOTAL].band, sums[c].band);
	}
}

static void test_norms(void **state)
{
	S_fixture *f = *state;
	/* ten has norms mean 3, sd 0.5. Row A scores 3.7:
	 *   z = (3.7 - 3) / 0.5 = 1.4,  T = 50 + 10 * 1.4 = 64,
	 *   percentile = 100 * Phi(1.4) = 100 * 0.5 * erfc(-1.4 / sqrt 2) = 91.92433407662290
	 *   (R: 100 * pnorm(1.4) = 91.92433). */
	sb_score(f->basic, ROW_A, &f->rb);
	const sb_scale_result *ten = &f->rb.scales[TEN];
	assert_true(ten->has_norms);
	assert_near(ten->z, 1.4, 1e-12);
	assert_near(ten->t, 64.0, 1e-11);
	assert_near(ten->percentile, 91.9243340766229, 1e-9);
	/* The sum scale has no norms. */
	assert_false(f->rb.scales[TOTAL].has_norms);
	assert_true(isnan(f->rb.scales[TOTAL].z));
	assert_true(isnan(f->rb.scales[TOTAL].t));
	assert_true(isnan(f->rb.scales[TOTAL].percentile));

	int a[N_BASIC];
	memcpy(a, ROW_A, sizeof a);
	/* Score 2.5: z = -1, T = 40, percentile = 100 * Phi(-1) = 15.865525393145708. */
	static const int k25[10] = { 2, 2, 2, 2, 2, 3, 3, 3, 3, 3 };
	S_ten_keyed(a, k25);
	sb_score(f->basic, a, &f->rb);
	assert_near(ten->z, -1.0, 1e-12);
	assert_near(ten->t, 40.0, 1e-11);
	assert_near(ten->percentile, 15.865525393145708, 1e-9);
	/* Score 3 = the norm mean: z 0, T 50, percentile exactly 50. */
	static const int k3[10] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	S_ten_keyed(a, k3);
	sb_score(f->basic, a, &f->rb);
	assert_true(ten->z == 0.0);
	assert_true(ten->t == 50.0);
	assert_true(ten->percentile == 50.0);
	/* The lowest possible score, 1: z = -4, percentile 100 * Phi(-4) = 0.0031671241833119857. */
	static const int k1[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	S_ten_keyed(a, k1);
	sb_score(f->basic, a, &f->rb);
	assert_near(ten->z, -4.0, 1e-12);
	assert_near(ten->t, 10.0, 1e-11);
	assert_near(ten->percentile, 0.0031671241833119857, 1e-15);
}

/* scoring_style: items anx1, avo1, anx2, avo2 (reverse), anx3; answers 1..7. anx (3 items) and
 * avo (2 items) are mean scales; cut-offs anx 4, avo 3.5; margin 0.5. */
static void S_style_row(int *a, int anx1, int anx2, int anx3, int avo1, int avo2_keyed)
{
	a[0] = anx1;
	a[1] = avo1;
	a[2] = anx2;
	a[3] = avo2_keyed == M ? M : 8 - avo2_keyed;
	a[4] = anx3;
}

static void test_style(void **state)
{
	S_fixture *f = *state;
	static const struct {
		int anx[3], avo[2];
		double anxiety, avoidance;
		int style;
		bool near;
	} cases[] = {
		/* the four quadrants, far from both cut-offs */
		{ { 2, 2, 2 }, { 2, 2 }, 2, 2, SB_STYLE_SECURE, false },
		{ { 6, 6, 6 }, { 2, 2 }, 6, 2, SB_STYLE_PREOCCUPIED, false },
		{ { 2, 2, 2 }, { 6, 6 }, 2, 6, SB_STYLE_DISMISSIVE, false },
		{ { 6, 6, 6 }, { 6, 6 }, 6, 6, SB_STYLE_FEARFUL, false },
		/* anxiety exactly on its cut-off 4 counts as high, and is near (distance 0) */
		{ { 4, 4, 4 }, { 2, 2 }, 4, 2, SB_STYLE_PREOCCUPIED, true },
		/* 11/3: low, |11/3 - 4| = 1/3 < 0.5: near */
		{ { 4, 4, 3 }, { 2, 2 }, 11.0 / 3, 2, SB_STYLE_SECURE, true },
		/* 13/3: high, 1/3 from the cut-off: near */
		{ { 5, 4, 4 }, { 2, 2 }, 13.0 / 3, 2, SB_STYLE_PREOCCUPIED, true },
		/* 10/3: 2/3 from the cut-off: not near */
		{ { 3, 3, 4 }, { 2, 2 }, 10.0 / 3, 2, SB_STYLE_SECURE, false },
		/* avoidance exactly on 3.5: high, near */
		{ { 2, 2, 2 }, { 3, 4 }, 2, 3.5, SB_STYLE_DISMISSIVE, true },
		/* avoidance 3 and 4: exactly one margin (0.5) away, which is not inside it */
		{ { 2, 2, 2 }, { 3, 3 }, 2, 3, SB_STYLE_SECURE, false },
		{ { 2, 2, 2 }, { 4, 4 }, 2, 4, SB_STYLE_DISMISSIVE, false },
		/* near on both dimensions */
		{ { 4, 4, 4 }, { 3, 4 }, 4, 3.5, SB_STYLE_FEARFUL, true },
	};
	int a[5];
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		S_style_row(a, cases[c].anx[0], cases[c].anx[1], cases[c].anx[2], cases[c].avo[0],
		            cases[c].avo[1]);
		sb_score(f->style, a, &f->rs);
		assert_true(f->rs.has_style);
		assert_near(f->rs.anxiety, cases[c].anxiety, EPS);
		assert_near(f->rs.avoidance, cases[c].avoidance, EPS);
		if (f->rs.style != cases[c].style || f->rs.near_boundary != cases[c].near)
			fail_msg("case %zu: style %d near %d", c, f->rs.style, f->rs.near_boundary);
	}
	/* One attachment scale not scored (anx 2 of 3 = 0.67 < 0.8): no style. */
	S_style_row(a, 6, 6, M, 2, 2);
	sb_score(f->style, a, &f->rs);
	assert_false(f->rs.scales[0].scored);
	assert_false(f->rs.has_style);
	assert_int_equal(f->rs.style, -1);
	assert_false(f->rs.near_boundary);
	assert_string_equal(sb_style_id(f->rs.style), "");
	/* avo 1 of 2 answered: no style either; anxiety is still reported. */
	S_style_row(a, 6, 6, 6, 2, M);
	sb_score(f->style, a, &f->rs);
	assert_true(f->rs.scales[0].scored);
	assert_false(f->rs.has_style);
	assert_near(f->rs.anxiety, 6.0, EPS);
	assert_true(isnan(f->rs.avoidance));
}

static void test_style_id(void **state)
{
	(void)state;
	assert_string_equal(sb_style_id(SB_STYLE_SECURE), "secure");
	assert_string_equal(sb_style_id(SB_STYLE_PREOCCUPIED), "preoccupied");
	assert_string_equal(sb_style_id(SB_STYLE_DISMISSIVE), "dismissive");
	assert_string_equal(sb_style_id(SB_STYLE_FEARFUL), "fearful");
	assert_string_equal(sb_style_id(-1), "");
	assert_string_equal(sb_style_id(SB_STYLE_COUNT), "");
}

/* Quality in scoring_basic: 14 items, so longstring is flagged at 7 or more; the response range is
 * 5 - 1 = 4, so IRV is flagged below 0.4; inconsistency at 0.5 or more; missing above 0.2, i.e.
 * 3 or more of 14 items. */
static void S_expect_flags(const sb_result *r, const char *want)
{
	char buf[SB_QUALITY_FLAGS_MAX];
	size_t n = sb_quality_flags(&r->quality, buf, sizeof buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_quality_row_a(void **state)
{
	S_fixture *f = *state;
	/* Row A: 5 4 1 3 2 4 2 5 3 4 | 4 2 5 3. The longest run is 4 4 (t10, s1): 2.
	 * IRV: 14 answers, sum 47, sum of squares 179; SS = 179 - 47^2/14 = 21.2142857...,
	 *   sqrt(SS / 13) = 1.2774459408789602.
	 * Inconsistency: ten forward keyed 5 4 3 2 4 5 3 (mean 26/7), reverse keyed 5 4 2 (mean
	 *   11/3): |26/7 - 11/3| / 4 = (1/21) / 4 = 1/84; total forward 4 5 3 (mean 4), reverse 4:
	 *   0. Index (1/84 + 0) / 2 = 1/168. */
	sb_score(f->basic, ROW_A, &f->rb);
	const sb_quality *q = &f->rb.quality;
	assert_int_equal(q->longstring, 2);
	assert_near(q->irv, 1.2774459408789602, 1e-12);
	assert_near(q->inconsistency, 1.0 / 168.0, EPS);
	assert_true(q->missing_share == 0.0);
	S_expect_flags(&f->rb, "");
}

static void test_quality_longstring(void **state)
{
	S_fixture *f = *state;
	/* Seven 3s then 1 5 1 | 5 1 5 1: longstring 7 = half of 14: flagged. IRV is large;
	 * inconsistency: ten forward 3 3 3 3 3 1 5 (mean 3), reverse keyed 3 3 5 (mean 11/3),
	 * |3 - 11/3| / 4 = 1/6; total forward 5 5 1 (11/3), reverse keyed 5: (4/3) / 4 = 1/3;
	 * index (1/6 + 1/3) / 2 = 1/4: not flagged. */
	int a[N_BASIC] = { 3, 3, 3, 3, 3, 3, 3, 1, 5, 1, 5, 1, 5, 1 };
	sb_score(f->basic, a, &f->rb);
	assert_int_equal(f->rb.quality.longstring, 7);
	assert_near(f->rb.quality.inconsistency, 0.25, EPS);
	S_expect_flags(&f->rb, "longstring");
	/* t07 = 4 breaks it after six: longstring 6, not flagged. */
	a[6] = 4;
	sb_score(f->basic, a, &f->rb);
	assert_int_equal(f->rb.quality.longstring, 6);
	assert_false(f->rb.quality.flag_longstring);
	/* A missing answer ends a run: 3 3 3 _ 3 3 3 3 gives runs of 3 and 4. */
	int b[N_BASIC] = { 3, 3, 3, M, 3, 3, 3, 3, 1, 5, 1, 5, 1, 5 };
	sb_score(f->basic, b, &f->rb);
	assert_int_equal(f->rb.quality.longstring, 4);
	assert_false(f->rb.quality.flag_longstring);
	/* Scores are never changed by flags: a straight line of 3s still scores 3 and 12. */
	int c[N_BASIC] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	sb_score(f->basic, c, &f->rb);
	assert_int_equal(f->rb.quality.longstring, 14);
	assert_true(f->rb.quality.irv == 0.0);
	assert_true(f->rb.quality.inconsistency == 0.0);
	S_expect_flags(&f->rb, "longstring;low_irv");
	assert_true(f->rb.scales[TEN].score == 3.0);
	assert_true(f->rb.scales[TOTAL].score == 12.0);
}

static void test_quality_irv(void **state)
{
	S_fixture *f = *state;
	/* Twelve 3s and two 4s, no run longer than 6: SS = 14 (2/14)(12/14) = 24/14,
	 * IRV = sqrt(24/14/13) = 0.36313651960128146 < 0.4: flagged.
	 * Inconsistency: ten forward all 3, reverse keyed 3 2 3 (8/3): (1/3)/4 = 1/12; total
	 * forward 3 3 4 (10/3), reverse 3: 1/12; index 1/12. */
	int a[N_BASIC] = { 3, 3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 3, 3, 4 };
	sb_score(f->basic, a, &f->rb);
	assert_int_equal(f->rb.quality.longstring, 6);
	assert_near(f->rb.quality.irv, 0.36313651960128146, 1e-12);
	assert_near(f->rb.quality.inconsistency, 1.0 / 12.0, EPS);
	S_expect_flags(&f->rb, "low_irv");
	/* Three 4s: IRV = sqrt(14 (3/14)(11/14) / 13) = 0.4258153136263201 >= 0.4: not flagged. */
	int b[N_BASIC] = { 3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 4, 3, 3, 4 };
	sb_score(f->basic, b, &f->rb);
	assert_near(f->rb.quality.irv, 0.4258153136263201, 1e-12);
	S_expect_flags(&f->rb, "");
	/* One answer only: IRV undefined (NAN), never flagged; 13 of 14 missing is. */
	int c[N_BASIC] = { 3, M, M, M, M, M, M, M, M, M, M, M, M, M };
	sb_score(f->basic, c, &f->rb);
	assert_true(isnan(f->rb.quality.irv));
	assert_int_equal(f->rb.quality.longstring, 1);
	S_expect_flags(&f->rb, "missing");
}

static void test_quality_inconsistency(void **state)
{
	S_fixture *f = *state;
	/* Agreeing with statements and their reversals alike:
	 * t01..t10 = 5 4 5 5 4 5 4 4 5 5, s1..s4 = 5 4 4 5.
	 * ten forward keyed 5 4 5 4 5 4 5 (32/7), reverse keyed 1 2 1 (4/3): (68/21)/4 = 17/21;
	 * total forward 5 4 5 (14/3), reverse keyed 2: (8/3)/4 = 2/3; index (17/21 + 2/3)/2 = 31/42.
	 * Longstring 3 (t09 t10 s1), IRV sqrt(14 (8/14)(6/14) / 13) = 0.5135525910130955. */
	int a[N_BASIC] = { 5, 4, 5, 5, 4, 5, 4, 4, 5, 5, 5, 4, 4, 5 };
	sb_score(f->basic, a, &f->rb);
	assert_near(f->rb.quality.inconsistency, 31.0 / 42.0, EPS);
	assert_int_equal(f->rb.quality.longstring, 3);
	assert_near(f->rb.quality.irv, 0.5135525910130955, 1e-12);
	S_expect_flags(&f->rb, "inconsistent");
	/* Exactly at the threshold: ten forward 5 3 5 3 4 4 4 (4), reverse raw 4 4 4 (keyed 2):
	 * 2/4 = 0.5; total forward 5 3 4 (4), s2 raw 4 (keyed 2): 0.5; index 0.5: flagged. */
	int b[N_BASIC] = { 5, 3, 4, 5, 3, 4, 4, 4, 4, 4, 5, 4, 3, 4 };
	sb_score(f->basic, b, &f->rb);
	assert_near(f->rb.quality.inconsistency, 0.5, EPS);
	assert_int_equal(f->rb.quality.longstring, 5);
	S_expect_flags(&f->rb, "inconsistent");
	/* s4 = 3: total forward 5 3 3 (11/3), gap 5/3, 5/12; index (1/2 + 5/12)/2 = 11/24. */
	b[13] = 3;
	sb_score(f->basic, b, &f->rb);
	assert_near(f->rb.quality.inconsistency, 11.0 / 24.0, EPS);
	S_expect_flags(&f->rb, "");
	/* Every reverse-keyed item missing: no scale has both directions, index undefined. */
	int c[N_BASIC];
	memcpy(c, ROW_A, sizeof c);
	c[2] = c[6] = c[9] = c[11] = M;
	sb_score(f->basic, c, &f->rb);
	assert_true(isnan(f->rb.quality.inconsistency));
	assert_false(f->rb.quality.flag_inconsistent);
	/* All 5s: acquiescence trips three flags at once. */
	int d[N_BASIC] = { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 };
	sb_score(f->basic, d, &f->rb);
	assert_true(f->rb.quality.inconsistency == 1.0);
	S_expect_flags(&f->rb, "longstring;low_irv;inconsistent");
}

static void test_quality_missing(void **state)
{
	S_fixture *f = *state;
	int a[N_BASIC];
	memcpy(a, ROW_A, sizeof a);
	/* Two of 14 missing (t05, t10): 1/7 = 0.142857 <= 0.2, not flagged. */
	a[4] = a[9] = M;
	sb_score(f->basic, a, &f->rb);
	assert_near(f->rb.quality.missing_share, 2.0 / 14.0, EPS);
	S_expect_flags(&f->rb, "");
	/* Three (s4 too): 3/14 = 0.214 > 0.2: flagged. Both scales are still scored:
	 * ten keyed 5 4 5 3 4 4 5 3 = 33/8 = 4.125; total keyed 4 4 5 = 13 -> 13 * 4/3.
	 * IRV of the 11 answers 5 4 1 3 4 2 5 3 4 2 5 = 1.3684762594679065.
	 * Inconsistency: ten forward 5 4 3 4 5 3 (4), reverse 5 4 (4.5): 1/8; total forward 4 5
	 * (4.5), reverse 4: 1/8; index 1/8. */
	a[13] = M;
	sb_score(f->basic, a, &f->rb);
	assert_near(f->rb.quality.missing_share, 3.0 / 14.0, EPS);
	assert_near(f->rb.quality.irv, 1.3684762594679065, 1e-12);
	assert_near(f->rb.quality.inconsistency, 0.125, EPS);
	S_expect_flags(&f->rb, "missing");
	assert_true(f->rb.scales[TEN].score == 4.125);
	assert_near(f->rb.scales[TOTAL].score, 52.0 / 3.0, EPS);
	/* Nothing answered: missing share 1, nothing else computable. */
	for (size_t i = 0; i < N_BASIC; i++)
		a[i] = M;
	sb_score(f->basic, a, &f->rb);
	assert_true(f->rb.quality.missing_share == 1.0);
	assert_int_equal(f->rb.quality.longstring, 0);
	assert_true(isnan(f->rb.quality.irv));
	assert_true(isnan(f->rb.quality.inconsistency));
	S_expect_flags(&f->rb, "missing");
}

static void test_quality_flags_format(void **state)
{
	(void)state;
	sb_quality q = { 0 };
	char buf[SB_QUALITY_FLAGS_MAX];
	memset(buf, 'x', sizeof buf);
	assert_int_equal(sb_quality_flags(&q, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	q.flag_irv = q.flag_missing = true;
	assert_int_equal(sb_quality_flags(&q, buf, sizeof buf), 15);
	assert_string_equal(buf, "low_irv;missing");
	q = (sb_quality){ .flag_longstring = true, .flag_irv = true, .flag_inconsistent = true,
		          .flag_missing = true };
	assert_int_equal(sb_quality_flags(&q, buf, sizeof buf), 39);
	assert_string_equal(buf, "longstring;low_irv;inconsistent;missing");
	assert_int_equal(strlen(buf) + 1, SB_QUALITY_FLAGS_MAX);
	/* Too small: whole names only. */
	char small[12];
	assert_int_equal(sb_quality_flags(&q, small, sizeof small), 10);
	assert_string_equal(small, "longstring");
	char tiny[4] = "abc";
	assert_int_equal(sb_quality_flags(&q, tiny, sizeof tiny), 0);
	assert_string_equal(tiny, "");
	strcpy(tiny, "abc");
	assert_int_equal(sb_quality_flags(&q, tiny, 0), 0);
	assert_string_equal(tiny, "abc"); /* size 0: nothing written */
}

static void test_no_allocation(void **state)
{
	S_fixture *f = *state;
	int a[N_BASIC];
	memcpy(a, ROW_A, sizeof a);
	/* Any allocation from here on would fail and be counted. */
	sb_alloc_fail_after(1);
	for (int i = 0; i < 1000; i++) {
		a[i % N_BASIC] = i % 7 == 0 ? M : 1 + i % 5;
		sb_score(f->basic, a, &f->rb);
	}
	sb_score(f->basic, ROW_A, &f->rb);
	int s[5] = { 4, 3, 4, 4, 4 };
	sb_score(f->style, s, &f->rs);
	assert_int_equal(sb_alloc_fail_after(0), 0);
	assert_near(f->rb.scales[TEN].score, 3.7, EPS);
	assert_true(f->rs.has_style);
}

static void test_result_init_failure(void **state)
{
	S_fixture *f = *state;
	sb_result r;
	sb_alloc_fail_after(1);
	assert_int_equal(sb_result_init(&r, f->basic), SB_ERR_INTERNAL);
	sb_alloc_fail_after(0);
	sb_result_free(&r);
	assert_null(r.scales);
	sb_result_free(NULL);
}

/* The worked example of docs/scoring.md on the default bank: anxiety and avoidance answered,
 * anx08 and the other 32 items left blank. */
static void test_worked_example(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	sb_diags_free(&d);
	int *a = malloc(b->n_items * sizeof *a);
	for (size_t i = 0; i < b->n_items; i++)
		a[i] = M;
	static const struct {
		const char *id;
		int v;
	} answers[] = {
		{ "anx01", 6 }, { "anx02", 5 }, { "anx03", 7 }, { "anx04", 2 }, { "anx05", 5 },
		{ "anx06", 3 }, { "anx07", 6 }, { "avo01", 2 }, { "avo02", 3 }, { "avo03", 6 },
		{ "avo04", 3 }, { "avo05", 2 }, { "avo06", 5 }, { "avo07", 4 }, { "avo08", 6 },
	};
	for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		size_t item = sb_bank_item(b, answers[i].id);
		assert_int_not_equal(item, SB_NONE);
		a[item] = answers[i].v;
	}
	sb_result r;
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	sb_score(b, a, &r);
	size_t anx = sb_bank_scale(b, "anxiety"), avo = sb_bank_scale(b, "avoidance");
	/* anxiety: 6 5 7 (8-2=6) 5 (8-3=5) 6 = 40 over 7 answered of 8 (0.875 >= 0.8) */
	assert_true(r.scales[anx].scored);
	assert_int_equal(r.scales[anx].answered, 7);
	assert_near(r.scales[anx].score, 40.0 / 7.0, EPS);
	assert_string_equal(b->scales[anx].bands[r.scales[anx].band].id, "high");
	/* avoidance: 2 3 (8-6=2) 3 2 (8-5=3) 4 (8-6=2) = 21 over 8: 2.625 */
	assert_true(r.scales[avo].score == 2.625);
	assert_string_equal(b->scales[avo].bands[r.scales[avo].band].id, "low");
	/* anxiety >= 4 and avoidance < 4: preoccupied; 1.71 and 1.375 from the cut-offs */
	assert_true(r.has_style);
	assert_string_equal(sb_style_id(r.style), "preoccupied");
	assert_false(r.near_boundary);
	/* The other four scales have no answers. */
	assert_false(r.scales[sb_bank_scale(b, "self_worth")].scored);
	/* Quality: 15 of the 48 scored items answered (the 4 safety items, unanswered, do not
	 * count): missing share 33/48 = 0.6875; inconsistency anxiety |29/5 - 11/2| / 6 = 0.05,
	 * avoidance |14/5 - 7/3| / 6 = 7/90; mean 0.0638...; IRV of the 15 raw answers
	 * 6 5 7 2 5 3 6 2 3 6 3 2 5 4 6 (sum 65, squares 323): sqrt((323 - 65^2/15) / 14) */
	assert_near(r.quality.missing_share, 33.0 / 48.0, EPS);
	assert_near(r.quality.inconsistency, (0.05 + 7.0 / 90.0) / 2.0, EPS);
	assert_near(r.quality.irv, sqrt((323.0 - 65.0 * 65.0 / 15.0) / 14.0), 1e-12);
	assert_int_equal(r.quality.longstring, 1);
	S_expect_flags(&r, "missing");
	sb_result_free(&r);
	free(a);
	sb_bank_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keyed),
		cmocka_unit_test(test_mean_and_sum),
		cmocka_unit_test(test_sum_prorated),
		cmocka_unit_test(test_missing_threshold),
		cmocka_unit_test(test_band_edges),
		cmocka_unit_test(test_norms),
		cmocka_unit_test(test_style),
		cmocka_unit_test(test_style_id),
		cmocka_unit_test(test_quality_row_a),
		cmocka_unit_test(test_quality_longstring),
		cmocka_unit_test(test_quality_irv),
		cmocka_unit_test(test_quality_inconsistency),
		cmocka_unit_test(test_quality_missing),
		cmocka_unit_test(test_quality_flags_format),
		cmocka_unit_test(test_no_allocation),
		cmocka_unit_test(test_result_init_failure),
		cmocka_unit_test(test_worked_example),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

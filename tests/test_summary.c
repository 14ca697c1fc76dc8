/* SPDX-License-Identifier: MIT */
/* test_summary.c — the streaming cohort summary: Cronbach's alpha, alpha if dropped and corrected
 * item-total correlations against R's psych::alpha, Welford moments against a two-pass
 * computation, band/style/flag counts, and the JSON document. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "bank/bank.h"
#include "base/buf.h"
#include "base/error.h"
#include "score/score.h"
#include "score/summary.h"

#define M SB_MISSING

/* |a - b| <= eps, printing both at full precision when not (cmocka 1.1.5 has no double assert). */
#define assert_near(a, b, eps)                                                                   \
	do {                                                                                     \
		double a_ = (a), b_ = (b);                                                       \
		if (!(fabs(a_ - b_) <= (eps)))                                                   \
			fail_msg("%s = %.17g, expected %.17g within %g", #a, a_, b_, (double)(eps)); \
	} while (0)

static sb_bank *S_load(const char *rel)
{
	char *path = sb_src_path(rel);
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_file(path, &b, &d), SB_OK);
	sb_diags_free(&d);
	free(path);
	return b;
}

/* The data set, in the item order of tests/banks/scoring_basic.yaml: t01..t10 (scale "ten", mean,
 * t03 t07 t10 reverse-keyed, min_answered 0.8) then s1..s4 (scale "total", sum, s2 reverse-keyed,
 * min_answered 0.75); answers 1..5. Rows 3, 8 and 12 miss an item of ten, rows 6, 8 and 14 an item
 * of total: each scale has 13 complete cases. Row 17 has ten not scored (7 of 10) and total
 * prorated; it is complete for neither.
 *
 * Reference values: R 4.2.2 Patched (2022-11-10 r83330) with psych 2.2.9 (Debian 12 packages
 * r-base-core and r-cran-psych), running this script:
 *
 *   library(psych)
 *   d <- matrix(c(
 *    2,2,4,1,2,1,4,1,1,4, 2,4,1,1,
 *    4,5,1,4,3,4,1,4,4,1, 4,1,5,3,
 *    3,2,2,4,NA,3,2,2,4,2, 3,3,3,2,
 *    3,3,2,3,4,2,2,3,3,3, 2,3,3,4,
 *    1,1,5,2,2,2,4,2,1,5, 1,4,1,2,
 *    2,3,3,3,3,3,4,2,1,4, 3,NA,3,2,
 *    3,3,2,4,3,3,3,4,4,2, 3,2,4,4,
 *    NA,2,3,4,4,3,4,4,3,3, 4,3,NA,2,
 *    1,1,4,1,1,1,5,2,2,4, 1,5,2,1,
 *    3,4,3,3,4,2,2,4,2,2, 4,3,3,4,
 *    1,1,4,2,1,2,5,1,1,5, 2,5,2,1,
 *    2,2,5,2,1,1,5,2,1,NA, 1,5,2,1,
 *    1,1,5,2,2,1,4,2,1,5, 1,4,1,1,
 *    1,1,4,2,2,2,5,2,1,5, 2,5,2,NA,
 *    2,1,5,2,1,2,4,1,2,4, 1,4,2,1,
 *    4,5,2,5,3,4,2,4,4,1, 4,1,3,4,
 *    3,3,3,NA,NA,NA,3,3,3,3, NA,2,4,3), ncol = 14, byrow = TRUE)
 *   colnames(d) <- c(sprintf("t%02d", 1:10), "s1", "s2", "s3", "s4")
 *   k <- d; rev <- c("t03", "t07", "t10", "s2"); k[, rev] <- 6 - k[, rev]
 *   for (sc in list(colnames(d)[1:10], colnames(d)[11:14])) {
 *     a <- psych::alpha(na.omit(k[, sc]))
 *     cat(sprintf("n=%d alpha=%.10f\n", nrow(na.omit(k[, sc])), a$total$raw_alpha))
 *     cat(sprintf("%s alpha.drop=%.10f r.drop=%.10f\n", sc, a$alpha.drop$raw_alpha, a$item.stats$r.drop), sep = "")
 *   }
 *   ten <- k[, 1:10]; tot <- k[, 11:14]
 *   st <- ifelse(rowSums(!is.na(ten)) / 10 >= 0.8, rowMeans(ten, na.rm = TRUE), NA)
 *   ss <- ifelse(rowSums(!is.na(tot)) / 4 >= 0.75, 4 * rowMeans(tot, na.rm = TRUE), NA)
 *   for (x in list(st, ss))
 *     cat(sprintf("n=%d mean=%.10f sd=%.10f min=%.10f max=%.10f\n", sum(!is.na(x)),
 *                 mean(x, na.rm = TRUE), sd(x, na.rm = TRUE), min(x, na.rm = TRUE), max(x, na.rm = TRUE)))
 *
 * which printed:
 *
 *   n=13 alpha=0.9738774528
 *   t01 alpha.drop=0.9687047757 r.drop=0.9563263258
 *   t02 alpha.drop=0.9689331770 r.drop=0.9493131494
 *   t03 alpha.drop=0.9702241655 r.drop=0.8993438744
 *   t04 alpha.drop=0.9705776390 r.drop=0.8919250410
 *   t05 alpha.drop=0.9754690165 r.drop=0.7361579783
 *   t06 alpha.drop=0.9742982656 r.drop=0.7816520531
 *   t07 alpha.drop=0.9701338350 r.drop=0.9019422786
 *   t08 alpha.drop=0.9707312680 r.drop=0.8868455634
 *   t09 alpha.drop=0.9719415374 r.drop=0.8490022741
 *   t10 alpha.drop=0.9687822331 r.drop=0.9473652390
 *   n=13 alpha=0.9295720591
 *   s1 alpha.drop=0.9008832188 r.drop=0.8600748612
 *   s2 alpha.drop=0.8928955867 r.drop=0.8813378290
 *   s3 alpha.drop=0.9207089552 r.drop=0.7979739825
 *   s4 alpha.drop=0.9168367347 r.drop=0.8117539069
 *   n=16 mean=2.4430555556 sd=1.0917941213 min=1.3000000000 max=4.3000000000
 *   n=17 mean=9.8823529412 sd=4.3810532354 min=5.0000000000 max=17.0000000000
 *
 * psych::alpha uses pairwise covariances by default; na.omit() gives it the complete cases, which
 * is our rule (docs/scoring.md). */
static const int DATA[17][14] = {
	{ 2, 2, 4, 1, 2, 1, 4, 1, 1, 4, 2, 4, 1, 1 },
	{ 4, 5, 1, 4, 3, 4, 1, 4, 4, 1, 4, 1, 5, 3 },
	{ 3, 2, 2, 4, M, 3, 2, 2, 4, 2, 3, 3, 3, 2 },
	{ 3, 3, 2, 3, 4, 2, 2, 3, 3, 3, 2, 3, 3, 4 },
	{ 1, 1, 5, 2, 2, 2, 4, 2, 1, 5, 1, 4, 1, 2 },
	{ 2, 3, 3, 3, 3, 3, 4, 2, 1, 4, 3, M, 3, 2 },
	{ 3, 3, 2, 4, 3, 3, 3, 4, 4, 2, 3, 2, 4, 4 },
	{ M, 2, 3, 4, 4, 3, 4, 4, 3, 3, 4, 3, M, 2 },
	{ 1, 1, 4, 1, 1, 1, 5, 2, 2, 4, 1, 5, 2, 1 },
	{ 3, 4, 3, 3, 4, 2, 2, 4, 2, 2, 4, 3, 3, 4 },
	{ 1, 1, 4, 2, 1, 2, 5, 1, 1, 5, 2, 5, 2, 1 },
	{ 2, 2, 5, 2, 1, 1, 5, 2, 1, M, 1, 5, 2, 1 },
	{ 1, 1, 5, 2, 2, 1, 4, 2, 1, 5, 1, 4, 1, 1 },
	{ 1, 1, 4, 2, 2, 2, 5, 2, 1, 5, 2, 5, 2, M },
	{ 2, 1, 5, 2, 1, 2, 4, 1, 2, 4, 1, 4, 2, 1 },
	{ 4, 5, 2, 5, 3, 4, 2, 4, 4, 1, 4, 1, 3, 4 },
	{ 3, 3, 3, M, M, M, 3, 3, 3, 3, M, 2, 4, 3 },
};

static const double ALPHA[2] = { 0.9738774528, 0.9295720591 };
static const double ALPHA_DROP_TEN[10] = { 0.9687047757, 0.9689331770, 0.9702241655,
	                                   0.9705776390, 0.9754690165, 0.9742982656,
	                                   0.9701338350, 0.9707312680, 0.9719415374,
	                                   0.9687822331 };
static const double R_DROP_TEN[10] = { 0.9563263258, 0.9493131494, 0.8993438744, 0.8919250410,
	                               0.7361579783, 0.7816520531, 0.9019422786, 0.8868455634,
	                               0.8490022741, 0.9473652390 };
static const double ALPHA_DROP_TOTAL[4] = { 0.9008832188, 0.8928955867, 0.9207089552,
	                                    0.9168367347 };
static const double R_DROP_TOTAL[4] = { 0.8600748612, 0.8813378290, 0.7979739825, 0.8117539069 };

typedef struct {
	sb_bank *b;
	sb_summary *s;
	double scores[2][17]; /* each scale's scores, in row order, for the two-pass check */
	size_t n[2];
} S_cohort;

/* Scores DATA into a fresh summary; also reports 2 rejected rows and 1 duplicate id. */
static void S_cohort_build(S_cohort *c)
{
	memset(c, 0, sizeof *c);
	c->b = S_load("tests/banks/scoring_basic.yaml");
	assert_int_equal(sb_summary_new(c->b, &c->s), SB_OK);
	sb_result r;
	assert_int_equal(sb_result_init(&r, c->b), SB_OK);
	for (size_t i = 0; i < 17; i++) {
		sb_score(c->b, DATA[i], &r);
		sb_summary_add(c->s, DATA[i], &r);
		for (size_t k = 0; k < 2; k++)
			if (r.scales[k].scored)
				c->scores[k][c->n[k]++] = r.scales[k].score;
	}
	sb_summary_reject(c->s);
	sb_summary_reject(c->s);
	sb_summary_duplicate_id(c->s);
	sb_result_free(&r);
}

static void S_cohort_free(S_cohort *c)
{
	sb_summary_free(c->s);
	sb_bank_free(c->b);
}

static void test_alpha_matches_psych(void **state)
{
	(void)state;
	S_cohort c;
	S_cohort_build(&c);
	double drop[10], rdrop[10];
	sb_scale_summary ss;

	sb_summary_get_scale(c.s, 0, &ss);
	assert_int_equal(ss.complete, 13);
	assert_near(sb_summary_alpha(c.s, 0, drop, rdrop), ALPHA[0], 1e-6);
	for (size_t i = 0; i < 10; i++) {
		assert_near(drop[i], ALPHA_DROP_TEN[i], 1e-6);
		assert_near(rdrop[i], R_DROP_TEN[i], 1e-6);
	}
	sb_summary_get_scale(c.s, 1, &ss);
	assert_int_equal(ss.complete, 13);
	assert_near(sb_summary_alpha(c.s, 1, drop, rdrop), ALPHA[1], 1e-6);
	for (size_t i = 0; i < 4; i++) {
		assert_near(drop[i], ALPHA_DROP_TOTAL[i], 1e-6);
		assert_near(rdrop[i], R_DROP_TOTAL[i], 1e-6);
	}
	/* The per-item arrays are optional. */
	assert_near(sb_summary_alpha(c.s, 1, NULL, NULL), ALPHA[1], 1e-6);
	S_cohort_free(&c);
}

/* The co-moments do not depend on the order rows arrive in. */
static void test_alpha_order_independent(void **state)
{
	(void)state;
	sb_bank *b = S_load("tests/banks/scoring_basic.yaml");
	sb_summary *s = NULL;
	assert_int_equal(sb_summary_new(b, &s), SB_OK);
	sb_result r;
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	for (size_t i = 17; i-- > 0;) {
		sb_score(b, DATA[i], &r);
		sb_summary_add(s, DATA[i], &r);
	}
	double drop[10], rdrop[10];
	assert_near(sb_summary_alpha(s, 0, drop, rdrop), ALPHA[0], 1e-6);
	assert_near(drop[4], ALPHA_DROP_TEN[4], 1e-6);
	assert_near(rdrop[9], R_DROP_TEN[9], 1e-6);
	sb_result_free(&r);
	sb_summary_free(s);
	sb_bank_free(b);
}

static void test_moments_two_pass(void **state)
{
	(void)state;
	S_cohort c;
	S_cohort_build(&c);
	/* Also from R above: ten n=16 mean 2.4430555556 sd 1.0917941213 min 1.3 max 4.3;
	 * total n=17 mean 9.8823529412 sd 4.3810532354 min 5 max 17. */
	static const double r_mean[2] = { 2.4430555556, 9.8823529412 };
	static const double r_sd[2] = { 1.0917941213, 4.3810532354 };
	static const double r_min[2] = { 1.3, 5 }, r_max[2] = { 4.3, 17 };
	for (size_t k = 0; k < 2; k++) {
		size_t n = c.n[k];
		double sum = 0, ss = 0, lo = INFINITY, hi = -INFINITY;
		for (size_t i = 0; i < n; i++) {
			sum += c.scores[k][i];
			lo = fmin(lo, c.scores[k][i]);
			hi = fmax(hi, c.scores[k][i]);
		}
		double mean = sum / (double)n;
		for (size_t i = 0; i < n; i++)
			ss += (c.scores[k][i] - mean) * (c.scores[k][i] - mean);
		double sd = sqrt(ss / (double)(n - 1));
		sb_scale_summary s;
		sb_summary_get_scale(c.s, k, &s);
		assert_int_equal(s.n, n);
		assert_near(s.mean, mean, 1e-12);
		assert_near(s.sd, sd, 1e-12);
		assert_true(s.min == lo);
		assert_true(s.max == hi);
		assert_near(s.mean, r_mean[k], 1e-9);
		assert_near(s.sd, r_sd[k], 1e-9);
		assert_near(s.min, r_min[k], 1e-12);
		assert_near(s.max, r_max[k], 1e-12);
	}
	assert_int_equal(c.n[0], 16);
	assert_int_equal(c.n[1], 17);
	S_cohort_free(&c);
}

/* Alpha, alpha if dropped and r_drop of scale `scale` from a two-pass computation of the
 * co-moments over the rows with every item of the scale answered (values: rows x bank items). */
static void S_reference(const sb_bank *b, size_t scale, const int *values, size_t rows,
                        double *alpha, double *drop, double *rdrop)
{
	const sb_scale *sc = &b->scales[scale];
	const sb_response_scale *rs = &b->responses[sc->response];
	size_t k = sc->n_items, n = 0;
	double mean[16] = { 0 }, c[16][16] = { { 0 } };
	assert_true(k <= 16);
	for (int pass = 0; pass < 2; pass++)
		for (size_t r = 0; r < rows; r++) {
			const int *v = values + r * b->n_items;
			double x[16];
			bool complete = true;
			for (size_t j = 0; j < k; j++) {
				const sb_item *it = &b->items[sc->items[j]];
				if (v[sc->items[j]] == SB_MISSING) {
					complete = false;
					break;
				}
				x[j] = it->reverse ? rs->min + rs->max - v[sc->items[j]] : v[sc->items[j]];
			}
			if (!complete)
				continue;
			if (pass == 0) {
				n++;
				for (size_t j = 0; j < k; j++)
					mean[j] += x[j];
				continue;
			}
			for (size_t j = 0; j < k; j++)
				for (size_t l = 0; l < k; l++)
					c[j][l] += (x[j] - mean[j] / (double)n) * (x[l] - mean[l] / (double)n);
		}
	for (size_t skip = 0; skip <= k; skip++) { /* skip == k: no item left out */
		double trace = 0, total = 0, cov = 0, rest = 0;
		for (size_t j = 0; j < k; j++) {
			if (j == skip)
				continue;
			trace += c[j][j];
			cov += skip < k ? c[skip][j] : 0;
			for (size_t l = 0; l < k; l++)
				if (l != skip)
					total += c[j][l];
		}
		rest = total;
		double m = (double)(skip < k ? k - 1 : k);
		double a = m / (m - 1) * (1 - trace / total);
		if (skip == k) {
			*alpha = a;
		} else {
			drop[skip] = a;
			rdrop[skip] = cov / sqrt(c[skip][skip] * rest);
		}
	}
}

/* Compares the summary's alpha figures of every scale with S_reference's. */
static void S_check_alpha(const sb_bank *b, const sb_summary *s, const int *values, size_t rows)
{
	for (size_t i = 0; i < b->n_scales; i++) {
		double alpha, drop[16], rdrop[16], got_drop[16], got_rdrop[16];
		S_reference(b, i, values, rows, &alpha, drop, rdrop);
		assert_near(sb_summary_alpha(s, i, got_drop, got_rdrop), alpha, 1e-12);
		for (size_t j = 0; j < b->scales[i].n_items; j++) {
			assert_near(got_drop[j], drop[j], 1e-12);
			assert_near(got_rdrop[j], rdrop[j], 1e-12);
		}
	}
}

/* A bank of one scale of n items (the second reversed) on the responses lo..lo + 99. */
static sb_bank *S_range_bank(int lo, int n)
{
	sb_buf y = { 0 };
	sb_buf_printf(&y, "format: 1\nid: wide\nversion: \"1\"\ntitle: {en: W}\nlanguages: [en]\n"
	                  "attribution: {en: A.}\nresponse_scales:\n  - id: wide\n    min: %d\n"
	                  "    max: %d\n    labels:\n", lo, lo + 99);
	for (int v = lo; v <= lo + 99; v++)
		sb_buf_printf(&y, "      %d: {en: P%d}\n", v, v);
	sb_buf_printf(&y, "steps: []\ntexts:\n");
	const char *texts[] = { "about", "instructions", "disclaimer", "why_it_matters",
		                "professional_help", "emergency", "closing" };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		sb_buf_printf(&y, "  %s: {en: T.}\n", texts[i]);
	sb_buf_printf(&y, "scales:\n  - id: w\n    name: {en: W}\n    description: {en: W.}\n"
	                  "    method: mean\n    min_answered: 1\n    bands:\n"
	                  "      - {id: all, min: %d, max: %d, label: {en: A}, shows_up: {en: A.}, "
	                  "origins: {en: A.}, steps: [], starters: []}\nitems:\n", lo, lo + 99);
	for (int j = 0; j < n; j++)
		sb_buf_printf(&y, "  - {id: w%d, scale: w, response: wide, reverse: %s, text: {en: I.}}\n",
		              j, j == 1 ? "true" : "false");
	sb_diags d = { 0 };
	sb_bank *b = NULL;
	if (sb_bank_load(y.data, y.len, "wide.yaml", &b, &d) != SB_OK) {
		sb_print_diags(&d);
		fail_msg("the bank on %d..%d does not load", lo, lo + 99);
	}
	sb_diags_free(&d);
	sb_buf_free(&y);
	return b;
}

/* The kernel a summary should choose on this processor. */
static const char *S_best_simd(void)
{
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
	return __builtin_cpu_supports("avx2") ? "avx2" : "sse2";
#else
	return "sse2";
#endif
}

/* The item sums are exact on each way they are kept: 32-bit lanes, a tile of 64 rows at a time,
 * by the AVX2 kernel (where the processor has it) and the SSE2 one, for answers of 1..5 (scales
 * of 4 and 10 items) and of 5000..5099 (moved into 64-bit sums every 5 tiles, before a lane could
 * overflow); plain 64-bit products where the answers are too large for the lanes
 * (20000..20099); 4,000 rows, one answer in 50 missing, so that the complete cases differ by
 * scale, and some rows still wait in the tile when read.
 * And a summary that absorbs the exact halves (sb_summary_add_exact) of two others, as the
 * threads of `score` do, gives the same doubles. */
static void test_item_sums_exact_on_every_path(void **state)
{
	(void)state;
	enum { ROWS = 4000, BANKS = 3 };
	sb_bank *banks[BANKS] = { S_load("tests/banks/scoring_basic.yaml"), S_range_bank(5000, 3),
		                  S_range_bank(20000, 3) };
	for (size_t run = 0; run < 2 * BANKS; run++) {
		size_t bi = run / 2;
		const sb_bank *b = banks[bi];
		const sb_response_scale *rs = &b->responses[0];
		int *values = malloc(ROWS * b->n_items * sizeof *values);
		assert_non_null(values);
		unsigned long long x = 88172645463325252ULL;
		for (size_t i = 0; i < ROWS * b->n_items; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			values[i] = x % 50 == 0 ? SB_MISSING
			                        : rs->min + (int)(x % (unsigned long long)(rs->max - rs->min + 1));
		}
		/* each bank with either kernel: the processor's best, then SSE2 */
		if (run % 2)
			setenv("SECUREBASE_SIMD", "sse2", 1);
		else
			unsetenv("SECUREBASE_SIMD");
		sb_summary *whole = NULL, *part[2] = { NULL, NULL };
		assert_int_equal(sb_summary_new(b, &whole), SB_OK);
		const char *want = bi == 2 ? "none" : run % 2 ? "sse2" : S_best_simd();
		if (strcmp(sb_summary_simd(whole), want) != 0)
			fail_msg("bank %zu: the %s kernel, not %s", bi, sb_summary_simd(whole), want);
		assert_int_equal(sb_summary_new(b, &part[0]), SB_OK);
		assert_int_equal(sb_summary_new(b, &part[1]), SB_OK);
		sb_result r;
		assert_int_equal(sb_result_init(&r, b), SB_OK);
		for (size_t i = 0; i < ROWS; i++) {
			sb_score(b, values + i * b->n_items, &r);
			sb_summary_add(whole, values + i * b->n_items, &r);
			sb_summary_add_exact(part[i % 3 == 0], values + i * b->n_items, &r);
		}
		S_check_alpha(b, whole, values, ROWS);
		sb_summary_absorb(part[0], part[1]);
		sb_summary_absorb(part[1], part[0]); /* back again: part[0] is left empty */
		sb_scale_summary ss;
		sb_summary_get_scale(part[0], 0, &ss);
		assert_int_equal(ss.complete, 0);
		for (size_t i = 0; i < b->n_scales; i++) {
			double dw[16], rw[16], dp[16], rp[16];
			double aw = sb_summary_alpha(whole, i, dw, rw), ap = sb_summary_alpha(part[1], i, dp, rp);
			assert_true(aw == ap);
			for (size_t j = 0; j < b->scales[i].n_items; j++)
				assert_true(dw[j] == dp[j] && rw[j] == rp[j]);
			sb_summary_get_scale(part[1], i, &ss);
			sb_scale_summary sw;
			sb_summary_get_scale(whole, i, &sw);
			assert_int_equal(ss.complete, sw.complete);
			/* every score here is an entry of its table: counted, so in the exact half too */
			assert_int_equal(ss.n, sw.n);
			assert_true(ss.mean == sw.mean && ss.sd == sw.sd);
		}
		sb_result_free(&r);
		sb_summary_free(whole);
		sb_summary_free(part[0]);
		sb_summary_free(part[1]);
		free(values);
		if (run % 2)
			sb_bank_free(banks[bi]);
	}
	unsetenv("SECUREBASE_SIMD");
}

/* The scores' moments are the same whether they are counted by their entry in the scale's table
 * of exact scores (3 items on 0..99) or summed directly (40 items: the table would exceed 65,536
 * entries): against two passes over the scores to 1e-12, min and max exactly, also when the rows
 * are added in 7 parts absorbed in turn. 3,000 random rows, about one answer in 30 missing (a
 * row is scored with every item answered). */
static void test_moments_by_entry_and_directly(void **state)
{
	(void)state;
	enum { ROWS = 3000, PARTS = 7 };
	for (int bi = 0; bi < 2; bi++) {
		sb_bank *b = S_range_bank(0, bi == 0 ? 3 : 40);
		sb_summary *whole = NULL, *parts = NULL, *part = NULL;
		assert_int_equal(sb_summary_new(b, &whole), SB_OK);
		assert_int_equal(sb_summary_new(b, &parts), SB_OK);
		assert_int_equal(sb_summary_new(b, &part), SB_OK);
		sb_result r;
		assert_int_equal(sb_result_init(&r, b), SB_OK);
		int *v = malloc(b->n_items * sizeof *v);
		double *scores = malloc(ROWS * sizeof *scores);
		assert_non_null(v);
		assert_non_null(scores);
		unsigned long long x = 0x9e3779b97f4a7c15ULL;
		size_t n = 0, by_entry = 0;
		for (size_t row = 0; row < ROWS; row++) {
			for (size_t j = 0; j < b->n_items; j++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				v[j] = x % 30 == 0 ? SB_MISSING : (int)(x % 100);
			}
			sb_score(b, v, &r);
			sb_summary_add(whole, v, &r);
			sb_summary_add(part, v, &r);
			if ((row + 1) % (ROWS / PARTS) == 0)
				sb_summary_absorb(parts, part);
			if (r.scales[0].scored) {
				scores[n++] = r.scales[0].score;
				by_entry += r.scales[0].entry != SB_NONE;
			}
		}
		sb_summary_absorb(parts, part);
		if (n < ROWS / 5) /* all items needed: 26% of rows for 40 items */
			fail_msg("bank %d: only %zu rows scored", bi, n);
		assert_int_equal(by_entry, bi == 0 ? n : 0); /* the path this bank is to test */
		double sum = 0, ss = 0, lo = INFINITY, hi = -INFINITY;
		for (size_t i = 0; i < n; i++) {
			sum += scores[i];
			lo = fmin(lo, scores[i]);
			hi = fmax(hi, scores[i]);
		}
		double mean = sum / (double)n;
		for (size_t i = 0; i < n; i++)
			ss += (scores[i] - mean) * (scores[i] - mean);
		double sd = sqrt(ss / (double)(n - 1));
		const sb_summary *got[2] = { whole, parts };
		for (size_t g = 0; g < 2; g++) {
			sb_scale_summary ss0;
			sb_summary_get_scale(got[g], 0, &ss0);
			assert_int_equal(ss0.n, n);
			assert_near(ss0.mean, mean, 1e-12 * fabs(mean));
			assert_near(ss0.sd, sd, 1e-12 * sd);
			assert_true(ss0.min == lo);
			assert_true(ss0.max == hi);
		}
		free(v);
		free(scores);
		sb_result_free(&r);
		sb_summary_free(whole);
		sb_summary_free(parts);
		sb_summary_free(part);
		sb_bank_free(b);
	}
}

/* Scores summed in groups of 1,024 and blocks absorbed in order (as the two threads of `score`
 * do) give the moments of a two-pass computation to 1e-13, with every count and item sum
 * exact; absorbing empties the part. 5,000 random rows with missing answers, so that scales are
 * scored on different rows and the groups of each scale end on different rows. */
static void test_absorb_blocks(void **state)
{
	(void)state;
	enum { ROWS = 5000 };
	sb_bank *b = S_load("tests/banks/scoring_basic.yaml");
	int *values = malloc(ROWS * b->n_items * sizeof *values);
	assert_non_null(values);
	unsigned long long x = 2463534242ULL;
	for (size_t i = 0; i < ROWS * b->n_items; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		const sb_response_scale *rs = &b->responses[b->items[i % b->n_items].response];
		values[i] = x % 10 == 0 ? SB_MISSING
		                        : rs->min + (int)(x / 10 % (unsigned long long)(rs->max - rs->min + 1));
	}
	sb_summary *whole = NULL, *blocks = NULL, *part = NULL;
	assert_int_equal(sb_summary_new(b, &whole), SB_OK);
	assert_int_equal(sb_summary_new(b, &blocks), SB_OK);
	assert_int_equal(sb_summary_new(b, &part), SB_OK);
	sb_result r;
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	static const size_t cut[] = { 1, 8, 1030, 2600, 2601, 4999, ROWS };
	double *sc = calloc(ROWS * b->n_scales, sizeof *sc);
	bool *ok = calloc(ROWS * b->n_scales, sizeof *ok);
	assert_true(sc && ok);
	for (size_t i = 0, c = 0; i < ROWS; i++) {
		sb_score(b, values + i * b->n_items, &r);
		for (size_t k = 0; k < b->n_scales; k++) {
			ok[i * b->n_scales + k] = r.scales[k].scored;
			sc[i * b->n_scales + k] = r.scales[k].score;
		}
		sb_summary_add(whole, values + i * b->n_items, &r);
		sb_summary_add(part, values + i * b->n_items, &r);
		if (i + 1 == cut[c]) {
			sb_summary_absorb(blocks, part);
			c++;
			sb_summary_totals t;
			sb_summary_get_totals(part, &t);
			assert_int_equal(t.scored, 0);
		}
	}
	sb_summary_totals tw, tb;
	sb_summary_get_totals(whole, &tw);
	sb_summary_get_totals(blocks, &tb);
	assert_memory_equal(&tw, &tb, sizeof tw);
	assert_int_equal(tw.scored, ROWS);
	for (size_t k = 0; k < b->n_scales; k++) {
		size_t n = 0;
		double sum = 0, ss = 0, lo = INFINITY, hi = -INFINITY;
		for (size_t i = 0; i < ROWS; i++)
			if (ok[i * b->n_scales + k]) {
				n++;
				sum += sc[i * b->n_scales + k];
				lo = fmin(lo, sc[i * b->n_scales + k]);
				hi = fmax(hi, sc[i * b->n_scales + k]);
			}
		double mean = sum / (double)n;
		for (size_t i = 0; i < ROWS; i++)
			if (ok[i * b->n_scales + k])
				ss += (sc[i * b->n_scales + k] - mean) * (sc[i * b->n_scales + k] - mean);
		double sd = sqrt(ss / (double)(n - 1));
		assert_true(n > 2 * 1024 && n < ROWS); /* several groups, and not every row */
		sb_scale_summary w, bl;
		sb_summary_get_scale(whole, k, &w);
		sb_summary_get_scale(blocks, k, &bl);
		const sb_scale_summary *both[2] = { &w, &bl };
		for (size_t j = 0; j < 2; j++) {
			assert_int_equal(both[j]->n, n);
			assert_true(fabs(both[j]->mean - mean) <= 1e-13 * fabs(mean));
			assert_true(fabs(both[j]->sd - sd) <= 1e-13 * sd);
			assert_true(both[j]->min == lo && both[j]->max == hi);
		}
		assert_int_equal(w.complete, bl.complete);
		for (size_t j = 0; j < b->scales[k].n_bands; j++)
			assert_int_equal(w.band_counts[j], bl.band_counts[j]);
		double dw[16], rw[16], db[16], rb[16];
		assert_true(sb_summary_alpha(whole, k, dw, rw) == sb_summary_alpha(blocks, k, db, rb));
		for (size_t j = 0; j < b->scales[k].n_items; j++)
			assert_true(dw[j] == db[j] && rw[j] == rb[j]);
	}
	free(sc);
	free(ok);
	sb_result_free(&r);
	sb_summary_free(whole);
	sb_summary_free(blocks);
	sb_summary_free(part);
	free(values);
	sb_bank_free(b);
}

static void test_counts(void **state)
{
	(void)state;
	S_cohort c;
	S_cohort_build(&c);
	sb_summary_totals t;
	sb_summary_get_totals(c.s, &t);
	assert_int_equal(t.read, 19);
	assert_int_equal(t.scored, 17);
	assert_int_equal(t.rejected, 2);
	assert_int_equal(t.duplicate_ids, 1);
	/* No attachment section in this bank: every row without a style. */
	assert_int_equal(t.no_style, 17);
	for (int i = 0; i < SB_STYLE_COUNT; i++)
		assert_int_equal(t.styles[i], 0);
	/* Only row 17 is flagged: 4 of 14 missing (0.29 > 0.2). */
	assert_int_equal(t.missing, 1);
	assert_int_equal(t.longstring + t.low_irv + t.inconsistent, 0);
	assert_int_equal(t.any_flag, 1);
	/* Bands, counted by hand from the scores (ten: low < 2.5 <= mid < 4 <= high):
	 * ten   1.6 4.3 3.33 3.2 1.5 2.4 3.5 3.11 1.4 3.3 1.3 1.44 1.4 1.5 1.6 4.2 -> 9 5 2
	 * total 6 17 11 12 6 10.67 15 12 5 14 6 5 5 6.67 6 16 14.67 (< 12 low)      -> 10 7 */
	sb_scale_summary s;
	sb_summary_get_scale(c.s, 0, &s);
	assert_int_equal(s.band_counts[0], 9);
	assert_int_equal(s.band_counts[1], 5);
	assert_int_equal(s.band_counts[2], 2);
	sb_summary_get_scale(c.s, 1, &s);
	assert_int_equal(s.band_counts[0], 10);
	assert_int_equal(s.band_counts[1], 7);
	S_cohort_free(&c);
}

/* scoring_style: anx1 avo1 anx2 avo2(reverse) anx3 on 1..7; cut-offs anx 4, avo 3.5, margin 0.5.
 * Flags there: longstring >= 3 of 5, IRV < 0.6, inconsistency >= 0.5, missing >= 2 of 5. */
static void test_style_and_flag_counts(void **state)
{
	(void)state;
	sb_bank *b = S_load("tests/banks/scoring_style.yaml");
	static const int rows[7][5] = {
		{ 2, 1, 3, 7, 2 }, /* anx 7/3, avo 1: secure */
		{ 3, 2, 1, 6, 2 }, /* anx 2, avo 2: secure */
		{ 6, 2, 7, 5, 6 }, /* anx 19/3, avo 2.5: preoccupied */
		{ 2, 6, 1, 2, 3 }, /* anx 2, avo 6: dismissive */
		{ 4, 4, 4, 4, 4 }, /* anx 4, avo 4: fearful, near (anx on the cut-off);
		                      longstring 5, IRV 0 */
		{ 5, M, 5, M, 6 }, /* avo not scored: no style; 2 of 5 missing; IRV 0.577 */
		{ 7, 7, 7, 7, 7 }, /* anx 7, avo 4 (0.5 from 3.5: not near): fearful;
		                      longstring, IRV 0, inconsistency |7 - 1| / 6 = 1 */
	};
	sb_summary *s = NULL;
	assert_int_equal(sb_summary_new(b, &s), SB_OK);
	sb_result r;
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	for (size_t i = 0; i < 7; i++) {
		sb_score(b, rows[i], &r);
		sb_summary_add(s, rows[i], &r);
	}
	sb_summary_totals t;
	sb_summary_get_totals(s, &t);
	assert_int_equal(t.read, 7);
	assert_int_equal(t.styles[SB_STYLE_SECURE], 2);
	assert_int_equal(t.styles[SB_STYLE_PREOCCUPIED], 1);
	assert_int_equal(t.styles[SB_STYLE_DISMISSIVE], 1);
	assert_int_equal(t.styles[SB_STYLE_FEARFUL], 2);
	assert_int_equal(t.no_style, 1);
	assert_int_equal(t.near_boundary, 1);
	assert_int_equal(t.longstring, 2);
	assert_int_equal(t.low_irv, 3);
	assert_int_equal(t.inconsistent, 1);
	assert_int_equal(t.missing, 1);
	assert_int_equal(t.any_flag, 3);
	/* anx: 7/3 2 19/3 2 4 16/3 7 -> low 3, high 4; avo: 1 2 2.5 6 4 - 4 -> low 3, high 3. */
	sb_scale_summary ss;
	sb_summary_get_scale(s, 0, &ss);
	assert_int_equal(ss.n, 7);
	assert_int_equal(ss.band_counts[0], 3);
	assert_int_equal(ss.band_counts[1], 4);
	assert_true(ss.min == 2.0);
	assert_true(ss.max == 7.0);
	sb_summary_get_scale(s, 1, &ss);
	assert_int_equal(ss.n, 6);
	assert_int_equal(ss.band_counts[0], 3);
	assert_int_equal(ss.band_counts[1], 3);
	assert_int_equal(ss.complete, 6);
	/* avo has 2 items: alpha is defined, alpha if one is dropped is not (a single item). */
	double drop[2], rdrop[2];
	double alpha = sb_summary_alpha(s, 1, drop, rdrop);
	assert_false(isnan(alpha));
	assert_true(isnan(drop[0]) && isnan(drop[1]));
	assert_false(isnan(rdrop[0]));
	sb_result_free(&r);
	sb_summary_free(s);
	sb_bank_free(b);
}

static void test_empty_and_undefined(void **state)
{
	(void)state;
	sb_bank *b = S_load("tests/banks/scoring_basic.yaml");
	sb_summary *s = NULL;
	assert_int_equal(sb_summary_new(b, &s), SB_OK);
	sb_scale_summary ss;
	sb_summary_get_scale(s, 0, &ss);
	assert_int_equal(ss.n, 0);
	assert_true(isnan(ss.mean) && isnan(ss.sd) && isnan(ss.min) && isnan(ss.max));
	double drop[10], rdrop[10];
	assert_true(isnan(sb_summary_alpha(s, 0, drop, rdrop)));
	assert_true(isnan(drop[0]) && isnan(rdrop[0]));
	/* One row: a mean but no SD and no alpha. Then a second identical row: zero variance, so
	 * alpha is still undefined rather than a division by zero. */
	sb_result r;
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	sb_score(b, DATA[0], &r);
	sb_summary_add(s, DATA[0], &r);
	sb_summary_get_scale(s, 0, &ss);
	assert_near(ss.mean, 1.6, 1e-12);
	assert_true(isnan(ss.sd));
	assert_true(isnan(sb_summary_alpha(s, 0, NULL, NULL)));
	sb_summary_add(s, DATA[0], &r);
	sb_summary_get_scale(s, 0, &ss);
	assert_true(ss.sd == 0.0);
	assert_true(isnan(sb_summary_alpha(s, 0, drop, rdrop)));
	assert_true(isnan(rdrop[3]));

	sb_buf out = { 0 };
	assert_int_equal(sb_summary_json(s, &out), SB_OK);
	json_error_t err;
	json_t *j = json_loads(out.data, 0, &err);
	assert_non_null(j);
	json_t *ten = json_array_get(json_object_get(j, "scales"), 0);
	assert_true(json_is_null(json_object_get(json_object_get(ten, "reliability"), "alpha")));
	assert_true(json_is_real(json_object_get(ten, "sd")));
	json_decref(j);
	sb_buf_free(&out);

	sb_result_free(&r);
	sb_summary_free(s);
	sb_bank_free(b);
}

static void test_add_allocates_nothing(void **state)
{
	(void)state;
	sb_bank *b = S_load("tests/banks/scoring_basic.yaml");
	sb_summary *s = NULL;
	assert_int_equal(sb_summary_new(b, &s), SB_OK);
	sb_result r;
	assert_int_equal(sb_result_init(&r, b), SB_OK);
	sb_alloc_fail_after(1);
	for (size_t n = 0; n < 1700; n++) {
		sb_score(b, DATA[n % 17], &r);
		sb_summary_add(s, DATA[n % 17], &r);
	}
	sb_summary_reject(s);
	assert_int_equal(sb_alloc_fail_after(0), 0);
	sb_summary_totals t;
	sb_summary_get_totals(s, &t);
	assert_int_equal(t.read, 1701);
	/* Every row 100 times: the co-moments are exactly 100 times the data set's, and alpha does
	 * not change when the covariance matrix is scaled, so psych's values still hold after 1300
	 * complete cases accumulated one at a time. */
	double drop[10], rdrop[10];
	assert_near(sb_summary_alpha(s, 0, drop, rdrop), ALPHA[0], 1e-6);
	assert_near(drop[0], ALPHA_DROP_TEN[0], 1e-6);
	assert_near(rdrop[0], R_DROP_TEN[0], 1e-6);
	sb_scale_summary ss;
	sb_summary_get_scale(s, 0, &ss);
	assert_int_equal(ss.complete, 1300);
	assert_near(ss.mean, 2.4430555556, 1e-9);
	sb_result_free(&r);
	sb_summary_free(s);
	sb_bank_free(b);
}

static void test_new_allocation_failure(void **state)
{
	(void)state;
	sb_bank *b = S_load("tests/banks/scoring_basic.yaml");
	/* Every allocation in sb_summary_new in turn fails: an error, nothing leaked (LSan). */
	unsigned long k = 1;
	for (;; k++) {
		sb_summary *s = NULL;
		sb_alloc_fail_after(k);
		sb_status st = sb_summary_new(b, &s);
		sb_alloc_fail_after(0);
		if (st == SB_OK) {
			sb_summary_free(s);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(s);
	}
	/* Two allocations: the bank's scoring plan with its tables of exact scores (built by the
	 * first summary or result made for the bank, then kept with it) and the summary with all its
	 * arrays, apart (sb_calloc_apart). The third call succeeds. */
	assert_int_equal(k, 3);
	sb_summary_free(NULL);
	sb_bank_free(b);
}

/* Memory running out at each allocation of the JSON writer (jansson's too) and of the merge:
 * an error every time, nothing half-written, nothing leaked (LSan); then the same output. */
static void test_json_allocation_failures(void **state)
{
	(void)state;
	S_cohort c;
	S_cohort_build(&c);
	sb_buf want = { 0 };
	assert_int_equal(sb_summary_json(c.s, &want), SB_OK);
	json_set_alloc_funcs(sb_malloc, sb_free);
	unsigned long k = 1;
	for (;; k++) {
		sb_buf out = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_summary_json(c.s, &out);
		sb_alloc_fail_after(0);
		if (st == SB_OK) {
			assert_string_equal(out.data, want.data);
			sb_buf_free(&out);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		sb_buf_free(&out);
	}
	assert_true(k > 20);
	/* the merge with jansson on its own allocator: jansson names a failure of its own as a
	 * syntax error, so only ours are swept */
	json_set_alloc_funcs(malloc, free);
	for (k = 1;; k++) {
		sb_summary *m = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_summary_new(c.b, &m);
		if (st == SB_OK)
			st = sb_summary_merge_json(m, want.data, want.len, "part.json", &d);
		sb_alloc_fail_after(0);
		sb_diags_free(&d);
		if (st == SB_OK) {
			sb_buf again = { 0 };
			assert_int_equal(sb_summary_json(m, &again), SB_OK);
			assert_string_equal(again.data, want.data);
			sb_buf_free(&again);
			sb_summary_free(m);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		sb_summary_free(m);
	}
	sb_buf_free(&want);
	S_cohort_free(&c);
}

static void test_json(void **state)
{
	(void)state;
	S_cohort c;
	S_cohort_build(&c);
	sb_buf out = { 0 };
	assert_int_equal(sb_summary_json(c.s, &out), SB_OK);
	/* Fields in a fixed order, indented by two, ending in a newline. */
	assert_true(strncmp(out.data, "{\n  \"schema\": 2,\n  \"bank\": {", 28) == 0);
	assert_int_equal(out.data[out.len - 1], '\n');
	json_error_t err;
	json_t *j = json_loads(out.data, 0, &err);
	if (!j)
		fail_msg("JSON %d:%d: %s", err.line, err.column, err.text);
	assert_int_equal(json_integer_value(json_object_get(j, "schema")), SB_SUMMARY_SCHEMA);
	json_t *bank = json_object_get(j, "bank");
	assert_string_equal(json_string_value(json_object_get(bank, "id")), "scoring_basic");
	assert_string_equal(json_string_value(json_object_get(bank, "version")), "0.0.1");
	json_t *rows = json_object_get(j, "rows");
	assert_int_equal(json_integer_value(json_object_get(rows, "read")), 19);
	assert_int_equal(json_integer_value(json_object_get(rows, "scored")), 17);
	assert_int_equal(json_integer_value(json_object_get(rows, "rejected")), 2);
	assert_int_equal(json_integer_value(json_object_get(rows, "duplicate_ids")), 1);

	json_t *scales = json_object_get(j, "scales");
	assert_int_equal(json_array_size(scales), 2);
	json_t *ten = json_array_get(scales, 0);
	assert_string_equal(json_string_value(json_object_get(ten, "id")), "ten");
	assert_string_equal(json_string_value(json_object_get(ten, "method")), "mean");
	assert_int_equal(json_integer_value(json_object_get(ten, "items")), 10);
	assert_int_equal(json_integer_value(json_object_get(ten, "n")), 16);
	assert_int_equal(json_integer_value(json_object_get(ten, "not_scored")), 1);
	/* 10 significant digits (JSON_REAL_PRECISION(10)). */
	assert_near(json_real_value(json_object_get(ten, "mean")), 2.4430555556, 1e-9);
	assert_near(json_real_value(json_object_get(ten, "sd")), 1.0917941213, 1e-9);
	assert_true(json_real_value(json_object_get(ten, "min")) == 1.3);
	assert_true(json_real_value(json_object_get(ten, "max")) == 4.3);
	json_t *bands = json_object_get(ten, "bands");
	assert_int_equal(json_object_size(bands), 3);
	assert_int_equal(json_integer_value(json_object_get(bands, "low")), 9);
	assert_int_equal(json_integer_value(json_object_get(bands, "mid")), 5);
	assert_int_equal(json_integer_value(json_object_get(bands, "high")), 2);
	json_t *rel = json_object_get(ten, "reliability");
	assert_int_equal(json_integer_value(json_object_get(rel, "cases")), 13);
	assert_near(json_real_value(json_object_get(rel, "alpha")), ALPHA[0], 1e-9);
	json_t *items = json_object_get(rel, "items");
	assert_int_equal(json_array_size(items), 10);
	for (size_t i = 0; i < 10; i++) {
		json_t *it = json_array_get(items, i);
		char id[8];
		snprintf(id, sizeof id, "t%02zu", i + 1);
		assert_string_equal(json_string_value(json_object_get(it, "id")), id);
		assert_near(json_real_value(json_object_get(it, "alpha_if_dropped")),
		                    ALPHA_DROP_TEN[i], 1e-9);
		assert_near(json_real_value(json_object_get(it, "r_drop")), R_DROP_TEN[i],
		                    1e-9);
	}
	json_t *total = json_array_get(scales, 1);
	assert_string_equal(json_string_value(json_object_get(total, "method")), "sum");
	assert_true(json_real_value(json_object_get(total, "max")) == 17.0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(total, "bands"), "high")), 7);

	json_t *styles = json_object_get(j, "styles");
	assert_int_equal(json_integer_value(json_object_get(styles, "none")), 17);
	assert_int_equal(json_integer_value(json_object_get(styles, "secure")), 0);
	assert_int_equal(json_integer_value(json_object_get(styles, "near_boundary")), 0);
	assert_int_equal(json_object_size(styles), 6);
	json_t *flags = json_object_get(j, "flags");
	assert_int_equal(json_integer_value(json_object_get(flags, "missing")), 1);
	assert_int_equal(json_integer_value(json_object_get(flags, "any")), 1);
	assert_int_equal(json_integer_value(json_object_get(flags, "longstring")), 0);
	assert_int_equal(json_object_size(flags), 5);
	json_decref(j);
	sb_buf_free(&out);
	S_cohort_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alpha_matches_psych),
		cmocka_unit_test(test_alpha_order_independent),
		cmocka_unit_test(test_moments_two_pass),
		cmocka_unit_test(test_item_sums_exact_on_every_path),
		cmocka_unit_test(test_moments_by_entry_and_directly),
		cmocka_unit_test(test_absorb_blocks),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_style_and_flag_counts),
		cmocka_unit_test(test_empty_and_undefined),
		cmocka_unit_test(test_add_allocates_nothing),
		cmocka_unit_test(test_new_allocation_failure),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_allocation_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

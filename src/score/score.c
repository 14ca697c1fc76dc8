/* SPDX-License-Identifier: MIT */
/* score.c — the scoring engine: keyed scale scores, bands, norms, attachment style and
 * response-quality indicators for one respondent. The rules are documented in docs/scoring.md. */
#include "score/score.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Absorbs binary representation error where a comparison involves a subtraction or a decimal
 * constant from the bank (0.8 of 10 items is 8 answered, a point exactly one margin from a
 * cut-off is not inside it). Scores are ratios of small integers, so no real difference is
 * this small. */
#define S_EPS 1e-9

/* --- the rules, computed directly ----------------------------------------------------------- *
 * Every number sb_score gives is computed by the helpers in this section, either for the row at
 * hand or ahead of time into the plan's tables (below), on the same operands: a table entry is
 * the very double the direct computation would give. */

/* Standard normal CDF; erfc keeps precision in the lower tail where 1 + erf would not. */
static double S_phi(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

/* A mean of keyed values, as the inconsistency index takes it. */
static double S_quot(long sum, size_t n)
{
	return (double)sum / (double)n;
}

bool sb_scale_enough(const sb_scale *s, size_t answered)
{
	size_t n = s->n_items;
	return !(n == 0 || answered == 0 || (double)answered / (double)n + S_EPS < s->min_answered);
}

/* The score of a scored scale from its keyed sum, its band and its norms. */
static void S_set_score(const sb_scale *s, long sum, size_t answered, sb_scale_result *out)
{
	size_t n = s->n_items;
	/* One division each, so a score equal to a band edge written in the bank as a decimal is
	 * the same double as that edge. A sum with missing items is prorated: the mean of the
	 * answered items times the number of items (sum * n / answered). */
	if (s->method == SB_METHOD_SUM)
		out->score = answered == n ? (double)sum
		                           : (double)sum * (double)n / (double)answered;
	else
		out->score = (double)sum / (double)answered;
	out->band = sb_scale_band(s, out->score);
	if (s->norms.present && s->norms.sd > 0) {
		out->has_norms = true;
		out->z = (out->score - s->norms.mean) / s->norms.sd;
		out->t = 50.0 + 10.0 * out->z;
		out->percentile = 100.0 * S_phi(out->z);
	}
}

/* A scale result with no score. Field by field: GCC 12 built the compound literal this was on the
 * stack and copied it with loads that straddled its own narrower stores, a store-forwarding stall
 * that cost more than the rest of scoring a scale. Padding is left as it was (zero: the results
 * are allocated with sb_calloc). */
static void S_unscored(sb_scale_result *out, size_t answered, size_t n)
{
	out->scored = false;
	out->score = NAN;
	out->answered = answered;
	out->n_items = n;
	out->band = SB_NONE;
	out->entry = SB_NONE;
	out->has_norms = false;
	out->z = NAN;
	out->t = NAN;
	out->percentile = NAN;
}

/* Scores one scale; adds this scale's forward/reverse gap to *gap_sum and *gap_n when it has
 * answered items in both keyed directions (the inconsistency index). */
static void S_scale(const sb_bank *b, const sb_scale *s, const int *answers, sb_scale_result *out,
                    double *gap_sum, size_t *gap_n)
{
	/* Raw sums per keyed direction; the reverse-keyed sum is keyed once at the end:
	 * sum of (min + max - v) = rev_n (min + max) - sum of v. */
	long fwd_sum = 0, rev_raw = 0;
	size_t fwd_n = 0, rev_n = 0;
	for (size_t j = 0; j < s->n_items; j++) {
		size_t item = s->items[j];
		int v = answers[item];
		if (v == SB_MISSING)
			continue;
		if (b->items[item].reverse) {
			rev_raw += v;
			rev_n++;
		} else {
			fwd_sum += v;
			fwd_n++;
		}
	}
	const sb_response_scale *rs = &b->responses[s->response];
	long rev_sum = (long)rev_n * ((long)rs->min + rs->max) - rev_raw;
	size_t answered = fwd_n + rev_n;
	S_unscored(out, answered, s->n_items);
	if (fwd_n > 0 && rev_n > 0) {
		double range = (double)(rs->max - rs->min);
		double gap = fabs(S_quot(fwd_sum, fwd_n) - S_quot(rev_sum, rev_n));
		*gap_sum += gap / range;
		(*gap_n)++;
	}
	if (!sb_scale_enough(s, answered))
		return;
	out->scored = true;
	S_set_score(s, fwd_sum + rev_sum, answered, out);
}

/* The widest response range in the bank: the unit the IRV threshold is a share of. */
static double S_widest_range(const sb_bank *b)
{
	int w = 0;
	for (size_t i = 0; i < b->n_responses; i++)
		if (b->responses[i].max - b->responses[i].min > w)
			w = b->responses[i].max - b->responses[i].min;
	return (double)w;
}

static double S_irv_limit(const sb_bank *b)
{
	return SB_IRV_RANGE_SHARE * S_widest_range(b) - S_EPS;
}

static bool S_long_run(size_t n, size_t longest)
{
	return n > 0 && (double)longest >= SB_LONGSTRING_SHARE * (double)n - S_EPS;
}

/* The sample SD (n - 1, as R's sd()) from sums of answers shifted by the first one, which keeps
 * the sums small and exact so the variance formula does not cancel. */
static double S_irv(double sx, double sxx, size_t answered)
{
	if (answered < 2)
		return NAN;
	double ss = sxx - sx * sx / (double)answered;
	return sqrt((ss > 0 ? ss : 0) / (double)(answered - 1));
}

static void S_set_quality(sb_quality *q, size_t n, size_t answered, size_t longest,
                          bool long_run, double irv, double irv_limit, double gap_sum,
                          size_t gap_n)
{
	*q = (sb_quality){
		.longstring = longest,
		.irv = irv,
		.inconsistency = gap_n > 0 ? gap_sum / (double)gap_n : NAN,
		.missing_share = n > 0 ? (double)(n - answered) / (double)n : 0.0,
	};
	q->flag_longstring = long_run;
	q->flag_irv = !isnan(irv) && irv < irv_limit;
	q->flag_inconsistent = !isnan(q->inconsistency) &&
	                       q->inconsistency >= SB_INCONSISTENCY_MAX - S_EPS;
	q->flag_missing = q->missing_share > SB_MISSING_SHARE_MAX + S_EPS;
}

static void S_quality(const sb_bank *b, const int *answers, double gap_sum, size_t gap_n,
                      sb_quality *q)
{
	size_t n = b->n_items, answered = 0, run = 0, longest = 0;
	int prev = SB_MISSING, first = 0;
	double sx = 0, sxx = 0;
	for (size_t i = 0; i < n; i++) {
		int v = answers[i];
		if (v == SB_MISSING) {
			/* A missing answer ends a run. */
			run = 0;
			prev = SB_MISSING;
			continue;
		}
		run = v == prev ? run + 1 : 1;
		prev = v;
		if (run > longest)
			longest = run;
		if (answered++ == 0)
			first = v;
		double d = (double)v - (double)first;
		sx += d;
		sxx += d * d;
	}
	S_set_quality(q, n, answered, longest, S_long_run(n, longest), S_irv(sx, sxx, answered),
	              S_irv_limit(b), gap_sum, gap_n);
}

static void S_style(const sb_bank *b, sb_result *r)
{
	const sb_attachment *a = &b->attachment;
	r->has_style = false;
	r->style = -1;
	r->near_boundary = r->near_anxiety = r->near_avoidance = false;
	r->anxiety = r->avoidance = NAN;
	if (!a->present || a->anxiety >= r->n_scales || a->avoidance >= r->n_scales)
		return;
	const sb_scale_result *x = &r->scales[a->anxiety], *y = &r->scales[a->avoidance];
	r->anxiety = x->score;
	r->avoidance = y->score;
	if (!x->scored || !y->scored)
		return;
	/* At or above a cut-off counts as high. */
	bool anx_high = r->anxiety >= a->anxiety_cutoff;
	bool avo_high = r->avoidance >= a->avoidance_cutoff;
	r->has_style = true;
	r->style = anx_high ? (avo_high ? SB_STYLE_FEARFUL : SB_STYLE_PREOCCUPIED)
	                    : (avo_high ? SB_STYLE_DISMISSIVE : SB_STYLE_SECURE);
	r->near_anxiety = fabs(r->anxiety - a->anxiety_cutoff) < a->margin - S_EPS;
	r->near_avoidance = fabs(r->avoidance - a->avoidance_cutoff) < a->margin - S_EPS;
	r->near_boundary = r->near_anxiety || r->near_avoidance;
}

static void S_score_direct(const sb_bank *b, const int *answers, sb_result *r)
{
	double gap_sum = 0;
	size_t gap_n = 0;
	size_t n = b->n_scales < r->n_scales ? b->n_scales : r->n_scales;
	for (size_t i = 0; i < n; i++)
		S_scale(b, &b->scales[i], answers, &r->scales[i], &gap_sum, &gap_n);
	S_style(b, r);
	S_quality(b, answers, gap_sum, gap_n, &r->quality);
}

/* --- the plan --------------------------------------------------------------------------------- *
 * What scoring needs of the bank, laid out flat once per result: each item's scale and keying,
 * and per scale, tables of the mean, score, band and norms for every (answered, keyed sum) a row
 * can give. A row is then one pass over its answers (accumulating per scale and direction, the
 * run lengths and the sums for the IRV at once) and a few table lookups per scale: no division
 * for a score or a mean, no search for a band. The tables are filled by the functions above, so
 * their entries are bit for bit what the direct computation gives; whatever falls outside them
 * (a sum beyond a table, an answer outside every response range of the bank) is computed
 * directly. */

/* Largest table per scale, in entries; a larger scale is computed directly. With 8 items on 1..7
 * a scale needs 224. */
#define S_TAB_MAX 65536
#define S_NOBAND UINT16_MAX

/* Tables are indexed by the number of answered items a (1..) and k = keyed sum - a * min
 * (0..a * range): the entry off[a] + k. */
typedef struct {
	size_t amax;    /* 0: no table */
	uint32_t *off;  /* amax + 2 entries: off[a + 1] - off[a] = a * range + 1 */
	double *mean;   /* S_quot(a * min + k, a) */
} S_presp;

typedef struct {
	long min, minmax, range; /* the scale's response range: min, min + max, max - min */
	double drange;           /* (double)(max - min) */
	size_t min_answered;     /* scored from this many answered items on (SIZE_MAX: never) */
	size_t tab_n;            /* tables for a = 1..tab_n; 0: none */
	/* Tables for all its items, its response range and that of each of its items are
	 * vmin..vmin + vspan (as with a single response range in the bank), so that an answer the
	 * one pass took is within the range of its item. */
	bool exact;
	const uint32_t *off;
	const double *mean;      /* the response's means */
	double *score;           /* per entry: its score (the response's means for a mean scale) */
	uint16_t *band;          /* its band, S_NOBAND for SB_NONE */
	double *z, *t, *pct;     /* its norms, when the scale has norms */
} S_pscale;

struct sb_score_plan {
	const sb_bank *bank;
	bool fast;              /* the one pass applies (else every row is computed directly) */
	bool sq16;              /* vspan < 2^15 and n_items vspan^2 < 2^31: squares in 16-bit SIMD */
	int vmin;               /* every response range of the bank lies within vmin..vmin + vspan */
	unsigned vspan;
	uint32_t *slot;         /* per item: 2 * scale + (reverse-keyed); 2 * n_scales for none */
	uint64_t *acc;          /* per slot, a row's scratch: items << 32 | sum of (v - vmin) */
	S_pscale *scales;
	S_presp *resp;
	size_t longstring_min;  /* flag_longstring from this longest run on (SIZE_MAX: never) */
	double irv_limit;
	uint32_t *safety;       /* the safety items (bank->n_safety_items of them) */
	int *safety_min;        /* and the lowest response of each */
};

/* Entries of a table for a = 1..n on a response range of width range; SIZE_MAX beyond
 * S_TAB_MAX. */
static size_t S_entries(size_t n, long range)
{
	if (range < 0 || range > S_TAB_MAX || n > S_TAB_MAX)
		return SIZE_MAX;
	size_t e = (size_t)range * n * (n + 1) / 2 + n;
	return e > S_TAB_MAX ? SIZE_MAX : e;
}

static bool S_tabulated(const sb_bank *b, const sb_scale *s)
{
	if (s->n_items == 0 || s->response >= b->n_responses || s->n_bands >= S_NOBAND)
		return false;
	const sb_response_scale *rs = &b->responses[s->response];
	return S_entries(s->n_items, (long)rs->max - rs->min) != SIZE_MAX;
}

/* The most items of any tabulated scale on response range ri. */
static size_t S_resp_amax(const sb_bank *b, size_t ri)
{
	size_t amax = 0;
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale *s = &b->scales[i];
		if (s->response == ri && S_tabulated(b, s) && s->n_items > amax)
			amax = s->n_items;
	}
	return amax;
}

/* Lays the plan out in ar (sizes only while ar->base is NULL) and returns it, the tables not
 * yet filled. */
static sb_score_plan *S_plan_layout(const sb_bank *b, sb_arena *ar)
{
	sb_score_plan *p = sb_carve(ar, 1, sizeof *p, _Alignof(sb_score_plan));
	S_pscale *ps = sb_carve(ar, b->n_scales, sizeof *ps, _Alignof(S_pscale));
	S_presp *pr = sb_carve(ar, b->n_responses, sizeof *pr, _Alignof(S_presp));
	uint32_t *slot = sb_carve(ar, b->n_items, sizeof *slot, _Alignof(uint32_t));
	uint64_t *acc = sb_carve(ar, 2 * b->n_scales + 1, sizeof *acc, _Alignof(uint64_t));
	uint32_t *safety = sb_carve(ar, b->n_safety_items, sizeof *safety, _Alignof(uint32_t));
	int *safety_min = sb_carve(ar, b->n_safety_items, sizeof *safety_min, _Alignof(int));
	if (p)
		*p = (sb_score_plan){ .bank = b, .slot = slot, .acc = acc, .scales = ps, .resp = pr,
			              .safety = safety, .safety_min = safety_min };
	for (size_t ri = 0; ri < b->n_responses; ri++) {
		const sb_response_scale *rs = &b->responses[ri];
		size_t amax = S_resp_amax(b, ri);
		size_t e = amax ? S_entries(amax, (long)rs->max - rs->min) : 0;
		uint32_t *off = sb_carve(ar, amax + 2, sizeof *off, _Alignof(uint32_t));
		double *mean = sb_carve(ar, e, sizeof *mean, _Alignof(double));
		if (p)
			pr[ri] = (S_presp){ .amax = amax, .off = off, .mean = mean };
	}
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale *s = &b->scales[i];
		if (p)
			ps[i] = (S_pscale){ 0 };
		if (!S_tabulated(b, s))
			continue;
		const sb_response_scale *rs = &b->responses[s->response];
		size_t e = S_entries(s->n_items, (long)rs->max - rs->min);
		uint16_t *band = sb_carve(ar, e, sizeof *band, _Alignof(uint16_t));
		double *score = s->method == SB_METHOD_MEAN ? NULL
		                                            : sb_carve(ar, e, sizeof *score, _Alignof(double));
		double *z = NULL, *t = NULL, *pct = NULL;
		if (s->norms.present && s->norms.sd > 0) {
			z = sb_carve(ar, e, sizeof *z, _Alignof(double));
			t = sb_carve(ar, e, sizeof *t, _Alignof(double));
			pct = sb_carve(ar, e, sizeof *pct, _Alignof(double));
		}
		if (p)
			ps[i] = (S_pscale){ .tab_n = s->n_items, .band = band, .score = score, .z = z,
			                    .t = t, .pct = pct };
	}
	return p;
}

/* Whether the one pass can stand in for the direct computation on this bank: every item in at
 * most one scale, and sums that stay exact (the IRV's sums of squares within 2^53, as the direct
 * computation's doubles are exact only there) and fit the 32-bit halves of a slot. Sets slots. */
static bool S_plan_fast(const sb_bank *b, sb_score_plan *p)
{
	if (b->n_scales > (UINT32_MAX - 1) / 2 || b->n_items >= UINT32_MAX)
		return false;
	long lo = 0, hi = 0;
	for (size_t i = 0; i < b->n_responses; i++) {
		const sb_response_scale *rs = &b->responses[i];
		if (i == 0 || rs->min < lo)
			lo = rs->min;
		if (i == 0 || rs->max > hi)
			hi = rs->max;
	}
	uint64_t span = hi >= lo ? (uint64_t)(hi - lo) : 0, n = b->n_items;
	/* lo > INT_MIN: SB_MISSING is no answer */
	if (lo == INT_MIN || span >= (1u << 26) || n >= (1u << 26) || n * span >= UINT32_MAX ||
	    (span > 0 && n * span * span >= (1ull << 53)))
		return false;
	p->vmin = (int)lo;
	p->vspan = (unsigned)span;
	p->sq16 = span < (1u << 15) && n * span * span < (1ull << 31);
	uint32_t none = (uint32_t)(2 * b->n_scales);
	for (size_t i = 0; i < b->n_items; i++)
		p->slot[i] = none;
	for (size_t si = 0; si < b->n_scales; si++) {
		const sb_scale *s = &b->scales[si];
		if (s->response >= b->n_responses)
			return false;
		for (size_t j = 0; j < s->n_items; j++) {
			size_t item = s->items[j];
			if (item >= b->n_items || p->slot[item] != none)
				return false;
			p->slot[item] = (uint32_t)(2 * si + (b->items[item].reverse ? 1 : 0));
		}
	}
	return true;
}

static void S_plan_fill(const sb_bank *b, sb_score_plan *p)
{
	for (size_t i = 0, k = 0; i < b->n_items && k < b->n_safety_items; i++)
		if (b->items[i].safety) {
			p->safety[k] = (uint32_t)i;
			p->safety_min[k++] = b->responses[b->items[i].response].min;
		}
	p->fast = S_plan_fast(b, p);
	p->irv_limit = S_irv_limit(b);
	p->longstring_min = SIZE_MAX;
	for (size_t k = b->n_items + 1; k-- > 0;) /* the longest run is monotone in k */
		if (S_long_run(b->n_items, k))
			p->longstring_min = k;
	for (size_t ri = 0; ri < b->n_responses; ri++) {
		S_presp *pr = &p->resp[ri];
		const sb_response_scale *rs = &b->responses[ri];
		long range = (long)rs->max - rs->min;
		pr->off[0] = pr->off[1] = 0;
		for (size_t a = 1; a <= pr->amax; a++) {
			pr->off[a + 1] = pr->off[a] + (uint32_t)((long)a * range + 1);
			for (long k = 0; k <= (long)a * range; k++)
				pr->mean[pr->off[a] + (size_t)k] = S_quot((long)a * rs->min + k, a);
		}
	}
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale *s = &b->scales[i];
		S_pscale *ps = &p->scales[i];
		ps->min_answered = SIZE_MAX;
		for (size_t a = s->n_items + 1; a-- > 1;) /* a / n is monotone in a */
			if (sb_scale_enough(s, a))
				ps->min_answered = a;
		if (s->response >= b->n_responses)
			continue;
		const sb_response_scale *rs = &b->responses[s->response];
		ps->min = rs->min;
		ps->minmax = (long)rs->min + rs->max;
		ps->range = (long)rs->max - rs->min;
		ps->drange = (double)(rs->max - rs->min);
		if (!ps->tab_n)
			continue;
		ps->exact = p->fast && rs->min == p->vmin && (long)rs->max - rs->min == (long)p->vspan;
		for (size_t j = 0; j < s->n_items && ps->exact; j++) {
			const sb_response_scale *ir = &b->responses[b->items[s->items[j]].response];
			ps->exact = ir->min == rs->min && ir->max == rs->max;
		}
		const S_presp *pr = &p->resp[s->response];
		ps->off = pr->off;
		ps->mean = pr->mean;
		if (!ps->score)
			ps->score = pr->mean;
		/* only where the scale is scored: no other entry is read */
		for (size_t a = ps->min_answered; a <= ps->tab_n; a++) {
			for (long k = 0; k <= (long)a * ps->range; k++) {
				size_t e = pr->off[a] + (size_t)k;
				sb_scale_result r = { 0 };
				S_unscored(&r, a, s->n_items);
				S_set_score(s, (long)a * rs->min + k, a, &r);
				if (ps->score != pr->mean)
					ps->score[e] = r.score;
				ps->band[e] = r.band == SB_NONE ? S_NOBAND : (uint16_t)r.band;
				if (ps->z) {
					ps->z[e] = r.z;
					ps->t[e] = r.t;
					ps->pct[e] = r.percentile;
				}
			}
		}
	}
}

/* The table entry of a answered items with this keyed sum, or SIZE_MAX. */
static size_t S_entry(const S_pscale *ps, long sum, size_t a)
{
	if (a == 0 || a > ps->tab_n)
		return SIZE_MAX;
	long k = sum - (long)a * ps->min;
	if (k < 0 || k > (long)a * ps->range)
		return SIZE_MAX;
	return ps->off[a] + (size_t)k;
}

static double S_mean(const S_pscale *ps, long sum, size_t a)
{
	size_t e = S_entry(ps, sum, a);
	return e != SIZE_MAX ? ps->mean[e] : S_quot(sum, a);
}

/* The rest of S_scale for a scored scale, from the table entry of its (answered, keyed sum). */
static void S_scored_from(const S_pscale *ps, size_t e, sb_scale_result *out)
{
	out->scored = true;
	out->score = ps->score[e];
	out->entry = e;
	out->band = ps->band[e] == S_NOBAND ? SB_NONE : ps->band[e];
	if (ps->z) {
		out->has_norms = true;
		out->z = ps->z[e];
		out->t = ps->t[e];
		out->percentile = ps->pct[e];
	}
}

/* A scale's term of the inconsistency index, when it has one. Returned rather than added through
 * a pointer, so that the sum stays in a register. */
typedef struct {
	bool has;
	double d;
} S_gap;

/* S_scale from a slot pair's sums (items << 32 | sum of (v - vmin)), for a scale that is not
 * exact (S_pscale): every table index is checked, and computed directly when outside. */
static S_gap S_scale_sums(const sb_scale *s, const S_pscale *ps, int vmin, uint64_t fwd,
                          uint64_t rev, sb_scale_result *out)
{
	size_t fwd_n = (size_t)(fwd >> 32), rev_n = (size_t)(rev >> 32);
	long fwd_sum = (long)(uint32_t)fwd + (long)fwd_n * vmin;
	long rev_raw = (long)(uint32_t)rev + (long)rev_n * vmin;
	long rev_sum = (long)rev_n * ps->minmax - rev_raw;
	long sum = fwd_sum + rev_sum;
	size_t answered = fwd_n + rev_n;
	S_unscored(out, answered, s->n_items);
	S_gap g = { .has = false };
	if (fwd_n > 0 && rev_n > 0) {
		double gap = fabs(S_mean(ps, fwd_sum, fwd_n) - S_mean(ps, rev_sum, rev_n));
		g = (S_gap){ .has = true, .d = gap / ps->drange };
	}
	if (answered < ps->min_answered)
		return g;
	size_t e = S_entry(ps, sum, answered);
	if (e == SIZE_MAX) {
		out->scored = true;
		S_set_score(s, sum, answered, out);
		return g;
	}
	S_scored_from(ps, e, out);
	return g;
}

/* The same for an exact scale: its answers are known to lie within its response range, whose min
 * is vmin, so the sums of (v - vmin) are the table's k and every index is within its table. */
static S_gap S_scale_exact(const S_pscale *ps, size_t n, uint64_t fwd, uint64_t rev,
                           sb_scale_result *out)
{
	size_t fwd_n = (size_t)(fwd >> 32), rev_n = (size_t)(rev >> 32);
	size_t answered = fwd_n + rev_n;
	/* keyed reverse values: min + max - v - min = range - (v - min) */
	size_t kf = (uint32_t)fwd, kr = rev_n * (size_t)ps->range - (uint32_t)rev;
	S_unscored(out, answered, n);
	S_gap g = { .has = false };
	if (fwd_n > 0 && rev_n > 0) {
		double gap = fabs(ps->mean[ps->off[fwd_n] + kf] - ps->mean[ps->off[rev_n] + kr]);
		g = (S_gap){ .has = true, .d = gap / ps->drange };
	}
	if (answered >= ps->min_answered)
		S_scored_from(ps, ps->off[answered] + kf + kr, out);
	return g;
}

/* The longest run of identical answers in presentation order, a missing answer ending a run (as
 * in S_quality), for a row with at least one answer and more than 64 items (for fewer, see
 * S_pass). */
static size_t S_longest(const int *a, size_t n)
{
	size_t run = 0, longest = 0;
	int prev = SB_MISSING;
	for (size_t i = 0; i < n; i++) {
		run = a[i] == SB_MISSING ? 0 : a[i] == prev ? run + 1 : 1;
		prev = a[i];
		if (run > longest)
			longest = run;
	}
	return longest;
}

/* The loop over a row's answers: each answer into its slot (acc), the sum of (v - vmin)^2 into
 * *sxx, and for up to 64 items the mask of answers equal to the one before (*same, bit i: a[i] is
 * an answer and equal to a[i - 1]), whose longest run of set bits is one less than the longest run
 * of answers. False at an answer outside vmin..vmin + vspan that is not SB_MISSING. With SSE2, 4
 * answers at a time, but for the slots; a block holding a missing answer goes one by one. Kept out
 * of line: inlined into sb_score, its loop lost its registers to the code around it (GCC 12). */
#ifdef __GNUC__
__attribute__((noinline))
#endif
static bool S_pass(const sb_score_plan *p, const int *a, size_t n, uint64_t *acc, uint64_t *sxx,
                   uint64_t *same)
{
	const uint32_t *slot = p->slot;
	const unsigned vmin = (unsigned)p->vmin, vspan = p->vspan;
	const uint64_t one = (uint64_t)1 << 32;
	uint64_t sq = 0, eq = 0;
	size_t i = 0;
#ifdef __SSE2__
	if (p->sq16) {
		const __m128i base = _mm_set1_epi32((int)vmin), flip = _mm_set1_epi32(INT_MIN),
		              top = _mm_set1_epi32((int)(vspan ^ 0x80000000u)),
		              missing = _mm_set1_epi32(SB_MISSING);
		__m128i sq4 = _mm_setzero_si128();
		for (; i + 4 <= n; i += 4) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(a + i));
			__m128i prev = i ? _mm_loadu_si128((const __m128i *)(const void *)(a + i - 1))
			                 : _mm_slli_si128(v, 4); /* bit 0 is cleared below */
			__m128i eq4 = _mm_andnot_si128(_mm_cmpeq_epi32(v, missing), _mm_cmpeq_epi32(v, prev));
			if (i < 64)
				eq |= (uint64_t)_mm_movemask_ps(_mm_castsi128_ps(eq4)) << i;
			__m128i u = _mm_sub_epi32(v, base);
			__m128i out = _mm_cmpgt_epi32(_mm_xor_si128(u, flip), top); /* outside the range */
			if (_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi32(v, missing), out)))
				return false;
			/* a missing answer (about one a row) adds nothing: its lane is 0, without a
			 * branch (a mispredicted one per row, and a loop, before) */
			u = _mm_andnot_si128(out, u);
			__m128i n1 = _mm_andnot_si128(out, _mm_set1_epi32(1));
			/* u < 2^15: as 16-bit pairs, its high half is 0, so madd gives u^2 */
			sq4 = _mm_add_epi32(sq4, _mm_madd_epi16(u, u));
			uint64_t w[4]; /* per answer: n1 << 32 | u, what it adds to its slot */
			_mm_storeu_si128((__m128i *)(void *)w, _mm_unpacklo_epi32(u, n1));
			_mm_storeu_si128((__m128i *)(void *)(w + 2), _mm_unpackhi_epi32(u, n1));
			acc[slot[i]] += w[0];
			acc[slot[i + 1]] += w[1];
			acc[slot[i + 2]] += w[2];
			acc[slot[i + 3]] += w[3];
		}
		uint32_t w[4];
		_mm_storeu_si128((__m128i *)(void *)w, sq4);
		sq += (uint64_t)w[0] + w[1] + w[2] + w[3];
	}
#endif
	for (; i < n; i++) {
		if (i > 0 && i < 64)
			eq |= (uint64_t)(a[i] == a[i - 1] && a[i] != SB_MISSING) << i;
		unsigned u = (unsigned)a[i] - vmin;
		if (u > vspan) {
			if (a[i] != SB_MISSING)
				return false;
			continue;
		}
		acc[slot[i]] += one + u;
		sq += (uint64_t)u * u;
	}
	*sxx = sq;
	*same = eq & ~(uint64_t)1;
	return true;
}

/* The one pass; false (and r untouched) when an answer lies outside every response range of the
 * bank, which the direct computation then takes as it comes. */
static bool S_score_fast(const sb_bank *b, sb_score_plan *p, const int *answers, sb_result *r)
{
	size_t n = b->n_items, ns = b->n_scales;
	uint64_t *acc = p->acc;
	memset(acc, 0, (2 * ns + 1) * sizeof *acc);
	const unsigned vmin = (unsigned)p->vmin;
	uint64_t sxx, same;
	if (!S_pass(p, answers, n, acc, &sxx, &same))
		return false;
	uint64_t all = acc[2 * ns]; /* answers << 32 | the sum of (v - vmin), over every slot */
	double gap_sum = 0;
	size_t gap_n = 0;
	for (size_t i = 0; i < ns; i++) {
		uint64_t fwd = acc[2 * i], rev = acc[2 * i + 1];
		const S_pscale *ps = &p->scales[i];
		all += fwd + rev;
		S_gap g = ps->exact ? S_scale_exact(ps, ps->tab_n, fwd, rev, &r->scales[i])
		                    : S_scale_sums(&b->scales[i], ps, p->vmin, fwd, rev, &r->scales[i]);
		if (g.has) { /* in scale order, as S_scale adds them */
			gap_sum += g.d;
			gap_n++;
		}
	}
	size_t answered = (size_t)(all >> 32);
	uint64_t sx = (uint32_t)all;
	S_style(b, r);
	size_t longest = 0;
	if (answered && n > 64) {
		longest = S_longest(answers, n);
	} else if (answered) {
		for (longest = 1; same; longest++)
			same &= same >> 1;
	}
	/* The IRV's sums are shifted by the first answer, as in S_quality; with every answer within
	 * vspan of it they are the same whole numbers that S_quality's doubles hold exactly. */
	double irv = NAN;
	if (answered >= 2) {
		size_t j = 0;
		while (answers[j] == SB_MISSING)
			j++;
		uint64_t f = (unsigned)answers[j] - vmin;
		int64_t dx = (int64_t)sx - (int64_t)(answered * f);
		uint64_t dxx = sxx - 2 * f * sx + answered * f * f; /* modulo 2^64; the result is exact */
		irv = S_irv((double)dx, (double)dxx, answered);
	}
	S_set_quality(&r->quality, n, answered, longest, longest >= p->longstring_min, irv,
	              p->irv_limit, gap_sum, gap_n);
	return true;
}

/* --- the interface ---------------------------------------------------------------------------- */

/* The bank's plan, built the first time a result is made for it and kept with the bank
 * (bank->score_plan, one allocation): filling its tables cost more than scoring a short file.
 * Only its acc is written while scoring, and every result has an acc of its own. NULL when out
 * of memory. */
static const sb_score_plan *S_bank_plan(const sb_bank *b)
{
	void *have = __atomic_load_n(&b->score_plan, __ATOMIC_ACQUIRE);
	if (have)
		return have;
	sb_arena ar = { 0 };
	S_plan_layout(b, &ar);
	ar.base = sb_calloc(1, ar.size);
	if (!ar.base)
		return NULL;
	ar.size = 0;
	sb_score_plan *mine = S_plan_layout(b, &ar); /* at ar.base: the first thing carved */
	S_plan_fill(b, mine);
	/* the bank is shared and const to readers; this one field is set once, atomically */
	void **slot = (void **)&b->score_plan;
	if (__atomic_compare_exchange_n(slot, &have, (void *)mine, false, __ATOMIC_ACQ_REL,
	                                __ATOMIC_ACQUIRE))
		return mine;
	sb_free(mine); /* another thread was first: have is its plan */
	return have;
}

sb_status sb_result_init(sb_result *r, const sb_bank *b)
{
	*r = (sb_result){ .style = -1, .anxiety = NAN, .avoidance = NAN };
	const sb_score_plan *shared = S_bank_plan(b);
	if (!shared)
		return SB_ERR_INTERNAL;
	/* the result's plan (the bank's, with scratch of its own) and scales, written on every row
	 * by the thread that scores: apart from the bank and another thread's result */
	sb_arena ar = { 0 };
	for (int pass = 0; pass < 2; pass++) {
		sb_score_plan *p = sb_carve(&ar, 1, sizeof *p, _Alignof(sb_score_plan));
		uint64_t *acc = sb_carve(&ar, 2 * b->n_scales + 1, sizeof *acc, _Alignof(uint64_t));
		sb_scale_result *sc = sb_carve(&ar, b->n_scales, sizeof *sc, _Alignof(sb_scale_result));
		if (pass == 0 && !(ar.base = sb_calloc_apart(1, ar.size)))
			return SB_ERR_INTERNAL;
		if (pass == 1) {
			*p = *shared;
			p->acc = acc;
			r->plan = p;
			r->scales = b->n_scales > 0 ? sc : NULL;
		}
		ar.size = 0;
	}
	r->n_scales = b->n_scales;
	return SB_OK;
}

void sb_result_free(sb_result *r)
{
	if (!r)
		return;
	sb_free_apart(r->plan); /* the scales too */
	r->scales = NULL;
	r->plan = NULL;
	r->n_scales = 0;
}

size_t sb_score_entries(const sb_bank *b, size_t scale, const double **scores)
{
	*scores = NULL;
	const sb_score_plan *p = scale < b->n_scales ? S_bank_plan(b) : NULL;
	if (!p || !p->scales[scale].tab_n)
		return 0;
	const S_pscale *ps = &p->scales[scale];
	*scores = ps->score;
	return ps->off[ps->tab_n + 1];
}

int sb_keyed(const sb_bank *b, size_t item, int v)
{
	const sb_item *it = &b->items[item];
	if (!it->reverse)
		return v;
	const sb_response_scale *rs = &b->responses[it->response];
	return rs->min + rs->max - v;
}

/* Safety items answered above their lowest response ("not sure", "yes"): any such answer puts
 * the report's safety section first (docs/scoring.md). With a plan, from its list of them (a
 * loop over every item of the bank was a third of the time of scoring a row). */
static size_t S_safety(const sb_bank *b, const sb_score_plan *p, const int *answers)
{
	size_t n = 0;
	if (p && p->bank == b) {
		for (size_t k = 0; k < b->n_safety_items; k++) {
			int v = answers[p->safety[k]];
			n += v != SB_MISSING && v > p->safety_min[k];
		}
		return n;
	}
	for (size_t i = 0; b->n_safety_items && i < b->n_items; i++)
		if (b->items[i].safety && answers[i] != SB_MISSING &&
		    answers[i] > b->responses[b->items[i].response].min)
			n++;
	return n;
}

/* The share missing over the scored items only: the safety items are optional, and skipping
 * them says nothing about how the statements were answered. Every scored item is in exactly one
 * scale, so the scales' answered counts add up to the answered scored items. */
static void S_missing_without_safety(const sb_bank *b, sb_result *r)
{
	size_t n = 0, answered = 0;
	for (size_t i = 0; i < r->n_scales; i++) {
		n += r->scales[i].n_items;
		answered += r->scales[i].answered;
	}
	sb_quality *q = &r->quality;
	q->missing_share = n > 0 ? (double)(n - answered) / (double)n : 0.0;
	q->flag_missing = q->missing_share > SB_MISSING_SHARE_MAX + S_EPS;
	(void)b;
}

void sb_score(const sb_bank *b, const int *answers, sb_result *r)
{
	sb_score_plan *p = r->plan;
	r->safety_endorsed = S_safety(b, p, answers);
	if (!(p && p->bank == b && p->fast && r->n_scales == b->n_scales &&
	      S_score_fast(b, p, answers, r)))
		S_score_direct(b, answers, r);
	if (b->n_safety_items)
		S_missing_without_safety(b, r);
}

const char *sb_quality_flag_name(int flag)
{
	static const char *const names[SB_FLAG_COUNT] = {
		[SB_FLAG_LONGSTRING] = "longstring",
		[SB_FLAG_LOW_IRV] = "low_irv",
		[SB_FLAG_INCONSISTENT] = "inconsistent",
		[SB_FLAG_MISSING] = "missing",
	};
	return flag >= 0 && flag < SB_FLAG_COUNT ? names[flag] : "";
}

bool sb_quality_flag_set(const sb_quality *q, int flag)
{
	switch (flag) {
	case SB_FLAG_LONGSTRING: return q->flag_longstring;
	case SB_FLAG_LOW_IRV: return q->flag_irv;
	case SB_FLAG_INCONSISTENT: return q->flag_inconsistent;
	case SB_FLAG_MISSING: return q->flag_missing;
	default: return false;
	}
}

bool sb_quality_unreadable(const sb_quality *q)
{
	for (int k = 0; k < SB_FLAG_COUNT; k++)
		if (sb_quality_flag_set(q, k))
			return true;
	return false;
}

size_t sb_quality_flags(const sb_quality *q, char *out, size_t size)
{
	const char *names[SB_FLAG_COUNT];
	size_t k = 0, len = 0;
	for (int f = 0; f < SB_FLAG_COUNT; f++)
		if (sb_quality_flag_set(q, f))
			names[k++] = sb_quality_flag_name(f);
	for (size_t i = 0; i < k; i++) {
		size_t m = strlen(names[i]) + (i > 0);
		/* Only whole names: a truncated flag name would read as a different flag. */
		if (len + m >= size)
			break;
		if (i > 0)
			out[len++] = ';';
		memcpy(out + len, names[i], strlen(names[i]));
		len += strlen(names[i]);
	}
	if (size > 0)
		out[len] = '\0';
	return len;
}

const char *sb_style_id(int style)
{
	static const char *const ids[SB_STYLE_COUNT] = {
		[SB_STYLE_SECURE] = "secure",
		[SB_STYLE_PREOCCUPIED] = "preoccupied",
		[SB_STYLE_DISMISSIVE] = "dismissive",
		[SB_STYLE_FEARFUL] = "fearful",
	};
	return style >= 0 && style < SB_STYLE_COUNT ? ids[style] : "";
}

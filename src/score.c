/* score.c — the scoring engine: keyed scale scores, bands, norms, attachment style and
 * response-quality indicators for one respondent. The rules are documented in docs/scoring.md. */
#include "score.h"

#include <math.h>
#include <string.h>

#include "alloc.h"

/* Absorbs binary representation error where a comparison involves a subtraction or a decimal
 * constant from the bank (0.8 of 10 items is 8 answered, a point exactly one margin from a
 * cut-off is not inside it). Scores are ratios of small integers, so no real difference is
 * this small. */
#define S_EPS 1e-9

sb_status sb_result_init(sb_result *r, const sb_bank *b)
{
	*r = (sb_result){ .style = -1, .anxiety = NAN, .avoidance = NAN };
	if (b->n_scales > 0) {
		r->scales = sb_calloc(b->n_scales, sizeof *r->scales);
		if (!r->scales)
			return SB_ERR_INTERNAL;
	}
	r->n_scales = b->n_scales;
	return SB_OK;
}

void sb_result_free(sb_result *r)
{
	if (!r)
		return;
	sb_free(r->scales);
	r->scales = NULL;
	r->n_scales = 0;
}

int sb_keyed(const sb_bank *b, size_t item, int v)
{
	const sb_item *it = &b->items[item];
	if (!it->reverse)
		return v;
	const sb_response_scale *rs = &b->responses[it->response];
	return rs->min + rs->max - v;
}

/* Standard normal CDF; erfc keeps precision in the lower tail where 1 + erf would not. */
static double S_phi(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
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
	long sum = fwd_sum + rev_sum;
	size_t answered = fwd_n + rev_n;
	size_t n = s->n_items;
	*out = (sb_scale_result){
		.answered = answered,
		.n_items = n,
		.score = NAN,
		.band = SB_NONE,
		.z = NAN,
		.t = NAN,
		.percentile = NAN,
	};
	if (fwd_n > 0 && rev_n > 0) {
		double range = (double)(rs->max - rs->min);
		double gap = fabs((double)fwd_sum / (double)fwd_n - (double)rev_sum / (double)rev_n);
		*gap_sum += gap / range;
		(*gap_n)++;
	}
	if (n == 0 || answered == 0 ||
	    (double)answered / (double)n + S_EPS < s->min_answered)
		return;
	out->scored = true;
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

static void S_style(const sb_bank *b, sb_result *r)
{
	const sb_attachment *a = &b->attachment;
	r->has_style = false;
	r->style = -1;
	r->near_boundary = false;
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
	r->near_boundary = fabs(r->anxiety - a->anxiety_cutoff) < a->margin - S_EPS ||
	                   fabs(r->avoidance - a->avoidance_cutoff) < a->margin - S_EPS;
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

static void S_quality(const sb_bank *b, const int *answers, double gap_sum, size_t gap_n,
                      sb_quality *q)
{
	size_t n = b->n_items, answered = 0, run = 0, longest = 0;
	int prev = SB_MISSING, first = 0;
	/* One pass: sums of answers shifted by the first one, which keeps the sums small and exact
	 * so the variance formula below does not cancel. */
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
	/* Sample SD (n - 1), as R's sd(). */
	double irv = NAN;
	if (answered >= 2) {
		double ss = sxx - sx * sx / (double)answered;
		irv = sqrt((ss > 0 ? ss : 0) / (double)(answered - 1));
	}
	*q = (sb_quality){
		.longstring = longest,
		.irv = irv,
		.inconsistency = gap_n > 0 ? gap_sum / (double)gap_n : NAN,
		.missing_share = n > 0 ? (double)(n - answered) / (double)n : 0.0,
	};
	q->flag_longstring = n > 0 && (double)longest >= SB_LONGSTRING_SHARE * (double)n - S_EPS;
	q->flag_irv = !isnan(irv) && irv < SB_IRV_RANGE_SHARE * S_widest_range(b) - S_EPS;
	q->flag_inconsistent = !isnan(q->inconsistency) &&
	                       q->inconsistency >= SB_INCONSISTENCY_MAX - S_EPS;
	q->flag_missing = q->missing_share > SB_MISSING_SHARE_MAX + S_EPS;
}

void sb_score(const sb_bank *b, const int *answers, sb_result *r)
{
	double gap_sum = 0;
	size_t gap_n = 0;
	size_t n = b->n_scales < r->n_scales ? b->n_scales : r->n_scales;
	for (size_t i = 0; i < n; i++)
		S_scale(b, &b->scales[i], answers, &r->scales[i], &gap_sum, &gap_n);
	S_style(b, r);
	S_quality(b, answers, gap_sum, gap_n, &r->quality);
}

size_t sb_quality_flags(const sb_quality *q, char *out, size_t size)
{
	const char *names[4];
	size_t k = 0, len = 0;
	if (q->flag_longstring)
		names[k++] = "longstring";
	if (q->flag_irv)
		names[k++] = "low_irv";
	if (q->flag_inconsistent)
		names[k++] = "inconsistent";
	if (q->flag_missing)
		names[k++] = "missing";
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

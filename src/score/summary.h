/* SPDX-License-Identifier: MIT */
/* summary.h — a streaming cohort summary: scored rows go in one at a time, memory is fixed by the
 * bank, and the result is a JSON document (its fields are documented in docs/scoring.md). */
#ifndef SB_SUMMARY_H
#define SB_SUMMARY_H

#include <stddef.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "base/error.h"
#include "score/score.h"

/* The "schema" field of the JSON; raised on any incompatible change. */
#define SB_SUMMARY_SCHEMA 2

typedef struct sb_summary sb_summary;

/* A new, empty summary for bank b (which must outlive it): SB_OK and *out, or SB_ERR_INTERNAL. */
sb_status sb_summary_new(const sb_bank *b, sb_summary **out);
void sb_summary_free(sb_summary *s);
/* The kernel that adds s's item sums: "avx2" or "sse2" (chosen when s was made: AVX2 where the
 * processor has it, unless SECUREBASE_SIMD=sse2), or "none" (each row added by itself). */
const char *sb_summary_simd(const sb_summary *s);

/* Adds one scored row: answers as given to sb_score (bank item order, SB_MISSING for none, every
 * other answer within its item's response range) and the result sb_score made of them. Allocates
 * nothing. */
void sb_summary_add(sb_summary *s, const int *answers, const sb_result *r);
/* The two halves of sb_summary_add, for scoring on several threads. sb_summary_add_exact adds
 * what is a count or an exact integer sum (rows, bands, styles, flags, scores counted by their
 * entry in the scale's table of exact scores, the keyed item values over complete cases), which
 * does not depend on the order of the rows: each thread may add its rows to a summary of its own
 * and sb_summary_absorb it into the main one at the end. sb_summary_add_ordered adds the rest, the
 * moments of the scores computed directly (outside every table), whose last bits do depend on the
 * order: add the rows in input order (those for which sb_summary_add_exact returned true are
 * enough: the others have no such score). Neither allocates. */
bool sb_summary_add_exact(sb_summary *s, const int *answers, const sb_result *r);
void sb_summary_add_ordered(sb_summary *s, const sb_result *r);
/* Adds everything of part (a summary of the same bank: counts, item sums, the scores' moments by
 * the pairwise update of Chan, Golub and LeVeque) to s and empties part. For rows scored in
 * blocks: each block's rows go into a part, the parts are absorbed in input order. The last bits
 * of the moments of scores computed directly depend on how the rows were grouped (within about
 * 1e-15 of adding them one by one); counts, item sums and scores counted by entry do not.
 * Allocates nothing. */
void sb_summary_absorb(sb_summary *s, sb_summary *part);
/* Counts a row that could not be scored; the caller reports why. */
void sb_summary_reject(sb_summary *s);
/* Counts a row whose id repeats an earlier row's (the row itself is added as usual). */
void sb_summary_duplicate_id(sb_summary *s);

/* Rows and cohort counts. read = scored + rejected. */
typedef struct {
	size_t read, scored, rejected, duplicate_ids;
	size_t styles[SB_STYLE_COUNT];
	size_t no_style;      /* scored rows without a style (bank without one, scale not scored) */
	size_t near_boundary; /* rows with a style near a cut-off */
	size_t longstring, low_irv, inconsistent, missing; /* rows with each quality flag */
	size_t any_flag;      /* rows with at least one flag */
} sb_summary_totals;
void sb_summary_get_totals(const sb_summary *s, sb_summary_totals *out);

/* One scale's score distribution over the rows in which it was scored. */
typedef struct {
	size_t n;                  /* rows in which the scale was scored */
	double mean, sd;           /* sd is the sample SD (n - 1); NAN when n == 0 (sd: n < 2) */
	double min, max;           /* NAN when n == 0 */
	const size_t *band_counts; /* one per band of the scale, in bank order */
	size_t complete;           /* rows with every item of the scale answered (alpha's cases) */
} sb_scale_summary;
void sb_summary_get_scale(const sb_summary *s, size_t scale, sb_scale_summary *out);

/* Cronbach's alpha of a scale on keyed values over its complete cases (as R's
 * psych::alpha(na.omit(items))$total$raw_alpha). alpha_drop and r_drop, when not NULL, receive
 * one value per item of the scale in presentation order: alpha if that item is dropped and the
 * corrected item-total correlation (psych's r.drop). NAN wherever a value is undefined (fewer
 * than 2 complete cases, zero variance, alpha of a single remaining item). */
double sb_summary_alpha(const sb_summary *s, size_t scale, double *alpha_drop, double *r_drop);

/* Appends the summary as a JSON document and a newline to out: SB_OK, or SB_ERR_INTERNAL when
 * memory runs out. Each scale carries its sufficient statistics ("sufficient": n, mean, m2, min,
 * max as exact decimal strings; over the complete cases, the sums of the keyed item values and of
 * their products as whole numbers), so that summaries of parts of a cohort can be merged
 * (sb_summary_merge_json). */
sb_status sb_summary_json(const sb_summary *s, sb_buf *out);

/* Adds a summary document made by sb_summary_json for the same bank (text[0..len), named name in
 * messages) to s, as if its rows had been added: counts and item sums exactly, the scores' moments
 * by the pairwise update of Chan, Golub and LeVeque. SB_OK; SB_ERR_DATA with a message when the
 * text is not such a summary (not JSON, another schema or bank, a scale or band missing, no
 * sufficient statistics, sums beyond 64 bits); SB_ERR_INTERNAL when memory runs out. s is
 * unchanged on error. */
sb_status sb_summary_merge_json(sb_summary *s, const char *text, size_t len, const char *name,
                                sb_diags *d);

#endif

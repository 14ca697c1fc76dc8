/* SPDX-License-Identifier: MIT */
/* score.h — the scoring engine: one respondent's answers in, a result out; no I/O. */
#ifndef SB_SCORE_H
#define SB_SCORE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"

typedef struct {
	bool scored;       /* answered share >= the scale's min_answered */
	double score;      /* mean or sum of keyed values; NAN when not scored */
	size_t answered;   /* items answered */
	size_t n_items;    /* items in the scale */
	size_t band;       /* index into the scale's bands, SB_NONE when not scored */
	size_t entry;      /* its entry in the scale's table of exact scores (sb_score_entries):
	                    * results with one entry have one score and band; SB_NONE when the
	                    * score was computed directly, or there is none */
	bool has_norms;    /* the bank has norms for this scale and it was scored */
	double z, t, percentile; /* z = (score - mean) / sd, T = 50 + 10z, percentile = 100 Phi(z) */
} sb_scale_result;

/* Quality thresholds; docs/scoring.md gives each definition and its source. */
#define SB_LONGSTRING_SHARE 0.5  /* flag when longstring >= half of the bank's items */
#define SB_IRV_RANGE_SHARE 0.1   /* flag when IRV < this share of the widest response range */
#define SB_INCONSISTENCY_MAX 0.5 /* flag when inconsistency >= this (a share of the range) */
#define SB_MISSING_SHARE_MAX 0.2 /* flag when more than this share of items is missing */
/* Room for the longest sb_quality_flags output and its NUL. */
#define SB_QUALITY_FLAGS_MAX 40

/* Response-quality indicators (definitions and thresholds in docs/scoring.md). They are reported,
 * never used to change scores. */
typedef struct {
	size_t longstring;      /* longest run of identical answers in presentation order */
	double irv;             /* SD of the person's raw answers (NAN with fewer than 2) */
	double inconsistency;   /* see docs/scoring.md; NAN when not computable */
	double missing_share;   /* items missing / items */
	bool flag_longstring, flag_irv, flag_inconsistent, flag_missing;
} sb_quality;

/* The response-quality flags, in their fixed output order. Their names are spelled once, in
 * sb_quality_flag_name; every output (CSV, JSONL, report JSON, summary) takes them from there. */
typedef enum {
	SB_FLAG_LONGSTRING,
	SB_FLAG_LOW_IRV,
	SB_FLAG_INCONSISTENT,
	SB_FLAG_MISSING,
	SB_FLAG_COUNT
} sb_quality_flag;
/* "longstring", "low_irv", "inconsistent", "missing"; "" outside the range. */
const char *sb_quality_flag_name(int flag);
/* Whether q has that flag set. */
bool sb_quality_flag_set(const sb_quality *q, int flag);
/* Whether the answers carry too little information to be read: any quality flag is set (a long
 * run of one answer or little variation, agreement with both a statement and its reversal, or too
 * many skipped). The person's own report then gives no band reading and no leaning. */
bool sb_quality_unreadable(const sb_quality *q);

/* What sb_score needs of a bank, precomputed by sb_result_init (opaque; see score.c). */
typedef struct sb_score_plan sb_score_plan;

typedef struct {
	sb_scale_result *scales; /* one per bank scale, bank order */
	size_t n_scales;
	bool has_style;          /* the bank has attachment scales and both were scored */
	int style;               /* SB_STYLE_*, or -1 */
	double anxiety, avoidance;
	bool near_boundary;      /* within the bank's margin of either cut-off */
	bool near_anxiety, near_avoidance; /* within the margin of that cut-off: no clear leaning on
	                                    * that dimension */
	size_t safety_endorsed;  /* safety items answered above their lowest response */
	sb_quality quality;
	/* Built by sb_result_init for its bank and freed by sb_result_free; sb_score uses it only
	 * with that bank and gives the same result without it (NULL). A result, plan included, is
	 * used by one thread at a time. */
	sb_score_plan *plan;
} sb_result;

/* Allocates r->scales and r->plan for bank b (the plan's tables are built once per bank and
 * kept with it); SB_OK or SB_ERR_INTERNAL. */
sb_status sb_result_init(sb_result *r, const sb_bank *b);
void sb_result_free(sb_result *r);

/* Scores answers (b->n_items values in bank item order, SB_MISSING for none; each value must
 * already be within the item's response range) into r, which sb_result_init prepared for b.
 * Allocates nothing. */
void sb_score(const sb_bank *b, const int *answers, sb_result *r);

/* The table of exact scores of scale `scale` of b, for counting results by their entry: its
 * number of entries, and in *scores the score of each (kept with the bank); 0 and NULL when the
 * scale has no table (or memory ran out). */
size_t sb_score_entries(const sb_bank *b, size_t scale, const double **scores);

/* Keyed value of an answer: min + max - v for reverse-keyed items. */
int sb_keyed(const sb_bank *b, size_t item, int v);

/* Names of the flags, "longstring", "low_irv", "inconsistent", "missing", joined with ';' into
 * out in that order; returns the number written. Always NUL-terminates when size > 0; a name
 * that does not fit whole is left out with those after it (SB_QUALITY_FLAGS_MAX always fits). */
size_t sb_quality_flags(const sb_quality *q, char *out, size_t size);

/* Style id as used in CSV/JSON: "secure", "preoccupied", "dismissive", "fearful"; "" for any
 * other value (no style). */
const char *sb_style_id(int style);

/* Whether scale s is scored with this many of its items answered (its min_answered share). */
bool sb_scale_enough(const sb_scale *s, size_t answered);

#endif

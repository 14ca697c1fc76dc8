/* SPDX-License-Identifier: MIT */
/* compare.h — two results side by side: a couple's two profiles, or one person's retest judged
 * with the reliable change index (Jacobson & Truax 1991). No I/O beyond reading a summary file. */
#ifndef SB_COMPARE_H
#define SB_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/lang.h"
#include "score/score.h"

typedef enum { SB_COMPARE_COUPLE, SB_COMPARE_RETEST } sb_compare_mode;

/* |RCI| at or above this is a reliable change (two-sided, p < .05). */
#define SB_RCI_CRITICAL 1.96

/* The SD and reliability of each scale in a cohort, read from a `score --summary` JSON file. */
typedef struct {
	bool present;     /* the summary has an entry for this bank scale */
	long n;           /* respondents scored on it */
	double sd;        /* NAN when the summary gives none (null) */
	double alpha;     /* Cronbach's alpha; NAN when the summary gives none (null) */
} sb_cohort_scale;

typedef struct {
	char *source;             /* the file name, for the report */
	sb_cohort_scale *scales;  /* one per bank scale, bank order */
	size_t n_scales;
} sb_cohort;

/* Parses a cohort summary (the JSON `score --summary` writes, docs/scoring.md) for bank b: its
 * schema and bank id must match, and every field used is checked for type and range; scales the
 * bank does not have are ignored. SB_OK and *out; SB_ERR_DATA with diagnostics naming the file
 * (with line and column for a JSON syntax error, else the field's path, e.g. "scales[2].sd");
 * SB_ERR_INTERNAL. */
sb_status sb_cohort_load(const char *data, size_t len, const char *name, const sb_bank *b,
                         sb_cohort **out, sb_diags *d);
/* Reads path and parses it; SB_ERR_NOINPUT when it cannot be opened or read. */
sb_status sb_cohort_load_file(const char *path, const sb_bank *b, sb_cohort **out, sb_diags *d);
void sb_cohort_free(sb_cohort *c);

/* The reliable change index (x2 - x1) / (sd * sqrt(2) * sqrt(1 - r)); NAN unless sd > 0 and
 * 0 <= r < 1 and both scores are numbers. */
double sb_rci(double x1, double x2, double sd, double r);

typedef enum {
	SB_RELIABILITY_NONE,    /* no figure: no verdict */
	SB_RELIABILITY_BANK,    /* the bank's norms (norms.sd, norms.reliability) */
	SB_RELIABILITY_SUMMARY  /* the cohort summary (sd, alpha) */
} sb_reliability_source;

typedef enum {
	SB_CHANGE_NOT_SCORED,   /* a score is missing in one of the two results: no change */
	SB_CHANGE_NO_VERDICT,   /* the change is known, but no usable reliability figure */
	SB_CHANGE_NONE,         /* |RCI| < 1.96: within measurement error */
	SB_CHANGE_IMPROVED,     /* a reliable decrease: less of what the scale measures */
	SB_CHANGE_WORSENED      /* a reliable increase */
} sb_change;

/* Why a change has no verdict (SB_CHANGE_NO_VERDICT). */
typedef enum {
	SB_NO_VERDICT_NONE,
	SB_NO_VERDICT_NO_SOURCE,       /* no reliability in the bank's norms and no summary given */
	SB_NO_VERDICT_NOT_IN_SUMMARY,  /* the summary has no entry for the scale */
	SB_NO_VERDICT_SUMMARY_NULL,    /* the summary's SD or alpha for the scale is null */
	SB_NO_VERDICT_DEGENERATE       /* SD is 0, or the reliability is 1 or below 0 */
} sb_no_verdict;

/* Ids as used in the compare JSON: "not_scored", "no_verdict", "no_reliable_change",
 * "improved", "deteriorated"; and "bank", "summary" (NULL for none); and "no_source",
 * "not_in_summary", "summary_null", "degenerate" (NULL for none). */
const char *sb_change_id(sb_change c);
const char *sb_reliability_source_id(sb_reliability_source s);
const char *sb_no_verdict_id(sb_no_verdict r);

/* Short labels the report and the JSON print, in language l: the verdict ("Reliable decrease
 * (improvement)", "Within measurement error", ...) and why there is none. */
const char *sb_change_label(sb_change c, sb_lang l);
const char *sb_no_verdict_text(sb_no_verdict r, sb_lang l);

/* One scale across the two results. */
typedef struct {
	bool both_scored;
	double diff;                  /* second - first; NAN unless both_scored */
	/* retest only: */
	sb_reliability_source source;
	double sd, reliability;       /* the figures used; NAN when none */
	double se_diff;               /* sd * sqrt(2) * sqrt(1 - r); NAN when none */
	double rci;                   /* NAN without a verdict */
	sb_change change;
	sb_no_verdict no_verdict;
} sb_scale_change;

/* A couple pattern that fits the two profiles. role[c][p]: partner p (0 first, 1 second) takes
 * condition c in some way of matching, so condition c's starters are for p. */
typedef struct {
	size_t pattern;               /* index into bank->couple_patterns */
	bool role[2][2];
	/* starters[c][p]: condition c's starters are given to partner p. Decided once, so each
	 * partner gets one coherent set: a partner who takes both sides of a two-sided pattern
	 * (high on both anxiety and avoidance, say) is asked neither "not to chase" nor "to take
	 * time alone", only the pattern's shared starters; and no one gets a side's starters
	 * where a safety item was endorsed. */
	bool starters[2][2];
} sb_pattern_match;

/* A scale one of the two results could not score. */
typedef struct {
	int who;                      /* 0 first, 1 second */
	size_t scale;                 /* index into bank->scales */
} sb_unscored_scale;

typedef struct {
	sb_compare_mode mode;
	const sb_bank *bank;
	const sb_result *r[2];        /* borrowed: first and second */
	sb_scale_change *scales;      /* one per bank scale, bank order */
	size_t n_scales;
	size_t *order;                /* scale indexes by |diff|, largest first; unscored last */
	sb_pattern_match *matches;    /* couple mode: bank order */
	size_t n_matches;
	bool any_no_verdict;          /* retest: a scale scored twice has no verdict */
	bool both_styles;             /* both results have an attachment style */
	bool style_moved;             /* both_styles and the two styles differ */
	bool seek_help;               /* the professional-help section belongs up front */
	char *summary_source;         /* the summary's name, when one was used (owned) */
	size_t *steps;                /* couple: the steps the matches suggest, each once, in the
	                               * order first suggested; without the with_partner ones when
	                               * safety_endorsed */
	size_t n_steps;
	sb_unscored_scale *unscored;  /* first's unscored scales in bank order, then second's */
	size_t n_unscored;
	size_t safety_endorsed[2];    /* each result's endorsed safety items */
} sb_compare;

/* Compares first and second (both scored for bank b); summary may be NULL. The results must
 * outlive the comparison. SB_OK and *out, or SB_ERR_INTERNAL. */
sb_status sb_compare_run(const sb_bank *b, sb_compare_mode mode, const sb_result *first,
                         const sb_result *second, const sb_cohort *summary, sb_compare **out,
                         sb_diags *d);
void sb_compare_free(sb_compare *c);

/* Whether result r meets condition c of one of b's couple patterns. */
bool sb_couple_condition_met(const sb_bank *b, const sb_couple_condition *c, const sb_result *r);

/* Whether either result endorsed a safety item: then no sentence or step for a partner. */
bool sb_compare_safety_endorsed(const sb_compare *c);
/* Whether the safety section goes first: after an endorsement, where the reader may see it (the
 * counsellor's copy, or a retest, one person's own). A couple report both partners read never
 * shows whether, or who, endorsed one: the partner reading it may be the one it is about. */
bool sb_compare_safety_first(const sb_compare *c, bool counsellor);

/* Whether the report explains row p's attachment leaning in words: each leaning present once,
 * and in a retest that moved only the later one (where the person is now). */
bool sb_compare_explains_style(const sb_compare *c, int p);

/* The version tag of the compare JSON. */
#define SB_COMPARE_SCHEMA "securebase-compare/1"

/* "couple" or "retest"; and the parser for --mode (0 or -1). */
const char *sb_compare_mode_id(sb_compare_mode m);
int sb_compare_mode_parse(const char *s, sb_compare_mode *out);

#endif

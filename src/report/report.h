/* SPDX-License-Identifier: MIT */
/* report.h — the report builder: bank + result + audience + language in, a document model out;
 * and the report JSON (scores, style, flags and the texts chosen) for `--format json`. */
#ifndef SB_REPORT_H
#define SB_REPORT_H

#include <stdbool.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "report/doc.h"
#include "base/error.h"
#include "base/lang.h"
#include "score/score.h"

/* Who reads the report: the person who answered (every text, scale by scale), or their
 * counsellor: a compact copy (aiming at 4 A4 pages) with the same overview and choices, each scale
 * as one table row, then every answer, the response-quality indicators, the scoring rules and a
 * notes area. */
typedef enum { SB_AUDIENCE_SELF, SB_AUDIENCE_COUNSELLOR } sb_audience;

typedef struct {
	sb_lang lang;
	sb_audience audience;
	const char *respondent; /* the respondent's id, or NULL */
	const char *date;       /* ISO date given by the caller (the core never reads the clock) */
} sb_report_opts;

/* The version tag of the report JSON (docs/report-json.md). */
#define SB_REPORT_SCHEMA "securebase-report/1"

/* Parses "self" / "counsellor" (also "counselor"); 0 or -1. */
int sb_audience_parse(const char *s, sb_audience *out);
/* "self" or "counsellor". */
const char *sb_audience_id(sb_audience a);

/* Builds the report for one respondent. answers holds b->n_items values in bank item order
 * (SB_MISSING for none), as scored into r; it may be NULL for the self audience only. SB_OK and
 * *out (free with sb_doc_free); otherwise *out is NULL and: SB_ERR_USAGE when r or answers do not
 * fit the bank, SB_ERR_INTERNAL on allocation failure, with a message in d. */
sb_status sb_report_build(const sb_bank *b, const sb_result *r, const int *answers,
                          const sb_report_opts *o, sb_doc **out, sb_diags *d);

/* Appends the report JSON (schema SB_REPORT_SCHEMA, one object and a newline) to out. The same
 * choices as sb_report_build: the texts it lists are the ones the document shows. Statuses as for
 * sb_report_build. */
sb_status sb_report_json(const sb_bank *b, const sb_result *r, const int *answers,
                         const sb_report_opts *o, sb_buf *out, sb_diags *d);

/* A score as reports print it: 2 decimals, rounded half away from zero as `score` writes it
 * (numfmt.h), "." as the separator; "" for NaN. */
void sb_report_score_text(double v, char *out, size_t size);

#endif

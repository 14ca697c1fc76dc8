/* SPDX-License-Identifier: MIT */
/* compare_report.h — the comparison report (report layer): what it is built from besides the
 * comparison that score/compare.h makes, and its two builders, the document and the JSON. */
#ifndef SB_COMPARE_REPORT_H
#define SB_COMPARE_REPORT_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/lang.h"
#include "report/doc.h"
#include "report/report.h"
#include "score/compare.h"

/* What the report is built from besides the comparison. */
typedef struct {
	sb_lang lang;
	sb_audience audience;         /* counsellor: adds both rows' answers item by item, their
	                               * response quality and (retest) the reliable-change figures */
	const char *id[2];            /* the two rows' ids */
	const int *answers[2];        /* bank->n_items raw answers each (SB_MISSING for none);
	                               * required for the counsellor audience, else may be NULL */
	const char *date;             /* ISO date of the report, or NULL */
	bool consent;                 /* couple: both partners agreed to share (--consent); the
	                               * report records it */
} sb_compare_opts;

/* Builds the comparison report as a document (every format renders it). SB_OK and *out; else
 * *out is NULL and SB_ERR_USAGE (the counsellor audience without answers) or SB_ERR_INTERNAL,
 * with a diagnostic. */
sb_status sb_compare_build(const sb_compare *c, const sb_compare_opts *o, sb_doc **out,
                           sb_diags *d);
/* Appends the compare JSON (schema SB_COMPARE_SCHEMA, docs/report-json.md "Compare"; one object
 * and a newline) to out, with the same choices as sb_compare_build. Statuses as for it. */
sb_status sb_compare_json(const sb_compare *c, const sb_compare_opts *o, sb_buf *out,
                          sb_diags *d);

#endif

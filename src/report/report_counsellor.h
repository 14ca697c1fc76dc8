/* SPDX-License-Identifier: MIT */
/* report_counsellor.h — private to report.c: the counsellor's appendix of the single report
 * (report_counsellor.c). */
#ifndef SB_REPORT_COUNSELLOR_H
#define SB_REPORT_COUNSELLOR_H

#include <stdbool.h>

#include "bank/bank.h"
#include "base/lang.h"
#include "report/doc.h"
#include "score/score.h"

/* "For the counsellor" (level-1 heading): the response-quality indicators, their thresholds and
 * definitions; the missing items; the scoring rules with the bank's numbers; every answer with
 * its keyed value; the notes area. answers: the row's raw answers in bank item order. False
 * when out of memory (the document may then be incomplete). */
bool sb_report_counsellor(sb_doc *d, const sb_bank *b, const sb_result *r, const int *answers,
                          sb_lang l);

#endif

/* SPDX-License-Identifier: MIT */
/* report_parts.h — report sections and pieces that more than one builder shows (the single
 * report, the comparison report and their JSON), so both say the same thing in the same words. */
#ifndef SB_REPORT_PARTS_H
#define SB_REPORT_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "report/doc.h"
#include "base/labels.h"
#include "base/lang.h"
#include "score/score.h"

/* "When and how to seek professional help" (level-1 heading): the bank's professional_help (as an
 * alert when up_front), its local_help when not empty, and its emergency text. */
void sb_report_help_section(sb_doc *d, const sb_bank *b, sb_lang l, bool up_front);
/* "When the unease is about the relationship itself" (level-1 heading), in every report: when
 * endorsed (safety items answered above "no") first an alert, the bank's safety_endorsed text for
 * the person or a flag for the counsellor; then the bank's safety and safety_help texts and its
 * emergency text. A bank without the optional texts still gets the heading and emergency text. */
void sb_report_safety_section(sb_doc *d, const sb_bank *b, sb_lang l, size_t endorsed,
                              bool counsellor);
/* The "Scale" cell of item i in the item tables: its scale's name, or "Safety (not scored)". */
const char *sb_report_item_group(const sb_bank *b, size_t i, sb_lang l);
/* One step of the catalogue in full: its title as a heading of the given level, its summary and
 * its actions as a list. */
void sb_report_step(sb_doc *d, const sb_bank *b, size_t step, sb_lang l, int level);

/* One of the bank's optional interpretive texts (texts.unreadable, near_boundary, ...) in l, or,
 * when the bank leaves it out, the compiled-in sentence fallback says the same with. */
const char *sb_report_bank_text(const sb_text *t, sb_lang l, sb_label fallback);

/* A number as short as it can be written: 1, 7, 3.5, 0.25. */
void sb_report_num(double v, char *out, size_t size);
/* A share 0..1 as a percentage without the sign: 80, 66.7. */
void sb_report_pct(double share, char *out, size_t size);

/* The band result r's scale fell in, or NULL when the scale was not scored. */
const sb_band *sb_report_band(const sb_bank *b, const sb_result *r, size_t scale);
/* Why scale i of r was not scored ("answered 5 of 8 items, fewer than the required 80%"). */
void sb_unscored_reason(const sb_bank *b, const sb_result *r, size_t i, sb_lang l, char *out,
                        size_t size);
/* "Title · version 1.0", the footer of every page. The text lives in tmp (see sb_buf_fmt). */
const char *sb_report_footer(sb_buf *tmp, const sb_bank *b, sb_lang l);

/* The attachment chart: the bank's axes, cut-offs and region names, and one point per result
 * (n of them, labelled labels[k]). NULL when out of memory. */
sb_style_chart *sb_report_style_chart(const sb_bank *b, sb_lang l, const sb_result *const *r,
                                      const char *const *labels, size_t n);
/* The chart of all scales: one bar per scale with its bands, and one series per result (n of
 * them, at most 2), labelled labels[k] when labels is not NULL. NULL when out of memory. */
sb_profile_chart *sb_report_profile_chart(const sb_bank *b, sb_lang l, const sb_result *const *r,
                                          const char *const *labels, size_t n);

/* One response-quality indicator as the counsellor's tables show it (k from 0 to
 * SB_QUALITY_ROWS - 1: longstring, IRV, inconsistency, missing share). */
#define SB_QUALITY_ROWS 4
typedef struct {
	const char *name;  /* the indicator's name */
	char value[48];    /* its value in q: "12", "0.84", "—", "20%" */
	char limit[48];    /* when the engine flags it: "≥ 12", "< 0.30", ... */
	bool flagged;
} sb_quality_row;
void sb_report_quality_row(const sb_bank *b, const sb_quality *q, int k, sb_lang l,
                           sb_quality_row *row);

/* "A closing note" (level-1 heading) and the bank's closing text. */
void sb_report_closing(sb_doc *d, const sb_bank *b, sb_lang l);
/* The counsellor's notes (level-2 heading): a writing area, then lines for name and date. */
void sb_report_notes(sb_doc *d, sb_lang l);

#endif

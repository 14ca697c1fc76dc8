/* SPDX-License-Identifier: MIT */
/* rows.h — scored rows as `score` writes them: CSV rows (docs/csv-output.md), JSON Lines records
 * and the rejects file's rows. Library code: it only appends to buffers. */
#ifndef SB_ROWS_H
#define SB_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "base/error.h"
#include "data/answers.h"
#include "score/score.h"

typedef struct sb_rows sb_rows;

typedef struct {
	bool jsonl;               /* JSON Lines with unrounded scores, else CSV */
	bool record;              /* instead: sb_statfile_record's records (score --format sav|dta) */
	int decimals;             /* decimals of CSV scores, 0 to SB_DECIMALS_MAX */
	const char *const *keep;  /* input columns copied to the output (names), in order */
	size_t n_keep;
	bool no_formula_guard;    /* ids and kept cells exactly as read (--no-formula-guard) */
} sb_rows_opts;

/* Makes the texts every row needs once (band and style ids, "/<items>"). o and b must outlive
 * the result. SB_OK, or SB_ERR_INTERNAL when memory runs out. */
sb_status sb_rows_new(const sb_bank *b, const sb_rows_opts *o, sb_rows **out);
void sb_rows_free(sb_rows *f);
/* Appends the CSV header line (id, kept columns, per scale <scale>, <scale>_band,
 * <scale>_answered, <scale>_answered_n, <scale>_items, then style and flags); nothing for JSON
 * Lines and records. */
void sb_rows_header(const sb_rows *f, sb_buf *out);
/* Appends one scored row; 0, or -1 when memory runs out (out->failed may then be set). Safe to
 * call from several threads at once on different buffers. */
int sb_rows_append(const sb_rows *f, sb_buf *out, const sb_answer_row *row, const sb_result *res);

/* Appends the rejects file's line for a rejected row: "row,column,reason,record\n", reason and
 * record as guarded CSV cells (a NUL in the record becomes U+FFFD). */
void sb_rows_reject(sb_buf *out, const sb_answer_row *row, const char *reason);
/* Appends s[0..n) as one CSV cell, quoted where needed, guarded against formulas when guard. */
void sb_rows_cell(sb_buf *out, const char *s, size_t n, bool guard);
/* Appends s[0..n) with every invalid UTF-8 sequence replaced by U+FFFD. */
void sb_rows_utf8_clean(sb_buf *out, const char *s, size_t n);

#endif

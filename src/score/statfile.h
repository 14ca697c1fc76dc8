/* SPDX-License-Identifier: MIT */
/* statfile.h — scored rows as an SPSS (.sav) or Stata (.dta) data file, through libreadstat
 * (docs/csv-output.md, "SPSS and Stata"). Both formats need the number of rows and the width of
 * every string column before the first row, so `score` writes each scored row as a compact
 * record (sb_statfile_record) to a temporary file while it streams, and sb_statfile_write reads
 * that file twice (widths, then rows): memory does not grow with the rows. Library code: it writes
 * through a callback and prints nothing. */
#ifndef SB_STATFILE_H
#define SB_STATFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/lang.h"
#include "data/answers.h"
#include "score/score.h"

typedef enum { SB_STAT_SAV, SB_STAT_DTA } sb_statfmt;

/* Stata's variable names: at most 32 bytes (SPSS allows 64; the same names serve both). */
#define SB_STAT_NAME_MAX 32

/* Whether this build writes .sav and .dta (built with libreadstat). */
bool sb_statfile_available(void);

/* Appends row's record (id, kept cells, per scale score, band, counts, then style and flags) to
 * out; 0, or -1 when memory runs out. Ids and kept cells are made valid UTF-8 without NUL bytes
 * (U+FFFD stands in). Safe to call from several threads at once on different buffers. */
int sb_statfile_record(const sb_bank *b, sb_buf *out, const sb_answer_row *row,
                       const sb_result *res);

/* Writes bytes to the output; returns n, or -1 on failure (then writing stops). */
typedef ssize_t (*sb_stat_sink)(const void *data, size_t n, void *ctx);

typedef struct {
	sb_statfmt format;
	sb_lang lang;                 /* language of variable and value labels */
	const char *in_name;          /* the input's name, for messages */
	const char *const *keep;      /* kept columns' names (as in the records), in order */
	size_t n_keep;
	sb_stat_sink sink;
	void *sink_ctx;
} sb_statfile_opts;

/* The variable name of a column name: [A-Za-z0-9_] only (others become '_'), starting with a
 * letter (else a leading 'v'), at most SB_STAT_NAME_MAX bytes, and not a reserved word of SPSS
 * or Stata (else a trailing '_'). used holds the n_used names given so far (compared ignoring
 * case): a repeated name ends in _2, _3, ... instead. out has room for SB_STAT_NAME_MAX + 1. */
void sb_statfile_name(const char *column, char *out, const char (*used)[SB_STAT_NAME_MAX + 1],
                      size_t n_used);

/* Reads the records in spill (from its start) and writes the data file through o->sink: one row
 * per record, columns as in the CSV output. SB_OK; SB_ERR_DATA when an id or kept cell is longer
 * than the format holds (32,767 bytes in .sav, 2,045 in .dta); SB_ERR_IO when the spill cannot
 * be read or the sink fails; SB_ERR_INTERNAL when memory runs out. Problems go into d. */
sb_status sb_statfile_write(const sb_bank *b, const sb_statfile_opts *o, FILE *spill,
                            sb_diags *d);

#endif

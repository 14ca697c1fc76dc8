/* SPDX-License-Identifier: MIT */
/* pipeline.h — `score`'s streaming engine: rows are read, checked, scored and formatted in blocks
 * on two threads, and handed back in input order, so memory stays fixed and the output is the
 * same as on one thread. The caller writes each block's text and reports its rejected rows and
 * repeated ids (library code prints nothing).
 *
 * A regular UTF-8 file without a summary is cut into blocks of raw records (128 KiB; the
 * environment variable SECUREBASE_BLOCK=BYTES sets another size, for tests) that both threads
 * parse, score and format in full; anything else, and the rest of a file whose records cannot be
 * cut for certain, goes in batches of rows read on one thread (see pipeline.c). */
#ifndef SB_PIPELINE_H
#define SB_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/error.h"
#include "data/answers.h"
#include "data/idcheck.h"
#include "score/rows.h"
#include "score/summary.h"

typedef struct sb_pipeline sb_pipeline;

typedef struct {
	const sb_bank *b;       /* the bank the reader was opened with */
	sb_answers *a;          /* the open reader; the pipeline reads it to the end */
	const sb_rows *rows;    /* the row format */
	size_t n_keep;          /* kept columns per row (as the reader was opened with) */
	sb_summary *summary;    /* takes every scored row in input order, or NULL */
	sb_idcheck *ids;        /* takes the id of every scored row, or NULL */
	bool threaded;          /* false: everything on the calling thread */
} sb_pipeline_opts;

/* One block of rows, in input order. */
typedef struct {
	size_t n;               /* rows in the block (scored and rejected) */
	size_t n_rejected;      /* of which rejected */
	const char *text;       /* the formatted scores of its good rows */
	size_t len;
	bool failed;            /* memory ran out while formatting: text is incomplete */
	bool last;              /* nothing follows */
	bool flush;             /* the input would block after this block: write it out now */
	unsigned long long bytes_read; /* input bytes read up to the end of this block (progress) */
	sb_status status;       /* with last: SB_OK at the end of input, else why reading stopped
	                         * (sb_pipeline_diags says more; none for SB_ERR_INTERNAL: memory;
	                         * SB_ERR_IO also when the id check's temporary file failed) */
} sb_rowblock;

/* SB_OK, or SB_ERR_INTERNAL when memory runs out. o->a and o->rows must outlive the pipeline. */
sb_status sb_pipeline_new(const sb_pipeline_opts *o, sb_pipeline **out);
/* The next block; valid until sb_pipeline_done. Call until a block is last. */
const sb_rowblock *sb_pipeline_next(sb_pipeline *p);
/* Row i of the current block as the reader gave it (kind, row number, id, duplicate_of, reject
 * fields, values, kept); valid until the next call. For a block of raw records, only a rejected
 * row is given in full: of a scored row, only its kind. */
void sb_pipeline_row(sb_pipeline *p, size_t i, sb_answer_row *row);
/* Hands the current block back. */
void sb_pipeline_done(sb_pipeline *p);
/* The reader's problems (complete once a last block has been taken). */
const sb_diags *sb_pipeline_diags(const sb_pipeline *p);
/* Stops the second thread (if any) and frees everything. NULL is allowed. */
void sb_pipeline_free(sb_pipeline *p);

#endif

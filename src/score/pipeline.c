/* SPDX-License-Identifier: MIT */
/* pipeline.c — two ways to run `score` on two threads, with the same output as one thread (but
 * for the last bits of a summary's moments of scores computed directly, in blocks).
 *
 * Blocks (a regular UTF-8 file): the input is cut into blocks of raw records at
 * record boundaries that are certain (sb_answers_take: a quoted field may hold line feeds), and
 * both threads do the full work on whichever block comes next: parse, check, score and format
 * it, with a reader of their own (sb_answers_worker) that numbers rows from the block's start.
 * The calling thread takes the blocks in input order, adds the block's first row number to its
 * rows, feeds their ids to the id check in row order and hands the block to the caller. With a
 * summary, what is exact (counts, item sums: sb_summary_add_exact) goes into a summary of the
 * thread's own, which stays in that core's cache, absorbed after the last block; the moments of
 * scores computed directly go into a summary of the block's own, and the calling thread absorbs
 * the blocks' summaries in input order (sb_summary_absorb: those moments then agree with one
 * thread's to about 1e-15). When no certain boundary can be found, the rest of the input is
 * read in batches on the calling thread.
 *
 * Batches (otherwise): reading and checking rows (the CSV reader, the value rule, the id set) runs on a
 * second thread, a few batches of rows ahead. When it is that far ahead it scores and formats
 * waiting batches too, so both cores share the work; the caller takes the batches in input order
 * and writes them, along with every message, count and rejected row, so the output is the same as
 * on one thread. Rows are copied into batches because the reader's pointers last only until its
 * next row; the ring of batches keeps memory fixed. With a summary, both threads still score:
 * each adds what is exact of its rows to a summary of its own (counts and integer sums, in any
 * order), each row's result is kept in its batch, and the calling thread adds the rest of each
 * row (the moments of scores computed directly, whose last bits depend on the order) in input
 * order when it takes the batch, so the summary is the same as on one thread. */
#include "score/pipeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "score/score.h"

#define S_BATCH_ROWS 256
#define S_BATCHES 4
#define S_BLOCK_BYTES (128u * 1024) /* raw input per block (SECUREBASE_BLOCK: another size) */
#define S_BLOCKS 4

typedef struct {
	sb_answer_kind kind;
	long row, duplicate_of, column;
	const char *column_name; /* the reader's header name: valid until it is closed */
	bool record_truncated;
	size_t id, id_len, kept, record, record_len, reason; /* offsets into the batch's bytes */
} S_qrow;

typedef enum { S_FREE, S_FILLED, S_FORMATTING, S_READY } S_batch_state;

typedef struct {
	S_batch_state state;
	S_qrow *rows;     /* room for `room` rows (up to S_BATCH_ROWS) */
	size_t n, n_rejected;
	int *values;      /* room rows of n_items answers */
	size_t room;
	sb_buf bytes;     /* ids, kept fields (each NUL-terminated), reasons, records */
	sb_buf out;       /* the formatted rows */
	sb_result *res;   /* with a summary: each row's result (its scales in res_scales) */
	sb_scale_result *res_scales;
	bool out_failed;  /* formatting ran out of memory */
	bool last;        /* the reader has nothing after this batch */
	bool flush;       /* cut short: the input would block (a live filter writes it out now) */
	sb_status status; /* with last: SB_OK at the end of input, else why reading stopped */
	unsigned long long bytes_read; /* input consumed when the batch was filled (progress) */
} S_batch;

/* What a thread needs of its own to score and format. */
typedef struct {
	sb_result res;
	const char **kept;
	size_t *kept_len;
	sb_summary *exact; /* with a summary: the counts and item sums of the rows this thread scored */
} S_worker;

/* A good row of a block: its row (from the block's start) and id, for the id check. */
typedef struct {
	long row;
	size_t id, id_len; /* into ids */
} S_brow;

/* A rejected row of a block, and where it is among the block's rows. */
typedef struct {
	size_t at;
	S_qrow r;
} S_brej;

typedef enum { S_BK_FREE, S_BK_BUSY, S_BK_READY } S_block_state;

typedef struct {
	S_block_state state;
	char *in;                 /* the raw records */
	size_t in_cap, in_len;
	bool eof;                 /* the last block of the input */
	sb_status status;         /* SB_OK, or why reading stopped here */
	unsigned long long bytes_read;
	size_t n, n_rejected;
	long lines;               /* line feeds in the block: the next block's first row, relative */
	sb_buf out;
	bool out_failed;
	S_brow *rows;             /* good rows, when ids are checked */
	size_t n_rows, rows_cap;
	sb_buf ids;
	S_brej *rej;
	size_t n_rej, rej_cap;
	sb_buf rej_bytes;         /* ids, reasons and records of the rejected rows */
	sb_summary *sum;          /* with a summary: the block's moments, absorbed in order */
	/* Blocks are written by both threads at once, one each: without this, the per-row fields
	 * of one and the next (their counts, the summary's pointer) shared cache lines, each write
	 * took the line from the other core, and --summary took 8-10% longer. */
	char apart[SB_APART];
} S_block;

/* A thread's own reader and result for blocks, and with a summary the counts and item sums of the
 * rows it scored (exact, in any order: absorbed once, after the last block). */
typedef struct {
	sb_answers *a;
	sb_result res;
	sb_summary *exact;
	sb_diags d;
	char apart[SB_APART]; /* the two workers apart, as the blocks */
} S_bworker;

struct sb_pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	S_batch batch[S_BATCHES];
	unsigned long produced, consumed;
	bool stop;            /* the caller gave up: the reader stops too */
	bool threaded;
	bool reader_started;
	bool reader_formats;  /* the reader may score and format batches */
	pthread_t reader;
	const sb_bank *b;
	const sb_rows *fmt;
	sb_summary *summary;
	sb_idcheck *ids;
	sb_answers *a;
	size_t n_items, n_keep;
	sb_diags d;           /* the reader's problems, read after it has finished */
	S_worker main_w, reader_w;
	sb_rowblock block;       /* the caller's view of its current batch */
	/* blocks */
	bool blocks;          /* in block mode (until the input ends or cannot be cut) */
	bool cur_block;       /* the caller's current block is a block, not a batch */
	bool in_end;          /* no more blocks will be taken */
	bool fallback;        /* the rest of the input is read in batches */
	bool helper_started;
	pthread_t helper;
	size_t block_bytes;
	long base;            /* row number of the next block's first line */
	char apart[SB_APART]; /* the calling thread's fields apart from the blocks */
	S_block blk[S_BLOCKS];
	S_bworker bw[2];      /* [0] the calling thread's, [1] the helper's */
};

/* Room for more rows in b: 16 rows at first, doubling up to S_BATCH_ROWS, so a short input does
 * not allocate (and, under a sanitizer, map and clear) four batches of a full size. 0 or -1. */
static int S_grow_batch(const sb_pipeline *q, S_batch *b)
{
	size_t room = b->room ? 2 * b->room : 16;
	if (room > S_BATCH_ROWS)
		room = S_BATCH_ROWS;
	S_qrow *r = sb_realloc(b->rows, room * sizeof *r);
	if (r)
		b->rows = r;
	int *v = r ? sb_realloc(b->values, room * (q->n_items ? q->n_items : 1) * sizeof *v) : NULL;
	if (!v)
		return -1;
	b->values = v;
	b->room = room;
	return 0;
}

/* Fills b with the next rows; 0, or -1 when memory for the copies runs out. */
static int S_fill_batch(sb_pipeline *q, S_batch *b)
{
	b->n = b->n_rejected = 0;
	b->bytes.len = 0;
	sb_buf_reset(&b->out);
	b->out_failed = false;
	b->last = false;
	b->flush = false;
	b->status = SB_OK;
	while (b->n < S_BATCH_ROWS) {
		if (b->n && !sb_answers_ready(q->a)) {
			b->flush = true;
			break;
		}
		sb_answer_row row;
		sb_status st = sb_answers_next(q->a, &row, &q->d);
		if (st != SB_OK || row.kind == SB_ANSWER_END) {
			b->last = true;
			b->status = st;
			break;
		}
		if (b->n == b->room && S_grow_batch(q, b) != 0)
			return -1;
		S_qrow *r = &b->rows[b->n];
		sb_buf *by = &b->bytes;
		*r = (S_qrow){
			.kind = row.kind, .row = row.row, .duplicate_of = row.duplicate_of,
			.column = row.column, .column_name = row.column_name,
			.record_truncated = row.record_truncated, .id_len = row.id_len,
		};
		r->id = by->len;
		sb_buf_put(by, row.id, row.id_len);
		sb_buf_putc(by, '\0');
		r->kept = by->len;
		for (size_t k = 0; k < row.n_kept; k++) {
			sb_buf_put(by, row.kept[k], row.kept_len[k]);
			sb_buf_putc(by, '\0');
		}
		if (row.kind == SB_ANSWER_REJECT) {
			r->reason = by->len;
			sb_buf_puts(by, row.reason);
			sb_buf_putc(by, '\0');
			r->record = by->len;
			r->record_len = row.record_len;
			sb_buf_put(by, row.record, row.record_len);
		}
		if (by->failed)
			return -1;
		if (q->ids && row.kind == SB_ANSWER_ROW &&
		    (st = sb_idcheck_add(q->ids, row.id, row.id_len, row.row, &q->d)) != SB_OK) {
			b->last = true;
			b->status = st;
			break;
		}
		memcpy(b->values + b->n * q->n_items, row.values, q->n_items * sizeof *row.values);
		b->n_rejected += row.kind == SB_ANSWER_REJECT;
		b->n++;
	}
	b->bytes_read = sb_answers_bytes_read(q->a);
	return 0;
}

/* A queued row seen as the reader handed it out; w holds its kept pointers. */
static void S_view(const sb_pipeline *q, const S_batch *b, size_t i, sb_answer_row *row,
                   S_worker *w)
{
	const S_qrow *r = &b->rows[i];
	const char *by = b->bytes.data;
	const char *k = by + r->kept;
	for (size_t j = 0; j < q->n_keep; j++) {
		w->kept[j] = k;
		w->kept_len[j] = strlen(k); /* kept fields hold no NUL: the CSV reader rejects them */
		k += w->kept_len[j] + 1;
	}
	*row = (sb_answer_row){
		.kind = r->kind, .row = r->row, .duplicate_of = r->duplicate_of, .column = r->column,
		.column_name = r->column_name, .record_truncated = r->record_truncated,
		.id = by + r->id, .id_len = r->id_len,
		.values = b->values + i * q->n_items,
		.kept = w->kept, .kept_len = w->kept_len, .n_kept = q->n_keep,
		.reason = r->kind == SB_ANSWER_REJECT ? by + r->reason : NULL,
		.record = r->kind == SB_ANSWER_REJECT ? by + r->record : NULL,
		.record_len = r->record_len,
	};
}

/* Scores and formats every good row of b into b->out (on either thread); with a summary, keeps
 * each row's result in b for it. */
static void S_format_batch(const sb_pipeline *q, S_batch *b, S_worker *w)
{
	for (size_t i = 0; i < b->n && !b->out_failed; i++) {
		if (b->rows[i].kind != SB_ANSWER_ROW)
			continue;
		sb_answer_row row;
		S_view(q, b, i, &row, w);
		sb_score(q->b, row.values, &w->res);
		if (sb_rows_append(q->fmt, &b->out, &row, &w->res) != 0)
			b->out_failed = true;
		if (b->res) {
			sb_summary_add_exact(w->exact, row.values, &w->res);
			size_t ns = q->b->n_scales;
			b->res[i] = w->res;
			b->res[i].plan = NULL;
			b->res[i].scales = b->res_scales + i * ns;
			memcpy(b->res[i].scales, w->res.scales, ns * sizeof *w->res.scales);
		}
	}
}

/* The calling thread, in input order: the batch's scored rows into the summary (what is exact of
 * them went into the thread's own summary as they were scored); after the last batch, when both
 * threads have scored every row, the threads' summaries too. */
static void S_summarise(sb_pipeline *q, const S_batch *b)
{
	for (size_t i = 0; i < b->n && !b->out_failed; i++)
		if (b->rows[i].kind == SB_ANSWER_ROW)
			sb_summary_add_ordered(q->summary, &b->res[i]);
	if (b->last) {
		sb_summary_absorb(q->summary, q->main_w.exact);
		if (q->reader_w.exact) /* only with a reader thread */
			sb_summary_absorb(q->summary, q->reader_w.exact);
	}
}

/* For the reader: the newest batch waiting to be formatted, leaving the oldest (the one the
 * calling thread takes next) to that thread so that it never waits on the reader; NULL when there
 * is none. Called with the lock held. */
static S_batch *S_filled(sb_pipeline *q)
{
	for (unsigned long k = q->produced; k > q->consumed + 1; k--)
		if (q->batch[(k - 1) % S_BATCHES].state == S_FILLED)
			return &q->batch[(k - 1) % S_BATCHES];
	return NULL;
}

static void *S_reader(void *arg)
{
	sb_pipeline *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		if (q->stop)
			break;
		if (q->produced - q->consumed < S_BATCHES) {
			S_batch *b = &q->batch[q->produced % S_BATCHES];
			pthread_mutex_unlock(&q->mu);
			if (S_fill_batch(q, b) != 0) {
				b->last = true;
				b->status = SB_ERR_INTERNAL;
			}
			pthread_mutex_lock(&q->mu);
			b->state = S_FILLED;
			q->produced++;
			pthread_cond_broadcast(&q->cv);
			if (b->last)
				break;
			continue;
		}
		/* far enough ahead: help with the scoring */
		S_batch *b = q->reader_formats ? S_filled(q) : NULL;
		if (!b) {
			pthread_cond_wait(&q->cv, &q->mu);
			continue;
		}
		b->state = S_FORMATTING;
		pthread_mutex_unlock(&q->mu);
		S_format_batch(q, b, &q->reader_w);
		pthread_mutex_lock(&q->mu);
		b->state = S_READY;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* The next batch in input order, scored and formatted (by whichever thread got to it). */
static S_batch *S_take(sb_pipeline *q)
{
	S_batch *b = &q->batch[q->consumed % S_BATCHES];
	if (!q->threaded) {
		if (S_fill_batch(q, b) != 0) {
			b->last = true;
			b->status = SB_ERR_INTERNAL;
		}
		S_format_batch(q, b, &q->main_w);
		if (q->summary)
			S_summarise(q, b);
		return b;
	}
	pthread_mutex_lock(&q->mu);
	for (;;) {
		if (q->produced > q->consumed && b->state == S_FILLED) {
			b->state = S_FORMATTING;
			pthread_mutex_unlock(&q->mu);
			S_format_batch(q, b, &q->main_w);
			pthread_mutex_lock(&q->mu);
			b->state = S_READY;
		}
		if (q->produced > q->consumed && b->state == S_READY)
			break;
		pthread_cond_wait(&q->cv, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	if (q->summary)
		S_summarise(q, b);
	return b;
}

/* --- blocks --------------------------------------------------------------------------------- */

/* Takes the next block of input into a free slot (with the lock held; the input is read by one
 * thread at a time this way, in order). NULL when there is no free slot or no more input. */
static S_block *S_claim(sb_pipeline *q, unsigned long ahead)
{
	if (q->in_end || q->stop || q->produced - q->consumed >= ahead)
		return NULL;
	S_block *k = &q->blk[q->produced % S_BLOCKS];
	bool eof = false, unsafe = false;
	k->status = sb_answers_take(q->a, q->block_bytes, &k->in, &k->in_cap, &k->in_len, &eof,
	                            &unsafe, &q->d);
	if (k->status == SB_OK && unsafe) {
		q->in_end = q->fallback = true; /* the reader keeps the bytes: batches from here on */
		return NULL;
	}
	k->eof = eof || k->status != SB_OK;
	q->in_end = k->eof;
	k->bytes_read = sb_answers_bytes_read(q->a);
	k->state = S_BK_BUSY;
	q->produced++;
	return k;
}

static int S_keep_row(S_block *k, const sb_answer_row *row)
{
	if (sb_grow(&k->rows, &k->rows_cap, k->n_rows + 1, sizeof *k->rows) != 0)
		return -1;
	k->rows[k->n_rows++] = (S_brow){ .row = row->row, .id = k->ids.len, .id_len = row->id_len };
	sb_buf_put(&k->ids, row->id, row->id_len);
	return k->ids.failed ? -1 : 0;
}

static int S_keep_reject(S_block *k, const sb_answer_row *row)
{
	if (sb_grow(&k->rej, &k->rej_cap, k->n_rej + 1, sizeof *k->rej) != 0)
		return -1;
	sb_buf *by = &k->rej_bytes;
	S_qrow r = {
		.kind = row->kind, .row = row->row, .column = row->column,
		.column_name = row->column_name, .record_truncated = row->record_truncated,
		.id_len = row->id_len, .record_len = row->record_len,
	};
	r.id = by->len;
	sb_buf_put(by, row->id, row->id_len);
	sb_buf_putc(by, '\0');
	r.kept = by->len;
	for (size_t j = 0; j < row->n_kept; j++) {
		sb_buf_put(by, row->kept[j], row->kept_len[j]);
		sb_buf_putc(by, '\0');
	}
	r.reason = by->len;
	sb_buf_puts(by, row->reason);
	sb_buf_putc(by, '\0');
	r.record = by->len;
	sb_buf_put(by, row->record, row->record_len);
	k->rej[k->n_rej++] = (S_brej){ .at = k->n, .r = r };
	return by->failed ? -1 : 0;
}

/* Parses, checks, scores and formats a block (on either thread). */
static void S_work(const sb_pipeline *q, S_block *k, S_bworker *w)
{
	k->n = k->n_rejected = k->n_rows = k->n_rej = 0;
	k->lines = 0;
	k->out_failed = false;
	sb_buf_reset(&k->out);
	k->ids.len = k->rej_bytes.len = 0;
	k->ids.failed = k->rej_bytes.failed = false;
	if (k->status != SB_OK)
		return;
	sb_answers_feed(w->a, k->in, k->in_len, 0);
	for (;;) {
		sb_answer_row row;
		sb_status st = sb_answers_next(w->a, &row, &w->d);
		if (st != SB_OK) {
			k->status = st;
			k->eof = true;
			break;
		}
		if (row.kind == SB_ANSWER_END) {
			k->lines = row.row;
			break;
		}
		if (row.kind == SB_ANSWER_REJECT) {
			if (S_keep_reject(k, &row) != 0)
				k->out_failed = true;
			k->n_rejected++;
		} else {
			sb_score(q->b, row.values, &w->res);
			if (k->sum && sb_summary_add_exact(w->exact, row.values, &w->res))
				sb_summary_add_ordered(k->sum, &w->res);
			if (sb_rows_append(q->fmt, &k->out, &row, &w->res) != 0 ||
			    (q->ids && S_keep_row(k, &row) != 0))
				k->out_failed = true;
		}
		k->n++;
		if (k->out_failed)
			break;
	}
	sb_diags_free(&w->d); /* only "out of memory": the caller says so itself */
}

static void *S_helper(void *arg)
{
	sb_pipeline *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		S_block *k = S_claim(q, S_BLOCKS);
		if (k) {
			pthread_mutex_unlock(&q->mu);
			S_work(q, k, &q->bw[1]);
			pthread_mutex_lock(&q->mu);
			k->state = S_BK_READY;
			pthread_cond_broadcast(&q->cv);
			continue;
		}
		if (q->in_end || q->stop)
			break;
		pthread_cond_wait(&q->cv, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* The next block in input order, done; NULL when there are no more blocks (the rest of the
 * input, if any, is read in batches). While its block is not ready, the calling thread takes
 * and does the next one itself, leaving a slot for the helper. */
static S_block *S_next_block(sb_pipeline *q)
{
	pthread_mutex_lock(&q->mu);
	S_block *k = &q->blk[q->consumed % S_BLOCKS];
	for (;;) {
		if (q->produced > q->consumed && k->state == S_BK_READY)
			break;
		if (q->produced == q->consumed && q->in_end) {
			k = NULL;
			break;
		}
		S_block *mine = S_claim(q, S_BLOCKS - 1);
		if (mine) {
			pthread_mutex_unlock(&q->mu);
			S_work(q, mine, &q->bw[0]);
			pthread_mutex_lock(&q->mu);
			mine->state = S_BK_READY;
			pthread_cond_broadcast(&q->cv);
			continue;
		}
		if (q->produced == q->consumed && q->in_end) { /* the claim found the input's end */
			k = NULL;
			break;
		}
		pthread_cond_wait(&q->cv, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return k;
}

/* With a summary, once no block is left to score: the counts and item sums of both threads'
 * rows. */
static void S_absorb_exact(sb_pipeline *q)
{
	for (size_t i = 0; i < 2 && q->summary; i++)
		sb_summary_absorb(q->summary, q->bw[i].exact);
}

/* The calling thread, in input order: row numbers from the block's start, the id check, the
 * block's part of the summary (and after the last block, the threads' exact parts). */
static const sb_rowblock *S_block_view(sb_pipeline *q, S_block *k)
{
	sb_status st = k->status;
	if (k->sum)
		sb_summary_absorb(q->summary, k->sum);
	if (k->eof)
		S_absorb_exact(q);
	for (size_t i = 0; i < k->n_rows && st == SB_OK && !k->out_failed; i++) {
		const S_brow *r = &k->rows[i];
		st = sb_idcheck_add(q->ids, k->ids.data + r->id, r->id_len, q->base + r->row, &q->d);
	}
	q->cur_block = true;
	q->block = (sb_rowblock){
		.n = k->n, .n_rejected = k->n_rejected, .text = k->out.data, .len = k->out.len,
		.failed = k->out_failed || k->out.failed, .last = k->eof || st != SB_OK,
		.status = st, .bytes_read = k->bytes_read,
	};
	return &q->block;
}

/* Row i of block k, as sb_pipeline_row gives it. */
static void S_block_row(sb_pipeline *q, S_block *k, size_t i, sb_answer_row *row)
{
	size_t lo = 0, hi = k->n_rej;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->rej[mid].at < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == k->n_rej || k->rej[lo].at != i) {
		*row = (sb_answer_row){ .kind = SB_ANSWER_ROW };
		return;
	}
	const S_qrow *r = &k->rej[lo].r;
	const char *by = k->rej_bytes.data;
	S_worker *w = &q->main_w;
	const char *kp = by + r->kept;
	for (size_t j = 0; j < q->n_keep; j++) {
		w->kept[j] = kp;
		w->kept_len[j] = strlen(kp);
		kp += w->kept_len[j] + 1;
	}
	*row = (sb_answer_row){
		.kind = SB_ANSWER_REJECT, .row = q->base + r->row, .column = r->column,
		.column_name = r->column_name, .record_truncated = r->record_truncated,
		.id = by + r->id, .id_len = r->id_len, .kept = w->kept, .kept_len = w->kept_len,
		.n_kept = q->n_keep, .reason = by + r->reason, .record = by + r->record,
		.record_len = r->record_len,
	};
}

const sb_rowblock *sb_pipeline_next(sb_pipeline *p)
{
	if (p->blocks) {
		S_block *k = S_next_block(p);
		if (k)
			return S_block_view(p, k);
		/* the rest in batches, on this thread, numbered on from the last block */
		S_absorb_exact(p);
		p->blocks = false;
		p->threaded = false;
		sb_answers_set_row(p->a, p->base);
	}
	p->cur_block = false;
	S_batch *b = S_take(p);
	p->block = (sb_rowblock){
		.n = b->n, .n_rejected = b->n_rejected, .text = b->out.data, .len = b->out.len,
		.failed = b->out_failed || b->out.failed, .last = b->last, .flush = b->flush, .status = b->status,
		.bytes_read = b->bytes_read,
	};
	return &p->block;
}

void sb_pipeline_row(sb_pipeline *p, size_t i, sb_answer_row *row)
{
	if (p->cur_block) {
		S_block_row(p, &p->blk[p->consumed % S_BLOCKS], i, row);
		return;
	}
	S_view(p, &p->batch[p->consumed % S_BATCHES], i, row, &p->main_w);
}

void sb_pipeline_done(sb_pipeline *q)
{
	if (q->cur_block) {
		pthread_mutex_lock(&q->mu);
		S_block *k = &q->blk[q->consumed % S_BLOCKS];
		q->base += k->lines;
		k->state = S_BK_FREE;
		q->consumed++;
		q->cur_block = false;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
		return;
	}
	if (q->threaded)
		pthread_mutex_lock(&q->mu);
	q->batch[q->consumed % S_BATCHES].state = S_FREE;
	q->consumed++;
	if (q->threaded) {
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
	}
}

const sb_diags *sb_pipeline_diags(const sb_pipeline *p)
{
	return &p->d;
}

static int S_worker_init(S_worker *w, const sb_bank *b, size_t n_keep, bool summary)
{
	w->kept = sb_calloc(n_keep ? n_keep : 1, sizeof *w->kept);
	w->kept_len = sb_calloc(n_keep ? n_keep : 1, sizeof *w->kept_len);
	if (summary && sb_summary_new(b, &w->exact) != SB_OK)
		return -1;
	return w->kept && w->kept_len && sb_result_init(&w->res, b) == SB_OK ? 0 : -1;
}

static void S_worker_free(S_worker *w)
{
	sb_free(w->kept);
	sb_free(w->kept_len);
	sb_result_free(&w->res);
	sb_summary_free(w->exact);
}

sb_status sb_pipeline_new(const sb_pipeline_opts *o, sb_pipeline **out)
{
	*out = NULL;
	sb_pipeline *q = sb_calloc(1, sizeof *q);
	if (!q)
		return SB_ERR_INTERNAL;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->a = o->a;
	q->fmt = o->rows;
	q->b = o->b;
	q->summary = o->summary;
	q->ids = o->ids;
	q->n_items = o->b->n_items;
	q->n_keep = o->n_keep;
	q->reader_formats = true;
	if (S_worker_init(&q->main_w, o->b, o->n_keep, q->summary != NULL) != 0) {
		sb_pipeline_free(q);
		return SB_ERR_INTERNAL;
	}
	for (size_t i = 0; i < S_BATCHES; i++) { /* the answers' room grows as rows come */
		if (q->summary) {
			size_t ns = o->b->n_scales ? o->b->n_scales : 1;
			q->batch[i].res = sb_calloc(S_BATCH_ROWS, sizeof *q->batch[i].res);
			q->batch[i].res_scales = sb_calloc(S_BATCH_ROWS * ns, sizeof *q->batch[i].res_scales);
			if (!q->batch[i].res || !q->batch[i].res_scales) {
				sb_pipeline_free(q);
				return SB_ERR_INTERNAL;
			}
		}
	}
	/* SECUREBASE_BLOCK=BYTES: another block size (tests use small ones to get many blocks) */
	const char *bb = getenv("SECUREBASE_BLOCK");
	q->block_bytes = bb && strtoul(bb, NULL, 10) > 0 ? strtoul(bb, NULL, 10) : S_BLOCK_BYTES;
	if (o->threaded && sb_answers_blocks_ok(o->a)) {
		q->blocks = true;
		q->base = sb_answers_next_row(o->a);
		for (size_t i = 0; i < S_BLOCKS && q->summary; i++)
			if (sb_summary_new(o->b, &q->blk[i].sum) != SB_OK) {
				sb_pipeline_free(q);
				return SB_ERR_INTERNAL;
			}
		for (size_t i = 0; i < 2; i++) {
			if (sb_answers_worker(o->a, &q->bw[i].a) != SB_OK ||
			    sb_result_init(&q->bw[i].res, o->b) != SB_OK ||
			    (q->summary && sb_summary_new(o->b, &q->bw[i].exact) != SB_OK)) {
				sb_pipeline_free(q);
				return SB_ERR_INTERNAL;
			}
		}
		q->helper_started = pthread_create(&q->helper, NULL, S_helper, q) == 0;
		*out = q;
		return SB_OK;
	}
	/* the reader thread's own result, only when there is a reader thread */
	if (o->threaded && S_worker_init(&q->reader_w, o->b, o->n_keep, q->summary != NULL) != 0) {
		sb_pipeline_free(q);
		return SB_ERR_INTERNAL;
	}
	q->threaded = o->threaded && pthread_create(&q->reader, NULL, S_reader, q) == 0;
	q->reader_started = q->threaded;
	*out = q;
	return SB_OK;
}

void sb_pipeline_free(sb_pipeline *q)
{
	if (!q)
		return;
	if (q->reader_started || q->helper_started) {
		pthread_mutex_lock(&q->mu);
		q->stop = true;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
		pthread_join(q->reader_started ? q->reader : q->helper, NULL);
	}
	for (size_t i = 0; i < S_BLOCKS; i++) {
		S_block *k = &q->blk[i];
		sb_free(k->in);
		sb_buf_free(&k->out);
		sb_free(k->rows);
		sb_buf_free(&k->ids);
		sb_free(k->rej);
		sb_buf_free(&k->rej_bytes);
		sb_summary_free(k->sum);
	}
	for (size_t i = 0; i < 2; i++) {
		sb_answers_close(q->bw[i].a);
		sb_result_free(&q->bw[i].res);
		sb_summary_free(q->bw[i].exact);
		sb_diags_free(&q->bw[i].d);
	}
	for (size_t i = 0; i < S_BATCHES; i++) {
		sb_free(q->batch[i].rows);
		sb_free(q->batch[i].values);
		sb_free(q->batch[i].res);
		sb_free(q->batch[i].res_scales);
		sb_buf_free(&q->batch[i].bytes);
		sb_buf_free(&q->batch[i].out);
	}
	sb_diags_free(&q->d);
	S_worker_free(&q->main_w);
	S_worker_free(&q->reader_w);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	sb_free(q);
}

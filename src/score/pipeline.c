/* SPDX-License-Identifier: MIT */
/* pipeline.c — reading and checking rows (the CSV reader, the value rule, the id set) runs on a
 * second thread, a few batches of rows ahead. When it is that far ahead it scores and formats
 * waiting batches too, so both cores share the work; the caller takes the batches in input order
 * and writes them, along with every message, count and rejected row, so the output is the same as
 * on one thread. Rows are copied into batches because the reader's pointers last only until its
 * next row; the ring of batches keeps memory fixed. With a summary, both threads still score:
 * each row's result is kept in its batch, and the calling thread adds the rows to the summary in
 * input order when it takes the batch, so the summary is the same as on one thread. */
#include "score/pipeline.h"

#include <pthread.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "score/score.h"

#define S_BATCH_ROWS 256
#define S_BATCHES 4

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
	S_qrow rows[S_BATCH_ROWS];
	size_t n, n_rejected;
	int *values;      /* S_BATCH_ROWS rows of n_items answers */
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
} S_worker;

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
};

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
			size_t ns = q->b->n_scales;
			b->res[i] = w->res;
			b->res[i].plan = NULL;
			b->res[i].scales = b->res_scales + i * ns;
			memcpy(b->res[i].scales, w->res.scales, ns * sizeof *w->res.scales);
		}
	}
}

/* The calling thread, in input order: the batch's scored rows into the summary. */
static void S_summarise(const sb_pipeline *q, const S_batch *b)
{
	for (size_t i = 0; i < b->n && !b->out_failed; i++)
		if (b->rows[i].kind == SB_ANSWER_ROW)
			sb_summary_add(q->summary, b->values + i * q->n_items, &b->res[i]);
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

const sb_rowblock *sb_pipeline_next(sb_pipeline *p)
{
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
	S_view(p, &p->batch[p->consumed % S_BATCHES], i, row, &p->main_w);
}

void sb_pipeline_done(sb_pipeline *q)
{
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

static int S_worker_init(S_worker *w, const sb_bank *b, size_t n_keep)
{
	w->kept = sb_calloc(n_keep ? n_keep : 1, sizeof *w->kept);
	w->kept_len = sb_calloc(n_keep ? n_keep : 1, sizeof *w->kept_len);
	return w->kept && w->kept_len && sb_result_init(&w->res, b) == SB_OK ? 0 : -1;
}

static void S_worker_free(S_worker *w)
{
	sb_free(w->kept);
	sb_free(w->kept_len);
	sb_result_free(&w->res);
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
	if (S_worker_init(&q->main_w, o->b, o->n_keep) != 0 ||
	    S_worker_init(&q->reader_w, o->b, o->n_keep) != 0) {
		sb_pipeline_free(q);
		return SB_ERR_INTERNAL;
	}
	for (size_t i = 0; i < S_BATCHES; i++) {
		q->batch[i].values = sb_malloc(S_BATCH_ROWS * (q->n_items ? q->n_items : 1) * sizeof(int));
		if (!q->batch[i].values) {
			sb_pipeline_free(q);
			return SB_ERR_INTERNAL;
		}
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
	q->threaded = o->threaded && pthread_create(&q->reader, NULL, S_reader, q) == 0;
	q->reader_started = q->threaded;
	*out = q;
	return SB_OK;
}

void sb_pipeline_free(sb_pipeline *q)
{
	if (!q)
		return;
	if (q->reader_started) {
		pthread_mutex_lock(&q->mu);
		q->stop = true;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
		pthread_join(q->reader, NULL);
	}
	for (size_t i = 0; i < S_BATCHES; i++) {
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

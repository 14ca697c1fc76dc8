/* SPDX-License-Identifier: MIT */
/* cmd_score.c — `securebase score`: batch scoring of an answers CSV, streaming one row in, one row
 * out, with rejects, duplicate-id warnings, a cohort summary and a progress line. The output columns
 * are documented in docs/csv-output.md. */
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "base/alloc.h"
#include "data/answers.h"
#include "cli/cli.h"
#include "cli/import_opts.h"
#include "data/csv.h"
#include "base/numfmt.h"
#include "data/outfile.h"
#include "score/score.h"
#include "score/summary.h"
#include "base/textwidth.h"

static const char S_help[] =
	"Usage: securebase score [INPUT.csv|-] [-o FILE] [--format csv|jsonl] [--rejects FILE]\n"
	"                        [--summary FILE] [--keep COLS] [--decimals N]\n"
	"\n"
	"Scores every row of an answers CSV (a header with 'id' and item ids, as 'securebase\n"
	"template' prints it), one row at a time. Reads standard input when INPUT is '-' or absent.\n"
	"Output columns: id, the kept columns, then for each scale <scale>, <scale>_band and\n"
	"<scale>_answered (answered/items), then style and flags.\n"
	"\n"
	"  -o, --output FILE   write the scores to FILE (mode 0600, replaced atomically);\n"
	"                      '-' or none: standard output\n"
	"  --format csv|jsonl  CSV with scores rounded to --decimals (default), or JSON Lines\n"
	"                      with unrounded scores\n"
	"  --decimals N        decimals of CSV scores, 0 to 9 (default 2), rounded half away\n"
	"                      from zero\n"
	"  --keep COLS         copy these input columns (comma-separated) to the output\n"
	"  --rejects FILE      write rows that cannot be scored to FILE as CSV (row, column,\n"
	"                      reason, record) instead of one message per row on stderr\n"
	"  --summary FILE      write a JSON cohort summary (counts, means, SDs, bands, alpha)\n"
	"  --no-formula-guard  write ids and kept cells exactly as read (by default a text cell\n"
	"                      starting with = + - @ TAB or CR, not a number, gets a leading '\n"
	"                      so a spreadsheet does not run it as a formula)\n"
	"  -h, --help          this help\n"
	"\n"
	"%s"
	"\n"
	"Exit status: 0 every row scored, 65 some rows rejected (the others are still written) or a\n"
	"bad header, 66 the input cannot be opened, 73 an output cannot be created.\n";

/* A growable text buffer on plain realloc: it is used while the reader thread allocates, and the
 * core's allocator keeps a counter for failure injection (a test seam) that two threads must not
 * share. So the scoring side allocates nothing through sb_* while the reader runs. */
typedef struct {
	char *p;
	size_t len, cap;
	bool failed;
} S_text;

/* Room for n more bytes at t->p + t->len, or NULL (and failed) when memory runs out. */
static char *S_room(S_text *t, size_t n)
{
	if (t->failed)
		return NULL;
	if (t->cap - t->len < n) {
		size_t cap = t->cap ? t->cap : 1024;
		while (cap - t->len < n) {
			if (cap > ((size_t)-1) / 2) {
				t->failed = true;
				return NULL;
			}
			cap *= 2;
		}
		char *np = realloc(t->p, cap);
		if (!np) {
			t->failed = true;
			return NULL;
		}
		t->p = np;
		t->cap = cap;
	}
	return t->p + t->len;
}

static void S_add(S_text *t, const char *s, size_t n)
{
	if (n == 0)
		return; /* nothing to copy, and t->p may still be NULL (NULL + 0 is undefined) */
	char *d = S_room(t, n);
	if (d) {
		memcpy(d, s, n);
		t->len += n;
	}
}

static void S_adds(S_text *t, const char *s)
{
	S_add(t, s, strlen(s));
}

/* A CSV cell, quoted where needed, guarded against formulas when guard is set. */
static void S_cell(S_text *t, const char *s, size_t n, bool guard)
{
	char *d = n > ((size_t)-1 - 3) / 2 ? NULL : S_room(t, SB_CSV_ESCAPED_MAX(n));
	if (d)
		t->len += sb_csv_escape(d, s, n, guard);
	else
		t->failed = true;
}

/* A short text copied into CSV rows 16 bytes at a time: p holds n bytes, zero-padded to a
 * multiple of 16 (a row has S_LABEL_SLACK bytes of room past each label for the last copy). */
typedef struct {
	const char *p;
	size_t n;
} S_label;

#define S_LABEL_SLACK 16

typedef struct {
	sb_cli *c;
	const sb_bank *b;
	const char *in_name;
	bool jsonl;
	int decimals;
	const char **keep;
	size_t n_keep;
	sb_outfile *out, *rej;
	S_text line;            /* the row being written */
	bool out_tty, rej_tty;  /* scores / rejects go to a terminal */
	S_text clean;           /* a line made safe for a terminal */
	size_t row_fixed;       /* bytes a CSV row needs beyond its id and kept cells */
	/* Texts of CSV rows, made once: per scale its band ids (band_label[band_first[i] + band])
	 * and "/<items>" (of_items[i]); the style ids (style_label[style]). */
	S_label *band_label, *of_items, style_label[SB_STYLE_COUNT];
	size_t *band_first;
	char *label_text;
	unsigned long scored, rejected, duplicates;
	bool progress_shown;
	struct timespec t0, t_last;
	bool guard;             /* the formula guard on ids and kept cells (--no-formula-guard) */
} S_ctx;

/* --- text helpers ------------------------------------------------------------------------- */

/* Appends s with every invalid UTF-8 sequence replaced by U+FFFD, so JSON can hold it. */
static void S_utf8_clean(S_text *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = u[i];
		size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
		           : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		bool ok = len > 0 && n - i >= len;
		unsigned cp = len > 1 ? c & (0x7F >> len) : c;
		for (size_t k = 1; ok && k < len; k++) {
			ok = (u[i + k] & 0xC0) == 0x80;
			cp = (cp << 6) | (u[i + k] & 0x3F);
		}
		if (ok && len > 1) {
			static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
			ok = cp >= min[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
		}
		if (ok) {
			S_add(b, s + i, len);
			i += len;
		} else {
			S_adds(b, "\xEF\xBF\xBD");
			i++;
		}
	}
}

/* Text from the data shown in a message on stderr: control characters (C0, DEL and C1) and bytes
 * that are not UTF-8 escaped, at most 64 bytes. */
static void S_shown(char *out, size_t size, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 16 < size;) {
		if (i >= 64) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		bool invalid = cp == SB_REPLACEMENT && !(k == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3));
		if (sb_is_control(cp) || invalid) {
			for (size_t j = 0; j < k; j++)
				o += (size_t)snprintf(out + o, size - o, "\\x%02X", (unsigned char)s[i + j]);
		} else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
}

/* Appends s to t fit for a terminal: control characters other than newline and tab, and bytes
 * that are not UTF-8, become U+FFFD. */
static void S_tty_clean(S_text *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		if (cp == SB_REPLACEMENT || (sb_is_control(cp) && cp != '\n' && cp != '\t'))
			S_add(t, "\xEF\xBF\xBD", 3);
		else
			S_add(t, s + i, k);
		i += k;
	}
}

/* Writes a finished line to f. Files and pipes get the bytes as read; a terminal never gets
 * control characters from the data raw (an id or a kept column could hold an escape sequence). */
static void S_emit(S_ctx *x, sb_outfile *f, bool tty, const char *p, size_t n)
{
	if (!tty) {
		sb_out_write(f, p, n);
		return;
	}
	x->clean.len = 0;
	S_tty_clean(&x->clean, p, n);
	if (x->clean.failed)
		x->line.failed = true; /* reported as out of memory at the end */
	else
		sb_out_write(f, x->clean.p, x->clean.len);
}

/* --- output rows ---------------------------------------------------------------------------- */

static void S_csv_header(S_ctx *x)
{
	S_text *h = &x->line;
	h->len = 0;
	S_adds(h, "id");
	for (size_t k = 0; k < x->n_keep; k++) {
		S_adds(h, ",");
		S_cell(h, x->keep[k], strlen(x->keep[k]), true);
	}
	for (size_t i = 0; i < x->b->n_scales; i++) {
		const char *id = x->b->scales[i].id;
		S_adds(h, ",");
		S_adds(h, id);
		S_adds(h, ",");
		S_adds(h, id);
		S_adds(h, "_band,");
		S_adds(h, id);
		S_adds(h, "_answered");
	}
	S_adds(h, ",style,flags\n");
	if (!h->failed)
		sb_out_write(x->out, h->p, h->len);
}

static char *S_put_label(char *d, const S_label *l)
{
	memcpy(d, l->p, 16);
	for (size_t o = 16; o < l->n; o += 16)
		memcpy(d + o, l->p + o, 16);
	return d + l->n;
}

/* Makes the labels of x (see S_ctx); 0, or -1 when memory runs out. */
static int S_labels(S_ctx *x)
{
	const sb_bank *b = x->b;
	size_t n = SB_STYLE_COUNT + b->n_scales, text = 0;
	char num[SB_NUMFMT_MAX];
	for (size_t i = 0; i < b->n_scales; i++) {
		n += b->scales[i].n_bands;
		for (size_t k = 0; k < b->scales[i].n_bands; k++)
			text += strlen(b->scales[i].bands[k].id) / 16 * 16 + 16;
		text += (1 + sb_fmt_uint(num, b->scales[i].n_items)) / 16 * 16 + 16;
	}
	for (int k = 0; k < SB_STYLE_COUNT; k++)
		text += strlen(sb_style_id(k)) / 16 * 16 + 16;
	x->band_label = sb_calloc(n, sizeof *x->band_label);
	x->band_first = sb_calloc(b->n_scales + 1, sizeof *x->band_first);
	x->label_text = sb_calloc(text, 1);
	if (!x->band_label || !x->band_first || !x->label_text)
		return -1;
	char *t = x->label_text;
	S_label *l = x->band_label;
	for (size_t i = 0; i < b->n_scales; i++) {
		x->band_first[i] = (size_t)(l - x->band_label);
		for (size_t k = 0; k < b->scales[i].n_bands; k++, l++) {
			*l = (S_label){ .p = t, .n = strlen(b->scales[i].bands[k].id) };
			memcpy(t, b->scales[i].bands[k].id, l->n);
			t += l->n / 16 * 16 + 16;
		}
	}
	x->of_items = l;
	for (size_t i = 0; i < b->n_scales; i++, l++) {
		t[0] = '/';
		*l = (S_label){ .p = t, .n = 1 + sb_fmt_uint(t + 1, b->scales[i].n_items) };
		t += l->n / 16 * 16 + 16;
	}
	for (int k = 0; k < SB_STYLE_COUNT; k++) {
		x->style_label[k] = (S_label){ .p = t, .n = strlen(sb_style_id(k)) };
		memcpy(t, sb_style_id(k), x->style_label[k].n);
		t += x->style_label[k].n / 16 * 16 + 16;
	}
	return 0;
}

/* Appends one scored row as CSV to out; 0, or -1 when memory runs out. */
static int S_csv_row(const S_ctx *x, S_text *out, const sb_answer_row *row, const sb_result *res)
{
	size_t need = SB_CSV_ESCAPED_MAX(row->id_len) + x->row_fixed;
	for (size_t k = 0; k < row->n_kept; k++)
		need += 1 + SB_CSV_ESCAPED_MAX(row->kept_len[k]);
	char *d0 = S_room(out, need), *d = d0;
	if (!d)
		return -1;
	d += sb_csv_escape(d, row->id, row->id_len, x->guard);
	for (size_t k = 0; k < row->n_kept; k++) {
		*d++ = ',';
		d += sb_csv_escape(d, row->kept[k], row->kept_len[k], x->guard);
	}
	const sb_bank *b = x->b;
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale_result *s = &res->scales[i];
		*d++ = ',';
		if (s->scored)
			d += sb_fmt_fixed(d, s->score, x->decimals);
		*d++ = ',';
		if (s->scored && s->band < b->scales[i].n_bands)
			d = S_put_label(d, &x->band_label[x->band_first[i] + s->band]);
		*d++ = ',';
		if (s->answered < 10)
			*d++ = (char)('0' + s->answered);
		else
			d += sb_fmt_uint(d, s->answered);
		if (s->n_items == b->scales[i].n_items) {
			d = S_put_label(d, &x->of_items[i]);
		} else {
			*d++ = '/';
			d += sb_fmt_uint(d, s->n_items);
		}
	}
	*d++ = ',';
	if (res->has_style && res->style >= 0 && res->style < SB_STYLE_COUNT)
		d = S_put_label(d, &x->style_label[res->style]);
	*d++ = ',';
	d += sb_quality_flags(&res->quality, d, SB_QUALITY_FLAGS_MAX);
	*d++ = '\n';
	out->len += (size_t)(d - d0);
	return 0;
}

static json_t *S_jstr(S_text *tmp, const char *s, size_t n)
{
	tmp->len = 0;
	S_utf8_clean(tmp, s, n);
	return tmp->failed ? NULL : json_stringn(tmp->p ? tmp->p : "", tmp->len);
}

static int S_set(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

/* Appends one scored row as a JSON Lines record to out; 0, or -1 when memory runs out. */
static int S_json_row(const S_ctx *x, S_text *out, const sb_answer_row *row, const sb_result *res)
{
	const sb_bank *b = x->b;
	json_t *o = json_object();
	S_text tmp = { 0 }, key = { 0 };
	int bad = !o;
	if (!bad)
		bad |= S_set(o, "id", json_stringn(row->id, row->id_len));
	for (size_t k = 0; k < row->n_kept && !bad; k++) {
		key.len = 0;
		S_utf8_clean(&key, x->keep[k], strlen(x->keep[k]));
		S_add(&key, "", 1);
		bad |= key.failed || S_set(o, key.p, S_jstr(&tmp, row->kept[k], row->kept_len[k]));
	}
	for (size_t i = 0; i < b->n_scales && !bad; i++) {
		const sb_scale *sc = &b->scales[i];
		const sb_scale_result *s = &res->scales[i];
		char name[SB_ID_MAX + 16];
		bad |= S_set(o, sc->id, s->scored ? json_real(s->score) : json_null());
		snprintf(name, sizeof name, "%s_band", sc->id);
		bad |= S_set(o, name, s->scored && s->band != SB_NONE
		                      ? json_string(sc->bands[s->band].id) : json_null());
		snprintf(name, sizeof name, "%s_answered", sc->id);
		bad |= S_set(o, name, json_integer((json_int_t)s->answered));
		snprintf(name, sizeof name, "%s_items", sc->id);
		bad |= S_set(o, name, json_integer((json_int_t)s->n_items));
	}
	if (!bad)
		bad |= S_set(o, "style", res->has_style ? json_string(sb_style_id(res->style))
		                                        : json_null());
	json_t *flags = bad ? NULL : json_array();
	if (flags) {
		const sb_quality *q = &res->quality;
		if (q->flag_longstring)
			bad |= json_array_append_new(flags, json_string("longstring"));
		if (q->flag_irv)
			bad |= json_array_append_new(flags, json_string("low_irv"));
		if (q->flag_inconsistent)
			bad |= json_array_append_new(flags, json_string("inconsistent"));
		if (q->flag_missing)
			bad |= json_array_append_new(flags, json_string("missing"));
	}
	bad |= S_set(o, "flags", flags);
	char *text = bad ? NULL
	                 : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	if (text) {
		S_adds(out, text);
		S_adds(out, "\n");
		free(text);
	}
	json_decref(o);
	free(tmp.p);
	free(key.p);
	return text && !out->failed ? 0 : -1;
}

/* --- rejects, warnings, progress ------------------------------------------------------------- */

static void S_reject(S_ctx *x, const sb_answer_row *row)
{
	x->rejected++;
	char reason[512];
	if (row->column_name) {
		char name[300];
		S_shown(name, sizeof name, row->column_name, strlen(row->column_name));
		snprintf(reason, sizeof reason, "%s: %s%s", name, row->reason,
		         row->record_truncated ? " (record truncated)" : "");
	} else {
		snprintf(reason, sizeof reason, "%s%s", row->reason,
		         row->record_truncated ? " (record truncated)" : "");
	}
	if (!x->rej) {
		if (row->column > 0)
			fprintf(stderr, "%s:%ld:%ld: %s\n", x->in_name, row->row, row->column, reason);
		else
			fprintf(stderr, "%s:%ld: %s\n", x->in_name, row->row, reason);
		return;
	}
	S_text *l = &x->line;
	l->len = 0;
	char num[SB_NUMFMT_MAX];
	S_add(l, num, sb_fmt_int(num, row->row));
	S_adds(l, ",");
	S_add(l, num, sb_fmt_int(num, row->column));
	S_adds(l, ",");
	S_cell(l, reason, strlen(reason), true);
	S_adds(l, ",");
	if (memchr(row->record, '\0', row->record_len)) {
		/* A NUL cannot stay in a CSV file that tools read (ours refuses it): U+FFFD stands in. */
		S_text t = { 0 };
		for (size_t i = 0, j; i < row->record_len; i = j + 1) {
			const char *z = memchr(row->record + i, '\0', row->record_len - i);
			j = z ? (size_t)(z - row->record) : row->record_len;
			S_add(&t, row->record + i, j - i);
			if (z)
				S_add(&t, "\xEF\xBF\xBD", 3);
		}
		S_cell(l, t.p ? t.p : "", t.len, true);
		l->failed |= t.failed;
		free(t.p);
	} else {
		S_cell(l, row->record, row->record_len, true);
	}
	S_adds(l, "\n");
	if (!l->failed)
		S_emit(x, x->rej, x->rej_tty, l->p, l->len);
}

static double S_secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void S_progress(S_ctx *x, unsigned long rows, bool last)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last) {
		if (x->progress_shown)
			fputs("\r\033[K", stderr);
		return;
	}
	/* only for long runs, and at most four times a second */
	if (S_secs(&x->t0, &now) < 1.0 || S_secs(&x->t_last, &now) < 0.25)
		return;
	x->t_last = now;
	x->progress_shown = true;
	double rate = (double)rows / S_secs(&x->t0, &now);
	fprintf(stderr, "\r\033[K%s %lu, %.0f %s", sb_tr(x->c->lang, "已读行数", "rows"), rows, rate,
	        sb_tr(x->c->lang, "行/秒", "rows/s"));
}

/* --- two threads ------------------------------------------------------------------------------ */

/* Reading and checking rows (the CSV reader, the value rule, the id set) runs on a second thread,
 * a few batches of rows ahead. When it is that far ahead it scores and formats waiting batches
 * too, so both cores share the work; the main thread writes the batches in input order, along with
 * every message, count and rejected row, so the output is the same as on one thread. Rows are
 * copied into batches because the reader's pointers last only until its next row; the ring of
 * batches keeps memory fixed. With --summary only the main thread scores, so the summary takes
 * the rows in input order. */
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
	size_t n;
	int *values;      /* S_BATCH_ROWS rows of n_items answers */
	sb_buf bytes;     /* ids, kept fields (each NUL-terminated), reasons, records */
	S_text out;       /* the formatted rows */
	bool out_failed;  /* formatting ran out of memory */
	bool last;        /* the reader has nothing after this batch */
	sb_status status; /* with last: SB_OK at the end of input, else why reading stopped */
} S_batch;

/* What a thread needs of its own to score and format. */
typedef struct {
	sb_result res;
	const char **kept;
	size_t *kept_len;
} S_worker;

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	S_batch batch[S_BATCHES];
	unsigned long produced, consumed;
	bool stop;            /* the main thread gave up: the reader stops too */
	bool threaded;
	bool reader_formats;  /* the reader may score and format batches (not with --summary) */
	const S_ctx *x;
	sb_answers *a;
	size_t n_items, n_keep;
	sb_diags d;           /* the reader's problems, printed after it has finished */
	S_worker reader_w;
} S_queue;

/* Fills b with the next rows; 0, or -1 when memory for the copies runs out. */
static int S_fill_batch(S_queue *q, S_batch *b)
{
	b->n = 0;
	b->bytes.len = 0;
	b->out.len = 0;
	b->out_failed = false;
	b->last = false;
	b->status = SB_OK;
	while (b->n < S_BATCH_ROWS) {
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
		memcpy(b->values + b->n * q->n_items, row.values, q->n_items * sizeof *row.values);
		b->n++;
	}
	return 0;
}

/* A queued row seen as the reader handed it out; w holds its kept pointers. */
static void S_view(const S_queue *q, const S_batch *b, size_t i, sb_answer_row *row, S_worker *w)
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

/* Scores and formats every good row of b into b->out (on either thread). summary, when given,
 * takes the rows too (main thread only). */
static void S_format_batch(const S_queue *q, S_batch *b, S_worker *w, sb_summary *summary)
{
	const S_ctx *x = q->x;
	for (size_t i = 0; i < b->n && !b->out_failed; i++) {
		if (b->rows[i].kind != SB_ANSWER_ROW)
			continue;
		sb_answer_row row;
		S_view(q, b, i, &row, w);
		sb_score(x->b, row.values, &w->res);
		if ((x->jsonl ? S_json_row(x, &b->out, &row, &w->res)
		              : S_csv_row(x, &b->out, &row, &w->res)) != 0)
			b->out_failed = true;
		else if (summary)
			sb_summary_add(summary, row.values, &w->res);
	}
}

/* For the reader: the newest batch waiting to be formatted, leaving the oldest (the one the main
 * thread takes next) to the main thread so that it never waits on the reader; NULL when there is
 * none. Called with the lock held. */
static S_batch *S_filled(S_queue *q)
{
	for (unsigned long k = q->produced; k > q->consumed + 1; k--)
		if (q->batch[(k - 1) % S_BATCHES].state == S_FILLED)
			return &q->batch[(k - 1) % S_BATCHES];
	return NULL;
}

static void *S_reader(void *arg)
{
	S_queue *q = arg;
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
		S_format_batch(q, b, &q->reader_w, NULL);
		pthread_mutex_lock(&q->mu);
		b->state = S_READY;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* The next batch in input order, scored and formatted (by whichever thread got to it). */
static S_batch *S_take(S_queue *q, S_worker *w, sb_summary *summary)
{
	S_batch *b = &q->batch[q->consumed % S_BATCHES];
	if (!q->threaded) {
		if (S_fill_batch(q, b) != 0) {
			b->last = true;
			b->status = SB_ERR_INTERNAL;
		}
		S_format_batch(q, b, w, summary);
		return b;
	}
	pthread_mutex_lock(&q->mu);
	for (;;) {
		if (q->produced > q->consumed && b->state == S_FILLED) {
			b->state = S_FORMATTING;
			pthread_mutex_unlock(&q->mu);
			S_format_batch(q, b, w, summary);
			pthread_mutex_lock(&q->mu);
			b->state = S_READY;
		}
		if (q->produced > q->consumed && b->state == S_READY)
			break;
		pthread_cond_wait(&q->cv, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

/* Hands the oldest batch back to the reader. */
static void S_done_with(S_queue *q)
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

static void S_stop(S_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* Writes a formatted batch, in order: its scores, its rejected rows, its warnings and counts. */
static void S_write_batch(S_ctx *x, const S_queue *q, const S_batch *b, S_worker *w,
                          sb_summary *summary)
{
	for (size_t i = 0; i < b->n; i++) {
		const S_qrow *r = &b->rows[i];
		sb_answer_row row;
		if (r->kind == SB_ANSWER_REJECT) {
			S_view(q, b, i, &row, w);
			S_reject(x, &row);
			if (summary)
				sb_summary_reject(summary);
			continue;
		}
		x->scored++;
		if (r->duplicate_of) {
			char shown[300];
			S_shown(shown, sizeof shown, b->bytes.data + r->id, r->id_len);
			if (x->c->lang == SB_LANG_ZH)
				fprintf(stderr, "%s:%ld: id '%s' 与第 %ld 行的 id 重复\n", x->in_name, r->row,
				        shown, r->duplicate_of);
			else
				fprintf(stderr, "%s:%ld: id '%s' repeats the id of row %ld\n", x->in_name,
				        r->row, shown, r->duplicate_of);
			x->duplicates++;
			if (summary)
				sb_summary_duplicate_id(summary);
		}
	}
	if (b->out.len)
		S_emit(x, x->out, x->out_tty, b->out.p, b->out.len);
}

static int S_worker_init(S_worker *w, const sb_bank *b, size_t n_keep)
{
	w->kept = calloc(n_keep ? n_keep : 1, sizeof *w->kept);
	w->kept_len = calloc(n_keep ? n_keep : 1, sizeof *w->kept_len);
	return w->kept && w->kept_len && sb_result_init(&w->res, b) == SB_OK ? 0 : -1;
}

static void S_worker_free(S_worker *w)
{
	free(w->kept);
	free(w->kept_len);
	sb_result_free(&w->res);
}

/* --- options --------------------------------------------------------------------------------- */

/* Splits --keep values on commas into x->keep; checks the names against the output columns. */
static int S_keep_parse(S_ctx *x, char *spec)
{
	for (char *p = spec;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (*p == '\0')
			return sb_cli_usage(x->c, "score", "--keep takes column names separated by commas");
		const char **nk = sb_realloc(x->keep, (x->n_keep + 1) * sizeof *nk);
		if (!nk)
			return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
		x->keep = nk;
		x->keep[x->n_keep++] = p;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static int S_keep_check(S_ctx *x)
{
	const sb_bank *b = x->b;
	for (size_t k = 0; k < x->n_keep; k++) {
		const char *name = x->keep[k];
		for (size_t j = 0; j < k; j++)
			if (strcmp(x->keep[j], name) == 0)
				return sb_cli_usage(x->c, "score", "--keep names '%s' twice", name);
		bool clash = strcmp(name, "id") == 0 || strcmp(name, "style") == 0 ||
		             strcmp(name, "flags") == 0;
		for (size_t i = 0; i < b->n_scales && !clash; i++) {
			const char *id = b->scales[i].id;
			size_t n = strlen(id);
			clash = strncmp(name, id, n) == 0 &&
			        (name[n] == '\0' || strcmp(name + n, "_band") == 0 ||
			         strcmp(name + n, "_answered") == 0 || strcmp(name + n, "_items") == 0);
		}
		if (clash)
			return sb_cli_usage(x->c, "score", "--keep column '%s' has the name of an output column",
			                    name);
	}
	return 0;
}

/* --- the command ------------------------------------------------------------------------------ */

static int S_open_out(S_ctx *x, const char *path, sb_outfile **out)
{
	sb_diags d = { 0 };
	sb_status st = sb_out_open(path, out, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	return rc;
}

static int S_commit(S_ctx *x, sb_outfile **f)
{
	if (!*f)
		return 0;
	sb_diags d = { 0 };
	sb_status st = sb_out_commit(*f, &d);
	*f = NULL;
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	return rc;
}

int cmd_score(sb_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "summary", required_argument, NULL, 's' },
		{ "keep", required_argument, NULL, 'k' },
		{ "decimals", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		SB_IMPORT_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	S_ctx x = { .c = c, .decimals = 2 };
	sb_import_opts im = { 0 };
	const char *out_path = NULL, *rej_path = NULL, *sum_path = NULL;
	sb_answers *a = NULL;
	sb_outfile *sum_out = NULL;
	sb_summary *summary = NULL;
	S_queue q = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };
	S_worker main_w = { 0 };
	pthread_t reader;
	bool reader_started = false;
	int rc = 0, ch;
	while ((ch = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': out_path = optarg; break;
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				x.jsonl = false;
			else if (strcmp(optarg, "jsonl") == 0)
				x.jsonl = true;
			else
				rc = sb_cli_usage(c, "score", "--format takes csv or jsonl, not '%s'", optarg);
			break;
		case 'r': rej_path = optarg; break;
		case 's': sum_path = optarg; break;
		case 'k': rc = S_keep_parse(&x, optarg); break;
		case 'd': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 0 || n > SB_DECIMALS_MAX)
				rc = sb_cli_usage(c, "score", "--decimals takes a whole number from 0 to %d, not '%s'",
				                  SB_DECIMALS_MAX, optarg);
			x.decimals = (int)n;
			break;
		}
		case 'h': sb_free(x.keep); sb_import_free(&im); return sb_import_help_in(S_help);
		case ':': rc = sb_cli_usage(c, "score", "option '%s' needs a value", argv[optind - 1]); break;
		default:
			if ((rc = sb_import_opt(c, "score", &im, ch, optarg)) < 0)
				rc = sb_cli_usage(c, "score", "unknown option '%s'", argv[optind - 1]);
			break;
		}
		if (rc)
			goto done;
	}
	if (argc - optind > 1) {
		rc = sb_cli_usage(c, "score", "'score' reads one input file");
		goto done;
	}
	const char *input = optind < argc ? argv[optind] : "-";
	x.in_name = input;
	if ((rc = sb_cli_bank(c, &x.b)) != 0 || (rc = S_keep_check(&x)) != 0 ||
	    (rc = sb_import_prepare(c, &im)) != 0)
		goto done;
	x.guard = !im.no_guard;
	const sb_bank *b = x.b;

	/* The input first: a missing file or a bad header stops before any output exists. */
	sb_diags d = { 0 };
	sb_answers_opts ao = { .name = input, .keep = x.keep, .n_keep = x.n_keep,
		               .check_duplicates = true };
	sb_import_apply(&im, &ao);
	sb_status st = sb_answers_open_path(b, input, &ao, &a, &d);
	if (st != SB_OK) {
		rc = sb_cli_status(c, st, &d);
		sb_diags_free(&d);
		goto done;
	}
	sb_import_summary(c, a);
	if ((rc = S_open_out(&x, out_path, &x.out)) != 0 ||
	    (rej_path && (rc = S_open_out(&x, rej_path, &x.rej)) != 0) ||
	    (sum_path && (rc = S_open_out(&x, sum_path, &sum_out)) != 0))
		goto done;
	x.out_tty = sb_out_isatty(x.out);
	x.rej_tty = x.rej && sb_out_isatty(x.rej);
	if (sum_path && sb_summary_new(b, &summary) != SB_OK) {
		rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		goto done;
	}
	size_t fixed = 2 + 16 + SB_QUALITY_FLAGS_MAX + 1;
	for (size_t i = 0; i < b->n_scales; i++) {
		size_t longest = 0;
		for (size_t k = 0; k < b->scales[i].n_bands; k++)
			if (strlen(b->scales[i].bands[k].id) > longest)
				longest = strlen(b->scales[i].bands[k].id);
		fixed += 3 + SB_NUMFMT_MAX + longest + 2 * 24 + 1 + 2 * S_LABEL_SLACK;
	}
	x.row_fixed = fixed + S_LABEL_SLACK;
	if (S_labels(&x) != 0) {
		rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		goto done;
	}
	if (!x.jsonl)
		S_csv_header(&x);
	if (x.rej)
		sb_out_puts(x.rej, "row,column,reason,record\n");
	bool progress = c->stderr_tty && !c->quiet;
	clock_gettime(CLOCK_MONOTONIC, &x.t0);
	x.t_last = x.t0;
	q.x = &x;
	q.a = a;
	q.n_items = b->n_items;
	q.n_keep = x.n_keep;
	q.reader_formats = !summary;
	if (S_worker_init(&main_w, b, x.n_keep) != 0 || S_worker_init(&q.reader_w, b, x.n_keep) != 0) {
		rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < S_BATCHES; i++) {
		q.batch[i].values = sb_malloc(S_BATCH_ROWS * (b->n_items ? b->n_items : 1) * sizeof(int));
		if (!q.batch[i].values) {
			rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
			goto done;
		}
	}
	/* SECUREBASE_THREADS=1 keeps everything on one thread (for measuring, see bench/run) */
	const char *threads = getenv("SECUREBASE_THREADS");
	q.threaded = !(threads && strcmp(threads, "1") == 0) &&
	             pthread_create(&reader, NULL, S_reader, &q) == 0;
	reader_started = q.threaded;
	for (bool last = false; !last;) {
		S_batch *bt = S_take(&q, &main_w, summary);
		if (bt->out_failed || bt->out.failed) {
			rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
			S_done_with(&q);
			goto done;
		}
		S_write_batch(&x, &q, bt, &main_w, summary);
		if (progress)
			S_progress(&x, x.scored + x.rejected, false);
		last = bt->last;
		st = bt->status;
		S_done_with(&q);
	}
	if (reader_started) {
		pthread_join(reader, NULL);
		reader_started = false;
	}
	if (st != SB_OK) {
		rc = st == SB_ERR_INTERNAL && !q.d.n ? sb_cli_fail(c, EX_SOFTWARE, "out of memory")
		                                     : sb_cli_status(c, st, &q.d);
		goto done;
	}
	if (progress)
		S_progress(&x, 0, true);
	if (summary) {
		sb_buf js = { 0 };
		if (sb_summary_json(summary, &js) != SB_OK || js.failed) {
			sb_buf_free(&js);
			rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
			goto done;
		}
		sb_out_write(sum_out, js.data, js.len);
		sb_buf_free(&js);
	}
	if (x.line.failed) { /* a header, row or reject that could not be built */
		rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		goto done;
	}
	/* Scores last: a failure before this point leaves no scores file behind. */
	if ((rc = S_commit(&x, &x.rej)) != 0 || (rc = S_commit(&x, &sum_out)) != 0 ||
	    (rc = S_commit(&x, &x.out)) != 0)
		goto done;
	if (!c->quiet) {
		unsigned long read = x.scored + x.rejected;
		if (c->lang == SB_LANG_ZH)
			fprintf(stderr, "securebase：读取 %lu 行，计分 %lu 行，拒收 %lu 行", read, x.scored,
			        x.rejected);
		else
			fprintf(stderr, "securebase: %lu rows read, %lu scored, %lu rejected", read, x.scored,
			        x.rejected);
		if (x.duplicates)
			fprintf(stderr, sb_tr(c->lang, "；重复 id：%lu", "; repeated ids: %lu"),
			        x.duplicates);
		fputc('\n', stderr);
	}
	rc = x.rejected ? EX_DATAERR : 0;
done:
	if (reader_started) {
		S_stop(&q);
		pthread_join(reader, NULL);
	}
	for (size_t i = 0; i < S_BATCHES; i++) {
		sb_free(q.batch[i].values);
		sb_buf_free(&q.batch[i].bytes);
		free(q.batch[i].out.p);
	}
	sb_diags_free(&q.d);
	S_worker_free(&main_w);
	S_worker_free(&q.reader_w);
	sb_out_abort(x.out);
	sb_out_abort(x.rej);
	sb_out_abort(sum_out);
	sb_answers_close(a);
	sb_import_free(&im);
	sb_summary_free(summary);
	free(x.line.p);
	free(x.clean.p);
	sb_free(x.keep);
	sb_free(x.band_label);
	sb_free(x.band_first);
	sb_free(x.label_text);
	return rc;
}

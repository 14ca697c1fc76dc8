/* SPDX-License-Identifier: MIT */
/* answers.c — an answers CSV read against a bank: header check, the value rule, rejects with row
 * and column, the duplicate-id check; and the answers-row writer. */
#include "data/answers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/alloc.h"
#include "data/csv.h"
#include "data/idcheck.h"
#include "data/import.h"
#include "data/transcode.h"
#include "base/numfmt.h"

#ifdef __GNUC__
#define S_LIKELY(x) __builtin_expect(!!(x), 1)
#define S_NOINLINE __attribute__((noinline))
#else
#define S_LIKELY(x) (x)
#define S_NOINLINE
#endif

/* The duplicate-id set: open addressing with linear probing over 12-byte slots, the row an id was
 * first seen on (0: an empty slot) and a 64-bit hash of the id, in one cache line. Only the hash
 * is kept, so two different ids are taken for one with probability about n² / 2^65 over a file of n rows
 * (1 in 37 million for a million rows); such a row would still be scored, only the warning would
 * be wrong. The table is filled to at most 90% and grows by a fifth in place (no second table),
 * so its memory stays between 13.3 and 16 bytes per distinct id with no doubling spike; when the
 * input is a file of known size it is sized once for the whole file instead (12.6 bytes per id). */
#define S_OLD 0x80000000u /* marks an entry not yet moved during a resize */
#define S_ROW_MAX 0x7fffffffL

typedef struct {
	uint32_t col, item;
	/* The one-digit answers within the item's range are the bytes d0 .. d0 + dspan (d0 256:
	 * none), so one unsigned comparison checks a one-byte cell. */
	unsigned d0, dspan;
} S_item_col;

struct sb_answers {
	const sb_bank *b;
	sb_csv *csv;
	sb_src *src;         /* the decoding pre-stage under csv */
	sb_cells *cells;     /* labels and missing codes, for cells that are not a plain digit */
	sb_col_map *map;     /* per header column */
	sb_answers_info info;
	int fd;
	bool own_fd;
	char *name;
	bool empty;          /* no header: the input was empty */
	size_t n_cols;
	char **col_names;    /* header names, NUL-terminated copies after the pointers, one allocation */
	size_t id_col;
	S_item_col *item_col; /* every item column, in column order */
	size_t n_item_cols;
	bool *has_item;
	int *lo, *hi;        /* each item's response range */
	size_t n_keep;
	size_t *keep_col;
	int *values;
	sb_buf id;           /* the current row's id, NUL-terminated */
	sb_buf kept_buf;     /* the current row's kept fields, each NUL-terminated */
	const char **kept;
	size_t *kept_len;
	char reason[192];
	unsigned long rows;
	bool check_dup, dup_off;
	bool all_items;      /* the header names every item: no value needs presetting */
	uint32_t *ds;        /* slot i: ds[3i] the row, ds[3i+1..3i+2] the hash */
	size_t dcap, dn;
	unsigned long long file_size; /* a regular file's size (0: unknown), to size the id set */
	bool regular;        /* the input is a regular file: reading it never waits */
	bool sized;
	unsigned max_load;   /* percent of slots the id set fills before it grows */
	long qualtrics_rows; /* further header rows found in the decoded start */
	bool plain;          /* UTF-8 read as it is (no iconv that could refuse a byte later on) */
	bool worker;         /* sb_answers_worker's: the header's tables belong to another reader */
	bool fast;           /* the id, then every column an item: S_plain_row may read a row */
	bool in_order;       /* and item k is in column k + 1 */
	unsigned char idcls[256]; /* for S_plain_row: the bytes a plain id may hold */
	/* For S_plain_row, per item column k: 16 bytes for the items k .. k + 7 written "d,d,…,d,"
	 * with one digit each, where byte 2j - lo[2j] <= span[2j] (unsigned) holds for a digit
	 * within item k + j's range and for the delimiter after it (the line feed after the last
	 * item). n_item_cols - 7 of them, when there are at least 8 item columns. */
	unsigned char (*pair_lo)[16], (*pair_span)[16];
};

/* --- duplicate ids ------------------------------------------------------------------------- */

static size_t S_home(uint64_t h, size_t cap)
{
	return (size_t)(((h >> 32) * (uint64_t)cap) >> 32);
}

static uint64_t S_slot_hash(const uint32_t *slot)
{
	uint64_t h;
	memcpy(&h, slot + 1, sizeof h);
	return h;
}

static void S_slot_set(uint32_t *slot, uint64_t h, uint32_t row)
{
	slot[0] = row;
	memcpy(slot + 1, &h, sizeof h);
}

static void S_place(struct sb_answers *a, uint64_t h, uint32_t row)
{
	size_t i = S_home(h, a->dcap);
	for (;;) {
		uint32_t *slot = a->ds + 3 * i;
		if (slot[0] == 0) {
			S_slot_set(slot, h, row);
			return;
		}
		if (slot[0] & S_OLD) { /* take its slot and carry the old entry on */
			uint64_t oh = S_slot_hash(slot);
			uint32_t orow = slot[0] & ~S_OLD;
			S_slot_set(slot, h, row);
			h = oh;
			row = orow;
			i = S_home(h, a->dcap);
			continue;
		}
		if (++i == a->dcap)
			i = 0;
	}
}

/* Grows the table without a second table: every entry is marked old, then each is taken out and
 * placed anew; an old entry in the way is carried on to its own new place. */
static int S_dup_grow(struct sb_answers *a)
{
	size_t ncap = a->dcap ? a->dcap + a->dcap / 5 : 4096;
	/* The first time the set outgrows its start, a file of known size says roughly how many rows
	 * are to come: size for them at once instead of re-placing every id at each growth. */
	if (a->dcap && !a->sized && a->file_size && a->rows) {
		a->sized = true;
		double per_row = (double)sb_csv_bytes(a->csv) / (double)(a->rows + 1);
		double est = (double)a->file_size / per_row / 0.95 + 1024;
		if (est > (double)ncap && est < (double)UINT32_MAX) {
			/* sized for the whole file: it may fill up further (short probes are still the rule
			 * until the very end) rather than grow by a fifth for the last few rows */
			ncap = (size_t)est;
			a->max_load = 97;
		}
	}
	if (ncap > UINT32_MAX)
		return -1;
	uint32_t *ns = sb_realloc(a->ds, ncap * 3 * sizeof *ns);
	if (!ns)
		return -1;
	a->ds = ns;
	memset(a->ds + 3 * a->dcap, 0, (ncap - a->dcap) * 3 * sizeof *ns);
	for (size_t i = 0; i < a->dcap; i++)
		if (a->ds[3 * i])
			a->ds[3 * i] |= S_OLD;
	a->dcap = ncap;
	for (size_t i = 0; i < ncap; i++) {
		uint32_t *slot = a->ds + 3 * i;
		while (slot[0] & S_OLD) {
			uint64_t h = S_slot_hash(slot);
			uint32_t row = slot[0] & ~S_OLD;
			slot[0] = 0;
			S_place(a, h, row);
		}
	}
	return 0;
}

/* The row an id was first seen on, or 0 (and the id is remembered). -1 when memory runs out. */
static long S_dup_check(struct sb_answers *a, uint64_t h, long row)
{
	if (a->dcap) {
		for (size_t i = S_home(h, a->dcap);;) {
			const uint32_t *slot = a->ds + 3 * i;
			if (slot[0] == 0)
				break;
			if (S_slot_hash(slot) == h)
				return slot[0];
			if (++i == a->dcap)
				i = 0;
		}
	}
	if (row > S_ROW_MAX) { /* beyond 2^31 rows the check stops; nothing is wrong with the rows */
		a->dup_off = true;
		return 0;
	}
	if ((a->dn + 1) * 100 > a->dcap * a->max_load && S_dup_grow(a) != 0)
		return -1;
	S_place(a, h, (uint32_t)row);
	a->dn++;
	return 0;
}

/* Starts fetching the slot of the next row's id while this row is being scored: when the id is
 * the first column and unquoted, it can be read from the bytes ahead without parsing them. */
static void S_dup_prefetch_next(struct sb_answers *a)
{
	if (a->id_col != 0 || !a->dcap)
		return;
	size_t n;
	const char *p = sb_csv_peek(a->csv, &n);
	if (n > 256)
		n = 256;
	const char *comma = n ? memchr(p, a->info.delimiter, n) : NULL;
	if (!comma || comma == p || *p == '"')
		return;
	__builtin_prefetch(a->ds + 3 * S_home(sb_id_hash(p, (size_t)(comma - p)), a->dcap));
}

/* --- opening and the header --------------------------------------------------------------- */

void sb_answers_close(sb_answers *a)
{
	if (!a)
		return;
	sb_csv_free(a->csv);
	if (a->worker) {
		sb_free_apart(a->values);
		sb_buf_free(&a->id);
		sb_buf_free(&a->kept_buf);
		sb_free(a->kept);
		sb_free(a->kept_len);
		sb_free_apart(a);
		return;
	}
	sb_src_free(a->src);
	sb_cells_free(a->cells);
	sb_free(a->map);
	if (a->own_fd && a->fd >= 0)
		close(a->fd);
	sb_free(a->name);
	sb_free(a->col_names); /* the names are in the same allocation */
	sb_free(a->item_col);
	sb_free(a->has_item);
	sb_free(a->lo);
	sb_free(a->hi);
	sb_free(a->keep_col);
	sb_free(a->pair_lo);
	sb_free(a->pair_span);
	sb_free(a->values);
	sb_buf_free(&a->id);
	sb_buf_free(&a->kept_buf);
	sb_free(a->kept);
	sb_free(a->kept_len);
	sb_free(a->ds);
	sb_free(a);
}

static sb_status S_nomem(sb_answers *a, sb_diags *d)
{
	sb_diags_add(d, a ? a->name : NULL, 0, 0, "out of memory");
	return SB_ERR_INTERNAL;
}

/* A failed read: a byte the encoding refuses (SB_ERR_DATA), or the system's error. */
static sb_status S_read_error(sb_answers *a, sb_diags *d)
{
	if (errno == EILSEQ && a->src) {
		sb_diags_add(d, a->name, sb_src_bad_line(a->src), 0,
		             "not valid %s text (the file's encoding is another: see --encoding)",
		             sb_src_encoding(a->src));
		return SB_ERR_DATA;
	}
	sb_diags_add(d, a->name, 0, 0, "cannot read: %s", strerror(errno));
	return SB_ERR_IO;
}

/* The mapped header's item columns, in column order, with the digit range each may take; how
 * each was found and how many items have no column (the optional safety questions not counted:
 * never required). */
static void S_item_columns(sb_answers *a)
{
	const sb_bank *b = a->b;
	for (size_t j = 0; j < a->n_cols; j++) {
		if (a->map[j].role != SB_COL_ITEM)
			continue;
		size_t it = a->map[j].item;
		a->has_item[it] = true;
		int lo = a->lo[it] > 0 ? a->lo[it] : 0, hi = a->hi[it] < 9 ? a->hi[it] : 9;
		a->item_col[a->n_item_cols++] = (S_item_col){
			.col = (uint32_t)j, .item = (uint32_t)it,
			.d0 = lo <= hi ? (unsigned)('0' + lo) : 256u, .dspan = lo <= hi ? (unsigned)(hi - lo) : 0,
		};
		sb_answers_info *in = &a->info;
		switch (a->map[j].how) {
		case SB_BY_ID: in->by_id++; break;
		case SB_BY_FILE: in->by_file++; break;
		case SB_BY_CODE: in->by_code++; break;
		case SB_BY_TEXT: in->by_text++; break;
		}
	}
	a->all_items = a->n_item_cols == b->n_items;
	/* items with no column, the optional safety questions not counted (never required) */
	a->info.missing_items = 0;
	for (size_t i = 0; i < b->n_items; i++)
		a->info.missing_items += !b->items[i].safety && !sb_answers_has_item(a, i);
}

/* What S_plain_row needs, when the columns are the id and then items. 0, or -1 when out of
 * memory. */
static int S_plain_tables(sb_answers *a)
{
	size_t n = a->n_item_cols;
	a->fast = a->id_col == 0 && a->n_keep == 0 && n && a->n_cols == n + 1;
	for (size_t k = 0; k < n; k++) /* a range without a one-digit answer: left to the rule */
		a->fast &= a->item_col[k].d0 < 256;
	if (!a->fast)
		return 0;
	const unsigned char delim = (unsigned char)a->info.delimiter;
	for (unsigned c = 0x20; c < 0x7f; c++)
		a->idcls[c] = c != '"' && c != delim;
	a->in_order = true;
	for (size_t k = 0; k < n; k++)
		a->in_order &= a->item_col[k].item == k;
	if (n < 8)
		return 0;
	a->pair_lo = sb_malloc((n - 7) * sizeof *a->pair_lo);
	a->pair_span = sb_malloc((n - 7) * sizeof *a->pair_span);
	if (!a->pair_lo || !a->pair_span)
		return -1;
	for (size_t k = 0; k + 8 <= n; k++)
		for (size_t j = 0; j < 8; j++) {
			const S_item_col *ic = &a->item_col[k + j];
			a->pair_lo[k][2 * j] = (unsigned char)ic->d0;
			a->pair_span[k][2 * j] = (unsigned char)ic->dspan;
			a->pair_lo[k][2 * j + 1] = k + j + 1 == n ? '\n' : delim;
			a->pair_span[k][2 * j + 1] = 0;
		}
	return 0;
}

/* Each --keep column found exactly once in the header. SB_OK or SB_ERR_DATA after reporting. */
static sb_status S_keep_columns(sb_answers *a, const sb_answers_opts *o, long row, sb_diags *d)
{
	sb_status st = SB_OK;
	for (size_t k = 0; k < a->n_keep; k++) {
		size_t found = SB_NONE;
		for (size_t j = 0; j < a->n_cols; j++) {
			if (strcmp(a->col_names[j], o->keep[k]) != 0)
				continue;
			if (found != SB_NONE) {
				sb_diags_add(d, a->name, row, (long)j + 1,
				             "kept column '%s' appears twice (first in column %zu)", o->keep[k],
				             found + 1);
				st = SB_ERR_DATA;
				break;
			}
			found = j;
		}
		if (found == SB_NONE) {
			sb_diags_add(d, a->name, row, 0, "no column '%s' to keep in the header",
			             o->keep[k]);
			st = SB_ERR_DATA;
		}
		a->keep_col[k] = found;
	}
	return st;
}

static sb_status S_header(sb_answers *a, const sb_answers_opts *o, sb_diags *d)
{
	sb_csv_record rec;
	sb_status st = sb_csv_next(a->csv, &rec);
	if (st == SB_ERR_IO)
		return S_read_error(a, d);
	if (st != SB_OK)
		return S_nomem(a, d);
	if (rec.kind == SB_CSV_END) {
		a->empty = true;
		return SB_OK;
	}
	if (rec.kind == SB_CSV_BAD) {
		sb_diags_add(d, a->name, rec.row, rec.column, "header: %s", rec.message);
		return SB_ERR_DATA;
	}
	const sb_bank *b = a->b;
	a->n_cols = rec.n_fields;
	/* the names' copies in one allocation with their pointers: one allocation per column was a
	 * good part of opening a small file under ASan */
	size_t bytes = 0;
	for (size_t j = 0; j < a->n_cols; j++)
		bytes += rec.fields[j].len + 1;
	a->col_names = sb_malloc((a->n_cols ? a->n_cols : 1) * sizeof *a->col_names + bytes);
	a->item_col = sb_calloc(a->n_cols, sizeof *a->item_col);
	if (!a->col_names || !a->item_col)
		return S_nomem(a, d);
	a->map = sb_calloc(a->n_cols ? a->n_cols : 1, sizeof *a->map);
	size_t *lens = sb_calloc(a->n_cols ? a->n_cols : 1, sizeof *lens);
	if (!a->map || !lens) {
		sb_free(lens);
		return S_nomem(a, d);
	}
	a->id_col = SB_NONE;
	st = SB_OK;
	char *p = (char *)(a->col_names + (a->n_cols ? a->n_cols : 1));
	for (size_t j = 0; j < a->n_cols; j++) {
		size_t len = rec.fields[j].len;
		if (len)
			memcpy(p, rec.fields[j].p, len);
		p[len] = '\0';
		a->col_names[j] = p;
		lens[j] = len;
		p += len + 1;
	}
	sb_import_header_opts ho = {
		.id_column = o->id_column, .columns = o->columns, .n_columns = o->n_columns,
		.keep = o->keep, .n_keep = o->n_keep, .allow_missing_items = o->allow_missing_items,
	};
	st = sb_import_header(b, (const char *const *)a->col_names, lens, a->n_cols, &ho, a->name,
	                      rec.row, a->map, &a->id_col, d);
	sb_free(lens);
	if (st == SB_ERR_INTERNAL)
		return st;
	S_item_columns(a);
	if (a->id_col != SB_NONE) {
		a->info.id_column = a->col_names[a->id_col];
		a->info.id_guessed = !o->id_column && strcmp(a->col_names[a->id_col], "id") != 0;
	}
	a->info.n_cols = a->n_cols;
	a->info.col_names = (const char *const *)a->col_names;
	a->info.map = a->map;
	if (S_keep_columns(a, o, rec.row, d) != SB_OK)
		st = SB_ERR_DATA;
	if (st != SB_OK)
		return st;
	if (S_plain_tables(a) != 0)
		return S_nomem(a, d);
	/* Further header rows: named with --skip-rows, or Qualtrics' found in the decoded start. */
	long skip = o->skip_rows_set ? o->skip_rows : a->qualtrics_rows;
	a->info.qualtrics = !o->skip_rows_set && skip > 0;
	for (long k = 0; k < skip; k++) {
		sb_csv_record r2;
		sb_status s2 = sb_csv_next(a->csv, &r2);
		if (s2 != SB_OK)
			return s2 == SB_ERR_IO ? S_read_error(a, d) : S_nomem(a, d);
		if (r2.kind == SB_CSV_END)
			break;
		a->info.header_rows_skipped++;
	}
	return SB_OK;
}

sb_status sb_answers_open_fd(const sb_bank *b, int fd, const sb_answers_opts *o,
                             sb_answers **out, sb_diags *d)
{
	static const sb_answers_opts none = { 0 };
	if (!o)
		o = &none;
	*out = NULL;
	sb_answers *a = sb_calloc(1, sizeof *a);
	if (!a)
		return S_nomem(NULL, d);
	a->b = b;
	a->fd = fd;
	a->check_dup = o->check_duplicates;
	a->max_load = 90;
	a->name = sb_strdup(o->name ? o->name : "-");
	a->n_keep = o->n_keep;
	size_t ni = b->n_items ? b->n_items : 1, nk = o->n_keep ? o->n_keep : 1;
	a->has_item = sb_calloc(ni, sizeof *a->has_item);
	a->lo = sb_malloc(ni * sizeof *a->lo);
	a->hi = sb_malloc(ni * sizeof *a->hi);
	a->values = sb_malloc(ni * sizeof *a->values);
	a->keep_col = sb_malloc(nk * sizeof *a->keep_col);
	a->kept = sb_calloc(nk, sizeof *a->kept);
	a->kept_len = sb_calloc(nk, sizeof *a->kept_len);
	sb_status st;
	if (!a->name || !a->has_item || !a->lo || !a->hi || !a->values || !a->keep_col || !a->kept ||
	    !a->kept_len) {
		st = S_nomem(a, d);
		goto fail;
	}
	for (size_t i = 0; i < b->n_items; i++) {
		const sb_response_scale *r = &b->responses[b->items[i].response];
		a->lo[i] = r->min;
		a->hi[i] = r->max;
	}
	struct stat sbuf;
	if (fstat(fd, &sbuf) == 0 && S_ISREG(sbuf.st_mode) && sbuf.st_size > 0)
		a->file_size = (unsigned long long)sbuf.st_size;
	a->regular = fstat(fd, &sbuf) == 0 && S_ISREG(sbuf.st_mode);
	if ((st = sb_src_open_fn(fd, o->read_fn, o->read_ctx, o->encoding, a->name, o->whole_head,
	                          &a->src, d)) != SB_OK)
		goto fail;
	size_t block = a->regular && a->file_size ? sb_csv_block_for(o->block_size, a->file_size)
	                                           : o->block_size;
	if (sb_csv_open_fn(sb_src_read, a->src, block, &a->csv) != SB_OK ||
	    sb_cells_new(b, o->missing, o->n_missing, o->missing_set, &a->cells) != SB_OK) {
		st = S_nomem(a, d);
		goto fail;
	}
	size_t head_len;
	const char *head = sb_src_head(a->src, &head_len);
	a->info.delimiter = o->delimiter ? o->delimiter : sb_import_sniff_delimiter(head, head_len);
	a->info.delimiter_detected = !o->delimiter;
	a->info.encoding = sb_src_encoding(a->src);
	a->info.cr_only = sb_src_cr_only(a->src);
	a->plain = !o->encoding && strncmp(a->info.encoding, "UTF-8", 5) == 0;
	sb_csv_set_delimiter(a->csv, a->info.delimiter);
	if (!o->skip_rows_set)
		a->qualtrics_rows = sb_import_sniff_header_rows(head, head_len, a->info.delimiter);
	if ((st = S_header(a, o, d)) != SB_OK)
		goto fail;
	*out = a;
	return SB_OK;
fail:
	a->own_fd = false; /* the caller keeps fd on failure */
	sb_answers_close(a);
	return st;
}

sb_status sb_answers_open_path(const sb_bank *b, const char *path, const sb_answers_opts *o,
                               sb_answers **out, sb_diags *d)
{
	*out = NULL;
	sb_answers_opts oo = o ? *o : (sb_answers_opts){ 0 };
	if (!oo.name)
		oo.name = path;
	if (strcmp(path, "-") == 0)
		return sb_answers_open_fd(b, STDIN_FILENO, &oo, out, d);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sb_diags_add(d, oo.name, 0, 0, "cannot open: %s", strerror(errno));
		return SB_ERR_NOINPUT;
	}
	struct stat sbuf;
	if (fstat(fd, &sbuf) == 0 && S_ISDIR(sbuf.st_mode)) {
		sb_diags_add(d, oo.name, 0, 0, "cannot open: it is a folder");
		close(fd);
		return SB_ERR_NOINPUT;
	}
	sb_status st = sb_answers_open_fd(b, fd, &oo, out, d);
	if (st != SB_OK) {
		close(fd);
		return st;
	}
	(*out)->own_fd = true;
	return SB_OK;
}

/* --- blocks for several threads -------------------------------------------------------------- */

bool sb_answers_blocks_ok(const sb_answers *a)
{
	return !a->empty && !a->worker && a->regular && !a->check_dup && a->plain;
}

sb_status sb_answers_take(sb_answers *a, size_t want, char **blk, size_t *cap, size_t *len,
                          bool *eof, bool *unsafe, sb_diags *d)
{
	sb_status st = sb_csv_take(a->csv, want, blk, cap, len, eof, unsafe);
	if (st == SB_ERR_IO)
		return S_read_error(a, d);
	if (st != SB_OK)
		return S_nomem(a, d);
	return SB_OK;
}

long sb_answers_next_row(const sb_answers *a)
{
	return sb_csv_row(a->csv);
}

void sb_answers_set_row(sb_answers *a, long row)
{
	sb_csv_set_row(a->csv, row);
}

sb_status sb_answers_worker(const sb_answers *a, sb_answers **out)
{
	*out = NULL;
	/* a worker's reader and values are written on every row by its thread: apart */
	sb_answers *w = sb_calloc_apart(1, sizeof *w);
	if (!w)
		return SB_ERR_INTERNAL;
	*w = *a;
	w->worker = true;
	w->csv = NULL;
	w->src = NULL;
	w->fd = -1;
	w->own_fd = false;
	w->check_dup = false;
	w->ds = NULL;
	w->rows = 0;
	w->id = (sb_buf){ 0 };
	w->kept_buf = (sb_buf){ 0 };
	size_t ni = a->b->n_items ? a->b->n_items : 1, nk = a->n_keep ? a->n_keep : 1;
	w->values = sb_calloc_apart(ni, sizeof *w->values);
	w->kept = sb_calloc(nk, sizeof *w->kept);
	w->kept_len = sb_calloc(nk, sizeof *w->kept_len);
	if (!w->values || !w->kept || !w->kept_len ||
	    sb_csv_open_mem(NULL, 0, 4096, &w->csv) /* its buffer is never read into */ != SB_OK) {
		sb_answers_close(w);
		return SB_ERR_INTERNAL;
	}
	for (size_t i = 0; i < a->b->n_items; i++)
		w->values[i] = SB_MISSING;
	sb_csv_set_delimiter(w->csv, a->info.delimiter);
	*out = w;
	return SB_OK;
}

void sb_answers_feed(sb_answers *w, const char *data, size_t len, long row)
{
	sb_csv_feed(w->csv, data, len, row);
}

/* --- rows ------------------------------------------------------------------------------------ */

bool sb_answers_has_item(const sb_answers *a, size_t i)
{
	return i < a->b->n_items && a->has_item[i];
}

const sb_answers_info *sb_answers_import_info(const sb_answers *a)
{
	return &a->info;
}

unsigned long sb_answers_rows_read(const sb_answers *a)
{
	return a->rows;
}

unsigned long long sb_answers_bytes_read(const sb_answers *a)
{
	return sb_csv_bytes(a->csv);
}

/* A cell as it may be shown inside a reason: as text when it is valid UTF-8 (control characters,
 * quotes and backslashes as \xHH), else printable ASCII with other bytes as \xHH; at most about
 * 24 bytes of it. */
static void S_show(char *out, size_t size, const char *s, size_t n)
{
	bool text = sb_utf8_check((const unsigned char *)s, n, false, NULL);
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < size;) {
		unsigned char c = (unsigned char)s[i];
		if (i >= 24) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
			out[o++] = (char)c;
			i++;
		} else if (text && c >= 0xC2) {
			size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (o + len + 5 >= size)
				break;
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
		} else {
			o += (size_t)snprintf(out + o, size - o, "\\x%02X", c);
			i++;
		}
	}
	out[o] = '\0';
}

/* The value rule: empty is missing; a plain whole number within the item's range; else the import
 * rules (sb_cells_value: spaces, 3.0, full-width digits, labels, missing codes). 1 on success, 0
 * with a reason. Out of line: inlined, it took the registers of the loop over a row's cells, which
 * calls it only for the uncommon cell. */
S_NOINLINE static int S_value(sb_answers *a, size_t item, const char *s, size_t n, int *out)
{
	if (n == 1 && s[0] >= '0' && s[0] <= '9') { /* the common case */
		int v = s[0] - '0';
		if (v >= a->lo[item] && v <= a->hi[item]) {
			*out = v;
			return 1;
		}
	}
	if (n == 0) {
		*out = SB_MISSING;
		return 1;
	}
	char shown[128];
	S_show(shown, sizeof shown, s, n);
	long long v;
	if (!sb_cells_value(a->cells, a->b->items[item].response, s, n, &v)) {
		snprintf(a->reason, sizeof a->reason,
		         "value '%s' is not an integer or a response label", shown);
		return 0;
	}
	if (v == SB_MISSING) {
		*out = SB_MISSING;
		return 1;
	}
	if (v < a->lo[item] || v > a->hi[item]) {
		snprintf(a->reason, sizeof a->reason, "value %s is outside %d..%d", shown, a->lo[item],
		         a->hi[item]);
		return 0;
	}
	*out = (int)v;
	return 1;
}

static void S_reject(sb_answers *a, sb_answer_row *row, long column, const char *reason)
{
	row->kind = SB_ANSWER_REJECT;
	if (a->all_items) /* values a good row left behind must not show through */
		for (size_t i = 0; i < a->b->n_items; i++)
			a->values[i] = SB_MISSING;
	row->column = column;
	row->column_name = column >= 1 && (size_t)column <= a->n_cols ? a->col_names[column - 1]
	                                                               : NULL;
	if (reason != a->reason)
		snprintf(a->reason, sizeof a->reason, "%s", reason);
	row->reason = a->reason;
}

/* The start of every row: the row points at this reader's buffers, kept columns empty, items
 * missing (when the header does not name them all), no id yet. */
static void S_row_start(sb_answers *a, sb_answer_row *row, const sb_csv_record *rec)
{
	row->record = rec->raw;
	row->record_len = rec->raw_len;
	row->record_truncated = rec->raw_truncated;
	row->values = a->values;
	row->kept = a->kept;
	row->kept_len = a->kept_len;
	row->n_kept = a->n_keep;
	for (size_t k = 0; k < a->n_keep; k++) {
		a->kept[k] = "";
		a->kept_len[k] = 0;
	}
	if (!a->all_items)
		for (size_t i = 0; i < a->b->n_items; i++)
			a->values[i] = SB_MISSING;
	a->id.len = 0;
	if (a->id.data)
		a->id.data[0] = '\0';
	row->id = "";
}

/* The row's id, copied (NUL-terminated): false when out of memory. */
static bool S_set_id(sb_answers *a, sb_answer_row *row, const char *id, size_t id_len)
{
	a->id.len = 0;
	sb_buf_put(&a->id, id, id_len);
	row->id = a->id.data;
	row->id_len = id_len;
	return !a->id.failed;
}

/* A row with more or fewer fields than the header: rejected, with its id when the row reaches
 * the id column, so that a caller looking for one respondent can tell that it is theirs. */
static S_NOINLINE sb_status S_short_row(sb_answers *a, sb_answer_row *row,
                                        const sb_csv_record *rec, sb_diags *d)
{
	if (a->id_col < rec->n_fields) {
		const sb_csv_field *idf = &rec->fields[a->id_col];
		if (idf->len && sb_utf8_check((const unsigned char *)idf->p, idf->len, false, NULL) &&
		    !S_set_id(a, row, idf->p, idf->len))
			return S_nomem(a, d);
	}
	snprintf(a->reason, sizeof a->reason, "the row has %zu field%s, the header %zu",
	         rec->n_fields, rec->n_fields == 1 ? "" : "s", a->n_cols);
	S_reject(a, row, (long)(rec->n_fields < a->n_cols ? rec->n_fields : a->n_cols) + 1,
	         a->reason);
	return SB_OK;
}

/* Copies the --keep columns of the row's fields f into kept_buf, each NUL-terminated, and points
 * kept[] at them; false when out of memory. */
static bool S_keep(sb_answers *a, const sb_csv_field *f)
{
	a->kept_buf.len = 0;
	for (size_t k = 0; k < a->n_keep; k++) {
		const sb_csv_field *kf = &f[a->keep_col[k]];
		sb_buf_put(&a->kept_buf, kf->p, kf->len);
		sb_buf_putc(&a->kept_buf, '\0');
		a->kept_len[k] = kf->len;
	}
	if (a->kept_buf.failed)
		return false;
	const char *p = a->kept_buf.data;
	for (size_t k = 0; k < a->n_keep; k++) {
		a->kept[k] = p;
		p += a->kept_len[k] + 1;
	}
	return true;
}

/* The end of a good row: the duplicate check. */
static sb_status S_good_row(sb_answers *a, sb_answer_row *row, sb_diags *d)
{
	if (a->check_dup && !a->dup_off) {
		long first = S_dup_check(a, sb_id_hash(row->id, row->id_len), row->row);
		if (first < 0)
			return S_nomem(a, d);
		row->duplicate_of = first;
		S_dup_prefetch_next(a);
	}
	row->kind = SB_ANSWER_ROW;
	return SB_OK;
}

/* The common row read straight from the reader's bytes, without the general parse into fields:
 * an id of printable ASCII without a quote, then one field per item (a->fast), each empty or one
 * digit within the item's range, on a line of its own ending inside the bytes. The id's length,
 * or 0 with nothing consumed for anything else, which sb_csv_next and the value rule then read
 * as before. The scans stop at the bytes' end, where the reader keeps a line feed and zeros
 * (sb_csv_skip_line). test_answers.c: test_plain_rows_differential holds it to the general
 * reading. */
static size_t S_plain_row(sb_answers *a, sb_answer_row *row)
{
	size_t len;
	const char *s = sb_csv_peek(a->csv, &len);
	const char *p = s, *e = s + len;
	const char delim = a->info.delimiter;
#ifdef __SSE2__
	/* the id: up to the first byte that is not printable ASCII, a quote or the delimiter (the
	 * line feed after the bytes stops it) */
	for (;; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i quote = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(delim)),
		                             _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
		__m128i ctl = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)), /* and 0x80 up */
		                           _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)));
		__m128i stop = _mm_or_si128(quote, ctl);
		unsigned m = (unsigned)_mm_movemask_epi8(stop);
		if (m) {
			p += __builtin_ctz(m);
			break;
		}
	}
#else
	while (a->idcls[(unsigned char)*p])
		p++;
#endif
	const char *id_end = p;
	if (p == s || *p != delim || p - s > 4096)
		return 0;
	p++;
	int *v = a->values;
	const size_t ni = a->n_item_cols;
	for (size_t k = 0;;) {
#ifdef __SSE2__
		/* eight "d," at once: the leading ones that are a digit within the range and a delimiter */
		while (ni - k >= 8) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
			__m128i t = _mm_sub_epi8(x, _mm_loadu_si128((const __m128i *)a->pair_lo[k]));
			__m128i span = _mm_loadu_si128((const __m128i *)a->pair_span[k]);
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, span), t));
			m &= m >> 1; /* bit 2j: pair j holds */
			unsigned good = (unsigned)__builtin_ctz((~m & 0x5555u) | 0x10000u) / 2;
			__m128i dig = _mm_and_si128(_mm_sub_epi8(x, _mm_set1_epi8('0')), _mm_set1_epi16(0xFF));
			__m128i lo = _mm_unpacklo_epi16(dig, _mm_setzero_si128());
			__m128i hi = _mm_unpackhi_epi16(dig, _mm_setzero_si128());
			if (a->in_order) { /* items past the good ones are written again later */
				_mm_storeu_si128((__m128i *)(void *)(v + k), lo);
				_mm_storeu_si128((__m128i *)(void *)(v + k + 4), hi);
			} else {
				int got[8];
				_mm_storeu_si128((__m128i *)(void *)got, lo);
				_mm_storeu_si128((__m128i *)(void *)(got + 4), hi);
				for (size_t j = 0; j < good; j++)
					v[a->item_col[k + j].item] = got[j];
			}
			/* The next eight's place does not wait for this eight's check: a whole eight is the
			 * predicted branch, so the loads of the next ones start before this one is known. */
			if (good < 8) {
				p += 2 * good;
				k += good;
				break;
			}
			p += 16;
			k += 8;
		}
		if (k == ni) /* the last eight ended with the line feed */
			break;
#endif
		/* one field: a digit within the range or empty, then the delimiter */
		const S_item_col *ic = &a->item_col[k];
		unsigned c = (unsigned char)*p;
		bool digit = c - ic->d0 <= ic->dspan;
		v[ic->item] = digit ? (int)c - '0' : SB_MISSING;
		p += digit;
		if (++k == ni)
			break;
		if (*p != delim)
			return 0;
		p++;
	}
	/* p is at the line end, or just past it when the last item was read eight at a time */
	if (p[-1] == '\n')
		p--;
	const char *end = p;
	if (p < e && *p == '\r')
		p++;
	if (p >= e || *p != '\n')
		return 0;
	if (!a->all_items)
		for (size_t i = 0; i < a->b->n_items; i++)
			if (!a->has_item[i])
				v[i] = SB_MISSING;
	*row = (sb_answer_row){
		.row = sb_csv_row(a->csv), .values = v, .kept = a->kept, .kept_len = a->kept_len,
		.record = s, .record_len = (size_t)(end - s),
	};
	sb_csv_skip_line(a->csv, (size_t)(p + 1 - s));
	a->rows++;
	return (size_t)(id_end - s);
}

sb_status sb_answers_next(sb_answers *a, sb_answer_row *row, sb_diags *d)
{
	size_t id_len = a->fast ? S_plain_row(a, row) : 0;
	if (id_len)
		return S_set_id(a, row, row->record, id_len) ? S_good_row(a, row, d) : S_nomem(a, d);
	memset(row, 0, sizeof *row);
	if (a->empty) {
		row->kind = SB_ANSWER_END;
		return SB_OK;
	}
	sb_csv_record rec;
	sb_status st = sb_csv_next(a->csv, &rec);
	if (st == SB_ERR_IO)
		return S_read_error(a, d);
	if (st != SB_OK)
		return S_nomem(a, d);
	row->row = rec.row;
	if (rec.kind == SB_CSV_END) {
		row->kind = SB_ANSWER_END;
		return SB_OK;
	}
	a->rows++;
	S_row_start(a, row, &rec);
	if (rec.kind == SB_CSV_BAD) {
		S_reject(a, row, rec.column, rec.message);
		return SB_OK;
	}
	if (rec.n_fields != a->n_cols)
		return S_short_row(a, row, &rec, d);
	const sb_csv_field *f = rec.fields;
	const sb_csv_field *idf = &f[a->id_col];
	if (idf->len == 0) {
		S_reject(a, row, (long)a->id_col + 1, "empty id");
		return SB_OK;
	}
	if (!sb_utf8_check((const unsigned char *)idf->p, idf->len, false, NULL)) {
		S_reject(a, row, (long)a->id_col + 1, "id is not valid UTF-8");
		return SB_OK;
	}
	if (!S_set_id(a, row, idf->p, idf->len))
		return S_nomem(a, d);
	int *values = a->values;
	for (const S_item_col *ic = a->item_col, *end = ic + a->n_item_cols; ic < end; ic++) {
		const sb_csv_field *c = &f[ic->col];
		/* the common case inline: one digit within the range */
		if (S_LIKELY(c->len == 1) &&
		    S_LIKELY((unsigned)(unsigned char)c->p[0] - ic->d0 <= ic->dspan)) {
			values[ic->item] = (unsigned char)c->p[0] - '0';
			continue;
		}
		if (!S_value(a, ic->item, c->p, c->len, &values[ic->item])) {
			S_reject(a, row, (long)ic->col + 1, a->reason);
			return SB_OK;
		}
	}
	if (a->n_keep && !S_keep(a, f))
		return S_nomem(a, d);
	return S_good_row(a, row, d);
}

bool sb_answers_ready(const sb_answers *a)
{
	if (a->fd < 0 || a->regular)
		return true;
	size_t n;
	const char *p = sb_csv_peek(a->csv, &n);
	if (n && memchr(p, '\n', n))
		return true;
	struct pollfd pf = { .fd = a->fd, .events = POLLIN };
	return poll(&pf, 1, 0) != 0; /* readable, at its end, or an error that reading will report */
}

/* --- writing --------------------------------------------------------------------------------- */

void sb_answers_write_header(const sb_bank *b, sb_buf *out)
{
	sb_buf_puts(out, "id");
	for (size_t i = 0; i < b->n_items; i++) {
		sb_buf_putc(out, ',');
		sb_buf_puts(out, b->items[i].id);
	}
	sb_buf_putc(out, '\n');
}

void sb_answers_write_row(const sb_bank *b, const char *id, const int *values, sb_buf *out)
{
	sb_csv_put(out, id, strlen(id), false);
	for (size_t i = 0; i < b->n_items; i++) {
		char num[SB_NUMFMT_MAX];
		sb_buf_putc(out, ',');
		if (values[i] != SB_MISSING)
			sb_buf_put(out, num, sb_fmt_int(num, values[i]));
	}
	sb_buf_putc(out, '\n');
}

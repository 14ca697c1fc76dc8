/* SPDX-License-Identifier: MIT */
/* answers.h — an answers CSV read against a bank, one row at a time; and one answers row written.
 *
 * Reading: open on a file descriptor or a path, the header is checked at once, then
 * sb_answers_next gives one row (or one rejected row) per call until the end. Memory does not grow
 * with the number of rows, except for the duplicate-id check (a few bytes per distinct id, see
 * sb_answers_opts.check_duplicates). Row numbers are 1-based and count physical lines as a
 * spreadsheet shows them: the header is row 1, blank lines count, and a record whose quoted field
 * spans lines is numbered by the line it starts on. Columns are 1-based. */
#ifndef SB_ANSWERS_H
#define SB_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "base/error.h"
#include "data/csv.h"
#include "data/import.h"

typedef struct sb_answers sb_answers;

typedef struct {
	/* The input's name in diagnostics (a path, or "-" for standard input). NULL: "-". */
	const char *name;
	/* Extra columns to hand back with every row (--keep), by header name. Each must be in the
	 * header exactly once, or opening fails. Any column may be named, an item's or id too. */
	const char *const *keep;
	size_t n_keep;
	/* Warn about ids that repeat an earlier row's (sb_answer_row.duplicate_of). */
	bool check_duplicates;
	/* Bytes per read(2); 0 gives the default (SB_CSV_BLOCK, 256 KiB). Tests use tiny sizes. */
	size_t block_size;
	/* Read through read_fn(read_ctx, ...) instead of read(2) on the fd, when set: the fuzz
	 * targets split their input between reads as they choose this way. NULL: read(2). */
	sb_csv_read_fn read_fn;
	void *read_ctx;

	/* Survey exports (docs/importing.md). All zero: the defaults. */
	const char *id_column;         /* NULL: "id", else a name platforms use (import.h) */
	bool allow_missing_items;      /* else an item without a column is a header error */
	bool whole_head;               /* wait for the whole head from a pipe too (the fuzz target,
	                                * whose pipe's chunk sizes must not change what is read) */
	char delimiter;                /* 0: detected from the header line (',' ';' TAB) */
	const char *encoding;          /* NULL: UTF-8 (BOM or not) or UTF-16 with BOM */
	long skip_rows;                /* rows after the header to skip, when skip_rows_set; else
	                                * Qualtrics' 2 further header rows are found */
	bool skip_rows_set;
	const sb_column_pair *columns; /* --columns: header name -> item id */
	size_t n_columns;
	const char *const *missing;    /* missing codes besides the empty cell, when missing_set; */
	size_t n_missing;              /* else "NA" */
	bool missing_set;
} sb_answers_opts;

/* How the file was read, for the import summary; valid while the reader is open. */
typedef struct {
	char delimiter;
	bool delimiter_detected;       /* not given with --delimiter */
	const char *encoding;          /* "UTF-8", "UTF-8 with BOM", "UTF-16LE", "GB18030", ... */
	bool cr_only;
	long header_rows_skipped;      /* after the header row */
	bool qualtrics;                /* they were Qualtrics' header rows */
	const char *id_column;         /* the id column's header name */
	bool id_guessed;               /* found among the platform names, not named */
	size_t by_id, by_file, by_code, by_text; /* items mapped each way */
	size_t n_cols;
	const char *const *col_names;  /* header names, n_cols */
	const sb_col_map *map;         /* n_cols: what each column is */
	size_t missing_items;          /* items with no column (--allow-missing-items) */
} sb_answers_info;
const sb_answers_info *sb_answers_import_info(const sb_answers *a);

typedef enum {
	SB_ANSWER_ROW,    /* a row to score: sb_answer_row's row fields are set */
	SB_ANSWER_REJECT, /* a row that cannot be scored: its reject fields are set */
	SB_ANSWER_END     /* no more rows */
} sb_answer_kind;

/* One data row. Every pointer stays valid until the next sb_answers_next or sb_answers_close. */
typedef struct {
	sb_answer_kind kind;
	long row;                  /* 1-based row number (header = row 1) */
	/* The raw bytes of the whole record as read, without its line ending (quotes, embedded
	 * newlines and all), for a rejects file. Truncated (record_truncated) only when the record
	 * broke a size limit. */
	const char *record;
	size_t record_len;
	bool record_truncated;

	/* SB_ANSWER_ROW. For SB_ANSWER_REJECT: id is the row's id once it was found valid (a row
	 * with too few or too many fields too, when it reaches the id column), else "";
	 * values and kept are there but say nothing; duplicate_of is 0. */
	const char *id;            /* NUL-terminated, valid UTF-8, not empty */
	size_t id_len;
	const int *values;         /* bank->n_items values in bank item order; SB_MISSING for an
	                            * empty cell or an item the header does not name */
	const char *const *kept;   /* n_kept fields, NUL-terminated, in --keep order (bytes as read:
	                            * may hold invalid UTF-8; never NULL) */
	const size_t *kept_len;
	size_t n_kept;
	long duplicate_of;         /* row number of an earlier row with the same id, or 0 */

	/* SB_ANSWER_REJECT: */
	long column;               /* 1-based column of the problem, 0 when it is the row's */
	const char *column_name;   /* the header's name for that column, or NULL (past the header,
	                            * or column 0) */
	const char *reason;        /* one line, English, no trailing period, e.g.
	                            * "value 9 is outside 1..7" */
} sb_answer_row;

/* Opens fd (not closed by the reader; the caller keeps it) and checks the header against bank b.
 * An empty input (no header at all) is not an error: it gives SB_ANSWER_END at once.
 * Header errors give SB_ERR_DATA with a diagnostic at row 1 and the column: no `id` column, an
 * item (or `id`) named twice, an item with no column (unless allow_missing_items), a --keep
 * column missing from the header, or a malformed header record; and (see transcode.h) a file that
 * is GB18030 read as UTF-8 (SB_ERR_DATA) or an unknown encoding (SB_ERR_USAGE). SB_ERR_IO when reading fails, SB_ERR_INTERNAL on allocation
 * failure; *out is NULL on any error. b must outlive the reader. */
sb_status sb_answers_open_fd(const sb_bank *b, int fd, const sb_answers_opts *o,
                             sb_answers **out, sb_diags *d);
/* Opens path ("-" is standard input) and then as sb_answers_open_fd; the reader closes the file.
 * SB_ERR_NOINPUT (66) when it cannot be opened or is a folder. o->name NULL: path is the name. */
sb_status sb_answers_open_path(const sb_bank *b, const char *path, const sb_answers_opts *o,
                               sb_answers **out, sb_diags *d);

/* Reads the next row into *row. SB_OK with row->kind set, also for a rejected row (the reader then
 * goes on with the next record). SB_ERR_IO when reading fails, SB_ERR_INTERNAL on allocation
 * failure (both with a diagnostic; *row is then undefined and the reader is finished). */
sb_status sb_answers_next(sb_answers *a, sb_answer_row *row, sb_diags *d);

/* Header facts, valid after a successful open. */
/* Whether the header named bank item i (otherwise that item is always SB_MISSING). */
bool sb_answers_has_item(const sb_answers *a, size_t i);
/* Rows read so far (scored + rejected, not counting the header or blank lines). */
unsigned long sb_answers_rows_read(const sb_answers *a);
/* Input bytes consumed so far (for progress lines). */
unsigned long long sb_answers_bytes_read(const sb_answers *a);

/* Whether the next sb_answers_next can give a row without waiting for input: the input is a
 * regular file or in memory, a whole line is already buffered, or the descriptor is readable (or
 * at its end) now. For a live filter: when this is false, what was scored so far is written out
 * before the reader waits. */
bool sb_answers_ready(const sb_answers *a);

/* Rows parsed on several threads (score/pipeline.c): the reader hands out blocks of raw records
 * (sb_answers_take, see sb_csv_take), and workers made from it (sb_answers_worker: the same header
 * and rules, no duplicate-id check, nothing read by themselves) read each block fed to them
 * (sb_answers_feed) with sb_answers_next. Workers share the reader's header: close them first.
 * Whether the input can be read that way: a regular file in UTF-8, read without the old
 * duplicate-id set. */
bool sb_answers_blocks_ok(const sb_answers *a);
sb_status sb_answers_take(sb_answers *a, size_t want, char **blk, size_t *cap, size_t *len,
                          bool *eof, bool *unsafe, sb_diags *d);
sb_status sb_answers_worker(const sb_answers *a, sb_answers **out);
/* Feeds data[0..len) (from sb_answers_take, kept until read) to worker w; its first line has
 * number row. */
void sb_answers_feed(sb_answers *w, const char *data, size_t len, long row);
/* The row number of the next line the reader reads; setting it (after blocks were taken, since
 * taking does not count lines). */
long sb_answers_next_row(const sb_answers *a);
void sb_answers_set_row(sb_answers *a, long row);

/* Closes the file if the reader opened it, frees everything. NULL is allowed. */
void sb_answers_close(sb_answers *a);

/* Writing, for `assess --save-answers` and `template`. Lines end in "\n". */
/* The header: "id", then every item id in presentation (= bank) order. */
void sb_answers_write_header(const sb_bank *b, sb_buf *out);
/* One row: id (quoted if it needs it, per RFC 4180; not guarded against formula injection, since
 * the file is meant to be read back by securebase and the id is the respondent's own), then
 * values in bank item order, SB_MISSING as an empty cell. */
void sb_answers_write_row(const sb_bank *b, const char *id, const int *values, sb_buf *out);

#endif

/* SPDX-License-Identifier: MIT */
/* csv.h — a streaming RFC 4180 reader (row and column in every error, resynchronises after a bad
 * record) and the escaping used when writing CSV cells.
 *
 * Reading rules: fields separated by ',' (or the separator set), records by LF or CRLF (a CR alone only at the very end
 * of the input); a field that starts with '"' is quoted and may hold ',', '"' written as '""',
 * CR and LF; a UTF-8 byte order mark at the start is skipped; an empty line is skipped but still
 * counted in row numbers. Rows are physical lines, 1-based, numbered by the line a record starts
 * on; columns are 1-based field positions. Memory: one block plus the longest record. */
#ifndef SB_CSV_H
#define SB_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

#define SB_CSV_BLOCK (256u * 1024)           /* default bytes per read(2) */
#define SB_CSV_FIELD_MAX (16u * 1024 * 1024) /* longest field, after unquoting */
#define SB_CSV_RECORD_MAX (32u * 1024 * 1024) /* longest record, raw bytes */
#define SB_CSV_COLUMNS_MAX 10000             /* most fields in one record */

typedef struct sb_csv sb_csv;

/* A field: bytes (not NUL-terminated; quotes removed, "" turned into ") valid until the next
 * sb_csv_next. quoted says the field was written in quotes. */
typedef struct {
	const char *p;
	size_t len;
	bool quoted;
} sb_csv_field;

typedef enum {
	SB_CSV_RECORD, /* fields are set */
	SB_CSV_BAD,    /* a malformed record: column and message say why; fields are not set */
	SB_CSV_END     /* end of input */
} sb_csv_kind;

typedef struct {
	sb_csv_kind kind;
	long row;                   /* the line the record starts on */
	const sb_csv_field *fields; /* SB_CSV_RECORD */
	size_t n_fields;
	/* Raw bytes of the record without its line ending; for SB_CSV_BAD, up to the end of the line
	 * where reading resumes. Truncated only when a size limit was broken. */
	const char *raw;
	size_t raw_len;
	bool raw_truncated;
	long column;                /* SB_CSV_BAD: 1-based field where the problem is */
	const char *message;        /* SB_CSV_BAD: a static English text */
} sb_csv_record;

/* The block to read with: block when given (not 0), else the default, or less for an input
 * known to hold size bytes (at least 16 KiB, since a file may still grow): a small file gets a
 * buffer of its own size, not 256 KiB mapped and cleared for a few hundred bytes. */
size_t sb_csv_block_for(size_t block, unsigned long long size);
/* A reader on fd (not closed by the reader) reading block bytes at a time (0: SB_CSV_BLOCK, or
 * less for a small regular file: sb_csv_block_for).
 * SB_OK or SB_ERR_INTERNAL. */
sb_status sb_csv_open_fd(int fd, size_t block, sb_csv **out);
/* A reader on a memory buffer (not copied: it must outlive the reader), handed out block bytes
 * at a time as if read from a file. For tests and fuzzing. */
sb_status sb_csv_open_mem(const void *data, size_t len, size_t block, sb_csv **out);

/* Reads up to n bytes into dst: the count, 0 at the end, -1 on failure (errno set). */
typedef long (*sb_csv_read_fn)(void *ctx, char *dst, size_t n);
/* A reader that takes its bytes from fn (a pre-stage such as transcoding, see transcode.h). */
sb_status sb_csv_open_fn(sb_csv_read_fn fn, void *ctx, size_t block, sb_csv **out);
/* Makes c (',' ';' or TAB; not '"', CR, LF or NUL) the field separator. Before the first read. */
void sb_csv_set_delimiter(sb_csv *r, char c);

/* The next record. SB_OK with rec->kind set (after SB_CSV_BAD, the next call goes on with the
 * next record: from the line after the one where the problem was found, or for an unterminated
 * quote, the line after the one where the quote opened). SB_ERR_IO when read(2) fails (errno is
 * kept), SB_ERR_INTERNAL when memory runs out; the reader is then finished. */
sb_status sb_csv_next(sb_csv *r, sb_csv_record *rec);
/* The bytes already read past the last record handed out (the next records, possibly cut short
 * at the end of the buffer; may be empty), valid until the next sb_csv_next. For look-ahead such
 * as prefetching; they have not been checked in any way. */
const char *sb_csv_peek(const sb_csv *r, size_t *len);
/* For a caller that reads a plain record itself from sb_csv_peek's bytes (followed by a line
 * feed and 16 zero bytes, so a scan may stop at a byte other than a field's): a record of one
 * line whose fields hold no quote, NUL or CR, that ends in a line feed (or CRLF) inside the
 * bytes. Moves past its n bytes, line end included, and counts its line, as sb_csv_next would.
 * Only once the header has been read (past a byte order mark). */
void sb_csv_skip_line(sb_csv *r, size_t n);
/* Blocks of records for parsing on several threads (score/pipeline.c). sb_csv_take hands out
 * the unconsumed bytes and more, read until there are want bytes (0: the block size) or the
 * input ends, cut at the last record boundary that is certain (a line feed where no quote is
 * open, found the way sb_csv_next would read the records, bad ones included). *blk (capacity
 * *cap, grown as needed) gets the *len bytes, followed by what sb_csv_feed needs. *eof: the
 * block runs to the end of the input. *unsafe: no boundary could be told (a record with quotes
 * longer than 9000 bytes, or 8 MiB without one): nothing was taken and the reader goes on with
 * sb_csv_next. Row numbers are not counted (see sb_csv_set_row). Only at a record's start. */
sb_status sb_csv_take(sb_csv *r, size_t want, char **blk, size_t *cap, size_t *len, bool *eof,
                      bool *unsafe);
/* Makes r read data[0..len) (a block from sb_csv_take, which must outlive the reading) as a whole
 * input of its own that starts at a record, numbering its first line row; no BOM is skipped. */
void sb_csv_feed(sb_csv *r, const char *data, size_t len, long row);
/* The row number of the next line, and setting it (after blocks were taken). */
long sb_csv_row(const sb_csv *r);
void sb_csv_set_row(sb_csv *r, long row);
/* Bytes consumed from the input so far. */
unsigned long long sb_csv_bytes(const sb_csv *r);
void sb_csv_free(sb_csv *r);

/* Writing. A cell is quoted when it holds ',', '"', CR or LF (quotes doubled). With guard, a text
 * cell starting with '=', '+', '-', '@', TAB or CR first gets a leading '\'' so that a spreadsheet
 * shows it as text instead of running it as a formula (OWASP's CSV injection rule). A cell that
 * is a plain number (-5, +8613800000000, 2.5e3) is no formula and is written as it is, so ids
 * round-trip; numbers we format ourselves are written without guard. */
/* Most bytes sb_csv_escape can write for n input bytes. */
#define SB_CSV_ESCAPED_MAX(n) (2 * (n) + 3)
/* Writes the cell for s[0..n) to dst (room for SB_CSV_ESCAPED_MAX(n)); returns its length. */
size_t sb_csv_escape(char *dst, const char *s, size_t n, bool guard);
/* The same, appended to a buffer. */
void sb_csv_put(sb_buf *b, const char *s, size_t n, bool guard);
/* Whether a text cell would get the formula guard. */
bool sb_csv_needs_guard(const char *s, size_t n);

#endif

/* SPDX-License-Identifier: MIT */
/* csv.c — the streaming RFC 4180 reader: large reads, fields as slices of the read buffer, a
 * table-driven scan for the common unquoted field, and resynchronisation after a bad record. */
#include "data/csv.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Bytes kept readable (and zeroed) past the sentinel, so 16-byte loads never leave the buffer. */
#define S_PAD 16

/* A field whose unquoted copy lives in scratch: its pointer is set once the record is complete,
 * since scratch may move while the record is read. */
typedef struct {
	size_t col, off;
} S_esc;

struct sb_csv {
	int fd;                       /* -1: reading from mem or through rfn */
	sb_csv_read_fn rfn;           /* a pre-stage (transcoding) to read through, or NULL */
	void *rctx;
	char delim;                   /* the field separator: ',' unless set */
	unsigned char ucls[256];      /* S_ucls with delim in place of ',' */
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	size_t block;
	char *buf;                    /* cap + 1 + S_PAD bytes: buf[end] is always a '\n' sentinel */
	char *own;                    /* the reader's own buffer while buf is a block (sb_csv_feed) */
	size_t cap, pos, end;         /* unconsumed bytes are buf[pos..end) */
	bool eof, started, skipping, failed;
	long row;                     /* row number of the line at buf[pos] */
	unsigned long long total_read;
	S_esc *esc;
	size_t esc_cap, n_esc;
	sb_csv_field *fields;         /* fields_cap entries, all initialised */
	size_t fields_cap;
	size_t quoted_to;             /* fields[0..quoted_to) may say quoted (S_fast leaves it alone) */
	char *scratch;                /* unquoted copies of fields that held "" */
	size_t scratch_len, scratch_cap;
};

/* Bytes that end an unquoted field's fast scan, and a quoted field's. The sentinel '\n' at
 * buf[end] stops both scans without a bounds check per byte. */
static const unsigned char S_ucls[256] = {
	['\0'] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1,
};
static const unsigned char S_qcls[256] = { ['\0'] = 1, ['\n'] = 1, ['"'] = 1 };

#define S_FIRST_CAP 4096u /* the buffer's first size, whatever the block */

static sb_status S_open(sb_csv **out, size_t block)
{
	*out = NULL;
	sb_csv *r = sb_calloc(1, sizeof *r);
	if (!r)
		return SB_ERR_INTERNAL;
	r->block = block ? block : SB_CSV_BLOCK;
	/* the first read fills at most S_FIRST_CAP; the buffer grows to a block only when the
	 * input goes on (S_fill), so a small input never maps and clears a whole block */
	r->cap = S_FIRST_CAP;
	r->buf = sb_calloc(1, r->cap + 1 + S_PAD);
	if (!r->buf) {
		sb_free(r);
		return SB_ERR_INTERNAL;
	}
	r->buf[0] = '\n';
	r->row = 1;
	r->fd = -1;
	r->delim = ',';
	memcpy(r->ucls, S_ucls, sizeof r->ucls);
	*out = r;
	return SB_OK;
}

#define S_MIN_BLOCK (16u * 1024)

size_t sb_csv_block_for(size_t block, unsigned long long size)
{
	if (block || size >= SB_CSV_BLOCK)
		return block;
	return size < S_MIN_BLOCK ? S_MIN_BLOCK : (size_t)size + 1; /* a file may still grow */
}

sb_status sb_csv_open_fd(int fd, size_t block, sb_csv **out)
{
	struct stat st_in;
	if (!block && fstat(fd, &st_in) == 0 && S_ISREG(st_in.st_mode) && st_in.st_size >= 0)
		block = sb_csv_block_for(block, (unsigned long long)st_in.st_size);
	sb_status st = S_open(out, block);
	if (st == SB_OK)
		(*out)->fd = fd;
	return st;
}

sb_status sb_csv_open_mem(const void *data, size_t len, size_t block, sb_csv **out)
{
	sb_status st = S_open(out, sb_csv_block_for(block, len));
	if (st == SB_OK) {
		(*out)->mem = data;
		(*out)->mem_len = len;
	}
	return st;
}

sb_status sb_csv_open_fn(sb_csv_read_fn fn, void *ctx, size_t block, sb_csv **out)
{
	sb_status st = S_open(out, block);
	if (st == SB_OK) {
		(*out)->rfn = fn;
		(*out)->rctx = ctx;
	}
	return st;
}

void sb_csv_set_delimiter(sb_csv *r, char c)
{
	r->delim = c;
	memcpy(r->ucls, S_ucls, sizeof r->ucls);
	r->ucls[','] = 0;
	r->ucls[(unsigned char)c] = 1;
}

void sb_csv_free(sb_csv *r)
{
	if (!r)
		return;
	sb_free(r->own ? r->own : r->buf);
	sb_free(r->esc);
	sb_free(r->fields);
	sb_free(r->scratch);
	sb_free(r);
}

const char *sb_csv_peek(const sb_csv *r, size_t *len)
{
	*len = r->skipping || r->failed ? 0 : r->end - r->pos;
	return r->buf + r->pos;
}

void sb_csv_skip_line(sb_csv *r, size_t n)
{
	r->pos += n;
	r->row++;
}

unsigned long long sb_csv_bytes(const sb_csv *r)
{
	return r->total_read - (r->end - r->pos);
}

/* One read of at most want bytes into dst: the bytes read, 0 at the end, -1 on an error. */
static ssize_t S_read_some(sb_csv *r, char *dst, size_t want)
{
	ssize_t got;
	if (r->rfn) {
		got = r->rfn(r->rctx, dst, want);
	} else if (r->fd < 0) {
		got = (ssize_t)(r->mem_len - r->mem_pos < want ? r->mem_len - r->mem_pos : want);
		memcpy(dst, r->mem + r->mem_pos, (size_t)got);
		r->mem_pos += (size_t)got;
	} else {
		do
			got = read(r->fd, dst, want);
		while (got < 0 && errno == EINTR);
	}
	return got < 0 ? -1 : got;
}

/* Moves the unconsumed bytes to the front, grows the buffer when a record fills it (or to a
 * block once the input has outgrown the first buffer), and reads one more block (or, for a record
 * longer than a block, fills the buffer). */
static sb_status S_fill(sb_csv *r)
{
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->end == r->cap || (r->cap < r->block && r->total_read >= r->cap)) {
		size_t ncap = r->end == r->cap ? r->cap * 2 : r->cap;
		if (ncap < r->block)
			ncap = r->block;
		char *nb = sb_realloc(r->buf, ncap + 1 + S_PAD);
		if (!nb)
			return SB_ERR_INTERNAL;
		memset(nb + r->cap + 1, 0, ncap - r->cap + S_PAD);
		r->buf = nb;
		r->cap = ncap;
	}
	/* A record longer than a block is parsed again from its start after every fill: fill the
	 * whole (doubled) buffer then, so a record of n bytes costs O(n), not O(n^2 / block). */
	bool big = r->end >= r->block;
	size_t room = r->cap - r->end, want = room < r->block ? room : r->block;
	if (big) { /* up to what a record may hold, and a block, so the cap is still found */
		size_t lim = (size_t)SB_CSV_RECORD_MAX + r->block;
		size_t more = r->end < lim ? lim - r->end : r->block;
		want = room < more ? room : more;
	}
	ssize_t got = 0;
	for (;;) {
		ssize_t n = S_read_some(r, r->buf + r->end + got, want - (size_t)got);
		if (n < 0)
			return SB_ERR_IO;
		got += n;
		if (n == 0 || !big || (size_t)got == want)
			break;
	}
	if (got == 0)
		r->eof = true;
	r->end += (size_t)got;
	r->total_read += (unsigned long long)got;
	r->buf[r->end] = '\n';
	return SB_OK;
}

static int S_fields_grow(sb_csv *r, size_t col)
{
	size_t old = r->fields_cap;
	if (sb_grow(&r->fields, &r->fields_cap, col + 1, sizeof *r->fields) != 0)
		return -1;
	memset(r->fields + old, 0, (r->fields_cap - old) * sizeof *r->fields);
	return 0;
}

/* Copies a quoted field's content with "" turned into " into scratch; returns its offset or
 * (size_t)-1 when memory runs out. */
static size_t S_unescape(sb_csv *r, const char *s, size_t n, size_t *out_len)
{
	if (sb_grow(&r->scratch, &r->scratch_cap, r->scratch_len + n, 1) != 0)
		return (size_t)-1;
	size_t off = r->scratch_len;
	char *d = r->scratch + off;
	for (size_t i = 0; i < n; i++) {
		d[r->scratch_len - off] = s[i];
		r->scratch_len++;
		if (s[i] == '"')
			i++; /* the second of a doubled quote */
	}
	*out_len = r->scratch_len - off;
	return off;
}

typedef enum { S_NEED_MORE, S_DONE, S_EMPTY, S_BAD, S_NOMEM, S_SLOW } S_result;

typedef struct {
	size_t n_fields;
	const char *next;   /* where the next record starts */
	const char *raw_end; /* end of the raw record (before its line ending) */
	long lines;         /* line feeds consumed, including the record's own ending */
	/* S_BAD */
	long column;
	const char *message;
	const char *resync; /* reading resumes on the line after the one holding this byte */
	bool big;           /* a size limit: do not wait for the line's end, skip to it */
} S_parse_out;

static S_result S_bad(S_parse_out *o, size_t col, const char *msg, const char *resync, bool big)
{
	o->column = (long)col;
	o->message = msg;
	o->resync = resync;
	o->big = big;
	return S_BAD;
}

#ifdef __SSE2__
/* The common record, read 16 bytes at a time: unquoted fields ending in a line feed (or CRLF)
 * inside the buffer. Anything else (a quote, a NUL, a lone CR, the buffer's end, a limit) gives
 * S_SLOW and the record is read again by S_parse, which knows every rule. The commas of a block
 * before its first other delimiter become fields without a check each: the block is only taken
 * that way when its at most 16 fields fit in r->fields and within the limits. Fields are written
 * without their quoted flag, which is false unless S_parse set it (see quoted_to). */
static S_result S_fast(sb_csv *r, const char *rs, const char *e, S_parse_out *o)
{
	const __m128i comma = _mm_set1_epi8(r->delim), quote = _mm_set1_epi8('"'),
	              lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();
	const char *fs = rs;
	size_t col = 0;
	for (const char *q = rs;; q += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
		unsigned commas = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, lf)),
		                         _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, nul)));
		unsigned other = (unsigned)_mm_movemask_epi8(m);
		/* the commas before the first other delimiter */
		unsigned bits = other ? commas & ((other & (0u - other)) - 1) : commas;
		if (col + 16 <= r->fields_cap && col + 16 <= SB_CSV_COLUMNS_MAX &&
		    (size_t)(q + 16 - rs) <= SB_CSV_FIELD_MAX) {
			sb_csv_field *f = r->fields + col;
			for (; bits; bits &= bits - 1, f++) {
				const char *s = q + __builtin_ctz(bits);
				f->p = fs;
				f->len = (size_t)(s - fs);
				fs = s + 1;
			}
			col = (size_t)(f - r->fields);
		} else {
			while (bits) {
				const char *s = q + __builtin_ctz(bits);
				bits &= bits - 1;
				if (col == SB_CSV_COLUMNS_MAX || (size_t)(s - fs) > SB_CSV_FIELD_MAX)
					return S_SLOW;
				if (col >= r->fields_cap && S_fields_grow(r, col) != 0)
					return S_NOMEM;
				r->fields[col++] = (sb_csv_field){ .p = fs, .len = (size_t)(s - fs) };
				fs = s + 1;
			}
		}
		if (!other)
			continue;
		const char *s = q + __builtin_ctz(other);
		const char *next;
		if (*s == '\n' && s < e)
			next = s + 1;
		else if (*s == '\r' && s + 1 < e && s[1] == '\n')
			next = s + 2;
		else
			return S_SLOW;
		if (col == SB_CSV_COLUMNS_MAX || (size_t)(s - fs) > SB_CSV_FIELD_MAX)
			return S_SLOW;
		if (col >= r->fields_cap && S_fields_grow(r, col) != 0)
			return S_NOMEM;
		r->fields[col++] = (sb_csv_field){ .p = fs, .len = (size_t)(s - fs) };
		for (size_t i = 0; i < r->quoted_to; i++) /* left by a record S_parse read */
			r->fields[i].quoted = false;
		r->quoted_to = 0;
		r->n_esc = 0;
		o->n_fields = col;
		o->raw_end = s;
		o->next = next;
		o->lines = 1;
		return S_DONE;
	}
}
#endif

/* Parses the record at buf[pos..end). Restarted from the record's start after every refill, which
 * costs one rescan of a partial record per block. */
static S_result S_parse(sb_csv *r, S_parse_out *o)
{
	const char *rs = r->buf + r->pos;
	const char *e = r->buf + r->end;
	const char *p = rs;
	bool eof = r->eof;
	long nl = 0;
	size_t col = 0;

	if (p < e && *p == '\n') {
		o->next = p + 1;
		o->lines = 1;
		return S_EMPTY;
	}
	if (p < e && *p == '\r') {
		if (p + 1 == e && !eof)
			return S_NEED_MORE;
		if (p + 1 == e || p[1] == '\n') {
			o->next = p + 1 + (p + 1 < e);
			o->lines = 1;
			return S_EMPTY;
		}
	}
#ifdef __SSE2__
	if (p < e && *p != '"') {
		S_result res = S_fast(r, rs, e, o);
		if (res != S_SLOW)
			return res;
	}
#endif
	r->scratch_len = 0;
	r->n_esc = 0;
	for (;;) {
		const char *fs = p;
		size_t flen, foff;
		bool quoted = false, in_scratch = false;
		if (col == SB_CSV_COLUMNS_MAX)
			return S_bad(o, col + 1, "more than 10000 columns", p, false);
		if (p < e && *p == '"') {
			quoted = true;
			const char *cs = ++p;
			bool esc = false;
			for (;;) {
				while (!S_qcls[(unsigned char)*p])
					p++;
				if (p == e) {
					if ((size_t)(p - cs) > SB_CSV_FIELD_MAX)
						return S_bad(o, col + 1, "field longer than 16 MiB", fs, true);
					if (!eof)
						return S_NEED_MORE;
					return S_bad(o, col + 1, "quoted field is never closed", fs, false);
				}
				if (*p == '\n') {
					nl++;
					p++;
					continue;
				}
				if (*p == '\0')
					return S_bad(o, col + 1, "NUL byte in a field", p, false);
				/* a quote: doubled, or the closing one */
				if (p + 1 == e && !eof)
					return S_NEED_MORE;
				if (p + 1 < e && p[1] == '"') {
					esc = true;
					p += 2;
					continue;
				}
				break;
			}
			flen = (size_t)(p - cs);
			if (flen > SB_CSV_FIELD_MAX)
				return S_bad(o, col + 1, "field longer than 16 MiB", fs, true);
			if (esc) {
				foff = S_unescape(r, cs, flen, &flen);
				if (foff == (size_t)-1)
					return S_NOMEM;
				in_scratch = true;
			} else {
				foff = (size_t)(cs - rs);
			}
			p++; /* the closing quote */
		} else {
			while (!r->ucls[(unsigned char)*p])
				p++;
			if (p == e && !eof) {
				if ((size_t)(p - fs) > SB_CSV_FIELD_MAX)
					return S_bad(o, col + 1, "field longer than 16 MiB", p, true);
				return S_NEED_MORE;
			}
			if (p < e && *p == '"')
				return S_bad(o, col + 1, "quote inside an unquoted field", p, false);
			if (p < e && *p == '\0')
				return S_bad(o, col + 1, "NUL byte in a field", p, false);
			flen = (size_t)(p - fs);
			if (flen > SB_CSV_FIELD_MAX)
				return S_bad(o, col + 1, "field longer than 16 MiB", p, true);
			foff = (size_t)(fs - rs);
		}
		if (col >= r->fields_cap && S_fields_grow(r, col) != 0)
			return S_NOMEM;
		r->fields[col] = (sb_csv_field){ .p = in_scratch ? NULL : rs + foff, .len = flen,
		                                 .quoted = quoted };
		if (quoted && col >= r->quoted_to)
			r->quoted_to = col + 1;
		if (in_scratch) {
			if (sb_grow(&r->esc, &r->esc_cap, r->n_esc + 1, sizeof *r->esc) != 0)
				return S_NOMEM;
			r->esc[r->n_esc++] = (S_esc){ .col = col, .off = foff };
		}
		col++;
		if (p == e) { /* end of input (eof is set, or a scan above returned) */
			o->raw_end = p;
			o->next = p;
			break;
		}
		if (*p == r->delim) {
			p++;
			continue;
		}
		if (*p == '\n') {
			o->raw_end = p;
			o->next = p + 1;
			break;
		}
		if (*p == '\r') {
			if (p + 1 == e && !eof)
				return S_NEED_MORE;
			if (p + 1 == e || p[1] == '\n') {
				o->raw_end = p;
				o->next = p + 1 + (p + 1 < e);
				break;
			}
			return S_bad(o, col, "carriage return not followed by a line feed", p, false);
		}
		if (*p == '\0')
			return S_bad(o, col, "NUL byte in a field", p, false);
		return S_bad(o, col, "characters after a closing quote", p, false);
	}
	o->n_fields = col;
	o->lines = nl + 1; /* the lines inside quoted fields, and the record's own */
	return S_DONE;
}

static long S_count_lf(const char *p, const char *e)
{
	long n = 0;
	while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Drops the rest of a bad record's line (r->skipping); true when that needs more input first. */
static bool S_skip_rest(sb_csv *r)
{
	const char *p = r->pos < r->end ? memchr(r->buf + r->pos, '\n', r->end - r->pos) : NULL;
	if (p) {
		r->pos = (size_t)(p - r->buf) + 1;
		r->row++;
		r->skipping = false;
		return false;
	}
	r->pos = r->end;
	if (r->eof) {
		r->skipping = false;
		return false;
	}
	return true;
}

/* Hands out the bad record that starts at rs: it runs to the end of the line holding o->resync.
 * False when that line's end is not in the buffer yet and can still come (read more first). */
static bool S_bad_record(sb_csv *r, sb_csv_record *rec, const S_parse_out *o, const char *rs)
{
	const char *e = r->buf + r->end;
	const char *lf = o->resync < e ? memchr(o->resync, '\n', (size_t)(e - o->resync)) : NULL;
	if (!lf && !r->eof && !o->big && r->end - r->pos <= SB_CSV_RECORD_MAX)
		return false;
	rec->kind = SB_CSV_BAD;
	rec->row = r->row;
	rec->column = o->column;
	rec->message = o->message;
	rec->raw = rs;
	if (lf) {
		rec->raw_len = (size_t)(lf - rs) - (lf > rs && lf[-1] == '\r');
		r->row += S_count_lf(rs, lf + 1);
		r->pos = (size_t)(lf - r->buf) + 1;
	} else {
		rec->raw_len = (size_t)(e - rs);
		rec->raw_truncated = !r->eof;
		r->row += S_count_lf(rs, e) + r->eof;
		r->pos = r->end;
		/* The rest of the line is read and dropped on the next call; the raw bytes handed out
		 * stay valid until then because the buffer is only refilled after it. */
		r->skipping = !r->eof;
	}
	return true;
}

sb_status sb_csv_next(sb_csv *r, sb_csv_record *rec)
{
	memset(rec, 0, sizeof *rec);
	if (r->failed)
		return SB_ERR_INTERNAL;
	sb_status st;
	for (;;) {
		if (r->skipping) {
			if (S_skip_rest(r) && (st = S_fill(r)) != SB_OK)
				goto fail;
			continue;
		}
		if (!r->started) {
			if (r->end - r->pos < 3 && !r->eof) {
				if ((st = S_fill(r)) != SB_OK)
					goto fail;
				continue;
			}
			r->started = true;
			if (r->end - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
				r->pos += 3;
		}
		if (r->pos == r->end) {
			if (r->eof) {
				rec->kind = SB_CSV_END;
				rec->row = r->row;
				return SB_OK;
			}
			if ((st = S_fill(r)) != SB_OK)
				goto fail;
			continue;
		}
		S_parse_out o = { 0 };
		S_result res = S_parse(r, &o);
		const char *rs = r->buf + r->pos;
		const char *e = r->buf + r->end;
		switch (res) {
		case S_NEED_MORE:
			if (r->end - r->pos > SB_CSV_RECORD_MAX) {
				res = S_bad(&o, 0, "record longer than 32 MiB", e, true);
				break;
			}
			if ((st = S_fill(r)) != SB_OK)
				goto fail;
			continue;
		case S_NOMEM:
		case S_SLOW: /* never returned by S_parse */
			st = SB_ERR_INTERNAL;
			goto fail;
		case S_EMPTY:
			r->pos = (size_t)(o.next - r->buf);
			r->row += o.lines;
			continue;
		case S_DONE:
			for (size_t i = 0; i < r->n_esc; i++)
				r->fields[r->esc[i].col].p = r->scratch + r->esc[i].off;
			rec->kind = SB_CSV_RECORD;
			rec->row = r->row;
			rec->fields = r->fields;
			rec->n_fields = o.n_fields;
			rec->raw = rs;
			rec->raw_len = (size_t)(o.raw_end - rs);
			r->row += o.lines;
			r->pos = (size_t)(o.next - r->buf);
			return SB_OK;
		case S_BAD:
			break;
		}
		if (S_bad_record(r, rec, &o, rs))
			return SB_OK;
		if ((st = S_fill(r)) != SB_OK)
			goto fail;
	}
fail:
	r->failed = true;
	return st;
}

/* --- blocks for several threads ------------------------------------------------------------ */

/* A record holding a quote and longer than this ends the search for a boundary (so the column
 * limit, whose bad record resynchronises inside the record, can never come into play). */
#define S_QREC_MAX 9000
/* A window of this many bytes without a provable record boundary ends the search too. */
#define S_TAKE_MAX (8u * 1024 * 1024)

typedef enum { S_TK_FS, S_TK_UQ, S_TK_Q, S_TK_AQ } S_tk_state;

/* Follows the record starting at d[i] the way S_parse and sb_csv_next would (including where a
 * bad record resynchronises): 1 with *next where the following record starts, 0 when the
 * record runs past d[n], -1 when a rule this does not follow could apply (a long record). */
static int S_track_record(char delim, const char *d, size_t n, size_t i, size_t *next)
{
	size_t rs = i;
	S_tk_state st = S_TK_FS;
	for (;; i++) {
		if (i - rs > S_QREC_MAX)
			return -1;
		if (i >= n)
			return 0;
		char c = d[i];
		if (st == S_TK_Q) {
			if (c == '\0')
				break; /* "NUL byte in a field": resync here */
			if (c != '"')
				continue;
			if (i + 1 >= n)
				return 0;
			if (d[i + 1] == '"')
				i++;
			else
				st = S_TK_AQ;
			continue;
		}
		if (c == delim) {
			st = S_TK_FS;
			continue;
		}
		if (c == '\n') {
			*next = i + 1;
			return 1;
		}
		if (c == '\r') {
			if (i + 1 >= n)
				return 0;
			if (d[i + 1] == '\n') {
				*next = i + 2;
				return 1;
			}
			break; /* a lone CR: a bad record */
		}
		if (st == S_TK_FS && c == '"') {
			st = S_TK_Q;
			continue;
		}
		if (st == S_TK_AQ || c == '"' || c == '\0')
			break; /* after a closing quote, a quote inside a field, a NUL: a bad record */
		st = S_TK_UQ;
	}
	/* a bad record runs to the end of the line holding d[i] */
	const char *lf = memchr(d + i, '\n', n - i);
	if (!lf)
		return 0;
	*next = (size_t)(lf - d) + 1;
	return 1;
}

/* The last record boundary in d[0..n) that is certain, d[0] starting a record: 0 when there is
 * none yet, (size_t)-1 when it cannot be told. Where no quote follows, every line feed ends a
 * record; from a quote on, records are followed one by one. */
static size_t S_boundary(char delim, const char *d, size_t n)
{
	size_t i = 0;
	for (;;) {
		const char *q = memchr(d + i, '"', n - i);
		if (!q) {
			const char *lf = memrchr(d + i, '\n', n - i);
			return lf ? (size_t)(lf - d) + 1 : i;
		}
		const char *lf = memrchr(d + i, '\n', (size_t)(q - (d + i)));
		if (lf)
			i = (size_t)(lf - d) + 1;
		size_t next;
		int got = S_track_record(delim, d, n, i, &next);
		if (got < 0)
			return (size_t)-1;
		if (got == 0)
			return i;
		i = next;
	}
}

static int S_room(char **blk, size_t *cap, size_t need)
{
	if (need + 1 + S_PAD <= *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 0;
	if (nc < need + 1 + S_PAD)
		nc = need + 1 + S_PAD + 4096; /* a block's size the first time: RSS stays low */
	char *nb = sb_realloc(*blk, nc);
	if (!nb)
		return -1;
	*blk = nb;
	*cap = nc;
	return 0;
}

/* Puts p[0..n) back as the reader's unconsumed bytes. */
static int S_unread(sb_csv *r, const char *p, size_t n)
{
	if (n > r->cap) {
		char *nb = sb_realloc(r->buf, n + 1 + S_PAD);
		if (!nb)
			return -1;
		r->buf = nb;
		r->cap = n;
	}
	memmove(r->buf, p, n);
	r->pos = 0;
	r->end = n;
	r->buf[n] = '\n';
	memset(r->buf + n + 1, 0, S_PAD);
	return 0;
}

sb_status sb_csv_take(sb_csv *r, size_t want, char **blk, size_t *cap, size_t *len, bool *eof,
                      bool *unsafe)
{
	*len = 0;
	*eof = *unsafe = false;
	if (r->failed)
		return SB_ERR_INTERNAL;
	if (r->skipping || !r->started || r->own) {
		*unsafe = true;
		return SB_OK;
	}
	size_t n = r->end - r->pos, goal = want ? want : r->block;
	if (S_room(blk, cap, n > goal ? n : goal) != 0)
		return SB_ERR_INTERNAL; /* nothing taken yet: the reader is as it was */
	memcpy(*blk, r->buf + r->pos, n);
	r->pos = r->end = 0;
	r->buf[0] = '\n';
	sb_status st = SB_OK;
	size_t cut;
	for (;;) {
		while (n < goal && !r->eof) {
			ssize_t got = S_read_some(r, *blk + n, goal - n);
			if (got < 0) {
				st = SB_ERR_IO;
				goto fail;
			}
			if (got == 0)
				r->eof = true;
			n += (size_t)got;
			r->total_read += (unsigned long long)got;
		}
		if (r->eof) {
			cut = n;
			break;
		}
		cut = S_boundary(r->delim, *blk, n);
		if (cut == (size_t)-1 || (cut == 0 && goal >= S_TAKE_MAX)) {
			*unsafe = true; /* everything back: the caller reads on with sb_csv_next */
			if (S_unread(r, *blk, n) != 0) {
				st = SB_ERR_INTERNAL;
				goto fail;
			}
			return SB_OK;
		}
		if (cut > 0)
			break;
		goal *= 2;
		if (S_room(blk, cap, goal) != 0) {
			st = SB_ERR_INTERNAL;
			goto fail;
		}
	}
	if (S_unread(r, *blk + cut, n - cut) != 0) {
		st = SB_ERR_INTERNAL;
		goto fail;
	}
	(*blk)[cut] = '\n';
	memset(*blk + cut + 1, 0, S_PAD);
	*len = cut;
	*eof = r->eof && r->end == 0;
	return SB_OK;
fail:
	r->failed = true;
	return st;
}

void sb_csv_feed(sb_csv *r, const char *data, size_t len, long row)
{
	if (!r->own)
		r->own = r->buf;
	r->buf = (char *)(uintptr_t)data; /* only read: the reader never fills or moves a block */
	r->cap = r->end = len;
	r->pos = 0;
	r->eof = r->started = true;
	r->skipping = r->failed = false;
	r->row = row;
	r->total_read = len;
}

long sb_csv_row(const sb_csv *r)
{
	return r->row;
}

void sb_csv_set_row(sb_csv *r, long row)
{
	r->row = row;
}

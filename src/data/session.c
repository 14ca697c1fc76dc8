/* SPDX-License-Identifier: MIT */
/* session.c — the assessment's state machine, its state file format and the line-mode parser. */
#include "data/session.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

#define S_MAGIC "securebase-session"
/* Format 1 (older programs) has no checksum; it is still read. */
#define S_FORMAT_PLAIN 1

/* CRC-32 (IEEE 802.3, as zlib's crc32), bitwise: state files are small. */
static uint32_t S_crc32(const char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= (unsigned char)p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return c ^ 0xffffffffu;
}
/* Generous bounds so a hostile file cannot make us allocate or loop without end. */
#define S_MAX_ITEMS 1000000u
#define S_VERSION_MAX 256

/* Length of the valid UTF-8 sequence at p (at most n bytes) that is not a control character,
 * or 0. C1 controls (U+0080..U+009F) are refused too: some terminals act on them. */
static size_t S_utf8_char(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	if (c < 0x20 || c == 0x7f)
		return 0;
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned cp, min;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, cp = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, cp = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp <= 0x9f)
		return 0;
	return len;
}

/* Whether s[0..n) is printable UTF-8 text of 1..max bytes. */
static bool S_text_ok(const char *s, size_t n, size_t max)
{
	if (n == 0 || n > max)
		return false;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k = S_utf8_char(p + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

bool sb_respondent_valid(const char *id)
{
	return id && S_text_ok(id, strlen(id), SB_RESPONDENT_MAX);
}

void sb_session_free(sb_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->item_ids && i < s->n_items; i++)
		sb_free(s->item_ids[i]);
	sb_free(s->item_ids);
	sb_free(s->answers);
	sb_free(s->bank_id);
	sb_free(s->bank_version);
	sb_free(s->respondent);
	sb_free(s);
}

sb_status sb_session_set_respondent(sb_session *s, const char *respondent, sb_diags *d)
{
	char *copy = NULL;
	if (respondent) {
		if (!sb_respondent_valid(respondent)) {
			sb_diags_add(d, NULL, 0, 0,
			             "a respondent id must be 1 to %d bytes of text without control "
			             "characters",
			             SB_RESPONDENT_MAX);
			return SB_ERR_USAGE;
		}
		copy = sb_strdup(respondent);
		if (!copy) {
			sb_diags_add(d, NULL, 0, 0, "out of memory");
			return SB_ERR_INTERNAL;
		}
	}
	sb_free(s->respondent);
	s->respondent = copy;
	return SB_OK;
}

sb_status sb_session_new(const sb_bank *b, long long started, const char *respondent,
                         sb_session **out, sb_diags *d)
{
	*out = NULL;
	if (!b->version || !S_text_ok(b->version, strlen(b->version), S_VERSION_MAX)) {
		sb_diags_add(d, b->source, 0, 0,
		             "the bank's version cannot be kept in a session file (empty, too long "
		             "or holding control characters)");
		return SB_ERR_DATA;
	}
	if (respondent && !sb_respondent_valid(respondent)) {
		sb_diags_add(d, NULL, 0, 0,
		             "a respondent id must be 1 to %d bytes of text without control characters",
		             SB_RESPONDENT_MAX);
		return SB_ERR_USAGE;
	}
	sb_session *s = sb_calloc(1, sizeof *s);
	if (!s)
		goto nomem;
	s->started = started;
	s->bank_id = sb_strdup(b->id);
	s->bank_version = sb_strdup(b->version);
	s->answers = sb_calloc(b->n_items, sizeof *s->answers);
	s->item_ids = sb_calloc(b->n_items, sizeof *s->item_ids);
	if (!s->bank_id || !s->bank_version || !s->answers || !s->item_ids)
		goto nomem;
	s->n_items = b->n_items;
	for (size_t i = 0; i < b->n_items; i++) {
		s->answers[i] = SB_MISSING;
		if (!(s->item_ids[i] = sb_strdup(b->items[i].id)))
			goto nomem;
	}
	if (respondent && !(s->respondent = sb_strdup(respondent)))
		goto nomem;
	*out = s;
	return SB_OK;
nomem:
	sb_session_free(s);
	sb_diags_add(d, NULL, 0, 0, "out of memory");
	return SB_ERR_INTERNAL;
}

bool sb_session_answer(sb_session *s, const sb_bank *b, int value)
{
	if (s->pos >= s->n_items || s->pos >= b->n_items)
		return false;
	const sb_response_scale *r = &b->responses[b->items[s->pos].response];
	if (value < r->min || value > r->max)
		return false;
	s->answers[s->pos++] = value;
	return true;
}

bool sb_session_skip(sb_session *s)
{
	if (s->pos >= s->n_items)
		return false;
	s->answers[s->pos++] = SB_MISSING;
	return true;
}

bool sb_session_back(sb_session *s)
{
	if (s->pos == 0)
		return false;
	s->pos--;
	return true;
}

bool sb_session_next(sb_session *s)
{
	if (s->pos >= s->n_items || s->answers[s->pos] == SB_MISSING)
		return false;
	s->pos++;
	return true;
}

bool sb_session_jump(sb_session *s, size_t pos)
{
	if (pos > s->n_items)
		return false;
	s->pos = pos;
	return true;
}

bool sb_session_finished(const sb_session *s)
{
	return s->pos >= s->n_items;
}

size_t sb_session_answered(const sb_session *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_items; i++)
		n += s->answers[i] != SB_MISSING;
	return n;
}

sb_status sb_session_write(const sb_session *s, sb_buf *out)
{
	sb_buf_printf(out, "%s %d\n", S_MAGIC, SB_SESSION_FORMAT);
	sb_buf_printf(out, "bank %s\nversion %s\nstarted %lld\n", s->bank_id, s->bank_version,
	              s->started);
	if (s->respondent)
		sb_buf_printf(out, "respondent %s\n", s->respondent);
	sb_buf_printf(out, "items %zu\nposition %zu\n", s->n_items, s->pos);
	for (size_t i = 0; i < s->n_items; i++) {
		if (s->answers[i] == SB_MISSING)
			sb_buf_printf(out, "%s -\n", s->item_ids[i]);
		else
			sb_buf_printf(out, "%s %d\n", s->item_ids[i], s->answers[i]);
	}
	if (!out->failed)
		sb_buf_printf(out, "end %08lx\n", (unsigned long)S_crc32(out->data, out->len));
	return out->failed ? SB_ERR_INTERNAL : SB_OK;
}

/* ---- parsing ---- */

typedef struct {
	const char *p, *end;
	const char *name;
	long line;
	sb_diags *d;
	const char *s; /* the current line, without its newline */
	size_t n;
} S_reader;

/* Takes the next line. 1 on success; 0 at the end of the data; -1 after reporting a line that
 * does not end in a newline or holds a NUL or CR. what names the line expected, for messages. */
static int S_line(S_reader *r, const char *what)
{
	if (r->p >= r->end)
		return 0;
	r->line++;
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	const char *stop = nl ? nl : r->end;
	r->s = r->p;
	r->n = (size_t)(stop - r->p);
	for (size_t i = 0; i < r->n; i++) {
		if (r->s[i] == '\0' || r->s[i] == '\r') {
			sb_diags_add(r->d, r->name, r->line, (long)i + 1, "unexpected %s character",
			             r->s[i] ? "carriage return" : "NUL");
			return -1;
		}
	}
	if (!nl) {
		sb_diags_add(r->d, r->name, r->line, (long)r->n + 1,
		             "the line does not end with a newline (the file may be cut short; "
		             "expected %s)",
		             what);
		return -1;
	}
	r->p = nl + 1;
	return 1;
}

/* The next line must be "key VALUE"; sets *v and *vn to the value. 0 or -1 after reporting. */
static int S_key(S_reader *r, const char *key, const char *what, const char **v, size_t *vn)
{
	int rc = S_line(r, what);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		sb_diags_add(r->d, r->name, r->line + 1, 1, "the file ends early: expected %s", what);
		return -1;
	}
	size_t k = strlen(key);
	if (r->n < k + 1 || memcmp(r->s, key, k) != 0 || r->s[k] != ' ') {
		sb_diags_add(r->d, r->name, r->line, 1, "expected %s", what);
		return -1;
	}
	*v = r->s + k + 1;
	*vn = r->n - k - 1;
	return 0;
}

/* Parses an unsigned decimal of at most 18 digits into *out; 0 or -1. */
static int S_uint(const char *s, size_t n, unsigned long long *out)
{
	if (n == 0 || n > 18)
		return -1;
	unsigned long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parses an optionally negative decimal of at most 9 digits; 0 or -1. */
static int S_int(const char *s, size_t n, int *out)
{
	bool neg = n > 0 && s[0] == '-';
	unsigned long long v;
	if (neg)
		s++, n--;
	if (n > 9 || S_uint(s, n, &v) != 0)
		return -1;
	*out = neg ? -(int)v : (int)v;
	return 0;
}

static char *S_dup(S_reader *r, const char *s, size_t n)
{
	char *c = sb_strndup(s, n);
	if (!c)
		sb_diags_add(r->d, r->name, 0, 0, "out of memory");
	return c;
}

/* The first line, "securebase-session FORMAT": SB_OK with *checked (the format that carries a
 * checksum), or SB_ERR_DATA after reporting. */
static sb_status S_magic(S_reader *r, bool *checked)
{
	unsigned long long u;
	int rc = S_line(r, "'" S_MAGIC " 2'");
	if (rc < 0)
		return SB_ERR_DATA;
	if (rc == 0 || r->n < sizeof S_MAGIC || memcmp(r->s, S_MAGIC " ", sizeof S_MAGIC) != 0) {
		sb_diags_add(r->d, r->name, 1, 1, "%s",
		             rc == 0 ? "the file is empty: not a securebase session file"
		                     : "not a securebase session file (expected '" S_MAGIC " 2')");
		return SB_ERR_DATA;
	}
	const char *v = r->s + sizeof S_MAGIC;
	size_t vn = r->n - sizeof S_MAGIC;
	if (S_uint(v, vn, &u) != 0 || (u != SB_SESSION_FORMAT && u != S_FORMAT_PLAIN)) {
		sb_diags_add(r->d, r->name, r->line, (long)sizeof S_MAGIC + 1,
		             "session format '%.*s' is not one this program reads (it reads %d and %d)",
		             (int)(vn > 20 ? 20 : vn), v, S_FORMAT_PLAIN, SB_SESSION_FORMAT);
		return SB_ERR_DATA;
	}
	*checked = u == SB_SESSION_FORMAT;
	return SB_OK;
}

/* The last line is "end CHECKSUM", the CRC-32 of every byte before it: a file damaged anywhere
 * (a flipped bit, a lost block, an edit) is refused before it is believed. SB_OK or
 * SB_ERR_DATA after reporting. */
static sb_status S_checksum(const char *data, size_t len, const char *name, sb_diags *d)
{
	const char *last = data + len;
	long lines = 0;
	for (const char *q = data; q < data + len; q++)
		lines += *q == '\n';
	if (len && data[len - 1] == '\n') {
		last = data + len - 1;
		while (last > data && last[-1] != '\n')
			last--;
	}
	size_t ln = (size_t)(data + len - last);
	char tail[16];
	bool shaped = ln == 13 && memcmp(last, "end ", 4) == 0 && last[12] == '\n';
	for (size_t i = 4; shaped && i < 12; i++)
		shaped = (last[i] >= '0' && last[i] <= '9') || (last[i] >= 'a' && last[i] <= 'f');
	if (!shaped) {
		sb_diags_add(d, name, len && data[len - 1] == '\n' ? lines : lines + 1, 1,
		             "the file is damaged or cut short: its last line is not 'end CHECKSUM'");
		return SB_ERR_DATA;
	}
	memcpy(tail, last + 4, 8);
	tail[8] = '\0';
	unsigned long want = strtoul(tail, NULL, 16);
	uint32_t got = S_crc32(data, (size_t)(last - data));
	if (got != want) {
		sb_diags_add(d, name, lines, 5,
		             "the file is damaged: its checksum is %s, but its contents give %08lx", tail,
		             (unsigned long)got);
		return SB_ERR_DATA;
	}
	return SB_OK;
}

/* "bank ID", "version VERSION", "started SECONDS", "respondent ID" (optional), "items N" and
 * "position P" into s; *n_items is N. SB_OK, SB_ERR_DATA after reporting, or SB_ERR_INTERNAL. */
static sb_status S_head(S_reader *r, sb_session *s, size_t *n_items)
{
	const char *v;
	size_t vn;
	unsigned long long u;
	if (S_key(r, "bank", "'bank ID'", &v, &vn) != 0)
		return SB_ERR_DATA;
	if (vn == 0 || vn > SB_ID_MAX) {
		sb_diags_add(r->d, r->name, r->line, 6, "not a valid bank id");
		return SB_ERR_DATA;
	}
	if (!(s->bank_id = S_dup(r, v, vn)))
		return SB_ERR_INTERNAL;
	if (!sb_id_valid(s->bank_id)) {
		sb_diags_add(r->d, r->name, r->line, 6, "not a valid bank id");
		return SB_ERR_DATA;
	}

	if (S_key(r, "version", "'version VERSION'", &v, &vn) != 0)
		return SB_ERR_DATA;
	if (!S_text_ok(v, vn, S_VERSION_MAX)) {
		sb_diags_add(r->d, r->name, r->line, 9, "not a valid bank version");
		return SB_ERR_DATA;
	}
	if (!(s->bank_version = S_dup(r, v, vn)))
		return SB_ERR_INTERNAL;

	if (S_key(r, "started", "'started SECONDS'", &v, &vn) != 0)
		return SB_ERR_DATA;
	if (S_uint(v, vn, &u) != 0) {
		sb_diags_add(r->d, r->name, r->line, 9, "the start time must be a whole number of seconds");
		return SB_ERR_DATA;
	}
	s->started = (long long)u;

	int rc = S_line(r, "'respondent ID' or 'items N'");
	if (rc < 0)
		return SB_ERR_DATA;
	if (rc == 0) {
		sb_diags_add(r->d, r->name, r->line + 1, 1, "the file ends early: expected 'items N'");
		return SB_ERR_DATA;
	}
	if (r->n >= 11 && memcmp(r->s, "respondent ", 11) == 0) {
		if (!S_text_ok(r->s + 11, r->n - 11, SB_RESPONDENT_MAX)) {
			sb_diags_add(r->d, r->name, r->line, 12,
			             "not a valid respondent id (1 to %d bytes, no control characters)",
			             SB_RESPONDENT_MAX);
			return SB_ERR_DATA;
		}
		if (!(s->respondent = S_dup(r, r->s + 11, r->n - 11)))
			return SB_ERR_INTERNAL;
		if (S_key(r, "items", "'items N'", &v, &vn) != 0)
			return SB_ERR_DATA;
	} else if (r->n >= 6 && memcmp(r->s, "items ", 6) == 0) {
		v = r->s + 6;
		vn = r->n - 6;
	} else {
		sb_diags_add(r->d, r->name, r->line, 1, "expected 'respondent ID' or 'items N'");
		return SB_ERR_DATA;
	}
	if (S_uint(v, vn, &u) != 0 || u == 0 || u > S_MAX_ITEMS) {
		sb_diags_add(r->d, r->name, r->line, 7,
		             "the number of items must be a whole number from 1 to %u", S_MAX_ITEMS);
		return SB_ERR_DATA;
	}
	*n_items = (size_t)u;

	if (S_key(r, "position", "'position N'", &v, &vn) != 0)
		return SB_ERR_DATA;
	if (S_uint(v, vn, &u) != 0 || u > *n_items) {
		sb_diags_add(r->d, r->name, r->line, 10, "the position must be a whole number from 0 to %zu",
		             *n_items);
		return SB_ERR_DATA;
	}
	s->pos = (size_t)u;
	return SB_OK;
}

/* n_items answer lines "ITEM VALUE" into s, grown as they are read so a claimed count costs
 * nothing until it is met. SB_OK, SB_ERR_DATA after reporting, or SB_ERR_INTERNAL. */
static sb_status S_answer_lines(S_reader *r, sb_session *s, size_t n_items)
{
	size_t cap_ids = 0, cap_answers = 0;
	for (size_t i = 0; i < n_items; i++) {
		int rc = S_line(r, "an answer line 'ITEM VALUE'");
		if (rc < 0)
			return SB_ERR_DATA;
		if (rc == 0 || (r->n == 3 && memcmp(r->s, "end", 3) == 0)) {
			sb_diags_add(r->d, r->name, rc == 0 ? r->line + 1 : r->line, 1,
			             "expected %zu answer lines, found %zu", n_items, i);
			return SB_ERR_DATA;
		}
		const char *sp = memchr(r->s, ' ', r->n);
		if (!sp) {
			sb_diags_add(r->d, r->name, r->line, 1, "expected an answer line 'ITEM VALUE'");
			return SB_ERR_DATA;
		}
		size_t idn = (size_t)(sp - r->s);
		if (sb_grow(&s->item_ids, &cap_ids, i + 1, sizeof *s->item_ids) != 0 ||
		    sb_grow(&s->answers, &cap_answers, i + 1, sizeof *s->answers) != 0) {
			sb_diags_add(r->d, r->name, 0, 0, "out of memory");
			return SB_ERR_INTERNAL;
		}
		s->item_ids[i] = NULL;
		s->n_items = i + 1; /* so sb_session_free sees every id so far */
		if (idn == 0 || idn > SB_ID_MAX) {
			sb_diags_add(r->d, r->name, r->line, 1, "not a valid item id");
			return SB_ERR_DATA;
		}
		if (!(s->item_ids[i] = S_dup(r, r->s, idn)))
			return SB_ERR_INTERNAL;
		if (!sb_id_valid(s->item_ids[i])) {
			sb_diags_add(r->d, r->name, r->line, 1, "not a valid item id");
			return SB_ERR_DATA;
		}
		const char *v = sp + 1;
		size_t vn = r->n - idn - 1;
		if (vn == 1 && v[0] == '-') {
			s->answers[i] = SB_MISSING;
		} else if (S_int(v, vn, &s->answers[i]) != 0) {
			sb_diags_add(r->d, r->name, r->line, (long)idn + 2,
			             "an answer must be a whole number, or - for none");
			return SB_ERR_DATA;
		}
	}
	return SB_OK;
}

/* The "end" line (with its checksum when checked) and nothing after it. SB_OK or SB_ERR_DATA. */
static sb_status S_end(S_reader *r, bool checked, size_t n_items)
{
	int rc = S_line(r, "'end'");
	if (rc < 0)
		return SB_ERR_DATA;
	if (rc == 0 || r->n != (checked ? 12u : 3u) || memcmp(r->s, "end", 3) != 0) {
		sb_diags_add(r->d, r->name, rc == 0 ? r->line + 1 : r->line, 1,
		             rc == 0 ? "the file ends early: expected 'end'"
		                     : "expected 'end' after %zu answer lines",
		             n_items);
		return SB_ERR_DATA;
	}
	if (r->p != r->end) {
		sb_diags_add(r->d, r->name, r->line + 1, 1, "unexpected text after 'end'");
		return SB_ERR_DATA;
	}
	return SB_OK;
}

sb_status sb_session_parse(const char *data, size_t len, const char *name, sb_session **out,
                           sb_diags *d)
{
	*out = NULL;
	S_reader r = { .p = data, .end = data + len, .name = name, .d = d };
	sb_session *s = sb_calloc(1, sizeof *s);
	if (!s) {
		sb_diags_add(d, name, 0, 0, "out of memory");
		return SB_ERR_INTERNAL;
	}
	bool checked = false;
	size_t n_items = 0;
	sb_status st = S_magic(&r, &checked);
	if (st == SB_OK && checked)
		st = S_checksum(data, len, name, d);
	if (st == SB_OK)
		st = S_head(&r, s, &n_items);
	if (st == SB_OK)
		st = S_answer_lines(&r, s, n_items);
	if (st == SB_OK)
		st = S_end(&r, checked, n_items);
	if (st != SB_OK) {
		sb_session_free(s);
		return st;
	}
	*out = s;
	return SB_OK;
}

sb_status sb_session_check(const sb_session *s, const sb_bank *b, const char *name, sb_diags *d)
{
	/* Lines as sb_session_write lays them out, so problems point into the file. */
	long first_answer = s->respondent ? 8 : 7;
	if (strcmp(s->bank_id, b->id) != 0) {
		sb_diags_add(d, name, 2, 6, "the saved session belongs to the question bank '%s', not '%s'",
		             s->bank_id, b->id);
		return SB_ERR_DATA;
	}
	if (strcmp(s->bank_version, b->version) != 0) {
		sb_diags_add(d, name, 3, 9,
		             "the saved session was made with version %s of the question bank '%s'; "
		             "this is version %s",
		             s->bank_version, b->id, b->version);
		return SB_ERR_DATA;
	}
	if (s->n_items != b->n_items) {
		sb_diags_add(d, name, first_answer - 2, 7,
		             "the saved session has %zu items; the question bank has %zu", s->n_items,
		             b->n_items);
		return SB_ERR_DATA;
	}
	for (size_t i = 0; i < s->n_items; i++) {
		long line = first_answer + (long)i;
		if (strcmp(s->item_ids[i], b->items[i].id) != 0) {
			sb_diags_add(d, name, line, 1,
			             "item %zu is '%s' in the saved session but '%s' in the question bank",
			             i + 1, s->item_ids[i], b->items[i].id);
			return SB_ERR_DATA;
		}
		const sb_response_scale *r = &b->responses[b->items[i].response];
		int a = s->answers[i];
		if (a != SB_MISSING && (a < r->min || a > r->max)) {
			sb_diags_add(d, name, line, (long)strlen(s->item_ids[i]) + 2,
			             "the answer %d to '%s' is outside %d..%d", a, s->item_ids[i], r->min,
			             r->max);
			return SB_ERR_DATA;
		}
	}
	return SB_OK;
}

sb_line_kind sb_session_parse_line(const char *line, size_t len, int min, int max, int *value)
{
	size_t a = 0, z = len;
	if (z > 0 && line[z - 1] == '\n')
		z--;
	while (z > a && (line[z - 1] == ' ' || line[z - 1] == '\t' || line[z - 1] == '\r'))
		z--;
	while (a < z && (line[a] == ' ' || line[a] == '\t'))
		a++;
	if (a == z)
		return SB_LINE_SKIP;
	bool neg = false;
	if (line[a] == '-' || line[a] == '+') {
		neg = line[a] == '-';
		a++;
	}
	if (a == z)
		return SB_LINE_NOT_NUMBER;
	long long v = 0;
	bool big = false;
	for (size_t i = a; i < z; i++) {
		if (line[i] < '0' || line[i] > '9')
			return SB_LINE_NOT_NUMBER;
		if (v < 1000000000LL)
			v = v * 10 + (line[i] - '0');
		else
			big = true; /* still a number; only its size is wrong */
	}
	if (neg)
		v = -v;
	if (big || v < min || v > max)
		return SB_LINE_OUT_OF_RANGE;
	*value = (int)v;
	return SB_LINE_VALUE;
}

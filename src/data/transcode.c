/* SPDX-License-Identifier: MIT */
/* transcode.c — the answers file's pre-stage: encoding detection, iconv to UTF-8 in blocks, CR-only
 * line ends, and the GB18030 hint for a file that is not UTF-8. */
#include "data/transcode.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"

#define S_RAW_CAP (SB_SRC_HEAD + 16)
/* The least raw buffer for a small regular file: room for any partial character. */
#define S_RAW_MIN 64
/* UTF-8 takes at most 3 bytes per 2 of UTF-16 or GB18030, and 4 per 4. */
#define S_DEC_CAP(raw) (2 * (raw) + 64)

struct sb_src {
	int fd;
	sb_csv_read_fn fn;     /* read through this instead of read(2) on fd, when set */
	void *fn_ctx;
	bool eof, cr_only, failed;
	iconv_t cd;            /* (iconv_t)-1: the bytes pass through */
	unsigned char *raw;    /* input not yet decoded */
	size_t rlen;
	size_t rcap;           /* raw's size: S_RAW_CAP, or less for a small regular file */
	char *dec;             /* decoded bytes not yet handed out: dec[dpos..dlen) */
	size_t dlen, dpos;
	bool head_only;        /* passthrough: dec holds the head, then read(2) goes straight on */
	bool live;             /* while opening a pipe or terminal: the head is what came by a line end */
	long lines;            /* line feeds decoded so far, for the position of a bad byte */
	long bad_line;
	char enc[40];
};

bool sb_utf8_check(const unsigned char *s, size_t n, bool partial_end, size_t *bad)
{
	size_t i = 0;
	for (uint64_t w; i + 8 <= n; i += 8) { /* ASCII, 8 bytes at a time */
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned min;
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			min = 0x10000;
		} else {
			goto fail;
		}
		unsigned cp = c & (0x7F >> len);
		size_t k = 1;
		for (; k < len && i + k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (k < len) /* cut short by the end */
			return partial_end ? true : (bad ? (*bad = i, false) : false);
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto fail;
		i += len;
	}
	return true;
fail:
	if (bad)
		*bad = i;
	return false;
}

static ssize_t S_read(const sb_src *s, void *dst, size_t n)
{
	if (s->fn)
		return s->fn(s->fn_ctx, dst, n);
	ssize_t got;
	do
		got = read(s->fd, dst, n);
	while (got < 0 && errno == EINTR);
	return got;
}

/* Reads until the raw buffer is full or the input ends; from a pipe or terminal, only until a
 * whole line has come (a live filter must not wait for 64 KiB that may never come). */
static int S_read_raw(sb_src *s)
{
	while (!s->eof && s->rlen < s->rcap) {
		if (s->live && s->rlen && memchr(s->raw, '\n', s->rlen))
			break;
		ssize_t got = S_read(s, s->raw + s->rlen, s->rcap - s->rlen);
		if (got < 0)
			return -1;
		if (got == 0)
			s->eof = true;
		s->rlen += (size_t)got;
	}
	return 0;
}

static void S_count_lines(sb_src *s, const char *p, size_t n)
{
	for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
		s->lines++;
}

static void S_cr_to_lf(char *p, size_t n)
{
	for (char *e = p + n; (p = memchr(p, '\r', (size_t)(e - p))) != NULL; p++)
		*p = '\n';
}

/* Decodes raw into dec (which must be empty). The bytes made, 0 at the end, -1 on a bad byte
 * (errno EILSEQ) or a failed read. */
static long S_decode(sb_src *s)
{
	s->dlen = s->dpos = 0;
	for (;;) {
		if ((s->rlen < 8 || s->rlen < s->rcap / 2) && !s->eof && S_read_raw(s) != 0)
			return -1;
		char *in = (char *)s->raw, *out = s->dec;
		size_t inleft = s->rlen, outleft = S_DEC_CAP(s->rcap);
		size_t r = iconv(s->cd, &in, &inleft, &out, &outleft);
		int err = r == (size_t)-1 ? errno : 0;
		size_t made = S_DEC_CAP(s->rcap) - outleft;
		memmove(s->raw, in, inleft);
		s->rlen = inleft;
		S_count_lines(s, s->dec, made);
		if (err == EILSEQ || (err == EINVAL && s->eof)) {
			if (made == 0) {
				s->bad_line = s->lines + 1;
				s->failed = true;
				errno = EILSEQ;
				return -1;
			}
		}
		if (made > 0) {
			s->dlen = made;
			return (long)made;
		}
		if (s->eof && s->rlen == 0)
			return 0;
		if (err == EINVAL && s->rlen >= s->rcap) { /* cannot happen with real encodings */
			s->failed = true;
			errno = EILSEQ;
			return -1;
		}
	}
}

static sb_status S_nomem(const char *name, sb_diags *d)
{
	sb_diags_add(d, name, 0, 0, "out of memory");
	return SB_ERR_INTERNAL;
}

/* Whether the head, not valid UTF-8, reads as GB18030 throughout. */
static bool S_reads_as_gb18030(const unsigned char *p, size_t n, bool eof)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return false;
	char out[4096];
	char *in = (char *)p;
	size_t inleft = n;
	bool ok = true;
	while (inleft > 0) {
		char *o = out;
		size_t oleft = sizeof out;
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
			if (errno == E2BIG)
				continue;
			ok = errno == EINVAL && !eof; /* cut short by the head's end */
			break;
		}
	}
	iconv_close(cd);
	return ok;
}

static bool S_is_utf8_name(const char *e)
{
	char low[16];
	size_t i = 0;
	for (; e[i] && i + 1 < sizeof low; i++)
		low[i] = (char)tolower((unsigned char)e[i]);
	low[i] = '\0';
	return strcmp(low, "utf-8") == 0 || strcmp(low, "utf8") == 0;
}

sb_status sb_src_open(int fd, const char *encoding, const char *name, bool whole_head,
                      sb_src **out, sb_diags *d)
{
	return sb_src_open_fn(fd, NULL, NULL, encoding, name, whole_head, out, d);
}

/* Decides the input's encoding from --encoding, a byte-order mark or the head's bytes: the
 * iconv name to decode from (NULL: UTF-8 as it is), s->enc for messages, and *skip, the mark's
 * bytes. SB_OK, or SB_ERR_DATA for a head that is not UTF-8 but reads as GB18030. */
static sb_status S_encoding(sb_src *s, const char *encoding, const char *name, const char **from,
                            size_t *skip, sb_diags *d)
{
	*from = NULL;
	*skip = 0;
	if (encoding && !S_is_utf8_name(encoding)) {
		*from = encoding;
		size_t i = 0;
		for (; encoding[i] && i + 1 < sizeof s->enc; i++)
			s->enc[i] = (char)toupper((unsigned char)encoding[i]);
		s->enc[i] = '\0';
	} else if (s->rlen >= 2 && s->raw[0] == 0xFF && s->raw[1] == 0xFE) {
		*from = "UTF-16LE";
		*skip = 2;
	} else if (s->rlen >= 2 && s->raw[0] == 0xFE && s->raw[1] == 0xFF) {
		*from = "UTF-16BE";
		*skip = 2;
	} else if (s->rlen >= 3 && memcmp(s->raw, "\xEF\xBB\xBF", 3) == 0) {
		snprintf(s->enc, sizeof s->enc, "UTF-8 with BOM");
		*skip = 3;
	} else {
		snprintf(s->enc, sizeof s->enc, "UTF-8");
		size_t bad;
		if (!encoding && !sb_utf8_check(s->raw, s->rlen, !s->eof, &bad) &&
		    S_reads_as_gb18030(s->raw, s->rlen, s->eof)) {
			long line = 1;
			for (size_t i = 0; i < bad; i++)
				line += s->raw[i] == '\n';
			sb_diags_add(d, name, line, 0,
			             "not valid UTF-8, but it reads as GB18030/GBK (as Excel saves CSV in a "
			             "Chinese locale): add --encoding gb18030");
			return SB_ERR_DATA;
		}
	}
	if (*from && !s->enc[0])
		snprintf(s->enc, sizeof s->enc, "%s", *from);
	return SB_OK;
}

/* Fills s->dec with the head: decoded from `from` through iconv, or the raw bytes as they are. */
static sb_status S_head(sb_src *s, const char *from, const char *name, sb_diags *d)
{
	/* Passing through, the head is the raw buffer itself (one byte longer for the NUL); dec is
	 * a buffer of its own only when transcoding, sized for what it holds (a 128 KiB buffer for
	 * every UTF-8 input was most of what opening one cost under ASan). */
	if (!from) {
		s->dec = (char *)s->raw;
		s->raw = NULL;
		s->dlen = s->rlen;
		s->rlen = 0;
		s->head_only = true;
		return SB_OK;
	}
	if (!(s->dec = sb_malloc(S_DEC_CAP(s->rcap) + 1)))
		return S_nomem(name, d);
	s->cd = iconv_open("UTF-8", from);
	if (s->cd == (iconv_t)-1) {
		sb_diags_add(d, name, 0, 0,
		             "unknown encoding '%s' (for the names iconv knows, run 'iconv -l')", from);
		return SB_ERR_USAGE;
	}
	if (S_decode(s) < 0) {
		int e = errno; /* before sb_diags_add, which may change it */
		if (e == EILSEQ)
			sb_diags_add(d, name, s->bad_line, 0, "not valid %s text", s->enc);
		else
			sb_diags_add(d, name, 0, 0, "cannot read: %s", strerror(e));
		return e == EILSEQ ? SB_ERR_DATA : SB_ERR_IO;
	}
	return SB_OK;
}

sb_status sb_src_open_fn(int fd, sb_csv_read_fn fn, void *ctx, const char *encoding,
                         const char *name, bool whole_head, sb_src **out, sb_diags *d)
{
	*out = NULL;
	sb_src *s = sb_calloc(1, sizeof *s);
	if (!s)
		return S_nomem(name, d);
	s->fd = fd;
	s->fn = fn;
	s->fn_ctx = ctx;
	struct stat st_in;
	bool have_st = !fn && fstat(fd, &st_in) == 0;
	s->live = !whole_head && have_st && (S_ISFIFO(st_in.st_mode) || S_ISCHR(st_in.st_mode));
	s->cd = (iconv_t)-1;
	/* The head of a regular file smaller than it is read into a buffer of the file's size (and
	 * one byte more, to see its end in the same reads): ASan maps and fills a 64 KiB one on each
	 * open, which was most of opening a small file. Should the file grow meanwhile, the head is
	 * shorter; the rest is read as after any head. */
	s->rcap = S_RAW_CAP;
	off_t at;
	if (have_st && S_ISREG(st_in.st_mode) && (at = lseek(fd, 0, SEEK_CUR)) >= 0 &&
	    at <= st_in.st_size && (unsigned long long)(st_in.st_size - at) < S_RAW_CAP - 1) {
		size_t want = (size_t)(st_in.st_size - at) + 1;
		s->rcap = want < S_RAW_MIN ? S_RAW_MIN : want;
	}
	s->raw = sb_malloc(s->rcap + 1); /* + 1: the NUL after the head when it passes through */
	sb_status st;
	if (!s->raw) {
		st = S_nomem(name, d);
		goto fail;
	}
	int rr = S_read_raw(s);
	s->live = false; /* only the head stops at a line: later reads fill the buffer as usual */
	if (rr != 0) {
		sb_diags_add(d, name, 0, 0, "cannot read: %s", strerror(errno));
		st = SB_ERR_IO;
		goto fail;
	}
	size_t skip;
	const char *from;
	if ((st = S_encoding(s, encoding, name, &from, &skip, d)) != SB_OK)
		goto fail;
	memmove(s->raw, s->raw + skip, s->rlen - skip);
	s->rlen -= skip;
	if ((st = S_head(s, from, name, d)) != SB_OK)
		goto fail;
	if (s->dlen && !memchr(s->dec, '\n', s->dlen) && memchr(s->dec, '\r', s->dlen))
		s->cr_only = true;
	if (s->cr_only)
		S_cr_to_lf(s->dec, s->dlen);
	s->dec[s->dlen] = '\0';
	*out = s;
	return SB_OK;
fail:
	sb_src_free(s);
	return st;
}

long sb_src_read(void *src, char *dst, size_t n)
{
	sb_src *s = src;
	if (s->failed) {
		errno = EILSEQ;
		return -1;
	}
	if (n == 0)
		return 0;
	if (s->dpos == s->dlen) {
		if (s->head_only) {
			ssize_t got = S_read(s, dst, n);
			if (got > 0 && s->cr_only)
				S_cr_to_lf(dst, (size_t)got);
			return (long)got;
		}
		long made = S_decode(s);
		if (made <= 0)
			return made;
		if (s->cr_only)
			S_cr_to_lf(s->dec, s->dlen);
	}
	size_t k = s->dlen - s->dpos < n ? s->dlen - s->dpos : n;
	memcpy(dst, s->dec + s->dpos, k);
	s->dpos += k;
	return (long)k;
}

const char *sb_src_head(const sb_src *s, size_t *len)
{
	*len = s->dlen - s->dpos;
	return s->dec + s->dpos;
}

const char *sb_src_encoding(const sb_src *s)
{
	return s->enc;
}

bool sb_src_cr_only(const sb_src *s)
{
	return s->cr_only;
}

long sb_src_bad_line(const sb_src *s)
{
	return s->bad_line;
}

void sb_src_free(sb_src *s)
{
	if (!s)
		return;
	if (s->cd != (iconv_t)-1)
		iconv_close(s->cd);
	sb_free(s->raw);
	sb_free(s->dec);
	sb_free(s);
}

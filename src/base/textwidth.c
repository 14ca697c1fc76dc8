/* SPDX-License-Identifier: MIT */
/* textwidth.c — UTF-8 decoding, display width, CJK-aware wrapping and terminal sanitising. */
#include "base/textwidth.h"

#include <string.h>
#include <wchar.h>

#include "base/alloc.h"

size_t sb_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char c = u[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = SB_REPLACEMENT;
		return 1;
	}
	if (n < len) {
		*cp = SB_REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = SB_REPLACEMENT;
			return 1;
		}
		v = (v << 6) | (u[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = SB_REPLACEMENT;
		return 1;
	}
	*cp = v;
	return len;
}

void sb_utf8_put(sb_buf *b, uint32_t cp)
{
	char t[4];
	size_t n;
	if (cp < 0x80) {
		t[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xC0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		t[0] = (char)(0xE0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		t[0] = (char)(0xF0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sb_buf_put(b, t, n);
}

bool sb_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

typedef struct {
	uint32_t lo, hi;
} S_range;

/* Used only where wcwidth does not know a character (a locale without these characters, such
 * as "C"): the East Asian wide blocks and the common combining marks. */
static const S_range S_wide[] = {
	{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF },
	{ 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
	{ 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
	{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};
static const S_range S_zero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x20D0, 0x20FF }, { 0x302A, 0x302D },
	{ 0x3099, 0x309A }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
};

static bool S_in(const S_range *r, size_t n, uint32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return true;
	return false;
}

bool sb_is_bidi_format(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200B || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) || cp == 0x2060 || (cp >= 0x2066 && cp <= 0x206F) ||
	       cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

int sb_cp_width(uint32_t cp)
{
	if (sb_is_control(cp))
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w > 2 ? 2 : w;
	if (S_in(S_zero, sizeof S_zero / sizeof S_zero[0], cp))
		return 0;
	if (S_in(S_wide, sizeof S_wide / sizeof S_wide[0], cp))
		return 2;
	return 1;
}

size_t sb_text_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += sb_utf8_decode(s + i, n - i, &cp);
		w += (size_t)sb_cp_width(cp);
	}
	return w;
}

size_t sb_str_width(const char *s)
{
	return s ? sb_text_width(s, strlen(s)) : 0;
}

void sb_text_sanitize(sb_buf *b, const char *s, size_t n, bool keep_newlines)
{
	size_t run = 0; /* start of the bytes that can be copied as they are */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		bool bad = cp == SB_REPLACEMENT && k == 1; /* an invalid byte */
		if (bad || cp == '\t' || (cp == '\n' && !keep_newlines)
		    || (sb_is_control(cp) && cp != '\n') || sb_is_bidi_format(cp)) {
			sb_buf_put(b, s + run, i - run);
			if (cp == '\t' || cp == '\n')
				sb_buf_putc(b, ' ');
			else
				sb_utf8_put(b, SB_REPLACEMENT);
			run = i + k;
		}
		i += k;
	}
	sb_buf_put(b, s + run, n - run);
}

/* Line-breaking classes: a small subset of UAX #14 that is enough for Chinese and English. */

static bool S_is_space(uint32_t cp)
{
	return cp == ' ' || cp == 0x3000;
}

/* Closing punctuation, which must not begin a line. */
static bool S_no_break_before(uint32_t cp)
{
	static const uint32_t set[] = {
		',', '.', ';', ':', '!', '?', ')', ']', '}', '%',
		0x2019, 0x201D, 0x2025, 0x2026, 0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D,
		0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x301E, 0x301F, 0x30FC, 0x30FB,
		0xFF01, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF61,
		0xFF63, 0xFF64,
	};
	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i] == cp)
			return true;
	return false;
}

/* Opening punctuation, which must not end a line. */
static bool S_no_break_after(uint32_t cp)
{
	static const uint32_t set[] = {
		'(', '[', '{', 0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014,
		0x3016, 0x3018, 0x301A, 0x301D, 0xFF08, 0xFF3B, 0xFF5B, 0xFF62,
	};
	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
		if (set[i] == cp)
			return true;
	return false;
}

static bool S_is_alpha(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Whether a line may break between prev and cp when no space separates them. */
static bool S_break_between(uint32_t prev, uint32_t cp)
{
	if (S_no_break_before(cp) || S_no_break_after(prev))
		return false;
	if (prev == 0x2014 && cp == 0x2014) /* a Chinese dash —— stays whole */
		return false;
	if (sb_cp_width(prev) == 2 || sb_cp_width(cp) == 2)
		return true;
	if ((prev == 0x2013 || prev == 0x2014) && cp != 0x2013 && cp != 0x2014)
		return true;
	return prev == '-' && S_is_alpha(cp);
}

static int S_emit(sb_spans *out, const char *s, size_t from, size_t to)
{
	while (to > from && s[to - 1] == ' ')
		to--;
	/* U+3000 IDEOGRAPHIC SPACE at the end of a line is dropped too */
	while (to >= from + 3 && memcmp(s + to - 3, "\xE3\x80\x80", 3) == 0)
		to -= 3;
	if (sb_grow(&out->v, &out->cap, out->n + 1, sizeof *out->v) != 0)
		return -1;
	out->v[out->n++] = (sb_span){ .off = from, .len = to - from,
	                              .width = sb_text_width(s + from, to - from) };
	return 0;
}

int sb_wrap(const char *s, size_t n, size_t width, sb_spans *out)
{
	if (width == 0)
		width = 1;
	size_t i = 0;
	while (i < n) {
		/* A line starts: drop the spaces a break left behind. */
		while (i < n) {
			uint32_t cp;
			size_t k = sb_utf8_decode(s + i, n - i, &cp);
			if (!S_is_space(cp))
				break;
			i += k;
		}
		if (i >= n)
			break;
		size_t j = i, w = 0;
		size_t brk_end = 0, brk_next = 0; /* the last break opportunity; brk_end > i if any */
		uint32_t prev = 0;
		bool in_spaces = false;
		for (;;) {
			if (j >= n) {
				if (S_emit(out, s, i, j) != 0)
					return -1;
				i = j;
				break;
			}
			uint32_t cp;
			size_t k = sb_utf8_decode(s + j, n - j, &cp);
			if (cp == '\n') {
				if (S_emit(out, s, i, j) != 0)
					return -1;
				i = j + 1;
				/* An empty line after a newline is kept (a blank line between paragraphs). */
				if (i < n && s[i] == '\n') {
					while (i < n && s[i] == '\n') {
						if (S_emit(out, s, i, i) != 0)
							return -1;
						i++;
					}
				}
				break;
			}
			int cw = sb_cp_width(cp);
			if (S_is_space(cp)) {
				if (!in_spaces)
					brk_end = j;
				brk_next = j + k;
				in_spaces = true;
				w += (size_t)cw;
				prev = cp;
				j += k;
				continue;
			}
			in_spaces = false;
			if (j > i && !S_is_space(prev) && S_break_between(prev, cp)) {
				brk_end = j;
				brk_next = j;
			}
			if (w + (size_t)cw > width && j > i) {
				if (brk_end > i) {
					if (S_emit(out, s, i, brk_end) != 0)
						return -1;
					i = brk_next;
				} else {
					if (S_emit(out, s, i, j) != 0)
						return -1;
					i = j;
				}
				break;
			}
			w += (size_t)cw;
			prev = cp;
			j += k;
		}
	}
	return 0;
}

void sb_spans_free(sb_spans *s)
{
	if (!s)
		return;
	sb_free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

void sb_put_repeat(sb_buf *b, const char *s, size_t count)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < count; i++)
		sb_buf_put(b, s, n);
}

void sb_put_padded(sb_buf *b, const char *s, size_t n, size_t width, char align)
{
	size_t w = sb_text_width(s, n);
	size_t pad = w < width ? width - w : 0;
	size_t left = align == 'r' ? pad : align == 'c' ? pad / 2 : 0;
	sb_put_repeat(b, " ", left);
	sb_buf_put(b, s, n);
	sb_put_repeat(b, " ", pad - left);
}

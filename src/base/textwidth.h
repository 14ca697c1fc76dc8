/* SPDX-License-Identifier: MIT */
/* textwidth.h — UTF-8 decoding, display width, CJK-aware wrapping and terminal sanitising. */
#ifndef SB_TEXTWIDTH_H
#define SB_TEXTWIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define SB_REPLACEMENT 0xFFFDu

/* Decodes one code point from s (n > 0 bytes available) into *cp and returns the bytes used
 * (1..4). Invalid input (a stray or truncated byte, an overlong form, a surrogate, a value past
 * U+10FFFF) gives U+FFFD and consumes one byte, so a caller always moves forward. */
size_t sb_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends cp to b as UTF-8 (cp must be a valid scalar value). */
void sb_utf8_put(sb_buf *b, uint32_t cp);

/* Whether cp must never reach a terminal raw: C0 controls (\t and \n included: callers decide
 * about those), DEL and C1 controls. */
bool sb_is_control(uint32_t cp);
/* Bidirectional and invisible format characters that can reorder or hide what a person reads:
 * U+061C, U+200B, U+200E-U+200F, U+2028-U+202E, U+2060, U+2066-U+206F, U+FEFF, U+FFF9-U+FFFB.
 * U+200C and U+200D (zero-width non-joiner and joiner) are not among them: Persian, Indic
 * scripts and emoji need them, and they reorder nothing. */
bool sb_is_bidi_format(uint32_t cp);
/* Columns cp takes on a terminal: 0 (combining, zero width), 1, or 2 (CJK, wide). Uses wcwidth
 * under the caller's LC_CTYPE and a small table of wide and combining ranges where the locale
 * does not know the character; a control character counts 1 (it is shown as a placeholder). */
int sb_cp_width(uint32_t cp);
/* Display width of s[0..n). */
size_t sb_text_width(const char *s, size_t n);
/* Display width of the NUL-terminated s (NULL is 0). */
size_t sb_str_width(const char *s);

/* Appends s[0..n) to b so that it is safe to send to a terminal and valid UTF-8: invalid bytes,
 * control characters and sb_is_bidi_format characters become U+FFFD; a tab becomes a space; a newline is kept when
 * keep_newlines, else it becomes a space. */
void sb_text_sanitize(sb_buf *b, const char *s, size_t n, bool keep_newlines);

/* One line of wrapped text: bytes [off, off + len) of the wrapped string, width columns. */
typedef struct {
	size_t off, len, width;
} sb_span;

typedef struct {
	sb_span *v;
	size_t n, cap;
} sb_spans;

/* Wraps s[0..n) (already sanitised) to at most width columns and appends the lines to out.
 * Breaks at spaces, between two CJK characters, after a dash; never before closing punctuation
 * (，。、；：？！）」 and the like) or after opening punctuation (（「 and the like). A newline ends
 * a line; spaces around a break are dropped. A word wider than the line is cut, always moving
 * forward by at least one character. An empty string gives no lines. 0, or -1 when memory runs
 * out. */
int sb_wrap(const char *s, size_t n, size_t width, sb_spans *out);
void sb_spans_free(sb_spans *s);

/* Appends s padded with spaces to width columns (nothing is cut: a wider s is appended whole).
 * align: 'l', 'r' or 'c'. */
void sb_put_padded(sb_buf *b, const char *s, size_t n, size_t width, char align);
/* Appends s repeated count times. */
void sb_put_repeat(sb_buf *b, const char *s, size_t count);

#endif

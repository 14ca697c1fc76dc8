/* SPDX-License-Identifier: MIT */
/* termsafe.h — the one sanitizer for text that may reach a terminal or stderr, and the rule for
 * bidirectional and invisible format characters in every output format. */
#ifndef SB_TERMSAFE_H
#define SB_TERMSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* What a caller allows through sb_termsafe. */
enum {
	SB_TS_NEWLINE = 1u,   /* keep \n (and \r\n) for layout */
	SB_TS_TAB = 2u,       /* keep \t */
	SB_TS_BACKSLASH = 4u, /* escape '\' too (\x5C), so an escaped value reads back unambiguously */
};


/* Appends s[0..n) to b fit for a terminal: every byte of a control character (C0 but those flags
 * keep, DEL, C1) and every byte that is not part of valid UTF-8 as \xNN (two upper-case hex
 * digits), and every sb_is_bidi_format character (textwidth.h) as \u{XXXX}. Everything else is copied. */
void sb_termsafe(sb_buf *b, const char *s, size_t n, unsigned flags);
/* The same into out[0..size) (always NUL-terminated when size > 0), at most max input bytes
 * (0: no limit) before "..."; a sequence is never cut. Returns the length written. */
size_t sb_termsafe_str(char *out, size_t size, const char *s, size_t max, unsigned flags);
/* The same for s[0..n), which may hold NUL bytes (shown as \x00). */
size_t sb_termsafe_n(char *out, size_t size, const char *s, size_t n, size_t max, unsigned flags);
/* Whether s[0..n) would pass sb_termsafe unchanged. */
bool sb_termsafe_clean(const char *s, size_t n, unsigned flags);

/* Appends the text of a JSON document json[0..n) (as a JSON writer made it: every string valid
 * UTF-8) to b with DEL, C1 controls and sb_is_bidi_format characters written as \uXXXX escapes (upper-case hex, as jansson writes C0 controls):
 * still valid JSON with the same values, and no raw control in the file. */
void sb_json_safe(sb_buf *b, const char *json, size_t n);

#endif

/* SPDX-License-Identifier: MIT */
/* termsafe.c — the one sanitizer for text that may reach a terminal or stderr. */
#include "base/termsafe.h"

#include <stdio.h>
#include <string.h>

#include "base/textwidth.h"

/* How s[i..] (k bytes decoding to cp) is shown: 0 copied, 1 as \xNN bytes, 2 as \u{XXXX}. */
static int S_kind(const char *s, size_t i, size_t n, size_t k, uint32_t cp, unsigned flags)
{
	if (cp == SB_REPLACEMENT && k == 1)
		return 1; /* not UTF-8 (a real U+FFFD takes three bytes) */
	if (cp == '\n')
		return flags & SB_TS_NEWLINE ? 0 : 1;
	if (cp == '\r')
		return (flags & SB_TS_NEWLINE) && i + 1 < n && s[i + 1] == '\n' ? 0 : 1;
	if (cp == '\t')
		return flags & SB_TS_TAB ? 0 : 1;
	if (cp == '\\')
		return flags & SB_TS_BACKSLASH ? 1 : 0;
	if (sb_is_control(cp))
		return 1;
	return sb_is_bidi_format(cp) ? 2 : 0;
}

/* Appends the shown form of s[i..i+k) of the given kind to out (room checked by the caller). */
static size_t S_show(char *out, const char *s, size_t k, uint32_t cp, int kind)
{
	if (kind == 2)
		return (size_t)sprintf(out, "\\u{%04X}", (unsigned)cp);
	size_t o = 0;
	for (size_t j = 0; j < k; j++)
		o += (size_t)sprintf(out + o, "\\x%02X", (unsigned char)s[j]);
	return o;
}

void sb_termsafe(sb_buf *b, const char *s, size_t n, unsigned flags)
{
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		int kind = S_kind(s, i, n, k, cp, flags);
		if (kind) {
			char tmp[24];
			sb_buf_put(b, s + run, i - run);
			sb_buf_put(b, tmp, S_show(tmp, s + i, k, cp, kind));
			run = i + k;
		}
		i += k;
	}
	sb_buf_put(b, s + run, n - run);
}

size_t sb_termsafe_str(char *out, size_t size, const char *s, size_t max, unsigned flags)
{
	return sb_termsafe_n(out, size, s, s ? strlen(s) : 0, max, flags);
}

size_t sb_termsafe_n(char *out, size_t size, const char *s, size_t n, size_t max, unsigned flags)
{
	if (size == 0)
		return 0;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (max && i >= max) {
			if (o + 4 <= size) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		int kind = S_kind(s, i, n, k, cp, flags);
		char tmp[24];
		size_t len = kind ? S_show(tmp, s + i, k, cp, kind) : k;
		if (o + len + 1 > size)
			break;
		memcpy(out + o, kind ? tmp : s + i, len);
		o += len;
		i += k;
	}
	out[o] = '\0';
	return o;
}

bool sb_termsafe_clean(const char *s, size_t n, unsigned flags)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		if (S_kind(s, i, n, k, cp, flags))
			return false;
		i += k;
	}
	return true;
}

void sb_json_safe(sb_buf *b, const char *json, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(json + i, n - i, &cp);
		bool esc = cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || sb_is_bidi_format(cp);
		if (esc && !(cp == SB_REPLACEMENT && k == 1)) {
			sb_buf_put(b, json + run, i - run);
			sb_buf_printf(b, "\\u%04X", (unsigned)cp);
			run = i + k;
		}
		i += k;
	}
	sb_buf_put(b, json + run, n - run);
}

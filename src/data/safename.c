/* SPDX-License-Identifier: MIT */
/* safename.c — file names from ids: every script kept, only what a path or a terminal cannot
 * hold replaced. */
#include "data/safename.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

#include "base/textwidth.h"

/* Characters that would let a name hide or reorder what it shows: zero-width characters,
 * direction marks, embeddings, overrides and isolates, the word joiner, the byte order mark, and
 * the line and paragraph separators. */
static bool S_format_char(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C;
}

/* id in Normalization Form C, so that "é" typed as e + U+0301 and as U+00E9 (or Hangul as jamo
 * and as syllables) give the same name. Returns id itself when it is already NFC, not valid UTF-8
 * or memory runs out (the name is then made from the bytes as given); else a string from
 * libunistring's allocator (or buf), which S_nfc_free releases. */
static const char *S_nfc(const char *id, char *buf, size_t bufsize)
{
	size_t n = strlen(id), len = bufsize - 1;
	/* libunistring would turn bytes that are not UTF-8 into U+FFFD; they become '_' below. */
	if (u8_check((const uint8_t *)id, n) != NULL)
		return id;
	uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)id, n, (uint8_t *)buf, &len);
	if (!r)
		return id; /* out of memory: the bytes as they are */
	if (r == (uint8_t *)buf) {
		buf[len] = '\0';
		return buf;
	}
	/* libunistring's own allocation, too large for buf: one more byte for the NUL */
	uint8_t *t = realloc(r, len + 1);
	if (!t) {
		free(r);
		return id;
	}
	t[len] = '\0';
	return (const char *)t;
}

static void S_nfc_free(const char *s, const char *id, const char *buf)
{
	if (s != id && s != buf)
		free((void *)s); /* libunistring's allocator, not ours */
}

size_t sb_safe_name(const char *given, char *out, size_t size)
{
	char nfc_buf[512];
	const char *id = S_nfc(given, nfc_buf, sizeof nfc_buf);
	size_t o = 0, n = strlen(id);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sb_utf8_decode(id + i, n - i, &cp);
		bool invalid = cp == SB_REPLACEMENT && len == 1;
		bool bad = invalid || sb_is_control(cp) || S_format_char(cp) ||
		           (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp) != NULL);
		size_t need = bad ? 1 : len;
		if (o + need > size - 1)
			break;
		if (bad)
			out[o++] = '_';
		else
			memcpy(out + o, id + i, len), o += len;
		i += len;
	}
	out[o] = '\0';
	for (size_t i = 0; i < o && out[i] == '.'; i++)
		out[i] = '_';
	for (size_t i = o; i > 0 && (out[i - 1] == '.' || out[i - 1] == ' '); i--)
		out[i - 1] = '_';
	if (!o)
		o = (size_t)snprintf(out, size, "respondent");
	S_nfc_free(id, given, nfc_buf);
	return o;
}

/* SPDX-License-Identifier: MIT */
/* safename.c — file names from ids: every script kept, only what a path or a terminal cannot
 * hold replaced. */
#include "data/safename.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/textwidth.h"

/* Characters that would let a name hide or reorder what it shows: zero-width characters,
 * direction marks, embeddings, overrides and isolates, the word joiner, the byte order mark, and
 * the line and paragraph separators. */
static bool S_format_char(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C;
}

size_t sb_safe_name(const char *id, char *out, size_t size)
{
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
	return o;
}

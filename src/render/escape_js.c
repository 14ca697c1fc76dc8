/* SPDX-License-Identifier: MIT */
/* escape_js.c — JSON strings safe inside an HTML <script> element. */
#include "render/escape_js.h"

#include <stdint.h>
#include <string.h>

#include "base/textwidth.h"

void sb_js_string(sb_buf *b, const char *s, size_t n)
{
	sb_buf_putc(b, '"');
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		bool invalid = cp == SB_REPLACEMENT && !(k == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3));
		bool esc = invalid || cp < 0x20 || cp == 0x7F || cp == '"' || cp == '\\' || cp == '<' ||
		           cp == '>' || cp == '&' || cp == '\'' || cp == 0x2028 || cp == 0x2029;
		if (esc) {
			sb_buf_put(b, s + run, i - run);
			if (invalid)
				sb_buf_puts(b, "\\ufffd");
			else if (cp == '"')
				sb_buf_puts(b, "\\\"");
			else if (cp == '\\')
				sb_buf_puts(b, "\\\\");
			else if (cp == '\n')
				sb_buf_puts(b, "\\n");
			else
				sb_buf_printf(b, "\\u%04x", (unsigned)cp);
			run = i + k;
		}
		i += k;
	}
	sb_buf_put(b, s + run, n - run);
	sb_buf_putc(b, '"');
}

void sb_js_string_str(sb_buf *b, const char *s)
{
	sb_js_string(b, s ? s : "", s ? strlen(s) : 0);
}

/* SPDX-License-Identifier: MIT */
/* escape_html.c — escaping text for HTML and XML (element content and quoted attributes). */
#include "render/escape_html.h"

#include <stdint.h>
#include <string.h>

#include "base/textwidth.h"

/* Characters a strict XML parser rejects or an HTML parser reports as errors. */
static int S_forbidden(uint32_t cp)
{
	if (cp == '\t' || cp == '\n')
		return 0;
	if (sb_is_control(cp))
		return 1;
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

void sb_html_escape(sb_buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		const char *rep = NULL;
		switch (cp) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if ((cp == SB_REPLACEMENT && k == 1) || S_forbidden(cp))
				rep = "\xEF\xBF\xBD";
			else if (sb_is_bidi_format(cp))
				rep = ""; /* never raw: a numeric character reference below */
		}
		if (rep) {
			sb_buf_put(b, s + run, i - run);
			if (*rep)
				sb_buf_puts(b, rep);
			else
				sb_buf_printf(b, "&#x%X;", (unsigned)cp);
			run = i + k;
		}
		i += k;
	}
	sb_buf_put(b, s + run, n - run);
}

void sb_html_escape_str(sb_buf *b, const char *s)
{
	if (s)
		sb_html_escape(b, s, strlen(s));
}

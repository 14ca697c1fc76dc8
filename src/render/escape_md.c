/* SPDX-License-Identifier: MIT */
/* escape_md.c — escaping text so that CommonMark (with pipe tables) reads it literally. */
#include "render/escape_md.h"

#include <stdint.h>
#include <string.h>

#include "base/textwidth.h"

static bool S_special(uint32_t cp)
{
	return cp && strchr("\\`*_[]<>#|~&", (int)cp) != NULL && cp < 0x80;
}

/* Length of the line at s[0..n) without its trailing spaces and tabs. */
static size_t S_trimmed(const char *s, size_t n)
{
	size_t end = 0;
	while (end < n && s[end] != '\n')
		end++;
	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	return end;
}

void sb_md_escape(sb_buf *b, const char *s, size_t n, bool keep_newlines, bool mid_line,
                  const char *cont)
{
	size_t i = 0;
	bool first = true, any = false;
	while (i <= n) {
		/* One line: s[i .. i + len), then a newline or the end. */
		size_t len = S_trimmed(s + i, n - i);
		size_t next = i;
		while (next < n && s[next] != '\n')
			next++;
		size_t p = i;
		while (p < i + len && (s[p] == ' ' || s[p] == '\t'))
			p++;
		if (!first) {
			if (keep_newlines) {
				sb_buf_putc(b, '\n');
				if (cont)
					sb_buf_puts(b, cont);
			} else if (p < i + len && any) {
				sb_buf_putc(b, ' ');
			}
		}
		/* Where a block could start: at the start of an output line. Joined lines follow a
		 * space; kept ones start a line of their own. */
		bool bol = keep_newlines ? !(first && mid_line) : !any && !mid_line;
		first = false;
		any = any || p < i + len;
		bool digits = false;
		while (p < i + len) {
			uint32_t cp;
			size_t k = sb_utf8_decode(s + p, i + len - p, &cp);
			bool bad = cp == SB_REPLACEMENT && k == 1;
			if (bad || (sb_is_control(cp) && cp != '\t')) {
				sb_utf8_put(b, SB_REPLACEMENT);
			} else if (cp == '\t') {
				sb_buf_putc(b, ' ');
			} else if (sb_is_bidi_format(cp)) {
				/* never raw: a numeric character reference (docs/security.md) */
				sb_buf_printf(b, "&#x%X;", (unsigned)cp);
			} else {
				bool esc = S_special(cp)
					|| (bol && !digits && (cp == '-' || cp == '+' || cp == '='))
					|| (bol && digits && (cp == '.' || cp == ')'));
				if (esc)
					sb_buf_putc(b, '\\');
				sb_buf_put(b, s + p, k);
			}
			if (bol && cp >= '0' && cp <= '9')
				digits = true;
			else
				bol = false;
			p += k;
		}
		if (next >= n)
			break;
		i = next + 1;
	}
}

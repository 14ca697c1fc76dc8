/* SPDX-License-Identifier: MIT */
/* escape_html.h — escaping text for HTML and XML (element content and quoted attributes). */
#ifndef SB_ESCAPE_HTML_H
#define SB_ESCAPE_HTML_H

#include <stddef.h>

#include "base/buf.h"

/* Appends s[0..n) to b escaped for element content or a double- or single-quoted attribute:
 * & < > " ' become character references. The result is also valid XML 1.0 text: invalid UTF-8,
 * control characters other than tab and newline, and noncharacters become U+FFFD. */
void sb_html_escape(sb_buf *b, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL appends nothing. */
void sb_html_escape_str(sb_buf *b, const char *s);

#endif

/* SPDX-License-Identifier: MIT */
/* escape_js.h — strings as JSON that may sit inside an HTML <script> element. */
#ifndef SB_ESCAPE_JS_H
#define SB_ESCAPE_JS_H

#include <stddef.h>

#include "base/buf.h"

/* Appends s[0..n) to b as a double-quoted JSON string that is also safe in a <script> element
 * and in JavaScript source: '"' and '\' escaped; '<', '>', '&', '\'', control characters, DEL,
 * U+2028 and U+2029 as \uXXXX (so no "</script", "<!--" or line terminator can appear); invalid
 * UTF-8 becomes U+FFFD. */
void sb_js_string(sb_buf *b, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL gives "". */
void sb_js_string_str(sb_buf *b, const char *s);

#endif

/* SPDX-License-Identifier: MIT */
/* escape_md.h — escaping text so that CommonMark (with pipe tables) reads it literally. */
#ifndef SB_ESCAPE_MD_H
#define SB_ESCAPE_MD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* Appends s[0..n) to b so that a CommonMark reader shows exactly its characters: the characters
 * that start markup anywhere (\ ` * _ [ ] < > # | ~ &) get a backslash, and so do those that
 * start a block at the beginning of a line (- + = and the . or ) after a number), so no text can
 * become a list, heading, quote, code block, link, raw HTML or table cell border. Spaces at the
 * start and end of each line are dropped. Invalid UTF-8 and control characters become U+FFFD.
 * mid_line: the text follows other text on its first line (a table cell, a value after its key),
 * where a block cannot start. A newline is written as a newline followed by cont (NULL: "") when
 * keep_newlines, else as a space (headings, table cells). */
void sb_md_escape(sb_buf *b, const char *s, size_t n, bool keep_newlines, bool mid_line,
                  const char *cont);

#endif

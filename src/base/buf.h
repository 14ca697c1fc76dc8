/* SPDX-License-Identifier: MIT */
/* buf.h — a growable byte buffer that renderers and writers append to. */
#ifndef SB_BUF_H
#define SB_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *data; /* always NUL-terminated when non-NULL */
	size_t len, cap;
	bool failed; /* an allocation failed; later appends are ignored */
} sb_buf;

void sb_buf_put(sb_buf *b, const char *s, size_t n);
void sb_buf_puts(sb_buf *b, const char *s);
void sb_buf_putc(sb_buf *b, char c);
void sb_buf_printf(sb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_buf_vprintf(sb_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Replaces b's contents with the formatted text and returns it (valid until b next changes);
 * "" when memory ran out, with b->failed set. For short composed strings in a scratch buffer. */
const char *sb_buf_fmt(sb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ensures room for n more bytes; returns a pointer to write them at, or NULL on failure. */
char *sb_buf_reserve(sb_buf *b, size_t n);
void sb_buf_reset(sb_buf *b);
/* Takes the data out (caller frees with sb_free); the buffer is left empty. */
char *sb_buf_detach(sb_buf *b, size_t *len);
void sb_buf_free(sb_buf *b);

#endif

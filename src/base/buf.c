/* SPDX-License-Identifier: MIT */
/* buf.c — growable byte buffer. */
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

char *sb_buf_reserve(sb_buf *b, size_t n)
{
	if (b->failed)
		return NULL;
	if (n >= (size_t)-1 - b->len - 1 || sb_grow(&b->data, &b->cap, b->len + n + 1, 1) != 0) {
		b->failed = true;
		return NULL;
	}
	return b->data + b->len;
}

void sb_buf_put(sb_buf *b, const char *s, size_t n)
{
	char *p = sb_buf_reserve(b, n);
	if (!p)
		return;
	memcpy(p, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sb_buf_puts(sb_buf *b, const char *s)
{
	sb_buf_put(b, s, strlen(s));
}

void sb_buf_putc(sb_buf *b, char c)
{
	sb_buf_put(b, &c, 1);
}

void sb_buf_vprintf(sb_buf *b, const char *fmt, va_list ap)
{
	va_list probe;
	va_copy(probe, ap);
	int n = vsnprintf(NULL, 0, fmt, probe);
	va_end(probe);
	if (n < 0) {
		b->failed = true;
		return;
	}
	char *p = sb_buf_reserve(b, (size_t)n);
	if (!p)
		return;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sb_buf_printf(sb_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *sb_buf_fmt(sb_buf *b, const char *fmt, ...)
{
	sb_buf_reset(b);
	va_list ap;
	va_start(ap, fmt);
	sb_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return b->failed || !b->data ? "" : b->data;
}

void sb_buf_reset(sb_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *sb_buf_detach(sb_buf *b, size_t *len)
{
	char *d = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

void sb_buf_free(sb_buf *b)
{
	if (!b)
		return;
	sb_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

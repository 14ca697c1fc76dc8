/* SPDX-License-Identifier: MIT */
/* chunked.h — an input handed to a reader in chunks whose sizes the fuzz input chooses, so the
 * reader sees it split between reads in every way, reproducibly: a read function (an
 * sb_csv_read_fn, for sb_csv_open_fn and sb_answers_opts.read_fn) that returns at most the rest
 * of the current chunk, as read(2) on a pipe fed one chunk at a time would. It used to be such a
 * pipe, fed by a second thread; the two context switches per chunk made a run cost ~40 ms of
 * waiting on a busy machine. Header-only: each harness is one file plus replay.c. */
#ifndef SB_FUZZ_CHUNKED_H
#define SB_FUZZ_CHUNKED_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* After this many chunks the rest goes in page-sized pieces, as before. */
#define SB_CHUNKED_MAX 2048

typedef struct {
	const uint8_t *data;
	size_t size, off;
	const uint8_t *sizes; /* chunk k holds 1 + sizes[k % n_sizes] bytes; none: 4096 each */
	size_t n_sizes;
	size_t k;             /* the current chunk */
	size_t left;          /* bytes of it not yet read */
} sb_chunked;

static void sb_chunked_start(sb_chunked *c, const uint8_t *data, size_t size,
                             const uint8_t *sizes, size_t n_sizes)
{
	*c = (sb_chunked){ .data = data, .size = size, .sizes = sizes, .n_sizes = n_sizes };
}

/* An sb_csv_read_fn over c: one read never crosses a chunk's end. */
static long sb_chunked_read(void *ctx, char *dst, size_t n)
{
	sb_chunked *c = ctx;
	if (c->left == 0) {
		if (c->off == c->size)
			return 0;
		c->left = c->k < SB_CHUNKED_MAX && c->n_sizes ? 1 + (size_t)c->sizes[c->k % c->n_sizes]
		                                             : 4096;
		c->k++;
		if (c->left > c->size - c->off)
			c->left = c->size - c->off;
	}
	if (n > c->left)
		n = c->left;
	memcpy(dst, c->data + c->off, n);
	c->off += n;
	c->left -= n;
	return (long)n;
}

#endif

/* SPDX-License-Identifier: MIT */
/* chunked.h — a pipe fed from a second thread in chunks whose sizes the fuzz input chooses, so a
 * reader sees its input split by read(2) in every way, reproducibly. Header-only: each harness
 * is one file plus replay.c. */
#ifndef SB_FUZZ_CHUNKED_H
#define SB_FUZZ_CHUNKED_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* After this many chunks the rest goes in page-sized pieces, so a large input with 1-byte chunks
 * does not cost a context switch per byte. */
#define SB_CHUNKED_MAX 2048

typedef struct {
	int fd;               /* the read end: hand it to the reader */
	int wfd;
	const uint8_t *data;
	size_t size;
	const uint8_t *sizes; /* chunk k holds 1 + sizes[k % n_sizes] bytes */
	size_t n_sizes;
	pthread_t thread;
} sb_chunked;

/* The pipe holds one page (F_SETPIPE_SZ), so it is empty exactly when it is writable: each chunk
 * is written only once the reader has taken all of the one before, and a read(2) never sees two
 * chunks at once. */
static void *sb_chunked_feed(void *arg)
{
	sb_chunked *c = arg;
	size_t off = 0;
	for (size_t k = 0; off < c->size; k++) {
		size_t n = k < SB_CHUNKED_MAX && c->n_sizes ? 1 + (size_t)c->sizes[k % c->n_sizes] : 4096;
		if (n > c->size - off)
			n = c->size - off;
		struct pollfd p = { .fd = c->wfd, .events = POLLOUT };
		while (poll(&p, 1, -1) < 0 && errno == EINTR)
			;
		if (p.revents & (POLLERR | POLLHUP))
			break; /* the reader has gone */
		ssize_t w;
		do
			w = write(c->wfd, c->data + off, n);
		while (w < 0 && errno == EINTR);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(c->wfd);
	return NULL;
}

static void sb_chunked_start(sb_chunked *c, const uint8_t *data, size_t size,
                             const uint8_t *sizes, size_t n_sizes)
{
	int p[2];
	signal(SIGPIPE, SIG_IGN);
	if (pipe2(p, O_CLOEXEC) != 0)
		abort();
	(void)fcntl(p[1], F_SETPIPE_SZ, 4096);
	*c = (sb_chunked){
		.fd = p[0], .wfd = p[1], .data = data, .size = size, .sizes = sizes, .n_sizes = n_sizes,
	};
	if (pthread_create(&c->thread, NULL, sb_chunked_feed, c) != 0)
		abort();
}

static void sb_chunked_finish(sb_chunked *c)
{
	close(c->fd);
	pthread_join(c->thread, NULL);
}

#endif

/* SPDX-License-Identifier: MIT */
/* outfile.h — output files that hold answers or scores: mode 0600, written to a temporary file
 * in the same folder and renamed into place, so a crash never leaves half a file. */
#ifndef SB_OUTFILE_H
#define SB_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

typedef struct sb_outfile sb_outfile;

/* Opens path for writing. NULL or "-" is standard output (written directly). A path that exists
 * and is not a regular file (a device, a FIFO) is written directly too, unless it is a block
 * device or belongs to another user (not root). Anything else goes to a temporary file beside
 * it. SB_OK, or SB_ERR_CANTCREAT with a message naming the path. */
sb_status sb_out_open(const char *path, sb_outfile **out, sb_diags *d);
/* Buffered write; errors are remembered and reported by sb_out_commit. */
void sb_out_write(sb_outfile *f, const void *data, size_t n);
void sb_out_puts(sb_outfile *f, const char *s);
/* Writes out what is buffered now (for a live filter); errors are remembered as for writes. */
void sb_out_flush(sb_outfile *f);
/* Flushes, syncs, closes and renames into place. On any failure the temporary file is removed,
 * an existing file at path is left as it was, and SB_ERR_IO (or SB_ERR_CANTCREAT when the
 * rename fails) is returned. Frees f in every case. */
sb_status sb_out_commit(sb_outfile *f, sb_diags *d);
/* Discards: removes the temporary file and frees f. NULL is allowed. */
void sb_out_abort(sb_outfile *f);
/* Whether the output is a terminal (for progress and colour decisions). */
bool sb_out_isatty(const sb_outfile *f);
/* Writes a whole buffer to path atomically: open, write, commit. */
sb_status sb_out_save(const char *path, const void *data, size_t n, sb_diags *d);

/* Failure injection for tests: make the given operation fail with errno err on its k-th call
 * from now and every call after it (k = 0 turns it off); EINTR fails the k-th call only, as a
 * signal would, so that the retry goes through. The seam through which tests reach unhappy
 * paths. */
typedef enum { SB_IO_WRITE, SB_IO_FSYNC, SB_IO_CLOSE, SB_IO_RENAME, SB_IO_OPS } sb_io_op;
void sb_io_inject(sb_io_op op, unsigned long k, int err);

#endif

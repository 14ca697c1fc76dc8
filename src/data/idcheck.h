/* SPDX-License-Identifier: MIT */
/* idcheck.h — exact repeated-id detection in bounded memory, for inputs of any length.
 *
 * Every (id, row) goes into one of up to 512 partitions by the top bits of a 64-bit fingerprint
 * of the id: a slice of a fixed buffer each (4 KiB with the default budget), written as a chunk
 * to a temporary file when full (in $TMPDIR, else /tmp; removed at once, so nothing is left
 * behind), each chunk pointing back at its partition's previous one. Nothing is sorted while
 * rows come. At the end the partitions are searched one by one, on two threads that take them
 * in turn: a partition is read back, sorted by fingerprint and row in memory (or, when it
 * outgrows a quarter of the budget, in sorted runs on disk merged at most SB_IDCHECK_FANIN at a
 * time), ids with the same fingerprint are compared byte for byte, and every row whose id
 * repeats an earlier row's is reported with the first row of that id, in row order (the
 * repeats go through a bounded sort of their own per thread, merged by row).
 *
 * Memory, whatever the number of rows: the budget (default SB_IDCHECK_BUDGET) while adding, and
 * a quarter of it per thread (with 16 bytes of index per record) for the partition it searches,
 * and up to a quarter each for repeats. Disk: 20 bytes plus the id per row, and 12 per chunk. */
#ifndef SB_IDCHECK_H
#define SB_IDCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/error.h"
#include "data/extsort.h"

#define SB_IDCHECK_BUDGET (2u * 1024 * 1024)
#define SB_IDCHECK_FANIN SB_XSORT_FANIN

/* The 64-bit fingerprint of an id (8 bytes at a time through a murmur3-style finaliser), shared
 * by this check and the in-memory set of data/answers.c. */
static inline uint64_t sb_id_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static inline uint64_t sb_id_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0x100000001b3ULL);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = sb_id_mix(h ^ w);
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	if (n)
		memcpy(&w, s, n);
	return sb_id_mix(h ^ w ^ ((uint64_t)n << 56));
}

typedef struct sb_idcheck sb_idcheck;

/* One row whose id repeats: id (not NUL-terminated), row and the first row with that id. */
typedef struct {
	const char *id;
	size_t id_len;
	long row, first;
} sb_idrepeat;

/* budget: bytes of ids held in memory (0: SB_IDCHECK_BUDGET; tests use tiny ones, which make
 * fewer partitions of 256-byte slices). SB_OK or SB_ERR_INTERNAL. */
sb_status sb_idcheck_new(size_t budget, sb_idcheck **out);
/* Remembers that row holds id. Rows must come in increasing order. SB_OK; SB_ERR_IO (with a
 * message) when the temporary file cannot be made or written; SB_ERR_INTERNAL out of memory. */
sb_status sb_idcheck_add(sb_idcheck *c, const char *id, size_t len, long row, sb_diags *d);
/* After the last add: finds the repeats. Then sb_idcheck_next gives them one by one. */
sb_status sb_idcheck_finish(sb_idcheck *c, sb_diags *d);
/* The next repeat in row order into *r (valid until the next call): 1, 0 at the end, or -1 when
 * reading the temporary file failed (with a message in d). */
int sb_idcheck_next(sb_idcheck *c, sb_idrepeat *r, sb_diags *d);
/* Rows remembered and runs written so far (for tests and measurements). */
unsigned long sb_idcheck_rows(const sb_idcheck *c);
unsigned long sb_idcheck_runs(const sb_idcheck *c);
void sb_idcheck_free(sb_idcheck *c);

#endif

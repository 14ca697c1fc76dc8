/* SPDX-License-Identifier: MIT */
/* idcheck.h — exact repeated-id detection in bounded memory, for inputs of any length.
 *
 * Every (id, row) goes into a fixed-size buffer; a full buffer is sorted by a 64-bit fingerprint
 * of the id and written to a temporary file as a sorted run (in $TMPDIR, else /tmp; removed at
 * once, so nothing is left behind). At the end the runs are merged (at most SB_IDCHECK_FANIN at
 * a time, in a few passes for very long inputs; the last merge in two halves of the fingerprints
 * side by side, the second on a thread of its own), ids with the same fingerprint are compared
 * byte for byte, and every row whose id repeats an earlier row's is reported with the first row
 * of that id, in row order (the repeats themselves go through the same bounded sort, one per
 * half, merged by row).
 *
 * Memory, whatever the number of rows: the budget (default SB_IDCHECK_BUDGET) of records and 16
 * bytes of index per record (about as much again for short ids: 3.9 MiB in all for 8-byte ids)
 * while adding; 16 KiB per run while merging (8 KiB per half), and up to the budget for
 * repeats. Disk: about 24 bytes plus the id per row. */
#ifndef SB_IDCHECK_H
#define SB_IDCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/error.h"

#define SB_IDCHECK_BUDGET (2u * 1024 * 1024)
#define SB_IDCHECK_FANIN 128

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

/* budget: bytes of ids held before a run is written (0: SB_IDCHECK_BUDGET; tests use tiny ones).
 * SB_OK or SB_ERR_INTERNAL. */
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

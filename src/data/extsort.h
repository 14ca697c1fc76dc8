/* SPDX-License-Identifier: MIT */
/* extsort.h — a bounded external sort of records (a 64-bit key, a 64-bit val, bytes), for the
 * repeated-id check (data/idcheck.c). Records are added into an arena of a fixed budget; a full
 * arena is sorted by (key, val) in place (radix on two bytes of the key from `shift` down, then
 * insertion or heapsort per bucket; no second array) and written as a run to an unlinked
 * temporary file (in $TMPDIR, else /tmp). Reading sorts what fits in memory, or merges the runs
 * with a heap, SB_XSORT_FANIN at a time (in several passes for very many runs). The same
 * temporary file serves as a plain append-only file too (sb_xsort_append), for the id check's
 * partition chunks.
 *
 * The struct is public so that it can be embedded; its fields are read by idcheck.c (reading,
 * write_failed, runs_written, fd) and written only here. Functions returning int give 0 (or 1
 * for a record), or -1 with errno (ENOMEM: memory; else the temporary file). */
#ifndef SB_EXTSORT_H
#define SB_EXTSORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SB_XSORT_FANIN 128 /* runs merged at once */

#define SB_XSORT_HEAD 20 /* a record in a run: key (8), val (8), length (4), bytes */

/* A record's head in a run (and in the id check's chunks, which hold records the same way). */
static inline void sb_xsort_put_head(char h[SB_XSORT_HEAD], uint64_t key, uint64_t val,
                                     uint32_t len)
{
	memcpy(h, &key, 8);
	memcpy(h + 8, &val, 8);
	memcpy(h + 16, &len, 4);
}

static inline void sb_xsort_get_head(const char *h, uint64_t *key, uint64_t *val, uint32_t *len)
{
	memcpy(key, h, 8);
	memcpy(val, h + 8, 8);
	memcpy(len, h + 16, 4);
}

typedef struct {
	uint64_t key, off; /* off: the record's place in the arena (val, length, bytes) */
} sb_xsort_ent;

typedef struct {
	uint64_t start, end;
} sb_xsort_run;

typedef struct {
	uint64_t pos, end;
	char *buf;
	size_t cap, lo, hi;
	uint64_t key, val;
	const char *bytes;
	uint32_t len;
} sb_xsort_cur;

/* A merge of runs. */
typedef struct {
	sb_xsort_cur *cur;  /* one per run being merged */
	sb_xsort_cur **heap;
	size_t n_heap;
	sb_xsort_cur *last; /* the cursor whose record was handed out last: advanced on the next call */
} sb_xsort_merge;

typedef struct {
	size_t budget;
	unsigned shift;     /* sorting: the key's byte to sort by first (56: the top one) */
	char *arena;
	size_t alen, acap;
	sb_xsort_ent *ent;
	size_t n, ecap;
	int fd;             /* the temporary file, -1 until the first run */
	uint64_t fsize;
	sb_xsort_run *runs;
	size_t n_runs, rcap;
	unsigned long runs_written;
	/* reading */
	bool reading, mem;
	size_t mi;
	sb_xsort_merge m;   /* the merge of all the runs */
	char *out;          /* write buffer */
	size_t out_n;
	uint64_t out_pos;
	bool write_failed;  /* a write failed (reading also writes: the merge passes) */
} sb_xsort;

/* An empty sorter that keeps up to budget bytes of records in memory; its sort starts at the
 * key's byte at shift (56: the top byte). */
void sb_xsort_init(sb_xsort *s, size_t budget, unsigned shift);
/* Frees everything; closes the temporary file. */
void sb_xsort_free(sb_xsort *s);
/* Empties s for another set of records, keeping its buffers (and its file, emptied). */
void sb_xsort_reset(sb_xsort *s);
int sb_xsort_add(sb_xsort *s, uint64_t key, uint64_t val, const char *b, size_t len);
/* Ends adding and starts reading in (key, val) order. */
int sb_xsort_read_begin(sb_xsort *s);
/* The next record (its bytes valid until the next call): 1, 0 at the end, -1. */
int sb_xsort_read_next(sb_xsort *s, uint64_t *key, uint64_t *val, const char **b, uint32_t *len);
/* The temporary file as an append-only file (never with records added): p[0..n) written at
 * *off, through the write buffer; sb_xsort_flush before reading it back (pread on s->fd). */
int sb_xsort_append(sb_xsort *s, const void *p, size_t n, uint64_t *off);
int sb_xsort_flush(sb_xsort *s);
/* Reads exactly n bytes at off of the temporary file (EIO: it is shorter). */
int sb_xsort_pread(const sb_xsort *s, void *dst, size_t n, uint64_t off);

#endif

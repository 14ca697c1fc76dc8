/* SPDX-License-Identifier: MIT */
/* idcheck.c — repeated ids in bounded memory (see idcheck.h): the ids into partitions by
 * fingerprint while rows come, then each partition sorted (data/extsort.c) and searched alone;
 * the repeats sorted by row the same way. */
#include "data/idcheck.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/tmpfile.h"
#include "data/extsort.h"

/* The ids go into partitions by the top bits of their fingerprint: each partition has a slice
 * of one buffer, written out as a chunk to the temporary file when it is full. A chunk starts
 * with where the partition's previous chunk is (S_CHUNK_HEAD: its offset and length; length 0:
 * none), then records as in a run. At the end each partition is read back alone, the newest
 * chunk first, sorted (in memory, or in runs of its own when it outgrows a quarter of the
 * budget) and searched for repeats. An id's records are all in one partition, so each partition
 * is a search of its own: two threads take them in turn. */
#define S_CHUNK_HEAD 12
#define S_PART_BITS 9 /* at most 512 partitions: slices of 4 KiB with the default budget */
#define S_SLICE_MIN 256

typedef struct {
	uint32_t used;     /* bytes in its slice */
	uint32_t last_len; /* the newest chunk written: its length, head included (0: none) */
	uint64_t last_off;
} S_part;

/* One of the two searches: the partitions it took, one at a time. */
typedef struct {
	sb_idcheck *c;
	int part;
	sb_xsort ids;      /* the records of the partition being searched */
	char *chunk;       /* a chunk read back */
	size_t chunk_cap;
	sb_xsort reps;     /* its repeats, by row */
	sb_buf group;      /* ids seen with the current fingerprint */
	struct S_gid {
		size_t off, len;
		long first;
	} *g;
	size_t g_n, g_cap;
	int err;           /* after a failure: errno, and whether writing or reading failed */
	const char *what;
	/* sb_idcheck_next: the next repeat of this half, read ahead */
	bool have;
	uint64_t key, val;
	const char *b;
	uint32_t len;
} S_half;

struct sb_idcheck {
	size_t n_parts, slice; /* partitions, and the bytes of each one's slice */
	unsigned part_shift;   /* a fingerprint's partition: key >> part_shift */
	char *slab;            /* the slices */
	S_part *parts;
	sb_xsort file;         /* the chunks' temporary file and its write buffer */
	size_t taken;          /* sb_idcheck_finish: partitions taken so far (atomic) */
	int stop;              /* a search failed: the other stops (atomic) */
	S_half half[2];
	unsigned long rows;
	bool finished;
	int next;          /* sb_idcheck_next: the half whose repeat was handed out last, or -1 */
};

/* --- helpers --------------------------------------------------------------------------------- */

static sb_status S_io(sb_diags *d, const char *what)
{
	sb_diags_add(d, sb_tmp_dir(), 0, 0,
	             "cannot %s the temporary file of the repeated-id check: %s", what,
	             strerror(errno));
	return SB_ERR_IO;
}

/* --- the id check ------------------------------------------------------------------------------ */

sb_status sb_idcheck_new(size_t budget, sb_idcheck **out)
{
	*out = NULL;
	sb_idcheck *c = sb_calloc(1, sizeof *c);
	if (!c)
		return SB_ERR_INTERNAL;
	if (!budget)
		budget = SB_IDCHECK_BUDGET;
	/* as many partitions as slices of at least S_SLICE_MIN fit, a power of two, at least 2 */
	unsigned bits = 1;
	while (bits < S_PART_BITS && (budget >> (bits + 1)) >= S_SLICE_MIN)
		bits++;
	c->n_parts = (size_t)1 << bits;
	c->slice = budget / c->n_parts > S_SLICE_MIN ? budget / c->n_parts : S_SLICE_MIN;
	c->part_shift = 64 - bits;
	c->slab = sb_malloc(c->n_parts * c->slice);
	c->parts = sb_calloc(c->n_parts, sizeof *c->parts);
	if (!c->slab || !c->parts) {
		sb_idcheck_free(c);
		return SB_ERR_INTERNAL;
	}
	sb_xsort_init(&c->file, 0, 56);
	/* Each search sorts one partition at a time in a quarter of the budget (a partition of
	 * 10,000,000 rows of 8-byte ids fits); its repeats take a quarter too. The slab is gone by
	 * then when it was written out. */
	size_t quarter = budget / 4 ? budget / 4 : 1;
	for (int h = 0; h < 2; h++) {
		S_half *hf = &c->half[h];
		/* sorted from the bits below those a partition's keys share */
		sb_xsort_init(&hf->ids, quarter, c->part_shift >= 8 ? c->part_shift - 8 : 0);
		sb_xsort_init(&hf->reps, quarter, 56);
		hf->c = c;
		hf->part = h;
	}
	c->next = -1;
	*out = c;
	return SB_OK;
}

static sb_status S_fail(sb_diags *d, const char *what)
{
	return errno == ENOMEM ? SB_ERR_INTERNAL : S_io(d, what);
}

/* Writes partition p's slice, and the record (head, b, len) if head is not NULL, as a chunk;
 * 0, or -1 with errno. */
static int S_chunk_out(sb_idcheck *c, size_t p, const char *head, const char *b, size_t len)
{
	sb_xsort *w = &c->file;
	S_part *pt = &c->parts[p];
	uint64_t off, ignored;
	size_t n = S_CHUNK_HEAD + pt->used + (head ? SB_XSORT_HEAD + len : 0);
	char h[S_CHUNK_HEAD];
	memcpy(h, &pt->last_off, 8);
	memcpy(h + 8, &pt->last_len, 4);
	if (sb_xsort_append(w, h, S_CHUNK_HEAD, &off) != 0 ||
	    sb_xsort_append(w, c->slab + p * c->slice, pt->used, &ignored) != 0 ||
	    (head && (sb_xsort_append(w, head, SB_XSORT_HEAD, &ignored) != 0 ||
	              sb_xsort_append(w, b, len, &ignored) != 0)))
		return -1;
	pt->last_off = off;
	pt->last_len = (uint32_t)n;
	pt->used = 0;
	return 0;
}

sb_status sb_idcheck_add(sb_idcheck *c, const char *id, size_t len, long row, sb_diags *d)
{
	c->rows++;
	if (len > UINT32_MAX - S_CHUNK_HEAD - SB_XSORT_HEAD - c->slice) { /* beyond any CSV field */
		errno = ENOMEM;
		return S_fail(d, "write");
	}
	uint64_t key = sb_id_hash(id, len), val = (uint64_t)row;
	char head[SB_XSORT_HEAD];
	sb_xsort_put_head(head, key, val, (uint32_t)len);
	size_t p = (size_t)(key >> c->part_shift);
	S_part *pt = &c->parts[p];
	size_t need = SB_XSORT_HEAD + len;
	if (pt->used + need > c->slice) {
		if (need > c->slice) /* longer than a slice: a chunk of what the slice holds and it */
			return S_chunk_out(c, p, head, id, len) != 0 ? S_fail(d, "write") : SB_OK;
		if (S_chunk_out(c, p, NULL, NULL, 0) != 0)
			return S_fail(d, "write");
	}
	char *q = c->slab + p * c->slice + pt->used;
	memcpy(q, head, SB_XSORT_HEAD);
	if (len)
		memcpy(q + SB_XSORT_HEAD, id, len);
	pt->used += (uint32_t)need;
	/* the partition's next record, some hundreds of rows on, goes here: fetched now, its first
	 * write does not wait for the line (2 MiB of slices do not stay in the caches) */
	__builtin_prefetch(q + need + 64, 1);
	return SB_OK;
}

/* Among the ids with one fingerprint so far: the first row of id, or 0 (and it is added). */
static long S_group_first(S_half *h, const char *id, uint32_t len, long row)
{
	for (size_t i = 0; i < h->g_n; i++)
		if (h->g[i].len == len && (!len || memcmp(h->group.data + h->g[i].off, id, len) == 0))
			return h->g[i].first;
	/* almost every fingerprint has one id: kept without a call while there is room */
	if (h->g_n == h->g_cap && sb_grow(&h->g, &h->g_cap, h->g_n + 1, sizeof *h->g) != 0)
		return -1;
	h->g[h->g_n++] = (struct S_gid){ h->group.len, len, row };
	if (h->group.len + len < h->group.cap) {
		memcpy(h->group.data + h->group.len, id, len);
		h->group.len += len;
		h->group.data[h->group.len] = '\0';
		return 0;
	}
	sb_buf_put(&h->group, id, len);
	return h->group.failed ? -1 : 0;
}

/* Adds the records of d[0..n) (a slice, or a chunk after its head) to h's sorter; 0, or -1
 * with errno. */
static int S_take_records(S_half *h, const char *d, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint64_t key, val;
		uint32_t len;
		if (n - i < SB_XSORT_HEAD) {
			errno = EIO;
			return -1;
		}
		sb_xsort_get_head(d + i, &key, &val, &len);
		i += SB_XSORT_HEAD;
		if (len > n - i) {
			errno = EIO;
			return -1;
		}
		if (sb_xsort_add(&h->ids, key, val, d + i, len) != 0)
			return -1;
		i += len;
	}
	return 0;
}

/* Reads the chunk of n bytes at off into h->chunk; 0, or -1 with errno. */
static int S_chunk_in(S_half *h, uint64_t off, size_t n)
{
	if (sb_grow(&h->chunk, &h->chunk_cap, n, 1) != 0) {
		errno = ENOMEM;
		return -1;
	}
	return sb_xsort_pread(&h->c->file, h->chunk, n, off);
}

/* Partition p into h's sorter: its slice, then its chunks from the newest; 0, or -1 with
 * errno and h->what. */
static int S_load(S_half *h, size_t p)
{
	sb_idcheck *c = h->c;
	const S_part *pt = &c->parts[p];
	h->what = "write"; /* the sorter's runs, when the partition outgrows it */
	if (pt->used && S_take_records(h, c->slab + p * c->slice, pt->used) != 0)
		return -1; /* (with chunks on disk the slices were written out and the slab freed) */
	uint64_t off = pt->last_off;
	uint32_t len = pt->last_len;
	while (len) {
		h->what = "read";
		if (len < S_CHUNK_HEAD || S_chunk_in(h, off, len) != 0) {
			if (len < S_CHUNK_HEAD)
				errno = EIO;
			return -1;
		}
		memcpy(&off, h->chunk, 8);
		uint32_t prev;
		memcpy(&prev, h->chunk + 8, 4);
		if (prev && prev < S_CHUNK_HEAD) {
			errno = EIO;
			return -1;
		}
		h->what = "write";
		if (S_take_records(h, h->chunk + S_CHUNK_HEAD, len - S_CHUNK_HEAD) != 0)
			return -1;
		len = prev;
	}
	return 0;
}

/* Finds the repeats among h's sorter's records (one partition's, sorted) and adds them to its
 * repeats; 0, or -1 with h->err and h->what. */
static int S_scan(S_half *h)
{
	sb_xsort *ids = &h->ids;
	uint64_t key, val, group = 0;
	const char *b;
	uint32_t len;
	int r;
	bool any = false;
	while ((r = sb_xsort_read_next(ids, &key, &val, &b, &len)) > 0) {
		if (!any || key != group) {
			any = true;
			group = key;
			h->g_n = 0;
			h->group.len = 0; /* sb_buf_reset's work, without the call */
			if (h->group.data)
				h->group.data[0] = '\0';
		}
		long first = S_group_first(h, b, len, (long)val);
		if (first < 0) {
			errno = ENOMEM;
			r = -1;
			break;
		}
		if (first && sb_xsort_add(&h->reps, val, (uint64_t)first, b, len) != 0) {
			h->what = "write";
			h->err = errno;
			return -1;
		}
	}
	if (r < 0) {
		h->what = "read";
		h->err = errno;
		return -1;
	}
	return 0;
}

/* One search: partitions taken in turn with the other until none is left or one fails. */
static void *S_search(void *arg)
{
	S_half *h = arg;
	sb_idcheck *c = h->c;
	for (;;) {
		if (__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE))
			return NULL;
		size_t p = __atomic_fetch_add(&c->taken, 1, __ATOMIC_ACQ_REL);
		if (p >= c->n_parts)
			return NULL;
		if (S_load(h, p) != 0 || sb_xsort_read_begin(&h->ids) != 0) {
			if (!h->err) {
				h->err = errno;
				if (h->ids.reading) /* the sorter's last run or a merge pass */
					h->what = h->ids.write_failed ? "write" : "read";
			}
		} else {
			(void)S_scan(h);
		}
		if (h->err) {
			__atomic_store_n(&c->stop, 1, __ATOMIC_RELEASE);
			return NULL;
		}
		sb_xsort_reset(&h->ids);
	}
}

sb_status sb_idcheck_finish(sb_idcheck *c, sb_diags *d)
{
	c->finished = true;
	/* with chunks on disk, the slices' rest too, and the slab's memory for the searches */
	if (c->file.fd >= 0) {
		for (size_t p = 0; p < c->n_parts; p++)
			if (c->parts[p].used && S_chunk_out(c, p, NULL, NULL, 0) != 0)
				return S_fail(d, "write");
		if (sb_xsort_flush(&c->file) != 0)
			return S_fail(d, "write");
		sb_free(c->slab);
		c->slab = NULL;
	}
	pthread_t t;
	bool threaded = pthread_create(&t, NULL, S_search, &c->half[1]) == 0;
	(void)S_search(&c->half[0]);
	if (threaded)
		pthread_join(t, NULL);
	else if (!c->half[0].err)
		(void)S_search(&c->half[1]);
	for (int h = 0; h < 2; h++) {
		if (c->half[h].err) {
			errno = c->half[h].err;
			return S_fail(d, c->half[h].what);
		}
	}
	for (int h = 0; h < 2; h++) {
		sb_xsort_free(&c->half[h].ids);
		sb_xsort_init(&c->half[h].ids, 0, 56);
	}
	sb_xsort_free(&c->file);
	sb_xsort_init(&c->file, 0, 56);
	for (int h = 0; h < 2; h++)
		if (sb_xsort_read_begin(&c->half[h].reps) != 0)
			return S_fail(d, c->half[h].reps.write_failed ? "write" : "read");
	return SB_OK;
}

/* Reads the next repeat of half h ahead; 0, or -1 when reading failed. */
static int S_ahead(S_half *h)
{
	int r = sb_xsort_read_next(&h->reps, &h->key, &h->val, &h->b, &h->len);
	h->have = r > 0;
	return r < 0 ? -1 : 0;
}

int sb_idcheck_next(sb_idcheck *c, sb_idrepeat *rep, sb_diags *d)
{
	/* the two halves' repeats, each in row order, merged by row (a row is in one half) */
	if (c->next == -1) {
		c->next = 2;
		if (S_ahead(&c->half[0]) != 0 || S_ahead(&c->half[1]) != 0)
			goto failed;
	} else if (c->next < 2 && S_ahead(&c->half[c->next]) != 0) {
		goto failed;
	}
	S_half *a = &c->half[0], *b = &c->half[1];
	if (!a->have && !b->have) {
		c->next = 2;
		return 0;
	}
	S_half *h = !b->have || (a->have && a->key < b->key) ? a : b;
	c->next = h->part;
	*rep = (sb_idrepeat){ .id = h->b, .id_len = h->len, .row = (long)h->key, .first = (long)h->val };
	return 1;
failed:
	S_fail(d, "read");
	return -1;
}

unsigned long sb_idcheck_rows(const sb_idcheck *c)
{
	return c->rows;
}

unsigned long sb_idcheck_runs(const sb_idcheck *c)
{
	unsigned long n = c->file.runs_written;
	for (int h = 0; h < 2; h++)
		n += c->half[h].ids.runs_written + c->half[h].reps.runs_written;
	return n;
}

void sb_idcheck_free(sb_idcheck *c)
{
	if (!c)
		return;
	sb_free(c->slab);
	sb_free(c->parts);
	sb_xsort_free(&c->file);
	for (int h = 0; h < 2; h++) {
		sb_xsort_free(&c->half[h].ids);
		sb_free(c->half[h].chunk);
		sb_xsort_free(&c->half[h].reps);
		sb_buf_free(&c->half[h].group);
		sb_free(c->half[h].g);
	}
	sb_free(c);
}

/* SPDX-License-Identifier: MIT */
/* idcheck.c — repeated ids by external sorting (see idcheck.h). Two sorters of the same kind:
 * the ids by fingerprint and row, then the repeats by row. A sorter holds records (key, val, bytes)
 * in a fixed arena, sorts a full arena by key in place (radix on the top bits, then by key and
 * the order of adding, so ties stay in val order: the records come in val order) and writes it
 * as a run; reading merges the runs with a heap. */
#include "data/idcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"

#define S_HEAD 20               /* a record in a run: key (8), val (8), length (4), bytes */
#define S_CUR_BUF (8u * 1024)   /* read buffer per run while merging */
#define S_OUT_BUF (64u * 1024)  /* write buffer */

typedef struct {
	uint64_t key, off; /* off: the record's place in the arena (val, length, bytes) */
} S_ent;

typedef struct {
	uint64_t start, end;
} S_run;

typedef struct {
	uint64_t pos, end;
	char *buf;
	size_t cap, lo, hi;
	uint64_t key, val;
	const char *bytes;
	uint32_t len;
} S_cur;

/* A merge of runs (or of one half of each run's keys). */
typedef struct {
	S_cur *cur;        /* one per run being merged */
	S_cur **heap;
	size_t n_heap;
	S_cur *last;       /* the cursor whose record was handed out last: advanced on the next call */
} S_merge;

typedef struct {
	size_t budget;
	unsigned shift;    /* S_sort: the key's byte to sort by first (56: the top one) */
	char *arena;
	size_t alen, acap;
	S_ent *ent;
	size_t n, ecap;
	int fd;            /* the temporary file, -1 until the first run */
	uint64_t fsize;
	S_run *runs;
	size_t n_runs, rcap;
	unsigned long runs_written;
	/* reading */
	bool reading, mem;
	size_t mi;
	S_merge m;         /* the merge of all the runs */
	char *out;         /* write buffer */
	size_t out_n;
	uint64_t out_pos;
	bool write_failed; /* a write failed (S_read_begin also writes: the merge passes) */
} S_sorter;

/* The ids go into partitions by the top bits of their fingerprint: each partition has a slice
 * of one buffer, written out as a chunk to the temporary file when it is full. A chunk starts
 * with where the partition's previous chunk is (S_CHUNK_HEAD: its offset and length; length 0:
 * none), then records as in a run. At the end each partition is read back alone, the newest
 * chunk first, sorted (in memory, or in runs of its own when it outgrows half the budget) and
 * searched for repeats. An id's records are all in one partition, so each partition is a search
 * of its own: two threads take them in turn. */
#define S_CHUNK_HEAD 12
#define S_PARTS 512 /* with the default budget: slices of 4 KiB */
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
	S_sorter ids;      /* the records of the partition being searched */
	char *chunk;       /* a chunk read back */
	size_t chunk_cap;
	S_sorter reps;     /* its repeats, by row */
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
	size_t budget;
	size_t n_parts, slice; /* partitions, and the bytes of each one's slice */
	unsigned part_shift;   /* a fingerprint's partition: key >> part_shift */
	char *slab;            /* the slices */
	S_part *parts;
	S_sorter file;         /* the chunks' temporary file and its write buffer */
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
	const char *dir = getenv("TMPDIR");
	sb_diags_add(d, dir && *dir ? dir : "/tmp", 0, 0,
	             "cannot %s the temporary file of the repeated-id check: %s", what,
	             strerror(errno));
	return SB_ERR_IO;
}

static int S_open_tmp(void)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	sb_buf p = { 0 };
	sb_buf_printf(&p, "%s/securebase-ids.XXXXXX", dir);
	if (p.failed) {
		sb_buf_free(&p);
		errno = ENOMEM;
		return -1;
	}
	int fd = mkostemp(p.data, O_CLOEXEC);
	if (fd >= 0)
		unlink(p.data); /* nothing is left behind, whatever happens */
	sb_buf_free(&p);
	return fd;
}

/* --- writing runs ------------------------------------------------------------------------------ */

static int S_flush(S_sorter *s)
{
	size_t done = 0;
	while (done < s->out_n) {
		ssize_t w = pwrite(s->fd, s->out + done, s->out_n - done, (off_t)(s->out_pos + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			s->write_failed = true;
			return -1;
		}
		done += (size_t)w;
	}
	s->out_pos += s->out_n;
	s->out_n = 0;
	return 0;
}

static int S_write(S_sorter *s, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		if (s->out_n == S_OUT_BUF && S_flush(s) != 0)
			return -1;
		size_t k = S_OUT_BUF - s->out_n < n ? S_OUT_BUF - s->out_n : n;
		memcpy(s->out + s->out_n, c, k);
		s->out_n += k;
		c += k;
		n -= k;
	}
	return 0;
}

static int S_write_rec(S_sorter *s, uint64_t key, uint64_t val, const char *b, uint32_t len)
{
	char h[S_HEAD];
	memcpy(h, &key, 8);
	memcpy(h + 8, &val, 8);
	memcpy(h + 16, &len, 4);
	return S_write(s, h, S_HEAD) || (len && S_write(s, b, len)) ? -1 : 0;
}

/* Starts a run at the end of the file (made on first use). */
static int S_run_begin(S_sorter *s)
{
	if (s->fd < 0 && (s->fd = S_open_tmp()) < 0)
		return -1;
	if (!s->out && !(s->out = sb_malloc(S_OUT_BUF))) {
		errno = ENOMEM;
		return -1;
	}
	s->out_pos = s->fsize;
	s->out_n = 0;
	return 0;
}

static int S_run_end(S_sorter *s)
{
	if (S_flush(s) != 0)
		return -1;
	if (sb_grow(&s->runs, &s->rcap, s->n_runs + 1, sizeof *s->runs) != 0) {
		errno = ENOMEM;
		return -1;
	}
	s->runs[s->n_runs++] = (S_run){ s->fsize, s->out_pos };
	s->fsize = s->out_pos;
	s->runs_written++;
	return 0;
}

/* --- the in-memory part ------------------------------------------------------------------------ */

/* By key, then by val (the row): records may be added in any order (the ids' partitions are
 * read back a chunk at a time, the newest first), and the first row of an id must come first. */
static bool S_ent_less(const char *arena, const S_ent *x, const S_ent *y)
{
	if (x->key != y->key)
		return x->key < y->key;
	uint64_t vx, vy;
	memcpy(&vx, arena + x->off, 8);
	memcpy(&vy, arena + y->off, 8);
	return vx < vy;
}

/* Moves a[i] down the max-heap a[0..n). */
static void S_down(const char *arena, S_ent *a, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, g = i;
		if (l < n && S_ent_less(arena, &a[g], &a[l]))
			g = l;
		if (l + 1 < n && S_ent_less(arena, &a[g], &a[l + 1]))
			g = l + 1;
		if (g == i)
			return;
		S_ent t = a[i];
		a[i] = a[g];
		a[g] = t;
		i = g;
	}
}

/* Heapsort of a[0..m) by (key, off): for a bucket too full for insertion sort (many rows with one
 * id, or ids whose fingerprints share their top bits), O(m log m) and no memory. */
static void S_heapsort(const char *arena, S_ent *a, size_t m)
{
	for (size_t i = m / 2; i-- > 0;)
		S_down(arena, a, m, i);
	for (size_t n = m; n > 1; n--) {
		S_ent t = a[0];
		a[0] = a[n - 1];
		a[n - 1] = t;
		S_down(arena, a, n - 1, 0);
	}
}

#define S_SMALL 32 /* S_sort: a bucket this short is sorted by insertion */

/* Sorts a[0..m) by (key, off): by insertion when short, else by heapsort (many rows with one id,
 * or ids whose fingerprints share their top bits). */
static void S_sort_bucket(const char *arena, S_ent *a, size_t m)
{
	if (m > S_SMALL) {
		S_heapsort(arena, a, m);
		return;
	}
	for (size_t i = 1; i < m; i++) {
		S_ent e = a[i];
		size_t j = i;
		for (; j > 0 && S_ent_less(arena, &e, &a[j - 1]); j--)
			a[j] = a[j - 1];
		a[j] = e;
	}
}

/* One pass of American flag sort: a[0..n) into 256 buckets by the key's byte at shift, in place
 * (each entry goes to its bucket's next place, and what was there moves on); bucket k ends at
 * end[k]. */
static void S_flag(S_ent *a, size_t n, unsigned shift, size_t end[256])
{
	size_t next[256], count[256] = { 0 };
	for (size_t i = 0; i < n; i++)
		count[(a[i].key >> shift) & 0xFF]++;
	size_t sum = 0;
	for (size_t k = 0; k < 256; k++) {
		next[k] = sum;
		sum += count[k];
		end[k] = sum;
	}
	for (size_t k = 0; k < 256; k++) {
		while (next[k] < end[k]) {
			S_ent e = a[next[k]];
			size_t kb = (size_t)(e.key >> shift) & 0xFF;
			while (kb != k) {
				S_ent t = a[next[kb]];
				a[next[kb]++] = e;
				e = t;
				kb = (size_t)(e.key >> shift) & 0xFF;
			}
			a[next[k]++] = e;
		}
	}
}

/* Sorts s->ent by (key, val) in place (no second array: that was a third of the id check's
 * memory). Two passes of 256 buckets by two bytes of the key from s->shift down (the top two,
 * or the two below the bits a partition's keys share; the first pass over the whole buffer with
 * 256 places to write to, which the caches hold; the second within each bucket, a few hundred
 * entries for a full buffer), then each small bucket by insertion: about one entry per bucket by
 * then, since fingerprints are spread evenly. (One pass of 65,536 buckets, before, wrote all
 * over 1.6 MB and its 512 KiB of counts.) */
static void S_sort(S_sorter *s)
{
	S_ent *a = s->ent;
	size_t end1[256], end2[256];
	if (s->n <= S_SMALL) {
		S_sort_bucket(s->arena, a, s->n);
		return;
	}
	S_flag(a, s->n, s->shift, end1);
	for (size_t k = 0, lo = 0; k < 256; lo = end1[k++]) {
		size_t m = end1[k] - lo;
		if (m <= S_SMALL) {
			S_sort_bucket(s->arena, a + lo, m);
			continue;
		}
		S_flag(a + lo, m, s->shift - 8, end2);
		for (size_t j = 0, lo2 = 0; j < 256; lo2 = end2[j++])
			S_sort_bucket(s->arena, a + lo + lo2, end2[j] - lo2);
	}
}

static void S_rec(const S_sorter *s, const S_ent *e, uint64_t *val, const char **b, uint32_t *len)
{
	const char *p = s->arena + e->off;
	memcpy(val, p, 8);
	memcpy(len, p + 8, 4);
	*b = p + 12;
}

/* Writes the arena as one sorted run and empties it. */
static int S_spill(S_sorter *s)
{
	if (!s->n)
		return 0;
	S_sort(s);
	if (S_run_begin(s) != 0)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		uint64_t val;
		const char *b;
		uint32_t len;
		if (i + 8 < s->n) /* the arena is read in key order: fetch ahead */
			__builtin_prefetch(s->arena + s->ent[i + 8].off);
		S_rec(s, &s->ent[i], &val, &b, &len);
		if (S_write_rec(s, s->ent[i].key, val, b, len) != 0)
			return -1;
	}
	if (S_run_end(s) != 0)
		return -1;
	s->n = 0;
	s->alen = 0;
	return 0;
}

/* 0, -1 with errno (ENOMEM: memory, else the temporary file). */
static int S_add(S_sorter *s, uint64_t key, uint64_t val, const char *b, size_t len)
{
	size_t need = 12 + len;
	if (s->n && s->alen + need > s->budget && S_spill(s) != 0)
		return -1;
	if (sb_grow(&s->arena, &s->acap, s->alen + need, 1) != 0) {
		errno = ENOMEM;
		return -1;
	}
	if (s->n == s->ecap) {
		size_t cap = s->ecap ? 2 * s->ecap : 64;
		S_ent *e = sb_realloc(s->ent, cap * sizeof *e);
		if (!e) {
			errno = ENOMEM;
			return -1;
		}
		s->ent = e;
		s->ecap = cap;
	}
	char *p = s->arena + s->alen;
	uint32_t l = (uint32_t)len;
	memcpy(p, &val, 8);
	memcpy(p + 8, &l, 4);
	if (len)
		memcpy(p + 12, b, len);
	s->ent[s->n++] = (S_ent){ key, s->alen };
	s->alen += need;
	return 0;
}

/* --- merging ----------------------------------------------------------------------------------- */

/* Makes sure n bytes of the run are buffered at c->buf + c->lo; 1, 0 at the run's end, -1. */
static int S_need(const S_sorter *s, S_cur *c, size_t n)
{
	if (c->hi - c->lo >= n)
		return 1;
	if (c->hi - c->lo + (c->end - c->pos) < n)
		return c->hi == c->lo && c->pos == c->end ? 0 : (errno = EIO, -1);
	memmove(c->buf, c->buf + c->lo, c->hi - c->lo);
	c->hi -= c->lo;
	c->lo = 0;
	if (n > c->cap) {
		char *nb = sb_realloc(c->buf, n);
		if (!nb) {
			errno = ENOMEM;
			return -1;
		}
		c->buf = nb;
		c->cap = n;
	}
	while (c->hi < n) {
		size_t want = c->cap - c->hi;
		if (want > c->end - c->pos)
			want = (size_t)(c->end - c->pos);
		ssize_t r = pread(s->fd, c->buf + c->hi, want, (off_t)c->pos);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		c->hi += (size_t)r;
		c->pos += (uint64_t)r;
	}
	return 1;
}

/* Moves c to its next record; 1, 0 at the end, -1. */
static int S_cur_next(const S_sorter *s, S_cur *c)
{
	int r = S_need(s, c, S_HEAD);
	if (r <= 0)
		return r;
	const char *h = c->buf + c->lo;
	memcpy(&c->key, h, 8);
	memcpy(&c->val, h + 8, 8);
	memcpy(&c->len, h + 16, 4);
	c->lo += S_HEAD;
	if ((r = S_need(s, c, c->len)) <= 0)
		return r < 0 ? r : (errno = EIO, -1);
	c->bytes = c->buf + c->lo;
	c->lo += c->len;
	return 1;
}

static bool S_less(const S_cur *a, const S_cur *b)
{
	return a->key < b->key || (a->key == b->key && a->val < b->val);
}

static void S_sift(S_cur **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && S_less(h[l], h[m]))
			m = l;
		if (l + 1 < n && S_less(h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		S_cur *t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void S_merge_close(S_merge *m)
{
	if (m->cur)
		for (size_t i = 0; i < SB_IDCHECK_FANIN; i++)
			sb_free(m->cur[i].buf);
	sb_free(m->cur);
	sb_free(m->heap);
	*m = (S_merge){ 0 };
}

/* Opens a merge of runs [first, first + k). */
static int S_merge_open(const S_sorter *s, S_merge *m, size_t first, size_t k)
{
	m->cur = sb_calloc(SB_IDCHECK_FANIN, sizeof *m->cur);
	m->heap = sb_calloc(SB_IDCHECK_FANIN, sizeof *m->heap);
	if (!m->cur || !m->heap) {
		errno = ENOMEM;
		return -1;
	}
	m->n_heap = 0;
	m->last = NULL;
	for (size_t i = 0; i < k; i++) {
		S_cur *c = &m->cur[i];
		const S_run *run = &s->runs[first + i];
		c->pos = run->start;
		c->end = run->end;
		if (!(c->buf = sb_malloc(S_CUR_BUF))) {
			errno = ENOMEM;
			return -1;
		}
		c->cap = S_CUR_BUF;
		int r = S_cur_next(s, c);
		if (r < 0)
			return -1;
		if (r > 0)
			m->heap[m->n_heap++] = c;
	}
	for (size_t i = m->n_heap; i-- > 0;)
		S_sift(m->heap, m->n_heap, i);
	return 0;
}

/* The smallest record of the merge (valid until the next call); 1, 0 at the end, -1. */
static int S_merge_next(const S_sorter *s, S_merge *m, uint64_t *key, uint64_t *val,
                        const char **b, uint32_t *len)
{
	if (m->last) {
		int r = S_cur_next(s, m->last);
		if (r < 0)
			return -1;
		if (r == 0)
			m->heap[0] = m->heap[--m->n_heap];
		if (m->n_heap)
			S_sift(m->heap, m->n_heap, 0);
		m->last = NULL;
	}
	if (!m->n_heap)
		return 0;
	S_cur *c = m->heap[0];
	*key = c->key;
	*val = c->val;
	*b = c->bytes;
	*len = c->len;
	m->last = c;
	return 1;
}

/* Ends adding: sorts what is in memory (s->mem), or writes it as a last run and merges runs until
 * at most SB_IDCHECK_FANIN are left. */
static int S_read_prepare(S_sorter *s)
{
	s->reading = true;
	if (!s->n_runs) {
		if (s->n)
			S_sort(s);
		s->mem = true;
		s->mi = 0;
		return 0;
	}
	if (S_spill(s) != 0)
		return -1;
	sb_free(s->arena); /* the arena's memory goes to the merge buffers */
	sb_free(s->ent);
	s->arena = NULL;
	s->ent = NULL;
	s->acap = s->ecap = 0;
	while (s->n_runs > SB_IDCHECK_FANIN) {
		if (S_merge_open(s, &s->m, 0, SB_IDCHECK_FANIN) != 0 || S_run_begin(s) != 0)
			return -1;
		uint64_t key, val;
		const char *b;
		uint32_t len;
		int r;
		while ((r = S_merge_next(s, &s->m, &key, &val, &b, &len)) > 0)
			if (S_write_rec(s, key, val, b, len) != 0)
				return -1;
		if (r < 0)
			return -1;
		S_merge_close(&s->m);
		if (S_run_end(s) != 0)
			return -1;
		memmove(s->runs, s->runs + SB_IDCHECK_FANIN,
		        (s->n_runs - SB_IDCHECK_FANIN) * sizeof *s->runs);
		s->n_runs -= SB_IDCHECK_FANIN;
	}
	return 0;
}

/* S_read_prepare, then the merge of all the runs opened for S_read_next. */
static int S_read_begin(S_sorter *s)
{
	if (S_read_prepare(s) != 0)
		return -1;
	return s->mem ? 0 : S_merge_open(s, &s->m, 0, s->n_runs);
}

static int S_read_next(S_sorter *s, uint64_t *key, uint64_t *val, const char **b, uint32_t *len)
{
	if (!s->mem)
		return S_merge_next(s, &s->m, key, val, b, len);
	if (s->mi == s->n)
		return 0;
	const S_ent *e = &s->ent[s->mi++];
	*key = e->key;
	S_rec(s, e, val, b, len);
	return 1;
}

static void S_sorter_init(S_sorter *s, size_t budget)
{
	*s = (S_sorter){ .budget = budget, .shift = 56, .fd = -1 };
}

static void S_sorter_free(S_sorter *s)
{
	S_merge_close(&s->m);
	sb_free(s->arena);
	sb_free(s->ent);
	sb_free(s->runs);
	sb_free(s->out);
	if (s->fd >= 0)
		close(s->fd);
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
	c->budget = budget;
	/* as many partitions as slices of at least S_SLICE_MIN fit, a power of two up to S_PARTS */
	unsigned bits = 1;
	while (bits < 9 && (budget >> (bits + 1)) >= S_SLICE_MIN)
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
	S_sorter_init(&c->file, 0);
	/* Each search sorts one partition at a time in a quarter of the budget (a partition of
	 * 10,000,000 rows of 8-byte ids fits); its repeats take a quarter too. The slab is gone by
	 * then when it was written out. */
	size_t quarter = budget / 4 ? budget / 4 : 1;
	for (int h = 0; h < 2; h++) {
		S_half *hf = &c->half[h];
		S_sorter_init(&hf->ids, quarter);
		/* the bits below those a partition's keys share */
		hf->ids.shift = c->part_shift >= 8 ? c->part_shift - 8 : 0;
		S_sorter_init(&hf->reps, quarter);
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
	S_sorter *w = &c->file;
	if (w->fd < 0 && S_run_begin(w) != 0)
		return -1;
	S_part *pt = &c->parts[p];
	uint64_t off = w->out_pos + w->out_n;
	size_t n = S_CHUNK_HEAD + pt->used + (head ? S_HEAD + len : 0);
	char h[S_CHUNK_HEAD];
	memcpy(h, &pt->last_off, 8);
	memcpy(h + 8, &pt->last_len, 4);
	if (S_write(w, h, S_CHUNK_HEAD) != 0 || S_write(w, c->slab + p * c->slice, pt->used) != 0 ||
	    (head && (S_write(w, head, S_HEAD) != 0 || S_write(w, b, len) != 0)))
		return -1;
	pt->last_off = off;
	pt->last_len = (uint32_t)n;
	pt->used = 0;
	return 0;
}

sb_status sb_idcheck_add(sb_idcheck *c, const char *id, size_t len, long row, sb_diags *d)
{
	c->rows++;
	uint64_t key = sb_id_hash(id, len), val = (uint64_t)row;
	size_t p = (size_t)(key >> c->part_shift);
	S_part *pt = &c->parts[p];
	size_t need = S_HEAD + len;
	if (pt->used + need > c->slice) {
		if (need > c->slice || len > UINT32_MAX - S_CHUNK_HEAD - S_HEAD - c->slice) {
			/* longer than a slice: a chunk with what the slice holds and it */
			char head[S_HEAD];
			uint32_t l = (uint32_t)len;
			memcpy(head, &key, 8);
			memcpy(head + 8, &val, 8);
			memcpy(head + 16, &l, 4);
			if (len > UINT32_MAX - S_CHUNK_HEAD - S_HEAD - c->slice) {
				errno = ENOMEM;
				return S_fail(d, "write");
			}
			return S_chunk_out(c, p, head, id, len) != 0 ? S_fail(d, "write") : SB_OK;
		}
		if (S_chunk_out(c, p, NULL, NULL, 0) != 0)
			return S_fail(d, "write");
	}
	char *q = c->slab + p * c->slice + pt->used;
	uint32_t l = (uint32_t)len;
	memcpy(q, &key, 8);
	memcpy(q + 8, &val, 8);
	memcpy(q + 16, &l, 4);
	if (len)
		memcpy(q + S_HEAD, id, len);
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
		if (n - i < S_HEAD) {
			errno = EIO;
			return -1;
		}
		memcpy(&key, d + i, 8);
		memcpy(&val, d + i + 8, 8);
		memcpy(&len, d + i + 16, 4);
		i += S_HEAD;
		if (len > n - i) {
			errno = EIO;
			return -1;
		}
		if (S_add(&h->ids, key, val, d + i, len) != 0)
			return -1;
		i += len;
	}
	return 0;
}

/* Reads the chunk of n bytes at off into h->chunk; 0, or -1 with errno. */
static int S_chunk_in(S_half *h, uint64_t off, size_t n)
{
	if (n > h->chunk_cap) {
		char *nb = sb_realloc(h->chunk, n);
		if (!nb) {
			errno = ENOMEM;
			return -1;
		}
		h->chunk = nb;
		h->chunk_cap = n;
	}
	for (size_t done = 0; done < n;) {
		ssize_t r = pread(h->c->file.fd, h->chunk + done, n - done, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

/* Partition p into h's sorter: its slice, then its chunks from the newest; 0, or -1 with
 * errno and h->what. */
static int S_load(S_half *h, size_t p)
{
	sb_idcheck *c = h->c;
	const S_part *pt = &c->parts[p];
	h->what = "write"; /* the sorter's runs, when the partition outgrows it */
	if (S_take_records(h, c->slab + p * c->slice, pt->used) != 0)
		return -1;
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

/* Empties h's sorter for the next partition, keeping its buffers (and its file, emptied). */
static void S_sorter_reset(S_sorter *s)
{
	S_merge_close(&s->m);
	s->n = s->alen = 0;
	s->n_runs = 0;
	s->reading = s->mem = false;
	s->mi = 0;
	if (s->fsize && s->fd >= 0 && ftruncate(s->fd, 0) == 0)
		s->fsize = 0;
}

/* Finds the repeats among h's sorter's records (one partition's, sorted) and adds them to its
 * repeats; 0, or -1 with h->err and h->what. */
static int S_scan(S_half *h)
{
	S_sorter *ids = &h->ids;
	uint64_t key, val, group = 0;
	const char *b;
	uint32_t len;
	int r;
	bool any = false;
	while ((r = S_read_next(ids, &key, &val, &b, &len)) > 0) {
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
		if (first && S_add(&h->reps, val, (uint64_t)first, b, len) != 0) {
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
		if (S_load(h, p) != 0 || S_read_begin(&h->ids) != 0) {
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
		S_sorter_reset(&h->ids);
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
		if (S_flush(&c->file) != 0)
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
		S_sorter_free(&c->half[h].ids);
		S_sorter_init(&c->half[h].ids, 0);
	}
	S_sorter_free(&c->file);
	S_sorter_init(&c->file, 0);
	for (int h = 0; h < 2; h++)
		if (S_read_begin(&c->half[h].reps) != 0)
			return S_fail(d, c->half[h].reps.write_failed ? "write" : "read");
	return SB_OK;
}

/* Reads the next repeat of half h ahead; 0, or -1 when reading failed. */
static int S_ahead(S_half *h)
{
	int r = S_read_next(&h->reps, &h->key, &h->val, &h->b, &h->len);
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
	S_sorter_free(&c->file);
	for (int h = 0; h < 2; h++) {
		S_sorter_free(&c->half[h].ids);
		sb_free(c->half[h].chunk);
		S_sorter_free(&c->half[h].reps);
		sb_buf_free(&c->half[h].group);
		sb_free(c->half[h].g);
	}
	sb_free(c);
}

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
	uint64_t mid; /* where its keys with the top bit set begin (end if none) */
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
	uint64_t run_mid;  /* the run being written: S_run.mid so far (UINT64_MAX: not yet) */
	bool write_failed; /* a write failed (S_read_begin also writes: the merge passes) */
} S_sorter;

/* The search for repeats over the keys with the top bit clear (half 0) or set (half 1), each on
 * a thread of its own; with the ids all in memory, half 0 does it all. */
typedef struct {
	sb_idcheck *c;
	int part;
	S_merge m;
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
	S_sorter ids;
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
	if (s->run_mid == UINT64_MAX && key >> 63) /* runs are written in key order */
		s->run_mid = s->out_pos + s->out_n;
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
	s->run_mid = UINT64_MAX;
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
	s->runs[s->n_runs++] = (S_run){ s->fsize, s->out_pos,
		                            s->run_mid == UINT64_MAX ? s->out_pos : s->run_mid };
	s->fsize = s->out_pos;
	s->runs_written++;
	return 0;
}

/* --- the in-memory part ------------------------------------------------------------------------ */

static bool S_ent_less(const S_ent *x, const S_ent *y)
{
	return x->key < y->key || (x->key == y->key && x->off < y->off);
}

/* Moves a[i] down the max-heap a[0..n). */
static void S_down(S_ent *a, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, g = i;
		if (l < n && S_ent_less(&a[g], &a[l]))
			g = l;
		if (l + 1 < n && S_ent_less(&a[g], &a[l + 1]))
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
static void S_heapsort(S_ent *a, size_t m)
{
	for (size_t i = m / 2; i-- > 0;)
		S_down(a, m, i);
	for (size_t n = m; n > 1; n--) {
		S_ent t = a[0];
		a[0] = a[n - 1];
		a[n - 1] = t;
		S_down(a, n - 1, 0);
	}
}

#define S_SMALL 32 /* S_sort: a bucket this short is sorted by insertion */

/* Sorts a[0..m) by (key, off): by insertion when short, else by heapsort (many rows with one id,
 * or ids whose fingerprints share their top bits). */
static void S_sort_bucket(S_ent *a, size_t m)
{
	if (m > S_SMALL) {
		S_heapsort(a, m);
		return;
	}
	for (size_t i = 1; i < m; i++) {
		S_ent e = a[i];
		size_t j = i;
		for (; j > 0 && S_ent_less(&e, &a[j - 1]); j--)
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

/* Sorts s->ent by (key, off) in place (no second array: that was a third of the id check's
 * memory). off grows in the order of adding, which is row order, so ties come out in row order,
 * as a stable sort would leave them. Two passes of 256 buckets by the key's top two bytes (the
 * first over the whole buffer with 256 places to write to, which the caches hold; the second
 * within each bucket, a few hundred entries for a full buffer), then each small bucket by
 * insertion: about one entry per bucket by then, since fingerprints are spread evenly. (One pass
 * of 65,536 buckets, before, wrote all over 1.6 MB and its 512 KiB of counts.) */
static void S_sort(S_sorter *s)
{
	S_ent *a = s->ent;
	size_t end1[256], end2[256];
	if (s->n <= S_SMALL) {
		S_sort_bucket(a, s->n);
		return;
	}
	S_flag(a, s->n, 56, end1);
	for (size_t k = 0, lo = 0; k < 256; lo = end1[k++]) {
		size_t m = end1[k] - lo;
		if (m <= S_SMALL) {
			S_sort_bucket(a + lo, m);
			continue;
		}
		S_flag(a + lo, m, 48, end2);
		for (size_t j = 0, lo2 = 0; j < 256; lo2 = end2[j++])
			S_sort_bucket(a + lo + lo2, end2[j] - lo2);
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

/* Opens a merge of runs [first, first + k): of all their records (part -1), or of those whose
 * key has the top bit clear (0) or set (1). */
static int S_merge_open(const S_sorter *s, S_merge *m, size_t first, size_t k, int part)
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
		c->pos = part == 1 ? run->mid : run->start;
		c->end = part == 0 ? run->mid : run->end;
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
		if (S_merge_open(s, &s->m, 0, SB_IDCHECK_FANIN, -1) != 0 || S_run_begin(s) != 0)
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
	return s->mem ? 0 : S_merge_open(s, &s->m, 0, s->n_runs, -1);
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
	*s = (S_sorter){ .budget = budget, .fd = -1 };
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
	S_sorter_init(&c->ids, budget);
	/* the repeats' buffers, half the budget each: both fill only when the ids' runs are on disk
	 * and the ids' own buffer is gone */
	for (int h = 0; h < 2; h++) {
		S_sorter_init(&c->half[h].reps, budget / 2 ? budget / 2 : 1);
		c->half[h].c = c;
		c->half[h].part = h;
	}
	c->next = -1;
	*out = c;
	return SB_OK;
}

static sb_status S_fail(sb_diags *d, const char *what)
{
	return errno == ENOMEM ? SB_ERR_INTERNAL : S_io(d, what);
}

sb_status sb_idcheck_add(sb_idcheck *c, const char *id, size_t len, long row, sb_diags *d)
{
	c->rows++;
	if (S_add(&c->ids, sb_id_hash(id, len), (uint64_t)row, id, len) != 0)
		return S_fail(d, "write");
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

/* Finds the repeats of half h (all of them when the ids are in memory) and adds them to its
 * sorter; 0, or -1 with h->err and h->what. */
static int S_scan(S_half *h)
{
	S_sorter *ids = &h->c->ids;
	uint64_t key, val, group = 0;
	const char *b;
	uint32_t len;
	int r;
	bool any = false;
	while ((r = ids->mem ? S_read_next(ids, &key, &val, &b, &len)
	                     : S_merge_next(ids, &h->m, &key, &val, &b, &len)) > 0) {
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

static void *S_scan_thread(void *arg)
{
	S_half *h = arg;
	(void)S_scan(h);
	return NULL;
}

sb_status sb_idcheck_finish(sb_idcheck *c, sb_diags *d)
{
	c->finished = true;
	if (S_read_prepare(&c->ids) != 0)
		return S_fail(d, c->ids.write_failed ? "write" : "read");
	/* With runs on disk, the two halves of the keys are merged side by side (the second on a
	 * thread of its own, if one can be had): each fingerprint, and so each id, is in one half. */
	int halves = c->ids.mem ? 1 : 2;
	for (int h = 0; h < halves; h++)
		if (!c->ids.mem && S_merge_open(&c->ids, &c->half[h].m, 0, c->ids.n_runs, h) != 0)
			return S_fail(d, "read");
	pthread_t t;
	bool threaded = halves == 2 && pthread_create(&t, NULL, S_scan_thread, &c->half[1]) == 0;
	(void)S_scan(&c->half[0]);
	if (threaded)
		pthread_join(t, NULL);
	else if (halves == 2 && !c->half[0].err)
		(void)S_scan(&c->half[1]);
	for (int h = 0; h < halves; h++) {
		S_merge_close(&c->half[h].m);
		if (c->half[h].err) {
			errno = c->half[h].err;
			return S_fail(d, c->half[h].what);
		}
	}
	S_sorter_free(&c->ids);
	S_sorter_init(&c->ids, 0);
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
	return c->ids.runs_written + c->half[0].reps.runs_written + c->half[1].reps.runs_written;
}

void sb_idcheck_free(sb_idcheck *c)
{
	if (!c)
		return;
	S_sorter_free(&c->ids);
	for (int h = 0; h < 2; h++) {
		S_merge_close(&c->half[h].m);
		S_sorter_free(&c->half[h].reps);
		sb_buf_free(&c->half[h].group);
		sb_free(c->half[h].g);
	}
	sb_free(c);
}

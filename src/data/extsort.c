/* SPDX-License-Identifier: MIT */
/* extsort.c — the bounded external sort of data/extsort.h: records in a fixed arena, each full
 * arena sorted in place and written as a run to an unlinked temporary file, the runs merged with
 * a heap when read. */
#include "data/extsort.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/tmpfile.h"

#define S_CUR_BUF (8u * 1024)   /* read buffer per run while merging */
#define S_OUT_BUF (64u * 1024)  /* write buffer */

/* --- writing runs ------------------------------------------------------------------------------ */

static int S_flush(sb_xsort *s)
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

static int S_write(sb_xsort *s, const void *p, size_t n)
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

static int S_write_rec(sb_xsort *s, uint64_t key, uint64_t val, const char *b, uint32_t len)
{
	char h[SB_XSORT_HEAD];
	sb_xsort_put_head(h, key, val, len);
	return S_write(s, h, SB_XSORT_HEAD) || (len && S_write(s, b, len)) ? -1 : 0;
}

/* Starts a run at the end of the file (made on first use). */
static int S_run_begin(sb_xsort *s)
{
	if (s->fd < 0 && (s->fd = sb_tmp_open("securebase-ids")) < 0)
		return -1;
	if (!s->out && !(s->out = sb_malloc(S_OUT_BUF))) {
		errno = ENOMEM;
		return -1;
	}
	s->out_pos = s->fsize;
	s->out_n = 0;
	return 0;
}

static int S_run_end(sb_xsort *s)
{
	if (S_flush(s) != 0)
		return -1;
	if (sb_grow(&s->runs, &s->rcap, s->n_runs + 1, sizeof *s->runs) != 0) {
		errno = ENOMEM;
		return -1;
	}
	s->runs[s->n_runs++] = (sb_xsort_run){ s->fsize, s->out_pos };
	s->fsize = s->out_pos;
	s->runs_written++;
	return 0;
}

/* --- the in-memory part ------------------------------------------------------------------------ */

/* By key, then by val (the row): records may be added in any order (the ids' partitions are
 * read back a chunk at a time, the newest first), and the first row of an id must come first. */
static bool S_ent_less(const char *arena, const sb_xsort_ent *x, const sb_xsort_ent *y)
{
	if (x->key != y->key)
		return x->key < y->key;
	uint64_t vx, vy;
	memcpy(&vx, arena + x->off, 8);
	memcpy(&vy, arena + y->off, 8);
	return vx < vy;
}

/* Moves a[i] down the max-heap a[0..n). */
static void S_down(const char *arena, sb_xsort_ent *a, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, g = i;
		if (l < n && S_ent_less(arena, &a[g], &a[l]))
			g = l;
		if (l + 1 < n && S_ent_less(arena, &a[g], &a[l + 1]))
			g = l + 1;
		if (g == i)
			return;
		sb_xsort_ent t = a[i];
		a[i] = a[g];
		a[g] = t;
		i = g;
	}
}

/* Heapsort of a[0..m) by (key, off): for a bucket too full for insertion sort (many rows with one
 * id, or ids whose fingerprints share their top bits), O(m log m) and no memory. */
static void S_heapsort(const char *arena, sb_xsort_ent *a, size_t m)
{
	for (size_t i = m / 2; i-- > 0;)
		S_down(arena, a, m, i);
	for (size_t n = m; n > 1; n--) {
		sb_xsort_ent t = a[0];
		a[0] = a[n - 1];
		a[n - 1] = t;
		S_down(arena, a, n - 1, 0);
	}
}

#define S_SMALL 32 /* S_sort: a bucket this short is sorted by insertion */

/* Sorts a[0..m) by (key, off): by insertion when short, else by heapsort (many rows with one id,
 * or ids whose fingerprints share their top bits). */
static void S_sort_bucket(const char *arena, sb_xsort_ent *a, size_t m)
{
	if (m > S_SMALL) {
		S_heapsort(arena, a, m);
		return;
	}
	for (size_t i = 1; i < m; i++) {
		sb_xsort_ent e = a[i];
		size_t j = i;
		for (; j > 0 && S_ent_less(arena, &e, &a[j - 1]); j--)
			a[j] = a[j - 1];
		a[j] = e;
	}
}

/* One pass of American flag sort: a[0..n) into 256 buckets by the key's byte at shift, in place
 * (each entry goes to its bucket's next place, and what was there moves on); bucket k ends at
 * end[k]. */
static void S_flag(sb_xsort_ent *a, size_t n, unsigned shift, size_t end[256])
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
			sb_xsort_ent e = a[next[k]];
			size_t kb = (size_t)(e.key >> shift) & 0xFF;
			while (kb != k) {
				sb_xsort_ent t = a[next[kb]];
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
static void S_sort(sb_xsort *s)
{
	sb_xsort_ent *a = s->ent;
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

static void S_rec(const sb_xsort *s, const sb_xsort_ent *e, uint64_t *val, const char **b,
                  uint32_t *len)
{
	const char *p = s->arena + e->off;
	memcpy(val, p, 8);
	memcpy(len, p + 8, 4);
	*b = p + 12;
}

/* Writes the arena as one sorted run and empties it. */
static int S_spill(sb_xsort *s)
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

int sb_xsort_add(sb_xsort *s, uint64_t key, uint64_t val, const char *b, size_t len)
{
	size_t need = 12 + len;
	if (s->n && s->alen + need > s->budget && S_spill(s) != 0)
		return -1;
	if (sb_grow(&s->arena, &s->acap, s->alen + need, 1) != 0) {
		errno = ENOMEM;
		return -1;
	}
	if (sb_grow(&s->ent, &s->ecap, s->n + 1, sizeof *s->ent) != 0) {
		errno = ENOMEM;
		return -1;
	}
	char *p = s->arena + s->alen;
	uint32_t l = (uint32_t)len;
	memcpy(p, &val, 8);
	memcpy(p + 8, &l, 4);
	if (len)
		memcpy(p + 12, b, len);
	s->ent[s->n++] = (sb_xsort_ent){ key, s->alen };
	s->alen += need;
	return 0;
}

/* --- merging ----------------------------------------------------------------------------------- */

int sb_xsort_pread(const sb_xsort *s, void *dst, size_t n, uint64_t off)
{
	for (size_t done = 0; done < n;) {
		ssize_t r = pread(s->fd, (char *)dst + done, n - done, (off_t)(off + done));
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

/* Makes sure n bytes of the run are buffered at c->buf + c->lo; 1, 0 at the run's end, -1. */
static int S_need(const sb_xsort *s, sb_xsort_cur *c, size_t n)
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
	/* what the buffer holds, or the rest of the run: at least n with what is there */
	size_t want = c->cap - c->hi;
	if (want > c->end - c->pos)
		want = (size_t)(c->end - c->pos);
	if (sb_xsort_pread(s, c->buf + c->hi, want, c->pos) != 0)
		return -1;
	c->hi += want;
	c->pos += want;
	return 1;
}

/* Moves c to its next record; 1, 0 at the end, -1. */
static int S_cur_next(const sb_xsort *s, sb_xsort_cur *c)
{
	int r = S_need(s, c, SB_XSORT_HEAD);
	if (r <= 0)
		return r;
	sb_xsort_get_head(c->buf + c->lo, &c->key, &c->val, &c->len);
	c->lo += SB_XSORT_HEAD;
	if ((r = S_need(s, c, c->len)) <= 0)
		return r < 0 ? r : (errno = EIO, -1);
	c->bytes = c->buf + c->lo;
	c->lo += c->len;
	return 1;
}

static bool S_less(const sb_xsort_cur *a, const sb_xsort_cur *b)
{
	return a->key < b->key || (a->key == b->key && a->val < b->val);
}

static void S_sift(sb_xsort_cur **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && S_less(h[l], h[m]))
			m = l;
		if (l + 1 < n && S_less(h[l + 1], h[m]))
			m = l + 1;
		if (m == i)
			return;
		sb_xsort_cur *t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void S_merge_close(sb_xsort_merge *m)
{
	if (m->cur)
		for (size_t i = 0; i < SB_XSORT_FANIN; i++)
			sb_free(m->cur[i].buf);
	sb_free(m->cur);
	sb_free(m->heap);
	*m = (sb_xsort_merge){ 0 };
}

/* Opens a merge of runs [first, first + k). */
static int S_merge_open(const sb_xsort *s, sb_xsort_merge *m, size_t first, size_t k)
{
	m->cur = sb_calloc(SB_XSORT_FANIN, sizeof *m->cur);
	m->heap = sb_calloc(SB_XSORT_FANIN, sizeof *m->heap);
	if (!m->cur || !m->heap) {
		errno = ENOMEM;
		return -1;
	}
	m->n_heap = 0;
	m->last = NULL;
	for (size_t i = 0; i < k; i++) {
		sb_xsort_cur *c = &m->cur[i];
		const sb_xsort_run *run = &s->runs[first + i];
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
static int S_merge_next(const sb_xsort *s, sb_xsort_merge *m, uint64_t *key, uint64_t *val,
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
	sb_xsort_cur *c = m->heap[0];
	*key = c->key;
	*val = c->val;
	*b = c->bytes;
	*len = c->len;
	m->last = c;
	return 1;
}

/* Ends adding: sorts what is in memory (s->mem), or writes it as a last run and merges runs until
 * at most SB_XSORT_FANIN are left. */
static int S_read_prepare(sb_xsort *s)
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
	while (s->n_runs > SB_XSORT_FANIN) {
		if (S_merge_open(s, &s->m, 0, SB_XSORT_FANIN) != 0 || S_run_begin(s) != 0)
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
		memmove(s->runs, s->runs + SB_XSORT_FANIN,
		        (s->n_runs - SB_XSORT_FANIN) * sizeof *s->runs);
		s->n_runs -= SB_XSORT_FANIN;
	}
	return 0;
}

/* S_read_prepare, then the merge of all the runs opened for sb_xsort_read_next. */
int sb_xsort_read_begin(sb_xsort *s)
{
	if (S_read_prepare(s) != 0)
		return -1;
	return s->mem ? 0 : S_merge_open(s, &s->m, 0, s->n_runs);
}

int sb_xsort_read_next(sb_xsort *s, uint64_t *key, uint64_t *val, const char **b, uint32_t *len)
{
	if (!s->mem)
		return S_merge_next(s, &s->m, key, val, b, len);
	if (s->mi == s->n)
		return 0;
	const sb_xsort_ent *e = &s->ent[s->mi++];
	*key = e->key;
	S_rec(s, e, val, b, len);
	return 1;
}

void sb_xsort_init(sb_xsort *s, size_t budget, unsigned shift)
{
	*s = (sb_xsort){ .budget = budget, .shift = shift, .fd = -1 };
}

void sb_xsort_free(sb_xsort *s)
{
	S_merge_close(&s->m);
	sb_free(s->arena);
	sb_free(s->ent);
	sb_free(s->runs);
	sb_free(s->out);
	if (s->fd >= 0)
		close(s->fd);
}

void sb_xsort_reset(sb_xsort *s)
{
	S_merge_close(&s->m);
	s->n = s->alen = 0;
	s->n_runs = 0;
	s->reading = s->mem = false;
	s->mi = 0;
	if (s->fsize && s->fd >= 0 && ftruncate(s->fd, 0) == 0)
		s->fsize = 0;
}

int sb_xsort_append(sb_xsort *s, const void *p, size_t n, uint64_t *off)
{
	if (s->fd < 0 && S_run_begin(s) != 0)
		return -1;
	*off = s->out_pos + s->out_n;
	return S_write(s, p, n);
}

int sb_xsort_flush(sb_xsort *s)
{
	return s->fd < 0 ? 0 : S_flush(s);
}

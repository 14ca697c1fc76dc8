/* SPDX-License-Identifier: MIT */
/* summary.c — the streaming cohort summary: the moments of every scale score, band, style and
 * flag counts, and exact integer sums of the keyed item values and of their products over
 * complete cases, for Cronbach's alpha. */
#include "score/summary.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
/* An AVX2 kernel for the tile, chosen at run time where the processor has AVX2 (S_simd). */
#if defined(__SSE2__) && (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define S_AVX2 1
#include <immintrin.h>
#else
#define S_AVX2 0
#endif

#include "base/alloc.h"
#include "base/termsafe.h"

/* 128-bit integers (a GCC and Clang extension) hold c * P - S_j * S_l exactly. */
__extension__ typedef __int128 S_i128;

#define S_STR_(x) #x
#define S_STR(x) S_STR_(x)

/* Rows that wait in a summary's tile before their products are added, a tile at a time: eight
 * SSE2 registers of 8 rows per item. */
#define S_TILE 64
#define S_NONE16 INT16_MIN /* a missing answer in the tile */

/* Rows of scores summed in a group before the group's moments join the scale's. */
#define S_GROUP 1024

typedef struct {
	/* Scale scores over the rows in which the scale was scored. Most scores are an entry of the
	 * scale's table of exact scores (sb_score_entries: escore, n_entries of them), and are
	 * counted by entry (hist): exact, in any order; their moments are computed when read. The
	 * others (computed directly) are summed here: count, mean and sum of squared deviations
	 * (m2), min and max. Those rows are first summed in a group as deviations from the group's
	 * first score (gn rows, shift gc, sums g1 of d and g2 of d * d: no division per row); every
	 * S_GROUP rows the group joins n, mean and m2 by the pairwise update of Chan, Golub and
	 * LeVeque (1979), more accurate than a running update row by row (Welford 1962). */
	size_t *hist;
	const double *escore;
	size_t n_entries;
	size_t n, gn;
	double mean, m2, min, max;
	double gc, g1, g2;
	size_t *bands;
	/* Keyed item values over complete cases: their sums and the sums of their products
	 * cross[j * k + l] = sum x_j x_l, upper triangle (j <= l) of a k x k array. Answers are
	 * whole numbers, so these sums are exact, whatever the order of the rows or of the parts
	 * merged. With SSE2, and keyed values small enough (S_limit), a row waits in the summary's
	 * tile and is added with the tile's other rows into 32-bit lanes, 4 per sum: lanes[4 * (j *
	 * k + l) + m] for the products, lanes[4 * (k * k + j) + m] for the item sums; the lanes move
	 * into sum and cross every `limit` tiles (`tiles` since the last move), before one could
	 * overflow. Otherwise (lanes NULL) each complete case is added to sum and cross as it comes.
	 * complete counts the complete cases, but for those still waiting in the tile (S_complete). */
	size_t complete;
	int64_t *sum;
	int64_t *cross;
	int32_t *lanes;
	size_t tiles, limit;
	const struct sb_summary *owner; /* the summary whose tile holds the rows waiting, and */
	size_t self;                    /* this scale's index there */
	/* The scale's items in bank order and how each is keyed: keyed = sign * answer + off
	 * (sign -1 and off min + max for a reversed item). */
	size_t *idx;
	int16_t *sign, *off;
} S_scale_acc;

struct sb_summary {
	const sb_bank *bank;
	sb_summary_totals t;   /* the flag counts without flag_sets' */
	/* Rows added here by the flags they have (bit 0 longstring, 1 low IRV, 2 inconsistent,
	 * 3 missing): one count per row rather than five, folded into the totals when read. */
	size_t flag_sets[16];
	S_scale_acc *scales;
	int *kv;      /* scratch: one row's keyed values of a scale, as long as the longest scale */
	/* Rows wait here for the scales with lanes, S_TILE at a time: ntile rows of the answers in
	 * 16 bits (width each: the bank's items, then zeros up to a multiple of 8), a missing answer
	 * as S_NONE16, so that a row is a complete case of a scale when none of its items has it.
	 * cols (the tile turned into columns, S_TILE per item) and keyed (a scale's keyed columns)
	 * are scratch. tiled: some scale has lanes. */
	int16_t *tile, *cols, *keyed;
	bool *group; /* per 8 items of the tile: one of them is a scale's with lanes (turned) */
	size_t width, ntile;
	bool tiled;
	bool untiled; /* some scale with items has no lanes */
	bool avx2;    /* the tile's kernel: AVX2 rather than SSE2 */
};

void sb_summary_free(sb_summary *s)
{
	sb_free_apart(s); /* and everything carved with it */
}

/* Tiles whose sums fit the 32-bit lanes together, for keyed values of rs: a lane gains at most
 * 16 products (or values) per tile, each at most big^2 (big: the largest |value|); 0 when one
 * tile's would not fit, or without SSE2. */
static size_t S_limit(const sb_response_scale *rs)
{
#if defined(__SSE2__)
	long lo = rs->min < 0 ? -(long)rs->min : rs->min, hi = rs->max < 0 ? -(long)rs->max : rs->max;
	long big = lo > hi ? lo : hi;
	if (big > 11585) /* 16 * 11585^2 < 2^31 */
		return 0;
	return (size_t)(INT32_MAX / (16 * (big > 0 ? big * big : 1)));
#else
	(void)rs;
	return 0;
#endif
}

/* Lays the summary out in ar (sizes only while ar->base is NULL); NULL while counting, or when a
 * scale is too long for its k x k sums. Written on every row by the thread that adds to it, the
 * whole summary is one allocation apart (sb_calloc_apart). */
static sb_summary *S_layout(const sb_bank *b, sb_arena *ar, bool *too_big)
{
	sb_summary *s = sb_carve(ar, 1, sizeof *s, _Alignof(sb_summary));
	S_scale_acc *scales = sb_carve(ar, b->n_scales, sizeof *scales, _Alignof(S_scale_acc));
	size_t longest = 1, width = b->n_items ? (b->n_items + 7) / 8 * 8 : 8;
	bool tiled = false, untiled = false;
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale *sc = &b->scales[i];
		size_t k = sc->n_items;
		if (k > longest)
			longest = k;
		if (k > 0 && k > (size_t)-1 / sizeof(int64_t) / 4 / (k + 1)) {
			*too_big = true;
			return NULL;
		}
		size_t limit = k > 0 ? S_limit(&b->responses[sc->response]) : 0;
		S_scale_acc a = { .min = NAN, .max = NAN, .limit = limit, .owner = s, .self = i };
		untiled |= k > 0 && !limit;
		a.n_entries = sb_score_entries(b, i, &a.escore);
		a.hist = sb_carve(ar, a.n_entries, sizeof *a.hist, _Alignof(size_t));
		a.bands = sb_carve(ar, sc->n_bands, sizeof *a.bands, _Alignof(size_t));
		a.sum = sb_carve(ar, k, sizeof *a.sum, 16);
		a.cross = sb_carve(ar, k * k, sizeof *a.cross, 16);
		if (limit) {
			a.lanes = sb_carve(ar, 4 * (k * k + k), sizeof *a.lanes, 16);
			tiled = true;
		}
		a.idx = sb_carve(ar, k, sizeof *a.idx, _Alignof(size_t));
		a.sign = sb_carve(ar, k, sizeof *a.sign, 16);
		a.off = sb_carve(ar, k, sizeof *a.off, 16);
		if (s)
			scales[i] = a;
	}
	int *kv = sb_carve(ar, longest, sizeof *kv, _Alignof(int));
	int16_t *tile = NULL, *cols = NULL, *keyed = NULL;
	bool *group = NULL;
	if (tiled) {
		group = sb_carve(ar, width / 8, sizeof *group, _Alignof(bool));
		tile = sb_carve(ar, S_TILE * width, sizeof *tile, 16);
		cols = sb_carve(ar, S_TILE * width, sizeof *cols, 32);
		keyed = sb_carve(ar, S_TILE * longest, sizeof *keyed, 32);
	}
	if (s)
		*s = (sb_summary){ .bank = b, .scales = scales, .kv = kv, .tile = tile, .cols = cols,
			           .keyed = keyed, .group = group, .width = width, .tiled = tiled,
			           .untiled = untiled };
	return s;
}

/* Whether the tile's kernel is AVX2's: where the processor has it, unless the environment says
 * SECUREBASE_SIMD=sse2 (for tests and comparisons). */
static bool S_simd_avx2(void)
{
#if S_AVX2
	const char *e = getenv("SECUREBASE_SIMD");
	return __builtin_cpu_supports("avx2") && !(e && strcmp(e, "sse2") == 0);
#else
	return false;
#endif
}

const char *sb_summary_simd(const sb_summary *s)
{
	return !s->tiled ? "none" : s->avx2 ? "avx2" : "sse2";
}

sb_status sb_summary_new(const sb_bank *b, sb_summary **out)
{
	*out = NULL;
	sb_arena ar = { 0 };
	bool too_big = false;
	S_layout(b, &ar, &too_big);
	if (too_big || !(ar.base = sb_calloc_apart(1, ar.size)))
		return SB_ERR_INTERNAL;
	ar.size = 0;
	sb_summary *s = S_layout(b, &ar, &too_big); /* at ar.base: the first thing carved */
	s->avx2 = S_simd_avx2();
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale *sc = &b->scales[i];
		S_scale_acc *a = &s->scales[i];
		const sb_response_scale *rs = &b->responses[sc->response];
		for (size_t j = 0; j < sc->n_items; j++) {
			bool rev = b->items[sc->items[j]].reverse;
			a->idx[j] = sc->items[j];
			a->sign[j] = rev ? -1 : 1;
			a->off[j] = rev ? (int16_t)(rs->min + rs->max) : 0;
			if (a->lanes)
				s->group[sc->items[j] / 8] = true;
		}
	}
	*out = s;
	return SB_OK;
}

/* The part of a sum (at = k * k + j: item j's) or of a sum of products (at = j * k + l) held in a's
 * 4 lanes. */
static int64_t S_lanes(const S_scale_acc *a, size_t at)
{
	const int32_t *p = a->lanes + 4 * at;
	return (int64_t)p[0] + p[1] + p[2] + p[3];
}

/* Moves a's lanes into sum and cross, and clears them. */
static void S_settle(S_scale_acc *a, size_t k)
{
	for (size_t j = 0; j < k; j++) {
		a->sum[j] += S_lanes(a, k * k + j);
		for (size_t l = j; l < k; l++)
			a->cross[j * k + l] += S_lanes(a, j * k + l);
	}
	memset(a->lanes, 0, 4 * (k * k + k) * sizeof *a->lanes);
	a->tiles = 0;
}

#if defined(__SSE2__)
/* Turns 8 rows of 8 answers (from src, a row every stride) into 8 columns of 8 rows (to dst, a
 * column every S_TILE). */
static void S_transpose(const int16_t *src, size_t stride, int16_t *dst)
{
#define S_ROW(m) _mm_load_si128((const __m128i *)(const void *)(src + (m) * stride))
#define S_COL(m, x) _mm_store_si128((__m128i *)(void *)(dst + (m) * S_TILE), (x))
	/* spelt out: as arrays with loops, GCC kept the rows on the stack */
	__m128i r0 = S_ROW(0), r1 = S_ROW(1), r2 = S_ROW(2), r3 = S_ROW(3);
	__m128i r4 = S_ROW(4), r5 = S_ROW(5), r6 = S_ROW(6), r7 = S_ROW(7);
	__m128i t0 = _mm_unpacklo_epi16(r0, r1), t1 = _mm_unpackhi_epi16(r0, r1);
	__m128i t2 = _mm_unpacklo_epi16(r2, r3), t3 = _mm_unpackhi_epi16(r2, r3);
	__m128i t4 = _mm_unpacklo_epi16(r4, r5), t5 = _mm_unpackhi_epi16(r4, r5);
	__m128i t6 = _mm_unpacklo_epi16(r6, r7), t7 = _mm_unpackhi_epi16(r6, r7);
	/* u0: columns 0 and 1 of rows 0..3, u4 of rows 4..7; u1, u5: columns 2, 3; and so on */
	__m128i u0 = _mm_unpacklo_epi32(t0, t2), u1 = _mm_unpackhi_epi32(t0, t2);
	__m128i u2 = _mm_unpacklo_epi32(t1, t3), u3 = _mm_unpackhi_epi32(t1, t3);
	__m128i u4 = _mm_unpacklo_epi32(t4, t6), u5 = _mm_unpackhi_epi32(t4, t6);
	__m128i u6 = _mm_unpacklo_epi32(t5, t7), u7 = _mm_unpackhi_epi32(t5, t7);
	S_COL(0, _mm_unpacklo_epi64(u0, u4));
	S_COL(1, _mm_unpackhi_epi64(u0, u4));
	S_COL(2, _mm_unpacklo_epi64(u1, u5));
	S_COL(3, _mm_unpackhi_epi64(u1, u5));
	S_COL(4, _mm_unpacklo_epi64(u2, u6));
	S_COL(5, _mm_unpackhi_epi64(u2, u6));
	S_COL(6, _mm_unpacklo_epi64(u3, u7));
	S_COL(7, _mm_unpackhi_epi64(u3, u7));
#undef S_ROW
#undef S_COL
}

/* Adds a full tile's complete cases of scale i to its lanes and its count: each item's column
 * keyed and masked (0 in rows where an item of the scale is missing), then the sum of each column
 * and of the products of each pair of columns, 8 rows a register, 2 rows a lane (pmaddwd). */
static void S_tile_scale(sb_summary *s, size_t i)
{
	S_scale_acc *a = &s->scales[i];
	size_t k = s->bank->scales[i].n_items;
	__m128i *kc = (__m128i *)(void *)s->keyed;
	const __m128i none = _mm_set1_epi16(S_NONE16);
	__m128i m0 = _mm_setzero_si128(), m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0, m7 = m0;
	for (size_t j = 0; j < k; j++) { /* m: the rows where an item is missing */
		const __m128i *col = (const __m128i *)(const void *)(s->cols + a->idx[j] * S_TILE);
		m0 = _mm_or_si128(m0, _mm_cmpeq_epi16(col[0], none));
		m1 = _mm_or_si128(m1, _mm_cmpeq_epi16(col[1], none));
		m2 = _mm_or_si128(m2, _mm_cmpeq_epi16(col[2], none));
		m3 = _mm_or_si128(m3, _mm_cmpeq_epi16(col[3], none));
		m4 = _mm_or_si128(m4, _mm_cmpeq_epi16(col[4], none));
		m5 = _mm_or_si128(m5, _mm_cmpeq_epi16(col[5], none));
		m6 = _mm_or_si128(m6, _mm_cmpeq_epi16(col[6], none));
		m7 = _mm_or_si128(m7, _mm_cmpeq_epi16(col[7], none));
	}
	/* the rows with an item missing: -1 in each of their lanes, summed (no popcnt in SSE2) */
	__m128i nm = _mm_add_epi16(_mm_add_epi16(_mm_add_epi16(m0, m1), _mm_add_epi16(m2, m3)),
	                           _mm_add_epi16(_mm_add_epi16(m4, m5), _mm_add_epi16(m6, m7)));
	nm = _mm_madd_epi16(nm, _mm_set1_epi16(-1));
	nm = _mm_add_epi32(nm, _mm_shuffle_epi32(nm, 0x4e));
	nm = _mm_add_epi32(nm, _mm_shuffle_epi32(nm, 0xb1));
	a->complete += S_TILE - (size_t)_mm_cvtsi128_si32(nm);
	for (size_t j = 0; j < k; j++) {
		const __m128i *col = (const __m128i *)(const void *)(s->cols + a->idx[j] * S_TILE);
		/* keyed = sign * x + off: x itself, or off - x for a reversed item */
		__m128i off = _mm_set1_epi16(a->off[j]), neg = _mm_set1_epi16(a->sign[j] < 0 ? -1 : 0);
		__m128i *y = kc + 8 * j;
#define S_KEY(v, m) y[v] = _mm_andnot_si128(m, _mm_add_epi16(_mm_sub_epi16( \
                               _mm_xor_si128(col[v], neg), neg), off))
		S_KEY(0, m0);
		S_KEY(1, m1);
		S_KEY(2, m2);
		S_KEY(3, m3);
		S_KEY(4, m4);
		S_KEY(5, m5);
		S_KEY(6, m6);
		S_KEY(7, m7);
#undef S_KEY
	}
	__m128i *lane = (__m128i *)(void *)a->lanes;
	const __m128i one = _mm_set1_epi16(1);
	for (size_t j = 0; j < k; j++) {
		const __m128i *xj = kc + 8 * j;
		__m128i x0 = xj[0], x1 = xj[1], x2 = xj[2], x3 = xj[3];
		__m128i x4 = xj[4], x5 = xj[5], x6 = xj[6], x7 = xj[7];
		__m128i t = _mm_add_epi32(_mm_add_epi32(_mm_madd_epi16(x0, one), _mm_madd_epi16(x1, one)),
		                          _mm_add_epi32(_mm_madd_epi16(x2, one), _mm_madd_epi16(x3, one)));
		t = _mm_add_epi32(t, _mm_add_epi32(_mm_add_epi32(_mm_madd_epi16(x4, one),
		                                                 _mm_madd_epi16(x5, one)),
		                                   _mm_add_epi32(_mm_madd_epi16(x6, one),
		                                                 _mm_madd_epi16(x7, one))));
		lane[k * k + j] = _mm_add_epi32(lane[k * k + j], t);
		for (size_t l = j; l < k; l++) {
			const __m128i *y = kc + 8 * l;
			__m128i p = _mm_add_epi32(_mm_add_epi32(_mm_madd_epi16(x0, y[0]), _mm_madd_epi16(x1, y[1])),
			                          _mm_add_epi32(_mm_madd_epi16(x2, y[2]), _mm_madd_epi16(x3, y[3])));
			p = _mm_add_epi32(p, _mm_add_epi32(_mm_add_epi32(_mm_madd_epi16(x4, y[4]),
			                                                 _mm_madd_epi16(x5, y[5])),
			                                   _mm_add_epi32(_mm_madd_epi16(x6, y[6]),
			                                                 _mm_madd_epi16(x7, y[7]))));
			lane[j * k + l] = _mm_add_epi32(lane[j * k + l], p);
		}
	}
	if (++a->tiles == a->limit)
		S_settle(a, k);
}

#if S_AVX2
/* The 8 sums of v in 4 (a lane of S_TILE's). */
__attribute__((target("avx2"))) static inline __m128i S_half(__m256i v)
{
	return _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
}

/* S_tile_scale with AVX2: 16 rows a register, the products of 4 rows summed in a lane before
 * the lanes of S_TILE's 4 (so that a lane still gains 16 products per tile). */
__attribute__((target("avx2"))) static void S_tile_scale_avx2(sb_summary *s, size_t i)
{
	S_scale_acc *a = &s->scales[i];
	size_t k = s->bank->scales[i].n_items;
	__m256i *kc = (__m256i *)(void *)s->keyed;
	const __m256i none = _mm256_set1_epi16(S_NONE16);
	__m256i m0 = _mm256_setzero_si256(), m1 = m0, m2 = m0, m3 = m0;
	for (size_t j = 0; j < k; j++) { /* m: the rows where an item is missing */
		const __m256i *col = (const __m256i *)(const void *)(s->cols + a->idx[j] * S_TILE);
		m0 = _mm256_or_si256(m0, _mm256_cmpeq_epi16(col[0], none));
		m1 = _mm256_or_si256(m1, _mm256_cmpeq_epi16(col[1], none));
		m2 = _mm256_or_si256(m2, _mm256_cmpeq_epi16(col[2], none));
		m3 = _mm256_or_si256(m3, _mm256_cmpeq_epi16(col[3], none));
	}
	__m256i nm = _mm256_add_epi16(_mm256_add_epi16(m0, m1), _mm256_add_epi16(m2, m3));
	__m128i h = S_half(_mm256_madd_epi16(nm, _mm256_set1_epi16(-1)));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4e));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xb1));
	a->complete += S_TILE - (size_t)_mm_cvtsi128_si32(h);
	for (size_t j = 0; j < k; j++) {
		const __m256i *col = (const __m256i *)(const void *)(s->cols + a->idx[j] * S_TILE);
		__m256i off = _mm256_set1_epi16(a->off[j]);
		__m256i neg = _mm256_set1_epi16(a->sign[j] < 0 ? -1 : 0);
		__m256i *y = kc + 4 * j;
#define S_KEY(v, m) y[v] = _mm256_andnot_si256(m, _mm256_add_epi16(_mm256_sub_epi16( \
                               _mm256_xor_si256(col[v], neg), neg), off))
		S_KEY(0, m0);
		S_KEY(1, m1);
		S_KEY(2, m2);
		S_KEY(3, m3);
#undef S_KEY
	}
	__m128i *lane = (__m128i *)(void *)a->lanes;
	const __m256i one = _mm256_set1_epi16(1);
	for (size_t j = 0; j < k; j++) {
		const __m256i *xj = kc + 4 * j;
		__m256i x0 = xj[0], x1 = xj[1], x2 = xj[2], x3 = xj[3];
		__m256i t = _mm256_add_epi32(_mm256_add_epi32(_mm256_madd_epi16(x0, one),
		                                              _mm256_madd_epi16(x1, one)),
		                             _mm256_add_epi32(_mm256_madd_epi16(x2, one),
		                                              _mm256_madd_epi16(x3, one)));
		lane[k * k + j] = _mm_add_epi32(lane[k * k + j], S_half(t));
		for (size_t l = j; l < k; l++) {
			const __m256i *y = kc + 4 * l;
			__m256i p = _mm256_add_epi32(_mm256_add_epi32(_mm256_madd_epi16(x0, y[0]),
			                                              _mm256_madd_epi16(x1, y[1])),
			                             _mm256_add_epi32(_mm256_madd_epi16(x2, y[2]),
			                                              _mm256_madd_epi16(x3, y[3])));
			lane[j * k + l] = _mm_add_epi32(lane[j * k + l], S_half(p));
		}
	}
	if (++a->tiles == a->limit)
		S_settle(a, k);
}
#endif

/* Adds the full tile to the lanes of every scale that has them, and empties it. */
static void S_tile(sb_summary *s)
{
	for (size_t g = 0; g < s->width; g += 8) {
		if (!s->group[g / 8])
			continue;
		for (size_t v = 0; v < S_TILE; v += 8)
			S_transpose(s->tile + v * s->width + g, s->width, s->cols + g * S_TILE + v);
	}
	for (size_t i = 0; i < s->bank->n_scales; i++) {
		if (!s->scales[i].lanes)
			continue;
#if S_AVX2
		if (s->avx2) {
			S_tile_scale_avx2(s, i);
			continue;
		}
#endif
		S_tile_scale(s, i);
	}
	s->ntile = 0;
}

/* The answers of a row into the tile, in 16 bits, saturated: SB_MISSING becomes S_NONE16 (an
 * answer within a response range with lanes never does, S_limit). */
static void S_tile_row(sb_summary *s, const int *answers)
{
	int16_t *row = s->tile + s->ntile * s->width;
	size_t n = s->bank->n_items, j = 0;
#define S_FOUR(at) _mm_loadu_si128((const __m128i *)(const void *)(answers + (at)))
	for (; j + 8 <= n; j += 8)
		_mm_store_si128((__m128i *)(void *)(row + j), _mm_packs_epi32(S_FOUR(j), S_FOUR(j + 4)));
	if (j + 4 <= n) { /* the row has room for 8 (width), the answers hold 4 more */
		_mm_store_si128((__m128i *)(void *)(row + j), _mm_packs_epi32(S_FOUR(j), _mm_setzero_si128()));
		j += 4;
	}
#undef S_FOUR
	for (; j < n; j++)
		row[j] = (int16_t)(answers[j] < INT16_MIN ? INT16_MIN : answers[j] > INT16_MAX ? INT16_MAX
		                                                                               : answers[j]);
}
#endif

/* Whether row r of a's summary's tile is a complete case of scale a. */
static bool S_waiting_complete(const S_scale_acc *a, size_t r)
{
	const int16_t *row = a->owner->tile + r * a->owner->width;
	size_t k = a->owner->bank->scales[a->self].n_items;
	for (size_t j = 0; j < k; j++)
		if (row[a->idx[j]] == S_NONE16)
			return false;
	return true;
}

/* The complete cases of scale a, those waiting in the tile included. */
static size_t S_complete(const S_scale_acc *a)
{
	size_t c = a->complete;
	for (size_t r = 0; a->lanes && r < a->owner->ntile; r++)
		c += S_waiting_complete(a, r);
	return c;
}

/* Adds a complete case of scale sc, without lanes: its keyed values to the sums, their products
 * to cross. */
static void S_add_complete(const sb_bank *b, const sb_scale *sc, S_scale_acc *a, int *kv,
                           const int *answers)
{
	size_t k = sc->n_items;
	int flip = b->responses[sc->response].min + b->responses[sc->response].max;
	for (size_t j = 0; j < k; j++) {
		size_t item = sc->items[j];
		kv[j] = b->items[item].reverse ? flip - answers[item] : answers[item];
		a->sum[j] += kv[j];
	}
	for (size_t j = 0; j < k; j++)
		for (size_t l = j; l < k; l++)
			a->cross[j * k + l] += (int64_t)kv[j] * kv[l];
}

/* Keyed value j of scale a in row r of its summary's tile, 0 when the row is not one of the
 * scale's complete cases. */
static int64_t S_waiting(const S_scale_acc *a, size_t r, size_t j)
{
	const sb_summary *s = a->owner;
	if (!S_waiting_complete(a, r))
		return 0;
	return (int64_t)a->sign[j] * s->tile[r * s->width + a->idx[j]] + a->off[j];
}

/* Sum of item j's keyed values over the complete cases: lanes and rows waiting included. */
static int64_t S_sum(const S_scale_acc *a, size_t j)
{
	int64_t t = a->sum[j];
	if (!a->lanes)
		return t;
	size_t k = a->owner->bank->scales[a->self].n_items;
	t += S_lanes(a, k * k + j);
	for (size_t r = 0; r < a->owner->ntile; r++)
		t += S_waiting(a, r, j);
	return t;
}

/* Sum of x_j x_l over the complete cases (j <= l): lanes and rows waiting included. */
static int64_t S_cross(const S_scale_acc *a, size_t k, size_t j, size_t l)
{
	int64_t t = a->cross[j * k + l];
	if (!a->lanes)
		return t;
	t += S_lanes(a, j * k + l);
	for (size_t r = 0; r < a->owner->ntile; r++)
		t += S_waiting(a, r, j) * S_waiting(a, r, l);
	return t;
}

/* Empties a's item sums over complete cases (not the rows waiting in its summary's tile: see
 * S_tile_close). */
static void S_clear_items(S_scale_acc *a, size_t k)
{
	memset(a->sum, 0, k * sizeof *a->sum);
	memset(a->cross, 0, k * k * sizeof *a->cross);
	if (a->lanes)
		memset(a->lanes, 0, 4 * (k * k + k) * sizeof *a->lanes);
	a->tiles = 0;
	a->complete = 0;
}

/* Adds b's item sums over complete cases to a's (b unchanged). */
static void S_add_items(S_scale_acc *a, const S_scale_acc *b, size_t k)
{
	for (size_t j = 0; j < k; j++) {
		a->sum[j] += S_sum(b, j);
		for (size_t l = j; l < k; l++)
			a->cross[j * k + l] += S_cross(b, k, j, l);
	}
	a->complete += S_complete(b);
}

/* The item sums of the scales without lanes (part of sb_summary_add_exact). */
static void S_add_untiled(sb_summary *s, const int *answers, const sb_result *r)
{
	const sb_bank *b = s->bank;
	size_t n = b->n_scales < r->n_scales ? b->n_scales : r->n_scales;
	for (size_t i = 0; i < n; i++) {
		const sb_scale *sc = &b->scales[i];
		S_scale_acc *a = &s->scales[i];
		if (!a->lanes && sc->n_items > 0 && r->scales[i].answered == sc->n_items) {
			a->complete++;
			S_add_complete(b, sc, a, s->kv, answers);
		}
	}
}

/* The row's keyed item values over complete cases. */
static void S_add_item_row(sb_summary *s, const int *answers, const sb_result *r)
{
#if defined(__SSE2__)
	if (s->tiled) { /* the scales with lanes see which rows are complete cases in the tile */
		S_tile_row(s, answers);
		if (++s->ntile == S_TILE)
			S_tile(s);
	}
#endif
	if (s->untiled)
		S_add_untiled(s, answers, r);
}

/* Adds the rows waiting in s's tile to the lanes, the rest of the tile as rows of missing
 * answers (a complete case of no scale). */
static void S_tile_close(sb_summary *s)
{
#if defined(__SSE2__)
	if (!s->ntile)
		return;
	for (size_t r = s->ntile; r < S_TILE; r++)
		for (size_t j = 0; j < s->bank->n_items; j++)
			s->tile[r * s->width + j] = S_NONE16;
	S_tile(s);
#else
	(void)s;
#endif
}

/* Adds part b (nb rows, mean mb, m2 m2b) to the moments of a (Chan, Golub and LeVeque 1979):
 * the mean moves by the difference weighted by b's share, m2 gains the between-part term. */
static void S_chan(size_t *n, double *mean, double *m2, size_t nb, double mb, double m2b)
{
	if (!nb)
		return;
	if (!*n) {
		*n = nb;
		*mean = mb;
		*m2 = m2b;
		return;
	}
	double na = (double)*n, fb = (double)nb, t = na + fb, delta = mb - *mean;
	*mean += delta * (fb / t);
	*m2 += m2b + delta * delta * (na * fb / t);
	*n += nb;
}

/* The moments of the scores summed directly, the open group included (a unchanged). */
static void S_direct_moments(const S_scale_acc *a, size_t *n, double *mean, double *m2)
{
	*n = a->n;
	*mean = a->mean;
	*m2 = a->m2;
	if (a->gn) {
		double gn = (double)a->gn, d = a->g1 / gn;
		S_chan(n, mean, m2, a->gn, a->gc + d, a->g2 - a->g1 * d);
	}
}

/* Closes the open group: its moments join n, mean and m2. */
static void S_fold(S_scale_acc *a)
{
	S_direct_moments(a, &a->n, &a->mean, &a->m2);
	a->gn = 0;
	a->gc = a->g1 = a->g2 = 0;
}

/* The moments of all the scale's scores: those counted by entry (two passes over the entries,
 * in long double), then those summed directly joined to them (a unchanged). */
static void S_moments(const S_scale_acc *a, size_t *n, double *mean, double *m2)
{
	size_t c = 0;
	long double sum = 0, ss = 0;
	for (size_t e = 0; e < a->n_entries; e++)
		if (a->hist[e]) {
			c += a->hist[e];
			sum += (long double)a->hist[e] * a->escore[e];
		}
	long double m = c ? sum / (long double)c : 0;
	for (size_t e = 0; e < a->n_entries; e++)
		if (a->hist[e]) {
			long double d = a->escore[e] - m;
			ss += (long double)a->hist[e] * d * d;
		}
	*n = c;
	*mean = (double)m;
	*m2 = (double)ss;
	size_t nd;
	double md, m2d;
	S_direct_moments(a, &nd, &md, &m2d);
	S_chan(n, mean, m2, nd, md, m2d);
}

/* The least and the greatest of the scale's scores (NAN when it has none). */
static void S_range(const S_scale_acc *a, double *min, double *max)
{
	bool any = a->n + a->gn > 0;
	*min = any ? a->min : NAN;
	*max = any ? a->max : NAN;
	for (size_t e = 0; e < a->n_entries; e++)
		if (a->hist[e]) {
			if (!any || a->escore[e] < *min)
				*min = a->escore[e];
			if (!any || a->escore[e] > *max)
				*max = a->escore[e];
			any = true;
		}
}

bool sb_summary_add_exact(sb_summary *s, const int *answers, const sb_result *r)
{
	const sb_bank *b = s->bank;
	bool ordered = false;
	s->t.scored++;
	size_t n = b->n_scales < r->n_scales ? b->n_scales : r->n_scales;
	for (size_t i = 0; i < n; i++) {
		const sb_scale_result *sr = &r->scales[i];
		S_scale_acc *a = &s->scales[i];
		if (!sr->scored)
			continue;
		if (sr->band < b->scales[i].n_bands)
			a->bands[sr->band]++;
		if (sr->entry < a->n_entries)
			a->hist[sr->entry]++;
		else
			ordered = true;
	}
	if (r->has_style && r->style >= 0 && r->style < SB_STYLE_COUNT) {
		s->t.styles[r->style]++;
		if (r->near_boundary)
			s->t.near_boundary++;
	} else {
		s->t.no_style++;
	}
	const sb_quality *q = &r->quality;
	s->flag_sets[(unsigned)q->flag_longstring | (unsigned)q->flag_irv << 1 |
	             (unsigned)q->flag_inconsistent << 2 | (unsigned)q->flag_missing << 3]++;
	S_add_item_row(s, answers, r);
	return ordered;
}

void sb_summary_add_ordered(sb_summary *s, const sb_result *r)
{
	const sb_bank *b = s->bank;
	size_t n = b->n_scales < r->n_scales ? b->n_scales : r->n_scales;
	for (size_t i = 0; i < n; i++) {
		const sb_scale_result *sr = &r->scales[i];
		S_scale_acc *a = &s->scales[i];
		if (!sr->scored || sr->entry < a->n_entries)
			continue;
		if (a->n + a->gn == 0 || sr->score < a->min)
			a->min = sr->score;
		if (a->n + a->gn == 0 || sr->score > a->max)
			a->max = sr->score;
		if (a->gn == 0)
			a->gc = sr->score;
		double d = sr->score - a->gc;
		a->g1 += d;
		a->g2 += d * d;
		if (++a->gn == S_GROUP)
			S_fold(a);
	}
}

void sb_summary_add(sb_summary *s, const int *answers, const sb_result *r)
{
	if (sb_summary_add_exact(s, answers, r))
		sb_summary_add_ordered(s, r);
}

/* Empties a scale's accumulator (its arrays stay). */
static void S_clear_scale(S_scale_acc *a, size_t k, size_t n_bands, bool counts)
{
	a->n = a->gn = 0;
	a->mean = a->m2 = a->gc = a->g1 = a->g2 = 0;
	a->min = a->max = NAN;
	if (!counts) /* none were added: they are 0 */
		return;
	memset(a->hist, 0, a->n_entries * sizeof *a->hist);
	memset(a->bands, 0, n_bands * sizeof *a->bands);
	S_clear_items(a, k);
}

static void S_add_totals(sb_summary_totals *a, const sb_summary_totals *b)
{
	a->scored += b->scored;
	a->rejected += b->rejected;
	a->duplicate_ids += b->duplicate_ids;
	a->no_style += b->no_style;
	a->near_boundary += b->near_boundary;
	a->longstring += b->longstring;
	a->low_irv += b->low_irv;
	a->inconsistent += b->inconsistent;
	a->missing += b->missing;
	a->any_flag += b->any_flag;
	for (int i = 0; i < SB_STYLE_COUNT; i++)
		a->styles[i] += b->styles[i];
}

void sb_summary_reject(sb_summary *s)
{
	s->t.rejected++;
}

void sb_summary_duplicate_id(sb_summary *s)
{
	s->t.duplicate_ids++;
}

void sb_summary_get_totals(const sb_summary *s, sb_summary_totals *out)
{
	*out = s->t;
	out->read = s->t.scored + s->t.rejected;
	for (unsigned m = 1; m < 16; m++) {
		size_t c = s->flag_sets[m];
		out->longstring += m & 1 ? c : 0;
		out->low_irv += m & 2 ? c : 0;
		out->inconsistent += m & 4 ? c : 0;
		out->missing += m & 8 ? c : 0;
		out->any_flag += c;
	}
}

void sb_summary_get_scale(const sb_summary *s, size_t scale, sb_scale_summary *out)
{
	const S_scale_acc *a = &s->scales[scale];
	size_t n;
	double mean, m2, min, max;
	S_moments(a, &n, &mean, &m2);
	S_range(a, &min, &max);
	*out = (sb_scale_summary){
		.n = n,
		.mean = n > 0 ? mean : NAN,
		.sd = n > 1 ? sqrt(m2 / (double)(n - 1)) : NAN,
		.min = min,
		.max = max,
		.band_counts = a->bands,
		.complete = S_complete(a),
	};
}

/* Element (j, l) of the symmetric co-moment matrix sum (x_j - mean_j)(x_l - mean_l) over the
 * complete cases c: (c P - S_j S_l) / c, exact before the division. */
static double S_c(const S_scale_acc *a, size_t k, size_t j, size_t l)
{
	if (j > l) {
		size_t t = j;
		j = l;
		l = t;
	}
	size_t n = S_complete(a);
	S_i128 c = (S_i128)n;
	S_i128 num = c * S_cross(a, k, j, l) - (S_i128)S_sum(a, j) * S_sum(a, l);
	return (double)num / (double)n;
}

/* Alpha of the items other than skip (SB_NONE: all of them):
 * k' / (k' - 1) * (1 - sum of item variances / variance of the total). The co-moments are
 * (n - 1) times the covariances; the factor cancels. */
static double S_alpha(const S_scale_acc *a, size_t k, size_t skip)
{
	size_t m = skip == SB_NONE ? k : k - 1;
	if (S_complete(a) < 2 || m < 2)
		return NAN;
	double trace = 0, total = 0;
	for (size_t j = 0; j < k; j++) {
		if (j == skip)
			continue;
		trace += S_c(a, k, j, j);
		for (size_t l = 0; l < k; l++)
			if (l != skip)
				total += S_c(a, k, j, l);
	}
	if (!(total > 0))
		return NAN;
	return (double)m / (double)(m - 1) * (1.0 - trace / total);
}

/* Correlation of item i with the sum of the other items (psych's r.drop). */
static double S_r_drop(const S_scale_acc *a, size_t k, size_t i)
{
	if (S_complete(a) < 2 || k < 2)
		return NAN;
	double cov = 0, rest = 0, var = S_c(a, k, i, i);
	for (size_t j = 0; j < k; j++) {
		if (j == i)
			continue;
		cov += S_c(a, k, i, j);
		for (size_t l = 0; l < k; l++)
			if (l != i)
				rest += S_c(a, k, j, l);
	}
	if (!(var > 0) || !(rest > 0))
		return NAN;
	return cov / sqrt(var * rest);
}

double sb_summary_alpha(const sb_summary *s, size_t scale, double *alpha_drop, double *r_drop)
{
	const S_scale_acc *a = &s->scales[scale];
	size_t k = s->bank->scales[scale].n_items;
	for (size_t i = 0; i < k; i++) {
		if (alpha_drop)
			alpha_drop[i] = S_alpha(a, k, i);
		if (r_drop)
			r_drop[i] = S_r_drop(a, k, i);
	}
	return S_alpha(a, k, SB_NONE);
}

/* ---- JSON ---- */

/* A number, or null where it is undefined. */
static json_t *S_num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *S_count(size_t n)
{
	return json_integer((json_int_t)n);
}

/* Sets o[key] = v, remembering any failure (v NULL included) in *ok. */
static void S_set(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (!o) {
		json_decref(v);
		*ok = false;
	} else if (json_object_set_new(o, key, v) != 0) { /* frees v on failure */
		*ok = false;
	}
}

static void S_append(json_t *arr, json_t *v, bool *ok)
{
	if (!arr) {
		json_decref(v);
		*ok = false;
	} else if (json_array_append_new(arr, v) != 0) {
		*ok = false;
	}
}

/* A double as a decimal string that reads back as the same double. */
static json_t *S_exact(double x)
{
	char t[40];
	snprintf(t, sizeof t, "%.17g", x);
	return json_string(t);
}

/* The statistics from which a scale's figures are computed, for merging (see summary.h). */
static json_t *S_sufficient(const sb_summary *s, size_t i, bool *ok)
{
	const S_scale_acc *a = &s->scales[i];
	size_t k = s->bank->scales[i].n_items;
	size_t n;
	double mean, m2, min, max;
	S_moments(a, &n, &mean, &m2);
	S_range(a, &min, &max);
	json_t *o = json_object();
	S_set(o, "n", S_count(n), ok);
	S_set(o, "mean", S_exact(mean), ok);
	S_set(o, "m2", S_exact(m2), ok);
	S_set(o, "min", n ? S_exact(min) : json_null(), ok);
	S_set(o, "max", n ? S_exact(max) : json_null(), ok);
	S_set(o, "complete", S_count(S_complete(a)), ok);
	json_t *m = json_array();
	for (size_t j = 0; j < k; j++)
		S_append(m, json_integer((json_int_t)S_sum(a, j)), ok);
	S_set(o, "item_sum", m, ok);
	json_t *c = json_array(); /* the upper triangle, row by row */
	for (size_t j = 0; j < k; j++)
		for (size_t l = j; l < k; l++)
			S_append(c, json_integer((json_int_t)S_cross(a, k, j, l)), ok);
	S_set(o, "cross", c, ok);
	return o;
}

static json_t *S_scale_json(const sb_summary *s, size_t i, double *drop, double *rdrop, bool *ok)
{
	const sb_bank *b = s->bank;
	const sb_scale *sc = &b->scales[i];
	sb_scale_summary ss;
	sb_summary_get_scale(s, i, &ss);
	json_t *o = json_object();
	S_set(o, "id", json_string(sc->id), ok);
	S_set(o, "method", json_string(sc->method == SB_METHOD_SUM ? "sum" : "mean"), ok);
	S_set(o, "items", S_count(sc->n_items), ok);
	S_set(o, "n", S_count(ss.n), ok);
	S_set(o, "not_scored", S_count(s->t.scored - ss.n), ok);
	S_set(o, "mean", S_num(ss.mean), ok);
	S_set(o, "sd", S_num(ss.sd), ok);
	S_set(o, "min", S_num(ss.min), ok);
	S_set(o, "max", S_num(ss.max), ok);
	json_t *bands = json_object();
	for (size_t j = 0; j < sc->n_bands; j++)
		S_set(bands, sc->bands[j].id, S_count(ss.band_counts[j]), ok);
	S_set(o, "bands", bands, ok);

	double alpha = sb_summary_alpha(s, i, drop, rdrop);
	json_t *rel = json_object();
	S_set(rel, "cases", S_count(ss.complete), ok);
	S_set(rel, "alpha", S_num(alpha), ok);
	json_t *items = json_array();
	for (size_t j = 0; j < sc->n_items; j++) {
		json_t *it = json_object();
		S_set(it, "id", json_string(b->items[sc->items[j]].id), ok);
		S_set(it, "alpha_if_dropped", S_num(drop[j]), ok);
		S_set(it, "r_drop", S_num(rdrop[j]), ok);
		S_append(items, it, ok);
	}
	S_set(rel, "items", items, ok);
	S_set(o, "reliability", rel, ok);
	S_set(o, "sufficient", S_sufficient(s, i, ok), ok);
	return o;
}

sb_status sb_summary_json(const sb_summary *s, sb_buf *out)
{
	const sb_bank *b = s->bank;
	bool ok = true;
	sb_summary_totals t;
	sb_summary_get_totals(s, &t);

	size_t longest = 1;
	for (size_t i = 0; i < b->n_scales; i++)
		if (b->scales[i].n_items > longest)
			longest = b->scales[i].n_items;
	double *drop = sb_calloc(longest, sizeof *drop);
	double *rdrop = sb_calloc(longest, sizeof *rdrop);
	json_t *root = json_object();
	if (!drop || !rdrop || !root) {
		ok = false;
		goto done;
	}

	S_set(root, "schema", json_integer(SB_SUMMARY_SCHEMA), &ok);
	json_t *bank = json_object();
	S_set(bank, "id", json_string(b->id ? b->id : ""), &ok);
	S_set(bank, "version", json_string(b->version ? b->version : ""), &ok);
	S_set(root, "bank", bank, &ok);

	json_t *rows = json_object();
	S_set(rows, "read", S_count(t.read), &ok);
	S_set(rows, "scored", S_count(t.scored), &ok);
	S_set(rows, "rejected", S_count(t.rejected), &ok);
	S_set(rows, "duplicate_ids", S_count(t.duplicate_ids), &ok);
	S_set(root, "rows", rows, &ok);

	json_t *scales = json_array();
	for (size_t i = 0; i < b->n_scales && ok; i++)
		S_append(scales, S_scale_json(s, i, drop, rdrop, &ok), &ok);
	S_set(root, "scales", scales, &ok);

	json_t *styles = json_object();
	for (int i = 0; i < SB_STYLE_COUNT; i++)
		S_set(styles, sb_style_id(i), S_count(t.styles[i]), &ok);
	S_set(styles, "none", S_count(t.no_style), &ok);
	S_set(styles, "near_boundary", S_count(t.near_boundary), &ok);
	S_set(root, "styles", styles, &ok);

	json_t *flags = json_object();
	const size_t per_flag[SB_FLAG_COUNT] = {
		[SB_FLAG_LONGSTRING] = t.longstring, [SB_FLAG_LOW_IRV] = t.low_irv,
		[SB_FLAG_INCONSISTENT] = t.inconsistent, [SB_FLAG_MISSING] = t.missing,
	};
	for (int k = 0; k < SB_FLAG_COUNT; k++)
		S_set(flags, sb_quality_flag_name(k), S_count(per_flag[k]), &ok);
	S_set(flags, "any", S_count(t.any_flag), &ok);
	S_set(root, "flags", flags, &ok);

	if (ok) {
		char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		                                      JSON_REAL_PRECISION(10));
		if (!text) {
			ok = false;
		} else {
			sb_json_safe(out, text, strlen(text)); /* DEL, C1, bidi as \\uXXXX */
			sb_buf_putc(out, '\n');
			free(text); /* jansson's allocator, not ours */
			ok = !out->failed;
		}
	}
done:
	json_decref(root);
	sb_free(drop);
	sb_free(rdrop);
	return ok ? SB_OK : SB_ERR_INTERNAL;
}

/* ---- merging ---- */

/* Reads a count at o[key]; false when it is missing or not a whole number >= 0. */
static bool S_get_count(json_t *o, const char *key, size_t *out)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (size_t)json_integer_value(v);
	return true;
}

static bool S_get_exact(json_t *v, double *out)
{
	if (!json_is_string(v))
		return false;
	char *end;
	*out = strtod(json_string_value(v), &end);
	return end != json_string_value(v) && *end == '\0';
}

static sb_status S_bad(sb_diags *d, const char *name, const char *what)
{
	sb_diags_add(d, name, 0, 0, "not a summary that can be merged: %s", what);
	return SB_ERR_DATA;
}

/* Combines b into a: the mean and m2 of the scores summed directly by the pairwise update
 * (S_chan); with counts, the counts (those of entries too) and the item sums, which add up
 * exactly (without, b has none). */
static void S_merge_scale(S_scale_acc *a, const S_scale_acc *b, size_t k, size_t n_bands,
                          bool counts)
{
	size_t nb;
	double mb, m2b;
	S_direct_moments(b, &nb, &mb, &m2b);
	S_fold(a);
	if (nb) {
		if (!a->n || b->min < a->min)
			a->min = b->min;
		if (!a->n || b->max > a->max)
			a->max = b->max;
		S_chan(&a->n, &a->mean, &a->m2, nb, mb, m2b);
	}
	if (!counts)
		return;
	for (size_t e = 0; e < a->n_entries; e++)
		a->hist[e] += b->hist[e];
	for (size_t j = 0; j < n_bands; j++)
		a->bands[j] += b->bands[j];
	S_add_items(a, b, k);
}

void sb_summary_absorb(sb_summary *s, sb_summary *part)
{
	const sb_bank *bk = s->bank;
	/* every count and item sum comes with sb_summary_add_exact: a part of moments only (the
	 * blocks' of `score`) has none to add or clear */
	bool counts = part->t.scored > 0;
	S_tile_close(part);
	S_add_totals(&s->t, &part->t);
	part->t = (sb_summary_totals){ 0 };
	for (unsigned m = 0; m < 16; m++)
		s->flag_sets[m] += part->flag_sets[m];
	memset(part->flag_sets, 0, sizeof part->flag_sets);
	for (size_t i = 0; i < bk->n_scales; i++) {
		const sb_scale *sc = &bk->scales[i];
		S_merge_scale(&s->scales[i], &part->scales[i], sc->n_items, sc->n_bands, counts);
		S_clear_scale(&part->scales[i], sc->n_items, sc->n_bands, counts);
	}
}

/* Whether adding b's item sums to a's stays within 64 bits (it does below about 10^17 rows). */
static bool S_sums_fit(const S_scale_acc *a, const S_scale_acc *b, size_t k)
{
	int64_t t;
	for (size_t j = 0; j < k; j++) {
		if (__builtin_add_overflow(S_sum(a, j), S_sum(b, j), &t))
			return false;
		for (size_t l = j; l < k; l++)
			if (__builtin_add_overflow(S_cross(a, k, j, l), S_cross(b, k, j, l), &t))
				return false;
	}
	return true;
}

/* Reads scale i of the document into b (an accumulator shaped for the bank); NULL or why not. */
static const char *S_read_scale(const sb_summary *s, size_t i, json_t *scales, S_scale_acc *b)
{
	const sb_scale *sc = &s->bank->scales[i];
	size_t k = sc->n_items;
	json_t *o = NULL;
	for (size_t j = 0; j < json_array_size(scales) && !o; j++) {
		json_t *id = json_object_get(json_array_get(scales, j), "id");
		if (json_is_string(id) && strcmp(json_string_value(id), sc->id) == 0)
			o = json_array_get(scales, j);
	}
	if (!o)
		return "a scale of the bank is missing";
	json_t *suf = json_object_get(o, "sufficient"), *bands = json_object_get(o, "bands");
	size_t items;
	if (!json_is_object(suf))
		return "a scale has no sufficient statistics (made by an older securebase?)";
	if (!S_get_count(o, "items", &items) || items != k)
		return "a scale has another number of items than the bank's";
	json_t *m = json_object_get(suf, "item_sum"), *c = json_object_get(suf, "cross");
	if (!S_get_count(suf, "n", &b->n) || !S_get_count(suf, "complete", &b->complete) ||
	    !S_get_exact(json_object_get(suf, "mean"), &b->mean) ||
	    !S_get_exact(json_object_get(suf, "m2"), &b->m2) || json_array_size(m) != k ||
	    json_array_size(c) != k * (k + 1) / 2)
		return "a scale's sufficient statistics are incomplete";
	if (b->n && (!S_get_exact(json_object_get(suf, "min"), &b->min) ||
	             !S_get_exact(json_object_get(suf, "max"), &b->max)))
		return "a scale's sufficient statistics are incomplete";
	for (size_t j = 0, t = 0; j < k; j++) {
		json_t *v = json_array_get(m, j);
		if (!json_is_integer(v))
			return "a scale's item sums are not whole numbers";
		b->sum[j] = json_integer_value(v);
		for (size_t l = j; l < k; l++, t++) {
			v = json_array_get(c, t);
			if (!json_is_integer(v))
				return "a scale's sums of products are not whole numbers";
			b->cross[j * k + l] = json_integer_value(v);
		}
	}
	for (size_t j = 0; j < sc->n_bands; j++)
		if (!S_get_count(bands, sc->bands[j].id, &b->bands[j]))
			return "a band of the bank is missing";
	return NULL;
}

sb_status sb_summary_merge_json(sb_summary *s, const char *text, size_t len, const char *name,
                                sb_diags *d)
{
	const sb_bank *bk = s->bank;
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		sb_diags_add(d, name, je.line, je.column, "not JSON: %s", je.text);
		return SB_ERR_DATA;
	}
	sb_summary *part = NULL;
	sb_status st = SB_OK;
	const char *why = NULL;
	json_t *bank = json_object_get(root, "bank");
	json_t *rows = json_object_get(root, "rows"), *styles = json_object_get(root, "styles");
	json_t *flags = json_object_get(root, "flags"), *scales = json_object_get(root, "scales");
	json_t *schema = json_object_get(root, "schema");
	const char *bid = json_string_value(json_object_get(bank, "id"));
	const char *bver = json_string_value(json_object_get(bank, "version"));
	if (!json_is_integer(schema) || json_integer_value(schema) != SB_SUMMARY_SCHEMA)
		why = "another schema (this securebase merges only schema " S_STR(SB_SUMMARY_SCHEMA)
		      ": score those rows again with it)";
	else if (!bid || !bver || strcmp(bid, bk->id ? bk->id : "") != 0 ||
	         strcmp(bver, bk->version ? bk->version : "") != 0)
		why = "made with another bank (or bank version)";
	else if (!json_is_array(scales))
		why = "no scales";
	if (why) {
		st = S_bad(d, name, why);
		goto done;
	}
	if (sb_summary_new(bk, &part) != SB_OK) {
		st = SB_ERR_INTERNAL;
		goto done;
	}
	sb_summary_totals *t = &part->t;
	bool ok = S_get_count(rows, "scored", &t->scored) && S_get_count(rows, "rejected", &t->rejected) &&
	          S_get_count(rows, "duplicate_ids", &t->duplicate_ids) &&
	          S_get_count(styles, "none", &t->no_style) &&
	          S_get_count(styles, "near_boundary", &t->near_boundary) &&
	          S_get_count(flags, "longstring", &t->longstring) &&
	          S_get_count(flags, "low_irv", &t->low_irv) &&
	          S_get_count(flags, "inconsistent", &t->inconsistent) &&
	          S_get_count(flags, "missing", &t->missing) && S_get_count(flags, "any", &t->any_flag);
	for (int i = 0; i < SB_STYLE_COUNT && ok; i++)
		ok = S_get_count(styles, sb_style_id(i), &t->styles[i]);
	if (!ok) {
		st = S_bad(d, name, "a row, style or flag count is missing");
		goto done;
	}
	for (size_t i = 0; i < bk->n_scales; i++)
		if ((why = S_read_scale(part, i, scales, &part->scales[i])) != NULL) {
			st = S_bad(d, name, why);
			goto done;
		}
	for (size_t i = 0; i < bk->n_scales; i++)
		if (!S_sums_fit(&s->scales[i], &part->scales[i], bk->scales[i].n_items)) {
			st = S_bad(d, name, "the item sums would exceed 64 bits");
			goto done;
		}
	/* all read: now s changes */
	S_add_totals(&s->t, t);
	for (size_t i = 0; i < bk->n_scales; i++)
		S_merge_scale(&s->scales[i], &part->scales[i], bk->scales[i].n_items,
		              bk->scales[i].n_bands, true);
done:
	sb_summary_free(part);
	json_decref(root);
	return st;
}

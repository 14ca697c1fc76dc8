/* SPDX-License-Identifier: MIT */
/* sha256.c — SHA-256 as FIPS 180-4 gives it, one 64-byte block at a time. */
#include "base/sha256.h"

#include <string.h>

static const uint32_t S_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t S_ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void S_block(sb_sha256 *s, const unsigned char *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = S_ror(w[i - 15], 7) ^ S_ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = S_ror(w[i - 2], 17) ^ S_ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	uint32_t e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (S_ror(e, 6) ^ S_ror(e, 11) ^ S_ror(e, 25)) + ((e & f) ^ (~e & g)) +
		              S_k[i] + w[i];
		uint32_t t2 = (S_ror(a, 2) ^ S_ror(a, 13) ^ S_ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
	s->h[5] += f;
	s->h[6] += g;
	s->h[7] += h;
}

void sb_sha256_init(sb_sha256 *s)
{
	static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, h0, sizeof h0);
	s->bytes = 0;
	s->fill = 0;
}

void sb_sha256_update(sb_sha256 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	s->bytes += n;
	while (n > 0) {
		size_t k = 64 - s->fill < n ? 64 - s->fill : n;
		memcpy(s->block + s->fill, p, k);
		s->fill += k;
		p += k;
		n -= k;
		if (s->fill == 64) {
			S_block(s, s->block);
			s->fill = 0;
		}
	}
}

void sb_sha256_final(sb_sha256 *s, unsigned char out[SB_SHA256_LEN])
{
	uint64_t bits = s->bytes * 8;
	unsigned char pad = 0x80;
	sb_sha256_update(s, &pad, 1);
	pad = 0;
	while (s->fill != 56)
		sb_sha256_update(s, &pad, 1);
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sb_sha256_update(s, len, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void sb_sha256_of(const void *data, size_t n, unsigned char out[SB_SHA256_LEN])
{
	sb_sha256 s;
	sb_sha256_init(&s);
	sb_sha256_update(&s, data, n);
	sb_sha256_final(&s, out);
}

void sb_sha256_hex(const unsigned char d[SB_SHA256_LEN], char out[2 * SB_SHA256_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < SB_SHA256_LEN; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * SB_SHA256_LEN] = '\0';
}

void sb_sha256_base64(const unsigned char d[SB_SHA256_LEN], char out[45])
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (int i = 0; i < SB_SHA256_LEN; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16;
		if (i + 1 < SB_SHA256_LEN)
			v |= (uint32_t)d[i + 1] << 8;
		if (i + 2 < SB_SHA256_LEN)
			v |= d[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < SB_SHA256_LEN ? b64[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < SB_SHA256_LEN ? b64[v & 63] : '=';
	}
	out[o] = '\0';
}

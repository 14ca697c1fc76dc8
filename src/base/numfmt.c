/* SPDX-License-Identifier: MIT */
/* numfmt.c — fixed-point and integer formatting by hand: two digits per step from a table. */
#include "base/numfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char S_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* Writes v's digits right-aligned ending at end; returns the first digit's position. */
static char *S_digits(char *end, unsigned long long v)
{
	char *p = end;
	while (v >= 100) {
		unsigned i = (unsigned)(v % 100) * 2;
		v /= 100;
		*--p = S_pairs[i + 1];
		*--p = S_pairs[i];
	}
	if (v >= 10) {
		*--p = S_pairs[v * 2 + 1];
		*--p = S_pairs[v * 2];
	} else {
		*--p = (char)('0' + v);
	}
	return p;
}

size_t sb_fmt_uint(char *dst, unsigned long long v)
{
	if (v < 10) { /* counts are mostly one digit */
		*dst = (char)('0' + v);
		return 1;
	}
	char tmp[24];
	char *p = S_digits(tmp + sizeof tmp, v);
	size_t n = (size_t)(tmp + sizeof tmp - p);
	memcpy(dst, p, n);
	return n;
}

size_t sb_fmt_int(char *dst, long long v)
{
	if (v < 0) {
		*dst = '-';
		return 1 + sb_fmt_uint(dst + 1, 0ULL - (unsigned long long)v);
	}
	return sb_fmt_uint(dst, (unsigned long long)v);
}

static const double S_pow10[SB_DECIMALS_MAX + 1] = { 1e0, 1e1, 1e2, 1e3, 1e4,
                                                     1e5, 1e6, 1e7, 1e8, 1e9 };
static const unsigned long long S_ipow10[SB_DECIMALS_MAX + 1] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
	1000000000ULL,
};

/* Any other case; out of line, so that the usual one below runs without saving the registers
 * this one needs. */
#ifdef __GNUC__
__attribute__((noinline))
#endif
static size_t S_fixed(char *dst, double v, int decimals)
{
	if (!isfinite(v))
		return 0;
	if (decimals < 0)
		decimals = 0;
	if (decimals > SB_DECIMALS_MAX)
		decimals = SB_DECIMALS_MAX;
	double s = fabs(v) * S_pow10[decimals];
	/* Beyond 2^53 a double has no fraction left to round; no score comes near this. */
	if (s >= 9007199254740992.0) {
		int n = snprintf(dst, SB_NUMFMT_MAX, "%.*f", decimals, v);
		return n < 0 ? 0 : (n >= SB_NUMFMT_MAX ? SB_NUMFMT_MAX - 1 : (size_t)n);
	}
	/* s is not negative, so the conversion truncates exactly as floor would */
	unsigned long long m = (unsigned long long)(s + s * 1e-15 + 0.5);
	char *d = dst;
	if (m != 0 && v < 0)
		*d++ = '-';
	unsigned long long ip, fp;
	/* constant divisors for the usual decimals, so the compiler multiplies instead of dividing */
	switch (decimals) {
	case 0: ip = m; fp = 0; break;
	case 1: ip = m / 10; fp = m % 10; break;
	case 2: ip = m / 100; fp = m % 100; break;
	case 3: ip = m / 1000; fp = m % 1000; break;
	default: ip = m / S_ipow10[decimals]; fp = m % S_ipow10[decimals]; break;
	}
	if (ip < 10)
		*d++ = (char)('0' + ip);
	else
		d += sb_fmt_uint(d, ip);
	if (decimals > 0) {
		*d++ = '.';
		char *end = d + decimals;
		char *p = end;
		for (int i = decimals; i >= 2; i -= 2) { /* the fraction, zero-padded on the left */
			unsigned k = (unsigned)(fp % 100) * 2;
			fp /= 100;
			*--p = S_pairs[k + 1];
			*--p = S_pairs[k];
		}
		if (p > d)
			*--p = (char)('0' + fp % 10);
		d = end;
	}
	return (size_t)(d - dst);
}

/* The usual case, 2 decimals and a score below a hundred, in 32-bit integers and without a call
 * (so without saving registers); from 100 on, the general case, which gives the same digits. */
static size_t S_fixed2(char *dst, double v, double s)
{
	uint32_t m = (uint32_t)(s + s * 1e-15 + 0.5);
	uint32_t ip = m / 100, fp = (m % 100) * 2;
	if (ip >= 100)
		return S_fixed(dst, v, 2);
	char *d = dst;
	if (m != 0 && v < 0)
		*d++ = '-';
	if (ip < 10) {
		*d++ = (char)('0' + ip);
	} else {
		d[0] = S_pairs[ip * 2];
		d[1] = S_pairs[ip * 2 + 1];
		d += 2;
	}
	d[0] = '.';
	d[1] = S_pairs[fp];
	d[2] = S_pairs[fp + 1];
	return (size_t)(d + 3 - dst);
}

size_t sb_fmt_fixed(char *dst, double v, int decimals)
{
	if (decimals == 2) {
		double s = fabs(v) * 100.0;
		if (s < 1e9) /* false for NaN */
			return S_fixed2(dst, v, s);
	}
	return S_fixed(dst, v, decimals);
}

size_t sb_fmt_fixed_str(char *out, size_t size, double v, int decimals)
{
	char tmp[SB_NUMFMT_MAX + 1];
	size_t n = sb_fmt_fixed(tmp, v, decimals);
	if (size == 0)
		return 0;
	if (n >= size)
		n = size - 1;
	memcpy(out, tmp, n);
	out[n] = '\0';
	return n;
}

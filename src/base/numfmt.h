/* SPDX-License-Identifier: MIT */
/* numfmt.h — fast formatting of scores (fixed decimals, rounded half away from zero) and integers
 * for output cells, without stdio. */
#ifndef SB_NUMFMT_H
#define SB_NUMFMT_H

#include <stddef.h>

/* Room every sb_fmt_* call needs at dst (a NUL is not written). */
#define SB_NUMFMT_MAX 48
/* Most decimals sb_fmt_fixed takes. */
#define SB_DECIMALS_MAX 9

/* Writes v with exactly decimals digits after the point (0 ≤ decimals ≤ SB_DECIMALS_MAX; 0 gives
 * no point), rounded half away from zero, as spreadsheets and SPSS round: 2.675 → "2.68",
 * -0.125 → "-0.13" at 2 decimals. A double cannot hold most decimal halves exactly (2.675 is
 * stored as 2.67499999999999982…), so the value is scaled by 10^decimals and a relative
 * 1e-15 (about five units in the last place: more than the error of a stored decimal or of one
 * division, far less than any real difference between scores) is added before the half is added
 * and the result floored. A result of zero is written without a sign ("0.00", never "-0.00").
 * NaN and infinities write nothing (an empty cell). Returns the length written. */
size_t sb_fmt_fixed(char *dst, double v, int decimals);
/* The same into a buffer of size bytes, NUL-terminated and cut to fit; returns the length kept. */
size_t sb_fmt_fixed_str(char *out, size_t size, double v, int decimals);
/* Writes v in base 10. Returns the length written. */
size_t sb_fmt_int(char *dst, long long v);
size_t sb_fmt_uint(char *dst, unsigned long long v);

#endif

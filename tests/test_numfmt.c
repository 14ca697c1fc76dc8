/* SPDX-License-Identifier: MIT */
/* test_numfmt.c — fixed-point rounding (half away from zero, decimal representation errors) and
 * integer formatting. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

#include "base/numfmt.h"

static void S_fixed(double v, int dec, const char *expect)
{
	char out[SB_NUMFMT_MAX + 1];
	size_t n = sb_fmt_fixed(out, v, dec);
	assert_true(n < SB_NUMFMT_MAX);
	out[n] = '\0';
	if (strcmp(out, expect) != 0)
		fail_msg("%.17g at %d decimals: got '%s', expected '%s'", v, dec, out, expect);
}

static void test_fixed_plain(void **state)
{
	(void)state;
	S_fixed(0, 2, "0.00");
	S_fixed(7, 2, "7.00");
	S_fixed(7.000, 0, "7");
	S_fixed(4.25, 2, "4.25");
	S_fixed(336, 2, "336.00");
	S_fixed(1.0 / 3, 2, "0.33");
	S_fixed(2.0 / 3, 2, "0.67");
	S_fixed(30.0 / 7, 2, "4.29");
	S_fixed(30.0 / 7, 4, "4.2857");
	S_fixed(30.0 / 7, 9, "4.285714286");
	S_fixed(0.05, 1, "0.1");
	S_fixed(123456789.123, 3, "123456789.123");
	S_fixed(1e-12, 2, "0.00");
	S_fixed(1e-12, 9, "0.000000000");
	S_fixed(0.000000001, 9, "0.000000001");
	S_fixed(0.0000000005, 9, "0.000000001");
	S_fixed(99.995, 2, "100.00");
	S_fixed(9.5, 0, "10");
}

static void test_fixed_halves(void **state)
{
	(void)state;
	/* exact halves in binary: away from zero, not to even */
	S_fixed(0.125, 2, "0.13");
	S_fixed(0.375, 2, "0.38");
	S_fixed(2.5, 0, "3");
	S_fixed(3.5, 0, "4");
	S_fixed(0.5, 0, "1");
	/* decimal halves a double stores just below the half */
	S_fixed(2.675, 2, "2.68");   /* 2.67499999999999982236431605997495353221893310546875 */
	S_fixed(1.005, 2, "1.01");   /* 1.00499999999999989341858963598497211933135986328125 */
	S_fixed(0.285, 2, "0.29");
	S_fixed(1.115, 2, "1.12");
	S_fixed(8.345, 2, "8.35");
	/* a mean that is a decimal half: 107 / 40 = 2.675 */
	S_fixed(107.0 / 40, 2, "2.68");
	S_fixed(21.0 / 8, 2, "2.63");  /* 2.625 */
	/* just below a half stays below */
	S_fixed(2.6749, 2, "2.67");
	S_fixed(2.67499999, 2, "2.67");
	S_fixed(0.4999999, 0, "0");
}

static void test_fixed_negative(void **state)
{
	(void)state;
	S_fixed(-1.5, 0, "-2");
	S_fixed(-0.125, 2, "-0.13");
	S_fixed(-2.675, 2, "-2.68");
	S_fixed(-7, 2, "-7.00");
	S_fixed(-1.25, 1, "-1.3");
	/* rounds to zero: no sign */
	S_fixed(-0.001, 2, "0.00");
	S_fixed(-0.0, 2, "0.00");
	S_fixed(-1e-12, 2, "0.00");
	S_fixed(-0.005, 2, "-0.01");
}

static void test_fixed_special(void **state)
{
	(void)state;
	char out[SB_NUMFMT_MAX];
	assert_int_equal(sb_fmt_fixed(out, NAN, 2), 0);
	assert_int_equal(sb_fmt_fixed(out, INFINITY, 2), 0);
	assert_int_equal(sb_fmt_fixed(out, -INFINITY, 2), 0);
	/* decimals are clamped to 0..9 */
	S_fixed(1.23456789012, 12, "1.234567890");
	S_fixed(1.5, -1, "2");
	/* beyond 2^53 after scaling: still a number with the decimals asked for */
	S_fixed(1e20, 2, "100000000000000000000.00");
	S_fixed(-1e20, 0, "-100000000000000000000");
}

static void S_int(long long v, const char *expect)
{
	char out[SB_NUMFMT_MAX + 1];
	size_t n = sb_fmt_int(out, v);
	out[n] = '\0';
	assert_string_equal(out, expect);
}

static void test_int(void **state)
{
	(void)state;
	S_int(0, "0");
	S_int(7, "7");
	S_int(10, "10");
	S_int(99, "99");
	S_int(100, "100");
	S_int(-1, "-1");
	S_int(1234567, "1234567");
	S_int(LLONG_MAX, "9223372036854775807");
	S_int(LLONG_MIN, "-9223372036854775808");
	char out[SB_NUMFMT_MAX + 1];
	size_t n = sb_fmt_uint(out, ULLONG_MAX);
	out[n] = '\0';
	assert_string_equal(out, "18446744073709551615");
	/* every value up to 100000 against printf */
	for (long long v = -1000; v <= 100000; v++) {
		char ref[32];
		snprintf(ref, sizeof ref, "%lld", v);
		n = sb_fmt_int(out, v);
		out[n] = '\0';
		assert_string_equal(out, ref);
	}
}

static void test_fixed_against_exact(void **state)
{
	(void)state;
	/* every mean k/n of n answers (n = 1..48, 1..7 each) against exact rational rounding:
	 * round(k/n, 2) half away from zero = floor((200k + n) / (2n)) / 100 in integers */
	for (long n = 1; n <= 48; n++) {
		for (long k = n; k <= 7 * n; k++) {
			long m = (200 * k + n) / (2 * n);
			char ref[32];
			snprintf(ref, sizeof ref, "%ld.%02ld", m / 100, m % 100);
			S_fixed((double)k / (double)n, 2, ref);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_plain),
		cmocka_unit_test(test_fixed_halves),
		cmocka_unit_test(test_fixed_negative),
		cmocka_unit_test(test_fixed_special),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_fixed_against_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

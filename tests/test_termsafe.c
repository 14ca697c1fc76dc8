/* SPDX-License-Identifier: MIT */
/* test_termsafe.c — the one sanitizer for terminals and stderr, and the JSON rule for bidi
 * controls (base/termsafe.c). */
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/buf.h"
#include "base/termsafe.h"
#include "base/textwidth.h"

static void S_safe(const char *in, size_t n, unsigned flags, const char *want)
{
	sb_buf b = { 0 };
	sb_termsafe(&b, in, n, flags);
	assert_false(b.failed);
	assert_string_equal(b.data ? b.data : "", want);
	assert_int_equal(sb_termsafe_clean(in, n, flags), strcmp(in, want) == 0 && strlen(in) == n);
	sb_buf_free(&b);
}

static void test_controls(void **state)
{
	(void)state;
	S_safe("plain 中文 é", strlen("plain 中文 é"), 0, "plain 中文 é");
	S_safe("\x1b[2Jx\a", 6, 0, "\\x1B[2Jx\\x07");
	S_safe("\x1b]0;x\a", 6, 0, "\\x1B]0;x\\x07");
	S_safe("a\x7f" "b", 3, 0, "a\\x7Fb");
	S_safe("c1 \xc2\x9b" "31m", 8, 0, "c1 \\xC2\\x9B31m"); /* U+009B, the C1 CSI */
	S_safe("a\0b", 3, 0, "a\\x00b");
	/* newline, CR LF and tab only where the caller keeps layout */
	S_safe("a\nb\tc", 5, 0, "a\\x0Ab\\x09c");
	S_safe("a\nb\tc", 5, SB_TS_NEWLINE | SB_TS_TAB, "a\nb\tc");
	S_safe("a\r\nb\rc", 6, SB_TS_NEWLINE, "a\r\nb\\x0Dc");
	/* backslashes only on request (ids: an escaped form reads back unambiguously) */
	S_safe("a\\x1B", 5, 0, "a\\x1B");
	S_safe("a\\b", 3, SB_TS_BACKSLASH, "a\\x5Cb");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	S_safe("\xff", 1, 0, "\\xFF");
	S_safe("a\xc3(", 3, 0, "a\\xC3(");
	S_safe("\xc0\x80", 2, 0, "\\xC0\\x80");         /* overlong NUL */
	S_safe("\xed\xa0\x80", 3, 0, "\\xED\\xA0\\x80"); /* a surrogate */
	S_safe("\xe4\xb8", 2, 0, "\\xE4\\xB8");         /* cut short */
	S_safe("\xef\xbf\xbd", 3, 0, "\xef\xbf\xbd");   /* a real U+FFFD passes */
}

static void test_bidi_format(void **state)
{
	(void)state;
	S_safe("abc\xe2\x80\xae" "fdp.exe", 13, 0, "abc\\u{202E}fdp.exe"); /* RLO */
	S_safe("\xe2\x80\x8e\xe2\x80\x8f", 6, 0, "\\u{200E}\\u{200F}");
	S_safe("\xe2\x81\xa6x\xe2\x81\xa9", 7, 0, "\\u{2066}x\\u{2069}");
	S_safe("\xd8\x9c", 2, 0, "\\u{061C}");
	S_safe("\xe2\x80\x8b\xef\xbb\xbf", 6, 0, "\\u{200B}\\u{FEFF}");
	S_safe("\xe2\x80\xa8\xe2\x80\xa9", 6, SB_TS_NEWLINE, "\\u{2028}\\u{2029}");
	/* the joiners stay: Persian and emoji need them */
	S_safe("\xe2\x80\x8c\xe2\x80\x8d", 6, 0, "\xe2\x80\x8c\xe2\x80\x8d");
	static const uint32_t yes[] = { 0x061C, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A,
	                                0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2066, 0x2067,
	                                0x2068, 0x2069, 0x206F, 0xFEFF, 0xFFF9, 0xFFFB };
	static const uint32_t no[] = { 'a', 0x05D0, 0x0627, 0x200C, 0x200D, 0x2027, 0x202F,
	                               0x2070, 0x4E2D, 0xFFFD, 0xFFFC };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(sb_is_bidi_format(yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(sb_is_bidi_format(no[i]));
}

/* The text renderer's sanitiser (textwidth.c) takes the same characters out, as U+FFFD. */
static void test_text_sanitize(void **state)
{
	(void)state;
	sb_buf b = { 0 };
	const char *in = "a\xe2\x80\xae" "b\x1b" "c\xe2\x80\x8d";
	sb_text_sanitize(&b, in, strlen(in), false);
	assert_string_equal(b.data, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xe2\x80\x8d");
	sb_buf_free(&b);
}

static void test_fixed_buffer(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(sb_termsafe_str(out, sizeof out, "id\x1b[2J", 0, 0), 9);
	assert_string_equal(out, "id\\x1B[2J");
	/* at most max input bytes, then "..." */
	assert_int_equal(sb_termsafe_str(out, sizeof out, "abcdefgh", 4, 0), 7);
	assert_string_equal(out, "abcd...");
	/* a sequence is never cut: \x1B needs 4 bytes, only 3 are left after "ab" in 6 */
	sb_termsafe_str(out, 6, "ab\x1b", 0, 0);
	assert_string_equal(out, "ab");
	sb_termsafe_str(out, 8, "\xe2\x80\xae", 0, 0);
	assert_string_equal(out, "");
	/* with a length: NUL bytes inside are shown too */
	assert_int_equal(sb_termsafe_n(out, sizeof out, "a\0b", 3, 0, 0), 6);
	assert_string_equal(out, "a\\x00b");
	sb_termsafe_str(out, sizeof out, NULL, 0, 0);
	assert_string_equal(out, "");
	/* the shown form never holds a raw control, whatever the input */
	char in[256];
	for (int i = 0; i < 255; i++)
		in[i] = (char)(i + 1);
	in[255] = '\0';
	char big[2048];
	sb_termsafe_str(big, sizeof big, in, 0, 0);
	for (const unsigned char *p = (const unsigned char *)big; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
}

static void test_json(void **state)
{
	(void)state;
	const char *in = "{\"id\": \"a\x7f" "b\xc2\x85" "c\xe2\x80\xae" "d\xe2\x81\xa6" "e中\"}";
	sb_buf b = { 0 };
	sb_json_safe(&b, in, strlen(in));
	assert_string_equal(b.data, "{\"id\": \"a\\u007Fb\\u0085c\\u202Ed\\u2066e中\"}");
	sb_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bidi_format),
		cmocka_unit_test(test_text_sanitize),
		cmocka_unit_test(test_fixed_buffer),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

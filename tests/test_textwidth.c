/* SPDX-License-Identifier: MIT */
/* test_textwidth.c — UTF-8 decoding, display widths, CJK-aware wrapping, the terminal sanitiser. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "base/textwidth.h"

static void S_decode_one(const char *s, size_t n, uint32_t want_cp, size_t want_len)
{
	uint32_t cp = 0;
	size_t len = sb_utf8_decode(s, n, &cp);
	assert_int_equal(cp, want_cp);
	assert_int_equal(len, want_len);
}

static void test_decode(void **state)
{
	(void)state;
	S_decode_one("A", 1, 0x41, 1);
	S_decode_one("\xC3\xA9", 2, 0xE9, 2);
	S_decode_one("\xE4\xB8\xAD", 3, 0x4E2D, 3);
	S_decode_one("\xF0\x9F\x98\x80", 4, 0x1F600, 4);
	S_decode_one("\xFF", 1, SB_REPLACEMENT, 1);             /* never valid */
	S_decode_one("\x80", 1, SB_REPLACEMENT, 1);             /* stray continuation */
	S_decode_one("\xC0\x80", 2, SB_REPLACEMENT, 1);         /* overlong NUL */
	S_decode_one("\xE0\x80\xAF", 3, SB_REPLACEMENT, 1);     /* overlong '/' */
	S_decode_one("\xE4\xB8", 2, SB_REPLACEMENT, 1);         /* truncated */
	S_decode_one("\xE4\x41\xAD", 3, SB_REPLACEMENT, 1);     /* bad continuation */
	S_decode_one("\xED\xA0\x80", 3, SB_REPLACEMENT, 1);     /* surrogate */
	S_decode_one("\xF4\x90\x80\x80", 4, SB_REPLACEMENT, 1); /* past U+10FFFF */

	/* encoding round trip */
	sb_buf b = { 0 };
	uint32_t cps[] = { 0x41, 0xE9, 0x4E2D, 0xFFFD, 0x1F600 };
	for (size_t i = 0; i < 5; i++)
		sb_utf8_put(&b, cps[i]);
	assert_string_equal(b.data, "A\xC3\xA9\xE4\xB8\xAD\xEF\xBF\xBD\xF0\x9F\x98\x80");
	sb_buf_free(&b);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(sb_str_width("abc"), 3);
	assert_int_equal(sb_str_width("中文"), 4);
	assert_int_equal(sb_str_width("，。？！"), 8);
	assert_int_equal(sb_str_width("AB中"), 4);
	assert_int_equal(sb_str_width("e\xCC\x81"), 1);          /* e + combining acute */
	assert_int_equal(sb_str_width("\xE2\x80\x8B"), 0);       /* zero width space */
	assert_int_equal(sb_str_width("\xFF\xFE"), 2);           /* two U+FFFD */
	assert_int_equal(sb_str_width("\x1B[31m"), 5);           /* ESC shows as one placeholder */
	assert_int_equal(sb_str_width("\xE2\x96\x88\xE2\x96\x91"), 2); /* block characters */
	assert_int_equal(sb_str_width(NULL), 0);
	assert_int_equal(sb_text_width("中文", 3), 2); /* a byte count, not a NUL */

	/* A locale that knows no CJK still gives CJK two columns and marks none. */
	char *saved = strdup(setlocale(LC_CTYPE, NULL));
	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_int_equal(sb_str_width("中文，"), 6);
	assert_int_equal(sb_str_width("e\xCC\x81"), 1);
	assert_int_equal(sb_str_width("abc"), 3);
	setlocale(LC_CTYPE, saved);
	free(saved);
}

/* Wraps s to width and compares the lines with want (NULL-terminated). */
static void S_wrap_is(const char *s, size_t width, const char *const *want)
{
	sb_spans sp = { 0 };
	assert_int_equal(sb_wrap(s, strlen(s), width, &sp), 0);
	size_t n = 0;
	while (want[n])
		n++;
	for (size_t i = 0; i < sp.n && i < n; i++) {
		char line[256];
		assert_true(sp.v[i].len < sizeof line);
		memcpy(line, s + sp.v[i].off, sp.v[i].len);
		line[sp.v[i].len] = '\0';
		assert_string_equal(line, want[i]);
		assert_int_equal(sp.v[i].width, sb_str_width(want[i]));
		assert_true(sp.v[i].width <= (width < 2 ? 2 : width)); /* one CJK character may not fit */
	}
	assert_int_equal(sp.n, n);
	sb_spans_free(&sp);
}

static void test_wrap_latin(void **state)
{
	(void)state;
	S_wrap_is("The quick brown fox jumps over the lazy dog", 10,
	          (const char *[]){ "The quick", "brown fox", "jumps over", "the lazy", "dog", NULL });
	/* a word exactly as wide as the line, and spaces at a break dropped */
	S_wrap_is("abcd  efgh ij", 4, (const char *[]){ "abcd", "efgh", "ij", NULL });
	/* a word wider than the line is cut */
	S_wrap_is("abcdefghij", 4, (const char *[]){ "abcd", "efgh", "ij", NULL });
	/* a break after a dash, not inside "1-7" */
	S_wrap_is("Anxious\xE2\x80\x93preoccupied leaning", 12,
	          (const char *[]){ "Anxious\xE2\x80\x93", "preoccupied", "leaning", NULL });
	S_wrap_is("self-worth 1-7", 6, (const char *[]){ "self-", "worth", "1-7", NULL });
	/* newlines end lines; a blank line stays */
	S_wrap_is("a\n\nb", 10, (const char *[]){ "a", "", "b", NULL });
	S_wrap_is("  lead spaces go  ", 40, (const char *[]){ "lead spaces go", NULL });
	S_wrap_is("", 10, (const char *[]){ NULL });
	/* a zero width still moves forward */
	S_wrap_is("ab", 0, (const char *[]){ "a", "b", NULL });
	/* closing punctuation stays with its word */
	S_wrap_is("one two, three", 7, (const char *[]){ "one", "two,", "three", NULL });
}

static void test_wrap_cjk(void **state)
{
	(void)state;
	S_wrap_is("我们在一起的时候，你会不会觉得很安心。", 10,
	          (const char *[]){ "我们在一起", "的时候，你", "会不会觉得", "很安心。", NULL });
	/* "，" may not start a line: the character before it moves down with it */
	S_wrap_is("我们在一起，好吗？", 10, (const char *[]){ "我们在一", "起，好吗？", NULL });
	S_wrap_is("真的。”他说", 6, (const char *[]){ "真", "的。”", "他说", NULL });
	/* "「" may not end a line, "」" may not start one */
	S_wrap_is("他说「你好」再见", 6, (const char *[]){ "他说", "「你", "好」再", "见", NULL });
	/* mixed scripts: a break at the space or between CJK and Latin */
	S_wrap_is("I feel 安心 today", 8, (const char *[]){ "I feel", "安心", "today", NULL });
	S_wrap_is("用Unicode字符画图", 8, (const char *[]){ "用", "Unicode", "字符画图", NULL });
	/* a CJK character wider than the whole line still goes out, one per line */
	S_wrap_is("中文", 1, (const char *[]){ "中", "文", NULL });
	/* an ideographic space is a break and is dropped at one */
	S_wrap_is("第一段\xE3\x80\x80第二段", 6,
	          (const char *[]){ "第一段", "第二段", NULL });
}

static void test_wrap_alloc_failure(void **state)
{
	(void)state;
	sb_spans sp = { 0 };
	const char *s = "one two three four five six seven eight nine ten eleven";
	sb_alloc_fail_after(1);
	int rc = sb_wrap(s, strlen(s), 5, &sp);
	sb_alloc_fail_after(0);
	assert_int_equal(rc, -1);
	sb_spans_free(&sp);
	/* the first allocation holds eight lines; the ninth needs the second */
	sb_alloc_fail_after(2);
	rc = sb_wrap(s, strlen(s), 5, &sp);
	sb_alloc_fail_after(0);
	assert_int_equal(rc, -1);
	assert_int_equal(sp.n, 8);
	sb_spans_free(&sp);
}

static void test_sanitize(void **state)
{
	(void)state;
	const char *in = "a\x1B[31mb\tc\nd\x7F\xC2\x9B\xFF\r\x07\xE4\xB8\xAD";
	sb_buf b = { 0 };
	sb_text_sanitize(&b, in, strlen(in), true);
	assert_string_equal(b.data, "a\xEF\xBF\xBD[31mb c\nd\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	                            "\xEF\xBF\xBD\xEF\xBF\xBD\xE4\xB8\xAD");
	sb_buf_reset(&b);
	sb_text_sanitize(&b, in, strlen(in), false);
	assert_non_null(strstr(b.data, "b c d"));
	for (size_t i = 0; i < b.len; i++) {
		unsigned char ch = (unsigned char)b.data[i];
		assert_true(ch >= 0x20 && ch != 0x7F);
	}
	/* a valid U+FFFD and ordinary text pass unchanged */
	sb_buf_reset(&b);
	sb_text_sanitize(&b, "ok \xEF\xBF\xBD 中文", strlen("ok \xEF\xBF\xBD 中文"), true);
	assert_string_equal(b.data, "ok \xEF\xBF\xBD 中文");
	sb_buf_free(&b);
}

static void test_padding(void **state)
{
	(void)state;
	sb_buf b = { 0 };
	sb_put_padded(&b, "中", 3, 5, 'r');
	sb_buf_putc(&b, '|');
	sb_put_padded(&b, "中", 3, 5, 'c');
	sb_buf_putc(&b, '|');
	sb_put_padded(&b, "ab", 2, 5, 'l');
	sb_buf_putc(&b, '|');
	sb_put_padded(&b, "toolong", 7, 3, 'l');
	assert_string_equal(b.data, "   中| 中  |ab   |toolong");
	sb_buf_reset(&b);
	sb_put_repeat(&b, "\xE2\x94\x80", 3);
	assert_string_equal(b.data, "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80");
	sb_buf_free(&b);
}

int main(void)
{
	setlocale(LC_CTYPE, "");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_wrap_latin),
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_wrap_alloc_failure),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_padding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

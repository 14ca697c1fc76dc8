/* SPDX-License-Identifier: MIT */
/* test_cov_base.c — the base layer's edges in process: language names as the environment
 * spells them, allocations of zero bytes and of sizes that overflow, allocations apart and
 * arenas, temporary files, a buffer that cannot grow or format (and stays failed), Markdown escaping of control
 * characters, tabs and invalid UTF-8. */
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "support.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "base/lang.h"
#include "base/termsafe.h"
#include "base/tmpfile.h"
#include "base/textwidth.h"
#include "render/escape_md.h"

static void test_lang_names(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int ok;
		sb_lang l;
	} cases[] = {
		{ "zh", 1, SB_LANG_ZH },       { "zh_CN", 1, SB_LANG_ZH }, { "zh-TW", 1, SB_LANG_ZH },
		{ "zh.UTF-8", 1, SB_LANG_ZH }, { "en", 1, SB_LANG_EN },    { "en_US", 1, SB_LANG_EN },
		{ "en-GB", 1, SB_LANG_EN },    { "en.UTF-8", 1, SB_LANG_EN }, { "zhx", 0, 0 },
		{ "eng", 0, 0 },               { "e", 0, 0 },              { "", 0, 0 },
		{ "de_DE", 0, 0 },             { "EN", 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sb_lang l = (sb_lang)-1;
		int rc = sb_lang_parse(cases[i].s, &l);
		if (rc != (cases[i].ok ? 0 : -1) || (cases[i].ok && l != cases[i].l))
			fail_msg("'%s': %d, %d", cases[i].s, rc, (int)l);
	}
	sb_lang l = SB_LANG_ZH;
	assert_int_equal(sb_lang_parse(NULL, &l), -1);
	assert_int_equal(l, SB_LANG_ZH);
}

/* Zero bytes is still a pointer to free; a size that overflows is refused, the old block kept. */
static void test_alloc_edges(void **state)
{
	(void)state;
	void *a = sb_malloc(0), *b = sb_calloc(0, 0), *c = sb_realloc(NULL, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	sb_free(a), sb_free(b), sb_free(c);
	assert_null(sb_strdup(NULL));
	int *p = NULL;
	size_t cap = 0;
	assert_int_equal(sb_grow(&p, &cap, 3, sizeof *p), 0);
	assert_int_equal(cap, 8);
	p[7] = 7;
	assert_int_equal(sb_grow(&p, &cap, SIZE_MAX / 2 + 2, sizeof *p), -1);
	assert_int_equal(sb_grow(&p, &cap, SIZE_MAX / 4, 16), -1);
	assert_int_equal(cap, 8);
	assert_int_equal(p[7], 7);
	sb_free(p);
}

/* An allocation apart: aligned to SB_APART, zeroed, and no SB_APART-byte block that holds its
 * bytes holds a byte of the allocations made around it; sizes that overflow and injected
 * failures give NULL. */
static void test_alloc_apart(void **state)
{
	(void)state;
	static const size_t sizes[] = { 0, 1, 7, 127, 128, 129, 1000 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t n = sizes[i], m = n ? n : 1;
		char *before = sb_malloc(8);
		unsigned char *p = sb_calloc_apart(n, 1);
		char *after = sb_malloc(8);
		assert_non_null(before);
		assert_non_null(p);
		assert_non_null(after);
		assert_int_equal((uintptr_t)p % SB_APART, 0);
		for (size_t j = 0; j < m; j++)
			assert_int_equal(p[j], 0);
		memset(p, 0xa5, m); /* every byte is ours (ASan would say otherwise) */
		uintptr_t lo = (uintptr_t)p, hi = ((uintptr_t)p + m + SB_APART - 1) / SB_APART * SB_APART;
		const char *other[] = { before, after };
		for (size_t k = 0; k < 2; k++) {
			uintptr_t o = (uintptr_t)other[k];
			if (o + 8 > lo && o < hi)
				fail_msg("size %zu: a neighbour shares the blocks %#lx..%#lx", n,
				         (unsigned long)lo, (unsigned long)hi);
		}
		sb_free(before);
		sb_free(after);
		sb_free_apart(p);
	}
	sb_free_apart(NULL);
	assert_null(sb_calloc_apart(SIZE_MAX / 2, 4));
	assert_null(sb_calloc_apart(1, SIZE_MAX - 10));
	sb_alloc_fail_after(1);
	assert_null(sb_calloc_apart(1, 16));
	sb_alloc_fail_after(0);
}

/* An arena laid out twice, counting and then carving, gives the same offsets, each aligned. */
static void test_arena(void **state)
{
	(void)state;
	sb_arena ar = { 0 };
	assert_null(sb_carve(&ar, 3, 1, 1));
	assert_null(sb_carve(&ar, 2, sizeof(double), _Alignof(double)));
	assert_null(sb_carve(&ar, 5, 2, 16));
	assert_int_equal(ar.size, 32 + 10); /* 3 bytes, 2 doubles from 8, 5 shorts from 32 */
	ar.base = sb_calloc_apart(1, ar.size);
	assert_non_null(ar.base);
	ar.size = 0;
	char *a = sb_carve(&ar, 3, 1, 1);
	double *d = sb_carve(&ar, 2, sizeof(double), _Alignof(double));
	short *h = sb_carve(&ar, 5, 2, 16);
	assert_ptr_equal(a, ar.base);
	assert_ptr_equal(d, ar.base + 8);
	assert_ptr_equal(h, ar.base + 32);
	assert_int_equal(ar.size, 42);
	d[1] = 1.5;
	h[4] = 7;
	sb_free_apart(ar.base);
}

/* The temporary files' directory is $TMPDIR, or /tmp when it is unset or empty; a file made
 * there is open for reading and writing and already gone from the directory; a directory that
 * does not exist gives -1 and ENOENT. */
static void test_tmpfile(void **state)
{
	(void)state;
	const char *was = getenv("TMPDIR");
	char *saved = was ? strdup(was) : NULL;
	char dir[] = "/tmp/sb-tmpfile-XXXXXX";
	assert_non_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	assert_string_equal(sb_tmp_dir(), dir);
	int fd = sb_tmp_open("securebase-test");
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	char back[4] = { 0 };
	assert_int_equal(pread(fd, back, 3, 0), 3);
	assert_string_equal(back, "abc");
	assert_int_equal(rmdir(dir), 0); /* empty: the file was unlinked */
	close(fd);
	errno = 0;
	assert_int_equal(sb_tmp_open("securebase-test"), -1); /* the directory is gone now */
	assert_int_equal(errno, ENOENT);
	setenv("TMPDIR", "", 1);
	assert_string_equal(sb_tmp_dir(), "/tmp");
	unsetenv("TMPDIR");
	assert_string_equal(sb_tmp_dir(), "/tmp");
	if (saved)
		setenv("TMPDIR", saved, 1);
	free(saved);
}

/* A reservation past SIZE_MAX, or a format the C library refuses, fails the buffer once and for
 * all: later writes add nothing and sb_buf_fmt gives "". */
static void test_buf_failures(void **state)
{
	(void)state;
	sb_buf b = { 0 };
	sb_buf_puts(&b, "ok");
	assert_null(sb_buf_reserve(&b, SIZE_MAX - 1));
	assert_true(b.failed);
	sb_buf_puts(&b, "more");
	assert_int_equal(b.len, 2);
	assert_string_equal(sb_buf_fmt(&b, "%d", 5), "");
	sb_buf_free(&b);
	sb_buf_free(NULL);
	/* a wide character that the "C" locale cannot write: vsnprintf fails */
	const char *was = setlocale(LC_CTYPE, NULL);
	char *keep = strdup(was ? was : "C");
	setlocale(LC_CTYPE, "C");
	sb_buf w = { 0 };
	sb_buf_printf(&w, "%ls", L"\x4E2D");
	assert_true(w.failed);
	assert_string_equal(sb_buf_fmt(&w, "x"), "");
	sb_buf_free(&w);
	setlocale(LC_CTYPE, keep);
	free(keep);
	/* a fresh buffer formats to "" when the text is empty */
	sb_buf e = { 0 };
	assert_string_equal(sb_buf_fmt(&e, "%s", ""), "");
	sb_buf_free(&e);
}

static void S_md_is(const char *in, size_t n, bool keep, const char *want)
{
	sb_buf b = { 0 };
	sb_md_escape(&b, in, n, keep, false, "> ");
	if (strcmp(b.data ? b.data : "", want) != 0)
		fail_msg("'%s' gave '%s', wanted '%s'", in, b.data ? b.data : "", want);
	sb_buf_free(&b);
}

#define R "\xEF\xBF\xBD"

/* Control characters and invalid bytes become U+FFFD, a tab inside a line a space; spaces and
 * tabs at the ends of each line go; a kept newline is followed by cont. */
static void test_md_escape_edges(void **state)
{
	(void)state;
	S_md_is("a\x01" "b\x7f" "c", 5, false, "a" R "b" R "c");
	S_md_is("a\tb", 3, false, "a b");
	S_md_is("\t a \t\n\t b\t ", 11, true, "a\n> b");
	S_md_is("\t a \t\n\t b\t ", 11, false, "a b");
	S_md_is("x\xFFy\xC3", 4, false, "x" R "y" R);
	S_md_is(" \n \n", 4, false, "");
	S_md_is("1. a\n- b", 8, true, "1\\. a\n> \\- b");
}

/* The lines sb_wrap makes of s at width w, joined with '|'. */
static char *S_wrapped(const char *s, size_t w)
{
	sb_spans sp = { 0 };
	assert_int_equal(sb_wrap(s, strlen(s), w, &sp), 0);
	sb_buf b = { 0 };
	for (size_t i = 0; i < sp.n; i++)
		sb_buf_printf(&b, "%s%.*s", i ? "|" : "", (int)sp.v[i].len, s + sp.v[i].off);
	sb_spans_free(&sp);
	return b.data ? b.data : strdup("");
}

static void S_wrap_is(const char *s, size_t w, const char *want)
{
	char *got = S_wrapped(s, w);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' at %zu: '%s', wanted '%s'", s, w, got, want);
	free(got);
}

/* Breaks after a hyphen before a letter of either case (not before a digit), after an en or em
 * dash; ideographic spaces at a line's end go; blank lines between paragraphs stay; spaces
 * alone make no line; memory running out at each line fails the wrap. */
static void test_wrap_edges(void **state)
{
	(void)state;
	S_wrap_is("abc-def", 5, "abc-|def");
	S_wrap_is("abc-Def", 5, "abc-|Def");
	S_wrap_is("abc-123", 5, "abc-1|23");
	S_wrap_is("ab\xE2\x80\x93" "cd", 3, "ab\xE2\x80\x93|cd");
	S_wrap_is("ab\xE2\x80\x94" "Cd", 3, "ab\xE2\x80\x94|Cd");
	S_wrap_is("\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x80\xE3\x80\x80\xE4\xB8\xAD", 5,
	          "\xE4\xB8\xAD\xE6\x96\x87|\xE4\xB8\xAD");
	S_wrap_is("a\n\n\nb", 10, "a|||b");
	S_wrap_is("   ", 10, "");
	sb_spans_free(NULL);
	const char *text = "one two\n\nthree four five";
	for (unsigned long k = 1;; k++) {
		sb_spans sp = { 0 };
		sb_alloc_fail_after(k);
		int rc = sb_wrap(text, strlen(text), 6, &sp);
		sb_alloc_fail_after(0);
		sb_spans_free(&sp);
		if (rc == 0)
			break;
		assert_int_equal(rc, -1);
		assert_true(k < 10);
	}
}

/* Into a fixed buffer: nothing at all into size 0; a cut at max shows "..." only when it fits;
 * a CR is kept only before an LF when newlines are. */
static void test_termsafe_edges(void **state)
{
	(void)state;
	char out[16] = "unchanged";
	assert_int_equal(sb_termsafe_str(out, 0, "abc", 0, 0), 0);
	assert_string_equal(out, "unchanged");
	assert_int_equal(sb_termsafe_str(out, 4, "abcdef", 2, 0), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(sb_termsafe_str(out, 6, "abcdef", 2, 0), 5);
	assert_string_equal(out, "ab...");
	sb_buf b = { 0 };
	sb_termsafe(&b, "a\r\nb\rc\r", 7, SB_TS_NEWLINE);
	assert_string_equal(b.data, "a\r\nb\\x0Dc\\x0D");
	sb_buf_free(&b);
	assert_false(sb_termsafe_clean("a\rb", 3, SB_TS_NEWLINE));
	assert_true(sb_termsafe_clean("a\r\nb", 4, SB_TS_NEWLINE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_names),
		cmocka_unit_test(test_alloc_edges),
		cmocka_unit_test(test_alloc_apart),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_tmpfile),
		cmocka_unit_test(test_buf_failures),
		cmocka_unit_test(test_md_escape_edges),
		cmocka_unit_test(test_wrap_edges),
		cmocka_unit_test(test_termsafe_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

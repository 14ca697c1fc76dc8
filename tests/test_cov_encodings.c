/* SPDX-License-Identifier: MIT */
/* test_cov_encodings.c — the answers reader's encodings (src/data/transcode.c) on the paths the
 * import tests leave out: an encoding iconv does not know (64), UTF-8 named explicitly (the same
 * scores as without), UTF-16 whose very first character is broken (65 at line 1, nothing
 * written), UTF-16 broken after good rows (65 at its line, no output file at all), and UTF-16
 * with CR-only line ends (the same scores as the UTF-8 file). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

#include "base/buf.h"

static char *S_dir, *S_plain, *S_text;
static size_t S_text_len;

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	if (r.status != 0)
		return -1;
	sb_buf b = { 0 };
	sb_buf_puts(&b, r.out);
	size_t items = 0;
	for (const char *p = r.out; *p; p++)
		items += *p == ',';
	for (int row = 0; row < 2; row++) {
		sb_buf_printf(&b, "p%d", row);
		for (size_t i = 0; i < items; i++)
			sb_buf_printf(&b, ",%d", sb_fit_answer(i, 1 + (int)((i + (size_t)row) % 3)));
		sb_buf_putc(&b, '\n');
	}
	sb_run_free(&r);
	S_plain = sb_join(S_dir, "plain.csv");
	sb_write_file(S_plain, b.data, b.len);
	S_text_len = b.len;
	S_text = sb_buf_detach(&b, NULL);
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	free(S_plain);
	free(S_text);
	return 0;
}

/* ASCII text as UTF-16LE with a byte-order mark, CR line ends when cr; then tail. */
static char *S_utf16(const char *name, const char *text, size_t len, bool cr, const char *tail,
                     size_t tail_len)
{
	sb_buf b = { 0 };
	sb_buf_put(&b, "\xff\xfe", 2);
	for (size_t i = 0; i < len; i++) {
		char c = cr && text[i] == '\n' ? '\r' : text[i];
		sb_buf_putc(&b, c);
		sb_buf_putc(&b, '\0');
	}
	sb_buf_put(&b, tail, tail_len);
	char *path = sb_join(S_dir, name);
	sb_write_file(path, b.data, b.len);
	sb_buf_free(&b);
	return path;
}

static sb_run_result S_score(const char *in, const char *enc, const char *out)
{
	const char *argv[8] = { "securebase", "score", in };
	int n = 3;
	if (enc) {
		argv[n++] = "--encoding";
		argv[n++] = enc;
	}
	if (out) {
		argv[n++] = "-o";
		argv[n++] = out;
	}
	argv[n] = NULL;
	return sb_run(argv, NULL, 0, NULL, NULL);
}

static void test_encodings(void **state)
{
	(void)state;
	sb_run_result want = S_score(S_plain, NULL, NULL);
	assert_int_equal(want.status, 0);
	char err[800];

	sb_run_result r = S_score(S_plain, "nope", NULL);
	assert_int_equal(r.status, 64);
	snprintf(err, sizeof err,
	         "securebase: %s: unknown encoding 'nope' (for the names iconv knows, run 'iconv -l')\n",
	         S_plain);
	assert_string_equal(r.err, err);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);

	r = S_score(S_plain, "UTF8", NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, want.out_len);
	assert_memory_equal(r.out, want.out, want.out_len);
	sb_run_free(&r);

	/* a lone low surrogate as the first character */
	char *first = S_utf16("first.csv", "", 0, false, "\x00\xdc", 2);
	r = S_score(first, NULL, NULL);
	assert_int_equal(r.status, 65);
	snprintf(err, sizeof err, "securebase: %s:1: not valid UTF-16LE text\n", first);
	assert_string_equal(r.err, err);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);

	/* CR-only line ends in UTF-16 */
	char *cr = S_utf16("cr.csv", S_text, S_text_len, true, "", 0);
	r = S_score(cr, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, want.out_len);
	assert_memory_equal(r.out, want.out, want.out_len);
	assert_true(sb_contains(r.err, "encoding UTF-16LE, CR line ends,"));
	sb_run_free(&r);

	/* broken after the good rows: an error at its line, and no output file */
	char *late = S_utf16("late.csv", S_text, S_text_len, false, "\x00\xdcp\x00", 4);
	char *out = sb_join(S_dir, "out.csv");
	r = S_score(late, NULL, out);
	assert_int_equal(r.status, 65);
	snprintf(err, sizeof err,
	         "securebase: %s:4: not valid UTF-16LE text (the file's encoding is another: see "
	         "--encoding)\n", late);
	assert_true(sb_contains(r.err, err));
	size_t len;
	assert_null(sb_read_file(out, &len));
	sb_run_free(&r);

	sb_run_free(&want);
	free(first);
	free(cr);
	free(late);
	free(out);
}

/* text as UTF-16 (big-endian when be) with a byte-order mark or without; its path. */
static char *S_utf16x(const char *name, bool be, bool bom)
{
	sb_buf b = { 0 };
	if (bom)
		sb_buf_put(&b, be ? "\xfe\xff" : "\xff\xfe", 2);
	for (size_t i = 0; i < S_text_len; i++) {
		if (be)
			sb_buf_putc(&b, '\0');
		sb_buf_putc(&b, S_text[i]);
		if (!be)
			sb_buf_putc(&b, '\0');
	}
	char *path = sb_join(S_dir, name);
	sb_write_file(path, b.data, b.len);
	sb_buf_free(&b);
	return path;
}

/* The same rows read the same: UTF-16BE by its mark, UTF-8 with a mark (skipped quietly),
 * UTF-16LE without one when --encoding names it (in any case; shown in capitals), UTF-16 from a
 * pipe; an encoding name too long to be UTF-8's goes to iconv, which does not know it. */
static void test_marks_and_names(void **state)
{
	(void)state;
	sb_run_result want = S_score(S_plain, NULL, NULL);
	assert_int_equal(want.status, 0);
	char *be = S_utf16x("be.csv", true, true);
	char *le = S_utf16x("le.csv", false, false);
	char *bom8 = sb_join(S_dir, "bom8.csv");
	char *t = malloc(S_text_len + 3);
	memcpy(t, "\xEF\xBB\xBF", 3);
	memcpy(t + 3, S_text, S_text_len);
	sb_write_file(bom8, t, S_text_len + 3);
	free(t);
	static const struct {
		int file;
		const char *enc, *says;
	} cases[] = { { 0, NULL, "encoding UTF-16BE," }, { 1, "utf-16le", "encoding UTF-16LE," },
		      { 2, NULL, "2 rows read, 2 scored" } };
	const char *files[] = { be, le, bom8 };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sb_run_result r = S_score(files[cases[i].file], cases[i].enc, NULL);
		if (r.status != 0 || r.out_len != want.out_len ||
		    memcmp(r.out, want.out, want.out_len) != 0 || !sb_contains(r.err, cases[i].says))
			fail_msg("case %zu: exit %d, %s", i, r.status, r.err);
		sb_run_free(&r);
	}
	/* from a pipe */
	size_t len = 0;
	char *data = sb_read_file(be, &len);
	const char *argv[] = { "securebase", "score", "-", NULL };
	sb_run_result r = sb_run(argv, data, len, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, want.out_len);
	assert_memory_equal(r.out, want.out, want.out_len);
	sb_run_free(&r);
	free(data);
	r = S_score(S_plain, "utf-8-but-much-longer", NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "unknown encoding 'utf-8-but-much-longer'"));
	sb_run_free(&r);
	sb_run_free(&want);
	free(be), free(le), free(bom8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_marks_and_names),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

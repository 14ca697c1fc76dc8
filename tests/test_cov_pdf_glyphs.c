/* SPDX-License-Identifier: MIT */
/* test_cov_pdf_glyphs.c — the CFF reading of src/render/pdf/pdf_glyphs.c in process, on the
 * installed Noto Sans CJK font: the glyph of 如, which cairo 1.16 would subset without a
 * subroutine it needs, is found at risk and a Latin letter is not; every truncation of the
 * font's first 4 KiB and every byte of it set to 0x00 and 0xFF is either refused or read within
 * its bounds (AddressSanitizer checks); and charstrings cut short, calling subroutines that do
 * not exist, nesting too deep or overflowing the stack are handled by both walks. Skipped (77)
 * without the font or without PDF output. The file is compiled into this test (its functions
 * are static); the library's copy is not linked in, this one serves instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#ifdef SB_WITH_PDF
#include <hb.h>

#include "render/pdf/pdf_glyphs.c"

#define S_FONT "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

static hb_blob_t *S_file, *S_cff;
static hb_face_t *S_hbface;
static hb_font_t *S_hbfont;
static uint8_t *S_copy; /* a writable copy of the CFF table */
static unsigned S_n;

static int S_setup(void **state)
{
	(void)state;
	FILE *f = fopen(S_FONT, "rb");
	if (!f)
		return 0;
	fclose(f);
	S_file = hb_blob_create_from_file(S_FONT);
	S_hbface = hb_face_create(S_file, 2); /* Noto Sans CJK SC */
	S_hbfont = hb_font_create(S_hbface);
	S_cff = hb_face_reference_table(S_hbface, HB_TAG('C', 'F', 'F', ' '));
	const char *d = hb_blob_get_data(S_cff, &S_n);
	if (S_n) {
		S_copy = malloc(S_n);
		memcpy(S_copy, d, S_n);
	}
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	free(S_copy);
	hb_blob_destroy(S_cff);
	hb_font_destroy(S_hbfont);
	hb_face_destroy(S_hbface);
	hb_blob_destroy(S_file);
	return 0;
}

static void S_need_font(void)
{
	if (!S_copy) {
		print_message("skipped: no CFF font at %s\n", S_FONT);
		skip();
	}
}

static uint32_t S_glyph(hb_codepoint_t cp)
{
	hb_codepoint_t g = 0;
	assert_true(hb_font_get_nominal_glyph(S_hbfont, cp, &g));
	return g;
}

static void test_the_known_glyphs(void **state)
{
	(void)state;
	S_need_font();
	struct sb_pdf_face f = { .d = S_copy, .n = S_n };
	assert_int_equal(S_parse(&f), 1);
	assert_true(f.cid);
	assert_true(f.n_fd > 1);
	assert_true(f.charstrings.count > 60000);
	assert_true(S_at_risk(&f, S_glyph(0x5982)));  /* 如: the reason this file exists */
	assert_false(S_at_risk(&f, S_glyph('A')));
	assert_false(S_at_risk(&f, S_glyph(0x4E00)));  /* 一 */
	/* glyph numbers past the last, and a font dict past the last, are not read */
	assert_false(S_at_risk(&f, f.charstrings.count));
	size_t n_fd = f.n_fd;
	f.n_fd = 0;
	assert_false(S_at_risk(&f, S_glyph(0x5982)));
	f.n_fd = n_fd;
	sb_free(f.lsubrs);
}

/* Reads the (damaged) table of n bytes at d: refused, or read and five glyphs walked. */
static void S_read(const uint8_t *d, size_t n)
{
	struct sb_pdf_face f = { .d = d, .n = n };
	int r = S_parse(&f);
	assert_true(r == 0 || r == 1);
	if (r == 1)
		for (uint32_t g = 0; g < f.charstrings.count && g < 5000; g += 997)
			(void)S_at_risk(&f, g);
	sb_free(f.lsubrs);
}

static void test_damaged_tables(void **state)
{
	(void)state;
	S_need_font();
	/* cut short, each in a buffer of its own size */
	for (size_t n = 0; n < 4096 && n < S_n; n++) {
		uint8_t *t = malloc(n ? n : 1);
		memcpy(t, S_copy, n);
		S_read(t, n);
		free(t);
	}
	/* each of the first 4 KiB set to 0x00 and to 0xFF */
	for (size_t i = 0; i < 4096 && i < S_n; i++)
		for (int v = 0; v < 2; v++) {
			uint8_t keep = S_copy[i];
			S_copy[i] = v ? 0xFF : 0x00;
			S_read(S_copy, S_n);
			S_copy[i] = keep;
		}
}

/* Both walks over made-up charstrings, with the font's subroutines. */
static void S_walks(struct sb_pdf_face *f, const uint8_t *cs, size_t len, int want_true,
                    int want_cairo, bool broken)
{
	const S_index *local = f->lsubrs[0].count ? &f->lsubrs[0] : NULL;
	S_walk ours = { .f = f, .local = local, .local_bias = local ? S_bias(local->count) : 0,
		        .global_bias = S_bias(f->gsubrs.count), .find_width = true };
	S_walk theirs = ours;
	int t = S_true(&ours, cs, len, 0), c = S_cairo(&theirs, cs, len);
	if (t != want_true || c != want_cairo || (ours.broken || theirs.broken) != broken)
		fail_msg("len %zu: true %d cairo %d broken %d", len, t, c, ours.broken || theirs.broken);
}

static void test_charstrings(void **state)
{
	(void)state;
	S_need_font();
	struct sb_pdf_face f = { .d = S_copy, .n = S_n };
	assert_int_equal(S_parse(&f), 1);
	/* numbers of every length, then endchar: a glyph without a path and with more than three
	 * numbers is a seac accent to cairo, which then gives up on subroutines */
	S_walks(&f, (const uint8_t[]){ 139, 247, 0, 251, 0, 28, 1, 0, 255, 0, 1, 0, 0, 14 }, 14, 1, 1,
	        false);
	/* cut short in a 2-, 3- and 5-byte number */
	S_walks(&f, (const uint8_t[]){ 247 }, 1, -1, 0, false);
	S_walks(&f, (const uint8_t[]){ 28, 1 }, 2, -1, 0, false);
	S_walks(&f, (const uint8_t[]){ 255, 0, 0 }, 3, -1, 0, false);
	/* a call with nothing on the stack; a global subroutine that does not exist */
	S_walks(&f, (const uint8_t[]){ 29 }, 1, -1, 1, false);
	S_walks(&f, (const uint8_t[]){ 28, 0x7F, 0xFF, 29 }, 4, -1, 1, false);
	/* -32768: cairo reads a 28 number as unsigned (past the end: it gives up), but a 255 one
	 * signed, and would index before the table (broken) */
	S_walks(&f, (const uint8_t[]){ 28, 0x80, 0x00, 29 }, 4, -1, 1, false);
	S_walks(&f, (const uint8_t[]){ 255, 0x80, 0x00, 0, 0, 29 }, 6, -1, 1, true);
	/* 49 numbers overflow the stack of 48 */
	uint8_t many[50];
	memset(many, 139, 49);
	many[49] = 14;
	S_walks(&f, many, 50, -1, 1, false);
	/* hints, a hintmask with its bytes, an escape, a path, return */
	S_walks(&f, (const uint8_t[]){ 139, 139, 1, 139, 139, 18, 19, 0xFF, 12, 3, 139, 4, 11 }, 13, 0,
	        0, false);
	/* endchar right after a width and four numbers (seac): cairo gives up on subroutines */
	S_walks(&f, (const uint8_t[]){ 139, 139, 139, 139, 139, 14 }, 6, 1, 1, false);
	sb_free(f.lsubrs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_known_glyphs),
		cmocka_unit_test(test_damaged_tables),
		cmocka_unit_test(test_charstrings),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

#else

int main(void)
{
	printf("SKIP: PDF output is not built in\n");
	return 77;
}

#endif

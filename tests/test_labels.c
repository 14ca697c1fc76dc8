/* SPDX-License-Identifier: MIT */
/* test_labels.c — the engine's short texts (src/base/labels.c): every id has its own text in
 * both languages, a format has the same conversions in both, and an id out of range reads "". */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/labels.h"

/* Every id has a non-empty text in both languages, the Chinese one its own (the lookup falls
 * back to the English text when a Chinese one is missing: the same pointer). */
static void test_every_label_in_both_languages(void **state)
{
	(void)state;
	for (int id = 0; id < SB_LABEL_COUNT; id++) {
		const char *en = sb_label_text(SB_LANG_EN, (sb_label)id);
		const char *zh = sb_label_text(SB_LANG_ZH, (sb_label)id);
		assert_non_null(en);
		assert_non_null(zh);
		/* The one text that is empty by design: Chinese puts nothing between sentences. */
		if (id == SB_LABEL_SENTENCE_SEP) {
			assert_string_equal(en, " ");
			assert_string_equal(zh, "");
			continue;
		}
		if (!*en || !*zh || en == zh || strcmp(en, zh) == 0)
			fail_msg("label %d: missing or untranslated (en '%s', zh '%s')", id, en, zh);
	}
}

/* The texts are those the golden files hold, byte for byte: a few of them spelled out. */
static void test_spot_checks(void **state)
{
	(void)state;
	assert_string_equal(sb_label_text(SB_LANG_EN, SB_LABEL_SCALE), "Scale");
	assert_string_equal(sb_label_text(SB_LANG_ZH, SB_LABEL_SCALE), "量表");
	assert_string_equal(sb_label_text(SB_LANG_EN, SB_LABEL_COLON), ": ");
	assert_string_equal(sb_label_text(SB_LANG_ZH, SB_LABEL_COLON), "：");
	/* The same Chinese word, two English ones: two ids. */
	assert_string_equal(sb_label_text(SB_LANG_ZH, SB_LABEL_ITEM), "题目");
	assert_string_equal(sb_label_text(SB_LANG_ZH, SB_LABEL_STATEMENTS), "题目");
	assert_string_equal(sb_label_text(SB_LANG_EN, SB_LABEL_ITEM), "Item");
	assert_string_equal(sb_label_text(SB_LANG_EN, SB_LABEL_STATEMENTS), "Statements");
	assert_string_equal(sb_label_text(SB_LANG_EN, SB_LABEL_CHANGE_IMPROVED),
	                    "Reliable decrease (improvement)");
	assert_string_equal(sb_label_text(SB_LANG_ZH, SB_LABEL_CHANGE_IMPROVED),
	                    "可靠的下降（改善）");
	assert_string_equal(sb_label_text(SB_LANG_EN, SB_LABEL_FULL_STOP), ".");
	assert_string_equal(sb_label_text(SB_LANG_ZH, SB_LABEL_FULL_STOP), "。");
}

/* The conversions of a printf format, one "length+conversion" word per conversion ("%%" none;
 * as in test_cli_lang.c, and a "%" before no conversion letter none). */
static void S_conversions(const char *fmt, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		while (*p && strchr("-+ #0123456789.*", *p))
			p++;
		const char *start = p;
		while (*p && strchr("hlLqjzt", *p))
			p++;
		if (!*p)
			break;
		if (!strchr("diuxXfFeEgGcsp", *p))
			continue; /* a plain "10% of" in a text that is no format */
		n += (size_t)snprintf(out + n, size > n ? size - n : 0, "%.*s ", (int)(p - start + 1),
		                      start);
	}
}

/* A format has the same conversions in the same order in both languages (a language that does
 * not use an argument takes it with %.0s), and "{name}" placeholders are the same in both. */
static void test_same_conversions(void **state)
{
	(void)state;
	for (int id = 0; id < SB_LABEL_COUNT; id++) {
		const char *en = sb_label_text(SB_LANG_EN, (sb_label)id);
		const char *zh = sb_label_text(SB_LANG_ZH, (sb_label)id);
		char ce[256], cz[256];
		S_conversions(en, ce, sizeof ce);
		S_conversions(zh, cz, sizeof cz);
		if (strcmp(ce, cz) != 0)
			fail_msg("label %d: en has conversions '%s', zh '%s'", id, ce, cz);
		bool se = strstr(en, "{scale}") != NULL, sz = strstr(zh, "{scale}") != NULL;
		if (se != sz)
			fail_msg("label %d: {scale} in one language only", id);
	}
	char got[64];
	S_conversions("a %s b %.0s %% %zu, %-5ld, 10% of", got, sizeof got);
	assert_string_equal(got, "s s zu ld ");
}

/* The formats whose arguments come in a different order in each language: each language
 * writes its own order from the one argument list (the golden files hold the same texts). */
static void test_reordered_formats(void **state)
{
	(void)state;
	char out[256];
	snprintf(out, sizeof out, sb_label_text(SB_LANG_EN, SB_LABEL_UNSCORED_REASON), "3", "6",
	         "3", "80");
	assert_string_equal(out, "answered 3 of 6 items, fewer than the required 80%");
	snprintf(out, sizeof out, sb_label_text(SB_LANG_ZH, SB_LABEL_UNSCORED_REASON), "3", "6",
	         "3", "80");
	assert_string_equal(out, "6 题中只回答了 3 题，少于计分所需的 80%");
	snprintf(out, sizeof out, sb_label_text(SB_LANG_EN, SB_LABEL_BAND_ON_SCALES), "High", "6",
	         "2", "High", "6");
	assert_string_equal(out, "High on 2 of 6 scales");
	snprintf(out, sizeof out, sb_label_text(SB_LANG_ZH, SB_LABEL_BAND_ON_SCALES), "偏高", "6",
	         "2", "偏高", "6");
	assert_string_equal(out, "6 个量表中有 2 个偏高");
	snprintf(out, sizeof out, sb_label_text(SB_LANG_EN, SB_LABEL_SAFETY_FLAG_NOTE), "1", "4", "1");
	assert_true(strncmp(out, "Safety flag: 1 of 4 safety questions", 36) == 0);
	snprintf(out, sizeof out, sb_label_text(SB_LANG_ZH, SB_LABEL_SAFETY_FLAG_NOTE), "1", "4", "1");
	assert_true(strncmp(out, "安全提示：4 个安全问题中有 1 个", strlen("安全提示：4 个安全问题中有 1 个")) == 0);
}

/* Out of range: an empty text, never a crash. */
static void test_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(sb_label_text(SB_LANG_EN, SB_LABEL_COUNT), "");
	assert_string_equal(sb_label_text(SB_LANG_ZH, SB_LABEL_COUNT), "");
	assert_string_equal(sb_label_text(SB_LANG_ZH, (sb_label)-1), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_label_in_both_languages),
		cmocka_unit_test(test_spot_checks),
		cmocka_unit_test(test_same_conversions),
		cmocka_unit_test(test_reordered_formats),
		cmocka_unit_test(test_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

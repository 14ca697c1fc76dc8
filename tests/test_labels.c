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
		cmocka_unit_test(test_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* test_cov_sql.c — the SQL of `template --format sql` in process (src/score/sql.c): which table
 * names are taken, and a response label with a quote and a backslash written as a literal in
 * each dialect (doubled quotes; Spark's backslash escapes). */
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "bank/bank.h"
#include "base/buf.h"
#include "score/sql.h"

static void test_table_names(void **state)
{
	(void)state;
	char longest[130];
	memset(longest, 'a', 128);
	longest[128] = '\0';
	static const char *const good[] = { "a", "A_b", "s.t", "_x9", "main.my_answers", "a.b.c" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!sb_sql_table_valid(good[i]))
			fail_msg("refused: %s", good[i]);
	assert_true(sb_sql_table_valid(longest));
	static const char *const bad[] = { "", "9a", ".a", "a.", "a..b", "a-b", "a b", "a.9b",
		                           "a;drop", "\"a\"", "a`", "\xC3\xA9" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (sb_sql_table_valid(bad[i]))
			fail_msg("taken: %s", bad[i]);
	longest[128] = 'a';
	longest[129] = '\0';
	assert_false(sb_sql_table_valid(longest)); /* 129 characters */
}

static void test_label_literals(void **state)
{
	(void)state;
	char *p = sb_src_path("tests/banks/minimal.yaml");
	char *yaml = sb_read_file(p, NULL);
	free(p);
	assert_non_null(yaml);
	const char *from = "1: {zh: 不同意, en: Disagree}";
	char *at = strstr(yaml, from);
	assert_non_null(at);
	sb_buf y = { 0 };
	sb_buf_put(&y, yaml, (size_t)(at - yaml));
	sb_buf_puts(&y, "1: {zh: 不同意, en: \"Don't \\\\ agree\"}");
	sb_buf_puts(&y, at + strlen(from));
	sb_bank *b = sb_yaml_loads(y.data);
	/* the label as the cells are folded (lower case), then written as a literal */
	static const struct {
		sb_sql_dialect d;
		const char *lit;
	} want[] = {
		{ SB_SQL_SQLITE, "= 'don''t \\ agree' THEN 1" },
		{ SB_SQL_DUCKDB, "= 'don''t \\ agree' THEN 1" },
		{ SB_SQL_POSTGRES, "= 'don''t \\ agree' THEN 1" },
		{ SB_SQL_SPARK, "= 'don\\'t \\\\ agree' THEN 1" },
	};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		sb_buf out = { 0 };
		sb_sql_write(b, want[k].d, "t", &out);
		assert_false(out.failed);
		if (!sb_contains(out.data, want[k].lit))
			fail_msg("dialect %zu: no %s", k, want[k].lit);
		sb_buf_free(&out);
	}
	sb_bank_free(b);
	sb_buf_free(&y);
	free(yaml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_names),
		cmocka_unit_test(test_label_literals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

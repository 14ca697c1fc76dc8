/* SPDX-License-Identifier: MIT */
/* test_cli_lang.c — the command line speaks the user's language from one table
 * (src/cli/messages.c): every text there in both languages, formats with the same conversions;
 * every command's --help in en and zh with the same options, within 80 display columns, the
 * Chinese one in Chinese; usage errors and their "Try" line in Chinese under zh, chosen by --lang
 * or LC_ALL / LC_MESSAGES / LANG; English unchanged. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/textwidth.h"
#include "cli/messages.h"

/* "" is `securebase --help` itself. */
static const char *const S_commands[] = { "",         "score", "report",   "compare", "template",
	                                  "form",     "validate", "bank", "summary" };
#define S_N_COMMANDS (sizeof S_commands / sizeof S_commands[0])

/* ---- the table -------------------------------------------------------------------------------- */

/* The conversions of a printf format, one "length+conversion" word per conversion ("%%" none),
 * e.g. "s s lu d"; flags, width and precision left out (zh may take an argument with %.0s). */
static void S_conversions(const char *fmt, char *out, size_t size)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		p += strspn(p, "-+ #0");
		p += strspn(p, "0123456789*");
		if (*p == '.') {
			p++;
			p += strspn(p, "0123456789*");
		}
		size_t len = strspn(p, "hljztL");
		assert_non_null(strchr("diouxXeEfFgGaAcspn", p[len]));
		assert_true(p[len] != '\0');
		o += (size_t)snprintf(out + o, size - o, "%s%.*s", o ? " " : "", (int)len + 1, p);
		assert_true(o < size);
		p += len + 1;
	}
}

static void test_conversions_parse(void **state)
{
	(void)state;
	char got[256];
	S_conversions("a %s b %.0s %% %lu, %.0f %zu%d %-5ld", got, sizeof got);
	assert_string_equal(got, "s s lu f zu d ld");
	S_conversions("no conversion, 100%%", got, sizeof got);
	assert_string_equal(got, "");
}

/* Every text is there in both languages, the Chinese one its own (not the English fallback),
 * and every format has the same conversions in the same order in both. */
static void test_table_complete_and_formats_match(void **state)
{
	(void)state;
	for (int id = 0; id < SB_MSG_COUNT; id++) {
		const char *en = sb_msg(SB_LANG_EN, (sb_msg_id)id);
		const char *zh = sb_msg(SB_LANG_ZH, (sb_msg_id)id);
		if (!*en || !*zh || en == zh || strcmp(en, zh) == 0)
			fail_msg("message %d: missing or untranslated (en '%s', zh '%s')", id, en, zh);
		char ce[256], cz[256];
		S_conversions(en, ce, sizeof ce);
		S_conversions(zh, cz, sizeof cz);
		if (strcmp(ce, cz) != 0)
			fail_msg("message %d: en has conversions '%s', zh '%s':\n  %s\n  %s", id, ce, cz, en,
			         zh);
	}
	/* Out of range: an empty text, never a crash. */
	assert_string_equal(sb_msg(SB_LANG_ZH, SB_MSG_COUNT), "");
	/* Spot checks of both languages. */
	assert_string_equal(sb_msg(SB_LANG_EN, SB_MSG_UNKNOWN_OPTION), "unknown option '%s'");
	assert_string_equal(sb_msg(SB_LANG_ZH, SB_MSG_UNKNOWN_OPTION), "未知选项 '%s'");
}

/* ---- help ------------------------------------------------------------------------------------- */

static sb_run_result S_help(const char *lang, const char *cmd)
{
	const char *argv[] = { "securebase", "--lang", lang, cmd, "--help", NULL };
	if (!*cmd) {
		argv[3] = "--help";
		argv[4] = NULL;
	}
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	if (r.status != 0 || r.err_len != 0)
		fail_msg("--lang %s %s --help: exit %d, stderr '%s'", lang, cmd, r.status, r.err);
	return r;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct "--name" words of a text, sorted and joined by spaces. */
static void S_options(const char *text, char *out, size_t size)
{
	char *names[256];
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, "--")) != NULL;) {
		p += 2;
		if (!(*p >= 'a' && *p <= 'z'))
			continue;
		size_t len = 0;
		while ((p[len] >= 'a' && p[len] <= 'z') || p[len] == '-')
			len++;
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = strlen(names[i]) == len && strncmp(names[i], p, len) == 0;
		if (!seen) {
			assert_true(n < 256);
			names[n] = strndup(p, len);
			n++;
		}
		p += len;
	}
	qsort(names, n, sizeof *names, S_cmp);
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		o += (size_t)snprintf(out + o, size - o, "%s--%s", i ? " " : "", names[i]);
		free(names[i]);
	}
	assert_true(o < size);
}

/* Every line within 80 display columns (CJK two). */
static void S_check_width(const char *text, const char *where)
{
	int lineno = 1;
	for (const char *line = text; *line; lineno++) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		size_t w = sb_text_width(line, len);
		if (w > 80)
			fail_msg("%s, line %d: %zu columns: %.*s", where, lineno, w, (int)len, line);
		line += len + (nl != NULL);
	}
}

/* The CJK ideographs of a text. */
static size_t S_cjk(const char *text)
{
	size_t cjk = 0;
	for (size_t i = 0, n = strlen(text); i < n;) {
		uint32_t cp;
		i += sb_utf8_decode(text + i, n - i, &cp);
		cjk += cp >= 0x4E00 && cp <= 0x9FFF;
	}
	return cjk;
}

static bool S_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the word (a run of ASCII letters) occurs as a whole word in text. */
static bool S_has_word(const char *text, const char *w, size_t len)
{
	for (const char *p = text; *p; p++) {
		if (strncmp(p, w, len) == 0 && !S_letter(p[len]) && (p == text || !S_letter(p[-1])))
			return true;
	}
	return false;
}

/* The first ASCII word of zh that the English text en lacks (zh keeps option names,
 * metavariables, format and file names as they are, and translates everything else), or NULL. */
static char *S_foreign_word(const char *zh, const char *en)
{
	for (const char *p = zh; *p;) {
		if (!S_letter(*p)) {
			p++;
			continue;
		}
		size_t len = 0;
		while (S_letter(p[len]))
			len++;
		if (!S_has_word(en, p, len))
			return strndup(p, len);
		p += len;
	}
	return NULL;
}

/* For every command: the same options in en and zh, every line within 80 columns, English help
 * free of CJK and starting "Usage: securebase", Chinese help starting "用法：securebase" and
 * written in Chinese: at least 60 ideographs, and no ASCII word that is not in the English help
 * (what stays in Latin letters is what the English shows literally: option names,
 * metavariables, format names, file names). */
static void test_help_both_languages(void **state)
{
	(void)state;
	for (size_t i = 0; i < S_N_COMMANDS; i++) {
		const char *cmd = S_commands[i];
		sb_run_result en = S_help("en", cmd), zh = S_help("zh", cmd);
		char where[64];
		snprintf(where, sizeof where, "securebase %s%s--help", cmd, *cmd ? " " : "");
		char oe[2048], oz[2048];
		S_options(en.out, oe, sizeof oe);
		S_options(zh.out, oz, sizeof oz);
		if (strcmp(oe, oz) != 0)
			fail_msg("%s: en shows %s\nzh shows %s", where, oe, oz);
		assert_true(strlen(oe) > strlen("--help"));
		S_check_width(en.out, where);
		S_check_width(zh.out, where);
		assert_true(strncmp(en.out, "Usage: securebase", 17) == 0);
		assert_true(strncmp(zh.out, "用法：securebase", strlen("用法：securebase")) == 0);
		assert_int_equal(S_cjk(en.out), 0);
		if (S_cjk(zh.out) < 60)
			fail_msg("%s in zh: only %zu CJK characters", where, S_cjk(zh.out));
		char *foreign = S_foreign_word(zh.out, en.out);
		if (foreign)
			fail_msg("%s in zh: '%s' is neither translated nor in the English help", where,
			         foreign);
		/* The exit statuses are listed in both (template and bank have none). */
		if (sb_contains(en.out, "Exit status: 0"))
			assert_true(sb_contains(zh.out, "退出状态：0"));
		assert_int_equal(en.out[en.out_len - 1], '\n');
		assert_int_equal(zh.out[zh.out_len - 1], '\n');
		sb_run_free(&en);
		sb_run_free(&zh);
	}
}

/* The help of score, report and compare holds the survey-import options, in its language. */
static void test_help_import_options(void **state)
{
	(void)state;
	static const char *const cmds[] = { "score", "report", "compare" };
	for (size_t i = 0; i < 3; i++) {
		sb_run_result en = S_help("en", cmds[i]), zh = S_help("zh", cmds[i]);
		assert_true(sb_contains(en.out, "Reading survey exports (docs/importing.md):\n"
		                                "  --id-column NAME    the respondents' id column"));
		assert_true(sb_contains(zh.out, "读取问卷平台导出的文件（docs/importing.md）：\n"
		                                "  --id-column NAME    答卷人的 id 列"));
		assert_false(sb_contains(en.out, "%s"));
		assert_false(sb_contains(zh.out, "%s"));
		sb_run_free(&en);
		sb_run_free(&zh);
	}
}

/* Runs the binary through the shell with only the given locale variables set (the tests run
 * with LC_ALL=C.UTF-8, which would win); returns its standard output, which must end exit 0. */
static char *S_with_locale(const char *vars, const char *args)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "env -u LC_ALL -u LC_MESSAGES -u LANG %s '%s' %s", vars, SB_BINARY,
	         args);
	return sb_sh(cmd);
}

/* Without --lang, help follows LC_ALL, then LC_MESSAGES, then LANG (zh* gives Chinese), also
 * when the locale is not installed; --lang before the command wins. */
static void test_help_language_from_environment(void **state)
{
	(void)state;
	char *out = S_with_locale("LANG=zh_CN.UTF-8", "score --help");
	assert_true(strncmp(out, "用法：securebase score ", strlen("用法：securebase score ")) == 0);
	assert_true(sb_contains(out, "  -h, --help          显示本帮助\n"));
	free(out);
	out = S_with_locale("LANG=en_US.UTF-8 LC_MESSAGES=zh_TW.UTF-8", "report --help");
	assert_true(strncmp(out, "用法：securebase report ", strlen("用法：securebase report ")) == 0);
	free(out);
	out = S_with_locale("LANG=zh_CN.UTF-8 LC_ALL=C.UTF-8", "--help");
	assert_true(strncmp(out, "Usage: securebase [--bank FILE]", 31) == 0);
	free(out);
	out = S_with_locale("LANG=zh_CN.UTF-8", "--lang en template --help");
	assert_true(strncmp(out, "Usage: securebase template", 26) == 0);
	free(out);
	out = S_with_locale("LANG=de_DE.UTF-8", "--lang zh --help");
	assert_true(strncmp(out, "用法：securebase [--bank FILE]", strlen("用法：securebase [--bank FILE]")) ==
	            0);
	free(out);
}

/* ---- usage errors ------------------------------------------------------------------------------ */

static void S_usage(const char *const *argv, const char *want_err)
{
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_string_equal(r.err, want_err);
	assert_string_equal(r.out, "");
	sb_run_free(&r);
}

static void test_usage_errors_in_chinese(void **state)
{
	(void)state;
	S_usage((const char *[]){ "securebase", "--lang", "zh", "score", "--bogus", NULL },
	        "securebase: 未知选项 '--bogus'\n请运行 'securebase score --help' 查看用法。\n");
	S_usage((const char *[]){ "securebase", "--lang", "zh", "report", "x.csv", "--id", NULL },
	        "securebase: 选项 '--id' 需要一个值\n请运行 'securebase report --help' 查看用法。\n");
	S_usage((const char *[]){ "securebase", "--lang", "zh", "score", "--decimals", "12", NULL },
	        "securebase: --decimals 需要 0 到 9 之间的整数，而不是 '12'\n"
	        "请运行 'securebase score --help' 查看用法。\n");
	S_usage((const char *[]){ "securebase", "--lang", "zh", "compare", "a.csv", "--ids", "p1",
	                          NULL },
	        "securebase: --ids 需要用一个逗号隔开的两个 id，例如 --ids p1,p2；而不是 'p1'\n"
	        "请运行 'securebase compare --help' 查看用法。\n");
	S_usage((const char *[]){ "securebase", "--lang", "zh", "template", "extra", NULL },
	        "securebase: 'template' 不接受参数\n请运行 'securebase template --help' 查看用法。\n");
	S_usage((const char *[]){ "securebase", "--lang", "zh", "report", "a.csv", "--id", "x", "-o",
	                          "r.pdf", "--format", "md", NULL },
	        "securebase: --format md 与输出文件 'r.pdf' 矛盾，它的文件名表示 pdf；去掉 --format，"
	        "或把文件改名为 .md\n请运行 'securebase report --help' 查看用法。\n");
	S_usage((const char *[]){ "securebase", "--lang", "zh", "frobnicate", NULL },
	        "securebase: 未知命令 'frobnicate'\n请运行 'securebase --help' 查看用法。\n");
	S_usage((const char *[]){ "securebase", "--lang", "zh", "score", "--delimiter", "|", NULL },
	        "securebase: --delimiter 只接受 ','、';' 或 'tab'，而不是 '|'\n"
	        "请运行 'securebase score --help' 查看用法。\n");
	/* An error before --lang: the environment's language (here LC_ALL=C.UTF-8, English). */
	S_usage((const char *[]){ "securebase", "--bogus", "--lang", "zh", "score", NULL },
	        "securebase: unknown option '--bogus'\nTry 'securebase --help'.\n");
}

/* English usage errors are as they were, byte for byte. */
static void test_usage_errors_in_english(void **state)
{
	(void)state;
	S_usage((const char *[]){ "securebase", "score", "--bogus", NULL },
	        "securebase: unknown option '--bogus'\nTry 'securebase score --help'.\n");
	S_usage((const char *[]){ "securebase", "--lang", "en", "score", "--decimals", "12", NULL },
	        "securebase: --decimals takes a whole number from 0 to 9, not '12'\n"
	        "Try 'securebase score --help'.\n");
	S_usage((const char *[]){ "securebase", "--lang", "xx", NULL },
	        "securebase: --lang takes zh or en, not 'xx'\nTry 'securebase --help'.\n");
	S_usage((const char *[]){ "securebase", "compare", "a.csv", "--ids", "a,b", NULL },
	        "securebase: a couple report shows each partner's answers to the other: add --consent "
	        "to state that both partners agreed to share them\nTry 'securebase compare --help'.\n");
	S_usage((const char *[]){ "securebase", "bank", "x", NULL },
	        "securebase: 'bank' takes no arguments\nTry 'securebase bank --help'.\n");
}

/* A usage error under LANG=zh_CN.UTF-8 without --lang; no command at all prints the help on
 * stderr in that language and exits 64. */
static void test_usage_language_from_environment(void **state)
{
	(void)state;
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 '%s' form --bogus "
	         "2>&1; echo \"exit $?\"", SB_BINARY);
	char *out = sb_sh(cmd);
	assert_string_equal(out, "securebase: 未知选项 '--bogus'\n请运行 'securebase form --help' "
	                         "查看用法。\nexit 64\n");
	free(out);
	snprintf(cmd, sizeof cmd, "env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 '%s' 2>&1 >/dev/null; "
	         "echo \"exit $?\"", SB_BINARY);
	out = sb_sh(cmd);
	assert_true(strncmp(out, "用法：securebase [--bank FILE]", strlen("用法：securebase [--bank FILE]")) ==
	            0);
	assert_true(sb_contains(out, "\nexit 64\n"));
	free(out);
}

/* The import summary of score, in each language: a ';' file with a column it ignores and an
 * item it lacks (given --allow-missing-items). */
static void test_import_summary_both_languages(void **state)
{
	(void)state;
	sb_run_result t = sb_run((const char *[]){ "securebase", "template", NULL }, NULL, 0, NULL,
	                         NULL);
	assert_int_equal(t.status, 0);
	/* The header without its first item's column, ';' for ',', and a column "note". */
	char *header = t.out;
	header[strcspn(header, "\n")] = '\0';
	char *first = strchr(header, ',');
	assert_non_null(first);
	size_t len = strcspn(first + 1, ",");
	char missing[64];
	snprintf(missing, sizeof missing, "%.*s", (int)len, first + 1);
	memmove(first, first + 1 + len, strlen(first + 1 + len) + 1);
	size_t n_items = 0;
	for (char *p = header; *p; p++)
		if (*p == ',') {
			*p = ';';
			n_items++;
		}
	char *dir = sb_tmpdir();
	char *csv = sb_join(dir, "a.csv");
	char body[8192];
	snprintf(body, sizeof body, "%s;note\n", header);
	sb_write_file(csv, body, strlen(body));
	static const char *const langs[] = { "en", "zh" };
	for (size_t i = 0; i < 2; i++) {
		const char *argv[] = { "securebase", "--lang",  langs[i], "score", csv,
			               "--allow-missing-items", NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		assert_int_equal(r.status, 0);
		char want[2048];
		if (i == 0)
			snprintf(want, sizeof want,
			         "securebase: import: separator ';' (detected), encoding UTF-8, id column "
			         "'id'; item columns: %zu by id, 0 by --columns, 0 by code, 0 by question "
			         "text\nsecurebase: import: 1 column ignored: 'note'\n"
			         "securebase: import: 1 item with no column (counted as unanswered): %s\n"
			         "securebase: 0 rows read, 0 scored, 0 rejected\n",
			         n_items, missing);
		else
			snprintf(want, sizeof want,
			         "securebase：导入：分隔符 ';'（自动识别），编码 UTF-8，id 列 'id'；题目列："
			         "按 id %zu，按 --columns 0，按平台代码 0，按题目文字 0\n"
			         "securebase：导入：忽略 1 列：'note'\n"
			         "securebase：导入：1 题没有对应的列（按未作答计）：%s\n"
			         "securebase：读取 0 行，计分 0 行，拒收 0 行\n",
			         n_items, missing);
		assert_string_equal(r.err, want);
		sb_run_free(&r);
	}
	sb_run_free(&t);
	free(csv);
	sb_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions_parse),
		cmocka_unit_test(test_table_complete_and_formats_match),
		cmocka_unit_test(test_help_both_languages),
		cmocka_unit_test(test_help_import_options),
		cmocka_unit_test(test_help_language_from_environment),
		cmocka_unit_test(test_usage_errors_in_chinese),
		cmocka_unit_test(test_usage_errors_in_english),
		cmocka_unit_test(test_usage_language_from_environment),
		cmocka_unit_test(test_import_summary_both_languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

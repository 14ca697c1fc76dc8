/* SPDX-License-Identifier: MIT */
/* test_hostile.c — the one terminal choke point (issue 13, item 4): every command run on a
 * pseudo-terminal with a hostile bank (texts with ESC [2J, BEL, C1, DEL, U+202E), a hostile file
 * name (ESC and U+202E), hostile ids (escape sequences, U+202E, bytes that are not UTF-8) and
 * hostile argument values (--lang, --format, --keep, -o, unknown options) shows no raw ESC, BEL,
 * C1, DEL, bidi or format control and no byte that is not UTF-8; HTML, Markdown and JSON outputs
 * hold no raw bidi control. --no-color: the program's own colours are off, so any escape
 * sequence on the terminal would be one from the data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/termsafe.h"
#include "base/textwidth.h"

#define ESC_CLS "\x1b[2J"
#define OSC_TITLE "\x1b]0;x\a"
#define RLO "\xe2\x80\xae"

static char *S_dir, *S_bank, *S_csv;

/* The first byte of s[0..n) a terminal must never get raw from the data, or -1: C0 controls but
 * CR, LF and TAB (the terminal turns \n into \r\n), DEL, C1 controls, bidi and format characters
 * and bytes that are not UTF-8. */
static long S_bad_at(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		bool invalid = cp == SB_REPLACEMENT && k == 1;
		bool ok_c0 = cp == '\r' || cp == '\n' || cp == '\t';
		if (invalid || (sb_is_control(cp) && !ok_c0) || sb_is_bidi_format(cp))
			return (long)i;
		i += k;
	}
	return -1;
}

static void S_no_raw(const char *what, const char *s, size_t n)
{
	long at = S_bad_at(s, n);
	if (at >= 0) {
		size_t from = at > 40 ? (size_t)at - 40 : 0;
		fail_msg("%s: a raw control at byte %ld: ...%.*s...", what, at,
		         (int)(n - from < 80 ? n - from : 80), s + from);
	}
}

/* Runs securebase --no-color ARGS on a terminal: the exit status must be status, the terminal
 * must show no raw control, and it must show needle (when not NULL). */
static void S_tty(int status, const char *needle, const char *const *args)
{
	char *argv[32] = { "securebase", "--no-color" };
	size_t n = 2;
	for (size_t i = 0; args[i]; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	char *shown = NULL;
	int st = sb_pty_run(argv, &shown);
	char what[1024] = "securebase", arg[256];
	for (size_t i = 2; i < n; i++) {
		sb_termsafe_str(arg, sizeof arg, argv[i], 0, 0);
		snprintf(what + strlen(what), sizeof what - strlen(what), " %s", arg);
	}
	S_no_raw(what, shown, strlen(shown));
	if (st != status)
		fail_msg("%s: exit %d, not %d; the terminal showed:\n%s", what, st, status, shown);
	if (needle && !sb_contains(shown, needle))
		fail_msg("%s: the terminal does not show '%s':\n%s", what, needle, shown);
	free(shown);
}

#define TTY(status, needle, ...)                                                                  \
	do {                                                                                      \
		const char *a_[] = { __VA_ARGS__, NULL };                                         \
		S_tty(status, needle, a_);                                                        \
	} while (0)

/* A bank whose texts hold escape sequences, BEL, C1, DEL and U+202E (YAML escapes, and U+202E
 * raw too, so `bank` prints it raw), under a file name with ESC and U+202E; answers under such a
 * name, with hostile ids. */
static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	char *src = sb_src_path("tests/banks/minimal.yaml");
	char *yaml = sb_read_file(src, NULL);
	free(src);
	assert_non_null(yaml);
	static const struct {
		const char *from, *to;
	} edits[] = {
		{ "title: {zh: 最小题库, en: A minimal bank}",
		  "title: {zh: \"最小\\e[2J题库\", en: \"A \\e]0;x\\a minimal \\u202E bank\"}" },
		{ "text: {zh: 我常担心。, en: I often worry.}",
		  "text: {zh: \"我常\\e[2J担心。\", en: \"I often" RLO "\\e[31m worry\\a\\x9b\\x7f.\"}" },
		{ "1: {zh: 不同意, en: Disagree}", "1: {zh: 不同意, en: \"Dis\\u2066agree\\e[5m\"}" },
		{ "summary: {zh: 留意自己的感受。, en: Notice how you feel.}",
		  "summary: {zh: 留意自己的感受。, en: \"Notice\\u202Ehow\\e[2J you feel.\"}" },
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *at = strstr(yaml, edits[i].from);
		if (!at)
			fail_msg("minimal.yaml has no '%s'", edits[i].from);
		size_t head = (size_t)(at - yaml), from = strlen(edits[i].from);
		size_t to = strlen(edits[i].to), rest = strlen(at + from);
		char *nyaml = malloc(head + to + rest + 1);
		memcpy(nyaml, yaml, head);
		memcpy(nyaml + head, edits[i].to, to);
		memcpy(nyaml + head + to, at + from, rest + 1);
		free(yaml);
		yaml = nyaml;
	}
	S_bank = sb_join(S_dir, "bank" ESC_CLS RLO "lmay.yaml");
	sb_write_file(S_bank, yaml, strlen(yaml));
	free(yaml);
	const char *csv = "id,w1,d1,w2,d2,d3\n"
	                  "r1,4,1,1,0,1\n"
	                  "r2,3,0,2,1,1\n"
	                  "\"r" ESC_CLS "\a" RLO "9\",4,1,1,0,1\n"
	                  "\"r" ESC_CLS "\a" RLO "9\",2,1,1,0,1\n"
	                  "r\xff" "3,4,1,1,0,1\n"
	                  "r4,9,1,1,0,1\n";
	S_csv = sb_join(S_dir, "answers" ESC_CLS RLO "vsc.csv");
	sb_write_file(S_csv, csv, strlen(csv));
	return 0;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	free(S_bank);
	free(S_csv);
	return 0;
}

static void test_bank_commands(void **state)
{
	(void)state;
	TTY(0, "bank\\x1B[2J\\u{202E}lmay.yaml: bank minimal", "validate", S_bank);
	TTY(0, "bank\\x1B[2J\\u{202E}lmay.yaml: bank minimal", "-b", S_bank, "validate");
	TTY(0, "\\u{202E}", "-b", S_bank, "bank");
	TTY(0, "id,w1,d1,w2,d2,d3", "-b", S_bank, "template");
	TTY(0, "I often\\u{202E}\\x1B\\[31m worry\\x07\\xC2\\x9B\\x7F.", "-b", S_bank, "--lang",
	    "en", "template", "--codebook");
	TTY(0, "I often\\u{202E}\\x1B[31m worry\\x07\\xC2\\x9B\\x7F.", "-b", S_bank, "--lang",
	    "en", "template", "--codebook", "--format", "csv");
	TTY(0, NULL, "-b", S_bank, "--lang", "en", "template", "--format", "redcap");
	TTY(0, NULL, "-b", S_bank, "--lang", "en", "template", "--format", "sql");
	TTY(0, "I often", "-b", S_bank, "--lang", "en", "form");
	TTY(0, "I often", "-b", S_bank, "--lang", "en", "form", "--format", "html");
}

static void test_data_commands(void **state)
{
	(void)state;
	/* the file name and the ids in messages: escaped; the scores on the terminal: U+FFFD */
	TTY(65, "answers\\x1B[2J\\u{202E}vsc.csv:", "-b", S_bank, "score", S_csv);
	TTY(0, "A \xef\xbf\xbd]0;x\xef\xbf\xbd minimal \xef\xbf\xbd bank", "-b", S_bank, "--lang", "en",
	    "report", S_csv, "--id", "r1");
	TTY(0, "&#x202E;", "-b", S_bank, "--lang", "en", "report", S_csv, "--id", "r1", "--format",
	    "md");
	TTY(0, "&#x202E;", "-b", S_bank, "--lang", "en", "report", S_csv, "--id", "r1", "--format",
	    "html");
	TTY(0, "\\u202E", "-b", S_bank, "--lang", "en", "report", S_csv, "--id", "r1", "--format",
	    "json");
	TTY(0, "id 'r\\x1B[2J\\x07\\u{202E}9' repeats row 4", "-b", S_bank, "--lang", "en", "report",
	    S_csv, "--id", "r" ESC_CLS "\a" RLO "9");
	TTY(0, NULL, "-b", S_bank, "--lang", "en", "compare", S_csv, "--ids", "r1,r2", "--mode",
	    "retest");
	char *missing = sb_join(S_dir, "no" ESC_CLS RLO ".json");
	TTY(66, "no\\x1B[2J\\u{202E}.json", "summary", "merge", missing);
	free(missing);
}

static void test_hostile_arguments(void **state)
{
	(void)state;
	TTY(64, "\\x1B]0;x\\x07", "--lang", OSC_TITLE, "template");
	TTY(64, "\\x1B[2J", "--bogus" ESC_CLS, "template");
	TTY(64, "\\x1B[2J", "no-such-command" ESC_CLS RLO);
	TTY(64, "\\x1B[2J\\u{202E}", "template", "--format", ESC_CLS RLO);
	TTY(64, "\\x1B[2J", "template", "--bogus" ESC_CLS);
	TTY(64, "\\x1B[2J", "score", S_csv, "--format", ESC_CLS);
	TTY(65, "\\x1B]0;x\\x07", "-b", S_bank, "score", S_csv, "--keep", OSC_TITLE);
	TTY(73, "\\x1B[2J\\u{202E}", "-b", S_bank, "score", S_csv, "-o",
	    "/nonexistent" ESC_CLS RLO "/x.csv");
	TTY(64, "\\x1B[2J", "report", S_csv, "--id", "r1", "--format", ESC_CLS);
	TTY(64, "\\x1B[2J", "report", S_csv, "--id", "r1", "--audience", ESC_CLS);
	TTY(64, "\\x1B[2J", "compare", S_csv, "--ids", "r1,r2", "--mode", ESC_CLS);
	TTY(64, "\\x1B[2J", "form", "--format", ESC_CLS);
	TTY(64, "\\x1B[2J", "validate", "--bogus" ESC_CLS);
	TTY(64, "\\x1B[2J", "bank", "--bogus" ESC_CLS);
	TTY(64, "\\x1B[2J", "summary", "merge", "--bogus" ESC_CLS);
	TTY(64, "\\x1B[2J", "assess", "--bogus" ESC_CLS);
	TTY(66, "\\x1B[2J\\u{202E}", "-b", "/nonexistent" ESC_CLS RLO ".yaml", "template");
	TTY(66, "\\x1B[2J\\u{202E}", "report", "/nonexistent" ESC_CLS RLO ".csv", "--id", "r1");
}

/* Report files keep their bytes but for bidi controls: HTML and Markdown get numeric character
 * references, JSON \u escapes (the same value). */
static void test_report_files(void **state)
{
	(void)state;
	static const struct {
		const char *name, *ref;
	} files[] = {
		{ "r.html", "&#x202E;" }, { "r.md", "&#x202E;" }, { "r.json", "\\u202E" },
		{ "r.txt", NULL },
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *out = sb_join(S_dir, files[i].name);
		const char *argv[] = { "securebase", "-b", S_bank, "--lang", "en", "report", S_csv,
			               "--id", "r" ESC_CLS "\a" RLO "9", "-o", out, NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		assert_int_equal(r.status, 0);
		S_no_raw(files[i].name, r.err, r.err_len);
		sb_run_free(&r);
		size_t n;
		char *data = sb_read_file(out, &n);
		assert_non_null(data);
		for (size_t j = 0; j + 2 < n; j++)
			if (!memcmp(data + j, RLO, 3) || !memcmp(data + j, "\xe2\x81\xa6", 3))
				fail_msg("%s holds a raw bidi control at byte %zu", files[i].name, j);
		if (files[i].ref && !sb_contains(data, files[i].ref))
			fail_msg("%s has no %s", files[i].name, files[i].ref);
		free(data);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank_commands),
		cmocka_unit_test(test_data_commands),
		cmocka_unit_test(test_hostile_arguments),
		cmocka_unit_test(test_report_files),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

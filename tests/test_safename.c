/* SPDX-License-Identifier: MIT */
/* test_safename.c — file names from ids (sb_safe_name, report --all): letters and digits of every
 * script kept, only path-unsafe and control characters replaced, collisions numbered. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "data/safename.h"

static void S_is(const char *id, const char *want)
{
	char out[101];
	size_t n = sb_safe_name(id, out, sizeof out);
	if (strcmp(out, want) != 0)
		fail_msg("'%s' gave '%s', not '%s'", id, out, want);
	assert_int_equal(n, strlen(want));
}

static void test_scripts_kept(void **state)
{
	(void)state;
	S_is("李明", "李明");                      /* zh */
	S_is("王小红2", "王小红2");
	S_is("さくら", "さくら");                  /* ja */
	S_is("田中・太郎", "田中・太郎");
	S_is("محمد", "محمد");                      /* ar */
	S_is("Zoë Ødegård", "Zoë Ødegård");
	S_is("r01", "r01");
	S_is("a-b_c.d", "a-b_c.d");
}

static void test_unsafe_replaced(void **state)
{
	(void)state;
	S_is("a/b", "a_b");
	S_is("a\\b:c*d?e\"f<g>h|i", "a_b_c_d_e_f_g_h_i");
	S_is("../../etc/passwd", "___.._etc_passwd");
	S_is("..", "__");
	S_is(".", "_");
	S_is(".hidden", "_hidden");
	S_is("end.", "end_");
	S_is("end ", "end_");
	S_is("a\tb\x01" "c\x7f", "a_b_c_");
	S_is("c1\xc2\x85x", "c1_x");              /* U+0085, a C1 control: two bytes, one '_' */
	S_is("x\xff" "y", "x_y");                 /* not UTF-8 */
	S_is("\xe6\x9d", "__");                   /* a cut-off character */
	S_is("\xe2\x80\xae" "cod.exe", "_cod.exe"); /* right-to-left override */
	S_is("a\xe2\x80\x8b" "b", "a_b");           /* zero-width space */
	S_is("", "respondent");
}

/* The same name typed two ways gives one file name: ids are put in NFC first (issue 17). */
static void test_nfc(void **state)
{
	(void)state;
	S_is("Jos\x65\xcc\x81", "Jos\xc3\xa9");                  /* e + U+0301 -> U+00E9 */
	S_is("Jos\xc3\xa9", "Jos\xc3\xa9");                        /* already NFC */
	S_is("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", "\xed\x95\x9c"); /* jamo -> 한 */
	S_is("\xed\x95\x9c", "\xed\x95\x9c");
	S_is("A\xcc\x8a" "ngstr\xc3\xb6m", "\xc3\x85ngstr\xc3\xb6m");  /* A + ring -> Å */
	S_is("\xe2\x84\xab", "\xc3\x85");           /* U+212B ANGSTROM SIGN is Å in NFC */
	S_is("x\xff" "e\xcc\x81", "x_e\xcc\x81");   /* not UTF-8: the bytes as given, one '_' */
	S_is("\xe2\x80\xae" "e\xcc\x81", "_\xc3\xa9"); /* an override still becomes '_' */
	/* longer than the stack buffer: libunistring's own allocation, cut at 100 bytes */
	char big[1200] = "";
	for (int i = 0; i < 300; i++)
		strcat(big, "e\xcc\x81");
	char out[101], want[101] = "";
	for (int i = 0; i < 50; i++)
		strcat(want, "\xc3\xa9");
	assert_int_equal(sb_safe_name(big, out, sizeof out), 100);
	assert_string_equal(out, want);
}

static void test_cut_at_a_character(void **state)
{
	(void)state;
	char out[8];
	/* 李 is 3 bytes: two fit in 7, the third would be cut in half and is left out. */
	assert_int_equal(sb_safe_name("李李李", out, sizeof out), 6);
	assert_string_equal(out, "李李");
	char big[200];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	char o2[101];
	assert_int_equal(sb_safe_name(big, o2, sizeof o2), 100);
}

/* report --all with zh, ja and ar ids, two of them equal and one equal but for case: one file
 * each, named by the id, collisions numbered -2, -3, never overwritten. */
static void test_report_all_names(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *dir = sb_join(tmp, "out");
	char *csv = sb_join(tmp, "ids.csv");
	char *src = sb_src_path("tests/data/report_answers.csv");
	char *fixture = sb_read_file(src, NULL);
	free(src);
	char *header_end = strchr(fixture, '\n');
	char *answers = strchr(header_end + 1, ',');
	size_t alen = strcspn(answers, "\n");
	const char *ids[] = { "李明", "李明", "さくら", "محمد", "Ann", "ann", "李明-2",
		              "Jos\xc3\xa9", "Jos\x65\xcc\x81", NULL };
	char *body = calloc(1, strlen(fixture) * 10);
	strncat(body, fixture, (size_t)(header_end - fixture) + 1);
	for (size_t i = 0; ids[i]; i++) {
		strcat(body, ids[i]);
		strncat(body, answers, alen);
		strcat(body, "\n");
	}
	sb_write_file(csv, body, strlen(body));
	free(body);
	free(fixture);
	const char *argv[] = { "securebase", "--lang", "en", "report", csv, "--all", "--out-dir",
		               dir, "--format", "json", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.err, "9 reports written"));
	assert_true(sb_contains(r.err, "id '李明' repeats row 2; written as 李明-2.json"));
	sb_run_free(&r);
	/* Each file holds its own respondent. */
	static const struct {
		const char *file, *id;
	} want[] = {
		{ "李明.json", "李明" },   { "李明-2.json", "李明" },   { "さくら.json", "さくら" },
		{ "محمد.json", "محمد" },   { "Ann.json", "Ann" },       { "ann-2.json", "ann" },
		{ "李明-2-2.json", "李明-2" },
		/* the same name, composed and decomposed: one name in NFC, the second numbered; each
		 * report keeps its id's own bytes */
		{ "Jos\xc3\xa9.json", "Jos\xc3\xa9" }, { "Jos\xc3\xa9-2.json", "Jos\x65\xcc\x81" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *p = sb_join(dir, want[i].file);
		char *data = sb_read_file(p, NULL);
		if (!data)
			fail_msg("no %s", want[i].file);
		char needle[128];
		snprintf(needle, sizeof needle, "\"respondent\": \"%s\"", want[i].id);
		if (!sb_contains(data, needle))
			fail_msg("%s does not hold %s", want[i].file, needle);
		free(data);
		free(p);
	}
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 9);
	free(csv);
	free(dir);
	sb_rmtree(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scripts_kept),
		cmocka_unit_test(test_unsafe_replaced),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_cut_at_a_character),
		cmocka_unit_test(test_report_all_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* test_cmd_report.c — `securebase report` end to end: the real binary on a fixture answers CSV,
 * every format, golden files, hostile ids under --all, file modes and exit statuses. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#include "base/buf.h"
#include "render/render.h"

/* Paths are relative to the source tree (the runs' working folder), so messages are stable. */
#define S_CSV "tests/data/report_answers.csv"
static const char *const S_env[] = { "SOURCE_DATE_EPOCH=1772366400", NULL }; /* 2026-03-01 */

static sb_run_result S_report(const char *const *args)
{
	const char *argv[32] = { "securebase" };
	size_t n = 1;
	for (; args[n - 1]; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	return sb_run(argv, NULL, 0, S_env, SB_SOURCE_DIR);
}

static void S_expect(const char *const *args, int status, const char *err_has)
{
	sb_run_result r = S_report(args);
	if (r.status != status)
		fail_msg("exit %d, wanted %d; stderr: %s", r.status, status, r.err);
	if (err_has && !sb_contains(r.err, err_has))
		fail_msg("stderr lacks \"%s\": %s", err_has, r.err);
	sb_run_free(&r);
}

/* ---- one respondent --------------------------------------------------------------------- */

static void test_text(void **state)
{
	(void)state;
	sb_run_result r = S_report((const char *[]){ "--lang", "en", "report", S_CSV, "--id", "r01",
	                                             NULL });
	if (r.status != 0)
		fail_msg("exit %d: %s", r.status, r.err);
	assert_string_equal(r.err, "");
	assert_true(sb_contains(r.out, "r01"));
	assert_true(sb_contains(r.out, "2026-03-01"));
	sb_assert_golden(r.out, r.out_len, "report_r01.txt");
	/* Text is the default format: the same bytes as --format text in test_regress.c. */
	sb_run_free(&r);
}

static void test_md(void **state)
{
	(void)state;
	sb_run_result r = S_report((const char *[]){ "--lang", "en", "report", S_CSV, "--id", "r01",
	                                             "--format", "md", NULL });
	assert_int_equal(r.status, 0);
	sb_run_free(&r);
	r = S_report((const char *[]){ "--lang", "zh", "report", S_CSV, "--id", "r02", "--format",
	                               "md", NULL });
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "过往伤痛的影响"));
	sb_run_free(&r);
}

static void test_json(void **state)
{
	(void)state;
	sb_run_result r = S_report((const char *[]){ "--lang", "en", "report", S_CSV, "--id", "r01",
	                                             "--format", "json", NULL });
	assert_int_equal(r.status, 0);
	json_error_t e;
	json_t *j = json_loads(r.out, 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "schema")), "securebase-report/1");
	assert_string_equal(json_string_value(json_object_get(j, "respondent")), "r01");
	assert_string_equal(json_string_value(json_object_get(j, "date")), "2026-03-01");
	/* r01 left cmp03 empty: 7 of 8 comparison items answered. */
	json_t *cmp = json_array_get(json_object_get(j, "scales"), 5);
	assert_string_equal(json_string_value(json_object_get(cmp, "id")), "comparison");
	assert_int_equal(json_integer_value(json_object_get(cmp, "answered")), 7);
	json_decref(j);
	sb_run_free(&r);
}

static void test_counsellor(void **state)
{
	(void)state;
	sb_run_result r = S_report((const char *[]){ "--lang", "en", "report", S_CSV, "--id", "r01",
	                                             "--format", "md", "--audience", "counsellor",
	                                             NULL });
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "For the counsellor"));
	assert_true(sb_contains(r.out, "Answers item by item"));
	assert_true(sb_contains(r.out, "cmp03"));
	sb_run_free(&r);
	r = S_report((const char *[]){ "--lang", "en", "report", S_CSV, "--id", "r01", "--format",
	                               "md", NULL });
	assert_int_equal(r.status, 0);
	assert_false(sb_contains(r.out, "For the counsellor"));
	sb_run_free(&r);
}

/* No element called script anywhere in the tree. */
static bool S_has_script(xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, BAD_CAST "script") == 0)
			return true;
		if (S_has_script(n->children))
			return true;
	}
	return false;
}

static void test_html_hostile_id(void **state)
{
	(void)state;
	sb_run_result r = S_report((const char *[]){ "--lang", "en", "report", S_CSV, "--id",
	                                             "<script>alert(1)</script>", "--format", "html",
	                                             NULL });
	if (r.status != 0)
		fail_msg("exit %d: %s", r.status, r.err);
	xmlDoc *doc = xmlReadMemory(r.out, (int)r.out_len, "report.html", "UTF-8",
	                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		fail_msg("the HTML report is not well-formed XML");
	assert_false(S_has_script(xmlDocGetRootElement(doc)));
	xmlFreeDoc(doc);
	assert_null(strstr(r.out, "<script"));
	assert_null(strstr(r.out, "alert(1)</"));
	assert_true(sb_contains(r.out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	sb_run_free(&r);
}

static void test_pdf(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *pdf = sb_join(tmp, "r01.pdf");
	const char *args[] = { "--lang", "zh", "report", S_CSV, "--id", "r01", "--format", "pdf",
		               "--audience", "counsellor", "-o", pdf, NULL };
	if (!sb_format_available(SB_FORMAT_PDF)) {
		S_expect(args, 69, "PDF output is not built");
		goto done;
	}
	S_expect(args, 0, NULL);
	struct stat st;
	assert_int_equal(stat(pdf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	if (!sb_has_tool("pdfinfo") || !sb_has_tool("pdffonts") || !sb_has_tool("pdftotext")) {
		fprintf(stderr, "poppler-utils missing: PDF contents not checked\n");
		goto done;
	}
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
	char *info = sb_sh(cmd);
	assert_true(sb_contains(info, "(A4)"));
	const char *pages = strstr(info, "Pages:");
	assert_non_null(pages);
	int n = atoi(pages + 6);
	assert_true(n >= 2);
	/* The counsellor copy is meant to stay compact (issue 4 aims at 4 pages). */
	fprintf(stderr, "counsellor PDF: %d pages\n", n);
	free(info);
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", pdf);
	char *fonts = sb_sh(cmd);
	/* After the two header lines, every font row says "yes" in the emb column. */
	size_t rows = 0;
	char *save = NULL;
	int line = 0;
	for (char *l = strtok_r(fonts, "\n", &save); l; l = strtok_r(NULL, "\n", &save), line++) {
		if (line < 2)
			continue;
		rows++;
		/* The type may be several words ("CID Type 0C"); from the end the columns are the
		 * object id (two numbers), uni, sub and emb. */
		char *tok[16];
		int nt = 0;
		char *s2 = NULL;
		for (char *w = strtok_r(l, " ", &s2); w && nt < 16; w = strtok_r(NULL, " ", &s2))
			tok[nt++] = w;
		assert_true(nt >= 7);
		assert_string_equal(tok[nt - 5], "yes");
	}
	assert_true(rows >= 1);
	free(fonts);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
	char *text = sb_sh(cmd);
	assert_true(sb_contains(text, "依恋焦虑"));
	assert_true(sb_contains(text, "过往伤痛的影响"));
	assert_true(sb_contains(text, "r01"));
	free(text);
done:
	free(pdf);
	sb_rmtree(tmp);
	free(tmp);
}

/* The lines of a PDF as pdftotext -bbox sees them: "page y x_min x_max text" per line, the
 * words of a line (same page, same top to 0.01 pt) joined in order and their boxes to 0.01 pt.
 * A glyph drawn apart (pdf_glyphs.c's outlines) splits a line into words, so lines, not words. */
static char *S_lines(const char *pdf)
{
	size_t n;
	sb_pdf_word *w = sb_pdf_words(pdf, &n);
	size_t room = 1;
	for (size_t i = 0; i < n; i++)
		room += strlen(w[i].text) + 64;
	char *out = malloc(room);
	assert_non_null(out);
	size_t len = 0;
	for (size_t i = 0, k; i < n; i = k) {
		double top = round(w[i].y_min * 100) / 100;
		for (k = i; k < n && w[k].page == w[i].page && round(w[k].y_min * 100) / 100 == top; k++)
			;
		len += (size_t)sprintf(out + len, "%d %.2f %.2f %.2f ", w[i].page, top, w[i].x_min,
		                       w[k - 1].x_max);
		for (size_t j = i; j < k; j++)
			len += (size_t)sprintf(out + len, "%s", w[j].text);
		out[len++] = '\n';
	}
	out[len] = '\0';
	sb_pdf_words_free(w, n);
	return out;
}

/* How many fonts pdffonts lists whose name holds face. */
static int S_fonts_named(const char *pdf, const char *face)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", pdf);
	char *fonts = sb_sh(cmd);
	int n = 0;
	for (const char *p = fonts; (p = strstr(p, face)); p++)
		n++;
	free(fonts);
	return n;
}

/* PDFs set their Chinese text from the CJK faces cut down to the characters in use
 * (src/render/pdf/pdf_fonts.c): the same lines in the same places as from the whole font, a
 * smaller file, and a character outside the cut faces still drawn (from the whole font). */
static void test_pdf_cut_fonts(void **state)
{
	(void)state;
	if (!sb_format_available(SB_FORMAT_PDF) || !sb_has_tool("pdftotext") ||
	    !sb_has_tool("pdffonts") || !sb_has_tool("pdftoppm"))
		skip();
	char *tmp = sb_tmpdir();
	const char *const whole_env[] = { "SOURCE_DATE_EPOCH=1772366400", "SECUREBASE_PDF_SUBSET=0",
		                          NULL };
	for (int k = 0; k < 2; k++) {
		const char *lang = k ? "en" : "zh";
		char *cut = sb_join(tmp, "cut.pdf"), *whole = sb_join(tmp, "whole.pdf");
		const char *a1[] = { "securebase", "--lang", lang, "report", S_CSV, "--id", "r01",
			             "-o", cut, NULL };
		const char *a2[] = { "securebase", "--lang", lang, "report", S_CSV, "--id", "r01",
			             "-o", whole, NULL };
		sb_run_result r = sb_run(a1, NULL, 0, S_env, SB_SOURCE_DIR);
		assert_int_equal(r.status, 0);
		sb_run_free(&r);
		r = sb_run(a2, NULL, 0, whole_env, SB_SOURCE_DIR);
		assert_int_equal(r.status, 0);
		sb_run_free(&r);
		char *l1 = S_lines(cut), *l2 = S_lines(whole);
		assert_true(strlen(l1) > 2000);
		assert_string_equal(l1, l2);
		struct stat s1, s2;
		assert_int_equal(stat(cut, &s1), 0);
		assert_int_equal(stat(whole, &s2), 0);
		fprintf(stderr, "%s report: %lld bytes from the cut faces, %lld from the whole font\n",
		        lang, (long long)s1.st_size, (long long)s2.st_size);
#if defined(SB_WITH_HB_SUBSET)
		if (k == 0)
			assert_true(s1.st_size < s2.st_size * 3 / 4);
		assert_int_equal(S_fonts_named(cut, "NotoSansCJKsc-Regular"), 1);
#endif
		free(l1);
		free(l2);
		free(cut);
		free(whole);
	}

	/* The second report's id is in characters neither the bank nor the first report has. */
	char *csv = sb_read_file(SB_SOURCE_DIR "/" S_CSV, NULL);
	char *r02 = strstr(csv, "\nr02,"), *r03 = strstr(csv, "\nr03,");
	assert_true(r02 && r03);
	*r03 = '\0';
	sb_buf in = { 0 };
	sb_buf_printf(&in, "%.*s\n\xe9\xbe\x98\xe9\xb1\xbb%s\n", (int)(r02 - csv), csv, r02 + 4);
	char *path = sb_join(tmp, "rare.csv");
	sb_write_file(path, in.data, in.len);
	char *dir = sb_join(tmp, "out");
	const char *a3[] = { "securebase", "--lang", "zh", "-q", "report", path, "--all", "--format",
		             "pdf", "--out-dir", dir, NULL };
	const char *const one_env[] = { "SOURCE_DATE_EPOCH=1772366400", "SECUREBASE_JOBS=1", NULL };
	sb_run_result r = sb_run(a3, NULL, 0, one_env, SB_SOURCE_DIR); /* both in one process */
	assert_int_equal(r.status, 0);
	sb_run_free(&r);
	char *pdf = sb_join(dir, "\xe9\xbe\x98\xe9\xb1\xbb.pdf");
	char *lines = S_lines(pdf);
	assert_true(sb_contains(lines, "\xe9\xbe\x98\xe9\xb1\xbb"));
#if defined(SB_WITH_HB_SUBSET)
	assert_int_equal(S_fonts_named(pdf, "NotoSansCJKsc-Regular"), 2); /* cut, and whole */
#endif
	/* Ink where the id is in the running header: a greyscale crop of its box at 144 dpi. */
	char cmd[2048], *pg = sb_join(tmp, "id");
	snprintf(cmd, sizeof cmd, "pdftotext -bbox -f 1 -l 1 '%s' - | grep '\xe9\xbe\x98\xe9\xb1\xbb'",
	         pdf);
	char *w = sb_sh(cmd);
	double x0 = atof(strstr(w, "xMin=\"") + 6), x1 = atof(strstr(w, "xMax=\"") + 6);
	double y0 = atof(strstr(w, "yMin=\"") + 6), y1 = atof(strstr(w, "yMax=\"") + 6);
	snprintf(cmd, sizeof cmd, "pdftoppm -gray -r 144 -f 1 -l 1 -singlefile -x %d -y %d -W %d -H %d "
	         "'%s' '%s'", (int)(2 * x0), (int)(2 * y0), (int)(2 * (x1 - x0)) + 1,
	         (int)(2 * (y1 - y0)) + 1, pdf, pg);
	assert_int_equal(system(cmd), 0);
	char *pgm_path = sb_join(tmp, "id.pgm");
	size_t n = 0;
	char *pgm = sb_read_file(pgm_path, &n);
	int width = 0, height = 0;
	assert_int_equal(sscanf(pgm, "P5 %d %d 255", &width, &height), 2);
	assert_true(width > 0 && height > 0 && n > (size_t)width * (size_t)height);
	int darkest = 255;
	for (size_t i = n - (size_t)width * (size_t)height; i < n; i++) /* the pixels end the file */
		if ((unsigned char)pgm[i] < darkest)
			darkest = (unsigned char)pgm[i];
	assert_true(darkest < 160); /* the running header's grey; blank is 255 */
	free(pgm);
	free(pgm_path);
	free(w);
	free(pg);
	free(lines);
	free(pdf);
	free(dir);
	free(path);
	sb_buf_free(&in);
	free(csv);
	sb_rmtree(tmp);
	free(tmp);
}

static void test_output_file(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *out = sb_join(tmp, "r02.md");
	S_expect((const char *[]){ "--lang", "en", "report", S_CSV, "--id", "r02", "--format", "md",
	                           "-o", out, NULL }, 0, NULL);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	size_t n;
	char *data = sb_read_file(out, &n);
	sb_run_result r = S_report((const char *[]){ "--lang", "en", "report", S_CSV, "--id", "r02",
	                                             "--format", "md", "-o", "-", NULL });
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, n);
	assert_memory_equal(r.out, data, n);
	sb_run_free(&r);
	free(data);
	/* Only the report itself: no temporary file left beside it. */
	DIR *d = opendir(tmp);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)))
		files += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(files, 1);
	free(out);
	sb_rmtree(tmp);
	free(tmp);
}

/* ---- every respondent ------------------------------------------------------------------- */

/* The names in dir, sorted, joined with '|'; checks each is a private regular file with a safe
 * name. */
static char *S_listing(const char *dir)
{
	char *names[256];
	size_t n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		assert_true(n < 256);
		const char *s = e->d_name;
		if (s[0] == '.')
			fail_msg("hidden or temporary file '%s' in the out-dir", s);
		/* Letters of every script stay; nothing a path or a terminal cannot hold. */
		for (const char *p = s; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f || strchr("/\\:*?\"<>|", *p))
				fail_msg("unsafe character in '%s'", s);
		char *p = sb_join(dir, s);
		struct stat st;
		assert_int_equal(lstat(p, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_true(st.st_size > 0);
		free(p);
		names[n++] = strdup(s);
	}
	closedir(d);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(names[i]) + 1;
	char *out = calloc(1, len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, "|");
		strcat(out, names[i]);
		free(names[i]);
	}
	return out;
}

static void test_all(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *dir = sb_join(tmp, "out");
	sb_run_result r = S_report((const char *[]){ "--lang", "en", "report", S_CSV, "--all",
	                                             "--out-dir", dir, "--format", "json", NULL });
	/* r03 has a 9 in sw04 (column 20): reported, the others still written, exit 65. */
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, S_CSV ":4:20: "));
	assert_true(sb_contains(r.err, "3 reports written to "));
	assert_true(sb_contains(r.err, "1 row rejected"));
	assert_null(strchr(r.err, '\r')); /* no progress bar on a pipe */
	assert_string_equal(r.out, "");
	sb_run_free(&r);
	struct stat st;
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	char *list = S_listing(dir);
	assert_string_equal(list, "_script_alert(1)__script_.json|r01.json|r02.json");
	free(list);
	/* Each file is that respondent's report. */
	char *p = sb_join(dir, "_script_alert(1)__script_.json");
	char *data = sb_read_file(p, NULL);
	json_t *j = json_loads(data, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "respondent")),
	                    "<script>alert(1)</script>");
	json_decref(j);
	free(data);
	free(p);
	/* Again, as the counsellor's copy in Markdown, into the existing folder. */
	r = S_report((const char *[]){ "--quiet", "--lang", "en", "report", S_CSV, "--all",
	                               "--out-dir", dir, "--format", "md", "--audience",
	                               "counsellor", NULL });
	assert_int_equal(r.status, 65);
	assert_false(sb_contains(r.err, "reports written")); /* --quiet */
	sb_run_free(&r);
	p = sb_join(dir, "r01.md");
	data = sb_read_file(p, NULL);
	assert_true(sb_contains(data, "For the counsellor"));
	free(data);
	free(p);
	free(dir);
	sb_rmtree(tmp);
	free(tmp);
}

static void test_all_hostile_ids(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *dir = sb_join(tmp, "out");
	char *csv = sb_join(tmp, "hostile.csv");
	/* The fixture's header and r01's answers under hostile ids. */
	char *src = sb_src_path(S_CSV);
	char *fixture = sb_read_file(src, NULL);
	free(src);
	char *header_end = strchr(fixture, '\n');
	char *answers = strchr(header_end + 1, ',');
	size_t alen = strcspn(answers, "\n");
	char longid[301];
	memset(longid, 'a', 300);
	longid[300] = '\0';
	const char *ids[] = { "../../etc/x", "", longid, "\"a\x01" "b\x7f\"", "..", ".", "dup", "dup",
		              "DUP", "a/b", "张三", "李四", "/abs", NULL };
	size_t cap = strlen(fixture) * 20;
	char *body = calloc(1, cap);
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
		               dir, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, S_env, NULL);
	/* The empty id cannot be scored (row 3): reported, exit 65; every other row written. */
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, ":3:"));
	assert_true(sb_contains(r.err, "12 reports written"));
	sb_run_free(&r);
	char *list = S_listing(dir);
	char want[1024];
	snprintf(want, sizeof want,
	         "DUP-3.txt|_.txt|__.txt|___.._etc_x.txt|_abs.txt|a_b.txt|a_b_.txt|%.100s.txt|"
	         "dup-2.txt|dup.txt|张三.txt|李四.txt", longid);
	assert_string_equal(list, want);
	free(list);
	/* Nothing was written outside the folder. */
	DIR *d = opendir(tmp);
	struct dirent *e;
	int entries = 0;
	while ((e = readdir(d)))
		entries += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	assert_int_equal(entries, 2); /* hostile.csv and out */
	free(csv);
	free(dir);
	sb_rmtree(tmp);
	free(tmp);
}

static void test_all_progress_on_a_terminal(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *dir = sb_join(tmp, "out");
	char *csv = sb_src_path(S_CSV);
	char *out;
	char *const argv[] = { (char *)SB_BINARY, "--lang", "en", "report", csv, "--all",
		               "--out-dir", dir, "--format", "md", NULL };
	assert_int_equal(sb_pty_run(argv, &out), 65);
	/* three reports take well under the half second before a bar appears (test_progress shows
	 * it on long runs); if one was drawn, it was cleared before the last lines */
	const char *bar = strstr(out, " reports/s");
	assert_true(!bar || strstr(bar, "\r\033[K"));
	assert_true(sb_contains(out, "3 reports written to "));
	assert_true(sb_contains(out, S_CSV ":4:20: "));
	free(out);
	/* A PDF is never poured onto a terminal. */
	char *const pdf[] = { (char *)SB_BINARY, "report", csv, "--id", "r01", "--format", "pdf",
		              NULL };
	assert_int_equal(sb_pty_run(pdf, &out), sb_format_available(SB_FORMAT_PDF) ? 64 : 69);
	assert_null(strstr(out, "%PDF"));
	free(out);
	free(csv);
	free(dir);
	sb_rmtree(tmp);
	free(tmp);
}

/* ---- exit statuses ---------------------------------------------------------------------- */

static void test_statuses(void **state)
{
	(void)state;
	/* 65: an id not in the file, and the row asked for cannot be scored. */
	S_expect((const char *[]){ "report", S_CSV, "--id", "nobody", NULL }, 65,
	         "no respondent with id 'nobody' in " S_CSV);
	S_expect((const char *[]){ "report", S_CSV, "--id", "r03", NULL }, 65, S_CSV ":4:20: ");
	/* A control character in an id is never echoed raw. */
	sb_run_result r = S_report((const char *[]){ "report", S_CSV, "--id", "x\x1b[2J", NULL });
	assert_int_equal(r.status, 65);
	assert_null(strchr(r.err, '\x1b'));
	assert_true(sb_contains(r.err, "x\\x1B[2J"));
	sb_run_free(&r);
	/* 66: no such input. */
	S_expect((const char *[]){ "report", "tests/data/no-such.csv", "--id", "r01", NULL }, 66,
	         NULL);
	/* 64: options. */
	S_expect((const char *[]){ "report", S_CSV, NULL }, 64, "give either --id ID or --all");
	S_expect((const char *[]){ "report", S_CSV, "--id", "r01", "--all", "--out-dir", "x", NULL },
	         64, "give either --id ID or --all");
	S_expect((const char *[]){ "report", S_CSV, "--all", NULL }, 64, "--all needs --out-dir");
	S_expect((const char *[]){ "report", S_CSV, "--all", "--out-dir", "x", "-o", "y", NULL }, 64,
	         "-o is for --id");
	S_expect((const char *[]){ "report", S_CSV, "--id", "r01", "--out-dir", "x", NULL }, 64,
	         "--out-dir is for --all");
	S_expect((const char *[]){ "report", S_CSV, "--id", "r01", "--format", "docx", NULL }, 64,
	         "--format takes text, md, html, pdf or json");
	S_expect((const char *[]){ "report", S_CSV, "--id", "r01", "--audience", "partner", NULL },
	         64, "--audience takes self or counsellor");
	S_expect((const char *[]){ "report", "--id", "r01", NULL }, 64, "name the answers CSV");
	S_expect((const char *[]){ "report", S_CSV, S_CSV, "--id", "r01", NULL }, 64,
	         "one answers CSV only");
	S_expect((const char *[]){ "report", S_CSV, "--bogus", NULL }, 64, "unknown option");
	S_expect((const char *[]){ "report", S_CSV, "--id", NULL }, 64, "needs a value");
	/* 73: the out-dir cannot be made (its parent is a file) or is a file. */
	char *tmp = sb_tmpdir();
	char *file = sb_join(tmp, "file");
	sb_write_file(file, "x", 1);
	char *sub = sb_join(file, "sub");
	S_expect((const char *[]){ "report", S_CSV, "--all", "--out-dir", sub, NULL }, 73,
	         "cannot create the folder");
	S_expect((const char *[]){ "report", S_CSV, "--all", "--out-dir", file, NULL }, 73,
	         "not a folder");
	/* 73: -o into a folder that does not exist; nothing is left behind. */
	S_expect((const char *[]){ "report", S_CSV, "--id", "r01", "-o", sub, NULL }, 73, NULL);
	free(sub);
	free(file);
	sb_rmtree(tmp);
	free(tmp);
	/* --help names every option. */
	r = S_report((const char *[]){ "report", "--help", NULL });
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "Usage: securebase report INPUT.csv"));
	assert_true(sb_contains(r.out, "--audience"));
	sb_run_free(&r);
}

static void test_stdin(void **state)
{
	(void)state;
	char *src = sb_src_path(S_CSV);
	size_t n;
	char *csv = sb_read_file(src, &n);
	const char *argv[] = { "securebase", "--lang", "en", "report", "-", "--id", "r01", NULL };
	sb_run_result r = sb_run(argv, csv, n, S_env, NULL);
	assert_int_equal(r.status, 0);
	sb_assert_golden(r.out, r.out_len, "report_r01.txt");
	sb_run_free(&r);
	free(csv);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_counsellor),
		cmocka_unit_test(test_html_hostile_id),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_pdf_cut_fonts),
		cmocka_unit_test(test_output_file),
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_all_hostile_ids),
		cmocka_unit_test(test_all_progress_on_a_terminal),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_stdin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* test_cmd_compare.c — `securebase compare` end to end: the real binary on fixture CSVs, both
 * modes in every format (golden text, Markdown and JSON; well-formed HTML; PDF checked with
 * poppler), --with, --summary (a fixture and one made by `score --summary`), rows that cannot be
 * scored, output files and exit statuses. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#include "render/render.h"

/* Paths are relative to the source tree (the runs' working folder), so messages are stable. */
#define S_COUPLE "tests/data/compare_couple.csv"   /* default bank: p1 p2 bad blank c01_t1 c01_t2 */
#define S_PAIR "tests/data/compare_pair.csv"       /* compare_bank.yaml: t1 t2 */
#define S_BANK "tests/data/compare_bank.yaml"
#define S_SUMMARY "tests/data/compare_summary.json"
static const char *const S_env[] = { "SOURCE_DATE_EPOCH=1772366400", NULL }; /* 2026-03-01 */

/* Couple runs get --consent (test_care.c and tests/bad check the refusal without it). */
static sb_run_result S_compare(const char *const *args)
{
	const char *argv[40] = { "securebase" };
	size_t n = 1;
	bool retest = false;
	for (; args[n - 1]; n++) {
		argv[n] = args[n - 1];
		retest = retest || !strcmp(args[n - 1], "retest");
	}
	if (!retest)
		argv[n++] = "--consent";
	argv[n] = NULL;
	return sb_run(argv, NULL, 0, S_env, SB_SOURCE_DIR);
}

#define S_RUN(...) S_compare((const char *[]){ __VA_ARGS__, NULL })

static void S_ok(const sb_run_result *r)
{
	if (r->status != 0)
		fail_msg("exit %d; stderr: %s", r->status, r->err);
	assert_string_equal(r->err, "");
}

static void S_expect(const char *const *args, int status, const char *err_has)
{
	sb_run_result r = S_compare(args);
	if (r.status != status)
		fail_msg("exit %d, wanted %d; stderr: %s", r.status, status, r.err);
	if (err_has && !sb_contains(r.err, err_has))
		fail_msg("stderr lacks \"%s\": %s", err_has, r.err);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
}

#define S_FAILS(status, err, ...) S_expect((const char *[]){ __VA_ARGS__, NULL }, status, err)

static json_t *S_json(const sb_run_result *r)
{
	json_error_t e;
	json_t *j = json_loadb(r->out, r->out_len, 0, &e);
	if (!j)
		fail_msg("not JSON: %s at %d:%d", e.text, e.line, e.column);
	return j;
}

static const char *S_jstr(json_t *o, const char *path)
{
	/* "a.b.0.c": members and array indexes. */
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	json_t *v = o;
	for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
	if (!json_is_string(v))
		fail_msg("%s is not a string", path);
	return json_string_value(v);
}

static json_t *S_jget(json_t *o, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	json_t *v = o;
	for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
	if (!v)
		fail_msg("%s is missing", path);
	return v;
}

/* ---- couple ----------------------------------------------------------------------------- */

static void test_couple_text(void **state)
{
	(void)state;
	sb_run_result r = S_RUN("--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2");
	S_ok(&r);
	/* p1: anxiety 6, past hurt 5.5; p2: avoidance 6, communication 5.5. */
	assert_true(sb_contains(r.out, "ID: p1 · p2   Date: 2026-03-01"));
	assert_true(sb_contains(r.out, "The pursue–withdraw cycle"));
	assert_true(sb_contains(r.out, "p1: Attachment anxiety High; p2: Attachment avoidance High"));
	assert_true(sb_contains(r.out, "Old hurt still in the room"));
	assert_true(sb_contains(r.out, "Needs waiting to be heard"));
	assert_false(sb_contains(r.out, "Both of you need reassurance"));
	sb_assert_golden(r.out, r.out_len, "compare_couple.txt");
	sb_run_free(&r);
	/* couple is the default mode, text the default format. */
	r = S_RUN("--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--mode", "couple",
	          "--format", "text");
	S_ok(&r);
	sb_assert_golden(r.out, r.out_len, "compare_couple.txt");
	sb_run_free(&r);
}

static void test_couple_md(void **state)
{
	(void)state;
	sb_run_result r = S_RUN("--lang", "zh", "compare", S_COUPLE, "--ids", "p2,p1", "--format",
	                        "md");
	S_ok(&r);
	/* The other order: p2 now takes the avoidance side of the same cycle. */
	assert_true(sb_contains(r.out, "一追一退的循环"));
	assert_true(sb_contains(r.out, "p2：依恋回避 较高；p1：依恋焦虑 较高"));
	assert_true(sb_contains(r.out, "你们差别最大的地方"));
	sb_run_free(&r);
	r = S_RUN("--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--format", "md",
	          "--audience", "counsellor");
	S_ok(&r);
	assert_true(sb_contains(r.out, "For the counsellor"));
	assert_true(sb_contains(r.out, "| sw03 | Self-doubt (low self-worth) | R | 4 → 4 | 5 → 3 |"));
	sb_run_free(&r);
}

static void test_couple_json(void **state)
{
	(void)state;
	sb_run_result r = S_RUN("--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--format",
	                        "json");
	S_ok(&r);
	json_t *j = S_json(&r);
	assert_string_equal(S_jstr(j, "schema"), "securebase-compare/1");
	assert_string_equal(S_jstr(j, "mode"), "couple");
	assert_string_equal(S_jstr(j, "date"), "2026-03-01");
	assert_string_equal(S_jstr(j, "people.0.id"), "p1");
	assert_string_equal(S_jstr(j, "people.0.style.id"), "preoccupied");
	assert_string_equal(S_jstr(j, "people.1.style.id"), "dismissive");
	/* |differences| (bank 2.0): anxiety 3, avoidance 3, past hurt 2.5, communication 1.5,
	 * self-worth 1, comparison 0.25 (ties in bank order). */
	assert_string_equal(S_jstr(j, "order.0"), "anxiety");
	assert_string_equal(S_jstr(j, "order.1"), "avoidance");
	assert_string_equal(S_jstr(j, "order.2"), "past_hurt");
	assert_string_equal(S_jstr(j, "order.5"), "comparison");
	assert_float_equal(json_real_value(S_jget(j, "scales.0.difference")), -3.0, 1e-12);
	assert_true(json_is_true(S_jget(j, "consent")));
	assert_true(json_is_null(S_jget(j, "texts.no_verdict")));
	assert_null(json_object_get(json_array_get(json_object_get(j, "scales"), 0),
	                            "reliable_change"));
	json_t *pats = S_jget(j, "patterns");
	assert_int_equal(json_array_size(pats), 3);
	assert_string_equal(S_jstr(j, "patterns.0.id"), "pursue_withdraw");
	assert_int_equal(json_integer_value(S_jget(j, "patterns.0.partners.0.conditions.0")), 1);
	assert_int_equal(json_integer_value(S_jget(j, "patterns.0.partners.1.conditions.0")), 2);
	assert_int_equal(json_array_size(S_jget(j, "patterns.0.partners.0.starters")), 2);
	assert_string_equal(S_jstr(j, "patterns.1.id"), "past_hurt");
	assert_int_equal(json_array_size(S_jget(j, "patterns.1.partners.1.conditions")), 0);
	assert_string_equal(S_jstr(j, "patterns.2.id"), "communication_gap");
	assert_true(json_is_true(S_jget(j, "patterns.1.seek_help")));
	assert_string_equal(S_jstr(j, "texts.professional_help.placement"), "after_overview");
	/* Steps in the order the patterns first suggest them, each once. */
	assert_string_equal(S_jstr(j, "texts.steps.0.id"), "boundaries_triggers");
	assert_string_equal(S_jstr(j, "texts.steps.1.id"), "open_communication");
	assert_string_equal(S_jstr(j, "texts.steps.2.id"), "self_reflection");
	assert_string_equal(S_jstr(j, "texts.steps.3.id"), "professional_help");
	assert_int_equal(json_array_size(S_jget(j, "texts.steps")), 4);
	assert_null(json_object_get(j, "items"));
	json_decref(j);
	sb_run_free(&r);
}

/* ---- retest ----------------------------------------------------------------------------- */

static void test_retest_text(void **state)
{
	(void)state;
	sb_run_result r = S_RUN("--lang", "en", "--bank", S_BANK, "compare", S_PAIR, "--ids", "t1,t2",
	                        "--mode", "retest", "--summary", S_SUMMARY);
	S_ok(&r);
	assert_true(sb_contains(r.out, "ID: t1 → t2"));
	assert_true(sb_contains(r.out, "Movement  from Preoccupied to Secure"));
	assert_true(sb_contains(r.out, "−2.50 (lower)  Reliable decrease"));
	assert_true(sb_contains(r.out, "+1.00 (higher)  Reliable increase"));
	/* the client's copy: the reasons per scale are the counsellor's */
	assert_false(sb_contains(r.out, "The cohort summary gives no SD or alpha for this scale"));
	sb_assert_golden(r.out, r.out_len, "compare_retest.txt");
	sb_run_free(&r);
}

static void test_retest_md(void **state)
{
	(void)state;
	/* Without a summary: only anxiety has a reliability (the bank's norms). */
	sb_run_result r = S_RUN("--lang", "en", "--bank", S_BANK, "compare", S_PAIR, "--ids", "t1,t2",
	                        "--mode", "retest", "--format", "md", "--audience", "counsellor");
	S_ok(&r);
	assert_true(sb_contains(r.out, "Without a reliability there is no verdict."));
	assert_true(sb_contains(r.out, "Avoidance: Neither the bank's norms nor a cohort summary "
	                               "give a reliability for this scale."));
	assert_true(sb_contains(r.out, "For a verdict: make a cohort summary"));
	assert_true(sb_contains(r.out, "| Anxiety | bank norms | 1.00 | 0.84 | 0.57 | −4.42 |"));
	sb_run_free(&r);
	r = S_RUN("--lang", "zh", "--bank", S_BANK, "compare", S_PAIR, "--ids", "t1,t2", "--mode",
	          "retest", "--format", "md", "--summary", S_SUMMARY);
	S_ok(&r);
	assert_true(sb_contains(r.out, "可靠的下降（改善）"));
	sb_run_free(&r);
}

static void test_retest_json(void **state)
{
	(void)state;
	sb_run_result r = S_RUN("--lang", "en", "--bank", S_BANK, "compare", S_PAIR, "--ids", "t1,t2",
	                        "--mode", "retest", "--summary", S_SUMMARY, "--format", "json");
	S_ok(&r);
	json_t *j = S_json(&r);
	assert_string_equal(S_jstr(j, "mode"), "retest");
	assert_string_equal(S_jstr(j, "summary"), S_SUMMARY);
	assert_string_equal(S_jstr(j, "style_movement.from"), "preoccupied");
	assert_string_equal(S_jstr(j, "style_movement.to"), "secure");
	assert_true(json_is_true(S_jget(j, "style_movement.moved")));
	/* Anxiety 5.5 -> 3.0, bank SD 1 and r .84: RCI -2.5 / 0.56568542 = -4.41941738. */
	assert_string_equal(S_jstr(j, "scales.0.reliable_change.source"), "bank");
	assert_float_equal(json_real_value(S_jget(j, "scales.0.reliable_change.rci")), -4.41941738,
	                   1e-8);
	assert_string_equal(S_jstr(j, "scales.0.reliable_change.verdict"), "improved");
	/* Avoidance 2 -> 3, summary SD .5 and alpha .75: 1 / 0.35355339 = 2.82842712. */
	assert_string_equal(S_jstr(j, "scales.1.reliable_change.source"), "summary");
	assert_float_equal(json_real_value(S_jget(j, "scales.1.reliable_change.rci")), 2.82842712,
	                   1e-8);
	assert_string_equal(S_jstr(j, "scales.1.reliable_change.verdict"), "deteriorated");
	/* Old hurt: the summary's SD is null. */
	assert_string_equal(S_jstr(j, "scales.2.reliable_change.verdict"), "no_verdict");
	assert_string_equal(S_jstr(j, "scales.2.reliable_change.no_verdict"), "summary_null");
	assert_true(json_is_null(S_jget(j, "scales.2.reliable_change.rci")));
	assert_float_equal(json_real_value(S_jget(j, "scales.2.difference")), -0.5, 1e-12);
	assert_string_equal(S_jstr(j, "texts.no_verdict"), "Without a reliability there is no verdict.");
	assert_null(json_object_get(j, "patterns"));
	json_decref(j);
	sb_run_free(&r);
}

/* --with: one client's first and later answers in two files under one id; and a summary that
 * `score --summary` made from a cohort. */
static void test_with_and_score_summary(void **state)
{
	(void)state;
	sb_run_result r = S_RUN("--lang", "en", "compare", "tests/data/compare_earlier.csv",
	                        "--ids", "c01,c01", "--with", "tests/data/compare_later.csv",
	                        "--mode", "retest", "--format", "md");
	S_ok(&r);
	/* One id: shown once. Fearful (anxiety 5.5 on bank 2.0) to secure (3.5). */
	assert_true(sb_contains(r.out, "**ID**: c01\\"));
	assert_true(sb_contains(r.out, "from Fearful–avoidant leaning to Secure leaning"));
	/* The default bank has no norms: every change shown, none judged, and why. */
	assert_true(sb_contains(r.out, "| Attachment anxiety | 5.50 (High) | 3.50 (Moderate) | "
	                               "−2.00 (lower) | No verdict |"));
	assert_true(sb_contains(r.out, "neither in the question bank's norms nor in a cohort summary"));
	sb_run_free(&r);

	/* A cohort summary made by the score command itself is accepted, and supplies the figures. */
	char *tmp = sb_tmpdir();
	char *scores = sb_join(tmp, "scores.csv"), *sum = sb_join(tmp, "summary.json");
	const char *sargv[] = { "securebase", "score", S_COUPLE, "-o", scores, "--summary", sum,
		                NULL };
	sb_run_result s = sb_run(sargv, NULL, 0, S_env, SB_SOURCE_DIR);
	assert_int_equal(s.status, 65); /* the fixture's bad row; the summary is still written */
	sb_run_free(&s);
	r = S_RUN("--lang", "en", "compare", "tests/data/compare_earlier.csv", "--ids", "c01,c01",
	          "--with", "tests/data/compare_later.csv", "--mode", "retest", "--summary", sum,
	          "--format", "json");
	S_ok(&r);
	json_t *j = S_json(&r);
	json_t *scales = S_jget(j, "scales");
	for (size_t i = 0; i < json_array_size(scales); i++) {
		json_t *rc = json_object_get(json_array_get(scales, i), "reliable_change");
		assert_string_equal(json_string_value(json_object_get(rc, "source")), "summary");
		/* The fixture's rows are made up and tidy: some scales' alpha is exactly 1, which
		 * leaves no measurement error and no index. */
		double rel = json_real_value(json_object_get(rc, "reliability"));
		if (rel < 1)
			assert_true(json_is_real(json_object_get(rc, "rci")));
		else
			assert_string_equal(json_string_value(json_object_get(rc, "no_verdict")),
			                    "degenerate");
	}
	json_decref(j);
	sb_run_free(&r);
	free(scores);
	free(sum);
	sb_rmtree(tmp);
	free(tmp);
}

/* ---- HTML and PDF ----------------------------------------------------------------------- */

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

static void S_well_formed(const sb_run_result *r)
{
	xmlDoc *doc = xmlReadMemory(r->out, (int)r->out_len, "compare.html", "UTF-8",
	                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		fail_msg("the HTML report is not well-formed XML");
	assert_false(S_has_script(xmlDocGetRootElement(doc)));
	xmlFreeDoc(doc);
}

static void test_html(void **state)
{
	(void)state;
	sb_run_result r = S_RUN("--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--format",
	                        "html", "--audience", "counsellor");
	S_ok(&r);
	S_well_formed(&r);
	assert_true(sb_contains(r.out, "The pursue–withdraw cycle"));
	sb_run_free(&r);
	r = S_RUN("--lang", "zh", "--bank", S_BANK, "compare", S_PAIR, "--ids", "t1,t2", "--mode",
	          "retest", "--format", "html");
	S_ok(&r);
	S_well_formed(&r);
	assert_true(sb_contains(r.out, "可靠的下降（改善）"));
	sb_run_free(&r);

	/* Hostile ids are escaped wherever they appear: header, chart labels, tables. */
	char *tmp = sb_tmpdir();
	char *csv = sb_join(tmp, "hostile.csv");
	char *src = sb_src_path(S_COUPLE);
	char *data = sb_read_file(src, NULL);
	char *eol1 = strchr(data, '\n'), *eol2 = strchr(eol1 + 1, '\n'), *eol3 = strchr(eol2 + 1, '\n');
	FILE *f = fopen(csv, "w");
	fprintf(f, "%.*s\n", (int)(eol1 - data), data);
	fprintf(f, "\"<script>alert(1)</script>\"%.*s\n", (int)(eol2 - strchr(eol1 + 1, ',')),
	        strchr(eol1 + 1, ','));
	fprintf(f, "a&b%.*s\n", (int)(eol3 - strchr(eol2 + 1, ',')), strchr(eol2 + 1, ','));
	fclose(f);
	r = S_RUN("--lang", "en", "compare", csv, "--ids", "<script>alert(1)</script>,a&b",
	          "--format", "html", "--audience", "counsellor");
	S_ok(&r);
	S_well_formed(&r);
	assert_null(strstr(r.out, "<script"));
	assert_true(sb_contains(r.out, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_true(sb_contains(r.out, "a&amp;b"));
	sb_run_free(&r);
	free(data);
	free(src);
	free(csv);
	sb_rmtree(tmp);
	free(tmp);
}

static void S_pdf_check(const char *pdf, const char *const *must)
{
	struct stat st;
	assert_int_equal(stat(pdf, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	if (!sb_has_tool("pdfinfo") || !sb_has_tool("pdffonts") || !sb_has_tool("pdftotext")) {
		fprintf(stderr, "poppler-utils missing: PDF contents not checked\n");
		return;
	}
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
	char *info = sb_sh(cmd);
	assert_true(sb_contains(info, "(A4)"));
	const char *pages = strstr(info, "Pages:");
	assert_non_null(pages);
	assert_true(atoi(pages + 6) >= 2);
	free(info);
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", pdf);
	char *fonts = sb_sh(cmd);
	/* Every font row (after two header lines) has "yes" in the emb column, the fifth from the
	 * end. */
	size_t rows = 0;
	int line = 0;
	char *save = NULL;
	for (char *l = strtok_r(fonts, "\n", &save); l; l = strtok_r(NULL, "\n", &save), line++) {
		if (line < 2)
			continue;
		char *tok[16], *s2 = NULL;
		int nt = 0;
		for (char *w = strtok_r(l, " ", &s2); w && nt < 16; w = strtok_r(NULL, " ", &s2))
			tok[nt++] = w;
		assert_true(nt >= 7);
		assert_string_equal(tok[nt - 5], "yes");
		rows++;
	}
	assert_true(rows >= 1);
	free(fonts);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
	char *text = sb_sh(cmd);
	for (size_t i = 0; must[i]; i++)
		if (!sb_contains(text, must[i]))
			fail_msg("the PDF's text lacks \"%s\"", must[i]);
	free(text);
}

static void test_pdf(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *couple = sb_join(tmp, "couple.pdf"), *retest = sb_join(tmp, "retest.pdf");
	const char *cargs[] = { "--lang", "zh", "compare", S_COUPLE, "--ids", "p1,p2", "--format",
		                "pdf", "--audience", "counsellor", "-o", couple, NULL };
	const char *rargs[] = { "--lang", "en", "--bank", S_BANK, "compare", S_PAIR, "--ids",
		                "t1,t2", "--mode", "retest", "--summary", S_SUMMARY, "--format",
		                "pdf", "-o", retest, NULL };
	if (!sb_format_available(SB_FORMAT_PDF)) {
		S_expect(cargs, 69, "PDF output is not built");
		goto done;
	}
	S_expect(cargs, 0, NULL);
	S_pdf_check(couple, (const char *[]){ "一追一退的循环", "依恋焦虑", "p1", "p2", NULL });
	S_expect(rargs, 0, NULL);
	S_pdf_check(retest, (const char *[]){ "Reliable decrease", "t1", "t2", NULL });
done:
	free(couple);
	free(retest);
	sb_rmtree(tmp);
	free(tmp);
}

/* ---- files, input, statuses ------------------------------------------------------------- */

static void test_output_file_and_stdin(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *out = sb_join(tmp, "c.md");
	S_FAILS(0, NULL, "--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--format", "md",
	        "-o", out);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	size_t n;
	char *data = sb_read_file(out, &n);
	sb_run_result r = S_RUN("--lang", "en", "compare", S_COUPLE, "--ids", "p1,p2", "--format",
	                        "md", "-o", "-");
	S_ok(&r);
	assert_int_equal(r.out_len, n);
	assert_memory_equal(r.out, data, n);
	sb_run_free(&r);
	/* Only the report: no temporary file left beside it. */
	DIR *d = opendir(tmp);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)))
		files += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(files, 1);

	/* Standard input gives the same report. */
	char *src = sb_src_path(S_COUPLE);
	size_t len;
	char *csv = sb_read_file(src, &len);
	const char *argv[] = { "securebase", "--lang", "en", "compare", "-", "--ids", "p1,p2",
		               "--format", "md", "--consent", NULL };
	r = sb_run(argv, csv, len, S_env, SB_SOURCE_DIR);
	S_ok(&r);
	assert_int_equal(r.out_len, n);
	assert_memory_equal(r.out, data, n);
	sb_run_free(&r);
	free(csv);
	free(src);
	free(data);
	free(out);
	sb_rmtree(tmp);
	free(tmp);
}

static void test_statuses(void **state)
{
	(void)state;
	/* One row that cannot be scored: its problem, then a clear message; exit 65. */
	S_FAILS(65, "tests/data/compare_couple.csv:4:6: com01: value 9 is outside 1..7\n"
	            "securebase: the row with id 'bad' in tests/data/compare_couple.csv cannot be "
	            "scored (see above); nothing to compare\n",
	        "compare", S_COUPLE, "--ids", "p1,bad");
	S_FAILS(65, "securebase: tests/data/compare_couple.csv:5: the row with id 'blank' cannot be "
	            "scored: too few answers for any scale; nothing to compare\n",
	        "compare", S_COUPLE, "--ids", "blank,p2");
	S_FAILS(65, "securebase: no row with id 'nobody' in tests/data/compare_couple.csv\n",
	        "compare", S_COUPLE, "--ids", "p1,nobody");
	S_FAILS(65, "securebase: no row with id 'p2' in tests/data/compare_later.csv\n",
	        "compare", S_COUPLE, "--ids", "p1,p2", "--with", "tests/data/compare_later.csv");
	/* Summaries: invalid (another bank's), or not there. */
	S_FAILS(65, "tests/data/compare_summary.json: this summary was made with bank \"pairbank\", "
	            "not \"securebase\"",
	        "compare", S_COUPLE, "--ids", "c01_t1,c01_t2", "--mode", "retest", "--summary",
	        S_SUMMARY);
	S_FAILS(66, "tests/data/none.json: cannot open the summary", "compare", S_COUPLE, "--ids",
	        "c01_t1,c01_t2", "--mode", "retest", "--summary", "tests/data/none.json");
	S_FAILS(66, "tests/data/none.csv: cannot open", "compare", "tests/data/none.csv", "--ids",
	        "a,b");
	S_FAILS(66, "tests/data/none.csv: cannot open", "compare", S_COUPLE, "--ids", "p1,p2",
	        "--with", "tests/data/none.csv");
	/* Usage. */
	S_FAILS(64, "name the two rows with --ids A,B", "compare", S_COUPLE);
	S_FAILS(64, "--ids takes two ids separated by one comma", "compare", S_COUPLE, "--ids", "p1");
	S_FAILS(64, "--ids takes two ids separated by one comma", "compare", S_COUPLE, "--ids",
	        "p1,p2,p3");
	S_FAILS(64, "--ids takes two ids separated by one comma", "compare", S_COUPLE, "--ids", ",p2");
	S_FAILS(64, "--ids names 'p1' twice", "compare", S_COUPLE, "--ids", "p1,p1");
	S_FAILS(64, "--summary is for --mode retest", "compare", S_COUPLE, "--ids", "p1,p2",
	        "--summary", S_SUMMARY);
	S_FAILS(64, "--mode takes couple or retest, not 'before'", "compare", S_COUPLE, "--ids",
	        "p1,p2", "--mode", "before");
	S_FAILS(64, "--format takes text, md, html, pdf or json", "compare", S_COUPLE, "--ids",
	        "p1,p2", "--format", "doc");
	S_FAILS(64, "--audience takes self or counsellor", "compare", S_COUPLE, "--ids", "p1,p2",
	        "--audience", "client");
	S_FAILS(64, "name the answers CSV", "compare", "--ids", "p1,p2");
	S_FAILS(64, "one answers CSV only", "compare", S_COUPLE, S_COUPLE, "--ids", "p1,p2");
	S_FAILS(64, "unknown option '--colour'", "compare", S_COUPLE, "--ids", "p1,p2", "--colour");
	S_FAILS(64, "standard input can be read only once", "compare", "-", "--ids", "a,b", "--with",
	        "-");
	/* An output that cannot be created: 73, nothing left behind. */
	S_FAILS(73, "/nonexistent/dir/c.txt", "compare", S_COUPLE, "--ids", "p1,p2", "-o",
	        "/nonexistent/dir/c.txt");
	/* A duplicate id: the first row is used, and the repeat is named. */
	char *tmp = sb_tmpdir();
	char *csv = sb_join(tmp, "dup.csv");
	char *src = sb_src_path(S_COUPLE);
	char *data = sb_read_file(src, NULL);
	char *line2 = strchr(data, '\n') + 1;
	FILE *f = fopen(csv, "w");
	fputs(data, f);
	fputs(line2 + 0, f); /* p1 and everything after it again */
	fclose(f);
	sb_run_result r = S_RUN("--lang", "en", "compare", csv, "--ids", "p1,p2", "--format", "json");
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.err, ":8: id 'p1' repeats row 2; the comparison uses row 2\n"));
	sb_run_free(&r);
	free(data);
	free(src);
	free(csv);
	sb_rmtree(tmp);
	free(tmp);
}

static void test_terminal(void **state)
{
	(void)state;
	char *csv = sb_src_path(S_COUPLE);
	char *out;
	/* A PDF is never poured onto a terminal. */
	char *const pdf[] = { (char *)SB_BINARY, "compare", csv, "--ids", "p1,p2", "--format", "pdf",
		              "--consent", NULL };
	assert_int_equal(sb_pty_run(pdf, &out), sb_format_available(SB_FORMAT_PDF) ? 64 : 69);
	assert_null(strstr(out, "%PDF"));
	free(out);
	/* Text on a terminal may use colour; NO_COLOR-free environment here. */
	char *const text[] = { (char *)SB_BINARY, "--lang", "en", "compare", csv, "--ids", "p1,p2",
		               "--consent", NULL };
	assert_int_equal(sb_pty_run(text, &out), 0);
	assert_true(sb_contains(out, "The pursue"));
	assert_true(sb_contains(out, "\033["));
	free(out);
	char *const plain[] = { (char *)SB_BINARY, "--lang", "en", "--no-color", "compare", csv,
		                "--ids", "p1,p2", "--consent", NULL };
	assert_int_equal(sb_pty_run(plain, &out), 0);
	assert_null(strstr(out, "\033["));
	free(out);
	free(csv);
}

static void test_help(void **state)
{
	(void)state;
	sb_run_result r = S_RUN("compare", "--help");
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "Usage: securebase compare INPUT.csv --ids A,B"));
	assert_true(sb_contains(r.out, "Exit status: 0 success, 64 usage, 65"));
	sb_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_couple_text),
		cmocka_unit_test(test_couple_md),
		cmocka_unit_test(test_couple_json),
		cmocka_unit_test(test_retest_text),
		cmocka_unit_test(test_retest_md),
		cmocka_unit_test(test_retest_json),
		cmocka_unit_test(test_with_and_score_summary),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_output_file_and_stdin),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_terminal),
		cmocka_unit_test(test_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

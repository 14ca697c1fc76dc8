/* SPDX-License-Identifier: MIT */
/* test_cmd_form.c — `securebase form` end to end: every item id and every item text, in order and
 * in the chosen language, in text, HTML, Markdown and (when built) PDF. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"

#include "bank/bank.h"
#include "render/render.h"

/* s without any white space (ASCII, and the ideographic space), so text wrapped by a renderer or
 * by pdftotext still compares equal to the bank's. Caller frees. */
static char *S_squash(const char *s)
{
	char *out = malloc(strlen(s) + 1);
	size_t o = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f')
			continue;
		if (!strncmp(p, "\xE3\x80\x80", 3)) {
			p += 2;
			continue;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
	return out;
}

/* Every item's id and text appear in presentation order. */
static void S_every_item(const char *doc, sb_lang l)
{
	char *flat = S_squash(doc);
	const char *at = flat;
	for (size_t i = 0; i < sb_test_bank->n_items; i++) {
		char *text = S_squash(sb_test_bank->items[i].text.s[l]);
		const char *t = strstr(at, text);
		if (!t)
			fail_msg("item %s (%zu) missing or out of order: %s", sb_test_bank->items[i].id, i + 1,
			         sb_test_bank->items[i].text.s[l]);
		const char *id = strstr(t, sb_test_bank->items[i].id);
		if (!id)
			fail_msg("item id %s missing after its text", sb_test_bank->items[i].id);
		at = id;
		free(text);
	}
	free(flat);
}

static sb_run_result S_form(const char *lang, const char *format)
{
	const char *argv[] = { "securebase", "--lang", lang, "form", "--format", format, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	if (r.status != 0)
		fail_msg("form --format %s exited %d: %s", format, r.status, r.err);
	return r;
}

static void test_text(void **state)
{
	(void)state;
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		sb_run_result r = S_form(l == SB_LANG_ZH ? "zh" : "en", "text");
		S_every_item(r.out, (sb_lang)l);
		assert_true(sb_contains(r.out, sb_test_bank->title.s[l]));
		assert_true(sb_contains(r.out, "□1"));
		assert_true(sb_contains(r.out, "□7"));
		char *flat = S_squash(r.out);
		char *instr = S_squash(sb_test_bank->texts.instructions.s[l]);
		assert_true(sb_contains(flat, instr));
		for (int v = 0; v < 7; v++) {
			char *label = S_squash(sb_test_bank->responses[0].labels[v].s[l]);
			assert_true(sb_contains(flat, label));
			free(label);
		}
		/* The other language's items are not there. */
		char *other = S_squash(sb_test_bank->items[0].text.s[1 - l]);
		assert_false(sb_contains(flat, other));
		free(other);
		free(instr);
		free(flat);
		sb_run_free(&r);
	}
	/* Text is the default. */
	const char *argv[] = { "securebase", "--lang", "en", "form", NULL };
	sb_run_result d = sb_run(argv, NULL, 0, NULL, NULL);
	sb_run_result t = S_form("en", "text");
	assert_int_equal(d.status, 0);
	assert_string_equal(d.out, t.out);
	sb_run_free(&d);
	sb_run_free(&t);
}

static void test_md(void **state)
{
	(void)state;
	sb_run_result r = S_form("en", "md");
	sb_assert_golden(r.out, r.out_len, "form_en.md");
	sb_run_free(&r);
}

static void test_html(void **state)
{
	(void)state;
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		sb_run_result r = S_form(l == SB_LANG_ZH ? "zh" : "en", "html");
		xmlDoc *doc = xmlReadMemory(r.out, (int)r.out_len, "form.html", "UTF-8",
		                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc)
			fail_msg("the HTML form is not well-formed XML");
		xmlChar *content = xmlNodeGetContent(xmlDocGetRootElement(doc));
		S_every_item((const char *)content, (sb_lang)l);
		xmlFree(content);
		xmlFreeDoc(doc);
		sb_run_free(&r);
	}
}

static void test_pdf(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *pdf = sb_join(tmp, "form.pdf");
	const char *argv[] = { "securebase", "--lang", "zh", "form", "--format", "pdf", "-o", pdf,
		               NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	if (!sb_format_available(SB_FORMAT_PDF)) {
		assert_int_equal(r.status, 69);
		assert_true(sb_contains(r.err, "PDF output is not built"));
		goto done;
	}
	if (r.status != 0)
		fail_msg("form --format pdf exited %d: %s", r.status, r.err);
	if (system("command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1")) {
		fprintf(stderr, "poppler-utils missing: PDF contents not checked\n");
		goto done;
	}
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' | grep -q '(A4)'", pdf);
	assert_int_equal(system(cmd), 0);
	char *txt = sb_join(tmp, "form.txt");
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' '%s'", pdf, txt);
	assert_int_equal(system(cmd), 0);
	char *text = sb_read_file(txt, NULL);
	S_every_item(text, SB_LANG_ZH);
	free(text);
	free(txt);
done:
	sb_run_free(&r);
	free(pdf);
	sb_rmtree(tmp);
	free(tmp);
}

static void test_options(void **state)
{
	(void)state;
	char *tmp = sb_tmpdir();
	char *out = sb_join(tmp, "form.html");
	const char *ok[] = { "securebase", "--lang", "en", "form", "--format", "html", "-o", out,
		             NULL };
	sb_run_result r = sb_run(ok, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	sb_run_free(&r);
	char *data = sb_read_file(out, NULL);
	assert_non_null(data);
	assert_true(sb_contains(data, sb_test_bank->items[0].id));
	free(data);
	const char *json[] = { "securebase", "form", "--format", "json", NULL };
	r = sb_run(json, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--format takes text, md, html or pdf"));
	sb_run_free(&r);
	const char *extra[] = { "securebase", "form", "answers.csv", NULL };
	r = sb_run(extra, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	sb_run_free(&r);
	char *bad = sb_join(tmp, "no/such/form.txt");
	const char *cant[] = { "securebase", "form", "-o", bad, NULL };
	r = sb_run(cant, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 73);
	sb_run_free(&r);
	free(bad);
	free(out);
	sb_rmtree(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_options),
	};
	return cmocka_run_group_tests(tests, sb_embedded_setup, sb_embedded_teardown);
}

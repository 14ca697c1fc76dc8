/* SPDX-License-Identifier: MIT */
/* test_bank_load.c — the bank loader: every kind of problem at its exact line and column, all
 * problems in one pass, the default bank, the model's details, a golden dump, and allocation
 * failures at every step. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "base/alloc.h"
#include "bank/bank.h"
#include "base/buf.h"

/* A small valid bank; tests replace its lines by number (the comments) to make one problem. */
static const char *const S_base[] = {
	/*  1 */ "format: 1",
	/*  2 */ "id: tiny",
	/*  3 */ "version: \"1\"",
	/*  4 */ "title: {zh: 标题, en: Title}",
	/*  5 */ "languages: [zh, en]",
	/*  6 */ "attribution: {zh: 署名, en: Attribution}",
	/*  7 */ "response_scales:",
	/*  8 */ "  - id: r4",
	/*  9 */ "    min: 1",
	/* 10 */ "    max: 4",
	/* 11 */ "    labels:",
	/* 12 */ "      1: {zh: 一, en: One}",
	/* 13 */ "      2: {zh: 二, en: Two}",
	/* 14 */ "      3: {zh: 三, en: Three}",
	/* 15 */ "      4: {zh: 四, en: Four}",
	/* 16 */ "steps:",
	/* 17 */ "  - id: talk",
	/* 18 */ "    title: {zh: 谈, en: Talk}",
	/* 19 */ "    summary: {zh: 谈谈, en: Talk it over}",
	/* 20 */ "    actions:",
	/* 21 */ "      - {zh: 说, en: Say it}",
	/* 22 */ "texts:",
	/* 23 */ "  about: {zh: 关于, en: About}",
	/* 24 */ "  instructions: {zh: 说明, en: Instructions}",
	/* 25 */ "  disclaimer: {zh: 声明, en: Disclaimer}",
	/* 26 */ "  why_it_matters: {zh: 为何, en: Why}",
	/* 27 */ "  professional_help: {zh: 求助, en: Help}",
	/* 28 */ "  local_help: {zh: \"\", en: \"\"}",
	/* 29 */ "  emergency: {zh: 紧急, en: Emergency}",
	/* 30 */ "  closing: {zh: 结语, en: Closing}",
	/* 31 */ "scales:",
	/* 32 */ "  - id: anxiety",
	/* 33 */ "    name: {zh: 焦虑, en: Anxiety}",
	/* 34 */ "    description: {zh: 描述, en: Description}",
	/* 35 */ "    method: mean",
	/* 36 */ "    bands:",
	/* 37 */ "      - id: low",
	/* 38 */ "        min: 1",
	/* 39 */ "        max: 2.5",
	/* 40 */ "        label: {zh: 低, en: Low}",
	/* 41 */ "        shows_up: {zh: 表现, en: Shows}",
	/* 42 */ "        origins: {zh: 来源, en: Origins}",
	/* 43 */ "        steps: [talk]",
	/* 44 */ "        starters: []",
	/* 45 */ "      - id: high",
	/* 46 */ "        min: 2.5",
	/* 47 */ "        max: 4",
	/* 48 */ "        label: {zh: 高, en: High}",
	/* 49 */ "        shows_up: {zh: 表现, en: Shows}",
	/* 50 */ "        origins: {zh: 来源, en: Origins}",
	/* 51 */ "        steps: [talk]",
	/* 52 */ "        starters:",
	/* 53 */ "          - {zh: 试试, en: Try this}",
	/* 54 */ "  - id: avoidance",
	/* 55 */ "    name: {zh: 回避, en: Avoidance}",
	/* 56 */ "    description: {zh: 描述, en: Description}",
	/* 57 */ "    method: sum",
	/* 58 */ "    bands:",
	/* 59 */ "      - id: all",
	/* 60 */ "        min: 2",
	/* 61 */ "        max: 8",
	/* 62 */ "        label: {zh: 全, en: All}",
	/* 63 */ "        shows_up: {zh: 表现, en: Shows}",
	/* 64 */ "        origins: {zh: 来源, en: Origins}",
	/* 65 */ "        steps: []",
	/* 66 */ "        starters: []",
	/* 67 */ "items:",
	/* 68 */ "  - id: a1",
	/* 69 */ "    scale: anxiety",
	/* 70 */ "    response: r4",
	/* 71 */ "    reverse: false",
	/* 72 */ "    text: {zh: 题一, en: Item one}",
	/* 73 */ "  - id: v1",
	/* 74 */ "    scale: avoidance",
	/* 75 */ "    response: r4",
	/* 76 */ "    reverse: true",
	/* 77 */ "    text: {zh: 题二, en: Item two}",
	/* 78 */ "  - id: a2",
	/* 79 */ "    scale: anxiety",
	/* 80 */ "    response: r4",
	/* 81 */ "    reverse: false",
	/* 82 */ "    text: {zh: 题三, en: Item three}",
	/* 83 */ "  - id: v2",
	/* 84 */ "    scale: avoidance",
	/* 85 */ "    response: r4",
	/* 86 */ "    reverse: false",
	/* 87 */ "    text: {zh: 题四, en: Item four}",
	/* 88 */ "attachment:",
	/* 89 */ "  anxiety: anxiety",
	/* 90 */ "  avoidance: avoidance",
	/* 91 */ "  styles:",
	/* 92 */ "    secure: {name: {zh: 安, en: Secure}, explanation: {zh: 释, en: Explained}}",
	/* 93 */ "    preoccupied: {name: {zh: 焦, en: Preoccupied}, explanation: {zh: 释, en: Explained}}",
	/* 94 */ "    dismissive: {name: {zh: 离, en: Dismissive}, explanation: {zh: 释, en: Explained}}",
	/* 95 */ "    fearful: {name: {zh: 惧, en: Fearful}, explanation: {zh: 释, en: Explained}}",
};
#define S_NLINES (sizeof S_base / sizeof S_base[0])

/* The base bank with the edits given: S_WITH({ 12, "new line 12" }, { 30, NULL }). */
#define S_WITH(...) SB_LINES_WITH(S_base, S_NLINES, __VA_ARGS__)

/* Loads data, which must fail as bad data; returns the problems. */
static sb_diags S_fails(const char *data, size_t len)
{
	sb_diags d = { 0 };
	sb_bank *b = NULL;
	sb_status st = sb_bank_load(data, len, "t.yaml", &b, &d);
	if (st != SB_ERR_DATA)
		sb_print_diags(&d);
	assert_int_equal(st, SB_ERR_DATA);
	assert_null(b);
	assert_true(d.n > 0);
	return d;
}

static int S_has(const sb_diags *d, long line, long col, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].line == line && d->v[i].column == col && sb_contains(d->v[i].message, text))
			return 1;
	return 0;
}

/* The bank (freed here) fails, with among its problems one at line:col containing text. */
static void S_among(char *yaml, long line, long col, const char *text)
{
	sb_diags d = S_fails(yaml, strlen(yaml));
	if (!S_has(&d, line, col, text)) {
		print_message("expected %ld:%ld: ...%s... among:\n", line, col, text);
		sb_print_diags(&d);
	}
	assert_true(S_has(&d, line, col, text));
	sb_diags_free(&d);
	free(yaml);
}

/* ---- the base bank and the model ---- */

static void test_base_model(void **state)
{
	(void)state;
	char *y = sb_lines_with(S_base, S_NLINES, NULL, 0);
	sb_bank *b = sb_yaml_loads(y);
	assert_string_equal(b->source, "t.yaml");
	assert_string_equal(b->id, "tiny");
	assert_string_equal(b->version, "1");
	assert_int_equal(b->format, 1);
	assert_true(b->has_lang[SB_LANG_ZH] && b->has_lang[SB_LANG_EN]);
	assert_string_equal(b->title.s[SB_LANG_ZH], "标题");
	assert_int_equal(b->n_responses, 1);
	assert_int_equal(b->responses[0].min, 1);
	assert_int_equal(b->responses[0].max, 4);
	assert_string_equal(b->responses[0].labels[3].s[SB_LANG_EN], "Four");
	assert_int_equal(b->n_steps, 1);
	assert_int_equal(b->steps[0].n_actions, 1);
	assert_string_equal(b->texts.local_help.s[SB_LANG_EN], "");
	assert_string_equal(b->texts.closing.s[SB_LANG_ZH], "结语");
	/* Items in presentation order, and each scale's items in that order too. */
	assert_int_equal(b->n_items, 4);
	assert_string_equal(b->items[1].id, "v1");
	assert_true(b->items[1].reverse);
	assert_false(b->items[0].reverse);
	assert_int_equal(b->items[1].scale, 1);
	assert_int_equal(b->items[1].response, 0);
	const sb_scale *anx = &b->scales[0], *avo = &b->scales[1];
	assert_int_equal(anx->n_items, 2);
	assert_int_equal(anx->items[0], 0);
	assert_int_equal(anx->items[1], 2);
	assert_int_equal(avo->items[0], 1);
	assert_int_equal(avo->items[1], 3);
	/* Defaults and ranges: a mean scale spans the response scale, a sum scale n times it. */
	assert_int_equal(anx->method, SB_METHOD_MEAN);
	assert_int_equal(avo->method, SB_METHOD_SUM);
	assert_true(anx->min_answered == 0.8);
	assert_int_equal(anx->response, 0);
	assert_true(anx->lo == 1 && anx->hi == 4);
	assert_true(avo->lo == 2 && avo->hi == 8);
	assert_false(anx->norms.present);
	assert_true(isnan(anx->norms.reliability));
	assert_int_equal(anx->norms.n, 0);
	assert_int_equal(anx->n_bands, 2);
	assert_true(anx->bands[0].min == 1 && anx->bands[0].max == 2.5);
	assert_int_equal(anx->bands[1].n_steps, 1);
	assert_int_equal(anx->bands[1].steps[0], 0);
	assert_int_equal(anx->bands[1].n_starters, 1);
	assert_int_equal(anx->bands[0].n_starters, 0);
	assert_false(anx->bands[1].seek_help);
	assert_int_equal(sb_scale_band(anx, 2.5), 1);
	assert_int_equal(sb_scale_band(anx, 4), 1);
	/* The attachment cut-offs default to the midpoint of each scale's possible range. */
	assert_true(b->attachment.present);
	assert_int_equal(b->attachment.anxiety, 0);
	assert_int_equal(b->attachment.avoidance, 1);
	assert_true(b->attachment.anxiety_cutoff == 2.5);
	assert_true(b->attachment.avoidance_cutoff == 5);
	assert_true(b->attachment.margin == 0.25);
	assert_string_equal(b->attachment.styles[SB_STYLE_FEARFUL].name.s[SB_LANG_EN], "Fearful");
	sb_bank_free(b);
	free(y);
}

static void test_one_language(void **state)
{
	(void)state;
	/* A bank may declare one language; its texts then have only that one. */
	char *y = S_WITH({ 5, "languages: [en]" });
	/* Every "{zh: ..., en: ...}" becomes "{en: ...}". */
	char *p;
	while ((p = strstr(y, "zh: "))) {
		char *end = strstr(p, ", en: ");
		assert_non_null(end);
		memmove(p, end + 2, strlen(end + 2) + 1);
	}
	sb_bank *b = sb_yaml_loads(y);
	assert_false(b->has_lang[SB_LANG_ZH]);
	assert_true(b->has_lang[SB_LANG_EN]);
	assert_null(b->title.s[SB_LANG_ZH]);
	assert_string_equal(sb_text_get(&b->title, SB_LANG_ZH), "Title");
	sb_bank_free(b);
	free(y);
}

/* ---- syntax and the bytes ---- */

static void test_syntax_error(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 35, "    method: mean: x" }), 35, 17,
	             "syntax error: mapping values are not allowed in this context");
	/* libyaml's context is kept: where the unclosed flow sequence started. */
	sb_yaml_only(S_WITH({ 43, "        steps: [talk" }), 44, 17,
	             "syntax error: did not find expected ',' or ']' (while parsing a flow sequence at "
	             "line 43, column 16)");
}

static void test_tab_indentation(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 35, "\tmethod: mean" }), 35, 1,
	             "found character that cannot start any token");
	sb_yaml_only(S_WITH({ 35, "\tmethod: mean" }), 35, 1, "tabs cannot indent YAML, use spaces");
}

static void test_control_character(void **state)
{
	(void)state;
	/* libyaml's reader reports a byte offset: it becomes a line and column. */
	sb_yaml_only(S_WITH({ 33, "    name: {zh: 焦\001虑, en: Anxiety}" }), 33, 17,
	             "control characters are not allowed");
}

static void test_empty(void **state)
{
	(void)state;
	sb_diags d = S_fails("", 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].column, 1);
	assert_true(sb_contains(d.v[0].message, "empty bank"));
	sb_diags_free(&d);
	const char *only_comments = "# nothing here\n\n";
	d = S_fails(only_comments, strlen(only_comments));
	assert_int_equal(d.n, 1);
	assert_true(S_has(&d, 1, 1, "empty bank"));
	sb_diags_free(&d);
	sb_yaml_only(strdup("---\n"), 2, 1, "empty bank");
	sb_yaml_only(strdup("just words\n"), 1, 1,
	             "expected a mapping for the bank, found 'just words'");
}

static void test_utf8(void **state)
{
	(void)state;
	/* The first invalid byte's position: columns count characters, not bytes. */
	sb_yaml_only(S_WITH({ 33, "    name: {zh: 焦虑\xC3\x28, en: Anxiety}" }), 33, 18,
	             "invalid UTF-8 (byte 0xC3)");
	/* Overlong encodings and surrogates are not UTF-8 either. */
	sb_yaml_only(S_WITH({ 4, "title: {zh: \xC0\xAF, en: Title}" }), 4, 13,
	             "invalid UTF-8 (byte 0xC0)");
	sb_yaml_only(S_WITH({ 4, "title: {zh: \xED\xA0\x80, en: Title}" }), 4, 13,
	             "invalid UTF-8 (byte 0xED)");
	/* Truncated at the very end. */
	sb_yaml_only(strdup("format: 1\xE4\xB8"), 1, 10, "invalid UTF-8");
	/* Each lead byte's second-byte range: below E0's and F0's (overlong), above F4's (past
	 * U+10FFFF); F5 never leads; a continuation byte missing after F1..F3. */
	sb_yaml_only(S_WITH({ 4, "title: {zh: \xE0\x9F\xBF, en: Title}" }), 4, 13,
	             "invalid UTF-8 (byte 0xE0)");
	sb_yaml_only(S_WITH({ 4, "title: {zh: \xF0\x8F\xBF\xBF, en: Title}" }), 4, 13,
	             "invalid UTF-8 (byte 0xF0)");
	sb_yaml_only(S_WITH({ 4, "title: {zh: \xF4\x90\x80\x80, en: Title}" }), 4, 13,
	             "invalid UTF-8 (byte 0xF4)");
	sb_yaml_only(S_WITH({ 4, "title: {zh: \xF5\x80\x80\x80, en: Title}" }), 4, 13,
	             "invalid UTF-8 (byte 0xF5)");
	sb_yaml_only(S_WITH({ 4, "title: {zh: \xF2\x80\x80x, en: Title}" }), 4, 13,
	             "invalid UTF-8 (byte 0xF2)");
	/* and the good ones of each length load: U+0800, U+10000, U+10FFFF, U+D7FF, U+E000 */
	char *good = S_WITH({ 4, "title: {zh: \xE0\xA0\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"
	                         "\xED\x9F\xBF\xEE\x80\x80\xF3\xA0\x80\x80, en: Title}" });
	sb_bank_free(sb_yaml_loads(good));
	free(good);
}

/* Positions count characters after a UTF-8 byte-order mark and across CRLF and CR-only line
 * ends, as libyaml counts them. */
static void test_bom_and_line_ends(void **state)
{
	(void)state;
	char *y = S_WITH({ 33, "    name: {zh: 焦虑\xC3\x28, en: Anxiety}" });
	for (int k = 0; k < 3; k++) {
		sb_buf b = { 0 };
		if (k == 0)
			sb_buf_puts(&b, "\xEF\xBB\xBF");
		for (const char *p = y; *p; p++)
			if (*p != '\n' || k == 0)
				sb_buf_putc(&b, *p);
			else
				sb_buf_puts(&b, k == 1 ? "\r\n" : "\r");
		sb_diags d = S_fails(b.data, b.len);
		assert_int_equal(d.n, 1);
		assert_true(S_has(&d, 33, 18, "invalid UTF-8 (byte 0xC3)"));
		sb_diags_free(&d);
		sb_buf_free(&b);
	}
	free(y);
	/* a syntax error after CR-only line ends: libyaml's line, mapped back */
	char *z = S_WITH({ 35, "    method: mean: x" });
	sb_buf b = { 0 };
	for (const char *p = z; *p; p++)
		sb_buf_putc(&b, *p == '\n' ? '\r' : *p);
	sb_diags d = S_fails(b.data, b.len);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 35);
	sb_diags_free(&d);
	sb_buf_free(&b);
	free(z);
}

static void test_utf16_and_nul(void **state)
{
	(void)state;
	const char le[] = "\xFF\xFE" "f\0o\0r\0m\0a\0t\0";
	sb_diags d = S_fails(le, sizeof le - 1);
	assert_int_equal(d.n, 1);
	assert_true(S_has(&d, 1, 1, "UTF-16 byte-order mark; a bank must be UTF-8"));
	sb_diags_free(&d);
	const char be[] = "\xFE\xFF" "\0f\0o";
	d = S_fails(be, sizeof be - 1);
	assert_true(S_has(&d, 1, 1, "a bank must be UTF-8"));
	sb_diags_free(&d);
	/* UTF-16 without a mark shows as NUL bytes. */
	const char nul[] = "format: 1\nid\0: x\n";
	d = S_fails(nul, sizeof nul - 1);
	assert_int_equal(d.n, 1);
	assert_true(S_has(&d, 2, 3, "NUL byte in the file (is it UTF-16?); a bank must be UTF-8"));
	sb_diags_free(&d);
	/* A NUL written as an escape inside a string. */
	sb_yaml_only(S_WITH({ 4, "title: {zh: \"标\\0题\", en: Title}" }), 4, 13,
	             "a NUL character (\\0) is not allowed");
	/* A UTF-8 byte-order mark is fine. */
	char *y = sb_lines_with(S_base, S_NLINES, NULL, 0);
	size_t n = strlen(y);
	char *bom = malloc(n + 4);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, y, n + 1);
	sb_bank *b = sb_yaml_loads(bom);
	sb_bank_free(b);
	free(bom);
	free(y);
}

static void test_size_cap(void **state)
{
	(void)state;
	size_t n = SB_BANK_MAX_BYTES + 1;
	char *big = malloc(n);
	memset(big, ' ', n);
	sb_diags d = S_fails(big, n);
	assert_int_equal(d.n, 1);
	assert_true(S_has(&d, 1, 1, "file is larger than 8 MiB"));
	sb_diags_free(&d);
	/* From a file, too: only cap + 1 bytes are read. */
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "big.yaml");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fwrite(big, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	sb_bank *b = NULL;
	assert_int_equal(sb_bank_load_file(path, &b, &d), SB_ERR_DATA);
	assert_null(b);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, path);
	assert_true(sb_contains(d.v[0].message, "file is larger than 8 MiB"));
	sb_diags_free(&d);
	/* Exactly at the cap is not "larger" (it fails later, as whitespace: an empty bank). */
	f = fopen(path, "wb");
	assert_int_equal(fwrite(big, 1, n - 1, f), n - 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(sb_bank_load_file(path, &b, &d), SB_ERR_DATA);
	assert_true(S_has(&d, 1, 1, "empty bank"));
	sb_diags_free(&d);
	free(big);
	sb_rmtree(dir);
	free(path);
	free(dir);
}

static void test_load_file(void **state)
{
	(void)state;
	sb_diags d = { 0 };
	sb_bank *b = NULL;
	char *dir = sb_tmpdir();
	char *missing = sb_join(dir, "missing.yaml");
	assert_int_equal(sb_bank_load_file(missing, &b, &d), SB_ERR_NOINPUT);
	assert_null(b);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, missing);
	assert_string_equal(d.v[0].message, "cannot open: No such file or directory");
	sb_diags_free(&d);
	assert_int_equal(sb_bank_load_file(dir, &b, &d), SB_ERR_NOINPUT);
	assert_true(sb_contains(d.v[0].message, "Is a directory"));
	sb_diags_free(&d);
	char *path = sb_join(dir, "ok.yaml");
	char *y = sb_lines_with(S_base, S_NLINES, NULL, 0);
	sb_write_file(path, y, strlen(y));
	assert_int_equal(sb_bank_load_file(path, &b, &d), SB_OK);
	assert_string_equal(b->source, path);
	sb_bank_free(b);
	free(y);
	free(path);
	free(missing);
	sb_rmtree(dir);
	free(dir);
}

/* ---- anchors, aliases, tags, nesting, documents ---- */

static void test_anchors_aliases_tags(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 33, "    name: &n {zh: 焦虑, en: Anxiety}" }), 33, 11,
	             "anchors are not allowed (&n)");
	char *y = S_WITH({ 33, "    name: &n {zh: 焦虑, en: Anxiety}" },
	                 { 55, "    name: *n" });
	sb_diags d = S_fails(y, strlen(y));
	assert_int_equal(d.n, 2);
	assert_true(S_has(&d, 33, 11, "anchors are not allowed"));
	assert_true(S_has(&d, 55, 11, "aliases are not allowed (*n)"));
	sb_diags_free(&d);
	free(y);
	sb_yaml_only(S_WITH({ 2, "id: !!str tiny" }), 2, 5,
	             "tags are not allowed (tag:yaml.org,2002:str)");
}

static void test_nesting_cap(void **state)
{
	(void)state;
	/* The root mapping is level 1, so the 32nd '[' opens level 33. */
	char y[256] = "x: ";
	for (int i = 0; i < 40; i++)
		strcat(y, "[");
	for (int i = 0; i < 40; i++)
		strcat(y, "]");
	strcat(y, "\n");
	sb_yaml_only(strdup(y), 1, 35, "nesting deeper than 32 levels");
	/* 32 levels are allowed by the parser (the bank then fails on its keys). */
	strcpy(y, "x: ");
	for (int i = 0; i < 31; i++)
		strcat(y, "[");
	for (int i = 0; i < 31; i++)
		strcat(y, "]");
	strcat(y, "\n");
	S_among(strdup(y), 1, 1, "unknown key 'x' in the bank");
}

static void test_two_documents(void **state)
{
	(void)state;
	char *y = sb_lines_with(S_base, S_NLINES, NULL, 0);
	size_t n = strlen(y);
	char *two = malloc(2 * n + 16);
	sprintf(two, "%s---\n%s", y, y);
	sb_yaml_only(two, 96, 1, "a second document in the file");
	free(y);
}

/* ---- keys ---- */

static void test_unknown_key(void **state)
{
	(void)state;
	char *y = S_WITH({ 35, "    method: mean\n    titel: {zh: 标题, en: Title}" });
	sb_diags d = S_fails(y, strlen(y));
	assert_int_equal(d.n, 1);
	char line[1024];
	sb_diag_format(&d.v[0], line, sizeof line);
	assert_string_equal(line, "t.yaml:36:5: unknown key 'titel' in scale 'anxiety' (expected "
	                          "one of: id, name, description, method, min_answered, norms, "
	                          "bands)");
	sb_diags_free(&d);
	free(y);
	sb_yaml_only(S_WITH({ 1, "format: 1\nformt: 1" }), 2, 1, "unknown key 'formt' in the bank");
	sb_yaml_only(S_WITH({ 71, "    reverse: false\n    revers: true" }), 72, 5,
	             "unknown key 'revers' in item 'a1'");
	sb_yaml_only(S_WITH({ 44, "        starters: []\n        seek_hlp: true" }), 45, 9,
	             "unknown key 'seek_hlp' in band 'low' of scale 'anxiety'");
	sb_yaml_only(S_WITH({ 95, "    fearful: {name: {zh: 惧, en: Fearful}, explanation: {zh: 释, "
	                          "en: Explained}, extra: 1}" }),
	             95, 80, "unknown key 'extra' in attachment style 'fearful' (expected one of: "
	             "name, explanation)");
	/* A key that is itself a list or mapping. */
	S_among(S_WITH({ 35, "    method: mean\n    [a]: 1" }), 36, 5,
	        "expected a plain key in a mapping, found a list");
}

static void test_duplicate_key(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 35, "    method: mean\n    method: sum" }), 36, 5,
	             "duplicate key 'method' (first on line 35)");
	/* In a flow mapping too, and every repeat is reported. */
	S_among(S_WITH({ 4, "title: {zh: 标题, en: Title, zh: 又}" }), 4, 28,
	        "duplicate key 'zh' (first on line 4)");
	char *y = S_WITH({ 3, "version: \"1\"\nversion: \"2\"\nversion: \"3\"" });
	sb_diags d = S_fails(y, strlen(y));
	assert_int_equal(d.n, 2);
	assert_true(S_has(&d, 4, 1, "duplicate key 'version' (first on line 3)"));
	assert_true(S_has(&d, 5, 1, "duplicate key 'version' (first on line 3)"));
	sb_diags_free(&d);
	free(y);
}

static void test_missing_key(void **state)
{
	(void)state;
	/* At the mapping that lacks it. */
	sb_yaml_only(S_WITH({ 35, NULL }), 32, 5, "missing key 'method' in scale 'anxiety'");
	sb_yaml_only(S_WITH({ 3, NULL }), 1, 1, "missing key 'version' in the bank");
	sb_yaml_only(S_WITH({ 71, NULL }), 68, 5, "missing key 'reverse' in item 'a1'");
	sb_yaml_only(S_WITH({ 41, NULL }), 37, 9,
	             "missing key 'shows_up' in band 'low' of scale 'anxiety'");
	sb_yaml_only(S_WITH({ 29, NULL }), 23, 3, "missing key 'emergency' in texts");
	/* local_help is the one optional text. */
	char *y = S_WITH({ 28, NULL });
	sb_bank *b = sb_yaml_loads(y);
	assert_null(b->texts.local_help.s[SB_LANG_EN]);
	assert_string_equal(sb_text_get(&b->texts.local_help, SB_LANG_EN), "");
	sb_bank_free(b);
	free(y);
	/* The attachment is optional as a whole. */
	y = S_WITH({ 88, NULL }, { 89, NULL }, { 90, NULL }, { 91, NULL }, { 92, NULL },
	           { 93, NULL }, { 94, NULL }, { 95, NULL });
	b = sb_yaml_loads(y);
	assert_false(b->attachment.present);
	sb_bank_free(b);
	free(y);
}

/* ---- ids ---- */

static void test_invalid_id(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 68, "  - id: A1" }), 68, 9,
	             "invalid id 'A1' for id of item 1 (expected lowercase ASCII letters, digits and "
	             "'_', "
	             "starting with a letter, at most 64 characters)");
	sb_yaml_only(S_WITH({ 2, "id: 1tiny" }), 2, 5, "invalid id '1tiny' for id");
	sb_yaml_only(S_WITH({ 37, "      - id: lo-w" }), 37, 13, "invalid id 'lo-w'");
	char y65[80] = "  - id: a";
	for (int i = 0; i < 64; i++)
		strcat(y65, "b");
	sb_yaml_only(S_WITH({ 68, y65 }), 68, 9, "invalid id 'abbbb");
}

static void test_duplicate_id(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 73, "  - id: a1" }), 73, 9,
	             "duplicate id 'a1' for the item (first used by the item on line 68)");
	/* Item and scale ids share one namespace. */
	sb_yaml_only(S_WITH({ 68, "  - id: anxiety" }), 68, 9,
	             "duplicate id 'anxiety' for the item (first used by the scale on line 32; item "
	             "and "
	             "scale ids share one namespace)");
	S_among(S_WITH({ 54, "  - id: anxiety" }), 54, 9,
	        "duplicate id 'anxiety' for the scale (first used by the scale on line 32)");
	sb_yaml_only(S_WITH({ 45, "      - id: low" }), 45, 13,
	             "duplicate id 'low' for the band (first used by the band on line 37)");
	sb_yaml_only(S_WITH({ 21, "      - {zh: 说, en: Say it}\n  - id: talk\n    title: {zh: 谈, en: "
	                          "Talk}\n    summary: {zh: 谈, en: Talk}\n    actions: [{zh: 说, en: "
	                          "Say}]" }),
	             22, 9, "duplicate id 'talk' for the step (first used by the step on line 17)");
	sb_yaml_only(S_WITH({ 15, "      4: {zh: 四, en: Four}\n  - id: r4\n    min: 0\n    max: 1\n    "
	                          "labels: {0: {zh: 否, en: 'No'}, 1: {zh: 是, en: 'Yes'}}" }),
	             16, 9, "duplicate id 'r4' for the response scale (first used by the response "
	             "scale "
	                    "on line 8)");
	/* `id` is the respondent column. */
	sb_yaml_only(S_WITH({ 68, "  - id: id" }), 68, 9, "the id 'id' is reserved");
	S_among(S_WITH({ 32, "  - id: id" }), 32, 9, "the id 'id' is reserved");
}

/* ---- references ---- */

static void test_unknown_scale(void **state)
{
	(void)state;
	char *y = S_WITH({ 69, "    scale: anxeity" });
	sb_diags d = S_fails(y, strlen(y));
	assert_int_equal(d.n, 2);
	assert_true(S_has(&d, 32, 5, "scale 'anxiety' has 1 item (expected at least 2)"));
	assert_true(S_has(&d, 69, 12, "unknown scale 'anxeity' for item 'a1' (expected one of: "
	                              "anxiety, avoidance)"));
	/* In file order. */
	assert_int_equal(d.v[0].line, 32);
	sb_diags_free(&d);
	free(y);
}

static void test_unknown_response(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 70, "    response: r5" }), 70, 15,
	             "unknown response scale 'r5' for item 'a1' (expected one of: r4)");
}

static void test_mixed_response_scales(void **state)
{
	(void)state;
	/* Four lines inserted after line 15: the old line 80 is now 84. */
	sb_yaml_only(S_WITH({ 15, "      4: {zh: 四, en: Four}\n  - id: yesno\n    min: 0\n"
	                          "    max: 1\n    labels: {0: {zh: 否, en: 'No'}, "
	                          "1: {zh: 是, en: 'Yes'}}" },
	                    { 80, "    response: yesno" }),
	             84, 15, "item 'a2' uses response scale 'yesno' but item 'a1' (line 72) of scale "
	                     "'anxiety' uses 'r4' (expected all items of a scale to share one response "
	                     "scale)");
}

static void test_unknown_step(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 43, "        steps: [talk, walk]" }), 43, 23,
	             "unknown step 'walk' in steps of band 'low' of scale 'anxiety' (expected one of: "
	             "talk)");
}

static void test_too_few_items(void **state)
{
	(void)state;
	/* v2 moves to anxiety: avoidance keeps one item, and a sum over one item spans 1..4. */
	char *y = S_WITH({ 84, "    scale: anxiety" });
	sb_diags d = S_fails(y, strlen(y));
	assert_true(S_has(&d, 54, 5, "scale 'avoidance' has 1 item (expected at least 2)"));
	assert_true(S_has(&d, 61, 14, "band 'all' of scale 'avoidance' ends at 8, outside the "
	                              "possible range 1..4"));
	sb_diags_free(&d);
	free(y);
	/* No items at all. */
	y = S_WITH({ 69, "    scale: anxiety" }, { 74, "    scale: anxiety" },
	           { 84, "    scale: anxiety" });
	d = S_fails(y, strlen(y));
	assert_true(S_has(&d, 54, 5, "scale 'avoidance' has 0 items (expected at least 2)"));
	sb_diags_free(&d);
	free(y);
}

/* ---- texts and languages ---- */

static void test_missing_language(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 33, "    name: {zh: 焦虑}" }), 33, 11,
	             "missing language 'en' in name of scale 'anxiety'");
	sb_yaml_only(S_WITH({ 21, "      - {en: Say it}" }), 21, 9,
	             "missing language 'zh' in action 1 of step 'talk'");
	sb_yaml_only(S_WITH({ 12, "      1: {zh: 一}" }), 12, 10,
	             "missing language 'en' in label 1 of response scale 'r4'");
	sb_yaml_only(S_WITH({ 95, "    fearful: {name: {zh: 惧}, explanation: {zh: 释, en: "
	                          "Explained}}" }),
	             95, 21, "missing language 'en' in name of attachment style 'fearful'");
	sb_yaml_only(S_WITH({ 53, "          - {zh: 试试}" }), 53, 13,
	             "missing language 'en' in starter 1 of band 'high' of scale 'anxiety'");
	sb_yaml_only(S_WITH({ 33, "    name: {zh: 焦虑, en: Anxiety, fr: Anxiété}" }), 33, 33,
	             "unknown language 'fr' in name of scale 'anxiety' (expected one of: zh, en)");
	/* A language the bank does not declare. */
	S_among(S_WITH({ 5, "languages: [en]" }), 4, 9,
	        "language 'zh' in title is not declared in languages (expected one of: en)");
	sb_yaml_only(S_WITH({ 5, "languages: [zh, en, fr]" }), 5, 21,
	             "unknown language 'fr' in languages (expected zh or en)");
	sb_yaml_only(S_WITH({ 5, "languages: [zh, en, zh]" }), 5, 21, "language 'zh' listed twice");
	S_among(S_WITH({ 5, "languages: []" }), 5, 12, "expected at least one language");
}

static void test_empty_text(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 41, "        shows_up: {zh: 表现, en: ''}" }), 41, 32,
	             "empty text in shows_up of band 'low' of scale 'anxiety' (en) (expected some "
	             "text)");
	sb_yaml_only(S_WITH({ 72, "    text: {zh: '  ', en: Item one}" }), 72, 16,
	             "empty text in text of item 'a1' (zh)");
	sb_yaml_only(S_WITH({ 72, "    text: {zh: 题一, en: }" }), 72, 24,
	             "empty text in text of item 'a1' (en)");
	sb_yaml_only(S_WITH({ 72, "    text: {zh: 题一, en: ~}" }), 72, 24,
	             "expected a string for text of item 'a1' (en), found nothing (null)");
	sb_yaml_only(S_WITH({ 72, "    text: {zh: 题一, en: [a]}" }), 72, 24,
	             "expected a string for text of item 'a1' (en), found a list");
	/* Only texts.local_help may be empty (the base bank has it empty). */
	sb_yaml_only(S_WITH({ 30, "  closing: {zh: 结语, en: \"\"}" }), 30, 25,
	             "empty text in closing of texts (en)");
}

static void test_labels(void **state)
{
	(void)state;
	/* A value without a label: at the labels mapping. */
	sb_yaml_only(S_WITH({ 14, NULL }), 12, 7,
	             "missing label for 3 in labels of response scale 'r4' (expected a label for every "
	             "value from 1 to 4)");
	char *y = S_WITH({ 15, "      5: {zh: 五, en: Five}" });
	sb_diags d = S_fails(y, strlen(y));
	assert_int_equal(d.n, 2);
	assert_true(S_has(&d, 12, 7, "missing label for 4"));
	assert_true(S_has(&d, 15, 7, "label key 5 in labels of response scale 'r4' is outside 1..4 "
	                             "(expected 1 to 4)"));
	sb_diags_free(&d);
	free(y);
	S_among(S_WITH({ 15, "      four: {zh: 四, en: Four}" }), 15, 7,
	        "label key 'four' in labels of response scale 'r4' is not an integer (expected 1 to "
	        "4)");
	S_among(S_WITH({ 15, "      4.0: {zh: 四, en: Four}" }), 15, 7, "is not an integer");
	sb_yaml_only(S_WITH({ 15, "      4: {zh: 四, en: Four}\n      04: {zh: 四, en: Four}" }), 16, 7,
	             "label for 4 given twice in labels of response scale 'r4' (first on line 15)");
	/* max must be above min, and at most 100 values. */
	S_among(S_WITH({ 10, "    max: 1" }), 10, 10,
	        "max 1 of response scale 'r4' is not above its min 1 (expected max > min)");
	S_among(S_WITH({ 10, "    max: 101" }), 10, 10,
	        "response scale 'r4' has 101 values from 1 to 101 (expected at most 100)");
}

/* ---- bands ---- */

static void test_band_gap_overlap_range(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 46, "        min: 3" }), 46, 14,
	             "gap between band 'low' (max 2.5) and band 'high' (min 3) of scale 'anxiety' "
	             "(expected min: 2.5)");
	sb_yaml_only(S_WITH({ 46, "        min: 2" }), 46, 14,
	             "band 'high' (min 2) overlaps band 'low' (max 2.5) of scale 'anxiety' (expected "
	             "min: "
	             "2.5)");
	sb_yaml_only(S_WITH({ 47, "        max: 5" }), 47, 14,
	             "band 'high' of scale 'anxiety' ends at 5, outside the possible range 1..4");
	sb_yaml_only(S_WITH({ 38, "        min: 0" }), 38, 14,
	             "band 'low' of scale 'anxiety' starts at 0, outside the possible range 1..4");
	sb_yaml_only(S_WITH({ 38, "        min: 1.5" }), 38, 14,
	             "gap: the first band 'low' of scale 'anxiety' starts at 1.5, above the lowest "
	             "possible score (expected min: 1)");
	sb_yaml_only(S_WITH({ 47, "        max: 3.5" }), 47, 14,
	             "gap: the last band 'high' of scale 'anxiety' ends at 3.5, below the highest "
	             "possible "
	             "score (expected max: 4)");
	/* A sum scale's range is n_items times the response range: 2..8 here. */
	sb_yaml_only(S_WITH({ 60, "        min: 1" }), 60, 14,
	             "band 'all' of scale 'avoidance' starts at 1, outside the possible range 2..8");
	sb_yaml_only(S_WITH({ 61, "        max: 7" }), 61, 14,
	             "ends at 7, below the highest possible score");
	/* Edges meet within 1e-9: 2.5 written with noise still counts as equal. */
	char *y = S_WITH({ 39, "        max: 2.5000000000001" });
	sb_bank *b = sb_yaml_loads(y);
	sb_bank_free(b);
	free(y);
	sb_yaml_only(S_WITH({ 39, "        max: 2.500001" }), 46, 14, "overlaps band 'low'");
	/* max must be above min. */
	S_among(S_WITH({ 39, "        max: 1" }), 39, 14,
	        "band 'low' of scale 'anxiety' has max 1 not above its min 1 (expected max > min)");
}

static void test_band_order(void **state)
{
	(void)state;
	char *y = S_WITH({ 38, "        min: 2.5" }, { 39, "        max: 4" }, { 46, "        min: 1" },
	                 { 47, "        max: 2.5" });
	sb_diags d = S_fails(y, strlen(y));
	assert_true(S_has(&d, 46, 14, "bands of scale 'anxiety' are not in ascending order: band "
	                              "'high' (min 1) comes after band 'low' (min 2.5)"));
	sb_diags_free(&d);
	free(y);
	S_among(S_WITH({ 36, "    bands: []" }, { 37, NULL }, { 38, NULL }, { 39, NULL }, { 40, NULL },
	               { 41, NULL }, { 42, NULL }, { 43, NULL }, { 44, NULL }, { 45, NULL }, { 46, NULL },
	               { 47, NULL }, { 48, NULL }, { 49, NULL }, { 50, NULL }, { 51, NULL },
	               { 52, NULL }, { 53, NULL }),
	        36, 12, "expected at least one band in bands of scale 'anxiety'");
}

/* ---- types and numbers ---- */

static void test_wrong_types(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 4, "title: [标题, Title]" }), 4, 8,
	             "expected a text ({zh: ..., en: ...}) for title, found a list");
	sb_yaml_only(S_WITH({ 38, "        min: one" }), 38, 14,
	             "expected a number for min of band 'low' of scale 'anxiety', found 'one'");
	sb_yaml_only(S_WITH({ 38, "        min: \"1\"" }), 38, 14,
	             "expected a number for min of band 'low' of scale 'anxiety', found '1'");
	sb_yaml_only(S_WITH({ 38, "        min: .nan" }), 38, 14, "expected a number");
	sb_yaml_only(S_WITH({ 38, "        min: inf" }), 38, 14, "expected a number");
	sb_yaml_only(S_WITH({ 38, "        min: 0x1" }), 38, 14, "expected a number");
	sb_yaml_only(S_WITH({ 38, "        min: 1e999" }), 38, 14, "expected a number");
	S_among(S_WITH({ 9, "    min: 1.0" }), 9, 10,
	        "expected an integer for min of response scale 'r4', found '1.0'");
	sb_yaml_only(S_WITH({ 71, "    reverse: yes" }), 71, 14,
	             "expected true or false for reverse of item 'a1', found 'yes'");
	sb_yaml_only(S_WITH({ 71, "    reverse: True" }), 71, 14, "expected true or false");
	sb_yaml_only(S_WITH({ 36, "    bands: {low: 1}" }, { 37, NULL }, { 38, NULL }, { 39, NULL },
	                    { 40, NULL }, { 41, NULL }, { 42, NULL }, { 43, NULL }, { 44, NULL },
	                    { 45, NULL }, { 46, NULL }, { 47, NULL }, { 48, NULL }, { 49, NULL },
	                    { 50, NULL }, { 51, NULL }, { 52, NULL }, { 53, NULL }),
	             36, 12,
	             "expected a list of bands for bands of scale 'anxiety', found a mapping");
	sb_yaml_only(S_WITH({ 87, "    text: {zh: 题四, en: Item four}\n  - just text" }), 88, 5,
	             "expected a mapping for item 5, found 'just text'");
	sb_yaml_only(S_WITH({ 35, "    method: median" }), 35, 13,
	             "unknown method 'median' for scale 'anxiety' (expected mean or sum)");
	sb_yaml_only(S_WITH({ 22, "texts: 1" }, { 23, NULL }, { 24, NULL }, { 25, NULL }, { 26, NULL },
	                    { 27, NULL }, { 28, NULL }, { 29, NULL }, { 30, NULL }),
	             22, 8, "expected a mapping for texts, found '1'");
	sb_yaml_only(S_WITH({ 3, "version: ~" }), 3, 10,
	             "expected a string for version, found nothing");
	/* version may be written plain. */
	char *y = S_WITH({ 3, "version: 2.1" });
	sb_bank *b = sb_yaml_loads(y);
	assert_string_equal(b->version, "2.1");
	sb_bank_free(b);
	free(y);
}

static void test_format(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 1, "format: 2" }), 1, 9, "format 2 is not supported (expected 1)");
	sb_yaml_only(S_WITH({ 1, "format: \"1\"" }), 1, 9, "expected an integer for format, found '1'");
}

static void test_min_answered(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 35, "    method: mean\n    min_answered: 0" }), 36, 19,
	             "min_answered 0 of scale 'anxiety' is outside (0, 1]");
	sb_yaml_only(S_WITH({ 35, "    method: mean\n    min_answered: 1.5" }), 36, 19,
	             "min_answered 1.5 of scale 'anxiety' is outside (0, 1]");
	char *y = S_WITH({ 35, "    method: mean\n    min_answered: 1" });
	sb_bank *b = sb_yaml_loads(y);
	assert_true(b->scales[0].min_answered == 1);
	sb_bank_free(b);
	free(y);
}

static void test_norms(void **state)
{
	(void)state;
	char *y = S_WITH({ 35, "    method: mean\n    norms: {mean: 2, sd: 0, reliability: 1.2, n: 0, "
	                       "sample: {zh: 样本, en: Sample}, source: Test}" });
	sb_diags d = S_fails(y, strlen(y));
	assert_int_equal(d.n, 3);
	assert_true(S_has(&d, 36, 26, "sd 0 of norms of scale 'anxiety' is not above 0"));
	assert_true(S_has(&d, 36, 42, "reliability 1.2 of norms of scale 'anxiety' is outside 0..1"));
	assert_true(S_has(&d, 36, 50, "n 0 of norms of scale 'anxiety' is not a sample size"));
	sb_diags_free(&d);
	free(y);
	sb_yaml_only(S_WITH({ 35, "    method: mean\n    norms: {mean: 2, sd: 1, sample: {zh: 样本, en: "
	                          "Sample}}" }),
	             36, 12, "missing key 'source' in norms of scale 'anxiety'");
	y = S_WITH({ 35, "    method: mean\n    norms: {mean: 2.5, sd: 0.5, reliability: 0.9, n: 200, "
	                 "sample: {zh: 样本, en: Sample}, source: \"A (2020)\"}" });
	sb_bank *b = sb_yaml_loads(y);
	const sb_norms *n = &b->scales[0].norms;
	assert_true(n->present);
	assert_true(n->mean == 2.5 && n->sd == 0.5 && n->reliability == 0.9);
	assert_int_equal(n->n, 200);
	assert_string_equal(n->source, "A (2020)");
	assert_string_equal(n->sample.s[SB_LANG_ZH], "样本");
	sb_bank_free(b);
	free(y);
}

/* ---- attachment ---- */

static void test_attachment(void **state)
{
	(void)state;
	sb_yaml_only(S_WITH({ 90, "  avoidance: avoid" }), 90, 14,
	             "unknown scale 'avoid' for avoidance of attachment (expected one of: anxiety, "
	             "avoidance)");
	sb_yaml_only(S_WITH({ 90, "  avoidance: anxiety" }), 90, 14,
	             "attachment names scale 'anxiety' for both anxiety and avoidance (expected two "
	             "different scales)");
	sb_yaml_only(S_WITH({ 95, NULL }), 92, 5, "missing key 'fearful' in styles of attachment");
	S_among(S_WITH({ 95, "    fearfull: {name: {zh: 惧, en: Fearful}, explanation: {zh: 释, en: "
	                    "Explained}}" }),
	        92, 5, "missing key 'fearful' in styles of attachment");
	sb_yaml_only(S_WITH({ 90, "  avoidance: avoidance\n  margin: -0.1" }), 91, 11,
	             "margin -0.1 of attachment is below 0 (expected 0 or more)");
	sb_yaml_only(S_WITH({ 90, "  avoidance: avoidance\n  anxiety_cutoff: 5" }), 91, 19,
	             "anxiety_cutoff 5 of attachment is outside the possible range 1..4 of scale "
	             "'anxiety'");
	sb_yaml_only(S_WITH({ 90, "  avoidance: avoidance\n  avoidance_cutoff: 1" }), 91, 21,
	             "avoidance_cutoff 1 of attachment is outside the possible range 2..8 of scale "
	             "'avoidance'");
	char *y = S_WITH({ 90, "  avoidance: avoidance\n  anxiety_cutoff: 3\n  avoidance_cutoff: 8\n"
	                       "  margin: 0" });
	sb_bank *b = sb_yaml_loads(y);
	assert_true(b->attachment.anxiety_cutoff == 3);
	assert_true(b->attachment.avoidance_cutoff == 8);
	assert_true(b->attachment.margin == 0);
	sb_bank_free(b);
	free(y);
}

/* ---- all problems in one pass ---- */

static void test_many_problems_in_one_pass(void **state)
{
	(void)state;
	char *y = S_WITH({ 35, "    method: mean\n    titel: x" }, /* every later line moves by 1 */
	                 { 43, "        steps: [walk]" },
	                 { 46, "        min: 3" },
	                 { 71, "    reverse: yes" },
	                 { 77, "    text: {zh: 题二}" },
	                 { 90, "  avoidance: nobody" });
	sb_diags d = S_fails(y, strlen(y));
	if (d.n != 6)
		sb_print_diags(&d);
	assert_int_equal(d.n, 6);
	/* Reported in file order, whatever order the walk met them in. */
	const struct {
		long line, col;
		const char *text;
	} want[] = {
		{ 36, 5, "unknown key 'titel' in scale 'anxiety'" },
		{ 44, 17, "unknown step 'walk'" },
		{ 47, 14, "gap between band 'low' (max 2.5) and band 'high' (min 3)" },
		{ 72, 14, "expected true or false for reverse of item 'a1'" },
		{ 78, 11, "missing language 'en' in text of item 'v1'" },
		{ 91, 14, "unknown scale 'nobody' for avoidance of attachment" },
	};
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(d.v[i].line, want[i].line);
		assert_int_equal(d.v[i].column, want[i].col);
		assert_true(sb_contains(d.v[i].message, want[i].text));
	}
	sb_diags_free(&d);
	free(y);
}

/* ---- the default bank, the golden dump, allocation failures ---- */

static void test_default_bank(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	sb_status st = sb_bank_load_embedded(&b, &d);
	if (st != SB_OK)
		sb_print_diags(&d);
	assert_int_equal(st, SB_OK);
	assert_int_equal(d.n, 0);
	assert_string_equal(b->source, "(embedded)");
	assert_string_equal(b->id, "securebase");
	assert_int_equal(b->n_scales, 6);
	assert_int_equal(b->n_items, 52);
	assert_int_equal(b->n_safety_items, 4);
	assert_true(b->has_lang[SB_LANG_ZH] && b->has_lang[SB_LANG_EN]);
	assert_int_equal(b->n_steps, 5);
	assert_true(b->attachment.present);
	assert_int_equal(b->attachment.anxiety, sb_bank_scale(b, "anxiety"));
	assert_int_equal(b->attachment.avoidance, sb_bank_scale(b, "avoidance"));
	for (size_t s = 0; s < b->n_scales; s++) {
		const sb_scale *sc = &b->scales[s];
		assert_int_equal(sc->n_items, 8);
		assert_int_equal(sc->n_bands, 3);
		assert_true(sc->lo == 1 && sc->hi == 7);
		size_t reversed = 0;
		for (size_t k = 0; k < sc->n_items; k++) {
			assert_int_equal(b->items[sc->items[k]].scale, s);
			reversed += b->items[sc->items[k]].reverse;
		}
		assert_true(reversed >= SB_LINT_MIN_REVERSE);
		for (int l = 0; l < SB_LANG_COUNT; l++)
			assert_non_null(sc->name.s[l]);
	}
	/* It passes validate --strict's lint, and the lint's word lists catch what they should. */
	sb_diags lint = { 0 };
	assert_int_equal(sb_bank_lint(b, &lint), 0);
	sb_diags_free(&lint);
	assert_string_equal(sb_lint_negation("I don't feel shut out", SB_LANG_EN), "n't");
	assert_string_equal(sb_lint_negation("No, I NEVER do", SB_LANG_EN), "no");
	assert_string_equal(sb_lint_negation("Without a doubt", SB_LANG_EN), "without");
	assert_null(sb_lint_negation("I know what I bring; now and then it shows", SB_LANG_EN));
	assert_string_equal(sb_lint_negation("我不会变差", SB_LANG_ZH), "不");
	assert_null(sb_lint_negation("别人的感情怎样是别人的事", SB_LANG_ZH));
	/* Safety items: in no scale, never reverse-keyed. */
	for (size_t i = 0; i < b->n_items; i++)
		if (b->items[i].safety)
			assert_true(b->items[i].scale == SB_NONE && !b->items[i].reverse);
	/* Its source is the file in the tree, byte for byte. */
	char *path = sb_src_path("questions/securebase.yaml");
	size_t n;
	char *src = sb_read_file(path, &n);
	assert_non_null(src);
	assert_int_equal(n, sb_embedded_bank_len);
	assert_memory_equal(src, sb_embedded_bank, n);
	free(src);
	free(path);
	sb_bank_free(b);
	sb_diags_free(&d);
}

/* The optional interpretive texts (near_boundary, retest_direction, couple_no_pattern): loaded
 * when given, in both languages; NULL when left out (the reports then use the compiled-in
 * sentence); not empty; in the dump; and in the embedded bank in both languages. */
static void test_interpretive_texts(void **state)
{
	(void)state;
	char *y = S_WITH({ 30, "  closing: {zh: 结语, en: Closing}\n"
	                       "  near_boundary: {zh: 靠近, en: Near}\n"
	                       "  retest_direction: {zh: 方向, en: Direction}\n"
	                       "  couple_no_pattern: {zh: 无模式, en: No pattern}" });
	sb_bank *b = sb_yaml_loads(y);
	assert_string_equal(b->texts.near_boundary.s[SB_LANG_EN], "Near");
	assert_string_equal(b->texts.near_boundary.s[SB_LANG_ZH], "靠近");
	assert_string_equal(b->texts.retest_direction.s[SB_LANG_EN], "Direction");
	assert_string_equal(b->texts.couple_no_pattern.s[SB_LANG_ZH], "无模式");
	sb_buf out = { 0 };
	sb_bank_dump(b, &out);
	assert_false(out.failed);
	assert_true(sb_contains(out.data, "texts.near_boundary.en = \"Near\"\n"));
	assert_true(sb_contains(out.data, "texts.retest_direction.zh = \"方向\"\n"));
	assert_true(sb_contains(out.data, "texts.couple_no_pattern.en = \"No pattern\"\n"));
	sb_buf_free(&out);
	sb_bank_free(b);
	free(y);
	/* Left out: NULL, and nothing in the dump. */
	y = S_WITH({ 30, "  closing: {zh: 结语, en: Closing}" });
	b = sb_yaml_loads(y);
	assert_null(b->texts.near_boundary.s[SB_LANG_EN]);
	assert_null(b->texts.retest_direction.s[SB_LANG_ZH]);
	assert_null(b->texts.couple_no_pattern.s[SB_LANG_EN]);
	sb_bank_dump(b, &out);
	assert_false(sb_contains(out.data, "near_boundary"));
	sb_buf_free(&out);
	sb_bank_free(b);
	free(y);
	/* Given, they must not be empty, and a misspelt key is named with the right ones. */
	sb_yaml_only(S_WITH({ 30, "  closing: {zh: 结语, en: Closing}\n"
	                          "  retest_direction: {zh: 方向, en: \"\"}" }),
	             31, 34, "empty text in retest_direction of texts (en) (expected some text)");
	S_among(S_WITH({ 30, "  closing: {zh: 结语, en: Closing}\n"
	                     "  near_boundry: {zh: 靠近, en: Near}" }),
	        31, 3, "unknown key 'near_boundry' in texts");
	/* A per-dimension sentence must say which scale it is about. */
	sb_yaml_only(S_WITH({ 30, "  closing: {zh: 结语, en: Closing}\n"
	                          "  dimension_above: {zh: \"“{scale}”较高。\", en: Above the cut-off.}" }),
	             31, 20, "dimension_above of texts (en): must contain {scale}, where the scale's name goes");
	/* The embedded bank has all three in both languages. */
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	assert_string_equal(b->texts.couple_no_pattern.s[SB_LANG_EN],
	                    "None of the couple patterns this question bank describes fits your two "
	                    "results at the moment.");
	assert_string_equal(b->texts.retest_direction.s[SB_LANG_ZH],
	                    "变化 = 第二次 − 第一次。分数越高，表示量表描述的情况越多，所以下降即改善。");
	assert_string_equal(b->texts.near_boundary.s[SB_LANG_EN],
	                    "So no leaning is named here; on another day your answers might fall in "
	                    "a neighbouring region.");
	assert_string_equal(b->texts.dimension_above.s[SB_LANG_EN],
	                    "Your {scale} score is above its cut-off.");
	assert_string_equal(b->texts.dimension_near.s[SB_LANG_ZH],
	                    "“{scale}”的得分离分界线很近，在这一维度上没有明显的倾向。");
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		assert_non_null(strstr(b->texts.dimension_near.s[l], "{scale}"));
		assert_non_null(strstr(b->texts.dimension_above.s[l], "{scale}"));
		assert_non_null(strstr(b->texts.dimension_below.s[l], "{scale}"));
		assert_non_null(b->texts.near_boundary.s[l]);
		assert_non_null(b->texts.retest_direction.s[l]);
		assert_non_null(b->texts.couple_no_pattern.s[l]);
	}
	sb_bank_free(b);
	sb_diags_free(&d);
}

static void test_golden_dump(void **state)
{
	(void)state;
	char *path = sb_join(SB_TEST_DIR, "banks/minimal.yaml");
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	sb_status st = sb_bank_load_file(path, &b, &d);
	if (st != SB_OK)
		sb_print_diags(&d);
	assert_int_equal(st, SB_OK);
	assert_int_equal(b->n_scales, 2);
	assert_int_equal(b->scales[1].method, SB_METHOD_SUM);
	assert_true(b->scales[1].lo == 0 && b->scales[1].hi == 3);
	assert_true(b->scales[0].norms.present);
	sb_buf out = { 0 };
	sb_bank_dump(b, &out);
	assert_false(out.failed);
	sb_assert_golden(out.data, out.len, "bank_dump_minimal.txt");
	sb_buf_free(&out);
	sb_bank_free(b);
	sb_diags_free(&d);
	free(path);
}

static void test_alloc_failures(void **state)
{
	(void)state;
	/* Fail the k-th allocation for k = 1, 2, ... until the load succeeds: every failure is
	 * SB_ERR_INTERNAL with a message and no bank, and nothing leaks (LeakSanitizer). */
	char *y = sb_lines_with(S_base, S_NLINES, NULL, 0);
	size_t len = strlen(y);
	for (unsigned long k = 1;; k++) {
		sb_bank *b = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_bank_load(y, len, "t.yaml", &b, &d);
		unsigned long made = sb_alloc_fail_after(0);
		if (st == SB_OK) {
			assert_true(k > made);
			assert_non_null(b);
			sb_bank_free(b);
			sb_diags_free(&d);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		assert_null(b);
		/* The message itself needs memory: it is there, or counted as dropped. */
		assert_true(d.n + d.dropped >= 1);
		for (size_t i = 0; i < d.n; i++)
			assert_string_equal(d.v[i].message, "out of memory while loading the bank");
		sb_diags_free(&d);
		assert_true(k < 100000);
	}
	/* A bad bank under allocation failure: INTERNAL until memory suffices, then DATA. */
	char *bad = S_WITH({ 46, "        min: 3" }, { 71, "    reverse: yes" });
	len = strlen(bad);
	for (unsigned long k = 1;; k++) {
		sb_bank *b = NULL;
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_bank_load(bad, len, "t.yaml", &b, &d);
		unsigned long made = sb_alloc_fail_after(0);
		assert_null(b);
		sb_diags_free(&d);
		if (k > made) {
			assert_int_equal(st, SB_ERR_DATA);
			break;
		}
		assert_true(st == SB_ERR_INTERNAL || st == SB_ERR_DATA);
	}
	free(bad);
	free(y);
}

/* Problems in response scales, norms, scales and items the other tests leave out, each at its
 * place with its message. */
static void S_two(char *yaml, long l1, long c1, const char *m1, long l2, long c2, const char *m2)
{
	sb_diags d = S_fails(yaml, strlen(yaml));
	if (d.n != 2)
		sb_print_diags(&d);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.v[0].line, l1);
	assert_int_equal(d.v[0].column, c1);
	assert_string_equal(d.v[0].message, m1);
	assert_int_equal(d.v[1].line, l2);
	assert_int_equal(d.v[1].column, c2);
	assert_string_equal(d.v[1].message, m2);
	sb_diags_free(&d);
	free(yaml);
}

static void test_section_problems(void **state)
{
	(void)state;
	const char *norms = "    method: mean\n    norms: {mean: 2, sd: %s, reliability: %s, n: %s, "
	                    "sample: {zh: 样本, en: Sample}, source: \"%s\"}";
	char y[400];
	sb_yaml_only(S_WITH({ 9, "    min: -9999999999" }), 9, 10,
	             "min -9999999999 of response scale 'r4' is too large");
	snprintf(y, sizeof y, norms, "0", "0.8", "100", "Someone");
	sb_yaml_only(S_WITH({ 35, y }), 36, 26,
	             "sd 0 of norms of scale 'anxiety' is not above 0 (expected a standard deviation > 0)");
	snprintf(y, sizeof y, norms, "1", "1.5", "100", "Someone");
	sb_yaml_only(S_WITH({ 35, y }), 36, 42,
	             "reliability 1.5 of norms of scale 'anxiety' is outside 0..1 (expected 0 to 1)");
	snprintf(y, sizeof y, norms, "1", "0.8", "0", "Someone");
	sb_yaml_only(S_WITH({ 35, y }), 36, 50,
	             "n 0 of norms of scale 'anxiety' is not a sample size (expected an integer >= 1)");
	snprintf(y, sizeof y, norms, "1", "0.8", "100", " ");
	sb_yaml_only(S_WITH({ 35, y }), 36, 93,
	             "empty source in norms of scale 'anxiety' (expected where the norms come from)");
	sb_yaml_only(S_WITH({ 35, "    method: median" }), 35, 13,
	             "unknown method 'median' for scale 'anxiety' (expected mean or sum)");
	sb_yaml_only(S_WITH({ 70, "    response: nope" }), 70, 15,
	             "unknown response scale 'nope' for item 'a1' (expected one of: r4)");
	sb_yaml_only(S_WITH({ 43, "        steps: [nope]" }), 43, 17,
	             "unknown step 'nope' in steps of band 'low' of scale 'anxiety' (expected one of: talk)");
	/* a label key that is not a number, bare or quoted: that value then has no label */
	const char *miss = "missing label for 1 in labels of response scale 'r4' (expected a label for "
	                   "every value from 1 to 4)";
	S_two(S_WITH({ 12, "      x: {zh: 一, en: One}" }), 12, 7,
	      "label key 'x' in labels of response scale 'r4' is not an integer (expected 1 to 4)", 12, 7,
	      miss);
	S_two(S_WITH({ 12, "      \"1\": {zh: 一, en: One}" }), 12, 7,
	      "label key '1' in labels of response scale 'r4' is not an integer (expected 1 to 4)", 12, 7,
	      miss);
	/* an item of an unknown scale leaves its own scale one item short */
	S_two(S_WITH({ 69, "    scale: nope" }), 32, 5,
	      "scale 'anxiety' has 1 item (expected at least 2)", 69, 12,
	      "unknown scale 'nope' for item 'a1' (expected one of: anxiety, avoidance)");
}


/* ---- one fault in each kind of element of each section: every problem it gives, exactly ---- */

/* The base bank with a couple pattern after its last line (95): when (its conditions) and rest
 * (steps and what follows) vary. */
#define S_PAT(when, rest)                                                                          \
	"    fearful: {name: {zh: 惧, en: Fearful}, explanation: {zh: 释, en: Explained}}\n"             \
	"couple_patterns:\n  - id: p\n    when:\n" when "    title: {zh: 题, en: Title}\n"              \
	"    explanation: {zh: 释, en: Explained}\n    starters: []\n" rest
#define S_NORMS(x) "    method: mean\n    norms: {mean: 2, " x "}"
#define S_COND "      - scale: anxiety\n        bands: [high]\n"
#define S_DEL2(a) { a, NULL }, { (a) + 1, NULL }
#define S_DEL4(a) S_DEL2(a), S_DEL2((a) + 2)

typedef struct {
	sb_line_edit ed[24];
	const char *want; /* every problem, "LINE:COL: message\n" each, in the loader's order */
} S_fault;

static const S_fault S_faults[] = {
	{ { { 8, "  - r4" }, S_DEL4(9), S_DEL2(13), { 15, NULL } },
	  "8:5: expected a mapping for response scale 1, found 'r4'\n"
	  "63:15: unknown response scale 'r4' for item 'a1' (expected one of: (none))\n"
	  "68:15: unknown response scale 'r4' for item 'v1' (expected one of: (none))\n"
	  "73:15: unknown response scale 'r4' for item 'a2' (expected one of: (none))\n"
	  "78:15: unknown response scale 'r4' for item 'v2' (expected one of: (none))\n" },
	{ { S_DEL4(11), { 15, NULL } },
	  "8:5: missing key 'labels' in response scale 'r4'\n" },
	{ { { 9, "    min: x" } },
	  "9:10: expected an integer for min of response scale 'r4', found 'x'\n" },
	{ { { 9, "    min: x" }, { 12, "      x: {zh: 一, en: One}" } },
	  "9:10: expected an integer for min of response scale 'r4', found 'x'\n"
	  "12:7: label key 'x' in labels of response scale 'r4' is not an integer\n" },
	{ { { 10, "    max: 1" } },
	  "10:10: max 1 of response scale 'r4' is not above its min 1 (expected max > min)\n" },
	{ { { 10, "    max: 1000" } },
	  "10:10: response scale 'r4' has 1000 values from 1 to 1000 (expected at most 100)\n" },
	{ { { 11, "    labels: [a]" }, S_DEL4(12) },
	  "11:13: expected a mapping from each value to its label for labels of response scale "
	  "'r4', found a list\n" },
	{ { { 15, "      5: {zh: 四, en: Four}" } },
	  "12:7: missing label for 4 in labels of response scale 'r4' (expected a label for "
	  "every value from 1 to 4)\n"
	  "15:7: label key 5 in labels of response scale 'r4' is outside 1..4 (expected 1 to "
	  "4)\n" },
	{ { { 15, "      01: {zh: 四, en: Four}" } },
	  "12:7: missing label for 4 in labels of response scale 'r4' (expected a label for "
	  "every value from 1 to 4)\n"
	  "15:7: label for 1 given twice in labels of response scale 'r4' (first on line 12)\n" },
	{ { { 8, "  - id: R4" } },
	  "8:9: invalid id 'R4' for id of response scale 1 (expected lowercase ASCII letters, "
	  "digits and '_', starting with a letter, at most 64 characters)\n"
	  "70:15: unknown response scale 'r4' for item 'a1' (expected one of: (none))\n"
	  "75:15: unknown response scale 'r4' for item 'v1' (expected one of: (none))\n"
	  "80:15: unknown response scale 'r4' for item 'a2' (expected one of: (none))\n"
	  "85:15: unknown response scale 'r4' for item 'v2' (expected one of: (none))\n" },
	{ { { 17, "  - talk" }, S_DEL4(18) },
	  "17:5: expected a mapping for step 1, found 'talk'\n"
	  "39:17: unknown step 'talk' in steps of band 'low' of scale 'anxiety' (expected one "
	  "of: (none))\n"
	  "47:17: unknown step 'talk' in steps of band 'high' of scale 'anxiety' (expected one "
	  "of: (none))\n" },
	{ { { 18, NULL } },
	  "17:5: missing key 'title' in step 'talk'\n" },
	{ { { 21, "      - {zh: 说, en: Say it}\n    with_partner: maybe" } },
	  "22:19: expected true or false for with_partner of step 'talk', found 'maybe'\n" },
	{ { { 32, "  - id: id" } },
	  "32:9: the id 'id' is reserved for the respondent column (expected another id for "
	  "scale 'id')\n"
	  "69:12: unknown scale 'anxiety' for item 'a1' (expected one of: avoidance)\n"
	  "79:12: unknown scale 'anxiety' for item 'a2' (expected one of: avoidance)\n"
	  "89:12: unknown scale 'anxiety' for anxiety of attachment (expected one of: "
	  "avoidance)\n" },
	{ { { 35, "    method: [mean]" } },
	  "35:13: expected a string for method of scale 'anxiety', found a list\n" },
	{ { { 35, "    method: mean\n    min_answered: 0" } },
	  "36:19: min_answered 0 of scale 'anxiety' is outside (0, 1] (expected a share above "
	  "0, at most 1)\n" },
	{ { { 35, "    method: mean\n    min_answered: 1.5" } },
	  "36:19: min_answered 1.5 of scale 'anxiety' is outside (0, 1] (expected a share above "
	  "0, at most 1)\n" },
	{ { { 36, "    bands: {}" }, S_DEL4(37), S_DEL4(41), S_DEL4(45), S_DEL4(49), { 53, NULL } },
	  "36:12: expected a list of bands for bands of scale 'anxiety', found a mapping\n" },
	{ { { 36, "    bands: []" }, S_DEL4(37), S_DEL4(41), S_DEL4(45), S_DEL4(49), { 53, NULL } },
	  "36:12: expected at least one band in bands of scale 'anxiety'\n" },
	{ { { 35, "    method: mean\n    norms: [1]" } },
	  "36:12: expected a mapping for norms of scale 'anxiety', found a list\n" },
	{ { { 35, "    method: mean\n    norms: {sd: 1, sample: {zh: 样本, en: Sample}, source: x}" } },
	  "36:12: missing key 'mean' in norms of scale 'anxiety'\n" },
	{ { { 33, NULL } },
	  "32:5: missing key 'name' in scale 'anxiety'\n" },
	{ { { 37, "      - low" }, S_DEL4(38), S_DEL2(42), { 44, NULL } },
	  "37:9: expected a mapping for band 1 of scale 'anxiety', found 'low'\n" },
	{ { { 38, "        min: x" } },
	  "38:14: expected a number for min of band 'low' of scale 'anxiety', found 'x'\n" },
	{ { { 40, NULL } },
	  "37:9: missing key 'label' in band 'low' of scale 'anxiety'\n" },
	{ { { 43, "        steps: talk" } },
	  "43:16: expected a list of step ids for steps of band 'low' of scale 'anxiety', found "
	  "'talk'\n" },
	{ { { 43, "        steps: [[talk]]" } },
	  "43:17: expected a string for steps of band 'low' of scale 'anxiety', found a list\n" },
	{ { { 44, "        starters: []\n        seek_help: maybe" } },
	  "45:20: expected true or false for seek_help of band 'low' of scale 'anxiety', found "
	  "'maybe'\n" },
	{ { { 68, "  - id: id" } },
	  "68:9: the id 'id' is reserved for the respondent column (expected another id for "
	  "item 'id')\n" },
	{ { { 69, "    scale: [x]" } },
	  "32:5: scale 'anxiety' has 1 item (expected at least 2)\n"
	  "69:12: expected a string for scale of item 'a1', found a list\n" },
	{ { { 70, "    response: [x]" } },
	  "70:15: expected a string for response of item 'a1', found a list\n" },
	{ { { 71, "    reverse: false\n    safety: true" } },
	  "32:5: scale 'anxiety' has 1 item (expected at least 2)\n"
	  "69:12: item 'a1' is a safety item, which belongs to no scale and is never scored "
	  "(expected no 'scale' or 'reverse')\n" },
	{ { { 69, NULL }, { 71, "    reverse: false\n    safety: true" } },
	  "32:5: scale 'anxiety' has 1 item (expected at least 2)\n"
	  "70:14: item 'a1' is a safety item, which belongs to no scale and is never scored "
	  "(expected no 'scale' or 'reverse')\n" },
	{ { { 71, NULL } },
	  "68:5: missing key 'reverse' in item 'a1'\n" },
	{ { { 68, "  - a1" }, S_DEL4(69) },
	  "32:5: scale 'anxiety' has 1 item (expected at least 2)\n"
	  "68:5: expected a mapping for item 1, found 'a1'\n" },
	{ { { 15, "      4: {zh: 四, en: Four}\n  - id: r5\n    min: 1\n    max: 5\n    labels: "
	          "{1: {zh: 一, en: One}, 2: {zh: 二, en: Two}, 3: {zh: 三, en: Three}, "
	          "4: {zh: 四, en: Four}, 5: {zh: 五, en: Five}}" },
	    { 80, "    response: r5" } },
	  "84:15: item 'a2' uses response scale 'r5' but item 'a1' (line 72) of scale 'anxiety' "
	  "uses 'r4' (expected all items of a scale to share one response scale)\n" },
	{ { { 38, "        min: 0" } },
	  "38:14: band 'low' of scale 'anxiety' starts at 0, outside the possible range 1..4\n" },
	{ { { 38, "        min: 1.5" } },
	  "38:14: gap: the first band 'low' of scale 'anxiety' starts at 1.5, above the lowest "
	  "possible score (expected min: 1)\n" },
	{ { { 47, "        max: 3.5" } },
	  "47:14: gap: the last band 'high' of scale 'anxiety' ends at 3.5, below the highest "
	  "possible score (expected max: 4)\n" },
	{ { { 46, "        min: 2" } },
	  "46:14: band 'high' (min 2) overlaps band 'low' (max 2.5) of scale 'anxiety' "
	  "(expected min: 2.5)\n" },
	{ { { 46, "        min: 3" } },
	  "46:14: gap between band 'low' (max 2.5) and band 'high' (min 3) of scale 'anxiety' "
	  "(expected min: 2.5)\n" },
	{ { { 46, "        min: 0.5" } },
	  "46:14: band 'high' of scale 'anxiety' starts at 0.5, outside the possible range 1..4\n"
	  "46:14: bands of scale 'anxiety' are not in ascending order: band 'high' (min 0.5) "
	  "comes after band 'low' (min 1)\n" },
	{ { { 88, "attachment: []" }, S_DEL4(89), S_DEL2(93), { 95, NULL } },
	  "88:13: expected a mapping for attachment, found a list\n" },
	{ { { 89, "  anxiety: [x]" } },
	  "89:12: expected a string for anxiety of attachment, found a list\n" },
	{ { { 90, "  avoidance: anxiety" } },
	  "90:14: attachment names scale 'anxiety' for both anxiety and avoidance (expected two "
	  "different scales)\n" },
	{ { { 89, "  anxiety: nope" } },
	  "89:12: unknown scale 'nope' for anxiety of attachment (expected one of: anxiety, "
	  "avoidance)\n" },
	{ { { 90, "  avoidance: avoidance\n  anxiety_cutoff: 9" } },
	  "91:19: anxiety_cutoff 9 of attachment is outside the possible range 1..4 of scale "
	  "'anxiety'\n" },
	{ { { 90, "  avoidance: avoidance\n  margin: -1" } },
	  "91:11: margin -1 of attachment is below 0 (expected 0 or more)\n" },
	{ { { 91, "  styles: []" }, S_DEL4(92) },
	  "91:11: expected a mapping for styles of attachment, found a list\n" },
	{ { { 92, "    secure: []" } },
	  "92:13: expected a mapping for attachment style 'secure', found a list\n" },
	{ { { 92, "    secure: {name: {zh: 安, en: Secure}}" } },
	  "92:13: missing key 'explanation' in attachment style 'secure'\n" },
	{ { { 95, S_PAT(S_COND, "    steps: [talk]\n") } },
	  "" },
	{ { { 95, S_PAT(S_COND, "    steps: [talk]\n  - q\n") } },
	  "105:5: expected a mapping for couple pattern 2, found 'q'\n" },
	{ { { 95, S_PAT("      {}\n",
	                "    steps: [talk]\n") } },
	  "99:7: expected a list of one or two conditions for when of couple pattern 'p', found "
	  "a mapping\n" },
	{ { { 95, S_PAT("      []\n",
	                "    steps: [talk]\n") } },
	  "99:7: expected one or two conditions in when of couple pattern 'p', found 0\n" },
	{ { { 95, S_PAT("      - {scale: anxiety, scales: [anxiety], bands: [high]}\n",
	                "    steps: [talk]\n") } },
	  "99:34: both scale and scales in condition 1 of couple pattern 'p' (expected one of "
	  "them)\n" },
	{ { { 95, S_PAT("      - {bands: [high]}\n",
	                "    steps: [talk]\n") } },
	  "99:9: missing key 'scale' (or 'scales') in condition 1 of couple pattern 'p'\n" },
	{ { { 95, S_PAT("      - {scales: [], bands: [high]}\n",
	                "    steps: [talk]\n") } },
	  "99:18: expected at least one scale in scales of condition 1 of couple pattern 'p'\n" },
	{ { { 95, S_PAT("      - {scales: [anxiety, anxiety], bands: [high]}\n",
	                "    steps: [talk]\n") } },
	  "99:28: scale 'anxiety' named twice in condition 1 of couple pattern 'p'\n" },
	{ { { 95, S_PAT("      - {scales: [nope], bands: [high]}\n",
	                "    steps: [talk]\n") } },
	  "99:19: unknown scale 'nope' in condition 1 of couple pattern 'p' (expected one of: "
	  "anxiety, avoidance)\n" },
	{ { { 95, S_PAT("      - {scale: anxiety, bands: [high], at_least: 1}\n",
	                "    steps: [talk]\n") } },
	  "99:51: at_least in condition 1 of couple pattern 'p' needs scales (a list), not "
	  "scale\n" },
	{ { { 95, S_PAT("      - {scales: [anxiety, avoidance], bands: [all], at_least: 3}\n",
	                "    steps: [talk]\n") } },
	  "99:48: unknown band 'all' of scale 'anxiety' in condition 1 of couple pattern 'p' "
	  "(expected one of: low, high)\n"
	  "99:64: at_least 3 of condition 1 of couple pattern 'p' is outside 1..2 (expected at "
	  "most the number of scales)\n" },
	{ { { 95, S_PAT("      - {scales: [anxiety, avoidance], bands: [high], at_least: 1}\n",
	                "    steps: [talk]\n") } },
	  "99:48: unknown band 'high' of scale 'avoidance' in condition 1 of couple pattern 'p' "
	  "(expected one of: all)\n" },
	{ { { 95, S_PAT("      - {scale: anxiety, bands: []}\n",
	                "    steps: [talk]\n") } },
	  "99:33: expected at least one band in bands of condition 1 of couple pattern 'p'\n" },
	{ { { 95, S_PAT("      - {scale: anxiety, bands: {}}\n",
	                "    steps: [talk]\n") } },
	  "99:33: expected a list of band ids for bands of condition 1 of couple pattern 'p', "
	  "found a mapping\n" },
	{ { { 95, S_PAT("      - {scale: anxiety, bands: [[high]]}\n",
	                "    steps: [talk]\n") } },
	  "99:34: expected a string for bands of condition 1 of couple pattern 'p', found a "
	  "list\n" },
	{ { { 95, S_PAT("      - {scale: anxiety, bands: [high], starters: [x]}\n",
	                "    steps: [talk]\n") } },
	  "99:52: expected a text ({zh: ..., en: ...}) for starter 1 of condition 1 of couple "
	  "pattern 'p', found 'x'\n" },
	{ { { 95, S_PAT(S_COND, "    steps: [nope, [talk]]\n") } },
	  "104:13: unknown step 'nope' in steps of couple pattern 'p' (expected one of: talk)\n"
	  "104:19: expected a string for steps of couple pattern 'p', found a list\n" },
	{ { { 95, S_PAT(S_COND, "    steps: talk\n    seek_help: maybe\n") } },
	  "104:12: expected a list of step ids for steps of couple pattern 'p', found 'talk'\n"
	  "105:16: expected true or false for seek_help of couple pattern 'p', found 'maybe'\n" },
	{ { { 95, S_PAT(S_COND S_COND S_COND, "    steps: []\n") } },
	  "99:7: expected one or two conditions in when of couple pattern 'p', found 3\n" },
	{ { { 8, "  - min: 1" }, { 9, NULL } },
	  "8:5: missing key 'id' in response scale 1\n"
	  "69:15: unknown response scale 'r4' for item 'a1' (expected one of: (none))\n"
	  "74:15: unknown response scale 'r4' for item 'v1' (expected one of: (none))\n"
	  "79:15: unknown response scale 'r4' for item 'a2' (expected one of: (none))\n"
	  "84:15: unknown response scale 'r4' for item 'v2' (expected one of: (none))\n" },
	{ { { 10, NULL } },
	  "8:5: missing key 'max' in response scale 'r4'\n" },
	{ { { 9, "    min: 9999999999" } },
	  "9:10: min 9999999999 of response scale 'r4' is too large\n" },
	{ { { 13, "      1: {zh: 二, en: Two}" } },
	  "12:7: missing label for 2 in labels of response scale 'r4' (expected a label for "
	  "every value from 1 to 4)\n"
	  "13:7: duplicate key '1' (first on line 12)\n" },
	{ { { 15, "      99999999999999999999: {zh: 四, en: Four}" } },
	  "12:7: missing label for 4 in labels of response scale 'r4' (expected a label for "
	  "every value from 1 to 4)\n"
	  "15:7: label key '99999999999999999999' in labels of response scale 'r4' is not an "
	  "integer (expected 1 to 4)\n" },
	{ { { 15, "      0: {zh: 四, en: Four}" } },
	  "12:7: missing label for 4 in labels of response scale 'r4' (expected a label for "
	  "every value from 1 to 4)\n"
	  "15:7: label key 0 in labels of response scale 'r4' is outside 1..4 (expected 1 to "
	  "4)\n" },
	{ { { 17, "  - title: {zh: 谈, en: Talk}" }, { 18, NULL } },
	  "17:5: missing key 'id' in step 1\n"
	  "42:17: unknown step 'talk' in steps of band 'low' of scale 'anxiety' (expected one "
	  "of: (none))\n"
	  "50:17: unknown step 'talk' in steps of band 'high' of scale 'anxiety' (expected one "
	  "of: (none))\n" },
	{ { { 17, "  - id: Talk" } },
	  "17:9: invalid id 'Talk' for id of step 1 (expected lowercase ASCII letters, digits "
	  "and '_', starting with a letter, at most 64 characters)\n"
	  "43:17: unknown step 'talk' in steps of band 'low' of scale 'anxiety' (expected one "
	  "of: (none))\n"
	  "51:17: unknown step 'talk' in steps of band 'high' of scale 'anxiety' (expected one "
	  "of: (none))\n" },
	{ { { 19, NULL } },
	  "17:5: missing key 'summary' in step 'talk'\n" },
	{ { S_DEL2(20) },
	  "17:5: missing key 'actions' in step 'talk'\n" },
	{ { { 35, S_NORMS("sd: x, reliability: 0.8, n: 100, sample: {zh: 样, en: S}, source: S") } },
	  "36:26: expected a number for sd of norms of scale 'anxiety', found 'x'\n" },
	{ { { 35, S_NORMS("sd: 1, reliability: x, n: 100, sample: {zh: 样, en: S}, source: S") } },
	  "36:42: expected a number for reliability of norms of scale 'anxiety', found 'x'\n" },
	{ { { 35, S_NORMS("sd: 1, reliability: -0.5, n: x, sample: {zh: 样, en: S}, source: S") } },
	  "36:42: reliability -0.5 of norms of scale 'anxiety' is outside 0..1 (expected 0 to "
	  "1)\n"
	  "36:51: expected an integer for n of norms of scale 'anxiety', found 'x'\n" },
	{ { { 35, S_NORMS("sd: 1, source: [S]") } },
	  "36:12: missing key 'sample' in norms of scale 'anxiety'\n"
	  "36:37: expected a string for source of norms of scale 'anxiety', found a list\n" },
	{ { { 37, "      - min: 1" }, { 38, NULL } },
	  "37:9: missing key 'id' in band 1 of scale 'anxiety'\n" },
	{ { { 38, NULL } },
	  "37:9: missing key 'min' in band 'low' of scale 'anxiety'\n" },
	{ { { 39, "        max: x" } },
	  "39:14: expected a number for max of band 'low' of scale 'anxiety', found 'x'\n" },
	{ { { 42, NULL } },
	  "37:9: missing key 'origins' in band 'low' of scale 'anxiety'\n" },
	{ { S_DEL2(43) },
	  "37:9: missing key 'steps' in band 'low' of scale 'anxiety'\n"
	  "37:9: missing key 'starters' in band 'low' of scale 'anxiety'\n" },
	{ { { 32, "  - anxiety" }, S_DEL4(33), S_DEL4(37), S_DEL4(41), S_DEL4(45), S_DEL4(49),
	    { 53, NULL } },
	  "32:5: expected a mapping for scale 1, found 'anxiety'\n"
	  "48:12: unknown scale 'anxiety' for item 'a1' (expected one of: avoidance)\n"
	  "58:12: unknown scale 'anxiety' for item 'a2' (expected one of: avoidance)\n"
	  "68:12: unknown scale 'anxiety' for anxiety of attachment (expected one of: "
	  "avoidance)\n" },
	{ { { 32, "  - name: {zh: 焦虑, en: Anxiety}" }, { 33, NULL } },
	  "32:5: missing key 'id' in scale 1\n"
	  "68:12: unknown scale 'anxiety' for item 'a1' (expected one of: avoidance)\n"
	  "78:12: unknown scale 'anxiety' for item 'a2' (expected one of: avoidance)\n"
	  "88:12: unknown scale 'anxiety' for anxiety of attachment (expected one of: "
	  "avoidance)\n" },
	{ { { 32, "  - id: Anx" } },
	  "32:9: invalid id 'Anx' for id of scale 1 (expected lowercase ASCII letters, digits "
	  "and '_', starting with a letter, at most 64 characters)\n"
	  "69:12: unknown scale 'anxiety' for item 'a1' (expected one of: avoidance)\n"
	  "79:12: unknown scale 'anxiety' for item 'a2' (expected one of: avoidance)\n"
	  "89:12: unknown scale 'anxiety' for anxiety of attachment (expected one of: "
	  "avoidance)\n" },
	{ { { 34, NULL } },
	  "32:5: missing key 'description' in scale 'anxiety'\n" },
	{ { S_DEL4(36), S_DEL4(40), S_DEL4(44), S_DEL4(48), S_DEL2(52) },
	  "32:5: missing key 'bands' in scale 'anxiety'\n" },
	{ { { 68, "  - scale: anxiety" }, { 69, NULL } },
	  "68:5: missing key 'id' in item 1\n" },
	{ { { 70, NULL } },
	  "68:5: missing key 'response' in item 'a1'\n" },
	{ { { 69, NULL } },
	  "32:5: scale 'anxiety' has 1 item (expected at least 2)\n"
	  "68:5: missing key 'scale' in item 'a1'\n" },
	{ { { 72, NULL } },
	  "68:5: missing key 'text' in item 'a1'\n" },
};

/* The dump shows every kind of fact: the embedded bank's safety items and steps done with a
 * partner; norms with and without reliability and n; quotes, backslashes and control characters
 * escaped so that each fact stays on one line. */
static void test_dump_everything(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	sb_buf out = { 0 };
	sb_bank_dump(b, &out);
	assert_false(out.failed);
	assert_true(sb_contains(out.data, "\nitem.saf01 = safety response yesno3\n"));
	assert_true(sb_contains(out.data, "\nstep.open_communication.with_partner = true\n"));
	assert_true(sb_contains(out.data, "the article \\\"情感中的不安全感是源自于什么？\\\""));
	sb_buf_free(&out);
	sb_bank_free(b);
	const char *norms[][2] = {
		{ S_NORMS("sd: 1, reliability: 0.8, n: 100, sample: {zh: 样, en: S}, source: S"),
		  "scale.anxiety.norms = mean 2 sd 1 reliability 0.8 n 100\n" },
		{ S_NORMS("sd: 1.5, sample: {zh: 样, en: S}, source: S"),
		  "scale.anxiety.norms = mean 2 sd 1.5\n" },
	};
	for (size_t i = 0; i < 2; i++) {
		char *y = S_WITH({ 35, norms[i][0] },
		                 { 4, "title: {zh: 标题, en: \"T\\t\\\\\\\"\\x01\\r\\x7f\"}" });
		b = sb_yaml_loads(y);
		sb_bank_dump(b, &out);
		assert_true(sb_contains(out.data, norms[i][1]));
		assert_true(sb_contains(out.data, "\nbank.title.en = \"T\\t\\\\\\\"\\x01\\r\\x7f\"\n"));
		sb_buf_free(&out);
		sb_bank_free(b);
		free(y);
	}
}

/* Scalars of every wrong shape (null in each spelling, quoted, malformed, out of range, a list or
 * a mapping where a scalar goes), attachment and couple-pattern conditions with keys missing or
 * of the wrong kind: each problem at its line and column (the second table, for the branches the
 * first one left). */
#define S_PAT_NOID(rest)                                                                           \
	"    fearful: {name: {zh: 惧, en: Fearful}, explanation: {zh: 释, en: Explained}}\n"             \
	"couple_patterns:\n  - when:\n" S_COND rest
static const S_fault S_faults2[] = {
	{ { { 9, "    min: ~" } },
	  "9:10: expected an integer for min of response scale 'r4', found nothing (null)\n" },
	{ { { 9, "    min: NULL" } },
	  "9:10: expected an integer for min of response scale 'r4', found nothing (null)\n" },
	{ { { 9, "    min: Null" } },
	  "9:10: expected an integer for min of response scale 'r4', found nothing (null)\n" },
	{ { { 9, "    min: null" } },
	  "9:10: expected an integer for min of response scale 'r4', found nothing (null)\n" },
	{ { { 9, "    min:" } },
	  "9:9: expected an integer for min of response scale 'r4', found nothing (null)\n" },
	{ { { 9, "    min: \"1\"" } },
	  "9:10: expected an integer for min of response scale 'r4', found '1'\n" },
	{ { { 9, "    min: 1-2" } },
	  "9:10: expected an integer for min of response scale 'r4', found '1-2'\n" },
	{ { { 9, "    min: 99999999999999999999" } },
	  "9:10: expected an integer for min of response scale 'r4', found "
	  "'99999999999999999999'\n" },
	{ { { 10, "    max: [4]" } },
	  "10:10: expected an integer for max of response scale 'r4', found a list\n" },
	{ { { 39, "        max: 1e999" } },
	  "39:14: expected a number for max of band 'low' of scale 'anxiety', found '1e999'\n" },
	{ { { 39, "        max: 2.5.1" } },
	  "39:14: expected a number for max of band 'low' of scale 'anxiety', found '2.5.1'\n" },
	{ { { 39, "        max: {a: 1}" } },
	  "39:14: expected a number for max of band 'low' of scale 'anxiety', found a mapping\n" },
	{ { { 39, "        max: \"2.5\"" } },
	  "39:14: expected a number for max of band 'low' of scale 'anxiety', found '2.5'\n" },
	{ { { 71, "    reverse: [false]" } },
	  "71:14: expected true or false for reverse of item 'a1', found a list\n" },
	{ { { 71, "    reverse: \"false\"" } },
	  "71:14: expected true or false for reverse of item 'a1', found 'false'\n" },
	{ { { 71, "    reverse: no" } },
	  "71:14: expected true or false for reverse of item 'a1', found 'no'\n" },
	{ { { 71, "    reverse: ~" } },
	  "71:14: expected true or false for reverse of item 'a1', found nothing (null)\n" },
	{ { { 43, "        steps: talk" } },
	  "43:16: expected a list of step ids for steps of band 'low' of scale 'anxiety', "
	  "found 'talk'\n" },
	{ { { 20, "    actions: []" }, { 21, NULL } },
	  "20:14: expected at least 1 action in actions of step 'talk'\n" },
	{ { { 2, "id: ~" } },
	  "2:5: expected a string for id, found nothing (null)\n" },
	{ { { 90, "  avoidance: anxiety" } },
	  "90:14: attachment names scale 'anxiety' for both anxiety and avoidance (expected "
	  "two different scales)\n" },
	{ { { 89, "  anxiety: [x]" } },
	  "89:12: expected a string for anxiety of attachment, found a list\n" },
	{ { { 90, "  avoidance: avoidance\n  anxiety_cutoff: 9\n  avoidance_cutoff: x\n  margin: -1" } },
	  "91:19: anxiety_cutoff 9 of attachment is outside the possible range 1..4 of scale "
	  "'anxiety'\n"
	  "92:21: expected a number for avoidance_cutoff of attachment, found 'x'\n"
	  "93:11: margin -1 of attachment is below 0 (expected 0 or more)\n" },
	{ { { 90, "  avoidance: avoidance\n  margin: x" } },
	  "91:11: expected a number for margin of attachment, found 'x'\n" },
	{ { { 90, "  avoidance: nope\n  avoidance_cutoff: 1" } },
	  "90:14: unknown scale 'nope' for avoidance of attachment (expected one of: "
	  "anxiety, avoidance)\n" },
	{ { { 91, NULL }, S_DEL4(92) },
	  "89:3: missing key 'styles' in attachment\n" },
	{ { { 92, "    secure: [x]" } },
	  "92:13: expected a mapping for attachment style 'secure', found a list\n" },
	{ { { 92, "    secure: {name: {zh: 安, en: Secure}}" } },
	  "92:13: missing key 'explanation' in attachment style 'secure'\n" },
	{ { { 92, "    secure: {explanation: {zh: 释, en: Explained}}" } },
	  "92:13: missing key 'name' in attachment style 'secure'\n" },
	{ { { 95, S_PAT_NOID("    title: {zh: 题, en: Title}\n    steps: [talk]\n") } },
	  "97:5: missing key 'id' in couple pattern 1\n"
	  "97:5: missing key 'explanation' in couple pattern 1\n"
	  "97:5: missing key 'starters' in couple pattern 1\n" },
	{ { { 95, S_PAT("      - {scale: anxiety, scales: [anxiety], bands: [high]}\n",
	                "    steps: [talk]\n") } },
	  "99:34: both scale and scales in condition 1 of couple pattern 'p' (expected one "
	  "of them)\n" },
	{ { { 95, S_PAT("      - {bands: [high]}\n", "    steps: [talk]\n") } },
	  "99:9: missing key 'scale' (or 'scales') in condition 1 of couple pattern 'p'\n" },
	{ { { 95, S_PAT("      - {scales: anxiety, bands: [high]}\n", "    steps: [talk]\n") } },
	  "99:18: expected a list of scale ids for scales of condition 1 of couple pattern "
	  "'p', found 'anxiety'\n" },
	{ { { 95, S_PAT("      - {scales: [], bands: [high]}\n", "    steps: [talk]\n") } },
	  "99:18: expected at least one scale in scales of condition 1 of couple pattern 'p'\n" },
	{ { { 95, S_PAT("      - {scales: [anxiety, avoidance], bands: [all], at_least: x}\n",
	                "    steps: [talk]\n") } },
	  "99:48: unknown band 'all' of scale 'anxiety' in condition 1 of couple pattern 'p' "
	  "(expected one of: low, high)\n"
	  "99:64: expected an integer for at_least of condition 1 of couple pattern 'p', "
	  "found 'x'\n" },
	{ { { 95, S_PAT("      - {scales: [anxiety, avoidance], bands: [high], at_least: 0}\n",
	                "    steps: [talk]\n") } },
	  "99:48: unknown band 'high' of scale 'avoidance' in condition 1 of couple pattern "
	  "'p' (expected one of: all)\n"
	  "99:65: at_least 0 of condition 1 of couple pattern 'p' is outside 1..2 (expected "
	  "at most the number of scales)\n" },
	{ { { 95, S_PAT("      - {scales: [nope, anxiety], bands: [high], at_least: 1}\n",
	                "    steps: [talk]\n") } },
	  "99:19: unknown scale 'nope' in condition 1 of couple pattern 'p' (expected one "
	  "of: anxiety, avoidance)\n" },
	{ { { 95, S_PAT("      - {scale: anxiety}\n", "    steps: [talk]\n") } },
	  "99:9: missing key 'bands' in condition 1 of couple pattern 'p'\n" },
	{ { { 95, S_PAT("      - [x]\n", "    steps: [talk]\n") } },
	  "99:9: expected a mapping for condition 1 of couple pattern 'p', found a list\n" },
	{ { { 95, S_PAT("", "    steps: [talk]\n") } },
	  "98:10: expected a list of one or two conditions for when of couple pattern 'p', "
	  "found nothing (null)\n" },
};

static void S_fault_table(const S_fault *faults, size_t n_faults)
{
	int bad = 0;
	for (size_t i = 0; i < n_faults; i++) {
		const S_fault *f = &faults[i];
		size_t n = 0;
		while (n < sizeof f->ed / sizeof f->ed[0] && f->ed[n].line)
			n++;
		char *yaml = sb_lines_with(S_base, S_NLINES, f->ed, n);
		sb_diags d = { 0 };
		sb_bank *b = NULL;
		sb_status st = sb_bank_load(yaml, strlen(yaml), "t.yaml", &b, &d);
		sb_buf got = { 0 };
		for (size_t k = 0; k < d.n; k++)
			sb_buf_printf(&got, "%ld:%ld: %s\n", d.v[k].line, d.v[k].column, d.v[k].message);
		const char *g = got.data ? got.data : "";
		if (strcmp(g, f->want) != 0 || st != (*f->want ? SB_ERR_DATA : SB_OK) ||
		    (b == NULL) != (*f->want != 0)) {
			print_message("case %zu: status %d, got:\n%s", i, (int)st, g);
			bad++;
		}
		sb_bank_free(b);
		sb_buf_free(&got);
		sb_diags_free(&d);
		free(yaml);
	}
	assert_int_equal(bad, 0);
}

static void test_each_element_fault(void **state)
{
	(void)state;
	S_fault_table(S_faults, sizeof S_faults / sizeof S_faults[0]);
	S_fault_table(S_faults2, sizeof S_faults2 / sizeof S_faults2[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_model),
		cmocka_unit_test(test_one_language),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_tab_indentation),
		cmocka_unit_test(test_control_character),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_bom_and_line_ends),
		cmocka_unit_test(test_utf16_and_nul),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_anchors_aliases_tags),
		cmocka_unit_test(test_nesting_cap),
		cmocka_unit_test(test_two_documents),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_missing_key),
		cmocka_unit_test(test_invalid_id),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_unknown_scale),
		cmocka_unit_test(test_unknown_response),
		cmocka_unit_test(test_mixed_response_scales),
		cmocka_unit_test(test_unknown_step),
		cmocka_unit_test(test_too_few_items),
		cmocka_unit_test(test_missing_language),
		cmocka_unit_test(test_empty_text),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_band_gap_overlap_range),
		cmocka_unit_test(test_band_order),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_min_answered),
		cmocka_unit_test(test_norms),
		cmocka_unit_test(test_attachment),
		cmocka_unit_test(test_many_problems_in_one_pass),
		cmocka_unit_test(test_default_bank),
		cmocka_unit_test(test_interpretive_texts),
		cmocka_unit_test(test_golden_dump),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_section_problems),
		cmocka_unit_test(test_each_element_fault),
		cmocka_unit_test(test_dump_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

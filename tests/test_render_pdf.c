/* SPDX-License-Identifier: MIT */
/* test_render_pdf.c — the PDF renderer, checked from outside with poppler-utils: page size and
 * count, embedded fonts, extractable text (Chinese too), running footer, headings never left at
 * a page's foot, table headers repeated, and clean failure when allocation fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#ifdef SB_WITH_PDF

#include "base/alloc.h"
#include "base/buf.h"
#include "report/doc.h"
#include "base/error.h"
#include "base/labels.h"
#include "render/render.h"
#include "render/pdf/pdf_draw.h"

#include <cairo-pdf.h>

/* ---- building documents by hand ---- */

static sb_style_chart *S_style(sb_lang lang, size_t n_points, bool arrow)
{
	bool zh = lang == SB_LANG_ZH;
	sb_style_chart *c = sb_calloc(1, sizeof *c);
	assert_non_null(c);
	c->x_label = sb_strdup(zh ? "回避" : "Avoidance");
	c->y_label = sb_strdup(zh ? "焦虑" : "Anxiety");
	c->x_min = c->y_min = 1;
	c->x_max = c->y_max = 7;
	c->x_cut = 4;
	c->y_cut = 3.5;
	const char *en[4] = { "Secure", "Preoccupied", "Dismissive", "Fearful" };
	const char *cn[4] = { "安全型", "专注型", "疏离型", "恐惧型" };
	for (int i = 0; i < 4; i++)
		c->region[i] = sb_strdup(zh ? cn[i] : en[i]);
	c->points = sb_calloc(n_points, sizeof *c->points);
	c->n_points = n_points;
	static const double xy[2][2] = { { 2.4, 5.6 }, { 3.1, 3.0 } };
	for (size_t i = 0; i < n_points; i++) {
		c->points[i].label = sb_strdup(i == 0 ? (zh ? "第一次" : "1st") : (zh ? "第二次" : "2nd"));
		c->points[i].x = xy[i][0];
		c->points[i].y = xy[i][1];
	}
	c->arrow = arrow;
	return c;
}

static sb_profile_chart *S_profile(sb_lang lang, size_t n_series)
{
	bool zh = lang == SB_LANG_ZH;
	const char *en[4] = { "Attachment anxiety", "Attachment avoidance", "Past hurt",
		              "Self-worth in relationships" };
	const char *cn[4] = { "依恋焦虑", "依恋回避", "过往伤害", "关系中的自我价值" };
	const char *band_en[3] = { "Low", "Moderate", "High" };
	const char *band_cn[3] = { "较低", "中等", "较高" };
	sb_profile_chart *c = sb_calloc(1, sizeof *c);
	assert_non_null(c);
	c->n_bars = 4;
	c->bars = sb_calloc(c->n_bars, sizeof *c->bars);
	c->n_series = n_series;
	c->series_label[0] = sb_strdup(zh ? "第一次" : "1st");
	c->series_label[1] = sb_strdup(zh ? "第二次" : "2nd");
	for (size_t i = 0; i < c->n_bars; i++) {
		sb_profile_bar *b = &c->bars[i];
		b->name = sb_strdup(zh ? cn[i] : en[i]);
		b->lo = 1;
		b->hi = 7;
		b->n_bands = 3;
		b->bands = sb_calloc(3, sizeof *b->bands);
		for (size_t j = 0; j < 3; j++) {
			b->bands[j].label = sb_strdup(zh ? band_cn[j] : band_en[j]);
			b->bands[j].lo = 1 + 2.0 * (double)j;
			b->bands[j].hi = 3 + 2.0 * (double)j;
		}
		for (size_t s = 0; s < 2; s++) {
			char v[16];
			b->value[s] = 2.0 + (double)i * 1.2 + (double)s * 0.7;
			b->scored[s] = !(i == 2 && s == 0); /* past hurt, first series: not scored */
			snprintf(v, sizeof v, "%.1f", b->value[s]);
			b->value_text[s] = sb_strdup(b->scored[s] ? v : zh ? "未计分" : "not scored");
		}
	}
	return c;
}

static const char *S_long_en =
	"Closeness can feel both wished for and unsafe at the same time. When a partner is slow to "
	"reply, the mind may fill the silence with the worst explanation, and the body reacts as if "
	"that explanation were already true. Noticing this sequence, naming it, and giving it a "
	"moment before acting is a skill that can be learned, and it grows with practice. ";
static const char *S_long_zh =
	"亲密既让人渴望，又让人觉得不安全。当伴侣回复得慢时，脑海里可能会用最坏的解释填补沉默，"
	"身体也会像那个解释已经成真一样作出反应。留意这个过程、给它命名，并在行动之前给它一点时间，"
	"这是一种可以学会的能力，而且会随着练习而增长。";

/* A document with every block kind, tone and chart variant, and a long section that spans
 * several pages. */
static sb_doc *S_full_doc(sb_lang lang)
{
	bool zh = lang == SB_LANG_ZH;
	sb_doc *d = sb_doc_new(lang);
	assert_non_null(d);
	sb_doc_set(d, zh ? "亲密关系安全感报告" : "Secure Base report",
	           zh ? "给自己的反思报告" : "A reflection for yourself", "R-0042", "2024-05-01",
	           zh ? "安全基地问卷 1.0.0" : "Secure Base Questionnaire 1.0.0");
	sb_doc_heading(d, 1, zh ? "总览" : "Overview");
	sb_doc_para(d, SB_TONE_LEAD,
	            zh ? "这份报告描述的是倾向，而不是诊断。"
	               : "This report describes leanings, not a diagnosis.");
	sb_doc_style_chart(d, S_style(lang, 1, false));
	sb_doc_profile_chart(d, S_profile(lang, 1));
	sb_doc_heading(d, 2, zh ? "依恋焦虑" : "Attachment anxiety");
	sb_doc_para(d, SB_TONE_NORMAL, zh ? S_long_zh : S_long_en);
	sb_doc_para(d, SB_TONE_NOTE,
	            zh ? "注：分数只反映作答时的感受。" : "Note: scores reflect how you felt when answering.");
	sb_doc_para(d, SB_TONE_ALERT,
	            zh ? "如果你感到不安全，请立即联系当地的紧急服务。"
	               : "If you feel unsafe, contact your local emergency services now.");
	sb_doc_para(d, SB_TONE_SMALL, zh ? "条目编号：anx_01 至 anx_08" : "Item ids: anx_01 to anx_08");
	sb_doc_heading(d, 3, zh ? "建议的步骤" : "Suggested steps");
	sb_doc_list(d, false);
	sb_doc_add_item(d, zh ? "在回复之前先停顿三次呼吸。" : "Pause for three breaths before replying.");
	sb_doc_add_item(d, zh ? S_long_zh : S_long_en);
	sb_doc_list(d, true);
	for (int i = 0; i < 11; i++)
		sb_doc_add_item(d, zh ? "写下你当时的感受。" : "Write down what you felt at the time.");
	sb_doc_kv(d);
	sb_doc_add_item(d, zh ? "编号" : "Respondent");
	sb_doc_add_item(d, "R-0042");
	sb_doc_add_item(d, zh ? "日期" : "Date");
	sb_doc_add_item(d, "2024-05-01");
	sb_doc_add_item(d, zh ? "题库" : "Question bank");
	sb_doc_add_item(d, zh ? "安全基地问卷 1.0.0" : "Secure Base Questionnaire 1.0.0");
	sb_align al[4] = { SB_ALIGN_LEFT, SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_CENTER };
	sb_doc_table(d, 4, al);
	sb_doc_add_item(d, zh ? "条目" : "Item");
	sb_doc_add_item(d, zh ? "内容" : "Text");
	sb_doc_add_item(d, zh ? "作答" : "Answer");
	sb_doc_add_item(d, zh ? "反向" : "Reversed");
	for (int i = 1; i <= 6; i++) {
		char id[24], ans[12]; /* room for any int: -O1 checks the bound */
		snprintf(id, sizeof id, "anx_%02d", i);
		snprintf(ans, sizeof ans, "%d", i);
		sb_doc_add_item(d, id);
		sb_doc_add_item(d, zh ? "我担心伴侣并不像我在乎他那样在乎我。"
		                      : "I worry that my partner does not care about me as much as I care.");
		sb_doc_add_item(d, ans);
		sb_doc_add_item(d, i % 3 ? "" : "R");
	}
	sb_doc_write_area(d, zh ? "备注" : "Notes", 4);
	sb_doc_page_break(d);
	sb_doc_heading(d, 1, zh ? "两次比较" : "Comparison");
	sb_doc_style_chart(d, S_style(lang, 2, true));
	sb_doc_profile_chart(d, S_profile(lang, 2));
	sb_doc_heading(d, 1, zh ? "过往伤害" : "Past hurt");
	for (int i = 0; i < 14; i++) {
		char buf[4096];
		snprintf(buf, sizeof buf, "%s%s%s", zh ? S_long_zh : S_long_en, zh ? S_long_zh : S_long_en,
		         zh ? S_long_zh : S_long_en);
		if (i % 5 == 4)
			sb_doc_heading(d, 2, zh ? "可以尝试的说法" : "Things to try saying");
		sb_doc_para(d, SB_TONE_NORMAL, buf);
	}
	assert_int_equal(sb_doc_status(d), SB_OK);
	return d;
}

/* ---- running poppler-utils ---- */

/* Output of a shell command (exit status 0 required); caller frees. */
static char *S_cmd(const char *fmt, const char *path, const char *extra)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, fmt, extra ? extra : "", path);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	size_t len = 0, cap = 4096;
	char *s = malloc(cap);
	assert_non_null(s);
	size_t n;
	while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2048) {
			cap *= 2;
			s = realloc(s, cap);
			assert_non_null(s);
		}
	}
	s[len] = '\0';
	int rc = pclose(f);
	if (rc != 0)
		fail_msg("`%s` failed (%d): %s", cmd, rc, s);
	return s;
}

/* Renders d and writes it to dir/name; the path (caller frees). When SB_TEST_PDF_OUT names a
 * folder, a copy goes there too, for a person to look at. */
static char *S_render(const sb_doc *d, const char *dir, const char *name)
{
	sb_buf out = { 0 };
	sb_diags diags = { 0 };
	sb_status st = sb_render_pdf(d, NULL, &out, &diags);
	if (st != SB_OK)
		fail_msg("render failed: %s", diags.n ? diags.v[0].message : "?");
	assert_int_equal(diags.n, 0);
	assert_true(out.len > 1000);
	assert_memory_equal(out.data, "%PDF-", 5);
	char *path = sb_join(dir, name);
	sb_write_file(path, out.data, out.len);
	const char *keep = getenv("SB_TEST_PDF_OUT");
	if (keep && *keep) {
		char *copy = sb_join(keep, name);
		sb_write_file(copy, out.data, out.len);
		free(copy);
	}
	sb_buf_free(&out);
	sb_diags_free(&diags);
	return path;
}

/* The value of a pdfinfo field ("Pages", "Page size", ...), trimmed; caller frees. */
static char *S_info(const char *path, const char *field)
{
	char *info = S_cmd("pdfinfo %s'%s'", path, NULL);
	char key[64];
	snprintf(key, sizeof key, "\n%s:", field);
	char *p = strncmp(info, key + 1, strlen(key + 1)) ? strstr(info, key) : info - 1;
	if (!p)
		fail_msg("pdfinfo has no %s", field);
	p += strlen(key);
	p += strspn(p, " ");
	char *v = strndup(p, strcspn(p, "\n"));
	free(info);
	return v;
}

static int S_pages(const char *path)
{
	char *v = S_info(path, "Pages");
	int n = atoi(v);
	free(v);
	return n;
}

/* Every font embedded, and the language's body face among them (NotoSansCJK for Chinese,
 * DejaVuSans for English: pdf_draw.h). */
static void S_check_fonts(const char *path, const char *face)
{
	char *out = S_cmd("pdffonts %s'%s'", path, NULL);
	char *save = NULL;
	int fonts = 0, body_face = 0;
	bool body = false;
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "----", 4)) {
			body = true;
			continue;
		}
		if (!body)
			continue;
		/* name type... encoding emb sub uni object-id generation: emb is 5th from the end */
		char *tok[32];
		int n = 0;
		char *s2 = NULL;
		for (char *t = strtok_r(line, " ", &s2); t && n < 32; t = strtok_r(NULL, " ", &s2))
			tok[n++] = t;
		assert_true(n >= 6);
		if (strcmp(tok[n - 5], "yes") != 0)
			fail_msg("font %s is not embedded", tok[0]);
		if (strstr(tok[0], face))
			body_face++;
		fonts++;
	}
	assert_true(fonts >= 1);
	assert_true(body_face >= 1);
	free(out);
}

/* Within the text column, not the running header or footer. */
static bool S_in_body(const sb_pdf_word *w)
{
	return w->y_min > 50.0 && w->y_max < 790.0;
}

/* ---- the tests ---- */

static void S_check_common(const char *path, int min_pages, const char *face)
{
	char *v = S_info(path, "Page size");
	assert_string_equal(v, "595.276 x 841.89 pts (A4)");
	free(v);
	v = S_info(path, "Creator");
	assert_string_equal(v, "securebase");
	free(v);
	assert_true(S_pages(path) >= min_pages);
	S_check_fonts(path, face);
}

static void test_english(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_doc *d = S_full_doc(SB_LANG_EN);
	char *path = S_render(d, dir, "en.pdf");
	S_check_common(path, 4, "DejaVuSans");
	int pages = S_pages(path);
	char *title = S_info(path, "Title");
	assert_string_equal(title, "Secure Base report");
	free(title);

	char *text = S_cmd("pdftotext -enc UTF-8 %s'%s' -", path, NULL);
	char want[64];
	for (int k = 1; k <= pages; k++) {
		snprintf(want, sizeof want, "Page %d of %d", k, pages);
		assert_true(sb_contains(text, want));
	}
	assert_true(sb_contains(text, "R-0042"));
	assert_true(sb_contains(text, "2024-05-01"));
	assert_true(sb_contains(text, "Secure Base Questionnaire 1.0.0"));
	assert_true(sb_contains(text, "Attachment anxiety"));
	assert_true(sb_contains(text, "If you feel unsafe, contact your local emergency services"));
	assert_true(sb_contains(text, "not scored"));
	assert_true(sb_contains(text, "Preoccupied"));
	assert_true(sb_contains(text, "Avoidance"));
	free(text);

	/* The first page carries the title and the respondent in the header. */
	char *p1 = S_cmd("pdftotext -enc UTF-8 -f 1 -l 1 %s'%s' -", path, NULL);
	assert_true(sb_contains(p1, "Secure Base report"));
	assert_true(sb_contains(p1, "A reflection for yourself"));
	assert_true(sb_contains(p1, "Overview"));
	free(p1);
	/* The page break puts the comparison at the top of a new page. */
	char *p2 = S_cmd("pdftotext -enc UTF-8 -f 2 -l 2 %s'%s' -", path, NULL);
	assert_false(sb_contains(p2, "Overview"));
	free(p2);

	sb_doc_free(d);
	free(path);
	sb_rmtree(dir);
	free(dir);
}

/* A footer as long as the default bank's (title, version, sources) is shown whole on every page,
 * in the footer band and inside the margins: nothing cut off with an ellipsis. */
static void test_long_footer_whole(void **state)
{
	(void)state;
	static const char *const foot[2] = {
		"Security in close relationships — a self-reflection questionnaire · version 2.0.0 · "
		"Ideas from: KTSF Go, \"情感中的不安全感是源自于什么？\"; two-dimension model: ECR-R",
		"亲密关系中的安全感：自我觉察问卷 · 版本 2.0.0 · 思路参考：KTSF Go《情感中的不安全感是源自于"
		"什么？》；依恋两维度模型：ECR-R",
	};
	for (int zh = 0; zh < 2; zh++) {
		char *dir = sb_tmpdir();
		sb_doc *d = sb_doc_new(zh ? SB_LANG_ZH : SB_LANG_EN);
		sb_doc_set(d, "Footer", NULL, "someone", "2026-12-05", foot[zh]);
		for (int i = 0; i < 90; i++)
			sb_doc_para(d, SB_TONE_NORMAL,
			            "A paragraph of body text that fills the pages one after another.");
		char *path = S_render(d, dir, "foot.pdf");
		int pages = S_pages(path);
		assert_true(pages >= 2);
		size_t n;
		sb_pdf_word *w = sb_pdf_words(path, &n);
		int last_word_on[16] = { 0 };
		for (size_t i = 0; i < n; i++) {
			assert_null(strstr(w[i].text, "…"));
			assert_true(w[i].x_min >= 50.0 && w[i].x_max <= 595.276 - 50.0);
			if (strstr(w[i].text, "ECR-R") && w[i].page < 16) {
				assert_true(w[i].y_min > 842.0 - 58.0 && w[i].y_max < 842.0 - 12.0);
				last_word_on[w[i].page]++;
			}
		}
		for (int k = 0; k < pages && k < 16; k++)
			assert_int_equal(last_word_on[k], 1);
		sb_pdf_words_free(w, n);
		sb_doc_free(d);
		free(path);
		sb_rmtree(dir);
		free(dir);
	}
}

static void test_chinese(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_doc *d = S_full_doc(SB_LANG_ZH);
	char *path = S_render(d, dir, "zh.pdf");
	S_check_common(path, 4, "NotoSansCJK");
	int pages = S_pages(path);
	char *text = S_cmd("pdftotext -enc UTF-8 %s'%s' -", path, NULL);
	char want[64];
	snprintf(want, sizeof want, "第 1 页，共 %d 页", pages);
	assert_true(sb_contains(text, want));
	snprintf(want, sizeof want, "第 %d 页，共 %d 页", pages, pages);
	assert_true(sb_contains(text, want));
	assert_true(sb_contains(text, "亲密关系安全感报告"));
	assert_true(sb_contains(text, "依恋焦虑"));
	assert_true(sb_contains(text, "关系中的自我价值"));
	assert_true(sb_contains(text, "可以尝试的说法"));
	assert_true(sb_contains(text, "未计分"));
	assert_true(sb_contains(text, "R-0042"));
	assert_true(sb_contains(text, "安全基地问卷 1.0.0"));
	free(text);
	sb_doc_free(d);
	free(path);
	sb_rmtree(dir);
	free(dir);
}

/* The CJK faces cut down once per process (pdf_fonts.c): after the first PDF the family lists name
 * them first, and a document in the program's labels (characters the cut faces always have)
 * embeds the cut Regular face only, not the whole font beside it. Without hb-subset the lists
 * name the whole font. */
static void test_cut_fonts(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_doc *d = sb_doc_new(SB_LANG_ZH);
	sb_doc_set(d, sb_label_text(SB_LANG_ZH, SB_LABEL_OVERVIEW), NULL, NULL, NULL, NULL);
	sb_doc_para(d, SB_TONE_NORMAL, sb_label_text(SB_LANG_ZH, SB_LABEL_ALL_SCALES));
	sb_doc_para(d, SB_TONE_NORMAL, sb_label_text(SB_LANG_ZH, SB_LABEL_NOT_SCORED));
	assert_int_equal(sb_doc_status(d), SB_OK);
	char *path = S_render(d, dir, "cut.pdf");
#if defined(SB_WITH_HB_SUBSET)
	const char *want = getenv("SECUREBASE_PDF_SUBSET");
	if (!want || strcmp(want, "0") != 0) {
		assert_string_equal(sb_pdf_font_cjk(), SB_PDF_FONT_SUBSET ", " SB_PDF_FONT_CJK);
		assert_string_equal(sb_pdf_font_en(),
		                    SB_PDF_FONT_LATIN ", " SB_PDF_FONT_SUBSET ", " SB_PDF_FONT_CJK);
		char *fonts = S_cmd("pdffonts %s'%s'", path, NULL);
		const char *first = strstr(fonts, "NotoSansCJKsc-Regular");
		assert_non_null(first);
		assert_null(strstr(first + 1, "NotoSansCJKsc-Regular"));
		free(fonts);
	} else {
		assert_string_equal(sb_pdf_font_cjk(), SB_PDF_FONT_CJK);
	}
#else
	assert_string_equal(sb_pdf_font_cjk(), SB_PDF_FONT_CJK);
	assert_string_equal(sb_pdf_font_en(), SB_PDF_FONT_EN);
#endif
	sb_doc_free(d);
	free(path);
	sb_rmtree(dir);
	free(dir);
}

/* Sections that each start on a fresh page with a different number of one-line fillers, then a
 * heading and a box that may not split: for some counts the heading alone would still fit at the
 * foot of the page while the box would not. */
static void test_heading_never_at_foot(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	sb_doc_set(d, "Keep with next", NULL, NULL, "2024-05-01", "test");
	for (int n = 24; n <= 40; n++) {
		char s[64];
		if (n > 24)
			sb_doc_page_break(d);
		for (int i = 1; i <= n; i++) {
			snprintf(s, sizeof s, "filler-%d-%d", n, i);
			sb_doc_para(d, SB_TONE_NORMAL, s);
		}
		snprintf(s, sizeof s, "HEADING-%d", n);
		sb_doc_heading(d, 2, s);
		sb_doc_para(d, SB_TONE_ALERT, S_long_en);
	}
	assert_int_equal(sb_doc_status(d), SB_OK);
	char *path = S_render(d, dir, "keep.pdf");
	size_t n;
	sb_pdf_word *w = sb_pdf_words(path, &n);
	int pages = S_pages(path);
	int moved = 0;
	for (int pg = 0; pg < pages; pg++) {
		const sb_pdf_word *last = NULL, *first_next = NULL;
		for (size_t i = 0; i < n; i++) {
			if (!S_in_body(&w[i]))
				continue;
			if (w[i].page == pg)
				last = &w[i];
			if (w[i].page == pg + 1 && !first_next)
				first_next = &w[i];
		}
		if (!last) {
			fail_msg("page %d has no body text", pg + 1);
			break; /* not reached; tells the optimiser last is set below */
		}
		if (!strncmp(last->text, "HEADING", 7))
			fail_msg("page %d ends with %s", pg + 1, last->text);
		/* A heading moved over although it (18 pt and its spacing) had room here. */
		if (first_next && !strncmp(first_next->text, "HEADING", 7) &&
		    !strncmp(last->text, "filler", 6) && last->y_max < 720.0)
			moved++;
	}
	assert_true(moved >= 1);
	sb_pdf_words_free(w, n);
	sb_doc_free(d);
	free(path);
	sb_rmtree(dir);
	free(dir);
}

/* The grey level of the darkest pixel inside box (points) of page pg (0-based) of a PNM made by
 * pdftoppm -gray at 144 dpi; 255 when the box is blank. */
static int S_darkest(const char *dir, int pg, int pages, double x0, double y0, double x1, double y1)
{
	static char *img, *img_path;
	if (!dir) {
		free(img);
		free(img_path);
		img = img_path = NULL;
		return 255;
	}
	char name[64];
	snprintf(name, sizeof name, pages >= 10 ? "pg-%02d.pgm" : "pg-%d.pgm", pg + 1);
	if (pages >= 100)
		snprintf(name, sizeof name, "pg-%03d.pgm", pg + 1);
	char *path = sb_join(dir, name);
	/* The words come page by page: the last page read is kept (freed with a NULL dir). */
	if (!img_path || strcmp(img_path, path) != 0) {
		free(img);
		free(img_path);
		img = sb_read_file(path, NULL);
		img_path = path;
		path = NULL;
	}
	if (!img)
		fail_msg("no raster %s", img_path);
	int w, h, max, at;
	assert_int_equal(sscanf(img, "P5 %d %d %d%n", &w, &h, &max, &at), 3);
	const unsigned char *px = (const unsigned char *)img + at + 1;
	int darkest = 255;
	for (int y = (int)(y0 * 2); y < (int)(y1 * 2) && y < h; y++)
		for (int x = (int)(x0 * 2); x < (int)(x1 * 2) && x < w; x++)
			if (px[(size_t)y * (size_t)w + (size_t)x] < darkest)
				darkest = px[(size_t)y * (size_t)w + (size_t)x];
	free(path);
	return darkest;
}

/* cairo 1.16 embeds some Noto CJK glyphs (如 among them) without the subroutines they need, so they
 * come out blank although pdftotext still finds them. Every Chinese character of the default bank,
 * in the regular and the bold face, must leave ink where pdftotext says it is. */
static void test_every_bank_character_has_ink(void **state)
{
	(void)state;
	char *bank_path = sb_src_path("questions/securebase.yaml");
	char *bank = sb_read_file(bank_path, NULL);
	assert_non_null(bank);
	/* The characters, each once: ideographs and CJK punctuation; and the four glyphs known to be
	 * hit (如 and 瘃 in the regular face, 忉 and 烪 in the bold). */
	char *chars = malloc(strlen(bank) + 16);
	assert_non_null(chars);
	strcpy(chars, "如瘃忉烪");
	size_t n_chars = strlen(chars);
	for (const unsigned char *q = (const unsigned char *)bank; *q;) {
		size_t k = *q < 0x80 ? 1 : *q < 0xe0 ? 2 : *q < 0xf0 ? 3 : 4;
		if (k == 3 && *q >= 0xe3) {
			char c[4] = { (char)q[0], (char)q[1], (char)q[2], 0 };
			if (!strstr(chars, c)) {
				memcpy(chars + n_chars, c, 4);
				n_chars += 3;
			}
		}
		for (size_t j = 0; j < k && *q; j++)
			q++;
	}
	size_t count = n_chars / 3;
	assert_true(count > 300);

	/* Tables of twelve: the header row is set in bold, the body row in the regular face. */
	sb_doc *d = sb_doc_new(SB_LANG_ZH);
	sb_doc_set(d, "字形", NULL, NULL, NULL, NULL);
	sb_align al[12] = { 0 };
	for (size_t i = 0; i < count; i += 12) {
		size_t m = count - i < 12 ? count - i : 12;
		sb_doc_table(d, m, al);
		for (int row = 0; row < 2; row++)
			for (size_t j = 0; j < m; j++) {
				char c[4];
				memcpy(c, chars + 3 * (i + j), 3);
				c[3] = 0;
				sb_doc_add_item(d, c);
			}
	}
	assert_int_equal(sb_doc_status(d), SB_OK);
	char *dir = sb_tmpdir();
	char *path = S_render(d, dir, "glyphs.pdf");
	int pages = S_pages(path);
	char *pg = sb_join(dir, "pg");
	char cmd[512];
	snprintf(cmd, sizeof cmd, "pdftoppm -gray -r 144 '%s' '%s'", path, pg);
	assert_int_equal(system(cmd), 0);

	size_t n;
	sb_pdf_word *w = sb_pdf_words(path, &n);
	size_t checked = 0;
	for (size_t i = 0; i < n; i++) {
		if (!S_in_body(&w[i]) || strlen(w[i].text) != 3 || !strstr(chars, w[i].text))
			continue;
		int dark = S_darkest(dir, w[i].page, pages, w[i].x_min, w[i].y_min, w[i].x_max,
		                     w[i].y_max);
		if (dark > 128)
			fail_msg("%s on page %d is blank (darkest grey %d)", w[i].text, w[i].page + 1,
			         dark);
		checked++;
	}
	assert_true(checked >= 2 * count);
	S_darkest(NULL, 0, 0, 0, 0, 0, 0); /* frees the kept raster */
	sb_pdf_words_free(w, n);
	free(pg);
	free(path);
	sb_rmtree(dir);
	free(dir);
	sb_doc_free(d);
	free(chars);
	free(bank);
	free(bank_path);
}

/* Long paragraphs break between lines, with two lines at least on either side of the break. */
static void test_paragraph_splits_between_lines(void **state)
{
	(void)state;
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	sb_doc_set(d, "Paragraphs", NULL, NULL, NULL, NULL);
	for (int i = 0; i < 14; i++) {
		char buf[2048] = "";
		for (int k = 0; k < 60 + 7 * i; k++) {
			char word[32]; /* room for any int: -O1 checks the bound */
			snprintf(word, sizeof word, "p%02dw%03d ", i, k);
			strcat(buf, word);
		}
		sb_doc_para(d, SB_TONE_NORMAL, buf);
	}
	assert_int_equal(sb_doc_status(d), SB_OK);
	char *dir = sb_tmpdir();
	char *path = S_render(d, dir, "paras.pdf");
	size_t n;
	sb_pdf_word *w = sb_pdf_words(path, &n);
	int split = 0;
	for (int i = 0; i < 14; i++) {
		char tag[16];
		snprintf(tag, sizeof tag, "p%02dw", i);
		/* distinct line positions of paragraph i on each page */
		int lines[64] = { 0 };
		double last_y[64];
		for (size_t k = 0; k < n; k++) {
			if (strncmp(w[k].text, tag, 4) || w[k].page >= 64)
				continue;
			int pg = w[k].page;
			if (lines[pg] == 0 || w[k].y_min > last_y[pg] + 1) {
				lines[pg]++;
				last_y[pg] = w[k].y_min;
			}
		}
		int on = 0;
		for (int pg = 0; pg < 64; pg++) {
			if (!lines[pg])
				continue;
			on++;
			if (lines[pg] < 2)
				fail_msg("paragraph %d has a single line on page %d", i, pg + 1);
		}
		assert_true(on <= 2);
		if (on == 2)
			split++;
	}
	assert_true(split >= 1);
	sb_pdf_words_free(w, n);
	sb_doc_free(d);
	free(path);
	sb_rmtree(dir);
	free(dir);
}

/* A table longer than a page: its header row starts every page it reaches, and no row is lost. */
static void test_table_across_pages(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	sb_doc_set(d, "Items", NULL, "R-7", "2024-05-01", "test");
	sb_align al[3] = { SB_ALIGN_LEFT, SB_ALIGN_LEFT, SB_ALIGN_RIGHT };
	sb_doc_table(d, 3, al);
	sb_doc_add_item(d, "ColumnId");
	sb_doc_add_item(d, "ColumnText");
	sb_doc_add_item(d, "ColumnAnswer");
	for (int i = 1; i <= 90; i++) {
		char id[16];
		snprintf(id, sizeof id, "row%03d", i);
		sb_doc_add_item(d, id);
		sb_doc_add_item(d, "When my partner is away I wonder whether they still think of me.");
		sb_doc_add_item(d, "4");
	}
	assert_int_equal(sb_doc_status(d), SB_OK);
	char *path = S_render(d, dir, "table.pdf");
	int pages = S_pages(path);
	assert_true(pages >= 2);
	size_t n;
	sb_pdf_word *w = sb_pdf_words(path, &n);
	int rows = 0;
	for (int pg = 0; pg < pages; pg++) {
		const sb_pdf_word *first = NULL;
		for (size_t i = 0; i < n; i++) {
			if (w[i].page != pg || !S_in_body(&w[i]))
				continue;
			if (!first)
				first = &w[i];
			if (!strncmp(w[i].text, "row", 3))
				rows++;
		}
		assert_non_null(first);
		/* Page 1 starts with the title; every later page with the repeated header. */
		assert_string_equal(first->text, pg == 0 ? "Items" : "ColumnId");
	}
	assert_int_equal(rows, 90);
	sb_pdf_words_free(w, n);
	sb_doc_free(d);
	free(path);
	sb_rmtree(dir);
	free(dir);
}

/* A respondent id that is not UTF-8 (CSV input is outside data) still gives a clean PDF. */
static void test_invalid_utf8(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	sb_doc_set(d, "Bad \xff title", NULL, "id-\xc3\x28-x", "2024-05-01", NULL);
	sb_doc_heading(d, 1, "Heading \xfe");
	sb_doc_para(d, SB_TONE_NORMAL, "text \x80 more");
	char *path = S_render(d, dir, "bad.pdf");
	assert_int_equal(S_pages(path), 1);
	char *text = S_cmd("pdftotext -enc UTF-8 %s'%s' -", path, NULL);
	assert_true(sb_contains(text, "more"));
	assert_true(sb_contains(text, "Page 1 of 1"));
	free(text);
	sb_doc_free(d);
	free(path);
	sb_rmtree(dir);
	free(dir);
}

/* An empty document is one page with its title and footer. */
static void test_empty_doc(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_doc *d = sb_doc_new(SB_LANG_ZH);
	sb_doc_set(d, "空白", NULL, NULL, NULL, NULL);
	char *path = S_render(d, dir, "empty.pdf");
	assert_int_equal(S_pages(path), 1);
	char *text = S_cmd("pdftotext -enc UTF-8 %s'%s' -", path, NULL);
	assert_true(sb_contains(text, "第 1 页，共 1 页"));
	free(text);
	sb_doc_free(d);
	free(path);
	sb_rmtree(dir);
	free(dir);
}

/* Every allocation the renderer makes through sb_* may fail: the k-th failing gives
 * SB_ERR_INTERNAL with a message and leaves the buffer as it was; leaks are left to ASan. */
static void test_alloc_failure(void **state)
{
	(void)state;
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	sb_doc_set(d, "Alloc", "sub", "R-1", "2024-05-01", "f");
	sb_doc_heading(d, 1, "One");
	sb_doc_para(d, SB_TONE_NORMAL, S_long_en);
	sb_doc_list(d, true);
	sb_doc_add_item(d, "a");
	sb_doc_add_item(d, "b");
	sb_align al[2] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT };
	sb_doc_table(d, 2, al);
	for (int i = 0; i < 6; i++)
		sb_doc_add_item(d, "cell");
	sb_doc_profile_chart(d, S_profile(SB_LANG_EN, 2));
	sb_doc_style_chart(d, S_style(SB_LANG_EN, 2, true));
	assert_int_equal(sb_doc_status(d), SB_OK);

	bool done = false;
	unsigned long k;
	for (k = 1; k < 400 && !done; k++) {
		sb_buf out = { 0 };
		sb_buf_puts(&out, "kept");
		sb_diags diags = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_render_pdf(d, NULL, &out, &diags);
		sb_alloc_fail_after(0);
		if (st == SB_OK) {
			assert_memory_equal(out.data, "kept%PDF-", 9);
			done = true;
		} else {
			assert_int_equal(st, SB_ERR_INTERNAL);
			assert_true(diags.n + diags.dropped >= 1);
			if (diags.n)
				assert_true(sb_contains(diags.v[0].message, "pdf:"));
			assert_int_equal(out.len, 4);
		}
		sb_buf_free(&out);
		sb_diags_free(&diags);
	}
	assert_true(done);
	assert_true(k > 5); /* failures were really injected before it succeeded */
	sb_doc_free(d);
}

/* sb_pdf_text keeps its layouts: the same text and settings give the same layout again, with
 * what a caller changed on it set back; other settings give another; a Chinese text's ASCII runs
 * are marked for the Latin font (an English text's are not: its family list does it); a
 * thousand texts all come back as themselves. */
static void test_layouts_kept(void **state)
{
	(void)state;
	cairo_surface_t *surface = cairo_pdf_surface_create(NULL, 595.0, 842.0);
	cairo_t *cr = cairo_create(surface);
	PangoContext *pc = pango_cairo_create_context(cr);
	for (int zh = 0; zh < 2; zh++) {
		sb_pdf p = { .cr = cr, .pc = pc, .lang = zh ? SB_LANG_ZH : SB_LANG_EN };
		const char *t = "Report 报告 2.0";
		PangoLayout *a = sb_pdf_text(&p, t, 10.0, false, 200.0);
		PangoAttrList *attrs = pango_layout_get_attributes(a);
		if (zh) { /* "Report" and "2.0", not the space or the Chinese */
			assert_non_null(attrs);
			PangoAttrIterator *it = pango_attr_list_get_iterator(attrs);
			int runs = 0;
			do {
				int start, end;
				pango_attr_iterator_range(it, &start, &end);
				if (pango_attr_iterator_get(it, PANGO_ATTR_FAMILY)) {
					assert_true((start == 0 && end == 6) ||
					            (start == (int)strlen(t) - 3 && end == (int)strlen(t)));
					runs++;
				}
			} while (pango_attr_iterator_next(it));
			pango_attr_iterator_destroy(it);
			assert_int_equal(runs, 2);
		} else {
			assert_null(attrs);
		}
		pango_layout_set_alignment(a, PANGO_ALIGN_RIGHT);
		pango_layout_set_ellipsize(a, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(a, 0);
		pango_layout_set_attributes(a, NULL);
		PangoLayout *b = sb_pdf_text(&p, t, 10.0, false, 200.0);
		assert_ptr_equal(a, b);
		assert_int_equal(pango_layout_get_alignment(b), PANGO_ALIGN_LEFT);
		assert_int_equal(pango_layout_get_ellipsize(b), PANGO_ELLIPSIZE_NONE);
		assert_int_equal(pango_layout_get_height(b), -1);
		assert_ptr_equal(pango_layout_get_attributes(b), attrs);
		PangoLayout *c = sb_pdf_text(&p, t, 10.0, true, 200.0);
		PangoLayout *e = sb_pdf_text(&p, t, 11.0, false, 200.0);
		PangoLayout *f = sb_pdf_text(&p, t, 10.0, false, 100.0);
		PangoLayout *g = sb_pdf_text(&p, NULL, 10.0, false, 0);
		assert_true(c != a && e != a && f != a && c != e && e != f);
		assert_string_equal(pango_layout_get_text(g), "");
		PangoLayout *many[1000];
		char text[32];
		for (int i = 0; i < 1000; i++) {
			snprintf(text, sizeof text, "line %d", i);
			many[i] = sb_pdf_text(&p, text, 9.0, false, 0);
		}
		for (int i = 0; i < 1000; i++) {
			snprintf(text, sizeof text, "line %d", i);
			PangoLayout *again = sb_pdf_text(&p, text, 9.0, false, 0);
			assert_ptr_equal(again, many[i]);
			assert_string_equal(pango_layout_get_text(again), text);
			g_object_unref(again);
			g_object_unref(many[i]);
		}
		g_object_unref(a), g_object_unref(b), g_object_unref(c), g_object_unref(e);
		g_object_unref(f), g_object_unref(g);
		sb_pdf_laid_free(&p);
		assert_int_equal(p.n_laid, 0);
	}
	g_object_unref(pc);
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts_kept),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_cut_fonts),
		cmocka_unit_test(test_long_footer_whole),
		cmocka_unit_test(test_heading_never_at_foot),
		cmocka_unit_test(test_paragraph_splits_between_lines),
		cmocka_unit_test(test_table_across_pages),
		cmocka_unit_test(test_every_bank_character_has_ink),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_empty_doc),
		cmocka_unit_test(test_alloc_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

static void test_pdf_not_built(void **state)
{
	(void)state;
	skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_pdf_not_built) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif

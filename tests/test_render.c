/* SPDX-License-Identifier: MIT */
/* test_render.c — every renderer on hand-built documents: golden files, well-formed HTML,
 * escaping, no raw control characters, line widths, allocation failures; the escapers. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "support.h"

#include "base/alloc.h"
#include "report/doc.h"
#include "render/escape_html.h"
#include "render/escape_md.h"
#include "render/render.h"
#include "render/text_charts.h"
#include "base/textwidth.h"

#define HOSTILE_ID "<script>alert(1)</script>"
#define QUOTES "\"&'"

/* ---- building documents by hand ---- */

static sb_style_chart *S_style(const char *const region[4], const char *xl, const char *yl,
                               size_t n, const char *const *labels, const double *xy, bool arrow)
{
	sb_style_chart *c = sb_calloc(1, sizeof *c);
	assert_non_null(c);
	c->x_label = sb_strdup(xl);
	c->y_label = sb_strdup(yl);
	c->x_min = c->y_min = 1;
	c->x_max = c->y_max = 7;
	c->x_cut = c->y_cut = 4;
	for (int i = 0; i < 4; i++)
		c->region[i] = sb_strdup(region[i]);
	c->points = sb_calloc(n ? n : 1, sizeof *c->points);
	assert_non_null(c->points);
	c->n_points = n;
	for (size_t i = 0; i < n; i++) {
		c->points[i].label = labels[i] ? sb_strdup(labels[i]) : NULL;
		c->points[i].x = xy[2 * i];
		c->points[i].y = xy[2 * i + 1];
	}
	c->arrow = arrow;
	return c;
}

typedef struct {
	const char *name;
	double lo, hi;
	const char *const *band_labels; /* NULL-terminated; limits are spread evenly over the range */
	double value[2];
	bool scored[2];
	const char *text[2];
} S_bar_spec;

static sb_profile_chart *S_profile(const S_bar_spec *spec, size_t n, size_t series,
                                   const char *s0, const char *s1)
{
	sb_profile_chart *c = sb_calloc(1, sizeof *c);
	assert_non_null(c);
	c->bars = sb_calloc(n ? n : 1, sizeof *c->bars);
	assert_non_null(c->bars);
	c->n_bars = n;
	c->n_series = series;
	c->series_label[0] = s0 ? sb_strdup(s0) : NULL;
	c->series_label[1] = s1 ? sb_strdup(s1) : NULL;
	for (size_t i = 0; i < n; i++) {
		sb_profile_bar *b = &c->bars[i];
		b->name = sb_strdup(spec[i].name);
		b->lo = spec[i].lo;
		b->hi = spec[i].hi;
		size_t nb = 0;
		while (spec[i].band_labels && spec[i].band_labels[nb])
			nb++;
		b->bands = sb_calloc(nb ? nb : 1, sizeof *b->bands);
		assert_non_null(b->bands);
		b->n_bands = nb;
		for (size_t j = 0; j < nb; j++) {
			b->bands[j].label = sb_strdup(spec[i].band_labels[j]);
			b->bands[j].lo = b->lo + (b->hi - b->lo) * (double)j / (double)nb;
			b->bands[j].hi = b->lo + (b->hi - b->lo) * (double)(j + 1) / (double)nb;
		}
		for (size_t s = 0; s < 2; s++) {
			b->value[s] = spec[i].value[s];
			b->scored[s] = spec[i].scored[s];
			b->value_text[s] = spec[i].text[s] ? sb_strdup(spec[i].text[s]) : NULL;
		}
	}
	return c;
}

static void S_items(sb_doc *d, const char *const *items)
{
	for (size_t i = 0; items[i]; i++)
		sb_doc_add_item(d, items[i]);
}

static const char *const S_lmh_en[] = { "Low", "Moderate", "High", NULL };
static const char *const S_lmh_zh[] = { "较低", "中等", "较高", NULL };

/* English: every block kind and tone, charts with one and two points and series, hostile text. */
static sb_doc *S_doc_en(void)
{
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	assert_non_null(d);
	sb_doc_set(d, "Relationship security: your reflection report",
	           "securebase 1.0.0 \xE2\x80\x94 a reflection aid, not a diagnosis", HOSTILE_ID,
	           "2024-05-01", "securebase question bank 1.0.0 " QUOTES);
	sb_doc_para(d, SB_TONE_NOTE, "This report reflects your answers at one moment. It is not a "
	            "diagnosis, and it cannot replace a conversation with a professional.");
	sb_doc_heading(d, 1, "Overview");
	sb_doc_para(d, SB_TONE_LEAD, "Your answers right now show higher attachment anxiety and "
	            "lower avoidance \xE2\x80\x94 you value closeness, yet you may often worry about "
	            "where you stand.");
	static const char *const region[4] = { "Secure leaning", "Anxious\xE2\x80\x93preoccupied "
	                                       "leaning", "Dismissive\xE2\x80\x93" "avoidant leaning",
	                                       "Fearful\xE2\x80\x93" "avoidant leaning" };
	sb_doc_style_chart(d, S_style(region, "Attachment avoidance", "Attachment anxiety", 1,
	                              (const char *[]){ HOSTILE_ID }, (double[]){ 2.5, 5.25 },
	                              false));
	S_bar_spec bars[] = {
		{ "Attachment anxiety", 1, 7, S_lmh_en, { 5.25 }, { true }, { "5.25 High" } },
		{ "Attachment avoidance", 1, 7, S_lmh_en, { 2.5 }, { true }, { "2.50 Low" } },
		{ "Self-doubt (low self-worth)", 1, 7, S_lmh_en, { 4.125 }, { true },
		  { "4.13 Moderate" } },
		{ "Past hurt carried forward", 1, 7, S_lmh_en, { 1 }, { true }, { "1.00 Low" } },
		{ "Unspoken needs and communication gaps", 1, 7, S_lmh_en, { 7 }, { true },
		  { "7.00 High" } },
		{ "Comparison and outside pressure", 1, 7, S_lmh_en, { NAN }, { false },
		  { "Not scored: too many items skipped" } },
	};
	sb_doc_profile_chart(d, S_profile(bars, 6, 1, NULL, NULL));
	sb_doc_para(d, SB_TONE_ALERT, "If you are thinking about harming yourself, or you feel unsafe "
	            "in your relationship, please contact local emergency services or a crisis line "
	            "now.");
	sb_doc_heading(d, 2, "Attachment anxiety \xE2\x80\x94 High");
	sb_doc_kv(d);
	S_items(d, (const char *[]){ "Score", "5.25 of 7", "Band", "High",
	                             "Items answered", "8 of 8",
	                             "Key " QUOTES " <b>", "Value with <i>markup</i> | pipe", NULL });
	sb_doc_para(d, SB_TONE_NORMAL, "Small changes \xE2\x80\x94 a late reply, a different tone, a "
	            "shifted plan \xE2\x80\x94 can quickly make you tense and afraid that you matter "
	            "less, or that you might be left.\n\nLiving like this is exhausting, and it can "
	            "put strain on both of you.");
	sb_doc_heading(d, 3, "Suggested steps");
	sb_doc_list(d, false);
	S_items(d, (const char *[]){ "Notice the moment worry starts, and name it to yourself.",
	                             "Agree on a small signal with your partner for anxious "
	                             "moments.",
	                             "- not a nested list, * nor this, 1. nor this", NULL });
	sb_doc_list(d, true);
	S_items(d, (const char *[]){ "First", "Second with `code`, *stars*, _under_ and [a](link)",
	                             "Third # not a heading", "4. four", "five", "six", "seven",
	                             "eight", "nine", "Ten: the numbers line up", NULL });
	sb_doc_para(d, SB_TONE_NOTE, "Steps are suggestions, not prescriptions.");
	sb_doc_para(d, SB_TONE_SMALL, "anx_01 anx_02 anx_03 anx_04 anx_05 anx_06 anx_07 anx_08");
	sb_doc_para(d, SB_TONE_NORMAL, "Terminal trap: \x1B]0;owned\x07 \x1B[31mred\x1B[0m, invalid "
	            "\xFF byte, C1 \xC2\x9B" "31m, DEL \x7F, carriage\rreturn.");
	sb_doc_heading(d, 2, "Items");
	static const sb_align al[3] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_CENTER };
	sb_doc_table(d, 3, al);
	S_items(d, (const char *[]){ "Item", "Answer", "Reverse",
	                             "I worry that my partner will lose interest in me.", "6", "",
	                             "I find it easy to depend on my partner.", "2", "yes",
	                             "A cell with | a pipe and " HOSTILE_ID, "7", "", NULL });
	sb_doc_heading(d, 2, "Notes");
	sb_doc_write_area(d, "Notes for the next session", 3);
	sb_doc_write_area(d, "Counsellor's name and date", 1);
	sb_doc_page_break(d);
	sb_doc_heading(d, 1, "Then and now");
	sb_doc_style_chart(d, S_style(region, "Attachment avoidance", "Attachment anxiety", 2,
	                              (const char *[]){ "March", "May" },
	                              (double[]){ 5.5, 5.75, 2.25, 3.5 }, true));
	S_bar_spec pair[] = {
		{ "Attachment anxiety", 1, 7, S_lmh_en, { 5.75, 3.5 }, { true, true },
		  { "5.75", "3.50" } },
		{ "A yes/no scale", 0, 4, (const char *[]){ "Rare", "Often", NULL }, { 1, NAN },
		  { true, false }, { "1.00", "not scored" } },
	};
	sb_doc_profile_chart(d, S_profile(pair, 2, 2, "March", "May"));
	assert_int_equal(sb_doc_status(d), SB_OK);
	return d;
}

/* Chinese: the same kinds, with CJK punctuation at line ends. */
static sb_doc *S_doc_zh(void)
{
	sb_doc *d = sb_doc_new(SB_LANG_ZH);
	assert_non_null(d);
	sb_doc_set(d, "亲密关系中的安全感：你的自我觉察报告", "securebase 1.0.0——自我觉察工具，不是诊断",
	           "受访者-007", "2024-05-01", "题库：securebase 1.0.0");
	sb_doc_para(d, SB_TONE_NOTE, "这份报告只反映你此刻的回答，不是诊断，也不能代替与专业人士的交谈。");
	sb_doc_heading(d, 1, "总览");
	sb_doc_para(d, SB_TONE_LEAD, "你此刻的回答显示依恋焦虑和回避都偏高：你渴望亲近，却又害怕受伤，"
	            "于是可能一边靠近一边退开。");
	static const char *const region[4] = { "安全型倾向", "焦虑—专注型倾向", "疏离—回避型倾向",
	                                       "恐惧—回避型倾向" };
	sb_doc_style_chart(d, S_style(region, "依恋回避", "依恋焦虑", 2,
	                              (const char *[]){ "三月", "五月" },
	                              (double[]){ 3.0, 3.5, 5.5, 6.0 }, true));
	S_bar_spec bars[] = {
		{ "依恋焦虑", 1, 7, S_lmh_zh, { 6 }, { true }, { "6.00 较高" } },
		{ "依恋回避", 1, 7, S_lmh_zh, { 5.5 }, { true }, { "5.50 较高" } },
		{ "自我价值感低", 1, 7, S_lmh_zh, { 3.5 }, { true }, { "3.50 中等" } },
		{ "过往伤痛的影响", 1, 7, S_lmh_zh, { 2 }, { true }, { "2.00 较低" } },
		{ "未说出口的需要", 1, 7, S_lmh_zh, { 4 }, { true }, { "4.00 中等" } },
		{ "比较与外界压力", 1, 7, S_lmh_zh, { NAN }, { false }, { "未计分：跳过的题目太多" } },
	};
	sb_doc_profile_chart(d, S_profile(bars, 6, 1, NULL, NULL));
	sb_doc_para(d, SB_TONE_ALERT, "如果你有伤害自己的念头，或者在关系中感到不安全，请立即联系当地的紧急服务"
	            "或心理危机热线。");
	sb_doc_heading(d, 2, "依恋焦虑——较高");
	sb_doc_kv(d);
	S_items(d, (const char *[]){ "分数", "6.00（满分 7）", "区间", "较高", "已答题数", "8／8", NULL });
	sb_doc_para(d, SB_TONE_NORMAL, "对方的一点变化，比如晚回消息、语气不同、计划改动，都可能让你很快紧张起来，"
	            "担心自己不再重要，甚至担心被离开。你可能需要一再确认才能安心，而确认带来的平静往往又很短暂。"
	            "「这不是你的错」，而是你曾经用来保护自己的方式。");
	sb_doc_heading(d, 3, "建议的步骤");
	sb_doc_list(d, false);
	S_items(d, (const char *[]){ "留意担心开始的那一刻，对自己说出它的名字。",
	                             "和伴侣约定一个小信号：我心慌的时候，你一句简短的“我在”就能帮我很多。",
	                             NULL });
	sb_doc_list(d, true);
	S_items(d, (const char *[]){ "先照顾好自己的情绪；", "再试着说出需要。", NULL });
	sb_doc_para(d, SB_TONE_NOTE, "这些步骤是建议，不是处方。");
	sb_doc_para(d, SB_TONE_SMALL, "题号：anx_01、anx_02、anx_03");
	sb_doc_heading(d, 2, "题目");
	sb_doc_table(d, 3, (const sb_align[]){ SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_CENTER });
	S_items(d, (const char *[]){ "题目", "回答", "反向计分", "我担心对方会对我失去兴趣。", "6", "",
	                             "我很容易依赖我的伴侣，也很愿意让对方依赖我。", "2", "是", NULL });
	sb_doc_write_area(d, "咨询记录", 2);
	sb_doc_write_area(d, "咨询师签名与日期", 1);
	sb_doc_page_break(d);
	sb_doc_heading(d, 1, "前后对比");
	S_bar_spec pair[] = {
		{ "依恋焦虑", 1, 7, S_lmh_zh, { 6, 4.25 }, { true, true }, { "6.00", "4.25" } },
		{ "依恋回避", 1, 7, S_lmh_zh, { 5.5, 5.5 }, { true, true }, { "5.50", "5.50" } },
	};
	sb_doc_profile_chart(d, S_profile(pair, 2, 2, "三月", "五月"));
	assert_int_equal(sb_doc_status(d), SB_OK);
	return d;
}

/* Degenerate content: missing texts, empty lists, odd counts, charts with nothing to draw. */
static sb_doc *S_doc_edge(void)
{
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	assert_non_null(d);
	sb_doc_heading(d, 1, NULL);
	sb_doc_heading(d, 7, "Level clamped to 3");
	sb_doc_para(d, SB_TONE_NORMAL, NULL);
	sb_doc_para(d, SB_TONE_NOTE, "\n\n");
	sb_doc_list(d, false);
	sb_doc_kv(d);
	S_items(d, (const char *[]){ "", "a value without a key", "odd key out", NULL });
	sb_doc_table(d, 2, NULL);
	S_items(d, (const char *[]){ "only", "a", "partial", NULL });
	sb_doc_table(d, 0, NULL);
	sb_doc_style_chart(d, S_style((const char *const[4]){ "", "", "", "" }, "", "", 1,
	                              (const char *[]){ NULL }, (double[]){ NAN, NAN }, true));
	sb_doc_profile_chart(d, S_profile(NULL, 0, 1, NULL, NULL));
	S_bar_spec flat[] = { { "Zero range", 3, 3, NULL, { 3 }, { true }, { NULL } },
		              { "Infinite range", -INFINITY, INFINITY, S_lmh_en, { 3 }, { true },
		                { "3" } },
		              { "Limits near the end, and not a number", 1, 7, S_lmh_en, { 6.95 },
		                { true }, { "6.95" } } };
	sb_profile_chart *odd = S_profile(flat, 3, 0, NULL, NULL);
	odd->bars[2].bands[0].hi = odd->bars[2].bands[1].lo = 6.9;
	odd->bars[2].bands[1].hi = odd->bars[2].bands[2].lo = NAN;
	sb_doc_profile_chart(d, odd);
	sb_doc_write_area(d, NULL, 0);
	sb_doc_write_area(d, "A label too long to sit beside its line in a narrow column, so it "
	                  "goes above", 1);
	sb_doc_page_break(d);
	assert_int_equal(sb_doc_status(d), SB_OK);
	return d;
}

typedef sb_doc *(*S_doc_fn)(void);

static const struct {
	const char *name;
	S_doc_fn make;
} S_docs[] = { { "en", S_doc_en }, { "zh", S_doc_zh }, { "edge", S_doc_edge } };

#define S_NDOCS (sizeof S_docs / sizeof S_docs[0])

static char *S_render(const sb_doc *d, sb_format f, int width, bool color, bool unicode,
                      size_t *len)
{
	sb_render_opts o = { .width = width, .color = color, .unicode = unicode };
	sb_buf out = { 0 };
	sb_diags diags = { 0 };
	sb_status st = sb_render(d, f, &o, &out, &diags);
	assert_int_equal(st, SB_OK);
	assert_int_equal(diags.n, 0);
	sb_diags_free(&diags);
	assert_non_null(out.data);
	return sb_buf_detach(&out, len);
}

/* ---- tests ---- */

static void test_formats(void **state)
{
	(void)state;
	static const char *const names[] = { "text", "md", "html", "pdf", "json" };
	static const char *const exts[] = { "txt", "md", "html", "pdf", "json" };
	for (int i = 0; i < 5; i++) {
		sb_format f;
		assert_int_equal(sb_format_parse(names[i], &f), 0);
		assert_int_equal(f, i);
		assert_string_equal(sb_format_ext(f), exts[i]);
	}
	sb_format f;
	assert_int_equal(sb_format_parse("markdown", &f), -1);
	assert_int_equal(sb_format_parse("", &f), -1);
	assert_int_equal(sb_format_parse(NULL, &f), -1);
	assert_true(sb_format_available(SB_FORMAT_TEXT));
	assert_true(sb_format_available(SB_FORMAT_MD));
	assert_true(sb_format_available(SB_FORMAT_HTML));
	assert_true(sb_format_available(SB_FORMAT_JSON));

	sb_doc *d = S_doc_edge();
	sb_buf out = { 0 };
	sb_diags diags = { 0 };
	if (!sb_format_available(SB_FORMAT_PDF)) {
		assert_int_equal(sb_render(d, SB_FORMAT_PDF, NULL, &out, &diags), SB_ERR_UNAVAILABLE);
		assert_int_equal(diags.n, 1);
		assert_string_equal(diags.v[0].message, "PDF output is not built in (build with cairo "
		                    "and pango: SECUREBASE_WITH_PDF=ON)");
		assert_int_equal(sb_status_exit(SB_ERR_UNAVAILABLE), 69);
		sb_diags_clear(&diags);
	}
	/* no options: 80 columns, Unicode, no colour */
	sb_buf dflt = { 0 };
	assert_int_equal(sb_render(d, SB_FORMAT_TEXT, NULL, &dflt, &diags), SB_OK);
	size_t len;
	char *s80 = S_render(d, SB_FORMAT_TEXT, 80, false, true, &len);
	assert_int_equal(dflt.len, len);
	assert_memory_equal(dflt.data, s80, len);
	sb_free(s80);
	sb_buf_free(&dflt);
	/* a doc whose building failed is not rendered */
	d->failed = true;
	assert_int_equal(sb_render(d, SB_FORMAT_TEXT, NULL, &out, &diags), SB_ERR_INTERNAL);
	assert_int_equal(diags.n, 1);
	assert_int_equal(out.len, 0);
	sb_diags_free(&diags);
	sb_buf_free(&out);
	sb_doc_free(d);
}

static void test_golden(void **state)
{
	(void)state;
	for (size_t k = 0; k < S_NDOCS; k++) {
		sb_doc *d = S_docs[k].make();
		char name[128];
		size_t len;
		char *s;
		/* text: unicode and ASCII, colour and not, 80 and 40 columns (the edge doc: 80) */
		for (int v = 0; v < 8; v++) {
			bool uni = !(v & 1), color = v & 2;
			int width = v & 4 ? 40 : 80;
			if (strcmp(S_docs[k].name, "edge") == 0 && v != 0)
				continue;
			s = S_render(d, SB_FORMAT_TEXT, width, color, uni, &len);
			snprintf(name, sizeof name, "render_%s_%d%s%s.txt", S_docs[k].name, width,
			         uni ? "" : "_ascii", color ? "_color" : "");
			sb_assert_golden(s, len, name);
			sb_free(s);
		}
		static const struct {
			sb_format f;
			const char *ext;
		} other[] = { { SB_FORMAT_MD, "md" }, { SB_FORMAT_HTML, "html" },
			      { SB_FORMAT_JSON, "json" } };
		for (size_t i = 0; i < 3; i++) {
			s = S_render(d, other[i].f, 80, false, true, &len);
			snprintf(name, sizeof name, "render_%s.%s", S_docs[k].name, other[i].ext);
			sb_assert_golden(s, len, name);
			sb_free(s);
		}
		/* PDF, when this build has it, must at least render */
		if (sb_format_available(SB_FORMAT_PDF)) {
			s = S_render(d, SB_FORMAT_PDF, 80, false, true, &len);
			assert_true(len > 4 && memcmp(s, "%PDF", 4) == 0);
			sb_free(s);
		}
		sb_doc_free(d);
	}
}

/* libxml2 reports problems through this; the tests count them. */
static int S_xml_errors;
static void S_xml_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
	S_xml_errors++;
}

static size_t S_count_elements(xmlNode *n, const char *name)
{
	size_t k = 0;
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, BAD_CAST name) == 0)
			k++;
		k += S_count_elements(n->children, name);
	}
	return k;
}

/* Whether some text node holds needle exactly as text (the parser has undone the escaping). */
static bool S_text_has(xmlNode *n, const char *needle)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content && strstr((char *)n->content, needle))
			return true;
		if (S_text_has(n->children, needle))
			return true;
	}
	return false;
}

static void test_html_parses(void **state)
{
	(void)state;
	for (size_t k = 0; k < S_NDOCS; k++) {
		sb_doc *d = S_docs[k].make();
		size_t len;
		char *s = S_render(d, SB_FORMAT_HTML, 80, false, true, &len);

		/* a strict XML parser: well-formed, no errors at all */
		S_xml_errors = 0;
		xmlSetGenericErrorFunc(NULL, S_xml_error);
		xmlDoc *x = xmlReadMemory(s, (int)len, "report.html", NULL, XML_PARSE_NONET);
		assert_non_null(x);
		assert_int_equal(S_xml_errors, 0);
		xmlNode *root = xmlDocGetRootElement(x);
		assert_string_equal((const char *)root->name, "html");
		assert_non_null(root->ns);
		assert_string_equal((const char *)root->ns->href, "http://www.w3.org/1999/xhtml");
		assert_int_equal(S_count_elements(root, "script"), 0);
		assert_int_equal(S_count_elements(root, "style"), 1);
		assert_int_equal(S_count_elements(root, "link"), 0);
		assert_int_equal(S_count_elements(root, "img"), 0);
		if (strcmp(S_docs[k].name, "en") == 0) {
			assert_true(S_text_has(root, HOSTILE_ID));
			assert_true(S_text_has(root, QUOTES));
			assert_int_equal(S_count_elements(root, "svg"), 4);
			assert_int_equal(S_count_elements(root, "marker"), 2);
			assert_int_equal(S_count_elements(root, "h2"), 2);
			assert_int_equal(S_count_elements(root, "h3"), 3);
			assert_int_equal(S_count_elements(root, "h4"), 1);
		}
		xmlFreeDoc(x);

		/* an HTML parser reads the same tree */
		S_xml_errors = 0;
		htmlDocPtr h = htmlReadMemory(s, (int)len, "report.html", "utf-8",
		                              HTML_PARSE_NONET | HTML_PARSE_NOERROR
		                              | HTML_PARSE_NOWARNING);
		assert_non_null(h);
		root = xmlDocGetRootElement(h);
		assert_non_null(root);
		assert_int_equal(S_count_elements(root, "script"), 0);
		assert_int_equal(S_count_elements(root, "body"), 1);
		if (strcmp(S_docs[k].name, "en") == 0) {
			assert_true(S_text_has(root, HOSTILE_ID));
			assert_int_equal(S_count_elements(root, "table"), 1);
			assert_int_equal(S_count_elements(root, "li"), 13 + 2 + 1);
		}
		xmlFreeDoc(h);
		xmlSetGenericErrorFunc(NULL, NULL);
		sb_free(s);
		sb_doc_free(d);
	}
}

/* md with its fenced code blocks removed: code is shown literally, so it is not markup. */
static char *S_md_outside_fences(const char *s)
{
	char *r = strdup(s), *w = r;
	assert_non_null(r);
	bool in = false;
	for (const char *p = s; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		bool fence = n >= 3 && strncmp(p, "```", 3) == 0;
		if (fence)
			in = !in;
		else if (!in) {
			memcpy(w, p, n);
			w += n;
		}
		p += n;
	}
	*w = '\0';
	return r;
}

static void test_escaping(void **state)
{
	(void)state;
	sb_doc *d = S_doc_en();
	size_t len;
	char *html = S_render(d, SB_FORMAT_HTML, 80, false, true, &len);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "<i>"));
	assert_null(strstr(html, QUOTES));
	assert_true(sb_contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_true(sb_contains(html, "&quot;&amp;&#39;"));
	/* the id in the header, the point label in the SVG and its caption */
	size_t n = 0;
	for (const char *p = html; (p = strstr(p, "&lt;script&gt;alert(1)")); p++)
		n++;
	assert_int_equal(n, 1 /* header */ + 1 /* svg label */ + 1 /* caption */ + 1 /* table */);

	char *md = S_render(d, SB_FORMAT_MD, 80, false, true, &len);
	char *outside = S_md_outside_fences(md);
	/* every < and & outside code is escaped, so none can start a tag or an entity */
	for (const char *p = outside; *p; p++)
		if (*p == '<' || *p == '&')
			assert_true(p > outside && p[-1] == '\\');
	assert_null(strstr(outside, QUOTES));
	assert_true(sb_contains(outside, "\\<script\\>alert(1)\\</script\\>"));
	assert_true(sb_contains(outside, "\"\\&'"));
	assert_true(sb_contains(outside, "\\- not a nested list, \\* nor this, 1. nor this"));
	assert_true(sb_contains(outside, "4\\. four"));
	assert_true(sb_contains(outside, "\\# not a heading"));
	assert_true(sb_contains(outside, "Value with \\<i\\>markup\\</i\\> \\| pipe"));
	free(outside);
	sb_free(md);
	sb_free(html);
	sb_doc_free(d);
}

/* Every ESC in s starts an SGR sequence ESC [ digits/; m; no other control character but \n. */
static void S_assert_terminal_safe(const char *s, size_t len, bool color)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x1B) {
			assert_true(color);
			assert_true(i + 1 < len && s[i + 1] == '[');
			size_t j = i + 2;
			while (j < len && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';'))
				j++;
			assert_true(j < len && s[j] == 'm');
			i = j;
			continue;
		}
		assert_true(c == '\n' || (c >= 0x20 && c != 0x7F));
		/* C1 controls, UTF-8 encoded */
		if (c == 0xC2 && i + 1 < len)
			assert_false((unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F);
	}
}

static void test_terminal_safety(void **state)
{
	(void)state;
	for (size_t k = 0; k < S_NDOCS; k++) {
		sb_doc *d = S_docs[k].make();
		for (int v = 0; v < 8; v++) {
			bool uni = !(v & 1), color = v & 2;
			int width = v & 4 ? 40 : 80;
			size_t len;
			char *s = S_render(d, SB_FORMAT_TEXT, width, color, uni, &len);
			S_assert_terminal_safe(s, len, color);
			if (!color)
				assert_null(memchr(s, 0x1B, len));
			if (k == 0) {
				assert_true(sb_contains(s, "\xEF\xBF\xBD]0;owned\xEF\xBF\xBD"));
				assert_true(sb_contains(s, "carriage\xEF\xBF\xBDreturn"));
			}
			sb_free(s);
		}
		static const sb_format other[] = { SB_FORMAT_MD, SB_FORMAT_HTML, SB_FORMAT_JSON };
		for (size_t i = 0; i < 3; i++) {
			size_t len;
			char *s = S_render(d, other[i], 80, true, true, &len);
			S_assert_terminal_safe(s, len, false);
			sb_free(s);
		}
		sb_doc_free(d);
	}
}

/* Display width of a line without its SGR sequences. */
static size_t S_visible_width(const char *s, size_t n)
{
	sb_buf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (s[i] == 0x1B) {
			while (i < n && s[i] != 'm')
				i++;
			continue;
		}
		sb_buf_putc(&b, s[i]);
	}
	size_t w = b.data ? sb_text_width(b.data, b.len) : 0;
	sb_buf_free(&b);
	return w;
}

static void test_text_layout(void **state)
{
	(void)state;
	for (size_t k = 0; k < S_NDOCS; k++) {
		sb_doc *d = S_docs[k].make();
		static const int widths[] = { 20, 33, 40, 57, 80, 132 };
		for (size_t wi = 0; wi < sizeof widths / sizeof widths[0]; wi++) {
			for (int v = 0; v < 4; v++) {
				size_t len;
				char *s = S_render(d, SB_FORMAT_TEXT, widths[wi], v & 2, !(v & 1), &len);
				for (char *p = s; *p;) {
					char *nl = strchr(p, '\n');
					assert_non_null(nl); /* every line ends in a newline */
					size_t w = S_visible_width(p, (size_t)(nl - p));
					if (w > (size_t)widths[wi])
						fail_msg("%s, width %d: a line of %zu columns: %.*s",
						         S_docs[k].name, widths[wi], w, (int)(nl - p), p);
					assert_false(nl > p && nl[-1] == ' '); /* no trailing spaces */
					p = nl + 1;
				}
				sb_free(s);
			}
		}
		sb_doc_free(d);
	}
	/* ASCII output draws with ASCII: no blocks, shades, box drawing or markers */
	sb_doc *d = S_doc_en();
	size_t len;
	char *s = S_render(d, SB_FORMAT_TEXT, 80, false, false, &len);
	static const char *const drawing[] = { "\xE2\x96\x88", "\xE2\x96\x91", "\xE2\x96\x92",
	                                       "\xE2\x96\x93", "\xE2\x94\x80", "\xE2\x94\x82",
	                                       "\xE2\x97\x8F", "\xE2\x80\xA2" };
	for (size_t i = 0; i < sizeof drawing / sizeof drawing[0]; i++)
		assert_null(strstr(s, drawing[i]));
	assert_true(sb_contains(s, "#"));
	sb_free(s);
	/* the unscored bar draws no strip: blanks, then why */
	s = S_render(d, SB_FORMAT_TEXT, 80, false, true, &len);
	const char *ns = strstr(s, "  Not scored: too many items\n");
	assert_non_null(ns);
	const char *line = ns;
	while (line > s && line[-1] != '\n')
		line--;
	for (const char *p = line; p < ns; p++)
		assert_int_equal(*p, ' ');
	/* the empty track's shades are never as dark as the fill */
	assert_null(strstr(s, "\xE2\x96\x93"));
	sb_free(s);
	sb_doc_free(d);
}

static void test_json(void **state)
{
	(void)state;
	sb_doc *d = S_doc_en();
	size_t len;
	char *s = S_render(d, SB_FORMAT_JSON, 80, false, true, &len);
	json_error_t err;
	json_t *j = json_loadb(s, len, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "schema")), "securebase-doc/1");
	assert_string_equal(json_string_value(json_object_get(j, "lang")), "en");
	assert_string_equal(json_string_value(json_object_get(j, "respondent")), HOSTILE_ID);
	json_t *blocks = json_object_get(j, "blocks");
	assert_int_equal(json_array_size(blocks), d->n_blocks);
	/* the style chart: values as numbers, the regions by style id */
	json_t *b = json_array_get(blocks, 3);
	assert_string_equal(json_string_value(json_object_get(b, "kind")), "style_chart");
	json_t *ch = json_object_get(b, "chart");
	assert_true(json_real_value(json_object_get(json_array_get(json_object_get(ch, "points"), 0),
	                                            "y")) == 5.25);
	assert_string_equal(json_string_value(json_object_get(json_object_get(ch, "regions"),
	                                                      "preoccupied")),
	                    "Anxious\xE2\x80\x93preoccupied leaning");
	/* the unscored bar: null value, scored false */
	b = json_array_get(blocks, 4);
	json_t *bar = json_array_get(json_object_get(json_object_get(b, "chart"), "bars"), 5);
	json_t *v = json_array_get(json_object_get(bar, "values"), 0);
	assert_true(json_is_null(json_object_get(v, "value")));
	assert_true(json_is_false(json_object_get(v, "scored")));
	assert_int_equal(json_array_size(json_object_get(bar, "bands")), 3);
	/* invalid UTF-8 became U+FFFD; the control characters are escaped by JSON itself */
	assert_true(sb_contains(s, "invalid \xEF\xBF\xBD byte"));
	assert_true(sb_contains(s, "\\u001B]0;owned\\u0007") || sb_contains(s, "\\u001b]0;owned\\u0007"));
	json_decref(j);
	sb_free(s);
	sb_doc_free(d);
}

/* The k-th allocation fails, for every k up to the number a render makes: each failure is
 * reported cleanly (LeakSanitizer checks that nothing leaks), and with one allocation to spare
 * the render is complete. A PDF renderer (cairo allocates on its own) is sampled, not swept. */
static void test_alloc_failures(void **state)
{
	(void)state;
	static const sb_format fmts[] = { SB_FORMAT_TEXT, SB_FORMAT_MD, SB_FORMAT_HTML,
		                          SB_FORMAT_JSON, SB_FORMAT_PDF };
	for (size_t k = 0; k < S_NDOCS; k++) {
		sb_doc *d = S_docs[k].make();
		for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
			if (!sb_format_available(fmts[f]))
				continue;
			bool pdf = fmts[f] == SB_FORMAT_PDF;
			sb_render_opts o = { .width = 40, .color = true, .unicode = true };
			sb_buf want = { 0 };
			sb_diags diags = { 0 };
			sb_alloc_fail_after(0);
			assert_int_equal(sb_render(d, fmts[f], &o, &want, &diags), SB_OK);
			unsigned long total = sb_alloc_fail_after(0);
			assert_true(total >= 1);
			for (unsigned long n = 1; n <= total + 1; n = pdf && n > 16 ? n + total / 32 + 1
			                                                            : n + 1) {
				sb_buf out = { 0 };
				sb_alloc_fail_after(n > total ? 0 : n);
				sb_status st = sb_render(d, fmts[f], &o, &out, &diags);
				sb_alloc_fail_after(0);
				if (n > total || (pdf && st == SB_OK)) {
					assert_int_equal(st, SB_OK);
					if (!pdf) {
						assert_int_equal(out.len, want.len);
						assert_memory_equal(out.data, want.data, want.len);
					}
				} else {
					assert_int_equal(st, SB_ERR_INTERNAL);
					assert_true(diags.n + diags.dropped >= 1);
				}
				sb_diags_clear(&diags);
				sb_buf_free(&out);
			}
			sb_buf_free(&want);
			sb_diags_free(&diags);
		}
		sb_doc_free(d);
	}
}

static void S_html_is(const char *in, size_t n, const char *want)
{
	sb_buf b = { 0 };
	sb_html_escape(&b, in, n);
	assert_string_equal(b.data ? b.data : "", want);
	sb_buf_free(&b);
}

static void S_md_is(const char *in, bool keep, bool mid, const char *cont, const char *want)
{
	sb_buf b = { 0 };
	sb_md_escape(&b, in, strlen(in), keep, mid, cont);
	assert_string_equal(b.data ? b.data : "", want);
	sb_buf_free(&b);
}

static void test_escapers(void **state)
{
	(void)state;
	S_html_is("<a href=\"x\">'&'</a>", 19,
	          "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	S_html_is("tab\tnl\n中文", strlen("tab\tnl\n中文"), "tab\tnl\n中文");
	/* what XML 1.0 forbids becomes U+FFFD: controls, invalid bytes, noncharacters */
	S_html_is("\x01\x1B\x7F\xC2\x85\xFF\xEF\xBF\xBE\xEF\xB7\x90\r", 13,
	          "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	          "\xEF\xBF\xBD\xEF\xBF\xBD");
	S_html_is("", 0, "");

	S_md_is("1. a *b* _c_ <d> [e](f) `g` # h | i ~ j & k \\ l", false, false, NULL,
	        "1\\. a \\*b\\* \\_c\\_ \\<d\\> \\[e\\](f) \\`g\\` \\# h \\| i \\~ j \\& k \\\\ l");
	S_md_is("- item", false, false, NULL, "\\- item");
	S_md_is("+ item", false, false, NULL, "\\+ item");
	S_md_is("===", false, false, NULL, "\\===");
	S_md_is("123) x", false, false, NULL, "123\\) x");
	S_md_is("12a. x", false, false, NULL, "12a. x");
	S_md_is("    indented code? no", false, false, NULL, "indented code? no");
	S_md_is("> quote", false, false, NULL, "\\> quote");
	S_md_is("a - b + c = d. 3. e", false, false, NULL, "a - b + c = d. 3. e");
	/* mid-line (a table cell, a value after its key) no block can start */
	S_md_is("5.25 - high", false, true, NULL, "5.25 - high");
	S_md_is("- x <y>", false, true, NULL, "- x \\<y\\>");
	/* newlines: kept with the continuation prefix (each line can start a block), or joined */
	S_md_is("first  \n- second\n\n# third", true, false, "> ",
	        "first\n> \\- second\n> \n> \\# third");
	S_md_is("4.5 of 7\n2. next", true, true, "  ", "4.5 of 7\n  2\\. next");
	S_md_is("first\n\n  second  ", false, false, NULL, "first second");
	S_md_is("a\n- b", false, false, NULL, "a - b");
	S_md_is("\n- leading", false, false, NULL, "\\- leading");
	S_md_is("ctl \x1B[1m \xFF", false, false, NULL, "ctl \xEF\xBF\xBD\\[1m \xEF\xBF\xBD");
	S_md_is("中文：「引号」", false, false, NULL, "中文：「引号」");
}

/* A chart label rounds like every other printed score: half away from zero. */
static void test_chart_value_rounding(void **state)
{
	(void)state;
	char v[16];
	sb_fmt_value(v, sizeof v, 5.125);
	assert_string_equal(v, "5.13");
	sb_fmt_value(v, sizeof v, 2.675);
	assert_string_equal(v, "2.68");
	sb_fmt_value(v, sizeof v, NAN);
	assert_string_equal(v, "-");
	sb_fmt_value(v, 3, 5.125);
	assert_string_equal(v, "5.");
}

/* A couple's or a retest's style chart (two points, an arrow from the first to the second): the
 * arrowhead points the way the path goes on the screen, in each of eight directions, as a
 * Unicode arrow or an ASCII character; Markdown shows the same, HTML an SVG line with a head. */
static void test_arrow_directions(void **state)
{
	(void)state;
	static const char *const region[4] = { "Secure", "Anxious", "Aloof", "Fearful" };
	static const struct {
		double xy[4];
		const char *uni, *ascii;
	} dir[] = {
		{ { 4, 2, 4, 6.5 }, "\xE2\x86\x91", "^" },  /* up */
		{ { 4, 6.5, 4, 2 }, "\xE2\x86\x93", "v" },  /* down */
		{ { 1.5, 4, 6.5, 4 }, "\xE2\x86\x92", ">" }, /* right */
		{ { 6.5, 4, 1.5, 4 }, "\xE2\x86\x90", "<" }, /* left */
		{ { 2, 2, 5, 5 }, "\xE2\x86\x97", "/" },     /* up and right */
		{ { 5, 5, 2, 2 }, "\xE2\x86\x99", "/" },     /* down and left */
		{ { 5, 2, 2, 5 }, "\xE2\x86\x96", "\\" },    /* up and left */
		{ { 2, 5, 5, 2 }, "\xE2\x86\x98", "\\" },    /* down and right */
	};
	static const char *const arrows[] = { "\xE2\x86\x90", "\xE2\x86\x91", "\xE2\x86\x92",
		                              "\xE2\x86\x93", "\xE2\x86\x96", "\xE2\x86\x97",
		                              "\xE2\x86\x98", "\xE2\x86\x99" };
	for (size_t k = 0; k < sizeof dir / sizeof dir[0]; k++) {
		sb_doc *d = sb_doc_new(SB_LANG_EN);
		assert_non_null(d);
		sb_doc_style_chart(d, S_style(region, "X", "Y", 2, (const char *[]){ "A", "B" },
		                              dir[k].xy, true));
		assert_int_equal(sb_doc_status(d), SB_OK);
		size_t len;
		char *t = S_render(d, SB_FORMAT_TEXT, 60, false, true, &len);
		for (size_t a = 0; a < sizeof arrows / sizeof arrows[0]; a++)
			if (sb_contains(t, arrows[a]) != (strcmp(arrows[a], dir[k].uni) == 0))
				fail_msg("direction %zu: arrow %zu is %s:\n%s", k, a,
				         sb_contains(t, arrows[a]) ? "there" : "missing", t);
		sb_free(t);
		/* ASCII: the head is the only one of ^ v < > / \ in the chart (no label has one) */
		t = S_render(d, SB_FORMAT_TEXT, 60, false, false, &len);
		for (const char *h = "^v<>/\\"; *h; h++)
			if ((strchr(t, *h) != NULL) != (*h == dir[k].ascii[0]))
				fail_msg("direction %zu: '%c' is %s:\n%s", k, *h,
				         strchr(t, *h) ? "there" : "missing", t);
		sb_free(t);
		/* Markdown shows the text chart; HTML draws the arrow as a line with a marker */
		t = S_render(d, SB_FORMAT_MD, 60, false, true, &len);
		assert_true(sb_contains(t, dir[k].uni));
		sb_free(t);
		t = S_render(d, SB_FORMAT_HTML, 60, false, true, &len);
		assert_true(sb_contains(t, "-arrow)\"/>"));
		sb_free(t);
		sb_doc_free(d);
	}
}

/* A document with only a date, or only a respondent, shows just that in its header, in every
 * format; Markdown's width is held to 40..100 columns (30 renders as 40, 150 as 100) and
 * without Unicode its charts use ASCII. */
static void test_header_and_md_width(void **state)
{
	(void)state;
	for (int k = 0; k < 2; k++) {
		sb_doc *d = sb_doc_new(SB_LANG_EN);
		assert_non_null(d);
		sb_doc_set(d, NULL, NULL, k ? "r1" : NULL, k ? NULL : "2026-01-02", NULL);
		sb_doc_para(d, SB_TONE_NORMAL, "Body.");
		size_t len;
		char *md = S_render(d, SB_FORMAT_MD, 0, false, true, &len);
		assert_string_equal(md, k ? "**ID**: r1\n\nBody.\n" : "**Date**: 2026-01-02\n\nBody.\n");
		sb_free(md);
		char *txt = S_render(d, SB_FORMAT_TEXT, 0, false, true, &len);
		assert_true(sb_contains(txt, k ? "r1" : "2026-01-02"));
		assert_false(sb_contains(txt, k ? "2026" : "ID"));
		sb_free(txt);
		char *html = S_render(d, SB_FORMAT_HTML, 0, false, true, &len);
		assert_true(sb_contains(html, k ? "r1" : "2026-01-02"));
		assert_false(sb_contains(html, k ? "2026-01-02" : ">ID<"));
		sb_free(html);
		sb_doc_free(d);
	}
	sb_doc *d = S_doc_en();
	size_t l30, l40, l100, l150, lascii;
	char *m30 = S_render(d, SB_FORMAT_MD, 30, false, true, &l30);
	char *m40 = S_render(d, SB_FORMAT_MD, 40, false, true, &l40);
	char *m100 = S_render(d, SB_FORMAT_MD, 100, false, true, &l100);
	char *m150 = S_render(d, SB_FORMAT_MD, 150, false, true, &l150);
	char *ascii = S_render(d, SB_FORMAT_MD, 80, false, false, &lascii);
	assert_string_equal(m30, m40);
	assert_string_equal(m150, m100);
	assert_string_not_equal(m40, m100);
	assert_true(sb_contains(m40, "\xE2\x96\x88"));    /* a full block in the bars */
	assert_false(sb_contains(ascii, "\xE2\x96\x88"));
	assert_true(sb_contains(ascii, "```text\n"));
	sb_free(m30);
	sb_free(m40);
	sb_free(m100);
	sb_free(m150);
	sb_free(ascii);
	sb_doc_free(d);
}

/* Odd but legal content in every format: a note of several paragraphs with blank and
 * whitespace-only ones between (Markdown emphasises each non-blank one alone), a heading of
 * spaces, a table with a header and no rows and no alignment, a chart label holding a run of
 * backticks (the Markdown fence grows past it), a chart with no points and one whose point
 * cannot be placed, a profile with no bars; and no options at all (80 columns, Unicode). */
static void test_odd_content(void **state)
{
	(void)state;
	static const char *const region[4] = { "Sec```ure", "Anxious", "Aloof", "Fearful" };
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	assert_non_null(d);
	sb_doc_heading(d, 2, "   ");
	sb_doc_para(d, SB_TONE_NOTE, " \n\nfirst\n\n\n  \n\n  second\n");
	sb_doc_table(d, 2, NULL);
	sb_doc_add_item(d, "Key");
	sb_doc_add_item(d, "Value");
	sb_doc_style_chart(d, S_style(region, "X", "Y", 0, NULL, NULL, false));
	const double nan_xy[2] = { NAN, 3 };
	sb_doc_style_chart(d, S_style(region, "X", "Y", 1, (const char *[]){ "" }, nan_xy, false));
	sb_doc_profile_chart(d, S_profile(NULL, 0, 1, NULL, NULL));
	sb_doc_para(d, SB_TONE_SMALL, "bad \xFF\xC3 bytes");
	assert_int_equal(sb_doc_status(d), SB_OK);
	size_t len;
	char *md = S_render(d, SB_FORMAT_MD, 80, false, true, &len);
	/* each non-blank paragraph emphasised alone, closed on its own line (before, the last one
	 * kept its line break inside: "*second\n*", which Markdown does not close) */
	const char *head = "###\n\n*first*\n\n*second*\n\n| Key | Value |\n| --- | --- |\n\n"
	                   "````text\n";
	assert_true(strncmp(md, head, strlen(head)) == 0);
	assert_false(sb_contains(md, "\n*\n"));
	assert_true(sb_contains(md, "Sec```ure"));
	assert_true(sb_contains(md, "\n````\n\n````text\n")); /* both charts fenced past it */
	assert_true(sb_contains(md, "\n- \xE2\x97\x8F X -, Y 3.00\n")); /* the unplaced point */
	char *txt = S_render(d, SB_FORMAT_TEXT, 80, false, true, &len);
	assert_true(sb_contains(txt, "  first\n"));
	assert_true(sb_contains(txt, "  second\n\nKey  Value\n"));
	sb_free(txt);
	/* HTML: two note paragraphs (before, the blank parts made two empty ones), a table with an
	 * empty body, no profile figure */
	char *html = S_render(d, SB_FORMAT_HTML, 80, false, true, &len);
	size_t notes = 0;
	for (const char *q = html; (q = strstr(q, "<p class=\"note\">")); q++)
		notes++;
	assert_int_equal(notes, 2);
	assert_true(sb_contains(html, "<p class=\"note\">first</p>"));
	assert_true(sb_contains(html, "<tbody>\n</tbody>"));
	assert_false(sb_contains(html, "chart profile"));
	sb_free(html);
	/* JSON: the text as given, invalid bytes as U+FFFD; left alignment when none is set; a point
	 * that cannot be placed has a null coordinate; no bars is an empty list */
	char *json = S_render(d, SB_FORMAT_JSON, 80, false, true, &len);
	json_error_t je;
	json_t *root = json_loads(json, 0, &je);
	assert_non_null(root);
	json_t *blocks = json_object_get(root, "blocks");
	assert_int_equal(json_array_size(blocks), 7);
	assert_string_equal(json_string_value(json_object_get(json_array_get(blocks, 1), "text")),
	                    " \n\nfirst\n\n\n  \n\n  second\n");
	json_t *table = json_array_get(blocks, 2);
	json_t *align = json_object_get(table, "align");
	assert_int_equal(json_array_size(align), 2);
	assert_string_equal(json_string_value(json_array_get(align, 1)), "left");
	assert_int_equal(json_array_size(json_object_get(table, "rows")), 0);
	json_t *pt = json_array_get(json_object_get(json_object_get(json_array_get(blocks, 4),
	                                                               "chart"), "points"), 0);
	assert_true(json_is_null(json_object_get(pt, "x")));
	assert_true(json_real_value(json_object_get(pt, "y")) == 3.0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(json_array_get(blocks, 5),
	                                                                 "chart"), "bars")), 0);
	assert_string_equal(json_string_value(json_object_get(json_array_get(blocks, 6), "text")),
	                    "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
	json_decref(root);
	sb_free(json);
	/* PDF (when built in): the same blocks lay out without error */
	if (sb_format_available(SB_FORMAT_PDF)) {
		char *pdf = S_render(d, SB_FORMAT_PDF, 80, false, true, &len);
		assert_true(len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
		sb_free(pdf);
	}
	/* no options: 80 columns and Unicode */
	sb_buf out = { 0 };
	sb_diags diags = { 0 };
	assert_int_equal(sb_render(d, SB_FORMAT_MD, NULL, &out, &diags), SB_OK);
	assert_string_equal(out.data, md);
	sb_buf_free(&out);
	sb_free(md);
	sb_doc_free(d);
}

/* A PDF of several pages: a title, subtitle, respondent, date and footer; headings kept with
 * what follows; paragraphs and a table longer than a page, split between pages; a page break; a
 * style chart whose two partners' labels would overlap (moved apart) and whose ranges are empty
 * (widened); laid out without error, on more than one page; text and HTML show both labels. */
static void test_pdf_pages(void **state)
{
	(void)state;
	static const char *const region[4] = { "Secure", "Anxious", "Aloof", "Fearful" };
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	assert_non_null(d);
	sb_doc_set(d, "Title", "A subtitle", "r1", "2026-01-02", "Footer text");
	sb_buf long_text = { 0 };
	for (int i = 0; i < 400; i++)
		sb_buf_printf(&long_text, "Sentence %d of a long paragraph. ", i);
	for (int i = 0; i < 3; i++) {
		sb_doc_heading(d, 2, "A heading kept with its text");
		sb_doc_para(d, SB_TONE_NORMAL, long_text.data);
	}
	sb_doc_page_break(d);
	sb_doc_table(d, 2, NULL);
	for (int i = 0; i < 120; i++) {
		char k[16];
		snprintf(k, sizeof k, "Row %d", i);
		sb_doc_add_item(d, k);
		sb_doc_add_item(d, "value");
	}
	const double xy[4] = { 4.0, 4.0, 4.01, 4.01 };
	sb_style_chart *sc = S_style(region, "X", "Y", 2, (const char *[]){ "First partner",
	                                                                 "Second partner" },
	                             xy, false);
	sc->x_max = sc->x_min;
	sc->y_max = sc->y_min - 1;
	sb_doc_style_chart(d, sc);
	sb_doc_heading(d, 1, "A last heading");
	assert_int_equal(sb_doc_status(d), SB_OK);
	size_t len;
	/* the text formats show both partners' labels, however close their points */
	for (int f = 0; f < 2; f++) {
		char *t = S_render(d, f ? SB_FORMAT_HTML : SB_FORMAT_TEXT, 80, false, f == 0, &len);
		assert_true(sb_contains(t, "First partner") && sb_contains(t, "Second partner"));
		sb_free(t);
	}
	if (!sb_format_available(SB_FORMAT_PDF)) {
		sb_buf_free(&long_text);
		sb_doc_free(d);
		skip();
	}
	char *pdf = S_render(d, SB_FORMAT_PDF, 80, false, true, &len);
	assert_true(memcmp(pdf, "%PDF-", 5) == 0);
	size_t pages = 0;
	for (const char *q = pdf; (q = memmem(q, len - (size_t)(q - pdf), "/Type /Page", 11)); q++)
		pages += q[11] != 's'; /* not the page tree, /Type /Pages */
	if (pages < 4)
		fail_msg("%zu pages", pages);
	sb_free(pdf);
	sb_buf_free(&long_text);
	sb_doc_free(d);
}

/* Bars share one axis and legend only when their ranges, band limits and band labels are all
 * the same; each difference alone gives each bar its own. */
static void test_bands_shared(void **state)
{
	(void)state;
	S_bar_spec two[] = { { "A", 1, 7, S_lmh_en, { 2 }, { true }, { "2" } },
		             { "B", 1, 7, S_lmh_en, { 3 }, { true }, { "3" } } };
	sb_profile_chart *c = S_profile(two, 2, 1, NULL, NULL);
	assert_true(sb_profile_bands_shared(c));
	sb_profile_bar *b = &c->bars[1];
	b->lo = 0;
	assert_false(sb_profile_bands_shared(c));
	b->lo = 1;
	b->hi = 8;
	assert_false(sb_profile_bands_shared(c));
	b->hi = 7;
	b->n_bands = 2;
	assert_false(sb_profile_bands_shared(c));
	b->n_bands = 3;
	b->bands[1].lo += 0.5;
	assert_false(sb_profile_bands_shared(c));
	b->bands[1].lo -= 0.5;
	b->bands[1].hi += 0.5;
	assert_false(sb_profile_bands_shared(c));
	b->bands[1].hi -= 0.5;
	char *label = b->bands[2].label;
	b->bands[2].label = NULL; /* one label missing */
	assert_false(sb_profile_bands_shared(c));
	b->bands[2].label = (char *)"Higher"; /* another label */
	assert_false(sb_profile_bands_shared(c));
	char *label0 = c->bars[0].bands[2].label;
	c->bars[0].bands[2].label = NULL; /* both missing: the same */
	b->bands[2].label = NULL;
	assert_true(sb_profile_bands_shared(c));
	c->bars[0].bands[2].label = label0;
	b->bands[2].label = label;
	assert_true(sb_profile_bands_shared(c));
	sb_profile_chart_free(c);
}

int main(void)
{
	setlocale(LC_CTYPE, "");
	/* jansson's allocations go through the injectable allocator too, for the failure test */
	json_set_alloc_funcs(sb_malloc, sb_free);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chart_value_rounding),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_escapers),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_html_parses),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_terminal_safety),
		cmocka_unit_test(test_text_layout),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_arrow_directions),
		cmocka_unit_test(test_header_and_md_width),
		cmocka_unit_test(test_bands_shared),
		cmocka_unit_test(test_odd_content),
		cmocka_unit_test(test_pdf_pages),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}

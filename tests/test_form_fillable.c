/* SPDX-License-Identifier: MIT */
/* test_form_fillable.c — `securebase form --fillable` without a browser: SHA-256, the escaping of
 * JSON inside <script>, answers file names and the items hash, then the generated page itself
 * (parsed by libxml2's HTML parser): its Content-Security-Policy and hashes, no URL, every item,
 * a hostile bank's text kept as text; and the warning `score`/`report` give for a file named by
 * another bank version. tests/browser/ drives the same page in Chromium. */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "bank/bank_hash.h"
#include "base/alloc.h"
#include "base/sha256.h"
#include "data/answers.h"
#include "data/answers_name.h"
#include "render/escape_js.h"
#include "render/form_fillable.h"

static void S_hex_of(const char *s, size_t n, char hex[65])
{
	unsigned char d[SB_SHA256_LEN];
	sb_sha256_of(s, n, d);
	sb_sha256_hex(d, hex);
}

static void test_sha256(void **state)
{
	(void)state;
	char hex[65];
	S_hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	S_hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	S_hex_of(two, strlen(two), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* a million 'a', fed in uneven pieces */
	sb_sha256 s;
	sb_sha256_init(&s);
	char a[1024];
	memset(a, 'a', sizeof a);
	size_t left = 1000000, piece = 1;
	while (left) {
		size_t k = piece < left ? piece : left;
		sb_sha256_update(&s, a, k);
		left -= k;
		piece = piece % 997 + 13;
	}
	unsigned char d[SB_SHA256_LEN];
	sb_sha256_final(&s, d);
	sb_sha256_hex(d, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	char b64[45];
	sb_sha256_of("abc", 3, d);
	sb_sha256_base64(d, b64);
	assert_string_equal(b64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

static void test_js_string(void **state)
{
	(void)state;
	sb_buf b = { 0 };
	const char in[] = "a\"b\\c</script><!--&'\n\x01\x7f\xE2\x80\xA8\xE2\x80\xA9\xff中";
	sb_js_string(&b, in, sizeof in - 1);
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\u003c/script\\u003e\\u003c!--\\u0026\\u0027\\n"
	                            "\\u0001\\u007f\\u2028\\u2029\\ufffd中\"");
	/* what comes out is JSON that reads back to the text (the bad byte as U+FFFD) */
	json_error_t err;
	json_t *j = json_loads(b.data, JSON_DECODE_ANY, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(j), "a\"b\\c</script><!--&'\n\x01\x7f\xE2\x80\xA8"
	                                          "\xE2\x80\xA9\xEF\xBF\xBD中");
	json_decref(j);
	sb_buf_reset(&b);
	sb_js_string_str(&b, NULL);
	assert_string_equal(b.data, "\"\"");
	sb_buf_free(&b);
}

static void test_name_part(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
		size_t max;
	} cases[] = {
		{ "r17", "r17", 40 },
		{ "r 17/é-x", "r_17_x", 40 },
		{ "a_é", "a__", 40 },
		{ "张三", "_", 40 },
		{ "1.0.0-beta+2", "1.0.0_beta_2", 40 },
		{ "abcdefgh", "abcde", 5 },
		{ "--a--", "_a_", 40 },
		{ "A[Z]:9@`{", "A_Z_9_", 40 }, /* just past each range of safe characters */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sb_buf b = { 0 };
		sb_answers_name_part(&b, cases[i].in, cases[i].max);
		assert_string_equal(b.data, cases[i].out);
		sb_buf_free(&b);
	}
}

static void test_origin_parse(void **state)
{
	(void)state;
	sb_answers_origin o;
	assert_true(sb_answers_origin_parse("answers-r17-securebase-1.0.0-8a3b1871-2026-12-04.csv", &o));
	assert_string_equal(o.bank, "securebase");
	assert_string_equal(o.version, "1.0.0");
	assert_string_equal(o.hash8, "8a3b1871");
	/* a hyphen in the id (typed by hand), a folder, a browser's " (1)", the case of .CSV */
	assert_true(sb_answers_origin_parse("/x/y-z/answers-a-b-my_bank-2_1-0123abcd-2026-01-31 (1).CSV",
	                                    &o));
	assert_string_equal(o.bank, "my_bank");
	assert_string_equal(o.version, "2_1");
	assert_string_equal(o.hash8, "0123abcd");
	assert_true(sb_answers_origin_parse("answers-a-b-1-0123abcd-2026-01-31(12).csv", &o));
	static const char *const bad[] = {
		"answers.csv",
		"answers-r17-securebase-1.0.0-8a3b1871-2026-12-04.txt",
		"answers-r17-securebase-1.0.0-8a3b187-2026-12-04.csv",   /* 7 hex digits */
		"answers-r17-securebase-1.0.0-8A3B1871-2026-12-04.csv",  /* upper case hash */
		"answers-r17-securebase-1.0.0-8a3b1871-2026-12.csv",     /* no day */
		"answers--securebase-1.0.0-8a3b1871-2026-12-04.csv",     /* empty id */
		"answers-securebase-1.0.0-8a3b1871-2026-12-04.csv",      /* no id */
		"answers-r1-Bad-1.0.0-8a3b1871-2026-12-04.csv",          /* not a bank id */
		"answers-r1-b-1 0-8a3b1871-2026-12-04.csv",              /* not a version part */
		"scores-r17-securebase-1.0.0-8a3b1871-2026-12-04.csv",
		"",
		"answers-a-b-1-0123abcd-2026-01-31).csv",                /* ")" without "(" */
		"answers-a-b-1-0123abcd-2026-01-31().csv",               /* "()" without a number */
		"1).csv",
		"answers-a-b-1-0123abcd-2026x01-31.csv",                 /* each hyphen of the date */
		"answers-a-b-1-0123abcd-2026-01x31.csv",
		"answers-a-b-1-0123abcd-x2026-01-31.csv",
		"answers-a-b-1-0123abcd-2!26-01-31.csv",                 /* each number of the date */
		"answers-a-b-1-0123abcd-2026-0:-31.csv",
		"answers-a-b-1-0123abcd-2026-01-3/.csv",
		"answers-a-b-1-0123abcg-2026-01-31.csv",                 /* not hexadecimal */
		"answers-a-b-1-0123abc/-2026-01-31.csv",
		"answers-a-b-1-0123abcde-2026-01-31.csv",                /* 9 digits */
		"0123abcd-2026-01-31.csv",                               /* nothing before the hash */
		"answers-a-b--0123abcd-2026-01-31.csv",                  /* an empty version */
		"answers-a-b-123456789012345678901234567890123-0123abcd-2026-01-31.csv", /* 33 long */
		"answers-a--1-0123abcd-2026-01-31.csv",                  /* an empty bank id */
		"answers-b-1-0123abcd-2026-01-31.csv",                   /* no respondent */
		"answers-a-b23456789012345678901234567890123456789012345678901234567890123456-1-"
		"0123abcd-2026-01-31.csv",                               /* a bank id of 65 */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (sb_answers_origin_parse(bad[i], &o))
			fail_msg("parsed as a form's name: %s", bad[i]);
}

static char *S_minimal(void)
{
	char *p = sb_src_path("tests/banks/minimal.yaml");
	char *yaml = sb_read_file(p, NULL);
	assert_non_null(yaml);
	free(p);
	return yaml;
}

/* yaml with the first occurrence of from replaced by to; caller frees. */
static char *S_replace(const char *yaml, const char *from, const char *to)
{
	const char *at = strstr(yaml, from);
	assert_non_null(at);
	size_t n = strlen(yaml) - strlen(from) + strlen(to);
	char *out = malloc(n + 1);
	size_t k = (size_t)(at - yaml);
	memcpy(out, yaml, k);
	strcpy(out + k, to);
	strcat(out, at + strlen(from));
	return out;
}

static void test_items_hash(void **state)
{
	(void)state;
	char *yaml = S_minimal();
	sb_bank *a = sb_yaml_loads(yaml);
	sb_bank *same = sb_yaml_loads(yaml);
	char *reworded = S_replace(yaml, "en: I often worry.", "en: I worry often.");
	char *relabelled = S_replace(yaml, "en: Disagree a little", "en: Somewhat disagree");
	char *new_version = S_replace(yaml, "version: \"0.1\"", "version: \"0.2\"");
	sb_bank *b1 = sb_yaml_loads(reworded), *b2 = sb_yaml_loads(relabelled);
	sb_bank *b3 = sb_yaml_loads(new_version);
	char h[65], h_same[65], h1[65], h2[65], h3[65];
	sb_bank_items_hash(a, h);
	sb_bank_items_hash(same, h_same);
	sb_bank_items_hash(b1, h1);
	sb_bank_items_hash(b2, h2);
	sb_bank_items_hash(b3, h3);
	assert_string_equal(h, h_same);
	assert_string_not_equal(h, h1);
	assert_string_not_equal(h, h2);
	assert_string_equal(h, h3); /* the version is in the name beside it, not in the hash */
	sb_buf stem = { 0 };
	sb_answers_name_stem(&stem, a);
	char want[64];
	snprintf(want, sizeof want, "minimal-0.1-%.8s", h);
	assert_string_equal(stem.data, want);
	sb_answers_origin o;
	char name[128];
	snprintf(name, sizeof name, "answers-x-%s-2026-01-01.csv", stem.data);
	assert_true(sb_answers_origin_parse(name, &o));
	assert_true(sb_answers_origin_matches(&o, a));
	assert_false(sb_answers_origin_matches(&o, b1));
	assert_false(sb_answers_origin_matches(&o, b3));
	sb_buf_free(&stem);
	sb_bank_free(a);
	sb_bank_free(same);
	sb_bank_free(b1);
	sb_bank_free(b2);
	sb_bank_free(b3);
	free(yaml);
	free(reworded);
	free(relabelled);
	free(new_version);
}

/* ---- the page ------------------------------------------------------------------------------ */

static char *S_page(const char *bank, const char *lang, size_t *len)
{
	const char *with_bank[] = { "securebase", "--bank", bank, "--lang", lang, "form", "--fillable",
		                    NULL };
	const char *embedded[] = { "securebase", "--lang", lang, "form", "--format", "html",
		                   "--fillable", NULL };
	sb_run_result r = sb_run(bank ? with_bank : embedded, NULL, 0, NULL, NULL);
	if (r.status != 0)
		fail_msg("form --fillable exited %d: %s", r.status, r.err);
	char *out = r.out;
	*len = r.out_len;
	r.out = NULL;
	sb_run_free(&r);
	return out;
}

static htmlDocPtr S_parse(const char *html, size_t len)
{
	htmlDocPtr doc = htmlReadMemory(html, (int)len, "form.html", "UTF-8",
	                                HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	assert_non_null(doc);
	return doc;
}

/* The nodes matching an XPath expression; caller frees with xmlXPathFreeObject. */
static xmlXPathObjectPtr S_xpath(htmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	assert_non_null(o);
	return o;
}

static int S_count(htmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr o = S_xpath(doc, expr);
	int n = o->nodesetval ? o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	return n;
}

/* The text of the first node matching expr (caller frees), or NULL. */
static char *S_text(htmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr o = S_xpath(doc, expr);
	char *s = NULL;
	if (o->nodesetval && o->nodesetval->nodeNr > 0) {
		xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
		s = strdup((const char *)c);
		xmlFree(c);
	}
	xmlXPathFreeObject(o);
	return s;
}

/* The CSP names the SHA-256 of exactly the script and style the page carries. */
static void S_check_policy(htmlDocPtr doc)
{
	char *csp = NULL;
	xmlXPathObjectPtr o = S_xpath(doc, "//meta[@http-equiv='Content-Security-Policy']/@content");
	assert_non_null(o->nodesetval);
	assert_int_equal(o->nodesetval->nodeNr, 1);
	xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
	csp = strdup((const char *)c);
	xmlFree(c);
	xmlXPathFreeObject(o);
	assert_true(sb_contains(csp, "default-src 'none'"));
	assert_true(sb_contains(csp, "connect-src 'none'"));
	assert_true(sb_contains(csp, "form-action 'none'"));
	assert_false(sb_contains(csp, "unsafe"));
	unsigned char d[SB_SHA256_LEN];
	char b64[45], want[80];
	char *js = S_text(doc, "//script[not(@type)]");
	char *css = S_text(doc, "//style");
	assert_non_null(js);
	assert_non_null(css);
	assert_int_equal(strlen(js), sb_fillable_js_len);
	assert_int_equal(strlen(css), sb_fillable_css_len);
	sb_sha256_of(js, strlen(js), d);
	sb_sha256_base64(d, b64);
	snprintf(want, sizeof want, "script-src 'sha256-%s'", b64);
	assert_true(sb_contains(csp, want));
	sb_sha256_of(css, strlen(css), d);
	sb_sha256_base64(d, b64);
	snprintf(want, sizeof want, "style-src 'sha256-%s'", b64);
	assert_true(sb_contains(csp, want));
	/* The policy comes before anything it governs. */
	assert_int_equal(S_count(doc, "//meta[@http-equiv='Content-Security-Policy']"
	                               "/preceding::style | //meta[@http-equiv]/preceding::script"), 0);
	free(js);
	free(css);
	free(csp);
}

/* Nothing that could load or send: no URL scheme, no src/href/action attributes. */
static void S_check_offline(const char *html, htmlDocPtr doc)
{
	assert_false(sb_contains(html, "http:"));
	assert_false(sb_contains(html, "https:"));
	assert_false(sb_contains(html, "//www"));
	assert_int_equal(S_count(doc, "//@src | //@href | //@action | //@formaction | //@srcset"
	                              " | //@style | //link | //iframe | //img | //object | //embed"
	                              " | //form"), 0);
	assert_int_equal(S_count(doc, "//script"), 2);
	/* the resources themselves may not end their element early */
	assert_false(sb_contains((const char *)sb_fillable_js, "</script"));
	assert_false(sb_contains((const char *)sb_fillable_js, "<!--"));
	assert_false(sb_contains((const char *)sb_fillable_css, "</style"));
}

static json_t *S_data(htmlDocPtr doc)
{
	char *text = S_text(doc, "//script[@type='application/json' and @id='sb-data']");
	assert_non_null(text);
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	if (!j)
		fail_msg("the page's data does not parse: %s", err.text);
	free(text);
	return j;
}

static void test_page(void **state)
{
	(void)state;
	const sb_bank *b = sb_test_bank;
	char hex[65];
	sb_bank_items_hash(b, hex);
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result t = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(t.status, 0);
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		size_t len;
		char *html = S_page(NULL, l == SB_LANG_ZH ? "zh" : "en", &len);
		/* the header comment: bank id, version and the whole items hash */
		const char *end = strstr(html, "-->");
		assert_non_null(end);
		char *comment = strndup(html, (size_t)(end - html));
		assert_true(sb_contains(comment, "<!-- securebase fillable form"));
		assert_true(sb_contains(comment, b->id));
		assert_true(sb_contains(comment, b->version));
		assert_true(sb_contains(comment, hex));
		free(comment);
		htmlDocPtr doc = S_parse(html, len);
		S_check_policy(doc);
		S_check_offline(html, doc);
		char expr[256];
		snprintf(expr, sizeof expr, "/html[@lang='%s']", l == SB_LANG_ZH ? "zh" : "en");
		assert_int_equal(S_count(doc, expr), 1);
		/* both languages offered: the bank has them */
		assert_int_equal(S_count(doc, "//button[@data-lang='zh'] | //button[@data-lang='en']"), 2);
		/* every item a fieldset with a legend holding its text, one radio per value */
		assert_int_equal(S_count(doc, "//fieldset[@class='q']"), (int)b->n_items);
		for (size_t i = 0; i < b->n_items; i++) {
			const sb_item *it = &b->items[i];
			const sb_response_scale *rs = &b->responses[it->response];
			snprintf(expr, sizeof expr, "//fieldset[@id='q-%s']/legend", it->id);
			char *legend = S_text(doc, expr);
			assert_non_null(legend);
			for (int k = 0; k < SB_LANG_COUNT; k++)
				if (!sb_contains(legend, it->text.s[k]))
					fail_msg("item %s: legend lacks its text: %s", it->id, legend);
			free(legend);
			snprintf(expr, sizeof expr, "//fieldset[@id='q-%s']//label/input[@type='radio' and "
			         "@name='%s']", it->id, it->id);
			assert_int_equal(S_count(doc, expr), rs->max - rs->min + 1);
		}
		assert_int_equal(S_count(doc, "//input[@type='radio' and not(ancestor::label)]"), 0);
		/* what the script is told: the header of `template`, the file name's stem, the key */
		json_t *j = S_data(doc);
		char *header = strndup(t.out, strcspn(t.out, "\n"));
		assert_string_equal(json_string_value(json_object_get(j, "header")), header);
		free(header);
		assert_int_equal(json_array_size(json_object_get(j, "items")), b->n_items);
		sb_buf stem = { 0 };
		sb_answers_name_stem(&stem, b);
		assert_string_equal(json_string_value(json_object_get(j, "stem")), stem.data);
		sb_buf_free(&stem);
		const char *key = json_string_value(json_object_get(j, "key"));
		assert_true(sb_contains(key, b->id));
		assert_true(sb_contains(key, b->version));
		assert_non_null(json_object_get(json_object_get(j, "msg"), "zh"));
		assert_non_null(json_object_get(json_object_get(j, "msg"), "en"));
		json_decref(j);
		/* the bank's safety texts are on the page */
		char *body = S_text(doc, "//body");
		assert_true(sb_contains(body, b->texts.emergency.s[l]));
		assert_true(sb_contains(body, b->texts.professional_help.s[l]));
		free(body);
		xmlFreeDoc(doc);
		free(html);
	}
	sb_run_free(&t);
}

static void test_hostile_bank(void **state)
{
	(void)state;
	static const char evil[] = "</script><script>alert(1)</script><!-- <b>&amp;</b> 'q' \"dq\"";
	char *yaml = S_minimal();
	char *y1 = S_replace(yaml, "en: I often worry.",
	                     "en: \"</script><script>alert(1)</script><!-- <b>&amp;</b> 'q' \\\"dq\\\"\"");
	char *y2 = S_replace(y1, "version: \"0.1\"", "version: \"0.1--></b><script>x</script>\"");
	char *y3 = S_replace(y2, "title: {zh: 最小题库, en: A minimal bank}",
	                     "title: {zh: 最小题库, en: \"</title><script>t()</script>\"}");
	char *tmp = sb_tmpdir();
	char *path = sb_join(tmp, "evil.yaml");
	sb_write_file(path, y3, strlen(y3));
	size_t len;
	char *html = S_page(path, "en", &len);
	/* the comment holds no early end, and the only scripts are the page's two */
	const char *end = strstr(html, "-->");
	assert_non_null(end);
	assert_ptr_equal(strstr(html, "-->"), strstr(html, "connects nowhere. -->") +
	                                           strlen("connects nowhere. "));
	htmlDocPtr doc = S_parse(html, len);
	S_check_policy(doc);
	S_check_offline(html, doc);
	assert_int_equal(S_count(doc, "//b"), 0);
	char *legend = S_text(doc, "//fieldset[@id='q-w1']/legend/span[@lang='en']");
	assert_non_null(legend);
	assert_string_equal(legend, evil);
	free(legend);
	char *title = S_text(doc, "//title");
	assert_string_equal(title, "</title><script>t()</script>");
	free(title);
	json_t *j = S_data(doc);
	assert_string_equal(json_string_value(json_object_get(j, "version")),
	                    "0.1--></b><script>x</script>");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(j, "msg"),
	                                                                      "en"), "title")),
	                    "</title><script>t()</script>");
	json_decref(j);
	xmlFreeDoc(doc);
	free(html);
	free(path);
	sb_rmtree(tmp);
	free(tmp);
	free(yaml);
	free(y1);
	free(y2);
	free(y3);
}

static void test_one_language(void **state)
{
	(void)state;
	char *bank = sb_src_path("tests/banks/scoring_basic.yaml");
	size_t len;
	/* zh asked, the bank has only en: an English page without a switch */
	char *html = S_page(bank, "zh", &len);
	htmlDocPtr doc = S_parse(html, len);
	assert_int_equal(S_count(doc, "/html[@lang='en']"), 1);
	assert_int_equal(S_count(doc, "//button[@data-lang]"), 0);
	assert_int_equal(S_count(doc, "//*[@class='lz']"), 0);
	json_t *j = S_data(doc);
	assert_null(json_object_get(json_object_get(j, "msg"), "zh"));
	json_decref(j);
	xmlFreeDoc(doc);
	free(html);
	free(bank);
}

static void test_options(void **state)
{
	(void)state;
	const char *pdf[] = { "securebase", "form", "--fillable", "--format", "pdf", NULL };
	sb_run_result r = sb_run(pdf, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "securebase: --fillable makes an HTML page"));
	sb_run_free(&r);
	char *tmp = sb_tmpdir();
	char *out = sb_join(tmp, "form.html");
	const char *ok[] = { "securebase", "form", "--fillable", "-o", out, NULL };
	r = sb_run(ok, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	sb_run_free(&r);
	char *page = sb_read_file(out, NULL);
	assert_non_null(page);
	assert_true(sb_contains(page, "Content-Security-Policy"));
	free(page);
	const char *help[] = { "securebase", "form", "--help", NULL };
	r = sb_run(help, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "--fillable"));
	sb_run_free(&r);
	free(out);
	sb_rmtree(tmp);
	free(tmp);
}

/* score, report and compare warn (and go on) when the name says another bank version made it. */
static void test_origin_warning(void **state)
{
	(void)state;
	const sb_bank *b = sb_test_bank;
	char *tmp = sb_tmpdir();
	sb_buf csv = { 0 };
	sb_answers_write_header(b, &csv);
	int *v = calloc(b->n_items, sizeof *v);
	for (size_t i = 0; i < b->n_items; i++)
		v[i] = b->responses[b->items[i].response].min;
	sb_answers_write_row(b, "r1", v, &csv);
	sb_answers_write_row(b, "r2", v, &csv);
	free(v);
	sb_buf stem = { 0 };
	sb_answers_name_stem(&stem, b);
	char name[256];
	snprintf(name, sizeof name, "answers-r1-%s-2026-12-04.csv", stem.data);
	char *good = sb_join(tmp, name);
	char *old = sb_join(tmp, "answers-r1-securebase-0.9-00000000-2026-12-04 (1).csv");
	char *plain = sb_join(tmp, "answers.csv");
	sb_write_file(good, csv.data, csv.len);
	sb_write_file(old, csv.data, csv.len);
	sb_write_file(plain, csv.data, csv.len);
	const char *paths[] = { good, old, plain };
	for (int k = 0; k < 3; k++) {
		const char *score[] = { "securebase", "score", paths[k], NULL };
		const char *report[] = { "securebase", "report", paths[k], "--id", "r1", NULL };
		const char *compare[] = { "securebase", "compare", paths[k], "--ids", "r1,r2",
			                  "--mode", "retest", NULL };
		const char *const *cmds[] = { score, report, compare };
		for (int c = 0; c < 3; c++) {
			sb_run_result r = sb_run(cmds[c], NULL, 0, NULL, NULL);
			if (r.status != 0)
				fail_msg("%s on %s exited %d: %s", cmds[c][1], paths[k], r.status, r.err);
			bool warned = sb_contains(r.err, "securebase: warning:") &&
			              sb_contains(r.err, "version 0.9 (items 00000000)") &&
			              sb_contains(r.err, b->version);
			if (warned != (k == 1))
				fail_msg("%s on %s: warning %s expected: %s", cmds[c][1], paths[k],
				         k == 1 ? "" : "not", r.err);
			sb_run_free(&r);
		}
	}
	sb_buf_free(&csv);
	sb_buf_free(&stem);
	free(good);
	free(old);
	free(plain);
	sb_rmtree(tmp);
	free(tmp);
}

/* Memory running out at any allocation gives SB_ERR_INTERNAL and a message, never a page that
 * looks whole (the sanitizers check that nothing leaks). */
static void test_alloc_failure(void **state)
{
	(void)state;
	sb_fillable_opts o = { .lang = SB_LANG_EN };
	sb_status st = SB_ERR_INTERNAL;
	unsigned long k;
	for (k = 1; k < 10000 && st != SB_OK; k++) {
		sb_buf out = { 0 };
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		st = sb_form_fillable(sb_test_bank, &o, &out, &d);
		sb_alloc_fail_after(0);
		if (st != SB_OK) {
			assert_int_equal(st, SB_ERR_INTERNAL);
			assert_true(d.n == 1 || d.dropped == 1);
		} else {
			assert_true(sb_contains(out.data, "</html>"));
		}
		sb_buf_free(&out);
		sb_diags_free(&d);
	}
	assert_int_equal(st, SB_OK);
	assert_true(k > 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_js_string),
		cmocka_unit_test(test_name_part),
		cmocka_unit_test(test_origin_parse),
		cmocka_unit_test(test_items_hash),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_hostile_bank),
		cmocka_unit_test(test_one_language),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_origin_warning),
		cmocka_unit_test(test_alloc_failure),
	};
	return cmocka_run_group_tests(tests, sb_embedded_setup, sb_embedded_teardown);
}

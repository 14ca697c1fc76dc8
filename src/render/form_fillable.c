/* SPDX-License-Identifier: MIT */
/* form_fillable.c — the fillable questionnaire page: the bank's items as radio-button fieldsets in
 * one or both languages, the embedded style sheet and script, and a policy that lets nothing else
 * run or connect. The page decides nothing about scores; it only collects answers. */
#include "render/form_fillable.h"

#include <string.h>

#include "bank/bank_hash.h"
#include "base/labels.h"
#include "base/sha256.h"
#include "data/answers_name.h"
#include "render/escape_html.h"
#include "render/escape_js.h"

typedef struct {
	const sb_bank *b;
	sb_buf *out;
	sb_lang lang; /* the page's first language */
	bool both;    /* the bank has both languages: every text is written in each */
} S_ctx;

/* The messages the script shows, by the script's key (texts in base/labels.c, both languages);
 * {name} is filled in by the script. */
static const struct {
	const char *key;
	sb_label id;
} S_msgs[] = {
	{ "position", SB_LABEL_FF_JS_POSITION },
	{ "answered", SB_LABEL_FF_JS_ANSWERED },
	{ "allAnswered", SB_LABEL_FF_JS_ALL_ANSWERED },
	{ "someAnswered", SB_LABEL_FF_JS_SOME_ANSWERED },
	{ "goTo", SB_LABEL_FF_JS_GO_TO },
	{ "idPlaceholder", SB_LABEL_FF_JS_ID_PLACEHOLDER },
	{ "idMissing", SB_LABEL_FF_JS_ID_MISSING },
	{ "idBad", SB_LABEL_FF_JS_ID_BAD },
	{ "saved", SB_LABEL_FF_JS_SAVED },
	{ "erased", SB_LABEL_FF_JS_ERASED },
	{ "noStorage", SB_LABEL_FF_JS_NO_STORAGE },
	{ "resumed", SB_LABEL_FF_JS_RESUMED },
};

static void S_esc(S_ctx *c, const char *s)
{
	sb_html_escape_str(c->out, s);
}

/* A text in both languages: one span per language, the script shows one. */
static void S_both(S_ctx *c, const char *zh, const char *en)
{
	sb_buf_puts(c->out, "<span class=\"lz\" lang=\"zh\">");
	S_esc(c, zh);
	sb_buf_puts(c->out, "</span><span class=\"le\" lang=\"en\">");
	S_esc(c, en);
	sb_buf_puts(c->out, "</span>");
}

/* A UI string (base/labels.c) in every language of the page. */
static void S_ui(S_ctx *c, sb_label id)
{
	if (!c->both)
		S_esc(c, sb_label_text(c->lang, id));
	else
		S_both(c, sb_label_text(SB_LANG_ZH, id), sb_label_text(SB_LANG_EN, id));
}

/* A short bank text in every language of the page. */
static void S_text(S_ctx *c, const sb_text *t)
{
	if (!c->both)
		S_esc(c, sb_text_get(t, c->lang));
	else
		S_both(c, sb_text_get(t, SB_LANG_ZH), sb_text_get(t, SB_LANG_EN));
}

/* Paragraphs of one text (blank lines split them, a newline is a line break). */
static void S_paras_one(S_ctx *c, const char *s, const char *cls)
{
	const char *p = s;
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n > 0 && p[n - 1] == '\n')
			n--;
		sb_buf_printf(c->out, "<p%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
		              cls ? "\"" : "");
		size_t from = 0;
		for (size_t i = 0; i <= n; i++) {
			if (i == n || p[i] == '\n') {
				if (from)
					sb_buf_puts(c->out, "<br>");
				sb_html_escape(c->out, p + from, i - from);
				from = i + 1;
			}
		}
		sb_buf_puts(c->out, "</p>\n");
		p += n;
		while (*p == '\n')
			p++;
	}
}

/* A bank text of one or more paragraphs, in every language of the page; nothing when empty. */
static void S_paras(S_ctx *c, const sb_text *t, const char *cls)
{
	if (!c->both) {
		S_paras_one(c, sb_text_get(t, c->lang), cls);
		return;
	}
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		const char *s = sb_text_get(t, (sb_lang)l);
		if (!*s)
			continue;
		sb_buf_printf(c->out, "<div class=\"%s\" lang=\"%s\">\n", l == SB_LANG_ZH ? "lz" : "le",
		              sb_lang_code((sb_lang)l));
		S_paras_one(c, s, cls);
		sb_buf_puts(c->out, "</div>\n");
	}
}

static bool S_empty(const sb_text *t)
{
	for (int l = 0; l < SB_LANG_COUNT; l++)
		if (t->s[l] && *t->s[l])
			return false;
	return true;
}

/* An HTML comment may not hold "--" or ">" at places; ids are safe, a version is shown
 * with anything outside [A-Za-z0-9._+~ ] as '_'. */
static void S_comment_safe(S_ctx *c, const char *s)
{
	for (; *s; s++) {
		char ch = *s;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		          ch == '.' || ch == '_' || ch == '+' || ch == '~' || ch == ' ';
		sb_buf_putc(c->out, ok ? ch : '_');
	}
}

static void S_data(S_ctx *c, const char *hex)
{
	const sb_bank *b = c->b;
	sb_buf *o = c->out;
	sb_buf stem = { 0 };
	sb_answers_name_stem(&stem, b);
	sb_buf_puts(o, "{\"bank\":");
	sb_js_string_str(o, b->id);
	sb_buf_puts(o, ",\"version\":");
	sb_js_string_str(o, b->version);
	sb_buf_puts(o, ",\"itemsHash\":");
	sb_js_string_str(o, hex);
	/* The storage key names the bank, its version and items, so another form never reads these
	 * answers as its own. */
	sb_buf_puts(o, ",\"key\":");
	sb_buf key = { 0 };
	sb_buf_printf(&key, "securebase-form:%s:%s:%.8s", b->id, b->version, hex);
	sb_js_string_str(o, key.failed ? "" : key.data);
	sb_buf_puts(o, ",\"stem\":");
	sb_js_string_str(o, stem.failed ? "" : stem.data);
	if (key.failed || stem.failed)
		o->failed = true;
	sb_buf_free(&key);
	sb_buf_free(&stem);
	sb_buf_printf(o, ",\"idMax\":%d,\"lang\":\"%s\",\"header\":", SB_NAME_ID_MAX,
	              sb_lang_code(c->lang));
	sb_buf header = { 0 };
	sb_buf_puts(&header, "id");
	for (size_t i = 0; i < b->n_items; i++)
		sb_buf_printf(&header, ",%s", b->items[i].id);
	sb_js_string_str(o, header.failed ? "" : header.data);
	if (header.failed)
		o->failed = true;
	sb_buf_free(&header);
	sb_buf_puts(o, ",\"items\":[");
	for (size_t i = 0; i < b->n_items; i++) {
		if (i)
			sb_buf_putc(o, ',');
		sb_js_string_str(o, b->items[i].id);
	}
	sb_buf_puts(o, "],\"msg\":{");
	bool first = true;
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		if (!c->both && l != (int)c->lang)
			continue;
		sb_buf_printf(o, "%s\"%s\":{\"title\":", first ? "" : ",", sb_lang_code((sb_lang)l));
		first = false;
		sb_js_string_str(o, sb_text_get(&b->title, (sb_lang)l));
		for (size_t k = 0; k < sizeof S_msgs / sizeof S_msgs[0]; k++) {
			sb_buf_printf(o, ",\"%s\":", S_msgs[k].key);
			sb_js_string_str(o, sb_label_text((sb_lang)l, S_msgs[k].id));
		}
		sb_buf_putc(o, '}');
	}
	sb_buf_puts(o, "}}");
}

static void S_item(S_ctx *c, size_t i)
{
	const sb_item *it = &c->b->items[i];
	const sb_response_scale *rs = &c->b->responses[it->response];
	sb_buf *o = c->out;
	sb_buf_printf(o, "<fieldset class=\"q\" id=\"q-%s\" data-min=\"%d\" data-max=\"%d\">\n"
	              "<legend><span class=\"qn\">%zu.</span> ", it->id, rs->min, rs->max, i + 1);
	S_text(c, &it->text);
	sb_buf_puts(o, "</legend>\n<div class=\"choices\">\n");
	for (int v = rs->min; v <= rs->max; v++) {
		sb_buf_printf(o, "<label class=\"choice\"><input type=\"radio\" name=\"%s\" value=\"%d\">"
		              "<span class=\"cv\">%d</span><span class=\"cl\">", it->id, v, v);
		S_text(c, &rs->labels[v - rs->min]);
		sb_buf_puts(o, "</span></label>\n");
	}
	sb_buf_puts(o, "</div>\n<p class=\"qfoot js-only\"><button type=\"button\" class=\"quiet skip\">");
	S_ui(c, SB_LABEL_FF_SKIP);
	sb_buf_puts(o, "</button> <span class=\"skipped\" hidden>");
	S_ui(c, SB_LABEL_FF_SKIPPED);
	sb_buf_printf(o, "</span> <span class=\"note\">%s</span></p>\n</fieldset>\n", it->id);
}

/* The comment naming the bank, the head: the Content-Security-Policy that admits only
 * the inline style sheet and script (their hashes), the title and the style sheet. */
static void S_page_head(S_ctx *c, const char *hex)
{
	const sb_bank *b = c->b;
	sb_buf *o = c->out;
	unsigned char dig[SB_SHA256_LEN];
	char css_hash[45], js_hash[45];
	sb_sha256_of(sb_fillable_css, sb_fillable_css_len, dig);
	sb_sha256_base64(dig, css_hash);
	sb_sha256_of(sb_fillable_js, sb_fillable_js_len, dig);
	sb_sha256_base64(dig, js_hash);

	sb_buf_puts(o, "<!DOCTYPE html>\n<!-- securebase fillable form. bank: ");
	S_comment_safe(c, b->id);
	sb_buf_puts(o, "; version: ");
	S_comment_safe(c, b->version);
	sb_buf_printf(o, "; items sha256: %s; securebase " SB_VERSION ". Answers stay in the "
	              "browser; the page connects nowhere. -->\n", hex);
	sb_buf_printf(o, "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	              sb_lang_code(c->lang));
	/* Only the inline style sheet and script below may apply; nothing may be fetched, sent or
	 * framed. 'none' for connect-src and form-action is what keeps answers in the browser. */
	sb_buf_printf(o, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	              "script-src 'sha256-%s'; style-src 'sha256-%s'; img-src 'none'; "
	              "connect-src 'none'; form-action 'none'; base-uri 'none'; object-src 'none'\">\n",
	              js_hash, css_hash);
	sb_buf_puts(o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	               "<meta name=\"referrer\" content=\"no-referrer\">\n"
	               "<meta name=\"generator\" content=\"securebase " SB_VERSION "\">\n<title>");
	S_esc(c, sb_text_get(&b->title, c->lang));
	sb_buf_puts(o, "</title>\n<style>");
	sb_buf_put(o, (const char *)sb_fillable_css, sb_fillable_css_len);
	sb_buf_puts(o, "</style>\n</head>\n");
}

/* The top of the page: the language switch when both languages are there, the title,
 * what the questionnaire is about, and the note for a browser without JavaScript. */
static void S_page_top(S_ctx *c)
{
	const sb_bank *b = c->b;
	sb_buf *o = c->out;
	sb_buf_puts(o, "<body>\n<header class=\"top\">\n");
	if (c->both) {
		sb_buf_puts(o, "<div class=\"langs js-only\" role=\"group\" aria-label=\"语言 / Language\">"
		               "<span aria-hidden=\"true\">语言 / Language</span>"
		               "<button type=\"button\" data-lang=\"zh\" lang=\"zh\" aria-pressed=\"false\">"
		               "中文</button><button type=\"button\" data-lang=\"en\" lang=\"en\" "
		               "aria-pressed=\"false\">English</button></div>\n");
	}
	sb_buf_puts(o, "<h1>");
	S_text(c, &b->title);
	sb_buf_puts(o, "</h1>\n");
	sb_buf_puts(o, "<div class=\"about\">\n");
	S_paras(c, &b->texts.about, NULL);
	sb_buf_puts(o, "</div>\n</header>\n<main>\n<noscript><p class=\"help\">");
	S_ui(c, SB_LABEL_FF_NEEDS_JS);
	sb_buf_puts(o, "</p></noscript>\n");
}

/* The first screen: how to answer, how to see the statements, what is kept where. */
static void S_page_intro(S_ctx *c)
{
	const sb_bank *b = c->b;
	sb_buf *o = c->out;
	sb_buf_puts(o, "<section id=\"intro\" class=\"screen\" aria-labelledby=\"intro-h\">\n"
	               "<h2 id=\"intro-h\" tabindex=\"-1\">");
	S_ui(c, SB_LABEL_FF_HOW_TO_ANSWER);
	sb_buf_puts(o, "</h2>\n");
	S_paras(c, &b->texts.instructions, NULL);
	sb_buf_puts(o, "<p class=\"js-only\">");
	S_ui(c, SB_LABEL_FF_HOW_KEYS);
	sb_buf_puts(o, "</p>\n<fieldset class=\"mode js-only\">\n<legend>");
	S_ui(c, SB_LABEL_FF_SHOW_STATEMENTS);
	sb_buf_puts(o, "</legend>\n<label><input type=\"radio\" name=\"sb-mode\" value=\"single\" "
	               "checked> ");
	S_ui(c, SB_LABEL_FF_ONE_AT_A_TIME);
	sb_buf_puts(o, "</label>\n<label><input type=\"radio\" name=\"sb-mode\" value=\"list\"> ");
	S_ui(c, SB_LABEL_FF_ALL_IN_LIST);
	sb_buf_puts(o, "</label>\n</fieldset>\n<p class=\"note\">");
	S_ui(c, SB_LABEL_FF_KEPT_WHERE);
	sb_buf_puts(o, "</p>\n<p id=\"resume\" class=\"status\" aria-live=\"polite\"></p>\n"
	               "<p id=\"erased\" class=\"status\" tabindex=\"-1\" aria-live=\"polite\"></p>\n"
	               "<p class=\"actions js-only\">\n<button type=\"button\" id=\"start\" "
	               "class=\"primary\">");
	S_ui(c, SB_LABEL_FF_START);
	sb_buf_puts(o, "</button> <button type=\"button\" class=\"danger erase\">");
	S_ui(c, SB_LABEL_FF_ERASE_MINE);
	sb_buf_puts(o, "</button>\n</p>\n</section>\n");
}

/* Progress, then every statement, then the buttons to move between them. */
static void S_page_items(S_ctx *c)
{
	const sb_bank *b = c->b;
	sb_buf *o = c->out;
	sb_buf_printf(o, "<div class=\"bar js-only\">\n<p id=\"pos\" aria-live=\"polite\"></p>\n"
	              "<progress id=\"prog\" max=\"%zu\" value=\"0\" aria-labelledby=\"pos\">"
	              "</progress>\n</div>\n<div id=\"items\">\n", b->n_items);
	for (size_t i = 0; i < b->n_items; i++)
		S_item(c, i);
	sb_buf_puts(o, "</div>\n<div class=\"nav js-only\">\n<button type=\"button\" id=\"back\">");
	S_ui(c, SB_LABEL_FF_BACK);
	sb_buf_puts(o, "</button>\n<button type=\"button\" id=\"next\" class=\"primary next\">");
	S_ui(c, SB_LABEL_FF_NEXT);
	sb_buf_puts(o, "</button>\n</div>\n");
}

/* The last screen: saving the file, what to do with it, erasing. */
static void S_page_finish(S_ctx *c)
{
	sb_buf *o = c->out;
	sb_buf_puts(o, "<section id=\"finish\" class=\"screen js-only\" aria-labelledby=\"finish-h\">\n"
	               "<h2 id=\"finish-h\" tabindex=\"-1\">");
	S_ui(c, SB_LABEL_FF_SAVE_HEADING);
	sb_buf_puts(o, "</h2>\n<p id=\"tally\"></p>\n<p id=\"gaps-label\">");
	S_ui(c, SB_LABEL_FF_BLANKS);
	sb_buf_puts(o, "</p>\n<ul id=\"gaps\" class=\"gaps\"></ul>\n<label class=\"field\" for=\"rid\">");
	S_ui(c, SB_LABEL_FF_CODE_OR_NAME);
	sb_buf_puts(o, "</label>\n<input type=\"text\" id=\"rid\" autocomplete=\"off\" maxlength=\"200\" "
	               "spellcheck=\"false\">\n<div class=\"nav-save\">\n<p><button type=\"button\" "
	               "id=\"save\" class=\"primary\">");
	S_ui(c, SB_LABEL_FF_SAVE);
	sb_buf_puts(o, "</button></p>\n<p id=\"saved\" class=\"status\" aria-live=\"polite\"></p>\n"
	               "</div>\n<h2>");
	S_ui(c, SB_LABEL_FF_AFTER_SAVING);
	sb_buf_puts(o, "</h2>\n<p>");
	S_ui(c, SB_LABEL_FF_FILE_IS);
	sb_buf_puts(o, "</p>\n<p>");
	S_ui(c, SB_LABEL_FF_GIVE_FILE);
	sb_buf_puts(o, "</p>\n<p><code>securebase report answers-….csv --id …</code></p>\n<p>");
	S_ui(c, SB_LABEL_FF_OWN_REPORT);
	sb_buf_puts(o, "</p>\n<h2>");
	S_ui(c, SB_LABEL_FF_ERASE);
	sb_buf_puts(o, "</h2>\n<p><button type=\"button\" id=\"erase-open\" class=\"danger erase\">");
	S_ui(c, SB_LABEL_FF_ERASE_MINE);
	sb_buf_puts(o, "</button></p>\n<div id=\"confirm\" class=\"confirm\" role=\"group\" "
	               "aria-labelledby=\"confirm-q\" hidden>\n<p id=\"confirm-q\">");
	S_ui(c, SB_LABEL_FF_ERASE_Q);
	sb_buf_puts(o, "</p>\n<p><button type=\"button\" id=\"erase-yes\" class=\"danger\">");
	S_ui(c, SB_LABEL_FF_ERASE_YES);
	sb_buf_puts(o, "</button> <button type=\"button\" id=\"erase-no\">");
	S_ui(c, SB_LABEL_FF_ERASE_KEEP);
	sb_buf_puts(o, "</button></p>\n</div>\n</section>\n");
}

/* Where to find help, the footer naming the bank, the page's data and its script. */
static void S_page_end(S_ctx *c, const char *hex)
{
	const sb_bank *b = c->b;
	sb_buf *o = c->out;
	sb_buf_puts(o, "<section class=\"help\" aria-labelledby=\"help-h\">\n<h2 id=\"help-h\">");
	S_ui(c, SB_LABEL_FF_SUPPORT);
	sb_buf_puts(o, "</h2>\n");
	S_paras(c, &b->texts.professional_help, NULL);
	if (!S_empty(&b->texts.local_help))
		S_paras(c, &b->texts.local_help, NULL);
	S_paras(c, &b->texts.emergency, NULL);
	sb_buf_puts(o, "</section>\n</main>\n<footer>\n");
	S_paras(c, &b->texts.disclaimer, NULL);
	S_paras(c, &b->attribution, NULL);
	sb_buf_puts(o, "<p>");
	S_ui(c, SB_LABEL_FF_BANK);
	sb_buf_puts(o, " <code>");
	S_esc(c, b->id);
	sb_buf_puts(o, "</code> · ");
	S_ui(c, SB_LABEL_FF_VERSION);
	sb_buf_puts(o, " <code>");
	S_esc(c, b->version);
	sb_buf_puts(o, "</code> · ");
	S_ui(c, SB_LABEL_FF_ITEMS_HASH);
	sb_buf_printf(o, " <code>%.8s</code></p>\n</footer>\n", hex);
	sb_buf_puts(o, "<script type=\"application/json\" id=\"sb-data\">");
	S_data(c, hex);
	sb_buf_puts(o, "</script>\n<script>");
	sb_buf_put(o, (const char *)sb_fillable_js, sb_fillable_js_len);
	sb_buf_puts(o, "</script>\n</body>\n</html>\n");
}

/* The whole page, top to bottom. */
static void S_page(S_ctx *c, const char *hex)
{
	S_page_head(c, hex);
	S_page_top(c);
	S_page_intro(c);
	S_page_items(c);
	S_page_finish(c);
	S_page_end(c, hex);
}

sb_status sb_form_fillable(const sb_bank *b, const sb_fillable_opts *o, sb_buf *out, sb_diags *d)
{
	sb_lang l = o ? o->lang : SB_LANG_EN;
	if (!b->has_lang[l] && b->has_lang[1 - l])
		l = (sb_lang)(1 - l);
	S_ctx c = { .b = b, .out = out, .lang = l,
		    .both = b->has_lang[SB_LANG_ZH] && b->has_lang[SB_LANG_EN] };
	char hex[65];
	sb_bank_items_hash(b, hex);
	S_page(&c, hex);
	if (out->failed) {
		sb_diags_add(d, NULL, 0, 0, "form: out of memory");
		return SB_ERR_INTERNAL;
	}
	return SB_OK;
}

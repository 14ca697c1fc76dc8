/* SPDX-License-Identifier: MIT */
/* render_json.c — the document model itself as JSON (schema "securebase-doc/1",
 * docs/report-json.md). */
#include "render/render.h"

#include <math.h>
#include <string.h>

#include <jansson.h>

#include "base/termsafe.h"
#include "base/textwidth.h"

#define S_SCHEMA "securebase-doc/1"

/* Builds values and remembers whether any step failed (jansson's set_new and append_new take
 * the value even when they fail, so nothing leaks on the way). */
typedef struct {
	bool failed;
} S_ctx;

/* A JSON string for s (null for NULL). jansson wants valid UTF-8, so invalid bytes become
 * U+FFFD first; control characters it escapes itself. */
static json_t *S_str(S_ctx *c, const char *s)
{
	if (!s)
		return json_null();
	size_t n = strlen(s);
	bool valid = true;
	for (size_t i = 0; i < n && valid;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		valid = !(cp == SB_REPLACEMENT && k == 1);
		i += k;
	}
	json_t *j;
	if (valid) {
		j = json_stringn(s, n);
	} else {
		sb_buf b = { 0 };
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			size_t k = sb_utf8_decode(s + i, n - i, &cp);
			if (cp == SB_REPLACEMENT && k == 1)
				sb_utf8_put(&b, SB_REPLACEMENT);
			else
				sb_buf_put(&b, s + i, k);
			i += k;
		}
		j = b.failed ? NULL : json_stringn(b.data ? b.data : "", b.len);
		sb_buf_free(&b);
	}
	if (!j)
		c->failed = true;
	return j;
}

/* A number, or null where it has no value (JSON has no NaN). */
static json_t *S_num(S_ctx *c, double v)
{
	json_t *j = isfinite(v) ? json_real(v) : json_null();
	if (!j)
		c->failed = true;
	return j;
}

static json_t *S_int(S_ctx *c, long long v)
{
	json_t *j = json_integer(v);
	if (!j)
		c->failed = true;
	return j;
}

static void S_set(S_ctx *c, json_t *o, const char *key, json_t *v)
{
	if (!o) {
		json_decref(v);
		c->failed = true;
	} else if (json_object_set_new(o, key, v) != 0) {
		c->failed = true;
	}
}

static void S_push(S_ctx *c, json_t *a, json_t *v)
{
	if (!a) {
		json_decref(v);
		c->failed = true;
	} else if (json_array_append_new(a, v) != 0) {
		c->failed = true;
	}
}

static json_t *S_obj(S_ctx *c)
{
	json_t *o = json_object();
	if (!o)
		c->failed = true;
	return o;
}

static json_t *S_arr(S_ctx *c)
{
	json_t *a = json_array();
	if (!a)
		c->failed = true;
	return a;
}

static const char *const S_kind[] = {
	[SB_BLOCK_HEADING] = "heading",
	[SB_BLOCK_PARAGRAPH] = "paragraph",
	[SB_BLOCK_LIST] = "list",
	[SB_BLOCK_KV] = "kv",
	[SB_BLOCK_TABLE] = "table",
	[SB_BLOCK_STYLE_CHART] = "style_chart",
	[SB_BLOCK_PROFILE_CHART] = "profile_chart",
	[SB_BLOCK_WRITE_AREA] = "write_area",
	[SB_BLOCK_PAGE_BREAK] = "page_break",
};

static const char *const S_tone[] = {
	[SB_TONE_NORMAL] = "normal",
	[SB_TONE_LEAD] = "lead",
	[SB_TONE_NOTE] = "note",
	[SB_TONE_ALERT] = "alert",
	[SB_TONE_SMALL] = "small",
};

static json_t *S_strings(S_ctx *c, char *const *v, size_t n)
{
	json_t *a = S_arr(c);
	for (size_t i = 0; i < n; i++)
		S_push(c, a, S_str(c, v[i]));
	return a;
}

static json_t *S_style_chart(S_ctx *c, const sb_style_chart *ch)
{
	static const char *const region[4] = { "secure", "preoccupied", "dismissive", "fearful" };
	json_t *o = S_obj(c), *r = S_obj(c), *pts = S_arr(c);
	S_set(c, o, "x_label", S_str(c, ch->x_label));
	S_set(c, o, "y_label", S_str(c, ch->y_label));
	S_set(c, o, "x_min", S_num(c, ch->x_min));
	S_set(c, o, "x_max", S_num(c, ch->x_max));
	S_set(c, o, "y_min", S_num(c, ch->y_min));
	S_set(c, o, "y_max", S_num(c, ch->y_max));
	S_set(c, o, "x_cut", S_num(c, ch->x_cut));
	S_set(c, o, "y_cut", S_num(c, ch->y_cut));
	for (int i = 0; i < 4; i++)
		S_set(c, r, region[i], S_str(c, ch->region[i]));
	S_set(c, o, "regions", r);
	for (size_t i = 0; i < ch->n_points; i++) {
		json_t *p = S_obj(c);
		S_set(c, p, "label", S_str(c, ch->points[i].label));
		S_set(c, p, "x", S_num(c, ch->points[i].x));
		S_set(c, p, "y", S_num(c, ch->points[i].y));
		S_push(c, pts, p);
	}
	S_set(c, o, "points", pts);
	S_set(c, o, "arrow", json_boolean(ch->arrow));
	return o;
}

static json_t *S_profile_chart(S_ctx *c, const sb_profile_chart *pc)
{
	size_t ns = pc->n_series == 2 ? 2 : 1;
	json_t *o = S_obj(c), *series = S_arr(c), *bars = S_arr(c);
	for (size_t s = 0; s < ns; s++)
		S_push(c, series, S_str(c, pc->series_label[s]));
	S_set(c, o, "series", series);
	for (size_t i = 0; i < pc->n_bars; i++) {
		const sb_profile_bar *b = &pc->bars[i];
		json_t *bo = S_obj(c), *bands = S_arr(c), *values = S_arr(c);
		S_set(c, bo, "name", S_str(c, b->name));
		S_set(c, bo, "lo", S_num(c, b->lo));
		S_set(c, bo, "hi", S_num(c, b->hi));
		for (size_t j = 0; j < b->n_bands; j++) {
			json_t *band = S_obj(c);
			S_set(c, band, "label", S_str(c, b->bands[j].label));
			S_set(c, band, "lo", S_num(c, b->bands[j].lo));
			S_set(c, band, "hi", S_num(c, b->bands[j].hi));
			S_push(c, bands, band);
		}
		S_set(c, bo, "bands", bands);
		for (size_t s = 0; s < ns; s++) {
			json_t *v = S_obj(c);
			S_set(c, v, "scored", json_boolean(b->scored[s]));
			S_set(c, v, "value", b->scored[s] ? S_num(c, b->value[s]) : json_null());
			S_set(c, v, "text", S_str(c, b->value_text[s]));
			S_push(c, values, v);
		}
		S_set(c, bo, "values", values);
		S_push(c, bars, bo);
	}
	S_set(c, o, "bars", bars);
	return o;
}

static json_t *S_block(S_ctx *c, const sb_block *b)
{
	json_t *o = S_obj(c);
	S_set(c, o, "kind", S_str(c, (size_t)b->kind < sizeof S_kind / sizeof S_kind[0]
	                                  ? S_kind[b->kind] : "unknown"));
	S_set(c, o, "tone", S_str(c, (size_t)b->tone < sizeof S_tone / sizeof S_tone[0]
	                                  ? S_tone[b->tone] : "normal"));
	S_set(c, o, "keep_with_next", json_boolean(b->keep_with_next));
	switch (b->kind) {
	case SB_BLOCK_HEADING:
		S_set(c, o, "level", S_int(c, b->level));
		S_set(c, o, "text", S_str(c, b->text));
		break;
	case SB_BLOCK_PARAGRAPH:
		S_set(c, o, "text", S_str(c, b->text));
		break;
	case SB_BLOCK_LIST:
		S_set(c, o, "ordered", json_boolean(b->ordered));
		S_set(c, o, "items", S_strings(c, b->items, b->n_items));
		break;
	case SB_BLOCK_KV: {
		json_t *pairs = S_arr(c);
		for (size_t i = 0; i + 1 < b->n_items; i += 2) {
			json_t *p = S_obj(c);
			S_set(c, p, "key", S_str(c, b->items[i]));
			S_set(c, p, "value", S_str(c, b->items[i + 1]));
			S_push(c, pairs, p);
		}
		S_set(c, o, "pairs", pairs);
		break;
	}
	case SB_BLOCK_TABLE: {
		static const char *const align[] = { "left", "right", "center" };
		size_t nc = b->n_cols;
		json_t *al = S_arr(c), *rows = S_arr(c);
		for (size_t col = 0; col < nc; col++)
			S_push(c, al, S_str(c, align[b->align ? b->align[col] % 3 : 0]));
		S_set(c, o, "columns", S_int(c, (long long)nc));
		S_set(c, o, "align", al);
		S_set(c, o, "header", S_strings(c, b->items, nc < b->n_items ? nc : b->n_items));
		for (size_t r = nc; nc && r < b->n_items; r += nc) {
			json_t *row = S_arr(c);
			for (size_t col = 0; col < nc; col++)
				S_push(c, row, S_str(c, r + col < b->n_items ? b->items[r + col] : ""));
			S_push(c, rows, row);
		}
		S_set(c, o, "rows", rows);
		break;
	}
	case SB_BLOCK_STYLE_CHART:
		S_set(c, o, "chart", b->style_chart ? S_style_chart(c, b->style_chart) : json_null());
		break;
	case SB_BLOCK_PROFILE_CHART:
		S_set(c, o, "chart", b->profile_chart ? S_profile_chart(c, b->profile_chart)
		                                      : json_null());
		break;
	case SB_BLOCK_WRITE_AREA:
		S_set(c, o, "label", S_str(c, b->text));
		S_set(c, o, "lines", S_int(c, (long long)b->lines));
		break;
	case SB_BLOCK_PAGE_BREAK:
		break;
	}
	return o;
}

/* jansson escapes only C0 controls; DEL, C1 controls (U+0080..U+009F, which some terminals obey)
 * and bidi and format characters are escaped afterwards (sb_json_safe), so the output is safe to
 * print and no text in it can display reordered. */
static int S_dump(const char *buffer, size_t size, void *data)
{
	sb_buf *raw = data;
	sb_buf_put(raw, buffer, size);
	return raw->failed ? -1 : 0;
}

sb_status sb_render_json(const sb_doc *d, const sb_render_opts *o, sb_buf *out)
{
	(void)o;
	S_ctx c = { 0 };
	json_t *root = S_obj(&c), *blocks = S_arr(&c);
	S_set(&c, root, "schema", S_str(&c, S_SCHEMA));
	S_set(&c, root, "lang", S_str(&c, sb_lang_code(d->lang)));
	S_set(&c, root, "title", S_str(&c, d->title));
	S_set(&c, root, "subtitle", S_str(&c, d->subtitle));
	S_set(&c, root, "respondent", S_str(&c, d->respondent));
	S_set(&c, root, "date", S_str(&c, d->date));
	S_set(&c, root, "footer", S_str(&c, d->footer));
	for (size_t i = 0; i < d->n_blocks && !c.failed; i++)
		S_push(&c, blocks, S_block(&c, &d->blocks[i]));
	S_set(&c, root, "blocks", blocks);
	if (!c.failed) {
		/* 10 significant digits: scores are short means; this keeps 4.25 as 4.25 */
		size_t flags = JSON_INDENT(2) | JSON_REAL_PRECISION(10);
		sb_buf raw = { 0 };
		if (json_dump_callback(root, S_dump, &raw, flags) != 0 || raw.failed) {
			c.failed = true;
		} else {
			sb_json_safe(out, raw.data ? raw.data : "", raw.len);
			sb_buf_putc(out, '\n');
		}
		sb_buf_free(&raw);
	}
	json_decref(root);
	return c.failed || out->failed ? SB_ERR_INTERNAL : SB_OK;
}

/* SPDX-License-Identifier: MIT */
/* rows.c — the score command's row formats: CSV rows written straight into the output buffer
 * from texts made once, JSON Lines records through jansson, and the rejects file's rows. */
#include "score/rows.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/termsafe.h"
#include "data/csv.h"
#include "score/statfile.h"

/* A short text copied into CSV rows 16 bytes at a time: p holds n bytes, zero-padded to a
 * multiple of 16 (a row has S_LABEL_SLACK bytes of room past each label for the last copy). */
typedef struct {
	const char *p;
	size_t n;
} S_label;

#define S_LABEL_SLACK 16

struct sb_rows {
	const sb_bank *b;
	sb_rows_opts o;
	size_t row_fixed;       /* bytes a CSV row needs beyond its id and kept cells */
	/* Texts of CSV rows, made once: per scale its band ids (band_label[band_first[i] + band])
	 * and "/<items>" and ",<items>" (of_items[2 * i] and [2 * i + 1]); the style ids
	 * (style_label[style]). */
	S_label *band_label, *of_items, style_label[SB_STYLE_COUNT];
	size_t *band_first;
	char *label_text;
};

void sb_rows_cell(sb_buf *out, const char *s, size_t n, bool guard)
{
	char *d = n > ((size_t)-1 - 3) / 2 ? NULL : sb_buf_reserve(out, SB_CSV_ESCAPED_MAX(n));
	if (d) {
		out->len += sb_csv_escape(d, s, n, guard);
		out->data[out->len] = '\0';
	} else {
		out->failed = true;
	}
}

void sb_rows_utf8_clean(sb_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = u[i];
		size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
		           : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		bool ok = len > 0 && n - i >= len;
		unsigned cp = len > 1 ? c & (0x7F >> len) : c;
		for (size_t k = 1; ok && k < len; k++) {
			ok = (u[i + k] & 0xC0) == 0x80;
			cp = (cp << 6) | (u[i + k] & 0x3F);
		}
		if (ok && len > 1) {
			static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
			ok = cp >= min[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
		}
		if (ok) {
			sb_buf_put(b, s + i, len);
			i += len;
		} else {
			sb_buf_puts(b, "\xEF\xBF\xBD");
			i++;
		}
	}
}

/* --- CSV -------------------------------------------------------------------------------------- */

void sb_rows_header(const sb_rows *f, sb_buf *h)
{
	if (f->o.jsonl || f->o.record)
		return;
	sb_buf_puts(h, "id");
	for (size_t k = 0; k < f->o.n_keep; k++) {
		sb_buf_puts(h, ",");
		sb_rows_cell(h, f->o.keep[k], strlen(f->o.keep[k]), true);
	}
	for (size_t i = 0; i < f->b->n_scales; i++) {
		const char *id = f->b->scales[i].id;
		sb_buf_puts(h, ",");
		sb_buf_puts(h, id);
		sb_buf_puts(h, ",");
		sb_buf_puts(h, id);
		sb_buf_puts(h, "_band,");
		sb_buf_puts(h, id);
		sb_buf_puts(h, "_answered,");
		sb_buf_puts(h, id);
		sb_buf_puts(h, "_answered_n,");
		sb_buf_puts(h, id);
		sb_buf_puts(h, "_items");
	}
	sb_buf_puts(h, ",style,flags\n");
}

static char *S_put_count(char *d, size_t n)
{
	if (n < 10) {
		*d = (char)('0' + n);
		return d + 1;
	}
	return d + sb_fmt_uint(d, n);
}

static char *S_put_label(char *d, const S_label *l)
{
	memcpy(d, l->p, 16);
	for (size_t o = 16; o < l->n; o += 16)
		memcpy(d + o, l->p + o, 16);
	return d + l->n;
}

/* Makes the labels of f (see sb_rows); 0, or -1 when memory runs out. */
static int S_labels(sb_rows *f)
{
	const sb_bank *b = f->b;
	size_t n = SB_STYLE_COUNT + 2 * b->n_scales, text = 0;
	char num[SB_NUMFMT_MAX];
	for (size_t i = 0; i < b->n_scales; i++) {
		n += b->scales[i].n_bands;
		for (size_t k = 0; k < b->scales[i].n_bands; k++)
			text += strlen(b->scales[i].bands[k].id) / 16 * 16 + 16;
		text += 2 * ((1 + sb_fmt_uint(num, b->scales[i].n_items)) / 16 * 16 + 16);
	}
	for (int k = 0; k < SB_STYLE_COUNT; k++)
		text += strlen(sb_style_id(k)) / 16 * 16 + 16;
	f->band_label = sb_calloc(n, sizeof *f->band_label);
	f->band_first = sb_calloc(b->n_scales + 1, sizeof *f->band_first);
	f->label_text = sb_calloc(text, 1);
	if (!f->band_label || !f->band_first || !f->label_text)
		return -1;
	char *t = f->label_text;
	S_label *l = f->band_label;
	for (size_t i = 0; i < b->n_scales; i++) {
		f->band_first[i] = (size_t)(l - f->band_label);
		for (size_t k = 0; k < b->scales[i].n_bands; k++, l++) {
			*l = (S_label){ .p = t, .n = strlen(b->scales[i].bands[k].id) };
			memcpy(t, b->scales[i].bands[k].id, l->n);
			t += l->n / 16 * 16 + 16;
		}
	}
	f->of_items = l;
	for (size_t i = 0; i < 2 * b->n_scales; i++, l++) {
		t[0] = i % 2 ? ',' : '/';
		*l = (S_label){ .p = t, .n = 1 + sb_fmt_uint(t + 1, b->scales[i / 2].n_items) };
		t += l->n / 16 * 16 + 16;
	}
	for (int k = 0; k < SB_STYLE_COUNT; k++) {
		f->style_label[k] = (S_label){ .p = t, .n = strlen(sb_style_id(k)) };
		memcpy(t, sb_style_id(k), f->style_label[k].n);
		t += f->style_label[k].n / 16 * 16 + 16;
	}
	return 0;
}

sb_status sb_rows_new(const sb_bank *b, const sb_rows_opts *o, sb_rows **out)
{
	*out = NULL;
	sb_rows *f = sb_calloc(1, sizeof *f);
	if (!f)
		return SB_ERR_INTERNAL;
	f->b = b;
	f->o = *o;
	size_t fixed = 2 + 16 + SB_QUALITY_FLAGS_MAX + 1;
	for (size_t i = 0; i < b->n_scales; i++) {
		size_t longest = 0;
		for (size_t k = 0; k < b->scales[i].n_bands; k++)
			if (strlen(b->scales[i].bands[k].id) > longest)
				longest = strlen(b->scales[i].bands[k].id);
		/* score, band, "a/n", then a and n again as numbers (each count at most 24 digits) */
		fixed += 5 + SB_NUMFMT_MAX + longest + 4 * 24 + 1 + 2 * S_LABEL_SLACK;
	}
	f->row_fixed = fixed + S_LABEL_SLACK;
	if (S_labels(f) != 0) {
		sb_rows_free(f);
		return SB_ERR_INTERNAL;
	}
	*out = f;
	return SB_OK;
}

void sb_rows_free(sb_rows *f)
{
	if (!f)
		return;
	sb_free(f->band_label);
	sb_free(f->band_first);
	sb_free(f->label_text);
	sb_free(f);
}

/* Appends one scored row as CSV to out; 0, or -1 when memory runs out. */
static int S_csv_row(const sb_rows *f, sb_buf *out, const sb_answer_row *row, const sb_result *res)
{
	size_t need = SB_CSV_ESCAPED_MAX(row->id_len) + f->row_fixed;
	for (size_t k = 0; k < row->n_kept; k++)
		need += 1 + SB_CSV_ESCAPED_MAX(row->kept_len[k]);
	char *d0 = sb_buf_reserve(out, need), *d = d0;
	if (!d)
		return -1;
	d += sb_csv_escape(d, row->id, row->id_len, !f->o.no_formula_guard);
	for (size_t k = 0; k < row->n_kept; k++) {
		*d++ = ',';
		d += sb_csv_escape(d, row->kept[k], row->kept_len[k], !f->o.no_formula_guard);
	}
	const sb_bank *b = f->b;
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale_result *s = &res->scales[i];
		*d++ = ',';
		if (s->scored)
			d += sb_fmt_fixed(d, s->score, f->o.decimals);
		*d++ = ',';
		if (s->scored && s->band < b->scales[i].n_bands)
			d = S_put_label(d, &f->band_label[f->band_first[i] + s->band]);
		/* "<answered>/<items>", then <scale>_answered_n and <scale>_items: the same two counts
		 * as numbers, each written again (not copied from the row: a load of what was just
		 * stored byte by byte stalls) */
		bool all = s->n_items == b->scales[i].n_items;
		*d++ = ',';
		d = S_put_count(d, s->answered);
		if (all) {
			d = S_put_label(d, &f->of_items[2 * i]);
		} else {
			*d++ = '/';
			d += sb_fmt_uint(d, s->n_items);
		}
		*d++ = ',';
		d = S_put_count(d, s->answered);
		if (all) {
			d = S_put_label(d, &f->of_items[2 * i + 1]);
		} else {
			*d++ = ',';
			d += sb_fmt_uint(d, s->n_items);
		}
	}
	*d++ = ',';
	if (res->has_style && res->style >= 0 && res->style < SB_STYLE_COUNT)
		d = S_put_label(d, &f->style_label[res->style]);
	*d++ = ',';
	d += sb_quality_flags(&res->quality, d, SB_QUALITY_FLAGS_MAX);
	*d++ = '\n';
	out->len += (size_t)(d - d0);
	out->data[out->len] = '\0';
	return 0;
}

/* --- JSON Lines --------------------------------------------------------------------------------- */

static json_t *S_jstr(sb_buf *tmp, const char *s, size_t n)
{
	sb_buf_reset(tmp);
	sb_rows_utf8_clean(tmp, s, n);
	return tmp->failed ? NULL : json_stringn(tmp->data ? tmp->data : "", tmp->len);
}

static int S_set(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

/* Appends one scored row as a JSON Lines record to out; 0, or -1 when memory runs out. */
static int S_json_row(const sb_rows *f, sb_buf *out, const sb_answer_row *row, const sb_result *res)
{
	const sb_bank *b = f->b;
	json_t *o = json_object();
	sb_buf tmp = { 0 }, key = { 0 };
	int bad = !o;
	if (!bad)
		bad |= S_set(o, "id", json_stringn(row->id, row->id_len));
	for (size_t k = 0; k < row->n_kept && !bad; k++) {
		sb_buf_reset(&key);
		sb_rows_utf8_clean(&key, f->o.keep[k], strlen(f->o.keep[k]));
		bad |= key.failed ||
		       S_set(o, key.data ? key.data : "", S_jstr(&tmp, row->kept[k], row->kept_len[k]));
	}
	for (size_t i = 0; i < b->n_scales && !bad; i++) {
		const sb_scale *sc = &b->scales[i];
		const sb_scale_result *s = &res->scales[i];
		char name[SB_ID_MAX + 16];
		bad |= S_set(o, sc->id, s->scored ? json_real(s->score) : json_null());
		snprintf(name, sizeof name, "%s_band", sc->id);
		bad |= S_set(o, name, s->scored && s->band != SB_NONE
		                      ? json_string(sc->bands[s->band].id) : json_null());
		snprintf(name, sizeof name, "%s_answered", sc->id);
		bad |= S_set(o, name, json_integer((json_int_t)s->answered));
		snprintf(name, sizeof name, "%s_items", sc->id);
		bad |= S_set(o, name, json_integer((json_int_t)s->n_items));
	}
	if (!bad)
		bad |= S_set(o, "style", res->has_style ? json_string(sb_style_id(res->style))
		                                        : json_null());
	json_t *flags = bad ? NULL : json_array();
	if (flags) {
		const sb_quality *q = &res->quality;
		for (int k = 0; k < SB_FLAG_COUNT; k++)
			if (sb_quality_flag_set(q, k))
				bad |= json_array_append_new(flags,
				                             json_string(sb_quality_flag_name(k)));
	}
	bad |= S_set(o, "flags", flags);
	char *text = bad ? NULL
	                 : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	if (text) {
		sb_json_safe(out, text, strlen(text)); /* DEL, C1, bidi as \\uXXXX */
		sb_buf_puts(out, "\n");
		free(text); /* jansson's allocation */
	}
	json_decref(o);
	sb_buf_free(&tmp);
	sb_buf_free(&key);
	return text && !out->failed ? 0 : -1;
}

int sb_rows_append(const sb_rows *f, sb_buf *out, const sb_answer_row *row, const sb_result *res)
{
	if (f->o.record)
		return sb_statfile_record(f->b, out, row, res);
	return f->o.jsonl ? S_json_row(f, out, row, res) : S_csv_row(f, out, row, res);
}

/* --- rejects ------------------------------------------------------------------------------------ */

void sb_rows_reject(sb_buf *l, const sb_answer_row *row, const char *reason)
{
	char num[SB_NUMFMT_MAX];
	sb_buf_put(l, num, sb_fmt_int(num, row->row));
	sb_buf_puts(l, ",");
	sb_buf_put(l, num, sb_fmt_int(num, row->column));
	sb_buf_puts(l, ",");
	sb_rows_cell(l, reason, strlen(reason), true);
	sb_buf_puts(l, ",");
	if (memchr(row->record, '\0', row->record_len)) {
		/* A NUL cannot stay in a CSV file that tools read (ours refuses it): U+FFFD stands in. */
		sb_buf t = { 0 };
		for (size_t i = 0, j; i < row->record_len; i = j + 1) {
			const char *z = memchr(row->record + i, '\0', row->record_len - i);
			j = z ? (size_t)(z - row->record) : row->record_len;
			sb_buf_put(&t, row->record + i, j - i);
			if (z)
				sb_buf_put(&t, "\xEF\xBF\xBD", 3);
		}
		sb_rows_cell(l, t.data ? t.data : "", t.len, true);
		l->failed |= t.failed;
		sb_buf_free(&t);
	} else {
		sb_rows_cell(l, row->record, row->record_len, true);
	}
	sb_buf_puts(l, "\n");
}

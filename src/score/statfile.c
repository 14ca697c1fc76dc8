/* SPDX-License-Identifier: MIT */
/* statfile.c — `score --format sav|dta`: scored rows as SPSS and Stata data files through
 * libreadstat, with variable labels (scale names), value labels (bands, styles) and system missing
 * for unscored scales. The columns are documented in docs/csv-output.md. */
#include "score/statfile.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#ifdef SB_WITH_READSTAT
#include <readstat.h>
#endif

#include "base/alloc.h"
#include "base/labels.h"
#include "base/textwidth.h"

/* --- records ---------------------------------------------------------------------------------- */

/* A record, native byte order (the same process reads it back):
 *   int64 row; uint64 id_len; id; per kept cell uint64 len, bytes;
 *   per scale: double score (NAN unscored), int32 band (-1 none), uint32 answered, uint32 items;
 *   int32 style (-1 none); uint32 flag bits (1 << SB_FLAG_*). */

static void S_put(sb_buf *out, const void *p, size_t n)
{
	sb_buf_put(out, (const char *)p, n);
}

/* A text cell prefixed by its length: bytes that are not UTF-8 and NUL bytes become U+FFFD. */
static void S_put_text(sb_buf *out, const char *s, size_t n)
{
	uint64_t len = 0;
	size_t at = out->len;
	S_put(out, &len, sizeof len);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		bool invalid = cp == SB_REPLACEMENT && !(k == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3));
		if (invalid || cp == 0) {
			sb_buf_put(out, "\xEF\xBF\xBD", 3);
			len += 3;
		} else {
			sb_buf_put(out, s + i, k);
			len += k;
		}
		i += k;
	}
	if (!out->failed)
		memcpy(out->data + at, &len, sizeof len);
}

int sb_statfile_record(const sb_bank *b, sb_buf *out, const sb_answer_row *row,
                       const sb_result *res)
{
	int64_t r = row->row;
	S_put(out, &r, sizeof r);
	S_put_text(out, row->id, row->id_len);
	for (size_t k = 0; k < row->n_kept; k++)
		S_put_text(out, row->kept[k], row->kept_len[k]);
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale_result *s = &res->scales[i];
		double score = s->scored ? s->score : NAN;
		int32_t band = s->scored && s->band < b->scales[i].n_bands ? (int32_t)s->band : -1;
		uint32_t answered = (uint32_t)s->answered, items = (uint32_t)s->n_items;
		S_put(out, &score, sizeof score);
		S_put(out, &band, sizeof band);
		S_put(out, &answered, sizeof answered);
		S_put(out, &items, sizeof items);
	}
	int32_t style = res->has_style && res->style >= 0 && res->style < SB_STYLE_COUNT
	              ? (int32_t)res->style : -1;
	uint32_t flags = 0;
	for (int k = 0; k < SB_FLAG_COUNT; k++)
		if (sb_quality_flag_set(&res->quality, k))
			flags |= 1u << k;
	S_put(out, &style, sizeof style);
	S_put(out, &flags, sizeof flags);
	return out->failed ? -1 : 0;
}

/* --- variable names ------------------------------------------------------------------------------ */

/* Reserved words of SPSS (ALL AND BY EQ GE GT LE LT NE NOT OR TO WITH) and of Stata, compared
 * ignoring case. */
static bool S_reserved(const char *s)
{
	static const char *const words[] = {
		"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with",
		"_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long",
		"_n", "_pi", "_pred", "_rc", "_skip", "strl", "using",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

static bool S_taken(const char *s, const char (*used)[SB_STAT_NAME_MAX + 1], size_t n_used)
{
	for (size_t i = 0; i < n_used; i++)
		if (strcasecmp(s, used[i]) == 0)
			return true;
	return S_reserved(s);
}

void sb_statfile_name(const char *column, char *out, const char (*used)[SB_STAT_NAME_MAX + 1],
                      size_t n_used)
{
	size_t n = 0;
	unsigned char c0 = (unsigned char)column[0];
	if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z')))
		out[n++] = 'v';
	for (const char *p = column; *p && n < SB_STAT_NAME_MAX; p++) {
		unsigned char c = (unsigned char)*p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		          c == '_';
		out[n++] = ok ? (char)c : '_';
	}
	out[n] = '\0';
	if (S_reserved(out) && n < SB_STAT_NAME_MAX) {
		out[n++] = '_';
		out[n] = '\0';
	}
	if (!S_taken(out, used, n_used))
		return;
	char base[SB_STAT_NAME_MAX + 1];
	memcpy(base, out, n + 1);
	for (unsigned k = 2;; k++) {
		char suffix[16];
		int sl = snprintf(suffix, sizeof suffix, "_%u", k);
		size_t keep = n + (size_t)sl > SB_STAT_NAME_MAX ? SB_STAT_NAME_MAX - (size_t)sl : n;
		memcpy(out, base, keep);
		memcpy(out + keep, suffix, (size_t)sl + 1);
		if (!S_taken(out, used, n_used))
			return;
	}
}

/* --- writing ------------------------------------------------------------------------------------ */

#ifdef SB_WITH_READSTAT

/* Reads exactly n bytes; 0, or -1 at the end of the file or on an error. */
static int S_get(FILE *f, void *p, size_t n)
{
	return n == 0 || fread(p, 1, n, f) == n ? 0 : -1;
}

/* One record read back; text cells point into buf. */
typedef struct {
	int64_t row;
	char *id;
	size_t id_len;
	char **kept;
	size_t *kept_len, *kept_off;
	double *score;
	int32_t *band;
	uint32_t *answered, *items;
	int32_t style;
	uint32_t flags;
	sb_buf text;
} S_rec;

/* Reads a text cell into r->text (NUL-terminated); its offset in *off, length in *len. */
static int S_get_text(FILE *f, S_rec *r, size_t *off, size_t *len)
{
	uint64_t n;
	if (S_get(f, &n, sizeof n) != 0 || n > SIZE_MAX / 2)
		return -1;
	*off = r->text.len;
	*len = (size_t)n;
	char *d = sb_buf_reserve(&r->text, (size_t)n + 1);
	if (!d || S_get(f, d, (size_t)n) != 0)
		return -1;
	r->text.len += (size_t)n;
	d[n] = '\0';
	r->text.len++; /* keep the NUL between cells */
	return 0;
}

/* Reads the next record; 1, 0 at the end of the file, -1 on a read error or short record. */
static int S_next(FILE *f, const sb_bank *b, size_t n_keep, S_rec *r)
{
	if (fread(&r->row, 1, sizeof r->row, f) != sizeof r->row)
		return ferror(f) ? -1 : 0;
	sb_buf_reset(&r->text);
	size_t id_off;
	if (S_get_text(f, r, &id_off, &r->id_len) != 0)
		return -1;
	for (size_t k = 0; k < n_keep; k++)
		if (S_get_text(f, r, &r->kept_off[k], &r->kept_len[k]) != 0)
			return -1;
	for (size_t i = 0; i < b->n_scales; i++)
		if (S_get(f, &r->score[i], sizeof r->score[i]) != 0 ||
		    S_get(f, &r->band[i], sizeof r->band[i]) != 0 ||
		    S_get(f, &r->answered[i], sizeof r->answered[i]) != 0 ||
		    S_get(f, &r->items[i], sizeof r->items[i]) != 0)
			return -1;
	if (S_get(f, &r->style, sizeof r->style) != 0 || S_get(f, &r->flags, sizeof r->flags) != 0)
		return -1;
	r->id = r->text.data + id_off;
	for (size_t k = 0; k < n_keep; k++)
		r->kept[k] = r->text.data + r->kept_off[k];
	return 1;
}

/* text cut to at most max bytes at a character boundary, into out (max + 1 bytes). */
static const char *S_cut(const char *text, size_t max, char *out)
{
	size_t n = strlen(text);
	if (n <= max)
		return text;
	n = max;
	while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, text, n);
	out[n] = '\0';
	return out;
}

typedef struct {
	const sb_statfile_opts *o;
} S_sink_ctx;

/* libreadstat takes the count as a size_t and fails a write only when it is short: -1 would
 * read as SIZE_MAX, a success. A failing sink is therefore passed on as 0 bytes written. */
static ssize_t S_sink(const void *data, size_t len, void *ctx)
{
	const S_sink_ctx *s = ctx;
	ssize_t n = s->o->sink(data, len, s->o->sink_ctx);
	return n < 0 ? 0 : n;
}

/* The writer's variables, in column order. */
typedef struct {
	readstat_variable_t *id, **kept, **score, **band, **answered, **items, *style,
		*flag[SB_FLAG_COUNT];
} S_vars;

/* The flag variables' labels (texts in base/labels.c). */
static const sb_label S_flag_label[SB_FLAG_COUNT] = {
	[SB_FLAG_LONGSTRING] = SB_LABEL_VAR_FLAG_LONGSTRING,
	[SB_FLAG_LOW_IRV] = SB_LABEL_VAR_FLAG_LOW_IRV,
	[SB_FLAG_INCONSISTENT] = SB_LABEL_VAR_FLAG_INCONSISTENT,
	[SB_FLAG_MISSING] = SB_LABEL_VAR_FLAG_MISSING,
};

/* Variable label "<scale name><suffix>", cut to what both formats hold. */
static void S_label(readstat_variable_t *v, sb_buf *tmp, const char *name, const char *suffix)
{
	char cut[81];
	sb_buf_reset(tmp);
	sb_buf_puts(tmp, name);
	sb_buf_puts(tmp, suffix);
	if (!tmp->failed)
		readstat_variable_set_label(v, S_cut(tmp->data, 80, cut));
}

static sb_status S_fail(sb_diags *d, readstat_error_t e, const char *what)
{
	if (e == READSTAT_ERROR_MALLOC)
		return SB_ERR_INTERNAL;
	if (e == READSTAT_ERROR_WRITE) {
		sb_diags_add(d, NULL, 0, 0, "cannot write the data file");
		return SB_ERR_IO;
	}
	sb_diags_add(d, NULL, 0, 0, "libreadstat: %s: %s", what, readstat_error_message(e));
	return SB_ERR_INTERNAL;
}

/* One sav/dta file being written: what S_write was given and what its steps share. */
typedef struct {
	const sb_bank *b;
	const sb_statfile_opts *o;
	FILE *spill;
	sb_diags *d;
	bool dta;
	sb_lang l;
	size_t ns, nk;
	S_rec r;      /* the row being read back */
	S_vars v;     /* the file's variables */
	sb_buf tmp;
	size_t *kept_w;                        /* widest cell of each kept column */
	size_t id_w;                           /* widest id */
	long rows;
	char (*names)[SB_STAT_NAME_MAX + 1];   /* variable names, in the CSV's column order */
	readstat_writer_t *w;
} S_file;

/* Reads the next spilled row into f->r: 1, 0 at the end, or -1 after setting *st (and
 * reporting a read error). */
static int S_read_row(S_file *f, sb_status *st)
{
	int got = S_next(f->spill, f->b, f->nk, &f->r);
	if (got >= 0 && !f->r.text.failed)
		return got;
	*st = f->r.text.failed ? SB_ERR_INTERNAL : SB_ERR_IO;
	if (!f->r.text.failed)
		sb_diags_add(f->d, NULL, 0, 0, "cannot read back the temporary file of scored rows: %s",
		             ferror(f->spill) ? strerror(errno) : "short record");
	return -1;
}

/* First pass: the rows and the widest id and kept cells; a cell wider than the format allows
 * is bad data. */
static sb_status S_measure(S_file *f)
{
	const size_t width_max = f->dta ? 2045 : 32767;
	sb_status st = SB_OK;
	f->id_w = 1;
	rewind(f->spill);
	for (int got; (got = S_read_row(f, &st)) != 0; f->rows++) {
		if (got < 0)
			return st;
		const S_rec *r = &f->r;
		if (r->id_len > f->id_w)
			f->id_w = r->id_len;
		size_t longest = r->id_len;
		const char *what = "id";
		for (size_t k = 0; k < f->nk; k++) {
			if (r->kept_len[k] > f->kept_w[k])
				f->kept_w[k] = r->kept_len[k];
			if (r->kept_len[k] > longest) {
				longest = r->kept_len[k];
				what = f->o->keep[k];
			}
		}
		if (longest > width_max) {
			sb_diags_add(f->d, f->o->in_name, r->row, 0,
			             "%s holds %zu bytes; a %s string holds at most %zu", what, longest,
			             f->dta ? "Stata" : "SPSS", width_max);
			st = SB_ERR_DATA;
		}
	}
	return st;
}

/* Names: the output's own columns first (id, four per scale, style, the flags), then the kept
 * ones, each made valid and unique by sb_statfile_name. */
static sb_status S_names(S_file *f)
{
	char (*names)[SB_STAT_NAME_MAX + 1] = f->names;
	size_t n = 0;
	sb_statfile_name("id", names[n], (const char(*)[SB_STAT_NAME_MAX + 1])names, n);
	n++;
	static const char *const suffix[4] = { "", "_band", "_answered_n", "_items" };
	for (size_t i = 0; i < f->ns; i++)
		for (int s = 0; s < 4; s++) {
			sb_buf_reset(&f->tmp);
			sb_buf_printf(&f->tmp, "%s%s", f->b->scales[i].id, suffix[s]);
			if (f->tmp.failed)
				return SB_ERR_INTERNAL;
			sb_statfile_name(f->tmp.data, names[n], (const char(*)[SB_STAT_NAME_MAX + 1])names, n);
			n++;
		}
	sb_statfile_name("style", names[n], (const char(*)[SB_STAT_NAME_MAX + 1])names, n);
	n++;
	for (int k = 0; k < SB_FLAG_COUNT; k++) {
		char fl[SB_STAT_NAME_MAX + 1];
		snprintf(fl, sizeof fl, "flag_%s", sb_quality_flag_name(k));
		sb_statfile_name(fl, names[n], (const char(*)[SB_STAT_NAME_MAX + 1])names, n);
		n++;
	}
	for (size_t k = 0; k < f->nk; k++, n++)
		sb_statfile_name(f->o->keep[k], names[n], (const char(*)[SB_STAT_NAME_MAX + 1])names, n);
	return SB_OK;
}

/* Value labels (each scale's bands, 1, 2, ... in the bank's order; the styles; no/yes) and the
 * variables with their labels and measures, in the CSV's column order. */
static sb_status S_variables(S_file *f)
{
	const sb_bank *b = f->b;
	const sb_lang l = f->l;
	readstat_writer_t *w = f->w;
	S_vars *v = &f->v;
	char cut[81];
	readstat_label_set_t **band_sets = sb_calloc(f->ns + 1, sizeof *band_sets);
	if (!band_sets)
		return SB_ERR_INTERNAL;
	for (size_t i = 0; i < f->ns; i++) {
		char set[32];
		snprintf(set, sizeof set, "bands%zu", i + 1);
		band_sets[i] = readstat_add_label_set(w, READSTAT_TYPE_INT32, set);
		for (size_t k = 0; k < b->scales[i].n_bands; k++)
			readstat_label_int32_value(band_sets[i], (int32_t)k + 1,
			                           S_cut(sb_text_get(&b->scales[i].bands[k].label, l), 80,
			                                 cut));
	}
	readstat_label_set_t *style_set = NULL;
	if (b->attachment.present) {
		style_set = readstat_add_label_set(w, READSTAT_TYPE_INT32, "styles");
		for (int k = 0; k < SB_STYLE_COUNT; k++)
			readstat_label_int32_value(style_set, k + 1,
			                           S_cut(sb_text_get(&b->attachment.styles[k].name, l), 80,
			                                 cut));
	}
	readstat_label_set_t *noyes = readstat_add_label_set(w, READSTAT_TYPE_INT32, "noyes");
	readstat_label_int32_value(noyes, 0, sb_label_text(l, SB_LABEL_NO));
	readstat_label_int32_value(noyes, 1, sb_label_text(l, SB_LABEL_YES));

	size_t at = 0;
	v->id = readstat_add_variable(w, f->names[at++], READSTAT_TYPE_STRING, f->id_w);
	readstat_variable_set_label(v->id, sb_label_text(l, SB_LABEL_VAR_RESPONDENT_ID));
	size_t kept_at = 1 + 4 * f->ns + 1 + SB_FLAG_COUNT;
	for (size_t k = 0; k < f->nk; k++) {
		v->kept[k] = readstat_add_variable(w, f->names[kept_at + k], READSTAT_TYPE_STRING,
		                                   f->kept_w[k] ? f->kept_w[k] : 1);
		S_label(v->kept[k], &f->tmp, f->o->keep[k], "");
	}
	for (size_t i = 0; i < f->ns; i++) {
		const char *sname = sb_text_get(&b->scales[i].name, l);
		v->score[i] = readstat_add_variable(w, f->names[at++], READSTAT_TYPE_DOUBLE, 0);
		S_label(v->score[i], &f->tmp, sname, "");
		readstat_variable_set_measure(v->score[i], READSTAT_MEASURE_SCALE);
		if (!f->dta)
			readstat_variable_set_format(v->score[i], "F12.9");
		v->band[i] = readstat_add_variable(w, f->names[at++], READSTAT_TYPE_INT32, 0);
		S_label(v->band[i], &f->tmp, sname, sb_label_text(l, SB_LABEL_VAR_BAND));
		readstat_variable_set_label_set(v->band[i], band_sets[i]);
		readstat_variable_set_measure(v->band[i], READSTAT_MEASURE_ORDINAL);
		v->answered[i] = readstat_add_variable(w, f->names[at++], READSTAT_TYPE_INT32, 0);
		S_label(v->answered[i], &f->tmp, sname, sb_label_text(l, SB_LABEL_VAR_ANSWERED));
		readstat_variable_set_measure(v->answered[i], READSTAT_MEASURE_SCALE);
		v->items[i] = readstat_add_variable(w, f->names[at++], READSTAT_TYPE_INT32, 0);
		S_label(v->items[i], &f->tmp, sname, sb_label_text(l, SB_LABEL_VAR_ITEMS));
		readstat_variable_set_measure(v->items[i], READSTAT_MEASURE_SCALE);
	}
	sb_free(band_sets);
	v->style = readstat_add_variable(w, f->names[at++], READSTAT_TYPE_INT32, 0);
	readstat_variable_set_label(v->style, sb_label_text(l, SB_LABEL_VAR_STYLE));
	readstat_variable_set_measure(v->style, READSTAT_MEASURE_NOMINAL);
	if (style_set)
		readstat_variable_set_label_set(v->style, style_set);
	for (int k = 0; k < SB_FLAG_COUNT; k++) {
		v->flag[k] = readstat_add_variable(w, f->names[at++], READSTAT_TYPE_INT32, 0);
		readstat_variable_set_label(v->flag[k], sb_label_text(l, S_flag_label[k]));
		readstat_variable_set_label_set(v->flag[k], noyes);
		readstat_variable_set_measure(v->flag[k], READSTAT_MEASURE_NOMINAL);
	}
	return f->tmp.failed ? SB_ERR_INTERNAL : SB_OK;
}

/* One spilled row as a row of the file. readstat keeps the order of readstat_add_variable: id,
 * kept, scales, style, flags. */
static readstat_error_t S_insert_row(S_file *f)
{
	readstat_writer_t *w = f->w;
	const S_rec *r = &f->r;
	const S_vars *v = &f->v;
	readstat_error_t e = readstat_begin_row(w);
	if (e == READSTAT_OK)
		e = readstat_insert_string_value(w, v->id, r->id);
	for (size_t k = 0; k < f->nk && e == READSTAT_OK; k++)
		e = readstat_insert_string_value(w, v->kept[k], r->kept[k]);
	for (size_t i = 0; i < f->ns && e == READSTAT_OK; i++) {
		e = isnan(r->score[i]) ? readstat_insert_missing_value(w, v->score[i])
		                       : readstat_insert_double_value(w, v->score[i], r->score[i]);
		if (e == READSTAT_OK)
			e = r->band[i] < 0 ? readstat_insert_missing_value(w, v->band[i])
			                   : readstat_insert_int32_value(w, v->band[i], r->band[i] + 1);
		if (e == READSTAT_OK)
			e = readstat_insert_int32_value(w, v->answered[i], (int32_t)r->answered[i]);
		if (e == READSTAT_OK)
			e = readstat_insert_int32_value(w, v->items[i], (int32_t)r->items[i]);
	}
	if (e == READSTAT_OK)
		e = r->style < 0 ? readstat_insert_missing_value(w, v->style)
		                 : readstat_insert_int32_value(w, v->style, r->style + 1);
	for (int k = 0; k < SB_FLAG_COUNT && e == READSTAT_OK; k++)
		e = readstat_insert_int32_value(w, v->flag[k], (r->flags >> k) & 1);
	if (e == READSTAT_OK)
		e = readstat_end_row(w);
	return e;
}

/* The writer, its file label and version, the variables, then the second pass: every row. */
static sb_status S_emit(S_file *f)
{
	sb_status st = SB_OK;
	if (!(f->w = readstat_writer_init()))
		return SB_ERR_INTERNAL;
	readstat_error_t e = readstat_set_data_writer(f->w, S_sink);
	char cut[81];
	if (e == READSTAT_OK)
		e = readstat_writer_set_file_label(f->w, S_cut(sb_text_get(&f->b->title, f->l), 64, cut));
	if (e == READSTAT_OK && f->dta)
		e = readstat_writer_set_file_format_version(f->w, 118); /* Stata 14 and later: UTF-8 */
	if (e != READSTAT_OK)
		return S_fail(f->d, e, "setting up the file");
	if ((st = S_variables(f)) != SB_OK)
		return st;
	S_sink_ctx sc = { .o = f->o };
	e = f->dta ? readstat_begin_writing_dta(f->w, &sc, f->rows)
	           : readstat_begin_writing_sav(f->w, &sc, f->rows);
	if (e != READSTAT_OK)
		return S_fail(f->d, e, "starting the file");
	rewind(f->spill);
	for (int got; e == READSTAT_OK && (got = S_read_row(f, &st)) != 0;) {
		if (got < 0)
			return st;
		e = S_insert_row(f);
	}
	if (e == READSTAT_OK)
		e = readstat_end_writing(f->w);
	return e != READSTAT_OK ? S_fail(f->d, e, "writing a row") : SB_OK;
}

static sb_status S_write(const sb_bank *b, const sb_statfile_opts *o, FILE *spill, sb_diags *d)
{
	const size_t ns = b->n_scales, nk = o->n_keep;
	S_file f = { .b = b, .o = o, .spill = spill, .d = d, .dta = o->format == SB_STAT_DTA,
	             .l = o->lang, .ns = ns, .nk = nk };
	sb_status st = SB_ERR_INTERNAL;
	f.kept_w = sb_calloc(nk + 1, sizeof *f.kept_w);
	f.names = sb_calloc(1 + nk + 4 * ns + 1 + SB_FLAG_COUNT, sizeof *f.names);
	f.r.kept = sb_calloc(nk + 1, sizeof *f.r.kept);
	f.r.kept_len = sb_calloc(nk + 1, sizeof *f.r.kept_len);
	f.r.kept_off = sb_calloc(nk + 1, sizeof *f.r.kept_off);
	f.r.score = sb_calloc(ns + 1, sizeof *f.r.score);
	f.r.band = sb_calloc(ns + 1, sizeof *f.r.band);
	f.r.answered = sb_calloc(ns + 1, sizeof *f.r.answered);
	f.r.items = sb_calloc(ns + 1, sizeof *f.r.items);
	f.v.kept = sb_calloc(nk + 1, sizeof *f.v.kept);
	f.v.score = sb_calloc(ns + 1, sizeof *f.v.score);
	f.v.band = sb_calloc(ns + 1, sizeof *f.v.band);
	f.v.answered = sb_calloc(ns + 1, sizeof *f.v.answered);
	f.v.items = sb_calloc(ns + 1, sizeof *f.v.items);
	if (f.kept_w && f.names && f.r.kept && f.r.kept_len && f.r.kept_off && f.r.score && f.r.band &&
	    f.r.answered && f.r.items && f.v.kept && f.v.score && f.v.band && f.v.answered &&
	    f.v.items && (st = S_measure(&f)) == SB_OK && (st = S_names(&f)) == SB_OK)
		st = S_emit(&f);
	if (f.w)
		readstat_writer_free(f.w);
	sb_buf_free(&f.tmp);
	sb_buf_free(&f.r.text);
	sb_free(f.kept_w);
	sb_free(f.names);
	sb_free(f.r.kept);
	sb_free(f.r.kept_len);
	sb_free(f.r.kept_off);
	sb_free(f.r.score);
	sb_free(f.r.band);
	sb_free(f.r.answered);
	sb_free(f.r.items);
	sb_free(f.v.kept);
	sb_free(f.v.score);
	sb_free(f.v.band);
	sb_free(f.v.answered);
	sb_free(f.v.items);
	return st;
}

#endif

bool sb_statfile_available(void)
{
#ifdef SB_WITH_READSTAT
	return true;
#else
	return false;
#endif
}

sb_status sb_statfile_write(const sb_bank *b, const sb_statfile_opts *o, FILE *spill,
                            sb_diags *d)
{
#ifdef SB_WITH_READSTAT
	return S_write(b, o, spill, d);
#else
	(void)b;
	(void)o;
	(void)spill;
	sb_diags_add(d, NULL, 0, 0, "SPSS and Stata output is not built into this securebase");
	return SB_ERR_UNAVAILABLE;
#endif
}

/* SPDX-License-Identifier: MIT */
/* securebase.c — libsecurebase: the public interface (include/securebase.h) over the layers below;
 * it only translates (opaque types, status values, error lists) and decides nothing itself. */
#include "securebase.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/bank.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/error.h"
#include "base/lang.h"
#include "data/answers.h"
#include "render/render.h"
#include "report/doc.h"
#include "report/report.h"
#include "score/score.h"

_Static_assert(SECUREBASE_MISSING == SB_MISSING, "the public missing value is the engine's");

struct securebase_errors {
	sb_diags d;
};

struct securebase_bank {
	sb_bank *b;
};

struct securebase_result {
	const sb_bank *b;
	sb_result res;
	int *answers; /* b->n_items, as scored */
	char flags[SB_QUALITY_FLAGS_MAX];
};

struct securebase_report {
	const securebase_result *r;
	sb_report_opts o;
	char *respondent, *date;
	sb_doc *doc;
};

/* The public status of an engine status: the sysexits.h value the CLI exits with. */
static securebase_status S_status(sb_status s)
{
	return (securebase_status)sb_status_exit(s);
}

/* Where a call's problems go: the caller's list, or a scratch list the call frees. */
static sb_diags *S_diags(securebase_errors *e, sb_diags *scratch)
{
	return e ? &e->d : scratch;
}

/* ---- version, errors, memory ---- */

int securebase_version(void)
{
	return SECUREBASE_VERSION;
}

const char *securebase_version_string(void)
{
	return SECUREBASE_VERSION_STRING;
}

securebase_errors *securebase_errors_new(void)
{
	return sb_calloc(1, sizeof(securebase_errors));
}

void securebase_errors_free(securebase_errors *e)
{
	if (!e)
		return;
	sb_diags_free(&e->d);
	sb_free(e);
}

void securebase_errors_clear(securebase_errors *e)
{
	if (e)
		sb_diags_clear(&e->d);
}

size_t securebase_errors_count(const securebase_errors *e)
{
	return e ? e->d.n : 0;
}

size_t securebase_errors_dropped(const securebase_errors *e)
{
	return e ? e->d.dropped : 0;
}

static const sb_diag *S_diag(const securebase_errors *e, size_t i)
{
	return e && i < e->d.n ? &e->d.v[i] : NULL;
}

const char *securebase_errors_file(const securebase_errors *e, size_t i)
{
	const sb_diag *g = S_diag(e, i);
	return g ? g->file : NULL;
}

long securebase_errors_line(const securebase_errors *e, size_t i)
{
	const sb_diag *g = S_diag(e, i);
	return g ? g->line : 0;
}

long securebase_errors_column(const securebase_errors *e, size_t i)
{
	const sb_diag *g = S_diag(e, i);
	return g ? g->column : 0;
}

const char *securebase_errors_message(const securebase_errors *e, size_t i)
{
	const sb_diag *g = S_diag(e, i);
	return g ? g->message : NULL;
}

char *securebase_errors_format(const securebase_errors *e, size_t i)
{
	const sb_diag *g = S_diag(e, i);
	if (!g)
		return NULL;
	size_t size = strlen(g->message) + (g->file ? strlen(g->file) : 0) + 64;
	char *s = sb_malloc(size);
	if (s)
		sb_diag_format(g, s, size);
	return s;
}

void securebase_free(void *p)
{
	sb_free(p);
}

/* ---- the bank ---- */

/* Wraps a loaded bank (or frees it when out of memory). */
static securebase_status S_bank_out(sb_status st, sb_bank *b, securebase_bank **out, sb_diags *d)
{
	if (st != SB_OK)
		return S_status(st);
	*out = sb_calloc(1, sizeof **out);
	if (!*out) {
		sb_bank_free(b);
		sb_diags_add(d, NULL, 0, 0, "out of memory");
		return SECUREBASE_ERR_INTERNAL;
	}
	(*out)->b = b;
	return SECUREBASE_OK;
}

securebase_status securebase_bank_load_file(const char *path, securebase_bank **out,
                                            securebase_errors *err)
{
	sb_diags scratch = { 0 }, *d = S_diags(err, &scratch);
	sb_bank *b = NULL;
	*out = NULL;
	sb_status s = sb_bank_load_file(path, &b, d);
	securebase_status st = S_bank_out(s, b, out, d);
	sb_diags_free(&scratch);
	return st;
}

securebase_status securebase_bank_load_memory(const char *data, size_t len, const char *name,
                                              securebase_bank **out, securebase_errors *err)
{
	sb_diags scratch = { 0 }, *d = S_diags(err, &scratch);
	sb_bank *b = NULL;
	*out = NULL;
	sb_status s = sb_bank_load(data, len, name, &b, d);
	securebase_status st = S_bank_out(s, b, out, d);
	sb_diags_free(&scratch);
	return st;
}

securebase_status securebase_bank_load_default(securebase_bank **out, securebase_errors *err)
{
	sb_diags scratch = { 0 }, *d = S_diags(err, &scratch);
	sb_bank *b = NULL;
	*out = NULL;
	sb_status s = sb_bank_load_embedded(&b, d);
	securebase_status st = S_bank_out(s, b, out, d);
	sb_diags_free(&scratch);
	return st;
}

void securebase_bank_free(securebase_bank *b)
{
	if (!b)
		return;
	sb_bank_free(b->b);
	sb_free(b);
}

const char *securebase_bank_id(const securebase_bank *b)
{
	return b->b->id;
}

const char *securebase_bank_version(const securebase_bank *b)
{
	return b->b->version;
}

size_t securebase_bank_item_count(const securebase_bank *b)
{
	return b->b->n_items;
}

const char *securebase_bank_item_id(const securebase_bank *b, size_t i)
{
	return i < b->b->n_items ? b->b->items[i].id : NULL;
}

void securebase_bank_item_range(const securebase_bank *b, size_t i, int *min, int *max)
{
	*min = *max = 0;
	if (i >= b->b->n_items)
		return;
	const sb_response_scale *r = &b->b->responses[b->b->items[i].response];
	*min = r->min;
	*max = r->max;
}

size_t securebase_bank_scale_count(const securebase_bank *b)
{
	return b->b->n_scales;
}

const char *securebase_bank_scale_id(const securebase_bank *b, size_t i)
{
	return i < b->b->n_scales ? b->b->scales[i].id : NULL;
}

/* ---- scoring ---- */

static securebase_result *S_result_new(const sb_bank *b)
{
	securebase_result *r = sb_calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->b = b;
	r->answers = sb_calloc(b->n_items ? b->n_items : 1, sizeof *r->answers);
	if (!r->answers || sb_result_init(&r->res, b) != SB_OK) {
		securebase_result_free(r);
		return NULL;
	}
	return r;
}

/* Scores r->answers (already checked) and keeps what the accessors hand out. */
static void S_result_score(securebase_result *r)
{
	sb_score(r->b, r->answers, &r->res);
	sb_quality_flags(&r->res.quality, r->flags, sizeof r->flags);
}

securebase_status securebase_score(const securebase_bank *bank, const int *answers, size_t n,
                                   securebase_result **out, securebase_errors *err)
{
	sb_diags scratch = { 0 }, *d = S_diags(err, &scratch);
	const sb_bank *b = bank->b;
	securebase_status st = SECUREBASE_OK;
	*out = NULL;
	if (n != b->n_items) {
		sb_diags_add(d, "answers", 0, 0, "%zu answers given; the bank has %zu items", n,
		             b->n_items);
		st = SECUREBASE_ERR_USAGE;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const sb_response_scale *rs = &b->responses[b->items[i].response];
		if (answers[i] != SECUREBASE_MISSING && (answers[i] < rs->min || answers[i] > rs->max)) {
			sb_diags_add(d, "answers", 1, (long)i + 1,
			             "value %d of item '%s' is outside %d..%d", answers[i], b->items[i].id,
			             rs->min, rs->max);
			st = SECUREBASE_ERR_DATA;
		}
	}
	if (st != SECUREBASE_OK)
		goto done;
	securebase_result *r = S_result_new(b);
	if (!r) {
		sb_diags_add(d, NULL, 0, 0, "out of memory");
		st = SECUREBASE_ERR_INTERNAL;
		goto done;
	}
	if (n)
		memcpy(r->answers, answers, n * sizeof *answers);
	S_result_score(r);
	*out = r;
done:
	sb_diags_free(&scratch);
	return st;
}

void securebase_result_free(securebase_result *r)
{
	if (!r)
		return;
	sb_result_free(&r->res);
	sb_free(r->answers);
	sb_free(r);
}

size_t securebase_result_scale_count(const securebase_result *r)
{
	return r->res.n_scales;
}

const char *securebase_result_scale_id(const securebase_result *r, size_t i)
{
	return i < r->res.n_scales ? r->b->scales[i].id : NULL;
}

int securebase_result_scored(const securebase_result *r, size_t i)
{
	return i < r->res.n_scales && r->res.scales[i].scored;
}

double securebase_result_score(const securebase_result *r, size_t i)
{
	return securebase_result_scored(r, i) ? r->res.scales[i].score : NAN;
}

const char *securebase_result_band(const securebase_result *r, size_t i)
{
	if (!securebase_result_scored(r, i) || r->res.scales[i].band == SB_NONE)
		return NULL;
	return r->b->scales[i].bands[r->res.scales[i].band].id;
}

size_t securebase_result_answered(const securebase_result *r, size_t i, size_t *n_items)
{
	bool ok = i < r->res.n_scales;
	if (n_items)
		*n_items = ok ? r->res.scales[i].n_items : 0;
	return ok ? r->res.scales[i].answered : 0;
}

const char *securebase_result_style(const securebase_result *r)
{
	return r->res.has_style ? sb_style_id(r->res.style) : NULL;
}

int securebase_result_near_boundary(const securebase_result *r)
{
	return r->res.has_style && r->res.near_boundary;
}

unsigned securebase_result_flags(const securebase_result *r)
{
	const sb_quality *q = &r->res.quality;
	return (q->flag_longstring ? SECUREBASE_FLAG_LONGSTRING : 0u) |
	       (q->flag_irv ? SECUREBASE_FLAG_LOW_IRV : 0u) |
	       (q->flag_inconsistent ? SECUREBASE_FLAG_INCONSISTENT : 0u) |
	       (q->flag_missing ? SECUREBASE_FLAG_MISSING : 0u);
}

const char *securebase_result_flags_text(const securebase_result *r)
{
	return r->flags;
}

/* ---- an answers CSV ---- */

securebase_status securebase_score_csv(const securebase_bank *bank, int fd, const char *name,
                                       securebase_row_fn on_row, void *user,
                                       securebase_errors *err)
{
	sb_diags scratch = { 0 }, *d = S_diags(err, &scratch);
	const sb_bank *b = bank->b;
	sb_answers_opts o = { .name = name ? name : "-" };
	sb_answers *a = NULL;
	securebase_result *r = NULL;
	sb_status s = sb_answers_open_fd(b, fd, &o, &a, d);
	securebase_status st = S_status(s);
	bool rejected = false;
	if (s != SB_OK)
		goto done;
	if (!(r = S_result_new(b))) {
		sb_diags_add(d, NULL, 0, 0, "out of memory");
		st = SECUREBASE_ERR_INTERNAL;
		goto done;
	}
	for (;;) {
		sb_answer_row row;
		if ((s = sb_answers_next(a, &row, d)) != SB_OK) {
			st = S_status(s);
			goto done;
		}
		if (row.kind == SB_ANSWER_END)
			break;
		if (row.kind == SB_ANSWER_REJECT) {
			sb_diags_add(d, o.name, row.row, row.column, "%s", row.reason);
			rejected = true;
			continue;
		}
		if (b->n_items)
			memcpy(r->answers, row.values, b->n_items * sizeof *r->answers);
		S_result_score(r);
		if (on_row && on_row(user, row.row, row.id, r) != 0) {
			st = SECUREBASE_STOPPED;
			goto done;
		}
	}
	st = rejected ? SECUREBASE_ERR_DATA : SECUREBASE_OK;
done:
	securebase_result_free(r);
	sb_answers_close(a);
	sb_diags_free(&scratch);
	return st;
}

/* ---- reports ---- */

static char *S_dup_or_null(const char *s, bool *oom)
{
	if (!s)
		return NULL;
	char *c = sb_strdup(s);
	if (!c)
		*oom = true;
	return c;
}

securebase_status securebase_report_new(const securebase_result *r, const char *lang,
                                        const char *audience, const char *respondent,
                                        const char *date, securebase_report **out,
                                        securebase_errors *err)
{
	sb_diags scratch = { 0 }, *d = S_diags(err, &scratch);
	securebase_report *rep = NULL;
	sb_lang l;
	sb_audience au;
	securebase_status st = SECUREBASE_OK;
	*out = NULL;
	if (!lang || (strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0) ||
	    sb_lang_parse(lang, &l) != 0) {
		sb_diags_add(d, NULL, 0, 0, "unknown language '%s' (expected zh or en)",
		             lang ? lang : "(null)");
		st = SECUREBASE_ERR_USAGE;
	}
	if (!audience || sb_audience_parse(audience, &au) != 0) {
		sb_diags_add(d, NULL, 0, 0, "unknown audience '%s' (expected self or counsellor)",
		             audience ? audience : "(null)");
		st = SECUREBASE_ERR_USAGE;
	}
	if (st != SECUREBASE_OK)
		goto done;
	bool oom = !(rep = sb_calloc(1, sizeof *rep));
	if (!oom) {
		rep->r = r;
		rep->respondent = S_dup_or_null(respondent, &oom);
		rep->date = S_dup_or_null(date, &oom);
		rep->o = (sb_report_opts){ .lang = l, .audience = au, .respondent = rep->respondent,
		                           .date = rep->date };
	}
	if (oom) {
		sb_diags_add(d, NULL, 0, 0, "out of memory");
		st = SECUREBASE_ERR_INTERNAL;
		goto done;
	}
	st = S_status(sb_report_build(r->b, &r->res, r->answers, &rep->o, &rep->doc, d));
	if (st == SECUREBASE_OK) {
		*out = rep;
		rep = NULL;
	}
done:
	securebase_report_free(rep);
	sb_diags_free(&scratch);
	return st;
}

void securebase_report_free(securebase_report *rep)
{
	if (!rep)
		return;
	sb_doc_free(rep->doc);
	sb_free(rep->respondent);
	sb_free(rep->date);
	sb_free(rep);
}

int securebase_format_available(const char *format)
{
	sb_format f;
	return format && sb_format_parse(format, &f) == 0 && sb_format_available(f);
}

securebase_status securebase_report_render(const securebase_report *rep, const char *format,
                                           char **out, size_t *len, securebase_errors *err)
{
	sb_diags scratch = { 0 }, *d = S_diags(err, &scratch);
	sb_format f;
	sb_buf buf = { 0 };
	securebase_status st;
	*out = NULL;
	*len = 0;
	if (!format || sb_format_parse(format, &f) != 0) {
		sb_diags_add(d, NULL, 0, 0,
		             "unknown format '%s' (expected text, md, html, json or pdf)",
		             format ? format : "(null)");
		st = SECUREBASE_ERR_USAGE;
		goto done;
	}
	if (f == SB_FORMAT_JSON) {
		/* As `report --format json`: the report JSON with scores, not the document model. */
		const securebase_result *r = rep->r;
		st = S_status(sb_report_json(r->b, &r->res, r->answers, &rep->o, &buf, d));
	} else {
		/* As written to a file (-o): 80 columns, no colour, Unicode allowed. */
		sb_render_opts ro = { .width = 80, .color = false, .unicode = true };
		st = S_status(sb_render(rep->doc, f, &ro, &buf, d));
	}
	if (st == SECUREBASE_OK && !buf.failed && !buf.data)
		sb_buf_putc(&buf, '\0'), buf.len = 0; /* an empty output is still a string */
	if (st == SECUREBASE_OK && buf.failed) {
		sb_diags_add(d, NULL, 0, 0, "out of memory");
		st = SECUREBASE_ERR_INTERNAL;
	}
	if (st == SECUREBASE_OK)
		*out = sb_buf_detach(&buf, len);
done:
	sb_buf_free(&buf);
	sb_diags_free(&scratch);
	return st;
}

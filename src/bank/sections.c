/* SPDX-License-Identifier: MIT */
/* sections.c — the bank's list sections walked against the schema in questions/README.md:
 * response scales, steps, texts, scales (with norms and bands) and items. */
#include "bank/load_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* Responses scales may have at most this many values (README: "at most 100 values in all"). */
#define S_MAX_VALUES 100

/* ---- phase 2: the sections ---- */

void sb_ld_response(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_response_scale *r)
{
	enum { F_ID, F_MIN, F_MAX, F_LABELS, F_N };
	static const sb_ld_field f[F_N] = {
		[F_ID] = { "id", true },
		[F_MIN] = { "min", true },
		[F_MAX] = { "max", true },
		[F_LABELS] = { "labels", true },
	};
	const sb_ld_node *v[F_N];
	char where[128], path[300];
	sb_ld_elem(where, sizeof where, "response scale", m, i);
	if (!sb_ld_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = sb_ld_id(c, v[F_ID], sb_ld_path(path, sizeof path, "id", where));
		if (id)
			r->id = sb_ld_dup(c, id);
	}
	long lo = 0, hi = 0;
	bool ok = v[F_MIN] && sb_ld_long(c, v[F_MIN], sb_ld_path(path, sizeof path, "min", where), &lo);
	ok = v[F_MAX] && sb_ld_long(c, v[F_MAX], sb_ld_path(path, sizeof path, "max", where), &hi) &&
	     ok;
	if (ok && (lo < INT_MIN / 2 || lo > INT_MAX / 2)) {
		sb_ld_err(c, v[F_MIN], "min %ld of %s is too large", lo, where);
		ok = false;
	} else if (ok && hi <= lo) {
		sb_ld_err(c, v[F_MAX], "max %ld of %s is not above its min %ld (expected max > min)", hi,
		          where, lo);
		ok = false;
	} else if (ok && hi - lo + 1 > S_MAX_VALUES) {
		sb_ld_err(c, v[F_MAX], "%s has %ld values from %ld to %ld (expected at most %d)", where,
		          hi - lo + 1, lo, hi, S_MAX_VALUES);
		ok = false;
	}
	const sb_ld_node *lab = v[F_LABELS];
	sb_ld_path(path, sizeof path, "labels", where);
	if (!lab || !sb_ld_want(c, lab, SB_LD_MAP, "a mapping from each value to its label", path))
		return;
	if (ok) {
		r->labels = sb_calloc((size_t)(hi - lo + 1), sizeof *r->labels);
		if (!r->labels) {
			c->oom = true;
			return;
		}
		r->min = (int)lo;
		r->max = (int)hi;
	}
	const sb_ld_node *seen[S_MAX_VALUES] = { NULL };
	for (size_t k = 0; k + 1 < lab->n; k += 2) {
		const sb_ld_node *key = lab->kids[k], *val = lab->kids[k + 1];
		char lp[300];
		if (key->kind != SB_LD_SCALAR || key->dup)
			continue;
		long x = 0;
		char *end = NULL;
		errno = 0;
		if (!key->quoted && sb_ld_numeric(key, true))
			x = strtol(key->str, &end, 10);
		if (!end || *end || errno) {
			if (ok)
				sb_ld_err(c, key, "label key '%.64s' in %s is not an integer (expected %ld to %ld)",
				          key->str, path, lo, hi);
			else
				sb_ld_err(c, key, "label key '%.64s' in %s is not an integer", key->str, path);
			continue;
		}
		if (!ok) {
			snprintf(lp, sizeof lp, "label %ld of %s", x, where);
			sb_text t = { { NULL } };
			sb_ld_text(c, val, lp, false, &t);
			for (int l = 0; l < SB_LANG_COUNT; l++)
				sb_free(t.s[l]);
			continue;
		}
		if (x < lo || x > hi) {
			sb_ld_err(c, key, "label key %ld in %s is outside %ld..%ld (expected %ld to %ld)", x,
			          path, lo, hi, lo, hi);
			continue;
		}
		if (seen[x - lo]) {
			sb_ld_err(c, key, "label for %ld given twice in %s (first on line %ld)", x, path,
			          seen[x - lo]->line);
			continue;
		}
		seen[x - lo] = key;
		snprintf(lp, sizeof lp, "label %ld of %s", x, where);
		sb_ld_text(c, val, lp, false, &r->labels[x - lo]);
	}
	if (!ok)
		return;
	for (long x = lo; x <= hi; x++)
		if (!seen[x - lo])
			sb_ld_err(c, lab, "missing label for %ld in %s (expected a label for every value from "
			          "%ld to %ld)", x, path, lo, hi);
}

void sb_ld_step(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_step *s)
{
	enum { F_ID, F_TITLE, F_SUMMARY, F_ACTIONS, F_PARTNER, F_N };
	static const sb_ld_field f[F_N] = {
		[F_ID] = { "id", true },
		[F_TITLE] = { "title", true },
		[F_SUMMARY] = { "summary", true },
		[F_ACTIONS] = { "actions", true },
		[F_PARTNER] = { "with_partner", false },
	};
	const sb_ld_node *v[F_N];
	char where[128], path[300];
	sb_ld_elem(where, sizeof where, "step", m, i);
	if (!sb_ld_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = sb_ld_id(c, v[F_ID], sb_ld_path(path, sizeof path, "id", where));
		if (id)
			s->id = sb_ld_dup(c, id);
	}
	if (v[F_TITLE])
		sb_ld_text(c, v[F_TITLE], sb_ld_path(path, sizeof path, "title", where), false, &s->title);
	if (v[F_PARTNER])
		sb_ld_bool(c, v[F_PARTNER], sb_ld_path(path, sizeof path, "with_partner", where),
		           &s->with_partner);
	if (v[F_SUMMARY])
		sb_ld_text(c, v[F_SUMMARY], sb_ld_path(path, sizeof path, "summary", where), false,
		           &s->summary);
	if (v[F_ACTIONS])
		sb_ld_text_list(c, v[F_ACTIONS], "actions", where, "action", 1, &s->actions,
		                &s->n_actions);
}

void sb_ld_texts(sb_ld_ctx *c, const sb_ld_node *m)
{
	sb_texts *t = &c->b->texts;
	static const sb_ld_field f[] = {
		{ "about", true },       { "instructions", true },      { "disclaimer", true },
		{ "why_it_matters", true }, { "professional_help", true }, { "local_help", false },
		{ "emergency", true },   { "closing", true },
		/* Optional: only comparison reports use them, so older banks still load. */
		{ "couple_note", false }, { "retest_note", false }, { "retest_no_verdict", false },
		/* Optional (bank 2.0): care and safety. */
		{ "common_worry", false }, { "safety", false }, { "safety_help", false },
		{ "safety_endorsed", false }, { "unreadable", false }, { "credits", false },
		/* Optional: interpretive sentences with a compiled-in fallback (bank.h). */
		{ "near_boundary", false }, { "retest_direction", false },
		{ "couple_no_pattern", false }, { "dimension_near", false },
		{ "dimension_above", false }, { "dimension_below", false },
	};
	enum { N = sizeof f / sizeof f[0] };
	sb_text *out[N] = { &t->about,   &t->instructions,     &t->disclaimer, &t->why_it_matters,
		            &t->professional_help, &t->local_help, &t->emergency,  &t->closing,
		            &t->couple_note, &t->retest_note, &t->retest_no_verdict,
		            &t->common_worry, &t->safety, &t->safety_help, &t->safety_endorsed,
		            &t->unreadable, &t->credits, &t->near_boundary, &t->retest_direction,
		            &t->couple_no_pattern, &t->dimension_near, &t->dimension_above,
		            &t->dimension_below };
	const sb_ld_node *v[N];
	char path[300];
	if (!sb_ld_fields(c, m, "texts", f, N, v))
		return;
	for (size_t i = 0; i < N; i++) {
		if (!v[i])
			continue;
		sb_ld_text(c, v[i], sb_ld_path(path, sizeof path, f[i].key, "texts"),
		           out[i] == &t->local_help, out[i]);
		/* The per-dimension sentences name the scale through {scale}: without it the reader
		 * would not know which score the sentence is about. */
		bool named = out[i] == &t->dimension_near || out[i] == &t->dimension_above ||
		             out[i] == &t->dimension_below;
		for (int l = 0; named && l < SB_LANG_COUNT; l++)
			if (out[i]->s[l] && !strstr(out[i]->s[l], "{scale}"))
				sb_ld_err(c, v[i], "%s (%s): must contain {scale}, where the scale's name goes",
				          path, sb_lang_code((sb_lang)l));
	}
}

static void S_norms(sb_ld_ctx *c, const sb_ld_node *m, const char *scale_where, sb_norms *o)
{
	enum { F_MEAN, F_SD, F_REL, F_N_, F_SAMPLE, F_SOURCE, F_N };
	static const sb_ld_field f[F_N] = {
		[F_MEAN] = { "mean", true },  [F_SD] = { "sd", true },
		[F_REL] = { "reliability", false }, [F_N_] = { "n", false },
		[F_SAMPLE] = { "sample", true }, [F_SOURCE] = { "source", true },
	};
	const sb_ld_node *v[F_N];
	char where[160], path[300];
	snprintf(where, sizeof where, "norms of %s", scale_where);
	if (!sb_ld_fields(c, m, where, f, F_N, v))
		return;
	o->present = true;
	o->reliability = NAN;
	if (v[F_MEAN])
		sb_ld_double(c, v[F_MEAN], sb_ld_path(path, sizeof path, "mean", where), &o->mean);
	if (v[F_SD] && sb_ld_double(c, v[F_SD], sb_ld_path(path, sizeof path, "sd", where), &o->sd) &&
	    !(o->sd > 0))
		sb_ld_err(c, v[F_SD], "sd %g of %s is not above 0 (expected a standard deviation > 0)",
		          o->sd, where);
	if (v[F_REL] &&
	    sb_ld_double(c, v[F_REL], sb_ld_path(path, sizeof path, "reliability", where),
	                 &o->reliability) &&
	    !(o->reliability >= 0 && o->reliability <= 1))
		sb_ld_err(c, v[F_REL], "reliability %g of %s is outside 0..1 (expected 0 to 1)",
		          o->reliability, where);
	if (v[F_N_] && sb_ld_long(c, v[F_N_], sb_ld_path(path, sizeof path, "n", where), &o->n) &&
	    o->n < 1)
		sb_ld_err(c, v[F_N_], "n %ld of %s is not a sample size (expected an integer >= 1)", o->n,
		          where);
	if (v[F_SAMPLE])
		sb_ld_text(c, v[F_SAMPLE], sb_ld_path(path, sizeof path, "sample", where), false,
		           &o->sample);
	if (v[F_SOURCE]) {
		const char *s = sb_ld_str(c, v[F_SOURCE], sb_ld_path(path, sizeof path, "source", where));
		if (s && s[strspn(s, " \t\r\n")] == '\0')
			sb_ld_err(c, v[F_SOURCE], "empty source in %s (expected where the norms come from)",
			          where);
		else if (s)
			o->source = sb_ld_dup(c, s);
	}
}

static void S_band(sb_ld_ctx *c, const sb_ld_node *m, size_t i, const char *scale_where, sb_band *d,
                   sb_ld_band_aux *ax)
{
	enum { F_ID, F_MIN, F_MAX, F_LABEL, F_SHOWS, F_ORIGINS, F_STEPS, F_STARTERS, F_SEEK, F_N };
	static const sb_ld_field f[F_N] = {
		[F_ID] = { "id", true },           [F_MIN] = { "min", true },
		[F_MAX] = { "max", true },         [F_LABEL] = { "label", true },
		[F_SHOWS] = { "shows_up", true },  [F_ORIGINS] = { "origins", true },
		[F_STEPS] = { "steps", true },     [F_STARTERS] = { "starters", true },
		[F_SEEK] = { "seek_help", false },
	};
	const sb_ld_node *v[F_N];
	char band[96], where[256], path[320];
	sb_ld_elem(band, sizeof band, "band", m, i);
	snprintf(where, sizeof where, "%s of %s", band, scale_where);
	if (!sb_ld_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = sb_ld_id(c, v[F_ID], sb_ld_path(path, sizeof path, "id", where));
		if (id)
			d->id = sb_ld_dup(c, id);
	}
	bool ok = v[F_MIN] &&
	          sb_ld_double(c, v[F_MIN], sb_ld_path(path, sizeof path, "min", where), &d->min);
	ok = v[F_MAX] &&
	     sb_ld_double(c, v[F_MAX], sb_ld_path(path, sizeof path, "max", where), &d->max) && ok;
	*ax = (sb_ld_band_aux){ .min = v[F_MIN], .max = v[F_MAX], .ok = ok };
	if (v[F_LABEL])
		sb_ld_text(c, v[F_LABEL], sb_ld_path(path, sizeof path, "label", where), false, &d->label);
	if (v[F_SHOWS])
		sb_ld_text(c, v[F_SHOWS], sb_ld_path(path, sizeof path, "shows_up", where), false,
		           &d->shows_up);
	if (v[F_ORIGINS])
		sb_ld_text(c, v[F_ORIGINS], sb_ld_path(path, sizeof path, "origins", where), false,
		           &d->origins);
	const sb_ld_node *st = v[F_STEPS];
	if (st &&
	    sb_ld_want(c, st, SB_LD_SEQ, "a list of step ids",
	               sb_ld_path(path, sizeof path, "steps", where)) &&
	    st->n > 0) {
		d->steps = sb_calloc(st->n, sizeof *d->steps);
		if (!d->steps) {
			c->oom = true;
		} else {
			d->n_steps = st->n;
			for (size_t k = 0; k < st->n; k++) {
				const char *id = sb_ld_str(c, st->kids[k], path);
				d->steps[k] = id ? sb_ld_lookup(&c->steps, id) : SB_NONE;
				if (id && d->steps[k] == SB_NONE) {
					char list[512];
					sb_ld_err(c, st->kids[k],
					          "unknown step '%.64s' in %s (expected one of: %s)", id, path,
					          sb_ld_id_list(list, sizeof list, c->b->steps,
					                        sizeof(sb_step), c->b->n_steps));
				}
			}
		}
	}
	if (v[F_STARTERS])
		sb_ld_text_list(c, v[F_STARTERS], "starters", where, "starter", 0, &d->starters,
		                &d->n_starters);
	if (v[F_SEEK])
		sb_ld_bool(c, v[F_SEEK], sb_ld_path(path, sizeof path, "seek_help", where), &d->seek_help);
}

void sb_ld_scale(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_scale *s, sb_ld_scale_aux *ax)
{
	enum { F_ID, F_NAME, F_DESC, F_METHOD, F_MINANS, F_NORMS, F_BANDS, F_N };
	static const sb_ld_field f[F_N] = {
		[F_ID] = { "id", true },           [F_NAME] = { "name", true },
		[F_DESC] = { "description", true }, [F_METHOD] = { "method", true },
		[F_MINANS] = { "min_answered", false }, [F_NORMS] = { "norms", false },
		[F_BANDS] = { "bands", true },
	};
	const sb_ld_node *v[F_N];
	char where[128], path[300];
	sb_ld_elem(where, sizeof where, "scale", m, i);
	ax->map = m;
	s->line = m->line;
	s->col = m->col;
	s->min_answered = 0.8;
	s->norms.reliability = NAN;
	s->response = SB_NONE;
	if (!sb_ld_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = sb_ld_id(c, v[F_ID], sb_ld_path(path, sizeof path, "id", where));
		if (id && !strcmp(id, "id"))
			sb_ld_err(c, v[F_ID], "the id 'id' is reserved for the respondent column (expected "
			          "another id for %s)", where);
		else if (id)
			s->id = sb_ld_dup(c, id);
	}
	if (v[F_NAME])
		sb_ld_text(c, v[F_NAME], sb_ld_path(path, sizeof path, "name", where), false, &s->name);
	if (v[F_DESC])
		sb_ld_text(c, v[F_DESC], sb_ld_path(path, sizeof path, "description", where), false,
		           &s->description);
	if (v[F_METHOD]) {
		const char *mt = sb_ld_str(c, v[F_METHOD], sb_ld_path(path, sizeof path, "method", where));
		if (mt && !strcmp(mt, "mean"))
			s->method = SB_METHOD_MEAN;
		else if (mt && !strcmp(mt, "sum"))
			s->method = SB_METHOD_SUM;
		else if (mt)
			sb_ld_err(c, v[F_METHOD], "unknown method '%.64s' for %s (expected mean or sum)", mt,
			          where);
	}
	if (v[F_MINANS] &&
	    sb_ld_double(c, v[F_MINANS], sb_ld_path(path, sizeof path, "min_answered", where),
	                 &s->min_answered) &&
	    !(s->min_answered > 0 && s->min_answered <= 1))
		sb_ld_err(c, v[F_MINANS],
		          "min_answered %g of %s is outside (0, 1] (expected a share above 0, at most 1)",
		          s->min_answered, where);
	if (v[F_NORMS])
		S_norms(c, v[F_NORMS], where, &s->norms);
	const sb_ld_node *bn = v[F_BANDS];
	if (!bn || !sb_ld_want(c, bn, SB_LD_SEQ, "a list of bands",
	                       sb_ld_path(path, sizeof path, "bands", where)))
		return;
	if (bn->n == 0) {
		sb_ld_err(c, bn, "expected at least one band in %s", path);
		return;
	}
	s->bands = sb_calloc(bn->n, sizeof *s->bands);
	ax->bands = sb_calloc(bn->n, sizeof *ax->bands);
	if (!s->bands || !ax->bands) {
		c->oom = true;
		return;
	}
	s->n_bands = bn->n;
	for (size_t k = 0; k < bn->n; k++)
		S_band(c, bn->kids[k], k, where, &s->bands[k], &ax->bands[k]);
	sb_ld_name *names = sb_calloc(bn->n, sizeof *names);
	if (!names) {
		c->oom = true;
		return;
	}
	size_t nn = 0;
	for (size_t k = 0; k < bn->n; k++)
		if (s->bands[k].id)
			names[nn++] = (sb_ld_name){ .id = s->bands[k].id,
			                            .node = sb_ld_get(bn->kids[k], "id"),
			                            .index = k, .kind = "band" };
	sb_ld_dups(c, names, nn);
	sb_free(names);
}

void sb_ld_item(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_item *it, sb_ld_item_aux *ax)
{
	enum { F_ID, F_SCALE, F_RESPONSE, F_REVERSE, F_TEXT, F_SAFETY, F_N };
	/* scale and reverse are required of every item but a safety item, which has neither
	 * (checked below, so the message can say why). */
	static const sb_ld_field f[F_N] = {
		[F_ID] = { "id", true },         [F_SCALE] = { "scale", false },
		[F_RESPONSE] = { "response", true }, [F_REVERSE] = { "reverse", false },
		[F_TEXT] = { "text", true },     [F_SAFETY] = { "safety", false },
	};
	const sb_ld_node *v[F_N];
	char where[128], path[300], list[512];
	sb_ld_elem(where, sizeof where, "item", m, i);
	ax->map = m;
	it->scale = it->response = SB_NONE;
	it->line = m->line;
	it->col = m->col;
	if (!sb_ld_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = sb_ld_id(c, v[F_ID], sb_ld_path(path, sizeof path, "id", where));
		if (id && !strcmp(id, "id"))
			sb_ld_err(c, v[F_ID], "the id 'id' is reserved for the respondent column (expected "
			          "another id for %s)", where);
		else if (id)
			it->id = sb_ld_dup(c, id);
	}
	if (v[F_SCALE]) {
		const char *id = sb_ld_str(c, v[F_SCALE], sb_ld_path(path, sizeof path, "scale", where));
		if (id && (it->scale = sb_ld_lookup(&c->scales, id)) == SB_NONE)
			sb_ld_err(c, v[F_SCALE], "unknown scale '%.64s' for %s (expected one of: %s)", id,
			          where, sb_ld_id_list(list, sizeof list, c->b->scales, sizeof(sb_scale),
			                               c->b->n_scales));
	}
	if (v[F_RESPONSE]) {
		ax->response = v[F_RESPONSE];
		const char *id =
			sb_ld_str(c, v[F_RESPONSE], sb_ld_path(path, sizeof path, "response", where));
		if (id && (it->response = sb_ld_lookup(&c->responses, id)) == SB_NONE)
			sb_ld_err(c, v[F_RESPONSE],
			          "unknown response scale '%.64s' for %s (expected one of: %s)", id, where,
			          sb_ld_id_list(list, sizeof list, c->b->responses,
			                        sizeof(sb_response_scale), c->b->n_responses));
	}
	if (v[F_REVERSE])
		sb_ld_bool(c, v[F_REVERSE], sb_ld_path(path, sizeof path, "reverse", where), &it->reverse);
	if (v[F_SAFETY])
		sb_ld_bool(c, v[F_SAFETY], sb_ld_path(path, sizeof path, "safety", where), &it->safety);
	if (it->safety && (v[F_SCALE] || v[F_REVERSE])) {
		sb_ld_err(c, v[F_SCALE] ? v[F_SCALE] : v[F_REVERSE],
		          "%s is a safety item, which belongs to no scale and is never scored (expected "
		          "no 'scale' or 'reverse')", where);
		it->scale = SB_NONE; /* one message, not another about the scale's response scale */
		it->reverse = false;
	}
	else if (!it->safety && (!v[F_SCALE] || !v[F_REVERSE]))
		sb_ld_err(c, m, "missing key '%s' in %s", !v[F_SCALE] ? "scale" : "reverse", where);
	if (v[F_TEXT])
		sb_ld_text(c, v[F_TEXT], sb_ld_path(path, sizeof path, "text", where), false, &it->text);
}

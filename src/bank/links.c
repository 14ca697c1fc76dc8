/* SPDX-License-Identifier: MIT */
/* links.c — the parts of the bank that refer to others, walked once scales and items are known:
 * items tied to their scales, band coverage, the attachment section and couple patterns. */
#include "bank/load_internal.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

/* Band edges and cut-offs are compared with this tolerance, so 1/3-style edges written with
 * enough digits still meet. */
#define S_EPS 1e-9

/* Ties items to scales: each scale's items, its response scale and possible range. */
void sb_ld_link(sb_ld_ctx *c)
{
	sb_bank *b = c->b;
	struct {
		size_t fill, first; /* items placed; the item that fixed the response scale */
		bool mixed;
	} *t = sb_calloc(b->n_scales, sizeof *t);
	if (!t) {
		c->oom = true;
		return;
	}
	b->n_safety_items = 0;
	for (size_t i = 0; i < b->n_items; i++) {
		if (b->items[i].scale != SB_NONE)
			b->scales[b->items[i].scale].n_items++;
		b->n_safety_items += b->items[i].safety;
	}
	for (size_t s = 0; s < b->n_scales; s++) {
		sb_scale *sc = &b->scales[s];
		if (sc->n_items && !(sc->items = sb_calloc(sc->n_items, sizeof *sc->items)))
			c->oom = true;
	}
	for (size_t i = 0; i < b->n_items; i++) {
		const sb_item *it = &b->items[i];
		size_t s = it->scale;
		if (s == SB_NONE)
			continue;
		sb_scale *sc = &b->scales[s];
		if (sc->items)
			sc->items[t[s].fill++] = i;
		if (it->response == SB_NONE || t[s].mixed)
			continue;
		if (sc->response == SB_NONE) {
			sc->response = it->response;
			t[s].first = i;
		} else if (sc->response != it->response) {
			const sb_item *f = &b->items[t[s].first];
			sb_ld_err(c, c->ix[i].response,
			          "item '%s' uses response scale '%s' but item '%s' (line %ld) of scale '%s' "
			          "uses '%s' (expected all items of a scale to share one response scale)",
			          it->id ? it->id : "?", b->responses[it->response].id,
			          f->id ? f->id : "?", c->ix[t[s].first].map->line, sc->id ? sc->id : "?",
			          b->responses[sc->response].id);
			t[s].mixed = true; /* one report per scale */
		}
	}
	for (size_t s = 0; s < b->n_scales; s++) {
		sb_scale *sc = &b->scales[s];
		sb_ld_scale_aux *ax = &c->sx[s];
		if (t[s].mixed)
			sc->response = SB_NONE;
		if (!ax->map || !sc->id)
			continue;
		if (sc->n_items < 2)
			sb_ld_err(c, ax->map, "scale '%s' has %zu item%s (expected at least 2)", sc->id,
			          sc->n_items, sc->n_items == 1 ? "" : "s");
		if (sc->response != SB_NONE && b->responses[sc->response].labels) {
			const sb_response_scale *r = &b->responses[sc->response];
			double k = sc->method == SB_METHOD_SUM ? (double)sc->n_items : 1;
			sc->lo = k * r->min;
			sc->hi = k * r->max;
			ax->range_known = true;
		}
	}
	sb_free(t);
}

/* Bands must cover the possible range exactly, in ascending order. */
void sb_ld_check_bands(sb_ld_ctx *c, size_t s)
{
	const sb_scale *sc = &c->b->scales[s];
	const sb_ld_scale_aux *ax = &c->sx[s];
	if (!ax->bands || !sc->id)
		return;
	bool rk = ax->range_known;
	const char *sid = sc->id;
	for (size_t i = 0; i < sc->n_bands; i++) {
		const sb_band *d = &sc->bands[i];
		const sb_ld_band_aux *a = &ax->bands[i];
		const char *bid = d->id ? d->id : "?";
		if (!a->ok)
			continue;
		if (rk && (d->min < sc->lo - S_EPS || d->min > sc->hi + S_EPS))
			sb_ld_err(c, a->min, "band '%s' of scale '%s' starts at %g, outside the possible "
			          "range %g..%g", bid, sid, d->min, sc->lo, sc->hi);
		if (rk && (d->max > sc->hi + S_EPS || d->max < sc->lo - S_EPS))
			sb_ld_err(c, a->max, "band '%s' of scale '%s' ends at %g, outside the possible range "
			          "%g..%g", bid, sid, d->max, sc->lo, sc->hi);
		if (d->max < d->min + S_EPS)
			sb_ld_err(c, a->max, "band '%s' of scale '%s' has max %g not above its min %g "
			          "(expected max > min)", bid, sid, d->max, d->min);
		if (i == 0) {
			if (rk && d->min > sc->lo + S_EPS && d->min <= sc->hi + S_EPS)
				sb_ld_err(c, a->min, "gap: the first band '%s' of scale '%s' starts at %g, above "
				          "the lowest possible score (expected min: %g)", bid, sid, d->min,
				          sc->lo);
		} else {
			const sb_band *p = &sc->bands[i - 1];
			const sb_ld_band_aux *pa = &ax->bands[i - 1];
			if (!pa->ok)
				continue;
			const char *pid = p->id ? p->id : "?";
			if (d->min < p->min - S_EPS)
				sb_ld_err(c, a->min, "bands of scale '%s' are not in ascending order: band '%s' "
				          "(min %g) comes after band '%s' (min %g)", sid, bid, d->min, pid, p->min);
			else if (d->min > p->max + S_EPS)
				sb_ld_err(c, a->min, "gap between band '%s' (max %g) and band '%s' (min %g) of "
				          "scale '%s' (expected min: %g)", pid, p->max, bid, d->min, sid, p->max);
			else if (d->min < p->max - S_EPS)
				sb_ld_err(c, a->min, "band '%s' (min %g) overlaps band '%s' (max %g) of scale "
				          "'%s' (expected min: %g)", bid, d->min, pid, p->max, sid, p->max);
		}
		if (i + 1 == sc->n_bands && rk && d->max < sc->hi - S_EPS &&
		    d->max >= sc->lo - S_EPS)
			sb_ld_err(c, a->max, "gap: the last band '%s' of scale '%s' ends at %g, below the "
			          "highest possible score (expected max: %g)", bid, sid, d->max, sc->hi);
	}
}

void sb_ld_attachment(sb_ld_ctx *c, const sb_ld_node *m)
{
	enum { F_ANX, F_AVO, F_ANXC, F_AVOC, F_MARGIN, F_STYLES, F_N };
	static const sb_ld_field f[F_N] = {
		[F_ANX] = { "anxiety", true },          [F_AVO] = { "avoidance", true },
		[F_ANXC] = { "anxiety_cutoff", false }, [F_AVOC] = { "avoidance_cutoff", false },
		[F_MARGIN] = { "margin", false },        [F_STYLES] = { "styles", true },
	};
	static const sb_ld_field styles[SB_STYLE_COUNT] = {
		[SB_STYLE_SECURE] = { "secure", true },
		[SB_STYLE_PREOCCUPIED] = { "preoccupied", true },
		[SB_STYLE_DISMISSIVE] = { "dismissive", true },
		[SB_STYLE_FEARFUL] = { "fearful", true },
	};
	static const sb_ld_field style[] = { { "name", true }, { "explanation", true } };
	sb_bank *b = c->b;
	sb_attachment *a = &b->attachment;
	const sb_ld_node *v[F_N];
	char path[300], list[512];
	if (!sb_ld_fields(c, m, "attachment", f, F_N, v))
		return;
	a->present = true;
	a->anxiety = a->avoidance = SB_NONE;
	a->margin = 0.25;
	size_t *which[2] = { &a->anxiety, &a->avoidance };
	double *cut[2] = { &a->anxiety_cutoff, &a->avoidance_cutoff };
	for (int k = 0; k < 2; k++) {
		const sb_ld_node *n = v[k == 0 ? F_ANX : F_AVO];
		const char *key = f[k == 0 ? F_ANX : F_AVO].key;
		if (!n)
			continue;
		const char *id = sb_ld_str(c, n, sb_ld_path(path, sizeof path, key, "attachment"));
		if (!id)
			continue;
		*which[k] = sb_ld_lookup(&c->scales, id);
		if (*which[k] == SB_NONE)
			sb_ld_err(c, n, "unknown scale '%.64s' for %s of attachment (expected one of: %s)", id,
			          key, sb_ld_id_list(list, sizeof list, b->scales, sizeof(sb_scale),
			                             b->n_scales));
		else if (k == 1 && *which[1] == a->anxiety)
			sb_ld_err(c, n, "attachment names scale '%s' for both anxiety and avoidance (expected "
			          "two different scales)", id);
	}
	for (int k = 0; k < 2; k++) {
		const sb_ld_node *n = v[k == 0 ? F_ANXC : F_AVOC];
		const char *key = f[k == 0 ? F_ANXC : F_AVOC].key;
		size_t s = *which[k];
		bool rk = s != SB_NONE && c->sx[s].range_known;
		const sb_scale *sc = s != SB_NONE ? &b->scales[s] : NULL;
		if (!n) {
			if (rk)
				*cut[k] = (sc->lo + sc->hi) / 2;
			continue;
		}
		if (sb_ld_double(c, n, sb_ld_path(path, sizeof path, key, "attachment"), cut[k]) && rk &&
		    (*cut[k] < sc->lo - S_EPS || *cut[k] > sc->hi + S_EPS))
			sb_ld_err(c, n, "%s %g of attachment is outside the possible range %g..%g of scale "
			          "'%s'", key, *cut[k], sc->lo, sc->hi, sc->id);
	}
	if (v[F_MARGIN] &&
	    sb_ld_double(c, v[F_MARGIN], sb_ld_path(path, sizeof path, "margin", "attachment"),
	                 &a->margin) &&
	    a->margin < 0)
		sb_ld_err(c, v[F_MARGIN], "margin %g of attachment is below 0 (expected 0 or more)",
		          a->margin);
	const sb_ld_node *sv[SB_STYLE_COUNT];
	if (!v[F_STYLES] || !sb_ld_fields(c, v[F_STYLES], "styles of attachment", styles,
	                                  SB_STYLE_COUNT, sv))
		return;
	for (int k = 0; k < SB_STYLE_COUNT; k++) {
		const sb_ld_node *pv[2];
		char where[96];
		if (!sv[k])
			continue;
		snprintf(where, sizeof where, "attachment style '%s'", styles[k].key);
		if (!sb_ld_fields(c, sv[k], where, style, 2, pv))
			continue;
		if (pv[0])
			sb_ld_text(c, pv[0], sb_ld_path(path, sizeof path, "name", where), false,
			           &a->styles[k].name);
		if (pv[1])
			sb_ld_text(c, pv[1], sb_ld_path(path, sizeof path, "explanation", where), false,
			           &a->styles[k].explanation);
	}
}

/* One side of a couple pattern: `scale` or `scales`, the bands that meet it, `at_least`. */
static void S_condition(sb_ld_ctx *c, const sb_ld_node *m, const char *where,
                        sb_couple_condition *o)
{
	enum { F_SCALE, F_SCALES, F_BANDS, F_ATLEAST, F_STARTERS, F_N };
	static const sb_ld_field f[F_N] = {
		[F_SCALE] = { "scale", false },     [F_SCALES] = { "scales", false },
		[F_BANDS] = { "bands", true },      [F_ATLEAST] = { "at_least", false },
		[F_STARTERS] = { "starters", false },
	};
	const sb_ld_node *v[F_N];
	char path[400], list[512];
	if (!sb_ld_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_SCALE] && v[F_SCALES])
		sb_ld_err(c, v[F_SCALES], "both scale and scales in %s (expected one of them)", where);
	else if (!v[F_SCALE] && !v[F_SCALES])
		sb_ld_err(c, m, "missing key 'scale' (or 'scales') in %s", where);
	/* The scale nodes to resolve: the one `scale`, or the items of `scales`. */
	const sb_ld_node *one = v[F_SCALE] && !v[F_SCALES] ? v[F_SCALE] : NULL;
	const sb_ld_node *const *sn = one ? &one : NULL;
	size_t n = one ? 1 : 0;
	if (!v[F_SCALE] && v[F_SCALES] &&
	    sb_ld_want(c, v[F_SCALES], SB_LD_SEQ, "a list of scale ids",
	               sb_ld_path(path, sizeof path, "scales", where))) {
		if (v[F_SCALES]->n == 0)
			sb_ld_err(c, v[F_SCALES], "expected at least one scale in %s", path);
		sn = (const sb_ld_node *const *)v[F_SCALES]->kids;
		n = v[F_SCALES]->n;
	}
	if (n && !(o->scales = sb_calloc(n, sizeof *o->scales))) {
		c->oom = true;
		return;
	}
	bool scales_ok = n > 0;
	sb_ld_path(path, sizeof path, one ? "scale" : "scales", where);
	for (size_t k = 0; k < n; k++) {
		const char *id = sb_ld_str(c, sn[k], path);
		size_t s = id ? sb_ld_lookup(&c->scales, id) : SB_NONE;
		if (id && s == SB_NONE)
			sb_ld_err(c, sn[k], "unknown scale '%.64s' in %s (expected one of: %s)", id, where,
			          sb_ld_id_list(list, sizeof list, c->b->scales, sizeof(sb_scale),
			                        c->b->n_scales));
		for (size_t j = 0; s != SB_NONE && j < o->n_scales; j++)
			if (o->scales[j] == s) {
				sb_ld_err(c, sn[k], "scale '%s' named twice in %s", id, where);
				s = SB_NONE;
				id = NULL;
			}
		if (s == SB_NONE) {
			scales_ok = false;
			continue;
		}
		o->scales[o->n_scales++] = s;
	}
	o->at_least = o->n_scales;
	if (v[F_ATLEAST]) {
		long k = 0;
		if (!v[F_SCALES])
			sb_ld_err(c, v[F_ATLEAST], "at_least in %s needs scales (a list), not scale", where);
		else if (sb_ld_long(c, v[F_ATLEAST], sb_ld_path(path, sizeof path, "at_least", where),
		                    &k) &&
		         n && (k < 1 || (size_t)k > n))
			sb_ld_err(c, v[F_ATLEAST], "at_least %ld of %s is outside 1..%zu (expected at most "
			          "the number of scales)", k, where, n);
		else if (k >= 1 && (size_t)k <= n)
			o->at_least = (size_t)k;
	}
	const sb_ld_node *bn = v[F_BANDS];
	sb_ld_path(path, sizeof path, "bands", where);
	if (bn && sb_ld_want(c, bn, SB_LD_SEQ, "a list of band ids", path)) {
		if (bn->n == 0)
			sb_ld_err(c, bn, "expected at least one band in %s", path);
		if (bn->n && !(o->bands = sb_calloc(bn->n, sizeof *o->bands))) {
			c->oom = true;
			return;
		}
		for (size_t k = 0; k < bn->n; k++) {
			const char *id = sb_ld_str(c, bn->kids[k], path);
			if (!id)
				continue;
			/* Band ids are per scale: this one must be a band of every scale named. */
			for (size_t j = 0; scales_ok && j < o->n_scales; j++) {
				const sb_scale *sc = &c->b->scales[o->scales[j]];
				size_t q = 0;
				while (q < sc->n_bands && !(sc->bands[q].id && !strcmp(sc->bands[q].id, id)))
					q++;
				if (q == sc->n_bands)
					sb_ld_err(c, bn->kids[k], "unknown band '%.64s' of scale '%s' in %s "
					          "(expected one of: %s)", id, sc->id, where,
					          sb_ld_id_list(list, sizeof list, sc->bands, sizeof(sb_band),
					                        sc->n_bands));
			}
			o->bands[o->n_bands++] = sb_ld_dup(c, id);
		}
	}
	if (v[F_STARTERS])
		sb_ld_text_list(c, v[F_STARTERS], "starters", where, "starter", 0, &o->starters,
		                &o->n_starters);
}

void sb_ld_couple_pattern(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_couple_pattern *p)
{
	enum { F_ID, F_WHEN, F_TITLE, F_EXPL, F_STARTERS, F_STEPS, F_SEEK, F_N };
	static const sb_ld_field f[F_N] = {
		[F_ID] = { "id", true },              [F_WHEN] = { "when", true },
		[F_TITLE] = { "title", true },        [F_EXPL] = { "explanation", true },
		[F_STARTERS] = { "starters", true },  [F_STEPS] = { "steps", true },
		[F_SEEK] = { "seek_help", false },
	};
	const sb_ld_node *v[F_N];
	char where[128], path[300], list[512];
	sb_ld_elem(where, sizeof where, "couple pattern", m, i);
	if (!sb_ld_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = sb_ld_id(c, v[F_ID], sb_ld_path(path, sizeof path, "id", where));
		if (id)
			p->id = sb_ld_dup(c, id);
	}
	const sb_ld_node *w = v[F_WHEN];
	sb_ld_path(path, sizeof path, "when", where);
	if (w && sb_ld_want(c, w, SB_LD_SEQ, "a list of one or two conditions", path)) {
		if (w->n < 1 || w->n > 2)
			sb_ld_err(c, w, "expected one or two conditions in %s, found %zu", path, w->n);
		else
			p->n_when = w->n;
		for (size_t k = 0; k < p->n_when; k++) {
			char cw[200];
			snprintf(cw, sizeof cw, "condition %zu of %s", k + 1, where);
			S_condition(c, w->kids[k], cw, &p->when[k]);
		}
	}
	if (v[F_TITLE])
		sb_ld_text(c, v[F_TITLE], sb_ld_path(path, sizeof path, "title", where), false, &p->title);
	if (v[F_EXPL])
		sb_ld_text(c, v[F_EXPL], sb_ld_path(path, sizeof path, "explanation", where), false,
		           &p->explanation);
	if (v[F_STARTERS])
		sb_ld_text_list(c, v[F_STARTERS], "starters", where, "starter", 0, &p->starters,
		                &p->n_starters);
	const sb_ld_node *st = v[F_STEPS];
	if (st &&
	    sb_ld_want(c, st, SB_LD_SEQ, "a list of step ids",
	               sb_ld_path(path, sizeof path, "steps", where)) &&
	    st->n > 0) {
		p->steps = sb_calloc(st->n, sizeof *p->steps);
		if (!p->steps) {
			c->oom = true;
			return;
		}
		p->n_steps = st->n;
		for (size_t k = 0; k < st->n; k++) {
			const char *id = sb_ld_str(c, st->kids[k], path);
			p->steps[k] = id ? sb_ld_lookup(&c->steps, id) : SB_NONE;
			if (id && p->steps[k] == SB_NONE)
				sb_ld_err(c, st->kids[k], "unknown step '%.64s' in %s (expected one of: %s)", id,
				          path, sb_ld_id_list(list, sizeof list, c->b->steps, sizeof(sb_step),
				                              c->b->n_steps));
		}
	}
	if (v[F_SEEK])
		sb_ld_bool(c, v[F_SEEK], sb_ld_path(path, sizeof path, "seek_help", where), &p->seek_help);
}

/* SPDX-License-Identifier: MIT */
/* compare_json.c — the compare JSON (docs/report-json.md, "Compare"): both results, the
 * per-scale comparison, the patterns or the reliable changes, and every text the report chose. */
#include "score/compare.h"
#include "report/compare_report.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "report/json_parts.h"
#include "report/report_parts.h"

typedef struct {
	const sb_compare *c;
	const sb_bank *b;
	const sb_compare_opts *o;
	sb_lang l;
	bool failed;
} S_ctx;

/* sb_json_set and sb_json_push, remembering a failure in x. */
static void S_set(S_ctx *x, json_t *o, const char *key, json_t *v)
{
	sb_json_set(o, key, v, &x->failed);
}

static void S_push(S_ctx *x, json_t *a, json_t *v)
{
	sb_json_push(a, v, &x->failed);
}

static json_t *S_text(const S_ctx *x, const sb_text *t)
{
	return json_string(sb_text_get(t, x->l));
}

/* An optional bank text: null when the bank leaves it out. */
static json_t *S_opt_text(const S_ctx *x, const sb_text *t)
{
	return t->s[SB_LANG_ZH] || t->s[SB_LANG_EN] ? S_text(x, t) : json_null();
}

/* A string from outside the bank (an id, a file name): jansson refuses invalid UTF-8, so such a
 * string is replaced as a whole by U+FFFD rather than dropped. */
static json_t *S_outside(const char *s)
{
	if (!s)
		return json_null();
	json_t *v = json_string(s);
	return v ? v : json_string("\xEF\xBF\xBD");
}

/* [a, b]: the first row's value, then the second's. */
static json_t *S_pair(S_ctx *x, json_t *a, json_t *b)
{
	json_t *arr = json_array();
	S_push(x, arr, a);
	S_push(x, arr, b);
	return arr;
}

static json_t *S_person(S_ctx *x, int p)
{
	const sb_result *r = x->c->r[p];
	const sb_attachment *a = &x->b->attachment;
	json_t *o = json_object();
	S_set(x, o, "id", S_outside(x->o->id[p]));
	if (!a->present) {
		S_set(x, o, "style", json_null());
	} else {
		bool has = r->has_style && r->style >= 0 && r->style < SB_STYLE_COUNT;
		json_t *s = json_object();
		S_set(x, s, "id", has ? json_string(sb_style_id(r->style)) : json_null());
		S_set(x, s, "name", has ? S_text(x, &a->styles[r->style].name) : json_null());
		S_set(x, s, "anxiety", has ? sb_json_real(r->anxiety) : json_null());
		S_set(x, s, "avoidance", has ? sb_json_real(r->avoidance) : json_null());
		S_set(x, s, "near_boundary", json_boolean(has && r->near_boundary));
		S_set(x, o, "style", s);
	}
	S_set(x, o, "flags", sb_json_flags(&r->quality, &x->failed));
	return o;
}

static json_t *S_change(S_ctx *x, const sb_scale_change *sc)
{
	json_t *rc = json_object();
	const char *src = sb_reliability_source_id(sc->source);
	const char *why = sb_no_verdict_id(sc->no_verdict);
	S_set(x, rc, "source", src ? json_string(src) : json_null());
	S_set(x, rc, "sd", sb_json_real(sc->sd));
	S_set(x, rc, "reliability", sb_json_real(sc->reliability));
	S_set(x, rc, "se_difference", sb_json_real(sc->se_diff));
	S_set(x, rc, "rci", sb_json_real(sc->rci));
	S_set(x, rc, "verdict", json_string(sb_change_id(sc->change)));
	S_set(x, rc, "label", json_string(sb_change_label(sc->change, x->l)));
	S_set(x, rc, "no_verdict", why ? json_string(why) : json_null());
	S_set(x, rc, "reason", why ? json_string(sb_no_verdict_text(sc->no_verdict, x->l))
	                           : json_null());
	return rc;
}

static json_t *S_scales(S_ctx *x)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < x->b->n_scales; i++) {
		const sb_scale *s = &x->b->scales[i];
		const sb_scale_change *sc = &x->c->scales[i];
		json_t *o = json_object();
		json_t *v[2][3];
		for (int p = 0; p < 2; p++) {
			const sb_scale_result *sr = &x->c->r[p]->scales[i];
			const sb_band *band = sb_report_band(x->b, x->c->r[p], i);
			v[p][0] = sr->scored ? sb_json_real(sr->score) : json_null();
			v[p][1] = band ? json_string(band->id) : json_null();
			v[p][2] = band ? S_text(x, &band->label) : json_null();
		}
		S_set(x, o, "id", json_string(s->id));
		S_set(x, o, "name", S_text(x, &s->name));
		S_set(x, o, "min", sb_json_real(s->lo));
		S_set(x, o, "max", sb_json_real(s->hi));
		S_set(x, o, "scores", S_pair(x, v[0][0], v[1][0]));
		S_set(x, o, "bands", S_pair(x, v[0][1], v[1][1]));
		S_set(x, o, "band_labels", S_pair(x, v[0][2], v[1][2]));
		S_set(x, o, "answered",
		      S_pair(x, json_integer((json_int_t)x->c->r[0]->scales[i].answered),
		             json_integer((json_int_t)x->c->r[1]->scales[i].answered)));
		S_set(x, o, "items", json_integer((json_int_t)s->n_items));
		S_set(x, o, "difference", sc->both_scored ? sb_json_real(sc->diff) : json_null());
		if (x->c->mode == SB_COMPARE_RETEST)
			S_set(x, o, "reliable_change", S_change(x, sc));
		S_push(x, arr, o);
	}
	return arr;
}

static json_t *S_patterns(S_ctx *x)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < x->c->n_matches; k++) {
		const sb_pattern_match *m = &x->c->matches[k];
		const sb_couple_pattern *p = &x->b->couple_patterns[m->pattern];
		json_t *o = json_object();
		S_set(x, o, "id", json_string(p->id));
		S_set(x, o, "title", S_text(x, &p->title));
		S_set(x, o, "explanation", S_text(x, &p->explanation));
		json_t *partners = json_array();
		for (int who = 0; who < 2; who++) {
			json_t *po = json_object();
			json_t *conds = json_array(), *starters = json_array();
			for (size_t w = 0; w < p->n_when; w++) {
				if (!m->role[w][who])
					continue;
				S_push(x, conds, json_integer((json_int_t)w + 1));
				for (size_t j = 0; m->starters[w][who] && j < p->when[w].n_starters; j++)
					S_push(x, starters, S_text(x, &p->when[w].starters[j]));
			}
			S_set(x, po, "id", S_outside(x->o->id[who]));
			S_set(x, po, "conditions", conds);
			S_set(x, po, "starters", starters);
			S_push(x, partners, po);
		}
		S_set(x, o, "partners", partners);
		json_t *starters = json_array();
		bool safety = sb_compare_safety_endorsed(x->c);
		for (size_t j = 0; !safety && j < p->n_starters; j++)
			S_push(x, starters, S_text(x, &p->starters[j]));
		S_set(x, o, "starters", starters);
		json_t *steps = json_array();
		for (size_t j = 0; j < p->n_steps; j++)
			S_push(x, steps, json_string(x->b->steps[p->steps[j]].id));
		S_set(x, o, "steps", steps);
		S_set(x, o, "seek_help", json_boolean(p->seek_help));
		S_push(x, arr, o);
	}
	return arr;
}

/* Couple: the steps the matched patterns suggest, each once, in the order first suggested (as
 * the document shows them). */
static json_t *S_couple_steps(S_ctx *x)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < x->c->n_steps; k++)
		S_push(x, arr, sb_json_step(&x->b->steps[x->c->steps[k]], x->l, &x->failed));
	return arr;
}

static json_t *S_texts(S_ctx *x)
{
	const sb_texts *t = &x->b->texts;
	const sb_attachment *a = &x->b->attachment;
	bool retest = x->c->mode == SB_COMPARE_RETEST;
	json_t *o = json_object();
	S_set(x, o, "title", S_text(x, &x->b->title));
	S_set(x, o, "disclaimer", S_text(x, &t->disclaimer));
	S_set(x, o, "note", S_opt_text(x, retest ? &t->retest_note : &t->couple_note));
	S_set(x, o, "no_verdict", retest && x->c->any_no_verdict
	                          ? S_opt_text(x, &t->retest_no_verdict) : json_null());
	json_t *styles = json_array();
	for (int p = 0; p < 2; p++) {
		if (!sb_compare_explains_style(x->c, p))
			continue;
		int s = x->c->r[p]->style;
		json_t *so = json_object();
		S_set(x, so, "id", json_string(sb_style_id(s)));
		S_set(x, so, "name", S_text(x, &a->styles[s].name));
		S_set(x, so, "explanation", S_text(x, &a->styles[s].explanation));
		S_push(x, styles, so);
	}
	S_set(x, o, "styles", styles);

	const char *placement = x->c->seek_help ? "after_overview"
	                        : retest ? "after_changes" : "after_patterns";
	S_set(x, o, "professional_help", sb_json_help(t, x->l, placement, &x->failed));
	S_set(x, o, "steps", S_couple_steps(x));
	S_set(x, o, "closing", S_text(x, &t->closing));
	bool up_front = sb_compare_safety_first(x->c, x->o->audience == SB_AUDIENCE_COUNSELLOR);
	json_t *safety = json_object();
	S_set(x, safety, "placement", json_string(up_front ? "first" : "after_help"));
	S_set(x, safety, "endorsed", up_front && x->o->audience != SB_AUDIENCE_COUNSELLOR
	                             ? S_opt_text(x, &t->safety_endorsed) : json_null());
	S_set(x, safety, "text", S_text(x, &t->safety));
	S_set(x, safety, "help", S_text(x, &t->safety_help));
	S_set(x, o, "safety", safety);

	json_t *unscored = json_array();
	for (size_t k = 0; k < x->c->n_unscored; k++) {
		int p = x->c->unscored[k].who;
		size_t i = x->c->unscored[k].scale;
		{
			char reason[256];
			sb_unscored_reason(x->b, x->c->r[p], i, x->l, reason, sizeof reason);
			json_t *u = json_object();
			S_set(x, u, "respondent", S_outside(x->o->id[p]));
			S_set(x, u, "id", json_string(x->b->scales[i].id));
			S_set(x, u, "name", S_text(x, &x->b->scales[i].name));
			S_set(x, u, "reason", json_string(reason));
			S_push(x, unscored, u);
		}
	}
	S_set(x, o, "not_scored", unscored);
	return o;
}

static json_t *S_items(S_ctx *x)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < x->b->n_items; i++) {
		const sb_item *it = &x->b->items[i];
		json_t *v[2][2];
		for (int p = 0; p < 2; p++) {
			int a = x->o->answers[p][i];
			v[p][0] = a == SB_MISSING ? json_null() : json_integer(a);
			v[p][1] = a == SB_MISSING ? json_null() : json_integer(sb_keyed(x->b, i, a));
		}
		json_t *o = json_object();
		S_set(x, o, "id", json_string(it->id));
		S_set(x, o, "scale", json_string(sb_item_scale_id(x->b, i)));
		S_set(x, o, "reverse", json_boolean(it->reverse));
		S_set(x, o, "answers", S_pair(x, v[0][0], v[1][0]));
		S_set(x, o, "keyed", S_pair(x, v[0][1], v[1][1]));
		S_push(x, arr, o);
	}
	return arr;
}

sb_status sb_compare_json(const sb_compare *c, const sb_compare_opts *o, sb_buf *out,
                          sb_diags *diags)
{
	if (o->audience == SB_AUDIENCE_COUNSELLOR && (!o->answers[0] || !o->answers[1])) {
		sb_diags_add(diags, NULL, 0, 0, "compare: the counsellor report needs both rows' answers");
		return SB_ERR_USAGE;
	}
	S_ctx x = { .c = c, .b = c->bank, .o = o, .l = o->lang };
	const sb_bank *b = c->bank;
	json_t *root = json_object();
	S_set(&x, root, "schema", json_string(SB_COMPARE_SCHEMA));
	S_set(&x, root, "mode", json_string(sb_compare_mode_id(c->mode)));
	json_t *bank = json_object();
	S_set(&x, bank, "id", json_string(b->id));
	S_set(&x, bank, "version", json_string(b->version));
	S_set(&x, root, "bank", bank);
	S_set(&x, root, "date", S_outside(o->date));
	S_set(&x, root, "lang", json_string(sb_lang_code(o->lang)));
	S_set(&x, root, "audience", json_string(sb_audience_id(o->audience)));
	S_set(&x, root, "people", S_pair(&x, S_person(&x, 0), S_person(&x, 1)));
	S_set(&x, root, "scales", S_scales(&x));
	if (c->mode == SB_COMPARE_RETEST) {
		json_t *mv = json_null();
		if (c->both_styles) {
			mv = json_object();
			S_set(&x, mv, "from", json_string(sb_style_id(c->r[0]->style)));
			S_set(&x, mv, "to", json_string(sb_style_id(c->r[1]->style)));
			S_set(&x, mv, "moved", json_boolean(c->style_moved));
		}
		S_set(&x, root, "style_movement", mv);
		S_set(&x, root, "summary", S_outside(c->summary_source));
	} else {
		json_t *order = json_array();
		for (size_t k = 0; k < b->n_scales; k++)
			S_push(&x, order, json_string(b->scales[c->order[k]].id));
		S_set(&x, root, "order", order);
		S_set(&x, root, "patterns", S_patterns(&x));
		S_set(&x, root, "consent", json_boolean(o->consent));
	}
	/* Who endorsed a safety item: never in the couple report both partners read (compare_doc.c,
	 * S_safety_up_front). */
	S_set(&x, root, "safety_endorsed",
	      c->mode == SB_COMPARE_RETEST || o->audience == SB_AUDIENCE_COUNSELLOR
	      ? S_pair(&x, json_integer((json_int_t)c->safety_endorsed[0]),
	               json_integer((json_int_t)c->safety_endorsed[1]))
	      : json_null());
	S_set(&x, root, "texts", S_texts(&x));
	if (o->audience == SB_AUDIENCE_COUNSELLOR)
		S_set(&x, root, "items", S_items(&x));
	return sb_json_finish(root, x.failed, out, "compare", diags);
}

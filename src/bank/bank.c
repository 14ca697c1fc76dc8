/* SPDX-License-Identifier: MIT */
/* bank.c — the bank model's accessors and its one free function. */
#include "bank/bank.h"

#include <string.h>

#include "base/alloc.h"

static void S_text_free(sb_text *t)
{
	for (int l = 0; l < SB_LANG_COUNT; l++)
		sb_free(t->s[l]);
}

static void S_texts_free(sb_text *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		S_text_free(&t[i]);
	sb_free(t);
}

void sb_bank_free(sb_bank *b)
{
	if (!b)
		return;
	sb_free(b->id);
	sb_free(b->version);
	sb_free(b->source);
	S_text_free(&b->title);
	S_text_free(&b->attribution);
	for (size_t i = 0; b->responses && i < b->n_responses; i++) {
		sb_response_scale *r = &b->responses[i];
		sb_free(r->id);
		S_texts_free(r->labels, r->labels ? (size_t)(r->max - r->min + 1) : 0);
	}
	sb_free(b->responses);
	for (size_t i = 0; b->steps && i < b->n_steps; i++) {
		sb_step *s = &b->steps[i];
		sb_free(s->id);
		S_text_free(&s->title);
		S_text_free(&s->summary);
		S_texts_free(s->actions, s->n_actions);
	}
	sb_free(b->steps);
	for (size_t i = 0; b->scales && i < b->n_scales; i++) {
		sb_scale *s = &b->scales[i];
		sb_free(s->id);
		S_text_free(&s->name);
		S_text_free(&s->description);
		S_text_free(&s->norms.sample);
		sb_free(s->norms.source);
		for (size_t j = 0; s->bands && j < s->n_bands; j++) {
			sb_band *d = &s->bands[j];
			sb_free(d->id);
			S_text_free(&d->label);
			S_text_free(&d->shows_up);
			S_text_free(&d->origins);
			sb_free(d->steps);
			S_texts_free(d->starters, d->n_starters);
		}
		sb_free(s->bands);
		sb_free(s->items);
	}
	sb_free(b->scales);
	for (size_t i = 0; b->items && i < b->n_items; i++) {
		sb_free(b->items[i].id);
		S_text_free(&b->items[i].text);
	}
	sb_free(b->items);
	sb_free(b->folded_texts);
	sb_free(b->score_plan);
	sb_free(b->folded_labels);
	for (int i = 0; i < SB_STYLE_COUNT; i++) {
		S_text_free(&b->attachment.styles[i].name);
		S_text_free(&b->attachment.styles[i].explanation);
	}
	sb_text *texts[] = { &b->texts.about, &b->texts.instructions, &b->texts.disclaimer,
		             &b->texts.why_it_matters, &b->texts.professional_help,
		             &b->texts.local_help, &b->texts.emergency, &b->texts.closing,
		             &b->texts.couple_note, &b->texts.retest_note,
		             &b->texts.retest_no_verdict, &b->texts.common_worry,
		             &b->texts.safety, &b->texts.safety_help, &b->texts.safety_endorsed,
		             &b->texts.unreadable, &b->texts.credits, &b->texts.near_boundary,
		             &b->texts.retest_direction, &b->texts.couple_no_pattern,
		             &b->texts.dimension_near, &b->texts.dimension_above,
		             &b->texts.dimension_below };
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		S_text_free(texts[i]);
	for (size_t i = 0; b->couple_patterns && i < b->n_couple_patterns; i++) {
		sb_couple_pattern *p = &b->couple_patterns[i];
		sb_free(p->id);
		for (size_t w = 0; w < 2; w++) {
			sb_couple_condition *c = &p->when[w];
			sb_free(c->scales);
			for (size_t j = 0; c->bands && j < c->n_bands; j++)
				sb_free(c->bands[j]);
			sb_free(c->bands);
			S_texts_free(c->starters, c->n_starters);
		}
		S_text_free(&p->title);
		S_text_free(&p->explanation);
		S_texts_free(p->starters, p->n_starters);
		sb_free(p->steps);
	}
	sb_free(b->couple_patterns);
	sb_free(b);
}

const char *sb_text_get(const sb_text *t, sb_lang l)
{
	if (t->s[l])
		return t->s[l];
	for (int i = 0; i < SB_LANG_COUNT; i++)
		if (t->s[i])
			return t->s[i];
	return "";
}

size_t sb_bank_item(const sb_bank *b, const char *id)
{
	for (size_t i = 0; i < b->n_items; i++)
		if (b->items[i].id[0] == id[0] && strcmp(b->items[i].id, id) == 0)
			return i;
	return SB_NONE;
}

size_t sb_bank_scale(const sb_bank *b, const char *id)
{
	for (size_t i = 0; i < b->n_scales; i++)
		if (strcmp(b->scales[i].id, id) == 0)
			return i;
	return SB_NONE;
}

size_t sb_scale_band(const sb_scale *s, double score)
{
	if (!(score >= s->lo && score <= s->hi)) /* also rejects NAN */
		return SB_NONE;
	for (size_t i = 0; i < s->n_bands; i++) {
		const sb_band *d = &s->bands[i];
		if (score >= d->min && (score < d->max || (i + 1 == s->n_bands && score <= d->max)))
			return i;
	}
	return SB_NONE;
}

bool sb_band_is_highest(const sb_scale *s, size_t i)
{
	return s->n_bands > 0 && i == s->n_bands - 1;
}

bool sb_id_valid(const char *id)
{
	if (!id || !(id[0] >= 'a' && id[0] <= 'z'))
		return false;
	size_t n = 0;
	for (const char *p = id; *p; p++, n++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return n <= SB_ID_MAX;
}

const char *sb_item_scale_id(const sb_bank *b, size_t i)
{
	const sb_item *it = &b->items[i];
	return it->scale < b->n_scales ? b->scales[it->scale].id : "safety";
}

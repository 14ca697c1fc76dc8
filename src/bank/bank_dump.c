/* SPDX-License-Identifier: MIT */
/* bank_dump.c — a stable, line-oriented dump of the loaded bank model (for tests and
 * `validate --dump`): one fact per line, each with its full path, so dumps diff well. */
#include "bank/bank.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static void S_str(sb_buf *o, const char *s)
{
	sb_buf_putc(o, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sb_buf_puts(o, "\\\""); break;
		case '\\': sb_buf_puts(o, "\\\\"); break;
		case '\n': sb_buf_puts(o, "\\n"); break;
		case '\r': sb_buf_puts(o, "\\r"); break;
		case '\t': sb_buf_puts(o, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				sb_buf_printf(o, "\\x%02x", *p);
			else
				sb_buf_putc(o, (char)*p);
		}
	}
	sb_buf_putc(o, '"');
}

/* One line per language the text has: PREFIX.LANG = "...", the prefix given printf-style. */
static void S_text(sb_buf *o, const sb_text *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void S_text(sb_buf *o, const sb_text *t, const char *fmt, ...)
{
	char prefix[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	for (int l = 0; l < SB_LANG_COUNT; l++) {
		if (!t->s[l])
			continue;
		sb_buf_printf(o, "%s.%s = ", prefix, sb_lang_code((sb_lang)l));
		S_str(o, t->s[l]);
		sb_buf_putc(o, '\n');
	}
}

/* Couple patterns (optional): nothing at all when the bank has none, so older dumps stay. */
static void S_couple_patterns(const sb_bank *b, sb_buf *o)
{
	for (size_t i = 0; i < b->n_couple_patterns; i++) {
		const sb_couple_pattern *p = &b->couple_patterns[i];
		char q[128];
		snprintf(q, sizeof q, "couple.%s", p->id);
		for (size_t w = 0; w < p->n_when; w++) {
			const sb_couple_condition *c = &p->when[w];
			sb_buf_printf(o, "%s.when.%zu = scales", q, w + 1);
			for (size_t k = 0; k < c->n_scales; k++)
				sb_buf_printf(o, " %s", b->scales[c->scales[k]].id);
			sb_buf_puts(o, " bands");
			for (size_t k = 0; k < c->n_bands; k++)
				sb_buf_printf(o, " %s", c->bands[k]);
			sb_buf_printf(o, " at_least %zu\n", c->at_least);
			for (size_t k = 0; k < c->n_starters; k++)
				S_text(o, &c->starters[k], "%s.when.%zu.starter.%zu", q, w + 1, k + 1);
		}
		S_text(o, &p->title, "%s.title", q);
		S_text(o, &p->explanation, "%s.explanation", q);
		for (size_t k = 0; k < p->n_starters; k++)
			S_text(o, &p->starters[k], "%s.starter.%zu", q, k + 1);
		sb_buf_printf(o, "%s.steps =", q);
		for (size_t k = 0; k < p->n_steps; k++)
			sb_buf_printf(o, " %s", b->steps[p->steps[k]].id);
		sb_buf_printf(o, "\n%s.seek_help = %s\n", q, p->seek_help ? "true" : "false");
	}
}

/* One scale: texts, method, range, items, norms and every band. */
static void S_scale(const sb_bank *b, const sb_scale *s, sb_buf *o)
{
	S_text(o, &s->name, "scale.%s.name", s->id);
	S_text(o, &s->description, "scale.%s.description", s->id);
	sb_buf_printf(o, "scale.%s.method = %s\n", s->id,
	              s->method == SB_METHOD_SUM ? "sum" : "mean");
	sb_buf_printf(o, "scale.%s.min_answered = %g\n", s->id, s->min_answered);
	sb_buf_printf(o, "scale.%s.response = %s\n", s->id,
	              s->response != SB_NONE ? b->responses[s->response].id : "(none)");
	sb_buf_printf(o, "scale.%s.range = %g %g\n", s->id, s->lo, s->hi);
	sb_buf_printf(o, "scale.%s.items =", s->id);
	for (size_t k = 0; k < s->n_items; k++)
		sb_buf_printf(o, " %s", b->items[s->items[k]].id);
	sb_buf_putc(o, '\n');
	if (s->norms.present) {
		const sb_norms *n = &s->norms;
		sb_buf_printf(o, "scale.%s.norms = mean %g sd %g", s->id, n->mean, n->sd);
		if (!isnan(n->reliability))
			sb_buf_printf(o, " reliability %g", n->reliability);
		if (n->n)
			sb_buf_printf(o, " n %ld", n->n);
		sb_buf_putc(o, '\n');
		S_text(o, &n->sample, "scale.%s.norms.sample", s->id);
		sb_buf_printf(o, "scale.%s.norms.source = ", s->id);
		S_str(o, n->source);
		sb_buf_putc(o, '\n');
	} else {
		sb_buf_printf(o, "scale.%s.norms = (none)\n", s->id);
	}
	for (size_t k = 0; k < s->n_bands; k++) {
		const sb_band *d = &s->bands[k];
		char q[256];
		snprintf(q, sizeof q, "scale.%s.band.%s", s->id, d->id);
		sb_buf_printf(o, "%s.range = %g %g%s\n", q, d->min, d->max,
		              k + 1 == s->n_bands ? " (inclusive)" : "");
		S_text(o, &d->label, "%s.label", q);
		S_text(o, &d->shows_up, "%s.shows_up", q);
		S_text(o, &d->origins, "%s.origins", q);
		sb_buf_printf(o, "%s.steps =", q);
		for (size_t j = 0; j < d->n_steps; j++)
			sb_buf_printf(o, " %s", b->steps[d->steps[j]].id);
		sb_buf_putc(o, '\n');
		for (size_t j = 0; j < d->n_starters; j++)
			S_text(o, &d->starters[j], "%s.starter.%zu", q, j + 1);
		sb_buf_printf(o, "%s.seek_help = %s\n", q, d->seek_help ? "true" : "false");
	}
}

/* The attachment section: its scales, cut-offs and the four styles' texts. */
static void S_attachment(const sb_bank *b, sb_buf *o)
{
	const sb_attachment *a = &b->attachment;
	if (!a->present) {
		sb_buf_puts(o, "attachment = (none)\n");
		return;
	}
	sb_buf_printf(o, "attachment = anxiety %s avoidance %s\n", b->scales[a->anxiety].id,
	              b->scales[a->avoidance].id);
	sb_buf_printf(o, "attachment.cutoffs = anxiety %g avoidance %g margin %g\n",
	              a->anxiety_cutoff, a->avoidance_cutoff, a->margin);
	static const char *const styles[SB_STYLE_COUNT] = {
		[SB_STYLE_SECURE] = "secure",
		[SB_STYLE_PREOCCUPIED] = "preoccupied",
		[SB_STYLE_DISMISSIVE] = "dismissive",
		[SB_STYLE_FEARFUL] = "fearful",
	};
	for (int k = 0; k < SB_STYLE_COUNT; k++) {
		S_text(o, &a->styles[k].name, "attachment.%s.name", styles[k]);
		S_text(o, &a->styles[k].explanation, "attachment.%s.explanation", styles[k]);
	}
}

void sb_bank_dump(const sb_bank *b, sb_buf *o)
{
	sb_buf_printf(o, "bank.id = %s\n", b->id);
	sb_buf_printf(o, "bank.format = %d\n", b->format);
	sb_buf_puts(o, "bank.version = ");
	S_str(o, b->version);
	sb_buf_puts(o, "\nbank.languages =");
	for (int l = 0; l < SB_LANG_COUNT; l++)
		if (b->has_lang[l])
			sb_buf_printf(o, " %s", sb_lang_code((sb_lang)l));
	sb_buf_putc(o, '\n');
	S_text(o, &b->title, "bank.title");
	S_text(o, &b->attribution, "bank.attribution");

	for (size_t i = 0; i < b->n_responses; i++) {
		const sb_response_scale *r = &b->responses[i];
		sb_buf_printf(o, "response.%s.range = %d %d\n", r->id, r->min, r->max);
		for (int v = r->min; v <= r->max; v++) {
			S_text(o, &r->labels[v - r->min], "response.%s.label.%d", r->id, v);
		}
	}

	for (size_t i = 0; i < b->n_steps; i++) {
		const sb_step *s = &b->steps[i];
		sb_buf_printf(o, "step.%s.index = %zu\n", s->id, i);
		S_text(o, &s->title, "step.%s.title", s->id);
		S_text(o, &s->summary, "step.%s.summary", s->id);
		if (s->with_partner)
			sb_buf_printf(o, "step.%s.with_partner = true\n", s->id);
		for (size_t k = 0; k < s->n_actions; k++) {
			S_text(o, &s->actions[k], "step.%s.action.%zu", s->id, k + 1);
		}
	}

	const struct {
		const char *key;
		const sb_text *t;
	} texts[] = {
		{ "about", &b->texts.about },
		{ "instructions", &b->texts.instructions },
		{ "disclaimer", &b->texts.disclaimer },
		{ "why_it_matters", &b->texts.why_it_matters },
		{ "professional_help", &b->texts.professional_help },
		{ "local_help", &b->texts.local_help },
		{ "emergency", &b->texts.emergency },
		{ "closing", &b->texts.closing },
		{ "couple_note", &b->texts.couple_note },
		{ "retest_note", &b->texts.retest_note },
		{ "retest_no_verdict", &b->texts.retest_no_verdict },
		{ "common_worry", &b->texts.common_worry },
		{ "safety", &b->texts.safety },
		{ "safety_help", &b->texts.safety_help },
		{ "safety_endorsed", &b->texts.safety_endorsed },
		{ "unreadable", &b->texts.unreadable },
		{ "credits", &b->texts.credits },
		{ "near_boundary", &b->texts.near_boundary },
		{ "retest_direction", &b->texts.retest_direction },
		{ "couple_no_pattern", &b->texts.couple_no_pattern },
		{ "dimension_near", &b->texts.dimension_near },
		{ "dimension_above", &b->texts.dimension_above },
		{ "dimension_below", &b->texts.dimension_below },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		S_text(o, texts[i].t, "texts.%s", texts[i].key);
	}

	for (size_t i = 0; i < b->n_scales; i++)
		S_scale(b, &b->scales[i], o);

	for (size_t i = 0; i < b->n_items; i++) {
		const sb_item *it = &b->items[i];
		if (it->safety)
			sb_buf_printf(o, "item.%s = safety response %s\n", it->id,
			              b->responses[it->response].id);
		else
			sb_buf_printf(o, "item.%s = scale %s response %s reverse %s\n", it->id,
			              b->scales[it->scale].id, b->responses[it->response].id,
			              it->reverse ? "true" : "false");
		S_text(o, &it->text, "item.%s.text", it->id);
	}

	S_attachment(b, o);
	S_couple_patterns(b, o);
}

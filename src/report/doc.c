/* SPDX-License-Identifier: MIT */
/* doc.c — building and freeing the document model. */
#include "report/doc.h"

#include <string.h>

#include "base/alloc.h"

sb_doc *sb_doc_new(sb_lang lang)
{
	sb_doc *d = sb_calloc(1, sizeof *d);
	if (d)
		d->lang = lang;
	return d;
}

void sb_style_chart_free(sb_style_chart *c)
{
	if (!c)
		return;
	sb_free(c->x_label);
	sb_free(c->y_label);
	for (int i = 0; i < 4; i++)
		sb_free(c->region[i]);
	for (size_t i = 0; i < c->n_points; i++)
		sb_free(c->points[i].label);
	sb_free(c->points);
	sb_free(c);
}

void sb_profile_chart_free(sb_profile_chart *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_bars; i++) {
		sb_profile_bar *b = &c->bars[i];
		sb_free(b->name);
		for (size_t j = 0; j < b->n_bands; j++)
			sb_free(b->bands[j].label);
		sb_free(b->bands);
		sb_free(b->value_text[0]);
		sb_free(b->value_text[1]);
	}
	sb_free(c->bars);
	sb_free(c->series_label[0]);
	sb_free(c->series_label[1]);
	sb_free(c);
}

static void S_block_free(sb_block *b)
{
	sb_free(b->text);
	for (size_t i = 0; i < b->n_items; i++)
		sb_free(b->items[i]);
	sb_free(b->items);
	sb_free(b->align);
	sb_style_chart_free(b->style_chart);
	sb_profile_chart_free(b->profile_chart);
}

void sb_doc_free(sb_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_blocks; i++)
		S_block_free(&d->blocks[i]);
	sb_free(d->blocks);
	sb_free(d->title);
	sb_free(d->subtitle);
	sb_free(d->respondent);
	sb_free(d->date);
	sb_free(d->footer);
	sb_free(d);
}

sb_status sb_doc_status(const sb_doc *d)
{
	return !d || d->failed ? SB_ERR_INTERNAL : SB_OK;
}

/* Copies s into *dst (NULL stays NULL); marks the doc failed when the copy cannot be made. */
static void S_set(sb_doc *d, char **dst, const char *s)
{
	sb_free(*dst);
	*dst = NULL;
	if (s && !(*dst = sb_strdup(s)))
		d->failed = true;
}

void sb_doc_set(sb_doc *d, const char *title, const char *subtitle, const char *respondent,
                const char *date, const char *footer)
{
	S_set(d, &d->title, title);
	S_set(d, &d->subtitle, subtitle);
	S_set(d, &d->respondent, respondent);
	S_set(d, &d->date, date);
	S_set(d, &d->footer, footer);
}

static sb_block *S_add(sb_doc *d, sb_block_kind kind)
{
	if (d->failed)
		return NULL;
	if (sb_grow(&d->blocks, &d->cap, d->n_blocks + 1, sizeof *d->blocks) != 0) {
		d->failed = true;
		return NULL;
	}
	sb_block *b = &d->blocks[d->n_blocks++];
	*b = (sb_block){ .kind = kind, .tone = SB_TONE_NORMAL };
	return b;
}

void sb_doc_heading(sb_doc *d, int level, const char *text)
{
	sb_block *b = S_add(d, SB_BLOCK_HEADING);
	if (!b)
		return;
	b->level = level < 1 ? 1 : level > 3 ? 3 : level;
	b->keep_with_next = true;
	S_set(d, &b->text, text);
}

void sb_doc_para(sb_doc *d, sb_tone tone, const char *text)
{
	sb_block *b = S_add(d, SB_BLOCK_PARAGRAPH);
	if (!b)
		return;
	b->tone = tone;
	S_set(d, &b->text, text);
}

void sb_doc_list(sb_doc *d, bool ordered)
{
	sb_block *b = S_add(d, SB_BLOCK_LIST);
	if (b)
		b->ordered = ordered;
}

void sb_doc_kv(sb_doc *d)
{
	S_add(d, SB_BLOCK_KV);
}

void sb_doc_table(sb_doc *d, size_t n_cols, const sb_align *align)
{
	sb_block *b = S_add(d, SB_BLOCK_TABLE);
	if (!b)
		return;
	b->n_cols = n_cols;
	b->align = sb_calloc(n_cols, sizeof *b->align);
	if (!b->align) {
		d->failed = true;
		return;
	}
	if (align)
		memcpy(b->align, align, n_cols * sizeof *align);
}

void sb_doc_add_item(sb_doc *d, const char *text)
{
	sb_block *b = sb_doc_last(d);
	if (!b || d->failed)
		return;
	size_t cap = b->n_items; /* items grow one at a time: lists here are short */
	if (sb_grow(&b->items, &cap, b->n_items + 1, sizeof *b->items) != 0) {
		d->failed = true;
		return;
	}
	b->items[b->n_items] = NULL;
	S_set(d, &b->items[b->n_items], text ? text : "");
	if (!d->failed)
		b->n_items++;
}

void sb_doc_write_area(sb_doc *d, const char *label, size_t lines)
{
	sb_block *b = S_add(d, SB_BLOCK_WRITE_AREA);
	if (!b)
		return;
	b->lines = lines;
	S_set(d, &b->text, label);
}

void sb_doc_page_break(sb_doc *d)
{
	S_add(d, SB_BLOCK_PAGE_BREAK);
}

void sb_doc_style_chart(sb_doc *d, sb_style_chart *c)
{
	sb_block *b = c ? S_add(d, SB_BLOCK_STYLE_CHART) : NULL;
	if (!b) {
		sb_style_chart_free(c);
		d->failed = true;
		return;
	}
	b->style_chart = c;
}

void sb_doc_profile_chart(sb_doc *d, sb_profile_chart *c)
{
	sb_block *b = c ? S_add(d, SB_BLOCK_PROFILE_CHART) : NULL;
	if (!b) {
		sb_profile_chart_free(c);
		d->failed = true;
		return;
	}
	b->profile_chart = c;
}

sb_block *sb_doc_last(sb_doc *d)
{
	return d && d->n_blocks ? &d->blocks[d->n_blocks - 1] : NULL;
}

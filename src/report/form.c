/* SPDX-License-Identifier: MIT */
/* form.c — the printable blank questionnaire: every item numbered in presentation order with a box
 * per answer, and its id in small print so paper answers can be typed into the template CSV. */
#include "report/form.h"

#include <stdio.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/labels.h"

/* Beyond this many answer values a row of boxes no longer fits a line: a blank to write in. */
#define S_MAX_BOXES 11

/* Appends the answer line for one response scale: "lowest label  □1  □2 … □7  highest label". */
static void S_boxes(const sb_response_scale *rs, sb_lang l, sb_buf *out)
{
	int n = rs->max - rs->min + 1;
	if (n > S_MAX_BOXES) {
		sb_buf_printf(out, "%s ________ (%d–%d)", sb_label_text(l, SB_LABEL_FORM_ANSWER), rs->min,
		              rs->max);
		return;
	}
	sb_buf_printf(out, "%s  ", sb_text_get(&rs->labels[0], l));
	for (int v = rs->min; v <= rs->max; v++)
		sb_buf_printf(out, "□%d  ", v);
	sb_buf_puts(out, sb_text_get(&rs->labels[n - 1], l));
}

sb_status sb_form_build(const sb_bank *b, sb_lang l, sb_doc **out, sb_diags *diags)
{
	*out = NULL;
	sb_doc *d = sb_doc_new(l);
	sb_buf line = { 0 };
	bool *used = b->n_responses ? sb_calloc(b->n_responses, sizeof *used) : NULL;
	if (!d || (b->n_responses && !used))
		goto fail;

	sb_buf_printf(&line, "%s%s%s", sb_text_get(&b->title, l),
	              sb_label_text(l, SB_LABEL_VERSION_SEP), b->version);
	sb_doc_set(d, sb_text_get(&b->title, l), sb_label_text(l, SB_LABEL_PAPER_FORM), NULL,
	           NULL, line.failed ? "" : line.data);
	sb_doc_write_area(d, sb_label_text(l, SB_LABEL_ID), 1);
	sb_doc_write_area(d, sb_label_text(l, SB_LABEL_DATE), 1);
	sb_doc_para(d, SB_TONE_LEAD, sb_text_get(&b->texts.about, l));

	sb_doc_heading(d, 1, sb_label_text(l, SB_LABEL_HOW_TO_ANSWER));
	sb_doc_para(d, SB_TONE_NORMAL, sb_text_get(&b->texts.instructions, l));
	sb_doc_para(d, SB_TONE_NORMAL, sb_label_text(l, SB_LABEL_TICK_ONE));
	size_t n_used = 0;
	for (size_t i = 0; i < b->n_items; i++) {
		size_t r = b->items[i].response;
		if (r < b->n_responses && !used[r]) {
			used[r] = true;
			n_used++;
		}
	}
	for (size_t r = 0; r < b->n_responses; r++) {
		if (!used[r])
			continue;
		const sb_response_scale *rs = &b->responses[r];
		if (n_used > 1)
			sb_doc_para(d, SB_TONE_SMALL, rs->id);
		sb_doc_kv(d);
		for (int v = rs->min; v <= rs->max; v++) {
			char num[16];
			snprintf(num, sizeof num, "%d", v);
			sb_doc_add_item(d, num);
			sb_doc_add_item(d, sb_text_get(&rs->labels[v - rs->min], l));
		}
	}

	sb_doc_heading(d, 1, sb_label_text(l, SB_LABEL_STATEMENTS));
	bool safety_heading = false;
	for (size_t i = 0; i < b->n_items; i++) {
		const sb_item *it = &b->items[i];
		if (it->safety && !safety_heading) {
			sb_doc_heading(d, 2, sb_label_text(l, SB_LABEL_ABOUT_SAFETY));
			safety_heading = true;
		}
		sb_buf_reset(&line);
		sb_buf_printf(&line, "%zu. %s", i + 1, sb_text_get(&it->text, l));
		sb_doc_para(d, SB_TONE_NORMAL, line.failed ? "" : line.data);
		sb_block *blk = sb_doc_last(d);
		if (blk)
			blk->keep_with_next = true;
		/* the column id opens the statement's own answer line, never a line of its own that
		 * could be read as the next statement's label */
		sb_buf_reset(&line);
		sb_buf_printf(&line, "%s   ", it->id);
		if (it->response < b->n_responses)
			S_boxes(&b->responses[it->response], l, &line);
		sb_doc_para(d, SB_TONE_NORMAL, line.failed ? "" : line.data);
	}
	sb_doc_para(d, SB_TONE_NOTE,
	            sb_label_text(l, SB_LABEL_FORM_COLUMNS_NOTE));
	if (line.failed || sb_doc_status(d) != SB_OK)
		goto fail;
	sb_buf_free(&line);
	sb_free(used);
	*out = d;
	return SB_OK;
fail:
	sb_buf_free(&line);
	sb_free(used);
	sb_doc_free(d);
	sb_diags_add(diags, NULL, 0, 0, "form: out of memory");
	return SB_ERR_INTERNAL;
}

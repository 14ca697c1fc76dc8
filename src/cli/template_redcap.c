/* SPDX-License-Identifier: MIT */
/* template_redcap.c — `securebase template --format redcap`: the bank as a REDCap data dictionary,
 * so the questionnaire can be built in REDCap by uploading one file and its "raw" data export
 * scored by `securebase score` (the field names are the item ids, the codes the answers). */
#include <string.h>

#include "base/numfmt.h"
#include "cli/messages.h"
#include "cli/template_formats.h"
#include "data/csv.h"

/* The 18 columns of a REDCap data dictionary, named and ordered as REDCap writes them. */
static const char *const S_columns[] = {
	"Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
	"Choices, Calculations, OR Slider Labels", "Field Note",
	"Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max",
	"Identifier?", "Branching Logic (Show field only if...)", "Required Field?",
	"Custom Alignment", "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?",
	"Field Annotation",
};
#define S_NCOL (sizeof S_columns / sizeof S_columns[0])

/* One row: cells[k] for the k-th column (NULL is an empty cell), quoted where CSV needs it. The
 * bank's texts are written as they are (no formula guard: REDCap would show the guard's '). */
static void S_row(sb_buf *b, const char *const cells[S_NCOL])
{
	for (size_t k = 0; k < S_NCOL; k++) {
		if (k)
			sb_buf_putc(b, ',');
		if (cells[k])
			sb_csv_put(b, cells[k], strlen(cells[k]), false);
	}
	sb_buf_putc(b, '\n');
}

/* "1, label | 2, label | ...": REDCap splits choices at '|', so a '|' in a label becomes '/'. */
static void S_choices(sb_buf *c, const sb_response_scale *r, sb_lang lang)
{
	char num[SB_NUMFMT_MAX];
	for (int v = r->min; v <= r->max; v++) {
		if (v > r->min)
			sb_buf_puts(c, " | ");
		sb_buf_put(c, num, sb_fmt_int(num, v));
		sb_buf_puts(c, ", ");
		const char *l = sb_text_get(&r->labels[v - r->min], lang);
		for (; *l; l++)
			sb_buf_putc(c, *l == '|' ? '/' : *l == '\n' || *l == '\r' ? ' ' : *l);
	}
}

void sb_template_redcap(const sb_bank *bank, sb_lang lang, sb_buf *b)
{
	for (size_t k = 0; k < S_NCOL; k++) {
		if (k)
			sb_buf_putc(b, ',');
		sb_csv_put(b, S_columns[k], strlen(S_columns[k]), false);
	}
	sb_buf_putc(b, '\n');
	/* The record id first (REDCap requires it), named id as securebase reads it. */
	const char *id_row[S_NCOL] = { "id", bank->id, NULL, "text",
		                       sb_msg(lang, SB_MSG_REDCAP_ID_LABEL) };
	S_row(b, id_row);
	sb_buf choices = { 0 }, note = { 0 };
	for (size_t i = 0; i < bank->n_items; i++) {
		const sb_item *it = &bank->items[i];
		sb_buf_reset(&choices);
		S_choices(&choices, &bank->responses[it->response], lang);
		sb_buf_reset(&note);
		if (it->safety)
			sb_buf_puts(&note, "securebase: safety item; optional; not scored");
		else
			sb_buf_printf(&note, "securebase: scale %s%s", sb_item_scale_id(bank, i),
			              it->reverse ? "; reverse-keyed" : "");
		const char *row[S_NCOL] = {
			[0] = it->id,
			[1] = bank->id,
			[2] = i == 0 ? sb_text_get(&bank->texts.instructions, lang) : NULL,
			[3] = "radio",
			[4] = sb_text_get(&it->text, lang),
			[5] = choices.data ? choices.data : "",
			[17] = note.data ? note.data : "",
		};
		S_row(b, row);
		b->failed |= choices.failed || note.failed;
	}
	sb_buf_free(&choices);
	sb_buf_free(&note);
}

/* report_parts.c — report sections shared by the report builders (see report_parts.h). */
#include "report_parts.h"

void sb_report_help_section(sb_doc *d, const sb_bank *b, sb_lang l, bool up_front)
{
	const sb_texts *t = &b->texts;
	sb_doc_heading(d, 1, sb_tr(l, "何时以及如何寻求专业帮助",
	                           "When and how to seek professional help"));
	sb_doc_para(d, up_front ? SB_TONE_ALERT : SB_TONE_NORMAL,
	            sb_text_get(&t->professional_help, l));
	const char *local = sb_text_get(&t->local_help, l);
	if (*local)
		sb_doc_para(d, SB_TONE_NORMAL, local);
	sb_doc_para(d, SB_TONE_ALERT, sb_text_get(&t->emergency, l));
}

void sb_report_step(sb_doc *d, const sb_bank *b, size_t step, sb_lang l, int level)
{
	if (step >= b->n_steps)
		return;
	const sb_step *st = &b->steps[step];
	sb_doc_heading(d, level, sb_text_get(&st->title, l));
	sb_doc_para(d, SB_TONE_NORMAL, sb_text_get(&st->summary, l));
	sb_doc_list(d, false);
	for (size_t i = 0; i < st->n_actions; i++)
		sb_doc_add_item(d, sb_text_get(&st->actions[i], l));
}

/* SPDX-License-Identifier: MIT */
/* template_formats.h — `template --format psych|redcap`: the bank as a scoring script for R's psych
 * package, or as a REDCap data dictionary. Each appends its whole text to b (b->failed when memory
 * ran out). */
#ifndef SB_TEMPLATE_FORMATS_H
#define SB_TEMPLATE_FORMATS_H

#include "base/buf.h"
#include "base/lang.h"
#include "bank/bank.h"

/* An R script that scores an answers CSV with psych::scoreItems and the bank's rules. */
void sb_template_psych(const sb_bank *bank, sb_lang lang, sb_buf *b);
/* A REDCap data dictionary (CSV): a text field for the id, each item a radio field. */
void sb_template_redcap(const sb_bank *bank, sb_lang lang, sb_buf *b);

#endif

/* SPDX-License-Identifier: MIT */
/* form.h — the printable blank questionnaire (`securebase form`), as a document model. */
#ifndef SB_FORM_H
#define SB_FORM_H

#include "bank/bank.h"
#include "report/doc.h"
#include "base/error.h"
#include "base/lang.h"

/* Builds the paper form for bank b in language l: title, about and instructions, fields for the
 * respondent's id and the date, each response scale with its labels, and every item numbered in
 * presentation order with a box per answer and its id in small print (the `template` column).
 * SB_OK and *out (free with sb_doc_free); SB_ERR_INTERNAL on allocation failure, *out NULL. */
sb_status sb_form_build(const sb_bank *b, sb_lang l, sb_doc **out, sb_diags *d);

#endif

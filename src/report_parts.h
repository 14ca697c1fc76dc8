/* report_parts.h — report sections that more than one builder shows (the single report, the
 * comparison report), so both say the same thing in the same words. */
#ifndef SB_REPORT_PARTS_H
#define SB_REPORT_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "bank.h"
#include "doc.h"
#include "lang.h"

/* "When and how to seek professional help" (level-1 heading): the bank's professional_help (as an
 * alert when up_front), its local_help when not empty, and its emergency text. */
void sb_report_help_section(sb_doc *d, const sb_bank *b, sb_lang l, bool up_front);
/* One step of the catalogue in full: its title as a heading of the given level, its summary and
 * its actions as a list. */
void sb_report_step(sb_doc *d, const sb_bank *b, size_t step, sb_lang l, int level);

#endif

/* SPDX-License-Identifier: MIT */
/* bank_hash.h — a fingerprint of what a bank asks: its items and their answer scales. An answers
 * file that names a different fingerprint was answered to other statements. */
#ifndef SB_BANK_HASH_H
#define SB_BANK_HASH_H

#include "bank/bank.h"

/* SHA-256, in lower-case hex (64 characters and a NUL), over every item in presentation order:
 * its id, its scale's id, whether it is reverse-keyed, its text in each language, and its
 * response scale's range and labels in each language. Bank texts that are not items (reports,
 * steps, bands) and the bank's version do not enter: a new version that only rewords a report
 * keeps the fingerprint. docs/csv-output.md gives the exact byte layout. */
void sb_bank_items_hash(const sb_bank *b, char hex[65]);

#endif

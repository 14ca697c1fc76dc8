/* SPDX-License-Identifier: MIT */
/* answers_name.h — the name the fillable form gives a downloaded answers file, which says which
 * bank it was answered from: answers-<id>-<bank id>-<version>-<items hash8>-<YYYY-MM-DD>.csv. */
#ifndef SB_ANSWERS_NAME_H
#define SB_ANSWERS_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/buf.h"

/* Longest id and version parts of a name, in bytes. */
#define SB_NAME_ID_MAX 40
#define SB_NAME_VERSION_MAX 32

/* Appends s made safe for a file name and for the parse below: ASCII letters, digits, '.' and
 * '_' are kept, every run of other bytes becomes one '_', and at most max bytes are written. The
 * form's script does the same to the id the client types (src/render/fillable/form.js). */
void sb_answers_name_part(sb_buf *out, const char *s, size_t max);
/* Appends "<bank id>-<version part>-<first 8 hex digits of sb_bank_items_hash>". */
void sb_answers_name_stem(sb_buf *out, const sb_bank *b);

typedef struct {
	char bank[SB_ID_MAX + 1];
	char version[SB_NAME_VERSION_MAX + 1];
	char hash8[9];
} sb_answers_origin;

/* Whether the last component of path has the form's shape (".csv" in any case; a " (1)" that a
 * browser adds to a second download is allowed before it); if so, fills *o. */
bool sb_answers_origin_parse(const char *path, sb_answers_origin *o);
/* Whether o names bank b as it is now: the same id, version part and items hash. */
bool sb_answers_origin_matches(const sb_answers_origin *o, const sb_bank *b);

#endif

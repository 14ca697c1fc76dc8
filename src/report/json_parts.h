/* SPDX-License-Identifier: MIT */
/* json_parts.h — pieces that the report JSON and the compare JSON both write
 * (docs/report-json.md), so the two files say them the same way. */
#ifndef SB_JSON_PARTS_H
#define SB_JSON_PARTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "base/lang.h"
#include "score/score.h"

/* Sets key to v (which may be NULL after a failed allocation); remembers a failure in *failed. */
void sb_json_set(json_t *o, const char *key, json_t *v, bool *failed);
/* Appends v to the array a, the same way. */
void sb_json_push(json_t *a, json_t *v, bool *failed);
/* A finite number, or null. */
json_t *sb_json_real(double v);
/* A step of the catalogue: its id, and its title, summary and actions in language l. */
json_t *sb_json_step(const sb_step *st, sb_lang l, bool *failed);
/* The response-quality flags: longstring, low_irv, inconsistent and missing, each with flagged
 * and value. */
json_t *sb_json_flags(const sb_quality *q, bool *failed);
/* professional_help: where the section stands (placement), the bank's text, its local_help
 * (null when empty) and its emergency text. */
json_t *sb_json_help(const sb_texts *t, sb_lang l, const char *placement, bool *failed);
/* A json_dump_callback that appends to the sb_buf in data; -1 once the buffer has failed. */
int sb_json_dump_to_buf(const char *buffer, size_t size, void *data);
/* Appends root to out as an indented document with exact reals and a final newline. jansson
 * escapes C0 controls only; DEL and the C1 controls (which some terminals obey) from an id in a
 * CSV are escaped too, so the file is safe to print. On failure (false) out is left as it was. */
bool sb_json_write(json_t *root, sb_buf *out);
/* The end of building a JSON document: unless failed, root is written to out (sb_json_write);
 * either way root is released. SB_OK, or SB_ERR_INTERNAL with "<who>: out of memory" in diags. */
sb_status sb_json_finish(json_t *root, bool failed, sb_buf *out, const char *who, sb_diags *diags);

#endif

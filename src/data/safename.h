/* SPDX-License-Identifier: MIT */
/* safename.h — a file name made from a respondent id (report --all): the one place ids become
 * file names. */
#ifndef SB_SAFENAME_H
#define SB_SAFENAME_H

#include <stddef.h>

/* Writes into out (size bytes, at least 16) a name for a file in a folder made from id, first
 * put in Unicode Normalization Form C (libunistring), so the same id typed with composed or
 * decomposed characters gives one name: letters,
 * digits and other characters of every script are kept as they are (valid UTF-8 passes); each
 * byte that is path-unsafe (/ \ : * ? " < > |), a control character (C0, DEL, C1), a
 * direction or zero-width format character, a byte that is not UTF-8, a leading dot and a
 * trailing dot or space becomes '_'. Cut at a character boundary to fit size - 1 bytes;
 * "respondent" for an empty id. The name never leaves the folder (never "." or ".."). Returns
 * its length. */
size_t sb_safe_name(const char *id, char *out, size_t size);

#endif

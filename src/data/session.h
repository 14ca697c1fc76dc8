/* SPDX-License-Identifier: MIT */
/* session.h — one person's way through the questionnaire: position, answers, and the small
 * text format that keeps them on disk between sittings. No terminal I/O here. */
#ifndef SB_SESSION_H
#define SB_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/buf.h"
#include "base/error.h"

/* The version of the state file format written by sb_session_write. */
#define SB_SESSION_FORMAT 2
/* Longest respondent id accepted, in bytes. */
#define SB_RESPONDENT_MAX 128

typedef struct {
	char *bank_id, *bank_version; /* the bank the answers belong to */
	char **item_ids;              /* n_items, in the bank's presentation order */
	int *answers;                 /* n_items; SB_MISSING where not answered or skipped */
	size_t n_items;
	size_t pos;                   /* the item on screen; n_items once past the last */
	long long started;            /* seconds since the epoch, as the caller gave it */
	char *respondent;             /* the respondent id, or NULL */
} sb_session;

/* A new session on bank b at its first item, every answer missing. respondent may be NULL.
 * SB_OK; SB_ERR_USAGE for a respondent id that is empty, too long or holds control characters;
 * SB_ERR_DATA for a bank version holding control characters; SB_ERR_INTERNAL on allocation
 * failure. Detail in d. */
sb_status sb_session_new(const sb_bank *b, long long started, const char *respondent,
                         sb_session **out, sb_diags *d);
void sb_session_free(sb_session *s);

/* Replaces the respondent id (NULL removes it); the same checks and statuses as sb_session_new. */
sb_status sb_session_set_respondent(sb_session *s, const char *respondent, sb_diags *d);
/* Whether id is acceptable as a respondent id: 1..SB_RESPONDENT_MAX bytes of valid UTF-8 with no
 * control characters. */
bool sb_respondent_valid(const char *id);

/* Moves. Each returns true when it did something, false when it cannot (no item there). */
/* Records value for the current item and moves to the next; false when value is outside the
 * item's response range or the session is finished. */
bool sb_session_answer(sb_session *s, const sb_bank *b, int value);
/* Marks the current item missing and moves on. */
bool sb_session_skip(sb_session *s);
/* Goes back one item; its earlier answer stays until it is changed. */
bool sb_session_back(sb_session *s);
/* Moves on keeping the current item's answer; false when it has none (skip is the way past). */
bool sb_session_next(sb_session *s);
/* Goes to item pos (0..n_items; n_items is the end). */
bool sb_session_jump(sb_session *s, size_t pos);
bool sb_session_finished(const sb_session *s);
/* How many items have an answer. */
size_t sb_session_answered(const sb_session *s);

/* Writes the state file text into out (format below). SB_OK or SB_ERR_INTERNAL.
 *
 *   securebase-session 2
 *   bank ID
 *   version VERSION          (the rest of the line)
 *   started SECONDS
 *   respondent ID            (only when there is one; the rest of the line)
 *   items N
 *   position P               (0..N; N means past the last item)
 *   ITEM_ID VALUE            (N lines in bank order; VALUE an integer or - for missing)
 *   end CHECKSUM             (8 lowercase hex digits: the CRC-32 of every byte before this line)
 *
 * Every line ends with a newline; nothing follows the "end" line. Format 1, written by older
 * versions, is the same without the checksum ("end" alone) and is still read. */
sb_status sb_session_write(const sb_session *s, sb_buf *out);
/* Parses a state file strictly. name is used in diagnostics. SB_OK and *out, or SB_ERR_DATA with
 * the first problem (name, 1-based line and column) in d and *out NULL; SB_ERR_INTERNAL on
 * allocation failure. Safe on any input. */
sb_status sb_session_parse(const char *data, size_t len, const char *name, sb_session **out,
                           sb_diags *d);
/* Whether a parsed session belongs to bank b: the same id, version and item ids in the same
 * order, every answer in its item's range. SB_OK, or SB_ERR_DATA with the reason in d. */
sb_status sb_session_check(const sb_session *s, const sb_bank *b, const char *name, sb_diags *d);

/* Line mode: what one line of input means for an item whose range is min..max. */
typedef enum {
	SB_LINE_VALUE,        /* *value holds the answer */
	SB_LINE_SKIP,         /* empty (or only blanks): a missing answer */
	SB_LINE_NOT_NUMBER,   /* anything that is not a whole number */
	SB_LINE_OUT_OF_RANGE  /* a whole number outside min..max */
} sb_line_kind;

/* Reads one line (without or with its newline; spaces, tabs and a trailing CR around the value
 * are ignored). Safe on any bytes, NULs included. */
sb_line_kind sb_session_parse_line(const char *line, size_t len, int min, int max, int *value);

#endif

/* SPDX-License-Identifier: MIT */
/* import.h — what it takes to read survey-platform exports: the header's columns mapped to the
 * bank once (item ids, question texts, a mapping file, the id column), "did you mean" for items
 * without a column, the separator and platform header rows sniffed from the file's start, and the
 * slow path of a cell (labels, 3.0, full-width digits, missing codes). All of it runs once per
 * column or only for a cell that is not a plain digit, so the reader's fast path is untouched. */
#ifndef SB_IMPORT_H
#define SB_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/error.h"

/* One line of a --columns mapping file: the header's column name and the bank item id. */
typedef struct {
	const char *column;
	const char *item;
} sb_column_pair;

typedef enum {
	SB_COL_IGNORED, /* neither the id, an item, nor kept */
	SB_COL_ID,
	SB_COL_ITEM,
	SB_COL_KEPT     /* only kept (--keep), not an item */
} sb_col_role;

typedef enum {
	SB_BY_ID,       /* the header is the item id */
	SB_BY_FILE,     /* the --columns file names it */
	SB_BY_CODE,     /* a platform's code around the id: SB[anx01], sb.anx01, Q5_anx01 */
	SB_BY_TEXT      /* the item's text in one of the bank's languages */
} sb_col_how;

typedef struct {
	sb_col_role role;
	size_t item;    /* SB_COL_ITEM */
	sb_col_how how; /* SB_COL_ITEM */
} sb_col_map;

typedef struct {
	/* The id column's name; NULL: "id", and when there is none, one of the names platforms use
	 * (record_id, ResponseId, Response ID, token, ...). */
	const char *id_column;
	const sb_column_pair *columns; /* --columns */
	size_t n_columns;
	const char *const *keep;       /* --keep names (kept columns are not "ignored") */
	size_t n_keep;
	bool allow_missing_items;      /* an item without a column is missing in every row */
} sb_import_header_opts;

/* Maps header names[0..n) (lens: their lengths; a name may hold a NUL and then matches nothing)
 * to the bank. map gets n entries; *id_col the id column. Every problem goes to d at (file, row,
 * column): no id column, an item or the id named twice, an item with no column (with "did you
 * mean" when a column is close: case, zero-padding, edit distance) unless allowed, a --columns
 * line naming an item the bank lacks. SB_OK, SB_ERR_DATA, or SB_ERR_INTERNAL. */
sb_status sb_import_header(const sb_bank *b, const char *const *names, const size_t *lens,
                           size_t n, const sb_import_header_opts *o, const char *file, long row,
                           sb_col_map *map, size_t *id_col, sb_diags *d);

/* Folds a header or a label for comparison into out (size bytes, NUL-terminated): trims, collapses
 * white space, full-width ASCII and CJK punctuation to ASCII, ASCII lower case, and (number set)
 * drops a leading question number such as "12.", "12、", "Q12 ", "Q12:". Returns the length, or
 * (size_t)-1 when it does not fit. */
size_t sb_import_fold(const char *s, size_t n, bool number, char *out, size_t size);

/* The separator of the header line at the start of head: the most frequent of ',' ';' TAB outside
 * quotes (a comma on a tie or when there is none). */
char sb_import_sniff_delimiter(const char *head, size_t n);
/* Rows after the header that are a platform's further header rows: 2 for Qualtrics (its third
 * row holds {"ImportId":...}), else 0. head is the decoded start, delim its separator. */
long sb_import_sniff_header_rows(const char *head, size_t n, char delim);

/* The slow path of a cell. */
typedef struct sb_cells sb_cells;
/* Labels of every response scale in every bank language, folded; missing codes (NULL: "NA"). */
sb_status sb_cells_new(const sb_bank *b, const char *const *missing, size_t n_missing,
                       bool missing_set, sb_cells **out);
void sb_cells_free(sb_cells *c);
/* Reads a cell of an item on response scale r: 1 with *v set (SB_MISSING for a blank cell or a
 * missing code), 0 when it is none of: spaces around a whole number, full-width digits, a
 * whole-number decimal (3.0), a label of the scale, a missing code. *v may be out of range. */
int sb_cells_value(const sb_cells *c, size_t r, const char *s, size_t n, long long *v);

#endif

/* SPDX-License-Identifier: MIT */
/* doc.h — the document model: what a report says, decided once; renderers only format it. */
#ifndef SB_DOC_H
#define SB_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "base/lang.h"

typedef enum {
	SB_BLOCK_HEADING,       /* level 1..3, text */
	SB_BLOCK_PARAGRAPH,     /* text, with a tone */
	SB_BLOCK_LIST,          /* items; ordered or not */
	SB_BLOCK_KV,            /* key-value pairs (keys in items[2i], values in items[2i+1]) */
	SB_BLOCK_TABLE,         /* header cells then rows of cells */
	SB_BLOCK_STYLE_CHART,   /* the attachment-style plane */
	SB_BLOCK_PROFILE_CHART, /* horizontal bars over each scale's full range */
	SB_BLOCK_WRITE_AREA,    /* empty lines to write on: notes, a signature line, answer boxes */
	SB_BLOCK_PAGE_BREAK     /* a page break hint for paged formats */
} sb_block_kind;

typedef enum {
	SB_TONE_NORMAL,
	SB_TONE_LEAD,    /* an introduction, set slightly larger */
	SB_TONE_NOTE,    /* a quieter aside: disclaimers, definitions */
	SB_TONE_ALERT,   /* needs attention: professional help, emergency */
	SB_TONE_SMALL    /* fine print: item ids on forms */
} sb_tone;

typedef struct {
	char *label;     /* e.g. a respondent id or "1st" / "2nd" */
	double x, y;     /* x: avoidance, y: anxiety */
} sb_chart_point;

typedef struct {
	char *x_label, *y_label;     /* axis titles: avoidance, anxiety */
	double x_min, x_max, y_min, y_max;
	double x_cut, y_cut;         /* cut-off lines */
	char *region[4];             /* names by SB_STYLE_*: secure (low, low), preoccupied (high
	                              * anxiety, low avoidance), dismissive (low anxiety, high
	                              * avoidance), fearful (both high) */
	sb_chart_point *points;
	size_t n_points;
	bool arrow;                  /* draw an arrow from points[0] to points[1] */
} sb_style_chart;

typedef struct {
	char *label;
	double lo, hi;
} sb_chart_band;

typedef struct {
	char *name;                  /* scale name */
	double lo, hi;               /* the scale's possible range */
	sb_chart_band *bands;
	size_t n_bands;
	double value[2];             /* one per series */
	bool scored[2];
	char *value_text[2];         /* the score as printed, or a "not scored" text */
} sb_profile_bar;

typedef struct {
	sb_profile_bar *bars;
	size_t n_bars;
	size_t n_series;             /* 1, or 2 for comparisons */
	char *series_label[2];
} sb_profile_chart;

typedef enum { SB_ALIGN_LEFT, SB_ALIGN_RIGHT, SB_ALIGN_CENTER } sb_align;

typedef struct {
	sb_block_kind kind;
	int level;                   /* heading level 1..3 */
	sb_tone tone;
	char *text;                  /* heading, paragraph, write-area label */
	char **items;                /* list items, kv pairs, or table cells row by row */
	size_t n_items;
	bool ordered;                /* list */
	size_t n_cols;               /* table: columns; first n_cols items are the header */
	sb_align *align;             /* table: one per column */
	size_t lines;                /* write area: how many lines */
	bool keep_with_next;         /* paged formats avoid a break after this block */
	sb_style_chart *style_chart;
	sb_profile_chart *profile_chart;
} sb_block;

typedef struct {
	sb_lang lang;
	char *title;
	char *subtitle;
	char *respondent;            /* id, or NULL */
	char *date;                  /* ISO date the report was made */
	char *footer;                /* e.g. bank title and version */
	sb_block *blocks;
	size_t n_blocks, cap;
	bool failed;                 /* an allocation failed while building */
} sb_doc;

/* Building. Every function copies its strings. On allocation failure doc->failed is set and
 * the call is ignored, so a builder checks once at the end (sb_doc_status). */
sb_doc *sb_doc_new(sb_lang lang);
void sb_doc_free(sb_doc *d);
sb_status sb_doc_status(const sb_doc *d);
void sb_doc_set(sb_doc *d, const char *title, const char *subtitle, const char *respondent,
                const char *date, const char *footer);
void sb_doc_heading(sb_doc *d, int level, const char *text);
void sb_doc_para(sb_doc *d, sb_tone tone, const char *text);
/* Starts a list/kv/table; add entries with sb_doc_add_item to the last block. */
void sb_doc_list(sb_doc *d, bool ordered);
void sb_doc_kv(sb_doc *d);
void sb_doc_table(sb_doc *d, size_t n_cols, const sb_align *align);
void sb_doc_add_item(sb_doc *d, const char *text);
void sb_doc_write_area(sb_doc *d, const char *label, size_t lines);
void sb_doc_page_break(sb_doc *d);
/* Takes ownership of a chart (allocated with sb_calloc, strings with sb_strdup): it is freed with
 * the doc, also when adding fails. */
void sb_doc_style_chart(sb_doc *d, sb_style_chart *c);
void sb_doc_profile_chart(sb_doc *d, sb_profile_chart *c);
/* The last block added, or NULL. */
sb_block *sb_doc_last(sb_doc *d);
void sb_style_chart_free(sb_style_chart *c);
void sb_profile_chart_free(sb_profile_chart *c);

#endif

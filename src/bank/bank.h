/* SPDX-License-Identifier: MIT */
/* bank.h — the question bank model: built once by the loader, immutable after load. */
#ifndef SB_BANK_H
#define SB_BANK_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/lang.h"

#define SB_NONE ((size_t)-1)
/* An unanswered item in an answers array (bank item order). */
#define SB_MISSING INT_MIN

/* Limits on hostile input (documented in docs/security.md). */
#define SB_BANK_MAX_BYTES (8u * 1024 * 1024)
#define SB_BANK_MAX_DEPTH 32
/* YAML nodes (scalars, lists, mappings) in one bank: a file of tiny values must not cost hundreds
 * of MB in the node tree. The default bank has a few thousand. */
#define SB_BANK_MAX_NODES 200000
#define SB_ID_MAX 64

/* A text in every language; an entry is NULL where the bank does not declare that language. */
typedef struct {
	char *s[SB_LANG_COUNT];
} sb_text;

typedef struct {
	char *id;
	int min, max;
	sb_text *labels; /* max - min + 1, labels[v - min] */
} sb_response_scale;

typedef struct {
	char *id;
	sb_text title, summary;
	sb_text *actions;
	size_t n_actions;
	bool with_partner; /* done together with a partner: left out when a safety item is endorsed */
} sb_step;

typedef struct {
	char *id;
	double min, max; /* min <= score < max; the last band of a scale includes max */
	sb_text label, shows_up, origins;
	size_t *steps; /* indexes into bank->steps */
	size_t n_steps;
	sb_text *starters;
	size_t n_starters;
	bool seek_help;
} sb_band;

typedef struct {
	bool present;
	double mean, sd;
	double reliability; /* NAN when not given */
	long n;             /* 0 when not given */
	sb_text sample;
	char *source;
} sb_norms;

typedef enum { SB_METHOD_MEAN, SB_METHOD_SUM } sb_method;

typedef struct {
	char *id;
	sb_text name, description;
	sb_method method;
	double min_answered; /* share of items, 0 < x <= 1 */
	sb_norms norms;
	sb_band *bands;
	size_t n_bands;
	size_t *items; /* indexes into bank->items, in presentation order */
	size_t n_items;
	size_t response; /* index into bank->responses (all items share it) */
	double lo, hi;   /* the possible range of the score */
	long line, col;  /* where the scale starts in the bank file */
} sb_scale;

typedef struct {
	char *id;
	size_t scale;    /* index into bank->scales; SB_NONE for a safety item */
	size_t response; /* index into bank->responses */
	bool reverse;
	bool safety;     /* an optional safety question: in no scale, never scored */
	sb_text text;
	long line, col;  /* where the item starts in the bank file, for `validate --strict` */
} sb_item;

enum { SB_STYLE_SECURE, SB_STYLE_PREOCCUPIED, SB_STYLE_DISMISSIVE, SB_STYLE_FEARFUL, SB_STYLE_COUNT };

typedef struct {
	bool present;
	size_t anxiety, avoidance; /* scale indexes */
	double anxiety_cutoff, avoidance_cutoff, margin;
	struct {
		sb_text name, explanation;
	} styles[SB_STYLE_COUNT];
} sb_attachment;

typedef struct {
	sb_text about, instructions, disclaimer, why_it_matters, professional_help, local_help,
		emergency, closing;
	/* Optional, for comparison reports; all-NULL when the bank leaves them out. */
	sb_text couple_note, retest_note, retest_no_verdict;
	/* Optional (bank 2.0): care and safety. A report without them still has its safety
	 * section (heading and emergency text); questions/README.md says what each is for. */
	sb_text common_worry, safety, safety_help, safety_endorsed, unreadable, credits;
	/* Optional: what a result means, where the engine has a sentence of its own to say it.
	 * Without them a report uses the compiled-in sentence (base/labels.h), as it does for
	 * unreadable: near_boundary closes the "no clear leaning" paragraph, retest_direction
	 * reads the change table, couple_no_pattern says that no couple pattern fits.
	 * dimension_near, _above and _below open the "no clear leaning" paragraph, one sentence
	 * per dimension: where that score lies; "{scale}" in them stands for the scale's name. */
	sb_text near_boundary, retest_direction, couple_no_pattern;
	sb_text dimension_near, dimension_above, dimension_below;
} sb_texts;

/* One side of a couple pattern: a partner meets it when at least at_least of scales are scored
 * and fall in a band whose id is one of bands. */
typedef struct {
	size_t *scales;    /* indexes into bank->scales: one (`scale`) or several (`scales`) */
	size_t n_scales;
	size_t at_least;   /* 1..n_scales; n_scales unless the bank says otherwise */
	char **bands;      /* band ids, each a band of every one of scales */
	size_t n_bands;
	sb_text *starters; /* sentences for the partner who meets this side; may be none */
	size_t n_starters;
} sb_couple_condition;

/* A pattern two partners' profiles can form together (questions/README.md, couple_patterns).
 * With two conditions one partner meets when[0] and the other when[1], either way round; with
 * one, one partner or both meet it. */
typedef struct {
	char *id;
	sb_couple_condition when[2];
	size_t n_when;     /* 1 or 2 */
	sb_text title, explanation;
	sb_text *starters; /* for either partner; may be none */
	size_t n_starters;
	size_t *steps;     /* indexes into bank->steps */
	size_t n_steps;
	bool seek_help;
} sb_couple_pattern;

typedef struct sb_bank {
	int format;
	char *id, *version;
	sb_text title, attribution;
	bool has_lang[SB_LANG_COUNT];
	sb_response_scale *responses;
	size_t n_responses;
	sb_step *steps;
	size_t n_steps;
	sb_scale *scales;
	size_t n_scales;
	sb_item *items;
	size_t n_items;
	sb_attachment attachment;
	sb_texts texts;
	char *source; /* the name the bank was loaded under, e.g. a path or "(embedded)" */
	sb_couple_pattern *couple_patterns; /* optional; in the bank's order */
	size_t n_couple_patterns;
	size_t n_safety_items; /* items with safety set */
	/* A cache, not part of the bank's content: its item texts folded for matching header names
	 * (n_items * SB_LANG_COUNT, NULL where none, then data/import.c's hash table of them, in one
	 * allocation), built by data/import.c the first time a header needs them (set once,
	 * atomically, so a shared bank stays safe to use from several threads) and freed with the
	 * bank. NULL until then. */
	char **folded_texts;
	/* Another such cache: the scoring plan of score/score.c (its tables for every possible
	 * sum), built the first time a result is made for this bank, set once, freed with it. */
	void *score_plan;
	/* And data/import.c's: the response labels folded for reading cells, built by the first
	 * reader of answers, set once, freed with the bank. */
	void *folded_labels;
} sb_bank;

/* Loads a bank from memory. name is used in diagnostics. On success returns SB_OK and *out;
 * otherwise SB_ERR_DATA (or SB_ERR_INTERNAL on allocation failure), *out NULL, and every problem
 * found in d. */
sb_status sb_bank_load(const char *data, size_t len, const char *name, sb_bank **out,
                       sb_diags *d);
/* Reads a bank file's bytes ("-" is stdin), at most SB_BANK_MAX_BYTES + 1 of them (loading
 * refuses more); SB_ERR_NOINPUT when it cannot be opened. *data (maybe NULL when empty) is
 * freed with sb_free. */
sb_status sb_bank_read_file(const char *path, char **data, size_t *len, sb_diags *d);
/* Reads and loads a file ("-" is stdin); SB_ERR_NOINPUT when it cannot be opened. */
sb_status sb_bank_load_file(const char *path, sb_bank **out, sb_diags *d);
void sb_bank_free(sb_bank *b);

/* The bank compiled into the binary, byte for byte. */
extern const unsigned char sb_embedded_bank[];
extern const size_t sb_embedded_bank_len;
sb_status sb_bank_load_embedded(sb_bank **out, sb_diags *d);

/* A text in language l, falling back to the other language; never NULL (may be ""). */
const char *sb_text_get(const sb_text *t, sb_lang l);
/* Index of the item / scale with this id, or SB_NONE. */
size_t sb_bank_item(const sb_bank *b, const char *id);
size_t sb_bank_scale(const sb_bank *b, const char *id);
/* The band a score falls in (see sb_band), or SB_NONE when outside the range. */
size_t sb_scale_band(const sb_scale *s, double score);
/* The id of item i's scale, or "safety" for a safety item (in no scale). */
const char *sb_item_scale_id(const sb_bank *b, size_t i);
/* Whether band index i is the scale's highest. */
bool sb_band_is_highest(const sb_scale *s, size_t i);
/* Whether id is a valid bank id: [a-z][a-z0-9_]*, at most SB_ID_MAX characters. */
bool sb_id_valid(const char *id);

/* The least reverse-keyed items a scale needs under `validate --strict`. */
#define SB_LINT_MIN_REVERSE 3
/* The quality rules `validate --strict` adds to loading (questions/README.md, "Strict checks"):
 * every scale has at least SB_LINT_MIN_REVERSE reverse-keyed items; no reverse-keyed item holds a
 * negation word of its language (sb_lint_negation); no two items of different scales (or a
 * scale and the safety items) share a text. Each finding goes into d with the bank's name and the
 * item's or scale's line and column. Returns the number of findings. */
size_t sb_bank_lint(const sb_bank *b, sb_diags *d);
/* The negation word of language l that text holds, or NULL: a whole word of the English list
 * (any case; "n't" as a word ending), or a character of the Chinese list. */
const char *sb_lint_negation(const char *text, sb_lang l);

/* A stable, line-oriented dump of the whole model, for tests and `validate --dump`. */
void sb_bank_dump(const sb_bank *b, sb_buf *out);

#endif

/* SPDX-License-Identifier: MIT */
/* load_internal.h — private to the bank loader (the files of src/bank only): the YAML node tree,
 * the load context, and the helpers its files share. Shared names carry sb_ld_ ("loader");
 * helpers used by one file only stay static there with S_.
 *   yaml_tree.c  phase 0 and 1: the bytes are checked, libyaml events become an sb_ld_node tree
 *   schema.c     phase 2 helpers: typed scalars, field tables, texts, id indexes
 *   sections.c   phase 2: response scales, steps, texts, scales (norms, bands) and items
 *   links.c      phase 2 after the lists: items tied to scales, band coverage, attachment and
 *                couple patterns (the sections that refer to others)
 *   bank_load.c  the top-level walk and the entry points (sb_bank_load*) */
#ifndef SB_BANK_LOAD_INTERNAL_H
#define SB_BANK_LOAD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/bank.h"
#include "base/error.h"

/* ---- the private node tree (phase 1) ---- */

/* SB_LD_BAD: an alias, already reported */
typedef enum { SB_LD_SCALAR, SB_LD_SEQ, SB_LD_MAP, SB_LD_BAD } sb_ld_kind;

typedef struct sb_ld_node {
	sb_ld_kind kind;
	long line, col; /* 1-based, from the event's start_mark */
	bool quoted;    /* a scalar not written plain (quoted or block): never a number or null */
	bool dup;       /* a mapping key used earlier in the same mapping: its pair is skipped */
	char *str;      /* a scalar's value */
	size_t len;
	struct sb_ld_node **kids; /* sequence: the items; mapping: key, value, key, value, ... */
	size_t n, cap;
} sb_ld_node;

typedef struct {
	const char *id;
	const sb_ld_node *node; /* where the id is written */
	size_t index;           /* index of the entity in its list */
	const char *kind;       /* "item", "scale", ... for messages */
} sb_ld_name;

/* Ids of one list, sorted for lookup. */
typedef struct {
	sb_ld_name *v;
	size_t n;
} sb_ld_index;

typedef struct {
	const sb_ld_node *min, *max; /* the band's edges as written, for positions */
	bool ok;                     /* both edges are numbers */
} sb_ld_band_aux;

typedef struct {
	const sb_ld_node *map;
	sb_ld_band_aux *bands;
	bool range_known; /* lo and hi are known (the items agree on one response scale) */
} sb_ld_scale_aux;

typedef struct {
	const sb_ld_node *map, *response;
} sb_ld_item_aux;

typedef struct {
	const char *file;
	const char *data;
	size_t len;
	sb_diags *d;
	size_t errors; /* problems reported in this load, whether or not d could keep them */
	size_t nodes;  /* nodes built so far, held to SB_BANK_MAX_NODES */
	bool oom;
	sb_bank *b;
	bool langs_known; /* `languages` was read, so texts can be checked against it */
	sb_ld_index responses, steps, scales;
	sb_ld_scale_aux *sx; /* one per scale (n_sx) */
	size_t n_sx;
	sb_ld_item_aux *ix;
} sb_ld_ctx;

/* One known key of a mapping, for sb_ld_fields. */
typedef struct {
	const char *key;
	bool required;
} sb_ld_field;

/* ---- yaml_tree.c ---- */

/* Reports a problem at line:col of the bank (counted in c->errors). */
void sb_ld_err_at(sb_ld_ctx *c, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Reports a problem at node n's position (0:0 when n is NULL). */
void sb_ld_err(sb_ld_ctx *c, const sb_ld_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Frees a node and everything under it; accepts NULL. */
void sb_ld_node_free(sb_ld_node *n);
/* "a list", "a mapping", "an alias" or "a value", for messages. */
const char *sb_ld_kind_name(const sb_ld_node *n);
/* Phase 0: size and encoding. Returns false after reporting. */
bool sb_ld_check_bytes(sb_ld_ctx *c);
/* Phase 1: the node tree. Returns false when the parse had to stop; *root is then NULL. */
bool sb_ld_parse(sb_ld_ctx *c, sb_ld_node **root);

/* ---- schema.c ---- */

/* Whether n is a plain null scalar ("", ~, null, Null, NULL). */
bool sb_ld_is_null(const sb_ld_node *n);
/* Whether a scalar looks like an integer (or, when !integer, a decimal number). */
bool sb_ld_numeric(const sb_ld_node *n, bool integer);
/* Whether n is of kind k; reports "expected WHAT for PATH, found ..." otherwise. */
bool sb_ld_want(sb_ld_ctx *c, const sb_ld_node *n, sb_ld_kind k, const char *what,
                const char *path);
/* "key" at the top level, else "key of where"; returns buf. */
const char *sb_ld_path(char *buf, size_t size, const char *key, const char *where);
/* A scalar's string, or NULL after reporting. */
const char *sb_ld_str(sb_ld_ctx *c, const sb_ld_node *n, const char *path);
/* A plain integer into *out; false after reporting. */
bool sb_ld_long(sb_ld_ctx *c, const sb_ld_node *n, const char *path, long *out);
/* A plain finite number into *out; false after reporting. */
bool sb_ld_double(sb_ld_ctx *c, const sb_ld_node *n, const char *path, double *out);
/* true or false into *out; false after reporting. */
bool sb_ld_bool(sb_ld_ctx *c, const sb_ld_node *n, const char *path, bool *out);
/* A copy of a string into the model (NULL and c->oom when out of memory). */
char *sb_ld_dup(sb_ld_ctx *c, const char *s);
/* A valid id, or NULL after reporting. */
const char *sb_ld_id(sb_ld_ctx *c, const sb_ld_node *n, const char *path);
/* The value of key in mapping m (NULL when absent or m is not a mapping). */
const sb_ld_node *sb_ld_get(const sb_ld_node *m, const char *key);
/* Matches a mapping's keys against the known fields (out[i]: f[i]'s value or NULL); reports
 * unknown and missing keys. False when map is not a mapping. */
bool sb_ld_fields(sb_ld_ctx *c, const sb_ld_node *map, const char *where, const sb_ld_field *f,
                  size_t nf, const sb_ld_node **out);
/* "KIND 'id'" for element i of a list when it has a valid id, else "KIND N" (1-based). */
const char *sb_ld_elem(char *buf, size_t size, const char *kind, const sb_ld_node *m, size_t i);
/* A text {zh: ..., en: ...} with exactly the declared languages, into *out. */
void sb_ld_text(sb_ld_ctx *c, const sb_ld_node *n, const char *path, bool may_be_empty,
                sb_text *out);
/* A list of texts (actions, starters), at least min_n of them, into *out and *n_out. */
void sb_ld_text_list(sb_ld_ctx *c, const sb_ld_node *n, const char *key, const char *where,
                     const char *one, size_t min_n, sb_text **out, size_t *n_out);
/* qsort order of sb_ld_name: by id, then position. */
int sb_ld_name_cmp(const void *pa, const void *pb);
/* Sorts names and reports every id used more than once. */
void sb_ld_dups(sb_ld_ctx *c, sb_ld_name *v, size_t n);
/* The index of id in x (its first use when duplicated), or SB_NONE. */
size_t sb_ld_lookup(const sb_ld_index *x, const char *id);
/* "a, b, c" from the ids of a list whose entities begin with their id; returns buf. */
const char *sb_ld_id_list(char *buf, size_t size, const void *base, size_t stride, size_t n);
/* Builds the lookup index of a list whose entities begin with their id, reporting duplicates. */
void sb_ld_build_index(sb_ld_ctx *c, sb_ld_index *x, const sb_ld_node *seq, const void *base,
                       size_t stride, size_t n, const char *kind);

/* ---- sections.c ---- */

/* Response scale i of response_scales. */
void sb_ld_response(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_response_scale *r);
/* Step i of steps. */
void sb_ld_step(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_step *s);
/* The texts section. */
void sb_ld_texts(sb_ld_ctx *c, const sb_ld_node *m);
/* Scale i of scales, with its norms and bands (positions kept in *ax). */
void sb_ld_scale(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_scale *s, sb_ld_scale_aux *ax);
/* Item i of items (positions kept in *ax). */
void sb_ld_item(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_item *it, sb_ld_item_aux *ax);

/* ---- links.c ---- */

/* Ties items to scales: each scale's items, its response scale and possible range. */
void sb_ld_link(sb_ld_ctx *c);
/* Checks that scale s's bands cover its possible range exactly, in ascending order. */
void sb_ld_check_bands(sb_ld_ctx *c, size_t s);
/* The attachment section (after scales, whose ranges it uses). */
void sb_ld_attachment(sb_ld_ctx *c, const sb_ld_node *m);
/* Couple pattern i of couple_patterns (after scales, bands and steps). */
void sb_ld_couple_pattern(sb_ld_ctx *c, const sb_ld_node *m, size_t i, sb_couple_pattern *p);

#endif

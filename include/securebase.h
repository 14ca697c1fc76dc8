/* SPDX-License-Identifier: MIT */
/* securebase.h — libsecurebase, the public interface of the securebase engine: load a question
 * bank, score one response or a whole answers CSV, build a report and render it.
 *
 * Conventions (in the style of cmark.h):
 * - Every name starts with securebase_ / SECUREBASE_; the engine's internal headers use sb_, so
 *   the two never clash, and nothing else of the engine is exported from the shared library.
 * - Types are opaque; each has one _free function, and every _free accepts NULL.
 * - A function that can fail returns a securebase_status (0 on success, otherwise the sysexits.h
 *   value a command-line program would exit with) and, when given a securebase_errors list,
 *   appends what went wrong there, each problem with file, 1-based line and column.
 * - The library never prints, never exits and never reads the clock; it holds no global state.
 *   Objects may be used from several threads as long as one object is used by one thread at a
 *   time; a loaded bank is immutable and may be shared by threads once loaded.
 * - Strings are UTF-8. Returned strings belong to the object they came from unless a function
 *   says the caller frees them (with securebase_free). */
#ifndef SECUREBASE_H
#define SECUREBASE_H

#include <limits.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SECUREBASE_API marks the exported functions (the library is built with hidden visibility). */
#if defined(__GNUC__) || defined(__clang__)
#define SECUREBASE_API __attribute__((visibility("default")))
#else
#define SECUREBASE_API
#endif

/* The version of this header; securebase_version() gives the library's, which may be newer. */
#define SECUREBASE_VERSION_MAJOR 0
#define SECUREBASE_VERSION_MINOR 1
#define SECUREBASE_VERSION_PATCH 0
#define SECUREBASE_VERSION                                                                \
	((SECUREBASE_VERSION_MAJOR << 16) | (SECUREBASE_VERSION_MINOR << 8) |                 \
	 SECUREBASE_VERSION_PATCH)
#define SECUREBASE_VERSION_STRING "0.1.0"

/* An unanswered item in an answers array. */
#define SECUREBASE_MISSING INT_MIN

/* Outcome of a call: 0, or the sysexits.h status the command-line tool exits with for it. */
typedef enum {
	SECUREBASE_OK = 0,
	SECUREBASE_STOPPED = 1,           /* a callback asked to stop (securebase_score_csv) */
	SECUREBASE_ERR_USAGE = 64,        /* the caller asked for something malformed */
	SECUREBASE_ERR_DATA = 65,         /* the input is invalid (bank, answers, CSV rows) */
	SECUREBASE_ERR_NOINPUT = 66,      /* an input cannot be opened */
	SECUREBASE_ERR_UNAVAILABLE = 69,  /* a feature not built in (PDF without cairo/pango) */
	SECUREBASE_ERR_INTERNAL = 70,     /* out of memory, or a bug */
	SECUREBASE_ERR_CANTCREAT = 73,    /* an output cannot be created */
	SECUREBASE_ERR_IO = 74            /* reading or writing failed */
} securebase_status;

/* Response-quality flags of a result (reported, never used to change scores). */
enum {
	SECUREBASE_FLAG_LONGSTRING = 1u << 0,   /* a long run of identical answers */
	SECUREBASE_FLAG_LOW_IRV = 1u << 1,      /* little variation across answers */
	SECUREBASE_FLAG_INCONSISTENT = 1u << 2, /* opposite-keyed items answered alike */
	SECUREBASE_FLAG_MISSING = 1u << 3       /* too many items unanswered */
};

typedef struct securebase_errors securebase_errors;
typedef struct securebase_bank securebase_bank;
typedef struct securebase_result securebase_result;
typedef struct securebase_report securebase_report;

/* ---- version ---- */

/* The library's version as (major << 16) | (minor << 8) | patch. */
SECUREBASE_API int securebase_version(void);
/* The library's version as a string, e.g. "0.1.0". */
SECUREBASE_API const char *securebase_version_string(void);

/* ---- errors: a list of problems, filled by the functions that fail ---- */

/* A new, empty list of problems (NULL when out of memory). */
SECUREBASE_API securebase_errors *securebase_errors_new(void);
/* Frees the list and its problems. */
SECUREBASE_API void securebase_errors_free(securebase_errors *e);
/* Empties the list, to reuse it. */
SECUREBASE_API void securebase_errors_clear(securebase_errors *e);
/* Number of problems kept (at most 200; further ones are only counted by _dropped). */
SECUREBASE_API size_t securebase_errors_count(const securebase_errors *e);
/* Number of problems left out once the list was full. */
SECUREBASE_API size_t securebase_errors_dropped(const securebase_errors *e);
/* File (or input name) of problem i, or NULL when it concerns no file. */
SECUREBASE_API const char *securebase_errors_file(const securebase_errors *e, size_t i);
/* 1-based line (for an answers CSV: the row) of problem i; 0 when unknown. */
SECUREBASE_API long securebase_errors_line(const securebase_errors *e, size_t i);
/* 1-based column of problem i; 0 when unknown. */
SECUREBASE_API long securebase_errors_column(const securebase_errors *e, size_t i);
/* The message of problem i, in English, without file and position. */
SECUREBASE_API const char *securebase_errors_message(const securebase_errors *e, size_t i);
/* Problem i as the command-line tool prints it: "FILE:LINE:COLUMN: message" (caller frees with
 * securebase_free; NULL when out of memory or i is out of range). */
SECUREBASE_API char *securebase_errors_format(const securebase_errors *e, size_t i);

/* Frees a buffer or string the library handed to the caller. */
SECUREBASE_API void securebase_free(void *p);

/* ---- the question bank ---- */

/* Loads a bank from a YAML file (path "-" is standard input). */
SECUREBASE_API securebase_status securebase_bank_load_file(const char *path,
                                                           securebase_bank **out,
                                                           securebase_errors *err);
/* Loads a bank from YAML text in memory; name is used in error messages (NULL: "(bank)"). */
SECUREBASE_API securebase_status securebase_bank_load_memory(const char *data, size_t len,
                                                             const char *name,
                                                             securebase_bank **out,
                                                             securebase_errors *err);
/* Loads the bank compiled into the library (questions/securebase.yaml). */
SECUREBASE_API securebase_status securebase_bank_load_default(securebase_bank **out,
                                                              securebase_errors *err);
/* Frees a bank; results and reports made from it must be freed first. */
SECUREBASE_API void securebase_bank_free(securebase_bank *b);
/* The bank's id, e.g. "securebase". */
SECUREBASE_API const char *securebase_bank_id(const securebase_bank *b);
/* The bank's version string, e.g. "1.0.0". */
SECUREBASE_API const char *securebase_bank_version(const securebase_bank *b);
/* Number of items; an answers array has this many values, in this order. */
SECUREBASE_API size_t securebase_bank_item_count(const securebase_bank *b);
/* Id of item i (its answers-CSV column), or NULL when i is out of range. */
SECUREBASE_API const char *securebase_bank_item_id(const securebase_bank *b, size_t i);
/* Lowest and highest answer item i accepts; 0 and 0 when i is out of range. */
SECUREBASE_API void securebase_bank_item_range(const securebase_bank *b, size_t i, int *min,
                                               int *max);
/* Number of scales; a result has one score per scale, in this order. */
SECUREBASE_API size_t securebase_bank_scale_count(const securebase_bank *b);
/* Id of scale i, or NULL when i is out of range. */
SECUREBASE_API const char *securebase_bank_scale_id(const securebase_bank *b, size_t i);

/* ---- scoring ---- */

/* Scores one response: n values in bank item order (n must be securebase_bank_item_count),
 * SECUREBASE_MISSING for an unanswered item. A value outside its item's range is
 * SECUREBASE_ERR_DATA with the item named ("answers", line 1, column = item number). */
SECUREBASE_API securebase_status securebase_score(const securebase_bank *b, const int *answers,
                                                  size_t n, securebase_result **out,
                                                  securebase_errors *err);
/* Frees a result. */
SECUREBASE_API void securebase_result_free(securebase_result *r);
/* Number of scales (the bank's). */
SECUREBASE_API size_t securebase_result_scale_count(const securebase_result *r);
/* Id of scale i, or NULL when i is out of range. */
SECUREBASE_API const char *securebase_result_scale_id(const securebase_result *r, size_t i);
/* Whether scale i was scored (enough of its items were answered). */
SECUREBASE_API int securebase_result_scored(const securebase_result *r, size_t i);
/* Score of scale i (unrounded mean or sum of keyed answers); NAN when not scored. */
SECUREBASE_API double securebase_result_score(const securebase_result *r, size_t i);
/* Id of the band scale i's score falls in, or NULL when not scored. */
SECUREBASE_API const char *securebase_result_band(const securebase_result *r, size_t i);
/* Items of scale i that were answered, and (in *n_items, when not NULL) items it has. */
SECUREBASE_API size_t securebase_result_answered(const securebase_result *r, size_t i,
                                                 size_t *n_items);
/* The attachment leaning as the CSV's style column writes it ("secure", "preoccupied",
 * "dismissive", "fearful"), or NULL when there is none. A leaning describes answers, never a
 * person. */
SECUREBASE_API const char *securebase_result_style(const securebase_result *r);
/* Whether the leaning lies within the bank's margin of a cut-off. */
SECUREBASE_API int securebase_result_near_boundary(const securebase_result *r);
/* The response-quality flags that apply (SECUREBASE_FLAG_*). */
SECUREBASE_API unsigned securebase_result_flags(const securebase_result *r);
/* The flags as the CSV's flags column writes them ("longstring;low_irv", "" for none). */
SECUREBASE_API const char *securebase_result_flags_text(const securebase_result *r);

/* ---- an answers CSV, streamed ---- */

/* Called once per scored row, in input order: row is the 1-based line (the header is row 1), id
 * the row's id, r its result (valid during the call only). Return 0 to go on, anything else to
 * stop. */
typedef int (*securebase_row_fn)(void *user, long row, const char *id,
                                 const securebase_result *r);
/* Reads an answers CSV (header `id` and item ids, as `securebase score` reads it) from fd, which
 * stays open, and scores it row by row in fixed memory. name is used in error messages (NULL:
 * "-"). Each row that cannot be scored is added to err at its row and column and the rest go on;
 * the status is then SECUREBASE_ERR_DATA. SECUREBASE_STOPPED when on_row stopped the run. */
SECUREBASE_API securebase_status securebase_score_csv(const securebase_bank *b, int fd,
                                                      const char *name, securebase_row_fn on_row,
                                                      void *user, securebase_errors *err);

/* ---- reports ---- */

/* Builds the report of a result: lang "zh" or "en"; audience "self" (the person who answered) or
 * "counsellor"; respondent the id to show (may be NULL); date the date to print (YYYY-MM-DD, may be
 * NULL: the library never reads the clock). The result (and its bank) must outlive the report. */
SECUREBASE_API securebase_status securebase_report_new(const securebase_result *r,
                                                       const char *lang, const char *audience,
                                                       const char *respondent, const char *date,
                                                       securebase_report **out,
                                                       securebase_errors *err);
/* Frees a report. */
SECUREBASE_API void securebase_report_free(securebase_report *rep);
/* Whether this build renders format ("text", "md", "html", "json", "pdf"). */
SECUREBASE_API int securebase_format_available(const char *format);
/* Renders the report as `securebase report --format FORMAT -o FILE` writes it: "text", "md",
 * "html", "json" (the report JSON with scores) or "pdf" (when built). *out receives the bytes (NUL-
 * terminated, except that PDF may hold NULs; free with securebase_free), *len their count.
 * SECUREBASE_ERR_USAGE for an unknown format, SECUREBASE_ERR_UNAVAILABLE for PDF without it.
 * The first PDF of a process sets up its fonts: with hb-subset built in, it adds two fonts (the
 * CJK faces cut down, in memory files, family "securebase CJK SC") to fontconfig's current
 * configuration; SECUREBASE_PDF_SUBSET=0 in the environment leaves fontconfig alone. */
SECUREBASE_API securebase_status securebase_report_render(const securebase_report *rep,
                                                          const char *format, char **out,
                                                          size_t *len, securebase_errors *err);

#ifdef __cplusplus
}
#endif

#endif

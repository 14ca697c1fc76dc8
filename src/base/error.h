/* SPDX-License-Identifier: MIT */
/* error.h — the one error convention: a status plus diagnostics with file, line, column. */
#ifndef SB_ERROR_H
#define SB_ERROR_H

#include <stddef.h>

/* Status of a core call; main maps each to a sysexits.h exit status. */
typedef enum {
	SB_OK = 0,
	SB_ERR_USAGE,       /* 64: the caller asked for something malformed */
	SB_ERR_DATA,        /* 65: the input is invalid */
	SB_ERR_NOINPUT,     /* 66: an input cannot be opened */
	SB_ERR_UNAVAILABLE, /* 69: a feature not built in */
	SB_ERR_INTERNAL,    /* 70: a bug or an allocation failure */
	SB_ERR_CANTCREAT,   /* 73: an output cannot be created */
	SB_ERR_IO           /* 74: reading or writing failed */
} sb_status;

/* One problem. file may be NULL; line and column are 1-based, 0 when unknown. */
typedef struct {
	char *file;
	long line;
	long column;
	char *message;
} sb_diag;

/* A list of problems, so one pass can report them all. Zero-initialise before use. */
typedef struct {
	sb_diag *v;
	size_t n, cap;
	size_t limit; /* 0: default cap (200); further problems are counted in dropped */
	size_t dropped;
} sb_diags;

/* Adds a problem; never fails (an allocation failure is recorded as dropped). */
void sb_diags_add(sb_diags *d, const char *file, long line, long column,
                  const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Formats diagnostic i as "FILE:LINE:COLUMN: message" into a static-free caller buffer. */
void sb_diag_format(const sb_diag *g, char *out, size_t size);
void sb_diags_clear(sb_diags *d);
void sb_diags_free(sb_diags *d);

/* Exit status (sysexits.h) for a status. */
int sb_status_exit(sb_status s);

#endif

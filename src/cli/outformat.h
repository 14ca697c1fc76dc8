/* SPDX-License-Identifier: MIT */
/* outformat.h — one rule for the format of every command's output: --format, else the output
 * file's extension, else the command's default. */
#ifndef SB_CLI_OUTFORMAT_H
#define SB_CLI_OUTFORMAT_H

#include <stdbool.h>

#include "cli/cli.h"
#include "render/render.h"

typedef enum {
	SB_OUT_TEXT,
	SB_OUT_MD,
	SB_OUT_HTML,
	SB_OUT_PDF,
	SB_OUT_JSON,
	SB_OUT_CSV,
	SB_OUT_JSONL,
	SB_OUT_SAV, /* SPSS */
	SB_OUT_DTA, /* Stata */
	SB_OUT_N
} sb_outfmt;

#define SB_OUT_BIT(f) (1u << (f))
/* What report and compare write; what form writes; what score writes. */
#define SB_OUT_DOCS                                                                            \
	(SB_OUT_BIT(SB_OUT_TEXT) | SB_OUT_BIT(SB_OUT_MD) | SB_OUT_BIT(SB_OUT_HTML) |             \
	 SB_OUT_BIT(SB_OUT_PDF) | SB_OUT_BIT(SB_OUT_JSON))
#define SB_OUT_FORMS (SB_OUT_DOCS & ~SB_OUT_BIT(SB_OUT_JSON))
#define SB_OUT_ROWS                                                                            \
	(SB_OUT_BIT(SB_OUT_CSV) | SB_OUT_BIT(SB_OUT_JSONL) | SB_OUT_BIT(SB_OUT_SAV) |              \
	 SB_OUT_BIT(SB_OUT_DTA))

/* The format a file name's extension asks for (.txt .text .md .markdown .html .htm .pdf .json
 * .csv .jsonl .sav .dta, any case); -1 when it names none of these. */
int sb_outfmt_from_path(const char *path);
/* Whether the format is binary (never written to a terminal): PDF, sav, dta. */
bool sb_outfmt_binary(sb_outfmt f);
/* The renderer's format for a document format (TEXT to JSON). */
sb_format sb_outfmt_render(sb_outfmt f);

/* Decides the format of command cmd's output: format (the --format value, or NULL), else the
 * extension of path (the -o value; NULL or "-" is standard output, "" files the
 * command names itself) when it names one of the
 * allowed formats (a mask of SB_OUT_BIT), else deflt (-1: the format must be named, and naming
 * none is a usage error). A --format the command does not write, a --format contradicting the
 * extension, and a binary format for standard output when it is a terminal are usage errors:
 * each is printed and 64 returned. 69 when PDF, or sav and dta (libreadstat), are not built in. 0 and *out on success. */
int sb_cli_outformat(sb_cli *c, const char *cmd, const char *format, const char *path,
                     unsigned allowed, int deflt, sb_outfmt *out);
/* Prepares the allocator for PDF rendering (larger mmap and trim thresholds, a huge-page hint on
 * the heap; see outformat.c), once per process. sb_cli_outformat calls it when it decides on PDF;
 * call it before rendering a PDF chosen another way. Nothing without PDF support or glibc. */
void sb_cli_heap_for_pdf(void);

#endif

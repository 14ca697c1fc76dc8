/* SPDX-License-Identifier: MIT */
/* import_opts.h — the options every command that reads an answers file shares (score, report,
 * compare): how to read a survey export (docs/importing.md), and the import summary. */
#ifndef SB_IMPORT_OPTS_H
#define SB_IMPORT_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "cli/cli.h"
#include "data/answers.h"

/* getopt_long values of the import options (above any short option's character). */
enum {
	SB_OPT_ID_COLUMN = 0x1100,
	SB_OPT_ALLOW_MISSING,
	SB_OPT_DELIMITER,
	SB_OPT_ENCODING,
	SB_OPT_SKIP_ROWS,
	SB_OPT_COLUMNS,
	SB_OPT_MISSING,
	SB_OPT_NO_GUARD,
};

/* The entries to put in a command's struct option table. */
#define SB_IMPORT_LONG_OPTIONS                                                   \
	{ "id-column", required_argument, NULL, SB_OPT_ID_COLUMN },              \
	{ "allow-missing-items", no_argument, NULL, SB_OPT_ALLOW_MISSING },      \
	{ "delimiter", required_argument, NULL, SB_OPT_DELIMITER },              \
	{ "encoding", required_argument, NULL, SB_OPT_ENCODING },                \
	{ "skip-rows", required_argument, NULL, SB_OPT_SKIP_ROWS },              \
	{ "columns", required_argument, NULL, SB_OPT_COLUMNS },                  \
	{ "missing", required_argument, NULL, SB_OPT_MISSING },                  \
	{ "no-formula-guard", no_argument, NULL, SB_OPT_NO_GUARD }

/* Prints a command's help text whose one "%s" is where the lines of --help that describe them
 * (SB_MSG_HELP_IMPORT in lang) go; returns 0. */
int sb_import_help_in(sb_lang lang, const char *help);

typedef struct {
	const char *id_column, *encoding, *columns_path;
	char delimiter;
	long skip_rows;
	bool skip_rows_set, allow_missing, missing_set;
	bool no_guard;         /* --no-formula-guard (used by score) */
	const char *missing_arg; /* --missing as given */
	char *missing_buf;     /* --missing, split in place (by sb_import_prepare) */
	const char **missing;
	size_t n_missing;
	char *columns_text;    /* --columns, read and split */
	sb_column_pair *pairs;
	size_t n_pairs;
} sb_import_opts;

/* Handles option ch (with optarg arg) if it is an import option: returns -1 when it is not one,
 * 0 when taken, or an exit status (64) after a usage message. Allocates nothing. */
int sb_import_opt(sb_cli *c, const char *cmd, sb_import_opts *im, int ch, const char *arg);
/* The rest of every option loop, after a command's own options: the global options, the import
 * options (when im is not NULL), an option without its value (getopt's ':') and an unknown one.
 * opt is the option as typed (argv[optind - 1]). 0 when taken, else the exit status after a
 * usage message. */
int sb_cli_opt_rest(sb_cli *c, const char *cmd, sb_import_opts *im, int ch, const char *arg,
                    const char *opt);
/* Reads the --columns file and splits --missing, once all options are in; 0 or an exit status
 * after a message. sb_import_free frees what it made, also after a failure. */
int sb_import_prepare(sb_cli *c, sb_import_opts *im);
/* Copies the options into a reader's options. */
void sb_import_apply(const sb_import_opts *im, sb_answers_opts *ao);
/* The import summary on stderr (nothing with --quiet, nor for a plain UTF-8 comma file whose
 * header is the id and every item): separator, encoding, header rows skipped, how the columns
 * mapped, columns ignored, items left without a column. */
void sb_import_summary(sb_cli *c, const sb_answers *a);
void sb_import_free(sb_import_opts *im);

#endif

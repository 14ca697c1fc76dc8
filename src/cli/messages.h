/* SPDX-License-Identifier: MIT */
/* messages.h — the command line's own texts in zh and en, in one table (messages.c): every
 * command's --help, the usage errors and the "Try ... --help" line, and the short UI texts of the
 * commands (progress, counts, codebook headings). Content texts about the questionnaire live in
 * the bank; the interactive questionnaire (cli/assess/) keeps its own. */
#ifndef SB_CLI_MESSAGES_H
#define SB_CLI_MESSAGES_H

#include "base/lang.h"

typedef enum {
	/* --help texts, whole. Those of score, report and compare hold one "%s" where the import
	 * options' lines (SB_MSG_HELP_IMPORT) go (sb_import_help_in). */
	SB_MSG_HELP_MAIN,
	SB_MSG_HELP_SCORE,
	SB_MSG_HELP_REPORT,
	SB_MSG_HELP_COMPARE,
	SB_MSG_HELP_TEMPLATE,
	SB_MSG_HELP_FORM,
	SB_MSG_HELP_VALIDATE,
	SB_MSG_HELP_BANK,
	SB_MSG_HELP_SUMMARY,
	SB_MSG_HELP_IMPORT,

	/* The line after a usage error: the command and a space (or two empty strings). */
	SB_MSG_TRY_HELP,

	/* Usage errors: printf formats for sb_cli_usage. */
	SB_MSG_UNKNOWN_OPTION,     /* the option */
	SB_MSG_NEEDS_VALUE,        /* the option */
	SB_MSG_LANG_VALUE,         /* the value */
	SB_MSG_UNKNOWN_COMMAND,    /* the command */
	SB_MSG_NO_ARGUMENTS,       /* the command */
	SB_MSG_UNEXPECTED_ARGUMENT,
	SB_MSG_FORMAT_VALUE,       /* the formats allowed, the value */
	SB_MSG_FORMAT_CONTRADICTS, /* format, file, the file's format, the extension */
	SB_MSG_FORMAT_UNKNOWN,     /* file, the formats allowed */
	SB_MSG_NOT_FOR_TERMINAL,   /* the format's name, its extension */
	SB_MSG_KIND_SPSS,          /* that name for a .sav file */
	SB_MSG_KIND_STATA,         /* that name for a .dta file */
	SB_MSG_ID_COLUMN_EMPTY,
	SB_MSG_DELIMITER_VALUE,
	SB_MSG_ENCODING_EMPTY,
	SB_MSG_SKIP_ROWS_VALUE,
	SB_MSG_NAME_THE_CSV,
	SB_MSG_ONE_CSV,            /* the second file */
	SB_MSG_ONE_CSV_WITH,       /* the second file */
	SB_MSG_AUDIENCE_VALUE,
	SB_MSG_MODE_VALUE,
	SB_MSG_IDS_NEEDED,
	SB_MSG_IDS_FORM,
	SB_MSG_IDS_TWICE,
	SB_MSG_SUMMARY_RETEST,
	SB_MSG_CONSENT_NEEDED,
	SB_MSG_CONSENT_COUPLE,
	SB_MSG_ID_OR_ALL,
	SB_MSG_ALL_OUT_DIR,
	SB_MSG_OUTPUT_FOR_ID,
	SB_MSG_OUT_DIR_FOR_ALL,
	SB_MSG_FILLABLE_HTML,
	SB_MSG_KEEP_COMMAS,
	SB_MSG_KEEP_TWICE,
	SB_MSG_KEEP_CLASH,
	SB_MSG_DECIMALS_VALUE,     /* the largest, the value */
	SB_MSG_SCORE_ONE_INPUT,
	SB_MSG_SUMMARY_MERGE,
	SB_MSG_SUMMARY_FILES,
	SB_MSG_TEMPLATE_FORMAT,
	SB_MSG_TEMPLATE_NO_CODEBOOK,
	SB_MSG_DIALECT_TABLE_SQL,
	SB_MSG_DIALECT_VALUE,
	SB_MSG_TABLE_VALUE,
	SB_MSG_FORMAT_CODEBOOK,

	/* Other texts of the commands. */
	SB_MSG_STDIN_NOTE,
	SB_MSG_PROGRESS_ROWS,      /* the progress bar's unit for score */
	SB_MSG_PROGRESS_SECOND,    /* its "per second" unit */
	SB_MSG_PROGRESS_LEFT,      /* before the time left */
	SB_MSG_SCORE_DONE,         /* read, scored, rejected */
	SB_MSG_SCORE_REPEATS,      /* repeated ids */
	SB_MSG_SCORE_REPEATED_ID,  /* input, row, id, first row */
	SB_MSG_PROGRESS_REPORTS,   /* the progress bar's unit for report --all */
	SB_MSG_REPORTS_DONE,       /* written, plural s, folder, rejected, plural s */
	SB_MSG_CODEBOOK_ITEM,
	SB_MSG_CODEBOOK_SCALE,
	SB_MSG_CODEBOOK_REVERSE,
	SB_MSG_CODEBOOK_MIN,
	SB_MSG_CODEBOOK_MAX,
	SB_MSG_CODEBOOK_TEXT,
	SB_MSG_YES,
	SB_MSG_NO,
	SB_MSG_REDCAP_ID_LABEL,
	/* The import summary (sb_import_summary). */
	SB_MSG_IMPORT_HEAD,
	SB_MSG_IMPORT_SEPARATOR,   /* separator, " (detected)" or "", encoding */
	SB_MSG_IMPORT_DETECTED,
	SB_MSG_IMPORT_CR,
	SB_MSG_IMPORT_SKIPPED,     /* rows, plural s, " (Qualtrics)" or "" */
	SB_MSG_IMPORT_QUALTRICS,
	SB_MSG_IMPORT_ID_COLUMN,   /* the column */
	SB_MSG_IMPORT_MAPPED,      /* by id, by --columns, by code, by question text */
	SB_MSG_IMPORT_IGNORED,     /* count, plural s */
	SB_MSG_IMPORT_NO_COLUMN,   /* count, plural s */
	/* validate: the one line about a bank that loaded. */
	SB_MSG_VALIDATE_SAFETY,    /* the number of safety items */
	SB_MSG_VALIDATE_OK,        /* file, id, version, scales, items, the safety note, " zh", " en" */

	SB_MSG_COUNT
} sb_msg_id;

/* The text of id in language l (never NULL). A format in one language has the same conversions,
 * in the same order, as in the other (tests/test_cli_lang.c checks it); where a language has no
 * use for an argument it takes it with "%.0s". */
const char *sb_msg(sb_lang l, sb_msg_id id);

#endif

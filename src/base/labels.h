/* SPDX-License-Identifier: MIT */
/* labels.h — the short texts the engine writes itself, in zh and en, in one table (labels.c):
 * headings, table columns, labels, separators and the few technical notes of the reports, forms
 * and renderers, the fillable page and its script's messages, the SPSS/Stata variable labels.
 * Texts about the questionnaire (items, scales, explanations, what a result means) live in the
 * bank (a few here are the compiled-in fallbacks of optional bank texts, marked so); the command
 * line's own texts in cli/messages.c. A format has the same conversions in the same order in
 * both languages (tests/test_labels.c checks it); a language that does not use an argument
 * takes it with %.0s.
 *
 * The table sits in base, the lowest layer, so that every layer above (score, report, render,
 * cli) reads the same entries: "Date", "ID" or ": " are one entry, not one per layer. To add a
 * text: an id below (in the group of the file that uses it), and its text in both arrays of
 * labels.c; tests/test_labels.c fails on an id without both. */
#ifndef SB_LABELS_H
#define SB_LABELS_H

#include "base/lang.h"

typedef enum {
	/* Used by more than one builder or layer */
	SB_LABEL_NOT_SCORED,
	SB_LABEL_SCALE,
	SB_LABEL_OVERVIEW,
	SB_LABEL_ALL_SCALES,
	SB_LABEL_UNSCORED_SCALES,
	SB_LABEL_COLON,
	SB_LABEL_RESPONSE_QUALITY,
	SB_LABEL_INDICATOR,
	SB_LABEL_FLAGGED_WHEN,
	SB_LABEL_ITEM_BY_ITEM,
	SB_LABEL_ITEM,
	SB_LABEL_REVERSE,
	SB_LABEL_FOR_COUNSELLOR,
	SB_LABEL_COUNSELLOR_COPY,
	SB_LABEL_DATE,
	SB_LABEL_ID,

	/* score/compare.c: reliable-change verdicts and why there is none */
	SB_LABEL_CHANGE_NOT_SCORED,
	SB_LABEL_CHANGE_NO_VERDICT,
	SB_LABEL_CHANGE_NONE,
	SB_LABEL_CHANGE_IMPROVED,
	SB_LABEL_CHANGE_WORSENED,
	SB_LABEL_NOVERDICT_NO_SOURCE,
	SB_LABEL_NOVERDICT_NOT_IN_SUMMARY,
	SB_LABEL_NOVERDICT_SUMMARY_NULL,
	SB_LABEL_NOVERDICT_DEGENERATE,

	/* report/report.c and report_parts.c: the single report */
	SB_LABEL_SCORE,
	SB_LABEL_ANSWERED,
	SB_LABEL_ATTACHMENT_LEANING,
	SB_LABEL_YOU,
	SB_LABEL_NO_CLEAR_LEANING,
	SB_LABEL_NEAR_BOUNDARY,    /* fallback of the bank's texts.near_boundary */
	SB_LABEL_POINT_TO,
	SB_LABEL_SUGGESTED_STEPS,
	SB_LABEL_SEP_TITLES,
	SB_LABEL_ALSO_ABOVE,
	SB_LABEL_DESCRIBED_ABOVE,
	SB_LABEL_FULL_STOP,
	SB_LABEL_BAND,
	SB_LABEL_VS_NORMS,
	SB_LABEL_PERCENTILE,
	SB_LABEL_SHOWS_UP,
	SB_LABEL_ORIGINS,
	SB_LABEL_SAY_TO_PARTNER,
	SB_LABEL_RESULTS_BY_SCALE,
	SB_LABEL_COL_STEPS,
	SB_LABEL_TABLE_ORDER_NOTE,
	SB_LABEL_VALUE,
	SB_LABEL_FLAGGED,
	SB_LABEL_YES,
	SB_LABEL_NO,
	SB_LABEL_DEF_LONGSTRING,
	SB_LABEL_DEF_IRV,
	SB_LABEL_DEF_INCONSISTENCY,
	SB_LABEL_DEF_MISSING,
	SB_LABEL_QUALITY_NOTE,
	SB_LABEL_MISSING_ITEMS,
	SB_LABEL_NONE,
	SB_LABEL_ANSWER,
	SB_LABEL_KEYED,
	SB_LABEL_SCORING_RULES,
	SB_LABEL_SUM,
	SB_LABEL_MEAN,
	SB_LABEL_UNREADABLE,       /* fallback of the bank's texts.unreadable */
	SB_LABEL_FLAGS_SET_NOTE,
	SB_LABEL_WHY_IT_MATTERS,
	SB_LABEL_SEEK_HELP,
	SB_LABEL_SAFETY,
	SB_LABEL_SAFETY_GROUP,
	SB_LABEL_LONGSTRING,
	SB_LABEL_IRV,
	SB_LABEL_INCONSISTENCY,
	SB_LABEL_MISSING_SHARE,
	SB_LABEL_CLOSING,
	SB_LABEL_NOTES,
	SB_LABEL_COUNSELLOR,

	/* report/compare_doc.c: the comparison report */
	SB_LABEL_SECOND,
	SB_LABEL_FIRST,
	SB_LABEL_STYLE_UNPLACED,
	SB_LABEL_LEANING_OVER_TIME,
	SB_LABEL_LEANINGS_COUPLE,
	SB_LABEL_MOVEMENT,
	SB_LABEL_DIFFER_MOST,
	SB_LABEL_DIFFERENCE,
	SB_LABEL_DIFF_ORDER_NOTE,
	SB_LABEL_SEP_BANDS,
	SB_LABEL_SEP_PARTNERS,
	SB_LABEL_SEP_SCALES,
	SB_LABEL_TRY_SAYING,
	SB_LABEL_EITHER_COULD_TRY,
	SB_LABEL_PATTERNS,
	SB_LABEL_NO_PATTERNS_IN_BANK,
	SB_LABEL_NO_PATTERN_FITS,  /* fallback of the bank's texts.couple_no_pattern */
	SB_LABEL_STEPS_TOGETHER,
	SB_LABEL_CONSENT_NOTE,
	SB_LABEL_CHANGE_BY_SCALE,
	SB_LABEL_CHANGE,
	SB_LABEL_RELIABLE_Q,
	SB_LABEL_HIGHER,
	SB_LABEL_SAME,
	SB_LABEL_LOWER,
	SB_LABEL_RETEST_DIRECTION, /* fallback of the bank's texts.retest_direction */
	SB_LABEL_VERDICT_HOWTO,
	SB_LABEL_FLAGGED_MARK,
	SB_LABEL_SAFETY_ITEMS,
	SB_LABEL_QUALITY_NOTE_DOCS,
	SB_LABEL_ITEM_TABLE_NOTE,
	SB_LABEL_RCI,
	SB_LABEL_RCI_METHOD,
	SB_LABEL_SOURCE,
	SB_LABEL_SE_DIFF,
	SB_LABEL_BANK_NORMS,
	SB_LABEL_COHORT_SUMMARY,
	SB_LABEL_BEFORE_AFTER,
	SB_LABEL_SIDE_BY_SIDE,

	/* report/form.c: the paper questionnaire */
	SB_LABEL_FORM_ANSWER,
	SB_LABEL_VERSION_SEP,
	SB_LABEL_PAPER_FORM,
	SB_LABEL_HOW_TO_ANSWER,
	SB_LABEL_TICK_ONE,
	SB_LABEL_STATEMENTS,
	SB_LABEL_ABOUT_SAFETY,
	SB_LABEL_FORM_COLUMNS_NOTE,

	/* render/render_md.c: Markdown */
	SB_LABEL_COMMA,
	SB_LABEL_CHART_SCORE,

	/* render/form_fillable.c: the fillable page (S_ui) */
	SB_LABEL_FF_SKIP,
	SB_LABEL_FF_SKIPPED,
	SB_LABEL_FF_NEEDS_JS,
	SB_LABEL_FF_HOW_TO_ANSWER,
	SB_LABEL_FF_HOW_KEYS,
	SB_LABEL_FF_SHOW_STATEMENTS,
	SB_LABEL_FF_ONE_AT_A_TIME,
	SB_LABEL_FF_ALL_IN_LIST,
	SB_LABEL_FF_KEPT_WHERE,
	SB_LABEL_FF_START,
	SB_LABEL_FF_ERASE_MINE,
	SB_LABEL_FF_BACK,
	SB_LABEL_FF_NEXT,
	SB_LABEL_FF_SAVE_HEADING,
	SB_LABEL_FF_BLANKS,
	SB_LABEL_FF_CODE_OR_NAME,
	SB_LABEL_FF_SAVE,
	SB_LABEL_FF_AFTER_SAVING,
	SB_LABEL_FF_FILE_IS,
	SB_LABEL_FF_GIVE_FILE,
	SB_LABEL_FF_OWN_REPORT,
	SB_LABEL_FF_ERASE,
	SB_LABEL_FF_ERASE_Q,
	SB_LABEL_FF_ERASE_YES,
	SB_LABEL_FF_ERASE_KEEP,
	SB_LABEL_FF_SUPPORT,
	SB_LABEL_FF_BANK,
	SB_LABEL_FF_VERSION,
	SB_LABEL_FF_ITEMS_HASH,

	/* render/form_fillable.c: the messages its script shows; {name} is filled in by the script */
	SB_LABEL_FF_JS_POSITION,
	SB_LABEL_FF_JS_ANSWERED,
	SB_LABEL_FF_JS_ALL_ANSWERED,
	SB_LABEL_FF_JS_SOME_ANSWERED,
	SB_LABEL_FF_JS_GO_TO,
	SB_LABEL_FF_JS_ID_PLACEHOLDER,
	SB_LABEL_FF_JS_ID_MISSING,
	SB_LABEL_FF_JS_ID_BAD,
	SB_LABEL_FF_JS_SAVED,
	SB_LABEL_FF_JS_ERASED,
	SB_LABEL_FF_JS_NO_STORAGE,
	SB_LABEL_FF_JS_RESUMED,

	/* report/report.c: score lines; where each dimension lies (the "no clear leaning"
	 * paragraph: fallbacks of the bank's texts.dimension_*, "{scale}" is the scale's name) */
	SB_LABEL_SCORE_IN,
	SB_LABEL_SCORE_RANGE,
	SB_LABEL_DIMENSION_NEAR,  /* fallback of the bank's texts.dimension_near */
	SB_LABEL_DIMENSION_ABOVE, /* fallback of the bank's texts.dimension_above */
	SB_LABEL_DIMENSION_BELOW, /* fallback of the bank's texts.dimension_below */
	SB_LABEL_SENTENCE_SEP,    /* between two sentences: a space, or nothing in Chinese */
	SB_LABEL_LEANING_UNSCORED,

	/* report/report_parts.c: the counsellor's safety flag, why a scale is unscored, the footer.
	 * The two counts come in a different order in each language: SAFETY_FLAG_NOTE takes
	 * (endorsed, of, endorsed) and UNSCORED_REASON (answered, of, answered, share), as strings,
	 * and each language skips one with %.0s. */
	SB_LABEL_SAFETY_FLAG_NOTE,
	SB_LABEL_UNSCORED_REASON,
	SB_LABEL_FOOTER_CREDITS,
	SB_LABEL_FOOTER,

	/* report/report_counsellor.c: the scoring rules paragraph */
	SB_LABEL_RULE_REVERSE,
	SB_LABEL_RULE_ALL_SCALES,
	SB_LABEL_RULE_ONE_SCALE,
	SB_LABEL_RULE_BANDS,
	SB_LABEL_RULE_LEANING,

	/* report/compare_doc.c: the comparison report. BAND_ON_SCALES takes (bands, scales, hits,
	 * bands, scales), as strings; each language skips two with %.0s. */
	SB_LABEL_PAREN,
	SB_LABEL_NEAR_CUTOFF,
	SB_LABEL_FROM_TO,
	SB_LABEL_STAYED_IN,
	SB_LABEL_BAND_ON_SCALES,
	SB_LABEL_COULD_TRY,
	SB_LABEL_SUMMARY_SOURCE,

	/* score/statfile.c: variable labels of the SPSS and Stata files */
	SB_LABEL_VAR_RESPONDENT_ID,
	SB_LABEL_VAR_BAND,
	SB_LABEL_VAR_ANSWERED,
	SB_LABEL_VAR_ITEMS,
	SB_LABEL_VAR_STYLE,
	SB_LABEL_VAR_FLAG_LONGSTRING,
	SB_LABEL_VAR_FLAG_LOW_IRV,
	SB_LABEL_VAR_FLAG_INCONSISTENT,
	SB_LABEL_VAR_FLAG_MISSING,

	/* render/pdf/render_pdf.c: the page number */
	SB_LABEL_PAGE_OF,
	SB_LABEL_COUNT
} sb_label;

/* The text of id in language l; "" for an id out of range. */
const char *sb_label_text(sb_lang l, sb_label id);

#endif

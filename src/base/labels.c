/* SPDX-License-Identifier: MIT */
/* labels.c — the engine's short texts, one array per language (see labels.h). The English texts
 * are those the golden files hold byte for byte; the Chinese ones likewise. */
#include "base/labels.h"

#include <stddef.h>

/* ---- English -------------------------------------------------------------------------------- */

static const char *const S_en[SB_LABEL_COUNT] = {
	/* Used by more than one builder or layer */
	[SB_LABEL_NOT_SCORED] = "not scored",
	[SB_LABEL_SCALE] = "Scale",
	[SB_LABEL_OVERVIEW] = "Overview",
	[SB_LABEL_ALL_SCALES] = "All scales",
	[SB_LABEL_UNSCORED_SCALES] = "Scales that could not be scored",
	[SB_LABEL_COLON] = ": ",
	[SB_LABEL_RESPONSE_QUALITY] = "Response quality",
	[SB_LABEL_INDICATOR] = "Indicator",
	[SB_LABEL_FLAGGED_WHEN] = "Flagged when",
	[SB_LABEL_ITEM_BY_ITEM] = "Answers item by item",
	[SB_LABEL_ITEM] = "Item",
	[SB_LABEL_REVERSE] = "Reverse",
	[SB_LABEL_FOR_COUNSELLOR] = "For the counsellor",
	[SB_LABEL_COUNSELLOR_COPY] = "Counsellor's copy",
	[SB_LABEL_DATE] = "Date",
	[SB_LABEL_ID] = "ID",
	/* score/compare.c: reliable-change verdicts and why there is none */
	[SB_LABEL_CHANGE_NOT_SCORED] = "Not scored",
	[SB_LABEL_CHANGE_NO_VERDICT] = "No verdict",
	[SB_LABEL_CHANGE_NONE] = "Within measurement error",
	[SB_LABEL_CHANGE_IMPROVED] = "Reliable decrease (improvement)",
	[SB_LABEL_CHANGE_WORSENED] = "Reliable increase",
	[SB_LABEL_NOVERDICT_NO_SOURCE] =
		"Neither the bank's norms nor a cohort summary give a reliability for "
		"this scale.",
	[SB_LABEL_NOVERDICT_NOT_IN_SUMMARY] = "The cohort summary has no entry for this scale.",
	[SB_LABEL_NOVERDICT_SUMMARY_NULL] =
		"The cohort summary gives no SD or alpha for this scale (too few complete "
		"answers).",
	[SB_LABEL_NOVERDICT_DEGENERATE] =
		"The SD is 0, or the reliability is 1 or below 0, so the index is "
		"undefined.",
	/* report/report.c and report_parts.c: the single report */
	[SB_LABEL_SCORE] = "Score",
	[SB_LABEL_ANSWERED] = "Answered",
	[SB_LABEL_ATTACHMENT_LEANING] = "Attachment leaning",
	[SB_LABEL_YOU] = "You",
	[SB_LABEL_NO_CLEAR_LEANING] = "No clear attachment leaning",
	[SB_LABEL_NEAR_BOUNDARY] =
		"So no leaning is named here; on another day your answers might fall in "
		"a neighbouring region.",
	[SB_LABEL_POINT_TO] = "Your answers point to: ",
	[SB_LABEL_SUGGESTED_STEPS] = "Suggested steps",
	[SB_LABEL_SEP_TITLES] = "; ",
	[SB_LABEL_ALSO_ABOVE] = "Also suggested, described above: ",
	[SB_LABEL_DESCRIBED_ABOVE] = "Described above: ",
	[SB_LABEL_FULL_STOP] = ".",
	[SB_LABEL_BAND] = "Band",
	[SB_LABEL_VS_NORMS] = "Compared with norms",
	[SB_LABEL_PERCENTILE] = "percentile",
	[SB_LABEL_SHOWS_UP] = "How this tends to show up",
	[SB_LABEL_ORIGINS] = "Where it may come from",
	[SB_LABEL_SAY_TO_PARTNER] = "Something to try saying to your partner",
	[SB_LABEL_RESULTS_BY_SCALE] = "Results by scale",
	[SB_LABEL_COL_STEPS] = "Suggested steps",
	[SB_LABEL_TABLE_ORDER_NOTE] =
		"Most elevated first (by the score's position within the scale's range). The person's "
		"own report (--audience self) gives each scale's full texts.",
	[SB_LABEL_VALUE] = "Value",
	[SB_LABEL_FLAGGED] = "Flagged",
	[SB_LABEL_YES] = "yes",
	[SB_LABEL_NO] = "no",
	[SB_LABEL_DEF_LONGSTRING] =
		"Longstring: the longest run of identical answers in presentation order (a missing "
		"answer ends a run); flagged at half of all items.",
	[SB_LABEL_DEF_IRV] =
		"IRV: the standard deviation of the person's answered raw values (k − 1 denominator); "
		"below 10% of the response range suggests answering without telling statements apart.",
	[SB_LABEL_DEF_INCONSISTENCY] =
		"Inconsistency: for each scale with answers in both keyed directions, the gap between "
		"the mean keyed values of its forward and reverse items as a share of the range, "
		"averaged over those scales; high suggests acquiescence or contradiction.",
	[SB_LABEL_DEF_MISSING] = "Missing share: unanswered items as a share of all items.",
	[SB_LABEL_QUALITY_NOTE] =
		"These indicators are reported only; they never change "
		"a score.",
	[SB_LABEL_MISSING_ITEMS] = "Missing items",
	[SB_LABEL_NONE] = "None.",
	[SB_LABEL_ANSWER] = "Answer",
	[SB_LABEL_KEYED] = "Keyed",
	[SB_LABEL_SCORING_RULES] = "Scoring rules",
	[SB_LABEL_SUM] = "sum",
	[SB_LABEL_MEAN] = "mean",
	[SB_LABEL_UNREADABLE] =
		"These answers cannot be read reliably, so only the scores are shown.",
	[SB_LABEL_FLAGS_SET_NOTE] =
		"Response-quality flags are set (see \"Response quality\"): the person's own report "
		"shows the scores only, with no band reading or leaning, and suggests retaking.",
	[SB_LABEL_WHY_IT_MATTERS] = "Why this matters",
	[SB_LABEL_SEEK_HELP] = "When and how to seek professional help",
	[SB_LABEL_SAFETY] = "When the unease is about the relationship itself",
	[SB_LABEL_SAFETY_GROUP] = "Safety (not scored)",
	[SB_LABEL_LONGSTRING] = "Longstring",
	[SB_LABEL_IRV] = "Response variability (IRV)",
	[SB_LABEL_INCONSISTENCY] = "Inconsistency",
	[SB_LABEL_MISSING_SHARE] = "Missing share",
	[SB_LABEL_CLOSING] = "A closing note",
	[SB_LABEL_NOTES] = "Notes",
	[SB_LABEL_COUNSELLOR] = "Counsellor",
	/* report/compare_doc.c: the comparison report */
	[SB_LABEL_SECOND] = "Second",
	[SB_LABEL_FIRST] = "First",
	[SB_LABEL_STYLE_UNPLACED] =
		"cannot be placed (an attachment scale "
		"was not scored)",
	[SB_LABEL_LEANING_OVER_TIME] = "Attachment leaning over time",
	[SB_LABEL_LEANINGS_COUPLE] = "Your attachment leanings",
	[SB_LABEL_MOVEMENT] = "Movement",
	[SB_LABEL_DIFFER_MOST] = "Where you differ most",
	[SB_LABEL_DIFFERENCE] = "Difference",
	[SB_LABEL_DIFF_ORDER_NOTE] = "Largest difference first.",
	[SB_LABEL_SEP_BANDS] = "/",
	[SB_LABEL_SEP_PARTNERS] = "; ",
	[SB_LABEL_SEP_SCALES] = ", ",
	[SB_LABEL_TRY_SAYING] = "Things you could try saying",
	[SB_LABEL_EITHER_COULD_TRY] = "Either of you could try:",
	[SB_LABEL_PATTERNS] = "Patterns you may recognise together",
	[SB_LABEL_NO_PATTERNS_IN_BANK] = "This question bank describes no couple patterns.",
	[SB_LABEL_NO_PATTERN_FITS] =
		"None of the couple patterns this question bank "
		"describes fits your two results at the moment.",
	[SB_LABEL_STEPS_TOGETHER] = "Steps to try together",
	[SB_LABEL_CONSENT_NOTE] =
		"Both partners agreed to share their answers with each other in this report "
		"(recorded with --consent).",
	[SB_LABEL_CHANGE_BY_SCALE] = "Change on each scale",
	[SB_LABEL_CHANGE] = "Change",
	[SB_LABEL_RELIABLE_Q] = "Reliable change?",
	[SB_LABEL_HIGHER] = "higher",
	[SB_LABEL_SAME] = "same",
	[SB_LABEL_LOWER] = "lower",
	[SB_LABEL_RETEST_DIRECTION] =
		"Change = second − first. A higher score means more of what the scale "
		"describes, so a decrease is an improvement.",
	[SB_LABEL_VERDICT_HOWTO] =
		"For a verdict: make a cohort summary of a group of respondents with "
		"securebase score --summary, and give it to this comparison with "
		"--summary FILE.",
	[SB_LABEL_FLAGGED_MARK] = "(flagged)",
	[SB_LABEL_SAFETY_ITEMS] = "Safety items (yes / not sure)",
	[SB_LABEL_QUALITY_NOTE_DOCS] =
		"These indicators are reported only; they never change a "
		"score. Definitions: docs/scoring.md.",
	[SB_LABEL_ITEM_TABLE_NOTE] =
		"Reverse-keyed items show answer → keyed value; — marks "
		"a missing answer.",
	[SB_LABEL_RCI] = "Reliable change index",
	[SB_LABEL_RCI_METHOD] =
		"RCI = (second − first) / (SD × √2 × √(1 − r)) (Jacobson & Truax, 1991); "
		"|RCI| ≥ 1.96 counts as reliable change. SD and the reliability r come from "
		"the bank's norms (norms.sd, norms.reliability) when given, else from the "
		"cohort summary (the SD of the scale scores and Cronbach's alpha).",
	[SB_LABEL_SOURCE] = "Source",
	[SB_LABEL_SE_DIFF] = "SE of difference",
	[SB_LABEL_BANK_NORMS] = "bank norms",
	[SB_LABEL_COHORT_SUMMARY] = "cohort summary",
	[SB_LABEL_BEFORE_AFTER] = "Before and after",
	[SB_LABEL_SIDE_BY_SIDE] = "Two partners side by side",
	/* report/form.c: the paper questionnaire */
	[SB_LABEL_FORM_ANSWER] = "Answer:",
	[SB_LABEL_VERSION_SEP] = " · version ",
	[SB_LABEL_PAPER_FORM] = "Paper questionnaire",
	[SB_LABEL_HOW_TO_ANSWER] = "How to answer",
	[SB_LABEL_TICK_ONE] = "Tick one box under each statement.",
	[SB_LABEL_STATEMENTS] = "Statements",
	[SB_LABEL_ABOUT_SAFETY] = "About safety (you may skip these; not scored)",
	[SB_LABEL_FORM_COLUMNS_NOTE] =
		"The code at the start of each answer line is its column in the header "
		"that `securebase template` prints: type the ticked number into that "
		"column.",
	/* render/render_md.c: Markdown */
	[SB_LABEL_COMMA] = ", ",
	[SB_LABEL_CHART_SCORE] = "Score",
	/* render/form_fillable.c: the fillable page (S_ui) */
	[SB_LABEL_FF_SKIP] = "Skip this statement",
	[SB_LABEL_FF_SKIPPED] = "Skipped",
	[SB_LABEL_FF_NEEDS_JS] =
		"This page needs JavaScript to keep your progress and save the answers file. You "
		"can also print it and answer on paper.",
	[SB_LABEL_FF_HOW_TO_ANSWER] = "How to answer",
	[SB_LABEL_FF_HOW_KEYS] =
		"Tap the answer that fits you best, or use a keyboard: a number key answers, the "
		"arrow or Page keys move back and on, Enter goes on.",
	[SB_LABEL_FF_SHOW_STATEMENTS] = "Show the statements",
	[SB_LABEL_FF_ONE_AT_A_TIME] = "One at a time",
	[SB_LABEL_FF_ALL_IN_LIST] = "All in one list",
	[SB_LABEL_FF_KEPT_WHERE] =
		"Your answers are kept only in this browser on this device, until you erase "
		"them; the page sends nothing anywhere. On a shared device, erase your answers "
		"once you have saved the file.",
	[SB_LABEL_FF_START] = "Start",
	[SB_LABEL_FF_ERASE_MINE] = "Erase my answers from this browser",
	[SB_LABEL_FF_BACK] = "← Back",
	[SB_LABEL_FF_NEXT] = "Next →",
	[SB_LABEL_FF_SAVE_HEADING] = "Save your answers",
	[SB_LABEL_FF_BLANKS] = "Blank statements (go back to answer one):",
	[SB_LABEL_FF_CODE_OR_NAME] = "Your code or name (your counsellor may have given you one)",
	[SB_LABEL_FF_SAVE] = "Save answers",
	[SB_LABEL_FF_AFTER_SAVING] = "What to do with the file",
	[SB_LABEL_FF_FILE_IS] =
		"The file is a small table: a first line naming each statement, and a second "
		"with your code and the number you chose for each. Nothing else is in it. The "
		"page does not score your answers and shows no results.",
	[SB_LABEL_FF_GIVE_FILE] =
		"Give or send the file to your counsellor the way you agreed. They read it with "
		"securebase, for example:",
	[SB_LABEL_FF_OWN_REPORT] =
		"If you use securebase yourself, the same command gives you your own report.",
	[SB_LABEL_FF_ERASE] = "Erase",
	[SB_LABEL_FF_ERASE_Q] =
		"Erase every answer on this page from this browser? A file you saved is not "
		"touched.",
	[SB_LABEL_FF_ERASE_YES] = "Yes, erase them",
	[SB_LABEL_FF_ERASE_KEEP] = "Keep them",
	[SB_LABEL_FF_SUPPORT] = "If you need support",
	[SB_LABEL_FF_BANK] = "Bank",
	[SB_LABEL_FF_VERSION] = "version",
	[SB_LABEL_FF_ITEMS_HASH] = "items",
	/* render/form_fillable.c: the messages its script shows; {name} is filled in by the script */
	[SB_LABEL_FF_JS_POSITION] = "Statement {n} of {total} · {answered} answered",
	[SB_LABEL_FF_JS_ANSWERED] = "{answered} of {total} answered",
	[SB_LABEL_FF_JS_ALL_ANSWERED] = "You answered all {total} statements.",
	[SB_LABEL_FF_JS_SOME_ANSWERED] =
		"Answered: {answered} of {total} statements. Blank: {blank} (you can save with "
		"blanks).",
	[SB_LABEL_FF_JS_GO_TO] = "Statement {n}",
	[SB_LABEL_FF_JS_ID_PLACEHOLDER] = "for example r17",
	[SB_LABEL_FF_JS_ID_MISSING] = "Type a code or name first: it goes into the file.",
	[SB_LABEL_FF_JS_ID_BAD] = "The code cannot contain control characters.",
	[SB_LABEL_FF_JS_SAVED] = "Saved as {file} (in your browser's downloads folder).",
	[SB_LABEL_FF_JS_ERASED] = "Your answers were erased from this browser.",
	[SB_LABEL_FF_JS_NO_STORAGE] =
		"This browser does not let the page keep your progress (private mode?): keep "
		"this tab open until you have saved the file.",
	[SB_LABEL_FF_JS_RESUMED] = "Welcome back: your {answered} answers so far are still here.",
	/* report/report.c: score lines; where each dimension lies (the "no clear leaning" paragraph) */
	[SB_LABEL_SCORE_IN] = "%s (%s–%s)",
	[SB_LABEL_SCORE_RANGE] = "%s (range %s–%s)",
	[SB_LABEL_DIMENSION_NEAR] =
		"Your {scale} score is close to its cut-off, so there is no clear leaning on that "
		"dimension.",
	[SB_LABEL_DIMENSION_ABOVE] = "Your {scale} score is above its cut-off.",
	[SB_LABEL_DIMENSION_BELOW] = "Your {scale} score is below its cut-off.",
	[SB_LABEL_SENTENCE_SEP] = " ",
	[SB_LABEL_LEANING_UNSCORED] =
		"%s or %s could not be scored, so the attachment leaning cannot be placed.",
	/* report/report_parts.c: the counsellor's safety flag, why a scale is unscored, the footer */
	[SB_LABEL_SAFETY_FLAG_NOTE] =
		"Safety flag: %s of %s safety questions answered \"yes\" or \"not sure\". Check "
		"whether the person is safe first; couples work and sharing a couple report are "
		"not advised until abuse and control are ruled out.%.0s",
	[SB_LABEL_UNSCORED_REASON] = "answered %s of %s items, fewer than the required %.0s%s%%",
	[SB_LABEL_FOOTER_CREDITS] = "%s · version %s · %s",
	[SB_LABEL_FOOTER] = "%s · version %s",
	/* report/report_counsellor.c: the scoring rules paragraph */
	[SB_LABEL_RULE_REVERSE] =
		"Reverse-keyed items (marked R) are keyed as the response scale's minimum + "
		"maximum − the answer. ",
	[SB_LABEL_RULE_ALL_SCALES] =
		"Each scale's score is the %s of the keyed values of its answered items (range "
		"%s–%s); a scale is scored only when at least %s%% of its items are answered, "
		"and otherwise given no score. ",
	[SB_LABEL_RULE_ONE_SCALE] =
		"%s: the %s of the keyed values of the answered items (%zu items, range %s–%s), "
		"scored only when at least %s%% are answered. ",
	[SB_LABEL_RULE_BANDS] =
		"A band includes its lower limit and excludes its upper one, except the highest "
		"band, which includes both. ",
	[SB_LABEL_RULE_LEANING] =
		"Attachment leaning: %s counts as high at %s or above, %s at %s or above; a "
		"point within %s of either cut-off is reported as near the boundary.",
	/* report/compare_doc.c: the comparison report */
	[SB_LABEL_PAREN] = "%s (%s)",
	[SB_LABEL_NEAR_CUTOFF] = "%s (near a cut-off)",
	[SB_LABEL_FROM_TO] = "from %s to %s",
	[SB_LABEL_STAYED_IN] = "stayed in the %s region",
	[SB_LABEL_BAND_ON_SCALES] = "%s on %.0s%s of %.0s%s scales",
	[SB_LABEL_COULD_TRY] = "%s could try:",
	[SB_LABEL_SUMMARY_SOURCE] =
		"Where the bank's norms give no reliability, the SD and alpha come from the "
		"cohort summary %s.",
	/* score/statfile.c: variable labels of the SPSS and Stata files */
	[SB_LABEL_VAR_RESPONDENT_ID] = "Respondent id",
	[SB_LABEL_VAR_BAND] = ": band",
	[SB_LABEL_VAR_ANSWERED] = ": items answered",
	[SB_LABEL_VAR_ITEMS] = ": items",
	[SB_LABEL_VAR_STYLE] = "Attachment style",
	[SB_LABEL_VAR_FLAG_LONGSTRING] = "Quality flag: long run of one answer",
	[SB_LABEL_VAR_FLAG_LOW_IRV] = "Quality flag: little variation",
	[SB_LABEL_VAR_FLAG_INCONSISTENT] =
		"Quality flag: agrees with statements and their reversals",
	[SB_LABEL_VAR_FLAG_MISSING] = "Quality flag: many items skipped",
	/* render/pdf/render_pdf.c: the page number */
	[SB_LABEL_PAGE_OF] = "Page %zu of %zu",
};

/* ---- 中文 ------------------------------------------------------------------------------------ */

static const char *const S_zh[SB_LABEL_COUNT] = {
	/* Used by more than one builder or layer */
	[SB_LABEL_NOT_SCORED] = "未计分",
	[SB_LABEL_SCALE] = "量表",
	[SB_LABEL_OVERVIEW] = "概览",
	[SB_LABEL_ALL_SCALES] = "各量表得分",
	[SB_LABEL_UNSCORED_SCALES] = "未能计分的量表",
	[SB_LABEL_COLON] = "：",
	[SB_LABEL_RESPONSE_QUALITY] = "作答质量指标",
	[SB_LABEL_INDICATOR] = "指标",
	[SB_LABEL_FLAGGED_WHEN] = "标记条件",
	[SB_LABEL_ITEM_BY_ITEM] = "逐题作答",
	[SB_LABEL_ITEM] = "题目",
	[SB_LABEL_REVERSE] = "反向",
	[SB_LABEL_FOR_COUNSELLOR] = "咨询师附页",
	[SB_LABEL_COUNSELLOR_COPY] = "咨询师版",
	[SB_LABEL_DATE] = "日期",
	[SB_LABEL_ID] = "编号",
	/* score/compare.c: reliable-change verdicts and why there is none */
	[SB_LABEL_CHANGE_NOT_SCORED] = "未计分",
	[SB_LABEL_CHANGE_NO_VERDICT] = "不作判断",
	[SB_LABEL_CHANGE_NONE] = "在测量误差范围内",
	[SB_LABEL_CHANGE_IMPROVED] = "可靠的下降（改善）",
	[SB_LABEL_CHANGE_WORSENED] = "可靠的上升",
	[SB_LABEL_NOVERDICT_NO_SOURCE] =
		"题库常模和群体汇总都没有给出这个量表的信度。",
	[SB_LABEL_NOVERDICT_NOT_IN_SUMMARY] = "群体汇总里没有这个量表。",
	[SB_LABEL_NOVERDICT_SUMMARY_NULL] =
		"群体汇总没有给出这个量表的标准差或 α 系数（完整作答的人太少）。",
	[SB_LABEL_NOVERDICT_DEGENERATE] =
		"标准差为 0，或信度为 1 或负数，无法计算这个指数。",
	/* report/report.c and report_parts.c: the single report */
	[SB_LABEL_SCORE] = "得分",
	[SB_LABEL_ANSWERED] = "已答",
	[SB_LABEL_ATTACHMENT_LEANING] = "依恋倾向",
	[SB_LABEL_YOU] = "你",
	[SB_LABEL_NO_CLEAR_LEANING] = "没有明显的依恋倾向",
	[SB_LABEL_NEAR_BOUNDARY] =
		"因此这里不给出依恋倾向的名称；换一个时候作答，结果也可能落在相邻的区域。",
	[SB_LABEL_POINT_TO] = "你的回答指向：",
	[SB_LABEL_SUGGESTED_STEPS] = "可以尝试的步骤",
	[SB_LABEL_SEP_TITLES] = "、",
	[SB_LABEL_ALSO_ABOVE] = "另见上文：",
	[SB_LABEL_DESCRIBED_ABOVE] = "见上文：",
	[SB_LABEL_FULL_STOP] = "。",
	[SB_LABEL_BAND] = "区间",
	[SB_LABEL_VS_NORMS] = "与常模比较",
	[SB_LABEL_PERCENTILE] = "百分位",
	[SB_LABEL_SHOWS_UP] = "通常的表现",
	[SB_LABEL_ORIGINS] = "可能的来源",
	[SB_LABEL_SAY_TO_PARTNER] = "可以试着对伴侣说",
	[SB_LABEL_RESULTS_BY_SCALE] = "各量表结果",
	[SB_LABEL_COL_STEPS] = "建议的步骤",
	[SB_LABEL_TABLE_ORDER_NOTE] =
		"按得分在量表范围中的位置从高到低排列。每个量表的完整说明见本人版报告（--audience self）。",
	[SB_LABEL_VALUE] = "数值",
	[SB_LABEL_FLAGGED] = "是否标记",
	[SB_LABEL_YES] = "是",
	[SB_LABEL_NO] = "否",
	[SB_LABEL_DEF_LONGSTRING] =
		"最长连续相同作答：按题目呈现顺序，连续给出同一答案的最长题数（缺答会中断连续）；达到全部题目的一半即标记。",
	[SB_LABEL_DEF_IRV] =
		"IRV：本人已答原始作答的标准差（分母 k − 1）；低于作答范围的 10% 即标记，提示几乎没有区分地作答。",
	[SB_LABEL_DEF_INCONSISTENCY] =
		"不一致：在同时答了正向题和反向题的量表中，两类题平均计分值之差占作答范围的比例，再对这些量表取平均；偏高提示默认同意或前后矛盾。",
	[SB_LABEL_DEF_MISSING] = "缺答比例：未作答题目占全部题目的比例。",
	[SB_LABEL_QUALITY_NOTE] = "这些指标只作参考，不会改变任何得分。",
	[SB_LABEL_MISSING_ITEMS] = "未作答的题目",
	[SB_LABEL_NONE] = "无。",
	[SB_LABEL_ANSWER] = "原始作答",
	[SB_LABEL_KEYED] = "计分值",
	[SB_LABEL_SCORING_RULES] = "计分规则",
	[SB_LABEL_SUM] = "总和",
	[SB_LABEL_MEAN] = "平均数",
	[SB_LABEL_UNREADABLE] = "这些回答无法可靠地解读，因此只列出分数。",
	[SB_LABEL_FLAGS_SET_NOTE] =
		"作答质量有标记（见“作答质量指标”）：本人版报告只列出分数，不解释区间，也不给出依恋倾向，并建议重新作答。",
	[SB_LABEL_WHY_IT_MATTERS] = "为什么值得留意",
	[SB_LABEL_SEEK_HELP] = "何时以及如何寻求专业帮助",
	[SB_LABEL_SAFETY] = "当不安来自关系本身",
	[SB_LABEL_SAFETY_GROUP] = "安全（不计分）",
	[SB_LABEL_LONGSTRING] = "最长连续相同作答",
	[SB_LABEL_IRV] = "个体内作答变异（IRV）",
	[SB_LABEL_INCONSISTENCY] = "正反向题不一致",
	[SB_LABEL_MISSING_SHARE] = "缺答比例",
	[SB_LABEL_CLOSING] = "写在最后",
	[SB_LABEL_NOTES] = "备注",
	[SB_LABEL_COUNSELLOR] = "咨询师",
	/* report/compare_doc.c: the comparison report */
	[SB_LABEL_SECOND] = "第二次",
	[SB_LABEL_FIRST] = "第一次",
	[SB_LABEL_STYLE_UNPLACED] = "无法确定（依恋量表未计分）",
	[SB_LABEL_LEANING_OVER_TIME] = "依恋倾向的变化",
	[SB_LABEL_LEANINGS_COUPLE] = "两人的依恋倾向",
	[SB_LABEL_MOVEMENT] = "变化",
	[SB_LABEL_DIFFER_MOST] = "你们差别最大的地方",
	[SB_LABEL_DIFFERENCE] = "差值",
	[SB_LABEL_DIFF_ORDER_NOTE] = "按两人得分之差从大到小排列。",
	[SB_LABEL_SEP_BANDS] = "或",
	[SB_LABEL_SEP_PARTNERS] = "；",
	[SB_LABEL_SEP_SCALES] = "、",
	[SB_LABEL_TRY_SAYING] = "可以试着说的话",
	[SB_LABEL_EITHER_COULD_TRY] = "两个人都可以试试：",
	[SB_LABEL_PATTERNS] = "你们可能会认出的模式",
	[SB_LABEL_NO_PATTERNS_IN_BANK] = "这个题库没有描述两人模式。",
	[SB_LABEL_NO_PATTERN_FITS] = "题库描述的两人模式都不符合你们此刻的结果。",
	[SB_LABEL_STEPS_TOGETHER] = "可以一起尝试的步骤",
	[SB_LABEL_CONSENT_NOTE] =
		"两位伴侣都同意在这份报告里彼此分享自己的回答（以 --consent 记录）。",
	[SB_LABEL_CHANGE_BY_SCALE] = "各量表的变化",
	[SB_LABEL_CHANGE] = "变化",
	[SB_LABEL_RELIABLE_Q] = "是否可靠",
	[SB_LABEL_HIGHER] = "上升",
	[SB_LABEL_SAME] = "不变",
	[SB_LABEL_LOWER] = "下降",
	[SB_LABEL_RETEST_DIRECTION] =
		"变化 = 第二次 − 第一次。分数越高，表示量表描述的情况越多，所以下降即改善。",
	[SB_LABEL_VERDICT_HOWTO] =
		("要得到判断：用 securebase score --summary 为一组作答者生成群体汇总，"
		 "再在比较时用 --summary 文件名 提供它。"),
	[SB_LABEL_FLAGGED_MARK] = "（标记）",
	[SB_LABEL_SAFETY_ITEMS] = "安全问题（是/不确定）",
	[SB_LABEL_QUALITY_NOTE_DOCS] =
		"这些指标只作参考，不会改变任何得分；定义见 docs/scoring.md。",
	[SB_LABEL_ITEM_TABLE_NOTE] =
		"反向题写作“原始作答 → 计分值”；— 表示未作答。",
	[SB_LABEL_RCI] = "可靠变化指数",
	[SB_LABEL_RCI_METHOD] =
		"RCI = (第二次 − 第一次) / (SD × √2 × √(1 − r))（Jacobson & Truax, 1991）；|RCI| ≥ 1.96 视为可靠的变化。SD 和信度 r 优先取自题库常模（norms.sd、norms.reliability），否则取自群体汇总（量表得分的标准差和 Cronbach α）。",
	[SB_LABEL_SOURCE] = "来源",
	[SB_LABEL_SE_DIFF] = "差值的标准误",
	[SB_LABEL_BANK_NORMS] = "题库常模",
	[SB_LABEL_COHORT_SUMMARY] = "群体汇总",
	[SB_LABEL_BEFORE_AFTER] = "前后对照",
	[SB_LABEL_SIDE_BY_SIDE] = "两人对照",
	/* report/form.c: the paper questionnaire */
	[SB_LABEL_FORM_ANSWER] = "答案：",
	[SB_LABEL_VERSION_SEP] = " · 版本 ",
	[SB_LABEL_PAPER_FORM] = "纸质问卷",
	[SB_LABEL_HOW_TO_ANSWER] = "填写说明",
	[SB_LABEL_TICK_ONE] = "请在每句话下面勾选一个方框。",
	[SB_LABEL_STATEMENTS] = "题目",
	[SB_LABEL_ABOUT_SAFETY] = "关于安全（可以跳过，不计分）",
	[SB_LABEL_FORM_COLUMNS_NOTE] =
		"每个答题行开头的编号，就是 securebase template 所给表头中的列名：把勾选的数字填进对应的列即可。",
	/* render/render_md.c: Markdown */
	[SB_LABEL_COMMA] = "，",
	[SB_LABEL_CHART_SCORE] = "分数",
	/* render/form_fillable.c: the fillable page (S_ui) */
	[SB_LABEL_FF_SKIP] = "跳过这一句",
	[SB_LABEL_FF_SKIPPED] = "已跳过",
	[SB_LABEL_FF_NEEDS_JS] = "本页需要开启 JavaScript 才能保存进度和答案文件。你也可以把它打印出来，在纸上作答。",
	[SB_LABEL_FF_HOW_TO_ANSWER] = "填写说明",
	[SB_LABEL_FF_HOW_KEYS] = "点一下最符合你的答案；也可以用键盘：按数字键作答，方向键或上下翻页键前后移动，回车键继续。",
	[SB_LABEL_FF_SHOW_STATEMENTS] = "题目怎样显示",
	[SB_LABEL_FF_ONE_AT_A_TIME] = "一次一句",
	[SB_LABEL_FF_ALL_IN_LIST] = "全部列在一页",
	[SB_LABEL_FF_KEPT_WHERE] = "你的回答只保存在这台设备的这个浏览器里，直到你清除为止；本页不会把任何内容发送到任何地方。如果是共用的设备，保存文件之后请清除回答。",
	[SB_LABEL_FF_START] = "开始",
	[SB_LABEL_FF_ERASE_MINE] = "从这个浏览器清除我的回答",
	[SB_LABEL_FF_BACK] = "← 上一句",
	[SB_LABEL_FF_NEXT] = "下一句 →",
	[SB_LABEL_FF_SAVE_HEADING] = "保存你的回答",
	[SB_LABEL_FF_BLANKS] = "空着的句子（点一下回去作答）：",
	[SB_LABEL_FF_CODE_OR_NAME] = "你的编号或名字（咨询师可能给过你一个编号）",
	[SB_LABEL_FF_SAVE] = "保存答案",
	[SB_LABEL_FF_AFTER_SAVING] = "保存之后怎么做",
	[SB_LABEL_FF_FILE_IS] = "这个文件是一张小表格：第一行是每一句的编号，第二行是你的编号和你选的数字，没有别的内容。本页不计算分数，也不显示结果。",
	[SB_LABEL_FF_GIVE_FILE] = "请按照和咨询师约定的方式把文件交给对方。咨询师用 securebase 读取它，例如：",
	[SB_LABEL_FF_OWN_REPORT] = "如果你自己在电脑上使用 securebase，也可以用同样的命令看你自己的报告。",
	[SB_LABEL_FF_ERASE] = "清除",
	[SB_LABEL_FF_ERASE_Q] = "要把本页的所有回答从这个浏览器里清除吗？已经保存的文件不受影响。",
	[SB_LABEL_FF_ERASE_YES] = "是的，清除",
	[SB_LABEL_FF_ERASE_KEEP] = "保留",
	[SB_LABEL_FF_SUPPORT] = "如果你需要支持",
	[SB_LABEL_FF_BANK] = "题库",
	[SB_LABEL_FF_VERSION] = "版本",
	[SB_LABEL_FF_ITEMS_HASH] = "题目指纹",
	/* render/form_fillable.c: the messages its script shows; {name} is filled in by the script */
	[SB_LABEL_FF_JS_POSITION] = "第 {n} 句，共 {total} 句 · 已回答 {answered} 句",
	[SB_LABEL_FF_JS_ANSWERED] = "已回答 {answered} 句，共 {total} 句",
	[SB_LABEL_FF_JS_ALL_ANSWERED] = "{total} 句全部回答完了。",
	[SB_LABEL_FF_JS_SOME_ANSWERED] = "已回答：{answered} 句，共 {total} 句。空着：{blank} 句（空着也可以保存）。",
	[SB_LABEL_FF_JS_GO_TO] = "第 {n} 句",
	[SB_LABEL_FF_JS_ID_PLACEHOLDER] = "例如 r17",
	[SB_LABEL_FF_JS_ID_MISSING] = "请先填写编号或名字：它会写进文件里。",
	[SB_LABEL_FF_JS_ID_BAD] = "编号里不能有控制字符。",
	[SB_LABEL_FF_JS_SAVED] = "已保存为 {file}（在浏览器的下载文件夹里）。",
	[SB_LABEL_FF_JS_ERASED] = "你的回答已经从这个浏览器里清除。",
	[SB_LABEL_FF_JS_NO_STORAGE] = "这个浏览器不允许本页保存进度（可能是隐私模式）：请在保存文件之前不要关闭本页。",
	[SB_LABEL_FF_JS_RESUMED] = "欢迎回来：你之前的 {answered} 个回答还在这里。",
	/* report/report.c: score lines; where each dimension lies (the "no clear leaning" paragraph) */
	[SB_LABEL_SCORE_IN] = "%s（%s–%s）",
	[SB_LABEL_SCORE_RANGE] = "%s（范围 %s–%s）",
	[SB_LABEL_DIMENSION_NEAR] = "“{scale}”的得分离分界线很近，在这一维度上没有明显的倾向。",
	[SB_LABEL_DIMENSION_ABOVE] = "“{scale}”的得分高于分界线。",
	[SB_LABEL_DIMENSION_BELOW] = "“{scale}”的得分低于分界线。",
	[SB_LABEL_SENTENCE_SEP] = "",
	[SB_LABEL_LEANING_UNSCORED] = "“%s”或“%s”未能计分，因此无法标出你的依恋倾向。",
	/* report/report_parts.c: the counsellor's safety flag, why a scale is unscored, the footer */
	[SB_LABEL_SAFETY_FLAG_NOTE] = "%.0s安全提示：%s 个安全问题中有 %s 个回答了“是”或“不确定”。请先了解来访者是否安全；在排除暴力和控制之前，不建议伴侣咨询或分享伴侣报告。",
	[SB_LABEL_UNSCORED_REASON] = "%.0s%s 题中只回答了 %s 题，少于计分所需的 %s%%",
	[SB_LABEL_FOOTER_CREDITS] = "%s · 版本 %s · %s",
	[SB_LABEL_FOOTER] = "%s · 版本 %s",
	/* report/report_counsellor.c: the scoring rules paragraph */
	[SB_LABEL_RULE_REVERSE] = "反向计分题（标 R）的计分值为“量表最小值 + 最大值 − 原始作答”。",
	[SB_LABEL_RULE_ALL_SCALES] = "每个量表的得分是已答题计分值的%s（范围 %s–%s），至少答了该量表 %s%% 的题目才计分，否则不给分数。",
	[SB_LABEL_RULE_ONE_SCALE] = "%s：已答题计分值的%s（%zu 题，范围 %s–%s），至少答 %s%% 才计分。",
	[SB_LABEL_RULE_BANDS] = "区间包含下限、不含上限，最高区间包含上限。",
	[SB_LABEL_RULE_LEANING] = "依恋倾向：%s ≥ %s 视为偏高，%s ≥ %s 视为偏高；离任一分界线不到 %s 时注明“靠近分界线”。",
	/* report/compare_doc.c: the comparison report */
	[SB_LABEL_PAREN] = "%s（%s）",
	[SB_LABEL_NEAR_CUTOFF] = "%s（靠近分界线）",
	[SB_LABEL_FROM_TO] = "从“%s”到“%s”",
	[SB_LABEL_STAYED_IN] = "仍在“%s”区域",
	[SB_LABEL_BAND_ON_SCALES] = "%.0s%s 个量表中有 %s 个%s%.0s",
	[SB_LABEL_COULD_TRY] = "%s 可以试试：",
	[SB_LABEL_SUMMARY_SOURCE] = "没有常模信度的量表，使用群体汇总 %s 中的标准差和 α 系数。",
	/* score/statfile.c: variable labels of the SPSS and Stata files */
	[SB_LABEL_VAR_RESPONDENT_ID] = "编号",
	[SB_LABEL_VAR_BAND] = "：分段",
	[SB_LABEL_VAR_ANSWERED] = "：已答题数",
	[SB_LABEL_VAR_ITEMS] = "：题目数",
	[SB_LABEL_VAR_STYLE] = "依恋倾向",
	[SB_LABEL_VAR_FLAG_LONGSTRING] = "质量标记：长串相同作答",
	[SB_LABEL_VAR_FLAG_LOW_IRV] = "质量标记：作答变化很少",
	[SB_LABEL_VAR_FLAG_INCONSISTENT] = "质量标记：正反题目矛盾",
	[SB_LABEL_VAR_FLAG_MISSING] = "质量标记：缺答过多",
	/* render/pdf/render_pdf.c: the page number */
	[SB_LABEL_PAGE_OF] = "第 %zu 页，共 %zu 页",
};

const char *sb_label_text(sb_lang l, sb_label id)
{
	if ((unsigned)id >= SB_LABEL_COUNT)
		return "";
	const char *s = (l == SB_LANG_ZH ? S_zh : S_en)[id];
	/* A text missing in Chinese falls back to English (tests/test_labels.c finds none). */
	if (!s)
		s = S_en[id];
	return s ? s : "";
}

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
	[SB_LABEL_UNREADABLE] = "These answers cannot be read reliably, so only the scores are shown.",
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
		"要得到判断：用 securebase score --summary 为一组作答者生成群体汇总，"
		"再在比较时用 --summary 文件名 提供它。",
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

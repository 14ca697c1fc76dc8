/* SPDX-License-Identifier: MIT */
/* assess_text.c — the UI strings of `securebase assess`: one array per language, in the order
 * of sb_assess_str (assess_text.h). */
#include "cli/assess/assess_text.h"

static const char *const S_zh[SB_AT_COUNT] = {
	[SB_AT_ANOTHER_RUNNING] =
		"另一个 securebase assess 正在运行。请先在那里完成或暂停（按 q），再重新开始。",
	[SB_AT_NO_STATE_PLACE] =
		"找不到保存进度的地方：请设置 HOME 或 XDG_STATE_HOME。",
	[SB_AT_NO_STATE_DIR] =
		"无法创建保存进度的文件夹",
	[SB_AT_CANNOT_SAVE] =
		"无法保存进度",
	[SB_AT_OTHER_VERSION] =
		"securebase: 这份暂停的问卷是用题库 %1$s 的 %2$s 版作答的，不能用现在的 %3$s "
		"版继续。\nsecurebase: 文件原样保留在 %4$s。用 --bank "
		"指定当时的题库可以继续；或者把这个文件移走、删除，再重新开始。\n",
	[SB_AT_STATE_UNREADABLE] =
		"securebase: 无法读取暂停的问卷。文件原样保留在 %s；把它移走或删除后即可重新开始。\n",
	[SB_AT_CSV_OTHER_HEADER] =
		"这个文件的表头和本问卷的不同（用 securebase template 可以看到本问卷的表头）",
	[SB_AT_CSV_OTHER_HEADER_UNWRITTEN] =
		"这个文件的表头和本问卷的不同，没有写入。请换一个文件名。",
	[SB_AT_PAUSED_EXISTS] =
		"%s 里有一份暂停的问卷。加上 --resume 接着答，或者删除这个文件后重新开始",
	[SB_AT_RESUME_NONE] =
		"没有找到暂停的问卷，开始一份新的。",
	[SB_AT_PAUSED] =
		"已暂停。",
	[SB_AT_STOPPED] =
		"已停下。",
	[SB_AT_PAUSED_NOTE] =
		"%1$s%3$zu 句中已回答 %2$zu 句，都保存在 %4$s。准备好了再运行 %5$s 接着答。\n",
	[SB_AT_NOTHING_SAVED] =
		"还没有回答任何一句，所以没有保存什么。随时欢迎回来。",
	[SB_AT_UNSAVED_NOTHING] =
		"已停下：无法保存进度（%1$s）。什么都没有保存：%3$zu 句中已回答的 %2$zu 句都不在 %4$s "
		"里，所以不再继续提问。\n",
	[SB_AT_UNSAVED_SOME] =
		"已停下：无法保存进度（%1$s）。%2$s 里保存的是上一次成功保存的内容：%4$zu 句中已回答 %3$zu 句，用 "
		"%5$s 接着答时从第 %6$zu 句开始。没有保存的：在那之后的最后一步。\n",
	[SB_AT_FINAL_UNSAVED_NOTHING] =
		"结果已经显示，但最后没能保存进度（%1$s）：%3$zu 句中已回答的 %2$zu 句都不在 %4$s 里。",
	[SB_AT_FINAL_UNSAVED_DONE] =
		"结果已经显示，但最后一次保存进度失败了（%1$s）。%2$s 里保存的是上一次成功保存的内容：%4$zu 句中已回答 "
		"%3$zu 句；这个文件会保留，运行 %5$s 可以再次看到这些结果。没有保存的：这次问卷已经结束（所以文件保留，没有删除）。",
	[SB_AT_FINAL_UNSAVED_AT] =
		"结果已经显示，但最后一次保存进度失败了（%1$s）。%2$s 里保存的是上一次成功保存的内容：%4$zu 句中已回答 "
		"%3$zu 句，用 %5$s 接着答时从第 %6$zu 句开始。没有保存的：在那之后的回答，以及这次问卷的结束。",
	[SB_AT_FINAL_REPORT_SAVED] =
		"已保存：报告在 %s。",
	[SB_AT_FINAL_REPORT_NOT_SAVED] =
		"没有保存：报告 %s（原因见上面）。",
	[SB_AT_FINAL_ANSWERS_SAVED] =
		"已保存：回答（一行）在 %s。",
	[SB_AT_FINAL_ANSWERS_NOT_SAVED] =
		"没有保存：回答 %s（原因见上面）。",
	[SB_AT_THANK_YOU] =
		"谢谢你花这些时间照顾自己。",
	[SB_AT_BAD_LINES_ONE] =
		"securebase: 有 %lu 行不是有效的回答（见上面的提示）；对应的句子已重新询问。\n",
	[SB_AT_BAD_LINES] =
		"securebase: 有 %lu 行不是有效的回答（见上面的提示）；对应的句子已重新询问。\n",
	[SB_AT_LINE_LEGEND] =
		"回答用数字：",
	[SB_AT_LINE_LEGEND_END] =
		"；空行表示跳过。\n",
	[SB_AT_LINE_RESUMED] =
		"接着暂停的问卷，从第 %zu 句开始。\n",
	[SB_AT_LINE_BAD] =
		"securebase: 第 %lu 行：“%.40s”%s。第 %zu 句请用 %d 到 %d 的数字回答，空行表示跳过。\n",
	[SB_AT_LINE_NOT_NUMBER] =
		"不是数字",
	[SB_AT_LINE_OUT_OF_RANGE] =
		"不在范围内",
	[SB_AT_WELCOME_PRIVACY] =
		"你的回答只留在这台电脑上。每答一句，进度都会保存到 %s（只有你能读取），所以随时可以暂停，之后再接着答。",
	[SB_AT_WELCOME_KEYS] =
		"按键：%s 作答（按一下就好，不用回车）· b 或 ← 返回上一句 · s 跳过 · ? 按键说明 · q 暂停",
	[SB_AT_WELCOME_BEGIN] =
		"准备好了就按回车开始。（按 q 离开）",
	[SB_AT_RESUME_WELCOME] =
		"欢迎回来。你在 %1$s 开始的问卷暂停在这里：%3$zu 句中已回答 %2$zu 句。",
	[SB_AT_RESUME_CARRY_ON] =
		"从第 %zu 句接着答",
	[SB_AT_RESUME_CARRY_ON_RESULTS] =
		"从上次停下的地方接着（查看结果）",
	[SB_AT_RESUME_START_OVER] =
		"重新开始（已保存的回答会被删除）",
	[SB_AT_RESUME_LEAVE] =
		"先离开",
	[SB_AT_CONFIRM_RESTART] =
		"要重新开始吗？已保存的 %zu 个回答会被删除。",
	[SB_AT_CONFIRM_YES] =
		"是的，重新开始",
	[SB_AT_CONFIRM_NO] =
		"不，回到上一步",
	[SB_AT_KEY_ENTER] =
		"  回车",
	[SB_AT_KEY_ENTER_OR_R] =
		"  回车或 r",
	[SB_AT_KEY_ENTER_OR_RIGHT] =
		"  回车或 →",
	[SB_AT_KEY_B_OR_LEFT] =
		"  b 或 ←",
	[SB_AT_KEYS_LINE] =
		"%s 作答 · b%s 返回 · s 跳过 · ? 按键说明 · q 暂停",
	[SB_AT_TYPED] =
		"已输入 %1$s：按回车确认，或继续输入。",
	[SB_AT_TYPED_MORE] =
		"已输入 %s：请继续输入数字。",
	[SB_AT_WELCOME_BACK_HERE] =
		"欢迎回来，从这里接着答。",
	[SB_AT_EARLIER_ANSWER] =
		"你之前的回答是 %d。按数字可以修改，按回车或 → 保留。",
	[SB_AT_HELP_TITLE] =
		"按键说明",
	[SB_AT_HELP_NUMBER] =
		"用这个数字作答，然后进入下一句（不用按回车）",
	[SB_AT_HELP_BACK] =
		"回到上一句；之前的回答会显示出来，可以修改",
	[SB_AT_HELP_KEEP] =
		"保留显示的回答，继续",
	[SB_AT_HELP_SKIP] =
		"跳过这一句（留空不答）",
	[SB_AT_HELP_HELP] =
		"这份说明",
	[SB_AT_HELP_PAUSE] =
		"暂停：回答都已保存，再运行 securebase assess 就能接着答",
	[SB_AT_HELP_CTRL_C] =
		"同样会停下，回答都会保留",
	[SB_AT_HELP_SAVED_IN] =
		"每答一句，进度都会保存到 %s。",
	[SB_AT_HELP_ANY_KEY] =
		"按任意键回到问卷。",
	[SB_AT_HINT_ANSWER] =
		"请按 %d 到 %d 之间的数字作答，或按 s 跳过、? 查看按键。",
	[SB_AT_HINT_FIRST] =
		"这已经是第一句了。",
	[SB_AT_HINT_END] =
		"按回车查看结果，按 b 返回，按 q 暂停。",
	[SB_AT_HINT_RESUME] =
		"按回车接着答，按 n 重新开始，按 q 离开。",
	[SB_AT_END_LAST] =
		"这是最后一句了。谢谢你认真作答。",
	[SB_AT_END_COUNT] =
		"%2$zu 句陈述中你回答了 %1$zu 句，跳过了 %3$zu 句。",
	[SB_AT_END_COUNT_ONE] =
		"%2$zu 句陈述中你回答了 %1$zu 句，跳过了 %3$zu 句。",
	[SB_AT_END_UNSCORED] =
		"“%1$s”目前不会计分：%3$zu 句中答了 %2$zu 句，至少需要 %4$zu 句。",
	[SB_AT_END_PRESS_F] =
		"按 f 可以直接回到第一句跳过的陈述。",
	[SB_AT_END_RESULTS] =
		"查看结果",
	[SB_AT_END_FIRST_SKIPPED] =
		"回到第一句跳过的陈述",
	[SB_AT_END_BACK] =
		"返回上一句修改",
	[SB_AT_END_PAUSE] =
		"暂停，以后再看",
	[SB_AT_SUMMARY_TITLE] =
		"你的结果",
	[SB_AT_SUMMARY_BANDS] =
		"各量表所在的区间",
	[SB_AT_SUMMARY_UNSCORED] =
		"未计分（跳过的句子太多）",
	[SB_AT_PAGER_PROMPT] =
		"—— 空格或回车：下一页 · q：不看了 ——",
	[SB_AT_READ_REPORT] =
		"按回车阅读完整报告，按 q 跳过。",
	[SB_AT_REPORT_TO_STDOUT] =
		"完整报告已写到标准输出。\n",
	[SB_AT_SAVE_AS] =
		"保存为（直接回车就用 %s）：",
	[SB_AT_OFFER_REPORT] =
		"要保存这份报告吗？h 网页（HTML）",
	[SB_AT_OFFER_REPORT_END] =
		" · m Markdown · n 不用了",
	[SB_AT_REPLACE_FILE] =
		"已经有一个叫 %s 的文件。要替换它吗？y 是 · n 否",
	[SB_AT_REPORT_SAVED_PRIVATE] =
		"报告已保存到 %s（只有你能读取）。\n",
	[SB_AT_NOT_SAVED_ABOVE] =
		"没能保存（原因见上面）。\n",
	[SB_AT_TRY_AGAIN] =
		"再试一次吗？y 是 · n 否",
	[SB_AT_OFFER_ANSWERS] =
		"要把你的回答存成 CSV 表格中的一行吗（方便自己留存或交给咨询师）？y 是 · n 不用了",
	[SB_AT_ROW_ADDED] =
		"已在 %s 末尾加了一行（编号 %s）。\n",
	[SB_AT_ANSWERS_SAVED_PRIVATE] =
		"回答已保存到 %s（编号 %s，只有你能读取）。\n",
	[SB_AT_TRY_OTHER_NAME] =
		"换一个文件名再试吗？y 是 · n 否",
	[SB_AT_REPORT_SAVED_IN] =
		"报告已保存到",
	[SB_AT_ANSWERS_SAVED_IN] =
		"回答已保存到",
	[SB_AT_REPORT_NOT_SAVED_IN] =
		"报告没有保存到 %s（原因见上面）。\n",
	[SB_AT_ANSWERS_NOT_SAVED_IN] =
		"回答没有保存到 %s（原因见上面）。\n",
};

static const char *const S_en[SB_AT_COUNT] = {
	[SB_AT_ANOTHER_RUNNING] =
		"another 'securebase assess' is running; finish or pause it "
		"there (q) first",
	[SB_AT_NO_STATE_PLACE] =
		"there is nowhere to keep your progress: set HOME or "
		"XDG_STATE_HOME",
	[SB_AT_NO_STATE_DIR] =
		"cannot create the folder for your progress",
	[SB_AT_CANNOT_SAVE] =
		"cannot save your progress",
	[SB_AT_OTHER_VERSION] =
		"securebase: the paused session was answered with version %2$s "
		"of the question bank '%1$s'; it cannot be continued with "
		"version %3$s.\nsecurebase: the file is kept as it is: %4$s. "
		"Continue it with --bank and that version of the bank, or move "
		"or delete the file to start afresh.\n",
	[SB_AT_STATE_UNREADABLE] =
		"securebase: the paused session cannot be read. The file is kept "
		"as it is: %s. Move or delete it to start afresh.\n",
	[SB_AT_CSV_OTHER_HEADER] =
		"this file has another header than this questionnaire's "
		"(securebase template prints it)",
	[SB_AT_CSV_OTHER_HEADER_UNWRITTEN] =
		"this file has another header than this questionnaire's; nothing "
		"was written. Choose another file.",
	[SB_AT_PAUSED_EXISTS] =
		"a paused session is saved in %s; add --resume to carry on with "
		"it, or delete the file to start afresh",
	[SB_AT_RESUME_NONE] =
		"no paused session was found; starting a new one",
	[SB_AT_PAUSED] =
		"Paused.",
	[SB_AT_STOPPED] =
		"Stopped.",
	[SB_AT_PAUSED_NOTE] =
		"%s Your answers so far (%zu of %zu) are saved in %s. Run '%s' "
		"when you are ready to carry on.\n",
	[SB_AT_NOTHING_SAVED] =
		"Nothing was answered yet, so nothing was saved. Come back any "
		"time.",
	[SB_AT_UNSAVED_NOTHING] =
		"Stopped: your progress cannot be saved (%s). Nothing was saved: "
		"none of your %zu answers (of %zu) is in %s, so no more "
		"statements were asked.\n",
	[SB_AT_UNSAVED_SOME] =
		"Stopped: your progress cannot be saved (%s). Saved in %s, from "
		"the last save that worked: %zu of %zu answers; '%s' carries on "
		"from statement %zu. Not saved: your last step after that.\n",
	[SB_AT_FINAL_UNSAVED_NOTHING] =
		"Your results are shown, but your progress could not be saved at "
		"the end (%s): none of your %zu answers (of %zu) is in %s.",
	[SB_AT_FINAL_UNSAVED_DONE] =
		"Your results are shown, but the last save of your progress "
		"failed (%s). Saved in %s, from the last save that worked: %zu "
		"of %zu answers; the file is kept, and '%s' shows these results "
		"again. Not saved: the end of this session (so that file is "
		"kept, not removed).",
	[SB_AT_FINAL_UNSAVED_AT] =
		"Your results are shown, but the last save of your progress "
		"failed (%s). Saved in %s, from the last save that worked: %zu "
		"of %zu answers; '%s' carries on from statement %zu. Not saved: "
		"your answers after that, and the end of this session.",
	[SB_AT_FINAL_REPORT_SAVED] =
		" Saved: your report, in %s.",
	[SB_AT_FINAL_REPORT_NOT_SAVED] =
		" Not saved: your report (%s; the reason is above).",
	[SB_AT_FINAL_ANSWERS_SAVED] =
		" Saved: your answers row, in %s.",
	[SB_AT_FINAL_ANSWERS_NOT_SAVED] =
		" Not saved: your answers row (%s; the reason is above).",
	[SB_AT_THANK_YOU] =
		"Thank you for taking this time for yourself.",
	[SB_AT_BAD_LINES_ONE] =
		"securebase: %lu input line was not an answer (see above); that "
		"statement was asked again.\n",
	[SB_AT_BAD_LINES] =
		"securebase: %lu input lines were not answers (see above); those "
		"statements were asked again.\n",
	[SB_AT_LINE_LEGEND] =
		"Answer with a number: ",
	[SB_AT_LINE_LEGEND_END] =
		"; an empty line skips.\n",
	[SB_AT_LINE_RESUMED] =
		"Carrying on with the paused session at statement %zu.\n",
	[SB_AT_LINE_BAD] =
		"securebase: line %lu: '%.40s' is %s. Statement %zu again: "
		"answer with a number from %d to %d, or an empty line to skip.\n",
	[SB_AT_LINE_NOT_NUMBER] =
		"not a number",
	[SB_AT_LINE_OUT_OF_RANGE] =
		"out of range",
	[SB_AT_WELCOME_PRIVACY] =
		"Your answers stay on this computer. Progress is saved after "
		"every answer in %s (readable by you alone), so you can pause at "
		"any time and carry on later.",
	[SB_AT_WELCOME_KEYS] =
		"Keys: %s answer (one key press, no Enter needed) · b or ← go "
		"back · s skip · ? keys · q pause",
	[SB_AT_WELCOME_BEGIN] =
		"Press Enter when you are ready to begin. (q leaves)",
	[SB_AT_RESUME_WELCOME] =
		"Welcome back. You have a paused session, started %s, with %zu "
		"of %zu statements answered.",
	[SB_AT_RESUME_CARRY_ON] =
		"carry on where you left off (statement %zu of %zu)",
	[SB_AT_RESUME_CARRY_ON_RESULTS] =
		"carry on where you left off (your results)",
	[SB_AT_RESUME_START_OVER] =
		"start over (the saved answers will be deleted)",
	[SB_AT_RESUME_LEAVE] =
		"leave for now",
	[SB_AT_CONFIRM_RESTART] =
		"Start over? The %zu saved answers will be deleted.",
	[SB_AT_CONFIRM_YES] =
		"yes, start over",
	[SB_AT_CONFIRM_NO] =
		"no, go back",
	[SB_AT_KEY_ENTER] =
		"  Enter",
	[SB_AT_KEY_ENTER_OR_R] =
		"  Enter or r",
	[SB_AT_KEY_ENTER_OR_RIGHT] =
		"  Enter or →",
	[SB_AT_KEY_B_OR_LEFT] =
		"  b or ←",
	[SB_AT_KEYS_LINE] =
		"%s answer · b%s back · s skip · ? keys · q pause",
	[SB_AT_TYPED] =
		"You typed %1$s: press Enter to answer %1$s, or type on.",
	[SB_AT_TYPED_MORE] =
		"You typed %s: type the rest of the number.",
	[SB_AT_WELCOME_BACK_HERE] =
		"Welcome back. You are carrying on from here.",
	[SB_AT_EARLIER_ANSWER] =
		"Your earlier answer was %d. Press a number to change it, or "
		"Enter or → to keep it.",
	[SB_AT_HELP_TITLE] =
		"Keys",
	[SB_AT_HELP_NUMBER] =
		"answer with that number and go on to the next statement (no "
		"Enter needed)",
	[SB_AT_HELP_BACK] =
		"go back one statement; your earlier answer is shown and can be "
		"changed",
	[SB_AT_HELP_KEEP] =
		"keep the answer shown and go on",
	[SB_AT_HELP_SKIP] =
		"skip this statement (it stays unanswered)",
	[SB_AT_HELP_HELP] =
		"these keys",
	[SB_AT_HELP_PAUSE] =
		"pause: your answers are saved; run securebase assess again to "
		"carry on",
	[SB_AT_HELP_CTRL_C] =
		"also stops, with your answers kept",
	[SB_AT_HELP_SAVED_IN] =
		"Your progress is saved after every answer in %s.",
	[SB_AT_HELP_ANY_KEY] =
		"Press any key to go back to the statement.",
	[SB_AT_HINT_ANSWER] =
		"Press a number from %d to %d to answer, s to skip, or ? for the "
		"keys.",
	[SB_AT_HINT_FIRST] =
		"This is the first statement.",
	[SB_AT_HINT_END] =
		"Press Enter to see your results, b to go back, or q to pause.",
	[SB_AT_HINT_RESUME] =
		"Press Enter to carry on, n to start over, or q to leave.",
	[SB_AT_END_LAST] =
		"That was the last statement. Thank you.",
	[SB_AT_END_COUNT] =
		"You answered %zu of %zu statements; %zu were skipped.",
	[SB_AT_END_COUNT_ONE] =
		"You answered %zu of %zu statements; %zu was skipped.",
	[SB_AT_END_UNSCORED] =
		"“%s” would not be scored: %zu of its %zu statements are "
		"answered, and it needs %zu.",
	[SB_AT_END_PRESS_F] =
		"Press f to go straight to the first statement you skipped.",
	[SB_AT_END_RESULTS] =
		"see your results",
	[SB_AT_END_FIRST_SKIPPED] =
		"the first skipped statement",
	[SB_AT_END_BACK] =
		"go back one statement to change it",
	[SB_AT_END_PAUSE] =
		"pause and come back later",
	[SB_AT_SUMMARY_TITLE] =
		"Your results",
	[SB_AT_SUMMARY_BANDS] =
		"Where each scale falls",
	[SB_AT_SUMMARY_UNSCORED] =
		"not scored (too many skipped)",
	[SB_AT_PAGER_PROMPT] =
		"-- space or Enter: next page · q: done reading --",
	[SB_AT_READ_REPORT] =
		"Press Enter to read your full report, or q to skip it.",
	[SB_AT_REPORT_TO_STDOUT] =
		"Your full report was written to standard output.\n",
	[SB_AT_SAVE_AS] =
		"Save as (Enter for %s): ",
	[SB_AT_OFFER_REPORT] =
		"Would you like to save this report? h HTML",
	[SB_AT_OFFER_REPORT_END] =
		" · m Markdown · n no thanks",
	[SB_AT_REPLACE_FILE] =
		"There is already a file called %s. Replace it? y/n",
	[SB_AT_REPORT_SAVED_PRIVATE] =
		"Your report is saved in %s (readable by you alone).\n",
	[SB_AT_NOT_SAVED_ABOVE] =
		"It could not be saved (the reason is above).\n",
	[SB_AT_TRY_AGAIN] =
		"Try again? y/n",
	[SB_AT_OFFER_ANSWERS] =
		"Would you like to save your answers as a row of a CSV file (for "
		"your records, or for a counsellor)? y/n",
	[SB_AT_ROW_ADDED] =
		"A row was added to %s (id %s).\n",
	[SB_AT_ANSWERS_SAVED_PRIVATE] =
		"Your answers are saved in %s (id %s, readable by you alone).\n",
	[SB_AT_TRY_OTHER_NAME] =
		"Try another file name? y/n",
	[SB_AT_REPORT_SAVED_IN] =
		"Your report is saved in",
	[SB_AT_ANSWERS_SAVED_IN] =
		"Your answers are saved in",
	[SB_AT_REPORT_NOT_SAVED_IN] =
		"Your report was not saved in %s (the reason is above).\n",
	[SB_AT_ANSWERS_NOT_SAVED_IN] =
		"Your answers were not saved in %s (the reason is above).\n",
};

const char *sb_assess_tr(sb_lang l, sb_assess_str id)
{
	if ((unsigned)id >= SB_AT_COUNT)
		return "";
	/* Every id has a text in both tables (test_cmd_assess's test_ui_strings_table). */
	return l == SB_LANG_ZH ? S_zh[id] : S_en[id];
}

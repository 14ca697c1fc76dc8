/* SPDX-License-Identifier: MIT */
/* lang.h — the two languages. Their texts: the bank (the questionnaire), base/labels.c (the
 * engine's), cli/messages.c (the command line's), cli/assess/assess_text.c (the assess screens). */
#ifndef SB_LANG_H
#define SB_LANG_H

typedef enum { SB_LANG_ZH = 0, SB_LANG_EN = 1, SB_LANG_COUNT } sb_lang;

/* "zh" or "en". */
const char *sb_lang_code(sb_lang l);
/* Parses "zh"/"en" (also "zh_CN.UTF-8" and the like); 0 on success, -1 otherwise. */
int sb_lang_parse(const char *s, sb_lang *out);
/* The language from LC_ALL, LC_MESSAGES, LANG: zh* gives zh, anything else en. */
sb_lang sb_lang_from_env(void);

#endif

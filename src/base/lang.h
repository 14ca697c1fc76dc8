/* SPDX-License-Identifier: MIT */
/* lang.h — the two languages, and the compiled-in UI strings (content texts live in the bank). */
#ifndef SB_LANG_H
#define SB_LANG_H

typedef enum { SB_LANG_ZH = 0, SB_LANG_EN = 1, SB_LANG_COUNT } sb_lang;

/* "zh" or "en". */
const char *sb_lang_code(sb_lang l);
/* Parses "zh"/"en" (also "zh_CN.UTF-8" and the like); 0 on success, -1 otherwise. */
int sb_lang_parse(const char *s, sb_lang *out);
/* The language from LC_ALL, LC_MESSAGES, LANG: zh* gives zh, anything else en. */
sb_lang sb_lang_from_env(void);

/* A UI string: both translations stand side by side where they are used. */
static inline const char *sb_tr(sb_lang l, const char *zh, const char *en)
{
	return l == SB_LANG_ZH ? zh : en;
}

#endif

/* SPDX-License-Identifier: MIT */
/* lang.c — language codes and the language from the environment. */
#include "base/lang.h"

#include <stdlib.h>
#include <string.h>

const char *sb_lang_code(sb_lang l)
{
	return l == SB_LANG_ZH ? "zh" : "en";
}

int sb_lang_parse(const char *s, sb_lang *out)
{
	if (!s)
		return -1;
	if (strncmp(s, "zh", 2) == 0 && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*out = SB_LANG_ZH;
		return 0;
	}
	if (strncmp(s, "en", 2) == 0 && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
		*out = SB_LANG_EN;
		return 0;
	}
	return -1;
}

sb_lang sb_lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0 ? SB_LANG_ZH : SB_LANG_EN;
	}
	return SB_LANG_EN;
}

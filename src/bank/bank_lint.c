/* SPDX-License-Identifier: MIT */
/* bank_lint.c — `validate --strict`: the item-quality rules a loadable bank may still break
 * (enough reverse-keyed items, reversals worded without negation, no text shared by scales). */
#include "bank/bank.h"

#include <ctype.h>
#include <string.h>

/* Words that make a reverse-keyed item a double negative once keyed (questions/README.md). */
static const char *const S_en[] = { "not", "no", "never", "nothing", "nobody", "none", "neither",
	                            "nor", "without", "cannot", "nowhere" };
/* Chinese negations are single characters: 不 没 无 未 非 莫 勿 毋. 别 is left out: it is far
 * more often "other" (别人) than "don't". */
static const char *const S_zh[] = { "不", "没", "无", "未", "非", "莫", "勿", "毋" };

static bool S_word_char(unsigned char ch)
{
	return isalnum(ch) || ch == '\'' || ch >= 0x80;
}

const char *sb_lint_negation(const char *text, sb_lang l)
{
	if (!text)
		return NULL;
	if (l == SB_LANG_ZH) {
		for (size_t k = 0; k < sizeof S_zh / sizeof S_zh[0]; k++)
			if (strstr(text, S_zh[k]))
				return S_zh[k];
		return NULL;
	}
	/* Word by word; a right single quote (U+2019) counts as an apostrophe. */
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		while (*p && !S_word_char(*p))
			p++;
		const unsigned char *w = p;
		while (*p && S_word_char(*p))
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			continue;
		if ((n >= 3 && w[n - 3] == 'n' && w[n - 2] == '\'' && tolower(w[n - 1]) == 't') ||
		    (n >= 5 && memcmp(w + n - 5, "n\xE2\x80\x99t", 5) == 0))
			return "n't";
		for (size_t k = 0; k < sizeof S_en / sizeof S_en[0]; k++) {
			size_t m = strlen(S_en[k]);
			if (m != n)
				continue;
			size_t j = 0;
			while (j < n && tolower(w[j]) == S_en[k][j])
				j++;
			if (j == n)
				return S_en[k];
		}
	}
	return NULL;
}

size_t sb_bank_lint(const sb_bank *b, sb_diags *d)
{
	size_t found = 0;
	for (size_t s = 0; s < b->n_scales; s++) {
		const sb_scale *sc = &b->scales[s];
		size_t rev = 0;
		for (size_t k = 0; k < sc->n_items; k++)
			rev += b->items[sc->items[k]].reverse;
		if (rev < SB_LINT_MIN_REVERSE) {
			sb_diags_add(d, b->source, sc->line, sc->col,
			             "scale '%s' has %zu reverse-keyed item%s (expected at least %d, so that "
			             "agreeing with everything shows)", sc->id, rev, rev == 1 ? "" : "s",
			             SB_LINT_MIN_REVERSE);
			found++;
		}
	}
	for (size_t i = 0; i < b->n_items; i++) {
		const sb_item *it = &b->items[i];
		for (int l = 0; l < SB_LANG_COUNT; l++) {
			const char *neg = it->reverse ? sb_lint_negation(it->text.s[l], (sb_lang)l) : NULL;
			if (neg) {
				sb_diags_add(d, b->source, it->line, it->col,
				             "reverse-keyed item '%s' has the negation '%s' in its %s text "
				             "(expected a positive wording: keyed, a negation reads as a double "
				             "negative)", it->id, neg, sb_lang_code((sb_lang)l));
				found++;
			}
			for (size_t j = 0; j < i && it->text.s[l]; j++) {
				const sb_item *o = &b->items[j];
				if (o->scale == it->scale || !o->text.s[l] || strcmp(o->text.s[l], it->text.s[l]))
					continue;
				sb_diags_add(d, b->source, it->line, it->col,
				             "item '%s' (%s) has the same %s text as item '%s' (%s) (expected "
				             "each text in one scale only)", it->id, sb_item_scale_id(b, i),
				             sb_lang_code((sb_lang)l), o->id, sb_item_scale_id(b, j));
				found++;
				break;
			}
		}
	}
	return found;
}

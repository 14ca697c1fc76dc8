/* SPDX-License-Identifier: MIT */
/* answers_name.c — making and reading the fillable form's answers file names. */
#include "data/answers_name.h"

#include <string.h>
#include <strings.h>

#include "bank/bank_hash.h"

static bool S_safe(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_';
}

void sb_answers_name_part(sb_buf *out, const char *s, size_t max)
{
	size_t n = 0;
	char last = '\0';
	for (; *s && n < max; s++) {
		char c = S_safe(*s) ? *s : '_';
		if (c == '_' && last == '_' && !S_safe(s[-1]))
			continue;
		sb_buf_putc(out, c);
		last = c;
		n++;
	}
}

void sb_answers_name_stem(sb_buf *out, const sb_bank *b)
{
	char hex[65];
	sb_bank_items_hash(b, hex);
	sb_buf_puts(out, b->id);
	sb_buf_putc(out, '-');
	sb_answers_name_part(out, b->version, SB_NAME_VERSION_MAX);
	sb_buf_printf(out, "-%.8s", hex);
}

static bool S_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The field that ends at end (exclusive) and starts after the '-' before it, within [from, end). */
static const char *S_field_start(const char *from, const char *end)
{
	const char *p = end;
	while (p > from && p[-1] != '-')
		p--;
	return p > from ? p : NULL;
}

bool sb_answers_origin_parse(const char *path, sb_answers_origin *o)
{
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	size_t n = strlen(name);
	if (n < 4 || strcasecmp(name + n - 4, ".csv") != 0)
		return false;
	const char *end = name + n - 4;
	/* "answers-...-2026-12-04 (1).csv" or "...(1).csv" after a second download */
	if (end > name && end[-1] == ')') {
		const char *p = end - 1;
		while (p > name && p[-1] >= '0' && p[-1] <= '9')
			p--;
		if (p > name && p[-1] == '(' && p < end - 1) {
			end = p - 1;
			while (end > name && end[-1] == ' ')
				end--;
		}
	}
	if (strncmp(name, "answers-", 8) != 0)
		return false;
	const char *from = name + 8;
	/* -YYYY-MM-DD */
	if (end - from < 11 || end[-11] != '-' || !S_digits(end - 10, 4) || end[-6] != '-' ||
	    !S_digits(end - 5, 2) || end[-3] != '-' || !S_digits(end - 2, 2))
		return false;
	end -= 11;
	const char *h = S_field_start(from, end);
	if (!h || end - h != 8)
		return false;
	for (const char *p = h; p < end; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	const char *v = S_field_start(from, h - 1);
	if (!v || v == h - 1 || h - 1 - v > SB_NAME_VERSION_MAX)
		return false;
	for (const char *p = v; p < h - 1; p++)
		if (!S_safe(*p))
			return false;
	const char *bk = S_field_start(from, v - 1);
	if (!bk || bk == v - 1 || v - 1 - bk > SB_ID_MAX || bk - 1 <= from)
		return false;
	memcpy(o->bank, bk, (size_t)(v - 1 - bk));
	o->bank[v - 1 - bk] = '\0';
	if (!sb_id_valid(o->bank))
		return false;
	memcpy(o->version, v, (size_t)(h - 1 - v));
	o->version[h - 1 - v] = '\0';
	memcpy(o->hash8, h, 8);
	o->hash8[8] = '\0';
	return true;
}

bool sb_answers_origin_matches(const sb_answers_origin *o, const sb_bank *b)
{
	char hex[65];
	sb_bank_items_hash(b, hex);
	sb_buf v = { 0 };
	sb_answers_name_part(&v, b->version, SB_NAME_VERSION_MAX);
	bool same = strcmp(o->bank, b->id) == 0 && strncmp(o->hash8, hex, 8) == 0 &&
	            (v.failed || strcmp(o->version, v.data ? v.data : "") == 0);
	sb_buf_free(&v);
	return same;
}

/* SPDX-License-Identifier: MIT */
/* csv_write.c — escaping of CSV output cells: RFC 4180 quoting and the spreadsheet formula guard. */
#include <string.h>

#include "data/csv.h"

/* Whether s is a plain number a spreadsheet reads as one, not as a formula: a sign, digits, at
 * most one '.', and an exponent (-5, +8613800000000, -2.5, 1e-3). */
static bool S_number(const char *s, size_t n)
{
	size_t i = s[0] == '+' || s[0] == '-';
	size_t digits = 0;
	bool dot = false;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !dot)
			dot = true;
		else
			break;
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		i += i < n && (s[i] == '+' || s[i] == '-');
		size_t e0 = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == e0)
			return false;
	}
	return i == n;
}

bool sb_csv_needs_guard(const char *s, size_t n)
{
	if (n == 0)
		return false;
	switch (s[0]) {
	case '+': case '-':
		return !S_number(s, n);
	case '=': case '@': case '\t': case '\r':
		return true;
	default:
		return false;
	}
}

size_t sb_csv_escape(char *dst, const char *s, size_t n, bool guard)
{
	bool quote = false;
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	char *d = dst;
	if (quote)
		*d++ = '"';
	if (guard && sb_csv_needs_guard(s, n))
		*d++ = '\'';
	if (!quote) {
		memcpy(d, s, n);
		d += n;
	} else {
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '"')
				*d++ = '"';
			*d++ = s[i];
		}
		*d++ = '"';
	}
	return (size_t)(d - dst);
}

void sb_csv_put(sb_buf *b, const char *s, size_t n, bool guard)
{
	if (n > ((size_t)-1 - 3) / 2) {
		b->failed = true;
		return;
	}
	char *d = sb_buf_reserve(b, SB_CSV_ESCAPED_MAX(n));
	if (!d)
		return;
	b->len += sb_csv_escape(d, s, n, guard);
	b->data[b->len] = '\0';
}

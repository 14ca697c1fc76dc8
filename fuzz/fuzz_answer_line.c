/* SPDX-License-Identifier: MIT */
/* fuzz_answer_line.c — the line-mode answer parser of `assess` (sb_session_parse_line) on
 * arbitrary bytes: never crashes or reads past the line, agrees with a plain reading of its
 * contract (session.h), and keeps its answer when the line gets a newline, blanks around it, or
 * is written back as a number.
 *
 * Input: byte 0 = min (as a signed byte), byte 1 = max - min (0..255), then the line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The contract, read plainly: one trailing newline, then spaces, tabs and CRs at the end and
 * spaces and tabs at the start are ignored; nothing left is a skip; an optional sign and at least
 * one ASCII digit is a whole number, in range or not; anything else is not a number. */
static sb_line_kind S_expected(const char *s, size_t n, int min, int max, int *value)
{
	if (n > 0 && s[n - 1] == '\n')
		n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	size_t a = 0;
	while (a < n && (s[a] == ' ' || s[a] == '\t'))
		a++;
	if (a == n)
		return SB_LINE_SKIP;
	int sign = 1;
	if (s[a] == '+' || s[a] == '-')
		sign = s[a++] == '-' ? -1 : 1;
	if (a == n)
		return SB_LINE_NOT_NUMBER;
	size_t first = a;
	for (size_t i = a; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return SB_LINE_NOT_NUMBER;
	while (first + 1 < n && s[first] == '0') /* leading zeros do not make a number big */
		first++;
	if (n - first > 12)
		return SB_LINE_OUT_OF_RANGE;
	long long v = 0;
	for (size_t i = first; i < n; i++)
		v = v * 10 + (s[i] - '0');
	v *= sign;
	if (v < min || v > max)
		return SB_LINE_OUT_OF_RANGE;
	*value = (int)v;
	return SB_LINE_VALUE;
}

/* Parses a copy of exactly n bytes on the heap, so a read past the line is caught. */
static sb_line_kind S_parse(const char *s, size_t n, int min, int max, int *value)
{
	char *copy = malloc(n ? n : 1);
	if (!copy)
		abort();
	memcpy(copy, s, n);
	*value = -12345;
	sb_line_kind k = sb_session_parse_line(copy, n, min, max, value);
	free(copy);
	if (k != SB_LINE_VALUE && k != SB_LINE_SKIP && k != SB_LINE_NOT_NUMBER &&
	    k != SB_LINE_OUT_OF_RANGE)
		abort();
	if (k == SB_LINE_VALUE && (*value < min || *value > max))
		abort();
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	int min = (int8_t)data[0];
	int max = min + data[1];
	const char *line = (const char *)data + 2;
	size_t n = size - 2;

	int v = 0, ve = 0;
	sb_line_kind k = S_parse(line, n, min, max, &v);
	sb_line_kind ke = S_expected(line, n, min, max, &ve);
	if (k != ke || (k == SB_LINE_VALUE && v != ve))
		abort();

	/* blanks in front, and a newline at the end, change nothing */
	char *more = malloc(n + 4);
	if (!more)
		abort();
	memcpy(more, " \t", 2);
	memcpy(more + 2, line, n);
	int v2 = 0;
	if (S_parse(more, n + 2, min, max, &v2) != k || (k == SB_LINE_VALUE && v2 != v))
		abort();
	if (n == 0 || line[n - 1] != '\n') {
		memcpy(more, line, n);
		more[n] = '\n';
		if (S_parse(more, n + 1, min, max, &v2) != k || (k == SB_LINE_VALUE && v2 != v))
			abort();
	}
	free(more);

	/* an answer written back as a number reads as the same answer */
	if (k == SB_LINE_VALUE) {
		char num[16];
		int len = snprintf(num, sizeof num, "%d", v);
		if (S_parse(num, (size_t)len, min, max, &v2) != SB_LINE_VALUE || v2 != v)
			abort();
	}
	return 0;
}

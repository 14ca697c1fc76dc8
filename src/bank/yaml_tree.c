/* SPDX-License-Identifier: MIT */
/* yaml_tree.c — phases 0 and 1 of the bank loader: the bytes are checked (size, encoding), then
 * libyaml events become a small node tree with positions; errors carry file:line:col. */
#include "bank/load_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/alloc.h"

static void S_verr(sb_ld_ctx *c, long line, long col, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	c->errors++;
	sb_diags_add(c->d, c->file, line, col, "%s", msg);
}

void sb_ld_err_at(sb_ld_ctx *c, long line, long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_verr(c, line, col, fmt, ap);
	va_end(ap);
}

void sb_ld_err(sb_ld_ctx *c, const sb_ld_node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_verr(c, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
}

void sb_ld_node_free(sb_ld_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		sb_ld_node_free(n->kids[i]);
	sb_free(n->kids);
	sb_free(n->str);
	sb_free(n);
}

/* ---- phase 0: the bytes ---- */

/* Length of a UTF-8 byte-order mark at the start (libyaml's marks do not count it). */
static size_t S_bom(const char *data, size_t len)
{
	return len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

/* Line and column (1-based, columns in characters as libyaml counts them) of byte offset off. */
static void S_pos_of(const char *data, size_t len, size_t off, long *line, long *col)
{
	long l = 1, k = 1;
	for (size_t i = S_bom(data, len); i < off && i < len; i++) {
		unsigned char ch = (unsigned char)data[i];
		if (ch == '\n' || (ch == '\r' && !(i + 1 < len && data[i + 1] == '\n'))) {
			l++;
			k = 1;
		} else if (ch != '\r' && (ch & 0xC0) != 0x80) {
			k++;
		}
	}
	*line = l;
	*col = k;
}

/* Byte offset of a 0-based libyaml line and column, or len. */
static size_t S_offset_of(const char *data, size_t len, size_t line, size_t col)
{
	size_t i = S_bom(data, len), l = 0, k = 0;
	while (i < len && l < line) {
		if (data[i] == '\n' || (data[i] == '\r' && !(i + 1 < len && data[i + 1] == '\n')))
			l++;
		i++;
	}
	while (i < len && k < col) {
		i++;
		while (i < len && ((unsigned char)data[i] & 0xC0) == 0x80)
			i++;
		k++;
	}
	return i;
}

/* Offset of the first byte that is not part of well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), or n. */
static size_t S_utf8_bad(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char ch = s[i];
		if (ch < 0x80) {
			i++;
			continue;
		}
		size_t k;
		unsigned char lo = 0x80, hi = 0xBF;
		if (ch >= 0xC2 && ch <= 0xDF)
			k = 1;
		else if (ch == 0xE0)
			k = 2, lo = 0xA0;
		else if (ch == 0xED)
			k = 2, hi = 0x9F;
		else if (ch >= 0xE1 && ch <= 0xEF)
			k = 2;
		else if (ch == 0xF0)
			k = 3, lo = 0x90;
		else if (ch == 0xF4)
			k = 3, hi = 0x8F;
		else if (ch >= 0xF1 && ch <= 0xF3)
			k = 3;
		else
			return i;
		if (n - i <= k || s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t j = 2; j <= k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return i;
		i += k + 1;
	}
	return n;
}

/* Checks what libyaml cannot be trusted to explain well: size, encoding. */
bool sb_ld_check_bytes(sb_ld_ctx *c)
{
	const unsigned char *u = (const unsigned char *)c->data;
	size_t n = c->len;
	if (n > SB_BANK_MAX_BYTES) {
		sb_ld_err_at(c, 1, 1, "file is larger than 8 MiB (the limit for a bank)");
		return false;
	}
	if (n == 0) {
		sb_ld_err_at(c, 1, 1, "empty bank (expected a mapping with format, id, version, ...)");
		return false;
	}
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		sb_ld_err_at(c, 1, 1,
		             "the file starts with a UTF-16 byte-order mark; a bank must be UTF-8");
		return false;
	}
	const unsigned char *z = memchr(u, 0, n);
	if (z) {
		long line, col;
		S_pos_of(c->data, n, (size_t)(z - u), &line, &col);
		sb_ld_err_at(c, line, col,
		             "NUL byte in the file (is it UTF-16?); a bank must be UTF-8 text");
		return false;
	}
	size_t bad = S_utf8_bad(u, n);
	if (bad < n) {
		long line, col;
		S_pos_of(c->data, n, bad, &line, &col);
		sb_ld_err_at(c, line, col, "invalid UTF-8 (byte 0x%02X); a bank must be UTF-8 text",
		             u[bad]);
		return false;
	}
	return true;
}

/* ---- phase 1: events into the node tree ---- */

const char *sb_ld_kind_name(const sb_ld_node *n)
{
	switch (n->kind) {
	case SB_LD_SEQ: return "a list";
	case SB_LD_MAP: return "a mapping";
	case SB_LD_BAD: return "an alias";
	case SB_LD_SCALAR: break;
	}
	return "a value";
}

static sb_ld_node *S_new(sb_ld_ctx *c, sb_ld_kind k, yaml_mark_t m)
{
	sb_ld_node *n = sb_calloc(1, sizeof *n);
	if (!n) {
		c->oom = true;
		return NULL;
	}
	n->kind = k;
	n->line = (long)m.line + 1;
	n->col = (long)m.column + 1;
	return n;
}

/* Adds n under the innermost open collection (or as the root); takes n in every case. */
static bool S_attach(sb_ld_ctx *c, sb_ld_node **stack, size_t depth, sb_ld_node **root,
                     sb_ld_node *n)
{
	if (depth == 0) {
		if (*root) { /* cannot happen with one document; keep the first */
			sb_ld_node_free(n);
			return true;
		}
		*root = n;
		return true;
	}
	sb_ld_node *p = stack[depth - 1];
	if (p->kind == SB_LD_MAP && p->n % 2 == 0 && (n->kind == SB_LD_SEQ || n->kind == SB_LD_MAP))
		sb_ld_err(c, n, "expected a plain key in a mapping, found %s", sb_ld_kind_name(n));
	if (sb_grow(&p->kids, &p->cap, p->n + 1, sizeof *p->kids) != 0) {
		c->oom = true;
		sb_ld_node_free(n);
		return false;
	}
	p->kids[p->n++] = n;
	return true;
}

static int S_key_cmp(const void *pa, const void *pb)
{
	const sb_ld_node *a = *(const sb_ld_node *const *)pa, *b = *(const sb_ld_node *const *)pb;
	int r = strcmp(a->str, b->str);
	if (r)
		return r;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* Marks and reports every key used twice in a mapping: sorting keeps this O(n log n) for a
 * hostile mapping with many keys. */
static void S_check_keys(sb_ld_ctx *c, sb_ld_node *m)
{
	size_t nk = m->n / 2;
	if (nk < 2)
		return;
	sb_ld_node **keys = sb_malloc(nk * sizeof *keys);
	if (!keys) {
		c->oom = true;
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (m->kids[i]->kind == SB_LD_SCALAR)
			keys[k++] = m->kids[i];
	qsort(keys, k, sizeof *keys, S_key_cmp);
	for (size_t i = 1; i < k; i++) {
		size_t first = i - 1;
		while (i < k && strcmp(keys[i]->str, keys[first]->str) == 0) {
			keys[i]->dup = true;
			sb_ld_err(c, keys[i], "duplicate key '%.64s' (first on line %ld)", keys[i]->str,
			          keys[first]->line);
			i++;
		}
	}
	sb_free(keys);
}

static void S_syntax_error(sb_ld_ctx *c, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR) {
		c->oom = true;
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		long line, col;
		S_pos_of(c->data, c->len, p->problem_offset, &line, &col);
		sb_ld_err_at(c, line, col, "syntax error: %s",
		             p->problem ? p->problem : "unreadable input");
		return;
	}
	char ctx[200] = "";
	if (p->context)
		snprintf(ctx, sizeof ctx, " (%s at line %zu, column %zu)", p->context,
		         p->context_mark.line + 1, p->context_mark.column + 1);
	size_t off = S_offset_of(c->data, c->len, p->problem_mark.line, p->problem_mark.column);
	const char *hint = off < c->len && c->data[off] == '\t'
		? "; tabs cannot indent YAML, use spaces" : "";
	sb_ld_err_at(c, (long)p->problem_mark.line + 1, (long)p->problem_mark.column + 1,
	             "syntax error: %s%s%s", p->problem ? p->problem : "invalid YAML", ctx, hint);
}

/* Reports anchors and tags on a node's event (both are rejected: the bank is plain data). */
static void S_check_props(sb_ld_ctx *c, const yaml_event_t *e, const yaml_char_t *anchor,
                          const yaml_char_t *tag)
{
	long line = (long)e->start_mark.line + 1, col = (long)e->start_mark.column + 1;
	if (anchor)
		sb_ld_err_at(c, line, col, "anchors are not allowed (&%.64s); write the value out",
		             (const char *)anchor);
	if (tag)
		sb_ld_err_at(c, line, col, "tags are not allowed (%.64s)", (const char *)tag);
}

/* A scalar event: its node, added under the innermost open collection. False when the parse
 * must stop (out of memory). */
static bool S_scalar(sb_ld_ctx *c, const yaml_event_t *e, sb_ld_node **stack, size_t depth,
                     sb_ld_node **root)
{
	S_check_props(c, e, e->data.scalar.anchor, e->data.scalar.tag);
	sb_ld_node *n = S_new(c, SB_LD_SCALAR, e->start_mark);
	if (!n)
		return false;
	n->str = sb_strndup((const char *)e->data.scalar.value, e->data.scalar.length);
	n->len = e->data.scalar.length;
	n->quoted = e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	if (!n->str) {
		c->oom = true;
		sb_ld_node_free(n);
		return false;
	}
	if (memchr(n->str, 0, n->len))
		sb_ld_err(c, n, "a NUL character (\\0) is not allowed in a string");
	return S_attach(c, stack, depth, root, n);
}

/* Builds the node tree. Returns false when the parse had to stop (syntax error, nesting too
 * deep, more than one document, out of memory): *root is then NULL. */
bool sb_ld_parse(sb_ld_ctx *c, sb_ld_node **root)
{
	yaml_parser_t p;
	*root = NULL;
	if (!yaml_parser_initialize(&p)) {
		c->oom = true;
		return false;
	}
	/* The encoding is left to libyaml's detection, the only path on which it skips a UTF-8
	 * byte-order mark; UTF-16 has been turned away already. */
	yaml_parser_set_input_string(&p, (const unsigned char *)c->data, c->len);
	sb_ld_node *stack[SB_BANK_MAX_DEPTH];
	size_t depth = 0;
	int docs = 0;
	bool ok = true, done = false;
	while (ok && !done) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			S_syntax_error(c, &p);
			ok = false;
			break;
		}
		sb_ld_node *n = NULL;
		bool makes_node = e.type == YAML_ALIAS_EVENT || e.type == YAML_SCALAR_EVENT ||
		                  e.type == YAML_SEQUENCE_START_EVENT ||
		                  e.type == YAML_MAPPING_START_EVENT;
		if (makes_node && ++c->nodes > SB_BANK_MAX_NODES) {
			sb_ld_err_at(c, (long)e.start_mark.line + 1, (long)e.start_mark.column + 1,
			             "more than %d values, lists and mappings (the limit for a bank)",
			             SB_BANK_MAX_NODES);
			ok = false;
			yaml_event_delete(&e);
			break;
		}
		switch (e.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				sb_ld_err_at(c, (long)e.start_mark.line + 1, (long)e.start_mark.column + 1,
				             "a second document in the file (expected one bank per file)");
				ok = false;
			}
			break;
		case YAML_ALIAS_EVENT:
			sb_ld_err_at(c, (long)e.start_mark.line + 1, (long)e.start_mark.column + 1,
			             "aliases are not allowed (*%.64s); write the value out",
			             (const char *)e.data.alias.anchor);
			n = S_new(c, SB_LD_BAD, e.start_mark);
			ok = n && S_attach(c, stack, depth, root, n);
			break;
		case YAML_SCALAR_EVENT:
			ok = S_scalar(c, &e, stack, depth, root);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			bool seq = e.type == YAML_SEQUENCE_START_EVENT;
			S_check_props(c, &e, seq ? e.data.sequence_start.anchor : e.data.mapping_start.anchor,
			              seq ? e.data.sequence_start.tag : e.data.mapping_start.tag);
			if (depth >= SB_BANK_MAX_DEPTH) {
				sb_ld_err_at(c, (long)e.start_mark.line + 1, (long)e.start_mark.column + 1,
				             "nesting deeper than %d levels (expected at most %d)",
				             SB_BANK_MAX_DEPTH, SB_BANK_MAX_DEPTH);
				ok = false;
				break;
			}
			n = S_new(c, seq ? SB_LD_SEQ : SB_LD_MAP, e.start_mark);
			ok = n && S_attach(c, stack, depth, root, n);
			if (ok)
				stack[depth++] = n;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0) {
				depth--;
				if (stack[depth]->kind == SB_LD_MAP)
					S_check_keys(c, stack[depth]);
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	if (!ok || c->oom) {
		sb_ld_node_free(*root);
		*root = NULL;
		return false;
	}
	return true;
}


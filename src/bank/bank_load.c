/* SPDX-License-Identifier: MIT */
/* bank_load.c — the bank loader: bytes are checked, libyaml events become a small node tree, and
 * the tree is walked against the schema in questions/README.md into the immutable bank model. */
#include "bank/bank.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "base/alloc.h"

/* Band edges and cut-offs are compared with this tolerance, so 1/3-style edges written with
 * enough digits still meet. */
#define S_EPS 1e-9
/* Responses scales may have at most this many values (README: "at most 100 values in all"). */
#define S_MAX_VALUES 100
/* Lists of ids in messages stop after this many, so a hostile bank cannot make them huge. */
#define S_LIST_MAX 12

/* ---- the private node tree (phase 1) ---- */

typedef enum { S_SCALAR, S_SEQ, S_MAP, S_BAD } S_kind; /* S_BAD: an alias, already reported */

typedef struct S_node {
	S_kind kind;
	long line, col; /* 1-based, from the event's start_mark */
	bool quoted;    /* a scalar not written plain (quoted or block): never a number or null */
	bool dup;       /* a mapping key used earlier in the same mapping: its pair is skipped */
	char *str;      /* a scalar's value */
	size_t len;
	struct S_node **kids; /* sequence: the items; mapping: key, value, key, value, ... */
	size_t n, cap;
} S_node;

typedef struct {
	const char *id;
	const S_node *node; /* where the id is written */
	size_t index;       /* index of the entity in its list */
	const char *kind;   /* "item", "scale", ... for messages */
} S_name;

/* Ids of one list, sorted for lookup. */
typedef struct {
	S_name *v;
	size_t n;
} S_index;

typedef struct {
	const S_node *min, *max; /* the band's edges as written, for positions */
	bool ok;                 /* both edges are numbers */
} S_band_aux;

typedef struct {
	const S_node *map;
	S_band_aux *bands;
	bool range_known; /* lo and hi are known (the items agree on one response scale) */
} S_scale_aux;

typedef struct {
	const S_node *map, *response;
} S_item_aux;

typedef struct {
	const char *file;
	const char *data;
	size_t len;
	sb_diags *d;
	size_t errors; /* problems reported in this load, whether or not d could keep them */
	size_t nodes;  /* nodes built so far, held to SB_BANK_MAX_NODES */
	bool oom;
	sb_bank *b;
	bool langs_known; /* `languages` was read, so texts can be checked against it */
	S_index responses, steps, scales;
	S_scale_aux *sx; /* one per scale (n_sx) */
	size_t n_sx;
	S_item_aux *ix;
} S_ctx;

typedef struct {
	const char *key;
	bool required;
} S_field;

static void S_verr(S_ctx *c, long line, long col, const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	c->errors++;
	sb_diags_add(c->d, c->file, line, col, "%s", msg);
}

static void S_err_at(S_ctx *c, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void S_err_at(S_ctx *c, long line, long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_verr(c, line, col, fmt, ap);
	va_end(ap);
}

static void S_err(S_ctx *c, const S_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void S_err(S_ctx *c, const S_node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_verr(c, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
}

static void S_node_free(S_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		S_node_free(n->kids[i]);
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
static bool S_check_bytes(S_ctx *c)
{
	const unsigned char *u = (const unsigned char *)c->data;
	size_t n = c->len;
	if (n > SB_BANK_MAX_BYTES) {
		S_err_at(c, 1, 1, "file is larger than 8 MiB (the limit for a bank)");
		return false;
	}
	if (n == 0) {
		S_err_at(c, 1, 1, "empty bank (expected a mapping with format, id, version, ...)");
		return false;
	}
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		S_err_at(c, 1, 1, "the file starts with a UTF-16 byte-order mark; a bank must be UTF-8");
		return false;
	}
	const unsigned char *z = memchr(u, 0, n);
	if (z) {
		long line, col;
		S_pos_of(c->data, n, (size_t)(z - u), &line, &col);
		S_err_at(c, line, col,
		         "NUL byte in the file (is it UTF-16?); a bank must be UTF-8 text");
		return false;
	}
	size_t bad = S_utf8_bad(u, n);
	if (bad < n) {
		long line, col;
		S_pos_of(c->data, n, bad, &line, &col);
		S_err_at(c, line, col, "invalid UTF-8 (byte 0x%02X); a bank must be UTF-8 text",
		         u[bad]);
		return false;
	}
	return true;
}

/* ---- phase 1: events into the node tree ---- */

static const char *S_kind_name(const S_node *n)
{
	switch (n->kind) {
	case S_SEQ: return "a list";
	case S_MAP: return "a mapping";
	case S_BAD: return "an alias";
	case S_SCALAR: break;
	}
	return "a value";
}

static S_node *S_new(S_ctx *c, S_kind k, yaml_mark_t m)
{
	S_node *n = sb_calloc(1, sizeof *n);
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
static bool S_attach(S_ctx *c, S_node **stack, size_t depth, S_node **root, S_node *n)
{
	if (depth == 0) {
		if (*root) { /* cannot happen with one document; keep the first */
			S_node_free(n);
			return true;
		}
		*root = n;
		return true;
	}
	S_node *p = stack[depth - 1];
	if (p->kind == S_MAP && p->n % 2 == 0 && (n->kind == S_SEQ || n->kind == S_MAP))
		S_err(c, n, "expected a plain key in a mapping, found %s", S_kind_name(n));
	if (sb_grow(&p->kids, &p->cap, p->n + 1, sizeof *p->kids) != 0) {
		c->oom = true;
		S_node_free(n);
		return false;
	}
	p->kids[p->n++] = n;
	return true;
}

static int S_key_cmp(const void *pa, const void *pb)
{
	const S_node *a = *(const S_node *const *)pa, *b = *(const S_node *const *)pb;
	int r = strcmp(a->str, b->str);
	if (r)
		return r;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* Marks and reports every key used twice in a mapping: sorting keeps this O(n log n) for a
 * hostile mapping with many keys. */
static void S_check_keys(S_ctx *c, S_node *m)
{
	size_t nk = m->n / 2;
	if (nk < 2)
		return;
	S_node **keys = sb_malloc(nk * sizeof *keys);
	if (!keys) {
		c->oom = true;
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (m->kids[i]->kind == S_SCALAR)
			keys[k++] = m->kids[i];
	qsort(keys, k, sizeof *keys, S_key_cmp);
	for (size_t i = 1; i < k; i++) {
		size_t first = i - 1;
		while (i < k && strcmp(keys[i]->str, keys[first]->str) == 0) {
			keys[i]->dup = true;
			S_err(c, keys[i], "duplicate key '%.64s' (first on line %ld)", keys[i]->str,
			      keys[first]->line);
			i++;
		}
	}
	sb_free(keys);
}

static void S_syntax_error(S_ctx *c, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR) {
		c->oom = true;
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		long line, col;
		S_pos_of(c->data, c->len, p->problem_offset, &line, &col);
		S_err_at(c, line, col, "syntax error: %s", p->problem ? p->problem : "unreadable input");
		return;
	}
	char ctx[200] = "";
	if (p->context)
		snprintf(ctx, sizeof ctx, " (%s at line %zu, column %zu)", p->context,
		         p->context_mark.line + 1, p->context_mark.column + 1);
	size_t off = S_offset_of(c->data, c->len, p->problem_mark.line, p->problem_mark.column);
	const char *hint = off < c->len && c->data[off] == '\t'
		? "; tabs cannot indent YAML, use spaces" : "";
	S_err_at(c, (long)p->problem_mark.line + 1, (long)p->problem_mark.column + 1,
	         "syntax error: %s%s%s", p->problem ? p->problem : "invalid YAML", ctx, hint);
}

/* Reports anchors and tags on a node's event (both are rejected: the bank is plain data). */
static void S_check_props(S_ctx *c, const yaml_event_t *e, const yaml_char_t *anchor,
                          const yaml_char_t *tag)
{
	long line = (long)e->start_mark.line + 1, col = (long)e->start_mark.column + 1;
	if (anchor)
		S_err_at(c, line, col, "anchors are not allowed (&%.64s); write the value out",
		         (const char *)anchor);
	if (tag)
		S_err_at(c, line, col, "tags are not allowed (%.64s)", (const char *)tag);
}

/* Builds the node tree. Returns false when the parse had to stop (syntax error, nesting too
 * deep, more than one document, out of memory): *root is then NULL. */
static bool S_parse(S_ctx *c, S_node **root)
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
	S_node *stack[SB_BANK_MAX_DEPTH];
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
		S_node *n = NULL;
		bool makes_node = e.type == YAML_ALIAS_EVENT || e.type == YAML_SCALAR_EVENT ||
		                  e.type == YAML_SEQUENCE_START_EVENT ||
		                  e.type == YAML_MAPPING_START_EVENT;
		if (makes_node && ++c->nodes > SB_BANK_MAX_NODES) {
			S_err_at(c, (long)e.start_mark.line + 1, (long)e.start_mark.column + 1,
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
				S_err_at(c, (long)e.start_mark.line + 1, (long)e.start_mark.column + 1,
				         "a second document in the file (expected one bank per file)");
				ok = false;
			}
			break;
		case YAML_ALIAS_EVENT:
			S_err_at(c, (long)e.start_mark.line + 1, (long)e.start_mark.column + 1,
			         "aliases are not allowed (*%.64s); write the value out",
			         (const char *)e.data.alias.anchor);
			n = S_new(c, S_BAD, e.start_mark);
			ok = n && S_attach(c, stack, depth, root, n);
			break;
		case YAML_SCALAR_EVENT:
			S_check_props(c, &e, e.data.scalar.anchor, e.data.scalar.tag);
			n = S_new(c, S_SCALAR, e.start_mark);
			if (!n) {
				ok = false;
				break;
			}
			n->str = sb_strndup((const char *)e.data.scalar.value, e.data.scalar.length);
			n->len = e.data.scalar.length;
			n->quoted = e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			if (!n->str) {
				c->oom = true;
				S_node_free(n);
				ok = false;
				break;
			}
			if (memchr(n->str, 0, n->len))
				S_err(c, n, "a NUL character (\\0) is not allowed in a string");
			ok = S_attach(c, stack, depth, root, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			bool seq = e.type == YAML_SEQUENCE_START_EVENT;
			S_check_props(c, &e, seq ? e.data.sequence_start.anchor : e.data.mapping_start.anchor,
			              seq ? e.data.sequence_start.tag : e.data.mapping_start.tag);
			if (depth >= SB_BANK_MAX_DEPTH) {
				S_err_at(c, (long)e.start_mark.line + 1, (long)e.start_mark.column + 1,
				         "nesting deeper than %d levels (expected at most %d)",
				         SB_BANK_MAX_DEPTH, SB_BANK_MAX_DEPTH);
				ok = false;
				break;
			}
			n = S_new(c, seq ? S_SEQ : S_MAP, e.start_mark);
			ok = n && S_attach(c, stack, depth, root, n);
			if (ok)
				stack[depth++] = n;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0) {
				depth--;
				if (stack[depth]->kind == S_MAP)
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
		S_node_free(*root);
		*root = NULL;
		return false;
	}
	return true;
}

/* ---- phase 2 helpers: types and scalars ---- */

static bool S_is_null(const S_node *n)
{
	return n->kind == S_SCALAR && !n->quoted &&
	       (n->len == 0 || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
	        !strcmp(n->str, "Null") || !strcmp(n->str, "NULL"));
}

/* "a list", "a mapping", "null" or the scalar itself, for "found ..." in messages. */
static const char *S_found(const S_node *n, char *buf, size_t size)
{
	if (n->kind != S_SCALAR)
		return S_kind_name(n);
	if (S_is_null(n))
		return "nothing (null)";
	snprintf(buf, size, "'%.40s%s'", n->str, n->len > 40 ? "..." : "");
	return buf;
}

/* Whether n is of kind k; reports "expected WHAT for PATH, found ..." otherwise. An alias has
 * already been reported and is passed over silently. */
static bool S_want(S_ctx *c, const S_node *n, S_kind k, const char *what, const char *path)
{
	if (n->kind == k)
		return true;
	if (n->kind != S_BAD) {
		char buf[64];
		S_err(c, n, "expected %s for %s, found %s", what, path, S_found(n, buf, sizeof buf));
	}
	return false;
}

/* "key" at the top level, else "key of where". */
static const char *S_path(char *buf, size_t size, const char *key, const char *where)
{
	if (where)
		snprintf(buf, size, "%s of %s", key, where);
	else
		snprintf(buf, size, "%s", key);
	return buf;
}

/* A scalar's string, or NULL after reporting. */
static const char *S_str(S_ctx *c, const S_node *n, const char *path)
{
	if (!S_want(c, n, S_SCALAR, "a string", path))
		return NULL;
	if (S_is_null(n)) {
		S_err(c, n, "expected a string for %s, found nothing (null)", path);
		return NULL;
	}
	return n->str;
}

static bool S_numeric(const S_node *n, bool integer)
{
	bool digit = false;
	for (const char *p = n->str; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (!(*p == '+' || *p == '-' || (!integer && strchr(".eE", *p))))
			return false;
	}
	return digit;
}

static bool S_long(S_ctx *c, const S_node *n, const char *path, long *out)
{
	if (!S_want(c, n, S_SCALAR, "an integer", path))
		return false;
	if (!n->quoted && S_numeric(n, true)) {
		char *end;
		errno = 0;
		long v = strtol(n->str, &end, 10);
		if (end != n->str && *end == '\0' && errno == 0) {
			*out = v;
			return true;
		}
	}
	char buf[64];
	S_err(c, n, "expected an integer for %s, found %s", path, S_found(n, buf, sizeof buf));
	return false;
}

static bool S_double(S_ctx *c, const S_node *n, const char *path, double *out)
{
	if (!S_want(c, n, S_SCALAR, "a number", path))
		return false;
	if (!n->quoted && S_numeric(n, false)) {
		char *end;
		errno = 0;
		double v = strtod(n->str, &end);
		if (end != n->str && *end == '\0' && errno == 0 && isfinite(v)) {
			*out = v;
			return true;
		}
	}
	char buf[64];
	S_err(c, n, "expected a number for %s, found %s", path, S_found(n, buf, sizeof buf));
	return false;
}

static bool S_bool(S_ctx *c, const S_node *n, const char *path, bool *out)
{
	if (!S_want(c, n, S_SCALAR, "true or false", path))
		return false;
	if (!n->quoted && (!strcmp(n->str, "true") || !strcmp(n->str, "false"))) {
		*out = n->str[0] == 't';
		return true;
	}
	char buf[64];
	S_err(c, n, "expected true or false for %s, found %s", path, S_found(n, buf, sizeof buf));
	return false;
}

/* A copy of a scalar's string into the model. */
static char *S_dup(S_ctx *c, const char *s)
{
	char *d = sb_strdup(s);
	if (!d)
		c->oom = true;
	return d;
}

/* An id: a valid one, or NULL after reporting. */
static const char *S_id(S_ctx *c, const S_node *n, const char *path)
{
	const char *s = S_str(c, n, path);
	if (s && !sb_id_valid(s)) {
		S_err(c, n,
		      "invalid id '%.64s' for %s (expected lowercase ASCII letters, digits and '_', "
		      "starting with a letter, at most %d characters)",
		      s, path, SB_ID_MAX);
		return NULL;
	}
	return s;
}

/* The value of key in mapping m (NULL when absent or m is not a mapping). */
static const S_node *S_get(const S_node *m, const char *key)
{
	if (!m || m->kind != S_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const S_node *k = m->kids[i];
		if (k->kind == S_SCALAR && !k->dup && !strcmp(k->str, key))
			return m->kids[i + 1];
	}
	return NULL;
}

/* Matches a mapping's keys against the known fields: out[i] gets fields[i]'s value or NULL.
 * Reports unknown and missing keys. Returns false when map is not a mapping. */
static bool S_fields(S_ctx *c, const S_node *map, const char *where, const S_field *f, size_t nf,
                     const S_node **out)
{
	for (size_t j = 0; j < nf; j++)
		out[j] = NULL;
	if (!S_want(c, map, S_MAP, "a mapping", where))
		return false;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const S_node *k = map->kids[i];
		if (k->kind != S_SCALAR || k->dup)
			continue;
		size_t j = 0;
		while (j < nf && strcmp(f[j].key, k->str) != 0)
			j++;
		if (j < nf) {
			out[j] = map->kids[i + 1];
			continue;
		}
		char list[512] = "";
		size_t used = 0;
		for (size_t q = 0; q < nf && used < sizeof list; q++)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", q ? ", " : "",
			                         f[q].key);
		S_err(c, k, "unknown key '%.64s' in %s (expected one of: %s)", k->str, where, list);
	}
	for (size_t j = 0; j < nf; j++)
		if (f[j].required && !out[j])
			S_err(c, map, "missing key '%s' in %s", f[j].key, where);
	return true;
}

/* "KIND 'id'" for an element of a list when it has a valid id, else "KIND N" (1-based). */
static const char *S_elem(char *buf, size_t size, const char *kind, const S_node *m, size_t i)
{
	const S_node *id = S_get(m, "id");
	if (id && id->kind == S_SCALAR && sb_id_valid(id->str))
		snprintf(buf, size, "%s '%s'", kind, id->str);
	else
		snprintf(buf, size, "%s %zu", kind, i + 1);
	return buf;
}

static const char *S_langs(const S_ctx *c, char *buf, size_t size)
{
	buf[0] = '\0';
	size_t used = 0;
	for (int l = 0; l < SB_LANG_COUNT; l++)
		if (!c->langs_known || c->b->has_lang[l])
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
			                         sb_lang_code((sb_lang)l));
	return buf;
}

/* A text: {zh: ..., en: ...} with exactly the declared languages. */
static void S_text(S_ctx *c, const S_node *n, const char *path, bool may_be_empty, sb_text *out)
{
	if (!S_want(c, n, S_MAP, "a text ({zh: ..., en: ...})", path))
		return;
	char langs[32];
	bool seen[SB_LANG_COUNT] = { false };
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const S_node *k = n->kids[i], *v = n->kids[i + 1];
		if (k->kind != S_SCALAR || k->dup)
			continue;
		sb_lang l;
		if (!strcmp(k->str, "zh"))
			l = SB_LANG_ZH;
		else if (!strcmp(k->str, "en"))
			l = SB_LANG_EN;
		else {
			S_err(c, k, "unknown language '%.64s' in %s (expected one of: %s)", k->str, path,
			      S_langs(c, langs, sizeof langs));
			continue;
		}
		if (c->langs_known && !c->b->has_lang[l]) {
			S_err(c, k,
			      "language '%s' in %s is not declared in languages (expected one of: %s)",
			      k->str, path, S_langs(c, langs, sizeof langs));
			continue;
		}
		seen[l] = true;
		char vpath[300];
		snprintf(vpath, sizeof vpath, "%s (%s)", path, k->str);
		if (!S_want(c, v, S_SCALAR, "a string", vpath))
			continue;
		if (v->len > 0 && S_is_null(v)) {
			S_err(c, v, "expected a string for %s, found nothing (null)", vpath);
			continue;
		}
		if (!may_be_empty && v->str[strspn(v->str, " \t\r\n")] == '\0') {
			S_err(c, v, "empty text in %s (expected some text)", vpath);
			continue;
		}
		out->s[l] = S_dup(c, v->str);
	}
	if (!c->langs_known)
		return;
	for (int l = 0; l < SB_LANG_COUNT; l++)
		if (c->b->has_lang[l] && !seen[l])
			S_err(c, n, "missing language '%s' in %s", sb_lang_code((sb_lang)l), path);
}

/* A list of texts (actions, starters); min_n: the fewest allowed. */
static void S_text_list(S_ctx *c, const S_node *n, const char *key, const char *where,
                        const char *one, size_t min_n, sb_text **out, size_t *n_out)
{
	char path[300], ep[300];
	S_path(path, sizeof path, key, where);
	if (!S_want(c, n, S_SEQ, "a list", path))
		return;
	if (n->n < min_n) {
		S_err(c, n, "expected at least %zu %s in %s", min_n, one, path);
		return;
	}
	if (n->n == 0)
		return;
	*out = sb_calloc(n->n, sizeof **out);
	if (!*out) {
		c->oom = true;
		return;
	}
	*n_out = n->n;
	for (size_t i = 0; i < n->n; i++) {
		snprintf(ep, sizeof ep, "%s %zu of %s", one, i + 1, where);
		S_text(c, n->kids[i], ep, false, &(*out)[i]);
	}
}

/* ---- id indexes: duplicates and lookups ---- */

static int S_name_cmp(const void *pa, const void *pb)
{
	const S_name *a = pa, *b = pb;
	int r = strcmp(a->id, b->id);
	if (r)
		return r;
	if (a->node->line != b->node->line)
		return a->node->line < b->node->line ? -1 : 1;
	return a->node->col < b->node->col ? -1 : a->node->col > b->node->col;
}

static int S_name_key(const void *key, const void *elem)
{
	return strcmp(key, ((const S_name *)elem)->id);
}

/* Sorts names (by id, then position) and reports every id used more than once. */
static void S_dups(S_ctx *c, S_name *v, size_t n)
{
	qsort(v, n, sizeof *v, S_name_cmp);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		while (i < n && !strcmp(v[i].id, v[first].id)) {
			S_err(c, v[i].node, "duplicate id '%s' for the %s (first used by the %s on line %ld)",
			      v[i].id, v[i].kind, v[first].kind, v[first].node->line);
			i++;
		}
	}
}

static size_t S_lookup(const S_index *x, const char *id)
{
	if (!x->n)
		return SB_NONE;
	const S_name *e = bsearch(id, x->v, x->n, sizeof *x->v, S_name_key);
	if (!e)
		return SB_NONE;
	/* A duplicated id (already reported) means its first use, so nothing else cascades. */
	while (e > x->v && !strcmp(e[-1].id, id))
		e--;
	return e->index;
}

/* The id of element i of an array of entities that begin with their id (a char *). */
static const char *S_id_at(const void *base, size_t stride, size_t i)
{
	return *(char *const *)(const void *)((const char *)base + i * stride);
}

/* "a, b, c" (at most S_LIST_MAX) from the ids of a list, in file order. */
static const char *S_id_list(char *buf, size_t size, const void *base, size_t stride, size_t n)
{
	size_t used = 0, shown = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		const char *id = S_id_at(base, stride, i);
		if (!id)
			continue;
		if (shown == S_LIST_MAX) {
			snprintf(buf + used, size - used, ", ...");
			break;
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s", shown ? ", " : "", id);
		shown++;
	}
	if (!shown)
		snprintf(buf, size, "(none)");
	return buf;
}

/* Builds the lookup index for a list whose entities begin with their id (a char *). */
static void S_build_index(S_ctx *c, S_index *x, const S_node *seq, const void *base,
                          size_t stride, size_t n, const char *kind)
{
	if (!n)
		return;
	x->v = sb_calloc(n, sizeof *x->v);
	if (!x->v) {
		c->oom = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *id = S_id_at(base, stride, i);
		if (id)
			x->v[x->n++] = (S_name){ .id = id, .node = S_get(seq->kids[i], "id"), .index = i,
			                         .kind = kind };
	}
	S_dups(c, x->v, x->n);
}

/* ---- phase 2: the sections ---- */

static void S_languages(S_ctx *c, const S_node *n)
{
	if (!S_want(c, n, S_SEQ, "a list of languages ([zh, en], [en] or [zh])", "languages"))
		return;
	if (n->n == 0) {
		S_err(c, n, "expected at least one language in languages (zh, en)");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const S_node *e = n->kids[i];
		const char *s = S_str(c, e, "languages");
		sb_lang l;
		if (!s)
			continue;
		if (strcmp(s, "zh") && strcmp(s, "en")) {
			S_err(c, e, "unknown language '%.64s' in languages (expected zh or en)", s);
			continue;
		}
		sb_lang_parse(s, &l);
		if (c->b->has_lang[l])
			S_err(c, e, "language '%s' listed twice in languages", s);
		c->b->has_lang[l] = true;
		c->langs_known = true;
	}
}

static void S_response(S_ctx *c, const S_node *m, size_t i, sb_response_scale *r)
{
	enum { F_ID, F_MIN, F_MAX, F_LABELS, F_N };
	static const S_field f[F_N] = {
		[F_ID] = { "id", true },
		[F_MIN] = { "min", true },
		[F_MAX] = { "max", true },
		[F_LABELS] = { "labels", true },
	};
	const S_node *v[F_N];
	char where[128], path[300];
	S_elem(where, sizeof where, "response scale", m, i);
	if (!S_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = S_id(c, v[F_ID], S_path(path, sizeof path, "id", where));
		if (id)
			r->id = S_dup(c, id);
	}
	long lo = 0, hi = 0;
	bool ok = v[F_MIN] && S_long(c, v[F_MIN], S_path(path, sizeof path, "min", where), &lo);
	ok = v[F_MAX] && S_long(c, v[F_MAX], S_path(path, sizeof path, "max", where), &hi) && ok;
	if (ok && (lo < INT_MIN / 2 || lo > INT_MAX / 2)) {
		S_err(c, v[F_MIN], "min %ld of %s is too large", lo, where);
		ok = false;
	} else if (ok && hi <= lo) {
		S_err(c, v[F_MAX], "max %ld of %s is not above its min %ld (expected max > min)", hi,
		      where, lo);
		ok = false;
	} else if (ok && hi - lo + 1 > S_MAX_VALUES) {
		S_err(c, v[F_MAX], "%s has %ld values from %ld to %ld (expected at most %d)", where,
		      hi - lo + 1, lo, hi, S_MAX_VALUES);
		ok = false;
	}
	const S_node *lab = v[F_LABELS];
	S_path(path, sizeof path, "labels", where);
	if (!lab || !S_want(c, lab, S_MAP, "a mapping from each value to its label", path))
		return;
	if (ok) {
		r->labels = sb_calloc((size_t)(hi - lo + 1), sizeof *r->labels);
		if (!r->labels) {
			c->oom = true;
			return;
		}
		r->min = (int)lo;
		r->max = (int)hi;
	}
	const S_node *seen[S_MAX_VALUES] = { NULL };
	for (size_t k = 0; k + 1 < lab->n; k += 2) {
		const S_node *key = lab->kids[k], *val = lab->kids[k + 1];
		char lp[300];
		if (key->kind != S_SCALAR || key->dup)
			continue;
		long x = 0;
		char *end = NULL;
		errno = 0;
		if (!key->quoted && S_numeric(key, true))
			x = strtol(key->str, &end, 10);
		if (!end || *end || errno) {
			if (ok)
				S_err(c, key, "label key '%.64s' in %s is not an integer (expected %ld to %ld)",
				      key->str, path, lo, hi);
			else
				S_err(c, key, "label key '%.64s' in %s is not an integer", key->str, path);
			continue;
		}
		if (!ok) {
			snprintf(lp, sizeof lp, "label %ld of %s", x, where);
			sb_text t = { { NULL } };
			S_text(c, val, lp, false, &t);
			for (int l = 0; l < SB_LANG_COUNT; l++)
				sb_free(t.s[l]);
			continue;
		}
		if (x < lo || x > hi) {
			S_err(c, key, "label key %ld in %s is outside %ld..%ld (expected %ld to %ld)", x,
			      path, lo, hi, lo, hi);
			continue;
		}
		if (seen[x - lo]) {
			S_err(c, key, "label for %ld given twice in %s (first on line %ld)", x, path,
			      seen[x - lo]->line);
			continue;
		}
		seen[x - lo] = key;
		snprintf(lp, sizeof lp, "label %ld of %s", x, where);
		S_text(c, val, lp, false, &r->labels[x - lo]);
	}
	if (!ok)
		return;
	for (long x = lo; x <= hi; x++)
		if (!seen[x - lo])
			S_err(c, lab, "missing label for %ld in %s (expected a label for every value from "
			      "%ld to %ld)", x, path, lo, hi);
}

static void S_step(S_ctx *c, const S_node *m, size_t i, sb_step *s)
{
	enum { F_ID, F_TITLE, F_SUMMARY, F_ACTIONS, F_N };
	static const S_field f[F_N] = {
		[F_ID] = { "id", true },
		[F_TITLE] = { "title", true },
		[F_SUMMARY] = { "summary", true },
		[F_ACTIONS] = { "actions", true },
	};
	const S_node *v[F_N];
	char where[128], path[300];
	S_elem(where, sizeof where, "step", m, i);
	if (!S_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = S_id(c, v[F_ID], S_path(path, sizeof path, "id", where));
		if (id)
			s->id = S_dup(c, id);
	}
	if (v[F_TITLE])
		S_text(c, v[F_TITLE], S_path(path, sizeof path, "title", where), false, &s->title);
	if (v[F_SUMMARY])
		S_text(c, v[F_SUMMARY], S_path(path, sizeof path, "summary", where), false,
		       &s->summary);
	if (v[F_ACTIONS])
		S_text_list(c, v[F_ACTIONS], "actions", where, "action", 1, &s->actions,
		            &s->n_actions);
}

static void S_texts(S_ctx *c, const S_node *m)
{
	sb_texts *t = &c->b->texts;
	static const S_field f[] = {
		{ "about", true },       { "instructions", true },      { "disclaimer", true },
		{ "why_it_matters", true }, { "professional_help", true }, { "local_help", false },
		{ "emergency", true },   { "closing", true },
		/* Optional: only comparison reports use them, so older banks still load. */
		{ "couple_note", false }, { "retest_note", false }, { "retest_no_verdict", false },
	};
	enum { N = sizeof f / sizeof f[0] };
	sb_text *out[N] = { &t->about,   &t->instructions,     &t->disclaimer, &t->why_it_matters,
		            &t->professional_help, &t->local_help, &t->emergency,  &t->closing,
		            &t->couple_note, &t->retest_note, &t->retest_no_verdict };
	const S_node *v[N];
	char path[300];
	if (!S_fields(c, m, "texts", f, N, v))
		return;
	for (size_t i = 0; i < N; i++)
		if (v[i])
			S_text(c, v[i], S_path(path, sizeof path, f[i].key, "texts"), out[i] == &t->local_help,
			       out[i]);
}

static void S_norms(S_ctx *c, const S_node *m, const char *scale_where, sb_norms *o)
{
	enum { F_MEAN, F_SD, F_REL, F_N_, F_SAMPLE, F_SOURCE, F_N };
	static const S_field f[F_N] = {
		[F_MEAN] = { "mean", true },  [F_SD] = { "sd", true },
		[F_REL] = { "reliability", false }, [F_N_] = { "n", false },
		[F_SAMPLE] = { "sample", true }, [F_SOURCE] = { "source", true },
	};
	const S_node *v[F_N];
	char where[160], path[300];
	snprintf(where, sizeof where, "norms of %s", scale_where);
	if (!S_fields(c, m, where, f, F_N, v))
		return;
	o->present = true;
	o->reliability = NAN;
	if (v[F_MEAN])
		S_double(c, v[F_MEAN], S_path(path, sizeof path, "mean", where), &o->mean);
	if (v[F_SD] && S_double(c, v[F_SD], S_path(path, sizeof path, "sd", where), &o->sd) &&
	    !(o->sd > 0))
		S_err(c, v[F_SD], "sd %g of %s is not above 0 (expected a standard deviation > 0)",
		      o->sd, where);
	if (v[F_REL] &&
	    S_double(c, v[F_REL], S_path(path, sizeof path, "reliability", where), &o->reliability) &&
	    !(o->reliability >= 0 && o->reliability <= 1))
		S_err(c, v[F_REL], "reliability %g of %s is outside 0..1 (expected 0 to 1)",
		      o->reliability, where);
	if (v[F_N_] && S_long(c, v[F_N_], S_path(path, sizeof path, "n", where), &o->n) && o->n < 1)
		S_err(c, v[F_N_], "n %ld of %s is not a sample size (expected an integer >= 1)", o->n,
		      where);
	if (v[F_SAMPLE])
		S_text(c, v[F_SAMPLE], S_path(path, sizeof path, "sample", where), false, &o->sample);
	if (v[F_SOURCE]) {
		const char *s = S_str(c, v[F_SOURCE], S_path(path, sizeof path, "source", where));
		if (s && s[strspn(s, " \t\r\n")] == '\0')
			S_err(c, v[F_SOURCE], "empty source in %s (expected where the norms come from)",
			      where);
		else if (s)
			o->source = S_dup(c, s);
	}
}

static void S_band(S_ctx *c, const S_node *m, size_t i, const char *scale_where, sb_band *d,
                   S_band_aux *ax)
{
	enum { F_ID, F_MIN, F_MAX, F_LABEL, F_SHOWS, F_ORIGINS, F_STEPS, F_STARTERS, F_SEEK, F_N };
	static const S_field f[F_N] = {
		[F_ID] = { "id", true },           [F_MIN] = { "min", true },
		[F_MAX] = { "max", true },         [F_LABEL] = { "label", true },
		[F_SHOWS] = { "shows_up", true },  [F_ORIGINS] = { "origins", true },
		[F_STEPS] = { "steps", true },     [F_STARTERS] = { "starters", true },
		[F_SEEK] = { "seek_help", false },
	};
	const S_node *v[F_N];
	char band[96], where[256], path[320];
	S_elem(band, sizeof band, "band", m, i);
	snprintf(where, sizeof where, "%s of %s", band, scale_where);
	if (!S_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = S_id(c, v[F_ID], S_path(path, sizeof path, "id", where));
		if (id)
			d->id = S_dup(c, id);
	}
	bool ok = v[F_MIN] && S_double(c, v[F_MIN], S_path(path, sizeof path, "min", where), &d->min);
	ok = v[F_MAX] && S_double(c, v[F_MAX], S_path(path, sizeof path, "max", where), &d->max) &&
	     ok;
	*ax = (S_band_aux){ .min = v[F_MIN], .max = v[F_MAX], .ok = ok };
	if (v[F_LABEL])
		S_text(c, v[F_LABEL], S_path(path, sizeof path, "label", where), false, &d->label);
	if (v[F_SHOWS])
		S_text(c, v[F_SHOWS], S_path(path, sizeof path, "shows_up", where), false,
		       &d->shows_up);
	if (v[F_ORIGINS])
		S_text(c, v[F_ORIGINS], S_path(path, sizeof path, "origins", where), false,
		       &d->origins);
	const S_node *st = v[F_STEPS];
	if (st && S_want(c, st, S_SEQ, "a list of step ids", S_path(path, sizeof path, "steps", where)) &&
	    st->n > 0) {
		d->steps = sb_calloc(st->n, sizeof *d->steps);
		if (!d->steps) {
			c->oom = true;
		} else {
			d->n_steps = st->n;
			for (size_t k = 0; k < st->n; k++) {
				const char *id = S_str(c, st->kids[k], path);
				d->steps[k] = id ? S_lookup(&c->steps, id) : SB_NONE;
				if (id && d->steps[k] == SB_NONE) {
					char list[512];
					S_err(c, st->kids[k],
					      "unknown step '%.64s' in %s (expected one of: %s)", id, path,
					      S_id_list(list, sizeof list, c->b->steps,
					                sizeof(sb_step), c->b->n_steps));
				}
			}
		}
	}
	if (v[F_STARTERS])
		S_text_list(c, v[F_STARTERS], "starters", where, "starter", 0, &d->starters,
		            &d->n_starters);
	if (v[F_SEEK])
		S_bool(c, v[F_SEEK], S_path(path, sizeof path, "seek_help", where), &d->seek_help);
}

static void S_scale(S_ctx *c, const S_node *m, size_t i, sb_scale *s, S_scale_aux *ax)
{
	enum { F_ID, F_NAME, F_DESC, F_METHOD, F_MINANS, F_NORMS, F_BANDS, F_N };
	static const S_field f[F_N] = {
		[F_ID] = { "id", true },           [F_NAME] = { "name", true },
		[F_DESC] = { "description", true }, [F_METHOD] = { "method", true },
		[F_MINANS] = { "min_answered", false }, [F_NORMS] = { "norms", false },
		[F_BANDS] = { "bands", true },
	};
	const S_node *v[F_N];
	char where[128], path[300];
	S_elem(where, sizeof where, "scale", m, i);
	ax->map = m;
	s->min_answered = 0.8;
	s->norms.reliability = NAN;
	s->response = SB_NONE;
	if (!S_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = S_id(c, v[F_ID], S_path(path, sizeof path, "id", where));
		if (id && !strcmp(id, "id"))
			S_err(c, v[F_ID], "the id 'id' is reserved for the respondent column (expected "
			      "another id for %s)", where);
		else if (id)
			s->id = S_dup(c, id);
	}
	if (v[F_NAME])
		S_text(c, v[F_NAME], S_path(path, sizeof path, "name", where), false, &s->name);
	if (v[F_DESC])
		S_text(c, v[F_DESC], S_path(path, sizeof path, "description", where), false,
		       &s->description);
	if (v[F_METHOD]) {
		const char *mt = S_str(c, v[F_METHOD], S_path(path, sizeof path, "method", where));
		if (mt && !strcmp(mt, "mean"))
			s->method = SB_METHOD_MEAN;
		else if (mt && !strcmp(mt, "sum"))
			s->method = SB_METHOD_SUM;
		else if (mt)
			S_err(c, v[F_METHOD], "unknown method '%.64s' for %s (expected mean or sum)", mt,
			      where);
	}
	if (v[F_MINANS] &&
	    S_double(c, v[F_MINANS], S_path(path, sizeof path, "min_answered", where),
	             &s->min_answered) &&
	    !(s->min_answered > 0 && s->min_answered <= 1))
		S_err(c, v[F_MINANS],
		      "min_answered %g of %s is outside (0, 1] (expected a share above 0, at most 1)",
		      s->min_answered, where);
	if (v[F_NORMS])
		S_norms(c, v[F_NORMS], where, &s->norms);
	const S_node *bn = v[F_BANDS];
	if (!bn || !S_want(c, bn, S_SEQ, "a list of bands", S_path(path, sizeof path, "bands", where)))
		return;
	if (bn->n == 0) {
		S_err(c, bn, "expected at least one band in %s", path);
		return;
	}
	s->bands = sb_calloc(bn->n, sizeof *s->bands);
	ax->bands = sb_calloc(bn->n, sizeof *ax->bands);
	if (!s->bands || !ax->bands) {
		c->oom = true;
		return;
	}
	s->n_bands = bn->n;
	for (size_t k = 0; k < bn->n; k++)
		S_band(c, bn->kids[k], k, where, &s->bands[k], &ax->bands[k]);
	S_name *names = sb_calloc(bn->n, sizeof *names);
	if (!names) {
		c->oom = true;
		return;
	}
	size_t nn = 0;
	for (size_t k = 0; k < bn->n; k++)
		if (s->bands[k].id)
			names[nn++] = (S_name){ .id = s->bands[k].id, .node = S_get(bn->kids[k], "id"),
			                        .index = k, .kind = "band" };
	S_dups(c, names, nn);
	sb_free(names);
}

static void S_item(S_ctx *c, const S_node *m, size_t i, sb_item *it, S_item_aux *ax)
{
	enum { F_ID, F_SCALE, F_RESPONSE, F_REVERSE, F_TEXT, F_N };
	static const S_field f[F_N] = {
		[F_ID] = { "id", true },         [F_SCALE] = { "scale", true },
		[F_RESPONSE] = { "response", true }, [F_REVERSE] = { "reverse", true },
		[F_TEXT] = { "text", true },
	};
	const S_node *v[F_N];
	char where[128], path[300], list[512];
	S_elem(where, sizeof where, "item", m, i);
	ax->map = m;
	it->scale = it->response = SB_NONE;
	if (!S_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = S_id(c, v[F_ID], S_path(path, sizeof path, "id", where));
		if (id && !strcmp(id, "id"))
			S_err(c, v[F_ID], "the id 'id' is reserved for the respondent column (expected "
			      "another id for %s)", where);
		else if (id)
			it->id = S_dup(c, id);
	}
	if (v[F_SCALE]) {
		const char *id = S_str(c, v[F_SCALE], S_path(path, sizeof path, "scale", where));
		if (id && (it->scale = S_lookup(&c->scales, id)) == SB_NONE)
			S_err(c, v[F_SCALE], "unknown scale '%.64s' for %s (expected one of: %s)", id,
			      where, S_id_list(list, sizeof list, c->b->scales, sizeof(sb_scale),
			                       c->b->n_scales));
	}
	if (v[F_RESPONSE]) {
		ax->response = v[F_RESPONSE];
		const char *id = S_str(c, v[F_RESPONSE], S_path(path, sizeof path, "response", where));
		if (id && (it->response = S_lookup(&c->responses, id)) == SB_NONE)
			S_err(c, v[F_RESPONSE],
			      "unknown response scale '%.64s' for %s (expected one of: %s)", id, where,
			      S_id_list(list, sizeof list, c->b->responses,
			                sizeof(sb_response_scale), c->b->n_responses));
	}
	if (v[F_REVERSE])
		S_bool(c, v[F_REVERSE], S_path(path, sizeof path, "reverse", where), &it->reverse);
	if (v[F_TEXT])
		S_text(c, v[F_TEXT], S_path(path, sizeof path, "text", where), false, &it->text);
}

/* Checks a list section and allocates its zeroed model array (setting *count); false when
 * there is nothing to fill in. */
static bool S_list(S_ctx *c, const S_node *n, const char *key, const char *what, bool need_one,
                   void *arr, size_t size, size_t *count)
{
	if (!n || !S_want(c, n, S_SEQ, "a list", key))
		return false;
	if (n->n == 0) {
		if (need_one)
			S_err(c, n, "expected at least one %s in %s", what, key);
		return false;
	}
	void *v = sb_calloc(n->n, size);
	if (!v) {
		c->oom = true;
		return false;
	}
	*(void **)arr = v;
	*count = n->n;
	return true;
}

/* Ties items to scales: each scale's items, its response scale and possible range. */
static void S_link(S_ctx *c)
{
	sb_bank *b = c->b;
	struct {
		size_t fill, first; /* items placed; the item that fixed the response scale */
		bool mixed;
	} *t = sb_calloc(b->n_scales, sizeof *t);
	if (!t) {
		c->oom = true;
		return;
	}
	for (size_t i = 0; i < b->n_items; i++)
		if (b->items[i].scale != SB_NONE)
			b->scales[b->items[i].scale].n_items++;
	for (size_t s = 0; s < b->n_scales; s++) {
		sb_scale *sc = &b->scales[s];
		if (sc->n_items && !(sc->items = sb_calloc(sc->n_items, sizeof *sc->items)))
			c->oom = true;
	}
	for (size_t i = 0; i < b->n_items; i++) {
		const sb_item *it = &b->items[i];
		size_t s = it->scale;
		if (s == SB_NONE)
			continue;
		sb_scale *sc = &b->scales[s];
		if (sc->items)
			sc->items[t[s].fill++] = i;
		if (it->response == SB_NONE || t[s].mixed)
			continue;
		if (sc->response == SB_NONE) {
			sc->response = it->response;
			t[s].first = i;
		} else if (sc->response != it->response) {
			const sb_item *f = &b->items[t[s].first];
			S_err(c, c->ix[i].response,
			      "item '%s' uses response scale '%s' but item '%s' (line %ld) of scale '%s' "
			      "uses '%s' (expected all items of a scale to share one response scale)",
			      it->id ? it->id : "?", b->responses[it->response].id,
			      f->id ? f->id : "?", c->ix[t[s].first].map->line, sc->id ? sc->id : "?",
			      b->responses[sc->response].id);
			t[s].mixed = true; /* one report per scale */
		}
	}
	for (size_t s = 0; s < b->n_scales; s++) {
		sb_scale *sc = &b->scales[s];
		S_scale_aux *ax = &c->sx[s];
		if (t[s].mixed)
			sc->response = SB_NONE;
		if (!ax->map || !sc->id)
			continue;
		if (sc->n_items < 2)
			S_err(c, ax->map, "scale '%s' has %zu item%s (expected at least 2)", sc->id,
			      sc->n_items, sc->n_items == 1 ? "" : "s");
		if (sc->response != SB_NONE && b->responses[sc->response].labels) {
			const sb_response_scale *r = &b->responses[sc->response];
			double k = sc->method == SB_METHOD_SUM ? (double)sc->n_items : 1;
			sc->lo = k * r->min;
			sc->hi = k * r->max;
			ax->range_known = true;
		}
	}
	sb_free(t);
}

/* Bands must cover the possible range exactly, in ascending order. */
static void S_check_bands(S_ctx *c, size_t s)
{
	const sb_scale *sc = &c->b->scales[s];
	const S_scale_aux *ax = &c->sx[s];
	if (!ax->bands || !sc->id)
		return;
	bool rk = ax->range_known;
	const char *sid = sc->id;
	for (size_t i = 0; i < sc->n_bands; i++) {
		const sb_band *d = &sc->bands[i];
		const S_band_aux *a = &ax->bands[i];
		const char *bid = d->id ? d->id : "?";
		if (!a->ok)
			continue;
		if (rk && (d->min < sc->lo - S_EPS || d->min > sc->hi + S_EPS))
			S_err(c, a->min, "band '%s' of scale '%s' starts at %g, outside the possible "
			      "range %g..%g", bid, sid, d->min, sc->lo, sc->hi);
		if (rk && (d->max > sc->hi + S_EPS || d->max < sc->lo - S_EPS))
			S_err(c, a->max, "band '%s' of scale '%s' ends at %g, outside the possible range "
			      "%g..%g", bid, sid, d->max, sc->lo, sc->hi);
		if (d->max < d->min + S_EPS)
			S_err(c, a->max, "band '%s' of scale '%s' has max %g not above its min %g "
			      "(expected max > min)", bid, sid, d->max, d->min);
		if (i == 0) {
			if (rk && d->min > sc->lo + S_EPS && d->min <= sc->hi + S_EPS)
				S_err(c, a->min, "gap: the first band '%s' of scale '%s' starts at %g, above "
				      "the lowest possible score (expected min: %g)", bid, sid, d->min,
				      sc->lo);
		} else {
			const sb_band *p = &sc->bands[i - 1];
			const S_band_aux *pa = &ax->bands[i - 1];
			if (!pa->ok)
				continue;
			const char *pid = p->id ? p->id : "?";
			if (d->min < p->min - S_EPS)
				S_err(c, a->min, "bands of scale '%s' are not in ascending order: band '%s' "
				      "(min %g) comes after band '%s' (min %g)", sid, bid, d->min, pid, p->min);
			else if (d->min > p->max + S_EPS)
				S_err(c, a->min, "gap between band '%s' (max %g) and band '%s' (min %g) of "
				      "scale '%s' (expected min: %g)", pid, p->max, bid, d->min, sid, p->max);
			else if (d->min < p->max - S_EPS)
				S_err(c, a->min, "band '%s' (min %g) overlaps band '%s' (max %g) of scale "
				      "'%s' (expected min: %g)", bid, d->min, pid, p->max, sid, p->max);
		}
		if (i + 1 == sc->n_bands && rk && d->max < sc->hi - S_EPS &&
		    d->max >= sc->lo - S_EPS)
			S_err(c, a->max, "gap: the last band '%s' of scale '%s' ends at %g, below the "
			      "highest possible score (expected max: %g)", bid, sid, d->max, sc->hi);
	}
}

static void S_attachment(S_ctx *c, const S_node *m)
{
	enum { F_ANX, F_AVO, F_ANXC, F_AVOC, F_MARGIN, F_STYLES, F_N };
	static const S_field f[F_N] = {
		[F_ANX] = { "anxiety", true },          [F_AVO] = { "avoidance", true },
		[F_ANXC] = { "anxiety_cutoff", false }, [F_AVOC] = { "avoidance_cutoff", false },
		[F_MARGIN] = { "margin", false },        [F_STYLES] = { "styles", true },
	};
	static const S_field styles[SB_STYLE_COUNT] = {
		[SB_STYLE_SECURE] = { "secure", true },
		[SB_STYLE_PREOCCUPIED] = { "preoccupied", true },
		[SB_STYLE_DISMISSIVE] = { "dismissive", true },
		[SB_STYLE_FEARFUL] = { "fearful", true },
	};
	static const S_field style[] = { { "name", true }, { "explanation", true } };
	sb_bank *b = c->b;
	sb_attachment *a = &b->attachment;
	const S_node *v[F_N];
	char path[300], list[512];
	if (!S_fields(c, m, "attachment", f, F_N, v))
		return;
	a->present = true;
	a->anxiety = a->avoidance = SB_NONE;
	a->margin = 0.25;
	size_t *which[2] = { &a->anxiety, &a->avoidance };
	double *cut[2] = { &a->anxiety_cutoff, &a->avoidance_cutoff };
	for (int k = 0; k < 2; k++) {
		const S_node *n = v[k == 0 ? F_ANX : F_AVO];
		const char *key = f[k == 0 ? F_ANX : F_AVO].key;
		if (!n)
			continue;
		const char *id = S_str(c, n, S_path(path, sizeof path, key, "attachment"));
		if (!id)
			continue;
		*which[k] = S_lookup(&c->scales, id);
		if (*which[k] == SB_NONE)
			S_err(c, n, "unknown scale '%.64s' for %s of attachment (expected one of: %s)", id,
			      key, S_id_list(list, sizeof list, b->scales, sizeof(sb_scale),
			                     b->n_scales));
		else if (k == 1 && *which[1] == a->anxiety)
			S_err(c, n, "attachment names scale '%s' for both anxiety and avoidance (expected "
			      "two different scales)", id);
	}
	for (int k = 0; k < 2; k++) {
		const S_node *n = v[k == 0 ? F_ANXC : F_AVOC];
		const char *key = f[k == 0 ? F_ANXC : F_AVOC].key;
		size_t s = *which[k];
		bool rk = s != SB_NONE && c->sx[s].range_known;
		const sb_scale *sc = s != SB_NONE ? &b->scales[s] : NULL;
		if (!n) {
			if (rk)
				*cut[k] = (sc->lo + sc->hi) / 2;
			continue;
		}
		if (S_double(c, n, S_path(path, sizeof path, key, "attachment"), cut[k]) && rk &&
		    (*cut[k] < sc->lo - S_EPS || *cut[k] > sc->hi + S_EPS))
			S_err(c, n, "%s %g of attachment is outside the possible range %g..%g of scale "
			      "'%s'", key, *cut[k], sc->lo, sc->hi, sc->id);
	}
	if (v[F_MARGIN] &&
	    S_double(c, v[F_MARGIN], S_path(path, sizeof path, "margin", "attachment"), &a->margin) &&
	    a->margin < 0)
		S_err(c, v[F_MARGIN], "margin %g of attachment is below 0 (expected 0 or more)",
		      a->margin);
	const S_node *sv[SB_STYLE_COUNT];
	if (!v[F_STYLES] || !S_fields(c, v[F_STYLES], "styles of attachment", styles,
	                              SB_STYLE_COUNT, sv))
		return;
	for (int k = 0; k < SB_STYLE_COUNT; k++) {
		const S_node *pv[2];
		char where[96];
		if (!sv[k])
			continue;
		snprintf(where, sizeof where, "attachment style '%s'", styles[k].key);
		if (!S_fields(c, sv[k], where, style, 2, pv))
			continue;
		if (pv[0])
			S_text(c, pv[0], S_path(path, sizeof path, "name", where), false,
			       &a->styles[k].name);
		if (pv[1])
			S_text(c, pv[1], S_path(path, sizeof path, "explanation", where), false,
			       &a->styles[k].explanation);
	}
}

/* One side of a couple pattern: `scale` or `scales`, the bands that meet it, `at_least`. */
static void S_condition(S_ctx *c, const S_node *m, const char *where, sb_couple_condition *o)
{
	enum { F_SCALE, F_SCALES, F_BANDS, F_ATLEAST, F_STARTERS, F_N };
	static const S_field f[F_N] = {
		[F_SCALE] = { "scale", false },     [F_SCALES] = { "scales", false },
		[F_BANDS] = { "bands", true },      [F_ATLEAST] = { "at_least", false },
		[F_STARTERS] = { "starters", false },
	};
	const S_node *v[F_N];
	char path[400], list[512];
	if (!S_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_SCALE] && v[F_SCALES])
		S_err(c, v[F_SCALES], "both scale and scales in %s (expected one of them)", where);
	else if (!v[F_SCALE] && !v[F_SCALES])
		S_err(c, m, "missing key 'scale' (or 'scales') in %s", where);
	/* The scale nodes to resolve: the one `scale`, or the items of `scales`. */
	const S_node *one = v[F_SCALE] && !v[F_SCALES] ? v[F_SCALE] : NULL;
	const S_node *const *sn = one ? &one : NULL;
	size_t n = one ? 1 : 0;
	if (!v[F_SCALE] && v[F_SCALES] &&
	    S_want(c, v[F_SCALES], S_SEQ, "a list of scale ids", S_path(path, sizeof path, "scales",
	                                                                where))) {
		if (v[F_SCALES]->n == 0)
			S_err(c, v[F_SCALES], "expected at least one scale in %s", path);
		sn = (const S_node *const *)v[F_SCALES]->kids;
		n = v[F_SCALES]->n;
	}
	if (n && !(o->scales = sb_calloc(n, sizeof *o->scales))) {
		c->oom = true;
		return;
	}
	bool scales_ok = n > 0;
	S_path(path, sizeof path, one ? "scale" : "scales", where);
	for (size_t k = 0; k < n; k++) {
		const char *id = S_str(c, sn[k], path);
		size_t s = id ? S_lookup(&c->scales, id) : SB_NONE;
		if (id && s == SB_NONE)
			S_err(c, sn[k], "unknown scale '%.64s' in %s (expected one of: %s)", id, where,
			      S_id_list(list, sizeof list, c->b->scales, sizeof(sb_scale),
			                c->b->n_scales));
		for (size_t j = 0; s != SB_NONE && j < o->n_scales; j++)
			if (o->scales[j] == s) {
				S_err(c, sn[k], "scale '%s' named twice in %s", id, where);
				s = SB_NONE;
				id = NULL;
			}
		if (s == SB_NONE) {
			scales_ok = false;
			continue;
		}
		o->scales[o->n_scales++] = s;
	}
	o->at_least = o->n_scales;
	if (v[F_ATLEAST]) {
		long k = 0;
		if (!v[F_SCALES])
			S_err(c, v[F_ATLEAST], "at_least in %s needs scales (a list), not scale", where);
		else if (S_long(c, v[F_ATLEAST], S_path(path, sizeof path, "at_least", where), &k) &&
		         n && (k < 1 || (size_t)k > n))
			S_err(c, v[F_ATLEAST], "at_least %ld of %s is outside 1..%zu (expected at most "
			      "the number of scales)", k, where, n);
		else if (k >= 1 && (size_t)k <= n)
			o->at_least = (size_t)k;
	}
	const S_node *bn = v[F_BANDS];
	S_path(path, sizeof path, "bands", where);
	if (bn && S_want(c, bn, S_SEQ, "a list of band ids", path)) {
		if (bn->n == 0)
			S_err(c, bn, "expected at least one band in %s", path);
		if (bn->n && !(o->bands = sb_calloc(bn->n, sizeof *o->bands))) {
			c->oom = true;
			return;
		}
		for (size_t k = 0; k < bn->n; k++) {
			const char *id = S_str(c, bn->kids[k], path);
			if (!id)
				continue;
			/* Band ids are per scale: this one must be a band of every scale named. */
			for (size_t j = 0; scales_ok && j < o->n_scales; j++) {
				const sb_scale *sc = &c->b->scales[o->scales[j]];
				size_t q = 0;
				while (q < sc->n_bands && !(sc->bands[q].id && !strcmp(sc->bands[q].id, id)))
					q++;
				if (q == sc->n_bands)
					S_err(c, bn->kids[k], "unknown band '%.64s' of scale '%s' in %s "
					      "(expected one of: %s)", id, sc->id, where,
					      S_id_list(list, sizeof list, sc->bands, sizeof(sb_band),
					                sc->n_bands));
			}
			o->bands[o->n_bands++] = S_dup(c, id);
		}
	}
	if (v[F_STARTERS])
		S_text_list(c, v[F_STARTERS], "starters", where, "starter", 0, &o->starters,
		            &o->n_starters);
}

static void S_couple_pattern(S_ctx *c, const S_node *m, size_t i, sb_couple_pattern *p)
{
	enum { F_ID, F_WHEN, F_TITLE, F_EXPL, F_STARTERS, F_STEPS, F_SEEK, F_N };
	static const S_field f[F_N] = {
		[F_ID] = { "id", true },              [F_WHEN] = { "when", true },
		[F_TITLE] = { "title", true },        [F_EXPL] = { "explanation", true },
		[F_STARTERS] = { "starters", true },  [F_STEPS] = { "steps", true },
		[F_SEEK] = { "seek_help", false },
	};
	const S_node *v[F_N];
	char where[128], path[300], list[512];
	S_elem(where, sizeof where, "couple pattern", m, i);
	if (!S_fields(c, m, where, f, F_N, v))
		return;
	if (v[F_ID]) {
		const char *id = S_id(c, v[F_ID], S_path(path, sizeof path, "id", where));
		if (id)
			p->id = S_dup(c, id);
	}
	const S_node *w = v[F_WHEN];
	S_path(path, sizeof path, "when", where);
	if (w && S_want(c, w, S_SEQ, "a list of one or two conditions", path)) {
		if (w->n < 1 || w->n > 2)
			S_err(c, w, "expected one or two conditions in %s, found %zu", path, w->n);
		else
			p->n_when = w->n;
		for (size_t k = 0; k < p->n_when; k++) {
			char cw[200];
			snprintf(cw, sizeof cw, "condition %zu of %s", k + 1, where);
			S_condition(c, w->kids[k], cw, &p->when[k]);
		}
	}
	if (v[F_TITLE])
		S_text(c, v[F_TITLE], S_path(path, sizeof path, "title", where), false, &p->title);
	if (v[F_EXPL])
		S_text(c, v[F_EXPL], S_path(path, sizeof path, "explanation", where), false,
		       &p->explanation);
	if (v[F_STARTERS])
		S_text_list(c, v[F_STARTERS], "starters", where, "starter", 0, &p->starters,
		            &p->n_starters);
	const S_node *st = v[F_STEPS];
	if (st && S_want(c, st, S_SEQ, "a list of step ids", S_path(path, sizeof path, "steps", where)) &&
	    st->n > 0) {
		p->steps = sb_calloc(st->n, sizeof *p->steps);
		if (!p->steps) {
			c->oom = true;
			return;
		}
		p->n_steps = st->n;
		for (size_t k = 0; k < st->n; k++) {
			const char *id = S_str(c, st->kids[k], path);
			p->steps[k] = id ? S_lookup(&c->steps, id) : SB_NONE;
			if (id && p->steps[k] == SB_NONE)
				S_err(c, st->kids[k], "unknown step '%.64s' in %s (expected one of: %s)", id,
				      path, S_id_list(list, sizeof list, c->b->steps, sizeof(sb_step),
				                      c->b->n_steps));
		}
	}
	if (v[F_SEEK])
		S_bool(c, v[F_SEEK], S_path(path, sizeof path, "seek_help", where), &p->seek_help);
}

static void S_bank(S_ctx *c, const S_node *root)
{
	enum { F_FORMAT, F_ID, F_VERSION, F_TITLE, F_LANGUAGES, F_ATTRIBUTION, F_RESPONSES, F_STEPS,
	       F_TEXTS, F_SCALES, F_ITEMS, F_ATTACHMENT, F_COUPLE, F_N };
	static const S_field f[F_N] = {
		[F_FORMAT] = { "format", true },
		[F_ID] = { "id", true },
		[F_VERSION] = { "version", true },
		[F_TITLE] = { "title", true },
		[F_LANGUAGES] = { "languages", true },
		[F_ATTRIBUTION] = { "attribution", true },
		[F_RESPONSES] = { "response_scales", true },
		[F_STEPS] = { "steps", true },
		[F_TEXTS] = { "texts", true },
		[F_SCALES] = { "scales", true },
		[F_ITEMS] = { "items", true },
		[F_ATTACHMENT] = { "attachment", false },
		[F_COUPLE] = { "couple_patterns", false },
	};
	sb_bank *b = c->b;
	const S_node *v[F_N];
	if (!S_fields(c, root, "the bank", f, F_N, v))
		return;
	long format;
	if (v[F_FORMAT] && S_long(c, v[F_FORMAT], "format", &format)) {
		if (format != 1)
			S_err(c, v[F_FORMAT], "format %ld is not supported (expected 1)", format);
		else
			b->format = 1;
	}
	if (v[F_ID]) {
		const char *id = S_id(c, v[F_ID], "id");
		if (id)
			b->id = S_dup(c, id);
	}
	if (v[F_VERSION]) {
		const char *s = S_str(c, v[F_VERSION], "version");
		if (s && s[strspn(s, " \t\r\n")] == '\0')
			S_err(c, v[F_VERSION], "empty version (expected a string such as \"1.0.0\")");
		else if (s)
			b->version = S_dup(c, s);
	}
	/* Languages first: every text is checked against them. */
	if (v[F_LANGUAGES])
		S_languages(c, v[F_LANGUAGES]);
	if (v[F_TITLE])
		S_text(c, v[F_TITLE], "title", false, &b->title);
	if (v[F_ATTRIBUTION])
		S_text(c, v[F_ATTRIBUTION], "attribution", false, &b->attribution);

	const S_node *n = v[F_RESPONSES];
	if (S_list(c, n, "response_scales", "response scale", true, &b->responses,
	           sizeof *b->responses, &b->n_responses)) {
		for (size_t i = 0; i < n->n; i++)
			S_response(c, n->kids[i], i, &b->responses[i]);
		S_build_index(c, &c->responses, n, b->responses, sizeof *b->responses,
		              b->n_responses, "response scale");
	}

	n = v[F_STEPS];
	if (S_list(c, n, "steps", "step", false, &b->steps, sizeof *b->steps, &b->n_steps)) {
		for (size_t i = 0; i < n->n; i++)
			S_step(c, n->kids[i], i, &b->steps[i]);
		S_build_index(c, &c->steps, n, b->steps, sizeof *b->steps, b->n_steps, "step");
	}

	if (v[F_TEXTS])
		S_texts(c, v[F_TEXTS]);

	n = v[F_SCALES];
	if (S_list(c, n, "scales", "scale", true, &b->scales, sizeof *b->scales, &b->n_scales)) {
		if (!(c->sx = sb_calloc(n->n, sizeof *c->sx))) {
			c->oom = true;
			return;
		}
		c->n_sx = n->n;
		for (size_t i = 0; i < n->n; i++)
			S_scale(c, n->kids[i], i, &b->scales[i], &c->sx[i]);
		S_build_index(c, &c->scales, n, b->scales, sizeof *b->scales, b->n_scales,
		              "scale");
	}

	n = v[F_ITEMS];
	if (S_list(c, n, "items", "item", true, &b->items, sizeof *b->items, &b->n_items)) {
		if (!(c->ix = sb_calloc(n->n, sizeof *c->ix))) {
			c->oom = true;
			return;
		}
		for (size_t i = 0; i < n->n; i++)
			S_item(c, n->kids[i], i, &b->items[i], &c->ix[i]);
	}

	/* Item and scale ids share one namespace: both become CSV columns. */
	size_t nn = 0;
	S_name *names = sb_calloc(b->n_items + b->n_scales + 1, sizeof *names);
	if (!names) {
		c->oom = true;
		return;
	}
	for (size_t i = 0; i < b->n_scales; i++)
		if (b->scales[i].id)
			names[nn++] = (S_name){ .id = b->scales[i].id, .node = S_get(c->sx[i].map, "id"),
			                        .index = i, .kind = "scale" };
	for (size_t i = 0; i < b->n_items; i++)
		if (b->items[i].id)
			names[nn++] = (S_name){ .id = b->items[i].id, .node = S_get(c->ix[i].map, "id"),
			                        .index = i, .kind = "item" };
	/* Scale-scale duplicates were reported when the scale index was built; here only pairs
	 * that involve an item are. */
	qsort(names, nn, sizeof *names, S_name_cmp);
	for (size_t i = 1; i < nn; i++) {
		size_t first = i - 1;
		while (i < nn && !strcmp(names[i].id, names[first].id)) {
			if (strcmp(names[i].kind, "scale") != 0 || strcmp(names[first].kind, "scale") != 0)
				S_err(c, names[i].node, "duplicate id '%s' for the %s (first used by the %s "
				      "on line %ld%s)", names[i].id, names[i].kind, names[first].kind,
				      names[first].node->line, strcmp(names[i].kind, names[first].kind)
				      ? "; item and scale ids share one namespace" : "");
			i++;
		}
	}
	sb_free(names);

	if (b->scales && b->items && c->sx && c->ix)
		S_link(c);
	for (size_t s = 0; c->sx && s < b->n_scales; s++)
		S_check_bands(c, s);

	if (v[F_ATTACHMENT])
		S_attachment(c, v[F_ATTACHMENT]);

	/* Patterns last: they refer to scales, their bands and steps. */
	n = v[F_COUPLE];
	if (S_list(c, n, "couple_patterns", "couple pattern", false, &b->couple_patterns,
	           sizeof *b->couple_patterns, &b->n_couple_patterns)) {
		for (size_t i = 0; i < n->n; i++)
			S_couple_pattern(c, n->kids[i], i, &b->couple_patterns[i]);
		S_index px = { 0 };
		S_build_index(c, &px, n, b->couple_patterns, sizeof *b->couple_patterns,
		              b->n_couple_patterns, "couple pattern");
		sb_free(px.v);
	}
}

/* Keeps diagnostics in file order however the walk met them (a stable insertion sort). */
static void S_sort_diags(sb_diags *d, size_t from)
{
	for (size_t i = from + 1; i < d->n; i++) {
		sb_diag g = d->v[i];
		size_t j = i;
		while (j > from && (d->v[j - 1].line > g.line ||
		                    (d->v[j - 1].line == g.line && d->v[j - 1].column > g.column))) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = g;
	}
}

sb_status sb_bank_load(const char *data, size_t len, const char *name, sb_bank **out,
                       sb_diags *d)
{
	*out = NULL;
	size_t d_from = d->n, d_dropped = d->dropped;
	S_ctx c = {
		.file = name ? name : "(bank)",
		.data = data,
		.len = len,
		.d = d,
	};
	S_node *root = NULL;
	sb_status st = SB_ERR_DATA;
	c.b = sb_calloc(1, sizeof *c.b);
	if (!c.b) {
		c.oom = true;
		goto done;
	}
	if (!S_check_bytes(&c) || !S_parse(&c, &root))
		goto done;
	if (!root || (root->kind == S_SCALAR && S_is_null(root))) {
		S_err_at(&c, root ? root->line : 1, root ? root->col : 1,
		         "empty bank (expected a mapping with format, id, version, ...)");
		goto done;
	}
	S_bank(&c, root);
	c.b->source = S_dup(&c, c.file);
	if (!c.errors && !c.oom) {
		*out = c.b;
		c.b = NULL;
		st = SB_OK;
	}
done:
	if (c.oom) {
		/* What else was found is beside the point (and may be a consequence): say why. */
		for (size_t i = d_from; i < d->n; i++) {
			sb_free(d->v[i].file);
			sb_free(d->v[i].message);
		}
		d->n = d_from;
		d->dropped = d_dropped;
		sb_diags_add(d, c.file, 0, 0, "out of memory while loading the bank");
		st = SB_ERR_INTERNAL;
	}
	S_sort_diags(d, d_from);
	S_node_free(root);
	sb_free(c.responses.v);
	sb_free(c.steps.v);
	sb_free(c.scales.v);
	for (size_t i = 0; i < c.n_sx; i++)
		sb_free(c.sx[i].bands);
	sb_free(c.sx);
	sb_free(c.ix);
	sb_bank_free(c.b);
	return st;
}

sb_status sb_bank_load_file(const char *path, sb_bank **out, sb_diags *d)
{
	*out = NULL;
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "(standard input)" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		sb_diags_add(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return SB_ERR_NOINPUT;
	}
	sb_status st = SB_OK;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat sbuf;
	if (fstat(fileno(f), &sbuf) == 0 && S_ISDIR(sbuf.st_mode)) {
		sb_diags_add(d, name, 0, 0, "cannot open: %s", strerror(EISDIR));
		st = SB_ERR_NOINPUT;
		goto out;
	}
	/* Read at most one byte past the cap: enough to know the file is too large. */
	for (;;) {
		if (len == cap) {
			size_t want = cap ? cap * 2 : 65536;
			if (want > (size_t)SB_BANK_MAX_BYTES + 1)
				want = (size_t)SB_BANK_MAX_BYTES + 1;
			if (want == cap)
				break;
			char *nb = sb_realloc(buf, want);
			if (!nb) {
				sb_diags_add(d, name, 0, 0, "out of memory while reading the bank");
				st = SB_ERR_INTERNAL;
				break;
			}
			buf = nb;
			cap = want;
		}
		size_t k = fread(buf + len, 1, cap - len, f);
		len += k;
		if (k == 0) {
			if (ferror(f)) {
				sb_diags_add(d, name, 0, 0, "cannot read: %s", strerror(errno));
				st = SB_ERR_IO;
			}
			break;
		}
	}
	if (st == SB_OK)
		st = sb_bank_load(buf ? buf : "", len, name, out, d);
out:
	sb_free(buf);
	if (!is_stdin)
		fclose(f);
	return st;
}

sb_status sb_bank_load_embedded(sb_bank **out, sb_diags *d)
{
	return sb_bank_load((const char *)sb_embedded_bank, sb_embedded_bank_len, "(embedded)", out,
	                    d);
}

/* SPDX-License-Identifier: MIT */
/* schema.c — the typed helpers of the bank loader's schema walk: scalars as strings, numbers,
 * booleans and ids, mappings against field tables, texts in the declared languages, id indexes. */
#include "bank/load_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* Lists of ids in messages stop after this many, so a hostile bank cannot make them huge. */
#define S_LIST_MAX 12

/* ---- phase 2 helpers: types and scalars ---- */

bool sb_ld_is_null(const sb_ld_node *n)
{
	return n->kind == SB_LD_SCALAR && !n->quoted &&
	       (n->len == 0 || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
	        !strcmp(n->str, "Null") || !strcmp(n->str, "NULL"));
}

/* "a list", "a mapping", "null" or the scalar itself, for "found ..." in messages. */
static const char *S_found(const sb_ld_node *n, char *buf, size_t size)
{
	if (n->kind != SB_LD_SCALAR)
		return sb_ld_kind_name(n);
	if (sb_ld_is_null(n))
		return "nothing (null)";
	snprintf(buf, size, "'%.40s%s'", n->str, n->len > 40 ? "..." : "");
	return buf;
}

/* Whether n is of kind k; reports "expected WHAT for PATH, found ..." otherwise. An alias has
 * already been reported and is passed over silently. */
bool sb_ld_want(sb_ld_ctx *c, const sb_ld_node *n, sb_ld_kind k, const char *what, const char *path)
{
	if (n->kind == k)
		return true;
	if (n->kind != SB_LD_BAD) {
		char buf[64];
		sb_ld_err(c, n, "expected %s for %s, found %s", what, path, S_found(n, buf, sizeof buf));
	}
	return false;
}

/* "key" at the top level, else "key of where". */
const char *sb_ld_path(char *buf, size_t size, const char *key, const char *where)
{
	if (where)
		snprintf(buf, size, "%s of %s", key, where);
	else
		snprintf(buf, size, "%s", key);
	return buf;
}

/* A scalar's string, or NULL after reporting. */
const char *sb_ld_str(sb_ld_ctx *c, const sb_ld_node *n, const char *path)
{
	if (!sb_ld_want(c, n, SB_LD_SCALAR, "a string", path))
		return NULL;
	if (sb_ld_is_null(n)) {
		sb_ld_err(c, n, "expected a string for %s, found nothing (null)", path);
		return NULL;
	}
	return n->str;
}

bool sb_ld_numeric(const sb_ld_node *n, bool integer)
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

bool sb_ld_long(sb_ld_ctx *c, const sb_ld_node *n, const char *path, long *out)
{
	if (!sb_ld_want(c, n, SB_LD_SCALAR, "an integer", path))
		return false;
	if (!n->quoted && sb_ld_numeric(n, true)) {
		char *end;
		errno = 0;
		long v = strtol(n->str, &end, 10);
		if (end != n->str && *end == '\0' && errno == 0) {
			*out = v;
			return true;
		}
	}
	char buf[64];
	sb_ld_err(c, n, "expected an integer for %s, found %s", path, S_found(n, buf, sizeof buf));
	return false;
}

bool sb_ld_double(sb_ld_ctx *c, const sb_ld_node *n, const char *path, double *out)
{
	if (!sb_ld_want(c, n, SB_LD_SCALAR, "a number", path))
		return false;
	if (!n->quoted && sb_ld_numeric(n, false)) {
		char *end;
		errno = 0;
		double v = strtod(n->str, &end);
		if (end != n->str && *end == '\0' && errno == 0 && isfinite(v)) {
			*out = v;
			return true;
		}
	}
	char buf[64];
	sb_ld_err(c, n, "expected a number for %s, found %s", path, S_found(n, buf, sizeof buf));
	return false;
}

bool sb_ld_bool(sb_ld_ctx *c, const sb_ld_node *n, const char *path, bool *out)
{
	if (!sb_ld_want(c, n, SB_LD_SCALAR, "true or false", path))
		return false;
	if (!n->quoted && (!strcmp(n->str, "true") || !strcmp(n->str, "false"))) {
		*out = n->str[0] == 't';
		return true;
	}
	char buf[64];
	sb_ld_err(c, n, "expected true or false for %s, found %s", path, S_found(n, buf, sizeof buf));
	return false;
}

/* A copy of a scalar's string into the model. */
char *sb_ld_dup(sb_ld_ctx *c, const char *s)
{
	char *d = sb_strdup(s);
	if (!d)
		c->oom = true;
	return d;
}

/* An id: a valid one, or NULL after reporting. */
const char *sb_ld_id(sb_ld_ctx *c, const sb_ld_node *n, const char *path)
{
	const char *s = sb_ld_str(c, n, path);
	if (s && !sb_id_valid(s)) {
		sb_ld_err(c, n,
		          "invalid id '%.64s' for %s (expected lowercase ASCII letters, digits and '_', "
		          "starting with a letter, at most %d characters)",
		          s, path, SB_ID_MAX);
		return NULL;
	}
	return s;
}

/* The value of key in mapping m (NULL when absent or m is not a mapping). */
const sb_ld_node *sb_ld_get(const sb_ld_node *m, const char *key)
{
	if (!m || m->kind != SB_LD_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const sb_ld_node *k = m->kids[i];
		if (k->kind == SB_LD_SCALAR && !k->dup && !strcmp(k->str, key))
			return m->kids[i + 1];
	}
	return NULL;
}

/* Matches a mapping's keys against the known fields: out[i] gets fields[i]'s value or NULL.
 * Reports unknown and missing keys. Returns false when map is not a mapping. */
bool sb_ld_fields(sb_ld_ctx *c, const sb_ld_node *map, const char *where, const sb_ld_field *f,
                  size_t nf, const sb_ld_node **out)
{
	for (size_t j = 0; j < nf; j++)
		out[j] = NULL;
	if (!sb_ld_want(c, map, SB_LD_MAP, "a mapping", where))
		return false;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const sb_ld_node *k = map->kids[i];
		if (k->kind != SB_LD_SCALAR || k->dup)
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
		sb_ld_err(c, k, "unknown key '%.64s' in %s (expected one of: %s)", k->str, where, list);
	}
	for (size_t j = 0; j < nf; j++)
		if (f[j].required && !out[j])
			sb_ld_err(c, map, "missing key '%s' in %s", f[j].key, where);
	return true;
}

/* "KIND 'id'" for an element of a list when it has a valid id, else "KIND N" (1-based). */
const char *sb_ld_elem(char *buf, size_t size, const char *kind, const sb_ld_node *m, size_t i)
{
	const sb_ld_node *id = sb_ld_get(m, "id");
	if (id && id->kind == SB_LD_SCALAR && sb_id_valid(id->str))
		snprintf(buf, size, "%s '%s'", kind, id->str);
	else
		snprintf(buf, size, "%s %zu", kind, i + 1);
	return buf;
}

static const char *S_langs(const sb_ld_ctx *c, char *buf, size_t size)
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
void sb_ld_text(sb_ld_ctx *c, const sb_ld_node *n, const char *path, bool may_be_empty,
                sb_text *out)
{
	if (!sb_ld_want(c, n, SB_LD_MAP, "a text ({zh: ..., en: ...})", path))
		return;
	char langs[32];
	bool seen[SB_LANG_COUNT] = { false };
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const sb_ld_node *k = n->kids[i], *v = n->kids[i + 1];
		if (k->kind != SB_LD_SCALAR || k->dup)
			continue;
		sb_lang l;
		if (!strcmp(k->str, "zh"))
			l = SB_LANG_ZH;
		else if (!strcmp(k->str, "en"))
			l = SB_LANG_EN;
		else {
			sb_ld_err(c, k, "unknown language '%.64s' in %s (expected one of: %s)", k->str, path,
			          S_langs(c, langs, sizeof langs));
			continue;
		}
		if (c->langs_known && !c->b->has_lang[l]) {
			sb_ld_err(c, k,
			          "language '%s' in %s is not declared in languages (expected one of: %s)",
			          k->str, path, S_langs(c, langs, sizeof langs));
			continue;
		}
		seen[l] = true;
		char vpath[300];
		snprintf(vpath, sizeof vpath, "%s (%s)", path, k->str);
		if (!sb_ld_want(c, v, SB_LD_SCALAR, "a string", vpath))
			continue;
		if (v->len > 0 && sb_ld_is_null(v)) {
			sb_ld_err(c, v, "expected a string for %s, found nothing (null)", vpath);
			continue;
		}
		if (!may_be_empty && v->str[strspn(v->str, " \t\r\n")] == '\0') {
			sb_ld_err(c, v, "empty text in %s (expected some text)", vpath);
			continue;
		}
		out->s[l] = sb_ld_dup(c, v->str);
	}
	if (!c->langs_known)
		return;
	for (int l = 0; l < SB_LANG_COUNT; l++)
		if (c->b->has_lang[l] && !seen[l])
			sb_ld_err(c, n, "missing language '%s' in %s", sb_lang_code((sb_lang)l), path);
}

/* A list of texts (actions, starters); min_n: the fewest allowed. */
void sb_ld_text_list(sb_ld_ctx *c, const sb_ld_node *n, const char *key, const char *where,
                     const char *one, size_t min_n, sb_text **out, size_t *n_out)
{
	char path[300], ep[300];
	sb_ld_path(path, sizeof path, key, where);
	if (!sb_ld_want(c, n, SB_LD_SEQ, "a list", path))
		return;
	if (n->n < min_n) {
		sb_ld_err(c, n, "expected at least %zu %s in %s", min_n, one, path);
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
		sb_ld_text(c, n->kids[i], ep, false, &(*out)[i]);
	}
}

/* ---- id indexes: duplicates and lookups ---- */

int sb_ld_name_cmp(const void *pa, const void *pb)
{
	const sb_ld_name *a = pa, *b = pb;
	int r = strcmp(a->id, b->id);
	if (r)
		return r;
	if (a->node->line != b->node->line)
		return a->node->line < b->node->line ? -1 : 1;
	return a->node->col < b->node->col ? -1 : a->node->col > b->node->col;
}

static int S_name_key(const void *key, const void *elem)
{
	return strcmp(key, ((const sb_ld_name *)elem)->id);
}

/* Sorts names (by id, then position) and reports every id used more than once. */
void sb_ld_dups(sb_ld_ctx *c, sb_ld_name *v, size_t n)
{
	qsort(v, n, sizeof *v, sb_ld_name_cmp);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		while (i < n && !strcmp(v[i].id, v[first].id)) {
			sb_ld_err(c, v[i].node,
			          "duplicate id '%s' for the %s (first used by the %s on line %ld)",
			          v[i].id, v[i].kind, v[first].kind, v[first].node->line);
			i++;
		}
	}
}

size_t sb_ld_lookup(const sb_ld_index *x, const char *id)
{
	if (!x->n)
		return SB_NONE;
	const sb_ld_name *e = bsearch(id, x->v, x->n, sizeof *x->v, S_name_key);
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
const char *sb_ld_id_list(char *buf, size_t size, const void *base, size_t stride, size_t n)
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
void sb_ld_build_index(sb_ld_ctx *c, sb_ld_index *x, const sb_ld_node *seq, const void *base,
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
			x->v[x->n++] = (sb_ld_name){ .id = id, .node = sb_ld_get(seq->kids[i], "id"),
			                             .index = i, .kind = kind };
	}
	sb_ld_dups(c, x->v, x->n);
}


/* SPDX-License-Identifier: MIT */
/* bank_load.c — the bank loader: bytes are checked, libyaml events become a small node tree, and
 * the tree is walked against the schema in questions/README.md into the immutable bank model. */
#include "bank/bank.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "bank/load_internal.h"

/* ---- phase 2: the sections ---- */

static void S_languages(sb_ld_ctx *c, const sb_ld_node *n)
{
	if (!sb_ld_want(c, n, SB_LD_SEQ, "a list of languages ([zh, en], [en] or [zh])", "languages"))
		return;
	if (n->n == 0) {
		sb_ld_err(c, n, "expected at least one language in languages (zh, en)");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const sb_ld_node *e = n->kids[i];
		const char *s = sb_ld_str(c, e, "languages");
		sb_lang l;
		if (!s)
			continue;
		if (strcmp(s, "zh") && strcmp(s, "en")) {
			sb_ld_err(c, e, "unknown language '%.64s' in languages (expected zh or en)", s);
			continue;
		}
		sb_lang_parse(s, &l);
		if (c->b->has_lang[l])
			sb_ld_err(c, e, "language '%s' listed twice in languages", s);
		c->b->has_lang[l] = true;
		c->langs_known = true;
	}
}

/* Checks a list section and allocates its zeroed model array (setting *count); false when
 * there is nothing to fill in. */
static bool S_list(sb_ld_ctx *c, const sb_ld_node *n, const char *key, const char *what,
                   bool need_one, void *arr, size_t size, size_t *count)
{
	if (!n || !sb_ld_want(c, n, SB_LD_SEQ, "a list", key))
		return false;
	if (n->n == 0) {
		if (need_one)
			sb_ld_err(c, n, "expected at least one %s in %s", what, key);
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

/* Item and scale ids share one namespace: both become CSV columns. Scale-scale duplicates were
 * reported when the scale index was built; here only pairs that involve an item are. */
static void S_shared_ids(sb_ld_ctx *c)
{
	const sb_bank *b = c->b;
	size_t nn = 0;
	sb_ld_name *names = sb_calloc(b->n_items + b->n_scales + 1, sizeof *names);
	if (!names) {
		c->oom = true;
		return;
	}
	for (size_t i = 0; i < b->n_scales; i++)
		if (b->scales[i].id)
			names[nn++] = (sb_ld_name){ .id = b->scales[i].id,
			                            .node = sb_ld_get(c->sx[i].map, "id"),
			                            .index = i, .kind = "scale" };
	for (size_t i = 0; i < b->n_items; i++)
		if (b->items[i].id)
			names[nn++] = (sb_ld_name){ .id = b->items[i].id,
			                            .node = sb_ld_get(c->ix[i].map, "id"),
			                            .index = i, .kind = "item" };
	qsort(names, nn, sizeof *names, sb_ld_name_cmp);
	for (size_t i = 1; i < nn; i++) {
		size_t first = i - 1;
		while (i < nn && !strcmp(names[i].id, names[first].id)) {
			if (strcmp(names[i].kind, "scale") != 0 || strcmp(names[first].kind, "scale") != 0)
				sb_ld_err(c, names[i].node, "duplicate id '%s' for the %s (first used by the %s "
				          "on line %ld%s)", names[i].id, names[i].kind, names[first].kind,
				          names[first].node->line, strcmp(names[i].kind, names[first].kind)
				          ? "; item and scale ids share one namespace" : "");
			i++;
		}
	}
	sb_free(names);
}

/* The bank's format, id and version (each may be absent: already reported). */
static void S_identity(sb_ld_ctx *c, const sb_ld_node *fmt, const sb_ld_node *idn,
                       const sb_ld_node *ver)
{
	sb_bank *b = c->b;
	long format;
	if (fmt && sb_ld_long(c, fmt, "format", &format)) {
		if (format != 1)
			sb_ld_err(c, fmt, "format %ld is not supported (expected 1)", format);
		else
			b->format = 1;
	}
	if (idn) {
		const char *id = sb_ld_id(c, idn, "id");
		if (id)
			b->id = sb_ld_dup(c, id);
	}
	if (ver) {
		const char *s = sb_ld_str(c, ver, "version");
		if (s && s[strspn(s, " \t\r\n")] == '\0')
			sb_ld_err(c, ver, "empty version (expected a string such as \"1.0.0\")");
		else if (s)
			b->version = sb_ld_dup(c, s);
	}
}

static void S_bank(sb_ld_ctx *c, const sb_ld_node *root)
{
	enum { F_FORMAT, F_ID, F_VERSION, F_TITLE, F_LANGUAGES, F_ATTRIBUTION, F_RESPONSES, F_STEPS,
	       F_TEXTS, F_SCALES, F_ITEMS, F_ATTACHMENT, F_COUPLE, F_N };
	static const sb_ld_field f[F_N] = {
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
	const sb_ld_node *v[F_N];
	if (!sb_ld_fields(c, root, "the bank", f, F_N, v))
		return;
	S_identity(c, v[F_FORMAT], v[F_ID], v[F_VERSION]);
	/* Languages first: every text is checked against them. */
	if (v[F_LANGUAGES])
		S_languages(c, v[F_LANGUAGES]);
	if (v[F_TITLE])
		sb_ld_text(c, v[F_TITLE], "title", false, &b->title);
	if (v[F_ATTRIBUTION])
		sb_ld_text(c, v[F_ATTRIBUTION], "attribution", false, &b->attribution);

	const sb_ld_node *n = v[F_RESPONSES];
	if (S_list(c, n, "response_scales", "response scale", true, &b->responses,
	           sizeof *b->responses, &b->n_responses)) {
		for (size_t i = 0; i < n->n; i++)
			sb_ld_response(c, n->kids[i], i, &b->responses[i]);
		sb_ld_build_index(c, &c->responses, n, b->responses, sizeof *b->responses,
		                  b->n_responses, "response scale");
	}

	n = v[F_STEPS];
	if (S_list(c, n, "steps", "step", false, &b->steps, sizeof *b->steps, &b->n_steps)) {
		for (size_t i = 0; i < n->n; i++)
			sb_ld_step(c, n->kids[i], i, &b->steps[i]);
		sb_ld_build_index(c, &c->steps, n, b->steps, sizeof *b->steps, b->n_steps, "step");
	}

	if (v[F_TEXTS])
		sb_ld_texts(c, v[F_TEXTS]);

	n = v[F_SCALES];
	if (S_list(c, n, "scales", "scale", true, &b->scales, sizeof *b->scales, &b->n_scales)) {
		if (!(c->sx = sb_calloc(n->n, sizeof *c->sx))) {
			c->oom = true;
			return;
		}
		c->n_sx = n->n;
		for (size_t i = 0; i < n->n; i++)
			sb_ld_scale(c, n->kids[i], i, &b->scales[i], &c->sx[i]);
		sb_ld_build_index(c, &c->scales, n, b->scales, sizeof *b->scales, b->n_scales,
		                  "scale");
	}

	n = v[F_ITEMS];
	if (S_list(c, n, "items", "item", true, &b->items, sizeof *b->items, &b->n_items)) {
		if (!(c->ix = sb_calloc(n->n, sizeof *c->ix))) {
			c->oom = true;
			return;
		}
		for (size_t i = 0; i < n->n; i++)
			sb_ld_item(c, n->kids[i], i, &b->items[i], &c->ix[i]);
	}

	S_shared_ids(c);

	if (b->scales && b->items && c->sx && c->ix)
		sb_ld_link(c);
	for (size_t s = 0; c->sx && s < b->n_scales; s++)
		sb_ld_check_bands(c, s);

	if (v[F_ATTACHMENT])
		sb_ld_attachment(c, v[F_ATTACHMENT]);

	/* Patterns last: they refer to scales, their bands and steps. */
	n = v[F_COUPLE];
	if (S_list(c, n, "couple_patterns", "couple pattern", false, &b->couple_patterns,
	           sizeof *b->couple_patterns, &b->n_couple_patterns)) {
		for (size_t i = 0; i < n->n; i++)
			sb_ld_couple_pattern(c, n->kids[i], i, &b->couple_patterns[i]);
		sb_ld_index px = { 0 };
		sb_ld_build_index(c, &px, n, b->couple_patterns, sizeof *b->couple_patterns,
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
	sb_ld_ctx c = {
		.file = name ? name : "(bank)",
		.data = data,
		.len = len,
		.d = d,
	};
	sb_ld_node *root = NULL;
	sb_status st = SB_ERR_DATA;
	c.b = sb_calloc(1, sizeof *c.b);
	if (!c.b) {
		c.oom = true;
		goto done;
	}
	if (!sb_ld_check_bytes(&c) || !sb_ld_parse(&c, &root))
		goto done;
	if (!root || (root->kind == SB_LD_SCALAR && sb_ld_is_null(root))) {
		sb_ld_err_at(&c, root ? root->line : 1, root ? root->col : 1,
		             "empty bank (expected a mapping with format, id, version, ...)");
		goto done;
	}
	S_bank(&c, root);
	c.b->source = sb_ld_dup(&c, c.file);
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
	sb_ld_node_free(root);
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

sb_status sb_bank_read_file(const char *path, char **data, size_t *size, sb_diags *d)
{
	*data = NULL;
	*size = 0;
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
out:
	if (!is_stdin)
		fclose(f);
	if (st != SB_OK) {
		sb_free(buf);
		return st;
	}
	*data = buf;
	*size = len;
	return SB_OK;
}

sb_status sb_bank_load_file(const char *path, sb_bank **out, sb_diags *d)
{
	*out = NULL;
	char *buf;
	size_t len;
	sb_status st = sb_bank_read_file(path, &buf, &len, d);
	if (st == SB_OK)
		st = sb_bank_load(buf ? buf : "", len, strcmp(path, "-") == 0 ? "(standard input)" : path,
		                  out, d);
	sb_free(buf);
	return st;
}

sb_status sb_bank_load_embedded(sb_bank **out, sb_diags *d)
{
	return sb_bank_load((const char *)sb_embedded_bank, sb_embedded_bank_len, "(embedded)", out,
	                    d);
}


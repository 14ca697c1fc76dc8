/* SPDX-License-Identifier: MIT */
/* compare.c — the comparison itself: per-scale differences, the reliable change index, couple
 * pattern matching; and reading the cohort summary that can supply SD and reliability. */
#include "score/compare.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/labels.h"
#include "score/summary.h"

/* A summary larger than this is not something `score --summary` writes. */
#define S_SUMMARY_MAX_BYTES (16u * 1024 * 1024)

double sb_rci(double x1, double x2, double sd, double r)
{
	if (!isfinite(x1) || !isfinite(x2) || !(sd > 0) || !isfinite(sd) || !(r >= 0 && r < 1))
		return NAN;
	return (x2 - x1) / (sd * sqrt(2.0) * sqrt(1.0 - r));
}

const char *sb_change_id(sb_change c)
{
	switch (c) {
	case SB_CHANGE_NOT_SCORED: return "not_scored";
	case SB_CHANGE_NO_VERDICT: return "no_verdict";
	case SB_CHANGE_NONE: return "no_reliable_change";
	case SB_CHANGE_IMPROVED: return "improved";
	case SB_CHANGE_WORSENED: return "deteriorated";
	}
	return "not_scored";
}

const char *sb_reliability_source_id(sb_reliability_source s)
{
	switch (s) {
	case SB_RELIABILITY_BANK: return "bank";
	case SB_RELIABILITY_SUMMARY: return "summary";
	case SB_RELIABILITY_NONE: break;
	}
	return NULL;
}

const char *sb_no_verdict_id(sb_no_verdict r)
{
	switch (r) {
	case SB_NO_VERDICT_NO_SOURCE: return "no_source";
	case SB_NO_VERDICT_NOT_IN_SUMMARY: return "not_in_summary";
	case SB_NO_VERDICT_SUMMARY_NULL: return "summary_null";
	case SB_NO_VERDICT_DEGENERATE: return "degenerate";
	case SB_NO_VERDICT_NONE: break;
	}
	return NULL;
}

const char *sb_compare_mode_id(sb_compare_mode m)
{
	return m == SB_COMPARE_RETEST ? "retest" : "couple";
}

int sb_compare_mode_parse(const char *s, sb_compare_mode *out)
{
	if (s && strcmp(s, "couple") == 0)
		*out = SB_COMPARE_COUPLE;
	else if (s && strcmp(s, "retest") == 0)
		*out = SB_COMPARE_RETEST;
	else
		return -1;
	return 0;
}

const char *sb_change_label(sb_change c, sb_lang l)
{
	switch (c) {
	case SB_CHANGE_NOT_SCORED: return sb_label_text(l, SB_LABEL_CHANGE_NOT_SCORED);
	case SB_CHANGE_NO_VERDICT: return sb_label_text(l, SB_LABEL_CHANGE_NO_VERDICT);
	case SB_CHANGE_NONE: return sb_label_text(l, SB_LABEL_CHANGE_NONE);
	case SB_CHANGE_IMPROVED: return sb_label_text(l, SB_LABEL_CHANGE_IMPROVED);
	case SB_CHANGE_WORSENED: return sb_label_text(l, SB_LABEL_CHANGE_WORSENED);
	}
	return "";
}

const char *sb_no_verdict_text(sb_no_verdict r, sb_lang l)
{
	switch (r) {
	case SB_NO_VERDICT_NO_SOURCE:
		return sb_label_text(l, SB_LABEL_NOVERDICT_NO_SOURCE);
	case SB_NO_VERDICT_NOT_IN_SUMMARY:
		return sb_label_text(l, SB_LABEL_NOVERDICT_NOT_IN_SUMMARY);
	case SB_NO_VERDICT_SUMMARY_NULL:
		return sb_label_text(l, SB_LABEL_NOVERDICT_SUMMARY_NULL);
	case SB_NO_VERDICT_DEGENERATE:
		return sb_label_text(l, SB_LABEL_NOVERDICT_DEGENERATE);
	case SB_NO_VERDICT_NONE: break;
	}
	return "";
}

/* ---- cohort summary ---- */

void sb_cohort_free(sb_cohort *c)
{
	if (!c)
		return;
	sb_free(c->source);
	sb_free(c->scales);
	sb_free(c);
}

/* A number field that may be null (NAN): 0, or -1 after a diagnostic naming where it is. */
static int S_num_or_null(json_t *o, const char *key, const char *name, const char *where,
                         double lo, double hi, double *out, sb_diags *d)
{
	json_t *v = json_object_get(o, key);
	*out = NAN;
	if (!v) {
		sb_diags_add(d, name, 0, 0, "%s: \"%s\" is missing", where, key);
		return -1;
	}
	if (json_is_null(v))
		return 0;
	if (!json_is_number(v)) {
		sb_diags_add(d, name, 0, 0, "%s.%s: expected a number or null", where, key);
		return -1;
	}
	double x = json_number_value(v);
	if (!(x >= lo && x <= hi)) {
		sb_diags_add(d, name, 0, 0, "%s.%s: %g is out of range", where, key, x);
		return -1;
	}
	*out = x;
	return 0;
}

/* Reads scales[k] into its bank scale's slot. 0, or -1 after diagnostics. */
static int S_cohort_scale(json_t *o, size_t k, const char *name, const sb_bank *b, sb_cohort *c,
                          sb_diags *d)
{
	char where[48];
	snprintf(where, sizeof where, "scales[%zu]", k);
	if (!json_is_object(o)) {
		sb_diags_add(d, name, 0, 0, "%s: expected an object", where);
		return -1;
	}
	json_t *id = json_object_get(o, "id");
	if (!json_is_string(id)) {
		sb_diags_add(d, name, 0, 0, "%s.id: expected a string", where);
		return -1;
	}
	size_t i = sb_bank_scale(b, json_string_value(id));
	if (i == SB_NONE) /* a scale this bank does not have: nothing to take from it */
		return 0;
	sb_cohort_scale *cs = &c->scales[i];
	if (cs->present) {
		sb_diags_add(d, name, 0, 0, "%s: scale \"%s\" appears twice", where, b->scales[i].id);
		return -1;
	}
	int bad = 0;
	json_t *items = json_object_get(o, "items");
	if (items && (!json_is_integer(items) ||
	              json_integer_value(items) != (json_int_t)b->scales[i].n_items)) {
		sb_diags_add(d, name, 0, 0,
		             "%s.items: scale \"%s\" has %zu items in the bank; this summary was "
		             "made with a different version of it", where, b->scales[i].id,
		             b->scales[i].n_items);
		bad = -1;
	}
	json_t *n = json_object_get(o, "n");
	if (!json_is_integer(n) || json_integer_value(n) < 0) {
		sb_diags_add(d, name, 0, 0, "%s.n: expected an integer >= 0", where);
		bad = -1;
	} else {
		cs->n = (long)json_integer_value(n);
	}
	if (S_num_or_null(o, "sd", name, where, 0, HUGE_VAL, &cs->sd, d) != 0)
		bad = -1;
	json_t *rel = json_object_get(o, "reliability");
	char rwhere[64];
	snprintf(rwhere, sizeof rwhere, "%s.reliability", where);
	if (!json_is_object(rel)) {
		sb_diags_add(d, name, 0, 0, "%s: expected an object with \"alpha\"", rwhere);
		bad = -1;
	} else if (S_num_or_null(rel, "alpha", name, rwhere, -HUGE_VAL, 1, &cs->alpha, d) != 0) {
		/* Alpha can be negative for items that disagree; such a value gives no verdict. */
		bad = -1;
	}
	cs->present = bad == 0;
	return bad;
}

sb_status sb_cohort_load(const char *data, size_t len, const char *name, const sb_bank *b,
                         sb_cohort **out, sb_diags *d)
{
	*out = NULL;
	json_error_t je;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		sb_diags_add(d, name, je.line > 0 ? je.line : 0, je.column > 0 ? je.column : 0,
		             "not a cohort summary: %s", je.text);
		return SB_ERR_DATA;
	}
	sb_status st = SB_ERR_DATA;
	sb_cohort *c = NULL;
	json_t *schema = json_object_get(root, "schema");
	json_t *bank = json_object_get(root, "bank");
	json_t *bank_id = json_object_get(bank, "id");
	json_t *scales = json_object_get(root, "scales");
	if (!json_is_object(root) || !json_is_integer(schema)) {
		sb_diags_add(d, name, 0, 0, "not a cohort summary (the JSON file that `securebase "
		                            "score --summary` writes): no \"schema\" number");
		goto done;
	}
	/* Schema 1 differs from 2 only in the sufficient statistics for merging, not read here. */
	if (json_integer_value(schema) < 1 || json_integer_value(schema) > SB_SUMMARY_SCHEMA) {
		sb_diags_add(d, name, 0, 0,
		             "cohort summary schema %lld is not supported (expected 1 to %d)",
		             (long long)json_integer_value(schema), SB_SUMMARY_SCHEMA);
		goto done;
	}
	if (!json_is_string(bank_id)) {
		sb_diags_add(d, name, 0, 0, "bank.id: expected a string");
		goto done;
	}
	if (strcmp(json_string_value(bank_id), b->id) != 0) {
		sb_diags_add(d, name, 0, 0,
		             "this summary was made with bank \"%s\", not \"%s\"; its SD and alpha "
		             "do not apply", json_string_value(bank_id), b->id);
		goto done;
	}
	if (!json_is_array(scales)) {
		sb_diags_add(d, name, 0, 0, "scales: expected an array");
		goto done;
	}
	c = sb_calloc(1, sizeof *c);
	if (!c || !(c->source = sb_strdup(name)) ||
	    (b->n_scales && !(c->scales = sb_calloc(b->n_scales, sizeof *c->scales)))) {
		st = SB_ERR_INTERNAL;
		sb_diags_add(d, name, 0, 0, "out of memory");
		goto done;
	}
	c->n_scales = b->n_scales;
	for (size_t i = 0; i < b->n_scales; i++)
		c->scales[i] = (sb_cohort_scale){ .sd = NAN, .alpha = NAN };
	int bad = 0;
	size_t k;
	json_t *o;
	json_array_foreach(scales, k, o) {
		if (S_cohort_scale(o, k, name, b, c, d) != 0)
			bad = 1;
	}
	if (!bad) {
		*out = c;
		c = NULL;
		st = SB_OK;
	}
done:
	sb_cohort_free(c);
	json_decref(root);
	return st;
}

sb_status sb_cohort_load_file(const char *path, const sb_bank *b, sb_cohort **out, sb_diags *d)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		sb_diags_add(d, path, 0, 0, "cannot open the summary: %s",
		             fd < 0 ? strerror(errno) : "it is a folder");
		if (fd >= 0)
			close(fd);
		return SB_ERR_NOINPUT;
	}
	sb_buf buf = { 0 };
	sb_status rc = SB_OK;
	for (;;) {
		char *p = sb_buf_reserve(&buf, 65536);
		if (!p) {
			sb_diags_add(d, path, 0, 0, "out of memory");
			rc = SB_ERR_INTERNAL;
			break;
		}
		ssize_t n = read(fd, p, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sb_diags_add(d, path, 0, 0, "cannot read the summary: %s", strerror(errno));
			rc = SB_ERR_NOINPUT;
			break;
		}
		if (n == 0)
			break;
		buf.len += (size_t)n;
		if (buf.len > S_SUMMARY_MAX_BYTES) {
			sb_diags_add(d, path, 0, 0, "not a cohort summary: larger than %u bytes",
			             S_SUMMARY_MAX_BYTES);
			rc = SB_ERR_DATA;
			break;
		}
	}
	close(fd);
	if (rc == SB_OK)
		rc = sb_cohort_load(buf.data ? buf.data : "", buf.len, path, b, out, d);
	sb_buf_free(&buf);
	return rc;
}

/* ---- the comparison ---- */

bool sb_couple_condition_met(const sb_bank *b, const sb_couple_condition *c, const sb_result *r)
{
	size_t hits = 0;
	for (size_t i = 0; i < c->n_scales; i++) {
		const sb_scale_result *sr = &r->scales[c->scales[i]];
		if (!sr->scored || sr->band == SB_NONE)
			continue;
		const char *band = b->scales[c->scales[i]].bands[sr->band].id;
		for (size_t j = 0; j < c->n_bands; j++) {
			if (strcmp(band, c->bands[j]) == 0) {
				hits++;
				break;
			}
		}
	}
	return c->n_scales > 0 && hits >= c->at_least;
}

/* Whether pattern p fits the two results; fills the roles. */
static bool S_match(const sb_bank *b, const sb_couple_pattern *p, const sb_result *const r[2],
                    sb_pattern_match *m)
{
	bool meets[2][2] = { { false } };
	for (size_t c = 0; c < p->n_when; c++)
		for (size_t who = 0; who < 2; who++)
			meets[c][who] = sb_couple_condition_met(b, &p->when[c], r[who]);
	memset(m->role, 0, sizeof m->role);
	if (p->n_when == 1) {
		m->role[0][0] = meets[0][0];
		m->role[0][1] = meets[0][1];
		return meets[0][0] || meets[0][1];
	}
	/* Either way round: the first partner takes when[0] and the second when[1], or the reverse. */
	bool straight = meets[0][0] && meets[1][1];
	bool crossed = meets[0][1] && meets[1][0];
	m->role[0][0] = m->role[1][1] = straight;
	m->role[0][1] = m->role[1][0] = crossed;
	return straight || crossed;
}

/* Who gets which side's starters (sb_pattern_match.starters), decided for every match. */
static void S_resolve_starters(sb_compare *c)
{
	bool safety = sb_compare_safety_endorsed(c);
	for (size_t k = 0; k < c->n_matches; k++) {
		sb_pattern_match *m = &c->matches[k];
		const sb_couple_pattern *p = &c->bank->couple_patterns[m->pattern];
		for (int who = 0; who < 2; who++) {
			/* Both sides of a two-sided pattern ask opposite things of one person. */
			bool both_sides = p->n_when == 2 && m->role[0][who] && m->role[1][who];
			for (size_t w = 0; w < p->n_when; w++)
				m->starters[w][who] = m->role[w][who] && !both_sides && !safety &&
				                      p->when[w].n_starters;
		}
	}
}

/* The couple steps: each suggested step once, in the order first suggested. */
static bool S_couple_steps(sb_compare *c)
{
	const sb_bank *b = c->bank;
	bool safety = sb_compare_safety_endorsed(c);
	if (!b->n_steps)
		return true;
	bool *shown = sb_calloc(b->n_steps, sizeof *shown);
	c->steps = sb_calloc(b->n_steps, sizeof *c->steps);
	if (!shown || !c->steps) {
		sb_free(shown);
		return false;
	}
	for (size_t k = 0; k < c->n_matches; k++) {
		const sb_couple_pattern *p = &b->couple_patterns[c->matches[k].pattern];
		for (size_t j = 0; j < p->n_steps; j++) {
			size_t s = p->steps[j];
			if (s >= b->n_steps || shown[s] || (safety && b->steps[s].with_partner))
				continue;
			shown[s] = true;
			c->steps[c->n_steps++] = s;
		}
	}
	sb_free(shown);
	return true;
}

static bool S_unscored_list(sb_compare *c)
{
	const sb_bank *b = c->bank;
	if (!b->n_scales)
		return true;
	c->unscored = sb_calloc(2 * b->n_scales, sizeof *c->unscored);
	if (!c->unscored)
		return false;
	for (int p = 0; p < 2; p++)
		for (size_t i = 0; i < b->n_scales; i++)
			if (!c->r[p]->scales[i].scored)
				c->unscored[c->n_unscored++] = (sb_unscored_scale){ .who = p, .scale = i };
	return true;
}

/* The figures for the RCI of scale i: the bank's norms, else the summary. */
static void S_reliability(const sb_bank *b, size_t i, const sb_cohort *summary,
                          sb_scale_change *sc)
{
	const sb_norms *nm = &b->scales[i].norms;
	sc->source = SB_RELIABILITY_NONE;
	sc->sd = sc->reliability = NAN;
	if (nm->present && !isnan(nm->reliability)) {
		sc->source = SB_RELIABILITY_BANK;
		sc->sd = nm->sd;
		sc->reliability = nm->reliability;
		return;
	}
	if (!summary) {
		sc->no_verdict = SB_NO_VERDICT_NO_SOURCE;
		return;
	}
	const sb_cohort_scale *cs = i < summary->n_scales ? &summary->scales[i] : NULL;
	if (!cs || !cs->present) {
		sc->no_verdict = SB_NO_VERDICT_NOT_IN_SUMMARY;
		return;
	}
	if (isnan(cs->sd) || isnan(cs->alpha)) {
		sc->no_verdict = SB_NO_VERDICT_SUMMARY_NULL;
		return;
	}
	sc->source = SB_RELIABILITY_SUMMARY;
	sc->sd = cs->sd;
	sc->reliability = cs->alpha;
}

static void S_change(const sb_bank *b, size_t i, const sb_result *const r[2],
                     const sb_cohort *summary, sb_scale_change *sc)
{
	const sb_scale_result *a = &r[0]->scales[i], *z = &r[1]->scales[i];
	*sc = (sb_scale_change){ .diff = NAN, .sd = NAN, .reliability = NAN, .se_diff = NAN,
		                 .rci = NAN, .change = SB_CHANGE_NOT_SCORED };
	sc->both_scored = a->scored && z->scored;
	if (!sc->both_scored)
		return;
	sc->diff = z->score - a->score;
	S_reliability(b, i, summary, sc);
	if (sc->source == SB_RELIABILITY_NONE) {
		sc->change = SB_CHANGE_NO_VERDICT;
		return;
	}
	sc->rci = sb_rci(a->score, z->score, sc->sd, sc->reliability);
	if (isnan(sc->rci)) {
		sc->change = SB_CHANGE_NO_VERDICT;
		sc->no_verdict = SB_NO_VERDICT_DEGENERATE;
		return;
	}
	sc->se_diff = sc->sd * sqrt(2.0) * sqrt(1.0 - sc->reliability);
	if (fabs(sc->rci) < SB_RCI_CRITICAL)
		sc->change = SB_CHANGE_NONE;
	else /* higher means more of what the scale measures, so a decrease is an improvement */
		sc->change = sc->rci < 0 ? SB_CHANGE_IMPROVED : SB_CHANGE_WORSENED;
}

/* Whether a result calls for the professional-help section up front (as the report does): a
 * scale in its highest band or in a band marked seek_help. */
static bool S_needs_help(const sb_bank *b, const sb_result *r)
{
	for (size_t i = 0; i < b->n_scales; i++) {
		const sb_scale_result *sr = &r->scales[i];
		if (!sr->scored || sr->band == SB_NONE)
			continue;
		if (sb_band_is_highest(&b->scales[i], sr->band) || b->scales[i].bands[sr->band].seek_help)
			return true;
	}
	return false;
}

sb_status sb_compare_run(const sb_bank *b, sb_compare_mode mode, const sb_result *first,
                         const sb_result *second, const sb_cohort *summary, sb_compare **out,
                         sb_diags *d)
{
	*out = NULL;
	const sb_result *r[2] = { first, second };
	sb_compare *c = sb_calloc(1, sizeof *c);
	if (!c)
		goto oom;
	c->mode = mode;
	c->bank = b;
	c->r[0] = first;
	c->r[1] = second;
	c->n_scales = b->n_scales;
	if (b->n_scales && (!(c->scales = sb_calloc(b->n_scales, sizeof *c->scales)) ||
	                    !(c->order = sb_calloc(b->n_scales, sizeof *c->order))))
		goto oom;
	if (mode == SB_COMPARE_RETEST && summary && !(c->summary_source = sb_strdup(summary->source)))
		goto oom;
	for (size_t i = 0; i < b->n_scales; i++) {
		S_change(b, i, r, mode == SB_COMPARE_RETEST ? summary : NULL, &c->scales[i]);
		if (mode == SB_COMPARE_COUPLE) {
			/* No RCI between two people: the figures belong to retests. */
			sb_scale_change *sc = &c->scales[i];
			sc->source = SB_RELIABILITY_NONE;
			sc->sd = sc->reliability = sc->se_diff = sc->rci = NAN;
			sc->no_verdict = SB_NO_VERDICT_NONE;
			sc->change = sc->both_scored ? SB_CHANGE_NO_VERDICT : SB_CHANGE_NOT_SCORED;
		} else if (c->scales[i].change == SB_CHANGE_NO_VERDICT) {
			c->any_no_verdict = true;
		}
	}
	/* Largest difference first; ties keep bank order (insertion sort is stable, and n is small). */
	for (size_t i = 0; i < b->n_scales; i++) {
		size_t j = i;
		double di = c->scales[i].both_scored ? fabs(c->scales[i].diff) : -1;
		while (j > 0) {
			const sb_scale_change *p = &c->scales[c->order[j - 1]];
			double dp = p->both_scored ? fabs(p->diff) : -1;
			if (dp >= di)
				break;
			c->order[j] = c->order[j - 1];
			j--;
		}
		c->order[j] = i;
	}
	c->safety_endorsed[0] = first->safety_endorsed;
	c->safety_endorsed[1] = second->safety_endorsed;
	if (!S_unscored_list(c))
		goto oom;
	c->both_styles = first->has_style && second->has_style;
	c->style_moved = c->both_styles && first->style != second->style;
	if (mode == SB_COMPARE_COUPLE) {
		c->seek_help = S_needs_help(b, first) || S_needs_help(b, second);
		if (b->n_couple_patterns &&
		    !(c->matches = sb_calloc(b->n_couple_patterns, sizeof *c->matches)))
			goto oom;
		for (size_t i = 0; i < b->n_couple_patterns; i++) {
			sb_pattern_match m = { .pattern = i };
			if (S_match(b, &b->couple_patterns[i], r, &m)) {
				c->matches[c->n_matches++] = m;
				if (b->couple_patterns[i].seek_help)
					c->seek_help = true;
			}
		}
		S_resolve_starters(c);
		if (!S_couple_steps(c))
			goto oom;
	} else {
		/* After a retest the later result is the one that speaks to now. */
		c->seek_help = S_needs_help(b, second);
	}
	*out = c;
	return SB_OK;
oom:
	sb_compare_free(c);
	sb_diags_add(d, NULL, 0, 0, "out of memory");
	return SB_ERR_INTERNAL;
}

void sb_compare_free(sb_compare *c)
{
	if (!c)
		return;
	sb_free(c->scales);
	sb_free(c->order);
	sb_free(c->matches);
	sb_free(c->summary_source);
	sb_free(c->steps);
	sb_free(c->unscored);
	sb_free(c);
}

static bool S_placed(const sb_result *r)
{
	return r->has_style && r->style >= 0 && r->style < SB_STYLE_COUNT;
}

bool sb_compare_safety_endorsed(const sb_compare *c)
{
	return c->safety_endorsed[0] || c->safety_endorsed[1];
}

bool sb_compare_safety_first(const sb_compare *c, bool counsellor)
{
	return sb_compare_safety_endorsed(c) &&
	       (counsellor || c->mode == SB_COMPARE_RETEST);
}

bool sb_compare_explains_style(const sb_compare *c, int p)
{
	if (!c->bank->attachment.present || !S_placed(c->r[p]))
		return false;
	if (p == 0)
		return !(c->mode == SB_COMPARE_RETEST && c->style_moved);
	return !S_placed(c->r[0]) || c->r[0]->style != c->r[1]->style;
}

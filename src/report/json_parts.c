/* SPDX-License-Identifier: MIT */
/* json_parts.c — JSON pieces shared by the report JSON and the compare JSON (see json_parts.h). */
#include "report/json_parts.h"

#include <math.h>

#include "base/buf.h"
#include "base/termsafe.h"

void sb_json_set(json_t *o, const char *key, json_t *v, bool *failed)
{
	if (!o || !v) {
		json_decref(v);
		*failed = true;
	} else if (json_object_set_new(o, key, v) != 0) { /* jansson has freed v already */
		*failed = true;
	}
}

void sb_json_push(json_t *a, json_t *v, bool *failed)
{
	if (!a || !v) {
		json_decref(v);
		*failed = true;
	} else if (json_array_append_new(a, v) != 0) { /* jansson has freed v already */
		*failed = true;
	}
}

json_t *sb_json_real(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *S_text(const sb_text *t, sb_lang l)
{
	return json_string(sb_text_get(t, l));
}

json_t *sb_json_step(const sb_step *st, sb_lang l, bool *failed)
{
	json_t *o = json_object();
	sb_json_set(o, "id", json_string(st->id), failed);
	sb_json_set(o, "title", S_text(&st->title, l), failed);
	sb_json_set(o, "summary", S_text(&st->summary, l), failed);
	json_t *acts = json_array();
	for (size_t i = 0; i < st->n_actions; i++)
		sb_json_push(acts, S_text(&st->actions[i], l), failed);
	sb_json_set(o, "actions", acts, failed);
	return o;
}

static json_t *S_flag(bool flagged, json_t *value, bool *failed)
{
	json_t *o = json_object();
	sb_json_set(o, "flagged", json_boolean(flagged), failed);
	sb_json_set(o, "value", value, failed);
	return o;
}

json_t *sb_json_flags(const sb_quality *q, bool *failed)
{
	json_t *o = json_object();
	json_t *value[SB_FLAG_COUNT] = {
		[SB_FLAG_LONGSTRING] = json_integer((json_int_t)q->longstring),
		[SB_FLAG_LOW_IRV] = sb_json_real(q->irv),
		[SB_FLAG_INCONSISTENT] = sb_json_real(q->inconsistency),
		[SB_FLAG_MISSING] = sb_json_real(q->missing_share),
	};
	for (int k = 0; k < SB_FLAG_COUNT; k++)
		sb_json_set(o, sb_quality_flag_name(k),
		            S_flag(sb_quality_flag_set(q, k), value[k], failed), failed);
	return o;
}

json_t *sb_json_help(const sb_texts *t, sb_lang l, const char *placement, bool *failed)
{
	json_t *help = json_object();
	sb_json_set(help, "placement", json_string(placement), failed);
	sb_json_set(help, "text", S_text(&t->professional_help, l), failed);
	const char *local = sb_text_get(&t->local_help, l);
	sb_json_set(help, "local_help", *local ? json_string(local) : json_null(), failed);
	sb_json_set(help, "emergency", S_text(&t->emergency, l), failed);
	return help;
}

int sb_json_dump_to_buf(const char *buffer, size_t size, void *data)
{
	sb_buf *b = data;
	sb_buf_put(b, buffer, size);
	return b->failed ? -1 : 0;
}

bool sb_json_write(json_t *root, sb_buf *out)
{
	sb_buf raw = { 0 }, safe = { 0 };
	bool ok = json_dump_callback(root, sb_json_dump_to_buf, &raw,
	                             JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                                     JSON_REAL_PRECISION(17)) == 0 &&
	          !raw.failed;
	if (ok)
		sb_json_safe(&safe, raw.data ? raw.data : "", raw.len);
	sb_buf_putc(&safe, '\n');
	ok = ok && !safe.failed;
	/* sb_buf_put appends all or nothing, so a failure here leaves out as it was. */
	if (ok)
		sb_buf_put(out, safe.data, safe.len);
	ok = ok && !out->failed;
	sb_buf_free(&raw);
	sb_buf_free(&safe);
	return ok;
}

sb_status sb_json_finish(json_t *root, bool failed, sb_buf *out, const char *who, sb_diags *diags)
{
	sb_status st = SB_OK;
	if (failed || !root || !sb_json_write(root, out)) {
		sb_diags_add(diags, NULL, 0, 0, "%s: out of memory", who);
		st = SB_ERR_INTERNAL;
	}
	json_decref(root);
	return st;
}

/* SPDX-License-Identifier: MIT */
/* bank_hash.c — the items fingerprint: SHA-256 over a fixed serialisation of what is asked. */
#include "bank/bank_hash.h"

#include <stdio.h>
#include <string.h>

#include "base/sha256.h"

/* Each field is its bytes and a NUL, so no two different banks serialise alike. */
static void S_field(sb_sha256 *s, const char *v)
{
	v = v ? v : "";
	sb_sha256_update(s, v, strlen(v) + 1);
}

static void S_int(sb_sha256 *s, int v)
{
	char num[24];
	snprintf(num, sizeof num, "%d", v);
	S_field(s, num);
}

static void S_text(sb_sha256 *s, const sb_text *t)
{
	for (int l = 0; l < SB_LANG_COUNT; l++)
		S_field(s, t->s[l]);
}

void sb_bank_items_hash(const sb_bank *b, char hex[65])
{
	sb_sha256 s;
	sb_sha256_init(&s);
	S_field(&s, "securebase items 1");
	for (size_t i = 0; i < b->n_items; i++) {
		const sb_item *it = &b->items[i];
		S_field(&s, it->id);
		S_field(&s, it->scale < b->n_scales ? b->scales[it->scale].id : "");
		S_field(&s, it->reverse ? "reverse" : "forward");
		S_text(&s, &it->text);
		if (it->response < b->n_responses) {
			const sb_response_scale *r = &b->responses[it->response];
			S_int(&s, r->min);
			S_int(&s, r->max);
			for (int v = r->min; v <= r->max; v++)
				S_text(&s, &r->labels[v - r->min]);
		}
	}
	unsigned char d[SB_SHA256_LEN];
	sb_sha256_final(&s, d);
	sb_sha256_hex(d, hex);
}

/* SPDX-License-Identifier: MIT */
/* cli_origin.c — a warning when an answers file's name says the fillable form of another bank, or
 * another version of this one, made it (`score`, `report`, `compare`). */
#include <stdio.h>
#include <string.h>

#include "bank/bank_hash.h"
#include "cli/cli.h"
#include "data/answers_name.h"

void sb_cli_answers_origin(sb_cli *c, const sb_bank *b, const char *input)
{
	(void)c;
	sb_answers_origin o;
	if (!input || strcmp(input, "-") == 0 || !sb_answers_origin_parse(input, &o) ||
	    sb_answers_origin_matches(&o, b))
		return;
	char hex[65], shown[512];
	sb_bank_items_hash(b, hex);
	sb_cli_shown(input, shown, sizeof shown);
	sb_buf v = { 0 };
	sb_answers_name_part(&v, b->version, SB_NAME_VERSION_MAX);
	/* The name's parts are [A-Za-z0-9._] by construction: safe to print as they are. */
	sb_cli_msg("securebase: warning: %s was saved from the form of bank %s version %s "
	        "(items %s), but the bank in use is %s version %s (items %.8s): check that the "
	        "statements are the same before trusting the scores\n", shown, o.bank, o.version,
	        o.hash8, b->id, v.data ? v.data : b->version, hex);
	sb_buf_free(&v);
}

/* SPDX-License-Identifier: MIT */
/* cmd_validate.c — `securebase validate [--dump] [BANK.yaml ...]`: check banks. */
#include <getopt.h>
#include <stdio.h>
#include <sysexits.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "cli/import_opts.h"
#include "cli/messages.h"

static int S_one(sb_cli *c, const char *path, bool dump, bool strict)
{
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	sb_status st = path ? sb_bank_load_file(path, &b, &d) : sb_bank_load_embedded(&b, &d);
	int rc = 0;
	if (st == SB_OK && strict && sb_bank_lint(b, &d) > 0)
		st = SB_ERR_DATA;
	if (st != SB_OK) {
		rc = sb_cli_status(c, st, &d);
	} else {
		char safety[64] = "";
		if (b->n_safety_items)
			snprintf(safety, sizeof safety, sb_msg(c->lang, SB_MSG_VALIDATE_SAFETY),
			         b->n_safety_items);
		/* The file name and the version may hold anything: sb_cli_stdout keeps a terminal safe. */
		sb_buf line = { 0 };
		sb_buf_printf(&line, sb_msg(c->lang, SB_MSG_VALIDATE_OK), b->source, b->id, b->version,
		              b->n_scales, b->n_items, safety,
		              b->has_lang[SB_LANG_ZH] ? " zh" : "",
		              b->has_lang[SB_LANG_EN] ? " en" : "");
		rc = line.failed ? sb_cli_fail(c, EX_SOFTWARE, "out of memory")
		                 : sb_cli_stdout(c, line.data, line.len);
		sb_buf_free(&line);
		if (!rc && dump) {
			sb_buf out = { 0 };
			sb_bank_dump(b, &out);
			rc = out.failed ? sb_cli_fail(c, EX_SOFTWARE, "out of memory")
			                : sb_cli_stdout(c, out.data ? out.data : "", out.len);
			sb_buf_free(&out);
		}
	}
	sb_bank_free(b);
	sb_diags_free(&d);
	return rc;
}

int cmd_validate(sb_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dump", no_argument, NULL, 'd' },
		{ "strict", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	bool dump = false, strict = false;
	int ch;
	while ((ch = getopt_long(argc, argv, ":h" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dump = true; break;
		case 's': strict = true; break;
		case 'h': return sb_cli_help(sb_msg(c->lang, SB_MSG_HELP_VALIDATE));
		default: {
			int r = sb_cli_opt_rest(c, "validate", NULL, ch, optarg, argv[optind - 1]);
			if (r)
				return r;
			break;
		}
		}
	}
	/* --bank FILE is checked too: first, or instead of the embedded bank. */
	if (optind >= argc)
		return S_one(c, c->bank_path, dump, strict);
	sb_resources res = { .n = 0 };
	for (int i = optind; i < argc; i++)
		sb_res_input(&res, "bank", argv[i]);
	int worst = sb_cli_resources(c, &res); /* standard input named twice */
	if (worst)
		return worst;
	for (int i = c->bank_path ? optind - 1 : optind; i < argc; i++) {
		const char *path = i < optind ? c->bank_path : argv[i];
		int rc = S_one(c, path, dump, strict);
		/* The most severe status wins: cannot-open over bad data. */
		if (rc == EX_NOINPUT || (rc != 0 && worst != EX_NOINPUT))
			worst = rc;
	}
	return worst;
}

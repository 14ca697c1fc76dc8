/* SPDX-License-Identifier: MIT */
/* cmd_bank.c — `securebase bank`: the bank's YAML (the embedded one, or --bank FILE once it
 * loads), byte for byte. */
#include <getopt.h>
#include <string.h>

#include "base/alloc.h"

#include "cli/cli.h"
#include "cli/import_opts.h"
#include "cli/messages.h"

int cmd_bank(sb_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, ":h" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		if (ch == 'h')
			return sb_cli_help(sb_msg(c->lang, SB_MSG_HELP_BANK));
		int rc = sb_cli_opt_rest(c, "bank", NULL, ch, optarg, argv[optind - 1]);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return sb_cli_usage(c, "bank", sb_msg(c->lang, SB_MSG_NO_ARGUMENTS), "bank");
	if (!c->bank_path)
		return sb_cli_stdout(c, (const char *)sb_embedded_bank, sb_embedded_bank_len);
	/* --bank FILE: its bytes, once they load (read once: the file may be standard input). */
	char *data;
	size_t len;
	sb_diags d = { 0 };
	sb_bank *b = NULL;
	sb_status st = sb_bank_read_file(c->bank_path, &data, &len, &d);
	if (st == SB_OK)
		st = sb_bank_load(data ? data : "", len,
		                  strcmp(c->bank_path, "-") == 0 ? "(standard input)" : c->bank_path, &b,
		                  &d);
	int rc = st == SB_OK ? sb_cli_stdout(c, data ? data : "", len) : sb_cli_status(c, st, &d);
	sb_bank_free(b);
	sb_free(data);
	sb_diags_free(&d);
	return rc;
}

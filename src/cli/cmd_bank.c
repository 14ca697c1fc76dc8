/* SPDX-License-Identifier: MIT */
/* cmd_bank.c — `securebase bank`: the embedded bank's YAML, byte for byte. */
#include <getopt.h>

#include "cli/cli.h"

static const char S_help[] =
	"Usage: securebase bank\n"
	"\n"
	"Prints the embedded question bank's YAML, byte for byte as the build embedded it. Copy it,\n"
	"edit it, check it with 'securebase validate FILE', and use it with '--bank FILE'.\n"
	"\n"
	"  -h, --help this help\n";

int cmd_bank(sb_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (ch == 'h')
			return sb_cli_help(S_help);
		return sb_cli_usage(c, "bank", "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return sb_cli_usage(c, "bank", "'bank' takes no arguments");
	return sb_cli_stdout(c, (const char *)sb_embedded_bank, sb_embedded_bank_len);
}

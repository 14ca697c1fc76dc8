/* cmd_report.c — placeholder until the command lands; replaced by its issue's work. */
#include <sysexits.h>

#include "cli.h"

int cmd_report(sb_cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sb_cli_fail(c, EX_SOFTWARE, "'report' is not built yet");
}

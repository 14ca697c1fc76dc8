/* cmd_template.c — placeholder until the command lands; replaced by its issue's work. */
#include <sysexits.h>

#include "cli.h"

int cmd_template(sb_cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sb_cli_fail(c, EX_SOFTWARE, "'template' is not built yet");
}

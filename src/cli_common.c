/* cli_common.c — front-end helpers shared by every command. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"

int sb_cli_fail(sb_cli *c, int status, const char *fmt, ...)
{
	(void)c;
	va_list ap;
	fputs("securebase: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

int sb_cli_usage(sb_cli *c, const char *cmd, const char *fmt, ...)
{
	(void)c;
	va_list ap;
	fputs("securebase: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'securebase %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
	return EX_USAGE;
}

void sb_cli_print_diags(const sb_diags *d)
{
	char line[2048];
	for (size_t i = 0; i < d->n; i++) {
		sb_diag_format(&d->v[i], line, sizeof line);
		fprintf(stderr, "%s\n", line);
	}
	/* With nothing kept, the only way a problem is dropped is that memory ran out storing it. */
	if (d->dropped && d->n == 0)
		fputs("securebase: out of memory\n", stderr);
	else if (d->dropped)
		fprintf(stderr, "securebase: %zu more problems not shown\n", d->dropped);
}

int sb_cli_status(sb_cli *c, sb_status st, const sb_diags *d)
{
	(void)c;
	sb_cli_print_diags(d);
	return sb_status_exit(st);
}

int sb_cli_bank(sb_cli *c, const sb_bank **out)
{
	if (!c->bank) {
		sb_diags d = { 0 };
		sb_status st = c->bank_path ? sb_bank_load_file(c->bank_path, &c->bank, &d)
		                            : sb_bank_load_embedded(&c->bank, &d);
		if (st != SB_OK) {
			int rc = sb_cli_status(c, st, &d);
			sb_diags_free(&d);
			return rc;
		}
		sb_diags_free(&d);
	}
	*out = c->bank;
	return 0;
}

int sb_cli_stdout(sb_cli *c, const char *data, size_t len)
{
	if (len && fwrite(data, 1, len, stdout) != len)
		return sb_cli_fail(c, EX_IOERR, "cannot write to standard output: %s", strerror(errno));
	if (fflush(stdout) != 0)
		return sb_cli_fail(c, EX_IOERR, "cannot write to standard output: %s", strerror(errno));
	return 0;
}

int sb_cli_help(const char *text)
{
	fputs(text, stdout);
	return 0;
}

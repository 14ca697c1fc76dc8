/* SPDX-License-Identifier: MIT */
/* cli_common.c — front-end helpers shared by every command. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/termsafe.h"
#include "base/textwidth.h"
#include "cli/messages.h"

/* The choke point for stderr: every message goes through sb_termsafe (newlines kept), so no file
 * name, argument value or text from a bank or the data reaches the terminal raw. */
void sb_cli_vmsg(const char *fmt, va_list ap)
{
	sb_buf raw = { 0 }, safe = { 0 };
	sb_buf_vprintf(&raw, fmt, ap);
	if (!raw.failed)
		sb_termsafe(&safe, raw.data ? raw.data : "", raw.len, SB_TS_NEWLINE | SB_TS_TAB);
	if (raw.failed || safe.failed)
		fputs("securebase: out of memory\n", stderr);
	else if (safe.len)
		fwrite(safe.data, 1, safe.len, stderr);
	sb_buf_free(&raw);
	sb_buf_free(&safe);
}

void sb_cli_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_cli_vmsg(fmt, ap);
	va_end(ap);
}

int sb_cli_fail(sb_cli *c, int status, const char *fmt, ...)
{
	(void)c;
	va_list ap;
	fputs("securebase: ", stderr);
	va_start(ap, fmt);
	sb_cli_vmsg(fmt, ap);
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
	sb_cli_vmsg(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	sb_cli_msg(sb_msg(c ? c->lang : SB_LANG_EN, SB_MSG_TRY_HELP), cmd ? cmd : "",
	           cmd ? " " : "");
	fputc('\n', stderr);
	return EX_USAGE;
}

void sb_cli_print_diags(const sb_diags *d)
{
	char line[2048];
	for (size_t i = 0; i < d->n; i++) {
		sb_diag_format(&d->v[i], line, sizeof line);
		sb_cli_msg("securebase: %s\n", line);
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

int sb_cli_resources(sb_cli *c, sb_resources *r)
{
	sb_res_input(r, "bank", c->bank_path);
	sb_diags d = { 0 };
	sb_status st = sb_res_check(r, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(c, st, &d);
	sb_diags_free(&d);
	return rc;
}

int sb_cli_stdout(sb_cli *c, const char *data, size_t len)
{
	sb_buf safe = { 0 };
	if (c->stdout_tty && !sb_termsafe_clean(data, len, SB_TS_NEWLINE | SB_TS_TAB)) {
		sb_termsafe(&safe, data, len, SB_TS_NEWLINE | SB_TS_TAB);
		if (safe.failed) {
			sb_buf_free(&safe);
			return sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		}
		data = safe.data;
		len = safe.len;
	}
	size_t wrote = len ? fwrite(data, 1, len, stdout) : 0;
	sb_buf_free(&safe);
	if (wrote != len)
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

int sb_cli_global_opt(sb_cli *c, int ch, const char *arg)
{
	switch (ch) {
	case 'b': c->bank_path = arg; break;
	case 'l':
		if (sb_lang_parse(arg, &c->lang) != 0)
			return sb_cli_usage(c, NULL, sb_msg(c->lang, SB_MSG_LANG_VALUE), arg);
		c->lang_set = true;
		break;
	case 'q': c->quiet = true; break;
	case SB_OPT_NO_COLOR:
		c->no_color = true;
		c->color = false;
		break;
	}
	return 0;
}

int sb_cli_pdf_unavailable(sb_cli *c)
{
	return sb_cli_fail(c, EX_UNAVAILABLE, "PDF output is not built into this securebase (it "
	                   "needs cairo and pango); try --format html and print from a browser");
}

void sb_cli_stdin_note(const sb_cli *c, const char *input)
{
	if (strcmp(input, "-") != 0 || !c->stdin_tty || c->quiet)
		return;
	fputs(sb_msg(c->lang, SB_MSG_STDIN_NOTE), stderr);
	fflush(stderr);
}

void sb_cli_row_error(const char *input, long row, long column, const char *column_name,
                      const char *reason)
{
	char name[512] = "";
	if (column > 0 && column_name) {
		sb_cli_shown(column_name, name, sizeof name - 2);
		strcat(name, ": ");
	}
	if (column > 0)
		sb_cli_msg("securebase: %s:%ld:%ld: %s%s\n", input, row, column, name, reason);
	else
		sb_cli_msg("securebase: %s:%ld: %s\n", input, row, reason);
}

void sb_cli_shown(const char *id, char *out, size_t size)
{
	sb_termsafe_str(out, size, id, 80, SB_TS_BACKSLASH);
}

void sb_cli_today(char *out, size_t size)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;
	char *end = NULL;
	errno = 0;
	long long v = sde && *sde ? strtoll(sde, &end, 10) : -1;
	if (sde && *sde && end && *end == '\0' && errno == 0 && v >= 0) {
		t = (time_t)v;
		gmtime_r(&t, &tm);
	} else {
		t = time(NULL);
		localtime_r(&t, &tm);
	}
	strftime(out, size, "%Y-%m-%d", &tm);
}

/* The terminal's width on standard output, kept between 40 and 120 columns; 80 when unknown. */
static int S_width(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col > 120 ? 120 : ws.ws_col;
	return 80;
}

sb_render_opts sb_cli_render_opts(const sb_cli *c, bool to_stdout)
{
	return (sb_render_opts){
		.width = to_stdout && c->stdout_tty ? S_width() : 80,
		.color = to_stdout && c->color,
		.unicode = to_stdout ? c->utf8 : true,
	};
}

/* SPDX-License-Identifier: MIT */
/* error.c — diagnostics lists and the status-to-exit mapping. */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "base/alloc.h"

#define S_DEFAULT_LIMIT 200

void sb_diags_add(sb_diags *d, const char *file, long line, long column, const char *fmt, ...)
{
	size_t limit = d->limit ? d->limit : S_DEFAULT_LIMIT;
	if (d->n >= limit || sb_grow(&d->v, &d->cap, d->n + 1, sizeof *d->v) != 0) {
		d->dropped++;
		return;
	}
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sb_diag *g = &d->v[d->n];
	g->file = file ? sb_strdup(file) : NULL;
	g->message = sb_strdup(msg);
	if ((file && !g->file) || !g->message) {
		sb_free(g->file);
		sb_free(g->message);
		d->dropped++;
		return;
	}
	g->line = line;
	g->column = column;
	d->n++;
}

void sb_diag_format(const sb_diag *g, char *out, size_t size)
{
	if (g->file && g->line > 0 && g->column > 0)
		snprintf(out, size, "%s:%ld:%ld: %s", g->file, g->line, g->column, g->message);
	else if (g->file && g->line > 0)
		snprintf(out, size, "%s:%ld: %s", g->file, g->line, g->message);
	else if (g->file)
		snprintf(out, size, "%s: %s", g->file, g->message);
	else
		snprintf(out, size, "%s", g->message);
}

void sb_diags_clear(sb_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		sb_free(d->v[i].file);
		sb_free(d->v[i].message);
	}
	d->n = 0;
	d->dropped = 0;
}

void sb_diags_free(sb_diags *d)
{
	if (!d)
		return;
	sb_diags_clear(d);
	sb_free(d->v);
	d->v = NULL;
	d->cap = 0;
}

int sb_status_exit(sb_status s)
{
	switch (s) {
	case SB_OK: return EX_OK;
	case SB_ERR_USAGE: return EX_USAGE;
	case SB_ERR_DATA: return EX_DATAERR;
	case SB_ERR_NOINPUT: return EX_NOINPUT;
	case SB_ERR_UNAVAILABLE: return EX_UNAVAILABLE;
	case SB_ERR_INTERNAL: return EX_SOFTWARE;
	case SB_ERR_CANTCREAT: return EX_CANTCREAT;
	case SB_ERR_IO: return EX_IOERR;
	}
	return EX_SOFTWARE;
}

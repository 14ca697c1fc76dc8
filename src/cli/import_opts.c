/* SPDX-License-Identifier: MIT */
/* import_opts.c — the survey-export options shared by score, report and compare, and the import
 * summary they print. */
#include "cli/import_opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "base/alloc.h"
#include "cli/messages.h"
#include "data/csv.h"

int sb_import_help_in(sb_lang lang, const char *help)
{
	const char *at = strstr(help, "%s");
	if (!at)
		return sb_cli_help(help);
	fwrite(help, 1, (size_t)(at - help), stdout);
	fputs(sb_msg(lang, SB_MSG_HELP_IMPORT), stdout);
	fputs(at + 2, stdout);
	return 0;
}

static char *S_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *p = sb_malloc(cap + 1);
	while (p) {
		size_t got = fread(p + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		if (cap > (4u << 20)) { /* a mapping file has one line per item */
			sb_free(p);
			p = NULL;
			errno = EFBIG;
			break;
		}
		char *np = sb_realloc(p, 2 * cap + 1);
		if (!np) {
			sb_free(p);
			p = NULL;
			break;
		}
		p = np;
		cap *= 2;
	}
	bool bad = ferror(f);
	fclose(f);
	if (p && bad) {
		sb_free(p);
		return NULL;
	}
	if (p) {
		p[n] = '\0';
		*len = n;
	}
	return p;
}

int sb_import_opt(sb_cli *c, const char *cmd, sb_import_opts *im, int ch, const char *arg)
{
	switch (ch) {
	case SB_OPT_ID_COLUMN:
		if (!*arg)
			return sb_cli_usage(c, cmd, "%s", sb_msg(c->lang, SB_MSG_ID_COLUMN_EMPTY));
		im->id_column = arg;
		return 0;
	case SB_OPT_ALLOW_MISSING:
		im->allow_missing = true;
		return 0;
	case SB_OPT_DELIMITER:
		if (strcmp(arg, ",") == 0 || strcmp(arg, ";") == 0 || strcmp(arg, "\t") == 0)
			im->delimiter = arg[0];
		else if (strcmp(arg, "tab") == 0 || strcmp(arg, "TAB") == 0 || strcmp(arg, "\\t") == 0)
			im->delimiter = '\t';
		else
			return sb_cli_usage(c, cmd, sb_msg(c->lang, SB_MSG_DELIMITER_VALUE), arg);
		return 0;
	case SB_OPT_ENCODING:
		if (!*arg)
			return sb_cli_usage(c, cmd, "%s", sb_msg(c->lang, SB_MSG_ENCODING_EMPTY));
		im->encoding = arg;
		return 0;
	case SB_OPT_SKIP_ROWS: {
		char *end;
		errno = 0;
		long n = strtol(arg, &end, 10);
		if (!*arg || *end || n < 0 || n > 1000000 || errno)
			return sb_cli_usage(c, cmd, sb_msg(c->lang, SB_MSG_SKIP_ROWS_VALUE), arg);
		im->skip_rows = n;
		im->skip_rows_set = true;
		return 0;
	}
	case SB_OPT_COLUMNS:
		im->columns_path = arg;
		return 0;
	case SB_OPT_MISSING:
		im->missing_arg = arg;
		im->missing_set = true;
		return 0;
	case SB_OPT_NO_GUARD:
		im->no_guard = true;
		return 0;
	default:
		return -1;
	}
}

/* Splits --missing at its commas (empty entries dropped). */
static int S_missing(sb_cli *c, sb_import_opts *im)
{
	const char *arg = im->missing_arg;
	size_t n = 1;
	for (const char *p = arg; *p; p++)
		n += *p == ',';
	im->missing_buf = sb_strdup(arg);
	im->missing = sb_calloc(n, sizeof *im->missing);
	if (!im->missing_buf || !im->missing)
		return sb_cli_fail(c, EX_SOFTWARE, "out of memory");
	for (char *p = im->missing_buf, *e; p; p = e ? e + 1 : NULL) {
		e = strchr(p, ',');
		if (e)
			*e = '\0';
		if (*p)
			im->missing[im->n_missing++] = p;
	}
	return 0;
}

int sb_import_prepare(sb_cli *c, sb_import_opts *im)
{
	if (im->missing_arg && S_missing(c, im) != 0)
		return EX_SOFTWARE;
	if (!im->columns_path)
		return 0;
	const char *path = im->columns_path;
	size_t len = 0;
	im->columns_text = S_slurp(path, &len);
	if (!im->columns_text)
		return sb_cli_fail(c, EX_NOINPUT, "%s: cannot open: %s", path, strerror(errno));
	sb_csv *r;
	if (sb_csv_open_mem(im->columns_text, len, 0, &r) != SB_OK)
		return sb_cli_fail(c, EX_SOFTWARE, "out of memory");
	sb_csv_set_delimiter(r, memchr(im->columns_text, ';', len) &&
	                            !memchr(im->columns_text, ',', len) ? ';' : ',');
	/* The pairs point into a second copy: the reader's fields are slices that move. */
	sb_buf strs = { 0 };
	size_t *offs = NULL, n_offs = 0, cap = 0;
	size_t col_col = SB_NONE, item_col = SB_NONE;
	int rc = 0;
	for (bool header = true;; header = false) {
		sb_csv_record rec;
		if (sb_csv_next(r, &rec) != SB_OK) {
			rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
			break;
		}
		if (rec.kind == SB_CSV_END)
			break;
		if (rec.kind == SB_CSV_BAD) {
			rc = sb_cli_fail(c, EX_DATAERR, "%s:%ld:%ld: %s", path, rec.row, rec.column,
			                 rec.message);
			break;
		}
		if (header) {
			for (size_t j = 0; j < rec.n_fields; j++) {
				if (rec.fields[j].len == 6 && memcmp(rec.fields[j].p, "column", 6) == 0)
					col_col = j;
				if (rec.fields[j].len == 4 && memcmp(rec.fields[j].p, "item", 4) == 0)
					item_col = j;
			}
			if (col_col == SB_NONE || item_col == SB_NONE) {
				rc = sb_cli_fail(c, EX_DATAERR,
				                 "%s:%ld: the mapping file's header needs the columns 'column' "
				                 "and 'item'", path, rec.row);
				break;
			}
			continue;
		}
		if (rec.n_fields <= col_col || rec.n_fields <= item_col ||
		    rec.fields[col_col].len == 0 || rec.fields[item_col].len == 0)
			continue; /* a line that maps nothing (a codebook line left as it was) */
		if (sb_grow(&offs, &cap, n_offs + 2, sizeof *offs) != 0) {
			rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
			break;
		}
		offs[n_offs++] = strs.len;
		sb_buf_put(&strs, rec.fields[col_col].p, rec.fields[col_col].len);
		sb_buf_putc(&strs, '\0');
		offs[n_offs++] = strs.len;
		sb_buf_put(&strs, rec.fields[item_col].p, rec.fields[item_col].len);
		sb_buf_putc(&strs, '\0');
	}
	sb_csv_free(r);
	if (!rc && strs.failed)
		rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
	if (!rc) {
		sb_free(im->columns_text);
		im->columns_text = strs.data;
		strs.data = NULL;
		im->n_pairs = n_offs / 2;
		im->pairs = sb_calloc(im->n_pairs + 1, sizeof *im->pairs);
		if (!im->pairs)
			rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		for (size_t k = 0; !rc && k < im->n_pairs; k++)
			im->pairs[k] = (sb_column_pair){ .column = im->columns_text + offs[2 * k],
			                                 .item = im->columns_text + offs[2 * k + 1] };
	}
	sb_buf_free(&strs);
	sb_free(offs);
	return rc;
}

void sb_import_apply(const sb_import_opts *im, sb_answers_opts *ao)
{
	ao->id_column = im->id_column;
	ao->allow_missing_items = im->allow_missing;
	ao->delimiter = im->delimiter;
	ao->encoding = im->encoding;
	ao->skip_rows = im->skip_rows;
	ao->skip_rows_set = im->skip_rows_set;
	ao->columns = im->pairs;
	ao->n_columns = im->n_pairs;
	ao->missing = im->missing;
	ao->n_missing = im->n_missing;
	ao->missing_set = im->missing_set;
}

static const char *S_delim_name(char c)
{
	return c == ',' ? "','" : c == ';' ? "';'" : c == '\t' ? "TAB" : "?";
}

void sb_import_summary(sb_cli *c, const sb_answers *a)
{
	if (c->quiet || !a)
		return;
	const sb_answers_info *in = sb_answers_import_info(a);
	size_t ignored = 0;
	for (size_t j = 0; j < in->n_cols; j++)
		ignored += in->map[j].role == SB_COL_IGNORED;
	bool plain = in->delimiter == ',' && strncmp(in->encoding, "UTF-8", 5) == 0 && !in->cr_only &&
	             !in->header_rows_skipped && !in->id_guessed && !in->by_file && !in->by_code &&
	             !in->by_text && !ignored && !in->missing_items;
	if (plain)
		return;
	sb_lang l = c->lang;
	char shown[256];
	fputs(sb_msg(l, SB_MSG_IMPORT_HEAD), stderr);
	sb_cli_msg(sb_msg(l, SB_MSG_IMPORT_SEPARATOR), S_delim_name(in->delimiter),
	        in->delimiter_detected && in->delimiter != ',' ? sb_msg(l, SB_MSG_IMPORT_DETECTED) : "",
	        in->encoding);
	if (in->cr_only)
		fputs(sb_msg(l, SB_MSG_IMPORT_CR), stderr);
	if (in->header_rows_skipped)
		sb_cli_msg(sb_msg(l, SB_MSG_IMPORT_SKIPPED), in->header_rows_skipped,
		        in->header_rows_skipped == 1 ? "" : "s",
		        in->qualtrics ? sb_msg(l, SB_MSG_IMPORT_QUALTRICS) : "");
	if (in->id_column) {
		sb_cli_shown(in->id_column, shown, sizeof shown);
		sb_cli_msg(sb_msg(l, SB_MSG_IMPORT_ID_COLUMN), shown);
	}
	sb_cli_msg(sb_msg(l, SB_MSG_IMPORT_MAPPED), in->by_id, in->by_file, in->by_code,
	        in->by_text);
	fputc('\n', stderr);
	if (ignored) {
		sb_cli_msg(sb_msg(l, SB_MSG_IMPORT_IGNORED), ignored, ignored == 1 ? "" : "s");
		size_t k = 0;
		for (size_t j = 0; j < in->n_cols; j++) {
			if (in->map[j].role != SB_COL_IGNORED)
				continue;
			sb_cli_shown(in->col_names[j], shown, sizeof shown);
			sb_cli_msg("%s'%s'", k++ ? ", " : "", shown);
		}
		fputc('\n', stderr);
	}
	if (in->missing_items) {
		const sb_bank *b;
		if (sb_cli_bank(c, &b) == 0) {
			sb_cli_msg(sb_msg(l, SB_MSG_IMPORT_NO_COLUMN), in->missing_items,
			        in->missing_items == 1 ? "" : "s");
			size_t k = 0;
			for (size_t i = 0; i < b->n_items; i++)
				if (!sb_answers_has_item(a, i) && !b->items[i].safety)
					sb_cli_msg("%s%s", k++ ? ", " : "", b->items[i].id);
			fputc('\n', stderr);
		}
	}
}

void sb_import_free(sb_import_opts *im)
{
	sb_free(im->missing_buf);
	sb_free(im->missing);
	sb_free(im->columns_text);
	sb_free(im->pairs);
}

int sb_cli_opt_rest(sb_cli *c, const char *cmd, sb_import_opts *im, int ch, const char *arg,
                    const char *opt)
{
	switch (ch) {
	SB_GLOBAL_CASES:
		return sb_cli_global_opt(c, ch, arg);
	case ':':
		return sb_cli_usage(c, cmd, sb_msg(c->lang, SB_MSG_NEEDS_VALUE), opt);
	default: {
		int r = im ? sb_import_opt(c, cmd, im, ch, arg) : -1;
		return r < 0 ? sb_cli_usage(c, cmd, sb_msg(c->lang, SB_MSG_UNKNOWN_OPTION), opt) : r;
	}
	}
}

/* SPDX-License-Identifier: MIT */
/* cmd_template.c — `securebase template [--codebook [--format md|csv]]`: the answers-CSV header for
 * the bank, or a table of its items for people typing in paper answers and scripts checking us. */
#include <getopt.h>
#include <string.h>
#include <sysexits.h>

#include "data/answers.h"
#include "cli/cli.h"
#include "cli/import_opts.h"
#include "cli/messages.h"
#include "data/csv.h"
#include "base/numfmt.h"
#include "cli/template_formats.h"
#include "score/sql.h"

/* A Markdown table cell: characters with a meaning in a table or inline markup are escaped, and
 * line breaks become spaces (a table row is one line). */
static void S_md_cell(sb_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': case '|': case '*': case '_': case '`': case '[': case ']': case '<': case '>':
		case '#': case '&': case '~':
			sb_buf_putc(b, '\\');
			sb_buf_putc(b, *s);
			break;
		case '\r':
			break;
		case '\n':
			sb_buf_putc(b, ' ');
			break;
		default:
			sb_buf_putc(b, *s);
		}
	}
}

static void S_int(sb_buf *b, int v)
{
	char num[SB_NUMFMT_MAX];
	sb_buf_put(b, num, sb_fmt_int(num, v));
}

static void S_codebook(const sb_bank *bank, sb_lang lang, bool csv, sb_buf *b)
{
	if (csv) {
		sb_buf_puts(b, "item,scale,reverse,min,max,text\n");
	} else {
		sb_buf_printf(b, "| %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|\n",
		              sb_msg(lang, SB_MSG_CODEBOOK_ITEM), sb_msg(lang, SB_MSG_CODEBOOK_SCALE),
		              sb_msg(lang, SB_MSG_CODEBOOK_REVERSE), sb_msg(lang, SB_MSG_CODEBOOK_MIN),
		              sb_msg(lang, SB_MSG_CODEBOOK_MAX), sb_msg(lang, SB_MSG_CODEBOOK_TEXT));
	}
	for (size_t i = 0; i < bank->n_items; i++) {
		const sb_item *it = &bank->items[i];
		const sb_response_scale *r = &bank->responses[it->response];
		const char *text = sb_text_get(&it->text, lang);
		if (csv) {
			/* ids are [a-z0-9_]: no quoting needed; the text is guarded, it is opened in
			 * spreadsheets */
			sb_buf_printf(b, "%s,%s,%s,", it->id, sb_item_scale_id(bank, i),
			              it->reverse ? "yes" : "no");
			S_int(b, r->min);
			sb_buf_putc(b, ',');
			S_int(b, r->max);
			sb_buf_putc(b, ',');
			sb_csv_put(b, text, strlen(text), true);
			sb_buf_putc(b, '\n');
		} else {
			sb_buf_printf(b, "| %s | %s | %s | ", it->id, sb_item_scale_id(bank, i),
			              it->reverse ? sb_msg(lang, SB_MSG_YES) : sb_msg(lang, SB_MSG_NO));
			S_int(b, r->min);
			sb_buf_puts(b, " | ");
			S_int(b, r->max);
			sb_buf_puts(b, " | ");
			S_md_cell(b, text);
			sb_buf_puts(b, " |\n");
		}
	}
}

int cmd_template(sb_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "codebook", no_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "dialect", required_argument, NULL, 'D' },
		{ "table", required_argument, NULL, 'T' },
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	bool codebook = false, csv = false, format_set = false, sql = false;
	sb_sql_dialect dialect = SB_SQL_SQLITE;
	const char *table = NULL, *dialect_name = NULL;
	void (*gen)(const sb_bank *, sb_lang, sb_buf *) = NULL; /* --format psych or redcap */
	int ch;
	while ((ch = getopt_long(argc, argv, ":h" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		switch (ch) {
		case 'c': codebook = true; break;
		case 'f':
			format_set = true;
			if (strcmp(optarg, "csv") == 0)
				csv = true;
			else if (strcmp(optarg, "md") == 0)
				csv = false;
			else if (strcmp(optarg, "sql") == 0)
				sql = true;
			else if (strcmp(optarg, "psych") == 0 || strcmp(optarg, "redcap") == 0)
				gen = optarg[0] == 'p' ? sb_template_psych : sb_template_redcap;
			else
				return sb_cli_usage(c, "template",
				                    sb_msg(c->lang, SB_MSG_TEMPLATE_FORMAT),
				                    optarg);
			break;
		case 'D': dialect_name = optarg; break;
		case 'T': table = optarg; break;
		case 'h': return sb_cli_help(sb_msg(c->lang, SB_MSG_HELP_TEMPLATE));
		default: {
			int r = sb_cli_opt_rest(c, "template", NULL, ch, optarg, argv[optind - 1]);
			if (r)
				return r;
			break;
		}
		}
	}
	if (optind < argc)
		return sb_cli_usage(c, "template", sb_msg(c->lang, SB_MSG_NO_ARGUMENTS), "template");
	if ((sql || gen) && codebook)
		return sb_cli_usage(c, "template", sb_msg(c->lang, SB_MSG_TEMPLATE_NO_CODEBOOK),
		                    sql ? "sql" : gen == sb_template_psych ? "psych" : "redcap");
	if ((dialect_name || table) && !sql)
		return sb_cli_usage(c, "template", "%s", sb_msg(c->lang, SB_MSG_DIALECT_TABLE_SQL));
	if (dialect_name && !sb_sql_dialect_parse(dialect_name, &dialect))
		return sb_cli_usage(c, "template",
		                    sb_msg(c->lang, SB_MSG_DIALECT_VALUE),
		                    dialect_name);
	if (table && !sb_sql_table_valid(table))
		return sb_cli_usage(c, "template",
		                    sb_msg(c->lang, SB_MSG_TABLE_VALUE), table);
	if (format_set && !codebook && !sql && !gen)
		return sb_cli_usage(c, "template", "%s", sb_msg(c->lang, SB_MSG_FORMAT_CODEBOOK));
	const sb_bank *bank;
	sb_resources res = { .n = 0 };
	int rc = sb_cli_resources(c, &res);
	if (!rc)
		rc = sb_cli_bank(c, &bank);
	if (rc != 0)
		return rc;
	sb_buf b = { 0 };
	if (sql)
		sb_sql_write(bank, dialect, table ? table : "answers", &b);
	else if (gen)
		gen(bank, c->lang, &b);
	else if (codebook)
		S_codebook(bank, c->lang, csv, &b);
	else
		sb_answers_write_header(bank, &b);
	rc = b.failed ? sb_cli_fail(c, EX_SOFTWARE, "out of memory")
	              : sb_cli_stdout(c, b.data ? b.data : "", b.len);
	sb_buf_free(&b);
	return rc;
}

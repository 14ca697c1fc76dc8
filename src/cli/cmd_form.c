/* SPDX-License-Identifier: MIT */
/* cmd_form.c — `securebase form`: a printable blank questionnaire for answering on paper. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/import_opts.h"
#include "cli/messages.h"
#include "cli/outformat.h"
#include "report/form.h"
#include "data/outfile.h"
#include "render/render.h"
#include "render/form_fillable.h"

int cmd_form(sb_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "fillable", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	sb_format format = SB_FORMAT_TEXT;
	const char *output = NULL, *fmt = NULL;
	bool fillable = false;
	int ch;
	while ((ch = getopt_long(argc, argv, ":o:h" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		switch (ch) {
		case 'F': fillable = true; break;
		case 'f': fmt = optarg; break;
		case 'o': output = optarg; break;
		case 'h': return sb_cli_help(sb_msg(c->lang, SB_MSG_HELP_FORM));
		default: {
			int r = sb_cli_opt_rest(c, "form", NULL, ch, optarg, argv[optind - 1]);
			if (r)
				return r;
			break;
		}
		}
	}
	if (optind < argc)
		return sb_cli_usage(c, "form", sb_msg(c->lang, SB_MSG_UNEXPECTED_ARGUMENT), argv[optind]);
	/* A blank form has no scores: the report JSON does not apply. */
	sb_outfmt of;
	int frc = sb_cli_outformat(c, "form", fmt, output, SB_OUT_FORMS,
	                           fillable ? SB_OUT_HTML : SB_OUT_TEXT, &of);
	if (frc)
		return frc;
	format = sb_outfmt_render(of);
	if (fillable && format != SB_FORMAT_HTML)
		return sb_cli_usage(c, "form", "%s", sb_msg(c->lang, SB_MSG_FILLABLE_HTML));
	sb_resources res = { .n = 0 };
	sb_res_output(&res, "-o", output ? output : "-");
	const sb_bank *b = NULL;
	int rc = sb_cli_resources(c, &res);
	if (!rc)
		rc = sb_cli_bank(c, &b);
	if (rc)
		return rc;
	bool to_stdout = !output || strcmp(output, "-") == 0;
	sb_render_opts ro = sb_cli_render_opts(c, to_stdout);
	sb_diags d = { 0 };
	sb_doc *doc = NULL;
	sb_buf out = { 0 };
	sb_status st = fillable ? sb_form_fillable(b, &(sb_fillable_opts){ .lang = c->lang }, &out, &d)
	                        : sb_form_build(b, c->lang, &doc, &d);
	if (st == SB_OK && !fillable)
		st = sb_render(doc, format, &ro, &out, &d);
	if (st == SB_OK)
		st = sb_out_save(output, out.data ? out.data : "", out.len, &d);
	rc = st == SB_OK ? 0 : sb_cli_status(c, st, &d);
	sb_buf_free(&out);
	sb_doc_free(doc);
	sb_diags_free(&d);
	return rc;
}

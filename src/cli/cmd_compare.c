/* SPDX-License-Identifier: MIT */
/* cmd_compare.c — `securebase compare INPUT.csv --ids A,B`: two partners side by side (couple) or
 * one person at two times (retest), from one answers CSV or two (--with). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "base/alloc.h"
#include "data/answers.h"
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/import_opts.h"
#include "cli/outformat.h"
#include "score/compare.h"
#include "report/compare_report.h"
#include "data/outfile.h"
#include "render/render.h"
#include "report/report.h"

/* One row asked for, and where it was found. */
typedef struct {
	const char *path;   /* the file it is read from */
	const char *id;
	long row;           /* 0: not found */
	bool rejected;      /* a row with this id could not be read */
	int *values;        /* b->n_items answers once found */
} S_want;

/* Reads path once and finds the n rows asked for in it (the first row with each id). Rows that
 * cannot be read are reported as PATH:ROW:COLUMN: reason when they carry a wanted id or no id at
 * all (it may be the one). Returns 0 or an exit status after a message. */
static int S_find(sb_cli *c, const sb_bank *b, const char *path, S_want *w, size_t n,
                  const sb_import_opts *im)
{
	sb_diags d = { 0 };
	sb_answers *a = NULL;
	sb_answers_opts ao = { .name = path };
	sb_import_apply(im, &ao);
	sb_cli_stdin_note(c, path);
	sb_status st = sb_answers_open_path(b, path, &ao, &a, &d);
	if (st == SB_OK)
		sb_import_summary(c, a);
	int rc = 0;
	if (st != SB_OK) {
		rc = sb_cli_status(c, st, &d);
		goto done;
	}
	for (;;) {
		sb_answer_row row;
		st = sb_answers_next(a, &row, &d);
		if (st != SB_OK) {
			rc = sb_cli_status(c, st, &d);
			goto done;
		}
		if (row.kind == SB_ANSWER_END)
			break;
		S_want *hit = NULL;
		for (size_t k = 0; k < n && !hit; k++)
			if (row.id && strcmp(row.id, w[k].id) == 0)
				hit = &w[k];
		if (row.kind == SB_ANSWER_REJECT) {
			if (hit || !row.id || !*row.id)
				sb_cli_row_error(path, row.row, row.column, row.column_name, row.reason);
			if (hit)
				hit->rejected = true;
			continue;
		}
		if (!hit)
			continue;
		if (hit->row) {
			char shown[512];
			sb_cli_shown(hit->id, shown, sizeof shown);
			sb_cli_msg("securebase: %s:%ld: id '%s' repeats row %ld; the comparison uses row %ld\n",
			        path, row.row, shown, hit->row, hit->row);
			continue;
		}
		hit->row = row.row;
		hit->values = sb_calloc(b->n_items ? b->n_items : 1, sizeof *hit->values);
		if (!hit->values) {
			rc = sb_cli_fail(c, EX_SOFTWARE, "out of memory");
			goto done;
		}
		memcpy(hit->values, row.values, b->n_items * sizeof *hit->values);
	}
	for (size_t k = 0; k < n; k++) {
		if (w[k].row)
			continue;
		char shown[512];
		sb_cli_shown(w[k].id, shown, sizeof shown);
		rc = w[k].rejected
		     ? sb_cli_fail(c, EX_DATAERR, "the row with id '%s' in %s cannot be scored (see "
		                   "above); nothing to compare", shown, path)
		     : sb_cli_fail(c, EX_DATAERR, "no row with id '%s' in %s", shown, path);
		goto done;
	}
done:
	sb_answers_close(a);
	sb_diags_free(&d);
	return rc;
}

/* Splits "A,B" at its one comma into two non-empty ids (copied into buf). */
static int S_ids(const char *arg, char *buf, size_t size, const char **a, const char **z)
{
	const char *comma = strchr(arg, ',');
	if (!comma || strchr(comma + 1, ',') || comma == arg || !comma[1] || strlen(arg) >= size)
		return -1;
	memcpy(buf, arg, strlen(arg) + 1);
	buf[comma - arg] = '\0';
	*a = buf;
	*z = buf + (comma - arg) + 1;
	return 0;
}

static int S_write(sb_cli *c, const char *path, const sb_buf *data)
{
	sb_diags d = { 0 };
	sb_status st = sb_out_save(path, data->data ? data->data : "", data->len, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(c, st, &d);
	sb_diags_free(&d);
	return rc;
}

/* What the options and operands say. */
typedef struct {
	const char *ids, *with, *summary, *output, *fmt, *input;
	sb_import_opts im;
	sb_compare_mode mode;
	sb_format format;
	sb_audience audience;
	bool consent;
	bool stop; /* --help was given: the command is over */
	char idbuf[4096];
	const char *id_a, *id_b; /* in idbuf */
} S_args;

/* Reads the options into o; 0 (o->stop after --help) or the exit status. */
static int S_options(sb_cli *c, S_args *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ids", required_argument, NULL, 'i' },
		{ "with", required_argument, NULL, 'w' },
		{ "mode", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "audience", required_argument, NULL, 'A' },
		{ "summary", required_argument, NULL, 's' },
		{ "consent", no_argument, NULL, 'C' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		SB_IMPORT_LONG_OPTIONS,
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, ":o:h" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		switch (ch) {
		case 'i': o->ids = optarg; break;
		case 'w': o->with = optarg; break;
		case 's': o->summary = optarg; break;
		case 'o': o->output = optarg; break;
		case 'C': o->consent = true; break;
		case 'm':
			if (sb_compare_mode_parse(optarg, &o->mode) != 0)
				return sb_cli_usage(c, "compare", sb_msg(c->lang, SB_MSG_MODE_VALUE),
				                    optarg);
			break;
		case 'f': o->fmt = optarg; break;
		case 'A':
			if (sb_audience_parse(optarg, &o->audience) != 0)
				return sb_cli_usage(c, "compare", sb_msg(c->lang, SB_MSG_AUDIENCE_VALUE), optarg);
			break;
		case 'h': o->stop = true; return sb_import_help_in(c->lang, sb_msg(c->lang, SB_MSG_HELP_COMPARE));
		default: {
			int r = sb_cli_opt_rest(c, "compare", &o->im, ch, optarg, argv[optind - 1]);
			if (r)
				return r;
			break;
		}
		}
	}
	return 0;
}

/* Checks the format, the one input, the two ids, and what goes with which mode; 0 or the exit
 * status. */
static int S_check(sb_cli *c, S_args *o, int argc, char **argv)
{
	sb_outfmt of;
	int frc = sb_cli_outformat(c, "compare", o->fmt, o->output, SB_OUT_DOCS, SB_OUT_TEXT, &of);
	if (frc)
		return frc;
	o->format = sb_outfmt_render(of);
	if (optind >= argc)
		return sb_cli_usage(c, "compare", "%s", sb_msg(c->lang, SB_MSG_NAME_THE_CSV));
	if (argc - optind > 1)
		return sb_cli_usage(c, "compare", sb_msg(c->lang, SB_MSG_ONE_CSV_WITH), argv[optind + 1]);
	if (!o->ids)
		return sb_cli_usage(c, "compare", "%s", sb_msg(c->lang, SB_MSG_IDS_NEEDED));
	if (S_ids(o->ids, o->idbuf, sizeof o->idbuf, &o->id_a, &o->id_b) != 0)
		return sb_cli_usage(c, "compare", sb_msg(c->lang, SB_MSG_IDS_FORM), o->ids);
	o->input = argv[optind];
	if (!o->with && strcmp(o->id_a, o->id_b) == 0)
		return sb_cli_usage(c, "compare", sb_msg(c->lang, SB_MSG_IDS_TWICE), o->id_a);
	if (o->summary && o->mode != SB_COMPARE_RETEST)
		return sb_cli_usage(c, "compare", "%s", sb_msg(c->lang, SB_MSG_SUMMARY_RETEST));
	if (o->mode == SB_COMPARE_COUPLE && !o->consent)
		return sb_cli_usage(c, "compare", "%s", sb_msg(c->lang, SB_MSG_CONSENT_NEEDED));
	if (o->consent && o->mode != SB_COMPARE_COUPLE)
		return sb_cli_usage(c, "compare", "%s", sb_msg(c->lang, SB_MSG_CONSENT_COUPLE));
	return 0;
}

/* No file both read and written; the bank; 0 or the exit status. */
static int S_prepare(sb_cli *c, const S_args *o, const sb_bank **b)
{
	sb_resources res = { .n = 0 };
	sb_res_input(&res, "input", o->input);
	sb_res_input(&res, "--with", o->with);
	sb_res_input(&res, "--summary", o->summary);
	sb_res_input(&res, "--columns", o->im.columns_path);
	sb_res_output(&res, "-o", o->output ? o->output : "-");
	int rc = sb_cli_resources(c, &res);
	if (!rc)
		rc = sb_cli_bank(c, b);
	return rc;
}

/* Finds the two rows: both in the input, or the second in --with; 0 or the exit status. */
static int S_find_both(sb_cli *c, const sb_bank *b, S_args *o, S_want w[2])
{
	sb_cli_answers_origin(c, b, o->input);
	if (o->with)
		sb_cli_answers_origin(c, b, o->with);
	int rc = sb_import_prepare(c, &o->im);
	if (!rc)
		rc = o->with ? S_find(c, b, o->input, &w[0], 1, &o->im)
		             : S_find(c, b, o->input, w, 2, &o->im);
	if (!rc && o->with)
		rc = S_find(c, b, o->with, &w[1], 1, &o->im);
	return rc;
}

/* Scores both rows; a row with no scale scored has nothing to compare. 0 or the exit status. */
static int S_score_both(sb_cli *c, const sb_bank *b, const S_want w[2], sb_result r[2])
{
	for (int p = 0; p < 2; p++) {
		if (sb_result_init(&r[p], b) != SB_OK)
			return sb_cli_fail(c, EX_SOFTWARE, "out of memory");
		sb_score(b, w[p].values, &r[p]);
		bool any = false;
		for (size_t i = 0; i < b->n_scales; i++)
			any = any || r[p].scales[i].scored;
		if (!any) {
			char shown[512];
			sb_cli_shown(w[p].id, shown, sizeof shown);
			return sb_cli_fail(c, EX_DATAERR, "%s:%ld: the row with id '%s' cannot be scored: "
			                   "too few answers for any scale; nothing to compare", w[p].path,
			                   w[p].row, shown);
		}
	}
	return 0;
}

/* Compares the two results and writes the comparison in the format into out. */
static sb_status S_compare(sb_cli *c, const sb_bank *b, const S_args *o, const S_want w[2],
                           const sb_result r[2], const sb_cohort *cohort, sb_buf *out,
                           sb_diags *d)
{
	char date[32];
	sb_cli_today(date, sizeof date);
	sb_compare *cmp = NULL;
	sb_doc *doc = NULL;
	sb_status st = sb_compare_run(b, o->mode, &r[0], &r[1], cohort, &cmp, d);
	sb_compare_opts co = {
		.lang = c->lang, .audience = o->audience, .id = { o->id_a, o->id_b },
		.answers = { w[0].values, w[1].values }, .date = date, .consent = o->consent,
	};
	bool to_stdout = !o->output || strcmp(o->output, "-") == 0;
	if (st == SB_OK && o->format == SB_FORMAT_JSON) {
		st = sb_compare_json(cmp, &co, out, d);
	} else if (st == SB_OK) {
		st = sb_compare_build(cmp, &co, &doc, d);
		sb_render_opts ro = sb_cli_render_opts(c, to_stdout);
		if (st == SB_OK)
			st = sb_render(doc, o->format, &ro, out, d);
	}
	sb_doc_free(doc);
	sb_compare_free(cmp);
	return st;
}

int cmd_compare(sb_cli *c, int argc, char **argv)
{
	S_args o = { .mode = SB_COMPARE_COUPLE, .format = SB_FORMAT_TEXT,
		     .audience = SB_AUDIENCE_SELF };
	const sb_bank *b = NULL;
	int rc = S_options(c, &o, argc, argv);
	if (rc || o.stop || (rc = S_check(c, &o, argc, argv)) != 0 ||
	    (rc = S_prepare(c, &o, &b)) != 0) {
		sb_import_free(&o.im);
		return rc;
	}
	S_want w[2] = { { .path = o.input, .id = o.id_a },
		        { .path = o.with ? o.with : o.input, .id = o.id_b } };
	sb_result r[2] = { { 0 } };
	sb_cohort *cohort = NULL;
	sb_buf out = { 0 };
	sb_diags d = { 0 };
	sb_status st = SB_OK;
	if ((rc = S_find_both(c, b, &o, w)) == 0 && (rc = S_score_both(c, b, w, r)) == 0) {
		if (o.summary)
			st = sb_cohort_load_file(o.summary, b, &cohort, &d);
		if (st == SB_OK)
			st = S_compare(c, b, &o, w, r, cohort, &out, &d);
		rc = st == SB_OK ? S_write(c, o.output, &out) : sb_cli_status(c, st, &d);
	}
	sb_cohort_free(cohort);
	for (int p = 0; p < 2; p++) {
		sb_result_free(&r[p]);
		sb_free(w[p].values);
	}
	sb_buf_free(&out);
	sb_diags_free(&d);
	sb_import_free(&o.im);
	return rc;
}

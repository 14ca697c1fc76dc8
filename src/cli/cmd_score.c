/* SPDX-License-Identifier: MIT */
/* cmd_score.c — `securebase score`: batch scoring of an answers CSV, streaming one row in, one row
 * out, with rejects, duplicate-id warnings, a cohort summary and a progress line. The output columns
 * are documented in docs/csv-output.md. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "data/answers.h"
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/import_opts.h"
#include "cli/outformat.h"
#include "cli/progress.h"
#include "data/csv.h"
#include "base/numfmt.h"
#include "data/outfile.h"
#include "score/score.h"
#include "score/summary.h"
#include "base/termsafe.h"
#include "base/textwidth.h"
#include "base/tmpfile.h"
#include "score/pipeline.h"
#include "score/rows.h"
#include "score/statfile.h"

typedef struct {
	sb_cli *c;
	const sb_bank *b;
	const char *in_name;
	bool jsonl;
	int decimals;
	const char **keep;
	size_t n_keep;
	sb_outfile *out, *rej;
	sb_buf line;            /* the row being written */
	bool out_tty, rej_tty;  /* scores / rejects go to a terminal */
	sb_buf clean;           /* a line made safe for a terminal */
	unsigned long scored, rejected, duplicates;
	sb_progress prog;       /* the progress bar on a terminal */
	FILE *spill;            /* sav, dta: the scored rows' records, written out at the end */
} S_ctx;

/* --- text helpers ------------------------------------------------------------------------- */

/* Text from the data shown in a message on stderr: base/termsafe.h's one escaping (controls and
 * bytes that are not UTF-8 as \xNN, bidi and format characters as \u{XXXX}), at most 64 bytes. */
static void S_shown(char *out, size_t size, const char *s, size_t n)
{
	sb_termsafe_n(out, size, s, n, 64, 0);
}

/* Appends s to t fit for a terminal: control characters other than newline and tab, and bytes
 * that are not UTF-8, become U+FFFD. */
static void S_tty_clean(sb_buf *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = sb_utf8_decode(s + i, n - i, &cp);
		if (cp == SB_REPLACEMENT || (sb_is_control(cp) && cp != '\n' && cp != '\t') ||
		    sb_is_bidi_format(cp))
			sb_buf_put(t, "\xEF\xBF\xBD", 3);
		else
			sb_buf_put(t, s + i, k);
		i += k;
	}
}

/* Writes a finished line to f. Files and pipes get the bytes as read; a terminal never gets
 * control characters from the data raw (an id or a kept column could hold an escape sequence). */
static void S_emit(S_ctx *x, sb_outfile *f, bool tty, const char *p, size_t n)
{
	if (!tty) {
		sb_out_write(f, p, n);
		return;
	}
	sb_buf_reset(&x->clean);
	S_tty_clean(&x->clean, p, n);
	if (x->clean.failed)
		x->line.failed = true; /* reported as out of memory at the end */
	else if (x->clean.len)
		sb_out_write(f, x->clean.data, x->clean.len);
}

/* --- rejects, warnings ------------------------------------------------------------- */

static void S_reject(S_ctx *x, const sb_answer_row *row)
{
	x->rejected++;
	char reason[512];
	if (row->column_name) {
		char name[300];
		S_shown(name, sizeof name, row->column_name, strlen(row->column_name));
		snprintf(reason, sizeof reason, "%s: %s%s", name, row->reason,
		         row->record_truncated ? " (record truncated)" : "");
	} else {
		snprintf(reason, sizeof reason, "%s%s", row->reason,
		         row->record_truncated ? " (record truncated)" : "");
	}
	if (!x->rej) {
		sb_progress_clear(&x->prog);
		if (row->column > 0)
			sb_cli_msg("securebase: %s:%ld:%ld: %s\n", x->in_name, row->row, row->column, reason);
		else
			sb_cli_msg("securebase: %s:%ld: %s\n", x->in_name, row->row, reason);
		return;
	}
	sb_buf_reset(&x->line);
	sb_rows_reject(&x->line, row, reason);
	if (!x->line.failed)
		S_emit(x, x->rej, x->rej_tty, x->line.data, x->line.len);
}

/* --- writing blocks ------------------------------------------------------------------------ */

/* Writes a block, in order: its scores, its rejected rows, its warnings and counts. */
static void S_write_block(S_ctx *x, sb_pipeline *p, const sb_rowblock *blk, sb_summary *summary)
{
	for (size_t i = 0; i < blk->n && blk->n_rejected; i++) {
		sb_answer_row row;
		sb_pipeline_row(p, i, &row);
		if (row.kind == SB_ANSWER_REJECT) {
			S_reject(x, &row);
			if (summary)
				sb_summary_reject(summary);
		}
	}
	x->scored += blk->n - blk->n_rejected;
	if (blk->len && x->spill)
		fwrite(blk->text, 1, blk->len, x->spill); /* checked with ferror at the end */
	else if (blk->len)
		S_emit(x, x->out, x->out_tty, blk->text, blk->len);
}

/* Finds the repeated ids (after the last row) and reports each row whose id repeats an earlier
 * row's, in row order; 0 or the exit status. */
static int S_repeats(S_ctx *x, sb_idcheck *ids, sb_summary *summary)
{
	sb_diags d = { 0 };
	sb_status st = sb_idcheck_finish(ids, &d);
	sb_idrepeat r;
	int got = 0;
	while (st == SB_OK && (got = sb_idcheck_next(ids, &r, &d)) > 0) {
		char shown[300];
		S_shown(shown, sizeof shown, r.id, r.id_len);
		sb_cli_msg(sb_msg(x->c->lang, SB_MSG_SCORE_REPEATED_ID), x->in_name, r.row, shown,
		        r.first);
		x->duplicates++;
		if (summary)
			sb_summary_duplicate_id(summary);
	}
	if (got < 0)
		st = SB_ERR_IO;
	int rc = st == SB_OK ? 0
	       : st == SB_ERR_INTERNAL && !d.n ? sb_cli_fail(x->c, EX_SOFTWARE, "out of memory")
	                                      : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	return rc;
}

/* --- options --------------------------------------------------------------------------------- */

/* Splits --keep values on commas into x->keep; checks the names against the output columns. */
static int S_keep_parse(S_ctx *x, char *spec)
{
	for (char *p = spec;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (*p == '\0')
			return sb_cli_usage(x->c, "score", "%s", sb_msg(x->c->lang, SB_MSG_KEEP_COMMAS));
		const char **nk = sb_realloc(x->keep, (x->n_keep + 1) * sizeof *nk);
		if (!nk)
			return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
		x->keep = nk;
		x->keep[x->n_keep++] = p;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static int S_keep_check(S_ctx *x)
{
	const sb_bank *b = x->b;
	for (size_t k = 0; k < x->n_keep; k++) {
		const char *name = x->keep[k];
		for (size_t j = 0; j < k; j++)
			if (strcmp(x->keep[j], name) == 0)
				return sb_cli_usage(x->c, "score", sb_msg(x->c->lang, SB_MSG_KEEP_TWICE), name);
		bool clash = strcmp(name, "id") == 0 || strcmp(name, "style") == 0 ||
		             strcmp(name, "flags") == 0;
		for (size_t i = 0; i < b->n_scales && !clash; i++) {
			const char *id = b->scales[i].id;
			size_t n = strlen(id);
			clash = strncmp(name, id, n) == 0 &&
			        (name[n] == '\0' || strcmp(name + n, "_band") == 0 ||
			         strcmp(name + n, "_answered") == 0 || strcmp(name + n, "_answered_n") == 0 ||
			         strcmp(name + n, "_items") == 0);
		}
		if (clash)
			return sb_cli_usage(x->c, "score", sb_msg(x->c->lang, SB_MSG_KEEP_CLASH),
			                    name);
	}
	return 0;
}

/* --- output files ----------------------------------------------------------------------------- */

static int S_open_out(S_ctx *x, const char *path, sb_outfile **out)
{
	sb_diags d = { 0 };
	sb_status st = sb_out_open(path, out, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	return rc;
}

static int S_commit(S_ctx *x, sb_outfile **f)
{
	if (!*f)
		return 0;
	sb_diags d = { 0 };
	sb_status st = sb_out_commit(*f, &d);
	*f = NULL;
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	return rc;
}

/* The temporary file of records for sav and dta, in $TMPDIR (else /tmp), unlinked at once. */
static FILE *S_spill_open(void)
{
	int fd = sb_tmp_open("securebase-rows");
	FILE *f = fd >= 0 ? fdopen(fd, "w+b") : NULL;
	if (fd >= 0 && !f)
		close(fd);
	return f;
}

static ssize_t S_stat_sink(const void *data, size_t n, void *ctx)
{
	sb_out_write(ctx, data, n); /* a failure is reported by sb_out_commit */
	return (ssize_t)n;
}

/* Writes the sav or dta file from the records; 0 or the exit status. */
static int S_statfile(S_ctx *x, sb_outfmt of)
{
	if (fflush(x->spill) != 0 || ferror(x->spill))
		return sb_cli_fail(x->c, EX_IOERR, "cannot write the temporary file of scored rows in "
		                   "%s: %s", sb_tmp_dir(), strerror(errno));
	sb_statfile_opts so = { .format = of == SB_OUT_DTA ? SB_STAT_DTA : SB_STAT_SAV,
		                .lang = x->c->lang, .in_name = x->in_name, .keep = x->keep,
		                .n_keep = x->n_keep, .sink = S_stat_sink, .sink_ctx = x->out };
	sb_diags d = { 0 };
	sb_status st = sb_statfile_write(x->b, &so, x->spill, &d);
	int rc = st == SB_OK ? 0
	       : st == SB_ERR_INTERNAL && !d.n ? sb_cli_fail(x->c, EX_SOFTWARE, "out of memory")
	                                      : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	return rc;
}

/* --- the command, in steps --------------------------------------------------------------------- */

/* What the options say, beyond the context's own fields. */
typedef struct {
	const char *out_path, *rej_path, *sum_path, *fmt;
	bool no_dup;
	bool stop; /* --help was given: the command is over */
	sb_import_opts im;
} S_args;

/* What one run holds open, freed by S_close whatever happened. */
typedef struct {
	sb_outfmt of;
	bool stat; /* sav or dta: the records go to x->spill first */
	sb_answers *a;
	sb_outfile *sum_out;
	sb_summary *summary;
	sb_rows *rows;
	sb_idcheck *ids;
	sb_pipeline *pipe;
} S_run;

/* --decimals N; 0 or the exit status. */
static int S_decimals(S_ctx *x, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);
	int rc = 0;
	if (*arg == '\0' || *end != '\0' || n < 0 || n > SB_DECIMALS_MAX)
		rc = sb_cli_usage(x->c, "score", sb_msg(x->c->lang, SB_MSG_DECIMALS_VALUE),
		                  SB_DECIMALS_MAX, arg);
	x->decimals = (int)n;
	return rc;
}

/* Reads the options into x and o; 0 (o->stop after --help) or the exit status. */
static int S_options(S_ctx *x, S_args *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "summary", required_argument, NULL, 's' },
		{ "keep", required_argument, NULL, 'k' },
		{ "decimals", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-duplicate-check", no_argument, NULL, 'N' },
		SB_IMPORT_LONG_OPTIONS,
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	sb_cli *c = x->c;
	int rc = 0, ch;
	while ((ch = getopt_long(argc, argv, ":ho:" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		switch (ch) {
		case 'o': o->out_path = optarg; break;
		case 'f': o->fmt = optarg; break;
		case 'r': o->rej_path = optarg; break;
		case 's': o->sum_path = optarg; break;
		case 'k': rc = S_keep_parse(x, optarg); break;
		case 'd': rc = S_decimals(x, optarg); break;
		case 'h': o->stop = true; return sb_import_help_in(c->lang, sb_msg(c->lang, SB_MSG_HELP_SCORE));
		case 'N': o->no_dup = true; break;
		default: rc = sb_cli_opt_rest(c, "score", &o->im, ch, optarg, argv[optind - 1]); break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Checks what the options and operands ask for together, before anything is read: the format,
 * one input, no file both read and written, the bank, the kept columns; 0 or the exit status. */
static int S_check(S_ctx *x, S_args *o, S_run *r, int argc, char **argv)
{
	sb_cli *c = x->c;
	int rc;
	if ((rc = sb_cli_outformat(c, "score", o->fmt, o->out_path, SB_OUT_ROWS, SB_OUT_CSV, &r->of)) != 0)
		return rc;
	x->jsonl = r->of == SB_OUT_JSONL;
	r->stat = r->of == SB_OUT_SAV || r->of == SB_OUT_DTA;
	if (argc - optind > 1)
		return sb_cli_usage(c, "score", "%s", sb_msg(c->lang, SB_MSG_SCORE_ONE_INPUT));
	x->in_name = optind < argc ? argv[optind] : "-";
	sb_resources res = { .n = 0 };
	sb_res_input(&res, "input", x->in_name);
	sb_res_input(&res, "--columns", o->im.columns_path);
	sb_res_output(&res, "-o", o->out_path ? o->out_path : "-");
	sb_res_output(&res, "--rejects", o->rej_path);
	sb_res_output(&res, "--summary", o->sum_path);
	if ((rc = sb_cli_resources(c, &res)) != 0)
		return rc;
	if ((rc = sb_cli_bank(c, &x->b)) != 0 || (rc = S_keep_check(x)) != 0)
		return rc;
	return sb_import_prepare(c, &o->im);
}

/* Opens the input first: a missing file or a bad header stops before any output exists. */
static int S_open_input(S_ctx *x, S_args *o, S_run *r)
{
	sb_diags d = { 0 };
	sb_answers_opts ao = { .name = x->in_name, .keep = x->keep, .n_keep = x->n_keep,
		               .check_duplicates = false /* the bounded check of sb_idcheck instead */ };
	sb_import_apply(&o->im, &ao);
	sb_cli_stdin_note(x->c, x->in_name);
	sb_status st = sb_answers_open_path(x->b, x->in_name, &ao, &r->a, &d);
	if (st != SB_OK) {
		int rc = sb_cli_status(x->c, st, &d);
		sb_diags_free(&d);
		return rc;
	}
	sb_import_summary(x->c, r->a);
	sb_cli_answers_origin(x->c, x->b, x->in_name);
	return 0;
}

/* Opens the scores, rejects and summary files, the summary and the temporary file of records. */
static int S_open_outputs(S_ctx *x, const S_args *o, S_run *r)
{
	int rc;
	if ((rc = S_open_out(x, o->out_path, &x->out)) != 0 ||
	    (o->rej_path && (rc = S_open_out(x, o->rej_path, &x->rej)) != 0) ||
	    (o->sum_path && (rc = S_open_out(x, o->sum_path, &r->sum_out)) != 0))
		return rc;
	x->out_tty = sb_out_isatty(x->out);
	x->rej_tty = x->rej && sb_out_isatty(x->rej);
	if (o->sum_path && sb_summary_new(x->b, &r->summary) != SB_OK)
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	if (r->stat && !(x->spill = S_spill_open()))
		return sb_cli_fail(x->c, EX_CANTCREAT, "cannot create a temporary file in %s: %s",
		                   sb_tmp_dir(), strerror(errno));
	return 0;
}

/* Writes the header lines, starts the progress line and sets up the row formatter, the id check
 * and the pipeline; 0 or the exit status. */
static int S_start(S_ctx *x, const S_args *o, S_run *r)
{
	sb_rows_opts ro = { .jsonl = x->jsonl, .record = r->stat, .decimals = x->decimals,
		            .keep = x->keep, .n_keep = x->n_keep, .no_formula_guard = o->im.no_guard };
	if (sb_rows_new(x->b, &ro, &r->rows) != SB_OK)
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	sb_rows_header(r->rows, &x->line);
	if (x->line.len && !x->line.failed)
		sb_out_write(x->out, x->line.data, x->line.len);
	if (x->rej)
		sb_out_puts(x->rej, "row,column,reason,record\n");
	sb_progress_start(&x->prog, x->c, x->in_name, SB_MSG_PROGRESS_ROWS);
	/* SECUREBASE_THREADS=1 keeps everything on one thread (for measuring, see bench/run) */
	const char *threads = getenv("SECUREBASE_THREADS");
	sb_pipeline_opts po = { .b = x->b, .a = r->a, .rows = r->rows, .n_keep = x->n_keep,
		                .summary = r->summary,
		                .threaded = !(threads && strcmp(threads, "1") == 0) };
	/* SECUREBASE_ID_BUDGET=BYTES: a smaller id buffer, so that tests reach the runs on disk */
	const char *budget = getenv("SECUREBASE_ID_BUDGET");
	if ((!o->no_dup && sb_idcheck_new(budget ? strtoul(budget, NULL, 10) : 0, &r->ids) != SB_OK) ||
	    (po.ids = r->ids, sb_pipeline_new(&po, &r->pipe)) != SB_OK)
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	return 0;
}

/* Writes every block the pipeline scores, in order, until the last; 0 or the exit status. */
static int S_score_all(S_ctx *x, S_run *r)
{
	sb_status st = SB_OK;
	for (bool last = false; !last;) {
		const sb_rowblock *blk = sb_pipeline_next(r->pipe);
		if (blk->failed) {
			int rc = sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
			sb_pipeline_done(r->pipe);
			return rc;
		}
		S_write_block(x, r->pipe, blk, r->summary);
		if (blk->flush) { /* a live filter: the input waits, so the rows so far go out now */
			sb_out_flush(x->out);
			if (x->rej)
				sb_out_flush(x->rej);
		}
		sb_progress_update(&x->prog, x->scored + x->rejected, blk->bytes_read);
		last = blk->last;
		st = blk->status;
		sb_pipeline_done(r->pipe);
	}
	if (st == SB_OK)
		return 0;
	const sb_diags *pd = sb_pipeline_diags(r->pipe);
	return st == SB_ERR_INTERNAL && !pd->n ? sb_cli_fail(x->c, EX_SOFTWARE, "out of memory")
	                                       : sb_cli_status(x->c, st, pd);
}

/* After the last row: the repeated ids, the summary, the sav or dta file, then every file
 * committed (scores last: a failure before that leaves no scores file behind) and the counts
 * said; the exit status. */
static int S_finish(S_ctx *x, S_run *r)
{
	int rc;
	sb_progress_end(&x->prog);
	if (r->ids && (rc = S_repeats(x, r->ids, r->summary)) != 0)
		return rc;
	if (r->summary) {
		sb_buf js = { 0 };
		if (sb_summary_json(r->summary, &js) != SB_OK || js.failed) {
			sb_buf_free(&js);
			return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
		}
		sb_out_write(r->sum_out, js.data, js.len);
		sb_buf_free(&js);
	}
	if (x->line.failed) /* a header, row or reject that could not be built */
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	if (x->spill && (rc = S_statfile(x, r->of)) != 0)
		return rc;
	if ((rc = S_commit(x, &x->rej)) != 0 || (rc = S_commit(x, &r->sum_out)) != 0 ||
	    (rc = S_commit(x, &x->out)) != 0)
		return rc;
	if (!x->c->quiet) {
		unsigned long read = x->scored + x->rejected;
		fprintf(stderr, sb_msg(x->c->lang, SB_MSG_SCORE_DONE), read, x->scored, x->rejected);
		if (x->duplicates)
			fprintf(stderr, sb_msg(x->c->lang, SB_MSG_SCORE_REPEATS), x->duplicates);
		fputc('\n', stderr);
	}
	return x->rejected ? EX_DATAERR : 0;
}

/* Frees whatever the run opened; files not committed are removed. */
static void S_close(S_ctx *x, S_args *o, S_run *r)
{
	sb_progress_end(&x->prog);
	sb_pipeline_free(r->pipe); /* first: its second thread reads r->a */
	sb_idcheck_free(r->ids);
	sb_rows_free(r->rows);
	sb_out_abort(x->out);
	sb_out_abort(x->rej);
	sb_out_abort(r->sum_out);
	sb_answers_close(r->a);
	sb_import_free(&o->im);
	sb_summary_free(r->summary);
	sb_buf_free(&x->line);
	sb_buf_free(&x->clean);
	sb_free(x->keep);
	if (x->spill)
		fclose(x->spill);
}

int cmd_score(sb_cli *c, int argc, char **argv)
{
	S_ctx x = { .c = c, .decimals = 2 };
	S_args o = { 0 };
	S_run r = { 0 };
	int rc = S_options(&x, &o, argc, argv);
	if (!rc && !o.stop && !(rc = S_check(&x, &o, &r, argc, argv)) &&
	    !(rc = S_open_input(&x, &o, &r)) && !(rc = S_open_outputs(&x, &o, &r)) &&
	    !(rc = S_start(&x, &o, &r)) && !(rc = S_score_all(&x, &r)))
		rc = S_finish(&x, &r);
	S_close(&x, &o, &r);
	return rc;
}

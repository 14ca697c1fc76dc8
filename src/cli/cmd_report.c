/* SPDX-License-Identifier: MIT */
/* cmd_report.c — `securebase report INPUT.csv (--id ID | --all --out-dir DIR)`: reports for one
 * respondent, or one file per respondent in a folder, from an answers CSV. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/alloc.h"
#include "data/answers.h"
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/import_opts.h"
#include "cli/outformat.h"
#include "cli/progress.h"
#include "data/outfile.h"
#include "data/safename.h"
#include "render/render.h"
#include "report/report.h"

/* File names of --all stay well below NAME_MAX with a suffix and an extension. */
#define S_NAME_MAX 100

typedef struct {
	sb_cli *c;
	const sb_bank *b;
	const char *input;
	sb_format format;
	sb_audience audience;
	char date[32];
	sb_result res;
	sb_resources files; /* the inputs (answers, --columns, bank): no report may be one of them */
} S_job;

/* ---- small helpers ---------------------------------------------------------------------- */

/* Scores one row and renders its report into out. */
static sb_status S_render(S_job *j, const char *id, const int *values, bool to_stdout,
                          sb_buf *out, sb_diags *d)
{
	sb_score(j->b, values, &j->res);
	sb_report_opts o = { .lang = j->c->lang, .audience = j->audience, .respondent = id,
		             .date = j->date };
	if (j->format == SB_FORMAT_JSON)
		return sb_report_json(j->b, &j->res, values, &o, out, d);
	sb_doc *doc = NULL;
	sb_status st = sb_report_build(j->b, &j->res, values, &o, &doc, d);
	if (st == SB_OK) {
		sb_render_opts ro = sb_cli_render_opts(j->c, to_stdout);
		st = sb_render(doc, j->format, &ro, out, d);
	}
	sb_doc_free(doc);
	return st;
}

/* ---- --id ------------------------------------------------------------------------------- */

static int S_one(S_job *j, sb_answers *a, const char *want, const char *output)
{
	sb_diags d = { 0 };
	sb_buf out = { 0 };
	sb_answer_row row;
	long found = 0, rejected = 0;
	int rc = 0;
	char shown[512], why[512] = "";
	sb_cli_shown(want, shown, sizeof shown);
	for (;;) {
		sb_status st = sb_answers_next(a, &row, &d);
		if (st != SB_OK) {
			rc = sb_cli_status(j->c, st, &d);
			goto done;
		}
		if (row.kind == SB_ANSWER_END)
			break;
		bool match = row.id && strcmp(row.id, want) == 0;
		if (row.kind == SB_ANSWER_REJECT) {
			/* A broken row may be the one asked for even when its id could not be read. */
			if (match || !row.id || !*row.id) {
				sb_cli_row_error(j->input, row.row, row.column, row.column_name,
				                 row.reason);
				if (match && !rejected++)
					snprintf(why, sizeof why, "row %ld, column %ld: %s", row.row,
					         row.column, row.reason);
			}
			continue;
		}
		if (!match)
			continue;
		if (found) {
			sb_cli_msg("securebase: %s:%ld: id '%s' repeats row %ld; the report uses row %ld\n",
			        j->input, row.row, shown, found, found);
			continue;
		}
		found = row.row;
		st = S_render(j, row.id, row.values, !output || strcmp(output, "-") == 0, &out, &d);
		if (st != SB_OK) {
			rc = sb_cli_status(j->c, st, &d);
			goto done;
		}
	}
	if (!found) {
		rc = rejected ? sb_cli_fail(j->c, EX_DATAERR, "the row with id '%s' could not be "
		                            "scored (%s)", shown, why)
		              : sb_cli_fail(j->c, EX_DATAERR, "no respondent with id '%s' in %s", shown,
		                            j->input);
		goto done;
	}
	sb_status st = sb_out_save(output, out.data ? out.data : "", out.len, &d);
	if (st != SB_OK)
		rc = sb_cli_status(j->c, st, &d);
done:
	sb_buf_free(&out);
	sb_diags_free(&d);
	return rc;
}

/* ---- --all ------------------------------------------------------------------------------ */

/* The file names given so far, compared without case so that a case-insensitive file system
 * cannot merge two of them. Open addressing; grows at half full. */
typedef struct {
	char **slot;
	size_t cap, n;
} S_names;

static size_t S_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)(*s | 0x20)) * 1099511628211u;
	return h;
}

static bool S_names_has(const S_names *n, const char *s)
{
	if (!n->cap)
		return false;
	for (size_t i = S_hash(s) & (n->cap - 1); n->slot[i]; i = (i + 1) & (n->cap - 1))
		if (strcasecmp(n->slot[i], s) == 0)
			return true;
	return false;
}

static int S_names_add(S_names *n, const char *s)
{
	if ((n->n + 1) * 2 > n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 64;
		char **slot = sb_calloc(cap, sizeof *slot);
		if (!slot)
			return -1;
		for (size_t i = 0; i < n->cap; i++) {
			if (!n->slot[i])
				continue;
			size_t k = S_hash(n->slot[i]) & (cap - 1);
			while (slot[k])
				k = (k + 1) & (cap - 1);
			slot[k] = n->slot[i];
		}
		sb_free(n->slot);
		n->slot = slot;
		n->cap = cap;
	}
	char *copy = sb_strdup(s);
	if (!copy)
		return -1;
	size_t k = S_hash(s) & (n->cap - 1);
	while (n->slot[k])
		k = (k + 1) & (n->cap - 1);
	n->slot[k] = copy;
	n->n++;
	return 0;
}

static void S_names_free(S_names *n)
{
	for (size_t i = 0; i < n->cap; i++)
		sb_free(n->slot[i]);
	sb_free(n->slot);
}

/* Picks a name not given before in this run: base.ext, else base-2.ext, base-3.ext, ... */
static int S_unique(S_names *names, const char *base, const char *ext, char *out, size_t size)
{
	snprintf(out, size, "%s.%s", base, ext);
	for (unsigned long k = 2; S_names_has(names, out); k++)
		snprintf(out, size, "%s-%lu.%s", base, k, ext);
	return S_names_add(names, out);
}

static int S_prepare_dir(sb_cli *c, const char *dir)
{
	struct stat st;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return sb_cli_fail(c, EX_CANTCREAT, "%s: cannot create the folder: %s", dir,
		                   strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return sb_cli_fail(c, EX_CANTCREAT, "%s: not a folder", dir);
	if (access(dir, W_OK | X_OK) != 0)
		return sb_cli_fail(c, EX_CANTCREAT, "%s: cannot write in this folder: %s", dir,
		                   strerror(errno));
	return 0;
}

/* What one worker of --all did. */
typedef struct {
	unsigned long written, rejected;
	int rc;
} S_part;

/* Worker w of n: reads every row and names every file (names depend on all the ids before), but
 * renders and writes only every n-th good row, starting at the w-th; worker 0 alone prints the row
 * messages and the progress bar, so they come once and in order. */
static S_part S_all_part(S_job *j, sb_answers *a, const char *dir, unsigned long w,
                         unsigned long n)
{
	sb_diags d = { 0 };
	sb_buf out = { 0 };
	S_names names = { 0 };
	sb_answer_row row;
	unsigned long written = 0, rejected = 0, good = 0;
	int rc = 0;
	sb_progress bar;
	sb_progress_start(&bar, j->c, j->input, SB_MSG_PROGRESS_REPORTS);
	bar.on &= w == 0; /* worker 0 alone shows it */
	const char *ext = sb_format_ext(j->format);
	size_t dlen = strlen(dir);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	for (;;) {
		sb_status s = sb_answers_next(a, &row, &d);
		if (s != SB_OK) {
			rc = sb_cli_status(j->c, s, &d);
			goto done;
		}
		if (row.kind == SB_ANSWER_END)
			break;
		if (row.kind == SB_ANSWER_REJECT) {
			sb_progress_clear(&bar);
			if (w == 0)
				sb_cli_row_error(j->input, row.row, row.column, row.column_name,
				                 row.reason);
			rejected++;
			continue;
		}
		bool mine = good++ % n == w;
		char base[S_NAME_MAX + 1], name[S_NAME_MAX + 64], path[4096];
		sb_safe_name(row.id, base, sizeof base);
		if (S_unique(&names, base, ext, name, sizeof name) != 0) {
			rc = sb_cli_fail(j->c, EX_SOFTWARE, "out of memory");
			goto done;
		}
		if ((size_t)snprintf(path, sizeof path, "%.*s/%s", (int)dlen, dir, name) >= sizeof path) {
			rc = sb_cli_fail(j->c, EX_CANTCREAT, "%s: the folder's name is too long", dir);
			goto done;
		}
		if (row.duplicate_of && w == 0) {
			char shown[512];
			sb_cli_shown(row.id, shown, sizeof shown);
			sb_progress_clear(&bar);
			sb_cli_msg("securebase: %s:%ld: id '%s' repeats row %ld; written as %s\n", j->input,
			        row.row, shown, row.duplicate_of, name);
		}
		if (!mine)
			continue;
		sb_buf_reset(&out);
		s = S_render(j, row.id, row.values, false, &out, &d);
		if (s == SB_OK) {
			sb_resources files = j->files;
			sb_res_output(&files, "the report", path);
			s = sb_res_check(&files, &d);
		}
		if (s == SB_OK)
			s = sb_out_save(path, out.data ? out.data : "", out.len, &d);
		if (s != SB_OK) {
			sb_progress_clear(&bar);
			rc = sb_cli_status(j->c, s, &d);
			goto done;
		}
		written++;
		sb_progress_update(&bar, written * n, sb_answers_bytes_read(a));
	}
done:
	sb_progress_end(&bar);
	S_names_free(&names);
	sb_buf_free(&out);
	sb_diags_free(&d);
	return (S_part){ written, rejected, rc };
}

/* Workers for --all: SECUREBASE_JOBS, else one per online core; one for standard input or
 * anything else that cannot be read by several processes at once. */
static unsigned long S_jobs(const S_job *j)
{
	struct stat st;
	if (strcmp(j->input, "-") == 0 || stat(j->input, &st) != 0 || !S_ISREG(st.st_mode))
		return 1;
	const char *e = getenv("SECUREBASE_JOBS");
	long n = e ? strtol(e, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned long)n;
}

/* --all on every core: one process per worker (forked before any rendering, so each sets up its
 * fonts once), each reading the file itself; the files and messages are those of one worker. */
static int S_all(S_job *j, sb_answers *a, const char *dir)
{
	unsigned long n = S_jobs(j), written = 0, rejected = 0;
	int rc = 0;
	S_part p;
	if (n == 1) {
		p = S_all_part(j, a, dir, 0, 1);
		written = p.written;
		rejected = p.rejected;
		rc = p.rc;
		goto report;
	}
	pid_t pid[64];
	int fd[64];
	unsigned long started = 0;
	fflush(stdout);
	fflush(stderr);
	for (; started < n; started++) {
		int pfd[2];
		if (pipe(pfd) != 0)
			break;
		pid[started] = fork();
		if (pid[started] < 0) {
			close(pfd[0]);
			close(pfd[1]);
			break;
		}
		if (pid[started] == 0) {
			close(pfd[0]);
			sb_diags d = { 0 };
			sb_answers *mine = NULL;
			sb_answers_opts ao = { .name = j->input, .check_duplicates = true };
			sb_status st = sb_answers_open_path(j->b, j->input, &ao, &mine, &d);
			p = st == SB_OK ? S_all_part(j, mine, dir, started, n)
			                : (S_part){ 0, 0, sb_cli_status(j->c, st, &d) };
			sb_answers_close(mine);
			sb_diags_free(&d);
			fflush(stderr);
			ssize_t wr = write(pfd[1], &p, sizeof p);
			_exit(wr == (ssize_t)sizeof p ? 0 : 1);
		}
		close(pfd[1]);
		fd[started] = pfd[0];
	}
	for (unsigned long w = 0; w < started; w++) {
		S_part got;
		ssize_t r;
		do
			r = read(fd[w], &got, sizeof got);
		while (r < 0 && errno == EINTR);
		close(fd[w]);
		int status;
		while (waitpid(pid[w], &status, 0) < 0 && errno == EINTR)
			;
		if (r != (ssize_t)sizeof got) {
			if (!rc)
				rc = sb_cli_fail(j->c, EX_SOFTWARE, "a report worker stopped unexpectedly");
			continue;
		}
		written += got.written;
		if (w == 0)
			rejected = got.rejected;
		if (!rc)
			rc = got.rc;
	}
	if (started < n && !rc)
		rc = sb_cli_fail(j->c, EX_SOFTWARE, "cannot start the report workers: %s", strerror(errno));
report:
	if (!j->c->quiet) {
		sb_cli_msg(sb_msg(j->c->lang, SB_MSG_REPORTS_DONE), written,
		        written == 1 ? "" : "s", dir, rejected, rejected == 1 ? "" : "s");
	}
	if (!rc && rejected)
		rc = EX_DATAERR;
	return rc;
}

/* ---- the command ------------------------------------------------------------------------ */

/* What the options say. */
typedef struct {
	const char *id, *dir, *output, *format;
	bool all;
	bool stop; /* --help was given: the command is over */
	sb_import_opts im;
} S_args;

/* Reads the options into j and o; 0 (o->stop after --help) or the exit status. */
static int S_options(S_job *j, S_args *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "all", no_argument, NULL, 'a' },
		{ "out-dir", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "audience", required_argument, NULL, 'A' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		SB_IMPORT_LONG_OPTIONS,
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	sb_cli *c = j->c;
	int ch;
	while ((ch = getopt_long(argc, argv, ":o:h" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		switch (ch) {
		case 'i': o->id = optarg; break;
		case 'a': o->all = true; break;
		case 'D': o->dir = optarg; break;
		case 'o': o->output = optarg; break;
		case 'f': o->format = optarg; break;
		case 'A':
			if (sb_audience_parse(optarg, &j->audience) != 0)
				return sb_cli_usage(c, "report", sb_msg(c->lang, SB_MSG_AUDIENCE_VALUE), optarg);
			break;
		case 'h': o->stop = true; return sb_import_help_in(c->lang, sb_msg(c->lang, SB_MSG_HELP_REPORT));
		default: {
			int r = sb_cli_opt_rest(c, "report", &o->im, ch, optarg, argv[optind - 1]);
			if (r)
				return r;
			break;
		}
		}
	}
	return 0;
}

/* Checks the format, the one input and which of --id, --all, --out-dir and -o go together;
 * 0 or the exit status. */
static int S_check(S_job *j, const S_args *o, int argc, char **argv)
{
	sb_cli *c = j->c;
	sb_outfmt of;
	/* --all writes files only ("": files the program names), never to the terminal */
	int frc = sb_cli_outformat(c, "report", o->format, o->all ? "" : o->output,
	                           SB_OUT_DOCS, SB_OUT_TEXT, &of);
	if (frc)
		return frc;
	j->format = sb_outfmt_render(of);
	if (optind >= argc)
		return sb_cli_usage(c, "report", "%s", sb_msg(c->lang, SB_MSG_NAME_THE_CSV));
	if (argc - optind > 1)
		return sb_cli_usage(c, "report", sb_msg(c->lang, SB_MSG_ONE_CSV), argv[optind + 1]);
	if (!o->id == !o->all)
		return sb_cli_usage(c, "report", "%s", sb_msg(c->lang, SB_MSG_ID_OR_ALL));
	if (o->all && !o->dir)
		return sb_cli_usage(c, "report", "%s", sb_msg(c->lang, SB_MSG_ALL_OUT_DIR));
	if (o->all && o->output)
		return sb_cli_usage(c, "report", "%s", sb_msg(c->lang, SB_MSG_OUTPUT_FOR_ID));
	if (!o->all && o->dir)
		return sb_cli_usage(c, "report", "%s", sb_msg(c->lang, SB_MSG_OUT_DIR_FOR_ALL));
	j->input = argv[optind];
	return 0;
}

/* No file both read and written; the bank; the import options; 0 or the exit status. */
static int S_prepare(S_job *j, S_args *o)
{
	sb_cli *c = j->c;
	sb_res_input(&j->files, "input", j->input);
	sb_res_input(&j->files, "--columns", o->im.columns_path);
	sb_resources res = j->files;
	if (!o->all)
		sb_res_output(&res, "-o", o->output ? o->output : "-");
	int rc = sb_cli_resources(c, &res);
	sb_res_input(&j->files, "bank", c->bank_path);
	if (!rc)
		rc = sb_cli_bank(c, &j->b);
	if (!rc)
		rc = sb_import_prepare(c, &o->im);
	return rc;
}

/* Opens the answers and writes the one report or every one; the exit status. */
static int S_reports(S_job *j, S_args *o)
{
	sb_cli *c = j->c;
	int rc;
	sb_cli_today(j->date, sizeof j->date);
	sb_diags d = { 0 };
	sb_answers *a = NULL;
	sb_answers_opts ao = { .name = j->input, .check_duplicates = true };
	sb_import_apply(&o->im, &ao);
	sb_status st = sb_result_init(&j->res, j->b);
	sb_cli_stdin_note(c, j->input);
	if (st == SB_OK)
		st = sb_answers_open_path(j->b, j->input, &ao, &a, &d);
	if (st == SB_OK)
		sb_import_summary(c, a);
	if (st == SB_OK)
		sb_cli_answers_origin(c, j->b, j->input);
	if (st != SB_OK) {
		rc = sb_cli_status(c, st, &d);
	} else if (o->all) {
		rc = S_prepare_dir(c, o->dir);
		if (!rc)
			rc = S_all(j, a, o->dir);
	} else {
		rc = S_one(j, a, o->id, o->output);
	}
	sb_answers_close(a);
	sb_result_free(&j->res);
	sb_diags_free(&d);
	return rc;
}

int cmd_report(sb_cli *c, int argc, char **argv)
{
	S_job j = { .c = c, .format = SB_FORMAT_TEXT, .audience = SB_AUDIENCE_SELF };
	S_args o = { 0 };
	int rc = S_options(&j, &o, argc, argv);
	if (!rc && !o.stop && !(rc = S_check(&j, &o, argc, argv)) && !(rc = S_prepare(&j, &o)))
		rc = S_reports(&j, &o);
	sb_import_free(&o.im);
	return rc;
}

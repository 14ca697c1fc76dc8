/* SPDX-License-Identifier: MIT */
/* cmd_assess.c — `securebase assess`: the questionnaire one statement at a time in the terminal
 * (or one answer per line from a pipe), saved after every answer, ending with the person's
 * report on screen and saved where they ask. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "data/answers.h"
#include "cli/cli.h"
#include "cli/outformat.h"
#include "cli/assess/cli_assess.h"
#include "cli/cli_term.h"
#include "data/outfile.h"
#include "render/render.h"
#include "report/report.h"
#include "score/score.h"
#include "data/session.h"
#include "base/textwidth.h"

static const char S_help[] =
	"Usage: securebase assess [--resume] [--id ID] [--save-answers FILE.csv]\n"
	"                         [--report FILE [--format FORMAT]]\n"
	"\n"
	"Answer the questionnaire one statement at a time, then read your report. Your answers\n"
	"stay on this computer. Progress is saved after every answer (mode 0600) in\n"
	"$XDG_STATE_HOME/securebase/BANK.session (default ~/.local/state/securebase/), so you\n"
	"can pause and carry on later; a finished session removes that file.\n"
	"\n"
	"  --resume             continue a paused session without asking\n"
	"  --id ID              the respondent id in the report and the answers row\n"
	"                       (default: a new one, sb-YYYYMMDD-HHMMSS-XXXX)\n"
	"  --save-answers FILE  add the answers as one row to FILE, an answers CSV (created\n"
	"                       with its header; an existing file must have the same header)\n"
	"  --report FILE        save the report to FILE ('-': standard output)\n"
	"  --format FORMAT      the format of --report: text, md, html, pdf or json\n"
	"                       (default: from FILE's extension)\n"
	"  -h, --help           this help\n"
	"\n"
	"Keys: the numbers of the response scale answer; b or Left goes back (the earlier answer\n"
	"is shown and can be changed); Enter or Right keeps it; s skips; ? shows the keys; q\n"
	"pauses. Ctrl-C also stops with the answers kept. At the end the report is shown and you\n"
	"are offered to save it (HTML, PDF or Markdown) and your answers (a CSV row).\n"
	"\n"
	"Without a terminal (standard input a pipe or a file): one answer per line, a number or\n"
	"an empty line to skip; the first line answers the first statement. Statements and\n"
	"messages go to standard error, the text report to standard output. A line that is not\n"
	"an answer is reported and the same statement asked again. When the input ends early\n"
	"the session is paused (saved; --resume continues it) and the exit status is 0.\n"
	"\n"
	"Exit status: 0 finished or paused; 64 usage, or a paused session exists and standard\n"
	"input is not a terminal (add --resume); 65 the paused session cannot be used (another\n"
	"version of the questionnaire, or damaged: it is kept as it is), --save-answers names a\n"
	"file with another header, or some input lines were not answers; 69 PDF not built in;\n"
	"73 progress or a file cannot be saved, or another assess is running; 74 I/O error;\n"
	"128+N stopped by signal N (the answers are kept).\n";

/* Longest line read in line mode. */
#define S_LINE_MAX 4096
/* Largest state file read back. */
#define S_STATE_MAX (16u * 1024 * 1024)

/* ---- small helpers ---------------------------------------------------------------------- */

void sb_assess_time(long long t, const char *fmt, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm) || strftime(out, n, fmt, &tm) == 0)
		snprintf(out, n, "?");
}

/* A new respondent id: sb-YYYYMMDD-HHMMSS-XXXX, the last part random. */
static void S_new_id(long long started, char *out, size_t n)
{
	char when[32];
	unsigned short r = 0;
	sb_assess_time(started, "%Y%m%d-%H%M%S", when, sizeof when);
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
		r = (unsigned short)(getpid() ^ (started * 2654435761u));
	snprintf(out, n, "sb-%s-%04x", when, r);
}

/* ---- where the session is kept ---------------------------------------------------------- */

/* Creates every missing folder of path with mode 0700 (existing ones are left as they are). */
static int S_mkdirs(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		int rc = mkdir(path, 0700);
		int e = errno;
		*p = c;
		if (rc != 0 && e != EEXIST) {
			errno = e;
			return -1;
		}
		if (!c)
			break;
	}
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* Finds (and creates) the state folder and takes the lock that keeps two sessions from
 * writing the same file. 0, or an exit status after a message. */
static int S_state_open(sb_assess *x)
{
	sb_buf p = { 0 };
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
	}
	/* The XDG spec ignores a relative XDG_STATE_HOME. */
	if (xdg && xdg[0] == '/')
		sb_buf_printf(&p, "%s/securebase", xdg);
	else if (home)
		sb_buf_printf(&p, "%s/.local/state/securebase", home);
	else
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s",
		                   sb_tr(x->l, "找不到保存进度的地方：请设置 HOME 或 XDG_STATE_HOME。",
		                         "there is nowhere to keep your progress: set HOME or "
		                         "XDG_STATE_HOME"));
	if (p.failed)
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	x->state_dir = sb_buf_detach(&p, NULL);
	if (S_mkdirs(x->state_dir) != 0)
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s: %s", x->state_dir,
		                   sb_tr(x->l, "无法创建保存进度的文件夹",
		                         "cannot create the folder for your progress"),
		                   strerror(errno));
	sb_buf_printf(&p, "%s/%s.session", x->state_dir, x->b->id);
	x->state_path = sb_buf_detach(&p, NULL);
	/* Shown to people with ~ for the home folder: shorter, and no user name on screen. */
	size_t hl = home ? strlen(home) : 0;
	if (hl > 1 && strncmp(x->state_dir, home, hl) == 0 && x->state_dir[hl] == '/')
		sb_buf_printf(&p, "~%s/%s.session", x->state_dir + hl, x->b->id);
	else
		sb_buf_printf(&p, "%s/%s.session", x->state_dir, x->b->id);
	x->state_shown = sb_buf_detach(&p, NULL);
	if (!x->state_path || !x->state_shown)
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");

	x->lock_fd = open(x->state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (x->lock_fd < 0 || flock(x->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			return sb_cli_fail(
				x->c, EX_CANTCREAT, "%s",
				sb_tr(x->l,
				      "另一个 securebase assess 正在运行。"
				      "请先在那里完成或暂停（按 q），再重新开始。",
				      "another 'securebase assess' is running; finish or pause it there "
				      "(q) first"));
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s", x->state_dir, strerror(errno));
	}
	return 0;
}

/* Writes the session to its file, atomically and privately. Remembers a failure for the screen. */
void sb_assess_save_state(sb_assess *x)
{
	sb_buf out = { 0 };
	sb_diags d = { 0 };
	sb_status st = sb_session_write(x->s, &out);
	if (st == SB_OK)
		st = sb_out_save(x->state_path, out.data, out.len, &d);
	sb_free(x->save_error);
	x->save_error = NULL;
	if (st == SB_OK) {
		x->saved_once = true;
		x->save_failed = false;
		x->saved_answered = sb_session_answered(x->s);
		x->saved_pos = x->s->pos;
	} else {
		char line[1024] = "out of memory";
		if (d.n)
			sb_diag_format(&d.v[0], line, sizeof line);
		x->save_error = sb_strdup(line);
		x->save_failed = true;
		if (!x->tty)
			sb_cli_msg("securebase: %s: %s\n",
			        sb_tr(x->l, "无法保存进度", "cannot save your progress"), line);
	}
	sb_buf_free(&out);
	sb_diags_free(&d);
}

static void S_state_remove(sb_assess *x)
{
	if (unlink(x->state_path) != 0 && errno != ENOENT)
		sb_cli_msg("securebase: %s: %s\n", x->state_path, strerror(errno));
	x->saved_once = false;
}

/* Reads a paused session, if there is one. 0 with x->s set or not; otherwise an exit status
 * after a message that says the file is kept. */
static int S_state_load(sb_assess *x)
{
	int fd = open(x->state_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return sb_cli_fail(x->c, EX_NOINPUT, "%s: %s", x->state_path, strerror(errno));
	}
	sb_buf data = { 0 };
	sb_diags d = { 0 };
	int rc = 0;
	for (;;) {
		char *p = sb_buf_reserve(&data, 65536);
		if (!p) {
			rc = sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
			goto done;
		}
		ssize_t n = read(fd, p, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sb_cli_fail(x->c, EX_IOERR, "%s: %s", x->state_path, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		data.len += (size_t)n;
		data.data[data.len] = '\0';
		if (data.len > S_STATE_MAX) {
			sb_diags_add(&d, x->state_path, 0, 0, "the file is too large to be a session");
			break;
		}
	}
	sb_session *s = NULL;
	sb_status st = d.n ? SB_ERR_DATA
	                   : sb_session_parse(data.data ? data.data : "", data.len, x->state_path,
	                                      &s, &d);
	if (st == SB_OK)
		st = sb_session_check(s, x->b, x->state_path, &d);
	if (st == SB_ERR_INTERNAL) {
		rc = sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	} else if (st != SB_OK) {
		bool other_version = s && strcmp(s->bank_id, x->b->id) == 0 &&
		                     strcmp(s->bank_version, x->b->version) != 0;
		sb_cli_print_diags(&d);
		if (other_version && x->l == SB_LANG_ZH)
			sb_cli_msg(
			        "securebase: 这份暂停的问卷是用题库 %s 的 %s 版作答的，"
			        "不能用现在的 %s 版继续。\n"
			        "securebase: 文件原样保留在 %s。用 --bank 指定当时的题库可以继续；"
			        "或者把这个文件移走、删除，再重新开始。\n",
			        x->b->id, s->bank_version, x->b->version, x->state_path);
		else if (other_version)
			sb_cli_msg(
			        "securebase: the paused session was answered with version %s of the "
			        "question bank '%s'; it cannot be continued with version %s.\n"
			        "securebase: the file is kept as it is: %s. Continue it with --bank "
			        "and that version of the bank, or move or delete the file to start "
			        "afresh.\n",
			        s->bank_version, x->b->id, x->b->version, x->state_path);
		else
			sb_cli_msg(
			        sb_tr(x->l,
			              "securebase: 无法读取暂停的问卷。文件原样保留在 %s；"
			              "把它移走或删除后即可重新开始。\n",
			              "securebase: the paused session cannot be read. The file is kept "
			              "as it is: %s. Move or delete it to start afresh.\n"),
			        x->state_path);
		rc = EX_DATAERR;
	} else {
		x->s = s;
		s = NULL;
		x->saved_once = true;
		x->saved_answered = sb_session_answered(x->s);
		x->saved_pos = x->s->pos;
	}
	sb_session_free(s);
done:
	close(fd);
	sb_buf_free(&data);
	sb_diags_free(&d);
	return rc;
}

static int S_session_new(sb_assess *x)
{
	sb_diags d = { 0 };
	long long now = (long long)time(NULL);
	char id[64];
	if (!x->id)
		S_new_id(now, id, sizeof id);
	sb_session_free(x->s);
	x->s = NULL;
	sb_status st = sb_session_new(x->b, now, x->id ? x->id : id, &x->s, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	x->saved_once = false;
	return rc;
}

/* ---- the answers CSV and the report files ----------------------------------------------- */

/* Reads a whole regular file (NULL and errno when it cannot be read). */
static char *S_slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	sb_buf b = { 0 };
	for (;;) {
		char *p = sb_buf_reserve(&b, 65536);
		ssize_t n = p ? read(fd, p, 65536) : -1;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			if (n < 0 || b.failed) {
				sb_buf_free(&b);
				errno = p ? e : ENOMEM;
				return NULL;
			}
			if (!b.data)
				sb_buf_puts(&b, "");
			return sb_buf_detach(&b, len);
		}
		b.len += (size_t)n;
		b.data[b.len] = '\0';
	}
}

typedef enum { S_CSV_NEW, S_CSV_APPEND, S_CSV_DIRECT, S_CSV_OTHER_HEADER, S_CSV_UNREADABLE } S_csv;

/* What saving a row to path would do; *content gets the file's bytes for S_CSV_APPEND. */
static S_csv S_csv_probe(const sb_assess *x, const char *path, char **content, size_t *len)
{
	*content = NULL;
	*len = 0;
	struct stat st;
	if (strcmp(path, "-") == 0)
		return S_CSV_DIRECT;
	if (stat(path, &st) != 0)
		return errno == ENOENT ? S_CSV_NEW : S_CSV_UNREADABLE;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return S_CSV_UNREADABLE;
	}
	if (!S_ISREG(st.st_mode))
		return S_CSV_DIRECT;
	char *data = S_slurp(path, len);
	if (!data)
		return S_CSV_UNREADABLE;
	if (*len == 0) {
		sb_free(data);
		return S_CSV_NEW;
	}
	/* Compare the first record with our header, allowing a BOM, CRLF and quoted names (item
	 * ids hold no quotes, so dropping them is safe). */
	sb_buf want = { 0 }, have = { 0 };
	sb_answers_write_header(x->b, &want);
	const char *p = data;
	if (*len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (; *p && *p != '\n' && *p != '\r'; p++)
		if (*p != '"')
			sb_buf_putc(&have, *p);
	sb_buf_putc(&have, '\n');
	bool same = want.data && have.data && !want.failed && !have.failed &&
	            strcmp(want.data, have.data) == 0;
	sb_buf_free(&want);
	sb_buf_free(&have);
	if (!same) {
		sb_free(data);
		return S_CSV_OTHER_HEADER;
	}
	*content = data;
	return S_CSV_APPEND;
}

/* Appends the answers row to path (creating it with the header). 0, or an exit status after a
 * message. *appended tells which it was. */
int sb_assess_save_answers(sb_assess *x, const char *path, bool *appended)
{
	char *old = NULL;
	size_t old_len = 0;
	S_csv kind = S_csv_probe(x, path, &old, &old_len);
	*appended = kind == S_CSV_APPEND;
	if (kind == S_CSV_OTHER_HEADER)
		return sb_cli_fail(x->c, EX_DATAERR, "%s: %s", path,
		                   sb_tr(x->l, "这个文件的表头和本问卷的不同，没有写入。请换一个文件名。",
		                         "this file has another header than this questionnaire's; "
		                         "nothing was written. Choose another file."));
	if (kind == S_CSV_UNREADABLE)
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s", path, strerror(errno));
	sb_buf out = { 0 };
	if (kind == S_CSV_APPEND) {
		sb_buf_put(&out, old, old_len);
		if (old_len && old[old_len - 1] != '\n')
			sb_buf_putc(&out, '\n');
	} else {
		sb_answers_write_header(x->b, &out);
	}
	sb_answers_write_row(x->b, x->s->respondent, x->s->answers, &out);
	sb_free(old);
	sb_diags d = { 0 };
	sb_status st = out.failed ? SB_ERR_INTERNAL : sb_out_save(path, out.data, out.len, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	if (st == SB_ERR_INTERNAL && !d.n)
		rc = sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	sb_buf_free(&out);
	sb_diags_free(&d);
	return rc;
}

int sb_assess_results(sb_assess *x)
{
	sb_diags d = { 0 };
	if (!x->have_res) {
		if (sb_result_init(&x->res, x->b) != SB_OK)
			return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
		x->have_res = true;
	}
	sb_score(x->b, x->s->answers, &x->res);
	sb_assess_time((long long)time(NULL), "%Y-%m-%d", x->date, sizeof x->date);
	sb_report_opts o = { .lang = x->l, .audience = SB_AUDIENCE_SELF,
		             .respondent = x->s->respondent, .date = x->date };
	sb_doc_free(x->doc);
	x->doc = NULL;
	sb_status st = sb_report_build(x->b, &x->res, x->s->answers, &o, &x->doc, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	return rc;
}

sb_status sb_assess_render(sb_assess *x, sb_format f, int width, sb_buf *out, sb_diags *d)
{
	if (f == SB_FORMAT_JSON) {
		sb_report_opts o = { .lang = x->l, .audience = SB_AUDIENCE_SELF,
			             .respondent = x->s->respondent, .date = x->date };
		return sb_report_json(x->b, &x->res, x->s->answers, &o, out, d);
	}
	sb_render_opts ro = { .width = width, .color = false, .unicode = x->c->utf8 };
	return sb_render(x->doc, f, &ro, out, d);
}

/* Renders and saves the report. 0, or an exit status after a message. */
int sb_assess_save_report(sb_assess *x, const char *path, sb_format f)
{
	sb_buf out = { 0 };
	sb_diags d = { 0 };
	sb_status st = sb_assess_render(x, f, 80, &out, &d);
	if (st == SB_OK && out.failed)
		st = SB_ERR_INTERNAL;
	if (st == SB_OK)
		st = sb_out_save(path, out.data ? out.data : "", out.len, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	if (st != SB_OK && !d.n)
		rc = sb_cli_fail(x->c, sb_status_exit(st), "out of memory");
	sb_buf_free(&out);
	sb_diags_free(&d);
	return rc;
}

/* The outputs asked for on the command line. 0 or the first failure's exit status. */
int sb_assess_save_requested(sb_assess *x)
{
	int rc = 0;
	if (x->report) {
		int r = sb_assess_save_report(x, x->report, x->report_format);
		if (r)
			rc = r;
	}
	if (x->save_answers) {
		bool appended;
		int r = sb_assess_save_answers(x, x->save_answers, &appended);
		if (r && !rc)
			rc = r;
	}
	return rc;
}

/* ---- line mode -------------------------------------------------------------------------- */

static void S_err(sb_assess *x, const char *s)
{
	sb_buf b = { 0 };
	sb_text_sanitize(&b, s, strlen(s), true);
	if (b.data)
		fputs(b.data, stderr);
	(void)x;
	sb_buf_free(&b);
}

static void S_line_legend(sb_assess *x, const sb_response_scale *r)
{
	sb_buf b = { 0 };
	sb_buf_puts(&b, sb_tr(x->l, "回答用数字：", "Answer with a number: "));
	for (int v = r->min; v <= r->max; v++)
		sb_buf_printf(&b, "%s%d %s", v == r->min ? "" : " · ", v,
		              sb_assess_text(x, &r->labels[v - r->min]));
	sb_buf_puts(&b, sb_tr(x->l, "；空行表示跳过。\n", "; an empty line skips.\n"));
	S_err(x, b.data ? b.data : "");
	sb_buf_free(&b);
}

static sb_assess_outcome S_lines(sb_assess *x)
{
	const sb_bank *b = x->b;
	bool quiet = x->c->quiet;
	size_t legend_for = SB_NONE;
	unsigned long lineno = 0;
	sb_buf line = { 0 };
	sb_assess_outcome out = SB_ASSESS_FINISHED;
	if (!quiet) {
		char head[1024];
		snprintf(head, sizeof head, "%s\n", sb_assess_text(x, &b->title));
		S_err(x, head);
		if (x->resumed) {
			snprintf(head, sizeof head,
			         sb_tr(x->l, "接着暂停的问卷，从第 %zu 句开始。\n",
			               "Carrying on with the paused session at statement %zu.\n"),
			         x->s->pos + 1);
			S_err(x, head);
		}
	}
	while (!sb_session_finished(x->s)) {
		const sb_item *it = &b->items[x->s->pos];
		const sb_response_scale *r = &b->responses[it->response];
		if (!quiet) {
			if (legend_for != it->response) {
				S_line_legend(x, r);
				legend_for = it->response;
			}
			char head[64];
			snprintf(head, sizeof head, "%zu/%zu. ", x->s->pos + 1, x->s->n_items);
			fputs(head, stderr);
			S_err(x, sb_assess_text(x, &it->text));
			fputc('\n', stderr);
		}
		bool too_long;
		sb_key k = sb_term_line(&line, S_LINE_MAX, &too_long);
		if (k.kind == SB_KEY_SIGNAL) {
			x->stop_sig = k.sig;
			out = SB_ASSESS_STOPPED;
			break;
		}
		if (k.kind == SB_KEY_EOF) {
			out = SB_ASSESS_PAUSED;
			break;
		}
		lineno++;
		int v = 0;
		sb_line_kind kind = too_long ? SB_LINE_NOT_NUMBER
		                             : sb_session_parse_line(line.data ? line.data : "", line.len,
		                                                     r->min, r->max, &v);
		if (kind == SB_LINE_VALUE || kind == SB_LINE_SKIP) {
			if (kind == SB_LINE_VALUE)
				sb_session_answer(x->s, b, v);
			else
				sb_session_skip(x->s);
			sb_assess_save_state(x);
			if (x->save_failed) { /* nothing more is asked that could not be kept */
				out = SB_ASSESS_UNSAVED;
				break;
			}
		} else {
			x->bad_lines++;
			char msg[512];
			sb_buf shown = { 0 };
			sb_text_sanitize(&shown, line.data ? line.data : "", line.len, false);
			const char *s = shown.data ? shown.data : "";
			bool range = kind == SB_LINE_OUT_OF_RANGE;
			if (x->l == SB_LANG_ZH)
				snprintf(msg, sizeof msg,
				         "securebase: 第 %lu 行：“%.40s”%s。第 %zu 句请用 %d 到 %d 的数字"
				         "回答，空行表示跳过。\n",
				         lineno, s, range ? "不在范围内" : "不是数字", x->s->pos + 1, r->min,
				         r->max);
			else
				snprintf(msg, sizeof msg,
				         "securebase: line %lu: '%.40s' is %s. Statement %zu again: answer "
				         "with a number from %d to %d, or an empty line to skip.\n",
				         lineno, s, range ? "out of range" : "not a number", x->s->pos + 1,
				         r->min, r->max);
			fputs(msg, stderr);
			sb_buf_free(&shown);
		}
	}
	sb_buf_free(&line);
	return out;
}

/* ---- the command ------------------------------------------------------------------------ */

static int S_options(sb_assess *x, int argc, char **argv, bool *help)
{
	static const struct option opts[] = {
		{ "resume", no_argument, NULL, 'r' },
		{ "id", required_argument, NULL, 'i' },
		{ "save-answers", required_argument, NULL, 'a' },
		{ "report", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL;
	int ch;
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': x->resume = true; break;
		case 'i': x->id = optarg; break;
		case 'a': x->save_answers = optarg; break;
		case 'o': x->report = optarg; break;
		case 'f': format = optarg; break;
		case 'h': *help = true; return 0;
		case ':':
			return sb_cli_usage(x->c, "assess", "option '%s' needs a value", argv[optind - 1]);
		default:
			return sb_cli_usage(x->c, "assess", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return sb_cli_usage(x->c, "assess", "unexpected argument '%s'", argv[optind]);
	if (x->id && !sb_respondent_valid(x->id))
		return sb_cli_usage(x->c, "assess",
		                    "--id takes 1 to %d bytes of text without control characters",
		                    SB_RESPONDENT_MAX);
	if (x->save_answers && !*x->save_answers)
		return sb_cli_usage(x->c, "assess", "--save-answers needs a file name");
	if (format && !x->report)
		return sb_cli_usage(x->c, "assess",
		                    "--format is the format of --report; give --report FILE too");
	if (x->report) {
		if (!*x->report)
			return sb_cli_usage(x->c, "assess", "--report needs a file name");
		/* '-' is standard output, text unless --format says otherwise; a file needs a
		 * format its name or --format gives */
		sb_outfmt of;
		int frc = sb_cli_outformat(x->c, "assess", format, x->report, SB_OUT_DOCS,
		                           strcmp(x->report, "-") == 0 ? SB_OUT_TEXT : -1, &of);
		if (frc)
			return frc;
		x->report_format = sb_outfmt_render(of);
	}
	return 0;
}

/* The command that finds this session again, as the user can type it: the program as it was
 * called when that is a path (./build/securebase before it is installed) and the one on PATH is
 * another or none; the same bank; --resume from a pipe. */
static void S_again(const sb_assess *x, char *cmd, size_t n)
{
	const char *prog = "securebase", *a0 = x->c->argv0;
	if (a0 && strchr(a0, '/')) {
		char *mine = realpath(a0, NULL), *found = NULL;
		const char *path = getenv("PATH");
		for (const char *p = path; p && *p && !found;) {
			const char *e = strchr(p, ':');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			char cand[4096];
			if (len && len + sizeof "/securebase" < sizeof cand) {
				memcpy(cand, p, len);
				memcpy(cand + len, "/securebase", sizeof "/securebase");
				found = access(cand, X_OK) == 0 ? realpath(cand, NULL) : NULL;
			}
			p = e ? e + 1 : p + len;
		}
		if (!found || !mine || strcmp(found, mine) != 0)
			prog = a0;
		free(mine);
		free(found);
	}
	snprintf(cmd, n, "%s%s%s assess%s", prog, x->c->bank_path ? " --bank " : "",
	         x->c->bank_path ? x->c->bank_path : "", x->tty ? "" : " --resume");
}

/* A closing note: wrapped on the terminal, or a diagnostic line on standard error. */
static void S_note(sb_assess *x, const char *msg)
{
	if (x->tty) {
		sb_buf w = { 0 };
		sb_term_size(&x->cols, &x->rows);
		sb_buf_putc(&w, '\n');
		sb_term_wrap(&w, msg, x->cols > 1 ? x->cols - 1 : 79, 0);
		if (w.data)
			sb_term_write(w.data, w.len);
		sb_buf_free(&w);
	} else {
		fputs("securebase: ", stderr);
		S_err(x, msg);
	}
}

/* The message when the session stops early, on the terminal or standard error. */
static void S_paused_note(sb_assess *x, bool stopped)
{
	char msg[2048], cmd[1024];
	size_t answered = sb_session_answered(x->s), n = x->s->n_items;
	S_again(x, cmd, sizeof cmd);
	if (!x->saved_once) {
		snprintf(msg, sizeof msg, "%s\n",
		         sb_tr(x->l, "还没有回答任何一句，所以没有保存什么。随时欢迎回来。",
		               "Nothing was answered yet, so nothing was saved. Come back any time."));
	} else if (x->l == SB_LANG_ZH) {
		snprintf(msg, sizeof msg,
		         "%s%zu 句中已回答 %zu 句，都保存在 %s。准备好了再运行 %s 接着答。\n",
		         stopped ? "已停下。" : "已暂停。", n, answered, x->state_shown, cmd);
	} else {
		snprintf(msg, sizeof msg,
		         "%s Your answers so far (%zu of %zu) are saved in %s. Run '%s' when you are "
		         "ready to carry on.\n",
		         stopped ? "Stopped." : "Paused.", answered, n, x->state_shown, cmd);
	}
	S_note(x, msg);
}

/* When the state file cannot be written: exactly what it holds and what it does not, on the
 * terminal or standard error. Returns 73. */
static int S_unsaved_note(sb_assess *x)
{
	char msg[3072], cmd[1024];
	size_t answered = sb_session_answered(x->s), n = x->s->n_items;
	const char *why = x->save_error ? x->save_error : "?";
	S_again(x, cmd, sizeof cmd);
	if (!x->saved_once) {
		if (x->l == SB_LANG_ZH)
			snprintf(msg, sizeof msg,
			         "已停下：无法保存进度（%s）。什么都没有保存：%zu 句中已回答的 %zu 句都不在 "
			         "%s 里，所以不再继续提问。\n", why, n, answered, x->state_shown);
		else
			snprintf(msg, sizeof msg,
			         "Stopped: your progress cannot be saved (%s). Nothing was saved: none of "
			         "your %zu answers (of %zu) is in %s, so no more statements were asked.\n",
			         why, answered, n, x->state_shown);
	} else if (x->l == SB_LANG_ZH) {
		snprintf(msg, sizeof msg,
		         "已停下：无法保存进度（%s）。%s 里保存的是上一次成功保存的内容：%zu 句中已回答 "
		         "%zu 句，用 %s 接着答时从第 %zu 句开始。没有保存的：在那之后的最后一步。\n",
		         why, x->state_shown, n, x->saved_answered, cmd, x->saved_pos + 1);
	} else {
		snprintf(msg, sizeof msg,
		         "Stopped: your progress cannot be saved (%s). Saved in %s, from the last save "
		         "that worked: %zu of %zu answers; '%s' carries on from statement %zu. Not "
		         "saved: your last step after that.\n",
		         why, x->state_shown, x->saved_answered, n, cmd, x->saved_pos + 1);
	}
	S_note(x, msg);
	return EX_CANTCREAT;
}

static int S_run(sb_assess *x)
{
	int rc = S_state_open(x);
	if (rc)
		return rc;
	/* Neither --report nor --save-answers may be the state file, the bank or each other. */
	sb_resources res = { .n = 0 };
	sb_res_output(&res, "the state file", x->state_path); /* written, even before it exists */
	sb_res_output(&res, "--report", x->report);
	sb_res_output(&res, "--save-answers", x->save_answers);
	if ((rc = sb_cli_resources(x->c, &res)) != 0)
		return rc;
	/* --save-answers that cannot take our row is refused now, not after the last answer. */
	if (x->save_answers) {
		char *old;
		size_t len;
		S_csv k = S_csv_probe(x, x->save_answers, &old, &len);
		sb_free(old);
		if (k == S_CSV_OTHER_HEADER)
			return sb_cli_fail(x->c, EX_DATAERR, "%s: %s", x->save_answers,
			                   sb_tr(x->l,
			                         "这个文件的表头和本问卷的不同"
			                         "（用 securebase template 可以看到本问卷的表头）",
			                         "this file has another header than this "
			                         "questionnaire's (securebase template prints it)"));
		if (k == S_CSV_UNREADABLE)
			return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s", x->save_answers, strerror(errno));
	}
	rc = S_state_load(x);
	if (rc)
		return rc;
	bool found = x->s != NULL;
	if (found && !x->tty && !x->resume)
		return sb_cli_usage(x->c, "assess",
		                    sb_tr(x->l,
		                          "%s 里有一份暂停的问卷。加上 --resume 接着答，"
		                          "或者删除这个文件后重新开始",
		                          "a paused session is saved in %s; add --resume to carry on with "
		                          "it, or delete the file to start afresh"),
		                    x->state_path);
	if (!found && x->resume)
		fprintf(stderr, "securebase: %s\n",
		        sb_tr(x->l, "没有找到暂停的问卷，开始一份新的。",
		              "no paused session was found; starting a new one"));
	if (found && x->id) {
		sb_diags d = { 0 };
		sb_status st = sb_session_set_respondent(x->s, x->id, &d);
		sb_diags_free(&d);
		if (st != SB_OK)
			return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	}

	sb_assess_outcome o;
	if (x->tty) {
		if (sb_term_start(STDIN_FILENO, x->ui_fd) != 0)
			return sb_cli_fail(x->c, EX_OSERR, "cannot set up the terminal: %s",
			                   strerror(errno));
		sb_term_raw(true);
		sb_term_alt_screen(true);
		sb_term_cursor(false);
		o = SB_ASSESS_FINISHED;
		if (found && !x->resume) {
			o = sb_assess_resume_prompt(x);
			if (o == SB_ASSESS_PAUSED) { /* start over */
				S_state_remove(x);
				rc = S_session_new(x);
				if (rc)
					return rc;
				found = false;
				o = SB_ASSESS_FINISHED;
			}
		}
		if (o == SB_ASSESS_FINISHED && !found) {
			if (!x->s && (rc = S_session_new(x)) != 0)
				return rc;
			o = sb_assess_welcome(x);
		} else if (o == SB_ASSESS_FINISHED) {
			x->resumed = x->resume;
		}
		if (o == SB_ASSESS_FINISHED)
			o = sb_assess_questions(x);
	} else {
		if (sb_term_start(STDIN_FILENO, STDERR_FILENO) != 0)
			return sb_cli_fail(x->c, EX_OSERR, "cannot set up signal handling: %s",
			                   strerror(errno));
		if (!found && (rc = S_session_new(x)) != 0)
			return rc;
		x->resumed = found;
		o = S_lines(x);
	}

	if (o == SB_ASSESS_UNSAVED) {
		sb_term_stop();
		return S_unsaved_note(x);
	}
	if (o == SB_ASSESS_LEFT || o == SB_ASSESS_PAUSED || o == SB_ASSESS_STOPPED) {
		if (x->s && x->saved_once)
			sb_assess_save_state(x);
		sb_term_stop();
		if (x->save_failed)
			return S_unsaved_note(x);
		S_paused_note(x, o == SB_ASSESS_STOPPED);
		return o == SB_ASSESS_STOPPED ? 128 + (x->stop_sig ? x->stop_sig : SIGINT) : 0;
	}

	/* Finished: the state stays until the results are shown and saved, so a window closed on
	 * the way loses nothing. */
	sb_assess_save_state(x);
	if (x->tty) {
		rc = sb_assess_end(x);
		sb_term_stop();
		if (x->stop_sig) {
			S_paused_note(x, true);
			return 128 + x->stop_sig;
		}
		if (rc)
			return rc;
		S_state_remove(x);
		char msg[256];
		snprintf(msg, sizeof msg, "\n%s\n",
		         sb_tr(x->l, "谢谢你花这些时间照顾自己。",
		               "Thank you for taking this time for yourself."));
		sb_assess_say(x, msg);
		return 0;
	}
	rc = sb_assess_results(x);
	if (rc)
		return rc;
	rc = sb_assess_save_requested(x);
	if (!(x->report && strcmp(x->report, "-") == 0)) {
		sb_buf text = { 0 };
		sb_diags d = { 0 };
		sb_status st = sb_assess_render(x, SB_FORMAT_TEXT, 80, &text, &d);
		int r = st == SB_OK ? sb_cli_stdout(x->c, text.data ? text.data : "", text.len)
		                    : sb_cli_status(x->c, st, &d);
		if (r && !rc)
			rc = r;
		sb_buf_free(&text);
		sb_diags_free(&d);
	}
	sb_term_stop();
	if (rc)
		return rc;
	S_state_remove(x);
	if (x->bad_lines) {
		if (x->l == SB_LANG_ZH)
			fprintf(stderr, "securebase: 有 %lu 行不是有效的回答（见上面的提示）；"
			        "对应的句子已重新询问。\n", x->bad_lines);
		else if (x->bad_lines == 1)
			fputs("securebase: 1 input line was not an answer (see above); that statement was "
			      "asked again.\n", stderr);
		else
			fprintf(stderr, "securebase: %lu input lines were not answers (see above); those "
			        "statements were asked again.\n", x->bad_lines);
		return EX_DATAERR;
	}
	return 0;
}

int cmd_assess(sb_cli *c, int argc, char **argv)
{
	sb_assess x = { .c = c, .l = c->lang, .lock_fd = -1 };
	bool help = false;
	int rc = S_options(&x, argc, argv, &help);
	if (rc || help)
		return rc ? rc : sb_cli_help(S_help);
	/* The answers are typed on standard input: a bank from there would take them. */
	sb_resources res = { .n = 0 };
	sb_res_input(&res, "typed answers", "-");
	rc = sb_cli_resources(c, &res);
	if (!rc)
		rc = sb_cli_bank(c, &x.b);
	if (rc)
		return rc;
	/* Full screen needs a terminal to read keys from and one to draw on; a dumb terminal gets
	 * the line mode, which sends no escape sequences. */
	const char *term = getenv("TERM");
	bool dumb = term && strcmp(term, "dumb") == 0;
	x.tty = c->stdin_tty && (c->stdout_tty || c->stderr_tty) && !dumb;
	x.ui_fd = c->stdout_tty ? STDOUT_FILENO : STDERR_FILENO;
	x.color = x.tty && !c->no_color;
	x.unicode = c->utf8;
	x.cols = 80;
	x.rows = 24;
	rc = S_run(&x);
	sb_term_stop();
	if (x.lock_fd >= 0)
		close(x.lock_fd);
	if (x.have_res)
		sb_result_free(&x.res);
	sb_doc_free(x.doc);
	sb_session_free(x.s);
	sb_free(x.state_dir);
	sb_free(x.state_path);
	sb_free(x.state_shown);
	sb_free(x.save_error);
	sb_buf_free(&x.scr);
	fflush(stderr);
	return rc;
}

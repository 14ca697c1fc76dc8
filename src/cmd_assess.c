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

#include "alloc.h"
#include "answers.h"
#include "cli.h"
#include "cli_term.h"
#include "outfile.h"
#include "render.h"
#include "report.h"
#include "score.h"
#include "session.h"

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

/* Seconds a statement takes, for the time estimate on the welcome screen. */
#define S_SECONDS_PER_ITEM 12.5
/* The widest text column on screen; longer lines are hard to read. */
#define S_MAX_TEXT 76
/* Longest line read in line mode, and longest path typed. */
#define S_LINE_MAX 4096
/* Largest state file read back. */
#define S_STATE_MAX (16u * 1024 * 1024)

typedef enum {
	S_FINISHED, /* every statement passed: go to the results */
	S_PAUSED,   /* q, Ctrl-D, or the end of piped input */
	S_LEFT,     /* left before anything was answered */
	S_STOPPED   /* a signal or Ctrl-C */
} S_outcome;

typedef struct {
	sb_cli *c;
	const sb_bank *b;
	sb_lang l;
	/* options */
	bool resume;
	const char *id, *save_answers, *report;
	sb_format report_format;
	/* the session and where it is kept */
	sb_session *s;
	char *state_dir, *state_path, *state_shown; /* state_shown: with ~ for $HOME */
	int lock_fd;
	bool saved_once;  /* a state file exists for this session */
	bool save_failed; /* the last save failed (shown on screen) */
	char *save_error;
	/* the terminal */
	bool tty;
	int ui_fd;
	bool color, unicode;
	int cols, rows;
	int stop_sig;
	const char *hint;
	char typed[16];   /* digits typed toward a number with more than one digit */
	bool resumed;     /* show "welcome back" on the first statement */
	sb_buf scr;
	/* line mode */
	unsigned long bad_lines;
	/* the results */
	sb_result res;
	bool have_res;
	sb_doc *doc;
	char date[16];
} S_ctx;

/* ---- small helpers ---------------------------------------------------------------------- */

static const char *S_t(const S_ctx *x, const sb_text *t)
{
	return sb_text_get(t, x->l);
}

/* The range text "1–7" (or "1-7" without UTF-8). */
static void S_range(const S_ctx *x, const sb_response_scale *r, char *out, size_t n)
{
	snprintf(out, n, "%d%s%d", r->min, x->unicode ? "–" : "-", r->max);
}

static void S_local_time(long long t, const char *fmt, char *out, size_t n)
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
	S_local_time(started, "%Y%m%d-%H%M%S", when, sizeof when);
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
		r = (unsigned short)(getpid() ^ (started * 2654435761u));
	snprintf(out, n, "sb-%s-%04x", when, r);
}

static void S_perror(S_ctx *x, const sb_diags *d)
{
	(void)x;
	sb_cli_print_diags(d);
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
static int S_state_open(S_ctx *x)
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
		return sb_cli_fail(x->c, EX_CANTCREAT,
		                   sb_tr(x->l, "找不到保存进度的地方：请设置 HOME 或 XDG_STATE_HOME。",
		                         "there is nowhere to keep your progress: set HOME or "
		                         "XDG_STATE_HOME"));
	if (p.failed)
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	x->state_dir = sb_buf_detach(&p, NULL);
	if (S_mkdirs(x->state_dir) != 0)
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s: %s", x->state_dir,
		                   sb_tr(x->l, "无法创建保存进度的文件夹", "cannot create the folder for your progress"),
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
			return sb_cli_fail(x->c, EX_CANTCREAT, "%s",
			                   sb_tr(x->l,
			                         "另一个 securebase assess 正在运行。请先在那里完成或暂停（按 q），再重新开始。",
			                         "another 'securebase assess' is running; finish or pause it "
			                         "there (q) first"));
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s", x->state_dir, strerror(errno));
	}
	return 0;
}

/* Writes the session to its file, atomically and privately. Remembers a failure for the screen. */
static void S_state_save(S_ctx *x)
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
	} else {
		char line[1024] = "out of memory";
		if (d.n)
			sb_diag_format(&d.v[0], line, sizeof line);
		x->save_error = sb_strdup(line);
		x->save_failed = true;
		if (!x->tty)
			fprintf(stderr, "securebase: %s: %s\n",
			        sb_tr(x->l, "无法保存进度", "cannot save your progress"), line);
	}
	sb_buf_free(&out);
	sb_diags_free(&d);
}

static void S_state_remove(S_ctx *x)
{
	if (unlink(x->state_path) != 0 && errno != ENOENT)
		fprintf(stderr, "securebase: %s: %s\n", x->state_path, strerror(errno));
	x->saved_once = false;
}

/* Reads a paused session, if there is one. 0 with x->s set or not; otherwise an exit status
 * after a message that says the file is kept. */
static int S_state_load(S_ctx *x)
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
		S_perror(x, &d);
		if (other_version)
			fprintf(stderr,
			        sb_tr(x->l,
			              "securebase: 这份暂停的问卷是用题库 %s 的 %s 版作答的，不能用现在的 %s 版继续。\n"
			              "securebase: 文件原样保留在 %s。用 --bank 指定当时的题库可以继续；"
			              "或者把这个文件移走、删除，再重新开始。\n",
			              "securebase: the paused session was answered with version %s of the "
			              "question bank '%s'; it cannot be continued with version %s.\n"
			              "securebase: the file is kept as it is: %s. Continue it with --bank and "
			              "that version of the bank, or move or delete the file to start "
			              "afresh.\n"),
			        x->l == SB_LANG_ZH ? x->b->id : s->bank_version,
			        x->l == SB_LANG_ZH ? s->bank_version : x->b->id, x->b->version,
			        x->state_path);
		else
			fprintf(stderr,
			        sb_tr(x->l,
			              "securebase: 无法读取暂停的问卷。文件原样保留在 %s；把它移走或删除后即可重新开始。\n",
			              "securebase: the paused session cannot be read. The file is kept as it "
			              "is: %s. Move or delete it to start afresh.\n"),
			        x->state_path);
		rc = EX_DATAERR;
	} else {
		x->s = s;
		s = NULL;
		x->saved_once = true;
	}
	sb_session_free(s);
done:
	close(fd);
	sb_buf_free(&data);
	sb_diags_free(&d);
	return rc;
}

static int S_session_new(S_ctx *x)
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
static S_csv S_csv_probe(const S_ctx *x, const char *path, char **content, size_t *len)
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
static int S_save_answers(S_ctx *x, const char *path, bool *appended)
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

/* The format a report file name asks for; 0, or -1 when the extension says nothing. */
static int S_format_from_name(const char *path, sb_format *f)
{
	static const struct {
		const char *ext;
		sb_format f;
	} map[] = {
		{ ".txt", SB_FORMAT_TEXT }, { ".text", SB_FORMAT_TEXT }, { ".md", SB_FORMAT_MD },
		{ ".markdown", SB_FORMAT_MD }, { ".html", SB_FORMAT_HTML }, { ".htm", SB_FORMAT_HTML },
		{ ".pdf", SB_FORMAT_PDF },  { ".json", SB_FORMAT_JSON },
	};
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return -1;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strcasecmp(dot, map[i].ext) == 0) {
			*f = map[i].f;
			return 0;
		}
	}
	return -1;
}

static int S_results(S_ctx *x)
{
	sb_diags d = { 0 };
	if (!x->have_res) {
		if (sb_result_init(&x->res, x->b) != SB_OK)
			return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
		x->have_res = true;
	}
	sb_score(x->b, x->s->answers, &x->res);
	S_local_time((long long)time(NULL), "%Y-%m-%d", x->date, sizeof x->date);
	sb_report_opts o = { .lang = x->l, .audience = SB_AUDIENCE_SELF,
		             .respondent = x->s->respondent, .date = x->date };
	sb_doc_free(x->doc);
	x->doc = NULL;
	sb_status st = sb_report_build(x->b, &x->res, x->s->answers, &o, &x->doc, &d);
	int rc = st == SB_OK ? 0 : sb_cli_status(x->c, st, &d);
	sb_diags_free(&d);
	return rc;
}

static sb_status S_render(S_ctx *x, sb_format f, int width, sb_buf *out, sb_diags *d)
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
static int S_save_report(S_ctx *x, const char *path, sb_format f)
{
	sb_buf out = { 0 };
	sb_diags d = { 0 };
	sb_status st = S_render(x, f, 80, &out, &d);
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
static int S_save_requested(S_ctx *x)
{
	int rc = 0;
	if (x->report) {
		int r = S_save_report(x, x->report, x->report_format);
		if (r)
			rc = r;
	}
	if (x->save_answers) {
		bool appended;
		int r = S_save_answers(x, x->save_answers, &appended);
		if (r && !rc)
			rc = r;
	}
	return rc;
}

/* ---- drawing on the terminal ------------------------------------------------------------ */

#define S_BOLD(x) ((x)->color ? "\033[1m" : "")
#define S_DIM(x) ((x)->color ? "\033[2m" : "")
#define S_ACCENT(x) ((x)->color ? "\033[36m" : "")
#define S_OFF(x) ((x)->color ? "\033[0m" : "")

/* The width text is wrapped to (with the left margin of 2). */
static int S_text_width(const S_ctx *x)
{
	int w = x->cols - 1;
	return w > S_MAX_TEXT + 2 ? S_MAX_TEXT + 2 : w;
}

static void S_clear(S_ctx *x)
{
	sb_term_size(&x->cols, &x->rows);
	sb_buf_reset(&x->scr);
	sb_buf_puts(&x->scr, "\033[H\033[2J");
}

static void S_flush(S_ctx *x)
{
	if (x->scr.len)
		sb_term_write(x->scr.data, x->scr.len);
	sb_buf_reset(&x->scr);
}

static void S_para(S_ctx *x, const char *style, const char *text)
{
	sb_buf_puts(&x->scr, style);
	sb_term_wrap(&x->scr, text, S_text_width(x), 2);
	if (*style)
		sb_buf_puts(&x->scr, S_OFF(x));
}

/* A line with a fixed-width prefix (a key, a number) and text wrapped beside it. */
static void S_hanging(S_ctx *x, const char *prefix, int prefix_cols, const char *text,
                      const char *style)
{
	int pw = sb_term_width(prefix, strlen(prefix));
	sb_buf w = { 0 };
	sb_term_wrap(&w, text, S_text_width(x), prefix_cols);
	const char *t = w.data ? w.data : "\n";
	size_t skip = 0;
	while (skip < (size_t)prefix_cols && t[skip] == ' ')
		skip++;
	sb_buf_puts(&x->scr, prefix);
	for (int i = pw; i < prefix_cols; i++)
		sb_buf_putc(&x->scr, ' ');
	sb_buf_puts(&x->scr, style);
	/* The first line, then the rest (already indented). */
	const char *nl = strchr(t + skip, '\n');
	size_t first = nl ? (size_t)(nl - (t + skip)) : strlen(t + skip);
	sb_buf_put(&x->scr, t + skip, first);
	if (*style)
		sb_buf_puts(&x->scr, S_OFF(x));
	sb_buf_puts(&x->scr, "\n");
	if (nl && nl[1]) {
		sb_buf_puts(&x->scr, style);
		sb_buf_puts(&x->scr, nl + 1);
		if (*style)
			sb_buf_puts(&x->scr, S_OFF(x));
	}
	sb_buf_free(&w);
}

static void S_progress(S_ctx *x)
{
	size_t n = x->s->n_items, at = x->s->pos < n ? x->s->pos + 1 : n;
	char count[48];
	snprintf(count, sizeof count, "%zu / %zu", at, n);
	int bar = S_text_width(x) - 2 - (int)strlen(count) - 2;
	if (bar > 40)
		bar = 40;
	sb_buf_printf(&x->scr, "  %s%s%s", S_BOLD(x), count, S_OFF(x));
	if (bar >= 8) {
		int filled = (int)((double)bar * (double)x->s->pos / (double)n + 0.5);
		sb_buf_printf(&x->scr, "  %s", S_ACCENT(x));
		for (int i = 0; i < bar; i++) {
			if (i == filled)
				sb_buf_printf(&x->scr, "%s%s", S_OFF(x), S_DIM(x));
			sb_buf_puts(&x->scr, x->unicode ? (i < filled ? "█" : "░") : (i < filled ? "#" : "-"));
		}
		sb_buf_puts(&x->scr, S_OFF(x));
	}
	sb_buf_puts(&x->scr, "\n\n");
}

/* The keys line under a statement. */
static void S_keys_line(S_ctx *x, const sb_response_scale *r)
{
	char range[32], line[256];
	S_range(x, r, range, sizeof range);
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "%s 作答 · b%s 返回 · s 跳过 · ? 按键说明 · q 暂停", range,
		         x->unicode ? "/←" : "");
	else
		snprintf(line, sizeof line, "%s answer · b%s back · s skip · ? keys · q pause", range,
		         x->unicode ? "/←" : "");
	S_para(x, S_DIM(x), line);
}

static void S_draw_hint(S_ctx *x)
{
	if (x->save_failed && x->save_error) {
		char line[1200];
		snprintf(line, sizeof line, "%s %s",
		         sb_tr(x->l, "注意：进度没能保存。", "Note: your progress could not be saved."),
		         x->save_error);
		S_para(x, S_BOLD(x), line);
	}
	if (x->hint)
		S_para(x, S_BOLD(x), x->hint);
}

static void S_draw_welcome(S_ctx *x)
{
	const sb_bank *b = x->b;
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), S_t(x, &b->title));
	sb_buf_puts(&x->scr, "\n");
	S_para(x, "", S_t(x, &b->texts.about));
	sb_buf_puts(&x->scr, "\n");
	S_para(x, "", S_t(x, &b->texts.instructions));
	sb_buf_puts(&x->scr, "\n");
	char line[1024];
	int minutes = (int)((double)b->n_items * S_SECONDS_PER_ITEM / 60.0 + 0.5);
	if (minutes < 1)
		minutes = 1;
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "共 %zu 句，大约 %d 分钟。", b->n_items, minutes);
	else
		snprintf(line, sizeof line, "%zu statements, about %d minute%s.", b->n_items, minutes,
		         minutes == 1 ? "" : "s");
	S_para(x, "", line);
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line,
		         "你的回答只留在这台电脑上。每答一句，进度都会保存到 %s（只有你能读取），"
		         "所以随时可以暂停，之后再接着答。",
		         x->state_shown);
	else
		snprintf(line, sizeof line,
		         "Your answers stay on this computer. Progress is saved after every answer in "
		         "%s (readable by you alone), so you can pause at any time and carry on later.",
		         x->state_shown);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	const sb_response_scale *r = &b->responses[b->items[0].response];
	char range[32];
	S_range(x, r, range, sizeof range);
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line,
		         "按键：%s 作答（按一下就好，不用回车）· b 或 ← 返回上一句 · s 跳过 · ? 按键说明 · q 暂停",
		         range);
	else
		snprintf(line, sizeof line,
		         "Keys: %s answer (one key press, no Enter needed) · b or ← go back · s skip · "
		         "? keys · q pause",
		         range);
	if (!x->unicode) {
		char *arrow = strstr(line, " ← ");
		if (arrow)
			memcpy(arrow, " < ", 3), memmove(arrow + 3, arrow + 5, strlen(arrow + 5) + 1);
	}
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_tr(x->l, "准备好了就按回车开始。（按 q 离开）",
	                            "Press Enter when you are ready to begin. (q leaves)"));
	S_draw_hint(x);
	S_flush(x);
}

static void S_draw_resume(S_ctx *x)
{
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), S_t(x, &x->b->title));
	sb_buf_puts(&x->scr, "\n");
	char when[64], line[512];
	S_local_time(x->s->started, "%Y-%m-%d %H:%M", when, sizeof when);
	size_t answered = sb_session_answered(x->s), n = x->s->n_items;
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "欢迎回来。你在 %s 开始的问卷暂停在这里：%zu 句中已回答 %zu 句。",
		         when, n, answered);
	else
		snprintf(line, sizeof line,
		         "Welcome back. You have a paused session, started %s, with %zu of %zu "
		         "statements answered.",
		         when, answered, n);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	size_t at = x->s->pos < n ? x->s->pos + 1 : n;
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "从第 %zu 句接着答", at);
	else if (x->s->pos < n)
		snprintf(line, sizeof line, "carry on where you left off (statement %zu of %zu)", at, n);
	else
		snprintf(line, sizeof line, "carry on where you left off (your results)");
	S_hanging(x, sb_tr(x->l, "  回车或 r", "  Enter or r"), 16, line, "");
	S_hanging(x, "  n", 16, sb_tr(x->l, "重新开始（已保存的回答会被删除）",
	                             "start over (the saved answers will be deleted)"), "");
	S_hanging(x, "  q", 16, sb_tr(x->l, "先离开", "leave for now"), "");
	sb_buf_puts(&x->scr, "\n");
	S_draw_hint(x);
	S_flush(x);
}

static void S_draw_confirm_restart(S_ctx *x)
{
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	char line[256];
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "要重新开始吗？已保存的 %zu 个回答会被删除。",
		         sb_session_answered(x->s));
	else
		snprintf(line, sizeof line, "Start over? The %zu saved answers will be deleted.",
		         sb_session_answered(x->s));
	S_para(x, S_BOLD(x), line);
	sb_buf_puts(&x->scr, "\n");
	S_hanging(x, "  y", 8, sb_tr(x->l, "是的，重新开始", "yes, start over"), "");
	S_hanging(x, "  n", 8, sb_tr(x->l, "不，回到上一步", "no, go back"), "");
	S_flush(x);
}

static void S_draw_item(S_ctx *x)
{
	const sb_bank *b = x->b;
	const sb_item *it = &b->items[x->s->pos];
	const sb_response_scale *r = &b->responses[it->response];
	int earlier = x->s->answers[x->s->pos];
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_progress(x);
	S_para(x, S_BOLD(x), S_t(x, &it->text));
	sb_buf_puts(&x->scr, "\n");
	char a[16], b_[16];
	snprintf(a, sizeof a, "%d", r->min);
	snprintf(b_, sizeof b_, "%d", r->max);
	int digits = (int)(strlen(a) > strlen(b_) ? strlen(a) : strlen(b_));
	for (int v = r->min; v <= r->max; v++) {
		char prefix[64];
		bool mine = v == earlier;
		snprintf(prefix, sizeof prefix, "  %s %*d", mine ? (x->unicode ? "▸" : ">") : " ",
		         digits, v);
		S_hanging(x, prefix, 4 + digits + 2, S_t(x, &r->labels[v - r->min]),
		          mine ? S_BOLD(x) : "");
	}
	sb_buf_puts(&x->scr, "\n");
	char line[512];
	if (x->typed[0]) {
		if (x->l == SB_LANG_ZH)
			snprintf(line, sizeof line, "已输入 %s：按回车确认，或继续输入。", x->typed);
		else
			snprintf(line, sizeof line, "You typed %s: press Enter to answer %s, or type on.",
			         x->typed, x->typed);
		S_para(x, S_BOLD(x), line);
	} else if (x->resumed) {
		S_para(x, "", sb_tr(x->l, "欢迎回来，从这里接着答。", "Welcome back. You are carrying on from here."));
	} else if (earlier != SB_MISSING) {
		if (x->l == SB_LANG_ZH)
			snprintf(line, sizeof line, "你之前的回答是 %d。按数字可以修改，按回车或 → 保留。",
			         earlier);
		else
			snprintf(line, sizeof line,
			         "Your earlier answer was %d. Press a number to change it, or Enter or → to "
			         "keep it.",
			         earlier);
		if (!x->unicode) {
			char *arrow = strstr(line, "→");
			if (arrow)
				memmove(arrow + 1, arrow + 3, strlen(arrow + 3) + 1), *arrow = '>';
		}
		S_para(x, "", line);
	}
	S_keys_line(x, r);
	S_draw_hint(x);
	S_flush(x);
}

static void S_draw_help(S_ctx *x)
{
	const sb_response_scale *r = &x->b->responses[x->b->items[x->s->pos < x->s->n_items
	                                                            ? x->s->pos : 0].response];
	char range[32], line[512];
	S_range(x, r, range, sizeof range);
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_tr(x->l, "按键说明", "Keys"));
	sb_buf_puts(&x->scr, "\n");
	char k[64];
	snprintf(k, sizeof k, "  %s", range);
	S_hanging(x, k, 14, sb_tr(x->l, "用这个数字作答，然后进入下一句（不用按回车）",
	                          "answer with that number and go on to the next statement (no "
	                          "Enter needed)"), "");
	S_hanging(x, x->unicode ? sb_tr(x->l, "  b 或 ←", "  b or ←") : "  b", 14,
	          sb_tr(x->l, "回到上一句；之前的回答会显示出来，可以修改",
	                "go back one statement; your earlier answer is shown and can be changed"), "");
	S_hanging(x, x->unicode ? sb_tr(x->l, "  回车或 →", "  Enter or →") : "  Enter", 14,
	          sb_tr(x->l, "保留显示的回答，继续", "keep the answer shown and go on"), "");
	S_hanging(x, "  s", 14, sb_tr(x->l, "跳过这一句（留空不答）", "skip this statement (it stays unanswered)"), "");
	S_hanging(x, "  ?", 14, sb_tr(x->l, "这份说明", "these keys"), "");
	S_hanging(x, "  q", 14, sb_tr(x->l, "暂停：回答都已保存，再运行 securebase assess 就能接着答",
	                              "pause: your answers are saved; run securebase assess again to "
	                              "carry on"), "");
	S_hanging(x, "  Ctrl-C", 14, sb_tr(x->l, "同样会停下，回答都会保留", "also stops, with your answers kept"), "");
	sb_buf_puts(&x->scr, "\n");
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "每答一句，进度都会保存到 %s。", x->state_shown);
	else
		snprintf(line, sizeof line, "Your progress is saved after every answer in %s.",
		         x->state_shown);
	S_para(x, "", line);
	sb_buf_puts(&x->scr, "\n");
	S_para(x, S_BOLD(x), sb_tr(x->l, "按任意键回到问卷。", "Press any key to go back to the statement."));
	S_flush(x);
}

static void S_draw_end(S_ctx *x)
{
	size_t n = x->s->n_items, answered = sb_session_answered(x->s);
	char line[512];
	S_clear(x);
	sb_buf_puts(&x->scr, "\n");
	S_progress(x);
	S_para(x, S_BOLD(x), sb_tr(x->l, "这是最后一句了。谢谢你认真作答。",
	                            "That was the last statement. Thank you."));
	sb_buf_puts(&x->scr, "\n");
	if (x->l == SB_LANG_ZH)
		snprintf(line, sizeof line, "%zu 句中你回答了 %zu 句，跳过了 %zu 句。", n, answered,
		         n - answered);
	else
		snprintf(line, sizeof line, "You answered %zu of %zu statements; %zu %s skipped.",
		         answered, n, n - answered, n - answered == 1 ? "was" : "were");
	S_para(x, "", line);
	if (answered < n)
		S_para(x, "", sb_tr(x->l, "跳过太多句子的量表不会计分。想补答的话，可以按 b 返回。",
		                    "A scale with too many skipped statements is not scored. Press b "
		                    "to go back if you would like to answer them."));
	sb_buf_puts(&x->scr, "\n");
	S_hanging(x, sb_tr(x->l, "  回车", "  Enter"), 12, sb_tr(x->l, "查看结果", "see your results"), S_BOLD(x));
	S_hanging(x, x->unicode ? sb_tr(x->l, "  b 或 ←", "  b or ←") : "  b", 12,
	          sb_tr(x->l, "返回修改", "go back and change an answer"), "");
	S_hanging(x, "  q", 12, sb_tr(x->l, "暂停，以后再看", "pause and come back later"), "");
	S_draw_hint(x);
	S_flush(x);
}

/* ---- the questionnaire in the terminal -------------------------------------------------- */

/* What the digits typed so far mean for r: 0 nothing in range starts so; 1 a complete answer
 * no longer one extends (answer now); 2 the start of one only; 3 complete, and also the start
 * of a longer one (wait for Enter or another digit). */
static int S_typed(const char *t, const sb_response_scale *r, int *value)
{
	bool complete = false, prefix = false;
	size_t n = strlen(t);
	for (int v = r->min; v <= r->max; v++) {
		char s[16];
		snprintf(s, sizeof s, "%d", v);
		if (strcmp(s, t) == 0) {
			complete = true;
			*value = v;
		} else if (strncmp(s, t, n) == 0) {
			prefix = true;
		}
	}
	return complete ? (prefix ? 3 : 1) : (prefix ? 2 : 0);
}

static const char *S_hint_answer(S_ctx *x, const sb_response_scale *r)
{
	static char buf[256];
	if (x->l == SB_LANG_ZH)
		snprintf(buf, sizeof buf, "请按 %d 到 %d 之间的数字作答，或按 s 跳过、? 查看按键。",
		         r->min, r->max);
	else
		snprintf(buf, sizeof buf,
		         "Press a number from %d to %d to answer, s to skip, or ? for the keys.", r->min,
		         r->max);
	return buf;
}

static void S_answered(S_ctx *x)
{
	x->typed[0] = '\0';
	x->hint = NULL;
	x->resumed = false;
	S_state_save(x);
}

/* Waits for a key, redrawing with draw() whenever the window changes. */
static sb_key S_key(S_ctx *x, void (*draw)(S_ctx *))
{
	for (;;) {
		sb_key k = sb_term_key(-1);
		if (k.kind == SB_KEY_RESIZE) {
			if (draw)
				draw(x);
			continue;
		}
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
			x->stop_sig = k.sig;
		return k;
	}
}

/* The statements, from the current position to the end screen. */
static S_outcome S_questions(S_ctx *x)
{
	const sb_bank *b = x->b;
	for (;;) {
		bool at_end = sb_session_finished(x->s);
		void (*draw)(S_ctx *) = at_end ? S_draw_end : S_draw_item;
		draw(x);
		sb_key k = S_key(x, draw);
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
			return S_STOPPED;
		if (k.kind == SB_KEY_EOF || (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q')))
			return S_PAUSED;
		if (k.kind == SB_KEY_CHAR && k.ch == '?') {
			S_draw_help(x);
			k = S_key(x, S_draw_help);
			if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
				return S_STOPPED;
			continue;
		}
		bool back = k.kind == SB_KEY_LEFT || k.kind == SB_KEY_BACKSPACE ||
		            (k.kind == SB_KEY_CHAR && (k.ch == 'b' || k.ch == 'B'));
		if (back && x->typed[0]) {
			x->typed[0] = '\0';
			continue;
		}
		if (back) {
			if (sb_session_back(x->s)) {
				x->hint = NULL;
				x->resumed = false;
				S_state_save(x);
			} else {
				x->hint = sb_tr(x->l, "这已经是第一句了。", "This is the first statement.");
			}
			continue;
		}
		if (at_end) {
			if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_RIGHT)
				return S_FINISHED;
			x->hint = sb_tr(x->l, "按回车查看结果，按 b 返回，按 q 暂停。",
			                "Press Enter to see your results, b to go back, or q to pause.");
			continue;
		}
		const sb_response_scale *r = &b->responses[b->items[x->s->pos].response];
		bool digit = k.kind == SB_KEY_CHAR &&
		             ((k.ch >= '0' && k.ch <= '9') || (k.ch == '-' && r->min < 0 && !x->typed[0]));
		if (digit) {
			size_t n = strlen(x->typed);
			if (n + 1 < sizeof x->typed) {
				x->typed[n] = k.ch;
				x->typed[n + 1] = '\0';
			}
			int v = 0, what = S_typed(x->typed, r, &v);
			if (what == 1) {
				sb_session_answer(x->s, b, v);
				S_answered(x);
			} else if (what == 0) {
				x->typed[0] = '\0';
				x->hint = S_hint_answer(x, r);
			} else {
				x->hint = NULL;
			}
			continue;
		}
		if (k.kind == SB_KEY_ENTER && x->typed[0]) {
			int v = 0;
			if (S_typed(x->typed, r, &v) & 1) {
				sb_session_answer(x->s, b, v);
				S_answered(x);
			} else {
				x->typed[0] = '\0';
				x->hint = S_hint_answer(x, r);
			}
			continue;
		}
		if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_RIGHT) {
			if (sb_session_next(x->s))
				S_answered(x);
			else
				x->hint = S_hint_answer(x, r);
			continue;
		}
		if (k.kind == SB_KEY_CHAR && (k.ch == 's' || k.ch == 'S')) {
			sb_session_skip(x->s);
			S_answered(x);
			continue;
		}
		x->typed[0] = '\0';
		x->hint = S_hint_answer(x, r);
	}
}

/* Enter begins; q leaves; every other key is ignored so a stray press starts nothing. */
static S_outcome S_welcome(S_ctx *x)
{
	x->hint = NULL;
	for (;;) {
		S_draw_welcome(x);
		sb_key k = S_key(x, S_draw_welcome);
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
			return S_STOPPED;
		if (k.kind == SB_KEY_ENTER)
			return S_FINISHED;
		if (k.kind == SB_KEY_EOF || (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q')))
			return S_LEFT;
	}
}

/* A paused session was found: carry on (S_FINISHED), start over (S_PAUSED), leave, or stop. */
static S_outcome S_resume_prompt(S_ctx *x)
{
	x->hint = NULL;
	for (;;) {
		S_draw_resume(x);
		sb_key k = S_key(x, S_draw_resume);
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
			return S_STOPPED;
		if (k.kind == SB_KEY_ENTER || (k.kind == SB_KEY_CHAR && (k.ch == 'r' || k.ch == 'R')))
			return S_FINISHED;
		if (k.kind == SB_KEY_EOF || (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q')))
			return S_LEFT;
		if (k.kind == SB_KEY_CHAR && (k.ch == 'n' || k.ch == 'N')) {
			S_draw_confirm_restart(x);
			for (;;) {
				k = S_key(x, S_draw_confirm_restart);
				if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL)
					return S_STOPPED;
				if (k.kind == SB_KEY_CHAR && (k.ch == 'y' || k.ch == 'Y'))
					return S_PAUSED;
				if (k.kind == SB_KEY_CHAR && (k.ch == 'n' || k.ch == 'N'))
					break;
				if (k.kind == SB_KEY_ESC || k.kind == SB_KEY_EOF ||
				    (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q')))
					break;
			}
			continue;
		}
		x->hint = sb_tr(x->l, "按回车接着答，按 n 重新开始，按 q 离开。",
		                "Press Enter to carry on, n to start over, or q to leave.");
	}
}

/* ---- the end: summary, report, saving --------------------------------------------------- */

/* Text for people on the terminal, with anything that could drive it left out. */
static void S_out(S_ctx *x, const char *s)
{
	(void)x;
	sb_buf b = { 0 };
	sb_term_clean(&b, s, true);
	if (b.data)
		sb_term_write(b.data, b.len);
	sb_buf_free(&b);
}

/* The overview section of the report (charts and the leaning), then each scale's band. */
static void S_summary(S_ctx *x, int width)
{
	const sb_doc *full = x->doc;
	size_t start = full->n_blocks, end = full->n_blocks;
	for (size_t i = 0; i < full->n_blocks; i++) {
		const sb_block *bl = &full->blocks[i];
		if (bl->kind == SB_BLOCK_HEADING && bl->level == 1) {
			if (start == full->n_blocks) {
				start = i + 1;
			} else {
				end = i;
				break;
			}
		}
	}
	/* A view of those blocks: the same model, only not all of it (never freed itself). */
	sb_doc view = { .lang = full->lang };
	view.blocks = full->blocks + start;
	view.n_blocks = end - start;
	sb_doc *bands = sb_doc_new(x->l);
	if (bands) {
		sb_doc_heading(bands, 2, sb_tr(x->l, "各量表所在的区间", "Where each scale falls"));
		sb_doc_kv(bands);
		for (size_t i = 0; i < x->b->n_scales; i++) {
			const sb_scale *s = &x->b->scales[i];
			const sb_scale_result *sr = &x->res.scales[i];
			char num[32], val[512];
			sb_doc_add_item(bands, S_t(x, &s->name));
			if (sr->scored && sr->band != SB_NONE) {
				sb_report_score_text(sr->score, num, sizeof num);
				snprintf(val, sizeof val, "%s (%s)", S_t(x, &s->bands[sr->band].label), num);
			} else {
				snprintf(val, sizeof val, "%s", sb_tr(x->l, "未计分（跳过的句子太多）",
				                                        "not scored (too many skipped)"));
			}
			sb_doc_add_item(bands, val);
		}
	}
	sb_buf out = { 0 };
	sb_diags d = { 0 };
	sb_render_opts ro = { .width = width, .color = false, .unicode = x->unicode };
	char head[256];
	snprintf(head, sizeof head, "\n  %s%s%s\n\n", S_BOLD(x),
	         sb_tr(x->l, "你的结果", "Your results"), S_OFF(x));
	sb_term_puts(head);
	if (view.n_blocks && sb_render(&view, SB_FORMAT_TEXT, &ro, &out, &d) == SB_OK)
		S_out(x, out.data ? out.data : "");
	sb_buf_reset(&out);
	if (bands && sb_doc_status(bands) == SB_OK &&
	    sb_render(bands, SB_FORMAT_TEXT, &ro, &out, &d) == SB_OK)
		S_out(x, out.data ? out.data : "");
	sb_term_puts("\n");
	sb_buf_free(&out);
	sb_diags_free(&d);
	sb_doc_free(bands);
}

/* Shows text a screen at a time: space or Enter for the next, q to stop. false: stopped. */
static bool S_pager(S_ctx *x, const char *text)
{
	sb_buf clean = { 0 };
	sb_term_clean(&clean, text, true);
	const char *p = clean.data ? clean.data : "";
	bool go_on = true;
	int shown = 0;
	while (*p) {
		int page = x->rows > 3 ? x->rows - 1 : 2;
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		sb_term_write(p, n);
		if (!nl)
			sb_term_puts("\n");
		/* A line wider than the window takes more than one row. */
		int w = sb_term_width(p, nl ? n - 1 : n);
		shown += w > x->cols && x->cols > 0 ? (w + x->cols - 1) / x->cols : 1;
		p += n;
		if (shown < page || !*p)
			continue;
		char prompt[256];
		snprintf(prompt, sizeof prompt, "%s%s%s", S_DIM(x),
		         sb_tr(x->l, "—— 空格或回车：下一页 · q：不看了 ——",
		               "-- space or Enter: next page · q: done reading --"),
		         S_OFF(x));
		sb_term_puts(prompt);
		sb_key k;
		for (;;) {
			k = S_key(x, NULL);
			if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL ||
			    k.kind == SB_KEY_EOF || k.kind == SB_KEY_DOWN ||
			    (k.kind == SB_KEY_CHAR && strchr(" qQ", k.ch)))
				break;
		}
		sb_term_puts("\r\033[2K");
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL || k.kind == SB_KEY_EOF ||
		    (k.kind == SB_KEY_CHAR && (k.ch == 'q' || k.ch == 'Q'))) {
			go_on = k.kind != SB_KEY_INTERRUPT && k.kind != SB_KEY_SIGNAL;
			break;
		}
		sb_term_size(&x->cols, &x->rows);
		shown = 0;
	}
	sb_buf_free(&clean);
	return go_on;
}

/* Asks a question answered by one key from keys (lowercase); returns it, or 0 when stopped. */
static char S_choice(S_ctx *x, const char *question, const char *keys)
{
	sb_term_puts("\n");
	S_out(x, question);
	sb_term_puts(" ");
	for (;;) {
		sb_key k = sb_term_key(-1);
		if (k.kind == SB_KEY_INTERRUPT || k.kind == SB_KEY_SIGNAL) {
			x->stop_sig = k.sig;
			sb_term_puts("\n");
			return 0;
		}
		if (k.kind == SB_KEY_EOF || k.kind == SB_KEY_ESC) {
			sb_term_puts("\n");
			return 'n';
		}
		if (k.kind == SB_KEY_ENTER && strchr(keys, '\r')) {
			sb_term_puts("\n");
			return '\r';
		}
		if (k.kind == SB_KEY_CHAR) {
			char ch = (char)(k.ch >= 'A' && k.ch <= 'Z' ? k.ch - 'A' + 'a' : k.ch);
			if (strchr(keys, ch)) {
				char echo[4] = { ch, '\n', 0 };
				sb_term_puts(echo);
				return ch;
			}
		}
	}
}

/* Reads a file name in cooked mode (the terminal's own line editing), offering dflt. NULL when
 * stopped; "" when the person gave up. Caller frees. */
static char *S_ask_path(S_ctx *x, const char *dflt)
{
	char prompt[1024];
	if (x->l == SB_LANG_ZH)
		snprintf(prompt, sizeof prompt, "保存为（直接回车就用 %s）：", dflt);
	else
		snprintf(prompt, sizeof prompt, "Save as (Enter for %s): ", dflt);
	S_out(x, prompt);
	sb_term_raw(false);
	sb_term_cursor(true);
	sb_buf line = { 0 };
	bool too_long;
	sb_key k = sb_term_line(&line, S_LINE_MAX, &too_long);
	sb_term_raw(true);
	char *out = NULL;
	if (k.kind == SB_KEY_SIGNAL) {
		x->stop_sig = k.sig;
	} else if (k.kind == SB_KEY_EOF) {
		sb_term_puts("\n");
		out = sb_strdup("");
	} else {
		const char *t = line.data ? line.data : "";
		while (*t == ' ')
			t++;
		size_t n = strlen(t);
		while (n && (t[n - 1] == ' ' || t[n - 1] == '\r'))
			n--;
		sb_buf p = { 0 };
		const char *home = getenv("HOME");
		if (n == 0)
			sb_buf_puts(&p, dflt);
		else if (n >= 2 && t[0] == '~' && t[1] == '/' && home)
			sb_buf_printf(&p, "%s%.*s", home, (int)(n - 1), t + 1);
		else
			sb_buf_put(&p, t, n);
		/* A folder: the default name inside it. */
		struct stat st;
		if (p.data && stat(p.data, &st) == 0 && S_ISDIR(st.st_mode))
			sb_buf_printf(&p, "%s%s", p.data[p.len - 1] == '/' ? "" : "/", dflt);
		out = sb_buf_detach(&p, NULL);
	}
	sb_buf_free(&line);
	return out;
}

static bool S_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Offers to save the report; false when stopped by a signal. */
static bool S_offer_report(S_ctx *x)
{
	bool pdf = sb_format_available(SB_FORMAT_PDF);
	char q[512];
	snprintf(q, sizeof q, "%s%s",
	         sb_tr(x->l, "要保存这份报告吗？h 网页（HTML）", "Would you like to save this report? h HTML"),
	         pdf ? sb_tr(x->l, " · p PDF · m Markdown · n 不用了", " · p PDF · m Markdown · n no thanks")
	             : sb_tr(x->l, " · m Markdown · n 不用了", " · m Markdown · n no thanks"));
	char ch = S_choice(x, q, pdf ? "hpmn" : "hmn");
	if (!ch)
		return false;
	if (ch == 'n')
		return true;
	sb_format f = ch == 'h' ? SB_FORMAT_HTML : ch == 'p' ? SB_FORMAT_PDF : SB_FORMAT_MD;
	char dflt[128];
	snprintf(dflt, sizeof dflt, "securebase-report-%s.%s", x->date, sb_format_ext(f));
	for (;;) {
		char *path = S_ask_path(x, dflt);
		if (!path)
			return false;
		if (!*path) {
			sb_free(path);
			return true;
		}
		if (S_exists(path)) {
			char ask[1200];
			if (x->l == SB_LANG_ZH)
				snprintf(ask, sizeof ask, "已经有一个叫 %s 的文件。要替换它吗？y 是 · n 否", path);
			else
				snprintf(ask, sizeof ask, "There is already a file called %s. Replace it? y/n",
				         path);
			ch = S_choice(x, ask, "yn");
			if (!ch) {
				sb_free(path);
				return false;
			}
			if (ch == 'n') {
				sb_free(path);
				continue;
			}
		}
		int rc = S_save_report(x, path, f);
		char msg[1200];
		if (rc == 0) {
			if (x->l == SB_LANG_ZH)
				snprintf(msg, sizeof msg, "报告已保存到 %s（只有你能读取）。\n", path);
			else
				snprintf(msg, sizeof msg, "Your report is saved in %s (readable by you alone).\n",
				         path);
			S_out(x, msg);
			sb_free(path);
			return true;
		}
		sb_free(path);
		S_out(x, sb_tr(x->l, "没能保存。换一个名字试试，或者直接回车两次放弃。\n",
		               "It could not be saved. Try another name, or press Enter twice to let it "
		               "be.\n"));
		ch = S_choice(x, sb_tr(x->l, "再试一次吗？y 是 · n 否", "Try again? y/n"), "yn");
		if (ch != 'y')
			return ch != 0;
	}
}

/* Offers to save the answers as a CSV row; false when stopped by a signal. */
static bool S_offer_answers(S_ctx *x)
{
	char ch = S_choice(x, sb_tr(x->l,
	                            "要把你的回答存成 CSV 表格中的一行吗（方便自己留存或交给咨询师）？y 是 · n 不用了",
	                            "Would you like to save your answers as a row of a CSV file (for "
	                            "your records, or for a counsellor)? y/n"),
	                   "yn");
	if (!ch)
		return false;
	if (ch == 'n')
		return true;
	for (;;) {
		char *path = S_ask_path(x, "securebase-answers.csv");
		if (!path)
			return false;
		if (!*path) {
			sb_free(path);
			return true;
		}
		bool appended = false;
		int rc = S_save_answers(x, path, &appended);
		char msg[1200];
		if (rc == 0) {
			if (x->l == SB_LANG_ZH)
				snprintf(msg, sizeof msg, appended ? "已在 %s 末尾加了一行（编号 %s）。\n"
				                                   : "回答已保存到 %s（编号 %s，只有你能读取）。\n",
				         path, x->s->respondent);
			else
				snprintf(msg, sizeof msg,
				         appended ? "A row was added to %s (id %s).\n"
				                  : "Your answers are saved in %s (id %s, readable by you alone).\n",
				         path, x->s->respondent);
			S_out(x, msg);
			sb_free(path);
			return true;
		}
		sb_free(path);
		ch = S_choice(x, sb_tr(x->l, "换一个文件名再试吗？y 是 · n 否", "Try another file name? y/n"),
		              "yn");
		if (ch != 'y')
			return ch != 0;
	}
}

/* The end in the terminal. 0, or an exit status; x->stop_sig set when a signal stopped it. */
static int S_end_tty(S_ctx *x)
{
	sb_term_alt_screen(false);
	sb_term_size(&x->cols, &x->rows);
	int width = x->cols > 1 ? x->cols - 1 : 79;
	int rc = S_results(x);
	if (rc)
		return rc;
	/* What was asked for on the command line is saved first: a window closed later loses
	 * nothing. */
	rc = S_save_requested(x);
	S_summary(x, width);

	sb_buf text = { 0 };
	sb_diags d = { 0 };
	sb_status st = S_render(x, SB_FORMAT_TEXT, width, &text, &d);
	if (st != SB_OK) {
		int r = sb_cli_status(x->c, st, &d);
		sb_buf_free(&text);
		sb_diags_free(&d);
		return r;
	}
	bool to_screen = x->ui_fd == 1;
	if (!to_screen) {
		/* Standard output is not this terminal: the report goes there whole. */
		sb_buf plain = { 0 };
		st = S_render(x, SB_FORMAT_TEXT, 80, &plain, &d);
		int r = st == SB_OK ? sb_cli_stdout(x->c, plain.data ? plain.data : "", plain.len)
		                    : sb_cli_status(x->c, st, &d);
		if (r && !rc)
			rc = r;
		sb_buf_free(&plain);
		S_out(x, sb_tr(x->l, "完整报告已写到标准输出。\n", "Your full report was written to standard output.\n"));
	} else {
		char ch = S_choice(x, sb_tr(x->l, "按回车阅读完整报告，按 q 跳过。",
		                            "Press Enter to read your full report, or q to skip it."),
		                   "q\r");
		if (ch == 'q')
			to_screen = false;
	}
	sb_diags_free(&d);
	if (x->stop_sig) {
		sb_buf_free(&text);
		return rc;
	}
	if (to_screen && !S_pager(x, text.data ? text.data : "")) {
		sb_buf_free(&text);
		return rc;
	}
	sb_buf_free(&text);
	if (x->report) {
		char msg[1200];
		snprintf(msg, sizeof msg, "%s %s\n", sb_tr(x->l, "报告已保存到", "Your report is saved in"),
		         x->report);
		if (!rc)
			S_out(x, msg);
	} else if (!S_offer_report(x)) {
		return rc;
	}
	if (x->save_answers) {
		char msg[1200];
		snprintf(msg, sizeof msg, "%s %s\n",
		         sb_tr(x->l, "回答已保存到", "Your answers are saved in"), x->save_answers);
		if (!rc)
			S_out(x, msg);
	} else if (!S_offer_answers(x)) {
		return rc;
	}
	return rc;
}

/* ---- line mode -------------------------------------------------------------------------- */

static void S_err(S_ctx *x, const char *s)
{
	sb_buf b = { 0 };
	sb_term_clean(&b, s, true);
	if (b.data)
		fputs(b.data, stderr);
	(void)x;
	sb_buf_free(&b);
}

static void S_line_legend(S_ctx *x, const sb_response_scale *r)
{
	sb_buf b = { 0 };
	sb_buf_puts(&b, sb_tr(x->l, "回答用数字：", "Answer with a number: "));
	for (int v = r->min; v <= r->max; v++)
		sb_buf_printf(&b, "%s%d %s", v == r->min ? "" : " · ", v,
		              S_t(x, &r->labels[v - r->min]));
	sb_buf_puts(&b, sb_tr(x->l, "；空行表示跳过。\n", "; an empty line skips.\n"));
	S_err(x, b.data ? b.data : "");
	sb_buf_free(&b);
}

static S_outcome S_lines(S_ctx *x)
{
	const sb_bank *b = x->b;
	bool quiet = x->c->quiet;
	size_t legend_for = SB_NONE;
	unsigned long lineno = 0;
	sb_buf line = { 0 };
	S_outcome out = S_FINISHED;
	if (!quiet) {
		char head[1024];
		snprintf(head, sizeof head, "%s\n", S_t(x, &b->title));
		S_err(x, head);
		if (x->resumed) {
			if (x->l == SB_LANG_ZH)
				snprintf(head, sizeof head, "接着暂停的问卷，从第 %zu 句开始。\n", x->s->pos + 1);
			else
				snprintf(head, sizeof head, "Carrying on with the paused session at statement %zu.\n",
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
			S_err(x, S_t(x, &it->text));
			fputc('\n', stderr);
		}
		bool too_long;
		sb_key k = sb_term_line(&line, S_LINE_MAX, &too_long);
		if (k.kind == SB_KEY_SIGNAL) {
			x->stop_sig = k.sig;
			out = S_STOPPED;
			break;
		}
		if (k.kind == SB_KEY_EOF) {
			out = S_PAUSED;
			break;
		}
		lineno++;
		int v = 0;
		sb_line_kind kind = too_long ? SB_LINE_NOT_NUMBER
		                             : sb_session_parse_line(line.data ? line.data : "", line.len,
		                                                     r->min, r->max, &v);
		if (kind == SB_LINE_VALUE) {
			sb_session_answer(x->s, b, v);
			S_state_save(x);
		} else if (kind == SB_LINE_SKIP) {
			sb_session_skip(x->s);
			S_state_save(x);
		} else {
			x->bad_lines++;
			char msg[512];
			sb_buf shown = { 0 };
			sb_term_clean(&shown, line.data ? line.data : "", false);
			const char *s = shown.data ? shown.data : "";
			if (x->l == SB_LANG_ZH)
				snprintf(msg, sizeof msg,
				         "securebase: 第 %lu 行：“%.40s”%s。第 %zu 句请用 %d 到 %d 的数字回答，空行表示跳过。\n",
				         lineno, s, kind == SB_LINE_OUT_OF_RANGE ? "不在范围内" : "不是数字",
				         x->s->pos + 1, r->min, r->max);
			else
				snprintf(msg, sizeof msg,
				         "securebase: line %lu: '%.40s' is %s. Statement %zu again: answer with a "
				         "number from %d to %d, or an empty line to skip.\n",
				         lineno, s, kind == SB_LINE_OUT_OF_RANGE ? "out of range" : "not a number",
				         x->s->pos + 1, r->min, r->max);
			fputs(msg, stderr);
			sb_buf_free(&shown);
		}
	}
	sb_buf_free(&line);
	return out;
}

/* ---- the command ------------------------------------------------------------------------ */

static int S_options(S_ctx *x, int argc, char **argv, bool *help)
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
		return sb_cli_usage(x->c, "assess", "--format is the format of --report; give --report FILE too");
	if (x->report) {
		if (!*x->report)
			return sb_cli_usage(x->c, "assess", "--report needs a file name");
		if (format) {
			if (sb_format_parse(format, &x->report_format) != 0)
				return sb_cli_usage(x->c, "assess",
				                    "--format takes text, md, html, pdf or json, not '%s'", format);
		} else if (strcmp(x->report, "-") == 0) {
			x->report_format = SB_FORMAT_TEXT;
		} else if (S_format_from_name(x->report, &x->report_format) != 0) {
			return sb_cli_usage(x->c, "assess",
			                    "cannot tell the report format from '%s'; name it .txt, .md, .html, "
			                    ".pdf or .json, or add --format",
			                    x->report);
		}
		if (!sb_format_available(x->report_format))
			return sb_cli_fail(x->c, EX_UNAVAILABLE,
			                   "this securebase was built without PDF support (cairo and pango)");
	}
	return 0;
}

/* The message when the session stops early, on the terminal or standard error. */
static void S_paused_note(S_ctx *x, bool stopped)
{
	char msg[1536];
	size_t answered = sb_session_answered(x->s), n = x->s->n_items;
	if (!x->saved_once) {
		snprintf(msg, sizeof msg, "%s\n",
		         sb_tr(x->l, "还没有回答任何一句，所以没有保存什么。随时欢迎回来。",
		               "Nothing was answered yet, so nothing was saved. Come back any time."));
	} else if (x->l == SB_LANG_ZH) {
		snprintf(msg, sizeof msg,
		         "%s%zu 句中已回答 %zu 句，都保存在 %s。准备好了再运行 securebase assess%s 接着答。\n",
		         stopped ? "已停下。" : "已暂停。", n, answered, x->state_shown,
		         x->tty ? "" : " --resume");
	} else {
		snprintf(msg, sizeof msg,
		         "%s Your answers so far (%zu of %zu) are saved in %s. Run 'securebase assess%s' "
		         "when you are ready to carry on.\n",
		         stopped ? "Stopped." : "Paused.", answered, n, x->state_shown,
		         x->tty ? "" : " --resume");
	}
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

static int S_run(S_ctx *x)
{
	int rc = S_state_open(x);
	if (rc)
		return rc;
	/* --save-answers that cannot take our row is refused now, not after the last answer. */
	if (x->save_answers) {
		char *old;
		size_t len;
		S_csv k = S_csv_probe(x, x->save_answers, &old, &len);
		sb_free(old);
		if (k == S_CSV_OTHER_HEADER)
			return sb_cli_fail(x->c, EX_DATAERR, "%s: %s", x->save_answers,
			                   sb_tr(x->l, "这个文件的表头和本问卷的不同（用 securebase template 可以看到本问卷的表头）",
			                         "this file has another header than this questionnaire's "
			                         "(securebase template prints it)"));
		if (k == S_CSV_UNREADABLE)
			return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s", x->save_answers, strerror(errno));
	}
	rc = S_state_load(x);
	if (rc)
		return rc;
	bool found = x->s != NULL;
	if (found && !x->tty && !x->resume)
		return sb_cli_usage(x->c, "assess",
		                    sb_tr(x->l, "%s 里有一份暂停的问卷。加上 --resume 接着答，或者删除这个文件后重新开始",
		                          "a paused session is saved in %s; add --resume to carry on with "
		                          "it, or delete the file to start afresh"),
		                    x->state_path);
	if (!found && x->resume)
		fprintf(stderr, "securebase: %s\n",
		        sb_tr(x->l, "没有找到暂停的问卷，开始一份新的。", "no paused session was found; starting a new one"));
	if (found && x->id) {
		sb_diags d = { 0 };
		sb_status st = sb_session_set_respondent(x->s, x->id, &d);
		sb_diags_free(&d);
		if (st != SB_OK)
			return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	}

	S_outcome o;
	if (x->tty) {
		if (sb_term_start(STDIN_FILENO, x->ui_fd) != 0)
			return sb_cli_fail(x->c, EX_OSERR, "cannot set up the terminal: %s", strerror(errno));
		sb_term_raw(true);
		sb_term_alt_screen(true);
		sb_term_cursor(false);
		o = S_FINISHED;
		if (found && !x->resume) {
			o = S_resume_prompt(x);
			if (o == S_PAUSED) { /* start over */
				S_state_remove(x);
				rc = S_session_new(x);
				if (rc)
					return rc;
				found = false;
				o = S_FINISHED;
			}
		}
		if (o == S_FINISHED && !found) {
			if (!x->s && (rc = S_session_new(x)) != 0)
				return rc;
			o = S_welcome(x);
		} else if (o == S_FINISHED) {
			x->resumed = x->resume;
		}
		if (o == S_FINISHED)
			o = S_questions(x);
	} else {
		if (sb_term_start(STDIN_FILENO, STDERR_FILENO) != 0)
			return sb_cli_fail(x->c, EX_OSERR, "cannot set up signal handling: %s", strerror(errno));
		if (!found && (rc = S_session_new(x)) != 0)
			return rc;
		x->resumed = found;
		o = S_lines(x);
	}

	if (o == S_LEFT || o == S_PAUSED || o == S_STOPPED) {
		if (x->s && x->saved_once)
			S_state_save(x);
		sb_term_stop();
		S_paused_note(x, o == S_STOPPED);
		return o == S_STOPPED ? 128 + (x->stop_sig ? x->stop_sig : SIGINT) : 0;
	}

	/* Finished: the state stays until the results are shown and saved, so a window closed on
	 * the way loses nothing. */
	S_state_save(x);
	if (x->tty) {
		rc = S_end_tty(x);
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
		         sb_tr(x->l, "谢谢你花这些时间照顾自己。", "Thank you for taking this time for yourself."));
		S_out(x, msg);
		return 0;
	}
	rc = S_results(x);
	if (rc)
		return rc;
	rc = S_save_requested(x);
	if (!(x->report && strcmp(x->report, "-") == 0)) {
		sb_buf text = { 0 };
		sb_diags d = { 0 };
		sb_status st = S_render(x, SB_FORMAT_TEXT, 80, &text, &d);
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
			fprintf(stderr, "securebase: 有 %lu 行不是有效的回答（见上面的提示）；对应的句子已重新询问。\n",
			        x->bad_lines);
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
	S_ctx x = { .c = c, .l = c->lang, .lock_fd = -1 };
	bool help = false;
	int rc = S_options(&x, argc, argv, &help);
	if (rc || help)
		return rc ? rc : sb_cli_help(S_help);
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

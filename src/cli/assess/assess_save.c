/* SPDX-License-Identifier: MIT */
/* assess_save.c — where `securebase assess` keeps things: the state file under
 * $XDG_STATE_HOME/securebase (found, locked, read back, written after every answer, removed at
 * the end), the answers row of --save-answers, the results, and the report files. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "cli/assess/assess_save.h"
#include "data/answers.h"
#include "data/outfile.h"
#include "report/report.h"

/* Largest state file read back. */
#define S_STATE_MAX (16u * 1024 * 1024)

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
int sb_assess_state_open(sb_assess *x)
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
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s", sb_assess_t(x, SB_AT_NO_STATE_PLACE));
	if (p.failed)
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	x->state_dir = sb_buf_detach(&p, NULL);
	if (S_mkdirs(x->state_dir) != 0)
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s: %s", x->state_dir,
		                   sb_assess_t(x, SB_AT_NO_STATE_DIR), strerror(errno));
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
			                   sb_assess_t(x, SB_AT_ANOTHER_RUNNING));
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
	x->save_error[0] = '\0';
	if (st == SB_OK) {
		x->saved_once = true;
		x->save_failed = false;
		x->saved_answered = sb_session_answered(x->s);
		x->saved_pos = x->s->pos;
	} else {
		snprintf(x->save_error, sizeof x->save_error, "out of memory");
		if (d.n)
			sb_diag_format(&d.v[0], x->save_error, sizeof x->save_error);
		x->save_failed = true;
		if (!x->tty)
			sb_cli_msg("securebase: %s: %s\n", sb_assess_t(x, SB_AT_CANNOT_SAVE),
			           x->save_error);
	}
	sb_buf_free(&out);
	sb_diags_free(&d);
}

void sb_assess_state_remove(sb_assess *x)
{
	if (unlink(x->state_path) != 0 && errno != ENOENT)
		sb_cli_msg("securebase: %s: %s\n", x->state_path, strerror(errno));
	x->saved_once = false;
}

/* Reads a paused session, if there is one. 0 with x->s set or not; otherwise an exit status
 * after a message that says the file is kept. */
int sb_assess_state_load(sb_assess *x)
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
	                   : sb_session_parse(data.data, data.len, x->state_path, &s, &d);
	if (st == SB_OK)
		st = sb_session_check(s, x->b, x->state_path, &d);
	if (st == SB_ERR_INTERNAL) {
		rc = sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	} else if (st != SB_OK) {
		bool other_version = s && strcmp(s->bank_id, x->b->id) == 0 &&
		                     strcmp(s->bank_version, x->b->version) != 0;
		sb_cli_print_diags(&d);
		if (other_version)
			sb_cli_msg(sb_assess_t(x, SB_AT_OTHER_VERSION), x->b->id, s->bank_version,
			        x->b->version, x->state_path);
		else
			sb_cli_msg(sb_assess_t(x, SB_AT_STATE_UNREADABLE), x->state_path);
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

int sb_assess_session_new(sb_assess *x)
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
			if (n < 0) { /* a failed reservation too: then p is NULL */
				sb_buf_free(&b);
				errno = p ? e : ENOMEM;
				return NULL;
			}
			return sb_buf_detach(&b, len);
		}
		b.len += (size_t)n;
		b.data[b.len] = '\0';
	}
}

/* What saving a row to path would do; *content gets the file's bytes for SB_ASSESS_CSV_APPEND. */
sb_assess_csv sb_assess_csv_probe(const sb_assess *x, const char *path, char **content,
                                  size_t *len)
{
	*content = NULL;
	*len = 0;
	struct stat st;
	if (strcmp(path, "-") == 0)
		return SB_ASSESS_CSV_DIRECT;
	if (stat(path, &st) != 0)
		return errno == ENOENT ? SB_ASSESS_CSV_NEW : SB_ASSESS_CSV_UNREADABLE;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return SB_ASSESS_CSV_UNREADABLE;
	}
	if (!S_ISREG(st.st_mode))
		return SB_ASSESS_CSV_DIRECT;
	char *data = S_slurp(path, len);
	if (!data)
		return SB_ASSESS_CSV_UNREADABLE;
	if (*len == 0) {
		sb_free(data);
		return SB_ASSESS_CSV_NEW;
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
	/* (both hold text unless an allocation failed: the header, and at least the newline) */
	bool failed = want.failed || have.failed;
	bool same = !failed && strcmp(want.data, have.data) == 0;
	sb_buf_free(&want);
	sb_buf_free(&have);
	if (failed) { /* not "another header": it could not be compared */
		sb_free(data);
		errno = ENOMEM;
		return SB_ASSESS_CSV_UNREADABLE;
	}
	if (!same) {
		sb_free(data);
		return SB_ASSESS_CSV_OTHER_HEADER;
	}
	*content = data;
	return SB_ASSESS_CSV_APPEND;
}

/* Appends the answers row to path (creating it with the header). 0, or an exit status after a
 * message. *appended tells which it was. */
int sb_assess_save_answers(sb_assess *x, const char *path, bool *appended)
{
	char *old = NULL;
	size_t old_len = 0;
	sb_assess_csv kind = sb_assess_csv_probe(x, path, &old, &old_len);
	*appended = kind == SB_ASSESS_CSV_APPEND;
	if (kind == SB_ASSESS_CSV_OTHER_HEADER)
		return sb_cli_fail(x->c, EX_DATAERR, "%s: %s", path,
		                   sb_assess_t(x, SB_AT_CSV_OTHER_HEADER_UNWRITTEN));
	if (kind == SB_ASSESS_CSV_UNREADABLE && errno == ENOMEM) /* reading the file back */
		return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	if (kind == SB_ASSESS_CSV_UNREADABLE)
		return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s", path, strerror(errno));
	sb_buf out = { 0 };
	if (kind == SB_ASSESS_CSV_APPEND) {
		sb_buf_put(&out, old, old_len);
		if (old[old_len - 1] != '\n') /* (an empty file is SB_ASSESS_CSV_NEW) */
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
		x->report_saved = r == 0;
		if (r)
			rc = r;
	}
	if (x->save_answers) {
		bool appended;
		int r = sb_assess_save_answers(x, x->save_answers, &appended);
		x->answers_saved = r == 0;
		if (r && !rc)
			rc = r;
	}
	return rc;
}


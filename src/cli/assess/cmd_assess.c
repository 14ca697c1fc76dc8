/* SPDX-License-Identifier: MIT */
/* cmd_assess.c — `securebase assess`: the questionnaire one statement at a time in the terminal
 * (or one answer per line from a pipe), saved after every answer, ending with the person's
 * report on screen and saved where they ask. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "base/alloc.h"
#include "cli/cli.h"
#include "cli/import_opts.h"
#include "cli/outformat.h"
#include "cli/assess/assess_save.h"
#include "cli/assess/cli_assess.h"
#include "cli/cli_term.h"
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
	"73 progress or a file cannot be saved (also the last save: the results are shown,\n"
	"then what was saved is said), or another assess is running; 74 I/O error;\n"
	"128+N stopped by signal N (the answers are kept).\n";

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
		SB_GLOBAL_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL;
	int ch;
	while ((ch = getopt_long(argc, argv, ":h" SB_GLOBAL_SHORT, opts, NULL)) != -1) {
		switch (ch) {
		case 'r': x->resume = true; break;
		case 'i': x->id = optarg; break;
		case 'a': x->save_answers = optarg; break;
		case 'o': x->report = optarg; break;
		case 'f': format = optarg; break;
		case 'h': *help = true; return 0;
		default: {
			int r = sb_cli_opt_rest(x->c, "assess", NULL, ch, optarg, argv[optind - 1]);
			if (r)
				return r;
			break;
		}
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
		sb_buf b = { 0 };
		sb_text_sanitize(&b, msg, strlen(msg), true);
		fprintf(stderr, "securebase: %s", b.data ? b.data : "");
		sb_buf_free(&b);
	}
}

/* The message when the session stops early, on the terminal or standard error. */
static void S_paused_note(sb_assess *x, bool stopped)
{
	char msg[2048], cmd[1024];
	size_t answered = sb_session_answered(x->s), n = x->s->n_items;
	S_again(x, cmd, sizeof cmd);
	if (!x->saved_once)
		snprintf(msg, sizeof msg, "%s\n", sb_assess_t(x, SB_AT_NOTHING_SAVED));
	else
		snprintf(msg, sizeof msg, sb_assess_t(x, SB_AT_PAUSED_NOTE),
		         sb_assess_t(x, stopped ? SB_AT_STOPPED : SB_AT_PAUSED), answered, n,
		         x->state_shown, cmd);
	S_note(x, msg);
}

/* When the state file cannot be written: exactly what it holds and what it does not, on the
 * terminal or standard error. Returns 73. */
static int S_unsaved_note(sb_assess *x)
{
	char msg[3072], cmd[1024];
	size_t answered = sb_session_answered(x->s), n = x->s->n_items;
	const char *why = x->save_error;
	S_again(x, cmd, sizeof cmd);
	if (!x->saved_once)
		snprintf(msg, sizeof msg, sb_assess_t(x, SB_AT_UNSAVED_NOTHING), why, answered, n,
		         x->state_shown);
	else
		snprintf(msg, sizeof msg, sb_assess_t(x, SB_AT_UNSAVED_SOME), why, x->state_shown,
		         x->saved_answered, n, cmd, x->saved_pos + 1);
	S_note(x, msg);
	return EX_CANTCREAT;
}

/* When the save after the last statement failed, the results having been shown: what the state
 * file holds (it is kept), what --report and --save-answers saved, and what was not saved.
 * Returns rc, or 73 when rc is 0. */
static int S_final_unsaved_note(sb_assess *x, int rc)
{
	char msg[4096], cmd[1024];
	size_t n = x->s->n_items;
	const char *why = x->save_error;
	S_again(x, cmd, sizeof cmd);
	sb_buf b = { 0 };
	if (!x->saved_once)
		sb_buf_printf(&b, sb_assess_t(x, SB_AT_FINAL_UNSAVED_NOTHING), why,
		              sb_session_answered(x->s), n, x->state_shown);
	else if (x->saved_pos >= n)
		sb_buf_printf(&b, sb_assess_t(x, SB_AT_FINAL_UNSAVED_DONE), why, x->state_shown,
		              x->saved_answered, n, cmd);
	else
		sb_buf_printf(&b, sb_assess_t(x, SB_AT_FINAL_UNSAVED_AT), why, x->state_shown,
		              x->saved_answered, n, cmd, x->saved_pos + 1);
	if (x->report && strcmp(x->report, "-") != 0)
		sb_buf_printf(&b, sb_assess_t(x, x->report_saved ? SB_AT_FINAL_REPORT_SAVED
		                                                   : SB_AT_FINAL_REPORT_NOT_SAVED),
		              x->report);
	if (x->save_answers)
		sb_buf_printf(&b, sb_assess_t(x, x->answers_saved ? SB_AT_FINAL_ANSWERS_SAVED
		                                                    : SB_AT_FINAL_ANSWERS_NOT_SAVED),
		              x->save_answers);
	snprintf(msg, sizeof msg, "%s\n", b.data ? b.data : "");
	sb_buf_free(&b);
	S_note(x, msg);
	return rc ? rc : EX_CANTCREAT;
}

/* Opens the state, checks the outputs, and finds a paused session (*found). 0 or an exit
 * status. */
static int S_prepare(sb_assess *x, bool *found)
{
	int rc = sb_assess_state_open(x);
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
		sb_assess_csv k = sb_assess_csv_probe(x, x->save_answers, &old, &len);
		sb_free(old);
		if (k == SB_ASSESS_CSV_OTHER_HEADER)
			return sb_cli_fail(x->c, EX_DATAERR, "%s: %s", x->save_answers,
			                   sb_assess_t(x, SB_AT_CSV_OTHER_HEADER));
		if (k == SB_ASSESS_CSV_UNREADABLE)
			return sb_cli_fail(x->c, EX_CANTCREAT, "%s: %s", x->save_answers, strerror(errno));
	}
	if ((rc = sb_assess_state_load(x)) != 0)
		return rc;
	*found = x->s != NULL;
	if (*found && !x->tty && !x->resume)
		return sb_cli_usage(x->c, "assess", sb_assess_t(x, SB_AT_PAUSED_EXISTS),
		                    x->state_path);
	if (!*found && x->resume)
		fprintf(stderr, "securebase: %s\n", sb_assess_t(x, SB_AT_RESUME_NONE));
	if (*found && x->id) {
		sb_diags d = { 0 };
		sb_status st = sb_session_set_respondent(x->s, x->id, &d);
		sb_diags_free(&d);
		if (st != SB_OK)
			return sb_cli_fail(x->c, EX_SOFTWARE, "out of memory");
	}
	return 0;
}

/* After an event that moved the session: through the skipped ones only when fixing, then the
 * save. */
static void S_moved(sb_assess *x)
{
	if (x->fixing && !sb_session_finished(x->s))
		sb_session_jump(x->s, sb_assess_next_skipped(x, x->s->pos));
	if (sb_session_finished(x->s))
		x->fixing = false;
	sb_assess_save_state(x);
}

/* The statements on the screen, from the current one to the end screen: the screen tells what
 * the person did, this applies it. FINISHED, PAUSED, STOPPED, or UNSAVED as soon as a save
 * fails (asking on would gather answers that cannot be kept). */
static sb_assess_outcome S_questions(sb_assess *x)
{
	for (;;) {
		if (x->save_failed)
			return SB_ASSESS_UNSAVED;
		sb_assess_event ev = sb_assess_next_event(x);
		switch (ev.kind) {
		case SB_ASSESS_EV_STOP: return SB_ASSESS_STOPPED;
		case SB_ASSESS_EV_PAUSE: return SB_ASSESS_PAUSED;
		case SB_ASSESS_EV_RESULTS: return SB_ASSESS_FINISHED;
		case SB_ASSESS_EV_ANSWER:
			sb_session_answer(x->s, x->b, ev.value);
			S_moved(x);
			break;
		case SB_ASSESS_EV_SKIP:
			sb_session_skip(x->s);
			S_moved(x);
			break;
		case SB_ASSESS_EV_KEEP:
			if (sb_session_next(x->s))
				S_moved(x);
			break;
		case SB_ASSESS_EV_BACK:
			if (sb_session_back(x->s))
				sb_assess_save_state(x);
			break;
		case SB_ASSESS_EV_SKIPPED:
			if (sb_session_jump(x->s, sb_assess_next_skipped(x, 0))) {
				x->fixing = true;
				S_moved(x);
			}
			break;
		}
	}
}

/* The questionnaire on the terminal: the resume menu or the welcome, then the statements. */
static int S_ask_tty(sb_assess *x, bool found, sb_assess_outcome *o)
{
	int rc;
	if (sb_term_start(STDIN_FILENO, x->ui_fd) != 0)
		return sb_cli_fail(x->c, EX_OSERR, "cannot set up the terminal: %s", strerror(errno));
	sb_term_raw(true);
	sb_term_alt_screen(true);
	sb_term_cursor(false);
	*o = SB_ASSESS_FINISHED;
	if (found && !x->resume) {
		*o = sb_assess_resume_prompt(x);
		if (*o == SB_ASSESS_PAUSED) { /* start over */
			sb_assess_state_remove(x);
			if ((rc = sb_assess_session_new(x)) != 0)
				return rc;
			found = false;
			*o = SB_ASSESS_FINISHED;
		}
	}
	if (*o == SB_ASSESS_FINISHED && !found) {
		if (!x->s && (rc = sb_assess_session_new(x)) != 0)
			return rc;
		*o = sb_assess_welcome(x);
	} else if (*o == SB_ASSESS_FINISHED) {
		x->resumed = x->resume;
	}
	if (*o == SB_ASSESS_FINISHED)
		*o = S_questions(x);
	return 0;
}

/* The end on the terminal: results, report, saving, and a word of thanks. */
static int S_finish_tty(sb_assess *x)
{
	int rc = sb_assess_end(x);
	sb_term_stop();
	if (x->stop_sig) {
		if (x->final_unsaved)
			S_unsaved_note(x);
		else
			S_paused_note(x, true);
		return 128 + x->stop_sig;
	}
	if (x->final_unsaved)
		return S_final_unsaved_note(x, rc);
	if (rc)
		return rc;
	sb_assess_state_remove(x);
	char msg[256];
	snprintf(msg, sizeof msg, "\n%s\n", sb_assess_t(x, SB_AT_THANK_YOU));
	sb_assess_say(x, msg);
	return 0;
}

/* The end without a terminal: the text report on standard output (unless --report -), the
 * files asked for, and a word on the lines that were not answers. */
static int S_finish_lines(sb_assess *x)
{
	int rc = sb_assess_results(x);
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
	if (x->final_unsaved)
		return S_final_unsaved_note(x, rc);
	if (rc)
		return rc;
	sb_assess_state_remove(x);
	if (x->bad_lines) {
		fprintf(stderr, sb_assess_t(x, x->bad_lines == 1 ? SB_AT_BAD_LINES_ONE : SB_AT_BAD_LINES),
		        x->bad_lines);
		return EX_DATAERR;
	}
	return 0;
}

static int S_run(sb_assess *x)
{
	bool found = false;
	int rc = S_prepare(x, &found);
	if (rc)
		return rc;
	sb_assess_outcome o = SB_ASSESS_FINISHED; /* set by both ways below; for the compiler */
	if (x->tty) {
		if ((rc = S_ask_tty(x, found, &o)) != 0)
			return rc;
	} else {
		if (sb_term_start(STDIN_FILENO, STDERR_FILENO) != 0)
			return sb_cli_fail(x->c, EX_OSERR, "cannot set up signal handling: %s",
			                   strerror(errno));
		if (!found && (rc = sb_assess_session_new(x)) != 0)
			return rc;
		x->resumed = found;
		o = sb_assess_lines(x);
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
	 * the way loses nothing. When this save fails, the results are still shown, and then it
	 * is said what was and was not saved (exit 73). */
	sb_assess_save_state(x);
	x->final_unsaved = x->save_failed;
	return x->tty ? S_finish_tty(x) : S_finish_lines(x);
}

int cmd_assess(sb_cli *c, int argc, char **argv)
{
	sb_assess x = { .c = c, .l = c->lang, .lock_fd = -1 };
	bool help = false;
	int rc = S_options(&x, argc, argv, &help);
	if (rc || help)
		return rc ? rc : sb_cli_help(S_help);
	x.l = c->lang; /* a --lang among the command's options */
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
	sb_buf_free(&x.scr);
	fflush(stderr);
	return rc;
}

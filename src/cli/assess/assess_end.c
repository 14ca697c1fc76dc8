/* SPDX-License-Identifier: MIT */
/* assess_end.c — the end of `securebase assess` on the terminal: the results (the report's
 * overview, laid out by the text renderer as the pager's report is), the full report in a
 * pager, and the offers to save the report and the answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "cli/assess/assess_save.h"
#include "cli/cli_term.h"
#include "cli/outformat.h"
#include "report/report.h"
#include "base/textwidth.h"

/* Longest path typed. */
#define S_LINE_MAX 4096

#define S_DIM(x) SB_ASSESS_DIM(x)
#define S_OFF(x) SB_ASSESS_OFF(x)

/* Text for people on the terminal, with anything that could drive it left out. */
void sb_assess_say(sb_assess *x, const char *s)
{
	sb_buf b = { 0 };
	sb_text_sanitize(&b, s, strlen(s), true);
	if (!b.data)
		return;
	/* Wrapped to the window, so a long question never breaks inside a word. */
	sb_spans lines = { 0 };
	size_t width = x->cols > 20 ? (size_t)x->cols - 1 : 79;
	if (sb_wrap(b.data, b.len, width, &lines) != 0) {
		sb_term_write(b.data, b.len);
	} else {
		for (size_t i = 0; i < lines.n; i++) {
			if (i > 0)
				sb_term_write("\n", 1);
			sb_term_write(b.data + lines.v[i].off, lines.v[i].len);
		}
		if (b.len && b.data[b.len - 1] == '\n')
			sb_term_write("\n", 1);
	}
	sb_spans_free(&lines);
	sb_buf_free(&b);
}

static bool S_pager(sb_assess *x, const char *text);

/* The overview section of the report (charts and the leaning), then each scale's band. */
static void S_summary(sb_assess *x, int width)
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
		sb_doc_heading(bands, 2, sb_assess_t(x, SB_AT_SUMMARY_BANDS));
		sb_doc_kv(bands);
		for (size_t i = 0; i < x->b->n_scales; i++) {
			const sb_scale *s = &x->b->scales[i];
			const sb_scale_result *sr = &x->res.scales[i];
			char num[32], val[512];
			sb_doc_add_item(bands, sb_assess_text(x, &s->name));
			if (sr->scored && sr->band != SB_NONE) {
				sb_report_score_text(sr->score, num, sizeof num);
				snprintf(val, sizeof val, "%s (%s)",
				         sb_assess_text(x, &s->bands[sr->band].label), num);
			} else {
				snprintf(val, sizeof val, "%s", sb_assess_t(x, SB_AT_SUMMARY_UNSCORED));
			}
			sb_doc_add_item(bands, val);
		}
	}
	/* Laid out by the text renderer and shown by the pager, as the full report is: the chart's
	 * gutters are kept (no second wrap), and a summary taller than the window pages. */
	sb_buf out = { 0 };
	sb_diags d = { 0 };
	sb_render_opts ro = { .width = width, .color = false, .unicode = x->unicode };
	sb_buf_printf(&out, "\n  %s\n\n", sb_assess_t(x, SB_AT_SUMMARY_TITLE));
	if (view.n_blocks)
		sb_render(&view, SB_FORMAT_TEXT, &ro, &out, &d);
	if (bands && sb_doc_status(bands) == SB_OK)
		sb_render(bands, SB_FORMAT_TEXT, &ro, &out, &d);
	sb_buf_puts(&out, "\n");
	S_pager(x, out.data ? out.data : "");
	sb_buf_free(&out);
	sb_diags_free(&d);
	sb_doc_free(bands);
}

/* Shows text a screen at a time: space or Enter for the next, q to stop. false: stopped. */
static bool S_pager(sb_assess *x, const char *text)
{
	sb_buf clean = { 0 };
	sb_text_sanitize(&clean, text, strlen(text), true);
	const char *p = clean.data ? clean.data : "";
	bool go_on = true;
	int shown = 0;
	while (*p) {
		int page = x->rows > 3 ? x->rows - 1 : 2;
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		/* A line wider than the window (laid out before it was narrowed) takes more than one
		 * row; one that would push the page's first rows off the top waits for the next page. */
		int w = (int)sb_text_width(p, nl ? n - 1 : n);
		int need = w > x->cols && x->cols > 0 ? (w + x->cols - 1) / x->cols : 1;
		if (shown == 0 || shown + need <= page) {
			sb_term_write(p, n);
			if (!nl)
				sb_term_puts("\n");
			shown += need;
			p += n;
			if (shown < page || !*p)
				continue;
		}
		char prompt[256];
		snprintf(prompt, sizeof prompt, "%s%s%s", S_DIM(x), sb_assess_t(x, SB_AT_PAGER_PROMPT),
		         S_OFF(x));
		sb_term_puts(prompt);
		sb_key k;
		for (;;) {
			k = sb_assess_key(x, NULL);
			if (k.kind == SB_KEY_ENTER || k.kind == SB_KEY_INTERRUPT ||
			    k.kind == SB_KEY_SIGNAL || k.kind == SB_KEY_EOF || k.kind == SB_KEY_DOWN ||
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
static char S_choice(sb_assess *x, const char *question, const char *keys)
{
	sb_term_puts("\n");
	sb_assess_say(x, question);
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
static char *S_ask_path(sb_assess *x, const char *dflt)
{
	char prompt[1024];
	snprintf(prompt, sizeof prompt, sb_assess_t(x, SB_AT_SAVE_AS), dflt);
	/* Cooked mode first, so what is typed after the prompt gets the terminal's editing. */
	sb_term_raw(false);
	sb_term_cursor(true);
	sb_assess_say(x, prompt);
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
static bool S_offer_report(sb_assess *x)
{
	bool pdf = sb_format_available(SB_FORMAT_PDF);
	char q[512];
	snprintf(q, sizeof q, "%s%s%s", sb_assess_t(x, SB_AT_OFFER_REPORT),
	         pdf ? " · p PDF" : "", sb_assess_t(x, SB_AT_OFFER_REPORT_END));
	char ch = S_choice(x, q, pdf ? "hpmn" : "hmn");
	if (!ch)
		return false;
	if (ch == 'n')
		return true;
	sb_format f = ch == 'h' ? SB_FORMAT_HTML : ch == 'p' ? SB_FORMAT_PDF : SB_FORMAT_MD;
	if (f == SB_FORMAT_PDF)
		sb_cli_heap_for_pdf();
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
			snprintf(ask, sizeof ask, sb_assess_t(x, SB_AT_REPLACE_FILE), path);
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
		int rc = sb_assess_save_report(x, path, f);
		char msg[1200];
		if (rc == 0) {
			snprintf(msg, sizeof msg, sb_assess_t(x, SB_AT_REPORT_SAVED_PRIVATE), path);
			sb_assess_say(x, msg);
			sb_free(path);
			return true;
		}
		sb_free(path);
		sb_assess_say(x, sb_assess_t(x, SB_AT_NOT_SAVED_ABOVE));
		ch = S_choice(x, sb_assess_t(x, SB_AT_TRY_AGAIN), "yn");
		if (ch != 'y')
			return ch != 0;
	}
}

/* Offers to save the answers as a CSV row; false when stopped by a signal. */
static bool S_offer_answers(sb_assess *x)
{
	char ch = S_choice(x, sb_assess_t(x, SB_AT_OFFER_ANSWERS), "yn");
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
		int rc = sb_assess_save_answers(x, path, &appended);
		char msg[1200];
		if (rc == 0) {
			snprintf(msg, sizeof msg,
			         sb_assess_t(x, appended ? SB_AT_ROW_ADDED : SB_AT_ANSWERS_SAVED_PRIVATE),
			         path, x->s->respondent);
			sb_assess_say(x, msg);
			sb_free(path);
			return true;
		}
		sb_free(path);
		ch = S_choice(x, sb_assess_t(x, SB_AT_TRY_OTHER_NAME), "yn");
		if (ch != 'y')
			return ch != 0;
	}
}

/* The end in the terminal. 0, or an exit status; x->stop_sig set when a signal stopped it. */
int sb_assess_end(sb_assess *x)
{
	sb_term_alt_screen(false);
	sb_term_size(&x->cols, &x->rows);
	int width = x->cols > 1 ? x->cols - 1 : 79;
	int rc = sb_assess_results(x);
	if (rc)
		return rc;
	/* What was asked for on the command line is saved first: a window closed later loses
	 * nothing. */
	rc = sb_assess_save_requested(x);
	S_summary(x, width);

	sb_buf text = { 0 };
	sb_diags d = { 0 };
	sb_status st = sb_assess_render(x, SB_FORMAT_TEXT, width, &text, &d);
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
		st = sb_assess_render(x, SB_FORMAT_TEXT, 80, &plain, &d);
		int r = st == SB_OK ? sb_cli_stdout(x->c, plain.data ? plain.data : "", plain.len)
		                    : sb_cli_status(x->c, st, &d);
		if (r && !rc)
			rc = r;
		sb_buf_free(&plain);
		if (!r) /* else the error line says why it was not */
			sb_assess_say(x, sb_assess_t(x, SB_AT_REPORT_TO_STDOUT));
	} else {
		char ch = S_choice(x, sb_assess_t(x, SB_AT_READ_REPORT), "q\r");
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
	/* What --report and --save-answers did, each on its own: one failing (the error line is
	 * above the results) does not make the other's file any less saved. */
	if (x->report) {
		char msg[1200];
		if (x->report_saved)
			snprintf(msg, sizeof msg, "%s %s\n", sb_assess_t(x, SB_AT_REPORT_SAVED_IN),
			         x->report);
		else
			snprintf(msg, sizeof msg, sb_assess_t(x, SB_AT_REPORT_NOT_SAVED_IN), x->report);
		sb_assess_say(x, msg);
	} else if (!S_offer_report(x)) {
		return rc;
	}
	if (x->save_answers) {
		char msg[1200];
		if (x->answers_saved)
			snprintf(msg, sizeof msg, "%s %s\n", sb_assess_t(x, SB_AT_ANSWERS_SAVED_IN),
			         x->save_answers);
		else
			snprintf(msg, sizeof msg, sb_assess_t(x, SB_AT_ANSWERS_NOT_SAVED_IN),
			         x->save_answers);
		sb_assess_say(x, msg);
	} else if (!S_offer_answers(x)) {
		return rc;
	}
	return rc;
}


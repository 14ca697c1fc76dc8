/* SPDX-License-Identifier: MIT */
/* test_statfile.c — `securebase score --format sav|dta`: the files read back by R's haven
 * (r-cran-haven) hold every value `score --decimals 9` writes as CSV, to 1e-9, the bands, styles
 * and flags as codes whose value labels are the bank's names in --lang, the scale names as
 * variable labels (en and zh), system missing for unscored scales, valid variable names for a
 * kept column with spaces and brackets; plus the rules around it: the variable-name mapping, the
 * extension choosing the format, a terminal refused, rejected rows going to --rejects. The
 * read-backs exit 77 (skipped, after the other tests ran) without Rscript or haven
 * (scripts/install-deps.sh test). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "bank/bank.h"
#include "score/score.h"
#include "score/statfile.h"

/* --- a small CSV reader for score's output (quoted cells are not needed here) --------------- */

static const char *S_cell(const sb_table *t, size_t row, const char *name)
{
	return t->cells[(row + 1) * t->cols + sb_table_col(t, name)];
}

/* --- what haven read ----------------------------------------------------------------------- */

/* One variable as the R script prints it: name, label, values (NA for missing), value labels
 * ("1=Low;2=Moderate;3=High", "" when none). */
typedef struct {
	char *name, *label, *labels;
	char **values;
	size_t n;
} S_var;

typedef struct {
	S_var *v;
	size_t n;
	char *text;
} S_file;

static const char S_r_script[] =
	"library(haven)\n"
	"for (f in commandArgs(TRUE)) {\n"
	"d <- if (grepl('dta$', f)) read_dta(f) else read_sav(f)\n"
	"cat('F\\n')\n"
	"for (n in names(d)) {\n"
	"  x <- d[[n]]\n"
	"  lab <- attr(x, 'label'); if (is.null(lab)) lab <- ''\n"
	"  l <- attr(x, 'labels')\n"
	"  ls <- if (is.null(l)) '' else paste(paste0(as.numeric(l), '=', names(l)), collapse = ';')\n"
	"  v <- if (is.character(x)) x else ifelse(is.na(x), 'NA', sprintf('%.17g', as.numeric(x)))\n"
	"  cat('V', n, lab, ls, sep = '\\t'); cat('\\n')\n"
	"  cat(paste(c('D', v), collapse = '\\t')); cat('\\n')\n"
	"}\n"
	"}\n";

/* Reads the files paths[0..n) back with haven into files[0..n) (one R run, R being slow to
 * start); files[0].text holds the text they point into. */
static void S_read_back(const char *dir, const char *const *paths, size_t n, S_file *files)
{
	char *script = sb_join(dir, "read.R");
	sb_write_file(script, S_r_script, strlen(S_r_script));
	char cmd[4096];
	int len = snprintf(cmd, sizeof cmd, "Rscript '%s'", script);
	for (size_t i = 0; i < n; i++)
		len += snprintf(cmd + len, sizeof cmd - (size_t)len, " '%s'", paths[i]);
	memset(files, 0, n * sizeof *files);
	files[0].text = sb_sh(cmd);
	free(script);
	S_var *cur = NULL;
	S_file *fp = NULL;
	for (char *save = NULL, *line = strtok_r(files[0].text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *fields[3] = { 0 };
		size_t nf = 0;
		if (line[0] == 'F') {
			fp = fp ? fp + 1 : files;
			assert_true(fp < files + n);
			cur = NULL;
		} else if (line[0] == 'V') {
			S_file *f = fp;
			char *p = line + 2;
			for (nf = 0; nf < 3; nf++) {
				fields[nf] = p;
				char *tab = strchr(p, '\t');
				if (tab) {
					*tab = '\0';
					p = tab + 1;
				} else {
					p += strlen(p);
				}
			}
			f->v = realloc(f->v, (f->n + 1) * sizeof *f->v);
			assert_non_null(f->v);
			cur = &f->v[f->n++];
			*cur = (S_var){ .name = fields[0], .label = fields[1], .labels = fields[2] };
		} else {
			assert_true(line[0] == 'D' && cur);
			if (line[1] == '\0')
				continue;
			for (char *p = line + 2;;) {
				cur->values = realloc(cur->values, (cur->n + 1) * sizeof *cur->values);
				assert_non_null(cur->values);
				cur->values[cur->n++] = p;
				char *tab = strchr(p, '\t');
				if (!tab)
					break;
				*tab = '\0';
				p = tab + 1;
			}
		}
	}
	assert_true(fp == files + n - 1);
}

static void S_file_free(S_file *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].values);
	free(f->v);
}

static const S_var *S_var_named(const S_file *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return &f->v[i];
	fail_msg("no variable %s", name);
	return NULL;
}

/* "1=Low;2=Moderate;3=High" for a scale's bands in l. */
static void S_band_labels(const sb_scale *s, sb_lang l, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t k = 0; k < s->n_bands; k++)
		n += (size_t)snprintf(out + n, size - n, "%s%zu=%s", k ? ";" : "", k + 1,
		                      sb_text_get(&s->bands[k].label, l));
}

/* Scores answers to CSV (--decimals 9) and to a .sav and a .dta in language lang, reads both
 * back and checks every value and label against the CSV and the bank. keep: a --keep value or
 * NULL. Returns the number of unscored (missing) scale scores seen in each file. */
static size_t S_round_trip(const char *answers, const char *lang, const char *keep,
                           const char *keep_var)
{
	const sb_bank *b = sb_test_bank;
	sb_lang l = strcmp(lang, "zh") == 0 ? SB_LANG_ZH : SB_LANG_EN;
	char *dir = sb_tmpdir();
	const char *csv_argv[] = { "securebase", "-q", "score", answers, "--decimals", "9",
		                   keep ? "--keep" : NULL, keep, NULL };
	sb_run_result c = sb_run(csv_argv, NULL, 0, NULL, NULL);
	assert_int_equal(c.status, 0);
	sb_table t = sb_table_parse(c.out);
	size_t rows = t.rows - 1, unscored = 0;
	static const char *const exts[] = { "sav", "dta" };
	char *paths[2];
	for (int e = 0; e < 2; e++) {
		char name[32];
		snprintf(name, sizeof name, "scores.%s", exts[e]);
		paths[e] = sb_join(dir, name);
		/* the extension alone chooses the format */
		const char *argv[] = { "securebase", "--lang", lang, "score", answers, "-o", paths[e],
			               keep ? "--keep" : NULL, keep, NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		assert_int_equal(r.status, 0);
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
	}
	S_file files[2];
	S_read_back(dir, (const char *const *)paths, 2, files);
	for (int e = 0; e < 2; e++) {
		S_file f = files[e];
		/* columns: id, the kept one, per scale four, style, four flags */
		assert_int_equal(f.n, 1 + (keep ? 1 : 0) + 4 * b->n_scales + 1 + SB_FLAG_COUNT);
		assert_string_equal(f.v[0].name, "id");
		assert_string_equal(f.v[0].label, l == SB_LANG_ZH ? "编号" : "Respondent id");
		if (keep) {
			assert_string_equal(f.v[1].name, keep_var);
			assert_string_equal(f.v[1].label, keep);
			assert_int_equal(f.v[1].n, rows);
			for (size_t i = 0; i < rows; i++)
				assert_string_equal(f.v[1].values[i], S_cell(&t, i, keep));
		}
		for (size_t i = 0; i < f.n; i++)
			assert_int_equal(f.v[i].n, rows);
		for (size_t i = 0; i < rows; i++)
			assert_string_equal(f.v[0].values[i], S_cell(&t, i, "id"));
		for (size_t s = 0; s < b->n_scales; s++) {
			const sb_scale *sc = &b->scales[s];
			char col[128], want[512];
			const S_var *score = S_var_named(&f, sc->id);
			assert_string_equal(score->label, sb_text_get(&sc->name, l));
			assert_string_equal(score->labels, "");
			snprintf(col, sizeof col, "%s_band", sc->id);
			const S_var *band = S_var_named(&f, col);
			S_band_labels(sc, l, want, sizeof want);
			assert_string_equal(band->labels, want);
			snprintf(want, sizeof want, "%s%s", sb_text_get(&sc->name, l),
			         l == SB_LANG_ZH ? "：分段" : ": band");
			assert_string_equal(band->label, want);
			snprintf(col, sizeof col, "%s_answered_n", sc->id);
			const S_var *ans = S_var_named(&f, col);
			snprintf(col, sizeof col, "%s_items", sc->id);
			const S_var *items = S_var_named(&f, col);
			for (size_t i = 0; i < rows; i++) {
				const char *cs = S_cell(&t, i, sc->id);
				if (*cs == '\0') {
					assert_string_equal(score->values[i], "NA");
					assert_string_equal(band->values[i], "NA");
					unscored++;
				} else {
					double x = strtod(score->values[i], NULL), y = strtod(cs, NULL);
					if (!(fabs(x - y) <= 1e-9))
						fail_msg("%s row %zu %s: file %.17g, CSV %.17g", exts[e], i,
						         sc->id, x, y);
					snprintf(col, sizeof col, "%s_band", sc->id);
					size_t k = 0;
					while (k < sc->n_bands && strcmp(sc->bands[k].id, S_cell(&t, i, col)))
						k++;
					assert_true(k < sc->n_bands);
					snprintf(want, sizeof want, "%zu", k + 1);
					assert_string_equal(band->values[i], want);
				}
				snprintf(col, sizeof col, "%s_answered_n", sc->id);
				assert_string_equal(ans->values[i], S_cell(&t, i, col));
				snprintf(col, sizeof col, "%s_items", sc->id);
				assert_string_equal(items->values[i], S_cell(&t, i, col));
			}
		}
		const S_var *style = S_var_named(&f, "style");
		char want[1024];
		size_t n = 0;
		for (int k = 0; k < SB_STYLE_COUNT; k++)
			n += (size_t)snprintf(want + n, sizeof want - n, "%s%d=%s", k ? ";" : "", k + 1,
			                      sb_text_get(&b->attachment.styles[k].name, l));
		assert_string_equal(style->labels, want);
		for (size_t i = 0; i < rows; i++) {
			const char *cs = S_cell(&t, i, "style");
			if (*cs == '\0') {
				assert_string_equal(style->values[i], "NA");
				continue;
			}
			int k = 0;
			while (k < SB_STYLE_COUNT && strcmp(sb_style_id(k), cs))
				k++;
			snprintf(want, sizeof want, "%d", k + 1);
			assert_string_equal(style->values[i], want);
		}
		for (int k = 0; k < SB_FLAG_COUNT; k++) {
			char col[64];
			snprintf(col, sizeof col, "flag_%s", sb_quality_flag_name(k));
			const S_var *fl = S_var_named(&f, col);
			assert_string_equal(fl->labels, l == SB_LANG_ZH ? "0=否;1=是" : "0=no;1=yes");
			for (size_t i = 0; i < rows; i++) {
				char flags[128];
				snprintf(flags, sizeof flags, ";%s;", S_cell(&t, i, "flags"));
				snprintf(col, sizeof col, ";%s;", sb_quality_flag_name(k));
				assert_string_equal(fl->values[i], strstr(flags, col) ? "1" : "0");
			}
		}
		S_file_free(&f);
		free(paths[e]);
	}
	free(files[0].text);
	sb_table_free(&t);
	sb_run_free(&c);
	sb_rmtree(dir);
	free(dir);
	return unscored;
}

static void test_care_answers_en(void **state)
{
	(void)state;
	char *answers = sb_src_path("tests/data/care_answers.csv");
	assert_int_equal(S_round_trip(answers, "en", NULL, NULL), 0);
	free(answers);
}

static void test_care_answers_zh(void **state)
{
	(void)state;
	char *answers = sb_src_path("tests/data/care_answers.csv");
	assert_int_equal(S_round_trip(answers, "zh", NULL, NULL), 0);
	free(answers);
}

/* Rows with gaps: row r leaves every item of scale r % n_scales blank (so that scale is unscored
 * and, for the attachment scales, the style missing) and a few others; an extra column with a
 * name no statistics package takes as a variable name, kept. */
static void test_unscored_and_kept(void **state)
{
	(void)state;
	const sb_bank *b = sb_test_bank;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "gaps.csv");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("id,Email Address (work)", f);
	for (size_t i = 0; i < b->n_items; i++)
		fprintf(f, ",%s", b->items[i].id);
	fputc('\n', f);
	size_t rows = 2 * b->n_scales;
	for (size_t r = 0; r < rows; r++) {
		fprintf(f, "gap%zu,p%zu@example.org", r, r);
		const char *blank = b->scales[r % b->n_scales].id;
		for (size_t i = 0; i < b->n_items; i++) {
			if (strcmp(sb_item_scale_id(b, i), blank) == 0 || (i + r) % 11 == 0)
				fputc(',', f);
			else
				fprintf(f, ",%d", sb_fit_answer(i, (int)((i * 5 + r * 3) % 7) + 1));
		}
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
	/* each row leaves at least one scale unscored, in each of the two files */
	assert_true(S_round_trip(path, "en", "Email Address (work)", "Email_Address__work_") >=
	            2 * rows);
	sb_rmtree(dir);
	free(path);
	free(dir);
}

/* --- without R ------------------------------------------------------------------------------ */

static void test_names(void **state)
{
	(void)state;
	char used[4][SB_STAT_NAME_MAX + 1] = { "anxiety", "a_very_long_scale_identifier_tha",
		                               "to_", "" };
	char out[SB_STAT_NAME_MAX + 1];
	sb_statfile_name("self_worth_answered_n", out, (const char(*)[SB_STAT_NAME_MAX + 1])used, 3);
	assert_string_equal(out, "self_worth_answered_n");
	sb_statfile_name("ANXIETY", out, (const char(*)[SB_STAT_NAME_MAX + 1])used, 3);
	assert_string_equal(out, "ANXIETY_2"); /* SPSS ignores case */
	sb_statfile_name("a_very_long_scale_identifier_that_goes_on_answered_n", out,
	                 (const char(*)[SB_STAT_NAME_MAX + 1])used, 3);
	assert_string_equal(out, "a_very_long_scale_identifier_t_2"); /* 32 bytes */
	assert_int_equal(strlen(out), 32);
	sb_statfile_name("a_very_long_scale_identifier_that_goes_on", out,
	                 (const char(*)[SB_STAT_NAME_MAX + 1])used, 1);
	assert_string_equal(out, "a_very_long_scale_identifier_tha");
	sb_statfile_name("to", out, (const char(*)[SB_STAT_NAME_MAX + 1])used, 2);
	assert_string_equal(out, "to_");
	sb_statfile_name("to", out, (const char(*)[SB_STAT_NAME_MAX + 1])used, 3);
	assert_string_equal(out, "to__2");
	sb_statfile_name("1st answer", out, (const char(*)[SB_STAT_NAME_MAX + 1])used, 3);
	assert_string_equal(out, "v1st_answer");
	sb_statfile_name("_n", out, (const char(*)[SB_STAT_NAME_MAX + 1])used, 3);
	assert_string_equal(out, "v_n");
	sb_statfile_name("邮箱", out, (const char(*)[SB_STAT_NAME_MAX + 1])used, 3);
	assert_string_equal(out, "v______"); /* six UTF-8 bytes */
}

static void test_terminal_and_formats(void **state)
{
	(void)state;
	char *answers = sb_src_path("tests/data/care_answers.csv");
	char *dir = sb_tmpdir();
	static const char *const fmts[] = { "sav", "dta" };
	for (int k = 0; k < 2; k++) {
		const char *argv[] = { "securebase", "score", answers, "--format", fmts[k], NULL };
		sb_run_opts o = { .argv = argv, .stdout_tty = 1 };
		sb_run_result r = sb_run_ex(&o);
		assert_int_equal(r.status, 64);
		char want[128];
		snprintf(want, sizeof want, "securebase: a %s file is not for a terminal: write it to a "
		         "file with -o FILE.%s", k ? "Stata" : "SPSS", fmts[k]);
		if (!sb_contains(r.err, want) && !sb_contains(r.out, want))
			fail_msg("no '%s' in: %s%s", want, r.out, r.err);
		sb_run_free(&r);
	}
	/* --format and the extension must agree */
	char *dta = sb_join(dir, "x.dta");
	const char *argv[] = { "securebase", "score", answers, "--format", "sav", "-o", dta, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--format sav contradicts the output file"));
	sb_run_free(&r);
	/* a bad --format names the new ones */
	const char *bad[] = { "securebase", "score", answers, "--format", "spss", NULL };
	r = sb_run(bad, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--format takes csv, jsonl, sav or dta, not 'spss'"));
	sb_run_free(&r);
	/* to a pipe, the bytes are the file's: a .sav starts with "$FL2", a .dta with <stata_dta> */
	const char *pipe_sav[] = { "securebase", "-q", "score", answers, "--format", "sav", NULL };
	r = sb_run(pipe_sav, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(r.out_len > 4 && memcmp(r.out, "$FL2", 4) == 0);
	sb_run_free(&r);
	const char *pipe_dta[] = { "securebase", "-q", "score", answers, "--format", "dta", NULL };
	r = sb_run(pipe_dta, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(r.out_len > 11 && memcmp(r.out, "<stata_dta>", 11) == 0);
	sb_run_free(&r);
	sb_rmtree(dir);
	free(dta);
	free(dir);
	free(answers);
}

/* Rejected rows go to --rejects as with CSV; the data file holds the good rows (read back
 * below when R is there). */
static void test_rejects(void **state)
{
	(void)state;
	const sb_bank *b = sb_test_bank;
	char *dir = sb_tmpdir();
	char *in = sb_join(dir, "in.csv"), *out = sb_join(dir, "out.sav"),
	     *rej = sb_join(dir, "rej.csv");
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	fputs("id", f);
	for (size_t i = 0; i < b->n_items; i++)
		fprintf(f, ",%s", b->items[i].id);
	fputc('\n', f);
	for (int r = 0; r < 3; r++) {
		fprintf(f, "r%d", r);
		for (size_t i = 0; i < b->n_items; i++)
			fprintf(f, ",%s", r == 1 && i == 2 ? "9" : "2");
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
	const char *argv[] = { "securebase", "score", in, "-o", out, "--rejects", rej, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "securebase: 3 rows read, 2 scored, 1 rejected"));
	char *rj = sb_read_file(rej, NULL);
	assert_non_null(rj);
	assert_true(strncmp(rj, "row,column,reason,record\n3,4,", 29) == 0);
	size_t len = 0;
	char *sav = sb_read_file(out, &len);
	assert_non_null(sav);
	assert_true(len > 4 && memcmp(sav, "$FL2", 4) == 0);
	if (sb_has_tool("Rscript") && system("Rscript -e 'library(haven)' >/dev/null 2>&1") == 0) {
		S_file fr;
		S_read_back(dir, (const char *const[]){ out }, 1, &fr);
		assert_int_equal(fr.v[0].n, 2);
		assert_string_equal(fr.v[0].values[0], "r0");
		assert_string_equal(fr.v[0].values[1], "r2");
		S_file_free(&fr);
		free(fr.text);
	}
	free(sav);
	free(rj);
	sb_run_free(&r);
	sb_rmtree(dir);
	free(in);
	free(out);
	free(rej);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_terminal_and_formats),
		cmocka_unit_test(test_rejects),
	};
	int rc = cmocka_run_group_tests(plain, sb_embedded_setup, sb_embedded_teardown);
	if (rc != 0)
		return rc;
	if (!sb_has_tool("Rscript") || system("Rscript -e 'library(haven)' >/dev/null 2>&1") != 0) {
		printf("test_statfile: SKIPPED the read-backs: Rscript with the haven package is not "
		       "installed (r-cran-haven: scripts/install-deps.sh test)\n");
		return 77;
	}
	const struct CMUnitTest r[] = {
		cmocka_unit_test(test_care_answers_en),
		cmocka_unit_test(test_care_answers_zh),
		cmocka_unit_test(test_unscored_and_kept),
	};
	return cmocka_run_group_tests(r, sb_embedded_setup, sb_embedded_teardown);
}

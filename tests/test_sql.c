/* SPDX-License-Identifier: MIT */
/* test_sql.c — `securebase template --format sql`, end to end: the query is run by the sqlite3
 * program on the repository's answers files and on 5,000 generated rows (imported with
 * `.import --csv`, written with `.mode csv`), and every row is compared with what
 * `securebase score --decimals 9` writes: scores to 1e-9, bands, answered counts, unscored cells,
 * style and flags exactly. DuckDB is tested by tests/sql/ (ctest sql_duckdb). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "bank/bank.h"
#include "base/buf.h"
#include "data/csv.h"

typedef struct {
	char **cells; /* rows * cols, NUL-terminated copies */
	size_t rows, cols;
	size_t *order; /* S_sort: rows by id, the header first */
} S_table;

static void S_table_free(S_table *t)
{
	for (size_t i = 0; i < t->rows * t->cols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->order);
}

static const S_table *S_sorting;

static int S_by_id(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = strcmp(S_sorting->cells[i * S_sorting->cols], S_sorting->cells[j * S_sorting->cols]);
	return c ? c : i < j ? -1 : i > j;
}

static void S_sort(S_table *t)
{
	t->order = malloc((t->rows + 1) * sizeof *t->order);
	assert_non_null(t->order);
	for (size_t i = 0; i < t->rows; i++)
		t->order[i] = i;
	S_sorting = t;
	if (t->rows > 1)
		qsort(t->order + 1, t->rows - 1, sizeof *t->order, S_by_id);
}

/* Parses CSV text whose records all have the header's number of fields. */
static S_table S_parse(const char *text, size_t len)
{
	S_table t = { 0 };
	sb_csv *r = NULL;
	assert_int_equal(sb_csv_open_mem(text, len, 0, &r), SB_OK);
	sb_csv_record rec;
	size_t cap = 0;
	while (sb_csv_next(r, &rec) == SB_OK && rec.kind != SB_CSV_END) {
		assert_int_equal(rec.kind, SB_CSV_RECORD);
		if (t.rows == 0)
			t.cols = rec.n_fields;
		assert_int_equal(rec.n_fields, t.cols);
		if ((t.rows + 1) * t.cols > cap) {
			cap = (t.rows + 1) * t.cols * 2;
			t.cells = realloc(t.cells, cap * sizeof *t.cells);
			assert_non_null(t.cells);
		}
		for (size_t j = 0; j < t.cols; j++) {
			char *c = malloc(rec.fields[j].len + 1);
			assert_non_null(c);
			memcpy(c, rec.fields[j].p, rec.fields[j].len);
			c[rec.fields[j].len] = '\0';
			t.cells[t.rows * t.cols + j] = c;
		}
		t.rows++;
	}
	sb_csv_free(r);
	return t;
}

/* Writes the query for bank (NULL: the embedded one) in dialect into dir/q.sql and returns its
 * path. */
static char *S_query(const char *dir, const char *bank, const char *dialect)
{
	const char *argv_b[] = { "securebase", "--bank", bank, "template", "--format", "sql",
		                 "--dialect", dialect, NULL };
	const char *argv_e[] = { "securebase", "template", "--format", "sql", "--dialect", dialect,
		                 NULL };
	sb_run_result r = sb_run(bank ? argv_b : argv_e, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.err_len, 0);
	char *path = sb_join(dir, "q.sql");
	sb_write_file(path, r.out, r.out_len);
	sb_run_free(&r);
	return path;
}

/* The PostgreSQL server of test_postgres (tests/sql/postgres.sh), or NULL. */
static const char *S_pg;

/* Scores csv with the query in sqlite3 (adding the columns of items the file lacks, empty), or
 * in PostgreSQL when S_pg is set (the file must have every item's column), and with
 * `securebase score`, and compares. skip: ids the SQL writes that score rejects (rows of the
 * wrong length, which .import pads with NULL). Returns the number of rows compared. */
static size_t S_compare(const char *dir, const char *bank, const char *csv, const sb_bank *b,
                        const char *const *skip)
{
	char *q = S_query(dir, bank, S_pg ? "postgres" : "sqlite");
	char *db = sb_join(dir, "t.db");
	remove(db);
	/* the header, to find the items it lacks */
	char *cmd = NULL;
	size_t clen = 0;
	FILE *m = open_memstream(&cmd, &clen);
	assert_non_null(m);
	fprintf(m, "sqlite3 '%s' \".import --csv '%s' answers\" 2>/dev/null && sqlite3 '%s'", db, csv,
	        db);
	size_t hlen;
	char *text = sb_read_file(csv, &hlen);
	assert_non_null(text);
	char *nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	for (size_t i = 0; i < b->n_items; i++) {
		char pat[80];
		snprintf(pat, sizeof pat, ",%s,", b->items[i].id);
		char line[8192];
		snprintf(line, sizeof line, ",%s,", text);
		if (!strstr(line, pat))
			fprintf(m, " 'ALTER TABLE answers ADD COLUMN %s'", b->items[i].id);
	}
	free(text);
	fprintf(m, " '.mode csv' '.headers on' \".read '%s'\"", q);
	fclose(m);
	if (S_pg) {
		char *script = sb_src_path("tests/sql/postgres.sh");
		free(cmd);
		cmd = NULL;
		m = open_memstream(&cmd, &clen);
		assert_non_null(m);
		fprintf(m, "sh '%s' run '%s' '%s' '%s'", script, S_pg, csv, q);
		fclose(m);
		free(script);
	}
	char *sql_out = sb_sh(cmd);
	free(cmd);

	const char *argv_b[] = { "securebase", "--bank", bank, "score", "--decimals", "9",
		                 "--no-formula-guard", "--no-duplicate-check", csv, NULL };
	const char *argv_e[] = { "securebase", "score", "--decimals", "9", "--no-formula-guard",
		                 "--no-duplicate-check", csv, NULL };
	sb_run_result r = sb_run(bank ? argv_b : argv_e, NULL, 0, NULL, NULL);
	assert_true(r.status == 0 || r.status == 65);
	S_table a = S_parse(sql_out, strlen(sql_out)), e = S_parse(r.out, r.out_len);
	assert_int_equal(a.cols, e.cols);
	assert_int_equal(a.cols, 1 + 5 * b->n_scales + 2);
	for (size_t j = 0; j < a.cols; j++)
		assert_string_equal(a.cells[j], e.cells[j]);
	/* by id (a database need not keep the table's order), then by place for repeated ids */
	S_sort(&a);
	S_sort(&e);
	size_t ai = 1, compared = 0;
	for (size_t ei = 1; ei < e.rows; ei++, ai++) {
		for (bool skipped = true; skipped && ai < a.rows;) {
			skipped = false;
			for (size_t k = 0; skip && skip[k]; k++)
				if (ai < a.rows && strcmp(a.cells[a.order[ai] * a.cols], skip[k]) == 0) {
					skipped = true;
					ai++;
				}
		}
		assert_true(ai < a.rows);
		char **x = &a.cells[a.order[ai] * a.cols], **y = &e.cells[e.order[ei] * e.cols];
		for (size_t j = 0; j < a.cols; j++) {
			bool score = j >= 1 && j < 1 + 5 * b->n_scales && (j - 1) % 5 == 0;
			if (score && *x[j] && *y[j]) {
				double dx = strtod(x[j], NULL), dy = strtod(y[j], NULL);
				if (fabs(dx - dy) > 1e-9)
					fail_msg("row %s, %s: %s (SQL) and %s (score)", y[0], e.cells[j], x[j],
					         y[j]);
			} else if (strcmp(x[j], y[j]) != 0) {
				fail_msg("row %s, %s: '%s' (SQL) and '%s' (score)", y[0], e.cells[j], x[j],
				         y[j]);
			}
		}
		compared++;
	}
	assert_int_equal(ai, a.rows); /* no row the SQL kept that score rejected */
	S_table_free(&a);
	S_table_free(&e);
	sb_run_free(&r);
	free(sql_out);
	free(q);
	free(db);
	return compared;
}

static sb_bank *S_bank(const char *rel)
{
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	if (rel) {
		char *p = sb_src_path(rel);
		assert_int_equal(sb_bank_load_file(p, &b, &d), SB_OK);
		free(p);
	} else {
		assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	}
	sb_diags_free(&d);
	return b;
}

static void test_data_files(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_bank *b = S_bank(NULL);
	/* missing answers, reversed items, unscored scales, rejected rows (8 and -0 out of range, an
	 * empty id, a short row: .import pads it, so the SQL scores p06), quoted ids */
	char *small = sb_src_path("tests/data/answers_small.csv");
	const char *skip[] = { "p06", NULL };
	assert_int_equal(S_compare(dir, NULL, small, b, skip), 7);
	char *care = sb_src_path("tests/data/care_answers.csv"); /* safety items, straight lines */
	assert_int_equal(S_compare(dir, NULL, care, b, NULL), 7);
	char *rep = sb_src_path("tests/data/report_answers.csv");
	assert_int_equal(S_compare(dir, NULL, rep, b, NULL), 3);
	free(small);
	free(care);
	free(rep);
	sb_bank_free(b);
	sb_rmtree(dir);
	free(dir);
}

static unsigned long long S_seed;
static unsigned S_rand(unsigned n)
{
	S_seed = S_seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((S_seed >> 33) % n);
}

/* One cell holding v for item i in one of the ways score accepts. */
static void S_cell(FILE *f, const sb_bank *b, size_t i, int v)
{
	const sb_response_scale *rs = &b->responses[b->items[i].response];
	unsigned k = S_rand(100);
	const char *label = rs->labels ? rs->labels[v - rs->min].s[SB_LANG_EN] : NULL;
	if (k < 2)
		fprintf(f, " %d ", v);
	else if (k < 4 && v >= 0 && v <= 9)
		fprintf(f, "\xef\xbc%c", (char)(0x90 + v)); /* full-width digit */
	else if (k < 6)
		fprintf(f, "%d.0", v);
	else if (k < 8 && label)
		fprintf(f, "\"%s\"", label);
	else if (k < 9 && v >= 0)
		fprintf(f, "0%d", v);
	else if (k < 10)
		fputs("NA", f);
	else
		fprintf(f, "%d", v);
}

/* n random rows for bank b (seeded): missing answers, straight lines, rows with most answers
 * missing, cells in every accepted form, and a few rows score rejects (a value out of range, a
 * word, an empty id). */
static void S_random_csv(const char *path, const sb_bank *b, size_t n, unsigned long long seed)
{
	S_seed = seed;
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("id", f);
	for (size_t i = 0; i < b->n_items; i++)
		fprintf(f, ",%s", b->items[i].id);
	fputs("\n", f);
	for (size_t r = 0; r < n; r++) {
		unsigned kind = S_rand(100);
		if (kind == 0)
			fputs("\"\"", f); /* empty id */
		else if (kind == 1)
			fprintf(f, "\"q,\"\"%zu\"", r);
		else
			fprintf(f, "r%zu", r);
		unsigned miss = kind < 10 ? 60 : kind < 40 ? 4 : 15;
		int straight = kind >= 90 ? 1 : 0;
		unsigned common = S_rand(7);
		size_t bad = kind == 2 ? S_rand((unsigned)b->n_items) : SIZE_MAX;
		for (size_t i = 0; i < b->n_items; i++) {
			const sb_response_scale *rs = &b->responses[b->items[i].response];
			int span = rs->max - rs->min + 1;
			fputc(',', f);
			if (i == bad) {
				fputs(S_rand(2) ? "99" : "x", f);
				continue;
			}
			if (S_rand(100) < miss)
				continue;
			int v = straight ? rs->min + (int)(common % (unsigned)span)
			                 : rs->min + (int)S_rand((unsigned)span);
			S_cell(f, b, i, v);
		}
		fputs("\n", f);
	}
	fclose(f);
}

static void test_random_rows(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_bank *b = S_bank(NULL);
	char *csv = sb_join(dir, "random.csv");
	S_random_csv(csv, b, 5000, 20261205);
	size_t n = S_compare(dir, NULL, csv, b, NULL);
	assert_true(n > 4850 && n < 5000); /* all but the rejected rows */
	free(csv);
	sb_bank_free(b);
	sb_rmtree(dir);
	free(dir);
}

/* A bank with negative values, a 0..1 scale and a sum scale (prorated with missing items). */
static void test_other_bank(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	sb_bank *b = S_bank("tests/data/answers_bank.yaml");
	char *bank = sb_src_path("tests/data/answers_bank.yaml");
	char *csv = sb_join(dir, "random.csv");
	S_random_csv(csv, b, 2000, 7);
	size_t n = S_compare(dir, bank, csv, b, NULL);
	assert_true(n > 1900 && n < 2000);
	free(csv);
	free(bank);
	sb_bank_free(b);
	sb_rmtree(dir);
	free(dir);
}

/* The PostgreSQL server's folder, for S_pg_stop. */
static char *S_pg_dir;

static int S_pg_stop(void **state)
{
	(void)state;
	S_pg = NULL;
	if (!S_pg_dir)
		return 0;
	char *script = sb_src_path("tests/sql/postgres.sh");
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "sh '%s' stop '%s' 2>/dev/null; true", script, S_pg_dir);
	free(sb_sh(cmd));
	free(script);
	sb_rmtree(S_pg_dir);
	free(S_pg_dir);
	S_pg_dir = NULL;
	return 0;
}

/* The same in PostgreSQL (its dialect), on a server of its own (stopped by S_pg_stop, also after a
 * failure); skipped where PostgreSQL is not installed. */
static void test_postgres(void **state)
{
	(void)state;
	if (!sb_has_tool("psql")) {
		print_message("SKIP: no PostgreSQL (apt-get install postgresql)\n");
		skip();
	}
	char *dir = S_pg_dir = sb_tmpdir();
	char *script = sb_src_path("tests/sql/postgres.sh");
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "sh '%s' start '%s'; echo $?", script, dir);
	free(script);
	char *started = sb_sh(cmd);
	if (strcmp(started, "0\n") != 0) {
		/* 77: no initdb or pg_ctl (postgres.sh also looks in /usr/lib/postgresql) */
		print_message("SKIP: no PostgreSQL server could be started (postgres.sh start: %s)\n",
		              started);
		free(started);
		skip();
	}
	free(started);
	S_pg = dir;
	sb_bank *b = S_bank(NULL);
	char *care = sb_src_path("tests/data/care_answers.csv");
	assert_int_equal(S_compare(dir, NULL, care, b, NULL), 7);
	free(care);
	char *csv = sb_join(dir, "random.csv");
	S_random_csv(csv, b, 5000, 20261205);
	size_t n = S_compare(dir, NULL, csv, b, NULL);
	assert_true(n > 4850 && n < 5000);
	sb_bank_free(b);
	free(csv);
}

/* The bank with negative values and a sum scale in PostgreSQL (the server of test_postgres). */
static void test_postgres_other_bank(void **state)
{
	(void)state;
	if (!S_pg)
		skip();
	sb_bank *b = S_bank("tests/data/answers_bank.yaml");
	char *bank = sb_src_path("tests/data/answers_bank.yaml");
	char *csv = sb_join(S_pg, "random.csv");
	S_random_csv(csv, b, 2000, 7);
	size_t n = S_compare(S_pg, bank, csv, b, NULL);
	assert_true(n > 1900 && n < 2000);
	free(csv);
	free(bank);
	sb_bank_free(b);
}

/* The step `scored` has the leaning's near-boundary markers (not columns of score's CSV): 1 when
 * strictly closer than the margin (0.25) to the cut-off (4). */
static void test_near_boundary(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *q = S_query(dir, NULL, "sqlite");
	size_t len;
	char *text = sb_read_file(q, &len);
	assert_non_null(text);
	char *sel = strstr(text, "\nSELECT id,\n");
	assert_non_null(sel);
	sb_buf t = { 0 };
	sb_buf_put(&t, text, (size_t)(sel - text) + 1);
	sb_buf_puts(&t, "SELECT id, near_anxiety, near_avoidance, sc_anxiety, sc_avoidance FROM scored;\n");
	sb_write_file(q, t.data, t.len);
	char *csv = sb_src_path("tests/data/care_answers.csv");
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "sqlite3 ':memory:' \".import --csv '%s' answers\" '.mode csv' "
	         "\".read '%s'\"", csv, q);
	char *out = sb_sh(cmd);
	size_t k = 0; /* .mode csv ends its lines in CRLF */
	for (size_t i = 0; out[i]; i++)
		if (out[i] != '\r')
			out[k++] = out[i];
	out[k] = '\0';
	/* all 4s: on both cut-offs; "straight": anxiety 4.5 (0.5 away), avoidance 3.875 (0.125) */
	assert_string_equal(out, "all7,0,0,4.75,4.75\n"
	                         "all4,1,1,4.0,4.0\n"
	                         "straight,0,1,4.5,3.875\n"
	                         "high,0,0,7.0,7.0\n"
	                         "low,0,0,1.0,1.0\n"
	                         "safety,0,0,5.375,2.75\n"
	                         "mixed,0,0,5.375,2.75\n");
	free(out);
	free(csv);
	sb_buf_free(&t);
	free(text);
	free(q);
	sb_rmtree(dir);
	free(dir);
}

static sb_run_result S_template(const char *a, const char *b2, const char *c, const char *d)
{
	const char *argv[] = { "securebase", "template", a, b2, c, d, NULL };
	return sb_run(argv, NULL, 0, NULL, NULL);
}

static void test_options(void **state)
{
	(void)state;
	sb_run_result r = S_template("--format", "sql", "--table", "main.my_answers");
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "FROM \"main\".\"my_answers\" AS t\n"));
	assert_true(sb_contains(r.out, "cells AS MATERIALIZED (\n"));
	sb_run_free(&r);
	r = S_template("--format", "sql", "--dialect", "spark");
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "FROM `answers` AS t\n"));
	assert_true(sb_contains(r.out, "TRIM(BOTH '0123456789' FROM i_anx01)"));
	assert_true(sb_contains(r.out, "cells AS (\n"));
	assert_false(sb_contains(r.out, "MATERIALIZED"));
	sb_run_free(&r);
	r = S_template("--format", "sql", "--dialect", "postgres");
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "STRPOS(b_anx01, '.')"));
	assert_true(sb_contains(r.out, "CAST(fs_anxiety + rs_anxiety AS DOUBLE PRECISION)"));
	sb_run_free(&r);
	r = S_template("--format", "sql", "--dialect", "oracle");
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--dialect takes sqlite, duckdb, postgres or spark, not 'oracle'"));
	sb_run_free(&r);
	r = S_template("--format", "sql", "--table", "x;drop");
	assert_int_equal(r.status, 64);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	r = S_template("--dialect", "duckdb", NULL, NULL);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "--dialect and --table go with --format sql"));
	sb_run_free(&r);
	r = S_template("--codebook", "--format", "sql", NULL);
	assert_int_equal(r.status, 64);
	sb_run_free(&r);
}

int main(void)
{
	if (!sb_has_tool("sqlite3")) {
		printf("SKIP: no sqlite3 (apt-get install sqlite3)\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_data_files),
		cmocka_unit_test(test_near_boundary),
		cmocka_unit_test(test_random_rows),
		cmocka_unit_test(test_other_bank),
		cmocka_unit_test(test_postgres),
		cmocka_unit_test_teardown(test_postgres_other_bank, S_pg_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

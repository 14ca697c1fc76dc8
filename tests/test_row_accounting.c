/* SPDX-License-Identifier: MIT */
/* test_row_accounting.c — rows read = rows scored + rows rejected, on a messy generated file of
 * 10,000 rows: good rows (complete, with gaps, CRLF endings, quoted ids and notes spanning lines,
 * repeated ids, formula-looking ids) mixed with every kind of bad row the reader knows, blank
 * lines between them, and an unterminated quote last. The generator knows which rows it made bad
 * and at which row number; `score` must agree in its summary line, its --summary JSON, the
 * records and lines of its output (CSV and JSON Lines) and the rows listed in its rejects file. */
#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "data/answers.h"
#include "bank/bank.h"
#include "base/buf.h"
#include "data/csv.h"

#define S_ROWS 10000

typedef struct {
	sb_buf csv;
	long line;              /* the physical line the next record starts on */
	size_t read, scored, rejected;
	size_t out_lines;       /* lines of the CSV output: the header, then every scored row */
	long *rej_rows;         /* expected row numbers of rejected rows, in order */
	size_t n_rej;
	unsigned long long seed;
} S_gen;

static unsigned S_rand(S_gen *g, unsigned n)
{
	g->seed = g->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((g->seed >> 33) % n);
}

static size_t S_count(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

/* Appends the answers to to (n_items values, 1..7, a tenth missing), the cell of item bad_at
 * replaced with bad. */
/* The bank the rows are made for: each item's answers come from its own response scale (the
 * safety items of bank 2.0 take 1 to 3). */
static const sb_bank *S_for;

static void S_answers(S_gen *g, sb_buf *to, size_t n_items, size_t bad_at, const char *bad)
{
	for (size_t i = 0; i < n_items; i++) {
		sb_buf_putc(to, ',');
		const sb_response_scale *rs = &S_for->responses[S_for->items[i].response];
		if (i == bad_at)
			sb_buf_puts(to, bad);
		else if (S_rand(g, 10) != 0)
			sb_buf_printf(to, "%d", rs->min + (int)S_rand(g, (unsigned)(rs->max - rs->min + 1)));
	}
}

/* A good row: id (already CSV text), answers, note (CSV text), line ending. */
static void S_good(S_gen *g, size_t n_items, const char *id, const char *note, bool crlf)
{
	long lines = 1 + (long)S_count(id, '\n') + (long)S_count(note, '\n');
	sb_buf_puts(&g->csv, id);
	S_answers(g, &g->csv, n_items, (size_t)-1, NULL);
	sb_buf_putc(&g->csv, ',');
	sb_buf_puts(&g->csv, note);
	sb_buf_puts(&g->csv, crlf ? "\r\n" : "\n");
	g->line += lines;
	g->read++;
	g->scored++;
	/* In the output, a quoted newline in the id or note stays inside its quoted cell. */
	g->out_lines += (size_t)lines;
}

static void S_bad(S_gen *g, const char *record, long lines)
{
	sb_buf_puts(&g->csv, record);
	g->rej_rows[g->n_rej++] = g->line;
	g->line += lines;
	g->read++;
	g->rejected++;
}

static void S_generate(S_gen *g, const sb_bank *b)
{
	size_t n = b->n_items;
	S_for = b;
	sb_answers_write_header(b, &g->csv);
	g->csv.len--; /* before the header's newline */
	sb_buf_puts(&g->csv, ",note\n");
	g->line = 2;
	g->out_lines = 1;
	sb_buf row = { 0 };
	for (unsigned i = 0; i < S_ROWS - 1; i++) {
		char id[64];
		snprintf(id, sizeof id, "p%05u", i);
		unsigned kind = S_rand(g, 24);
		if (S_rand(g, 50) == 0) { /* blank lines: counted as lines, never as rows */
			sb_buf_puts(&g->csv, S_rand(g, 2) ? "\n" : "\r\n");
			g->line++;
		}
		row.len = 0;
		switch (kind) {
		case 0: /* a value out of range */
		case 1: { /* a value that is not a whole number */
			/* (4.0, " 4" and a full-width 4 are read as 4: docs/importing.md) */
			static const char *const odd[] = { "9", "0", "-1", "4.5", "4 4", "\xE5\x9B\x9B", "1e1",
				                           "+3", "-0", "99999999999999999999", "x" };
			const char *v = kind == 0 ? odd[S_rand(g, 3)] : odd[3 + S_rand(g, 8)];
			sb_buf_puts(&row, id);
			S_answers(g, &row, n, S_rand(g, (unsigned)n), v);
			sb_buf_puts(&row, ",bad value\n");
			S_bad(g, row.data, 1);
			break;
		}
		case 2: /* too few fields */
			sb_buf_printf(&row, "%s,1,2,3\n", id);
			S_bad(g, row.data, 1);
			break;
		case 3: /* too many fields */
			sb_buf_puts(&row, id);
			for (size_t k = 0; k < n + 3; k++)
				sb_buf_puts(&row, ",4");
			sb_buf_putc(&row, '\n');
			S_bad(g, row.data, 1);
			break;
		case 4: /* an empty id */
			for (size_t k = 0; k < n; k++)
				sb_buf_puts(&row, ",4");
			sb_buf_puts(&row, ",empty id\n");
			S_bad(g, row.data, 1);
			break;
		case 5: /* an id that is not UTF-8 */
			sb_buf_printf(&row, "%s\xff", id);
			for (size_t k = 0; k < n; k++)
				sb_buf_puts(&row, ",4");
			sb_buf_puts(&row, ",\n");
			S_bad(g, row.data, 1);
			break;
		case 6: /* a quote inside an unquoted field */
			sb_buf_printf(&row, "%s\"x,4\n", id);
			S_bad(g, row.data, 1);
			break;
		case 7: /* characters after a closing quote, in a record spanning two lines */
			sb_buf_printf(&row, "\"%s\nmore\"tail", id);
			for (size_t k = 0; k < n; k++)
				sb_buf_puts(&row, ",4");
			sb_buf_puts(&row, ",\n");
			S_bad(g, row.data, 2);
			break;
		case 8: /* a NUL byte */
			sb_buf_printf(&row, "%s", id);
			for (size_t k = 0; k < n; k++)
				sb_buf_puts(&row, ",4");
			sb_buf_puts(&row, ",nul");
			sb_buf_putc(&row, '\0');
			sb_buf_puts(&row, "here\n");
			sb_buf_put(&g->csv, row.data, row.len);
			g->rej_rows[g->n_rej++] = g->line;
			g->line++;
			g->read++;
			g->rejected++;
			break;
		case 9: /* a carriage return alone inside a record */
			sb_buf_printf(&row, "%s,4\rx", id);
			for (size_t k = 1; k < n; k++)
				sb_buf_puts(&row, ",4");
			sb_buf_puts(&row, ",\n");
			S_bad(g, row.data, 1);
			break;
		case 10: /* a quoted id spanning lines, with a comma and quotes */
			snprintf(id, sizeof id, "\"p%05u, line one\nline \"\"two\"\"\"", i);
			S_good(g, n, id, "plain", false);
			break;
		case 11: /* a quoted note spanning three lines */
			S_good(g, n, id, "\"first\nsecond\r\nthird, with a comma\"", false);
			break;
		case 12: /* CRLF */
			S_good(g, n, id, "crlf", true);
			break;
		case 13: /* an id seen before: scored, and warned about */
			S_good(g, n, "p00000", "repeated", false);
			break;
		case 14: /* formula-looking ids */
			snprintf(id, sizeof id, "%s%05u", (const char *[]){ "=", "+", "-", "@" }[S_rand(g, 4)],
			         i);
			S_good(g, n, id, "\"=HYPERLINK(\"\"x\"\")\"", false);
			break;
		default:
			S_good(g, n, id, "", false);
			break;
		}
	}
	/* Last, an opening quote never closed: the reader finds out at the end of the input. */
	sb_buf_puts(&g->csv, "\"never closed,4,4");
	g->rej_rows[g->n_rej++] = g->line;
	g->read++;
	g->rejected++;
	sb_buf_free(&row);
	assert_false(g->csv.failed);
}

static long S_field_long(const sb_csv_field *f)
{
	char buf[32];
	assert_true(f->len > 0 && f->len < sizeof buf);
	memcpy(buf, f->p, f->len);
	buf[f->len] = '\0';
	return strtol(buf, NULL, 10);
}

/* Records in a CSV file, read with our own reader (a bad record fails the test). With rows set,
 * the first field of every record after the header is collected there. */
static size_t S_records(const char *path, long *rows)
{
	size_t len;
	char *data = sb_read_file(path, &len);
	assert_non_null(data);
	sb_csv *r = NULL;
	assert_int_equal(sb_csv_open_mem(data, len, 0, &r), SB_OK);
	size_t n = 0;
	for (;;) {
		sb_csv_record rec;
		assert_int_equal(sb_csv_next(r, &rec), SB_OK);
		if (rec.kind == SB_CSV_END)
			break;
		if (rec.kind == SB_CSV_BAD)
			fail_msg("%s: row %ld: %s", path, rec.row, rec.message);
		if (rows && n > 0)
			rows[n - 1] = S_field_long(&rec.fields[0]);
		n++;
	}
	sb_csv_free(r);
	free(data);
	return n;
}

static void test_rows_read_equal_scored_plus_rejected(void **state)
{
	(void)state;
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	assert_int_equal(sb_bank_load_embedded(&b, &d), SB_OK);
	S_gen g = { .seed = 20261124, .rej_rows = calloc(S_ROWS, sizeof(long)) };
	assert_non_null(g.rej_rows);
	S_generate(&g, b);
	assert_int_equal(g.read, S_ROWS);
	assert_int_equal(g.read, g.scored + g.rejected);
	/* every kind made it in */
	assert_true(g.rejected > 3000 && g.scored > 5000);

	char *dir = sb_tmpdir();
	char *in = sb_join(dir, "messy.csv");
	char *out = sb_join(dir, "scores.csv");
	char *rej = sb_join(dir, "rejects.csv");
	char *sum = sb_join(dir, "summary.json");
	char *jsonl = sb_join(dir, "scores.jsonl");
	sb_write_file(in, g.csv.data, g.csv.len);

	const char *argv[] = { "securebase", "score", in, "-o", out, "--rejects", rej, "--summary",
		               sum, "--keep", "note", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	char want[160];
	snprintf(want, sizeof want, "securebase: %zu rows read, %zu scored, %zu rejected", g.read,
	         g.scored, g.rejected);
	if (!sb_contains(r.err, want))
		fail_msg("expected '%s' on stderr; its end:\n%s", want,
		         r.err_len > 600 ? r.err + r.err_len - 600 : r.err);
	sb_run_free(&r);

	/* the summary */
	json_error_t je;
	json_t *js = json_load_file(sum, 0, &je);
	assert_non_null(js);
	json_t *rows = json_object_get(js, "rows");
	assert_int_equal(json_integer_value(json_object_get(rows, "read")), g.read);
	assert_int_equal(json_integer_value(json_object_get(rows, "scored")), g.scored);
	assert_int_equal(json_integer_value(json_object_get(rows, "rejected")), g.rejected);
	json_decref(js);

	/* the scores: one record per scored row, and the lines quoted newlines add */
	assert_int_equal(S_records(out, NULL), 1 + g.scored);
	size_t len;
	char *text = sb_read_file(out, &len);
	assert_int_equal(S_count(text, '\n'), g.out_lines);
	free(text);

	/* the rejects: one record per rejected row, at the rows the generator made bad */
	long *rej_rows = calloc(g.rejected + 1, sizeof *rej_rows);
	assert_int_equal(S_records(rej, rej_rows), 1 + g.rejected);
	for (size_t i = 0; i < g.rejected; i++)
		if (rej_rows[i] != g.rej_rows[i])
			fail_msg("rejected row %zu: row %ld in the file, %ld generated", i, rej_rows[i],
			         g.rej_rows[i]);
	free(rej_rows);

	/* JSON Lines: exactly one line per scored row */
	const char *argv2[] = { "securebase", "-q", "score", in, "--format", "jsonl", "-o", jsonl,
		                NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	sb_run_free(&r);
	text = sb_read_file(jsonl, &len);
	assert_int_equal(S_count(text, '\n'), g.scored);
	free(text);

	sb_rmtree(dir);
	free(dir);
	free(in);
	free(out);
	free(rej);
	free(sum);
	free(jsonl);
	free(g.rej_rows);
	sb_buf_free(&g.csv);
	sb_bank_free(b);
	sb_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_read_equal_scored_plus_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

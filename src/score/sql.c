/* SPDX-License-Identifier: MIT */
/* sql.c — the bank's scoring rules as one SQL query: a chain of common table expressions over a
 * table whose columns are the answers CSV's, each step one rule of docs/scoring.md and
 * docs/importing.md, ending in the columns `securebase score` writes (docs/sql.md).
 *
 * Every threshold that score.c compares with a tolerance (min_answered, the longest run, the IRV,
 * the inconsistency index, the share missing, the margin) is turned here into the same decision on
 * whole numbers or into the very double score.c compares with, and every score is the same one
 * IEEE division score.c makes, so the query decides bands and styles exactly as `score` does. */
#include "score/sql.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/import.h"
#include "score/score.h"

/* The tolerance of score.c's comparisons (S_EPS there). */
#define S_EPS 1e-9
/* Passes of REPLACE(x, '  ', ' '): each halves a run of spaces, so runs up to 2^5 become one. */
#define S_COLLAPSE_PASSES 5

typedef struct {
	const char *name, *text, *dbl;
	char quote;     /* identifier quote */
	bool backslash; /* string literals escape with a backslash (Spark), not by doubling quotes */
} S_dialect;

static const S_dialect S_dialects[] = {
	[SB_SQL_SQLITE] = { "sqlite", "TEXT", "REAL", '"', false },
	[SB_SQL_DUCKDB] = { "duckdb", "VARCHAR", "DOUBLE", '"', false },
	[SB_SQL_POSTGRES] = { "postgres", "TEXT", "DOUBLE PRECISION", '"', false },
	[SB_SQL_SPARK] = { "spark", "STRING", "DOUBLE", '`', true },
};

typedef struct {
	const sb_bank *b;
	sb_sql_dialect d;
	const S_dialect *dl;
	sb_buf *o;
} S_gen;

bool sb_sql_dialect_parse(const char *name, sb_sql_dialect *out)
{
	for (size_t i = 0; i < sizeof S_dialects / sizeof S_dialects[0]; i++)
		if (strcmp(name, S_dialects[i].name) == 0) {
			*out = (sb_sql_dialect)i;
			return true;
		}
	return false;
}

bool sb_sql_table_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 128)
		return false;
	bool start = true;
	for (const char *p = name; *p; p++) {
		char c = *p;
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
		if (c == '.') {
			if (start)
				return false;
			start = true;
		} else if (letter || (!start && c >= '0' && c <= '9')) {
			start = false;
		} else {
			return false;
		}
	}
	return !start;
}

/* --- pieces of SQL ---------------------------------------------------------------------------- */

static void S_lit(S_gen *g, const char *s)
{
	sb_buf_putc(g->o, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sb_buf_puts(g->o, g->dl->backslash ? "\\'" : "''");
		else if (*s == '\\' && g->dl->backslash)
			sb_buf_puts(g->o, "\\\\");
		else
			sb_buf_putc(g->o, *s);
	}
	sb_buf_putc(g->o, '\'');
}

/* An identifier, quoted (bank ids are [a-z][a-z0-9_]*, table names checked by
 * sb_sql_table_valid: no quote character to escape). */
static void S_ident(S_gen *g, const char *s, size_t n)
{
	sb_buf_putc(g->o, g->dl->quote);
	sb_buf_put(g->o, s, n);
	sb_buf_putc(g->o, g->dl->quote);
}

static void S_table(S_gen *g, const char *table)
{
	for (const char *p = table;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		S_ident(g, p, n);
		if (!dot)
			break;
		sb_buf_putc(g->o, '.');
		p = dot + 1;
	}
}

/* A double as the shortest literal that reads back as the same double, in E notation so that every
 * dialect types it as a floating-point number (LC_NUMERIC is "C": library code never sets it). */
static void S_double(S_gen *g, double v)
{
	char s[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(s, sizeof s, "%.*g", p, v);
		if (strtod(s, NULL) == v)
			break;
	}
	sb_buf_puts(g->o, s);
	if (!strchr(s, 'e'))
		sb_buf_puts(g->o, "E0");
}

static void S_int(S_gen *g, long long v)
{
	sb_buf_printf(g->o, v < 0 ? "(%lld)" : "%lld", v);
}

static void S_chr(S_gen *g, int code)
{
	sb_buf_printf(g->o, g->d == SB_SQL_SQLITE ? "CHAR(%d)" : "CHR(%d)", code);
}

/* TRIM of the characters chars from both ends of column col. */
static void S_trim(S_gen *g, const char *col, const char *chars)
{
	if (g->d == SB_SQL_SPARK) {
		sb_buf_puts(g->o, "TRIM(BOTH ");
		S_lit(g, chars);
		sb_buf_printf(g->o, " FROM %s)", col);
	} else {
		sb_buf_printf(g->o, "%s(%s, ", g->d == SB_SQL_POSTGRES ? "BTRIM" : "TRIM", col);
		S_lit(g, chars);
		sb_buf_putc(g->o, ')');
	}
}

static void S_ltrim(S_gen *g, const char *col, const char *chars)
{
	if (g->d == SB_SQL_SPARK) {
		sb_buf_puts(g->o, "TRIM(LEADING ");
		S_lit(g, chars);
		sb_buf_printf(g->o, " FROM %s)", col);
	} else {
		sb_buf_printf(g->o, "LTRIM(%s, ", col);
		S_lit(g, chars);
		sb_buf_putc(g->o, ')');
	}
}

/* The 1-based place of the first '.' in column col, 0 when none. */
static void S_dot(S_gen *g, const char *col)
{
	bool instr = g->d == SB_SQL_SQLITE || g->d == SB_SQL_SPARK;
	sb_buf_printf(g->o, "%s(%s, '.')", instr ? "INSTR" : "STRPOS", col);
}

/* --- the cells: docs/importing.md, "Cells" --------------------------------------------------- */

/* What sb_import_fold maps to a space or to ASCII that a number or a label needs: white space,
 * full-width digits, point and minus, the ideographic full stop, dashes. Those with a code are
 * written as CHAR(code) / CHR(code), being invisible or easily confused, except in Spark, whose
 * chr() takes the code modulo 256 (it writes the control characters so and the others as
 * literals). */
typedef struct {
	const char *from;
	int code;
	const char *to;
} S_fold;

static const S_fold S_folds[] = {
	{ "\t", 9, " " },          { "\n", 10, " " },        { "\r", 13, " " },
	{ "\u3000", 0x3000, " " }, { "\u00a0", 0xa0, " " },  { "\u2002", 0x2002, " " },
	{ "\u2003", 0x2003, " " }, { "\u2009", 0x2009, " " }, { "\uff10", 0, "0" },
	{ "\uff11", 0, "1" },      { "\uff12", 0, "2" },     { "\uff13", 0, "3" },
	{ "\uff14", 0, "4" },      { "\uff15", 0, "5" },     { "\uff16", 0, "6" },
	{ "\uff17", 0, "7" },      { "\uff18", 0, "8" },     { "\uff19", 0, "9" },
	{ "\uff0e", 0, "." },      { "\u3002", 0, "." },     { "\uff0d", 0, "-" },
	{ "\u2013", 0x2013, "-" }, { "\u2014", 0x2014, "-" }, { "\u2015", 0x2015, "-" },
};

/* The folds S_folds[from..to) applied to the expression expr (printf-style: the item id once),
 * as c_<item>. At most 12 to a step: SQLite's parser stack (100 entries) overflows at about 30
 * nested calls. */
static void S_cell_in(S_gen *g, const sb_item *it, bool first)
{
	if (first) {
		/* qualified: SQLite reads an unknown "name" as a string, t."name" is an error */
		sb_buf_puts(g->o, "COALESCE(CAST(t.");
		S_ident(g, it->id, strlen(it->id));
		sb_buf_printf(g->o, " AS %s), '')", g->dl->text);
	} else {
		sb_buf_printf(g->o, "c_%s", it->id);
	}
}

/* The common cell, empty or one ASCII digit, is its own fold: it skips the REPLACEs (ten times
 * faster in SQLite on plain files). */
#define S_PLAIN "'', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'"

/* "x IN (list)" is written S_in_open(g, list), x, S_in_close(g, list). DuckDB gets
 * "list_contains([list], x)" instead, which means the same for the x here (never NULL): its
 * IN-clause optimizer turns every IN list into a join, and with two hundred of them one run of
 * the query spent 7 s of CPU planning, whatever the number of rows (0.35 s as lists). */
static void S_in_open(S_gen *g, const char *list)
{
	if (g->d == SB_SQL_DUCKDB)
		sb_buf_printf(g->o, "list_contains([%s], ", list);
}

static void S_in_close(S_gen *g, const char *list)
{
	if (g->d == SB_SQL_DUCKDB)
		sb_buf_putc(g->o, ')');
	else
		sb_buf_printf(g->o, " IN (%s)", list);
}

/* The same for a column c_<id> or f_<id> (prefix "c_" or "f_"). */
static void S_in(S_gen *g, const char *prefix, const char *id, const char *list)
{
	S_in_open(g, list);
	sb_buf_printf(g->o, "%s%s", prefix, id);
	S_in_close(g, list);
}

/* The same folds in one TRANSLATE (all but SQLite have it), as c_<item>. */
static void S_fold_translate(S_gen *g, const sb_item *it)
{
	size_t nf = sizeof S_folds / sizeof S_folds[0];
	sb_buf_puts(g->o, "TRANSLATE(");
	S_cell_in(g, it, true);
	sb_buf_puts(g->o, ", ");
	for (size_t k = 0; k < nf; k++)
		if (S_folds[k].code && S_folds[k].code < 128)
			sb_buf_printf(g->o, "CHR(%d) || ", S_folds[k].code);
	sb_buf_puts(g->o, "'");
	for (size_t k = 0; k < nf; k++)
		if (!(S_folds[k].code && S_folds[k].code < 128))
			sb_buf_puts(g->o, S_folds[k].from); /* no quote or backslash among them */
	sb_buf_puts(g->o, "', '");
	for (size_t k = 0; k < nf; k++)
		if (S_folds[k].code && S_folds[k].code < 128)
			sb_buf_puts(g->o, S_folds[k].to);
	for (size_t k = 0; k < nf; k++)
		if (!(S_folds[k].code && S_folds[k].code < 128))
			sb_buf_puts(g->o, S_folds[k].to);
	sb_buf_printf(g->o, "') AS c_%s", it->id);
}

static void S_fold_step(S_gen *g, const sb_item *it, size_t from, size_t to, bool first)
{
	sb_buf_puts(g->o, "CASE WHEN ");
	S_in_open(g, S_PLAIN);
	S_cell_in(g, it, first);
	S_in_close(g, S_PLAIN);
	sb_buf_puts(g->o, " THEN ");
	S_cell_in(g, it, first);
	sb_buf_puts(g->o, " ELSE ");
	for (size_t k = from; k < to; k++)
		sb_buf_puts(g->o, "REPLACE(");
	S_cell_in(g, it, first);
	for (size_t k = from; k < to; k++) {
		sb_buf_puts(g->o, ", ");
		if (S_folds[k].code && (g->d != SB_SQL_SPARK || S_folds[k].code < 128))
			S_chr(g, S_folds[k].code);
		else
			S_lit(g, S_folds[k].from);
		sb_buf_puts(g->o, ", ");
		S_lit(g, S_folds[k].to);
		sb_buf_putc(g->o, ')');
	}
	sb_buf_printf(g->o, " END AS c_%s", it->id);
}

/* f_<item>: the cell folded as score folds it (sb_import_fold), from c_<item> (S_fold_step): white
 * space trimmed and collapsed, ASCII letters lower case; a NULL or empty cell is ''. */
static void S_fold_cell(S_gen *g, const sb_item *it)
{
	sb_buf_puts(g->o, "CASE WHEN ");
	S_in(g, "c_", it->id, S_PLAIN);
	sb_buf_printf(g->o, " THEN c_%s ELSE ", it->id);
	for (int k = 0; k < S_COLLAPSE_PASSES; k++)
		sb_buf_puts(g->o, "REPLACE(");
	char col[SB_ID_MAX + 16];
	snprintf(col, sizeof col, "LOWER(c_%s)", it->id);
	S_trim(g, col, " ");
	for (int k = 0; k < S_COLLAPSE_PASSES; k++)
		sb_buf_puts(g->o, ", '  ', ' ')");
	sb_buf_printf(g->o, " END AS f_%s", it->id);
}

/* The value below every response range: a cell that is neither missing nor a value of its item
 * (the row is then left out, as score rejects it). */
static long long S_bad(const sb_bank *b)
{
	long long lo = 0;
	for (size_t i = 0; i < b->n_responses; i++)
		if (i == 0 || b->responses[i].min < lo)
			lo = b->responses[i].min;
	return lo - 1;
}

/* v_<item>: NULL for a missing answer, the value, or S_bad. In sb_cells_value's order: blank or a
 * missing code; a whole number (maybe signed, maybe with a decimal part of zeros), which must be
 * in the item's range; a response label of the item's scale in any bank language. */
static void S_value(S_gen *g, const sb_item *it)
{
	const char *id = it->id;
	const sb_response_scale *rs = &g->b->responses[it->response];
	sb_buf *o = g->o;
	sb_buf_printf(o, "CASE WHEN f_%s = '' OR ", id);
	S_in(g, "f_", id, "'na'");
	sb_buf_puts(o, " THEN NULL\n      ");
	/* the common case first: the plain digits of the range */
	if (rs->min <= 9 && rs->max >= 0) {
		char digits[64] = "";
		size_t n = 0;
		for (int v = rs->min < 0 ? 0 : rs->min; v <= rs->max && v <= 9; v++)
			n += (size_t)snprintf(digits + n, sizeof digits - n, "%s'%d'",
			                      v > rs->min && v > 0 ? ", " : "", v);
		sb_buf_puts(o, "WHEN ");
		S_in(g, "f_", id, digits);
		sb_buf_printf(o, " THEN CAST(f_%s AS INTEGER)\n      ", id);
	}
	sb_buf_printf(o, "WHEN i_%s <> '' AND ", id);
	char col[SB_ID_MAX + 8];
	snprintf(col, sizeof col, "i_%s", id);
	S_trim(g, col, "0123456789");
	sb_buf_puts(o, " = '' AND ");
	snprintf(col, sizeof col, "z_%s", id);
	S_trim(g, col, "0");
	sb_buf_puts(o, " = '' THEN CASE CASE WHEN ");
	snprintf(col, sizeof col, "i_%s", id);
	S_ltrim(g, col, "0");
	sb_buf_printf(o, " = '' THEN '0' WHEN s_%s = 1 THEN '-' || ", id);
	S_ltrim(g, col, "0");
	sb_buf_puts(o, " ELSE ");
	S_ltrim(g, col, "0");
	sb_buf_puts(o, " END");
	for (long long v = rs->min; v <= rs->max; v++)
		sb_buf_printf(o, " WHEN '%lld' THEN %lld", v, v);
	sb_buf_puts(o, " ELSE ");
	S_int(g, S_bad(g->b));
	sb_buf_puts(o, " END");
	/* labels, folded as the cells are; a label that folds like an earlier one never matches (as in
	 * sb_cells_value, the first wins) */
	for (int v = rs->min; rs->labels && v <= rs->max; v++)
		for (size_t l = 0; l < SB_LANG_COUNT; l++) {
			const char *x = rs->labels[v - rs->min].s[l];
			char f[1024];
			if (!x || !*x || sb_import_fold(x, strlen(x), false, f, sizeof f) == (size_t)-1)
				continue;
			sb_buf_printf(o, "\n      WHEN f_%s = ", id);
			S_lit(g, f);
			sb_buf_printf(o, " THEN %d", v);
		}
	sb_buf_puts(o, "\n      ELSE ");
	S_int(g, S_bad(g->b));
	sb_buf_printf(o, " END AS v_%s", id);
}

/* --- the query ------------------------------------------------------------------------------- */

/* "name AS (": each step is materialized where the dialect can say so, since a step uses the
 * columns of the one before several times and SQLite would otherwise copy their expressions into
 * every use (Spark has no such hint; its optimizer does not copy expensive expressions). */
static void S_step_open(S_gen *g, const char *name)
{
	sb_buf_printf(g->o, "%s AS %s(\n", name, g->d == SB_SQL_SPARK ? "" : "MATERIALIZED ");
}

/* Each step: "name AS (SELECT id, <columns> FROM <from>)". */
static void S_step(S_gen *g, const char *name)
{
	S_step_open(g, name);
	sb_buf_puts(g->o, "  SELECT id");
}

static void S_items_pass(S_gen *g, const char *prefix)
{
	for (size_t i = 0; i < g->b->n_items; i++)
		sb_buf_printf(g->o, ", %s%s", prefix, g->b->items[i].id);
}

/* The smallest number answered with which scale s is scored (score.c, S_enough), or SIZE_MAX. */
static size_t S_min_answered(const sb_scale *s)
{
	size_t n = s->n_items;
	for (size_t a = 1; a <= n; a++)
		if (!((double)a / (double)n + S_EPS < s->min_answered))
			return a;
	return SIZE_MAX;
}

/* The shortest run that sets the longstring flag (score.c, S_long_run), or SIZE_MAX. */
static size_t S_long_run_min(size_t n)
{
	for (size_t k = 1; k <= n; k++)
		if ((double)k >= SB_LONGSTRING_SHARE * (double)n - S_EPS)
			return k;
	return SIZE_MAX;
}

/* The fewest missing of n items that set the missing flag (score.c, S_set_quality), or SIZE_MAX. */
static size_t S_missing_min(size_t n)
{
	for (size_t m = 0; m <= n && n > 0; m++)
		if ((double)m / (double)n > SB_MISSING_SHARE_MAX + S_EPS)
			return m;
	return SIZE_MAX;
}

static void S_header(S_gen *g, const char *table)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	const char *src = b->source ? b->source : "";
	bool paren = src[0] == '(';
	sb_buf_printf(o,
	              "-- securebase: the scores of bank %s %s %s%s%s for each row of the table %s,\n"
	              "-- as `securebase template --format sql --dialect %s` writes them (docs/sql.md).\n",
	              b->id ? b->id : "", b->version ? b->version : "", paren ? "" : "(", src,
	              paren ? "" : ")", table, g->dl->name);
	static const char *const lines[] = {
		"The table has the answers CSV's columns (`securebase template`: id, then one per item) as",
		"text or numbers; an empty or NULL cell is a missing answer. The result has the columns of",
		"`securebase score`, in its order: id; per scale <scale> (the unrounded score, NULL when not",
		"scored), <scale>_band, <scale>_answered (a/n), <scale>_answered_n, <scale>_items; style;",
		"flags (NULL when none). Every column is expressed. The table needs a column for every",
		"item, safety questions included.",
		"Rows `score` rejects are left out: an empty id, or a cell that is neither missing nor a",
		"value of its item. Not expressible here (docs/sql.md): the rejects' row, column and reason;",
		"ids that are not UTF-8, rows of the wrong length (the loader's business); full-width",
		"letters in labels; --missing, --keep, --allow-missing-items; the formula guard of ids (a",
		"CSV writer's job); rounding to --decimals; the repeated-id warnings. The step `scored` also",
		"has near_anxiety and near_avoidance (1 within the margin of that cut-off).",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		sb_buf_printf(o, "-- %s\n", lines[i]);
}

/* Whether the bank has an attachment style: both of its scales exist. */
static bool S_has_style(const sb_bank *b)
{
	const sb_attachment *at = &b->attachment;
	return at->present && at->anxiety < b->n_scales && at->avoidance < b->n_scales;
}

/* the cells folded: in SQLite in three steps (S_fold_step), elsewhere in two
 * (S_fold_translate: DuckDB spends seconds per query on the memory of long REPLACE chains, even
 * on a few rows) */
static void S_step_cells(S_gen *g, const char *table)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	size_t n = g->b->n_items;
	bool sqlite = g->d == SB_SQL_SQLITE;
	size_t nf = sizeof S_folds / sizeof S_folds[0], half = nf / 2;
	sb_buf_puts(o, "WITH\n");
	S_step_open(g, "cells");
	sb_buf_puts(o, "  SELECT CAST(t.");
	S_ident(g, "id", 2);
	sb_buf_printf(o, " AS %s) AS id", g->dl->text);
	for (size_t i = 0; i < n; i++) {
		sb_buf_puts(o, ",\n    ");
		if (sqlite)
			S_fold_step(g, &b->items[i], 0, half, true);
		else
			S_fold_translate(g, &b->items[i]);
	}
	sb_buf_puts(o, "\n  FROM ");
	S_table(g, table);
	sb_buf_puts(o, " AS t\n  WHERE t.");
	S_ident(g, "id", 2);
	sb_buf_puts(o, " IS NOT NULL AND CAST(t.");
	S_ident(g, "id", 2);
	sb_buf_printf(o, " AS %s) <> ''\n),\n", g->dl->text);
	if (sqlite) {
		S_step(g, "cells2");
		for (size_t i = 0; i < n; i++) {
			sb_buf_puts(o, ",\n    ");
			S_fold_step(g, &b->items[i], half, nf, false);
		}
		sb_buf_puts(o, "\n  FROM cells\n),\n");
	}
	S_step(g, "folded");
	for (size_t i = 0; i < n; i++) {
		sb_buf_puts(o, ",\n    ");
		S_fold_cell(g, &b->items[i]);
	}
	sb_buf_printf(o, "\n  FROM %s\n),\n", sqlite ? "cells2" : "cells");
}

/* the sign; NULL for a plain cell, which `valued` reads without these steps */
static void S_step_signed(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	size_t n = g->b->n_items;
	S_step(g, "signed");
	S_items_pass(g, "f_");
	for (size_t i = 0; i < n; i++) {
		const char *id = b->items[i].id;
		sb_buf_puts(o, ",\n    CASE WHEN ");
		S_in(g, "f_", id, S_PLAIN);
		sb_buf_printf(o,
		              " THEN NULL WHEN SUBSTR(f_%s, 1, 1) = '-' "
		              "THEN SUBSTR(f_%s, 2) ELSE f_%s END AS b_%s, CASE WHEN SUBSTR(f_%s, 1, 1) = '-' "
		              "THEN 1 ELSE 0 END AS s_%s",
		              id, id, id, id, id, id);
	}
	sb_buf_puts(o, "\n  FROM folded\n),\n");
}

/* whole and decimal parts */
static void S_step_parts(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	size_t n = g->b->n_items;
	S_step(g, "parts");
	S_items_pass(g, "f_");
	S_items_pass(g, "s_");
	for (size_t i = 0; i < n; i++) {
		const char *id = b->items[i].id;
		char col[SB_ID_MAX + 8];
		snprintf(col, sizeof col, "b_%s", id);
		sb_buf_puts(o, ",\n    CASE WHEN ");
		S_dot(g, col);
		sb_buf_printf(o, " > 0 THEN SUBSTR(%s, 1, ", col);
		S_dot(g, col);
		sb_buf_printf(o, " - 1) ELSE %s END AS i_%s, CASE WHEN ", col, id);
		S_dot(g, col);
		sb_buf_printf(o, " > 0 THEN SUBSTR(%s, ", col);
		S_dot(g, col);
		sb_buf_printf(o, " + 1) ELSE '' END AS z_%s", id);
	}
	sb_buf_puts(o, "\n  FROM signed\n),\n");
}

/* values */
static void S_step_valued(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	size_t n = g->b->n_items;
	S_step(g, "valued");
	for (size_t i = 0; i < n; i++) {
		sb_buf_puts(o, ",\n    ");
		S_value(g, &b->items[i]);
	}
	sb_buf_puts(o, "\n  FROM parts\n),\n");
}

/* rows score would reject are left out */
static void S_step_answers_ok(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	size_t n = g->b->n_items;
	S_step(g, "answers_ok");
	S_items_pass(g, "v_");
	sb_buf_puts(o, "\n  FROM valued\n  WHERE ");
	long long bad = S_bad(b);
	for (size_t i = 0; i < n; i++)
		sb_buf_printf(o, "%sCOALESCE(v_%s, %lld) <> %lld", i ? "\n    AND " : "", b->items[i].id,
		              bad + 1, bad);
	if (n == 0)
		sb_buf_puts(o, "1 = 1");
	sb_buf_puts(o, "\n),\n");
}

/* sums per scale and keyed direction; the raw sums of the quality indicators */
static void S_step_sums(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	size_t n = g->b->n_items;
	S_step(g, "sums");
	for (size_t si = 0; si < b->n_scales; si++) {
		const sb_scale *s = &b->scales[si];
		const sb_response_scale *rs = &b->responses[s->response];
		for (int rev = 0; rev < 2; rev++) {
			sb_buf_puts(o, ",\n    (0");
			for (size_t j = 0; j < s->n_items; j++)
				if (b->items[s->items[j]].reverse == (rev == 1)) {
					sb_buf_printf(o, " + CASE WHEN v_%s IS NULL THEN 0 ELSE 1 END",
					              b->items[s->items[j]].id);
				}
			sb_buf_printf(o, ") AS %s_%s, (0", rev ? "rn" : "fn", s->id);
			for (size_t j = 0; j < s->n_items; j++) {
				const sb_item *it = &b->items[s->items[j]];
				if (it->reverse != (rev == 1))
					continue;
				if (rev)
					sb_buf_printf(o, " + COALESCE(%lld - v_%s, 0)",
					              (long long)rs->min + rs->max, it->id);
				else
					sb_buf_printf(o, " + COALESCE(v_%s, 0)", it->id);
			}
			sb_buf_printf(o, ") AS %s_%s", rev ? "rs" : "fs", s->id);
		}
	}
	sb_buf_puts(o, ",\n    (0");
	for (size_t i = 0; i < n; i++)
		sb_buf_printf(o, " + CASE WHEN v_%s IS NULL THEN 0 ELSE 1 END", b->items[i].id);
	sb_buf_puts(o, ") AS qa,\n    (0");
	for (size_t i = 0; i < n; i++)
		sb_buf_printf(o, " + COALESCE(v_%s, 0)", b->items[i].id);
	sb_buf_puts(o, ") AS qx,\n    (0");
	for (size_t i = 0; i < n; i++)
		sb_buf_printf(o, " + COALESCE(v_%s * v_%s, 0)", b->items[i].id, b->items[i].id);
	sb_buf_puts(o, ") AS qxx");
	/* e_i: answer i is the same as answer i - 1 (a missing answer ends a run) */
	for (size_t i = 1; i < n; i++)
		sb_buf_printf(o, ",\n    CASE WHEN v_%s = v_%s THEN 1 ELSE 0 END AS e_%zu",
		              b->items[i].id, b->items[i - 1].id, i);
	sb_buf_puts(o, "\n  FROM answers_ok\n),\n");
}

/* whether the answers hold the longest run that sets the longstring flag: the column ls */
static void S_long_run(S_gen *g)
{
	sb_buf *o = g->o;
	size_t n = g->b->n_items;
	size_t L = S_long_run_min(n);
	if (L == SIZE_MAX) {
		sb_buf_puts(o, "0");
	} else if (L == 1) {
		sb_buf_puts(o, "CASE WHEN qa >= 1 THEN 1 ELSE 0 END");
	} else {
		/* a run of L equal answers: L - 1 successive e_i set */
		sb_buf_puts(o, "CASE WHEN ");
		for (size_t start = 0; start + L <= n; start++) {
			sb_buf_printf(o, "%s(0", start ? "\n      OR " : "");
			for (size_t i = start + 1; i < start + L; i++)
				sb_buf_printf(o, " + e_%zu", i);
			sb_buf_printf(o, ") = %zu", L - 1);
		}
		sb_buf_puts(o, " THEN 1 ELSE 0 END");
	}
	sb_buf_puts(o, " AS ls");
}

/* near the boundary, for whoever needs the leaning (not a column of score's CSV) */
static void S_near(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	const sb_attachment *at = &b->attachment;
	if (S_has_style(b)) {
		const char *x = b->scales[at->anxiety].id, *y = b->scales[at->avoidance].id;
		const char *names[2] = { "near_anxiety", "near_avoidance" };
		const double cut[2] = { at->anxiety_cutoff, at->avoidance_cutoff };
		const char *of[2] = { x, y };
		size_t kx = S_min_answered(&b->scales[at->anxiety]);
		size_t ky = S_min_answered(&b->scales[at->avoidance]);
		for (int k = 0; k < 2 && (kx == SIZE_MAX || ky == SIZE_MAX); k++)
			sb_buf_printf(o, ",\n    0 AS %s", names[k]); /* never both scored */
		for (int k = 0; k < 2 && kx != SIZE_MAX && ky != SIZE_MAX; k++) {
			sb_buf_printf(o,
			              ",\n    CASE WHEN fn_%s + rn_%s >= %zu AND fn_%s + rn_%s >= %zu AND ABS(",
			              x, x, kx, y, y, ky);
			/* the score again, as sc_ above: a step cannot use its own columns */
			const sb_scale *s = &b->scales[k ? at->avoidance : at->anxiety];
			if (s->method == SB_METHOD_SUM)
				sb_buf_printf(o,
				              "CASE WHEN fn_%s + rn_%s = %zu THEN CAST(fs_%s + rs_%s AS %s) ELSE "
				              "CAST(fs_%s + rs_%s AS %s) * %zu / (fn_%s + rn_%s) END",
				              of[k], of[k], s->n_items, of[k], of[k], g->dl->dbl, of[k], of[k],
				              g->dl->dbl, s->n_items, of[k], of[k]);
			else
				sb_buf_printf(o, "CAST(fs_%s + rs_%s AS %s) / (fn_%s + rn_%s)", of[k], of[k],
				              g->dl->dbl, of[k], of[k]);
			sb_buf_puts(o, " - ");
			S_double(g, cut[k]);
			sb_buf_puts(o, ") < ");
			S_double(g, at->margin - S_EPS);
			sb_buf_printf(o, " THEN 1 ELSE 0 END AS %s", names[k]);
		}
	}
}

/* scores, inconsistency terms, the longest run, near the cut-offs */
static void S_step_scored(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	S_step(g, "scored");
	for (size_t si = 0; si < b->n_scales; si++) {
		const sb_scale *s = &b->scales[si];
		const sb_response_scale *rs = &b->responses[s->response];
		const char *id = s->id;
		size_t kmin = S_min_answered(s);
		sb_buf_printf(o, ",\n    fn_%s + rn_%s AS a_%s,\n    ", id, id, id);
		if (kmin == SIZE_MAX) {
			sb_buf_printf(o, "CAST(NULL AS %s)", g->dl->dbl);
		} else if (s->method == SB_METHOD_SUM) {
			/* a sum with missing items is prorated: sum * n / answered */
			sb_buf_printf(o,
			              "CASE WHEN fn_%s + rn_%s >= %zu THEN CASE WHEN fn_%s + rn_%s = %zu "
			              "THEN CAST(fs_%s + rs_%s AS %s) ELSE CAST(fs_%s + rs_%s AS %s) * %zu / "
			              "(fn_%s + rn_%s) END END",
			              id, id, kmin, id, id, s->n_items, id, id, g->dl->dbl, id, id,
			              g->dl->dbl, s->n_items, id, id);
		} else {
			sb_buf_printf(o,
			              "CASE WHEN fn_%s + rn_%s >= %zu THEN CAST(fs_%s + rs_%s AS %s) / "
			              "(fn_%s + rn_%s) END",
			              id, id, kmin, id, id, g->dl->dbl, id, id);
		}
		sb_buf_printf(o, " AS sc_%s,\n    ", id);
		/* the scale's term of the inconsistency index: forward against reverse keyed means */
		sb_buf_printf(o,
		              "CASE WHEN fn_%s > 0 AND rn_%s > 0 THEN ABS(CAST(fs_%s AS %s) / fn_%s - "
		              "CAST(rs_%s AS %s) / rn_%s) / ",
		              id, id, id, g->dl->dbl, id, id, g->dl->dbl, id);
		S_double(g, (double)(rs->max - rs->min));
		sb_buf_printf(o, " END AS d_%s", id);
	}
	sb_buf_puts(o, ",\n    qa, qx, qxx,\n    ");
	S_long_run(g);
	S_near(g);
	sb_buf_puts(o, "\n  FROM sums\n),\n");
}

/* the attachment style from the two scales and their cut-offs */
static void S_style(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	const sb_attachment *at = &b->attachment;
	if (S_has_style(b)) {
		const char *x = b->scales[at->anxiety].id, *y = b->scales[at->avoidance].id;
		sb_buf_printf(o, "CASE WHEN sc_%s IS NOT NULL AND sc_%s IS NOT NULL THEN CASE WHEN sc_%s >= ",
		              x, y, x);
		S_double(g, at->anxiety_cutoff);
		sb_buf_printf(o, " THEN CASE WHEN sc_%s >= ", y);
		S_double(g, at->avoidance_cutoff);
		sb_buf_printf(o, " THEN '%s' ELSE '%s' END ELSE CASE WHEN sc_%s >= ",
		              sb_style_id(SB_STYLE_FEARFUL), sb_style_id(SB_STYLE_PREOCCUPIED), y);
		S_double(g, at->avoidance_cutoff);
		sb_buf_printf(o, " THEN '%s' ELSE '%s' END END END AS style",
		              sb_style_id(SB_STYLE_DISMISSIVE), sb_style_id(SB_STYLE_SECURE));
	} else {
		sb_buf_printf(o, "CAST(NULL AS %s) AS style", g->dl->text);
	}
}

/* flags, in their fixed order */
static void S_flags(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	size_t n = g->b->n_items;
	sb_buf_puts(o, ",\n    NULLIF(SUBSTR(\n      CASE WHEN ls = 1 THEN ';");
	sb_buf_puts(o, sb_quality_flag_name(SB_FLAG_LONGSTRING));
	sb_buf_puts(o, "' ELSE '' END\n      || CASE WHEN ");
	/* IRV = sqrt((qa qxx - qx^2) / (qa (qa - 1))) < limit, squared: both sides are >= 0 */
	double irv_limit = 0;
	for (size_t i = 0; i < b->n_responses; i++)
		if ((double)(b->responses[i].max - b->responses[i].min) > irv_limit)
			irv_limit = (double)(b->responses[i].max - b->responses[i].min);
	irv_limit = SB_IRV_RANGE_SHARE * irv_limit - S_EPS;
	if (irv_limit > 0) {
		sb_buf_printf(o, "qa >= 2 AND CAST(qa * qxx - qx * qx AS %s) / (qa * (qa - 1)) < ",
		              g->dl->dbl);
		S_double(g, irv_limit * irv_limit);
	} else {
		sb_buf_puts(o, "1 = 0");
	}
	sb_buf_printf(o, " THEN ';%s' ELSE '' END\n      || CASE WHEN ",
	              sb_quality_flag_name(SB_FLAG_LOW_IRV));
	/* the inconsistency index: the mean of the terms, in scale order as score.c adds them */
	if (b->n_scales) {
		sb_buf_puts(o, "(0");
		for (size_t si = 0; si < b->n_scales; si++)
			sb_buf_printf(o, " + COALESCE(d_%s, 0)", b->scales[si].id);
		sb_buf_puts(o, ") / NULLIF(0");
		for (size_t si = 0; si < b->n_scales; si++)
			sb_buf_printf(o, " + CASE WHEN d_%s IS NULL THEN 0 ELSE 1 END", b->scales[si].id);
		sb_buf_puts(o, ", 0) >= ");
		S_double(g, SB_INCONSISTENCY_MAX - S_EPS);
	} else {
		sb_buf_puts(o, "1 = 0");
	}
	sb_buf_printf(o, " THEN ';%s' ELSE '' END\n      || CASE WHEN ",
	              sb_quality_flag_name(SB_FLAG_INCONSISTENT));
	/* the share missing: of the scored items when the bank has safety items, else of all */
	size_t total = n;
	if (b->n_safety_items) {
		total = 0;
		for (size_t si = 0; si < b->n_scales; si++)
			total += b->scales[si].n_items;
	}
	size_t mmin = S_missing_min(total);
	if (mmin == SIZE_MAX) {
		sb_buf_puts(o, "1 = 0");
	} else if (b->n_safety_items) {
		sb_buf_printf(o, "%zu - (0", total);
		for (size_t si = 0; si < b->n_scales; si++)
			sb_buf_printf(o, " + a_%s", b->scales[si].id);
		sb_buf_printf(o, ") >= %zu", mmin);
	} else {
		sb_buf_printf(o, "%zu - qa >= %zu", total, mmin);
	}
	sb_buf_printf(o, " THEN ';%s' ELSE '' END,\n      2), '') AS flags",
	              sb_quality_flag_name(SB_FLAG_MISSING));
}

/* bands, style, flags */
static void S_step_rated(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	S_step(g, "rated");
	for (size_t si = 0; si < b->n_scales; si++) {
		const sb_scale *s = &b->scales[si];
		const char *id = s->id;
		sb_buf_printf(o, ",\n    sc_%s, a_%s,\n    CASE WHEN sc_%s >= ", id, id, id);
		S_double(g, s->lo);
		sb_buf_printf(o, " AND sc_%s <= ", id);
		S_double(g, s->hi);
		sb_buf_puts(o, " THEN CASE");
		for (size_t k = 0; k < s->n_bands; k++) {
			const sb_band *bd = &s->bands[k];
			sb_buf_printf(o, "\n      WHEN sc_%s >= ", id);
			S_double(g, bd->min);
			sb_buf_printf(o, " AND sc_%s %s ", id, k + 1 == s->n_bands ? "<=" : "<");
			S_double(g, bd->max);
			sb_buf_puts(o, " THEN ");
			S_lit(g, bd->id);
		}
		if (s->n_bands == 0)
			sb_buf_puts(o, " WHEN 1 = 0 THEN ''");
		sb_buf_printf(o, " END END AS band_%s", id);
	}
	sb_buf_puts(o, ",\n    ");
	S_style(g);
	S_flags(g);
	sb_buf_puts(o, "\n  FROM scored\n)\n");
}

/* the columns of score */
static void S_select(S_gen *g)
{
	const sb_bank *b = g->b;
	sb_buf *o = g->o;
	sb_buf_puts(o, "SELECT id");
	for (size_t si = 0; si < b->n_scales; si++) {
		const sb_scale *s = &b->scales[si];
		char name[SB_ID_MAX + 16];
		sb_buf_printf(o, ",\n  sc_%s AS ", s->id);
		S_ident(g, s->id, strlen(s->id));
		sb_buf_printf(o, ", band_%s AS ", s->id);
		snprintf(name, sizeof name, "%s_band", s->id);
		S_ident(g, name, strlen(name));
		sb_buf_printf(o, ", CAST(a_%s AS %s) || '/%zu' AS ", s->id, g->dl->text, s->n_items);
		snprintf(name, sizeof name, "%s_answered", s->id);
		S_ident(g, name, strlen(name));
		sb_buf_printf(o, ", a_%s AS ", s->id);
		snprintf(name, sizeof name, "%s_answered_n", s->id);
		S_ident(g, name, strlen(name));
		sb_buf_printf(o, ", %zu AS ", s->n_items);
		snprintf(name, sizeof name, "%s_items", s->id);
		S_ident(g, name, strlen(name));
	}
	sb_buf_puts(o, ",\n  style, flags\nFROM rated;\n");
}

void sb_sql_write(const sb_bank *b, sb_sql_dialect d, const char *table, sb_buf *o)
{
	if ((size_t)d >= sizeof S_dialects / sizeof S_dialects[0])
		d = SB_SQL_SQLITE;
	S_gen g = { .b = b, .d = d, .dl = &S_dialects[d], .o = o };
	S_header(&g, table);
	S_step_cells(&g, table);
	S_step_signed(&g);
	S_step_parts(&g);
	S_step_valued(&g);
	S_step_answers_ok(&g);
	S_step_sums(&g);
	S_step_scored(&g);
	S_step_rated(&g);
	S_select(&g);
}

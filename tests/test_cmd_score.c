/* SPDX-License-Identifier: MIT */
/* test_cmd_score.c — `securebase score` end to end on real files: golden CSV and JSON Lines output,
 * hand-checked numbers, rejects accounting, --keep and the formula guard, file modes, exit
 * statuses, duplicate ids, the summary, and empty or broken inputs. */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

/* tests/data/answers_small.csv, read against the default bank. Rows (the header is row 1):
 *  2 p01   the worked example of docs/scoring.md §7
 *  3 p02   every answer 4
 *  4 =cmd() every item answered at its keyed maximum (7, or 1 where reversed)
 *  5 a, "quoted"  answers cycling 1..7 in presentation order
 *  6 p05   anx02 = 8: rejected
 *  7 p06   5 fields: rejected
 *  8 (blank line)
 *  9 p02   every answer 5; repeats row 3's id
 * 10 p09   nothing answered; site "@C"
 * 11 p10   sw01 = -0: rejected
 * 12 p11   answers alternating 6, 2; a note over two lines (rows 12-13)
 * 14 (empty id): rejected */

typedef struct {
	char *dir;
	char *input;
} S_fix;

static int S_setup(void **state)
{
	S_fix *f = calloc(1, sizeof *f);
	f->dir = sb_tmpdir();
	f->input = sb_src_path("tests/data/answers_small.csv");
	*state = f;
	return 0;
}

static int S_teardown(void **state)
{
	S_fix *f = *state;
	sb_rmtree(f->dir);
	free(f->dir);
	free(f->input);
	free(f);
	return 0;
}

static char *S_path(S_fix *f, const char *name)
{
	return sb_join(f->dir, name);
}

/* The line of out that starts with prefix (without its newline), or fails. */
static char *S_line(const char *out, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, prefix, n) == 0) {
			const char *e = strchr(p, '\n');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			char *l = malloc(len + 1);
			memcpy(l, p, len);
			l[len] = '\0';
			return l;
		}
	}
	fail_msg("no line starting with '%s' in:\n%s", prefix, out);
	return NULL;
}

static size_t S_count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static mode_t S_mode(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static size_t S_dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_csv_golden(void **state)
{
	S_fix *f = *state;
	char *out = S_path(f, "scores.csv");
	const char *argv[] = { "securebase", "score", f->input, "-o", out, "--keep", "site,note", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	/* rows were rejected: 65, and the good rows are still written */
	assert_int_equal(r.status, 65);
	size_t len;
	char *csv = sb_read_file(out, &len);
	assert_non_null(csv);
	sb_assert_golden(csv, len, "score_small.csv");
	assert_int_equal(S_mode(out), 0600);

	/* the columns, in the documented order */
	assert_true(strncmp(csv, "id,site,note,anxiety,anxiety_band,anxiety_answered,anxiety_answered_n,"
	                         "anxiety_items,avoidance,avoidance_band,avoidance_answered,"
	                         "avoidance_answered_n,avoidance_items,self_worth,", 176) == 0);
	assert_true(sb_contains(csv, ",comparison,comparison_band,comparison_answered,"
	                             "comparison_answered_n,comparison_items,style,flags\n"));
	/* by hand (docs/scoring.md §7): anxiety 40/7 = 5.714… → 5.71, 7 of 8 answered, high;
	 * avoidance 21/8 = 2.625 → 2.63 (half away from zero), low; anxiety ≥ 4 > avoidance:
	 * preoccupied; 33 of 48 missing: the missing flag */
	char *l = S_line(csv, "p01,");
	assert_string_equal(l, "p01,A,\"worked example, docs/scoring.md §7\",5.71,high,7/8,7,8,2.63,low,"
	                       "8/8,8,8,,,0/8,0,8,,,0/8,0,8,,,0/8,0,8,,,0/8,0,8,preoccupied,missing");
	free(l);
	/* every answer 4: every scale 4.00, on the cut-offs → fearful; 48 identical answers and no
	 * spread: longstring and low_irv */
	l = S_line(csv, "p02,A,");
	assert_true(sb_contains(l, ",4.00,moderate,8/8,8,8,4.00,moderate,8/8,8,8,"));
	assert_true(sb_contains(l, ",fearful,longstring;low_irv"));
	free(l);
	/* every answer 5: keyed 5, or 1 + 7 - 5 = 3 for reversed items; every scale of bank 2.0 has
	 * 3 reversed of 8: (5*5 + 3*3) / 8 = 4.25 */
	l = S_line(csv, "p02,C,");
	assert_true(strncmp(l, "p02,C,repeats p02,4.25,moderate,8/8,8,8,4.25,moderate,8/8,8,8,"
	                       "4.25,moderate,8/8,8,8,", 84) == 0);
	free(l);
	/* answers cycling 1..7: anxiety items sit at positions 1, 8, 13, 20 (rev), 25, 33 (rev),
	 * 37, 46 (rev) → answers 1, 1, 6, 6→2, 4, 5→3, 2, 4→4: 23/8 = 2.875 → 2.88 */
	l = S_line(csv, "\"a, \"\"quoted\"\"\",B,cycling 1..7,2.88,low,8/8,8,8,");
	free(l);
	/* the formula guard on id and kept columns; scores are never guarded */
	assert_true(sb_contains(csv, "\n'=cmd(),B,'+formula,6.25,high,8/8,8,8,"));
	assert_true(sb_contains(csv, "\np09,'@C,nothing answered,,,0/8,0,8,"));
	/* a kept field with a line break stays one quoted cell */
	assert_true(sb_contains(csv, "\np11,D,\"two\nlines\",5.00,"));
	/* 7 scored rows and the header; p11's note adds a line */
	assert_int_equal(S_count_lines(csv), 9);

	/* without --rejects: one message per rejected row, INPUT:ROW:COLUMN: reason; the repeated
	 * ids come after the last row (the bounded check knows them only then), in row order */
	char expect[1024];
	snprintf(expect, sizeof expect,
	         "securebase: %s:6:10: anx02: value 8 is outside 1..7\n"
	         "securebase: %s:7:6: hurt01: the row has 5 fields, the header 51\n"
	         "securebase: %s:11:5: sw01: value -0 is outside 1..7\n"
	         "securebase: %s:14:2: id: empty id\n"
	         "securebase: %s:9: id 'p02' repeats the id of row 3\n"
	         "securebase: 11 rows read, 7 scored, 4 rejected; repeated ids: 1\n",
	         f->input, f->input, f->input, f->input, f->input);
	assert_string_equal(r.err, expect);
	assert_int_equal(r.out_len, 0);
	free(csv);
	free(out);
	sb_run_free(&r);
}

static void test_jsonl_golden(void **state)
{
	S_fix *f = *state;
	const char *argv[] = { "securebase", "-q", "score", "--format", "jsonl", "--keep", "site,note",
		               f->input, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	sb_assert_golden(r.out, r.out_len, "score_small.jsonl");
	assert_int_equal(S_count_lines(r.out), 7);
	/* each line is one JSON object; the first is the worked example, unrounded */
	char *l = S_line(r.out, "{\"id\":\"p01\"");
	json_error_t je;
	json_t *o = json_loads(l, 0, &je);
	assert_non_null(o);
	assert_true(fabs(json_real_value(json_object_get(o, "anxiety")) - 40.0 / 7.0) < 1e-15);
	assert_true(json_real_value(json_object_get(o, "avoidance")) == 2.625);
	assert_string_equal(json_string_value(json_object_get(o, "anxiety_band")), "high");
	assert_int_equal(json_integer_value(json_object_get(o, "anxiety_answered")), 7);
	assert_int_equal(json_integer_value(json_object_get(o, "anxiety_items")), 8);
	assert_true(json_is_null(json_object_get(o, "self_worth")));
	assert_true(json_is_null(json_object_get(o, "self_worth_band")));
	assert_string_equal(json_string_value(json_object_get(o, "style")), "preoccupied");
	assert_int_equal(json_array_size(json_object_get(o, "flags")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(o, "flags"), 0)), "missing");
	/* kept text is not guarded in JSON: no spreadsheet reads it */
	assert_string_equal(json_string_value(json_object_get(o, "site")), "A");
	json_decref(o);
	free(l);
	assert_true(sb_contains(r.out, "{\"id\":\"=cmd()\",\"site\":\"B\",\"note\":\"+formula\","));
	assert_true(sb_contains(r.out, "\"note\":\"two\\nlines\""));
	/* with -q: only the row messages, no final line */
	assert_false(sb_contains(r.err, "rows read"));
	assert_true(sb_contains(r.err, ":6:10: anx02: value 8 is outside 1..7\n"));
	sb_run_free(&r);
}

static void test_rejects_file(void **state)
{
	S_fix *f = *state;
	char *out = S_path(f, "s.csv"), *rej = S_path(f, "rejects.csv"), *sum = S_path(f, "sum.json");
	const char *argv[] = { "securebase", "score", f->input, "-o", out, "--rejects", rej, "--summary",
		               sum, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	size_t len;
	char *rj = sb_read_file(rej, &len);
	assert_non_null(rj);
	sb_assert_golden(rj, len, "score_small_rejects.csv");
	static const char first[] = "row,column,reason,record\n"
	                            "6,10,anx02: value 8 is outside 1..7,\"C,p05,";
	assert_true(strncmp(rj, first, sizeof first - 1) == 0);
	assert_true(sb_contains(rj, "\n7,6,\"hurt01: the row has 5 fields, the header 51\","
	                            "\"C,p06,1,2,3\"\n"));
	assert_true(sb_contains(rj, "\n14,2,id: empty id,\"D,,4,4,"));
	/* no row messages on stderr now, only the duplicate warning and the counts */
	assert_false(sb_contains(r.err, "outside"));
	assert_true(sb_contains(r.err, ":9: id 'p02' repeats the id of row 3\n"));
	assert_true(sb_contains(r.err,
	                        "securebase: 11 rows read, 7 scored, 4 rejected; repeated ids: 1\n"));
	/* read = scored + rejected: 7 score rows and 4 reject rows */
	char *csv = sb_read_file(out, NULL);
	assert_int_equal(S_count_lines(csv) - 1 /* header */, 7);
	assert_int_equal(S_count_lines(rj) - 1, 4);
	/* the summary says the same */
	json_error_t je;
	json_t *s = json_load_file(sum, 0, &je);
	assert_non_null(s);
	json_t *rows = json_object_get(s, "rows");
	assert_int_equal(json_integer_value(json_object_get(rows, "read")), 11);
	assert_int_equal(json_integer_value(json_object_get(rows, "scored")), 7);
	assert_int_equal(json_integer_value(json_object_get(rows, "rejected")), 4);
	assert_int_equal(json_integer_value(json_object_get(rows, "duplicate_ids")), 1);
	/* anxiety over its 6 scored rows, by hand (bank 2.0: anx04, anx06 and anx08 reverse-keyed):
	 * 40/7, 4, 6.25, 23/8, 4.25, 5 (p09 not scored) */
	json_t *anx = json_array_get(json_object_get(s, "scales"), 0);
	assert_string_equal(json_string_value(json_object_get(anx, "id")), "anxiety");
	assert_int_equal(json_integer_value(json_object_get(anx, "n")), 7 - 1);
	double mean = (40.0 / 7 + 4 + 6.25 + 23.0 / 8 + 4.25 + 5) / 6;
	assert_true(fabs(json_number_value(json_object_get(anx, "mean")) - mean) < 1e-8);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(s, "styles"), "fearful")), 3);
	json_decref(s);
	/* every file that holds answers or scores is private */
	assert_int_equal(S_mode(out), 0600);
	assert_int_equal(S_mode(rej), 0600);
	assert_int_equal(S_mode(sum), 0600);
	free(csv);
	free(rj);
	free(out);
	free(rej);
	free(sum);
	sb_run_free(&r);
}

static void test_all_good_exit_0(void **state)
{
	(void)state;
	/* from standard input to standard output, every row scored */
	const char *in = "id,anx01,anx02\nx,1,2\n";
	const char *argv[] = { "securebase", "score", "--allow-missing-items", "-", "-o", "-", NULL };
	sb_run_result r = sb_run(argv, in, strlen(in), NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "id,anxiety,", 11) == 0);
	/* 2 of 8 answered: not scored, an empty cell */
	assert_true(sb_contains(r.out, "\nx,,,2/8,2,8,,,0/8,0,8,"));
	/* the import summary names the 46 items left out, then the counts */
	assert_true(sb_contains(r.err, "securebase: import: 46 items with no column (counted as "
	                               "unanswered): avo01, sw01,"));
	assert_true(sb_contains(r.err, "\nsecurebase: 1 rows read, 1 scored, 0 rejected\n"));
	sb_run_free(&r);
	/* --output is -o */
	const char *argv3[] = { "securebase", "score", "--allow-missing-items", "--output", "-", NULL };
	r = sb_run(argv3, in, strlen(in), NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "\nx,,,2/8,2,8,,,0/8,0,8,"));
	sb_run_free(&r);
	/* no input argument reads standard input too; --quiet says nothing */
	const char *argv2[] = { "securebase", "--quiet", "score", "--allow-missing-items", NULL };
	r = sb_run(argv2, in, strlen(in), NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.err_len, 0);
	assert_true(sb_contains(r.out, "\nx,"));
	sb_run_free(&r);
}

static void test_empty_input(void **state)
{
	(void)state;
	static const char *const inputs[] = { "", "\n", "id,anx01\n", "\xEF\xBB\xBFid,anx01\r\n" };
	for (size_t i = 0; i < 4; i++) {
		const char *argv[] = { "securebase", "score", "--allow-missing-items", NULL };
		sb_run_result r = sb_run(argv, inputs[i], strlen(inputs[i]), NULL, NULL);
		assert_int_equal(r.status, 0);
		/* the header is always written */
		assert_int_equal(S_count_lines(r.out), 1);
		assert_true(strncmp(r.out, "id,anxiety,anxiety_band,anxiety_answered,", 41) == 0);
		assert_true(sb_contains(r.out, ",comparison_answered,comparison_answered_n,"
		                               "comparison_items,style,flags\n"));
		assert_true(sb_contains(r.err, "0 rows read, 0 scored, 0 rejected"));
		sb_run_free(&r);
	}
	/* JSON Lines has no header: empty input, empty output */
	const char *argv[] = { "securebase", "score", "--format", "jsonl", NULL };
	sb_run_result r = sb_run(argv, "", 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
}

static void test_header_errors(void **state)
{
	S_fix *f = *state;
	char *in = S_path(f, "bad_header.csv"), *out = S_path(f, "never.csv");
	/* a header error stops before any row is read and before any output exists */
	const char *text = "name,anx01,anx02\nx,1,2\ny,9,9\n";
	sb_write_file(in, text, strlen(text));
	const char *argv[] = { "securebase", "score", in, "-o", out, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 65);
	char expect[512];
	snprintf(expect, sizeof expect,
	         "securebase: %s:1: the header has no 'id' column (name the id column with --id-column)\n", in);
	assert_true(strncmp(r.err, expect, strlen(expect)) == 0);
	assert_int_equal(access(out, F_OK), -1);
	sb_run_free(&r);
	/* an item twice, on stdin: the column of the second */
	const char *twice = "id,anx01,anx01\n";
	const char *argv2[] = { "securebase", "score", NULL };
	r = sb_run(argv2, twice, strlen(twice), NULL, NULL);
	assert_int_equal(r.status, 65);
	/* (then the items without a column) */
	assert_true(strncmp(r.err, "securebase: -:1:3: item 'anx01' appears twice (first in column 2)\n",
	                    66) == 0);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	/* no item of the bank */
	const char *none = "id,q1,q2\nx,1,1\n";
	r = sb_run(argv2, none, strlen(none), NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, "-:1: the header names no item of the bank"));
	sb_run_free(&r);
	/* a --keep column the header lacks */
	const char *argv3[] = { "securebase", "score", "--keep", "site", "--allow-missing-items", NULL };
	const char *nosite = "id,anx01\nx,1\n";
	r = sb_run(argv3, nosite, strlen(nosite), NULL, NULL);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.err, "securebase: -:1: no column 'site' to keep in the header\n");
	sb_run_free(&r);
	free(in);
	free(out);
}

static void test_unwritable_output(void **state)
{
	S_fix *f = *state;
	/* a folder that does not exist, and a "folder" that is a file */
	char *file = S_path(f, "plain");
	sb_write_file(file, "x", 1);
	char *under_file = sb_join(file, "out.csv");
	const char *bad[] = { "/nonexistent-securebase/out.csv", under_file };
	for (size_t i = 0; i < 2; i++) {
		const char *argv[] = { "securebase", "score", f->input, "-o", bad[i], NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		assert_int_equal(r.status, 73);
		assert_int_equal(access(bad[i], F_OK), -1);
		assert_true(sb_contains(r.err, bad[i]));
		sb_run_free(&r);
	}
	/* the scores file is fine but the rejects file cannot be created: nothing is left behind,
	 * not even the scores or a temporary file */
	char *sub = S_path(f, "clean");
	assert_int_equal(mkdir(sub, 0700), 0);
	char *out = sb_join(sub, "scores.csv");
	const char *argv[] = { "securebase", "score", f->input, "-o", out, "--rejects", bad[0], NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 73);
	assert_int_equal(S_dir_entries(sub), 0);
	sb_run_free(&r);
	/* and an existing file is left as it was */
	sb_write_file(out, "old\n", 4);
	const char *argv2[] = { "securebase", "score", f->input, "-o", out, "--summary", bad[0], NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 73);
	char *old = sb_read_file(out, NULL);
	assert_string_equal(old, "old\n");
	free(old);
	assert_int_equal(S_dir_entries(sub), 1);
	sb_run_free(&r);
	/* a full disk is an I/O error, never a success */
	const char *argv3[] = { "securebase", "score", f->input, "-o", "/dev/full", NULL };
	r = sb_run(argv3, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 74);
	sb_run_free(&r);
	free(out);
	free(sub);
	free(under_file);
	free(file);
}

static void test_missing_input(void **state)
{
	S_fix *f = *state;
	char *missing = S_path(f, "no-such.csv");
	char *out = S_path(f, "none.csv");
	const char *argv[] = { "securebase", "score", missing, "-o", out, NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 66);
	assert_true(sb_contains(r.err, "no-such.csv: cannot open: No such file or directory"));
	assert_int_equal(access(out, F_OK), -1);
	sb_run_free(&r);
	const char *argv2[] = { "securebase", "score", f->dir, NULL };
	r = sb_run(argv2, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 66);
	sb_run_free(&r);
	free(missing);
	free(out);
}

static void test_decimals(void **state)
{
	S_fix *f = *state;
	const char *argv[] = { "securebase", "-q", "score", f->input, "--decimals", "0", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	/* 40/7 → 6; 2.625 → 3 (half away from zero) */
	assert_true(sb_contains(r.out, "\np01,6,high,7/8,7,8,3,low,8/8,8,8,"));
	sb_run_free(&r);
	const char *argv4[] = { "securebase", "-q", "score", f->input, "--decimals", "4", NULL };
	r = sb_run(argv4, NULL, 0, NULL, NULL);
	assert_true(sb_contains(r.out, "\np01,5.7143,high,7/8,7,8,2.6250,low,8/8,8,8,"));
	sb_run_free(&r);
}

static void test_usage_errors(void **state)
{
	S_fix *f = *state;
	const char *const cases[][6] = {
		{ "--decimals", "10" }, { "--decimals", "x" },  { "--decimals", "" },
		{ "--format", "xml" },  { "--keep", "id" },     { "--keep", "anxiety_band" },
		{ "--keep", "a,,b" },   { "--keep", "x,x" },    { "--nope" },
		{ "extra.csv" },        { "--keep", "style" },  { "-o" },
		{ "--keep", "anxiety_answered_n" },             { "--keep", "comparison_items" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *argv[8] = { "securebase", "score", f->input };
		size_t n = 3;
		for (size_t k = 0; k < 6 && cases[i][k]; k++)
			argv[n++] = cases[i][k];
		argv[n] = NULL;
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		if (r.status != 64)
			fail_msg("case %zu (%s): exit %d, %s", i, cases[i][0], r.status, r.err);
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
	}
	const char *help[] = { "securebase", "score", "--help", NULL };
	sb_run_result r = sb_run(help, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.out, "Usage: securebase score"));
	sb_run_free(&r);
}

static void test_no_progress_on_a_pipe(void **state)
{
	S_fix *f = *state;
	/* a few thousand rows: stderr is a pipe here, so no progress line, only the counts */
	{
		char *in = S_path(f, "many.csv");
		FILE *fp = fopen(in, "w");
		assert_non_null(fp);
		fputs("id,anx01,anx02,anx03,anx04,anx05,anx06,anx07,anx08\n", fp);
		for (int i = 0; i < 20000; i++)
			fprintf(fp, "r%d,%d,%d,%d,%d,%d,%d,%d,%d\n", i, 1 + i % 7, 1 + i % 5, 1 + i % 3, 7, 6,
			        5, 4, 1 + i % 2);
		fclose(fp);
		const char *argv[] = { "securebase", "score", "--allow-missing-items", in, "-o", "/dev/null",
			               NULL };
		sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
		assert_int_equal(r.status, 0);
		assert_false(sb_contains(r.err, "\r"));
		assert_true(sb_contains(r.err, "\nsecurebase: 20000 rows read, 20000 scored, 0 rejected\n"));
		sb_run_free(&r);
		free(in);
	}
}

static void test_threads_same_output(void **state)
{
	S_fix *f = *state;
	/* enough rows for many batches, with rejects, repeated ids and kept text mixed in: the two-
	 * thread run must give byte for byte what the one-thread run gives */
	char *in = S_path(f, "mixed.csv");
	FILE *fp = fopen(in, "w");
	assert_non_null(fp);
	fputs("note,id,anx01,anx02,anx03,anx04,anx05,anx06,anx07,anx08,avo01,avo02\n", fp);
	for (int i = 0; i < 6000; i++) {
		if (i % 997 == 5)
			fprintf(fp, "bad,r%d,1,2\n", i);
		else if (i % 1301 == 7)
			fprintf(fp, "\"x\ny\",r%d,9,1,1,1,1,1,1,1,1,1\n", i);
		else
			fprintf(fp, "%s%d,r%d,%d,%d,%d,%d,,%d,%d,%d,%d,%d\n", i % 3 ? "n" : "=n", i,
			        i % 2000, 1 + i % 7, 1 + i % 5, 1 + i % 3, 6, 5, 4, 1 + i % 2, 3, 2);
	}
	fclose(fp);
	char *rej1 = S_path(f, "rej1.csv"), *rej2 = S_path(f, "rej2.csv");
	const char *fmt[] = { "csv", "jsonl" };
	for (int k = 0; k < 2; k++) {
		const char *argv1[] = { "securebase", "score", in, "--keep", "note", "--format", fmt[k],
			                "--rejects", rej1, "--allow-missing-items", NULL };
		const char *argv2[] = { "securebase", "score", in, "--keep", "note", "--format", fmt[k],
			                "--rejects", rej2, "--allow-missing-items", NULL };
		const char *one[] = { "SECUREBASE_THREADS=1", NULL };
		sb_run_result r1 = sb_run(argv1, NULL, 0, one, NULL);
		sb_run_result r2 = sb_run(argv2, NULL, 0, NULL, NULL);
		assert_int_equal(r1.status, 65);
		assert_int_equal(r2.status, 65);
		assert_int_equal(r1.out_len, r2.out_len);
		assert_memory_equal(r1.out, r2.out, r1.out_len);
		assert_string_equal(r1.err, r2.err);
		/* 7 short rows and 5 out-of-range ones; 2000 distinct ids among the 5988 scored */
		assert_true(sb_contains(r1.err, "6000 rows read, 5988 scored, 12 rejected; "
		                                "repeated ids: 3988\n"));
		char *j1 = sb_read_file(rej1, NULL), *j2 = sb_read_file(rej2, NULL);
		assert_string_equal(j1, j2);
		free(j1);
		free(j2);
		sb_run_free(&r1);
		sb_run_free(&r2);
	}
	free(rej1);
	free(rej2);
	free(in);
}

static void test_chinese_messages(void **state)
{
	(void)state;
	const char *in = "id,anx01\nx,9\nx,1\ny,1\ny,2\n";
	const char *argv[] = { "securebase", "--lang", "zh", "score", "--allow-missing-items", NULL };
	sb_run_result r = sb_run(argv, in, strlen(in), NULL, NULL);
	assert_int_equal(r.status, 65);
	/* the reason from the data stays as it is; the counts are in Chinese */
	assert_true(sb_contains(r.err, "-:2:2: anx01: value 9 is outside 1..7\n"));
	assert_true(sb_contains(r.err, "-:5: id 'y' 与第 4 行的 id 重复\n"));
	assert_true(sb_contains(r.err, "securebase：读取 4 行，计分 3 行，拒收 1 行；重复 id：1\n"));
	sb_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_golden),
		cmocka_unit_test(test_jsonl_golden),
		cmocka_unit_test(test_rejects_file),
		cmocka_unit_test(test_all_good_exit_0),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_unwritable_output),
		cmocka_unit_test(test_missing_input),
		cmocka_unit_test(test_decimals),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_no_progress_on_a_pipe),
		cmocka_unit_test(test_threads_same_output),
		cmocka_unit_test(test_chinese_messages),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

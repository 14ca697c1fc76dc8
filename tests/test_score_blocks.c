/* SPDX-License-Identifier: MIT */
/* test_score_blocks.c — `score` on two threads that each parse, score and format whole blocks of
 * the input (src/score/pipeline.c): with blocks small enough that boundaries fall everywhere —
 * inside quoted fields that hold line feeds, next to rejected rows, blank lines, CRLF endings and
 * repeated ids — the output, the rejects file, the messages and the exit status are byte for
 * byte those of the one-thread path (SECUREBASE_THREADS=1). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

typedef struct {
	int read, scored, rejected, repeats;
} S_counts;

static unsigned S_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* Writes n rows of every kind to path; with long_quote, also quoted fields of 10,000 bytes
 * (longer than a block's boundary search follows: the rest is then read on one thread). */
static S_counts S_make(const char *path, int n, unsigned seed, bool long_quote)
{
	S_counts c = { 0 };
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("id,note,anx01,anx02,anx03,anx04,anx05,anx06,anx07,anx08,avo01,avo02\n", fp);
	static bool seen[600];
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < n; i++) {
		unsigned k = S_rand(&seed) % 100;
		int v[10];
		for (int j = 0; j < 10; j++)
			v[j] = 1 + (int)(S_rand(&seed) % 5);
		char vals[64];
		snprintf(vals, sizeof vals, "%d,%d,%d,%d,%d,%d,%d,%d,%d,%d", v[0], v[1], v[2], v[3], v[4],
		         v[5], v[6], v[7], v[8], v[9]);
		const char *eol = S_rand(&seed) % 10 == 0 ? "\r\n" : "\n";
		int id = (int)(S_rand(&seed) % 600);
		bool good = true;
		if (k < 8) {
			fprintf(fp, "r%d,\"multi\nline, \"\"quoted\"\"\n\",%s%s", id, vals, eol);
		} else if (k < 12) {
			fprintf(fp, "\"id, with\nnewline %d\",x,%s%s", i, vals, eol);
			id = -1;
		} else if (k < 15) {
			fprintf(fp, "r%d,x,9,%s%s", id, vals + 2, eol); /* anx01 out of range */
			good = false;
		} else if (k < 18) {
			fprintf(fp, "r%d,x,1,2%s", id, eol); /* too few fields */
			good = false;
		} else if (k < 20) {
			fprintf(fp, "r%d,ab\"c,%s%s", id, vals, eol); /* quote inside a field */
			good = false;
		} else if (k < 22) {
			fprintf(fp, "r%d,\"abc\"x,%s%s", id, vals, eol); /* after a closing quote */
			good = false;
		} else if (k < 23) {
			fprintf(fp, "r%d,a\rb,%s%s", id, vals, eol); /* a lone CR */
			good = false;
		} else if (k < 24) {
			fprintf(fp, "r%d,\"unclosed\nstill, in,\"\"it\nx\",%s%s", id, vals, eol);
		} else if (k < 27) {
			fputs(eol, fp); /* a blank line: no row */
			continue;
		} else if (k < 28 && long_quote) {
			fprintf(fp, "r%d,\"", id);
			for (int j = 0; j < 10000; j++)
				fputc(j % 100 == 99 ? '\n' : 'y', fp);
			fprintf(fp, "\",%s%s", vals, eol);
		} else {
			fprintf(fp, "r%d,n%d,%s%s", id, i, vals, eol);
		}
		c.read++;
		if (!good) {
			c.rejected++;
			continue;
		}
		c.scored++;
		if (id >= 0) {
			c.repeats += seen[id];
			seen[id] = true;
		}
	}
	fclose(fp);
	return c;
}

/* Scores in with the one-thread path and with blocks of several sizes; everything must match. */
static void S_compare(const char *dir, const char *in, const S_counts *c, const char *fmt)
{
	char *rej1 = sb_join(dir, "rej1.csv"), *rej2 = sb_join(dir, "rej2.csv");
	const char *argv1[] = { "securebase", "score", in, "--keep", "note", "--format", fmt,
		                "--rejects", rej1, "--allow-missing-items", NULL };
	const char *argv2[] = { "securebase", "score", in, "--keep", "note", "--format", fmt,
		                "--rejects", rej2, "--allow-missing-items", NULL };
	const char *one[] = { "SECUREBASE_THREADS=1", NULL };
	sb_run_result r1 = sb_run(argv1, NULL, 0, one, NULL);
	assert_int_equal(r1.status, 65);
	char want[160];
	snprintf(want, sizeof want, "%d rows read, %d scored, %d rejected; repeated ids: %d\n",
	         c->read, c->scored, c->rejected, c->repeats);
	assert_true(sb_contains(r1.err, want));
	char *j1 = sb_read_file(rej1, NULL);
	assert_non_null(j1);
	const char *sizes[] = { "SECUREBASE_BLOCK=1", "SECUREBASE_BLOCK=97", "SECUREBASE_BLOCK=1000",
		                "SECUREBASE_BLOCK=8192", NULL };
	for (size_t i = 0; sizes[i]; i++) {
		const char *env[] = { sizes[i], NULL };
		sb_run_result r2 = sb_run(argv2, NULL, 0, env, NULL);
		assert_int_equal(r2.status, r1.status);
		assert_int_equal(r2.out_len, r1.out_len);
		assert_memory_equal(r2.out, r1.out, r1.out_len);
		assert_string_equal(r2.err, r1.err);
		char *j2 = sb_read_file(rej2, NULL);
		assert_non_null(j2);
		assert_string_equal(j2, j1);
		free(j2);
		sb_run_free(&r2);
	}
	free(j1);
	sb_run_free(&r1);
	free(rej1);
	free(rej2);
}

static void test_blocks_match_one_thread(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *in = sb_join(dir, "mixed.csv");
	S_counts c = S_make(in, 2500, 7u, false);
	assert_true(c.rejected > 100 && c.repeats > 100);
	S_compare(dir, in, &c, "csv");
	S_compare(dir, in, &c, "jsonl");
	free(in);
	sb_rmtree(dir);
	free(dir);
}

/* Quoted fields too long to follow: from the first one on, the rest is read on one thread. */
static void test_blocks_fall_back(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *in = sb_join(dir, "long.csv");
	S_counts c = S_make(in, 1500, 11u, true);
	S_compare(dir, in, &c, "csv");
	free(in);
	sb_rmtree(dir);
	free(dir);
}

/* The last row without a line ending, and a file of the header alone. */
static void test_blocks_edges(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *in = sb_join(dir, "edge.csv");
	const char *text = "id,anx01\na,1\n\"b\nc\",2\nd,9\na,3";
	sb_write_file(in, text, strlen(text));
	const char *argv[] = { "securebase", "score", in, "--allow-missing-items", NULL };
	const char *env[] = { "SECUREBASE_BLOCK=3", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, env, NULL);
	assert_int_equal(r.status, 65);
	assert_true(sb_contains(r.err, ":5:2: anx01: value 9 is outside 1..7\n"));
	assert_true(sb_contains(r.err, ":6: id 'a' repeats the id of row 2\n"));
	assert_true(sb_contains(r.err, "4 rows read, 3 scored, 1 rejected; repeated ids: 1\n"));
	assert_true(sb_contains(r.out, "\n\"b\nc\","));
	sb_run_free(&r);
	sb_write_file(in, "id,anx01\n", 9);
	r = sb_run(argv, NULL, 0, env, NULL);
	assert_int_equal(r.status, 0);
	assert_true(sb_contains(r.err, "0 rows read, 0 scored, 0 rejected"));
	sb_run_free(&r);
	free(in);
	sb_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_match_one_thread),
		cmocka_unit_test(test_blocks_fall_back),
		cmocka_unit_test(test_blocks_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

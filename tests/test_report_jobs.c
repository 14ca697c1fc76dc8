/* SPDX-License-Identifier: MIT */
/* test_report_jobs.c — `report --all` with several worker processes writes the same files, byte
 * for byte, and the same messages in the same order as with one: repeated ids, a rejected row and
 * an uneven number of rows included. Column names come from `securebase template`. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static char *S_dir;

static int S_setup(void **state)
{
	(void)state;
	S_dir = sb_tmpdir();
	return S_dir ? 0 : -1;
}

static int S_teardown(void **state)
{
	(void)state;
	sb_rmtree(S_dir);
	free(S_dir);
	return 0;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted file names of a folder (NULL-terminated; *n of them). */
static char **S_list(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	char **v = calloc(512, sizeof *v);
	*n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (e->d_name[0] != '.' && *n < 511)
			v[(*n)++] = strdup(e->d_name);
	closedir(d);
	qsort(v, *n, sizeof *v, S_cmp);
	return v;
}

static void test_same_files_and_messages(void **state)
{
	(void)state;
	const char *targv[] = { "securebase", "template", NULL };
	sb_run_result t = sb_run(targv, NULL, 0, NULL, NULL);
	char *nl = memchr(t.out, '\n', t.out_len);
	assert_non_null(nl);
	size_t n_items = 0;
	for (const char *p = t.out; p < nl; p++)
		n_items += *p == ',';
	char *in = sb_join(S_dir, "in.csv");
	FILE *fp = fopen(in, "w");
	assert_non_null(fp);
	fwrite(t.out, 1, (size_t)(nl - t.out) + 1, fp);
	sb_run_free(&t);
	for (int r = 0; r < 23; r++) {
		fprintf(fp, "%s%d", r == 20 ? "p" : "q", r == 20 ? 3 : r); /* q3 and p3, then: */
		if (r == 21) {
			fputs(",9\n", fp); /* a rejected row */
			continue;
		}
		for (size_t i = 0; i < n_items; i++)
			fprintf(fp, ",%d", sb_fit_answer(i, 1 + (int)((r * 5 + i * 3) % 7)));
		fputc('\n', fp);
	}
	fputs("q5,", fp); /* a repeated id, too short: rejected as well */
	fputs("1\n", fp);
	for (size_t i = 0; i < 2; i++) {
		fprintf(fp, "q%zu", 7 + i); /* two repeated ids */
		for (size_t k = 0; k < n_items; k++)
			fprintf(fp, ",%d", sb_fit_answer(k, 1 + (int)((i + k) % 7)));
		fputc('\n', fp);
	}
	fclose(fp);
	const char *formats[] = { "md", "json" };
	for (int f = 0; f < 2; f++) {
		char one[64], many[64];
		snprintf(one, sizeof one, "one_%s", formats[f]);
		snprintf(many, sizeof many, "many_%s", formats[f]);
		char *d1 = sb_join(S_dir, one), *d3 = sb_join(S_dir, many);
		const char *a1[] = { "securebase", "report", in, "--all", "--out-dir", d1, "--format",
			             formats[f], NULL };
		const char *a3[] = { "securebase", "report", in, "--all", "--out-dir", d3, "--format",
			             formats[f], NULL };
		const char *e1[] = { "SECUREBASE_JOBS=1", NULL }, *e3[] = { "SECUREBASE_JOBS=3", NULL };
		sb_run_result r1 = sb_run(a1, NULL, 0, e1, NULL), r3 = sb_run(a3, NULL, 0, e3, NULL);
		assert_int_equal(r1.status, 65);
		assert_int_equal(r3.status, 65);
		assert_true(sb_contains(r1.err, "repeats row"));
		assert_true(sb_contains(r1.err, "24 reports written to "));
		/* the same messages but for the folder's name in the last line */
		char *l1 = strstr(r1.err, "securebase: "), *l3 = strstr(r3.err, "securebase: ");
		assert_non_null(l1);
		assert_non_null(l3);
		assert_int_equal(l1 - r1.err, l3 - r3.err);
		assert_memory_equal(r1.err, r3.err, (size_t)(l1 - r1.err));
		size_t n1, n3;
		char **f1 = S_list(d1, &n1), **f3 = S_list(d3, &n3);
		assert_int_equal(n1, 24);
		assert_int_equal(n1, n3);
		for (size_t i = 0; i < n1; i++) {
			assert_string_equal(f1[i], f3[i]);
			char *p1 = sb_join(d1, f1[i]), *p3 = sb_join(d3, f3[i]);
			size_t len1, len3;
			char *c1 = sb_read_file(p1, &len1), *c3 = sb_read_file(p3, &len3);
			assert_int_equal(len1, len3);
			assert_memory_equal(c1, c3, len1);
			free(c1);
			free(c3);
			free(p1);
			free(p3);
			free(f1[i]);
			free(f3[i]);
		}
		free(f1);
		free(f3);
		sb_run_free(&r1);
		sb_run_free(&r3);
		free(d1);
		free(d3);
	}
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_files_and_messages),
	};
	return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

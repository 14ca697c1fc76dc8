/* SPDX-License-Identifier: MIT */
/* test_cov_resources.c — a command's inputs and outputs checked against each other in process
 * (src/data/resources.c): standard input or one FIFO read twice, outputs that would be the same
 * new file by different names (in the root folder too, and through "./"), names that cannot be
 * a file, and entries past the table's end; every allocation failing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

#include "base/alloc.h"
#include "data/resources.h"

static void S_clash(const sb_resources *r, sb_status want, const char *msg)
{
	sb_diags d = { 0 };
	sb_status st = sb_res_check(r, &d);
	if (st != want || (msg && (d.n != 1 || strcmp(d.v[0].message, msg) != 0)) || (!msg && d.n))
		fail_msg("status %d, %zu messages, first '%s'; wanted '%s'", (int)st, d.n,
		         d.n ? d.v[0].message : "", msg ? msg : "");
	sb_diags_free(&d);
}

static void test_inputs_read_once(void **state)
{
	(void)state;
	sb_resources r = { 0 };
	sb_res_input(&r, "INPUT", "-");
	sb_res_input(&r, "--with", "-");
	S_clash(&r, SB_ERR_USAGE, "standard input can be read only once: INPUT - and --with - both "
	                          "name it");
	char *dir = sb_tmpdir();
	char *fifo = sb_join(dir, "pipe");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	char *file = sb_join(dir, "a.csv");
	sb_write_file(file, "x", 1);
	r = (sb_resources){ 0 };
	sb_res_input(&r, "INPUT", fifo);
	sb_res_input(&r, "--with", fifo);
	char want[1024];
	snprintf(want, sizeof want, "%s can be read only once: INPUT %s and --with %s both name it",
	         fifo, fifo, fifo);
	S_clash(&r, SB_ERR_USAGE, want);
	/* a regular file may be read twice */
	r = (sb_resources){ 0 };
	sb_res_input(&r, "INPUT", file);
	sb_res_input(&r, "--with", file);
	S_clash(&r, SB_OK, NULL);
	sb_rmtree(dir);
	free(fifo), free(file), free(dir);
}

static void test_outputs_same_new_file(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(dir), 0);
	sb_resources r = { 0 };
	sb_res_output(&r, "-o", "new.csv");
	sb_res_output(&r, "--rejects", "./new.csv");
	S_clash(&r, SB_ERR_USAGE, "-o new.csv and --rejects ./new.csv are the same file: refusing "
	                          "to write one over the other");
	/* in the root folder, by its absolute name (nothing is created: the check only looks) */
	r = (sb_resources){ 0 };
	sb_res_output(&r, "-o", "/securebase-no-such-file");
	sb_res_output(&r, "--summary", "//securebase-no-such-file");
	S_clash(&r, SB_ERR_USAGE, "-o /securebase-no-such-file and --summary "
	                          "//securebase-no-such-file are the same file: refusing to write "
	                          "one over the other");
	/* a name ending in '/' or in a missing folder is no file to compare: no clash here (opening
	 * it fails later, with its own message) */
	r = (sb_resources){ 0 };
	sb_res_output(&r, "-o", "sub/");
	sb_res_output(&r, "--rejects", "sub/");
	sb_res_output(&r, "--summary", "missing/x.json");
	sb_res_output(&r, "--summary", "missing/x.json");
	S_clash(&r, SB_OK, NULL);
	assert_int_equal(chdir(cwd), 0);
	sb_rmtree(dir);
	free(cwd), free(dir);
}

/* Past SB_RES_MAX entries are not listed (only summary merge has that many inputs), so they
 * cannot clash; memory running out is reported as such. */
static void test_table_end_and_memory(void **state)
{
	(void)state;
	sb_resources *r = calloc(1, sizeof *r);
	assert_non_null(r);
	for (int i = 0; i < SB_RES_MAX; i++)
		sb_res_input(r, "INPUT", "/dev/null");
	sb_res_input(r, "INPUT", "-");
	sb_res_input(r, "INPUT", "-");
	assert_int_equal(r->n, SB_RES_MAX);
	S_clash(r, SB_OK, NULL);
	*r = (sb_resources){ 0 };
	sb_res_output(r, "-o", "/tmp/securebase-cov-new-a");
	sb_res_output(r, "--rejects", "/tmp/securebase-cov-new-b");
	for (unsigned long k = 1;; k++) {
		sb_diags d = { 0 };
		sb_alloc_fail_after(k);
		sb_status st = sb_res_check(r, &d);
		sb_alloc_fail_after(0);
		if (st == SB_OK) {
			assert_true(k > 2);
			sb_diags_free(&d);
			break;
		}
		assert_int_equal(st, SB_ERR_INTERNAL);
		sb_diags_free(&d);
	}
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inputs_read_once),
		cmocka_unit_test(test_outputs_same_new_file),
		cmocka_unit_test(test_table_end_and_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

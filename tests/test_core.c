/* SPDX-License-Identifier: MIT */
/* test_core.c — unit tests for the small core pieces: alloc, buf, diags, lang, doc, outfile. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "support.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "report/doc.h"
#include "base/error.h"
#include "report/json_parts.h"
#include "base/labels.h"
#include "base/lang.h"
#include "data/outfile.h"

static void test_alloc_injection(void **state)
{
	(void)state;
	sb_alloc_fail_after(2);
	void *a = sb_malloc(4);
	void *b = sb_malloc(4);
	void *c = sb_strdup("x");
	assert_non_null(a);
	assert_null(b);
	assert_null(c);
	assert_int_equal(sb_alloc_fail_after(0), 3);
	b = sb_malloc(4);
	assert_non_null(b);
	sb_free(a);
	sb_free(b);
}

static void test_grow(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	assert_int_equal(sb_grow(&v, &cap, 3, sizeof *v), 0);
	assert_int_equal(cap, 8);
	assert_int_equal(sb_grow(&v, &cap, 9, sizeof *v), 0);
	assert_int_equal(cap, 16);
	assert_int_equal(sb_grow(&v, &cap, (size_t)-1, sizeof *v), -1);
	assert_int_equal(cap, 16);
	sb_free(v);
}

static void test_buf(void **state)
{
	(void)state;
	sb_buf b = { 0 };
	sb_buf_puts(&b, "ab");
	sb_buf_putc(&b, 'c');
	sb_buf_printf(&b, "%d-%s", 42, "x");
	assert_string_equal(b.data, "abc42-x");
	assert_int_equal(b.len, 7);
	for (int i = 0; i < 10000; i++)
		sb_buf_putc(&b, 'z');
	assert_int_equal(b.len, 10007);
	assert_int_equal(b.data[b.len], '\0');
	size_t n;
	char *d = sb_buf_detach(&b, &n);
	assert_int_equal(n, 10007);
	assert_null(b.data);
	sb_free(d);
	sb_alloc_fail_after(1);
	sb_buf_puts(&b, "no room");
	sb_alloc_fail_after(0);
	assert_true(b.failed);
	sb_buf_puts(&b, "ignored after a failure");
	assert_int_equal(b.len, 0);
	sb_buf_free(&b);
}

/* sb_buf_fmt: a scratch buffer whose contents each call replaces. */
static void test_buf_fmt(void **state)
{
	(void)state;
	sb_buf b = { 0 };
	const char *s = sb_buf_fmt(&b, "%s · %d", "scale", 7);
	assert_string_equal(s, "scale · 7");
	assert_ptr_equal(s, b.data);
	assert_int_equal(b.len, strlen("scale · 7"));
	s = sb_buf_fmt(&b, "%s", "ok");
	assert_string_equal(s, "ok");
	assert_int_equal(b.len, 2);
	s = sb_buf_fmt(&b, "%0*d", 5000, 1);
	assert_int_equal(b.len, 5000);
	assert_int_equal(strlen(s), 5000);
	assert_int_equal(s[4999], '1');
	s = sb_buf_fmt(&b, "%s", "");
	assert_string_equal(s, "");
	assert_int_equal(b.len, 0);
	assert_false(b.failed);
	sb_buf_free(&b);

	/* Out of memory: "", the failure remembered, and later calls give "" too. */
	sb_alloc_fail_after(1);
	s = sb_buf_fmt(&b, "%d", 12345);
	sb_alloc_fail_after(0);
	assert_string_equal(s, "");
	assert_true(b.failed);
	assert_string_equal(sb_buf_fmt(&b, "%s", "later"), "");
	assert_int_equal(b.len, 0);
	sb_buf_free(&b);
}

static void test_diags(void **state)
{
	(void)state;
	sb_diags d = { .limit = 2 };
	sb_diags_add(&d, "bank.yaml", 3, 7, "unknown key '%s'", "titel");
	sb_diags_add(&d, NULL, 0, 0, "plain");
	sb_diags_add(&d, "x", 1, 1, "dropped");
	assert_int_equal(d.n, 2);
	assert_int_equal(d.dropped, 1);
	char line[256];
	sb_diag_format(&d.v[0], line, sizeof line);
	assert_string_equal(line, "bank.yaml:3:7: unknown key 'titel'");
	sb_diag_format(&d.v[1], line, sizeof line);
	assert_string_equal(line, "plain");
	sb_diags_free(&d);
	assert_int_equal(sb_status_exit(SB_ERR_DATA), EX_DATAERR);
	assert_int_equal(sb_status_exit(SB_ERR_CANTCREAT), EX_CANTCREAT);
	assert_int_equal(sb_status_exit(SB_ERR_UNAVAILABLE), EX_UNAVAILABLE);
}

static void test_lang(void **state)
{
	(void)state;
	sb_lang l;
	assert_int_equal(sb_lang_parse("zh", &l), 0);
	assert_int_equal(l, SB_LANG_ZH);
	assert_int_equal(sb_lang_parse("en_GB.UTF-8", &l), 0);
	assert_int_equal(l, SB_LANG_EN);
	assert_int_equal(sb_lang_parse("zh_TW", &l), 0);
	assert_int_equal(l, SB_LANG_ZH);
	assert_int_equal(sb_lang_parse("zhx", &l), -1);
	assert_int_equal(sb_lang_parse("fr", &l), -1);
	setenv("LC_ALL", "", 1);
	setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
	setenv("LANG", "en_US.UTF-8", 1);
	assert_int_equal(sb_lang_from_env(), SB_LANG_ZH);
	setenv("LC_ALL", "C", 1);
	assert_int_equal(sb_lang_from_env(), SB_LANG_EN);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	assert_int_equal(sb_lang_from_env(), SB_LANG_EN);
	assert_string_equal(sb_label_text(SB_LANG_ZH, SB_LABEL_YES), "是");
}

static void test_doc_build(void **state)
{
	(void)state;
	sb_doc *d = sb_doc_new(SB_LANG_EN);
	assert_non_null(d);
	sb_doc_set(d, "Title", NULL, "r1", "2026-01-01", "bank 1.0");
	sb_doc_heading(d, 7, "H");
	sb_doc_para(d, SB_TONE_NOTE, "p");
	sb_doc_list(d, true);
	sb_doc_add_item(d, "one");
	sb_doc_add_item(d, "two");
	sb_align al[2] = { SB_ALIGN_LEFT, SB_ALIGN_RIGHT };
	sb_doc_table(d, 2, al);
	sb_doc_add_item(d, "h1");
	sb_doc_add_item(d, "h2");
	sb_style_chart *c = sb_calloc(1, sizeof *c);
	c->x_label = sb_strdup("x");
	sb_doc_style_chart(d, c);
	assert_int_equal(sb_doc_status(d), SB_OK);
	assert_int_equal(d->n_blocks, 5);
	assert_int_equal(d->blocks[0].level, 3);
	assert_true(d->blocks[0].keep_with_next);
	assert_int_equal(d->blocks[2].n_items, 2);
	assert_string_equal(d->blocks[2].items[1], "two");
	assert_int_equal(d->blocks[3].align[1], SB_ALIGN_RIGHT);
	assert_ptr_equal(d->blocks[4].style_chart, c);
	assert_string_equal(d->respondent, "r1");
	sb_doc_free(d);
}

static void test_doc_alloc_failure(void **state)
{
	(void)state;
	/* Every k: the builder notices, and nothing leaks (ASan). */
	for (unsigned long k = 1; k < 40; k++) {
		sb_alloc_fail_after(k);
		sb_doc *d = sb_doc_new(SB_LANG_ZH);
		if (d) {
			sb_doc_heading(d, 1, "标题");
			sb_doc_list(d, false);
			sb_doc_add_item(d, "a");
			sb_profile_chart *p = sb_calloc(1, sizeof *p);
			sb_doc_profile_chart(d, p);
			sb_doc_para(d, SB_TONE_NORMAL, "b");
		}
		unsigned long made = sb_alloc_fail_after(0);
		if (k > made) {
			assert_int_equal(sb_doc_status(d), SB_OK);
			sb_doc_free(d);
			return;
		}
		assert_int_equal(sb_doc_status(d), SB_ERR_INTERNAL);
		sb_doc_free(d);
	}
	fail_msg("the builder never succeeded");
}

static void test_outfile_atomic(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "out.csv");
	sb_diags d = { 0 };
	sb_outfile *f;
	assert_int_equal(sb_out_open(path, &f, &d), SB_OK);
	sb_out_puts(f, "a,b\n");
	/* Nothing at the final path until commit. */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(sb_out_commit(f, &d), SB_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	size_t n;
	char *s = sb_read_file(path, &n);
	assert_string_equal(s, "a,b\n");
	free(s);
	/* A large write goes straight through. */
	size_t big = 1u << 20;
	char *blob = malloc(big);
	memset(blob, 'x', big);
	assert_int_equal(sb_out_save(path, blob, big, &d), SB_OK);
	s = sb_read_file(path, &n);
	assert_int_equal(n, big);
	free(s);
	free(blob);
	assert_int_equal(d.n, 0);
	sb_rmtree(dir);
	free(path);
	free(dir);
}

static void test_outfile_failures(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "keep.csv");
	sb_write_file(path, "old\n", 4);
	const struct {
		sb_io_op op;
		sb_status want;
	} cases[] = {
		{ SB_IO_WRITE, SB_ERR_IO },
		{ SB_IO_FSYNC, SB_ERR_IO },
		{ SB_IO_CLOSE, SB_ERR_IO },
		{ SB_IO_RENAME, SB_ERR_CANTCREAT },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sb_diags d = { 0 };
		sb_outfile *f;
		assert_int_equal(sb_out_open(path, &f, &d), SB_OK);
		sb_io_inject(cases[i].op, 1, ENOSPC);
		sb_out_puts(f, "new contents\n");
		assert_int_equal(sb_out_commit(f, &d), cases[i].want);
		sb_io_inject(cases[i].op, 0, 0);
		assert_int_equal(d.n, 1);
		assert_true(sb_contains(d.v[0].message, "No space left") ||
		            sb_contains(d.v[0].message, "cannot replace"));
		char *s = sb_read_file(path, NULL);
		assert_string_equal(s, "old\n");
		free(s);
		assert_int_equal(sb_count_entries(dir), 1);
		sb_diags_free(&d);
	}
	/* Cannot create: a missing folder. */
	char *bad = sb_join(dir, "no/such/dir/x.csv");
	sb_diags d = { 0 };
	sb_outfile *f;
	assert_int_equal(sb_out_open(bad, &f, &d), SB_ERR_CANTCREAT);
	assert_string_equal(d.v[0].file, bad);
	sb_diags_free(&d);
	/* A device is written directly; /dev/full must fail. */
	assert_int_equal(sb_out_save("/dev/full", "x", 1, &d), SB_ERR_IO);
	sb_diags_free(&d);
	free(bad);
	sb_rmtree(dir);
	free(path);
	free(dir);
}

static void test_outfile_symlink_replaced_not_followed(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *target = sb_join(dir, "elsewhere.csv");
	char *link = sb_join(dir, "out.csv");
	sb_write_file(target, "precious\n", 9);
	assert_int_equal(symlink(target, link), 0);
	sb_diags d = { 0 };
	assert_int_equal(sb_out_save(link, "new\n", 4, &d), SB_OK);
	/* The link was replaced by a regular file; the file it pointed at is untouched. */
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	char *s = sb_read_file(target, NULL);
	assert_string_equal(s, "precious\n");
	free(s);
	s = sb_read_file(link, NULL);
	assert_string_equal(s, "new\n");
	free(s);
	sb_rmtree(dir);
	free(target);
	free(link);
	free(dir);
}

/* DEL and C1 controls in JSON output are escaped, so a report file is safe to print. */
static void test_json_write_escapes_controls(void **state)
{
	(void)state;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string("a\x7f" "b\xc2\x9b" "c\x1b" "d\xe4\xb8\xad"));
	sb_buf out = { 0 };
	sb_buf_puts(&out, "x");
	assert_true(sb_json_write(o, &out));
	assert_string_equal(out.data, "x{\n  \"id\": \"a\\u007Fb\\u009Bc\\u001Bd\xe4\xb8\xad\"\n}\n");
	/* A failing allocation leaves the buffer as it was. */
	size_t len = out.len;
	sb_alloc_fail_after(1);
	bool ok = sb_json_write(o, &out);
	sb_alloc_fail_after(0);
	assert_false(ok);
	assert_int_equal(out.len, len);
	sb_buf_free(&out);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_injection), cmocka_unit_test(test_grow),
		cmocka_unit_test(test_buf),             cmocka_unit_test(test_buf_fmt),
		cmocka_unit_test(test_diags),           cmocka_unit_test(test_lang),
		cmocka_unit_test(test_doc_build),
		cmocka_unit_test(test_doc_alloc_failure), cmocka_unit_test(test_outfile_atomic),
		cmocka_unit_test(test_outfile_failures),
		cmocka_unit_test(test_json_write_escapes_controls),
		cmocka_unit_test(test_outfile_symlink_replaced_not_followed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

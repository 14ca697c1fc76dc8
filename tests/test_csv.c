/* SPDX-License-Identifier: MIT */
/* test_csv.c — the streaming CSV reader (records, errors with row and column, resynchronisation,
 * block sizes) and the output escaping. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "data/csv.h"

/* Reads everything from data with the given block size into a dump: one line per record,
 * "ROW:[field|field]" ("q" before a quoted field), "ROW:COL! message {raw}" for a bad record,
 * "ROW:END" at the end. Bytes outside printable ASCII are written as \xHH. */
static void S_esc(sb_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f || c == '\\' || c == '|')
			sb_buf_printf(b, "\\x%02X", c);
		else
			sb_buf_putc(b, (char)c);
	}
}

static char *S_dump_reader(sb_csv *r)
{
	sb_buf b = { 0 };
	for (;;) {
		sb_csv_record rec;
		assert_int_equal(sb_csv_next(r, &rec), SB_OK);
		if (rec.kind == SB_CSV_END) {
			sb_buf_printf(&b, "%ld:END\n", rec.row);
			break;
		}
		if (rec.kind == SB_CSV_BAD) {
			sb_buf_printf(&b, "%ld:%ld! %s {", rec.row, rec.column, rec.message);
			S_esc(&b, rec.raw, rec.raw_len);
			sb_buf_puts(&b, rec.raw_truncated ? "...}\n" : "}\n");
			continue;
		}
		sb_buf_printf(&b, "%ld:[", rec.row);
		for (size_t i = 0; i < rec.n_fields; i++) {
			if (i)
				sb_buf_putc(&b, '|');
			if (rec.fields[i].quoted)
				sb_buf_putc(&b, 'q');
			S_esc(&b, rec.fields[i].p, rec.fields[i].len);
		}
		sb_buf_puts(&b, "]\n");
	}
	assert_false(b.failed);
	return sb_buf_detach(&b, NULL);
}

static char *S_dump(const char *data, size_t len, size_t block)
{
	sb_csv *r = NULL;
	assert_int_equal(sb_csv_open_mem(data, len, block, &r), SB_OK);
	char *d = S_dump_reader(r);
	sb_csv_free(r);
	return d;
}

/* The dump must be the same for every block size, tiny ones included. */
static void S_check(const char *data, size_t len, const char *expect)
{
	static const size_t blocks[] = { 1, 2, 3, 7, 64, 0 };
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		char *d = S_dump(data, len, blocks[i]);
		if (strcmp(d, expect) != 0)
			fail_msg("block %zu:\n--- got\n%s--- expected\n%s", blocks[i], d, expect);
		sb_free(d);
	}
}

#define CHECK(lit, expect) S_check(lit, sizeof lit - 1, expect)

/* A small input gets a buffer of its own size (at least 16 KiB), a large one the default block,
 * and a block asked for is kept as it is. */
static void test_block_for(void **state)
{
	(void)state;
	assert_int_equal(sb_csv_block_for(0, 0), 16384);
	assert_int_equal(sb_csv_block_for(0, 100), 16384);
	assert_int_equal(sb_csv_block_for(0, 16384), 16385);
	assert_int_equal(sb_csv_block_for(0, 100000), 100001);
	assert_int_equal(sb_csv_block_for(0, SB_CSV_BLOCK - 1), SB_CSV_BLOCK);
	assert_int_equal(sb_csv_block_for(0, SB_CSV_BLOCK), 0);
	assert_int_equal(sb_csv_block_for(0, 5ull << 30), 0);
	assert_int_equal(sb_csv_block_for(7, 100), 7);
	/* read through a small buffer, a record longer than it still comes out whole */
	char big[40000];
	memset(big, 'x', sizeof big);
	big[0] = '"';
	big[sizeof big - 2] = '"';
	big[sizeof big - 1] = '\n';
	sb_csv *r;
	assert_int_equal(sb_csv_open_mem(big, sizeof big, 0, &r), SB_OK);
	sb_csv_record rec;
	assert_int_equal(sb_csv_next(r, &rec), SB_OK);
	assert_int_equal(rec.kind, SB_CSV_RECORD);
	assert_int_equal(rec.n_fields, 1);
	assert_int_equal(rec.fields[0].len, sizeof big - 3);
	assert_int_equal(sb_csv_next(r, &rec), SB_OK);
	assert_int_equal(rec.kind, SB_CSV_END);
	sb_csv_free(r);
}

static void test_simple(void **state)
{
	(void)state;
	CHECK("id,a,b\n1,2,3\n", "1:[id|a|b]\n2:[1|2|3]\n3:END\n");
	/* no line ending at the end */
	CHECK("id,a\nx,1", "1:[id|a]\n2:[x|1]\n3:END\n");
	/* empty fields, at the start, middle and end */
	CHECK(",a,,\n", "1:[|a||]\n2:END\n");
}

static void test_quoting(void **state)
{
	(void)state;
	CHECK("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", "1:[qa,b|qsay \"hi\"|q]\n2:END\n");
	/* embedded newlines: the next record's row counts the lines the first one spans */
	CHECK("\"line1\nline2\",x\ny,z\n", "1:[qline1\\x0Aline2|x]\n3:[y|z]\n4:END\n");
	CHECK("\"a\r\nb\"\r\nc\r\n", "1:[qa\\x0D\\x0Ab]\n3:[c]\n4:END\n");
	/* a doubled quote right at the end of input, and a field that is only a doubled quote */
	CHECK("\"\"\"\"", "1:[q\"]\n2:END\n");
	/* spaces are data, never trimmed */
	CHECK(" a , b \n", "1:[ a | b ]\n2:END\n");
}

static void test_line_endings(void **state)
{
	(void)state;
	CHECK("a,b\r\nc,d\r\n", "1:[a|b]\n2:[c|d]\n3:END\n");
	CHECK("a,b\r\nc,d\n", "1:[a|b]\n2:[c|d]\n3:END\n");
	/* a CR alone at the very end of input ends the record */
	CHECK("a,b\r", "1:[a|b]\n2:END\n");
	/* empty lines are skipped, but counted */
	CHECK("a\n\n\r\nb\n\n", "1:[a]\n4:[b]\n6:END\n");
}

static void test_bom_and_empty(void **state)
{
	(void)state;
	CHECK("\xEF\xBB\xBFid,a\n1,2\n", "1:[id|a]\n2:[1|2]\n3:END\n");
	/* a BOM later on is data */
	CHECK("a\n\xEF\xBB\xBF" "b\n", "1:[a]\n2:[\\xEF\\xBB\\xBFb]\n3:END\n");
	/* two bytes of a BOM only */
	CHECK("\xEF\xBB", "1:[\\xEF\\xBB]\n2:END\n");
	CHECK("", "1:END\n");
	CHECK("\xEF\xBB\xBF", "1:END\n");
	CHECK("\n\n", "3:END\n");
	/* header only */
	CHECK("id,a,b\n", "1:[id|a|b]\n2:END\n");
}

static void test_ragged(void **state)
{
	(void)state;
	/* the reader hands over whatever each record holds; counting columns is the caller's job */
	CHECK("a,b,c\n1\n1,2,3,4\n", "1:[a|b|c]\n2:[1]\n3:[1|2|3|4]\n4:END\n");
}

static void test_utf8_is_bytes(void **state)
{
	(void)state;
	/* invalid UTF-8 passes through untouched: judging text is the caller's job */
	CHECK("\xFF\xFE,\"\xC3(\"\n\xE4\xBD\xA0,x\n",
	      "1:[\\xFF\\xFE|q\\xC3(]\n2:[\\xE4\\xBD\\xA0|x]\n3:END\n");
}

static void test_errors(void **state)
{
	(void)state;
	/* a quote inside an unquoted field: the row, its column, the whole line; reading goes on */
	CHECK("a,b\n1,x\"y,3\n4,5\n",
	      "1:[a|b]\n2:2! quote inside an unquoted field {1,x\"y,3}\n3:[4|5]\n4:END\n");
	/* characters after a closing quote, in a record that spans two lines */
	CHECK("a\n\"x\ny\"z,1\nok\n",
	      "1:[a]\n2:1! characters after a closing quote {\"x\\x0Ay\"z,1}\n4:[ok]\n5:END\n");
	CHECK("\"x\" ,1\nok\n", "1:1! characters after a closing quote {\"x\" ,1}\n2:[ok]\n3:END\n");
	/* a NUL byte, unquoted and quoted */
	static const char nul[] = "a,b\nc,d\0e\n\"f\0\",g\nh\n";
	S_check(nul, sizeof nul - 1,
	        "1:[a|b]\n2:2! NUL byte in a field {c,d\\x00e}\n"
	        "3:1! NUL byte in a field {\"f\\x00\",g}\n4:[h]\n5:END\n");
	/* a bare CR in the middle of a line */
	CHECK("a\rb,c\nd\n",
	      "1:1! carriage return not followed by a line feed {a\\x0Db,c}\n2:[d]\n3:END\n");
}

/* Errors next to CR LF and CR line ends, doubled quotes and NULs inside quotes, at every block
 * size: each bad record ends at its own line's end and reading goes on. */
static void test_errors_at_line_ends(void **state)
{
	(void)state;
	CHECK("a,\"b\"\"c\"\r\nd\r\n",
	      "1:[a|qb\"c]\n2:[d]\n3:END\n");
	CHECK("\"x\"y\r\nz\n",
	      "1:1! characters after a closing quote {\"x\"y}\n2:[z]\n3:END\n");
	CHECK("x\"y\r",
	      "1:1! quote inside an unquoted field {x\"y\\x0D}\n2:END\n");
	static const char nul[] = "\"a\0\"\r\nb\n";
	S_check(nul, sizeof nul - 1,
	      "1:1! NUL byte in a field {\"a\\x00\"}\n2:[b]\n3:END\n");
	CHECK("\r\r\nq\n",
	      "1:1! carriage return not followed by a line feed {\\x0D}\n2:[q]\n3:END\n");
	CHECK("p\n\"x\"\"\"y\"\r\nq\r\n",
	      "1:[p]\n2:1! characters after a closing quote {\"x\"\"\"y\"}\n3:[q]\n4:END\n");
	CHECK("a\rb\r\nc\n",
	      "1:1! carriage return not followed by a line feed {a\\x0Db}\n2:[c]\n3:END\n");
}

static void test_unterminated(void **state)
{
	(void)state;
	/* the quote opened on row 2 never closes: reported on row 2, and reading resumes on the line
	 * after the one where it opened, so rows 3 and 4 are still read */
	CHECK("id,a\nx,\"oops\ny,1\nz,2\n",
	      "1:[id|a]\n2:2! quoted field is never closed {x,\"oops}\n3:[y|1]\n4:[z|2]\n5:END\n");
	CHECK("\"", "1:1! quoted field is never closed {\"}\n2:END\n");
}

static void test_columns_cap(void **state)
{
	(void)state;
	sb_buf b = { 0 };
	for (int i = 0; i < SB_CSV_COLUMNS_MAX; i++)
		sb_buf_puts(&b, i ? ",1" : "1");
	sb_buf_puts(&b, "\n");
	for (int i = 0; i <= SB_CSV_COLUMNS_MAX; i++)
		sb_buf_puts(&b, i ? ",2" : "2");
	sb_buf_puts(&b, "\nend\n");
	char *d = S_dump(b.data, b.len, 0);
	/* the first record has exactly the cap; the second one more */
	assert_true(strncmp(d, "1:[1|1|1|", 9) == 0);
	assert_non_null(strstr(d, "\n2:10001! more than 10000 columns {2,2,2,"));
	assert_non_null(strstr(d, "}\n3:[end]\n4:END\n"));
	sb_free(d);
	sb_buf_free(&b);
}

static void test_big_field(void **state)
{
	(void)state;
	/* a 1 MB field, unquoted and quoted (with a doubled quote in it) */
	size_t n = 1000 * 1000;
	sb_buf b = { 0 };
	sb_buf_puts(&b, "id,text\n1,");
	char *big = sb_buf_reserve(&b, n);
	memset(big, 'x', n);
	b.len += n;
	sb_buf_puts(&b, "\n2,\"");
	big = sb_buf_reserve(&b, n);
	memset(big, 'y', n);
	big[10] = '"';
	big[11] = '"';
	b.len += n;
	sb_buf_puts(&b, "\"\n");
	static const size_t blocks[] = { 4096, 0, 65536 + 7 };
	for (size_t k = 0; k < 3; k++) {
		sb_csv *r = NULL;
		sb_csv_record rec;
		assert_int_equal(sb_csv_open_mem(b.data, b.len, blocks[k], &r), SB_OK);
		assert_int_equal(sb_csv_next(r, &rec), SB_OK);
		assert_int_equal(rec.n_fields, 2);
		assert_int_equal(sb_csv_next(r, &rec), SB_OK);
		assert_int_equal(rec.kind, SB_CSV_RECORD);
		assert_int_equal(rec.row, 2);
		assert_int_equal(rec.fields[1].len, n);
		assert_true(rec.fields[1].p[0] == 'x' && rec.fields[1].p[n - 1] == 'x');
		assert_int_equal(sb_csv_next(r, &rec), SB_OK);
		assert_int_equal(rec.kind, SB_CSV_RECORD);
		assert_int_equal(rec.row, 3);
		assert_int_equal(rec.fields[1].len, n - 1);
		assert_true(rec.fields[1].quoted);
		assert_true(rec.fields[1].p[10] == '"' && rec.fields[1].p[11] == 'y');
		assert_int_equal(rec.raw_len, n + 4);
		assert_int_equal(sb_csv_next(r, &rec), SB_OK);
		assert_int_equal(rec.kind, SB_CSV_END);
		assert_int_equal(rec.row, 4);
		assert_int_equal(sb_csv_bytes(r), b.len);
		sb_csv_free(r);
	}
	sb_buf_free(&b);
}

static void test_field_cap(void **state)
{
	(void)state;
	/* over the cap, unquoted: reported, the rest of the line skipped, the next line read */
	size_t n = SB_CSV_FIELD_MAX + 10;
	char *data = malloc(n + 32);
	assert_non_null(data);
	memcpy(data, "a,", 2);
	memset(data + 2, 'z', n);
	memcpy(data + 2 + n, "\nb,c\n", 5);
	char *d = S_dump(data, n + 7, 0);
	assert_true(strncmp(d, "1:2! field longer than 16 MiB {a,zzz", 36) == 0);
	assert_non_null(strstr(d, "zz}\n2:[b|c]\n3:END\n"));
	sb_free(d);
	/* quoted, with line feeds inside: resumes on the line after the opening quote */
	memcpy(data, "\"", 1);
	memset(data + 1, 'q', n);
	data[5] = '\n';
	memcpy(data + 1 + n, "\"\nb\n", 4);
	d = S_dump(data, n + 5, 0);
	assert_true(strncmp(d, "1:1! field longer than 16 MiB {\"qqqq}\n"
	                       "2:1! quote inside an unquoted field {qqqq", 72) == 0);
	assert_non_null(strstr(d, "q\"}\n3:[b]\n4:END\n"));
	sb_free(d);
	free(data);
	/* far over the cap, and longer than the reader's buffer ever grows: the record is handed
	 * out truncated and the rest of its line skipped */
	n = SB_CSV_RECORD_MAX + 4 * SB_CSV_BLOCK;
	data = malloc(n + 32);
	assert_non_null(data);
	memcpy(data, "a,", 2);
	memset(data + 2, 'z', n);
	memcpy(data + 2 + n, "\nb\n", 3);
	d = S_dump(data, n + 5, 0);
	assert_true(strncmp(d, "1:2! field longer than 16 MiB {a,zzz", 36) == 0);
	assert_non_null(strstr(d, "zz...}\n2:[b]\n3:END\n"));
	sb_free(d);
	free(data);
}

static void test_fd_and_bytes(void **state)
{
	(void)state;
	char *dir = sb_tmpdir();
	char *path = sb_join(dir, "in.csv");
	sb_write_file(path, "id,a\r\n1,\"2\"\r\n", 13);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	sb_csv *r = NULL;
	assert_int_equal(sb_csv_open_fd(fd, 5, &r), SB_OK);
	char *d = S_dump_reader(r);
	assert_string_equal(d, "1:[id|a]\n2:[1|q2]\n3:END\n");
	assert_int_equal(sb_csv_bytes(r), 13);
	sb_free(d);
	sb_csv_free(r);
	close(fd);
	/* a read error is SB_ERR_IO */
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(sb_csv_open_fd(fd, 0, &r), SB_OK);
	sb_csv_record rec;
	assert_int_equal(sb_csv_next(r, &rec), SB_ERR_IO);
	sb_csv_free(r);
	close(fd);
	sb_rmtree(dir);
	free(path);
	free(dir);
}

static void test_alloc_failure(void **state)
{
	(void)state;
	static const char data[] = "a,\"b\"\"c\"\nd,e\n";
	/* every allocation in turn fails: an error status, never a crash or leak */
	for (unsigned long k = 1; k < 20; k++) {
		sb_csv *r = NULL;
		sb_alloc_fail_after(k);
		sb_status st = sb_csv_open_mem(data, sizeof data - 1, 3, &r);
		if (st == SB_OK) {
			sb_csv_record rec;
			do
				st = sb_csv_next(r, &rec);
			while (st == SB_OK && rec.kind != SB_CSV_END);
			sb_csv_free(r);
		}
		sb_alloc_fail_after(0);
		assert_true(st == SB_OK || st == SB_ERR_INTERNAL);
	}
}

static void S_esc_is(const char *in, bool guard, const char *expect)
{
	char out[64];
	size_t n = sb_csv_escape(out, in, strlen(in), guard);
	assert_true(n <= SB_CSV_ESCAPED_MAX(strlen(in)));
	out[n] = '\0';
	assert_string_equal(out, expect);
	sb_buf b = { 0 };
	sb_csv_put(&b, in, strlen(in), guard);
	assert_string_equal(b.data, expect);
	sb_buf_free(&b);
}

static void test_escape(void **state)
{
	(void)state;
	S_esc_is("plain", true, "plain");
	S_esc_is("", true, "");
	S_esc_is("a,b", false, "\"a,b\"");
	S_esc_is("say \"hi\"", false, "\"say \"\"hi\"\"\"");
	S_esc_is("two\nlines", false, "\"two\nlines\"");
	S_esc_is("cr\r", false, "\"cr\r\"");
	/* the formula guard */
	S_esc_is("=SUM(A1)", true, "'=SUM(A1)");
	S_esc_is("=SUM(A1)", false, "=SUM(A1)");
	/* a plain number is no formula: ids such as -5 or a phone number round-trip */
	S_esc_is("+1", true, "+1");
	S_esc_is("-1", true, "-1");
	S_esc_is("-5", true, "-5");
	S_esc_is("+8613800000000", true, "+8613800000000");
	S_esc_is("-2.5e-3", true, "-2.5e-3");
	S_esc_is("-.5", true, "-.5");
	/* text that starts like one is guarded */
	S_esc_is("-", true, "'-");
	S_esc_is("+", true, "'+");
	S_esc_is("-1+2", true, "'-1+2");
	S_esc_is("+1e", true, "'+1e");
	S_esc_is("-1.2.3", true, "'-1.2.3");
	S_esc_is("-x", true, "'-x");
	S_esc_is("@x", true, "'@x");
	S_esc_is("\tx", true, "'\tx");
	S_esc_is("\rx", true, "\"'\rx\"");
	S_esc_is("=HYPERLINK(\"x\",\"y\")", true, "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
	S_esc_is("a=b", true, "a=b");
	S_esc_is("'=x", true, "'=x");
	/* worst case: all quotes, guarded */
	S_esc_is("\"\"", true, "\"\"\"\"\"\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_bom_and_empty),
		cmocka_unit_test(test_ragged),
		cmocka_unit_test(test_utf8_is_bytes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_errors_at_line_ends),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_columns_cap),
		cmocka_unit_test(test_big_field),
		cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_fd_and_bytes),
		cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_block_for),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c — the CSV reader and the answers reader on arbitrary bytes handed over in
 * chunks (chunked.h: no read returns bytes of two chunks) whose sizes the first input bytes choose (as cmark's harness lets its first bytes
 * choose options): never crash, leak or hang, and every way of splitting the input gives the
 * same records as reading it whole.
 *
 * Input: byte 0 = S (bits 0-2: 1 + S % 8 chunk-size bytes follow; bits 3-5: the reader's block
 * size, from S_blocks), then the chunk sizes (each 1 + b bytes, used in turn), then the CSV. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "data/answers.h"
#include "chunked.h"
#include "data/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const size_t S_blocks[8] = { 0, 1, 2, 3, 7, 64, 4095, 65536 };

static uint64_t S_mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 1099511628211ULL;
}

/* A digest of every record r gives, so two readings can be compared. */
static uint64_t S_digest(sb_csv *r, size_t size)
{
	uint64_t h = 1469598103934665603ULL;
	for (;;) {
		sb_csv_record rec;
		if (sb_csv_next(r, &rec) != SB_OK)
			abort();
		h = S_mix(h, (uint64_t)rec.kind ^ ((uint64_t)rec.row << 8) ^ ((uint64_t)rec.column << 40));
		if (rec.kind == SB_CSV_END)
			break;
		if (rec.kind == SB_CSV_BAD && (!rec.message || rec.column < 0))
			abort();
		h = S_mix(h, rec.raw_len ^ ((uint64_t)rec.raw_truncated << 63));
		for (size_t i = 0; i < rec.raw_len; i++)
			h = S_mix(h, (uint8_t)rec.raw[i]);
		for (size_t f = 0; f < rec.n_fields; f++) {
			h = S_mix(h, rec.fields[f].len ^ 0xff00 ^ ((uint64_t)rec.fields[f].quoted << 20));
			for (size_t i = 0; i < rec.fields[f].len; i++)
				h = S_mix(h, (uint8_t)rec.fields[f].p[i]);
		}
	}
	if (sb_csv_bytes(r) != size)
		abort();
	return h;
}

/* The answers reader's view: every row's kind, number, column, values and id. */
static uint64_t S_answers(const sb_bank *bank, int fd, sb_chunked *c, size_t block)
{
	sb_diags d = { 0 };
	const char *keep[] = { "note" };
	sb_answers_opts o = {
		.keep = keep, .n_keep = 1, .check_duplicates = true, .block_size = block,
		.allow_missing_items = true, /* partial headers reach the rows too */
		.whole_head = true, /* the chunk sizes must not change the encoding guess */
		.read_fn = c ? sb_chunked_read : NULL, .read_ctx = c,
	};
	sb_answers *a = NULL;
	uint64_t h = 1469598103934665603ULL;
	sb_status st = sb_answers_open_fd(bank, fd, &o, &a, &d);
	h = S_mix(h, (uint64_t)st);
	if (st == SB_OK) {
		sb_answer_row row;
		unsigned long n = 0;
		while ((st = sb_answers_next(a, &row, &d)) == SB_OK && row.kind != SB_ANSWER_END) {
			n++;
			h = S_mix(h, (uint64_t)row.kind ^ ((uint64_t)row.row << 8) ^
			             ((uint64_t)row.column << 40) ^ ((uint64_t)row.duplicate_of << 48));
			if (row.kind == SB_ANSWER_REJECT && (!row.reason || !*row.reason))
				abort();
			if (row.kind == SB_ANSWER_ROW) {
				if (!row.id || strlen(row.id) != row.id_len || row.id_len == 0)
					abort();
				for (size_t i = 0; i < bank->n_items; i++)
					h = S_mix(h, (uint64_t)(unsigned)row.values[i]);
				for (size_t i = 0; i < row.id_len; i++)
					h = S_mix(h, (uint8_t)row.id[i]);
			}
		}
		if (st != SB_OK || n != sb_answers_rows_read(a))
			abort();
	} else if (st != SB_ERR_DATA || d.n == 0) {
		abort(); /* a header problem is the only way opening can fail here */
	}
	sb_answers_close(a);
	sb_diags_free(&d);
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n_sizes = 1 + (data[0] & 7);
	size_t block = S_blocks[(data[0] >> 3) & 7];
	if (size < 1 + n_sizes)
		return 0;
	const uint8_t *sizes = data + 1;
	data += 1 + n_sizes;
	size -= 1 + n_sizes;

	/* The input in a file (memfd), for the readers' read(2) paths. */
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || lseek(fd, 0, SEEK_SET) != 0)
		abort();

	/* The CSV reader: whole from memory, in small blocks from memory, whole from the file, and
	 * chunked. "Whole" is one block of the input's size, not the default 256 KiB: a block that
	 * big is mapped, zeroed and unmapped by ASan on every run, which cost more than the rest. */
	size_t whole_block = size + 1;
	sb_csv *r = NULL;
	if (sb_csv_open_mem(data, size, whole_block, &r) != SB_OK)
		abort();
	uint64_t whole = S_digest(r, size);
	sb_csv_free(r);
	if (sb_csv_open_mem(data, size, 1 + sizes[0] % 16, &r) != SB_OK)
		abort();
	if (S_digest(r, size) != whole)
		abort();
	sb_csv_free(r);
	if (sb_csv_open_fd(fd, whole_block, &r) != SB_OK)
		abort();
	if (S_digest(r, size) != whole)
		abort();
	sb_csv_free(r);
	sb_chunked c;
	sb_chunked_start(&c, data, size, sizes, n_sizes);
	if (sb_csv_open_fn(sb_chunked_read, &c, block, &r) != SB_OK)
		abort();
	if (S_digest(r, size) != whole)
		abort();
	sb_csv_free(r);

	/* The answers reader over the same bytes against the default bank, from the file and
	 * chunked. The bank is loaded once: it is immutable, and loading it costs more than a run. */
	static sb_bank *bank;
	sb_diags d = { 0 };
	if (!bank && sb_bank_load_embedded(&bank, &d) != SB_OK)
		abort();
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	uint64_t a1 = S_answers(bank, fd, NULL, whole_block);
	close(fd);
	sb_chunked_start(&c, data, size, sizes, n_sizes);
	uint64_t a2 = S_answers(bank, -1, &c, block);
	if (a1 != a2)
		abort();
	return 0;
}

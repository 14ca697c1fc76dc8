/* fuzz_csv.c — the CSV reader and the answers reader on arbitrary bytes: never crash, leak or
 * hang, and every block size gives the same records. The first byte chooses the block size. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "answers.h"
#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A digest of every record, so two readings can be compared. */
static uint64_t S_digest(const uint8_t *data, size_t size, size_t block)
{
	sb_csv *r = NULL;
	if (sb_csv_open_mem(data, size, block, &r) != SB_OK)
		abort();
	uint64_t h = 1469598103934665603ULL;
	for (;;) {
		sb_csv_record rec;
		if (sb_csv_next(r, &rec) != SB_OK)
			abort();
		h = (h ^ (uint64_t)rec.kind ^ ((uint64_t)rec.row << 8) ^ ((uint64_t)rec.column << 40)) *
		    1099511628211ULL;
		if (rec.kind == SB_CSV_END)
			break;
		for (size_t i = 0; i < rec.raw_len; i++)
			h = (h ^ (uint8_t)rec.raw[i]) * 1099511628211ULL;
		for (size_t f = 0; f < rec.n_fields; f++) {
			h = (h ^ rec.fields[f].len ^ 0xff00) * 1099511628211ULL;
			for (size_t i = 0; i < rec.fields[f].len; i++)
				h = (h ^ (uint8_t)rec.fields[f].p[i]) * 1099511628211ULL;
		}
	}
	if (sb_csv_bytes(r) != size)
		abort();
	sb_csv_free(r);
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t block = 1 + data[0] % 16;
	data++;
	size--;
	if (S_digest(data, size, block) != S_digest(data, size, 0))
		abort();

	/* the answers reader over the same bytes, against the default bank */
	static sb_bank *bank;
	sb_diags d = { 0 };
	if (!bank && sb_bank_load_embedded(&bank, &d) != SB_OK)
		abort();
	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	const char *keep[] = { "note" };
	sb_answers_opts o = { .keep = keep, .n_keep = 1, .check_duplicates = true, .block_size = block };
	sb_answers *a = NULL;
	if (sb_answers_open_fd(bank, fd, &o, &a, &d) == SB_OK) {
		sb_answer_row row;
		unsigned long n = 0;
		while (sb_answers_next(a, &row, &d) == SB_OK && row.kind != SB_ANSWER_END)
			n++;
		if (n != sb_answers_rows_read(a))
			abort();
	}
	sb_answers_close(a);
	sb_diags_free(&d);
	close(fd);
	return 0;
}

/* fuzz_bank.c — the bank loader on arbitrary bytes: never crashes, leaks or hangs. */
#include <stdint.h>

#include "bank.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sb_bank *b = NULL;
	sb_diags d = { 0 };
	if (sb_bank_load((const char *)data, size, "fuzz.yaml", &b, &d) == SB_OK) {
		sb_buf out = { 0 };
		sb_bank_dump(b, &out);
		sb_buf_free(&out);
	}
	sb_bank_free(b);
	sb_diags_free(&d);
	return 0;
}

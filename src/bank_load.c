/* bank_load.c — TEMPORARY placeholder so the tree links; the libyaml loader replaces it. */
#include "bank.h"

sb_status sb_bank_load(const char *data, size_t len, const char *name, sb_bank **out,
                       sb_diags *d)
{
	(void)data;
	(void)len;
	*out = NULL;
	sb_diags_add(d, name, 0, 0, "the bank loader is not built yet");
	return SB_ERR_INTERNAL;
}

sb_status sb_bank_load_file(const char *path, sb_bank **out, sb_diags *d)
{
	return sb_bank_load("", 0, path, out, d);
}

sb_status sb_bank_load_embedded(sb_bank **out, sb_diags *d)
{
	return sb_bank_load((const char *)sb_embedded_bank, sb_embedded_bank_len, "(embedded)", out, d);
}

void sb_bank_dump(const sb_bank *b, sb_buf *out)
{
	(void)b;
	(void)out;
}

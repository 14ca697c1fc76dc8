/* SPDX-License-Identifier: MIT */
/* resources.h — the files one command reads and writes, checked together before any output is
 * opened: no output may be one of the inputs (it would replace the answers, the bank or the
 * summary it reads), no two outputs may be the same file (one would silently replace the
 * other), and standard input (or one pipe) is read by one input only. */
#ifndef SB_RESOURCES_H
#define SB_RESOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

#define SB_RES_MAX 256

typedef struct {
	const char *what; /* how the user named it: "-o", "--rejects", "input", "bank" */
	const char *path; /* "-": standard input (an input) or standard output (an output) */
	bool output;
} sb_resource;

typedef struct {
	sb_resource v[SB_RES_MAX];
	size_t n;
} sb_resources;

/* Adds an input or an output; a NULL path is ignored (an option not given), and so is anything
 * past SB_RES_MAX (only summary merge
 * might name more; add the outputs first). Outputs are added as given: pass "-" for
 * standard output when the command writes there by default. */
void sb_res_input(sb_resources *r, const char *what, const char *path);
void sb_res_output(sb_resources *r, const char *what, const char *path);
/* stat()s every entry and compares: an output that is the same file (st_dev and st_ino) as an
 * input or another output, an output that does not exist yet with the same folder (realpath)
 * and name as another, two inputs that both read standard input or one pipe, two outputs that
 * both write to standard output. Only regular files are compared by inode (a terminal or
 * /dev/null may well be shared). SB_OK, or SB_ERR_USAGE with one message naming both files. */
sb_status sb_res_check(const sb_resources *r, sb_diags *d);

#endif

/* SPDX-License-Identifier: MIT */
/* transcode.h — the pre-stage of an answers file: finds its encoding (a UTF-8 or UTF-16 byte order
 * mark, or the one asked for), turns it into UTF-8 with iconv as it is read, and turns CR-only
 * line ends into LF. Plain UTF-8 with LF or CRLF passes through untouched: the reader then costs
 * one indirect call per block. */
#ifndef SB_TRANSCODE_H
#define SB_TRANSCODE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "data/csv.h"

/* Bytes read ahead to decide the encoding, the separator and the header rows. */
#define SB_SRC_HEAD (64u * 1024)

typedef struct sb_src sb_src;

/* Reads the start of fd (not closed here) and decides how to read the rest. encoding: NULL to
 * detect (UTF-8, UTF-8 with BOM, UTF-16LE/BE with BOM), or a name iconv knows ("gb18030",
 * "utf-16le", "latin1"...). Errors: SB_ERR_USAGE for an encoding iconv does not know; SB_ERR_DATA
 * when the start is not valid UTF-8 but reads as GB18030 (the message names --encoding);
 * SB_ERR_IO when reading fails; SB_ERR_INTERNAL. name is the input's name in diagnostics. */
/* whole_head: read the full head (64 KiB or the end) even from a pipe or terminal, where
 * otherwise the head is what has come once a line has (so a live filter does not wait). */
sb_status sb_src_open(int fd, const char *encoding, const char *name, bool whole_head,
                      sb_src **out, sb_diags *d);
/* The same, reading through fn(ctx, ...) instead of read(2) on fd when fn is set (the fuzz
 * targets choose how their input is split between reads this way, without a pipe and a thread). */
sb_status sb_src_open_fn(int fd, sb_csv_read_fn fn, void *ctx, const char *encoding,
                         const char *name, bool whole_head, sb_src **out, sb_diags *d);
/* An sb_csv_read_fn: UTF-8 bytes. -1 with errno EILSEQ when the input is not in its encoding. */
long sb_src_read(void *src, char *dst, size_t n);
/* The decoded start of the input (at most about SB_SRC_HEAD bytes; BOM removed, CR-only line
 * ends already LF), for sniffing the separator and header rows. Valid until sb_src_free. */
const char *sb_src_head(const sb_src *s, size_t *len);
/* How the input was read, for the import summary: "UTF-8", "UTF-8 with BOM", "UTF-16LE",
 * "UTF-16BE", or the encoding asked for, in capitals. */
const char *sb_src_encoding(const sb_src *s);
/* Whether the input had CR-only line ends (read as LF). */
bool sb_src_cr_only(const sb_src *s);
/* The position (1-based line, byte column) of the first byte the decoder refused, after an
 * EILSEQ from sb_src_read; 0 when unknown. */
long sb_src_bad_line(const sb_src *s);
void sb_src_free(sb_src *s);

/* Whether s[0..n) is valid UTF-8; *bad (may be NULL) gets the offset of the first bad byte. An
 * incomplete sequence at the very end counts as valid when partial_end is set. */
bool sb_utf8_check(const unsigned char *s, size_t n, bool partial_end, size_t *bad);

#endif

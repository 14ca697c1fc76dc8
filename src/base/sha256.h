/* SPDX-License-Identifier: MIT */
/* sha256.h — SHA-256 (FIPS 180-4), for the Content-Security-Policy hash of the fillable form's
 * script and the hash that names a bank's items. Not for secrets: nothing here is constant-time. */
#ifndef SB_SHA256_H
#define SB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SB_SHA256_LEN 32

typedef struct {
	uint32_t h[8];
	uint64_t bytes;     /* message length so far */
	unsigned char block[64];
	size_t fill;        /* bytes waiting in block */
} sb_sha256;

void sb_sha256_init(sb_sha256 *s);
void sb_sha256_update(sb_sha256 *s, const void *data, size_t n);
void sb_sha256_final(sb_sha256 *s, unsigned char out[SB_SHA256_LEN]);
/* The digest of data[0..n) in one call. */
void sb_sha256_of(const void *data, size_t n, unsigned char out[SB_SHA256_LEN]);
/* Lower-case hex of the digest: 64 characters and a NUL. */
void sb_sha256_hex(const unsigned char d[SB_SHA256_LEN], char out[2 * SB_SHA256_LEN + 1]);
/* Base64 (RFC 4648, padded) of the digest, as a CSP hash source wants it: 44 characters and a
 * NUL. */
void sb_sha256_base64(const unsigned char d[SB_SHA256_LEN], char out[45]);

#endif

/* SHA-256 (FIPS 180-4), incremental, with hex output. Used for the build
 * cache salt and for content-addressed paths. */
#ifndef BASE_SHA256_H
#define BASE_SHA256_H

#include <stddef.h>
#include <stdint.h>

enum { BASE_SHA256_SIZE = 32, BASE_SHA256_HEX = 65 /* 64 digits + NUL */ };

typedef struct {
    uint32_t h[8];
    uint64_t len; /* bytes hashed so far */
    unsigned char block[64];
    size_t fill; /* bytes in block */
} base_sha256_ctx;

void base_sha256_init(base_sha256_ctx *s);
void base_sha256_update(base_sha256_ctx *s, const void *data, size_t n);
/* Hashes str with its terminating NUL, so consecutive strings never run
 * together ("ab","c" and "a","bc" differ). */
void base_sha256_update_str(base_sha256_ctx *s, const char *str);
void base_sha256_final(base_sha256_ctx *s, unsigned char out[BASE_SHA256_SIZE]);

/* One-shot digest. */
void base_sha256(const void *data, size_t n, unsigned char out[BASE_SHA256_SIZE]);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void base_hex(const unsigned char *in, size_t n, char *out);
/* One-shot digest as 64 lower-case hex digits. */
void base_sha256_hex(const void *data, size_t n, char out[BASE_SHA256_HEX]);

#endif

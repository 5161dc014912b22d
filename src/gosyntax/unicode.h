/* Unicode helpers for the Go scanner: UTF-8 decoding with Go's rules
 * (unicode/utf8) and the rune classes go/scanner uses. */
#ifndef GS_UNICODE_H
#define GS_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { GS_RUNE_ERROR = 0xFFFD, GS_MAX_RUNE = 0x10FFFF };

typedef struct {
    uint32_t lo, hi;
} gs_rune_range;

/* Generated tables (unicode_tables.c), non-ASCII runes only. */
extern const gs_rune_range gs_letter_ranges[], gs_digit_ranges[], gs_print_ranges[];
extern const size_t gs_letter_ranges_len, gs_digit_ranges_len, gs_print_ranges_len;

/* Decodes the rune at p (n > 0 bytes available) like utf8.DecodeRune:
 * invalid encodings (overlong, surrogate, out of range, truncated) give
 * GS_RUNE_ERROR with width 1. */
int32_t gs_utf8_decode(const unsigned char *p, size_t n, size_t *width);
/* Encodes r (a valid rune) into out (4 bytes room); returns the length. */
size_t gs_utf8_encode(int32_t r, char *out);

/* unicode.IsLetter, unicode.IsDigit, strconv.IsPrint. */
bool gs_is_letter(int32_t r);
bool gs_is_digit(int32_t r);
bool gs_is_print(int32_t r);

#endif

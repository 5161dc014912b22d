#include "gosyntax/unicode.h"

int32_t gs_utf8_decode(const unsigned char *p, size_t n, size_t *width) {
    unsigned b0 = p[0];
    *width = 1;
    if (b0 < 0x80) return (int32_t)b0;
    /* Each multi-byte form: the second byte's valid range depends on the
     * first byte, which rules out overlong forms, surrogates and runes
     * beyond U+10FFFF (the table in the UTF-8 RFC 3629). */
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    int32_t r;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 2;
        r = (int32_t)(b0 & 0x1F);
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 3;
        r = (int32_t)(b0 & 0x0F);
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 4;
        r = (int32_t)(b0 & 0x07);
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return GS_RUNE_ERROR;
    }
    if (n < need) return GS_RUNE_ERROR;
    if (p[1] < lo || p[1] > hi) return GS_RUNE_ERROR;
    r = (r << 6) | (int32_t)(p[1] & 0x3F);
    for (size_t i = 2; i < need; i++) {
        if (p[i] < 0x80 || p[i] > 0xBF) return GS_RUNE_ERROR;
        r = (r << 6) | (int32_t)(p[i] & 0x3F);
    }
    *width = need;
    return r;
}

size_t gs_utf8_encode(int32_t r, char *out) {
    uint32_t u = (uint32_t)r;
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        out[0] = (char)(0xE0 | (u >> 12));
        out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        out[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (u >> 18));
    out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

static bool gs_in_ranges(const gs_rune_range *t, size_t n, int32_t r) {
    if (r < 0) return false;
    uint32_t u = (uint32_t)r;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u < t[mid].lo) hi = mid;
        else if (u > t[mid].hi) lo = mid + 1;
        else return true;
    }
    return false;
}

bool gs_is_letter(int32_t r) {
    if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    return gs_in_ranges(gs_letter_ranges, gs_letter_ranges_len, r);
}

bool gs_is_digit(int32_t r) {
    if (r < 0x80) return r >= '0' && r <= '9';
    return gs_in_ranges(gs_digit_ranges, gs_digit_ranges_len, r);
}

bool gs_is_print(int32_t r) {
    if (r < 0x80) return r >= 0x20 && r < 0x7F;
    return gs_in_ranges(gs_print_ranges, gs_print_ranges_len, r);
}

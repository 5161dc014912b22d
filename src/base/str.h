/* Byte strings that point into a buffer they do not own, and a growable
 * string builder backed by an arena. */
#ifndef BASE_STR_H
#define BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base/arena.h"

typedef struct {
    const char *p;
    size_t n;
} base_str;

#define BASE_STR_LIT(s) ((base_str){(s), sizeof(s) - 1})

static inline base_str base_str_of(const char *s) { return (base_str){s, strlen(s)}; }
static inline bool base_str_eq(base_str a, base_str b) {
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}
static inline bool base_str_eqc(base_str a, const char *b) { return base_str_eq(a, base_str_of(b)); }
static inline bool base_str_has_prefix(base_str s, const char *pre) {
    size_t n = strlen(pre);
    return s.n >= n && memcmp(s.p, pre, n) == 0;
}

/* qsort comparator for an array of C strings (const char *). */
static inline int base_cstr_cmp(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

typedef struct {
    base_arena *arena;
    char *p;
    size_t n, cap;
} base_buf;

void base_buf_init(base_buf *b, base_arena *a);
void base_buf_append(base_buf *b, const char *s, size_t n);
void base_buf_puts(base_buf *b, const char *s);
void base_buf_putc(base_buf *b, char c);
void base_buf_printf(base_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* NUL-terminated view of the contents (valid until the next append). */
const char *base_buf_cstr(base_buf *b);

#endif

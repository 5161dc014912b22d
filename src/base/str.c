#include "base/str.h"

#include <stdarg.h>
#include <stdio.h>

void base_buf_init(base_buf *b, base_arena *a) {
    b->arena = a;
    b->p = NULL;
    b->n = b->cap = 0;
}

static void base_buf_grow(base_buf *b, size_t extra) {
    if (b->n + extra + 1 <= b->cap) return;
    size_t nc = b->cap ? b->cap : 64;
    while (nc < b->n + extra + 1) nc *= 2;
    b->p = base_arena_realloc(b->arena, b->p, b->cap, nc);
    b->cap = nc;
}

void base_buf_append(base_buf *b, const char *s, size_t n) {
    base_buf_grow(b, n);
    if (n) memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void base_buf_puts(base_buf *b, const char *s) { base_buf_append(b, s, strlen(s)); }

void base_buf_putc(base_buf *b, char c) { base_buf_append(b, &c, 1); }

void base_buf_printf(base_buf *b, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        base_buf_grow(b, (size_t)n);
        vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
        b->n += (size_t)n;
    }
    va_end(ap);
}

const char *base_buf_cstr(base_buf *b) {
    if (!b->p) base_buf_grow(b, 0), b->p[0] = 0;
    return b->p;
}

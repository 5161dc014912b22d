/* Diagnostics: positioned error messages, collected in a list, printed as
 * `file:line:col: message` like the Go tools do. */
#ifndef BASE_DIAG_H
#define BASE_DIAG_H

#include <stdio.h>

#include "base/arena.h"

typedef struct base_diag {
    const char *file; /* may be NULL for errors without a file */
    int line, col;    /* 1-based; 0 when unknown */
    const char *msg;
    struct base_diag *next;
} base_diag;

typedef struct {
    base_arena *arena;
    base_diag *head, *tail;
    int count;
} base_diags;

void base_diags_init(base_diags *d, base_arena *a);
void base_diags_add(base_diags *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Prints every diagnostic; returns how many were printed. */
int base_diags_print(const base_diags *d, FILE *out);

#endif

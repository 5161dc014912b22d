#include "base/diag.h"

#include <stdarg.h>

void base_diags_init(base_diags *d, base_arena *a) {
    d->arena = a;
    d->head = d->tail = NULL;
    d->count = 0;
}

void base_diags_add(base_diags *d, const char *file, int line, int col, const char *fmt, ...) {
    base_diag *e = BASE_NEW(d->arena, base_diag);
    e->file = file;
    e->line = line;
    e->col = col;
    va_list ap;
    va_start(ap, fmt);
    e->msg = base_arena_vprintf(d->arena, fmt, ap);
    va_end(ap);
    if (d->tail) d->tail->next = e;
    else d->head = e;
    d->tail = e;
    d->count++;
}

int base_diags_print(const base_diags *d, FILE *out) {
    int n = 0;
    for (const base_diag *e = d->head; e; e = e->next, n++) {
        if (e->file && e->line > 0) fprintf(out, "%s:%d:%d: %s\n", e->file, e->line, e->col, e->msg);
        else if (e->file) fprintf(out, "%s: %s\n", e->file, e->msg);
        else fprintf(out, "%s\n", e->msg);
    }
    return n;
}

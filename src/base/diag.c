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
        /* like go/token.Position.String: no column when unknown, no
         * file name when empty (a //line directive can set either) */
        if (e->line > 0) {
            if (e->file && e->file[0]) fprintf(out, "%s:", e->file);
            if (e->col > 0) fprintf(out, "%d:%d: %s\n", e->line, e->col, e->msg);
            else fprintf(out, "%d: %s\n", e->line, e->msg);
        } else if (e->file) {
            fprintf(out, "%s: %s\n", e->file, e->msg);
        } else {
            fprintf(out, "%s\n", e->msg);
        }
    }
    return n;
}

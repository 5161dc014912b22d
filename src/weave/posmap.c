#include "weave/posmap.h"

#include <string.h>

#include "base/vec.h"
#include "weave/edit.h"

/* As the compiler's trailingDigits: the index just after the last ':' of
 * s[0:n) (0 when there is none), the number after it in *v, and whether it
 * is one. */
static size_t weave_trailing_num(const char *s, size_t n, int *v, bool *ok) {
    size_t i = n;
    while (i > 0 && s[i - 1] != ':') i--;
    if (i == 0) return 0;
    long x = 0;
    *ok = i < n && n - i <= 9;
    for (size_t k = i; *ok && k < n; k++) {
        if (s[k] < '0' || s[k] > '9') *ok = false;
        else x = x * 10 + (s[k] - '0');
    }
    *v = (int)x;
    return i;
}

/* Parses the text after "line " of a directive: file:L or file:L:C (an
 * empty file with a column means the previous file). False when the
 * compiler would not take it as a directive. */
static bool weave_parse_directive(base_arena *a, const char *t, size_t n, const char *prev, const char **file, int *line,
                                  int *col) {
    bool ok = false, ok2 = false;
    int v = 0, v2 = 0;
    size_t i = weave_trailing_num(t, n, &v, &ok);
    if (i == 0 || !ok) return false;
    size_t i2 = weave_trailing_num(t, i - 1, &v2, &ok2);
    if (i2 > 0 && ok2) {
        if (v == 0 || v2 == 0) return false;
        *line = v2, *col = v;
        *file = i2 == 1 ? prev : base_arena_strndup(a, t, i2 - 1);
        return true;
    }
    if (v == 0) return false;
    *line = v, *col = 0;
    *file = base_arena_strndup(a, t, i - 1);
    return true;
}

void weave_posmap_init(weave_posmap *m, base_arena *a, const char *src, size_t len, const gs_file *f,
                       const char *file) {
    m->file = file;
    BASE_VEC(weave_linebase) v = {0};
    const char *cur = file;
    for (int g = 0; f && g < f->comments.n; g++) {
        const gs_comment_group *cg = f->comments.v[g];
        for (int k = 0; k < cg->list.n; k++) {
            const gs_comment *c = cg->list.v[k];
            if (c->n.pos < 0 || (size_t)c->n.end > len) continue;
            const char *s = src + c->n.pos;
            size_t n = (size_t)(c->n.end - c->n.pos);
            bool line_comment = n >= 2 && s[1] == '/';
            if (n < 7 || memcmp(s + 2, "line ", 5) != 0) continue;
            if (line_comment && c->n.pos > 0 && src[c->n.pos - 1] != '\n') continue; /* //line only at column 1 */
            const char *t = s + 7;
            size_t tn = line_comment ? n - 7 : n - 9;
            if (line_comment && tn && t[tn - 1] == '\r') tn--;
            if (!line_comment && memchr(t, '\n', tn)) continue;
            weave_linebase b;
            if (!weave_parse_directive(a, t, tn, cur, &b.file, &b.line, &b.col)) continue;
            if (line_comment) {
                const char *nl = memchr(s, '\n', len - (size_t)c->n.pos);
                if (!nl) continue;
                b.at = (int32_t)(nl - src + 1);
            } else {
                b.at = c->n.end;
            }
            weave_linecol(src, len, (size_t)b.at, &b.at_line, &b.at_col);
            cur = b.file;
            BASE_VEC_PUSH(a, &v, b);
        }
    }
    m->v = v.v;
    m->n = v.n;
}

void weave_posmap_pos(const weave_posmap *m, int32_t off, int pline, int pcol, const char **file, int *line,
                      int *col) {
    const weave_linebase *b = NULL;
    for (size_t i = 0; i < m->n && m->v[i].at <= off; i++) b = &m->v[i];
    if (!b) {
        *file = m->file, *line = pline, *col = pcol;
        return;
    }
    *file = b->file;
    *line = b->line + (pline - b->at_line);
    *col = b->col == 0 ? 0 : pline == b->at_line ? b->col + (pcol - b->at_col) : pcol;
}

#include "weave/edit.h"

#include <stdlib.h>

#include "base/str.h"
#include "weave/posmap.h"

void weave_edits_init(weave_edits *e, base_arena *a) {
    e->arena = a;
    e->v.v = NULL;
    e->v.n = e->v.cap = 0;
    e->posmap = NULL;
}

void weave_edit_replace(weave_edits *e, int32_t off, int32_t end, const char *text) {
    weave_edit ed = {off, end, text, e->v.n};
    BASE_VEC_PUSH(e->arena, &e->v, ed);
}

void weave_edit_insert(weave_edits *e, int32_t off, const char *text) { weave_edit_replace(e, off, off, text); }

static int weave_edit_cmp(const void *pa, const void *pb) {
    const weave_edit *a = pa, *b = pb;
    if (a->off != b->off) return a->off < b->off ? -1 : 1;
    /* Insertions before a replacement at the same offset, then by order. */
    if ((a->end > a->off) != (b->end > b->off)) return a->end > a->off ? 1 : -1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void weave_linecol(const char *src, size_t len, size_t off, int *line, int *col) {
    int l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off && i < len; i++)
        if (src[i] == '\n') l++, start = i + 1;
    *line = l;
    *col = (int)(off - start) + 1;
}

char *weave_edits_apply(const weave_edits *e, const char *src, size_t len, const char *line_file,
                        size_t *out_len) {
    size_t n = e->v.n;
    weave_edit *ed = BASE_NEW_ARRAY(e->arena, weave_edit, n ? n : 1);
    if (n) memcpy(ed, e->v.v, n * sizeof *ed);
    qsort(ed, n, sizeof *ed, weave_edit_cmp);

    base_buf b;
    base_buf_init(&b, e->arena);
    size_t cur = 0;
    int line = 1;     /* line of src[cur] */
    size_t lstart = 0; /* offset where that line starts */
    for (size_t i = 0; i < n; i++) {
        if (ed[i].off < 0 || ed[i].end < ed[i].off || (size_t)ed[i].end > len || (size_t)ed[i].off < cur)
            return NULL;
        for (size_t j = cur; j < (size_t)ed[i].off; j++)
            if (src[j] == '\n') line++, lstart = j + 1;
        base_buf_append(&b, src + cur, (size_t)ed[i].off - cur);
        base_buf_puts(&b, ed[i].text);
        for (size_t j = (size_t)ed[i].off; j < (size_t)ed[i].end; j++)
            if (src[j] == '\n') line++, lstart = j + 1;
        cur = (size_t)ed[i].end;
        bool more_here = i + 1 < n && (size_t)ed[i + 1].off == cur;
        bool text_follows = cur < len && src[cur] != '\n' && !(src[cur] == '\r' && cur + 1 < len && src[cur + 1] == '\n');
        if (!more_here && text_follows) {
            const char *f = line_file;
            int l = line, c = (int)(cur - lstart) + 1;
            if (e->posmap) weave_posmap_pos(e->posmap, (int32_t)cur, line, c, &f, &l, &c);
            if (c > 0) base_buf_printf(&b, "/*line %s:%d:%d*/", f, l, c);
            else base_buf_printf(&b, "/*line %s:%d*/", f, l);
        }
    }
    base_buf_append(&b, src + cur, len - cur);
    *out_len = b.n;
    return (char *)base_buf_cstr(&b);
}

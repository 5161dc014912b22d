#include "weave/src.h"

#include <string.h>

#include "base/file.h"
#include "gosyntax/parser.h"

weave_src *weave_src_read(base_arena *a, const char *path, base_diags *d) {
    weave_src *s = BASE_NEW(a, weave_src);
    s->path = path;
    const char *err;
    if (base_file_read(a, path, &s->text, &s->len, &err) != 0) {
        base_diags_add(d, NULL, 0, 0, "%s", err);
        return NULL;
    }
    return s;
}

void weave_src_parse(base_arena *a, weave_src *s) {
    if (s->file) return;
    base_diags syn;
    base_diags_init(&syn, a);
    s->file = gs_parse_file(a, s->path, s->text, s->len, &syn);
    s->syntax_ok = s->file && syn.count == 0;
}

weave_src *weave_src_load(base_arena *a, const char *path, base_diags *d) {
    weave_src *s = weave_src_read(a, path, d);
    if (s) weave_src_parse(a, s);
    return s;
}

static bool weave_is_ident_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (c & 0x80);
}

bool weave_src_mentions(const weave_src *s, const char *word) {
    size_t n = strlen(word);
    const char *p = s->text, *end = s->text + s->len;
    while (n && (p = memmem(p, (size_t)(end - p), word, n)) != NULL) {
        bool before = p > s->text && weave_is_ident_byte(p[-1]);
        bool after = p + n < end && weave_is_ident_byte(p[n]);
        if (!before && !after) return true;
        p++;
    }
    return false;
}

base_str weave_text(const weave_src *s, const gs_node *n) {
    if (!n || n->pos < 0 || n->end < n->pos || (size_t)n->end > s->len) return (base_str){"", 0};
    return (base_str){s->text + n->pos, (size_t)(n->end - n->pos)};
}

char *weave_spec_path(base_arena *a, const gs_import_spec *is) {
    base_str v = is->path ? is->path->value : (base_str){"", 0};
    if (v.n >= 2 && (v.p[0] == '"' || v.p[0] == '`')) v.p++, v.n -= 2;
    return base_arena_strndup(a, v.p, v.n);
}

/* The package name an import path most likely declares: its last element,
 * skipping a major-version suffix, with go-/-go and .vN decorations removed
 * as tools such as goimports assume. */
static bool weave_guess_matches(const char *path, base_str name) {
    const char *end = path + strlen(path), *start = end;
    for (int round = 0; round < 2; round++) {
        start = end;
        while (start > path && start[-1] != '/') start--;
        base_str el = {start, (size_t)(end - start)};
        bool major = el.n >= 2 && el.p[0] == 'v' && strspn(el.p + 1, "0123456789") == el.n - 1;
        if (base_str_eq(el, name)) return true;
        if (!major || start == path) break;
        end = start - 1;
    }
    base_str el = {start, (size_t)(end - start)};
    if (base_str_has_prefix(el, "go-")) el.p += 3, el.n -= 3;
    if (el.n > 3 && memcmp(el.p + el.n - 3, "-go", 3) == 0) el.n -= 3;
    const char *dot = memchr(el.p, '.', el.n);
    if (dot) el.n = (size_t)(dot - el.p);
    for (size_t i = 0; i < el.n; i++)
        if (el.p[i] == '-') return false; /* not an identifier: cannot be it */
    return base_str_eq(el, name);
}

const char *weave_import_path(base_arena *a, const weave_src *s, base_str name) {
    const char *guess = NULL;
    for (int i = 0; i < s->file->imports.n; i++) {
        gs_import_spec *is = s->file->imports.v[i];
        char *path = weave_spec_path(a, is);
        if (is->name) {
            if (base_str_eq(is->name->name, name)) return path;
        } else if (!guess && weave_guess_matches(path, name)) {
            guess = path;
        }
    }
    return guess;
}

gs_ident *weave_recv_base(gs_node *t, bool *ptr, gs_node **targs) {
    *ptr = false;
    if (targs) *targs = NULL;
    while (t && t->kind == GSK_PAREN_EXPR) t = GS_AS(gs_paren_expr, t)->x;
    if (t && t->kind == GSK_STAR_EXPR) {
        *ptr = true;
        t = GS_AS(gs_star_expr, t)->x;
    }
    while (t && t->kind == GSK_PAREN_EXPR) t = GS_AS(gs_paren_expr, t)->x;
    if (t && (t->kind == GSK_INDEX_EXPR || t->kind == GSK_INDEX_LIST_EXPR)) {
        if (targs) *targs = t;
        t = t->kind == GSK_INDEX_EXPR ? GS_AS(gs_index_expr, t)->x : GS_AS(gs_index_list_expr, t)->x;
    }
    return t && t->kind == GSK_IDENT ? GS_AS(gs_ident, t) : NULL;
}

gs_func_decl *weave_find_func(const weave_src *s, const char *fn, const char *recv) {
    if (!s->file) return NULL;
    bool want_ptr = recv && recv[0] == '*';
    const char *want_base = recv ? recv + want_ptr : NULL;
    for (int i = 0; i < s->file->decls.n; i++) {
        gs_node *d = s->file->decls.v[i];
        if (d->kind != GSK_FUNC_DECL) continue;
        gs_func_decl *fd = GS_AS(gs_func_decl, d);
        if (!fd->name || !base_str_eqc(fd->name->name, fn)) continue;
        if (!recv) {
            if (!fd->recv) return fd;
            continue;
        }
        if (!fd->recv || fd->recv->list.n != 1) continue;
        bool ptr;
        gs_ident *base = weave_recv_base(fd->recv->list.v[0]->type, &ptr, NULL);
        if (base && ptr == want_ptr && base_str_eqc(base->name, want_base)) return fd;
    }
    return NULL;
}

gs_struct_type *weave_find_struct(const weave_src *s, const char *name) {
    if (!s->file) return NULL;
    for (int i = 0; i < s->file->decls.n; i++) {
        gs_node *d = s->file->decls.v[i];
        if (d->kind != GSK_GEN_DECL || GS_AS(gs_gen_decl, d)->tok != GS_TYPE) continue;
        gs_gen_decl *gd = GS_AS(gs_gen_decl, d);
        for (int j = 0; j < gd->specs.n; j++) {
            gs_type_spec *ts = GS_AS(gs_type_spec, gd->specs.v[j]);
            if (!ts->name || !base_str_eqc(ts->name->name, name) || ts->assign != GS_NOPOS || ts->type_params ||
                !ts->type || ts->type->kind != GSK_STRUCT_TYPE)
                continue;
            return GS_AS(gs_struct_type, ts->type);
        }
    }
    return NULL;
}

/* //gotel:span (docs/custom.md): a span around every call of a function of
 * the program's own code whose declaration carries the directive. No hook
 * package and no trampoline: the code at the function's entry calls
 * gotel.dev/runtime/span through two go:linkname declarations (in the
 * package's generated file, once per package), so generic functions and
 * methods work alike. */
#include <string.h>

#include "weave/gen.h"
#include "weave/types.h"

bool weave_rule_directive(const weave_rule *r) {
    return !r->function && !r->inject && !r->struct_name && r->name && strcmp(r->name, "directive") == 0;
}

/* The directive's text after "//gotel:span" in fd's doc comment, or NULL. */
static const char *span_directive(base_arena *a, const gs_func_decl *fd, gs_pos *pos) {
    if (!fd->doc) return NULL;
    for (int i = 0; i < fd->doc->list.n; i++) {
        const gs_comment *c = fd->doc->list.v[i];
        const char *pre = "//gotel:span";
        size_t n = strlen(pre);
        if (c->text.n < n || memcmp(c->text.p, pre, n) != 0) continue;
        if (c->text.n > n && c->text.p[n] != ' ' && c->text.p[n] != '\t') continue;
        *pos = c->slash;
        return base_arena_strndup(a, c->text.p + n, c->text.n - n);
    }
    return NULL;
}

static bool span_is(weave_gen *g, const weave_target *t, const weave_slot *s, const char *canon) {
    weave_tctx c = {.arena = g->a, .src = g->src, .self_pkg = "", .tparams = t->tparams, .n_tparams = t->n_tparams};
    const char *got = weave_type_canon(&c, s->field->type);
    return got && strcmp(got, canon) == 0;
}

/* "pkg.F", "pkg.T.M" or "pkg.(*T).M". */
static const char *span_default_name(weave_gen *g, const gs_func_decl *fd, const char *pkg) {
    const char *fn = base_arena_strndup(g->a, fd->name->name.p, fd->name->name.n);
    if (!fd->recv || fd->recv->list.n == 0) return base_arena_printf(g->a, "%s.%s", pkg, fn);
    bool ptr = false;
    gs_node *targs = NULL;
    gs_ident *base = weave_recv_base(fd->recv->list.v[0]->type, &ptr, &targs);
    if (!base) return base_arena_printf(g->a, "%s.%s", pkg, fn);
    return base_arena_printf(g->a, ptr ? "%s.(*%.*s).%s" : "%s.%.*s.%s", pkg, (int)base->name.n, base->name.p, fn);
}

/* A Go string literal of s (names and attribute keys are identifiers or
 * directive words: no quote or backslash can appear, but be safe). */
static const char *span_quote(base_arena *a, const char *s) {
    base_buf b;
    base_buf_init(&b, a);
    base_buf_putc(&b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') base_buf_putc(&b, '\\');
        base_buf_putc(&b, *s);
    }
    base_buf_putc(&b, '"');
    return base_buf_cstr(&b);
}

int weave_gen_span(weave_gen *g, gs_func_decl *fd, const char *pkg, bool *woven) {
    *woven = false;
    gs_pos at;
    const char *dir = fd->body ? span_directive(g->a, fd, &at) : NULL;
    if (!dir) return 0;
    weave_target t;
    weave_target_init(g->a, &t, g->src, fd);
    weave_gen_names(g, &t);

    const char *name = NULL;
    base_buf kv;
    base_buf_init(&kv, g->a);
    for (const char *p = dir; *p;) {
        p += strspn(p, " \t");
        size_t n = strcspn(p, " \t");
        if (!n) break;
        const char *word = base_arena_strndup(g->a, p, n);
        p += n;
        if (strncmp(word, "attrs=", 6) == 0) {
            for (const char *q = word + 6; *q;) {
                size_t m = strcspn(q, ",");
                const char *want = base_arena_strndup(g->a, q, m);
                q += m + (q[m] == ',');
                const weave_slot *found = NULL;
                for (size_t i = 0; i < t.n_before && !found; i++)
                    if (t.before[i].name && base_str_eqc(t.before[i].name->name, want) && strcmp(want, "_") != 0)
                        found = &t.before[i];
                if (!found) {
                    int line, col;
                    weave_linecol(g->src->text, g->src->len, (size_t)at, &line, &col);
                    base_diags_add(g->d, g->src->path, line, col, "//gotel:span attrs: %.*s has no parameter %s",
                                   (int)fd->name->name.n, fd->name->name.p, want);
                    return -1;
                }
                base_buf_printf(&kv, ", %s, %s", span_quote(g->a, want), weave_slot_var(g->a, found));
            }
        } else if (!name && !strchr(word, '=')) {
            name = word;
        } else {
            int line, col;
            weave_linecol(g->src->text, g->src->len, (size_t)at, &line, &col);
            base_diags_add(g->d, g->src->path, line, col,
                           "//gotel:span: unknown option %s (want: //gotel:span [name] [attrs=p1,p2])", word);
            return -1;
        }
    }
    if (!name) name = span_default_name(g, fd, pkg);

    const char *ctxp = "nil", *errp = "nil";
    for (size_t i = 0; i < t.n_before; i++)
        if (t.before[i].what[0] == 'p' && span_is(g, &t, &t.before[i], "context.Context")) {
            ctxp = base_arena_printf(g->a, "__gotel_uptr(&%s)", weave_slot_var(g->a, &t.before[i]));
            break;
        }
    if (t.n_after && span_is(g, &t, &t.after[t.n_after - 1], "error"))
        errp = base_arena_printf(g->a, "__gotel_uptr(&%s)", weave_slot_var(g->a, &t.after[t.n_after - 1]));

    weave_edit_insert(&g->edits, fd->body->lbrace + 1,
                      base_arena_printf(g->a,
                                        " if %s { var __gotel_sp [3]__gotel_uptr; __gotel_spanStart(__gotel_uptr(&__gotel_sp), %s, %s%s); defer __gotel_spanEnd(__gotel_uptr(&__gotel_sp), %s) };",
                                        weave_switch_name(g->a, "span"), span_quote(g->a, name), ctxp,
                                        base_buf_cstr(&kv), errp));
    *woven = true;
    return 0;
}

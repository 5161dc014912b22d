/* The code woven around one target function (docs/weaving.md). */
#include "weave/gen.h"

#include <ctype.h>
#include <string.h>

#include "weave/types.h"

void weave_gen_init(weave_gen *g, base_arena *a, base_diags *d, const weave_src *src) {
    memset(g, 0, sizeof *g);
    g->a = a;
    g->d = d;
    g->src = src;
    weave_edits_init(&g->edits, a);
    base_buf_init(&g->tail, a);
}

const char *weave_switch_name(base_arena *a, const char *inst) {
    char *s = base_arena_strdup(a, inst);
    for (char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_') *p = '_';
    return base_arena_printf(a, "__gotel_on_%s", s);
}

static void weave_gen_err(weave_gen *g, gs_pos pos, const char *msg) {
    int line, col;
    weave_linecol(g->src->text, g->src->len, (size_t)(pos < 0 ? 0 : pos), &line, &col);
    base_diags_add(g->d, g->src->path, line, col, "%s", msg);
}

/* The variable name the woven code uses for a slot. */
const char *weave_slot_var(base_arena *a, const weave_slot *s) {
    if (s->name && !base_str_eqc(s->name->name, "_")) return base_arena_strndup(a, s->name->name.p, s->name->name.n);
    if (s->what[0] == 'r' && s->what[2] == 'c') return "__gotel_recv";
    return base_arena_printf(a, "__gotel_%c%d", s->what[0] == 'p' ? 'p' : 'r', s->index);
}

/* Gives every anonymous or `_` receiver, parameter and result a name. */
void weave_gen_names(weave_gen *g, const weave_target *t) {
    for (size_t i = 0; i < g->n_renamed; i++)
        if (g->renamed[i] == t->fd) return;
    g->renamed = base_arena_realloc(g->a, g->renamed, g->n_renamed * sizeof *g->renamed,
                                    (g->n_renamed + 1) * sizeof *g->renamed);
    g->renamed[g->n_renamed++] = t->fd;
    for (size_t i = 0; i < t->n_blank; i++)
        weave_edit_replace(&g->edits, t->blank_targs[i]->n.pos, t->blank_targs[i]->n.end,
                           base_arena_printf(g->a, "__gotel_t%zu", i));
    gs_field_list *res = t->fd->type->results;
    bool bare_result = res && res->opening < 0; /* func f() T: parentheses needed to name it */
    for (int pass = 0; pass < 2; pass++) {
        const weave_slot *v = pass ? t->after : t->before;
        size_t n = pass ? t->n_after : t->n_before;
        for (size_t i = 0; i < n; i++) {
            const weave_slot *s = &v[i];
            const char *var = weave_slot_var(g->a, s);
            if (s->name && base_str_eqc(s->name->name, "_"))
                weave_edit_replace(&g->edits, s->name->n.pos, s->name->n.end, var);
            else if (!s->name && pass && bare_result) {
                weave_edit_insert(&g->edits, s->field->type->pos, base_arena_printf(g->a, "(%s ", var));
                weave_edit_insert(&g->edits, s->field->type->end, ")");
            } else if (!s->name)
                weave_edit_insert(&g->edits, s->field->type->pos, base_arena_printf(g->a, "%s ", var));
        }
    }
}

/* The slot's type as written in the file, a variadic ...T as []T. */
static const char *weave_slot_type(weave_gen *g, const weave_target *tg, const weave_slot *s) {
    gs_node *t = s->field->type;
    if (t->kind == GSK_ELLIPSIS) {
        base_str e = weave_target_text(g->a, tg, GS_AS(gs_ellipsis, t)->elt);
        return base_arena_printf(g->a, "[]%.*s", (int)e.n, e.p);
    }
    base_str e = weave_target_text(g->a, tg, t);
    return base_arena_strndup(g->a, e.p, e.n);
}

typedef struct {
    const char *decl_prefix; /* "" or "(*List[T]) " */
    const char *decl_tparams; /* "" or "[K comparable, V any]" */
    const char *call_prefix; /* "" or "(*List[T])." */
    const char *call_targs;  /* "" or "[K, V]" */
    const char *call_recv;   /* "" or "nil, " */
} weave_generic;

static void weave_gen_generic(weave_gen *g, const weave_target *t, weave_generic *gn) {
    *gn = (weave_generic){"", "", "", "", ""};
    if (t->recv_generic) {
        /* A method of a generic type: the trampolines become methods of that
         * type too, which brings its type parameters (with their
         * constraints) into scope without repeating them. */
        gs_node *rt = t->fd->recv->list.v[0]->type;
        while (rt->kind == GSK_PAREN_EXPR) rt = GS_AS(gs_paren_expr, rt)->x;
        if (rt->kind == GSK_STAR_EXPR) rt = GS_AS(gs_star_expr, rt)->x;
        base_str base = weave_target_text(g->a, t, rt);
        gn->decl_prefix = base_arena_printf(g->a, "(*%.*s) ", (int)base.n, base.p);
        gn->call_prefix = base_arena_printf(g->a, "(*%.*s).", (int)base.n, base.p);
        gn->call_recv = "nil, ";
    } else if (t->n_tparams) {
        gs_field_list *tp = t->fd->type->type_params;
        gn->decl_tparams = base_arena_printf(g->a, "[%.*s]", (int)(tp->closing - tp->opening - 1), g->src->text + tp->opening + 1);
        base_buf b;
        base_buf_init(&b, g->a);
        for (size_t i = 0; i < t->n_tparams; i++) base_buf_printf(&b, "%s%.*s", i ? ", " : "[", (int)t->tparams[i].n, t->tparams[i].p);
        base_buf_putc(&b, ']');
        gn->call_targs = base_buf_cstr(&b);
    }
}

/* One hook: its linkname declaration and its trampoline; returns the
 * trampoline's call with arguments (for the call site). */
static const char *weave_gen_hook(weave_gen *g, const weave_rule *r, const weave_target *t, const weave_generic *gn,
                                  bool before, int k, const weave_mode *modes) {
    const weave_slot *slots = before ? t->before : t->after;
    size_t n = before ? t->n_before : t->n_after;
    char bk = before ? 'b' : 'a';
    const char *hook = before ? r->before : r->after;
    base_buf *tl = &g->tail;
    base_buf_printf(tl, "\n//go:linkname __gotel_h%c%d %s.%s\n//go:noescape\nfunc __gotel_h%c%d(__c *__gotel_ctx", bk, k,
                    r->hooks_pkg, hook, bk, k);
    for (size_t i = 0; i < n; i++) {
        const char *ty = weave_slot_type(g, t, &slots[i]);
        switch (modes[i]) {
        case WEAVE_MODE_VALUE: base_buf_printf(tl, ", __p%zu %s", i, ty); break;
        case WEAVE_MODE_PTR: base_buf_printf(tl, ", __p%zu *%s", i, ty); break;
        case WEAVE_MODE_ANY: base_buf_printf(tl, ", __p%zu interface{}", i); break;
        case WEAVE_MODE_UPTR: base_buf_printf(tl, ", __p%zu __gotel_uptr", i); break;
        }
    }
    base_buf_puts(tl, ")\n\n");
    base_buf_printf(tl, "func %s__gotel_%c%d%s(__c *__gotel_ctx", gn->decl_prefix, bk, k, gn->decl_tparams);
    for (size_t i = 0; i < n; i++) base_buf_printf(tl, ", __p%zu *%s", i, weave_slot_type(g, t, &slots[i]));
    base_buf_printf(tl, ")%s {\n", before ? " bool" : "");
    if (!before)
        /* Must be called directly by this deferred function (as recover). */
        base_buf_puts(tl, "\tif __v, __ok := __gotel_peek(); __ok {\n\t\t__c.panicV = __v\n\t\t__c.flags |= 2\n\t}\n");
    /* flags bit 2 (in hook) tells __gotel_rec whether to call recover. */
    base_buf_printf(tl, "\tdefer __gotel_rec(__c, \"%s/%s.%s\")\n\t__c.flags |= 4\n\t__gotel_h%c%d(__c", r->instrumentation, r->name,
                    before ? "Before" : "After", bk, k);
    for (size_t i = 0; i < n; i++) {
        switch (modes[i]) {
        case WEAVE_MODE_VALUE:
        case WEAVE_MODE_ANY: base_buf_printf(tl, ", *__p%zu", i); break;
        case WEAVE_MODE_PTR: base_buf_printf(tl, ", __p%zu", i); break;
        case WEAVE_MODE_UPTR: base_buf_printf(tl, ", __gotel_uptr(__p%zu)", i); break;
        }
    }
    base_buf_puts(tl, ")\n\t__c.flags &^= 4\n");
    if (before) base_buf_puts(tl, "\treturn __c.flags&1 != 0\n");
    base_buf_puts(tl, "}\n");

    base_buf call;
    base_buf_init(&call, g->a);
    base_buf_printf(&call, "%s__gotel_%c%d%s(%s&__gotel_c", gn->call_prefix, bk, k, gn->call_targs, gn->call_recv);
    for (size_t i = 0; i < n; i++) base_buf_printf(&call, ", &%s", weave_slot_var(g->a, &slots[i]));
    base_buf_putc(&call, ')');
    return base_buf_cstr(&call);
}

/* Generic types can only reach a hook boxed or as an untyped pointer. */
static int weave_gen_check_modes(weave_gen *g, const weave_rule *r, const weave_target *t, bool before) {
    const weave_slot *slots = before ? t->before : t->after;
    size_t n = before ? t->n_before : t->n_after;
    size_t nm = before ? r->n_before : r->n_after;
    const weave_mode *modes = before ? r->before_modes : r->after_modes;
    if (nm != n || (n && !modes)) {
        weave_gen_err(g, t->fd->name->n.pos,
                      base_arena_printf(g->a, "rule %s/%s: the plan has %zu %s values but %.*s has %zu; rebuild with a fresh plan",
                                        r->instrumentation, r->name, nm, before ? "Before" : "After",
                                        (int)t->fd->name->name.n, t->fd->name->name.p, n));
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if ((modes[i] == WEAVE_MODE_VALUE || modes[i] == WEAVE_MODE_PTR) &&
            weave_type_mentions(slots[i].field->type, t->tparams, t->n_tparams)) {
            weave_gen_err(g, slots[i].field->type->pos,
                          base_arena_printf(g->a, "rule %s/%s: the type of %s mentions type parameters; its hook must take any or unsafe.Pointer",
                                            r->instrumentation, r->name, weave_slot_desc(g->a, &slots[i])));
            return -1;
        }
    return 0;
}

int weave_gen_target(weave_gen *g, const weave_rule *r, gs_func_decl *fd, int k) {
    weave_target t;
    weave_target_init(g->a, &t, g->src, fd);
    if (!fd->body) return 0;
    if (r->before && weave_gen_check_modes(g, r, &t, true) != 0) return -1;
    if (r->after && weave_gen_check_modes(g, r, &t, false) != 0) return -1;
    weave_gen_names(g, &t);
    weave_generic gn;
    weave_gen_generic(g, &t, &gn);

    base_buf_printf(&g->tail, "\n// gotel: rule %s/%s around %.*s.\n", r->instrumentation, r->name,
                    (int)fd->name->name.n, fd->name->name.p);
    const char *bcall = r->before ? weave_gen_hook(g, r, &t, &gn, true, k, r->before_modes) : NULL;
    const char *acall = r->after ? weave_gen_hook(g, r, &t, &gn, false, k, r->after_modes) : NULL;

    base_buf site;
    base_buf_init(&site, g->a);
    if (r->switchable) base_buf_printf(&site, " if %s {", weave_switch_name(g->a, r->instrumentation));
    else base_buf_puts(&site, " {");
    base_buf_puts(&site, " var __gotel_c __gotel_ctx;");
    if (acall) base_buf_printf(&site, " defer %s;", acall);
    if (bcall) base_buf_printf(&site, " if %s { return };", bcall);
    base_buf_puts(&site, " };");
    weave_edit_insert(&g->edits, fd->body->lbrace + 1, base_buf_cstr(&site));
    return 0;
}

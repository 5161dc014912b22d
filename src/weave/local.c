/* Code woven into a package with no call out of it: local hooks (direct
 * calls of functions an injected file adds, see weave_rule_local) and
 * fields appended to struct types. Both exist for package runtime, where a
 * trampoline, a hook context or a recover must not run. */
#include <string.h>

#include "weave/gen.h"

int weave_gen_local(weave_gen *g, const weave_rule *r, gs_func_decl *fd) {
    weave_target t;
    weave_target_init(g->a, &t, g->src, fd);
    if (t.n_tparams || r->after || !r->before) {
        int line, col;
        weave_linecol(g->src->text, g->src->len, (size_t)fd->name->n.pos, &line, &col);
        base_diags_add(g->d, g->src->path, line, col,
                       "rule %s/%s: a local hook is one before hook of a non-generic function", r->instrumentation,
                       r->name);
        return -1;
    }
    weave_gen_names(g, &t);
    base_buf site;
    base_buf_init(&site, g->a);
    base_buf_printf(&site, " %s(", r->before);
    for (size_t i = 0; i < t.n_before; i++) base_buf_printf(&site, "%s%s", i ? ", " : "", weave_slot_var(g->a, &t.before[i]));
    base_buf_puts(&site, ");");
    weave_edit_insert(&g->edits, fd->body->lbrace + 1, base_buf_cstr(&site));
    return 0;
}

void weave_gen_field(weave_gen *g, const weave_rule *r, const gs_struct_type *st) {
    const gs_field_list *fl = st->fields;
    /* Whatever separates the last field from the closing brace: a newline
     * or a semicolon already ends it; otherwise this field needs one. */
    gs_pos from = fl->list.n ? fl->list.v[fl->list.n - 1]->n.end : fl->opening + 1;
    bool ended = fl->list.n == 0;
    for (gs_pos p = from; p < fl->closing && !ended; p++) ended = g->src->text[p] == '\n' || g->src->text[p] == ';';
    weave_edit_insert(&g->edits, fl->closing, base_arena_printf(g->a, "%s%s; ", ended ? "" : "; ", r->field));
}

#include "weave/target.h"

#include "base/vec.h"

typedef BASE_VEC(weave_slot) weave_slot_vec;

static void weave_add_slots(base_arena *a, weave_slot_vec *v, gs_field_list *fl, const char *what) {
    int index = 0;
    for (int i = 0; fl && i < fl->list.n; i++) {
        gs_field *f = fl->list.v[i];
        if (f->names.n == 0) {
            weave_slot s = {f, NULL, what, index++};
            BASE_VEC_PUSH(a, v, s);
        }
        for (int k = 0; k < f->names.n; k++) {
            weave_slot s = {f, f->names.v[k], what, index++};
            BASE_VEC_PUSH(a, v, s);
        }
    }
}

void weave_target_init(base_arena *a, weave_target *t, const weave_src *src, gs_func_decl *fd) {
    t->src = src;
    t->fd = fd;
    weave_slot_vec before = {0}, after = {0};
    weave_add_slots(a, &before, fd->recv, "receiver");
    weave_add_slots(a, &before, fd->type->params, "parameter");
    weave_add_slots(a, &after, fd->type->results, "result");
    t->before = before.v, t->n_before = before.n;
    t->after = after.v, t->n_after = after.n;

    BASE_VEC(base_str) tp = {0};
    gs_field_list *tpl = fd->type->type_params;
    for (int i = 0; tpl && i < tpl->list.n; i++)
        for (int k = 0; k < tpl->list.v[i]->names.n; k++) BASE_VEC_PUSH(a, &tp, tpl->list.v[i]->names.v[k]->name);
    t->recv_generic = false;
    t->blank_targs = NULL, t->n_blank = 0;
    if (fd->recv && fd->recv->list.n == 1) {
        bool ptr;
        gs_node *targs;
        weave_recv_base(fd->recv->list.v[0]->type, &ptr, &targs);
        if (targs) {
            t->recv_generic = true;
            gs_node **v;
            int n;
            if (targs->kind == GSK_INDEX_EXPR) v = &GS_AS(gs_index_expr, targs)->index, n = 1;
            else v = GS_AS(gs_index_list_expr, targs)->indices.v, n = GS_AS(gs_index_list_expr, targs)->indices.n;
            BASE_VEC(gs_ident *) blanks = {0};
            for (int i = 0; i < n; i++) {
                if (!v[i] || v[i]->kind != GSK_IDENT) continue;
                gs_ident *id = GS_AS(gs_ident, v[i]);
                BASE_VEC_PUSH(a, &tp, id->name); /* `_` too: types naming it mention a type parameter */
                if (base_str_eqc(id->name, "_")) BASE_VEC_PUSH(a, &blanks, id);
            }
            t->blank_targs = blanks.v, t->n_blank = blanks.n;
        }
    }
    t->tparams = tp.v, t->n_tparams = tp.n;
}

base_str weave_target_text(base_arena *a, const weave_target *t, const gs_node *n) {
    base_str whole = weave_text(t->src, n);
    if (!t->n_blank) return whole;
    base_buf b;
    base_buf_init(&b, a);
    gs_pos cur = n->pos;
    for (size_t i = 0; i < t->n_blank; i++) {
        const gs_ident *id = t->blank_targs[i];
        if (id->n.pos < cur || id->n.end > n->end) continue;
        base_buf_append(&b, t->src->text + cur, (size_t)(id->n.pos - cur));
        base_buf_printf(&b, "__gotel_t%zu", i);
        cur = id->n.end;
    }
    base_buf_append(&b, t->src->text + cur, (size_t)(n->end - cur));
    return (base_str){base_buf_cstr(&b), b.n};
}

const char *weave_slot_desc(base_arena *a, const weave_slot *s) {
    if (s->what[0] == 'r' && s->what[2] == 'c') /* receiver */
        return s->name ? base_arena_printf(a, "receiver (%.*s)", (int)s->name->name.n, s->name->name.p) : "receiver";
    if (s->name && !base_str_eqc(s->name->name, "_"))
        return base_arena_printf(a, "%s %d (%.*s)", s->what, s->index + 1, (int)s->name->name.n, s->name->name.p);
    return base_arena_printf(a, "%s %d", s->what, s->index + 1);
}

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
            for (int i = 0; i < n; i++)
                if (v[i] && v[i]->kind == GSK_IDENT) BASE_VEC_PUSH(a, &tp, GS_AS(gs_ident, v[i])->name);
        }
    }
    t->tparams = tp.v, t->n_tparams = tp.n;
}

const char *weave_slot_desc(base_arena *a, const weave_slot *s) {
    if (s->what[0] == 'r' && s->what[2] == 'c') /* receiver */
        return s->name ? base_arena_printf(a, "receiver (%.*s)", (int)s->name->name.n, s->name->name.p) : "receiver";
    if (s->name && !base_str_eqc(s->name->name, "_"))
        return base_arena_printf(a, "%s %d (%.*s)", s->what, s->index + 1, (int)s->name->name.n, s->name->name.p);
    return base_arena_printf(a, "%s %d", s->what, s->index + 1);
}

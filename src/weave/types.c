#include "weave/types.h"

#include <string.h>

#include "base/str.h"

static const char *const weave_builtin_types[] = {
    "bool", "complex64", "complex128", "error", "float32", "float64", "int", "int8", "int16",
    "int32", "int64", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
    "comparable",
};

static bool weave_is_tparam(const base_str *names, size_t n, base_str s) {
    for (size_t i = 0; i < n; i++)
        if (base_str_eq(names[i], s)) return true;
    return false;
}

static bool weave_canon_into(weave_tctx *c, const gs_node *t, base_buf *b);

static bool weave_fail(weave_tctx *c, const gs_node *t, const char *why) {
    if (!c->err) {
        c->err = why;
        c->err_node = t;
    }
    return false;
}

static bool weave_canon_ident(weave_tctx *c, const gs_ident *id, base_buf *b) {
    base_str s = id->name;
    if (weave_is_tparam(c->tparams, c->n_tparams, s)) {
        c->generic = true;
        base_buf_putc(b, '$');
        base_buf_append(b, s.p, s.n);
        return true;
    }
    if (base_str_eqc(s, "any")) return base_buf_puts(b, "interface{}"), true;
    if (base_str_eqc(s, "byte")) return base_buf_puts(b, "uint8"), true;
    if (base_str_eqc(s, "rune")) return base_buf_puts(b, "int32"), true;
    for (size_t i = 0; i < sizeof weave_builtin_types / sizeof weave_builtin_types[0]; i++)
        if (base_str_eqc(s, weave_builtin_types[i])) return base_buf_append(b, s.p, s.n), true;
    base_buf_printf(b, "%s.%.*s", c->self_pkg, (int)s.n, s.p);
    return true;
}

/* Parameters or results: the types only, one per declared name. */
static bool weave_canon_fields(weave_tctx *c, const gs_field_list *fl, base_buf *b) {
    bool first = true;
    if (!fl) return true;
    for (int i = 0; i < fl->list.n; i++) {
        const gs_field *f = fl->list.v[i];
        int count = f->names.n ? f->names.n : 1;
        for (int k = 0; k < count; k++) {
            if (!first) base_buf_putc(b, ',');
            first = false;
            if (f->type && f->type->kind == GSK_ELLIPSIS) {
                base_buf_puts(b, "...");
                if (!weave_canon_into(c, GS_AS(gs_ellipsis, f->type)->elt, b)) return false;
            } else if (!weave_canon_into(c, f->type, b)) {
                return false;
            }
        }
    }
    return true;
}

static bool weave_canon_func(weave_tctx *c, const gs_func_type *ft, base_buf *b) {
    base_buf_puts(b, "func(");
    if (!weave_canon_fields(c, ft->params, b)) return false;
    base_buf_putc(b, ')');
    if (ft->results && ft->results->list.n) {
        base_buf_puts(b, "(");
        if (!weave_canon_fields(c, ft->results, b)) return false;
        base_buf_putc(b, ')');
    }
    return true;
}

static bool weave_canon_into(weave_tctx *c, const gs_node *t, base_buf *b) {
    if (!t) return weave_fail(c, t, "missing type");
    switch (t->kind) {
    case GSK_IDENT: return weave_canon_ident(c, GS_AS(gs_ident, t), b);
    case GSK_PAREN_EXPR: return weave_canon_into(c, GS_AS(gs_paren_expr, t)->x, b);
    case GSK_SELECTOR_EXPR: {
        const gs_selector_expr *se = GS_AS(gs_selector_expr, t);
        if (!se->x || se->x->kind != GSK_IDENT) return weave_fail(c, t, "not a type");
        base_str pkg = GS_AS(gs_ident, se->x)->name;
        const char *path = weave_import_path(c->arena, c->src, pkg);
        if (!path) return weave_fail(c, se->x, "no import of this file declares that package name");
        base_buf_printf(b, "%s.%.*s", path, (int)se->sel->name.n, se->sel->name.p);
        return true;
    }
    case GSK_STAR_EXPR:
        base_buf_putc(b, '*');
        return weave_canon_into(c, GS_AS(gs_star_expr, t)->x, b);
    case GSK_ELLIPSIS: /* a variadic parameter is a slice inside the function */
        base_buf_puts(b, "[]");
        return weave_canon_into(c, GS_AS(gs_ellipsis, t)->elt, b);
    case GSK_ARRAY_TYPE: {
        const gs_array_type *at = GS_AS(gs_array_type, t);
        if (!at->len) {
            base_buf_puts(b, "[]");
        } else if (at->len->kind == GSK_BASIC_LIT) {
            base_str v = GS_AS(gs_basic_lit, at->len)->value;
            base_buf_printf(b, "[%.*s]", (int)v.n, v.p);
        } else {
            return weave_fail(c, at->len, "array lengths other than literals are not supported");
        }
        return weave_canon_into(c, at->elt, b);
    }
    case GSK_MAP_TYPE:
        base_buf_puts(b, "map[");
        if (!weave_canon_into(c, GS_AS(gs_map_type, t)->key, b)) return false;
        base_buf_putc(b, ']');
        return weave_canon_into(c, GS_AS(gs_map_type, t)->value, b);
    case GSK_CHAN_TYPE: {
        const gs_chan_type *ct = GS_AS(gs_chan_type, t);
        base_buf_puts(b, ct->dir == GS_CHAN_SEND ? "chan<- " : ct->dir == GS_CHAN_RECV ? "<-chan " : "chan ");
        return weave_canon_into(c, ct->value, b);
    }
    case GSK_FUNC_TYPE: return weave_canon_func(c, GS_AS(gs_func_type, t), b);
    case GSK_STRUCT_TYPE: {
        const gs_field_list *fl = GS_AS(gs_struct_type, t)->fields;
        base_buf_puts(b, "struct{");
        for (int i = 0; fl && i < fl->list.n; i++) {
            const gs_field *f = fl->list.v[i];
            int count = f->names.n ? f->names.n : 1;
            for (int k = 0; k < count; k++) {
                if (i || k) base_buf_putc(b, ';');
                if (f->names.n) base_buf_printf(b, "%.*s ", (int)f->names.v[k]->name.n, f->names.v[k]->name.p);
                if (!weave_canon_into(c, f->type, b)) return false;
                if (f->tag) base_buf_printf(b, " %.*s", (int)f->tag->value.n, f->tag->value.p);
            }
        }
        base_buf_putc(b, '}');
        return true;
    }
    case GSK_INTERFACE_TYPE: {
        const gs_field_list *fl = GS_AS(gs_interface_type, t)->methods;
        base_buf_puts(b, "interface{");
        for (int i = 0; fl && i < fl->list.n; i++) {
            const gs_field *f = fl->list.v[i];
            if (i) base_buf_putc(b, ';');
            if (f->names.n) {
                base_buf_printf(b, "%.*s", (int)f->names.v[0]->name.n, f->names.v[0]->name.p);
                if (!f->type || f->type->kind != GSK_FUNC_TYPE) return weave_fail(c, f->type, "not a method");
                if (!weave_canon_func(c, GS_AS(gs_func_type, f->type), b)) return false;
            } else if (!weave_canon_into(c, f->type, b)) {
                return false;
            }
        }
        base_buf_putc(b, '}');
        return true;
    }
    case GSK_INDEX_EXPR:
        if (!weave_canon_into(c, GS_AS(gs_index_expr, t)->x, b)) return false;
        base_buf_putc(b, '[');
        if (!weave_canon_into(c, GS_AS(gs_index_expr, t)->index, b)) return false;
        base_buf_putc(b, ']');
        return true;
    case GSK_INDEX_LIST_EXPR: {
        const gs_index_list_expr *ie = GS_AS(gs_index_list_expr, t);
        if (!weave_canon_into(c, ie->x, b)) return false;
        base_buf_putc(b, '[');
        for (int i = 0; i < ie->indices.n; i++) {
            if (i) base_buf_putc(b, ',');
            if (!weave_canon_into(c, ie->indices.v[i], b)) return false;
        }
        base_buf_putc(b, ']');
        return true;
    }
    case GSK_UNARY_EXPR: /* ~T in constraints */
    case GSK_BINARY_EXPR: /* A | B in constraints */
    default: return weave_fail(c, t, "not a type the weaver understands");
    }
}

char *weave_type_canon(weave_tctx *c, const gs_node *t) {
    c->generic = false;
    c->err = NULL;
    c->err_node = NULL;
    base_buf b;
    base_buf_init(&b, c->arena);
    if (!weave_canon_into(c, t, &b)) return NULL;
    return (char *)base_buf_cstr(&b);
}

static bool weave_fields_mention(const gs_field_list *fl, const base_str *names, size_t n) {
    for (int i = 0; fl && i < fl->list.n; i++)
        if (weave_type_mentions(fl->list.v[i]->type, names, n)) return true;
    return false;
}

bool weave_type_mentions(const gs_node *t, const base_str *names, size_t n) {
    if (!t || n == 0) return false;
    switch (t->kind) {
    case GSK_IDENT: return weave_is_tparam(names, n, GS_AS(gs_ident, t)->name);
    case GSK_PAREN_EXPR: return weave_type_mentions(GS_AS(gs_paren_expr, t)->x, names, n);
    case GSK_SELECTOR_EXPR: return false;
    case GSK_STAR_EXPR: return weave_type_mentions(GS_AS(gs_star_expr, t)->x, names, n);
    case GSK_ELLIPSIS: return weave_type_mentions(GS_AS(gs_ellipsis, t)->elt, names, n);
    case GSK_ARRAY_TYPE:
        return weave_type_mentions(GS_AS(gs_array_type, t)->len, names, n) ||
               weave_type_mentions(GS_AS(gs_array_type, t)->elt, names, n);
    case GSK_MAP_TYPE:
        return weave_type_mentions(GS_AS(gs_map_type, t)->key, names, n) ||
               weave_type_mentions(GS_AS(gs_map_type, t)->value, names, n);
    case GSK_CHAN_TYPE: return weave_type_mentions(GS_AS(gs_chan_type, t)->value, names, n);
    case GSK_FUNC_TYPE:
        return weave_fields_mention(GS_AS(gs_func_type, t)->params, names, n) ||
               weave_fields_mention(GS_AS(gs_func_type, t)->results, names, n);
    case GSK_STRUCT_TYPE: return weave_fields_mention(GS_AS(gs_struct_type, t)->fields, names, n);
    case GSK_INTERFACE_TYPE: return weave_fields_mention(GS_AS(gs_interface_type, t)->methods, names, n);
    case GSK_INDEX_EXPR:
        return weave_type_mentions(GS_AS(gs_index_expr, t)->x, names, n) ||
               weave_type_mentions(GS_AS(gs_index_expr, t)->index, names, n);
    case GSK_INDEX_LIST_EXPR: {
        const gs_index_list_expr *ie = GS_AS(gs_index_list_expr, t);
        for (int i = 0; i < ie->indices.n; i++)
            if (weave_type_mentions(ie->indices.v[i], names, n)) return true;
        return weave_type_mentions(ie->x, names, n);
    }
    case GSK_UNARY_EXPR: return weave_type_mentions(GS_AS(gs_unary_expr, t)->x, names, n);
    case GSK_BINARY_EXPR:
        return weave_type_mentions(GS_AS(gs_binary_expr, t)->x, names, n) ||
               weave_type_mentions(GS_AS(gs_binary_expr, t)->y, names, n);
    default: return false;
    }
}

/* Types, parameter lists, struct and interface types (go/parser's "Types"
 * section). */
#include <stdlib.h>

#include "gosyntax/parser_int.h"

gs_ident *gs_p_parse_ident(gs_parser *p) {
    gs_pos pos = p->pos;
    if (p->tok == GS_IDENT) {
        gs_ident *id = gs_p_new_ident(p, pos, p->lit, p->lit_len);
        gs_p_next(p);
        return id;
    }
    gs_p_expect(p, GS_IDENT);
    return gs_p_new_ident(p, pos, "_", 1);
}

static gs_idents gs_p_parse_ident_list(gs_parser *p) {
    size_t mark = gs_p_mark(p);
    gs_p_push(p, gs_p_parse_ident(p));
    while (p->tok == GS_COMMA) {
        gs_p_next(p);
        gs_p_push(p, gs_p_parse_ident(p));
    }
    gs_idents l;
    GS_TAKE(p, mark, l);
    return l;
}

gs_idents gs_p_parse_idents(gs_parser *p) { return gs_p_parse_ident_list(p); }

gs_node *gs_p_parse_type(gs_parser *p) {
    gs_node *typ = gs_p_try_ident_or_type(p);
    if (!typ) {
        gs_pos pos = p->pos;
        gs_p_error_expected(p, pos, "type");
        gs_p_advance(p, GS_SYNC_EXPR);
        return gs_p_bad_expr(p, pos, p->pos);
    }
    return typ;
}

static gs_node *gs_p_parse_type_name(gs_parser *p, gs_ident *ident) {
    if (!ident) ident = gs_p_parse_ident(p);
    if (p->tok == GS_PERIOD) {
        gs_p_next(p);
        gs_selector_expr *s = GS_NEW(p, gs_selector_expr, GSK_SELECTOR_EXPR);
        s->x = &ident->n;
        s->sel = gs_p_parse_ident(p);
        return &FIN(s)->n;
    }
    return &ident->n;
}

gs_node *gs_p_pack_index_expr(gs_parser *p, gs_node *x, gs_pos lbrack, gs_nodes exprs, gs_pos rbrack) {
    if (exprs.n == 1) {
        gs_index_expr *e = GS_NEW(p, gs_index_expr, GSK_INDEX_EXPR);
        e->x = x;
        e->lbrack = lbrack;
        e->index = exprs.v[0];
        e->rbrack = rbrack;
        return &FIN(e)->n;
    }
    gs_index_list_expr *e = GS_NEW(p, gs_index_list_expr, GSK_INDEX_LIST_EXPR);
    e->x = x;
    e->lbrack = lbrack;
    e->indices = exprs;
    e->rbrack = rbrack;
    return &FIN(e)->n;
}

static gs_node *gs_p_parse_type_instance(gs_parser *p, gs_node *typ) {
    gs_pos opening = gs_p_expect(p, GS_LBRACK);
    p->expr_lev++;
    size_t mark = gs_p_mark(p);
    while (p->tok != GS_RBRACK && p->tok != GS_EOF) {
        gs_p_push(p, gs_p_parse_type(p));
        if (!gs_p_at_comma(p, "type argument list", GS_RBRACK)) break;
        gs_p_next(p);
    }
    p->expr_lev--;
    gs_nodes list;
    GS_TAKE(p, mark, list);
    gs_pos closing = gs_p_expect_closing(p, GS_RBRACK, "type argument list");
    if (list.n == 0) {
        gs_p_error_expected(p, closing, "type argument list");
        gs_index_expr *e = GS_NEW(p, gs_index_expr, GSK_INDEX_EXPR);
        e->x = typ;
        e->lbrack = opening;
        e->index = gs_p_bad_expr(p, opening + 1, closing);
        e->rbrack = closing;
        return &FIN(e)->n;
    }
    return gs_p_pack_index_expr(p, typ, opening, list, closing);
}

static gs_node *gs_p_parse_qualified_ident(gs_parser *p, gs_ident *ident) {
    gs_node *typ = gs_p_parse_type_name(p, ident);
    if (p->tok == GS_LBRACK) typ = gs_p_parse_type_instance(p, typ);
    return typ;
}

gs_node *gs_p_parse_array_type(gs_parser *p, gs_pos lbrack, gs_node *len) {
    if (!len) {
        p->expr_lev++;
        if (p->tok == GS_ELLIPSIS) {
            gs_ellipsis *e = GS_NEW(p, gs_ellipsis, GSK_ELLIPSIS);
            e->ellipsis = p->pos;
            len = &FIN(e)->n;
            gs_p_next(p);
        } else if (p->tok != GS_RBRACK) {
            len = gs_p_parse_rhs(p);
        }
        p->expr_lev--;
    }
    if (p->tok == GS_COMMA) {
        gs_p_error(p, p->pos, "unexpected comma; expecting ]");
        gs_p_next(p);
    }
    gs_p_expect(p, GS_RBRACK);
    gs_array_type *t = GS_NEW(p, gs_array_type, GSK_ARRAY_TYPE);
    t->lbrack = lbrack;
    t->len = len;
    t->elt = gs_p_parse_type(p);
    return &FIN(t)->n;
}

/* Returns the type; *name is set to NULL if x turned out to be a generic
 * type instance rather than a field name. */
static gs_node *gs_p_parse_array_field_or_type_instance(gs_parser *p, gs_ident **name) {
    gs_ident *x = *name;
    gs_pos lbrack = gs_p_expect(p, GS_LBRACK);
    gs_pos trailing_comma = GS_NOPOS;
    size_t mark = gs_p_mark(p);
    if (p->tok != GS_RBRACK) {
        p->expr_lev++;
        gs_p_push(p, gs_p_parse_rhs(p));
        while (p->tok == GS_COMMA) {
            gs_pos comma = p->pos;
            gs_p_next(p);
            if (p->tok == GS_RBRACK) {
                trailing_comma = comma;
                break;
            }
            gs_p_push(p, gs_p_parse_rhs(p));
        }
        p->expr_lev--;
    }
    gs_nodes args;
    GS_TAKE(p, mark, args);
    gs_pos rbrack = gs_p_expect(p, GS_RBRACK);
    if (args.n == 0) {
        gs_array_type *t = GS_NEW(p, gs_array_type, GSK_ARRAY_TYPE);
        t->lbrack = lbrack;
        t->elt = gs_p_parse_type(p);
        return &FIN(t)->n;
    }
    if (args.n == 1) {
        gs_node *elt = gs_p_try_ident_or_type(p);
        if (elt) {
            if (GS_POS_VALID(trailing_comma)) gs_p_error(p, trailing_comma, "unexpected comma; expecting ]");
            gs_array_type *t = GS_NEW(p, gs_array_type, GSK_ARRAY_TYPE);
            t->lbrack = lbrack;
            t->len = args.v[0];
            t->elt = elt;
            return &FIN(t)->n;
        }
    }
    *name = NULL;
    return gs_p_pack_index_expr(p, &x->n, lbrack, args, rbrack);
}

static gs_field *gs_p_new_field(gs_parser *p) { return GS_NEW(p, gs_field, GSK_FIELD); }

static gs_field *gs_p_parse_field_decl(gs_parser *p) {
    gs_comment_group *doc = p->lead_comment;
    gs_idents names = {NULL, 0};
    gs_node *typ = NULL;
    switch (p->tok) {
    case GS_IDENT: {
        gs_ident *name = gs_p_parse_ident(p);
        if (p->tok == GS_PERIOD || p->tok == GS_STRING || p->tok == GS_SEMICOLON || p->tok == GS_RBRACE) {
            typ = &name->n;
            if (p->tok == GS_PERIOD) typ = gs_p_parse_qualified_ident(p, name);
        } else {
            size_t mark = gs_p_mark(p);
            gs_p_push(p, name);
            while (p->tok == GS_COMMA) {
                gs_p_next(p);
                gs_p_push(p, gs_p_parse_ident(p));
            }
            GS_TAKE(p, mark, names);
            if (names.n == 1 && p->tok == GS_LBRACK) {
                typ = gs_p_parse_array_field_or_type_instance(p, &name);
                if (!name) names = (gs_idents){NULL, 0};
            } else {
                typ = gs_p_parse_type(p);
            }
        }
        break;
    }
    case GS_MUL: {
        gs_pos star = p->pos;
        gs_p_next(p);
        if (p->tok == GS_LPAREN) {
            gs_p_error(p, p->pos, "cannot parenthesize embedded type");
            gs_p_next(p);
            typ = gs_p_parse_qualified_ident(p, NULL);
            if (p->tok == GS_RPAREN) gs_p_next(p);
        } else {
            typ = gs_p_parse_qualified_ident(p, NULL);
        }
        gs_star_expr *s = GS_NEW(p, gs_star_expr, GSK_STAR_EXPR);
        s->star = star;
        s->x = typ;
        typ = &FIN(s)->n;
        break;
    }
    case GS_LPAREN:
        gs_p_error(p, p->pos, "cannot parenthesize embedded type");
        gs_p_next(p);
        if (p->tok == GS_MUL) {
            gs_pos star = p->pos;
            gs_p_next(p);
            gs_star_expr *s = GS_NEW(p, gs_star_expr, GSK_STAR_EXPR);
            s->star = star;
            s->x = gs_p_parse_qualified_ident(p, NULL);
            typ = &FIN(s)->n;
        } else {
            typ = gs_p_parse_qualified_ident(p, NULL);
        }
        if (p->tok == GS_RPAREN) gs_p_next(p);
        break;
    default: {
        gs_pos pos = p->pos;
        gs_p_error_expected(p, pos, "field name or embedded type");
        gs_p_advance(p, GS_SYNC_EXPR);
        typ = gs_p_bad_expr(p, pos, p->pos);
    }
    }
    gs_basic_lit *tag = NULL;
    if (p->tok == GS_STRING) {
        tag = GS_NEW(p, gs_basic_lit, GSK_BASIC_LIT);
        tag->value_pos = p->pos;
        tag->value_end = p->tok_end;
        tag->kind = p->tok;
        tag->value = (base_str){p->lit, p->lit_len};
        gs_node_update_range(&tag->n);
        gs_p_next(p);
    }
    gs_comment_group *comment = gs_p_expect_semi(p);
    gs_field *f = gs_p_new_field(p);
    f->doc = doc;
    f->names = names;
    f->type = typ;
    f->tag = tag;
    f->comment = comment;
    return FIN(f);
}

/* The field list of a struct or interface type: the fields pushed since
 * mark, between lbrace and the closing brace expected next. */
static gs_field_list *gs_p_close_braced_fields(gs_parser *p, size_t mark, gs_pos lbrace) {
    gs_field_list *fl = GS_NEW(p, gs_field_list, GSK_FIELD_LIST);
    GS_TAKE(p, mark, fl->list);
    fl->opening = lbrace;
    fl->closing = gs_p_expect(p, GS_RBRACE);
    gs_node_update_range(&fl->n);
    return fl;
}

static gs_node *gs_p_parse_struct_type(gs_parser *p) {
    gs_pos pos = gs_p_expect(p, GS_STRUCT);
    gs_pos lbrace = gs_p_expect(p, GS_LBRACE);
    size_t mark = gs_p_mark(p);
    while (p->tok == GS_IDENT || p->tok == GS_MUL || p->tok == GS_LPAREN) gs_p_push(p, gs_p_parse_field_decl(p));
    gs_field_list *fl = gs_p_close_braced_fields(p, mark, lbrace);
    gs_struct_type *t = GS_NEW(p, gs_struct_type, GSK_STRUCT_TYPE);
    t->struct_pos = pos;
    t->fields = fl;
    return &FIN(t)->n;
}

static gs_node *gs_p_parse_pointer_type(gs_parser *p) {
    gs_pos star = gs_p_expect(p, GS_MUL);
    gs_star_expr *s = GS_NEW(p, gs_star_expr, GSK_STAR_EXPR);
    s->star = star;
    s->x = gs_p_parse_type(p);
    return &FIN(s)->n;
}

static gs_node *gs_p_parse_dots_type(gs_parser *p) {
    gs_pos pos = gs_p_expect(p, GS_ELLIPSIS);
    gs_ellipsis *e = GS_NEW(p, gs_ellipsis, GSK_ELLIPSIS);
    e->ellipsis = pos;
    e->elt = gs_p_parse_type(p);
    return &FIN(e)->n;
}

static gs_node *gs_p_embedded_term(gs_parser *p) {
    if (p->tok == GS_TILDE) {
        gs_unary_expr *u = GS_NEW(p, gs_unary_expr, GSK_UNARY_EXPR);
        u->op_pos = p->pos;
        u->op = GS_TILDE;
        gs_p_next(p);
        u->x = gs_p_parse_type(p);
        return &FIN(u)->n;
    }
    gs_node *t = gs_p_try_ident_or_type(p);
    if (!t) {
        gs_pos pos = p->pos;
        gs_p_error_expected(p, pos, "~ term or type");
        gs_p_advance(p, GS_SYNC_EXPR);
        return gs_p_bad_expr(p, pos, p->pos);
    }
    return t;
}

static gs_node *gs_p_embedded_elem(gs_parser *p, gs_node *x) {
    if (!x) x = gs_p_embedded_term(p);
    while (p->tok == GS_OR) {
        gs_binary_expr *b = GS_NEW(p, gs_binary_expr, GSK_BINARY_EXPR);
        b->op_pos = p->pos;
        b->op = GS_OR;
        gs_p_next(p);
        b->x = x;
        b->y = gs_p_embedded_term(p);
        x = &FIN(b)->n;
    }
    return x;
}

typedef struct {
    gs_ident *name;
    gs_node *typ;
} gs_pfield;

static gs_pfield gs_p_parse_param_decl(gs_parser *p, gs_ident *name, bool type_sets_ok) {
    gs_pfield f = {NULL, NULL};
    if (!name && type_sets_ok && p->tok == GS_TILDE) {
        f.typ = gs_p_embedded_elem(p, NULL);
        return f;
    }
    gs_tok sw = name ? GS_IDENT : p->tok;
    switch (sw) {
    case GS_IDENT:
        f.name = name ? name : gs_p_parse_ident(p);
        switch (p->tok) {
        case GS_IDENT: case GS_MUL: case GS_ARROW: case GS_FUNC: case GS_CHAN: case GS_MAP:
        case GS_STRUCT: case GS_INTERFACE: case GS_LPAREN:
            f.typ = gs_p_parse_type(p);
            break;
        case GS_LBRACK:
            f.typ = gs_p_parse_array_field_or_type_instance(p, &f.name);
            break;
        case GS_ELLIPSIS:
            f.typ = gs_p_parse_dots_type(p);
            return f;
        case GS_PERIOD:
            f.typ = gs_p_parse_qualified_ident(p, f.name);
            f.name = NULL;
            break;
        case GS_TILDE:
            if (type_sets_ok) {
                f.typ = gs_p_embedded_elem(p, NULL);
                return f;
            }
            break;
        case GS_OR:
            if (type_sets_ok) {
                f.typ = gs_p_embedded_elem(p, &f.name->n);
                f.name = NULL;
                return f;
            }
            break;
        default:
            break;
        }
        break;
    case GS_MUL: case GS_ARROW: case GS_FUNC: case GS_LBRACK: case GS_CHAN: case GS_MAP:
    case GS_STRUCT: case GS_INTERFACE: case GS_LPAREN:
        f.typ = gs_p_parse_type(p);
        break;
    case GS_ELLIPSIS:
        f.typ = gs_p_parse_dots_type(p);
        return f;
    default:
        gs_p_error_expected(p, p->pos, "')'");
        gs_p_advance(p, GS_SYNC_EXPR);
        break;
    }
    if (type_sets_ok && p->tok == GS_OR && f.typ) f.typ = gs_p_embedded_elem(p, f.typ);
    return f;
}

/* The list of (name, typ) pairs lives on the scratch stack at [mark, ...)
 * as 2 slots per parameter. */
#define PNAME(i) ((gs_ident *)p->scratch[mark + 2 * (size_t)(i)])
#define PTYP(i) ((gs_node *)p->scratch[mark + 2 * (size_t)(i) + 1])
#define SET_PNAME(i, x) (p->scratch[mark + 2 * (size_t)(i)] = (x))
#define SET_PTYP(i, x) (p->scratch[mark + 2 * (size_t)(i) + 1] = (x))

void gs_p_parse_parameter_list(gs_parser *p, gs_ident *name0, gs_node *typ0, gs_tok closing, bool dddok,
                               gs_fields *out) {
    bool tparams = closing == GS_RBRACK;
    gs_pos pos0 = p->pos;
    if (name0) pos0 = name0->n.pos;
    else if (typ0) pos0 = typ0->pos;

    size_t mark = gs_p_mark(p);
    int n = 0, named = 0, typed = 0;
    while (name0 || (p->tok != closing && p->tok != GS_EOF)) {
        gs_pfield par;
        if (typ0) {
            if (tparams) typ0 = gs_p_embedded_elem(p, typ0);
            par.name = name0;
            par.typ = typ0;
        } else {
            par = gs_p_parse_param_decl(p, name0, tparams);
        }
        name0 = NULL;
        typ0 = NULL;
        if (par.name || par.typ) {
            gs_p_push(p, par.name);
            gs_p_push(p, par.typ);
            n++;
            if (par.name && par.typ) named++;
            if (par.typ) typed++;
        }
        if (!gs_p_at_comma(p, "parameter list", closing)) break;
        gs_p_next(p);
    }
    *out = (gs_fields){NULL, 0};
    if (n == 0) return;

    if (named == 0) {
        for (int i = 0; i < n; i++) {
            if (PNAME(i)) {
                SET_PTYP(i, &PNAME(i)->n);
                SET_PNAME(i, NULL);
            }
        }
        if (tparams) {
            gs_pos err_pos;
            const char *msg;
            if (named == typed) {
                err_pos = p->pos;
                msg = "missing type constraint";
            } else {
                err_pos = pos0;
                msg = n == 1 ? "missing type parameter name or invalid array length" : "missing type parameter name";
            }
            gs_p_error(p, err_pos, msg);
        }
    } else if (named != n) {
        gs_pos err_pos = GS_NOPOS;
        gs_node *typ = NULL;
        for (int k = 0; k < n; k++) {
            int i = n - k - 1;
            if (PTYP(i)) {
                typ = PTYP(i);
                if (!PNAME(i)) {
                    err_pos = typ->pos;
                    SET_PNAME(i, gs_p_new_ident(p, err_pos, "_", 1));
                }
            } else if (typ) {
                SET_PTYP(i, typ);
            } else {
                err_pos = PNAME(i)->n.pos;
                SET_PTYP(i, gs_p_bad_expr(p, err_pos, p->pos));
            }
        }
        if (GS_POS_VALID(err_pos)) {
            const char *msg;
            if (named == typed) {
                err_pos = p->pos;
                msg = tparams ? "missing type constraint" : "missing parameter type";
            } else if (tparams) {
                msg = n == 1 ? "missing type parameter name or invalid array length" : "missing type parameter name";
            } else {
                msg = "missing parameter name";
            }
            gs_p_error(p, err_pos, msg);
        }
    }

    bool first = true;
    for (int i = 0; i < n; i++) {
        gs_node *t = PTYP(i);
        if (t && t->kind == GSK_ELLIPSIS && (!dddok || i + 1 < n)) {
            if (first) {
                first = false;
                gs_p_error(p, GS_AS(gs_ellipsis, t)->ellipsis,
                           dddok ? "can only use ... with final parameter" : "invalid use of ...");
            }
            SET_PTYP(i, gs_p_bad_expr(p, t->pos, t->end));
        }
    }

    size_t fmark = gs_p_mark(p);
    if (named == 0) {
        for (int i = 0; i < n; i++) {
            gs_field *f = gs_p_new_field(p);
            f->type = PTYP(i);
            gs_p_push(p, FIN(f));
        }
    } else {
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && PTYP(j) == PTYP(i)) j++;
            gs_field *f = gs_p_new_field(p);
            f->type = PTYP(i);
            f->names.n = j - i;
            f->names.v = base_arena_alloc(p->a, sizeof(gs_ident *) * (size_t)(j - i));
            for (int k = i; k < j; k++) f->names.v[k - i] = PNAME(k);
            gs_p_push(p, FIN(f));
            i = j;
        }
    }
    GS_TAKE(p, fmark, *out);
    p->nscratch = mark;
}

#undef PNAME
#undef PTYP
#undef SET_PNAME
#undef SET_PTYP

gs_field_list *gs_p_parse_type_parameters(gs_parser *p) {
    gs_pos lbrack = gs_p_expect(p, GS_LBRACK);
    gs_fields list = {NULL, 0};
    if (p->tok != GS_RBRACK) gs_p_parse_parameter_list(p, NULL, NULL, GS_RBRACK, false, &list);
    gs_pos rbrack = gs_p_expect(p, GS_RBRACK);
    if (list.n == 0) {
        gs_p_error(p, rbrack, "empty type parameter list");
        return NULL;
    }
    gs_field_list *fl = GS_NEW(p, gs_field_list, GSK_FIELD_LIST);
    fl->opening = lbrack;
    fl->list = list;
    fl->closing = rbrack;
    return FIN(fl);
}

gs_field_list *gs_p_parse_parameters(gs_parser *p, bool result) {
    if (!result || p->tok == GS_LPAREN) {
        gs_pos lparen = gs_p_expect(p, GS_LPAREN);
        gs_fields list = {NULL, 0};
        if (p->tok != GS_RPAREN) gs_p_parse_parameter_list(p, NULL, NULL, GS_RPAREN, !result, &list);
        gs_pos rparen = gs_p_expect(p, GS_RPAREN);
        gs_field_list *fl = GS_NEW(p, gs_field_list, GSK_FIELD_LIST);
        fl->opening = lparen;
        fl->list = list;
        fl->closing = rparen;
        return FIN(fl);
    }
    gs_node *typ = gs_p_try_ident_or_type(p);
    if (typ) {
        gs_field *f = gs_p_new_field(p);
        f->type = typ;
        gs_node_update_range(&f->n);
        gs_field_list *fl = GS_NEW(p, gs_field_list, GSK_FIELD_LIST);
        fl->opening = fl->closing = GS_NOPOS;
        fl->list.v = base_arena_alloc(p->a, sizeof(gs_field *));
        fl->list.v[0] = f;
        fl->list.n = 1;
        return FIN(fl);
    }
    return NULL;
}

static gs_func_type *gs_p_new_func_type(gs_parser *p, gs_pos func, gs_field_list *tparams, gs_field_list *params,
                                        gs_field_list *results) {
    gs_func_type *t = GS_NEW(p, gs_func_type, GSK_FUNC_TYPE);
    t->func_pos = func;
    t->type_params = tparams;
    t->params = params;
    t->results = results;
    return FIN(t);
}

gs_func_type *gs_p_parse_func_type(gs_parser *p) {
    gs_pos pos = gs_p_expect(p, GS_FUNC);
    if (p->tok == GS_LBRACK) {
        gs_field_list *tparams = gs_p_parse_type_parameters(p);
        if (tparams) gs_p_error(p, tparams->opening, "function type must have no type parameters");
    }
    gs_field_list *params = gs_p_parse_parameters(p, false);
    gs_field_list *results = gs_p_parse_parameters(p, true);
    return gs_p_new_func_type(p, pos, NULL, params, results);
}

static gs_field *gs_p_parse_method_spec(gs_parser *p) {
    gs_comment_group *doc = p->lead_comment;
    gs_idents idents = {NULL, 0};
    gs_node *typ = NULL;
    gs_node *x = gs_p_parse_type_name(p, NULL);
    if (x->kind == GSK_IDENT) {
        gs_ident *ident = GS_AS(gs_ident, x);
        if (p->tok == GS_LBRACK) {
            gs_pos lbrack = p->pos;
            gs_p_next(p);
            p->expr_lev++;
            gs_node *x2 = gs_p_parse_expr(p);
            p->expr_lev--;
            if (x2->kind == GSK_IDENT && p->tok != GS_COMMA && p->tok != GS_RBRACK) {
                gs_fields ignored;
                gs_p_parse_parameter_list(p, GS_AS(gs_ident, x2), NULL, GS_RBRACK, false, &ignored);
                gs_p_expect(p, GS_RBRACK);
                gs_p_error(p, lbrack, "interface method must have no type parameters");
                gs_field_list *params = gs_p_parse_parameters(p, false);
                gs_field_list *results = gs_p_parse_parameters(p, true);
                idents.v = base_arena_alloc(p->a, sizeof(gs_ident *));
                idents.v[0] = ident;
                idents.n = 1;
                typ = &gs_p_new_func_type(p, GS_NOPOS, NULL, params, results)->n;
            } else {
                size_t mark = gs_p_mark(p);
                gs_p_push(p, x2);
                if (gs_p_at_comma(p, "type argument list", GS_RBRACK)) {
                    p->expr_lev++;
                    gs_p_next(p);
                    while (p->tok != GS_RBRACK && p->tok != GS_EOF) {
                        gs_p_push(p, gs_p_parse_type(p));
                        if (!gs_p_at_comma(p, "type argument list", GS_RBRACK)) break;
                        gs_p_next(p);
                    }
                    p->expr_lev--;
                }
                gs_nodes list;
                GS_TAKE(p, mark, list);
                gs_pos rbrack = gs_p_expect_closing(p, GS_RBRACK, "type argument list");
                typ = gs_p_pack_index_expr(p, &ident->n, lbrack, list, rbrack);
            }
        } else if (p->tok == GS_LPAREN) {
            gs_field_list *params = gs_p_parse_parameters(p, false);
            gs_field_list *results = gs_p_parse_parameters(p, true);
            idents.v = base_arena_alloc(p->a, sizeof(gs_ident *));
            idents.v[0] = ident;
            idents.n = 1;
            typ = &gs_p_new_func_type(p, GS_NOPOS, NULL, params, results)->n;
        } else {
            typ = x;
        }
    } else {
        typ = x;
        if (p->tok == GS_LBRACK) typ = gs_p_parse_type_instance(p, typ);
    }
    gs_field *f = gs_p_new_field(p);
    f->doc = doc;
    f->names = idents;
    f->type = typ;
    return FIN(f);
}

static gs_node *gs_p_parse_interface_type(gs_parser *p) {
    gs_pos pos = gs_p_expect(p, GS_INTERFACE);
    gs_pos lbrace = gs_p_expect(p, GS_LBRACE);
    size_t mark = gs_p_mark(p);
    for (;;) {
        if (p->tok == GS_IDENT) {
            gs_field *f = gs_p_parse_method_spec(p);
            if (f->names.n == 0) f->type = gs_p_embedded_elem(p, f->type);
            f->comment = gs_p_expect_semi(p);
            gs_p_push(p, FIN(f));
        } else if (p->tok == GS_TILDE) {
            gs_node *typ = gs_p_embedded_elem(p, NULL);
            gs_field *f = gs_p_new_field(p);
            f->type = typ;
            f->comment = gs_p_expect_semi(p);
            gs_p_push(p, FIN(f));
        } else {
            gs_node *t = gs_p_try_ident_or_type(p);
            if (!t) break;
            gs_node *typ = gs_p_embedded_elem(p, t);
            gs_field *f = gs_p_new_field(p);
            f->type = typ;
            f->comment = gs_p_expect_semi(p);
            gs_p_push(p, FIN(f));
        }
    }
    gs_field_list *fl = gs_p_close_braced_fields(p, mark, lbrace);
    gs_interface_type *t = GS_NEW(p, gs_interface_type, GSK_INTERFACE_TYPE);
    t->interface_pos = pos;
    t->methods = fl;
    return &FIN(t)->n;
}

static gs_node *gs_p_parse_map_type(gs_parser *p) {
    gs_pos pos = gs_p_expect(p, GS_MAP);
    gs_p_expect(p, GS_LBRACK);
    gs_map_type *t = GS_NEW(p, gs_map_type, GSK_MAP_TYPE);
    t->map_pos = pos;
    t->key = gs_p_parse_type(p);
    gs_p_expect(p, GS_RBRACK);
    t->value = gs_p_parse_type(p);
    return &FIN(t)->n;
}

static gs_node *gs_p_parse_chan_type(gs_parser *p) {
    gs_pos pos = p->pos;
    int dir = GS_CHAN_SEND | GS_CHAN_RECV;
    gs_pos arrow = GS_NOPOS;
    if (p->tok == GS_CHAN) {
        gs_p_next(p);
        if (p->tok == GS_ARROW) {
            arrow = p->pos;
            gs_p_next(p);
            dir = GS_CHAN_SEND;
        }
    } else {
        arrow = gs_p_expect(p, GS_ARROW);
        gs_p_expect(p, GS_CHAN);
        dir = GS_CHAN_RECV;
    }
    gs_chan_type *t = GS_NEW(p, gs_chan_type, GSK_CHAN_TYPE);
    t->begin = pos;
    t->arrow = arrow;
    t->dir = dir;
    t->value = gs_p_parse_type(p);
    return &FIN(t)->n;
}

gs_node *gs_p_try_ident_or_type(gs_parser *p) {
    gs_p_inc_nest(p);
    gs_node *r = NULL;
    switch (p->tok) {
    case GS_IDENT: {
        gs_node *typ = gs_p_parse_type_name(p, NULL);
        if (p->tok == GS_LBRACK) typ = gs_p_parse_type_instance(p, typ);
        r = typ;
        break;
    }
    case GS_LBRACK: {
        gs_pos lbrack = gs_p_expect(p, GS_LBRACK);
        r = gs_p_parse_array_type(p, lbrack, NULL);
        break;
    }
    case GS_STRUCT: r = gs_p_parse_struct_type(p); break;
    case GS_MUL: r = gs_p_parse_pointer_type(p); break;
    case GS_FUNC: r = &gs_p_parse_func_type(p)->n; break;
    case GS_INTERFACE: r = gs_p_parse_interface_type(p); break;
    case GS_MAP: r = gs_p_parse_map_type(p); break;
    case GS_CHAN:
    case GS_ARROW: r = gs_p_parse_chan_type(p); break;
    case GS_LPAREN: {
        gs_paren_expr *e = GS_NEW(p, gs_paren_expr, GSK_PAREN_EXPR);
        e->lparen = p->pos;
        gs_p_next(p);
        e->x = gs_p_parse_type(p);
        e->rparen = gs_p_expect(p, GS_RPAREN);
        r = &FIN(e)->n;
        break;
    }
    default:
        break;
    }
    gs_p_dec_nest(p);
    return r;
}

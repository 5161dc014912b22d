/* Declarations and the source file (go/parser's "Declarations" and
 * "Source files" sections). */
#include <stdint.h>

#include "gosyntax/parser_int.h"


typedef gs_node *(*gs_spec_fn)(gs_parser *p, gs_comment_group *doc, gs_tok keyword);

static gs_node *gs_p_parse_import_spec(gs_parser *p, gs_comment_group *doc, gs_tok keyword) {
    (void)keyword;
    gs_ident *ident = NULL;
    if (p->tok == GS_IDENT) {
        ident = gs_p_parse_ident(p);
    } else if (p->tok == GS_PERIOD) {
        ident = gs_p_new_ident(p, p->pos, ".", 1);
        gs_p_next(p);
    }
    gs_pos pos = p->pos, end = p->pos;
    base_str path = {"", 0};
    if (p->tok == GS_STRING) {
        path = (base_str){p->lit, p->lit_len};
        end = p->tok_end;
        gs_p_next(p);
    } else if (p->tok >= GS_IDENT && p->tok <= GS_STRING) {
        gs_p_error(p, pos, "import path must be a string");
        gs_p_next(p);
    } else {
        gs_p_error(p, pos, "missing import path");
        gs_p_advance(p, GS_SYNC_EXPR);
    }
    gs_comment_group *comment = gs_p_expect_semi(p);
    gs_basic_lit *lit = GS_NEW(p, gs_basic_lit, GSK_BASIC_LIT);
    lit->value_pos = pos;
    lit->value_end = end;
    lit->kind = GS_STRING;
    lit->value = path;
    gs_node_update_range(&lit->n);
    gs_import_spec *s = GS_NEW(p, gs_import_spec, GSK_IMPORT_SPEC);
    s->doc = doc;
    s->name = ident;
    s->path = lit;
    s->comment = comment;
    s->end_pos = GS_NOPOS;
    gs_node_update_range(&s->n);
    BASE_VEC_PUSH(p->a, &p->imports, s);
    return &s->n;
}

static gs_node *gs_p_parse_value_spec(gs_parser *p, gs_comment_group *doc, gs_tok keyword) {
    gs_value_spec *s = GS_NEW(p, gs_value_spec, GSK_VALUE_SPEC);
    s->doc = doc;
    s->names = gs_p_parse_idents(p);
    if (keyword == GS_CONST) {
        if (p->tok != GS_EOF && p->tok != GS_SEMICOLON && p->tok != GS_RPAREN) {
            s->type = gs_p_try_ident_or_type(p);
            if (p->tok == GS_ASSIGN) {
                gs_p_next(p);
                s->values = gs_p_parse_list(p, true);
            }
        }
    } else {
        if (p->tok != GS_ASSIGN) s->type = gs_p_parse_type(p);
        if (p->tok == GS_ASSIGN) {
            gs_p_next(p);
            s->values = gs_p_parse_list(p, true);
        }
    }
    s->comment = gs_p_expect_semi(p);
    return &FIN(s)->n;
}

static void gs_p_parse_generic_type(gs_parser *p, gs_type_spec *spec, gs_pos open, gs_ident *name0, gs_node *typ0) {
    gs_field_list *fl = GS_NEW(p, gs_field_list, GSK_FIELD_LIST);
    gs_p_parse_parameter_list(p, name0, typ0, GS_RBRACK, false, &fl->list);
    fl->opening = open;
    fl->closing = gs_p_expect(p, GS_RBRACK);
    spec->type_params = FIN(fl);
    if (p->tok == GS_ASSIGN) {
        spec->assign = p->pos;
        gs_p_next(p);
    }
    spec->type = gs_p_parse_type(p);
}

static bool gs_p_is_type_elem(gs_parser *p, gs_node *x) {
    gs_p_check_stack(p);
    switch (x->kind) {
    case GSK_ARRAY_TYPE: case GSK_STRUCT_TYPE: case GSK_FUNC_TYPE: case GSK_INTERFACE_TYPE:
    case GSK_MAP_TYPE: case GSK_CHAN_TYPE:
        return true;
    case GSK_BINARY_EXPR:
        return gs_p_is_type_elem(p, GS_AS(gs_binary_expr, x)->x) || gs_p_is_type_elem(p, GS_AS(gs_binary_expr, x)->y);
    case GSK_UNARY_EXPR:
        return GS_AS(gs_unary_expr, x)->op == GS_TILDE;
    case GSK_PAREN_EXPR:
        return gs_p_is_type_elem(p, GS_AS(gs_paren_expr, x)->x);
    default:
        return false;
    }
}

/* go/parser's extractName: splits x into name and type expression. */
static gs_ident *gs_p_extract_name(gs_parser *p, gs_node *x, bool force, gs_node **expr) {
    gs_p_check_stack(p);
    *expr = x;
    switch (x->kind) {
    case GSK_IDENT:
        *expr = NULL;
        return GS_AS(gs_ident, x);
    case GSK_BINARY_EXPR: {
        gs_binary_expr *b = GS_AS(gs_binary_expr, x);
        if (b->op == GS_MUL) {
            if (b->x->kind == GSK_IDENT && (force || gs_p_is_type_elem(p, b->y))) {
                gs_star_expr *s = GS_NEW(p, gs_star_expr, GSK_STAR_EXPR);
                s->star = b->op_pos;
                s->x = b->y;
                *expr = &FIN(s)->n;
                return GS_AS(gs_ident, b->x);
            }
        } else if (b->op == GS_OR) {
            gs_node *lhs;
            gs_ident *name = gs_p_extract_name(p, b->x, force || gs_p_is_type_elem(p, b->y), &lhs);
            if (name && lhs) {
                gs_binary_expr *op = GS_NEW(p, gs_binary_expr, GSK_BINARY_EXPR);
                *op = *b;
                op->x = lhs;
                *expr = &FIN(op)->n;
                return name;
            }
        }
        break;
    }
    case GSK_CALL_EXPR: {
        gs_call_expr *c = GS_AS(gs_call_expr, x);
        if (c->fun->kind == GSK_IDENT && c->args.n == 1 && !GS_POS_VALID(c->ellipsis) &&
            (force || gs_p_is_type_elem(p, c->args.v[0]))) {
            gs_paren_expr *pe = GS_NEW(p, gs_paren_expr, GSK_PAREN_EXPR);
            pe->lparen = c->lparen;
            pe->x = c->args.v[0];
            pe->rparen = c->rparen;
            *expr = &FIN(pe)->n;
            return GS_AS(gs_ident, c->fun);
        }
        break;
    }
    default:
        break;
    }
    *expr = x;
    return NULL;
}

static gs_node *gs_p_parse_type_spec(gs_parser *p, gs_comment_group *doc, gs_tok keyword) {
    (void)keyword;
    gs_type_spec *spec = GS_NEW(p, gs_type_spec, GSK_TYPE_SPEC);
    spec->doc = doc;
    spec->name = gs_p_parse_ident(p);
    spec->assign = GS_NOPOS;
    if (p->tok == GS_LBRACK) {
        gs_pos lbrack = p->pos;
        gs_p_next(p);
        if (p->tok == GS_IDENT) {
            gs_node *x = &gs_p_parse_ident(p)->n;
            if (p->tok != GS_LBRACK) {
                p->expr_lev++;
                gs_node *lhs = gs_p_parse_primary_expr(p, x);
                x = gs_p_parse_binary_expr(p, lhs, 1);
                p->expr_lev--;
            }
            gs_node *ptype;
            gs_ident *pname = gs_p_extract_name(p, x, p->tok == GS_COMMA, &ptype);
            if (pname && (ptype || p->tok != GS_RBRACK)) {
                gs_p_parse_generic_type(p, spec, lbrack, pname, ptype);
            } else {
                spec->type = gs_p_parse_array_type(p, lbrack, x);
            }
        } else {
            spec->type = gs_p_parse_array_type(p, lbrack, NULL);
        }
    } else {
        if (p->tok == GS_ASSIGN) {
            spec->assign = p->pos;
            gs_p_next(p);
        }
        spec->type = gs_p_parse_type(p);
    }
    spec->comment = gs_p_expect_semi(p);
    return &FIN(spec)->n;
}

static gs_node *gs_p_parse_gen_decl(gs_parser *p, gs_tok keyword, gs_spec_fn f) {
    gs_gen_decl *d = GS_NEW(p, gs_gen_decl, GSK_GEN_DECL);
    d->doc = p->lead_comment;
    d->tok_pos = gs_p_expect(p, keyword);
    d->tok = keyword;
    d->lparen = d->rparen = GS_NOPOS;
    size_t mark = gs_p_mark(p);
    if (p->tok == GS_LPAREN) {
        d->lparen = p->pos;
        gs_p_next(p);
        while (p->tok != GS_RPAREN && p->tok != GS_EOF) gs_p_push(p, f(p, p->lead_comment, keyword));
        GS_TAKE(p, mark, d->specs);
        d->rparen = gs_p_expect(p, GS_RPAREN);
        gs_p_expect_semi(p);
    } else {
        gs_p_push(p, f(p, NULL, keyword));
        GS_TAKE(p, mark, d->specs);
    }
    return &FIN(d)->n;
}

static gs_node *gs_p_parse_func_decl(gs_parser *p) {
    gs_func_decl *d = GS_NEW(p, gs_func_decl, GSK_FUNC_DECL);
    d->doc = p->lead_comment;
    gs_pos pos = gs_p_expect(p, GS_FUNC);
    if (p->tok == GS_LPAREN) d->recv = gs_p_parse_parameters(p, false);
    d->name = gs_p_parse_ident(p);
    gs_field_list *tparams = NULL;
    if (p->tok == GS_LBRACK) {
        tparams = gs_p_parse_type_parameters(p);
        if (d->recv && tparams) {
            gs_p_error(p, tparams->opening, "method must have no type parameters");
            tparams = NULL;
        }
    }
    gs_field_list *params = gs_p_parse_parameters(p, false);
    gs_field_list *results = gs_p_parse_parameters(p, true);
    switch (p->tok) {
    case GS_LBRACE:
        d->body = gs_p_parse_body(p);
        gs_p_expect_semi(p);
        break;
    case GS_SEMICOLON:
        gs_p_next(p);
        if (p->tok == GS_LBRACE) {
            gs_p_error(p, p->pos, "unexpected semicolon or newline before {");
            d->body = gs_p_parse_body(p);
            gs_p_expect_semi(p);
        }
        break;
    default:
        gs_p_expect_semi(p);
    }
    gs_func_type *t = GS_NEW(p, gs_func_type, GSK_FUNC_TYPE);
    t->func_pos = pos;
    t->type_params = tparams;
    t->params = params;
    t->results = results;
    d->type = FIN(t);
    return &FIN(d)->n;
}

gs_node *gs_p_parse_decl(gs_parser *p, int sync) {
    gs_spec_fn f;
    switch (p->tok) {
    case GS_IMPORT: f = gs_p_parse_import_spec; break;
    case GS_CONST:
    case GS_VAR: f = gs_p_parse_value_spec; break;
    case GS_TYPE: f = gs_p_parse_type_spec; break;
    case GS_FUNC: return gs_p_parse_func_decl(p);
    default: {
        gs_pos pos = p->pos;
        gs_p_error_expected(p, pos, "declaration");
        gs_p_advance(p, sync);
        gs_node *n = gs_p_new(p, sizeof(gs_bad_decl), GSK_BAD_DECL);
        n->pos = pos;
        n->end = p->pos;
        return n;
    }
    }
    return gs_p_parse_gen_decl(p, p->tok, f);
}

gs_file *gs_p_parse_file(gs_parser *p) {
    if (p->errs.n != 0) return NULL;
    gs_file *f = GS_NEW(p, gs_file, GSK_FILE);
    f->doc = p->lead_comment;
    f->package_pos = gs_p_expect(p, GS_PACKAGE);
    f->name = gs_p_parse_ident(p);
    gs_p_expect_semi(p);
    if (p->errs.n != 0) return NULL;

    size_t mark = gs_p_mark(p);
    while (p->tok == GS_IMPORT) gs_p_push(p, gs_p_parse_gen_decl(p, GS_IMPORT, gs_p_parse_import_spec));
    gs_tok prev = GS_IMPORT;
    while (p->tok != GS_EOF) {
        if (p->tok == GS_IMPORT && prev != GS_IMPORT)
            gs_p_error(p, p->pos, "imports must appear before other declarations");
        prev = p->tok;
        gs_p_push(p, gs_p_parse_decl(p, GS_SYNC_DECL));
    }
    GS_TAKE(p, mark, f->decls);
    f->imports.v = p->imports.v;
    f->imports.n = (int)p->imports.n;
    f->comments.v = p->comments.v;
    f->comments.n = (int)p->comments.n;
    return FIN(f);
}

/* Expressions (go/parser's "Expressions" section). */
#include "gosyntax/parser_int.h"


static int gs_prec(gs_tok t) {
    switch (t) {
    case GS_LOR: return 1;
    case GS_LAND: return 2;
    case GS_EQL: case GS_NEQ: case GS_LSS: case GS_LEQ: case GS_GTR: case GS_GEQ: return 3;
    case GS_ADD: case GS_SUB: case GS_OR: case GS_XOR: return 4;
    case GS_MUL: case GS_QUO: case GS_REM: case GS_SHL: case GS_SHR: case GS_AND: case GS_AND_NOT: return 5;
    default: return 0;
    }
}

gs_node *gs_p_unparen(gs_node *x) {
    while (x && x->kind == GSK_PAREN_EXPR) x = GS_AS(gs_paren_expr, x)->x;
    return x;
}

gs_nodes gs_p_parse_list(gs_parser *p, bool in_rhs) {
    bool old = p->in_rhs;
    p->in_rhs = in_rhs;
    size_t mark = gs_p_mark(p);
    gs_p_push(p, gs_p_parse_expr(p));
    while (p->tok == GS_COMMA) {
        gs_p_next(p);
        gs_p_push(p, gs_p_parse_expr(p));
    }
    p->in_rhs = old;
    gs_nodes l;
    GS_TAKE(p, mark, l);
    return l;
}

static gs_node *gs_p_parse_func_type_or_lit(gs_parser *p) {
    gs_func_type *typ = gs_p_parse_func_type(p);
    if (p->tok != GS_LBRACE) return &typ->n;
    p->expr_lev++;
    gs_block_stmt *body = gs_p_parse_body(p);
    p->expr_lev--;
    gs_func_lit *f = GS_NEW(p, gs_func_lit, GSK_FUNC_LIT);
    f->type = typ;
    f->body = body;
    return &FIN(f)->n;
}

static gs_node *gs_p_parse_operand(gs_parser *p) {
    switch (p->tok) {
    case GS_IDENT:
        return &gs_p_parse_ident(p)->n;
    case GS_INT: case GS_FLOAT: case GS_IMAG: case GS_CHAR: case GS_STRING: {
        gs_basic_lit *l = GS_NEW(p, gs_basic_lit, GSK_BASIC_LIT);
        l->value_pos = p->pos;
        l->value_end = p->tok == GS_STRING ? p->tok_end : p->pos + (gs_pos)p->lit_len;
        l->kind = p->tok;
        l->value = (base_str){p->lit, p->lit_len};
        l->n.pos = l->value_pos;
        l->n.end = l->value_end;
        gs_p_next(p);
        return &l->n;
    }
    case GS_LPAREN: {
        gs_paren_expr *e = GS_NEW(p, gs_paren_expr, GSK_PAREN_EXPR);
        e->lparen = p->pos;
        gs_p_next(p);
        p->expr_lev++;
        e->x = gs_p_parse_rhs(p);
        p->expr_lev--;
        e->rparen = gs_p_expect(p, GS_RPAREN);
        return &FIN(e)->n;
    }
    case GS_FUNC:
        return gs_p_parse_func_type_or_lit(p);
    default:
        break;
    }
    gs_node *typ = gs_p_try_ident_or_type(p);
    if (typ) return typ;
    gs_pos pos = p->pos;
    gs_p_error_expected(p, pos, "operand");
    gs_p_advance(p, GS_SYNC_STMT);
    return gs_p_bad_expr(p, pos, p->pos);
}

static gs_node *gs_p_parse_type_assertion(gs_parser *p, gs_node *x) {
    gs_type_assert_expr *e = GS_NEW(p, gs_type_assert_expr, GSK_TYPE_ASSERT_EXPR);
    e->x = x;
    e->lparen = gs_p_expect(p, GS_LPAREN);
    if (p->tok == GS_TYPE) gs_p_next(p);
    else e->type = gs_p_parse_type(p);
    e->rparen = gs_p_expect(p, GS_RPAREN);
    return &FIN(e)->n;
}

static gs_node *gs_p_parse_index_or_slice_or_instance(gs_parser *p, gs_node *x) {
    gs_pos lbrack = gs_p_expect(p, GS_LBRACK);
    if (p->tok == GS_RBRACK) {
        gs_p_error_expected(p, p->pos, "operand");
        gs_pos rbrack = p->pos;
        gs_p_next(p);
        gs_index_expr *e = GS_NEW(p, gs_index_expr, GSK_INDEX_EXPR);
        e->x = x;
        e->lbrack = lbrack;
        e->index = gs_p_bad_expr(p, rbrack, rbrack);
        e->rbrack = rbrack;
        return &FIN(e)->n;
    }
    p->expr_lev++;
    gs_node *index[3] = {NULL, NULL, NULL};
    gs_pos colons[2] = {GS_NOPOS, GS_NOPOS};
    size_t mark = gs_p_mark(p);
    bool have_args = false;
    if (p->tok != GS_COLON) index[0] = gs_p_parse_rhs(p);
    int ncolons = 0;
    if (p->tok == GS_COLON) {
        while (p->tok == GS_COLON && ncolons < 2) {
            colons[ncolons] = p->pos;
            ncolons++;
            gs_p_next(p);
            if (p->tok != GS_COLON && p->tok != GS_RBRACK && p->tok != GS_EOF) index[ncolons] = gs_p_parse_rhs(p);
        }
    } else if (p->tok == GS_COMMA) {
        have_args = true;
        gs_p_push(p, index[0]);
        while (p->tok == GS_COMMA) {
            gs_p_next(p);
            if (p->tok != GS_RBRACK && p->tok != GS_EOF) gs_p_push(p, gs_p_parse_type(p));
        }
    }
    gs_nodes args;
    GS_TAKE(p, mark, args);
    p->expr_lev--;
    gs_pos rbrack = gs_p_expect(p, GS_RBRACK);

    if (ncolons > 0) {
        gs_slice_expr *e = GS_NEW(p, gs_slice_expr, GSK_SLICE_EXPR);
        if (ncolons == 2) {
            e->slice3 = true;
            if (!index[1]) {
                gs_p_error(p, colons[0], "middle index required in 3-index slice");
                index[1] = gs_p_bad_expr(p, colons[0] + 1, colons[1]);
            }
            if (!index[2]) {
                gs_p_error(p, colons[1], "final index required in 3-index slice");
                index[2] = gs_p_bad_expr(p, colons[1] + 1, rbrack);
            }
        }
        e->x = x;
        e->lbrack = lbrack;
        e->low = index[0];
        e->high = index[1];
        e->max = index[2];
        e->rbrack = rbrack;
        return &FIN(e)->n;
    }
    if (!have_args) {
        gs_index_expr *e = GS_NEW(p, gs_index_expr, GSK_INDEX_EXPR);
        e->x = x;
        e->lbrack = lbrack;
        e->index = index[0];
        e->rbrack = rbrack;
        return &FIN(e)->n;
    }
    return gs_p_pack_index_expr(p, x, lbrack, args, rbrack);
}

static gs_node *gs_p_parse_call_or_conversion(gs_parser *p, gs_node *fun) {
    gs_call_expr *c = GS_NEW(p, gs_call_expr, GSK_CALL_EXPR);
    c->fun = fun;
    c->lparen = gs_p_expect(p, GS_LPAREN);
    p->expr_lev++;
    c->ellipsis = GS_NOPOS;
    size_t mark = gs_p_mark(p);
    while (p->tok != GS_RPAREN && p->tok != GS_EOF && !GS_POS_VALID(c->ellipsis)) {
        gs_p_push(p, gs_p_parse_rhs(p));
        if (p->tok == GS_ELLIPSIS) {
            c->ellipsis = p->pos;
            gs_p_next(p);
        }
        if (!gs_p_at_comma(p, "argument list", GS_RPAREN)) break;
        gs_p_next(p);
    }
    GS_TAKE(p, mark, c->args);
    p->expr_lev--;
    c->rparen = gs_p_expect_closing(p, GS_RPAREN, "argument list");
    return &FIN(c)->n;
}

static gs_node *gs_p_parse_literal_value(gs_parser *p, gs_node *typ);

static gs_node *gs_p_parse_value(gs_parser *p) {
    if (p->tok == GS_LBRACE) return gs_p_parse_literal_value(p, NULL);
    return gs_p_parse_expr(p);
}

static gs_node *gs_p_parse_element(gs_parser *p) {
    gs_node *x = gs_p_parse_value(p);
    if (p->tok == GS_COLON) {
        gs_key_value_expr *kv = GS_NEW(p, gs_key_value_expr, GSK_KEY_VALUE_EXPR);
        kv->key = x;
        kv->colon = p->pos;
        gs_p_next(p);
        kv->value = gs_p_parse_value(p);
        x = &FIN(kv)->n;
    }
    return x;
}

static gs_node *gs_p_parse_literal_value(gs_parser *p, gs_node *typ) {
    gs_p_inc_nest(p);
    gs_composite_lit *c = GS_NEW(p, gs_composite_lit, GSK_COMPOSITE_LIT);
    c->type = typ;
    c->lbrace = gs_p_expect(p, GS_LBRACE);
    p->expr_lev++;
    if (p->tok != GS_RBRACE) {
        size_t mark = gs_p_mark(p);
        while (p->tok != GS_RBRACE && p->tok != GS_EOF) {
            gs_p_push(p, gs_p_parse_element(p));
            if (!gs_p_at_comma(p, "composite literal", GS_RBRACE)) break;
            gs_p_next(p);
        }
        GS_TAKE(p, mark, c->elts);
    }
    p->expr_lev--;
    c->rbrace = gs_p_expect_closing(p, GS_RBRACE, "composite literal");
    gs_p_dec_nest(p);
    return &FIN(c)->n;
}

gs_node *gs_p_parse_primary_expr(gs_parser *p, gs_node *x) {
    if (!x) x = gs_p_parse_operand(p);
    int n;
    for (n = 1;; n++) {
        gs_p_inc_nest(p);
        switch (p->tok) {
        case GS_PERIOD:
            gs_p_next(p);
            if (p->tok == GS_IDENT) {
                gs_selector_expr *s = GS_NEW(p, gs_selector_expr, GSK_SELECTOR_EXPR);
                s->x = x;
                s->sel = gs_p_parse_ident(p);
                x = &FIN(s)->n;
            } else if (p->tok == GS_LPAREN) {
                x = gs_p_parse_type_assertion(p, x);
            } else {
                gs_pos pos = p->pos;
                gs_p_error_expected(p, pos, "selector or type assertion");
                if (p->tok != GS_RBRACE) gs_p_next(p);
                gs_selector_expr *s = GS_NEW(p, gs_selector_expr, GSK_SELECTOR_EXPR);
                s->x = x;
                s->sel = gs_p_new_ident(p, pos, "_", 1);
                x = &FIN(s)->n;
            }
            break;
        case GS_LBRACK:
            x = gs_p_parse_index_or_slice_or_instance(p, x);
            break;
        case GS_LPAREN:
            x = gs_p_parse_call_or_conversion(p, x);
            break;
        case GS_LBRACE: {
            gs_node *t = gs_p_unparen(x);
            switch (t->kind) {
            case GSK_BAD_EXPR: case GSK_IDENT: case GSK_SELECTOR_EXPR:
            case GSK_INDEX_EXPR: case GSK_INDEX_LIST_EXPR:
                if (p->expr_lev < 0) goto done;
                break;
            case GSK_ARRAY_TYPE: case GSK_STRUCT_TYPE: case GSK_MAP_TYPE:
                break;
            default:
                goto done;
            }
            if (t != x) gs_p_error(p, t->pos, "cannot parenthesize type in composite literal");
            x = gs_p_parse_literal_value(p, x);
            break;
        }
        default:
            goto done;
        }
    }
done:
    p->nest_lev -= n;
    return x;
}

static gs_node *gs_p_parse_unary_expr(gs_parser *p) {
    gs_p_inc_nest(p);
    gs_node *r;
    switch (p->tok) {
    case GS_ADD: case GS_SUB: case GS_NOT: case GS_XOR: case GS_AND: case GS_TILDE: {
        gs_unary_expr *u = GS_NEW(p, gs_unary_expr, GSK_UNARY_EXPR);
        u->op_pos = p->pos;
        u->op = p->tok;
        gs_p_next(p);
        u->x = gs_p_parse_unary_expr(p);
        r = &FIN(u)->n;
        break;
    }
    case GS_ARROW: {
        gs_pos arrow = p->pos;
        gs_p_next(p);
        gs_node *x = gs_p_parse_unary_expr(p);
        if (x->kind == GSK_CHAN_TYPE) {
            /* (<-type): re-associate the arrow with the channel type */
            gs_chan_type *typ = GS_AS(gs_chan_type, x);
            int dir = GS_CHAN_SEND;
            while (typ && dir == GS_CHAN_SEND) {
                if (typ->dir == GS_CHAN_RECV) gs_p_error_expected(p, typ->arrow, "'chan'");
                gs_pos a = typ->arrow;
                typ->begin = arrow;
                typ->arrow = arrow;
                typ->n.pos = arrow;
                arrow = a;
                dir = typ->dir;
                typ->dir = GS_CHAN_RECV;
                typ = typ->value && typ->value->kind == GSK_CHAN_TYPE ? GS_AS(gs_chan_type, typ->value) : NULL;
            }
            if (dir == GS_CHAN_SEND) gs_p_error_expected(p, arrow, "channel type");
            r = x;
        } else {
            gs_unary_expr *u = GS_NEW(p, gs_unary_expr, GSK_UNARY_EXPR);
            u->op_pos = arrow;
            u->op = GS_ARROW;
            u->x = x;
            r = &FIN(u)->n;
        }
        break;
    }
    case GS_MUL: {
        gs_star_expr *s = GS_NEW(p, gs_star_expr, GSK_STAR_EXPR);
        s->star = p->pos;
        gs_p_next(p);
        s->x = gs_p_parse_unary_expr(p);
        r = &FIN(s)->n;
        break;
    }
    default:
        r = gs_p_parse_primary_expr(p, NULL);
    }
    gs_p_dec_nest(p);
    return r;
}

gs_node *gs_p_parse_binary_expr(gs_parser *p, gs_node *x, int prec1) {
    if (!x) x = gs_p_parse_unary_expr(p);
    int n;
    for (n = 1;; n++) {
        gs_p_inc_nest(p);
        gs_tok op = p->tok;
        if (p->in_rhs && op == GS_ASSIGN) op = GS_EQL;
        int oprec = gs_prec(op);
        if (oprec < prec1) break;
        gs_binary_expr *b = GS_NEW(p, gs_binary_expr, GSK_BINARY_EXPR);
        b->x = x;
        b->op_pos = gs_p_expect(p, op);
        b->op = op;
        b->y = gs_p_parse_binary_expr(p, NULL, oprec + 1);
        x = &FIN(b)->n;
    }
    p->nest_lev -= n;
    return x;
}

gs_node *gs_p_parse_expr(gs_parser *p) { return gs_p_parse_binary_expr(p, NULL, 1); }

gs_node *gs_p_parse_rhs(gs_parser *p) {
    bool old = p->in_rhs;
    p->in_rhs = true;
    gs_node *x = gs_p_parse_expr(p);
    p->in_rhs = old;
    return x;
}

/* Statements (go/parser's "Blocks" and "Statements" sections). */
#include "gosyntax/parser_int.h"

enum { GS_MODE_BASIC, GS_MODE_LABEL_OK, GS_MODE_RANGE_OK };

gs_nodes gs_p_parse_stmt_list(gs_parser *p) {
    size_t mark = gs_p_mark(p);
    while (p->tok != GS_CASE && p->tok != GS_DEFAULT && p->tok != GS_RBRACE && p->tok != GS_EOF)
        gs_p_push(p, gs_p_parse_stmt(p));
    gs_nodes l;
    GS_TAKE(p, mark, l);
    return l;
}

gs_block_stmt *gs_p_parse_block_stmt(gs_parser *p) {
    gs_block_stmt *b = GS_NEW(p, gs_block_stmt, GSK_BLOCK_STMT);
    b->lbrace = gs_p_expect(p, GS_LBRACE);
    b->list = gs_p_parse_stmt_list(p);
    b->rbrace = gs_p_expect2(p, GS_RBRACE);
    return FIN(b);
}

gs_block_stmt *gs_p_parse_body(gs_parser *p) { return gs_p_parse_block_stmt(p); }

static gs_nodes gs_one(gs_parser *p, gs_node *x) {
    gs_nodes l;
    l.v = base_arena_alloc(p->a, sizeof(gs_node *));
    l.v[0] = x;
    l.n = 1;
    return l;
}

static bool gs_is_assign_tok(gs_tok t) {
    switch (t) {
    case GS_DEFINE: case GS_ASSIGN: case GS_ADD_ASSIGN: case GS_SUB_ASSIGN: case GS_MUL_ASSIGN:
    case GS_QUO_ASSIGN: case GS_REM_ASSIGN: case GS_AND_ASSIGN: case GS_OR_ASSIGN: case GS_XOR_ASSIGN:
    case GS_SHL_ASSIGN: case GS_SHR_ASSIGN: case GS_AND_NOT_ASSIGN:
        return true;
    default:
        return false;
    }
}

static gs_node *gs_p_parse_simple_stmt(gs_parser *p, int mode, bool *is_range) {
    if (is_range) *is_range = false;
    gs_nodes x = gs_p_parse_list(p, false);
    if (gs_is_assign_tok(p->tok)) {
        gs_assign_stmt *as = GS_NEW(p, gs_assign_stmt, GSK_ASSIGN_STMT);
        as->lhs = x;
        as->tok_pos = p->pos;
        as->tok = p->tok;
        gs_p_next(p);
        if (mode == GS_MODE_RANGE_OK && p->tok == GS_RANGE && (as->tok == GS_DEFINE || as->tok == GS_ASSIGN)) {
            gs_unary_expr *u = GS_NEW(p, gs_unary_expr, GSK_UNARY_EXPR);
            u->op_pos = p->pos;
            u->op = GS_RANGE;
            gs_p_next(p);
            u->x = gs_p_parse_rhs(p);
            as->rhs = gs_one(p, &FIN(u)->n);
            if (is_range) *is_range = true;
        } else {
            as->rhs = gs_p_parse_list(p, true);
        }
        return &FIN(as)->n;
    }
    if (x.n > 1) gs_p_error_expected(p, x.v[0]->pos, "1 expression");
    switch (p->tok) {
    case GS_COLON: {
        gs_pos colon = p->pos;
        gs_p_next(p);
        if (mode == GS_MODE_LABEL_OK && x.v[0]->kind == GSK_IDENT) {
            gs_labeled_stmt *l = GS_NEW(p, gs_labeled_stmt, GSK_LABELED_STMT);
            l->label = GS_AS(gs_ident, x.v[0]);
            l->colon = colon;
            l->stmt = gs_p_parse_stmt(p);
            return &FIN(l)->n;
        }
        gs_p_error(p, colon, "illegal label declaration");
        return gs_p_bad_stmt(p, x.v[0]->pos, colon + 1);
    }
    case GS_ARROW: {
        gs_send_stmt *s = GS_NEW(p, gs_send_stmt, GSK_SEND_STMT);
        s->chan = x.v[0];
        s->arrow = p->pos;
        gs_p_next(p);
        s->value = gs_p_parse_rhs(p);
        return &FIN(s)->n;
    }
    case GS_INC:
    case GS_DEC: {
        gs_inc_dec_stmt *s = GS_NEW(p, gs_inc_dec_stmt, GSK_INC_DEC_STMT);
        s->x = x.v[0];
        s->tok_pos = p->pos;
        s->tok = p->tok;
        gs_p_next(p);
        return &FIN(s)->n;
    }
    default:
        break;
    }
    gs_expr_stmt *e = GS_NEW(p, gs_expr_stmt, GSK_EXPR_STMT);
    e->x = x.v[0];
    return &FIN(e)->n;
}

static gs_node *gs_p_parse_call_expr(gs_parser *p, const char *call_type) {
    gs_node *x = gs_p_parse_rhs(p);
    gs_node *t = gs_p_unparen(x);
    if (t != x) {
        gs_p_errorf(p, x->pos, "expression in %s must not be parenthesized", call_type);
        x = t;
    }
    if (x->kind == GSK_CALL_EXPR) return x;
    if (x->kind != GSK_BAD_EXPR) gs_p_errorf(p, x->end, "expression in %s must be function call", call_type);
    return NULL;
}

static gs_node *gs_p_parse_go_or_defer(gs_parser *p, gs_tok kw) {
    const char *name = kw == GS_GO ? "go" : "defer";
    gs_pos pos = gs_p_expect(p, kw);
    gs_node *call = gs_p_parse_call_expr(p, name);
    gs_p_expect_semi(p);
    if (!call) return gs_p_bad_stmt(p, pos, pos + (kw == GS_GO ? 2 : 5));
    if (kw == GS_GO) {
        gs_go_stmt *s = GS_NEW(p, gs_go_stmt, GSK_GO_STMT);
        s->go = pos;
        s->call = call;
        return &FIN(s)->n;
    }
    gs_defer_stmt *s = GS_NEW(p, gs_defer_stmt, GSK_DEFER_STMT);
    s->defer = pos;
    s->call = call;
    return &FIN(s)->n;
}

static gs_node *gs_p_parse_return_stmt(gs_parser *p) {
    gs_return_stmt *r = GS_NEW(p, gs_return_stmt, GSK_RETURN_STMT);
    r->return_pos = p->pos;
    gs_p_expect(p, GS_RETURN);
    if (p->tok != GS_SEMICOLON && p->tok != GS_RBRACE) r->results = gs_p_parse_list(p, true);
    gs_p_expect_semi(p);
    return &FIN(r)->n;
}

static gs_node *gs_p_parse_branch_stmt(gs_parser *p, gs_tok tok) {
    gs_branch_stmt *b = GS_NEW(p, gs_branch_stmt, GSK_BRANCH_STMT);
    b->tok_pos = gs_p_expect(p, tok);
    b->tok = tok;
    if (tok == GS_GOTO || ((tok == GS_CONTINUE || tok == GS_BREAK) && p->tok == GS_IDENT))
        b->label = gs_p_parse_ident(p);
    gs_p_expect_semi(p);
    return &FIN(b)->n;
}

static gs_node *gs_p_make_expr(gs_parser *p, gs_node *s, const char *want) {
    if (!s) return NULL;
    if (s->kind == GSK_EXPR_STMT) return GS_AS(gs_expr_stmt, s)->x;
    const char *found = s->kind == GSK_ASSIGN_STMT ? "assignment" : "simple statement";
    gs_p_errorf(p, s->pos, "expected %s, found %s (missing parentheses around composite literal?)", want, found);
    return gs_p_bad_expr(p, s->pos, s->end);
}

static void gs_p_parse_if_header(gs_parser *p, gs_node **init, gs_node **cond) {
    *init = NULL;
    *cond = NULL;
    if (p->tok == GS_LBRACE) {
        gs_p_error(p, p->pos, "missing condition in if statement");
        *cond = gs_p_bad_expr(p, p->pos, p->pos);
        return;
    }
    int prev_lev = p->expr_lev;
    p->expr_lev = -1;
    if (p->tok != GS_SEMICOLON) {
        if (p->tok == GS_VAR) {
            gs_p_next(p);
            gs_p_error(p, p->pos, "var declaration not allowed in if initializer");
        }
        *init = gs_p_parse_simple_stmt(p, GS_MODE_BASIC, NULL);
    }
    gs_node *cond_stmt = NULL;
    gs_pos semi_pos = GS_NOPOS;
    bool semi_newline = false;
    if (p->tok != GS_LBRACE) {
        if (p->tok == GS_SEMICOLON) {
            semi_pos = p->pos;
            semi_newline = gs_p_lit_is_newline(p);
            gs_p_next(p);
        } else {
            gs_p_expect(p, GS_SEMICOLON);
        }
        if (p->tok != GS_LBRACE) cond_stmt = gs_p_parse_simple_stmt(p, GS_MODE_BASIC, NULL);
    } else {
        cond_stmt = *init;
        *init = NULL;
    }
    if (cond_stmt) {
        *cond = gs_p_make_expr(p, cond_stmt, "boolean expression");
    } else if (GS_POS_VALID(semi_pos)) {
        if (semi_newline) gs_p_error(p, semi_pos, "unexpected newline, expecting { after if clause");
        else gs_p_error(p, semi_pos, "missing condition in if statement");
    }
    if (!*cond) *cond = gs_p_bad_expr(p, p->pos, p->pos);
    p->expr_lev = prev_lev;
}

static gs_node *gs_p_parse_if_stmt(gs_parser *p) {
    gs_p_inc_nest(p);
    gs_if_stmt *s = GS_NEW(p, gs_if_stmt, GSK_IF_STMT);
    s->if_pos = gs_p_expect(p, GS_IF);
    gs_p_parse_if_header(p, &s->init, &s->cond);
    s->body = gs_p_parse_block_stmt(p);
    if (p->tok == GS_ELSE) {
        gs_p_next(p);
        if (p->tok == GS_IF) {
            s->else_ = gs_p_parse_if_stmt(p);
        } else if (p->tok == GS_LBRACE) {
            s->else_ = &gs_p_parse_block_stmt(p)->n;
            gs_p_expect_semi(p);
        } else {
            gs_p_error_expected(p, p->pos, "if statement or block");
            s->else_ = gs_p_bad_stmt(p, p->pos, p->pos);
        }
    } else {
        gs_p_expect_semi(p);
    }
    gs_p_dec_nest(p);
    return &FIN(s)->n;
}

static gs_node *gs_p_parse_case_clause(gs_parser *p) {
    gs_case_clause *c = GS_NEW(p, gs_case_clause, GSK_CASE_CLAUSE);
    c->case_pos = p->pos;
    if (p->tok == GS_CASE) {
        gs_p_next(p);
        c->list = gs_p_parse_list(p, true);
    } else {
        gs_p_expect(p, GS_DEFAULT);
    }
    c->colon = gs_p_expect(p, GS_COLON);
    c->body = gs_p_parse_stmt_list(p);
    return &FIN(c)->n;
}

static bool gs_is_type_switch_assert(gs_node *x) {
    return x->kind == GSK_TYPE_ASSERT_EXPR && GS_AS(gs_type_assert_expr, x)->type == NULL;
}

static bool gs_p_is_type_switch_guard(gs_parser *p, gs_node *s) {
    if (!s) return false;
    if (s->kind == GSK_EXPR_STMT) return gs_is_type_switch_assert(GS_AS(gs_expr_stmt, s)->x);
    if (s->kind == GSK_ASSIGN_STMT) {
        gs_assign_stmt *a = GS_AS(gs_assign_stmt, s);
        if (a->lhs.n == 1 && a->rhs.n == 1 && gs_is_type_switch_assert(a->rhs.v[0])) {
            if (a->tok == GS_ASSIGN) {
                gs_p_error(p, a->tok_pos, "expected ':=', found '='");
                return true;
            }
            if (a->tok == GS_DEFINE) return true;
        }
    }
    return false;
}

static gs_block_stmt *gs_p_parse_clause_block(gs_parser *p, gs_node *(*clause)(gs_parser *)) {
    gs_block_stmt *body = GS_NEW(p, gs_block_stmt, GSK_BLOCK_STMT);
    body->lbrace = gs_p_expect(p, GS_LBRACE);
    size_t mark = gs_p_mark(p);
    while (p->tok == GS_CASE || p->tok == GS_DEFAULT) gs_p_push(p, clause(p));
    GS_TAKE(p, mark, body->list);
    body->rbrace = gs_p_expect(p, GS_RBRACE);
    gs_p_expect_semi(p);
    return FIN(body);
}

static gs_node *gs_p_parse_switch_stmt(gs_parser *p) {
    gs_pos pos = gs_p_expect(p, GS_SWITCH);
    gs_node *s1 = NULL, *s2 = NULL;
    if (p->tok != GS_LBRACE) {
        int prev_lev = p->expr_lev;
        p->expr_lev = -1;
        if (p->tok != GS_SEMICOLON) s2 = gs_p_parse_simple_stmt(p, GS_MODE_BASIC, NULL);
        if (p->tok == GS_SEMICOLON) {
            gs_p_next(p);
            s1 = s2;
            s2 = NULL;
            if (p->tok != GS_LBRACE) s2 = gs_p_parse_simple_stmt(p, GS_MODE_BASIC, NULL);
        }
        p->expr_lev = prev_lev;
    }
    bool type_switch = gs_p_is_type_switch_guard(p, s2);
    gs_block_stmt *body = gs_p_parse_clause_block(p, gs_p_parse_case_clause);
    if (type_switch) {
        gs_type_switch_stmt *t = GS_NEW(p, gs_type_switch_stmt, GSK_TYPE_SWITCH_STMT);
        t->switch_pos = pos;
        t->init = s1;
        t->assign = s2;
        t->body = body;
        return &FIN(t)->n;
    }
    gs_switch_stmt *t = GS_NEW(p, gs_switch_stmt, GSK_SWITCH_STMT);
    t->switch_pos = pos;
    t->init = s1;
    t->tag = gs_p_make_expr(p, s2, "switch expression");
    t->body = body;
    return &FIN(t)->n;
}

static gs_node *gs_p_parse_comm_clause(gs_parser *p) {
    gs_comm_clause *c = GS_NEW(p, gs_comm_clause, GSK_COMM_CLAUSE);
    c->case_pos = p->pos;
    if (p->tok == GS_CASE) {
        gs_p_next(p);
        gs_nodes lhs = gs_p_parse_list(p, false);
        if (p->tok == GS_ARROW) {
            if (lhs.n > 1) gs_p_error_expected(p, lhs.v[0]->pos, "1 expression");
            gs_send_stmt *s = GS_NEW(p, gs_send_stmt, GSK_SEND_STMT);
            s->chan = lhs.v[0];
            s->arrow = p->pos;
            gs_p_next(p);
            s->value = gs_p_parse_rhs(p);
            c->comm = &FIN(s)->n;
        } else if (p->tok == GS_ASSIGN || p->tok == GS_DEFINE) {
            if (lhs.n > 2) {
                gs_p_error_expected(p, lhs.v[0]->pos, "1 or 2 expressions");
                lhs.n = 2;
            }
            gs_assign_stmt *as = GS_NEW(p, gs_assign_stmt, GSK_ASSIGN_STMT);
            as->lhs = lhs;
            as->tok = p->tok;
            as->tok_pos = p->pos;
            gs_p_next(p);
            as->rhs = gs_one(p, gs_p_parse_rhs(p));
            c->comm = &FIN(as)->n;
        } else {
            if (lhs.n > 1) gs_p_error_expected(p, lhs.v[0]->pos, "1 expression");
            gs_expr_stmt *e = GS_NEW(p, gs_expr_stmt, GSK_EXPR_STMT);
            e->x = lhs.v[0];
            c->comm = &FIN(e)->n;
        }
    } else {
        gs_p_expect(p, GS_DEFAULT);
    }
    c->colon = gs_p_expect(p, GS_COLON);
    c->body = gs_p_parse_stmt_list(p);
    return &FIN(c)->n;
}

static gs_node *gs_p_parse_select_stmt(gs_parser *p) {
    gs_select_stmt *s = GS_NEW(p, gs_select_stmt, GSK_SELECT_STMT);
    s->select_pos = gs_p_expect(p, GS_SELECT);
    s->body = gs_p_parse_clause_block(p, gs_p_parse_comm_clause);
    return &FIN(s)->n;
}

static gs_node *gs_p_parse_for_stmt(gs_parser *p) {
    gs_pos pos = gs_p_expect(p, GS_FOR);
    gs_node *s1 = NULL, *s2 = NULL, *s3 = NULL;
    bool is_range = false;
    if (p->tok != GS_LBRACE) {
        int prev_lev = p->expr_lev;
        p->expr_lev = -1;
        if (p->tok != GS_SEMICOLON) {
            if (p->tok == GS_RANGE) {
                gs_unary_expr *u = GS_NEW(p, gs_unary_expr, GSK_UNARY_EXPR);
                u->op_pos = p->pos;
                u->op = GS_RANGE;
                gs_p_next(p);
                u->x = gs_p_parse_rhs(p);
                gs_assign_stmt *as = GS_NEW(p, gs_assign_stmt, GSK_ASSIGN_STMT);
                as->rhs = gs_one(p, &FIN(u)->n);
                as->tok_pos = GS_NOPOS;
                as->tok = GS_ILLEGAL;
                gs_node_update_range(&as->n);
                s2 = &as->n;
                is_range = true;
            } else {
                s2 = gs_p_parse_simple_stmt(p, GS_MODE_RANGE_OK, &is_range);
            }
        }
        if (!is_range && p->tok == GS_SEMICOLON) {
            gs_p_next(p);
            s1 = s2;
            s2 = NULL;
            if (p->tok != GS_SEMICOLON) s2 = gs_p_parse_simple_stmt(p, GS_MODE_BASIC, NULL);
            gs_p_expect_semi(p);
            if (p->tok != GS_LBRACE) s3 = gs_p_parse_simple_stmt(p, GS_MODE_BASIC, NULL);
        }
        p->expr_lev = prev_lev;
    }
    gs_block_stmt *body = gs_p_parse_block_stmt(p);
    gs_p_expect_semi(p);

    if (is_range) {
        gs_assign_stmt *as = GS_AS(gs_assign_stmt, s2);
        gs_node *key = NULL, *value = NULL;
        switch (as->lhs.n) {
        case 0: break;
        case 1: key = as->lhs.v[0]; break;
        case 2: key = as->lhs.v[0]; value = as->lhs.v[1]; break;
        default:
            gs_p_error_expected(p, as->lhs.v[as->lhs.n - 1]->pos, "at most 2 expressions");
            return gs_p_bad_stmt(p, pos, body->n.end);
        }
        gs_range_stmt *r = GS_NEW(p, gs_range_stmt, GSK_RANGE_STMT);
        r->for_pos = pos;
        r->key = key;
        r->value = value;
        r->tok_pos = as->tok_pos;
        r->tok = as->tok;
        r->range_pos = as->rhs.v[0]->pos;
        r->x = GS_AS(gs_unary_expr, as->rhs.v[0])->x;
        r->body = body;
        return &FIN(r)->n;
    }
    gs_for_stmt *f = GS_NEW(p, gs_for_stmt, GSK_FOR_STMT);
    f->for_pos = pos;
    f->init = s1;
    f->cond = gs_p_make_expr(p, s2, "boolean or range expression");
    f->post = s3;
    f->body = body;
    return &FIN(f)->n;
}

gs_node *gs_p_parse_stmt(gs_parser *p) {
    gs_p_inc_nest(p);
    gs_node *s;
    switch (p->tok) {
    case GS_CONST: case GS_TYPE: case GS_VAR: {
        gs_decl_stmt *d = GS_NEW(p, gs_decl_stmt, GSK_DECL_STMT);
        d->decl = gs_p_parse_decl(p, GS_SYNC_STMT);
        s = &FIN(d)->n;
        break;
    }
    case GS_IDENT: case GS_INT: case GS_FLOAT: case GS_IMAG: case GS_CHAR: case GS_STRING: case GS_FUNC:
    case GS_LPAREN: case GS_LBRACK: case GS_STRUCT: case GS_MAP: case GS_CHAN: case GS_INTERFACE:
    case GS_ADD: case GS_SUB: case GS_MUL: case GS_AND: case GS_XOR: case GS_ARROW: case GS_NOT:
        s = gs_p_parse_simple_stmt(p, GS_MODE_LABEL_OK, NULL);
        if (s->kind != GSK_LABELED_STMT) gs_p_expect_semi(p);
        break;
    case GS_GO:
    case GS_DEFER:
        s = gs_p_parse_go_or_defer(p, p->tok);
        break;
    case GS_RETURN:
        s = gs_p_parse_return_stmt(p);
        break;
    case GS_BREAK: case GS_CONTINUE: case GS_GOTO: case GS_FALLTHROUGH:
        s = gs_p_parse_branch_stmt(p, p->tok);
        break;
    case GS_LBRACE:
        s = &gs_p_parse_block_stmt(p)->n;
        gs_p_expect_semi(p);
        break;
    case GS_IF:
        s = gs_p_parse_if_stmt(p);
        break;
    case GS_SWITCH:
        s = gs_p_parse_switch_stmt(p);
        break;
    case GS_SELECT:
        s = gs_p_parse_select_stmt(p);
        break;
    case GS_FOR:
        s = gs_p_parse_for_stmt(p);
        break;
    case GS_SEMICOLON: {
        gs_empty_stmt *e = GS_NEW(p, gs_empty_stmt, GSK_EMPTY_STMT);
        e->semicolon = p->pos;
        e->implicit = gs_p_lit_is_newline(p);
        s = &FIN(e)->n;
        gs_p_next(p);
        break;
    }
    case GS_RBRACE: {
        gs_empty_stmt *e = GS_NEW(p, gs_empty_stmt, GSK_EMPTY_STMT);
        e->semicolon = p->pos;
        e->implicit = true;
        s = &FIN(e)->n;
        break;
    }
    default: {
        gs_pos pos = p->pos;
        gs_p_error_expected(p, pos, "statement");
        gs_p_advance(p, GS_SYNC_STMT);
        s = gs_p_bad_stmt(p, pos, p->pos);
    }
    }
    gs_p_dec_nest(p);
    return s;
}

/* Parser unit tests: the ambiguous spots of the grammar, the ranges the
 * weaver relies on, and error messages/positions (checked against gofmt -e
 * when written). The full comparison with go/parser is the oracle test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"
#include "gosyntax/ast.h"
#include "gosyntax/dump.h"
#include "gosyntax/parser.h"

typedef struct {
    base_arena *a;
    base_diags d;
    gs_file *f;
    const char *src;
    char *errs; /* all diagnostics, one per line */
    char *dump;
} parsed;

/* Parses src; the AST and diagnostics, without the dump. */
static parsed parse_only(const char *src) {
    parsed p;
    p.a = base_arena_new();
    p.src = src;
    base_diags_init(&p.d, p.a);
    p.f = gs_parse_file(p.a, "x.go", src, strlen(src), &p.d);
    base_buf b;
    base_buf_init(&b, p.a);
    for (const base_diag *e = p.d.head; e; e = e->next)
        base_buf_printf(&b, "%s:%d:%d: %s\n", e->file, e->line, e->col, e->msg);
    p.errs = base_arena_strdup(p.a, base_buf_cstr(&b));
    p.dump = NULL;
    return p;
}

static parsed parse(const char *src) {
    parsed p = parse_only(src);
    base_buf d;
    base_buf_init(&d, p.a);
    gs_dump_file(&d, p.f);
    p.dump = base_arena_strdup(p.a, base_buf_cstr(&d));
    return p;
}

static void done(parsed *p) { base_arena_free(p->a); }

static void ok(parsed *p) {
    if (p->d.count) fprintf(stderr, "unexpected errors:\n%s", p->errs);
    assert_int_equal(p->d.count, 0);
}

static gs_func_decl *func(parsed *p, int i) {
    assert_true(i < p->f->decls.n);
    assert_int_equal(p->f->decls.v[i]->kind, GSK_FUNC_DECL);
    return GS_AS(gs_func_decl, p->f->decls.v[i]);
}

static gs_type_spec *type_spec(parsed *p, int i) {
    assert_true(i < p->f->decls.n);
    gs_gen_decl *g = GS_AS(gs_gen_decl, p->f->decls.v[i]);
    assert_int_equal(g->n.kind, GSK_GEN_DECL);
    assert_int_equal(g->tok, GS_TYPE);
    return GS_AS(gs_type_spec, g->specs.v[0]);
}

static gs_node *stmt(gs_func_decl *f, int i) {
    assert_non_null(f->body);
    assert_true(i < f->body->list.n);
    return f->body->list.v[i];
}

static const char *text(parsed *p, const gs_node *n) {
    return base_arena_strndup(p->a, p->src + n->pos, (size_t)(n->end - n->pos));
}

/* ---- composite literal versus block ---- */

static void test_complit_in_control_clauses(void **state) {
    (void)state;
    parsed p = parse("package p\nfunc f() {\n"
                     "\tif x == (T{}) {}\n"
                     "\tfor _, v := range []T{{1}} {}\n"
                     "\tswitch s := (S{a: 1}); s.a {}\n"
                     "\tif v {}\n"
                     "}\n");
    ok(&p);
    gs_func_decl *f = func(&p, 0);
    gs_if_stmt *s0 = GS_AS(gs_if_stmt, stmt(f, 0));
    assert_int_equal(s0->n.kind, GSK_IF_STMT);
    gs_binary_expr *cond = GS_AS(gs_binary_expr, s0->cond);
    assert_int_equal(cond->n.kind, GSK_BINARY_EXPR);
    assert_int_equal(cond->y->kind, GSK_PAREN_EXPR);
    assert_int_equal(GS_AS(gs_paren_expr, cond->y)->x->kind, GSK_COMPOSITE_LIT);
    gs_range_stmt *r = GS_AS(gs_range_stmt, stmt(f, 1));
    assert_int_equal(r->n.kind, GSK_RANGE_STMT);
    assert_int_equal(r->x->kind, GSK_COMPOSITE_LIT);
    assert_int_equal(r->tok, GS_DEFINE);
    assert_string_equal(text(&p, r->x), "[]T{{1}}");
    gs_switch_stmt *sw = GS_AS(gs_switch_stmt, stmt(f, 2));
    assert_int_equal(sw->n.kind, GSK_SWITCH_STMT);
    assert_int_equal(sw->init->kind, GSK_ASSIGN_STMT);
    assert_int_equal(sw->tag->kind, GSK_SELECTOR_EXPR);
    /* `if v {}`: the { starts the body, not a literal */
    gs_if_stmt *s3 = GS_AS(gs_if_stmt, stmt(f, 3));
    assert_int_equal(s3->cond->kind, GSK_IDENT);
    done(&p);
}

static void test_complit_unparenthesized_in_if_is_error(void **state) {
    (void)state;
    parsed p = parse("package p\nfunc f() {\n\tif x == T{} {\n\t}\n}\n");
    assert_string_equal(p.errs, "x.go:3:14: expected ';', found '{'\n"
                                "x.go:5:3: expected ';', found 'EOF'\n"
                                "x.go:5:3: expected '}', found 'EOF'\n");
    done(&p);
}

/* ---- generics ---- */

static void test_instantiation_versus_index(void **state) {
    (void)state;
    parsed p = parse("package p\nvar a = f[int](1)\nvar b = m[k]\nvar c = g[int, string]\n");
    ok(&p);
    gs_value_spec *a = GS_AS(gs_value_spec, GS_AS(gs_gen_decl, p.f->decls.v[0])->specs.v[0]);
    gs_call_expr *call = GS_AS(gs_call_expr, a->values.v[0]);
    assert_int_equal(call->n.kind, GSK_CALL_EXPR);
    assert_int_equal(call->fun->kind, GSK_INDEX_EXPR);
    gs_value_spec *b = GS_AS(gs_value_spec, GS_AS(gs_gen_decl, p.f->decls.v[1])->specs.v[0]);
    assert_int_equal(b->values.v[0]->kind, GSK_INDEX_EXPR);
    gs_value_spec *c = GS_AS(gs_value_spec, GS_AS(gs_gen_decl, p.f->decls.v[2])->specs.v[0]);
    gs_index_list_expr *il = GS_AS(gs_index_list_expr, c->values.v[0]);
    assert_int_equal(il->n.kind, GSK_INDEX_LIST_EXPR);
    assert_int_equal(il->indices.n, 2);
    done(&p);
}

static void test_array_length_versus_type_params(void **state) {
    (void)state;
    parsed p = parse("package p\n"
                     "type A [N]int\n"
                     "type B [N * 2]int\n"
                     "type C[P *Q,] int\n"
                     "type D[P any, Q ~int | ~string] struct{}\n"
                     "type E[P *[]int] int\n"
                     "type F [P * Q]int\n");
    ok(&p);
    gs_type_spec *a = type_spec(&p, 0);
    assert_null(a->type_params);
    assert_int_equal(a->type->kind, GSK_ARRAY_TYPE);
    assert_int_equal(GS_AS(gs_array_type, a->type)->len->kind, GSK_IDENT);
    gs_type_spec *b = type_spec(&p, 1);
    assert_null(b->type_params);
    assert_int_equal(GS_AS(gs_array_type, b->type)->len->kind, GSK_BINARY_EXPR);
    gs_type_spec *c = type_spec(&p, 2);
    assert_non_null(c->type_params);
    assert_int_equal(c->type_params->list.v[0]->type->kind, GSK_STAR_EXPR);
    gs_type_spec *d = type_spec(&p, 3);
    assert_int_equal(d->type_params->list.n, 2);
    assert_int_equal(d->type_params->list.v[1]->type->kind, GSK_BINARY_EXPR);
    gs_type_spec *e = type_spec(&p, 4);
    assert_non_null(e->type_params);
    gs_type_spec *f = type_spec(&p, 5);
    assert_null(f->type_params);
    assert_int_equal(f->type->kind, GSK_ARRAY_TYPE);
    done(&p);
}

static void test_generic_alias(void **state) {
    (void)state;
    parsed p = parse("package p\ntype A[T any] = []T\ntype B = map[string]int\n");
    ok(&p);
    gs_type_spec *a = type_spec(&p, 0);
    assert_non_null(a->type_params);
    assert_true(GS_POS_VALID(a->assign));
    assert_int_equal(p.src[a->assign], '=');
    gs_type_spec *b = type_spec(&p, 1);
    assert_null(b->type_params);
    assert_true(GS_POS_VALID(b->assign));
    done(&p);
}

static void test_method_type_params_rejected(void **state) {
    (void)state;
    parsed p = parse("package p\nfunc (r R) m[T any]() {}\n");
    assert_string_equal(p.errs, "x.go:2:13: method must have no type parameters\n");
    parsed q = parse("package p\ntype I interface{ m[T any]() }\n");
    assert_string_equal(q.errs, "x.go:2:20: interface method must have no type parameters\n");
    done(&p);
    done(&q);
}

/* ---- statements ---- */

static void test_type_switch(void **state) {
    (void)state;
    parsed p = parse("package p\nfunc f() {\n\tswitch y := x.(type) {\n\tcase int, string:\n\tdefault:\n\t}\n"
                     "\tswitch x.(type) {}\n}\n");
    ok(&p);
    gs_type_switch_stmt *t = GS_AS(gs_type_switch_stmt, stmt(func(&p, 0), 0));
    assert_int_equal(t->n.kind, GSK_TYPE_SWITCH_STMT);
    gs_assign_stmt *as = GS_AS(gs_assign_stmt, t->assign);
    assert_int_equal(as->tok, GS_DEFINE);
    gs_type_assert_expr *ta = GS_AS(gs_type_assert_expr, as->rhs.v[0]);
    assert_int_equal(ta->n.kind, GSK_TYPE_ASSERT_EXPR);
    assert_null(ta->type);
    assert_int_equal(t->body->list.n, 2);
    assert_int_equal(GS_AS(gs_case_clause, t->body->list.v[0])->list.n, 2);
    assert_int_equal(GS_AS(gs_case_clause, t->body->list.v[1])->list.n, 0);
    gs_type_switch_stmt *t2 = GS_AS(gs_type_switch_stmt, stmt(func(&p, 0), 1));
    assert_int_equal(t2->n.kind, GSK_TYPE_SWITCH_STMT);
    assert_int_equal(t2->assign->kind, GSK_EXPR_STMT);
    done(&p);
}

static void test_labels_and_branches(void **state) {
    (void)state;
    parsed p = parse("package p\nfunc f() {\nL:\n\tfor {\n\t\tbreak L\n\t}\n\tgoto L\n}\n");
    ok(&p);
    gs_labeled_stmt *l = GS_AS(gs_labeled_stmt, stmt(func(&p, 0), 0));
    assert_int_equal(l->n.kind, GSK_LABELED_STMT);
    assert_string_equal(text(&p, &l->label->n), "L");
    assert_int_equal(l->stmt->kind, GSK_FOR_STMT);
    gs_branch_stmt *g = GS_AS(gs_branch_stmt, stmt(func(&p, 0), 1));
    assert_int_equal(g->tok, GS_GOTO);
    assert_string_equal(text(&p, &g->n), "goto L");
    done(&p);
}

static void test_range_forms(void **state) {
    (void)state;
    parsed p = parse("package p\nfunc f() {\n\tfor range ch {}\n\tfor k = range m {}\n\tfor i := range 10 {}\n}\n");
    ok(&p);
    gs_range_stmt *r0 = GS_AS(gs_range_stmt, stmt(func(&p, 0), 0));
    assert_null(r0->key);
    assert_int_equal(r0->tok, GS_ILLEGAL);
    assert_int_equal(r0->tok_pos, GS_NOPOS);
    gs_range_stmt *r1 = GS_AS(gs_range_stmt, stmt(func(&p, 0), 1));
    assert_int_equal(r1->tok, GS_ASSIGN);
    done(&p);
}

/* ---- what the weaver needs ---- */

static void test_weaver_ranges(void **state) {
    (void)state;
    const char *src = "// Package doc.\npackage web\n\nimport (\n\tstdhttp \"net/http\"\n\t\"context\"\n)\n\n"
                      "func (s *Server) Handle(ctx context.Context, w stdhttp.ResponseWriter, r *stdhttp.Request) "
                      "(n int, err error) {\n\treturn 0, nil\n}\n\nfunc G[T any, U comparable](x T) U { var u U; return u }\n";
    parsed p = parse(src);
    ok(&p);
    assert_string_equal(text(&p, &p.f->name->n), "web");
    assert_int_equal(p.f->imports.n, 2);
    assert_string_equal(text(&p, &p.f->imports.v[0]->name->n), "stdhttp");
    assert_string_equal(text(&p, &p.f->imports.v[0]->path->n), "\"net/http\"");
    assert_null(p.f->imports.v[1]->name);
    assert_non_null(p.f->doc);

    gs_func_decl *h = func(&p, 1);
    assert_string_equal(text(&p, &h->name->n), "Handle");
    assert_non_null(h->recv);
    assert_string_equal(text(&p, h->recv->list.v[0]->type), "*Server");
    assert_int_equal(h->type->params->list.n, 3);
    gs_field *w = h->type->params->list.v[1];
    assert_string_equal(text(&p, &w->names.v[0]->n), "w");
    assert_string_equal(text(&p, w->type), "stdhttp.ResponseWriter");
    assert_int_equal(h->type->results->list.n, 2);
    assert_int_equal(p.src[h->body->lbrace], '{');
    assert_int_equal(p.src[h->body->rbrace], '}');
    assert_int_equal(p.src[h->type->func_pos], 'f');
    assert_int_equal(h->n.pos, h->type->func_pos);

    gs_func_decl *g = func(&p, 2);
    assert_non_null(g->type->type_params);
    assert_int_equal(g->type->type_params->list.n, 2);
    assert_string_equal(text(&p, g->type->type_params->list.v[1]->type), "comparable");
    assert_string_equal(text(&p, &g->type->results->n), "U");
    done(&p);
}

static void test_comments_are_collected(void **state) {
    (void)state;
    parsed p = parse("package p // line\n\n// doc\nfunc f() {} /* c */\n");
    ok(&p);
    assert_int_equal(p.f->comments.n, 3);
    assert_string_equal(text(&p, &p.f->comments.v[0]->n), "// line");
    gs_func_decl *f = func(&p, 0);
    assert_non_null(f->doc);
    assert_string_equal(text(&p, &f->doc->n), "// doc");
    done(&p);
}

/* ---- errors ---- */

static void test_error_messages(void **state) {
    (void)state;
    static const struct {
        const char *src, *errs;
    } cases[] = {
        {"", "x.go:1:1: expected 'package', found 'EOF'\n"},
        {"package p\nfunc f(a ...int, b int) {}\n", "x.go:2:10: can only use ... with final parameter\n"},
        {"package p\nvar _ = f(a,\n\tb\n)\n", "x.go:3:3: missing ',' before newline in argument list\n"},
        {"package p\nfunc f() { go (g()) }\n", "x.go:2:15: expression in go must not be parenthesized\n"},
        {"package p\nfunc f() { defer x }\n", "x.go:2:19: expression in defer must be function call\n"},
        {"package p\nvar x = a[1:2:]\n", "x.go:2:14: final index required in 3-index slice\n"},
        {"package p\nfunc f()\n{\n}\n", "x.go:3:1: unexpected semicolon or newline before {\n"},
        {"package p\nvar x int\nimport \"fmt\"\n", "x.go:3:1: imports must appear before other declarations\n"},
        {"package p\nfunc f[]() {}\n", "x.go:2:8: empty type parameter list\n"},
        /* positions follow //line directives, as go/token reports them */
        {"package p\n//line foo.go:10:5\nvar x = )\n", "foo.go:10:13: expected operand, found ')'\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed p = parse(cases[i].src);
        /* the empty file also gets follow-on errors; check the first lines */
        if (strncmp(p.errs, cases[i].errs, strlen(cases[i].errs)) != 0 &&
            strstr(p.errs, cases[i].errs) == NULL) {
            fprintf(stderr, "case %zu: got\n%s", i, p.errs);
            fail();
        }
        done(&p);
    }
}

static void test_errors_sorted_by_position(void **state) {
    (void)state;
    parsed p = parse("package p\nfunc f() {\n\tx := \n}\nfunc g( {}\n");
    assert_true(p.d.count >= 2);
    int line = 0, col = 0;
    for (const base_diag *e = p.d.head; e; e = e->next) {
        assert_true(e->line > line || (e->line == line && e->col >= col));
        line = e->line;
        col = e->col;
    }
    done(&p);
}

static void test_deep_nesting_is_bounded(void **state) {
    (void)state;
    /* 100000 nested slice types exceed go/parser's nesting limit; the
     * parser must report it, not overflow the C stack */
    size_t n = 100000;
    char *src = malloc(32 + 2 * n + 8);
    assert_non_null(src);
    size_t k = (size_t)sprintf(src, "package p\nvar x ");
    for (size_t i = 0; i < n; i++) {
        src[k++] = '[';
        src[k++] = ']';
    }
    strcpy(src + k, "int\n");
    /* Not dumped: the dump indents each level, quadratic in the depth. */
    parsed p = parse_only(src);
    assert_non_null(strstr(p.errs, "exceeded max nesting depth"));
    done(&p);

    /* 20000 nested parentheses are fine (below the limit) and parse */
    n = 20000;
    src = realloc(src, 32 + 2 * n + 8);
    assert_non_null(src);
    k = (size_t)sprintf(src, "package p\nvar x = ");
    for (size_t i = 0; i < n; i++) src[k++] = '(';
    src[k++] = '1';
    for (size_t i = 0; i < n; i++) src[k++] = ')';
    strcpy(src + k, "\n");
    parsed q = parse_only(src);
    ok(&q);
    done(&q);

    /* The dump recurses as deep: 2000 levels, some 4 MB of it. */
    k = (size_t)sprintf(src, "package p\nvar x = ");
    for (size_t i = 0; i < 2000; i++) src[k++] = '(';
    src[k++] = '1';
    for (size_t i = 0; i < 2000; i++) src[k++] = ')';
    strcpy(src + k, "\n");
    parsed r = parse(src);
    ok(&r);
    assert_non_null(strstr(r.dump, "BasicLit"));
    done(&r);
    free(src);
}

static void test_garbage_does_not_crash(void **state) {
    (void)state;
    static const char *inputs[] = {
        "package", "package p\nfunc", "package p\nfunc (", "package p\ntype T[", "package p\nvar x = [...",
        "package p\nfunc f() { for ; ; ", "package p\nfunc f() { switch { case", "package p\n}}}}}{{{{",
        "package p\nfunc f() { x.(type) }", "package p\nimport 42", "package p\ntype I interface { ~",
        "package p\nvar _ = <-chan<-chan", "\xff\xfe", "package p\x01",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        /* x.(type) outside a switch is go/parser-legal (the type checker
         * rejects it); everything else here has syntax errors */
        parsed p = parse(inputs[i]);
        assert_true(p.d.count > 0 || strstr(inputs[i], "(type)"));
        assert_non_null(p.f);
        assert_non_null(p.f->name);
        done(&p);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complit_in_control_clauses),
        cmocka_unit_test(test_complit_unparenthesized_in_if_is_error),
        cmocka_unit_test(test_instantiation_versus_index),
        cmocka_unit_test(test_array_length_versus_type_params),
        cmocka_unit_test(test_generic_alias),
        cmocka_unit_test(test_method_type_params_rejected),
        cmocka_unit_test(test_type_switch),
        cmocka_unit_test(test_labels_and_branches),
        cmocka_unit_test(test_range_forms),
        cmocka_unit_test(test_weaver_ranges),
        cmocka_unit_test(test_comments_are_collected),
        cmocka_unit_test(test_error_messages),
        cmocka_unit_test(test_errors_sorted_by_position),
        cmocka_unit_test(test_deep_nesting_is_bounded),
        cmocka_unit_test(test_garbage_does_not_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

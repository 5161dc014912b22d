/* Parser internals shared by parser*.c. One function per production, as in
 * go/parser; behaviour and error messages follow go/parser. */
#ifndef GS_PARSER_INT_H
#define GS_PARSER_INT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/vec.h"
#include "gosyntax/ast.h"
#include "gosyntax/scanner.h"

typedef struct {
    gs_pos off;
    const char *msg;
} gs_perr;

/* A //line directive: from offset off on, positions are reported as
 * file:line:col (col 0: unknown), like go/token's AddLineColumnInfo. */
typedef struct {
    gs_pos off;
    const char *file;
    int line, col;
} gs_line_info;

typedef struct gs_parser {
    base_arena *a;
    const char *filename;
    BASE_VEC(gs_line_info) line_infos;
    gs_scanner sc;
    const char *src;
    size_t len;

    /* current token */
    gs_tok tok;
    gs_pos pos;
    const char *lit;
    size_t lit_len;
    gs_pos tok_end; /* offset just after the token (go/parser's stringEnd) */
    size_t line_hint; /* index into sc.lines of the last line lookup */

    /* comments */
    BASE_VEC(gs_comment_group *) comments;
    gs_comment_group *lead_comment, *line_comment;

    /* errors, converted to line:col at the end */
    BASE_VEC(gs_perr) errs;

    /* error recovery */
    gs_pos sync_pos;
    int sync_cnt;

    int expr_lev; /* < 0: in control clause, >= 0: in expression */
    bool in_rhs;
    BASE_VEC(gs_import_spec *) imports;

    /* nesting limit and stack guard; bail out with longjmp */
    int nest_lev;
    jmp_buf bail;
    const char *stack_base;
    size_t stack_budget; /* 0: unlimited */
    bool stack_exhausted;

    /* node memory: zeroed blocks from the arena, bump-allocated inline */
    char *blk;
    size_t blk_left;

    /* scratch stack for building lists (pushed, then taken into an exact
     * arena array); malloc'd, freed by gs_parse_file */
    void **scratch;
    size_t nscratch, scratch_cap;
} gs_parser;

/* parser.c: token handling, errors */
void gs_p_next(gs_parser *p);
void gs_p_error(gs_parser *p, gs_pos pos, const char *msg);
void gs_p_errorf(gs_parser *p, gs_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void gs_p_error_expected(gs_parser *p, gs_pos pos, const char *what);
gs_pos gs_p_expect(gs_parser *p, gs_tok tok);
gs_pos gs_p_expect2(gs_parser *p, gs_tok tok);
gs_pos gs_p_expect_closing(gs_parser *p, gs_tok tok, const char *context);
gs_comment_group *gs_p_expect_semi(gs_parser *p);
bool gs_p_at_comma(gs_parser *p, const char *context, gs_tok follow);
enum { GS_SYNC_STMT, GS_SYNC_DECL, GS_SYNC_EXPR };
void gs_p_advance(gs_parser *p, int to);
enum { GS_MAX_NEST = 100000 }; /* go/parser's maxNestLev */
_Noreturn void gs_p_stack_exhausted(gs_parser *p);
_Noreturn void gs_p_nest_exceeded(gs_parser *p);
/* Bails out (to retry on a big stack) when the stack budget is used up;
 * for recursive helpers outside the nesting counter. */
static inline void gs_p_check_stack(gs_parser *p) {
    char here;
    if (p->stack_budget && (uintptr_t)p->stack_base - (uintptr_t)&here > (uintptr_t)p->stack_budget)
        gs_p_stack_exhausted(p);
}
/* go/parser's incNestLev: limits recursion depth. */
static inline void gs_p_inc_nest(gs_parser *p) {
    gs_p_check_stack(p);
    if (++p->nest_lev > GS_MAX_NEST) gs_p_nest_exceeded(p);
}
static inline void gs_p_dec_nest(gs_parser *p) { p->nest_lev--; }
bool gs_p_lit_is_newline(const gs_parser *p);

/* scratch lists */
void gs_p_grow_scratch(gs_parser *p);
static inline void gs_p_push(gs_parser *p, void *x) {
    if (p->nscratch == p->scratch_cap) gs_p_grow_scratch(p);
    p->scratch[p->nscratch++] = x;
}
size_t gs_p_mark(const gs_parser *p);
/* Copies scratch[mark..] into an arena array, pops them; returns count. */
void **gs_p_take(gs_parser *p, size_t mark, int *n);
#define GS_TAKE(p, mark, list) ((list).v = (void *)gs_p_take((p), (mark), &(list).n))

/* node allocation */
void *gs_p_refill(gs_parser *p, size_t size);
/* Zeroed, 8-byte aligned memory for a node or list. */
static inline void *gs_p_alloc(gs_parser *p, size_t size) {
    size = (size + 7) & ~(size_t)7;
    if (size > p->blk_left) return gs_p_refill(p, size);
    void *r = p->blk;
    p->blk += size;
    p->blk_left -= size;
    return r;
}
static inline void *gs_p_new(gs_parser *p, size_t size, gs_kind k) {
    gs_node *n = gs_p_alloc(p, size);
    n->kind = k;
    n->pos = n->end = GS_NOPOS;
    return n;
}
#define GS_NEW(p, T, k) ((T *)gs_p_new((p), sizeof(T), (k)))
gs_node *gs_p_bad_expr(gs_parser *p, gs_pos from, gs_pos to);
gs_node *gs_p_bad_stmt(gs_parser *p, gs_pos from, gs_pos to);
gs_ident *gs_p_new_ident(gs_parser *p, gs_pos pos, const char *name, size_t n);
#define FIN(x) (gs_node_update_range(&(x)->n), (x))

/* parser_expr.c */
gs_ident *gs_p_parse_ident(gs_parser *p);
gs_node *gs_p_parse_type(gs_parser *p);
gs_node *gs_p_try_ident_or_type(gs_parser *p);
gs_node *gs_p_parse_expr(gs_parser *p);
gs_node *gs_p_parse_rhs(gs_parser *p);
gs_nodes gs_p_parse_list(gs_parser *p, bool in_rhs);
gs_node *gs_p_parse_primary_expr(gs_parser *p, gs_node *x);
gs_node *gs_p_parse_binary_expr(gs_parser *p, gs_node *x, int prec1);
gs_node *gs_p_parse_array_type(gs_parser *p, gs_pos lbrack, gs_node *len);
gs_field_list *gs_p_parse_type_parameters(gs_parser *p);
gs_field_list *gs_p_parse_parameters(gs_parser *p, bool result);
void gs_p_parse_parameter_list(gs_parser *p, gs_ident *name0, gs_node *typ0, gs_tok closing, bool dddok,
                               gs_fields *out);
gs_node *gs_p_unparen(gs_node *x);
gs_idents gs_p_parse_idents(gs_parser *p);
gs_func_type *gs_p_parse_func_type(gs_parser *p);
gs_node *gs_p_pack_index_expr(gs_parser *p, gs_node *x, gs_pos lbrack, gs_nodes exprs, gs_pos rbrack);

/* parser_stmt.c */
gs_node *gs_p_parse_stmt(gs_parser *p);
gs_block_stmt *gs_p_parse_body(gs_parser *p);
gs_block_stmt *gs_p_parse_block_stmt(gs_parser *p);
gs_nodes gs_p_parse_stmt_list(gs_parser *p);

/* parser_decl.c */
gs_node *gs_p_parse_decl(gs_parser *p, int sync);
gs_file *gs_p_parse_file(gs_parser *p);

#endif

/* Go syntax tree, mirroring go/ast node for node and field for field.
 *
 * Every node starts with a gs_node header holding its kind and the byte
 * range [pos, end) that go/ast's Pos()/End() give, as 0-based offsets into
 * the source (go/ast position minus the file's base). GS_NOPOS (-1) stands
 * for go/token.NoPos; positions are kept signed so that go/ast's arithmetic
 * on a missing position (e.g. Rbrace+1) gives the same number here.
 *
 * Cast a gs_node* to its concrete type after checking `kind`
 * (GS_AS(gs_call_expr, n) asserts nothing; check first). Lists are arrays
 * with counts, allocated in the parse arena; an empty list is {NULL, 0}.
 * Strings (identifier names, literal values, comment text) are base_str
 * slices pointing into the source or the arena.
 *
 * Comment fields: go/ast's Doc and Comment (line comment) fields are kept
 * on File, GenDecl, FuncDecl, the three specs and Field; File.comments holds
 * every comment group in source order. */
#ifndef GS_AST_H
#define GS_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "base/str.h"
#include "gosyntax/token.h"

typedef int32_t gs_pos;
#define GS_NOPOS ((gs_pos)-1)
#define GS_POS_VALID(p) ((p) >= 0)

typedef enum {
    /* expressions and types */
    GSK_BAD_EXPR, GSK_IDENT, GSK_ELLIPSIS, GSK_BASIC_LIT, GSK_FUNC_LIT, GSK_COMPOSITE_LIT,
    GSK_PAREN_EXPR, GSK_SELECTOR_EXPR, GSK_INDEX_EXPR, GSK_INDEX_LIST_EXPR, GSK_SLICE_EXPR,
    GSK_TYPE_ASSERT_EXPR, GSK_CALL_EXPR, GSK_STAR_EXPR, GSK_UNARY_EXPR, GSK_BINARY_EXPR,
    GSK_KEY_VALUE_EXPR,
    GSK_ARRAY_TYPE, GSK_STRUCT_TYPE, GSK_FUNC_TYPE, GSK_INTERFACE_TYPE, GSK_MAP_TYPE, GSK_CHAN_TYPE,
    /* statements */
    GSK_BAD_STMT, GSK_DECL_STMT, GSK_EMPTY_STMT, GSK_LABELED_STMT, GSK_EXPR_STMT, GSK_SEND_STMT,
    GSK_INC_DEC_STMT, GSK_ASSIGN_STMT, GSK_GO_STMT, GSK_DEFER_STMT, GSK_RETURN_STMT,
    GSK_BRANCH_STMT, GSK_BLOCK_STMT, GSK_IF_STMT, GSK_CASE_CLAUSE, GSK_SWITCH_STMT,
    GSK_TYPE_SWITCH_STMT, GSK_COMM_CLAUSE, GSK_SELECT_STMT, GSK_FOR_STMT, GSK_RANGE_STMT,
    /* specs */
    GSK_IMPORT_SPEC, GSK_VALUE_SPEC, GSK_TYPE_SPEC,
    /* declarations */
    GSK_BAD_DECL, GSK_GEN_DECL, GSK_FUNC_DECL,
    /* other */
    GSK_FIELD, GSK_FIELD_LIST, GSK_COMMENT, GSK_COMMENT_GROUP, GSK_FILE,
    GSK_COUNT
} gs_kind;

/* go/ast type name of a kind: "CallExpr", "FuncDecl", ... */
const char *gs_kind_name(gs_kind k);

/* Common header of every node. */
typedef struct gs_node {
    gs_kind kind;
    gs_pos pos, end; /* go/ast Pos() and End() */
} gs_node;

#define GS_AS(T, node) ((T *)(node))

/* Recomputes n->pos/end from n's fields and its children's pos/end, as
 * go/ast's Pos()/End() do. The parser calls it for every node it makes;
 * call it after building or changing a node yourself. */
void gs_node_update_range(gs_node *n);

struct gs_ident;
struct gs_field;
struct gs_comment;
struct gs_comment_group;
struct gs_import_spec;

typedef struct { gs_node **v; int n; } gs_nodes; /* Expr, Stmt, Decl or Spec lists */
typedef struct { struct gs_ident **v; int n; } gs_idents;
typedef struct { struct gs_field **v; int n; } gs_fields;
typedef struct { struct gs_comment **v; int n; } gs_comments;
typedef struct { struct gs_comment_group **v; int n; } gs_comment_groups;
typedef struct { struct gs_import_spec **v; int n; } gs_import_specs;

/* ---- comments ---- */

/* A line or block comment; text excludes the newline of a line comment. */
typedef struct gs_comment { gs_node n; gs_pos slash; base_str text; } gs_comment;
/* Adjacent comments with no blank line or token between them. */
typedef struct gs_comment_group { gs_node n; gs_comments list; } gs_comment_group;

/* ---- fields ---- */

/* A struct field, interface element, (type) parameter or result. names is
 * empty for anonymous parameters and embedded fields; type's range is
 * type->pos..type->end. */
typedef struct gs_field {
    gs_node n;
    gs_comment_group *doc;
    gs_idents names;
    gs_node *type;              /* NULL only in broken code */
    struct gs_basic_lit *tag;   /* or NULL */
    gs_comment_group *comment;
} gs_field;

/* A list of fields in (), {} or []; opening/closing are GS_NOPOS when
 * absent (e.g. a single unparenthesized result). */
typedef struct gs_field_list { gs_node n; gs_pos opening; gs_fields list; gs_pos closing; } gs_field_list;

/* ---- expressions ---- */

/* Placeholder for an expression with syntax errors; range is pos..end. */
typedef struct { gs_node n; } gs_bad_expr;
/* An identifier (also `_`). */
typedef struct gs_ident { gs_node n; gs_pos name_pos; base_str name; } gs_ident;
/* `...` in parameter lists (elt set) or [...]T array lengths (elt NULL). */
typedef struct { gs_node n; gs_pos ellipsis; gs_node *elt; } gs_ellipsis;
/* A literal: kind is GS_INT, GS_FLOAT, GS_IMAG, GS_CHAR or GS_STRING. */
typedef struct gs_basic_lit { gs_node n; gs_pos value_pos, value_end; gs_tok kind; base_str value; } gs_basic_lit;
struct gs_func_type;
struct gs_block_stmt;
/* func(...) {...} */
typedef struct { gs_node n; struct gs_func_type *type; struct gs_block_stmt *body; } gs_func_lit;
/* T{elts}; type may be NULL (elided in outer literals). */
typedef struct {
    gs_node n;
    gs_node *type;
    gs_pos lbrace;
    gs_nodes elts;
    gs_pos rbrace;
    bool incomplete;
} gs_composite_lit;
/* (x) */
typedef struct { gs_node n; gs_pos lparen; gs_node *x; gs_pos rparen; } gs_paren_expr;
/* x.sel */
typedef struct { gs_node n; gs_node *x; gs_ident *sel; } gs_selector_expr;
/* x[index] (also a single type argument) */
typedef struct { gs_node n; gs_node *x; gs_pos lbrack; gs_node *index; gs_pos rbrack; } gs_index_expr;
/* x[a, b, ...]: several type arguments */
typedef struct { gs_node n; gs_node *x; gs_pos lbrack; gs_nodes indices; gs_pos rbrack; } gs_index_list_expr;
/* x[low:high] or x[low:high:max] */
typedef struct {
    gs_node n;
    gs_node *x;
    gs_pos lbrack;
    gs_node *low, *high, *max; /* each may be NULL */
    bool slice3;
    gs_pos rbrack;
} gs_slice_expr;
/* x.(type_); type_ is NULL for x.(type) in type switches. */
typedef struct { gs_node n; gs_node *x; gs_pos lparen; gs_node *type; gs_pos rparen; } gs_type_assert_expr;
/* fun(args...); ellipsis is GS_NOPOS unless the call ends in `...`. */
typedef struct {
    gs_node n;
    gs_node *fun;
    gs_pos lparen;
    gs_nodes args;
    gs_pos ellipsis;
    gs_pos rparen;
} gs_call_expr;
/* *x (pointer type or dereference) */
typedef struct { gs_node n; gs_pos star; gs_node *x; } gs_star_expr;
/* op x (op is a gs_tok: GS_SUB, GS_NOT, GS_ARROW, GS_TILDE, GS_AND, ...) */
typedef struct { gs_node n; gs_pos op_pos; gs_tok op; gs_node *x; } gs_unary_expr;
/* x op y */
typedef struct { gs_node n; gs_node *x; gs_pos op_pos; gs_tok op; gs_node *y; } gs_binary_expr;
/* key: value in composite literals */
typedef struct { gs_node n; gs_node *key; gs_pos colon; gs_node *value; } gs_key_value_expr;

/* [len]elt; len is NULL for slices, a gs_ellipsis for [...]T. */
typedef struct { gs_node n; gs_pos lbrack; gs_node *len; gs_node *elt; } gs_array_type;
/* struct { fields } */
typedef struct { gs_node n; gs_pos struct_pos; gs_field_list *fields; bool incomplete; } gs_struct_type;
/* func[type_params](params) results. func_pos is GS_NOPOS for interface
 * methods and FuncDecls keep the "func" keyword here. type_params and
 * results may be NULL; params is never NULL. */
typedef struct gs_func_type {
    gs_node n;
    gs_pos func_pos;
    gs_field_list *type_params;
    gs_field_list *params;
    gs_field_list *results;
} gs_func_type;
/* interface { methods / embedded types / unions } */
typedef struct { gs_node n; gs_pos interface_pos; gs_field_list *methods; bool incomplete; } gs_interface_type;
/* map[key]value */
typedef struct { gs_node n; gs_pos map_pos; gs_node *key; gs_node *value; } gs_map_type;
/* Channel direction bits, as go/ast.ChanDir. */
enum { GS_CHAN_SEND = 1, GS_CHAN_RECV = 2 };
/* chan T, chan<- T, <-chan T; begin is the first of "chan" / "<-". */
typedef struct { gs_node n; gs_pos begin; gs_pos arrow; int dir; gs_node *value; } gs_chan_type;

/* ---- statements ---- */

typedef struct { gs_node n; } gs_bad_stmt;
/* A const/type/var declaration inside a function; decl is a gs_gen_decl. */
typedef struct { gs_node n; gs_node *decl; } gs_decl_stmt;
/* An empty statement; implicit if the ";" was an automatic one. */
typedef struct { gs_node n; gs_pos semicolon; bool implicit; } gs_empty_stmt;
/* label: stmt */
typedef struct { gs_node n; gs_ident *label; gs_pos colon; gs_node *stmt; } gs_labeled_stmt;
/* An expression used as a statement. */
typedef struct { gs_node n; gs_node *x; } gs_expr_stmt;
/* ch <- value */
typedef struct { gs_node n; gs_node *chan; gs_pos arrow; gs_node *value; } gs_send_stmt;
/* x++ / x-- (tok GS_INC / GS_DEC) */
typedef struct { gs_node n; gs_node *x; gs_pos tok_pos; gs_tok tok; } gs_inc_dec_stmt;
/* lhs tok rhs; tok is GS_ASSIGN, GS_DEFINE or an op-assign. */
typedef struct { gs_node n; gs_nodes lhs; gs_pos tok_pos; gs_tok tok; gs_nodes rhs; } gs_assign_stmt;
/* go call; call is normally a gs_call_expr (a gs_bad_expr on errors). */
typedef struct { gs_node n; gs_pos go; gs_node *call; } gs_go_stmt;
/* defer call */
typedef struct { gs_node n; gs_pos defer; gs_node *call; } gs_defer_stmt;
/* return results... */
typedef struct { gs_node n; gs_pos return_pos; gs_nodes results; } gs_return_stmt;
/* break/continue/goto/fallthrough [label] */
typedef struct { gs_node n; gs_pos tok_pos; gs_tok tok; gs_ident *label; } gs_branch_stmt;
/* { list } ; rbrace is GS_NOPOS if missing (syntax error). */
typedef struct gs_block_stmt { gs_node n; gs_pos lbrace; gs_nodes list; gs_pos rbrace; } gs_block_stmt;
/* if init; cond body else */
typedef struct {
    gs_node n;
    gs_pos if_pos;
    gs_node *init;      /* or NULL */
    gs_node *cond;
    gs_block_stmt *body;
    gs_node *else_;     /* gs_if_stmt, gs_block_stmt, or NULL */
} gs_if_stmt;
/* case list: body / default: body (list empty for default) */
typedef struct { gs_node n; gs_pos case_pos; gs_nodes list; gs_pos colon; gs_nodes body; } gs_case_clause;
/* switch init; tag { case clauses } */
typedef struct { gs_node n; gs_pos switch_pos; gs_node *init; gs_node *tag; gs_block_stmt *body; } gs_switch_stmt;
/* switch init; assign { ... }; assign is x := y.(type) or y.(type) */
typedef struct { gs_node n; gs_pos switch_pos; gs_node *init; gs_node *assign; gs_block_stmt *body; } gs_type_switch_stmt;
/* case comm: body; comm NULL for default */
typedef struct { gs_node n; gs_pos case_pos; gs_node *comm; gs_pos colon; gs_nodes body; } gs_comm_clause;
/* select { comm clauses } */
typedef struct { gs_node n; gs_pos select_pos; gs_block_stmt *body; } gs_select_stmt;
/* for init; cond; post body */
typedef struct { gs_node n; gs_pos for_pos; gs_node *init, *cond, *post; gs_block_stmt *body; } gs_for_stmt;
/* for key, value tok range x body; tok GS_ILLEGAL and tok_pos GS_NOPOS
 * when there is no key. */
typedef struct {
    gs_node n;
    gs_pos for_pos;
    gs_node *key, *value;
    gs_pos tok_pos;
    gs_tok tok;
    gs_pos range_pos;
    gs_node *x;
    gs_block_stmt *body;
} gs_range_stmt;

/* ---- specs ---- */

/* [name] "path"; name is NULL, an identifier, `.` or `_`. end_pos is
 * GS_NOPOS unless go/parser set EndPos. */
typedef struct gs_import_spec {
    gs_node n;
    gs_comment_group *doc;
    gs_ident *name;
    gs_basic_lit *path;
    gs_comment_group *comment;
    gs_pos end_pos;
} gs_import_spec;
/* names [type] [= values] in const/var declarations */
typedef struct {
    gs_node n;
    gs_comment_group *doc;
    gs_idents names;
    gs_node *type;      /* or NULL */
    gs_nodes values;
    gs_comment_group *comment;
} gs_value_spec;
/* name[type_params] [=] type; assign is GS_NOPOS unless an alias. */
typedef struct {
    gs_node n;
    gs_comment_group *doc;
    gs_ident *name;
    gs_field_list *type_params; /* or NULL */
    gs_pos assign;
    gs_node *type;
    gs_comment_group *comment;
} gs_type_spec;

/* ---- declarations ---- */

typedef struct { gs_node n; } gs_bad_decl;
/* import/const/type/var, with or without parentheses (lparen/rparen
 * GS_NOPOS without). */
typedef struct {
    gs_node n;
    gs_comment_group *doc;
    gs_pos tok_pos;
    gs_tok tok;
    gs_pos lparen;
    gs_nodes specs;
    gs_pos rparen;
} gs_gen_decl;
/* func (recv) name[type_params](params) results body. The "func" keyword
 * position is type->func_pos; body is NULL for declarations without one;
 * body->lbrace is where the body's "{" is. */
typedef struct {
    gs_node n;
    gs_comment_group *doc;
    gs_field_list *recv; /* or NULL */
    gs_ident *name;
    gs_func_type *type;
    gs_block_stmt *body; /* or NULL */
} gs_func_decl;

/* ---- file ---- */

/* A source file. package_pos is the "package" keyword; name->n.end is the
 * end of the package clause's name. imports lists every ImportSpec (also
 * found inside the import GenDecls). file_start/file_end are 0 and len. */
typedef struct {
    gs_node n;
    gs_comment_group *doc;
    gs_pos package_pos;
    gs_ident *name;
    gs_nodes decls;
    gs_pos file_start, file_end;
    gs_import_specs imports;
    gs_comment_groups comments;
} gs_file;

#endif

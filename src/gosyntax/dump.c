/* Canonical AST dump (docs/ast-dump.md): every node with its go/ast type
 * name and [pos, end), then its go/ast fields in go/ast order. */
#include "gosyntax/dump.h"

#include <stdio.h>

typedef struct {
    base_buf *b;
    int depth;
} gs_dumper;

static void gs_d_indent(gs_dumper *d, int extra) {
    for (int i = 0; i < d->depth + extra; i++) base_buf_putc(d->b, ' ');
}

static void gs_d_pos(gs_dumper *d, const char *name, gs_pos v) {
    gs_d_indent(d, 1);
    base_buf_printf(d->b, ".%s = %d\n", name, (int)v);
}

static void gs_d_int(gs_dumper *d, const char *name, int v) { gs_d_pos(d, name, v); }

static void gs_d_bool(gs_dumper *d, const char *name, bool v) {
    gs_d_indent(d, 1);
    base_buf_printf(d->b, ".%s = %s\n", name, v ? "true" : "false");
}

static void gs_d_tok(gs_dumper *d, const char *name, gs_tok t) {
    gs_d_indent(d, 1);
    base_buf_printf(d->b, ".%s = %s\n", name, gs_tok_string(t));
}

static void gs_d_str(gs_dumper *d, const char *name, base_str s) {
    static const char hex[] = "0123456789abcdef";
    gs_d_indent(d, 1);
    base_buf_printf(d->b, ".%s = \"", name);
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c == '"' || c == '\\') {
            base_buf_putc(d->b, '\\');
            base_buf_putc(d->b, (char)c);
        } else if (c == '\n') {
            base_buf_append(d->b, "\\n", 2);
        } else if (c < 0x20 || c == 0x7f) {
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            base_buf_append(d->b, e, 4);
        } else {
            base_buf_putc(d->b, (char)c);
        }
    }
    base_buf_append(d->b, "\"\n", 2);
}

/* Doc and Comment fields: the comment group's range only (the groups
 * themselves are dumped in File.Comments). */
static void gs_d_cg(gs_dumper *d, const char *name, const gs_comment_group *g) {
    gs_d_indent(d, 1);
    if (!g) base_buf_printf(d->b, ".%s = nil\n", name);
    else base_buf_printf(d->b, ".%s = %d %d\n", name, (int)g->n.pos, (int)g->n.end);
}

static void gs_d_node(gs_dumper *d, const gs_node *n);

static void gs_d_child(gs_dumper *d, const char *name, const gs_node *n) {
    gs_d_indent(d, 1);
    if (!n) {
        base_buf_printf(d->b, ".%s: nil\n", name);
        return;
    }
    base_buf_printf(d->b, ".%s:\n", name);
    d->depth += 2;
    gs_d_node(d, n);
    d->depth -= 2;
}

#define CHILD(d, name, x) gs_d_child((d), (name), (const gs_node *)(x))

static void gs_d_list(gs_dumper *d, const char *name, void *const *v, int n) {
    gs_d_indent(d, 1);
    base_buf_printf(d->b, ".%s[%d]:\n", name, n);
    d->depth += 2;
    for (int i = 0; i < n; i++) gs_d_node(d, (const gs_node *)v[i]);
    d->depth -= 2;
}

#define LIST(d, name, l) gs_d_list((d), (name), (void *const *)(l).v, (l).n)

static void gs_d_node(gs_dumper *d, const gs_node *n) {
    gs_d_indent(d, 0);
    base_buf_printf(d->b, "%s %d %d\n", gs_kind_name(n->kind), (int)n->pos, (int)n->end);
    switch (n->kind) {
    case GSK_BAD_EXPR: case GSK_BAD_STMT: case GSK_BAD_DECL:
        gs_d_pos(d, "From", n->pos);
        gs_d_pos(d, "To", n->end);
        break;
    case GSK_IDENT: {
        const gs_ident *x = (const gs_ident *)n;
        gs_d_pos(d, "NamePos", x->name_pos);
        gs_d_str(d, "Name", x->name);
        break;
    }
    case GSK_ELLIPSIS: {
        const gs_ellipsis *x = (const gs_ellipsis *)n;
        gs_d_pos(d, "Ellipsis", x->ellipsis);
        CHILD(d, "Elt", x->elt);
        break;
    }
    case GSK_BASIC_LIT: {
        const gs_basic_lit *x = (const gs_basic_lit *)n;
        gs_d_pos(d, "ValuePos", x->value_pos);
        gs_d_pos(d, "ValueEnd", x->value_end);
        gs_d_tok(d, "Kind", x->kind);
        gs_d_str(d, "Value", x->value);
        break;
    }
    case GSK_FUNC_LIT: {
        const gs_func_lit *x = (const gs_func_lit *)n;
        CHILD(d, "Type", x->type);
        CHILD(d, "Body", x->body);
        break;
    }
    case GSK_COMPOSITE_LIT: {
        const gs_composite_lit *x = (const gs_composite_lit *)n;
        CHILD(d, "Type", x->type);
        gs_d_pos(d, "Lbrace", x->lbrace);
        LIST(d, "Elts", x->elts);
        gs_d_pos(d, "Rbrace", x->rbrace);
        gs_d_bool(d, "Incomplete", x->incomplete);
        break;
    }
    case GSK_PAREN_EXPR: {
        const gs_paren_expr *x = (const gs_paren_expr *)n;
        gs_d_pos(d, "Lparen", x->lparen);
        CHILD(d, "X", x->x);
        gs_d_pos(d, "Rparen", x->rparen);
        break;
    }
    case GSK_SELECTOR_EXPR: {
        const gs_selector_expr *x = (const gs_selector_expr *)n;
        CHILD(d, "X", x->x);
        CHILD(d, "Sel", x->sel);
        break;
    }
    case GSK_INDEX_EXPR: {
        const gs_index_expr *x = (const gs_index_expr *)n;
        CHILD(d, "X", x->x);
        gs_d_pos(d, "Lbrack", x->lbrack);
        CHILD(d, "Index", x->index);
        gs_d_pos(d, "Rbrack", x->rbrack);
        break;
    }
    case GSK_INDEX_LIST_EXPR: {
        const gs_index_list_expr *x = (const gs_index_list_expr *)n;
        CHILD(d, "X", x->x);
        gs_d_pos(d, "Lbrack", x->lbrack);
        LIST(d, "Indices", x->indices);
        gs_d_pos(d, "Rbrack", x->rbrack);
        break;
    }
    case GSK_SLICE_EXPR: {
        const gs_slice_expr *x = (const gs_slice_expr *)n;
        CHILD(d, "X", x->x);
        gs_d_pos(d, "Lbrack", x->lbrack);
        CHILD(d, "Low", x->low);
        CHILD(d, "High", x->high);
        CHILD(d, "Max", x->max);
        gs_d_bool(d, "Slice3", x->slice3);
        gs_d_pos(d, "Rbrack", x->rbrack);
        break;
    }
    case GSK_TYPE_ASSERT_EXPR: {
        const gs_type_assert_expr *x = (const gs_type_assert_expr *)n;
        CHILD(d, "X", x->x);
        gs_d_pos(d, "Lparen", x->lparen);
        CHILD(d, "Type", x->type);
        gs_d_pos(d, "Rparen", x->rparen);
        break;
    }
    case GSK_CALL_EXPR: {
        const gs_call_expr *x = (const gs_call_expr *)n;
        CHILD(d, "Fun", x->fun);
        gs_d_pos(d, "Lparen", x->lparen);
        LIST(d, "Args", x->args);
        gs_d_pos(d, "Ellipsis", x->ellipsis);
        gs_d_pos(d, "Rparen", x->rparen);
        break;
    }
    case GSK_STAR_EXPR: {
        const gs_star_expr *x = (const gs_star_expr *)n;
        gs_d_pos(d, "Star", x->star);
        CHILD(d, "X", x->x);
        break;
    }
    case GSK_UNARY_EXPR: {
        const gs_unary_expr *x = (const gs_unary_expr *)n;
        gs_d_pos(d, "OpPos", x->op_pos);
        gs_d_tok(d, "Op", x->op);
        CHILD(d, "X", x->x);
        break;
    }
    case GSK_BINARY_EXPR: {
        const gs_binary_expr *x = (const gs_binary_expr *)n;
        CHILD(d, "X", x->x);
        gs_d_pos(d, "OpPos", x->op_pos);
        gs_d_tok(d, "Op", x->op);
        CHILD(d, "Y", x->y);
        break;
    }
    case GSK_KEY_VALUE_EXPR: {
        const gs_key_value_expr *x = (const gs_key_value_expr *)n;
        CHILD(d, "Key", x->key);
        gs_d_pos(d, "Colon", x->colon);
        CHILD(d, "Value", x->value);
        break;
    }
    case GSK_ARRAY_TYPE: {
        const gs_array_type *x = (const gs_array_type *)n;
        gs_d_pos(d, "Lbrack", x->lbrack);
        CHILD(d, "Len", x->len);
        CHILD(d, "Elt", x->elt);
        break;
    }
    case GSK_STRUCT_TYPE: {
        const gs_struct_type *x = (const gs_struct_type *)n;
        gs_d_pos(d, "Struct", x->struct_pos);
        CHILD(d, "Fields", x->fields);
        gs_d_bool(d, "Incomplete", x->incomplete);
        break;
    }
    case GSK_FUNC_TYPE: {
        const gs_func_type *x = (const gs_func_type *)n;
        gs_d_pos(d, "Func", x->func_pos);
        CHILD(d, "TypeParams", x->type_params);
        CHILD(d, "Params", x->params);
        CHILD(d, "Results", x->results);
        break;
    }
    case GSK_INTERFACE_TYPE: {
        const gs_interface_type *x = (const gs_interface_type *)n;
        gs_d_pos(d, "Interface", x->interface_pos);
        CHILD(d, "Methods", x->methods);
        gs_d_bool(d, "Incomplete", x->incomplete);
        break;
    }
    case GSK_MAP_TYPE: {
        const gs_map_type *x = (const gs_map_type *)n;
        gs_d_pos(d, "Map", x->map_pos);
        CHILD(d, "Key", x->key);
        CHILD(d, "Value", x->value);
        break;
    }
    case GSK_CHAN_TYPE: {
        const gs_chan_type *x = (const gs_chan_type *)n;
        gs_d_pos(d, "Begin", x->begin);
        gs_d_pos(d, "Arrow", x->arrow);
        gs_d_int(d, "Dir", x->dir);
        CHILD(d, "Value", x->value);
        break;
    }
    case GSK_DECL_STMT:
        CHILD(d, "Decl", ((const gs_decl_stmt *)n)->decl);
        break;
    case GSK_EMPTY_STMT: {
        const gs_empty_stmt *x = (const gs_empty_stmt *)n;
        gs_d_pos(d, "Semicolon", x->semicolon);
        gs_d_bool(d, "Implicit", x->implicit);
        break;
    }
    case GSK_LABELED_STMT: {
        const gs_labeled_stmt *x = (const gs_labeled_stmt *)n;
        CHILD(d, "Label", x->label);
        gs_d_pos(d, "Colon", x->colon);
        CHILD(d, "Stmt", x->stmt);
        break;
    }
    case GSK_EXPR_STMT:
        CHILD(d, "X", ((const gs_expr_stmt *)n)->x);
        break;
    case GSK_SEND_STMT: {
        const gs_send_stmt *x = (const gs_send_stmt *)n;
        CHILD(d, "Chan", x->chan);
        gs_d_pos(d, "Arrow", x->arrow);
        CHILD(d, "Value", x->value);
        break;
    }
    case GSK_INC_DEC_STMT: {
        const gs_inc_dec_stmt *x = (const gs_inc_dec_stmt *)n;
        CHILD(d, "X", x->x);
        gs_d_pos(d, "TokPos", x->tok_pos);
        gs_d_tok(d, "Tok", x->tok);
        break;
    }
    case GSK_ASSIGN_STMT: {
        const gs_assign_stmt *x = (const gs_assign_stmt *)n;
        LIST(d, "Lhs", x->lhs);
        gs_d_pos(d, "TokPos", x->tok_pos);
        gs_d_tok(d, "Tok", x->tok);
        LIST(d, "Rhs", x->rhs);
        break;
    }
    case GSK_GO_STMT: {
        const gs_go_stmt *x = (const gs_go_stmt *)n;
        gs_d_pos(d, "Go", x->go);
        CHILD(d, "Call", x->call);
        break;
    }
    case GSK_DEFER_STMT: {
        const gs_defer_stmt *x = (const gs_defer_stmt *)n;
        gs_d_pos(d, "Defer", x->defer);
        CHILD(d, "Call", x->call);
        break;
    }
    case GSK_RETURN_STMT: {
        const gs_return_stmt *x = (const gs_return_stmt *)n;
        gs_d_pos(d, "Return", x->return_pos);
        LIST(d, "Results", x->results);
        break;
    }
    case GSK_BRANCH_STMT: {
        const gs_branch_stmt *x = (const gs_branch_stmt *)n;
        gs_d_pos(d, "TokPos", x->tok_pos);
        gs_d_tok(d, "Tok", x->tok);
        CHILD(d, "Label", x->label);
        break;
    }
    case GSK_BLOCK_STMT: {
        const gs_block_stmt *x = (const gs_block_stmt *)n;
        gs_d_pos(d, "Lbrace", x->lbrace);
        LIST(d, "List", x->list);
        gs_d_pos(d, "Rbrace", x->rbrace);
        break;
    }
    case GSK_IF_STMT: {
        const gs_if_stmt *x = (const gs_if_stmt *)n;
        gs_d_pos(d, "If", x->if_pos);
        CHILD(d, "Init", x->init);
        CHILD(d, "Cond", x->cond);
        CHILD(d, "Body", x->body);
        CHILD(d, "Else", x->else_);
        break;
    }
    case GSK_CASE_CLAUSE: {
        const gs_case_clause *x = (const gs_case_clause *)n;
        gs_d_pos(d, "Case", x->case_pos);
        LIST(d, "List", x->list);
        gs_d_pos(d, "Colon", x->colon);
        LIST(d, "Body", x->body);
        break;
    }
    case GSK_SWITCH_STMT: {
        const gs_switch_stmt *x = (const gs_switch_stmt *)n;
        gs_d_pos(d, "Switch", x->switch_pos);
        CHILD(d, "Init", x->init);
        CHILD(d, "Tag", x->tag);
        CHILD(d, "Body", x->body);
        break;
    }
    case GSK_TYPE_SWITCH_STMT: {
        const gs_type_switch_stmt *x = (const gs_type_switch_stmt *)n;
        gs_d_pos(d, "Switch", x->switch_pos);
        CHILD(d, "Init", x->init);
        CHILD(d, "Assign", x->assign);
        CHILD(d, "Body", x->body);
        break;
    }
    case GSK_COMM_CLAUSE: {
        const gs_comm_clause *x = (const gs_comm_clause *)n;
        gs_d_pos(d, "Case", x->case_pos);
        CHILD(d, "Comm", x->comm);
        gs_d_pos(d, "Colon", x->colon);
        LIST(d, "Body", x->body);
        break;
    }
    case GSK_SELECT_STMT: {
        const gs_select_stmt *x = (const gs_select_stmt *)n;
        gs_d_pos(d, "Select", x->select_pos);
        CHILD(d, "Body", x->body);
        break;
    }
    case GSK_FOR_STMT: {
        const gs_for_stmt *x = (const gs_for_stmt *)n;
        gs_d_pos(d, "For", x->for_pos);
        CHILD(d, "Init", x->init);
        CHILD(d, "Cond", x->cond);
        CHILD(d, "Post", x->post);
        CHILD(d, "Body", x->body);
        break;
    }
    case GSK_RANGE_STMT: {
        const gs_range_stmt *x = (const gs_range_stmt *)n;
        gs_d_pos(d, "For", x->for_pos);
        CHILD(d, "Key", x->key);
        CHILD(d, "Value", x->value);
        gs_d_pos(d, "TokPos", x->tok_pos);
        gs_d_tok(d, "Tok", x->tok);
        gs_d_pos(d, "Range", x->range_pos);
        CHILD(d, "X", x->x);
        CHILD(d, "Body", x->body);
        break;
    }
    case GSK_IMPORT_SPEC: {
        const gs_import_spec *x = (const gs_import_spec *)n;
        gs_d_cg(d, "Doc", x->doc);
        CHILD(d, "Name", x->name);
        CHILD(d, "Path", x->path);
        gs_d_cg(d, "Comment", x->comment);
        gs_d_pos(d, "EndPos", x->end_pos);
        break;
    }
    case GSK_VALUE_SPEC: {
        const gs_value_spec *x = (const gs_value_spec *)n;
        gs_d_cg(d, "Doc", x->doc);
        LIST(d, "Names", x->names);
        CHILD(d, "Type", x->type);
        LIST(d, "Values", x->values);
        gs_d_cg(d, "Comment", x->comment);
        break;
    }
    case GSK_TYPE_SPEC: {
        const gs_type_spec *x = (const gs_type_spec *)n;
        gs_d_cg(d, "Doc", x->doc);
        CHILD(d, "Name", x->name);
        CHILD(d, "TypeParams", x->type_params);
        gs_d_pos(d, "Assign", x->assign);
        CHILD(d, "Type", x->type);
        gs_d_cg(d, "Comment", x->comment);
        break;
    }
    case GSK_GEN_DECL: {
        const gs_gen_decl *x = (const gs_gen_decl *)n;
        gs_d_cg(d, "Doc", x->doc);
        gs_d_pos(d, "TokPos", x->tok_pos);
        gs_d_tok(d, "Tok", x->tok);
        gs_d_pos(d, "Lparen", x->lparen);
        LIST(d, "Specs", x->specs);
        gs_d_pos(d, "Rparen", x->rparen);
        break;
    }
    case GSK_FUNC_DECL: {
        const gs_func_decl *x = (const gs_func_decl *)n;
        gs_d_cg(d, "Doc", x->doc);
        CHILD(d, "Recv", x->recv);
        CHILD(d, "Name", x->name);
        CHILD(d, "Type", x->type);
        CHILD(d, "Body", x->body);
        break;
    }
    case GSK_FIELD: {
        const gs_field *x = (const gs_field *)n;
        gs_d_cg(d, "Doc", x->doc);
        LIST(d, "Names", x->names);
        CHILD(d, "Type", x->type);
        CHILD(d, "Tag", x->tag);
        gs_d_cg(d, "Comment", x->comment);
        break;
    }
    case GSK_FIELD_LIST: {
        const gs_field_list *x = (const gs_field_list *)n;
        gs_d_pos(d, "Opening", x->opening);
        LIST(d, "List", x->list);
        gs_d_pos(d, "Closing", x->closing);
        break;
    }
    case GSK_COMMENT: {
        const gs_comment *x = (const gs_comment *)n;
        gs_d_pos(d, "Slash", x->slash);
        gs_d_str(d, "Text", x->text);
        break;
    }
    case GSK_COMMENT_GROUP:
        LIST(d, "List", ((const gs_comment_group *)n)->list);
        break;
    case GSK_FILE: {
        const gs_file *x = (const gs_file *)n;
        gs_d_cg(d, "Doc", x->doc);
        gs_d_pos(d, "Package", x->package_pos);
        CHILD(d, "Name", x->name);
        LIST(d, "Decls", x->decls);
        gs_d_pos(d, "FileStart", x->file_start);
        gs_d_pos(d, "FileEnd", x->file_end);
        LIST(d, "Comments", x->comments);
        break;
    }
    default:
        break;
    }
}

void gs_dump_file(base_buf *b, const gs_file *f) {
    gs_dumper d = {b, 0};
    gs_d_node(&d, &f->n);
}

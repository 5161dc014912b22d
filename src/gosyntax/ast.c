#include "gosyntax/ast.h"

#include <string.h>

static const char *const gs_kind_names[GSK_COUNT] = {
    "BadExpr", "Ident", "Ellipsis", "BasicLit", "FuncLit", "CompositeLit",
    "ParenExpr", "SelectorExpr", "IndexExpr", "IndexListExpr", "SliceExpr",
    "TypeAssertExpr", "CallExpr", "StarExpr", "UnaryExpr", "BinaryExpr",
    "KeyValueExpr",
    "ArrayType", "StructType", "FuncType", "InterfaceType", "MapType", "ChanType",
    "BadStmt", "DeclStmt", "EmptyStmt", "LabeledStmt", "ExprStmt", "SendStmt",
    "IncDecStmt", "AssignStmt", "GoStmt", "DeferStmt", "ReturnStmt",
    "BranchStmt", "BlockStmt", "IfStmt", "CaseClause", "SwitchStmt",
    "TypeSwitchStmt", "CommClause", "SelectStmt", "ForStmt", "RangeStmt",
    "ImportSpec", "ValueSpec", "TypeSpec",
    "BadDecl", "GenDecl", "FuncDecl",
    "Field", "FieldList", "Comment", "CommentGroup", "File",
};

const char *gs_kind_name(gs_kind k) {
    return (unsigned)k < GSK_COUNT ? gs_kind_names[k] : "?";
}

/* ---- go/ast Pos()/End() ---- */

static gs_pos P(const gs_node *n) { return n ? n->pos : GS_NOPOS; }
static gs_pos E(const gs_node *n) { return n ? n->end : GS_NOPOS; }
#define TP(x) ((x) ? (x)->n.pos : GS_NOPOS)
#define TE(x) ((x) ? (x)->n.end : GS_NOPOS)
static gs_pos last_end(gs_nodes l, gs_pos dflt) { return l.n > 0 ? E(l.v[l.n - 1]) : dflt; }

void gs_node_update_range(gs_node *n) {
    gs_pos pos = n->pos, end = n->end;
    switch (n->kind) {
    case GSK_BAD_EXPR: case GSK_BAD_STMT: case GSK_BAD_DECL:
        return; /* set directly */
    case GSK_IDENT: {
        gs_ident *x = (gs_ident *)n;
        pos = x->name_pos;
        end = x->name_pos + (gs_pos)x->name.n;
        break;
    }
    case GSK_ELLIPSIS: {
        gs_ellipsis *x = (gs_ellipsis *)n;
        pos = x->ellipsis;
        end = x->elt ? E(x->elt) : x->ellipsis + 3;
        break;
    }
    case GSK_BASIC_LIT: {
        gs_basic_lit *x = (gs_basic_lit *)n;
        pos = x->value_pos;
        end = GS_POS_VALID(x->value_end) ? x->value_end : x->value_pos + (gs_pos)x->value.n;
        break;
    }
    case GSK_FUNC_LIT: {
        gs_func_lit *x = (gs_func_lit *)n;
        pos = TP(x->type);
        end = TE(x->body);
        break;
    }
    case GSK_COMPOSITE_LIT: {
        gs_composite_lit *x = (gs_composite_lit *)n;
        pos = x->type ? P(x->type) : x->lbrace;
        end = x->rbrace + 1;
        break;
    }
    case GSK_PAREN_EXPR: {
        gs_paren_expr *x = (gs_paren_expr *)n;
        pos = x->lparen;
        end = x->rparen + 1;
        break;
    }
    case GSK_SELECTOR_EXPR: {
        gs_selector_expr *x = (gs_selector_expr *)n;
        pos = P(x->x);
        end = TE(x->sel);
        break;
    }
    case GSK_INDEX_EXPR: pos = P(((gs_index_expr *)n)->x); end = ((gs_index_expr *)n)->rbrack + 1; break;
    case GSK_INDEX_LIST_EXPR: pos = P(((gs_index_list_expr *)n)->x); end = ((gs_index_list_expr *)n)->rbrack + 1; break;
    case GSK_SLICE_EXPR: pos = P(((gs_slice_expr *)n)->x); end = ((gs_slice_expr *)n)->rbrack + 1; break;
    case GSK_TYPE_ASSERT_EXPR: pos = P(((gs_type_assert_expr *)n)->x); end = ((gs_type_assert_expr *)n)->rparen + 1; break;
    case GSK_CALL_EXPR: pos = P(((gs_call_expr *)n)->fun); end = ((gs_call_expr *)n)->rparen + 1; break;
    case GSK_STAR_EXPR: pos = ((gs_star_expr *)n)->star; end = E(((gs_star_expr *)n)->x); break;
    case GSK_UNARY_EXPR: pos = ((gs_unary_expr *)n)->op_pos; end = E(((gs_unary_expr *)n)->x); break;
    case GSK_BINARY_EXPR: pos = P(((gs_binary_expr *)n)->x); end = E(((gs_binary_expr *)n)->y); break;
    case GSK_KEY_VALUE_EXPR: pos = P(((gs_key_value_expr *)n)->key); end = E(((gs_key_value_expr *)n)->value); break;
    case GSK_ARRAY_TYPE: pos = ((gs_array_type *)n)->lbrack; end = E(((gs_array_type *)n)->elt); break;
    case GSK_STRUCT_TYPE: {
        gs_struct_type *x = (gs_struct_type *)n;
        pos = x->struct_pos;
        end = x->fields ? TE(x->fields) : GS_NOPOS;
        break;
    }
    case GSK_FUNC_TYPE: {
        gs_func_type *x = (gs_func_type *)n;
        pos = (GS_POS_VALID(x->func_pos) || !x->params) ? x->func_pos : TP(x->params);
        end = x->results ? TE(x->results) : x->params ? TE(x->params) : GS_NOPOS;
        break;
    }
    case GSK_INTERFACE_TYPE: {
        gs_interface_type *x = (gs_interface_type *)n;
        pos = x->interface_pos;
        end = x->methods ? TE(x->methods) : GS_NOPOS;
        break;
    }
    case GSK_MAP_TYPE: pos = ((gs_map_type *)n)->map_pos; end = E(((gs_map_type *)n)->value); break;
    case GSK_CHAN_TYPE: pos = ((gs_chan_type *)n)->begin; end = E(((gs_chan_type *)n)->value); break;

    case GSK_DECL_STMT: pos = P(((gs_decl_stmt *)n)->decl); end = E(((gs_decl_stmt *)n)->decl); break;
    case GSK_EMPTY_STMT: {
        gs_empty_stmt *x = (gs_empty_stmt *)n;
        pos = x->semicolon;
        end = x->implicit ? x->semicolon : x->semicolon + 1;
        break;
    }
    case GSK_LABELED_STMT: pos = TP(((gs_labeled_stmt *)n)->label); end = E(((gs_labeled_stmt *)n)->stmt); break;
    case GSK_EXPR_STMT: pos = P(((gs_expr_stmt *)n)->x); end = E(((gs_expr_stmt *)n)->x); break;
    case GSK_SEND_STMT: pos = P(((gs_send_stmt *)n)->chan); end = E(((gs_send_stmt *)n)->value); break;
    case GSK_INC_DEC_STMT: pos = P(((gs_inc_dec_stmt *)n)->x); end = ((gs_inc_dec_stmt *)n)->tok_pos + 2; break;
    case GSK_ASSIGN_STMT: {
        gs_assign_stmt *x = (gs_assign_stmt *)n;
        pos = x->lhs.n ? P(x->lhs.v[0]) : GS_NOPOS;
        end = last_end(x->rhs, GS_NOPOS);
        break;
    }
    case GSK_GO_STMT: pos = ((gs_go_stmt *)n)->go; end = E(((gs_go_stmt *)n)->call); break;
    case GSK_DEFER_STMT: pos = ((gs_defer_stmt *)n)->defer; end = E(((gs_defer_stmt *)n)->call); break;
    case GSK_RETURN_STMT: {
        gs_return_stmt *x = (gs_return_stmt *)n;
        pos = x->return_pos;
        end = last_end(x->results, x->return_pos + 6);
        break;
    }
    case GSK_BRANCH_STMT: {
        gs_branch_stmt *x = (gs_branch_stmt *)n;
        pos = x->tok_pos;
        end = x->label ? TE(x->label) : x->tok_pos + (gs_pos)strlen(gs_tok_string(x->tok));
        break;
    }
    case GSK_BLOCK_STMT: {
        gs_block_stmt *x = (gs_block_stmt *)n;
        pos = x->lbrace;
        end = GS_POS_VALID(x->rbrace) ? x->rbrace + 1 : last_end(x->list, x->lbrace + 1);
        break;
    }
    case GSK_IF_STMT: {
        gs_if_stmt *x = (gs_if_stmt *)n;
        pos = x->if_pos;
        end = x->else_ ? E(x->else_) : TE(x->body);
        break;
    }
    case GSK_CASE_CLAUSE: {
        gs_case_clause *x = (gs_case_clause *)n;
        pos = x->case_pos;
        end = last_end(x->body, x->colon + 1);
        break;
    }
    case GSK_SWITCH_STMT: pos = ((gs_switch_stmt *)n)->switch_pos; end = TE(((gs_switch_stmt *)n)->body); break;
    case GSK_TYPE_SWITCH_STMT:
        pos = ((gs_type_switch_stmt *)n)->switch_pos;
        end = TE(((gs_type_switch_stmt *)n)->body);
        break;
    case GSK_COMM_CLAUSE: {
        gs_comm_clause *x = (gs_comm_clause *)n;
        pos = x->case_pos;
        end = last_end(x->body, x->colon + 1);
        break;
    }
    case GSK_SELECT_STMT: pos = ((gs_select_stmt *)n)->select_pos; end = TE(((gs_select_stmt *)n)->body); break;
    case GSK_FOR_STMT: pos = ((gs_for_stmt *)n)->for_pos; end = TE(((gs_for_stmt *)n)->body); break;
    case GSK_RANGE_STMT: pos = ((gs_range_stmt *)n)->for_pos; end = TE(((gs_range_stmt *)n)->body); break;

    case GSK_IMPORT_SPEC: {
        gs_import_spec *x = (gs_import_spec *)n;
        pos = x->name ? TP(x->name) : TP(x->path);
        end = GS_POS_VALID(x->end_pos) ? x->end_pos : TE(x->path);
        break;
    }
    case GSK_VALUE_SPEC: {
        gs_value_spec *x = (gs_value_spec *)n;
        pos = x->names.n ? TP(x->names.v[0]) : GS_NOPOS;
        if (x->values.n) end = last_end(x->values, GS_NOPOS);
        else if (x->type) end = E(x->type);
        else end = x->names.n ? TE(x->names.v[x->names.n - 1]) : GS_NOPOS;
        break;
    }
    case GSK_TYPE_SPEC: pos = TP(((gs_type_spec *)n)->name); end = E(((gs_type_spec *)n)->type); break;
    case GSK_GEN_DECL: {
        gs_gen_decl *x = (gs_gen_decl *)n;
        pos = x->tok_pos;
        end = GS_POS_VALID(x->rparen) ? x->rparen + 1 : x->specs.n ? E(x->specs.v[0]) : GS_NOPOS;
        break;
    }
    case GSK_FUNC_DECL: {
        gs_func_decl *x = (gs_func_decl *)n;
        pos = TP(x->type);
        end = x->body ? TE(x->body) : TE(x->type);
        break;
    }
    case GSK_FIELD: {
        gs_field *x = (gs_field *)n;
        pos = x->names.n ? TP(x->names.v[0]) : x->type ? P(x->type) : GS_NOPOS;
        if (x->tag) end = TE(x->tag);
        else if (x->type) end = E(x->type);
        else end = x->names.n ? TE(x->names.v[x->names.n - 1]) : GS_NOPOS;
        break;
    }
    case GSK_FIELD_LIST: {
        gs_field_list *x = (gs_field_list *)n;
        pos = GS_POS_VALID(x->opening) ? x->opening : x->list.n ? TP(x->list.v[0]) : GS_NOPOS;
        end = GS_POS_VALID(x->closing) ? x->closing + 1 : x->list.n ? TE(x->list.v[x->list.n - 1]) : GS_NOPOS;
        break;
    }
    case GSK_COMMENT: {
        gs_comment *x = (gs_comment *)n;
        pos = x->slash;
        end = x->slash + (gs_pos)x->text.n;
        break;
    }
    case GSK_COMMENT_GROUP: {
        gs_comment_group *x = (gs_comment_group *)n;
        pos = x->list.n ? x->list.v[0]->n.pos : GS_NOPOS;
        end = x->list.n ? x->list.v[x->list.n - 1]->n.end : GS_NOPOS;
        break;
    }
    case GSK_FILE: {
        gs_file *x = (gs_file *)n;
        pos = x->package_pos;
        end = x->decls.n ? last_end(x->decls, GS_NOPOS) : TE(x->name);
        break;
    }
    default:
        break;
    }
    n->pos = pos;
    n->end = end;
}

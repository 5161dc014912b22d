#include "gosyntax/ast.h"

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

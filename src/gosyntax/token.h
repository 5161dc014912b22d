/* Go tokens, mirroring go/token. */
#ifndef GS_TOKEN_H
#define GS_TOKEN_H

#include <stddef.h>

typedef enum {
    GS_ILLEGAL, GS_EOF, GS_COMMENT,
    /* literals */
    GS_IDENT, GS_INT, GS_FLOAT, GS_IMAG, GS_CHAR, GS_STRING,
    /* operators */
    GS_ADD, GS_SUB, GS_MUL, GS_QUO, GS_REM,
    GS_AND, GS_OR, GS_XOR, GS_SHL, GS_SHR, GS_AND_NOT,
    GS_ADD_ASSIGN, GS_SUB_ASSIGN, GS_MUL_ASSIGN, GS_QUO_ASSIGN, GS_REM_ASSIGN,
    GS_AND_ASSIGN, GS_OR_ASSIGN, GS_XOR_ASSIGN, GS_SHL_ASSIGN, GS_SHR_ASSIGN, GS_AND_NOT_ASSIGN,
    GS_LAND, GS_LOR, GS_ARROW, GS_INC, GS_DEC,
    GS_EQL, GS_LSS, GS_GTR, GS_ASSIGN, GS_NOT,
    GS_NEQ, GS_LEQ, GS_GEQ, GS_DEFINE, GS_ELLIPSIS,
    GS_LPAREN, GS_LBRACK, GS_LBRACE, GS_COMMA, GS_PERIOD,
    GS_RPAREN, GS_RBRACK, GS_RBRACE, GS_SEMICOLON, GS_COLON,
    GS_TILDE,
    /* keywords */
    GS_BREAK, GS_CASE, GS_CHAN, GS_CONST, GS_CONTINUE,
    GS_DEFAULT, GS_DEFER, GS_ELSE, GS_FALLTHROUGH, GS_FOR,
    GS_FUNC, GS_GO, GS_GOTO, GS_IF, GS_IMPORT,
    GS_INTERFACE, GS_MAP, GS_PACKAGE, GS_RANGE, GS_RETURN,
    GS_SELECT, GS_STRUCT, GS_SWITCH, GS_TYPE, GS_VAR,
    GS_TOKEN_COUNT
} gs_tok;

/* The token's spelling as go/token prints it: "+", "func", "IDENT", ... */
const char *gs_tok_string(gs_tok t);
/* go/token precedence for binary operators (0 for non-operators). */
int gs_tok_precedence(gs_tok t);
/* The keyword spelled s[0..n), or GS_IDENT if it is not a keyword. */
gs_tok gs_tok_lookup(const char *s, size_t n);

#endif

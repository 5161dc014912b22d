#include "gosyntax/token.h"


static const char *const gs_tok_names[GS_TOKEN_COUNT] = {
    [GS_ILLEGAL] = "ILLEGAL", [GS_EOF] = "EOF", [GS_COMMENT] = "COMMENT",
    [GS_IDENT] = "IDENT", [GS_INT] = "INT", [GS_FLOAT] = "FLOAT", [GS_IMAG] = "IMAG",
    [GS_CHAR] = "CHAR", [GS_STRING] = "STRING",
    [GS_ADD] = "+", [GS_SUB] = "-", [GS_MUL] = "*", [GS_QUO] = "/", [GS_REM] = "%",
    [GS_AND] = "&", [GS_OR] = "|", [GS_XOR] = "^", [GS_SHL] = "<<", [GS_SHR] = ">>",
    [GS_AND_NOT] = "&^",
    [GS_ADD_ASSIGN] = "+=", [GS_SUB_ASSIGN] = "-=", [GS_MUL_ASSIGN] = "*=",
    [GS_QUO_ASSIGN] = "/=", [GS_REM_ASSIGN] = "%=",
    [GS_AND_ASSIGN] = "&=", [GS_OR_ASSIGN] = "|=", [GS_XOR_ASSIGN] = "^=",
    [GS_SHL_ASSIGN] = "<<=", [GS_SHR_ASSIGN] = ">>=", [GS_AND_NOT_ASSIGN] = "&^=",
    [GS_LAND] = "&&", [GS_LOR] = "||", [GS_ARROW] = "<-", [GS_INC] = "++", [GS_DEC] = "--",
    [GS_EQL] = "==", [GS_LSS] = "<", [GS_GTR] = ">", [GS_ASSIGN] = "=", [GS_NOT] = "!",
    [GS_NEQ] = "!=", [GS_LEQ] = "<=", [GS_GEQ] = ">=", [GS_DEFINE] = ":=",
    [GS_ELLIPSIS] = "...",
    [GS_LPAREN] = "(", [GS_LBRACK] = "[", [GS_LBRACE] = "{", [GS_COMMA] = ",",
    [GS_PERIOD] = ".",
    [GS_RPAREN] = ")", [GS_RBRACK] = "]", [GS_RBRACE] = "}", [GS_SEMICOLON] = ";",
    [GS_COLON] = ":",
    [GS_TILDE] = "~",
    [GS_BREAK] = "break", [GS_CASE] = "case", [GS_CHAN] = "chan", [GS_CONST] = "const",
    [GS_CONTINUE] = "continue",
    [GS_DEFAULT] = "default", [GS_DEFER] = "defer", [GS_ELSE] = "else",
    [GS_FALLTHROUGH] = "fallthrough", [GS_FOR] = "for",
    [GS_FUNC] = "func", [GS_GO] = "go", [GS_GOTO] = "goto", [GS_IF] = "if",
    [GS_IMPORT] = "import",
    [GS_INTERFACE] = "interface", [GS_MAP] = "map", [GS_PACKAGE] = "package",
    [GS_RANGE] = "range", [GS_RETURN] = "return",
    [GS_SELECT] = "select", [GS_STRUCT] = "struct", [GS_SWITCH] = "switch",
    [GS_TYPE] = "type", [GS_VAR] = "var",
};

const char *gs_tok_string(gs_tok t) {
    if ((unsigned)t >= GS_TOKEN_COUNT || !gs_tok_names[t]) return "token(?)";
    return gs_tok_names[t];
}

int gs_tok_precedence(gs_tok t) {
    switch (t) {
    case GS_LOR: return 1;
    case GS_LAND: return 2;
    case GS_EQL: case GS_NEQ: case GS_LSS: case GS_LEQ: case GS_GTR: case GS_GEQ: return 3;
    case GS_ADD: case GS_SUB: case GS_OR: case GS_XOR: return 4;
    case GS_MUL: case GS_QUO: case GS_REM: case GS_SHL: case GS_SHR: case GS_AND:
    case GS_AND_NOT: return 5;
    default: return 0;
    }
}

/* Keywords are hashed by (length, first, second letter) into a table with
 * no collisions among the 25 keywords (constants found by search); one
 * memcmp confirms a hit. The lookup runs for every identifier. */
static unsigned gs_kw_hash(const char *s, size_t n) {
    return ((unsigned)n * 6u + (unsigned char)s[0] + (unsigned char)s[1] * 4u) & 63u;
}

static const struct {
    const char *name;
    size_t len;
    gs_tok tok;
} gs_kw_table[64] = {
    [1] = {"import", 6, GS_IMPORT},
    [3] = {"map", 3, GS_MAP},
    [8] = {"break", 5, GS_BREAK},
    [12] = {"var", 3, GS_VAR},
    [13] = {"if", 2, GS_IF},
    [15] = {"continue", 8, GS_CONTINUE},
    [18] = {"func", 4, GS_FUNC},
    [20] = {"range", 5, GS_RANGE},
    [22] = {"defer", 5, GS_DEFER},
    [23] = {"interface", 9, GS_INTERFACE},
    [27] = {"chan", 4, GS_CHAN},
    [30] = {"package", 7, GS_PACKAGE},
    [34] = {"default", 7, GS_DEFAULT},
    [39] = {"struct", 6, GS_STRUCT},
    [42] = {"return", 6, GS_RETURN},
    [43] = {"select", 6, GS_SELECT},
    [44] = {"fallthrough", 11, GS_FALLTHROUGH},
    [45] = {"else", 4, GS_ELSE},
    [47] = {"go", 2, GS_GO},
    [48] = {"type", 4, GS_TYPE},
    [51] = {"switch", 6, GS_SWITCH},
    [52] = {"for", 3, GS_FOR},
    [59] = {"goto", 4, GS_GOTO},
    [61] = {"const", 5, GS_CONST},
    [63] = {"case", 4, GS_CASE},
};

gs_tok gs_tok_lookup(const char *s, size_t n) {
    if (n < 2 || n > 11) return GS_IDENT;
    unsigned h = gs_kw_hash(s, n);
    if (gs_kw_table[h].len != n) return GS_IDENT; /* also for empty slots (len 0) */
    const char *k = gs_kw_table[h].name;
    for (size_t i = 0; i < n; i++) /* short: a loop beats a memcmp call */
        if (k[i] != s[i]) return GS_IDENT;
    return gs_kw_table[h].tok;
}

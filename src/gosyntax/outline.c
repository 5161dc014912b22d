#include "gosyntax/outline.h"

#include <string.h>

#include "gosyntax/scanner.h"

static void gs_outline_put(base_buf *out, const gs_token *t) {
    if (t->tok == GS_SEMICOLON) {
        base_buf_puts(out, ";\n"); /* written or inserted alike */
    } else if (t->lit) {
        base_buf_printf(out, "%s %.*s\n", gs_tok_string(t->tok), (int)t->lit_len, t->lit);
    } else {
        base_buf_printf(out, "%s\n", gs_tok_string(t->tok));
    }
}

void gs_outline(base_arena *a, const char *src, size_t len, base_buf *out) {
    gs_scanner s;
    gs_scanner_init(&s, a, src, len, GS_SCAN_COMMENTS, NULL, NULL);
    gs_token t;
    gs_tok prev = GS_SEMICOLON; /* the last token that was not a comment */
    int parens = 0;             /* ( and [ open at top level or in a signature */
    int braces = 0;             /* { open outside bodies: composite literals, struct and interface types */
    bool sig = false;           /* inside a top-level function declaration, before its body */
    for (gs_scan(&s, &t); t.tok != GS_EOF; gs_scan(&s, &t)) {
        if (t.tok == GS_COMMENT) {
            if (t.lit_len >= 8 && memcmp(t.lit, "//gotel:", 8) == 0) gs_outline_put(out, &t);
            continue;
        }
        if (t.tok == GS_FUNC && parens == 0 && braces == 0 && prev == GS_SEMICOLON) sig = true;
        if (sig && t.tok == GS_LBRACE && parens == 0 && braces == 0 && prev != GS_STRUCT && prev != GS_INTERFACE) {
            /* The body: skipped to its closing brace. */
            int depth = 1;
            while (depth > 0) {
                gs_scan(&s, &t);
                if (t.tok == GS_EOF) return;
                if (t.tok == GS_LBRACE) depth++;
                else if (t.tok == GS_RBRACE) depth--;
            }
            sig = false;
            prev = GS_RBRACE;
            base_buf_puts(out, "body\n");
            continue;
        }
        switch (t.tok) {
        case GS_LPAREN:
        case GS_LBRACK: parens++; break;
        case GS_RPAREN:
        case GS_RBRACK: parens -= parens > 0; break;
        case GS_LBRACE: braces++; break;
        case GS_RBRACE: braces -= braces > 0; break;
        case GS_SEMICOLON:
            if (parens == 0 && braces == 0) sig = false; /* a declaration without a body */
            break;
        default: break;
        }
        gs_outline_put(out, &t);
        prev = t.tok;
    }
}

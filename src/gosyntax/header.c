#include "gosyntax/header.h"

#include "gosyntax/scanner.h"

size_t gs_header_len(base_arena *a, const char *src, size_t len) {
    gs_scanner s;
    gs_scanner_init(&s, a, src, len, 0, NULL, NULL);
    gs_token t;
    gs_scan(&s, &t);
    if (t.tok != GS_PACKAGE) return t.tok == GS_EOF ? len : t.off;
    gs_scan(&s, &t);
    if (t.tok != GS_IDENT) return t.off;
    gs_scan(&s, &t);
    if (t.tok != GS_SEMICOLON) return t.off;
    for (;;) {
        gs_scan(&s, &t);
        if (t.tok != GS_IMPORT) return t.tok == GS_EOF ? len : t.off;
        gs_scan(&s, &t);
        if (t.tok == GS_LPAREN) {
            while (t.tok != GS_RPAREN && t.tok != GS_EOF) gs_scan(&s, &t);
            if (t.tok == GS_EOF) return len;
            gs_scan(&s, &t);
        } else {
            while (t.tok != GS_SEMICOLON && t.tok != GS_EOF) gs_scan(&s, &t);
        }
        if (t.tok == GS_EOF) return len;
        if (t.tok != GS_SEMICOLON) return t.off;
    }
}

/* Go scanner, mirroring go/scanner: automatic semicolons, every literal
 * form, comments (kept with positions when asked for). Positions are byte
 * offsets into the source; gs_scanner_linecol converts them. */
#ifndef GS_SCANNER_H
#define GS_SCANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "gosyntax/token.h"

enum { GS_SCAN_COMMENTS = 1 }; /* return GS_COMMENT tokens */

typedef void (*gs_scan_error_fn)(void *ud, size_t offset, const char *msg);

typedef struct {
    /* input */
    const char *src;
    size_t len;
    unsigned mode;
    gs_scan_error_fn err;
    void *err_ud;
    /* state */
    size_t off;         /* offset of the next unread byte */
    bool insert_semi;   /* insert a semicolon before the next newline */
    int error_count;
    /* line table: offsets where lines start (for gs_scanner_linecol) */
    size_t *lines;
    size_t nlines, lines_cap;
    base_arena *arena;
    /* private to scanner.c (go/scanner's one-character lookahead) */
    int ch;          /* current character (a rune), -1 at EOF */
    size_t ch_off;   /* offset of ch */
    size_t line_off; /* offset where the current line starts */
    size_t nl_pos;   /* pending auto semicolon at a newline inside a
                        general comment, 0 if none (never at offset 0) */
} gs_scanner;

typedef struct {
    gs_tok tok;
    size_t off;      /* byte offset of the token's first byte */
    const char *lit; /* literal text for IDENT, INT..STRING, COMMENT; "\n" or
                        ";" for SEMICOLON (auto-inserted is "\n"); else NULL.
                        Points into the source, or into the arena when the
                        text had to be changed (raw strings lose '\r'). */
    size_t lit_len;
} gs_token;

void gs_scanner_init(gs_scanner *s, base_arena *a, const char *src, size_t len, unsigned mode,
                     gs_scan_error_fn err, void *err_ud);
void gs_scan(gs_scanner *s, gs_token *out);
/* 1-based line and column (column counted in bytes) of a byte offset. Only
 * valid for offsets the scanner has already passed. */
void gs_scanner_linecol(const gs_scanner *s, size_t off, int *line, int *col);

#endif

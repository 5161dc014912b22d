/* libFuzzer target for the Go front end: every input is scanned (with and
 * without comments) and, when the parser is built in (GS_FUZZ_PARSER, set by
 * mk/fuzz.mk once src/gosyntax/parser.c exists), parsed and dumped. Beyond
 * ASan/UBSan/leak checks it asserts the scanner's invariants: it terminates,
 * offsets never go backwards or past the end, literals are in bounds, and
 * line:col agrees with the offset. The header length (gosyntax/header.c)
 * stays within the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"
#include "gosyntax/header.h"
#include "gosyntax/scanner.h"
#ifdef GS_FUZZ_PARSER
#include "gosyntax/dump.h"
#include "gosyntax/parser.h"
#endif

#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "fuzz_parse: invariant failed: %s (%s:%d)\n", #cond,     \
                    __FILE__, __LINE__);                                              \
            abort();                                                                  \
        }                                                                             \
    } while (0)

static void on_error(void *ud, size_t off, const char *msg) {
    const size_t *len = ud;
    FUZZ_CHECK(off <= *len);
    FUZZ_CHECK(msg && msg[0]);
}

static void scan_all(const char *src, size_t len, unsigned mode) {
    base_arena *a = base_arena_new();
    gs_scanner s;
    gs_scanner_init(&s, a, src, len, mode, on_error, &len);
    size_t last = 0, ntok = 0;
    for (;;) {
        gs_token t;
        gs_scan(&s, &t);
        /* each token consumes input except an inserted semicolon, which
         * is followed by one that does */
        FUZZ_CHECK(++ntok <= 2 * len + 4);
        FUZZ_CHECK(t.off >= last && t.off <= len);
        last = t.off;
        if (t.lit) {
            FUZZ_CHECK(t.lit_len > 0);
            /* in the source, or a copy in the arena (compared as integers:
             * relational operators on unrelated pointers are undefined) */
            uintptr_t l = (uintptr_t)t.lit, b = (uintptr_t)src;
            if (l >= b && l < b + len) FUZZ_CHECK(t.lit_len <= len - (size_t)(l - b));
            volatile char sink = t.lit[t.lit_len - 1]; /* ASan checks the bound */
            (void)sink;
        }
        int line, col;
        gs_scanner_linecol(&s, t.off, &line, &col);
        FUZZ_CHECK(line >= 1 && col >= 1 && (size_t)col <= t.off + 1);
        FUZZ_CHECK(t.off + 1 - (size_t)col == 0 || src[t.off - (size_t)col] == '\n');
        if (t.tok == GS_EOF) break;
    }
    base_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *src = (const char *)data;
    scan_all(src, size, GS_SCAN_COMMENTS);
    scan_all(src, size, 0);
    base_arena *a = base_arena_new();
    FUZZ_CHECK(gs_header_len(a, src, size) <= size);
#ifdef GS_FUZZ_PARSER
    base_diags diags;
    base_diags_init(&diags, a);
    gs_file *f = gs_parse_file(a, "fuzz.go", src, size, &diags);
    FUZZ_CHECK(f != NULL);
    base_buf b;
    base_buf_init(&b, a);
    gs_dump_file(&b, f);
    FUZZ_CHECK(base_buf_cstr(&b) != NULL);
#endif
    base_arena_free(a);
    return 0;
}

/* Prints what gotel's Go scanner makes of Go files, in exactly the format
 * of tests/oracle/gotokens (go/scanner's view), so the two can be compared
 * (make test-scanner-oracle). Usage: gs_tokens [-v] [file...]; without
 * files, paths are read one per line from stdin. Without -v one line per
 * file: FNV-1a 64 hash of the token text, then the path. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "gosyntax/scanner.h"

typedef struct {
    char *p;
    size_t n, cap;
} out_buf;

static void out_put(out_buf *b, const char *s, size_t n) {
    if (b->n + n > b->cap) {
        size_t nc = b->cap ? b->cap : 1 << 16;
        while (nc < b->n + n) nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            fputs("gs_tokens: out of memory\n", stderr);
            exit(2);
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void out_str(out_buf *b, const char *s) { out_put(b, s, strlen(s)); }

static void out_num(out_buf *b, size_t v) {
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%zu", v);
    out_put(b, tmp, (size_t)n);
}

static void out_escaped(out_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out_put(b, (const char *)&c, 1);
        } else {
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            out_put(b, e, 4);
        }
    }
}

static void on_error(void *ud, size_t off, const char *msg) {
    out_buf *b = ud;
    out_num(b, off);
    out_str(b, " E ");
    out_escaped(b, msg, strlen(msg));
    out_str(b, "\n");
}

static void scan_file(out_buf *b, const char *src, size_t len, unsigned mode) {
    base_arena *a = base_arena_new();
    gs_scanner s;
    gs_scanner_init(&s, a, src, len, mode, on_error, b);
    for (;;) {
        gs_token t;
        gs_scan(&s, &t);
        int line, col;
        gs_scanner_linecol(&s, t.off, &line, &col);
        out_num(b, t.off);
        out_str(b, " ");
        out_num(b, (size_t)line);
        out_str(b, ":");
        out_num(b, (size_t)col);
        out_str(b, " ");
        out_str(b, gs_tok_string(t.tok));
        if (t.lit) {
            out_str(b, " ");
            out_escaped(b, t.lit, t.lit_len);
        }
        out_str(b, "\n");
        if (t.tok == GS_EOF) break;
    }
    base_arena_free(a);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            p = realloc(p, cap);
        }
        if (!p) {
            fclose(f);
            return NULL;
        }
        size_t r = fread(p + n, 1, cap - n, f);
        if (r == 0) break;
        n += r;
    }
    fclose(f);
    *len = n;
    return p;
}

static int verbose;
static out_buf buf;

static void do_file(const char *path) {
    size_t len;
    char *src = read_file(path, &len);
    if (!src) {
        printf("error %s\n", path);
        return;
    }
    buf.n = 0;
    scan_file(&buf, src, len, GS_SCAN_COMMENTS);
    out_str(&buf, "--\n");
    scan_file(&buf, src, len, 0);
    free(src);
    if (verbose) {
        fwrite(buf.p, 1, buf.n, stdout);
        return;
    }
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < buf.n; i++) {
        h ^= (unsigned char)buf.p[i];
        h *= 1099511628211ull;
    }
    printf("%016" PRIx64 " %s\n", h, path);
}

int main(int argc, char **argv) {
    int i = 1;
    if (i < argc && strcmp(argv[i], "-v") == 0) {
        verbose = 1;
        i++;
    }
    if (i < argc) {
        for (; i < argc; i++) do_file(argv[i]);
    } else {
        char line[4096];
        while (fgets(line, sizeof line, stdin)) {
            line[strcspn(line, "\n")] = 0;
            if (line[0]) do_file(line);
        }
    }
    free(buf.p);
    return 0;
}

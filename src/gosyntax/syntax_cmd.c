/* `gotel syntax [--dump|--hash] FILE...`: parse Go files, report syntax
 * errors like `gofmt -e`, optionally dump the AST (docs/ast-dump.md).
 * --hash prints `path<TAB>sha256-of-dump` (or `path<TAB>ERROR`) per file,
 * for the go/parser oracle test; a FILE of `-` reads paths from stdin. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/bigstack.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/sha256.h"
#include "base/str.h"
#include "commands.h"
#include "gosyntax/dump.h"
#include "gosyntax/parser.h"

enum { GS_SYN_CHECK, GS_SYN_DUMP, GS_SYN_HASH };

typedef struct {
    int mode;
    int argc;
    char **argv;
    int status;
} gs_syntax_job;

static void gs_syntax_one(gs_syntax_job *j, const char *path) {
    base_arena *a = base_arena_new();
    char *src;
    size_t n;
    const char *err;
    if (base_file_read(a, path, &src, &n, &err) != 0) {
        fprintf(stderr, "gotel syntax: %s\n", err);
        j->status = 1;
        base_arena_free(a);
        return;
    }
    base_diags diags;
    base_diags_init(&diags, a);
    gs_file *f = gs_parse_file(a, path, src, n, &diags);
    if (diags.count > 0) {
        j->status = 1;
        if (j->mode == GS_SYN_HASH) printf("%s\tERROR\n", path);
        else base_diags_print(&diags, stderr);
    } else if (j->mode == GS_SYN_DUMP) {
        base_buf b;
        base_buf_init(&b, a);
        gs_dump_file(&b, f);
        fwrite(b.p, 1, b.n, stdout);
    } else if (j->mode == GS_SYN_HASH) {
        base_buf b;
        base_buf_init(&b, a);
        gs_dump_file(&b, f);
        char hex[BASE_SHA256_HEX];
        base_sha256_hex(b.p, b.n, hex);
        printf("%s\t%s\n", path, hex);
    }
    base_arena_free(a);
}

static void gs_syntax_run(void *v) {
    gs_syntax_job *j = v;
    for (int i = 0; i < j->argc; i++) {
        if (strcmp(j->argv[i], "-") != 0) {
            gs_syntax_one(j, j->argv[i]);
            continue;
        }
        char line[8192];
        while (fgets(line, sizeof line, stdin)) {
            size_t k = strlen(line);
            while (k > 0 && (line[k - 1] == '\n' || line[k - 1] == '\r')) line[--k] = 0;
            if (k > 0) gs_syntax_one(j, line);
        }
    }
}

int cmd_syntax(int argc, char **argv) {
    gs_syntax_job j = {GS_SYN_CHECK, 0, NULL, 0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--dump") == 0) j.mode = GS_SYN_DUMP;
        else if (strcmp(argv[i], "--hash") == 0) j.mode = GS_SYN_HASH;
        else {
            fprintf(stderr, "gotel syntax: unknown flag %s\nusage: gotel syntax [--dump|--hash] FILE...\n", argv[i]);
            return 2;
        }
    }
    if (i == argc) {
        fputs("usage: gotel syntax [--dump|--hash] FILE...\n", stderr);
        return 2;
    }
    j.argc = argc - i;
    j.argv = argv + i;
    /* The dump recurses as deep as the tree; run on a big stack. */
    if (!base_run_big_stack((size_t)1 << 30, gs_syntax_run, &j)) {
        fputs("gotel syntax: cannot start worker thread\n", stderr);
        return 1;
    }
    fflush(stdout);
    return j.status;
}

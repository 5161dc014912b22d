#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/str.h"
#include "base/vec.h"
#include "toolexec/tx.h"

const char *tx_tool_name(base_arena *a, const char *tool_path) {
    const char *b = base_path_base(tool_path);
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".exe") == 0) return base_arena_strndup(a, b, n - 4);
    return b;
}

const char *tx_importpath_clean(base_arena *a, const char *s) {
    const char *sp = strstr(s, " [");
    return sp ? base_arena_strndup(a, s, (size_t)(sp - s)) : s;
}

bool tx_is_version_query(int nargs, char *const *args) { return nargs == 1 && strcmp(args[0], "-V=full") == 0; }

char *tx_version_line(base_arena *a, const char *out, const char *salt16, const char **err) {
    size_t n = strcspn(out, "\n");
    while (n && (out[n - 1] == '\r' || out[n - 1] == ' ')) n--;
    char *line = base_arena_strndup(a, out, n);
    /* Fields as strings.Fields sees them. */
    BASE_VEC(base_str) f = {0};
    for (const char *p = line; *p;) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        BASE_VEC_PUSH(a, &f, ((base_str){s, (size_t)(p - s)}));
    }
    if (f.n < 3 || !base_str_eqc(f.v[1], "version")) {
        *err = base_arena_printf(a, "unexpected -V=full answer from the tool: %s", line);
        return NULL;
    }
    bool devel = memmem(f.v[2].p, f.v[2].n, "devel", 5) != NULL;
    if (!devel) return base_arena_printf(a, "%s gotel:%s\n", line, salt16);
    base_str last = f.v[f.n - 1];
    if (!base_str_has_prefix(last, "buildID=")) {
        *err = base_arena_printf(a, "devel toolchain answer without a final buildID= field: %s", line);
        return NULL;
    }
    size_t at = (size_t)(last.p - line);
    return base_arena_printf(a, "%.*sgotel:%s %s\n", (int)at, line, salt16, last.p);
}

static bool tx_is_go_file(const char *s) {
    size_t n = strlen(s);
    return s[0] != '-' && n > 3 && strcmp(s + n - 3, ".go") == 0;
}

int tx_compile_parse(char *const *args, size_t nargs, tx_compile *c, const char **err) {
    memset(c, 0, sizeof *c);
    size_t i = nargs;
    while (i > 0 && tx_is_go_file(args[i - 1])) i--;
    c->first_file = i;
    c->nfiles = nargs - i;
    if (!c->nfiles) {
        *err = "compile command line has no Go files at its end";
        return -1;
    }
    for (size_t k = 0; k < i; k++) {
        const char *s = args[k];
        if (strcmp(s, "-complete") == 0) c->complete = true;
        else if (strcmp(s, "-o") == 0 && k + 1 < i) c->ofile = args[++k];
        else if (strncmp(s, "-o=", 3) == 0) c->ofile = s + 3;
        else if (strcmp(s, "-p") == 0 && k + 1 < i) c->pkgpath = args[++k];
        else if (strncmp(s, "-p=", 3) == 0) c->pkgpath = s + 3;
    }
    return 0;
}

const char **tx_compile_rewrite(base_arena *a, char *const *args, const tx_compile *c, const char *const *files,
                                size_t nfiles, bool drop_complete, size_t *n) {
    const char **out = BASE_NEW_ARRAY(a, const char *, c->first_file + nfiles + 1);
    size_t k = 0;
    for (size_t i = 0; i < c->first_file; i++) {
        if (drop_complete && strcmp(args[i], "-complete") == 0) continue;
        out[k++] = args[i];
    }
    for (size_t i = 0; i < nfiles; i++) out[k++] = files[i];
    out[k] = NULL;
    *n = k;
    return out;
}

/* "1.21" → 1 and 21; false when it is not of that shape. */
static bool tx_lang_parse(const char *s, long *major, long *minor) {
    char *e;
    *major = strtol(s, &e, 10);
    if (e == s || *e != '.') return false;
    const char *m = e + 1;
    *minor = strtol(m, &e, 10);
    return e != m && (*e == 0 || *e == '.');
}

bool tx_compile_set_lang(base_arena *a, char **args, size_t first_file, const char *lang) {
    long want_major, want_minor;
    if (!tx_lang_parse(lang, &want_major, &want_minor)) return false;
    bool changed = false;
    for (size_t i = 0; i < first_file; i++) {
        if (strncmp(args[i], "-lang=go", 8) != 0) continue;
        long major, minor;
        if (!tx_lang_parse(args[i] + 8, &major, &minor)) continue;
        if (want_major < major || (want_major == major && want_minor < minor)) {
            args[i] = base_arena_printf(a, "-lang=go%s", lang);
            changed = true;
        }
    }
    return changed;
}

int tx_expand_response(base_arena *a, char *const *args, size_t nargs, char ***out, size_t *nout, const char **err) {
    if (nargs != 1 || args[0][0] != '@') {
        *out = (char **)args;
        *nout = nargs;
        return 0;
    }
    char *text;
    size_t n;
    if (base_file_read(a, args[0] + 1, &text, &n, err) < 0) return -1;
    BASE_VEC(char *) v = {0};
    char *line = text;
    while (line < text + n) {
        char *nl = memchr(line, '\n', (size_t)(text + n - line));
        char *end = nl ? nl : text + n;
        /* Decode in place: "\\\\" → '\\', "\\n" → newline. */
        char *w = line;
        for (char *r = line; r < end; r++) {
            if (*r == '\\' && r + 1 < end) {
                r++;
                *w++ = *r == 'n' ? '\n' : *r;
            } else {
                *w++ = *r;
            }
        }
        *w = 0;
        BASE_VEC_PUSH(a, &v, line);
        if (!nl) break;
        line = nl + 1;
    }
    BASE_VEC_PUSH(a, &v, NULL);
    *out = v.v;
    *nout = v.n - 1;
    return 0;
}

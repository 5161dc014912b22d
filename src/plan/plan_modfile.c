#include "plan/plan_modfile.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/str.h"
#include "base/vec.h"
#include "rules/version.h"

static const char *plan_gover_num(const char *p, long *v) {
    char *e;
    *v = strtol(p, &e, 10);
    return e;
}

int plan_gover_cmp(const char *x, const char *y) {
    for (int i = 0; i < 3; i++) {
        long a = 0, b = 0;
        if (x && isdigit((unsigned char)*x)) x = plan_gover_num(x, &a);
        if (y && isdigit((unsigned char)*y)) y = plan_gover_num(y, &b);
        if (a != b) return a < b ? -1 : 1;
        if (x && *x == '.') x++;
        else x = NULL;
        if (y && *y == '.') y++;
        else y = NULL;
    }
    return 0;
}

/* Line iteration that keeps the line's text without its newline. */
typedef struct {
    const char *p;
    size_t n;
} plan_line;

static bool plan_next_line(const char **s, plan_line *l) {
    if (!**s) return false;
    const char *e = strchr(*s, '\n');
    l->p = *s;
    l->n = e ? (size_t)(e - *s) : strlen(*s);
    *s = e ? e + 1 : *s + l->n;
    return true;
}

/* The first word of a line and the rest, trimmed. */
static base_str plan_word(base_str *rest) {
    size_t i = 0;
    while (i < rest->n && isspace((unsigned char)rest->p[i])) i++;
    size_t j = i;
    if (j < rest->n && (rest->p[j] == '"' || rest->p[j] == '`')) {
        /* A quoted string is one word, spaces and all. */
        char q = rest->p[j++];
        while (j < rest->n && rest->p[j] != q) j += (q == '"' && rest->p[j] == '\\' && j + 1 < rest->n) ? 2 : 1;
        if (j < rest->n) j++;
    } else {
        while (j < rest->n && !isspace((unsigned char)rest->p[j])) j++;
    }
    base_str w = {rest->p + i, j - i};
    rest->p += j;
    rest->n -= j;
    return w;
}

const char *plan_modfile_go(base_arena *a, const char *text) {
    plan_line l;
    const char *s = text;
    while (plan_next_line(&s, &l)) {
        base_str rest = {l.p, l.n};
        base_str w = plan_word(&rest);
        if (base_str_eqc(w, "go")) {
            base_str v = plan_word(&rest);
            if (v.n) return base_arena_strndup(a, v.p, v.n);
        }
    }
    return NULL;
}

/* One requirement from "path version [// indirect]". */
static bool plan_put_req(base_arena *a, base_str rest, plan_gomod_req *r) {
    base_str path = plan_word(&rest), ver = plan_word(&rest);
    if (!path.n || !ver.n || base_str_has_prefix(path, "//")) return false;
    base_str c = plan_word(&rest);
    base_str ind = plan_word(&rest);
    r->path = base_arena_strndup(a, path.p, path.n);
    r->version = base_arena_strndup(a, ver.p, ver.n);
    r->indirect = base_str_eqc(c, "//") ? base_str_eqc(ind, "indirect") : base_str_eqc(c, "//indirect");
    return true;
}

plan_gomod_req *plan_gomod_requires(base_arena *a, const char *text, size_t *n) {
    BASE_VEC(plan_gomod_req) v = {0};
    bool block = false;
    plan_line l;
    const char *s = text;
    while (plan_next_line(&s, &l)) {
        base_str rest = {l.p, l.n};
        plan_gomod_req r;
        if (block) {
            base_str save = rest;
            if (base_str_eqc(plan_word(&rest), ")")) block = false;
            else if (plan_put_req(a, save, &r)) BASE_VEC_PUSH(a, &v, r);
            continue;
        }
        if (!base_str_eqc(plan_word(&rest), "require")) continue;
        base_str save = rest;
        if (base_str_eqc(plan_word(&rest), "(")) block = true;
        else if (plan_put_req(a, save, &r)) BASE_VEC_PUSH(a, &v, r);
    }
    *n = v.n;
    return v.v;
}

/* Copies text, replacing the go directive's version by min_go when it is
 * older (or adding the directive when there is none). */
static void plan_put_with_go(base_buf *b, const char *text, const char *min_go) {
    bool seen = false;
    plan_line l;
    const char *s = text;
    while (plan_next_line(&s, &l)) {
        base_str rest = {l.p, l.n};
        base_str w = plan_word(&rest);
        if (min_go && base_str_eqc(w, "go") && !seen) {
            seen = true;
            base_str v = plan_word(&rest);
            char ver[64];
            snprintf(ver, sizeof ver, "%.*s", (int)v.n, v.p);
            if (plan_gover_cmp(ver, min_go) < 0) {
                base_buf_printf(b, "go %s\n", min_go);
                /* Raising the go line would change the program's GODEBUG
                 * defaults; pin them to the module's own version (exactly:
                 * the go command derives them from any 1.N, and e.g.
                 * netedns0 changed in Go 1.19). */
                if (!strstr(text, "default=go")) base_buf_printf(b, "godebug default=go%s\n", ver);
                continue;
            }
        }
        base_buf_append(b, l.p, l.n);
        base_buf_putc(b, '\n');
    }
    /* No go line means Go 1.16 to the go command, GODEBUG defaults too. */
    if (min_go && !seen) {
        base_buf_printf(b, "go %s\n", min_go);
        if (!strstr(text, "default=go")) base_buf_puts(b, "godebug default=go1.16\n");
    }
}

/* Copies text; a requirement line of a module in reqs gets the higher of
 * the two versions, and placed[i] records that reqs[i] had a line. */
static void plan_put_reqs_merged(base_arena *a, base_buf *b, const char *text, const plan_gomod_req *reqs,
                                 size_t nreqs, bool *placed) {
    bool block = false;
    plan_line l;
    const char *s = text;
    while (plan_next_line(&s, &l)) {
        base_str rest = {l.p, l.n};
        base_str w = plan_word(&rest);
        base_str path = {0};
        if (block && base_str_eqc(w, ")")) block = false;
        else if (block) path = w;
        else if (base_str_eqc(w, "require")) {
            path = plan_word(&rest);
            if (base_str_eqc(path, "(")) block = true, path = (base_str){0};
        }
        base_str ver = path.n ? plan_word(&rest) : (base_str){0};
        size_t i = 0;
        while (ver.n && i < nreqs && !base_str_eqc(path, reqs[i].path)) i++;
        if (!ver.n || i == nreqs) {
            base_buf_append(b, l.p, l.n);
            base_buf_putc(b, '\n');
            continue;
        }
        placed[i] = true;
        bool ok = true;
        const char *v = base_arena_strndup(a, ver.p, ver.n);
        if (rules_version_cmp(RULES_VER_SEMVER, v, reqs[i].version, &ok) < 0 && ok) v = reqs[i].version;
        base_buf_append(b, l.p, (size_t)(ver.p - l.p));
        base_buf_puts(b, v);
        base_buf_append(b, ver.p + ver.n, (size_t)(l.p + l.n - (ver.p + ver.n)));
        base_buf_putc(b, '\n');
    }
}

char *plan_gomod_rewrite(base_arena *a, const char *text, const plan_gomod_dep *deps, size_t n,
                         const plan_gomod_req *reqs, size_t nreqs, const char *min_go) {
    base_buf g;
    base_buf_init(&g, a);
    plan_put_with_go(&g, text, min_go);
    /* What gotel's packages import is listed as the main module's own
     * requirements, each module once (a program's lower version raised in
     * its own line): with a go.mod that already names the selected version
     * of every module providing a package, the go command does not load the
     * whole module graph, whose unpruned parts (dependencies whose go.mod
     * predates go 1.17) the plain build never downloads either. */
    bool *placed = BASE_NEW_ARRAY(a, bool, nreqs + 1);
    base_buf b;
    base_buf_init(&b, a);
    plan_put_reqs_merged(a, &b, base_buf_cstr(&g), reqs, nreqs, placed);
    base_buf_puts(&b, "\n// Added by gotel to its scratch copy; the module's own go.mod is unchanged.\n");
    for (size_t i = 0; i < n; i++)
        base_buf_printf(&b, "require %s v0.0.0\nreplace %s => %s\n", deps[i].path, deps[i].path, deps[i].dir);
    for (size_t i = 0; i < nreqs; i++)
        if (!placed[i]) base_buf_printf(&b, "require %s %s\n", reqs[i].path, reqs[i].version);
    return base_arena_strdup(a, base_buf_cstr(&b));
}

char *plan_gomod_drop_replaces(base_arena *a, const char *text, const plan_gomod_req *olds, size_t n) {
    base_buf b;
    base_buf_init(&b, a);
    bool block = false;
    plan_line l;
    const char *s = text;
    while (plan_next_line(&s, &l)) {
        base_str rest = {l.p, l.n};
        base_str w = plan_word(&rest);
        base_str path = {0}, ver = {0};
        if (block && base_str_eqc(w, ")")) block = false;
        else if (block) path = w, ver = plan_word(&rest);
        else if (base_str_eqc(w, "replace")) {
            path = plan_word(&rest);
            if (base_str_eqc(path, "(")) block = true, path = (base_str){0};
            else ver = plan_word(&rest);
        }
        bool drop = false;
        for (size_t i = 0; i < n && path.n && ver.n && !base_str_eqc(ver, "=>"); i++)
            drop |= base_str_eqc(path, olds[i].path) && base_str_eqc(ver, olds[i].version);
        if (drop) continue;
        base_buf_append(&b, l.p, l.n);
        base_buf_putc(&b, '\n');
    }
    return base_arena_strdup(a, base_buf_cstr(&b));
}

/* A go.work path token, possibly quoted, made absolute when relative. */
static void plan_put_path(base_arena *a, base_buf *b, base_str tok, const char *workdir) {
    char *raw = base_arena_strndup(a, tok.p, tok.n);
    bool quoted = tok.n >= 2 && (raw[0] == '"' || raw[0] == '`');
    if (quoted) raw = base_arena_strndup(a, tok.p + 1, tok.n - 2);
    bool local = raw[0] == '.' || raw[0] == '/';
    if (!local) {
        base_buf_append(b, tok.p, tok.n);
        return;
    }
    char *abs = base_path_clean(a, base_path_join(a, workdir, raw));
    /* A Go string literal keeps paths with spaces or quotes intact. */
    if (strpbrk(abs, " \t\"\\`")) base_buf_printf(b, "`%s`", abs);
    else base_buf_puts(b, abs);
}

char *plan_gowork_rewrite(base_arena *a, const char *text, const char *workdir,
                          const plan_gomod_dep *deps, size_t n, const char *min_go) {
    base_buf in;
    base_buf_init(&in, a);
    plan_put_with_go(&in, text, min_go);
    const char *src = base_arena_strdup(a, base_buf_cstr(&in));
    base_buf b;
    base_buf_init(&b, a);
    const char *block = NULL; /* "use" or "replace" inside a ( ) block */
    plan_line l;
    const char *s = src;
    while (plan_next_line(&s, &l)) {
        base_str rest = {l.p, l.n};
        base_str w = plan_word(&rest);
        const char *kind = NULL;
        if (block && base_str_eqc(w, ")")) {
            block = NULL;
        } else if (block) {
            kind = block;
            rest = (base_str){l.p, l.n};
        } else if (base_str_eqc(w, "use") || base_str_eqc(w, "replace")) {
            base_str save = rest;
            base_str nx = plan_word(&rest);
            if (base_str_eqc(nx, "(")) {
                block = base_str_eqc(w, "use") ? "use" : "replace";
            } else {
                kind = base_str_eqc(w, "use") ? "use" : "replace";
                base_buf_append(&b, l.p, (size_t)(save.p - l.p));
                rest = save;
                l.n -= (size_t)(save.p - l.p);
                l.p = save.p;
            }
        }
        if (!kind) {
            base_buf_append(&b, l.p, l.n);
            base_buf_putc(&b, '\n');
            continue;
        }
        /* Rewrite the path: for use, the first token; for replace, the
         * token after "=>". Everything else is copied. */
        const char *line_end = l.p + l.n;
        const char *at = rest.p;
        base_str tok;
        if (strcmp(kind, "use") == 0) {
            tok = plan_word(&rest);
        } else {
            const char *arrow = NULL;
            for (const char *q = rest.p; q + 1 < line_end; q++)
                if (q[0] == '=' && q[1] == '>') { arrow = q; break; }
            if (!arrow) {
                base_buf_append(&b, l.p, l.n);
                base_buf_putc(&b, '\n');
                continue;
            }
            rest = (base_str){arrow + 2, (size_t)(line_end - arrow - 2)};
            tok = plan_word(&rest);
            /* A replacement with a version is a module, not a directory. */
            base_str more = rest;
            base_str ver = plan_word(&more);
            if (ver.n && !base_str_has_prefix(ver, "//")) tok.n = 0;
        }
        if (tok.n == 0) {
            base_buf_append(&b, l.p, l.n);
            base_buf_putc(&b, '\n');
            continue;
        }
        base_buf_append(&b, at, (size_t)(tok.p - at));
        plan_put_path(a, &b, tok, workdir);
        base_buf_append(&b, tok.p + tok.n, (size_t)(line_end - (tok.p + tok.n)));
        base_buf_putc(&b, '\n');
    }
    base_buf_puts(&b, "\n// Added by gotel to its scratch copy; the workspace's own go.work is unchanged.\n");
    for (size_t i = 0; i < n; i++) base_buf_printf(&b, "use %s\n", deps[i].dir);
    return base_arena_strdup(a, base_buf_cstr(&b));
}

char *plan_gosum_merge(base_arena *a, const char *user, const char *const *extra, size_t n) {
    base_buf b;
    base_buf_init(&b, a);
    if (user && *user) {
        base_buf_puts(&b, user);
        if (b.p[b.n - 1] != '\n') base_buf_putc(&b, '\n');
    }
    for (size_t i = 0; i < n; i++) {
        plan_line l;
        const char *s = extra[i];
        while (s && plan_next_line(&s, &l)) {
            if (l.n == 0) continue;
            /* Skip lines already present (whole-line match). */
            const char *cur = base_buf_cstr(&b);
            bool dup = false;
            for (const char *f = cur; (f = memmem(f, (size_t)(cur + b.n - f), l.p, l.n));
                 f += l.n) {
                if ((f == cur || f[-1] == '\n') && (f[l.n] == '\n' || f[l.n] == 0)) {
                    dup = true;
                    break;
                }
            }
            if (dup) continue;
            base_buf_append(&b, l.p, l.n);
            base_buf_putc(&b, '\n');
        }
    }
    return base_arena_strdup(a, base_buf_cstr(&b));
}

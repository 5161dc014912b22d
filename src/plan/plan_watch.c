#include "plan/plan_watch.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/file.h"
#include "base/str.h"
#include "gosyntax/header.h"
#include "gosyntax/outline.h"

int64_t plan_watch_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static bool plan_has_suffix(const char *s, const char *suf) {
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

bool plan_watch_source_name(const char *name, bool tests) {
    /* The go command ignores names starting with '.' or '_'. */
    if (name[0] == '.' || name[0] == '_') return false;
    if (plan_has_suffix(name, ".go")) return tests || !plan_has_suffix(name, "_test.go");
    static const char *const ext[] = {".c",  ".h",   ".s",   ".S",   ".sx",  ".cc",   ".cpp", ".cxx",
                                      ".hh", ".hpp", ".hxx", ".f",   ".F",   ".for",  ".f90", ".m",
                                      ".syso", ".swig", ".swigcxx", ".pgo"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (plan_has_suffix(name, ext[i])) return true;
    return strcmp(name, "go.mod") == 0;
}

void plan_watch_add(base_arena *a, plan_watch *w, plan_wkind kind, const char *path, plan_dep dep) {
    BASE_VEC_PUSH(a, &w->e, ((plan_wentry){.kind = (char)kind,
                                           .plan_full = dep == PLAN_DEP_FULL,
                                           .build_only = dep == PLAN_DEP_NONE,
                                           .path = path}));
}

/* Digest of a directory's names that kind can see (subdirectories marked). */
static void plan_dir_digest(base_arena *a, const char *path, char kind, char out[BASE_SHA256_HEX]) {
    DIR *d = opendir(path);
    if (!d) {
        out[0] = 0;
        return;
    }
    BASE_VEC(char *) names = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        bool dir = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) dir = base_is_dir(base_path_join(a, path, e->d_name));
        if (!dir && kind != PLAN_W_DIRALL && !plan_watch_source_name(e->d_name, kind == PLAN_W_DIRTEST)) continue;
        BASE_VEC_PUSH(a, &names, base_arena_printf(a, "%s%s", e->d_name, dir ? "/" : ""));
    }
    closedir(d);
    if (names.n) qsort(names.v, names.n, sizeof *names.v, base_cstr_cmp);
    base_sha256_ctx c;
    base_sha256_init(&c);
    for (size_t i = 0; i < names.n; i++) base_sha256_update_str(&c, names.v[i]);
    unsigned char sum[BASE_SHA256_SIZE];
    base_sha256_final(&c, sum);
    base_hex(sum, sizeof sum, out);
}

/* What of a Go file the plan depends on beyond the packages: its header,
 * and its //gotel: directive lines (which decide what is woven). */
static void plan_head_digest(base_arena *a, const char *data, size_t n, char out[BASE_SHA256_HEX]) {
    size_t h = gs_header_len(a, data, n);
    base_buf b;
    base_buf_init(&b, a);
    base_buf_append(&b, data, h);
    for (const char *p = data + h, *end = data + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *q = p;
        while (q < eol && (*q == ' ' || *q == '\t')) q++;
        if ((size_t)(eol - q) >= 8 && memcmp(q, "//gotel:", 8) == 0) {
            base_buf_append(&b, q, (size_t)(eol - q));
            base_buf_putc(&b, '\n');
        }
        p = nl ? nl + 1 : end;
    }
    base_sha256_hex(b.p, b.n, out);
}

/* What the plan of a package a rule targets depends on in one of its Go
 * files: its outline, which leaves the function bodies out (the rule
 * checks read declarations; the weaver reads the bodies when it compiles). */
static void plan_outline_digest(base_arena *a, const char *data, size_t n, char out[BASE_SHA256_HEX]) {
    base_buf b;
    base_buf_init(&b, a);
    gs_outline(a, data, n, &b);
    base_sha256_hex(b.p, b.n, out);
}

/* Content digests of e (which has been stat'ed). */
static void plan_digest(base_arena *a, const plan_wentry *e, char full[BASE_SHA256_HEX], char head[BASE_SHA256_HEX]) {
    full[0] = head[0] = 0;
    if (!e->exists || e->kind == PLAN_W_OUT || e->kind == PLAN_W_TOOL) return;
    if (e->kind == PLAN_W_DIR || e->kind == PLAN_W_DIRTEST || e->kind == PLAN_W_DIRALL) {
        plan_dir_digest(a, e->path, e->kind, full);
        return;
    }
    char *data;
    size_t n;
    const char *err;
    if (base_file_read(a, e->path, &data, &n, &err)) return;
    base_sha256_hex(data, n, full);
    if (e->kind == PLAN_W_GO) (e->plan_full ? plan_outline_digest : plan_head_digest)(a, data, n, head);
}

static void plan_stat(plan_wentry *e, int64_t now_ns) {
    struct stat sb;
    e->exists = stat(e->path, &sb) == 0;
    if (!e->exists) {
        e->dev = e->ino = e->size = 0;
        e->mtime_ns = e->ctime_ns = 0;
        e->recheck = false;
        return;
    }
    e->dev = (uint64_t)sb.st_dev;
    e->ino = (uint64_t)sb.st_ino;
    e->size = (uint64_t)sb.st_size;
    e->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
    e->ctime_ns = (int64_t)sb.st_ctim.tv_sec * 1000000000LL + sb.st_ctim.tv_nsec;
    int64_t newest = e->mtime_ns > e->ctime_ns ? e->mtime_ns : e->ctime_ns;
    e->recheck = e->kind != PLAN_W_OUT && e->kind != PLAN_W_TOOL && newest > now_ns - PLAN_WATCH_SETTLE_NS;
}

static int plan_entry_cmp(const void *x, const void *y) {
    const plan_wentry *p = x, *q = y;
    int c = strcmp(p->path, q->path);
    return c ? c : p->kind - q->kind;
}

void plan_watch_snapshot(base_arena *a, plan_watch *w, int64_t now_ns) {
    if (w->e.n) qsort(w->e.v, w->e.n, sizeof *w->e.v, plan_entry_cmp);
    size_t k = 0;
    for (size_t i = 0; i < w->e.n; i++) {
        plan_wentry *e = &w->e.v[i];
        if (k && strcmp(w->e.v[k - 1].path, e->path) == 0 && w->e.v[k - 1].kind == e->kind) {
            w->e.v[k - 1].plan_full |= e->plan_full;
            w->e.v[k - 1].build_only &= e->build_only;
            continue;
        }
        w->e.v[k++] = *e;
    }
    w->e.n = k;
    for (size_t i = 0; i < w->e.n; i++) {
        plan_wentry *e = &w->e.v[i];
        plan_stat(e, now_ns);
        plan_digest(a, e, e->full, e->head);
    }
}

static bool plan_same_stat(const plan_wentry *x, const plan_wentry *y) {
    return x->exists == y->exists && x->dev == y->dev && x->ino == y->ino && x->size == y->size &&
           x->mtime_ns == y->mtime_ns && x->ctime_ns == y->ctime_ns;
}

plan_watch_verdict plan_watch_check(base_arena *a, plan_watch *w, int64_t now_ns) {
    plan_watch_verdict v = {.plan_ok = true, .build_ok = true};
    for (size_t i = 0; i < w->e.n; i++) {
        plan_wentry *e = &w->e.v[i];
        plan_wentry now = *e;
        plan_stat(&now, now_ns);
        if (plan_same_stat(e, &now) && !e->recheck) continue;
        v.moved = true;
        if (e->kind == PLAN_W_OUT || e->kind == PLAN_W_TOOL) {
            v.build_ok = false;
            v.plan_ok &= e->kind == PLAN_W_OUT || e->build_only;
            *e = now;
            continue;
        }
        plan_digest(a, &now, now.full, now.head);
        bool same = now.exists == e->exists && strcmp(now.full, e->full) == 0;
        bool body_only = e->kind == PLAN_W_GO && now.exists && e->exists && strcmp(now.head, e->head) == 0;
        if (!same) {
            v.build_ok = false;
            if (!e->build_only && !body_only) v.plan_ok = false;
        }
        /* From here on the entry describes what the next build reads. */
        *e = now;
    }
    return v;
}

bool plan_watch_still(base_arena *a, plan_watch *w) {
    for (size_t i = 0; i < w->e.n; i++) {
        plan_wentry *e = &w->e.v[i];
        if (e->kind == PLAN_W_OUT) continue;
        plan_wentry now = *e;
        plan_stat(&now, plan_watch_now());
        if (plan_same_stat(e, &now)) continue;
        if (e->kind == PLAN_W_TOOL) return false;
        /* A directory the build wrote its output to moves, its listing not. */
        plan_digest(a, &now, now.full, now.head);
        if (now.exists != e->exists || strcmp(now.full, e->full) != 0) return false;
        *e = now;
    }
    return true;
}

bool plan_watch_settle_outputs(plan_watch *w) {
    bool all = true;
    for (size_t i = 0; i < w->e.n; i++) {
        plan_wentry *e = &w->e.v[i];
        if (e->kind != PLAN_W_OUT) continue;
        plan_stat(e, 0);
        all &= e->exists;
    }
    return all;
}

void plan_watch_format(const plan_watch *w, base_buf *out) {
    for (size_t i = 0; i < w->e.n; i++) {
        const plan_wentry *e = &w->e.v[i];
        base_buf_printf(out, "w %c%s%s%s%s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRId64 " %" PRId64 " %s %s %s\n",
                        e->kind, e->exists ? "" : "m", e->plan_full ? "p" : "", e->build_only ? "b" : "", e->recheck ? "r" : "", e->dev,
                        e->ino, e->size, e->mtime_ns, e->ctime_ns, e->full[0] ? e->full : "-",
                        e->head[0] ? e->head : "-", e->path);
    }
}

static bool plan_copy_digest(char out[BASE_SHA256_HEX], const char *s, size_t n) {
    if (n == 1 && s[0] == '-') {
        out[0] = 0;
        return true;
    }
    if (n != BASE_SHA256_HEX - 1) return false;
    memcpy(out, s, n);
    out[n] = 0;
    return true;
}

bool plan_watch_parse_line(base_arena *a, plan_watch *w, const char *line) {
    if (strncmp(line, "w ", 2) != 0) return false;
    plan_wentry e = {0};
    const char *p = line + 2;
    e.kind = *p++;
    e.exists = true;
    for (; *p && *p != ' '; p++) {
        if (*p == 'm') e.exists = false;
        else if (*p == 'p') e.plan_full = true;
        else if (*p == 'r') e.recheck = true;
        else if (*p == 'b') e.build_only = true;
        else return false;
    }
    if (!strchr("fgdtaox", e.kind) || !e.kind) return false;
    int used = 0;
    char full[80], head[80];
    if (sscanf(p, " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNd64 " %" SCNd64 " %79s %79s %n", &e.dev, &e.ino,
               &e.size, &e.mtime_ns, &e.ctime_ns, full, head, &used) != 7 || !used)
        return false;
    if (!plan_copy_digest(e.full, full, strlen(full)) || !plan_copy_digest(e.head, head, strlen(head))) return false;
    p += used;
    if (!*p) return false;
    e.path = base_arena_strdup(a, p);
    BASE_VEC_PUSH(a, &w->e, e);
    return true;
}

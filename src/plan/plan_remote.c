#include "plan/plan_remote.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "base/proc.h"
#include "base/sha256.h"
#include "plan/plan_embed.h"
#include "plan/plan_json.h"
#include "plan/plan_modfile.h"

/* Copies the tree src into dst (which does not exist), with files the
 * user can write: the module cache's are read-only, and the copy must stay
 * removable. */
static int plan_copy_tree(base_arena *a, const char *src, const char *dst, const char **err) {
    if (base_mkdir_p(a, dst, err)) return -1;
    DIR *d = opendir(src);
    if (!d) {
        *err = base_arena_printf(a, "cannot read %s", src);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        const char *from = base_path_join(a, src, e->d_name), *to = base_path_join(a, dst, e->d_name);
        struct stat sb;
        if (lstat(from, &sb) != 0) {
            *err = base_arena_printf(a, "cannot stat %s", from);
            rc = -1;
        } else if (S_ISDIR(sb.st_mode)) {
            rc = plan_copy_tree(a, from, to, err);
        } else if (S_ISREG(sb.st_mode)) {
            char *data;
            size_t n;
            rc = base_file_read(a, from, &data, &n, err);
            if (rc == 0) rc = base_file_write_atomic(a, to, data, n, (sb.st_mode & 0111) ? 0755 : 0644, err);
        }
    }
    closedir(d);
    return rc;
}

/* The module paths that could provide the package (or pattern) path: the
 * path up to any "..." element, then each shorter prefix. */
static void plan_module_candidates(base_arena *a, const char *path, plan_strv *out) {
    const char *dots = strstr(path, "...");
    size_t n = dots ? (size_t)(dots - path) : strlen(path);
    while (n && path[n - 1] == '/') n--;
    if (dots && n && !strchr(path + n, '/')) { /* "x/y..." names packages beneath x */
        while (n && path[n - 1] != '/') n--;
        while (n && path[n - 1] == '/') n--;
    }
    for (; n; n--) {
        if (path[n] && path[n] != '/') continue;
        plan_strv_push(a, out, base_arena_strndup(a, path, n));
    }
}

/* `go mod download -json` prints one object per module: the stream as an
 * array. No string holds a raw newline, so "}\n{" only falls between them. */
static plan_json *plan_parse_stream(base_arena *a, const char *out, const char **err) {
    base_buf b;
    base_buf_init(&b, a);
    base_buf_puts(&b, "[");
    for (const char *p = out; *p; p++) {
        if (p[0] == '}' && p[1] == '\n' && p[2] == '{') base_buf_puts(&b, "},");
        else base_buf_putc(&b, *p);
    }
    base_buf_puts(&b, "]");
    return plan_json_parse(a, b.p, b.n, err);
}

/* Whether the go.mod text has a directive of that name (a line starting
 * with it, alone or as a block). */
static bool plan_modfile_has(const char *text, const char *name) {
    size_t n = strlen(name);
    for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        l += strspn(l, " \t");
        if (strncmp(l, name, n) == 0 && (l[n] == ' ' || l[n] == '\t' || l[n] == '(')) return true;
    }
    return false;
}

/* The directory holding path@version's module, as the go command downloads
 * it; *mod and *version are the module and the version the query named. */
static const char *plan_download(base_arena *a, const char *path, const char *version, const char **mod,
                                 const char **resolved, const char **err) {
    plan_strv cands = {0};
    plan_module_candidates(a, path, &cands);
    plan_strv argv = {0};
    plan_strv_push(a, &argv, "go");
    plan_strv_push(a, &argv, "mod");
    plan_strv_push(a, &argv, "download");
    plan_strv_push(a, &argv, "-json");
    for (size_t i = 0; i < cands.n; i++) plan_strv_push(a, &argv, base_arena_printf(a, "%s@%s", cands.v[i], version));
    plan_strv_push(a, &argv, NULL);
    /* Outside any module or workspace, as go install pkg@version is. */
    static const char *const env[] = {"GOWORK=off", NULL};
    base_proc_opts o = {.argv = argv.v, .env_add = env, .cwd = "/", .capture_stdout = true,
                        .capture_stderr = true, .stdin_devnull = true};
    base_proc_result r;
    if (base_proc_run(a, &o, &r, err) != 0) return NULL;
    const char *jerr;
    plan_json *list = r.out ? plan_parse_stream(a, r.out, &jerr) : NULL;
    if (!list || list->kind != PLAN_JARR) {
        *err = base_arena_printf(a, "go mod download of %s@%s failed: %s", path, version, r.err ? r.err : "");
        return NULL;
    }
    /* The longest module path that has the package's directory. */
    const char *why = NULL;
    for (size_t i = 0; i < list->n; i++) {
        const plan_json *m = list->items[i];
        const char *p = plan_json_get_str(m, "Path"), *dir = plan_json_get_str(m, "Dir");
        const char *e = plan_json_get_str(m, "Error");
        if (e && !why) why = e;
        if (!p || !dir || e) continue;
        const char *rest = path + strlen(p);
        const char *dots = strstr(rest, "...");
        const char *sub = base_arena_strndup(a, rest, dots ? (size_t)(dots - rest) : strlen(rest));
        if (dots) sub = base_arena_strndup(a, sub, strrchr(sub, '/') ? (size_t)(strrchr(sub, '/') - sub) : 0);
        if (!base_is_dir(base_arena_printf(a, "%s%s", dir, sub))) continue;
        *mod = p;
        *resolved = plan_json_get_str(m, "Version");
        return dir;
    }
    *err = base_arena_printf(a, "no module provides %s@%s%s%s", path, version, why ? ": " : "", why ? why : "");
    return NULL;
}

/* The go.work of a copy of the module in dir, made once per module version
 * in gotel's cache (never changed afterwards: the module cache's copy is
 * immutable too). */
static const char *plan_remote_copy(base_arena *a, const char *mod, const char *version, const char *dir,
                                    const char **err) {
    const char *root = plan_cache_dir(a, err);
    if (!root) return NULL;
    base_sha256_ctx h;
    base_sha256_init(&h);
    base_sha256_update_str(&h, base_arena_printf(a, "%s@%s %s", mod, version, dir));
    unsigned char sum[BASE_SHA256_SIZE];
    base_sha256_final(&h, sum);
    char hex[BASE_SHA256_HEX];
    base_hex(sum, sizeof sum, hex);
    const char *parent = base_path_join(a, root, "remote");
    const char *final = base_path_join(a, parent, base_arena_printf(a, "%.24s", hex));
    const char *gowork = base_path_join(a, final, "go.work");
    if (base_path_exists(gowork)) return gowork;
    char *gomod;
    if (base_file_read(a, base_path_join(a, dir, "go.mod"), &gomod, &(size_t){0}, err)) gomod = "";
    /* The go command's own condition for building a module this way. */
    if (plan_modfile_has(gomod, "replace") || plan_modfile_has(gomod, "exclude")) {
        *err = base_arena_printf(a,
                                 "%s@%s: its go.mod has replace or exclude directives, which would make it build "
                                 "differently as the main module, so go install refuses it and so does gotel",
                                 mod, version);
        return NULL;
    }
    char *tmp;
    if (base_mkdir_p(a, parent, err) || base_mkdtemp(a, parent, ".copy-", &tmp, err)) return NULL;
    const char *go = plan_modfile_go(a, gomod);
    const char *work = base_arena_printf(a, "%s%s%suse ./mod\n", go ? "go " : "", go ? go : "", go ? "\n\n" : "");
    if (plan_copy_tree(a, dir, base_path_join(a, tmp, "mod"), err) ||
        base_file_write_atomic(a, base_path_join(a, tmp, "go.work"), work, strlen(work), 0644, err)) {
        const char *e2;
        base_remove_tree(a, tmp, &e2);
        return NULL;
    }
    /* Another gotel may have made it meanwhile: the first rename wins. */
    if (rename(tmp, final) != 0) {
        const char *e2;
        base_remove_tree(a, tmp, &e2);
        if (!base_path_exists(gowork)) {
            *err = base_arena_printf(a, "cannot create %s", final);
            return NULL;
        }
    }
    return gowork;
}

int plan_remote_prepare(base_arena *a, plan_state *st, const char **err) {
    plan_args *args = &st->args;
    const char *version = NULL, *first = NULL;
    for (size_t i = 0; i < args->packages.n; i++) {
        const char *at = strchr(args->packages.v[i], '@');
        if (!at) continue;
        if (args->cmd != PLAN_CMD_INSTALL && args->cmd != PLAN_CMD_RUN) {
            *err = base_arena_printf(a, "%s: go %s does not take a package at a version; use gotel go install or "
                                        "gotel go run", args->packages.v[i], args->subcmd);
            return -1;
        }
        if (!version) version = at + 1, first = args->packages.v[i];
        if (strcmp(at + 1, version) != 0) {
            *err = base_arena_printf(a, "%s and %s: all packages must be at the same version, as go install "
                                        "requires", first, args->packages.v[i]);
            return -1;
        }
    }
    if (!version) return 0;
    for (size_t i = 0; i < args->packages.n; i++)
        if (!strchr(args->packages.v[i], '@')) {
            *err = base_arena_printf(a, "%s: with %s, every package must be given at a version, as go install "
                                        "requires", args->packages.v[i], first);
            return -1;
        }
    const char *path = base_arena_strndup(a, first, strcspn(first, "@"));
    const char *mod, *resolved;
    const char *dir = plan_download(a, path, version, &mod, &resolved, err);
    if (!dir) return -1;
    st->remote_query = !resolved || strcmp(resolved, version) != 0;
    /* The packages must all be in that module, as go install requires: the
     * go command says so when one is not in the workspace's only module. */
    for (size_t i = 0; i < args->packages.n; i++) {
        const char *p = args->packages.v[i];
        const char *bare = base_arena_strndup(a, p, strcspn(p, "@"));
        for (size_t j = 0; j < args->pass.n; j++)
            if (args->pass.v[j] == p) args->pass.v[j] = bare;
        args->packages.v[i] = bare;
    }
    const char *gowork = plan_remote_copy(a, mod, resolved ? resolved : version, dir, err);
    if (!gowork) return -1;
    if (setenv("GOWORK", gowork, 1) != 0) {
        *err = "cannot set GOWORK";
        return -1;
    }
    return 0;
}

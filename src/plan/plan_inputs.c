#include "plan/plan_inputs.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/proc.h"
#include "base/sha256.h"
#include "plan/plan_json.h"
#include "plan/plan_match.h"
#include "plan/plan_vendor.h"

enum { PLAN_WALK_MAX = 10000 }; /* directories one walk may watch */

static bool plan_under(const char *path, const char *dir) {
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    return n && *dir && strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0);
}

/* The first executable named name on PATH (a path with a '/' as is),
 * symbolic links resolved; NULL when none. */
static const char *plan_which(base_arena *a, const char *name) {
    const char *found = NULL;
    if (strchr(name, '/')) {
        found = name;
    } else {
        const char *path = getenv("PATH");
        for (const char *p = path ? path : ""; *p && !found;) {
            const char *e = strchr(p, ':');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            const char *c = base_path_join(a, n ? base_arena_strndup(a, p, n) : ".", name);
            if (access(c, X_OK) == 0 && !base_is_dir(c)) found = c;
            p += n + (e ? 1 : 0);
        }
    }
    if (!found) return NULL;
    char *r = realpath(found, NULL);
    if (!r) return found;
    const char *s = base_arena_strdup(a, r);
    free(r);
    return s;
}

typedef struct {
    base_arena *a;
    plan_watch *w;
    const plan_state *st;
    bool tests;
    size_t walked;
    bool memo;  /* outputs can be trusted to reflect the inputs */
    bool ok;    /* the plan can be cached at all */
} plan_wb;

/* Watches a directory tree: every subdirectory (not those the go command
 * skips when dirs is a pattern walk) up to PLAN_WALK_MAX. */
static bool plan_walk(plan_wb *b, const char *dir, plan_wkind kind, plan_dep dep) {
    if (++b->walked > PLAN_WALK_MAX) return false;
    plan_watch_add(b->a, b->w, kind, dir, dep);
    DIR *d = opendir(dir);
    if (!d) return true;
    BASE_VEC(const char *) subs = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0) continue;
        if (kind != PLAN_W_DIRALL && (n[0] == '.' || n[0] == '_' || strcmp(n, "testdata") == 0)) continue;
        if (e->d_type == DT_DIR || ((e->d_type == DT_UNKNOWN) && base_is_dir(base_path_join(b->a, dir, n))))
            BASE_VEC_PUSH(b->a, &subs, base_path_join(b->a, dir, n));
    }
    closedir(d);
    for (size_t i = 0; i < subs.n; i++) {
        /* A nested module is not part of this one's patterns; its go.mod
         * shows in its directory's listing. */
        if (kind != PLAN_W_DIRALL && base_path_exists(base_path_join(b->a, subs.v[i], "go.mod"))) {
            plan_watch_add(b->a, b->w, kind, subs.v[i], dep);
            continue;
        }
        if (!plan_walk(b, subs.v[i], kind, dep)) return false;
    }
    return true;
}

static bool plan_mutable(const plan_state *st, const char *dir) {
    return dir && *dir && !plan_under(dir, st->env.goroot) && !(*st->env.gomodcache && plan_under(dir, st->env.gomodcache));
}

static bool plan_is_rule_target(const plan_state *st, const char *folded) {
    for (size_t i = 0; i < st->entries.n; i++)
        if (strcmp(st->entries.v[i].pkg, folded) == 0) return true;
    return false;
}

static void plan_watch_pkg(plan_wb *b, const plan_pkg *p) {
    base_arena *a = b->a;
    const plan_state *st = b->st;
    if (p->standard || !plan_mutable(st, p->dir)) return;
    if (p->pkg_config) b->memo = false;
    plan_watch_add(a, b->w, b->tests ? PLAN_W_DIRTEST : PLAN_W_DIR, p->dir, PLAN_DEP_HEADER);
    bool target = strcmp(p->name, "main") != 0 && plan_is_rule_target(st, plan_fold_import_path(a, p->import_path));
    DIR *d = opendir(p->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!plan_watch_source_name(e->d_name, b->tests)) continue;
            size_t n = strlen(e->d_name);
            const char *path = base_path_join(a, p->dir, e->d_name);
            if (n > 3 && strcmp(e->d_name + n - 3, ".go") == 0)
                plan_watch_add(a, b->w, PLAN_W_GO, path, target ? PLAN_DEP_FULL : PLAN_DEP_HEADER);
            else
                plan_watch_add(a, b->w, PLAN_W_FILE, path, strcmp(e->d_name, "go.mod") == 0 ? PLAN_DEP_HEADER : PLAN_DEP_NONE);
        }
        closedir(d);
    }
    if (p->mod_dir && plan_mutable(st, p->mod_dir)) {
        plan_watch_add(a, b->w, PLAN_W_FILE, base_path_join(a, p->mod_dir, "go.mod"), PLAN_DEP_HEADER);
        plan_watch_add(a, b->w, PLAN_W_FILE, base_path_join(a, p->mod_dir, "go.sum"), PLAN_DEP_HEADER);
    }
    if (p->n_embeds) {
        for (size_t i = 0; i < p->n_embeds; i++) plan_watch_add(a, b->w, PLAN_W_FILE, p->embeds[i], PLAN_DEP_NONE);
        size_t before = b->walked;
        if (!plan_walk(b, p->dir, PLAN_W_DIRALL, PLAN_DEP_NONE)) b->memo = false;
        b->walked = before;
    }
}

/* Directories whose new subdirectories could add packages to a `...`
 * pattern (or to "all"). */
static void plan_watch_patterns(plan_wb *b) {
    base_arena *a = b->a;
    const plan_state *st = b->st;
    if (st->args.files) return;
    for (size_t i = 0; i < st->args.packages.n && b->ok; i++) {
        const char *pat = st->args.packages.v[i];
        const char *dots = strstr(pat, "...");
        bool all = strcmp(pat, "all") == 0;
        if (!dots && !all) continue;
        if (!all && (pat[0] == '.' || pat[0] == '/')) {
            const char *prefix = base_arena_strndup(a, pat, (size_t)(dots - pat));
            const char *root = base_path_join(a, st->workdir, prefix);
            if (prefix[0] && prefix[strlen(prefix) - 1] != '/') root = base_path_dir(a, root);
            b->ok = plan_walk(b, base_path_clean(a, root), PLAN_W_DIR, PLAN_DEP_HEADER);
            continue;
        }
        for (size_t k = 0; k < st->pkgs.n && b->ok; k++) {
            const plan_pkg *p = &st->pkgs.v[k];
            if (!p->mod_main || !p->mod_dir) continue;
            bool dup = false;
            for (size_t j = 0; j < k && !dup; j++) dup = st->pkgs.v[j].mod_main && st->pkgs.v[j].mod_dir &&
                                                      strcmp(st->pkgs.v[j].mod_dir, p->mod_dir) == 0;
            if (!dup) b->ok = plan_walk(b, p->mod_dir, PLAN_W_DIR, PLAN_DEP_HEADER);
        }
    }
}

/* The go command's configuration files and the tools it runs. */
static void plan_watch_setup(plan_wb *b) {
    base_arena *a = b->a;
    const plan_state *st = b->st;
    const char *go = plan_which(a, "go");
    if (go) plan_watch_add(a, b->w, PLAN_W_TOOL, go, PLAN_DEP_HEADER);
    else b->ok = false;
    /* The tools the go command runs (it keys its cache by their -V=full). */
    static const char *const tools[] = {"compile", "link", "asm", "cgo"};
    for (size_t i = 0; i < sizeof tools / sizeof tools[0] && *st->env.gotooldir; i++)
        plan_watch_add(a, b->w, PLAN_W_TOOL, base_path_join(a, st->env.gotooldir, tools[i]), PLAN_DEP_HEADER);
    plan_watch_add(a, b->w, PLAN_W_FILE, base_path_join(a, st->env.goroot, "go.env"), PLAN_DEP_HEADER);
    const char *goenv = getenv("GOENV");
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (!goenv || !*goenv) {
        if (xdg && *xdg) goenv = base_path_join(a, xdg, "go/env");
        else if (home && *home) goenv = base_path_join(a, home, ".config/go/env");
    }
    if (goenv && strcmp(goenv, "off") != 0) plan_watch_add(a, b->w, PLAN_W_FILE, goenv, PLAN_DEP_HEADER);
    /* Where the go command looks for go.mod and go.work. */
    for (const char *d = st->workdir;; d = base_path_dir(a, d)) {
        plan_watch_add(a, b->w, PLAN_W_FILE, base_path_join(a, d, "go.mod"), PLAN_DEP_HEADER);
        plan_watch_add(a, b->w, PLAN_W_FILE, base_path_join(a, d, "go.work"), PLAN_DEP_HEADER);
        if (strcmp(d, "/") == 0 || strcmp(d, ".") == 0) break;
    }
    const char *files[] = {
        st->workspace ? st->env.gowork : NULL,
        st->workspace ? base_arena_printf(a, "%s.sum", st->env.gowork) : NULL,
        !st->workspace ? st->env.gomod : NULL,
        !st->workspace ? base_path_join(a, base_path_dir(a, st->env.gomod), "go.sum") : NULL,
        plan_vendor_modules_txt(a, st),
        st->args.modfile,
        st->args.overlay,
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (files[i]) plan_watch_add(a, b->w, PLAN_W_FILE, files[i], PLAN_DEP_HEADER);
    if (st->args.modfile)
        plan_watch_add(a, b->w, PLAN_W_FILE, plan_modfile_sum(a, st->args.modfile), PLAN_DEP_HEADER);
    if (st->args.overlay) {
        const plan_json *r = st->user_overlay ? plan_json_get(st->user_overlay, "Replace") : NULL;
        if (!r || r->kind != PLAN_JOBJ) b->ok = false;
        for (size_t i = 0; r && r->kind == PLAN_JOBJ && i < r->n; i++)
            if (r->items[i]->kind == PLAN_JSTR && *r->items[i]->str)
                plan_watch_add(a, b->w, PLAN_W_FILE, base_path_join(a, st->workdir, r->items[i]->str), PLAN_DEP_HEADER);
    }
    /* The program's rule file (or where it would be) and its hook
     * packages, whose signatures decide the woven code. */
    if (st->user_rules) plan_watch_add(a, b->w, PLAN_W_FILE, st->user_rules, PLAN_DEP_FULL);
    for (size_t i = 0; i < st->rules.ninstrs; i++) {
        const rules_instr *in = st->rules.instrs[i];
        for (size_t j = 0; in->user && j < in->nrules; j++) {
            const rules_rule *r = in->rules[j];
            const char *dir = r->function && r->hooks ? plan_hooks_dir(a, st, in, r->hooks) : NULL;
            if (!dir) continue;
            plan_watch_add(a, b->w, PLAN_W_DIR, dir, PLAN_DEP_HEADER);
            size_t n;
            const char **files = plan_dir_gofiles(a, dir, &n);
            for (size_t k = 0; k < n; k++) plan_watch_add(a, b->w, PLAN_W_GO, files[k], PLAN_DEP_FULL);
        }
    }
    /* gotel's unpacked modules, which a cleaned cache may have lost. */
    for (size_t i = 0; i < st->mods.n; i++)
        plan_watch_add(a, b->w, PLAN_W_FILE, base_path_join(a, st->mods.v[i].dir, "go.mod"), PLAN_DEP_HEADER);
    if (strcmp(st->env.cgo_enabled, "1") == 0 && *st->env.cc) {
        size_t n = strcspn(st->env.cc, " \t");
        const char *cc = plan_which(a, base_arena_strndup(a, st->env.cc, n));
        if (cc) plan_watch_add(a, b->w, PLAN_W_TOOL, cc, PLAN_DEP_NONE);
        else b->memo = false;
    }
}

/* Build flags after which the go command does something even when nothing
 * changed, or prints what it would do. */
static bool plan_flag_forces_work(const char *w) {
    if (w[0] != '-') return false;
    w += w[1] == '-' ? 2 : 1;
    size_t n = strcspn(w, "=");
    static const char *const names[] = {"a", "n", "x", "work", "json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && strncmp(w, names[i], n) == 0) return true;
    return strncmp(w, "debug", 5) == 0;
}

static bool plan_flag_is(const char *w, const char *name, const char **value) {
    if (w[0] != '-') return false;
    w += w[1] == '-' ? 2 : 1;
    size_t n = strlen(name);
    if (strncmp(w, name, n) != 0 || (w[n] && w[n] != '=')) return false;
    *value = w[n] == '=' ? w + n + 1 : NULL;
    return true;
}

/* go's DefaultExecName: the last element of the import path, or the one
 * before a major-version suffix ("v2"). */
static const char *plan_exec_name(base_arena *a, const char *ip) {
    const char *slash = strrchr(ip, '/');
    const char *elem = slash ? slash + 1 : ip;
    bool ver = slash && elem[0] == 'v' && elem[1] && strspn(elem + 1, "0123456789") == strlen(elem + 1) &&
               !(elem[1] == '0' || (elem[1] == '1' && !elem[2]));
    if (!ver) return elem;
    const char *dir = base_arena_strndup(a, ip, (size_t)(slash - ip));
    const char *s2 = strrchr(dir, '/');
    return s2 ? s2 + 1 : dir;
}

/* The files `go build` writes, when they can be known; false otherwise. */
static bool plan_outputs(plan_wb *b) {
    base_arena *a = b->a;
    const plan_state *st = b->st;
    const char *o = NULL;
    bool have_o = false;
    for (size_t i = 0; i < st->args.pass.n; i++) {
        const char *w = st->args.pass.v[i], *v;
        if (plan_flag_is(w, "o", &v)) {
            have_o = true;
            o = v ? v : (i + 1 < st->args.pass.n ? st->args.pass.v[i + 1] : NULL);
        }
    }
    if (have_o) {
        if (!o || !*o || o[strlen(o) - 1] == '/') return false;
        const char *path = base_path_join(a, st->workdir, o);
        if (base_is_dir(path)) return false;
        plan_watch_add(a, b->w, PLAN_W_OUT, path, PLAN_DEP_NONE);
        return true;
    }
    const plan_pkg *root = NULL;
    size_t nroots = 0;
    for (size_t i = 0; i < st->pkgs.n; i++) {
        const plan_pkg *p = &st->pkgs.v[i];
        if (p->dep_only || p->standard || *p->for_test) continue;
        root = p;
        nroots++;
    }
    /* Several packages, or one that is not main: nothing is written. */
    if (nroots != 1 || strcmp(root->name, "main") != 0) return nroots > 0;
    const char *name;
    if (st->args.files) {
        const char *f = base_path_base(st->args.packages.v[0]);
        name = base_arena_strndup(a, f, strlen(f) - 3);
    } else {
        name = plan_exec_name(a, root->import_path);
    }
    plan_watch_add(a, b->w, PLAN_W_OUT, base_path_join(a, st->workdir, base_arena_printf(a, "%s%s", name, st->env.goexe)),
                   PLAN_DEP_NONE);
    return true;
}

/* The repository whose state `go build` stamps into binaries
 * (-buildvcs=auto), found as the go command finds it; false when one exists
 * that gotel does not check (not git). */
static bool plan_find_vcs(base_arena *a, const plan_state *st, const char **git_dir) {
    *git_dir = NULL;
    const char *v;
    for (size_t i = 0; i < st->args.pass.n; i++)
        if (plan_flag_is(st->args.pass.v[i], "buildvcs", &v) && v && strcmp(v, "false") == 0) return true;
    v = plan_goflags_get(a, st->env.goflags, "buildvcs");
    if (v && strcmp(v, "false") == 0) return true;
    for (const char *d = st->workdir;; d = base_path_dir(a, d)) {
        if (base_path_exists(base_path_join(a, d, ".git"))) {
            *git_dir = d;
            return true;
        }
        static const char *const others[] = {".hg", ".bzr", ".svn", ".fossil", "_FOSSIL_"};
        for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
            if (base_path_exists(base_path_join(a, d, others[i]))) return false;
        if (strcmp(d, "/") == 0 || strcmp(d, ".") == 0) return true;
    }
}

/* What the go command reads of a git work tree to stamp a binary: status
 * (modified or not), HEAD's revision and time, and the tags (the module
 * version comes from them). */
const char *plan_vcs_digest(base_arena *a, const char *dir) {
    static const char *const cmds[][8] = {
        {"git", "status", "--porcelain", NULL},
        {"git", "-c", "log.showsignature=false", "log", "-1", "--format=%H:%ct", NULL},
        {"git", "for-each-ref", "--format=%(objectname) %(refname)", "refs/tags", NULL},
    };
    base_sha256_ctx h;
    base_sha256_init(&h);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        base_proc_opts o = {.argv = cmds[i], .cwd = dir, .capture_stdout = true, .capture_stderr = true,
                            .stdin_devnull = true};
        base_proc_result r;
        const char *err;
        if (base_proc_run(a, &o, &r, &err) != 0) {
            base_sha256_update_str(&h, "no git");
            continue;
        }
        base_sha256_update_str(&h, base_arena_printf(a, "%d", r.exit_code));
        base_sha256_update(&h, r.out ? r.out : "", r.out_n);
    }
    unsigned char sum[BASE_SHA256_SIZE];
    base_sha256_final(&h, sum);
    char *hex = base_arena_alloc(a, BASE_SHA256_HEX);
    base_hex(sum, sizeof sum, hex);
    return hex;
}

plan_inputs plan_inputs_collect(base_arena *a, const plan_state *st, plan_watch *w) {
    plan_wb b = {.a = a, .w = w, .st = st, .tests = st->args.cmd == PLAN_CMD_TEST,
                 .memo = st->args.cmd == PLAN_CMD_BUILD, .ok = !st->remote_query};
    plan_watch_setup(&b);
    for (size_t i = 0; i < st->pkgs.n; i++) plan_watch_pkg(&b, &st->pkgs.v[i]);
    plan_watch_patterns(&b);
    if (b.memo) {
        for (size_t i = 0; i < st->args.pass.n; i++) b.memo &= !plan_flag_forces_work(st->args.pass.v[i]);
        for (const char *p = st->env.goflags; *p;) {
            size_t n = strcspn(p, " \t");
            if (n) b.memo &= !plan_flag_forces_work(base_arena_strndup(a, p, n));
            p += n;
            p += strspn(p, " \t");
        }
    }
    const char *git = NULL;
    if (b.memo) b.memo = plan_outputs(&b);
    if (b.memo) b.memo = plan_find_vcs(a, st, &git);
    return (plan_inputs){.cacheable = b.ok, .skippable = b.memo, .git_dir = b.memo ? git : NULL};
}

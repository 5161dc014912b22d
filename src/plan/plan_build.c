#include "plan/plan_build.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/sha256.h"
#include "plan/plan_match.h"
#include "plan/plan_overlay.h"
#include "plan/plan_planfile.h"
#include "plan/plan_raise.h"
#include "plan/plan_remote.h"
#include "plan/plan_vendor.h"

const char *plan_goflags_get(base_arena *a, const char *goflags, const char *name) {
    const char *found = NULL;
    size_t nl = strlen(name);
    for (const char *p = goflags; *p;) {
        while (*p == ' ' || *p == '\t') p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t') e++;
        const char *w = p;
        if (*w == '-') w++;
        if (*w == '-') w++;
        if ((size_t)(e - w) >= nl && strncmp(w, name, nl) == 0 && (w + nl == e || w[nl] == '='))
            found = w + nl == e ? "" : base_arena_strndup(a, w + nl + 1, (size_t)(e - w - nl - 1));
        p = e;
    }
    return found;
}

static const char *plan_self_exe(base_arena *a) {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return NULL;
    return base_arena_strndup(a, buf, (size_t)n);
}

/* Whether go test builds a test binary for p: its test main is listed. */
static bool plan_has_test_main(const plan_state *st, const plan_pkg *p) {
    size_t n = strlen(p->import_path);
    for (size_t i = 0; i < st->pkgs.n; i++) {
        const char *ip = st->pkgs.v[i].import_path;
        if (strncmp(ip, p->import_path, n) == 0 && strcmp(ip + n, ".test") == 0) return true;
    }
    return false;
}

/* The generated boot file a package gets: gotel_boot.go or gotel_boot_test.go. */
typedef enum { PLAN_BOOT_NONE, PLAN_BOOT_FILE, PLAN_BOOT_TEST_FILE } plan_boot_kind;

/* The boot file of a package go test builds a test binary for: a _test.go
 * file when the package is made only of _test.go files, since a non-test
 * file would give them a package their tests do not belong to. Without any
 * boot file the woven standard library's calls into the hooks would find
 * nothing to link against. */
static plan_boot_kind plan_test_boot(const plan_state *st, const plan_pkg *p) {
    if (p->n_files > 0) return PLAN_BOOT_FILE;
    return plan_has_test_main(st, p) ? PLAN_BOOT_TEST_FILE : PLAN_BOOT_NONE;
}

/* Which boot file a root package of the build gets: main packages, and
 * under go test (and setup, unless -test=false) every tested package. */
static plan_boot_kind plan_wants_boot(const plan_state *st, const plan_pkg *p) {
    if (p->dep_only || p->standard) return PLAN_BOOT_NONE;
    if (!p->mod_path && strcmp(p->import_path, "command-line-arguments") != 0) return PLAN_BOOT_NONE;
    if (*p->for_test || strstr(p->import_path, " [")) return PLAN_BOOT_NONE;
    if (plan_pkg_is_test_main(p)) return PLAN_BOOT_NONE;
    bool main = strcmp(p->name, "main") == 0;
    switch (st->args.cmd) {
    case PLAN_CMD_TEST:
        return plan_test_boot(st, p);
    case PLAN_CMD_SETUP:
        if (main) return PLAN_BOOT_FILE;
        return st->args.setup_test ? plan_test_boot(st, p) : PLAN_BOOT_NONE;
    default:
        return main ? PLAN_BOOT_FILE : PLAN_BOOT_NONE;
    }
}

/* With -test, the standard-library packages listed for the runtime's rules
 * come with their test variants and test mains, which no build of the
 * user's packages contains: drop them. */
static void plan_drop_std_tests(base_arena *a, plan_pkgs *pkgs) {
    size_t k = 0;
    for (size_t i = 0; i < pkgs->n; i++) {
        const plan_pkg *p = &pkgs->v[i];
        const char *ip = p->import_path;
        const char *br = strstr(ip, " [");
        size_t n = strlen(ip);
        const char *base = NULL;
        if (br) base = base_arena_strndup(a, br + 2, strlen(br + 2) - 1); /* "X.test" */
        else if (n > 5 && strcmp(ip + n - 5, ".test") == 0) base = ip;
        bool drop = false;
        if (base) {
            size_t bn = strlen(base);
            if (bn > 5 && strcmp(base + bn - 5, ".test") == 0)
                drop = rules_is_std_path(base_arena_strndup(a, base, bn - 5));
        }
        if (!drop) pkgs->v[k++] = *p;
    }
    pkgs->n = k;
}

static bool plan_path_under(const char *p, const char *path) {
    size_t n = strlen(path);
    return strncmp(p, path, n) == 0 && (p[n] == 0 || p[n] == '/');
}

int plan_analyze(base_arena *a, plan_state *st, base_diags *d, const char **err) {
    const char *cwd = base_path_abs(a, ".");
    if (!cwd) {
        *err = "cannot determine the current directory";
        return -1;
    }
    if (plan_remote_prepare(a, st, err)) return -1;
    st->workdir = st->args.chdir ? base_path_clean(a, base_path_join(a, cwd, st->args.chdir)) : cwd;
    if (plan_goenv_load(a, st->workdir, &st->env, err)) return -1;
    const char *tx = plan_goflags_get(a, st->env.goflags, "toolexec");
    if (tx) {
        *err = "GOFLAGS already sets -toolexec (perhaps from 'gotel setup'); unset it or run plain "
               "'go', since gotel adds its own -toolexec";
        return -1;
    }
    if (!st->args.modfile) st->args.modfile = plan_goflags_get(a, st->env.goflags, "modfile");
    if (!st->args.overlay) st->args.overlay = plan_goflags_get(a, st->env.goflags, "overlay");
    if (st->args.modfile && !*st->args.modfile) st->args.modfile = NULL;
    if (st->args.overlay && !*st->args.overlay) st->args.overlay = NULL;
    if (st->args.modfile) st->args.modfile = base_path_clean(a, base_path_join(a, st->workdir, st->args.modfile));
    if (st->args.overlay) st->args.overlay = base_path_clean(a, base_path_join(a, st->workdir, st->args.overlay));

    st->workspace = *st->env.gowork && strcmp(st->env.gowork, "off") != 0;
    if (!st->workspace && (!*st->env.gomod || strcmp(st->env.gomod, "/dev/null") == 0)) {
        *err = base_arena_printf(a,
                                 "%s is not inside a Go module (go env GOMOD is empty), and gotel needs "
                                 "one to add its runtime to; run 'go mod init <module path>' first",
                                 st->workdir);
        return -1;
    }
    if (st->workspace && st->args.modfile) {
        *err = "-modfile cannot be used in workspace mode (go.work); set GOWORK=off to use it";
        return -1;
    }
    {
        const char *mod = st->args.mod ? st->args.mod : plan_goflags_get(a, st->env.goflags, "mod");
        st->vendor = base_path_exists(plan_vendor_modules_txt(a, st)) && (!mod || strcmp(mod, "vendor") == 0);
    }
    if (plan_embed_unpack(a, &st->embed, err)) return -1;
    st->rules_root = st->embed.root;
    if (plan_rules_load(a, st, d, err)) return -1;
    plan_strv extra = {0};
    if (plan_runtime_std_targets(a, st, &extra, err)) return -1;
    bool test = st->args.cmd == PLAN_CMD_TEST || (st->args.cmd == PLAN_CMD_SETUP && st->args.setup_test);
    /* Named .go files cannot be mixed with package paths on a go list
     * command line: the runtime's packages get a go list of their own. */
    if (plan_golist_run(a, &st->args, test, st->args.overlay, st->args.files ? NULL : &extra, NULL, &st->pkgs, err))
        return -1;
    if (st->args.files && extra.n) {
        plan_args only = st->args;
        only.packages = (plan_strv){0};
        if (plan_golist_run(a, &only, false, st->args.overlay, &extra, NULL, &st->pkgs, err)) return -1;
    }
    /* (The second go list has no -test; and command-line-arguments.test,
     * the test main of named files, looks like a standard package's.) */
    if (test && extra.n && !st->args.files) plan_drop_std_tests(a, &st->pkgs);
    for (size_t i = 0; i < st->pkgs.n; i++) {
        const plan_pkg *p = &st->pkgs.v[i];
        /* Named files (command-line-arguments, and its test main under
         * go test) carry no module; they are in the main module when GOMOD
         * says there is one. */
        bool files_in_module = !st->workspace && (strcmp(p->import_path, "command-line-arguments") == 0 ||
                                                  strcmp(p->import_path, "command-line-arguments.test") == 0);
        if (!p->dep_only && !p->standard && !p->mod_path && *p->dir && !*p->for_test && !files_in_module) {
            *err = base_arena_printf(a,
                                     "package %s (%s) is outside any Go module, and gotel needs one to "
                                     "add its runtime to; run 'go mod init <module path>' in its directory",
                                     p->import_path, p->dir);
            return -1;
        }
    }
    const char *g = getenv("GOTEL_OTLP_GRPC");
    bool grpc_forced = g && *g && strcmp(g, "0") != 0;
    bool program_grpc = plan_pkgs_find(&st->pkgs, "google.golang.org/grpc") != NULL;
    st->grpc = grpc_forced || program_grpc;
    /* gRPC linked only for gotel's own exporter is not in the program's go
     * list; plan_write_scratch lists it through the scratch module. */
    st->grpc_exporter_only = grpc_forced && !program_grpc;
    /* The exporters are linked for free only into a program whose gRPC (and
     * its dependencies) are at least as new as theirs: an instrumented build
     * never moves a module of the program, unless GOTEL_OTLP_GRPC=1 asks. */
    if (st->grpc && !grpc_forced) {
        st->grpc_left_out = plan_mod_raise(a, st, base_path_join(a, st->rules_root, "runtime/boot/otlpgrpc"));
        if (st->grpc_left_out) st->grpc = false;
    }
    if (plan_match(a, st, d, err)) return -1;
    plan_raises_find(a, st);

    /* The toolchain must be new enough for every gotel module. */
    for (size_t i = 0; i < st->mods.n; i++) {
        char *text;
        size_t n;
        const char *ferr;
        if (base_file_read(a, base_path_join(a, st->mods.v[i].dir, "go.mod"), &text, &n, &ferr)) continue;
        const char *v = plan_modfile_go(a, text);
        if (v && plan_gover_cmp(st->env.go_semver, v) < 0) {
            *err = base_arena_printf(a, "%s is too old: gotel's module %s needs Go %s or newer",
                                     st->env.goversion, st->mods.v[i].path, v);
            return -1;
        }
    }
    st->gotel_exe = plan_self_exe(a);
    if (!st->gotel_exe) {
        *err = "cannot find the path of the gotel binary (/proc/self/exe)";
        return -1;
    }
    return 0;
}

const char *plan_modfile_sum(base_arena *a, const char *modfile) {
    size_t n = strlen(modfile);
    return n > 4 && strcmp(modfile + n - 4, ".mod") == 0 ? base_arena_printf(a, "%.*s.sum", (int)(n - 4), modfile)
                                                         : base_arena_printf(a, "%s.sum", modfile);
}

static int plan_read_opt(base_arena *a, const char *path, char **text, const char **err) {
    size_t n;
    if (base_file_read(a, path, text, &n, err) == 0) return 0;
    if (!base_path_exists(path)) {
        *text = "";
        return 0;
    }
    return -1;
}

/* The highest go directive among the gotel modules. */
static const char *plan_mods_min_go(base_arena *a, const plan_state *st) {
    const char *best = NULL;
    for (size_t i = 0; i < st->mods.n; i++) {
        char *text;
        size_t n;
        const char *ferr;
        if (base_file_read(a, base_path_join(a, st->mods.v[i].dir, "go.mod"), &text, &n, &ferr)) continue;
        const char *v = plan_modfile_go(a, text);
        if (v && (!best || plan_gover_cmp(v, best) > 0)) best = v;
    }
    return best;
}

static const char **plan_mod_sums(base_arena *a, const plan_state *st) {
    const char **sums = BASE_NEW_ARRAY(a, const char *, st->mods.n + 1);
    for (size_t i = 0; i < st->mods.n; i++) {
        char *t;
        const char *ferr;
        if (plan_read_opt(a, base_path_join(a, st->mods.v[i].dir, "go.sum"), &t, &ferr)) t = "";
        sums[i] = t;
    }
    return sums;
}

static int plan_write(base_arena *a, const char *path, const char *text, const char **err) {
    return base_file_write_atomic(a, path, text, strlen(text), 0644, err);
}

/* The go command refuses overlays of files beneath GOMODCACHE: modules and a
 * toolchain chosen through GOTOOLCHAIN live there. */
static bool plan_in_modcache(const plan_state *st, const char *dir) {
    const char *mc = st->env.gomodcache;
    size_t n = mc ? strlen(mc) : 0;
    return n && strncmp(dir, mc, n) == 0 && (dir[n] == '/' || dir[n] == 0);
}

/* The package whose files a marker for pkg (folded) joins: the package
 * itself when it has Go files of its own in its directory, else its test
 * variant (the marker is then a _test.go file: an external test package
 * "p_test", or a directory of tests only). NULL when none can take one:
 * beneath GOMODCACHE, a test main (its file is generated elsewhere), or
 * .go files named on the command line, which a file beside them does not
 * join. */
static const plan_pkg *plan_marker_pkg(base_arena *a, const plan_state *st, const char *pkg) {
    if (strcmp(pkg, "command-line-arguments") == 0) return NULL;
    const plan_pkg *p = NULL;
    for (int test = 0; test < 2 && !p; test++)
        for (size_t j = 0; j < st->pkgs.n && !p; j++) {
            const plan_pkg *q = &st->pkgs.v[j];
            if (!*q->dir || !q->n_files || !*q->for_test != !test || plan_in_modcache(st, q->dir)) continue;
            /* A test variant is "pkg [pkg.test]" (plan_fold_import_path). */
            size_t n = strlen(pkg);
            if (strncmp(q->import_path, pkg, n) != 0 || (test ? strncmp(q->import_path + n, " [", 2) : q->import_path[n]))
                continue;
            bool own = true;
            for (size_t f = 0; f < q->n_files && own; f++) own = strcmp(base_path_dir(a, q->files[f]), q->dir) == 0;
            if (own) p = q;
        }
    return p;
}

/* A file name for an overlay in dir, stem.go or stem<k>.go, that neither
 * exists nor is already overlaid (taken); NULL after 100 tries. */
static const char *plan_free_name(base_arena *a, const char *dir, const char *stem, const char *const *taken,
                                  size_t ntaken) {
    for (int k = 0; k < 100; k++) {
        const char *c = base_path_join(a, dir, k ? base_arena_printf(a, "%s%d.go", stem, k)
                                                 : base_arena_printf(a, "%s.go", stem));
        bool used = base_path_exists(c);
        for (size_t j = 0; j < ntaken && !used; j++) used = strcmp(taken[j], c) == 0;
        if (!used) return c;
    }
    return NULL;
}

/* The scratch module files (go.mod or go.work, with their checksums) for
 * st->mods as they are now. */
static int plan_write_modfiles(base_arena *a, plan_state *st, const char *scratch, plan_vendor_out *vend,
                               const char **err) {
    const char *min_go = plan_mods_min_go(a, st);
    const char **sums = plan_mod_sums(a, st);
    char *text, *sum;
    if (st->workspace) {
        if (base_file_read(a, st->env.gowork, &text, &(size_t){0}, err)) return -1;
        if (plan_read_opt(a, base_arena_printf(a, "%s.sum", st->env.gowork), &sum, err)) return -1;
        st->gowork = base_path_join(a, scratch, "go.work");
        /* `go work vendor`: the workspace modules require the vendored
         * modules themselves, so only the replaces are added. */
        if (st->vendor) {
            if (plan_vendor_scratch(a, st, text, scratch, vend, err)) return -1;
            text = vend->gomod;
        }
        char *w = plan_gowork_rewrite(a, text, base_path_dir(a, st->env.gowork), st->mods.v, st->mods.n, min_go);
        if (st->vendor) w = base_arena_printf(a, "%s%s", w, vend->replaces);
        if (plan_write(a, st->gowork, w, err)) return -1;
        return plan_write(a, base_path_join(a, scratch, "go.work.sum"), plan_gosum_merge(a, sum, sums, st->mods.n),
                          err);
    }
    const char *src = st->args.modfile ? st->args.modfile : st->env.gomod;
    if (base_file_read(a, src, &text, &(size_t){0}, err)) return -1;
    if (plan_read_opt(a, plan_modfile_sum(a, src), &sum, err)) return -1;
    st->modfile = base_path_join(a, scratch, "go.mod");
    const plan_gomod_req *reqs = st->reqs.v;
    size_t nreqs = st->reqs.n;
    if (st->vendor) {
        if (plan_vendor_scratch(a, st, text, scratch, vend, err)) return -1;
        text = vend->gomod;
        reqs = vend->reqs;
        nreqs = vend->nreqs;
    }
    char *gm = plan_gomod_rewrite(a, text, st->mods.v, st->mods.n, reqs, nreqs, min_go);
    if (st->vendor) gm = base_arena_printf(a, "%s%s", gm, vend->replaces);
    if (plan_write(a, st->modfile, gm, err)) return -1;
    return plan_write(a, base_path_join(a, scratch, "go.sum"), plan_gosum_merge(a, sum, sums, st->mods.n), err);
}

/* The -mod the go command runs with on the scratch module. Not in a
 * workspace: mod, since the scratch go.mod lacks the requirements the gotel
 * modules bring in and the go command adds them to that copy. In a
 * vendored workspace: readonly, since the scratch go.work's directory has
 * no vendor/ (its replaces point at the workspace's) and -mod=mod is
 * refused there. Else the user's, or none. */
static const char *plan_scratch_mod(const plan_state *st) {
    if (!st->workspace) return "mod";
    return st->vendor ? "readonly" : st->args.mod;
}

/* gRPC in a program that does not use it, linked for gotel's exporter
 * (GOTEL_OTLP_GRPC=1): its packages, at the version the scratch module
 * resolves, join st->pkgs (as dependencies only) and are matched like a
 * program's. Woven as in every program that uses gRPC, they compile to the
 * same objects under the same salt (no second instrumented standard
 * library), and their hooks stay silent for the exporter's own calls. */
static int plan_list_exporter_grpc(base_arena *a, plan_state *st, const char *scratch, base_diags *d,
                                   const char **err) {
    plan_vendor_out vend = {0};
    if (plan_write_modfiles(a, st, scratch, &vend, err)) return -1;
    plan_args only = st->args;
    only.packages = (plan_strv){0};
    only.files = false;
    plan_strv want = {0};
    plan_strv_push(a, &want, "gotel.dev/runtime/boot/otlpgrpc");
    const char *env[2] = {NULL, NULL};
    if (st->workspace) env[0] = base_arena_printf(a, "GOWORK=%s", st->gowork);
    else only.modfile = st->modfile;
    only.mod = plan_scratch_mod(st);
    /* Vendor mode: the vendored modules' go.mod files, as the build's. */
    const char *overlay = NULL;
    if (vend.from.n) {
        char *ov = plan_overlay_json(a, NULL, vend.from.v, vend.to.v, vend.from.n, err);
        overlay = base_path_join(a, scratch, "overlay-grpc.json");
        if (!ov || plan_write(a, overlay, ov, err)) return -1;
    }
    plan_pkgs listed = {0};
    if (plan_golist_run(a, &only, false, overlay, &want, env, &listed, err)) return -1;
    size_t from = st->pkgs.n;
    for (size_t i = 0; i < listed.n; i++) {
        plan_pkg p = listed.v[i];
        if (!plan_path_under(p.import_path, "google.golang.org/grpc") || plan_pkgs_find(&st->pkgs, p.import_path))
            continue;
        p.dep_only = true;
        BASE_VEC_PUSH(a, &st->pkgs, p);
    }
    if (plan_match_pkgs(a, st, d, from, err)) return -1;
    /* The gRPC instrumentation's module joined: its requirements too. */
    plan_mods_requires(a, st);
    return 0;
}

int plan_write_scratch(base_arena *a, plan_state *st, const char *scratch, base_diags *d, const char **err) {
    st->scratch = scratch;
    if (st->grpc_exporter_only && plan_list_exporter_grpc(a, st, scratch, d, err)) return -1;
    plan_vendor_out vend = {0};
    if (plan_write_modfiles(a, st, scratch, &vend, err)) return -1;

    /* The generated boot file of every package that gets one. */
    BASE_VEC(const char *) from = {0};
    BASE_VEC(const char *) to = {0};
    for (size_t i = 0; i < vend.from.n; i++) {
        BASE_VEC_PUSH(a, &from, vend.from.v[i]);
        BASE_VEC_PUSH(a, &to, vend.to.v[i]);
    }
    /* gotel's own imports go through the early-sorting package of
     * PLAN_FIRST_MODULE, when there is one; the program's hooks (gotel.yaml)
     * stay in the boot file, which may import what is internal to it. */
    plan_strv boot = {0}, first = {0};
    const plan_gomod_dep *fm = NULL;
    for (size_t i = 0; i < st->mods.n; i++)
        if (strcmp(st->mods.v[i].path, PLAN_FIRST_MODULE) == 0) fm = &st->mods.v[i];
    for (size_t i = 0; i < st->boot_imports.n; i++) {
        const char *ip = st->boot_imports.v[i];
        plan_strv_push(a, fm && plan_path_under(ip, "gotel.dev") ? &first : &boot, ip);
    }
    if (fm) {
        plan_strv_push(a, &boot, PLAN_FIRST_MODULE);
        const char *back = base_path_join(a, scratch, "first.go");
        if (plan_write(a, back, plan_boot_source(a, "first", first.v, first.n), err)) return -1;
        BASE_VEC_PUSH(a, &from, base_path_join(a, fm->dir, "first.go"));
        BASE_VEC_PUSH(a, &to, back);
    }
    for (size_t i = 0; i < st->pkgs.n; i++) {
        const plan_pkg *p = &st->pkgs.v[i];
        plan_boot_kind kind = plan_wants_boot(st, p);
        if (kind == PLAN_BOOT_NONE) continue;
        const char *stem = kind == PLAN_BOOT_TEST_FILE ? "gotel_boot_test" : "gotel_boot";
        bool dup = false;
        for (size_t j = 0; j < from.n; j++)
            if (strcmp(base_path_dir(a, from.v[j]), p->dir) == 0) dup = true;
        if (dup) continue;
        const char *path = plan_free_name(a, p->dir, stem, from.v, from.n);
        if (!path) continue;
        const char *back = base_path_join(a, scratch, base_arena_printf(a, "boot%zu.go", from.n));
        const char *src = plan_boot_source(a, p->name, boot.v, boot.n);
        if (plan_write(a, back, src, err)) return -1;
        BASE_VEC_PUSH(a, &from, path);
        BASE_VEC_PUSH(a, &to, back);
        plan_strv_push(a, &st->boot_files, path);
    }
    /* A marker file in every woven package and every package compiled at
     * a lowered language version. The go command hashes overlaid files into
     * the package's cache key, so a package compiled with one set of rules
     * (or none), one set of the program's own rules or one -lang is never
     * reused by a build with another, while builds that agree share it
     * across projects; the salt can then leave the program's rules and
     * language versions out (plan_planfile.c), and an edited gotel.yaml
     * rebuilds what its rules target, not the standard library. Packages
     * that cannot take one (beneath GOMODCACHE, without a directory or Go
     * files of their own, or named on the command line as .go files, which
     * a file beside them does not join) are keyed by the salt instead. */
    base_buf m;
    for (size_t i = 0; i < st->entries.n + st->pkgs.n; i++) {
        const char *pkg, *lang = NULL;
        const plan_pkg *p = NULL;
        if (i < st->entries.n) {
            pkg = st->entries.v[i].pkg;
        } else {
            p = &st->pkgs.v[i - st->entries.n];
            if (!(lang = plan_pkg_lang(a, st, p))) continue;
            pkg = plan_fold_import_path(a, p->import_path);
        }
        if (plan_strv_has(&st->marked, pkg)) continue;
        p = plan_marker_pkg(a, st, pkg);
        if (!p) continue;
        if (!lang) lang = plan_pkg_lang(a, st, p);
        base_buf_init(&m, a);
        base_buf_puts(&m, "// Code generated by gotel. DO NOT EDIT.");
        const char *head = "\n// Woven into this package:";
        for (size_t j = 0; j < st->entries.n; j++) {
            const plan_entry *e = &st->entries.v[j];
            if (strcmp(e->pkg, pkg) != 0) continue;
            base_buf_printf(&m, "%s\n//   %s/%s", head, e->rule.instrumentation, e->rule.name);
            head = "";
            const char *d = plan_user_entry_digest(a, st, e, err);
            if (!d) return -1;
            if (*d) base_buf_printf(&m, " (the program's rule, %s)", d);
        }
        if (lang) base_buf_printf(&m, "\n// Language version: go%s", lang);
        base_buf_printf(&m, "\n\npackage %s\n", p->name);
        const char *path = plan_free_name(a, p->dir, *p->for_test ? "gotel_rules_test" : "gotel_rules", from.v, from.n);
        if (!path) continue;
        const char *back = base_path_join(a, scratch, base_arena_printf(a, "rules%zu.go", from.n));
        if (plan_write(a, back, base_buf_cstr(&m), err)) return -1;
        BASE_VEC_PUSH(a, &from, path);
        BASE_VEC_PUSH(a, &to, back);
        plan_strv_push(a, &st->marked, pkg);
    }
    if (st->args.overlay) {
        char *ot;
        size_t on;
        if (base_file_read(a, st->args.overlay, &ot, &on, err)) return -1;
        const char *jerr;
        st->user_overlay = plan_json_parse(a, ot, on, &jerr);
        if (!st->user_overlay) {
            *err = base_arena_printf(a, "%s:%s", st->args.overlay, jerr);
            return -1;
        }
    }
    char *ov = plan_overlay_json(a, st->user_overlay, from.v, to.v, from.n, err);
    if (!ov) return -1;
    st->overlay = base_path_join(a, scratch, "overlay.json");
    if (plan_write(a, st->overlay, ov, err)) return -1;

    st->planfile = base_path_join(a, scratch, "plan");
    return plan_planfile_write(a, st, st->planfile, err);
}

const char *plan_toolexec_value(base_arena *a, const plan_state *st) {
    const char *g = plan_quote_word(a, st->gotel_exe);
    const char *p = plan_quote_word(a, st->planfile);
    if (!g || !p) return NULL;
    return base_arena_printf(a, "%s toolexec %s", g, p);
}

const char **plan_final_argv(base_arena *a, const plan_state *st, const char *toolexec) {
    plan_strv v = {0};
    plan_strv_push(a, &v, "go");
    plan_strv_push(a, &v, st->args.subcmd);
    if (st->args.chdir) plan_strv_push(a, &v, base_arena_printf(a, "-C=%s", st->args.chdir));
    plan_strv_push(a, &v, base_arena_printf(a, "-toolexec=%s", toolexec));
    if (!st->workspace) plan_strv_push(a, &v, base_arena_printf(a, "-modfile=%s", st->modfile));
    const char *mod = plan_scratch_mod(st);
    if (mod) plan_strv_push(a, &v, base_arena_printf(a, "-mod=%s", mod));
    plan_strv_push(a, &v, base_arena_printf(a, "-overlay=%s", st->overlay));
    for (size_t i = 0; i < st->args.pass.n; i++) {
        plan_strv_push(a, &v, st->args.pass.v[i]);
        /* Named .go files: the boot file must be named too. */
        /* Spelled with the directory of the first file as the user wrote
         * it: the go command compares the files' directories as strings. */
        if (st->args.files && i + 1 == st->args.files_end && st->args.packages.n)
            for (size_t j = 0; j < st->boot_files.n; j++)
                plan_strv_push(a, &v,
                               base_arena_printf(a, "%s/%s", base_path_dir(a, st->args.packages.v[0]),
                                                 base_path_base(st->boot_files.v[j])));
    }
    plan_strv_push(a, &v, NULL);
    return v.v;
}

const char **plan_final_env(base_arena *a, const plan_state *st) {
    plan_strv v = {0};
    if (st->workspace) plan_strv_push(a, &v, base_arena_printf(a, "GOWORK=%s", st->gowork));
    plan_strv_push(a, &v, NULL);
    return v.v;
}

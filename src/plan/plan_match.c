#include "plan/plan_match.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/str.h"
#include "rules/rules.h"

const char *plan_fold_import_path(base_arena *a, const char *ip) {
    const char *sp = strstr(ip, " [");
    return sp ? base_arena_strndup(a, ip, (size_t)(sp - ip)) : ip;
}

/* The non-test Go files of a directory, sorted. */
const char **plan_dir_gofiles(base_arena *a, const char *dir, size_t *n) {
    BASE_VEC(const char *) v = {0};
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (l > 3 && strcmp(e->d_name + l - 3, ".go") == 0 &&
                !(l > 8 && strcmp(e->d_name + l - 8, "_test.go") == 0) && e->d_name[0] != '.' &&
                e->d_name[0] != '_')
                BASE_VEC_PUSH(a, &v, base_path_join(a, dir, e->d_name));
        }
        closedir(d);
    }
    if (v.n) qsort(v.v, v.n, sizeof *v.v, base_cstr_cmp);
    *n = v.n;
    return v.v;
}

static void plan_add_mod(base_arena *a, plan_state *st, const char *path, const char *dir) {
    for (size_t i = 0; i < st->mods.n; i++)
        if (strcmp(st->mods.v[i].path, path) == 0) return;
    BASE_VEC_PUSH(a, &st->mods, ((plan_gomod_dep){path, dir}));
}

static void plan_add_import(base_arena *a, plan_state *st, const char *ip) {
    for (size_t i = 0; i < st->boot_imports.n; i++)
        if (strcmp(st->boot_imports.v[i], ip) == 0) return;
    plan_strv_push(a, &st->boot_imports, ip);
}

const char *plan_hooks_dir(base_arena *a, const plan_state *st, const rules_instr *in, const char *ip) {
    if (in->user) {
        /* The program's own hooks: a package of its build, else one of the
         * main module (which the boot file's import brings in). */
        for (size_t i = 0; i < st->pkgs.n; i++)
            if (strcmp(st->pkgs.v[i].import_path, ip) == 0 && *st->pkgs.v[i].dir) return st->pkgs.v[i].dir;
        size_t n = strlen(in->module_path);
        if (strncmp(ip, in->module_path, n) == 0 && (ip[n] == 0 || ip[n] == '/')) {
            const char *dir = base_path_join(a, in->dir, ip[n] ? ip + n + 1 : ".");
            return base_is_dir(dir) ? dir : NULL;
        }
        return NULL;
    }
    size_t n = strlen(in->module_path);
    if (strncmp(ip, in->module_path, n) == 0 && (ip[n] == 0 || ip[n] == '/'))
        return base_path_join(a, in->dir, ip[n] ? ip + n + 1 : ".");
    const char *rt = "gotel.dev/runtime";
    n = strlen(rt);
    if (strncmp(ip, rt, n) == 0 && (ip[n] == 0 || ip[n] == '/'))
        return base_path_join(a, base_path_join(a, st->rules_root, "runtime"), ip[n] ? ip + n + 1 : ".");
    return NULL;
}

static void plan_verdict_add(base_arena *a, plan_state *st, const rules_rule *r, const char *pkg,
                             bool applies, const char *reason) {
    BASE_VEC_PUSH(a, &st->verdicts, ((plan_verdict){r->full_name, pkg, applies, reason}));
}

int plan_rules_load(base_arena *a, plan_state *st, base_diags *d, const char **err) {
    if (rules_load_tree(a, st->rules_root, &st->rules, d)) {
        *err = "";
        return -1;
    }
    return plan_user_rules_load(a, st, d, err);
}

int plan_runtime_std_targets(base_arena *a, const plan_state *st, plan_strv *out, const char **err) {
    char *text;
    size_t n;
    if (base_file_read(a, base_path_join(a, st->rules_root, "runtime/stddeps.txt"), &text, &n, err)) return -1;
    for (size_t i = 0; i < st->rules.nrules; i++) {
        const char *t = st->rules.rules[i]->package;
        if (!rules_is_std_path(t)) continue;
        bool listed = false;
        for (const char *l = text; *l && !listed;) {
            size_t len = strcspn(l, "\n");
            listed = len == strlen(t) && strncmp(l, t, len) == 0;
            l += len + (l[len] == '\n');
        }
        bool dup = false;
        for (size_t k = 0; k < out->n; k++) dup |= strcmp(out->v[k], t) == 0;
        if (listed && !dup) plan_strv_push(a, out, t);
    }
    return 0;
}

/* An instrumentation whose hooks do not fit one of a package's targets is
 * left out of that package entirely: half of it (a span started by one hook
 * and ended by another) would do worse than none. */
static void plan_drop_misfits(base_arena *a, plan_state *st, const plan_entry *mis, size_t nmis) {
    for (size_t m = 0; m < nmis; m++) {
        size_t keep = 0;
        for (size_t k = 0; k < st->entries.n; k++) {
            plan_entry *e = &st->entries.v[k];
            if (strcmp(e->pkg, mis[m].pkg) != 0 || strcmp(e->rule.instrumentation, mis[m].rule.instrumentation) != 0) {
                st->entries.v[keep++] = *e;
                continue;
            }
            const char *full = base_arena_printf(a, "%s/%s", e->rule.instrumentation, e->rule.name);
            for (size_t v = 0; v < st->verdicts.n; v++) {
                plan_verdict *pv = &st->verdicts.v[v];
                if (pv->applies && pv->pkg && strcmp(pv->pkg, e->pkg) == 0 && strcmp(pv->rule, full) == 0) {
                    pv->applies = false;
                    pv->reason = base_arena_printf(a, "left out with %s/%s, which does not fit %s",
                                                   mis[m].rule.instrumentation, mis[m].rule.name, e->pkg);
                }
            }
        }
        st->entries.n = keep;
    }
}

/* Whether a Go file has a line starting (after blanks) with //gotel:span. */
static bool plan_file_has_span(base_arena *a, const char *path) {
    char *text;
    size_t n;
    const char *err;
    if (base_file_read(a, path, &text, &n, &err)) return false;
    for (const char *p = text; (p = strstr(p, "//gotel:span")) != NULL; p++) {
        const char *q = p;
        while (q > text && (q[-1] == ' ' || q[-1] == '\t')) q--;
        char after = p[12];
        if ((q == text || q[-1] == '\n') && (after == 0 || after == ' ' || after == '\t' || after == '\n' || after == '\r'))
            return true;
    }
    return false;
}

/* Packages of the main module whose files carry //gotel:span get the
 * directive rule (docs/custom.md): the weaver finds the functions. */
static void plan_match_directives(base_arena *a, plan_state *st) {
    for (size_t pi = 0; pi < st->pkgs.n; pi++) {
        const plan_pkg *p = &st->pkgs.v[pi];
        if (!p->mod_main || p->standard) continue;
        const char *folded = plan_fold_import_path(a, p->import_path);
        bool dup = false, found = false;
        for (size_t k = 0; k < st->entries.n && !dup; k++)
            dup = strcmp(st->entries.v[k].pkg, folded) == 0 && weave_rule_directive(&st->entries.v[k].rule);
        for (size_t f = 0; f < p->n_files && !dup && !found; f++) found = plan_file_has_span(a, p->files[f]);
        if (dup || !found) continue;
        weave_rule wr = {.instrumentation = "span", .name = "directive", .package = folded,
                         .hooks_pkg = "gotel.dev/runtime/span", .switchable = true};
        BASE_VEC_PUSH(a, &st->entries, ((plan_entry){folded, wr}));
        BASE_VEC_PUSH(a, &st->verdicts, ((plan_verdict){"span/directive", folded, true, "//gotel:span in its files"}));
        plan_add_import(a, st, "gotel.dev/runtime/span");
    }
}

/* Whether the build links gotel's log pipeline: imported for log/slog
 * above, or by the hooks package of a logging library (zap, logrus,
 * zerolog), found by the import in its files. */
static bool plan_links_log_pipeline(base_arena *a, const plan_state *st) {
    const char *pipeline = "gotel.dev/runtime/boot/logs";
    const char *quoted = base_arena_printf(a, "\"%s\"", pipeline);
    for (size_t i = 0; i < st->boot_imports.n; i++) {
        const char *ip = st->boot_imports.v[i];
        if (strcmp(ip, pipeline) == 0) return true;
        if (strncmp(ip, "gotel.dev/runtime/", 18) == 0) continue; /* boot's own, not hooks */
        for (size_t k = 0; k < st->rules.ninstrs; k++) {
            const rules_instr *in = st->rules.instrs[k];
            size_t n = strlen(in->module_path);
            if (in->user || strncmp(ip, in->module_path, n) != 0 || (ip[n] && ip[n] != '/')) continue;
            const char *dir = plan_hooks_dir(a, st, in, ip);
            size_t nf = 0;
            const char **files = dir ? plan_dir_gofiles(a, dir, &nf) : NULL;
            for (size_t f = 0; f < nf; f++) {
                char *text;
                size_t len;
                const char *ferr;
                if (base_file_read(a, files[f], &text, &len, &ferr) == 0 && strstr(text, quoted)) return true;
            }
            break;
        }
    }
    return false;
}

int plan_match(base_arena *a, plan_state *st, base_diags *d, const char **err) {
    const char *rtdir = base_path_join(a, st->rules_root, "runtime");
    plan_add_mod(a, st, "gotel.dev/runtime", rtdir);
    const char *firstdir = base_path_join(a, rtdir, "first");
    if (base_is_dir(firstdir)) plan_add_mod(a, st, PLAN_FIRST_MODULE, firstdir);
    if (base_is_dir(base_path_join(a, rtdir, "boot"))) plan_add_import(a, st, "gotel.dev/runtime/boot");
    /* Links the goroutine context to the runtime woven with it. */
    if (base_is_dir(base_path_join(a, rtdir, "gls/bind"))) plan_add_import(a, st, "gotel.dev/runtime/gls/bind");
    /* OTLP/gRPC is a module of its own: its requirements (gRPC, genproto,
     * x/net, ...) enter the build graph only of programs that link it. */
    const char *grpcdir = base_path_join(a, rtdir, "boot/otlpgrpc");
    if (st->grpc && base_is_dir(grpcdir)) {
        plan_add_mod(a, st, "gotel.dev/runtime/boot/otlpgrpc", grpcdir);
        plan_add_import(a, st, "gotel.dev/runtime/boot/otlpgrpc");
    }

    /* The log pipeline (the log SDK and its exporters) is linked only into
     * programs that log through log/slog themselves: gotel's own
     * dependencies reach slog too, so the slog hooks are in every program,
     * but alone they only add the correlation attributes. */
    const char *logsdir = base_path_join(a, rtdir, "boot/logs");
    for (size_t pi = 0; pi < st->pkgs.n && base_is_dir(logsdir); pi++)
        if (st->pkgs.v[pi].imports_slog) {
            plan_add_import(a, st, "gotel.dev/runtime/boot/logs");
            break;
        }

    if (plan_match_pkgs(a, st, d, 0, err)) return -1;
    /* Logs over OTLP/gRPC only where both OTLP/gRPC and the log pipeline
     * are linked: a gRPC program that does not log gets no log SDK. */
    if (st->grpc && base_is_dir(base_path_join(a, grpcdir, "logs")) && plan_links_log_pipeline(a, st))
        plan_add_import(a, st, "gotel.dev/runtime/boot/otlpgrpc/logs");
    return 0;
}

int plan_match_pkgs(base_arena *a, plan_state *st, base_diags *d, size_t from, const char **err) {
    const rules_set set = st->rules;
    BASE_VEC(plan_entry) misfits = {0}; /* rules whose hooks do not fit a module's package */
    for (size_t ri = 0; ri < set.nrules; ri++) {
        const rules_rule *r = set.rules[ri];
        const rules_instr *in = r->instr;
        bool seen = false;
        for (size_t pi = from; pi < st->pkgs.n; pi++) {
            const plan_pkg *p = &st->pkgs.v[pi];
            const char *folded = plan_fold_import_path(a, p->import_path);
            bool is_main = strcmp(p->name, "main") == 0;
            if (strcmp(r->package, "main") == 0 ? !is_main : strcmp(r->package, folded) != 0) continue;
            /* One entry per package: test variants share their package's. */
            bool dup = false;
            for (size_t k = 0; k < st->entries.n; k++)
                if (strcmp(st->entries.v[k].pkg, folded) == 0 &&
                    strcmp(st->entries.v[k].rule.name, r->name) == 0 &&
                    strcmp(st->entries.v[k].rule.instrumentation, in->name) == 0)
                    dup = true;
            if (dup) continue;
            seen = true;
            rules_target t = {.import_path = folded,
                              .is_main = is_main,
                              .is_std = p->standard,
                              .version = p->mod_version,
                              .go_version = st->env.goversion};
            const char *reason;
            if (!rules_rule_applies(a, r, &t, &reason)) {
                plan_verdict_add(a, st, r, folded, false, reason);
                continue;
            }
            weave_rule wr = {.instrumentation = in->name,
                             .name = r->name,
                             .package = folded,
                             .function = r->function,
                             .receiver = r->receiver,
                             .hooks_pkg = r->hooks,
                             .before = r->before,
                             .after = r->after,
                             .switchable = in->switchable,
                             .inject = r->inject,
                             .struct_name = r->struct_name,
                             .field = r->field};
            if (r->struct_name || (r->function && weave_rule_local(&wr))) {
                int rc = weave_check_rule(a, &wr, p->files, p->n_files, NULL, 0, d);
                if (rc < 0) {
                    *err = "";
                    return -1;
                }
                if (rc == 1) {
                    plan_verdict_add(a, st, r, folded, false,
                                     base_arena_printf(a, "%s has no %s %s", folded, r->struct_name ? "struct type" : "function",
                                                       r->struct_name ? r->struct_name : r->function));
                    continue;
                }
            } else if (r->function) {
                const char *hdir = r->hooks ? plan_hooks_dir(a, st, in, r->hooks) : NULL;
                if (!hdir) {
                    base_diags_add(d, r->file, r->line, r->col,
                                   in->user ? "rule %s: hook package %s is neither a package of this build nor one "
                                              "of the main module %s"
                                            : "rule %s: hook package %s is not in module %s",
                                   r->full_name, r->hooks ? r->hooks : "(none)", in->module_path);
                    *err = "";
                    return -1;
                }
                size_t nh;
                const char **hf = plan_dir_gofiles(a, hdir, &nh);
                /* A module's version range is open at the top: a release
                 * whose hooked function changed or went away builds without
                 * this instrumentation (gotel rules --match says why), not
                 * with a failed build. Standard-library targets and main
                 * keep errors: their ranges are closed by Go releases. */
                bool module = !p->standard && !is_main && !in->user;
                base_diags md;
                base_diags_init(&md, a);
                int rc = weave_check_rule(a, &wr, p->files, p->n_files, hf, nh, module ? &md : d);
                if (rc != 0 && module) {
                    const char *why = rc == 1 ? base_arena_printf(a, "%s has no function %s%s%s", folded,
                                                                  r->receiver ? r->receiver : "",
                                                                  r->receiver ? "." : "", r->function)
                                              : md.head ? md.head->msg : "the hooks do not fit";
                    plan_verdict_add(a, st, r, folded, false,
                                     base_arena_printf(a, "%s%s%s does not fit: %s", folded, p->mod_version ? "@" : "",
                                                       p->mod_version ? p->mod_version : "", why));
                    BASE_VEC_PUSH(a, &misfits, ((plan_entry){folded, wr}));
                    continue;
                }
                if (rc < 0) {
                    *err = "";
                    return -1;
                }
                if (rc == 1) {
                    plan_verdict_add(a, st, r, folded, false,
                                     base_arena_printf(a, "%s has no function %s%s%s", folded,
                                                       r->receiver ? r->receiver : "",
                                                       r->receiver ? "." : "", r->function));
                    continue;
                }
            }
            plan_verdict_add(a, st, r, folded, true, reason);
            BASE_VEC_PUSH(a, &st->entries, ((plan_entry){folded, wr}));
        }
        if (!seen && from == 0)
            plan_verdict_add(a, st, r, NULL, false,
                             strcmp(r->package, "main") == 0
                                 ? "no main package in this build"
                                 : base_arena_printf(a, "%s is not in this build", r->package));
    }
    if (from == 0) plan_match_directives(a, st);
    plan_drop_misfits(a, st, misfits.v, misfits.n);
    /* Only now, so that a left-out instrumentation's module and hooks stay
     * out of the build: they may not even compile against that version. */
    for (size_t k = 0; k < st->entries.n; k++) {
        const weave_rule *wr = &st->entries.v[k].rule;
        for (size_t i = 0; i < set.ninstrs; i++) {
            const rules_instr *in = set.instrs[i];
            if (strcmp(in->name, wr->instrumentation) != 0) continue;
            if (wr->function && !weave_rule_local(wr)) plan_add_import(a, st, wr->hooks_pkg);
            if (strcmp(in->module_path, "gotel.dev/runtime") != 0 && !in->user)
                plan_add_mod(a, st, in->module_path, in->dir);
            /* The program's hooks may live in a module nested in its tree,
             * which requires gotel.dev/runtime: joined like gotel's own. */
            const char *npath, *ndir;
            if (in->user && wr->function && !weave_rule_local(wr) &&
                plan_user_hooks_module(a, st, in, wr->hooks_pkg, &npath, &ndir))
                plan_add_mod(a, st, npath, ndir);
        }
    }
    return 0;
}

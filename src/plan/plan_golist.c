#include "plan/plan_golist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/proc.h"
#include "base/vec.h"
#include "plan/plan_json.h"

/* Fields are separated by US (0x1f), file names by RS (0x1e), packages end
 * with GS (0x1d) + newline: none of these occurs in paths in practice, unlike
 * spaces and tabs. */
const char plan_golist_template[] =
    "{{.ImportPath}}\x1f{{.Name}}\x1f{{.Dir}}\x1f{{.Standard}}\x1f{{.DepOnly}}\x1f{{.ForTest}}\x1f"
    "{{with .Module}}{{.Path}}\x1f{{with .Replace}}{{or .Version $.Module.Version}}{{else}}{{.Version}}{{end}}"
    "\x1f{{.Dir}}\x1f{{.Main}}\x1f{{.GoVersion}}{{else}}\x1f\x1f\x1f\x1f{{end}}\x1f"
    "{{range .GoFiles}}{{.}}\x1e{{end}}{{range .CgoFiles}}{{.}}\x1e{{end}}\x1f"
    "{{range .EmbedFiles}}{{.}}\x1e{{end}}{{range .TestEmbedFiles}}{{.}}\x1e{{end}}"
    "{{range .XTestEmbedFiles}}{{.}}\x1e{{end}}\x1f{{if .CgoPkgConfig}}true{{end}}\x1f"
    "{{range .Imports}}{{if eq . \"log/slog\"}}true{{end}}{{end}}\x1d\n";

int plan_goversion_parse(const char *s, int *minor, int *patch) {
    const char *p = strstr(s, "go1.");
    if (!p) return -1;
    p += 4;
    char *e;
    long mi = strtol(p, &e, 10);
    if (e == p) return -1;
    long pa = 0;
    if (*e == '.') pa = strtol(e + 1, NULL, 10);
    *minor = (int)mi;
    *patch = (int)pa;
    return 0;
}

int plan_goenv_load(base_arena *a, const char *dir, plan_goenv *env, const char **err) {
    memset(env, 0, sizeof *env);
    const char *argv[] = {"go",       "env",       "-json",    "GOROOT",      "GOMOD",
                          "GOWORK",   "GOVERSION", "GOFLAGS",  "GOTOOLCHAIN", "GOMODCACHE",
                          "CC",       "CGO_ENABLED", "GOEXE",   "GOTOOLDIR",   "GOPROXY", NULL};
    base_proc_opts o = {.argv = argv, .cwd = dir, .capture_stdout = true, .capture_stderr = true,
                        .stdin_devnull = true};
    base_proc_result r;
    const char *perr;
    if (base_proc_run(a, &o, &r, &perr) != 0) {
        *err = "the go command was not found on PATH; install Go or add its bin directory to PATH";
        return -1;
    }
    if (r.exit_code != 0) {
        *err = base_arena_printf(a, "go env failed: %s", r.err && *r.err ? r.err : "no message");
        return -1;
    }
    const char *jerr;
    plan_json *j = plan_json_parse(a, r.out, r.out_n, &jerr);
    if (!j || j->kind != PLAN_JOBJ) {
        *err = base_arena_printf(a, "cannot read the output of go env -json: %s", j ? "not an object" : jerr);
        return -1;
    }
    const char *v;
#define PLAN_ENV(field, key) env->field = (v = plan_json_get_str(j, key)) ? v : ""
    PLAN_ENV(goroot, "GOROOT");
    PLAN_ENV(gomod, "GOMOD");
    PLAN_ENV(gowork, "GOWORK");
    PLAN_ENV(goversion, "GOVERSION");
    PLAN_ENV(goflags, "GOFLAGS");
    PLAN_ENV(gotoolchain, "GOTOOLCHAIN");
    PLAN_ENV(gomodcache, "GOMODCACHE");
    PLAN_ENV(cc, "CC");
    PLAN_ENV(cgo_enabled, "CGO_ENABLED");
    PLAN_ENV(goexe, "GOEXE");
    PLAN_ENV(gotooldir, "GOTOOLDIR");
    PLAN_ENV(goproxy, "GOPROXY");
#undef PLAN_ENV
    if (plan_goversion_parse(env->goversion, &env->minor, &env->patch) != 0) {
        *err = base_arena_printf(a, "cannot understand the Go version \"%s\" reported by go env", env->goversion);
        return -1;
    }
    if (env->minor < PLAN_MIN_GO_MINOR) {
        *err = base_arena_printf(a, "%s is too old: gotel needs Go 1.%d or newer", env->goversion,
                                 PLAN_MIN_GO_MINOR);
        return -1;
    }
    if (env->minor > PLAN_MAX_GO_MINOR) {
        *err = base_arena_printf(a,
                                 "%s is newer than this gotel supports (Go 1.%d to 1.%d): gotel weaves code into the "
                                 "Go runtime, whose internals change with every release; use a gotel release that "
                                 "supports it, or select a supported Go with GOTOOLCHAIN=go1.%d.0",
                                 env->goversion, PLAN_MIN_GO_MINOR, PLAN_MAX_GO_MINOR, PLAN_MAX_GO_MINOR);
        return -1;
    }
    env->go_semver = base_arena_printf(a, "1.%d.%d", env->minor, env->patch);
    return 0;
}

static char *plan_field(char **p) {
    char *s = *p;
    char *e = strchr(s, '\x1f');
    if (e) *e = 0, *p = e + 1;
    else *p = s + strlen(s);
    return s;
}

/* An RS-terminated list of names, made absolute against dir (generated
 * files, such as a test main, come absolute already). */
static const char **plan_file_list(base_arena *a, char *list, const char *dir, size_t *n) {
    BASE_VEC(const char *) fv = {0};
    for (char *f = list; *f;) {
        char *fe = strchr(f, '\x1e');
        if (!fe) break;
        *fe = 0;
        BASE_VEC_PUSH(a, &fv, f[0] == '/' ? f : base_arena_printf(a, "%s/%s", dir, f));
        f = fe + 1;
    }
    *n = fv.n;
    return fv.v;
}

int plan_golist_parse(base_arena *a, const char *out, size_t n, plan_pkgs *pkgs, const char **err) {
    char *buf = base_arena_strndup(a, out, n);
    char *rec = buf;
    while (*rec) {
        char *end = strstr(rec, "\x1d\n");
        if (!end) {
            *err = "go list printed a package record gotel cannot read";
            return -1;
        }
        *end = 0;
        char *p = rec;
        plan_pkg k = {0};
        k.import_path = plan_field(&p);
        k.name = plan_field(&p);
        k.dir = plan_field(&p);
        k.standard = strcmp(plan_field(&p), "true") == 0;
        k.dep_only = strcmp(plan_field(&p), "true") == 0;
        k.for_test = plan_field(&p);
        k.mod_path = plan_field(&p);
        k.mod_version = plan_field(&p);
        k.mod_dir = plan_field(&p);
        k.mod_main = strcmp(plan_field(&p), "true") == 0;
        k.mod_go = plan_field(&p);
        if (!*k.mod_path) k.mod_path = k.mod_version = k.mod_dir = NULL;
        k.files = plan_file_list(a, plan_field(&p), k.dir, &k.n_files);
        k.embeds = plan_file_list(a, plan_field(&p), k.dir, &k.n_embeds);
        k.pkg_config = strcmp(plan_field(&p), "true") == 0;
        k.imports_slog = strcmp(plan_field(&p), "true") == 0;
        BASE_VEC_PUSH(a, pkgs, k);
        rec = end + 2;
    }
    return 0;
}

int plan_golist_run(base_arena *a, const plan_args *args, bool test, const char *overlay,
                    const plan_strv *extra, const char *const *env, plan_pkgs *out, const char **err) {
    BASE_VEC(const char *) argv = {0};
    BASE_VEC_PUSH(a, &argv, "go");
    BASE_VEC_PUSH(a, &argv, "list");
    if (args->chdir) BASE_VEC_PUSH(a, &argv, base_arena_printf(a, "-C=%s", args->chdir));
    BASE_VEC_PUSH(a, &argv, "-deps");
    BASE_VEC_PUSH(a, &argv, "-e");
    if (test) BASE_VEC_PUSH(a, &argv, "-test");
    BASE_VEC_PUSH(a, &argv, "-f");
    BASE_VEC_PUSH(a, &argv, plan_golist_template);
    for (size_t i = 0; i < args->list_flags.n; i++) {
        const char *f = args->list_flags.v[i];
        if (strncmp(f, "-C=", 3) == 0) continue;
        BASE_VEC_PUSH(a, &argv, f);
    }
    if (args->mod) BASE_VEC_PUSH(a, &argv, base_arena_printf(a, "-mod=%s", args->mod));
    if (args->modfile) BASE_VEC_PUSH(a, &argv, base_arena_printf(a, "-modfile=%s", args->modfile));
    if (overlay) BASE_VEC_PUSH(a, &argv, base_arena_printf(a, "-overlay=%s", overlay));
    for (size_t i = 0; i < args->packages.n; i++) BASE_VEC_PUSH(a, &argv, args->packages.v[i]);
    for (size_t i = 0; extra && i < extra->n; i++) BASE_VEC_PUSH(a, &argv, extra->v[i]);
    BASE_VEC_PUSH(a, &argv, NULL);
    base_proc_opts o = {.argv = argv.v, .env_add = env, .capture_stdout = true, .capture_stderr = true,
                        .stdin_devnull = true};
    base_proc_result r;
    const char *perr;
    if (base_proc_run(a, &o, &r, &perr) != 0) {
        *err = base_arena_printf(a, "cannot run go list: %s", perr);
        return -1;
    }
    if (r.exit_code != 0) {
        /* -e reports broken packages in the output; a failure here is the
         * whole command (no module, bad flag): show the go command's words. */
        size_t n = r.err_n;
        while (n && r.err[n - 1] == '\n') n--;
        *err = base_arena_printf(a, "go list failed: %.*s", (int)n, r.err ? r.err : "");
        return -1;
    }
    return plan_golist_parse(a, r.out, r.out_n, out, err);
}

const plan_pkg *plan_pkgs_find(const plan_pkgs *p, const char *import_path) {
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].import_path, import_path) == 0) return &p->v[i];
    return NULL;
}

bool plan_pkg_is_test_main(const plan_pkg *p) {
    size_t n = strlen(p->import_path);
    return n > 5 && strcmp(p->import_path + n - 5, ".test") == 0 && strcmp(p->name, "main") == 0;
}

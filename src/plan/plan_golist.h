/* What the go command says about this build: one `go env -json` call and one
 * `go list -deps -e` with the user's build flags. */
#ifndef PLAN_GOLIST_H
#define PLAN_GOLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "plan/plan_args.h"

/* The oldest Go gotel supports: the previous release, as the Go project
 * itself supports two; the runtime module's go line says the same. */
#define PLAN_MIN_GO_MINOR 26
/* The newest Go release gotel knows: the code it injects into package
 * runtime reads runtime internals that change between releases, so a newer
 * Go is refused with one sentence rather than a compile error in woven code. */
#define PLAN_MAX_GO_MINOR 27

typedef struct {
    const char *goroot, *gomod, *gowork, *goversion, *goflags, *gotoolchain;
    const char *gomodcache;
    const char *goproxy; /* "off" forbids downloads (vendor mode checks the module cache) */
    const char *cc, *cgo_enabled, *goexe, *gotooldir;
    int minor, patch;      /* 1.<minor>.<patch> from GOVERSION */
    const char *go_semver; /* "1.26.8": what std version ranges compare to */
} plan_goenv;

typedef struct {
    const char *import_path, *name, *dir;
    bool standard, dep_only;
    const char *for_test;                      /* "p" for "p [p.test]" */
    const char *mod_path, *mod_version, *mod_dir; /* NULL outside a module */
    bool mod_main;
    const char *mod_go; /* the module's go directive as its own go.mod says ("" when none) */
    const char **files; /* absolute paths of GoFiles + CgoFiles */
    size_t n_files;
    const char **embeds; /* absolute paths of the embedded files (tests' too) */
    size_t n_embeds;
    bool pkg_config;     /* uses #cgo pkg-config (its answer can change under an unchanged tree) */
    bool imports_slog;   /* imports log/slog itself (see plan_match: the log pipeline) */
} plan_pkg;

typedef struct {
    plan_pkg *v;
    size_t n, cap;
} plan_pkgs;

/* Runs `go env -json …` (in dir when not NULL). Errors are one sentence:
 * the go command is missing, or too old. */
int plan_goenv_load(base_arena *a, const char *dir, plan_goenv *env, const char **err);

/* Parses a GOVERSION ("go1.26.8", "go1.24rc1", "devel go1.27-abc …"). */
int plan_goversion_parse(const char *s, int *minor, int *patch);

/* Runs the one `go list`. test adds -test (go test builds test variants);
 * extra packages (may be NULL) are listed after the user's; env (may be
 * NULL) adds NAME=value entries to go's environment. */
int plan_golist_run(base_arena *a, const plan_args *args, bool test, const char *overlay,
                    const plan_strv *extra, const char *const *env, plan_pkgs *out, const char **err);

/* Parses the output of plan_golist_run's template (exposed for tests). */
int plan_golist_parse(base_arena *a, const char *out, size_t n, plan_pkgs *pkgs, const char **err);

/* The `go list -f` template (exposed for tests). */
extern const char plan_golist_template[];

const plan_pkg *plan_pkgs_find(const plan_pkgs *p, const char *import_path);

/* Whether p is the test main go test generates ("x.test", package main). */
bool plan_pkg_is_test_main(const plan_pkg *p);

#endif

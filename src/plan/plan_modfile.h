/* The scratch module files: a copy of the user's go.mod (or go.work) that
 * also requires the gotel modules and points them at their unpacked copies,
 * and the matching checksum file. The user's own files are only read. */
#ifndef PLAN_MODFILE_H
#define PLAN_MODFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct {
    const char *path; /* module path, "gotel.dev/runtime" */
    const char *dir;  /* absolute directory of its unpacked copy */
} plan_gomod_dep;

/* One `require` of a go.mod. */
typedef struct {
    const char *path, *version;
    bool indirect; /* marked // indirect */
} plan_gomod_req;

/* The requirements of a go.mod text, in order (single lines and blocks). */
plan_gomod_req *plan_gomod_requires(base_arena *a, const char *text, size_t *n);

/* Compares Go versions ("1.22", "1.22.3", "1.24rc1" counts as 1.24):
 * <0, 0, >0. */
int plan_gover_cmp(const char *x, const char *y);

/* The `go` directive of a go.mod or go.work text, or NULL. */
const char *plan_modfile_go(base_arena *a, const char *text);

/* go.mod: text with the go directive raised to at least min_go (when not
 * NULL) and, appended, `require` + `replace` for every dep, and the deps'
 * own requirements (reqs). */
char *plan_gomod_rewrite(base_arena *a, const char *text, const plan_gomod_dep *deps, size_t n,
                         const plan_gomod_req *reqs, size_t nreqs, const char *min_go);

/* go.mod: text without the `replace` directives whose left side names one
 * of olds at its exact version (a wildcard `replace path => x` stays). */
char *plan_gomod_drop_replaces(base_arena *a, const char *text, const plan_gomod_req *olds, size_t n);

/* go.work: text (found in workdir) with every relative path of `use` and
 * `replace` made absolute (the copy lives elsewhere), the go directive raised
 * to min_go, and a `use` line for every dep. */
char *plan_gowork_rewrite(base_arena *a, const char *text, const char *workdir,
                          const plan_gomod_dep *deps, size_t n, const char *min_go);

/* Checksum lines: user's lines, then each extra's lines not already present. */
char *plan_gosum_merge(base_arena *a, const char *user, const char *const *extra, size_t n);

#endif

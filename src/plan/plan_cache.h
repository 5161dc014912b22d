/* The plan cache (docs/plan.md, "The plan cache"): a gotel build whose
 * command line, environment (the variables the go command and gotel read),
 * working directory and gotel binary match an
 * earlier one reuses that build's plan — scratch module file, overlay and
 * plan file — as long as its watch list (plan_watch.h) says the package
 * graph cannot have changed, skipping `go env`, `go list` and the rule
 * checks. When nothing at all changed and the earlier build's outputs are
 * as it left them, `gotel go build` is done without running the go command,
 * which would find nothing to do.
 *
 * Layout: <gotel cache>/plans/<key>/state names the scratch directory
 * <gotel cache>/plans/<key>/s-XXXXXX it belongs to. Scratch directories are
 * never changed once a state names them; a new plan gets a new one, and old
 * ones are removed a day after they were replaced (a build that read the
 * old state may still be using its directory). */
#ifndef PLAN_CACHE_H
#define PLAN_CACHE_H

#include <stdbool.h>

#include "base/arena.h"
#include "plan/plan_args.h"
#include "plan/plan_build.h"
#include "plan/plan_watch.h"

typedef struct {
    bool off;          /* no cache for this build (disabled, or no cache directory) */
    const char *dir;   /* <gotel cache>/plans/<key> */
    bool loaded;       /* a state was read */
    /* The state: what the last successful build of this key ran. */
    const char *scratch;
    bool memo;           /* outputs and VCS are tracked: an unchanged build may be skipped */
    const char *vcs_dir; /* git work tree whose status the binary stamps, or NULL */
    const char *vcs_digest;
    plan_strv argv, env; /* the final go command and its added environment */
    plan_watch watch;
} plan_cache;

/* Finds the cache entry for this command line (args: everything after
 * `gotel go`) and reads its state when there is one. Never fails: without a
 * usable cache, c->off is set. */
void plan_cache_open(base_arena *a, plan_cache *c, int argc, char *const *argv);

/* A fresh scratch directory for a new plan, inside the entry. */
int plan_cache_new_scratch(base_arena *a, plan_cache *c, char **out, const char **err);

/* Replaces the watch list, memo and outputs with those of a new plan of st
 * written in scratch, and takes the pre-build snapshot. */
void plan_cache_adopt(base_arena *a, plan_cache *c, const plan_state *st, const char *scratch,
                      const char *const *argv, const char *const *env);

/* Whether the build may be skipped: nothing changed since the last one.
 * Call it before running a cached plan: it also reads what the build will
 * stamp from version control. */
bool plan_cache_unchanged(base_arena *a, plan_cache *c, const plan_watch_verdict *v);

/* After the go command exited (succeeded: with status 0): records the
 * outputs of a success and saves the state. The plan depends only on the
 * inputs, so it is kept whatever the build's fate; skipping the next build
 * takes a success. */
void plan_cache_commit(base_arena *a, plan_cache *c, bool succeeded);

/* Writes the state as it is (stats refreshed by a check). */
void plan_cache_save(base_arena *a, plan_cache *c);

#endif

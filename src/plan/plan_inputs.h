/* What a build reads, for the plan cache (plan_cache.h): the watch list of a
 * freshly analysed build — package directories and files outside GOROOT
 * and the module cache, embedded files, the trees of `...` patterns, the
 * go command's configuration files and tools — and whether an unchanged
 * build may be skipped: its outputs can be known, no flag forces work, and
 * the version control state it stamps can be checked. */
#ifndef PLAN_INPUTS_H
#define PLAN_INPUTS_H

#include <stdbool.h>

#include "base/arena.h"
#include "plan/plan_build.h"
#include "plan/plan_watch.h"

typedef struct {
    bool cacheable;      /* the inputs could all be listed */
    bool skippable;      /* `gotel go build` may be skipped when none changed */
    const char *git_dir; /* the git work tree whose state the binary stamps, or NULL */
} plan_inputs;

/* Adds st's inputs and outputs to w (not yet snapshot). */
plan_inputs plan_inputs_collect(base_arena *a, const plan_state *st, plan_watch *w);

/* What the go command reads of the git work tree dir to stamp a binary. */
const char *plan_vcs_digest(base_arena *a, const char *dir);

#endif

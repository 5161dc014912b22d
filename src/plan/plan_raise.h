/* Which module versions of the program an instrumented build raises. The
 * scratch go.mod adds gotel's modules, whose requirements take part in
 * minimal version selection: a module the program links at an older version
 * than one of them requires is built at the newer one. */
#ifndef PLAN_RAISE_H
#define PLAN_RAISE_H

#include "plan/plan_build.h"

/* Fills st->reqs from st->mods' go.mod files, then st->raises from them and
 * st->pkgs: no go command runs. A requirement a gotel module only carries for one of its own
 * dependencies (`// indirect`) is traced to that dependency through its
 * go.mod in the module cache, when the cache has it. */
void plan_raises_find(base_arena *a, plan_state *st);

/* Merges into st->reqs the requirements of every module of st->mods: the
 * highest version of each (plan_raises_find starts with it; a module added
 * later is merged by calling it again). */
void plan_mods_requires(base_arena *a, plan_state *st);

/* The first module version of the program that gotel module moddir's
 * requirements would raise, as a plan_raise_line text, or NULL. */
const char *plan_mod_raise(base_arena *a, const plan_state *st, const char *moddir);

/* "golang.org/x/sys v0.10.0 → v0.48.0 (required by go.opentelemetry.io/otel/sdk)" */
const char *plan_raise_line(base_arena *a, const plan_raise *r);

#endif

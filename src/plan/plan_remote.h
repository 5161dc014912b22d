/* `gotel go install pkg@version` and `gotel go run pkg@version` (docs/plan.md,
 * "Packages at a version"). The go command builds such packages with their
 * own module as the main module, outside any module of the user's. gotel
 * cannot overlay its boot file into the module cache, so it copies the
 * module (as `go mod download` put it there) into its cache once per
 * module version, next to a go.work that uses the copy, and builds the
 * packages by import path in that workspace: same requirements, same main
 * module path, same binary name and place, and the program of `go run`
 * runs in the user's directory. */
#ifndef PLAN_REMOTE_H
#define PLAN_REMOTE_H

#include "plan/plan_build.h"

/* When the packages of st are at a version: resolves and copies their
 * module, points GOWORK at the copy's go.work and strips the versions from
 * st's packages. Nothing when no package has a version. */
int plan_remote_prepare(base_arena *a, plan_state *st, const char **err);

#endif

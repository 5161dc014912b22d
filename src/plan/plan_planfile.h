/* Writing the plan file toolexec reads (format: docs/architecture.md). */
#ifndef PLAN_PLANFILE_H
#define PLAN_PLANFILE_H

#include "plan/plan_build.h"

/* The language version ("1.21") toolexec lowers a package's -lang to:
 * the main module's go line when older than the Go release (the scratch
 * go.mod raises it), else NULL. */
const char *plan_pkg_lang(base_arena *a, const plan_state *st, const plan_pkg *p);

int plan_planfile_write(base_arena *a, plan_state *st, const char *path, const char **err);

#endif

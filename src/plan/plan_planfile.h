/* Writing the plan file toolexec reads (format: docs/architecture.md). */
#ifndef PLAN_PLANFILE_H
#define PLAN_PLANFILE_H

#include "plan/plan_build.h"

int plan_planfile_write(base_arena *a, plan_state *st, const char *path, const char **err);

#endif

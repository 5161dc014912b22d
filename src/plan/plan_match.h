/* Matching the rules against the packages of the build: which rules apply
 * to which packages (version ranges, and the hook signatures checked by the
 * weaver), hence which gotel modules and hook packages the build needs. */
#ifndef PLAN_MATCH_H
#define PLAN_MATCH_H

#include "plan/plan_build.h"

/* Fills st->mods, st->boot_imports, st->entries and st->verdicts. A broken
 * rule file or a hook that does not fit its target is an error (in d). */
int plan_match(base_arena *a, plan_state *st, base_diags *d, const char **err);

/* "p [p.test]" → "p": toolexec sees test variants under their package. */
const char *plan_fold_import_path(base_arena *a, const char *ip);

#endif

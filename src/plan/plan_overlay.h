/* The overlay: generated files the go command sees as if they were in the
 * user's package directories (without them ever being written there). */
#ifndef PLAN_OVERLAY_H
#define PLAN_OVERLAY_H

#include <stddef.h>

#include "base/arena.h"
#include "plan/plan_json.h"

/* The Go source of the file added to a package: package clause `pkg` and a
 * blank import of every path in imports (sorted, without duplicates). */
char *plan_boot_source(base_arena *a, const char *pkg, const char *const *imports, size_t n);

/* The overlay JSON: every entry of the user's overlay (user may be NULL),
 * then from[i] → to[i]. Returns NULL with *err when the user's overlay is
 * not of the form {"Replace": {...}} or maps one of the from paths itself. */
char *plan_overlay_json(base_arena *a, const plan_json *user, const char *const *from,
                        const char *const *to, size_t n, const char **err);

#endif

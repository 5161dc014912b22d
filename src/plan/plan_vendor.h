/* Vendor mode (docs/plan.md, "Vendor mode"): the go command's own vendor
 * mode cannot take gotel's modules (vendor/modules.txt is read from disk,
 * never through -overlay, and must match go.mod exactly), so gotel builds
 * with -mod=mod and points every vendored module at its directory beneath
 * vendor/, giving it the go.mod that `go mod vendor` left out through the
 * overlay. The vendored sources are the ones compiled; vendor/ is only read. */
#ifndef PLAN_VENDOR_H
#define PLAN_VENDOR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/str.h"
#include "plan/plan_build.h"

/* One module line of vendor/modules.txt with a version. */
typedef struct {
    const char *path, *version;
    const char *go; /* "## go" value, or NULL */
    bool has_pkgs;  /* packages of it are vendored */
} plan_vmod;

/* The module lines (with a version) of a modules.txt text, in order. */
plan_vmod *plan_vendor_parse(base_arena *a, const char *text, size_t *n);

/* What vendor mode adds to the scratch directory. */
typedef struct {
    char *gomod;          /* the user's go.mod (go.work) text without its replaces of vendored versions */
    plan_gomod_req *reqs; /* st->reqs, then the vendored modules the main module must require */
    size_t nreqs;
    const char *replaces; /* `replace` lines pointing the vendored modules at vendor/ */
    plan_strv from, to;   /* overlay entries: the vendored modules' go.mod files */
} plan_vendor_out;

/* vendor/modules.txt beside st's go.mod, or beside its go.work in
 * workspace mode (`go work vendor`). */
const char *plan_vendor_modules_txt(base_arena *a, const plan_state *st);

/* Reads vendor/modules.txt of st's main module (or workspace) and fills o for the scratch
 * directory scratch (backing files are written there). The modules gotel's
 * own modules require (st->reqs) are left to the module cache: a vendor
 * directory holds only the packages the program imports. With GOPROXY=off,
 * one of them missing from the module cache is an error of one sentence. */
int plan_vendor_scratch(base_arena *a, const plan_state *st, const char *gomod, const char *scratch,
                        plan_vendor_out *o, const char **err);

#endif

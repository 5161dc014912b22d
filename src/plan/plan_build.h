/* The plan phase of one gotel build (docs/architecture.md, design §2):
 * ask the go command about the build, match the rules, and write the
 * scratch directory (module file, checksums, overlay, plan file) that the
 * real go command then builds with. Shared by `gotel go`, `gotel setup` and
 * `gotel rules --match`. */
#ifndef PLAN_BUILD_H
#define PLAN_BUILD_H

#include <stdbool.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/vec.h"
#include "plan/plan_args.h"
#include "plan/plan_embed.h"
#include "plan/plan_golist.h"
#include "plan/plan_json.h"
#include "plan/plan_modfile.h"
#include "rules/rules.h"
#include "weave/weave.h"

/* One rule that applies to one package of the build. */
typedef struct {
    const char *pkg; /* import path, test variants folded into their package */
    weave_rule rule; /* modes filled by weave_check_rule */
} plan_entry;

/* Why a rule does or does not take part in the build (gotel rules --match). */
typedef struct {
    const char *rule;   /* "nethttp/server" */
    const char *pkg;    /* the package judged, or NULL when none is in the build */
    bool applies;
    const char *reason;
} plan_verdict;

/* A module version of the program that gotel's modules raise (plan_raise.h). */
typedef struct {
    const char *path; /* module */
    const char *from; /* the program's version (go list, before gotel) */
    const char *to;   /* what gotel's modules require */
    const char *by;   /* the module that requires it */
} plan_raise;

/* The module the boot file imports, whose package imports gotel's runtime
 * and hooks: its path sorts before any a program imports, so the go command
 * schedules them early (go/runtime/first/first.go says why). */
#define PLAN_FIRST_MODULE "0.gotel.dev/first"

typedef struct {
    plan_args args;
    const char *workdir; /* absolute directory the go command works in */
    plan_goenv env;
    plan_pkgs pkgs;
    plan_embed embed;
    bool workspace; /* go.work in effect: a temporary GOWORK instead of -modfile */
    bool vendor;    /* vendor mode: built with -mod=mod from vendor/ (plan_vendor.h) */
    bool grpc;      /* link the OTLP/gRPC exporters */
    bool grpc_exporter_only; /* ... into a program without gRPC (plan_write_scratch lists it) */
    const char *grpc_left_out; /* why they are not, though the program uses gRPC, or NULL */
    bool remote_query; /* pkg@query (@latest, a branch): each build resolves it anew */
    const char *rules_root; /* directory of the gotel Go sources the rules come from */
    rules_set rules;        /* every rule of those sources, and the program's own */
    const char *user_rules; /* the program's rule file (may not exist), or NULL */

    BASE_VEC(plan_gomod_dep) mods; /* gotel modules the build needs, runtime first */
    plan_strv boot_imports;        /* blank imports of the generated boot file */
    BASE_VEC(plan_entry) entries;  /* what toolexec weaves */
    BASE_VEC(plan_verdict) verdicts;
    BASE_VEC(plan_gomod_req) reqs; /* what st->mods require (gotel.dev/ aside), highest of each */
    BASE_VEC(size_t) reqs_by;      /* for each of reqs, the index in st->mods of a module requiring it */
    BASE_VEC(plan_raise) raises;   /* the program's modules the build raises */

    const char *scratch;  /* the scratch directory */
    const char *modfile;  /* scratch go.mod (not in workspace mode) */
    const char *gowork;   /* scratch go.work (workspace mode) */
    const char *overlay;  /* scratch overlay.json */
    const char *planfile; /* scratch plan */
    const char *salt;
    const plan_json *user_overlay; /* the user's -overlay file, parsed (NULL without one) */
    const char *gotel_exe; /* absolute path of this gotel binary */
    plan_strv boot_files;  /* overlay paths of the generated files */
    plan_strv marked;      /* packages given a marker file (plan_write_scratch), folded */
} plan_state;

/* Everything up to matching: go env, go list, checks, unpacking, rules.
 * Errors: one sentence in *err, or positioned diagnostics in d (then *err
 * is "" ). */
int plan_analyze(base_arena *a, plan_state *st, base_diags *d, const char **err);

/* Writes the scratch directory scratch (which exists) for an analyzed build.
 * Where gRPC comes only with gotel's exporter, it is listed and matched
 * here, through the scratch module (diagnostics in d, as plan_analyze's). */
int plan_write_scratch(base_arena *a, plan_state *st, const char *scratch, base_diags *d, const char **err);

/* The go command line to run (argv[0] "go"), NULL-terminated, and the
 * environment entries to add (GOWORK in workspace mode). */
const char **plan_final_argv(base_arena *a, const plan_state *st, const char *toolexec);
const char **plan_final_env(base_arena *a, const plan_state *st);

/* The -toolexec value: "<gotel> toolexec <planfile>", quoted as the go
 * command splits it. NULL when a path cannot be quoted. */
const char *plan_toolexec_value(base_arena *a, const plan_state *st);

/* The value of -name in a GOFLAGS string of "-name=value" words ("" for a
 * bare -name), or NULL when absent; the last one wins, as for the go command. */
const char *plan_goflags_get(base_arena *a, const char *goflags, const char *name);

/* The checksum file the go command pairs with a module file: x.mod → x.sum,
 * any other name → name.sum. */
const char *plan_modfile_sum(base_arena *a, const char *modfile);

/* Prints d's diagnostics and "gotel: err" (when err is not empty); returns 1. */
int plan_report(base_diags *d, const char *err);

#endif

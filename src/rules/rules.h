/* The rule model: what each instrumentation module asks to weave, loaded
 * from its rules.yaml (docs/rules.md is the reference), and the matching of
 * rules against the packages of a build. Everything lives in the arena
 * passed to the loader. */
#ifndef RULES_H
#define RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"
#include "rules/version.h"

typedef struct rules_instr rules_instr;

typedef struct {
    rules_instr *instr;     /* the instrumentation (file) it belongs to */
    const char *name;       /* "server" */
    const char *full_name;  /* "nethttp/server" */
    const char *package;    /* target import path; "main" = every main package */
    rules_range range;      /* versions; range.n == 0: every version */
    const char *function;   /* target function, or NULL for an inject rule */
    const char *receiver;   /* "T", "*T", or NULL for a plain function */
    const char *hooks;      /* hook package import path (function rules) */
    const char *before;     /* hook names, NULL when absent */
    const char *after;
    const char *inject;     /* absolute path of the Go file to add, or NULL */
    const char *struct_name; /* a struct type of the target package to extend, or NULL */
    const char *field;      /* the field declaration appended to it ("name Type") */
    const char *file;       /* where the rule is written */
    int line, col;
} rules_rule;

struct rules_instr {
    const char *name;        /* switch name, "nethttp" */
    bool switchable;         /* false: always on */
    const char *module_path; /* "gotel.dev/instrumentation/nethttp" */
    const char *dir;         /* absolute directory of the module (holds rules.yaml) */
    const char *file;        /* the rules.yaml path */
    /* Optional descriptions for the support table (`gotel rules --table`);
     * NULL when absent. */
    const char *library;     /* "database/sql", "go-redis v9" */
    const char *traces;      /* what spans it makes */
    const char *metrics;     /* metric names, or "none" */
    bool user;               /* from the program's own rule file (docs/custom.md) */
    rules_rule **rules;
    size_t nrules;
};

typedef struct {
    rules_instr **instrs; /* in load order */
    size_t ninstrs, cap_instrs;
    rules_rule **rules;   /* all rules, in load order */
    size_t nrules, cap_rules;
} rules_set;

/* Parses one rules.yaml of module module_path and adds its instrumentation
 * to set. Every problem found is added to d as file:line:col: message; on
 * any error nothing is added to set. Returns 0 or -1. */
int rules_load_file(base_arena *a, const char *path, const char *module_path, rules_set *set,
                    base_diags *d);

/* Same, from text already in memory (path names it in messages and is the
 * base for relative inject paths). */
int rules_load_text(base_arena *a, const char *path, const char *text, size_t n,
                    const char *module_path, rules_set *set, base_diags *d);

/* Loads one module directory: dir/rules.yaml with the module path read from
 * dir/go.mod. A directory without rules.yaml adds nothing (returns 0). */
int rules_load_module_dir(base_arena *a, const char *dir, rules_set *set, base_diags *d);

/* The module path from the "module" line of dir/go.mod, or NULL. */
const char *rules_module_path(base_arena *a, const char *dir);

/* Loads the tree of gotel's Go sources (the repository's go/ directory, or
 * its unpacked copy): root/runtime and every root/instrumentation/<lib>,
 * in name order. Also reports two instrumentations with the same name. */
int rules_load_tree(base_arena *a, const char *root, rules_set *set, base_diags *d);

/* The default root for rules_load_tree when gotel's Go sources are not
 * embedded: $GOTEL_GO_DIR, else <dir of the gotel binary>/../go when it
 * exists. NULL if neither is found. */
const char *rules_default_root(base_arena *a);

/* A package of the build, as the planner learns it from `go list`. */
typedef struct {
    const char *import_path;
    bool is_main;        /* package main */
    bool is_std;         /* standard library: versions compare to go_version */
    const char *version; /* module version ("v1.2.3"); NULL/"" when unknown
                            (main module, directory replacement) */
    const char *go_version; /* toolchain version ("go1.26.8") for std */
} rules_target;

typedef struct {
    const rules_rule *rule;
    bool applies;
    const char *reason; /* why (not): "targets net/http", "go1.21.3 is not >= 1.22"… */
} rules_verdict;

/* Is the import path in the standard library? (first element has no dot) */
bool rules_is_std_path(const char *import_path);

/* Judges every rule of set for t: out[i] is set->rules[i]'s verdict.
 * Returns how many apply. */
size_t rules_match(base_arena *a, const rules_set *set, const rules_target *t, rules_verdict **out);

/* Judges one rule. */
bool rules_rule_applies(base_arena *a, const rules_rule *r, const rules_target *t, const char **reason);

/* `gotel rules` output: every instrumentation and its rules, one line each
 * (target, version range, hooks or injected file). */
void rules_print_list(FILE *out, const rules_set *set);
/* `gotel rules --table`: a Markdown table of the instrumentations that
 * name a library (docs/instrumentation/README.md holds its output). */
void rules_print_table(FILE *out, const rules_set *set);
/* `gotel rules --match` style output: one line per rule of set with its
 * verdict for one package. */
void rules_print_verdicts(FILE *out, const rules_verdict *v, size_t n, bool only_package_rules);

#endif

/* Matching the rules against the packages of the build: which rules apply
 * to which packages (version ranges, and the hook signatures checked by the
 * weaver), hence which gotel modules and hook packages the build needs. */
#ifndef PLAN_MATCH_H
#define PLAN_MATCH_H

#include "plan/plan_build.h"

/* Loads every rules.yaml of st->rules_root into st->rules. */
int plan_rules_load(base_arena *a, plan_state *st, base_diags *d, const char **err);

/* Standard-library packages that rules target and gotel's runtime links
 * into every program (runtime/stddeps.txt): they are in every build, so
 * `go list` is asked about them even when the user's packages do not import
 * them. Otherwise whether net/http is woven would depend on the program
 * while its compile's cache key does not (beneath GOMODCACHE no marker
 * file tells the two apart). */
int plan_runtime_std_targets(base_arena *a, const plan_state *st, plan_strv *out, const char **err);

/* Fills st->mods, st->boot_imports, st->entries and st->verdicts. A broken
 * rule file or a hook that does not fit its target is an error (in d). */
int plan_match(base_arena *a, plan_state *st, base_diags *d, const char **err);

/* The rule matching of plan_match for the packages st->pkgs.v[from…] only
 * (plan_match runs it with 0; a later pass, for packages listed after it,
 * with the first new one): entries, verdicts, and the modules and hook
 * packages of what applies. */
int plan_match_pkgs(base_arena *a, plan_state *st, base_diags *d, size_t from, const char **err);

/* The non-test Go files of a directory, sorted. */
const char **plan_dir_gofiles(base_arena *a, const char *dir, size_t *n);

/* Directory of hook package ip of instrumentation in: inside gotel's
 * unpacked tree, or, for the program's own rules, a package of the build
 * or of the main module. NULL when not found. */
const char *plan_hooks_dir(base_arena *a, const plan_state *st, const rules_instr *in, const char *ip);

/* The program's own rule file (docs/custom.md): GOTEL_RULES, which
 * `gotel go -rules FILE` sets, else gotel.yaml at the main module's root
 * when it exists. Its path goes to st->user_rules either way (watched by
 * the plan cache), its rules into st->rules, marked user. */
int plan_user_rules_load(base_arena *a, plan_state *st, base_diags *d, const char **err);

/* Whether the program's hook package ip lives in a module nested in the
 * main module's tree (a directory with its own go.mod, which a plain build
 * never sees): its path and directory. */
bool plan_user_hooks_module(base_arena *a, const plan_state *st, const rules_instr *in, const char *ip,
                            const char **path, const char **dir);

/* A digest of an entry of the program's own rules: the rule in canonical
 * form (rules_rule_canon) and how it calls its hooks (the modes
 * weave_check_rule derived from their signatures); "" for an entry of
 * gotel's own rules, NULL on error (an inject file cannot be read). The
 * woven package's key must hold it, through its marker file or the salt.
 * Not the hooks' sources: the target calls them through bodyless linkname
 * declarations, so an edited hook body recompiles only the hook package. */
const char *plan_user_entry_digest(base_arena *a, const plan_state *st, const plan_entry *e, const char **err);

/* The same for every entry of the program's rules woven into a package
 * without a marker file (st->marked), for the salt; "" when there is none. */
const char *plan_user_rules_digest(base_arena *a, const plan_state *st, const char **err);

/* "p [p.test]" → "p": toolexec sees test variants under their package. */
const char *plan_fold_import_path(base_arena *a, const char *ip);

#endif

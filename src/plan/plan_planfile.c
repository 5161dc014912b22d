#include "plan/plan_planfile.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "plan/plan_match.h"
#include "rules/planfile.h"
#include "rules/salt.h"

/* The language version ("1.21") of a go directive ("1.21.3", "1.21rc1",
 * "" — a go.mod without one is Go 1.16 to the go command). */
static const char *plan_lang_of(base_arena *a, const char *v) {
    if (!v || !*v) return "1.16";
    const char *dot = strchr(v, '.');
    if (!dot) return v;
    size_t n = (size_t)(dot + 1 - v) + strspn(dot + 1, "0123456789");
    return base_arena_strndup(a, v, n);
}

/* The scratch go.mod raises the main module's go line to the gotel
 * modules' (the go command would, under -mod=mod), which would compile the
 * main module's packages with a newer -lang; toolexec puts the module's own
 * back. Workspace modules keep their go.mod (only go.work is rewritten), so
 * they need none. A test main is generated code that compiles the same
 * under any language version, and it cannot take a marker: lowering it
 * would put the version into the salt, and every `gotel go test` of a
 * module below the Go release would compile a standard library of its own.
 * Nor does a package this build does not compile (only test files under go
 * build, as `./...` lists them), which has no marker either. */
const char *plan_pkg_lang(base_arena *a, const plan_state *st, const plan_pkg *p) {
    if (st->workspace || !p->mod_main || p->standard || !p->n_files || plan_pkg_is_test_main(p)) return NULL;
    const char *lang = plan_lang_of(a, p->mod_go);
    return plan_gover_cmp(lang, plan_lang_of(a, st->env.go_semver)) < 0 ? lang : NULL;
}

/* The plan's lang entries, one per package. *versions gets the distinct
 * versions of the packages without a marker file, for the salt. */
static rules_plan_lang *plan_langs(base_arena *a, const plan_state *st, size_t *n, base_buf *versions) {
    rules_plan_lang *v = BASE_NEW_ARRAY(a, rules_plan_lang, st->pkgs.n + 1);
    *n = 0;
    for (size_t i = 0; i < st->pkgs.n; i++) {
        const plan_pkg *p = &st->pkgs.v[i];
        const char *lang = plan_pkg_lang(a, st, p);
        if (!lang) continue;
        const char *ip = plan_fold_import_path(a, p->import_path);
        bool dup = false;
        for (size_t k = 0; k < *n && !dup; k++) dup = strcmp(v[k].import_path, ip) == 0;
        if (dup) continue;
        v[(*n)++] = (rules_plan_lang){.import_path = ip, .version = lang};
        const char *tag = base_arena_printf(a, "+lang%s", lang);
        if (!plan_strv_has(&st->marked, ip) && !strstr(base_buf_cstr(versions), tag)) base_buf_puts(versions, tag);
    }
    return v;
}

/* The packages rules target that this build does not have (see
 * rules_plan.guards). */
static const char **plan_guards(base_arena *a, const plan_state *st, size_t *n) {
    const char **v = BASE_NEW_ARRAY(a, const char *, st->rules.nrules + 1);
    *n = 0;
    for (size_t i = 0; i < st->rules.nrules; i++) {
        const char *t = st->rules.rules[i]->package;
        bool found = strcmp(t, "main") == 0;
        for (size_t k = 0; k < *n && !found; k++) found = strcmp(v[k], t) == 0;
        for (size_t k = 0; k < st->pkgs.n && !found; k++)
            found = strcmp(plan_fold_import_path(a, st->pkgs.v[k].import_path), t) == 0;
        if (!found) v[(*n)++] = t;
    }
    return v;
}

/* The plan file through the rules module's writer (one block per package,
 * in first-seen rule order), with the salt of rules_salt: gotel's version
 * and build identity, the embedded sources' hash and the rule set. */
int plan_planfile_write(base_arena *a, plan_state *st, const char *path, const char **err) {
    size_t nlangs;
    base_buf versions;
    base_buf_init(&versions, a);
    rules_plan_lang *langs = plan_langs(a, st, &nlangs, &versions);
    char salt[BASE_SHA256_HEX];
    /* A lowered -lang is not in the compile's cache key (the go command
     * keys it by the scratch go line), and a package woven with the
     * program's own rules does not show them in its files: a package with
     * a marker file (plan_write_scratch) is keyed by it, the others by the
     * language versions and rules salted in here. gotel's own rules are
     * salted whole: they weave into the module cache and the standard
     * library of every build. */
    const char *user = plan_user_rules_digest(a, st, err);
    if (!user) return -1;
    const char *version =
        base_arena_printf(a, "%s+%s%s+%s", GOTEL_VERSION, rules_gotel_build_id(), base_buf_cstr(&versions), user);
    rules_set own = {.instrs = BASE_NEW_ARRAY(a, rules_instr *, st->rules.ninstrs + 1)};
    for (size_t i = 0; i < st->rules.ninstrs; i++)
        if (!st->rules.instrs[i]->user) own.instrs[own.ninstrs++] = st->rules.instrs[i];
    if (rules_salt(a, version, st->embed.hash, &own, salt, err) < 0) return -1;
    st->salt = base_arena_strdup(a, salt);

    size_t n = st->entries.n;
    rules_plan_pkg *pkgs = BASE_NEW_ARRAY(a, rules_plan_pkg, n + 1);
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        const char *pkg = st->entries.v[i].pkg;
        size_t k = 0;
        while (k < np && strcmp(pkgs[k].import_path, pkg) != 0) k++;
        if (k == np) {
            pkgs[np++] = (rules_plan_pkg){.import_path = pkg, .rules = BASE_NEW_ARRAY(a, weave_rule, n)};
        }
        pkgs[k].rules[pkgs[k].nrules++] = st->entries.v[i].rule;
    }
    rules_plan plan = {.salt = st->salt, .gotel = st->gotel_exe, .pkgs = pkgs, .npkgs = np,
                       .langs = langs, .nlangs = nlangs, .modcache = st->env.gomodcache};
    plan.guards = plan_guards(a, st, &plan.nguards);
    return rules_plan_write(a, path, &plan, err);
}

#include "plan/plan_planfile.h"

#include <string.h>

#include "commands.h"
#include "rules/planfile.h"
#include "rules/salt.h"

/* The plan file through the rules module's writer (one block per package,
 * in first-seen rule order), with the salt of rules_salt: gotel's version
 * and build identity, the embedded sources' hash and the rule set. */
int plan_planfile_write(base_arena *a, plan_state *st, const char *path, const char **err) {
    char id[BASE_SHA256_HEX], salt[BASE_SHA256_HEX];
    if (rules_gotel_build_id(a, id, err) < 0) return -1;
    const char *version = base_arena_printf(a, "%s+%s", GOTEL_VERSION, id);
    if (rules_salt(a, version, st->embed.hash, &st->rules, salt, err) < 0) return -1;
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
    rules_plan plan = {.salt = st->salt, .gotel = st->gotel_exe, .pkgs = pkgs, .npkgs = np};
    return rules_plan_write(a, path, &plan, err);
}

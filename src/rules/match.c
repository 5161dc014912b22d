#include <string.h>

#include "rules/rules.h"

bool rules_is_std_path(const char *p) {
    size_t n = strcspn(p, "/");
    return memchr(p, '.', n) == NULL;
}

bool rules_rule_applies(base_arena *a, const rules_rule *r, const rules_target *t, const char **reason) {
    if (strcmp(r->package, "main") == 0) {
        if (!t->is_main) {
            *reason = "targets main packages";
            return false;
        }
    } else if (strcmp(r->package, t->import_path) != 0) {
        *reason = base_arena_printf(a, "targets %s", r->package);
        return false;
    }
    if (!r->range.n) {
        *reason = "every version";
        return true;
    }
    const char *v = r->range.kind == RULES_VER_GO ? t->go_version : t->version;
    if (!v || !*v || strcmp(v, "(devel)") == 0) {
        /* The main module and directory replacements have no version: the
         * plan-time signature check still guards the weave. */
        *reason = base_arena_printf(a, "version unknown, range %s not checked", r->range.text);
        return true;
    }
    const char *err;
    int m = rules_version_match(&r->range, v, &err);
    if (m < 0) {
        *reason = base_arena_printf(a, "%s is %s", v, err);
        return false;
    }
    *reason = base_arena_printf(a, "%s %s %s", v, m ? "is in" : "is not in", r->range.text);
    return m == 1;
}

size_t rules_match(base_arena *a, const rules_set *set, const rules_target *t, rules_verdict **out) {
    rules_verdict *v = BASE_NEW_ARRAY(a, rules_verdict, set->nrules ? set->nrules : 1);
    size_t n = 0;
    for (size_t i = 0; i < set->nrules; i++) {
        v[i].rule = set->rules[i];
        v[i].applies = rules_rule_applies(a, set->rules[i], t, &v[i].reason);
        n += v[i].applies;
    }
    *out = v;
    return n;
}

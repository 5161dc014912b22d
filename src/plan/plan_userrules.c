/* The program's own rule file (docs/custom.md): found, loaded beside the
 * built-in rules, and digested for the cache keys of what they weave. */
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/sha256.h"
#include "base/str.h"
#include "plan/plan_match.h"
#include "rules/salt.h"

int plan_user_rules_load(base_arena *a, plan_state *st, base_diags *d, const char **err) {
    const char *named = getenv("GOTEL_RULES");
    const char *gomod = st->env.gomod;
    const char *root = gomod && *gomod && strcmp(gomod, "/dev/null") != 0 ? base_path_dir(a, gomod) : NULL;
    if (named && *named) {
        st->user_rules = base_path_clean(a, st->workdir ? base_path_join(a, st->workdir, named) : named);
        if (!base_path_exists(st->user_rules)) {
            *err = base_arena_printf(a, "GOTEL_RULES names %s, which does not exist", st->user_rules);
            return -1;
        }
    } else if (root) {
        st->user_rules = base_path_join(a, root, "gotel.yaml");
        if (!base_path_exists(st->user_rules)) return 0;
    } else {
        return 0;
    }
    if (!root) {
        *err = base_arena_printf(a, "%s: the program's rules need a main module (go env GOMOD is empty)", st->user_rules);
        return -1;
    }
    const char *modpath = rules_module_path(a, root);
    if (!modpath) {
        *err = base_arena_printf(a, "%s/go.mod has no module line", root);
        return -1;
    }
    size_t before = st->rules.ninstrs;
    if (rules_load_file(a, st->user_rules, modpath, &st->rules, d)) {
        *err = "";
        return -1;
    }
    for (size_t i = before; i < st->rules.ninstrs; i++) {
        rules_instr *in = st->rules.instrs[i];
        in->user = true;
        in->dir = root; /* hook packages of the main module are found from here */
        for (size_t k = 0; k < before; k++)
            if (strcmp(st->rules.instrs[k]->name, in->name) == 0) {
                base_diags_add(d, st->user_rules, 1, 1, "instrumentation %s is one of gotel's own; choose another name",
                               in->name);
                *err = "";
                return -1;
            }
    }
    return 0;
}

bool plan_user_hooks_module(base_arena *a, const plan_state *st, const rules_instr *in, const char *ip,
                            const char **path, const char **dir) {
    const char *d = plan_hooks_dir(a, st, in, ip);
    if (!d) return false;
    for (; strcmp(d, in->dir) != 0 && strlen(d) > strlen(in->dir); d = base_path_dir(a, d)) {
        if (!base_path_exists(base_path_join(a, d, "go.mod"))) continue;
        const char *mp = rules_module_path(a, d);
        if (!mp) return false;
        *path = mp;
        *dir = d;
        return true;
    }
    return false;
}

/* The program's rule behind an entry, or NULL for gotel's own. */
static const rules_rule *plan_user_rule_of(const plan_state *st, const plan_entry *e) {
    for (size_t k = 0; k < st->rules.ninstrs; k++) {
        const rules_instr *in = st->rules.instrs[k];
        if (!in->user || strcmp(in->name, e->rule.instrumentation) != 0) continue;
        for (size_t j = 0; j < in->nrules; j++)
            if (strcmp(in->rules[j]->name, e->rule.name) == 0) return in->rules[j];
    }
    return NULL;
}

/* The entry's rule in canonical form and the modes of its hook calls. */
static int plan_user_entry_canon(base_arena *a, const rules_rule *r, const plan_entry *e, base_buf *b,
                                 const char **err) {
    if (rules_rule_canon(a, b, r, err)) return -1;
    base_buf_printf(b, "\nwoven %zu:%s b", strlen(e->pkg), e->pkg);
    for (size_t m = 0; m < e->rule.n_before; m++) base_buf_printf(b, " %s", weave_mode_name(e->rule.before_modes[m]));
    base_buf_puts(b, " a");
    for (size_t m = 0; m < e->rule.n_after; m++) base_buf_printf(b, " %s", weave_mode_name(e->rule.after_modes[m]));
    base_buf_puts(b, "\n");
    return 0;
}

static const char *plan_digest(base_arena *a, const base_buf *b) {
    if (!b->n) return "";
    char hex[BASE_SHA256_HEX];
    base_sha256_hex(b->p, b->n, hex);
    return base_arena_strdup(a, hex);
}

const char *plan_user_entry_digest(base_arena *a, const plan_state *st, const plan_entry *e, const char **err) {
    const rules_rule *r = plan_user_rule_of(st, e);
    base_buf b;
    base_buf_init(&b, a);
    if (r && plan_user_entry_canon(a, r, e, &b, err)) return NULL;
    return plan_digest(a, &b);
}

const char *plan_user_rules_digest(base_arena *a, const plan_state *st, const char **err) {
    base_buf b;
    base_buf_init(&b, a);
    for (size_t i = 0; i < st->entries.n; i++) {
        const plan_entry *e = &st->entries.v[i];
        const rules_rule *r = plan_user_rule_of(st, e);
        if (!r || plan_strv_has(&st->marked, e->pkg)) continue;
        if (plan_user_entry_canon(a, r, e, &b, err)) return NULL;
    }
    return plan_digest(a, &b);
}

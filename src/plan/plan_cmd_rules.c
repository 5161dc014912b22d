/* `gotel rules --match [build flags] [packages]`: which rules this build
 * would apply, and why the others would not — from the same go list the
 * build runs. */
#include <stdio.h>
#include <string.h>

#include "plan/plan_build.h"
#include "plan/plan_raise.h"
#include "plan/plan_rules_match.h"

int plan_rules_match(int argc, char **argv) {
    base_arena *a = base_arena_new();
    plan_state st = {0};
    base_diags d;
    base_diags_init(&d, a);
    const char *err = NULL;
    plan_cmd cmd = PLAN_CMD_BUILD;
    int first = 0;
    if (argc > 0 && strcmp(argv[0], "-test") == 0) cmd = PLAN_CMD_TEST, first = 1;
    if (plan_args_parse(a, cmd, argc - first, argv + first, &st.args, &err)) {
        fprintf(stderr, "gotel rules: %s\n", err);
        base_arena_free(a);
        return 2;
    }
    if (plan_analyze(a, &st, &d, &err)) {
        int rc = plan_report(&d, err);
        base_arena_free(a);
        return rc;
    }
    size_t applied = 0;
    for (size_t i = 0; i < st.verdicts.n; i++) {
        const plan_verdict *v = &st.verdicts.v[i];
        printf("%-4s %-28s %-28s %s\n", v->applies ? "yes" : "no", v->rule, v->pkg ? v->pkg : "-", v->reason);
        applied += v->applies;
    }
    printf("%zu rule application%s in %zu package%s; gotel modules:", applied, applied == 1 ? "" : "s",
           st.pkgs.n, st.pkgs.n == 1 ? "" : "s");
    for (size_t i = 0; i < st.mods.n; i++) printf(" %s", st.mods.v[i].path);
    printf("\n");
    for (size_t i = 0; i < st.raises.n; i++) printf("raises %s\n", plan_raise_line(a, &st.raises.v[i]));
    base_arena_free(a);
    return 0;
}

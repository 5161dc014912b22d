#include <string.h>

#include "rules/rules.h"

/* net/http.(*T).F, net/http.F, or "inject <file>". */
static void print_target(FILE *out, const rules_rule *r) {
    if (r->inject) {
        fprintf(out, "%s: inject %s", r->package, r->inject);
        return;
    }
    if (r->struct_name) {
        fprintf(out, "%s.%s: add field %s", r->package, r->struct_name, r->field);
        return;
    }
    if (r->receiver) fprintf(out, "%s.(%s).%s", r->package, r->receiver, r->function);
    else fprintf(out, "%s.%s", r->package, r->function);
}

void rules_print_list(FILE *out, const rules_set *set) {
    for (size_t i = 0; i < set->ninstrs; i++) {
        const rules_instr *in = set->instrs[i];
        fprintf(out, "%s  (%s%s)\n", in->name, in->module_path, in->switchable ? "" : ", always on");
        for (size_t j = 0; j < in->nrules; j++) {
            const rules_rule *r = in->rules[j];
            fprintf(out, "  %-28s ", r->full_name);
            print_target(out, r);
            fprintf(out, "  versions: %s", r->range.n ? r->range.text : "all");
            if (r->function) {
                fprintf(out, "  hooks: %s", r->hooks);
                if (r->before) fprintf(out, " before=%s", r->before);
                if (r->after) fprintf(out, " after=%s", r->after);
            }
            fputc('\n', out);
        }
    }
}

void rules_print_verdicts(FILE *out, const rules_verdict *v, size_t n, bool only_package_rules) {
    for (size_t i = 0; i < n; i++) {
        const rules_rule *r = v[i].rule;
        /* Rules for other packages say "targets …"; skip them when asked. */
        if (only_package_rules && !v[i].applies && strncmp(v[i].reason, "targets ", 8) == 0) continue;
        fprintf(out, "%-5s %-28s ", v[i].applies ? "yes" : "no", r->full_name);
        print_target(out, r);
        fprintf(out, "  (%s)\n", v[i].reason);
    }
}

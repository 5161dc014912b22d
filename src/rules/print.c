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

/* A table cell: '|' would end the cell and a newline the row. */
static void print_cell(FILE *out, const char *s) {
    fputc(' ', out);
    for (; s && *s; s++) {
        if (*s == '|') fputs("\\|", out);
        else if (*s == '\n') fputc(' ', out);
        else fputc(*s, out);
    }
    fputs(" |", out);
}

/* Appends text to a ", "-separated list in buf unless already there. */
static void list_add(base_buf *buf, const char *text) {
    const char *have = base_buf_cstr(buf);
    size_t n = strlen(text);
    for (const char *p = have; (p = strstr(p, text)) != NULL; p += n)
        if ((p == have || p[-1] == ' ') && (p[n] == 0 || p[n] == ',')) return;
    if (buf->n) base_buf_puts(buf, ", ");
    base_buf_puts(buf, text);
}

void rules_print_table(FILE *out, const rules_set *set) {
    fputs("| Library | Switch | Packages | Versions | Traces | Metrics |\n", out);
    fputs("|---|---|---|---|---|---|\n", out);
    for (size_t i = 0; i < set->ninstrs; i++) {
        const rules_instr *in = set->instrs[i];
        if (!in->library) continue;
        base_arena *a = base_arena_new();
        base_buf pkgs, vers;
        base_buf_init(&pkgs, a);
        base_buf_init(&vers, a);
        /* The ranges of the woven functions say what is supported; those
         * of inject and struct rules only split it by implementation. A
         * rule for every version says nothing beside the others. */
        for (int pass = 0; pass < 2 && !vers.n; pass++)
            for (size_t j = 0; j < in->nrules; j++) {
                const rules_rule *r = in->rules[j];
                if (pass == 0) list_add(&pkgs, r->package);
                if (r->range.n && (r->function || pass == 1))
                    list_add(&vers, rules_is_std_path(r->package) ? base_arena_printf(a, "Go %s", r->range.text)
                                                                   : r->range.text);
            }
        if (!vers.n) base_buf_puts(&vers, "all");
        fputc('|', out);
        print_cell(out, in->library);
        print_cell(out, in->name);
        print_cell(out, base_buf_cstr(&pkgs));
        print_cell(out, base_buf_cstr(&vers));
        print_cell(out, in->traces ? in->traces : "");
        print_cell(out, in->metrics ? in->metrics : "none");
        fputc('\n', out);
        base_arena_free(a);
    }
}

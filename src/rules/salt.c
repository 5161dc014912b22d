#include "rules/salt.h"

#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/str.h"
#include "gotel_source_id.h"

static int salt_cmp_instr(const void *x, const void *y) {
    return strcmp((*(rules_instr *const *)x)->name, (*(rules_instr *const *)y)->name);
}

static int salt_cmp_rule(const void *x, const void *y) {
    return strcmp((*(rules_rule *const *)x)->name, (*(rules_rule *const *)y)->name);
}

/* Each field is written as <length>:<bytes> so that no two different rule
 * sets serialise alike. */
static void salt_field(base_buf *b, const char *s) {
    if (!s) {
        base_buf_puts(b, "-;");
        return;
    }
    base_buf_printf(b, "%zu:%s;", strlen(s), s);
}

static void salt_instr(base_buf *b, const rules_instr *in) {
    base_buf_puts(b, "\ninstr ");
    salt_field(b, in->name);
    salt_field(b, in->module_path);
    salt_field(b, in->switchable ? "1" : "0");
}

static int salt_rule(base_arena *a, base_buf *b, const rules_rule *r, const char **err) {
    base_buf_puts(b, "\nrule ");
    const char *f[] = {r->name, r->package, r->range.n ? r->range.text : NULL, r->function,
                       r->receiver, r->hooks, r->before, r->after, r->struct_name, r->field};
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) salt_field(b, f[k]);
    if (!r->inject) {
        salt_field(b, NULL);
        return 0;
    }
    char *data;
    size_t n;
    if (base_file_read(a, r->inject, &data, &n, err) < 0) return -1;
    char hex[BASE_SHA256_HEX];
    base_sha256_hex(data, n, hex);
    salt_field(b, hex);
    return 0;
}

int rules_rule_canon(base_arena *a, base_buf *b, const rules_rule *r, const char **err) {
    salt_instr(b, r->instr);
    return salt_rule(a, b, r, err);
}

int rules_salt(base_arena *a, const char *gotel_version, const char *gosrc_hash, const rules_set *set,
               char out[BASE_SHA256_HEX], const char **err) {
    base_buf b;
    base_buf_init(&b, a);
    base_buf_puts(&b, "gotel-salt 1\n");
    salt_field(&b, gotel_version);
    salt_field(&b, gosrc_hash);
    /* Canonical order: instrumentations by name, rules by name; load order
     * (directory listing order) must not matter. */
    rules_instr **in = BASE_NEW_ARRAY(a, rules_instr *, set->ninstrs + 1);
    if (set->ninstrs) memcpy(in, set->instrs, sizeof *in * set->ninstrs);
    qsort(in, set->ninstrs, sizeof *in, salt_cmp_instr);
    for (size_t i = 0; i < set->ninstrs; i++) {
        salt_instr(&b, in[i]);
        rules_rule **rs = BASE_NEW_ARRAY(a, rules_rule *, in[i]->nrules + 1);
        if (in[i]->nrules) memcpy(rs, in[i]->rules, sizeof *rs * in[i]->nrules);
        qsort(rs, in[i]->nrules, sizeof *rs, salt_cmp_rule);
        for (size_t j = 0; j < in[i]->nrules; j++)
            if (salt_rule(a, &b, rs[j], err)) return -1;
    }
    base_sha256_hex(b.p, b.n, out);
    return 0;
}

const char *rules_gotel_build_id(void) { return GOTEL_SOURCE_ID; }

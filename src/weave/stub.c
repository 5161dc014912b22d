/* Temporary: the weaver's entry points until the implementation lands. */
#include "weave/weave.h"

int weave_check_rule(base_arena *a, weave_rule *r, const char *const *target_files, size_t nt,
                     const char *const *hook_files, size_t nh, base_diags *d) {
    (void)a, (void)target_files, (void)nt, (void)hook_files, (void)nh;
    base_diags_add(d, NULL, 0, 0, "rule %s/%s: the weaver is not implemented yet", r->instrumentation, r->name);
    return -1;
}

int weave_package(base_arena *a, const char *const *files, size_t nfiles, const weave_rule *rules,
                  size_t nrules, const char *outdir, const char ***out_files, size_t *n_out,
                  bool *bodyless, base_diags *d) {
    (void)a, (void)rules, (void)nrules, (void)outdir;
    *out_files = (const char **)files;
    *n_out = nfiles;
    *bodyless = false;
    if (nrules) base_diags_add(d, NULL, 0, 0, "the weaver is not implemented yet");
    return nrules ? -1 : 0;
}

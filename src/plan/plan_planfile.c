#include "plan/plan_planfile.h"

#include <string.h>

#include "base/file.h"
#include "base/sha256.h"
#include "base/str.h"

/* Interim writer until toolexec's plan-file module lands: same format. */
int plan_planfile_write(base_arena *a, plan_state *st, const char *path, const char **err) {
    base_buf b;
    base_buf_init(&b, a);
    char salt[BASE_SHA256_HEX];
    const char *seed = base_arena_printf(a, "gotel %s\n%s\n", st->embed.hash, st->gotel_exe);
    base_sha256_hex(seed, strlen(seed), salt);
    st->salt = base_arena_strdup(a, salt);
    base_buf_printf(&b, "gotel-plan 1\nsalt %s\ngotel %s\n", salt, st->gotel_exe);
    for (size_t i = 0; i < st->entries.n; i++) {
        const plan_entry *e = &st->entries.v[i];
        const weave_rule *r = &e->rule;
        base_buf_printf(&b, "pkg %s\n", e->pkg);
        base_buf_printf(&b, "rule %s %s %s %s %s %s %s %d\n", r->instrumentation, r->name,
                        r->function ? r->function : "-", r->receiver ? r->receiver : "-",
                        r->hooks_pkg ? r->hooks_pkg : "-", r->before ? r->before : "-",
                        r->after ? r->after : "-", r->switchable);
        for (size_t k = 0; k < r->n_before; k++)
            base_buf_printf(&b, "param b %zu %s\n", k, weave_mode_name(r->before_modes[k]));
        for (size_t k = 0; k < r->n_after; k++)
            base_buf_printf(&b, "param a %zu %s\n", k, weave_mode_name(r->after_modes[k]));
        if (r->inject) base_buf_printf(&b, "inject %s\n", r->inject);
        base_buf_puts(&b, "end\n");
    }
    return base_file_write_atomic(a, path, b.p, b.n, 0644, err);
}

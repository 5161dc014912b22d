/* The cover tool under -cover: the go command hands it each Go file of the
 * package by its path in the package directory (cmd/go's coverage action
 * does not apply -overlay, unlike its compile), so gotel's generated files
 * — the boot file of a tested package, the rule marker of a woven one —
 * which exist only in the overlay, would not be found. Their paths are
 * replaced by the overlay's backing files; everything else is passed on. */
#include <string.h>

#include "base/file.h"
#include "plan/plan_json.h"
#include "toolexec/tx.h"

const char **tx_cover_args(base_arena *a, const char *planfile, char *const *argv, size_t n) {
    char *text;
    size_t tn;
    const char *err;
    if (base_file_read(a, base_path_join(a, base_path_dir(a, planfile), "overlay.json"), &text, &tn, &err)) return NULL;
    plan_json *j = plan_json_parse(a, text, tn, &err);
    const plan_json *rep = j && j->kind == PLAN_JOBJ ? plan_json_get(j, "Replace") : NULL;
    if (!rep || rep->kind != PLAN_JOBJ) return NULL;
    const char **out = BASE_NEW_ARRAY(a, const char *, n + 1);
    bool changed = false;
    for (size_t i = 0; i < n; i++) {
        out[i] = argv[i];
        size_t len = strlen(argv[i]);
        if (i == 0 || len < 4 || strcmp(argv[i] + len - 3, ".go") != 0 || base_path_exists(argv[i])) continue;
        for (size_t k = 0; k < rep->n; k++)
            if (rep->items[k]->kind == PLAN_JSTR && strcmp(rep->keys[k], argv[i]) == 0) {
                out[i] = rep->items[k]->str;
                changed = true;
            }
    }
    out[n] = NULL;
    return changed ? out : NULL;
}

/* The link of a binary whose main package gotel did not plan (under the
 * GOFLAGS of `gotel setup`: a `go run` of an ignored file, a tool of another
 * module). Its woven standard library calls hooks that nothing links in;
 * unless the linker finds those calls unreachable, it prints pages of
 * undefined symbols. This finds that case so that gotel can say why. */
#include <string.h>

#include "toolexec/tx.h"

const char *tx_link_importcfg(char *const *args, size_t nargs) {
    for (size_t i = 0; i < nargs; i++) {
        const char *s = args[i];
        if (s[0] == '-' && s[1] == '-') s++;
        if (strcmp(s, "-importcfg") == 0 && i + 1 < nargs) return args[i + 1];
        if (strncmp(s, "-importcfg=", 11) == 0) return s + 11;
    }
    return NULL;
}

/* Whether the plan weaves calls to hooks into the package (an injected
 * file alone calls none). */
static bool tx_calls_hooks(const rules_plan *plan, const char *import_path) {
    const rules_plan_pkg *p = rules_plan_find(plan, import_path);
    for (size_t i = 0; p && i < p->nrules; i++)
        if (p->rules[i].before || p->rules[i].after) return true;
    return false;
}

const char *tx_link_unbooted(base_arena *a, const char *importcfg, size_t n, const rules_plan *plan) {
    static const char prefix[] = "packagefile ";
    const char *woven = NULL;
    for (const char *line = importcfg, *end = importcfg + n; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *eol = nl ? nl : end;
        size_t len = (size_t)(eol - line);
        if (len > sizeof prefix - 1 && memcmp(line, prefix, sizeof prefix - 1) == 0) {
            const char *ip = line + sizeof prefix - 1;
            const char *eq = memchr(ip, '=', (size_t)(eol - ip));
            if (eq) {
                const char *path = base_arena_strndup(a, ip, (size_t)(eq - ip));
                if (strcmp(path, "gotel.dev/runtime/boot") == 0) return NULL;
                if (!woven && tx_calls_hooks(plan, path)) woven = path;
            }
        }
        line = nl ? nl + 1 : end;
    }
    return woven;
}

const char *tx_link_unbooted_errors(base_arena *a, const char *err, size_t n) {
    char *out = base_arena_alloc(a, n + 1);
    size_t o = 0;
    for (const char *line = err, *end = err + n; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *eol = nl ? nl + 1 : end;
        size_t len = (size_t)(eol - line);
        if (len >= 7 && memcmp(line, "panic: ", 7) == 0) break;
        if (!memmem(line, len, "gotel.dev/", 10)) {
            memcpy(out + o, line, len);
            o += len;
        }
        line = eol;
    }
    out[o] = '\0';
    return out;
}

#include "plan/plan_raise.h"

#include <ctype.h>
#include <string.h>

#include "base/file.h"
#include "plan/plan_modfile.h"
#include "rules/version.h"

static plan_gomod_req *plan_read_reqs(base_arena *a, const char *gomod, size_t *n) {
    char *text;
    size_t len;
    const char *err;
    *n = 0;
    if (base_file_read(a, gomod, &text, &len, &err)) return NULL;
    return plan_gomod_requires(a, text, n);
}

/* The module cache's name for a module path: capitals as !lower. */
static const char *plan_modcache_escape(base_arena *a, const char *path) {
    base_buf b;
    base_buf_init(&b, a);
    for (const char *p = path; *p; p++) {
        if (isupper((unsigned char)*p)) {
            base_buf_putc(&b, '!');
            base_buf_putc(&b, (char)tolower((unsigned char)*p));
        } else {
            base_buf_putc(&b, *p);
        }
    }
    return base_arena_strdup(a, base_buf_cstr(&b));
}

/* Which direct requirement of a gotel module asks for path at version: the
 * first whose go.mod in the module cache requires exactly that. */
static const char *plan_raise_origin(base_arena *a, const plan_state *st, const plan_gomod_req *reqs,
                                     size_t n, const char *path, const char *version) {
    if (!st->env.gomodcache || !*st->env.gomodcache) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (reqs[i].indirect) continue;
        const char *mod = base_arena_printf(a, "%s/cache/download/%s/@v/%s.mod", st->env.gomodcache,
                                            plan_modcache_escape(a, reqs[i].path), reqs[i].version);
        size_t m;
        plan_gomod_req *sub = plan_read_reqs(a, mod, &m);
        for (size_t k = 0; k < m; k++)
            if (strcmp(sub[k].path, path) == 0 && strcmp(sub[k].version, version) == 0) return reqs[i].path;
    }
    return NULL;
}

void plan_mods_requires(base_arena *a, plan_state *st) {
    for (size_t mi = 0; mi < st->mods.n; mi++) {
        size_t n;
        plan_gomod_req *reqs = plan_read_reqs(a, base_path_join(a, st->mods.v[mi].dir, "go.mod"), &n);
        for (size_t i = 0; i < n; i++) {
            if (strncmp(reqs[i].path, "gotel.dev/", 10) == 0) continue;
            size_t k = 0;
            while (k < st->reqs.n && strcmp(st->reqs.v[k].path, reqs[i].path) != 0) k++;
            bool ok = true;
            if (k == st->reqs.n) {
                BASE_VEC_PUSH(a, &st->reqs, reqs[i]);
                BASE_VEC_PUSH(a, &st->reqs_by, mi);
            } else if (rules_version_cmp(RULES_VER_SEMVER, st->reqs.v[k].version, reqs[i].version, &ok) < 0 && ok) {
                st->reqs.v[k] = reqs[i];
                st->reqs_by.v[k] = mi;
            }
        }
    }
}

/* The program's version of module path: that of a package of the module in
 * the build (what the plain build links), or NULL. */
static const char *plan_have(const plan_state *st, const char *path) {
    for (size_t p = 0; p < st->pkgs.n; p++) {
        const plan_pkg *pk = &st->pkgs.v[p];
        if (pk->mod_path && pk->mod_version && *pk->mod_version && !pk->mod_main && strcmp(pk->mod_path, path) == 0)
            return pk->mod_version;
    }
    return NULL;
}

const char *plan_mod_raise(base_arena *a, const plan_state *st, const char *moddir) {
    size_t n;
    plan_gomod_req *reqs = plan_read_reqs(a, base_path_join(a, moddir, "go.mod"), &n);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(reqs[i].path, "gotel.dev/", 10) == 0) continue;
        const char *have = plan_have(st, reqs[i].path);
        bool ok = true;
        if (!have || rules_version_cmp(RULES_VER_SEMVER, have, reqs[i].version, &ok) >= 0 || !ok) continue;
        plan_raise r = {reqs[i].path, have, reqs[i].version, "gotel.dev/runtime/boot/otlpgrpc"};
        return plan_raise_line(a, &r);
    }
    return NULL;
}

void plan_raises_find(base_arena *a, plan_state *st) {
    plan_mods_requires(a, st);
    for (size_t i = 0; i < st->reqs.n; i++) {
        const plan_gomod_req *r = &st->reqs.v[i];
        /* The program's version: that of a package of the module in the
         * build (what the plain build links). */
        const char *have = NULL;
        for (size_t p = 0; p < st->pkgs.n && !have; p++) {
            const plan_pkg *pk = &st->pkgs.v[p];
            if (pk->mod_path && pk->mod_version && *pk->mod_version && !pk->mod_main &&
                strcmp(pk->mod_path, r->path) == 0)
                have = pk->mod_version;
        }
        bool ok = true;
        if (!have || rules_version_cmp(RULES_VER_SEMVER, have, r->version, &ok) >= 0 || !ok) continue;
        const plan_gomod_dep *g = &st->mods.v[st->reqs_by.v[i]];
        const char *by = NULL;
        if (r->indirect) {
            size_t n;
            plan_gomod_req *reqs = plan_read_reqs(a, base_path_join(a, g->dir, "go.mod"), &n);
            by = plan_raise_origin(a, st, reqs, n, r->path, r->version);
        }
        BASE_VEC_PUSH(a, &st->raises, ((plan_raise){r->path, have, r->version, by ? by : g->path}));
    }
}

const char *plan_raise_line(base_arena *a, const plan_raise *r) {
    return base_arena_printf(a, "%s %s \xe2\x86\x92 %s (required by %s)", r->path, r->from, r->to, r->by);
}

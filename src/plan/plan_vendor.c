#include "plan/plan_vendor.h"

#include <string.h>

#include "base/file.h"
#include "base/vec.h"

/* The next line of *s (without its newline), or false at the end. */
static bool plan_vendor_line(const char **s, base_str *l) {
    if (!**s) return false;
    const char *e = strchr(*s, '\n');
    *l = (base_str){*s, e ? (size_t)(e - *s) : strlen(*s)};
    *s = e ? e + 1 : *s + l->n;
    return true;
}

/* The next space-separated field of *l. */
static base_str plan_vendor_field(base_str *l) {
    size_t i = 0;
    while (i < l->n && (l->p[i] == ' ' || l->p[i] == '\t' || l->p[i] == '\r')) i++;
    size_t j = i;
    while (j < l->n && l->p[j] != ' ' && l->p[j] != '\t' && l->p[j] != '\r') j++;
    base_str f = {l->p + i, j - i};
    l->p += j;
    l->n -= j;
    return f;
}

plan_vmod *plan_vendor_parse(base_arena *a, const char *text, size_t *n) {
    BASE_VEC(plan_vmod) v = {0};
    plan_vmod *cur = NULL; /* the module the following lines describe */
    base_str l;
    const char *s = text;
    while (plan_vendor_line(&s, &l)) {
        if (base_str_has_prefix(l, "## ")) {
            if (!cur) continue;
            /* "## explicit; go 1.22": annotations separated by semicolons. */
            base_str rest = {l.p + 3, l.n - 3};
            while (rest.n) {
                const char *semi = memchr(rest.p, ';', rest.n);
                base_str ann = {rest.p, semi ? (size_t)(semi - rest.p) : rest.n};
                rest = semi ? (base_str){semi + 1, rest.n - ann.n - 1} : (base_str){rest.p + rest.n, 0};
                base_str w = plan_vendor_field(&ann);
                if (base_str_eqc(w, "go")) {
                    base_str ver = plan_vendor_field(&ann);
                    if (ver.n) cur->go = base_arena_strndup(a, ver.p, ver.n);
                }
            }
        } else if (base_str_has_prefix(l, "# ")) {
            base_str rest = {l.p + 2, l.n - 2};
            base_str path = plan_vendor_field(&rest);
            base_str ver = plan_vendor_field(&rest);
            cur = NULL;
            /* "# path => dir" records a replacement only: no version, no packages. */
            if (!path.n || !ver.n || ver.p[0] != 'v') continue;
            plan_vmod m = {base_arena_strndup(a, path.p, path.n), base_arena_strndup(a, ver.p, ver.n), NULL, false};
            BASE_VEC_PUSH(a, &v, m);
            cur = &v.v[v.n - 1];
        } else if (l.n && l.p[0] != '#' && cur) {
            cur->has_pkgs = true;
        }
    }
    *n = v.n;
    return v.v;
}

/* The module cache's name for a module path: capitals become !lower. */
static const char *plan_vendor_escape(base_arena *a, const char *path) {
    base_buf b;
    base_buf_init(&b, a);
    for (const char *p = path; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            base_buf_putc(&b, '!');
            base_buf_putc(&b, (char)(*p - 'A' + 'a'));
        } else {
            base_buf_putc(&b, *p);
        }
    }
    return base_arena_strdup(a, base_buf_cstr(&b));
}

/* GOPROXY=off (first in its list): the go command downloads nothing. */
static bool plan_vendor_offline(const plan_state *st) {
    const char *p = st->env.goproxy;
    return p && strncmp(p, "off", 3) == 0 && (p[3] == 0 || p[3] == ',' || p[3] == '|');
}

static int plan_vendor_write(base_arena *a, const char *path, const char *text, const char **err) {
    return base_file_write_atomic(a, path, text, strlen(text), 0644, err);
}

/* Whether one of gotel's own (embedded) modules requires path: such a
 * module comes from the module cache. The program's hook module (gotel.yaml)
 * requires the program's modules too; they stay vendored. */
static bool plan_vendor_shared(base_arena *a, const plan_state *st, const char *path) {
    size_t rn = strlen(st->embed.root);
    for (size_t m = 0; m < st->mods.n; m++) {
        const char *dir = st->mods.v[m].dir;
        if (strncmp(dir, st->embed.root, rn) != 0 || (dir[rn] != '/' && dir[rn] != 0)) continue;
        char *text;
        size_t n;
        const char *ferr;
        if (base_file_read(a, base_path_join(a, dir, "go.mod"), &text, &n, &ferr)) continue;
        plan_gomod_req *r = plan_gomod_requires(a, text, &n);
        for (size_t i = 0; i < n; i++)
            if (strcmp(r[i].path, path) == 0) return true;
    }
    return false;
}

const char *plan_vendor_modules_txt(base_arena *a, const plan_state *st) {
    const char *root = base_path_dir(a, st->workspace ? st->env.gowork : st->env.gomod);
    return base_path_join(a, root, "vendor/modules.txt");
}

int plan_vendor_scratch(base_arena *a, const plan_state *st, const char *gomod, const char *scratch,
                        plan_vendor_out *o, const char **err) {
    memset(o, 0, sizeof *o);
    const char *modules_txt = plan_vendor_modules_txt(a, st);
    const char *vendor = base_path_dir(a, modules_txt);
    char *text;
    size_t tn;
    if (base_file_read(a, modules_txt, &text, &tn, err)) return -1;
    size_t nv;
    plan_vmod *vm = plan_vendor_parse(a, text, &nv);

    BASE_VEC(plan_gomod_req) reqs = {0};
    BASE_VEC(plan_gomod_req) olds = {0};
    for (size_t i = 0; i < st->reqs.n; i++) BASE_VEC_PUSH(a, &reqs, st->reqs.v[i]);
    base_buf rep;
    base_buf_init(&rep, a);
    for (size_t i = 0; i < nv; i++) {
        if (plan_vendor_shared(a, st, vm[i].path)) continue;
        base_buf m;
        base_buf_init(&m, a);
        base_buf_printf(&m, "// Written by gotel: `go mod vendor` keeps no go.mod.\nmodule %s\n", vm[i].path);
        if (vm[i].go) base_buf_printf(&m, "\ngo %s\n", vm[i].go);
        const char *dir;
        if (vm[i].has_pkgs) {
            /* The go.mod goes into vendor/ through the overlay only. */
            dir = base_path_join(a, vendor, vm[i].path);
            const char *back = base_path_join(a, scratch, base_arena_printf(a, "vendor%zu.mod", i));
            if (plan_vendor_write(a, back, base_buf_cstr(&m), err)) return -1;
            plan_strv_push(a, &o->from, base_path_join(a, dir, "go.mod"));
            plan_strv_push(a, &o->to, back);
            BASE_VEC_PUSH(a, &reqs, ((plan_gomod_req){vm[i].path, vm[i].version, true}));
        } else {
            /* Required but providing no package: an empty module, so that
             * building the module graph fetches nothing. */
            dir = base_path_join(a, scratch, base_arena_printf(a, "vendor%zu", i));
            if (base_mkdir_p(a, dir, err)) return -1;
            if (plan_vendor_write(a, base_path_join(a, dir, "go.mod"), base_buf_cstr(&m), err)) return -1;
        }
        BASE_VEC_PUSH(a, &olds, ((plan_gomod_req){vm[i].path, vm[i].version, false}));
        base_buf_printf(&rep, "replace %s %s => %s\n", vm[i].path, vm[i].version, dir);
    }

    /* gotel's requirements come from the module cache: say which one is
     * missing before the go command fails on it with GOPROXY=off. */
    if (plan_vendor_offline(st) && st->env.gomodcache && *st->env.gomodcache) {
        const char *first = NULL, *first_ver = NULL;
        size_t missing = 0;
        for (size_t k = 0; k < st->reqs.n; k++) {
            const char *path = st->reqs.v[k].path, *ver = st->reqs.v[k].version;
            if (!plan_vendor_shared(a, st, path)) continue;
            for (size_t i = 0; i < nv; i++) {
                bool ok = true;
                if (strcmp(vm[i].path, path) == 0 && rules_version_cmp(RULES_VER_SEMVER, ver, vm[i].version, &ok) < 0 && ok)
                    ver = vm[i].version;
            }
            const char *mod = base_arena_printf(a, "%s/cache/download/%s/@v/%s.mod", st->env.gomodcache,
                                                plan_vendor_escape(a, path), ver);
            if (!base_path_exists(mod) && !missing++) first = path, first_ver = ver;
        }
        if (missing) {
            *err = base_arena_printf(a,
                                     "vendor mode: gotel's modules need %s@%s%s, which gotel takes from the "
                                     "module cache since vendor/ holds only the program's own dependencies, but "
                                     "%s lacks %s and GOPROXY=off; run this build once with the network to "
                                     "fetch %s",
                                     first, first_ver,
                                     missing > 1 ? base_arena_printf(a, " (and %zu more modules)", missing - 1) : "",
                                     st->env.gomodcache, missing > 1 ? "them" : "it", missing > 1 ? "them" : "it");
            return -1;
        }
    }
    o->gomod = plan_gomod_drop_replaces(a, gomod, olds.v, olds.n);
    o->reqs = reqs.v;
    o->nreqs = reqs.n;
    o->replaces = base_arena_strdup(a, base_buf_cstr(&rep));
    return 0;
}

#include "rules/planfile.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/vec.h"

static const char *plan_or_dash(const char *s) { return s && *s ? s : "-"; }

static int plan_cmp_pkg(const void *x, const void *y) {
    return strcmp(((const rules_plan_pkg *)x)->import_path, ((const rules_plan_pkg *)y)->import_path);
}

static int plan_cmp_lang(const void *x, const void *y) {
    return strcmp(((const rules_plan_lang *)x)->import_path, ((const rules_plan_lang *)y)->import_path);
}

static int plan_cmp_pkgp(const void *x, const void *y) {
    return plan_cmp_pkg(*(const rules_plan_pkg *const *)x, *(const rules_plan_pkg *const *)y);
}

void rules_plan_format(base_buf *b, const rules_plan *p) {
    base_buf_printf(b, "gotel-plan %d\nsalt %s\ngotel %s\n", RULES_PLAN_VERSION, p->salt, p->gotel);
    rules_plan_lang *langs = BASE_NEW_ARRAY(b->arena, rules_plan_lang, p->nlangs + 1);
    if (p->nlangs) memcpy(langs, p->langs, sizeof *langs * p->nlangs);
    if (p->nlangs) qsort(langs, p->nlangs, sizeof *langs, plan_cmp_lang);
    for (size_t i = 0; i < p->nlangs; i++) base_buf_printf(b, "lang %s %s\n", langs[i].import_path, langs[i].version);
    if (p->modcache && *p->modcache) base_buf_printf(b, "modcache %s\n", p->modcache);
    for (size_t i = 0; i < p->nguards; i++) base_buf_printf(b, "guard %s\n", p->guards[i]);
    const rules_plan_pkg **order = BASE_NEW_ARRAY(b->arena, const rules_plan_pkg *, p->npkgs + 1);
    for (size_t i = 0; i < p->npkgs; i++) order[i] = &p->pkgs[i];
    if (p->npkgs) qsort(order, p->npkgs, sizeof *order, plan_cmp_pkgp);
    for (size_t i = 0; i < p->npkgs; i++) {
        const rules_plan_pkg *k = order[i];
        base_buf_printf(b, "pkg %s\n", k->import_path);
        for (size_t j = 0; j < k->nrules; j++) {
            const weave_rule *r = &k->rules[j];
            base_buf_printf(b, "rule %s %s %s %s %s %s %s %d\n", r->instrumentation, r->name,
                            plan_or_dash(r->function), plan_or_dash(r->receiver), plan_or_dash(r->hooks_pkg),
                            plan_or_dash(r->before), plan_or_dash(r->after), r->switchable ? 1 : 0);
            for (size_t m = 0; m < r->n_before; m++)
                base_buf_printf(b, "param b %zu %s\n", m, weave_mode_name(r->before_modes[m]));
            for (size_t m = 0; m < r->n_after; m++)
                base_buf_printf(b, "param a %zu %s\n", m, weave_mode_name(r->after_modes[m]));
            if (r->inject) base_buf_printf(b, "inject %s\n", r->inject);
            if (r->struct_name) base_buf_printf(b, "field %s %s\n", r->struct_name, r->field);
        }
        base_buf_puts(b, "end\n");
    }
}

int rules_plan_write(base_arena *a, const char *path, const rules_plan *p, const char **err) {
    base_buf b;
    base_buf_init(&b, a);
    rules_plan_format(&b, p);
    return base_file_write_atomic(a, path, b.p, b.n, 0644, err);
}

/* Splits the line at s (already NUL-terminated) into at most max fields
 * separated by single spaces; the last field takes the rest of the line. */
static size_t plan_fields(char *s, char **f, size_t max) {
    size_t n = 0;
    while (*s && n < max) {
        f[n++] = s;
        if (n == max) break;
        char *sp = strchr(s, ' ');
        if (!sp) break;
        *sp = 0;
        s = sp + 1;
    }
    return n;
}

static const char *plan_opt(const char *s) { return strcmp(s, "-") == 0 ? NULL : s; }

typedef BASE_VEC(weave_mode) plan_modes;
typedef BASE_VEC(weave_rule) plan_rules;

/* Closes the rule being read: checks and stores its mode arrays. */
static bool plan_finish_rule(base_arena *a, plan_rules *rs, plan_modes *mb, plan_modes *ma, bool *open) {
    if (!*open) return true;
    *open = false;
    weave_rule *r = &rs->v[rs->n - 1];
    r->before_modes = mb->v;
    r->n_before = mb->n;
    r->after_modes = ma->v;
    r->n_after = ma->n;
    *mb = (plan_modes){0};
    *ma = (plan_modes){0};
    (void)a;
    return true;
}

static const char *plan_errf(base_arena *a, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static const char *plan_errf(base_arena *a, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *m = base_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return base_arena_printf(a, "line %d: %s", line, m);
}

int rules_plan_parse(base_arena *a, char *text, size_t n, rules_plan *p, const char **err) {
    memset(p, 0, sizeof *p);
    BASE_VEC(rules_plan_pkg) pkgs = {0};
    BASE_VEC(rules_plan_lang) langs = {0};
    BASE_VEC(const char *) guards = {0};
    bool langs_sorted = true;
    plan_rules rules = {0};
    plan_modes mb = {0}, ma = {0};
    rules_plan_pkg *cur = NULL;
    int lineno = 0;
    bool sorted = true, open = false; /* open: a rule line awaits its param/inject lines */
    char *s = text, *end = text + n;
#define PLAN_FAIL(...) \
    do { *err = plan_errf(a, lineno, __VA_ARGS__); return -1; } while (0)
    while (s < end) {
        char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl) PLAN_FAIL("%s", "missing newline at end of file (truncated plan?)");
        *nl = 0;
        lineno++;
        char *f[9];
        size_t nf = plan_fields(s, f, 9);
        s = nl + 1;
        if (nf == 0) PLAN_FAIL("%s", "empty line");
        const char *kw = f[0];
        if (lineno == 1) {
            if (strcmp(kw, "gotel-plan") != 0 || nf != 2) PLAN_FAIL("%s", "not a gotel plan file");
            if (atoi(f[1]) != RULES_PLAN_VERSION)
                PLAN_FAIL("plan format %s, this gotel reads %d: rerun gotel go", f[1], RULES_PLAN_VERSION);
            continue;
        }
        if (strcmp(kw, "salt") == 0 && nf == 2 && !p->salt) {
            if (strlen(f[1]) != 64) PLAN_FAIL("%s", "salt is not 64 hex digits");
            p->salt = f[1];
        } else if (strcmp(kw, "gotel") == 0 && nf >= 2 && !p->gotel) {
            f[1][-1] = ' ';
            p->gotel = f[1];
            for (size_t i = 2; i < nf; i++) f[i][-1] = ' '; /* a path may hold spaces */
        } else if (strcmp(kw, "lang") == 0 && nf == 3 && !cur) {
            if (langs.n && strcmp(langs.v[langs.n - 1].import_path, f[1]) >= 0) langs_sorted = false;
            BASE_VEC_PUSH(a, &langs, ((rules_plan_lang){.import_path = f[1], .version = f[2]}));
        } else if (strcmp(kw, "modcache") == 0 && nf >= 2 && !cur) {
            for (size_t i = 2; i < nf; i++) f[i][-1] = ' ';
            p->modcache = f[1];
        } else if (strcmp(kw, "guard") == 0 && nf == 2 && !cur) {
            BASE_VEC_PUSH(a, &guards, (const char *)f[1]);
        } else if (strcmp(kw, "pkg") == 0 && nf == 2) {
            if (cur) PLAN_FAIL("pkg %s before the end of pkg %s", f[1], cur->import_path);
            /* Blocks come sorted from rules_plan_format; a writer that
             * emits one block per rule may repeat a package: its blocks
             * are merged, in file order. */
            cur = NULL;
            if (pkgs.n && (!sorted || strcmp(pkgs.v[pkgs.n - 1].import_path, f[1]) >= 0)) {
                for (size_t i = 0; i < pkgs.n && !cur; i++)
                    if (strcmp(pkgs.v[i].import_path, f[1]) == 0) cur = &pkgs.v[i];
                if (!cur) sorted = false;
            }
            if (cur) {
                rules = (plan_rules){cur->rules, cur->nrules, cur->nrules};
            } else {
                BASE_VEC_PUSH(a, &pkgs, ((rules_plan_pkg){.import_path = f[1]}));
                cur = &pkgs.v[pkgs.n - 1];
                rules = (plan_rules){0};
            }
        } else if (strcmp(kw, "rule") == 0 && nf == 9) {
            if (!cur) PLAN_FAIL("%s", "rule outside a pkg block");
            plan_finish_rule(a, &rules, &mb, &ma, &open);
            if (f[8][0] != '0' && f[8][0] != '1') PLAN_FAIL("switchable must be 0 or 1, not %s", f[8]);
            weave_rule r = {.instrumentation = f[1], .name = f[2], .package = cur->import_path,
                            .function = plan_opt(f[3]), .receiver = plan_opt(f[4]), .hooks_pkg = plan_opt(f[5]),
                            .before = plan_opt(f[6]), .after = plan_opt(f[7]), .switchable = f[8][0] == '1'};
            BASE_VEC_PUSH(a, &rules, r);
            open = true;
        } else if (strcmp(kw, "param") == 0 && nf == 4) {
            if (!open) PLAN_FAIL("%s", "param before any rule");
            plan_modes *m = strcmp(f[1], "b") == 0 ? &mb : strcmp(f[1], "a") == 0 ? &ma : NULL;
            if (!m) PLAN_FAIL("param kind must be b or a, not %s", f[1]);
            char *e;
            long idx = strtol(f[2], &e, 10);
            if (*e || idx != (long)m->n) PLAN_FAIL("param index %s out of order (want %zu)", f[2], m->n);
            weave_mode mode;
            if (!weave_mode_parse(f[3], &mode)) PLAN_FAIL("unknown mode %s (value, ptr, any, uptr)", f[3]);
            BASE_VEC_PUSH(a, m, mode);
        } else if (strcmp(kw, "inject") == 0 && nf >= 2) {
            if (!open) PLAN_FAIL("%s", "inject before any rule");
            for (size_t i = 2; i < nf; i++) f[i][-1] = ' ';
            rules.v[rules.n - 1].inject = f[1];
        } else if (strcmp(kw, "field") == 0 && nf >= 3) {
            if (!open) PLAN_FAIL("%s", "field before any rule");
            for (size_t i = 3; i < nf; i++) f[i][-1] = ' ';
            rules.v[rules.n - 1].struct_name = f[1];
            rules.v[rules.n - 1].field = f[2];
        } else if (strcmp(kw, "end") == 0 && nf == 1) {
            if (!cur) PLAN_FAIL("%s", "end outside a pkg block");
            plan_finish_rule(a, &rules, &mb, &ma, &open);
            cur->rules = rules.v;
            cur->nrules = rules.n;
            for (size_t i = 0; i < rules.n; i++) rules.v[i].package = cur->import_path;
            cur = NULL;
        } else {
            PLAN_FAIL("unexpected %s line with %zu fields", kw, nf);
        }
    }
#undef PLAN_FAIL
    if (lineno == 0) {
        *err = "empty plan file";
        return -1;
    }
    if (cur) {
        *err = base_arena_printf(a, "pkg %s has no end line (truncated plan?)", cur->import_path);
        return -1;
    }
    if (!p->salt || !p->gotel) {
        *err = "plan file lacks its salt or gotel line";
        return -1;
    }
    p->pkgs = pkgs.v;
    p->npkgs = pkgs.n;
    if (!sorted) qsort(p->pkgs, p->npkgs, sizeof *p->pkgs, plan_cmp_pkg);
    p->langs = langs.v;
    p->nlangs = langs.n;
    p->guards = guards.v;
    p->nguards = guards.n;
    if (!langs_sorted) qsort(p->langs, p->nlangs, sizeof *p->langs, plan_cmp_lang);
    return 0;
}

int rules_plan_read(base_arena *a, const char *path, rules_plan *p, const char **err) {
    char *text;
    size_t n;
    if (base_file_read(a, path, &text, &n, err) < 0) return -1;
    if (rules_plan_parse(a, text, n, p, err) < 0) {
        *err = base_arena_printf(a, "%s: %s", path, *err);
        return -1;
    }
    return 0;
}

const rules_plan_pkg *rules_plan_find(const rules_plan *p, const char *import_path) {
    size_t lo = 0, hi = p->npkgs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p->pkgs[mid].import_path, import_path);
        if (c == 0) return &p->pkgs[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const char *rules_plan_find_lang(const rules_plan *p, const char *import_path) {
    size_t lo = 0, hi = p->nlangs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p->langs[mid].import_path, import_path);
        if (c == 0) return p->langs[mid].version;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const char *rules_plan_peek_salt(base_arena *a, const char *text, size_t n) {
    /* "gotel-plan 1\nsalt <64 hex>\n" */
    const char *nl = memchr(text, '\n', n);
    if (!nl || strncmp(text, "gotel-plan ", 11) != 0) return NULL;
    const char *s = nl + 1;
    if ((size_t)(text + n - s) < 5 + 64 + 1 || strncmp(s, "salt ", 5) != 0 || s[5 + 64] != '\n') return NULL;
    return base_arena_strndup(a, s + 5, 64);
}

bool rules_plan_guarded(const rules_plan *p, const char *import_path) {
    for (size_t i = 0; i < p->nguards; i++)
        if (strcmp(p->guards[i], import_path) == 0) return true;
    return false;
}

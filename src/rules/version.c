#include "rules/version.h"

#include <ctype.h>
#include <string.h>

#include "base/vec.h"

/* A Go version, ordered as go/version orders them:
 * 1.21 (language) < 1.21alpha1 < 1.21beta1 < 1.21rc1 < 1.21.0 < 1.21.1. */
typedef struct {
    long major, minor;
    int kind; /* 0 language, 1 alpha, 2 beta, 3 rc, 4 release */
    long num; /* prerelease number or patch */
} ver_go;

/* Reads a decimal number of at most 9 digits. */
static bool ver_num(const char **p, long *out) {
    const char *s = *p;
    long v = 0;
    int nd = 0;
    while (isdigit((unsigned char)*s)) {
        if (++nd > 9) return false;
        v = v * 10 + (*s++ - '0');
    }
    if (!nd) return false;
    *p = s;
    *out = v;
    return true;
}

static bool ver_go_parse(const char *v, ver_go *g) {
    char buf[128];
    if (strncmp(v, "devel ", 6) == 0) {
        /* "devel go1.27-abcdef Tue ...": the version it will become. */
        v += 6;
        size_t n = strcspn(v, "- ");
        if (n >= sizeof buf) return false;
        memcpy(buf, v, n);
        buf[n] = 0;
        v = buf;
    }
    if (strncmp(v, "go", 2) == 0) v += 2;
    memset(g, 0, sizeof *g);
    const char *p = v;
    if (!ver_num(&p, &g->major)) return false;
    if (!*p) return true;
    if (*p++ != '.' || !ver_num(&p, &g->minor)) return false;
    if (!*p) return true;
    if (*p == '.') {
        p++;
        g->kind = 4;
        return ver_num(&p, &g->num) && !*p;
    }
    static const char *const pre[] = {"alpha", "beta", "rc"};
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(pre[k]);
        if (strncmp(p, pre[k], n) == 0) {
            p += n;
            g->kind = k + 1;
            return ver_num(&p, &g->num) && !*p;
        }
    }
    return false;
}

static int ver_lcmp(long a, long b) { return a < b ? -1 : a > b; }

static int ver_go_cmp(const ver_go *a, const ver_go *b) {
    int c = ver_lcmp(a->major, b->major);
    if (!c) c = ver_lcmp(a->minor, b->minor);
    if (!c) c = ver_lcmp(a->kind, b->kind);
    if (!c) c = ver_lcmp(a->num, b->num);
    return c;
}

bool rules_go_version_valid(const char *v) {
    ver_go g;
    return ver_go_parse(v, &g);
}

/* Semantic versions as Go modules use them (semver 2.0.0 with a "v"):
 * v1, v1.2 are shorthands for v1.0.0, v1.2.0 (no prerelease then). */
typedef struct {
    const char *major, *minor, *patch; /* digit runs, no leading zeros */
    size_t nmajor, nminor, npatch;
    const char *pre; /* after '-', up to '+' or end; NULL if none */
    size_t npre;
} ver_sem;

static bool ver_sem_numid(const char **p, const char **s, size_t *n) {
    const char *q = *p;
    while (isdigit((unsigned char)*q)) q++;
    size_t len = (size_t)(q - *p);
    if (!len || (len > 1 && **p == '0')) return false;
    *s = *p;
    *n = len;
    *p = q;
    return true;
}

static bool ver_sem_idents(const char *s, size_t n, bool numeric_no_lead0) {
    if (!n) return false;
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        bool digits = true;
        while (j < n && s[j] != '.') {
            unsigned char c = (unsigned char)s[j];
            if (!isalnum(c) && c != '-') return false;
            if (!isdigit(c)) digits = false;
            j++;
        }
        if (j == i) return false;
        if (numeric_no_lead0 && digits && j - i > 1 && s[i] == '0') return false;
        i = j + 1;
    }
    return true;
}

static bool ver_sem_parse(const char *v, ver_sem *s) {
    static const char zero[] = "0";
    memset(s, 0, sizeof *s);
    if (*v != 'v') return false;
    const char *p = v + 1;
    if (!ver_sem_numid(&p, &s->major, &s->nmajor)) return false;
    s->minor = s->patch = zero;
    s->nminor = s->npatch = 1;
    if (!*p) return true;
    if (*p++ != '.' || !ver_sem_numid(&p, &s->minor, &s->nminor)) return false;
    if (!*p) return true;
    if (*p++ != '.' || !ver_sem_numid(&p, &s->patch, &s->npatch)) return false;
    if (*p == '-') {
        p++;
        s->pre = p;
        s->npre = strcspn(p, "+");
        if (!ver_sem_idents(p, s->npre, true)) return false;
        p += s->npre;
    }
    if (*p == '+') {
        p++;
        if (!ver_sem_idents(p, strlen(p), false)) return false;
        p += strlen(p);
    }
    return !*p;
}

bool rules_semver_valid(const char *v) {
    ver_sem s;
    return ver_sem_parse(v, &s);
}

/* Compares digit runs without leading zeros as numbers of any size. */
static int ver_digits_cmp(const char *a, size_t na, const char *b, size_t nb) {
    if (na != nb) return na < nb ? -1 : 1;
    int c = memcmp(a, b, na);
    return c < 0 ? -1 : c > 0;
}

static bool ver_all_digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return n > 0;
}

/* Semver §11: identifiers compared one by one; numeric ones numerically
 * and below alphanumeric ones; a shorter list of equal prefix is lower. */
static int ver_pre_cmp(const char *a, size_t na, const char *b, size_t nb) {
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        size_t ei = i, ej = j;
        while (ei < na && a[ei] != '.') ei++;
        while (ej < nb && b[ej] != '.') ej++;
        bool da = ver_all_digits(a + i, ei - i), db = ver_all_digits(b + j, ej - j);
        int c;
        if (da && db) c = ver_digits_cmp(a + i, ei - i, b + j, ej - j);
        else if (da) c = -1;
        else if (db) c = 1;
        else {
            size_t m = ei - i < ej - j ? ei - i : ej - j;
            c = memcmp(a + i, b + j, m);
            c = c < 0 ? -1 : c > 0 ? 1 : ver_lcmp((long)(ei - i), (long)(ej - j));
        }
        if (c) return c;
        i = ei + 1;
        j = ej + 1;
    }
    return ver_lcmp(i < na ? 1 : 0, j < nb ? 1 : 0);
}

static int ver_sem_cmp(const ver_sem *a, const ver_sem *b) {
    int c = ver_digits_cmp(a->major, a->nmajor, b->major, b->nmajor);
    if (!c) c = ver_digits_cmp(a->minor, a->nminor, b->minor, b->nminor);
    if (!c) c = ver_digits_cmp(a->patch, a->npatch, b->patch, b->npatch);
    if (c) return c;
    if (!a->pre || !b->pre) return b->pre ? 1 : a->pre ? -1 : 0; /* a release is above its prereleases */
    return ver_pre_cmp(a->pre, a->npre, b->pre, b->npre);
}

int rules_version_cmp(rules_vkind kind, const char *x, const char *y, bool *ok) {
    *ok = true;
    if (kind == RULES_VER_GO) {
        ver_go a, b;
        if (!ver_go_parse(x, &a) || !ver_go_parse(y, &b)) return *ok = false, 0;
        return ver_go_cmp(&a, &b);
    }
    ver_sem a, b;
    if (!ver_sem_parse(x, &a) || !ver_sem_parse(y, &b)) return *ok = false, 0;
    return ver_sem_cmp(&a, &b);
}

const char *rules_op_name(rules_op op) {
    switch (op) {
    case RULES_OP_EQ: return "=";
    case RULES_OP_GE: return ">=";
    case RULES_OP_GT: return ">";
    case RULES_OP_LE: return "<=";
    case RULES_OP_LT: return "<";
    }
    return "?";
}

int rules_range_parse(base_arena *a, const char *text, rules_range *out, const char **err, size_t *err_off) {
    BASE_VEC(rules_cmp) v = {0};
    memset(out, 0, sizeof *out);
    out->text = text;
    const char *p = text;
    bool have_kind = false;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        if (!*p) break;
        const char *start = p;
        rules_cmp c = {RULES_OP_EQ, NULL};
        if (p[0] == '>' && p[1] == '=') c.op = RULES_OP_GE, p += 2;
        else if (p[0] == '<' && p[1] == '=') c.op = RULES_OP_LE, p += 2;
        else if (p[0] == '>') c.op = RULES_OP_GT, p++;
        else if (p[0] == '<') c.op = RULES_OP_LT, p++;
        else if (p[0] == '=') c.op = RULES_OP_EQ, p += (p[1] == '=') ? 2 : 1;
        while (*p == ' ' || *p == '\t') p++;
        const char *vs = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        *err_off = (size_t)(vs - text);
        if (vs == p) {
            *err = base_arena_printf(a, "operator %.*s has no version after it", (int)(vs - start), start);
            *err_off = (size_t)(start - text);
            return -1;
        }
        c.version = base_arena_strndup(a, vs, (size_t)(p - vs));
        if (strchr("<>=", c.version[0]) || strchr(c.version, ',')) {
            *err = base_arena_printf(a, "bad comparator %s: write comparators separated by spaces, "
                                     "like \">= 1.22 < 1.24\"", c.version);
            return -1;
        }
        rules_vkind k = c.version[0] == 'v' ? RULES_VER_SEMVER : RULES_VER_GO;
        if (k == RULES_VER_SEMVER ? !rules_semver_valid(c.version) : !rules_go_version_valid(c.version)) {
            *err = base_arena_printf(a, "%s is neither a Go version (1.22, 1.22.3, go1.23rc1) "
                                     "nor a semantic version (v1.2.3)", c.version);
            return -1;
        }
        if (have_kind && k != out->kind) {
            *err = base_arena_printf(a, "%s: a range mixes Go versions and semantic versions", c.version);
            return -1;
        }
        out->kind = k;
        have_kind = true;
        BASE_VEC_PUSH(a, &v, c);
    }
    if (!v.n) {
        *err = "empty version range";
        *err_off = 0;
        return -1;
    }
    out->cmps = v.v;
    out->n = v.n;
    return 0;
}

int rules_version_match(const rules_range *r, const char *version, const char **err) {
    for (size_t i = 0; i < r->n; i++) {
        bool ok;
        int c = rules_version_cmp(r->kind, version, r->cmps[i].version, &ok);
        if (!ok) {
            *err = r->kind == RULES_VER_GO ? "not a Go version" : "not a semantic version";
            return -1;
        }
        bool hold = false;
        switch (r->cmps[i].op) {
        case RULES_OP_EQ: hold = c == 0; break;
        case RULES_OP_GE: hold = c >= 0; break;
        case RULES_OP_GT: hold = c > 0; break;
        case RULES_OP_LE: hold = c <= 0; break;
        case RULES_OP_LT: hold = c < 0; break;
        }
        if (!hold) return 0;
    }
    return 1;
}

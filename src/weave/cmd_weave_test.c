/* `gotel weave-test CASEDIR OUTDIR` (hidden): runs the weaver on one golden
 * case (tests/golden/README.md) and prints a transcript of what it decided;
 * tests/golden/run.sh compares transcript and output files with the case's
 * expectations, then compiles and runs the result. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/vec.h"
#include "commands.h"
#include "weave/weave.h"

typedef BASE_VEC(const char *) weave_strs;

static int weave_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The .go files of dir (not tests), sorted as the go command lists them. */
static int weave_go_files(base_arena *a, const char *dir, weave_strs *out) {
    DIR *dp = opendir(dir);
    if (!dp) return -1;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".go") != 0 || e->d_name[0] == '_' || e->d_name[0] == '.') continue;
        if (n > 8 && strcmp(e->d_name + n - 8, "_test.go") == 0) continue;
        BASE_VEC_PUSH(a, out, base_path_join(a, dir, e->d_name));
    }
    closedir(dp);
    if (out->n) qsort(out->v, out->n, sizeof *out->v, weave_cmp_str);
    return 0;
}

/* Prints a diagnostic with the case and output directories abbreviated. */
static void weave_print_rel(const char *s, const char *casedir, const char *outdir) {
    size_t nc = strlen(casedir), no = strlen(outdir);
    while (*s) {
        if (strncmp(s, outdir, no) == 0) fputs("$OUT", stdout), s += no;
        else if (strncmp(s, casedir, nc) == 0) fputs("$CASE", stdout), s += nc;
        else putchar(*s++);
    }
}

static void weave_print_diags(const base_diags *d, base_arena *a, const char *casedir, const char *outdir) {
    for (const base_diag *e = d->head; e; e = e->next) {
        const char *line = e->file && e->line ? base_arena_printf(a, "%s:%d:%d: %s", e->file, e->line, e->col, e->msg)
                           : e->file          ? base_arena_printf(a, "%s: %s", e->file, e->msg)
                                              : e->msg;
        fputs("error: ", stdout);
        weave_print_rel(line, casedir, outdir);
        putchar('\n');
    }
}

static char *weave_field(char **p) {
    while (**p == ' ' || **p == '\t') (*p)++;
    if (!**p) return NULL;
    char *s = *p;
    while (**p && **p != ' ' && **p != '\t') (*p)++;
    if (**p) *(*p)++ = 0;
    return s;
}

static const char *weave_dash(const char *s) { return strcmp(s, "-") == 0 ? NULL : s; }

static int weave_test_run(base_arena *a, const char *casedir, const char *outdir) {
    char *spec;
    size_t n;
    const char *err;
    if (base_file_read(a, base_path_join(a, casedir, "rules"), &spec, &n, &err) != 0) {
        fprintf(stderr, "weave-test: %s\n", err);
        return 2;
    }
    BASE_VEC(weave_rule) rules = {0};
    const char *pkg = NULL;
    int lineno = 0;
    for (char *line = strtok(spec, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        char *p = line;
        char *kw = weave_field(&p);
        if (!kw || kw[0] == '#') continue;
        if (strcmp(kw, "package") == 0) {
            pkg = weave_field(&p);
        } else if (strcmp(kw, "rule") == 0 || strcmp(kw, "inject") == 0) {
            weave_rule r = {0};
            r.package = pkg;
            r.instrumentation = weave_field(&p);
            r.name = weave_field(&p);
            r.switchable = true;
            if (strcmp(kw, "inject") == 0) {
                const char *f = weave_field(&p);
                if (!f) goto bad;
                r.inject = base_path_join(a, casedir, f);
            } else {
                const char *f[6];
                for (int i = 0; i < 6; i++)
                    if (!(f[i] = weave_field(&p))) goto bad;
                r.function = f[0], r.receiver = weave_dash(f[1]), r.hooks_pkg = f[2];
                r.before = weave_dash(f[3]), r.after = weave_dash(f[4]), r.switchable = strcmp(f[5], "1") == 0;
            }
            if (!r.instrumentation || !r.name || !pkg) goto bad;
            BASE_VEC_PUSH(a, &rules, r);
        } else {
            goto bad;
        }
        continue;
    bad:
        fprintf(stderr, "%s/rules:%d: expected `package PATH`, `rule INST NAME FUNC RECV|- HOOKPKG BEFORE|- AFTER|- 0|1` or `inject INST NAME FILE`\n",
                casedir, lineno);
        return 2;
    }

    weave_strs tf = {0}, hf = {0};
    if (weave_go_files(a, base_path_join(a, casedir, "src/target"), &tf) != 0 ||
        weave_go_files(a, base_path_join(a, casedir, "src/hooks"), &hf) != 0) {
        fprintf(stderr, "weave-test: %s needs src/target and src/hooks\n", casedir);
        return 2;
    }
    base_diags d;
    base_diags_init(&d, a);
    bool failed = false;
    for (size_t i = 0; i < rules.n; i++) {
        weave_rule *r = &rules.v[i];
        int rc = weave_check_rule(a, r, tf.v, tf.n, hf.v, hf.n, &d);
        printf("check %s/%s: ", r->instrumentation, r->name);
        if (rc == 1) {
            puts("does not apply");
            continue;
        }
        if (rc != 0) {
            puts("error");
            weave_print_diags(&d, a, casedir, outdir);
            base_diags_init(&d, a);
            failed = true;
            continue;
        }
        printf("ok");
        for (int pass = 0; pass < 2; pass++) {
            const weave_mode *m = pass ? r->after_modes : r->before_modes;
            size_t nm = pass ? r->n_after : r->n_before;
            if (!(pass ? r->after : r->before)) continue;
            printf(" %s(", pass ? "after" : "before");
            for (size_t j = 0; j < nm; j++) printf("%s%s", j ? "," : "", weave_mode_name(m[j]));
            putchar(')');
        }
        putchar('\n');
    }
    if (failed) return 0; /* the transcript is the result */

    const char **out;
    size_t nout;
    bool bodyless;
    int rc = weave_package(a, tf.v, tf.n, rules.v, rules.n, outdir, &out, &nout, &bodyless, &d);
    printf("weave: %s%s\n", rc == 0 ? "ok" : "error", bodyless ? " bodyless" : "");
    weave_print_diags(&d, a, casedir, outdir);
    for (size_t i = 0; rc == 0 && i < nout; i++) {
        fputs("compile ", stdout);
        weave_print_rel(out[i], casedir, outdir);
        putchar('\n');
    }
    return 0;
}

int cmd_weave_test(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: gotel weave-test CASEDIR OUTDIR\n");
        return 2;
    }
    base_arena *a = base_arena_new();
    int rc = weave_test_run(a, argv[1], argv[2]);
    base_arena_free(a);
    return rc;
}

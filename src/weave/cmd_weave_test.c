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
#include "weave/src.h"
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
        } else if (strcmp(kw, "rule") == 0 || strcmp(kw, "inject") == 0 || strcmp(kw, "field") == 0) {
            weave_rule r = {0};
            r.package = pkg;
            r.instrumentation = weave_field(&p);
            r.name = weave_field(&p);
            r.switchable = true;
            if (strcmp(kw, "inject") == 0) {
                const char *f = weave_field(&p);
                if (!f) goto bad;
                r.inject = base_path_join(a, casedir, f);
            } else if (strcmp(kw, "field") == 0) {
                r.struct_name = weave_field(&p);
                r.field = p; /* the rest of the line */
                if (!r.struct_name || !*p) goto bad;
            } else {
                const char *f[6];
                for (int i = 0; i < 6; i++)
                    if (!(f[i] = weave_field(&p))) goto bad;
                r.function = weave_dash(f[0]), r.receiver = weave_dash(f[1]), r.hooks_pkg = f[2];
                r.before = weave_dash(f[3]), r.after = weave_dash(f[4]), r.switchable = strcmp(f[5], "1") == 0;
            }
            if (!r.instrumentation || !r.name || !pkg) goto bad;
            BASE_VEC_PUSH(a, &rules, r);
        } else {
            goto bad;
        }
        continue;
    bad:
        fprintf(stderr, "%s/rules:%d: expected `package PATH`, `rule INST NAME FUNC RECV|- HOOKPKG BEFORE|- AFTER|- 0|1` or `inject INST NAME FILE` or `field INST NAME STRUCT FIELD DECL`\n",
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

/* -all OUTDIR FILE...: weaves every function of one package, Before taking
 * receiver and parameters and After the results, alternately boxed and as
 * unsafe.Pointer (the forms that fit any type), and prints "ORIG WOVEN" and
 * "NEW FILE" lines for an overlay. tests/golden/std.sh compiles the result. */
static int weave_test_all(base_arena *a, const char *outdir, char **files, size_t nfiles) {
    base_diags d;
    base_diags_init(&d, a);
    BASE_VEC(weave_rule) rules = {0};
    for (size_t i = 0; i < nfiles; i++) {
        weave_src *s = weave_src_load(a, files[i], &d);
        if (!s || !s->syntax_ok) continue;
        for (int k = 0; k < s->file->decls.n; k++) {
            gs_node *n = s->file->decls.v[k];
            if (n->kind != GSK_FUNC_DECL) continue;
            gs_func_decl *fd = GS_AS(gs_func_decl, n);
            if (!fd->body || base_str_eqc(fd->name->name, "_") || base_str_eqc(fd->name->name, "init")) continue;
            weave_rule r = {.instrumentation = "all", .name = "all", .package = "p", .hooks_pkg = "h",
                            .before = "Before", .after = "After", .switchable = true};
            r.function = base_arena_strndup(a, fd->name->name.p, fd->name->name.n);
            if (fd->recv) {
                bool ptr;
                gs_ident *id = fd->recv->list.n ? weave_recv_base(fd->recv->list.v[0]->type, &ptr, NULL) : NULL;
                if (!id) continue;
                r.receiver = base_arena_printf(a, "%s%.*s", ptr ? "*" : "", (int)id->name.n, id->name.p);
            }
            bool dup = false;
            for (size_t m = 0; m < rules.n && !dup; m++)
                dup = strcmp(rules.v[m].function, r.function) == 0 &&
                      strcmp(rules.v[m].receiver ? rules.v[m].receiver : "", r.receiver ? r.receiver : "") == 0;
            if (dup) continue; /* (methods of distinct files' types cannot share a name and receiver) */
            size_t nb = 0, na = 0;
            gs_field_list *lists[3] = {fd->recv, fd->type->params, fd->type->results};
            for (int l = 0; l < 3; l++)
                for (int f = 0; lists[l] && f < lists[l]->list.n; f++) {
                    size_t c = lists[l]->list.v[f]->names.n ? (size_t)lists[l]->list.v[f]->names.n : 1;
                    if (l < 2) nb += c;
                    else na += c;
                }
            weave_mode *bm = BASE_NEW_ARRAY(a, weave_mode, nb + 1), *am = BASE_NEW_ARRAY(a, weave_mode, na + 1);
            for (size_t q = 0; q < nb; q++) bm[q] = q % 2 ? WEAVE_MODE_ANY : WEAVE_MODE_UPTR;
            for (size_t q = 0; q < na; q++) am[q] = q % 2 ? WEAVE_MODE_UPTR : WEAVE_MODE_ANY;
            r.before_modes = bm, r.n_before = nb, r.after_modes = am, r.n_after = na;
            BASE_VEC_PUSH(a, &rules, r);
        }
    }
    const char **out;
    size_t nout;
    bool bodyless;
    if (weave_package(a, (const char *const *)files, nfiles, rules.v, rules.n, outdir, &out, &nout, &bodyless, &d) != 0) {
        base_diags_print(&d, stderr);
        return 1;
    }
    for (size_t i = 0; i < nout; i++) {
        if (i >= nfiles) printf("NEW %s\n", out[i]);
        else if (strcmp(out[i], files[i]) != 0) printf("%s %s\n", files[i], out[i]);
    }
    fprintf(stderr, "%zu functions woven\n", rules.n);
    return 0;
}

int cmd_weave_test(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "-all") == 0) {
        base_arena *a = base_arena_new();
        int rc = weave_test_all(a, argv[2], argv + 3, (size_t)argc - 3);
        base_arena_free(a);
        return rc;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: gotel weave-test CASEDIR OUTDIR | -all OUTDIR FILE...\n");
        return 2;
    }
    base_arena *a = base_arena_new();
    int rc = weave_test_run(a, argv[1], argv[2]);
    base_arena_free(a);
    return rc;
}

/* Unit tests of the weaver: edit application and every error path of the
 * hook signature checker and of weave_package. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "base/str.h"
#include "gosyntax/parser.h"
#include "weave/edit.h"
#include "weave/posmap.h"
#include "weave/weave.h"

typedef struct {
    base_arena *a;
    char *dir;
    base_diags d;
} fx;

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    f->a = base_arena_new();
    const char *err;
    if (base_mkdtemp(f->a, NULL, "weave-test-", &f->dir, &err) != 0) return -1;
    base_diags_init(&f->d, f->a);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    const char *err;
    base_remove_tree(f->a, f->dir, &err);
    base_arena_free(f->a);
    free(f);
    return 0;
}

static const char *put(fx *f, const char *name, const char *text) {
    const char *p = base_path_join(f->a, f->dir, name);
    const char *err;
    assert_int_equal(base_file_write_atomic(f->a, p, text, strlen(text), 0644, &err), 0);
    return p;
}

/* All diagnostics as one string, file names relative to the fixture dir. */
static const char *diags(fx *f) {
    base_buf b;
    base_buf_init(&b, f->a);
    size_t nd = strlen(f->dir);
    for (const base_diag *e = f->d.head; e; e = e->next) {
        const char *file = e->file ? e->file : "";
        if (strncmp(file, f->dir, nd) == 0) file += nd + 1;
        base_buf_printf(&b, "%s:%d:%d: %s\n", file, e->line, e->col, e->msg);
    }
    return base_buf_cstr(&b);
}

#define assert_contains(hay, needle)                                                     \
    do {                                                                                 \
        if (!strstr((hay), (needle))) fail_msg("%s\n--- does not contain ---\n%s", (hay), (needle)); \
    } while (0)

/* ---- edits ---- */

static void test_edits(void **state) {
    fx *f = *state;
    weave_edits e;
    weave_edits_init(&e, f->a);
    const char *src = "func f(_ int) {\n\treturn\n}\n";
    weave_edit_replace(&e, 7, 8, "p0");
    weave_edit_insert(&e, 15, " X;");
    weave_edit_insert(&e, 15, " Y;"); /* same offset: kept in order */
    weave_edit_insert(&e, (int32_t)strlen(src), "// end\n");
    size_t n;
    char *out = weave_edits_apply(&e, src, strlen(src), "/a/f.go", &n);
    assert_non_null(out);
    assert_string_equal(out, "func f(p0/*line /a/f.go:1:9*/ int) { X; Y;\n\treturn\n}\n// end\n");
    assert_int_equal(n, strlen(out));

    weave_edits_init(&e, f->a);
    weave_edit_replace(&e, 2, 6, "x");
    weave_edit_insert(&e, 4, "y"); /* inside a replaced range */
    assert_null(weave_edits_apply(&e, src, strlen(src), "f", &n));
    weave_edits_init(&e, f->a);
    weave_edit_insert(&e, 1000, "y");
    assert_null(weave_edits_apply(&e, src, strlen(src), "f", &n));

    /* CRLF line ends count as the end of the line; later lines keep their numbers. */
    weave_edits_init(&e, f->a);
    const char *crlf = "a\r\nb c\n";
    weave_edit_insert(&e, 1, "1");
    weave_edit_insert(&e, 4, "2");
    out = weave_edits_apply(&e, crlf, strlen(crlf), "f", &n);
    assert_string_equal(out, "a1\r\nb2/*line f:2:2*/ c\n");

    int line, col;
    weave_linecol(src, strlen(src), 17, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
}

/* Line directives already in a file: positions as the compiler sees them. */
static void test_posmap(void **state) {
    fx *f = *state;
    const char *src = "package p\n"                 /* 1 */
                      "//line a.tmpl:10\n"          /* 2 */
                      "var x = 1\n"                 /* 3: a.tmpl:10, column unknown */
                      "var y = /*line b.go:5:7*/2\n" /* 4: "2" is b.go:5:7 */
                      "var z = 3\n"                 /* 5: b.go:6, physical columns */
                      "//line :20:3\n"              /* 6: same file, line 20 column 3 */
                      "var w = 4 // line not:a:directive\n"
                      "//line bad:x\n"              /* not a number: ignored */
                      "/*line c.go:0*/var v = 5\n"; /* line 0: ignored */
    base_diags_init(&f->d, f->a);
    gs_file *file = gs_parse_file(f->a, "p.go", src, strlen(src), &f->d);
    weave_posmap m;
    weave_posmap_init(&m, f->a, src, strlen(src), file, "/abs/p.go");
    assert_int_equal(m.n, 3);
    const char *fn;
    int line, col;
    weave_posmap_pos(&m, 4, 1, 5, &fn, &line, &col);
    assert_string_equal(fn, "/abs/p.go");
    assert_int_equal(line, 1);
    assert_int_equal(col, 5);
    int32_t x = (int32_t)(strstr(src, "x =") - src);
    weave_posmap_pos(&m, x, 3, 5, &fn, &line, &col);
    assert_string_equal(fn, "a.tmpl");
    assert_int_equal(line, 10);
    assert_int_equal(col, 0);
    int32_t two = (int32_t)(strstr(src, "*/2") - src) + 2;
    weave_posmap_pos(&m, two, 4, 26, &fn, &line, &col);
    assert_string_equal(fn, "b.go");
    assert_int_equal(line, 5);
    assert_int_equal(col, 7);
    weave_posmap_pos(&m, (int32_t)(strstr(src, "z =") - src), 5, 5, &fn, &line, &col);
    assert_int_equal(line, 6);
    assert_int_equal(col, 5);
    weave_posmap_pos(&m, (int32_t)(strstr(src, "w =") - src), 7, 5, &fn, &line, &col);
    assert_string_equal(fn, "b.go");
    assert_int_equal(line, 20);
    assert_int_equal(col, 7);

    /* Applied edits restore those positions, with or without a column. */
    weave_edits e;
    weave_edits_init(&e, f->a);
    e.posmap = &m;
    weave_edit_insert(&e, x, "_ ");
    weave_edit_insert(&e, two, "1+");
    size_t n;
    char *out = weave_edits_apply(&e, src, strlen(src), "/abs/p.go", &n);
    assert_contains(out, "var _ /*line a.tmpl:10*/x = 1\n");
    assert_contains(out, "var y = /*line b.go:5:7*/1+/*line b.go:5:7*/2\n");
}

static void test_modes(void **state) {
    (void)state;
    weave_mode m;
    for (int i = WEAVE_MODE_VALUE; i <= WEAVE_MODE_UPTR; i++) {
        assert_true(weave_mode_parse(weave_mode_name((weave_mode)i), &m));
        assert_int_equal(m, i);
    }
    assert_false(weave_mode_parse("boxed", &m));
    assert_string_equal(weave_mode_name((weave_mode)42), "?");
}

/* ---- the checker ---- */

static const char *target_src =
    "package store\n\n"
    "import (\n\tctx \"context\"\n\t\"io\"\n\t\"gopkg.in/yaml.v3\"\n)\n\n"
    "type Store struct{}\n\n"
    "func (s *Store) Get(c ctx.Context, key string, n ...int) (_ []byte, err error) { return nil, nil }\n\n"
    "func Put(m map[string]any, r io.Reader, f func(rune) byte, ch <-chan struct{ A int `t` }, y *yaml.Node) {}\n\n"
    "func Gen[T any](x T, xs []T) (T, int) { var z T; return z, 0 }\n\n"
    "func Bad(x [N]int) {}\n\n"
    "func (l *List[T]) Push(v T) {}\n\n"
    "func Asm(x int)\n";

static const char *hook_src =
    "package hooks\n\n"
    "import (\n\t\"context\"\n\t\"io\"\n\t\"unsafe\"\n\n\t\"example.com/store\"\n\tyaml \"gopkg.in/yaml.v3\"\n"
    "\th \"gotel.dev/runtime/hook\"\n)\n\n"
    "func GetOK(c *h.Context, s any, cx context.Context, key *string, n []int) {}\n"
    "func GetAfter(c *h.Context, b *[]uint8, err unsafe.Pointer) {}\n"
    "func PutOK(c *h.Context, m map[string]interface{}, r io.Reader, f func(int32) uint8, ch <-chan struct{ A int `t` }, y *yaml.Node) {}\n"
    "func GenOK(c *h.Context, x any, xs unsafe.Pointer) {}\n"
    "func GenAfter(c *h.Context, r any, n *int) {}\n"
    "func GenBad(c *h.Context, x int, xs any) {}\n"
    "func Wrong(c *h.Context, s *store.Store, cx context.Context, key int, n []int) {}\n"
    "func TypeParams[T any](c *h.Context, s any, cx any, key any, n any) {}\n"
    "func Results(c *h.Context, s any, cx any, key any, n any) error { return nil }\n"
    "func NoParams() {}\n"
    "func BadCtx(c *store.Store, s any, cx any, key any, n any) {}\n"
    "func Variadic(c *h.Context, s any, rest ...any) {}\n"
    "func Few(c *h.Context, s any) {}\n"
    "func Unknown(c *h.Context, s *nope.Store, cx any, key any, n any) {}\n"
    "func Odd(c *h.Context, s [len(x)]int, cx any, key any, n any) {}\n"
    "func One(c *h.Context, x any) {}\n"
    "func Int(c *h.Context, x int) {}\n"
    "func PushOK(c *h.Context, l any, v unsafe.Pointer) {}\n";

static weave_rule rule(const char *fn, const char *recv, const char *before, const char *after) {
    return (weave_rule){.instrumentation = "inst", .name = "r", .package = "example.com/store", .function = fn,
                        .receiver = recv, .hooks_pkg = "example.com/hooks", .before = before, .after = after,
                        .switchable = true};
}

static int check(fx *f, weave_rule *r) {
    const char *t[] = {put(f, "store.go", target_src)};
    const char *h[] = {put(f, "hooks.go", hook_src)};
    base_diags_init(&f->d, f->a);
    return weave_check_rule(f->a, r, t, 1, h, 1, &f->d);
}

static void test_check_ok(void **state) {
    fx *f = *state;
    weave_rule r = rule("Get", "*Store", "GetOK", "GetAfter");
    assert_int_equal(check(f, &r), 0);
    assert_int_equal(r.n_before, 4);
    weave_mode wb[] = {WEAVE_MODE_ANY, WEAVE_MODE_VALUE, WEAVE_MODE_PTR, WEAVE_MODE_VALUE};
    assert_memory_equal(r.before_modes, wb, sizeof wb);
    assert_int_equal(r.n_after, 2);
    assert_int_equal(r.after_modes[0], WEAVE_MODE_PTR);
    assert_int_equal(r.after_modes[1], WEAVE_MODE_UPTR);

    r = rule("Put", NULL, "PutOK", NULL);
    assert_int_equal(check(f, &r), 0);
    for (size_t i = 0; i < r.n_before; i++) assert_int_equal(r.before_modes[i], WEAVE_MODE_VALUE);
    assert_int_equal(r.n_after, 0);

    r = rule("Gen", NULL, "GenOK", "GenAfter");
    assert_int_equal(check(f, &r), 0);
    assert_int_equal(r.before_modes[0], WEAVE_MODE_ANY);
    assert_int_equal(r.before_modes[1], WEAVE_MODE_UPTR);
    assert_int_equal(r.after_modes[0], WEAVE_MODE_ANY);
    assert_int_equal(r.after_modes[1], WEAVE_MODE_PTR);

    r = rule("Push", "*List", "PushOK", NULL);
    assert_int_equal(check(f, &r), 0);

    /* A target type the checker cannot resolve still goes to any. */
    r = rule("Bad", NULL, "One", NULL);
    assert_int_equal(check(f, &r), 0);
    assert_int_equal(r.before_modes[0], WEAVE_MODE_ANY);

    r = (weave_rule){.instrumentation = "inst", .name = "inj", .inject = "/x.go"};
    assert_int_equal(check(f, &r), 0);
}

static void test_check_not_applicable(void **state) {
    fx *f = *state;
    weave_rule r = rule("Missing", NULL, "One", NULL);
    assert_int_equal(check(f, &r), 1);
    r = rule("Get", "Store", "GetOK", NULL); /* receiver kind differs */
    assert_int_equal(check(f, &r), 1);
    r = rule("Put", "*Store", "GetOK", NULL); /* plain function, not a method */
    assert_int_equal(check(f, &r), 1);
    r = rule("Asm", NULL, "One", NULL); /* no body: implemented in assembly */
    assert_int_equal(check(f, &r), 1);
}

typedef struct {
    const char *fn, *recv, *before, *after;
    const char *want;
} err_case;

static void test_check_errors(void **state) {
    fx *f = *state;
    static const err_case cases[] = {
        {"Get", "*Store", NULL, NULL, "needs a before or an after hook"},
        {"Get", "*Store", "Nope", NULL, "hook function Nope not found in package example.com/hooks"},
        {"Get", "*Store", "Wrong", NULL,
         "hooks.go:19:66: rule inst/r: hook Wrong: parameter 4 (key) has type int, but it stands for (*Store).Get's "
         "parameter 2 (key) of type string: declare one of string (the value), *string (a pointer to it), any (the "
         "value, boxed), unsafe.Pointer (its address)"},
        {"Get", "*Store", "TypeParams", NULL, "hooks.go:20:6: rule inst/r: hook TypeParams must not have type parameters"},
        {"Get", "*Store", "Results", NULL, "hooks.go:21:59: rule inst/r: hook Results must not return anything"},
        {"Get", "*Store", NULL, "NoParams",
         "hooks.go:22:6: rule inst/r: hook NoParams must take c *hook.Context (gotel.dev/runtime/hook) first, then the results of (*Store).Get"},
        {"Get", "*Store", "BadCtx", NULL,
         "hooks.go:23:15: rule inst/r: hook BadCtx: first parameter must be *hook.Context from gotel.dev/runtime/hook, not *example.com/store.Store"},
        {"Get", "*Store", "Variadic", NULL, "hooks.go:24:41: rule inst/r: hook Variadic: parameter 3 (rest) is variadic"},
        {"Get", "*Store", "Few", NULL,
         "hooks.go:25:6: rule inst/r: hook Few takes 1 parameter after the context, but (*Store).Get has 4 (the receiver and parameters)"},
        {"Put", NULL, "Few", NULL, "(the parameters)"},
        {"Get", "*Store", "Unknown", NULL,
         "hooks.go:26:31: rule inst/r: hook Unknown: parameter 2 (s): nope: no import of this file declares that package name"},
        {"Get", "*Store", "Odd", NULL, "hooks.go:27:27: rule inst/r: hook Odd: parameter 2 (s): len(x): array lengths other than literals"},
        {"Gen", NULL, "GenBad", NULL,
         "hooks.go:18:29: rule inst/r: hook GenBad: parameter 2 (x) has type int, but it stands for Gen's parameter 1 (x) of type T, which mentions type parameters"},
        {"Bad", NULL, "Int", NULL,
         "store.go:17:13: rule inst/r: cannot resolve the type of Bad's parameter 1 (x) (array lengths other than literals are not supported), so hook Int must take it as any or unsafe.Pointer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        weave_rule r = rule(cases[i].fn, cases[i].recv, cases[i].before, cases[i].after);
        assert_int_equal(check(f, &r), -1);
        assert_contains(diags(f), cases[i].want);
    }
    weave_rule r = {.instrumentation = "inst", .name = "empty"};
    assert_int_equal(check(f, &r), -1);
    assert_contains(diags(f), "rule inst/empty: names neither a function, a file to inject nor a struct");
}

static void test_check_unreadable(void **state) {
    fx *f = *state;
    weave_rule r = rule("Get", "*Store", "GetOK", NULL);
    const char *missing[] = {base_path_join(f->a, f->dir, "nope.go")};
    const char *h[] = {put(f, "hooks.go", hook_src)};
    const char *t[] = {put(f, "store.go", target_src)};
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_check_rule(f->a, &r, missing, 1, h, 1, &f->d), -1);
    assert_contains(diags(f), "nope.go");
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_check_rule(f->a, &r, t, 1, missing, 1, &f->d), -1);
    assert_contains(diags(f), "nope.go");
    /* A hook file with syntax errors: the message says so. */
    const char *broken[] = {put(f, "broken.go", "package hooks\nfunc (\n")};
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_check_rule(f->a, &r, t, 1, broken, 1, &f->d), -1);
    assert_contains(diags(f), "not found in package example.com/hooks (some of its files have syntax errors)");
}

/* ---- weave_package ---- */

static void test_package_passthrough(void **state) {
    fx *f = *state;
    const char *files[] = {put(f, "store.go", target_src), put(f, "broken.go", "package store\nfunc (\n")};
    const char **out;
    size_t n;
    bool bodyless = true;
    weave_rule r = rule("Nowhere", NULL, "One", NULL);
    assert_int_equal(weave_package(f->a, files, 2, &r, 1, f->dir, &out, &n, &bodyless, &f->d), 0);
    assert_int_equal(n, 2);
    assert_string_equal(out[0], files[0]);
    assert_string_equal(out[1], files[1]);
    assert_false(bodyless);
    assert_int_equal(weave_package(f->a, files, 2, NULL, 0, f->dir, &out, &n, &bodyless, &f->d), 0);
    assert_int_equal(n, 2);
}

static void test_package_errors(void **state) {
    fx *f = *state;
    const char *files[] = {put(f, "store.go", target_src)};
    const char **out;
    size_t n;
    bool bodyless;
    weave_mode one[] = {WEAVE_MODE_VALUE};
    /* A plan whose modes do not match the function (stale plan). */
    weave_rule r = rule("Get", "*Store", "GetOK", NULL);
    r.before_modes = one, r.n_before = 1;
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_package(f->a, files, 1, &r, 1, f->dir, &out, &n, &bodyless, &f->d), -1);
    assert_contains(diags(f), "the plan has 1 Before values but Get has 4");
    /* A generic value passed by value. */
    weave_mode two[] = {WEAVE_MODE_VALUE, WEAVE_MODE_ANY};
    r = rule("Gen", NULL, "GenOK", NULL);
    r.before_modes = two, r.n_before = 2;
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_package(f->a, files, 1, &r, 1, f->dir, &out, &n, &bodyless, &f->d), -1);
    assert_contains(diags(f), "store.go:15:19: rule inst/r: the type of parameter 1 (x) mentions type parameters");
    /* An injected file that is not Go, then one that is missing. */
    r = (weave_rule){.instrumentation = "inst", .name = "inj", .inject = put(f, "x.go.txt", "not go\n")};
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_package(f->a, files, 1, &r, 1, f->dir, &out, &n, &bodyless, &f->d), -1);
    assert_contains(diags(f), "rule inst/inj: the file to inject does not parse as Go");
    r.inject = base_path_join(f->a, f->dir, "missing.go");
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_package(f->a, files, 1, &r, 1, f->dir, &out, &n, &bodyless, &f->d), -1);
    assert_contains(diags(f), "missing.go");
    /* No parsable file to take the package name from. */
    const char *broken[] = {put(f, "broken.go", "package store\nfunc (\n")};
    r.inject = put(f, "y.go", "package x\n");
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_package(f->a, broken, 1, &r, 1, f->dir, &out, &n, &bodyless, &f->d), -1);
    assert_contains(diags(f), "no parsable Go file gives the package name");
    /* An output directory that does not exist. */
    weave_mode m4[] = {WEAVE_MODE_ANY, WEAVE_MODE_VALUE, WEAVE_MODE_PTR, WEAVE_MODE_VALUE};
    r = rule("Get", "*Store", "GetOK", NULL);
    r.before_modes = m4, r.n_before = 4;
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_package(f->a, files, 1, &r, 1, base_path_join(f->a, f->dir, "no/such"), &out, &n, &bodyless, &f->d), -1);
    assert_true(f->d.count > 0);
}

static void test_package_weaves(void **state) {
    fx *f = *state;
    const char *files[] = {put(f, "store.go", target_src)};
    weave_rule r = rule("Get", "*Store", "GetOK", "GetAfter");
    const char *h[] = {put(f, "hooks.go", hook_src)};
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_check_rule(f->a, &r, files, 1, h, 1, &f->d), 0);
    const char *outdir = base_path_join(f->a, f->dir, "out");
    assert_int_equal(mkdir(outdir, 0755), 0);
    const char **out;
    size_t n;
    bool bodyless;
    assert_int_equal(weave_package(f->a, files, 1, &r, 1, outdir, &out, &n, &bodyless, &f->d), 0);
    assert_true(bodyless);
    assert_int_equal(n, 2);
    assert_string_equal(out[0], base_path_join(f->a, outdir, "store.go"));
    assert_string_equal(out[1], base_path_join(f->a, outdir, WEAVE_PKG_FILE));
    char *text;
    size_t len;
    const char *err;
    assert_int_equal(base_file_read(f->a, out[0], &text, &len, &err), 0);
    assert_contains(text, base_arena_printf(f->a, "//line %s:1:1\npackage store;import _ \"unsafe\";\n", files[0]));
    assert_contains(text, "(__gotel_r0/*line ");
    assert_contains(text, "{ if __gotel_on_inst { var __gotel_c __gotel_ctx; defer __gotel_a0(&__gotel_c, &__gotel_r0, &err); "
                          "if __gotel_b0(&__gotel_c, &s, &c, &key, &n) { return }; };/*line ");
    assert_contains(text, "func __gotel_hb0(__c *__gotel_ctx, __p0 interface{}, __p1 ctx.Context, __p2 *string, __p3 []int)");
}

/* `package p; import ...` on one line: no empty declaration is added. */
static void test_package_semicolon(void **state) {
    fx *f = *state;
    const char *files[] = {put(f, "semi.go", "package semi; import \"io\"\nfunc F(r io.Reader) {}\n")};
    const char *outdir = base_path_join(f->a, f->dir, "out");
    assert_int_equal(mkdir(outdir, 0755), 0);
    weave_mode m[] = {WEAVE_MODE_VALUE};
    weave_rule r = rule("F", NULL, "H", NULL);
    r.before_modes = m, r.n_before = 1, r.switchable = false;
    const char **out;
    size_t n;
    bool bodyless;
    base_diags_init(&f->d, f->a);
    /* The output directory must not be the source's: originals are never overwritten. */
    assert_int_equal(weave_package(f->a, files, 1, &r, 1, f->dir, &out, &n, &bodyless, &f->d), -1);
    assert_contains(diags(f), "would overwrite the original");
    base_diags_init(&f->d, f->a);
    assert_int_equal(weave_package(f->a, files, 1, &r, 1, outdir, &out, &n, &bodyless, &f->d), 0);
    char *text;
    size_t len;
    const char *err;
    assert_int_equal(base_file_read(f->a, out[0], &text, &len, &err), 0);
    assert_contains(text, base_arena_printf(f->a, "package semi;import _ \"unsafe\"/*line %s:1:13*/; import \"io\"\n", files[0]));
    assert_contains(text, "func F(r io.Reader) { { var __gotel_c __gotel_ctx; if __gotel_b0(&__gotel_c, &r) { return }; };/*line ");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_edits, setup, teardown),
        cmocka_unit_test(test_modes),
        cmocka_unit_test_setup_teardown(test_posmap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_not_applicable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_unreadable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_passthrough, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_weaves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_semicolon, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Go file headers (gosyntax/header.c) and the plan cache's watch list
 * (plan/plan_watch.c): what counts as a header change, and the verdicts a
 * check gives for each kind of change on a real directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "gosyntax/header.h"
#include "gosyntax/outline.h"
#include "plan/plan_watch.h"

static size_t hdr(base_arena *a, const char *src) { return gs_header_len(a, src, strlen(src)); }

static void test_header(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *f = "//go:build linux\n\npackage p\n\nimport \"fmt\"\nimport (\n\t\"os\"\n\tx \"io\"\n)\n\nfunc F() {}\n";
    assert_int_equal(hdr(a, f), strstr(f, "func") - f);
    /* No imports: the header ends at the first declaration. */
    const char *g = "package p\n\nvar x = 1\n";
    assert_int_equal(hdr(a, g), strstr(g, "var") - g);
    /* Only a package clause: all of it. */
    assert_int_equal(hdr(a, "package p\n"), strlen("package p\n"));
    /* The cgo preamble is part of the header. */
    const char *c = "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc G() {}\n";
    assert_int_equal(hdr(a, c), strstr(c, "func") - c);
    /* `package p; import "x"; var y` on one line. */
    const char *one = "package p; import \"x\"; var y int";
    assert_int_equal(hdr(a, one), strstr(one, "var") - one);
    /* Broken syntax ends the header where it is found, or keeps it. */
    const char *bad = "package p\nimport )\nfunc H() {}\n";
    assert_int_equal(hdr(a, bad), strstr(bad, "func") - bad);
    const char *bad2 = "package p\nimport \"x\" ]\nfunc H() {}\n";
    assert_int_equal(hdr(a, bad2), strstr(bad2, "func") - bad2);
    assert_int_equal(hdr(a, "not go"), 0);
    assert_int_equal(hdr(a, "package p\nimport (\n\"x\"\n"), strlen("package p\nimport (\n\"x\"\n"));
    base_arena_free(a);
}

static const char *outline(base_arena *a, const char *src) {
    base_buf b;
    base_buf_init(&b, a);
    gs_outline(a, src, strlen(src), &b);
    return base_buf_cstr(&b);
}

static void test_outline(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *f = "package p\n\nimport \"fmt\"\n\n//gotel:span attrs=n\nfunc F(n int) (int, error) { fmt.Println(n); return n, nil }\n";
    const char *o = outline(a, f);
    /* Bodies, plain comments and positions are not in it. */
    assert_string_equal(o, outline(a, "package p\nimport \"fmt\"\n// a comment\n//gotel:span attrs=n\n"
                                      "func F(n int) (int, error) {\n\treturn n + 1, nil\n}\n// edit 1\n"));
    /* Signatures, directives, imports and other declarations are. */
    assert_string_not_equal(o, outline(a, "package p\n\nimport \"fmt\"\n\n//gotel:span attrs=m\nfunc F(n int) (int, error) { return n, nil }\n"));
    assert_string_not_equal(o, outline(a, "package p\n\nimport \"fmt\"\n\n//gotel:span attrs=n\nfunc F(n int64) (int, error) { return 0, nil }\n"));
    assert_string_not_equal(o, outline(a, "package p\n\nimport \"fmt\"\n\nfunc F(n int) (int, error) { return n, nil }\n"));
    assert_string_not_equal(o, outline(a, "package p\n\nimport \"os\"\n\n//gotel:span attrs=n\nfunc F(n int) (int, error) { return n, nil }\n"));
    assert_string_not_equal(o, outline(a, "package p\n\nimport \"fmt\"\n\n//gotel:span attrs=n\nfunc F(n int) (int, error) { return n, nil }\nvar x = 1\n"));
    /* A declaration without a body differs from one with an empty body. */
    assert_string_not_equal(outline(a, "package p\nfunc F()\n"), outline(a, "package p\nfunc F() {}\n"));
    /* Struct and interface types in a signature are not its body; a
     * method's receiver and a generic's type parameters are outlined. */
    const char *s = "package p\nfunc (r *T) M[X interface{ ~int }](f func() struct{ a int }) struct{ b int } { return struct{ b int }{1} }\n";
    const char *so = outline(a, s);
    assert_non_null(strstr(so, "IDENT b"));
    assert_non_null(strstr(so, "IDENT a"));
    assert_null(strstr(so, "INT 1"));
    assert_string_equal(so, outline(a, "package p\nfunc (r *T) M[X interface{ ~int }](f func() struct{ a int }) struct{ b int } { return struct{ b int }{2} }\n"));
    /* A function literal in a variable's value is outlined whole; a body
     * with nested braces is skipped whole. */
    assert_string_not_equal(outline(a, "package p\nvar f = func() int { return 1 }\n"),
                            outline(a, "package p\nvar f = func() int { return 2 }\n"));
    assert_string_equal(outline(a, "package p\nfunc G() { if true { for {} } }\nvar y = 1\n"),
                        outline(a, "package p\nfunc G() { switch { case true: } }\nvar y = 1\n"));
    /* An unterminated body ends the outline. */
    assert_string_equal(outline(a, "package p\nfunc G() { {"), outline(a, "package p\nfunc G() { x"));
    base_arena_free(a);
}

static void put(base_arena *a, const char *dir, const char *name, const char *text) {
    const char *err;
    assert_int_equal(base_file_write_atomic(a, base_path_join(a, dir, name), text, strlen(text), 0644, &err), 0);
}

/* A watch of dir's main.go, helper.c, data.txt (embedded), the directory
 * itself and an output, snapshot taken "settled" (now far in the future
 * would make everything too new; far past makes nothing too new). */
static plan_watch watch_of(base_arena *a, const char *dir) {
    plan_watch w = {0};
    plan_watch_add(a, &w, PLAN_W_DIR, dir, PLAN_DEP_HEADER);
    plan_watch_add(a, &w, PLAN_W_GO, base_path_join(a, dir, "main.go"), PLAN_DEP_HEADER);
    plan_watch_add(a, &w, PLAN_W_FILE, base_path_join(a, dir, "helper.c"), PLAN_DEP_NONE);
    plan_watch_add(a, &w, PLAN_W_FILE, base_path_join(a, dir, "data.txt"), PLAN_DEP_NONE);
    plan_watch_add(a, &w, PLAN_W_FILE, base_path_join(a, dir, "go.work"), PLAN_DEP_HEADER); /* absent */
    plan_watch_add(a, &w, PLAN_W_OUT, base_path_join(a, dir, "app"), PLAN_DEP_NONE);
    plan_watch_add(a, &w, PLAN_W_GO, base_path_join(a, dir, "main.go"), PLAN_DEP_HEADER); /* folded */
    plan_watch_snapshot(a, &w, plan_watch_now() + 10 * PLAN_WATCH_SETTLE_NS);
    return w;
}

static plan_watch_verdict check(base_arena *a, plan_watch *w) {
    return plan_watch_check(a, w, plan_watch_now() + 10 * PLAN_WATCH_SETTLE_NS);
}

#define MAIN_V1 "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n"

/* A fresh directory holding main.go, helper.c, data.txt and app. */
static char *fixture(base_arena *a) {
    char *dir;
    const char *err;
    assert_int_equal(base_mkdtemp(a, NULL, "gotel-watch-", &dir, &err), 0);
    put(a, dir, "main.go", MAIN_V1);
    put(a, dir, "helper.c", "int x;\n");
    put(a, dir, "data.txt", "one");
    put(a, dir, "app", "binary");
    return dir;
}

static void test_watch(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err;
    char *dir = fixture(a);
    plan_watch w = watch_of(a, dir);
    assert_int_equal(w.e.n, 6);

    plan_watch_verdict v = check(a, &w);
    assert_true(v.plan_ok && v.build_ok && !v.moved);

    /* Same bytes, new stat: nothing changed, but the stat is worth saving. */
    put(a, dir, "main.go", MAIN_V1);
    v = check(a, &w);
    assert_true(v.plan_ok && v.build_ok && v.moved);
    v = check(a, &w);
    assert_true(v.plan_ok && v.build_ok && !v.moved);

    /* A body edit keeps the plan, not the build. */
    put(a, dir, "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(2) }\n");
    v = check(a, &w);
    assert_true(v.plan_ok && !v.build_ok);
    v = check(a, &w); /* the check adopted what it saw */
    assert_true(v.plan_ok && v.build_ok);

    /* A rule's target: a body edit keeps the plan, a signature edit not. */
    plan_watch t = {0};
    plan_watch_add(a, &t, PLAN_W_GO, base_path_join(a, dir, "main.go"), PLAN_DEP_FULL);
    plan_watch_snapshot(a, &t, plan_watch_now() + 10 * PLAN_WATCH_SETTLE_NS);
    put(a, dir, "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(3) }\n// edited\n");
    v = check(a, &t);
    assert_true(v.plan_ok && !v.build_ok);
    put(a, dir, "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(3) }\nfunc other() {}\n");
    v = check(a, &t);
    assert_true(!v.plan_ok && !v.build_ok);

    /* An import edit needs a new plan. */
    put(a, dir, "main.go", "package main\n\nimport \"os\"\n\nfunc main() { os.Exit(0) }\n");
    v = check(a, &w);
    assert_true(!v.plan_ok && !v.build_ok);

    /* Embedded data and C sources: the build, not the plan. */
    w = watch_of(a, dir);
    put(a, dir, "data.txt", "two");
    v = check(a, &w);
    assert_true(v.plan_ok && !v.build_ok);
    put(a, dir, "helper.c", "int y;\n");
    v = check(a, &w);
    assert_true(v.plan_ok && !v.build_ok);

    /* A new Go file changes the directory's listing; a README does not. */
    w = watch_of(a, dir);
    put(a, dir, "README", "hi");
    v = check(a, &w);
    assert_true(v.plan_ok && v.build_ok);
    put(a, dir, "extra.go", "package main\n");
    v = check(a, &w);
    assert_true(!v.plan_ok && !v.build_ok);
    assert_int_equal(unlink(base_path_join(a, dir, "extra.go")), 0);

    /* A file that appears where none was. */
    w = watch_of(a, dir);
    put(a, dir, "go.work", "go 1.22\n");
    v = check(a, &w);
    assert_true(!v.plan_ok && !v.build_ok);
    assert_int_equal(unlink(base_path_join(a, dir, "go.work")), 0);

    /* Outputs: any stat change means the build must run; the plan holds. */
    w = watch_of(a, dir);
    put(a, dir, "app", "binary");
    v = check(a, &w);
    assert_true(v.plan_ok && !v.build_ok);

    /* still(): the output's directory moved (the build wrote app), its
     * listing not; settle records the outputs. */
    w = watch_of(a, dir);
    put(a, dir, "app.tmp", "x");
    assert_true(plan_watch_still(a, &w));
    assert_true(plan_watch_settle_outputs(&w));
    assert_int_equal(unlink(base_path_join(a, dir, "app")), 0);
    assert_false(plan_watch_settle_outputs(&w));

    /* A file written just now is digested on every check. */
    plan_watch fresh = {0};
    plan_watch_add(a, &fresh, PLAN_W_GO, base_path_join(a, dir, "main.go"), PLAN_DEP_HEADER);
    plan_watch_snapshot(a, &fresh, plan_watch_now());
    assert_true(fresh.e.v[0].recheck);
    v = plan_watch_check(a, &fresh, plan_watch_now());
    assert_true(v.plan_ok && v.build_ok);

    assert_int_equal(base_remove_tree(a, dir, &err), 0);
    base_arena_free(a);
}

static void test_format(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err;
    char *dir = fixture(a);
    put(a, dir, "with space.go", "package main\n");
    plan_watch w = watch_of(a, dir);
    plan_watch_add(a, &w, PLAN_W_GO, base_path_join(a, dir, "with space.go"), PLAN_DEP_FULL);
    plan_watch_snapshot(a, &w, plan_watch_now());
    base_buf b;
    base_buf_init(&b, a);
    plan_watch_format(&w, &b);
    plan_watch back = {0};
    char *text = base_arena_strdup(a, base_buf_cstr(&b));
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) assert_true(plan_watch_parse_line(a, &back, line));
    assert_int_equal(back.e.n, w.e.n);
    for (size_t i = 0; i < w.e.n; i++) {
        const plan_wentry *x = &w.e.v[i], *y = &back.e.v[i];
        assert_string_equal(x->path, y->path);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->exists, y->exists);
        assert_int_equal(x->plan_full, y->plan_full);
        assert_int_equal(x->build_only, y->build_only);
        assert_int_equal(x->recheck, y->recheck);
        assert_int_equal(x->ino, y->ino);
        assert_int_equal(x->mtime_ns, y->mtime_ns);
        assert_string_equal(x->full, y->full);
        assert_string_equal(x->head, y->head);
    }
    assert_false(plan_watch_parse_line(a, &back, "w q 1 2 3 4 5 - - /x"));
    assert_false(plan_watch_parse_line(a, &back, "w f 1 2 3 4 5 short - /x"));
    assert_false(plan_watch_parse_line(a, &back, "w f 1 2 3"));
    assert_false(plan_watch_parse_line(a, &back, "x f 1 2 3 4 5 - - /x"));
    assert_int_equal(base_remove_tree(a, dir, &err), 0);
    base_arena_free(a);
}

static void test_source_names(void **state) {
    (void)state;
    assert_true(plan_watch_source_name("main.go", false));
    assert_false(plan_watch_source_name("main_test.go", false));
    assert_true(plan_watch_source_name("main_test.go", true));
    assert_true(plan_watch_source_name("asm_amd64.s", false));
    assert_true(plan_watch_source_name("x.syso", false));
    assert_true(plan_watch_source_name("go.mod", false));
    assert_false(plan_watch_source_name(".hidden.go", false));
    assert_false(plan_watch_source_name("_skip.go", false));
    assert_false(plan_watch_source_name("README.md", false));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_outline),
        cmocka_unit_test(test_watch),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_source_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

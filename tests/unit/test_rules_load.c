#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/file.h"
#include "rules/rules.h"

/* Each test gets a fresh module directory with an inject file in it. */
typedef struct {
    base_arena *a;
    char *dir;
} fixture;

static int setup(void **state) {
    fixture *f = test_malloc(sizeof *f);
    f->a = base_arena_new();
    const char *err;
    if (base_mkdtemp(f->a, NULL, "gotel-rules-", &f->dir, &err) < 0) return -1;
    base_mkdir_p(f->a, base_path_join(f->a, f->dir, "inject"), &err);
    base_file_write_atomic(f->a, base_path_join(f->a, f->dir, "inject/x.go.txt"), "package x\n", 10, 0644, &err);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    const char *err;
    base_remove_tree(f->a, f->dir, &err);
    base_arena_free(f->a);
    test_free(f);
    return 0;
}

/* Loads text as <dir>/rules.yaml; returns the rc and the diagnostics. */
static int load(fixture *f, const char *text, rules_set *set, base_diags *d) {
    base_diags_init(d, f->a);
    char *path = base_path_join(f->a, f->dir, "rules.yaml");
    return rules_load_text(f->a, path, text, strlen(text), "gotel.dev/instrumentation/demo", set, d);
}

/* Expects exactly one error, at line:col, whose message contains want. */
static void expect_err(fixture *f, const char *text, int line, int col, const char *want) {
    rules_set set = {0};
    base_diags d;
    int rc = load(f, text, &set, &d);
    if (rc != -1 || d.count < 1) fail_msg("no error for:\n%s", text);
    const base_diag *e = d.head;
    if (!strstr(e->msg, want) || e->line != line || e->col != col)
        fail_msg("want %d:%d: ...%s...\n got %d:%d: %s\nfor:\n%s", line, col, want, e->line, e->col, e->msg, text);
    assert_int_equal(set.ninstrs, 0);
    assert_int_equal(set.nrules, 0);
    assert_non_null(strstr(e->file, "rules.yaml"));
}

static void test_load_good_file(void **state) {
    fixture *f = *state;
    rules_set set = {0};
    base_diags d;
    int rc = load(f,
                  "instrumentation: demo\n"
                  "switchable: false\n"
                  "rules:\n"
                  "  - name: server\n"
                  "    package: net/http\n"
                  "    versions: \">= 1.22\"\n"
                  "    function: ServeHTTP\n"
                  "    receiver: \"*serverHandler\"\n"
                  "    before: ServerBefore\n"
                  "  - name: client\n"
                  "    package: github.com/x/y\n"
                  "    versions: '>= v1.2.0 < v2'\n"
                  "    function: Do\n"
                  "    hooks: gotel.dev/instrumentation/demo/other\n"
                  "    after: DoAfter\n"
                  "  - name: inj\n"
                  "    package: main\n"
                  "    inject: inject/x.go.txt\n",
                  &set, &d);
    base_diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(set.ninstrs, 1);
    assert_int_equal(set.nrules, 3);
    rules_instr *in = set.instrs[0];
    assert_string_equal(in->name, "demo");
    assert_false(in->switchable);
    assert_string_equal(in->module_path, "gotel.dev/instrumentation/demo");
    rules_rule *r = set.rules[0];
    assert_string_equal(r->full_name, "demo/server");
    assert_string_equal(r->receiver, "*serverHandler");
    assert_string_equal(r->hooks, "gotel.dev/instrumentation/demo");
    assert_null(r->after);
    assert_int_equal(r->range.n, 1);
    assert_int_equal(r->range.kind, RULES_VER_GO);
    assert_int_equal(r->line, 4);
    assert_int_equal(r->col, 5);
    r = set.rules[1];
    assert_string_equal(r->hooks, "gotel.dev/instrumentation/demo/other");
    assert_int_equal(r->range.kind, RULES_VER_SEMVER);
    assert_int_equal(r->range.n, 2);
    r = set.rules[2];
    assert_null(r->function);
    assert_string_equal(r->inject, base_path_join(f->a, f->dir, "inject/x.go.txt"));

    /* Matching. */
    rules_verdict *v;
    rules_target http = {.import_path = "net/http", .is_std = true, .go_version = "go1.26.8"};
    assert_int_equal(rules_match(f->a, &set, &http, &v), 1);
    assert_true(v[0].applies);
    assert_false(v[1].applies);
    assert_string_equal(v[1].reason, "targets github.com/x/y");
    assert_false(v[2].applies);
    assert_string_equal(v[2].reason, "targets main packages");
    http.go_version = "go1.21.5";
    assert_int_equal(rules_match(f->a, &set, &http, &v), 0);
    assert_string_equal(v[0].reason, "go1.21.5 is not in >= 1.22");
    rules_target y = {.import_path = "github.com/x/y", .version = "v1.4.0", .go_version = "go1.26.8"};
    assert_int_equal(rules_match(f->a, &set, &y, &v), 1);
    assert_true(v[1].applies);
    y.version = "v2.0.0+incompatible";
    assert_int_equal(rules_match(f->a, &set, &y, &v), 0);
    y.version = ""; /* main module / directory replace: range not checked */
    assert_int_equal(rules_match(f->a, &set, &y, &v), 1);
    assert_non_null(strstr(v[1].reason, "version unknown"));
    y.version = "garbage";
    assert_int_equal(rules_match(f->a, &set, &y, &v), 0);
    assert_string_equal(v[1].reason, "garbage is not a semantic version");
    rules_target m = {.import_path = "example.com/cmd/app", .is_main = true};
    assert_int_equal(rules_match(f->a, &set, &m, &v), 1);
    assert_true(v[2].applies);

    char *buf;
    size_t n;
    FILE *out = open_memstream(&buf, &n);
    rules_print_list(out, &set);
    rules_print_verdicts(out, v, set.nrules, true);
    fclose(out);
    assert_non_null(strstr(buf, "demo  (gotel.dev/instrumentation/demo, always on)"));
    assert_non_null(strstr(buf, "net/http.(*serverHandler).ServeHTTP  versions: >= 1.22"));
    assert_non_null(strstr(buf, "yes   demo/inj"));
    assert_null(strstr(buf, "no    demo/server")); /* other packages' rules skipped */
    free(buf);
}

/* The table keys are loaded, and the table escapes what would break it. */
static void test_table(void **state) {
    fixture *f = *state;
    rules_set set = {0};
    base_diags d;
    const char *text = "instrumentation: demo\nlibrary: demo | lib\ntraces: one span\n"
                       "rules:\n  - {name: a, package: example.com/x, versions: \">= v1.2.0\", function: F, before: B}\n"
                       "  - {name: b, package: example.com/x, versions: \">= v1.2.0\", function: G, before: B}\n"
                       "  - {name: c, package: fmt, function: F, before: B}\n";
    assert_int_equal(load(f, text, &set, &d), 0);
    assert_string_equal(set.instrs[0]->library, "demo | lib");
    assert_string_equal(set.instrs[0]->traces, "one span");
    assert_null(set.instrs[0]->metrics);
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    rules_print_table(out, &set);
    fclose(out);
    assert_non_null(strstr(buf, "| demo \\| lib | demo | example.com/x, fmt | >= v1.2.0 | one span | none |\n"));
    free(buf);
    expect_err(f, "instrumentation: demo\nlibrary: ''\nrules: [{name: a, package: fmt, function: F, before: B}]\n", 2, 10,
               "library must not be empty");
}

static void test_std_path(void **state) {
    (void)state;
    assert_true(rules_is_std_path("net/http"));
    assert_true(rules_is_std_path("fmt"));
    assert_false(rules_is_std_path("github.com/x/y"));
    assert_false(rules_is_std_path("gotel.dev/runtime"));
}

#define HDR "instrumentation: demo\nrules:\n"

static void test_load_errors(void **state) {
    fixture *f = *state;
    expect_err(f, "", 0, 0, "empty rules file");
    expect_err(f, "- a\n", 1, 1, "is a mapping");
    expect_err(f, "instrumentation: demo\nrules: [\n", 3, 1, "YAML syntax error");
    expect_err(f, "instrumentation: demo\n  bad: indent\n", 2, 6, "YAML syntax error");
    expect_err(f, "rules:\n  - {name: a, package: fmt, function: F, before: B}\n", 1, 1, "missing instrumentation");
    expect_err(f, "instrumentation: Demo X\nrules: [{name: a, package: fmt, function: F, before: B}]\n", 1, 18,
               "bad instrumentation");
    expect_err(f, "instrumentation: demo\n", 1, 1, "missing rules");
    expect_err(f, "instrumentation: demo\nrules: {}\n", 2, 8, "rules must be a list");
    expect_err(f, "instrumentation: demo\nrules: []\n", 2, 8, "rules is empty");
    expect_err(f, "instrumentation: demo\nswitchable: yes\nrules: [{name: a, package: fmt, function: F, before: B}]\n",
               2, 13, "switchable must be true or false");
    expect_err(f, "instrumentation: demo\nextra: 1\nrules: []\n", 2, 1, "unknown key extra in the rules file");
    expect_err(f, "instrumentation: demo\ninstrumentation: demo\nrules: [{name: a, package: fmt, function: F, before: B}]\n",
               2, 1, "duplicate key instrumentation");
    expect_err(f, "instrumentation: [demo]\nrules: [{name: a, package: fmt, function: F, before: B}]\n", 1, 18,
               "instrumentation must be a string");
    expect_err(f, HDR "  - just-a-string\n", 3, 5, "each rule must be a mapping");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: F\n    before: B\n    colour: red\n", 7, 5,
               "unknown key colour in a rule");
    expect_err(f, HDR "  - package: fmt\n    function: F\n    before: B\n", 3, 5, "rule has no name");
    expect_err(f, HDR "  - name: a\n    function: F\n    before: B\n", 3, 5, "rule a has no package");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    before: B\n", 3, 5, "needs function");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: F\n    inject: inject/x.go.txt\n", 3, 5,
               "more than one of function, inject and struct");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    struct: T\n", 5, 13, "struct and field go together");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    struct: T\n    field: x\n", 6, 12, "bad field x");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    struct: T\n    field: \"x int; y int\"\n", 6, 12, "bad field");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    struct: T\n    field: x int\n    after: A\n", 7, 12,
               "after is only for function rules; rule a adds a field");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: F\n", 3, 5, "neither before nor after");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    inject: inject/x.go.txt\n    before: B\n", 6, 13,
               "before is only for function rules");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    inject: inject/missing.go\n", 5, 13, "inject file inject/missing.go not found");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    inject: /etc/passwd\n", 5, 13, "must be relative");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: F\n    before: B\n  - name: a\n    package: os\n    function: G\n    after: A\n",
               7, 5, "duplicate rule name a (first at line 3)");
    expect_err(f, HDR "  - name: A b\n    package: fmt\n    function: F\n    before: B\n", 3, 11, "bad name A b");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: F()\n    before: B\n", 5, 15, "bad function F()");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: F\n    receiver: \"**T\"\n    before: B\n", 6, 15,
               "bad receiver **T");
    expect_err(f, HDR "  - name: a\n    package: net//http\n    function: F\n    before: B\n", 4, 14, "bad package");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: F\n    before: \"\"\n", 6, 13, "before must not be empty");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: F\n    before: ~\n", 6, 13, "before must not be empty");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    function: [F]\n    before: B\n", 5, 15, "function must be a string");
    /* Version ranges: the column points at the culprit inside the value. */
    expect_err(f, HDR "  - name: a\n    package: fmt\n    versions: <= 1.30 1.x\n    function: F\n    before: B\n", 5, 23,
               "bad version range \"<= 1.30 1.x\": 1.x is neither");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    versions: >= 1.22\n    function: F\n    before: B\n", 5, 16,
               "must be quoted");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    versions: \">= 1.22 < 1.x\"\n    function: F\n    before: B\n", 5, 26,
               "1.x is neither");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    versions: \">= v1.2.0\"\n    function: F\n    before: B\n", 5, 15,
               "fmt is in the standard library: its versions are Go versions");
    expect_err(f, HDR "  - name: a\n    package: github.com/a/b\n    versions: \">= 1.22\"\n    function: F\n    before: B\n", 5, 15,
               "module package: its versions are module versions");
    expect_err(f, HDR "  - name: a\n    package: main\n    versions: \">= 1.22\"\n    inject: inject/x.go.txt\n", 5, 15,
               "versions make no sense for package main");
    expect_err(f, HDR "  - name: a\n    package: fmt\n    versions: \"\"\n    function: F\n    before: B\n", 5, 15,
               "versions must not be empty");
    expect_err(f, HDR "  - {name: a, package: fmt, function: F, before: B}\n---\nx: 1\n", 5, 1, "one YAML document");
}

/* Every error in a file is reported, not only the first. */
static void test_all_errors_reported(void **state) {
    fixture *f = *state;
    rules_set set = {0};
    base_diags d;
    assert_int_equal(load(f, HDR "  - name: a\n    package: fmt\n    function: F\n  - name: b\n    pkg: x\n", &set, &d), -1);
    assert_true(d.count >= 3);
}

static void test_load_tree(void **state) {
    fixture *f = *state;
    const char *err;
    base_arena *a = f->a;
    const char *root = f->dir;
    const char *files[][2] = {
        {"runtime/go.mod", "module gotel.dev/runtime\n\ngo 1.22\n"},
        {"runtime/rules.yaml", "instrumentation: runtime\nswitchable: false\nrules:\n  - {name: peek, package: runtime, inject: x.go}\n"},
        {"runtime/x.go", "package runtime\n"},
        {"instrumentation/b/go.mod", "// c\nmodule \"gotel.dev/instrumentation/b\" // x\n"},
        {"instrumentation/b/rules.yaml", "instrumentation: b\nrules:\n  - {name: r, package: fmt, function: F, before: B}\n"},
        {"instrumentation/a/go.mod", "module gotel.dev/instrumentation/a\n"},
        {"instrumentation/a/rules.yaml", "instrumentation: a\nrules:\n  - {name: r, package: os, function: F, after: A}\n"},
        {"instrumentation/nohooks/go.mod", "module gotel.dev/instrumentation/nohooks\n"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = base_path_join(a, root, files[i][0]);
        assert_int_equal(base_mkdir_p(a, base_path_dir(a, p), &err), 0);
        assert_int_equal(base_file_write_atomic(a, p, files[i][1], strlen(files[i][1]), 0644, &err), 0);
    }
    rules_set set = {0};
    base_diags d;
    base_diags_init(&d, a);
    int rc = rules_load_tree(a, root, &set, &d);
    base_diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(set.ninstrs, 3);
    assert_string_equal(set.instrs[0]->name, "runtime");
    assert_string_equal(set.instrs[1]->name, "a"); /* name order */
    assert_string_equal(set.instrs[2]->module_path, "gotel.dev/instrumentation/b");
    assert_string_equal(set.rules[2]->hooks, "gotel.dev/instrumentation/b");

    /* The same instrumentation name twice is an error. */
    const char *dup = "instrumentation: a\nrules:\n  - {name: r, package: os, function: F, after: A}\n";
    char *p = base_path_join(a, root, "instrumentation/b/rules.yaml");
    assert_int_equal(base_file_write_atomic(a, p, dup, strlen(dup), 0644, &err), 0);
    rules_set set2 = {0};
    base_diags_init(&d, a);
    assert_int_equal(rules_load_tree(a, root, &set2, &d), -1);
    assert_non_null(strstr(d.head->msg, "instrumentation a is also defined in"));
    /* A module without a module line. */
    p = base_path_join(a, root, "instrumentation/b/go.mod");
    assert_int_equal(base_file_write_atomic(a, p, "go 1.22\n", 8, 0644, &err), 0);
    base_diags_init(&d, a);
    assert_int_equal(rules_load_module_dir(a, base_path_join(a, root, "instrumentation/b"), &set2, &d), -1);
    assert_non_null(strstr(d.head->msg, "no module line"));
    base_diags_init(&d, a);
    assert_int_equal(rules_load_file(a, "/no/such/rules.yaml", "m", &set2, &d), -1);
    assert_non_null(strstr(d.head->msg, "/no/such/rules.yaml"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_load_good_file, setup, teardown),
        cmocka_unit_test(test_std_path),
        cmocka_unit_test_setup_teardown(test_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_errors_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_tree, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

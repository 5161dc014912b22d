#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/file.h"
#include "rules/planfile.h"
#include "rules/salt.h"

#define SALT "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static rules_plan sample(base_arena *a) {
    static const weave_mode bm[] = {WEAVE_MODE_PTR, WEAVE_MODE_VALUE, WEAVE_MODE_ANY};
    static const weave_mode am[] = {WEAVE_MODE_UPTR};
    weave_rule *r1 = BASE_NEW_ARRAY(a, weave_rule, 2);
    r1[0] = (weave_rule){.instrumentation = "nethttp", .name = "server", .package = "net/http",
                         .function = "ServeHTTP", .receiver = "serverHandler",
                         .hooks_pkg = "gotel.dev/instrumentation/nethttp", .before = "ServerBefore",
                         .after = "ServerAfter", .switchable = true, .before_modes = bm, .n_before = 3,
                         .after_modes = am, .n_after = 1};
    r1[1] = (weave_rule){.instrumentation = "nethttp", .name = "status", .package = "net/http",
                         .inject = "/cache/gotel/src/nethttp/inject dir/status.go", .switchable = true};
    weave_rule *r2 = BASE_NEW_ARRAY(a, weave_rule, 2);
    r2[0] = (weave_rule){.instrumentation = "runtime", .name = "peek", .package = "runtime", .function = "gopanic",
                         .hooks_pkg = "gotel.dev/runtime/hook", .after = "A", .switchable = false};
    r2[1] = (weave_rule){.instrumentation = "runtime", .name = "gls_field", .package = "runtime", .struct_name = "g",
                         .field = "gotel_gls  unsafe.Pointer", .switchable = false};
    rules_plan_pkg *pk = BASE_NEW_ARRAY(a, rules_plan_pkg, 2);
    /* Deliberately unsorted: the writer sorts. */
    pk[0] = (rules_plan_pkg){"runtime", r2, 2};
    pk[1] = (rules_plan_pkg){"net/http", r1, 2};
    return (rules_plan){.salt = SALT, .gotel = "/opt/my tools/gotel", .pkgs = pk, .npkgs = 2};
}

static void test_plan_roundtrip(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    rules_plan p = sample(a);
    const char *err;
    char *dir;
    assert_int_equal(base_mkdtemp(a, NULL, "gotel-plan-", &dir, &err), 0);
    char *path = base_path_join(a, dir, "plan");
    assert_int_equal(rules_plan_write(a, path, &p, &err), 0);
    char *text;
    size_t n;
    assert_int_equal(base_file_read(a, path, &text, &n, &err), 0);
    assert_string_equal(text,
                        "gotel-plan 1\n"
                        "salt " SALT "\n"
                        "gotel /opt/my tools/gotel\n"
                        "pkg net/http\n"
                        "rule nethttp server ServeHTTP serverHandler gotel.dev/instrumentation/nethttp ServerBefore ServerAfter 1\n"
                        "param b 0 ptr\nparam b 1 value\nparam b 2 any\nparam a 0 uptr\n"
                        "rule nethttp status - - - - - 1\n"
                        "inject /cache/gotel/src/nethttp/inject dir/status.go\n"
                        "end\n"
                        "pkg runtime\n"
                        "rule runtime peek gopanic - gotel.dev/runtime/hook - A 0\n"
                        "rule runtime gls_field - - - - - 0\n"
                        "field g gotel_gls  unsafe.Pointer\n"
                        "end\n");
    assert_string_equal(rules_plan_peek_salt(a, text, n), SALT);

    rules_plan q;
    assert_int_equal(rules_plan_read(a, path, &q, &err), 0);
    assert_string_equal(q.salt, SALT);
    assert_string_equal(q.gotel, "/opt/my tools/gotel");
    assert_int_equal(q.npkgs, 2);
    const rules_plan_pkg *h = rules_plan_find(&q, "net/http");
    assert_non_null(h);
    assert_int_equal(h->nrules, 2);
    const weave_rule *r = &h->rules[0];
    assert_string_equal(r->instrumentation, "nethttp");
    assert_string_equal(r->package, "net/http");
    assert_string_equal(r->receiver, "serverHandler");
    assert_true(r->switchable);
    assert_int_equal(r->n_before, 3);
    assert_int_equal(r->before_modes[0], WEAVE_MODE_PTR);
    assert_int_equal(r->before_modes[2], WEAVE_MODE_ANY);
    assert_int_equal(r->n_after, 1);
    assert_int_equal(r->after_modes[0], WEAVE_MODE_UPTR);
    assert_null(r->inject);
    r = &h->rules[1];
    assert_null(r->function);
    assert_null(r->before);
    assert_string_equal(r->inject, "/cache/gotel/src/nethttp/inject dir/status.go");
    assert_int_equal(r->n_before, 0);
    const rules_plan_pkg *rt = rules_plan_find(&q, "runtime");
    assert_non_null(rt);
    assert_false(rt->rules[0].switchable);
    assert_null(rt->rules[0].before);
    assert_string_equal(rt->rules[0].after, "A");
    assert_string_equal(rt->rules[1].struct_name, "g");
    assert_string_equal(rt->rules[1].field, "gotel_gls  unsafe.Pointer");
    assert_null(rt->rules[1].function);
    assert_null(rules_plan_find(&q, "fmt"));
    assert_null(rules_plan_find(&q, "zzz"));

    /* Writing what was read gives the same bytes. */
    base_buf b;
    base_buf_init(&b, a);
    rules_plan_format(&b, &q);
    char *again;
    assert_int_equal(base_file_read(a, path, &again, &n, &err), 0);
    assert_string_equal(base_buf_cstr(&b), again);
    base_remove_tree(a, dir, &err);
    assert_int_equal(rules_plan_read(a, path, &q, &err), -1);
    base_arena_free(a);
}

static void test_plan_langs(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    rules_plan p = sample(a);
    rules_plan_lang l[] = {{"example.com/m/sub", "1.21"}, {"example.com/m", "1.21"}};
    p.langs = l;
    p.nlangs = 2;
    base_buf b;
    base_buf_init(&b, a);
    rules_plan_format(&b, &p);
    char *text = base_arena_strdup(a, base_buf_cstr(&b));
    assert_non_null(strstr(text, "gotel /opt/my tools/gotel\nlang example.com/m 1.21\nlang example.com/m/sub 1.21\npkg "));
    rules_plan q;
    const char *err;
    assert_int_equal(rules_plan_parse(a, text, strlen(text), &q, &err), 0);
    assert_int_equal(q.nlangs, 2);
    assert_int_equal(q.npkgs, 2);
    assert_string_equal(rules_plan_find_lang(&q, "example.com/m/sub"), "1.21");
    assert_null(rules_plan_find_lang(&q, "example.com/x"));
    assert_null(rules_plan_find_lang(&q, "net/http"));
    /* Out of order (a hand-written plan) is sorted on reading. */
    char *t2 = base_arena_strdup(a, "gotel-plan 1\nsalt " SALT "\ngotel /g\nlang z 1.20\nlang a 1.19\n");
    assert_int_equal(rules_plan_parse(a, t2, strlen(t2), &q, &err), 0);
    assert_string_equal(rules_plan_find_lang(&q, "a"), "1.19");
    assert_string_equal(rules_plan_find_lang(&q, "z"), "1.20");
    base_arena_free(a);
}

static void test_plan_guards(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    rules_plan p = sample(a);
    const char *g[] = {"google.golang.org/grpc", "net/http"};
    p.guards = g;
    p.nguards = 2;
    p.modcache = "/home/u/go/pkg/mod";
    base_buf b;
    base_buf_init(&b, a);
    rules_plan_format(&b, &p);
    char *text = base_arena_strdup(a, base_buf_cstr(&b));
    assert_non_null(strstr(text, "\nmodcache /home/u/go/pkg/mod\nguard google.golang.org/grpc\nguard net/http\npkg "));
    rules_plan q;
    const char *err;
    assert_int_equal(rules_plan_parse(a, text, strlen(text), &q, &err), 0);
    assert_string_equal(q.modcache, "/home/u/go/pkg/mod");
    assert_true(rules_plan_guarded(&q, "net/http"));
    assert_true(rules_plan_guarded(&q, "google.golang.org/grpc"));
    assert_false(rules_plan_guarded(&q, "net"));
    assert_int_equal(q.npkgs, 2);
    /* A plan without them guards nothing. */
    char *t2 = base_arena_strdup(a, "gotel-plan 1\nsalt " SALT "\ngotel /g\n");
    assert_int_equal(rules_plan_parse(a, t2, strlen(t2), &q, &err), 0);
    assert_false(rules_plan_guarded(&q, "net/http"));
    assert_null(q.modcache);
    base_arena_free(a);
}

static void bad(const char *text, const char *want) {
    base_arena *a = base_arena_new();
    char *t = base_arena_strdup(a, text);
    rules_plan p;
    const char *err = NULL;
    assert_int_equal(rules_plan_parse(a, t, strlen(t), &p, &err), -1);
    if (!strstr(err, want)) fail_msg("plan:\n%s\nerror %s does not mention %s", text, err, want);
    base_arena_free(a);
}

#define HEAD "gotel-plan 1\nsalt " SALT "\ngotel /g\n"

static void test_plan_errors(void **state) {
    (void)state;
    bad("", "empty plan");
    bad("hello\n", "line 1: not a gotel plan");
    bad("gotel-plan 2\n", "plan format 2");
    bad("gotel-plan 1\nsalt abc\n", "line 2: salt is not 64");
    bad("gotel-plan 1\n", "lacks its salt");
    bad(HEAD "pkg a\nrule i r F - h B - 1\n", "no end line");
    bad(HEAD "pkg a\nrule i r F - h B - 1\nend", "missing newline");
    bad(HEAD "rule i r F - h B - 1\n", "line 4: rule outside a pkg");
    bad(HEAD "pkg a\nrule i r F - h B - 2\nend\n", "switchable must be 0 or 1");
    bad(HEAD "pkg a\nrule i r F - h B 1\nend\n", "unexpected rule line with 8 fields");
    bad(HEAD "pkg a\nparam b 0 ptr\nend\n", "param before any rule");
    bad(HEAD "pkg a\nrule i r F - h B - 1\nparam b 1 ptr\nend\n", "param index 1 out of order");
    bad(HEAD "pkg a\nrule i r F - h B - 1\nparam x 0 ptr\nend\n", "param kind must be b or a");
    bad(HEAD "pkg a\nrule i r F - h B - 1\nparam b 0 ref\nend\n", "unknown mode ref");
    bad(HEAD "pkg a\ninject /x\nend\n", "inject before any rule");
    bad(HEAD "pkg a\npkg b\nend\n", "pkg b before the end of pkg a");
    bad(HEAD "end\n", "end outside a pkg");
    bad(HEAD "\n", "empty line");
    bad(HEAD "bogus\n", "unexpected bogus");
    /* Unsorted input is accepted and sorted for lookups. */
    base_arena *a = base_arena_new();
    char *t = base_arena_strdup(a, HEAD "pkg z\nend\npkg b\nend\npkg m\nend\n");
    rules_plan p;
    const char *err;
    assert_int_equal(rules_plan_parse(a, t, strlen(t), &p, &err), 0);
    assert_non_null(rules_plan_find(&p, "b"));
    assert_non_null(rules_plan_find(&p, "m"));
    assert_non_null(rules_plan_find(&p, "z"));
    /* Repeated blocks of a package are merged in file order. */
    t = base_arena_strdup(a, HEAD "pkg b\nrule i r1 F - h B - 1\nparam b 0 ptr\nend\npkg a\nend\n"
                                  "pkg b\nrule i r2 G - h - A 0\nparam a 0 any\nend\n");
    assert_int_equal(rules_plan_parse(a, t, strlen(t), &p, &err), 0);
    assert_int_equal(p.npkgs, 2);
    const rules_plan_pkg *b = rules_plan_find(&p, "b");
    assert_int_equal(b->nrules, 2);
    assert_string_equal(b->rules[0].name, "r1");
    assert_int_equal(b->rules[0].n_before, 1);
    assert_string_equal(b->rules[1].name, "r2");
    assert_int_equal(b->rules[1].after_modes[0], WEAVE_MODE_ANY);
    assert_string_equal(b->rules[1].package, "b");
    assert_null(rules_plan_peek_salt(a, "gotel-plan 1\nsalt abc\n", 21));
    assert_null(rules_plan_peek_salt(a, "x", 1));
    base_arena_free(a);
}

static int load(base_arena *a, const char *dir, const char *name, const char *text, rules_set *set) {
    base_diags d;
    base_diags_init(&d, a);
    char *path = base_path_join(a, base_path_join(a, dir, name), "rules.yaml");
    const char *err;
    base_mkdir_p(a, base_path_dir(a, path), &err);
    int rc = rules_load_text(a, path, text, strlen(text), base_arena_printf(a, "gotel.dev/%s", name), set, &d);
    base_diags_print(&d, stderr);
    return rc;
}

static void test_salt(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err;
    char *dir;
    assert_int_equal(base_mkdtemp(a, NULL, "gotel-salt-", &dir, &err), 0);
    char *inj = base_path_join(a, dir, "b/inj.go");
    base_mkdir_p(a, base_path_dir(a, inj), &err);
    assert_int_equal(base_file_write_atomic(a, inj, "package x\n", 10, 0644, &err), 0);
    const char *ya = "instrumentation: a\nrules:\n  - {name: r1, package: fmt, function: F, before: B}\n"
                     "  - {name: r2, package: os, function: G, after: A, versions: '>= 1.22'}\n";
    const char *yb = "instrumentation: b\nrules:\n  - {name: i, package: main, inject: inj.go}\n";
    rules_set s1 = {0}, s2 = {0};
    assert_int_equal(load(a, dir, "a", ya, &s1), 0);
    assert_int_equal(load(a, dir, "b", yb, &s1), 0);
    /* The same rules loaded in the other order give the same salt. */
    assert_int_equal(load(a, dir, "b", yb, &s2), 0);
    assert_int_equal(load(a, dir, "a", ya, &s2), 0);
    char h1[BASE_SHA256_HEX], h2[BASE_SHA256_HEX];
    assert_int_equal(rules_salt(a, "0.1.0", "srchash", &s1, h1, &err), 0);
    assert_int_equal(rules_salt(a, "0.1.0", "srchash", &s2, h2, &err), 0);
    assert_string_equal(h1, h2);
    assert_int_equal(strlen(h1), 64);
    /* Each input changes it. */
    assert_int_equal(rules_salt(a, "0.1.1", "srchash", &s1, h2, &err), 0);
    assert_string_not_equal(h1, h2);
    assert_int_equal(rules_salt(a, "0.1.0", "srchash2", &s1, h2, &err), 0);
    assert_string_not_equal(h1, h2);
    rules_set s3 = {0};
    assert_int_equal(load(a, dir, "a", "instrumentation: a\nrules:\n  - {name: r1, package: fmt, function: F, before: B}\n"
                                       "  - {name: r2, package: os, function: G, after: A, versions: '>= 1.23'}\n", &s3), 0);
    assert_int_equal(load(a, dir, "b", yb, &s3), 0);
    assert_int_equal(rules_salt(a, "0.1.0", "srchash", &s3, h2, &err), 0);
    assert_string_not_equal(h1, h2);
    /* Inject files count by content. */
    assert_int_equal(base_file_write_atomic(a, inj, "package y\n", 10, 0644, &err), 0);
    assert_int_equal(rules_salt(a, "0.1.0", "srchash", &s1, h2, &err), 0);
    assert_string_not_equal(h1, h2);
    /* The build identity is the sources' hash: 64 hex. */
    const char *id = rules_gotel_build_id();
    assert_int_equal(strlen(id), 64);
    assert_int_equal(strspn(id, "0123456789abcdef"), 64);
    base_remove_tree(a, dir, &err);
    assert_int_equal(rules_salt(a, "0.1.0", "srchash", &s1, h2, &err), -1);
    assert_non_null(strstr(err, "inj.go"));
    base_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_roundtrip),
        cmocka_unit_test(test_plan_langs),
        cmocka_unit_test(test_plan_guards),
        cmocka_unit_test(test_plan_errors),
        cmocka_unit_test(test_salt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "plan/plan_args.h"
#include "plan/plan_embed.h"
#include "plan/plan_golist.h"
#include "plan/plan_json.h"
#include "plan/plan_match.h"
#include "plan/plan_modfile.h"
#include "plan/plan_overlay.h"
#include "plan/plan_vendor.h"

static int parse(base_arena *a, plan_cmd c, const char *line, plan_args *out, const char **err) {
    char *copy = base_arena_strdup(a, line);
    char *argv[64];
    int argc = 0;
    for (char *t = strtok(copy, " "); t; t = strtok(NULL, " ")) argv[argc++] = t;
    return plan_args_parse(a, c, argc, argv, out, err);
}

static char *joined(base_arena *a, const plan_strv *v) {
    base_buf b;
    base_buf_init(&b, a);
    for (size_t i = 0; i < v->n; i++) {
        if (i) base_buf_putc(&b, '|');
        base_buf_puts(&b, v->v[i]);
    }
    return base_arena_strdup(a, base_buf_cstr(&b));
}

static void test_args_build(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    plan_args p;
    const char *err = NULL;
    assert_int_equal(parse(a, PLAN_CMD_BUILD,
                           "-C sub -o out -tags a,b -ldflags=-s -race -mod=vendor -modfile x.mod "
                           "-overlay=o.json -trimpath ./cmd/... ./x",
                           &p, &err),
                     0);
    assert_string_equal(p.chdir, "sub");
    assert_string_equal(p.mod, "vendor");
    assert_string_equal(p.modfile, "x.mod");
    assert_string_equal(p.overlay, "o.json");
    assert_string_equal(joined(a, &p.packages), "./cmd/...|./x");
    /* -C and the flags gotel owns are taken out; the rest keeps its order. */
    assert_string_equal(joined(a, &p.pass), "-o|out|-tags|a,b|-ldflags=-s|-race|-trimpath|./cmd/...|./x");
    assert_string_equal(joined(a, &p.list_flags), "-tags=a,b|-race");
    assert_false(p.files);
    base_arena_free(a);
}

static void test_args_errors(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    plan_args p;
    const char *err = NULL;
    assert_int_equal(parse(a, PLAN_CMD_BUILD, "-toolexec=x ./...", &p, &err), -1);
    assert_non_null(strstr(err, "-toolexec"));
    assert_int_equal(parse(a, PLAN_CMD_BUILD, "-o", &p, &err), -1);
    assert_string_equal(err, "flag needs an argument: -o");
    assert_int_equal(parse(a, PLAN_CMD_BUILD, "-v -C dir .", &p, &err), -1);
    assert_non_null(strstr(err, "-C must be the first flag"));
    base_arena_free(a);
}

static void test_args_run(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    plan_args p;
    const char *err = NULL;
    assert_int_equal(parse(a, PLAN_CMD_RUN, "-exec wrap ./cmd/app -o x -tags y", &p, &err), 0);
    assert_string_equal(joined(a, &p.packages), "./cmd/app");
    assert_string_equal(joined(a, &p.pass), "-exec|wrap|./cmd/app|-o|x|-tags|y");
    assert_int_equal(p.list_flags.n, 0);
    assert_int_equal(parse(a, PLAN_CMD_RUN, "-race main.go util.go arg1.go2 -v", &p, &err), 0);
    assert_true(p.files);
    assert_string_equal(joined(a, &p.packages), "main.go|util.go");
    assert_int_equal(p.files_end, 3); /* after -race main.go util.go */
    base_arena_free(a);
}

static void test_args_test(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    plan_args p;
    const char *err = NULL;
    assert_int_equal(parse(a, PLAN_CMD_TEST, "-run TestX -count 1 ./a ./b -v -tags t -timeout 5s -args -x pkg",
                           &p, &err),
                     0);
    assert_string_equal(joined(a, &p.packages), "./a|./b");
    assert_string_equal(joined(a, &p.list_flags), "-tags=t");
    assert_string_equal(joined(a, &p.pass), "-run|TestX|-count|1|./a|./b|-v|-tags|t|-timeout|5s|-args|-x|pkg");
    assert_int_equal(parse(a, PLAN_CMD_TEST, "-test.run=X -json .", &p, &err), 0);
    assert_string_equal(joined(a, &p.packages), ".");
    base_arena_free(a);
}

static void test_quote_word(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    assert_string_equal(plan_quote_word(a, "/a/b"), "/a/b");
    assert_string_equal(plan_quote_word(a, "/a b"), "'/a b'");
    assert_string_equal(plan_quote_word(a, "/a'b"), "\"/a'b\"");
    assert_null(plan_quote_word(a, "/a'\"b"));
    base_arena_free(a);
}

static void test_json(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err = NULL;
    const char *t = "{\n\t\"GOMOD\": \"/x/go.mod\",\n\t\"Q\": \"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\\n\",\n"
                    "\t\"N\": [1, -2.5e3, true, false, null, {}]\n}";
    plan_json *j = plan_json_parse(a, t, strlen(t), &err);
    assert_non_null(j);
    assert_string_equal(plan_json_get_str(j, "GOMOD"), "/x/go.mod");
    assert_string_equal(plan_json_get_str(j, "Q"), "a\"b\\c\xc3\xa9\xf0\x9f\x98\x80\n");
    const plan_json *n = plan_json_get(j, "N");
    assert_int_equal(n->n, 6);
    assert_int_equal(n->items[2]->boolean, 1);
    assert_int_equal(n->items[3]->boolean, 0);
    assert_int_equal(n->items[4]->kind, PLAN_JNULL);
    assert_null(plan_json_get_str(j, "missing"));
    const char *bad[] = {"{", "{\"a\" 1}", "[1,]", "\"abc", "{\"a\":1} x", "\"\\q\"", "", "[\"\x01\"]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err = NULL;
        assert_null(plan_json_parse(a, bad[i], strlen(bad[i]), &err));
        assert_non_null(err);
    }
    assert_null(plan_json_parse(a, "{\n  \"a\": ?}", 11, &err));
    assert_string_equal(err, "2:8: unexpected character");
    base_buf b;
    base_buf_init(&b, a);
    plan_json_put_str(&b, "a\"\\\n\x01z");
    assert_string_equal(base_buf_cstr(&b), "\"a\\\"\\\\\\u000a\\u0001z\"");
    base_arena_free(a);
}

static void test_gover(void **state) {
    (void)state;
    assert_true(plan_gover_cmp("1.22", "1.22.0") == 0);
    assert_true(plan_gover_cmp("1.22", "1.23") < 0);
    assert_true(plan_gover_cmp("1.26.0", "1.9") > 0);
    assert_true(plan_gover_cmp("1.24rc1", "1.24") == 0);
    int mi, pa;
    assert_int_equal(plan_goversion_parse("go1.26.8", &mi, &pa), 0);
    assert_int_equal(mi, 26);
    assert_int_equal(pa, 8);
    assert_int_equal(plan_goversion_parse("devel go1.27-abc Tue", &mi, &pa), 0);
    assert_int_equal(mi, 27);
    assert_int_equal(plan_goversion_parse("gccgo", &mi, &pa), -1);
}

static void test_gomod(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    plan_gomod_dep deps[] = {{"gotel.dev/runtime", "/c/runtime"}, {"gotel.dev/instrumentation/nethttp", "/c/i/nethttp"}};
    plan_gomod_req reqs[] = {{"go.opentelemetry.io/otel", "v1.47.0", false}};
    const char *in = "module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n";
    char *out = plan_gomod_rewrite(a, in, deps, 2, reqs, 1, "1.26.0");
    assert_non_null(strstr(out, "\ngo 1.26.0\ngodebug default=go1.22\n"));
    assert_null(strstr(out, "go 1.22\n"));
    assert_non_null(strstr(out, "require example.com/lib v1.0.0\n"));
    assert_non_null(strstr(out, "require gotel.dev/runtime v0.0.0\nreplace gotel.dev/runtime => /c/runtime\n"));
    assert_non_null(strstr(out, "replace gotel.dev/instrumentation/nethttp => /c/i/nethttp\n"));
    assert_non_null(strstr(out, "require go.opentelemetry.io/otel v1.47.0\n"));
    /* A program's own requirement keeps its line, at the higher version. */
    plan_gomod_req two[] = {{"a.com/x", "v1.2.0", false}, {"b.com/y", "v0.1.0", true}};
    out = plan_gomod_rewrite(a, "module m\ngo 1.26.0\nrequire (\n\ta.com/x v1.0.0 // indirect\n\tb.com/y v0.3.0\n)\n",
                             deps, 1, two, 2, "1.26.0");
    assert_non_null(strstr(out, "\ta.com/x v1.2.0 // indirect\n\tb.com/y v0.3.0\n"));
    assert_null(strstr(out, "require a.com/x"));
    assert_null(strstr(out, "require b.com/y"));
    out = plan_gomod_rewrite(a, in, deps, 2, reqs, 1, "1.26.0");
    assert_string_equal(plan_modfile_go(a, out), "1.26.0");
    /* Requirements, single and in blocks, with // indirect. */
    size_t nr;
    plan_gomod_req *r = plan_gomod_requires(
        a, "module m\nrequire a.com/x v1.0.0\nrequire (\n\tb.com/y v0.2.0 // indirect\n\t// note\n\tc.com/z v3.0.0\n)\n", &nr);
    assert_int_equal(nr, 3);
    assert_string_equal(r[0].path, "a.com/x");
    assert_string_equal(r[1].version, "v0.2.0");
    assert_true(r[1].indirect);
    assert_false(r[2].indirect);
    assert_string_equal(r[2].path, "c.com/z");
    /* A newer module keeps its line; no trailing newline is fine. */
    out = plan_gomod_rewrite(a, "module m\ngo 1.27", deps, 1, NULL, 0, "1.26.0");
    assert_non_null(strstr(out, "go 1.27\n"));
    assert_null(strstr(out, "godebug"));
    /* An own godebug default is kept; old modules pin their exact version. */
    out = plan_gomod_rewrite(a, "module m\ngo 1.16\n", deps, 1, NULL, 0, "1.26.0");
    assert_non_null(strstr(out, "godebug default=go1.16\n"));
    out = plan_gomod_rewrite(a, "module m\ngo 1.21\ngodebug default=go1.19\n", deps, 1, NULL, 0, "1.26.0");
    assert_null(strstr(out, "default=go1.21"));
    out = plan_gomod_rewrite(a, "module m\n", deps, 1, NULL, 0, "1.26.0");
    assert_non_null(strstr(out, "go 1.26.0\ngodebug default=go1.16\n"));
    base_arena_free(a);
}

static void test_gowork(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    plan_gomod_dep deps[] = {{"gotel.dev/runtime", "/c/runtime"}};
    const char *in = "go 1.22\n\nuse ./app\nuse (\n\t./lib // the library\n\t/abs/other\n\t\"./with space\"\n)\n"
                     "replace example.com/x => ../x\nreplace example.com/y v1.0.0 => example.com/z v1.2.0\n"
                     "replace (\n\texample.com/w => ./w\n)\n";
    char *out = plan_gowork_rewrite(a, in, "/ws", deps, 1, "1.26.0");
    assert_non_null(strstr(out, "go 1.26.0\n"));
    assert_non_null(strstr(out, "\nuse /ws/app\n"));
    assert_non_null(strstr(out, "\t/ws/lib // the library\n"));
    assert_non_null(strstr(out, "\t/abs/other\n"));
    assert_non_null(strstr(out, "\t`/ws/with space`\n"));
    assert_non_null(strstr(out, "replace example.com/x => /x\n"));
    assert_non_null(strstr(out, "replace example.com/y v1.0.0 => example.com/z v1.2.0\n"));
    assert_non_null(strstr(out, "\texample.com/w => /ws/w\n"));
    assert_non_null(strstr(out, "use /c/runtime\n"));
    base_arena_free(a);
}

static void test_gosum(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *extra[] = {"a v1 h1:x\nb v1 h1:y\n", "b v1 h1:y\nc v1 h1:z"};
    assert_string_equal(plan_gosum_merge(a, "a v1 h1:x", extra, 2), "a v1 h1:x\nb v1 h1:y\nc v1 h1:z\n");
    assert_string_equal(plan_gosum_merge(a, "", extra, 0), "");
    /* A prefix of an existing line is not a duplicate. */
    const char *e2[] = {"a v1 h1:"};
    assert_string_equal(plan_gosum_merge(a, "a v1 h1:x\n", e2, 1), "a v1 h1:x\na v1 h1:\n");
    base_arena_free(a);
}

static void test_overlay(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *from[] = {"/app/gotel_boot.go"};
    const char *to[] = {"/s/boot0.go"};
    const char *err = NULL;
    char *o = plan_overlay_json(a, NULL, from, to, 1, &err);
    assert_string_equal(o, "{\"Replace\": {\n  \"/app/gotel_boot.go\": \"/s/boot0.go\"\n}}\n");
    const char *u = "{\"Replace\": {\"/app/x.go\": \"/o/x.go\", \"/app/gone.go\": \"\", \"/app/del.go\": null}}";
    plan_json *uj = plan_json_parse(a, u, strlen(u), &err);
    o = plan_overlay_json(a, uj, from, to, 1, &err);
    plan_json *oj = plan_json_parse(a, o, strlen(o), &err);
    assert_non_null(oj);
    const plan_json *r = plan_json_get(oj, "Replace");
    assert_int_equal(r->n, 4);
    assert_string_equal(plan_json_get_str(r, "/app/x.go"), "/o/x.go");
    assert_string_equal(plan_json_get_str(r, "/app/gone.go"), "");
    assert_int_equal(plan_json_get(r, "/app/del.go")->kind, PLAN_JNULL);
    assert_string_equal(plan_json_get_str(r, "/app/gotel_boot.go"), "/s/boot0.go");
    const char *clash = "{\"Replace\": {\"/app/gotel_boot.go\": \"/o/x.go\"}}";
    assert_null(plan_overlay_json(a, plan_json_parse(a, clash, strlen(clash), &err), from, to, 1, &err));
    assert_non_null(strstr(err, "already maps"));
    assert_null(plan_overlay_json(a, plan_json_parse(a, "[1]", 3, &err), from, to, 1, &err));
    const char *imports[] = {"gotel.dev/runtime/boot", "gotel.dev/instrumentation/nethttp", "gotel.dev/runtime/boot"};
    char *src = plan_boot_source(a, "main", imports, 3);
    assert_non_null(strstr(src, "package main\n\nimport (\n\t_ \"gotel.dev/instrumentation/nethttp\"\n"
                                "\t_ \"gotel.dev/runtime/boot\"\n)\n"));
    assert_non_null(strstr(plan_boot_source(a, "lib", NULL, 0), "package lib\n"));
    base_arena_free(a);
}

static void test_golist_parse(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *out = "fmt\x1f" "fmt\x1f/go/src/fmt\x1ftrue\x1ftrue\x1f\x1f\x1f\x1f\x1f\x1f\x1f" "print.go\x1e" "format.go\x1e\x1d\n"
                      "ex.com/app [ex.com/app.test]\x1fmain\x1f/app\x1f" "false\x1f" "false\x1f" "ex.com/app\x1f"
                      "ex.com/app\x1f\x1f/app\x1ftrue\x1f" "1.21\x1fmain.go\x1e/cache/testmain-d\x1e\x1f"
                      "static/a.txt\x1e" "b.txt\x1e\x1f" "true\x1f" "true\x1d\n";
    plan_pkgs p = {0};
    const char *err = NULL;
    assert_int_equal(plan_golist_parse(a, out, strlen(out), &p, &err), 0);
    assert_int_equal(p.n, 2);
    assert_true(p.v[0].standard);
    assert_null(p.v[0].mod_path);
    assert_int_equal(p.v[0].n_files, 2);
    assert_string_equal(p.v[0].files[1], "/go/src/fmt/format.go");
    assert_string_equal(p.v[1].for_test, "ex.com/app");
    assert_string_equal(p.v[1].mod_path, "ex.com/app");
    assert_true(p.v[1].mod_main);
    assert_string_equal(p.v[1].mod_go, "1.21");
    assert_int_equal(p.v[1].n_files, 2);
    assert_string_equal(p.v[1].files[0], "/app/main.go");
    assert_string_equal(p.v[1].files[1], "/cache/testmain-d");
    assert_int_equal(p.v[0].n_embeds, 0);
    assert_false(p.v[0].pkg_config);
    assert_int_equal(p.v[1].n_embeds, 2);
    assert_string_equal(p.v[1].embeds[0], "/app/static/a.txt");
    assert_true(p.v[1].pkg_config);
    assert_false(p.v[0].imports_slog);
    assert_true(p.v[1].imports_slog);
    assert_string_equal(plan_fold_import_path(a, p.v[1].import_path), "ex.com/app");
    assert_non_null(plan_pkgs_find(&p, "fmt"));
    assert_int_equal(plan_golist_parse(a, "truncated\x1f", 10, &p, &err), -1);
    base_arena_free(a);
}

static void test_embed_unpack(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err = NULL;
    char *cache;
    assert_int_equal(base_mkdtemp(a, NULL, "gotel-test-", &cache, &err), 0);
    static const unsigned char ar[] = "runtime/go.mod\0" "16\0module gotel.x\n\n"
                                      "runtime/hook/a.go\0" "10\0package a\n";
    plan_embed e1, e2;
    assert_int_equal(plan_embed_unpack_data(a, ar, sizeof ar - 1, cache, &e1, &err), 0);
    char *data;
    size_t n;
    assert_int_equal(base_file_read(a, base_path_join(a, e1.root, "runtime/hook/a.go"), &data, &n, &err), 0);
    assert_string_equal(data, "package a\n");
    assert_int_equal(plan_embed_unpack_data(a, ar, sizeof ar - 1, cache, &e2, &err), 0);
    assert_string_equal(e1.root, e2.root);
    assert_int_equal(strlen(e1.hash), 64);
    static const unsigned char bad1[] = "../evil\0" "1\0x";
    assert_int_equal(plan_embed_unpack_data(a, bad1, sizeof bad1 - 1, cache, &e1, &err), -1);
    static const unsigned char bad2[] = "a\0" "99\0x";
    assert_int_equal(plan_embed_unpack_data(a, bad2, sizeof bad2 - 1, cache, &e1, &err), -1);
    assert_non_null(strstr(err, "corrupt"));
    /* gotel's own archive holds the runtime module. */
    size_t en;
    const unsigned char *d = plan_embed_data(&en);
    assert_true(en > 0);
    assert_non_null(memmem(d, en, "runtime/go.mod", 15));
    assert_int_equal(base_remove_tree(a, cache, &err), 0);
    base_arena_free(a);
}

static void put(base_arena *a, const char *root, const char *rel, const char *text) {
    const char *err = NULL;
    char *path = base_path_join(a, root, rel);
    assert_int_equal(base_mkdir_p(a, base_path_dir(a, path), &err), 0);
    assert_int_equal(base_file_write_atomic(a, path, text, strlen(text), 0644, &err), 0);
}

static const plan_verdict *verdict(const plan_state *st, const char *rule, const char *pkg) {
    for (size_t i = 0; i < st->verdicts.n; i++)
        if (strcmp(st->verdicts.v[i].rule, rule) == 0 &&
            (pkg ? st->verdicts.v[i].pkg && strcmp(st->verdicts.v[i].pkg, pkg) == 0 : !st->verdicts.v[i].pkg))
            return &st->verdicts.v[i];
    return NULL;
}

/* Matching with inject rules (function rules need the weaver's check). */
static void test_match(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err = NULL;
    char *root;
    assert_int_equal(base_mkdtemp(a, NULL, "gotel-match-", &root, &err), 0);
    put(a, root, "runtime/go.mod", "module gotel.dev/runtime\n\ngo 1.23\n");
    put(a, root, "runtime/rules.yaml",
        "instrumentation: runtime\nswitchable: false\nrules:\n"
        "  - name: peek\n    package: runtime\n    inject: inject/peek.go\n"
        "  - name: sig\n    package: os/signal\n    inject: inject/peek.go\n");
    put(a, root, "runtime/inject/peek.go", "package runtime\n");
    put(a, root, "runtime/boot/boot.go", "package boot\n");
    /* What boot links: only listed std targets are asked about. */
    put(a, root, "runtime/stddeps.txt", "# header\nnet\nos/signal\nruntime\n");
    put(a, root, "instrumentation/lib/go.mod", "module gotel.dev/instrumentation/lib\n\ngo 1.23\n");
    put(a, root, "instrumentation/lib/rules.yaml",
        "instrumentation: lib\nrules:\n"
        "  - name: x\n    package: example.com/lib\n    versions: \">= v1.2.0\"\n    inject: x.go\n");
    put(a, root, "instrumentation/lib/x.go", "package lib\n");
    put(a, root, "instrumentation/other/go.mod", "module gotel.dev/instrumentation/other\n\ngo 1.23\n");
    put(a, root, "instrumentation/other/rules.yaml",
        "instrumentation: other\nrules:\n  - name: y\n    package: example.com/absent\n    inject: x.go\n"
        "  - name: z\n    package: database/sql\n    inject: x.go\n");
    put(a, root, "instrumentation/other/x.go", "package other\n");

    for (int round = 0; round < 2; round++) {
        plan_state st = {0};
        st.rules_root = root;
        st.env.goversion = "go1.26.1";
        base_diags d;
        base_diags_init(&d, a);
        assert_int_equal(plan_rules_load(a, &st, &d, &err), 0);
        plan_strv extra = {0};
        assert_int_equal(plan_runtime_std_targets(a, &st, &extra, &err), 0);
        assert_string_equal(joined(a, &extra), "runtime|os/signal");
        plan_pkg pk[] = {
            {.import_path = "runtime", .name = "runtime", .dir = "/go/src/runtime", .standard = true, .for_test = ""},
            {.import_path = "example.com/lib", .name = "lib", .dir = "/m/lib", .for_test = "",
             .mod_path = "example.com/lib", .mod_version = round ? "v1.3.0" : "v1.1.0"},
            {.import_path = "example.com/lib [example.com/lib.test]", .name = "lib", .dir = "/m/lib",
             .for_test = "example.com/lib", .mod_path = "example.com/lib", .mod_version = round ? "v1.3.0" : "v1.1.0"},
        };
        st.pkgs.v = pk;
        st.pkgs.n = 3;
        assert_int_equal(plan_match(a, &st, &d, &err), 0);
        assert_true(verdict(&st, "runtime/peek", "runtime")->applies);
        assert_non_null(strstr(verdict(&st, "runtime/sig", NULL)->reason, "os/signal is not in this build"));
        assert_non_null(strstr(verdict(&st, "other/y", NULL)->reason, "example.com/absent is not in this build"));
        const plan_verdict *v = verdict(&st, "lib/x", "example.com/lib");
        assert_int_equal(v->applies, round == 1);
        assert_non_null(strstr(v->reason, round ? "v1.3.0 is in" : "v1.1.0 is not in"));
        /* The test variant folds into its package: one entry, not two. */
        size_t lib_entries = 0;
        for (size_t i = 0; i < st.entries.n; i++) lib_entries += strcmp(st.entries.v[i].pkg, "example.com/lib") == 0;
        assert_int_equal(lib_entries, (size_t)round);
        assert_int_equal(st.mods.n, round ? 2 : 1);
        assert_string_equal(st.mods.v[0].path, "gotel.dev/runtime");
        if (round) assert_string_equal(st.mods.v[1].path, "gotel.dev/instrumentation/lib");
        assert_string_equal(joined(a, &st.boot_imports), "gotel.dev/runtime/boot");
    }
    assert_int_equal(base_remove_tree(a, root, &err), 0);
    base_arena_free(a);
}

/* The OTLP/gRPC log exporter is imported only where both OTLP/gRPC and the
 * log pipeline are linked. */
static void test_match_grpc_logs(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err = NULL;
    char *root;
    assert_int_equal(base_mkdtemp(a, NULL, "gotel-match-", &root, &err), 0);
    put(a, root, "runtime/go.mod", "module gotel.dev/runtime\n\ngo 1.23\n");
    put(a, root, "runtime/rules.yaml",
        "instrumentation: runtime\nswitchable: false\nrules:\n"
        "  - name: peek\n    package: runtime\n    inject: inject/peek.go\n");
    put(a, root, "runtime/inject/peek.go", "package runtime\n");
    put(a, root, "runtime/stddeps.txt", "# header\n");
    put(a, root, "runtime/boot/boot.go", "package boot\n");
    put(a, root, "runtime/boot/logs/logs.go", "package logs\n");
    put(a, root, "runtime/boot/otlpgrpc/otlpgrpc.go", "package otlpgrpc\n");
    put(a, root, "runtime/boot/otlpgrpc/logs/logs.go", "package logs\n");
    for (int round = 0; round < 4; round++) {
        bool grpc = round & 1, slog = round & 2;
        plan_state st = {0};
        st.rules_root = root;
        st.env.goversion = "go1.26.1";
        st.grpc = grpc;
        base_diags d;
        base_diags_init(&d, a);
        assert_int_equal(plan_rules_load(a, &st, &d, &err), 0);
        plan_pkg pk[] = {{.import_path = "example.com/m", .name = "main", .dir = "/m", .for_test = "",
                          .mod_main = true, .imports_slog = slog}};
        st.pkgs.v = pk;
        st.pkgs.n = 1;
        assert_int_equal(plan_match(a, &st, &d, &err), 0);
        const char *want[] = {
            "gotel.dev/runtime/boot",
            "gotel.dev/runtime/boot|gotel.dev/runtime/boot/otlpgrpc",
            "gotel.dev/runtime/boot|gotel.dev/runtime/boot/logs",
            "gotel.dev/runtime/boot|gotel.dev/runtime/boot/otlpgrpc|gotel.dev/runtime/boot/logs|"
            "gotel.dev/runtime/boot/otlpgrpc/logs",
        };
        assert_string_equal(joined(a, &st.boot_imports), want[round]);
    }
    assert_int_equal(base_remove_tree(a, root, &err), 0);
    base_arena_free(a);
}

static void test_vendor_parse(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *txt = "# example.com/dep v0.0.0 => ../dep\n"
                      "## explicit; go 1.22\n"
                      "example.com/dep\n"
                      "example.com/dep/sub\n"
                      "# example.com/none v1.2.3\n"
                      "## explicit\n"
                      "# example.com/dep => ../dep\n"
                      "# golang.org/x/sys v0.30.0\n"
                      "## explicit; go 1.18\n"
                      "golang.org/x/sys/unix\n";
    size_t n;
    plan_vmod *v = plan_vendor_parse(a, txt, &n);
    assert_int_equal(n, 3);
    assert_string_equal(v[0].path, "example.com/dep");
    assert_string_equal(v[0].version, "v0.0.0");
    assert_string_equal(v[0].go, "1.22");
    assert_true(v[0].has_pkgs);
    assert_string_equal(v[1].path, "example.com/none");
    assert_null(v[1].go);
    assert_false(v[1].has_pkgs);
    assert_string_equal(v[2].version, "v0.30.0");
    assert_string_equal(v[2].go, "1.18");
    assert_true(v[2].has_pkgs);
    /* Versioned replacements of the vendored versions go; wildcards and
     * other versions stay. */
    plan_gomod_req olds[] = {{"example.com/dep", "v0.0.0", false}, {"b.com/x", "v1.0.0", false}};
    char *out = plan_gomod_drop_replaces(a,
                                         "module m\nreplace example.com/dep => ../dep\n"
                                         "replace example.com/dep v0.0.0 => ../dep2\n"
                                         "replace (\n\tb.com/x v1.0.0 => ./x\n\tb.com/x v1.1.0 => ./y\n)\n",
                                         olds, 2);
    assert_string_equal(out, "module m\nreplace example.com/dep => ../dep\n"
                             "replace (\n\tb.com/x v1.1.0 => ./y\n)\n");
    base_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_args_build),   cmocka_unit_test(test_args_errors),
        cmocka_unit_test(test_args_run),     cmocka_unit_test(test_args_test),
        cmocka_unit_test(test_quote_word),   cmocka_unit_test(test_json),
        cmocka_unit_test(test_gover),        cmocka_unit_test(test_gomod),
        cmocka_unit_test(test_gowork),       cmocka_unit_test(test_gosum),
        cmocka_unit_test(test_overlay),      cmocka_unit_test(test_golist_parse),
        cmocka_unit_test(test_embed_unpack), cmocka_unit_test(test_match),
        cmocka_unit_test(test_match_grpc_logs), cmocka_unit_test(test_vendor_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

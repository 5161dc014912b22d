#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/file.h"
#include "toolexec/tx.h"

static void test_tool_name_and_importpath(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    assert_string_equal(tx_tool_name(a, "/usr/local/go/pkg/tool/linux_amd64/compile"), "compile");
    assert_string_equal(tx_tool_name(a, "C:/go/pkg/tool/windows_amd64/link.exe"), "link");
    assert_string_equal(tx_tool_name(a, "vet"), "vet");
    assert_string_equal(tx_importpath_clean(a, "net/http"), "net/http");
    assert_string_equal(tx_importpath_clean(a, "example.com/p [example.com/p.test]"), "example.com/p");
    assert_string_equal(tx_importpath_clean(a, "example.com/p_test [example.com/p.test]"), "example.com/p_test");
    assert_string_equal(tx_importpath_clean(a, "example.com/p.test"), "example.com/p.test");
    char *q[] = {"-V=full"}, *q2[] = {"-V"}, *q3[] = {"-V=full", "x"};
    assert_true(tx_is_version_query(1, q));
    assert_false(tx_is_version_query(1, q2));
    assert_false(tx_is_version_query(2, q3));
    assert_false(tx_is_version_query(0, q));
    base_arena_free(a);
}

static void test_version_line(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err = NULL;
    assert_string_equal(tx_version_line(a, "compile version go1.26.8\n", "0123456789abcdef", &err),
                        "compile version go1.26.8 gotel:0123456789abcdef\n");
    assert_string_equal(tx_version_line(a, "compile version go1.22.3 X:loopvar\n", "0123456789abcdef", &err),
                        "compile version go1.22.3 X:loopvar gotel:0123456789abcdef\n");
    /* Devel toolchains: buildID= stays last. */
    assert_string_equal(
        tx_version_line(a, "compile version devel go1.27-1a2b3c Tue Nov 3 2026 buildID=abc/def\n", "0123456789abcdef", &err),
        "compile version devel go1.27-1a2b3c Tue Nov 3 2026 gotel:0123456789abcdef buildID=abc/def\n");
    assert_null(tx_version_line(a, "compile version devel go1.27-1a2b3c\n", "0123456789abcdef", &err));
    assert_non_null(strstr(err, "buildID"));
    assert_null(tx_version_line(a, "garbage\n", "0123456789abcdef", &err));
    assert_non_null(strstr(err, "unexpected"));
    assert_null(tx_version_line(a, "", "0123456789abcdef", &err));
    base_arena_free(a);
}

static void test_compile_args(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    char *args[] = {"-o", "/w/b001/_pkg_.a", "-trimpath", "/w/b001=>", "-p", "example.com/p", "-lang=go1.22",
                    "-complete", "-buildid", "x/y", "-goversion", "go1.26.8", "-c=2", "-nolocalimports",
                    "-importcfg", "/w/b001/importcfg", "-pack", "/src/p/a.go", "/src/p/b.go"};
    size_t n = sizeof args / sizeof args[0];
    tx_compile c;
    const char *err;
    assert_int_equal(tx_compile_parse(args, n, &c, &err), 0);
    assert_string_equal(c.ofile, "/w/b001/_pkg_.a");
    assert_string_equal(c.pkgpath, "example.com/p");
    assert_true(c.complete);
    assert_int_equal(c.first_file, n - 2);
    assert_int_equal(c.nfiles, 2);

    const char *files[] = {"/w/b001/gotel/a.go", "/src/p/b.go", "/w/b001/gotel/__gotel_pkg.go"};
    size_t m;
    const char **out = tx_compile_rewrite(a, args, &c, files, 3, true, &m);
    assert_int_equal(m, n - 1 - 2 + 3);
    for (size_t i = 0; i < m; i++) assert_string_not_equal(out[i], "-complete");
    assert_string_equal(out[m - 3], "/w/b001/gotel/a.go");
    assert_string_equal(out[m - 1], "/w/b001/gotel/__gotel_pkg.go");
    assert_null(out[m]);
    assert_string_equal(out[0], "-o");
    out = tx_compile_rewrite(a, args, &c, files, 3, false, &m);
    assert_int_equal(m, n - 2 + 3);
    assert_string_equal(out[7], "-complete");

    /* -o=x form, and a flag value ending in .go is not a file when flags follow. */
    char *args2[] = {"-o=/w/b002/_pkg_.a", "-D", "weird.go", "-p=main", "/x/main.go"};
    assert_int_equal(tx_compile_parse(args2, 5, &c, &err), 0);
    assert_string_equal(c.ofile, "/w/b002/_pkg_.a");
    assert_string_equal(c.pkgpath, "main");
    assert_false(c.complete);
    assert_int_equal(c.first_file, 4);
    char *args3[] = {"-o", "/w/x.a", "-p", "p"};
    assert_int_equal(tx_compile_parse(args3, 4, &c, &err), -1);
    assert_int_equal(tx_compile_parse(args3, 0, &c, &err), -1);
    base_arena_free(a);
}

static void test_set_lang(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    char *args[] = {"-p", "main", "-lang=go1.26", "-complete", "/src/main.go"};
    assert_true(tx_compile_set_lang(a, args, 4, "1.21"));
    assert_string_equal(args[2], "-lang=go1.21");
    /* Never raised, left alone when equal or unparsable, files untouched. */
    assert_false(tx_compile_set_lang(a, args, 4, "1.22"));
    assert_false(tx_compile_set_lang(a, args, 4, "1.21"));
    assert_false(tx_compile_set_lang(a, args, 4, "junk"));
    assert_string_equal(args[2], "-lang=go1.21");
    char *args2[] = {"-p", "main", "-lang=go1.9", "/src/-lang=go1.30.go"};
    assert_false(tx_compile_set_lang(a, args2, 3, "1.16"));
    assert_true(tx_compile_set_lang(a, args2, 3, "1.8"));
    assert_string_equal(args2[2], "-lang=go1.8");
    assert_string_equal(args2[3], "/src/-lang=go1.30.go");
    base_arena_free(a);
}

static void test_response_file(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err;
    char *dir;
    assert_int_equal(base_mkdtemp(a, NULL, "gotel-tx-", &dir, &err), 0);
    char *rf = base_path_join(a, dir, "args");
    const char *text = "-o\n/w/b001/_pkg_.a\n-D\nback\\\\slash\\nnewline\n/src/a.go\n";
    assert_int_equal(base_file_write_atomic(a, rf, text, strlen(text), 0644, &err), 0);
    char *at = base_arena_printf(a, "@%s", rf);
    char **out;
    size_t n;
    assert_int_equal(tx_expand_response(a, &at, 1, &out, &n, &err), 0);
    assert_int_equal(n, 5);
    assert_string_equal(out[3], "back\\slash\nnewline");
    assert_string_equal(out[4], "/src/a.go");
    assert_null(out[5]);
    char *plain[] = {"-o", "x"};
    assert_int_equal(tx_expand_response(a, plain, 2, &out, &n, &err), 0);
    assert_ptr_equal(out, plain);
    char *missing = "@/no/such/args";
    assert_int_equal(tx_expand_response(a, &missing, 1, &out, &n, &err), -1);
    assert_non_null(strstr(err, "/no/such/args"));
    base_remove_tree(a, dir, &err);
    base_arena_free(a);
}

static void test_link_unbooted(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    char *sep[] = {"-o", "/w/a.out", "-importcfg", "/w/b001/importcfg.link", "-buildmode=exe", "/w/b001/_pkg_.a"};
    assert_string_equal(tx_link_importcfg(sep, 6), "/w/b001/importcfg.link");
    char *joined[] = {"--importcfg=/w/cfg", "/w/b001/_pkg_.a"};
    assert_string_equal(tx_link_importcfg(joined, 2), "/w/cfg");
    char *none[] = {"-o", "/w/a.out", "-importcfg"};
    assert_null(tx_link_importcfg(none, 3));

    weave_rule hooked = {.before = "ExitBefore"}, injected = {.inject = "/x/peek.go"};
    rules_plan_pkg pkgs[] = {/* sorted */
                             {.import_path = "net/http", .rules = &hooked, .nrules = 1},
                             {.import_path = "os", .rules = &hooked, .nrules = 1},
                             {.import_path = "runtime", .rules = &injected, .nrules = 1},
                             {.import_path = "saltcheck/lib"}};
    rules_plan plan = {.pkgs = pkgs, .npkgs = 4};
    const char *unbooted = "# import config\npackagefile example.com/app=/w/b001/_pkg_.a\n"
                           "packagefile runtime=/c/rt-d\npackagefile saltcheck/lib=/c/l-d\n"
                           "packagefile fmt=/c/fmt-d\npackagefile os=/c/os-d\npackagefile net/http=/c/h-d";
    assert_string_equal(tx_link_unbooted(a, unbooted, strlen(unbooted), &plan), "os");
    const char *booted = "packagefile os=/c/os-d\npackagefile gotel.dev/runtime/boot=/c/b-d\n";
    assert_null(tx_link_unbooted(a, booted, strlen(booted), &plan));
    /* Planned packages without hook calls (an injected file, no rules) need
     * no runtime. */
    const char *unwoven = "packagefile fmt=/c/fmt-d\npackagefile os/user=/c/u-d\npackagefile runtime=/c/rt-d\n"
                          "packagefile saltcheck/lib=/c/l-d\n";
    assert_null(tx_link_unbooted(a, unwoven, strlen(unwoven), &plan));
    /* Only whole packagefile lines count: a prefix of a line is not a match. */
    const char *odd = "packagefile os\nmodinfo \"packagefile os=x\"\n";
    assert_null(tx_link_unbooted(a, odd, strlen(odd), &plan));

    /* The failed link's errors: gotel's symbols and the linker's crash on
     * them go, the program's own errors stay, whole lines, in order. */
    const char *linkerr = "main.main: relocation target example.com/x.F not defined\n"
                          "os.Exit: relocation target gotel.dev/runtime/hook.ExitBefore not defined\n"
                          "gotel.dev/runtime/hook.recoverHook.wrapinfo: missing section for relocation target\n"
                          "panic: runtime error: invalid memory address or nil pointer dereference\n"
                          "goroutine 24 [running]:\ncmd/link/internal/ld.(*pclntab).generateFuncdata.func2()\n";
    assert_string_equal(tx_link_unbooted_errors(a, linkerr, strlen(linkerr)),
                        "main.main: relocation target example.com/x.F not defined\n");
    const char *last = "a\nb: gotel.dev/x\nc";
    assert_string_equal(tx_link_unbooted_errors(a, last, strlen(last)), "a\nc");
    assert_string_equal(tx_link_unbooted_errors(a, "panic: x", 8), "");
    base_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tool_name_and_importpath),
        cmocka_unit_test(test_version_line),
        cmocka_unit_test(test_compile_args),
        cmocka_unit_test(test_response_file),
        cmocka_unit_test(test_set_lang),
        cmocka_unit_test(test_link_unbooted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

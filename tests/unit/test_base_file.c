#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/file.h"

static void test_write_read_roundtrip_and_mkdir_p(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err = NULL;
    char *tmp;
    assert_int_equal(base_mkdtemp(a, NULL, "gotel-test-", &tmp, &err), 0);
    assert_true(base_is_dir(tmp));
    char *deep = base_path_join(a, tmp, "x/y//z/");
    assert_int_equal(base_mkdir_p(a, deep, &err), 0);
    assert_int_equal(base_mkdir_p(a, deep, &err), 0); /* existing is fine */
    assert_true(base_is_dir(base_path_join(a, tmp, "x/y/z")));

    char *f = base_path_join(a, tmp, "x/y/z/data.bin");
    char big[100000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i % 251);
    assert_int_equal(base_file_write_atomic(a, f, big, sizeof big, 0640, &err), 0);
    struct stat st;
    assert_int_equal(stat(f, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    char *data;
    size_t n;
    assert_int_equal(base_file_read(a, f, &data, &n, &err), 0);
    assert_int_equal(n, sizeof big);
    assert_memory_equal(data, big, n);
    assert_int_equal(data[n], 0);
    /* Overwrite with less; no temp file is left behind. */
    assert_int_equal(base_file_write_atomic(a, f, "hi", 2, 0644, &err), 0);
    assert_int_equal(base_file_read(a, f, &data, &n, &err), 0);
    assert_string_equal(data, "hi");
    assert_int_equal(base_file_write_atomic(a, base_path_join(a, tmp, "empty"), "", 0, 0644, &err), 0);
    assert_int_equal(base_file_read(a, base_path_join(a, tmp, "empty"), &data, &n, &err), 0);
    assert_int_equal(n, 0);

    /* mkdir -p through a file fails with a message. */
    assert_int_equal(base_mkdir_p(a, base_path_join(a, f, "sub"), &err), -1);
    assert_non_null(strstr(err, "data.bin/sub"));

    assert_int_equal(symlink("/", base_path_join(a, tmp, "x/root-link")), 0);
    assert_int_equal(base_remove_tree(a, tmp, &err), 0);
    assert_false(base_path_exists(tmp));
    assert_int_equal(base_remove_tree(a, tmp, &err), 0); /* missing is fine */
    assert_true(base_is_dir("/etc")); /* the link was not followed */
    base_arena_free(a);
}

static void test_read_errors(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *err = NULL;
    char *data;
    size_t n;
    assert_int_equal(base_file_read(a, "/no/such/file", &data, &n, &err), -1);
    assert_string_equal(err, "open /no/such/file: No such file or directory");
    assert_int_equal(base_file_read(a, "/", &data, &n, &err), -1);
    assert_non_null(strstr(err, "Is a directory"));
    /* /proc files report size 0 but have content. */
    assert_int_equal(base_file_read(a, "/proc/self/status", &data, &n, &err), 0);
    assert_true(n > 0);
    assert_int_equal(base_file_write_atomic(a, "/no/such/dir/f", "x", 1, 0644, &err), -1);
    assert_non_null(strstr(err, "/no/such/dir/f"));
    base_arena_free(a);
}

static void test_paths(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    assert_string_equal(base_path_join(a, "a", "b"), "a/b");
    assert_string_equal(base_path_join(a, "a/", "b"), "a/b");
    assert_string_equal(base_path_join(a, "a", "/b"), "/b");
    assert_string_equal(base_path_join(a, "", "b"), "b");
    assert_string_equal(base_path_clean(a, ""), ".");
    assert_string_equal(base_path_clean(a, "a//b/./c/.."), "a/b");
    assert_string_equal(base_path_clean(a, "/../x/"), "/x");
    assert_string_equal(base_path_clean(a, "../../a/.."), "../..");
    assert_string_equal(base_path_clean(a, "a/../.."), "..");
    assert_string_equal(base_path_clean(a, "/"), "/");
    assert_string_equal(base_path_dir(a, "/a/b"), "/a");
    assert_string_equal(base_path_dir(a, "/a"), "/");
    assert_string_equal(base_path_dir(a, "a"), ".");
    assert_string_equal(base_path_base("/a/b.go"), "b.go");
    assert_string_equal(base_path_base("b.go"), "b.go");
    char *cwd = getcwd(NULL, 0);
    assert_string_equal(base_path_abs(a, "."), cwd);
    assert_string_equal(base_path_abs(a, "x/../y"), base_path_join(a, cwd, "y"));
    assert_string_equal(base_path_abs(a, "/p/./q"), "/p/q");
    free(cwd);
    base_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_read_roundtrip_and_mkdir_p),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

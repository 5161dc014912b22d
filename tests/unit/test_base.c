#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"
#include "base/vec.h"

static void test_arena_alloc_is_zeroed_and_aligned(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    for (int i = 1; i < 5000; i += 37) {
        unsigned char *p = base_arena_alloc(a, (size_t)i);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int j = 0; j < i; j++) assert_int_equal(p[j], 0);
        p[i - 1] = 0xff;
    }
    void *big = base_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    assert_string_equal(base_arena_printf(a, "%s:%d", "x", 42), "x:42");
    base_arena_free(a);
}

static void test_vec_and_buf(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    BASE_VEC(int) v = {0};
    for (int i = 0; i < 1000; i++) BASE_VEC_PUSH(a, &v, i);
    assert_int_equal(v.n, 1000);
    assert_int_equal(v.v[999], 999);
    base_buf b;
    base_buf_init(&b, a);
    assert_string_equal(base_buf_cstr(&b), "");
    base_buf_puts(&b, "ab");
    base_buf_printf(&b, "%d", 12345);
    base_buf_putc(&b, '!');
    assert_string_equal(base_buf_cstr(&b), "ab12345!");
    assert_true(base_str_eqc(base_str_of("xy"), "xy"));
    assert_false(base_str_eqc(base_str_of("xy"), "x"));
    base_arena_free(a);
}

static void test_diags(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    base_diags d;
    base_diags_init(&d, a);
    base_diags_add(&d, "f.go", 3, 4, "bad %s", "thing");
    base_diags_add(&d, NULL, 0, 0, "plain");
    assert_int_equal(d.count, 2);
    assert_string_equal(d.head->msg, "bad thing");
    base_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alloc_is_zeroed_and_aligned),
        cmocka_unit_test(test_vec_and_buf),
        cmocka_unit_test(test_diags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Arena zeroing: chunks are zeroed ahead in steps, not per allocation, so
 * check that every allocation is still all zero even when the previous ones
 * were filled with garbage, across step and chunk boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"

static void test_every_allocation_is_zero(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    unsigned seed = 12345;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = 1 + (seed >> 16) % (i % 100 == 0 ? 40000 : 700);
        unsigned char *p = base_arena_alloc(a, n);
        for (size_t j = 0; j < n; j++) assert_int_equal(p[j], 0);
        memset(p, 0xA5, n);
    }
    char *old = base_arena_alloc(a, 10);
    memset(old, 'x', 10);
    char *grown = base_arena_realloc(a, old, 10, 5000);
    assert_memory_equal(grown, "xxxxxxxxxx", 10);
    for (size_t j = 10; j < 5000; j++) assert_int_equal(grown[j], 0);
    base_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_is_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

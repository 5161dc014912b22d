#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "rules/version.h"

static int cmp(rules_vkind k, const char *x, const char *y) {
    bool ok;
    int c = rules_version_cmp(k, x, y, &ok);
    assert_true(ok);
    return c;
}

static void test_go_version_order(void **state) {
    (void)state;
    /* Each is below the next, as go/version orders them. */
    const char *order[] = {"1.9", "1.20", "1.21", "go1.21alpha1", "1.21beta2", "1.21rc1", "1.21rc2", "1.21.0",
                           "go1.21.3", "1.21.10", "1.22", "go1.26.8", "go1.27rc1", "2.0"};
    size_t n = sizeof order / sizeof order[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = cmp(RULES_VER_GO, order[i], order[j]);
            if (i < j) assert_true(c < 0);
            else if (i > j) assert_true(c > 0);
            else assert_int_equal(c, 0);
        }
    assert_int_equal(cmp(RULES_VER_GO, "go1.22.3", "1.22.3"), 0);
    assert_int_equal(cmp(RULES_VER_GO, "devel go1.27-abc123 Tue Jan 1 00:00:00 2026 +0000", "1.27"), 0);
    const char *bad[] = {"", "go", "1.", "1.x", "1.22.", "1.22rc", "1.22gamma1", "v1.22", "1.2.3.4", "1.22 ",
                         "1234567890.1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_false(rules_go_version_valid(bad[i]));
}

static void test_semver_order(void **state) {
    (void)state;
    /* semver.org §11 example order, then pseudo-versions and builds. */
    const char *order[] = {"v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", "v0.1.0",
                           "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2",
                           "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.2.4-0.20191109021931-daa7c04131f5",
                           "v1.2.4", "v1.10.0", "v2.0.0+incompatible", "v10.0.0", "v99999999999999999999.0.0"};
    size_t n = sizeof order / sizeof order[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = cmp(RULES_VER_SEMVER, order[i], order[j]);
            if (i < j) assert_true(c < 0);
            else if (i > j) assert_true(c > 0);
            else assert_int_equal(c, 0);
        }
    assert_int_equal(cmp(RULES_VER_SEMVER, "v1", "v1.0.0"), 0);
    assert_int_equal(cmp(RULES_VER_SEMVER, "v1.2", "v1.2.0"), 0);
    assert_int_equal(cmp(RULES_VER_SEMVER, "v2.0.0+incompatible", "v2.0.0"), 0);
    assert_int_equal(cmp(RULES_VER_SEMVER, "v1.0.0+a", "v1.0.0+b"), 0);
    const char *bad[] = {"", "v", "1.2.3", "v1.", "v01.2.3", "v1.02.3", "v1.2.3-", "v1.2.3-01", "v1.2.3-a..b",
                         "v1.2.3+", "v1.2-pre", "v1.2.3-a_b", "v1.2.3.4"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_false(rules_semver_valid(bad[i]));
    bool ok;
    rules_version_cmp(RULES_VER_SEMVER, "v1.0.0", "1.0.0", &ok);
    assert_false(ok);
}

static int match(const char *range, const char *version) {
    base_arena *a = base_arena_new();
    rules_range r;
    const char *err;
    size_t off;
    assert_int_equal(rules_range_parse(a, range, &r, &err, &off), 0);
    int m = rules_version_match(&r, version, &err);
    base_arena_free(a);
    return m;
}

static void test_range_match(void **state) {
    (void)state;
    assert_int_equal(match(">= 1.22", "go1.22.0"), 1);
    assert_int_equal(match(">= 1.22", "go1.22rc1"), 1);
    assert_int_equal(match(">= 1.22", "go1.21.13"), 0);
    assert_int_equal(match(">=1.22 <1.24", "go1.23.4"), 1);
    assert_int_equal(match(">= 1.22   < 1.24", "go1.24.0"), 0);
    assert_int_equal(match("< 1.24", "go1.24rc1"), 0);
    assert_int_equal(match("<= 1.24", "1.24"), 1);
    assert_int_equal(match("> 1.24", "1.24.0"), 1);
    assert_int_equal(match("= 1.22.3", "go1.22.3"), 1);
    assert_int_equal(match("1.22.3", "go1.22.4"), 0);
    assert_int_equal(match("== 1.22.3", "go1.22.3"), 1);
    assert_int_equal(match(">= v1.2.0", "v1.2.0"), 1);
    assert_int_equal(match(">= v1.2.0", "v1.2.0-rc.1"), 0);
    assert_int_equal(match(">= v1.2.0 < v2", "v1.9.9"), 1);
    assert_int_equal(match(">= v1.2.0 < v2", "v2.0.0-alpha"), 1); /* prereleases of v2 are below v2.0.0 */
    assert_int_equal(match(">= v1.2.0 < v2", "v2.3.0+incompatible"), 0);
    assert_int_equal(match(">= v0.0.0-20200101000000-aaaaaaaaaaaa", "v0.0.0-20210101000000-bbbbbbbbbbbb"), 1);
    /* The version of the wrong kind is an error, not a silent no. */
    assert_int_equal(match(">= v1.2.0", "1.22"), -1);
    assert_int_equal(match(">= 1.22", "v1.22.0"), -1);
}

static void range_err(const char *text, const char *want, size_t want_off) {
    base_arena *a = base_arena_new();
    rules_range r;
    const char *err = NULL;
    size_t off = 999;
    assert_int_equal(rules_range_parse(a, text, &r, &err, &off), -1);
    if (!strstr(err, want)) fail_msg("range %s: error %s does not mention %s", text, err, want);
    assert_int_equal(off, want_off);
    base_arena_free(a);
}

static void test_range_errors(void **state) {
    (void)state;
    range_err("", "empty", 0);
    range_err("   ", "empty", 0);
    range_err(">=", "no version", 0);
    range_err(">= 1.22 <", "no version", 8);
    range_err(">= 1.22 < 1.x", "1.x is neither", 10);
    range_err(">= 1.22 < v2.0.0", "mixes", 10);
    range_err(">= 1.22,< 1.24", "separated by spaces", 3);
    range_err(">=>1.22", "separated by spaces", 2);
    assert_string_equal(rules_op_name(RULES_OP_GE), ">=");
    assert_string_equal(rules_op_name(RULES_OP_LT), "<");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_go_version_order),
        cmocka_unit_test(test_semver_order),
        cmocka_unit_test(test_range_match),
        cmocka_unit_test(test_range_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

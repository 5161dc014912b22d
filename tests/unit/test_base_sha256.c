#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"

/* FIPS 180-4 / NIST CAVP example vectors. */
static void test_known_vectors(void **state) {
    (void)state;
    char hex[BASE_SHA256_HEX];
    base_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    base_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    base_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                       "klmnopqrlmnopqrsmnopqrstnopqrstu";
    base_sha256_hex(four, strlen(four), hex);
    assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a_incremental(void **state) {
    (void)state;
    base_sha256_ctx s;
    base_sha256_init(&s);
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    for (int i = 0; i < 1000; i++) base_sha256_update(&s, chunk, sizeof chunk);
    unsigned char d[BASE_SHA256_SIZE];
    base_sha256_final(&s, d);
    char hex[BASE_SHA256_HEX];
    base_hex(d, sizeof d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Splitting the input at every position gives the same digest, which
 * covers the block-boundary and padding paths (lengths 55, 56, 63, 64...). */
static void test_split_points_agree(void **state) {
    (void)state;
    unsigned char msg[200];
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (unsigned char)(i * 7 + 3);
    for (size_t len = 0; len <= sizeof msg; len++) {
        unsigned char whole[BASE_SHA256_SIZE];
        base_sha256(msg, len, whole);
        for (size_t cut = 0; cut <= len; cut += 13) {
            base_sha256_ctx s;
            base_sha256_init(&s);
            base_sha256_update(&s, msg, cut);
            base_sha256_update(&s, msg + cut, len - cut);
            unsigned char d[BASE_SHA256_SIZE];
            base_sha256_final(&s, d);
            assert_memory_equal(d, whole, sizeof d);
        }
    }
    /* 64 bytes of 'a' and 55 bytes: padding fits in one block vs needs two. */
    char hex[BASE_SHA256_HEX];
    char a64[64];
    memset(a64, 'a', 64);
    base_sha256_hex(a64, 64, hex);
    assert_string_equal(hex, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
    base_sha256_hex(a64, 55, hex);
    assert_string_equal(hex, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
}

static void test_update_str(void **state) {
    (void)state;
    unsigned char x[BASE_SHA256_SIZE], y[BASE_SHA256_SIZE], want[BASE_SHA256_SIZE];
    base_sha256_ctx c;
    base_sha256_init(&c);
    base_sha256_update_str(&c, "ab");
    base_sha256_update_str(&c, "c");
    base_sha256_final(&c, x);
    base_sha256_init(&c);
    base_sha256_update_str(&c, "a");
    base_sha256_update_str(&c, "bc");
    base_sha256_final(&c, y);
    base_sha256("ab\0c", 5, want);
    assert_memory_equal(x, want, sizeof want);
    assert_memory_not_equal(x, y, sizeof x);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_vectors),
        cmocka_unit_test(test_million_a_incremental),
        cmocka_unit_test(test_split_points_agree),
        cmocka_unit_test(test_update_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

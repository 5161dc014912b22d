/* Go scanner corner cases. Each case scans a source text and compares a
 * compact rendering of what came out: tokens as "TOK" or "TOK(lit)" with
 * "@off" where the offset matters, errors as "!off:message". The expected
 * texts follow go/scanner (Go 1.26), which tests/oracle checks wholesale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "gosyntax/scanner.h"
#include "gosyntax/token.h"

typedef struct {
    base_buf out;
} scan_log;

static void log_error(void *ud, size_t off, const char *msg) {
    scan_log *l = ud;
    base_buf_printf(&l->out, "!%zu:%s ", off, msg);
}

/* Renders every token (with offsets when with_off) and error of src. */
static const char *scan_all(base_arena *a, const char *src, size_t len, unsigned mode,
                            bool with_off) {
    scan_log l;
    base_buf_init(&l.out, a);
    gs_scanner s;
    gs_scanner_init(&s, a, src, len, mode, log_error, &l);
    for (int guard = 0; guard < 10000; guard++) {
        gs_token t;
        gs_scan(&s, &t);
        base_buf_puts(&l.out, gs_tok_string(t.tok));
        if (t.lit) {
            base_buf_putc(&l.out, '(');
            for (size_t i = 0; i < t.lit_len; i++) {
                unsigned char c = (unsigned char)t.lit[i];
                if (c == '\n') base_buf_puts(&l.out, "\\n");
                else if (c == '\r') base_buf_puts(&l.out, "\\r");
                else if (c < 0x20 || c >= 0x7f) base_buf_printf(&l.out, "\\x%02x", c);
                else base_buf_putc(&l.out, (char)c);
            }
            base_buf_putc(&l.out, ')');
        }
        if (with_off) base_buf_printf(&l.out, "@%zu", t.off);
        if (t.tok == GS_EOF) break;
        base_buf_putc(&l.out, ' ');
    }
    return base_buf_cstr(&l.out);
}

#define CHECK_MODE(src, mode, with_off, want)                                          \
    do {                                                                               \
        base_arena *a_ = base_arena_new();                                             \
        assert_string_equal(scan_all(a_, (src), sizeof(src) - 1, (mode), (with_off)), \
                            (want));                                                   \
        base_arena_free(a_);                                                           \
    } while (0)
#define CHECK(src, want) CHECK_MODE(src, 0, false, want)

static void test_tokens_and_keywords(void **state) {
    (void)state;
    CHECK("package p; import \"fmt\"",
          "package IDENT(p) ;(;) import STRING(\"fmt\") ;(\\n) EOF");
    CHECK("+ - * / % & | ^ << >> &^ += -= *= /= %= &= |= ^= <<= >>= &^= && || <- ++ -- == < > = ! ~",
          "+ - * / % & | ^ << >> &^ += -= *= /= %= &= |= ^= <<= >>= &^= && || <- ++ -- == < > = ! ~ EOF");
    CHECK("!= <= >= := ... ( [ { , . ) ] } ; : .. a",
          "!= <= >= := ... ( [ { , . ) ] } ;(;) : . . IDENT(a) ;(\\n) EOF");
    CHECK("break case chan const continue default defer else fallthrough for func go goto if "
          "import interface map package range return select struct switch type var",
          "break case chan const continue default defer else fallthrough for func go goto if "
          "import interface map package range return select struct switch type var EOF");
    CHECK("breaks gox _ x9 \xc3\xa9t\xc3\xa9 \xce\xb1\xd9\xa3",
          "IDENT(breaks) IDENT(gox) IDENT(_) IDENT(x9) IDENT(\\xc3\\xa9t\\xc3\\xa9) "
          "IDENT(\\xce\\xb1\\xd9\\xa3) ;(\\n) EOF");
    assert_int_equal(gs_tok_lookup("fallthrough", 11), GS_FALLTHROUGH);
    assert_int_equal(gs_tok_lookup("func", 4), GS_FUNC);
    assert_int_equal(gs_tok_lookup("funcs", 5), GS_IDENT);
    assert_int_equal(gs_tok_lookup("x", 1), GS_IDENT);
    assert_int_equal(gs_tok_precedence(GS_LOR), 1);
    assert_int_equal(gs_tok_precedence(GS_AND_NOT), 5);
    assert_int_equal(gs_tok_precedence(GS_ASSIGN), 0);
    assert_string_equal(gs_tok_string(GS_TILDE), "~");
    assert_string_equal(gs_tok_string(GS_IMAG), "IMAG");
}

static void test_semicolon_insertion(void **state) {
    (void)state;
    /* after each kind that ends a statement, and not after the others */
    CHECK("x\n1\n1.5\n2i\n'c'\n\"s\"\n`r`\nbreak\ncontinue\nfallthrough\nreturn\ni++\nj--\n)\n]\n}\n",
          "IDENT(x) ;(\\n) INT(1) ;(\\n) FLOAT(1.5) ;(\\n) IMAG(2i) ;(\\n) CHAR('c') ;(\\n) "
          "STRING(\"s\") ;(\\n) STRING(`r`) ;(\\n) break ;(\\n) continue ;(\\n) fallthrough ;(\\n) "
          "return ;(\\n) IDENT(i) ++ ;(\\n) IDENT(j) -- ;(\\n) ) ;(\\n) ] ;(\\n) } ;(\\n) EOF");
    CHECK("func\n(\n+\n=\nif\n", "func ( + = if EOF");
    /* at EOF, and where the newline or EOF is */
    CHECK_MODE("x", 0, true, "IDENT(x)@0 ;(\\n)@1 EOF@1");
    CHECK_MODE("x \n\n y", 0, true, "IDENT(x)@0 ;(\\n)@2 IDENT(y)@5 ;(\\n)@6 EOF@6");
    /* a line comment keeps the pending semicolon; it comes at the newline,
     * after the comment */
    CHECK_MODE("x // c\ny", GS_SCAN_COMMENTS, true,
               "IDENT(x)@0 COMMENT(// c)@2 ;(\\n)@6 IDENT(y)@7 ;(\\n)@8 EOF@8");
    CHECK_MODE("x // c\ny", 0, true, "IDENT(x)@0 ;(\\n)@6 IDENT(y)@7 ;(\\n)@8 EOF@8");
    /* a general comment with a newline ends the line at its first newline */
    CHECK_MODE("x /* a\nb\n */ y", GS_SCAN_COMMENTS, true,
               "IDENT(x)@0 COMMENT(/* a\\nb\\n */)@2 ;(\\n)@6 IDENT(y)@13 ;(\\n)@14 EOF@14");
    CHECK_MODE("x /* a\nb */ y", 0, true, "IDENT(x)@0 ;(\\n)@6 IDENT(y)@12 ;(\\n)@13 EOF@13");
    /* one without a newline does not */
    CHECK_MODE("x /* a */ y", 0, true, "IDENT(x)@0 IDENT(y)@10 ;(\\n)@11 EOF@11");
    CHECK_MODE("x /* a */\n", GS_SCAN_COMMENTS, true,
               "IDENT(x)@0 COMMENT(/* a */)@2 ;(\\n)@9 EOF@10");
    /* no semicolon owed: a multi-line comment is just a comment */
    CHECK_MODE("( /*\n*/ )", GS_SCAN_COMMENTS, true, "(@0 COMMENT(/*\\n*/)@2 )@8 ;(\\n)@9 EOF@9");
    /* a comment at EOF after a token */
    CHECK_MODE("x //c", GS_SCAN_COMMENTS, true, "IDENT(x)@0 COMMENT(//c)@2 ;(\\n)@5 EOF@5");
}

static void test_numbers(void **state) {
    (void)state;
    CHECK("0 1 42 0x1F 0X_1f 0o17 0O7 0b101 0B1 017 0_17 1_000 0.5 .5 1. 1e3 1E+3 1e-3 "
          "0x1p-2 0X1.8P3 0x.8p0 0x1p+2i 1i 0i 0x1i 1.5i 017i 089i 0b1i",
          "INT(0) INT(1) INT(42) INT(0x1F) INT(0X_1f) INT(0o17) INT(0O7) INT(0b101) INT(0B1) "
          "INT(017) INT(0_17) INT(1_000) FLOAT(0.5) FLOAT(.5) FLOAT(1.) FLOAT(1e3) FLOAT(1E+3) "
          "FLOAT(1e-3) FLOAT(0x1p-2) FLOAT(0X1.8P3) FLOAT(0x.8p0) IMAG(0x1p+2i) IMAG(1i) IMAG(0i) "
          "IMAG(0x1i) IMAG(1.5i) IMAG(017i) IMAG(089i) IMAG(0b1i) ;(\\n) EOF");
    CHECK("09 0b102 0o78", "!1:invalid digit '9' in octal literal INT(09) "
                           "!7:invalid digit '2' in binary literal INT(0b102) "
                           "!12:invalid digit '8' in octal literal INT(0o78) ;(\\n) EOF");
    CHECK("09.5", "FLOAT(09.5) ;(\\n) EOF"); /* a decimal float may start with 0 */
    CHECK("0x", "!2:hexadecimal literal has no digits INT(0x) ;(\\n) EOF");
    CHECK("0b 0o", "!2:binary literal has no digits INT(0b) !5:octal literal has no digits INT(0o) "
                   ";(\\n) EOF");
    CHECK("0x1.8", "!5:hexadecimal mantissa requires a 'p' exponent FLOAT(0x1.8) ;(\\n) EOF");
    CHECK("0b1.0", "!3:invalid radix point in binary literal FLOAT(0b1.0) ;(\\n) EOF");
    CHECK("0o1.1", "!3:invalid radix point in octal literal FLOAT(0o1.1) ;(\\n) EOF");
    CHECK("0x1e3", "INT(0x1e3) ;(\\n) EOF"); /* 'e' is a hex digit */
    CHECK("0b1e3", "!3:'e' exponent requires decimal mantissa FLOAT(0b1e3) ;(\\n) EOF");
    CHECK("1p3 0o1P3", "!1:'p' exponent requires hexadecimal mantissa FLOAT(1p3) "
                       "!7:'P' exponent requires hexadecimal mantissa FLOAT(0o1P3) ;(\\n) EOF");
    CHECK("1e 1e+x", "!2:exponent has no digits FLOAT(1e) !6:exponent has no digits FLOAT(1e+) "
                     "IDENT(x) ;(\\n) EOF");
    CHECK("1__0 1_ 0_x 0x_1 0b1_ 1_.5 1._5",
          "!2:'_' must separate successive digits INT(1__0) "
          "!6:'_' must separate successive digits INT(1_) "
          "!9:'_' must separate successive digits INT(0_) IDENT(x) "
          "INT(0x_1) "
          "!20:'_' must separate successive digits INT(0b1_) "
          "!23:'_' must separate successive digits FLOAT(1_.5) "
          "!29:'_' must separate successive digits FLOAT(1._5) ;(\\n) EOF");
    CHECK("_1", "IDENT(_1) ;(\\n) EOF");
    CHECK("1..2 x.5", "FLOAT(1.) FLOAT(.2) IDENT(x) FLOAT(.5) ;(\\n) EOF");
}

static void test_runes_and_strings(void **state) {
    (void)state;
    CHECK("'a' '\\a' '\\'' '\\\\' '\\x41' '\\101' '\\u00e9' '\\U0001F600' '\xc3\xa9'",
          "CHAR('a') CHAR('\\a') CHAR('\\'') CHAR('\\\\') CHAR('\\x41') CHAR('\\101') "
          "CHAR('\\u00e9') CHAR('\\U0001F600') CHAR('\\xc3\\xa9') ;(\\n) EOF");
    CHECK("'' 'ab'", "!0:illegal rune literal CHAR('') !3:illegal rune literal CHAR('ab') ;(\\n) EOF");
    CHECK("'\\q'", "!2:unknown escape sequence CHAR('\\q') ;(\\n) EOF");
    CHECK("'\\\"'", "!2:unknown escape sequence CHAR('\\\"') ;(\\n) EOF"); /* \" only in strings */
    CHECK("'\\400'", "!2:escape sequence is invalid Unicode code point CHAR('\\400') ;(\\n) EOF");
    CHECK("'\\uD800' '\\U00110000'",
          "!2:escape sequence is invalid Unicode code point CHAR('\\uD800') "
          "!11:escape sequence is invalid Unicode code point CHAR('\\U00110000') ;(\\n) EOF");
    CHECK("'\\xg1'", "!3:illegal character U+0067 'g' in escape sequence CHAR('\\xg1') ;(\\n) EOF");
    CHECK("'\\08'", "!3:illegal character U+0038 '8' in escape sequence CHAR('\\08') ;(\\n) EOF");
    CHECK("'a\nb'", "!0:rune literal not terminated CHAR('a) ;(\\n) IDENT(b) "
                    "!4:rune literal not terminated CHAR(') ;(\\n) EOF");
    CHECK("\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\x41\\101\\u00e9\\U0010ffff\"",
          "STRING(\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\x41\\101\\u00e9\\U0010ffff\") ;(\\n) EOF");
    CHECK("\"\\'\"", "!2:unknown escape sequence STRING(\"\\'\") ;(\\n) EOF");
    CHECK("\"\\x\n\"", "!3:illegal character U+000A in escape sequence !0:string literal not terminated "
                       "STRING(\"\\x) ;(\\n) !4:string literal not terminated STRING(\") ;(\\n) EOF");
    CHECK("\"\\u\xe2\x98\xb9\"",
          "!3:illegal character U+2639 '\xe2\x98\xb9' in escape sequence STRING(\"\\u\\xe2\\x98\\xb9\") "
          ";(\\n) EOF");
    CHECK("`a\\t\nb`", "STRING(`a\\t\\nb`) ;(\\n) EOF");
    /* carriage returns leave raw strings (the literal is then a copy) */
    CHECK("`a\rb\r\nc\r`", "STRING(`ab\\nc`) ;(\\n) EOF");
    CHECK("`\r`", "STRING(``) ;(\\n) EOF");
}

static void test_eof_inside_literals(void **state) {
    (void)state;
    CHECK("\"abc", "!0:string literal not terminated STRING(\"abc) ;(\\n) EOF");
    CHECK("\"abc\\", "!5:escape sequence not terminated !0:string literal not terminated "
                     "STRING(\"abc\\) ;(\\n) EOF");
    CHECK("\"\\u12", "!5:escape sequence not terminated !0:string literal not terminated "
                     "STRING(\"\\u12) ;(\\n) EOF");
    CHECK("'a", "!0:rune literal not terminated CHAR('a) ;(\\n) EOF");
    CHECK("'\\", "!2:escape sequence not terminated CHAR('\\) ;(\\n) EOF");
    CHECK("`abc\r\nd", "!0:raw string literal not terminated STRING(`abc\\nd) ;(\\n) EOF");
    CHECK_MODE("x /* abc\nd", GS_SCAN_COMMENTS, false,
               "IDENT(x) !2:comment not terminated COMMENT(/* abc\\nd) ;(\\n) EOF");
    CHECK_MODE("/* abc*", GS_SCAN_COMMENTS, false, "!0:comment not terminated COMMENT(/* abc*) EOF");
    CHECK_MODE("x /", 0, true, "IDENT(x)@0 /@2 EOF@3");
    CHECK("0x", "!2:hexadecimal literal has no digits INT(0x) ;(\\n) EOF");
}

static void test_comments_and_directives(void **state) {
    (void)state;
    /* directives are ordinary comments, with their positions */
    CHECK_MODE("//go:build linux\n\npackage p\n//go:noinline\nfunc f()\n", GS_SCAN_COMMENTS, true,
               "COMMENT(//go:build linux)@0 package@18 IDENT(p)@26 ;(\\n)@27 "
               "COMMENT(//go:noinline)@28 func@42 IDENT(f)@47 (@48 )@49 ;(\\n)@50 EOF@51");
    /* CRLF: the final '\r' of a line comment goes, as does every '\r' in a
     * general comment except one between '*' and '/' */
    CHECK_MODE("// a\r\n/* b\r\nc *\r/ d */", GS_SCAN_COMMENTS, false,
               "COMMENT(// a) COMMENT(/* b\\nc *\\r/ d */) EOF");
    /* valid //line directives pass silently; broken ones are reported */
    CHECK_MODE("//line foo.go:10\n//line foo.go:10:5\n/*line :3:4*/", GS_SCAN_COMMENTS, false,
               "COMMENT(//line foo.go:10) COMMENT(//line foo.go:10:5) COMMENT(/*line :3:4*/) EOF");
    CHECK("//line foo.go:0\n", "!14:invalid line number: 0 EOF");
    CHECK("//line foo.go:10:0\n", "!17:invalid column number: 0 EOF");
    CHECK("//line foo.go:x\n", "!14:invalid line number: x EOF");
    CHECK("//line foo.go:1073741825\n", "!14:invalid line number: 1073741825 EOF");
    CHECK("/*line f.go:0:1*/", "!12:invalid line number: 0 EOF");
    CHECK("//line foo.go\n", "EOF"); /* no ':' - not a directive */
    /* a //line directive must start its line */
    CHECK(" //line foo.go:0\n", "EOF");
    CHECK("x /*line foo.go:0*/", "IDENT(x) !16:invalid line number: 0 ;(\\n) EOF");
}

static void test_bad_bytes(void **state) {
    (void)state;
    /* NUL: reported where it is read, then as an illegal token */
    CHECK_MODE("a\0b", 0, true,
               "!1:illegal character NUL IDENT(a)@0 !1:illegal character U+0000 ILLEGAL@1 "
               "IDENT(b)@2 ;(\\n)@3 EOF@3");
    CHECK("\"a\0b\"", "!2:illegal character NUL STRING(\"a\\x00b\") ;(\\n) EOF");
    CHECK_MODE("// \0\n", GS_SCAN_COMMENTS, false, "!3:illegal character NUL COMMENT(// \\x00) EOF");
    CHECK_MODE("// a\xff\x80 \xc3\xa9\n/* \xfe */", GS_SCAN_COMMENTS, false,
               "!4:illegal UTF-8 encoding !5:illegal UTF-8 encoding "
               "COMMENT(// a\\xff\\x80 \\xc3\\xa9) !13:illegal UTF-8 encoding COMMENT(/* \\xfe */) EOF");
    /* invalid UTF-8 */
    CHECK("a\xffz", "!1:illegal UTF-8 encoding IDENT(a) !1:illegal character U+FFFD '\xef\xbf\xbd' "
                    "ILLEGAL IDENT(z) ;(\\n) EOF");
    CHECK("\"\xc0\xaf\"", "!1:illegal UTF-8 encoding !2:illegal UTF-8 encoding STRING(\"\\xc0\\xaf\") "
                          ";(\\n) EOF");
    CHECK("`\xed\xa0\x80`", "!1:illegal UTF-8 encoding !2:illegal UTF-8 encoding "
                            "!3:illegal UTF-8 encoding STRING(`\\xed\\xa0\\x80`) ;(\\n) EOF");
    /* a UTF-16 file is one error, not thousands */
    CHECK("\xff\xfep\0a\0", "!0:illegal UTF-8 encoding (got UTF-16) "
                            "!0:illegal character U+FFFD '\xef\xbf\xbd' ILLEGAL EOF");
    /* other illegal characters */
    CHECK("@ # $ ? \x01", "!0:illegal character U+0040 '@' ILLEGAL !2:illegal character U+0023 '#' "
                          "ILLEGAL !4:illegal character U+0024 '$' ILLEGAL "
                          "!6:illegal character U+003F '?' ILLEGAL !8:illegal character U+0001 "
                          "ILLEGAL EOF");
    CHECK("\xe2\x80\x9chi\xe2\x80\x9d",
          "!0:curly quotation mark '\xe2\x80\x9c' (use neutral '\"') ILLEGAL IDENT(hi) "
          "!5:curly quotation mark '\xe2\x80\x9d' (use neutral '\"') ILLEGAL ;(\\n) EOF");
    /* an illegal character keeps the pending semicolon */
    CHECK("x @\n", "IDENT(x) !2:illegal character U+0040 '@' ILLEGAL ;(\\n) EOF");
}

static void test_bom(void **state) {
    (void)state;
    CHECK_MODE("\xef\xbb\xbfpackage p", 0, true, "package@3 IDENT(p)@11 ;(\\n)@12 EOF@12");
    CHECK("\xef\xbb\xbf", "EOF");
    CHECK("\xef\xbb\xbf\xef\xbb\xbfx", "!3:illegal byte order mark ILLEGAL IDENT(x) ;(\\n) EOF");
    CHECK("x\xef\xbb\xbf", "!1:illegal byte order mark IDENT(x) ILLEGAL ;(\\n) EOF");
    CHECK("\"\xef\xbb\xbf\"", "!1:illegal byte order mark STRING(\"\\xef\\xbb\\xbf\") ;(\\n) EOF");
}

static void test_line_columns(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *src = "package p\n\nvar x = 1\r\n\tvar y\n";
    gs_scanner s;
    gs_scanner_init(&s, a, src, strlen(src), 0, NULL, NULL);
    gs_token t;
    int want[][3] = {{0, 1, 1}, {8, 1, 9}, {9, 1, 10}, {11, 3, 1}, {15, 3, 5}, {17, 3, 7},
                     {19, 3, 9}, {21, 3, 11}, {23, 4, 2}, {27, 4, 6}, {28, 4, 7}, {29, 4, 8}};
    size_t n = 0;
    do {
        gs_scan(&s, &t);
        assert_true(n < sizeof want / sizeof want[0]);
        int line, col;
        gs_scanner_linecol(&s, t.off, &line, &col);
        assert_int_equal(t.off, want[n][0]);
        assert_int_equal(line, want[n][1]);
        assert_int_equal(col, want[n][2]);
        n++;
    } while (t.tok != GS_EOF);
    assert_int_equal(n, sizeof want / sizeof want[0]);
    assert_int_equal(s.error_count, 0);
    base_arena_free(a);
}

static void test_error_count_without_handler(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    gs_scanner s;
    gs_scanner_init(&s, a, "@ '' \"", 6, 0, NULL, NULL);
    gs_token t;
    do gs_scan(&s, &t);
    while (t.tok != GS_EOF);
    assert_int_equal(s.error_count, 3);
    base_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_and_keywords),
        cmocka_unit_test(test_semicolon_insertion),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_runes_and_strings),
        cmocka_unit_test(test_eof_inside_literals),
        cmocka_unit_test(test_comments_and_directives),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_line_columns),
        cmocka_unit_test(test_error_count_without_handler),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

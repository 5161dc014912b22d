/* The Go scanner. It follows go/scanner's structure on purpose: one
 * character of lookahead (s->ch), errors reported at the moment go/scanner
 * reports them (so error order and offsets match it exactly), and the same
 * message texts. See docs/gosyntax-scanner.md. */
#include "gosyntax/scanner.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gosyntax/unicode.h"

enum { GS_CH_EOF = -1, GS_BOM = 0xFEFF };

/* Cap on //line numbers, as go/scanner (30 bits). */
#define GS_MAX_LINE_COL ((int64_t)1 << 30)

static void gs_error(gs_scanner *s, size_t off, const char *msg) {
    if (s->err) s->err(s->err_ud, off, msg);
    s->error_count++;
}

static void gs_errorf(gs_scanner *s, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void gs_errorf(gs_scanner *s, size_t off, const char *fmt, ...) {
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof buf) {
        gs_error(s, off, buf);
        return;
    }
    va_start(ap, fmt);
    char *m = base_arena_vprintf(s->arena, fmt, ap);
    va_end(ap);
    gs_error(s, off, m);
}

/* fmt's %#U: "U+0041 'A'", or "U+000A" when not printable. */
static void gs_fmt_rune_u(char *out, size_t cap, int r) {
    if (gs_is_print(r)) {
        char enc[4];
        size_t n = gs_utf8_encode(r, enc);
        snprintf(out, cap, "U+%04X '%.*s'", (unsigned)r, (int)n, enc);
    } else {
        snprintf(out, cap, "U+%04X", (unsigned)r);
    }
}

static void gs_add_line(gs_scanner *s, size_t off) {
    if (off >= s->len) return; /* go/token ignores a line start at EOF */
    if (s->nlines == s->lines_cap) {
        size_t nc = s->lines_cap * 2;
        s->lines = base_arena_realloc(s->arena, s->lines, s->lines_cap * sizeof *s->lines,
                                      nc * sizeof *s->lines);
        s->lines_cap = nc;
    }
    s->lines[s->nlines++] = off;
}

/* Reads the next character into s->ch (go/scanner's next). */
static void gs_next_slow(gs_scanner *s) {
    if (s->off < s->len) {
        s->ch_off = s->off;
        if (s->ch == '\n') {
            s->line_off = s->ch_off;
            gs_add_line(s, s->ch_off);
        }
        const unsigned char *p = (const unsigned char *)s->src + s->off;
        int r = p[0];
        size_t w = 1;
        if (r == 0) {
            gs_error(s, s->ch_off, "illegal character NUL");
        } else if (r >= 0x80) {
            size_t rem = s->len - s->off;
            r = gs_utf8_decode(p, rem, &w);
            if (r == GS_RUNE_ERROR && w == 1) {
                if (s->ch_off == 0 && rem >= 2 &&
                    ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
                    /* A UTF-16 BOM: say so, and consume all input so one
                     * error does not cascade into thousands. */
                    gs_error(s, s->ch_off, "illegal UTF-8 encoding (got UTF-16)");
                    w = rem;
                } else {
                    gs_error(s, s->ch_off, "illegal UTF-8 encoding");
                }
            } else if (r == GS_BOM && s->ch_off > 0) {
                gs_error(s, s->ch_off, "illegal byte order mark");
            }
        }
        s->off += w;
        s->ch = r;
    } else {
        s->ch_off = s->len;
        if (s->ch == '\n') {
            s->line_off = s->ch_off;
            gs_add_line(s, s->ch_off);
        }
        s->ch = GS_CH_EOF;
    }
}

/* The common case inline: a plain ASCII character (not NUL) after a
 * character that is not a newline (so no line bookkeeping). */
static inline void gs_next(gs_scanner *s) {
    if (s->off < s->len && s->ch != '\n') {
        unsigned b = (unsigned char)s->src[s->off];
        if (b - 1u < 0x7Fu) {
            s->ch_off = s->off++;
            s->ch = (int)b;
            return;
        }
    }
    gs_next_slow(s);
}

static inline unsigned char gs_peek(const gs_scanner *s) {
    return s->off < s->len ? (unsigned char)s->src[s->off] : 0;
}

void gs_scanner_init(gs_scanner *s, base_arena *a, const char *src, size_t len, unsigned mode,
                     gs_scan_error_fn err, void *err_ud) {
    memset(s, 0, sizeof *s);
    s->src = src;
    s->len = len;
    s->mode = mode;
    s->err = err;
    s->err_ud = err_ud;
    s->arena = a;
    s->lines_cap = 64 + len / 32; /* about one line per 32 bytes of Go */
    s->lines = BASE_NEW_ARRAY(a, size_t, s->lines_cap);
    s->lines[0] = 0;
    s->nlines = 1;
    s->ch = ' ';
    gs_next(s);
    if (s->ch == GS_BOM) gs_next(s); /* a BOM is allowed as the first character */
}

void gs_scanner_linecol(const gs_scanner *s, size_t off, int *line, int *col) {
    size_t lo = 0, hi = s->nlines; /* find the last line start <= off */
    if (off >= s->lines[hi - 1]) lo = hi - 1; /* the common query: the current line */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid] <= off) lo = mid;
        else hi = mid;
    }
    *line = (int)lo + 1;
    *col = (int)(off - s->lines[lo]) + 1;
}

/* ---- character classes ---- */

static inline int gs_lower(int ch) { return ('a' - 'A') | ch; }
static inline bool gs_is_decimal(int ch) { return ch >= '0' && ch <= '9'; }
static inline bool gs_is_hex(int ch) {
    return gs_is_decimal(ch) || (gs_lower(ch) >= 'a' && gs_lower(ch) <= 'f');
}
static inline bool gs_is_letter_ch(int ch) {
    return (gs_lower(ch) >= 'a' && gs_lower(ch) <= 'z') || ch == '_' ||
           (ch >= 0x80 && gs_is_letter(ch));
}
static inline bool gs_is_digit_ch(int ch) {
    return gs_is_decimal(ch) || (ch >= 0x80 && gs_is_digit(ch));
}
/* ASCII letters, digits and '_': one table load in the identifier loop. */
static const bool gs_ident_byte[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['_'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
};
static inline bool gs_is_ident_byte(unsigned char b) { return gs_ident_byte[b]; }

/* ---- comments ---- */

/* Bytes a line comment can skip without gs_next's work: ASCII except NUL
 * (an error), '\n' (ends it) and '\r' (counted). */
static const bool gs_plain_comment_byte[256] = {
    /* 0x00-0x0F: NUL, '\n' (0x0A) and '\r' (0x0D) are not plain */
#define GS_R8(x) x, x, x, x, x, x, x, x
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1,
    GS_R8(1), GS_R8(1), /* 0x10-0x1F */
    GS_R8(1), GS_R8(1), GS_R8(1), GS_R8(1), GS_R8(1), GS_R8(1), GS_R8(1), GS_R8(1),
    GS_R8(1), GS_R8(1), GS_R8(1), GS_R8(1), /* up to 0x7F; the rest is 0 */
#undef GS_R8
};

/* Removes '\r' from a comment or raw string (into the arena). In a general
 * comment a '\r' between '*' and '/' stays, else the comment would end
 * early (go/scanner does the same). */
static const char *gs_strip_cr(gs_scanner *s, const char *b, size_t n, bool comment,
                               size_t *out_len) {
    char *c = base_arena_alloc(s->arena, n + 1);
    size_t i = 0;
    for (size_t j = 0; j < n; j++) {
        char ch = b[j];
        if (ch != '\r' || (comment && i > 2 && c[i - 1] == '*' && j + 1 < n && b[j + 1] == '/'))
            c[i++] = ch;
    }
    *out_len = i;
    return c;
}

/* strconv.ParseUint(text after the last ':', 10, 0) as go/scanner's
 * trailingDigits: returns the index after the ':' (0 if none), the value
 * converted to Go's int, and whether it parsed. */
static size_t gs_trailing_digits(const char *t, size_t n, int64_t *val, bool *ok) {
    size_t i = n;
    while (i > 0 && t[i - 1] != ':') i--;
    *val = 0;
    *ok = false;
    if (i == 0) return 0;
    if (i == n) return i; /* empty number: syntax error */
    uint64_t u = 0;
    for (size_t k = i; k < n; k++) {
        unsigned d = (unsigned char)t[k] - '0';
        if (d > 9) return i;
        if (u > (UINT64_MAX - d) / 10) return i; /* out of range */
        u = u * 10 + d;
    }
    /* Go's int(uint64): wraps to negative above INT64_MAX */
    *val = u > (uint64_t)INT64_MAX ? -(int64_t)(~u) - 1 : (int64_t)u;
    *ok = true;
    return i;
}

/* Checks a //line or general-comment line directive like go/scanner's updateLineInfo.
 * Only its errors matter here: positions stay physical (see the doc). */
static void gs_check_line_directive(gs_scanner *s, size_t offs, const char *lit, size_t n) {
    const char *text = lit;
    if (lit[1] == '*') n -= 2; /* lop off trailing star-slash */
    text += 7;                 /* lop off leading "//line " or "/" "*line " */
    n -= 7;
    offs += 7;

    int64_t num, num2;
    bool ok, ok2;
    size_t i = gs_trailing_digits(text, n, &num, &ok);
    if (i == 0) return; /* not a line directive */
    if (!ok) {
        gs_errorf(s, offs + i, "invalid line number: %.*s", (int)(n - i), text + i);
        return;
    }
    int64_t line;
    size_t i2 = gs_trailing_digits(text, i - 1, &num2, &ok2);
    if (ok2) {
        /* filename:line:col */
        size_t col_i = i;
        i = i2;
        line = num2;
        if (num == 0 || num > GS_MAX_LINE_COL) {
            gs_errorf(s, offs + col_i, "invalid column number: %.*s", (int)(n - col_i),
                      text + col_i);
            return;
        }
        n = col_i - 1; /* lop off ":col" */
    } else {
        line = num;
    }
    if (line == 0 || line > GS_MAX_LINE_COL)
        gs_errorf(s, offs + i, "invalid line number: %.*s", (int)(n - i), text + i);
}

/* Scans a comment; the initial '/' is consumed and s->ch is '/' or '*'.
 * Sets the literal and returns the offset of the first newline inside a
 * general comment (0 if none). */
static size_t gs_scan_comment(gs_scanner *s, bool want_lit, const char **lit, size_t *lit_len) {
    size_t offs = s->ch_off - 1;
    bool valid = false;
    size_t num_cr = 0, nl_off = 0;

    if (s->ch == '/') {
        gs_next(s);
        for (;;) {
            /* fast path over plain ASCII: no line bookkeeping, no errors */
            size_t k = s->off;
            const unsigned char *p = (const unsigned char *)s->src;
            if (s->ch > 0 && s->ch < 0x80 && s->ch != '\n' && s->ch != '\r') {
                while (k < s->len && gs_plain_comment_byte[p[k]]) k++;
                if (k > s->off) {
                    s->ch_off = k - 1;
                    s->ch = p[k - 1];
                    s->off = k;
                }
            }
            if (s->ch == '\n' || s->ch < 0) break;
            if (s->ch == '\r') num_cr++;
            gs_next(s);
        }
        valid = true;
    } else {
        gs_next(s);
        while (s->ch >= 0) {
            int ch = s->ch;
            if (ch == '\r') num_cr++;
            else if (ch == '\n' && nl_off == 0) nl_off = s->ch_off;
            gs_next(s);
            if (ch == '*' && s->ch == '/') {
                gs_next(s);
                valid = true;
                break;
            }
        }
        if (!valid) gs_error(s, offs, "comment not terminated");
    }

    const char *text = s->src + offs;
    size_t n = s->ch_off - offs;
    /* A // comment on a CRLF line: drop the final '\r' before looking for a
     * directive (as the compiler does). */
    if (num_cr > 0 && n >= 2 && text[1] == '/' && text[n - 1] == '\r') {
        n--;
        num_cr--;
    }
    /* //line directives must start a line; general-comment ones may be anywhere */
    if (valid && (text[1] == '*' || offs == s->line_off) && n >= 7 &&
        memcmp(text + 2, "line ", 5) == 0)
        gs_check_line_directive(s, offs, text, n);

    if (want_lit) {
        if (num_cr > 0) text = gs_strip_cr(s, text, n, text[1] == '*', &n);
        *lit = text;
        *lit_len = n;
    }
    return nl_off;
}

/* ---- identifiers and numbers ---- */

static void gs_scan_identifier(gs_scanner *s) {
    const unsigned char *p = (const unsigned char *)s->src;
    for (size_t k = s->off; k < s->len; k++) {
        unsigned char b = p[k];
        if (gs_is_ident_byte(b)) continue;
        if (b > 0 && b < 0x80) {
            /* the previous character was part of the identifier, not '\n',
             * so no line bookkeeping is skipped */
            s->ch = b;
            s->ch_off = k;
            s->off = k + 1;
            return;
        }
        s->off = k;
        gs_next(s);
        while (gs_is_letter_ch(s->ch) || gs_is_digit_ch(s->ch)) gs_next(s);
        return;
    }
    s->ch_off = s->len;
    s->off = s->len;
    s->ch = GS_CH_EOF;
}

/* Accepts { digit | '_' }; returns bit 0 if a digit was seen, bit 1 if a
 * '_'. For base <= 10 any decimal digit is accepted and the first one
 * >= base is recorded in *invalid. */
static int gs_digits(gs_scanner *s, int base, size_t *invalid) {
    int digsep = 0;
    if (base <= 10) {
        int max = '0' + base;
        while (gs_is_decimal(s->ch) || s->ch == '_') {
            int ds = 1;
            if (s->ch == '_') ds = 2;
            else if (s->ch >= max && *invalid == SIZE_MAX) *invalid = s->ch_off;
            digsep |= ds;
            gs_next(s);
        }
    } else {
        while (gs_is_hex(s->ch) || s->ch == '_') {
            digsep |= s->ch == '_' ? 2 : 1;
            gs_next(s);
        }
    }
    return digsep;
}

static const char *gs_litname(int prefix) {
    switch (prefix) {
    case 'x': return "hexadecimal literal";
    case 'o': case '0': return "octal literal";
    case 'b': return "binary literal";
    default: return "decimal literal";
    }
}

/* Index of the first '_' that does not separate digits, or -1. */
static long gs_invalid_sep(const char *x, size_t n) {
    int x1 = ' '; /* prefix char; only 'x' matters */
    int d = '.';  /* '_', '0' (a digit) or '.' (anything else) */
    size_t i = 0;
    if (n >= 2 && x[0] == '0') {
        x1 = gs_lower((unsigned char)x[1]);
        if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
            d = '0'; /* a prefix counts as a digit */
            i = 2;
        }
    }
    for (; i < n; i++) {
        int p = d;
        d = (unsigned char)x[i];
        if (d == '_') {
            if (p != '0') return (long)i;
        } else if (gs_is_decimal(d) || (x1 == 'x' && gs_is_hex(d))) {
            d = '0';
        } else {
            if (p == '_') return (long)i - 1;
            d = '.';
        }
    }
    if (d == '_') return (long)n - 1;
    return -1;
}

static gs_tok gs_scan_number(gs_scanner *s) {
    size_t offs = s->ch_off;
    gs_tok tok = GS_ILLEGAL;
    int base = 10, prefix = 0, digsep = 0;
    size_t invalid = SIZE_MAX;

    if (s->ch != '.') {
        tok = GS_INT;
        if (s->ch == '0') {
            gs_next(s);
            switch (gs_lower(s->ch)) {
            case 'x': gs_next(s); base = 16; prefix = 'x'; break;
            case 'o': gs_next(s); base = 8; prefix = 'o'; break;
            case 'b': gs_next(s); base = 2; prefix = 'b'; break;
            default: base = 8; prefix = '0'; digsep = 1; /* leading 0 */
            }
        }
        digsep |= gs_digits(s, base, &invalid);
    }

    if (s->ch == '.') {
        tok = GS_FLOAT;
        if (prefix == 'o' || prefix == 'b')
            gs_errorf(s, s->ch_off, "invalid radix point in %s", gs_litname(prefix));
        gs_next(s);
        digsep |= gs_digits(s, base, &invalid);
    }

    if ((digsep & 1) == 0) gs_errorf(s, s->ch_off, "%s has no digits", gs_litname(prefix));

    int e = gs_lower(s->ch);
    if (e == 'e' || e == 'p') {
        if (e == 'e' && prefix != 0 && prefix != '0')
            gs_errorf(s, s->ch_off, "'%c' exponent requires decimal mantissa", s->ch);
        else if (e == 'p' && prefix != 'x')
            gs_errorf(s, s->ch_off, "'%c' exponent requires hexadecimal mantissa", s->ch);
        gs_next(s);
        tok = GS_FLOAT;
        if (s->ch == '+' || s->ch == '-') gs_next(s);
        size_t unused = SIZE_MAX;
        int ds = gs_digits(s, 10, &unused);
        digsep |= ds;
        if ((ds & 1) == 0) gs_error(s, s->ch_off, "exponent has no digits");
    } else if (prefix == 'x' && tok == GS_FLOAT) {
        gs_error(s, s->ch_off, "hexadecimal mantissa requires a 'p' exponent");
    }

    if (s->ch == 'i') {
        tok = GS_IMAG;
        gs_next(s);
    }

    if (tok == GS_INT && invalid != SIZE_MAX)
        gs_errorf(s, invalid, "invalid digit '%c' in %s", s->src[invalid], gs_litname(prefix));
    if (digsep & 2) {
        long i = gs_invalid_sep(s->src + offs, s->ch_off - offs);
        if (i >= 0) gs_error(s, offs + (size_t)i, "'_' must separate successive digits");
    }
    return tok;
}

/* ---- runes and strings ---- */

static int gs_digit_val(int ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (gs_lower(ch) >= 'a' && gs_lower(ch) <= 'f') return gs_lower(ch) - 'a' + 10;
    return 16;
}

/* Scans an escape after '\\'; on error stops at the offending character
 * and returns false. */
static bool gs_scan_escape(gs_scanner *s, int quote) {
    size_t offs = s->ch_off;
    int n;
    uint32_t base, max;
    switch (s->ch) {
    case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\':
        gs_next(s);
        return true;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        n = 3; base = 8; max = 255;
        break;
    case 'x': gs_next(s); n = 2; base = 16; max = 255; break;
    case 'u': gs_next(s); n = 4; base = 16; max = GS_MAX_RUNE; break;
    case 'U': gs_next(s); n = 8; base = 16; max = GS_MAX_RUNE; break;
    default:
        if (s->ch == quote) {
            gs_next(s);
            return true;
        }
        gs_error(s, offs, s->ch < 0 ? "escape sequence not terminated" : "unknown escape sequence");
        return false;
    }

    uint32_t x = 0;
    for (; n > 0; n--) {
        uint32_t d = (uint32_t)gs_digit_val(s->ch);
        if (d >= base) {
            if (s->ch < 0) {
                gs_error(s, s->ch_off, "escape sequence not terminated");
            } else {
                char u[32];
                gs_fmt_rune_u(u, sizeof u, s->ch);
                gs_errorf(s, s->ch_off, "illegal character %s in escape sequence", u);
            }
            return false;
        }
        x = x * base + d;
        gs_next(s);
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
        gs_error(s, offs, "escape sequence is invalid Unicode code point");
        return false;
    }
    return true;
}

static void gs_scan_rune(gs_scanner *s) {
    size_t offs = s->ch_off - 1;
    bool valid = true;
    int n = 0;
    for (;;) {
        int ch = s->ch;
        if (ch == '\n' || ch < 0) {
            if (valid) {
                gs_error(s, offs, "rune literal not terminated");
                valid = false;
            }
            break;
        }
        gs_next(s);
        if (ch == '\'') break;
        n++;
        if (ch == '\\' && !gs_scan_escape(s, '\'')) valid = false;
    }
    if (valid && n != 1) gs_error(s, offs, "illegal rune literal");
}

static void gs_scan_string(gs_scanner *s) {
    size_t offs = s->ch_off - 1;
    const unsigned char *p = (const unsigned char *)s->src;
    for (;;) {
        /* fast path over plain ASCII string bytes */
        if (s->ch > 0 && s->ch < 0x80 && s->ch != '\n' && s->ch != '"' && s->ch != '\\') {
            size_t k = s->off;
            while (k < s->len && p[k] > 0 && p[k] < 0x80 && p[k] != '\n' && p[k] != '"' &&
                   p[k] != '\\')
                k++;
            if (k > s->off) {
                s->ch_off = k - 1;
                s->ch = p[k - 1];
                s->off = k;
            }
        }
        int ch = s->ch;
        if (ch == '\n' || ch < 0) {
            gs_error(s, offs, "string literal not terminated");
            break;
        }
        gs_next(s);
        if (ch == '"') break;
        if (ch == '\\') gs_scan_escape(s, '"');
    }
}

static void gs_scan_raw_string(gs_scanner *s, const char **lit, size_t *lit_len) {
    size_t offs = s->ch_off - 1;
    bool has_cr = false;
    for (;;) {
        int ch = s->ch;
        if (ch < 0) {
            gs_error(s, offs, "raw string literal not terminated");
            break;
        }
        gs_next(s);
        if (ch == '`') break;
        if (ch == '\r') has_cr = true;
    }
    *lit = s->src + offs;
    *lit_len = s->ch_off - offs;
    if (has_cr) *lit = gs_strip_cr(s, *lit, *lit_len, false, lit_len);
}

/* ---- operators ---- */

static gs_tok gs_switch2(gs_scanner *s, gs_tok tok0, gs_tok tok1) {
    if (s->ch == '=') {
        gs_next(s);
        return tok1;
    }
    return tok0;
}

static gs_tok gs_switch3(gs_scanner *s, gs_tok tok0, gs_tok tok1, int ch2, gs_tok tok2) {
    if (s->ch == '=') {
        gs_next(s);
        return tok1;
    }
    if (s->ch == ch2) {
        gs_next(s);
        return tok2;
    }
    return tok0;
}

static gs_tok gs_switch4(gs_scanner *s, gs_tok tok0, gs_tok tok1, int ch2, gs_tok tok2, gs_tok tok3) {
    if (s->ch == '=') {
        gs_next(s);
        return tok1;
    }
    if (s->ch == ch2) {
        gs_next(s);
        if (s->ch == '=') {
            gs_next(s);
            return tok3;
        }
        return tok2;
    }
    return tok0;
}

static inline bool gs_is_space(int ch, bool insert_semi) {
    return ch == ' ' || ch == '\t' || ch == '\r' || (ch == '\n' && !insert_semi);
}

/* Skips blanks, and newlines unless a semicolon is pending, over raw bytes
 * (the common case is a newline then indentation), doing gs_next's line
 * bookkeeping inline; then reads the first other character with gs_next. */
static void gs_skip_whitespace(gs_scanner *s) {
    if (!gs_is_space(s->ch, s->insert_semi)) return;
    const unsigned char *p = (const unsigned char *)s->src;
    size_t k = s->off;
    int prev = s->ch; /* the blank being consumed, at k - 1 */
    for (;;) {
        if (prev == '\n') {
            s->line_off = k;
            gs_add_line(s, k);
        }
        if (k >= s->len || !gs_is_space(p[k], s->insert_semi)) break;
        prev = p[k++];
    }
    /* the character at k - 1 is a blank whose line start is recorded */
    s->ch = ' ';
    s->ch_off = k - 1;
    s->off = k;
    gs_next(s);
}

void gs_scan(gs_scanner *s, gs_token *out) {
    const char *lit;
    size_t lit_len;
    gs_tok tok;
    bool insert_semi;
    size_t pos;

again:
    if (s->nl_pos) {
        /* the semicolon owed to a newline inside a general comment */
        out->tok = GS_SEMICOLON;
        out->off = s->nl_pos;
        out->lit = "\n";
        out->lit_len = 1;
        s->nl_pos = 0;
        return;
    }

    gs_skip_whitespace(s);
    pos = s->ch_off;
    lit = NULL;
    lit_len = 0;
    insert_semi = false;
    int ch = s->ch;

    if (gs_is_letter_ch(ch)) {
        gs_scan_identifier(s);
        lit = s->src + pos;
        lit_len = s->ch_off - pos;
        tok = lit_len > 1 ? gs_tok_lookup(lit, lit_len) : GS_IDENT;
        switch (tok) {
        case GS_IDENT: case GS_BREAK: case GS_CONTINUE: case GS_FALLTHROUGH: case GS_RETURN:
            insert_semi = true;
            break;
        default:
            break;
        }
        if (tok != GS_IDENT) lit = NULL, lit_len = 0;
    } else if (gs_is_decimal(ch) || (ch == '.' && gs_is_decimal(gs_peek(s)))) {
        insert_semi = true;
        tok = gs_scan_number(s);
        lit = s->src + pos;
        lit_len = s->ch_off - pos;
    } else {
        gs_next(s); /* always make progress */
        switch (ch) {
        case GS_CH_EOF:
            if (s->insert_semi) {
                s->insert_semi = false; /* EOF consumed */
                out->tok = GS_SEMICOLON;
                out->off = pos;
                out->lit = "\n";
                out->lit_len = 1;
                return;
            }
            tok = GS_EOF;
            break;
        case '\n':
            /* only reached when insert_semi stopped gs_skip_whitespace */
            s->insert_semi = false;
            out->tok = GS_SEMICOLON;
            out->off = pos;
            out->lit = "\n";
            out->lit_len = 1;
            return;
        case '"':
            insert_semi = true;
            tok = GS_STRING;
            gs_scan_string(s);
            lit = s->src + pos;
            lit_len = s->ch_off - pos;
            break;
        case '\'':
            insert_semi = true;
            tok = GS_CHAR;
            gs_scan_rune(s);
            lit = s->src + pos;
            lit_len = s->ch_off - pos;
            break;
        case '`':
            insert_semi = true;
            tok = GS_STRING;
            gs_scan_raw_string(s, &lit, &lit_len);
            break;
        case ':': tok = gs_switch2(s, GS_COLON, GS_DEFINE); break;
        case '.':
            /* fractions starting with '.' were handled above */
            tok = GS_PERIOD;
            if (s->ch == '.' && gs_peek(s) == '.') {
                gs_next(s);
                gs_next(s);
                tok = GS_ELLIPSIS;
            }
            break;
        case ',': tok = GS_COMMA; break;
        case ';':
            tok = GS_SEMICOLON;
            lit = ";";
            lit_len = 1;
            break;
        case '(': tok = GS_LPAREN; break;
        case ')': insert_semi = true; tok = GS_RPAREN; break;
        case '[': tok = GS_LBRACK; break;
        case ']': insert_semi = true; tok = GS_RBRACK; break;
        case '{': tok = GS_LBRACE; break;
        case '}': insert_semi = true; tok = GS_RBRACE; break;
        case '+':
            tok = gs_switch3(s, GS_ADD, GS_ADD_ASSIGN, '+', GS_INC);
            insert_semi = tok == GS_INC;
            break;
        case '-':
            tok = gs_switch3(s, GS_SUB, GS_SUB_ASSIGN, '-', GS_DEC);
            insert_semi = tok == GS_DEC;
            break;
        case '*': tok = gs_switch2(s, GS_MUL, GS_MUL_ASSIGN); break;
        case '/':
            if (s->ch == '/' || s->ch == '*') {
                bool want = (s->mode & GS_SCAN_COMMENTS) != 0;
                size_t nl = gs_scan_comment(s, want, &lit, &lit_len);
                if (s->insert_semi && nl != 0) {
                    /* a general comment spanning lines ends the statement:
                     * COMMENT, then SEMICOLON at its first newline */
                    s->nl_pos = nl;
                    s->insert_semi = false;
                } else {
                    insert_semi = s->insert_semi; /* preserve */
                }
                if (!want) goto again;
                tok = GS_COMMENT;
            } else {
                tok = gs_switch2(s, GS_QUO, GS_QUO_ASSIGN);
            }
            break;
        case '%': tok = gs_switch2(s, GS_REM, GS_REM_ASSIGN); break;
        case '^': tok = gs_switch2(s, GS_XOR, GS_XOR_ASSIGN); break;
        case '<':
            if (s->ch == '-') {
                gs_next(s);
                tok = GS_ARROW;
            } else {
                tok = gs_switch4(s, GS_LSS, GS_LEQ, '<', GS_SHL, GS_SHL_ASSIGN);
            }
            break;
        case '>': tok = gs_switch4(s, GS_GTR, GS_GEQ, '>', GS_SHR, GS_SHR_ASSIGN); break;
        case '=': tok = gs_switch2(s, GS_ASSIGN, GS_EQL); break;
        case '!': tok = gs_switch2(s, GS_NOT, GS_NEQ); break;
        case '&':
            if (s->ch == '^') {
                gs_next(s);
                tok = gs_switch2(s, GS_AND_NOT, GS_AND_NOT_ASSIGN);
            } else {
                tok = gs_switch3(s, GS_AND, GS_AND_ASSIGN, '&', GS_LAND);
            }
            break;
        case '|': tok = gs_switch3(s, GS_OR, GS_OR_ASSIGN, '|', GS_LOR); break;
        case '~': tok = GS_TILDE; break;
        default:
            /* gs_next already reported a misplaced BOM */
            if (ch != GS_BOM) {
                if (ch == 0x201C || ch == 0x201D) {
                    gs_errorf(s, pos, "curly quotation mark '%s' (use neutral '\"')",
                              ch == 0x201C ? "\xE2\x80\x9C" : "\xE2\x80\x9D");
                } else {
                    char u[32];
                    gs_fmt_rune_u(u, sizeof u, ch);
                    gs_errorf(s, pos, "illegal character %s", u);
                }
            }
            insert_semi = s->insert_semi; /* preserve */
            tok = GS_ILLEGAL;
            break;
        }
    }
    s->insert_semi = insert_semi;
    out->tok = tok;
    out->off = pos;
    out->lit = lit;
    out->lit_len = lit_len;
}

/* Parser core: tokens, comments, errors, recovery, scratch lists, and the
 * gs_parse_file entry point. */
#include "gosyntax/parser.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/bigstack.h"
#include "base/file.h"
#include "gosyntax/parser_int.h"

enum {
    GS_FIRST_STACK_BUDGET = 512 * 1024,         /* on the caller's stack */
    GS_BIG_STACK = 1024 * 1024 * 1024,          /* retry thread's stack */
    GS_BIG_STACK_BUDGET = 1000 * 1024 * 1024,
};

/* ---- scratch lists ---- */

void gs_p_grow_scratch(gs_parser *p) {
    size_t nc = p->scratch_cap ? p->scratch_cap * 2 : 256;
    void **n = realloc(p->scratch, nc * sizeof *n);
    if (!n) abort();
    p->scratch = n;
    p->scratch_cap = nc;
}

size_t gs_p_mark(const gs_parser *p) { return p->nscratch; }

void **gs_p_take(gs_parser *p, size_t mark, int *n) {
    size_t k = p->nscratch - mark;
    *n = (int)k;
    if (k == 0) return NULL;
    void **v = gs_p_alloc(p, k * sizeof *v);
    memcpy(v, p->scratch + mark, k * sizeof *v);
    p->nscratch = mark;
    return v;
}

/* ---- nodes ---- */

enum { GS_NODE_BLOCK = 16 * 1024 }; /* fits the arena's standard chunks */

void *gs_p_refill(gs_parser *p, size_t size) {
    if (size > GS_NODE_BLOCK / 4) return base_arena_alloc(p->a, size); /* big list: own block */
    p->blk = base_arena_alloc(p->a, GS_NODE_BLOCK); /* arena memory is zeroed */
    p->blk_left = GS_NODE_BLOCK;
    void *r = p->blk;
    p->blk += size;
    p->blk_left -= size;
    return r;
}

gs_node *gs_p_bad_expr(gs_parser *p, gs_pos from, gs_pos to) {
    gs_node *n = gs_p_new(p, sizeof(gs_bad_expr), GSK_BAD_EXPR);
    n->pos = from;
    n->end = to;
    return n;
}

gs_node *gs_p_bad_stmt(gs_parser *p, gs_pos from, gs_pos to) {
    gs_node *n = gs_p_new(p, sizeof(gs_bad_stmt), GSK_BAD_STMT);
    n->pos = from;
    n->end = to;
    return n;
}

gs_ident *gs_p_new_ident(gs_parser *p, gs_pos pos, const char *name, size_t n) {
    gs_ident *id = gs_p_alloc(p, sizeof *id);
    id->n.kind = GSK_IDENT;
    id->n.pos = id->name_pos = pos;
    id->n.end = pos + (gs_pos)n;
    id->name = (base_str){name, n};
    return id;
}

/* ---- errors ---- */

void gs_p_error(gs_parser *p, gs_pos pos, const char *msg) {
    BASE_VEC_PUSH(p->a, &p->errs, ((gs_perr){pos, msg}));
}

void gs_p_errorf(gs_parser *p, gs_pos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const char *msg = base_arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    gs_p_error(p, pos, msg);
}

bool gs_p_lit_is_newline(const gs_parser *p) {
    return p->tok == GS_SEMICOLON && p->lit_len == 1 && p->lit[0] == '\n';
}

static bool gs_tok_is_literal(gs_tok t) { return t >= GS_IDENT && t <= GS_STRING; }

void gs_p_error_expected(gs_parser *p, gs_pos pos, const char *what) {
    if (pos == p->pos) {
        if (gs_p_lit_is_newline(p))
            gs_p_errorf(p, pos, "expected %s, found newline", what);
        else if (gs_tok_is_literal(p->tok))
            gs_p_errorf(p, pos, "expected %s, found %.*s", what, (int)p->lit_len, p->lit);
        else
            gs_p_errorf(p, pos, "expected %s, found '%s'", what, gs_tok_string(p->tok));
        return;
    }
    gs_p_errorf(p, pos, "expected %s", what);
}

static void gs_p_error_expected_tok(gs_parser *p, gs_pos pos, gs_tok tok) {
    char buf[32];
    snprintf(buf, sizeof buf, "'%s'", gs_tok_string(tok));
    gs_p_error_expected(p, pos, buf);
}

/* ---- tokens and comments ---- */

static void gs_p_scan_error(void *ud, size_t off, const char *msg) {
    gs_parser *p = ud;
    gs_p_error(p, (gs_pos)off, base_arena_strdup(p->a, msg));
}

/* ---- line directives (only used for error positions) ---- */

/* go/scanner's trailingDigits: index after the last ':' (0 if none) and
 * the decimal number after it. */
static size_t gs_p_trailing_digits(const char *t, size_t n, uint64_t *val, bool *ok) {
    size_t i = n;
    while (i > 0 && t[i - 1] != ':') i--;
    *ok = false;
    *val = 0;
    if (i == 0) return 0;
    if (i == n) return i;
    uint64_t v = 0;
    for (size_t k = i; k < n; k++) {
        if (t[k] < '0' || t[k] > '9') return i;
        unsigned d = (unsigned)(t[k] - '0');
        if (v > (UINT64_MAX - d) / 10) return i;
        v = v * 10 + d;
    }
    *val = v;
    *ok = true;
    return i;
}

static const gs_line_info *gs_p_line_info_at(const gs_parser *p, gs_pos off) {
    const gs_line_info *r = NULL;
    for (size_t i = 0; i < p->line_infos.n && p->line_infos.v[i].off <= off; i++) r = &p->line_infos.v[i];
    return r;
}

/* Records a //line or block-comment line directive starting at off, as
 * go/scanner's updateLineInfo does (its errors come from the scanner). */
static void gs_p_line_directive(gs_parser *p, gs_pos off) {
    const char *s = p->src + off;
    size_t rem = p->len - (size_t)off, n, next;
    if (s[1] == '/') {
        if (off != 0 && p->src[off - 1] != '\n') return; /* must start a line */
        const char *nl = memchr(s, '\n', rem);
        n = nl ? (size_t)(nl - s) : rem;
        next = (size_t)off + n + (nl ? 1 : 0);
        if (n >= 2 && s[n - 1] == '\r') n--;
    } else {
        const char *e = rem >= 4 ? memmem(s + 2, rem - 2, "*/", 2) : NULL;
        if (!e) return; /* unterminated */
        n = (size_t)(e + 2 - s);
        next = (size_t)off + n;
        n -= 2;
    }
    if (n < 7) return;
    const char *text = s + 7;
    size_t tn = n - 7;
    uint64_t num, num2;
    bool ok, ok2;
    size_t i = gs_p_trailing_digits(text, tn, &num, &ok);
    if (i == 0 || !ok) return;
    const uint64_t max = (uint64_t)1 << 30;
    uint64_t line, col = 0;
    size_t i2 = gs_p_trailing_digits(text, i - 1, &num2, &ok2);
    if (ok2) {
        line = num2;
        col = num;
        if (col == 0 || col > max) return;
        tn = i - 1;
        i = i2;
    } else {
        line = num;
    }
    if (line == 0 || line > max) return;
    const char *fname = base_arena_strndup(p->a, text, i - 1);
    if (!*fname && ok2) {
        const gs_line_info *li = gs_p_line_info_at(p, off + 7);
        fname = li ? li->file : p->filename;
    } else if (*fname) {
        fname = base_path_clean(p->a, fname);
        if (fname[0] != '/') {
            const char *slash = strrchr(p->filename, '/');
            if (slash)
                fname = base_path_clean(
                    p->a, base_arena_printf(p->a, "%.*s/%s", (int)(slash - p->filename), p->filename, fname));
        }
    }
    (void)tn;
    size_t k = p->line_infos.n;
    if ((k == 0 || (size_t)p->line_infos.v[k - 1].off < next) && next < p->len)
        BASE_VEC_PUSH(p->a, &p->line_infos, ((gs_line_info){(gs_pos)next, fname, (int)line, (int)col}));
}

static void gs_p_next0(gs_parser *p) {
    gs_token t;
    gs_scan(&p->sc, &t);
    p->tok = t.tok;
    p->pos = (gs_pos)t.off;
    p->lit = t.lit;
    p->lit_len = t.lit_len;
    p->tok_end = (gs_pos)p->sc.ch_off; /* the lookahead character starts right after the token */
    if (t.tok == GS_COMMENT && t.lit_len >= 7 && memcmp(t.lit + 2, "line ", 5) == 0)
        gs_p_line_directive(p, p->pos);
}

/* Line of an offset the scanner has passed. Queries come in source order,
 * so walk from the previous answer instead of searching. */
static int gs_p_line(gs_parser *p, gs_pos pos) {
    const size_t *lines = p->sc.lines;
    size_t n = p->sc.nlines, i = p->line_hint, off = (size_t)pos;
    if (n == 0) return 1;
    if (i >= n) i = n - 1;
    while (i + 1 < n && lines[i + 1] <= off) i++;
    while (i > 0 && lines[i] > off) i--;
    p->line_hint = i;
    return (int)i + 1;
}

static gs_comment *gs_p_consume_comment(gs_parser *p, int *endline) {
    *endline = gs_p_line(p, p->pos);
    if (p->lit_len > 1 && p->lit[1] == '*') {
        for (size_t i = 0; i < p->lit_len; i++)
            if (p->lit[i] == '\n') (*endline)++;
    }
    gs_comment *c = GS_NEW(p, gs_comment, GSK_COMMENT);
    c->slash = p->pos;
    c->text = (base_str){p->lit, p->lit_len};
    gs_node_update_range(&c->n);
    gs_p_next0(p);
    return c;
}

static gs_comment_group *gs_p_consume_comment_group(gs_parser *p, int n, int *endline) {
    size_t mark = gs_p_mark(p);
    *endline = gs_p_line(p, p->pos);
    while (p->tok == GS_COMMENT && gs_p_line(p, p->pos) <= *endline + n)
        gs_p_push(p, gs_p_consume_comment(p, endline));
    gs_comment_group *g = GS_NEW(p, gs_comment_group, GSK_COMMENT_GROUP);
    GS_TAKE(p, mark, g->list);
    gs_node_update_range(&g->n);
    BASE_VEC_PUSH(p->a, &p->comments, g);
    return g;
}

void gs_p_next(gs_parser *p) {
    p->lead_comment = NULL;
    p->line_comment = NULL;
    gs_pos prev = p->pos;
    gs_p_next0(p);
    if (p->tok != GS_COMMENT) return;

    gs_comment_group *comment = NULL;
    int endline;
    if (prev >= 0 && gs_p_line(p, p->pos) == gs_p_line(p, prev)) {
        /* same line as the previous token: may be a line comment */
        comment = gs_p_consume_comment_group(p, 0, &endline);
        if (gs_p_line(p, p->pos) != endline || p->tok == GS_SEMICOLON || p->tok == GS_EOF)
            p->line_comment = comment;
    }
    endline = -1;
    while (p->tok == GS_COMMENT) comment = gs_p_consume_comment_group(p, 1, &endline);
    if (endline + 1 == gs_p_line(p, p->pos)) p->lead_comment = comment;
}

gs_pos gs_p_expect(gs_parser *p, gs_tok tok) {
    gs_pos pos = p->pos;
    if (p->tok != tok) gs_p_error_expected_tok(p, pos, tok);
    gs_p_next(p);
    return pos;
}

gs_pos gs_p_expect2(gs_parser *p, gs_tok tok) {
    gs_pos pos = GS_NOPOS;
    if (p->tok == tok) pos = p->pos;
    else gs_p_error_expected_tok(p, p->pos, tok);
    gs_p_next(p);
    return pos;
}

gs_pos gs_p_expect_closing(gs_parser *p, gs_tok tok, const char *context) {
    if (p->tok != tok && gs_p_lit_is_newline(p)) {
        gs_p_errorf(p, p->pos, "missing ',' before newline in %s", context);
        gs_p_next(p);
    }
    return gs_p_expect(p, tok);
}

gs_comment_group *gs_p_expect_semi(gs_parser *p) {
    gs_comment_group *comment;
    switch (p->tok) {
    case GS_RPAREN:
    case GS_RBRACE:
        return NULL;
    case GS_COMMA:
        gs_p_error_expected(p, p->pos, "';'");
        /* fallthrough */
    case GS_SEMICOLON:
        if (p->lit_len == 1 && p->lit[0] == ';') {
            gs_p_next(p);
            comment = p->line_comment;
        } else {
            comment = p->line_comment;
            gs_p_next(p);
        }
        return comment;
    default:
        gs_p_error_expected(p, p->pos, "';'");
        gs_p_advance(p, GS_SYNC_STMT);
        return NULL;
    }
}

bool gs_p_at_comma(gs_parser *p, const char *context, gs_tok follow) {
    if (p->tok == GS_COMMA) return true;
    if (p->tok != follow) {
        gs_p_errorf(p, p->pos, "missing ','%s in %s", gs_p_lit_is_newline(p) ? " before newline" : "", context);
        return true;
    }
    return false;
}

static bool gs_in_sync_set(gs_tok t, int to) {
    switch (to) {
    case GS_SYNC_STMT:
        switch (t) {
        case GS_BREAK: case GS_CONST: case GS_CONTINUE: case GS_DEFER: case GS_FALLTHROUGH:
        case GS_FOR: case GS_GO: case GS_GOTO: case GS_IF: case GS_RETURN: case GS_SELECT:
        case GS_SWITCH: case GS_TYPE: case GS_VAR:
            return true;
        default:
            return false;
        }
    case GS_SYNC_DECL:
        return t == GS_IMPORT || t == GS_CONST || t == GS_TYPE || t == GS_VAR;
    default:
        return t == GS_COMMA || t == GS_COLON || t == GS_SEMICOLON || t == GS_RPAREN ||
               t == GS_RBRACK || t == GS_RBRACE;
    }
}

void gs_p_advance(gs_parser *p, int to) {
    for (; p->tok != GS_EOF; gs_p_next(p)) {
        if (gs_in_sync_set(p->tok, to)) {
            if (p->pos == p->sync_pos && p->sync_cnt < 10) {
                p->sync_cnt++;
                return;
            }
            if (p->pos > p->sync_pos) {
                p->sync_pos = p->pos;
                p->sync_cnt = 0;
                return;
            }
        }
    }
}

void gs_p_stack_exhausted(gs_parser *p) {
    p->stack_exhausted = true;
    longjmp(p->bail, 1);
}

void gs_p_nest_exceeded(gs_parser *p) {
    gs_p_error(p, p->pos, "exceeded max nesting depth");
    longjmp(p->bail, 1);
}

/* ---- entry point ---- */

typedef struct {
    base_arena *a;
    const char *filename;
    const char *src;
    size_t len;
    size_t budget;
    gs_file *file;
    gs_parser *p;
    bool exhausted;
} gs_attempt;

static void gs_parse_attempt(void *v) {
    gs_attempt *at = v;
    gs_parser *p = base_arena_alloc(at->a, sizeof *p);
    at->p = p;
    p->a = at->a;
    p->filename = at->filename;
    p->src = at->src;
    p->len = at->len;
    p->sync_pos = GS_NOPOS;
    p->pos = GS_NOPOS;
    char base;
    p->stack_base = &base;
    p->stack_budget = at->budget;
    gs_scanner_init(&p->sc, at->a, at->src, at->len, GS_SCAN_COMMENTS, gs_p_scan_error, p);
    at->file = NULL;
    if (setjmp(p->bail) == 0) {
        gs_p_next(p);
        at->file = gs_p_parse_file(p);
    }
    at->exhausted = p->stack_exhausted;
    free(p->scratch);
    p->scratch = NULL;
}

/* An error at its reported position (after //line adjustment). */
typedef struct {
    const char *file;
    int line, col;
    const char *msg;
} gs_pos_err;

static int gs_pos_err_cmp(const void *x, const void *y) {
    const gs_pos_err *a = x, *b = y;
    int c = strcmp(a->file, b->file);
    if (c) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return strcmp(a->msg, b->msg);
}

/* go/token's File.PositionFor(pos, adjusted=true). */
static gs_pos_err gs_p_position(gs_parser *p, gs_pos off, const char *msg) {
    gs_pos_err e = {p->filename, 0, 0, msg};
    gs_scanner_linecol(&p->sc, (size_t)off, &e.line, &e.col);
    const gs_line_info *li = gs_p_line_info_at(p, off);
    if (li) {
        int bl, bc;
        gs_scanner_linecol(&p->sc, (size_t)li->off, &bl, &bc);
        int d = e.line - bl;
        e.file = li->file;
        e.line = li->line + d;
        if (li->col == 0) e.col = 0;
        else if (d == 0) e.col = li->col + (off - li->off);
    }
    return e;
}

gs_file *gs_parse_file(base_arena *a, const char *filename, const char *src, size_t len,
                       base_diags *diags) {
    if (len > (size_t)INT32_MAX / 2) {
        base_diags_add(diags, filename, 0, 0, "file too large to parse");
        gs_file *f = base_arena_alloc(a, sizeof *f);
        f->n.kind = GSK_FILE;
        f->n.pos = f->n.end = f->package_pos = GS_NOPOS;
        f->name = base_arena_alloc(a, sizeof *f->name);
        f->name->n.kind = GSK_IDENT;
        return f;
    }
    gs_attempt at = {a, filename ? filename : "", src, len, GS_FIRST_STACK_BUDGET, NULL, NULL, false};
    gs_parse_attempt(&at);
    if (at.exhausted) {
        /* Deeply nested input: redo it on a big stack, where go/parser's own
         * nesting limit applies. */
        at.budget = GS_BIG_STACK_BUDGET;
        at.exhausted = false;
        if (!base_run_big_stack(GS_BIG_STACK, gs_parse_attempt, &at) || at.exhausted) {
            at.file = NULL;
            gs_p_error(at.p, at.p->pos, "exceeded max nesting depth");
        }
    }
    gs_parser *p = at.p;
    gs_file *f = at.file;
    if (!f) {
        /* like go/parser: an empty File when parsing stopped early */
        f = base_arena_alloc(a, sizeof *f);
        f->n.kind = GSK_FILE;
        f->package_pos = GS_NOPOS;
        f->name = gs_p_new_ident(p, GS_NOPOS, "", 0);
        f->n.pos = GS_NOPOS;
        f->n.end = f->name->n.end;
    }
    f->file_start = 0;
    f->file_end = (gs_pos)len;

    if (p->errs.n > 0) {
        gs_pos_err *es = base_arena_alloc(a, p->errs.n * sizeof *es);
        for (size_t i = 0; i < p->errs.n; i++) es[i] = gs_p_position(p, p->errs.v[i].off, p->errs.v[i].msg);
        qsort(es, p->errs.n, sizeof *es, gs_pos_err_cmp);
        for (size_t i = 0; i < p->errs.n; i++) base_diags_add(diags, es[i].file, es[i].line, es[i].col, "%s", es[i].msg);
    }
    return f;
}

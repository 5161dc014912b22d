#include "plan/plan_json.h"

#include <stdint.h>
#include <string.h>

#include "base/vec.h"

typedef struct {
    base_arena *a;
    const char *p, *start, *end;
    const char *err;
    int depth;
} plan_jp;

static void *plan_jp_fail(plan_jp *jp, const char *what) {
    if (jp->err) return NULL;
    int line = 1, col = 1;
    for (const char *q = jp->start; q < jp->p && q < jp->end; q++) {
        if (*q == '\n') line++, col = 1;
        else col++;
    }
    jp->err = base_arena_printf(jp->a, "%d:%d: %s", line, col, what);
    return NULL;
}

static void plan_jp_ws(plan_jp *jp) {
    while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')) jp->p++;
}

static int plan_jp_hex4(plan_jp *jp, uint32_t *out) {
    if (jp->end - jp->p < 4) return -1;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = jp->p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
        else return -1;
    }
    jp->p += 4;
    *out = v;
    return 0;
}

static void plan_jp_utf8(base_buf *b, uint32_t cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) u[0] = (char)cp, n = 1;
    else if (cp < 0x800) u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    base_buf_append(b, u, n);
}

/* At the opening quote. */
static const char *plan_jp_string(plan_jp *jp, size_t *len) {
    base_buf b;
    base_buf_init(&b, jp->a);
    jp->p++;
    for (;;) {
        if (jp->p >= jp->end) return plan_jp_fail(jp, "unterminated string");
        unsigned char c = (unsigned char)*jp->p;
        if (c == '"') break;
        if (c < 0x20) return plan_jp_fail(jp, "control character in string");
        if (c != '\\') {
            base_buf_putc(&b, (char)c);
            jp->p++;
            continue;
        }
        jp->p++;
        if (jp->p >= jp->end) return plan_jp_fail(jp, "unterminated string");
        char e = *jp->p++;
        switch (e) {
        case '"': base_buf_putc(&b, '"'); break;
        case '\\': base_buf_putc(&b, '\\'); break;
        case '/': base_buf_putc(&b, '/'); break;
        case 'b': base_buf_putc(&b, '\b'); break;
        case 'f': base_buf_putc(&b, '\f'); break;
        case 'n': base_buf_putc(&b, '\n'); break;
        case 'r': base_buf_putc(&b, '\r'); break;
        case 't': base_buf_putc(&b, '\t'); break;
        case 'u': {
            uint32_t cp;
            if (plan_jp_hex4(jp, &cp)) return plan_jp_fail(jp, "bad \\u escape");
            if (cp >= 0xD800 && cp < 0xDC00 && jp->end - jp->p >= 6 && jp->p[0] == '\\' && jp->p[1] == 'u') {
                const char *save = jp->p;
                uint32_t lo;
                jp->p += 2;
                if (!plan_jp_hex4(jp, &lo) && lo >= 0xDC00 && lo < 0xE000)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else
                    jp->p = save, cp = 0xFFFD;
            } else if (cp >= 0xD800 && cp < 0xE000) {
                cp = 0xFFFD;
            }
            plan_jp_utf8(&b, cp);
            break;
        }
        default: return plan_jp_fail(jp, "bad escape in string");
        }
    }
    jp->p++;
    *len = b.n;
    return base_arena_strndup(jp->a, base_buf_cstr(&b), b.n);
}

static plan_json *plan_jp_value(plan_jp *jp);

static plan_json *plan_jp_container(plan_jp *jp, int obj) {
    plan_json *v = BASE_NEW(jp->a, plan_json);
    v->kind = obj ? PLAN_JOBJ : PLAN_JARR;
    BASE_VEC(const char *) keys = {0};
    BASE_VEC(plan_json *) items = {0};
    char close = obj ? '}' : ']';
    jp->p++;
    plan_jp_ws(jp);
    if (jp->p < jp->end && *jp->p == close) {
        jp->p++;
        return v;
    }
    for (;;) {
        plan_jp_ws(jp);
        if (obj) {
            if (jp->p >= jp->end || *jp->p != '"') return plan_jp_fail(jp, "expected string key");
            size_t kn;
            const char *k = plan_jp_string(jp, &kn);
            if (!k) return NULL;
            BASE_VEC_PUSH(jp->a, &keys, k);
            plan_jp_ws(jp);
            if (jp->p >= jp->end || *jp->p != ':') return plan_jp_fail(jp, "expected ':'");
            jp->p++;
        }
        plan_json *item = plan_jp_value(jp);
        if (!item) return NULL;
        BASE_VEC_PUSH(jp->a, &items, item);
        plan_jp_ws(jp);
        if (jp->p < jp->end && *jp->p == ',') {
            jp->p++;
            continue;
        }
        if (jp->p < jp->end && *jp->p == close) {
            jp->p++;
            break;
        }
        return plan_jp_fail(jp, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
    v->keys = keys.v;
    v->items = items.v;
    v->n = items.n;
    return v;
}

static int plan_jp_word(plan_jp *jp, const char *w) {
    size_t n = strlen(w);
    if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, w, n) != 0) return 0;
    jp->p += n;
    return 1;
}

static plan_json *plan_jp_value(plan_jp *jp) {
    plan_jp_ws(jp);
    if (jp->p >= jp->end) return plan_jp_fail(jp, "unexpected end of input");
    if (++jp->depth > 200) return plan_jp_fail(jp, "nested too deeply");
    plan_json *v = NULL;
    char c = *jp->p;
    if (c == '{' || c == '[') {
        v = plan_jp_container(jp, c == '{');
    } else if (c == '"') {
        size_t n;
        const char *s = plan_jp_string(jp, &n);
        if (s) v = BASE_NEW(jp->a, plan_json), v->kind = PLAN_JSTR, v->str = s, v->str_n = n;
    } else if (plan_jp_word(jp, "true")) {
        v = BASE_NEW(jp->a, plan_json);
        v->kind = PLAN_JBOOL;
        v->boolean = 1;
    } else if (plan_jp_word(jp, "false")) {
        v = BASE_NEW(jp->a, plan_json);
        v->kind = PLAN_JBOOL;
    } else if (plan_jp_word(jp, "null")) {
        v = BASE_NEW(jp->a, plan_json);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        const char *s = jp->p;
        while (jp->p < jp->end && strchr("+-.eE0123456789", *jp->p)) jp->p++;
        v = BASE_NEW(jp->a, plan_json);
        v->kind = PLAN_JNUM;
        v->str = base_arena_strndup(jp->a, s, (size_t)(jp->p - s));
        v->str_n = (size_t)(jp->p - s);
    } else {
        return plan_jp_fail(jp, "unexpected character");
    }
    jp->depth--;
    return v;
}

plan_json *plan_json_parse(base_arena *a, const char *text, size_t n, const char **err) {
    plan_jp jp = {.a = a, .p = text, .start = text, .end = text + n};
    plan_json *v = plan_jp_value(&jp);
    if (v) {
        plan_jp_ws(&jp);
        if (jp.p != jp.end) v = plan_jp_fail(&jp, "extra text after value");
    }
    if (!v && err) *err = jp.err ? jp.err : "malformed JSON";
    return v;
}

const plan_json *plan_json_get(const plan_json *obj, const char *key) {
    if (!obj || obj->kind != PLAN_JOBJ) return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
    return NULL;
}

const char *plan_json_get_str(const plan_json *obj, const char *key) {
    const plan_json *v = plan_json_get(obj, key);
    return v && v->kind == PLAN_JSTR ? v->str : NULL;
}

void plan_json_put_str(base_buf *b, const char *s) {
    base_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            base_buf_putc(b, '\\');
            base_buf_putc(b, (char)*p);
        } else if (*p < 0x20) {
            base_buf_printf(b, "\\u%04x", *p);
        } else {
            base_buf_putc(b, (char)*p);
        }
    }
    base_buf_putc(b, '"');
}

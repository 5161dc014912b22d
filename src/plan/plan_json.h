/* A small JSON reader and string writer: enough for `go env -json` (a flat
 * object of strings) and a user's -overlay file ({"Replace": {...}}).
 * Values live in the caller's arena. */
#ifndef PLAN_JSON_H
#define PLAN_JSON_H

#include <stddef.h>

#include "base/arena.h"
#include "base/str.h"

typedef enum { PLAN_JNULL, PLAN_JBOOL, PLAN_JNUM, PLAN_JSTR, PLAN_JARR, PLAN_JOBJ } plan_jkind;

typedef struct plan_json plan_json;
struct plan_json {
    plan_jkind kind;
    const char *str;  /* PLAN_JSTR: decoded, NUL-terminated; PLAN_JNUM: its text */
    size_t str_n;     /* length of str (strings may hold NUL bytes) */
    int boolean;      /* PLAN_JBOOL */
    const char **keys;/* PLAN_JOBJ: n keys */
    plan_json **items;/* PLAN_JARR / PLAN_JOBJ: n values */
    size_t n;
};

/* Parses text[0..n). Returns NULL on malformed input, with *err set to
 * "line:col: what" (1-based). */
plan_json *plan_json_parse(base_arena *a, const char *text, size_t n, const char **err);

/* The value under key in an object, or NULL. */
const plan_json *plan_json_get(const plan_json *obj, const char *key);
/* The string under key, or NULL when missing or not a string. */
const char *plan_json_get_str(const plan_json *obj, const char *key);

/* Appends s as a JSON string literal (quotes included). */
void plan_json_put_str(base_buf *b, const char *s);

#endif

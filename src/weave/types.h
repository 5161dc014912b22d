/* Canonical spelling of Go type expressions, so that a type written in the
 * target package (`*Request`) and in a hook package (`*http.Request`) can be
 * compared: package names are resolved to import paths through the file's
 * imports, unqualified names to the file's own package, builtin aliases to
 * what they denote (any = interface{}, byte = uint8, rune = int32). */
#ifndef WEAVE_TYPES_H
#define WEAVE_TYPES_H

#include <stdbool.h>

#include "base/arena.h"
#include "weave/src.h"

typedef struct {
    base_arena *arena;
    const weave_src *src;
    const char *self_pkg;  /* import path of the file's own package */
    const base_str *tparams; /* type parameter names in scope */
    size_t n_tparams;
    /* results of the last weave_type_canon */
    bool generic;          /* the type mentions a type parameter */
    const char *err;       /* why it could not be resolved */
    const gs_node *err_node;
} weave_tctx;

/* Canonical string of type expression t, or NULL (err/err_node set). */
char *weave_type_canon(weave_tctx *c, const gs_node *t);

/* Whether type expression t mentions one of names (type parameters). */
bool weave_type_mentions(const gs_node *t, const base_str *names, size_t n);

#endif

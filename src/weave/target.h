/* A target function seen as the values a hook can get: the receiver and
 * parameters (Before) and the results (After), each a "slot". */
#ifndef WEAVE_TARGET_H
#define WEAVE_TARGET_H

#include "weave/src.h"

typedef struct {
    gs_field *field;
    gs_ident *name;   /* NULL when the field is unnamed */
    const char *what; /* "receiver", "parameter", "result" */
    int index;        /* 0-based among its kind */
} weave_slot;

typedef struct {
    const weave_src *src;
    gs_func_decl *fd;
    weave_slot *before; /* receiver (if any) then parameters */
    size_t n_before;
    weave_slot *after;  /* results */
    size_t n_after;
    base_str *tparams;  /* type parameters of the function or of its receiver's type */
    size_t n_tparams;
    bool recv_generic;  /* a method of a generic type */
    gs_ident **blank_targs; /* `_` type parameters of the receiver (func (l *L[_]) M), */
    size_t n_blank;         /* renamed __gotel_tN so that trampolines can name them */
} weave_target;

void weave_target_init(base_arena *a, weave_target *t, const weave_src *src, gs_func_decl *fd);

/* Source text of n with the receiver's `_` type parameters named. */
base_str weave_target_text(base_arena *a, const weave_target *t, const gs_node *n);

/* "parameter 2 (x)" / "receiver (t)" / "result 1" for messages. */
const char *weave_slot_desc(base_arena *a, const weave_slot *s);

#endif

/* Generation of the code woven around one target function. */
#ifndef WEAVE_GEN_H
#define WEAVE_GEN_H

#include "base/str.h"
#include "weave/edit.h"
#include "weave/target.h"
#include "weave/weave.h"

typedef struct {
    base_arena *a;
    base_diags *d;
    const weave_src *src;
    weave_edits edits;  /* changes to the file's own text */
    base_buf tail;      /* code appended to the file */
    gs_func_decl **renamed; /* functions whose anonymous names were already given */
    size_t n_renamed;
} weave_gen;

void weave_gen_init(weave_gen *g, base_arena *a, base_diags *d, const weave_src *src);
/* Weaves rule r around fd; k numbers the target in the package. 0 or -1. */
int weave_gen_target(weave_gen *g, const weave_rule *r, gs_func_decl *fd, int k);
/* The variable woven code uses for a slot (generated for unnamed ones). */
const char *weave_slot_var(base_arena *a, const weave_slot *s);
/* Gives every anonymous or `_` receiver, parameter and result of t a name. */
void weave_gen_names(weave_gen *g, const weave_target *t);
/* Weaves a local rule (weave_rule_local) around fd: direct calls of hooks
 * of the package itself. 0 or -1. */
int weave_gen_local(weave_gen *g, const weave_rule *r, gs_func_decl *fd);
/* Appends r->field to the struct type st, leaving every original token at
 * its line and column. */
void weave_gen_field(weave_gen *g, const weave_rule *r, const gs_struct_type *st);
/* Weaves a span around fd when its declaration carries //gotel:span
 * (pkg: the package name, for the default span name); *woven tells. 0 or
 * -1 (a bad directive, in g->d). */
int weave_gen_span(weave_gen *g, gs_func_decl *fd, const char *pkg, bool *woven);
/* Identifier-safe form of an instrumentation name, for __gotel_on_<name>. */
const char *weave_switch_name(base_arena *a, const char *inst);

#endif

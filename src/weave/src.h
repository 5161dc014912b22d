/* One Go source file as the weaver sees it: its text and its syntax tree,
 * plus the lookups the weaver needs on them. */
#ifndef WEAVE_SRC_H
#define WEAVE_SRC_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/str.h"
#include "gosyntax/ast.h"

typedef struct {
    const char *path;  /* as given */
    char *text;
    size_t len;
    gs_file *file;
    bool syntax_ok;    /* false: the parser reported errors (kept in the arena's own list) */
} weave_src;

/* Reads and parses path. A read error goes to d and gives NULL; syntax
 * errors only clear syntax_ok (the compiler reports them better). */
weave_src *weave_src_load(base_arena *a, const char *path, base_diags *d);
/* The same in two steps, so that files that cannot hold a target are never
 * parsed: read (file NULL), then parse. */
weave_src *weave_src_read(base_arena *a, const char *path, base_diags *d);
void weave_src_parse(base_arena *a, weave_src *s);
/* Whether the text contains word as a whole identifier somewhere. */
bool weave_src_mentions(const weave_src *s, const char *word);

/* The text of node n. */
base_str weave_text(const weave_src *s, const gs_node *n);
/* Import path declared for package name `name` in s (handles explicit
 * names and the usual last-element guesses); NULL if none. */
const char *weave_import_path(base_arena *a, const weave_src *s, base_str name);
/* Unquoted import path of an import spec. */
char *weave_spec_path(base_arena *a, const gs_import_spec *is);

/* The function declaration of s named fn with receiver base type recv
 * ("T" or "*T", NULL for plain functions); NULL when there is none. */
gs_func_decl *weave_find_func(const weave_src *s, const char *fn, const char *recv);

/* The struct type declared as `type name struct {...}` at the top level of
 * s (not an alias, not generic); NULL when there is none. */
gs_struct_type *weave_find_struct(const weave_src *s, const char *name);

/* Receiver base type of a method: strips `*` (setting *ptr), parentheses and
 * type arguments; sets *targs to the IndexExpr/IndexListExpr when present. */
gs_ident *weave_recv_base(gs_node *t, bool *ptr, gs_node **targs);

#endif

/* The outline of a Go file: what a rule check or a //gotel:span directive
 * can depend on, without the statements. The plan cache compares outlines
 * of the files of packages that rules target, so that an edit inside a
 * function body (or of a plain comment) reuses the plan. */
#ifndef GS_OUTLINE_H
#define GS_OUTLINE_H

#include <stddef.h>

#include "base/arena.h"
#include "base/str.h"

/* Appends to out the tokens of src outside the bodies of top-level
 * function and method declarations, one per line, and its //gotel:
 * comments; other comments and all positions are left out. Function
 * literals outside declarations' bodies are kept whole. Broken syntax is
 * outlined as scanned: at worst a body counts as outline. */
void gs_outline(base_arena *a, const char *src, size_t len, base_buf *out);

#endif

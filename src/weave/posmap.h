/* Positions as the compiler will report them: a file that already carries
 * line directives (cgo output, `go build -cover` output) maps its text to
 * another file's lines. The directives the weaver adds must restore those
 * positions, not the physical ones. Follows cmd/compile/internal/syntax:
 * `//line` at the start of a line applies from the next line, `/\*line*\/`
 * right after the comment; with a column, the directive's line is
 * column-relative; without one, columns are unknown until the next one. */
#ifndef WEAVE_POSMAP_H
#define WEAVE_POSMAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "gosyntax/ast.h"

typedef struct {
    int32_t at;       /* offset where the directive starts to apply */
    int at_line, at_col; /* physical line/col of `at` */
    const char *file;
    int line, col;    /* col 0: unknown */
} weave_linebase;

typedef struct weave_posmap {
    const char *file; /* the file's own name, before any directive */
    weave_linebase *v;
    size_t n;
} weave_posmap;

/* Collects the line directives among f's comments. */
void weave_posmap_init(weave_posmap *m, base_arena *a, const char *src, size_t len, const gs_file *f,
                       const char *file);

/* The position of physical (line, col) at offset off, as the compiler sees
 * it; *col is 0 when unknown. */
void weave_posmap_pos(const weave_posmap *m, int32_t off, int pline, int pcol, const char **file, int *line,
                      int *col);

#endif

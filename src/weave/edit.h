/* Byte-range edits of one source text, applied in one pass. After every
 * edit that is followed by more original text on the same line, a
 * `/\*line FILE:L:C*\/` directive gives that text back its original
 * position, so the compiler sees every original token where it was. */
#ifndef WEAVE_EDIT_H
#define WEAVE_EDIT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/vec.h"

typedef struct {
    int32_t off, end; /* replaced range [off, end); off == end inserts */
    const char *text;
    size_t seq;       /* insertion order, to keep edits at one offset stable */
} weave_edit;

struct weave_posmap;

typedef struct {
    base_arena *arena;
    BASE_VEC(weave_edit) v;
    const struct weave_posmap *posmap; /* or NULL: positions are physical, in line_file */
} weave_edits;

void weave_edits_init(weave_edits *e, base_arena *a);
void weave_edit_insert(weave_edits *e, int32_t off, const char *text);
void weave_edit_replace(weave_edits *e, int32_t off, int32_t end, const char *text);

/* Applies every edit to src[0:len) and returns the new text (NUL-terminated,
 * length in *out_len). line_file is the file name written into the line
 * directives (unless e->posmap maps positions through the file's own line
 * directives). Returns NULL when two edits overlap or one lies outside src. */
char *weave_edits_apply(const weave_edits *e, const char *src, size_t len, const char *line_file,
                        size_t *out_len);

/* 1-based line and byte column of offset off in src. */
void weave_linecol(const char *src, size_t len, size_t off, int *line, int *col);

#endif

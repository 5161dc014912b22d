/* The header of a Go file: everything up to the end of its import
 * declarations (build constraints, package clause, imports, the cgo
 * preamble). What a build's package graph depends on lives there, so the
 * plan cache compares headers when a file's body changes. */
#ifndef GS_HEADER_H
#define GS_HEADER_H

#include <stddef.h>

#include "base/arena.h"

/* Length of src's header: the offset of the first token after the package
 * clause and the import declarations (len when there is none). Broken
 * syntax ends the header where it is found, so a change there still counts. */
size_t gs_header_len(base_arena *a, const char *src, size_t len);

#endif

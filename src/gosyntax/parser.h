/* Go parser, mirroring go/parser with ParseComments|SkipObjectResolution|
 * AllErrors: recursive descent, the same AST (see ast.h), the same error
 * messages and recovery. */
#ifndef GS_PARSER_H
#define GS_PARSER_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "gosyntax/ast.h"

/* Parses one file. Always returns a File (with Bad* nodes where the source
 * is broken); every syntax error is appended to diags as
 * `filename:line:col: message`, sorted by position and with at most one
 * error per line, as `gofmt -e` prints them. The tree, its strings and
 * the diagnostics live in arena `a`; src must outlive the tree (strings
 * point into it). */
gs_file *gs_parse_file(base_arena *a, const char *filename, const char *src, size_t len,
                       base_diags *diags);

#endif

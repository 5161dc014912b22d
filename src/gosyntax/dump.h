/* Canonical text dump of a syntax tree (format: docs/ast-dump.md), the
 * same text tests/oracle/godump prints from go/ast. */
#ifndef GS_DUMP_H
#define GS_DUMP_H

#include "base/str.h"
#include "gosyntax/ast.h"

/* Appends the dump of file f to b. */
void gs_dump_file(base_buf *b, const gs_file *f);

#endif

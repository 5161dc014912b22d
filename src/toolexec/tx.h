/* `gotel toolexec <planfile> <tool> <args...>`: the -toolexec entry the go
 * command runs for every tool of an instrumented build. Passthrough
 * (everything but a planned compile and -V=full) execs the real tool at
 * once. The pure argument logic is split out so that unit tests cover it. */
#ifndef TX_H
#define TX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "rules/planfile.h"

/* "/…/pkg/tool/linux_amd64/compile" → "compile" (".exe" dropped). */
const char *tx_tool_name(base_arena *a, const char *tool_path);

/* TOOLEXEC_IMPORTPATH → the package's import path: "p [p.test]" → "p";
 * "p_test [p.test]" → "p_test" (external tests are their own package). */
const char *tx_importpath_clean(base_arena *a, const char *s);

/* Is this invocation the go command's identity query (`tool -V=full`)? */
bool tx_is_version_query(int nargs, char *const *args);

/* The -V=full answer: the tool's own line with " gotel:<salt16>" appended;
 * for a devel toolchain (third field contains "devel") inserted before the
 * final buildID=… field, which the go command requires to stay last.
 * Returns the line with its newline, or NULL with *err when the tool's
 * answer is not of the expected shape. */
char *tx_version_line(base_arena *a, const char *tool_output, const char *salt16, const char **err);

/* A compile's command line, split. */
typedef struct {
    const char *ofile;   /* value of -o, or NULL */
    const char *pkgpath; /* value of -p, or NULL */
    size_t first_file;   /* index of the first .go file: the files run to the end */
    size_t nfiles;
    bool complete;       /* -complete present */
} tx_compile;

/* Splits compile args: flags, then the Go files (the go command passes them
 * last, as absolute paths). Returns 0, or -1 with *err when no Go file is
 * found at the end. */
int tx_compile_parse(char *const *args, size_t nargs, tx_compile *c, const char **err);

/* New compile args: the flags of args (without -complete when
 * drop_complete), then files. NULL-terminated; *n excludes the NULL. */
const char **tx_compile_rewrite(base_arena *a, char *const *args, const tx_compile *c, const char *const *files,
                                size_t nfiles, bool drop_complete, size_t *n);

/* Lowers the compile flag -lang=goX (before args[first_file]) to
 * -lang=go<lang> when lang ("1.21") is older than X; never raises it.
 * Returns whether an argument was replaced. */
bool tx_compile_set_lang(base_arena *a, char **args, size_t first_file, const char *lang);

/* Expands a single "@file" argument (the go command's response files:
 * one argument per line, backslash and newline escaped) into out and nout; other
 * argument lists are returned as they are. Returns 0 or -1 with *err. */
int tx_expand_response(base_arena *a, char *const *args, size_t nargs, char ***out, size_t *nout, const char **err);

/* A link's -importcfg file (flag forms "-importcfg F" and "-importcfg=F"),
 * or NULL. */
const char *tx_link_importcfg(char *const *args, size_t nargs);

/* Given the text of a link's importcfg: when it links a package into which
 * the plan weaves hook calls (by go:linkname) but not gotel's runtime
 * (gotel.dev/runtime/boot, which the boot file of a planned main package
 * imports through 0.gotel.dev/first), returns the first such woven
 * package: unless the linker finds the woven calls unreachable, the link
 * fails with undefined hook symbols. Else NULL. */
const char *tx_link_unbooted(base_arena *a, const char *importcfg, size_t n, const rules_plan *plan);

/* The standard error (n bytes) of such a link, when it failed, without what
 * gotel's sentence explains: the lines naming gotel.dev/ symbols (the hooks
 * nothing links in) and, from a line "panic: " on, the linker's own crash
 * on them (a missing funcdata section). The program's own errors stay. */
const char *tx_link_unbooted_errors(base_arena *a, const char *err, size_t n);

/* The cover tool's argv (argv[0] the tool, n entries) with each Go file that
 * exists only in the overlay next to planfile replaced by its backing file,
 * or NULL when none does (cover.c). */
const char **tx_cover_args(base_arena *a, const char *planfile, char *const *argv, size_t n);

#endif

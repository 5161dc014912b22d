/* The plan file: what the plan phase (`gotel go`) tells every toolexec
 * invocation of one build — the cache salt and, per target package, the
 * rules to weave with their hook modes. docs/architecture.md "The plan file"
 * gives the format. The reader runs on every tool invocation: one read(2),
 * fields parsed in place, no per-field allocation. */
#ifndef RULES_PLANFILE_H
#define RULES_PLANFILE_H

#include <stddef.h>

#include "base/arena.h"
#include "base/str.h"
#include "weave/weave.h"

enum { RULES_PLAN_VERSION = 1 };

typedef struct {
    const char *import_path; /* the package as TOOLEXEC_IMPORTPATH names it, without " [p.test]" */
    weave_rule *rules;       /* rules[i].package == import_path */
    size_t nrules;
} rules_plan_pkg;

/* A main-module package whose compile gets the module's own -lang back
 * (the scratch go.mod's raised go line would give a newer one). */
typedef struct {
    const char *import_path;
    const char *version; /* "1.21" */
} rules_plan_lang;

typedef struct {
    const char *salt;  /* 64 hex digits */
    const char *gotel; /* absolute path of the gotel binary that wrote it */
    rules_plan_pkg *pkgs;
    size_t npkgs;      /* sorted by import_path after reading */
    rules_plan_lang *langs;
    size_t nlangs;     /* sorted by import_path after reading */
    /* Packages some rule targets that this build's package list lacks, and
     * GOMODCACHE. A package beneath GOMODCACHE cannot get the overlaid
     * marker file that keys a woven compile apart from an unwoven one, so
     * toolexec refuses to compile such a package unwoven under this plan's
     * salt (a build the plan does not describe: GOFLAGS mode). */
    const char **guards;
    size_t nguards;
    const char *modcache; /* NULL or "" when unknown */
} rules_plan;

/* Appends the plan's text to b. Packages are written in import-path order
 * and rules in the order given, so equal plans give equal files. */
void rules_plan_format(base_buf *b, const rules_plan *p);
/* Writes the plan file atomically. Returns 0, or -1 with *err. */
int rules_plan_write(base_arena *a, const char *path, const rules_plan *p, const char **err);

/* Parses text[0..n) in place (text must be writable and NUL-terminated at
 * n). Returns 0, or -1 with *err as "line N: what". */
int rules_plan_parse(base_arena *a, char *text, size_t n, rules_plan *p, const char **err);
/* Reads and parses a plan file. Returns 0, or -1 with *err naming the file. */
int rules_plan_read(base_arena *a, const char *path, rules_plan *p, const char **err);

/* The entry for an import path, or NULL (binary search). */
const rules_plan_pkg *rules_plan_find(const rules_plan *p, const char *import_path);

/* The language version recorded for an import path, or NULL. */
const char *rules_plan_find_lang(const rules_plan *p, const char *import_path);

/* Whether import_path is one of the plan's guards. */
bool rules_plan_guarded(const rules_plan *p, const char *import_path);

/* The salt alone, from the start of a plan file's text (for -V=full, which
 * needs nothing else). Returns NULL when the header is malformed. */
const char *rules_plan_peek_salt(base_arena *a, const char *text, size_t n);

#endif

/* The inputs a cached plan and a finished build depend on, with what was
 * seen of each: its stat and a digest of its content (for a directory, of
 * the names in it that a build can see). A check re-stats every entry and
 * digests only the ones whose stat moved, so an unchanged tree costs one
 * stat per entry. Two verdicts come out of a check:
 *   - the plan still holds: only bodies of Go files changed (their headers,
 *     see gosyntax/header.h, are the same), so no package, import or rule
 *     target moved;
 *   - the build is up to date: nothing changed at all.
 * A stat newer than PLAN_WATCH_SETTLE_NS before the snapshot is not trusted
 * (a second write within one timestamp tick would not move it); such an
 * entry is digested on every check, as the go command does for its module
 * index and test cache. */
#ifndef PLAN_WATCH_H
#define PLAN_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/vec.h"

#define PLAN_WATCH_SETTLE_NS 2000000000LL

typedef enum {
    PLAN_W_FILE = 'f',    /* any file, or its absence */
    PLAN_W_GO = 'g',      /* a Go source file: content and header digests */
    PLAN_W_DIR = 'd',     /* a package directory: Go and other source files, subdirectories */
    PLAN_W_DIRTEST = 't', /* the same, _test.go files included */
    PLAN_W_DIRALL = 'a',  /* every name (embedded trees) */
    PLAN_W_OUT = 'o',     /* a build output: its stat alone */
    PLAN_W_TOOL = 'x',    /* a program the build runs (go, the C compiler): its stat alone */
} plan_wkind;

typedef struct {
    char kind;
    bool plan_full;  /* the plan depends on the outline (a rule's target), not the header */
    bool build_only; /* the plan does not depend on it at all (embedded files, C sources) */
    bool recheck;   /* stat too recent to trust */
    bool exists;
    uint64_t dev, ino, size;
    int64_t mtime_ns, ctime_ns;
    char full[BASE_SHA256_HEX]; /* content or listing digest; "" for outputs and missing files */
    char head[BASE_SHA256_HEX]; /* header (plan_full: outline) digest of a Go file, else "" */
    const char *path;
} plan_wentry;

typedef struct {
    BASE_VEC(plan_wentry) e;
} plan_watch;

typedef struct {
    bool plan_ok;  /* the cached plan still describes this build */
    bool build_ok; /* every input and output is as the last build left it */
    bool moved;    /* some entry changed: the state is worth saving */
} plan_watch_verdict;

typedef enum { PLAN_DEP_HEADER, PLAN_DEP_FULL, PLAN_DEP_NONE } plan_dep;

/* Adds an entry; dep says what of it the plan depends on (PLAN_DEP_HEADER
 * means all of it for anything but a Go file). Duplicates are folded by
 * plan_watch_snapshot. */
void plan_watch_add(base_arena *a, plan_watch *w, plan_wkind kind, const char *path, plan_dep dep);

/* Sorts, folds duplicates, and records stat and digests of every entry
 * (outputs: stat only). now_ns is the clock at the snapshot. */
void plan_watch_snapshot(base_arena *a, plan_watch *w, int64_t now_ns);

/* Re-stats every entry and compares; afterwards every entry describes the
 * tree as it is now (what the next build will read). */
plan_watch_verdict plan_watch_check(base_arena *a, plan_watch *w, int64_t now_ns);

/* True when every input is still as last recorded (stats of entries whose
 * content proved the same are updated). */
bool plan_watch_still(base_arena *a, plan_watch *w);

/* Records the stats of the outputs; false when one does not exist. */
bool plan_watch_settle_outputs(plan_watch *w);

/* One line per entry, and its parser (false on a malformed line). */
void plan_watch_format(const plan_watch *w, base_buf *out);
bool plan_watch_parse_line(base_arena *a, plan_watch *w, const char *line);

/* Wall clock in nanoseconds. */
int64_t plan_watch_now(void);

/* Whether a name in a directory listing can matter to the go command. */
bool plan_watch_source_name(const char *name, bool tests);

#endif

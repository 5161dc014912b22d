/* Running other programs: never through a shell, with an explicit argv.
 *
 * base_proc_run spawns a child (posix_spawnp: PATH lookup, exec failures
 * reported to the parent as errors rather than as a mysterious exit 127),
 * optionally with extra environment entries, another working directory and
 * captured stdout/stderr, and waits for it. base_proc_run_forward is the
 * variant for a long-running foreground child (`gotel go` running `go`):
 * SIGINT/SIGTERM/SIGHUP/SIGQUIT sent to us are passed on to the child, and
 * base_proc_exit_like makes our own death look like the child's. */
#ifndef BASE_PROC_H
#define BASE_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct {
    const char *const *argv;    /* argv[0] is looked up in PATH; NULL-terminated */
    const char *const *env_add; /* "KEY=VALUE" entries set in the child (override), or NULL */
    const char *const *env_del; /* names removed from the child's environment, or NULL */
    const char *cwd;            /* working directory of the child, or NULL */
    bool capture_stdout;        /* collect stdout into base_proc_result.out */
    bool capture_stderr;        /* collect stderr into base_proc_result.err */
    bool stdin_devnull;         /* child reads /dev/null instead of our stdin */
    bool keep_fds;              /* pass descriptors >= 3 on (default: closed in the child) */
    /* run_forward only: a signal that arrived before forwarding began (noted
     * by the caller's own handler), or 0; it is sent to the child at once. */
    int (*forward_pending)(void);
} base_proc_opts;

typedef struct {
    int exit_code;    /* exit status when it exited, else -1 */
    int signal;       /* the signal that killed it, else 0 */
    char *out, *err;  /* captured output, NUL-terminated (arena), or NULL */
    size_t out_n, err_n;
} base_proc_result;

/* Runs the program and waits for it. Returns 0 when the child ran (its fate
 * is in *res; a non-zero exit is not an error here), -1 when it could not be
 * started (e.g. not found); then *err says why. */
int base_proc_run(base_arena *a, const base_proc_opts *o, base_proc_result *res, const char **err);

/* Like base_proc_run (captures are honoured) but while the child runs,
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT delivered to this process are sent to
 * the child instead of killing us; our previous handlers are restored after. */
int base_proc_run_forward(base_arena *a, const base_proc_opts *o, base_proc_result *res,
                          const char **err);

/* Shell-style status: the exit code, or 128+signal. */
int base_proc_status(const base_proc_result *res);

/* Ends this process the way the child ended: exit with its code, or die of
 * the same signal (default disposition) so that our parent sees the same. */
_Noreturn void base_proc_exit_like(const base_proc_result *res);

/* Replaces this process by argv[0] (an absolute or relative path, no PATH
 * lookup) with argv. Returns only on failure: -1 with *err set. */
int base_exec(base_arena *a, const char *const *argv, const char **err);

#endif

/* The command line of `gotel go <build|install|run|test> …`, split the way
 * the go command splits it: build flags (some of which the plan's `go list`
 * needs too), the package patterns, and what belongs to the program or the
 * test binary. The flags gotel itself owns (-modfile, -overlay, -mod,
 * -toolexec) are taken out and remembered, so the final command can carry
 * gotel's own values instead. */
#ifndef PLAN_ARGS_H
#define PLAN_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef enum { PLAN_CMD_BUILD, PLAN_CMD_INSTALL, PLAN_CMD_RUN, PLAN_CMD_TEST, PLAN_CMD_SETUP } plan_cmd;

typedef struct {
    const char **v;
    size_t n, cap;
} plan_strv;

void plan_strv_push(base_arena *a, plan_strv *v, const char *s);
bool plan_strv_has(const plan_strv *v, const char *s);

typedef struct {
    plan_cmd cmd;
    const char *subcmd;   /* "build", "install", "run", "test" */
    const char *chdir;    /* -C, or NULL */
    const char *modfile;  /* the user's -modfile, or NULL */
    const char *overlay;  /* the user's -overlay, or NULL */
    const char *mod;      /* the user's -mod, or NULL */
    bool setup_test;      /* gotel setup (unless -test=false): also prepare tested packages */
    plan_strv list_flags; /* build flags `go list` must see, as "-name=value" */
    plan_strv pass;       /* the user's args for the final go command, in order,
                             without -C/-modfile/-overlay/-mod */
    plan_strv packages;   /* package patterns or .go files */
    bool files;           /* packages are .go files (command-line-arguments) */
    size_t files_end;     /* index in pass just after the last .go file */
} plan_args;

/* Parses args (after the subcommand). Returns 0, or -1 with *err set to one
 * sentence (e.g. a flag that needs a value, or a user -toolexec). */
int plan_args_parse(base_arena *a, plan_cmd cmd, int argc, char *const *argv, plan_args *out,
                    const char **err);

/* Maps "build"/"install"/"run"/"test" to a plan_cmd; -1 for anything else. */
int plan_cmd_of(const char *subcmd);

/* Quotes a word for a -toolexec value (which the go command splits like a
 * shell would, honouring single and double quotes). */
const char *plan_quote_word(base_arena *a, const char *s);

#endif

/* The weaver: rewrites the files of one Go package so that target functions
 * call hook functions (docs/weaving.md describes the generated code).
 *
 * Two entry points, used at two different times:
 *  - plan time (weave_check_rule): the target function exists and the hook
 *    signatures fit it; this fixes how each value is passed (the modes);
 *  - compile time (weave_package): write rewritten copies of the files that
 *    hold targets, plus one generated file per package.
 * Everything allocated lives in the caller's arena. */
#ifndef WEAVE_H
#define WEAVE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

/* How one receiver/parameter/result is handed to a hook, decided by the
 * type the hook declares for it (docs/architecture.md "Hook functions"). */
typedef enum {
    WEAVE_MODE_VALUE, /* hook declares T: gets the value */
    WEAVE_MODE_PTR,   /* hook declares *T: gets a pointer to the variable */
    WEAVE_MODE_ANY,   /* hook declares any/interface{}: gets the value boxed */
    WEAVE_MODE_UPTR,  /* hook declares unsafe.Pointer: gets the variable's address */
} weave_mode;

/* "value", "ptr", "any", "uptr" (the plan file's spelling). */
const char *weave_mode_name(weave_mode m);
/* Parses that spelling; returns false when s is none of them. */
bool weave_mode_parse(const char *s, weave_mode *out);

typedef struct {
    const char *instrumentation, *name;     /* "nethttp", "server" */
    const char *package;                    /* target import path, "net/http" */
    const char *function, *receiver;        /* receiver "T", "*T" or NULL */
    const char *hooks_pkg, *before, *after; /* before/after NULL when absent */
    bool switchable;
    const weave_mode *before_modes;         /* receiver (if any) then params */
    size_t n_before;
    const weave_mode *after_modes;          /* results */
    size_t n_after;
    const char *inject;                     /* absolute path of a Go file to add to the package, or NULL */
    const char *struct_name, *field;        /* a field ("name Type") to append to a struct type, or NULL */
} weave_rule;

/* The rule the planner adds to a main-module package whose files carry
 * //gotel:span directives (instrumentation "span", name "directive", no
 * function): every annotated function of the package is woven. */
bool weave_rule_directive(const weave_rule *r);

/* A rule whose hooks live in the target package itself (in a file a rule
 * of the same package injects): they are called directly, with no
 * trampoline, switch or panic guard — for code woven into package runtime,
 * where none of those may run. Only Before, which gets the receiver and
 * parameters: an After would need a defer, which may not run on the
 * system stack once optimisations are off (-gcflags=-N). */
bool weave_rule_local(const weave_rule *r);

/* Plan time: find the target function in the target package's files and the
 * hook functions in the hook package's files, check the hook signatures
 * against the target (docs/architecture.md "Hook functions"), and fill
 * before_modes/after_modes (allocated in a). Errors name the rule, the hook's
 * file:line:col, the parameter and the accepted forms.
 * Returns 0 (ok), -1 (error, in d) or 1 (the target function is not in
 * these files: the rule does not apply). Inject-only rules return 0; struct
 * rules 0 or 1 (the struct type is not in these files); local rules (see
 * weave_rule_local) 0 or 1, with no modes: the compiler checks their calls. */
int weave_check_rule(base_arena *a, weave_rule *r, const char *const *target_files, size_t nt,
                     const char *const *hook_files, size_t nh, base_diags *d);

/* Compile time: given the compile's Go files and the rules for this package
 * (modes filled, as from weave_check_rule or the plan file), write rewritten
 * copies and generated files into outdir (which must exist). *out_files gets
 * the list to pass to the compiler: rewritten paths replace the originals in
 * place, new files are appended. *bodyless is set when the generated code
 * declares bodyless functions (the caller then drops -complete). A rule whose
 * target is in none of the files is ignored. Returns 0 or -1 (errors in d). */
int weave_package(base_arena *a, const char *const *files, size_t nfiles, const weave_rule *rules,
                  size_t nrules, const char *outdir, const char ***out_files, size_t *n_out,
                  bool *bodyless, base_diags *d);

/* Name of the per-package generated file. */
#define WEAVE_PKG_FILE "__gotel_pkg.go"

#endif

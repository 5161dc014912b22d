/* `gotel setup`: GOFLAGS mode, for builds whose `go` command line belongs
 * to a Makefile or a CI script. It runs the plan phase once, into a
 * persistent scratch directory keyed by the module and the arguments, and
 * prints the environment that makes a plain `go build` instrumented:
 *
 *   eval "$(gotel setup ./...)"     # export GOFLAGS='-toolexec=… -modfile=… …'
 *   make                            # its `go build` is now gotel's
 *
 * GOFLAGS is split at spaces and has no quoting, so every value in it must
 * be free of spaces: the -toolexec value is a generated wrapper script
 * (<dir>/toolexec) that runs `gotel toolexec <plan>`. */
#include <stdio.h>
#include <string.h>

#include "base/file.h"
#include "base/sha256.h"
#include "base/str.h"
#include "commands.h"
#include "plan/plan_build.h"
#include "plan/plan_raise.h"

static int plan_setup_usage(void) {
    fputs("usage: gotel setup [-test=false] [-goflags] [build flags] [packages]\n\n"
          "Prepares an instrumented build of the packages (default ./...) and prints\n"
          "shell commands setting GOFLAGS (and GOWORK in workspace mode) so that plain\n"
          "go build/install/run/test commands build through gotel:\n\n"
          "  eval \"$(gotel setup ./...)\" && make\n\n"
          "  -test=false  prepare main packages only; go test of packages that use\n"
          "               instrumented libraries then fails to link in this environment\n"
          "  -goflags     print only the value for GOFLAGS (not in workspace mode)\n\n"
          "Run it again after go.mod changes or main packages are added.\n",
          stderr);
    return 2;
}

/* Single-quoted for sh. */
static const char *plan_sh_quote(base_arena *a, const char *s) {
    base_buf b;
    base_buf_init(&b, a);
    base_buf_putc(&b, '\'');
    for (; *s; s++) {
        if (*s == '\'') base_buf_puts(&b, "'\\''");
        else base_buf_putc(&b, *s);
    }
    base_buf_putc(&b, '\'');
    return base_arena_strdup(a, base_buf_cstr(&b));
}

static bool plan_has_space(const char *s) { return strpbrk(s, " \t\n\r\v\f") != NULL; }

/* The user's GOFLAGS words that gotel does not take over. */
static void plan_keep_goflags(base_buf *b, const char *goflags) {
    for (const char *p = goflags; *p;) {
        while (*p == ' ' || *p == '\t') p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t') e++;
        if (e > p) {
            const char *w = p + (*p == '-') + (p[1] == '-');
            static const char *const drop[] = {"modfile=", "overlay=", "mod=", "toolexec="};
            bool keep = true;
            for (size_t i = 0; i < 4; i++)
                if (strncmp(w, drop[i], strlen(drop[i])) == 0) keep = false;
            if (keep) {
                base_buf_append(b, p, (size_t)(e - p));
                base_buf_putc(b, ' ');
            }
        }
        p = e;
    }
}

int cmd_setup(int argc, char **argv) {
    bool goflags_only = false;
    int first = 1;
    for (; first < argc; first++) {
        if (strcmp(argv[first], "-goflags") == 0 || strcmp(argv[first], "--goflags") == 0) goflags_only = true;
        else if (strcmp(argv[first], "-h") == 0 || strcmp(argv[first], "--help") == 0) return plan_setup_usage();
        else break;
    }
    base_arena *a = base_arena_new();
    plan_state st = {0};
    base_diags d;
    base_diags_init(&d, a);
    const char *err = NULL;
    int rc = 1;
    if (plan_args_parse(a, PLAN_CMD_SETUP, argc - first, argv + first, &st.args, &err)) {
        fprintf(stderr, "gotel setup: %s\n", err);
        base_arena_free(a);
        return 2;
    }
    if (st.args.packages.n == 0) {
        plan_strv_push(a, &st.args.packages, "./...");
        plan_strv_push(a, &st.args.pass, "./...");
    }
    if (plan_analyze(a, &st, &d, &err)) goto fail;
    for (size_t i = 0; i < st.raises.n; i++)
        fprintf(stderr, "gotel: instrumenting raises %s\n", plan_raise_line(a, &st.raises.v[i]));
    /* One directory per module, workspace and arguments: re-running setup
     * refreshes it in place. */
    base_sha256_ctx h;
    base_sha256_init(&h);
    const char *keyparts[] = {st.workdir, st.env.gomod, st.env.gowork, st.args.modfile ? st.args.modfile : "",
                              st.args.overlay ? st.args.overlay : "", st.embed.hash};
    for (size_t i = 0; i < sizeof keyparts / sizeof keyparts[0]; i++)
        base_sha256_update(&h, keyparts[i], strlen(keyparts[i]) + 1);
    for (int i = first; i < argc; i++) base_sha256_update(&h, argv[i], strlen(argv[i]) + 1);
    unsigned char sum[BASE_SHA256_SIZE];
    base_sha256_final(&h, sum);
    char hex[BASE_SHA256_HEX];
    base_hex(sum, 8, hex);
    const char *cache = plan_cache_dir(a, &err);
    if (!cache) goto fail;
    const char *dir = base_path_join(a, base_path_join(a, cache, "setup"), hex);
    if (plan_has_space(dir)) {
        err = base_arena_printf(a, "the setup directory %s contains a space, which GOFLAGS cannot carry; "
                                   "set GOTEL_CACHE to a directory without spaces", dir);
        goto fail;
    }
    if (base_mkdir_p(a, dir, &err)) goto fail;
    if (plan_write_scratch(a, &st, dir, &d, &err)) goto fail;
    const char *wrapper = base_path_join(a, dir, "toolexec");
    const char *script = base_arena_printf(a,
                                           "#!/bin/sh\n# Generated by gotel setup: the -toolexec of GOFLAGS mode.\n"
                                           "exec %s toolexec %s \"$@\"\n",
                                           plan_sh_quote(a, st.gotel_exe), plan_sh_quote(a, st.planfile));
    if (base_file_write_atomic(a, wrapper, script, strlen(script), 0755, &err)) goto fail;

    base_buf gf;
    base_buf_init(&gf, a);
    plan_keep_goflags(&gf, st.env.goflags);
    base_buf_printf(&gf, "-toolexec=%s", wrapper);
    if (!st.workspace) base_buf_printf(&gf, " -modfile=%s -mod=mod", st.modfile);
    base_buf_printf(&gf, " -overlay=%s", st.overlay);
    if (goflags_only) {
        if (st.workspace) {
            err = "in workspace mode GOWORK must be set as well; use 'eval \"$(gotel setup …)\"' instead of -goflags";
            goto fail;
        }
        printf("%s\n", base_buf_cstr(&gf));
    } else {
        printf("export GOFLAGS=%s\n", plan_sh_quote(a, base_buf_cstr(&gf)));
        if (st.workspace) printf("export GOWORK=%s\n", plan_sh_quote(a, st.gowork));
    }
    fprintf(stderr, "gotel setup: prepared %s (%zu rule%s matched); run again after go.mod changes\n", dir,
            st.entries.n, st.entries.n == 1 ? "" : "s");
    rc = 0;
    base_arena_free(a);
    return rc;
fail:
    rc = plan_report(&d, err);
    base_arena_free(a);
    return rc;
}

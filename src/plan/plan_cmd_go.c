/* `gotel go <build|install|run|test> …`: plan, then run the real go command
 * with gotel's -toolexec, scratch module file and overlay. Other go
 * subcommands run untouched. The exit status is go's; when go dies of a
 * signal, gotel dies of the same signal (after removing its scratch dir). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/proc.h"
#include "commands.h"
#include "plan/plan_build.h"
#include "plan/plan_cache.h"
#include "plan/plan_raise.h"
#include "plan/plan_signal.h"

static int plan_go_usage(void) {
    fputs("usage: gotel go [-rules FILE] <build|install|run|test> [go flags] [packages] [arguments]\n"
          "Other go subcommands are passed to go unchanged. -rules names the program's own\n"
          "rule file (default: gotel.yaml at the main module's root; docs/custom.md).\n",
          stderr);
    return 2;
}

/* Runs go with argv, forwarding signals; returns its fate in *r. */
static int plan_run_go(base_arena *a, const char *const *argv, const char *const *env,
                       base_proc_result *r) {
    /* A ^C between the plan's last check and the spawn reaches go too. */
    base_proc_opts o = {.argv = argv, .env_add = env, .forward_pending = plan_signal_pending};
    const char *err;
    if (base_proc_run_forward(a, &o, r, &err) != 0) {
        fprintf(stderr, "gotel: the go command was not found on PATH (%s); install Go or add its bin "
                        "directory to PATH\n", err);
        return -1;
    }
    return 0;
}

int plan_report(base_diags *d, const char *err) {
    if (d->count) base_diags_print(d, stderr);
    if (err && *err) fprintf(stderr, "gotel: %s\n", err);
    return 1;
}

/* The go command of a cached plan, when the watch list allows it; returns
 * whether it ran (or was not needed), with the exit status in *rc. */
static bool plan_try_cached(base_arena *a, plan_cache *c, int *rc) {
    if (!c->loaded) return false;
    plan_watch_verdict v = plan_watch_check(a, &c->watch, plan_watch_now());
    /* Before anything runs git: a new plan reads the VCS state itself. */
    if (!v.plan_ok) return false;
    if (plan_cache_unchanged(a, c, &v)) {
        if (v.moved) plan_cache_save(a, c);
        *rc = 0;
        return true;
    }
    plan_strv_push(a, &c->argv, NULL);
    plan_strv_push(a, &c->env, NULL);
    base_proc_result r;
    if (plan_run_go(a, c->argv.v, c->env.v, &r)) {
        *rc = 1;
        return true;
    }
    c->argv.n--, c->env.n--;
    if (r.signal == 0) plan_cache_commit(a, c, r.exit_code == 0);
    base_arena_free(a);
    base_proc_exit_like(&r);
}

int cmd_go(int argc, char **argv) {
    /* gotel's own flag, before the go subcommand: the program's rule file.
     * It travels as GOTEL_RULES, the variable GOFLAGS mode reads, and so
     * keys the plan cache like it. */
    while (argc > 1 && (strncmp(argv[1], "-rules", 6) == 0 || strncmp(argv[1], "--rules", 7) == 0)) {
        const char *v = strchr(argv[1], '=');
        const char *flag = argv[1] + (argv[1][1] == '-');
        if (strncmp(flag, "-rules", 6) != 0 || (flag[6] != 0 && flag[6] != '=')) break;
        if (!v && argc < 3) return plan_go_usage();
        setenv("GOTEL_RULES", v ? v + 1 : argv[2], 1);
        argc -= v ? 1 : 2;
        argv += v ? 1 : 2;
    }
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) return plan_go_usage();
    base_arena *a = base_arena_new();
    int cmd = plan_cmd_of(argv[1]);
    base_proc_result r;
    if (cmd < 0) {
        const char **gv = BASE_NEW_ARRAY(a, const char *, (size_t)argc + 1);
        gv[0] = "go";
        for (int i = 1; i < argc; i++) gv[i] = argv[i];
        int rc = plan_run_go(a, gv, NULL, &r);
        base_arena_free(a);
        if (rc) return 1;
        base_proc_exit_like(&r);
    }
    plan_signal_install();
    plan_state st = {0};
    base_diags d;
    base_diags_init(&d, a);
    const char *err = NULL;
    if (plan_args_parse(a, (plan_cmd)cmd, argc - 2, argv + 2, &st.args, &err)) {
        fprintf(stderr, "gotel: %s\n", err);
        base_arena_free(a);
        return 2;
    }
    const char *keep = getenv("GOTEL_KEEP_SCRATCH");
    bool keep_scratch = keep && *keep && strcmp(keep, "0") != 0;
    plan_cache c;
    plan_cache_open(a, &c, argc - 1, argv + 1);
    int rc = 0;
    if (!keep_scratch && plan_try_cached(a, &c, &rc)) {
        base_arena_free(a);
        return rc;
    }
    if (plan_analyze(a, &st, &d, &err)) {
        rc = plan_report(&d, err);
        base_arena_free(a);
        int sig = plan_signal_pending();
        if (sig) plan_signal_die(sig);
        return rc;
    }
    /* Once per plan: a build the cache serves raises the same modules. */
    for (size_t i = 0; i < st.raises.n; i++)
        fprintf(stderr, "gotel: instrumenting raises %s\n", plan_raise_line(a, &st.raises.v[i]));
    if (st.grpc_left_out)
        fprintf(stderr,
                "gotel: OTLP/gRPC exporters not linked (OTLP over HTTP still is): they would raise %s; "
                "GOTEL_OTLP_GRPC=1 links them anyway\n",
                st.grpc_left_out);
    char *scratch = NULL;
    int sig = plan_signal_pending();
    if (sig) plan_signal_die(sig);
    /* A cache directory gotel cannot write to costs the cache, not the build. */
    if (!c.off && plan_cache_new_scratch(a, &c, &scratch, &err)) c.off = true;
    if (c.off && base_mkdtemp(a, NULL, "gotel-", &scratch, &err)) {
        fprintf(stderr, "gotel: %s\n", err);
        base_arena_free(a);
        return 1;
    }
    bool ran = false, committed = false;
    if (plan_write_scratch(a, &st, scratch, &d, &err)) {
        rc = plan_report(&d, err);
    } else if (!(sig = plan_signal_pending())) {
        const char *tx = plan_toolexec_value(a, &st);
        if (!tx) {
            fprintf(stderr, "gotel: the path %s holds both kinds of quotes, which -toolexec cannot carry\n",
                    st.gotel_exe);
            rc = 1;
        } else {
            const char **gv = plan_final_argv(a, &st, tx);
            const char **ge = plan_final_env(a, &st);
            if (keep_scratch) {
                fprintf(stderr, "gotel: scratch directory %s kept; command:", scratch);
                for (const char **p = gv; *p; p++) fprintf(stderr, " %s", *p);
                fputc('\n', stderr);
            }
            plan_cache_adopt(a, &c, &st, scratch, gv, ge);
            if (plan_run_go(a, gv, ge, &r) == 0) ran = true;
            else rc = 1;
            if (ran && r.signal == 0 && !c.off) {
                plan_cache_commit(a, &c, r.exit_code == 0);
                committed = true;
            }
        }
    }
    if (!committed && !keep_scratch) base_remove_tree(a, scratch, &err);
    base_arena_free(a);
    if (!ran && !sig) sig = plan_signal_pending();
    if (!ran && sig) plan_signal_die(sig);
    if (ran) base_proc_exit_like(&r);
    return rc;
}

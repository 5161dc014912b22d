/* `gotel toolexec <planfile> <tool> <args...>`. The go command runs this for
 * every compile, asm, cgo, link and vet of an instrumented build (and for
 * their -V=full identity queries), so the common path — not a planned
 * compile — must only look at argv and exec the real tool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/file.h"
#include "base/proc.h"
#include "commands.h"
#include "rules/planfile.h"
#include "rules/salt.h"
#include "toolexec/tx.h"
#include "weave/weave.h"

static int tx_fail(base_arena *a, const char *msg) {
    fprintf(stderr, "gotel toolexec: %s\n", msg);
    base_arena_free(a);
    return 1;
}

/* Replaces this process by the real tool with argv (argv[0] is its path). */
static int tx_exec(base_arena *a, const char *const *argv) {
    const char *err;
    base_exec(a, argv, &err);
    return tx_fail(a, err);
}

/* The identity query: the real tool's answer plus the salt. */
static int tx_version(base_arena *a, const char *planfile, char **tool_argv) {
    char *text;
    size_t n;
    const char *err;
    if (base_file_read(a, planfile, &text, &n, &err) < 0) return tx_fail(a, err);
    const char *salt = rules_plan_peek_salt(a, text, n);
    if (!salt) return tx_fail(a, base_arena_printf(a, "%s: not a gotel plan file (no salt line)", planfile));
    base_proc_result r;
    base_proc_opts o = {.argv = (const char *const *)tool_argv, .capture_stdout = true};
    if (base_proc_run(a, &o, &r, &err) < 0) return tx_fail(a, err);
    if (base_proc_status(&r) != 0) {
        fwrite(r.out, 1, r.out_n, stdout);
        int st = base_proc_status(&r);
        base_arena_free(a);
        return st;
    }
    char salt16[RULES_SALT_SHORT + 1];
    memcpy(salt16, salt, RULES_SALT_SHORT);
    salt16[RULES_SALT_SHORT] = 0;
    char *line = tx_version_line(a, r.out, salt16, &err);
    if (!line) return tx_fail(a, err);
    fputs(line, stdout);
    base_arena_free(a);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* Whether path lies beneath dir (an empty dir contains nothing). */
static bool tx_under(const char *path, const char *dir) {
    size_t n = dir ? strlen(dir) : 0;
    return n && strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Runs the real tool with its output passed on; when it fails, one
 * sentence follows its own errors to say why. With keep, its standard
 * error is held back and, when it fails, only what keep returns of it is
 * printed before the sentence (what the sentence explains left out). */
static int tx_run_explained(base_arena *a, const char *const *argv, const char *why,
                            const char *(*keep)(base_arena *, const char *, size_t)) {
    const char *err;
    base_proc_opts o = {.argv = argv, .keep_fds = true, .capture_stderr = keep != NULL};
    base_proc_result r;
    if (base_proc_run_forward(a, &o, &r, &err) < 0) return tx_fail(a, err);
    int st = base_proc_status(&r);
    if (keep && r.err_n) {
        if (st == 0) fwrite(r.err, 1, r.err_n, stderr);
        else fputs(keep(a, r.err, r.err_n), stderr);
    }
    if (st != 0) fprintf(stderr, "gotel: %s\n", why);
    base_arena_free(a);
    return st;
}

/* gotel's runtime calls the metric SDK through go:linkname in this package,
 * which checks at compile time that the SDK version the build resolves
 * declares those functions as linked (docs/architecture.md): its compile
 * fails only when they differ. */
static const char tx_meters_pkg[] = "gotel.dev/runtime/boot/internal/meters";
static const char tx_meters_why[] =
    "the version of go.opentelemetry.io/otel/sdk/metric this build resolves declares a function that gotel's "
    "runtime calls through go:linkname differently from the versions gotel was checked with; build with "
    "go.opentelemetry.io/otel/sdk/metric at the version gotel.dev/runtime requires, or with a gotel release that "
    "supports this one ('go list -m go.opentelemetry.io/otel/sdk/metric' shows which this build uses)";

/* A compile: weave it when the plan targets the package, else pass on. */
static int tx_compile_cmd(base_arena *a, const char *planfile, char **tool_argv, size_t nargs) {
    char **args;
    size_t n;
    const char *err;
    if (tx_expand_response(a, tool_argv + 1, nargs, &args, &n, &err) < 0) return tx_fail(a, err);
    tx_compile c;
    if (tx_compile_parse(args, n, &c, &err) < 0) return tx_exec(a, (const char *const *)tool_argv);
    const char *ip = getenv("TOOLEXEC_IMPORTPATH");
    ip = ip && *ip ? tx_importpath_clean(a, ip) : c.pkgpath;
    if (!ip) return tx_exec(a, (const char *const *)tool_argv);
    rules_plan plan;
    if (rules_plan_read(a, planfile, &plan, &err) < 0) return tx_fail(a, err);
    const rules_plan_pkg *pkg = rules_plan_find(&plan, ip);
    /* A package of the user's main module compiled with its own language
     * version (docs/plan.md, "The go directive"). */
    const char *lang = rules_plan_find_lang(&plan, ip);
    bool relang = lang && tx_compile_set_lang(a, args, c.first_file, lang);
    if (!pkg && c.nfiles && rules_plan_guarded(&plan, ip) && tx_under(args[c.first_file], plan.modcache))
        return tx_fail(a, base_arena_printf(a,
                                            "%s is instrumented by gotel but was not among the packages this "
                                            "plan prepared, and being under GOMODCACHE its plain compile cannot "
                                            "be kept apart from woven ones in the build cache: run 'gotel setup' "
                                            "for this build's packages too, or run this go command without "
                                            "gotel's GOFLAGS",
                                            ip));
    if (!pkg && !relang)
        return strcmp(ip, tx_meters_pkg) == 0 ? tx_run_explained(a, (const char *const *)tool_argv, tx_meters_why, NULL)
                                              : tx_exec(a, (const char *const *)tool_argv);
    if (!pkg) {
        const char **argv = BASE_NEW_ARRAY(a, const char *, n + 2);
        argv[0] = tool_argv[0];
        memcpy(argv + 1, args, sizeof *argv * n);
        argv[n + 1] = NULL;
        return tx_exec(a, argv);
    }
    if (!c.ofile) return tx_fail(a, base_arena_printf(a, "compile of %s has no -o: cannot place woven files", ip));

    /* The woven copies live in the go command's own work directory for this
     * package ($WORK/bNNN), removed with it after the build. */
    const char *outdir = base_path_join(a, base_path_dir(a, c.ofile), "gotel");
    if (base_mkdir_p(a, outdir, &err) < 0) return tx_fail(a, err);
    base_diags d;
    base_diags_init(&d, a);
    const char **files;
    size_t nfiles;
    bool bodyless = false;
    if (weave_package(a, (const char *const *)args + c.first_file, c.nfiles, pkg->rules, pkg->nrules, outdir, &files,
                      &nfiles, &bodyless, &d) < 0) {
        if (!d.count) base_diags_add(&d, NULL, 0, 0, "gotel: weaving %s failed", ip);
        base_diags_print(&d, stderr);
        base_arena_free(a);
        return 1;
    }
    base_diags_print(&d, stderr); /* warnings, if any */
    size_t nout;
    const char **rest = tx_compile_rewrite(a, args, &c, files, nfiles, bodyless && c.complete, &nout);
    const char **argv = BASE_NEW_ARRAY(a, const char *, nout + 2);
    argv[0] = tool_argv[0];
    memcpy(argv + 1, rest, sizeof *argv * (nout + 1));
    return tx_exec(a, argv);
}

/* A link: pass on, unless it links woven hook calls without gotel's
 * runtime (see link.c). Then the link still runs — the linker drops woven
 * code the program cannot reach, and may well succeed — but when it fails,
 * one sentence says why, in place of the linker's errors about gotel's
 * symbols (and its crash on them). */
static int tx_link_cmd(base_arena *a, const char *planfile, char **tool_argv, size_t nargs) {
    char **args;
    size_t n;
    const char *err;
    char *cfg;
    size_t cfg_n;
    rules_plan plan;
    if (tx_expand_response(a, tool_argv + 1, nargs, &args, &n, &err) < 0) return tx_fail(a, err);
    const char *cfg_path = tx_link_importcfg(args, n);
    if (!cfg_path || base_file_read(a, cfg_path, &cfg, &cfg_n, &err) < 0 ||
        rules_plan_read(a, planfile, &plan, &err) < 0)
        return tx_exec(a, (const char *const *)tool_argv);
    const char *woven = tx_link_unbooted(a, cfg, cfg_n, &plan);
    if (!woven) return tx_exec(a, (const char *const *)tool_argv);
    const char *ip = getenv("TOOLEXEC_IMPORTPATH");
    return tx_run_explained(a, (const char *const *)tool_argv,
                            base_arena_printf(a,
                                              "%s links packages gotel wove (%s, ...) but not gotel's runtime: its "
                                              "main package is not one gotel prepared (under the GOFLAGS of 'gotel "
                                              "setup', run setup for it too, or run this go command without those "
                                              "GOFLAGS)",
                                              ip && *ip ? ip : "this program", woven),
                            tx_link_unbooted_errors);
}

int cmd_toolexec(int argc, char **argv) {
    if (argc < 3) {
        fputs("usage: gotel toolexec <planfile> <tool> [args...]\n"
              "(run by the go command through -toolexec; see 'gotel go')\n",
              stderr);
        return 2;
    }
    const char *planfile = argv[1];
    char **tool_argv = argv + 2; /* NULL-terminated, as main received it */
    size_t nargs = (size_t)argc - 3;
    base_arena *a = base_arena_new();
    if (tx_is_version_query((int)nargs, tool_argv + 1)) return tx_version(a, planfile, tool_argv);
    const char *tool = tx_tool_name(a, tool_argv[0]);
    if (strcmp(tool, "compile") == 0) return tx_compile_cmd(a, planfile, tool_argv, nargs);
    if (strcmp(tool, "link") == 0) return tx_link_cmd(a, planfile, tool_argv, nargs);
    if (strcmp(tool, "cover") == 0) {
        const char **args = tx_cover_args(a, planfile, tool_argv, nargs + 1);
        if (args) return tx_exec(a, args);
    }
    return tx_exec(a, (const char *const *)tool_argv);
}

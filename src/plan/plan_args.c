#include "plan/plan_args.h"

#include <string.h>

#include "base/vec.h"

void plan_strv_push(base_arena *a, plan_strv *v, const char *s) { BASE_VEC_PUSH(a, v, s); }

bool plan_strv_has(const plan_strv *v, const char *s) {
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) == 0) return true;
    return false;
}

/* Which commands accept a flag. */
enum { B = 1, I = 2, R = 4, T = 8, S = 16, ALL = B | I | R | T | S };

typedef struct {
    const char *name;
    bool value; /* takes a value (-name v or -name=v); else boolean */
    bool list;  /* changes which packages or files are in the build */
    int cmds;
} plan_flag;

/* The go command's build flags (`go help build`), plus those of go run and
 * go test, and the test binary's flags that take a value (so that their value
 * is not mistaken for a package). */
static const plan_flag plan_flags[] = {
    {"C", true, true, ALL},
    {"a", false, false, ALL},
    {"n", false, false, ALL},
    {"p", true, false, ALL},
    {"race", false, true, ALL},
    {"msan", false, true, ALL},
    {"asan", false, true, ALL},
    {"cover", false, true, ALL},
    {"covermode", true, true, ALL},
    {"coverpkg", true, true, ALL},
    {"v", false, false, ALL},
    {"work", false, false, ALL},
    {"x", false, false, ALL},
    {"asmflags", true, false, ALL},
    {"buildmode", true, true, ALL},
    {"buildvcs", false, false, ALL},
    {"compiler", true, true, ALL},
    {"gccgoflags", true, false, ALL},
    {"gcflags", true, false, ALL},
    {"installsuffix", true, true, ALL},
    {"json", false, false, ALL},
    {"ldflags", true, false, ALL},
    {"linkshared", false, true, ALL},
    {"mod", true, true, ALL},
    {"modcacherw", false, false, ALL},
    {"modfile", true, true, ALL},
    {"overlay", true, true, ALL},
    {"pgo", true, false, ALL},
    {"pkgdir", true, true, ALL},
    {"tags", true, true, ALL},
    {"trimpath", false, false, ALL},
    {"toolexec", true, false, ALL},
    {"debug-actiongraph", true, false, ALL},
    {"debug-runtime-trace", true, false, ALL},
    {"debug-trace", true, false, ALL},
    {"o", true, false, B | T},
    {"exec", true, false, R | T},
    {"c", false, false, T},
    {"vet", true, false, T},
    {"bench", true, false, T},
    {"benchtime", true, false, T},
    {"blockprofile", true, false, T},
    {"blockprofilerate", true, false, T},
    {"count", true, false, T},
    {"coverprofile", true, false, T},
    {"cpu", true, false, T},
    {"cpuprofile", true, false, T},
    {"fuzz", true, false, T},
    {"fuzzminimizetime", true, false, T},
    {"fuzztime", true, false, T},
    {"list", true, false, T},
    {"memprofile", true, false, T},
    {"memprofilerate", true, false, T},
    {"mutexprofile", true, false, T},
    {"mutexprofilefraction", true, false, T},
    {"outputdir", true, false, T},
    {"parallel", true, false, T},
    {"run", true, false, T},
    {"shuffle", true, false, T},
    {"skip", true, false, T},
    {"timeout", true, false, T},
    {"trace", true, false, T},
    {"test", false, false, S}, /* gotel setup -test */
};

int plan_cmd_of(const char *s) {
    if (strcmp(s, "build") == 0) return PLAN_CMD_BUILD;
    if (strcmp(s, "install") == 0) return PLAN_CMD_INSTALL;
    if (strcmp(s, "run") == 0) return PLAN_CMD_RUN;
    if (strcmp(s, "test") == 0) return PLAN_CMD_TEST;
    return -1;
}

static int plan_cmd_bit(plan_cmd c) {
    switch (c) {
    case PLAN_CMD_BUILD: return B;
    case PLAN_CMD_INSTALL: return I;
    case PLAN_CMD_RUN: return R;
    case PLAN_CMD_TEST: return T;
    case PLAN_CMD_SETUP: return S;
    }
    return 0;
}

static const plan_flag *plan_flag_find(const char *name, size_t n, plan_cmd cmd) {
    /* go test also accepts the test binary's flags as -test.name. */
    if (cmd == PLAN_CMD_TEST && n > 5 && strncmp(name, "test.", 5) == 0) name += 5, n -= 5;
    for (size_t i = 0; i < sizeof plan_flags / sizeof plan_flags[0]; i++) {
        const plan_flag *f = &plan_flags[i];
        if ((f->cmds & plan_cmd_bit(cmd)) && strlen(f->name) == n && strncmp(f->name, name, n) == 0) return f;
    }
    return NULL;
}

static bool plan_is_gofile(const char *s) {
    size_t n = strlen(s);
    return n > 3 && strcmp(s + n - 3, ".go") == 0;
}

int plan_args_parse(base_arena *a, plan_cmd cmd, int argc, char *const *argv, plan_args *out,
                    const char **err) {
    memset(out, 0, sizeof *out);
    out->cmd = cmd;
    /* The GOFLAGS a setup prints apply to go test too, whose test binaries
     * would not link without boot files in the tested packages. */
    out->setup_test = cmd == PLAN_CMD_SETUP;
    static const char *const names[] = {"build", "install", "run", "test", "setup"};
    out->subcmd = names[cmd];
    int i = 0;
    bool pkgs_done = false; /* test: the package list ended, the rest is for the binary */
    while (i < argc) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0 && cmd != PLAN_CMD_TEST) {
            /* The rest are packages (or, for run, the package and its args). */
            plan_strv_push(a, &out->pass, arg);
            i++;
            break;
        }
        if (cmd == PLAN_CMD_TEST && strcmp(arg, "-args") == 0) {
            for (; i < argc; i++) plan_strv_push(a, &out->pass, argv[i]);
            break;
        }
        if (arg[0] != '-' || arg[1] == 0) {
            if (cmd != PLAN_CMD_TEST) break;
            if (!pkgs_done) {
                plan_strv_push(a, &out->packages, arg);
                if (plan_is_gofile(arg)) out->files = true, out->files_end = out->pass.n + 1;
            }
            plan_strv_push(a, &out->pass, arg);
            i++;
            continue;
        }
        if (cmd == PLAN_CMD_TEST && out->packages.n > 0) pkgs_done = true;
        const char *name = arg + 1;
        if (*name == '-') name++;
        const char *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        const plan_flag *f = plan_flag_find(name, nlen, cmd);
        const char *value = NULL;
        int used = 1;
        if (f && f->value) {
            if (eq) {
                value = eq + 1;
            } else if (i + 1 < argc) {
                value = argv[i + 1];
                used = 2;
            } else {
                *err = base_arena_printf(a, "flag needs an argument: -%.*s", (int)nlen, name);
                return -1;
            }
        } else if (eq) {
            value = eq + 1;
        }
        const char *fname = f ? f->name : NULL;
        if (fname && strcmp(fname, "toolexec") == 0) {
            *err = "gotel runs the build through its own -toolexec, so it cannot be combined with "
                   "another one; remove -toolexec from the command line";
            return -1;
        }
        if (fname && strcmp(fname, "C") == 0) {
            if (i != 0) {
                *err = "-C must be the first flag on the command line, as the go command requires";
                return -1;
            }
            out->chdir = value;
        } else if (fname && strcmp(fname, "modfile") == 0) {
            out->modfile = value;
        } else if (fname && strcmp(fname, "overlay") == 0) {
            out->overlay = value;
        } else if (fname && strcmp(fname, "mod") == 0) {
            out->mod = value;
        } else if (fname && strcmp(fname, "test") == 0) {
            out->setup_test = !value || strcmp(value, "false") != 0;
        } else {
            for (int k = 0; k < used; k++) plan_strv_push(a, &out->pass, argv[i + k]);
            if (f && f->list)
                plan_strv_push(a, &out->list_flags,
                               value ? base_arena_printf(a, "-%s=%s", f->name, value)
                                     : base_arena_printf(a, "-%s", f->name));
        }
        i += used;
    }
    if (cmd == PLAN_CMD_TEST) return 0;
    /* build/install/setup: everything left is a package; run: the package
     * (or a run of .go files), then the program's arguments. */
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (cmd == PLAN_CMD_RUN && out->packages.n > 0 && !(out->files && plan_is_gofile(arg))) {
            for (; i < argc; i++) plan_strv_push(a, &out->pass, argv[i]);
            break;
        }
        plan_strv_push(a, &out->packages, arg);
        plan_strv_push(a, &out->pass, arg);
        if (plan_is_gofile(arg) && (out->packages.n == 1 || out->files))
            out->files = true, out->files_end = out->pass.n;
    }
    return 0;
}

const char *plan_quote_word(base_arena *a, const char *s) {
    if (*s && !strpbrk(s, " \t\n'\"\\")) return s;
    if (!strchr(s, '\'')) return base_arena_printf(a, "'%s'", s);
    if (!strchr(s, '"')) return base_arena_printf(a, "\"%s\"", s);
    return NULL; /* the go command's quoting cannot hold both kinds */
}

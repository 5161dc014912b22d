#include "plan/plan_cache.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/str.h"
#include "base/sha256.h"
#include "plan/plan_embed.h"
#include "plan/plan_inputs.h"

extern char **environ;

enum {
    PLAN_SCRATCH_KEEP_S = 24 * 3600,       /* a replaced scratch directory lives this long */
    PLAN_ENTRY_KEEP_S = 14 * 24 * 3600,    /* an entry unused this long is removed */
};

static const char PLAN_STATE_MAGIC[] = "gotel-plan-state 1";

/* Whether the environment entry kv ("NAME=value") can change a plan or what
 * the go command builds from it. The go command reads its configuration
 * from GO* variables (cmd/go/internal/cfg.KnownEnv, the magic compiler
 * variables GOSSAFUNC and the like, GODEBUG, GOTOOLCHAIN's internal ones)
 * and CGO_*, plus the tools named by CC, CXX, FC, AR, GCCGO, PKG_CONFIG (and
 * cgo's GCC); gotel reads GOTEL_*. PATH selects go and the C compiler, HOME
 * and the XDG directories locate the go env file, GOPATH, GOCACHE and
 * gotel's cache, and PWD is the directory the go command believes it is in
 * (os.Getwd prefers it), which it writes into the paths of the plan.
 * Everything else (CI job ids, timestamps, runner names) is left out, so
 * that it does not cost a plan. Variables that only decide whether a module
 * download may succeed (NETRC, GIT_*) are left out too: what is fetched is
 * checked against go.sum, and git's view of the work tree is read with the
 * current environment for every skip (plan_vcs_digest). */
static bool plan_env_keyed(const char *kv) {
    if (strncmp(kv, "GO", 2) == 0 || strncmp(kv, "CGO_", 4) == 0) return true;
    static const char *const names[] = {"AR",   "CC",   "CXX",  "FC",  "GCC",  "GCCGO",           "PKG_CONFIG",
                                        "PATH", "HOME", "PWD", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"};
    size_t n = strcspn(kv, "=");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == n && strncmp(kv, names[i], n) == 0) return true;
    return false;
}

/* The key: this gotel binary, the directory, the command line and the
 * variables of the environment the build reads. Anything else the build
 * depends on is in the watch list. */
static bool plan_cache_key(base_arena *a, int argc, char *const *argv, char out[BASE_SHA256_HEX]) {
    base_sha256_ctx h;
    base_sha256_init(&h);
    base_sha256_update_str(&h, PLAN_STATE_MAGIC);
    struct stat sb;
    char *cwd = getcwd(NULL, 0);
    if (stat("/proc/self/exe", &sb) != 0 || !cwd) {
        free(cwd);
        return false;
    }
    base_sha256_update_str(&h, base_arena_printf(a, "%llu %llu %lld %lld.%ld %lld.%ld", (unsigned long long)sb.st_dev,
                                        (unsigned long long)sb.st_ino, (long long)sb.st_size,
                                        (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
                                        (long long)sb.st_ctim.tv_sec, sb.st_ctim.tv_nsec));
    base_sha256_update_str(&h, cwd);
    free(cwd);
    base_sha256_update_str(&h, base_arena_printf(a, "argc %d", argc));
    for (int i = 0; i < argc; i++) base_sha256_update_str(&h, argv[i]);
    size_t n = 0;
    while (environ[n]) n++;
    char **env = BASE_NEW_ARRAY(a, char *, n + 1);
    memcpy(env, environ, n * sizeof *env);
    qsort(env, n, sizeof *env, base_cstr_cmp);
    for (size_t i = 0; i < n; i++)
        if (plan_env_keyed(env[i])) base_sha256_update_str(&h, env[i]);
    unsigned char sum[BASE_SHA256_SIZE];
    base_sha256_final(&h, sum);
    base_hex(sum, sizeof sum, out);
    return true;
}

static bool plan_state_parse(base_arena *a, plan_cache *c, char *text) {
    char *line = text, *next;
    bool first = true;
    for (; *line; line = next) {
        char *nl = strchr(line, '\n');
        if (!nl) return false;
        *nl = 0;
        next = nl + 1;
        if (first) {
            if (strcmp(line, PLAN_STATE_MAGIC) != 0) return false;
            first = false;
        } else if (strncmp(line, "scratch ", 8) == 0) {
            c->scratch = line + 8;
        } else if (strncmp(line, "memo ", 5) == 0) {
            c->memo = strcmp(line + 5, "1") == 0;
        } else if (strncmp(line, "vcs ", 4) == 0) {
            char *sp = strchr(line + 4, ' ');
            if (!sp) return false;
            *sp = 0;
            c->vcs_digest = line + 4;
            c->vcs_dir = sp + 1;
        } else if (strncmp(line, "arg ", 4) == 0) {
            plan_strv_push(a, &c->argv, line + 4);
        } else if (strncmp(line, "env ", 4) == 0) {
            plan_strv_push(a, &c->env, line + 4);
        } else if (!plan_watch_parse_line(a, &c->watch, line)) {
            return false;
        }
    }
    return !first && c->scratch && c->argv.n > 0 && base_is_dir(c->scratch);
}

/* Reads dir's state into *c (which has dir set); false when there is none
 * or it cannot be used. */
static bool plan_state_read(base_arena *a, plan_cache *c) {
    char *text;
    size_t n;
    const char *err;
    if (base_file_read(a, base_path_join(a, c->dir, "state"), &text, &n, &err)) return false;
    return strlen(text) == n && plan_state_parse(a, c, text);
}

void plan_cache_open(base_arena *a, plan_cache *c, int argc, char *const *argv) {
    memset(c, 0, sizeof *c);
    const char *off = getenv("GOTEL_PLAN_CACHE");
    const char *err;
    const char *root = plan_cache_dir(a, &err);
    char key[BASE_SHA256_HEX];
    if ((off && strcmp(off, "0") == 0) || !root || !plan_cache_key(a, argc, argv, key)) {
        c->off = true;
        return;
    }
    c->dir = base_path_join(a, root, base_arena_printf(a, "plans/%.32s", key));
    plan_cache tmp = {.dir = c->dir};
    if (!plan_state_read(a, &tmp)) return;
    *c = tmp;
    c->loaded = true;
    /* An entry in use is not old, whatever its state's age: keep the
     * pruning of unused entries away from it. */
    struct stat sb;
    const char *state = base_path_join(a, c->dir, "state");
    if (stat(state, &sb) == 0 && sb.st_mtime < time(NULL) - 24 * 3600) utimes(state, NULL);
}

/* Removes entries of dir whose names start with prefix and that were last
 * changed before cutoff (seconds), except keep. */
static void plan_prune(base_arena *a, const char *dir, const char *prefix, time_t cutoff, const char *keep) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    BASE_VEC(const char *) old = {0};
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || e->d_name[0] == '.') continue;
        const char *p = base_path_join(a, dir, e->d_name);
        if (keep && strcmp(p, keep) == 0) continue;
        struct stat sb;
        const char *probe = strcmp(prefix, "s-") == 0 ? p : base_path_join(a, p, "state");
        if (stat(probe, &sb) != 0 && stat(p, &sb) != 0) continue;
        if (sb.st_mtime < cutoff) BASE_VEC_PUSH(a, &old, p);
    }
    closedir(d);
    const char *err;
    for (size_t i = 0; i < old.n; i++) base_remove_tree(a, old.v[i], &err);
}

int plan_cache_new_scratch(base_arena *a, plan_cache *c, char **out, const char **err) {
    if (!base_is_dir(c->dir)) {
        /* A new entry: a good time to drop the ones nobody used for long. */
        const char *plans = base_path_dir(a, c->dir);
        plan_prune(a, plans, "", time(NULL) - PLAN_ENTRY_KEEP_S, NULL);
        if (base_mkdir_p(a, c->dir, err)) return -1;
    }
    return base_mkdtemp(a, c->dir, "s-", out, err);
}

static bool plan_word_ok(const char *s) { return !strchr(s, '\n'); }

void plan_cache_adopt(base_arena *a, plan_cache *c, const plan_state *st, const char *scratch,
                      const char *const *argv, const char *const *env) {
    if (c->off) return;
    c->scratch = scratch;
    c->argv = (plan_strv){0};
    c->env = (plan_strv){0};
    c->watch = (plan_watch){0};
    c->vcs_digest = NULL;
    bool ok = plan_word_ok(scratch);
    for (const char *const *p = argv; *p; p++) ok &= plan_word_ok(*p), plan_strv_push(a, &c->argv, *p);
    for (const char *const *p = env; *p; p++) ok &= plan_word_ok(*p), plan_strv_push(a, &c->env, *p);
    plan_inputs in = plan_inputs_collect(a, st, &c->watch);
    for (size_t i = 0; i < c->watch.e.n; i++) ok &= plan_word_ok(c->watch.e.v[i].path);
    c->off = !ok || !in.cacheable;
    c->memo = in.skippable;
    c->vcs_dir = in.git_dir;
    plan_watch_snapshot(a, &c->watch, plan_watch_now());
    if (c->memo && c->vcs_dir) c->vcs_digest = plan_vcs_digest(a, c->vcs_dir);
}

bool plan_cache_unchanged(base_arena *a, plan_cache *c, const plan_watch_verdict *v) {
    if (!c->memo) return false;
    bool same = v->build_ok;
    if (c->vcs_dir) {
        /* Also what the next build stamps, and compares after it. */
        const char *now = plan_vcs_digest(a, c->vcs_dir);
        same &= strcmp(now, c->vcs_digest) == 0;
        c->vcs_digest = now;
    }
    return same;
}

void plan_cache_save(base_arena *a, plan_cache *c) {
    if (c->off) return;
    base_buf b;
    base_buf_init(&b, a);
    base_buf_printf(&b, "%s\nscratch %s\nmemo %d\n", PLAN_STATE_MAGIC, c->scratch, c->memo);
    if (c->memo && c->vcs_dir) base_buf_printf(&b, "vcs %s %s\n", c->vcs_digest, c->vcs_dir);
    for (size_t i = 0; i < c->argv.n; i++) base_buf_printf(&b, "arg %s\n", c->argv.v[i]);
    for (size_t i = 0; i < c->env.n; i++) base_buf_printf(&b, "env %s\n", c->env.v[i]);
    plan_watch_format(&c->watch, &b);
    const char *err;
    /* A state that cannot be written only costs the next build its plan. */
    base_file_write_atomic(a, base_path_join(a, c->dir, "state"), b.p, b.n, 0644, &err);
}

void plan_cache_commit(base_arena *a, plan_cache *c, bool succeeded) {
    if (c->off) return;
    /* A failed build (or a failing program under go run/test) still ran
     * on this plan; only a success says the outputs are what the inputs
     * make. */
    if (!succeeded) c->memo = false;
    /* An input that moved while the go command ran may not be what it
     * built: keep the plan, but let the next build run. */
    if (c->memo && (!plan_watch_still(a, &c->watch) || !plan_watch_settle_outputs(&c->watch))) c->memo = false;
    if (c->memo && c->vcs_dir && strcmp(plan_vcs_digest(a, c->vcs_dir), c->vcs_digest) != 0) c->memo = false;
    /* The scratch directory this state replaces may still be in use by a
     * build that read the old state: its time now says when it was
     * replaced, which is what pruning counts from. */
    plan_cache disk = {.dir = c->dir};
    if (plan_state_read(a, &disk) && strcmp(disk.scratch, c->scratch) != 0) utimes(disk.scratch, NULL);
    plan_cache_save(a, c);
    plan_prune(a, c->dir, "s-", time(NULL) - PLAN_SCRATCH_KEEP_S, c->scratch);
}

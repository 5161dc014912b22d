#include "base/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/str.h"
#include "base/vec.h"

extern char **environ;

/* Is the environment entry e ("NAME=...") named in list (entries "NAME=..."
 * when with_value, else bare names)? */
static bool proc_env_listed(const char *e, const char *const *list, bool with_value) {
    if (!list) return false;
    size_t n = strcspn(e, "=");
    for (; *list; list++) {
        size_t m = with_value ? strcspn(*list, "=") : strlen(*list);
        if (m == n && memcmp(e, *list, n) == 0) return true;
    }
    return false;
}

/* The child's environment: ours, minus deleted and overridden names, plus
 * the additions. Built before spawning, so that nothing allocates after. */
static char **proc_build_env(base_arena *a, const base_proc_opts *o) {
    if (!o->env_add && !o->env_del) return environ;
    BASE_VEC(char *) v = {0};
    for (char **e = environ; *e; e++)
        if (!proc_env_listed(*e, o->env_add, true) && !proc_env_listed(*e, o->env_del, false))
            BASE_VEC_PUSH(a, &v, *e);
    for (const char *const *e = o->env_add; e && *e; e++) BASE_VEC_PUSH(a, &v, (char *)*e);
    BASE_VEC_PUSH(a, &v, NULL);
    return v.v;
}

static void proc_close(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* Reads both pipes until both reach EOF; polling both avoids the deadlock
 * of a child blocked writing to one while we block reading the other. */
static int proc_drain(base_arena *a, int fds[2], base_buf bufs[2]) {
    char chunk[16384];
    while (fds[0] >= 0 || fds[1] >= 0) {
        struct pollfd p[2];
        nfds_t np = 0;
        int which[2];
        for (int i = 0; i < 2; i++)
            if (fds[i] >= 0) {
                p[np].fd = fds[i];
                p[np].events = POLLIN;
                p[np].revents = 0;
                which[np++] = i;
            }
        if (poll(p, np, -1) < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        for (nfds_t k = 0; k < np; k++) {
            if (!p[k].revents) continue;
            int i = which[k];
            ssize_t r = read(fds[i], chunk, sizeof chunk);
            if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (r <= 0) proc_close(&fds[i]);
            else base_buf_append(&bufs[i], chunk, (size_t)r);
        }
    }
    (void)a;
    return 0;
}

static void proc_set_status(base_proc_result *res, int st) {
    res->exit_code = -1;
    res->signal = 0;
    if (WIFEXITED(st)) res->exit_code = WEXITSTATUS(st);
    else if (WIFSIGNALED(st)) res->signal = WTERMSIG(st);
}

/* The child being waited for by base_proc_run_forward, for the handler. */
static volatile sig_atomic_t proc_fwd_child;

static void proc_fwd_handler(int sig) {
    int saved = errno;
    if (proc_fwd_child > 0) kill((pid_t)proc_fwd_child, sig);
    errno = saved;
}

static const int proc_fwd_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
enum { PROC_NFWD = sizeof proc_fwd_sigs / sizeof proc_fwd_sigs[0] };

static int proc_spawn_wait(base_arena *a, const base_proc_opts *o, base_proc_result *res,
                           const char **err, bool forward) {
    memset(res, 0, sizeof *res);
    res->exit_code = -1;
    if (!o->argv || !o->argv[0]) {
        *err = "no program to run";
        return -1;
    }
    int pout[2] = {-1, -1}, perr[2] = {-1, -1};
    if ((o->capture_stdout && pipe2(pout, O_CLOEXEC) < 0) ||
        (o->capture_stderr && pipe2(perr, O_CLOEXEC) < 0)) {
        *err = base_arena_printf(a, "pipe: %s", strerror(errno));
        proc_close(&pout[0]), proc_close(&pout[1]), proc_close(&perr[0]), proc_close(&perr[1]);
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    if (o->capture_stdout) posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
    if (o->capture_stderr) posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
    if (o->stdin_devnull) posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (o->cwd) posix_spawn_file_actions_addchdir_np(&fa, o->cwd);
    if (!o->keep_fds) posix_spawn_file_actions_addclosefrom_np(&fa, 3);

    sigset_t block, oldmask;
    struct sigaction oldact[PROC_NFWD];
    bool installed[PROC_NFWD] = {0};
    if (forward) {
        /* Block the signals until the child's pid is known, so that none is
         * lost or kills us in between; the child starts with our old mask. */
        sigemptyset(&block);
        for (int i = 0; i < PROC_NFWD; i++) sigaddset(&block, proc_fwd_sigs[i]);
        sigprocmask(SIG_BLOCK, &block, &oldmask);
        posix_spawnattr_setsigmask(&at, &oldmask);
        posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK);
        for (int i = 0; i < PROC_NFWD; i++) {
            sigaction(proc_fwd_sigs[i], NULL, &oldact[i]);
            if (oldact[i].sa_handler == SIG_IGN) continue; /* the child inherits the ignore */
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = proc_fwd_handler;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_RESTART;
            sigaction(proc_fwd_sigs[i], &sa, NULL);
            installed[i] = true;
        }
    }

    pid_t pid;
    int rc = posix_spawnp(&pid, o->argv[0], &fa, &at, (char *const *)o->argv, proc_build_env(a, o));
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    proc_close(&pout[1]);
    proc_close(&perr[1]);
    int ret = 0;
    if (rc != 0) {
        *err = base_arena_printf(a, "cannot run %s: %s", o->argv[0], strerror(rc));
        proc_close(&pout[0]);
        proc_close(&perr[0]);
        ret = -1;
    } else {
        if (forward) {
            proc_fwd_child = pid;
            /* Still blocked: a signal noted before is passed on exactly once. */
            int early = o->forward_pending ? o->forward_pending() : 0;
            if (early) kill(pid, early);
            sigprocmask(SIG_SETMASK, &oldmask, NULL);
        }
        base_buf bufs[2];
        base_buf_init(&bufs[0], a);
        base_buf_init(&bufs[1], a);
        int fds[2] = {pout[0], perr[0]};
        if (proc_drain(a, fds, bufs) < 0) {
            *err = base_arena_printf(a, "reading output of %s: %s", o->argv[0], strerror(errno));
            ret = -1;
        }
        proc_close(&fds[0]);
        proc_close(&fds[1]);
        int st = 0;
        pid_t w;
        while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR) {}
        if (w < 0) {
            *err = base_arena_printf(a, "waiting for %s: %s", o->argv[0], strerror(errno));
            ret = -1;
        } else {
            proc_set_status(res, st);
        }
        if (o->capture_stdout) {
            res->out = (char *)base_buf_cstr(&bufs[0]);
            res->out_n = bufs[0].n;
        }
        if (o->capture_stderr) {
            res->err = (char *)base_buf_cstr(&bufs[1]);
            res->err_n = bufs[1].n;
        }
    }
    if (forward) {
        if (rc != 0) sigprocmask(SIG_SETMASK, &oldmask, NULL);
        proc_fwd_child = 0;
        for (int i = 0; i < PROC_NFWD; i++)
            if (installed[i]) sigaction(proc_fwd_sigs[i], &oldact[i], NULL);
    }
    return ret;
}

int base_proc_run(base_arena *a, const base_proc_opts *o, base_proc_result *res, const char **err) {
    return proc_spawn_wait(a, o, res, err, false);
}

int base_proc_run_forward(base_arena *a, const base_proc_opts *o, base_proc_result *res,
                          const char **err) {
    return proc_spawn_wait(a, o, res, err, true);
}

int base_proc_status(const base_proc_result *res) {
    if (res->signal) return 128 + res->signal;
    return res->exit_code;
}

_Noreturn void base_proc_exit_like(const base_proc_result *res) {
    if (res->signal) {
        fflush(NULL);
        signal(res->signal, SIG_DFL);
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, res->signal);
        sigprocmask(SIG_UNBLOCK, &s, NULL);
        raise(res->signal);
        /* A signal whose default is to be ignored (SIGCHLD...) lands here. */
        exit(128 + res->signal);
    }
    exit(res->exit_code < 0 ? 1 : res->exit_code);
}

int base_exec(base_arena *a, const char *const *argv, const char **err) {
    fflush(NULL);
    execv(argv[0], (char *const *)argv);
    *err = base_arena_printf(a, "cannot run %s: %s", argv[0], strerror(errno));
    return -1;
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/proc.h"

static base_proc_result run_sh(base_arena *a, const char *script, base_proc_opts o) {
    const char *argv[] = {"sh", "-c", script, NULL};
    o.argv = argv;
    base_proc_result r;
    const char *err = NULL;
    assert_int_equal(base_proc_run(a, &o, &r, &err), 0);
    return r;
}

static void test_capture_both_and_exit_code(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    base_proc_result r = run_sh(a, "echo out; echo err >&2; exit 3",
                                (base_proc_opts){.capture_stdout = true, .capture_stderr = true});
    assert_int_equal(r.exit_code, 3);
    assert_int_equal(r.signal, 0);
    assert_int_equal(base_proc_status(&r), 3);
    assert_string_equal(r.out, "out\n");
    assert_int_equal(r.out_n, 4);
    assert_string_equal(r.err, "err\n");
    base_arena_free(a);
}

static void test_argv_is_not_split_by_a_shell(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *argv[] = {"printf", "[%s]", "a b", "$HOME;", NULL};
    base_proc_result r;
    const char *err;
    assert_int_equal(base_proc_run(a, &(base_proc_opts){.argv = argv, .capture_stdout = true}, &r, &err), 0);
    assert_string_equal(r.out, "[a b][$HOME;]");
    base_arena_free(a);
}

static void test_env_add_del_and_cwd(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    setenv("GOTEL_T_KEEP", "kept", 1);
    setenv("GOTEL_T_DEL", "present", 1);
    setenv("GOTEL_T_OVR", "old", 1);
    const char *add[] = {"GOTEL_T_OVR=new", "GOTEL_T_NEW=x=y", NULL};
    const char *del[] = {"GOTEL_T_DEL", NULL};
    base_proc_result r = run_sh(a, "echo \"$GOTEL_T_KEEP,${GOTEL_T_DEL-unset},$GOTEL_T_OVR,$GOTEL_T_NEW\"; pwd",
                                (base_proc_opts){.env_add = add, .env_del = del, .cwd = "/",
                                                 .capture_stdout = true});
    assert_string_equal(r.out, "kept,unset,new,x=y\n/\n");
    assert_int_equal(r.exit_code, 0);
    /* Our own environment is untouched. */
    assert_string_equal(getenv("GOTEL_T_OVR"), "old");
    unsetenv("GOTEL_T_KEEP");
    unsetenv("GOTEL_T_DEL");
    unsetenv("GOTEL_T_OVR");
    base_arena_free(a);
}

static void test_missing_program_and_bad_cwd_are_errors(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    const char *argv[] = {"gotel-no-such-program-xyz", NULL};
    base_proc_result r;
    const char *err = NULL;
    assert_int_equal(base_proc_run(a, &(base_proc_opts){.argv = argv}, &r, &err), -1);
    assert_non_null(strstr(err, "gotel-no-such-program-xyz"));
    assert_non_null(strstr(err, "No such file"));
    const char *argv2[] = {"true", NULL};
    err = NULL;
    assert_int_equal(base_proc_run(a, &(base_proc_opts){.argv = argv2, .cwd = "/no/such/dir"}, &r, &err), -1);
    assert_non_null(err);
    const char *empty[] = {NULL};
    assert_int_equal(base_proc_run(a, &(base_proc_opts){.argv = empty}, &r, &err), -1);
    base_arena_free(a);
}

static void test_killed_by_signal(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    base_proc_result r = run_sh(a, "kill -TERM $$", (base_proc_opts){0});
    assert_int_equal(r.signal, SIGTERM);
    assert_int_equal(r.exit_code, -1);
    assert_int_equal(base_proc_status(&r), 128 + SIGTERM);
    base_arena_free(a);
}

/* A child filling both pipes must not deadlock against our reads. */
static void test_large_output_on_both_streams(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    base_proc_result r = run_sh(a, "head -c 1000000 /dev/zero; head -c 700000 /dev/zero >&2; head -c 5 /dev/zero",
                                (base_proc_opts){.capture_stdout = true, .capture_stderr = true});
    assert_int_equal(r.exit_code, 0);
    assert_int_equal(r.out_n, 1000005);
    assert_int_equal(r.err_n, 700000);
    base_arena_free(a);
}

static void test_fds_closed_unless_kept_stdin_devnull(void **state) {
    (void)state;
    base_arena *a = base_arena_new();
    int fd = open("/dev/null", O_RDONLY); /* inheritable on purpose */
    assert_true(fd >= 3);
    char *script = base_arena_printf(a, "test -e /proc/self/fd/%d", fd);
    assert_int_equal(run_sh(a, script, (base_proc_opts){0}).exit_code, 1);
    assert_int_equal(run_sh(a, script, (base_proc_opts){.keep_fds = true}).exit_code, 0);
    close(fd);
    base_proc_result r = run_sh(a, "cat; echo done", (base_proc_opts){.stdin_devnull = true, .capture_stdout = true});
    assert_string_equal(r.out, "done\n");
    base_arena_free(a);
}

/* Under a parent that ignores SIGINT (a backgrounded make), so would these
 * tests and their children, whose sh could neither trap nor die of it. */
static void sigint_default(void) { signal(SIGINT, SIG_DFL); }

/* The child signals us; we must survive and pass the signal on. The child's
 * wait is bounded (it gives up after ~10 s and exits 1). */
static void test_forward_passes_signals_to_child(void **state) {
    (void)state;
    sigint_default();
    base_arena *a = base_arena_new();
    const char *argv[] = {"sh", "-c",
                          "trap 'echo got-int; exit 7' INT; kill -INT $PPID; "
                          "i=0; while [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done; exit 1",
                          NULL};
    base_proc_result r;
    const char *err;
    assert_int_equal(base_proc_run_forward(a, &(base_proc_opts){.argv = argv, .capture_stdout = true}, &r, &err), 0);
    assert_int_equal(r.exit_code, 7);
    assert_string_equal(r.out, "got-int\n");
    const char *argv2[] = {"sh", "-c", "kill -TERM $PPID; i=0; while [ $i -lt 1000 ]; do sleep 0.01; i=$((i+1)); done",
                           NULL};
    assert_int_equal(base_proc_run_forward(a, &(base_proc_opts){.argv = argv2}, &r, &err), 0);
    assert_int_equal(r.signal, SIGTERM);
    /* Our handlers are restored: SIGTERM's default again. */
    struct sigaction sa;
    sigaction(SIGTERM, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
    base_arena_free(a);
}

/* A signal noted before forwarding began (the plan phase's handler saw a
 * ^C just before go was spawned) still reaches the child. */
static int early_sig(void) { return SIGINT; }

static void test_forward_passes_early_signal(void **state) {
    (void)state;
    sigint_default();
    base_arena *a = base_arena_new();
    /* Killed by the signal long before its 10 s are up. */
    const char *argv[] = {"sh", "-c", "exec sleep 10", NULL};
    base_proc_result r;
    const char *err;
    base_proc_opts o = {.argv = argv, .forward_pending = early_sig};
    assert_int_equal(base_proc_run_forward(a, &o, &r, &err), 0);
    assert_int_equal(r.signal, SIGINT);
    base_arena_free(a);
}

static void test_exit_like_and_exec(void **state) {
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        base_proc_result r = {.exit_code = -1, .signal = SIGTERM};
        base_proc_exit_like(&r);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGTERM);

    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        base_proc_result r = {.exit_code = 42};
        base_proc_exit_like(&r);
    }
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 42);

    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        base_arena *a = base_arena_new();
        const char *argv[] = {"/bin/sh", "-c", "exit 5", NULL};
        const char *err;
        base_exec(a, argv, &err);
        _exit(99);
    }
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_int_equal(WEXITSTATUS(st), 5);

    base_arena *a = base_arena_new();
    const char *argv[] = {"/no/such/tool", NULL};
    const char *err = NULL;
    assert_int_equal(base_exec(a, argv, &err), -1);
    assert_non_null(strstr(err, "/no/such/tool"));
    base_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capture_both_and_exit_code),
        cmocka_unit_test(test_argv_is_not_split_by_a_shell),
        cmocka_unit_test(test_env_add_del_and_cwd),
        cmocka_unit_test(test_missing_program_and_bad_cwd_are_errors),
        cmocka_unit_test(test_killed_by_signal),
        cmocka_unit_test(test_large_output_on_both_streams),
        cmocka_unit_test(test_fds_closed_unless_kept_stdin_devnull),
        cmocka_unit_test(test_forward_passes_signals_to_child),
        cmocka_unit_test(test_forward_passes_early_signal),
        cmocka_unit_test(test_exit_like_and_exec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

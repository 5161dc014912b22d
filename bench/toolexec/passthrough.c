/* Passthrough cost of `gotel toolexec`: time N runs of a trivial tool
 * directly and through gotel toolexec (as a non-compile tool, and as a
 * compile of a package the plan does not target, which reads the plan),
 * interleaved so that machine noise hits all variants alike.
 * Usage: passthrough <gotel> <plan> <dir with a 'compile' symlink to true> <N> */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double run(char *const *argv) {
    double t = now();
    pid_t pid;
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0) {
        perror(argv[0]);
        exit(1);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "%s failed\n", argv[0]);
        exit(1);
    }
    return now() - t;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: passthrough <gotel> <plan> <tooldir> <N>\n");
        return 2;
    }
    int n = atoi(argv[4]);
    char tool[4096];
    snprintf(tool, sizeof tool, "%s/compile", argv[3]);
    setenv("TOOLEXEC_IMPORTPATH", "example.com/not/planned", 1);
    char *direct[] = {tool, "-o", "/tmp/x.a", "-p", "example.com/not/planned", "a.go", NULL};
    char *other[] = {argv[1], "toolexec", argv[2], "/bin/true", "-o", "/tmp/x", NULL};
    char *compile[] = {argv[1], "toolexec", argv[2], tool, "-o", "/tmp/x.a", "-p", "example.com/not/planned", "a.go", NULL};
    double *t[3];
    for (int k = 0; k < 3; k++) t[k] = calloc((size_t)n, sizeof(double));
    for (int i = 0; i < n; i++) {
        t[0][i] = run(direct);
        t[1][i] = run(other);
        t[2][i] = run(compile);
    }
    const char *names[] = {"tool directly", "gotel toolexec, non-compile tool", "gotel toolexec, unplanned compile"};
    double med[3];
    for (int k = 0; k < 3; k++) {
        qsort(t[k], (size_t)n, sizeof(double), cmp);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += t[k][i];
        med[k] = t[k][n / 2];
        printf("%-36s median %7.3f ms  mean %7.3f ms  p90 %7.3f ms\n", names[k], med[k] * 1e3, sum / n * 1e3,
               t[k][n * 9 / 10] * 1e3);
    }
    printf("passthrough overhead (median): non-compile %.3f ms, unplanned compile %.3f ms per call\n",
           (med[1] - med[0]) * 1e3, (med[2] - med[0]) * 1e3);
    for (int k = 0; k < 3; k++) free(t[k]);
    return 0;
}

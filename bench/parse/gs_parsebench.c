/* The gotel side of bench/parse: reads every file named on stdin into
 * memory, then runs the front end over all of them -reps times (parse when
 * built with GS_BENCH_PARSER, else scan only), printing nothing but:
 *   gotel files=N bytes=B errors=E reps=R median_s=S mbps=M cpu_median_s=C cpu_mbps=P
 *         maxrss_kb=K mode=parse|scan
 * cpu_* use the process's CPU time, which a loaded machine disturbs less. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/arena.h"
#include "base/diag.h"
#include "gosyntax/scanner.h"
#ifdef GS_BENCH_PARSER
#include "gosyntax/parser.h"
#endif

typedef struct {
    char *name;
    char *src;
    size_t len;
} bench_file;

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 14, n = 0;
    char *p = malloc(cap);
    while (p) {
        if (n == cap) {
            char *np = realloc(p, cap *= 2);
            if (!np) break;
            p = np;
        }
        size_t r = fread(p + n, 1, cap - n, f);
        if (r == 0) {
            fclose(f);
            *len = n;
            return p;
        }
        n += r;
    }
    free(p);
    fclose(f);
    return NULL;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One pass of the front end over a file; returns 1 if it had errors. */
static int run_one(const bench_file *f) {
    base_arena *a = base_arena_new();
    int bad;
#ifdef GS_BENCH_PARSER
    base_diags d;
    base_diags_init(&d, a);
    gs_parse_file(a, f->name, f->src, f->len, &d);
    bad = d.count > 0;
#else
    gs_scanner s;
    gs_scanner_init(&s, a, f->src, f->len, GS_SCAN_COMMENTS, NULL, NULL);
    gs_token t;
    do gs_scan(&s, &t);
    while (t.tok != GS_EOF);
    bad = s.error_count > 0;
#endif
    base_arena_free(a);
    return bad;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv) {
    int reps = 5;
    if (argc == 3 && strcmp(argv[1], "-reps") == 0) reps = atoi(argv[2]);
    if (reps < 1 || reps > 1000) {
        fprintf(stderr, "usage: gs_parsebench [-reps N] < file-list\n");
        return 2;
    }
    bench_file *files = NULL;
    size_t nfiles = 0, cap = 0, total = 0;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0]) continue;
        if (nfiles == cap) {
            cap = cap ? cap * 2 : 1024;
            bench_file *nf = realloc(files, cap * sizeof *files);
            if (!nf) return 1;
            files = nf;
        }
        bench_file *f = &files[nfiles];
        f->src = read_all(line, &f->len);
        if (!f->src) {
            fprintf(stderr, "gs_parsebench: cannot read %s\n", line);
            return 1;
        }
        f->name = strdup(line);
        total += f->len;
        nfiles++;
    }

    double *times = calloc((size_t)reps, sizeof *times);
    double *cpus = calloc((size_t)reps, sizeof *cpus);
    int nerr = 0;
    for (int r = 0; r < reps; r++) {
        nerr = 0;
        double c0 = cpu_s();
        double t0 = now_s();
        for (size_t i = 0; i < nfiles; i++) nerr += run_one(&files[i]);
        times[r] = now_s() - t0;
        cpus[r] = cpu_s() - c0;
    }
    double med = median(times, reps), cmed = median(cpus, reps);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
#ifdef GS_BENCH_PARSER
    const char *mode = "parse";
#else
    const char *mode = "scan";
#endif
    printf("gotel files=%zu bytes=%zu errors=%d reps=%d median_s=%.4f mbps=%.1f cpu_median_s=%.4f "
           "cpu_mbps=%.1f maxrss_kb=%ld mode=%s\n",
           nfiles, total, nerr, reps, med, (double)total / med / 1e6, cmed, (double)total / cmed / 1e6,
           ru.ru_maxrss, mode);
    for (size_t i = 0; i < nfiles; i++) {
        free(files[i].src);
        free(files[i].name);
    }
    free(files);
    free(times);
    free(cpus);
    return 0;
}

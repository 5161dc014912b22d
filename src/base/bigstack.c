#include "base/bigstack.h"

#include <pthread.h>

typedef struct {
    void (*fn)(void *);
    void *arg;
} base_bigstack_job;

static void *base_bigstack_main(void *v) {
    base_bigstack_job *j = v;
    j->fn(j->arg);
    return NULL;
}

bool base_run_big_stack(size_t size, void (*fn)(void *), void *arg) {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return false;
    bool ok = pthread_attr_setstacksize(&attr, size) == 0;
    base_bigstack_job job = {fn, arg};
    pthread_t t;
    ok = ok && pthread_create(&t, &attr, base_bigstack_main, &job) == 0;
    pthread_attr_destroy(&attr);
    if (!ok) return false;
    return pthread_join(t, NULL) == 0;
}

#include "base/arena.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BASE_ARENA_CHUNK = 64 * 1024, BASE_ARENA_ALIGN = 16, BASE_ARENA_ZERO_STEP = 2048 };

typedef struct base_chunk {
    struct base_chunk *next;
    size_t size, used;
    size_t zeroed; /* data[0..zeroed) is zero or handed out */
    _Alignas(BASE_ARENA_ALIGN) unsigned char data[];
} base_chunk;

struct base_arena {
    base_chunk *head;
    size_t total;
};

static void *base_xmalloc(size_t n) {
    void *p = malloc(n);
    if (!p) {
        fputs("gotel: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* Freed standard-size chunks are kept for reuse (up to a bound), so that a
 * command making one arena per file does not hand memory back to the
 * system and fault it in again for every file. */
enum { BASE_ARENA_CACHE_MAX = 64 };
static pthread_mutex_t base_chunk_cache_mu = PTHREAD_MUTEX_INITIALIZER;
static base_chunk *base_chunk_cache;
static int base_chunk_cache_n;

static base_chunk *base_chunk_get(size_t sz) {
    if (sz == BASE_ARENA_CHUNK) {
        pthread_mutex_lock(&base_chunk_cache_mu);
        base_chunk *c = base_chunk_cache;
        if (c) {
            base_chunk_cache = c->next;
            base_chunk_cache_n--;
        }
        pthread_mutex_unlock(&base_chunk_cache_mu);
        if (c) return c;
    }
    return base_xmalloc(sizeof(base_chunk) + sz);
}

static void base_chunk_put(base_chunk *c) {
    if (c->size == BASE_ARENA_CHUNK) {
        pthread_mutex_lock(&base_chunk_cache_mu);
        bool keep = base_chunk_cache_n < BASE_ARENA_CACHE_MAX;
        if (keep) {
            c->next = base_chunk_cache;
            base_chunk_cache = c;
            base_chunk_cache_n++;
        }
        pthread_mutex_unlock(&base_chunk_cache_mu);
        if (keep) return;
    }
    free(c);
}

base_arena *base_arena_new(void) {
    base_arena *a = base_xmalloc(sizeof *a);
    a->head = NULL;
    a->total = 0;
    return a;
}

void base_arena_free(base_arena *a) {
    if (!a) return;
    base_chunk *c = a->head;
    while (c) {
        base_chunk *next = c->next;
        base_chunk_put(c);
        c = next;
    }
    free(a);
}

/* Everything but the common case: a new chunk, or zeroing ahead. Bytes are
 * handed out only once, so a chunk is zeroed ahead in steps of
 * BASE_ARENA_ZERO_STEP rather than per allocation: one memset per step
 * costs the parser's many small nodes far less than one memset each, and
 * base_arena_alloc's fast path stays free of calls. */
static __attribute__((noinline)) void *base_arena_alloc_slow(base_arena *a, size_t need) {
    base_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t sz = need > BASE_ARENA_CHUNK / 4 ? need : BASE_ARENA_CHUNK;
        base_chunk *n = base_chunk_get(sz);
        n->size = sz;
        n->used = 0;
        n->zeroed = 0;
        if (sz == need && c) {
            /* A big block gets its own chunk behind the current one, so the
             * current chunk's free space is not wasted. */
            n->next = c->next;
            c->next = n;
        } else {
            n->next = c;
            a->head = n;
        }
        c = n;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    if (c->used > c->zeroed) {
        size_t z = c->used - c->zeroed;
        if (z < BASE_ARENA_ZERO_STEP) z = BASE_ARENA_ZERO_STEP;
        if (z > c->size - c->zeroed) z = c->size - c->zeroed;
        memset(c->data + c->zeroed, 0, z);
        c->zeroed += z;
    }
    return p;
}

void *base_arena_alloc(base_arena *a, size_t size) {
    size_t need = (size + BASE_ARENA_ALIGN - 1) & ~(size_t)(BASE_ARENA_ALIGN - 1);
    if (need < size) abort(); /* overflow */
    base_chunk *c = a->head;
    if (c && c->zeroed - c->used >= need) { /* fits in the zeroed part */
        void *p = c->data + c->used;
        c->used += need;
        a->total += need;
        return p;
    }
    return base_arena_alloc_slow(a, need);
}

void *base_arena_realloc(base_arena *a, void *old, size_t old_size, size_t new_size) {
    if (new_size <= old_size && old) return old;
    void *p = base_arena_alloc(a, new_size);
    if (old && old_size) memcpy(p, old, old_size);
    return p;
}

char *base_arena_strndup(base_arena *a, const char *s, size_t n) {
    char *p = base_arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *base_arena_strdup(base_arena *a, const char *s) {
    return base_arena_strndup(a, s, strlen(s));
}

char *base_arena_vprintf(base_arena *a, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *p = base_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *base_arena_printf(base_arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *p = base_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t base_arena_used(const base_arena *a) { return a->total; }

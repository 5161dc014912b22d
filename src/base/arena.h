/* Arena allocation: every object that lives as long as a file or a command
 * comes from one arena, freed in one call. Allocation failure is fatal
 * (there is no useful way to go on without memory). */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct base_arena base_arena;

base_arena *base_arena_new(void);
void base_arena_free(base_arena *a);

/* Zeroed memory, aligned for any type. */
void *base_arena_alloc(base_arena *a, size_t size);
/* Grow a block previously returned by base_arena_alloc (old contents are
 * copied; the old block is not reused). */
void *base_arena_realloc(base_arena *a, void *old, size_t old_size, size_t new_size);
char *base_arena_strndup(base_arena *a, const char *s, size_t n);
char *base_arena_strdup(base_arena *a, const char *s);
char *base_arena_printf(base_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *base_arena_vprintf(base_arena *a, const char *fmt, va_list ap);

/* Total bytes handed out, for benchmarks. */
size_t base_arena_used(const base_arena *a);

#define BASE_NEW(a, T) ((T *)base_arena_alloc((a), sizeof(T)))
#define BASE_NEW_ARRAY(a, T, n) ((T *)base_arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif

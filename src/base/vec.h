/* Growable arrays whose storage lives in an arena.
 *   BASE_VEC(int) v = {0};
 *   BASE_VEC_PUSH(arena, &v, 42);
 */
#ifndef BASE_VEC_H
#define BASE_VEC_H

#include "base/arena.h"

#define BASE_VEC(T) struct { T *v; size_t n, cap; }

#define BASE_VEC_PUSH(arena, vec, item)                                           \
    do {                                                                          \
        if ((vec)->n == (vec)->cap) {                                             \
            size_t base_vec_nc_ = (vec)->cap ? (vec)->cap * 2 : 8;                \
            (vec)->v = base_arena_realloc((arena), (vec)->v,                      \
                                          sizeof(*(vec)->v) * (vec)->cap,         \
                                          sizeof(*(vec)->v) * base_vec_nc_);      \
            (vec)->cap = base_vec_nc_;                                            \
        }                                                                         \
        (vec)->v[(vec)->n++] = (item);                                            \
    } while (0)

#endif

/* Running deeply recursive code (parsers, tree walkers) on a thread with a
 * large stack, so that inputs nested thousands of levels deep do not
 * overflow the C stack. The stack is reserved virtual memory; only the
 * pages actually touched are used. */
#ifndef BASE_BIGSTACK_H
#define BASE_BIGSTACK_H

#include <stdbool.h>
#include <stddef.h>

/* Runs fn(arg) on a new thread whose stack is `size` bytes and waits for
 * it. Returns false (without running fn) if the thread cannot be made. */
bool base_run_big_stack(size_t size, void (*fn)(void *), void *arg);

#endif

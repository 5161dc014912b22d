/* Version ranges of rules: comparators over Go versions (1.22, 1.22.3,
 * go1.27rc1) for standard-library targets, and over semantic versions
 * (v1.2.3, v2.0.0-rc.1, pseudo-versions, +incompatible) for modules. */
#ifndef RULES_VERSION_H
#define RULES_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef enum { RULES_OP_EQ, RULES_OP_GE, RULES_OP_GT, RULES_OP_LE, RULES_OP_LT } rules_op;

typedef struct {
    rules_op op;
    const char *version; /* as written, without the operator */
} rules_cmp;

typedef enum { RULES_VER_GO, RULES_VER_SEMVER } rules_vkind;

typedef struct {
    const char *text; /* as written; NULL for "every version" */
    rules_vkind kind; /* all comparators are of one kind */
    rules_cmp *cmps;
    size_t n;
} rules_range;

/* Parses "<op><version> ..." (space-separated, all must hold; the operator
 * may be followed by spaces; "=" may be omitted). Returns 0, or -1 with
 * *err saying what is wrong and *err_off its byte offset in text. */
int rules_range_parse(base_arena *a, const char *text, rules_range *out, const char **err, size_t *err_off);

/* Does version satisfy every comparator? A Go range accepts Go versions
 * ("go1.22.3", "1.22", "devel go1.27-abcd..." counts as 1.27); a semver
 * range accepts semantic versions. Returns 1 (yes), 0 (no), or -1 when
 * version cannot be read as that kind (*err says why). */
int rules_version_match(const rules_range *r, const char *version, const char **err);

/* Orders two versions of one kind: <0, 0, >0; sets *ok false when either
 * is not a valid version of that kind. */
int rules_version_cmp(rules_vkind kind, const char *x, const char *y, bool *ok);

bool rules_go_version_valid(const char *v);
bool rules_semver_valid(const char *v);

const char *rules_op_name(rules_op op);

#endif

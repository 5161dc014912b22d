/* The build-cache salt (design.md §4): every tool's -V=full answer in an
 * instrumented build carries it, so that instrumented compiles are cached
 * apart from plain ones, and apart from builds with other rules or hooks.
 *
 * It hashes gotel's version, the hash of the embedded Go sources (runtime
 * and instrumentation modules: hook bodies and signatures, inject files),
 * and the rule set in effect in a canonical form. It deliberately does not
 * hash anything specific to one build (the packages matched, paths of the
 * scratch directory): the per-rule hook modes follow from the hook sources
 * (in the source hash) and the target's files (in the compile's own cache
 * key), so the same gotel gives the same salt in every project, and
 * instrumented standard-library packages are shared between them. */
#ifndef RULES_SALT_H
#define RULES_SALT_H

#include "base/sha256.h"
#include "rules/rules.h"

/* Writes 64 hex digits into out. gosrc_hash identifies the Go sources the
 * hooks come from (the planner's content hash of the embedded tree).
 * Inject files are hashed by content, never by path. Returns 0, or -1 when
 * an inject file cannot be read (*err). */
int rules_salt(base_arena *a, const char *gotel_version, const char *gosrc_hash, const rules_set *set,
               char out[BASE_SHA256_HEX], const char **err);

/* Appends one rule, with its instrumentation, in the salt's canonical
 * form (inject file by content) to b: the planner keys a package woven
 * with the program's own rules by it (docs/architecture.md, "The salt").
 * Returns 0, or -1 when the inject file cannot be read (*err). */
int rules_rule_canon(base_arena *a, base_buf *b, const rules_rule *r, const char **err);

/* Identity of this gotel build: the SHA-256 of its C sources, computed by
 * the Makefile (build/gen/gotel_source_id.h). The version string alone does
 * not change when the weaver does between releases (or in a developer's
 * tree); without this a rebuilt gotel would reuse compiles woven by the old
 * one. Sources rather than the binary: the sanitized gotel of make test
 * weaves byte for byte what the plain one does, so the two share the
 * instrumented compiles in the build cache instead of doing them twice. */
const char *rules_gotel_build_id(void);

/* The 16-hex-digit form -V=full prints. */
#define RULES_SALT_SHORT 16

#endif

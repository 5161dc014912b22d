/* The Go sources embedded in the gotel binary (go/runtime and
 * go/instrumentation/<lib>, packed by embed_pack.sh), unpacked on first use into
 * a content-addressed cache directory:
 *   ${GOTEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gotel}/<hash>/
 * holding runtime/ and instrumentation/<lib>/. */
#ifndef PLAN_EMBED_H
#define PLAN_EMBED_H

#include <stddef.h>

#include "base/arena.h"

typedef struct {
    const char *hash;     /* hex SHA-256 of the archive (feeds the salt) */
    const char *root;     /* the unpacked directory */
} plan_embed;

/* The archive's bytes. */
const unsigned char *plan_embed_data(size_t *n);

/* gotel's cache directory (not created). NULL with *err when neither
 * GOTEL_CACHE, XDG_CACHE_HOME nor HOME is set. */
const char *plan_cache_dir(base_arena *a, const char **err);

/* Unpacks an archive into <cache>/<hash>/ unless it is there already. Safe
 * when several gotel processes do it at once: each writes a private
 * temporary directory and renames it into place; the first rename wins. */
int plan_embed_unpack_data(base_arena *a, const unsigned char *data, size_t n, const char *cache,
                           plan_embed *out, const char **err);

/* plan_embed_unpack_data for gotel's own archive and cache directory. */
int plan_embed_unpack(base_arena *a, plan_embed *out, const char **err);

/* The unpacked directory (unpacking it if needed), or NULL with *err. */
const char *plan_embedded_root(base_arena *a, const char **err);

#endif

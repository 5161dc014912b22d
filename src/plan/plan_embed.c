#include "plan/plan_embed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/sha256.h"

/* Defined by embed_data.S in the gotel binary and its unit tests. Weak, so
 * that other programs linking the library objects (oracles, fuzzers) need
 * not carry the archive: there the symbols are null and the archive empty. */
extern const unsigned char gotel_embed_start[] __attribute__((weak));
extern const unsigned char gotel_embed_end[] __attribute__((weak));

const unsigned char *plan_embed_data(size_t *n) {
    if (!gotel_embed_start || !gotel_embed_end) {
        *n = 0;
        return (const unsigned char *)"";
    }
    *n = (size_t)(gotel_embed_end - gotel_embed_start);
    return gotel_embed_start;
}

const char *plan_cache_dir(base_arena *a, const char **err) {
    const char *v = getenv("GOTEL_CACHE");
    if (v && *v) return base_path_abs(a, v);
    v = getenv("XDG_CACHE_HOME");
    if (v && *v) return base_path_join(a, v, "gotel");
    v = getenv("HOME");
    if (v && *v) return base_path_join(a, base_path_join(a, v, ".cache"), "gotel");
    *err = "cannot choose a cache directory: set GOTEL_CACHE (or XDG_CACHE_HOME or HOME)";
    return NULL;
}

/* A path from the archive must stay inside the directory it is unpacked to. */
static int plan_embed_path_ok(const char *p) {
    if (!*p || *p == '/') return 0;
    for (const char *s = p; *s;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return 0;
        s += n;
        if (*s) s++;
    }
    return 1;
}

static int plan_embed_extract(base_arena *a, const unsigned char *data, size_t n, const char *dir,
                              const char **err) {
    size_t off = 0;
    while (off < n) {
        const char *path = (const char *)data + off;
        const void *z = memchr(path, 0, n - off);
        if (!z) goto bad;
        off += strlen(path) + 1;
        const char *sz = (const char *)data + off;
        const void *z2 = memchr(sz, 0, n - off);
        if (!z2) goto bad;
        char *endp;
        errno = 0;
        unsigned long long size = strtoull(sz, &endp, 10);
        if (errno || endp == sz || *endp) goto bad;
        off += strlen(sz) + 1;
        if (size > n - off || !plan_embed_path_ok(path)) goto bad;
        char *full = base_path_join(a, dir, path);
        if (base_mkdir_p(a, base_path_dir(a, full), err)) return -1;
        if (base_file_write_atomic(a, full, data + off, (size_t)size, 0644, err)) return -1;
        off += (size_t)size;
    }
    return 0;
bad:
    *err = "gotel's embedded Go sources are corrupt (rebuild gotel)";
    return -1;
}

int plan_embed_unpack_data(base_arena *a, const unsigned char *data, size_t n, const char *cache,
                           plan_embed *out, const char **err) {
    char hex[BASE_SHA256_HEX];
    base_sha256_hex(data, n, hex);
    out->hash = base_arena_strdup(a, hex);
    /* 24 hex digits keep paths short and collisions out of reach. */
    out->root = base_path_join(a, cache, base_arena_printf(a, "%.24s", hex));
    if (base_is_dir(out->root)) return 0;
    if (base_mkdir_p(a, cache, err)) return -1;
    char *tmp;
    if (base_mkdtemp(a, cache, ".unpack-", &tmp, err)) return -1;
    if (plan_embed_extract(a, data, n, tmp, err)) {
        base_remove_tree(a, tmp, &(const char *){0});
        return -1;
    }
    if (rename(tmp, out->root) != 0) {
        int e = errno;
        base_remove_tree(a, tmp, &(const char *){0});
        /* Another gotel got there first: its copy is identical. */
        if ((e == EEXIST || e == ENOTEMPTY) && base_is_dir(out->root)) return 0;
        *err = base_arena_printf(a, "cannot create %s: %s", out->root, strerror(e));
        return -1;
    }
    return 0;
}

int plan_embed_unpack(base_arena *a, plan_embed *out, const char **err) {
    const char *cache = plan_cache_dir(a, err);
    if (!cache) return -1;
    size_t n;
    const unsigned char *d = plan_embed_data(&n);
    if (n == 0) {
        *err = "this program has no embedded Go sources (only the gotel binary has them)";
        return -1;
    }
    return plan_embed_unpack_data(a, d, n, cache, out, err);
}

const char *plan_embedded_root(base_arena *a, const char **err) {
    plan_embed e;
    if (plan_embed_unpack(a, &e, err)) return NULL;
    return e.root;
}

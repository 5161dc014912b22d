#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/str.h"
#include "base/vec.h"

static int file_fail(base_arena *a, const char **err, const char *what, const char *path) {
    *err = base_arena_printf(a, "%s %s: %s", what, path, strerror(errno));
    return -1;
}

int base_file_read(base_arena *a, const char *path, char **data, size_t *n, const char **err) {
    int fd;
    while ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 && errno == EINTR) {}
    if (fd < 0) return file_fail(a, err, "open", path);
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return file_fail(a, err, "stat", path);
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return file_fail(a, err, "read", path);
    }
    /* st_size is a hint only (files in /proc say 0, files can grow). */
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, len = 0;
    char *buf = base_arena_alloc(a, cap + 1);
    for (;;) {
        if (len == cap) {
            buf = base_arena_realloc(a, buf, cap + 1, cap * 2 + 1);
            cap *= 2;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            errno = e;
            return file_fail(a, err, "read", path);
        }
        if (r == 0) break;
        len += (size_t)r;
    }
    close(fd);
    buf[len] = 0;
    *data = buf;
    *n = len;
    return 0;
}

static int file_write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w, n -= (size_t)w;
    }
    return 0;
}

int base_file_write_atomic(base_arena *a, const char *path, const void *data, size_t n, int mode,
                           const char **err) {
    char *tmp = base_arena_printf(a, "%s.tmp-XXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) return file_fail(a, err, "create", tmp);
    int e = 0;
    const char *what = "write", *which = tmp;
    if (file_write_all(fd, data, n) < 0) e = errno;
    else if (fchmod(fd, (mode_t)mode) < 0) e = errno, what = "chmod";
    if (close(fd) < 0 && !e) e = errno;
    if (!e && rename(tmp, path) < 0) e = errno, what = "rename to", which = path;
    if (e) {
        unlink(tmp);
        errno = e;
        return file_fail(a, err, what, which);
    }
    return 0;
}

int base_mkdir_p(base_arena *a, const char *dir, const char **err) {
    char *p = base_path_clean(a, dir);
    size_t n = strlen(p);
    /* Create each prefix ending at a '/', then the whole path. */
    for (size_t i = 1; i <= n; i++) {
        if (i < n && p[i] != '/') continue;
        char save = p[i];
        p[i] = 0;
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            int e = errno;
            p[i] = save;
            errno = e;
            return file_fail(a, err, "mkdir", dir);
        }
        p[i] = save;
    }
    if (!base_is_dir(p)) {
        errno = ENOTDIR;
        return file_fail(a, err, "mkdir", dir);
    }
    return 0;
}

int base_mkdtemp(base_arena *a, const char *parent, const char *prefix, char **out, const char **err) {
    if (!parent) {
        parent = getenv("TMPDIR");
        if (!parent || !*parent) parent = "/tmp";
    }
    char *t = base_arena_printf(a, "%s/%sXXXXXX", parent, prefix ? prefix : "");
    if (!mkdtemp(t)) return file_fail(a, err, "mkdtemp", t);
    *out = t;
    return 0;
}

/* nftw passes no user pointer, hence the file-level error slot; remove_tree
 * is not reentrant. */
static int file_rm_errno;
static const char *file_rm_path;
static char file_rm_pathbuf[4096];

static int file_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)ftw;
    int r = (flag == FTW_DP || flag == FTW_D) ? rmdir(path) : unlink(path);
    if (r < 0 && errno != ENOENT) {
        file_rm_errno = errno;
        snprintf(file_rm_pathbuf, sizeof file_rm_pathbuf, "%s", path);
        file_rm_path = file_rm_pathbuf;
        return 1;
    }
    return 0;
}

int base_remove_tree(base_arena *a, const char *path, const char **err) {
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (errno == ENOENT) return 0;
        return file_fail(a, err, "stat", path);
    }
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) < 0 && errno != ENOENT) return file_fail(a, err, "remove", path);
        return 0;
    }
    file_rm_errno = 0;
    file_rm_path = NULL;
    int r = nftw(path, file_rm_one, 16, FTW_DEPTH | FTW_PHYS);
    if (r != 0) {
        if (file_rm_path) {
            errno = file_rm_errno;
            return file_fail(a, err, "remove", file_rm_path);
        }
        return file_fail(a, err, "walk", path);
    }
    return 0;
}

bool base_path_exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

bool base_is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *base_path_join(base_arena *a, const char *dir, const char *name) {
    if (name[0] == '/' || !dir[0]) return base_arena_strdup(a, name);
    size_t n = strlen(dir);
    return base_arena_printf(a, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

char *base_path_clean(base_arena *a, const char *path) {
    bool rooted = path[0] == '/';
    BASE_VEC(base_str) el = {0};
    size_t dotdots = 0; /* leading ".." elements that cannot be cancelled */
    for (const char *p = path; *p;) {
        while (*p == '/') p++;
        if (!*p) break;
        const char *s = p;
        while (*p && *p != '/') p++;
        base_str e = {s, (size_t)(p - s)};
        if (base_str_eqc(e, ".")) continue;
        if (base_str_eqc(e, "..")) {
            if (el.n > dotdots) el.n--;
            else if (!rooted) {
                BASE_VEC_PUSH(a, &el, e);
                dotdots++;
            }
            continue;
        }
        BASE_VEC_PUSH(a, &el, e);
    }
    base_buf b;
    base_buf_init(&b, a);
    if (rooted) base_buf_putc(&b, '/');
    for (size_t i = 0; i < el.n; i++) {
        if (i) base_buf_putc(&b, '/');
        base_buf_append(&b, el.v[i].p, el.v[i].n);
    }
    if (b.n == 0) base_buf_putc(&b, '.');
    return (char *)base_buf_cstr(&b);
}

char *base_path_abs(base_arena *a, const char *path) {
    if (path[0] == '/') return base_path_clean(a, path);
    char *cwd = getcwd(NULL, 0);
    if (!cwd) return NULL;
    char *j = base_path_join(a, cwd, path);
    free(cwd);
    return base_path_clean(a, j);
}

char *base_path_dir(base_arena *a, const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash) return base_arena_strdup(a, ".");
    if (slash == path) return base_arena_strdup(a, "/");
    return base_arena_strndup(a, path, (size_t)(slash - path));
}

const char *base_path_base(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Files and paths. Functions that can fail return 0 on success and -1 on
 * failure with *err set to a message (from the arena) that names the path
 * and the system's reason. */
#ifndef BASE_FILE_H
#define BASE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* Reads the whole file into the arena, NUL-terminated (*n excludes it). */
int base_file_read(base_arena *a, const char *path, char **data, size_t *n, const char **err);

/* Writes the file so that readers see the old content or the new, never a
 * part: a temporary file in the same directory, fsync-free, then rename.
 * mode is the permission of the new file (e.g. 0644). */
int base_file_write_atomic(base_arena *a, const char *path, const void *data, size_t n, int mode,
                           const char **err);

/* Creates dir and its missing parents (mode 0777 & ~umask); an existing
 * directory is fine. */
int base_mkdir_p(base_arena *a, const char *dir, const char **err);

/* Creates a fresh directory <parent>/<prefix>XXXXXX (parent NULL: $TMPDIR or
 * /tmp) and returns its path in *out. */
int base_mkdtemp(base_arena *a, const char *parent, const char *prefix, char **out, const char **err);

/* Removes path and, if it is a directory, everything below it (symbolic
 * links are removed, never followed). A missing path is fine. */
int base_remove_tree(base_arena *a, const char *path, const char **err);

bool base_path_exists(const char *path);
bool base_is_dir(const char *path);

/* "a" + "b" → "a/b"; an absolute b is returned as is; no cleaning. */
char *base_path_join(base_arena *a, const char *dir, const char *name);
/* Lexically cleaned path (like Go's filepath.Clean): no "//", ".", and
 * "x/.." elements; "" → ".". */
char *base_path_clean(base_arena *a, const char *path);
/* Absolute, cleaned path (relative paths are taken from the current
 * directory; symbolic links are not resolved). NULL if getcwd fails. */
char *base_path_abs(base_arena *a, const char *path);
/* Everything before the last '/' ("." if none, "/" for a root entry). */
char *base_path_dir(base_arena *a, const char *path);
/* The last element (pointer into path). */
const char *base_path_base(const char *path);

#endif

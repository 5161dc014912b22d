/* Loading rules.yaml with libyaml's document API: the whole file becomes a
 * node tree whose marks give every key and value its line and column. */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "base/file.h"
#include "base/vec.h"
#include "rules/rules.h"

typedef struct {
    base_arena *a;
    base_diags *d;
    const char *path;
    const char *dir;
    yaml_document_t *doc;
    int nerr;
} load_ctx;

#define LOAD_ERR(c, node, ...)                                                                   \
    do {                                                                                         \
        base_diags_add((c)->d, (c)->path, (int)(node)->start_mark.line + 1,                      \
                       (int)(node)->start_mark.column + 1, __VA_ARGS__);                         \
        (c)->nerr++;                                                                             \
    } while (0)

static const char *load_scalar(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

/* The value of key as a non-empty string, or NULL after an error. */
static const char *load_string(load_ctx *c, const char *key, yaml_node_t *v) {
    if (v->type != YAML_SCALAR_NODE) {
        LOAD_ERR(c, v, "%s must be a string", key);
        return NULL;
    }
    if (v->data.scalar.length == 0 ||
        (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(load_scalar(v), "~") == 0) ||
        (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && strcmp(load_scalar(v), "null") == 0)) {
        LOAD_ERR(c, v, "%s must not be empty", key);
        return NULL;
    }
    if (memchr(load_scalar(v), 0, v->data.scalar.length)) {
        LOAD_ERR(c, v, "%s contains a NUL byte", key);
        return NULL;
    }
    return base_arena_strndup(c->a, load_scalar(v), v->data.scalar.length);
}

static bool load_is_ident(const char *s) {
    if (!s || !(isalpha((unsigned char)*s) || *s == '_')) return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_')) return false;
    return true;
}

/* Instrumentation and rule names: they appear in switches, plan files and
 * generated identifiers, so keep them to [a-z0-9_-]. */
static bool load_is_name(const char *s) {
    if (!s || !*s) return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_' || *s == '-'))
            return false;
    return true;
}

/* An import path: non-empty elements separated by '/', no spaces. */
static bool load_is_import_path(const char *s) {
    if (!*s || *s == '/' || s[strlen(s) - 1] == '/' || strstr(s, "//")) return false;
    for (; *s; s++)
        if (isspace((unsigned char)*s) || *s == '\\' || *s == '"') return false;
    return true;
}

typedef struct {
    const char *name;
    yaml_node_t *key, *val;
} load_kv;

/* Collects the pairs of a mapping, reporting non-string and duplicate keys
 * and keys not in allowed. */
static size_t load_pairs(load_ctx *c, yaml_node_t *map, const char *const *allowed, const char *where,
                         load_kv **out) {
    BASE_VEC(load_kv) kv = {0};
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (!k || !v) continue;
        if (k->type != YAML_SCALAR_NODE) {
            LOAD_ERR(c, k, "keys of %s must be strings", where);
            continue;
        }
        const char *name = load_scalar(k);
        bool known = false;
        for (const char *const *a = allowed; *a; a++) known |= strcmp(*a, name) == 0;
        if (!known) {
            base_buf b;
            base_buf_init(&b, c->a);
            for (const char *const *a = allowed; *a; a++) base_buf_printf(&b, "%s%s", a == allowed ? "" : ", ", *a);
            LOAD_ERR(c, k, "unknown key %s in %s (known keys: %s)", name, where, base_buf_cstr(&b));
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < kv.n; i++)
            if (strcmp(kv.v[i].name, name) == 0) {
                LOAD_ERR(c, k, "duplicate key %s in %s (first at line %d)", name, where,
                         (int)kv.v[i].key->start_mark.line + 1);
                dup = true;
            }
        if (!dup) BASE_VEC_PUSH(c->a, &kv, ((load_kv){name, k, v}));
    }
    *out = kv.v;
    return kv.n;
}

static yaml_node_t *load_get(load_kv *kv, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(kv[i].name, name) == 0) return kv[i].val;
    return NULL;
}

/* "name Type": an identifier, blanks, then a type (checked by the compiler). */
static bool load_is_field(base_arena *a, const char *s) {
    size_t n = strcspn(s, " \t");
    return load_is_ident(base_arena_strndup(a, s, n)) && s[n] && s[n + strspn(s + n, " \t")] && !strchr(s, '\n') &&
           !strchr(s, ';');
}

static rules_rule *load_rule(load_ctx *c, yaml_node_t *m, rules_instr *in) {
    static const char *const keys[] = {"name",   "package", "versions", "function", "receiver", "hooks",
                                       "before", "after",   "inject",   "struct",   "field",    NULL};
    if (m->type != YAML_MAPPING_NODE) {
        LOAD_ERR(c, m, "each rule must be a mapping (name: ..., package: ..., ...)");
        return NULL;
    }
    int before = c->nerr;
    load_kv *kv;
    size_t n = load_pairs(c, m, keys, "a rule", &kv);
    rules_rule *r = BASE_NEW(c->a, rules_rule);
    r->instr = in;
    r->file = c->path;
    r->line = (int)m->start_mark.line + 1;
    r->col = (int)m->start_mark.column + 1;
    const char **fields[] = {&r->name,  &r->package, NULL,      &r->function,    &r->receiver, &r->hooks,
                             &r->before, &r->after,  &r->inject, &r->struct_name, &r->field};
    const char *versions = NULL;
    for (size_t i = 0; keys[i]; i++) {
        yaml_node_t *v = load_get(kv, n, keys[i]);
        if (!v) continue;
        const char *s = load_string(c, keys[i], v);
        if (i == 2) versions = s;
        else *fields[i] = s;
        if (!s) continue;
        bool ok = true;
        const char *want = NULL;
        if (i == 0) ok = load_is_name(s), want = "lower-case letters, digits, '_' and '-'";
        else if (i == 1 || i == 5) ok = load_is_import_path(s), want = "an import path";
        else if (i == 3 || i == 6 || i == 7 || i == 9) ok = load_is_ident(s), want = "a Go identifier";
        else if (i == 10) ok = load_is_field(c->a, s), want = "a field declaration, name and type (gotel_x unsafe.Pointer)";
        else if (i == 4) ok = load_is_ident(s[0] == '*' ? s + 1 : s), want = "T or *T, a type name";
        if (!ok) LOAD_ERR(c, v, "bad %s %s: want %s", keys[i], s, want);
        if (i == 2) {
            const char *err;
            size_t off;
            if (rules_range_parse(c->a, s, &r->range, &err, &off) < 0) {
                /* The column of the culprit, when the scalar is plain and on one line. */
                int col = (int)v->start_mark.column + 1;
                if (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) col += (int)off;
                else if (v->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                         v->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
                    col += (int)off + 1;
                base_diags_add(c->d, c->path, (int)v->start_mark.line + 1, col, "bad version range \"%s\": %s",
                               s, err);
                c->nerr++;
            }
        }
    }
    if (!load_get(kv, n, "name")) LOAD_ERR(c, m, "rule has no name");
    if (!load_get(kv, n, "package")) LOAD_ERR(c, m, "rule %s has no package (the target import path)", r->name ? r->name : "");
    yaml_node_t *fn = load_get(kv, n, "function"), *inj = load_get(kv, n, "inject");
    yaml_node_t *st = load_get(kv, n, "struct"), *fld = load_get(kv, n, "field");
    const char *rn = r->name ? r->name : "";
    if ((fn != NULL) + (inj != NULL) + (st != NULL) > 1)
        LOAD_ERR(c, m, "rule %s names more than one of function, inject and struct: write one rule each", rn);
    else if (!fn && !inj && !st)
        LOAD_ERR(c, m, "rule %s needs function (to weave hooks), inject (a file to add) or struct (a field to add)", rn);
    if ((st != NULL) != (fld != NULL))
        LOAD_ERR(c, st ? st : fld, "rule %s: struct and field go together (the struct type and the field added to it)", rn);
    if (!fn) {
        static const char *const fonly[] = {"receiver", "hooks", "before", "after"};
        for (int i = 0; i < 4; i++) {
            yaml_node_t *v = load_get(kv, n, fonly[i]);
            if (v) LOAD_ERR(c, v, "%s is only for function rules; rule %s %s", fonly[i], rn, inj ? "injects a file" : "adds a field");
        }
    }
    if (inj) {
        if (r->inject) {
            const char *p = base_path_clean(c->a, base_path_join(c->a, c->dir, r->inject));
            if (r->inject[0] == '/') LOAD_ERR(c, inj, "inject path %s must be relative to the rules file", r->inject);
            else if (!base_path_exists(p)) LOAD_ERR(c, inj, "inject file %s not found (looked for %s)", r->inject, p);
            r->inject = p;
        }
    }
    if (fn && !load_get(kv, n, "before") && !load_get(kv, n, "after"))
        LOAD_ERR(c, m, "rule %s has neither before nor after: name at least one hook", rn);
    if (fn && !r->hooks) r->hooks = in->module_path;
    if (r->name) r->full_name = base_arena_printf(c->a, "%s/%s", in->name ? in->name : "?", r->name);
    if (versions && r->package && r->range.n && strcmp(r->package, "main") != 0) {
        bool std = rules_is_std_path(r->package);
        if (std && r->range.kind != RULES_VER_GO)
            LOAD_ERR(c, load_get(kv, n, "versions"),
                     "%s is in the standard library: its versions are Go versions (like >= 1.22), not %s", r->package, versions);
        else if (!std && r->range.kind != RULES_VER_SEMVER)
            LOAD_ERR(c, load_get(kv, n, "versions"),
                     "%s is a module package: its versions are module versions (like >= v1.2.0), not %s", r->package, versions);
    }
    if (versions && r->package && strcmp(r->package, "main") == 0)
        LOAD_ERR(c, load_get(kv, n, "versions"), "versions make no sense for package main");
    return c->nerr == before ? r : NULL;
}

static int load_doc(load_ctx *c, const char *module_path, rules_set *set) {
    yaml_node_t *root = yaml_document_get_root_node(c->doc);
    if (!root) {
        base_diags_add(c->d, c->path, 0, 0, "empty rules file: want instrumentation, switchable and rules");
        return -1;
    }
    if (root->type != YAML_MAPPING_NODE) {
        LOAD_ERR(c, root, "a rules file is a mapping with instrumentation, switchable and rules");
        return -1;
    }
    static const char *const keys[] = {"instrumentation", "switchable", "library", "traces", "metrics", "rules", NULL};
    load_kv *kv;
    size_t n = load_pairs(c, root, keys, "the rules file", &kv);
    rules_instr *in = BASE_NEW(c->a, rules_instr);
    in->switchable = true;
    in->module_path = base_arena_strdup(c->a, module_path);
    in->dir = c->dir;
    in->file = c->path;
    yaml_node_t *v = load_get(kv, n, "instrumentation");
    if (!v) LOAD_ERR(c, root, "missing instrumentation (the switch name, like nethttp)");
    else if ((in->name = load_string(c, "instrumentation", v)) && !load_is_name(in->name))
        LOAD_ERR(c, v, "bad instrumentation %s: want lower-case letters, digits, '_' and '-'", in->name);
    if ((v = load_get(kv, n, "switchable"))) {
        const char *s = v->type == YAML_SCALAR_NODE ? load_scalar(v) : "";
        if (strcmp(s, "true") == 0) in->switchable = true;
        else if (strcmp(s, "false") == 0) in->switchable = false;
        else LOAD_ERR(c, v, "switchable must be true or false");
    }
    if ((v = load_get(kv, n, "library"))) in->library = load_string(c, "library", v);
    if ((v = load_get(kv, n, "traces"))) in->traces = load_string(c, "traces", v);
    if ((v = load_get(kv, n, "metrics"))) in->metrics = load_string(c, "metrics", v);
    BASE_VEC(rules_rule *) rs = {0};
    if (!(v = load_get(kv, n, "rules"))) LOAD_ERR(c, root, "missing rules (a list of rules)");
    else if (v->type != YAML_SEQUENCE_NODE) LOAD_ERR(c, v, "rules must be a list");
    else {
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            yaml_node_t *m = yaml_document_get_node(c->doc, *it);
            if (!m) continue;
            rules_rule *r = load_rule(c, m, in);
            if (!r) continue;
            for (size_t i = 0; i < rs.n; i++)
                if (strcmp(rs.v[i]->name, r->name) == 0) {
                    base_diags_add(c->d, c->path, r->line, r->col, "duplicate rule name %s (first at line %d)",
                                   r->name, rs.v[i]->line);
                    c->nerr++;
                }
            BASE_VEC_PUSH(c->a, &rs, r);
        }
        if (v->data.sequence.items.start == v->data.sequence.items.top) LOAD_ERR(c, v, "rules is empty");
    }
    if (c->nerr) return -1;
    for (size_t i = 0; i < rs.n; i++)
        if (rs.v[i]->full_name == NULL || strncmp(rs.v[i]->full_name, "?/", 2) == 0)
            rs.v[i]->full_name = base_arena_printf(c->a, "%s/%s", in->name, rs.v[i]->name);
    in->rules = rs.v;
    in->nrules = rs.n;
    /* Append to the set (manual growth: the set keeps plain arrays). */
    if (set->ninstrs == set->cap_instrs) {
        size_t nc = set->cap_instrs ? set->cap_instrs * 2 : 8;
        set->instrs = base_arena_realloc(c->a, set->instrs, sizeof *set->instrs * set->cap_instrs, sizeof *set->instrs * nc);
        set->cap_instrs = nc;
    }
    set->instrs[set->ninstrs++] = in;
    for (size_t i = 0; i < rs.n; i++) {
        if (set->nrules == set->cap_rules) {
            size_t nc = set->cap_rules ? set->cap_rules * 2 : 16;
            set->rules = base_arena_realloc(c->a, set->rules, sizeof *set->rules * set->cap_rules, sizeof *set->rules * nc);
            set->cap_rules = nc;
        }
        set->rules[set->nrules++] = rs.v[i];
    }
    return 0;
}

/* Is line (0-based) of text a "versions: >..." line? YAML reads an unquoted
 * '>' as a folded block scalar, and its own message does not help. */
static bool load_unquoted_range(const char *text, size_t n, size_t line) {
    const char *p = text, *end = text + n;
    for (size_t l = 0; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return false;
        p = nl + 1;
    }
    while (p < end && (*p == ' ' || *p == '-')) p++;
    if ((size_t)(end - p) < 9 || memcmp(p, "versions:", 9) != 0) return false;
    p += 9;
    while (p < end && *p == ' ') p++;
    return p < end && *p == '>';
}

int rules_load_text(base_arena *a, const char *path, const char *text, size_t n, const char *module_path,
                    rules_set *set, base_diags *d) {
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        base_diags_add(d, path, 0, 0, "cannot initialise the YAML parser");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    if (!yaml_parser_load(&parser, &doc)) {
        const yaml_mark_t *m = &parser.problem_mark;
        if (load_unquoted_range(text, n, m->line)) {
            base_diags_add(d, path, (int)m->line + 1, (int)m->column + 1,
                           "YAML syntax error: a version range starting with '>' must be quoted, "
                           "like versions: \">= 1.22\"");
        } else if (parser.context)
            base_diags_add(d, path, (int)m->line + 1, (int)m->column + 1, "YAML syntax error: %s %s", parser.problem,
                           parser.context);
        else
            base_diags_add(d, path, (int)m->line + 1, (int)m->column + 1, "YAML syntax error: %s",
                           parser.problem ? parser.problem : "malformed input");
        yaml_parser_delete(&parser);
        return -1;
    }
    char *abs = base_path_abs(a, path);
    load_ctx c = {a, d, path, base_path_dir(a, abs ? abs : path), &doc, 0};
    int rc = load_doc(&c, module_path, set);
    /* A second document in the stream is a mistake worth reporting. */
    yaml_document_t extra;
    if (rc == 0 && yaml_parser_load(&parser, &extra)) {
        if (yaml_document_get_root_node(&extra)) {
            yaml_node_t *r = yaml_document_get_root_node(&extra);
            base_diags_add(d, path, (int)r->start_mark.line + 1, (int)r->start_mark.column + 1,
                           "a rules file holds one YAML document; remove this one (or the '---')");
            rc = -1;
        }
        yaml_document_delete(&extra);
    }
    if (rc != 0 && set->ninstrs && set->instrs[set->ninstrs - 1]->file == path) {
        /* load_doc appended before the extra document was found: take it back. */
        rules_instr *in = set->instrs[--set->ninstrs];
        set->nrules -= in->nrules;
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

int rules_load_file(base_arena *a, const char *path, const char *module_path, rules_set *set, base_diags *d) {
    char *text;
    size_t n;
    const char *err;
    if (base_file_read(a, path, &text, &n, &err) < 0) {
        base_diags_add(d, NULL, 0, 0, "%s", err);
        return -1;
    }
    return rules_load_text(a, path, text, n, module_path, set, d);
}

/* The module path from the "module" line of dir/go.mod, or NULL. */
const char *rules_module_path(base_arena *a, const char *dir) {
    char *text;
    size_t n;
    const char *err;
    if (base_file_read(a, base_path_join(a, dir, "go.mod"), &text, &n, &err) < 0) return NULL;
    for (char *line = text; line && *line;) {
        char *end = strchr(line, '\n');
        if (end) *end = 0;
        while (*line == ' ' || *line == '\t') line++;
        if (strncmp(line, "module", 6) == 0 && (line[6] == ' ' || line[6] == '\t')) {
            char *p = line + 6;
            while (*p == ' ' || *p == '\t') p++;
            size_t m;
            if (*p == '"') {
                p++;
                m = strcspn(p, "\"");
            } else {
                m = strcspn(p, " \t\r");
            }
            if (m) return base_arena_strndup(a, p, m);
        }
        line = end ? end + 1 : NULL;
    }
    return NULL;
}

int rules_load_module_dir(base_arena *a, const char *dir, rules_set *set, base_diags *d) {
    const char *path = base_path_join(a, dir, "rules.yaml");
    if (!base_path_exists(path)) return 0;
    const char *mod = rules_module_path(a, dir);
    if (!mod) {
        base_diags_add(d, base_path_join(a, dir, "go.mod"), 0, 0, "no module line: the hooks' module path is unknown");
        return -1;
    }
    return rules_load_file(a, path, mod, set, d);
}

static int load_cmp_names(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int rules_load_tree(base_arena *a, const char *root, rules_set *set, base_diags *d) {
    int rc = rules_load_module_dir(a, base_path_join(a, root, "runtime"), set, d);
    const char *idir = base_path_join(a, root, "instrumentation");
    DIR *dp = opendir(idir);
    if (dp) {
        BASE_VEC(const char *) names = {0};
        struct dirent *e;
        while ((e = readdir(dp)))
            if (e->d_name[0] != '.') BASE_VEC_PUSH(a, &names, base_arena_strdup(a, e->d_name));
        closedir(dp);
        if (names.n) qsort(names.v, names.n, sizeof *names.v, load_cmp_names);
        for (size_t i = 0; i < names.n; i++) {
            const char *dir = base_path_join(a, idir, names.v[i]);
            if (base_is_dir(dir) && rules_load_module_dir(a, dir, set, d) < 0) rc = -1;
        }
    }
    for (size_t i = 0; i < set->ninstrs; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(set->instrs[i]->name, set->instrs[j]->name) == 0) {
                base_diags_add(d, set->instrs[i]->file, 0, 0, "instrumentation %s is also defined in %s",
                               set->instrs[i]->name, set->instrs[j]->file);
                rc = -1;
            }
    return rc;
}

const char *rules_default_root(base_arena *a) {
    const char *env = getenv("GOTEL_GO_DIR");
    if (env && *env) return env;
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return NULL;
    buf[n] = 0;
    char *dir = base_path_clean(a, base_path_join(a, base_path_dir(a, buf), "../go"));
    return base_is_dir(dir) ? dir : NULL;
}

/* `gotel rules`: lists the instrumentations gotel knows, their targets and
 * version ranges. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "base/file.h"
#include "commands.h"
#include "plan/plan_embed.h"
#include "plan/plan_rules_match.h"
#include "rules/rules.h"

/* The program's own rule file, as gotel go finds it (docs/custom.md):
 * GOTEL_RULES, else gotel.yaml at the root of the module holding the
 * current directory. */
static int cmd_rules_user(base_arena *a, rules_set *set, base_diags *d) {
    const char *named = getenv("GOTEL_RULES");
    char *cwd = getcwd(NULL, 0);
    if (!cwd) return 0;
    const char *root = NULL;
    for (const char *p = base_arena_strdup(a, cwd);; p = base_path_dir(a, p)) {
        if (base_path_exists(base_path_join(a, p, "go.mod"))) {
            root = p;
            break;
        }
        if (strcmp(p, "/") == 0 || strcmp(p, ".") == 0) break;
    }
    const char *path = named && *named ? base_path_join(a, cwd, named) : root ? base_path_join(a, root, "gotel.yaml") : NULL;
    free(cwd);
    if (!path || (!named && !base_path_exists(path))) return 0;
    const char *mp = root ? rules_module_path(a, root) : NULL;
    return rules_load_file(a, path, mp ? mp : "main", set, d);
}

int cmd_rules(int argc, char **argv) {
    const char *dir = NULL;
    bool table = false;
    /* --match runs the plan phase's go list; the planner owns it. */
    if (argc > 1 && (strcmp(argv[1], "--match") == 0 || strcmp(argv[1], "-match") == 0))
        return plan_rules_match(argc - 2, argv + 2);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-dir") == 0 && i + 1 < argc) dir = argv[++i];
        else if (strncmp(argv[i], "-dir=", 5) == 0) dir = argv[i] + 5;
        else if (strcmp(argv[i], "--table") == 0 || strcmp(argv[i], "-table") == 0) table = true;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            puts("usage: gotel rules [--table] [-dir <gotel Go sources>]\n"
                 "       gotel rules --match [-test] [build flags] [packages]\n\n"
                 "Lists every instrumentation, its rules, their targets and version ranges.\n"
                 "With --table: the supported libraries as a Markdown table.\n"
                 "With --match: which rules apply to the packages of that build, and why the\n"
                 "others do not (the same go list as gotel go build).");
            return 0;
        } else {
            fprintf(stderr, "gotel rules: unknown argument %s (usage: gotel rules [--table] [-dir DIR])\n", argv[i]);
            return 2;
        }
    }
    base_arena *a = base_arena_new();
    const char *eerr;
    if (!dir) dir = rules_default_root(a);
    /* The rules gotel builds with are the embedded ones. */
    if (!dir || !getenv("GOTEL_GO_DIR")) {
        const char *e = plan_embedded_root(a, &eerr);
        if (e) dir = e;
    }
    if (!dir) {
        fputs("gotel rules: cannot find gotel's Go sources; set GOTEL_GO_DIR or pass -dir\n", stderr);
        base_arena_free(a);
        return 1;
    }
    base_diags d;
    base_diags_init(&d, a);
    rules_set set = {0};
    int rc = rules_load_tree(a, dir, &set, &d);
    if (rc == 0) rc = cmd_rules_user(a, &set, &d);
    base_diags_print(&d, stderr);
    if (rc == 0) (table ? rules_print_table : rules_print_list)(stdout, &set);
    base_arena_free(a);
    return rc == 0 ? 0 : 1;
}

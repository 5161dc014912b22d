/* `gotel rules`: lists the instrumentations gotel knows, their targets and
 * version ranges. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "rules/rules.h"

int cmd_rules(int argc, char **argv) {
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-dir") == 0 && i + 1 < argc) dir = argv[++i];
        else if (strncmp(argv[i], "-dir=", 5) == 0) dir = argv[i] + 5;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            puts("usage: gotel rules [-dir <gotel Go sources>]\n\n"
                 "Lists every instrumentation, its rules, their targets and version ranges.");
            return 0;
        } else {
            fprintf(stderr, "gotel rules: unknown argument %s (usage: gotel rules [-dir DIR])\n", argv[i]);
            return 2;
        }
    }
    base_arena *a = base_arena_new();
    if (!dir) dir = rules_default_root(a);
    if (!dir) {
        fputs("gotel rules: cannot find gotel's Go sources; set GOTEL_GO_DIR or pass -dir\n", stderr);
        base_arena_free(a);
        return 1;
    }
    base_diags d;
    base_diags_init(&d, a);
    rules_set set = {0};
    int rc = rules_load_tree(a, dir, &set, &d);
    base_diags_print(&d, stderr);
    if (rc == 0) rules_print_list(stdout, &set);
    base_arena_free(a);
    return rc == 0 ? 0 : 1;
}

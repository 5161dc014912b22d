/* gotel: command dispatch only. Each command lives in its module. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;
} main_command;

static const main_command main_commands[] = {
    {"version", cmd_version, "print gotel's version"},
    {"go", cmd_go, "build, install, run or test with instrumentation: gotel go build ./..."},
    {"setup", cmd_setup, "prepare GOFLAGS so plain go commands (Makefiles, CI) build instrumented"},
    {"help", cmd_help, "show usage and examples"},
    {"toolexec", cmd_toolexec, "the -toolexec entry of instrumented builds (internal)"},
    {"rules", cmd_rules, "list the built-in instrumentations and their rules"},
    {"syntax", cmd_syntax, "parse Go files, report syntax errors, dump the AST"},
    {"weave-test", cmd_weave_test, NULL}, /* hidden: golden tests of the weaver */
};

int cmd_help(int argc, char **argv) {
    (void)argc;
    (void)argv;
    puts("gotel: zero-code OpenTelemetry for Go, by compile-time instrumentation.\n\n"
         "Usage: gotel <command> [arguments]\n\nCommands:");
    for (size_t i = 0; i < sizeof main_commands / sizeof main_commands[0]; i++)
        if (main_commands[i].summary) printf("  %-10s %s\n", main_commands[i].name, main_commands[i].summary);
    puts("\nExamples:\n"
         "  gotel go build -o myapp ./cmd/myapp      instead of: go build -o myapp ./cmd/myapp\n"
         "  gotel go test -race ./...                tests run instrumented\n"
         "  gotel go run . -port 8080                arguments after the package go to the program\n"
         "  gotel rules --match ./cmd/myapp          which instrumentations this build gets, and why\n"
         "  eval \"$(gotel setup ./...)\" && make     GOFLAGS mode, for builds a Makefile or CI owns\n"
         "  OTEL_SERVICE_NAME=myapp ./myapp          the binary reads the standard OTEL_* variables\n\n"
         "Variables gotel reads at build time:\n"
         "  GOTEL_CACHE         its cache (default ~/.cache/gotel): unpacked sources, cached plans\n"
         "  GOTEL_PLAN_CACHE=0  plan every build afresh (docs/plan.md, \"The plan cache\")\n"
         "  GOTEL_OTLP_GRPC=1   link the OTLP/gRPC exporters even without gRPC in the program\n"
         "  GOTEL_KEEP_SCRATCH=1  plan afresh, keep the scratch directory, print the go command");
    return 0;
}

int cmd_version(int argc, char **argv) {
    (void)argc;
    (void)argv;
    printf("gotel %s\n", GOTEL_VERSION);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        cmd_help(argc, argv);
        return 2;
    }
    for (size_t i = 0; i < sizeof main_commands / sizeof main_commands[0]; i++)
        if (strcmp(argv[1], main_commands[i].name) == 0) return main_commands[i].run(argc - 1, argv + 1);
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) return cmd_help(argc, argv);
    fprintf(stderr, "gotel: unknown command %s; run 'gotel help'\n", argv[1]);
    return 2;
}

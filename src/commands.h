/* Entry points of gotel's commands, one per module. argv[0] is the
 * command's own name; the return value is the process exit status. */
#ifndef COMMANDS_H
#define COMMANDS_H

#define GOTEL_VERSION "0.1.0"

int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_syntax(int argc, char **argv);
int cmd_weave_test(int argc, char **argv);
int cmd_toolexec(int argc, char **argv);

int cmd_go(int argc, char **argv);
int cmd_setup(int argc, char **argv);

#endif

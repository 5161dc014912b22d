/* Signals during the plan phase: SIGINT/SIGTERM/SIGHUP/SIGQUIT are noted
 * rather than killing gotel at once, so the scratch directory can be removed
 * before gotel dies of the same signal. (While the go command runs,
 * base_proc_run_forward passes them on to it instead.) */
#ifndef PLAN_SIGNAL_H
#define PLAN_SIGNAL_H

void plan_signal_install(void);
/* The signal noted so far, or 0. */
int plan_signal_pending(void);
/* Dies of signal sig with its default action (as the shell expects). */
_Noreturn void plan_signal_die(int sig);

#endif

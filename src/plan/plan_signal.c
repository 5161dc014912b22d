#include "plan/plan_signal.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t plan_sig_seen;
static const int plan_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void plan_sig_note(int sig) {
    if (!plan_sig_seen) plan_sig_seen = sig;
}

void plan_signal_install(void) {
    for (size_t i = 0; i < sizeof plan_sigs / sizeof plan_sigs[0]; i++) {
        struct sigaction old, sa = {0};
        sigaction(plan_sigs[i], NULL, &old);
        if (old.sa_handler == SIG_IGN) continue; /* e.g. nohup: keep ignoring */
        sa.sa_handler = plan_sig_note;
        sigemptyset(&sa.sa_mask);
        sigaction(plan_sigs[i], &sa, NULL);
    }
}

int plan_signal_pending(void) { return plan_sig_seen; }

_Noreturn void plan_signal_die(int sig) {
    signal(sig, SIG_DFL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    raise(sig);
    _exit(128 + sig);
}

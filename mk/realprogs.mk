# Real open-source programs (tests/realprogs/programs.txt) fetched through
# the Go module proxy, built plainly and with gotel, started, exercised and
# checked for their spans. Not part of `make test` (it fetches and builds
# some thousand packages); .ci/run runs it after `make test`. Knobs:
# REAL_BUDGET_SECS (overall time budget, default 1200: programs not reached
# are reported SKIPPED), REAL_PROGRAMS (names to run, default all).
.PHONY: test-real
REAL_BUDGET_SECS ?= 1200
REAL_PROGRAMS ?=
test-real: $(BUILD)/gotel
	REAL_BUDGET_SECS=$(REAL_BUDGET_SECS) tests/realprogs/run.sh $(abspath $(BUILD)/gotel) $(REAL_PROGRAMS)

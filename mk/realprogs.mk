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

# The same run as the benchmark of bench/README.md ("Real programs": build
# times cold and warm, sizes, peak memory), with a budget large enough for
# every program and the table kept in bench/out/. Not in BENCH_TARGETS:
# it takes half an hour on a loaded 2-core machine.
.PHONY: bench-real
bench-real: $(BUILD)/gotel
	@mkdir -p bench/out
	REAL_BUDGET_SECS=7200 tests/realprogs/run.sh $(abspath $(BUILD)/gotel) | tee bench/out/realprogs.txt

# gotel toolexec (src/toolexec): end-to-end check against the go command,
# and the passthrough-cost benchmark.
.PHONY: test-toolexec bench-toolexec
test-toolexec: $(BUILD)/gotel
	@tests/toolexec/cache_salt.sh $(BUILD)/gotel

bench-toolexec: $(BUILD)/gotel
	@bench/toolexec/passthrough.sh $(BUILD)/gotel

TEST_TARGETS += test-toolexec
BENCH_TARGETS += bench-toolexec

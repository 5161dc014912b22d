# Weaver (src/weave): golden rewrites (tests/golden), compared byte for byte
# and then compiled and run with the Go toolchain (UPDATE=1 regenerates);
# and every function of some standard-library packages woven and compiled.
.PHONY: test-golden test-weave-std
test-golden: $(BUILD)/gotel
	@tests/golden/run.sh $(BUILD)/gotel

test-weave-std: $(BUILD)/gotel
	@tests/golden/std.sh $(BUILD)/gotel

TEST_TARGETS += test-golden test-weave-std

# Trampoline micro benchmark: plain vs woven (no-op hooks) vs switched off.
.PHONY: bench-weave
bench-weave: $(BUILD)/gotel
	@bench/weave/run.sh $(BUILD)/gotel

BENCH_TARGETS += bench-weave

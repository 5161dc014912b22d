# Weaver (src/weave): golden rewrites (tests/golden), compared byte for byte
# and then compiled and run with the Go toolchain (UPDATE=1 regenerates);
# and every function of some standard-library packages woven and compiled.
.PHONY: test-golden test-weave-std test-weave-asan
test-golden: $(BUILD)/gotel
	@tests/golden/run.sh $(BUILD)/gotel

test-weave-std: $(BUILD)/gotel
	@tests/golden/std.sh $(BUILD)/gotel

# The weaver under ASan + UBSan, compared with the plain gotel's output.
test-weave-asan: $(BUILD)/gotel $(BUILD)/gotel-asan
	@tests/golden/asan.sh $(BUILD)/gotel $(BUILD)/gotel-asan

TEST_TARGETS += test-golden test-weave-std test-weave-asan

# Trampoline micro benchmark: plain vs woven (no-op hooks) vs switched off.
.PHONY: bench-weave
bench-weave: $(BUILD)/gotel
	@bench/weave/run.sh $(BUILD)/gotel

BENCH_TARGETS += bench-weave

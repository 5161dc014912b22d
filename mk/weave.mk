# Weaver (src/weave): golden rewrites (tests/golden), compared byte for byte
# and then compiled and run with the Go toolchain. UPDATE=1 regenerates.
.PHONY: test-golden
test-golden: $(BUILD)/gotel
	@tests/golden/run.sh $(BUILD)/gotel

TEST_TARGETS += test-golden

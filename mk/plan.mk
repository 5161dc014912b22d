# Plan phase: the embedded Go sources and the plan tests.

# The archive of go/ sources linked into gotel. It depends on every file and
# directory under go/ (a directory's time changes when a file is added or
# removed), so editing, adding or deleting a Go file rebuilds it.
PLAN_EMBED_BIN := $(BUILD)/gen/gotel-embed.bin
PLAN_EMBED_OBJ := $(BUILD)/obj/plan-embed.o
PLAN_GO_DEPS   := $(shell find go \( -type f -o -type d \) ! -path '*/testdata/*' 2>/dev/null)
EXTRA_OBJS      += $(PLAN_EMBED_OBJ)
EXTRA_ASAN_OBJS += $(PLAN_EMBED_OBJ)

$(PLAN_EMBED_BIN): src/plan/embed_pack.sh $(PLAN_GO_DEPS)
	@mkdir -p $(dir $@)
	sh src/plan/embed_pack.sh go $@

$(PLAN_EMBED_OBJ): src/plan/embed_data.S $(PLAN_EMBED_BIN)
	@mkdir -p $(dir $@)
	$(CC) -c -DGOTEL_EMBED_FILE='"$(PLAN_EMBED_BIN)"' -o $@ $<

TEST_TARGETS += test-plan test-plan-asan test-toolchain test-modes test-vendor test-cacheprog test-testflags
.PHONY: test-plan test-plan-asan test-toolchain test-modes test-vendor test-cacheprog test-testflags
test-plan: $(BUILD)/gotel
	@bash tests/plan/run.sh $(abspath $(BUILD)/gotel)
	@bash tests/plan/cache.sh $(abspath $(BUILD)/gotel)

# Go versions and the ways the go command picks one (tests/plan/toolchain.sh).
test-toolchain: $(BUILD)/gotel
	@bash tests/plan/toolchain.sh $(abspath $(BUILD)/gotel)

# Build modes: PGO, -trimpath, -ldflags, tags, cgo, pie, c-shared/c-archive.
test-modes: $(BUILD)/gotel
	@bash tests/plan/modes.sh $(abspath $(BUILD)/gotel)

# Vendor mode: vendored sources compiled and woven, offline (GOPROXY=off).
test-vendor: $(BUILD)/gotel
	@bash tests/plan/vendor.sh $(abspath $(BUILD)/gotel)

# go test flags: -cover(pkg), -race, -json, -run, -count, -c, -bench, -fuzz.
test-testflags: $(BUILD)/gotel
	@bash tests/plan/testflags.sh $(abspath $(BUILD)/gotel)

# GOCACHEPROG: plain and instrumented builds sharing one external cache.
test-cacheprog: $(BUILD)/gotel
	@bash tests/plan/cacheprog.sh $(abspath $(BUILD)/gotel)

# run.sh again with gotel built under AddressSanitizer + UBSan: the plan
# phase, its cache and toolexec run only in integration tests. (Same
# sources, so the same salt as build/gotel: it reuses the instrumented
# standard packages other targets compiled; test-weave-asan covers weaving
# them under the sanitizers.)
$(BUILD)/gotel-asan: $(ASAN_OBJS) $(BUILD)/asan/src/main.o $(EXTRA_ASAN_OBJS)
	$(CC) $(CSTD) -O1 -g $(SANFLAGS) -o $@ $^ $(LDLIBS)

# run.sh only: under ASan it took 12 minutes of make test (each of the
# script's builds runs the sanitized gotel for every compile). Its repeated
# builds load, check and save cached plans too; cache.sh's further cases
# (invalidation by each kind of input) run with build/gotel only.
test-plan-asan: $(BUILD)/gotel-asan
	@bash tests/plan/run.sh $(abspath $(BUILD)/gotel-asan)

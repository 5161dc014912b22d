# Cross-compiling (docs/configuration.md, "Cross-compiling"): gotel's Go
# code must build for every target below. test-cross-build builds
# examples/hello with gotel for the targets of CROSS_BUILD_TARGETS and runs
# the linux/arm64 one under qemu-user when it is installed. Each build
# compiles the instrumented standard library for its target (minutes on two
# cores), so it covers another architecture (run) and Windows (the system
# whose build once broke for every program). test-cross-vet runs go vet's
# analyzers over go/runtime (tests included), the module with per-system
# files (signals, the exporter's connection errors), for the other targets:
# darwin, freebsd, wasm without threads or signals, and plan9 (a full build
# of any: make test-cross-build CROSS_BUILD_TARGETS=wasip1/wasm). It runs
# them through tests/cross/vet, which
# type-checks every dependency from source: go vet compiles each
# dependency for the target to read its types (gRPC, OTLP, the standard
# library), 570 s of CPU for the three in a cold make test, against 10 s
# each from source.
# The instrumentation modules have no per-system code: each builds wherever
# its library does, which their own vet and tests (linux) show for the code
# itself; vetting them for six targets compiled every library six times.
CROSS_TARGETS := linux/arm64 darwin/arm64 windows/amd64 freebsd/amd64 wasip1/wasm plan9/amd64
CROSS_BUILD_TARGETS ?= linux/arm64 windows/amd64
CROSS_VET_TARGETS ?= $(filter-out $(CROSS_BUILD_TARGETS),$(CROSS_TARGETS))
CROSS_VET_PKGS := ./hook/... ./boot/... ./gls/... ./instr/... ./span/... ./serverspan/... ./otlphttp/... ./boot/otlpgrpc/...

.PHONY: test-cross-vet test-cross-build
TEST_TARGETS += test-cross-vet test-cross-build

test-cross-vet:
	cd tests/cross/vet && gofmt -l . | (! grep .) && $(GO) vet . && $(GO) build -o $(CURDIR)/$(BUILD)/crossvet .
	@set -e; for t in $(CROSS_VET_TARGETS); do \
	  echo "== vet go/runtime for $$t"; \
	  (cd go/runtime && GOOS=$${t%/*} GOARCH=$${t#*/} $(CURDIR)/$(BUILD)/crossvet $(CROSS_VET_PKGS)); \
	done

test-cross-build: $(BUILD)/gotel
	@CROSS_TARGETS="$(CROSS_BUILD_TARGETS)" bash tests/cross/run.sh $(abspath $(BUILD)/gotel)

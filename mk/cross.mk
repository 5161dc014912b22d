# Cross-compiling (docs/configuration.md, "Cross-compiling"): gotel's Go
# code must build for every target below. test-cross-build builds
# examples/hello with gotel for the targets of CROSS_BUILD_TARGETS and runs
# the linux/arm64 one under qemu-user when it is installed. Each build
# compiles the instrumented standard library for its target (minutes on two
# cores), so it covers one target of each kind — another architecture,
# Windows, and wasm without threads or signals. test-cross-vet runs go vet
# of go/runtime (tests included), the module with per-system files
# (signals, the exporter's connection errors), for the other targets:
# darwin, freebsd and plan9 (cold, each target's vet compiles the tests'
# dependencies, gRPC and OTLP, for it: 25 minutes of make test for all six).
# Vet needs only the dependencies' types, so they compile without
# optimisation (-N -l: a fifth less CPU).
# The instrumentation modules have no per-system code: each builds wherever
# its library does, which their own vet and tests (linux) show for the code
# itself; vetting them for six targets compiled every library six times.
CROSS_TARGETS := linux/arm64 darwin/arm64 windows/amd64 freebsd/amd64 wasip1/wasm plan9/amd64
CROSS_BUILD_TARGETS ?= linux/arm64 windows/amd64 wasip1/wasm
CROSS_VET_TARGETS ?= $(filter-out $(CROSS_BUILD_TARGETS),$(CROSS_TARGETS))
CROSS_VET_PKGS := ./hook/... ./boot/... ./gls/... ./instr/... ./span/... ./serverspan/... ./otlphttp/... ./boot/otlpgrpc/...

.PHONY: test-cross-vet test-cross-build
TEST_TARGETS += test-cross-vet test-cross-build

test-cross-vet:
	@set -e; for t in $(CROSS_VET_TARGETS); do \
	  echo "== go vet go/runtime for $$t"; \
	  (cd go/runtime && GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet -gcflags='all=-N -l' $(CROSS_VET_PKGS)); \
	done

test-cross-build: $(BUILD)/gotel
	@CROSS_TARGETS="$(CROSS_BUILD_TARGETS)" bash tests/cross/run.sh $(abspath $(BUILD)/gotel)

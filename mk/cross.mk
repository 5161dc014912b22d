# Cross-compiling (docs/configuration.md, "Cross-compiling"): gotel's Go
# code must build for every target below. test-cross-vet runs go vet of
# go/runtime and each go/instrumentation/* module (tests included) for each
# target; test-cross-build builds examples/hello with gotel for each and
# runs the linux/arm64 one under qemu-user when it is installed.
CROSS_TARGETS := linux/arm64 darwin/arm64 windows/amd64 freebsd/amd64 wasip1/wasm plan9/amd64
CROSS_VET_DIRS := go/runtime $(wildcard go/instrumentation/*)
# dir:GOOS/GOARCH pairs whose instrumented library does not build for that
# target itself (logrus v1.9.0, the lowest supported, has no wasip1 code).
CROSS_VET_SKIP := go/instrumentation/logrus:wasip1/wasm
# fasthttp v1.51.0 does not build for plan9, fiber v2 and v3 (tcplisten,
# reuseport) for wasip1 and plan9.
CROSS_VET_SKIP += go/instrumentation/fasthttp:plan9/amd64 \
  go/instrumentation/fiberv2:wasip1/wasm go/instrumentation/fiberv2:plan9/amd64 \
  go/instrumentation/fiberv3:wasip1/wasm go/instrumentation/fiberv3:plan9/amd64
# kafka-go and nats.go name errno values plan9 lacks; sarama's go-metrics
# imports log/syslog, which plan9 lacks.
CROSS_VET_SKIP += go/instrumentation/kafkago:plan9/amd64 go/instrumentation/nats:plan9/amd64 \
  go/instrumentation/sarama:plan9/amd64

.PHONY: test-cross-vet test-cross-build
TEST_TARGETS += test-cross-vet test-cross-build

test-cross-vet:
	@set -e; for t in $(CROSS_TARGETS); do \
	  for d in $(CROSS_VET_DIRS); do \
	    case " $(CROSS_VET_SKIP) " in *" $$d:$$t "*) echo "== skip $$d for $$t (the library does not build there)"; continue;; esac; \
	    echo "== go vet $$d for $$t"; \
	    pkgs=./...; [ $$d = go/runtime ] && pkgs="./hook/... ./boot/... ./gls/... ./instr/... ./span/... ./serverspan/... ./otlphttp/... ./boot/otlpgrpc/..."; \
	    (cd $$d && GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet $$pkgs); \
	  done; \
	done

test-cross-build: $(BUILD)/gotel
	@CROSS_TARGETS="$(CROSS_TARGETS)" bash tests/cross/run.sh $(abspath $(BUILD)/gotel)

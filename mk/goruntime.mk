# Go runtime module (go/runtime): gofmt must list nothing, go vet, and the
# tests under the race detector. The boot tests build a small program with a
# replace to go/runtime, so the module proxy (or a warm module cache) is
# needed on the first run.
GORUNTIME_DIR  := go/runtime
# Not ./...: inject/ holds files for other packages (package runtime), and
# otlphttp has its own target (mk/otlphttp.mk). boot/otlpgrpc is a module of
# its own (docs/plan.md, "Why -mod=mod"), which ./boot/... does not reach,
# and so is first (0.gotel.dev/first, docs/plan.md, "Build order");
# go/runtime/go.work makes them and go/testdeps (what only the tests import)
# part of the build here.
GORUNTIME_PKGS := ./hook/... ./boot/... ./gls/... ./instr/... ./span/... ./boot/otlpgrpc/... ./first/...

.PHONY: test-goruntime
test-goruntime:
	@echo "== go/runtime: gofmt, vet, test -race"
	@cd $(GORUNTIME_DIR) && out="$$(gofmt -l hook boot gls first)" && if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	cd $(GORUNTIME_DIR) && $(GO_VET) $(GORUNTIME_PKGS)
	cd $(GORUNTIME_DIR) && $(GO_TEST_RACE) -count=1 -timeout 600s $(GORUNTIME_PKGS)

TEST_TARGETS += test-goruntime

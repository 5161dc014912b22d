# End-to-end tests: build programs with the fresh gotel, run them, and
# check what the in-test OTLP receiver got — once with the installed Go and
# once with the other supported release, selected as users select it, through
# GOTOOLCHAIN (its GOROOT then lies in the module cache).
# With the installed Go the suite is two targets, the library programs
# (TestLib*: a cold instrumented build of each, most of the suite's CPU)
# and the rest, so that make test can run them side by side
# instead of one long target setting its length; make test-e2e runs both.
# E2E_FLAGS=-v prints each test and its time.
E2E_GO_OTHER ?= go1.27.3
# -vet=off: test-e2e-core runs go vet (all analyzers) on the package.
E2E_TEST = cd tests/e2e && GOTEL_BIN=$(CURDIR)/$(BUILD)/gotel $(GO) test -vet=off -count=1 -timeout 45m $(E2E_FLAGS)
.PHONY: test-e2e test-e2e-lib test-e2e-core test-e2e-other-go e2e-record
TEST_TARGETS += test-e2e-lib test-e2e-core test-e2e-other-go
test-e2e: test-e2e-lib test-e2e-core
test-e2e-core: $(BUILD)/gotel
	cd tests/e2e && gofmt -l . | (! grep .) && $(GO) vet ./...
	$(E2E_TEST) -skip '^TestLib' ./...
test-e2e-lib: $(BUILD)/gotel
	$(E2E_TEST) -run '^TestLib' .
# Under the other Go, the whole suite again: the library programs too, as
# a program built with Go 1.27 compiles their hooks and the libraries with
# it (one target: the run is CPU-bound, and the library targets fill the
# other slots meanwhile).
# The test binary itself is built with the installed Go (the other targets
# compiled its dependencies already: gRPC, protobuf, OTLP); only the
# programs it builds, through the go command it runs, use the other one.
test-e2e-other-go: $(BUILD)/gotel
	cd tests/e2e && $(GO) test -vet=off -c -o $(CURDIR)/$(BUILD)/e2e.test . && \
	  GOTOOLCHAIN=$(E2E_GO_OTHER) GOTEL_BIN=$(CURDIR)/$(BUILD)/gotel \
	  $(CURDIR)/$(BUILD)/e2e.test -test.count=1 -test.timeout 45m $(E2E_FLAGS:-v=-test.v)

# The library programs' plain side (tests/e2e/libs_test.go, plainRun):
# builds each plainly, runs it as the tests do, and writes
# testdata/<name>/plain.json. Run it after changing a program or its
# versions (the tests then say so); it needs the services, as the tests do.
e2e-record: $(BUILD)/gotel
	cd tests/e2e && GOTEL_E2E_RECORD=1 GOTEL_BIN=$(CURDIR)/$(BUILD)/gotel $(GO) test -vet=off -count=1 -timeout 45m -run '^TestLib' $(E2E_FLAGS) .

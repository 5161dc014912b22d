# End-to-end tests: build programs with the fresh gotel, run them, and
# check what the in-test OTLP receiver got — once with the installed Go and
# once with the other supported release, selected as users select it, through
# GOTOOLCHAIN (its GOROOT then lies in the module cache).
E2E_GO_OTHER ?= go1.27.3
.PHONY: test-e2e test-e2e-other-go
TEST_TARGETS += test-e2e test-e2e-other-go
test-e2e: $(BUILD)/gotel
	cd tests/e2e && gofmt -l . | (! grep .) && $(GO) vet ./... && \
	  GOTEL_BIN=$(CURDIR)/$(BUILD)/gotel $(GO) test -count=1 -timeout 45m ./...
test-e2e-other-go: $(BUILD)/gotel
	cd tests/e2e && GOTOOLCHAIN=$(E2E_GO_OTHER) GOTEL_BIN=$(CURDIR)/$(BUILD)/gotel \
	  $(GO) test -count=1 -timeout 45m -skip "^TestLib|^TestCustom" .

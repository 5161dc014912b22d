# End-to-end tests: build programs with the fresh gotel, run them, and
# check what the in-test OTLP receiver got.
.PHONY: test-e2e
TEST_TARGETS += test-e2e
test-e2e: $(BUILD)/gotel
	cd tests/e2e && gofmt -l . | (! grep .) && $(GO) vet ./... && \
	  GOTEL_BIN=$(CURDIR)/$(BUILD)/gotel $(GO) test -count=1 -timeout 20m ./...

# In-test OTLP receiver for the end-to-end tests (tests/e2e/otlpreceiver):
# gofmt, vet and race tests against the SDK's own OTLP exporters.
.PHONY: test-otlpreceiver

test-otlpreceiver:
	@cd tests/e2e && out=$$(gofmt -l otlpreceiver) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd tests/e2e && $(GO_VET) ./otlpreceiver/...
	cd tests/e2e && $(GO_TEST_RACE) ./otlpreceiver/...

TEST_TARGETS += test-otlpreceiver

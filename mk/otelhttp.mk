# otelhttp instrumentation (go/instrumentation/otelhttp): gofmt, vet and race
# tests of the hooks against the lowest supported otelhttp (its go.mod).
.PHONY: test-otelhttp
OTELHTTP_DIR := go/instrumentation/otelhttp

test-otelhttp:
	@cd $(OTELHTTP_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(OTELHTTP_DIR) && $(GO_VET) ./...
	cd $(OTELHTTP_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-otelhttp

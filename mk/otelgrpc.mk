# otelgrpc instrumentation (go/instrumentation/otelgrpc): gofmt, vet and race
# tests of the hooks against the lowest supported otelgrpc (its go.mod).
.PHONY: test-otelgrpc
OTELGRPC_DIR := go/instrumentation/otelgrpc

test-otelgrpc:
	@cd $(OTELGRPC_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(OTELGRPC_DIR) && $(GO_VET) ./...
	cd $(OTELGRPC_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-otelgrpc

# grpc instrumentation (go/instrumentation/grpc): gofmt, vet and race tests
# of the hooks against the lowest supported gRPC (its go.mod), with servers
# and clients on loopback.
.PHONY: test-grpc
GRPC_DIR := go/instrumentation/grpc

test-grpc:
	@cd $(GRPC_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(GRPC_DIR) && $(GO_VET) ./...
	cd $(GRPC_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-grpc

# net/http instrumentation (go/instrumentation/nethttp): gofmt, vet and race
# tests. The tests include a rebuild of the package's tests with the
# injected net/http accessor (go test -overlay), cached after the first run.
.PHONY: test-nethttp
NETHTTP_DIR := go/instrumentation/nethttp

test-nethttp:
	@cd $(NETHTTP_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(NETHTTP_DIR) && $(GO_VET) ./...
	cd $(NETHTTP_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-nethttp

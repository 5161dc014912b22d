# fasthttp instrumentation (go/instrumentation/fasthttp): gofmt, vet and race
# tests of the hooks against the lowest supported fasthttp (its go.mod).
.PHONY: test-fasthttp
FASTHTTP_DIR := go/instrumentation/fasthttp

test-fasthttp:
	@cd $(FASTHTTP_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(FASTHTTP_DIR) && $(GO_VET) ./...
	cd $(FASTHTTP_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-fasthttp

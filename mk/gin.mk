# gin instrumentation (go/instrumentation/gin): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod).
.PHONY: test-gin
GIN_DIR := go/instrumentation/gin

test-gin:
	@cd $(GIN_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(GIN_DIR) && $(GO_VET) ./...
	cd $(GIN_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-gin

# zerolog instrumentation (go/instrumentation/zerolog): gofmt, vet and race
# tests of the hooks against the lowest supported zerolog (its go.mod).
.PHONY: test-zerolog
ZEROLOG_DIR := go/instrumentation/zerolog

test-zerolog:
	@cd $(ZEROLOG_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(ZEROLOG_DIR) && $(GO_VET) ./...
	cd $(ZEROLOG_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-zerolog

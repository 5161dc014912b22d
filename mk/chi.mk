# chi instrumentation (go/instrumentation/chi): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod).
.PHONY: test-chi
CHI_DIR := go/instrumentation/chi

test-chi:
	@cd $(CHI_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(CHI_DIR) && $(GO_VET) ./...
	cd $(CHI_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-chi

# httprouter instrumentation (go/instrumentation/httprouter): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod).
.PHONY: test-httprouter
HTTPROUTER_DIR := go/instrumentation/httprouter

test-httprouter:
	@cd $(HTTPROUTER_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(HTTPROUTER_DIR) && $(GO_VET) ./...
	cd $(HTTPROUTER_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-httprouter

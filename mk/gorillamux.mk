# gorillamux instrumentation (go/instrumentation/gorillamux): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod).
.PHONY: test-gorillamux
GORILLAMUX_DIR := go/instrumentation/gorillamux

test-gorillamux:
	@cd $(GORILLAMUX_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(GORILLAMUX_DIR) && $(GO_VET) ./...
	cd $(GORILLAMUX_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-gorillamux

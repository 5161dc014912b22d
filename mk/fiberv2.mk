# fiber v2 instrumentation (go/instrumentation/fiberv2): gofmt, vet and race
# tests of the hooks against the lowest supported fiber v2 (its go.mod).
.PHONY: test-fiberv2
FIBERV2_DIR := go/instrumentation/fiberv2

test-fiberv2:
	@cd $(FIBERV2_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(FIBERV2_DIR) && $(GO_VET) ./...
	cd $(FIBERV2_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-fiberv2

# fiber v3 instrumentation (go/instrumentation/fiberv3): gofmt, vet and race
# tests of the hooks against the lowest supported fiber v3 (its go.mod).
.PHONY: test-fiberv3
FIBERV3_DIR := go/instrumentation/fiberv3

test-fiberv3:
	@cd $(FIBERV3_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(FIBERV3_DIR) && $(GO_VET) ./...
	cd $(FIBERV3_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-fiberv3

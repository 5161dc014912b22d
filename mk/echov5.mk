# echov5 instrumentation (go/instrumentation/echov5): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod).
.PHONY: test-echov5
ECHOV5_DIR := go/instrumentation/echov5

test-echov5:
	@cd $(ECHOV5_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(ECHOV5_DIR) && $(GO_VET) ./...
	cd $(ECHOV5_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-echov5

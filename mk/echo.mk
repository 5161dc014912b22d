# echo instrumentation (go/instrumentation/echo): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod).
.PHONY: test-echo
ECHO_DIR := go/instrumentation/echo

test-echo:
	@cd $(ECHO_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(ECHO_DIR) && $(GO_VET) ./...
	cd $(ECHO_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-echo

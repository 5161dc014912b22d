# valkeygo instrumentation (go/instrumentation/valkeygo): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod); the tests
# that need Redis skip without it on 127.0.0.1:6379.
.PHONY: test-valkeygo
VALKEYGO_DIR := go/instrumentation/valkeygo

test-valkeygo:
	@cd $(VALKEYGO_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(VALKEYGO_DIR) && $(GO_VET) ./...
	cd $(VALKEYGO_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-valkeygo

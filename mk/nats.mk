# nats instrumentation (go/instrumentation/nats): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod); the tests
# that need the broker skip without it.
.PHONY: test-nats
NATS_DIR := go/instrumentation/nats

test-nats:
	@cd $(NATS_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(NATS_DIR) && $(GO_VET) ./...
	cd $(NATS_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-nats

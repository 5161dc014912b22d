# amqp091 instrumentation (go/instrumentation/amqp091): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod); the tests
# that need the broker skip without it.
.PHONY: test-amqp091
AMQP091_DIR := go/instrumentation/amqp091

test-amqp091:
	@cd $(AMQP091_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(AMQP091_DIR) && $(GO_VET) ./...
	cd $(AMQP091_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-amqp091

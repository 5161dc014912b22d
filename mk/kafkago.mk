# kafka-go instrumentation (go/instrumentation/kafkago): gofmt, vet and race
# tests of the hooks against the lowest supported version (its go.mod); no broker needed (the e2e tests use one).
.PHONY: test-kafkago
KAFKAGO_DIR := go/instrumentation/kafkago

test-kafkago:
	@cd $(KAFKAGO_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(KAFKAGO_DIR) && $(GO_VET) ./...
	cd $(KAFKAGO_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-kafkago

# sarama instrumentation (go/instrumentation/sarama): gofmt, vet and race
# tests of the hooks against the lowest supported version (its go.mod); no broker needed (the e2e tests use one).
.PHONY: test-sarama
SARAMA_DIR := go/instrumentation/sarama

test-sarama:
	@cd $(SARAMA_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(SARAMA_DIR) && $(GO_VET) ./...
	cd $(SARAMA_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-sarama

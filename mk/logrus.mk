# logrus instrumentation (go/instrumentation/logrus): gofmt, vet and race
# tests of the hooks against the lowest supported logrus (its go.mod).
.PHONY: test-logrus
LOGRUS_DIR := go/instrumentation/logrus

test-logrus:
	@cd $(LOGRUS_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(LOGRUS_DIR) && $(GO_VET) ./...
	cd $(LOGRUS_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-logrus

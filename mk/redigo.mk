# redigo instrumentation (go/instrumentation/redigo): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod); the tests
# that need Redis skip without it on 127.0.0.1:6379.
.PHONY: test-redigo
REDIGO_DIR := go/instrumentation/redigo

test-redigo:
	@cd $(REDIGO_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(REDIGO_DIR) && $(GO_VET) ./...
	cd $(REDIGO_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-redigo

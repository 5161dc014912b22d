# goredisv8 instrumentation (go/instrumentation/goredisv8): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod); the tests
# that need Redis skip without it on 127.0.0.1:6379.
.PHONY: test-goredisv8
GOREDISV8_DIR := go/instrumentation/goredisv8

test-goredisv8:
	@cd $(GOREDISV8_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(GOREDISV8_DIR) && $(GO_VET) ./...
	cd $(GOREDISV8_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-goredisv8

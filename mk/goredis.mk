# goredis instrumentation (go/instrumentation/goredis): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod); the tests
# that need Redis skip without it on 127.0.0.1:6379.
.PHONY: test-goredis
GOREDIS_DIR := go/instrumentation/goredis

test-goredis:
	@cd $(GOREDIS_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(GOREDIS_DIR) && $(GO_VET) ./...
	cd $(GOREDIS_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-goredis

# rueidis instrumentation (go/instrumentation/rueidis): gofmt, vet and race tests of
# the hooks against the lowest supported version (its go.mod); the tests
# that need Redis skip without it on 127.0.0.1:6379.
.PHONY: test-rueidis
RUEIDIS_DIR := go/instrumentation/rueidis

test-rueidis:
	@cd $(RUEIDIS_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(RUEIDIS_DIR) && $(GO_VET) ./...
	cd $(RUEIDIS_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-rueidis

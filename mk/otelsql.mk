# otelsql instrumentation (go/instrumentation/otelsql): gofmt, vet and race
# tests of the hooks against the lowest supported otelsql (its go.mod).
.PHONY: test-otelsql
OTELSQL_DIR := go/instrumentation/otelsql

test-otelsql:
	@cd $(OTELSQL_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(OTELSQL_DIR) && $(GO_VET) ./...
	cd $(OTELSQL_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-otelsql

# databasesql instrumentation (go/instrumentation/databasesql): gofmt, vet and race
# tests of the hooks against database/sql (std) with a fake driver. The SQL
# scanner (go/runtime/instr/sqlconv) is tested with go/runtime (test-goruntime).
.PHONY: test-databasesql
DATABASESQL_DIR := go/instrumentation/databasesql

test-databasesql:
	@cd $(DATABASESQL_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(DATABASESQL_DIR) && $(GO_VET) ./...
	cd $(DATABASESQL_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-databasesql

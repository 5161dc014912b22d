# pgx instrumentation (go/instrumentation/pgx): gofmt, vet and race tests of
# the hooks and the SQL summarizer against the lowest supported pgx (its
# go.mod). The woven build against PostgreSQL is tests/e2e/pgx_test.go.
.PHONY: test-pgx
PGX_DIR := go/instrumentation/pgx

test-pgx:
	@cd $(PGX_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(PGX_DIR) && $(GO) vet ./...
	cd $(PGX_DIR) && $(GO) test -race ./...

TEST_TARGETS += test-pgx

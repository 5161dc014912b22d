# pgx instrumentation (go/instrumentation/pgx): gofmt, vet and race tests of
# the hooks against the lowest supported pgx (its go.mod); the SQL
# summarizer (go/runtime/instr/sqlconv) is tested with go/runtime. The
# woven build against PostgreSQL is tests/e2e/pgx_test.go.
.PHONY: test-pgx
PGX_DIR := go/instrumentation/pgx

test-pgx:
	@cd $(PGX_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(PGX_DIR) && $(GO_VET) ./...
	cd $(PGX_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-pgx

# Per-query overhead against otelpgx and no tracing (bench/pgx; needs
# PostgreSQL on 127.0.0.1:5432). Knobs: BENCH_PGX_ROUNDS, BENCH_PGX_TIME.
BENCH_PGX_ROUNDS ?= 7
BENCH_PGX_TIME ?= 5000x
.PHONY: bench-pgx
bench-pgx: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/pgx/run.sh $(BENCH_PGX_ROUNDS) $(BENCH_PGX_TIME)
BENCH_TARGETS += bench-pgx

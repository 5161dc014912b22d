# OTLP/HTTP exporter (go/runtime/otlphttp): gofmt, vet and race tests.
.PHONY: test-otlphttp

test-otlphttp:
	@cd go/runtime && out=$$(gofmt -l otlphttp) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd go/runtime && $(GO_VET) ./otlphttp/...
	cd go/runtime && $(GO_TEST_RACE) ./otlphttp/...

TEST_TARGETS += test-otlphttp

# bench/otlp: exporter speed and the weight it adds to a binary (bench/README.md).
.PHONY: bench-otlp
bench-otlp:
	bench/otlp/run.sh

BENCH_TARGETS += bench-otlp

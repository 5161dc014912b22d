# OTLP/HTTP exporter (go/runtime/otlphttp): gofmt, vet and race tests.
.PHONY: test-otlphttp

test-otlphttp:
	@cd go/runtime && out=$$(gofmt -l otlphttp) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd go/runtime && $(GO) vet ./otlphttp/...
	cd go/runtime && $(GO) test -race ./otlphttp/...

TEST_TARGETS += test-otlphttp

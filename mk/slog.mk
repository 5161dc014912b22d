# slog instrumentation (go/instrumentation/slog): gofmt, vet and race
# tests of the hooks (log/slog targets: no third-party library).
.PHONY: test-slog
SLOG_DIR := go/instrumentation/slog

test-slog:
	@cd $(SLOG_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(SLOG_DIR) && $(GO_VET) ./...
	cd $(SLOG_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-slog

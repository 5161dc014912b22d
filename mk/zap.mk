# zap instrumentation (go/instrumentation/zap): gofmt, vet and race
# tests of the hooks against the lowest supported zap (its go.mod).
.PHONY: test-zap
ZAP_DIR := go/instrumentation/zap

test-zap:
	@cd $(ZAP_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(ZAP_DIR) && $(GO_VET) ./...
	cd $(ZAP_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-zap

# paho.mqtt.golang instrumentation (go/instrumentation/pahomqtt): gofmt, vet and race
# tests of the hooks against the lowest supported version (its go.mod); the tests that need Mosquitto skip without it on 127.0.0.1:1883.
.PHONY: test-pahomqtt
PAHOMQTT_DIR := go/instrumentation/pahomqtt

test-pahomqtt:
	@cd $(PAHOMQTT_DIR) && out=$$(gofmt -l .) && test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }
	cd $(PAHOMQTT_DIR) && $(GO_VET) ./...
	cd $(PAHOMQTT_DIR) && $(GO_TEST_RACE) ./...

TEST_TARGETS += test-pahomqtt

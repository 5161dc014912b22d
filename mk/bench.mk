# Whole-product benchmarks (bench/README.md): build time, HTTP server under
# load, binary size. Knobs: BENCH_BUILD_ROUNDS, BENCH_MANYDEPS_FULL_ROUNDS,
# BENCH_HTTP_SECS, BENCH_HTTP_ROUNDS.
BENCH_BUILD_ROUNDS ?= 3
BENCH_MANYDEPS_FULL_ROUNDS ?= $(BENCH_BUILD_ROUNDS)
BENCH_HTTP_SECS ?= 10
BENCH_HTTP_ROUNDS ?= 3

.PHONY: bench-build bench-http bench-size
bench-build: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/build/run.sh $(BENCH_BUILD_ROUNDS) $(BENCH_MANYDEPS_FULL_ROUNDS)

bench-http: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/http/run.sh $(BENCH_HTTP_SECS) $(BENCH_HTTP_ROUNDS)

bench-size: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/size.sh

BENCH_TARGETS += bench-build bench-http bench-size

# Goroutine start with and without the goroutine context (bench/gls).
.PHONY: bench-gls
bench-gls: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/gls/run.sh
BENCH_TARGETS += bench-gls

# go-redis per-command cost: none vs gotel vs redisotel against the
# machine's Redis (bench/redis/run.sh).
.PHONY: bench-redis
BENCH_REDIS_ROUNDS ?= 3
bench-redis: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/redis/run.sh $(BENCH_REDIS_ROUNDS)
BENCH_TARGETS += bench-redis
# One slog record inside a span: plain, gotel, otelslog (bench/slog).
.PHONY: bench-slog
bench-slog: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/slog/run.sh
BENCH_TARGETS += bench-slog

# One zap entry inside a span: plain, gotel, otelzap (bench/zap).
.PHONY: bench-zap
bench-zap: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/zap/run.sh
BENCH_TARGETS += bench-zap

# //gotel:span on an empty function against the same span by hand (bench/span).
.PHONY: bench-span
bench-span: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/span/run.sh
BENCH_TARGETS += bench-span

# nats.go and amqp091-go publish loops: none vs gotel against the
# machine's NATS and RabbitMQ (bench/messaging/run.sh).
.PHONY: bench-messaging
BENCH_MESSAGING_ROUNDS ?= 3
bench-messaging: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/messaging/run.sh $(BENCH_MESSAGING_ROUNDS)
BENCH_TARGETS += bench-messaging

# gRPC unary call cost on loopback: none vs gotel vs otelgrpc stats
# handlers (bench/grpc/run.sh).
.PHONY: bench-grpc
BENCH_GRPC_ROUNDS ?= 3
bench-grpc: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/grpc/run.sh $(BENCH_GRPC_ROUNDS)
BENCH_TARGETS += bench-grpc

# MQTT publish loops (paho.golang QoS 0/1, paho.mqtt.golang QoS 1): plain
# vs gotel against the machine's Mosquitto (bench/mqtt/run.sh).
.PHONY: bench-mqtt
BENCH_MQTT_ROUNDS ?= 3
bench-mqtt: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/mqtt/run.sh $(BENCH_MQTT_ROUNDS)
BENCH_TARGETS += bench-mqtt

# fasthttp request loop on loopback: none vs gotel vs gotel switched off
# (bench/fasthttp/run.sh).
.PHONY: bench-fasthttp
BENCH_FASTHTTP_ROUNDS ?= 3
bench-fasthttp: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/fasthttp/run.sh $(BENCH_FASTHTTP_ROUNDS)
BENCH_TARGETS += bench-fasthttp

# gin request loop: none vs gotel vs otelgin (bench/gin/run.sh).
.PHONY: bench-gin
BENCH_GIN_ROUNDS ?= 3
bench-gin: $(BUILD)/gotel
	GOTEL=$(abspath $(BUILD)/gotel) bench/gin/run.sh $(BENCH_GIN_ROUNDS)
BENCH_TARGETS += bench-gin

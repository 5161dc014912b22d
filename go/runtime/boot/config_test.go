package boot

import (
	"reflect"
	"testing"
	"time"
)

func envOf(m map[string]string) getenvFunc {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name     string
		env      map[string]string
		traces   []string
		metrics  []string
		tproto   string
		mproto   string
		props    []string
		flush    time.Duration
		disabled bool
		msgs     []string
		logs     []string
		lproto   string
	}{
		{
			name: "defaults", env: nil,
			traces: []string{"otlp"}, metrics: []string{"otlp"}, tproto: protoHTTP, mproto: protoHTTP,
			props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
		},
		{
			name: "disabled wins over everything", env: map[string]string{"OTEL_SDK_DISABLED": " TRUE ", "OTEL_TRACES_EXPORTER": "bogus"},
			disabled: true,
		},
		{
			name: "disabled=false is not disabled", env: map[string]string{"OTEL_SDK_DISABLED": "false"},
			traces: []string{"otlp"}, metrics: []string{"otlp"}, tproto: protoHTTP, mproto: protoHTTP,
			props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
		},
		{
			name:   "lists, none, duplicates and case",
			env:    map[string]string{"OTEL_TRACES_EXPORTER": "Console, otlp,console", "OTEL_METRICS_EXPORTER": "none", "OTEL_PROPAGATORS": "b3multi,JAEGER,xray,ottrace,b3"},
			traces: []string{"console", "otlp"}, tproto: protoHTTP, mproto: protoHTTP,
			props: []string{"b3multi", "jaeger", "xray", "ottrace", "b3"}, flush: 5 * time.Second,
		},
		{
			name:   "unknown exporter falls back to otlp",
			env:    map[string]string{"OTEL_TRACES_EXPORTER": "bogus", "OTEL_METRICS_EXPORTER": "none"},
			traces: []string{"otlp"}, tproto: protoHTTP, mproto: protoHTTP, props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
			msgs: []string{`OTEL_TRACES_EXPORTER=bogus: unknown exporter "bogus" (gotel supports otlp, console, none); using the default otlp`},
		},
		{
			name:    "spec exporter not linked, valid one kept",
			env:     map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "prometheus,console"},
			metrics: []string{"console"}, tproto: protoHTTP, mproto: protoHTTP, props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
			msgs: []string{`OTEL_METRICS_EXPORTER=prometheus,console: exporter not available in gotel "prometheus" (gotel supports otlp, console, none); using console`},
		},
		{
			name:  "unknown next to none keeps none",
			env:   map[string]string{"OTEL_TRACES_EXPORTER": "none,zipkin", "OTEL_METRICS_EXPORTER": "none"},
			props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
			msgs: []string{`OTEL_TRACES_EXPORTER=none,zipkin: exporter not available in gotel "zipkin" (gotel supports otlp, console, none); using none`},
		},
		{
			name:   "per-signal protocol overrides the general one",
			env:    map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "http/protobuf"},
			traces: []string{"otlp"}, metrics: []string{"otlp"}, tproto: protoGRPC, mproto: protoHTTP,
			props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
			logs: []string{"otlp"}, lproto: protoGRPC,
		},
		{
			name:   "http/json and unknown protocols",
			env:    map[string]string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL": "carrier-pigeon"},
			traces: []string{"otlp"}, metrics: []string{"otlp"}, tproto: protoHTTP, mproto: protoHTTP,
			props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
			msgs: []string{
				"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json: the Go OTLP exporters do not support http/json; using http/protobuf",
				"OTEL_EXPORTER_OTLP_PROTOCOL=carrier-pigeon: unknown OTLP protocol (grpc, http/protobuf); using http/protobuf",
			},
		},
		{
			name:   "propagators none and unknown",
			env:    map[string]string{"OTEL_PROPAGATORS": "none,zz"},
			traces: []string{"otlp"}, metrics: []string{"otlp"}, tproto: protoHTTP, mproto: protoHTTP, flush: 5 * time.Second,
			msgs: []string{`OTEL_PROPAGATORS=none,zz: unknown propagator "zz" (gotel supports tracecontext, baggage, b3, b3multi, jaeger, xray, ottrace, none); using none`},
		},
		{
			name:   "only unknown propagators: default",
			env:    map[string]string{"OTEL_PROPAGATORS": "zz"},
			traces: []string{"otlp"}, metrics: []string{"otlp"}, tproto: protoHTTP, mproto: protoHTTP, flush: 5 * time.Second,
			props: []string{"tracecontext", "baggage"},
			msgs:  []string{`OTEL_PROPAGATORS=zz: unknown propagator "zz" (gotel supports tracecontext, baggage, b3, b3multi, jaeger, xray, ottrace, none); using the default tracecontext,baggage`},
		},
		{
			name:  "logs exporter and flush timeout",
			env:   map[string]string{"OTEL_LOGS_EXPORTER": "otlp", "OTEL_GO_FLUSH_TIMEOUT": "250", "OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"},
			props: []string{"tracecontext", "baggage"}, flush: 250 * time.Millisecond,
			logs: []string{"otlp"}, lproto: protoHTTP,
		},
		{
			name:  "logs console, protocol from the general variable, message once",
			env:   map[string]string{"OTEL_LOGS_EXPORTER": "console,otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "carrier-pigeon", "OTEL_TRACES_EXPORTER": "none"},
			props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
			metrics: []string{"otlp"}, tproto: protoHTTP, mproto: protoHTTP,
			logs: []string{"console", "otlp"}, lproto: protoHTTP,
			msgs: []string{"OTEL_EXPORTER_OTLP_PROTOCOL=carrier-pigeon: unknown OTLP protocol (grpc, http/protobuf); using http/protobuf"},
		},
		{
			name:  "logs over grpc",
			env:   map[string]string{"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL": "grpc", "OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"},
			props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
			logs: []string{"otlp"}, lproto: protoGRPC,
		},
		{
			name:  "logs none is silent, bad flush timeout",
			env:   map[string]string{"OTEL_LOGS_EXPORTER": "none", "OTEL_GO_FLUSH_TIMEOUT": "5s", "OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"},
			props: []string{"tracecontext", "baggage"}, flush: 5 * time.Second,
			msgs: []string{"OTEL_GO_FLUSH_TIMEOUT=5s is not a positive number of milliseconds; using 5000"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, msgs := loadConfig(envOf(tc.env))
			if cfg.disabled != tc.disabled {
				t.Fatalf("disabled = %v", cfg.disabled)
			}
			if !reflect.DeepEqual(cfg.traces, tc.traces) || !reflect.DeepEqual(cfg.metrics, tc.metrics) {
				t.Errorf("exporters = %q / %q, want %q / %q", cfg.traces, cfg.metrics, tc.traces, tc.metrics)
			}
			if len(tc.traces)+len(tc.metrics) > 0 && (cfg.tracesProto != tc.tproto || cfg.metricsProto != tc.mproto) {
				t.Errorf("protocols = %q / %q, want %q / %q", cfg.tracesProto, cfg.metricsProto, tc.tproto, tc.mproto)
			}
			if !reflect.DeepEqual(cfg.propagators, tc.props) {
				t.Errorf("propagators = %q, want %q", cfg.propagators, tc.props)
			}
			if !tc.disabled && tc.logs == nil && tc.env["OTEL_LOGS_EXPORTER"] != "none" {
				tc.logs, tc.lproto = []string{"otlp"}, protoHTTP
			}
			if !reflect.DeepEqual(cfg.logs, tc.logs) || (len(tc.logs) > 0 && cfg.logsProto != tc.lproto) {
				t.Errorf("logs = %q over %q, want %q over %q", cfg.logs, cfg.logsProto, tc.logs, tc.lproto)
			}
			if cfg.flushTimeout != tc.flush {
				t.Errorf("flush timeout = %v, want %v", cfg.flushTimeout, tc.flush)
			}
			if !reflect.DeepEqual(msgs, tc.msgs) {
				t.Errorf("messages:\n got %q\nwant %q", msgs, tc.msgs)
			}
		})
	}
}

// An endpoint on the OTLP/gRPC port with no protocol set is taken as gRPC,
// per signal, and remembered for the start-up line; a protocol that is set
// always wins.
func TestGRPCPortGuess(t *testing.T) {
	for _, tc := range []struct {
		env            map[string]string
		tproto, mproto string
		guess          string
	}{
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4317"}, protoGRPC, protoGRPC, "OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317"},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4317"}, protoGRPC, protoGRPC, "OTEL_EXPORTER_OTLP_ENDPOINT=collector:4317"},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4318"}, protoHTTP, protoHTTP, ""},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"}, protoHTTP, protoHTTP, ""},
		{map[string]string{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "https://m:4317/v1/metrics", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4318"}, protoHTTP, protoGRPC, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=https://m:4317/v1/metrics"},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://t:4318/v1/traces", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://localhost:4317"}, protoHTTP, protoGRPC, "OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317"},
	} {
		cfg, msgs := loadConfig(envOf(tc.env))
		if cfg.tracesProto != tc.tproto || cfg.metricsProto != tc.mproto || cfg.grpcGuess != tc.guess || len(msgs) != 0 {
			t.Errorf("%v: protocols %q / %q, guess %q, msgs %q; want %q / %q, %q", tc.env, cfg.tracesProto, cfg.metricsProto, cfg.grpcGuess, msgs, tc.tproto, tc.mproto, tc.guess)
		}
		if cfg.tracesProto == protoGRPC && cfg.tracesProtoV != "" {
			t.Errorf("%v: a guessed protocol names variable %q", tc.env, cfg.tracesProtoV)
		}
	}
}

func TestBuildPropagatorFields(t *testing.T) {
	p := buildPropagator([]string{"tracecontext", "baggage", "b3multi", "jaeger", "xray", "ottrace"})
	got := map[string]bool{}
	for _, f := range p.Fields() {
		got[f] = true
	}
	for _, want := range []string{"traceparent", "baggage", "x-b3-traceid", "uber-trace-id", "X-Amzn-Trace-Id", "ot-tracer-traceid"} {
		if !got[want] {
			t.Errorf("propagator fields %v lack %q", p.Fields(), want)
		}
	}
	if n := len(buildPropagator(nil).Fields()); n != 0 {
		t.Errorf("none propagator has %d fields", n)
	}
}
